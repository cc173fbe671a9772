"""Combine the computed scores with the committee's scores, overrides and reasons; sum the points
per area; map them to a level; draft the development plan from the weakest indicators.

Pure: the committee's entries arrive as plain values with their cell addresses
(:class:`CommitteeInput`, read by :mod:`cmfi_xl.xlsx.assess`); problems are located issues.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from cmfi_xl.core import thai
from cmfi_xl.core.issues import Issue, make_issue

from .form import Area, Form, Indicator, Level
from .operating import QUESTIONS, ModelResult, classify, yes_no
from .scoring import Computed, Context, compute_all

ZERO = Decimal(0)


@dataclass(frozen=True)
class Entry:
    """One indicator row of the committee's workbook: the value typed and where it is."""

    no: int
    score: object  # as typed (None = blank)
    reason: str = ""
    sheet: str = ""
    score_cell: str = ""
    reason_cell: str = ""
    score_header: str = ""
    reason_header: str = ""


@dataclass(frozen=True)
class Answer:
    key: str
    value: object
    sheet: str = ""
    cell: str = ""


@dataclass(frozen=True)
class PlanRow:
    no: int | None
    indicator: str
    activity: str
    owner: str
    month: dt.date | None
    budget: Decimal
    score: int | None = None
    max_score: int | None = None


@dataclass(frozen=True)
class CommitteeInput:
    source: str  # file name
    form_version: str | None
    entries: Mapping[int, Entry]
    unknown: tuple[Entry, ...] = ()  # rows naming an indicator the form does not have
    answers: Mapping[str, Answer] = field(default_factory=dict)
    plan: tuple[PlanRow, ...] = ()  # the committee's edited plan (kept as typed)
    sheet: str = ""


@dataclass(frozen=True)
class Scored:
    indicator: Indicator
    computed: Computed | None
    committee: int | None
    reason: str
    final: int | None
    points: Decimal

    @property
    def source(self) -> str:
        """``computed`` · ``confirmed`` (the committee agreed) · ``override`` · ``committee`` · ``unscored``."""
        if self.final is None:
            return "unscored"
        if self.computed is None:
            return "committee"
        if self.committee is None:
            return "computed"
        return "confirmed" if self.committee == self.computed.score else "override"


SOURCE_TH = {"computed": "คำนวณจากทะเบียน", "confirmed": "คำนวณ (คณะกรรมการยืนยัน)", "override": "คณะกรรมการแก้ไข",
             "committee": "คณะกรรมการให้คะแนน", "unscored": "ยังไม่ให้คะแนน"}


@dataclass(frozen=True)
class AreaResult:
    area: Area
    points: Decimal
    max_points: Decimal

    @property
    def percent(self) -> Decimal:
        return (self.points * 100 / self.max_points).quantize(Decimal("0.01")) if self.max_points else ZERO


@dataclass(frozen=True)
class Assessment:
    form: Form
    fiscal_year: int
    scored: tuple[Scored, ...]
    areas: tuple[AreaResult, ...]
    total: Decimal
    level: Level
    plan: tuple[PlanRow, ...]
    model: ModelResult
    issues: tuple[Issue, ...]
    committee_source: str = ""
    answers: Mapping[str, bool | None] = field(default_factory=dict)
    typed: Mapping[int, tuple[object, str]] = field(default_factory=dict)  # the committee's cells as typed

    @property
    def complete(self) -> bool:
        return all(s.final is not None for s in self.scored)

    @property
    def percent(self) -> Decimal:
        mx = self.form.max_total
        return (self.total * 100 / mx).quantize(Decimal("0.01")) if mx else ZERO

    def by_no(self, no: int) -> Scored:
        return next(s for s in self.scored if s.indicator.no == no)


def parse_score(value: object) -> int | None:
    """A typed score → int; ``None`` for blank; raises ValueError for anything else."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    p = thai.parse_int(value)
    if p.value is None:
        raise ValueError(value)
    return p.value


def combine(form: Form, computed: Mapping[int, Computed], inp: CommitteeInput | None) -> tuple[list[Scored], list[Issue]]:
    issues: list[Issue] = []
    if inp is not None and inp.form_version and inp.form_version != form.version:
        issues.append(make_issue("M013", sheet=inp.sheet, found=inp.form_version, expected=form.version))
    out: list[Scored] = []
    for ind in form.indicators:
        comp = computed.get(ind.no)
        entry = inp.entries.get(ind.no) if inp is not None else None
        if inp is not None and entry is None:
            issues.append(make_issue("M012", sheet=inp.sheet, no=ind.no))
        committee: int | None = None
        reason = (entry.reason or "").strip() if entry else ""
        if entry is not None:
            allowed = ", ".join(map(str, ind.scores))
            try:
                committee = parse_score(entry.score)
            except ValueError:
                issues.append(make_issue("M010", sheet=entry.sheet, cell=entry.score_cell, column=entry.score_header,
                                         value=entry.score, score=entry.score, no=ind.no, allowed=allowed))
            if committee is not None and committee not in ind.scores:
                issues.append(make_issue("M010", sheet=entry.sheet, cell=entry.score_cell, column=entry.score_header,
                                         value=committee, score=committee, no=ind.no, allowed=allowed))
                committee = None
            if committee is not None and comp is not None and committee != comp.score and not reason:
                issues.append(make_issue("M011", sheet=entry.sheet, cell=entry.reason_cell, column=entry.reason_header,
                                         value=committee,
                                         no=ind.no, computed=comp.score))
                committee = None  # an override without a reason does not count
        final = committee if committee is not None else (comp.score if comp is not None else None)
        if final is None:
            issues.append(make_issue("M014", sheet=entry.sheet if entry else "", cell=entry.score_cell if entry else "",
                                     no=ind.no))
        points = ind.points_for(final) if final is not None else ZERO
        out.append(Scored(ind, comp, committee, reason, final, points))
    if inp is not None:
        for e in inp.unknown:
            issues.append(make_issue("M015", sheet=e.sheet, cell=e.score_cell, value=e.no, no=e.no, version=form.version))
    return out, issues


def level_for(form: Form, total: Decimal, area_percents: Mapping[int, Decimal]) -> Level:
    """The level whose total range holds ``total``; while an area is below that level's minimum
    share, the next lower level (the lowest level has no minimum)."""
    ordered = sorted(form.levels, key=lambda lv: lv.low)
    idx = next((i for i, lv in enumerate(ordered) if lv.low <= total <= lv.high), 0)
    while idx > 0 and any(p < ordered[idx].min_area_percent for p in area_percents.values()):
        idx -= 1
    return ordered[idx]


def add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    return dt.date(d.year + y, m + 1, 1)


def draft_plan(form: Form, scored: list[Scored], fiscal_year: int) -> tuple[PlanRow, ...]:
    """The weakest scored indicators (lowest share of their points, then lowest number), each with
    the form's suggested activity, owner and budget, in the month it suggests of the NEXT fiscal
    year (the plan is for the year after the assessment)."""
    start = thai.fiscal_year_bounds(fiscal_year + 1)[0]
    weak = [s for s in scored if s.final is not None and s.final < s.indicator.max_score]
    weak.sort(key=lambda s: (s.points / s.indicator.max_points if s.indicator.max_points else 0, s.indicator.no))
    rows = [PlanRow(s.indicator.no, s.indicator.name, s.indicator.plan_activity, s.indicator.plan_owner,
                    add_months(start, s.indicator.plan_month - 1), s.indicator.plan_budget, s.final,
                    s.indicator.max_score)
            for s in weak[: form.plan_size]]
    return tuple(sorted(rows, key=lambda r: (r.month or dt.date.max, r.no or 0)))


def merge_plan(draft: tuple[PlanRow, ...], committee: tuple[PlanRow, ...]) -> tuple[PlanRow, ...]:
    """The committee's plan rows win (blank cells filled from the draft of the same indicator);
    indicators newly among the weakest are added from the draft."""
    if not committee:
        return draft
    by_no = {r.no: r for r in draft if r.no is not None}
    out = []
    for r in committee:
        d = by_no.get(r.no)
        if d is not None:
            r = PlanRow(r.no, r.indicator or d.indicator, r.activity or d.activity, r.owner or d.owner,
                        r.month or d.month, r.budget if r.budget else d.budget, d.score, d.max_score)
        out.append(r)
    kept = {r.no for r in committee}
    out += [r for r in draft if r.no not in kept]
    return tuple(out)


def model_answers(inp: CommitteeInput | None) -> tuple[dict[str, bool | None], list[Issue]]:
    answers: dict[str, bool | None] = {}
    issues: list[Issue] = []
    for key in QUESTIONS:
        a = inp.answers.get(key) if inp is not None else None
        if a is None:
            continue
        try:
            answers[key] = yes_no(a.value)
        except ValueError:
            issues.append(make_issue("M017", sheet=a.sheet, cell=a.cell, value=a.value))
    return answers, issues


def assess(form: Form, ctx: Context, inp: CommitteeInput | None = None) -> Assessment:
    """The whole assessment of one institution for ``ctx.fiscal_year``."""
    computed = compute_all(form.indicators, ctx)
    scored, issues = combine(form, computed, inp)
    areas = tuple(
        AreaResult(a, sum((s.points for s in scored if s.indicator.area == a.no), ZERO), form.area_max(a.no))
        for a in form.areas)
    total = sum((s.points for s in scored), ZERO)
    level = level_for(form, total, {r.area.no: r.percent for r in areas})
    answers, more = model_answers(inp)
    issues += more
    model = classify(ctx.book, answers, desired=form.desired_model)
    plan = merge_plan(draft_plan(form, scored, ctx.fiscal_year), inp.plan if inp is not None else ())
    return Assessment(form, ctx.fiscal_year, tuple(scored), areas, total, level, plan, model, tuple(issues),
                      inp.source if inp is not None else "", answers,
                      {n: (e.score, e.reason) for n, e in inp.entries.items()} if inp is not None else {})
