"""The books' settings (การตั้งค่าบัญชีสถาบัน): regulation values the registers do not carry.

Every value here is *provisional* domain practice (DOMAIN.md §5): each institution's regulations
set its own, so nothing below is a hard-coded truth, only a documented default. The workbook holds
them as rows of its settings table (``tblSettings``, keys = the field names, e.g.
``allocation.reserve``; declared in :data:`cmfi_xl.schema.settings.BOOKS_SETTINGS`), plus the
tables ``tblWelfareRules``, ``tblClosedMonths``/``tblMonthSeals`` and ``tblPassbook``;
:func:`cmfi_xl.validate.books.book_to_books_settings` reads them.

Problems in the settings are *issues*, never exceptions: :func:`check_settings` reports
percentages that do not sum to 100 (``B001``) and negative values (``B002``), located through
:data:`SETTINGS_TABLE` rows given in ``source_rows``. Pydantic still rejects values of the wrong
*type* (a program error, not user data: the reader parses cells first).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from cmfi_xl.core.issues import Issue
from cmfi_xl.core.models import PassbookBalance  # noqa: F401  (re-exported: part of the books API)
from cmfi_xl.validate.locate import Locator

from . import codes as _codes  # noqa: F401  (registers B-codes)

#: Table key under which the settings are located: the workbook's key/value settings table
#: (``tblSettings``, sheet ตั้งค่า), one setting a row, key = the field name below.
SETTINGS_TABLE = "settings"
#: Column key of the value column of that table.
SETTINGS_VALUE_COL = "value"

WELFARE_KINDS = ("birth", "illness", "death", "elderly", "disaster", "education", "other")

InterestConvention = Literal["monthly", "actual_365"]
DecliningStyle = Literal["equal_principal", "annuity"]
DividendBasis = Literal["year_end", "share_months"]


def first_of_month(d: dt.date) -> dt.date:
    return d.replace(day=1)


class Allocation(BaseModel):
    """Year-end allocation of net profit, in percent (ร้อยละ). Defaults sum to 100.

    The defaults are a common savings-group pattern (*provisional*); the regulations decide.
    """

    model_config = ConfigDict(frozen=True)

    reserve: Decimal = Decimal("10")  # ทุนสำรอง (cooperatives keep ≥ 10 %)
    dividend: Decimal = Decimal("40")  # เงินปันผลตามหุ้น
    refund: Decimal = Decimal("20")  # เงินเฉลี่ยคืนตามดอกเบี้ยที่จ่าย
    welfare: Decimal = Decimal("10")  # กองทุนสวัสดิการ
    committee: Decimal = Decimal("10")  # ค่าตอบแทนคณะกรรมการ
    public_benefit: Decimal = Decimal("10")  # สาธารณประโยชน์

    def items(self) -> list[tuple[str, Decimal]]:
        return [(k, getattr(self, k)) for k in POOLS]

    @property
    def total(self) -> Decimal:
        return sum((v for _, v in self.items()), Decimal(0))


#: Allocation pools in proposal order, with Thai and English names.
POOLS = ("reserve", "dividend", "refund", "welfare", "committee", "public_benefit")
POOL_NAMES: dict[str, tuple[str, str]] = {
    "reserve": ("ทุนสำรอง", "reserve"),
    "dividend": ("เงินปันผลตามหุ้น", "dividend on shares"),
    "refund": ("เงินเฉลี่ยคืน", "refund on interest paid"),
    "welfare": ("กองทุนสวัสดิการ", "welfare fund"),
    "committee": ("ค่าตอบแทนคณะกรรมการ", "committee remuneration"),
    "public_benefit": ("สาธารณประโยชน์", "public benefit"),
}


class ClosedMonth(BaseModel):
    """A month closed by the committee, with its seal (ตราปิดเดือน).

    ``seal`` is the digest of the whole month (:func:`cmfi_xl.books.closing.month_seal`);
    ``rows`` the digest of each document (doc_no → 16 hex digits), so that a changed row can be
    *located*. Both are written by :func:`cmfi_xl.books.closing.close_month` when the month is
    closed and must not be typed by hand. A closed month without a seal is still checked for
    nothing but is reported (``B019``): without history, edits cannot be seen.
    """

    model_config = ConfigDict(frozen=True)

    month: dt.date  # any day of the month; normalised to the 1st
    closed_on: dt.date | None = None
    seal: str | None = None
    rows: dict[str, str] = Field(default_factory=dict)

    @field_validator("month")
    @classmethod
    def _first(cls, v: dt.date) -> dt.date:
        return first_of_month(v)


class BooksSettings(BaseModel):
    """Regulation settings for the institution's books. Every field has a documented default."""

    model_config = ConfigDict(frozen=True)

    # --- shares ---
    #: Minimum number of shares a member group must keep (0 = no minimum). ถือหุ้นขั้นต่ำ (หุ้น)
    min_share_units: int = 0

    # --- inter-group loans ---
    #: "monthly": every instalment earns rate/12 (the usual community-fund rule);
    #: "actual_365": interest = balance × rate × days since the previous due date / 365.
    interest_convention: InterestConvention = "monthly"
    #: How declining-balance (ลดต้นลดดอก) loans repay: equal principal each month (the common
    #: community-fund practice) or equal instalments (annuity).
    declining_style: DecliningStyle = "equal_principal"
    #: Penalty interest per year on an overdue instalment, as a fraction (0.12 = 12 %); 0 = none.
    penalty_rate: Decimal = Decimal("0")
    #: Days after the due date before penalty interest starts.
    penalty_grace_days: int = 0

    # --- welfare ---
    #: Ceiling per payment, by welfare kind (baht). A kind missing here has no ceiling (B011).
    welfare_ceilings: dict[str, Decimal] = Field(default_factory=dict)
    #: Eligibility rules per kind, as text for the settings sheet and the proposal (not checked).
    welfare_eligibility: dict[str, str] = Field(default_factory=dict)
    #: Welfare budget for the fiscal year. ``None`` = the opening welfare fund.
    welfare_budget: Decimal | None = None

    # --- cash book and balance sheet ---
    #: Cash on hand at the start of the fiscal year (bank openings are in tblBankAccounts).
    opening_cash: Decimal = Decimal("0")
    #: Borrowings from outside lenders owed at the start of the year.
    opening_borrowings: Decimal = Decimal("0")
    #: Reserve (ทุนสำรอง), welfare fund (ทุนสวัสดิการ) and grants fund at the start of the year.
    opening_reserve: Decimal = Decimal("0")
    opening_welfare_fund: Decimal = Decimal("0")
    opening_grants_fund: Decimal = Decimal("0")
    #: Accumulated surplus brought forward. ``None`` = the balancing figure of the opening
    #: balance sheet (assets − liabilities − shares − funds). If given and the opening sheet does
    #: not balance, the difference goes to suspense and is reported (B030).
    opening_surplus: Decimal | None = None
    #: Welfare payments are drawn from the welfare fund (True) or are an expense (False).
    welfare_from_fund: bool = True
    #: Grants and donations are capital of the institution (a fund, True) or income (False).
    grants_to_fund: bool = True
    #: Closed months with their seals.
    closed_months: tuple[ClosedMonth, ...] = ()

    # --- year end ---
    allocation: Allocation = Field(default_factory=Allocation)
    dividend_basis: DividendBasis = "year_end"

    #: Where each setting was read from: field name (e.g. "allocation.reserve") → sheet row of
    #: the settings table. Empty when built in code.
    source_rows: dict[str, int] = Field(default_factory=dict)

    def closed(self, d: dt.date) -> ClosedMonth | None:
        m = first_of_month(d)
        for c in self.closed_months:
            if c.month == m:
                return c
        return None

    def loc_issue(self, loc: Locator, code: str, key: str, value: object = "", **fmt: object) -> Issue:
        """An issue about setting ``key``, located on the settings sheet when it was read from one."""
        return loc.issue(code, SETTINGS_TABLE, self.source_rows.get(key, 0), SETTINGS_VALUE_COL,
                         value=value, **fmt)


def check_settings(settings: BooksSettings, loc: Locator | None = None) -> list[Issue]:
    """B001 when the allocation does not sum to 100; B002 for negative values."""
    loc = loc or Locator()
    out: list[Issue] = []
    for key, pct in settings.allocation.items():
        if pct < 0:
            out.append(settings.loc_issue(loc, "B002", f"allocation.{key}", pct, name=POOL_NAMES[key][0], amount=pct))
    total = settings.allocation.total
    if total != 100:
        # located at the first allocation row (the user reads the whole block from there)
        first = min((settings.source_rows.get(f"allocation.{k}", 0) for k in POOLS), default=0)
        out.append(loc.issue("B001", SETTINGS_TABLE, first, SETTINGS_VALUE_COL, value=total,
                             total=f"{total.normalize():f}"))
    for name in ("min_share_units", "penalty_rate", "penalty_grace_days", "welfare_budget"):
        v = getattr(settings, name)
        if v is not None and v < 0:
            out.append(settings.loc_issue(loc, "B002", name, v, name=name, amount=v))
    for kind, ceiling in settings.welfare_ceilings.items():
        if ceiling < 0:
            out.append(settings.loc_issue(loc, "B002", f"welfare_ceilings.{kind}", ceiling,
                                          name=f"welfare_ceilings.{kind}", amount=ceiling))
    return out
