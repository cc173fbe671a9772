"""The inspection inflates and CRC-checks every part with ISA-L's code where the optional ``isal``
package is installed (``safety._fast_zlib``), and gives the same answers as with zlib alone:

* ``safety.crc32`` is zlib's CRC-32 (random data, chained, any length);
* every bad file of ``badfiles`` is refused the same way, and a real workbook is inspected to the
  same parts (byte for byte), with ISA-L as with zlib alone;
* a workbook whose compressed bytes are changed at random (a member's deflate stream, its declared
  size or CRC) passes or is refused the same way, with the same code and message;
* ``fastread._before_is_plain`` (a byte search for ``!`` and ``?``) answers as its regex does.
"""

from __future__ import annotations

import random
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import badfiles as bf
import pytest

from cmfi_xl.core.issues import UnreadableWorkbook
from cmfi_xl.rollup.sample import base_workbook
from cmfi_xl.xlsx import fastread, safety
from cmfi_xl.xlsx.safety import inspect_workbook_parts


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("inflate") / "book.xlsx"
    path.write_bytes(base_workbook(2573, 60))
    return path


def _outcome(path: Path) -> tuple[Any, ...]:
    try:
        r = inspect_workbook_parts(path)
    except UnreadableWorkbook as exc:
        return ("refused", exc.issue.code, exc.issue.message_en)
    return ("ok", r.report.sha256, r.report.kind, r.report.has_macros, [i.code for i in r.report.warnings], r.parts)


def _zlib_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safety, "_fast_zlib", zlib)
    monkeypatch.setattr(safety, "crc32", zlib.crc32)


def _both(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    fast = _outcome(path)
    with monkeypatch.context() as m:
        _zlib_only(m)
        slow = _outcome(path)
    return fast, slow


def test_the_fast_library_is_isal_where_installed() -> None:
    try:
        from isal import isal_zlib
    except ImportError:
        assert safety._fast_zlib is zlib
    else:
        assert safety._fast_zlib is isal_zlib and safety.crc32 is isal_zlib.crc32


def test_crc32_is_zlibs() -> None:
    rng = random.Random(11)
    for size in [0, 1, 2, 3, 7, 8, 15, 16, 63, 64, 255, 4096, 65_537, 1_000_003]:
        data = rng.randbytes(size)
        assert safety.crc32(data) == zlib.crc32(data)
        assert safety.crc32(memoryview(data)) == zlib.crc32(data)
        cut = size // 3
        assert safety.crc32(data[cut:], safety.crc32(data[:cut])) == zlib.crc32(data)


@pytest.mark.parametrize("name", sorted(bf.BAD_FILES))
def test_bad_files_are_refused_the_same_with_either_inflate(tmp_path: Path, name: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    maker, code = bf.BAD_FILES[name]
    fast, slow = _both(maker(tmp_path), monkeypatch)
    assert fast == slow
    assert fast[:2] == ("refused", code)


def test_a_real_workbook_gives_the_same_parts(book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = _both(book, monkeypatch)
    assert fast[0] == "ok" and fast == slow
    with zipfile.ZipFile(book) as zf:
        assert fast[5] == {i.filename: zf.read(i) for i in zf.infolist() if i.filename in fast[5]}
        assert len(fast[5]) == len(zf.infolist())


def _entries(data: bytes) -> list[tuple[int, int, int]]:
    """(local header offset, start of the compressed data, its size) of every member."""
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as zf:
        out = []
        for info in zf.infolist():
            n, m = struct.unpack_from("<HH", data, info.header_offset + 26)
            out.append((info.header_offset, info.header_offset + 30 + n + m, info.compress_size))
        return out


def test_randomly_damaged_members_pass_or_fail_the_same(book: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(7)
    data = book.read_bytes()
    entries = [e for e in _entries(data) if e[2] > 40]
    seen: dict[str, int] = {}
    for k in range(400):
        changed = bytearray(data)
        _, start, size = rng.choice(entries)
        how = rng.randrange(4)
        if how == 0:  # bytes of the deflate stream
            for _ in range(rng.choice((1, 2, 8))):
                changed[start + rng.randrange(size)] = rng.randrange(256)
        elif how == 1:  # the stream cut short (zeros after the cut), or its last bytes changed
            at = start + rng.randrange(size // 2, size)
            changed[at:start + size] = bytes(start + size - at) if rng.random() < 0.5 else rng.randbytes(start + size - at)
        else:  # the declared CRC (how 2) or size (how 3) in the local and central headers
            off, _, _ = next(e for e in _entries(data) if e[1] == start)
            field = 14 if how == 2 else 22
            value = struct.unpack_from("<I", data, off + field)[0]
            new = value ^ (1 << rng.randrange(32)) if how == 2 else max(0, value + rng.choice((-1, 1, 100)))
            struct.pack_into("<I", changed, off + field, new)
            central = bytes(changed).find(b"PK\x01\x02" + bytes(changed[off + 4:off + 14]))
            if central > 0:
                struct.pack_into("<I", changed, central + field + 2, new)
        path = tmp_path / f"d{k}.xlsx"
        path.write_bytes(bytes(changed))
        fast, slow = _both(path, monkeypatch)
        assert fast == slow, (k, how, fast[:3], slow[:3])
        seen[fast[1] if fast[0] == "refused" else "ok"] = seen.get(fast[1] if fast[0] == "refused" else "ok", 0) + 1
    assert seen.get("F005", 0) > 100, seen  # (damaged streams and CRCs are refused, not passed)


def test_a_stream_the_fast_library_refuses_is_tried_with_zlib(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"<x>" + b"a" * 5000 + b"</x>"
    raw = memoryview(bf.deflate(data))

    class Refusing:
        error = zlib.error

        @staticmethod
        def decompressobj(wbits: int) -> Any:
            raise zlib.error("refused")

    monkeypatch.setattr(safety, "_fast_zlib", Refusing)
    assert safety._inflate_whole(raw, len(data)) == data
    assert safety._inflate_whole(raw, len(data) - 1) is None  # more than declared: the stream loop says F007
    assert safety._inflate_whole(raw[:-3], len(data)) is None  # cut short


def _regex_plain(xml: bytes, cut: int) -> bool:
    decl = xml.find(b"?>") + 2 if xml.startswith((b"<?xml", b"\xef\xbb\xbf<?xml")) else 0
    return fastread._DECLARATION.search(xml, decl, cut) is None


def test_before_is_plain_answers_as_its_regex(book: Path) -> None:
    rng = random.Random(13)
    with zipfile.ZipFile(book) as zf:
        sheets = [zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
    pieces = [b"<!-- c -->", b"<![CDATA[x]]>", b"<?pi?>", b"!", b"?", b"<", b"?>", b"<?xml", b"!!!!", b"??"]
    cases = 0
    for xml in sheets[:6] + [b'<?xml version="1.0"?><a/>', b"<?xml", b"<?xml?", b"", b"<!", b"<?", b"x<!y"]:
        for _ in range(60):
            changed = bytearray(xml)
            for _ in range(rng.choice((0, 1, 2, 20, 40))):
                at = rng.randrange(len(changed) + 1)
                changed[at:at] = rng.choice(pieces)
            data = bytes(changed)
            for cut in {0, 1, 2, len(data), rng.randrange(len(data) + 1), data.find(b"!") + 1, data.find(b"?") + 1}:
                assert fastread._before_is_plain(data, cut) == _regex_plain(data, cut), (data[:80], cut)
                cases += 1
    assert cases > 1000
