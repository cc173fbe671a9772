"""Welfare paid through member groups (สวัสดิการชุมชน): ceilings per kind and the year's budget.

The budget is ``settings.welfare_budget`` or, when that is ``None``, the opening welfare fund
(``settings.opening_welfare_fund``, the fund allocated at the last year end). Payments are taken
in date order; the payment that takes the running total over the budget, and every later one, is
flagged (B010), so the committee sees which payments were made without money for them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from cmfi_xl.core.issues import Issue
from cmfi_xl.core.models import WelfarePayment
from cmfi_xl.schema.institution import WELFARE_KINDS as _KIND_LIST
from cmfi_xl.validate.locate import Locator

from ._util import ZERO, baht, gkey, m
from .settings import BooksSettings

__all__ = ["WelfareReport", "welfare_report", "KIND_TH"]

KIND_TH = {c.code: c.label for c in _KIND_LIST.choices}


@dataclass(frozen=True)
class WelfareReport:
    budget: Decimal
    total: Decimal
    by_kind: dict[str, tuple[int, Decimal]] = field(default_factory=dict)  # kind → (count, amount)
    by_group: dict[str, tuple[int, Decimal]] = field(default_factory=dict)

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.total


def welfare_report(
    payments: Iterable[WelfarePayment],
    settings: BooksSettings,
    loc: Locator | None = None,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> tuple[WelfareReport, list[Issue]]:
    """Totals per kind and group over ``start``–``end`` (inclusive; ``None`` = open), and issues:
    B009 over the ceiling of its kind, B010 over the budget, B011 (once per kind) no ceiling set
    while other kinds have one.
    """
    loc = loc or Locator()
    budget = settings.welfare_budget if settings.welfare_budget is not None else settings.opening_welfare_fund
    rows = [p for p in payments
            if (start is None or (p.date is not None and p.date >= start))
            and (end is None or (p.date is not None and p.date <= end))]
    rows.sort(key=lambda p: (p.date or dt.date.max, p.row))
    issues: list[Issue] = []
    by_kind: dict[str, list] = {}
    by_group: dict[str, list] = {}
    total = ZERO
    no_ceiling_seen: set[str] = set()
    for p in rows:
        amt = m(p.amount)
        kind = p.kind or "other"
        ceiling = settings.welfare_ceilings.get(kind)
        if ceiling is not None and amt > ceiling:
            issues.append(loc.issue("B009", "welfare", p.row, "amount", value=amt,
                                    kind=KIND_TH.get(kind, kind), amount=baht(amt), ceiling=baht(ceiling)))
        elif ceiling is None and settings.welfare_ceilings and kind not in no_ceiling_seen:
            no_ceiling_seen.add(kind)
            issues.append(loc.issue("B011", "welfare", p.row, "kind", value=kind, kind=KIND_TH.get(kind, kind)))
        total += amt
        if total > budget:
            issues.append(loc.issue("B010", "welfare", p.row, "amount", value=amt,
                                    total=baht(total), budget=baht(budget)))
        k = by_kind.setdefault(kind, [0, ZERO])
        k[0] += 1
        k[1] += amt
        g = by_group.setdefault(gkey(p.group_id), [p.group_id or "", 0, ZERO])
        g[1] += 1
        g[2] += amt
    return (WelfareReport(budget, total, {k: (v[0], v[1]) for k, v in by_kind.items()},
                          {v[0]: (v[1], v[2]) for v in by_group.values()}), issues)
