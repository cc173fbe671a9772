"""ตรวจสอบข้อมูล: check the workbook, mark the bad cells and write the results sheet.

``run_check`` is ``cmfi-xl check [-o CHECKED.xlsx]``; :func:`check` is the ribbon button.
"""

from __future__ import annotations

from typing import Any

from cmfi_xl.core.issues import Issue, Severity
from cmfi_xl.validate.check import sort_issues
from cmfi_xl.xlsx.annotate import RESULTS_SHEET, mark_checked

from ._book import read_book
from .session import Session

__all__ = ["run_check", "check", "summary_th"]


def run_check(session: Session) -> list[Issue]:
    """Every issue, sorted; when the session writes, the results sheet and the marked cells."""
    _, issues, _ = read_book(session)
    issues = sort_issues(issues)
    if session.writes:
        mark_checked(session.target(), session.name, issues)
        session.finish()
    return issues


def summary_th(issues: list[Issue]) -> str:
    e = sum(i.severity is Severity.ERROR for i in issues)
    w = sum(i.severity is Severity.WARNING for i in issues)
    head = "ไม่พบข้อผิดพลาด" if e == 0 else f"พบข้อผิดพลาด {e} รายการ"
    return f"ตรวจสอบข้อมูลเสร็จ: {head}, คำเตือน {w} รายการ — ดูรายละเอียดในแผ่นงาน {RESULTS_SHEET}"


def check(book: Any) -> list[Issue]:
    """The ตรวจสอบข้อมูล button (``book``: an ``xlwings.Book``)."""
    from .excel import ExcelSession

    session = ExcelSession(book, "ตรวจสอบข้อมูล")
    issues = session.run(run_check)
    session.alert(summary_th(issues))
    return issues
