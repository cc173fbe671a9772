"""Each file is read, hashed and inflated once: the inspection hands its checked parts to the reader.

* :func:`inspect_workbook_parts` refuses exactly what :func:`inspect_workbook_file` refuses (same
  codes and details) and its parts are the members' bytes as ``zipfile`` reads them; it keeps no
  more than :data:`KEEP_BYTES`;
* :func:`reader_package` is a ZIP that ``zipfile`` reads back with the same members and contents;
* :func:`drop_formula_tail` drops only the rows of valueless formula cells at the end of a sheet,
  and calamine reads the same values with and without them (real workbooks and crafted sheets);
* a damaged part (bad CRC, short or long stream) is refused the same way with the one-call inflate.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

import badfiles as bf
import pytest
import python_calamine

from cmfi_xl.core.issues import UnreadableWorkbook
from cmfi_xl.rollup.sample import base_workbook
from cmfi_xl.schema.institution import INSTITUTION
from cmfi_xl.xlsx import safety
from cmfi_xl.xlsx.fastread import (drop_formula_tail, keep_head_rows, open_inspected, read_package,
                                   reader_package, spec_sheets)
from cmfi_xl.xlsx.safety import inspect_workbook_file, inspect_workbook_parts


def _outcome(fn, path: Path):  # type: ignore[no-untyped-def]
    try:
        r = fn(path)
    except UnreadableWorkbook as exc:
        return ("refused", exc.issue.code, exc.issue.message_en)
    report = getattr(r, "report", r)
    return ("ok", report.sha256, report.kind, report.has_macros, [i.code for i in report.warnings])


@pytest.mark.parametrize("name", sorted(bf.BAD_FILES))
def test_parts_inspection_refuses_what_the_inspection_refuses(tmp_path: Path, name: str) -> None:
    maker, code = bf.BAD_FILES[name]
    path = maker(tmp_path)
    assert _outcome(inspect_workbook_parts, path) == _outcome(inspect_workbook_file, path)
    assert _outcome(inspect_workbook_parts, path)[:2] == ("refused", code)


def _values(data: bytes) -> dict[str, list[list[object]]]:
    with python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data), load_tables=False) as wb:
        return {n: wb.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in wb.sheet_names}


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("speed") / "book.xlsx"
    path.write_bytes(base_workbook(2571, 60))
    return path


def test_parts_are_the_members_and_the_reader_package_reads_back(book: Path, tmp_path: Path) -> None:
    for path in (book, bf.make_xlsm(tmp_path)):
        inspected = inspect_workbook_parts(path)
        assert inspected.data == path.read_bytes()
        assert _outcome(inspect_workbook_parts, path) == _outcome(inspect_workbook_file, path)
        with zipfile.ZipFile(path) as zf:
            assert [i.filename for i in inspected.infos] == zf.namelist()
            members = {i.filename: zf.read(i) for i in zf.infolist()}
        assert inspected.parts == {k: v for k, v in members.items() if v}  # (empty parts: nothing to keep)
        rebuilt = reader_package(inspected)
        with zipfile.ZipFile(io.BytesIO(rebuilt)) as zf:
            assert zf.testzip() is None
            assert {i.filename: zf.read(i) for i in zf.infolist()} == members
        unread = set(list(members)[::2])  # left compressed: the same bytes still
        with zipfile.ZipFile(io.BytesIO(reader_package(inspected, (), unread))) as zf:
            assert {i.filename: zf.read(i) for i in zf.infolist()} == members


def test_kept_parts_are_bounded(book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = inspect_workbook_parts(book)
    monkeypatch.setattr(safety, "KEEP_BYTES", 100_000)
    few = inspect_workbook_parts(book)
    assert 0 < sum(map(len, few.parts.values())) <= 100_000 < sum(map(len, whole.parts.values()))
    assert read_package(few.data, few) == read_package(whole.data) == read_package(whole.data, whole)
    assert _values(reader_package(few, set(few.parts))) == _values(book.read_bytes())


def test_the_package_calamine_reads_has_the_same_values(book: Path) -> None:
    inspected = inspect_workbook_parts(book)
    pkg, wb = open_inspected(inspected, spec_sheets(INSTITUTION))
    with wb:
        fast = {n: wb.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in wb.sheet_names}
    assert fast == _values(book.read_bytes())
    with zipfile.ZipFile(book) as zf:
        households = zf.read(pkg.sheet_parts["ครัวเรือน"])
    thin = drop_formula_tail(households)
    assert len(thin) < len(households) / 3  # the pre-filled formula rows are gone
    assert households.startswith(thin[: thin.index(b"</sheetData>")])


_HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
_TAIL = b"</sheetData></worksheet>"


def _row(r: int, cells: str) -> bytes:
    return f'<row r="{r}">{cells}</row>'.encode()


def _formula(r: int, col: str = "F") -> str:
    return f'<c r="{col}{r}" s="21"><f>IF($A{r}="","",SUM(B{r}:C{r}))</f><v /></c>'


def _sheet(rows: list[bytes]) -> bytes:
    return _HEAD + b"".join(rows) + _TAIL


def _workbook_with(sheet: bytes) -> bytes:
    members = bf.zip_members(bf.good_xlsx_bytes())
    members[bf.SHEET1] = sheet
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def _data_row(r: int) -> bytes:
    return _row(r, f'<c r="A{r}" t="inlineStr"><is><t>H{r:03}</t></is></c><c r="B{r}"><v>{r}</v></c>' + _formula(r))


CASES = {
    "a plain tail": ([_data_row(r) for r in range(1, 40)] + [_row(r, _formula(r) + _formula(r, "G"))
                                                             for r in range(40, 400)], True),
    "a formula-only row amid the data": ([_data_row(r) for r in range(1, 30)] + [_row(30, _formula(30))]
                                         + [_data_row(r) for r in range(31, 60)]
                                         + [_row(r, _formula(r)) for r in range(60, 300)], True),
    "a cached value in the tail": ([_data_row(r) for r in range(1, 20)]
                                   + [_row(r, _formula(r).replace("<v />", "<v>7</v>") if r == 250 else _formula(r))
                                      for r in range(20, 300)], True),
    "the last row has a value": ([_row(r, _formula(r)) for r in range(1, 200)] + [_data_row(200)], False),
    "cells without a place": ([_data_row(r) for r in range(1, 10)]
                              + [_row(r, _formula(r) + '<c t="inlineStr"><is><t>x</t></is></c>') for r in range(10, 99)],
                              False),
    "a comment before the tail": ([b"<!-- note -->"] + [_data_row(r) for r in range(1, 10)]
                                  + [_row(r, _formula(r)) for r in range(10, 99)], False),
    "a CDATA section before the tail": ([_row(1, '<c r="A1" t="inlineStr"><is><t><![CDATA[<row r="2">]]></t></is></c>')]
                                        + [_row(r, _formula(r)) for r in range(2, 99)], False),
    "a formula with other attributes": ([_data_row(r) for r in range(1, 10)]
                                        + [_row(r, _formula(r).replace('s="21"', 's="21" t="str"'))
                                           for r in range(10, 99)], False),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_dropping_the_formula_tail_keeps_every_value(case: str) -> None:
    rows, cut = CASES[case]
    sheet = _sheet(rows)
    thin = drop_formula_tail(sheet)
    assert (len(thin) < len(sheet)) is cut
    assert thin.endswith(_TAIL) and sheet.startswith(thin[: -len(_TAIL)])
    assert _values(_workbook_with(thin)) == _values(_workbook_with(sheet))


def _damaged(tmp_path: Path, how: str) -> Path:
    """A good workbook whose sheet's deflate stream (or its header) was tampered with."""
    members = bf.zip_members(bf.good_xlsx_bytes())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    data = bytearray(out.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo(bf.SHEET1)
    if how == "crc":  # the central directory's CRC
        at = data.rfind(b"PK\x01\x02", 0, data.find(info.filename.encode(), data.find(b"PK\x01\x02")) + 1)
        data[at + 16:at + 20] = ((info.CRC + 1) & 0xFFFFFFFF).to_bytes(4, "little")
    elif how == "stream":  # bytes in the middle of the compressed data
        start = info.header_offset + 30 + len(info.filename) + len(info.extra)
        for k in range(start + 5, start + 25):
            data[k] ^= 0x5A
    path = tmp_path / f"{how}.xlsx"
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("how", ["crc", "stream"])
def test_damaged_parts_are_refused_alike(tmp_path: Path, how: str) -> None:
    path = _damaged(tmp_path, how)
    first = _outcome(inspect_workbook_file, path)
    assert first[:2] == ("refused", "F005")
    assert _outcome(inspect_workbook_parts, path) == first


def test_one_call_inflate_agrees_with_the_stream(tmp_path: Path) -> None:
    raw = zlib.compress(b"<a>" + b"x" * 200_000 + b"</a>")[2:-4]
    for declared, crc in ((200_007, zlib.crc32(b"<a>" + b"x" * 200_000 + b"</a>")), (200_006, 0), (200_008, 0)):
        info = zipfile.ZipInfo("p.xml")
        info.compress_type, info.file_size, info.compress_size, info.CRC = zipfile.ZIP_DEFLATED, declared, len(raw), crc
        try:
            got = safety._inflate(raw, info, (0, len(raw)), full=True, keep=declared)
        except UnreadableWorkbook as exc:
            got = exc.issue.code
        if declared == 200_007:
            assert got == (b"<a>" + b"x" * 200_000 + b"</a>", True)
        else:
            assert got == ("F007" if declared < 200_007 else "F005")


def _value_row(r: int) -> bytes:
    return _row(r, f'<c r="A{r}" t="inlineStr"><is><t>M{r} &amp; co</t></is></c><c r="B{r}" s="3" t="n"><v>{r}.5</v></c>'
                f'<c r="C{r}" t="b"><v>1</v></c><c r="D{r}" s="4"/>' + _formula(r, "E"))


def _header_rows() -> list[bytes]:
    return [_row(1, '<c r="A1" t="inlineStr"><is><t>title</t></is></c>'), _row(2, ""),
            _row(3, '<c r="A3" t="inlineStr"><is><t>id</t></is></c><c r="B3" t="inlineStr"><is><t>amount</t></is></c>')]


HEAD_CASES = {
    "plain rows": ([_value_row(r) for r in range(4, 200)], True),
    "a cell placed above the header": ([_value_row(r) for r in range(4, 50)]
                                       + [_row(50, '<c r="B3" t="inlineStr"><is><t>moved</t></is></c>')], False),
    "a number calamine refuses": ([_value_row(r) for r in range(4, 50)] + [_row(50, '<c r="B50" t="n"><v>abc</v></c>')],
                                  False),
    "an unknown entity": ([_value_row(r) for r in range(4, 50)]
                          + [_row(50, '<c r="A50" t="inlineStr"><is><t>&bogus;</t></is></c>')], False),
    "a shared string": ([_value_row(r) for r in range(4, 50)] + [_row(50, '<c r="A50" t="s"><v>0</v></c>')], False),
    "rich text": ([_value_row(r) for r in range(4, 50)]
                  + [_row(50, '<c r="A50" t="inlineStr"><is><r><t>a</t></r></is></c>')], False),
    "a row without its number": ([_value_row(r) for r in range(4, 50)] + [b"<row><c r=\"A50\"><v>1</v></c></row>"], False),
}


@pytest.mark.parametrize("case", sorted(HEAD_CASES))
def test_header_only_sheets_keep_their_header_and_every_refusal(case: str) -> None:
    rows, cut = HEAD_CASES[case]
    sheet = _sheet(_header_rows() + rows)
    head = keep_head_rows(sheet, 3)
    assert (len(head) < len(sheet)) is cut
    try:
        full = _values(_workbook_with(sheet))
    except python_calamine.CalamineError:
        full = None
    if not cut:
        assert head == sheet
        return
    assert full is not None
    (name, rows_read), = ((n, v) for n, v in _values(_workbook_with(head)).items() if v)
    assert rows_read == [row[:len(rows_read[0])] for row in full[name][:3]]
    assert any(full[name][3:])


def test_the_lean_read_of_the_cut_package_is_the_same(book: Path) -> None:
    from cmfi_xl.rollup.read import _raw_book, check_lean, header_sheets
    from cmfi_xl.xlsx.fastread import Grid, find_stamp

    inspected = inspect_workbook_parts(book)
    raws = []
    for heads in (None, header_sheets):
        pkg, wb = open_inspected(inspected, spec_sheets(INSTITUTION) if heads else (), heads)
        with wb:
            grid = Grid(wb)
            raws.append(_raw_book(grid, pkg.tables, "b", [], find_stamp(grid, INSTITUTION.profile_sheet), lean=True))
    assert header_sheets(pkg)  # (the sample has such sheets)
    assert raws[0] == raws[1]
    assert check_lean(raws[0])[:2] == check_lean(raws[1])[:2]


@pytest.mark.parametrize("xml", [
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>',
    b"<workbook><definedNames><definedName name='a'>x</definedName></definedNames></workbook>",
    b'<?xml version="1.0" encoding="UTF-8"?>\n<x:workbook xmlns:x="urn:x"/>',
    "<?xml version='1.0' encoding='UTF-16'?><workbook/>".encode("utf-16"),
    b"<workbook", b"<a></b>", b"<a>&foo;</a>", b"", b"<a/><b/>", b"\xff\xfe<a", b"<a>\x00</a>",
])
def test_the_workbook_root_is_read_as_elementtree_reads_it(xml: bytes) -> None:
    def outcome(fn):  # type: ignore[no-untyped-def]
        try:
            r = fn("xl/workbook.xml", xml)
        except UnreadableWorkbook as exc:
            return exc.issue.code, exc.issue.message_en
        return getattr(r, "tag", r)

    assert outcome(safety._root_tag) == outcome(safety._parse)
