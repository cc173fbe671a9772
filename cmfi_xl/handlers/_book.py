"""Read and check the institution workbook of a session (the first step of every job)."""

from __future__ import annotations

from cmfi_xl.core.issues import Issue, has_errors
from cmfi_xl.core.models import InstitutionBook
from cmfi_xl.schema.institution import INSTITUTION
from cmfi_xl.validate.book import parse_book
from cmfi_xl.validate.locate import Locator
from cmfi_xl.validate.rules import run_rules

from .session import Session

__all__ = ["BookErrors", "read_book", "checked_book"]


class BookErrors(Exception):
    """The workbook has errors: no computation runs on it (CLI exit 1, a Thai message in Excel)."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        super().__init__(f"the workbook has {len(issues)} issue(s) with errors among them")


def read_book(session: Session) -> tuple[InstitutionBook, list[Issue], Locator]:
    """Everything ``cmfi-xl check`` reports: the typed book, every issue, where each column is.
    Raises :class:`~cmfi_xl.core.issues.UnreadableWorkbook` for a workbook of no cmfi template."""
    raw = session.raw(INSTITUTION)
    book, issues, loc = parse_book(raw, INSTITUTION)
    return book, issues + run_rules(book, loc, INSTITUTION), loc


def checked_book(session: Session) -> tuple[InstitutionBook, list[Issue], Locator]:
    """:func:`read_book`, refusing (:class:`BookErrors`) a workbook with errors."""
    book, issues, loc = read_book(session)
    if has_errors(issues):
        from cmfi_xl.validate.check import sort_issues

        raise BookErrors(sort_issues(issues))
    return book, issues, loc
