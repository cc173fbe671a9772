"""Benchmark of the household debt-consolidation planner (issue 3).

    python bench/plan.py            # 100/5, 1,000/15, 20,000/50, plus the plain-MILP baseline
    python bench/plan.py --quick    # 100/5 and 1,000/15 only

Instances are generated with a fixed seed and TIGHT capacity (the groups' lendable cash covers
only a fraction of what full consolidation would need), so the gains come from swaps and repayments
that a one-by-one committee procedure cannot see.
"""

from __future__ import annotations

import argparse
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
from cmfi_xl.planner.sample import tight_instance as generate  # noqa: E402

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
    """Level 1 only, no warm start, no reductions, no splitting (and so no search: HiGHS's default threads)."""
    inst = to_instance(generate(n_h, n_g, seed))
    prob = prepare(inst)
    t = time.perf_counter()
    res = solve_milp(prob, warm=None, time_limit_s=time_limit, reduce=False, split=False, max_level=1, form="x")
    return time.perf_counter() - t, res.status, res.levels[0].objective


def ours_level1(n_h: int, n_g: int, seed: int, time_limit: float, lns: bool = True) -> tuple[float, str, float]:
    inst = to_instance(generate(n_h, n_g, seed))
    prob = prepare(inst)
    t = time.perf_counter()
    warm = best_greedy(prob)
    res = solve_milp(prob, warm=warm, time_limit_s=time_limit, max_level=1, lns=lns)
    return time.perf_counter() - t, res.status, res.levels[0].objective


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--seeds", type=int, default=3, help="seeds for the 1,000/15 speed-up comparison")
    ap.add_argument("--seed-from", type=int, default=1, help="first seed of the comparison")
    ap.add_argument("--proof-limit", type=float, default=60.0, help="time limit of each level-1 proof run (s)")
    ap.add_argument("--proof-only", action="store_true", help="only the level-1 proof comparison")
    args = ap.parse_args()
    cases = [(100, 5, 1, 30.0), (1000, 15, 1, 60.0)]
    if not args.quick:
        cases.append((20000, 50, 1, 60.0))
    if not args.proof_only:
        for n_h, n_g, seed, tl in cases:
            print_case(run_case(n_h, n_g, seed, tl))
            sys.stdout.flush()
        print_case(run_case(1000, 15, 1, 60.0, no_harm=True))
    tl = args.proof_limit
    print(f"== level 1 proof, 1,000 households / 15 groups, limit {tl:.0f} s: plain MILP vs ours without "
          "and with the neighbourhood search (same instances)")
    under = {"plain": 0, "model": 0, "ours": 0}
    for seed in range(args.seed_from, args.seed_from + args.seeds):
        tp, sp, op = plain_baseline(1000, 15, seed, tl)
        tm, sm, om = ours_level1(1000, 15, seed, tl, lns=False)
        to, so, oo = ours_level1(1000, 15, seed, tl)
        for key, t_, s_ in (("plain", tp, sp), ("model", tm, sm), ("ours", to, so)):
            under[key] += s_ == "optimal" and t_ < 10.0
        print(f"   seed {seed:2d}: plain {tp:6.2f} s ({sp}, {op:.0f})   model+warm+split {tm:6.2f} s ({sm}, {om:.0f})   "
              f"ours (+LNS) {to:6.2f} s ({so}, {oo:.0f})   speed-up vs plain x{tp / max(to, 1e-9):.1f}")
        sys.stdout.flush()
    n = args.seeds
    print(f"   proven optimal in under 10 s: plain {under['plain']}/{n}, model+warm+split {under['model']}/{n}, "
          f"ours (+LNS) {under['ours']}/{n}")


if __name__ == "__main__":
    main()
