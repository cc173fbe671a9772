"""Assemble an :class:`InstitutionBook` from a :class:`RawBook`, collecting every issue."""

from __future__ import annotations

import functools
from typing import Any

from pydantic import BaseModel

from cmfi_xl.core.issues import Issue, UnreadableWorkbook, make_issue
from cmfi_xl.core.models import RECORD_TYPES, InstitutionBook, Profile, Record
from cmfi_xl.schema.institution import ADDED_IN
from cmfi_xl.schema.spec import Column, Field, Kind, WorkbookSpec, version_tuple
from cmfi_xl.xlsx.read import RawBook

from .cells import parse_value
from .locate import Locator
from .tables import ParsedColumn, column_rows, map_headers, norm_header, parse_rows, parsed_columns

FISCAL_YEAR_RANGE = (2500, 2700)  # B.E.


def check_stamp(raw: RawBook, spec: WorkbookSpec) -> None:
    """Refuse (exit 2) a workbook of another template or of a newer version than we know."""
    if raw.template_id != spec.template_id:
        raise UnreadableWorkbook("F012", found=raw.template_id, expected=spec.template_id)
    try:
        found = version_tuple(raw.version)
    except ValueError:
        raise UnreadableWorkbook("F010") from None
    known = version_tuple(spec.version)
    if found[0] != known[0] or found > known:
        raise UnreadableWorkbook("F011", found=raw.version, known=spec.version)


def _compress_rows(rows: list[int]) -> str:
    """[5, 6, 7, 9] → "5–7, 9"."""
    parts: list[str] = []
    start = prev = rows[0]
    for r in rows[1:] + [None]:  # type: ignore[list-item]
        if r is not None and r == prev + 1:
            prev = r
            continue
        parts.append(f"{start}" if start == prev else f"{start}–{prev}")
        if r is not None:
            start = prev = r
    return ", ".join(parts)


def _field_column(f: Field) -> Column:
    return Column(f.key, f.label, f.label_en, f.kind, required=f.required, choices=f.choices)


def parse_profile(raw: RawBook, spec: WorkbookSpec, locator: Locator) -> tuple[Profile, list[Issue]]:
    issues: list[Issue] = []
    assert raw.profile is not None
    locator.profile_sheet = raw.profile.sheet
    by_label = {norm_header(label): (row, label, value) for row, label, value in raw.profile.cells}
    values: dict[str, Any] = {}
    for f in spec.profile_fields:
        if f.kind is Kind.FORMULA:
            continue
        hit = by_label.get(norm_header(f.label)) or by_label.get(norm_header(f.label_en))
        if hit is None:
            issues.append(make_issue("S007", sheet=raw.profile.sheet, label=f.label))
            continue
        row, label, value = hit
        locator.profile_rows[f.key] = (row, str(label).rstrip(" *"))
        if value is None or (isinstance(value, str) and not value.strip()):
            if f.required:
                issues.append(locator.profile_issue("V001", f.key))
            continue
        choice_list = spec.choice_list(f.choices) if f.choices else None
        parsed, notes = parse_value(_field_column(f), value, choice_list)
        issues.extend(locator.profile_issue(code, f.key, value=value, **fmt) for code, fmt in notes)
        values[f.key] = parsed
    code = values.get("village_code")
    if code is not None and not (len(code) == 8 and code.isdigit()):
        issues.append(locator.profile_issue("V010", "village_code", value=code))
        values["village_code"] = None
    fy = values.get("fiscal_year")
    if fy is not None and not FISCAL_YEAR_RANGE[0] <= fy <= FISCAL_YEAR_RANGE[1]:
        issues.append(locator.profile_issue("V012", "fiscal_year", value=fy,
                                            low=FISCAL_YEAR_RANGE[0], high=FISCAL_YEAR_RANGE[1]))
        values["fiscal_year"] = None
    return Profile(**values), issues


@functools.lru_cache(maxsize=None)
def _record_plan(model: type[Record]) -> tuple[bool, dict[str, Any], frozenset[str], frozenset[str]]:
    fields = model.model_fields
    plain = (model.__pydantic_post_init__ is None and not model.__private_attributes__
             and not any(f.default_factory is not None for f in fields.values())
             and all(next(c.__dict__[n] for c in model.__mro__ if n in c.__dict__) is BaseModel.__dict__[n]
                     for n in _SLOTS))
    return (plain, {k: f.default for k, f in fields.items()},
            frozenset(k for k, f in fields.items() if f.is_required()), frozenset(fields))


def make_records(model: type[Record], rows: list[dict[str, Any]]) -> tuple[Record, ...]:
    """``tuple(model(**values) for values in rows)`` for values that :func:`parse_columns` has
    already typed, without running pydantic's validation a second time (it is what pydantic's
    ``model_construct`` does, minus its per-field default lookup: about five times faster than
    validating, for thousands of records).

    The values of a column are of its kind's type (a test checks every column against its record
    field); a record type with private attributes or a post-init hook, and values missing a field
    that has no default or naming an unknown one, take the validating constructor."""
    plain, defaults, required, known = _record_plan(model)
    if not plain:
        return tuple(model(**values) for values in rows)
    new = object.__new__
    set_dict, set_fields, set_extra, set_private = _SLOT_SETTERS
    out = []
    append = out.append
    # (checked for all the rows at once: they nearly always pass)
    checked = known.issuperset(set().union(*rows)) and (not required or all(map(required.issubset, rows)))
    for values in rows:
        if not checked and (not known.issuperset(values) or (required and not required.issubset(values))):
            append(model(**values))
            continue
        rec = new(model)
        set_dict(rec, {**defaults, **values})
        set_fields(rec, set(values))
        set_extra(rec, None)
        set_private(rec, None)
        append(rec)
    return tuple(out)


def column_records(model: type[Record], numbers: list[int], columns: list[ParsedColumn],
                   id_key: str | None = None) -> tuple[Record, ...]:
    """``make_records(model, rows)`` of the rows :func:`~cmfi_xl.validate.tables.parse_columns`
    makes of the same parsed columns (only the rows whose ``id_key`` has a value, if given), each
    record's ``__dict__`` built whole at once: the model's defaults with the row and the values set
    in place (the same keys in the same order as ``{**defaults, **values}``), its fields set the
    columns minus those blank on its row (a test compares them with the slow path).

    A record type :func:`make_records` would validate, a column that is not a field, or a
    required field other than ``id_key``: the rows, then :func:`make_records`."""
    plain, defaults, required, known = _record_plan(model)
    keys = {key for key, _, _, _ in columns}
    if not plain or "row" not in known or not known.issuperset(keys) or required - {id_key}:
        rows = column_rows(numbers, columns)
        return make_records(model, rows if id_key is None else [d for d in rows if d.get(id_key) is not None])
    dicts = [{**defaults, "row": r} for r in numbers]
    fields = {"row", *keys}
    sets = [fields.copy() for _ in numbers]
    for key, cells, parsed, has_blank in columns:
        hits = map(parsed.get, cells)
        if has_blank:
            for values, fields_set, hit in zip(dicts, sets, hits):
                if hit is None:
                    fields_set.discard(key)
                else:
                    values[key] = hit[0]
        else:
            for values, hit in zip(dicts, hits):
                values[key] = hit[0]
    pairs = zip(dicts, sets)
    if id_key is not None:
        pairs = ((d, f) for d, f in pairs if id_key in f and d[id_key] is not None)  # type: ignore[assignment]
    new = object.__new__
    set_dict, set_fields, set_extra, set_private = _SLOT_SETTERS
    out = []
    append = out.append
    for values, fields_set in pairs:
        rec = new(model)
        set_dict(rec, values)
        set_fields(rec, fields_set)
        set_extra(rec, None)
        set_private(rec, None)
        append(rec)
    return tuple(out)


#: What ``model_construct`` sets on a new model object with ``object.__setattr__``: its ``__dict__``
#: and three slots, by their descriptors' setters (the same calls, without looking them up on the
#: type for every record; :func:`_record_plan` checks that a record type has these descriptors).
_SLOTS = ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__")
_SLOT_SETTERS = tuple(BaseModel.__dict__[n].__set__ for n in _SLOTS)


def _required_id(table_key: str) -> str | None:
    return {"member_groups": "group_id", "households": "household_id"}.get(table_key)


def parse_book(raw: RawBook, spec: WorkbookSpec) -> tuple[InstitutionBook, list[Issue], Locator]:
    """Typed book + every issue found while reading. Never stops at the first problem."""
    check_stamp(raw, spec)
    issues: list[Issue] = list(raw.file_warnings)
    locator = Locator()
    if raw.profile is not None and raw.profile.sheet != spec.profile_sheet:
        issues.append(make_issue("S003", sheet=raw.profile.sheet, expected=spec.profile_sheet,
                                 found=raw.profile.sheet))
    profile, p_issues = parse_profile(raw, spec, locator)
    issues.extend(p_issues)
    records: dict[str, tuple[Record, ...]] = {}
    found_version = version_tuple(raw.version)

    def newer(key: str) -> bool:  # added by a later minor version than the file's: absent by design
        return key in ADDED_IN and version_tuple(ADDED_IN[key]) > found_version

    for t in spec.tables:
        rt = raw.tables.get(t.key)
        if rt is None:
            if not newer(t.key):
                issues.append(make_issue("S001", sheet=t.sheet, table=t.name, title=t.title))
            records[t.key] = ()
            continue
        if rt.sheet != t.sheet:
            issues.append(make_issue("S003", sheet=rt.sheet, expected=t.sheet, found=rt.sheet))
        place, h_issues = map_headers(t, rt.sheet, rt.header_row, rt.headers)
        locator.tables[t.key] = place
        missing_newer = {c.header for c in t.columns if newer(f"{t.key}.{c.key}")}
        issues.extend(i for i in h_issues if not (i.code == "S008" and i.column in missing_newer))
        columns = getattr(rt, "columns", None)  # a ColumnTable (the roll-up reads column by column)
        numbers = rt.numbers if columns is not None else [r for r, _ in rt.rows]  # type: ignore[union-attr]
        below = [r for r in numbers if r > rt.last_table_row]
        if below:
            issues.append(make_issue("S004", sheet=rt.sheet, cell=f"A{below[0]}",
                                     table=t.name, rows=_compress_rows(below)))
        id_key = _required_id(t.key)
        if columns is not None:
            numbers, parsed, r_issues = parsed_columns(t, spec, place, numbers, columns, locator)
            issues.extend(r_issues)
            records[t.key] = column_records(RECORD_TYPES[t.key], numbers, parsed, id_key)
            continue
        dicts, r_issues = parse_rows(t, spec, place, rt.rows, locator)
        issues.extend(r_issues)
        records[t.key] = make_records(RECORD_TYPES[t.key], dicts if id_key is None else
                                      [d for d in dicts if d.get(id_key) is not None])
    book = InstitutionBook(template_id=raw.template_id, template_version=raw.version,
                           profile=profile, **records)
    return book, issues, locator
