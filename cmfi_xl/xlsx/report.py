"""Render plain sheet descriptions (:mod:`cmfi_xl.report.doc`) into a styled openpyxl workbook,
and write the official report (``cmfi-xl report``).

House style: TH Sarabun New 16 pt, explicit row heights, A4, B.E. dates, ``#,##0.00`` money,
locked formula cells, protected sheets without a password.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table as XlTable
from openpyxl.worksheet.table import TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from cmfi_xl.core.thai import BOLD_WIDTH, CHARS_PER_WIDTH, visible_len
from cmfi_xl.report.doc import Block, Book, Chart, Pairs, Sheet, Signatures, Table, Text
from cmfi_xl.schema.spec import Kind

from . import styles as st
from .build import FIXED_TIME, page_setup, protect, render_placeholders, to_cell_value, wrapped_height

NUMBER_FORMAT = {
    "text": st.TEXT_FORMAT, "wrap": st.TEXT_FORMAT, "int": st.INT_FORMAT, "money": st.MONEY_FORMAT,
    "date": st.DATE_FORMAT, "month": "[$-107041E]mmm yyyy", "pct": "0.00", "score": "0", "points": "0.##",
    "general": "General",
}
wrap_top = Alignment(wrap_text=True, vertical="center")
middle = Alignment(vertical="center")
link_font = Font(name=st.FONT_NAME, size=st.BODY_PT, color="0563C1", underline="single")
warn_font = Font(name=st.FONT_NAME, size=st.BODY_PT, bold=True, color="9C0006")
def cell_value(v: Any) -> Any:
    """Domain value → what openpyxl writes (Decimal → float only here, at the boundary)."""
    return to_cell_value(Kind.TEXT, v)


class _Places:
    """Pass 1: where every table column and named pair lands, so formulas can refer to them."""

    def __init__(self) -> None:
        self.tables: dict[str, tuple[str, dict[str, int], int, int]] = {}  # name → sheet, cols, first, last
        self.cells: dict[str, str] = {}

    def render(self, template: str, row: int | None = None, cols: dict[str, int] | None = None) -> str:
        def col(key: str) -> str:
            assert cols is not None and row is not None
            return f"${get_column_letter(cols[key])}{row}"

        def tbl(rest: str) -> str:
            tname, _, key = rest.partition(":")
            sheet, tcols, first, last = self.tables[tname]
            letter = get_column_letter(tcols[key])
            return f"{quote_sheetname(sheet)}!${letter}${first}:${letter}${last}"

        return render_placeholders(template, {"col": col, "tbl": tbl, "cell": lambda key: self.cells[key]})


def _block_rows(b: Block, s: Sheet | None = None) -> int:
    if isinstance(b, Table):
        return (1 if b.title else 0) + 1 + max(len(b.rows) + b.min_rows, 1) + 1
    if isinstance(b, Pairs):
        return (1 if b.title else 0) + len(b.items) + 1
    if isinstance(b, Text):
        return 1
    if isinstance(b, Chart):
        return b.rows
    if isinstance(b, Signatures):
        assert s is not None
        return 1 + max(dr for dr, _ in signature_positions(s, len(b.roles))) + len(SIGN_LINES) + 1
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
            r += _block_rows(b, s)
    return places


def render_book(doc: Book) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    add_rendered_sheets(wb, doc)
    wb.properties.creator = "cmfi-xl"
    wb.properties.title = doc.title
    wb.properties.created = wb.properties.modified = FIXED_TIME
    for name, value in doc.properties.items():
        wb.custom_doc_props.append(StringProperty(name=name, value=value))
    wb.calculation.fullCalcOnLoad = True
    return wb


def add_rendered_sheets(wb: Workbook, doc: Book) -> None:
    """The sheets of ``doc`` added to ``wb`` (a sheet of the same name is replaced): the whole
    workbook for the CLI (:func:`render_book`), the open workbook for a ribbon button."""
    places = _layout(doc)
    charts: list[tuple[Worksheet, Chart, int]] = []
    for s in doc.sheets:
        if s.name in wb.sheetnames:
            del wb[s.name]
        ws = wb.create_sheet(s.name)
        for i, w in enumerate(s.widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = w
        r = 1
        repeat = None
        for b in s.blocks:
            if isinstance(b, Table):
                _table(ws, b, r, places, s)
                if repeat is None and s.landscape:  # a register-like sheet: repeat its header on every page
                    repeat = r + (1 if b.title else 0)
            elif isinstance(b, Pairs):
                _pairs(ws, b, r, places, s)
            elif isinstance(b, Text):
                _text(ws, b, r, s)
            elif isinstance(b, Chart):
                charts.append((ws, b, r))
            elif isinstance(b, Signatures):
                _signatures(ws, b, r, s)
            r += _block_rows(b, s)
        page_setup(ws, landscape=s.landscape, title_rows=f"{repeat}:{repeat}" if repeat else None,
                   print_area=f"A1:{get_column_letter(len(s.widths))}{max(r - 1, 1)}")
        if s.protect:
            protect(ws)
    for ws, c, r in charts:
        _chart(ws, c, r, places, wb)


def _style(cell: Any, fmt: str, *, bold: bool = False, input_: bool = False, formula: bool = False) -> None:
    cell.font = st.bold_font if bold else st.body_font
    cell.number_format = NUMBER_FORMAT.get(fmt, "General")
    cell.border = st.box
    cell.alignment = wrap_top if fmt == "wrap" else middle
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
    ws.row_dimensions[r].height = max(wrapped_height(c.header, w * BOLD_WIDTH) for c, w in zip(t.columns, widths))
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
            _style(cell, rec.get("_fmt", {}).get(c.key, c.fmt), input_=c.input)
            link = rec.get("_link", {}).get(c.key)
            if link:
                cell.hyperlink = link
                cell.font = link_font
            if isinstance(v, str) and c.fmt in ("wrap", "text"):
                height = max(height, wrapped_height(v, widths[i - 1]))
                if c.fmt == "text" and visible_len(v) > widths[i - 1] * CHARS_PER_WIDTH:
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
        if item.fmt == "text":
            b.alignment = Alignment(horizontal="left", vertical="center")  # long text runs on into C, D…
        if item.note:
            c = ws.cell(row, 3, item.note)
            c.font = st.stamp_font
        ws.row_dimensions[row].height = max(wrapped_height(item.label, s.widths[0]),
                                            wrapped_height(str(v), s.widths[1]) if not formula and item.fmt == "wrap" else 0)


def _text(ws: Worksheet, t: Text, r: int, s: Sheet) -> None:
    """A line across the whole page: merged over every column and wrapped, so nothing is cut."""
    c = ws.cell(r, 1, t.text)
    c.font = {"title": st.title_font, "subtitle": st.subtitle_font, "bold": st.bold_font, "note": st.stamp_font,
              "warn": warn_font}.get(t.style, st.body_font)
    c.alignment = Alignment(wrap_text=True, vertical="center")
    if len(s.widths) > 1:
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(s.widths))
    pt = {"title": 20, "note": 12, "subtitle": 14}.get(t.style, st.BODY_PT)
    ws.row_dimensions[r].height = max(st.TITLE_ROW_HEIGHT if t.style == "title" else st.ROW_HEIGHT,
                                      wrapped_height(t.text, sum(s.widths) * st.BODY_PT / pt * (0.85 if t.style in ("title", "bold") else 1), pt))


SIGN_LINES = ("ลงชื่อ ..................................................", "(..................................................)",
              "{role}", "วันที่ ........ / ........ / ........")


def signature_positions(s: Sheet, roles: int) -> list[tuple[int, int]]:
    """(row offset, column) of each signature block: side by side when the text of the left block
    fits before the column where the right one starts, else one below the other."""
    starts, acc = [], 0.0
    for w in s.widths:
        starts.append(acc)
        acc += w
    mid = min(range(1, len(s.widths)), key=lambda i: abs(starts[i] - acc / 2), default=0)
    if roles == 2 and mid and starts[mid] >= 36:
        return [(0, 1), (0, mid + 1)]
    return [(5 * i, 1) for i in range(roles)]


def _signatures(ws: Worksheet, sg: Signatures, r: int, s: Sheet) -> None:
    for (dr, col), role in zip(signature_positions(s, len(sg.roles)), sg.roles):
        for k, text in enumerate(SIGN_LINES):
            cell = ws.cell(r + 1 + dr + k, col, text.format(role=role))
            cell.font = st.body_font
    for k in range(_block_rows(sg, s)):
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


class PersonalDataLeak(Exception):
    """A personal value was about to leave the institution (carries the Q002 issue)."""

    def __init__(self, issue: Any) -> None:
        self.issue = issue
        super().__init__(issue.message_en)


def write_report(r: Any, out: str | Path, *, submitted_at: dt.datetime, inputs: tuple[str | Path, ...] = ()) -> Path:
    """Render the report of ``r`` (:class:`cmfi_xl.report.sheets.ReportInput`) and save it; refuse
    (Q002) when any outgoing sheet would carry a personal value of the book."""
    from .write import save_atomic

    return save_atomic(render_book(report_document(r, submitted_at=submitted_at)), out, inputs=inputs)


def report_document(r: Any, *, submitted_at: dt.datetime) -> Book:
    """The report of ``r`` as a sheet description (raises :class:`PersonalDataLeak`, Q002)."""
    from cmfi_xl.core.issues import make_issue
    from cmfi_xl.report.sheets import TEMPLATE_ID, pdpa_leaks, personal_values, report_book
    from cmfi_xl.rollup.formats import REPORT, stamp_properties

    p = r.book.profile
    props = stamp_properties(TEMPLATE_ID, REPORT.version, p.village_code or "", r.assessment.fiscal_year,
                             submitted_at, p.name or "")
    doc = report_book(r, props)
    leaks = pdpa_leaks(doc.texts(outgoing_only=True), personal_values(r.book))
    if leaks:
        raise PersonalDataLeak(make_issue("Q002", what=", ".join(sorted({w for _, w in leaks}))))
    return doc
