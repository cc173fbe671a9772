"""วางแผนหนี้ and บันทึกการโอนหนี้: ``cmfi-xl plan`` and ``cmfi-xl apply-plan`` as jobs.

The plan is the long job: the status bar says what is being solved, then the plan sheets are
written.  A workbook with errors is refused before any computation (CLI exit 1; in Excel a Thai
message naming the first bad cell).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cmfi_xl.core.issues import Issue

from ._book import checked_book
from .errors import HandlerError
from .session import Session

__all__ = ["run_plan", "run_apply", "plan", "apply_plan", "Applied"]


def run_plan(session: Session, *, no_harm: bool | None = None, time_limit: float | None = None) -> tuple[Any, Any]:
    """Solve the debt plan of the session's workbook and add the plan sheets. Returns
    ``(plan, what finish returned)``; raises :class:`~cmfi_xl.handlers._book.BookErrors`."""
    from cmfi_xl import planner
    from cmfi_xl.debt.instance import book_to_instance
    from cmfi_xl.validate.settings import read_settings
    from cmfi_xl.xlsx.plan import add_plan_sheets

    book, _, loc = checked_book(session)
    settings, _ = read_settings(book, loc)
    inst = book_to_instance(book, settings)
    session.progress(f"วางแผนหนี้ {len(inst.households)} ครัวเรือน {len(inst.groups)} กลุ่ม … / planning")
    solved = planner.solve(inst, no_harm=no_harm, time_limit_s=time_limit, compare=True)
    add_plan_sheets(session.target(), book, inst, solved, settings)
    return solved, session.finish()


@dataclass
class Applied:
    application: Any  # cmfi_xl.debt.apply.Application
    issues: list[Issue]
    output: Any


def run_apply(session: Session, *, on: dt.date | None = None) -> Applied:
    """Write the approved plan rows into the registers (idempotent, money conserved)."""
    from cmfi_xl.debt.apply import apply_rows
    from cmfi_xl.validate.check import sort_issues
    from cmfi_xl.xlsx.plan import plan_rows_of, record_application

    book, _, loc = checked_book(session)
    if "status" not in loc.tables["contracts"].columns:
        place = loc.tables["contracts"]
        raise HandlerError("ทะเบียนสัญญาเงินกู้ไม่มีคอลัมน์ สถานะ ซึ่งจำเป็นสำหรับปิดสัญญาเดิม",
                           "the contracts register has no status column (สถานะ); it is needed to close contracts",
                           sheet=place.sheet, cell=f"A{place.header_row}")
    wb, _ = session.values()
    rows, issues = plan_rows_of(wb, loc)
    app = apply_rows(book, rows, loc, on=on or dt.date.today())
    issues = sort_issues(issues + app.issues)
    record_application(session.target(), book, loc, app)
    return Applied(app, issues, session.finish())


def today() -> dt.date:
    """The date of the transfers the button records (``apply-plan --date``'s default)."""
    return dt.date.today()


def plan(book: Any) -> None:
    """The วางแผนหนี้ button."""
    from .excel import ExcelSession

    session = ExcelSession(book, "วางแผนหนี้")
    solved, _ = session.run(run_plan, action_th=" แล้ววางแผนหนี้")
    o = solved.objective
    session.alert(f"วางแผนหนี้เสร็จ ({solved.status}): ครัวเรือนสัญญาเดียว {o.one_contract_households}, "
                  f"ดอกเบี้ยต่อปี {o.annual_interest:,.2f} บาท, ยกเว้น {len(solved.exceptions)} ครัวเรือน — "
                  "ดูแผ่นงาน แผนหนี้-สรุป; คณะกรรมการเลือก อนุมัติ = ใช่ ในแผ่นงาน แผนหนี้ "
                  "แล้วกดปุ่ม บันทึกการโอนหนี้")


def apply_plan(book: Any) -> None:
    """The บันทึกการโอนหนี้ button."""
    from .excel import ExcelSession

    session = ExcelSession(book, "บันทึกการโอนหนี้")
    done = session.run(run_apply, on=today(), action_th=" แล้วบันทึกการโอนหนี้")
    a = done.application
    moved = sum((t["amount"] for t in a.transfers), start=0)
    text = (f"บันทึกการโอนหนี้ {len(a.applied)} ครัวเรือน, {len(a.transfers)} รายการ, ปิด {len(a.close)} สัญญา, "
            f"เปิดสัญญาใหม่ {len(a.new_contracts)} สัญญา, ยอดรวม {moved:,.2f} บาท")
    problems = [i for i in done.issues if i.severity.value != "info"]
    if problems:
        first = problems[0]
        text += f"\nมีปัญหา {len(problems)} รายการ เช่น {first.where}: {first.message_th}"
    session.alert(text)
