"""Records from a plain 2-D grid of cell values (header row first), e.g. an Excel range.

Used by the UDFs (``udfs/cmfi_udfs.py``): a range such as ``tblShares[#All]`` arrives as a list
of rows; headers are matched like the workbook reader does (Thai or English header, or the key;
any column order), and every cell is parsed by the same :func:`cmfi_xl.validate.cells.parse_value`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cmfi_xl.core.issues import Issue
from cmfi_xl.core.models import RECORD_TYPES, Record
from cmfi_xl.schema.institution import INSTITUTION
from cmfi_xl.validate.locate import Locator
from cmfi_xl.validate.tables import map_headers, parse_rows

__all__ = ["records_from_grid"]


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def records_from_grid(table_key: str, grid: Sequence[Sequence[Any]], sheet: str = "") -> tuple[list[Record], list[Issue]]:
    """Typed records of table ``table_key`` from ``grid`` (row 0 = headers). Row numbers are
    1-based grid rows (the header is row 1), so an issue's cell is relative to the range."""
    table = INSTITUTION.table(table_key)
    if not grid:
        return [], []
    headers = {i + 1: h for i, h in enumerate(grid[0]) if not _blank(h)}
    place, issues = map_headers(table, sheet or table.sheet, 1, headers)
    rows = []
    for r, cells in enumerate(grid[1:], start=2):
        d = {i + 1: v for i, v in enumerate(cells) if not _blank(v)}
        if d:
            rows.append((r, d))
    loc = Locator(tables={table_key: place})
    dicts, more = parse_rows(table, INSTITUTION, place, rows, loc)
    rtype = RECORD_TYPES[table_key]
    out: list[Record] = []
    for d in dicts:
        try:
            out.append(rtype(**d))
        except Exception:  # a required id missing (V001 already reported): skip the row
            continue
    return out, issues + more
