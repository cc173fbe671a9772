"""Write a :class:`~cmfi_xl.rollup.core.Rollup` as the district workbook (template ``cmfi-district``).

Sheets (Thai, TH Sarabun New 16 pt, A4, B.E. dates):

* **สรุปรวม** — who, what year, how many files; ``tblRollupFigures`` (key · label · value · label_en):
  the unit's total of every figure as plain numbers, the table the next level up reads.
* **ตัดรายการระหว่างกัน** — the consolidated lines: gross, eliminated, net as live formulas over the
  totals row, and the rule in words.
* **รายสถาบัน** / **รายอำเภอ** — ``tblRollupUnits``: one row per accepted unit; a totals row of
  ``SUM`` formulas below the table.
* **สถานะไฟล์** — ``tblFileStatus``: every file in the inbox with its status and reason.
* **ความครบถ้วน** — ``tblCompleteness``: the roster with sent / not sent.
* **แผนภูมิ** — charts over the units sheet.

Idempotent: nothing depends on the clock. The workbook's stamp (``cmfi.submitted_at``, core
created/modified) is the latest stamp among the accepted files, and the ZIP entries carry a fixed
time, so the same inbox gives a byte-identical file.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.packaging.custom import StringProperty
from openpyxl.utils import column_index_from_string, get_column_letter, quote_sheetname
from openpyxl.worksheet.table import Table as XlTable
from openpyxl.worksheet.table import TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from cmfi_xl.xlsx import styles as st
from cmfi_xl.xlsx.build import FIXED_TIME, page_setup, protect, title_rows
from cmfi_xl.xlsx.write import write_atomic

from .core import LEVEL_TH, STATUS_TH, Rollup
from .figures import FIGURES
from .formats import DISTRICT, FIGURE_COLUMNS, FIGURE_HEADERS, ROLLUP_TABLE, stamp_properties

__all__ = ["add_rollup_sheets", "build_rollup_workbook", "write_rollup", "SHEETS"]

HEADER_ROW, FIRST = 4, 5
SHEETS = {"summary": "สรุปรวม", "elim": "ตัดรายการระหว่างกัน", "status": "สถานะไฟล์", "roster": "ความครบถ้วน",
          "charts": "แผนภูมิ"}
UNIT_SHEET = {"village": "รายสถาบัน", "amphoe": "รายอำเภอ", "province": "รายจังหวัด"}
ZIP_TIME = (FIXED_TIME.year, FIXED_TIME.month, FIXED_TIME.day, 0, 0, 0)
_FMT = {"money": st.MONEY_FORMAT, "int": st.INT_FORMAT}


def _stamp_value(text: str) -> Any:
    """An ISO stamp as a date/datetime cell (shown in B.E.), else the text as it came."""
    if not text:
        return None
    try:
        if len(text) == 10:
            return dt.datetime.combine(dt.date.fromisoformat(text), dt.time())
        return dt.datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        return text


def _as_of(r: Rollup) -> dt.datetime:
    v = _stamp_value(r.as_of)
    return v if isinstance(v, dt.datetime) else FIXED_TIME


def _header(ws: Worksheet, row: int, headers: Sequence[str], widths: Sequence[float]) -> None:
    for i, (h, w) in enumerate(zip(headers, widths), 1):
        c = ws.cell(row, i, h)
        c.font, c.fill, c.alignment, c.border = st.header_font, st.header_fill, st.wrap_center, st.box
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.row_dimensions[row].height = st.HEADER_ROW_HEIGHT


def _cell(ws: Worksheet, row: int, col: int, value: Any, fmt: str | None = None) -> Any:
    if isinstance(value, Decimal):
        value = float(value)  # Decimal becomes float only here, at the Excel boundary
    c = ws.cell(row, col, value)
    c.font, c.border = st.body_font, st.box
    if fmt:
        c.number_format = fmt
    elif isinstance(value, dt.datetime):
        c.number_format = st.DATE_FORMAT
    return c


def _table(ws: Worksheet, name: str, ncols: int, nrows: int) -> None:
    last = HEADER_ROW + max(nrows, 1)
    t = XlTable(displayName=name, ref=f"A{HEADER_ROW}:{get_column_letter(ncols)}{last}")
    t.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(t)
    for r in range(FIRST, last + 1):
        ws.row_dimensions[r].height = st.ROW_HEIGHT


def _titles(ws: Worksheet, th: str, en: str, r: Rollup, ncols: int) -> None:
    unit = f"{LEVEL_TH[r.level]} {r.unit_code}".strip()
    title_rows(ws, th, en, f"{DISTRICT.template_id} {DISTRICT.version} · {unit} · ปีงบประมาณ {r.fiscal_year or '-'}",
               ncols)
    ws.row_dimensions[3].height = st.ROW_HEIGHT


# --------------------------------------------------------------------------- sheets


def _units_sheet(wb: Workbook, r: Rollup) -> tuple[Worksheet, int, dict[str, str]]:
    """One row per accepted unit; totals row of SUM formulas. Returns (sheet, totals row, key → column)."""
    ws = wb.create_sheet(UNIT_SHEET.get(r.input_level, "รายหน่วย"))
    fixed = [("รหัส", 12), ("ชื่อ", 46), ("แม่แบบ", 18), ("วันที่ส่ง", 15), ("ไฟล์", 34)]
    headers = [h for h, _ in fixed] + [f.label for f in FIGURES]
    widths = [w for _, w in fixed] + [16 if f.kind == "money" else 11 for f in FIGURES]
    _titles(ws, f"ผลการดำเนินงานราย{LEVEL_TH[r.input_level]}", f"Per {r.input_level}: one row per accepted file",
            r, len(headers))
    ws.cell(3, 1, "ค่าในตารางมาจากไฟล์ที่รับรวม · แถวรวมท้ายตารางเป็นสูตร SUM").font = st.stamp_font
    _header(ws, HEADER_ROW, headers, widths)
    col = {f.key: get_column_letter(len(fixed) + i) for i, f in enumerate(FIGURES, 1)}
    for i, s in enumerate(r.accepted):
        row = FIRST + i
        for j, v in enumerate((s.unit_code, s.unit_name, s.template_id, _stamp_value(s.stamp), s.file), 1):
            _cell(ws, row, j, v, st.TEXT_FORMAT if j in (1, 5) else None)
        for j, f in enumerate(FIGURES, len(fixed) + 1):
            _cell(ws, row, j, s.figures[f.key], _FMT[f.kind])
    _table(ws, "tblRollupUnits", len(headers), len(r.accepted))
    last = HEADER_ROW + max(len(r.accepted), 1)
    total_row = last + 1
    lab = _cell(ws, total_row, 1, "รวม")
    lab.font = st.bold_font
    _cell(ws, total_row, 2, f"รวมทั้ง{LEVEL_TH[r.level]} ({len(r.accepted)} หน่วย)").font = st.bold_font
    for j, f in enumerate(FIGURES, len(fixed) + 1):
        letter = get_column_letter(j)
        c = _cell(ws, total_row, j, f"=SUM({letter}{FIRST}:{letter}{last})", _FMT[f.kind])
        c.font, c.fill = st.bold_font, st.formula_fill
    ws.row_dimensions[total_row].height = st.ROW_HEIGHT
    ws.freeze_panes = f"C{FIRST}"
    page_setup(ws, landscape=True, title_rows=f"{HEADER_ROW}:{HEADER_ROW}", print_area=None)
    ws.sheet_properties.pageSetUpPr.fitToPage = False  # wide: pages across, code and name repeated
    ws.print_title_cols = "A:B"
    protect(ws)
    return ws, total_row, col


def _summary_sheet(wb: Workbook, r: Rollup) -> None:
    ws = wb.create_sheet(SHEETS["summary"])
    unit = f"{LEVEL_TH[r.level]} {r.unit_code}".strip()
    _titles(ws, f"สรุปรวมผลการดำเนินงานสถาบันการจัดการเงินทุนชุมชน ระดับ{unit}",
            f"Roll-up of community fund management institutions: {r.level} {r.unit_code}", r, 4)
    facts = [
        ("หน่วยงาน / unit", unit),
        ("ปีงบประมาณ (พ.ศ.) / fiscal year", r.fiscal_year),
        ("ข้อมูล ณ (วันที่ส่งล่าสุดของไฟล์ที่รับ) / as of", _stamp_value(r.as_of)),
        ("ไฟล์ที่ได้รับ / files received", len(r.statuses)),
        ("รับรวม / accepted", r.count("accepted")),
        ("มีไฟล์ใหม่กว่า / superseded", r.count("superseded")),
        ("ไฟล์ซ้ำ / identical duplicates", r.count("duplicate")),
        ("ไม่รับ / rejected", r.count("rejected")),
        ("หน่วยในบัญชีรายชื่อ / units on the roster", len(r.roster)),
        ("ยังไม่ส่ง / not received", len(r.missing)),
    ]
    row = 3
    for label, value in facts:
        row += 1
        _cell(ws, row, 1, label).font = st.bold_font
        c = _cell(ws, row, 2, value, st.INT_FORMAT if isinstance(value, int) and "พ.ศ." not in label else None)
        if "พ.ศ." in label:
            c.number_format = "0"
        ws.row_dimensions[row].height = st.ROW_HEIGHT
    row += 2
    ws.cell(row, 1, "ยอดรวมทุกตัวเลข (ตาราง tblRollupFigures: ระดับถัดไปอ่านตารางนี้) / totals of every figure").font = \
        st.bold_font
    ws.row_dimensions[row].height = st.ROW_HEIGHT
    hdr = row + 1
    for i, (h, w) in enumerate(zip((FIGURE_HEADERS[k] for k in (*FIGURE_COLUMNS, "label_en")), (44, 58, 20, 50)), 1):
        c = ws.cell(hdr, i, h)
        c.font, c.fill, c.alignment, c.border = st.header_font, st.header_fill, st.wrap_center, st.box
        ws.column_dimensions[get_column_letter(i)].width = w
    for i, f in enumerate(FIGURES, 1):
        rr = hdr + i
        _cell(ws, rr, 1, f.key).font = st.stamp_font
        _cell(ws, rr, 2, f.label)
        _cell(ws, rr, 3, r.totals[f.key], _FMT[f.kind])
        _cell(ws, rr, 4, f.label_en).font = st.stamp_font
        ws.row_dimensions[rr].height = st.ROW_HEIGHT
    t = XlTable(displayName=ROLLUP_TABLE, ref=f"A{hdr}:D{hdr + len(FIGURES)}")
    t.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(t)
    page_setup(ws, landscape=False, title_rows=None, print_area=f"A1:D{hdr + len(FIGURES)}")
    protect(ws)


def _elim_sheet(wb: Workbook, r: Rollup, units: Worksheet, total_row: int, col: dict[str, str]) -> None:
    ws = wb.create_sheet(SHEETS["elim"])
    _titles(ws, "การตัดรายการระหว่างกัน (ไม่นับซ้ำ)", "Eliminations: intra-system balances counted once", r, 5)
    _header(ws, HEADER_ROW, ("รายการรวม", "ยอดรวมก่อนตัด", "ตัดรายการระหว่างกัน", "ยอดสุทธิ", "Line"), (50, 20, 20, 20, 44))
    ref = quote_sheetname(units.title)
    for i, (line, gross, elim, net) in enumerate(r.consolidated):
        row = FIRST + i
        _cell(ws, row, 1, line.label)
        g = "+".join(f"{ref}!${col[k]}${total_row}" for k in line.gross)
        e = "+".join(f"{ref}!${col[k]}${total_row}" for k in line.eliminated)
        for j, formula in ((2, f"={g}"), (3, f"={e}"), (4, f"=B{row}-C{row}")):
            c = _cell(ws, row, j, formula, st.MONEY_FORMAT)
            c.fill = st.formula_fill
        _cell(ws, row, 5, line.label_en).font = st.stamp_font
        ws.row_dimensions[row].height = st.ROW_HEIGHT
    _table(ws, "tblEliminations", 5, len(r.consolidated))
    row = FIRST + len(r.consolidated) + 1
    notes = [
        "วิธีตัดรายการ: ยอดสุทธิ = ผลรวมของทุกหน่วย − รายการระหว่างสถาบันกับกลุ่มสมาชิกของตนเอง",
        "Rule: net = the sum over all units − the claims between an institution and its own member groups.",
    ]
    for f in FIGURES:
        if f.treatment == "eliminate":
            notes.append(f"• ตัด \"{f.label}\": {f.reason}")
            notes.append(f"   ({f.label_en}: {f.reason_en})")
    notes.append("ตัวเลขอื่นทุกตัวรวมตรง ๆ (ผลรวมของทุกหน่วย) / every other figure is a plain sum.")
    for text in notes:
        c = ws.cell(row, 1, text)
        c.font = st.stamp_font if text.startswith(("Rule", "   (")) else st.body_font
        ws.row_dimensions[row].height = st.ROW_HEIGHT
        row += 1
    page_setup(ws, landscape=True, title_rows=None, print_area=None)
    protect(ws)


def _status_sheet(wb: Workbook, r: Rollup) -> None:
    ws = wb.create_sheet(SHEETS["status"])
    headers = ("ไฟล์", "สถานะ", "รหัสปัญหา", "เหตุผล", "Reason", "แม่แบบ", "รหัสหน่วย", "ปีงบประมาณ", "วันที่ส่ง",
               "SHA-256 (12 ตัวแรก)", "หมายเหตุ")
    _titles(ws, "สถานะไฟล์ที่ได้รับทุกไฟล์", "Every file received, with its status", r, len(headers))
    _header(ws, HEADER_ROW, headers, (28, 14, 10, 56, 48, 18, 12, 11, 15, 16, 44))
    for i, s in enumerate(r.statuses):
        row = FIRST + i
        where = f" ({s.issue.where})" if s.issue.where else ""
        notes = "; ".join(f"{n.code} {n.message_th}" for n in s.notes)
        vals = (s.file, STATUS_TH[s.status], s.issue.code, s.issue.message_th + where, s.issue.message_en,
                s.template_id, s.unit_code, s.fiscal_year, _stamp_value(s.stamp), s.sha256[:12], notes)
        for j, v in enumerate(vals, 1):
            c = _cell(ws, row, j, v, st.TEXT_FORMAT if j in (1, 7, 10) else ("0" if j == 8 else None))
            if j == 2 and s.status == "rejected":
                c.fill = st.bad_fill
            elif j == 2 and s.status != "accepted":
                c.fill = st.warn_fill
    _table(ws, "tblFileStatus", len(headers), len(r.statuses))
    ws.freeze_panes = f"B{FIRST}"
    page_setup(ws, landscape=True, title_rows=f"{HEADER_ROW}:{HEADER_ROW}", print_area=None)
    protect(ws)


def _roster_sheet(wb: Workbook, r: Rollup) -> None:
    ws = wb.create_sheet(SHEETS["roster"])
    headers = ("รหัส", "ชื่อ", "ส่งแล้ว", "ไฟล์ที่ใช้")
    _titles(ws, "ความครบถ้วนของการส่งไฟล์ (เทียบบัญชีรายชื่อ)", "Completeness against the roster", r, 4)
    if not r.roster:
        ws.cell(3, 1, "ไม่ได้ระบุบัญชีรายชื่อ (--roster): แสดงเฉพาะหน่วยที่ส่งไฟล์มา / no roster given").font = st.body_font
    _header(ws, HEADER_ROW, headers, (14, 44, 14, 34))
    by_code = {s.unit_code: s for s in r.accepted}
    entries = [(e.code, e.name) for e in r.roster] or [(s.unit_code, s.unit_name) for s in r.accepted]
    extra = [(s.unit_code, s.unit_name) for s in r.accepted if r.roster and s.unit_code not in {e.code for e in r.roster}]
    for i, (code, name) in enumerate(entries + extra):
        row = FIRST + i
        s = by_code.get(code)
        sent = "ส่งแล้ว" if s else "ยังไม่ส่ง"
        if s and r.roster and (code, name) in extra:
            sent = "ส่งแล้ว (ไม่อยู่ในบัญชี)"
        for j, v in enumerate((code, name or (s.unit_name if s else ""), sent, s.file if s else ""), 1):
            c = _cell(ws, row, j, v, st.TEXT_FORMAT if j == 1 else None)
            if j == 3 and not s:
                c.fill = st.bad_fill
    _table(ws, "tblCompleteness", 4, len(entries) + len(extra))
    page_setup(ws, landscape=False, title_rows=f"{HEADER_ROW}:{HEADER_ROW}", print_area=None)
    protect(ws)


def _charts_sheet(wb: Workbook, r: Rollup, units: Worksheet, col: dict[str, str]) -> None:
    ws = wb.create_sheet(SHEETS["charts"])
    _titles(ws, "แผนภูมิ", "Charts", r, 10)
    n = max(len(r.accepted), 1)
    cats = Reference(units, min_col=1, min_row=FIRST, max_row=FIRST + n - 1)

    specs = [
        ("หนี้ครัวเรือนคงเหลือ (บาท)", ("debt_to_groups", "debt_to_outside"), "A4", "bar", True),
        ("ครัวเรือน: สัญญาเดียว / หลายสัญญา", ("one_contract_households", "multi_contract_households"), "A24",
         "col", True),
        ("เงินลงหุ้น และเงินกู้ระหว่างกลุ่มคงเหลือ (บาท)", ("share_amount", "intergroup_outstanding"), "A44", "col", False),
    ]
    for title, keys, anchor, kind, stacked in specs:
        chart = BarChart()
        chart.type = kind
        chart.title = title
        if stacked:
            chart.grouping, chart.overlap = "stacked", 100
        for key in keys:
            c = column_index_from_string(col[key])
            chart.add_data(Reference(units, min_col=c, min_row=HEADER_ROW, max_row=FIRST + n - 1), titles_from_data=True)
        chart.set_categories(cats)
        chart.y_axis.scaling.min = 0
        chart.height, chart.width = 9, 22
        ws.add_chart(chart, anchor)
    page_setup(ws, landscape=True, title_rows=None, print_area="A1:N64")
    protect(ws)


def add_rollup_sheets(wb: Workbook, r: Rollup) -> None:
    """The district sheets appended to ``wb`` (sheets of the same names are replaced): the whole
    district workbook for the CLI, the open workbook for the รวมไฟล์ button."""
    for name in (*SHEETS.values(), *UNIT_SHEET.values(), "รายหน่วย"):
        if name in wb.sheetnames:
            del wb[name]
    _summary_sheet(wb, r)
    units, total_row, col = _units_sheet(wb, r)
    _elim_sheet(wb, r, units, total_row, col)
    _status_sheet(wb, r)
    _roster_sheet(wb, r)
    _charts_sheet(wb, r, units, col)
    # order: summary, eliminations, units, status, completeness, charts
    wb.move_sheet(SHEETS["elim"], offset=-1)


def build_rollup_workbook(r: Rollup) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    add_rollup_sheets(wb, r)
    wb.active = 0
    when = _as_of(r)
    wb.properties.creator = "cmfi-xl"
    wb.properties.title = f"สรุปรวม{LEVEL_TH[r.level]} {r.unit_code} ปีงบประมาณ {r.fiscal_year or ''}".strip()
    wb.properties.created = wb.properties.modified = when
    props = stamp_properties(DISTRICT.template_id, DISTRICT.version, r.unit_code, r.fiscal_year or 0, when)
    props["cmfi.level"] = r.level
    for name, value in props.items():
        wb.custom_doc_props.append(StringProperty(name=name, value=value))
    wb.calculation.fullCalcOnLoad = True
    return wb


def _stable_zip(data: bytes, when: dt.datetime) -> bytes:
    """The same parts with a fixed timestamp, so equal content gives equal bytes (openpyxl stamps
    ``dcterms:modified`` with the clock when it saves: put the roll-up's own stamp back)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            part = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                part = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>" + when.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>", part)
            dst.writestr(zi, part)
    return out.getvalue()


def write_rollup(r: Rollup, out: str | Path, *, inputs: tuple[str | Path, ...] = ()) -> Path:
    """Write the district workbook atomically (never over one of ``inputs``)."""
    buf = io.BytesIO()
    build_rollup_workbook(r).save(buf)
    data = _stable_zip(buf.getvalue(), _as_of(r))
    return write_atomic(out, lambda tmp: tmp.write_bytes(data), inputs=inputs)
