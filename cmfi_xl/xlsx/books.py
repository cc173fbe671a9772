"""Write the books' summary sheets (:mod:`cmfi_xl.books.sheets`) into a copy of the workbook.

House style: TH Sarabun New 16 pt, explicit row heights, A4 with fitted width, B.E. dates,
``#,##0.00``; sheets protected without a password (formulas cannot be overtyped by accident).
Formula placeholders ``{tbl:TABLE:COLUMN}`` become absolute ranges of the register's Excel Table
in this workbook (found by table name and header, wherever the user moved it); when a register
column cannot be found, the value Python computed is written instead of the formula.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from copy import copy
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, unescape

from openpyxl.styles import Border, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook.workbook import Workbook

from cmfi_xl.core.thai import BOLD_WIDTH
from cmfi_xl.books.sheets import FIRST_ROW, Formula, SheetSpec
from cmfi_xl.schema.institution import INSTITUTION
from cmfi_xl.schema.spec import Kind, Table, WorkbookSpec
from cmfi_xl.validate.tables import norm_header

from . import styles as st
from .build import overflowing, page_setup, protect, to_cell_value, wrap_long_text
from .read import tables_by_name
from .safety import inspect_workbook_file, safe_load_workbook
from .write import save_atomic, write_atomic

__all__ = ["add_books_sheets", "append_table_rows", "graft_sheets", "register_ranges", "write_books_copy",
           "write_closed_copy"]

FORMATS = {"money": st.MONEY_FORMAT, "int": st.INT_FORMAT, "date": st.DATE_FORMAT, "pct": "0.00%",
           "text": "General"}
HEADER_HEIGHT = 3 * st.ROW_HEIGHT  # Thai header + English header, each may wrap once
_top = Border(top=Side(style="thin", color="333333"), bottom=Side(style="double", color="333333"))
_PLACE = re.compile(r"\{tbl:([a-z_]+):([a-z_]+)\}")


def _column_index(t: Table, headers: dict[str, int]) -> dict[str, int]:
    """Column key → sheet column of a register, found by header (Thai, English, key or alias)."""
    out = {}
    for col in t.columns:
        idx = next((headers[norm_header(n)] for n in (col.header, col.header_en, col.key, *col.aliases)
                    if norm_header(n) in headers), None)
        if idx is not None:
            out[col.key] = idx
    return out


def _ranges_of(t: Table, sheet: str, ref: str, headers: dict[str, int]) -> dict[tuple[str, str], str]:
    _, r0, _, r1 = range_boundaries(ref)
    return {(t.key, k): f"{quote_sheetname(sheet)}!${get_column_letter(i)}${r0 + 1}:${get_column_letter(i)}${max(r1, r0 + 1)}"
            for k, i in _column_index(t, headers).items()}


def _sheet_headers(ws: Any, ref: str) -> dict[str, int]:
    c0, r0, c1, _ = range_boundaries(ref)
    return {norm_header(ws.cell(r0, c).value): c for c in range(c0, c1 + 1) if ws.cell(r0, c).value}


def register_ranges(wb: Workbook, spec: WorkbookSpec = INSTITUTION) -> dict[tuple[str, str], str]:
    """(table key, column key) → ``'Sheet'!$C$4:$C$120`` for every register column found."""
    found = tables_by_name(wb)
    out: dict[tuple[str, str], str] = {}
    for t in spec.tables:
        hit = found.get(t.name.casefold())
        if hit is not None:
            out.update(_ranges_of(t, hit[0].title, hit[1], _sheet_headers(*hit)))
    return out


def _resolve(f: Formula, ranges: dict[tuple[str, str], str]) -> Any:
    missing = False

    def sub(m: re.Match[str]) -> str:
        nonlocal missing
        r = ranges.get((m.group(1), m.group(2)))
        if r is None:
            missing = True
            return "#REF!"
        return r

    text = _PLACE.sub(sub, f.text)
    return f.value if missing else text


def _value(v: Any) -> Any:
    if isinstance(v, bool):
        return v
    return to_cell_value(Kind.TEXT, v)


def _style_cell(c: Any, fmt: str, style: str, wrap: bool = False) -> None:
    c.font = st.bold_font if style else st.body_font
    c.number_format = FORMATS[fmt]
    c.border = _top if style == "total" else st.box
    if style in ("bad", "total"):
        c.fill = st.bad_fill if style == "bad" else st.formula_fill
    c.alignment = st.wrap_left if wrap else st.left_middle


def _wrapped(spec: SheetSpec, values: Sequence[Any], style: str) -> tuple[set[int], float]:
    """The columns (1-based) whose text is wider than the column, and the row height that shows
    them wrapped (a heading in column A with nothing after it may run on over the empty cells)."""
    if style == "head" and not any(v not in (None, "") for v in values[1:]):
        return set(), st.ROW_HEIGHT
    scale = BOLD_WIDTH if style else 1.0  # every row with a style is bold
    cols, height = overflowing((j, v, col.width * scale) for j, (v, col) in enumerate(zip(values, spec.cols), 1))
    return cols, max(st.ROW_HEIGHT, height)


_EPOCH = dt.datetime(1899, 12, 30)


def _cell_xml(ref: str, sid: int, v: Any) -> str:
    """One ``<c>`` element as openpyxl writes it (inline strings, dates as serial numbers)."""
    if v is None or v == "":
        return f'<c r="{ref}" s="{sid}"/>'
    if isinstance(v, str):
        if v.startswith("="):
            return f'<c r="{ref}" s="{sid}"><f>{escape(v[1:])}</f><v></v></c>'
        space = ' xml:space="preserve"' if v != v.strip() else ""
        return f'<c r="{ref}" s="{sid}" t="inlineStr"><is><t{space}>{escape(v)}</t></is></c>'
    if isinstance(v, bool):
        return f'<c r="{ref}" s="{sid}" t="b"><v>{int(v)}</v></c>'
    if isinstance(v, dt.datetime):
        v = (v - _EPOCH).total_seconds() / 86400
    if isinstance(v, float) and v.is_integer():
        v = int(v)  # as openpyxl writes it
    return f'<c r="{ref}" s="{sid}" t="n"><v>{v!r}</v></c>'


def add_books_sheets(wb: Workbook, sheets: Sequence[SheetSpec],
                     ranges: dict[tuple[str, str], str] | None = None, *,
                     stream: bool = False) -> dict[str, str]:
    """Add (or replace) the summary sheets in ``wb``: also used on an open workbook by a handler.
    ``ranges`` (default: found in ``wb``) are the register ranges the formulas refer to.

    ``stream=True`` (for :func:`graft_sheets`): the data rows are not added as cells but returned
    as ``<row>`` XML per sheet name, styled with the same cell formats; the caller splices them
    into the saved sheet. Thousands of rows then cost milliseconds instead of seconds.
    """
    ranges = register_ranges(wb) if ranges is None else ranges
    streamed: dict[str, str] = {}
    scratch = wb.create_sheet("_cmfi_styles") if stream else None
    for spec in sheets:
        if spec.name in wb.sheetnames:
            del wb[spec.name]
        ws = wb.create_sheet(spec.name)
        ncols = len(spec.cols)
        protos: dict[tuple[int, str, bool], Any] = {}
        ws["A1"] = spec.title
        ws["A1"].font = st.title_font
        ws["A2"] = spec.subtitle
        ws["A2"].font = st.subtitle_font
        ws.row_dimensions[1].height = st.TITLE_ROW_HEIGHT
        ws.row_dimensions[2].height = st.ROW_HEIGHT
        ws.row_dimensions[3].height = HEADER_HEIGHT
        for j, col in enumerate(spec.cols, 1):
            ws.column_dimensions[get_column_letter(j)].width = col.width
            h = ws.cell(3, j, f"{col.th}\n{col.en}")
            h.font, h.fill, h.alignment, h.border = st.header_font, st.header_fill, st.wrap_center, st.box
        letters = [get_column_letter(j) for j in range(1, ncols + 1)]
        rows_xml: list[str] = []
        for i, row in enumerate(spec.rows):
            r = FIRST_ROW + i
            values = [row.cells[j] if j < len(row.cells) else None for j in range(ncols)]
            values = [_value(_resolve(v, ranges) if isinstance(v, Formula) else v) for v in values]
            wrap, height = _wrapped(spec, values, row.style)
            if scratch is not None:
                cells = []
                for j, v in enumerate(values, 1):
                    key = (j, row.style, j in wrap)
                    if key not in protos:
                        c = scratch.cell(1, 1)
                        c._style = copy(scratch.cell(2, 1)._style)
                        _style_cell(c, spec.cols[j - 1].fmt, row.style, j in wrap)
                        protos[key] = c.style_id
                    cells.append(_cell_xml(f"{letters[j - 1]}{r}", protos[key], v))
                rows_xml.append(f'<row r="{r}" ht="{height:g}" customHeight="1">{"".join(cells)}</row>')
                continue
            ws.row_dimensions[r].height = height
            for j, v in enumerate(values, 1):
                c = ws.cell(r, j, v)
                key = (j, row.style, j in wrap)
                if key in protos:  # copying a style array is ~20x faster than setting 5 attributes
                    c._style = copy(protos[key])
                    continue
                _style_cell(c, spec.cols[j - 1].fmt, row.style, j in wrap)
                protos[key] = copy(c._style)
        if scratch is not None:
            streamed[spec.name] = "".join(rows_xml)
        last = FIRST_ROW + len(spec.rows) - 1
        ws.freeze_panes = f"A{FIRST_ROW}"
        page_setup(ws, landscape=spec.landscape, title_rows="3:3",
                   print_area=f"A1:{get_column_letter(ncols)}{max(last, FIRST_ROW)}")
        protect(ws)
    if scratch is not None:
        del wb[scratch.title]
    return streamed


def write_books_copy(src: str | Path, out: str | Path, sheets: Sequence[SheetSpec]) -> Path:
    """A copy of ``src`` with the summary sheets, written atomically to ``out`` (never over ``src``).

    Fast path: the summary sheets are written into a small workbook of their own and grafted into
    a byte copy of ``src`` (:func:`graft_sheets`), so the registers are neither parsed nor
    re-saved. When the package is not one the graft understands, or already has summary sheets
    to replace, the whole workbook is loaded and saved with openpyxl instead (same content).
    """
    try:
        return graft_sheets(src, out, sheets)
    except _NoGraft:
        _, wb = safe_load_workbook(src)
        add_books_sheets(wb, sheets)
        return save_atomic(wb, out, inputs=(src,))


# ---------------------------------------------------------------------------------------------
# Grafting sheets into a copy of the package (text-level OOXML edits, no re-serialisation)
# ---------------------------------------------------------------------------------------------

_WS_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_WS_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


class _NoGraft(Exception):
    """The package is not one the graft understands: use the openpyxl path."""


def _attr(tag: str, name: str) -> str | None:
    m = re.search(rf'\s{name}="([^"]*)"', tag)
    return unescape(m.group(1)) if m else None


def _set_attr(tag: str, name: str, value: str) -> str:
    if re.search(rf'\s{name}="', tag):
        return re.sub(rf'(\s{name}=")[^"]*(")', lambda m: f"{m.group(1)}{value}{m.group(2)}", tag, count=1)
    return re.sub(r"\s*(/?>)$", lambda m: f' {name}="{value}"{m.group(1)}', tag, count=1)


def _part(base: str, target: str) -> str:
    """A relationship target → the zip member name."""
    if target.startswith("/"):
        return target[1:]
    parts = [*base.split("/")[:-1], *target.split("/")]
    out: list[str] = []
    for x in parts:
        if x == "..":
            out.pop()
        elif x and x != ".":
            out.append(x)
    return "/".join(out)


def _rels(files: dict[str, bytes], part: str) -> dict[str, tuple[str, str]]:
    """rId → (type, member name) of ``part``'s relationships."""
    d, _, f = part.rpartition("/")
    xml = files.get(f"{d}/_rels/{f}.rels" if d else f"_rels/{f}.rels", b"").decode("utf-8")
    return {_attr(t, "Id") or "": (_attr(t, "Type") or "", _part(part, _attr(t, "Target") or ""))
            for t in re.findall(r"<Relationship\b[^>]*>", xml)}


def _sheets(files: dict[str, bytes], wb_part: str) -> list[tuple[str, str]]:
    """(name, member) of every sheet, in order."""
    xml = files[wb_part].decode("utf-8")
    rels = _rels(files, wb_part)
    out = []
    for tag in re.findall(r"<sheet\b[^>]*>", xml):
        rid = next((v for k, v in re.findall(r'\s([\w:]+:id)="([^"]*)"', tag)), "")
        out.append((_attr(tag, "name") or "", rels.get(rid, ("", ""))[1]))
    return out


def _package_ranges(files: dict[str, bytes], sheets: list[tuple[str, str]],
                    spec: WorkbookSpec = INSTITUTION) -> dict[tuple[str, str], str]:
    """:func:`register_ranges` read from the table parts (no worksheet is parsed)."""
    tables: dict[str, tuple[str, str, list[str]]] = {}
    for name, member in sheets:
        for typ, target in _rels(files, member).values():
            if typ.endswith("/table") and target in files:
                x = files[target].decode("utf-8")
                head = re.search(r"<table\b[^>]*>", x)
                if head is None:
                    continue
                cols = [unescape(c) for c in re.findall(r'<tableColumn\b[^>]*\sname="([^"]*)"', x)]
                tables[(_attr(head.group(0), "displayName") or "").casefold()] = (
                    name, _attr(head.group(0), "ref") or "", cols)
    out: dict[tuple[str, str], str] = {}
    for t in spec.tables:
        hit = tables.get(t.name.casefold())
        if hit is not None:
            sheet, ref, cols = hit
            c0 = range_boundaries(ref)[0]
            out.update(_ranges_of(t, sheet, ref, {norm_header(h): c0 + i for i, h in enumerate(cols)}))
    return out


def _section(xml: str, tag: str) -> re.Match[str] | None:
    return re.search(rf"<{tag}\b[^>]*?(?:/>|>(.*?)</{tag}>)", xml, re.S)


def _items(inner: str, tag: str) -> list[str]:
    return re.findall(rf"<{tag}\b(?:[^>]*/>|.*?</{tag}>)", inner or "", re.S)


def _merge_styles(old: str, new: str) -> tuple[str, dict[int, int]]:
    """Append ``new``'s fonts, fills, borders, number formats and cell formats to ``old``.
    Returns the merged styles.xml and the map new cellXfs index → merged index."""
    offsets: dict[str, int] = {}
    for tag, item in (("fonts", "font"), ("fills", "fill"), ("borders", "border")):
        mo, mn = _section(old, tag), _section(new, tag)
        if mo is None or mn is None or mo.group(1) is None:
            raise _NoGraft(tag)
        have, add = _items(mo.group(1), item), _items(mn.group(1) or "", item)
        offsets[item] = len(have)
        head = _set_attr(re.match(r"<[^>]*>", mo.group(0)).group(0), "count", str(len(have) + len(add)))  # type: ignore[union-attr]
        old = old[:mo.start()] + head + mo.group(1) + "".join(add) + f"</{tag}>" + old[mo.end():]
    fmt_map: dict[str, str] = {}
    mo, mn = _section(old, "numFmts"), _section(new, "numFmts")
    have = {_attr(t, "formatCode"): _attr(t, "numFmtId") for t in _items(mo.group(1) if mo else "", "numFmt")}
    next_id = max([163, *(int(i) for i in have.values() if i and i.isdigit())]) + 1
    added = []
    for t in _items(mn.group(1) if mn else "", "numFmt"):
        code, nid = _attr(t, "formatCode"), _attr(t, "numFmtId") or ""
        if code in have:
            fmt_map[nid] = have[code] or nid
        else:
            fmt_map[nid] = str(next_id)
            added.append(_set_attr(t, "numFmtId", str(next_id)))
            next_id += 1
    if added:
        if mo is None:
            start = re.search(r"<styleSheet\b[^>]*>", old)
            if start is None:
                raise _NoGraft("styleSheet")
            old = old[:start.end()] + f'<numFmts count="{len(added)}">' + "".join(added) + "</numFmts>" + old[start.end():]
        else:
            n = len(have) + len(added)
            head = _set_attr(re.match(r"<[^>]*>", mo.group(0)).group(0), "count", str(n))  # type: ignore[union-attr]
            old = old[:mo.start()] + head + (mo.group(1) or "") + "".join(added) + "</numFmts>" + old[mo.end():]
    mo, mn = _section(old, "cellXfs"), _section(new, "cellXfs")
    if mo is None or mn is None or mo.group(1) is None:
        raise _NoGraft("cellXfs")
    have_xf, new_xf = _items(mo.group(1), "xf"), _items(mn.group(1) or "", "xf")
    moved = []
    for xf in new_xf:
        head = re.match(r"<xf\b[^>]*>", xf).group(0)  # type: ignore[union-attr]
        h = head
        for a, item in (("fontId", "font"), ("fillId", "fill"), ("borderId", "border")):
            v = _attr(h, a)
            if v is not None:
                h = _set_attr(h, a, str(int(v) + offsets[item]))
        v = _attr(h, "numFmtId")
        if v is not None and v in fmt_map:
            h = _set_attr(h, "numFmtId", fmt_map[v])
        if _attr(h, "xfId") is not None:
            h = _set_attr(h, "xfId", "0")
        moved.append(h + xf[len(head):])
    head = _set_attr(re.match(r"<[^>]*>", mo.group(0)).group(0), "count", str(len(have_xf) + len(moved)))  # type: ignore[union-attr]
    old = old[:mo.start()] + head + mo.group(1) + "".join(moved) + "</cellXfs>" + old[mo.end():]
    return old, {i: len(have_xf) + i for i in range(len(new_xf))}


#: the style attribute of a cell, row or column tag (one pass over the sheet XML)
_STYLE_ATTR = re.compile(r'(<(?:c|row|col)\s[^>]*?\s(?:s|style)=")(\d+)(")')


def _restyle(xml: str, xf: dict[int, int]) -> str:
    return _STYLE_ATTR.sub(lambda a: f"{a.group(1)}{xf.get(int(a.group(2)), 0)}{a.group(3)}", xml)


def graft_sheets(src: str | Path, out: str | Path, sheets: Sequence[SheetSpec]) -> Path:
    """Copy ``src`` byte for byte and add the summary sheets (written by openpyxl into a small
    workbook of their own, then moved over with their styles and print settings)."""
    src = Path(src)
    inspect_workbook_file(src)  # the same checks as every read of a user's file
    with zipfile.ZipFile(src) as z:
        infos = z.infolist()
        files = {i.filename: z.read(i) for i in infos}
    top = _rels(files, "")
    wb_part = next((m for t, m in top.values() if t.endswith("/officeDocument")), "")
    if wb_part not in files or "[Content_Types].xml" not in files:
        raise _NoGraft("no workbook part")
    have = _sheets(files, wb_part)
    names = {n for n, _ in have}
    if any(sp.name in names for sp in sheets):
        raise _NoGraft("summary sheets exist already")
    styles_part = next((m for t, m in _rels(files, wb_part).values() if t.endswith("/styles")), "")
    if styles_part not in files:
        raise _NoGraft("no styles part")
    # the summary sheets, in a workbook of their own
    wb = Workbook()
    del wb[wb.active.title]
    streamed = add_books_sheets(wb, sheets, _package_ranges(files, have), stream=True)
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
        new = {i.filename: z.read(i) for i in z.infolist()}
    new_wb = "xl/workbook.xml"
    new_sheets = _sheets(new, new_wb)
    styles, xf = _merge_styles(files[styles_part].decode("utf-8"), new["xl/styles.xml"].decode("utf-8"))
    changed: dict[str, bytes] = {styles_part: styles.encode("utf-8")}
    # worksheet parts, relationships, <sheet> entries, content types
    wb_xml = files[wb_part].decode("utf-8")
    rels_part = _part(wb_part, f"_rels/{wb_part.rsplit('/', 1)[-1]}.rels")
    rels_xml = files[rels_part].decode("utf-8")
    ct_xml = files["[Content_Types].xml"].decode("utf-8")
    used = set(files)
    rid_prefix = "rIdBooks"
    sheet_id = max([0, *(int(x) for x in re.findall(r'<sheet\b[^>]*\ssheetId="(\d+)"', wb_xml))])
    r_ns = re.search(r'xmlns:(\w+)="http://schemas.openxmlformats.org/officeDocument/2006/relationships"', wb_xml)
    if r_ns is None or "</sheets>" not in wb_xml:
        raise _NoGraft("workbook.xml")
    entries, rels_add, ct_add = [], [], []
    n = 1
    for k, (name, member) in enumerate(new_sheets, 1):
        while f"xl/worksheets/sheet{n}.xml" in used:
            n += 1
        part = f"xl/worksheets/sheet{n}.xml"
        used.add(part)
        xml = new[member].decode("utf-8").replace("</sheetData>", streamed.get(name, "") + "</sheetData>", 1)
        spec = next(sp for sp in sheets if sp.name == name)
        last = f"{get_column_letter(len(spec.cols))}{max(FIRST_ROW + len(spec.rows) - 1, 3)}"
        xml = re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="A1:{last}"', xml, count=1)
        changed[part] = _restyle(xml, xf).encode("utf-8")
        rid = f"{rid_prefix}{k}"
        rel_target = "/" + part
        entries.append(f'<sheet name="{escape(name, {chr(34): "&quot;"})}" sheetId="{sheet_id + k}" '
                       f'{r_ns.group(1)}:id="{rid}"/>')
        rels_add.append(f'<Relationship Id="{rid}" Type="{_WS_TYPE}" Target="{rel_target}"/>')
        ct_add.append(f'<Override PartName="/{part}" ContentType="{_WS_CT}"/>')
    wb_xml = wb_xml.replace("</sheets>", "".join(entries) + "</sheets>", 1)
    # print titles and areas: defined names local to the new sheets (indices shift by len(have))
    names_xml = []
    for tag, body in re.findall(r"(<definedName\b[^>]*>)(.*?)</definedName>", new[new_wb].decode("utf-8"), re.S):
        local = _attr(tag, "localSheetId")
        if local is not None:
            tag = _set_attr(tag, "localSheetId", str(int(local) + len(have)))
        names_xml.append(f"{tag}{body}</definedName>")
    if names_xml:
        if "</definedNames>" in wb_xml:
            wb_xml = wb_xml.replace("</definedNames>", "".join(names_xml) + "</definedNames>", 1)
        else:
            wb_xml = wb_xml.replace("</sheets>", "</sheets><definedNames>" + "".join(names_xml) + "</definedNames>", 1)
    calc = re.search(r"<calcPr\b[^>]*>", wb_xml)  # new formulas have no cached values: recalculate on open
    if calc:
        wb_xml = wb_xml.replace(calc.group(0), _set_attr(calc.group(0), "fullCalcOnLoad", "1"), 1)
    else:
        anchor = "</definedNames>" if "</definedNames>" in wb_xml else "</sheets>"
        wb_xml = wb_xml.replace(anchor, anchor + '<calcPr calcId="191029" fullCalcOnLoad="1"/>', 1)
    changed[wb_part] = wb_xml.encode("utf-8")
    changed[rels_part] = rels_xml.replace("</Relationships>", "".join(rels_add) + "</Relationships>", 1).encode("utf-8")
    changed["[Content_Types].xml"] = ct_xml.replace("</Types>", "".join(ct_add) + "</Types>", 1).encode("utf-8")

    def write(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
            for info in infos:
                z.writestr(info, changed.pop(info.filename, files[info.filename]))
            for name, data in changed.items():
                z.writestr(name, data)

    return write_atomic(out, write, inputs=(src,))


# ---------------------------------------------------------------------------------------------
# Closing a month: the seal rows go into the copy's tables (openpyxl path: a rare operation)
# ---------------------------------------------------------------------------------------------


def append_table_rows(wb: Workbook, table_key: str, rows: Sequence[dict[str, Any]],
                      spec: WorkbookSpec = INSTITUTION) -> None:
    """Append ``rows`` (column key → domain value) after the last used row of a register's
    Excel Table, growing the table when needed; each new cell takes the style of the cell above."""
    t = spec.table(table_key)
    hit = tables_by_name(wb).get(t.name.casefold())
    if hit is None:
        raise KeyError(t.name)
    ws, ref = hit
    c0, r0, c1, r1 = range_boundaries(ref)
    cols = _column_index(t, _sheet_headers(ws, ref))
    last = r0
    for r in range(r0 + 1, ws.max_row + 1):
        if any(ws.cell(r, c).value not in (None, "") for c in cols.values() if c):
            last = r
    choice = {col.key: {ch.code: ch.label for ch in spec.choice_list(col.choices).choices}
              for col in t.columns if col.choices}
    for i, rec in enumerate(rows, 1):
        r = last + i
        for col in t.columns:
            c = cols.get(col.key)
            if c is None or col.key not in rec:
                continue
            cell = ws.cell(r, c, to_cell_value(col.kind, rec[col.key], choice.get(col.key)))
            if r > r0 + 1:
                cell._style = copy(ws.cell(r - 1, c)._style)
            cell.number_format = st.number_format(col.kind, col.number_format)
        wrap_long_text(ws, r, {cols[col.key]: col.width for col in t.columns if cols.get(col.key)})
    end = max(r1, last + len(rows))
    if end > r1:
        table = ws.tables[next(k for k in ws.tables if k.casefold() == t.name.casefold())]
        table.ref = f"{get_column_letter(c0)}{r0}:{get_column_letter(c1)}{end}"
        if table.autoFilter is not None:
            table.autoFilter.ref = table.ref


def write_closed_copy(src: str | Path, out: str | Path, sheets: Sequence[SheetSpec],
                      closed: Sequence[dict[str, Any]], seals: Sequence[dict[str, Any]]) -> Path:
    """A copy of ``src`` with months closed (rows added to tblClosedMonths and tblMonthSeals,
    the seal sheet hidden) and the summary sheets; ``src`` is never written."""
    _, wb = safe_load_workbook(src)
    append_table_rows(wb, "closed_months", closed)
    append_table_rows(wb, "month_seals", seals)
    seal_sheet = tables_by_name(wb)[INSTITUTION.table("month_seals").name.casefold()][0]
    seal_sheet.sheet_state = "hidden"  # written by the tool, not for typing
    add_books_sheets(wb, sheets)
    return save_atomic(wb, out, inputs=(src,))
