"""The roll-up's pure core: identify the unit and year, drop duplicates, keep the latest, total.

Input: what :func:`cmfi_xl.rollup.read.read_file` made of each file (a ``Submission`` or a
``Rejected``), plus the roster. Output: a :class:`Rollup` with one status per file, the accepted
units, the missing ones, the totals and the consolidated lines. No files, no openpyxl: the
workbook writer and a later Excel handler both call :func:`rollup`.

Rules, in order (each file gets exactly one status):

1. **Identical duplicates**: readable files with the same SHA-256 are one submission; the first
   by file name stands for them, the others are ``duplicate`` (U010).
2. **Level**: the level of the inputs (village codes, 8 digits, for a district; amphoe codes, 4,
   for a province) comes from the roster, else ``unit_code``, else the most common; other levels
   are rejected (U015).
3. **District**: the parent code (the district's amphoe code, or the province code) comes from
   ``unit_code``, else the roster, else the most common parent; files from elsewhere are
   rejected (U007) — a village code must start with the district's amphoe code.
4. **Fiscal year**: ``fiscal_year``, else the most common (latest on a tie); others rejected (U008).
5. **Resubmissions**: per unit the latest stamp wins (then the later ``dcterms:modified``, then the
   file name, so the choice is deterministic); the others are ``superseded`` (U009), or U011 when
   two different files carry the very same stamp.
6. **Totals**: every figure summed over the accepted units; the consolidated lines deduct the
   intra-system claims (:data:`cmfi_xl.rollup.figures.CONSOLIDATED`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from cmfi_xl.core.issues import Issue, make_issue

from . import codes as _codes  # noqa: F401  (registers the U-codes)
from .figures import ConsolidatedLine, consolidate, zero_figures
from .formats import parent_code, unit_level

__all__ = ["Figures", "Rejected", "Submission", "FileStatus", "LEVEL_TH", "Rollup", "RosterEntry", "STATUS_TH", "rollup"]

LEVEL_TH = {"village": "หมู่บ้าน", "tambon": "ตำบล", "amphoe": "อำเภอ", "province": "จังหวัด", "nation": "ประเทศ",
            "unknown": "ไม่ทราบ"}
STATUS_TH = {"accepted": "รับรวม", "superseded": "มีไฟล์ใหม่กว่า", "duplicate": "ไฟล์ซ้ำ", "rejected": "ไม่รับ"}
STATUS_ORDER = {"accepted": 0, "superseded": 1, "duplicate": 2, "rejected": 3}


Figures = dict[str, "Decimal | int"]


@dataclass(frozen=True)
class Submission:
    """One readable file of an accepted template: who sent it, for when, and its figures."""

    file: str
    sha256: str
    template_id: str
    version: str
    unit_code: str
    unit_name: str
    fiscal_year: int | None
    stamp: str  # ISO 8601 text; later sorts later
    modified: str  # dcterms:modified of the file (ISO), the tie-breaker after ``stamp``
    figures: Figures
    notes: tuple[Issue, ...] = ()  # warnings worth showing on the status row (macros, warnings count)


@dataclass(frozen=True)
class Rejected:
    file: str
    sha256: str
    issue: Issue
    template_id: str = ""
    unit_code: str = ""
    fiscal_year: int | None = None
    extra: tuple[Issue, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class RosterEntry:
    code: str
    name: str = ""


@dataclass(frozen=True)
class FileStatus:
    file: str
    sha256: str
    status: str  # accepted | superseded | duplicate | rejected
    issue: Issue
    template_id: str = ""
    unit_code: str = ""
    unit_name: str = ""
    fiscal_year: int | None = None
    stamp: str = ""
    notes: tuple[Issue, ...] = ()


@dataclass(frozen=True)
class Rollup:
    unit_code: str  # the consolidated unit (amphoe code for a district, province code, "" nation)
    level: str  # its level: amphoe | province | nation
    input_level: str  # the level of the files: village | amphoe | province
    fiscal_year: int | None
    accepted: tuple[Submission, ...]  # sorted by unit code
    statuses: tuple[FileStatus, ...]  # sorted by file name
    roster: tuple[RosterEntry, ...]
    missing: tuple[RosterEntry, ...]
    totals: dict[str, Decimal | int]
    consolidated: tuple[tuple[ConsolidatedLine, Decimal, Decimal, Decimal], ...]
    issues: tuple[Issue, ...]  # about the set of files (missing units, roster problems)
    as_of: str  # the latest stamp among the accepted files: the output's own stamp (no wall clock)

    def count(self, status: str) -> int:
        return sum(1 for s in self.statuses if s.status == status)


def _most_common(values: Iterable[object], *, prefer_last: bool = False) -> object | None:
    counts = Counter(v for v in values if v not in (None, ""))
    if not counts:
        return None
    best = max(counts.values())
    tied = sorted((v for v, n in counts.items() if n == best), key=str)
    return tied[-1] if prefer_last else tied[0]


def _level_digits(code: str) -> int:
    return len(code)


def rollup(
    results: Iterable[Submission | Rejected],
    *,
    unit_code: str | None = None,
    fiscal_year: int | None = None,
    roster: Sequence[RosterEntry] = (),
    roster_issues: Sequence[Issue] = (),
) -> Rollup:
    """Consolidate the files' results (see the module docstring for the rules)."""
    items = sorted(results, key=lambda r: r.file)
    statuses: dict[str, FileStatus] = {}
    subs: list[Submission] = []
    first_by_hash: dict[str, Submission | Rejected] = {}
    for r in items:
        # 1. identical files (same bytes): the first by name stands for all of them
        kept = first_by_hash.get(r.sha256) if r.sha256 else None
        if kept is not None:
            statuses[r.file] = FileStatus(r.file, r.sha256, "duplicate", make_issue("U010", same=kept.file),
                                          r.template_id, r.unit_code, getattr(r, "unit_name", ""), r.fiscal_year,
                                          getattr(r, "stamp", ""))
            continue
        if r.sha256:
            first_by_hash[r.sha256] = r
        if isinstance(r, Rejected):
            statuses[r.file] = FileStatus(r.file, r.sha256, "rejected", r.issue, r.template_id, r.unit_code,
                                          "", r.fiscal_year, "", r.extra)
        else:
            subs.append(r)
    unique = subs

    # 2. level of the inputs
    roster = tuple(sorted(roster, key=lambda e: e.code))
    if roster:
        digits = _most_common(len(e.code) for e in roster)
    elif unit_code is not None:
        digits = {4: 8, 2: 4, 0: 2}.get(len(unit_code))
    else:
        digits = _most_common((len(s.unit_code) for s in unique), prefer_last=True)
    level = unit_level("0" * int(digits)) if digits else "unknown"
    same_level = []
    for s in unique:
        if len(s.unit_code) != digits:
            found = unit_level(s.unit_code)
            statuses[s.file] = _status(s, "rejected", make_issue(
                "U015", value=s.unit_code, found=LEVEL_TH[found], expected=LEVEL_TH[level], found_en=found,
                expected_en=level))
        else:
            same_level.append(s)

    # 3. the consolidated unit
    if unit_code is None:
        parents = [parent_code(e.code) for e in roster] or [parent_code(s.unit_code) for s in same_level]
        unit_code = str(_most_common(parents) or "")
    in_unit = []
    for s in same_level:
        if parent_code(s.unit_code) != unit_code:
            statuses[s.file] = _status(s, "rejected", make_issue("U007", value=s.unit_code, unit=s.unit_code,
                                                                 parent=unit_code or "?"))
        else:
            in_unit.append(s)

    # 4. fiscal year
    if fiscal_year is None:
        fy = _most_common((s.fiscal_year for s in in_unit), prefer_last=True)
        fiscal_year = int(fy) if fy is not None else None  # type: ignore[call-overload]
    this_year = []
    for s in in_unit:
        if s.fiscal_year != fiscal_year:
            statuses[s.file] = _status(s, "rejected", make_issue("U008", value=s.fiscal_year, found=s.fiscal_year,
                                                                 expected=fiscal_year))
        else:
            this_year.append(s)

    # 5. the latest submission of each unit
    by_unit: dict[str, list[Submission]] = {}
    for s in this_year:
        by_unit.setdefault(s.unit_code, []).append(s)
    on_roster = {e.code for e in roster}
    accepted: list[Submission] = []
    for code in sorted(by_unit):
        versions = sorted(by_unit[code], key=lambda s: (s.stamp, s.modified, s.file))
        kept = versions[-1]
        accepted.append(kept)
        notes: list[Issue] = list(kept.notes)
        for old in versions[:-1]:
            if (old.stamp, old.modified) == (kept.stamp, kept.modified):
                clash = make_issue("U011", value=old.stamp, other=old.file, kept=kept.file)
                statuses[old.file] = _status(old, "superseded", clash)
                notes.append(clash)
            else:
                statuses[old.file] = _status(old, "superseded", make_issue("U009", newer=kept.file))
        if roster and code not in on_roster:
            notes.append(make_issue("U013", value=code, unit=code))
        statuses[kept.file] = _status(kept, "accepted", make_issue("U016"), tuple(notes))

    # 6. roster, totals
    got = {s.unit_code for s in accepted}
    missing = tuple(e for e in roster if e.code not in got)
    issues = list(roster_issues) + [make_issue("U012", value=e.code, unit=e.code, name=e.name) for e in missing]
    totals = zero_figures()
    for s in accepted:
        for k in totals:
            totals[k] += s.figures[k]  # type: ignore[operator]
    ordered = tuple(statuses[f] for f in sorted(statuses))
    out_level = unit_level(unit_code) if digits else "unknown"  # nothing readable, no roster, no --district
    return Rollup(unit_code, out_level, level, fiscal_year, tuple(accepted), ordered, roster, missing,
                  totals, tuple(consolidate(totals)), tuple(issues), max((s.stamp for s in accepted), default=""))


def _status(s: Submission, status: str, issue: Issue, notes: tuple[Issue, ...] = ()) -> FileStatus:
    return FileStatus(s.file, s.sha256, status, issue, s.template_id, s.unit_code, s.unit_name, s.fiscal_year,
                      s.stamp, notes)
