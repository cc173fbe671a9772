"""Large-neighbourhood search (LNS) beside HiGHS for level 1 (the count of households).

Why: on tight cases HiGHS proves the bound quickly (the LP bound rounded down) but may need minutes
to *find* the last household. On the 1,000/15 seed-3 case the 523-household plan it finds in 1 s
and the 524-household optimum differ in 11 households over 5 groups: four households leave, five
join and two change group: a chain no one-move search sees, but a small MILP over those 5 groups
solves in 0.2 s.

How: a thread runs small MILPs ("neighbourhoods") while HiGHS searches the whole model. A
neighbourhood is a set S of 5–7 groups: every household placed in S, and every household left out
that could go to S, is free within S; every other household keeps its place (so every other
group's cash is fixed). Its MILP (same rows, other columns fixed) runs with a short limit and asks
only for a plan with more households than the current one. Which S to try:

* **first, the whole component with few households leaving** (:meth:`NeighbourhoodSearch.solve_whole`):
  every household may change group and every household left out may join, but none of the
  households the plan places may be left out (2 s; ``whole`` lists (how many may leave, limit) to
  try; with one leaving, 1 s, it found nothing on seeds 1-60 and mostly ran out of time, session 9).
  Nearly always decided fast, and it holds chains that span more groups than any set S below: on the 1,000/15 seeds 17 and 20
  level 1 is proven in 2.6 and 2.3 s with it, 7.1 and 6.7 s with the group sets only; seeds 1-60,
  51 vs 50 under 10 s (session 9, docs/planner.md);
* **then each of the ``force`` households left out that the root LP places in part** (0 < y < 1,
  highest first; :meth:`NeighbourhoodSearch.solve_forced`): the whole component with that household
  forced in (2 s). The plan one larger must place someone now left out, and on the needle seeds
  (where HiGHS's own tree finds the last household at its very end) it is the first such household:
  seeds 48 and 32 are proven in 2.2 and 3.2 s with it, 13.0 and 15.6 s without; seeds 1-60, 53 vs
  51 under 10 s (session 9);
* **ranked by their LP first**: for each size (5, then 6, then 7) the candidate sets of *tight*
  groups (groups whose spare cash could stop a household; a group with more than twice the largest
  debt it could take is left out) are scored by the LP relaxation of their sub-problem — about
  2.5 ms each, warm-started in one LP — and the best ``ranked_tries`` are tried in that order.
  Sets whose LP cannot reach one household more are never tried. On seed 3 exactly 1 of the 462
  five-group sets holds the 524th household; it ranks 6th by its LP, so the search finds it in
  5–6 tries (3–4 s) where random draws needed 20–106 (9–48 s). Each ranked set first gets a short
  limit (0.2 s): the sets that hold a better plan were solved in 0.06–0.31 s on seeds 3, 6, 9, 14,
  15 and 20, while most that do not run undecided to any limit (seed 20: 16 of its first 17 took
  the full 0.5 s). After each size, its best 5 sets that ran out of time get a second try (0.6 s),
  the others once every size is spent;
* **then drawn at random**: two households the plan leaves out give S their eligible groups,
  grown group by group, preferring groups that the households already placed in S could move to.

A better plan goes to HiGHS through its user-solution callback (HiGHS checks feasibility and uses
it to prune), and HiGHS's own improving plans come back to the thread. The thread waits
``delay_s`` before its first neighbourhood, so cases HiGHS proves at once pay nothing. Only plans
are exchanged: the proof (the bound) is always HiGHS's. The random stream is seeded, but which
neighbourhood finishes first depends on timing, so the plan found may differ between runs; its
count never exceeds the bound and is always checked.
"""

from __future__ import annotations

import itertools
import math
import queue
import random
import threading
import time
from collections.abc import Callable, Sequence

import highspy
import numpy as np

from .model import ComponentModel


class NeighbourhoodSearch:
    """Improves level-1 plans of one component; see the module docstring."""

    def __init__(self, model: ComponentModel, new_highs: Callable[[], highspy.Highs], *, seed: int = 1,
                 sizes: Sequence[int] = (5, 6, 7), sub_time_s: float = 0.5, ranked_tries: int = 20,
                 first_time_s: float = 0.2, retry_time_s: float = 0.6, retry_now: int = 5,
                 whole: Sequence[tuple[int, float]] = ((0, 2.0),), force: int = 2,
                 force_time_s: float = 2.0) -> None:
        self.m = model
        self.new_highs = new_highs
        self.rnd = random.Random(seed)
        self.sizes = tuple(sizes)
        self.sub_time_s = sub_time_s
        self.ranked_tries = ranked_tries
        self.first_time_s = first_time_s
        self.retry_time_s = retry_time_s
        self.retry_now = retry_now
        self.whole = tuple(whole)  # (at most this many placed households leave, time limit)
        self.force = force  # households left out that the root LP half-places, each forced in once
        self.force_time_s = force_time_s
        self.timed_out = False  # whether the last neighbourhood ran out of time undecided
        self.groups = sorted({g for o in model.opts.values() for g in o})
        self.tried = 0
        self._seen: tuple[int, set[frozenset[int]]] = (-1, set())
        # (set, time limit, whether it is the set's first try) still to try around the current plan
        self._queue: list[tuple[frozenset[int], float, bool]] = []
        self._retry: list[tuple[frozenset[int], float, bool]] = []
        self._later: list[tuple[frozenset[int], float, bool]] = []
        self._sizes_left: list[int] = []
        self._whole_left: list[tuple[int, float]] = []
        self._force_left: list[int] = []
        self._lp: highspy.Highs | None = None
        self._root_y: np.ndarray | None = None

    def neighbourhood(self, assign: dict[int, int]) -> set[int]:
        m = self.m
        out = [k for k in m.keys if k not in assign]
        size = min(self.rnd.choice(self.sizes), len(self.groups))
        S: set[int] = set()
        for k in self.rnd.sample(out, min(2, len(out))):
            S |= set(m.opts[k])
        while len(S) < size:
            weight: dict[int, int] = {}
            for k, g in assign.items():
                if g in S:
                    for g2 in m.opts[k]:
                        if g2 not in S:
                            weight[g2] = weight.get(g2, 0) + 1
            if not weight:
                rest = [g for g in self.groups if g not in S]
                if not rest:
                    break
                S.add(self.rnd.choice(rest))
                continue
            gs = sorted(weight)
            S.add(self.rnd.choices(gs, weights=[weight[g] for g in gs])[0])
        return S

    def _bounds(self, assign: dict[int, int], S: set[int]) -> tuple[np.ndarray, np.ndarray]:
        """Column bounds of the neighbourhood S around ``assign``: households placed in S, and
        households left out that could go to S, are free within S; everyone else is fixed."""
        m = self.m
        lo = m.col_lo.copy()
        hi = np.ones(m.ncol)
        for i, k in enumerate(m.keys):
            cur = assign.get(k)
            free = k not in m.forced and ((cur in S) or (cur is None and any(g in S for g in m.opts[k])))
            if free:
                for g in m.opts[k]:
                    if g not in S:
                        hi[m.xcol[k, g]] = 0.0
            else:
                lo[i] = hi[i] = 1.0 if cur is not None else 0.0
                for g in m.opts[k]:
                    lo[m.xcol[k, g]] = hi[m.xcol[k, g]] = 1.0 if cur == g else 0.0
        return lo, hi

    def tight_groups(self, assign: dict[int, int]) -> list[int]:
        """The groups whose cash can bind under ``assign``: a group whose spare cash is at least
        twice the largest debt it could take on is never what stops a household, so a
        neighbourhood gains nothing from it."""
        m = self.m
        x = m.vector(assign)
        cols = np.repeat(np.arange(m.ncol), np.diff(np.append(m.starts, len(m.index))))
        act = np.zeros(len(m.row_hi))
        np.add.at(act, m.index, m.value * x[cols])
        spare = {g: m.row_hi[r] - act[r] for g, r in m.group_rows.items()}
        debt = dict(zip(m.keys, m.debts))
        largest: dict[int, float] = {}
        for k, g in zip(m.col_k, m.col_g):
            largest[g] = max(largest.get(g, 0.0), debt[k])
        tight = [g for g in self.groups if spare.get(g, 0.0) < 2 * largest.get(g, 0.0)]
        return tight if len(tight) >= min(self.sizes) else list(self.groups)

    def ranked(self, assign: dict[int, int], size: int, limit: int = 400,
               stop: threading.Event | None = None) -> list[frozenset[int]]:
        """Neighbourhoods of ``size`` tight groups, best first by the LP relaxation of their
        sub-problem (the room it leaves for more households), those that cannot beat ``assign``
        dropped. All of them when there are at most ``limit``, else ``limit`` drawn at random.
        ``stop`` ends the scoring early (the sets scored so far are returned)."""
        tight = self.tight_groups(assign)
        size = min(size, len(tight))
        if math.comb(len(tight), size) <= limit:
            cands = [frozenset(c) for c in itertools.combinations(tight, size)]
        else:
            found: set[frozenset[int]] = set()
            for _ in range(limit * 3):
                found.add(frozenset(self.rnd.sample(tight, size)))
                if len(found) >= limit:
                    break
            cands = sorted(found, key=sorted)
        m = self.m
        if self._lp is None:
            self._lp = self._relaxation()
        lp, allidx = self._lp, np.arange(m.ncol, dtype=np.int32)
        scored = []
        for S in cands:
            if stop is not None and stop.is_set():
                break
            lo, hi = self._bounds(assign, set(S))
            lp.changeColsBounds(m.ncol, allidx, lo, hi)
            lp.run()
            if lp.getModelStatus() == highspy.HighsModelStatus.kOptimal:
                value = -lp.getInfo().objective_function_value
                if value >= len(assign) + 1 - 1e-6:
                    scored.append((-value, sorted(S), S))
        scored.sort()
        return [S for _, _, S in scored]

    def _relaxation(self) -> highspy.Highs:
        """A HiGHS holding the component's LP relaxation (every column continuous)."""
        m = self.m
        h = self.new_highs()
        m.pass_to(h)
        h.changeColsIntegrality(m.ncol, np.arange(m.ncol, dtype=np.int32), np.zeros(m.ncol, dtype=np.uint8))
        return h

    def solve_neighbourhood(self, assign: dict[int, int], S: set[int], *, stop: threading.Event | None = None,
                            deadline: float | None = None, time_s: float | None = None) -> dict[int, int] | None:
        """A plan with more households than ``assign`` that differs only inside S, or None.
        ``stop`` interrupts the small MILP; ``deadline`` (perf_counter) caps its time; ``time_s``
        is its limit (default ``sub_time_s``). :attr:`timed_out` says whether it ended undecided."""
        limit = self._begin(self.sub_time_s if time_s is None else time_s, deadline)
        if limit is None:
            return None
        lo, hi = self._bounds(assign, S)
        h = self.new_highs()
        self.m.pass_to(h, lo, hi)
        return self._run_sub(h, assign, stop, limit)

    def _begin(self, time_s: float, deadline: float | None) -> float | None:
        """Start a sub-MILP: :attr:`timed_out` cleared, and its time limit, ``time_s`` capped by
        ``deadline`` (perf_counter); None when the deadline leaves no time for it."""
        self.timed_out = False
        if deadline is None:
            return time_s
        limit = min(time_s, deadline - time.perf_counter())
        return limit if limit > 0.01 else None

    def _run_sub(self, h: highspy.Highs, assign: dict[int, int], stop: threading.Event | None,
                 limit: float) -> dict[int, int] | None:
        """Run a loaded sub-MILP ``h`` for at most ``limit`` s asking for more households than
        ``assign``; sets :attr:`timed_out`."""
        m = self.m
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 0.99)
        h.setOptionValue("time_limit", limit)
        h.setOptionValue("objective_bound", -(len(assign) + 0.5))
        if stop is not None:
            def interrupt(ctype, message, data_out, data_in, user_data) -> None:  # noqa: ANN001
                if stop.is_set():
                    data_in.user_interrupt = True

            h.setCallback(interrupt, None)
            h.startCallback(highspy.cb.HighsCallbackType.kCallbackMipInterrupt)
        h.run()
        self.timed_out = h.getModelStatus() == highspy.HighsModelStatus.kTimeLimit
        if h.getInfo().primal_solution_status != 2:
            return None
        new = m.decode(np.round(np.array(h.getSolution().col_value)))
        return new if len(new) > len(assign) else None

    def solve_whole(self, assign: dict[int, int], leaves: int, *, stop: threading.Event | None = None,
                    deadline: float | None = None, time_s: float = 1.0) -> dict[int, int] | None:
        """A plan with more households than ``assign`` over the whole component in which at most
        ``leaves`` of the households ``assign`` places are left out (any may change group, any
        household left out may join), or None. With 0 or 1 it is small enough to be decided in
        well under a second on most 1,000/15 cases, and it holds the chains the group sets miss
        (session 8, from HiGHS's 1.5-s plan: seeds 17, 20, 55 with none leaving, 48 and 20 with one)."""
        limit = self._begin(time_s, deadline)
        if limit is None:
            return None
        m = self.m
        h = self.new_highs()
        m.pass_to(h)
        placed = np.array([i for i, k in enumerate(m.keys) if k in assign], dtype=np.int32)
        h.addRow(float(len(placed) - leaves) - 0.5, highspy.kHighsInf, len(placed), placed, np.ones(len(placed)))
        start = highspy.HighsSolution()
        start.col_value = list(m.vector(assign))
        start.value_valid = True
        h.setSolution(start)  # (as measured; it cannot be the answer, but HiGHS's heuristics start from it)
        return self._run_sub(h, assign, stop, limit)

    def to_force(self, assign: dict[int, int], deadline: float | None = None) -> list[int]:
        """Rows of the households ``assign`` leaves out that the root LP places in part
        (0 < y < 1), highest y first, at most :attr:`force` of them. The LP is solved once, within
        ``deadline`` (none when it is not solved by then)."""
        m = self.m
        if self._root_y is None:
            h = self._relaxation()
            if deadline is not None:
                h.setOptionValue("time_limit", max(deadline - time.perf_counter(), 0.01))
            h.run()
            ok = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
            self._root_y = np.array(h.getSolution().col_value[:m.nH]) if ok else np.zeros(m.nH)
        y = self._root_y
        rows = [i for i, k in enumerate(m.keys) if k not in assign and 1e-6 < y[i] < 1 - 1e-6]
        rows.sort(key=lambda i: (-y[i], i))
        return rows[:self.force]

    def solve_forced(self, assign: dict[int, int], row: int, *, stop: threading.Event | None = None,
                     deadline: float | None = None, time_s: float = 2.0) -> dict[int, int] | None:
        """A plan with more households than ``assign`` that places the household of ``row`` (any
        other may move, join or leave), or None. The root LP's half-placed households are where
        the last household of the needle seeds hides (session 9: seeds 48, 32, 20 found in
        0.7-1.3 s by the first of them)."""
        limit = self._begin(time_s, deadline)
        if limit is None:
            return None
        m = self.m
        lo = m.col_lo.copy()
        lo[row] = 1.0
        h = self.new_highs()
        m.pass_to(h, lo)
        return self._run_sub(h, assign, stop, limit)

    def step(self, assign: dict[int, int], *, stop: threading.Event | None = None,
             deadline: float | None = None) -> dict[int, int] | None:
        """One neighbourhood of ``assign`` not yet searched around a plan of this size (a few
        redraws), or None when nothing better was found.

        The ranked neighbourhoods get a short limit first (``first_time_s``: most that hold a
        better plan solve in 0.05–0.3 s, while many that do not run to any limit undecided). After
        each size's best, the best ``retry_now`` of them that ran out of time get ``retry_time_s``;
        the rest of those only once every size is spent. Then random ones with ``sub_time_s``."""
        if len(assign) >= len(self.m.keys):
            return None
        size, seen = self._seen
        if size != len(assign):
            seen = set()
            self._seen = (len(assign), seen)
            self._queue, self._retry, self._later, self._sizes_left = [], [], [], sorted(self.sizes)
            self._whole_left = list(self.whole)
            self._force_left = self.to_force(assign, deadline) if self.force else []
        if self._whole_left:  # the whole component with few households leaving, before any group set
            leaves, limit = self._whole_left.pop(0)
            self.tried += 1
            return self.solve_whole(assign, leaves, stop=stop, deadline=deadline, time_s=limit)
        if self._force_left:  # then each household the root LP half-places, forced in
            self.tried += 1
            return self.solve_forced(assign, self._force_left.pop(0), stop=stop, deadline=deadline,
                                     time_s=self.force_time_s)
        S, limit, first = None, self.sub_time_s, False
        while S is None and (self._queue or self._retry or self._sizes_left or self._later):
            if not self._queue:  # this size's undecided best, then the next size's best, then the rest
                if self._retry:
                    self._queue, self._later = self._retry[: self.retry_now], self._later + self._retry[self.retry_now:]
                    self._retry = []
                elif self._sizes_left:
                    best = self.ranked(assign, self._sizes_left.pop(0), stop=stop)[: self.ranked_tries]
                    self._queue = [(T, self.first_time_s, True) for T in best]
                else:
                    self._queue, self._later = self._later, []
                continue
            T, limit, first = self._queue.pop(0)
            S = None if T in seen else set(T)
        if S is None:
            limit, first = self.sub_time_s, False
            for _ in range(20):
                S = self.neighbourhood(assign)
                if frozenset(S) not in seen:
                    break
        self.tried += 1
        new = self.solve_neighbourhood(assign, S, stop=stop, deadline=deadline, time_s=limit)
        if new is None and self.timed_out and first:  # a ranked set's first try: once more, longer
            self._retry.append((frozenset(S), self.retry_time_s, False))
        else:
            seen.add(frozenset(S))
        return new


class LnsThread:
    """Runs :class:`NeighbourhoodSearch` in a thread beside one HiGHS run (level 1).

    Wire it with :meth:`attach` before ``h.run()``, call :meth:`stop` after; :attr:`best` is the
    best plan either side found."""

    def __init__(self, search: NeighbourhoodSearch, start: dict[int, int] | None, *, delay_s: float = 1.0,
                 deadline: float | None = None) -> None:
        self.search = search
        self.deadline = deadline
        self.best: dict[int, int] | None = dict(start) if start is not None else None
        self.bound: int | None = None
        self.delay_s = delay_s
        self.found: queue.Queue[dict[int, int]] = queue.Queue()
        self.improved = 0
        self.errors = 0
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="cmfi-lns", daemon=True)

    # --- the HiGHS side ---------------------------------------------------------------------
    def attach(self, h: highspy.Highs) -> None:
        T = highspy.cb.HighsCallbackType
        h.setCallback(self._callback, None)
        h.startCallback(T.kCallbackMipImprovingSolution)
        h.startCallback(T.kCallbackMipUserSolution)
        self._thread.start()

    def _offer(self, assign: dict[int, int]) -> bool:
        with self._lock:
            if self.best is None or len(assign) > len(self.best):
                self.best = assign
                return True
        return False

    def _callback(self, ctype, message, data_out, data_in, user_data) -> None:  # noqa: ANN001
        try:
            self._exchange(ctype, data_out, data_in)
        except Exception:  # noqa: BLE001 - an error here must never fail HiGHS's own search
            self.errors += 1

    def _exchange(self, ctype, data_out, data_in) -> None:  # noqa: ANN001
        T = highspy.cb.HighsCallbackType
        if ctype == T.kCallbackMipImprovingSolution:
            self._offer(self.search.m.decode(np.round(np.asarray(data_out.mip_solution))))
            return
        bound = -data_out.mip_dual_bound
        if np.isfinite(bound):
            self.bound = int(np.floor(bound + 1e-6))
        latest = None
        while True:
            try:
                latest = self.found.get_nowait()
            except queue.Empty:
                break
        if latest is not None:
            data_in.user_has_solution = True
            data_in.setSolution(self.search.m.vector(latest))

    # --- the search side --------------------------------------------------------------------
    def _run(self) -> None:
        if self._stop.wait(self.delay_s):
            return
        while not self._stop.is_set():
            if self.deadline is not None and time.perf_counter() >= self.deadline:
                return  # past the level's deadline every step would return at once: a busy loop
            with self._lock:
                cur = self.best
            if cur is None or (self.bound is not None and len(cur) >= self.bound):
                if self._stop.wait(0.05):
                    return
                continue
            new = self.search.step(cur, stop=self._stop, deadline=self.deadline)
            if new is not None and self._offer(new):
                self.improved += 1
                self.found.put(new)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

