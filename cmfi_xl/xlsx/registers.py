"""Appending rows to the registers of an institution workbook in memory (openpyxl), for the
commands that record what they did: ``apply-plan`` (debt transfers, new contracts) and ``convert``
(an ad-hoc group, savings, moved debts)."""

from __future__ import annotations

from typing import Any

from openpyxl.workbook.workbook import Workbook

from cmfi_xl.core.models import InstitutionBook
from cmfi_xl.schema.institution import INSTITUTION
from cmfi_xl.validate.locate import Locator

from . import styles as st
from .build import to_cell_value


def append_rows(wb: Workbook, book: InstitutionBook, loc: Locator, key: str, rows: list[dict[str, Any]]) -> None:
    """Append ``rows`` (column key → domain value) below the last record of register ``key``."""
    if rows:
        last = max((rec.row for rec in book.records(key)), default=loc.tables[key].header_row)
        append_records(wb, key, loc, last, rows)


def append_records(wb: Workbook, key: str, loc: Locator, last_used: int, rows: list[dict[str, Any]]) -> None:
    """Write ``rows`` below row ``last_used`` of register ``key`` and grow its Excel Table."""
    table = INSTITUTION.table(key)
    place = loc.tables[key]
    ws = wb[place.sheet]
    for i, rec in enumerate(rows, 1):
        r = last_used + i
        for col in table.input_columns:
            if col.key not in place.columns or rec.get(col.key) is None:
                continue
            labels = ({c.code: c.label for c in INSTITUTION.choice_list(col.choices).choices}
                      if col.choices else None)
            cell = ws.cell(r, place.columns[col.key][0], to_cell_value(col.kind, rec[col.key], labels))
            cell.number_format = st.number_format(col.kind)
            cell.font = st.body_font
    xt = ws.tables.get(table.name)
    end = last_used + len(rows)
    if xt is None:
        return
    first, _, last = xt.ref.partition(":")
    last_col = "".join(ch for ch in last if ch.isalpha())
    if end > int("".join(ch for ch in last if ch.isdigit())):
        xt.ref = f"{first}:{last_col}{end}"
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


