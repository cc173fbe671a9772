"""Benchmark of the books: an institution with 20,000 cash-book rows and 2,000 share rows.

    python bench/books.py [--xlsx OUT.xlsx] [--core-only]

1. Generates the data (fixed seed) and writes the institution workbook (template 1.1, with three
   sealed months, settings, welfare rules and passbook balances) with the real builder.
2. File → filled summary, end to end: ``cmfi-xl books FILE -o OUT`` in this process (read and
   check, books, sheet descriptions, copy with the summary sheets written), timed per stage,
   against a plain ``pandas.read_excel(FILE, sheet_name=None)`` of the same file in the same run.
   Prints both times and their ratio. Target: the books command under 5 s on the 2-core machine.
3. The pure core alone on the same records (each computation timed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cmfi_xl.books import BooksSettings, PassbookBalance, close_month, run_books  # noqa: E402
from cmfi_xl.books.cashbook import balance_sheet, run_cash_book  # noqa: E402
from cmfi_xl.books.loans import loan_positions  # noqa: E402
from cmfi_xl.books.shares import share_balances, share_months  # noqa: E402
from cmfi_xl.core.models import RECORD_TYPES, InstitutionBook, Profile  # noqa: E402
from cmfi_xl.demo.sample import sample_institution  # noqa: E402

START, END = dt.date(2025, 10, 1), dt.date(2026, 9, 30)


def generate(cash_rows: int = 20_000, share_rows: int = 2_000, seed: int = 4) -> tuple[dict, dict]:
    """(profile, data) in the shape ``build_workbook`` fills (choice values as codes)."""
    rng = random.Random(seed)
    profile, data = sample_institution()
    gids = [g["group_id"] for g in data["member_groups"]]
    shares, units = [], {g: 0 for g in gids}
    dates = sorted(START - dt.timedelta(days=400) + dt.timedelta(days=rng.randrange(760)) for _ in range(share_rows))
    for n, d in enumerate(dates):
        g = rng.choice(gids)
        if units[g] > 30 and rng.random() < 0.25:
            u, move = rng.randrange(1, units[g] // 3), "withdraw"
            units[g] -= u
        else:
            u, move = rng.randrange(1, 50), "buy"
            units[g] += u
        shares.append({"date": d, "receipt_no": f"S{n:05d}", "group_id": g, "move": move, "units": u,
                       "par_value": Decimal(100), "amount": Decimal(100 * u)})
    data["shares"] = shares
    cats_in = ["loan_interest_in", "penalty_in", "other_in", "loan_principal_in", "share_in", "donation_in"]
    cats_out = ["expense_out", "welfare_out", "other_out", "loan_out", "share_out"]
    cash: list[dict] = []
    reversed_docs: set[str] = set()
    for n in range(cash_rows):
        d = START + dt.timedelta(days=rng.randrange(365))
        amt = Decimal(rng.randrange(100, 500_000)) / 100
        r = rng.random()
        row = {"date": d, "doc_no": f"D{n:06d}", "description": "รายการ"}
        if r < 0.45:
            row.update(category=rng.choice(cats_in), cash_in=amt)
        elif r < 0.85:
            row.update(category=rng.choice(cats_out), cash_out=amt)
        elif r < 0.95:
            row.update(category="transfer", cash_out=amt, bank_account=rng.choice(["B1", "B2"]), bank_in=amt)
        else:
            row.update(category="bank_interest_in", bank_account="B1", bank_in=amt)
        if n > 10 and rng.random() < 0.01:  # a few reversals of earlier rows
            o = cash[rng.randrange(len(cash))]
            if o["doc_no"] in reversed_docs or o.get("reverses"):
                cash.append(row)
                continue
            reversed_docs.add(o["doc_no"])
            row = {"date": max(d, o["date"]), "doc_no": f"D{n:06d}", "description": "กลับรายการ",
                   "category": o["category"], "reverses": o["doc_no"],
                   "cash_in": o.get("cash_out"), "cash_out": o.get("cash_in"),
                   "bank_account": o.get("bank_account"), "bank_in": o.get("bank_out"), "bank_out": o.get("bank_in")}
        cash.append(row)
    data["cash_book"] = cash
    return profile, data


def to_book(profile: dict, data: dict) -> InstitutionBook:
    tables = {k: tuple(RECORD_TYPES[k](row=i + 4, **{c: v for c, v in r.items() if v is not None})
                       for i, r in enumerate(rows)) for k, rows in data.items() if k != "settings"}
    return InstitutionBook(template_id="cmfi-institution", template_version="1.1", profile=Profile(**profile),
                              **tables)


def timed(label: str, fn, *a, **kw):
    t = time.perf_counter()
    out = fn(*a, **kw)
    print(f"  {label:<44} {1000 * (time.perf_counter() - t):8.1f} ms")
    return out


def write_workbook(profile: dict, data: dict, path: Path) -> None:
    """The generated institution as a real 1.1 workbook: three sealed months, a passbook line."""
    from cmfi_xl.schema.institution import INSTITUTION
    from cmfi_xl.xlsx.build import build_workbook

    book = to_book(profile, data)
    closed = [close_month(book.cash_book, dt.date(2025, m, 1), closed_on=dt.date(2026, 1, 5)) for m in (10, 11, 12)]
    data = dict(data)
    data["closed_months"] = [{"month": c.month, "closed_on": c.closed_on, "seal": c.seal} for c in closed]
    data["month_seals"] = [{"month": c.month, "doc_no": k, "digest": v} for c in closed for k, v in c.rows.items()]
    data["passbook"] = [{"account_id": "B1", "date": END, "balance": Decimal("1")}]
    build_workbook(INSTITUTION, profile=profile, data=data).save(path)


def bench_file(path: Path, out: Path) -> None:
    import contextlib
    import io

    import pandas as pd

    from cmfi_xl.books.sheets import build_books_sheets
    from cmfi_xl.cli import main as cli_main
    from cmfi_xl.validate.books import book_to_books_settings, passbooks_of
    from cmfi_xl.validate.check import check_file
    from cmfi_xl.xlsx.books import write_books_copy

    print(f"file → filled summary ({path.stat().st_size / 1e6:.1f} MB):")
    t = time.perf_counter()
    frames = pd.read_excel(path, sheet_name=None)
    t_pandas = time.perf_counter() - t
    print(f"  {'pandas.read_excel(all sheets)  [baseline]':<44} {1000 * t_pandas:8.1f} ms"
          f"  ({sum(len(f) for f in frames.values()):,} rows)")
    t = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        rc = cli_main(["books", str(path), "-o", str(out)])
    t_cmd = time.perf_counter() - t
    print(f"  {'cmfi-xl books FILE -o OUT  (end to end)':<44} {1000 * t_cmd:8.1f} ms  (exit {rc})")
    print("  stages (again, one by one):")
    book, issues, loc = timed("  read + check (check_file)", check_file, path)
    settings = book_to_books_settings(book, loc)
    r = timed("  run_books", run_books, book, settings, passbooks=passbooks_of(book), loc=loc)
    sheets = timed("  build_books_sheets (descriptions)", build_books_sheets, r, book, settings, issues + r.issues)
    timed("  write the copy with the summary sheets", write_books_copy, path, out, sheets)
    print(f"  ratio books / pandas read: {t_cmd / t_pandas:.2f}×; target < 5 s: "
          f"{'met' if t_cmd < 5 else 'NOT met'} ({t_cmd:.2f} s)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--xlsx", type=Path, default=None, help="where to write the generated workbook")
    ap.add_argument("--core-only", action="store_true", help="skip the file benchmark")
    args = ap.parse_args()
    print("books bench: 20,000 cash-book rows, 2,000 share rows")
    profile, data = timed("generate rows (dicts)", generate)
    if not args.core_only:
        import tempfile

        with tempfile.TemporaryDirectory(prefix="cmfi-bench-") as tmp:
            path = args.xlsx or Path(tmp) / "bench-institution.xlsx"
            timed("write the workbook (build_workbook + save)", write_workbook, profile, data, path)
            bench_file(path, Path(tmp) / "bench-books.xlsx")
    book = timed("records (pydantic)", to_book, profile, data)
    closed = tuple(close_month(book.cash_book, dt.date(2025, m, 1)) for m in (10, 11, 12))
    settings = BooksSettings(opening_cash=Decimal("50000"), opening_welfare_fund=Decimal("100000"),
                             welfare_ceilings={"death": Decimal(3000)}, closed_months=closed,
                             penalty_rate=Decimal("0.12"), dividend_basis="share_months")
    passbooks = [PassbookBalance(row=i + 5, account_id="B1", date=dt.date(2026, 9, 30), balance=Decimal("1"))
                 for i in range(1)]
    print("core computations:")
    timed("share_balances (year end)", share_balances, book.shares, END)
    timed("share_months (12 months)", share_months, book.shares, START, END)
    timed("loan_positions", loan_positions, book.intergroup_loans, book.loan_repayments, END, settings)
    cb, _ = timed("run_cash_book (running balances, checks)", run_cash_book, book.cash_book, book.bank_accounts,
                  settings, start=START, end=END)
    timed("balance_sheet", balance_sheet, cb, settings, opening_shares=Decimal(0), opening_loans=Decimal(0))
    t = time.perf_counter()
    r = run_books(book, settings, passbooks=passbooks)
    total = time.perf_counter() - t
    print(f"  {'run_books (everything, incl. seals of 3 months)':<44} {1000 * total:8.1f} ms")
    print("figures:")
    print(f"  cash rows {len(r.cash.rows):,}; share rows {len(book.shares):,}; issues {len(r.issues):,}"
          f" ({', '.join(sorted({i.code for i in r.issues}))})")
    print(f"  income {r.income.total_income:,.2f}  expense {r.income.total_expense:,.2f}  net {r.income.net:,.2f}")
    print(f"  assets {r.balance.total_assets:,.2f} = claims {r.balance.total_claims:,.2f}: {r.balance.balances}")
    print(f"  allocation parts {r.allocation.parts_total:,.2f} + residue {r.allocation.residue:,.2f}"
          f" = {r.allocation.parts_total + r.allocation.residue:,.2f}")


if __name__ == "__main__":
    main()
