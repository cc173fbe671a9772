"""Share control register (ทะเบียนคุมเงินลงหุ้น): balances, percentages, movement, checks.

Order of rows: by date; on the same day purchases before withdrawals, then sheet order (the same
order as :func:`cmfi_xl.validate.rules.share_balances`). Group ids match case-insensitively and
are shown as first written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from cmfi_xl.core.issues import Issue
from cmfi_xl.core.models import ShareTransaction
from cmfi_xl.validate.locate import Locator

from ._util import ZERO, gkey, month_end, months_between, q
from .settings import BooksSettings

__all__ = ["ShareBalance", "ShareMovement", "check_shares", "share_balances", "share_movements",
           "share_months"]


@dataclass(frozen=True, slots=True)
class ShareBalance:
    group_id: str
    units: int
    amount: Decimal
    percent: Decimal  # of the institution's total share capital, 2 decimals (display only)


@dataclass(frozen=True, slots=True)
class ShareMovement:
    group_id: str
    opening_units: int
    opening_amount: Decimal
    bought_units: int
    bought_amount: Decimal
    withdrawn_units: int
    withdrawn_amount: Decimal

    @property
    def closing_units(self) -> int:
        return self.opening_units + self.bought_units - self.withdrawn_units

    @property
    def closing_amount(self) -> Decimal:
        return self.opening_amount + self.bought_amount - self.withdrawn_amount


def _order(s: ShareTransaction) -> tuple[dt.date, int, int]:
    return (s.date or dt.date.max, 1 if s.move == "withdraw" else 0, s.row)


def _usable(shares: Iterable[ShareTransaction]) -> list[ShareTransaction]:
    return sorted((s for s in shares if s.group_id and s.move in ("buy", "withdraw")), key=_order)


def share_balances(shares: Iterable[ShareTransaction], as_of: dt.date | None = None) -> dict[str, ShareBalance]:
    """Units and baht per group at the end of ``as_of`` (all rows when ``None``), with percentages.

    Keyed by the group id as first written; a group appears once it has a row on or before
    ``as_of``. Percentages are of the total amount, rounded half up to 0.01 (their sum may differ
    from 100.00 by rounding; the amounts are exact).
    """
    units: dict[str, int] = {}
    amount: dict[str, Decimal] = {}
    name: dict[str, str] = {}
    for s in _usable(shares):
        if as_of is not None and (s.date is None or s.date > as_of):
            continue
        k = gkey(s.group_id)
        name.setdefault(k, s.group_id.strip())  # type: ignore[union-attr]
        units[k] = units.get(k, 0) + s.signed_units
        amount[k] = amount.get(k, ZERO) + s.signed_amount
    total = sum(amount.values(), ZERO)
    out: dict[str, ShareBalance] = {}
    for k in name:
        pct = q(amount[k] * 100 / total) if total else ZERO
        out[name[k]] = ShareBalance(name[k], units[k], q(amount[k]), pct)
    return out


def share_movements(shares: Iterable[ShareTransaction], start: dt.date, end: dt.date) -> list[ShareMovement]:
    """Opening (before ``start``), bought and withdrawn (``start``–``end``), closing, per group."""
    acc: dict[str, list] = {}
    for s in _usable(shares):
        if s.date is None or s.date > end:
            continue
        k = gkey(s.group_id)
        a = acc.setdefault(k, [s.group_id.strip(), 0, ZERO, 0, ZERO, 0, ZERO])  # type: ignore[union-attr]
        u, amt = s.units or 0, s.amount or ZERO
        if s.date < start:
            a[1] += s.signed_units
            a[2] += s.signed_amount
        elif s.move == "buy":
            a[3] += u
            a[4] += amt
        else:
            a[5] += u
            a[6] += amt
    return [ShareMovement(a[0], a[1], q(a[2]), a[3], q(a[4]), a[5], q(a[6])) for a in acc.values()]


def share_months(shares: Iterable[ShareTransaction], start: dt.date, end: dt.date) -> dict[str, Decimal]:
    """Baht-months of shares held per group over ``start``–``end`` (the dividend weight).

    For each calendar month of the period, the *lowest* balance the group held during that month
    counts for one month: a purchase earns from the following month, a withdrawal reduces the month
    it is made in (the usual cooperative rule). Negative lows count as 0.
    """
    rows = [s for s in _usable(shares) if s.date is not None and s.date <= end]
    out: dict[str, Decimal] = {}
    names: dict[str, str] = {}
    bal: dict[str, Decimal] = {}
    i = 0
    for first in months_between(start, end):
        last = month_end(first)
        while i < len(rows) and rows[i].date < first:  # type: ignore[operator]
            s = rows[i]
            k = gkey(s.group_id)
            names.setdefault(k, s.group_id.strip())  # type: ignore[union-attr]
            bal[k] = bal.get(k, ZERO) + s.signed_amount
            i += 1
        low = dict(bal)
        while i < len(rows) and rows[i].date <= last:  # type: ignore[operator]
            s = rows[i]
            k = gkey(s.group_id)
            names.setdefault(k, s.group_id.strip())  # type: ignore[union-attr]
            bal[k] = bal.get(k, ZERO) + s.signed_amount
            low[k] = min(low.get(k, ZERO), bal[k])
            i += 1
        for k, v in low.items():
            out[k] = out.get(k, ZERO) + max(v, ZERO)
    return {names[k]: v for k, v in out.items()}


def check_shares(shares: Iterable[ShareTransaction], settings: BooksSettings, loc: Locator | None = None) -> list[Issue]:
    """B003 withdrawal above the balance; B004 below the minimum holding; B033 no earlier purchase.

    A withdrawal of the *whole* balance (leaving the institution) does not break the minimum.
    """
    loc = loc or Locator()
    out: list[Issue] = []
    units: dict[str, int] = {}
    bought: set[str] = set()
    for s in _usable(shares):
        k = gkey(s.group_id)
        bal = units.get(k, 0)
        if s.move == "buy":
            bought.add(k)
            units[k] = bal + (s.units or 0)
            continue
        u = s.units or 0
        if k not in bought:
            out.append(loc.issue("B033", "shares", s.row, "group_id", value=s.group_id, group=s.group_id))
        if u > bal:
            out.append(loc.issue("B003", "shares", s.row, "units", value=u, units=u, balance=bal,
                                 group=s.group_id))
        elif 0 < bal - u < settings.min_share_units:
            out.append(loc.issue("B004", "shares", s.row, "units", value=u, group=s.group_id,
                                 left=bal - u, minimum=settings.min_share_units))
        units[k] = bal - u
    return out
