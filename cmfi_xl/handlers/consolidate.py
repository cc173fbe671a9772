"""รวมไฟล์: ``cmfi-xl rollup INBOX/ -o DISTRICT.xlsx [--roster R] [--district D] [--fiscal-year Y]``.

The folder comes from a cell of the open workbook, which every driver can read (a folder-picker
dialog is desktop only): the sheet **รวมไฟล์**, cell B3 (folder), B4 (roster file, optional),
B5 (amphoe / province code, optional), B6 (fiscal year B.E., optional).  The first press on a
workbook without that sheet adds it and says what to type; the next press reads the folder and
appends the district sheets (summary, eliminations, per unit, file status, completeness, charts)
to the open workbook — replacing them when pressed again — exactly as the CLI writes them to
DISTRICT.xlsx.  Use a blank workbook (Ctrl+N) saved outside the folder as the district workbook.
The status bar counts the files read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl.workbook.workbook import Workbook

from .errors import HandlerError
from .session import Session

__all__ = ["SETTINGS_SHEET", "FOLDER_CELL", "run_consolidate", "consolidate", "add_settings_sheet"]

SETTINGS_SHEET = "รวมไฟล์"
FOLDER_CELL, ROSTER_CELL, DISTRICT_CELL, YEAR_CELL = "B3", "B4", "B5", "B6"
_LABELS = (("A3", "โฟลเดอร์ที่เก็บไฟล์ที่ได้รับ / folder"), ("A4", "ไฟล์บัญชีรายชื่อ (ไม่บังคับ) / roster"),
           ("A5", "รหัสอำเภอ 4 หลัก หรือจังหวัด 2 หลัก (ไม่บังคับ) / district"),
           ("A6", "ปีงบประมาณ พ.ศ. (ไม่บังคับ) / fiscal year"))


def add_settings_sheet(wb: Workbook) -> None:
    """The small sheet the officer types the folder into (house style, the inputs unfilled)."""
    from cmfi_xl.xlsx import styles as st

    ws = wb.create_sheet(SETTINGS_SHEET, 0)
    ws["A1"] = "รวมไฟล์: ใส่ที่อยู่โฟลเดอร์ในช่อง B3 แล้วกดปุ่ม รวมไฟล์ อีกครั้ง"
    ws["A1"].font = st.title_font
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 48, 70
    for ref, text in _LABELS:
        ws[ref] = text
        ws[ref].font = st.bold_font
        inp = ws[ref.replace("A", "B")]
        inp.fill, inp.font, inp.number_format = st.input_fill, st.body_font, st.TEXT_FORMAT


def _text(wb: Workbook, ref: str) -> str:
    v = wb[SETTINGS_SHEET][ref].value
    if isinstance(v, float) and v.is_integer():
        v = int(v)  # a code or year Excel typed as a number
    return "" if v is None else str(v).strip().strip('"')


def _refuse(ref: str, th: str, en: str) -> HandlerError:
    return HandlerError(th, en, sheet=SETTINGS_SHEET, cell=ref)


def _settings(wb: Workbook) -> dict[str, Any]:
    """The folder and options typed on the settings sheet, checked as the CLI checks its arguments."""
    folder = _text(wb, FOLDER_CELL)
    if not folder:
        raise _refuse(FOLDER_CELL, "ยังไม่ได้ใส่โฟลเดอร์ — พิมพ์ที่อยู่โฟลเดอร์ที่เก็บไฟล์ที่ได้รับ (เช่น D:\\รวมไฟล์\\2569) "
                      "แล้วกดปุ่ม รวมไฟล์ อีกครั้ง", "no folder: type the folder's path")
    inbox = Path(folder)
    if not inbox.is_dir():
        raise _refuse(FOLDER_CELL, f"ไม่พบโฟลเดอร์ {folder} — ตรวจที่อยู่ (คัดลอกจากแถบที่อยู่ของ File Explorer)",
                      f"{folder} is not a folder")
    if not any(p.is_file() for p in inbox.rglob("*")):
        raise _refuse(FOLDER_CELL, f"โฟลเดอร์ {folder} ไม่มีไฟล์ — บันทึกไฟล์แนบจากอีเมลลงในโฟลเดอร์ก่อน",
                      f"{folder} holds no files")
    roster = _text(wb, ROSTER_CELL) or None
    if roster and not Path(roster).is_file():
        raise _refuse(ROSTER_CELL, f"ไม่พบไฟล์บัญชีรายชื่อ {roster}", f"roster not found: {roster}")
    district = _text(wb, DISTRICT_CELL) or None
    if district is not None and not (district.isdigit() and len(district) in (2, 4)):
        raise _refuse(DISTRICT_CELL, f"รหัสต้องเป็นรหัสอำเภอ 4 หลัก หรือรหัสจังหวัด 2 หลัก ค่าที่พบ: {district!r}",
                      f"the district must be a 4-digit amphoe or 2-digit province code: {district!r}")
    year = _text(wb, YEAR_CELL)
    if year and not (year.isdigit() and len(year) == 4):
        raise _refuse(YEAR_CELL, f"ปีงบประมาณต้องเป็น พ.ศ. 4 หลัก ค่าที่พบ: {year!r}", f"not a B.E. year: {year!r}")
    return {"inbox": inbox, "roster": roster, "unit_code": district, "fiscal_year": int(year) if year else None}


def run_consolidate(session: Session, *, exclude: tuple[str | Path, ...] = ()) -> tuple[Any, Any]:
    """Consolidate the folder named on the settings sheet into the district sheets. Returns
    ``(Rollup or None when the settings sheet was just added, what finish returned)``."""
    from cmfi_xl.rollup.run import run_rollup
    from cmfi_xl.rollup.write import add_rollup_sheets

    wb, _ = session.values()
    if SETTINGS_SHEET not in wb.sheetnames:
        add_settings_sheet(session.target())
        return None, session.finish()
    args = _settings(wb)

    def progress(done: int, total: int, name: str) -> None:
        session.progress(f"รวมไฟล์ {done}/{total}: {name}")

    result = run_rollup(args["inbox"], roster=args["roster"], unit_code=args["unit_code"],
                        fiscal_year=args["fiscal_year"], workers=2, progress=progress, exclude=exclude)
    add_rollup_sheets(session.target(), result)
    return result, session.finish()


def consolidate(book: Any) -> None:
    """The รวมไฟล์ button."""
    from cmfi_xl.rollup.core import LEVEL_TH

    from .excel import ExcelSession

    session = ExcelSession(book, "รวมไฟล์")
    own = Path(getattr(book, "fullname", "") or "")
    r, _ = session.run(run_consolidate, exclude=(own,) if own.is_file() else ())
    if r is None:
        session.alert(f"เพิ่มแผ่นงาน {SETTINGS_SHEET} แล้ว — พิมพ์ที่อยู่โฟลเดอร์ที่เก็บไฟล์ในช่อง {FOLDER_CELL} "
                      "แล้วกดปุ่ม รวมไฟล์ อีกครั้ง")
        return
    text = (f"รวมไฟล์{LEVEL_TH[r.level]} {r.unit_code} ปีงบประมาณ {r.fiscal_year or '-'}: ได้รับ {len(r.statuses)} ไฟล์ · "
            f"รับรวม {r.count('accepted')} · ซ้ำ {r.count('duplicate')} · ไม่รับ {r.count('rejected')} · "
            f"ยังไม่ส่ง {len(r.missing)} — ดูแผ่นงาน สรุปรวม และ สถานะไฟล์")
    session.alert(text)
