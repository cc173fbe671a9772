"""Receipts–payments, cash and bank book (บัญชีรับ-จ่าย เงินสด-เงินฝากธนาคาร) and the statements.

The cash book is the institution's journal
--------------------------------------------
Every cash-book row moves money: ``net = cash_in − cash_out + bank_in − bank_out``. Its category
says which *other* balance-sheet line moves by the same amount (single entry made double):

================================  ================================  ==========================
category                          line that moves                   direction
================================  ================================  ==========================
share_in, share_out               share capital (ทุนเรือนหุ้น)        + net
loan_out, loan_principal_in       loans receivable (asset)          − net
borrow_in, borrow_repay           borrowings (liability)            + net
grant_in, donation_in             grants fund, or income            + net
welfare_out                       welfare fund, or expense          + net (net < 0)
loan_interest_in, penalty_in,     income                            + net
bank_interest_in, other_in
expense_out, other_out            expense                           − net
transfer                          suspense (must net to 0, B020)    + net
no category / unknown             suspense (B032)                   + net
================================  ================================  ==========================

A **reversal** (``reverses`` = an earlier doc no.) takes the category of the row it reverses, so a
reversed row and its reversal cancel on every line, whatever category was typed on the reversal.

The balance-sheet equation
--------------------------
``cash + Σ bank + loans receivable = borrowings + suspense + share capital + reserve + welfare
fund + grants fund + surplus brought forward + net result of the period``.

*Opening*: cash (settings), bank (``tblBankAccounts.opening_balance``), loans receivable and share
capital (from their registers at the day before the period), borrowings and funds (settings).
Surplus brought forward is the balancing figure, unless the settings give it; then any
difference goes to suspense and is reported (B030). So the opening sheet balances.

*Movement*: each row changes the left side by ``net`` (cash/bank) − ``net`` (only for the loan
categories, loans receivable) and the right side by ``net`` on the line of its category (all
other categories, income minus expense flowing into the net result). Both sides change by
``net − Σ loan-category net``: the closing sheet balances *by construction*, to the satang, for
any data. A property test proves it on random books. What can disagree is the cash book with the
registers; those **tie-outs** are reported (B023 shares, B024 loans, B025 welfare), never forced.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from cmfi_xl.core.issues import Issue
from cmfi_xl.core.models import BankAccount, CashBookEntry
from cmfi_xl.schema.institution import CASH_CATEGORIES
from cmfi_xl.validate.locate import Locator

from ._util import ZERO, baht, gkey, m, month_end, months_between, q, thdate
from .settings import BooksSettings, PassbookBalance

__all__ = ["BalanceSheet", "CashBookResult", "CashRow", "IncomeStatement", "Line", "MonthEnd",
           "ReconLine", "balance_sheet", "income_statement", "line_of", "reconcile", "run_cash_book",
           "CATEGORY_TH"]

CATEGORY_TH = {c.code: c.label for c in CASH_CATEGORIES.choices}
INCOME_CATS = ("loan_interest_in", "penalty_in", "bank_interest_in", "other_in")
EXPENSE_CATS = ("expense_out", "other_out")
LOAN_CATS = ("loan_out", "loan_principal_in")


def line_of(category: str | None, settings: BooksSettings) -> str:
    """The balance-sheet line a category moves (see the module docstring)."""
    if category in ("share_in", "share_out"):
        return "share_capital"
    if category in LOAN_CATS:
        return "loans_receivable"
    if category in ("borrow_in", "borrow_repay"):
        return "borrowings"
    if category in ("grant_in", "donation_in"):
        return "grants_fund" if settings.grants_to_fund else "income"
    if category == "welfare_out":
        return "welfare_fund" if settings.welfare_from_fund else "expense"
    if category in INCOME_CATS:
        return "income"
    if category in EXPENSE_CATS:
        return "expense"
    return "suspense"


@dataclass(frozen=True, slots=True)
class CashRow:
    row: int
    date: dt.date | None
    doc_no: str | None
    category: str | None  # effective (a reversal's is the original's)
    account: str | None  # bank account id as typed (None: no bank movement)
    net_cash: Decimal
    net_bank: Decimal
    cash: Decimal  # running cash on hand after the row
    bank: Decimal | None  # running balance of ``account`` after the row

    @property
    def net(self) -> Decimal:
        return self.net_cash + self.net_bank


@dataclass(frozen=True, slots=True)
class MonthEnd:
    date: dt.date
    cash: Decimal
    bank: dict[str, Decimal]


@dataclass(frozen=True)
class CashBookResult:
    start: dt.date | None
    end: dt.date | None
    rows: tuple[CashRow, ...]
    opening_cash: Decimal
    opening_bank: dict[str, Decimal]
    closing_cash: Decimal
    closing_bank: dict[str, Decimal]
    by_category: dict[str, Decimal]  # category → Σ net in the period (effective categories)
    month_ends: tuple[MonthEnd, ...]
    account_names: dict[str, str] = field(default_factory=dict)  # id → "bank account_no"
    undeclared: frozenset[str] = frozenset()  # account ids used in rows but not declared
    _history: dict[str, tuple[list[dt.date], list[Decimal]]] = field(default_factory=dict, repr=False)

    def bank_balance(self, account: str, on: dt.date) -> Decimal:
        """Balance of ``account`` at the end of ``on`` (opening before the first row)."""
        k = account
        dates, bals = self._history.get(k, ([], []))
        i = bisect.bisect_right(dates, on)
        return bals[i - 1] if i else self.opening_bank.get(k, ZERO)

    @property
    def total_in(self) -> Decimal:
        return sum((r.net for r in self.rows if r.net > 0), ZERO)


def _reversal_map(entries: Sequence[CashBookEntry], loc: Locator) -> tuple[dict[int, str | None], list[Issue]]:
    """Effective category per row index; B014/B015/B016 issues."""
    by_doc: dict[str, int] = {}
    for i, e in enumerate(entries):
        if e.doc_no:
            by_doc.setdefault(gkey(e.doc_no), i)
    issues: list[Issue] = []
    eff: dict[int, str | None] = {}
    reversed_at: dict[str, int] = {}

    def category(i: int, depth: int = 0) -> str | None:
        e = entries[i]
        if e.reverses and depth < 20:
            j = by_doc.get(gkey(e.reverses))
            if j is not None and j != i:
                return category(j, depth + 1)
        return e.category

    for i, e in enumerate(entries):
        eff[i] = category(i)
        if not e.reverses:
            continue
        j = by_doc.get(gkey(e.reverses))
        if j is None or j == i:
            issues.append(loc.issue("B014", "cash_book", e.row, "reverses", value=e.reverses, ref=e.reverses))
            continue
        o = entries[j]
        k = gkey(e.reverses)
        if k in reversed_at:
            first = loc.issue("B016", "cash_book", reversed_at[k], "reverses", ref="", first="")
            issues.append(loc.issue("B016", "cash_book", e.row, "reverses", value=e.reverses, ref=e.reverses,
                                    first=f"{first.sheet}!{first.cell}" if first.sheet else f"row {reversed_at[k]}"))
        else:
            reversed_at[k] = e.row
        mirror = (m(e.cash_in), m(e.cash_out), m(e.bank_in), m(e.bank_out)) == (
            m(o.cash_out), m(o.cash_in), m(o.bank_out), m(o.bank_in))
        same_acct = gkey(e.bank_account) == gkey(o.bank_account) or not (m(e.bank_in) or m(e.bank_out))
        if not (mirror and same_acct):
            exp = (f"cash in {baht(m(o.cash_out))} out {baht(m(o.cash_in))}, "
                   f"bank {o.bank_account or '-'} in {baht(m(o.bank_out))} out {baht(m(o.bank_in))}")
            issues.append(loc.issue("B015", "cash_book", e.row, "reverses", value=e.reverses, ref=o.doc_no,
                                    expected=exp))
    return eff, issues


def _counted(entries: Iterable[CashBookEntry], end: dt.date | None) -> list[CashBookEntry]:
    """The entries a run counts, in the order it counts them: dated up to ``end`` (all, undated
    last, when ``end`` is ``None``), by date and row."""
    ents = [e for e in entries if end is None or (e.date is not None and e.date <= end)]
    ents.sort(key=lambda e: (e.date or dt.date.max, e.row))
    return ents


def _account_of(e: CashBookEntry, declared: dict[str, str], net_bank: Decimal) -> tuple[str | None, str | None]:
    """(the bank account entry ``e`` moves, the issue code when it is not a declared one): B012 the
    first time an undeclared account is named (it is then added to ``declared``), B013 when a bank
    amount names no account (account "?"); (None, None) when the entry moves no bank money."""
    if e.bank_account:
        acct = declared.get(gkey(e.bank_account))
        if acct is not None:
            return acct, None
        acct = e.bank_account.strip()
        declared[gkey(e.bank_account)] = acct
        return acct, "B012"
    if net_bank or e.bank_in or e.bank_out:
        return "?", "B013"
    return None, None


def run_cash_book(
    entries: Iterable[CashBookEntry],
    accounts: Iterable[BankAccount],
    settings: BooksSettings,
    loc: Locator | None = None,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> tuple[CashBookResult, list[Issue]]:
    """Running cash and bank balances, totals per category and month-end balances.

    Rows dated after ``end`` are left out; rows before ``start`` are still counted (the registers
    are checked for dates outside the fiscal year elsewhere: R006). Undated rows count only when
    ``end`` is ``None``, at the end. Issues: B012/B013 bank account, B014–B016 reversals,
    B020 unbalanced transfer, B028/B029 negative balances (once per stretch), B032 no category.
    """
    loc = loc or Locator()
    ents = _counted(entries, end)
    eff, issues = _reversal_map(ents, loc)
    accts = [a for a in accounts if a.account_id]
    declared = {gkey(a.account_id): a.account_id for a in accts}
    opening_bank = {a.account_id: q(m(a.opening_balance)) for a in accts}  # type: ignore[misc]
    names = {a.account_id: f"{a.bank or ''} {a.account_no or ''}".strip() for a in accts}  # type: ignore[misc]
    bank = dict(opening_bank)
    history: dict[str, tuple[list[dt.date], list[Decimal]]] = {}
    cash = q(settings.opening_cash)
    by_cat: dict[str, Decimal] = {}
    rows: list[CashRow] = []
    neg_cash = False
    undeclared: set[str] = set()
    neg_bank: dict[str, bool] = {}
    months = months_between(start or (ents[0].date if ents and ents[0].date else dt.date.today()),
                            end or max((e.date for e in ents if e.date), default=start or dt.date.today()))
    month_ends: list[MonthEnd] = []
    ends = [month_end(x) for x in months]
    mi = 0

    def flush_months(upto: dt.date | None) -> None:
        nonlocal mi
        while mi < len(ends) and (upto is None or ends[mi] < upto):
            month_ends.append(MonthEnd(ends[mi], cash, dict(bank)))
            mi += 1

    for i, e in enumerate(ents):
        flush_months(e.date)
        cat = eff[i]
        if not e.category and not e.reverses:
            issues.append(loc.issue("B032", "cash_book", e.row, "category"))
        net_cash = m(e.cash_in) - m(e.cash_out)
        net_bank = m(e.bank_in) - m(e.bank_out)
        acct, problem = _account_of(e, declared, net_bank)
        if problem is not None:
            if problem == "B012":
                issues.append(loc.issue("B012", "cash_book", e.row, "bank_account", value=e.bank_account,
                                        ref=e.bank_account))
                names.setdefault(acct, "ไม่ได้ลงทะเบียน / undeclared")
            else:
                issues.append(loc.issue("B013", "cash_book", e.row, "bank_account"))
                names.setdefault(acct, "ไม่ระบุบัญชี / no account named")
            undeclared.add(acct)
            opening_bank.setdefault(acct, ZERO)
            bank.setdefault(acct, ZERO)
        if cat == "transfer" and net_cash + net_bank != 0:
            issues.append(loc.issue("B020", "cash_book", e.row, "category", value=cat,
                                    diff=baht(net_cash + net_bank)))
        cash += net_cash
        if cash < 0 and not neg_cash:
            issues.append(loc.issue("B028", "cash_book", e.row, "cash_out", value=m(e.cash_out),
                                    balance=baht(cash), date=thdate(e.date)))
        neg_cash = cash < 0
        bal: Decimal | None = None
        if acct is not None:
            bank[acct] += net_bank
            bal = bank[acct]
            if bal < 0 and not neg_bank.get(acct):
                issues.append(loc.issue("B029", "cash_book", e.row, "bank_out", value=m(e.bank_out),
                                        account=acct, balance=baht(bal), date=thdate(e.date)))
            neg_bank[acct] = bal < 0
            if e.date is not None:
                d, b = history.setdefault(acct, ([], []))
                if d and d[-1] == e.date:
                    b[-1] = bal
                else:
                    d.append(e.date)
                    b.append(bal)
        if start is None or (e.date is not None and e.date >= start) or e.date is None:
            key = cat or "-"
            by_cat[key] = by_cat.get(key, ZERO) + net_cash + net_bank
        rows.append(CashRow(e.row, e.date, e.doc_no, cat, acct, net_cash, net_bank, cash, bal))
    flush_months(None)
    return CashBookResult(start, end, tuple(rows), q(settings.opening_cash), opening_bank, cash, dict(bank),
                          by_cat, tuple(month_ends), names, frozenset(undeclared), history), issues


def closing_balances(
    entries: Iterable[CashBookEntry],
    accounts: Iterable[BankAccount],
    settings: BooksSettings,
    *,
    end: dt.date | None = None,
) -> tuple[Decimal, dict[str, Decimal]]:
    """``(closing_cash, closing_bank)`` of :func:`run_cash_book` (whatever its ``start``: that only
    chooses the rows totalled per category), without its rows, month ends, categories and issues:
    the same rows in the same order, the same sums (a test compares them). What the roll-up's
    figures need of the cash book."""
    accts = [a for a in accounts if a.account_id]
    declared = {gkey(a.account_id): a.account_id for a in accts}
    bank = {a.account_id: q(m(a.opening_balance)) for a in accts}  # type: ignore[misc]
    cash = q(settings.opening_cash)
    for e in _counted(entries, end):
        net_cash = m(e.cash_in) - m(e.cash_out)
        net_bank = m(e.bank_in) - m(e.bank_out)
        acct, problem = _account_of(e, declared, net_bank)
        if problem is not None:  # (B012 / B013 in run_cash_book)
            bank.setdefault(acct, ZERO)
        cash += net_cash
        if acct is not None:
            bank[acct] += net_bank
    return cash, bank


# ---------------------------------------------------------------------------------------------
# Statements
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Line:
    key: str
    th: str
    en: str
    amount: Decimal


@dataclass(frozen=True)
class IncomeStatement:
    """Income and expense of the period (งบรายได้-ค่าใช้จ่าย), by cash-book category."""

    income: tuple[Line, ...]
    expense: tuple[Line, ...]

    @property
    def total_income(self) -> Decimal:
        return sum((x.amount for x in self.income), ZERO)

    @property
    def total_expense(self) -> Decimal:
        return sum((x.amount for x in self.expense), ZERO)

    @property
    def net(self) -> Decimal:
        """Net profit (กำไรสุทธิ) — negative for a loss."""
        return self.total_income - self.total_expense


def income_statement(cb: CashBookResult, settings: BooksSettings) -> IncomeStatement:
    inc, exp = [], []
    for code in CASH_CATEGORIES.choices:
        c = code.code
        line = line_of(c, settings)
        amt = cb.by_category.get(c, ZERO)
        if line == "income":
            inc.append(Line(c, code.label, code.label_en, amt))
        elif line == "expense":
            exp.append(Line(c, code.label, code.label_en, -amt))
    return IncomeStatement(tuple(inc), tuple(exp))


_BS_TEXT = {
    "cash": ("เงินสด", "Cash on hand"),
    "loans_receivable": ("ลูกหนี้เงินกู้กลุ่มสมาชิก", "Loans receivable from member groups"),
    "borrowings": ("เงินกู้ยืมจากแหล่งอื่น", "Borrowings"),
    "suspense": ("รายการรอตรวจสอบ", "Suspense (to be checked)"),
    "share_capital": ("ทุนเรือนหุ้น", "Share capital"),
    "reserve": ("ทุนสำรอง", "Reserve"),
    "welfare_fund": ("ทุนสวัสดิการ", "Welfare fund"),
    "grants_fund": ("ทุนอุดหนุนและเงินบริจาค", "Grants and donations fund"),
    "surplus_bf": ("กำไรสะสมยกมา", "Accumulated surplus brought forward"),
    "net_result": ("กำไร (ขาดทุน) สุทธิงวดนี้", "Net result of the period"),
}


@dataclass(frozen=True)
class BalanceSheet:
    """งบแสดงฐานะการเงิน at ``as_of``. ``assets`` = ``liabilities`` + ``equity`` (see module doc)."""

    as_of: dt.date | None
    assets: tuple[Line, ...]
    liabilities: tuple[Line, ...]
    equity: tuple[Line, ...]
    opening: dict[str, Decimal]  # every line's opening amount, by key

    @property
    def total_assets(self) -> Decimal:
        return sum((x.amount for x in self.assets), ZERO)

    @property
    def total_claims(self) -> Decimal:
        return sum((x.amount for x in self.liabilities + self.equity), ZERO)

    @property
    def balances(self) -> bool:
        return self.total_assets == self.total_claims

    def amount(self, key: str) -> Decimal:
        for x in self.assets + self.liabilities + self.equity:
            if x.key == key:
                return x.amount
        return ZERO


def balance_sheet(
    cb: CashBookResult,
    settings: BooksSettings,
    *,
    opening_shares: Decimal,
    opening_loans: Decimal,
    loc: Locator | None = None,
) -> tuple[BalanceSheet, list[Issue]]:
    """The balance sheet at the end of the cash book's period (see the module docstring).

    ``opening_shares`` and ``opening_loans`` come from the registers at the day before the period
    (:func:`cmfi_xl.books.shares.share_balances`, :func:`cmfi_xl.books.loans.outstanding_principal`).
    Issue B030 when the settings give a surplus brought forward that does not balance the opening.
    """
    loc = loc or Locator()
    issues: list[Issue] = []
    o_assets = cb.opening_cash + sum(cb.opening_bank.values(), ZERO) + opening_loans
    o_claims = (settings.opening_borrowings + opening_shares + settings.opening_reserve
                + settings.opening_welfare_fund + settings.opening_grants_fund)
    suspense0 = ZERO
    if settings.opening_surplus is None:
        surplus_bf = o_assets - o_claims
    else:
        surplus_bf = settings.opening_surplus
        suspense0 = o_assets - o_claims - surplus_bf
        if suspense0:
            issues.append(settings.loc_issue(loc, "B030", "opening_surplus", surplus_bf, diff=baht(suspense0)))
    moves: dict[str, Decimal] = {}
    # all rows up to the end move the lines; income/expense only from the period start count as
    # the period's result, earlier ones (outside the fiscal year, flagged R006) go to surplus b/f
    for r in cb.rows:
        line = line_of(r.category, settings)
        if line in ("income", "expense") and cb.start is not None and r.date is not None and r.date < cb.start:
            line = "surplus_bf"
        elif line in ("income", "expense"):
            line = "net_result"
        moves[line] = moves.get(line, ZERO) + r.net
    T = _BS_TEXT
    assets = [Line("cash", *T["cash"], cb.closing_cash)]
    for acct, bal in cb.closing_bank.items():
        assets.append(Line(f"bank:{acct}", f"เงินฝากธนาคาร {cb.account_names.get(acct, acct)}",
                           f"Bank {acct}", bal))
    assets.append(Line("loans_receivable", *T["loans_receivable"],
                       opening_loans - moves.get("loans_receivable", ZERO)))
    liab = [Line("borrowings", *T["borrowings"], settings.opening_borrowings + moves.get("borrowings", ZERO)),
            Line("suspense", *T["suspense"], suspense0 + moves.get("suspense", ZERO))]
    eq = [Line("share_capital", *T["share_capital"], opening_shares + moves.get("share_capital", ZERO)),
          Line("reserve", *T["reserve"], settings.opening_reserve),
          Line("welfare_fund", *T["welfare_fund"], settings.opening_welfare_fund + moves.get("welfare_fund", ZERO)),
          Line("grants_fund", *T["grants_fund"], settings.opening_grants_fund + moves.get("grants_fund", ZERO)),
          Line("surplus_bf", *T["surplus_bf"], surplus_bf + moves.get("surplus_bf", ZERO)),
          Line("net_result", *T["net_result"], moves.get("net_result", ZERO))]
    opening = {"cash": cb.opening_cash, "loans_receivable": opening_loans,
               "borrowings": settings.opening_borrowings, "suspense": suspense0,
               "share_capital": opening_shares, "reserve": settings.opening_reserve,
               "welfare_fund": settings.opening_welfare_fund, "grants_fund": settings.opening_grants_fund,
               "surplus_bf": surplus_bf, "net_result": ZERO}
    opening.update({f"bank:{k}": v for k, v in cb.opening_bank.items()})
    return BalanceSheet(cb.end, tuple(assets), tuple(liab), tuple(eq), opening), issues


# ---------------------------------------------------------------------------------------------
# Month-end reconciliation with the passbook
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReconLine:
    row: int
    account_id: str
    date: dt.date
    book: Decimal
    passbook: Decimal

    @property
    def difference(self) -> Decimal:
        """Passbook − book (positive: the bank shows more than the books)."""
        return self.passbook - self.book


def reconcile(cb: CashBookResult, passbooks: Iterable[PassbookBalance],
              loc: Locator | None = None) -> tuple[list[ReconLine], list[Issue]]:
    """Compare typed passbook balances with the book balance at the end of the same day.

    B022 for an undeclared account; B021 for every difference (shown, never adjusted).
    Passbook rows are located in the proposed table ``passbook`` (columns account_id/date/balance).
    """
    loc = loc or Locator()
    known = {gkey(k): k for k in cb.opening_bank}
    out: list[ReconLine] = []
    issues: list[Issue] = []
    for p in passbooks:
        if p.account_id is None or p.date is None or p.balance is None:
            continue
        acct = known.get(gkey(p.account_id))
        if acct is None or acct in cb.undeclared:
            issues.append(loc.issue("B022", "passbook", p.row, "account_id", value=p.account_id, ref=p.account_id))
            continue
        line = ReconLine(p.row, acct, p.date, cb.bank_balance(acct, p.date), q(p.balance))
        out.append(line)
        if line.difference:
            issues.append(loc.issue("B021", "passbook", p.row, "balance", value=p.balance, account=acct,
                                    date=thdate(p.date), passbook=baht(line.passbook), book=baht(line.book),
                                    diff=baht(line.difference)))
    return out, issues
