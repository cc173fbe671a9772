"""A small institution whose every figure was worked by hand (fiscal year 2569).

The data (``test_books_fixtures.small_book``):

* Shares, par 100: before the year G1 bought 100 (10,000) and G2 50 (5,000) → opening 15,000.
  10 Nov 2025 G2 buys 50 (5,000); 15 Mar 2026 G1 withdraws 20 (2,000).
* Loan L1 to G2, 1 Oct 2025: 12,000 at 12 % a year, declining balance, equal principal, 12
  months, first due 1 Nov 2025. Principal 1,000 a month; interest 1 % of the balance:
  120, 110, …, 10 (total 1 % × (12,000 + 11,000 + … + 1,000) = 1 % × 78,000 = 780).
  G2 paid instalments 1–10 (Nov 2025 – Aug 2026) on their due dates: principal 10,000,
  interest 120 + 110 + … + 30 = (120 + 30) × 10 / 2 = 750. Instalment 11 (1 Sep 2026:
  1,000 + 20) is unpaid at 30 Sep 2026; instalment 12 falls due on 1 Oct 2026.
* Welfare: W1, 1 Feb 2026, death, 2,000 through G1 (ceiling 3,000; budget = opening welfare
  fund 5,000).
* Bank B1 opens at 20,000; cash on hand opens at 1,000 (settings).
* Cash book: loan out 12,000 (bank); share in 5,000; 10 × principal 1,000 and interest;
  welfare 2,000; share out 2,000; stationery 300; cash → bank transfer 3,000; bank interest
  45; an expense of 500 entered by mistake (D008) and reversed the next day (D009).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from test_books_fixtures import small_book, small_settings

from cmfi_xl.books import (BooksSettings, PassbookBalance, loan_position, loan_schedule, run_books,
                           share_balances, share_months, share_movements)
from cmfi_xl.core.issues import has_errors

END = dt.date(2026, 9, 30)
START = dt.date(2025, 10, 1)


def test_share_balances_and_percentages() -> None:
    """At 30 Sep 2026: G1 100 − 20 = 80 shares = 8,000; G2 50 + 50 = 100 shares = 10,000.
    Total 18,000: G1 8,000 / 18,000 = 44.44 %, G2 10,000 / 18,000 = 55.56 %.
    At 1 Nov 2025 (before G2's purchase): G1 10,000, G2 5,000."""
    b = small_book()
    bal = share_balances(b.shares, END)
    assert (bal["G1"].units, bal["G1"].amount, bal["G1"].percent) == (80, D("8000.00"), D("44.44"))
    assert (bal["G2"].units, bal["G2"].amount, bal["G2"].percent) == (100, D("10000.00"), D("55.56"))
    early = share_balances(b.shares, dt.date(2025, 11, 1))
    assert early["G2"].amount == D("5000.00")


def test_share_movement_over_the_year() -> None:
    """G1: opening 100 (10,000), bought 0, withdrawn 20 (2,000), closing 80 (8,000).
    G2: opening 50 (5,000), bought 50 (5,000), withdrawn 0, closing 100 (10,000)."""
    mv = {x.group_id: x for x in share_movements(small_book().shares, START, END)}
    g1, g2 = mv["G1"], mv["G2"]
    assert (g1.opening_units, g1.bought_units, g1.withdrawn_units, g1.closing_units) == (100, 0, 20, 80)
    assert (g1.opening_amount, g1.withdrawn_amount, g1.closing_amount) == (D("10000"), D("2000"), D("8000"))
    assert (g2.opening_units, g2.bought_units, g2.closing_units) == (50, 50, 100)
    assert g2.closing_amount == D("10000")


def test_share_months() -> None:
    """Lowest balance of each month, Oct 2025 – Sep 2026 (12 months):
    G1: 10,000 × 5 (Oct–Feb) + 8,000 × 7 (Mar, the month of the withdrawal, – Sep) = 106,000.
    G2: 5,000 × 2 (Oct; Nov, bought on the 10th, counts from Dec) + 10,000 × 10 = 110,000."""
    sm = share_months(small_book().shares, START, END)
    assert sm == {"G1": D("106000"), "G2": D("110000")}


def test_loan_schedule_by_hand() -> None:
    """Instalment k: principal 1,000, interest (12,000 − 1,000 (k − 1)) × 1 %; total 780;
    instalment 12 due 1 Oct 2026: 1,000 + 10, closing 0.00."""
    s, issues = loan_schedule(small_book().intergroup_loans[0], small_settings())
    assert not issues and s is not None
    assert [r.interest for r in s.rows] == [D(120 - 10 * k) for k in range(12)]
    assert all(r.principal == D("1000.00") for r in s.rows)
    assert s.total_interest == D("780.00") and s.rows[-1].closing == D("0.00")
    assert s.rows[-1].due == dt.date(2026, 10, 1)
    assert "ลดต้นลดดอก" in s.basis_th and "annual rate / 12" in s.basis_en


def test_loan_position_at_year_end() -> None:
    """At 30 Sep 2026: outstanding 12,000 − 10,000 = 2,000. Due so far: 11 instalments,
    principal 11,000, interest 780 − 10 = 770. Paid 10,000 and 750 → arrears 1,000 principal +
    20 interest = 1,020; one instalment overdue. Penalty 12 % a year on the late instalment:
    1,020 × 0.12 × 29 days (1 → 30 Sep) / 365 = 9.7249… → 9.72."""
    b = small_book()
    p = loan_position(b.intergroup_loans[0], b.loan_repayments, END, small_settings())
    assert p.outstanding == D("2000.00")
    assert (p.scheduled_principal, p.scheduled_interest) == (D("11000.00"), D("770.00"))
    assert (p.principal_arrears, p.interest_due, p.arrears) == (D("1000.00"), D("20.00"), D("1020.00"))
    assert (p.instalments_due, p.instalments_overdue) == (11, 1)
    assert p.penalty_due == D("9.72")


def test_statements_by_hand() -> None:
    """Income: loan interest 750 + bank interest 45 = 795. Expense: stationery 300 + (500 − 500,
    the reversal takes D008's category) = 300. Net profit 495.

    Cash: 1,000 + 5,000 + 10,000 + 750 − 2,000 − 300 − 3,000 − 2,000 − 500 + 500 = 9,450.
    Bank B1: 20,000 − 12,000 + 3,000 + 45 = 11,045. Loans receivable: 12,000 − 10,000 = 2,000.
    Assets 22,495.

    Opening: assets 1,000 + 20,000 + 0 = 21,000; shares 15,000, reserve 800, welfare fund 5,000
    → surplus brought forward 21,000 − 20,800 = 200.
    Closing claims: shares 18,000 + reserve 800 + welfare fund 5,000 − 2,000 = 3,000 + surplus
    b/f 200 + net result 495 = 22,495. Balanced."""
    r = run_books(small_book(), small_settings())
    assert r.income.total_income == D("795.00") and r.income.total_expense == D("300.00")
    assert r.income.net == D("495.00")
    bs = r.balance
    assert bs.amount("cash") == D("9450.00") and bs.amount("bank:B1") == D("11045.00")
    assert bs.amount("loans_receivable") == D("2000.00")
    assert bs.total_assets == D("22495.00") == bs.total_claims and bs.balances
    assert bs.amount("share_capital") == D("18000.00") and bs.amount("welfare_fund") == D("3000.00")
    assert bs.amount("surplus_bf") == D("200.00") and bs.amount("net_result") == D("495.00")
    assert bs.amount("suspense") == D("0.00")
    assert not has_errors(r.issues), [str(i) for i in r.issues]
    # the registers tie with the cash book: no B023/B024/B025
    assert not {i.code for i in r.issues} & {"B023", "B024", "B025"}


def test_month_ends_and_passbook() -> None:
    """B1 at 31 May 2026: 20,000 − 12,000 + 3,000 = 11,000 (passbook agrees).
    At 30 Jun 2026: 11,045; the passbook shows 11,050 → difference +5.00 (B021, shown, not fixed)."""
    pb = [PassbookBalance(row=2, account_id="B1", date=dt.date(2026, 5, 31), balance=D("11000")),
          PassbookBalance(row=3, account_id="b1", date=dt.date(2026, 6, 30), balance=D("11050"))]
    r = run_books(small_book(), small_settings(), passbooks=pb)
    assert [(x.book, x.difference) for x in r.reconciliation] == [(D("11000.00"), D("0.00")),
                                                                   (D("11045.00"), D("5.00"))]
    assert [i.code for i in r.issues if i.code == "B021"] == ["B021"]
    may = next(me for me in r.cash.month_ends if me.date == dt.date(2026, 5, 31))
    assert may.bank["B1"] == D("11000.00")
    assert len(r.cash.month_ends) == 12 and r.cash.month_ends[-1].cash == D("9450.00")


def test_welfare_by_hand() -> None:
    """One death payment of 2,000 ≤ ceiling 3,000; budget 5,000 → remaining 3,000."""
    r = run_books(small_book(), small_settings())
    assert r.welfare.total == D("2000") and r.welfare.remaining == D("3000")
    assert r.welfare.by_kind == {"death": (1, D("2000"))}


def test_allocation_by_hand_year_end() -> None:
    """Profit 495 × 10/40/20/10/10/10 % = reserve 49.50, dividend 198.00, refund 99.00,
    welfare 49.50, committee 49.50, public benefit 49.50 (sum 495.00, residue 0).
    Dividend by year-end balance: G1 198 × 8,000/18,000 = 88.00; G2 198 × 10,000/18,000 = 110.00.
    Refund: only G2 paid interest (750) → G2 99.00."""
    a = run_books(small_book(), small_settings()).allocation
    assert [p.amount for p in a.pools] == [D("49.50"), D("198.00"), D("99.00"), D("49.50"), D("49.50"), D("49.50")]
    assert {g.group_id: g.amount for g in a.dividend} == {"G1": D("88.00"), "G2": D("110.00")}
    assert {g.group_id: (g.weight, g.amount) for g in a.refund} == {"G2": (D("750"), D("99.00"))}
    assert a.residue == 0 and a.parts_total == D("495.00")


def test_allocation_by_hand_share_months() -> None:
    """Dividend 198 by share-months (106,000 and 110,000 of 216,000):
    G1 198 × 106/216 = 97.1666… → 97.17; G2 198 × 110/216 = 100.8333… → 100.83; sum 198.00."""
    a = run_books(small_book(), small_settings(dividend_basis="share_months")).allocation
    assert {g.group_id: g.amount for g in a.dividend} == {"G1": D("97.17"), "G2": D("100.83")}
    assert a.dividend_residue == 0


def test_defaults_are_documented() -> None:
    s = BooksSettings()
    assert s.allocation.total == 100 and s.interest_convention == "monthly"
    assert s.declining_style == "equal_principal" and s.dividend_basis == "year_end"
