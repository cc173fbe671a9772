"""Settlement order and time-limit behaviour."""

from __future__ import annotations

import sys
from pathlib import Path

from cmfi_xl.planner import load_instance, solve
from cmfi_xl.planner.settlement import Payment, settle

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))


def test_solvent_first_avoids_a_bridge():
    # X has 100 and must pay Y 100 and Z 100; Z (no cash) pays X 100.
    # Paying Y first deadlocks; paying Z first lets Z repay X, then X pays Y.
    pays = [Payment("h1", "a", 0, 1, 100), Payment("h2", "b", 0, 2, 100), Payment("h3", "c", 2, 0, 100)]
    order, bridge = settle([100, 0, 0], pays)
    assert sum(bridge) == 0
    cash = [100, 0, 0]
    for p, lent in order:
        cash[p.payer] += lent - p.amount
        cash[p.payee] += p.amount
        assert min(cash) >= 0


def test_deadlock_needs_the_smallest_bridge():
    # A (50 cash) pays B 100 while B (no cash) pays A 100: net zero, but someone pays first.
    pays = [Payment("h1", "a", 0, 1, 100), Payment("h2", "b", 1, 0, 100)]
    order, bridge = settle([50, 0], pays)
    assert sum(bridge) == 50 and bridge[0] == 50
    assert [p.contract for p, _ in order] == ["a", "b"]


def test_time_limit_returns_a_plan_with_its_gap():
    from plan import generate

    inst, _ = load_instance(generate(400, 8, seed=5))
    assert inst is not None
    p = solve(inst, time_limit_s=0.05)
    assert p.status in {"optimal", "time_limit", "greedy"}
    assert p.bound.gap >= 0
    assert p.objective.one_contract_households <= p.bound.one_contract_households
    if p.status == "greedy":
        assert p.certificate.greedy_used and p.certificate.note_en
    g = p.certificate.greedy_objective
    assert g is not None and p.objective.one_contract_households >= g.one_contract_households
