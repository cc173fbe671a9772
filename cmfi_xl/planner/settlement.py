"""Settlement order: the gross transfers of a plan, in an order where no group's cash goes negative.

Each moved contract is one payment: the receiving group pays the old lender. Net-cash capacity only
guarantees that every group ends the day with cash ≥ 0; in between, a group may have to pay before
it is repaid (A pays B while B pays A, both with no cash). The algorithm:

1. **Solvent groups pay everything.** A group whose cash covers all its remaining payments pays them
   all at once. This is always safe: it never needs that cash again (receipts only add), and every
   payee is only better off.
2. Otherwise make one **single payment that the payer can afford**, choosing the one that helps
   most: first one that makes its payee solvent, then the one covering most of a payee's shortfall,
   then the largest.
3. If no payment is affordable, the institution **bridges**: it lends the payer the smallest
   shortfall among the pending payments (preferring a payment that makes its payee solvent), and
   the payment is made. Every bridged group ends the day with cash ≥ its bridge (its final cash is
   lendable − taken over + released + bridge ≥ bridge), so each bridge is repaid the same day.

The bridge is 0 whenever step 1–2 finish; when it is positive it is an upper bound (the least bridge
is a hard sequencing problem), usually equal to the smallest payment in a deadlocked cycle.
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
    pending_out = [sum(p.amount for p in ps) for ps in out_by]
    order: list[tuple[Payment, int]] = []
    remaining = len(payments)

    def pay(p: Payment, lent: int) -> None:
        nonlocal remaining
        cash[p.payer] -= p.amount
        cash[p.payee] += p.amount
        pending_out[p.payer] -= p.amount
        out_by[p.payer].remove(p)
        order.append((p, lent))
        remaining -= 1

    while remaining:
        progressed = True
        while progressed:  # step 1
            progressed = False
            for g in range(G):
                if out_by[g] and cash[g] >= pending_out[g]:
                    # pay the payees that need it most first (cosmetic: all are paid now)
                    for p in sorted(out_by[g], key=lambda p: -(pending_out[p.payee] - cash[p.payee])):
                        pay(p, 0)
                    progressed = True
        if not remaining:
            break
        best = None
        for g in range(G):  # step 2
            for p in out_by[g]:
                if p.amount <= cash[g]:
                    deficit = pending_out[p.payee] - cash[p.payee]
                    key = (deficit > 0 and p.amount >= deficit, min(p.amount, max(deficit, 0)), p.amount)
                    if best is None or key > best[0]:
                        best = (key, p)
        if best is not None:
            pay(best[1], 0)
            continue
        for g in range(G):  # step 3
            for p in out_by[g]:
                short = p.amount - cash[g]
                deficit = pending_out[p.payee] - cash[p.payee]
                key = (not (deficit > 0 and p.amount >= deficit), short, -p.amount)
                if best is None or key < best[0]:
                    best = (key, p)
        assert best is not None
        p = best[1]
        short = p.amount - cash[p.payer]
        cash[p.payer] += short
        bridge[p.payer] += short
        pay(p, short)
    return order, bridge
