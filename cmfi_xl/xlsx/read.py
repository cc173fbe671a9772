"""Read a workbook into plain cells: the only place that knows openpyxl on the input side.

The result (:class:`RawBook`) holds raw cell values with their coordinates and nothing else;
``cmfi_xl.validate`` turns it into typed records and issues. Tables are found by their Excel
Table name wherever they are (a renamed sheet still reads), and each table is read from its
header row down to the last used row of the sheet, so rows typed below the table are not lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from cmfi_xl.core.issues import Issue, UnreadableWorkbook
from cmfi_xl.schema.spec import WorkbookSpec

from .build import HEADER_ROW, STAMP_CELLS


@dataclass(frozen=True)
class RawTable:
    key: str
    name: str  # Excel Table name, or "" when the table object was lost and the sheet was read
    sheet: str
    header_row: int
    headers: dict[int, Any]  # column index (1-based) → header cell value
    rows: list[tuple[int, dict[int, Any]]]  # (row number, column index → value), non-empty rows
    last_table_row: int  # rows after this were typed below the table


@dataclass(frozen=True)
class RawProfile:
    sheet: str
    cells: list[tuple[int, Any, Any]]  # (row, label in column A, value in column B)


@dataclass(frozen=True)
class RawBook:
    file: str
    template_id: str
    version: str
    sheet_names: list[str]
    profile: RawProfile | None
    tables: dict[str, RawTable | None]
    file_warnings: list[Issue] = field(default_factory=list)


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def find_stamp(wb: Workbook, spec: WorkbookSpec) -> tuple[Worksheet, str, str] | None:
    """The sheet holding the template stamp: the profile sheet by name, else any sheet."""
    candidates = [wb[spec.profile_sheet]] if spec.profile_sheet in wb.sheetnames else []
    candidates += [ws for ws in wb.worksheets if ws.title != spec.profile_sheet]
    for ws in candidates:
        tid = ws[STAMP_CELLS["template_id"]].value
        if isinstance(tid, str) and tid.strip().startswith("cmfi-"):
            ver = ws[STAMP_CELLS["version"]].value
            return ws, tid.strip(), "" if ver is None else str(ver).strip()
    return None


def read_table(ws: Worksheet, key: str, name: str, ref: str | None) -> RawTable:
    if ref:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
    else:  # the Table object is gone: read the sheet from the template's header row
        min_col, min_row, max_col, max_row = 1, HEADER_ROW, ws.max_column, HEADER_ROW
    headers = {
        c: ws.cell(min_row, c).value
        for c in range(min_col, max_col + 1)
        if not _blank(ws.cell(min_row, c).value)
    }
    rows: list[tuple[int, dict[int, Any]]] = []
    if ws.max_row > min_row:
        for r_off, values in enumerate(
            ws.iter_rows(min_row=min_row + 1, max_row=ws.max_row, min_col=min_col,
                         max_col=max_col, values_only=True)
        ):
            cells = {min_col + i: v for i, v in enumerate(values) if not _blank(v)}
            if cells:
                rows.append((min_row + 1 + r_off, cells))
    return RawTable(key, name, ws.title, min_row, headers, rows, max_row)


def tables_by_name(wb: Workbook) -> dict[str, tuple[Worksheet, str]]:
    """Every Excel Table in the workbook: casefolded name → (its sheet, its ref), wherever it is."""
    by_name: dict[str, tuple[Worksheet, str]] = {}
    for ws in wb.worksheets:
        for tname, tref in ws.tables.items():
            by_name[tname.casefold()] = (ws, tref if isinstance(tref, str) else tref.ref)
    return by_name


def read_raw(path: str | Path, spec: WorkbookSpec) -> RawBook:
    """Open safely (never running macros) and read the stamp, profile and every table.

    Raises :class:`UnreadableWorkbook` when the file is not a workbook of ``spec``'s template.
    """
    from .fastread import read_raw_fast  # calamine: the same RawBook, ~10× faster than openpyxl

    return read_raw_fast(path, spec)


def read_workbook(wb: Workbook, spec: WorkbookSpec, file: str = "",
                  warnings: list[Issue] | None = None) -> RawBook:
    """:func:`read_raw` on a workbook already in memory (cell values, not formulas): a file
    loaded with ``data_only=True``, or the values an Excel add-in read from the open workbook."""
    stamp = find_stamp(wb, spec)
    if stamp is None:
        raise UnreadableWorkbook("F010")
    stamp_ws, tid, version = stamp
    by_name = tables_by_name(wb)
    tables: dict[str, RawTable | None] = {}
    for t in spec.tables:
        hit = by_name.get(t.name.casefold())
        if hit is not None:
            tables[t.key] = read_table(hit[0], t.key, t.name, hit[1])
        elif t.sheet in wb.sheetnames:
            tables[t.key] = read_table(wb[t.sheet], t.key, "", None)
        else:
            tables[t.key] = None
    profile = RawProfile(
        stamp_ws.title,
        [(r[0].row, r[0].value, r[1].value) for r in stamp_ws.iter_rows(min_row=1, max_col=2)
         if not _blank(r[0].value)],
    )
    return RawBook(file, tid, version, list(wb.sheetnames), profile, tables, list(warnings or []))
