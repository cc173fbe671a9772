"""Problems found in user data are *data*, not exceptions.

Every problem carries a stable code, a severity, where it is (file, sheet, cell, column header),
the bad value, and a Thai and an English message. Messages come from one catalogue
(:data:`CATALOGUE`) so that a code always means the same thing and can be documented.

Exceptions are reserved for faults of the program or the environment, and for a file that cannot
be read as a workbook at all (:class:`UnreadableWorkbook`, exit code 2 on the CLI).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict


class Severity(StrEnum):
    ERROR = "error"  # the data is wrong; the file does not pass
    WARNING = "warning"  # probably wrong, or accepted with a change the user should see
    INFO = "info"  # accepted deliberately (e.g. a B.E. year converted); shown for transparency


class Location(BaseModel):
    """Where a value came from. Every row read from a workbook remembers this."""

    model_config = ConfigDict(frozen=True)

    file: str = ""
    sheet: str = ""
    cell: str = ""  # "E17"; "" for a whole sheet or workbook
    column: str = ""  # the column header as the user sees it (Thai)


class Issue(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str
    severity: Severity
    sheet: str = ""
    cell: str = ""
    column: str = ""
    value: str = ""
    message_th: str
    message_en: str

    @property
    def where(self) -> str:
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or self.cell  # a JSON instance's issues have a path (groups[1].rate), no sheet

    def __str__(self) -> str:  # one line for a terminal
        col = f" ({self.column})" if self.column else ""
        val = f": {self.value!r}" if self.value != "" else ""
        return f"[{self.severity.value}] {self.code} {self.where}{col}{val} — {self.message_th} / {self.message_en}"


class Message(BaseModel):
    model_config = ConfigDict(frozen=True)

    severity: Severity
    th: str
    en: str


def _m(sev: Severity, th: str, en: str) -> Message:
    return Message(severity=sev, th=th, en=en)


E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

#: The catalogue. Codes are stable: never reuse a code for another meaning.
#: Message templates use ``str.format`` with keyword arguments.
CATALOGUE: dict[str, Message] = {
    # --- file level (exit 2 on the CLI) ---
    "F001": _m(E, "ไม่พบไฟล์ {path}", "File not found: {path}"),
    "F002": _m(E, "ไฟล์ว่างเปล่า (0 ไบต์)", "The file is empty (0 bytes)"),
    "F003": _m(E, "ไฟล์มีขนาดใหญ่เกินกำหนด ({size} ไบต์ เกิน {limit})", "The file is too large ({size} bytes, limit {limit})"),
    "F004": _m(E, "ไม่ใช่ไฟล์ Excel (.xlsx) — ดูเหมือนเป็น {kind}", "Not an Excel .xlsx workbook — it looks like {kind}"),
    "F005": _m(E, "ไฟล์เสียหายหรือไม่สมบูรณ์: {detail}", "The file is corrupt or truncated: {detail}"),
    "F006": _m(E, "ไฟล์ถูกตั้งรหัสผ่าน กรุณาเอารหัสผ่านออกแล้วบันทึกใหม่", "The file is password-protected; remove the password and save it again"),
    "F007": _m(E, "ไฟล์มีลักษณะอันตราย (zip bomb): {detail}", "The file looks malicious (zip bomb): {detail}"),
    "F008": _m(E, "ไฟล์มีโครงสร้าง XML อันตราย (entity/DTD) ในส่วน {part}", "The file contains dangerous XML (entity/DTD declarations) in part {part}"),
    "F009": _m(W, "ไฟล์มีมาโคร (VBA) — โปรแกรมไม่เรียกใช้มาโครใด ๆ", "The file contains macros (VBA); they were not run"),
    "F010": _m(E, "ไม่ใช่แบบฟอร์มของสถาบันการจัดการเงินทุนชุมชน (ไม่พบรหัสแม่แบบ)", "Not a CMFI workbook (no template stamp found)"),
    "F011": _m(E, "แบบฟอร์มรุ่นใหม่กว่าที่โปรแกรมรู้จัก ({found} > {known}) กรุณาปรับปรุงโปรแกรม", "The workbook comes from a newer template version ({found} > {known}); update the tool"),
    "F012": _m(E, "แม่แบบ {found} ไม่ใช่แม่แบบที่คำสั่งนี้ใช้ ({expected})", "Template {found} is not the one this command reads ({expected})"),
    "F013": _m(E, "ไม่พบแผนหนี้ในไฟล์ (ตาราง tblDebtPlan) — ใช้คำสั่ง plan ก่อน", "No debt plan in the file (table tblDebtPlan); run plan first"),
    # --- structure (exit 1) ---
    "S001": _m(E, "ไม่พบตาราง {table} ({title})", "Table {table} ({title}) is missing"),
    "S002": _m(E, "ไม่พบคอลัมน์ที่จำเป็น \"{header}\" ในตาราง {table}; คอลัมน์ที่พบ: {found}", "Required column \"{header}\" is missing from table {table}; columns found: {found}"),
    "S003": _m(W, "แผ่นงานถูกเปลี่ยนชื่อจาก \"{expected}\" เป็น \"{found}\" — อ่านได้ตามปกติ", "Sheet renamed from \"{expected}\" to \"{found}\"; it was read normally"),
    "S004": _m(W, "มีข้อมูลพิมพ์ต่อท้ายนอกตาราง {table} (แถว {rows}) — อ่านรวมแล้ว กรุณาขยายตาราง", "Rows typed below table {table} (rows {rows}) were read; please extend the table"),
    "S005": _m(I, "คอลัมน์ถูกย้ายตำแหน่งในตาราง {table} — อ่านตามหัวคอลัมน์", "Columns were moved in table {table}; read by header"),
    "S006": _m(W, "คอลัมน์ \"{header}\" ไม่อยู่ในแบบฟอร์ม — ไม่ได้อ่าน", "Column \"{header}\" is not part of the template; ignored"),
    "S008": _m(W, "ไม่พบคอลัมน์ \"{header}\" ในตาราง {table} — ถือว่าว่าง", "Optional column \"{header}\" is missing from table {table}; treated as empty"),
    "S009": _m(W, "หัวคอลัมน์ \"{header}\" ซ้ำ — อ่านเฉพาะคอลัมน์แรก", "Column \"{header}\" appears twice; only the first was read"),
    "S007": _m(E, "ไม่พบช่อง \"{label}\" ในแผ่นข้อมูลสถาบัน", "Profile field \"{label}\" was not found"),
    # --- values (exit 1) ---
    "V001": _m(E, "ต้องกรอกข้อมูลช่องนี้", "A value is required here"),
    "V002": _m(E, "ไม่ใช่จำนวนเงิน", "Not an amount of money"),
    "V003": _m(E, "ไม่ใช่ตัวเลข", "Not a number"),
    "V004": _m(E, "ไม่ใช่จำนวนเต็ม", "Not a whole number"),
    "V005": _m(E, "ไม่ใช่วันที่ที่อ่านได้ (ใช้ วว/ดด/ปปปป เช่น 15/01/2568)", "Not a readable date (use dd/mm/yyyy, e.g. 15/01/2568)"),
    "V006": _m(E, "ค่าไม่อยู่ในรายการที่กำหนด: {allowed}", "Not one of the allowed values: {allowed}"),
    "V007": _m(E, "เลขประจำตัวประชาชนไม่ถูกต้อง (ต้องมี 13 หลักและเลขตรวจสอบถูกต้อง)", "Invalid citizen ID (13 digits with a valid check digit)"),
    "V008": _m(E, "ค่าติดลบไม่ได้", "Must not be negative"),
    "V009": _m(E, "ไม่ใช่อัตราดอกเบี้ย (เช่น 6% หรือ 0.06)", "Not an interest rate (e.g. 6% or 0.06)"),
    "V010": _m(E, "รหัสหมู่บ้านต้องเป็นตัวเลข 8 หลัก", "The village code must be 8 digits"),
    "V011": _m(E, "รหัสไม่ตรงกับรหัสหมู่บ้าน ({expected})", "The code does not match the village code ({expected})"),
    "V012": _m(E, "ค่าอยู่นอกช่วงที่ยอมรับ ({low}–{high})", "Out of the accepted range ({low}–{high})"),
    "V013": _m(E, "ข้อความยาวเกิน {limit} ตัวอักษร", "Text longer than {limit} characters"),
    "V014": _m(E, "วันที่สิ้นสุดก่อนวันที่เริ่ม", "The end date is before the start date"),
    "V015": _m(E, "จำนวนเงิน ({amount}) ไม่เท่ากับ จำนวนหุ้น × มูลค่าหุ้น ({expected})", "Amount ({amount}) is not shares × par value ({expected})"),
    "V016": _m(W, "อัตราดอกเบี้ยสูงผิดปกติ ({rate} ต่อปี)", "Unusually high interest rate ({rate} a year)"),
    # --- accepted deliberately (info) ---
    "A001": _m(I, "ปี พ.ศ. ในช่องวันที่ ถูกแปลงเป็น {date}", "A Buddhist-Era year in a date cell was read as {date}"),
    "A002": _m(I, "อ่านข้อความเป็นวันที่ {date}", "Text read as the date {date}"),
    "A003": _m(I, "อ่านข้อความเป็นตัวเลข {number}", "Text read as the number {number}"),
    "A004": _m(I, "อัตราต่อเดือน แปลงเป็นต่อปี {rate}", "A monthly rate was converted to {rate} a year"),
    "A005": _m(W, "ปัดเศษเป็นสตางค์: {number}", "Rounded to satang: {number}"),
    "A006": _m(I, "ตัวเลขในช่องอัตราดอกเบี้ย อ่านเป็นร้อยละ {rate}", "A plain number in a rate column was read as {rate}"),
    "A007": _m(I, "เลขลำดับวันที่ของ Excel อ่านเป็นวันที่ {date}", "An Excel date serial number was read as {date}"),
    # --- cross-register rules (exit 1) ---
    "R001": _m(E, "ไม่พบรหัสกลุ่ม \"{ref}\" ในทะเบียนสมาชิก", "Group id \"{ref}\" is not in the member register"),
    "R002": _m(E, "รหัสซ้ำ (พบครั้งแรกที่ {first})", "Duplicate id (first seen at {first})"),
    "R003": _m(E, "ยอดหุ้นของกลุ่ม {group} ติดลบ ({balance}) ณ วันที่ {date}", "Share balance of group {group} goes negative ({balance}) on {date}"),
    "R004": _m(E, "กรรมการประเภทผู้นำ/ผู้ทรงคุณวุฒิ ({leaders} คน) เกินครึ่งหนึ่งของผู้แทนกลุ่มสมาชิก ({reps} คน)", "Leaders/experts on the committee ({leaders}) exceed half the group representatives ({reps})"),
    "R005": _m(E, "ไม่พบผู้ให้กู้ \"{ref}\" (ไม่ใช่กลุ่มสมาชิกหรือแหล่งเงินกู้ภายนอกที่กำหนด)", "Lender \"{ref}\" does not exist (not a member group or a listed outside lender)"),
    "R006": _m(E, "วันที่ {date} อยู่นอกปีงบประมาณ {fy} ({start} – {end})", "Date {date} is outside fiscal year {fy} ({start} – {end})"),
    "R007": _m(E, "ไม่พบรหัสครัวเรือน \"{ref}\" ในทะเบียนครัวเรือน", "Household id \"{ref}\" is not in the household register"),
    "R008": _m(E, "ไม่พบบัญชีธนาคาร \"{ref}\" ในข้อมูลสถาบัน", "Bank account \"{ref}\" is not declared in the profile"),
    "R009": _m(W, "ผู้แทนกลุ่มไม่ระบุกลุ่มที่เป็นผู้แทน", "A group representative does not name the group represented"),
    "R011": _m(E, "มติขัดกัน: ครัวเรือน {ref} ถูกกำหนดทั้งให้คงสัญญาเดิมและให้โอนไปกลุ่ม", "Contradictory decisions: household {ref} must both stay and move"),
    "R012": _m(E, "มตินี้ต้องระบุ{what}", "This decision needs a {what_en}"),
    "R010": _m(E, "ไม่พบเลขที่สัญญาเงินกู้ระหว่างกลุ่ม \"{ref}\"", "Inter-group loan \"{ref}\" is not in the loan register"),
}


def register_codes(codes: dict[str, Message]) -> None:
    """Add a feature's codes to the one catalogue (e.g. the books' ``B...`` codes).

    Idempotent for the same message; a code may never be redefined with another meaning.
    """
    for code, msg in codes.items():
        if code in CATALOGUE and CATALOGUE[code] != msg:
            raise ValueError(f"issue code {code} is already defined differently")
        CATALOGUE[code] = msg


def message(severity: Severity, th: str, en: str) -> Message:
    return Message(severity=severity, th=th, en=en)


def make_issue(code: str, *, sheet: str = "", cell: str = "", column: str = "", value: Any = "", **fmt: Any) -> Issue:
    """Build an :class:`Issue` from the catalogue. ``fmt`` fills the message templates."""
    msg = CATALOGUE[code]
    return Issue(
        code=code,
        severity=msg.severity,
        sheet=sheet,
        cell=cell,
        column=column,
        value="" if value is None else str(value),
        message_th=msg.th.format(**fmt),
        message_en=msg.en.format(**fmt),
    )


def has_errors(issues: list[Issue]) -> bool:
    return any(i.severity is Severity.ERROR for i in issues)


class UnreadableWorkbook(Exception):
    """The file cannot be read as a CMFI workbook at all (CLI exit 2). Carries a catalogue issue."""

    def __init__(self, code: str, **fmt: Any) -> None:
        self.issue = make_issue(code, **fmt)
        super().__init__(f"{code}: {self.issue.message_en}")
