"""Parse one cell value according to its declared column kind.

Returns ``(value, notes)`` where ``notes`` is a list of ``(catalogue code, format kwargs)``; the
caller locates them. A failed parse returns ``None`` with an error code; a value accepted with a
deliberate conversion (a B.E. year in a date cell, a number typed as text) returns the value with
an info code, so the user can see what was understood.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from math import isfinite
from typing import Any

from cmfi_xl.core import thai
from cmfi_xl.core.money import D, quantize_baht
from cmfi_xl.schema.spec import ChoiceList, Column, Kind

Notes = list[tuple[str, dict[str, Any]]]

TEXT_LIMIT = 255

#: thai.Note → the info code shown to the user, in priority order: one info per cell is enough.
NOTE_CODES = {
    "monthly_rate": "A004",
    "text_date": "A002",
    "be_year": "A001",
    "percent_number": "A006",
    "excel_serial": "A007",
    "rounded": "A005",
    "text_number": "A003",
}


def _info(notes: tuple[str, ...], value: Any) -> Notes:
    for note, code in NOTE_CODES.items():
        if note in notes:
            if isinstance(value, dt.date):
                shown = thai.format_thai_date(value, "numeric")
            elif code in ("A004", "A006"):
                shown = f"{value:.2%}"
            else:
                shown = str(value)
            return [(code, {"date": shown, "number": shown, "rate": shown})]
    return []


#: numeric kinds → (parser, the error code when the text is not such a number)
_NUMERIC = {
    Kind.MONEY: (thai.parse_money, "V002"),
    Kind.NUMBER: (thai.parse_number, "V003"),
    Kind.INT: (thai.parse_int, "V004"),
}


@functools.lru_cache(maxsize=1 << 16)
def _id_text(raw: str) -> str:
    """An id typed as text, normalised with Thai digits made Arabic (cached, like normalize_text)."""
    return thai.thai_digits_to_arabic(thai.normalize_text(raw))


def parse_value(col: Column, raw: Any, choices: ChoiceList | None = None) -> tuple[Any, Notes]:
    """The value of one cell of column ``col`` and its notes (see the module docstring).

    The cells a reader returns for nearly every value (an int in a number column, text in a text
    or id column, a datetime in a date column) take a short path with the same result as the
    general one (:func:`parse_value_general`; a test compares them)."""
    kind = col.kind
    t = type(raw)
    if t is int:  # (exactly int: bool is not a number here)
        if kind is Kind.MONEY:
            q = quantize_baht(Decimal(raw))  # a whole number never rounds: no note
            return (None, [("V008", {})]) if q < 0 and col.nonnegative else (q, [])
        if kind is Kind.INT or kind is Kind.NUMBER:
            if raw < 0 and col.nonnegative:
                return None, [("V008", {})]
            return (raw if kind is Kind.INT else Decimal(raw)), []
    elif t is str and (kind is Kind.ID or kind is Kind.TEXT):
        text = _id_text(raw) if kind is Kind.ID else thai.normalize_text(raw)
        return (None, [("V013", {"limit": TEXT_LIMIT})]) if len(text) > TEXT_LIMIT else (text or None, [])
    elif t is dt.datetime and kind is Kind.DATE:
        d = raw.date()
        if thai.DATE_MIN <= d <= thai.DATE_MAX:  # (B.E. years ≥ 2400 are past DATE_MAX: parse_date)
            return d, []
    return parse_value_general(col, raw, choices)


def parse_value_general(col: Column, raw: Any, choices: ChoiceList | None = None) -> tuple[Any, Notes]:
    """:func:`parse_value` for any cell value, by the parsers of :mod:`cmfi_xl.core.thai`."""
    kind = col.kind
    if kind in (Kind.TEXT, Kind.ID):
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)  # an id typed as a number: 12 not "12.0"
        if isinstance(raw, (dt.date, dt.datetime)):
            return None, [("V013" if kind is Kind.TEXT else "V006", {"limit": TEXT_LIMIT, "allowed": "ข้อความ"})]
        text = thai.normalize_text(str(raw))
        if kind is Kind.ID:
            text = thai.thai_digits_to_arabic(text)
        if len(text) > TEXT_LIMIT:
            return None, [("V013", {"limit": TEXT_LIMIT})]
        return text or None, []
    if kind is Kind.CHOICE:
        assert choices is not None
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        ch = choices.lookup(thai.normalize_text(thai.thai_digits_to_arabic(str(raw))))
        if ch is None:
            return None, [("V006", {"allowed": ", ".join(choices.labels)})]
        return ch.code, []
    if kind in _NUMERIC:
        parse, bad_code = _NUMERIC[kind]
        p = parse(raw)
        if p.value is None:
            return None, [(bad_code, {})]
        if p.value < 0 and col.nonnegative:
            return None, [("V008", {})]
        return p.value, _info(p.notes, p.value)
    if kind is Kind.RATE:
        p = thai.parse_rate(raw)
        if p.value is None:
            return None, [("V009", {})]
        if p.value < 0:
            return None, [("V008", {})]
        return p.value, _info(p.notes, p.value)
    if kind is Kind.DATE:
        p = thai.parse_date(raw)
        if p.value is None:
            return None, [("V005", {})]
        return p.value, _info(p.notes, p.value)
    if kind is Kind.CITIZEN_ID:
        cid = thai.normalize_citizen_id(raw)
        if cid is None or not thai.citizen_id_ok(cid):
            return None, [("V007", {})]
        return cid, []
    raise ValueError(f"column {col.key}: kind {kind} is not an input")


#: Values of two of these types can be equal (``1 == 1.0 == True``); values of the plain types
#: equal no value of another type.
_NUMBER_TYPES = frozenset({int, float, bool, Decimal})
_PLAIN_TYPES = frozenset({str, bytes, dt.datetime, dt.date, dt.time, dt.timedelta, type(None)})


def distinct_keys(values: list[Any]) -> list[Any]:
    """Dictionary keys that tell ``values`` apart by type and value: the values themselves when
    no two of their types can be confused (text, dates and one kind of number: cheap to hash),
    else ``(type, value)`` pairs (``1``, ``1.0`` and ``True`` are equal in Python; ``0.0`` and
    ``-0.0`` are too, and so are their parses: money, numbers and rates read both as ``0``)."""
    types = set(map(type, values))
    if len(types & _NUMBER_TYPES) <= 1 and types <= _NUMBER_TYPES | _PLAIN_TYPES:
        return values
    return [(v.__class__, v) for v in values]


def distinct_values(col: Column, raws: list[Any], choices: ChoiceList | None = None
                    ) -> tuple[list[Any], dict[Any, tuple[Any, Notes]]]:
    """``(keys, parsed)``: ``parsed[keys[i]] == parse_value(col, raws[i], choices)``, each distinct
    value parsed once (a register repeats its dates, amounts, group ids and labels).

    :func:`parse_value` is a pure function of the value, and the keys tell values apart by type
    (:func:`distinct_keys`), so the results are the same. A ``None`` (a blank cell) is not parsed:
    it has no entry. The notes of equal cells are one shared list: do not modify them."""
    keys = distinct_keys(raws)
    try:
        parsed = dict.fromkeys(keys)
    except TypeError:  # an unhashable value (no reader returns one): its position is the key
        keys = list(range(len(raws)))
        return keys, {i: parse_value(col, r, choices) for i, r in enumerate(raws) if r is not None}
    if keys is raws:
        parsed.pop(None, None)
        if not _parse_same_type(col, parsed):
            for k in parsed:
                parsed[k] = parse_value(col, k, choices)
    else:
        parsed.pop((type(None), None), None)
        if not _parse_numbers(col, parsed):
            for k in parsed:
                parsed[k] = parse_value(col, k[1], choices)
    return keys, parsed


def _money_or_number(col: Column, x: int | float) -> tuple[Any, Notes] | None:
    """:func:`parse_value` of an int or a finite float in a money or number column when it takes
    no note (a float money amount that rounds is noted: ``None``, the caller takes the general
    path). The same steps as :func:`thai.parse_money` / :func:`thai.parse_number`: ``D`` (floats
    by their repr, 15 digits), then satang."""
    d = Decimal(x) if type(x) is int else D(x)
    if col.kind is Kind.MONEY:
        q = quantize_baht(d)
        if q != d:
            return None
        d = q
    return (None, [("V008", {})]) if d < 0 and col.nonnegative else (d, [])


def _parse_numbers(col: Column, parsed: dict[Any, Any]) -> bool:
    """Fill ``parsed[(type, value)] = parse_value(col, value)`` for every key at once when the
    column is money or a number and every value an int or a finite float (a column of whole
    amounts and amounts with satang: calamine returns both); ``False`` (nothing done) else."""
    if (col.kind is not Kind.MONEY and col.kind is not Kind.NUMBER) or not parsed:
        return False
    types = {t for t, _ in parsed}
    if not types <= {int, float} or (float in types and not all(isfinite(v) for t, v in parsed if t is float)):
        return False
    for k in parsed:
        hit = _money_or_number(col, k[1])
        parsed[k] = hit if hit is not None else parse_value_general(col, k[1])
    return True


def _parse_same_type(col: Column, parsed: dict[Any, Any]) -> bool:
    """Fill ``parsed[k] = parse_value(col, k)`` for every key at once, when all the keys are of the
    one type that :func:`parse_value` takes a short path for in this column (text in a text or id
    column, ints in a number column, datetimes in a date column); ``False`` (nothing done) else."""
    kind = col.kind
    types = set(map(type, parsed))
    if len(types) != 1:
        return False
    t = types.pop()
    keys = list(parsed)
    if t is str and (kind is Kind.ID or kind is Kind.TEXT):
        long = ("V013", {"limit": TEXT_LIMIT})
        parsed.update(zip(keys, [(x or None, []) if len(x) <= TEXT_LIMIT else (None, [long])
                                 for x in map(_id_text if kind is Kind.ID else thai.normalize_text, keys)]))
        return True
    if t is int and kind is Kind.MONEY:
        neg = col.nonnegative
        parsed.update(zip(keys, [(None, [("V008", {})]) if neg and q < 0 else (q, [])
                                 for q in map(quantize_baht, map(Decimal, keys))]))
        return True
    if t is int and (kind is Kind.INT or kind is Kind.NUMBER):
        neg, same = col.nonnegative, kind is Kind.INT
        parsed.update(zip(keys, [(None, [("V008", {})]) if neg and x < 0 else ((x if same else Decimal(x)), [])
                                 for x in keys]))
        return True
    if t is float and (kind is Kind.MONEY or kind is Kind.NUMBER) and all(map(isfinite, keys)):
        for k in keys:
            hit = _money_or_number(col, k)
            parsed[k] = hit if hit is not None else parse_value_general(col, k)
        return True
    if t is dt.datetime and kind is Kind.DATE:
        low, high = thai.DATE_MIN, thai.DATE_MAX
        for k, d in zip(keys, map(dt.datetime.date, keys)):
            parsed[k] = (d, []) if low <= d <= high else parse_value_general(col, k)
        return True
    return False


def parse_column(col: Column, raws: list[Any], choices: ChoiceList | None = None) -> list[tuple[Any, Notes]]:
    """``[parse_value(col, raw, choices) for raw in raws]`` (no ``None`` in ``raws``), by
    :func:`distinct_values`."""
    keys, parsed = distinct_values(col, raws, choices)
    return list(map(parsed.__getitem__, keys))
