"""Inter-group loan schedules under every method, style and convention; positions; properties."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from hypothesis import given, settings as hsettings, strategies as st

from cmfi_xl.books import BooksSettings, loan_position, loan_schedule
from cmfi_xl.core.models import InterGroupLoan, LoanRepayment


def loan(**kw) -> InterGroupLoan:
    base = dict(row=5, loan_no="L9", group_id="G1", date=dt.date(2026, 1, 31), principal=D("10000"),
                annual_rate=D("0.06"), interest_method="declining", term_months=3)
    base.update(kw)
    return InterGroupLoan(**base)


def test_flat_by_hand() -> None:
    """Flat 6 % on 10,000 for 3 months: interest 10,000 × 0.5 % = 50 every month;
    principal 3,333.33, 3,333.33, and 3,333.34 in the last (it absorbs the rounding)."""
    s, _ = loan_schedule(loan(interest_method="flat"))
    assert [r.interest for r in s.rows] == [D("50.00")] * 3
    assert [r.principal for r in s.rows] == [D("3333.33"), D("3333.33"), D("3333.34")]
    assert "Flat" in s.basis_th


def test_due_dates_clamp_to_month_end() -> None:
    """Disbursed 31 Jan 2026, first due one month later: 28 Feb, then 31 Mar, 30 Apr."""
    s, _ = loan_schedule(loan())
    assert [r.due for r in s.rows] == [dt.date(2026, 2, 28), dt.date(2026, 3, 31), dt.date(2026, 4, 30)]


def test_annuity_by_hand() -> None:
    """Annuity 10,000, 12 % a year, 3 months, i = 1 %: A = 10,000 × 0.01 / (1 − 1.01⁻³) = 3,400.22.
    1: interest 100.00, principal 3,300.22 → 6,699.78; 2: interest 67.00, principal 3,333.22 →
    3,366.56; 3: interest 33.67, principal 3,366.56 (the rest) → payment 3,400.23, balance 0.00."""
    s, _ = loan_schedule(loan(annual_rate=D("0.12")), BooksSettings(declining_style="annuity"))
    assert [(r.interest, r.principal) for r in s.rows] == [
        (D("100.00"), D("3300.22")), (D("67.00"), D("3333.22")), (D("33.67"), D("3366.56"))]
    assert s.rows[-1].payment == D("3400.23") and s.rows[-1].closing == 0


def test_actual_365_by_hand() -> None:
    """Equal principal, actual/365, 12 %: days 31 Jan→28 Feb = 28, →31 Mar = 31, →30 Apr = 30.
    1: 10,000 × 0.12 × 28/365 = 92.05; 2: 6,666.67 × 0.12 × 31/365 = 67.95;
    3: 3,333.34 × 0.12 × 30/365 = 32.88."""
    s, _ = loan_schedule(loan(annual_rate=D("0.12")), BooksSettings(interest_convention="actual_365"))
    assert [r.interest for r in s.rows] == [D("92.05"), D("67.95"), D("32.88")]
    assert "365" in s.basis_en


def test_interest_free_borrowing() -> None:
    """กข.คจ.-style เงินยืม: no interest, principal only (a missing rate is fine)."""
    s, issues = loan_schedule(loan(interest_method="none", annual_rate=None))
    assert not issues and s.total_interest == 0 and s.total_principal == D("10000.00")


def test_missing_term_is_a_located_issue() -> None:
    from cmfi_xl.validate.locate import Locator, TablePlace
    loc = Locator(tables={"intergroup_loans": TablePlace("เงินกู้ระหว่างกลุ่ม", 4,
                                                         {"term_months": (7, "จำนวนงวด (เดือน)")})})
    s, issues = loan_schedule(loan(term_months=None), loc=loc)
    assert s is None and issues[0].code == "B008"
    assert (issues[0].sheet, issues[0].cell, issues[0].column) == ("เงินกู้ระหว่างกลุ่ม", "G5", "จำนวนงวด (เดือน)")


def test_paying_ahead_leaves_no_arrears() -> None:
    """All principal paid in the first month: outstanding 0, no arrears, nothing overdue later."""
    ln = loan()
    reps = [LoanRepayment(loan_no="l9", date=dt.date(2026, 2, 28), principal_paid=D("10000"), interest_paid=D("50"))]
    p = loan_position(ln, reps, dt.date(2026, 4, 30))
    assert p.outstanding == 0 and p.principal_arrears == 0
    # interest scheduled later (33.33 + 16.67) stays "due": paying ahead does not create interest credit
    assert p.scheduled_interest == D("100.00") and p.interest_due == D("50.00")


def test_penalty_with_grace_days() -> None:
    """Instalment 1 (3,333.33 + 50.00 = 3,383.33) due 28 Feb, paid 10 Mar: 10 days late, grace 3
    → 7 days × 3,383.33 × 0.15 / 365 = 9.73; nothing else due by 10 Mar."""
    reps = [LoanRepayment(loan_no="L9", date=dt.date(2026, 3, 10), principal_paid=D("3333.33"),
                          interest_paid=D("50"))]
    p = loan_position(loan(), reps, dt.date(2026, 3, 10),
                      BooksSettings(penalty_rate=D("0.15"), penalty_grace_days=3))
    assert p.penalty_accrued == D("9.73") and p.instalments_overdue == 0


money = st.decimals(min_value=D("100"), max_value=D("5000000"), places=2)
rates = st.decimals(min_value=D("0"), max_value=D("0.36"), places=4)


@hsettings(max_examples=150, deadline=None)
@given(principal=money, rate=rates, n=st.integers(1, 120), method=st.sampled_from(["flat", "declining", "none"]),
       style=st.sampled_from(["equal_principal", "annuity"]), conv=st.sampled_from(["monthly", "actual_365"]),
       day=st.integers(1, 31))
def test_schedule_amortises_to_exactly_zero(principal, rate, n, method, style, conv, day) -> None:
    """Property: for any loan, Σ principal == principal, every row satang-exact, non-negative,
    each closing = opening − principal, and the last closing is exactly 0.00."""
    d = dt.date(2025, 1, min(day, 28))
    s, issues = loan_schedule(loan(principal=principal, annual_rate=rate, term_months=n, interest_method=method,
                                   date=d, first_due=None),
                              BooksSettings(declining_style=style, interest_convention=conv))
    assert not issues and len(s.rows) == n
    assert s.total_principal == principal
    assert s.rows[-1].closing == D("0.00") and str(s.rows[-1].closing) == "0.00"
    for r in s.rows:
        assert r.principal >= 0 and r.interest >= 0
        assert r.closing == r.opening - r.principal
        assert r.principal == r.principal.quantize(D("0.01")) and r.interest == r.interest.quantize(D("0.01"))
    assert [r.due for r in s.rows] == sorted(r.due for r in s.rows)
