"""Settlement order: the gross transfers of a plan, in an order where no group's cash goes negative.

Each moved contract is one payment: the receiving group pays the old lender. Net-cash capacity only
guarantees that every group ends the day with cash ≥ 0; in between, a group may have to pay before
it is repaid (A pays B while B pays A, both with no cash). The algorithm:

1. **Solvent groups pay everything.** A group whose cash covers all its remaining payments pays them
   all at once. This is always safe: it never needs that cash again (receipts only add), and every
   payee is only better off.
2. Otherwise the group **closest to solvency** (smallest shortfall = remaining payments − cash)
   that can afford some payment makes the payments it can afford, to the payees closest to solvency
   first (each such payment may make its payee solvent, which returns to step 1).
3. If no group can afford any payment, the institution **bridges**: it lends the payer the smallest
   shortfall over all pending payments, and that payment is made. Every bridged group ends the day
   with cash ≥ its bridge (its final cash is lendable − taken over + released + bridge ≥ bridge,
   because the plan respects net cash), so each bridge is repaid the same day.

The bridge is 0 whenever steps 1–2 finish; when it is positive it is an upper bound (the least bridge
is a hard sequencing problem), typically the smallest payment of a deadlocked cycle.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(eq=False)
class Payment:
    household: str
    contract: str
    payer: int
    payee: int
    amount: int  # satang


def settle(cash0: list[int], payments: list[Payment]) -> tuple[list[tuple[Payment, int]], list[int]]:
    """Order the payments. Returns ([(payment, bridge lent to the payer before it)], bridge per group)."""
    G = len(cash0)
    cash = list(cash0)
    bridge = [0] * G
    out_by: list[list[Payment]] = [[] for _ in range(G)]
    for p in payments:
        out_by[p.payer].append(p)
    for lst in out_by:
        lst.sort(key=lambda p: (p.amount, p.contract))
    pending_out = [sum(p.amount for p in ps) for ps in out_by]
    order: list[tuple[Payment, int]] = []
    remaining = len(payments)

    def pay(p: Payment, lent: int) -> None:
        nonlocal remaining
        cash[p.payer] -= p.amount
        cash[p.payee] += p.amount
        pending_out[p.payer] -= p.amount
        order.append((p, lent))
        remaining -= 1

    def shortfall(g: int) -> int:
        return pending_out[g] - cash[g]

    while remaining:
        progressed = True
        while progressed:  # step 1
            progressed = False
            for g in range(G):
                if out_by[g] and cash[g] >= pending_out[g]:
                    for p in sorted(out_by[g], key=lambda p: shortfall(p.payee)):
                        pay(p, 0)
                    out_by[g] = []
                    progressed = True
        if not remaining:
            break
        # step 2: the group closest to solvency that can afford something
        able = [g for g in range(G) if out_by[g] and out_by[g][0].amount <= cash[g]]
        if able:
            g = min(able, key=lambda g: (shortfall(g), g))
            rest = []
            for p in sorted(out_by[g], key=lambda p: (shortfall(p.payee) <= 0, shortfall(p.payee), -p.amount)):
                if p.amount <= cash[g]:
                    pay(p, 0)
                else:
                    rest.append(p)
            rest.sort(key=lambda p: (p.amount, p.contract))
            out_by[g] = rest
            continue
        # step 3: bridge the smallest shortfall
        g = min((g for g in range(G) if out_by[g]), key=lambda g: (out_by[g][0].amount - cash[g], g))
        p = out_by[g].pop(0)
        short = p.amount - cash[g]
        cash[g] += short
        bridge[g] += short
        pay(p, short)
    return order, bridge
