"""The books' issue codes ``B001``… (stable; never reuse a code for another meaning).

Registered into the one catalogue (:data:`cmfi_xl.core.issues.CATALOGUE`) on import, so
``make_issue("B006", ...)`` and ``Locator.issue("B006", ...)`` work everywhere.

=====  ========  ==============================================================================
code   severity  meaning
=====  ========  ==============================================================================
B001   error     year-end allocation percentages do not sum to 100
B002   error     a percentage or ceiling in the settings is negative
B003   error     a share withdrawal exceeds the group's balance
B004   error     a share withdrawal leaves less than the minimum holding
B005   error     a repayment names a loan that is not in the loan register
B006   error     a repayment of principal is larger than the outstanding principal
B007   error     a repayment is dated before the loan was disbursed
B008   error     a loan lacks what its schedule needs (principal, term, rate, date)
B009   error     a welfare payment is over the ceiling for its kind
B010   error     a welfare payment goes over the year's welfare budget
B011   warning   a welfare kind has no ceiling in the settings
B012   error     a cash-book row names a bank account that is not declared
B013   error     a cash-book row moves bank money without naming the account
B014   error     a reversal names a document that does not exist
B015   warning   a reversal does not mirror the amounts of the document it reverses
B016   error     a document is reversed more than once
B017   error     a row in a closed month was added or edited after the month was closed
B018   error     a row sealed in a closed month is gone (deleted, re-dated or renumbered)
B019   warning   a month is closed but has no seal, so edits to it cannot be detected
B020   warning   a cash/bank transfer row does not net to zero
B021   warning   month-end: the passbook balance differs from the book balance
B022   error     a passbook balance names an undeclared bank account
B023   warning   share capital in the cash book differs from the share register
B024   warning   loans receivable in the cash book differ from the loan register
B025   warning   welfare paid in the cash book differs from the welfare register
B026   warning   no profit to allocate (net result ≤ 0)
B027   warning   an allocation pool cannot be divided (no shares / no interest paid)
B028   warning   cash on hand goes negative
B029   warning   a bank account balance goes negative
B030   warning   the opening balance sheet does not balance (difference put in suspense)
B031   info      allocation rounding residue
B032   error     a cash-book row has no category
B033   warning   a share withdrawal is recorded for a group with no purchase before it
=====  ========  ==============================================================================
"""

from __future__ import annotations

from cmfi_xl.core.issues import Message, Severity, register_codes

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO


def _m(sev: Severity, th: str, en: str) -> Message:
    return Message(severity=sev, th=th, en=en)


BOOKS_CATALOGUE: dict[str, Message] = {
    "B001": _m(E, "ร้อยละการจัดสรรกำไรสุทธิรวมกันได้ {total} ไม่เท่ากับ 100",
               "The profit allocation percentages sum to {total}, not 100"),
    "B002": _m(E, "ค่าในการตั้งค่า \"{name}\" ติดลบไม่ได้ ({amount})",
               "Setting \"{name}\" must not be negative ({amount})"),
    "B003": _m(E, "ถอนหุ้น {units} หุ้น เกินยอดคงเหลือของกลุ่ม {group} ({balance} หุ้น)",
               "Withdrawal of {units} shares exceeds group {group}'s balance ({balance} shares)"),
    "B004": _m(E, "หลังถอนหุ้น กลุ่ม {group} เหลือ {left} หุ้น ต่ำกว่าขั้นต่ำ {minimum} หุ้น",
               "After the withdrawal group {group} holds {left} shares, below the minimum of {minimum}"),
    "B005": _m(E, "ไม่พบเลขที่สัญญาเงินกู้ \"{ref}\" ในทะเบียนเงินกู้ระหว่างกลุ่ม",
               "Loan \"{ref}\" is not in the inter-group loan register"),
    "B006": _m(E, "ชำระเงินต้น {paid} บาท มากกว่าเงินต้นคงเหลือ {outstanding} บาท ของสัญญา {loan}",
               "Principal paid {paid} exceeds the outstanding principal {outstanding} of loan {loan}"),
    "B007": _m(E, "วันที่ชำระ {date} ก่อนวันที่จ่ายเงินกู้ {disbursed}",
               "Repayment dated {date}, before the loan was disbursed on {disbursed}"),
    "B008": _m(E, "สัญญา {loan} ขาดข้อมูลที่ใช้คำนวณตารางผ่อนชำระ: {missing}",
               "Loan {loan} lacks what its schedule needs: {missing}"),
    "B009": _m(E, "จ่ายสวัสดิการ{kind} {amount} บาท เกินเพดาน {ceiling} บาท",
               "Welfare payment ({kind}) of {amount} exceeds the ceiling of {ceiling}"),
    "B010": _m(E, "จ่ายสวัสดิการรวม {total} บาท เกินงบประมาณทั้งปี {budget} บาท",
               "Welfare paid so far ({total}) exceeds the year's budget of {budget}"),
    "B011": _m(W, "ยังไม่ได้กำหนดเพดานสวัสดิการประเภท{kind}",
               "No ceiling is set for welfare kind {kind}"),
    "B012": _m(E, "บัญชีธนาคาร \"{ref}\" ไม่ได้ลงทะเบียนไว้ในตารางบัญชีธนาคาร",
               "Bank account \"{ref}\" is not declared in the bank-account table"),
    "B013": _m(E, "มีรายการฝาก/ถอนธนาคาร แต่ไม่ระบุรหัสบัญชีธนาคาร",
               "A bank deposit or withdrawal does not name the bank account"),
    "B014": _m(E, "กลับรายการเอกสาร \"{ref}\" ที่ไม่มีอยู่ในบัญชีรับ-จ่าย",
               "Reverses document \"{ref}\", which is not in the cash book"),
    "B015": _m(W, "รายการกลับไม่ตรงข้ามกับเอกสาร {ref} (คาด {expected})",
               "The reversal does not mirror document {ref} (expected {expected})"),
    "B016": _m(E, "เอกสาร {ref} ถูกกลับรายการซ้ำ (ครั้งแรกที่ {first})",
               "Document {ref} is reversed more than once (first at {first})"),
    "B017": _m(E, "รายการในเดือน {month} ซึ่งปิดบัญชีแล้ว ถูกเพิ่มหรือแก้ไขหลังปิดเดือน",
               "A row in {month}, a closed month, was added or edited after closing"),
    "B018": _m(E, "เอกสาร {ref} ของเดือน {month} ที่ปิดบัญชีแล้ว หายไป (ถูกลบ เปลี่ยนวันที่ หรือเปลี่ยนเลขที่)",
               "Document {ref} sealed in the closed month {month} is gone (deleted, re-dated or renumbered)"),
    "B019": _m(W, "เดือน {month} ปิดบัญชีแล้วแต่ไม่มีรหัสตรวจสอบ จึงตรวจการแก้ไขไม่ได้",
               "Month {month} is closed but has no seal, so edits cannot be detected"),
    "B020": _m(W, "รายการโอนเงินสด-ธนาคารไม่สมดุล (ต่างกัน {diff} บาท)",
               "A cash/bank transfer does not net to zero (difference {diff})"),
    "B021": _m(W, "ยอดตามสมุดบัญชีธนาคาร {account} ณ {date} = {passbook} บาท ต่างจากยอดตามบัญชี {book} บาท (ผลต่าง {diff})",
               "Passbook balance of {account} on {date} is {passbook}, the books say {book} (difference {diff})"),
    "B022": _m(E, "ยอดสมุดบัญชีอ้างถึงบัญชีธนาคาร \"{ref}\" ที่ไม่ได้ลงทะเบียน",
               "A passbook balance names bank account \"{ref}\", which is not declared"),
    "B023": _m(W, "ทุนเรือนหุ้นตามบัญชีรับ-จ่าย {book} บาท ต่างจากทะเบียนคุมหุ้น {register} บาท (ผลต่าง {diff})",
               "Share capital per the cash book ({book}) differs from the share register ({register}); difference {diff}"),
    "B024": _m(W, "ลูกหนี้เงินกู้ตามบัญชีรับ-จ่าย {book} บาท ต่างจากทะเบียนเงินกู้ {register} บาท (ผลต่าง {diff})",
               "Loans receivable per the cash book ({book}) differ from the loan register ({register}); difference {diff}"),
    "B025": _m(W, "สวัสดิการจ่ายตามบัญชีรับ-จ่าย {book} บาท ต่างจากทะเบียนสวัสดิการ {register} บาท (ผลต่าง {diff})",
               "Welfare paid per the cash book ({book}) differs from the welfare register ({register}); difference {diff}"),
    "B026": _m(W, "ไม่มีกำไรสุทธิให้จัดสรร (ผลการดำเนินงาน {profit} บาท)",
               "No profit to allocate (net result {profit})"),
    "B027": _m(W, "จัดสรร{pool} {amount} บาท ไม่ได้ เพราะ{reason} — แสดงเป็นยอดคงเหลือ",
               "The {pool} pool of {amount} cannot be divided ({reason}); shown as the residue"),
    "B028": _m(W, "เงินสดในมือติดลบ ({balance} บาท) ณ วันที่ {date}",
               "Cash on hand goes negative ({balance}) on {date}"),
    "B029": _m(W, "ยอดเงินฝากบัญชี {account} ติดลบ ({balance} บาท) ณ วันที่ {date}",
               "Bank account {account} goes negative ({balance}) on {date}"),
    "B030": _m(W, "งบดุลยกมาไม่สมดุล ต่างกัน {diff} บาท — แสดงไว้ในรายการรอตรวจสอบ",
               "The opening balance sheet does not balance by {diff}; the difference is shown in suspense"),
    "B031": _m(I, "เศษจากการปัดเป็นสตางค์ในการจัดสรร{pool}: {residue} บาท",
               "Rounding residue of the {pool} allocation: {residue}"),
    "B032": _m(E, "รายการรับ-จ่ายไม่ระบุหมวด", "A cash-book row has no category"),
    "B033": _m(W, "กลุ่ม {group} ถอนหุ้นโดยไม่มีการซื้อหุ้นก่อนหน้า",
               "Group {group} withdraws shares without any earlier purchase"),
}

register_codes(BOOKS_CATALOGUE)
