"""A real spreadsheet program opens what we build: LibreOffice recalculates and prints it.

LibreOffice runs headless with a throw-away profile set to always recalculate OOXML on load
(openpyxl caches no formula values). The PDF must be A4 and carry the Thai text.
"""

from __future__ import annotations

import os
import re
import shutil
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from cmfi_xl.core.summary import compute_summary
from cmfi_xl.render import libreoffice as lo
from cmfi_xl.schema.institution import INSTITUTION
from cmfi_xl.schema.summary import SUMMARY_ITEMS
from cmfi_xl.validate.check import check_file
from cmfi_xl.xlsx.build import FIRST_DATA_ROW, PROFILE_FIRST_ROW

TEMPLATES = Path(__file__).resolve().parents[1] / "workbooks" / "templates"

pytestmark = pytest.mark.libreoffice
if lo.find_soffice() is None:
    if os.environ.get("CI"):
        raise RuntimeError("LibreOffice is required in CI (scripts/install-system-deps.sh installs it)")
    pytestmark = [pytest.mark.libreoffice, pytest.mark.skip(reason="LibreOffice (soffice) not installed")]


# pdftotext moves some Thai above/below marks (e.g. "หนี้" comes out as "หนี)้"), and -layout
# wraps long headers: compare text with the marks, spaces and punctuation taken out.
_MARKS = re.compile(r"[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\s()]")


def _bare(text: str) -> str:
    return _MARKS.sub("", text)


def _money(v: object) -> Decimal:
    return Decimal(repr(v)).quantize(Decimal("0.01")) if isinstance(v, float) else Decimal(str(v))


@pytest.fixture(scope="module")
def demo_recalculated(demo_book: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("lo")
    return lo.convert(demo_book, out, "xlsx")


def test_the_summary_sheet_recalculates_to_what_python_computes(demo_book: Path, demo_recalculated: Path) -> None:
    import openpyxl

    book, _, _ = check_file(demo_book)
    expected = compute_summary(book)
    ws = openpyxl.load_workbook(demo_recalculated, data_only=True)[INSTITUTION.summary_sheet]
    for i, it in enumerate(SUMMARY_ITEMS):
        got = ws.cell(FIRST_DATA_ROW + i, 2).value
        want = expected[it.key]
        if it.fmt == "money":
            assert _money(got) == want, it.key
        elif it.fmt == "int":
            assert int(got) == want, it.key
        else:
            assert got == want, it.key


def test_register_formula_columns_recalculate_per_row(demo_book: Path, demo_recalculated: Path) -> None:
    import openpyxl

    book, _, _ = check_file(demo_book)
    wb = openpyxl.load_workbook(demo_recalculated, data_only=True)
    balance: dict[str, Decimal] = defaultdict(Decimal)
    for s in book.shares:
        balance[s.group_id] += s.signed_amount
    groups = wb["ทะเบียนสมาชิก"]
    for g in book.member_groups:
        assert _money(groups.cell(g.row, 10).value) == balance[g.group_id], g.group_id
    open_counts = Counter(c.household_id for c in book.contracts if c.is_open)
    debt: dict[str, Decimal] = defaultdict(Decimal)
    for c in book.contracts:
        if c.is_open:
            debt[c.household_id] += c.principal
    hh = wb["ครัวเรือน"]
    for h in book.households:
        assert int(hh.cell(h.row, 6).value) == open_counts.get(h.household_id, 0)
        assert _money(hh.cell(h.row, 7).value) == debt.get(h.household_id, Decimal(0))
    profile = wb[INSTITUTION.profile_sheet]
    codes = {f.key: profile.cell(PROFILE_FIRST_ROW + i, 2).value for i, f in enumerate(INSTITUTION.profile_fields)}
    assert (codes["province_code"], codes["amphoe_code"], codes["tambon_code"]) == ("34", "3414", "341405")


def test_a_workbook_saved_by_libreoffice_still_checks_clean(demo_recalculated: Path, tmp_path: Path) -> None:
    copy = tmp_path / "saved-by-libreoffice.xlsx"
    shutil.copyfile(demo_recalculated, copy)
    book, issues, _ = check_file(copy)
    assert [i for i in issues if i.severity == "error"] == []
    assert len(book.households) == 300 and len(book.contracts) > 650


@pytest.mark.parametrize("which", ["template", "demo"])
def test_prints_on_a4_with_thai_text_and_no_formula_errors(which: str, demo_book: Path, tmp_path: Path) -> None:
    src = TEMPLATES / "cmfi-institution.xlsx" if which == "template" else demo_book
    pdf = lo.convert(src, tmp_path, "pdf")
    sizes = lo.pdf_page_sizes(pdf)
    assert sizes and all(abs(w - 595.3) < 2 and abs(h - 841.9) < 2 or abs(w - 841.9) < 2 and abs(h - 595.3) < 2
                         for w, h in sizes)
    assert lo.words_past_margin(pdf) == []  # no text runs off the page: long text wraps in its cell
    text = lo.pdf_text(pdf)
    bare = _bare(text)
    for t in INSTITUTION.tables:
        assert _bare(t.title) in bare, t.title
    for header in ("รหัสกลุ่ม", "จำนวนเงิน", "เลขที่สัญญา", "รหัสครัวเรือน", "ทะเบียนคุมเงินลงหุ้น"):
        assert header in text
    assert not re.search(r"#NAME\?|#REF!|#VALUE!|Err:\d{3}", text)
    if which == "demo":
        assert _bare("สถาบันการจัดการเงินทุนชุมชนบ้านหนองบัว") in bare
        assert re.search(r"\d{2}/\d{2}/25\d\d", text), "dates print in the Buddhist Era"
        fonts = {f["name"] for f in lo.pdf_fonts(pdf)}
        assert any("Sarabun" in name for name in fonts), fonts
