"""A small model-4 institution (individual members deposit with and borrow from it), used by the
demo's conversion step and by the conversion tests, which work its figures by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

D = Decimal

PROFILE: dict[str, Any] = {
    "name": "สถาบันการจัดการเงินทุนชุมชนบ้านทดสอบ", "village_code": "34140508", "village_name": "บ้านทดสอบ",
    "tambon": "หนองบัว", "amphoe": "ตระการพืชผล", "province": "อุบลราชธานี", "operating_model": "4",
    "founded_on": dt.date(2015, 1, 10), "fiscal_year": 2569,
}


def small_data() -> dict[str, list[dict[str, Any]]]:
    g = lambda gid, name, rate: {"group_id": gid, "name": name, "group_type": "savings",  # noqa: E731
                                 "joined_on": dt.date(2015, 2, 1), "lending_rate": D(rate), "status": "active"}
    return {
        "member_groups": [g("G1", "กลุ่มออมทรัพย์ ก", "0.06"), g("G2", "กลุ่มออมทรัพย์ ข", "0.07"),
                          g("G3", "กองทุนหมู่บ้าน", "0.05")],
        "households": [{"household_id": h, "head_name": f"ครัวเรือน {h}"} for h in ("H1", "H2", "H3", "H4", "H5")],
        "memberships": [{"household_id": "H1", "group_id": "G1", "savings": D("3000")}],
        "contracts": [{"household_id": "H1", "lender": "G1", "contract_no": "K-1", "principal": D("4000"),
                       "annual_rate": D("0.06"), "status": "open"}],
        "debt_policy": [
            {"group_id": "G1", "lendable": D("10000"), "open_to_new_members": "no", "accepts_arrears": "no",
             "can_consolidate": "yes"},
            {"group_id": "G2", "lendable": D("10000"), "open_to_new_members": "yes", "accepts_arrears": "no",
             "can_consolidate": "yes"},
            {"group_id": "G3", "lendable": D("50000"), "open_to_new_members": "yes", "accepts_arrears": "no",
             "can_consolidate": "yes"},
        ],
        "individual_members": [
            # P1 is in G1 already and chose G2: returns to G1; 5,000 debt fits G1 (10,000)
            {"member_no": "P1", "name": "นายหนึ่ง", "household_id": "H1", "regular_deposit": D("1000"),
             "loan_principal": D("5000"), "loan_rate": D("0.12"), "group_before": "G1", "chosen_group": "G2"},
            # P2 chose G2 (10,000 lendable) with 20,000 debt: G3 (open, 50,000) is proposed
            {"member_no": "P2", "name": "นางสอง", "household_id": "H2", "regular_deposit": D("500"),
             "special_deposit": D("1500"), "loan_principal": D("20000"), "loan_rate": D("0.10"),
             "chosen_group": "G2"},
            # P3 chose nothing and owes nothing: into the ad-hoc group with 2,000 deposits
            {"member_no": "P3", "name": "นายสาม", "household_id": "H3", "regular_deposit": D("2000")},
            # P4 is in arrears; no group accepts arrears: pending
            {"member_no": "P4", "name": "นางสี่", "household_id": "H4", "loan_principal": D("3000"),
             "loan_arrears": D("300"), "loan_rate": D("0.12"), "chosen_group": "G2"},
            # P5 was converted last month: untouched
            {"member_no": "P5", "name": "นายห้า", "household_id": "H5", "regular_deposit": D("700"),
             "chosen_group": "G3", "converted_on": dt.date(2025, 10, 1)},
        ],
    }
