"""The neighbourhood search beside HiGHS (cmfi_xl.planner.lns): every plan it offers is feasible,
larger than the one it started from and changed only inside its neighbourhood; wired into the
solve it never changes the proven optimum."""

from __future__ import annotations

import json
import random

import numpy as np

from cmfi_xl.planner import load_instance
from cmfi_xl.planner.eligibility import feasible, prepare
from cmfi_xl.planner.greedy import best_greedy
from cmfi_xl.planner.lns import NeighbourhoodSearch
from cmfi_xl.planner.milp import _pairs, new_highs, solve_milp
from cmfi_xl.planner.model import build_model
from cmfi_xl.planner.sample import tight_instance


def problem(doc):
    inst, issues = load_instance(json.dumps(doc))
    assert inst is not None, [str(i) for i in issues]
    return prepare(inst)


def search_for(prob, seed=1):
    opts, _ = _pairs(prob, True)
    return NeighbourhoodSearch(build_model(prob, sorted(opts), opts), new_highs, seed=seed)


def test_a_swap_is_found_inside_a_neighbourhood():
    # H1 needs B to take 100 from A, H2 needs A to take 100 from B, and no group has cash:
    # from the empty plan, the neighbourhood {A, B} holds the swap.
    c = lambda hid, lender, amount: {"id": f"{hid}-{lender}", "lender": lender, "amount": amount, "rate": "0.12", "arrears": "0"}  # noqa: E731
    prob = problem({
        "format": "cmfi-debt-instance/1",
        "groups": [{"id": g, "lendable": "0", "rate": "0.06"} for g in ("A", "B")],
        "households": [
            {"id": "H1", "savings": {"B": "10"}, "contracts": [c("H1", "A", "100"), c("H1", "B", "50")]},
            {"id": "H2", "savings": {"A": "10"}, "contracts": [c("H2", "B", "100"), c("H2", "A", "50")]},
        ],
    })
    s = search_for(prob)
    a, b = prob.gidx["A"], prob.gidx["B"]
    assert s.solve_neighbourhood({}, {a}) is None  # one group alone has no cash for anyone
    new = s.solve_neighbourhood({}, {a, b})
    assert new == {0: b, 1: a}
    assert feasible(prob, new)


def test_every_offered_plan_is_feasible_larger_and_local():
    prob = prepare(load_instance(tight_instance(300, 8, seed=5))[0])
    s = search_for(prob, seed=7)
    cur = best_greedy(prob)
    assert feasible(prob, cur)
    rnd = random.Random(3)
    improved = 0
    for _ in range(25):
        S = s.neighbourhood(cur)
        assert 1 <= len(S) <= 7
        new = s.solve_neighbourhood(cur, S)
        if new is None:
            continue
        improved += 1
        assert feasible(prob, new)
        assert len(new) > len(cur)
        for k in set(cur) | set(new):
            if cur.get(k) != new.get(k):
                # only households placed in S, or left out with a group in S, may change, and only into S
                assert cur.get(k) in S or (k not in cur and set(prob.cands[k].options) & S)
                assert new.get(k) is None or new[k] in S
        cur = new if rnd.random() < 0.9 else cur
    assert improved >= 1  # the greedy plan of a tight case always leaves room


def test_the_solve_with_the_search_keeps_the_optimum(monkeypatch):
    from cmfi_xl.planner import milp

    monkeypatch.setattr(milp, "LNS_DELAY_S", 0.0)  # search from the first moment, even on a small case
    monkeypatch.setattr(milp, "LNS_MIN_HOUSEHOLDS", 0)
    prob = prepare(load_instance(tight_instance(400, 10, seed=2))[0])
    warm = best_greedy(prob)
    # HiGHS's default threads first (no search), then one HiGHS thread beside the search, in the same
    # process: HiGHS's global thread pool must be rebuilt in between (without it the second solve
    # fails at once and returns the warm plan), and again for the levels after (default pool).
    plain = solve_milp(prob, warm=warm, time_limit_s=60, max_level=1, lns=False)
    ours = solve_milp(prob, warm=warm, time_limit_s=60, max_level=1, lns=True)
    assert plain.status == ours.status == "optimal"
    assert ours.levels[0].objective == plain.levels[0].objective
    assert milp._pool_threads == [milp.THREADS_WITH_SEARCH] == [1]
    full = solve_milp(prob, warm=warm, time_limit_s=60, max_level=2, lns=True)  # level 2 without the search
    assert full.status == "optimal" and full.levels[0].objective == plain.levels[0].objective
    assert milp._pool_threads == [None]
    assert feasible(prob, ours.assign) and len(ours.assign) == int(ours.levels[0].objective)
    assert "lns_neighbourhoods" in ours.reductions  # the search ran beside HiGHS (wired in)


def test_a_stopped_search_returns_nothing_and_never_a_worse_plan():
    import threading

    prob = prepare(load_instance(tight_instance(300, 8, seed=5))[0])
    s = search_for(prob)
    cur = best_greedy(prob)
    stop = threading.Event()
    stop.set()
    S = s.neighbourhood(cur)
    new = s.solve_neighbourhood(cur, S, stop=stop)  # interrupted at once; a plan found before that must still be good
    assert new is None or (len(new) > len(cur) and feasible(prob, new))
    assert s.solve_neighbourhood(cur, S, deadline=0.0) is None  # past its deadline: not even started
    assert s.ranked(cur, 2, limit=10_000)  # sets to score exist, but a stopped search scores none of them
    assert s.ranked(cur, 2, limit=10_000, stop=stop) == []


def test_ranked_neighbourhoods_keep_every_set_that_holds_a_better_plan():
    # The LP of a neighbourhood bounds its MILP, so ranking by LP drops only sets that cannot
    # improve: every set of 2 groups whose small MILP finds a better plan is in the ranked list,
    # and the list is ordered by the LP value of the sub-problem, best first.
    import itertools

    import numpy as np

    prob = prepare(load_instance(tight_instance(120, 6, seed=4))[0])
    s = search_for(prob, seed=3)
    cur = best_greedy(prob)
    ranked = s.ranked(cur, 2, limit=10_000)
    groups = s.tight_groups(cur)
    assert ranked and all(len(S) == 2 and S <= set(groups) for S in ranked)
    better = [frozenset(S) for S in itertools.combinations(groups, 2) if s.solve_neighbourhood(cur, set(S))]
    assert better, "the greedy plan of a tight case leaves room for a swap"
    assert set(better) <= set(ranked)
    values = []
    for S in ranked:  # the order: each set's own LP, recomputed from scratch
        h = new_highs()
        lo, hi = s._bounds(cur, set(S))
        s.m.pass_to(h, lo, hi)
        h.changeColsIntegrality(s.m.ncol, np.arange(s.m.ncol, dtype=np.int32), np.zeros(s.m.ncol, dtype=np.uint8))
        h.run()
        values.append(-h.getInfo().objective_function_value)
    assert all(v >= len(cur) + 1 - 1e-6 for v in values)
    assert np.allclose(values, sorted(values, reverse=True), atol=1e-6)


def test_solves_started_together_in_one_process_both_finish_optimal():
    # One solve with the search (one HiGHS thread) and one without (HiGHS's default pool), started
    # at the same moment from two threads: both finish with the optimum. (The pool is global to the
    # process, so solves take turns, milp._SOLVE_LOCK, rather than rebuild it under each other's
    # runs; this small case does not always overlap, so the test does not prove the lock needed.)
    import threading

    prob = prepare(load_instance(tight_instance(400, 10, seed=2))[0])
    warm = best_greedy(prob)
    results = {}

    def run(name, lns):
        results[name] = solve_milp(prob, warm=warm, time_limit_s=60, max_level=2, lns=lns)

    ts = [threading.Thread(target=run, args=(n, n == "search")) for n in ("search", "alone")]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert results["search"].status == results["alone"].status == "optimal"
    assert results["search"].levels[0].objective == results["alone"].levels[0].objective
    assert abs(results["search"].levels[1].objective - results["alone"].levels[1].objective) < 1.0


def recorded_search(timed_out, **limits):
    """A search on a tight 300/8 case whose small MILPs are replaced by a recorder: each try's
    (set, time limit) is appended to the returned list, and ``timed_out(calls, time_s)`` says whether
    it "ran out of time". Returns (search, greedy plan, calls)."""
    prob = prepare(load_instance(tight_instance(300, 8, seed=5))[0])
    opts, _ = _pairs(prob, True)
    s = NeighbourhoodSearch(build_model(prob, sorted(opts), opts), new_highs, seed=1, sizes=(2, 3), ranked_tries=6,
                            retry_now=2, **limits)
    calls = []

    def recorder(assign, S, *, stop=None, deadline=None, time_s=None):
        calls.append((frozenset(S), time_s))
        s.timed_out = timed_out(calls, time_s)
        return None

    def whole(assign, leaves, *, stop=None, deadline=None, time_s=1.0):
        s.whole_calls.append((leaves, time_s))
        return None

    def forced(assign, row, *, stop=None, deadline=None, time_s=2.0):
        s.forced_calls.append((row, time_s))
        return None

    s.solve_neighbourhood = recorder
    s.whole_calls, s.forced_calls = [], []
    s.solve_whole, s.solve_forced = whole, forced
    return s, best_greedy(prob), calls


def test_ranked_neighbourhoods_get_a_short_limit_first_and_undecided_ones_a_second_try():
    # each size's best sets are tried with first_time_s; then the best retry_now of them that ran
    # out of time get retry_time_s, before the next size; the other undecided ones get theirs once
    # every size is spent; then random neighbourhoods with sub_time_s. No set is tried a third
    # time around one plan.
    # every other first try "runs out of time", and so does every random one
    s, cur, calls = recorded_search(lambda calls, t: (t == 0.01 and len(calls) % 2 == 1) or t == 0.15,
                                    first_time_s=0.01, retry_time_s=0.2, sub_time_s=0.15)
    first2, first3 = s.ranked(cur, 2)[:6], s.ranked(cur, 3)[:6]
    assert len(first2) == 6 and len(first3) == 6
    out = [i for i, k in enumerate(s.m.keys) if k not in cur][:3]
    y = np.zeros(s.m.nH)
    y[out] = (0.4, 0.9, 0.6)
    s._root_y = y  # as if the root LP half-placed three households the plan leaves out
    forced = s.to_force(cur)
    assert forced == [out[1], out[2]]  # highest y first, at most `force` (2) of them
    for _ in range(1 + len(forced) + 26):
        assert s.step(cur) is None
    assert s.whole_calls == [(0, 2.0)]  # the whole component first, with none leaving
    assert forced and s.forced_calls == [(row, 2.0) for row in forced]  # then the LP's half-placed households
    sets, limits = [S for S, _ in calls], [t for _, t in calls]
    # size 2: six first tries (1st, 3rd, 5th undecided), then the best two undecided again
    assert sets[:6] == first2 and limits[:6] == [0.01] * 6
    assert sets[6:8] == [first2[0], first2[2]] and limits[6:8] == [0.2] * 2
    # size 3: calls 9-14 (9th, 11th, 13th undecided), then its best two undecided again
    assert sets[8:14] == first3 and limits[8:14] == [0.01] * 6
    assert sets[14:16] == [first3[0], first3[2]] and limits[14:16] == [0.2] * 2
    # every size spent: the undecided ones left over, each size's in turn
    assert sets[16:18] == [first2[4], first3[4]] and limits[16:18] == [0.2] * 2
    assert limits[18:] == [0.15] * 8  # random draws, never retried (a set may repeat after 20 redraws)


def test_a_retry_as_short_as_the_first_try_still_ends_each_sets_turns():
    # whether a try is a set's first is carried with it, not read from its time limit: with the
    # retry no longer than the first try, every ranked set is still tried at most twice, each size
    # is reached, and the search then goes on to random neighbourhoods
    s, cur, calls = recorded_search(lambda calls, t: True,  # nothing is ever decided
                                    first_time_s=0.2, retry_time_s=0.2, sub_time_s=0.2)
    ranked = s.ranked(cur, 2)[:6] + s.ranked(cur, 3)[:6]
    for _ in range(1 + len(s.to_force(cur)) + 40):
        assert s.step(cur) is None
    sets = [S for S, _ in calls]
    assert all(sets[:24].count(S) == 2 for S in ranked) and set(sets[:24]) == set(ranked)
    assert s._queue == s._retry == s._later == [] and s._sizes_left == []  # the rest were random draws


def test_the_search_thread_ends_by_itself_at_its_deadline():
    # past its level's deadline every step returns at once; the thread used to loop over them,
    # holding Python's lock that HiGHS's callbacks need, and HiGHS returned up to 6 s late
    import time

    from cmfi_xl.planner.lns import LnsThread

    prob = prepare(load_instance(tight_instance(300, 8, seed=5))[0])
    s = search_for(prob)
    t = LnsThread(s, best_greedy(prob), delay_s=0.0, deadline=time.perf_counter() - 1.0)
    t._thread.start()  # no HiGHS run: only the search side
    t._thread.join(timeout=10)
    assert not t._thread.is_alive() and s.tried == 0


def test_the_whole_component_with_few_leaving_finds_only_feasible_larger_plans():
    # solve_whole: more households than the plan, at most `leaves` of its households left out
    prob = prepare(load_instance(tight_instance(300, 8, seed=6))[0])
    s = search_for(prob)
    cur = best_greedy(prob)
    left = []
    for leaves in (0, 1):
        new = s.solve_whole(cur, leaves, time_s=5.0)
        assert new is not None and len(new) > len(cur) and feasible(prob, new)  # greedy leaves room here
        left.append(sum(1 for k in cur if k not in new))
    assert left[0] == 0 and left[1] <= 1
    # a plan that cannot be improved without a household leaving: none is found with 0 leaving
    opt = solve_milp(prob, max_level=1, lns=False).assign
    assert s.solve_whole(opt, 0, time_s=5.0) is None and s.solve_whole(opt, 1, time_s=5.0) is None


def test_forcing_in_a_household_the_lp_half_places_finds_only_feasible_larger_plans_with_it():
    prob = prepare(load_instance(tight_instance(300, 8, seed=6))[0])
    s = search_for(prob)
    s.force = 50
    cur = best_greedy(prob)
    rows = s.to_force(cur)
    y = s._root_y
    assert rows and all(s.m.keys[i] not in cur and 0 < y[i] < 1 for i in rows)
    assert [y[i] for i in rows] == sorted((y[i] for i in rows), reverse=True)
    found = 0
    for row in rows:
        new = s.solve_forced(cur, row, time_s=5.0)
        if new is not None:
            assert len(new) > len(cur) and feasible(prob, new) and s.m.keys[row] in new
            found += 1
    assert found  # greedy leaves room here
    opt = solve_milp(prob, max_level=1, lns=False).assign
    for row in s.to_force(opt):  # no plan is larger than the optimum: decided, not timed out
        assert s.solve_forced(opt, row, time_s=5.0) is None and not s.timed_out
