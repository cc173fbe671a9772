"""The planner's own issue and reason codes (stable; never reuse a code for another meaning).

``P0xx`` — problems in a ``cmfi-debt-instance/1`` document (located by a JSON path in ``cell``).
``P1xx`` — why a household does not reach one contract (plan exceptions).
``P2xx`` — notes on how the plan was obtained (time limit, greedy fallback, infeasible locks).
"""

from __future__ import annotations

from typing import Any

from cmfi_xl.core.issues import Issue, Message, Severity

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO


def _m(sev: Severity, th: str, en: str) -> Message:
    return Message(severity=sev, th=th, en=en)


PLANNER_CATALOGUE: dict[str, Message] = {
    # --- instance input ---
    "P001": _m(E, "ไม่ใช่ JSON ที่อ่านได้: {detail}", "Not readable JSON: {detail}"),
    "P002": _m(E, "รูปแบบไม่ใช่ {expected} (พบ {found})", "Format is not {expected} (found {found})"),
    "P003": _m(E, "ต้องกรอกข้อมูล \"{field}\"", "Field \"{field}\" is required"),
    "P004": _m(E, "ไม่ใช่จำนวนเงิน (ใช้ตัวเลขทศนิยม เช่น \"1250.50\")", "Not an amount of money (use a decimal string such as \"1250.50\")"),
    "P005": _m(E, "จำนวนเงินติดลบไม่ได้", "An amount must not be negative"),
    "P006": _m(E, "จำนวนเงินมีทศนิยมเกิน 2 ตำแหน่ง (สตางค์)", "An amount has more than 2 decimals (satang)"),
    "P007": _m(E, "ไม่ใช่อัตราดอกเบี้ย (เช่น \"0.06\", \"6%\" หรือ \"0.5% ต่อเดือน\")", "Not an interest rate (e.g. \"0.06\", \"6%\" or \"0.5% per month\")"),
    "P008": _m(I, "อัตราร้อยละ แปลงเป็นสัดส่วนต่อปี {rate}", "A percentage was converted to the annual fraction {rate}"),
    "P009": _m(I, "อัตราต่อเดือน แปลงเป็นต่อปี {rate}", "A monthly rate was converted to {rate} a year"),
    "P010": _m(E, "อัตราดอกเบี้ยมากกว่า 1 (100% ต่อปี) — ถ้าหมายถึงร้อยละ ให้เขียน \"{pct}%\"", "A rate above 1 (100% a year); if a percentage was meant, write \"{pct}%\""),
    "P011": _m(E, "ไม่พบกลุ่มผู้ให้กู้ \"{ref}\" ในรายชื่อกลุ่ม", "Lender \"{ref}\" is not one of the groups"),
    "P012": _m(E, "รหัสครัวเรือนซ้ำ (พบครั้งแรกที่ {first})", "Household appears twice (first at {first})"),
    "P013": _m(E, "รหัสกลุ่มซ้ำ (พบครั้งแรกที่ {first})", "Duplicate group id (first at {first})"),
    "P014": _m(E, "รหัสสัญญาซ้ำ (พบครั้งแรกที่ {first})", "Duplicate contract id (first at {first})"),
    "P015": _m(E, "เงินออมในกลุ่ม \"{ref}\" ที่ไม่มีในรายชื่อกลุ่ม", "Savings in group \"{ref}\" which is not one of the groups"),
    "P016": _m(E, "มติคณะกรรมการอ้างถึงครัวเรือน \"{ref}\" ที่ไม่มีในข้อมูล", "A committee lock names household \"{ref}\" which is not in the data"),
    "P017": _m(E, "มติคณะกรรมการอ้างถึงกลุ่ม \"{ref}\" ที่ไม่มีในข้อมูล", "A committee lock names group \"{ref}\" which is not in the data"),
    "P018": _m(E, "ครัวเรือน \"{ref}\" ถูกกำหนดทั้งให้ย้ายและให้คงเดิม", "Household \"{ref}\" is locked both to move and to stay"),
    "P019": _m(E, "ครัวเรือน \"{ref}\" ถูกกำหนดให้ย้ายไปกลุ่ม {group} ซึ่งมีมติไม่รับโอนหนี้", "Household \"{ref}\" must go to group {group}, which is locked to take no transfers"),
    "P020": _m(E, "ครัวเรือน \"{ref}\" มีสัญญาไม่ถึง 2 สัญญา จึงไม่มีหนี้ให้รวม", "Household \"{ref}\" has fewer than 2 contracts; there is nothing to consolidate"),
    "P021": _m(W, "มติคณะกรรมการให้ครัวเรือน \"{ref}\" ย้ายไปกลุ่ม {group} แม้ไม่ผ่านเกณฑ์ ({rule})", "The committee sends household \"{ref}\" to group {group} although it fails a rule ({rule})"),
    "P022": _m(E, "ชนิดข้อมูลไม่ถูกต้อง (ต้องเป็น {expected})", "Wrong type (expected {expected})"),
    "P023": _m(W, "ช่อง \"{field}\" ไม่อยู่ในรูปแบบ — ไม่ได้อ่าน", "Field \"{field}\" is not part of the format; ignored"),
    "P024": _m(E, "ยอดค้างชำระ ({arrears}) มากกว่ายอดที่ต้องโอน ({amount})", "Arrears ({arrears}) exceed the amount to transfer ({amount})"),
    "P025": _m(E, "รหัสว่างไม่ได้", "An id must not be empty"),
    "P026": _m(I, "อ่านตัวเลขเป็นจำนวน {number} (ควรเขียนเป็นข้อความทศนิยม)", "A JSON number was read as {number} (write a decimal string)"),
    "P027": _m(E, "มติคณะกรรมการที่ขัดกับความสามารถของกลุ่ม: ครัวเรือนที่ถูกกำหนดให้ย้ายต้องใช้เงินของกลุ่ม {group} เกินกว่าที่มีได้", "Committee locks contradict the cash: the households locked to move need more of group {group}'s cash than can exist"),
    # --- plan exceptions: why a household does not reach one contract ---
    "P101": _m(W, "ไม่มีกลุ่มที่รับได้: ไม่ได้เป็นสมาชิกกลุ่มใดที่รวมหนี้ได้ และกลุ่มอื่นไม่รับสมาชิกใหม่", "No eligible group: not a member of any group that could consolidate, and the others take no new members"),
    "P102": _m(W, "ไม่มีกลุ่มที่รับได้: หนี้รวม {debt} บาท เกินวงเงินสูงสุดของทุกกลุ่ม (สูงสุด {ceiling} บาท)", "No eligible group: total debt {debt} baht exceeds every group's ceiling (highest {ceiling} baht)"),
    "P103": _m(W, "ไม่มีกลุ่มที่รับได้: ครัวเรือนมีหนี้ค้างชำระ และกลุ่มที่เหลือไม่รับผู้ค้างชำระ", "No eligible group: the household is in arrears and the remaining groups do not accept arrears"),
    "P104": _m(W, "ไม่มีกลุ่มที่รับได้: กลุ่มที่เป็นสมาชิกเป็นเงินทุนที่ห้ามให้กู้รวมหนี้ (เช่น กข.คจ.)", "No eligible group: the only groups available are restricted funds that may not consolidate (e.g. กข.คจ.)"),
    "P105": _m(W, "ไม่รวมหนี้ตามนโยบายไม่ให้ดอกเบี้ยเพิ่ม: ทุกกลุ่มที่รับได้ทำให้ดอกเบี้ยต่อปีสูงขึ้น", "Not consolidated under the no-harm policy: every eligible group would raise the annual interest"),
    "P106": _m(W, "เงินของกลุ่มที่รับได้ถูกใช้กับครัวเรือนอื่นที่ได้ผลดีกว่า (วงเงินไม่พอ)", "The eligible groups' cash is used by better uses for other households (capacity)"),
    "P107": _m(I, "คณะกรรมการมีมติให้คงสัญญาเดิม", "The committee decided that the household keeps its contracts"),
    "P108": _m(W, "ไม่มีกลุ่มที่รับได้: กลุ่มที่ผ่านเกณฑ์มีมติไม่รับโอนหนี้", "No eligible group: the groups that qualify are locked to take no transfers"),
    "P109": _m(W, "ยังไม่ได้รวมหนี้: การคำนวณหยุดเพราะครบเวลา", "Not consolidated in the best plan found before the time limit"),
    # --- how the plan was obtained ---
    "P201": _m(W, "ครบเวลาคำนวณ: แผนนี้ดีที่สุดที่พบ ยังไม่พิสูจน์ว่าดีที่สุด (ห่างจากขอบเขตไม่เกิน {gap} ครัวเรือน)", "Time limit reached: best plan found, not proven optimal (at most {gap} households from the bound)"),
    "P202": _m(W, "ใช้แผนแบบทีละครัวเรือน (greedy) เพราะตัวแก้ปัญหาไม่พบแผนที่ดีกว่าในเวลาที่กำหนด", "The greedy one-by-one plan is used: the solver found nothing better within the time limit"),
    "P203": _m(E, "มติคณะกรรมการบังคับให้ย้ายเกินเงินที่กลุ่มมี ไม่มีแผนใดทำได้", "The committee's locks need more cash than the groups have; no plan satisfies them"),
}


def planner_issue(code: str, *, cell: str = "", column: str = "", value: Any = "", **fmt: Any) -> Issue:
    msg = PLANNER_CATALOGUE[code]
    return Issue(
        code=code,
        severity=msg.severity,
        sheet="",
        cell=cell,
        column=column,
        value="" if value is None else str(value),
        message_th=msg.th.format(**fmt),
        message_en=msg.en.format(**fmt),
    )


def messages(code: str, **fmt: Any) -> tuple[str, str]:
    msg = PLANNER_CATALOGUE[code]
    return msg.th.format(**fmt), msg.en.format(**fmt)
