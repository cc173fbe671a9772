"""Read one emailed file into a :class:`Submission` (figures, identity, stamp) or a :class:`Rejected`.

Never raises for anything a file can contain: every failure becomes a ``Rejected`` with a Thai and
English reason. Order of work for each file:

1. the safety inspection, :func:`cmfi_xl.xlsx.safety.inspect_workbook_parts` (size cap, magic
   bytes, ZIP sanity, zip bombs, declared sizes and CRCs, DTD/entity declarations in every XML
   part, encryption, macros flagged — nothing is run);
2. everything after reads the very bytes the inspection read and hashed (the file is read once)
   and the parts it inflated and checked (each part is inflated once); the identity comes from the custom document properties
   (``docProps/custom.xml``, parsed with expat, entities refused) or, for an institution workbook,
   the template stamp cells;
3. the sheets are read with **python-calamine** (Rust, reads cell values only: formulas are not
   evaluated and macros never run), from a package rebuilt of those checked parts
   (:func:`cmfi_xl.xlsx.fastread.open_inspected`). An institution workbook is checked by the same code as
   ``cmfi-xl check`` (:func:`cmfi_xl.validate.book.parse_book` and the rules): the structure of
   every register, and the values of the columns the figures need (:data:`LEAN_COLUMNS`; no
   names, citizen IDs or welfare reasons are parsed); any error rejects the file. The figures are
   :func:`cmfi_xl.rollup.figures.institution_figures`; a report or district file's figures come
   from its figures table.

:func:`read_file` is a top-level function of plain arguments returning picklable values, so the
roll-up can map it over a process pool.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from cmfi_xl.core.issues import Issue, Severity, UnreadableWorkbook, has_errors, make_issue
from cmfi_xl.schema.spec import version_tuple
from cmfi_xl.xlsx.fastread import (ColumnTable, Grid, Package, Places, cell_value, find_stamp, open_inspected,
                                   raw_book, spec_sheets)
from cmfi_xl.xlsx.safety import MAX_FILE_BYTES, InspectedFile, inspect_workbook_parts

from . import codes as _codes  # noqa: F401  (registers the U-codes)
from .core import Figures, Rejected, Submission
from .figures import FIGURES, institution_figures
from .formats import FIGURE_HEADER_ALIASES, INSTITUTION, PROPERTY, Format, format_of

__all__ = ["Rejected", "Submission", "read_file"]

#: What the roll-up reads of an institution workbook: the columns its figures (and the books'
#: cash and loan computations) depend on, and nothing personal (no names, citizen IDs, welfare
#: reasons). ``None`` = every column of the table; tables not listed are checked for structure only.
LEAN_COLUMNS: dict[str, frozenset[str] | None] = {
    "member_groups": None,
    "committee": frozenset({"role", "kind", "group_id", "term_start", "term_end"}),
    "shares": None,
    "households": frozenset({"household_id"}),
    "contracts": frozenset({"household_id", "lender", "contract_no", "principal", "status"}),
    "debt_transfers": None,
    "intergroup_loans": None,
    "loan_repayments": None,
    "welfare": frozenset({"date", "voucher_no", "group_id", "kind", "amount"}),
    "bank_accounts": None,
    "cash_book": None,
    "settings": None,
    "welfare_rules": None,
    "closed_months": None,
    "month_seals": None,
    "passbook": None,
}


@functools.lru_cache(maxsize=1)
def lean_spec() -> Any:
    """The institution spec cut down to :data:`LEAN_COLUMNS` (same template id and version)."""
    from cmfi_xl.schema.institution import INSTITUTION as SPEC

    tables = []
    for t in SPEC.tables:
        if t.key not in LEAN_COLUMNS:
            continue
        cols = LEAN_COLUMNS[t.key]
        tables.append(t if cols is None else dataclasses.replace(
            t, columns=tuple(c for c in t.columns if c.key in cols)))
    return dataclasses.replace(SPEC, tables=tuple(tables))


def _keeper(table_key: str, lean: bool) -> Callable[[dict[int, Any]], set[int] | None] | None:
    if not lean:
        return None
    if table_key not in LEAN_COLUMNS:
        return lambda headers: set()
    if LEAN_COLUMNS[table_key] is None:
        return None
    from cmfi_xl.validate.tables import map_headers

    t = lean_spec().table(table_key)
    return lambda headers: {idx for idx, _ in map_headers(t, "", 0, headers)[0].columns.values()}


def _raw_book(grid: Grid, places: Places, file: str, warnings: list[Issue],
              stamp: tuple[str, str, str], *, lean: bool = False) -> Any:
    """:func:`cmfi_xl.xlsx.fastread.raw_book` of the institution spec; with ``lean``, the cells of
    the :data:`LEAN_COLUMNS` only (every table keeps its header)."""
    from cmfi_xl.schema.institution import INSTITUTION as SPEC

    return raw_book(grid, places, file, warnings, stamp, SPEC, keeper=lambda key: _keeper(key, lean), columnar=lean)


def header_sheets(pkg: Package) -> dict[str, int]:
    """Sheet → header row, for the sheets the lean read needs only the header row of: the sheets of
    the tables whose cells it does not read (not in :data:`LEAN_COLUMNS`), found the way
    :func:`raw_book` finds them, and holding no other table; never the profile sheet or one of the
    first four (the template stamp is looked for there)."""
    from cmfi_xl.schema.institution import INSTITUTION as SPEC
    from cmfi_xl.xlsx.build import HEADER_ROW

    names = list(pkg.sheet_parts)
    out: dict[str, int] = {}
    busy = {SPEC.profile_sheet, *names[:4]}
    for t in SPEC.tables:
        hit = pkg.tables.get(t.name.casefold())
        sheet, row = (hit[0], hit[1]) if hit is not None else (t.sheet, HEADER_ROW)
        if t.key in LEAN_COLUMNS or sheet in busy:
            busy.add(sheet)
        else:
            out[sheet] = max(out.get(sheet, 0), row)
    busy.update(place[0] for name, place in pkg.tables.items()
                if name not in {t.name.casefold() for t in SPEC.tables if t.key not in LEAN_COLUMNS})
    return {sheet: row for sheet, row in out.items() if sheet not in busy}


def _headers_only(t: Any) -> Any:
    if t is None:
        return None
    if isinstance(t, ColumnTable):
        return dataclasses.replace(t, numbers=[], columns={})
    return dataclasses.replace(t, rows=[])


#: structure key (:func:`_structure_key`) → the S-issues of a workbook of that structure
_STRUCTURE_MEMO: dict[tuple[Any, ...], list[Issue]] = {}
_STRUCTURE_MEMO_LIMIT = 256


def _structure_key(raw: Any) -> tuple[Any, ...]:
    """Everything the header-only ``parse_book`` of :func:`structure_issues` looks at that can give
    an S-issue: the stamp, the profile's sheet and labels, each table's sheet, header row and
    headers (values with their types: ``1``, ``1.0`` and ``True`` are different headers)."""
    profile = raw.profile
    return (raw.template_id, raw.version,
            None if profile is None else (profile.sheet, *((type(label), label) for _, label, _ in profile.cells)),
            *((key, None) if t is None else (key, t.sheet, t.header_row, *((c, type(v), v) for c, v in t.headers.items()))
              for key, t in raw.tables.items()))


def structure_issues(raw: Any) -> list[Issue]:
    """The *structure* of every register exactly as ``cmfi-xl check`` sees it (missing tables or
    required columns, moved or unknown headers, profile labels: the S-codes of ``parse_book`` of the
    book with its tables' headers only). It depends on nothing but :func:`_structure_key`, the same
    for every file of a template version: computed once per structure."""
    from cmfi_xl.schema.institution import INSTITUTION as SPEC
    from cmfi_xl.validate.book import parse_book

    try:
        key: tuple[Any, ...] | None = _structure_key(raw)
        hit = _STRUCTURE_MEMO.get(key)  # type: ignore[arg-type]
    except TypeError:  # an unhashable header (no reader returns one)
        key, hit = None, None
    if hit is None:
        headers_only = dataclasses.replace(raw, tables={k: _headers_only(t) for k, t in raw.tables.items()})
        _, structure, _ = parse_book(headers_only, SPEC)
        hit = [i for i in structure if i.code.startswith("S")]
        if key is not None:
            if len(_STRUCTURE_MEMO) >= _STRUCTURE_MEMO_LIMIT:
                _STRUCTURE_MEMO.clear()
            _STRUCTURE_MEMO[key] = hit
    return list(hit)


def check_lean(raw: Any) -> tuple[Any, list[Issue], Any]:
    """The roll-up's check of a lean :class:`RawBook`: the *structure* of every register exactly as
    ``cmfi-xl check`` sees it (:func:`structure_issues`), the *values* of the lean columns (V/A-codes)
    and the cross-register rules over them (R-codes)."""
    from cmfi_xl.validate.book import parse_book
    from cmfi_xl.validate.rules import run_rules

    structure = structure_issues(raw)
    spec = lean_spec()
    lean = dataclasses.replace(raw, tables={t.key: raw.tables.get(t.key) for t in spec.tables})
    book, values, loc = parse_book(lean, spec)
    issues = structure + [i for i in values if not i.code.startswith("S")]
    return book, issues + run_rules(book, loc, spec), loc


# --------------------------------------------------------------------------- the readers


def _version_issue(fmt: Format, version: str) -> Issue | None:
    try:
        found = version_tuple(version)
    except ValueError:
        return make_issue("U001", value=version, found=f"{fmt.template_id} {version!r}")
    known = version_tuple(fmt.version)
    if found[0] != known[0] or found > known:
        return make_issue("U002", value=version, found=version, known=fmt.version)
    return None


def _read_institution(grid: Grid, pkg: Package, file: str, sha: str,
                      warnings: list[Issue], stamp: tuple[str, str, str], modified: str) -> Submission | Rejected:
    from cmfi_xl.validate.check import sort_issues

    raw = _raw_book(grid, pkg.tables, file, warnings, stamp, lean=True)
    try:
        book, issues, _ = check_lean(raw)
    except UnreadableWorkbook as exc:
        return Rejected(file, sha, exc.issue, template_id=stamp[1])
    p = book.profile
    if has_errors(issues):
        errors = sort_issues([i for i in issues if i.severity is Severity.ERROR])
        first = errors[0]
        where = f"{first.where} " if first.where else ""
        return Rejected(file, sha, make_issue("U003", sheet=first.sheet, cell=first.cell, column=first.column,
                                              value=first.value, n=len(errors),
                                              first=f"{where}{first.code} {first.message_en}"),
                        template_id=stamp[1], unit_code=p.village_code or "", fiscal_year=p.fiscal_year,
                        extra=tuple(errors[:5]))
    if not p.village_code or p.fiscal_year is None:
        return Rejected(file, sha, make_issue("U006"), template_id=stamp[1], fiscal_year=p.fiscal_year)
    figures = institution_figures(book)
    submitted = p.prepared_on.isoformat() if p.prepared_on else ""
    notes = tuple(i for i in issues if i.code == "F009")
    return Submission(file, sha, stamp[1], stamp[2], p.village_code, p.name or "", p.fiscal_year,
                      submitted, modified, figures, notes)


def _number(v: Any, kind: str) -> Decimal | int | None:
    if isinstance(v, bool) or v is None:
        return None
    try:
        d = Decimal(repr(v)) if isinstance(v, float) else Decimal(str(v).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        return None
    if not d.is_finite():
        return None
    if kind == "int":
        return int(d) if d == d.to_integral_value() else None
    return d.quantize(Decimal("0.01"))


def _read_figures_table(grid: Grid, places: Places, fmt: Format, file: str,
                        sha: str, props: dict[str, str], modified: str, warnings: list[Issue]) -> Submission | Rejected:
    tid, version = fmt.template_id, props.get(PROPERTY["version"], "")
    code = props.get(PROPERTY["unit_code"]) or props.get(PROPERTY["village_code"]) or ""
    fy_text = props.get(PROPERTY["fiscal_year"], "")
    fy = int(fy_text) if fy_text.isdigit() else None
    hit = places.get(fmt.table.casefold())
    if hit is None:
        return Rejected(file, sha, make_issue("U004", table=fmt.table, missing="(ไม่มีตาราง / no table)"),
                        template_id=tid, unit_code=code, fiscal_year=fy)
    sheet, hrow, c0, c1, _ = hit
    rows = grid.rows(sheet)
    header = [str(cell_value(rows[hrow - 1][c - 1]) or "").strip().casefold() for c in range(c0, c1 + 1)]
    at = {role: next((header.index(h.casefold()) for h in names if h.casefold() in header), None)
          for role, names in FIGURE_HEADER_ALIASES.items()}
    if at["key"] is None or at["value"] is None:
        return Rejected(file, sha, make_issue("U004", sheet=sheet, table=fmt.table, missing="key, value"),
                        template_id=tid, unit_code=code, fiscal_year=fy)
    k_col, v_col = c0 + at["key"], c0 + at["value"]
    found: dict[str, tuple[int, Any]] = {}
    for r in range(hrow + 1, len(rows) + 1):
        key = grid.value(sheet, r, k_col)
        if isinstance(key, str) and key.strip():
            found.setdefault(key.strip(), (r, grid.value(sheet, r, v_col)))
    figures: Figures = {}
    missing = []
    for f in FIGURES:
        if f.key not in found:
            missing.append(f.key)
            continue
        r, v = found[f.key]
        n = _number(v, f.kind)
        if n is None:
            from cmfi_xl.validate.locate import get_column_letter

            return Rejected(file, sha, make_issue("U005", sheet=sheet, cell=f"{get_column_letter(v_col)}{r}",
                                                  value=v, key=f.key, table=fmt.table),
                            template_id=tid, unit_code=code, fiscal_year=fy)
        figures[f.key] = n
    if missing:
        return Rejected(file, sha, make_issue("U004", sheet=sheet, table=fmt.table, missing=", ".join(missing[:8])
                                              + (" …" if len(missing) > 8 else "")),
                        template_id=tid, unit_code=code, fiscal_year=fy)
    if not (code.isdigit() and len(code) in (2, 4, 8)) or fy is None:
        return Rejected(file, sha, make_issue("U006", value=code), template_id=tid, fiscal_year=fy)
    notes = tuple(i for i in warnings if i.code == "F009")
    return Submission(file, sha, tid, version, code, props.get(PROPERTY["unit_name"], ""), fy,
                      props.get(PROPERTY["submitted_at"], ""), modified, figures, notes)


def _hash_if_small(p: Path, max_bytes: int) -> str:
    """The SHA-256 of a rejected file (so copies of it are recognised), when it can be read."""
    try:
        if p.is_file() and 0 < p.stat().st_size <= max_bytes:
            return hashlib.sha256(p.read_bytes()).hexdigest()
    except OSError:
        pass
    return ""


def read_file(path: str | Path, name: str | None = None, *, max_bytes: int = MAX_FILE_BYTES) -> Submission | Rejected:
    """Identify and read one file. ``name`` is how the status row names it (default: the file name)."""
    p = Path(path)
    name = name or p.name
    try:
        try:
            inspected = inspect_workbook_parts(p, max_file_bytes=max_bytes)
        except UnreadableWorkbook as exc:
            return Rejected(name, _hash_if_small(p, max_bytes), exc.issue)
        return _read_inspected(inspected, name)
    except UnreadableWorkbook as exc:
        return Rejected(name, "", exc.issue)
    except Exception as exc:  # noqa: BLE001 - a file must never stop the roll-up; say what failed
        text = " ".join(str(exc).split())[:160]
        return Rejected(name, "", make_issue("U014", detail=f"{type(exc).__name__}: {text}"))


def _read_inspected(inspected: InspectedFile, name: str) -> Submission | Rejected:
    """Read the very bytes the inspection read (hashed there), from the parts it inflated."""
    from cmfi_xl.schema.institution import INSTITUTION as SPEC

    sha, warnings = inspected.report.sha256, list(inspected.report.warnings)
    try:
        pkg, wb = open_inspected(inspected, spec_sheets(SPEC), header_sheets)
    except UnreadableWorkbook as exc:  # F006, F005
        return Rejected(name, sha, exc.issue)
    props, modified, places = pkg.props, pkg.modified, pkg.tables
    with wb:
        grid = Grid(wb)
        tid = props.get(PROPERTY["template_id"], "")
        fmt = format_of(tid)
        stamp = None
        if fmt is None or fmt is INSTITUTION:
            stamp = find_stamp(grid, SPEC.profile_sheet)
            if stamp is not None:
                tid, fmt = stamp[1], format_of(stamp[1])
        if fmt is None:
            return Rejected(name, sha, make_issue("U001", value=tid, found=tid or "?"), template_id=tid)
        version = stamp[2] if stamp is not None and fmt is INSTITUTION else props.get(PROPERTY["version"], "")
        bad = _version_issue(fmt, version)
        if bad is not None:
            return Rejected(name, sha, bad, template_id=tid)
        if fmt is INSTITUTION:
            if stamp is None:  # the properties say institution, but the stamp cells are gone
                return Rejected(name, sha, make_issue("F010"), template_id=tid)
            return _read_institution(grid, pkg, name, sha, warnings, stamp, modified)
        return _read_figures_table(grid, places, fmt, name, sha, props, modified, warnings)
