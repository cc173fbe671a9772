"""The rules that first test a whole column (unique ids, references, fiscal-year dates) report
exactly what their row-by-row loops report, on the demo book with duplicates, unknown references
and dates outside the year put in at random."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from cmfi_xl.core import thai
from cmfi_xl.core.issues import Issue
from cmfi_xl.schema.institution import INSTITUTION
from cmfi_xl.validate import rules
from cmfi_xl.validate.check import check_file


def _unique_ids_loop(book, loc, spec) -> list[Issue]:  # type: ignore[no-untyped-def]
    out = []
    for t in spec.tables:
        for col in t.columns:
            if not col.unique:
                continue
            seen: dict[str, int] = {}
            for rec in book.records(t.key):
                v = getattr(rec, col.key, None)
                if v is None:
                    continue
                k = str(v).casefold()
                if k in seen:
                    out.append(loc.issue("R002", t.key, rec.row, col.key, value=v,
                                         first=loc.cell_ref(t.key, seen[k], col.key)))
                else:
                    seen[k] = rec.row
    return out


def _references_loop(book, loc, spec) -> list[Issue]:  # type: ignore[no-untyped-def]
    known = {
        "group": ({g.casefold() for g in book.group_ids}, "R001"),
        "household": ({h.household_id.casefold() for h in book.households}, "R007"),
        "lender": ({g.casefold() for g in book.group_ids} | rules._outside_lenders(spec), "R005"),
        "bank_account": ({a.account_id.casefold() for a in book.bank_accounts if a.account_id}, "R008"),
        "intergroup_loan": ({x.loan_no.casefold() for x in book.intergroup_loans if x.loan_no}, "R010"),
    }
    out = []
    for t in spec.tables:
        for col in t.columns:
            if col.ref is None:
                continue
            ids, code = known[col.ref]
            for rec in book.records(t.key):
                v = getattr(rec, col.key, None)
                if v is not None and str(v).casefold() not in ids:
                    out.append(loc.issue(code, t.key, rec.row, col.key, value=v, ref=v))
    return out


def _fiscal_year_loop(book, loc, spec) -> list[Issue]:  # type: ignore[no-untyped-def]
    fy = book.profile.fiscal_year
    start, end = thai.fiscal_year_bounds(fy)
    out = []
    for table_rules, allow_before in ((rules.FY_WITHIN, False), (rules.FY_NOT_AFTER, True)):
        for table_key, col in table_rules.items():
            for rec in book.records(table_key):
                d = getattr(rec, col, None)
                if d is None or (start <= d <= end) or (allow_before and d < start):
                    continue
                out.append(loc.issue("R006", table_key, rec.row, col,
                                     value=thai.format_thai_date(d, "numeric"),
                                     date=thai.format_thai_date(d, "numeric"), fy=fy,
                                     start=thai.format_thai_date(start, "numeric"),
                                     end=thai.format_thai_date(end, "numeric")))
    return out


def _changed(book, rng: random.Random, count: int):  # type: ignore[no-untyped-def]
    """The book with ``count`` random fields set to another record's value (a duplicate), an
    unknown id, a date outside the year, or a blank."""
    tables: dict[str, tuple] = {}
    keys = ["shares", "contracts", "cash_book", "welfare", "loan_repayments", "member_groups", "households",
            "debt_transfers", "intergroup_loans", "committee"]
    for _ in range(count):
        key = rng.choice(keys)
        recs = list(tables.get(key, book.records(key)))
        if not recs:
            continue
        i, j = rng.randrange(len(recs)), rng.randrange(len(recs))
        field = rng.choice([f for f in type(recs[i]).model_fields if f != "row"])
        now = getattr(recs[i], field)
        if isinstance(now, dt.date):
            change = rng.choice([getattr(recs[j], field), dt.date(2000, 1, 1), dt.date(2090, 5, 5), None])
        elif isinstance(now, str):
            change = rng.choice([getattr(recs[j], field), "ZZ9", now.upper(), None])
        else:
            continue
        if change is None and field in ("group_id", "household_id"):
            continue
        recs[i] = recs[i].model_copy(update={field: change})
        tables[key] = tuple(recs)
    return book.model_copy(update=tables)


@pytest.mark.parametrize("seed", range(12))
def test_column_first_rules_report_what_their_loops_report(demo_book: Path, seed: int) -> None:
    book, _, loc = check_file(demo_book)
    for changes in (0, 3, 40):
        changed = _changed(book, random.Random(seed * 100 + changes), changes)
        found = [rules.unique_ids(changed, loc, INSTITUTION), rules.references(changed, loc, INSTITUTION),
                 rules.fiscal_year_dates(changed, loc, INSTITUTION)]
        assert found == [_unique_ids_loop(changed, loc, INSTITUTION), _references_loop(changed, loc, INSTITUTION),
                         _fiscal_year_loop(changed, loc, INSTITUTION)]
        found = [i for part in found for i in part]
        if changes == 0:
            assert not found  # the demo book is clean
        elif changes == 40:
            assert {i.code for i in found} & {"R002", "R001", "R007", "R006"}, "the changes must be found"
