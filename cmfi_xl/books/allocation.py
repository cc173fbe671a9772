"""Year-end allocation of net profit (การจัดสรรกำไรสุทธิประจำปี), to the satang, residue stated.

1. Each pool = ``round_half_up(profit × percent / 100)`` (reserve, dividend, refund, welfare,
   committee, public benefit). Pool residue = profit − Σ pools (a few satang, either sign).
2. The dividend pool is divided among member groups in proportion to their weight: the share
   balance (baht) at the year end (``dividend_basis="year_end"``) or baht-months held
   (``"share_months"``, :func:`cmfi_xl.books.shares.share_months`).
3. The refund pool (เฉลี่ยคืน) is divided in proportion to the interest each borrowing group paid
   on inter-group loans in the fiscal year (``tblLoanRepayments.interest_paid``).
4. Each group's part is rounded half up to satang; what is left of a pool is its residue.

The result states every residue; ``sum of every part + residue == profit`` exactly (property
test). A pool with nobody to divide it among (no shares, no interest paid) stays whole in the
residue and is reported (B027). No profit (≤ 0) → nothing allocated, the residue is the result
(B026). Nothing is "fixed" silently: percentages that do not sum to 100 are B001 and are applied
as given (the parts then do not exhaust the profit, and the residue shows it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from cmfi_xl.core.issues import Issue, make_issue
from cmfi_xl.core.models import InterGroupLoan, LoanRepayment, ShareTransaction
from cmfi_xl.validate.locate import Locator

from ._util import ZERO, baht, gkey, m, q
from .settings import POOL_NAMES, POOLS, BooksSettings, check_settings
from .shares import share_balances, share_months

__all__ = ["AllocationResult", "GroupPart", "Pool", "allocate", "divide", "interest_paid_by_group"]


@dataclass(frozen=True, slots=True)
class Pool:
    key: str
    th: str
    en: str
    percent: Decimal
    amount: Decimal


@dataclass(frozen=True, slots=True)
class GroupPart:
    group_id: str
    weight: Decimal  # baht of shares, baht-months, or interest paid
    amount: Decimal


@dataclass(frozen=True)
class AllocationResult:
    profit: Decimal
    basis: str
    pools: tuple[Pool, ...]
    dividend: tuple[GroupPart, ...]
    refund: tuple[GroupPart, ...]
    pool_residue: Decimal  # profit − Σ pools
    dividend_residue: Decimal  # dividend pool − Σ dividend parts
    refund_residue: Decimal

    @property
    def residue(self) -> Decimal:
        return self.pool_residue + self.dividend_residue + self.refund_residue

    @property
    def parts_total(self) -> Decimal:
        """Every satang given to someone: the undivided pools plus every group's part."""
        undivided = sum((p.amount for p in self.pools if p.key not in ("dividend", "refund")), ZERO)
        return (undivided + sum((g.amount for g in self.dividend), ZERO)
                + sum((g.amount for g in self.refund), ZERO))

    def pool(self, key: str) -> Decimal:
        return next((p.amount for p in self.pools if p.key == key), ZERO)


def divide(pool: Decimal, weights: dict[str, Decimal]) -> tuple[list[GroupPart], Decimal]:
    """Split ``pool`` in proportion to positive ``weights``; each part rounded half up to satang.

    Returns (parts, residue) with ``Σ parts + residue == pool``. No positive weight → no parts.
    """
    w = {k: v for k, v in weights.items() if v > 0}
    total = sum(w.values(), ZERO)
    if not total:
        return [], pool
    parts = [GroupPart(k, v, q(pool * v / total)) for k, v in w.items()]
    return parts, pool - sum((p.amount for p in parts), ZERO)


def interest_paid_by_group(loans: Iterable[InterGroupLoan], repayments: Iterable[LoanRepayment],
                           start: dt.date, end: dt.date) -> dict[str, Decimal]:
    """Interest paid on inter-group loans within ``start``–``end``, by the borrowing group."""
    group_of = {gkey(ln.loan_no): ln.group_id for ln in loans if ln.loan_no and ln.group_id}
    out: dict[str, Decimal] = {}
    for r in repayments:
        g = group_of.get(gkey(r.loan_no))
        if g is None or r.date is None or not (start <= r.date <= end):
            continue
        out[g] = out.get(g, ZERO) + m(r.interest_paid)
    return out


def allocate(
    profit: Decimal,
    settings: BooksSettings,
    *,
    shares: Iterable[ShareTransaction],
    loans: Iterable[InterGroupLoan],
    repayments: Iterable[LoanRepayment],
    start: dt.date,
    end: dt.date,
    loc: Locator | None = None,
) -> tuple[AllocationResult, list[Issue]]:
    """The year-end allocation proposal for the fiscal year ``start``–``end``."""
    loc = loc or Locator()
    issues = [i for i in check_settings(settings, loc) if i.code == "B001"]
    profit = q(profit)
    alloc = settings.allocation
    if profit <= 0:
        issues.append(loc.issue("B026", "cash_book", 0, value=profit, profit=baht(profit)))
        pools = tuple(Pool(k, *POOL_NAMES[k], getattr(alloc, k), ZERO) for k in POOLS)
        return AllocationResult(profit, settings.dividend_basis, pools, (), (), profit, ZERO, ZERO), issues
    pools = tuple(Pool(k, *POOL_NAMES[k], getattr(alloc, k), q(profit * getattr(alloc, k) / 100)) for k in POOLS)
    pool_residue = profit - sum((p.amount for p in pools), ZERO)
    shares = list(shares)
    if settings.dividend_basis == "share_months":
        weights = share_months(shares, start, end)
    else:
        weights = {g: b.amount for g, b in share_balances(shares, end).items()}
    div_pool = next(p.amount for p in pools if p.key == "dividend")
    dividend, div_res = divide(div_pool, weights)
    ref_pool = next(p.amount for p in pools if p.key == "refund")
    refund, ref_res = divide(ref_pool, interest_paid_by_group(loans, repayments, start, end))
    for key, pool_amt, parts, why_th in (("dividend", div_pool, dividend, "ไม่มีกลุ่มที่ถือหุ้น"),
                                         ("refund", ref_pool, refund, "ไม่มีกลุ่มที่จ่ายดอกเบี้ยในปีนี้")):
        if pool_amt and not parts:
            issues.append(make_issue("B027", value=pool_amt, pool=POOL_NAMES[key][0], amount=baht(pool_amt),
                                     reason=why_th))
    res = AllocationResult(profit, settings.dividend_basis, pools, tuple(dividend), tuple(refund),
                           pool_residue, div_res, ref_res)
    if res.residue:
        issues.append(make_issue("B031", value=res.residue, pool="", residue=baht(res.residue)))
    return res, issues
