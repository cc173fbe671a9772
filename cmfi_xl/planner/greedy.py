"""The committee-style baseline: one household at a time.

Households are taken in a fixed order (committee locks first, then the households with the fewest
eligible groups, then the smallest debt). Each goes to the cheapest eligible group (lowest rate;
then the least cash needed) that still has the net cash; the groups it leaves are repaid at once,
so their cash grows. Passes repeat until nothing changes, because a later household's repayment can
make room for an earlier one. Never moves a household twice, so it cannot see swaps (A→B while
B→A) — which is where the exact model gains.

Used as the baseline in reports, as the MILP's starting plan, and as the time-limit fallback.
"""

from __future__ import annotations

from .eligibility import Problem


def greedy(prob: Problem, order: str = "fewest_options") -> dict[int, int]:
    """Assignment: candidate index -> group index. Feasible whenever the locks are."""
    cash = list(prob.L)
    assign: dict[int, int] = {}
    cands = [c for c in prob.cands if not c.stay and c.options]
    if order == "largest_debt":
        key = lambda c: (c.forced is None, -c.D, c.k)  # noqa: E731
    elif order == "smallest_debt":
        key = lambda c: (c.forced is None, c.D, c.k)  # noqa: E731
    else:
        key = lambda c: (c.forced is None, len(c.options), c.D, c.k)  # noqa: E731
    cands.sort(key=key)
    rates = [g.rate for g in prob.groups]

    def take(c, g: int) -> None:
        assign[c.k] = g
        cash[g] -= c.need(g)
        for g2, a in c.by_group.items():
            if g2 != g:
                cash[g2] += a

    for c in cands:  # committee locks are honoured first, whatever the cash says
        if c.forced is not None:
            take(c, c.forced)
    changed = True
    while changed:
        changed = False
        for c in cands:
            if c.k in assign:
                continue
            best = None
            for g in c.options:
                need = c.need(g)
                if need <= cash[g]:
                    key2 = (rates[g], need, g)
                    if best is None or key2 < best[0]:
                        best = (key2, g)
            if best is not None:
                take(c, best[1])
                changed = True
    return assign


def best_greedy(prob: Problem) -> dict[int, int]:
    """The best of a few committee orders (by count, then interest, then amount moved)."""
    from .eligibility import lex_value

    best = None
    for order in ("fewest_options", "smallest_debt", "largest_debt"):
        a = greedy(prob, order)
        n, i, m = lex_value(prob, a)
        key = (-n, i, m)
        if best is None or key < best[0]:
            best = (key, a)
    assert best is not None
    return best[1]
