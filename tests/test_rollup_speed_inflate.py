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


def _central_of(data: bytes, off: int) -> int:
    """Where the central directory entry of the member whose local header is at ``off`` begins."""
    at = struct.unpack_from("<I", data, data.rfind(b"PK\x05\x06") + 16)[0]  # (start of the directory)
    while data[at:at + 4] == b"PK\x01\x02":
        n, m, k = struct.unpack_from("<HHH", data, at + 28)
        if struct.unpack_from("<I", data, at + 42)[0] == off:
            return at
        at += 46 + n + m + k
    raise AssertionError(off)


def _set_declared(changed: bytearray, off: int, field: int, value: int) -> None:
    """Set a member's CRC (``field`` 14) or uncompressed size (22) in its local and central headers."""
    struct.pack_into("<I", changed, off + field, value)
    struct.pack_into("<I", changed, _central_of(bytes(changed), off) + field + 2, value)


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
            _set_declared(changed, off, field, new)
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


class _Never(dict):  # type: ignore[type-arg]
    """A memo that remembers nothing (the inspection as it was)."""

    def get(self, *_args: Any) -> None:  # type: ignore[override]
        return None

    def __setitem__(self, key: Any, value: Any) -> None:
        pass


def test_template_parts_inflated_once_and_only_those(book: Path) -> None:
    safety._INFLATED.clear()
    first = _outcome(book)
    kept = set(safety._INFLATED.values())
    template = {n for n in first[5] if safety._template_part(n, len(first[5][n]))}
    assert template and {first[5][n] for n in template} == kept
    assert not any(n.startswith(("xl/worksheets/sheet", "docProps/")) for n in template)
    assert _outcome(book) == first  # (the second time from the memo)


def test_damaged_members_fail_the_same_with_the_memo_warm(book: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Every member's stream, declared size and CRC changed at random, with the memo warm (the good
    book's parts are in it) and with no memo: the same outcome, code and message."""
    rng = random.Random(19)
    data = book.read_bytes()
    with zipfile.ZipFile(book) as zf:
        infos = {i.header_offset: i for i in zf.infolist()}
    entries = [e for e in _entries(data) if safety._template_part(infos[e[0]].filename, infos[e[0]].file_size)]
    assert len(entries) > 20
    refused = 0
    for k in range(300):
        off, start, size = rng.choice(entries)
        changed = bytearray(data)
        how = rng.randrange(3)
        if how == 0:
            changed[start + rng.randrange(size)] ^= 1 << rng.randrange(8)
        else:
            field = 14 if how == 1 else 22
            value = struct.unpack_from("<I", data, off + field)[0]
            new = value ^ (1 << rng.randrange(32)) if how == 1 else value + rng.choice((-1, 1))
            _set_declared(changed, off, field, new)
        path = tmp_path / f"m{k}.xlsx"
        path.write_bytes(bytes(changed))
        _outcome(book)  # (warm)
        warm = _outcome(path)
        with monkeypatch.context() as m:
            m.setattr(safety, "_INFLATED", _Never())
            cold = _outcome(path)
        assert warm == cold, (k, how, warm[:3], cold[:3])
        if how == 1:  # a wrong CRC is never let through, remembered part or not
            assert warm[:2] == ("refused", "F005"), (k, warm[:3])
        refused += warm[0] == "refused"
    assert refused > 200


def test_the_memo_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safety, "_INFLATED", {})
    monkeypatch.setattr(safety, "_INFLATED_LIMIT", 4)
    data = b"<x>" + b"y" * 3000 + b"</x>"
    for i in range(10):
        body = data + str(i).encode()
        raw = bf.deflate(body)
        info = zipfile.ZipInfo(f"xl/tables/table{i}.xml")
        info.file_size, info.CRC, info.compress_type = len(body), zlib.crc32(body), zipfile.ZIP_DEFLATED
        assert safety._inflate(raw, info, (0, len(raw)), full=True, keep=len(body)) == (body, True)
        assert len(safety._INFLATED) <= 4
    assert not safety._template_part("xl/tables/big.xml", safety._INFLATED_BYTES + 1)


def test_a_long_compressed_span_is_never_a_memo_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """A template part whose stream is followed by junk inside its compressed size (it inflates to
    its declared size and CRC, so it passes): its compressed span would be the key, so a span over
    the memo's part size is inflated every time and never remembered (the memo's bound holds)."""
    monkeypatch.setattr(safety, "_INFLATED", {})
    body = b"<Relationships>" + b"r" * 500 + b"</Relationships>"
    raw = bf.deflate(body) + random.Random(5).randbytes(safety._INFLATED_BYTES + 1)
    info = zipfile.ZipInfo("_rels/.rels")
    info.file_size, info.CRC, info.compress_type = len(body), zlib.crc32(body), zipfile.ZIP_DEFLATED
    assert safety._template_part(info.filename, len(body))
    assert safety._inflate(raw, info, (0, len(raw)), full=True, keep=len(body)) == (body, True)
    assert safety._INFLATED == {}
    short = bf.deflate(body)  # the same part without the junk is remembered
    assert safety._inflate(short, info, (0, len(short)), full=True, keep=len(body)) == (body, True)
    assert list(safety._INFLATED.values()) == [body]


def test_remembered_checks_give_the_same_answers(tmp_path: Path, book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The XML checks of template parts that passed before are not run again (``safety._PASSED``):
    every bad file is refused the same with both memos warm and with none, and a template part given
    a DOCTYPE, an entity or broken XML before its root (same name, new bytes) is still refused."""
    _outcome(book)
    assert safety._PASSED
    for name in sorted(bf.BAD_FILES):
        maker, code = bf.BAD_FILES[name]
        path = maker(tmp_path)
        warm = _outcome(path)
        with monkeypatch.context() as m:
            m.setattr(safety, "_INFLATED", _Never())
            m.setattr(safety, "_PASSED", {})
            cold = _outcome(path)
        assert warm == cold and warm[:2] == ("refused", code), name
    with zipfile.ZipFile(book) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    for part in ("xl/styles.xml", "xl/tables/table1.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
        xml = members[part]
        decl = xml.find(b"?>") + 2
        for bad, code in ((xml[:decl] + b'<!DOCTYPE x [<!ENTITY a "b">]>' + xml[decl:], "F008"),
                          (xml[:decl] + b"<!DOCTYPE x>" + xml[decl:], "F008"), (xml[:decl] + b"<<" + xml[decl:], "F005"),
                          (xml[:-5], None)):  # (the inspection parses a part up to its root element only)
            path = bf.write_zip(tmp_path / "changed.xlsx", {**members, part: bad})
            warm = _outcome(path)
            with monkeypatch.context() as m:
                m.setattr(safety, "_INFLATED", _Never())
                m.setattr(safety, "_PASSED", {})
                assert warm == _outcome(path), part
            assert warm[:2] == (("refused", code) if code else warm[:2]), part


@pytest.mark.parametrize("told", [0, 1, 999, 1000, 1001, 5000])
def test_the_file_is_read_as_one_read_up_to_the_cap_would(tmp_path: Path, told: int,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """``_read_limited`` reads the size stat() gave and one byte more, then the rest up to the cap
    if the file grew meanwhile: the same bytes and the same refusals as one read of the cap + 1
    (stat() is made to tell an older size: the file 'grew' or 'shrank' after it)."""
    path = tmp_path / "f.xlsx"
    real = __import__("os").stat

    def older(p: Any, *a: Any, **k: Any) -> Any:
        st = real(p, *a, **k)
        if Path(p) != path:
            return st
        fields = list(st)
        fields[6] = told  # st_size
        return type(st)(fields)

    for size in (1000, 2000, 3000):
        path.write_bytes(random.Random(size).randbytes(size))
        for cap in (999, 1000, 2000, 2500, 10_000):
            with monkeypatch.context() as m:
                m.setattr(safety.os, "stat", older)
                try:
                    got: Any = safety._read_limited(path, cap)
                except UnreadableWorkbook as exc:
                    got = exc.issue.code
            with path.open("rb") as fh:
                once = fh.read(cap + 1)
            expected = "F002" if told == 0 else "F003" if told > cap or len(once) > cap else once
            assert got == expected, (size, cap, told)
