"""A solved plan as the rows and figures of the plan sheets (pure)."""

from __future__ import annotations

from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from cmfi_xl.core.models import InstitutionBook
from cmfi_xl.planner import Instance, Plan

from .instance import community_contracts

CENT = Decimal("0.01")


def monthly_instalment(principal: Decimal, annual_rate: Decimal, months: int) -> Decimal:
    """Equal monthly instalment (declining balance, annuity); interest-free → principal / months."""
    if months <= 0:
        raise ValueError("term must be at least one month")
    i = annual_rate / 12
    if i == 0:
        return (principal / months).quantize(CENT, ROUND_HALF_UP)
    return (principal * i / (1 - (1 + i) ** -months)).quantize(CENT, ROUND_HALF_UP)


def _interest(contracts: list[Any]) -> Decimal:
    return sum((c.amount * c.rate for c in contracts), Decimal(0)).quantize(CENT, ROUND_HALF_UP)


def plan_rows(book: InstitutionBook, inst: Instance, plan: Plan, term_months: int) -> list[dict[str, Any]]:
    heads = {h.household_id: h.head_name for h in book.households}
    by_hh = {h.id: h for h in inst.households}
    rows: list[dict[str, Any]] = []
    for hp in plan.households:
        if hp.contracts_before <= 1 and all(t.from_ == t.to for t in hp.transfers):
            continue  # already one contract and nothing moves: nothing for the committee to approve
        rows.append({
            "household_id": hp.id, "head_name": heads.get(hp.id), "contracts_before": hp.contracts_before,
            "old_contracts": ", ".join(t.contract for t in hp.transfers), "to_group": hp.to_group,
            "amount": hp.amount, "rate": hp.rate,
            "instalment": monthly_instalment(hp.amount, hp.rate, term_months),
            "interest_before": hp.interest_before, "interest_after": hp.interest_after,
            "contracts_after": 1, "reason_code": "", "reason": "รวมเป็นสัญญาเดียว / one contract",
            "approved": None,
        })
    for ex in plan.exceptions:
        hh = by_hh[ex.id]
        before = _interest(list(hh.contracts))
        row: dict[str, Any] = {
            "household_id": ex.id, "head_name": heads.get(ex.id), "contracts_before": ex.contracts_before,
            "interest_before": before, "interest_after": before, "contracts_after": ex.contracts_before,
            "reason_code": ex.reason_code, "reason": f"{ex.message_th} / {ex.message_en}", "approved": None,
        }
        if ex.partial is not None:
            p = ex.partial
            merged = [c for c in hh.contracts if c.id in set(p.contracts)]
            after = before - _interest(merged) + (p.amount * p.rate).quantize(CENT, ROUND_HALF_UP)
            row.update({
                "old_contracts": ", ".join(p.contracts), "to_group": p.to_group, "amount": p.amount,
                "rate": p.rate, "instalment": monthly_instalment(p.amount, p.rate, term_months),
                "interest_after": after, "contracts_after": p.contracts_after,
            })
        rows.append(row)
    rows.sort(key=lambda r: r["household_id"])
    return rows


def plan_figures(book: InstitutionBook, inst: Instance, plan: Plan) -> dict[str, Any]:
    """Before/after figures for the summary sheet and its chart (the planner states both sides)."""
    per_hh = Counter(c.household_id for c in community_contracts(book))
    outside = sum(1 for c in book.contracts if c.is_open) - sum(per_hh.values())
    return {
        "indebted": len(per_hh),
        "one_before": plan.before.one_contract_households,
        "one_after": plan.objective.one_contract_households,
        "interest_before": plan.before.annual_interest,
        "interest_after": plan.objective.annual_interest,
        "amount_moved": plan.objective.amount_moved,
        "outside_contracts": outside,
    }
