"""Render plain sheet descriptions (:mod:`cmfi_xl.report.doc`) into a styled openpyxl workbook,
and write the official report (``cmfi-xl report``).

House style: TH Sarabun New 16 pt, explicit row heights, A4, B.E. dates, ``#,##0.00`` money,
locked formula cells, protected sheets without a password.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table as XlTable
from openpyxl.worksheet.table import TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from cmfi_xl.report.doc import Block, Book, Chart, Pairs, Sheet, Signatures, Table, Text

from . import styles as st
from .build import FIXED_TIME, page_setup, protect

NUMBER_FORMAT = {
    "text": st.TEXT_FORMAT, "wrap": st.TEXT_FORMAT, "int": st.INT_FORMAT, "money": st.MONEY_FORMAT,
    "date": st.DATE_FORMAT, "month": "[$-107041E]mmmm yyyy", "pct": "0.00", "score": "0", "points": "0.##",
    "general": "General",
}
wrap_top = Alignment(wrap_text=True, vertical="top")
warn_font = Font(name=st.FONT_NAME, size=st.BODY_PT, bold=True, color="9C0006")
CHARS_PER_WIDTH = 1.25  # Thai characters of 16 pt that fit in one unit of column width (conservative)


def cell_value(v: Any) -> Any:
    """Domain value → what openpyxl writes (Decimal → float only here, at the boundary)."""
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, dt.datetime):
        return v
    if isinstance(v, dt.date):
        return dt.datetime(v.year, v.month, v.day)
    return v


class _Places:
    """Pass 1: where every table column and named pair lands, so formulas can refer to them."""

    def __init__(self) -> None:
        self.tables: dict[str, tuple[str, dict[str, int], int, int]] = {}  # name → sheet, cols, first, last
        self.cells: dict[str, str] = {}

    def render(self, template: str, row: int | None = None, cols: dict[str, int] | None = None) -> str:
        def sub(m: re.Match[str]) -> str:
            kind, _, rest = m.group(1).partition(":")
            if kind == "col":
                assert cols is not None and row is not None
                return f"${get_column_letter(cols[rest])}{row}"
            if kind == "tbl":
                tname, _, key = rest.partition(":")
                sheet, tcols, first, last = self.tables[tname]
                col = get_column_letter(tcols[key])
                return f"{quote_sheetname(sheet)}!${col}${first}:${col}${last}"
            if kind == "cell":
                return self.cells[rest]
            raise ValueError(m.group(0))

        return re.sub(r"\{([a-z]+:[A-Za-z0-9_:]+)\}", sub, template)


def _height(text: str, width: float, pt: int = st.BODY_PT) -> float:
    """Row height for ``text`` wrapped in a column of ``width`` (Thai needs ~1.5 × the point size)."""
    lines = sum(max(1, math.ceil(len(part) / max(width * CHARS_PER_WIDTH, 1))) for part in str(text).split("\n"))
    return max(st.ROW_HEIGHT, lines * pt * 1.5)


def _block_rows(b: Block) -> int:
    if isinstance(b, Table):
        return (1 if b.title else 0) + 1 + max(len(b.rows) + b.min_rows, 1) + 1
    if isinstance(b, Pairs):
        return (1 if b.title else 0) + len(b.items) + 1
    if isinstance(b, Text):
        return 1
    if isinstance(b, Chart):
        return b.rows
    if isinstance(b, Signatures):
        return 6
    raise TypeError(b)


def _layout(doc: Book) -> _Places:
    places = _Places()
    for s in doc.sheets:
        r = 1
        for b in s.blocks:
            if isinstance(b, Table) and b.name:
                top = r + (1 if b.title else 0)
                n = max(len(b.rows) + b.min_rows, 1)
                places.tables[b.name] = (s.name, {c.key: i for i, c in enumerate(b.columns, 1)}, top + 1, top + n)
            if isinstance(b, Pairs):
                top = r + (1 if b.title else 0)
                for i, p in enumerate(b.items):
                    if p.name:
                        places.cells[p.name] = f"{quote_sheetname(s.name)}!$B${top + i}"
            r += _block_rows(b)
    return places


def render_book(doc: Book) -> Workbook:
    places = _layout(doc)
    wb = Workbook()
    wb.remove(wb.active)
    charts: list[tuple[Worksheet, Chart, int]] = []
    for s in doc.sheets:
        ws = wb.create_sheet(s.name)
        for i, w in enumerate(s.widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = w
        r = 1
        for b in s.blocks:
            if isinstance(b, Table):
                _table(ws, b, r, places, s)
            elif isinstance(b, Pairs):
                _pairs(ws, b, r, places, s)
            elif isinstance(b, Text):
                _text(ws, b, r)
            elif isinstance(b, Chart):
                charts.append((ws, b, r))
            elif isinstance(b, Signatures):
                _signatures(ws, b, r, s)
            r += _block_rows(b)
        page_setup(ws, landscape=s.landscape, title_rows=None,
                   print_area=f"A1:{get_column_letter(len(s.widths))}{max(r - 1, 1)}")
        if s.protect:
            protect(ws)
    for ws, c, r in charts:
        _chart(ws, c, r, places, wb)
    wb.properties.creator = "cmfi-xl"
    wb.properties.title = doc.title
    wb.properties.created = wb.properties.modified = FIXED_TIME
    for name, value in doc.properties.items():
        wb.custom_doc_props.append(StringProperty(name=name, value=value))
    wb.calculation.fullCalcOnLoad = True
    return wb


def _style(cell: Any, fmt: str, *, bold: bool = False, input_: bool = False, formula: bool = False) -> None:
    cell.font = st.bold_font if bold else st.body_font
    cell.number_format = NUMBER_FORMAT.get(fmt, "General")
    cell.border = st.box
    if fmt == "wrap":
        cell.alignment = wrap_top
    if input_:
        cell.fill, cell.protection = st.input_fill, st.unlocked
    elif formula:
        cell.fill, cell.protection = st.formula_fill, st.locked


def _table(ws: Worksheet, t: Table, r: int, places: _Places, s: Sheet) -> None:
    if t.title:
        ws.cell(r, 1, t.title).font = st.bold_font
        ws.row_dimensions[r].height = st.ROW_HEIGHT
        r += 1
    cols = {c.key: i for i, c in enumerate(t.columns, 1)}
    for i, c in enumerate(t.columns, 1):
        h = ws.cell(r, i, c.header)
        h.font, h.fill, h.alignment, h.border, h.protection = st.header_font, st.header_fill, st.wrap_center, st.box, st.locked
    widths = [s.widths[i - 1] if i - 1 < len(s.widths) else c.width for i, c in enumerate(t.columns, 1)]
    ws.row_dimensions[r].height = max(_height(c.header, w) for c, w in zip(t.columns, widths))
    n = max(len(t.rows) + t.min_rows, 1)
    for k in range(n):
        row = r + 1 + k
        rec = t.rows[k] if k < len(t.rows) else {}
        height = float(st.ROW_HEIGHT)
        for i, c in enumerate(t.columns, 1):
            v = rec.get(c.key)
            if c.formula and not (c.input and v is not None):
                cell = ws.cell(row, i, places.render(c.formula, row, cols))
                _style(cell, c.fmt, formula=True)
                continue
            cell = ws.cell(row, i, cell_value(v))
            _style(cell, c.fmt, input_=c.input)
            if isinstance(v, str) and c.fmt in ("wrap", "text"):
                height = max(height, _height(v, widths[i - 1]))
                if c.fmt == "text" and len(v) > widths[i - 1] * CHARS_PER_WIDTH:
                    cell.alignment = wrap_top  # never clip Thai text: wrap and grow the row
        ws.row_dimensions[row].height = height
    for i, c in enumerate(t.columns, 1):
        if c.input and c.choices:
            dv = DataValidation(type="list", formula1='"' + ",".join(c.choices) + '"', allow_blank=True,
                                showErrorMessage=True, errorStyle="stop", errorTitle="ค่าไม่อยู่ในเกณฑ์",
                                error="เลือกจากรายการ: " + ", ".join(c.choices))
            ws.add_data_validation(dv)
            letter = get_column_letter(i)
            dv.add(f"{letter}{r + 1}:{letter}{r + n}")
    if t.name:
        xt = XlTable(displayName=t.name, ref=f"A{r}:{get_column_letter(len(t.columns))}{r + n}")
        xt.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=False)
        ws.add_table(xt)


def _pairs(ws: Worksheet, p: Pairs, r: int, places: _Places, s: Sheet) -> None:
    if p.title:
        ws.cell(r, 1, p.title).font = st.bold_font
        ws.row_dimensions[r].height = st.ROW_HEIGHT
        r += 1
    for i, item in enumerate(p.items):
        row = r + i
        a = ws.cell(row, 1, item.label)
        a.font, a.border, a.alignment = st.body_font, st.box, Alignment(wrap_text=True, vertical="center")
        v = item.value
        formula = isinstance(v, str) and v.startswith("=")
        b = ws.cell(row, 2, places.render(v) if formula else cell_value(v))
        _style(b, item.fmt, bold=True, formula=formula)
        if item.note:
            c = ws.cell(row, 3, item.note)
            c.font = st.stamp_font
        ws.row_dimensions[row].height = max(_height(item.label, s.widths[0]),
                                            _height(str(v), s.widths[1]) if not formula and item.fmt == "wrap" else 0)


def _text(ws: Worksheet, t: Text, r: int) -> None:
    c = ws.cell(r, 1, t.text)
    c.font = {"title": st.title_font, "subtitle": st.subtitle_font, "bold": st.bold_font, "note": st.stamp_font,
              "warn": warn_font}.get(t.style, st.body_font)
    ws.row_dimensions[r].height = st.TITLE_ROW_HEIGHT if t.style == "title" else st.ROW_HEIGHT


def _signatures(ws: Worksheet, sg: Signatures, r: int, s: Sheet) -> None:
    ncols = len(s.widths)
    starts = [1, ncols // 2 + 1] if len(sg.roles) == 2 else [1 + i * max(ncols // len(sg.roles), 1) for i in range(len(sg.roles))]
    for col, role in zip(starts, sg.roles):
        for k, text in enumerate(("ลงชื่อ ......................................................",
                                  "(......................................................)", role,
                                  "วันที่ ........ / ........ / ........")):
            cell = ws.cell(r + 1 + k, col, text)
            cell.font = st.body_font
    for k in range(6):
        ws.row_dimensions[r + k].height = st.ROW_HEIGHT


def _chart(ws: Worksheet, c: Chart, r: int, places: _Places, wb: Workbook) -> None:
    sheet, cols, first, last = places.tables[c.table]
    src = wb[sheet]
    chart = BarChart()
    chart.type = "col"
    chart.title = c.title
    for key in c.values:
        chart.add_data(Reference(src, min_col=cols[key], min_row=first - 1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(src, min_col=cols[c.category], min_row=first, max_row=last))
    chart.y_axis.scaling.min = 0
    chart.y_axis.title = c.y_title or None
    chart.height, chart.width = 7, 15
    if len(c.values) == 1:
        chart.legend = None
    ws.add_chart(chart, f"A{r}")
