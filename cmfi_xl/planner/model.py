"""The MILP of one component in column-wise arrays, shared by the exact solve and the neighbourhood
search (:mod:`.lns`). See :mod:`.milp` for the formulation.

Columns: with ``form="y"`` one y column per household first (y[h] = Σ_g x[h,g], a household row
holds that equality), then one x column per eligible (household, group) pair. Rows: one per
household, then one per group (net cash ≤ lendable). Amounts are integer satang held in floats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import highspy
import numpy as np

from .eligibility import Problem

INF = highspy.kHighsInf


@dataclass
class ComponentModel:
    keys: list[int]  # candidate indices, one household row each
    form: str
    col_k: list[int]  # x columns: candidate index
    col_g: list[int]  # x columns: group index
    opts: dict[int, list[int]]
    costs: tuple[np.ndarray, np.ndarray, np.ndarray]  # levels 1, 2, 3
    starts: np.ndarray
    index: np.ndarray
    value: np.ndarray
    row_lo: np.ndarray
    row_hi: np.ndarray
    col_lo: np.ndarray
    group_rows: dict[int, int] = field(default_factory=dict)  # group index -> its row
    debts: list[float] = field(default_factory=list)  # per household row: its whole debt (satang)
    xcol: dict[tuple[int, int], int] = field(init=False)

    def __post_init__(self) -> None:
        self.xcol = {(k, g): self.ycols + j for j, (k, g) in enumerate(zip(self.col_k, self.col_g))}

    @property
    def nH(self) -> int:
        return len(self.keys)

    @property
    def ycols(self) -> int:
        return self.nH if self.form == "y" else 0

    @property
    def ncol(self) -> int:
        return len(self.costs[0])

    @cached_property
    def forced(self) -> set[int]:
        return {self.col_k[j] for j in range(len(self.col_k)) if self.col_lo[self.ycols + j] > 0.5}

    def pass_to(self, h: highspy.Highs, col_lo: np.ndarray | None = None, col_hi: np.ndarray | None = None) -> None:
        """Load the model (level-1 objective) into ``h``, optionally with other column bounds."""
        n = self.ncol
        h.passModel(
            n, len(self.row_lo), len(self.index), 1, 1, 0.0,
            self.costs[0], self.col_lo if col_lo is None else col_lo, np.ones(n) if col_hi is None else col_hi,
            self.row_lo, self.row_hi, self.starts, self.index, self.value, np.ones(n, dtype=np.int32),
        )

    def vector(self, assign: dict[int, int]) -> np.ndarray:
        """The column values of a plan (candidate index -> group index)."""
        x = np.zeros(self.ncol)
        for i, k in enumerate(self.keys):
            g = assign.get(k)
            if g is not None:
                if self.form == "y":
                    x[i] = 1.0
                x[self.xcol[k, g]] = 1.0
        return x

    def decode(self, x) -> dict[int, int]:  # noqa: ANN001 - any float sequence
        y0 = self.ycols
        return {self.col_k[j]: self.col_g[j] for j in range(len(self.col_k)) if x[y0 + j] > 0.5}


def build_model(prob: Problem, keys: list[int], opts: dict[int, list[int]], form: str = "y") -> ComponentModel:
    """``form="y"``: group row Σ_h D_h·x[h,g] − Σ_h D_hg·y[h] ≤ lendable_g (two nonzeros per x);
    ``form="x"``: the textbook model with the release terms on every x."""
    groups_used = sorted({g for k in keys for g in set(opts[k]) | set(prob.cands[k].by_group)})
    grow = {g: i for i, g in enumerate(groups_used)}
    nH = len(keys)
    nrow = nH + len(groups_used)
    col_k: list[int] = []
    col_g: list[int] = []
    starts: list[int] = []
    idx: list[int] = []
    val: list[float] = []
    c1: list[float] = []
    c2: list[float] = []
    c3: list[float] = []
    row_lo = np.full(nrow, -INF)
    row_hi = np.empty(nrow)
    col_lo: list[float] = []
    if form == "y":
        row_lo[:nH] = 0.0
        row_hi[:nH] = 0.0
        for i, k in enumerate(keys):  # y columns
            c = prob.cands[k]
            starts.append(len(idx))
            idx.append(i)
            val.append(1.0)
            for g2 in sorted(c.by_group):
                idx.append(nH + grow[g2])
                val.append(-float(c.by_group[g2]))
            col_lo.append(1.0 if c.forced is not None else 0.0)
            c1.append(-1.0)
            c2.append(0.0)
            c3.append(0.0)
    for i, k in enumerate(keys):
        c = prob.cands[k]
        if form == "x":
            row_hi[i] = 1.0
            if c.forced is not None:
                row_lo[i] = 1.0
        before = c.interest_before
        for g in opts[k]:
            col_k.append(k)
            col_g.append(g)
            col_lo.append(1.0 if c.forced == g else 0.0)
            starts.append(len(idx))
            need = c.need(g)
            if form == "y":
                idx.append(i)
                val.append(-1.0)
                idx.append(nH + grow[g])
                val.append(float(c.D))
                c1.append(0.0)
            else:
                idx.append(i)
                val.append(1.0)
                if need:
                    idx.append(nH + grow[g])
                    val.append(float(need))
                for g2, a in c.by_group.items():
                    if g2 != g:
                        idx.append(nH + grow[g2])
                        val.append(-float(a))
                c1.append(-1.0)
            c2.append(float((prob.cost(c, g) - before) * 100))
            c3.append(float(need))
    for g, r in grow.items():
        row_hi[nH + r] = float(prob.L[g])
    return ComponentModel(
        keys=list(keys), form=form, col_k=col_k, col_g=col_g, opts={k: opts[k] for k in keys},
        costs=(np.array(c1), np.array(c2), np.array(c3)),
        starts=np.array(starts, dtype=np.int32), index=np.array(idx, dtype=np.int32), value=np.array(val, dtype=np.float64),
        row_lo=row_lo, row_hi=row_hi, col_lo=np.array(col_lo), group_rows={g: nH + r for g, r in grow.items()},
        debts=[float(prob.cands[k].D) for k in keys],
    )
