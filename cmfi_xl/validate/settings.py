"""Parse the settings table (ตั้งค่า): each value by its declared kind, bad values located."""

from __future__ import annotations

from typing import Any

from cmfi_xl.core.issues import Issue
from cmfi_xl.core.models import InstitutionBook
from cmfi_xl.schema.institution import INSTITUTION
from cmfi_xl.schema.settings import SETTINGS
from cmfi_xl.schema.spec import Column

from .cells import parse_value
from .locate import Locator


def read_settings(book: InstitutionBook, loc: Locator) -> tuple[dict[str, Any], list[Issue]]:
    """Every declared setting: the workbook's value where given and valid, else the default."""
    values: dict[str, Any] = {s.key: s.default for s in SETTINGS}
    issues: list[Issue] = []
    rows = {r.key.casefold(): r for r in book.settings if r.key}
    for s in SETTINGS:
        row = rows.get(s.key.casefold())
        if row is None or row.value is None:
            continue
        col = Column(s.key, s.label, s.label_en, s.kind, choices=s.choices)
        choice_list = INSTITUTION.choice_list(s.choices) if s.choices else None
        value, notes = parse_value(col, row.value, choice_list)
        for code, fmt in notes:
            if code == "A003":
                continue  # the value column is text by design: a number there is not news
            issues.append(loc.issue(code, "settings", row.row, "value", value=row.value, **fmt))
        if value is not None:
            values[s.key] = value
    return values, issues
