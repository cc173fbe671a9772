"""Appending rows to the registers of an institution workbook in memory (openpyxl), for the
commands that record what they did: ``apply-plan`` (debt transfers, new contracts) and ``convert``
(an ad-hoc group, savings, moved debts)."""

from __future__ import annotations

from typing import Any

from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.workbook.workbook import Workbook

from cmfi_xl.core.models import InstitutionBook
from cmfi_xl.schema.institution import INSTITUTION
from cmfi_xl.validate.locate import Locator

from . import styles as st
from .build import to_cell_value, wrap_long_text


def append_rows(wb: Workbook, book: InstitutionBook, loc: Locator, key: str, rows: list[dict[str, Any]]) -> None:
    """Write ``rows`` (column key → domain value) below the last record of register ``key`` and
    grow its Excel Table to cover them."""
    if not rows:
        return
    table = INSTITUTION.table(key)
    place = loc.tables[key]
    ws = wb[place.sheet]
    last_used = max((rec.row for rec in book.records(key)), default=place.header_row)
    columns = [(col, place.columns[col.key][0],
                {c.code: c.label for c in INSTITUTION.choice_list(col.choices).choices} if col.choices else None)
               for col in table.input_columns if col.key in place.columns]
    for r, rec in enumerate(rows, last_used + 1):
        for col, idx, labels in columns:
            if rec.get(col.key) is None:
                continue
            cell = ws.cell(r, idx, to_cell_value(col.kind, rec[col.key], labels))
            cell.number_format = st.number_format(col.kind)
            cell.font, cell.alignment = st.body_font, st.left_middle
        wrap_long_text(ws, r, {idx: col.width for col, idx, _ in columns})
    xt = ws.tables.get(table.name)
    end = last_used + len(rows)
    if xt is None:
        return
    min_col, min_row, max_col, max_row = range_boundaries(xt.ref)
    if end > max_row:
        xt.ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{end}"
        if xt.autoFilter is not None:
            xt.autoFilter.ref = xt.ref


def close_contracts(wb: Workbook, book: InstitutionBook, loc: Locator, numbers: list[str]) -> None:
    """Set the status of the named contracts to ปิดสัญญา (closed)."""
    closing = {n.casefold() for n in numbers}
    if not closing:
        return
    place = loc.tables["contracts"]
    ws = wb[place.sheet]
    status_col = place.columns["status"][0]
    closed_label = next(c.label for c in INSTITUTION.choice_list("contract_status").choices if c.code == "closed")
    for c in book.contracts:
        if c.contract_no and c.contract_no.casefold() in closing:
            ws.cell(c.row, status_col, closed_label)


