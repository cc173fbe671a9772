"""``cmfi-xl convert`` on workbook files: read the individual-members register, write the result.

The output is a copy of the input with the registers extended (an ad-hoc member group, the
households' new savings, the moved debts as new contracts and debt-transfer rows), the converted
register rows stamped with the date, and two report sheets: before/after and one row per person.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from cmfi_xl.convert.core import BASIS_TH, FIGURE_LABELS, MONEY_FIGURES, WHY, Conversion
from cmfi_xl.core.models import InstitutionBook
from cmfi_xl.core.thai import format_thai_date
from cmfi_xl.schema.individuals import CONVERSION_SUMMARY_SHEET, CONVERSION_TABLE, INDIVIDUALS_TABLE
from cmfi_xl.schema.institution import INSTITUTION
from cmfi_xl.schema.spec import Kind
from cmfi_xl.validate.locate import Locator

from . import styles as st
from .build import (
    HEADER_ROW,
    Layout,
    open_on_first_sheet,
    page_setup,
    protect,
    table_sheet,
    title_rows,
    to_cell_value,
    wrap_long_text,
)
from .registers import append_rows, close_contracts
from .safety import safe_load_workbook
from .write import save_atomic

STATUS_TH = {
    "converted": "ปรับเปลี่ยนแล้ว",
    "proposed": "เสนอกลุ่มอื่นรับหนี้",
    "pending": "รอมติคณะกรรมการ",
    "done_before": "ทำไปแล้วก่อนหน้า",
}


def _person_rows(conv: Conversion) -> list[dict[str, Any]]:
    out = []
    for p in conv.people:
        m = p.member
        basis = BASIS_TH.get(p.basis, "")
        if p.status == "converted":
            reason = "ย้ายเงินฝากและหนี้ตามตัวบุคคลเข้ากลุ่มแล้ว" if m.debt > 0 else "ย้ายเงินฝากเข้ากลุ่มแล้ว (ไม่มีหนี้)"
        elif p.status == "done_before":
            reason = f"ปรับเปลี่ยนแล้วเมื่อ {format_thai_date(m.converted_on, 'numeric')}" if m.converted_on else ""
        else:
            th, _ = WHY.get(p.why or "", ("", ""))
            reason = (f"กลุ่ม {p.to_group}: {th} — เสนอกลุ่ม {p.debt_group} (ให้กรอกในช่องกลุ่มที่เลือกแล้วทำซ้ำ)"
                      if p.status == "proposed" else f"กลุ่ม {p.to_group}: {th} — ไม่มีกลุ่มที่รับได้ รอมติคณะกรรมการ")
        out.append({
            "member_no": m.member_no, "household_id": m.household_id, "to_group": p.to_group or None,
            "basis": basis or None, "regular_deposit": m.regular_deposit, "special_deposit": m.special_deposit,
            "debt": m.debt or None, "debt_group": p.debt_group, "new_contract": p.new_contract,
            "status": STATUS_TH[p.status], "reason": reason,
        })
    return out


def _summary_sheet(wb: Workbook, conv: Conversion, book: InstitutionBook, stamp: str) -> None:
    ws = wb.create_sheet(CONVERSION_SUMMARY_SHEET, 0)
    title_rows(ws, "การปรับเปลี่ยนสมาชิกรายบุคคลเข้ากลุ่มสมาชิก: ก่อนและหลัง",
               "Converting individual members into member groups: before and after", stamp, 5)
    for i, w in enumerate((44, 18, 18, 18, 36), 1):
        ws.column_dimensions[get_column_letter(i)].width = w

    def header(r: int, cells: tuple[str, ...]) -> None:
        for c, h in enumerate(cells, 1):
            cell = ws.cell(r, c, h)
            cell.font, cell.fill, cell.alignment, cell.border = st.header_font, st.header_fill, st.wrap_center, st.box
        ws.row_dimensions[r].height = st.HEADER_ROW_HEIGHT

    def line(r: int, values: tuple[Any, ...], formats: dict[int, str]) -> None:
        for c, v in enumerate(values, 1):
            cell = ws.cell(r, c, float(v) if hasattr(v, "quantize") else v)
            cell.font, cell.border = st.body_font, st.box
            if c in formats:
                cell.number_format = formats[c]
        ws.row_dimensions[r].height = st.ROW_HEIGHT
        wrap_long_text(ws, r, range(1, len(values) + 1))

    header(HEADER_ROW, ("รายการ", "ก่อน", "หลัง", "เปลี่ยนแปลง", "Item"))
    r = HEADER_ROW
    for key, (th, en) in FIGURE_LABELS.items():
        r += 1
        b, a = conv.before[key], conv.after[key]
        fmt = st.MONEY_FORMAT if key in MONEY_FIGURES else st.INT_FORMAT
        line(r, (th, b, a, a - b, en), {2: fmt, 3: fmt, 4: fmt})
    chart_rows = (HEADER_ROW + 1, r)
    r += 2
    header(r, ("กลุ่มสมาชิก", "ให้กู้ได้ก่อน", "รับเงินฝาก", "รับโอนหนี้", "ให้กู้ได้หลัง"))
    names = {g.group_id: g.name for g in book.member_groups}
    if conv.adhoc_group:
        names[conv.adhoc_group["group_id"]] = conv.adhoc_group["name"]
    for g in sorted(conv.groups.values(), key=lambda x: x.id):
        if not (g.deposits_in or g.debt_in):
            continue
        r += 1
        label = f"{g.id} {names.get(g.id) or ''}".strip()
        line(r, (label, g.lendable_before, g.deposits_in, g.debt_in, g.lendable_after),
             {2: st.MONEY_FORMAT, 3: st.MONEY_FORMAT, 4: st.MONEY_FORMAT, 5: st.MONEY_FORMAT})
    r += 2
    notes = [
        "หนี้ตามตัวบุคคล: หนี้ย้ายไปกลุ่มเดียวกับเงินฝากเมื่อกลุ่มรับได้ตามนโยบายและเงินให้กู้พอ",
        "ถ้ากลุ่มรับไม่ได้ ระบบเสนอกลุ่มที่รับได้ (ดอกเบี้ยต่ำสุด) ให้คณะกรรมการพิจารณา โดยยังไม่ย้าย",
        "ครัวเรือนที่ยังมีหลายสัญญาหลังปรับเปลี่ยน: ใช้ปุ่มวางแผนหนี้ (cmfi-xl plan) ต่อ",
    ]
    if conv.adhoc_group:
        notes.append(f"เสนอจัดตั้ง{conv.adhoc_group['name']} รหัส {conv.adhoc_group['group_id']} "
                     f"สมาชิก {conv.adhoc_group['people']} คน ทุน {conv.adhoc_group['capital']:,.2f} บาท")
    for text in notes:
        ws.cell(r, 1, text).font = st.body_font
        ws.row_dimensions[r].height = st.ROW_HEIGHT
        r += 1
    chart = BarChart()
    chart.type = "bar"
    chart.title = "ก่อน/หลังการปรับเปลี่ยน (คน ครัวเรือน กลุ่ม)"
    last_count = chart_rows[0] + sum(1 for k in FIGURE_LABELS if k not in MONEY_FIGURES) - 1
    for col in (2, 3):
        chart.add_data(Reference(ws, min_col=col, min_row=HEADER_ROW, max_row=last_count), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=chart_rows[0], max_row=last_count))
    chart.height, chart.width = 9, 16
    ws.add_chart(chart, f"A{r + 1}")
    page_setup(ws, landscape=False, title_rows=None, print_area=f"A1:E{r + 20}")
    protect(ws)


def write_conversion(src: str | Path, out: str | Path, book: InstitutionBook, loc: Locator,
                     conv: Conversion) -> Path:
    """A copy of ``src`` with the conversion recorded; ``src`` is untouched."""
    _, wb = safe_load_workbook(src)
    for name in (CONVERSION_SUMMARY_SHEET, CONVERSION_TABLE.sheet):
        if name in wb.sheetnames:
            del wb[name]
    for key, rows in (("member_groups", [conv.adhoc_group] if conv.adhoc_group else []),
                      ("memberships", conv.memberships), ("contracts", conv.contracts),
                      ("debt_transfers", conv.transfers)):
        append_rows(wb, book, loc, key, rows)
    close_contracts(wb, book, loc, conv.close)
    place = loc.tables[INDIVIDUALS_TABLE.key]
    ws = wb[place.sheet]
    col = place.columns.get("converted_on")
    if col is not None:
        for r in conv.converted_rows:
            cell = ws.cell(r, col[0], to_cell_value(Kind.DATE, conv.on))
            cell.number_format, cell.font = st.DATE_FORMAT, st.body_font
    stamp = f"cmfi-xl convert · {format_thai_date(conv.on, 'numeric')}"
    rows = _person_rows(conv)
    _summary_sheet(wb, conv, book, stamp)
    table_sheet(wb, INSTITUTION, Layout(INSTITUTION, {CONVERSION_TABLE.key: max(len(rows), 1)}), CONVERSION_TABLE,
                rows, editable=set(), index=1)
    open_on_first_sheet(wb)
    return save_atomic(wb, out, inputs=(src,))
