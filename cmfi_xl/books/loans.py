"""Inter-group loans (เงินกู้ระหว่างกลุ่ม): schedules, positions as at a date, repayment checks.

Schedules
---------
Due dates are monthly from ``first_due``, on the same day of the month, clamped to the month's
last day; without ``first_due``, monthly from the disbursement date (disbursed 31 Jan: 28 Feb,
31 Mar, 30 Apr — anchored on the original day, never drifting). Interest for instalment *k*:

* convention ``monthly``: ``balance × annual_rate / 12`` (every month the same length);
* convention ``actual_365``: ``balance × annual_rate × days / 365``, days since the previous
  due date (the first period from the disbursement date).

Methods (``interest_method``):

* ``flat`` (คงที่): interest on the *original* principal every period; principal in equal parts.
* ``declining`` (ลดต้นลดดอก): interest on the balance; principal by ``declining_style`` —
  ``equal_principal`` (principal ÷ term each month) or ``annuity`` (equal instalments
  ``P·i / (1 − (1+i)^−n)`` with ``i = rate/12``; under ``actual_365`` the instalment is the same
  and interest varies with the days, so principal takes the difference).
* ``none`` (ไม่มีดอกเบี้ย — เงินยืม): principal only.

Every interest and principal figure is rounded half up to satang as it is computed, and the
**last instalment takes whatever principal remains**, so the schedule amortises to exactly 0.00.

Position as at a date
---------------------
Repayments on or before the date count. Outstanding principal = principal − principal paid.
Scheduled principal and interest are those of instalments due on or before the date; arrears are
what is scheduled and not yet paid (never negative; paying ahead does not create credit for
interest). Penalty: instalments are settled first-in-first-out by the cumulative principal +
interest paid; an instalment settled (or still unsettled at the date) more than
``penalty_grace_days`` after its due date accrues ``instalment × penalty_rate × late days / 365``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from cmfi_xl.core.issues import Issue
from cmfi_xl.core.models import InterGroupLoan, LoanRepayment
from cmfi_xl.validate.locate import Locator

from ._util import ZERO, add_months, baht, gkey, m, q, thdate
from .settings import BooksSettings, DecliningStyle, InterestConvention

__all__ = ["LoanPosition", "Schedule", "ScheduleRow", "check_repayments", "convention_text",
           "loan_position", "loan_positions", "loan_schedule", "outstanding_principal"]

_METHOD_TEXT = {
    "flat": ("ดอกเบี้ยคงที่ (Flat rate) คิดจากเงินต้นเดิมทุกงวด", "flat rate: interest on the original principal"),
    "declining": ("ลดต้นลดดอก คิดดอกเบี้ยจากเงินต้นคงเหลือ", "declining balance: interest on the outstanding principal"),
    "none": ("ไม่มีดอกเบี้ย (เงินยืม)", "interest-free borrowing"),
}
_STYLE_TEXT = {
    "equal_principal": ("ผ่อนเงินต้นเท่ากันทุกงวด", "equal principal each month"),
    "annuity": ("ผ่อนงวดละเท่ากัน (เงินต้นรวมดอกเบี้ย)", "equal instalments (annuity)"),
}
_CONV_TEXT = {
    "monthly": ("ดอกเบี้ยรายเดือน = อัตราต่อปี ÷ 12", "monthly: annual rate / 12 each month"),
    "actual_365": ("ดอกเบี้ยตามจำนวนวันจริง ÷ 365", "actual days / 365"),
}


def convention_text(method: str, style: str, convention: str) -> tuple[str, str]:
    """The schedule's basis in Thai and English, printed above the schedule."""
    mt, me = _METHOD_TEXT.get(method, _METHOD_TEXT["declining"])
    parts_th, parts_en = [mt], [me]
    if method != "none":
        st, se = _STYLE_TEXT["equal_principal"] if method == "flat" else _STYLE_TEXT[style]
        ct, ce = _CONV_TEXT[convention]
        parts_th += [st, ct]
        parts_en += [se, ce]
    parts_th.append("งวดสุดท้ายปรับเศษให้เงินต้นหมดพอดี")
    parts_en.append("the last instalment takes the rounding so the balance ends at 0.00")
    return "; ".join(parts_th), "; ".join(parts_en)


@dataclass(frozen=True, slots=True)
class ScheduleRow:
    n: int
    due: dt.date
    opening: Decimal
    principal: Decimal
    interest: Decimal
    closing: Decimal

    @property
    def payment(self) -> Decimal:
        return self.principal + self.interest


@dataclass(frozen=True, slots=True)
class Schedule:
    loan_no: str
    group_id: str
    principal: Decimal
    annual_rate: Decimal
    method: str
    style: str
    convention: str
    rows: tuple[ScheduleRow, ...]
    basis_th: str
    basis_en: str

    @property
    def total_interest(self) -> Decimal:
        return sum((r.interest for r in self.rows), ZERO)

    @property
    def total_principal(self) -> Decimal:
        return sum((r.principal for r in self.rows), ZERO)


def loan_schedule(
    loan: InterGroupLoan,
    settings: BooksSettings | None = None,
    loc: Locator | None = None,
    *,
    style: DecliningStyle | None = None,
    convention: InterestConvention | None = None,
) -> tuple[Schedule | None, list[Issue]]:
    """The repayment schedule of one loan, or ``None`` and a B008 issue if it cannot be made.

    The declining style is ``style``, else the loan's own ``repayment_style`` (template 1.1
    column), else ``settings.declining_style``."""
    settings = settings or BooksSettings()
    loc = loc or Locator()
    missing = [k for k, v in (("principal", loan.principal), ("term_months", loan.term_months),
                              ("date", loan.date)) if v is None]
    method = loan.interest_method or "declining"
    if loan.annual_rate is None and method != "none":
        missing.append("annual_rate")
    if loan.term_months is not None and loan.term_months <= 0:
        missing.append("term_months > 0")
    if missing:
        col = missing[0].split()[0]
        return None, [loc.issue("B008", "intergroup_loans", loan.row, col, loan=loan.loan_no or "-",
                                missing=", ".join(missing))]
    assert loan.principal is not None and loan.term_months is not None and loan.date is not None
    style = style or getattr(loan, "repayment_style", None) or settings.declining_style
    convention = convention or settings.interest_convention
    rate = loan.annual_rate or Decimal(0) if method != "none" else Decimal(0)
    p0, n = q(loan.principal), loan.term_months
    monthly_i = rate / 12
    eff_style = style if method == "declining" else "equal_principal"
    equal_p = q(p0 / n)
    if eff_style == "annuity":
        annuity = q(p0 / n) if monthly_i == 0 else q(p0 * monthly_i / (1 - (1 + monthly_i) ** -n))
    rows: list[ScheduleRow] = []
    bal, prev = p0, loan.date
    for k in range(1, n + 1):
        due = add_months(loan.first_due, k - 1) if loan.first_due else add_months(loan.date, k)
        base = p0 if method == "flat" else bal
        if convention == "monthly":
            interest = q(base * monthly_i)
        else:
            interest = q(base * rate * max((due - prev).days, 0) / 365)
        if k == n:
            principal = bal
        elif eff_style == "annuity":
            principal = min(max(annuity - interest, ZERO), bal)
        else:
            principal = min(equal_p, bal)
        rows.append(ScheduleRow(k, due, bal, principal, interest, bal - principal))
        bal -= principal
        prev = due
    th, en = convention_text(method, eff_style, convention)
    return Schedule(loan.loan_no or "", loan.group_id or "", p0, rate, method, eff_style, convention,
                    tuple(rows), th, en), []


@dataclass(frozen=True, slots=True)
class LoanPosition:
    loan_no: str
    group_id: str
    as_of: dt.date
    principal: Decimal
    principal_paid: Decimal
    interest_paid: Decimal
    penalty_paid: Decimal
    scheduled_principal: Decimal  # due on or before as_of
    scheduled_interest: Decimal
    instalments_due: int
    instalments_overdue: int  # due and not settled by as_of
    penalty_accrued: Decimal

    @property
    def outstanding(self) -> Decimal:
        return self.principal - self.principal_paid

    @property
    def principal_arrears(self) -> Decimal:
        return max(self.scheduled_principal - self.principal_paid, ZERO)

    @property
    def interest_due(self) -> Decimal:
        """Scheduled interest due by the date and not paid (ดอกเบี้ยค้างรับ)."""
        return max(self.scheduled_interest - self.interest_paid, ZERO)

    @property
    def arrears(self) -> Decimal:
        return self.principal_arrears + self.interest_due

    @property
    def penalty_due(self) -> Decimal:
        return max(self.penalty_accrued - self.penalty_paid, ZERO)


def _repayments_by_loan(repayments: Iterable[LoanRepayment]) -> dict[str, list[LoanRepayment]]:
    out: dict[str, list[LoanRepayment]] = {}
    for r in repayments:
        out.setdefault(gkey(r.loan_no), []).append(r)
    for v in out.values():
        v.sort(key=lambda r: (r.date or dt.date.max, r.row))
    return out


def loan_position(
    loan: InterGroupLoan,
    repayments: Iterable[LoanRepayment],
    as_of: dt.date,
    settings: BooksSettings | None = None,
    schedule: Schedule | None = None,
) -> LoanPosition:
    """Outstanding, interest due, arrears and penalty of one loan at the end of ``as_of``.

    ``repayments`` may hold other loans' rows; only this loan's rows dated ≤ ``as_of`` count.
    """
    settings = settings or BooksSettings()
    if schedule is None:
        schedule, _ = loan_schedule(loan, settings)
    key = gkey(loan.loan_no)
    mine = [r for r in repayments if gkey(r.loan_no) == key and r.date is not None and r.date <= as_of]
    mine.sort(key=lambda r: (r.date, r.row))
    p_paid = sum((m(r.principal_paid) for r in mine), ZERO)
    i_paid = sum((m(r.interest_paid) for r in mine), ZERO)
    pen_paid = sum((m(r.penalty_paid) for r in mine), ZERO)
    due_rows = [r for r in schedule.rows if r.due <= as_of] if schedule else []
    sp = sum((r.principal for r in due_rows), ZERO)
    si = sum((r.interest for r in due_rows), ZERO)
    # FIFO settlement of instalments by cumulative principal + interest paid
    overdue, penalty = 0, ZERO
    rate, grace = settings.penalty_rate, settings.penalty_grace_days
    cum_paid: list[tuple[dt.date, Decimal]] = []
    tot = ZERO
    for r in mine:
        tot += m(r.principal_paid) + m(r.interest_paid)
        cum_paid.append((r.date, tot))  # type: ignore[arg-type]
    cum_due, j = ZERO, 0
    for row in due_rows:
        cum_due += row.payment
        while j < len(cum_paid) and cum_paid[j][1] < cum_due:
            j += 1
        settled = cum_paid[j][0] if j < len(cum_paid) else None
        if settled is None:
            overdue += 1
        if rate > 0:
            late = ((settled or as_of) - row.due).days - grace
            if late > 0:
                penalty += row.payment * rate * late / 365
    return LoanPosition(loan.loan_no or "", loan.group_id or "", as_of, q(m(loan.principal)), p_paid,
                        i_paid, pen_paid, sp, si, len(due_rows), overdue, q(penalty))


def loan_positions(
    loans: Iterable[InterGroupLoan],
    repayments: Iterable[LoanRepayment],
    as_of: dt.date,
    settings: BooksSettings | None = None,
    loc: Locator | None = None,
) -> tuple[dict[str, LoanPosition], list[Issue]]:
    """Positions of every loan disbursed on or before ``as_of``, plus the repayment checks."""
    settings = settings or BooksSettings()
    loans = list(loans)
    repayments = list(repayments)
    issues = check_repayments(loans, repayments, loc)
    out: dict[str, LoanPosition] = {}
    for ln in loans:
        if ln.date is not None and ln.date > as_of:
            continue
        sched, more = loan_schedule(ln, settings, loc)
        issues += more
        out[ln.loan_no or f"row{ln.row}"] = loan_position(ln, repayments, as_of, settings, sched)
    return out, issues


def outstanding_principal(loans: Iterable[InterGroupLoan], repayments: Iterable[LoanRepayment],
                          as_of: dt.date) -> Decimal:
    """Σ (principal − principal repaid) over loans disbursed on or before ``as_of``."""
    paid: dict[str, Decimal] = {}
    for r in repayments:
        if r.date is not None and r.date <= as_of:
            k = gkey(r.loan_no)
            paid[k] = paid.get(k, ZERO) + m(r.principal_paid)
    total = ZERO
    for ln in loans:
        if ln.date is not None and ln.date <= as_of:
            total += m(ln.principal) - paid.get(gkey(ln.loan_no), ZERO)
    return total


def check_repayments(loans: Iterable[InterGroupLoan], repayments: Iterable[LoanRepayment],
                     loc: Locator | None = None) -> list[Issue]:
    """B005 unknown loan; B007 before disbursement; B006 principal above the outstanding balance.

    Repayments are taken in date order; the balance is not clamped after an overpayment (the
    numbers stay as typed; the issue points at the row).
    """
    loc = loc or Locator()
    by_no = {gkey(ln.loan_no): ln for ln in loans if ln.loan_no}
    out: list[Issue] = []
    outstanding = {k: m(ln.principal) for k, ln in by_no.items()}
    for k, rows in _repayments_by_loan(repayments).items():
        ln = by_no.get(k)
        for r in rows:
            if ln is None:
                out.append(loc.issue("B005", "loan_repayments", r.row, "loan_no", value=r.loan_no, ref=r.loan_no))
                continue
            if r.date is not None and ln.date is not None and r.date < ln.date:
                out.append(loc.issue("B007", "loan_repayments", r.row, "date", value=thdate(r.date),
                                     date=thdate(r.date), disbursed=thdate(ln.date)))
            paid = m(r.principal_paid)
            if paid > outstanding[k]:
                out.append(loc.issue("B006", "loan_repayments", r.row, "principal_paid", value=paid,
                                     paid=baht(paid), outstanding=baht(outstanding[k]), loan=ln.loan_no))
            outstanding[k] -= paid
    return out
