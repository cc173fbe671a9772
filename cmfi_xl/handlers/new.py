"""สร้างแบบฟอร์มใหม่: the institution workbook from the template.

``run_new`` is ``cmfi-xl new BOOK.xlsx --institution … --village-code …``.  In Excel the button
:func:`new_book` fills the open workbook when it is blank (press Ctrl+N first): an add-in cannot
create a workbook on every driver (xlwings' remote engine only changes the workbook that called
it), and filling a blank one works everywhere.  The profile (name, village code) is left for the
officer to type into ข้อมูลสถาบัน, exactly as in the blank template (``cmfi-xl template build``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cmfi_xl.schema.institution import INSTITUTION
from cmfi_xl.xlsx.build import build_workbook

from .errors import HandlerError
from .session import Session

__all__ = ["run_new", "new_book"]


def run_new(session: Session, profile: dict[str, Any], data: dict | None = None) -> Path | Any:
    """The workbook of ``profile`` (and ``data``, the demo's) replaces the session's content."""
    session.replace(build_workbook(INSTITUTION, profile=profile, data=data))
    return session.finish()


def new_book(book: Any) -> None:
    """The สร้างแบบฟอร์มใหม่ button: the template into the open, blank workbook."""
    from .excel import ExcelSession

    session = ExcelSession(book, "สร้างแบบฟอร์มใหม่")
    wb, _ = session.values()
    for ws in wb.worksheets:
        first = next((c for row in ws.iter_rows() for c in row if c.value is not None), None)
        if first is not None:
            raise HandlerError(
                "สมุดงานนี้มีข้อมูลอยู่แล้ว — ปุ่มนี้ใส่แบบฟอร์มลงในสมุดงานเปล่าเท่านั้น: กด Ctrl+N "
                "เพื่อเปิดสมุดงานเปล่า แล้วกดปุ่ม สร้างแบบฟอร์มใหม่ อีกครั้ง",
                "this workbook is not blank; open a blank workbook (Ctrl+N) and press the button there",
                sheet=ws.title, cell=first.coordinate)
    session.run(run_new, {})
    session.alert("สร้างแบบฟอร์มใหม่แล้ว — กรอกแผ่นงาน ข้อมูลสถาบัน ก่อน แล้วบันทึกไฟล์ (ไฟล์ → บันทึกเป็น .xlsx)")
