"""The summary sheet (สรุป): figures the template computes with live formulas.

Each item has a formula template (rendered by the builder against the real table ranges) and a
key that :func:`cmfi_xl.core.summary.compute_summary` computes in Python from the same data. A
test has LibreOffice recalculate the workbook and compares the two.

Formula placeholders: ``{tbl:TABLE:COLUMN}`` is the data range of a register column;
``{item:KEY}`` is the value cell of another summary item.
"""

from __future__ import annotations

from dataclasses import dataclass


PASS_TEXT, FAIL_TEXT = "ผ่าน", "ไม่ผ่าน"  # results a formula shows (not inputs it compares)


@dataclass(frozen=True)
class SummaryItem:
    key: str
    label: str
    label_en: str
    formula: str
    fmt: str  # "int" | "money" | "text"


SUMMARY_ITEMS: tuple[SummaryItem, ...] = (
    SummaryItem("groups", "จำนวนกลุ่มสมาชิก", "Member groups",
                "=COUNTA({tbl:member_groups:group_id})", "int"),
    SummaryItem("committee_reps", "กรรมการผู้แทนกลุ่มสมาชิก (คน)", "Committee: group representatives",
                '=COUNTIF({tbl:committee:kind},"ผู้แทนกลุ่มสมาชิก")', "int"),
    SummaryItem("committee_leaders", "กรรมการผู้นำชุมชน/ผู้ทรงคุณวุฒิ (คน)", "Committee: leaders/experts",
                '=COUNTIF({tbl:committee:kind},"ผู้นำชุมชน/ผู้ทรงคุณวุฒิ")', "int"),
    SummaryItem("committee_rule", "ผู้นำ/ผู้ทรงคุณวุฒิ ไม่เกินกึ่งหนึ่งของผู้แทนกลุ่ม",
                "Leaders/experts at most half the representatives",
                '=IF({item:committee_leaders}*2<={item:committee_reps},"' + PASS_TEXT + '","' + FAIL_TEXT + '")', "text"),
    SummaryItem("share_units", "หุ้นคงเหลือรวม (หุ้น)", "Shares outstanding",
                '=SUMIFS({tbl:shares:units},{tbl:shares:move},"ซื้อหุ้น")-SUMIFS({tbl:shares:units},{tbl:shares:move},"ถอนหุ้น")',
                "int"),
    SummaryItem("share_amount", "เงินลงหุ้นคงเหลือรวม (บาท)", "Share capital outstanding (baht)",
                '=SUMIFS({tbl:shares:amount},{tbl:shares:move},"ซื้อหุ้น")-SUMIFS({tbl:shares:amount},{tbl:shares:move},"ถอนหุ้น")',
                "money"),
    SummaryItem("households", "จำนวนครัวเรือนที่สำรวจ", "Households surveyed",
                "=COUNTA({tbl:households:household_id})", "int"),
    SummaryItem("indebted_households", "ครัวเรือนที่มีหนี้", "Households with debt",
                '=COUNTIF({tbl:households:n_contracts},">=1")', "int"),
    SummaryItem("one_contract_households", "ครัวเรือนที่มีสัญญาเดียว (1 ครัวเรือน 1 สัญญา)",
                "Households with exactly one contract",
                "=COUNTIF({tbl:households:n_contracts},1)", "int"),
    SummaryItem("multi_contract_households", "ครัวเรือนที่มีหลายสัญญา", "Households with several contracts",
                '=COUNTIF({tbl:households:n_contracts},">1")', "int"),
    SummaryItem("open_contracts", "สัญญาเงินกู้ที่ใช้งาน", "Open loan contracts",
                '=COUNTIFS({tbl:contracts:contract_no},"?*",{tbl:contracts:status},"<>ปิดสัญญา")', "int"),
    SummaryItem("total_debt", "หนี้คงเหลือรวม (บาท)", "Total outstanding debt (baht)",
                '=SUMIFS({tbl:contracts:principal},{tbl:contracts:status},"<>ปิดสัญญา")', "money"),
    SummaryItem("welfare_paid", "จ่ายสวัสดิการรวม (บาท)", "Welfare paid (baht)",
                "=SUM({tbl:welfare:amount})", "money"),
    SummaryItem("intergroup_lent", "เงินกู้ระหว่างกลุ่มที่จ่าย (บาท)", "Inter-group loans disbursed (baht)",
                "=SUM({tbl:intergroup_loans:principal})", "money"),
)
