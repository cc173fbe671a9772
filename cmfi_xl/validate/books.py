"""Read the books' settings from a checked book: the settings rows, welfare rules, closed months
with their seals, and the passbook balances → :class:`~cmfi_xl.books.settings.BooksSettings`.

Bad *values* are reported where they are parsed (``read_settings``, the table readers). Here the
settings are checked as a whole (:func:`cmfi_xl.books.settings.check_settings`: B001 percentages
not summing to 100, B002 negatives), located at the settings cells through ``source_rows``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from cmfi_xl.schema.spec import version_tuple
from cmfi_xl.books.settings import (Allocation, BooksSettings, ClosedMonth, PassbookBalance,
                                    check_settings, first_of_month)
from cmfi_xl.core.issues import Issue
from cmfi_xl.core.memo import remember_last
from cmfi_xl.core.models import InstitutionBook
from cmfi_xl.schema.settings import BOOKS_SETTINGS
from cmfi_xl.schema.spec import WorkbookSpec

from .locate import Locator
from .settings import read_settings

__all__ = ["book_to_books_settings", "books_settings_rule", "passbooks_of"]

_BOOL = {"yes": True, "no": False}


def book_to_books_settings(book: InstitutionBook, loc: Locator | None = None) -> BooksSettings:
    """The :class:`BooksSettings` of a book read from a workbook (defaults where a value is blank
    or could not be read: that cell was already reported by ``check``, so ``loc`` is not needed)."""
    return _books_settings(book)


@remember_last
def _books_settings(book: InstitutionBook) -> BooksSettings:
    values, _ = read_settings(book, Locator())
    rows = {r.key.casefold(): r.row for r in book.settings if r.key}
    kw: dict[str, Any] = {}
    alloc: dict[str, Decimal] = {}
    source_rows: dict[str, int] = {}
    for s in BOOKS_SETTINGS:
        if s.key.casefold() in rows:
            source_rows[s.key] = rows[s.key.casefold()]
        v = values.get(s.key)
        if s.choices == "yes_no":
            v = _BOOL.get(v, True) if v is not None else None
        if s.key.startswith("allocation."):
            alloc[s.key.split(".", 1)[1]] = Decimal(v if v is not None else s.default)
        elif v is not None:
            kw[s.key] = v
    ceilings: dict[str, Decimal] = {}
    eligibility: dict[str, str] = {}
    for r in getattr(book, "welfare_rules", ()):
        if r.kind is None:
            continue
        source_rows[f"welfare_ceilings.{r.kind}"] = r.row
        if r.ceiling is not None:
            ceilings[r.kind] = r.ceiling
        if r.eligibility:
            eligibility[r.kind] = r.eligibility
    seals: dict[Any, dict[str, str]] = {}
    for s_ in getattr(book, "month_seals", ()):
        if s_.month is not None and s_.doc_no and s_.digest:
            seals.setdefault(first_of_month(s_.month), {})[s_.doc_no] = s_.digest
    closed = tuple(
        ClosedMonth(month=c.month, closed_on=c.closed_on, seal=c.seal,
                    rows=seals.get(first_of_month(c.month), {}))
        for c in getattr(book, "closed_months", ()) if c.month is not None)
    return BooksSettings(**kw, allocation=Allocation(**alloc), welfare_ceilings=ceilings,
                         welfare_eligibility=eligibility, closed_months=closed, source_rows=source_rows)


def passbooks_of(book: InstitutionBook) -> tuple[PassbookBalance, ...]:
    return book.passbook


def books_settings_rule(book: InstitutionBook, loc: Locator, spec: WorkbookSpec) -> list[Issue]:
    """A ``check`` rule: the books' settings as a whole (B001, B002), at the settings cells."""
    if version_tuple(book.template_version) < (1, 1) and not any(r.key for r in book.settings):
        return []
    return check_settings(book_to_books_settings(book, loc), loc)

