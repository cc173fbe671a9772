"""Real institution workbooks for the books' workbook tests: the hand-worked small institution
(``test_books_fixtures.small_book``) written through the real template builder. A helper module
(imported by ``conftest.py`` and the tests), named uniquely so that it never clashes."""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from test_books_fixtures import small_book  # noqa: E402

from cmfi_xl.books import close_month  # noqa: E402
from cmfi_xl.core.models import CashBookEntry, InstitutionBook  # noqa: E402
from cmfi_xl.xlsx.build import default_settings_rows  # noqa: E402

D = Decimal

#: The settings of the worked example (``small_settings``), as typed in the settings sheet.
SMALL_SETTINGS = {"opening_cash": D("1000"), "opening_reserve": D("800"), "opening_welfare_fund": D("5000"),
                  "penalty_rate": D("0.12")}


def _rows(book: InstitutionBook, key: str) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.model_dump().items() if k != "row"} for r in book.records(key)]


def small_data(book: InstitutionBook | None = None, settings: dict[str, Any] | None = None,
               **tables: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """(profile, data) of the worked example; ``tables`` replace or add whole tables."""
    book = book or small_book()
    data = {k: _rows(book, k) for k in ("member_groups", "shares", "intergroup_loans", "loan_repayments", "welfare",
                                        "bank_accounts", "cash_book")}
    data["cash_book"].sort(key=lambda c: (c["date"], c["doc_no"]))
    for g in data["member_groups"]:
        g.update(name=f"กลุ่มออมทรัพย์ {g['group_id']}", group_type="savings", joined_on=dt.date(2020, 1, 1))
    values = {**SMALL_SETTINGS, **(settings or {})}
    rows = default_settings_rows()
    for r in rows:
        if r["key"] in values:
            r["value"] = values[r["key"]]
    data["settings"] = rows
    data["welfare_rules"] = [{"kind": "death", "ceiling": D("3000"), "eligibility": "สมาชิกเสียชีวิต จ่ายทายาท"},
                             {"kind": "birth", "ceiling": D("500"), "eligibility": "คลอดบุตร"}]
    data["passbook"] = [{"account_id": "B1", "date": dt.date(2026, 5, 31), "balance": D("11000")},
                        {"account_id": "B1", "date": dt.date(2026, 6, 30), "balance": D("11050"),
                         "note": "ธนาคารแจ้งยอด 11,050"}]
    data.update(tables)
    profile = {"name": "สถาบันตัวอย่าง", "village_code": "34140507", "tambon": "หนองบัว", "amphoe": "ตระการพืชผล",
               "province": "อุบลราชธานี", "operating_model": "1", "founded_on": dt.date(2012, 6, 15),
               "fiscal_year": 2569}
    return profile, data


def sealed(cash: list[dict[str, Any]], month: dt.date) -> dict[str, list[dict[str, Any]]]:
    """The closed-month and seal rows ``cmfi-xl books --close-month`` writes for ``month``."""
    cm = close_month([CashBookEntry(**c) for c in cash], month, closed_on=dt.date(2025, 12, 5))
    return {"closed_months": [{"month": cm.month, "closed_on": cm.closed_on, "seal": cm.seal}],
            "month_seals": [{"month": cm.month, "doc_no": k, "digest": v} for k, v in sorted(cm.rows.items())]}
