"""``cmfi-xl plan`` / ``apply-plan`` on workbook files: thin shells around the planner core."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from cmfi_xl.core.models import InstitutionBook
from cmfi_xl.core.thai import BOLD_WIDTH, format_thai_date
from cmfi_xl.planner import Instance, Plan
from cmfi_xl.schema.institution import INSTITUTION
from cmfi_xl.schema.plan import (
    PLAN_GROUPS_SHEET,
    PLAN_SETTLEMENT_SHEET,
    PLAN_SHEETS,
    PLAN_SUMMARY_SHEET,
    PLAN_TABLE,
)
from cmfi_xl.schema.spec import Column, Kind, Table
from cmfi_xl.core.issues import Issue
from cmfi_xl.debt.apply import Application
from cmfi_xl.debt.report import plan_figures, plan_rows
from cmfi_xl.validate.locate import Locator

from . import styles as st
from .build import HEADER_ROW, Layout, open_on_first_sheet, page_setup, protect, table_sheet, title_rows, wrapped_height
from .safety import safe_load_workbook
from .write import save_atomic

K = Kind
GROUPS_TABLE = Table(
    "plan_groups", "tblDebtPlanGroups", PLAN_GROUPS_SHEET, "เงินของแต่ละกลุ่มตามแผน", "Each group's cash under the plan",
    (
        Column("group_id", "รหัสกลุ่ม", "Group id", K.ID, width=11),
        Column("name", "ชื่อกลุ่ม", "Group name", K.TEXT, width=34),
        Column("lendable_before", "ให้กู้ได้ก่อนแผน", "Lendable before", K.MONEY, width=16),
        Column("taken_over", "รับโอนหนี้", "Taken over", K.MONEY, width=16),
        Column("released", "ได้รับเงินคืน", "Released (paid back)", K.MONEY, width=16),
        Column("lendable_after", "ให้กู้ได้หลังแผน", "Lendable after", K.MONEY, width=16),
    ),
    capacity=0, landscape=False,
)
SETTLEMENT_TABLE = Table(
    "plan_settlement", "tblDebtPlanSettlement", PLAN_SETTLEMENT_SHEET, "ลำดับการโอนเงินที่ไม่ทำให้เงินสดของกลุ่มใดติดลบ",
    "Settlement order in which no group's cash goes below zero",
    (
        Column("step", "ลำดับ", "Step", K.INT, width=8),
        Column("household", "รหัสครัวเรือน", "Household", K.ID, width=13),
        Column("contract", "สัญญาเดิม", "Old contract", K.ID, width=13),
        Column("payer", "กลุ่มผู้จ่าย", "Paying group", K.ID, width=12),
        Column("payee", "กลุ่มผู้รับเงินคืน", "Group paid back", K.ID, width=14),
        Column("amount", "จำนวนเงิน", "Amount", K.MONEY, width=15),
        Column("bridge", "เงินยืมระหว่างวันจากสถาบัน", "Bridge from the institution", K.MONEY, width=18),
    ),
    capacity=0, landscape=False,
)


def _before_after_chart(ws: Any, row: int, title: str, anchor: str) -> None:
    """A two-bar column chart of one summary row's before (B) and after (C) values."""
    chart = BarChart()
    chart.type = "col"
    chart.title = title
    chart.add_data(Reference(ws, min_col=2, max_col=3, min_row=row, max_row=row), from_rows=True,
                   titles_from_data=False)
    chart.set_categories(Reference(ws, min_col=2, max_col=3, min_row=HEADER_ROW, max_row=HEADER_ROW))
    chart.legend = None
    chart.y_axis.scaling.min = 0  # bars that start at zero do not exaggerate the change
    chart.height, chart.width = 7.5, 12
    ws.add_chart(chart, anchor)


def _summary_sheet(wb: Workbook, plan: Plan, figures: dict[str, Any], stamp: str) -> None:
    ws = wb.create_sheet(PLAN_SUMMARY_SHEET, 0)
    title_rows(ws, "สรุปแผนรวมหนี้ 1 ครัวเรือน 1 สัญญา", "Debt-consolidation plan: summary", stamp, 4)
    widths = (46, 20, 20, 40)
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    head = ("รายการ", "ก่อนแผน", "หลังแผน", "Item")
    for c, h in enumerate(head, 1):
        cell = ws.cell(HEADER_ROW, c, h)
        cell.font, cell.fill, cell.alignment = st.header_font, st.header_fill, st.wrap_center
    other = plan.other_policy
    rows: list[tuple[str, Any, Any, str, str]] = [
        ("ครัวเรือนที่มีหนี้กับกลุ่มสมาชิก", figures["indebted"], figures["indebted"], "Households with community debt", st.INT_FORMAT),
        ("ครัวเรือนที่มีสัญญาเดียว", figures["one_before"], figures["one_after"], "Households at one contract", st.INT_FORMAT),
        ("ดอกเบี้ยที่ครัวเรือนจ่ายต่อปี (บาท)", float(figures["interest_before"]), float(figures["interest_after"]),
         "Households' annual interest (baht)", st.MONEY_FORMAT),
        ("เงินที่โอนระหว่างกลุ่ม (บาท)", 0, float(figures["amount_moved"]), "Amount moved between groups", st.MONEY_FORMAT),
    ]
    for r_off, (label, before, after, en, fmt) in enumerate(rows):
        r = HEADER_ROW + 1 + r_off
        for c, v in enumerate((label, before, after, en), 1):
            cell = ws.cell(r, c, v)
            cell.font, cell.border = st.body_font, st.box
            if c in (2, 3):
                cell.number_format = fmt
        ws.row_dimensions[r].height = st.ROW_HEIGHT
    r = HEADER_ROW + len(rows) + 2
    cert = plan.certificate
    notes = [
        ("นโยบาย", "ห้ามดอกเบี้ยเพิ่ม (no harm)" if plan.no_harm else "รวมหนี้ให้ได้มากที่สุดก่อน"),
        ("สถานะการคำนวณ / solver status", f"{plan.status} ({cert.solver}), ช่องว่างที่พิสูจน์แล้ว gap = {plan.bound.gap} ครัวเรือน"),
        ("ขอบเขตบน: ครัวเรือนสัญญาเดียว / proven bound", plan.bound.one_contract_households),
        ("เวลาคำนวณ (วินาที) / time", round(cert.time_s, 2)),
        ("สัญญากับแหล่งภายนอก (ไม่อยู่ในแผน)", figures["outside_contracts"]),
    ]
    if other is not None:
        notes.append((
            "ถ้าใช้อีกนโยบาย / the other policy",
            f"{'ห้ามดอกเบี้ยเพิ่ม' if other.no_harm else 'รวมหนี้มากที่สุด'}: สัญญาเดียว "
            f"{other.objective.one_contract_households} ครัวเรือน, ดอกเบี้ย {other.objective.annual_interest:,.2f} บาท, "
            f"ครัวเรือนที่ดอกเบี้ยเพิ่ม {other.dearer_households}",
        ))
    if plan.settlement is not None:
        notes.append(("เงินยืมระหว่างวันที่สถาบันต้องจัดหา / bridge", f"{plan.settlement.bridge_total:,.2f} บาท"))
    if cert.note_th:
        notes.append(("หมายเหตุ", cert.note_th))
    value_width = sum(widths[1:])
    for label, value in notes:
        a, b = ws.cell(r, 1, label), ws.cell(r, 2, value)
        a.font, b.font = st.bold_font, st.body_font
        # a long note wraps inside B:D (merged) and its label inside A, on a row tall enough for both
        a.alignment = b.alignment = st.wrap_left
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=4)
        ws.row_dimensions[r].height = max(wrapped_height(label, widths[0] * BOLD_WIDTH),
                                          wrapped_height(str(value), value_width))
        r += 1
    _before_after_chart(ws, HEADER_ROW + 2, "ครัวเรือนที่มีสัญญาเดียว ก่อน/หลังแผน", f"A{r + 1}")
    _before_after_chart(ws, HEADER_ROW + 3, "ดอกเบี้ยต่อปี ก่อน/หลังแผน (บาท)", f"C{r + 1}")
    page_setup(ws, landscape=False, title_rows=None, print_area=f"A1:D{r + 17}")
    protect(ws)


def write_plan(src: str | Path, out: str | Path, book: InstitutionBook, inst: Instance, plan: Plan,
               settings: dict[str, Any], *, today: dt.date | None = None) -> Path:
    """A copy of ``src`` with the plan sheets (replacing any earlier plan); ``src`` is untouched."""
    _, wb = safe_load_workbook(src)
    add_plan_sheets(wb, book, inst, plan, settings, today=today)
    return save_atomic(wb, out, inputs=(src,))


def add_plan_sheets(wb: Workbook, book: InstitutionBook, inst: Instance, plan: Plan,
                    settings: dict[str, Any], *, today: dt.date | None = None) -> None:
    """The plan sheets, first in ``wb``, replacing any earlier plan."""
    for name in PLAN_SHEETS:
        if name in wb.sheetnames:
            del wb[name]
    today = today or dt.date.today()
    stamp = f"cmfi-debt-plan/1 · {format_thai_date(today, 'numeric')}"
    rows = plan_rows(book, inst, plan, int(settings.get("plan_term_months") or 60))
    names = {g.group_id: g.name for g in book.member_groups}
    groups = [{"group_id": g.id, "name": names.get(g.id), "lendable_before": g.lendable_before,
               "taken_over": g.taken_over, "released": g.released, "lendable_after": g.lendable_after}
              for g in plan.groups]
    steps = [] if plan.settlement is None else [
        {"step": s.step, "household": s.household, "contract": s.contract, "payer": s.from_, "payee": s.to,
         "amount": s.amount, "bridge": s.bridge or None}
        for s in plan.settlement.steps
    ]
    sizes = {PLAN_TABLE.key: max(len(rows), 1), GROUPS_TABLE.key: max(len(groups), 1),
             SETTLEMENT_TABLE.key: max(len(steps), 1)}
    layout = Layout(INSTITUTION, sizes)
    _summary_sheet(wb, plan, plan_figures(book, inst, plan), stamp)
    table_sheet(wb, INSTITUTION, layout, PLAN_TABLE, rows, editable={"approved"}, index=1)
    table_sheet(wb, INSTITUTION, layout, GROUPS_TABLE, groups, editable=set(), index=2)
    table_sheet(wb, INSTITUTION, layout, SETTLEMENT_TABLE, steps, editable=set(), index=3)
    open_on_first_sheet(wb)


def read_plan_rows(path: str | Path, loc: Locator) -> tuple[list[dict[str, Any]], list[Issue]]:
    """The household plan table of a planned workbook, parsed like any register."""
    _, wb = safe_load_workbook(path, data_only=True)
    return plan_rows_of(wb, loc)


def plan_rows_of(wb: Workbook, loc: Locator) -> tuple[list[dict[str, Any]], list[Issue]]:
    """:func:`read_plan_rows` on a workbook in memory (cell values)."""
    from cmfi_xl.core.issues import UnreadableWorkbook
    from cmfi_xl.validate.tables import map_headers, parse_rows

    from .read import read_table, tables_by_name

    hit = tables_by_name(wb).get(PLAN_TABLE.name.casefold())
    if hit is None:
        raise UnreadableWorkbook("F013")
    raw = read_table(hit[0], PLAN_TABLE.key, PLAN_TABLE.name, hit[1])
    place, issues = map_headers(PLAN_TABLE, raw.sheet, raw.header_row, raw.headers)
    loc.tables[PLAN_TABLE.key] = place
    rows, row_issues = parse_rows(PLAN_TABLE, INSTITUTION, place, raw.rows, loc)
    return rows, issues + row_issues


def write_application(src: str | Path, out: str | Path, book: InstitutionBook, loc: Locator,
                      app: Application) -> Path:
    """A copy of ``src`` with the transfers and new contracts appended and old contracts closed."""
    _, wb = safe_load_workbook(src)
    record_application(wb, book, loc, app)
    return save_atomic(wb, out, inputs=(src,))


def record_application(wb: Workbook, book: InstitutionBook, loc: Locator, app: Application) -> None:
    """Append the transfers and new contracts to their tables in ``wb``; close the old contracts."""
    from .registers import append_rows, close_contracts

    append_rows(wb, book, loc, "debt_transfers", app.transfers)
    append_rows(wb, book, loc, "contracts", app.new_contracts)
    close_contracts(wb, book, loc, app.close)
