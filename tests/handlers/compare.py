"""Compare two workbooks the way the handler tests need: the same sheets in the same order, and
in every sheet the same cell values; optionally number formats, fills and notes too."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl


def _norm(v: Any) -> Any:
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, (int, float)):
        return round(float(v), 9)
    if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
        return dt.datetime(v.year, v.month, v.day)
    return v


def _fill(c: Any) -> str | None:
    f = c.fill
    if f is None or f.fill_type != "solid" or f.fgColor is None or f.fgColor.type != "rgb":
        return None
    return str(f.fgColor.rgb)[-6:].upper()


def _border(c: Any) -> tuple[Any, ...]:
    b = c.border
    return tuple((None, None) if x is None else  # a side the file leaves out (the books' graft)
                 (x.style, str(x.color.rgb)[-6:] if x.style and x.color is not None else None)
                 for x in (b.left, b.right, b.top, b.bottom))


def _align(c: Any) -> tuple[Any, Any, bool]:
    a = c.alignment
    return (a.horizontal, a.vertical, bool(a.wrap_text))


def _link(c: Any) -> tuple[Any, Any] | None:
    h = c.hyperlink
    return None if h is None else (h.target, h.location)


def _charts(ws: Any) -> list[tuple[Any, ...]]:
    """(anchor cell, bar direction, grouping, first series' values, categories, title) of each chart."""
    from openpyxl.utils import get_column_letter

    out = []
    for ch in ws._charts:
        a = ch.anchor
        cell = a if isinstance(a, str) else f"{get_column_letter(a._from.col + 1)}{a._from.row + 1}"
        s = ch.series[0]
        cats = None if s.cat is None else (s.cat.strRef or s.cat.numRef).f
        title = None
        if ch.title is not None and ch.title.tx is not None and ch.title.tx.rich is not None:
            title = "".join(r.t for p in ch.title.tx.rich.p for r in (p.r or []))
        out.append((cell, ch.type, ch.grouping, s.val.numRef.f.replace("$", ""), cats and cats.replace("$", ""), title))
    return sorted(out)


def _validations(ws: Any) -> set[tuple[str, str, Any, Any, Any, bool]]:
    """(cell range, type, operator, formula1, formula2, drop-down hidden) per range."""
    out = set()
    for dv in ws.data_validations.dataValidation:
        for r in dv.sqref.ranges:
            out.add((r.coord, dv.type, dv.operator or None, (dv.formula1 or "").lstrip("="),
                     (dv.formula2 or "").lstrip("=") or None, bool(dv.showDropDown)))
    return out


def _box_only(sides: tuple[Any, ...]) -> tuple[Any, ...]:
    """A border as the replay carries it: a box (four equal sides) or nothing."""
    return sides if len(set(sides)) == 1 else ((None, None),) * 4


def differences(expected: Path, actual: Path, *, formats: bool = True, limit: int = 20,
                ignore: frozenset[str] = frozenset(), box_borders: bool = False, links_to: str = "") -> list[str]:
    """Human-readable differences (empty when the workbooks agree); ``ignore``: "Sheet!A1", or
    "Sheet!charts" for charts the replay does not draw;
    ``box_borders``: compare only the borders the replay carries (boxes; docs/handlers.md) — the
    books' total rows have a top/double-bottom line that only the CLI's file has;
    ``links_to``: the expected file's links into that file (``BOOK.xlsx#'S'!A4``) count as the
    same links inside the actual workbook (``#'S'!A4``)."""
    border = _box_only if box_borders else (lambda sides: sides)

    def link(c: Any) -> tuple[Any, Any] | None:
        h = _link(c)
        if links_to and h is not None and h[0] and h[0].startswith(links_to + "#"):
            return (h[0][len(links_to):], None)
        return h

    a, b = openpyxl.load_workbook(expected), openpyxl.load_workbook(actual)
    out: list[str] = []
    if a.sheetnames != b.sheetnames:
        return [f"sheets differ: {a.sheetnames} != {b.sheetnames}"]
    names_a = {n: d.attr_text for n, d in a.defined_names.items()}
    names_b = {n: d.attr_text for n, d in b.defined_names.items()}
    if formats and names_a != names_b:
        out.append(f"defined names differ: {sorted(set(names_a.items()) ^ set(names_b.items()))[:3]}")
    for wa in a.worksheets:
        wb_ = b[wa.title]
        keys = set(wa._cells) | set(wb_._cells)
        for key in sorted(keys):
            ca, cb = wa.cell(*key), wb_.cell(*key)
            if f"{wa.title}!{ca.coordinate}" in ignore:
                continue
            pairs = [("value", _norm(ca.value), _norm(cb.value))]
            if formats:
                pairs += [("number_format", ca.number_format, cb.number_format),
                          ("fill", _fill(ca), _fill(cb)),
                          ("note", ca.comment.text if ca.comment else None, cb.comment.text if cb.comment else None),
                          ("link", link(ca), _link(cb)),
                          ("align", _align(ca), _align(cb)),
                          ("border", border(_border(ca)), _border(cb))]
            for what, x, y in pairs:
                if x != y:
                    out.append(f"{wa.title}!{ca.coordinate} {what}: {x!r} != {y!r}")
                    if len(out) >= limit:
                        return out
        if formats and _validations(wa) != _validations(wb_):
            va, vb = _validations(wa), _validations(wb_)
            out.append(f"{wa.title} validation: {sorted(va - vb)[:3]} != {sorted(vb - va)[:3]}")
        if formats and f"{wa.title}!charts" not in ignore and _charts(wa) != _charts(wb_):
            out.append(f"{wa.title} charts: {_charts(wa)} != {_charts(wb_)}")
        merged_a, merged_b = sorted(map(str, wa.merged_cells.ranges)), sorted(map(str, wb_.merged_cells.ranges))
        if formats and merged_a != merged_b:
            out.append(f"{wa.title} merged cells: {merged_a} != {merged_b}")
        ta = {t.displayName: t.ref for t in wa.tables.values()}
        tb = {t.displayName: t.ref for t in wb_.tables.values()}
        if ta != tb:
            out.append(f"{wa.title} tables: {ta} != {tb}")
    return out
