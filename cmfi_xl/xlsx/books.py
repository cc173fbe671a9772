"""Write the books' summary sheets (:mod:`cmfi_xl.books.sheets`) into a copy of the workbook.

House style: TH Sarabun New 16 pt, explicit row heights, A4 with fitted width, B.E. dates,
``#,##0.00``; sheets protected without a password (formulas cannot be overtyped by accident).
Formula placeholders ``{tbl:TABLE:COLUMN}`` become absolute ranges of the register's Excel Table
in this workbook (found by table name and header, wherever the user moved it); when a register
column cannot be found, the value Python computed is written instead of the formula.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from copy import copy
from pathlib import Path
from typing import Any

from openpyxl.styles import Border, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook.workbook import Workbook

from cmfi_xl.books.sheets import FIRST_ROW, Formula, SheetSpec
from cmfi_xl.schema.institution import INSTITUTION
from cmfi_xl.schema.spec import Kind, WorkbookSpec
from cmfi_xl.validate.tables import norm_header

from . import styles as st
from .build import page_setup, protect, to_cell_value
from .read import tables_by_name
from .safety import safe_load_workbook
from .write import save_atomic

__all__ = ["write_books_copy", "add_books_sheets", "register_ranges"]

FORMATS = {"money": st.MONEY_FORMAT, "int": st.INT_FORMAT, "date": st.DATE_FORMAT, "pct": "0.00%",
           "text": "General"}
_top = Border(top=Side(style="thin", color="333333"), bottom=Side(style="double", color="333333"))
_PLACE = re.compile(r"\{tbl:([a-z_]+):([a-z_]+)\}")


def register_ranges(wb: Workbook, spec: WorkbookSpec = INSTITUTION) -> dict[tuple[str, str], str]:
    """(table key, column key) → ``'Sheet'!$C$4:$C$120`` for every register column found."""
    found = tables_by_name(wb)
    out: dict[tuple[str, str], str] = {}
    for t in spec.tables:
        hit = found.get(t.name.casefold())
        if hit is None:
            continue
        ws, ref = hit
        c0, r0, c1, r1 = range_boundaries(ref)
        by_header = {norm_header(ws.cell(r0, c).value): c for c in range(c0, c1 + 1) if ws.cell(r0, c).value}
        for col in t.columns:
            idx = next((by_header[norm_header(n)] for n in (col.header, col.header_en, col.key, *col.aliases)
                        if norm_header(n) in by_header), None)
            if idx is not None:
                L = get_column_letter(idx)
                out[(t.key, col.key)] = f"{quote_sheetname(ws.title)}!${L}${r0 + 1}:${L}${max(r1, r0 + 1)}"
    return out


def _resolve(f: Formula, ranges: dict[tuple[str, str], str]) -> Any:
    missing = False

    def sub(m: re.Match[str]) -> str:
        nonlocal missing
        r = ranges.get((m.group(1), m.group(2)))
        if r is None:
            missing = True
            return "#REF!"
        return r

    text = _PLACE.sub(sub, f.text)
    return f.value if missing else text


def _value(v: Any) -> Any:
    if isinstance(v, bool):
        return v
    return to_cell_value(Kind.TEXT, v)


def add_books_sheets(wb: Workbook, sheets: Sequence[SheetSpec]) -> None:
    """Add (or replace) the summary sheets in ``wb``: also used on an open workbook by a handler."""
    ranges = register_ranges(wb)
    for spec in sheets:
        if spec.name in wb.sheetnames:
            del wb[spec.name]
        ws = wb.create_sheet(spec.name)
        ncols = len(spec.cols)
        protos: dict[tuple[int, str], Any] = {}
        ws["A1"] = spec.title
        ws["A1"].font = st.title_font
        ws["A2"] = spec.subtitle
        ws["A2"].font = st.subtitle_font
        ws.row_dimensions[1].height = st.TITLE_ROW_HEIGHT
        ws.row_dimensions[2].height = st.ROW_HEIGHT
        ws.row_dimensions[3].height = st.HEADER_ROW_HEIGHT
        for j, col in enumerate(spec.cols, 1):
            ws.column_dimensions[get_column_letter(j)].width = col.width
            h = ws.cell(3, j, f"{col.th}\n{col.en}")
            h.font, h.fill, h.alignment, h.border = st.header_font, st.header_fill, st.wrap_center, st.box
        for i, row in enumerate(spec.rows):
            r = FIRST_ROW + i
            ws.row_dimensions[r].height = st.ROW_HEIGHT
            for j in range(1, ncols + 1):
                v = row.cells[j - 1] if j - 1 < len(row.cells) else None
                if isinstance(v, Formula):
                    v = _resolve(v, ranges)
                c = ws.cell(r, j, _value(v))
                key = (j, row.style)
                if key in protos:  # copying a style array is ~20x faster than setting 5 attributes
                    c._style = copy(protos[key])
                    continue
                style = row.style
                c.font = st.bold_font if style else st.body_font
                c.number_format = FORMATS[spec.cols[j - 1].fmt]
                c.border = _top if style == "total" else st.box
                if style in ("bad", "total"):
                    c.fill = st.bad_fill if style == "bad" else st.formula_fill
                c.alignment = st.left_middle
                protos[key] = copy(c._style)
        last = FIRST_ROW + len(spec.rows) - 1
        ws.freeze_panes = f"A{FIRST_ROW}"
        page_setup(ws, landscape=spec.landscape, title_rows="3:3",
                   print_area=f"A1:{get_column_letter(ncols)}{max(last, FIRST_ROW)}")
        protect(ws)


def write_books_copy(src: str | Path, out: str | Path, sheets: Sequence[SheetSpec]) -> Path:
    """A copy of ``src`` with the summary sheets, written atomically to ``out`` (never over ``src``)."""
    _, wb = safe_load_workbook(src)
    add_books_sheets(wb, sheets)
    return save_atomic(wb, out, inputs=(src,))
