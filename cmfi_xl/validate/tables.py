"""Map a raw table's headers to the declared columns, then parse every row."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

from cmfi_xl.core.issues import Issue, make_issue
from cmfi_xl.schema.spec import Column, Table, WorkbookSpec

from .cells import parse_value
from .locate import Locator, TablePlace, get_column_letter


def norm_header(text: Any) -> str:
    s = unicodedata.normalize("NFC", str(text))
    s = s.replace("\u200b", "").replace("\xa0", " ")
    return " ".join(s.split()).casefold().rstrip(" *")


def _names(col: Column) -> Iterable[str]:
    yield from (col.header, col.header_en, col.key, *col.aliases)


def map_headers(
    table: Table, sheet: str, header_row: int, headers: dict[int, Any]
) -> tuple[TablePlace, list[Issue]]:
    """Find each declared column by its header, wherever the user moved it."""
    issues: list[Issue] = []
    place = TablePlace(sheet, header_row)
    wanted = {norm_header(n): col for col in table.columns for n in _names(col)}
    for idx, text in sorted(headers.items()):
        col = wanted.get(norm_header(text))
        if col is None:
            issues.append(make_issue("S006", sheet=sheet, cell=f"{get_column_letter(idx)}{header_row}",
                                     value=text, header=text))
        elif col.key not in place.columns:
            place.columns[col.key] = (idx, str(text))
        else:
            issues.append(make_issue("S009", sheet=sheet, cell=f"{get_column_letter(idx)}{header_row}",
                                     value=text, header=text))
    found = ", ".join(str(h) for _, h in sorted(headers.items()))
    for col in table.input_columns:
        if col.key not in place.columns:
            code = "S002" if col.required else "S008"
            issues.append(make_issue(code, sheet=sheet, cell=f"A{header_row}", column=col.header,
                                     header=col.header, table=table.name, found=found))
    order = [place.columns[c.key][0] for c in table.columns if c.key in place.columns]
    if order != sorted(order):
        issues.append(make_issue("S005", sheet=sheet, cell=f"A{header_row}", table=table.name))
    return place, issues


def parse_rows(
    table: Table,
    spec: WorkbookSpec,
    place: TablePlace,
    rows: list[tuple[int, dict[int, Any]]],
    locator: Locator,
) -> tuple[list[dict[str, Any]], list[Issue]]:
    """Typed dicts (column key → value, plus ``row``) and the issues of every cell."""
    issues: list[Issue] = []
    out: list[dict[str, Any]] = []
    cols = [(c, place.columns[c.key][0]) for c in table.input_columns if c.key in place.columns]
    for r, cells in rows:
        if not any(idx in cells for _, idx in cols):
            continue  # only formula cells or unknown columns on this row: not a record
        rec: dict[str, Any] = {"row": r}
        for col, idx in cols:
            raw = cells.get(idx)
            if raw is None:
                if col.required:
                    issues.append(locator.issue("V001", table.key, r, col.key))
                continue
            choice_list = spec.choice_list(col.choices) if col.choices else None
            value, notes = parse_value(col, raw, choice_list)
            for code, fmt in notes:
                issues.append(locator.issue(code, table.key, r, col.key, value=raw, **fmt))
            if value is None and col.required and not notes:
                issues.append(locator.issue("V001", table.key, r, col.key))
            rec[col.key] = value
        out.append(rec)
    return out, issues
