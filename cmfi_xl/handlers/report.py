"""จัดทำรายงาน: ``cmfi-xl report BOOK.xlsx -o REPORT.xlsx --date TODAY`` as a job.

The CLI writes the report to a separate file.  The button adds the same report sheets (part 1,
part 2, the operations summary with ``tblReportFigures``) to the open institution workbook —
the remote engine can only change the workbook that called it, and the report is read from that
workbook; pressing again replaces them.  Part 2 takes the committee's scores from the assessment
sheets the ประเมิน button added to the same workbook (``--scores``); without them, from the
registers only (the CLI's report without ``--scores``: warning Q001).  The after-plan workbook
(``--after``) is a separate file that only the CLI reads.  A workbook with errors is refused (the CLI writes
no report either: exit 1), naming the first bad cell.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ._book import BookErrors, read_book
from .session import Session

__all__ = ["run_report", "report", "now"]


def run_report(session: Session, *, submitted_at: dt.datetime) -> tuple[list[Any], Any]:
    """Build the report of the session's workbook dated ``submitted_at`` and add its sheets.
    Returns ``(issues, what finish returned)``; raises :class:`BookErrors` when it must not be built."""
    from cmfi_xl.commands.report import report_of
    from cmfi_xl.validate.check import sort_issues
    from cmfi_xl.xlsx.report import add_rendered_sheets

    from cmfi_xl.xlsx.assess import committee_of, has_assessment

    checked = read_book(session)
    wb, _ = session.values()
    committee = (lambda form: committee_of(wb, form, session.name)) if has_assessment(wb) else None
    session.progress("จัดทำรายงาน … / building the report")
    doc, issues = report_of(None, checked=checked, committee=committee, on=submitted_at.date(),
                            submitted_at=submitted_at)
    if doc is None:
        raise BookErrors(sort_issues(issues))
    add_rendered_sheets(session.target(), doc)
    return issues, session.finish()


def now() -> dt.datetime:
    """The report's date and submission stamp (``report --date``'s default: today)."""
    return dt.datetime.now().replace(microsecond=0)


def report(book: Any) -> None:
    """The จัดทำรายงาน button."""
    from cmfi_xl.report.sheets import OPS, PART1, PART2

    from .excel import ExcelSession

    session = ExcelSession(book, "จัดทำรายงาน")
    issues, _ = session.run(run_report, submitted_at=now(), action_th=" แล้วจัดทำรายงาน")
    scored = any(i.code == "Q001" for i in issues)
    text = (f"จัดทำรายงานเสร็จ: เพิ่มแผ่นงาน {PART1}, {PART2}, {OPS} — ส่วนที่ 2 "
            + ("คิดคะแนนจากทะเบียนเท่านั้น (กดปุ่ม ประเมิน ให้คณะกรรมการกรอกคะแนนก่อน)" if scored
               else "ใช้คะแนนของคณะกรรมการในแผ่นงานประเมิน"))
    warnings = [i for i in issues if i.severity.value == "warning" and i.code not in ("M014", "Q001")]
    if warnings:
        text += f"\nคำเตือน {len(warnings)} รายการ เช่น {warnings[0].where}: {warnings[0].message_th}"
    session.alert(text)
