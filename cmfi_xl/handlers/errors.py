"""Errors a button shows as a Thai message box: what is wrong, where (sheet/cell), what to do.

:class:`HandlerError` is raised *before* anything is written; :func:`cmfi_xl.addin.dispatch.run`
shows its Thai text (``str(exc)``), never a traceback.  The CLI never sees these: on a file the
same job reports through issues and exit codes.
"""

from __future__ import annotations

from cmfi_xl.core.issues import Issue, Severity, UnreadableWorkbook

__all__ = ["HandlerError", "WriteFailed", "from_unreadable", "book_has_errors"]


class HandlerError(Exception):
    """A refusal with a Thai message (and English for the log), located where possible."""

    def __init__(self, th: str, en: str, *, sheet: str = "", cell: str = "") -> None:
        self.th, self.en, self.sheet, self.cell = th, en, sheet, cell
        where = f"{sheet}!{cell}" if sheet and cell else sheet
        self.where = where
        text = f"{where}: {th}" if where else th
        super().__init__(text + "\nไม่มีการเปลี่ยนแปลงสมุดงาน")

    @property
    def message_en(self) -> str:
        return (f"{self.where}: " if self.where else "") + self.en + " (the workbook was not changed)"


def from_unreadable(exc: UnreadableWorkbook, book_name: str) -> HandlerError:
    """``UnreadableWorkbook`` (CLI exit 2) as a located Thai refusal."""
    i = exc.issue
    hint = ""
    if i.code == "F010":
        hint = (" — ปุ่มนี้ใช้กับแบบฟอร์มสถาบันฯ เท่านั้น (แผ่นงาน ข้อมูลสถาบัน ช่อง B2 ต้องมีรหัสแม่แบบ "
                "cmfi-institution); สร้างแบบฟอร์มด้วยปุ่ม สร้างแบบฟอร์มใหม่")
    return HandlerError(f"สมุดงาน {book_name}: {i.message_th}{hint}", f"workbook {book_name}: {i.message_en}",
                        sheet=i.sheet, cell=i.cell)


def book_has_errors(issues: list[Issue], action_th: str) -> HandlerError:
    """The workbook has errors: name the first one and how many there are."""
    errors = [i for i in issues if i.severity is Severity.ERROR]
    first = errors[0]
    more = f" (และอีก {len(errors) - 1} รายการ)" if len(errors) > 1 else ""
    col = f" ({first.column})" if first.column else ""
    val = f" ค่าที่พบ: {first.value!r}" if first.value else ""
    return HandlerError(
        f"{first.message_th}{col}{val}{more} — แก้ไขข้อผิดพลาดก่อน{action_th} (กดปุ่ม ตรวจสอบข้อมูล เพื่อดูทุกรายการ)",
        f"{first.message_en}; fix the {len(errors)} error(s) first (press Check)",
        sheet=first.sheet, cell=first.cell)


class WriteFailed(Exception):
    """Excel refused a write part-way (something the guard could not foresee): the workbook may be
    partly changed, so the message says how to get the file back. The cause goes to the log."""

    def __init__(self, sheet: str, cause: BaseException) -> None:
        self.sheet = sheet
        where = f" (แผ่นงาน {sheet})" if sheet else ""
        super().__init__(
            f"เขียนผลลงสมุดงานไม่สำเร็จ{where}: {type(cause).__name__} — สมุดงานอาจถูกเปลี่ยนไปบางส่วน: "
            "ปิดสมุดงานโดยไม่บันทึก (ไม่ต้องกด บันทึก) แล้วเปิดใหม่ ไฟล์เดิมยังอยู่ครบ")
