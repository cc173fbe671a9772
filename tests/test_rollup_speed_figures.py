"""The figures take the cash book's closing balances from :func:`closing_balances`, which must give
exactly :func:`run_cash_book`'s ``closing_cash`` and ``closing_bank`` (same digits, same accounts in
the same order): random cash books (rows after the end, undated rows, missing amounts, amounts too
long for the decimal context so the order of the sums shows, declared accounts typed in other case
or with spaces, undeclared accounts, rows with bank money and no account, duplicate or blank
account ids), and the figures of real workbooks computed both ways."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

import pytest

from cmfi_xl.books.cashbook import closing_balances, run_cash_book
from cmfi_xl.books.settings import BooksSettings
from cmfi_xl.core import thai
from cmfi_xl.core.models import BankAccount, CashBookEntry
from cmfi_xl.rollup import figures as figures_module
from cmfi_xl.rollup.figures import institution_figures
from cmfi_xl.rollup.sample import base_workbook
from cmfi_xl.validate.books import book_to_books_settings
from cmfi_xl.validate.check import check_file


def _amount(rng: random.Random) -> Decimal | None:
    pick = rng.random()
    if pick < 0.3:
        return None
    if pick < 0.35:  # (28 digits: their sums round in the 28-digit context, so the order of the sums shows)
        return Decimal(f"{rng.randrange(10**25, 10**26)}.{rng.randrange(100):02}")
    return Decimal(rng.randrange(0, 10**7)) / 100


def _book(rng: random.Random) -> tuple[list[CashBookEntry], list[BankAccount], BooksSettings]:
    ids = ["B1", "b2", " B3 ", "KTB-01", "B1"][: rng.randrange(0, 6)]
    accounts = [BankAccount(row=10 + i, account_id=rng.choice([a, a, None, ""]),
                            opening_balance=_amount(rng)) for i, a in enumerate(ids)]
    typed = ["B1", "b1", " b1", "B2", "b3", "ktb-01", "X9", "x9 ", "?", "", None, None, None]
    start = dt.date(2024, 10, 1)
    entries = []
    for i in range(rng.randrange(0, 60)):
        date = None if rng.random() < 0.1 else start + dt.timedelta(days=rng.randrange(-40, 420))
        entries.append(CashBookEntry(row=5 + rng.randrange(200), date=date, category=rng.choice(["fee", None]),
                                     cash_in=_amount(rng), cash_out=_amount(rng), bank_account=rng.choice(typed),
                                     bank_in=_amount(rng), bank_out=_amount(rng)))
    return entries, accounts, BooksSettings(opening_cash=_amount(rng) or Decimal(0))


def _shown(cash: Decimal, bank: dict[str, Decimal]) -> tuple[str, list[tuple[str, str]]]:
    return str(cash), [(k, str(v)) for k, v in bank.items()]


def test_random_cash_books_close_the_same() -> None:
    rng = random.Random(17)
    rounded = 0
    for _ in range(600):
        entries, accounts, settings = _book(rng)
        end = rng.choice([None, dt.date(2025, 9, 30), dt.date(2025, 3, 31)])
        start = rng.choice([None, dt.date(2024, 10, 1)])
        full, _ = run_cash_book(entries, accounts, settings, start=start, end=end)
        fast = closing_balances(entries, accounts, settings, end=end)
        assert _shown(*fast) == _shown(full.closing_cash, full.closing_bank)
        rounded += full.closing_cash.as_tuple().exponent > -2  # (a sum rounded by the context)
    assert rounded > 20


def _old_figures(book, as_of: dt.date) -> dict:  # type: ignore[no-untyped-def]
    """institution_figures as it was: the balances from run_cash_book."""
    def through_run_cash_book(entries, accounts, settings, *, end):  # type: ignore[no-untyped-def]
        start = thai.fiscal_year_bounds(book.profile.fiscal_year)[0]
        full, _ = run_cash_book(entries, accounts, settings, start=start, end=end)
        return full.closing_cash, full.closing_bank

    saved = figures_module.closing_balances
    figures_module.closing_balances = through_run_cash_book
    try:
        return institution_figures(book, as_of=as_of)
    finally:
        figures_module.closing_balances = saved


@pytest.mark.parametrize("seed,households", [(2571, 40), (2576, 120)])
def test_the_figures_of_real_workbooks_are_the_same(tmp_path: Path, seed: int, households: int) -> None:
    path = tmp_path / "book.xlsx"
    path.write_bytes(base_workbook(seed, households))
    book, _, _ = check_file(path)
    assert book is not None and book.cash_book
    end = thai.fiscal_year_bounds(book.profile.fiscal_year)[1]
    for as_of in (end, end - dt.timedelta(days=120), end + dt.timedelta(days=400)):
        new, old = institution_figures(book, as_of=as_of), _old_figures(book, as_of)
        assert [(k, str(v)) for k, v in new.items()] == [(k, str(v)) for k, v in old.items()]
    cash, bank = closing_balances(book.cash_book, book.bank_accounts, book_to_books_settings(book), end=end)
    assert cash != 0 and bank
