"""Money and number columns of whole amounts and amounts with satang (ints and floats, as
calamine returns them) are parsed in one go (``cells._parse_numbers``; floats alone in
``_parse_same_type``): the results are those of :func:`parse_value` and of the general path cell
by cell (value, type, exponent and notes), for every money and number column of the template and
their signed variants, on generated columns with blanks, repeats, negatives, amounts that round
(a note), huge and tiny values, minus zero and the floats that are not finite (general path)."""

from __future__ import annotations

import dataclasses
import math
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cmfi_xl.schema.institution import INSTITUTION
from cmfi_xl.schema.spec import Column, Kind
from cmfi_xl.validate.cells import distinct_values, parse_value, parse_value_general

NUMERIC = [c for t in INSTITUTION.tables for c in t.input_columns if c.kind in (Kind.MONEY, Kind.NUMBER)]
NUMERIC += [dataclasses.replace(c, key=f"{c.key}_signed", nonnegative=False) for c in NUMERIC]
NUMERIC += [c for t in INSTITUTION.tables for c in t.input_columns if c.kind in (Kind.INT, Kind.RATE)][:4]

ODD = [0.0, -0.0, 1.005, 2.675, -2.675, 100.125, 0.07000000000000001, 23416.67, 1e20, -1e-9, 2.0**60,
       123456789012345.6, 1e300, math.inf, -math.inf, math.nan, 6000.0, -5.5]
FLOATS = st.one_of(st.sampled_from(ODD), st.floats(-1e12, 1e12), st.floats(allow_nan=True, allow_infinity=True))
INTS = st.one_of(st.integers(-10**9, 10**12), st.sampled_from([0, -1, 6000, 10**20, -(10**30)]))
MIXED = st.lists(st.one_of(FLOATS, INTS, st.none()), max_size=25)
ONLY_FLOATS = st.lists(st.one_of(FLOATS, st.none()), max_size=25)


def _same(a: tuple[Any, Any], b: tuple[Any, Any]) -> bool:
    (va, na), (vb, nb) = a, b
    if type(va) is not type(vb) or na != nb:
        return False
    return va.as_tuple() == vb.as_tuple() if isinstance(va, Decimal) else bool(va == vb)


def _raises(col: Column, raw: Any) -> type[BaseException] | None:
    try:
        parse_value(col, raw)
    except Exception as exc:  # noqa: BLE001 - an amount too big for satang: InvalidOperation
        return type(exc)
    return None


def check(col: Column, raws: list[Any]) -> None:
    failing = [e for e in (_raises(col, r) for r in raws if r is not None) if e is not None]
    if failing:  # the column raises what its first failing cell raises, as cell by cell
        with pytest.raises(failing[0]):
            distinct_values(col, raws)
        return
    keys, parsed = distinct_values(col, raws)
    assert len(keys) == len(raws)
    for k, raw in zip(keys, raws, strict=True):
        if raw is None:
            assert k not in parsed
            continue
        assert _same(parsed[k], parse_value(col, raw)), (col.key, raw, parsed[k], parse_value(col, raw))
        assert _same(parsed[k], parse_value_general(col, raw))


@settings(max_examples=600, deadline=None)
@given(col=st.sampled_from(NUMERIC), raws=st.one_of(MIXED, ONLY_FLOATS))
@example(col=NUMERIC[0], raws=ODD)
@example(col=NUMERIC[0], raws=[1, 1.0, 1.005, None, -0.0, 0, 2.675, 2.675, 10**20])
def test_a_column_of_ints_and_floats_parses_as_its_cells(col: Column, raws: list[Any]) -> None:
    check(col, raws)


def test_every_numeric_column_on_the_odd_values() -> None:
    for col in NUMERIC:
        fine = [v for v in ODD if math.isfinite(v) and abs(v) < 1e20]
        for raws in (ODD, fine + [1, 2, -3], [x for v in fine for x in (v, None, int(v))], [1e300, 5, math.nan]):
            check(col, raws)


def test_notes_and_errors_are_kept() -> None:
    """The fast path hands back what needs a note (an amount that rounds) or an error (a negative
    amount in a non-negative column) exactly as the general path says it."""
    money = next(c for c in NUMERIC if c.kind is Kind.MONEY and c.nonnegative)
    _, parsed = distinct_values(money, [1.005, -5, 2.5, 7])
    assert parsed[(float, 1.005)][1] and parsed[(float, 1.005)][1][0][0] == "A005"
    assert parsed[(int, -5)] == (None, [("V008", {})])
    assert parsed[(float, 2.5)] == (Decimal("2.50"), [])
