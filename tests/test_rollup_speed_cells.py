"""A column whose distinct values are all of one type is parsed in one go (``_parse_same_type``):
the results are those of :func:`parse_value` (and of the general path) cell by cell, for every
input column of the template, on columns of text, ints and datetimes (generated, with blanks,
repeats, negatives, long texts, Thai digits and out-of-range dates); the raw cells of a column are
converted as :func:`_cell` converts them one by one."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from cmfi_xl.schema.institution import INSTITUTION
from cmfi_xl.schema.spec import Column, Kind
from cmfi_xl.validate.cells import distinct_values, parse_value, parse_value_general
from cmfi_xl.xlsx.fastread import _cell, _column_cells

COLUMNS = [c for t in INSTITUTION.tables for c in t.input_columns]
COLUMNS += [dataclasses.replace(c, key=f"{c.key}_signed", nonnegative=False)
            for c in COLUMNS if c.kind in (Kind.MONEY, Kind.INT, Kind.NUMBER)]

TEXT = st.one_of(st.sampled_from(["H001", " h001 ", "๐๐๑", "G01", "ก\u200bข", "นํ้า", "x" * 300, "  ", "1,234.50",
                                  "15/01/2569", "ปิดสัญญา"]), st.text(max_size=12))
SAME_TYPE = st.one_of(
    st.lists(st.one_of(TEXT, st.none()), max_size=25),
    st.lists(st.one_of(st.integers(-10**9, 10**12), st.none()), max_size=25),
    st.lists(st.one_of(st.datetimes(dt.datetime(1000, 1, 1), dt.datetime(2800, 12, 31)), st.none()), max_size=25),
)


def _same(a: tuple[Any, Any], b: tuple[Any, Any]) -> bool:
    (va, na), (vb, nb) = a, b
    if type(va) is not type(vb) or na != nb:
        return False
    return va.as_tuple() == vb.as_tuple() if isinstance(va, Decimal) else bool(va == vb)


@settings(max_examples=500, deadline=None)
@given(col=st.sampled_from(COLUMNS), raws=SAME_TYPE)
def test_a_column_of_one_type_parses_as_its_cells(col: Column, raws: list[Any]) -> None:
    choices = INSTITUTION.choice_list(col.choices) if col.choices else None
    keys, parsed = distinct_values(col, raws, choices)
    assert len(keys) == len(raws)
    for k, raw in zip(keys, raws, strict=True):
        if raw is None:
            assert k not in parsed
            continue
        assert _same(parsed[k], parse_value(col, raw, choices))
        assert _same(parsed[k], parse_value_general(col, raw, choices))


CALAMINE = st.one_of(st.text(max_size=6), st.sampled_from(["", " ", "\t", "H001", "H001 "]),
                     st.floats(allow_nan=False), st.sampled_from([1.0, -0.0, 0.0, 2.0**60, 3.5]),
                     st.booleans(), st.dates(), st.datetimes())


@settings(max_examples=400, deadline=None)
@given(values=st.one_of(st.lists(st.sampled_from(["", " ", "\u3000", "H001", "H002", "x y"]), max_size=30),
                        st.lists(st.one_of(st.floats(allow_nan=False), st.just("")), max_size=30),
                        st.lists(CALAMINE, max_size=30)))
def test_raw_cells_convert_as_one_by_one(values: list[Any]) -> None:
    got = _column_cells(values)
    want = [_cell(v) for v in values]
    assert [(type(a), a) for a in got] == [(type(b), b) for b in want]


def test_records_with_an_odd_row_are_built_as_pydantic_builds_them() -> None:
    """``make_records`` checks the rows' keys for all of them at once; a row with an unknown key or
    without a required one still goes to pydantic's validating constructor, the others not."""
    import pydantic
    import pytest

    from cmfi_xl.core.models import RECORD_TYPES
    from cmfi_xl.validate.book import make_records

    model = RECORD_TYPES["households"]
    good = [{"row": 4, "household_id": "H001"}, {"row": 5, "household_id": "H002", "members": 3}]
    assert make_records(model, good) == tuple(model(**v) for v in good)
    assert [r.model_fields_set for r in make_records(model, good)] == [set(v) for v in good]
    odd = [*good, {"row": 6, "household_id": "H003", "not_a_field": 1}]
    assert make_records(model, odd) == tuple(model(**v) for v in odd)
    with pytest.raises(pydantic.ValidationError):
        make_records(model, [*good, {"row": 7}])
    assert make_records(model, []) == ()
