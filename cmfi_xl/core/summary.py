"""The summary figures, computed in Python from the records.

These are the same figures the template's summary sheet computes with live formulas
(``cmfi_xl.schema.summary``); a test has LibreOffice recalculate the sheet and compares.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from cmfi_xl.schema.summary import PASS_TEXT, FAIL_TEXT

from .models import InstitutionBook


def compute_summary(book: InstitutionBook) -> dict[str, int | Decimal | str]:
    reps = sum(1 for m in book.committee if m.kind == "group_rep")
    leaders = sum(1 for m in book.committee if m.kind == "leader")
    open_contracts = [c for c in book.contracts if c.is_open]
    per_household = Counter(c.household_id for c in open_contracts)
    counts = [per_household.get(h.household_id, 0) for h in book.households]
    return {
        "groups": len(book.member_groups),
        "committee_reps": reps,
        "committee_leaders": leaders,
        "committee_rule": PASS_TEXT if leaders * 2 <= reps else FAIL_TEXT,
        "share_units": sum(s.signed_units for s in book.shares),
        "share_amount": sum((s.signed_amount for s in book.shares), Decimal(0)),
        "households": len(book.households),
        "indebted_households": sum(1 for n in counts if n >= 1),
        "one_contract_households": sum(1 for n in counts if n == 1),
        "multi_contract_households": sum(1 for n in counts if n > 1),
        "open_contracts": sum(1 for c in open_contracts if c.contract_no),
        "total_debt": sum((c.principal or Decimal(0) for c in open_contracts), Decimal(0)),
        "welfare_paid": sum((w.amount or Decimal(0) for w in book.welfare), Decimal(0)),
        "intergroup_lent": sum((x.principal or Decimal(0) for x in book.intergroup_loans), Decimal(0)),
    }
