"""Small helpers shared by the books modules (money, dates, display)."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

from cmfi_xl.core import thai
from cmfi_xl.core.money import quantize_baht

ZERO = Decimal("0.00")


def q(x: Decimal | int) -> Decimal:
    """Round to satang, half up (the one rounding used for money)."""
    return quantize_baht(Decimal(x))


def m(x: Decimal | None) -> Decimal:
    """A possibly missing amount as Decimal (missing = 0)."""
    return x if x is not None else ZERO


def baht(x: Decimal) -> str:
    """``1234.5`` → ``"1,234.50"`` for messages."""
    return f"{q(x):,.2f}"


def thdate(d: dt.date | None) -> str:
    return thai.format_thai_date(d, "numeric") if d else "-"


def th_month(d: dt.date) -> str:
    """``2025-10-01`` → ``"ต.ค. 2568"``."""
    return f"{thai.THAI_MONTHS_SHORT[d.month - 1]} {thai.to_be_year(d)}"


def add_months(d: dt.date, n: int) -> dt.date:
    """The same day ``n`` months later, clamped to the month's last day (31 Jan + 1 → 28/29 Feb)."""
    y, mo = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, mo + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def month_end(d: dt.date) -> dt.date:
    return dt.date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """First days of every month from ``start``'s month to ``end``'s month inclusive."""
    out = []
    cur = start.replace(day=1)
    while cur <= end:
        out.append(cur)
        cur = add_months(cur, 1)
    return out


def gkey(s: str | None) -> str:
    """Matching key of an id typed by a user (case-insensitive, trimmed)."""
    return (s or "").strip().casefold()
