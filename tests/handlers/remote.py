"""Driver (c) for tests: a real .xlsx as xlwings' remote-engine payload, and the engine's
actions applied back to a copy of that .xlsx with openpyxl.

The payload is what the xlwings Office.js client sends (``xlwingsjs/src/xlwings.ts``
``getBookData``): ``client``, ``version``, ``book`` (name, active sheet, selection), ``names``,
and per sheet ``name``, ``values`` (anchored at A1, ``""`` for empty, dates as ISO strings),
``used_range_address``, ``tables`` (name and range addresses), ``pictures``/``charts``/
``shapes``/``notes``.  Cell values are the cached values of the file (``data_only``), as Excel
would send computed values.  Optional cmfi extension (read by
``cmfi_xl.handlers.excel._remote_facts``): ``book.read_only``, ``book.structure_protected`` and
each sheet's ``protection`` — Office.js has them (``Workbook.readOnly``,
``WorksheetProtection``); the stock client does not send them.

:func:`apply_actions` does to the openpyxl copy what the Office.js client does to Excel for
each action the handlers emit (an unknown action fails the test).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname, range_boundaries
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo

OPERATORS = {"between": "between", "not_between": "notBetween", "equal_to": "equal", "not_equal_to": "notEqual",
             "greater_than": "greaterThan", "less_than": "lessThan",
             "greater_than_or_equal": "greaterThanOrEqual", "less_than_or_equal": "lessThanOrEqual"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}$")


def _js(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(v, dt.date):
        return v.strftime("%Y-%m-%dT00:00:00.000Z")
    if isinstance(v, dt.time):
        return v.isoformat()
    return v


def payload(path: Path, *, selection: str | None = "A1", read_only: bool = False,
            active: int | None = None, client: str = "Office.js", floats: bool = False) -> dict[str, Any]:
    """``floats``: every number as a float, as desktop Excel (COM) returns them."""
    import xlwings as xw

    wb = openpyxl.load_workbook(path, data_only=True)
    sheets = []
    for ws in wb.worksheets:
        rows, cols = ws.max_row, ws.max_column
        values = [[_js(c) for c in row] for row in ws.iter_rows(min_row=1, max_row=rows, max_col=cols, values_only=True)]
        if floats:
            values = [[float(v) if type(v) is int else v for v in row] for row in values]
        tables = []
        for t in ws.tables.values():
            name, ref = t.displayName, t.ref
            c0, r0, c1, r1 = range_boundaries(ref)
            tables.append({
                "name": name, "range_address": ref,
                "header_row_range_address": f"{get_column_letter(c0)}{r0}:{get_column_letter(c1)}{r0}",
                "data_body_range_address": f"{get_column_letter(c0)}{r0 + 1}:{get_column_letter(c1)}{r1}",
                "total_row_range_address": None, "show_headers": True, "show_totals": False,
                "table_style": t.tableStyleInfo.name if t.tableStyleInfo else "", "show_autofilter": True,
            })
        p = ws.protection
        sheets.append({
            "name": ws.title, "values": values, "used_range_address": f"A1:{get_column_letter(cols)}{rows}",
            "visibility": "Visible", "tables": tables, "pictures": [], "charts": [], "shapes": [], "notes": [],
            "protection": {"protected": bool(p.sheet), "allow_format_cells": not p.formatCells,
                           "allow_edit_objects": not p.objects},
        })
    names = []
    for n, d in wb.defined_names.items():
        sheet, _, address = (d.attr_text or "").rpartition("!")
        sheet = sheet.strip("'").replace("''", "'")
        names.append({"name": n, "refers_to": "=" + (d.attr_text or ""), "book_scope": True,
                      "scope_sheet_index": None,
                      "sheet_index": wb.sheetnames.index(sheet) if sheet in wb.sheetnames else None,
                      "address": address.replace("$", "") or None})
    return {
        "client": client, "version": xw.__version__,
        "book": {"name": path.name, "active_sheet_index": wb.index(wb.active) if active is None else active,
                 "selection": selection, "read_only": read_only,
                 "structure_protected": bool(wb.security and wb.security.lockStructure)},
        "names": names, "sheets": sheets,
    }


def ensure_remote_engine() -> None:
    """Register xlwings' remote engine even when xlwings was imported before the licence key was
    set (another test module imported it first): the same two steps ``xlwings/__init__`` takes."""
    import xlwings as xw

    assert os.environ.get("XLWINGS_LICENSE_KEY"), "set by tests/handlers/conftest.py"
    if "remote" not in [e.name for e in xw.engines]:
        from xlwings.pro import _xlremote  # validates the key

        xw.engines.add(xw.main.Engine(impl=_xlremote.engine))


def remote_book(path: Path, **kw: Any) -> Any:
    import xlwings as xw

    ensure_remote_engine()
    return xw.Book(json=payload(path, **kw))


NUMBER = re.compile(r"^\s*[-+]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?\s*$")
DATE_LIKE = re.compile(r"^\s*\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\s*$")


def _value(v: Any) -> Any:
    """What Excel stores for a value Office.js writes, as if typed: "" clears, a leading
    apostrophe keeps text as text, ISO dates become dates, numeric text becomes a number,
    TRUE/FALSE become booleans; a locale date like "15/01/2568" is refused (Excel would read it
    by the PC's locale: the handlers must not send one unprotected)."""
    if v == "":
        return None
    if isinstance(v, str) and v.startswith("'"):
        return v[1:]
    if isinstance(v, str) and DATE_LIKE.match(v):
        raise AssertionError(f"Excel would turn {v!r} into a date by the PC's locale")
    if isinstance(v, str) and v.strip() and any(ch.isdigit() for ch in v) and NUMBER.match(v):
        n = float(v.replace(",", ""))
        return int(n) if n.is_integer() and "." not in v else n
    if isinstance(v, str) and v.strip().upper() in ("TRUE", "FALSE"):
        return v.strip().upper() == "TRUE"
    if isinstance(v, str) and ISO_DATE.match(v):
        return dt.datetime.fromisoformat(v)
    if isinstance(v, str) and ISO_DATETIME.match(v):
        return dt.datetime.fromisoformat(v.replace(" ", "T"))
    return v


def apply_actions(src: Path, actions: list[dict[str, Any]], out: Path) -> list[list[Any]]:
    """Apply the remote engine's ``actions`` to a copy of ``src`` saved as ``out``; returns the
    alerts shown (their args)."""
    wb = openpyxl.load_workbook(src)
    alerts: list[list[Any]] = []
    borders: dict[tuple[int, int, int], tuple[Any, dict[str, dict[str, Any]]]] = {}
    charts: dict[int, list[Any]] = {}  # charts added by the actions, per sheet, in order

    def rng(a: dict[str, Any]) -> tuple[Any, int, int, int, int]:
        ws = wb.worksheets[a["sheet_position"]]
        return ws, a["start_row"] + 1, a["start_column"] + 1, a["row_count"], a["column_count"]

    def cells(a: dict[str, Any]) -> Any:
        ws, r, c, nr, nc = rng(a)
        for i in range(nr):
            for j in range(nc):
                yield ws.cell(r + i, c + j)

    for a in actions:
        f, args = a["func"], a["args"]
        if f == "addSheet":
            wb.create_sheet(args[1], args[0])
        elif f == "sheetDelete":
            del wb[wb.worksheets[a["sheet_position"]].title]
        elif f == "activateSheet":
            wb.active = args[0]
        elif f == "setValues":
            ws, r, c, _, _ = rng(a)
            for i, row in enumerate(a["values"]):
                for j, v in enumerate(row):
                    ws.cell(r + i, c + j).value = _value(v)
        elif f == "setNumberFormat":
            for cell in cells(a):
                cell.number_format = args[0]
        elif f == "setRangeColor":
            for cell in cells(a):
                cell.fill = PatternFill("solid", fgColor="FF" + args[0].lstrip("#").upper())
        elif f == "setFontProperty":
            prop, value = args
            key = {"name": "name", "size": "sz", "bold": "b", "color": "color"}[prop]
            for cell in cells(a):
                kw = {"name": cell.font.name, "sz": cell.font.sz, "b": cell.font.b, "color": cell.font.color}
                kw[key] = ("FF" + value.lstrip("#").upper()) if prop == "color" else value
                cell.font = Font(**kw)
        elif f == "setColumnWidth":
            ws, _, c, _, nc = rng(a)
            for j in range(nc):
                ws.column_dimensions[get_column_letter(c + j)].width = round((args[0] / 0.75 - 5) / 7, 4)
        elif f == "setRowHeight":
            ws, r, _, nr, _ = rng(a)
            for i in range(nr):
                ws.row_dimensions[r + i].height = args[0]
        elif f == "addNote":
            ws = wb.worksheets[a["sheet_position"]]
            ws[args[0].replace("$", "")].comment = Comment(args[1], "cmfi-xl")
        elif f == "addHyperlink":
            for cell in cells(a):
                target, text = args[0], args[1]
                cell.value = text
                if target.startswith("#"):
                    cell.hyperlink = None
                    cell.hyperlink = target  # openpyxl stores "#Sheet!A1" as an internal location
                else:
                    cell.hyperlink = target
        elif f == "addTable":
            address, _, style, name = args
            ws = wb.worksheets[a["sheet_position"]]
            t = Table(displayName=name, ref=address.replace("$", ""))
            if style:
                t.tableStyleInfo = TableStyleInfo(name=style, showRowStripes=True)
            ws.add_table(t)
        elif f == "resizeTable":
            ws = wb.worksheets[a["sheet_position"]]
            t = list(ws.tables.values())[args[0]]
            t.ref = args[1].replace("$", "")
            if t.autoFilter is not None:
                t.autoFilter.ref = t.ref
        elif f == "namesAdd":
            wb.defined_names[args[0]] = DefinedName(args[0], attr_text=args[1].lstrip("="))
        elif f in ("setDataValidationList", "setDataValidationRule"):
            ws, r, c, nr, nc = rng(a)
            ref = f"{get_column_letter(c)}{r}:{get_column_letter(c + nc - 1)}{r + nr - 1}"
            rule = args[0]
            if f == "setDataValidationList":
                if rule["type"] == "literal":
                    formula1 = '"' + ",".join(rule["values"]) + '"'
                elif rule["type"] == "name":
                    formula1 = "=" + rule["name"]
                else:
                    src = wb.worksheets[rule["sheet_position"]]
                    r0, c0 = rule["start_row"] + 1, rule["start_column"] + 1
                    r1, c1 = r0 + rule["row_count"] - 1, c0 + rule["column_count"] - 1
                    formula1 = (f"={quote_sheetname(src.title)}!${get_column_letter(c0)}${r0}:"
                                f"${get_column_letter(c1)}${r1}")
                dv = DataValidation(type="list", formula1=formula1, showDropDown=not args[1], allow_blank=True)
            else:
                kind = {"whole_number": "whole", "decimal": "decimal", "custom": "custom"}[rule["type"]]
                op = None if rule["operator"] is None else OPERATORS[rule["operator"]]
                f2 = rule["formula2"]
                dv = DataValidation(type=kind, operator=op, formula1=rule["formula1"].lstrip("="),
                                    formula2=None if f2 is None else f2.lstrip("="), allow_blank=True)
            ws.add_data_validation(dv)
            dv.add(ref)
        elif f == "addChart":
            name, kind, sheet, address, _, _, width, height, plot_by, anchor, _ = args
            assert kind in ("ColumnClustered", "BarClustered", "ColumnStacked", "BarStacked"), kind
            assert plot_by in ("Rows", "Columns")
            ws = wb.worksheets[a["sheet_position"]] if a["sheet_position"] is not None else wb[sheet]
            chart = BarChart()
            chart.type = "col" if kind.startswith("Column") else "bar"
            if kind.endswith("Stacked"):
                chart.grouping, chart.overlap = "stacked", 100
            c0, r0, c1, r1 = range_boundaries(address.replace("$", ""))
            chart.add_data(Reference(wb[sheet], min_col=c0, max_col=c1, min_row=r0, max_row=r1),
                           from_rows=plot_by == "Rows", titles_from_data=False)
            chart.width, chart.height = width / (72 / 2.54), height / (72 / 2.54)
            ws.add_chart(chart, anchor.replace("$", ""))
            charts.setdefault(id(ws), []).append(chart)
        elif f in ("setChartXAxisValues", "setChartTitle"):
            chart = charts[id(wb.worksheets[a["sheet_position"]])][args[0]]
            if f == "setChartTitle":
                chart.title = args[1]
            else:
                c0, r0, c1, r1 = range_boundaries(args[2].replace("$", ""))
                chart.set_categories(Reference(wb[args[1]], min_col=c0, max_col=c1, min_row=r0, max_row=r1))
        elif f in ("setHorizontalAlignment", "setVerticalAlignment", "setWrapText"):
            for cell in cells(a):
                al = cell.alignment
                kw = {"horizontal": al.horizontal, "vertical": al.vertical, "wrap_text": al.wrap_text}
                if f == "setWrapText":
                    kw["wrap_text"] = bool(args[0])
                elif f == "setVerticalAlignment":
                    kw["vertical"] = args[0].lower()
                else:
                    kw["horizontal"] = {"CenterAcrossSelection": "centerContinuous"}.get(args[0], args[0].lower())
                cell.alignment = Alignment(**kw)
        elif f == "setBorderProperty":
            side, attribute, value = args
            ws, r0, c0, nr, nc = rng(a)
            r1, c1 = r0 + nr - 1, c0 + nc - 1
            targets = {"edge_left": [(r, c0, "left") for r in range(r0, r1 + 1)],
                       "edge_right": [(r, c1, "right") for r in range(r0, r1 + 1)],
                       "edge_top": [(r0, c, "top") for c in range(c0, c1 + 1)],
                       "edge_bottom": [(r1, c, "bottom") for c in range(c0, c1 + 1)],
                       "inside_vertical": [(r, c, s_) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)
                                           for s_ in ("left", "right") if (s_ == "left" and c > c0) or
                                           (s_ == "right" and c < c1)],
                       "inside_horizontal": [(r, c, s_) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)
                                             for s_ in ("top", "bottom") if (s_ == "top" and r > r0) or
                                             (s_ == "bottom" and r < r1)]}[side]
            for r, c, s_ in targets:
                borders.setdefault((id(ws), r, c), (ws, {}))[1].setdefault(s_, {})[attribute] = value
        elif f == "rangeMerge":
            assert args in (False, [False]), args  # merge the whole block (merge across is not used)
            ws, r, c, nr, nc = rng(a)
            ws.merge_cells(start_row=r, start_column=c, end_row=r + nr - 1, end_column=c + nc - 1)
        elif f == "setScreenUpdating":
            pass  # no effect on the workbook
        elif f == "alert":
            alerts.append(args)
        else:
            raise AssertionError(f"action not applied by the test applier: {f}")
    styles = {("continuous", "hairline"): "hair", ("continuous", "thin"): "thin", ("continuous", "medium"): "medium",
              ("continuous", "thick"): "thick", ("dash", "thin"): "dashed", ("dot", "thin"): "dotted",
              ("double", "thick"): "double"}
    for (_, r, c), (ws, sides) in borders.items():
        cell = ws.cell(r, c)
        kw = {}
        for s_, props in sides.items():
            color = props.get("color")
            kw[s_] = Side(style=styles[(props.get("line_style"), props.get("weight"))],
                          color=None if color is None else "00" + color.lstrip("#").upper())
        cell.border = Border(**kw)
    wb.save(out)
    return alerts
