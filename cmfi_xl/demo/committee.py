"""The demo's stand-in for the committee: it approves every proposal in the plan sheet.

In real use the committee reviews the plan in Excel and marks อนุมัติ = ใช่ row by row.
"""

from __future__ import annotations

from pathlib import Path

from cmfi_xl.schema.plan import PLAN_TABLE
from cmfi_xl.xlsx.safety import safe_load_workbook
from cmfi_xl.xlsx.write import save_atomic


def approve_all(src: str | Path, dst: str | Path) -> int:
    _, wb = safe_load_workbook(src)
    ws = wb[PLAN_TABLE.sheet]
    head = {c.value: c.column for c in ws[3]}
    col = {c.key: head[c.header] for c in PLAN_TABLE.columns}
    n = 0
    for r in range(4, ws.max_row + 1):
        if ws.cell(r, col["household_id"]).value and ws.cell(r, col["to_group"]).value:
            ws.cell(r, col["approved"], "ใช่")
            n += 1
    save_atomic(wb, dst, inputs=(src,))
    return n
