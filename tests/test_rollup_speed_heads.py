"""``fastread.keep_head_rows`` proves in one match (``_value_rows_below``: the plain-rows pattern with
no row or cell numbered at or above the header) what it proved before with that match and a search
for such numbers: the same cut or none, for the header-only sheets of real workbooks, crafted rows
(cells placed above the header inside later rows, numbers with leading zeros, three-letter columns,
rows without numbers) and randomly changed ones, for every header row from 1 to 12."""

from __future__ import annotations

import random
import re
import zipfile

import pytest

from cmfi_xl.rollup.sample import base_workbook
from cmfi_xl.xlsx import fastread
from cmfi_xl.xlsx.fastread import keep_head_rows


#: the plain-rows pattern keep_head_rows matched before (any row numbers), then searched for numbers
_VALUE_ROWS_RE = re.compile(rb'(?:<row r="[0-9]{1,7}+"(?: [^<>]*+)?+(?:/>|>(?:' + fastread._AT + fastread._VALUE_BODY
                            + rb")*+</row>))*+")


def _before(xml: bytes, last_row: int) -> bytes:
    """keep_head_rows as it was (the match, then the search)."""
    end = xml.rfind(b"</sheetData>")
    start = xml.find(b"<sheetData>", 0, end)
    if start < 0 or not 0 < last_row <= 100:
        return xml
    cut = start
    while True:
        cut = xml.find(b"<row ", cut + 1, end)
        if cut < 0:
            return xml
        m = fastread._ROW_AT.match(xml, cut)
        if m is None:
            return xml
        if int(m[1]) > last_row:
            break
    above = b"|".join(str(r).encode() for r in range(1, last_row + 1))
    if (_VALUE_ROWS_RE.fullmatch(xml, cut, end) is None or not fastread._before_is_plain(xml, cut)
            or re.compile(rb'<(?:c r="[A-Z]{1,3}+|row r=")(?:' + above + rb')"').search(xml, cut, end)):
        return xml
    return xml[:cut] + xml[end:]


@pytest.fixture(scope="module")
def sheets(tmp_path_factory: pytest.TempPathFactory) -> list[bytes]:
    data = base_workbook(2576, 40)
    path = tmp_path_factory.mktemp("heads") / "b.xlsx"
    path.write_bytes(data)
    with zipfile.ZipFile(path) as zf:
        return [zf.read(n) for n in sorted(zf.namelist()) if n.startswith("xl/worksheets/sheet")]


def _sheet(rows: list[str]) -> bytes:
    return ('<worksheet><sheetData>' + "".join(rows) + "</sheetData></worksheet>").encode()


def _row(r: int | str, cells: str) -> str:
    return f'<row r="{r}">{cells}</row>'


def _crafted() -> list[bytes]:
    head = [_row(1, '<c r="A1" t="inlineStr"><is><t>t</t></is></c>'), _row(3, '<c r="A3" t="inlineStr"><is><t>h</t></is></c>')]
    body = [_row(r, f'<c r="A{r}" t="inlineStr"><is><t>x{r}</t></is></c><c r="B{r}" t="n"><v>{r}</v></c>') for r in range(4, 30)]
    odd = ['<c r="B3" t="n"><v>1</v></c>', '<c r="B03" t="n"><v>1</v></c>', '<c r="ABC2" t="n"><v>1</v></c>',
           '<c r="B30"/>', '<c r="B1" s="4"/>', '<c r="B12"><v>1</v></c>', '<c r="Z0"><v>1</v></c>',
           '<c r="B2" t="inlineStr"><is><t>x</t></is></c>', '<c r="ABCD40"><v>1</v></c>']
    out = [_sheet(head + body)]
    for cell in odd:
        for at in (0, 10, len(body) - 1):
            rows = list(body)
            rows[at] = rows[at].replace("</row>", cell + "</row>")
            out.append(_sheet(head + rows))
    for number in ("2", "3", "03", "40", "1", ""):
        out.append(_sheet(head + body + [f'<row r="{number}"><c r="A50"><v>1</v></c></row>']))
    return out


def test_real_and_crafted_sheets_are_cut_the_same(sheets: list[bytes]) -> None:
    cuts = 0
    for xml in sheets + _crafted():
        for last_row in (*range(1, 13), 50, 100, 101, 0):
            new = keep_head_rows(xml, last_row)
            assert new == _before(xml, last_row), (xml[:120], last_row)
            cuts += new != xml
    assert cuts > 50


def test_randomly_changed_rows_are_cut_the_same(sheets: list[bytes]) -> None:
    rng = random.Random(17)
    pieces = [b"1", b"2", b"3", b"0", b'"', b"A", b"<", b">", b'<c r="A2"/>', b'<row r="3">', b"</row>", b" s=\"1\"",
              b"<!-- -->", b"&amp;", b"&x;"]
    xmls = [x for x in sheets if x.count(b"<row ") > 5] + _crafted()[:3]
    cuts = 0
    for k in range(1500):
        xml = bytearray(rng.choice(xmls))
        start = xml.find(b"<sheetData>")
        for _ in range(rng.choice((1, 2, 3))):
            at = rng.randrange(start, len(xml))
            if rng.random() < 0.5:
                xml[at:at + 1] = rng.choice(pieces)
            else:
                xml[at:at] = rng.choice(pieces)
        data = bytes(xml)
        last_row = rng.choice((1, 2, 3, 3, 3, 4, 9, 10))
        new = keep_head_rows(data, last_row)
        assert new == _before(data, last_row), (k, last_row)
        cuts += new != data
    assert cuts > 100
