"""The pure core on hand-made and random sets of files: one status each, latest stamp kept,
totals = sum of the accepted inputs, consolidated = Σ gross − Σ eliminations."""

from __future__ import annotations

import dataclasses
from collections import Counter
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from cmfi_xl.core.issues import make_issue
from cmfi_xl.rollup.core import Rejected, RosterEntry, Submission, rollup
from cmfi_xl.rollup.figures import CONSOLIDATED, FIGURES, zero_figures

MONEY = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def figures(draw: st.DrawFn) -> dict[str, Decimal | int]:
    return {f.key: (draw(MONEY) if f.kind == "money" else draw(st.integers(0, 10**6))) for f in FIGURES}


def sub(file: str, code: str, stamp: str = "2026-09-30", fy: int = 2569, figs: dict | None = None,
        sha: str | None = None, modified: str = "") -> Submission:
    return Submission(file, sha or f"sha-{file}", "cmfi-institution", "1.1", code, f"สถาบัน {code}", fy, stamp,
                      modified, figs or zero_figures())


def test_a_worked_example() -> None:
    one = zero_figures() | {"households": 100, "total_debt": Decimal("500000.00"),
                            "intergroup_outstanding": Decimal("80000.00"), "debt_to_groups": Decimal("300000.00")}
    two = zero_figures() | {"households": 50, "total_debt": Decimal("200000.00"),
                            "transfer_overlap": Decimal("10000.00")}
    newer_two = two | {"households": 60}
    r = rollup([
        sub("a.xlsx", "34140101", figs=one),
        sub("b-old.xlsx", "34140102", "2026-09-01", figs=two),
        sub("b-new.xlsx", "34140102", "2026-09-20", figs=newer_two),
        sub("b-copy.xlsx", "34140102", "2026-09-20", figs=newer_two, sha="sha-b-new.xlsx"),
        sub("c.xlsx", "34150101", figs=one),
        sub("d.xlsx", "34140103", fy=2568, figs=one),
        Rejected("e.xlsx", "", make_issue("F002")),
    ], roster=[RosterEntry("34140101"), RosterEntry("34140102"), RosterEntry("34140109", "บ้านไกล")])
    status = {s.file: (s.status, s.issue.code) for s in r.statuses}
    assert status == {"a.xlsx": ("accepted", "U016"), "b-copy.xlsx": ("accepted", "U016"),
                      "b-new.xlsx": ("duplicate", "U010"), "b-old.xlsx": ("superseded", "U009"),
                      "c.xlsx": ("rejected", "U007"), "d.xlsx": ("rejected", "U008"), "e.xlsx": ("rejected", "F002")}
    assert r.totals["households"] == 160 and r.totals["total_debt"] == Decimal("700000.00")
    lines = {line.key: (g, e, n) for line, g, e, n in r.consolidated}
    assert lines["household_debt"] == (Decimal("700000.00"), Decimal("10000.00"), Decimal("690000.00"))
    assert lines["community_credit"] == (Decimal("380000.00"), Decimal("80000.00"), Decimal("300000.00"))
    assert [e.code for e in r.missing] == ["34140109"] and [i.code for i in r.issues] == ["U012"]
    assert r.as_of == "2026-09-30"


def test_same_stamp_different_content_is_flagged_and_resolved_by_name() -> None:
    r = rollup([sub("x.xlsx", "34140101", figs=zero_figures() | {"groups": 1}),
                sub("y.xlsx", "34140101", figs=zero_figures() | {"groups": 2})])
    assert [s.unit_code for s in r.accepted] == ["34140101"] and r.accepted[0].file == "y.xlsx"
    x = next(s for s in r.statuses if s.file == "x.xlsx")
    assert (x.status, x.issue.code) == ("superseded", "U011")
    assert "U011" in [n.code for n in next(s for s in r.statuses if s.file == "y.xlsx").notes]


def test_a_district_file_among_village_files_is_another_level() -> None:
    r = rollup([sub("a.xlsx", "34140101"), sub("b.xlsx", "34140102"), sub("d.xlsx", "3414")])
    assert next(s for s in r.statuses if s.file == "d.xlsx").issue.code == "U015"


CODES = ["34140101", "34140102", "34140103", "34140104", "34150101", "3414"]
STAMPS = ["2026-09-01", "2026-09-15", "2026-09-30", "2026-10-02T09:30:00"]


@st.composite
def inboxes(draw: st.DrawFn) -> list[Submission | Rejected]:
    items: list[Submission | Rejected] = []
    for k in range(draw(st.integers(0, 14))):
        kind = draw(st.sampled_from(["sub", "sub", "sub", "copy", "rejected"]))
        name = f"f{k:02d}.xlsx"
        if kind == "rejected":
            items.append(Rejected(name, "", make_issue("F005", detail="x")))
        elif kind == "copy" and any(isinstance(i, Submission) for i in items):
            src = draw(st.sampled_from([i for i in items if isinstance(i, Submission)]))
            items.append(dataclasses.replace(src, file=name))
        else:
            items.append(sub(name, draw(st.sampled_from(CODES)), draw(st.sampled_from(STAMPS)),
                             draw(st.sampled_from([2569, 2569, 2568])), draw(figures()),
                             modified=draw(st.sampled_from(["", "2026-10-01T08:00:00", "2026-10-03T08:00:00"]))))
    return items


@settings(max_examples=150, deadline=None)
@given(inboxes(), st.sampled_from([None, "3414"]), st.sampled_from([None, 2569]))
def test_totals_are_the_sum_of_the_inputs_minus_the_eliminations(items: list, unit: str | None, fy: int | None) -> None:
    r = rollup(items, unit_code=unit, fiscal_year=fy)
    # one status per file
    assert sorted(s.file for s in r.statuses) == sorted(i.file for i in items)
    # which inputs count: in the district and year, one per unit, the latest; copies count once
    firsts: dict[str, Submission] = {}
    for i in sorted(items, key=lambda i: i.file):
        if isinstance(i, Submission):
            firsts.setdefault(i.sha256, i)
    lengths = Counter(len(s.unit_code) for s in firsts.values())
    digits = 8 if unit else max(lengths, key=lambda n: (lengths[n], n), default=8)
    assert r.input_level == ({8: "village", 4: "amphoe"}[digits] if unit or firsts else "unknown")
    candidates = [s for s in firsts.values() if len(s.unit_code) == digits
                  and s.unit_code[: digits // 2] == r.unit_code and s.fiscal_year == r.fiscal_year]
    latest: dict[str, Submission] = {}
    for s in sorted(candidates, key=lambda s: (s.stamp, s.modified, s.file)):
        latest[s.unit_code] = s
    assert {s.file for s in r.accepted} == {s.file for s in latest.values()}
    for f in FIGURES:
        assert r.totals[f.key] == sum((s.figures[f.key] for s in latest.values()), 0 if f.kind == "int" else Decimal(0))
    for (line, gross, elim, net), decl in zip(r.consolidated, CONSOLIDATED):
        g = sum((Decimal(s.figures[k]) for s in latest.values() for k in decl.gross), Decimal(0))
        e = sum((Decimal(s.figures[k]) for s in latest.values() for k in decl.eliminated), Decimal(0))
        assert (line, gross, elim, net) == (decl, g, e, g - e)


@settings(max_examples=60, deadline=None)
@given(st.lists(figures(), min_size=1, max_size=8), st.integers(0, 8))
def test_rolling_up_in_two_levels_gives_the_same_totals(figs: list[dict], cut: int) -> None:
    """District totals, rolled up again by the province, equal rolling up all villages at once."""
    villages = [sub(f"v{k}.xlsx", f"3414{k + 1:04d}" if k < cut else f"3415{k + 1:04d}", figs=f)
                for k, f in enumerate(figs)]
    districts = []
    for code in ("3414", "3415"):
        part = rollup([v for v in villages if v.unit_code.startswith(code)], unit_code=code, fiscal_year=2569)
        districts.append(sub(f"d{code}.xlsx", code, figs=part.totals))
    province = rollup(districts, unit_code="34", fiscal_year=2569)
    whole = zero_figures()
    for v in villages:
        for k in whole:
            whole[k] += v.figures[k]
    assert province.totals == whole
    assert province.level == "province" and province.input_level == "amphoe"
