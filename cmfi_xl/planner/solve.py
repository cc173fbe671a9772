"""Putting it together: greedy start, exact MILP, plan, exceptions with reasons, settlement."""

from __future__ import annotations

import time
from decimal import Decimal

from .codes import messages
from .eligibility import (
    REASON_CODE,
    Cand,
    Problem,
    baht,
    ceiling,
    feasible,
    lex_value,
    prepare,
    satang,
)
from .greedy import best_greedy
from .milp import LEVEL_NAMES, solve_milp
from .models import (
    Bound,
    Certificate,
    GroupPlan,
    HouseholdPlan,
    Instance,
    LevelCertificate,
    Objective,
    PartialProposal,
    Plan,
    PlanException,
    PolicyComparison,
    PolicySummary,
    Settlement,
    SettlementStep,
    Transfer,
)
from .settlement import Payment, settle

#: used when neither the call nor the instance sets a time limit
DEFAULT_TIME_LIMIT_S = 120.0
CENT = Decimal("0.01")


def _q(d: Decimal) -> Decimal:
    return d.quantize(CENT)


def _objective(prob: Problem, assign: dict[int, int]) -> Objective:
    n, interest, moved = lex_value(prob, assign)
    return Objective(one_contract_households=n, annual_interest=_q(interest), amount_moved=baht(moved))


def _transfers(prob: Problem, c: Cand, g: int, only: set[str] | None = None) -> tuple[Transfer, ...]:
    gid = prob.groups[g].id
    return tuple(
        Transfer(contract=x.id, **{"from": x.lender}, to=gid, amount=x.amount)
        for x in c.hh.contracts
        if only is None or x.id in only
    )


def _partial(prob: Problem, c: Cand, cash: list[int]) -> tuple[PartialProposal, int, dict[int, int]] | None:
    """Fewest contracts for a household that cannot reach one: merge as many contracts as possible
    into one group that can take them now (rules on the merged amount, remaining cash)."""
    closed = set(prob.inst.locks.no_transfers)
    h = c.hh
    arrears = any(x.arrears > 0 for x in h.contracts)
    best = None
    for g, grp in enumerate(prob.groups):
        member = grp.id in h.savings or grp.open_to_new_members
        inside = [x for x in h.contracts if x.lender == grp.id]
        if not (member and grp.can_consolidate and (grp.accepts_arrears or not arrears)):
            # a group may always merge in place what it already holds
            if len(inside) < 2:
                continue
            pool = []
        else:
            pool = sorted((x for x in h.contracts if x.lender != grp.id), key=lambda x: (x.amount, x.id))
            if grp.id in closed:
                pool = []
        cap = ceiling(h, grp)
        chosen = list(inside)
        amount = sum((x.amount for x in inside), Decimal(0))
        if cap is not None and amount > cap and pool:
            continue
        interest_old = sum((x.amount * x.rate for x in inside), Decimal(0))
        need = 0
        for x in pool:
            a2 = amount + x.amount
            if cap is not None and a2 > cap:
                break
            if need + satang(x.amount) > cash[g]:
                break
            if prob.no_harm and a2 * grp.rate > interest_old + x.amount * x.rate:
                continue
            chosen.append(x)
            amount = a2
            interest_old += x.amount * x.rate
            need += satang(x.amount)
        if len(chosen) < 2:
            continue
        if prob.no_harm and amount * grp.rate > interest_old:
            continue
        key = (-len(chosen), amount * grp.rate - interest_old, need, g)
        if best is None or key < best[0]:
            best = (key, g, chosen, amount, need)
    if best is None:
        return None
    _, g, chosen, amount, need = best
    ids = {x.id for x in chosen}
    rel: dict[int, int] = {}
    for x in chosen:
        gi = prob.gidx[x.lender]
        if gi != g:
            rel[gi] = rel.get(gi, 0) + satang(x.amount)
    prop = PartialProposal(
        to_group=prob.groups[g].id,
        contracts=tuple(x.id for x in chosen),
        amount=_q(amount),
        rate=prob.groups[g].rate,
        contracts_after=len(h.contracts) - len(chosen) + 1,
        transfers=_transfers(prob, c, g, ids),
    )
    return prop, g, {**rel, g: -need}


def _exceptions(prob: Problem, assign: dict[int, int], cash_after: list[int], dropped: set[int], timed_out: bool) -> list[PlanException]:
    cash = list(cash_after)
    out: list[PlanException] = []
    for c in prob.cands:
        if c.k in assign:
            continue
        detail: dict = {}
        if c.stay:
            rule = "stay"
        elif not c.options:
            rule = c.reason or "membership"
            detail = c.reason_detail
        else:
            rule = "capacity"
        code = REASON_CODE[rule]
        th, en = messages(code, **detail)
        partial = None
        if not c.stay:
            res = _partial(prob, c, cash)
            if res is not None:
                partial, g, delta = res
                for gi, d in delta.items():
                    cash[gi] += d
        out.append(PlanException(id=c.hh.id, reason_code=code, message_th=th, message_en=en, contracts_before=len(c.hh.contracts), partial=partial))
    return out


def _settlement(prob: Problem, assign: dict[int, int]) -> Settlement:
    pays = []
    for k in sorted(assign):
        c = prob.cands[k]
        g = assign[k]
        for x in c.hh.contracts:
            gi = prob.gidx[x.lender]
            if gi != g:
                pays.append(Payment(c.hh.id, x.id, g, gi, satang(x.amount)))
    order, bridge = settle(prob.L, pays)
    gid = [g.id for g in prob.groups]
    steps = tuple(
        SettlementStep(step=i + 1, household=p.household, contract=p.contract, **{"from": gid[p.payer]}, to=gid[p.payee], amount=baht(p.amount), bridge=baht(lent))
        for i, (p, lent) in enumerate(order)
    )
    return Settlement(
        method="solvent-first, then most-helpful affordable payment, else least bridge",
        steps=steps,
        bridge_total=baht(sum(bridge)),
        bridge_by_group={gid[g]: baht(b) for g, b in enumerate(bridge) if b},
    )


def build_plan(prob: Problem, assign: dict[int, int], *, status: str, certificate: Certificate, bound: Bound | None = None) -> Plan:
    G = len(prob.groups)
    taken = [0] * G
    released = [0] * G
    hh: list[HouseholdPlan] = []
    dearer = 0
    for k in sorted(assign):
        c = prob.cands[k]
        g = assign[k]
        taken[g] += c.need(g)
        for g2, a in c.by_group.items():
            if g2 != g:
                released[g2] += a
        after = prob.cost(c, g)
        if after > c.interest_before:
            dearer += 1
        hh.append(
            HouseholdPlan(
                id=c.hh.id,
                to_group=prob.groups[g].id,
                amount=baht(c.D),
                rate=prob.groups[g].rate,
                transfers=_transfers(prob, c, g),
                contracts_before=len(c.hh.contracts),
                interest_before=_q(c.interest_before),
                interest_after=_q(after),
                locked=c.forced is not None,
            )
        )
    after_cash = [prob.L[g] - taken[g] + released[g] for g in range(G)]
    groups = tuple(
        GroupPlan(id=prob.groups[g].id, lendable_before=baht(prob.L[g]), taken_over=baht(taken[g]), released=baht(released[g]), lendable_after=baht(after_cash[g]))
        for g in range(G)
    )
    obj = _objective(prob, assign)
    if bound is None:
        bound = Bound(one_contract_households=obj.one_contract_households, annual_interest=obj.annual_interest, amount_moved=obj.amount_moved, gap=0)
    exc = _exceptions(prob, assign, after_cash, set(), status == "time_limit")
    return Plan(
        status=status,
        no_harm=prob.no_harm,
        objective=obj,
        before=Objective(one_contract_households=prob.singles, annual_interest=_q(prob.interest_all_before), amount_moved=Decimal("0.00")),
        bound=bound,
        households=tuple(hh),
        exceptions=tuple(exc),
        groups=groups,
        settlement=_settlement(prob, assign),
        certificate=certificate,
        dearer_households=dearer,
    )


def solve(
    instance: Instance,
    *,
    no_harm: bool | None = None,
    time_limit_s: float | None = None,
    compare: bool = False,
    warm_start: bool = True,
    reduce: bool = True,
    split: bool = True,
) -> Plan:
    """The lexicographically optimal plan (or the best found within the time limit, with its gap).

    ``no_harm``/``time_limit_s`` default to the instance's options. ``compare=True`` also solves
    with ``no_harm`` flipped and records it in ``plan.other_policy``."""
    t0 = time.perf_counter()
    tl = time_limit_s if time_limit_s is not None else (instance.options.time_limit_s or DEFAULT_TIME_LIMIT_S)
    prob = prepare(instance, no_harm=no_harm)
    g_assign = best_greedy(prob)
    g_ok = feasible(prob, g_assign)
    g_obj = _objective(prob, g_assign)
    # the time limit covers the whole call: keep a reserve for building the plan afterwards
    reserve = 0.3 + 1.5e-4 * len(prob.cands)
    budget = max(tl - (time.perf_counter() - t0) - reserve, 0.05)
    res = solve_milp(prob, warm=g_assign if (warm_start and g_ok) else None, time_limit_s=budget, reduce=reduce, split=split)
    th = en = ""
    greedy_used = False
    if res.status == "infeasible":
        th, en = messages("P203")
        assign: dict[int, int] = {}
        status = "infeasible"
    else:
        assign = res.assign
        status = res.status
        if status != "optimal" and g_ok:
            gv = lex_value(prob, g_assign)
            mv = lex_value(prob, assign) if feasible(prob, assign) else None
            if mv is None or (-gv[0], gv[1], gv[2]) <= (-mv[0], mv[1], mv[2]):
                assign = g_assign
                greedy_used = True
                status = "greedy"
                th, en = messages("P202")
        if status == "time_limit":
            gap = int(round(res.levels[0].bound - res.levels[0].objective))
            th, en = messages("P201", gap=gap)
    lv = res.levels
    obj = _objective(prob, assign)
    b1 = prob.singles + int(round(lv[0].bound)) if status != "infeasible" else obj.one_contract_households
    b1 = max(b1, obj.one_contract_households)
    bound = Bound(
        one_contract_households=b1,
        annual_interest=min(_q(prob.interest_all_before + Decimal(repr(lv[1].bound)) / 100), obj.annual_interest) if status in ("optimal", "time_limit") else obj.annual_interest,
        amount_moved=min(baht(int(round(lv[2].bound))), obj.amount_moved) if status in ("optimal", "time_limit") else obj.amount_moved,
        gap=b1 - obj.one_contract_households,
    )
    cert = Certificate(
        solver=_solver_name(),
        status=status,
        levels=tuple(
            LevelCertificate(level=s.level, name=LEVEL_NAMES[s.level], status=s.status, objective=s.objective, bound=s.bound, gap=s.gap, time_s=round(s.time_s, 4))
            for s in lv
        ),
        components=res.components,
        reductions=res.reductions,
        greedy_objective=g_obj if g_ok else None,
        greedy_used=greedy_used,
        note_th=th,
        note_en=en,
        time_s=round(time.perf_counter() - t0, 4),
    )
    plan = build_plan(prob, assign, status=status, certificate=cert, bound=bound)
    if compare:
        other = solve(instance, no_harm=not prob.no_harm, time_limit_s=tl)
        plan = plan.model_copy(update={"other_policy": summary(other)})
    return plan


def _solver_name() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"HiGHS via highspy {version('highspy')}"
    except PackageNotFoundError:  # pragma: no cover
        return "HiGHS via highspy"


def summary(plan: Plan) -> PolicySummary:
    return PolicySummary(no_harm=plan.no_harm, status=plan.status, objective=plan.objective, dearer_households=plan.dearer_households)


def compare_policies(instance: Instance, *, no_harm: bool | None = None, time_limit_s: float | None = None) -> PolicyComparison:
    """Solve under the chosen policy and under the other one; each plan names the other's result."""
    chosen = solve(instance, no_harm=no_harm, time_limit_s=time_limit_s)
    other = solve(instance, no_harm=not chosen.no_harm, time_limit_s=time_limit_s)
    return PolicyComparison(
        chosen=chosen.model_copy(update={"other_policy": summary(other)}),
        other=other.model_copy(update={"other_policy": summary(chosen)}),
    )


def greedy_plan(instance: Instance, *, no_harm: bool | None = None) -> Plan:
    """The committee-style baseline as a full plan (no solver)."""
    prob = prepare(instance, no_harm=no_harm)
    a = best_greedy(prob)
    cert = Certificate(solver="greedy", status="greedy", greedy_objective=_objective(prob, a), greedy_used=True)
    return build_plan(prob, a, status="greedy", certificate=cert)
