"""The exact lexicographic MILP, solved with HiGHS through ``highspy``.

Variables: binary x[h,g] for each candidate household h and eligible group g (h consolidates all
of its debt into g). With D_h the household's debt and D_hg the part already held by g, all in
integer satang:

* one group at most:      Σ_g x[h,g] ≤ 1          (= 1 when a committee lock says h must go to g)
* net cash of group g:    Σ_h (D_h − D_hg)·x[h,g] − Σ_h Σ_{g'≠g} D_hg·x[h,g'] ≤ lendable_g
                          (a contract already in the receiving group is merged in place: it moves
                          no cash and releases nothing)

Objectives, lexicographic; the model is kept between the steps and each optimum is fixed as a
constraint before the next step, with the previous plan passed back as the starting solution:

1. max Σ x                                   (households reaching one contract)
2. min Σ x[h,g]·(D_h·rate_g − interest_h)     (total annual interest; left-out households keep theirs)
3. min Σ x[h,g]·(D_h − D_hg)                  (amount moved between groups)

Reductions (switchable, to measure them): (a) the problem splits into independent components of
groups linked by households; (b) a pair (h,g) is dropped when g could never pay for h even if every
household that might leave g repaid it; (c) the y-formulation (below); (d) the starting plan (the greedy one) gives HiGHS an incumbent from the first node.
"""

from __future__ import annotations

import functools
import threading
import time
from dataclasses import dataclass, field

import highspy
import numpy as np

from .eligibility import Problem
from .lns import LnsThread, NeighbourhoodSearch
from .model import build_model

INF = highspy.kHighsInf
#: below this many households in a component, HiGHS alone is instant and no search thread starts
LNS_MIN_HOUSEHOLDS = 200
#: seconds HiGHS searches alone before the neighbourhood search starts (easy cases end before)
LNS_DELAY_S = 1.5
LEVEL_NAMES = {1: "one_contract_households", 2: "annual_interest", 3: "amount_moved"}


@dataclass
class LevelStat:
    level: int
    status: str = "optimal"
    objective: float = 0.0  # in natural units: households; satang of interest; satang moved
    bound: float = 0.0
    time_s: float = 0.0

    @property
    def gap(self) -> float:
        return abs(self.objective - self.bound)


@dataclass
class MilpResult:
    assign: dict[int, int]
    status: str  # optimal | time_limit | infeasible | no_solution
    levels: list[LevelStat]
    components: int
    reductions: dict[str, int] = field(default_factory=dict)
    found_solution: bool = True
    time_s: float = 0.0


_BANNER_DONE = False


# HiGHS's MIP solver runs its tree search on one thread but spreads symmetry detection, clique
# queries and the analytic centre over a thread pool (by default a level-1 solve of the 1,000/15
# seed-17 case used 12.6 s of CPU in 8.9 s on the 2-core target machine). While the neighbourhood
# search (:mod:`.lns`) runs beside it (level 1), the two competed for the second core: with one
# HiGHS thread there, seed 14 took 3.9-4.1 s instead of 7.3-8.3 s and seed 17 5.6-7.8 s instead of
# 9.3-12.1 s (docs/planner.md, session 6). Alone (levels 2 and 3, small components, no search)
# HiGHS keeps its default pool, which was faster there (seed 1's level 3: 21.6 s vs 29.9 s).
THREADS_WITH_SEARCH = 1
# HiGHS's thread pool is global to the process and made by the first run; a later run asking for a
# different number of threads fails at once ("global scheduler has already been initialized").
_pool_threads: list[int | None] = []  # the threads value of the runs so far (one entry)
_SOLVE_LOCK = threading.RLock()  # one solve at a time in a process (see solve_milp)


def _use_threads(threads: int | None) -> None:
    """Rebuild HiGHS's global thread pool when ``threads`` differs from the runs before. Call it
    only when no HiGHS run is in progress (the planner's solves run one after the other; the
    neighbourhood search of a component uses the same value as its main solve)."""
    if _pool_threads and _pool_threads[0] != threads:
        highspy.Highs.resetGlobalScheduler(True)
    _pool_threads[:] = [threads]


def new_highs(threads: int | None = None) -> highspy.Highs:
    """A silent Highs object using ``threads`` threads (``None``: HiGHS's default). The first
    construction prints a licence banner on the C stdout; it is sent to /dev/null so that a JSON
    plan written to stdout stays clean."""
    global _BANNER_DONE
    if _BANNER_DONE:
        h = highspy.Highs()
    else:
        import os
        import sys

        sys.stdout.flush()
        try:
            fd = os.dup(1)
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 1)
            try:
                h = highspy.Highs()
            finally:
                os.dup2(fd, 1)
                os.close(fd)
                os.close(null)
        except OSError:  # pragma: no cover - no usable fd 1
            h = highspy.Highs()
        _BANNER_DONE = True
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 0 if threads is None else threads)  # 0: HiGHS's default
    return h


class _UF:
    def __init__(self, n: int) -> None:
        self.p = list(range(n))

    def find(self, a: int) -> int:
        while self.p[a] != a:
            self.p[a] = self.p[self.p[a]]
            a = self.p[a]
        return a

    def union(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            self.p[a] = b


def _status_name(ms: highspy.HighsModelStatus) -> str:
    M = highspy.HighsModelStatus
    if ms == M.kOptimal:
        return "optimal"
    if ms == M.kTimeLimit:
        return "time_limit"
    if ms in (M.kInfeasible, M.kUnboundedOrInfeasible):
        return "infeasible"
    return str(ms).split(".")[-1]


def _pairs(prob: Problem, reduce: bool) -> tuple[dict[int, list[int]], int]:
    """Eligible groups per candidate, after reduction (b). Returns (options, pairs dropped)."""
    opts = {c.k: list(c.options) for c in prob.cands if not c.stay and c.options}
    dropped = 0
    if not reduce:
        return opts, 0
    G = len(prob.groups)
    for _ in range(3):
        releasable = [0] * G
        for k, o in opts.items():
            c = prob.cands[k]
            for g2, a in c.by_group.items():
                if any(g != g2 for g in o):
                    releasable[g2] += a
        changed = False
        for k, o in list(opts.items()):
            c = prob.cands[k]
            if c.forced is not None:
                continue
            keep = []
            for g in o:
                own = c.by_group.get(g, 0) if any(x != g for x in o) else 0
                if c.need(g) <= prob.L[g] + releasable[g] - own:
                    keep.append(g)
            if len(keep) != len(o):
                dropped += len(o) - len(keep)
                changed = True
                if keep:
                    opts[k] = keep
                else:
                    del opts[k]
        if not changed:
            break
    return opts, dropped


def _components(prob: Problem, opts: dict[int, list[int]], split: bool) -> list[list[int]]:
    keys = sorted(opts)
    if not split:
        return [keys] if keys else []
    uf = _UF(len(prob.groups))
    for k in keys:
        c = prob.cands[k]
        touched = set(opts[k]) | set(c.by_group)
        it = iter(touched)
        first = next(it)
        for g in it:
            uf.union(first, g)
    comps: dict[int, list[int]] = {}
    for k in keys:
        comps.setdefault(uf.find(opts[k][0]), []).append(k)
    return sorted(comps.values(), key=len)


def _solve_component(
    prob: Problem,
    keys: list[int],
    opts: dict[int, list[int]],
    warm: dict[int, int] | None,
    deadline: float | None,
    stats: list[LevelStat],
    share: float,
    max_level: int = 3,
    form: str = "y",
    lns: bool = True,
    lns_stats: dict[str, int] | None = None,
) -> tuple[dict[int, int], str]:
    """One component, three levels: (plan, status), where the status is optimal, time_limit,
    infeasible or no_solution. ``form="y"`` adds y[h] = Σ_g x[h,g] as its own column (the
    group row then reads Σ_h D_h·x[h,g] − Σ_h D_hg·y[h] ≤ lendable_g: fewer nonzeros and better
    knapsack cuts); ``form="x"`` is the textbook model with the release terms on every x."""
    m = build_model(prob, keys, opts, form)
    nH, ycols, ncol = m.nH, m.ycols, m.ncol
    col_k, col_g = m.col_k, m.col_g
    c1, c2, c3 = m.costs
    h = new_highs()
    m.pass_to(h)
    allidx = np.arange(ncol, dtype=np.int32)
    search = NeighbourhoodSearch(m, functools.partial(new_highs, THREADS_WITH_SEARCH)) if lns and form == "y" and nH >= LNS_MIN_HOUSEHOLDS else None
    x_cur: np.ndarray | None = None
    if warm is not None:
        x_cur = m.vector(warm)
    objs = [c1, c2, c3]
    lvl1 = c1 * -1.0
    status = "optimal"
    for level in range(1, max_level + 1):
        t0 = time.perf_counter()
        if level > 1:
            h.changeColsCost(ncol, allidx, objs[level - 1])
        if level == 1:
            h.setOptionValue("mip_rel_gap", 0.0)
            h.setOptionValue("mip_abs_gap", 0.99)
        elif level == 2:
            h.setOptionValue("mip_rel_gap", 1e-9)
            h.setOptionValue("mip_abs_gap", 1e-3)
        else:
            h.setOptionValue("mip_rel_gap", 0.0)
            h.setOptionValue("mip_abs_gap", 0.99)
        if deadline is not None:
            remaining = max(deadline - time.perf_counter(), 0.01)
            frac = 1.0 if level == max_level else 0.6
            level_limit = max(remaining * share * frac, 0.01)
            h.setOptionValue("time_limit", level_limit)
        if x_cur is not None:
            sol = highspy.HighsSolution()
            sol.col_value = list(x_cur)
            sol.value_valid = True
            h.setSolution(sol)
        threads = THREADS_WITH_SEARCH if level == 1 and search is not None else None
        _use_threads(threads)
        h.setOptionValue("threads", 0 if threads is None else threads)
        helper = None
        if level == 1 and search is not None:
            level_end = None if deadline is None else time.perf_counter() + level_limit
            helper = LnsThread(search, warm, delay_s=LNS_DELAY_S, deadline=level_end)
            helper.attach(h)
        h.run()
        ms = _status_name(h.getModelStatus())
        info = h.getInfo()
        has_sol = info.primal_solution_status == 2  # kSolutionStatusFeasible
        lns_plan = None
        if helper is not None:
            helper.stop()
            h.clearCallbacks()
            if lns_stats is not None:
                lns_stats["lns_neighbourhoods"] = lns_stats.get("lns_neighbourhoods", 0) + search.tried
                lns_stats["lns_improvements"] = lns_stats.get("lns_improvements", 0) + helper.improved
            highs_plan = m.decode(h.getSolution().col_value) if has_sol else None
            if helper.best is not None and (highs_plan is None or len(helper.best) > len(highs_plan)):
                # the thread's plan beats HiGHS's: take it; it is a proof when it meets the bound
                lns_plan = m.vector(helper.best)
                if ms == "time_limit" and np.isfinite(info.mip_dual_bound) and np.floor(-info.mip_dual_bound + 1e-6) <= len(helper.best):
                    ms = "optimal"
                has_sol = True
        st = stats[level - 1]
        st.time_s += time.perf_counter() - t0
        if ms == "infeasible":
            return {}, "infeasible"
        if not has_sol:
            if level == 1:
                return {}, "no_solution"
            ms = "time_limit"
        else:
            x_cur = lns_plan if lns_plan is not None else np.round(np.array(h.getSolution().col_value))
        if ms != "optimal":
            status = "time_limit"
            st.status = "time_limit"
        obj = float(objs[level - 1] @ x_cur)
        bound = float(info.mip_dual_bound) if ms != "optimal" else obj
        if not np.isfinite(bound):
            bound = obj if ms == "optimal" else (-float(ncol) if level == 1 else bound)
        if level == 1:
            st.objective += -obj
            st.bound += float(np.floor(-bound + 1e-6)) if ms != "optimal" else -obj
            h.addRow(float(round(-obj)) - 0.5, INF, ncol, allidx, lvl1)
        else:
            st.objective += obj
            st.bound += min(bound, obj) if np.isfinite(bound) else obj
            if level == 2:
                tol = 1e-3 + 1e-9 * abs(obj)
                h.addRow(-INF, obj + tol, ncol, allidx, objs[1])
        if ms != "optimal" and deadline is not None and time.perf_counter() >= deadline:
            # out of time: later levels keep the current plan (it is feasible for them)
            for lv in range(level + 1, 4):
                s = stats[lv - 1]
                v = float(objs[lv - 1] @ x_cur)
                s.objective += v
                s.bound += v  # no proof at that level; reported through the status
                s.status = "not_run"
            break
    assign = {col_k[j]: col_g[j] for j in range(len(col_k)) if x_cur is not None and x_cur[ycols + j] > 0.5}
    return assign, status


def solve_milp(
    prob: Problem,
    *,
    warm: dict[int, int] | None = None,
    time_limit_s: float | None = None,
    reduce: bool = True,
    split: bool = True,
    max_level: int = 3,
    form: str = "y",
    lns: bool = True,
) -> MilpResult:
    """Solve ``prob`` level by level (see the module docstring). Solves in one process run one at a
    time: HiGHS's thread pool is global and is rebuilt between runs (:func:`_use_threads`)."""
    with _SOLVE_LOCK:
        t0 = time.perf_counter()
        deadline = None if time_limit_s is None else t0 + time_limit_s
        opts, dropped = _pairs(prob, reduce)
        comps = _components(prob, opts, split)
        stats = [LevelStat(1), LevelStat(2), LevelStat(3)]
        lns_stats: dict[str, int] = {}
        assign: dict[int, int] = {}
        status = "optimal"
        total_cols = sum(len(opts[k]) for comp in comps for k in comp) or 1
        done_cols = 0
        found_all = True
        for comp in comps:
            ncols = sum(len(opts[k]) for k in comp)
            share = ncols / max(total_cols - done_cols, 1)
            w = None
            if warm is not None:
                w = {k: g for k, g in warm.items() if k in opts and g in opts[k]}
            a, st = _solve_component(prob, comp, opts, w, deadline, stats, share, max_level, form, lns, lns_stats)
            done_cols += ncols
            if st == "infeasible":
                return MilpResult({}, "infeasible", stats, len(comps), time_s=time.perf_counter() - t0, found_solution=False)
            if st == "no_solution":
                found_all = False
                status = "time_limit"
                a = {k: g for k, g in (warm or {}).items() if k in set(comp)}
                stats[0].objective += len(a)
                stats[0].bound += len(comp)
                stats[0].status = "time_limit"
                assign.update(a)
                continue
            if st != "optimal":
                status = "time_limit"
            assign.update(a)
        red = {"pairs_dropped": dropped, "components": len(comps), **lns_stats}
        return MilpResult(assign, status, stats, len(comps), red, found_all, time.perf_counter() - t0)
