"""Cross-register rules: an ordered list of small functions ``(book, locator, spec) -> issues``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from operator import attrgetter
from decimal import Decimal
from typing import Any

from cmfi_xl.core import thai
from cmfi_xl.core.issues import Issue, make_issue
from cmfi_xl.core.models import InstitutionBook, Record, ShareTransaction
from cmfi_xl.schema.spec import WorkbookSpec

from .locate import Locator, get_column_letter

Rule = Callable[[InstitutionBook, Locator, WorkbookSpec], list[Issue]]

#: Registers whose rows are the year's transactions: every date must fall in the fiscal year.
#: Other dated registers (shares, contracts, loans) carry history, so only a date after the end
#: of the fiscal year is an error there.
FY_WITHIN = {"cash_book": "date", "welfare": "date", "loan_repayments": "date", "debt_transfers": "date",
             "meetings": "date"}
FY_NOT_AFTER = {"shares": "date", "contracts": "start_date", "intergroup_loans": "date",
                "member_groups": "joined_on"}


def _folded(recs: tuple[Record, ...], key: str) -> list[str] | None:
    """The casefolded values of field ``key`` of ``recs`` that are not ``None`` — what the rules
    below compare — or ``None`` when a record lacks the field or a value is not text (then the
    rule's own loop decides)."""
    try:
        values = list(map(attrgetter(key), recs))
        return list(map(str.casefold, [v for v in values if v is not None]))
    except (AttributeError, TypeError):
        return None


def _folded_distinct(recs: tuple[Record, ...], key: str) -> Any:
    """The casefolded *distinct* values of field ``key`` of ``recs`` that are not ``None`` (an
    iterator; a reference column repeats a few group, lender or account ids hundreds of times), or
    ``None`` when :func:`_folded` would give ``None``."""
    try:
        values = set(map(attrgetter(key), recs))
    except (AttributeError, TypeError):
        return None
    values.discard(None)
    if not all(type(v) is str for v in values):
        return _folded(recs, key)
    return map(str.casefold, values)


def unique_ids(book: InstitutionBook, loc: Locator, spec: WorkbookSpec) -> list[Issue]:
    out: list[Issue] = []
    for t in spec.tables:
        for col in t.columns:
            if not col.unique:
                continue
            recs = book.records(t.key)
            keys = _folded(recs, col.key)
            if keys is not None and len(set(keys)) == len(keys):
                continue  # (nearly always: no duplicate to locate)
            seen: dict[str, int] = {}
            for rec in recs:
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


def _outside_lenders(spec: WorkbookSpec) -> set[str]:
    cl = spec.choice_list("outside_lender")
    return {x.casefold() for c in cl.choices for x in (c.code, c.label, c.label_en)}


def references(book: InstitutionBook, loc: Locator, spec: WorkbookSpec) -> list[Issue]:
    known = {
        "group": ({g.casefold() for g in book.group_ids}, "R001"),
        "household": ({h.household_id.casefold() for h in book.households}, "R007"),
        "lender": ({g.casefold() for g in book.group_ids} | _outside_lenders(spec), "R005"),
        "bank_account": ({a.account_id.casefold() for a in book.bank_accounts if a.account_id}, "R008"),
        "intergroup_loan": ({x.loan_no.casefold() for x in book.intergroup_loans if x.loan_no}, "R010"),
    }
    out: list[Issue] = []
    for t in spec.tables:
        for col in t.columns:
            if col.ref is None:
                continue
            ids, code = known[col.ref]
            recs = book.records(t.key)
            keys = _folded_distinct(recs, col.key)
            if keys is not None and ids.issuperset(keys):
                continue  # (nearly always: every reference is known)
            for rec in recs:
                v = getattr(rec, col.key, None)
                if v is not None and str(v).casefold() not in ids:
                    out.append(loc.issue(code, t.key, rec.row, col.key, value=v, ref=v))
    return out


def share_amounts(book: InstitutionBook, loc: Locator, spec: WorkbookSpec) -> list[Issue]:
    out: list[Issue] = []
    for s in book.shares:
        if s.units is None or s.par_value is None or s.amount is None:
            continue
        expected = s.par_value * s.units
        if s.amount != expected:
            out.append(loc.issue("V015", "shares", s.row, "amount", value=s.amount,
                                 amount=f"{s.amount:,.2f}", expected=f"{expected:,.2f}"))
    return out


def _share_order(s: ShareTransaction) -> tuple[dt.date, int, int]:
    # Same day: purchases before withdrawals, then sheet order.
    return (s.date or dt.date.min, 1 if s.move == "withdraw" else 0, s.row)


def share_balances(book: InstitutionBook, loc: Locator, spec: WorkbookSpec) -> list[Issue]:
    out: list[Issue] = []
    balance: dict[str, Decimal] = {}
    # A group with an unreadable amount or movement has an unknown balance: its rows already
    # carry their own error, and a "negative balance" derived from the gap would be false.
    unknown = {s.group_id.casefold() for s in book.shares if s.group_id and (s.amount is None or s.move is None)}
    for s in sorted(book.shares, key=_share_order):
        if s.group_id is None or s.amount is None or s.move is None or s.group_id.casefold() in unknown:
            continue
        g = s.group_id.casefold()
        balance[g] = balance.get(g, Decimal(0)) + s.signed_amount
        if balance[g] < 0:
            out.append(loc.issue("R003", "shares", s.row, "amount", value=s.amount, group=s.group_id,
                                 balance=f"{balance[g]:,.2f}",
                                 date=thai.format_thai_date(s.date, "numeric") if s.date else "-"))
    return out


def committee(book: InstitutionBook, loc: Locator, spec: WorkbookSpec) -> list[Issue]:
    out: list[Issue] = []
    reps = sum(1 for m in book.committee if m.kind == "group_rep")
    leaders = sum(1 for m in book.committee if m.kind == "leader")
    if leaders * 2 > reps:
        place = loc.tables.get("committee")
        out.append(make_issue("R004", sheet=place.sheet if place else "", leaders=leaders, reps=reps,
                              cell=f"A{place.header_row}" if place else ""))
    for m in book.committee:
        if m.kind == "group_rep" and not m.group_id:
            out.append(loc.issue("R009", "committee", m.row, "group_id"))
        if m.term_start and m.term_end and m.term_end < m.term_start:
            out.append(loc.issue("V014", "committee", m.row, "term_end", value=m.term_end))
    return out


def fiscal_year_dates(book: InstitutionBook, loc: Locator, spec: WorkbookSpec) -> list[Issue]:
    fy = book.profile.fiscal_year
    if fy is None:
        return []
    start, end = thai.fiscal_year_bounds(fy)
    out: list[Issue] = []
    for rules, allow_before in ((FY_WITHIN, False), (FY_NOT_AFTER, True)):
        for table_key, col in rules.items():
            recs = book.records(table_key)
            try:
                dates = [d for d in map(attrgetter(col), recs) if d is not None]
                if not dates or ((allow_before or min(dates) >= start) and max(dates) <= end):
                    continue  # (nearly always: every date is in the year)
            except (AttributeError, TypeError):
                pass
            for rec in recs:
                d = getattr(rec, col, None)
                if d is None or (start <= d <= end) or (allow_before and d < start):
                    continue
                out.append(loc.issue("R006", table_key, rec.row, col,
                                     value=thai.format_thai_date(d, "numeric"),
                                     date=thai.format_thai_date(d, "numeric"), fy=fy,
                                     start=thai.format_thai_date(start, "numeric"),
                                     end=thai.format_thai_date(end, "numeric")))
    return out


#: Above this a community fund's rate looks like a typing slip (12 typed for 12%, or a monthly
#: rate). Outside lenders are not checked: an informal lender charging 60% a year is real.
HIGH_RATE = Decimal("0.36")


def community_rates(book: InstitutionBook, loc: Locator, spec: WorkbookSpec) -> list[Issue]:
    out: list[Issue] = []
    groups = {g.casefold() for g in book.group_ids}
    checks = [("member_groups", "lending_rate", g) for g in book.member_groups]
    checks += [("intergroup_loans", "annual_rate", x) for x in book.intergroup_loans]
    checks += [("contracts", "annual_rate", c) for c in book.contracts
               if c.annual_rate is not None and c.lender and c.lender.casefold() in groups]
    for table_key, col, rec in checks:
        rate = getattr(rec, col)
        if rate is not None and rate > HIGH_RATE:
            out.append(loc.issue("V016", table_key, rec.row, col, value=rate, rate=f"{rate:.2%}"))
    return out


def plan_locks(book: InstitutionBook, loc: Locator, spec: WorkbookSpec) -> list[Issue]:
    """Committee decisions must be complete and must not contradict each other."""
    out: list[Issue] = []
    stays = {x.household_id.casefold() for x in book.plan_locks if x.decision == "must_stay" and x.household_id}
    for x in book.plan_locks:
        if x.decision in ("must_go", "must_stay") and not x.household_id:
            out.append(loc.issue("R012", "plan_locks", x.row, "household_id", what="รหัสครัวเรือน",
                                 what_en="household id"))
        if x.decision in ("must_go", "no_transfers") and not x.group_id:
            out.append(loc.issue("R012", "plan_locks", x.row, "group_id", what="รหัสกลุ่ม", what_en="group id"))
        if x.decision == "must_go" and x.household_id and x.household_id.casefold() in stays:
            out.append(loc.issue("R011", "plan_locks", x.row, "decision", value=x.household_id, ref=x.household_id))
    return out


def settings_values(book: InstitutionBook, loc: Locator, spec: WorkbookSpec) -> list[Issue]:
    from .settings import read_settings

    return read_settings(book, loc)[1]


def books_settings(book: InstitutionBook, loc: Locator, spec: WorkbookSpec) -> list[Issue]:
    from .books import books_settings_rule

    return books_settings_rule(book, loc, spec)


RULES: tuple[Rule, ...] = (
    unique_ids,
    references,
    share_amounts,
    share_balances,
    committee,
    fiscal_year_dates,
    community_rates,
    plan_locks,
    settings_values,
    books_settings,
)


def run_rules(book: InstitutionBook, loc: Locator, spec: WorkbookSpec) -> list[Issue]:
    out: list[Issue] = []
    for rule in RULES:
        out.extend(rule(book, loc, spec))
    return out


__all__ = ["RULES", "run_rules", "get_column_letter"]
