"""Everything the books compute for one institution and fiscal year, in one call."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from cmfi_xl.core import thai
from cmfi_xl.core.issues import Issue
from cmfi_xl.core.models import InstitutionBook
from cmfi_xl.validate.locate import Locator

from ._util import ZERO, baht
from .allocation import AllocationResult, allocate
from .cashbook import (BalanceSheet, CashBookResult, IncomeStatement, ReconLine, balance_sheet,
                       income_statement, reconcile, run_cash_book)
from .closing import check_closed_months
from .loans import LoanPosition, Schedule, loan_positions, loan_schedule, outstanding_principal
from .settings import BooksSettings, PassbookBalance, check_settings
from .shares import ShareBalance, ShareMovement, check_shares, share_balances, share_movements
from .welfare import WelfareReport, welfare_report

__all__ = ["BooksResult", "run_books", "tie_outs"]


@dataclass(frozen=True)
class BooksResult:
    fiscal_year: int
    start: dt.date
    end: dt.date
    shares: dict[str, ShareBalance]
    share_movements: list[ShareMovement]
    schedules: dict[str, Schedule]
    loans: dict[str, LoanPosition]
    welfare: WelfareReport
    cash: CashBookResult
    income: IncomeStatement
    balance: BalanceSheet
    reconciliation: list[ReconLine]
    allocation: AllocationResult
    issues: list[Issue]
    as_of: dt.date | None = None  # the date of balances and positions (None: the year end)

    @property
    def when(self) -> dt.date:
        return self.as_of or self.end


def tie_outs(book: InstitutionBook, bs: BalanceSheet, cb: CashBookResult, welfare: WelfareReport,
             start: dt.date, end: dt.date, loc: Locator) -> list[Issue]:
    """Cash book against the registers (B023 shares, B024 loans, B025 welfare); never forced."""
    out: list[Issue] = []
    reg_shares = sum((b.amount for b in share_balances(book.shares, end).values()), ZERO)
    reg_loans = outstanding_principal(book.intergroup_loans, book.loan_repayments, end)
    for code, table, book_amt, reg in (
        ("B023", "shares", bs.amount("share_capital"), reg_shares),
        ("B024", "intergroup_loans", bs.amount("loans_receivable"), reg_loans),
        ("B025", "welfare", -cb.by_category.get("welfare_out", ZERO), welfare.total),
    ):
        if book_amt != reg:
            out.append(loc.issue(code, table, 0, value=book_amt - reg, book=baht(book_amt), register=baht(reg),
                                 diff=baht(book_amt - reg)))
    return out


def run_books(
    book: InstitutionBook,
    settings: BooksSettings | None = None,
    *,
    passbooks: Iterable[PassbookBalance] = (),
    loc: Locator | None = None,
    fiscal_year: int | None = None,
    as_of: dt.date | None = None,
) -> BooksResult:
    """Shares, loans, welfare, cash book, statements, reconciliation and the allocation proposal
    for the fiscal year (the profile's, or ``fiscal_year``; B.E.). ``as_of`` (default the year
    end) is the date of balances and positions; the allocation always uses the year end."""
    settings = settings or BooksSettings()
    loc = loc or Locator()
    fy = fiscal_year or book.profile.fiscal_year or thai.fiscal_year_of(as_of or dt.date.today())
    start, end = thai.fiscal_year_bounds(fy)
    when = as_of or end
    issues: list[Issue] = list(check_settings(settings, loc))
    issues += check_shares(book.shares, settings, loc)
    shares = share_balances(book.shares, when)
    movements = share_movements(book.shares, start, when)
    positions, more = loan_positions(book.intergroup_loans, book.loan_repayments, when, settings, loc)
    issues += more
    schedules = {}
    for ln in book.intergroup_loans:
        s, _ = loan_schedule(ln, settings)  # issues already reported by loan_positions
        if s is not None:
            schedules[ln.loan_no or f"row{ln.row}"] = s
    wel, more = welfare_report(book.welfare, settings, loc, start=start, end=end)
    issues += more
    cb, more = run_cash_book(book.cash_book, book.bank_accounts, settings, loc, start=start, end=when)
    issues += more
    issues += check_closed_months(book.cash_book, settings, loc)
    day_before = start - dt.timedelta(days=1)
    opening_shares = sum((b.amount for b in share_balances(book.shares, day_before).values()), ZERO)
    opening_loans = outstanding_principal(book.intergroup_loans, book.loan_repayments, day_before)
    inc = income_statement(cb, settings)
    bs, more = balance_sheet(cb, settings, opening_shares=opening_shares, opening_loans=opening_loans, loc=loc)
    issues += more
    issues += tie_outs(book, bs, cb, wel, start, when, loc)
    recon, more = reconcile(cb, passbooks, loc)
    issues += more
    alloc, more = allocate(inc.net, settings, shares=book.shares, loans=book.intergroup_loans,
                           repayments=book.loan_repayments, start=start, end=end, loc=loc)
    issues += [i for i in more if i.code != "B001"]  # B001 already from check_settings
    return BooksResult(fy, start, end, shares, movements, schedules, positions, wel, cb, inc, bs, recon,
                       alloc, issues, when)


