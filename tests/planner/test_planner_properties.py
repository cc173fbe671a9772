"""Property tests on random small instances: feasibility, conservation, >= greedy, = brute force."""

from __future__ import annotations

import itertools
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cmfi_xl.planner import greedy_plan, load_instance, solve
from cmfi_xl.planner.eligibility import ceiling, feasible, lex_value, prepare, rule_failures, total_debt

RATES = ["0", "0.03", "0.06", "0.1", "0.125", "0.18"]


@st.composite
def instances(draw, max_h=5, max_g=3):
    n_g = draw(st.integers(2, max_g))
    gids = [f"G{i}" for i in range(n_g)]
    groups = []
    for gid in gids:
        g = {
            "id": gid,
            "lendable": str(draw(st.integers(0, 60)) * 10),
            "rate": draw(st.sampled_from(RATES)),
            "open_to_new_members": draw(st.booleans()),
            "accepts_arrears": draw(st.booleans()),
            "can_consolidate": draw(st.sampled_from([True, True, True, False])),
            "new_member_savings": str(draw(st.sampled_from([0, 5, 20]))),
        }
        if draw(st.booleans()):
            g["max_contract"] = str(draw(st.integers(5, 40)) * 10)
        if draw(st.booleans()):
            g["savings_multiple"] = draw(st.sampled_from(["2", "5", "10"]))
        groups.append(g)
    n_h = draw(st.integers(1, max_h))
    hhs = []
    for h in range(n_h):
        members = draw(st.lists(st.sampled_from(gids), max_size=2, unique=True))
        savings = {m: str(draw(st.integers(0, 30))) for m in members}
        n_c = draw(st.integers(1, 3))
        contracts = []
        for j in range(n_c):
            amount = draw(st.integers(1, 200)) * 5 + draw(st.sampled_from([0, 0, 0.25]))
            arrears = draw(st.sampled_from([0, 0, 0, 1]))
            contracts.append({
                "id": f"H{h}-{j}",
                "lender": draw(st.sampled_from(gids)),
                "amount": f"{amount:.2f}",
                "rate": draw(st.sampled_from(RATES)),
                "arrears": str(arrears),
            })
        hhs.append({"id": f"H{h}", "savings": savings, "contracts": contracts})
    locks: dict = {}
    multi = [h["id"] for h in hhs if len(h["contracts"]) >= 2]
    if multi and draw(st.integers(0, 4)) == 0:
        locks["must_stay"] = [draw(st.sampled_from(multi))]
    if draw(st.integers(0, 4)) == 0:
        locks["no_transfers"] = [draw(st.sampled_from(gids))]
    d = {"format": "cmfi-debt-instance/1", "groups": groups, "households": hhs, "locks": locks}
    inst, issues = load_instance(d)
    assert inst is not None, [str(i) for i in issues]
    return inst


def brute_force(prob):
    """Exact lexicographic optimum by enumerating every assignment."""
    cands = [c for c in prob.cands if not c.stay and c.options]
    best = None
    for choice in itertools.product(*[[None, *c.options] for c in cands]):
        a = {c.k: g for c, g in zip(cands, choice) if g is not None}
        if not feasible(prob, a):
            continue
        n, i, m = lex_value(prob, a)
        key = (-n, i, m)
        if best is None or key < best:
            best = key
    return best


def check_plan(inst, plan):
    groups = {g.id: g for g in inst.groups}
    hh = {h.id: h for h in inst.households}
    closed = set(inst.locks.no_transfers)
    taken = {g: Decimal(0) for g in groups}
    released = {g: Decimal(0) for g in groups}
    seen = set()
    for p in plan.households:
        h = hh[p.id]
        assert p.id not in seen
        seen.add(p.id)
        assert p.id not in inst.locks.must_stay
        g = groups[p.to_group]
        # eligibility (merge in place is always allowed)
        assert not rule_failures(h, g, no_harm=plan.no_harm, no_transfers=g.id in closed) or p.locked
        cap = ceiling(h, g)
        in_place = all(c.lender == g.id for c in h.contracts)
        assert in_place or cap is None or total_debt(h) <= cap
        # money conservation: the new contract is exactly the old ones, each transferred once
        assert {t.contract for t in p.transfers} == {c.id for c in h.contracts}
        assert sum(t.amount for t in p.transfers) == p.amount == total_debt(h)
        for t in p.transfers:
            assert t.to == g.id
            if t.from_ != t.to:
                taken[t.to] += t.amount
                released[t.from_] += t.amount
        if plan.no_harm:
            assert p.interest_after <= p.interest_before
    for gp in plan.groups:
        assert gp.taken_over == taken[gp.id] and gp.released == released[gp.id]
        assert gp.lendable_after == gp.lendable_before - gp.taken_over + gp.released
        assert gp.lendable_after >= 0  # capacity
    assert sum(gp.taken_over for gp in plan.groups) == sum(gp.released for gp in plan.groups) == plan.objective.amount_moved
    # every candidate is either planned or explained
    multi = {h.id for h in inst.households if len(h.contracts) >= 2}
    assert seen | {e.id for e in plan.exceptions} == multi and not seen & {e.id for e in plan.exceptions}
    # settlement: replaying the order with its bridges never goes negative and ends at lendable_after
    cash = {g.id: g.lendable for g in inst.groups}
    for s in plan.settlement.steps:
        cash[s.from_] += s.bridge
        cash[s.from_] -= s.amount
        assert cash[s.from_] >= 0
        cash[s.to] += s.amount
    for gp in plan.groups:
        assert cash[gp.id] - plan.settlement.bridge_by_group.get(gp.id, Decimal(0)) == gp.lendable_after


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.booleans())
def test_plan_is_feasible_and_never_worse_than_greedy(inst, no_harm):
    plan = solve(inst, no_harm=no_harm)
    assert plan.status == "optimal"
    check_plan(inst, plan)
    g = greedy_plan(inst, no_harm=no_harm)
    check_plan(inst, g)
    assert plan.objective.one_contract_households >= g.objective.one_contract_households
    if plan.objective.one_contract_households == g.objective.one_contract_households:
        assert plan.objective.annual_interest <= g.objective.annual_interest
    assert plan.bound.gap == 0


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_h=5, max_g=3), st.booleans())
def test_matches_brute_force(inst, no_harm):
    prob = prepare(inst, no_harm=no_harm)
    best = brute_force(prob)
    plan = solve(inst, no_harm=no_harm)
    n, interest, moved = best
    assert plan.objective.one_contract_households == -n
    assert abs(plan.objective.annual_interest - interest.quantize(Decimal("0.01"))) <= Decimal("0.01")
    assert plan.objective.amount_moved == Decimal(moved) / 100
