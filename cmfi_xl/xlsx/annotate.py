"""``check -o``: a copy of the user's workbook with a results sheet and the bad cells marked."""

from __future__ import annotations

from pathlib import Path

from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import quote_sheetname
from openpyxl.workbook.workbook import Workbook

from cmfi_xl.core.issues import Issue, Severity

from . import styles as st
from .build import open_on_first_sheet
from .safety import safe_load_workbook
from .write import save_atomic

RESULTS_SHEET = "ผลการตรวจสอบ"
HEADERS = ("ลำดับ", "ระดับ", "รหัส", "แผ่นงาน", "เซลล์", "คอลัมน์", "ค่าที่พบ", "ข้อความ", "Message")
WIDTHS = (7, 10, 8, 22, 9, 22, 22, 60, 60)
SEVERITY_TH = {Severity.ERROR: "ผิดพลาด", Severity.WARNING: "เตือน", Severity.INFO: "แจ้งให้ทราบ"}


def write_checked_copy(src: str | Path, out: str | Path, issues: list[Issue]) -> Path:
    """The input is opened read-only and never written; the copy goes to ``out`` atomically."""
    _, wb = safe_load_workbook(src)
    mark_checked(wb, Path(src).name, issues)
    return save_atomic(wb, out, inputs=(src,))


def mark_checked(wb: Workbook, name: str, issues: list[Issue]) -> None:
    """Add the results sheet (first) to ``wb`` and mark the bad cells; ``name`` is the workbook's
    file name shown in the title. Used on a file's copy (``check -o``) and, by the ribbon
    button, on the open workbook (:mod:`cmfi_xl.handlers.check`)."""
    if RESULTS_SHEET in wb.sheetnames:
        del wb[RESULTS_SHEET]
    ws = wb.create_sheet(RESULTS_SHEET, 0)
    ws["A1"] = f"ผลการตรวจสอบ: {name}"
    ws["A1"].font = st.title_font
    errors = sum(i.severity is Severity.ERROR for i in issues)
    warnings = sum(i.severity is Severity.WARNING for i in issues)
    ws["A2"] = f"ผิดพลาด {errors} · เตือน {warnings} · ทั้งหมด {len(issues)} รายการ / errors {errors}, warnings {warnings}"
    ws["A2"].font = st.bold_font
    for c, (h, w) in enumerate(zip(HEADERS, WIDTHS, strict=True), 1):
        cell = ws.cell(3, c, h)
        cell.font, cell.fill, cell.alignment = st.header_font, st.header_fill, st.wrap_center
        ws.column_dimensions[cell.column_letter].width = w
    link_font = Font(name=st.FONT_NAME, size=st.BODY_PT, color="0563C1", underline="single")
    marked: dict[tuple[str, str], list[Issue]] = {}
    for n, issue in enumerate(issues, 1):
        r = 3 + n
        vals = (n, SEVERITY_TH[issue.severity], issue.code, issue.sheet, issue.cell, issue.column,
                issue.value, issue.message_th, issue.message_en)
        for c, v in enumerate(vals, 1):
            cell = ws.cell(r, c, v)
            cell.font = st.body_font
            cell.alignment = st.left_middle
        if issue.sheet in wb.sheetnames and issue.cell:
            link = ws.cell(r, 5)
            link.hyperlink = f"#{quote_sheetname(issue.sheet)}!{issue.cell}"
            link.font = link_font
            marked.setdefault((issue.sheet, issue.cell), []).append(issue)
        ws.cell(r, 2).fill = st.bad_fill if issue.severity is Severity.ERROR else st.warn_fill
    ws.freeze_panes = "A4"
    ws.auto_filter.ref = f"A3:I{3 + max(len(issues), 1)}"
    open_on_first_sheet(wb)
    for (sheet, coord), found in marked.items():
        cell = wb[sheet][coord]
        worst = min(found, key=lambda i: list(Severity).index(i.severity))
        if worst.severity is Severity.INFO:
            continue
        cell.fill = st.bad_fill if worst.severity is Severity.ERROR else st.warn_fill
        text = "\n".join(f"{i.code}: {i.message_th}\n{i.message_en}" for i in found)
        cell.comment = Comment(text[:2000], "cmfi-xl")
