"""Parse the settings table (ตั้งค่า): each value by its declared kind, bad values located."""

from __future__ import annotations

import functools
from typing import Any

from cmfi_xl.core.issues import Issue
from cmfi_xl.core.memo import remember_last
from cmfi_xl.core.models import InstitutionBook
from cmfi_xl.schema.institution import INSTITUTION
from cmfi_xl.schema.settings import SETTINGS
from cmfi_xl.schema.spec import Column

from .cells import parse_value
from .locate import Locator


def read_settings(book: InstitutionBook, loc: Locator) -> tuple[dict[str, Any], list[Issue]]:
    """Every declared setting: the workbook's value where given and valid, else the default."""
    values, notes = _settings_of(book)
    issues = [loc.issue(code, "settings", row, "value", value=raw, **fmt) for code, fmt, row, raw in notes]
    return dict(values), issues


@functools.lru_cache(maxsize=1)
def _columns() -> dict[str, tuple[Column, Any]]:
    return {s.key: (Column(s.key, s.label, s.label_en, s.kind, choices=s.choices),
                    INSTITUTION.choice_list(s.choices) if s.choices else None) for s in SETTINGS}


@remember_last
def _settings_of(book: InstitutionBook) -> tuple[dict[str, Any], list[tuple[str, dict[str, Any], int, Any]]]:
    """The settings' values and the notes of their cells (code, format, row, cell value)."""
    values: dict[str, Any] = {s.key: s.default for s in SETTINGS}
    notes: list[tuple[str, dict[str, Any], int, Any]] = []
    rows = {r.key.casefold(): r for r in book.settings if r.key}
    columns = _columns()
    for s in SETTINGS:
        row = rows.get(s.key.casefold())
        if row is None or row.value is None:
            continue
        col, choice_list = columns[s.key]
        value, found = parse_value(col, row.value, choice_list)
        for code, fmt in found:
            if code == "A003":
                continue  # the value column is text by design: a number there is not news
            notes.append((code, fmt, row.row, row.value))
        if value is not None:
            values[s.key] = value
    return values, notes
