"""The plan sheets that ``cmfi-xl plan`` adds to a copy of the institution workbook.

The household plan table is declared like a register, so ``apply-plan`` reads it back (approval
column included) with the same header mapping and cell parsing as every other table.
"""

from __future__ import annotations

from .spec import Column, Kind, Table

K = Kind
PLAN_SHEET = "แผนหนี้"
PLAN_GROUPS_SHEET = "แผนหนี้-กลุ่ม"
PLAN_SUMMARY_SHEET = "แผนหนี้-สรุป"
PLAN_SETTLEMENT_SHEET = "ลำดับการโอนเงิน"
PLAN_SHEETS = (PLAN_SUMMARY_SHEET, PLAN_SHEET, PLAN_GROUPS_SHEET, PLAN_SETTLEMENT_SHEET)

PLAN_TABLE = Table(
    "debt_plan", "tblDebtPlan", PLAN_SHEET, "แผนรวมหนี้รายครัวเรือน (1 ครัวเรือน 1 สัญญา)",
    "Household debt-consolidation plan",
    (
        Column("household_id", "รหัสครัวเรือน", "Household id", K.ID, required=True, width=13),
        Column("head_name", "หัวหน้าครัวเรือน", "Head of household", K.TEXT, width=26),
        Column("contracts_before", "สัญญาเดิม", "Contracts before", K.INT, width=10),
        Column("old_contracts", "เลขที่สัญญาที่โอน", "Contracts merged", K.TEXT, width=24),
        Column("to_group", "กลุ่มที่รับโอน", "Receiving group", K.ID, width=12),
        Column("amount", "เงินต้นสัญญาใหม่", "New principal", K.MONEY, width=15),
        Column("rate", "อัตราต่อปี", "Annual rate", K.RATE, width=11),
        Column("instalment", "งวดละ", "Monthly instalment", K.MONEY, width=12),
        Column("interest_before", "ดอกเบี้ยต่อปีเดิม", "Annual interest before", K.MONEY, width=14),
        Column("interest_after", "ดอกเบี้ยต่อปีใหม่", "Annual interest after", K.MONEY, width=14),
        Column("contracts_after", "สัญญาหลังแผน", "Contracts after", K.INT, width=10),
        Column("reason_code", "รหัสเหตุผล", "Reason code", K.ID, width=10),
        Column("reason", "คำอธิบาย", "Explanation", K.TEXT, width=48),
        Column("approved", "อนุมัติ", "Approved", K.CHOICE, choices="yes_no", width=10,
               doc="คณะกรรมการเลือก ใช่ เพื่อให้ apply-plan บันทึกการโอนหนี้ / the committee marks ใช่"),
    ),
    capacity=0,
)
