"""Records of the tables template 1.1 added for the books (welfare rules, closed months, month
seals, passbook balances, the loans' repayment style), and the book that carries them.

They extend :mod:`cmfi_xl.core.models` the same way (frozen, ``row`` remembered, field names =
the declared column keys) but live here until the core model absorbs them: the reader
(:func:`cmfi_xl.validate.book.parse_book`) takes a table's record type from
:data:`BOOKS_RECORD_TYPES` first, then from ``RECORD_TYPES``, and returns an
:class:`InstitutionBookV11`, which *is* an :class:`~cmfi_xl.core.models.InstitutionBook`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from cmfi_xl.core.models import RECORD_TYPES, InstitutionBook, InterGroupLoan, Record

from .settings import PassbookBalance

__all__ = ["BOOKS_RECORD_TYPES", "ClosedMonthRow", "InstitutionBookV11", "InterGroupLoanV11", "MonthSealRow",
           "PassbookBalance", "WelfareRule", "record_type"]


class InterGroupLoanV11(InterGroupLoan):
    repayment_style: str | None = None  # "equal_principal" | "annuity"; None = the setting


class WelfareRule(Record):
    kind: str | None = None
    ceiling: Decimal | None = None
    eligibility: str | None = None


class ClosedMonthRow(Record):
    month: dt.date | None = None
    closed_on: dt.date | None = None
    seal: str | None = None


class MonthSealRow(Record):
    month: dt.date | None = None
    doc_no: str | None = None
    digest: str | None = None


class InstitutionBookV11(InstitutionBook):
    """Everything read from an institution workbook of template 1.1 (or 1.0: the new tables empty)."""

    intergroup_loans: tuple[InterGroupLoanV11, ...] = ()  # type: ignore[assignment]
    welfare_rules: tuple[WelfareRule, ...] = ()
    closed_months: tuple[ClosedMonthRow, ...] = ()
    month_seals: tuple[MonthSealRow, ...] = ()
    passbook: tuple[PassbookBalance, ...] = ()


BOOKS_RECORD_TYPES: dict[str, type] = {
    "intergroup_loans": InterGroupLoanV11,
    "welfare_rules": WelfareRule,
    "closed_months": ClosedMonthRow,
    "month_seals": MonthSealRow,
    "passbook": PassbookBalance,
}


def record_type(table_key: str) -> type:
    """The record type of a declared table (the books' extensions first)."""
    return BOOKS_RECORD_TYPES.get(table_key) or RECORD_TYPES[table_key]
