"""Builders of small hand-worked institution workbooks (real .xlsx written and read back)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from cmfi_xl.schema.institution import INSTITUTION
from cmfi_xl.validate.check import check_file
from cmfi_xl.xlsx.build import build_workbook

PROFILE: dict[str, Any] = {
    "name": "สถาบันทดสอบ", "village_code": "34140507", "tambon": "หนองบัว", "amphoe": "ตระการพืชผล",
    "province": "อุบลราชธานี", "operating_model": "1", "founded_on": dt.date(2015, 1, 1), "fiscal_year": 2569,
}


def group(gid: str, gtype: str = "savings", **kw: Any) -> dict[str, Any]:
    return {"group_id": gid, "name": f"กลุ่ม {gid}", "group_type": gtype, "joined_on": dt.date(2015, 1, 1),
            "status": "active", **kw}


def rep(name: str, gid: str | None, kind: str = "group_rep", role: str = "member") -> dict[str, Any]:
    return {"name": name, "role": role, "kind": kind, "group_id": gid, "term_start": dt.date(2024, 10, 1)}


def contract(hid: str, no: str, lender: str = "G1", principal: str = "10000", status: str = "open") -> dict[str, Any]:
    return {"household_id": hid, "lender": lender, "contract_no": no, "principal": Decimal(principal),
            "annual_rate": Decimal("0.06"), "status": status}


def household(hid: str, name: str = "", cid: str | None = None) -> dict[str, Any]:
    return {"household_id": hid, "head_name": name or f"หัวหน้า {hid}", "citizen_id": cid}


