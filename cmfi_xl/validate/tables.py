"""Map a raw table's headers to the declared columns, then parse every row."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

from cmfi_xl.core.issues import Issue, make_issue
from cmfi_xl.schema.spec import Column, Table, WorkbookSpec

from .cells import distinct_values
from .locate import Locator, TablePlace, get_column_letter


def norm_header(text: Any) -> str:
    s = unicodedata.normalize("NFC", str(text))
    s = s.replace("\u200b", "").replace("\xa0", " ")
    return " ".join(s.split()).casefold().rstrip(" *")


def _names(col: Column) -> Iterable[str]:
    yield from (col.header, col.header_en, col.key, *col.aliases)


#: (id of the table, sheet, header row, headers with their types) → (the table, place, issues):
#: every workbook of a template has the same header rows, and the roll-up maps thousands. The table
#: is kept with its entry, so its id cannot be reused while the entry exists.
_HEADER_MEMO: dict[tuple[Any, ...], tuple[Table, TablePlace, list[Issue]]] = {}
_HEADER_MEMO_LIMIT = 2048


def map_headers(
    table: Table, sheet: str, header_row: int, headers: dict[int, Any]
) -> tuple[TablePlace, list[Issue]]:
    """Find each declared column by its header, wherever the user moved it."""
    try:
        key = (id(table), sheet, header_row, *((c, type(v), v) for c, v in headers.items()))
        hit = _HEADER_MEMO.get(key)
    except TypeError:  # an unhashable header value
        return _map_headers(table, sheet, header_row, headers)
    if hit is None or hit[0] is not table:
        if len(_HEADER_MEMO) >= _HEADER_MEMO_LIMIT:
            _HEADER_MEMO.clear()
        hit = _HEADER_MEMO[key] = (table, *_map_headers(table, sheet, header_row, headers))
    _, place, issues = hit
    return TablePlace(place.sheet, place.header_row, dict(place.columns)), list(issues)


def _map_headers(
    table: Table, sheet: str, header_row: int, headers: dict[int, Any]
) -> tuple[TablePlace, list[Issue]]:
    issues: list[Issue] = []
    place = TablePlace(sheet, header_row)
    wanted = {norm_header(n): col for col in table.columns for n in _names(col)}
    for idx, text in sorted(headers.items()):
        col = wanted.get(norm_header(text))
        if col is None:
            issues.append(make_issue("S006", sheet=sheet, cell=f"{get_column_letter(idx)}{header_row}",
                                     value=text, header=text))
        elif col.key not in place.columns:
            place.columns[col.key] = (idx, str(text))
        else:
            issues.append(make_issue("S009", sheet=sheet, cell=f"{get_column_letter(idx)}{header_row}",
                                     value=text, header=text))
    found = ", ".join(str(h) for _, h in sorted(headers.items()))
    for col in table.input_columns:
        if col.key not in place.columns:
            code = "S002" if col.required else "S008"
            issues.append(make_issue(code, sheet=sheet, cell=f"A{header_row}", column=col.header,
                                     header=col.header, table=table.name, found=found))
    order = [place.columns[c.key][0] for c in table.columns if c.key in place.columns]
    if order != sorted(order):
        issues.append(make_issue("S005", sheet=sheet, cell=f"A{header_row}", table=table.name))
    return place, issues


def parse_rows(
    table: Table,
    spec: WorkbookSpec,
    place: TablePlace,
    rows: list[tuple[int, dict[int, Any]]],
    locator: Locator,
) -> tuple[list[dict[str, Any]], list[Issue]]:
    """Typed dicts (column key → value, plus ``row``) and the issues of every cell (row by row,
    left to right), by :func:`parse_columns`."""
    wanted = {place.columns[c.key][0] for c in table.input_columns if c.key in place.columns}
    columns = {idx: [cells.get(idx) for _, cells in rows] for idx in wanted}
    return parse_columns(table, spec, place, [r for r, _ in rows], columns, locator)


def parse_columns(
    table: Table,
    spec: WorkbookSpec,
    place: TablePlace,
    numbers: list[int],
    columns: dict[int, list[Any]],
    locator: Locator,
) -> tuple[list[dict[str, Any]], list[Issue]]:
    """:func:`parse_rows` of rows given column by column: ``columns[idx][i]`` is the cell of
    column ``idx`` on row ``numbers[i]`` (``None``: blank). A row is a record if a declared input
    column has a cell on it. Each distinct value of a column is parsed once."""
    numbers, parsed_cols, issues = parsed_columns(table, spec, place, numbers, columns, locator)
    return column_rows(numbers, parsed_cols), issues


def column_rows(numbers: list[int], parsed_cols: list[ParsedColumn]) -> list[dict[str, Any]]:
    """The records' dicts (``row`` and the value of every cell that is not blank) of parsed columns."""
    out: list[dict[str, Any]] = [{"row": r} for r in numbers]
    for key, keys, parsed, _ in parsed_cols:
        for rec, hit in zip(out, map(parsed.get, keys)):
            if hit is not None:
                rec[key] = hit[0]
    return out


#: a parsed column: (column key, the key of each record's cell, key → (value, notes), whether a cell
#: is blank: its key has no entry)
ParsedColumn = tuple[str, list[Any], dict[Any, tuple[Any, list[Any]]], bool]


def parsed_columns(
    table: Table,
    spec: WorkbookSpec,
    place: TablePlace,
    numbers: list[int],
    columns: dict[int, list[Any]],
    locator: Locator,
) -> tuple[list[int], list[ParsedColumn], list[Issue]]:
    """What :func:`parse_columns` makes its records of: the rows that are records, each input
    column's parsed values (:data:`ParsedColumn`) and the issues of every cell (row by row, left to
    right)."""
    n = len(numbers)
    if not n:
        return [], [], []
    cols = [(c, place.columns[c.key][0]) for c in table.input_columns if c.key in place.columns]
    data = [columns.get(idx) or [None] * n for _, idx in cols]
    if not any(None not in d for d in data):  # (else a column has a cell on every row)
        # only formula cells or unknown columns on a row: not a record
        on = sorted(set().union(*({i for i, v in enumerate(d) if v is not None} for d in data)))
        if len(on) < n:
            numbers = [numbers[i] for i in on]
            data = [[d[i] for i in on] for d in data]
    out: list[ParsedColumn] = []
    found: list[tuple[int, int, Issue]] = []  # (record, column, issue): sorted back to reading order
    for j, ((col, _), raws) in enumerate(zip(cols, data, strict=True)):
        key, required = col.key, col.required
        keys, parsed = distinct_values(col, raws, spec.choice_list(col.choices) if col.choices else None)
        has_blank = None in raws  # (blank cells: no entry in ``parsed``)
        out.append((key, keys, parsed, has_blank))
        # the cells worth an issue: blank and required, or parsed with notes, or unreadable and required
        flagged = {k for k, (value, notes) in parsed.items() if notes or (value is None and required)}
        if required and has_blank:
            flagged.update(k for k, raw in zip(keys, raws) if raw is None)
        if not flagged:
            continue
        for i, k in enumerate(keys):
            if k not in flagged:
                continue
            r, raw = numbers[i], raws[i]
            if raw is None:
                found.append((i, j, locator.issue("V001", table.key, r, key)))
                continue
            value, notes = parsed[k]
            found += ((i, j, locator.issue(code, table.key, r, key, value=raw, **fmt)) for code, fmt in notes)
            if not notes:  # (value is None and required)
                found.append((i, j, locator.issue("V001", table.key, r, key)))
    found.sort(key=lambda x: (x[0], x[1]))
    return numbers, out, [issue for _, _, issue in found]
