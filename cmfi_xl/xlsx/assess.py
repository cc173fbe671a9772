"""The assessment workbook on disk: write it (render the sheet descriptions) and read the
committee's entries back (scores, reasons, answers, plan rows) with their cell addresses."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter, range_boundaries

from cmfi_xl.assess.assessment import Answer, CommitteeInput, Entry, PlanRow, parse_score
from cmfi_xl.assess.form import Form
from cmfi_xl.assess.sheets import ASSESS_COLS, PLAN_COLS, T_ASSESS, T_PLAN, T_QUEST, TEMPLATE_ID
from cmfi_xl.core import thai
from cmfi_xl.core.issues import UnreadableWorkbook
from cmfi_xl.report.doc import Book

from .read import tables_by_name
from .report import render_book
from .safety import safe_load_workbook
from .write import save_atomic


def write_book(doc: Book, out: str | Path, *, inputs: tuple[str | Path, ...] = ()) -> Path:
    return save_atomic(render_book(doc), out, inputs=inputs)


def _rows(ws: Any, ref: str) -> tuple[dict[str, int], list[tuple[int, dict[str, Any]]]]:
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    head = {str(ws.cell(min_row, c).value or "").strip(): c for c in range(min_col, max_col + 1)}
    rows = []
    for r in range(min_row + 1, max(max_row, ws.max_row) + 1):
        vals = {h: ws.cell(r, c).value for h, c in head.items()}
        if any(v not in (None, "") for v in vals.values()):
            rows.append((r, vals))
    return head, rows


def read_committee(path: str | Path, form: Form) -> CommitteeInput:
    """The committee's entries. Raises :class:`UnreadableWorkbook` when the file is not an
    assessment workbook (F012) or cannot be read (F0xx)."""
    _, wb = safe_load_workbook(path, data_only=True)
    props = {p.name: getattr(p, "value", None) for p in wb.custom_doc_props}
    if props.get("cmfi.template_id") not in (None, TEMPLATE_ID) or not has_assessment(wb):
        raise UnreadableWorkbook("F012", found=props.get("cmfi.template_id") or "?", expected=TEMPLATE_ID)
    return committee_of(wb, form, Path(path).name, props.get("cmfi.form_version"))


def has_assessment(wb: Any) -> bool:
    """Whether ``wb`` holds the assessment sheet (its table ``T_ASSESS``)."""
    return T_ASSESS.casefold() in tables_by_name(wb)


def committee_of(wb: Any, form: Form, name: str, form_version: str | None = None) -> CommitteeInput:
    """The committee's entries in ``wb`` (an assessment workbook's values, or the open workbook
    the ประเมิน button added the assessment sheets to)."""
    tables = tables_by_name(wb)
    ws, ref = tables[T_ASSESS.casefold()]
    h = {c.key: c.header for c in ASSESS_COLS}
    head, rows = _rows(ws, ref)
    known = {i.no for i in form.indicators}
    entries: dict[int, Entry] = {}
    unknown: list[Entry] = []

    def addr(key: str, r: int) -> str:
        c = head.get(h[key])
        return f"{get_column_letter(c)}{r}" if c else ""

    for r, vals in rows:
        no = thai.parse_int(vals.get(h["no"])).value
        if no is None:
            continue
        reason = vals.get(h["reason"])
        e = Entry(no, vals.get(h["committee"]), "" if reason is None else str(reason), ws.title,
                  addr("committee", r), addr("reason", r), h["committee"], h["reason"])
        (entries.__setitem__(no, e) if no in known else unknown.append(e))
    answers: dict[str, Answer] = {}
    q = tables.get(T_QUEST.casefold())
    if q is not None:
        qhead, qrows = _rows(*q)
        for r, vals in qrows:
            key, val = vals.get("รหัส"), vals.get("คำตอบ (ใช่/ไม่ใช่)")
            c = qhead.get("คำตอบ (ใช่/ไม่ใช่)")
            if key and val not in (None, ""):
                answers[str(key)] = Answer(str(key), val, q[0].title, f"{get_column_letter(c)}{r}" if c else "")
    plan: list[PlanRow] = []
    p = tables.get(T_PLAN.casefold())
    if p is not None:
        ph = {c.key: c.header for c in PLAN_COLS}
        _, prow = _rows(*p)
        for _r, vals in prow:
            activity = vals.get(ph["activity"])
            if not activity:
                continue
            month = thai.parse_date(vals.get(ph["month"])).value
            budget = thai.parse_money(vals.get(ph["budget"])).value
            try:
                no = parse_score(vals.get(ph["no"]))
            except ValueError:
                no = None
            plan.append(PlanRow(no, str(vals.get(ph["indicator"]) or ""), str(activity),
                                str(vals.get(ph["owner"]) or ""),
                                month if isinstance(month, dt.date) else None, budget or Decimal(0)))
    return CommitteeInput(name, form_version, entries, tuple(unknown), answers, tuple(plan), ws.title)


#: The demo's stand-in for the committee at the workshop (``cmfi-xl demo`` only).
DEMO_SCORES = {10: 2, 14: 2, 15: 1, 16: 3, 17: 1, 18: 2}
DEMO_OVERRIDE = (2, 3, "ประชุมคณะกรรมการเพิ่ม 2 ครั้ง (ส.ค.–ก.ย.) บันทึกในสมุดรายงานการประชุม ยังไม่ได้ลงทะเบียน")
DEMO_ANSWERS = {"founded_on_savings_group": "ใช่", "upgraded_savings_group": "ไม่ใช่", "individual_members": "ไม่ใช่",
                "separate_books": "ใช่", "own_regulations": "ใช่"}


def demo_fill_committee(src: str | Path, dst: str | Path) -> Path:
    """Type the committee's scores, one override with its reason and the answers, as a person would."""
    _, wb = safe_load_workbook(src)
    tables = tables_by_name(wb)
    ws, ref = tables[T_ASSESS.casefold()]
    h = {c.key: c.header for c in ASSESS_COLS}
    head, rows = _rows(ws, ref)
    for r, vals in rows:
        no = vals.get(h["no"])
        if no in DEMO_SCORES:
            ws.cell(r, head[h["committee"]], DEMO_SCORES[no])
        if no == DEMO_OVERRIDE[0]:
            ws.cell(r, head[h["committee"]], DEMO_OVERRIDE[1])
            ws.cell(r, head[h["reason"]], DEMO_OVERRIDE[2])
    qws, qref = tables[T_QUEST.casefold()]
    qhead, qrows = _rows(qws, qref)
    for r, vals in qrows:
        if vals.get("รหัส") in DEMO_ANSWERS:
            qws.cell(r, qhead["คำตอบ (ใช่/ไม่ใช่)"], DEMO_ANSWERS[vals["รหัส"]])
    return save_atomic(wb, dst, inputs=(src,))
