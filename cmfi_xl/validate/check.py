"""``check``: read a workbook file and return the book with every issue (the CLI's ``check``)."""

from __future__ import annotations

from pathlib import Path

from cmfi_xl.core.issues import Issue, Severity
from cmfi_xl.core.models import InstitutionBook
from cmfi_xl.schema.institution import INSTITUTION
from cmfi_xl.schema.spec import WorkbookSpec
from cmfi_xl.xlsx.read import read_raw

from .book import parse_book
from .locate import Locator
from .rules import run_rules

_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def check_file(
    path: str | Path, spec: WorkbookSpec = INSTITUTION
) -> tuple[InstitutionBook, list[Issue], Locator]:
    """Raises :class:`~cmfi_xl.core.issues.UnreadableWorkbook` only when the file is not a
    readable workbook of ``spec``; every problem in the data comes back as an issue."""
    raw = read_raw(path, spec)
    book, issues, locator = parse_book(raw, spec)
    issues = issues + run_rules(book, locator, spec)
    return book, issues, locator


def sort_issues(issues: list[Issue]) -> list[Issue]:
    return sorted(issues, key=lambda i: (_ORDER[i.severity], i.sheet, _cell_key(i.cell), i.code))


def _cell_key(cell: str) -> tuple[int, str]:
    letters = "".join(ch for ch in cell if ch.isalpha())
    digits = "".join(ch for ch in cell if ch.isdigit())
    return (int(digits) if digits else 0, letters.rjust(3))
