"""The compound-file writer, read back with olefile."""

from __future__ import annotations

import io
import random

import olefile
import pytest

from cmfi_xl.addin.cfb import NOSTREAM, _cfb_key, write_cfb

RED, BLACK = 0, 1  # [MS-CFB] 2.6.1 color flag


def _open(data: bytes) -> olefile.OleFileIO:
    return olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT)


def _tree() -> dict[str, object]:
    rnd = random.Random(5)
    return {
        "VBA": {
            "_VBA_PROJECT": b"\xcc\x61\xff\xff\x00\x00\x00",
            "dir": b"d" * 700,
            "Empty": b"",
            "Exactly4096": b"x" * 4096,   # first size stored in regular sectors
            "Just4095": b"y" * 4095,      # last size stored in the mini stream
            "Big": bytes(rnd.randrange(256) for _ in range(70000)),
            **{f"Module{i}": bytes([i]) * (i * 97) for i in range(1, 12)},
        },
        "PROJECT": b'ID="{x}"\r\n',
        "PROJECTwm": b"\x00\x00",
    }


def _walk(tree: dict[str, object], prefix: tuple[str, ...] = ()):
    for k, v in tree.items():
        if isinstance(v, dict):
            yield from _walk(v, prefix + (k,))
        else:
            yield prefix + (k,), v


def test_streams_read_back_exactly() -> None:
    tree = _tree()
    ole = _open(write_cfb(tree))
    for path, data in _walk(tree):
        assert ole.exists("/".join(path))
        assert ole.openstream(list(path)).read() == data, path
    assert sorted(map(tuple, ole.listdir())) == sorted(p for p, _ in _walk(tree))
    assert ole.get_type("VBA") == olefile.STGTY_STORAGE


def test_mini_stream_cutoff() -> None:
    ole = _open(write_cfb(_tree()))
    assert ole.minisectorcutoff == 4096
    # olefile reads small streams through the MiniFAT, large ones through the FAT
    assert ole.get_size("VBA/Just4095") == 4095
    assert ole.get_size("VBA/Exactly4096") == 4096


def test_deterministic() -> None:
    assert write_cfb(_tree()) == write_cfb(_tree())


def _check_rb(entries, sid: int) -> int:
    """Black height of the subtree at sid; asserts the red-black rules and BST order."""
    if sid == NOSTREAM:
        return 1
    e = entries[sid]
    for child in (e.sid_left, e.sid_right):
        if child != NOSTREAM and e.color == RED:
            assert entries[child].color == BLACK, "red node with a red child"
    if e.sid_left != NOSTREAM:
        assert _cfb_key(entries[e.sid_left].name) < _cfb_key(e.name)
    if e.sid_right != NOSTREAM:
        assert _cfb_key(entries[e.sid_right].name) > _cfb_key(e.name)
    left = _check_rb(entries, e.sid_left)
    right = _check_rb(entries, e.sid_right)
    assert left == right, "unequal black heights"
    return left + (e.color == BLACK)


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 6, 7, 8, 13, 31, 40])
def test_directory_trees_are_red_black(n: int) -> None:
    tree = {f"S{i:02d}" + "x" * (i % 3): bytes([i]) for i in range(n)}
    ole = _open(write_cfb(tree))
    entries = ole.direntries
    root = entries[0]
    assert entries[root.sid_child].color == BLACK
    _check_rb(entries, root.sid_child)


def test_rejects_bad_names() -> None:
    with pytest.raises(ValueError):
        write_cfb({"a/b": b""})
    with pytest.raises(ValueError):
        write_cfb({"x" * 32: b""})
    with pytest.raises(ValueError):
        write_cfb({"Dir": b"", "DIR": b""})
