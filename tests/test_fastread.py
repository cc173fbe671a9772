"""The fast reader (calamine + table parts) builds exactly the RawBook openpyxl builds.

``check``, ``books`` and the roll-up read with it, so every way users change a workbook that the
openpyxl reader handles must read the same: typed text, Thai digits, B.E. years, formulas (their
cached values), rows typed below a table, a renamed sheet, moved columns, a lost table object.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from cmfi_xl.render import libreoffice
from cmfi_xl.schema.institution import INSTITUTION
from cmfi_xl.xlsx.fastread import read_raw_fast
from cmfi_xl.xlsx.read import read_workbook
from cmfi_xl.xlsx.safety import safe_load_workbook


def _openpyxl_raw(path: Path):  # type: ignore[no-untyped-def]
    report, wb = safe_load_workbook(path, data_only=True)
    return read_workbook(wb, INSTITUTION, str(path), list(report.warnings))


def _mutate(wb: openpyxl.Workbook) -> None:
    shares = wb["ทะเบียนคุมเงินลงหุ้น"]
    shares["A5"] = "15/01/2569"  # a date typed as text
    shares["G6"] = "๑,๒๓๔.๕๐ บาท"  # Thai digits and a unit
    shares["E7"] = 12.0  # an integral float
    shares["A8"] = dt.datetime(2569, 1, 15)  # a B.E. year in a real date
    shares["H9"] = "  หมายเหตุ  "
    last = shares.tables["tblShares"].ref.split(":")[1]
    below = int("".join(ch for ch in last if ch.isdigit())) + 2
    shares[f"A{below}"] = dt.datetime(2026, 1, 2)  # typed below the table
    shares[f"C{below}"] = "G01"
    wb["ครัวเรือน"].title = "ครัวเรือน (แก้ชื่อ)"  # a renamed sheet: the table is found by name
    welfare = wb["สวัสดิการ"]
    del welfare.tables["tblWelfare"]  # the table object is lost: read from the header row
    welfare.move_range("A3:C400", cols=20)  # and columns moved far right


def test_the_demo_reads_the_same(demo_book: Path) -> None:
    assert read_raw_fast(demo_book, INSTITUTION) == _openpyxl_raw(demo_book)


def test_user_edits_read_the_same(book_copy: Callable[[str], Path]) -> None:
    path = book_copy("edited.xlsx")
    wb = openpyxl.load_workbook(path)
    _mutate(wb)
    wb.save(path)
    fast, slow = read_raw_fast(path, INSTITUTION), _openpyxl_raw(path)
    assert fast.tables["shares"] == slow.tables["shares"]
    assert fast.tables["welfare"] == slow.tables["welfare"]
    assert fast == slow


@pytest.mark.skipif(libreoffice.find_soffice() is None, reason="LibreOffice is not installed")
def test_a_file_saved_by_libreoffice_reads_the_same(book_copy: Callable[[str], Path], tmp_path: Path) -> None:
    """LibreOffice writes shared strings, cached formula values and styles its own way."""
    src = book_copy("lo.xlsx")
    out = libreoffice.convert(src, tmp_path / "out", "xlsx")
    assert read_raw_fast(out, INSTITUTION) == _openpyxl_raw(out)
