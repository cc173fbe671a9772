"""Properties on random books: money conserved, balance sheet balances, allocation sums."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from hypothesis import given, settings as hsettings, strategies as st

from cmfi_xl.books import (Allocation, BooksSettings, allocate, balance_sheet, divide, run_cash_book)
from cmfi_xl.core.models import BankAccount, CashBookEntry, ShareTransaction
from cmfi_xl.schema.institution import CASH_CATEGORIES

CATS = [c.code for c in CASH_CATEGORIES.choices] + [None, "bogus"]
amount = st.one_of(st.none(), st.decimals(min_value=D("0"), max_value=D("99999.99"), places=2))
START, END = dt.date(2025, 10, 1), dt.date(2026, 9, 30)


@st.composite
def cash_rows(draw):
    n = draw(st.integers(0, 40))
    rows = []
    for i in range(n):
        rows.append(CashBookEntry(
            row=i + 2,
            date=draw(st.one_of(st.dates(dt.date(2025, 9, 1), dt.date(2026, 10, 31)), st.none())),
            doc_no=f"D{i}", category=draw(st.sampled_from(CATS)),
            cash_in=draw(amount), cash_out=draw(amount),
            bank_account=draw(st.sampled_from([None, "B1", "b2", "X9"])),
            bank_in=draw(amount), bank_out=draw(amount),
            reverses=draw(st.one_of(st.none(), st.sampled_from([f"D{j}" for j in range(max(n, 1))] + ["ZZ"]))),
        ))
    return rows


settings_st = st.builds(
    BooksSettings,
    opening_cash=st.decimals(min_value=D("0"), max_value=D("50000"), places=2),
    opening_borrowings=st.decimals(min_value=D("0"), max_value=D("50000"), places=2),
    opening_reserve=st.decimals(min_value=D("0"), max_value=D("50000"), places=2),
    opening_welfare_fund=st.decimals(min_value=D("0"), max_value=D("50000"), places=2),
    opening_surplus=st.one_of(st.none(), st.decimals(min_value=D("-5000"), max_value=D("5000"), places=2)),
    welfare_from_fund=st.booleans(), grants_to_fund=st.booleans(),
)
ACCOUNTS = [BankAccount(account_id="B1", opening_balance=D("1000.50")), BankAccount(account_id="B2")]


@hsettings(max_examples=200, deadline=None)
@given(rows=cash_rows(), s=settings_st, shares=st.decimals(min_value=D("0"), max_value=D("99999"), places=2),
       loans=st.decimals(min_value=D("0"), max_value=D("99999"), places=2), with_end=st.booleans())
def test_balance_sheet_balances_and_money_is_conserved(rows, s, shares, loans, with_end) -> None:
    """Whatever is typed (bad categories, undeclared accounts, orphan reversals, rows outside the
    year): (1) cash + bank at the end = openings + Σ net of the rows counted; (2) assets = claims
    to the satang; (3) the income statement's net = the balance sheet's net result."""
    from cmfi_xl.books import income_statement
    end = END if with_end else None
    cb, _ = run_cash_book(rows, ACCOUNTS, s, start=START, end=end)
    counted = [r for r in rows if end is None or (r.date is not None and r.date <= end)]
    net = sum(((r.cash_in or 0) - (r.cash_out or 0) + (r.bank_in or 0) - (r.bank_out or 0) for r in counted), D(0))
    assert cb.closing_cash + sum(cb.closing_bank.values()) == cb.opening_cash + sum(cb.opening_bank.values()) + net
    assert len(cb.rows) == len(counted)
    bs, _ = balance_sheet(cb, s, opening_shares=shares, opening_loans=loans)
    assert bs.total_assets == bs.total_claims
    inc = income_statement(cb, s)
    in_period = [r for r in cb.rows if r.date is None or r.date >= START]
    assert inc.net == bs.amount("net_result")
    assert inc.net == sum((r.net for r in in_period if r.category is not None
                           and _is_pl(r.category, s)), D(0))


def _is_pl(cat, s) -> bool:
    from cmfi_xl.books import line_of
    return line_of(cat, s) in ("income", "expense")


weights = st.dictionaries(st.sampled_from([f"G{i}" for i in range(12)]),
                          st.decimals(min_value=D("0"), max_value=D("1000000"), places=2), max_size=12)


@hsettings(max_examples=300, deadline=None)
@given(pool=st.decimals(min_value=D("-1000"), max_value=D("10000000"), places=2), w=weights)
def test_divide_conserves_the_pool(pool, w) -> None:
    parts, residue = divide(pool, w)
    assert sum((p.amount for p in parts), D(0)) + residue == pool
    assert all(p.amount == p.amount.quantize(D("0.01")) for p in parts)
    assert abs(residue) <= D("0.01") * len(parts) or not parts


pct = st.decimals(min_value=D("0"), max_value=D("100"), places=2)


@hsettings(max_examples=200, deadline=None)
@given(profit=st.decimals(min_value=D("-50000"), max_value=D("5000000"), places=2),
       p=st.tuples(pct, pct, pct, pct, pct), basis=st.sampled_from(["year_end", "share_months"]),
       units=st.lists(st.integers(0, 500), min_size=0, max_size=7))
def test_allocation_parts_plus_residue_is_the_profit(profit, p, basis, units) -> None:
    """Property: every part + the stated residue = the profit, exactly — also when the
    percentages do not sum to 100 (B001, applied as given) and for a loss (nothing allocated)."""
    alloc = Allocation(reserve=p[0], dividend=p[1], refund=p[2], welfare=p[3], committee=p[4],
                       public_benefit=D(100) - sum(p) if sum(p) <= 100 else D(0))
    shares = [ShareTransaction(row=i + 2, date=dt.date(2025, 10 + i % 3, 1), group_id=f"G{i}", move="buy",
                               units=u, amount=D(u) * 100) for i, u in enumerate(units)]
    res, issues = allocate(profit, BooksSettings(allocation=alloc, dividend_basis=basis), shares=shares,
                           loans=[], repayments=[], start=START, end=END)
    assert res.parts_total + res.residue == profit
    if profit <= 0:
        assert "B026" in {i.code for i in issues} and res.parts_total == 0
    if alloc.total != 100:
        assert "B001" in {i.code for i in issues}


def test_residue_is_stated() -> None:
    """100.00 split 33.33/33.33/33.34 % → 33.33 + 33.33 + 33.34; a dividend of 33.33 among three
    equal holders → 11.11 × 3 = 33.33, residue 0; a pool of 0.10 among three → 0.03 × 3, residue 0.01."""
    parts, residue = divide(D("0.10"), {"A": D(1), "B": D(1), "C": D(1)})
    assert [x.amount for x in parts] == [D("0.03")] * 3 and residue == D("0.01")
