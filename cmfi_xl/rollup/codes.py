"""The roll-up's issue codes ``U001``… (stable; never reuse a code for another meaning).

A file's status row carries one issue: a file-safety code (``F001``–``F009`` from
:mod:`cmfi_xl.xlsx.safety`) when the file could not be opened, or one of these.

=====  ========  ==============================================================================
code   severity  meaning
=====  ========  ==============================================================================
U001   error     not a workbook of a template the roll-up accepts
U002   error     a newer template version than this tool reads
U003   error     the institution workbook has errors (``cmfi-xl check`` lists them)
U004   error     the figures table is missing, or figures are missing from it
U005   error     a figure in the figures table is not a number
U006   error     the file does not say which unit (village / district code) it is from
U007   error     the file comes from another district (its code is outside the district's)
U008   error     the file is for another fiscal year
U009   info      superseded: a newer submission of the same unit and year was kept
U010   info      identical duplicate (same content hash) of another file
U011   warning   two different files carry the same stamp; one was kept by file name
U012   warning   a unit on the roster sent no file
U013   warning   a unit that is not on the roster sent a file (it is consolidated)
U014   error     the file could not be read (it changed while reading, or the reader failed)
U015   error     the file is at another level (e.g. a district file among village files)
U016   info      accepted
U017   warning   the roster cannot be read or has no codes
=====  ========  ==============================================================================
"""

from __future__ import annotations

from cmfi_xl.core.issues import Message, Severity, register_codes

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO


def _m(sev: Severity, th: str, en: str) -> Message:
    return Message(severity=sev, th=th, en=en)


CODES: dict[str, Message] = {
    "U001": _m(E, "ไม่ใช่แบบฟอร์มที่รับรวมได้ (แม่แบบ {found})", "Not a workbook the roll-up accepts (template {found})"),
    "U002": _m(E, "แบบฟอร์มรุ่นใหม่กว่าที่โปรแกรมรู้จัก ({found} > {known}) กรุณาปรับปรุงโปรแกรม",
               "A newer template version than this tool reads ({found} > {known}); update the tool"),
    "U003": _m(E, "แบบฟอร์มมีข้อผิดพลาด {n} รายการ (รายการแรก: {first}) — ตรวจด้วย cmfi-xl check แล้วส่งใหม่",
               "The workbook has {n} errors (first: {first}); run cmfi-xl check and send it again"),
    "U004": _m(E, "ไม่พบตัวเลขที่ต้องใช้ในตาราง {table}: {missing}", "Figures missing from table {table}: {missing}"),
    "U005": _m(E, "ตัวเลข {key} ในตาราง {table} ไม่ใช่ตัวเลข", "Figure {key} in table {table} is not a number"),
    "U006": _m(E, "ไม่พบรหัสหน่วยงาน (รหัสหมู่บ้าน/อำเภอ) ที่ถูกต้องในไฟล์", "The file has no valid unit code (village / amphoe code)"),
    "U007": _m(E, "ไฟล์มาจากอำเภออื่น (รหัส {unit} ไม่อยู่ใน {parent})", "The file is from another district (code {unit} is not in {parent})"),
    "U008": _m(E, "ไฟล์เป็นของปีงบประมาณ {found} ไม่ใช่ {expected}", "The file is for fiscal year {found}, not {expected}"),
    "U009": _m(I, "มีไฟล์ที่ส่งใหม่กว่าของหน่วยเดียวกัน ({newer}) — ใช้ไฟล์ใหม่แทน",
               "Superseded by a newer submission of the same unit ({newer})"),
    "U010": _m(I, "ไฟล์ซ้ำกับ {same} (เนื้อหาเหมือนกันทุกไบต์) — นับครั้งเดียว",
               "Identical duplicate of {same} (same content hash); counted once"),
    "U011": _m(W, "ไฟล์ {other} มีวันที่ส่งเดียวกันแต่เนื้อหาต่างกัน — ใช้ไฟล์ {kept} (เรียงตามชื่อ) กรุณาสอบถามสถาบัน",
               "{other} has the same stamp but different content; {kept} was kept (by name); ask the institution"),
    "U012": _m(W, "ยังไม่ได้รับไฟล์จาก {unit} {name}", "No file received from {unit} {name}"),
    "U013": _m(W, "หน่วย {unit} ไม่อยู่ในบัญชีรายชื่อ — รวมยอดให้แล้ว", "Unit {unit} is not on the roster; it was consolidated"),
    "U014": _m(E, "อ่านไฟล์ไม่สำเร็จ: {detail}", "The file could not be read: {detail}"),
    "U015": _m(E, "ไฟล์เป็นระดับ{found} ไม่ใช่ระดับ{expected}", "The file is at {found_en} level, not {expected_en}"),
    "U016": _m(I, "รับรวมแล้ว", "Accepted"),
    "U017": _m(W, "อ่านบัญชีรายชื่อไม่ได้หรือไม่มีรหัส: {detail}", "The roster cannot be read or has no codes: {detail}"),
}

register_codes(CODES)
