"""Seeded random ``cmfi-debt-instance/1`` documents with TIGHT capacity, for the benchmark
(``bench/plan.py``) and the tests of the search: the groups' lendable cash covers only a fraction
(``tight``) of what consolidating every household would need, so the gains come from swaps and
repayments that a one-by-one committee procedure cannot see. Synthetic data, no real people.
"""

from __future__ import annotations

import random

RATES = ["0.03", "0.04", "0.05", "0.06", "0.07", "0.08", "0.09", "0.10", "0.12"]
OLD_RATES = ["0", "0.06", "0.08", "0.10", "0.12", "0.15", "0.18", "0.24"]


def tight_instance(n_households: int, n_groups: int, seed: int, tight: float = 0.2) -> dict:
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
