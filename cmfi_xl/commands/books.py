"""``cmfi-xl books BOOK.xlsx -o OUT.xlsx [--as-of YYYY-MM-DD]``: the institution's books.

Reads and checks the workbook, computes every balance (:func:`cmfi_xl.books.run_books`) and
writes a NEW file: a copy of the input plus the summary sheets (shares, loans and schedules,
welfare, cash and bank with the passbook reconciliation, income and expense, balance sheet, the
year-end allocation proposal, and the issues). The input is never modified. Exit 1 when there
are errors (the output is still written, with the errors listed, so they can be looked at).
"""

from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from cmfi_xl.books import BooksResult, BooksSettings, ClosedMonth, close_month, run_books
from cmfi_xl.books.sheets import SheetSpec, build_books_sheets
from cmfi_xl.core import thai
from cmfi_xl.core.issues import Issue, Severity, has_errors
from cmfi_xl.core.models import InstitutionBook
from cmfi_xl.validate.locate import Locator

DEMO_ORDER = 10


@dataclass(frozen=True)
class BooksRun:
    book: InstitutionBook
    settings: BooksSettings
    result: BooksResult
    issues: list[Issue]  # the reader's and the books', sorted, without duplicates
    sheets: list[SheetSpec]


def _dedupe(issues: list[Issue]) -> list[Issue]:
    seen: set[tuple[str, str, str, str]] = set()
    out = []
    for i in issues:
        k = (i.code, i.sheet, i.cell, i.message_en)
        if k not in seen:
            seen.add(k)
            out.append(i)
    return out


def compute_books(path: str | Path, as_of: dt.date | None = None, close: tuple[ClosedMonth, ...] = ()) -> BooksRun:
    """File → checked book → books → sheet descriptions (no file written). ``close``: months
    being closed now, taken as closed (their seals are about to be written with the copy)."""
    from cmfi_xl.validate.check import check_file

    return books_of(*check_file(path), as_of=as_of, close=close)


def books_of(book: InstitutionBook, issues: list[Issue], loc: Locator, as_of: dt.date | None = None,
             close: tuple[ClosedMonth, ...] = ()) -> BooksRun:
    """The checked book (``check_file``'s triple, from a file or an open workbook) → books →
    sheet descriptions: what the ribbon button runs too (``cmfi_xl.handlers.books``)."""
    from cmfi_xl.validate.books import book_to_books_settings, passbooks_of
    from cmfi_xl.validate.check import sort_issues

    settings = book_to_books_settings(book, loc)
    if close:
        settings = settings.model_copy(update={"closed_months": settings.closed_months + close})
    result = run_books(book, settings, passbooks=passbooks_of(book), loc=loc, as_of=as_of)
    all_issues = sort_issues(_dedupe(issues + result.issues))
    return BooksRun(book, settings, result, all_issues, build_books_sheets(result, book, settings, all_issues))


def headline(r: BooksResult) -> list[tuple[str, str]]:
    """A few figures (Thai, English) for the terminal."""
    bs, inc, a = r.balance, r.income, r.allocation
    bank = sum((x.amount for x in bs.assets if x.key.startswith("bank:")), Decimal(0))
    when = thai.format_thai_date(r.when, "numeric")
    return [
        (f"ทุนเรือนหุ้น ณ {when}: {bs.amount('share_capital'):,.2f} บาท ({len(r.shares)} กลุ่ม)",
         "share capital"),
        (f"ลูกหนี้เงินกู้ระหว่างกลุ่ม: {bs.amount('loans_receivable'):,.2f} บาท "
         f"(ค้างชำระ {sum(p.instalments_overdue for p in r.loans.values())} งวด)", "inter-group loans receivable"),
        (f"เงินสด {bs.amount('cash'):,.2f} · เงินฝากธนาคาร {bank:,.2f} บาท", "cash and bank"),
        (f"รายได้ {inc.total_income:,.2f} − ค่าใช้จ่าย {inc.total_expense:,.2f} = กำไรสุทธิ {inc.net:,.2f} บาท",
         "income − expenses = net result"),
        (f"งบแสดงฐานะการเงิน: สินทรัพย์ {bs.total_assets:,.2f} = หนี้สิน+ทุน {bs.total_claims:,.2f} → "
         f"{'สมดุล' if bs.balances else 'ไม่สมดุล'}", "balance sheet balances" if bs.balances else "NOT balanced"),
        (f"จัดสรรกำไร {a.profit:,.2f}: จัดสรรแล้ว {a.parts_total:,.2f} + เศษ {a.residue:,.2f}",
         "allocation proposal: parts + residue = profit"),
    ]


def _as_of(text: str | None) -> dt.date | None:
    if not text:
        return None
    from cmfi_xl.cli import CommandError

    p = thai.parse_date(text)
    if p.value is None:
        raise CommandError(f"--as-of: not a date: {text!r} (YYYY-MM-DD or dd/mm/yyyy B.E.)")
    return p.value


def _month(text: str) -> dt.date:
    """``2025-10`` (C.E.) or ``10/2568`` (B.E.) → the first of that month."""
    from cmfi_xl.cli import CommandError

    t = text.strip()
    try:
        if "/" in t:
            m, y = (int(x) for x in t.split("/"))
        else:
            y, m = (int(x) for x in t.split("-")[:2])
        return dt.date(y - 543 if y > 2400 else y, m, 1)
    except ValueError:
        raise CommandError(f"--close-month: not a month: {text!r} (YYYY-MM, or MM/YYYY in B.E.)") from None


def _closing(book: InstitutionBook, loc: Locator, months: list[str]) -> tuple[ClosedMonth, ...]:
    """Seals of the months to close, from the cash book as it is now; a month already closed is refused."""
    from cmfi_xl.cli import CommandError
    from cmfi_xl.validate.books import book_to_books_settings

    already = {c.month for c in book_to_books_settings(book, loc).closed_months}
    out = []
    for m in dict.fromkeys(_month(x) for x in months):
        if m in already:
            raise CommandError(f"{m:%Y-%m} is closed already; its seal is not rewritten (that would hide edits)")
        out.append(close_month(book.cash_book, m, closed_on=dt.date.today()))
    return tuple(out)


def cmd_books(args: argparse.Namespace) -> int:
    from cmfi_xl.cli import _counts, _print_issues, _refuse_output_over_input
    from cmfi_xl.xlsx.books import write_books_copy, write_closed_copy

    from cmfi_xl.validate.check import check_file

    _refuse_output_over_input(args)
    book, issues, loc = check_file(args.book)  # read once, for the seals and the books
    close = _closing(book, loc, args.close_month) if args.close_month else ()
    run = books_of(book, issues, loc, as_of=_as_of(args.as_of), close=close)
    for th, en in headline(run.result):
        print(f"    {th} / {en}")
    _print_issues([i for i in run.issues if i.severity is not Severity.INFO], limit=30)
    print(_counts(run.issues))
    if close:
        out = write_closed_copy(
            args.book, args.output, run.sheets,
            [{"month": c.month, "closed_on": c.closed_on, "seal": c.seal} for c in close],
            [{"month": c.month, "doc_no": k, "digest": v} for c in close for k, v in sorted(c.rows.items())])
        print("ปิดเดือน / closed: " + ", ".join(f"{c.month:%Y-%m} ({len(c.rows)} รายการ, {c.seal})" for c in close))
    else:
        out = write_books_copy(args.book, args.output, run.sheets)
    print(f"เขียนไฟล์บัญชีสถาบัน / wrote {out}")
    return 1 if has_errors(run.issues) else 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("books", help="บัญชีสถาบัน: ยอดคงเหลือ งบการเงิน ข้อเสนอจัดสรรกำไร / the institution's books")
    p.add_argument("book", help="แบบฟอร์มสถาบัน (.xlsx) / the institution workbook")
    p.add_argument("-o", "--output", required=True, help="ไฟล์ใหม่ที่จะเขียน / the new file to write")
    p.add_argument("--as-of", help="ยอด ณ วันที่ (ค่าเริ่มต้น: วันสิ้นปีบัญชี) / balances as at (default: year end)")
    p.add_argument("--close-month", action="append", metavar="YYYY-MM",
                   help="ปิดเดือน: เขียนรหัสตรวจสอบของเดือนลงในไฟล์ใหม่ (ใช้ซ้ำได้) / close a month: its seal goes "
                        "into the new file (repeatable); later edits to its rows are flagged (B017/B018)")
    p.set_defaults(func=cmd_books)


def demo_step(ctx) -> None:  # type: ignore[no-untyped-def]
    from cmfi_xl.xlsx.books import write_books_copy

    src = ctx.files["book"]
    out = ctx.out / "institution-sample-books.xlsx"
    run = compute_books(src)
    write_books_copy(src, out, run.sheets)
    ctx.files["books"] = out
    e = sum(i.severity is Severity.ERROR for i in run.issues)
    w = sum(i.severity is Severity.WARNING for i in run.issues)
    ctx.say(f"บัญชีสถาบัน: เขียน {out} (ผิดพลาด {e} · เตือน {w})", f"the institution's books: wrote {out}")
    for th, en in headline(run.result):
        print(f"    {th} / {en}")
    if e:
        ctx.exit_code = 1
