"""Where each table column was found, so any later rule can name the sheet, cell and header."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cmfi_xl.core.issues import Issue, make_issue


def get_column_letter(idx: int) -> str:
    """1 → A, 27 → AA (the same as openpyxl's, without importing it here)."""
    out = ""
    while idx:
        idx, rem = divmod(idx - 1, 26)
        out = chr(65 + rem) + out
    return out


@dataclass
class TablePlace:
    sheet: str
    header_row: int
    columns: dict[str, tuple[int, str]] = field(default_factory=dict)  # key → (col index, header)


@dataclass
class Locator:
    """Sheet/cell/header of every table column and profile field of one workbook."""

    tables: dict[str, TablePlace] = field(default_factory=dict)
    profile_sheet: str = ""
    profile_rows: dict[str, tuple[int, str]] = field(default_factory=dict)  # key → (row, label)

    def cell_ref(self, table: str, row: int, col: str) -> str:
        """``Sheet!E17`` for a column of a table row (for messages that point at another cell)."""
        place = self.tables[table]
        return f"{place.sheet}!{get_column_letter(place.columns[col][0])}{row}"

    def issue(self, code: str, table: str, row: int, col: str | None = None, value: Any = "", **fmt: Any) -> Issue:
        place = self.tables.get(table)
        if place is None:
            return make_issue(code, value=value, **fmt)
        if col is None or col not in place.columns:
            return make_issue(code, sheet=place.sheet, cell=f"A{row}" if row else "", value=value, **fmt)
        idx, header = place.columns[col]
        return make_issue(code, sheet=place.sheet, cell=f"{get_column_letter(idx)}{row}",
                          column=header, value=value, **fmt)

    def profile_issue(self, code: str, key: str, value: Any = "", **fmt: Any) -> Issue:
        row, label = self.profile_rows.get(key, (0, ""))
        return make_issue(code, sheet=self.profile_sheet, cell=f"B{row}" if row else "",
                          column=label, value=value, **fmt)
