"""The assessment form as data (แบบประเมินจัดระดับการพัฒนาสถาบันฯ): areas → indicators →
criteria per score → points, plus the level cut-offs. Loaded from a TOML file an officer can edit.

:func:`load_form` returns ``(form | None, issues)``: every problem of the file is a located issue
(file name as the "sheet", the TOML path as the "cell"), never an exception.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from cmfi_xl.core.issues import Issue, make_issue

from . import codes as _codes  # noqa: F401  (registers the M-codes)

FORMS_DIR = Path(__file__).parent / "forms"
DEFAULT_FORM = FORMS_DIR / "form-2569.toml"


@dataclass(frozen=True)
class Criterion:
    score: int
    points: Decimal
    text: str


@dataclass(frozen=True)
class Indicator:
    no: int
    name: str
    name_en: str
    area: int
    criteria: tuple[Criterion, ...]
    compute: str | None = None
    provisional: bool = True
    params: dict[str, Decimal] = field(default_factory=dict)
    plan_activity: str = ""
    plan_owner: str = ""
    plan_month: int = 1  # month of the fiscal year, 1 = October
    plan_budget: Decimal = Decimal(0)

    @property
    def max_score(self) -> int:
        return max(c.score for c in self.criteria)

    @property
    def max_points(self) -> Decimal:
        return max(c.points for c in self.criteria)

    def points_for(self, score: int) -> Decimal:
        return next(c.points for c in self.criteria if c.score == score)

    @property
    def scores(self) -> tuple[int, ...]:
        return tuple(c.score for c in self.criteria)

    def param(self, key: str, default: int | str) -> Decimal:
        return self.params.get(key, Decimal(default))


@dataclass(frozen=True)
class Area:
    no: int
    name: str
    name_en: str
    indicators: tuple[int, ...]


@dataclass(frozen=True)
class Level:
    level: int
    name: str
    name_en: str
    low: Decimal  # total points, inclusive
    high: Decimal
    min_area_percent: Decimal


@dataclass(frozen=True)
class Form:
    form_id: str
    version: str
    title: str
    title_en: str
    provisional: bool
    areas: tuple[Area, ...]
    indicators: tuple[Indicator, ...]
    levels: tuple[Level, ...]  # ascending
    desired_model: int = 1
    plan_size: int = 5
    source: str = ""

    def indicator(self, no: int) -> Indicator:
        return next(i for i in self.indicators if i.no == no)

    def area(self, no: int) -> Area:
        return next(a for a in self.areas if a.no == no)

    @property
    def max_total(self) -> Decimal:
        return sum((i.max_points for i in self.indicators), Decimal(0))

    def area_max(self, area: int) -> Decimal:
        return sum((i.max_points for i in self.indicators if i.area == area), Decimal(0))


def _dec(v: Any) -> Decimal | None:
    if isinstance(v, bool) or not isinstance(v, (int, float, str)):
        return None
    try:
        return Decimal(str(v))
    except ArithmeticError:
        return None


class _Reader:
    def __init__(self, name: str) -> None:
        self.name = name
        self.issues: list[Issue] = []

    def err(self, code: str, path: str, value: Any = "", **fmt: Any) -> None:
        self.issues.append(make_issue(code, sheet=self.name, cell=path, value=value, **fmt))

    def get(self, d: dict[str, Any], key: str, typ: type | tuple[type, ...], path: str,
            default: Any = ..., expected: str = "") -> Any:
        if key not in d:
            if default is ...:
                self.err("M002", f"{path}.{key}".lstrip("."), field=key, expected=expected or _tname(typ))
            return None if default is ... else default
        v = d[key]
        ok = isinstance(v, typ) and not (isinstance(v, bool) and bool not in _tuple(typ))
        if not ok:
            self.err("M002", f"{path}.{key}".lstrip("."), value=v, field=key, expected=expected or _tname(typ))
            return None
        return v


def _tuple(t: type | tuple[type, ...]) -> tuple[type, ...]:
    return t if isinstance(t, tuple) else (t,)


def _tname(t: type | tuple[type, ...]) -> str:
    return " | ".join(x.__name__ for x in _tuple(t))


def parse_form(doc: dict[str, Any], name: str = "form") -> tuple[Form | None, list[Issue]]:
    """Build and check a :class:`Form` from parsed TOML. ``name`` locates the issues."""
    from .scoring import COMPUTATIONS

    r = _Reader(name)
    num = (int, float, str)
    form_id = r.get(doc, "form_id", str, "")
    version = r.get(doc, "version", (str, int, float), "")
    title = r.get(doc, "title", str, "")
    title_en = r.get(doc, "title_en", str, "", default="")
    provisional = r.get(doc, "provisional", bool, "", default=True)
    desired = r.get(doc, "desired_model", int, "", default=1)
    plan_size = r.get(doc, "plan_size", int, "", default=5)
    raw_areas = r.get(doc, "areas", list, "") or []
    raw_inds = r.get(doc, "indicators", list, "") or []
    raw_levels = r.get(doc, "levels", list, "") or []

    areas: list[Area] = []
    area_of: dict[int, list[int]] = {}
    for ai, a in enumerate(raw_areas):
        p = f"areas[{ai}]"
        if not isinstance(a, dict):
            r.err("M002", p, field="areas", expected="table")
            continue
        ano = r.get(a, "no", int, p)
        nos = r.get(a, "indicators", list, p) or []
        if ano is None:
            continue
        good = [n for n in nos if isinstance(n, int) and not isinstance(n, bool)]
        if len(good) != len(nos):
            r.err("M002", f"{p}.indicators", value=nos, field="indicators", expected="list of int")
        for n in good:
            area_of.setdefault(n, []).append(ano)
        areas.append(Area(ano, r.get(a, "name", str, p) or "", r.get(a, "name_en", str, p, default=""),
                          tuple(good)))

    indicators: list[Indicator] = []
    defined: dict[int, int] = {}
    for ii, d in enumerate(raw_inds):
        p = f"indicators[{ii}]"
        if not isinstance(d, dict):
            r.err("M002", p, field="indicators", expected="table")
            continue
        no = r.get(d, "no", int, p)
        iname = r.get(d, "name", str, p)
        crit_raw = r.get(d, "criteria", list, p) or []
        if no is None or iname is None:
            continue
        defined[no] = defined.get(no, 0) + 1
        compute = r.get(d, "compute", str, p, default=None)
        if compute is not None and compute not in COMPUTATIONS:
            r.err("M009", f"{p}.compute", value=compute, name=compute, known=", ".join(sorted(COMPUTATIONS)))
            compute = None
        crits: list[Criterion] = []
        for ci, c in enumerate(crit_raw):
            cp = f"{p}.criteria[{ci}]"
            if not isinstance(c, dict):
                r.err("M002", cp, field="criteria", expected="table")
                continue
            s = r.get(c, "score", int, cp)
            pts = _dec(c.get("points"))
            if pts is None:
                r.err("M002", f"{cp}.points", value=c.get("points", ""), field="points", expected="number")
            text = r.get(c, "text", str, cp) or ""
            if s is not None and pts is not None:
                crits.append(Criterion(s, pts, text))
        scores = sorted(c.score for c in crits)
        if not crits or scores != list(range(len(crits))):
            r.err("M006", f"{p}.criteria", value=scores, no=no, detail=f"scores {scores}")
        else:
            by = sorted(crits, key=lambda c: c.score)
            if any(b.points < a.points for a, b in zip(by, by[1:])) or by[0].points < 0:
                r.err("M006", f"{p}.criteria", value=[str(c.points) for c in by], no=no, detail="points")
            crits = by
        params_raw = r.get(d, "params", dict, p, default={}) or {}
        params = {k: v for k, v in ((k, _dec(v)) for k, v in params_raw.items()) if v is not None}
        owners = area_of.get(no, [])
        budget = _dec(d.get("plan_budget", 0))
        indicators.append(Indicator(
            no=no, name=iname, name_en=r.get(d, "name_en", str, p, default=""),
            area=owners[0] if len(owners) == 1 else 0, criteria=tuple(crits), compute=compute,
            provisional=r.get(d, "provisional", bool, p, default=True) is not False,
            params=params, plan_activity=r.get(d, "plan_activity", str, p, default="") or "",
            plan_owner=r.get(d, "plan_owner", str, p, default="") or "",
            plan_month=min(max(r.get(d, "plan_month", int, p, default=1) or 1, 1), 12),
            plan_budget=budget if budget is not None else Decimal(0),
        ))

    # structure: every listed indicator defined, every defined indicator in exactly one area
    for a in areas:
        ai = next(i for i, x in enumerate(raw_areas) if isinstance(x, dict) and x.get("no") == a.no)
        for n in a.indicators:
            if n not in defined:
                r.err("M003", f"areas[{ai}].indicators", value=n, area=a.no, no=n)
    for ii, ind in enumerate(indicators):
        owners = area_of.get(ind.no, [])
        if len(owners) != 1:
            r.err("M004", f"indicators[{ii}]", value=ind.no, no=ind.no,
                  found=", ".join(map(str, owners)) or "0")
    nos = sorted(n for n, k in defined.items() for _ in range(k))
    if nos != list(range(1, len(nos) + 1)):
        r.err("M005", "indicators", value=nos, n=len(nos), found=", ".join(map(str, nos)))

    levels: list[Level] = []
    for li, lv in enumerate(raw_levels):
        p = f"levels[{li}]"
        if not isinstance(lv, dict):
            r.err("M002", p, field="levels", expected="table")
            continue
        n = r.get(lv, "level", int, p)
        low, high = _dec(lv.get("from")), _dec(lv.get("to"))
        mina = _dec(lv.get("min_area_percent", 0))
        for key, v in (("from", low), ("to", high), ("min_area_percent", mina)):
            if v is None:
                r.err("M002", f"{p}.{key}", value=lv.get(key, ""), field=key, expected="number")
        if n is None or low is None or high is None or mina is None:
            continue
        if not Decimal(0) <= mina <= Decimal(100):
            r.err("M016", f"{p}.min_area_percent", value=mina)
        if high < low:
            r.err("M007", p, value=f"{low}–{high}", a=n, a_from=low, a_to=high, b=n, b_from=low, b_to=high)
        levels.append(Level(n, r.get(lv, "name", str, p) or "", r.get(lv, "name_en", str, p, default="") or "",
                            low, high, mina))
    levels.sort(key=lambda x: (x.low, x.level))
    for i, a_ in enumerate(levels):
        for b_ in levels[i + 1:]:
            if b_.low <= a_.high and a_.low <= b_.high:
                li = next(k for k, x in enumerate(raw_levels) if isinstance(x, dict) and x.get("level") == b_.level)
                r.err("M007", f"levels[{li}].from", value=b_.low, a=a_.level, a_from=a_.low, a_to=a_.high,
                      b=b_.level, b_from=b_.low, b_to=b_.high)
    if r.issues or not levels:
        if not levels and not r.issues:
            r.err("M002", "levels", field="levels", expected="at least one level")
        return None, r.issues
    form = Form(
        form_id=form_id or "", version=str(version), title=title or "", title_en=title_en or "",
        provisional=bool(provisional), areas=tuple(sorted(areas, key=lambda a: a.no)),
        indicators=tuple(sorted(indicators, key=lambda i: i.no)), levels=tuple(levels),
        desired_model=desired or 1, plan_size=plan_size or 5, source=name,
    )
    for total in sorted(reachable_totals(form)):
        if not any(lv.low <= total <= lv.high for lv in form.levels):
            r.err("M008", "levels", value=total, total=total)
            break
    return (None if r.issues else form), r.issues


def reachable_totals(form: Form) -> set[Decimal]:
    """Every total the form can produce (one criterion per indicator): a small subset-sum."""
    totals = {Decimal(0)}
    for ind in form.indicators:
        totals = {t + c.points for t in totals for c in ind.criteria}
    return totals


def load_form(path: str | Path | None = None) -> tuple[Form | None, list[Issue]]:
    """Read a form file (default: the shipped ``form-2569.toml``)."""
    p = Path(path) if path is not None else DEFAULT_FORM
    try:
        doc = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, [make_issue("M001", sheet=p.name, value=str(p), detail=f"not found: {p}")]
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, IsADirectoryError, PermissionError) as exc:
        return None, [make_issue("M001", sheet=p.name, detail=str(exc))]
    return parse_form(doc, p.name)
