"""Build a workbook from its declaration (``cmfi_xl.schema``), optionally filled with data.

The same function makes the blank template committed under ``workbooks/templates/`` and every
filled workbook the tool writes (demo, ``cmfi-xl new``), so the layout has one source of truth.

Layout of a register sheet: row 1 the Thai title, row 2 the English title and template stamp,
row 3 the Excel Table header, data from row 4. Input columns are unlocked; header and formula
cells are locked; the sheet is protected with no password (staff may unprotect).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.utils import get_column_letter, quote_sheetname, range_boundaries
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.dimensions import SheetFormatProperties
from openpyxl.worksheet.table import Table as XlTable
from openpyxl.worksheet.table import TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from cmfi_xl.core.thai import BOLD_WIDTH, CHARS_PER_WIDTH, fits, visible_len
from cmfi_xl.schema.spec import Column, Kind, Table, WorkbookSpec
from cmfi_xl.schema.summary import SUMMARY_ITEMS

from . import styles as st

HEADER_ROW = 3
FIRST_DATA_ROW = 4
PROFILE_FIRST_ROW = 5
STAMP_CELLS = {"template_id": "B2", "version": "B3"}
FIXED_TIME = dt.datetime(2025, 1, 1, 0, 0, 0)  # template files are byte-stable except zip times

Rows = Sequence[Mapping[str, Any]]


class Layout:
    """Where every table column and profile field lands: the rendering context for formulas."""

    def __init__(self, spec: WorkbookSpec, sizes: Mapping[str, int]) -> None:
        self.spec = spec
        self.sizes = dict(sizes)
        self.field_rows = {f.key: PROFILE_FIRST_ROW + i for i, f in enumerate(spec.profile_fields)}
        self.summary_rows = {it.key: FIRST_DATA_ROW + i for i, it in enumerate(SUMMARY_ITEMS)}

    def letter(self, table: Table, key: str) -> str:
        return get_column_letter([c.key for c in table.columns].index(key) + 1)

    def last_row(self, table: Table) -> int:
        return FIRST_DATA_ROW + self.sizes[table.key] - 1

    def column_range(self, table_key: str, col_key: str) -> str:
        t = self.spec.table(table_key)
        col = self.letter(t, col_key)
        return f"{quote_sheetname(t.sheet)}!${col}${FIRST_DATA_ROW}:${col}${self.last_row(t)}"

    def render(self, template: str, *, table: Table | None = None, row: int | None = None) -> str:
        def col(key: str) -> str:
            assert table is not None and row is not None
            return f"${self.letter(table, key)}{row}"

        def tbl(rest: str) -> str:
            tkey, _, ckey = rest.partition(":")
            return self.column_range(tkey, ckey)

        return render_placeholders(template, {
            "col": col, "tbl": tbl,
            "cell": lambda key: f"{quote_sheetname(self.spec.profile_sheet)}!$B${self.field_rows[key]}",
            "item": lambda key: f"$B${self.summary_rows[key]}",
        })


#: ``{kind:rest}`` in a formula template (the rest: letters, digits, ``_`` and ``:``)
PLACEHOLDER = re.compile(r"\{([a-z]+:[A-Za-z0-9_:]+)\}")


def render_placeholders(template: str, resolve: Mapping[str, Callable[[str], str]]) -> str:
    """Replace every ``{kind:rest}`` of a formula template by ``resolve[kind](rest)`` (the one
    template language of the registers' and the report's formulas)."""
    def sub(m: re.Match[str]) -> str:
        kind, _, rest = m.group(1).partition(":")
        if kind not in resolve:
            raise ValueError(f"bad placeholder {m.group(0)}")
        return resolve[kind](rest)

    return PLACEHOLDER.sub(sub, template)


def to_cell_value(col_kind: Kind, value: Any, choices: Mapping[str, str] | None = None) -> Any:
    """Domain value → what openpyxl writes. Decimal becomes float only here, at the boundary."""
    if value is None:
        return None
    if col_kind is Kind.CHOICE and choices is not None:
        return choices.get(str(value), str(value))
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    return value


def wrapped_height(text: str, width: float, pt: int = st.BODY_PT) -> float:
    """Row height for ``text`` wrapped in a column of ``width`` (Thai needs ~1.5 × the point size)."""
    per_line = max(width * CHARS_PER_WIDTH, 1)
    lines = sum(max(1, math.ceil(visible_len(part) / per_line)) for part in str(text).split("\n"))
    slack = 0.5 if lines > 1 else 0  # Thai wraps at word/punctuation boundaries, not at any letter
    return max(st.ROW_HEIGHT, (lines + slack) * pt * 1.5 + 4)


def column_width(ws: Worksheet, col: int) -> float | None:
    """A column's width in characters, or None when the sheet does not set it (Excel shows 8.43;
    a workbook read from Excel by the add-in carries no widths at all)."""
    dim = ws.column_dimensions.get(get_column_letter(col))
    return dim.width if dim is not None and dim.customWidth and dim.width else None


def overflowing(texts: Iterable[tuple[int, Any, float | None]]) -> tuple[set[int], float]:
    """Of (column, value, width the value has): the columns whose text is wider than that (formulas
    and unknown widths aside), and the row height that shows them wrapped (0 when there are none)."""
    cols: set[int] = set()
    height = 0.0
    for c, v, width in texts:
        if isinstance(v, str) and not v.startswith("=") and width is not None and not fits(v, width):
            cols.add(c)
            height = max(height, wrapped_height(v, width))
    return cols, height


def wrap_long_text(ws: Worksheet, row: int, cols: Iterable[int] | Mapping[int, float]) -> None:
    """Text longer than its column wraps inside it and the row grows to fit: printed, it would
    otherwise run off the page or be cut by the next cell (never clip Thai text). ``cols``: the
    columns to look at, or {column: width} to measure against the template's widths (a sheet read
    from the open workbook by the add-in has none, and the button must do what the CLI does)."""
    cells = {c: cell for c in cols if (cell := ws._cells.get((row, c))) is not None}  # never creates a cell

    def width(c: int) -> float | None:
        w = cols[c] if isinstance(cols, Mapping) else column_width(ws, c)
        bold = cells[c].font is not None and cells[c].font.b
        return None if w is None else w * (BOLD_WIDTH if bold else 1)

    wrap, height = overflowing((c, cell.value, width(c)) for c, cell in cells.items())
    for c in wrap:
        cells[c].alignment = st.wrap_left
    if height > (ws.row_dimensions[row].height or 0):
        ws.row_dimensions[row].height = height


def fit_title_rows(ws: Worksheet, ncols: int) -> None:
    """A title or subtitle (rows 1-2, column A alone) wider than the printed columns wraps over
    them (merged) on a taller row, instead of running off the page."""
    total = sum(column_width(ws, c) or 8.43 for c in range(1, ncols + 1))
    for r in (1, 2):
        cells = [ws._cells.get((r, c)) for c in range(1, ncols + 1)]  # never creates a cell
        text = cells[0].value if cells[0] is not None else None
        if (not isinstance(text, str) or any(c is not None and c.value is not None for c in cells[1:])
                or any(f"A{r}" in merged for merged in ws.merged_cells.ranges)):
            continue
        pt = ws.cell(r, 1).font.sz or st.BODY_PT
        if fits(text, total, pt):
            continue
        if ncols > 1:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
        ws.cell(r, 1).alignment = st.wrap_left
        ws.row_dimensions[r].height = max(ws.row_dimensions[r].height or 0,
                                          wrapped_height(text, total * st.BODY_PT / pt, int(pt)))


def title_rows(ws: Worksheet, title: str, subtitle: str, stamp: str, ncols: int) -> None:
    ws["A1"] = title
    ws["A1"].font = st.title_font
    ws["A2"] = f"{subtitle}    ·    {stamp}"
    ws["A2"].font = st.subtitle_font
    ws.row_dimensions[1].height = st.TITLE_ROW_HEIGHT
    ws.row_dimensions[2].height = st.ROW_HEIGHT


def page_setup(ws: Worksheet, *, landscape: bool, title_rows: str | None, print_area: str | None) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = 0.6
    ws.page_margins.bottom = 0.9  # room for the footer in a 16 pt Thai font
    ws.page_margins.footer = 0.3
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "หน้า &P / &N"
    ws.oddFooter.center.font = st.FONT_NAME
    ws.oddFooter.center.size = 12
    ws.oddFooter.right.text = "&A"
    if title_rows:
        ws.print_title_rows = title_rows
    if print_area:
        ws.print_area = print_area
    fit_title_rows(ws, range_boundaries(print_area.replace("$", "").split(",")[0])[2] if print_area
                   else ws.max_column)
    ws.sheet_format = SheetFormatProperties(defaultRowHeight=st.ROW_HEIGHT, customHeight=True)


def open_on_first_sheet(wb: Workbook) -> None:
    """The workbook opens on its first sheet, with only that tab selected (a copy with new sheets
    in front would otherwise open on the old active sheet, or with several tabs grouped)."""
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = False
    wb.active = 0
    wb.worksheets[0].sheet_view.tabSelected = True


def protect(ws: Worksheet) -> None:
    """Protect with no password: staff may unprotect. Allow filters, sorting and resizing."""
    p = ws.protection
    p.sheet = True
    p.autoFilter = False
    p.sort = False
    p.formatColumns = False
    p.formatRows = False
    p.formatCells = False


def _validation_for(col: Column, spec: WorkbookSpec) -> DataValidation | None:
    if col.kind is Kind.CHOICE:
        assert col.choices
        cl = spec.choice_list(col.choices)
        return DataValidation(
            type="list", formula1=f"=lst_{cl.key}", allow_blank=True, showErrorMessage=True,
            errorStyle="stop", errorTitle="ค่าไม่อยู่ในรายการ",
            error=f"เลือกจากรายการ: {cl.title}", promptTitle=col.header[:32],
            prompt=f"เลือกจากรายการ / choose: {col.header_en}"[:255], showInputMessage=True,
        )
    if col.ref:
        return DataValidation(
            type="list", formula1=f"=lst_{col.ref}", allow_blank=True, showErrorMessage=True,
            errorStyle="warning", errorTitle="ไม่พบรหัส",
            error="รหัสนี้ยังไม่อยู่ในทะเบียน / not in the register yet",
            promptTitle=col.header[:32], prompt=col.header_en[:255], showInputMessage=True,
        )
    if col.kind in (Kind.MONEY, Kind.NUMBER, Kind.RATE) and col.nonnegative:
        return DataValidation(
            type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
            showErrorMessage=True, errorStyle="warning", errorTitle="ตัวเลขไม่ถูกต้อง",
            error="กรอกตัวเลขไม่ติดลบ / a non-negative number",
        )
    if col.kind is Kind.INT:
        return DataValidation(
            type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
            showErrorMessage=True, errorStyle="warning", errorTitle="ตัวเลขไม่ถูกต้อง",
            error="กรอกจำนวนเต็มไม่ติดลบ / a whole number",
        )
    if col.kind is Kind.DATE:
        return DataValidation(
            type="custom", formula1="TRUE", allow_blank=True, showInputMessage=True,
            promptTitle="วันที่ / date", prompt="เช่น 15/01/2568 (พ.ศ.) / e.g. 15/01/2568 (B.E.)",
        )
    return None


def table_sheet(wb: Workbook, spec: WorkbookSpec, layout: Layout, table: Table, rows: Rows, *,
                editable: set[str] | None = None, index: int | None = None) -> Worksheet:
    """One register sheet. ``editable`` limits the unlocked columns (default: every input column)."""
    ws = wb.create_sheet(table.sheet, index)
    ncols = len(table.columns)
    last_col = get_column_letter(ncols)
    last_row = layout.last_row(table)
    title_rows(ws, table.title, table.title_en, f"{spec.template_id} {spec.version} · {table.name}", ncols)
    ws.row_dimensions[HEADER_ROW].height = st.HEADER_ROW_HEIGHT
    for i, col in enumerate(table.columns, 1):
        letter = get_column_letter(i)
        dim = ws.column_dimensions[letter]
        dim.width = col.width
        # Column styles make every empty cell of the column look and behave right when typed in.
        dim.font = st.body_font
        dim.number_format = st.number_format(col.kind, col.number_format)
        is_open = col.is_input and (editable is None or col.key in editable)
        dim.protection = st.unlocked if is_open else st.locked
        h = ws.cell(HEADER_ROW, i, col.header)
        h.font, h.fill, h.alignment, h.border, h.protection = (
            st.header_font, st.header_fill, st.wrap_center, st.box, st.locked)
        dv = _validation_for(col, spec)
        if dv is not None:
            ws.add_data_validation(dv)
            dv.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}")
    choice_maps = {
        c.key: {ch.code: ch.label for ch in spec.choice_list(c.choices).choices}
        for c in table.columns if c.choices
    }
    for r_i, record in enumerate(rows):
        r = FIRST_DATA_ROW + r_i
        for c_i, col in enumerate(table.columns, 1):
            if not col.is_input or record.get(col.key) is None:
                continue
            cell = ws.cell(r, c_i, to_cell_value(col.kind, record[col.key], choice_maps.get(col.key)))
            cell.font, cell.number_format = st.body_font, st.number_format(col.kind)
            cell.protection = st.unlocked if editable is None or col.key in editable else st.locked
            cell.alignment = st.left_middle  # a row grown for wrapped text keeps its cells in line
        wrap_long_text(ws, r, range(1, ncols + 1))
    for c_i, col in enumerate(table.columns, 1):
        if col.formula is None:
            continue
        for r in range(FIRST_DATA_ROW, last_row + 1):
            cell = ws.cell(r, c_i, layout.render(col.formula, table=table, row=r))
            cell.font, cell.fill, cell.protection = st.body_font, st.formula_fill, st.locked
            cell.number_format = st.number_format(col.kind, col.number_format)
            cell.alignment = st.left_middle
    xt = XlTable(displayName=table.name, ref=f"A{HEADER_ROW}:{last_col}{last_row}")
    xt.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(xt)
    ws.freeze_panes = f"A{FIRST_DATA_ROW}"
    shown = max(len(rows), 25)
    page_setup(ws, landscape=table.landscape, title_rows=f"{HEADER_ROW}:{HEADER_ROW}",
                print_area=f"A1:{last_col}{min(FIRST_DATA_ROW + shown - 1, last_row)}")
    protect(ws)
    if table.hidden:
        ws.sheet_state = "hidden"
    return ws


def _profile_sheet(wb: Workbook, spec: WorkbookSpec, layout: Layout, profile: Mapping[str, Any]) -> None:
    ws = wb.active
    ws.title = spec.profile_sheet
    ws["A1"] = spec.title
    ws["A1"].font = st.title_font
    ws.row_dimensions[1].height = st.TITLE_ROW_HEIGHT
    for label, key, row in (("รหัสแม่แบบ / Template", "template_id", 2), ("รุ่นแม่แบบ / Version", "version", 3)):
        ws.cell(row, 1, label).font = st.stamp_font
        c = ws[STAMP_CELLS[key]]
        c.value = getattr(spec, key)
        c.font, c.number_format = st.stamp_font, st.TEXT_FORMAT
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 48
    ws.column_dimensions["C"].width = 36
    choice_maps = {f.key: {ch.code: ch.label for ch in spec.choice_list(f.choices).choices}
                   for f in spec.profile_fields if f.choices}
    for f in spec.profile_fields:
        r = layout.field_rows[f.key]
        ws.row_dimensions[r].height = st.ROW_HEIGHT
        lab = ws.cell(r, 1, f.label + (" *" if f.required else ""))
        lab.font, lab.border, lab.alignment = st.bold_font, st.box, st.left_middle
        en = ws.cell(r, 3, f.label_en)
        en.font = st.stamp_font
        v = ws.cell(r, 2)
        v.font, v.border = st.body_font, st.box
        if f.kind is Kind.FORMULA:
            assert f.formula
            v.value = layout.render(f.formula)
            v.fill, v.protection = st.formula_fill, st.locked
            continue
        v.fill, v.protection, v.number_format = st.input_fill, st.unlocked, st.number_format(f.kind)
        if f.kind is Kind.DATE:
            v.number_format = st.LONG_DATE_FORMAT
        if f.number_format:
            v.number_format = f.number_format
        val = profile.get(f.key)
        if val is not None:
            v.value = to_cell_value(f.kind, val, choice_maps.get(f.key))
        if f.choices:
            dv = DataValidation(type="list", formula1=f"=lst_{f.choices}", allow_blank=True,
                                showErrorMessage=True, errorStyle="stop")
            ws.add_data_validation(dv)
            dv.add(v.coordinate)
    last = PROFILE_FIRST_ROW + len(spec.profile_fields) - 1
    ws.cell(last + 2, 1, "* ต้องกรอก / required").font = st.stamp_font
    page_setup(ws, landscape=False, title_rows=None, print_area=f"A1:C{last + 2}")
    protect(ws)


def _lists_sheet(wb: Workbook, spec: WorkbookSpec, layout: Layout) -> None:
    ws = wb.create_sheet(spec.lists_sheet)
    ws["A1"] = "รายการสำหรับเลือก (drop-down lists) — แก้ไขโดยปรับปรุงแม่แบบเท่านั้น"
    ws["A1"].font = st.bold_font

    def add_list(col_idx: int, key: str, title: str, values: Sequence[str]) -> None:
        letter = get_column_letter(col_idx)
        ws.column_dimensions[letter].width = 30
        h = ws.cell(2, col_idx, title)
        h.font, h.fill = st.header_font, st.header_fill
        for i, v in enumerate(values):
            ws.cell(3 + i, col_idx, v).font = st.body_font
        end = 3 + max(len(values), 1) - 1
        wb.defined_names[f"lst_{key}"] = DefinedName(
            f"lst_{key}", attr_text=f"{quote_sheetname(ws.title)}!${letter}$3:${letter}${end}")

    col = 1
    for cl in spec.choice_lists:
        add_list(col, cl.key, cl.title, cl.labels)
        col += 1
    # Lenders: outside lenders first, then every member-group id (formulas mirror the register).
    groups = spec.table("member_groups")
    gcol = layout.letter(groups, "group_id")
    outside = spec.choice_list("outside_lender").labels
    mirror = [
        f'=IF({quote_sheetname(groups.sheet)}!${gcol}${r}="","",{quote_sheetname(groups.sheet)}!${gcol}${r})'
        for r in range(FIRST_DATA_ROW, layout.last_row(groups) + 1)
    ]
    add_list(col, "lender", "ผู้ให้กู้ (แหล่งภายนอก + รหัสกลุ่ม)", [*outside, *mirror])
    for key, (tkey, ckey) in {
        "group": ("member_groups", "group_id"),
        "household": ("households", "household_id"),
        "bank_account": ("bank_accounts", "account_id"),
        "intergroup_loan": ("intergroup_loans", "loan_no"),
    }.items():
        wb.defined_names[f"lst_{key}"] = DefinedName(f"lst_{key}", attr_text=layout.column_range(tkey, ckey))
    ws.row_dimensions[2].height = st.HEADER_ROW_HEIGHT
    page_setup(ws, landscape=True, title_rows=None, print_area=None)
    protect(ws)


def _summary_sheet(wb: Workbook, spec: WorkbookSpec, layout: Layout) -> None:
    ws = wb.create_sheet(spec.summary_sheet)
    title_rows(ws, "สรุปข้อมูลสถาบัน (คำนวณอัตโนมัติ)", "Summary (live formulas)",
                f"{spec.template_id} {spec.version}", 3)
    for i, (h, w) in enumerate((("รายการ", 52), ("ค่า", 20), ("Item", 44)), 1):
        c = ws.cell(HEADER_ROW, i, h)
        c.font, c.fill, c.alignment, c.border = st.header_font, st.header_fill, st.wrap_center, st.box
        ws.column_dimensions[get_column_letter(i)].width = w
    fmts = {"int": st.INT_FORMAT, "money": st.MONEY_FORMAT, "text": "General"}
    for it in SUMMARY_ITEMS:
        r = layout.summary_rows[it.key]
        ws.row_dimensions[r].height = st.ROW_HEIGHT
        a = ws.cell(r, 1, it.label)
        b = ws.cell(r, 2, layout.render(it.formula))
        c = ws.cell(r, 3, it.label_en)
        for cell in (a, b, c):
            cell.font, cell.border = st.body_font, st.box
        b.number_format, b.fill = fmts[it.fmt], st.formula_fill
        c.font = st.stamp_font
    page_setup(ws, landscape=False, title_rows=None, print_area=None)
    protect(ws)


def _help_sheet(wb: Workbook, spec: WorkbookSpec) -> None:
    """วิธีกรอก: generated from the declarations, so it never disagrees with the layout."""
    ws = wb.create_sheet("วิธีกรอก")
    ws["A1"] = "วิธีกรอกแบบฟอร์ม (สร้างจากโครงสร้างแม่แบบ)"
    ws["A1"].font = st.title_font
    for i, w in enumerate((26, 30, 20, 12, 60), 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    r = 3
    for i, h in enumerate(("แผ่นงาน / ตาราง", "หัวคอลัมน์", "key", "ต้องกรอก", "คำอธิบาย"), 1):
        c = ws.cell(r, i, h)
        c.font, c.fill = st.header_font, st.header_fill
    for t in spec.tables:
        for col in t.columns:
            r += 1
            vals = (f"{t.sheet} ({t.name})", col.header, col.key,
                    "คำนวณ" if not col.is_input else ("✓" if col.required else ""),
                    col.doc or col.header_en)
            for i, v in enumerate(vals, 1):
                ws.cell(r, i, v).font = st.body_font
    ws.freeze_panes = "A4"
    page_setup(ws, landscape=True, title_rows="3:3", print_area=None)
    protect(ws)


def default_settings_rows() -> list[dict[str, Any]]:
    from cmfi_xl.schema.institution import INSTITUTION
    from cmfi_xl.schema.settings import SETTINGS

    rows = []
    for st_ in SETTINGS:
        value = st_.default
        if st_.choices:
            value = next(c.label for c in INSTITUTION.choice_list(st_.choices).choices if c.code == value)
        rows.append({"key": st_.key, "label": st_.label, "value": value})
    return rows


def build_workbook(
    spec: WorkbookSpec,
    *,
    profile: Mapping[str, Any] | None = None,
    data: Mapping[str, Rows] | None = None,
) -> Workbook:
    """The template (no data) or a filled workbook. Tables grow to fit the data given."""
    data = dict(data or {})
    if "settings" not in data and any(t.key == "settings" for t in spec.tables):
        data["settings"] = default_settings_rows()
    sizes = {t.key: max(t.capacity, len(data.get(t.key, ())) + 50) for t in spec.tables}
    layout = Layout(spec, sizes)
    wb = Workbook()
    _profile_sheet(wb, spec, layout, profile or {})
    for t in spec.tables:
        table_sheet(wb, spec, layout, t, data.get(t.key, ()))
    _summary_sheet(wb, spec, layout)
    _lists_sheet(wb, spec, layout)
    _help_sheet(wb, spec)
    wb.properties.creator = "cmfi-xl"
    wb.properties.title = spec.title
    wb.properties.created = wb.properties.modified = FIXED_TIME
    wb.custom_doc_props.append(StringProperty(name="cmfi.template_id", value=spec.template_id))
    wb.custom_doc_props.append(StringProperty(name="cmfi.template_version", value=spec.version))
    wb.calculation.fullCalcOnLoad = True
    return wb
