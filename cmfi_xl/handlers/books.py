"""คำนวณหุ้น/บัญชี: ``cmfi-xl books BOOK.xlsx -o OUT.xlsx`` as a job.

The books' summary sheets (shares, loans, welfare, cash and bank, income and expense, balance
sheet, allocation proposal, issues) are added to the workbook — the open one in Excel, a copy on
the CLI.  As on the CLI, a workbook with errors still gets its sheets (the errors are listed in
them); the message box says how many there are.  Closing a month (``--close-month``) stays a CLI
step: it seals rows of the cash book and is not undone by closing without saving.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ._book import read_book
from .session import Session

__all__ = ["run_books", "books"]


def run_books(session: Session, *, as_of: dt.date | None = None) -> tuple[Any, Any]:
    """Compute the books of the session's workbook and add the summary sheets. Returns
    ``(BooksRun, what finish returned)``."""
    from cmfi_xl.commands.books import books_of
    from cmfi_xl.xlsx.books import add_books_sheets

    book, issues, loc = read_book(session)  # values + tables, any driver
    session.progress("คำนวณหุ้นและบัญชี … / computing the books")
    run = books_of(book, issues, loc, as_of=as_of)
    add_books_sheets(session.target(), run.sheets)  # the CLI's writer
    return run, session.finish()


def books(book: Any) -> None:
    """The คำนวณหุ้น/บัญชี button."""
    from cmfi_xl.core.issues import Severity

    from .excel import ExcelSession

    session = ExcelSession(book, "คำนวณหุ้น/บัญชี")
    run, _ = session.run(run_books, action_th=" แล้วคำนวณหุ้น/บัญชี")
    r = run.result
    bs, inc = r.balance, r.income
    e = sum(i.severity is Severity.ERROR for i in run.issues)
    w = sum(i.severity is Severity.WARNING for i in run.issues)
    text = (f"คำนวณหุ้น/บัญชีเสร็จ: ทุนเรือนหุ้น {bs.amount('share_capital'):,.2f} บาท, "
            f"กำไรสุทธิ {inc.net:,.2f} บาท, งบแสดงฐานะการเงิน{'สมดุล' if bs.balances else 'ไม่สมดุล'} — "
            f"ดูแผ่นงานสรุปบัญชีที่เพิ่มเข้ามา")
    if e or w:
        text += f"\nพบข้อผิดพลาด {e} รายการ คำเตือน {w} รายการ (ดูรายการในแผ่นงานสรุป)"
    session.alert(text)
