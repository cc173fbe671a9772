"""Drivers (a) and (c): a job on the workbook open in Excel, through xlwings.

:class:`ExcelSession` reads the open workbook once into an in-memory openpyxl *shadow* — every
sheet's values (``used_range``) and every Excel Table (name and range) — so the file readers,
the core and the writers run unchanged.  When the job is done, :func:`diff` compares the shadow
with what the writer made of it, :func:`guard` refuses (Thai message, nothing written) when Excel
could not take a change — a read-only workbook, a protected sheet or workbook structure — and
:func:`replay` makes the changes with public xlwings calls only (``tests/handlers/test_contract.py``
records them and checks that the remote, Windows and macOS engines all implement them; the
engine-specific ``.api`` is used only by the two probes that read protection and read-only).

What the replay carries: sheets added/removed/activated, cell values and formulas, number
formats, fills, font (name, size, bold, colour), column widths, row heights, notes (comments),
hyperlinks, alignment and wrapping, merged ranges (new sheets), box borders, Excel Tables (new, resized), data validation
(lists, number rules, custom formulas), the defined names of a replaced workbook, single-series
column/bar charts.  What it does not (the .xlsx written by the CLI has them; the add-in's sheets
do not): other borders, frozen panes (desktop xlwings has no call for them), validation prompts
and error texts, sheet protection, page setup and print titles, other charts.  See
docs/handlers.md.

Nothing here imports ``xlwings.pro``: on the desktop path this is BSD code, no licence key.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.table import Table as XlTable
from openpyxl.worksheet.worksheet import Worksheet

from cmfi_xl.core.issues import Issue, UnreadableWorkbook

from .errors import HandlerError, WriteFailed, book_has_errors, from_unreadable
from .session import Session

__all__ = ["ExcelSession", "BookFacts", "SheetLock", "read_facts", "shadow_of", "diff", "guard", "replay",
           "Changes", "DEFAULT_FONT"]

DEFAULT_FONT = ("Calibri", 11.0, False, None)


# --------------------------------------------------------------------------- facts

@dataclass(frozen=True)
class SheetLock:
    """A protected sheet, and what its protection still allows."""

    allow_format_cells: bool = False
    allow_edit_objects: bool = False


@dataclass(frozen=True)
class BookFacts:
    """What Excel would refuse, as far as the driver can tell (unknown = allowed)."""

    read_only: bool = False
    structure_locked: bool = False
    locks: dict[str, SheetLock] = field(default_factory=dict)  # protected sheets only
    selection_on_cells: bool = True


def _selection_on_cells(book: Any) -> bool:
    """False when a chart or picture is selected: desktop xlwings returns no Range, the remote
    engine a Range without an address."""
    sel = book.selection
    return sel is not None and sel.address is not None


def _desktop_facts(book: Any) -> dict[str, Any]:
    """Excel on Windows (COM): read-only flag, workbook structure and sheet protection.
    Engine-specific (``.api``); anything it cannot read counts as allowed."""
    out: dict[str, Any] = {"locks": {}}
    try:
        wb = book.api
        out["read_only"] = bool(wb.ReadOnly)
        out["structure_locked"] = bool(wb.ProtectStructure)
        for sheet in book.sheets:
            ws = sheet.api
            if ws.ProtectContents:
                out["locks"][sheet.name] = SheetLock(bool(ws.Protection.AllowFormattingCells),
                                                     not bool(ws.ProtectDrawingObjects))
    except Exception:  # macOS (AppleScript) or an older Excel: not known
        pass
    return out


def _remote_facts(book: Any) -> dict[str, Any]:
    """xlwings' remote engine: the payload may carry Office.js' ``Workbook.readOnly``
    (``book.read_only``), ``protection.protected`` of the workbook (``book.structure_protected``)
    and each worksheet's ``protection`` (``protected``, ``allow_format_cells``,
    ``allow_edit_objects``) — a cmfi extension the stock client does not send; absent = allowed."""
    api = book.impl.api
    info = api.get("book", {})
    locks = {}
    for s in api.get("sheets", []):
        p = s.get("protection") or {}
        if p.get("protected"):
            locks[s["name"]] = SheetLock(bool(p.get("allow_format_cells")), bool(p.get("allow_edit_objects")))
    return {"read_only": bool(info.get("read_only")), "structure_locked": bool(info.get("structure_protected")),
            "locks": locks}


def read_facts(book: Any) -> BookFacts:
    engine = book.app.engine.name
    probe: Callable[[Any], dict[str, Any]] = _remote_facts if engine == "remote" else _desktop_facts
    return BookFacts(selection_on_cells=_selection_on_cells(book), **probe(book))


# --------------------------------------------------------------------------- reading

def _cell_value(v: Any) -> Any:
    if isinstance(v, str):
        return ILLEGAL_CHARACTERS_RE.sub("", v)
    return v


def shadow_of(book: Any, progress: Callable[[str], None] = lambda _: None) -> Workbook:
    """The open workbook's values and Excel Tables as an in-memory openpyxl workbook."""
    wb = Workbook()
    wb.remove(wb.active)
    sheets = list(book.sheets)
    for n, sheet in enumerate(sheets, 1):
        progress(f"อ่านแผ่นงาน {n}/{len(sheets)}: {sheet.name}")
        ws = wb.create_sheet(sheet.name)
        used = sheet.used_range
        r0, c0 = used.row, used.column
        values = used.options(ndim=2).value or []
        for i, row in enumerate(values):
            for j, v in enumerate(row):
                if v is not None and v != "":
                    ws.cell(r0 + i, c0 + j, _cell_value(v))
        for table in sheet.tables:  # found by name by the reader, wherever they are
            ref = table.range.address.replace("$", "")
            ws.add_table(XlTable(displayName=table.name, ref=ref))
    wb.active = book.sheets.active.index - 1 if sheets else 0
    return wb


# --------------------------------------------------------------------------- diff

def _fill(c: Any) -> str | None:
    f = c.fill
    if f is None or f.fill_type != "solid" or f.fgColor is None or f.fgColor.type != "rgb":
        return None
    return "#" + str(f.fgColor.rgb)[-6:].upper()


def _font(c: Any) -> tuple[Any, ...]:
    f = c.font
    color = None
    if f.color is not None and f.color.type == "rgb" and f.color.rgb:
        color = "#" + str(f.color.rgb)[-6:].upper()
    return (f.name, float(f.sz) if f.sz is not None else None, bool(f.b), color)


def _link(c: Any) -> str | None:
    h = c.hyperlink
    if h is None:
        return None
    return ("#" + h.location) if h.location else h.target


def _align(c: Any) -> tuple[Any, ...] | None:
    a = c.alignment
    key = (a.horizontal, a.vertical, bool(a.wrap_text))
    return None if key == (None, None, False) else key


#: openpyxl side style → xlwings (line_style, weight)
_BORDER_STYLES = {"hair": ("continuous", "hairline"), "thin": ("continuous", "thin"),
                  "medium": ("continuous", "medium"), "thick": ("continuous", "thick"),
                  "dashed": ("dash", "thin"), "dotted": ("dot", "thin"), "double": ("double", "thick")}


def _box(c: Any) -> tuple[str, str | None] | None:
    """A box border (all four sides alike) as (style, colour); other borders are not carried."""
    b = c.border
    sides = [b.left, b.right, b.top, b.bottom]
    if any(x is None or x.style not in _BORDER_STYLES for x in sides):
        return None
    keys = {(x.style, ("#" + str(x.color.rgb)[-6:].upper()) if x.color is not None and x.color.type == "rgb"
             else None) for x in sides}
    return keys.pop() if len(keys) == 1 else None


ATTRS = ("value", "number_format", "fill", "font", "note", "link", "align", "border")
BLANK = (None, "General", None, DEFAULT_FONT, None, None, None, None)  # a cell nobody formatted


def _state(c: Any) -> tuple[Any, ...]:
    return (c.value, c.number_format, _fill(c), _font(c), c.comment.text if c.comment else None, _link(c),
            _align(c), _box(c))


@dataclass
class SheetSnap:
    title: str
    cells: dict[tuple[int, int], tuple[Any, ...]]
    tables: dict[str, str]


def snapshot(wb: Workbook) -> dict[int, SheetSnap]:
    return {id(ws): SheetSnap(ws.title, {k: _state(c) for k, c in ws._cells.items()},
                              {n: (t if isinstance(t, str) else t.ref) for n, t in ws.tables.items()})
            for ws in wb.worksheets}


@dataclass
class Edit:
    """Changed attributes of existing cells of one existing sheet."""

    sheet: str
    cells: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)  # (row, col) → attr → new
    tables: dict[str, str] = field(default_factory=dict)  # resized/added table → ref

    def first(self, attrs: Iterable[str] = ATTRS) -> str:
        wanted = set(attrs)
        hits = sorted(k for k, a in self.cells.items() if wanted & set(a))
        return f"{get_column_letter(hits[0][1])}{hits[0][0]}" if hits else ""


@dataclass
class Changes:
    delete: list[str] = field(default_factory=list)          # existing sheets to remove
    add: list[Worksheet] = field(default_factory=list)       # new sheets, final order
    order: list[str] = field(default_factory=list)           # final sheet order
    edits: list[Edit] = field(default_factory=list)
    active: str | None = None
    names: dict[str, str] = field(default_factory=dict)  # defined names of a replaced workbook

    @property
    def empty(self) -> bool:
        return not (self.delete or self.add or any(e.cells or e.tables for e in self.edits))


def diff(before: dict[int, SheetSnap], after: Workbook, *, replaced: bool = False) -> Changes:
    """``replaced``: ``after`` is a new workbook for the whole content (its defined names go too;
    the shadow has none, so a writer that edits a workbook cannot add names)."""
    ch = Changes(order=list(after.sheetnames), active=after.active.title if after.worksheets else None)
    if replaced:
        ch.names = {n: d.attr_text for n, d in after.defined_names.items() if d.attr_text}
    kept = {id(ws) for ws in after.worksheets}
    ch.delete = [s.title for k, s in before.items() if k not in kept]
    for ws in after.worksheets:
        snap = before.get(id(ws))
        if snap is None:
            ch.add.append(ws)
            continue
        edit = Edit(ws.title)
        for key, c in ws._cells.items():
            new = _state(c)
            old = snap.cells.get(key, BLANK)
            changed = {a: n for a, o, n in zip(ATTRS, old, new, strict=True) if o != n}
            if changed:
                edit.cells[key] = changed
        for name, t in ws.tables.items():
            ref = t if isinstance(t, str) else t.ref
            if snap.tables.get(name) != ref:
                edit.tables[name] = ref
        if edit.cells or edit.tables:
            ch.edits.append(edit)
    return ch


# --------------------------------------------------------------------------- guard

def refuse_early(facts: BookFacts, label: str) -> None:
    """Refusals that need no reading: a chart selected, a read-only workbook."""
    if not facts.selection_on_cells:
        raise HandlerError(
            f"ขณะนี้เลือกแผนภูมิหรือรูปภาพอยู่ — คลิกเซลล์ใดก็ได้ในแผ่นงานก่อน แล้วกดปุ่ม {label} อีกครั้ง",
            "a chart or picture is selected; click a cell first, then press the button again")
    if facts.read_only:
        raise HandlerError(
            f"สมุดงานนี้เปิดแบบอ่านอย่างเดียว (Read-Only) — บันทึกเป็นไฟล์ใหม่ก่อน (ไฟล์ → บันทึกเป็น) "
            f"แล้วกดปุ่ม {label} อีกครั้ง",
            "the workbook is open read-only; save it under a new name first, then press the button again")


def guard(ch: Changes, facts: BookFacts) -> None:
    """Refuse, before any write, a change Excel would reject part-way."""
    if (ch.add or ch.delete) and facts.structure_locked:
        raise HandlerError(
            "โครงสร้างสมุดงานถูกป้องกัน (Protect Workbook) จึงเพิ่ม/ลบแผ่นงานไม่ได้ — ยกเลิกการป้องกันก่อน: "
            "แท็บ รีวิว → ป้องกันสมุดงาน แล้วกดปุ่มอีกครั้ง",
            "the workbook structure is protected; sheets cannot be added or removed")
    for e in ch.edits:
        lock = facts.locks.get(e.sheet)
        if lock is None:
            continue
        unprotect = " — ยกเลิกการป้องกันก่อน: แท็บ รีวิว → ยกเลิกการป้องกันแผ่นงาน แล้วกดปุ่มอีกครั้ง"
        if e.tables:
            name = next(iter(e.tables))
            raise HandlerError(f"แผ่นงานถูกป้องกัน จึงขยายตาราง {name} ไม่ได้{unprotect}",
                               f"the sheet is protected: table {name} cannot be resized", sheet=e.sheet,
                               cell=e.tables[name].split(":")[0])
        fmt = e.first(("number_format", "fill", "font"))
        if fmt and not lock.allow_format_cells:
            raise HandlerError(f"แผ่นงานถูกป้องกัน จึงทำเครื่องหมาย/จัดรูปแบบเซลล์ไม่ได้{unprotect}",
                               "the sheet is protected against formatting cells", sheet=e.sheet, cell=fmt)
        note = e.first(("note", "link"))
        if note and not lock.allow_edit_objects:
            raise HandlerError(f"แผ่นงานถูกป้องกัน จึงใส่บันทึกย่อที่เซลล์ไม่ได้{unprotect}",
                               "the sheet is protected against editing objects (notes)", sheet=e.sheet, cell=note)


# --------------------------------------------------------------------------- replay

#: text Excel would turn into a number, date or boolean when written as a value (as if typed):
#: "1.0", "0001", "1,000", "12%", "15/01/2568", "2025-01-15", "TRUE", or text starting with "'"
_COERCED = re.compile(r"^\s*([-+(]?[\d.,]+[)%]?|\d{1,4}[-/.]\d{1,2}([-/.]\d{1,4})?|true|false)\s*$|^'", re.I)


def _xl_value(v: Any) -> Any:
    if isinstance(v, str) and v and not v.startswith("=") and _COERCED.match(v):
        return "'" + v  # Excel keeps the apostrophe as a text prefix, not in the value
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
        return dt.datetime(v.year, v.month, v.day)
    if v is not None and not isinstance(v, (str, int, float, bool, dt.datetime)):
        return str(v)  # e.g. an array formula object: its text
    return v


def _runs(cells: dict[tuple[int, int], Any]) -> list[tuple[int, int, int, Any]]:
    """Vertical runs of equal values: (column, first row, last row, value)."""
    by_col: dict[int, list[tuple[int, Any]]] = defaultdict(list)
    for (r, c), v in cells.items():
        by_col[c].append((r, v))
    out = []
    for c, items in sorted(by_col.items()):
        items.sort(key=lambda x: x[0])
        start, prev, val = items[0][0], items[0][0], items[0][1]
        for r, v in items[1:] + [(None, None)]:
            if r is not None and r == prev + 1 and v == val:
                prev = r
                continue
            out.append((c, start, prev, val))
            if r is not None:
                start, prev, val = r, r, v
    return out


def _rects(cells: dict[tuple[int, int], Any]) -> list[tuple[int, int, int, int, Any]]:
    """Rectangles of equal values, (first col, last col, first row, last row, value): vertical runs,
    then side-by-side runs over the same rows merged (a header row is one rectangle)."""
    out: list[list[Any]] = []
    for c, r0, r1, v in _runs(cells):  # sorted by column
        for rect in out:
            if rect[1] == c - 1 and rect[2] == r0 and rect[3] == r1 and rect[4] == v:
                rect[1] = c
                break
        else:
            out.append([c, c, r0, r1, v])
    return [(a, b, c, d, v) for a, b, c, d, v in out]


def _blocks(attr: str, cells: dict[tuple[int, int], Any]) -> list[tuple[int, int, int, int, Any]]:
    """Where to set ``attr`` in one call: rectangles for formats, single columns for notes and
    links (one object per cell)."""
    if attr in ("note", "link"):
        return [(c, c, r0, r1, v) for c, r0, r1, v in _runs(cells)]
    return _rects(cells)


def _row_runs(cells: dict[tuple[int, int], Any]) -> list[tuple[int, int, list[Any]]]:
    """Horizontal runs of adjacent cells: (row, first column, values)."""
    out: list[tuple[int, int, list[Any]]] = []
    for (r, c) in sorted(cells):
        if out and out[-1][0] == r and out[-1][1] + len(out[-1][2]) == c:
            out[-1][2].append(cells[(r, c)])
        else:
            out.append((r, c, [cells[(r, c)]]))
    return out


_HORIZONTAL = {"general": "general", "left": "left", "center": "center", "right": "right", "fill": "fill",
               "justify": "justify", "centerContinuous": "center_across_selection", "distributed": "distributed"}


class _Writer:
    """The xlwings calls of the replay (the only place that writes to Excel)."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.points = book.app.engine.name == "remote"  # Office.js takes column widths in points
        self.texts: dict[tuple[int, int], Any] = {}  # the current sheet's cell values

    def values(self, xs: Any, r: int, c: int, rows: list[list[Any]]) -> None:
        last_r, last_c = r + len(rows) - 1, c + len(rows[0]) - 1
        xs.range((r, c), (last_r, last_c)).value = [[_xl_value(v) for v in row] for row in rows]

    def attr(self, xs: Any, attr: str, c: int, r0: int, r1: int, v: Any, c1: int | None = None) -> None:
        rng = xs.range((r0, c), (r1, c if c1 is None else c1))
        if attr == "number_format":
            rng.number_format = v
        elif attr == "fill":
            rng.color = v
        elif attr == "font":
            name, size, bold, color = v
            if name != DEFAULT_FONT[0]:
                rng.font.name = name
            if size is not None and size != DEFAULT_FONT[1]:
                rng.font.size = size
            if bold:
                rng.font.bold = True
            if color is not None:
                rng.font.color = color
        elif attr == "note":
            for r in range(r0, r1 + 1):
                xs.range((r, c)).add_note(v)
        elif attr == "align":
            horizontal, vertical, wrap = v
            if horizontal in _HORIZONTAL:
                rng.horizontal_alignment = _HORIZONTAL[horizontal]
            if vertical in ("top", "center", "bottom", "justify", "distributed"):
                rng.vertical_alignment = vertical
            if wrap:
                rng.wrap_text = True
        elif attr == "border":
            style, color = v
            line_style, weight = _BORDER_STYLES[style]
            rng.borders.line_style = line_style  # every grid side: a box around each cell
            rng.borders.weight = weight
            if color is not None:
                rng.borders.color = color
        elif attr == "link":
            for r in range(r0, r1 + 1):  # the link keeps the cell's text (xlwings would show the address)
                text = self.texts.get((r, c))
                xs.range((r, c)).add_hyperlink(v, text_to_display=v if text is None else str(text))

    def column_width(self, xs: Any, c: int, chars: float) -> None:
        width = round((chars * 7 + 5) * 0.75, 2) if self.points else chars
        xs.range((1, c)).column_width = width

    def row_height(self, xs: Any, r: int, height: float) -> None:
        xs.range((r, 1)).row_height = height


def _cells_attrs(ws: Worksheet) -> dict[str, dict[tuple[int, int], Any]]:
    """A new sheet's non-default attributes by cell."""
    out: dict[str, dict[tuple[int, int], Any]] = {a: {} for a in ATTRS[1:]}
    defaults = dict(zip(ATTRS, BLANK, strict=True))
    for key, c in ws._cells.items():
        for a, v in zip(ATTRS, _state(c), strict=True):
            if a != "value" and v != defaults[a]:
                out[a][key] = v
    return out


def _write_new_sheet(w: _Writer, xs: Any, ws: Worksheet) -> None:
    cells = {k: c.value for k, c in ws._cells.items() if c.value is not None}
    if cells:
        r0, r1 = min(r for r, _ in cells), max(r for r, _ in cells)
        c0, c1 = min(c for _, c in cells), max(c for _, c in cells)
        w.values(xs, r0, c0, [[cells.get((r, c)) for c in range(c0, c1 + 1)] for r in range(r0, r1 + 1)])
    w.texts = cells
    for attr, by_cell in _cells_attrs(ws).items():
        for c0, c1, a, b, v in _blocks(attr, by_cell):
            w.attr(xs, attr, c0, a, b, v, c1)
    for letter, dim in ws.column_dimensions.items():
        if dim.customWidth and dim.width:
            first = column_index_from_string(letter)
            for idx in range(dim.min or first, (dim.max or first) + 1):
                w.column_width(xs, idx, dim.width)
    for r, dim in sorted(ws.row_dimensions.items()):
        if dim.height is not None:
            w.row_height(xs, r, dim.height)
    for merged in ws.merged_cells.ranges:  # after the widths and heights: a merged note wraps over them
        xs.range(merged.coord).merge()
    for t in ws.tables.values():
        xs.tables.add(source=xs.range(t.ref), name=t.displayName,
                      table_style_name=t.tableStyleInfo.name if t.tableStyleInfo else None)


_CM_TO_PT = 72 / 2.54


def _ref_range(book: Any, ref: str) -> Any:
    """``'Sheet'!$B$5:$C$5`` → that xlwings Range."""
    sheet, _, addr = ref.rpartition("!")
    return book.sheets[sheet.strip("'").replace("''", "'")].range(addr.replace("$", ""))


def _series_ref(chart: Any) -> str | None:
    """The data of a column/bar chart as one reference: its single series, or series in adjacent
    columns over the same rows (the report's before/after chart); None for anything else."""
    refs = [s.val.numRef.f if s.val is not None and s.val.numRef is not None else None for s in chart.series]
    if not refs or None in refs:
        return None
    if len(refs) == 1:
        return refs[0]
    parts = [r.rpartition("!") for r in refs]
    if len({sheet for sheet, _, _ in parts}) != 1:
        return None
    bounds = [range_boundaries(addr.replace("$", "")) for _, _, addr in parts]
    if any(c0 != c1 for c0, _, c1, _ in bounds) or len({(r0, r1) for _, r0, _, r1 in bounds}) != 1:
        return None
    cols = [c0 for c0, _, _, _ in bounds]
    if cols != list(range(cols[0], cols[0] + len(cols))):
        return None
    _, r0, _, r1 = bounds[0]
    return (f"{parts[0][0]}!${get_column_letter(cols[0])}${r0}:"
            f"${get_column_letter(cols[-1])}${r1}")


def _write_charts(book: Any, xs: Any, ws: Worksheet) -> None:
    """Column/bar charts whose series are one range (the plan summary's charts, the report's, the
    roll-up's): anchored at the same cell, same size, same data and categories, same title,
    clustered or stacked.  Series names,
    legends and axes are not carried, nor other charts."""
    from openpyxl.chart import BarChart

    for chart in ws._charts:
        ref = _series_ref(chart) if isinstance(chart, BarChart) else None
        if ref is None:
            continue
        series = chart.series[0]
        if isinstance(chart.anchor, str):  # a chart the writer just added: "A12"
            anchor = xs.range(chart.anchor)
        else:  # a chart read from a file: its drawing anchor
            anchor = xs.range((chart.anchor._from.row + 1, chart.anchor._from.col + 1))
        kind = ("column" if chart.type == "col" else "bar") + ("_stacked" if chart.grouping == "stacked" else "_clustered")
        made = xs.charts.add(width=chart.width * _CM_TO_PT, height=chart.height * _CM_TO_PT, anchor=anchor,
                             chart_type=kind)
        values = _ref_range(book, ref)
        made.set_source_data(values, plot_by="rows" if values.shape[0] == 1 else "columns")
        cats = series.cat.strRef or series.cat.numRef if series.cat is not None else None
        if cats is not None:
            made.set_x_axis_values(_ref_range(book, cats.f))
        title = _chart_title(chart)
        if title:
            made.title = title


def _chart_title(chart: Any) -> str | None:
    t = chart.title
    if t is None or t.tx is None or t.tx.rich is None:
        return None
    return "".join(r.t for p in t.tx.rich.p for r in (p.r or []))


_DV_OPERATORS = {"between": "between", "notBetween": "not_between", "equal": "equal_to",
                 "notEqual": "not_equal_to", "greaterThan": "greater_than", "lessThan": "less_than",
                 "greaterThanOrEqual": "greater_than_or_equal", "lessThanOrEqual": "less_than_or_equal"}


def _number(text: str | None) -> float | int | None:
    if text is None:
        return None
    f = float(text)
    return int(f) if f.is_integer() else f


def _write_validations(book: Any, xs: Any, ws: Worksheet) -> None:
    """The sheet's data validation: drop-down lists (literal, named or range source), whole and
    decimal number rules, custom formulas.  Input prompts and error texts are not carried."""
    for dv in ws.data_validations.dataValidation:
        f1 = dv.formula1 or ""
        for cells in dv.sqref.ranges:
            v = xs.range(cells.coord).data_validation
            if dv.type == "list":
                dropdown = not dv.showDropDown  # the OOXML flag means "hide the arrow"
                if f1.startswith('"'):
                    v.set_list(f1.strip('"').split(","), in_cell_dropdown=dropdown)
                elif "!" in f1:
                    sheet, _, addr = f1.lstrip("=").rpartition("!")
                    v.set_list(book.sheets[sheet.strip("'")].range(addr), in_cell_dropdown=dropdown)
                else:
                    try:
                        named = book.names[f1.lstrip("=")]
                    except KeyError:  # the workbook lost that name: a drop-down to nowhere is no use
                        continue
                    v.set_list(named, in_cell_dropdown=dropdown)
            elif dv.type in ("whole", "decimal") and dv.operator in _DV_OPERATORS | {None: None}:
                setter = v.set_whole_number if dv.type == "whole" else v.set_decimal
                setter(_DV_OPERATORS[dv.operator or "between"], _number(f1), _number(dv.formula2))
            elif dv.type == "custom":
                v.set_custom("=" + f1.lstrip("="))


def _write_edit(w: _Writer, xs: Any, e: Edit, after: Worksheet) -> None:
    values = {k: a["value"] for k, a in e.cells.items() if "value" in a}
    for r, c, row in _row_runs(values):
        w.values(xs, r, c, [row])
    w.texts = {k: c.value for k, c in after._cells.items()}
    for attr in ATTRS[1:]:
        by_cell = {k: a[attr] for k, a in e.cells.items() if attr in a}
        for c0, c1, r0, r1, v in _blocks(attr, by_cell):
            w.attr(xs, attr, c0, r0, r1, v, c1)
    for name, ref in e.tables.items():
        tables = {t.name: t for t in xs.tables}
        if name in tables:
            tables[name].resize(xs.range(ref))
        else:
            xs.tables.add(source=xs.range(ref), name=name)


def replay(book: Any, ch: Changes, after: Workbook, progress: Callable[[str], None] = lambda _: None) -> None:
    """Make ``ch`` on the open workbook. New sheets are added before old ones are removed (a
    workbook keeps at least one sheet); a sheet replaced under the same name is removed first."""
    if ch.empty:
        return
    where = [""]

    def step(text: str, sheet: str = "") -> None:
        where[0] = sheet
        progress(text)

    book.app.screen_updating = False  # one repaint at the end, not one per call
    try:
        _replay(book, ch, after, step)
    except Exception as exc:  # Excel refused part-way: say how to get the file back
        raise WriteFailed(where[0], exc) from exc
    finally:
        book.app.screen_updating = True


def _replay(book: Any, ch: Changes, after: Workbook, progress: Callable[..., None]) -> None:
    w = _Writer(book)
    current = [s.name for s in book.sheets]
    added = {ws.title for ws in ch.add}
    for name in list(ch.delete):
        if name in added and len(current) > 1:
            book.sheets[name].delete()
            current.remove(name)
            ch.delete.remove(name)
    for n, ws in enumerate(ch.add, 1):
        progress(f"เขียนแผ่นงาน {n}/{len(ch.add)}: {ws.title}", ws.title)
        pos = ch.order.index(ws.title)
        prev = next((s for s in reversed(ch.order[:pos]) if s in current), None)
        if prev is None:
            xs = book.sheets.add(ws.title, before=book.sheets[current[0]])
            current.insert(0, ws.title)
        else:
            xs = book.sheets.add(ws.title, after=book.sheets[prev])
            current.insert(current.index(prev) + 1, ws.title)
        _write_new_sheet(w, xs, ws)
    for name, refers_to in ch.names.items():
        book.names.add(name, "=" + refers_to)
    for ws in ch.add:  # after every sheet and name they may refer to exists
        progress(f"เขียนแผ่นงาน {ws.title}: รายการให้เลือกและแผนภูมิ", ws.title)
        _write_validations(book, book.sheets[ws.title], ws)
        _write_charts(book, book.sheets[ws.title], ws)
    for name in ch.delete:
        book.sheets[name].delete()
    for e in ch.edits:
        progress(f"บันทึกลงแผ่นงาน {e.sheet}", e.sheet)
        _write_edit(w, book.sheets[e.sheet], e, after[e.sheet])
    if ch.active and (ch.add or ch.delete):
        book.sheets[ch.active].activate()


# --------------------------------------------------------------------------- session

class ExcelSession(Session):
    """A job on an open workbook (``xlwings.Book``): read once, write only at :meth:`finish`."""

    def __init__(self, book: Any, label: str) -> None:
        self.book = book
        self.label = label
        self.name = book.name
        self.engine = book.app.engine.name
        self.messages: list[str] = []  # progress lines (the remote engine has no status bar)
        self.facts = read_facts(book)
        refuse_early(self.facts, label)
        self._shadow: Workbook | None = None
        self._before: dict[int, SheetSnap] = {}
        self._after: Workbook | None = None
        self.changes: Changes | None = None
        self.progress(f"{label}: กำลังอ่านสมุดงาน …")

    def progress(self, text: str) -> None:
        self.messages.append(text)
        if self.engine != "remote":  # Office.js has no status bar
            self.book.app.status_bar = f"สถาบันการเงินทุนชุมชน · {text}"

    def values(self) -> tuple[Workbook, list[Issue]]:
        if self._shadow is None:
            self._shadow = shadow_of(self.book, self.progress)
            self._before = snapshot(self._shadow)
        return self._shadow, []

    def target(self) -> Workbook:
        return self.values()[0]

    def replace(self, wb: Workbook) -> None:
        self.values()
        self._after = wb

    def run(self, job: Callable[..., Any], *args: Any, action_th: str = "", **kwargs: Any) -> Any:
        """``job(self, ...)`` with the workbook's problems as Thai refusals (nothing written)."""
        from ._book import BookErrors

        try:
            return job(self, *args, **kwargs)
        except UnreadableWorkbook as exc:
            raise from_unreadable(exc, self.name) from None
        except BookErrors as exc:
            raise book_has_errors(exc.issues, action_th) from None

    def finish(self) -> Changes:
        after = self._after or self.target()
        ch = diff(self._before, after, replaced=self._after is not None)
        guard(ch, self.facts)  # nothing has been written yet
        self.changes = ch
        replay(self.book, ch, after, self.progress)
        self.progress(f"{self.label}: เสร็จ")
        return ch

    def alert(self, text: str) -> None:
        self.book.app.alert(text, title="สถาบันการเงินทุนชุมชน", mode="info")
