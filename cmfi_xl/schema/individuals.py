"""The individual-members register (model 4) and the conversion report table.

An institution that still follows model 4 (DOMAIN.md §2) has people as members: they deposit
with the institution and borrow from it. ``cmfi-xl convert`` moves each person into a member
group (DOMAIN.md §3) and records the result in the registers; this register is its input and
remembers which rows are done (``converted_on``), so converting twice changes nothing.
"""

from __future__ import annotations

from .spec import Column, Kind, Table

K = Kind
GROUP_REF = dict(kind=K.ID, ref="group")

INDIVIDUALS_TABLE = Table(
    "individual_members", "tblIndividualMembers", "สมาชิกรายบุคคล",
    "ทะเบียนสมาชิกรายบุคคล (รูปแบบที่ 4: เงินฝากและหนี้กับสถาบัน)",
    "Individual members (model 4: deposits with and loans from the institution)",
    (
        Column("member_no", "เลขที่สมาชิก", "Member no.", K.ID, required=True, unique=True, width=12),
        Column("name", "ชื่อ-สกุล", "Name", K.TEXT, required=True, width=26),
        Column("household_id", "รหัสครัวเรือน", "Household id", K.ID, ref="household", required=True, width=13),
        Column("regular_deposit", "เงินฝากสัจจะ", "Regular deposit", K.MONEY, width=14),
        Column("special_deposit", "เงินฝากพิเศษ", "Special deposit", K.MONEY, width=14),
        Column("loan_principal", "หนี้เงินกู้คงเหลือ", "Loan outstanding", K.MONEY, width=15,
               doc="เงินกู้ที่บุคคลกู้จากสถาบันโดยตรง / what the person owes the institution"),
        Column("loan_rate", "อัตราดอกเบี้ยต่อปี", "Annual rate", K.RATE, width=13),
        Column("loan_arrears", "ยอดค้างชำระ", "Arrears", K.MONEY, width=13),
        Column("group_before", "กลุ่มเดิมที่เป็นสมาชิก", "Group already a member of", **GROUP_REF, width=14,
               doc="ผู้ที่เป็นสมาชิกกลุ่มอยู่แล้วกลับไปกลุ่มเดิม / a person already in a group returns to it"),
        Column("chosen_group", "กลุ่มที่เลือกเข้าร่วม", "Group chosen", **GROUP_REF, width=14,
               doc="เว้นว่างได้: เสนอเข้ากลุ่มเฉพาะกิจ / blank: proposed into an ad-hoc group"),
        Column("converted_on", "วันที่ปรับเปลี่ยนแล้ว", "Converted on", K.DATE, width=15,
               doc="cmfi-xl convert กรอกให้ แถวที่มีวันที่แล้วจะไม่ทำซ้ำ / filled by the tool; such rows are done"),
    ),
    capacity=500,
)

CONVERSION_SHEET = "ปรับเปลี่ยนสมาชิก"
CONVERSION_SUMMARY_SHEET = "ปรับเปลี่ยนสมาชิก-สรุป"

CONVERSION_TABLE = Table(
    "conversion", "tblConversion", CONVERSION_SHEET,
    "การย้ายสมาชิกรายบุคคลเข้ากลุ่มสมาชิก (ขั้นตอนที่ 2–3)", "Individual members moved into member groups",
    (
        Column("member_no", "เลขที่สมาชิก", "Member no.", K.ID, width=12),
        Column("household_id", "รหัสครัวเรือน", "Household id", K.ID, width=13),
        Column("to_group", "กลุ่มที่เข้าร่วม", "Group joined", K.ID, width=13),
        Column("basis", "เหตุที่เข้ากลุ่มนี้", "Why this group", K.TEXT, width=24),
        Column("regular_deposit", "ย้ายเป็นสัจจะสะสมปกติ", "To regular savings", K.MONEY, width=15),
        Column("special_deposit", "ย้ายเป็นสัจจะพิเศษ", "To special savings", K.MONEY, width=15),
        Column("debt", "หนี้ที่ต้องโอน", "Debt to move", K.MONEY, width=14),
        Column("debt_group", "กลุ่มที่รับโอนหนี้", "Group taking the debt", K.ID, width=13),
        Column("new_contract", "สัญญาใหม่", "New contract", K.ID, width=15),
        Column("status", "ผล", "Result", K.TEXT, width=16),
        Column("reason", "คำอธิบาย", "Explanation", K.TEXT, width=46),
    ),
    capacity=0,
)
