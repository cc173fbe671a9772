"""`check` on real workbooks: the demo passes, and each user mutation gets a located issue.

Every test starts from the demo workbook built by the real builder, changes it the way a
committee member would (with openpyxl, as Excel would save it), and reads it back from disk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from cmfi_xl.core.issues import Issue, Severity, UnreadableWorkbook
from cmfi_xl.validate.check import check_file

SHARES = "ทะเบียนคุมเงินลงหุ้น"
GROUPS = "ทะเบียนสมาชิก"
PROFILE = "ข้อมูลสถาบัน"
# Column letters in the template (a test below proves reading does not depend on them).
SH_DATE, SH_RECEIPT, SH_GROUP, SH_MOVE, SH_UNITS, SH_PAR, SH_AMOUNT = "ABCDEFG"


def mutate(path: Path, change: Callable[[openpyxl.Workbook], None]) -> Path:
    wb = openpyxl.load_workbook(path)
    change(wb)
    wb.save(path)
    return path


def only(issues: list[Issue], code: str) -> list[Issue]:
    return [i for i in issues if i.code == code]


def errors(issues: list[Issue]) -> list[Issue]:
    return [i for i in issues if i.severity is Severity.ERROR]


def test_the_demo_workbook_passes(demo_book: Path) -> None:
    book, issues, _ = check_file(demo_book)
    assert errors(issues) == []
    assert len(book.households) == 300
    assert len(book.contracts) > 650
    assert all(isinstance(c.principal, Decimal) for c in book.contracts)
    assert book.profile.fiscal_year == 2569


def test_text_in_a_number_column_is_located_with_header_and_value(book_copy: Callable[[str], Path]) -> None:
    path = mutate(book_copy("b.xlsx"), lambda wb: wb[SHARES].__setitem__(f"{SH_AMOUNT}6", "หนึ่งพันบาท"))
    _, issues, _ = check_file(path)
    (issue,) = only(issues, "V002")
    assert (issue.sheet, issue.cell, issue.column, issue.value) == (SHARES, "G6", "จำนวนเงิน", "หนึ่งพันบาท")
    assert issue.severity is Severity.ERROR
    assert only(issues, "R003") == []  # no follow-on "negative balance" from the unreadable amount
    assert "จำนวนเงิน" in issue.message_th or "ไม่ใช่จำนวนเงิน" in issue.message_th
    assert issue.message_en == "Not an amount of money"


def test_what_users_really_type_is_accepted_deliberately(book_copy: Callable[[str], Path]) -> None:
    def change(wb: openpyxl.Workbook) -> None:
        ws = wb[SHARES]
        units, par = ws[f"{SH_UNITS}5"].value, ws[f"{SH_PAR}5"].value
        total = int(units * par)
        thai = str(total).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
        ws[f"{SH_AMOUNT}5"] = f"{thai} บาท"  # Thai digits and the word baht, stored as text
        ws[f"{SH_GROUP}5"] = f"  {ws[f'{SH_GROUP}5'].value} "  # stray spaces
        w = wb["สวัสดิการ"]
        w["A4"] = "15/01/2569"  # a text date with a B.E. year
        w["A5"] = "15 ม.ค. 69"  # Thai month abbreviation, 2-digit B.E. year
        w["A6"] = dt.datetime(2569, 2, 1)  # a B.E. year typed into a real date cell
    path = mutate(book_copy("b.xlsx"), change)
    book, issues, _ = check_file(path)
    assert errors(issues) == []
    welfare = {w.row: w.date for w in book.welfare}
    assert welfare[4] == dt.date(2026, 1, 15)
    assert welfare[5] == dt.date(2026, 1, 15)
    assert welfare[6] == dt.date(2026, 2, 1)
    assert {i.code for i in issues if i.sheet == "สวัสดิการ"} == {"A001", "A002"}
    share = next(s for s in book.shares if s.row == 5)
    assert share.amount == share.par_value * share.units
    assert share.group_id == share.group_id.strip()


def test_a_deleted_required_column_is_reported_with_the_columns_found(book_copy: Callable[[str], Path]) -> None:
    path = mutate(book_copy("b.xlsx"), lambda wb: wb[SHARES].delete_cols(7))
    _, issues, _ = check_file(path)
    (issue,) = only(issues, "S002")
    assert issue.sheet == SHARES and issue.column == "จำนวนเงิน"
    assert "หมายเหตุ" in issue.message_th  # lists what it found instead
    assert "Required column" in issue.message_en


def test_a_renamed_sheet_is_still_read_through_its_table_name(book_copy: Callable[[str], Path], demo_book: Path) -> None:
    path = mutate(book_copy("b.xlsx"), lambda wb: setattr(wb[SHARES], "title", "หุ้น"))
    book, issues, _ = check_file(path)
    (issue,) = only(issues, "S003")
    assert issue.severity is Severity.WARNING and "หุ้น" in issue.message_th
    assert errors(issues) == []
    original, _, _ = check_file(demo_book)
    assert book.shares == original.shares


def test_rows_typed_below_the_table_are_read_and_flagged(book_copy: Callable[[str], Path]) -> None:
    def change(wb: openpyxl.Workbook) -> None:
        ws = wb[SHARES]
        last = int(ws.tables["tblShares"].ref.split(":")[1].lstrip("ABCDEFGH"))
        ws.append([])  # ensure max_row; then type two rows below the table
        for r in (last + 1, last + 2):
            ws.cell(r, 1, dt.datetime(2026, 5, 1))
            ws.cell(r, 2, f"R-extra-{r}")
            ws.cell(r, 3, "G01")
            ws.cell(r, 4, "ซื้อหุ้น")
            ws.cell(r, 5, 10)
            ws.cell(r, 6, 100)
            ws.cell(r, 7, 1000)
    path = mutate(book_copy("b.xlsx"), change)
    book, issues, _ = check_file(path)
    (issue,) = only(issues, "S004")
    assert issue.severity is Severity.WARNING
    assert sum(1 for s in book.shares if s.receipt_no and s.receipt_no.startswith("R-extra")) == 2


def test_moved_columns_are_read_by_header(book_copy: Callable[[str], Path], demo_book: Path) -> None:
    def change(wb: openpyxl.Workbook) -> None:
        ws = wb[GROUPS]
        for row in ws.iter_rows(min_row=3, max_row=ws.max_row, min_col=1, max_col=2):
            row[0].value, row[1].value = row[1].value, row[0].value  # swap id and name
    path = mutate(book_copy("b.xlsx"), change)
    book, issues, _ = check_file(path)
    assert only(issues, "S005")
    assert errors(issues) == []
    original, _, _ = check_file(demo_book)
    assert [(g.group_id, g.name) for g in book.member_groups] == [
        (g.group_id, g.name) for g in original.member_groups]


@pytest.mark.parametrize(
    ("sheet", "cell", "value", "code", "column"),
    [
        (SHARES, f"{SH_GROUP}4", "G99", "R001", "รหัสกลุ่ม"),
        (SHARES, f"{SH_RECEIPT}5", "R67-001", "R002", "เลขที่ใบเสร็จ"),
        (SHARES, f"{SH_AMOUNT}4", 1, "V015", "จำนวนเงิน"),
        (GROUPS, "C4", "กลุ่มสนุก", "V006", "ประเภทกลุ่ม"),
        ("ครัวเรือน", "D4", "1234567890123", "V007", "เลขประจำตัวประชาชน"),
        ("สัญญาเงินกู้", "B4", "เจ้าหนี้ลึกลับ", "R005", "ผู้ให้กู้"),
        ("บัญชีรับ-จ่าย", "A4", dt.datetime(2024, 12, 1), "R006", "วันที่"),
        ("เงินออมครัวเรือน", "A4", "H999", "R007", "รหัสครัวเรือน"),
        ("บัญชีรับ-จ่าย", "G4", "B9", "R008", "รหัสบัญชีธนาคาร"),
        ("สัญญาเงินกู้", "F4", "abc", "V009", "อัตราดอกเบี้ยต่อปี"),
        ("สวัสดิการ", "A4", "31/02/2569", "V005", "วันที่"),
        ("ครัวเรือน", "E4", 2.5, "V004", "จำนวนสมาชิกครัวเรือน"),
        ("สวัสดิการ", "F4", -5, "V008", "จำนวนเงิน"),
        ("สวัสดิการ", "B4", None, "V001", "เลขที่ใบสำคัญ"),
        (GROUPS, "G4", 0.5, "V016", "อัตราดอกเบี้ยเงินกู้ต่อปี"),  # 50% a year: a typing slip
        ("มติแผนหนี้", "C5", None, "R012", "รหัสกลุ่ม"),  # "group takes no transfers" with no group
        ("นโยบายรวมหนี้", "A4", "G42", "R001", "รหัสกลุ่ม"),
        ("ตั้งค่า", "C5", "ยาวนาน", "V003", "ค่า"),
    ],
)
def test_each_bad_value_is_located(book_copy: Callable[[str], Path], sheet: str, cell: str, value: object,
                                   code: str, column: str) -> None:
    path = mutate(book_copy("b.xlsx"), lambda wb: wb[sheet].__setitem__(cell, value))
    _, issues, _ = check_file(path)
    hits = [i for i in only(issues, code) if i.cell == cell]
    assert hits, [str(i) for i in issues]
    assert hits[0].sheet == sheet and hits[0].column == column
    assert hits[0].message_th and hits[0].message_en


def test_a_withdrawal_beyond_the_balance_is_a_negative_share_balance(book_copy: Callable[[str], Path]) -> None:
    def change(wb: openpyxl.Workbook) -> None:
        ws = wb[SHARES]
        r = 4 + 68
        for col, v in zip("ABCDEFG", (dt.datetime(2026, 9, 1), "R-X", "G01", "ถอนหุ้น", 99999, 100, 9999900)):
            ws[f"{col}{r}"] = v
    path = mutate(book_copy("b.xlsx"), change)
    _, issues, _ = check_file(path)
    (issue,) = only(issues, "R003")
    assert issue.cell == f"G{4 + 68}" and "G01" in issue.message_th


def test_too_many_leaders_on_the_committee(book_copy: Callable[[str], Path]) -> None:
    def change(wb: openpyxl.Workbook) -> None:
        ws = wb["คณะกรรมการ"]
        for r in (4, 5, 6):
            ws[f"C{r}"] = "ผู้นำชุมชน/ผู้ทรงคุณวุฒิ"
            ws[f"D{r}"] = None
    path = mutate(book_copy("b.xlsx"), change)
    _, issues, _ = check_file(path)
    (issue,) = only(issues, "R004")
    assert issue.sheet == "คณะกรรมการ"
    assert "6" in issue.message_th and "5" in issue.message_th  # 6 leaders vs 5 representatives


def test_many_problems_are_all_reported_not_just_the_first(book_copy: Callable[[str], Path]) -> None:
    def change(wb: openpyxl.Workbook) -> None:
        wb[SHARES][f"{SH_AMOUNT}6"] = "x"
        wb[SHARES][f"{SH_GROUP}7"] = "G77"
        wb[GROUPS]["C5"] = "??"
        wb[PROFILE]["B6"] = "1234"  # village code: not 8 digits
    path = mutate(book_copy("b.xlsx"), change)
    _, issues, _ = check_file(path)
    assert {"V002", "R001", "V006", "V010"} <= {i.code for i in errors(issues)}


@pytest.mark.parametrize(("version", "ok"), [("1.0", True), ("1.9", False), ("2.0", False), ("0.9", False)])
def test_template_versions(book_copy: Callable[[str], Path], version: str, ok: bool) -> None:
    path = mutate(book_copy("b.xlsx"), lambda wb: wb[PROFILE].__setitem__("B3", version))
    if ok:
        check_file(path)
    else:
        with pytest.raises(UnreadableWorkbook) as exc:
            check_file(path)
        assert exc.value.issue.code == "F011"


def test_another_template_and_a_plain_workbook_are_refused(book_copy: Callable[[str], Path], tmp_path: Path) -> None:
    path = mutate(book_copy("b.xlsx"), lambda wb: wb[PROFILE].__setitem__("B2", "cmfi-district"))
    with pytest.raises(UnreadableWorkbook) as exc:
        check_file(path)
    assert exc.value.issue.code == "F012"
    plain = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(plain)
    with pytest.raises(UnreadableWorkbook) as exc:
        check_file(plain)
    assert exc.value.issue.code == "F010"
