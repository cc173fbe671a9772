"""The report printed by LibreOffice: A4 pages, the official font, the Thai headers, and no Thai
text cut off (every text cell of the workbook appears whole in the PDF's text)."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from cmfi_xl.render import libreoffice
from cmfi_xl.report.sheets import OPS, PART1, PART2

pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(libreoffice.find_soffice() is None, reason="LibreOffice not installed")]


@pytest.fixture(scope="module")
def pdf(demo_report: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return libreoffice.convert(demo_report, tmp_path_factory.mktemp("pdf"), "pdf")


_MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")


def _squash(s: str) -> str:
    """Without spaces and without the Thai marks above/below the line: pdftotext may emit a
    stacked tone mark and vowel in either order, or split a mark from its letter; a clipped cell
    loses base letters, which this comparison still sees."""
    return _MARKS.sub("", re.sub(r"[\s\-]+", "", s))  # pdftotext drops a hyphen at a line break


def _in_order(needle: str, hay: str) -> bool:
    head = needle[:6]
    start = hay.find(head)
    while start >= 0:
        window, i = hay[start:start + 3 * len(needle) + 60], 0
        for ch in window:
            if i < len(needle) and ch == needle[i]:
                i += 1
        if i == len(needle):
            return True
        start = hay.find(head, start + 1)
    return False


def test_every_page_is_a4_portrait_in_the_thai_font(pdf: Path) -> None:
    sizes = libreoffice.pdf_page_sizes(pdf)
    assert 3 <= len(sizes) <= 12
    assert all(abs(w - 595.3) < 2 and abs(h - 841.9) < 2 for w, h in sizes)
    assert libreoffice.words_past_margin(pdf) == []
    names = {f["name"] for f in libreoffice.pdf_fonts(pdf)}
    assert any("Sarabun" in n for n in names), names


def test_thai_headers_and_signature_blocks_are_printed(pdf: Path) -> None:
    text = libreoffice.pdf_text(pdf)
    for header in ("ส่วนที่ 1 ข้อมูลทั่วไปและโครงสร้างสถาบัน", "ส่วนที่ 2 ผลการประเมินจัดระดับการพัฒนาสถาบัน",
                   "กลุ่ม/องค์กรสมาชิก จำแนกตามประเภท", "คะแนนรายด้าน", "ประธานคณะกรรมการสถาบัน",
                   "ปีงบประมาณ 2569", "หน้า 1 /"):
        assert _squash(header) in _squash(text), header
    assert text.count("ลงชื่อ") == 6  # two signature blocks on each of the three sheets
    assert "05/10/2569" in text  # the report date in the Buddhist Era


def test_no_thai_text_is_clipped(demo_report: Path, pdf: Path) -> None:
    """Each text cell's whole text is in the PDF (a clipped cell loses its end; a wrapped cell may
    be broken across lines, so its pieces between line breaks are checked in order)."""
    raw = libreoffice.pdf_text(pdf, layout=False)
    flat = _squash(raw)
    wb = openpyxl.load_workbook(demo_report)
    missing = []
    checked = 0
    for ws in wb.worksheets:
        assert ws.title in (PART1, PART2, OPS)
        for row in ws.iter_rows():
            for c in row:
                if not isinstance(c.value, str) or c.value.startswith("=") or not re.search("[ก-๙]", c.value):
                    continue
                checked += 1
                if _squash(c.value) in flat:
                    continue
                # wrapped over several lines, pdftotext may put a neighbour cell's line in between:
                # the whole text must still appear in order within a short stretch of the page
                if not _in_order(_squash(c.value), flat):
                    missing.append(f"{ws.title}!{c.coordinate}: {c.value}")
    assert checked > 80
    assert missing == []
