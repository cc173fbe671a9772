"""A workbook as sorted, readable text: for golden files and reviewable diffs (not zip bytes).

One line per non-empty cell (``Sheet!A1 = value | format | locked``), then tables, data
validations, defined names, merged cells, protection and page setup of every sheet.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook


def dump_workbook(path: str | Path) -> str:
    wb = load_workbook(path)  # our own output: trusted
    out: list[str] = []
    for name, dn in sorted(wb.defined_names.items()):
        out.append(f"name {name} = {dn.attr_text}")
    for prop in wb.custom_doc_props:
        out.append(f"property {prop.name} = {prop.value}")
    for ws in wb.worksheets:
        s = ws.title
        ps = ws.page_setup
        out.append(f"{s}: paper={ps.paperSize} orientation={ps.orientation} fitToWidth={ps.fitToWidth} "
                   f"freeze={ws.freeze_panes} protected={ws.protection.sheet} "
                   f"print_titles={ws.print_title_rows} print_area={ws.print_area}")
        for letter, dim in sorted(ws.column_dimensions.items()):
            out.append(f"{s}: col {letter} width={dim.width} format={dim.number_format} "
                       f"locked={dim.protection.locked}")
        for t in ws.tables.values():
            out.append(f"{s}: table {t.displayName} ref={t.ref} "
                       f"columns={[c.name for c in t.tableColumns]}")
        for dv in ws.data_validations.dataValidation:
            out.append(f"{s}: validation {dv.type} {dv.formula1} {dv.errorStyle} on {dv.sqref}")
        for rng in sorted(str(m) for m in ws.merged_cells.ranges):
            out.append(f"{s}: merged {rng}")
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                out.append(f"{s}!{c.coordinate} = {c.value!r} | {c.number_format} | "
                           f"{c.font.name} {c.font.sz} | locked={c.protection.locked}")
    return "\n".join(out) + "\n"
