"""Parse one cell value according to its declared column kind.

Returns ``(value, notes)`` where ``notes`` is a list of ``(catalogue code, format kwargs)``; the
caller locates them. A failed parse returns ``None`` with an error code; a value accepted with a
deliberate conversion (a B.E. year in a date cell, a number typed as text) returns the value with
an info code, so the user can see what was understood.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cmfi_xl.core import thai
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


def parse_value(col: Column, raw: Any, choices: ChoiceList | None = None) -> tuple[Any, Notes]:
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
