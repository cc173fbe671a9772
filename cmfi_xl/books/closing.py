"""Closed months (ปิดบัญชีประจำเดือน): seals that make later edits visible.

A workbook carries no history, so an edit cannot be seen by looking at the rows alone. When the
committee closes a month, :func:`close_month` computes

* a **row digest** for every cash-book row dated in the month: the first 16 hex digits of the
  SHA-256 of its canonical content (date, doc no., description, category, the four amounts as
  0.00 text, bank account, reverses — the worksheet row number is *not* included, so sorting the
  sheet does not break a seal), and
* the **month seal**: the SHA-256 (16 hex) of the sorted ``doc_no=digest`` lines,

and the settings store them (:class:`cmfi_xl.books.settings.ClosedMonth`). Later,
:func:`check_closed_months` recomputes them:

* a row dated in a closed month whose document is not in the seal, or whose digest differs, is
  **B017** (added or edited after closing) — this is how "a payment dated in a closed month" is
  caught, located at its date cell;
* a sealed document no longer dated in that month is **B018** (deleted, re-dated, renumbered),
  located at its new row when it moved, else at the sheet;
* a closed month without a seal is **B019** (a warning: nothing can be verified).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

from cmfi_xl.core.issues import Issue
from cmfi_xl.core.models import CashBookEntry
from cmfi_xl.validate.locate import Locator

from ._util import gkey, th_month
from .settings import BooksSettings, ClosedMonth, first_of_month

__all__ = ["check_closed_months", "close_month", "month_seal", "row_digest"]


def _money_text(x: object) -> str:
    return "" if x is None else f"{x:.2f}"


def row_digest(e: CashBookEntry) -> str:
    parts = [
        e.date.isoformat() if e.date else "",
        e.doc_no or "",
        e.description or "",
        e.category or "",
        _money_text(e.cash_in),
        _money_text(e.cash_out),
        e.bank_account or "",
        _money_text(e.bank_in),
        _money_text(e.bank_out),
        e.reverses or "",
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def _seal(rows: dict[str, str]) -> str:
    text = "\n".join(f"{k}={v}" for k, v in sorted(rows.items()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _in_month(entries: Iterable[CashBookEntry], month: dt.date) -> list[CashBookEntry]:
    m0 = first_of_month(month)
    return [e for e in entries if e.date is not None and first_of_month(e.date) == m0]


def month_seal(entries: Iterable[CashBookEntry], month: dt.date) -> tuple[str, dict[str, str]]:
    """(seal, doc_no → digest) of the rows dated in ``month``'s month."""
    rows = {(e.doc_no or f"#row{e.row}"): row_digest(e) for e in _in_month(entries, month)}
    return _seal(rows), rows


def close_month(entries: Iterable[CashBookEntry], month: dt.date, closed_on: dt.date | None = None) -> ClosedMonth:
    """The :class:`ClosedMonth` to store in the settings when the committee closes ``month``."""
    seal, rows = month_seal(entries, month)
    return ClosedMonth(month=month, closed_on=closed_on, seal=seal, rows=rows)


def check_closed_months(entries: Iterable[CashBookEntry], settings: BooksSettings,
                        loc: Locator | None = None) -> list[Issue]:
    loc = loc or Locator()
    entries = list(entries)
    out: list[Issue] = []
    by_doc = {gkey(e.doc_no): e for e in entries if e.doc_no}
    for cm in settings.closed_months:
        label = th_month(cm.month)
        here = _in_month(entries, cm.month)
        if cm.seal is None:
            first = min((e.row for e in here), default=0)
            out.append(loc.issue("B019", "cash_book", first, "date", value=label, month=label))
            continue
        seal, rows = month_seal(here, cm.month)
        if seal == cm.seal and rows == cm.rows:
            continue
        for e in sorted(here, key=lambda e: e.row):
            k = e.doc_no or f"#row{e.row}"
            if cm.rows.get(k) != rows[k]:
                out.append(loc.issue("B017", "cash_book", e.row, "date", value=e.doc_no or "", month=label))
        for doc in sorted(set(cm.rows) - set(rows)):
            moved = by_doc.get(gkey(doc))
            out.append(loc.issue("B018", "cash_book", moved.row if moved else 0, "doc_no" if moved else None,
                                 value=doc, ref=doc, month=label))
    return out
