"""Reading a workbook's Excel Tables with plain openpyxl (independent of the tool's readers)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl


def read_tables(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Every Excel Table of a workbook as rows keyed by the header text — plain openpyxl, none of
    the tool's readers, so a test that recomputes from this is independent of the code under test."""
    wb = openpyxl.load_workbook(path, data_only=True)
    out: dict[str, list[dict[str, Any]]] = {}
    for ws in wb.worksheets:
        for name, t in ws.tables.items():
            ref = t.ref if hasattr(t, "ref") else t
            rows = list(ws[ref])
            head = [c.value for c in rows[0]]
            out[name] = [dict(zip(head, (c.value for c in r))) for r in rows[1:]
                         if any(c.value not in (None, "") for c in r)]
    return out
