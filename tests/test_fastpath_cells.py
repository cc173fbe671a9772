"""The short paths of the cell checks give exactly what the general paths give.

``parse_value`` takes a short path for the typed cells a reader returns (int, str, datetime),
``parse_column`` parses each distinct value of a column once, ``parse_rows`` works column by
column, and ``make_records`` builds records without validating them a second time. Each is
compared here with the plain way of doing the same thing, on generated values (hypothesis) and on
the demo workbook.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing
from decimal import Decimal
from pathlib import Path
from typing import Any

import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cmfi_xl.core.models import RECORD_TYPES
from cmfi_xl.schema.institution import INSTITUTION
from cmfi_xl.schema.spec import Column, Kind
from cmfi_xl.validate.book import make_records
from cmfi_xl.validate.cells import parse_column, parse_value, parse_value_general
from cmfi_xl.validate.check import check_file
from cmfi_xl.validate.locate import Locator, TablePlace
from cmfi_xl.validate.tables import parse_rows

INPUT_COLUMNS = [(t, c) for t in INSTITUTION.tables for c in t.input_columns]
#: every input column of the template, and each numeric one also as a column that allows negatives
COLUMNS = [c for _, c in INPUT_COLUMNS] + [
    dataclasses.replace(c, key=f"{c.key}_signed", nonnegative=False)
    for _, c in INPUT_COLUMNS if c.kind in (Kind.MONEY, Kind.INT, Kind.NUMBER)]


def _choices(col: Column):  # type: ignore[no-untyped-def]
    return INSTITUTION.choice_list(col.choices) if col.choices else None


TEXTS = st.sampled_from(["H001", " h001 ", "๐๐๑", "G01", "ก\u200bข", "ซื้อ", "buy", "ปิดสัญญา", "1,234.50 บาท",
                         "(500)", "12%", "15/01/2569", "31/02/2568", "", "  ", "x" * 300, "นํ้า", "NaN", "-"])
CELLS = st.one_of(
    st.integers(-10**6, 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(-1e6, 1e6).map(lambda f: round(f, 3)),
    st.datetimes(dt.datetime(1000, 1, 1), dt.datetime(2800, 12, 31)),
    st.dates(dt.date(1000, 1, 1), dt.date(2800, 12, 31)),
    st.booleans(),
    st.text(max_size=20),
    TEXTS,
    st.sampled_from([Decimal("1.005"), Decimal("-3"), 0, -0.0, 1, -1, 1.0, -1.0, True, dt.time(12, 0)]),
)


def _same(a: tuple[Any, Any], b: tuple[Any, Any]) -> bool:
    """Equal values of the same type (and the same exponent for Decimal), equal notes."""
    (va, na), (vb, nb) = a, b
    if type(va) is not type(vb) or na != nb:
        return False
    if isinstance(va, Decimal):
        return va.as_tuple() == vb.as_tuple()
    return bool(va == vb)


@settings(max_examples=400, deadline=None)
@given(col=st.sampled_from(COLUMNS), raw=CELLS)
def test_short_paths_give_what_the_general_path_gives(col: Column, raw: Any) -> None:
    choices = _choices(col)
    try:
        general = parse_value_general(col, raw, choices)
    except ArithmeticError:  # a number too big for Decimal's context: the short path fails alike
        with pytest.raises(ArithmeticError):
            parse_value(col, raw, choices)
        return
    assert _same(parse_value(col, raw, choices), general)


@settings(max_examples=300, deadline=None)
@given(col=st.sampled_from(COLUMNS), raws=st.lists(st.one_of(CELLS, st.sampled_from([1, 1.0, True, 0, False, 0.0, -0.0])),
                                                   max_size=30))
def test_a_column_parses_as_its_cells_one_by_one(col: Column, raws: list[Any]) -> None:
    _column_as_one_by_one(col, raws)


@pytest.mark.parametrize("col", [c for c in COLUMNS if c.kind in (Kind.NUMBER, Kind.RATE, Kind.MONEY)],
                         ids=lambda c: c.key)
def test_equal_numbers_of_other_types_or_signs_stay_apart(col: Column) -> None:
    _column_as_one_by_one(col, [0.0, -0.0, 0, False, 1, 1.0, True, Decimal("1.0"), -0.0, 0.0, 2.5])


def _column_as_one_by_one(col: Column, raws: list[Any]) -> None:
    choices = _choices(col)
    try:
        one_by_one = [parse_value(col, r, choices) for r in raws]
    except ArithmeticError:
        return
    column = parse_column(col, raws, choices)
    assert len(column) == len(one_by_one)
    assert all(_same(a, b) for a, b in zip(column, one_by_one, strict=True))


def _rows_one_by_one(table, place, rows, locator):  # type: ignore[no-untyped-def]
    """The row-by-row reading that ``parse_rows`` replaced (the reference)."""
    issues, out = [], []
    cols = [(c, place.columns[c.key][0]) for c in table.input_columns if c.key in place.columns]
    for r, cells in rows:
        if not any(idx in cells for _, idx in cols):
            continue
        rec: dict[str, Any] = {"row": r}
        for col, idx in cols:
            raw = cells.get(idx)
            if raw is None:
                if col.required:
                    issues.append(locator.issue("V001", table.key, r, col.key))
                continue
            value, notes = parse_value_general(col, raw, _choices(col))
            for code, fmt in notes:
                issues.append(locator.issue(code, table.key, r, col.key, value=raw, **fmt))
            if value is None and col.required and not notes:
                issues.append(locator.issue("V001", table.key, r, col.key))
            rec[col.key] = value
        out.append(rec)
    return out, issues


SMALL_CELLS = st.one_of(st.integers(-5, 5), st.sampled_from([0.5, 2.0, True]), TEXTS,
                        st.datetimes(dt.datetime(2024, 1, 1), dt.datetime(2027, 1, 1)))


@settings(max_examples=200, deadline=None)
@given(data=st.data(), table=st.sampled_from(INSTITUTION.tables))
def test_rows_column_by_column_read_as_row_by_row(data: st.DataObject, table: Any) -> None:
    width = len(table.columns) + 2  # and two columns the table does not declare
    columns = data.draw(st.permutations(range(1, width + 1)))
    place = TablePlace(table.sheet, 3, {c.key: (idx, c.header) for c, idx in zip(table.columns, columns, strict=False)
                                        if data.draw(st.booleans()) or c.required})
    rows = data.draw(st.lists(st.dictionaries(st.integers(1, width), SMALL_CELLS, max_size=width), max_size=12))
    numbered = [(4 + i, cells) for i, cells in enumerate(rows)]
    loc = Locator(tables={table.key: place})
    try:
        expected = _rows_one_by_one(table, place, numbered, loc)
    except ArithmeticError:
        return
    assert parse_rows(table, INSTITUTION, place, numbered, loc) == expected


_KIND_TYPES = {Kind.TEXT: str, Kind.ID: str, Kind.CHOICE: str, Kind.CITIZEN_ID: str, Kind.MONEY: Decimal,
               Kind.NUMBER: Decimal, Kind.RATE: Decimal, Kind.INT: int, Kind.DATE: dt.date}


@pytest.mark.parametrize(("table", "col"), INPUT_COLUMNS, ids=[f"{t.key}.{c.key}" for t, c in INPUT_COLUMNS])
def test_every_column_value_fits_its_record_field(table: Any, col: Column) -> None:
    """``make_records`` skips pydantic's validation: every column's values must already be of the
    field's type (what validation would check)."""
    field = RECORD_TYPES[table.key].model_fields[col.key]
    allowed = set(typing.get_args(field.annotation)) or {field.annotation}
    assert _KIND_TYPES[col.kind] in allowed


def test_records_are_the_validated_records(demo_book: Path) -> None:
    book, _, _ = check_file(demo_book)
    n = 0
    for key, model in RECORD_TYPES.items():
        rows = [{k: v for k, v in rec.__dict__.items() if k in rec.model_fields_set} for rec in book.records(key)]
        for fast, slow in zip(make_records(model, rows), [model(**values) for values in rows], strict=True):
            assert fast == slow and fast.model_fields_set == slow.model_fields_set
            assert fast.model_dump() == slow.model_dump() and repr(fast) == repr(slow)
            n += 1
    assert n > 500
    household = RECORD_TYPES["households"]
    with pytest.raises(pydantic.ValidationError):  # a missing required id: the validating constructor
        make_records(household, [{"row": 4, "house_no": "1"}])
    extra = make_records(household, [{"row": 4, "household_id": "H1", "not_a_field": 1}])  # ignored, as pydantic does
    assert extra == (household(row=4, household_id="H1"),)


def test_mapped_headers_are_remembered_as_copies() -> None:
    """``map_headers`` remembers each distinct header row; what it returns is the caller's own."""
    from cmfi_xl.validate.tables import _map_headers, map_headers

    table = INSTITUTION.table("shares")
    headers = {i: c.header for i, c in enumerate(table.columns, 1)}
    for variant in (headers, {**headers, 2: "คอลัมน์แปลก"}, {**headers, 9: 1}, {**headers, 9: True}, {1: 1.0}):
        first, again = map_headers(table, "S", 3, variant), map_headers(table, "S", 3, variant)
        assert first == again == _map_headers(table, "S", 3, variant)
        first[0].columns.clear()
        first[1].clear()
        assert map_headers(table, "S", 3, variant) == _map_headers(table, "S", 3, variant)
