"""Eligibility rules, reasons, and the integer (satang) form of an instance used by the solvers.

Eligibility of household h for group g (issue 3): h is a member of g (a key in its savings) or g
is open to new members; g may consolidate; h has no arrears or g accepts arrears; h's total debt
<= ceiling = min(max_contract, savings_multiple × savings in g — a joining household counts with
new_member_savings). When all of h's contracts already sit in g, merging them there is always
allowed (no money moves). Committee locks and the ``no_harm`` policy filter further.

Only households with two or more contracts are *candidates*; households with one contract already
count as "one contract"; households with none are not indebted and do not count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from cmfi_xl.core.issues import Issue

from .codes import planner_issue
from .models import Group, Household, Instance

#: The funnel: rules are applied in this order; the rule that removes the last group is the
#: binding reason. Each maps to a reason code.
RULE_ORDER = ("membership", "restricted", "arrears", "ceiling", "no_transfers", "no_harm")
REASON_CODE = {
    "membership": "P101",
    "restricted": "P104",
    "arrears": "P103",
    "ceiling": "P102",
    "no_transfers": "P108",
    "no_harm": "P105",
    "capacity": "P106",
    "stay": "P107",
    "time_limit": "P109",
}


def satang(d: Decimal) -> int:
    return int((d * 100).to_integral_value())


def baht(s: int) -> Decimal:
    return (Decimal(s) / 100).quantize(Decimal("0.01"))


def interest_of(h: Household) -> Decimal:
    return sum((c.amount * c.rate for c in h.contracts), Decimal(0))


def total_debt(h: Household) -> Decimal:
    return sum((c.amount for c in h.contracts), Decimal(0))


def in_arrears(h: Household) -> bool:
    return any(c.arrears > 0 for c in h.contracts)


def ceiling(h: Household, g: Group) -> Decimal | None:
    """The largest single contract g may give h (None = no ceiling)."""
    caps: list[Decimal] = []
    if g.max_contract is not None:
        caps.append(g.max_contract)
    if g.savings_multiple is not None:
        s = h.savings[g.id] if g.id in h.savings else g.new_member_savings
        caps.append(g.savings_multiple * s)
    return min(caps) if caps else None


def merges_in_place(h: Household, g: Group) -> bool:
    return bool(h.contracts) and all(c.lender == g.id for c in h.contracts)


def rule_failures(
    h: Household,
    g: Group,
    *,
    no_harm: bool,
    no_transfers: bool = False,
    amount: Decimal | None = None,
    _pre: tuple[Decimal, Decimal, bool] | None = None,
) -> list[str]:
    """Names of the rules (in :data:`RULE_ORDER`) that stop g from taking over h's debt.

    ``amount`` overrides the consolidated amount (used for partial proposals)."""
    debt0, interest, arrears = _pre if _pre is not None else (total_debt(h), interest_of(h), in_arrears(h))
    debt = debt0 if amount is None else amount
    fails: list[str] = []
    in_place = merges_in_place(h, g)
    if not in_place or amount is not None:
        if not (g.id in h.savings or g.open_to_new_members):
            fails.append("membership")
        if not g.can_consolidate:
            fails.append("restricted")
        if arrears and not g.accepts_arrears:
            fails.append("arrears")
        cap = ceiling(h, g)
        if cap is not None and debt > cap:
            fails.append("ceiling")
        if no_transfers and not in_place:
            fails.append("no_transfers")
    if no_harm and amount is None and debt * g.rate > interest:
        fails.append("no_harm")
    return fails


@dataclass
class Cand:
    """A household with two or more contracts, in integer satang."""

    k: int  # index among candidates
    hh: Household
    D: int  # total debt, satang
    by_group: dict[int, int]  # group index -> satang held there
    interest_before: Decimal
    options: list[int] = field(default_factory=list)  # eligible group indices (after locks/policy)
    forced: int | None = None
    stay: bool = False
    reason: str | None = None  # funnel rule name when options is empty
    reason_detail: dict = field(default_factory=dict)

    def need(self, g: int) -> int:
        """Net cash group g pays out when it takes h over."""
        return self.D - self.by_group.get(g, 0)


@dataclass
class Problem:
    inst: Instance
    no_harm: bool
    groups: list[Group]
    gidx: dict[str, int]
    L: list[int]  # lendable, satang
    cands: list[Cand]
    singles: int  # households already at one contract
    interest_all_before: Decimal

    def cost(self, c: Cand, g: int) -> Decimal:
        """Annual interest of c after consolidating into g."""
        return baht(c.D) * self.groups[g].rate

    def lock_capacity_issues(self) -> list[Issue]:
        """Necessary check: forced moves must fit lendable cash plus everything the group could be
        repaid by households that may move away."""
        out: list[Issue] = []
        G = len(self.groups)
        forced_net = [0] * G
        release_possible = [0] * G
        for c in self.cands:
            if c.forced is not None:
                g = c.forced
                forced_net[g] += c.need(g)
                for g2, a in c.by_group.items():
                    if g2 != g:
                        forced_net[g2] -= a
            elif not c.stay:
                for g2, a in c.by_group.items():
                    if any(o != g2 for o in c.options):
                        release_possible[g2] += a
        for g in range(G):
            if forced_net[g] > self.L[g] + release_possible[g]:
                out.append(planner_issue("P027", cell="locks.must_go", column="must_go", value=self.groups[g].id, group=self.groups[g].id))
        return out


def funnel(h: Household, groups: list[Group], *, no_harm: bool, closed: set[str]) -> tuple[list[int], str | None, dict]:
    """Eligible group indices, or the binding rule that removed the last group, with details."""
    alive = list(range(len(groups)))
    pre = (total_debt(h), interest_of(h), in_arrears(h))
    fails = {i: set(rule_failures(h, groups[i], no_harm=no_harm, no_transfers=groups[i].id in closed, _pre=pre)) for i in alive}
    for rule in RULE_ORDER:
        nxt = [i for i in alive if rule not in fails[i]]
        if not nxt:
            detail: dict = {}
            if rule == "ceiling":
                caps = [ceiling(h, groups[i]) for i in alive]
                detail = {"debt": format(total_debt(h), ",.2f"), "ceiling": format(max(c for c in caps if c is not None), ",.2f")}
            return [], rule, detail
        alive = nxt
    return alive, None, {}


def prepare(inst: Instance, *, no_harm: bool | None = None) -> Problem:
    nh = inst.options.no_harm if no_harm is None else no_harm
    groups = list(inst.groups)
    gidx = {g.id: i for i, g in enumerate(groups)}
    closed = set(inst.locks.no_transfers)
    stay = set(inst.locks.must_stay)
    cands: list[Cand] = []
    singles = 0
    total_int = Decimal(0)
    for h in inst.households:
        total_int += interest_of(h)
        n = len(h.contracts)
        if n == 1:
            singles += 1
        if n < 2:
            continue
        by: dict[int, int] = {}
        for c in h.contracts:
            gi = gidx[c.lender]
            by[gi] = by.get(gi, 0) + satang(c.amount)
        cand = Cand(k=len(cands), hh=h, D=sum(by.values()), by_group=by, interest_before=interest_of(h))
        if h.id in stay:
            cand.stay = True
        elif h.id in inst.locks.must_go:
            cand.forced = gidx[inst.locks.must_go[h.id]]
            cand.options = [cand.forced]
        else:
            cand.options, cand.reason, cand.reason_detail = funnel(h, groups, no_harm=nh, closed=closed)
        cands.append(cand)
    return Problem(
        inst=inst,
        no_harm=nh,
        groups=groups,
        gidx=gidx,
        L=[satang(g.lendable) for g in groups],
        cands=cands,
        singles=singles,
        interest_all_before=total_int,
    )


def net_flows(prob: Problem, assign: dict[int, int]) -> tuple[list[int], list[int]]:
    """(taken_over, released) per group in satang for an assignment cand index -> group index."""
    G = len(prob.groups)
    taken = [0] * G
    released = [0] * G
    for k, g in assign.items():
        c = prob.cands[k]
        taken[g] += c.need(g)
        for g2, a in c.by_group.items():
            if g2 != g:
                released[g2] += a
    return taken, released


def feasible(prob: Problem, assign: dict[int, int]) -> bool:
    taken, released = net_flows(prob, assign)
    if any(t - r > L for t, r, L in zip(taken, released, prob.L)):
        return False
    for k, g in assign.items():
        c = prob.cands[k]
        if c.stay or g not in c.options:
            return False
    return all(c.forced is None or assign.get(c.k) == c.forced for c in prob.cands)


def lex_value(prob: Problem, assign: dict[int, int]) -> tuple[int, Decimal, int]:
    """(one-contract households, total annual interest, satang moved) of an assignment."""
    count = prob.singles + len(assign)
    interest = prob.interest_all_before
    moved = 0
    for k, g in assign.items():
        c = prob.cands[k]
        interest += prob.cost(c, g) - c.interest_before
        moved += c.need(g)
    return count, interest, moved
