"""Benchmark of the household debt-consolidation planner (issue 3).

    python bench/plan.py            # 100/5, 1,000/15, 20,000/50, plus the plain-MILP baseline
    python bench/plan.py --quick    # 100/5 and 1,000/15 only

Instances are generated with a fixed seed and TIGHT capacity (the groups' lendable cash covers
only a fraction of what full consolidation would need), so the gains come from swaps and repayments
that a one-by-one committee procedure cannot see.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cmfi_xl.planner import Instance, solve  # noqa: E402
from cmfi_xl.planner.eligibility import prepare  # noqa: E402
from cmfi_xl.planner.greedy import best_greedy, greedy  # noqa: E402
from cmfi_xl.planner.eligibility import lex_value  # noqa: E402
from cmfi_xl.planner.milp import solve_milp  # noqa: E402

RATES = ["0.03", "0.04", "0.05", "0.06", "0.07", "0.08", "0.09", "0.10", "0.12"]
OLD_RATES = ["0", "0.06", "0.08", "0.10", "0.12", "0.15", "0.18", "0.24"]


def generate(n_households: int, n_groups: int, seed: int, tight: float = 0.2) -> dict:
    """A seeded ``cmfi-debt-instance/1`` document (a dict) with tight capacity."""
    rnd = random.Random(seed)
    groups = []
    p_open = min(0.4, 4.0 / n_groups)
    for i in range(n_groups):
        kkkj = rnd.random() < 0.1
        g = {
            "id": f"G{i + 1:02d}",
            "name": f"กลุ่ม {i + 1}",
            "kind": "kkkj" if kkkj else rnd.choice(["savings", "village_fund", "occupation", "welfare"]),
            "rate": "0" if kkkj else rnd.choice(RATES),
            "open_to_new_members": (not kkkj) and rnd.random() < p_open,
            "new_member_savings": rnd.choice(["0", "500", "1000"]),
            "accepts_arrears": rnd.random() < 0.5,
        }
        mc = rnd.choice([None, "60000", "100000", "150000", "300000"])
        if mc:
            g["max_contract"] = mc
        sm = rnd.choice([None, "5", "10", "20"])
        if sm:
            g["savings_multiple"] = sm
        groups.append(g)
    gid = [g["id"] for g in groups]
    households = []
    need_total = 0
    for h in range(n_households):
        members = rnd.sample(gid, k=min(len(gid), rnd.choice([1, 1, 2, 2, 3])))
        savings = {m: f"{rnd.randint(10, 300) * 100}" for m in members}
        n_c = rnd.choices([1, 2, 3, 4], weights=[30, 40, 20, 10])[0]
        contracts = []
        amounts = []
        for j in range(n_c):
            lender = rnd.choice(members) if rnd.random() < 0.6 else rnd.choice(gid)
            amount = rnd.randint(50, 600) * 100 + rnd.choice([0, 0, 0, rnd.randint(1, 9999) / 100])
            arrears = 0 if rnd.random() > 0.12 else round(amount * rnd.uniform(0.02, 0.2), 2)
            rate = "0" if groups[gid.index(lender)]["kind"] == "kkkj" else rnd.choice(OLD_RATES[1:])
            contracts.append({"id": f"C{h + 1:05d}-{j + 1}", "lender": lender, "amount": f"{amount:.2f}", "rate": rate, "arrears": f"{arrears:.2f}"})
            amounts.append((lender, amount))
        if n_c >= 2:
            by: dict[str, float] = {}
            for ln, a in amounts:
                by[ln] = by.get(ln, 0) + a
            need_total += sum(by.values()) - max(by.values())
        households.append({"id": f"H{h + 1:05d}", "savings": savings, "contracts": contracts})
    weights = [rnd.random() + 0.2 for _ in groups]
    wsum = sum(weights)
    for g, w in zip(groups, weights):
        g["lendable"] = f"{int(tight * need_total * w / wsum):d}.00"
    return {"format": "cmfi-debt-instance/1", "groups": groups, "households": households, "options": {"no_harm": False}}


def to_instance(doc: dict) -> Instance:
    from cmfi_xl.planner import load_instance

    inst, issues = load_instance(doc)
    assert inst is not None, [str(i) for i in issues if i.severity == "error"][:5]
    return inst


def fmt_money(d: Decimal) -> str:
    return f"{d:,.2f}"


def run_case(n_h: int, n_g: int, seed: int, time_limit: float, no_harm: bool = False) -> dict:
    inst = to_instance(generate(n_h, n_g, seed))
    t = time.perf_counter()
    prob = prepare(inst, no_harm=no_harm)
    g1 = greedy(prob)  # the plain committee order
    tg = time.perf_counter() - t
    n1, i1, _ = lex_value(prob, g1)
    t = time.perf_counter()
    plan = solve(inst, no_harm=no_harm, time_limit_s=time_limit)
    ts = time.perf_counter() - t
    cert = plan.certificate
    l1 = cert.levels[0] if cert.levels else None
    cands = len(prob.cands)
    return {
        "case": f"{n_h:,} households / {n_g} groups (seed {seed}{', no_harm' if no_harm else ''})",
        "candidates": cands,
        "greedy_s": tg,
        "greedy_n": n1 - prob.singles,
        "greedy_interest": i1,
        "best_greedy_n": cert.greedy_objective.one_contract_households - prob.singles if cert.greedy_objective else None,
        "milp_s": ts,
        "level1_s": l1.time_s if l1 else 0.0,
        "milp_n": plan.objective.one_contract_households - prob.singles,
        "milp_interest": plan.objective.annual_interest,
        "status": plan.status,
        "gap": plan.bound.gap,
        "bound_n": plan.bound.one_contract_households - prob.singles,
        "interest_bound": plan.bound.annual_interest,
        "levels": [(lv.name, lv.status, round(lv.time_s, 2), lv.gap) for lv in cert.levels],
        "components": cert.components,
        "reductions": cert.reductions,
        "bridge": plan.settlement.bridge_total,
        "dearer": plan.dearer_households,
    }


def print_case(r: dict) -> None:
    print(f"== {r['case']}: {r['candidates']:,} households with 2+ contracts")
    print(f"   greedy (committee order)   : {r['greedy_n']:>6,} consolidated, interest {fmt_money(r['greedy_interest'])} baht/yr, {r['greedy_s']:.2f} s")
    print(f"   greedy (best of 3 orders)  : {r['best_greedy_n']:>6,} consolidated")
    print(f"   MILP (lexicographic)       : {r['milp_n']:>6,} consolidated, interest {fmt_money(r['milp_interest'])} baht/yr, {r['milp_s']:.2f} s total, level 1 {r['level1_s']:.2f} s")
    print(f"   status {r['status']}, level-1 bound {r['bound_n']:,} (gap {r['gap']} households), interest bound {fmt_money(r['interest_bound'])}")
    more = (r['milp_n'] - r['greedy_n']) / r['milp_n'] * 100 if r['milp_n'] else 0.0
    print(f"   greedy consolidates {more:.1f}% fewer households than the MILP plan")
    print(f"   levels: {r['levels']}")
    print(f"   components {r['components']}, reductions {r['reductions']}, settlement bridge {fmt_money(r['bridge'])}, dearer loans {r['dearer']}")


def plain_baseline(n_h: int, n_g: int, seed: int, time_limit: float) -> tuple[float, str, float]:
    """Level 1 only, no warm start, no reductions, no splitting."""
    inst = to_instance(generate(n_h, n_g, seed))
    prob = prepare(inst)
    t = time.perf_counter()
    res = solve_milp(prob, warm=None, time_limit_s=time_limit, reduce=False, split=False, max_level=1, form="x")
    return time.perf_counter() - t, res.status, res.levels[0].objective


def ours_level1(n_h: int, n_g: int, seed: int, time_limit: float) -> tuple[float, str, float]:
    inst = to_instance(generate(n_h, n_g, seed))
    prob = prepare(inst)
    t = time.perf_counter()
    warm = best_greedy(prob)
    res = solve_milp(prob, warm=warm, time_limit_s=time_limit, max_level=1)
    return time.perf_counter() - t, res.status, res.levels[0].objective


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--seeds", type=int, default=3, help="seeds for the 1,000/15 speed-up comparison")
    args = ap.parse_args()
    cases = [(100, 5, 1, 30.0), (1000, 15, 1, 60.0)]
    if not args.quick:
        cases.append((20000, 50, 1, 60.0))
    for n_h, n_g, seed, tl in cases:
        print_case(run_case(n_h, n_g, seed, tl))
        sys.stdout.flush()
    print_case(run_case(1000, 15, 1, 60.0, no_harm=True))
    print("== level 1 proof, 1,000 households / 15 groups: plain MILP vs ours (same instances)")
    for seed in range(1, args.seeds + 1):
        tp, sp, op = plain_baseline(1000, 15, seed, 60.0)
        to, so, oo = ours_level1(1000, 15, seed, 60.0)
        print(f"   seed {seed}: plain {tp:6.2f} s ({sp}, {op:.0f})   ours {to:6.2f} s ({so}, {oo:.0f})   speed-up x{tp / max(to, 1e-9):.1f}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
