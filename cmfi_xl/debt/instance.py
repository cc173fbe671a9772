"""An institution workbook as a planner instance (``cmfi-debt-instance/1``).

Scope: the planner consolidates **community-fund contracts** — those whose lender is a member
group. Contracts with outside lenders (ธ.ก.ส., ออมสิน, cooperatives, informal lenders) stay as
they are and do not count toward "one contract" (they are listed in the plan report).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from cmfi_xl.core.models import InstitutionBook, LoanContract
from cmfi_xl.planner import Contract, Group, Household, Instance, Locks, Options

ZERO = Decimal("0")


def arrears_of(c: LoanContract) -> Decimal:
    """Accrued arrears to transfer: the amount typed, else instalment × months in arrears."""
    if c.arrears_amount:
        return c.arrears_amount
    if c.months_in_arrears and c.monthly_installment:
        return (c.monthly_installment * c.months_in_arrears).quantize(Decimal("0.01"))
    return ZERO


def community_contracts(book: InstitutionBook) -> list[LoanContract]:
    groups = {g.casefold() for g in book.group_ids}
    return [c for c in book.contracts
            if c.is_open and c.lender and c.lender.casefold() in groups and c.household_id and c.contract_no]


def book_to_instance(book: InstitutionBook, settings: dict[str, Any]) -> Instance:
    canon = {g.group_id.casefold(): g.group_id for g in book.member_groups}
    policy = {p.group_id.casefold(): p for p in book.debt_policy if p.group_id}
    groups = []
    for g in book.member_groups:
        if g.status not in (None, "active"):
            continue
        p = policy.get(g.group_id.casefold())
        default_consolidate = g.group_type != "kkkj"  # กข.คจ. money is borrowing, not lending
        groups.append(Group(
            id=g.group_id, name=g.name or "", kind=g.group_type or "",
            lendable=(p.lendable if p and p.lendable is not None else ZERO),
            rate=(p.rate if p and p.rate is not None else g.lending_rate or ZERO),
            max_contract=p.max_contract if p else None,
            savings_multiple=p.savings_multiple if p else None,
            open_to_new_members=bool(p and p.open_to_new_members == "yes"),
            new_member_savings=(p.new_member_savings if p and p.new_member_savings else ZERO),
            accepts_arrears=bool(p and p.accepts_arrears == "yes"),
            can_consolidate=(default_consolidate if p is None or p.can_consolidate is None
                             else p.can_consolidate == "yes"),
        ))
    active = {g.id for g in groups}
    savings: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for m in book.memberships:
        if m.household_id and m.group_id and m.group_id.casefold() in canon:
            gid = canon[m.group_id.casefold()]
            if gid in active:
                savings[m.household_id][gid] = savings[m.household_id].get(gid, ZERO) + (m.savings or ZERO)
    contracts: dict[str, list[Contract]] = defaultdict(list)
    for c in community_contracts(book):
        gid = canon[c.lender.casefold()]  # type: ignore[union-attr]
        if gid not in active:
            continue
        arrears = arrears_of(c)
        contracts[c.household_id].append(Contract(  # type: ignore[index]
            id=c.contract_no, lender=gid, amount=(c.principal or ZERO) + arrears,
            rate=c.annual_rate or ZERO, arrears=arrears))
    households = [
        Household(id=h.household_id, savings=savings.get(h.household_id, {}),
                  contracts=tuple(contracts.get(h.household_id, ())))
        for h in book.households
    ]
    must_go: dict[str, str] = {}
    must_stay: list[str] = []
    no_transfers: list[str] = []
    for lock in book.plan_locks:
        gid = canon.get((lock.group_id or "").casefold())
        if lock.decision == "must_go" and lock.household_id and gid:
            must_go[lock.household_id] = gid
        elif lock.decision == "must_stay" and lock.household_id:
            must_stay.append(lock.household_id)
        elif lock.decision == "no_transfers" and gid:
            no_transfers.append(gid)
    return Instance(
        groups=tuple(groups), households=tuple(households),
        locks=Locks(must_go=must_go, must_stay=tuple(must_stay), no_transfers=tuple(no_transfers)),
        options=Options(no_harm=settings.get("plan_no_harm") == "yes",
                        time_limit_s=float(settings.get("plan_time_limit_s") or 60)),
    )
