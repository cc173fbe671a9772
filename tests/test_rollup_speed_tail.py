"""The end of a run of valueless formula rows (the templates' pre-filled tail) is found by
comparing the rows numbered with as many digits as a matched row all at once, digits read as 0
(``fastread._formula_rows_end``): it is where the row-by-row regex (``_FORMULA_ROWS_RE``) stops, on
template tails and on tails that differ anywhere a digit may not stand (a letter for a digit, a
style or row number with too many digits, a cached value, rows out of order, missing rows, other
attributes), and calamine reads the same values from the sheet without the tail."""

from __future__ import annotations

import random

import pytest

from cmfi_xl.xlsx.fastread import _FORMULA_ROWS_RE, _formula_rows_end, drop_formula_tail


def _cells(r: int) -> str:
    return (f'<c r="F{r}" s="21"><f>IF($A{r}="","",COUNTIFS(\'x\'!$A$4:$A$3003,$A{r},\'x\'!$K$4:$K$3003,'
            f'"&lt;&gt;ปิด"))</f><v /></c><c r="G{r}" s="22"><f>IF($A{r}="","",SUM(B{r}:C{r}))</f><v /></c>')


def _row(r: int, cells: str | None = None) -> str:
    return f'<row r="{r}">{_cells(r) if cells is None else cells}</row>'


def _data(r: int) -> str:
    return _row(r, f'<c r="A{r}" t="inlineStr"><is><t>H{r:03}</t></is></c><c r="B{r}"><v>{r}</v></c>')


def _tail(first: int, last: int, change: dict[int, str] | None = None) -> bytes:
    change = change or {}
    return "".join(change.get(r, _row(r)) for r in range(first, last + 1)).encode()


def _doc(body: bytes) -> bytes:
    return (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            + body + b"</sheetData></worksheet>")


def _changed(r: int, how: str) -> str:
    row = _row(r)
    return {
        "letter for a digit": row.replace(f'r="F{r}"', f'r="F{str(r)[:-1]}x"'),
        "style too long": row.replace('s="21"', 's="123456"'),
        "style longer": row.replace('s="21"', 's="210"'),
        "row number too long": row.replace(f'<row r="{r}"', '<row r="12345678"'),
        "cached value": row.replace("<v />", "<v>7</v>", 1),
        "other attribute": row.replace('s="22"', 's="22" t="str"'),
        "another digit count": row.replace("$K$3003", "$K$30030"),
        "a data row": _data(r),
        "a comment": row.replace("</row>", "<!-- c --></row>"),
        "no digits in a place": row.replace(f'r="G{r}"', 'r="G"'),
    }[how]


HOWS = ["letter for a digit", "style too long", "style longer", "row number too long", "cached value",
        "other attribute", "another digit count", "a data row", "a comment", "no digits in a place"]


def _expected(xml: bytes, pos: int, end: int) -> int:
    return _FORMULA_ROWS_RE.match(xml, pos, end).end()  # type: ignore[union-attr]


@pytest.mark.parametrize("first,last", [(4, 9), (8, 12), (254, 1503), (95, 105), (999, 1003), (9990, 10020),
                                        (1, 2), (7, 7)])
def test_a_template_tail_ends_where_the_regex_says(first: int, last: int) -> None:
    xml = _doc("".join(_data(r) for r in range(1, first)).encode() + _tail(first, last))
    pos = xml.find(f'<row r="{first}"'.encode())
    end = xml.rfind(b"</sheetData>")
    assert _formula_rows_end(xml, pos, end) == _expected(xml, pos, end) == end


@pytest.mark.parametrize("how", HOWS)
@pytest.mark.parametrize("at", [254, 300, 999, 1000, 1200, 1503])
def test_a_tail_that_differs_ends_where_the_regex_says(how: str, at: int) -> None:
    xml = _doc(_data(253).encode() + _tail(254, 1503, {at: _changed(at, how)}))
    pos = xml.find(b'<row r="253"') + len(_data(253))
    end = xml.rfind(b"</sheetData>")
    assert _formula_rows_end(xml, pos, end) == _expected(xml, pos, end)
    for start in (pos, xml.find(f'<row r="{at}"'.encode()), xml.find(f'<row r="{min(at + 1, 1503)}"'.encode())):
        if start >= 0:  # (the changed row may not be found by its number)
            assert _formula_rows_end(xml, start, end) == _expected(xml, start, end)


def test_rows_out_of_order_or_missing_end_where_the_regex_says() -> None:
    rng = random.Random(7)
    for _ in range(40):
        numbers = list(range(100, 1100))
        if rng.random() < 0.5:
            del numbers[rng.randrange(len(numbers))]
        else:
            i, j = rng.randrange(len(numbers)), rng.randrange(len(numbers))
            numbers[i], numbers[j] = numbers[j], numbers[i]
        xml = _doc("".join(_row(r) for r in numbers).encode())
        pos, end = xml.find(b"<row "), xml.rfind(b"</sheetData>")
        assert _formula_rows_end(xml, pos, end) == _expected(xml, pos, end)


@pytest.mark.parametrize("how", HOWS)
def test_dropping_a_tail_is_the_same_as_row_by_row(how: str, monkeypatch: pytest.MonkeyPatch) -> None:
    xml = _doc("".join(_data(r) for r in range(1, 254)).encode() + _tail(254, 1503, {900: _changed(900, how)}))
    fast = drop_formula_tail(xml)
    from cmfi_xl.xlsx import fastread

    monkeypatch.setattr(fastread, "_formula_rows_end", _expected)
    assert fast == drop_formula_tail(xml)
    assert (len(fast) < len(xml)) is (how != "a comment")  # (a comment before the cut: left as it is)
