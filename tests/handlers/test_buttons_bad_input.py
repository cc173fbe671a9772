"""Bad input through the remote engine: a clear, located Thai message and the workbook unchanged
(the only action the button emits is the message box)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from compare import differences
from remote import apply_actions, remote_book

from cmfi_xl.addin import dispatch
from cmfi_xl.cli import main

BUTTONS = ("check", "plan", "apply", "books", "report", "assess")
UNCHANGED = "ไม่มีการเปลี่ยนแปลงสมุดงาน"


def refusal(tag: str, src: Path, **payload_kw) -> str:
    """Press ``tag`` through the ribbon's dispatcher; assert that nothing but one critical
    message box came out, and return its text."""
    book = remote_book(src, **payload_kw)
    assert dispatch.run(tag, book) is False
    actions = book.json()["actions"]
    assert [a["func"] for a in actions] == ["alert"], [a["func"] for a in actions][:5]
    prompt, title, _, mode, _ = actions[0]["args"]
    assert mode == "critical" and title == dispatch.TITLE
    assert "Traceback" not in prompt and "cmfi-xl-addin.log" not in prompt
    return prompt


@pytest.mark.parametrize("tag", BUTTONS)
def test_a_workbook_that_is_not_a_cmfi_workbook(tag: str, tmp_path: Path) -> None:
    other = tmp_path / "งบประมาณ.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["รายการ", "จำนวนเงิน"])
    wb.active.append(["ค่าไฟ", 1200])
    wb.save(other)
    prompt = refusal(tag, other)
    assert "งบประมาณ.xlsx" in prompt and "ไม่ใช่แบบฟอร์มของสถาบัน" in prompt and "B2" in prompt
    assert UNCHANGED in prompt


@pytest.mark.parametrize("tag", ["check", "new", *BUTTONS[1:], "consolidate"])
def test_the_selection_on_a_chart(tag: str, demo_book: Path) -> None:
    prompt = refusal(tag, demo_book, selection=None)  # Office.js sends no address for a chart
    assert "แผนภูมิ" in prompt and "คลิกเซลล์" in prompt


@pytest.mark.parametrize("tag", [*BUTTONS, "consolidate"])
def test_a_workbook_open_read_only(tag: str, demo_book: Path) -> None:
    prompt = refusal(tag, demo_book, read_only=True)
    assert "อ่านอย่างเดียว" in prompt and "บันทึกเป็น" in prompt


def _protect_fully(name: str) -> Callable[[openpyxl.Workbook], None]:
    def edit(wb: openpyxl.Workbook) -> None:
        wb["ทะเบียนคุมเงินลงหุ้น"]["C7"] = "G77"
        p = wb[name].protection  # Excel's default Protect Sheet: no formatting, no objects
        p.sheet, p.formatCells, p.objects = True, True, True
    return edit


def test_a_protected_sheet_the_check_must_mark(edited: Callable[..., Path]) -> None:
    src = edited("protected.xlsx", _protect_fully("ทะเบียนคุมเงินลงหุ้น"))
    prompt = refusal("check", src)
    assert prompt.startswith("ทะเบียนคุมเงินลงหุ้น!C7:") and "ถูกป้องกัน" in prompt
    assert "ยกเลิกการป้องกันแผ่นงาน" in prompt


def test_a_protected_sheet_the_apply_must_write(approved_book: Path, tmp_path: Path) -> None:
    src = tmp_path / "approved-protected.xlsx"
    wb = openpyxl.load_workbook(approved_book)
    p = wb["ทะเบียนการโอนภาระหนี้"].protection
    p.sheet, p.formatCells, p.objects = True, True, True
    wb.save(src)
    prompt = refusal("apply", src)
    assert prompt.startswith("ทะเบียนการโอนภาระหนี้!") and "ถูกป้องกัน" in prompt


def test_a_table_that_must_grow_on_a_protected_sheet(approved_small: Path, tmp_path: Path) -> None:
    """The template protects its sheets (no password); Excel cannot resize a table on a protected
    sheet, so the button stops before writing and says how to unprotect."""
    src = tmp_path / "approved-small-protected.xlsx"
    wb = openpyxl.load_workbook(approved_small)
    wb["ทะเบียนการโอนภาระหนี้"].protection.sheet = True
    wb.save(src)
    prompt = refusal("apply", src)
    assert prompt.startswith("ทะเบียนการโอนภาระหนี้!A3:") and "tblDebtTransfers" in prompt
    assert "ยกเลิกการป้องกันแผ่นงาน" in prompt


def test_the_templates_own_protection_does_not_stop_the_buttons(edited: Callable[..., Path], tmp_path: Path) -> None:
    """Template sheets are protected with formatting and notes allowed: check still marks them."""
    src = edited("book.xlsx", lambda wb: wb["ทะเบียนคุมเงินลงหุ้น"].__setitem__("C7", "G77"))
    assert openpyxl.load_workbook(src)["ทะเบียนคุมเงินลงหุ้น"].protection.sheet
    book = remote_book(src)
    assert dispatch.run("check", book) is True
    apply_actions(src, book.json()["actions"], tmp_path / "button.xlsx")
    assert main(["check", str(src), "-o", str(tmp_path / "cli.xlsx")]) == 1
    assert differences(tmp_path / "cli.xlsx", tmp_path / "button.xlsx") == []


def _rename(wb: openpyxl.Workbook) -> None:
    wb["สัญญาเงินกู้"].title = "สัญญา 2569"


def test_a_renamed_sheet_still_works_because_tables_are_found_by_name(edited: Callable[..., Path],
                                                                     tmp_path: Path) -> None:
    src = edited("renamed.xlsx", _rename)
    book = remote_book(src)
    assert dispatch.run("plan", book) is True
    apply_actions(src, book.json()["actions"], tmp_path / "button.xlsx")
    assert main(["plan", str(src), "-o", str(tmp_path / "cli.xlsx")]) == 0
    timing = frozenset(f"แผนหนี้-สรุป!B{r}" for r in range(1, 40))  # the solver's run time moves
    assert differences(tmp_path / "cli.xlsx", tmp_path / "button.xlsx", ignore=timing) == []
    book = remote_book(src)
    assert dispatch.run("check", book) is True  # the results sheet lists the rename (S003)
    apply_actions(src, book.json()["actions"], tmp_path / "checked.xlsx")
    codes = [r[2] for r in openpyxl.load_workbook(tmp_path / "checked.xlsx")["ผลการตรวจสอบ"].iter_rows(
        min_row=4, values_only=True)]
    assert "S003" in codes


def test_a_renamed_sheet_whose_table_is_gone(edited: Callable[..., Path]) -> None:
    """Table object deleted and sheet renamed: the register cannot be found; the plan is refused
    naming the missing table, and check reports it (S001) in its results sheet."""
    def edit(wb: openpyxl.Workbook) -> None:
        ws = wb["สัญญาเงินกู้"]
        del ws.tables["tblContracts"]
        ws.title = "สัญญา 2569"
    src = edited("lost.xlsx", edit)
    prompt = refusal("plan", src)
    assert "tblContracts" in prompt and "ไม่พบตาราง" in prompt and "ตรวจสอบข้อมูล" in prompt
    book = remote_book(src)
    assert dispatch.run("check", book) is True


def test_new_on_a_workbook_with_data(demo_book: Path) -> None:
    prompt = refusal("new", demo_book)
    assert "Ctrl+N" in prompt and prompt.startswith("ข้อมูลสถาบัน!A1")


def test_the_plan_on_a_workbook_with_errors_names_the_first_bad_cell(edited: Callable[..., Path]) -> None:
    src = edited("broken.xlsx", lambda wb: wb["ทะเบียนคุมเงินลงหุ้น"].__setitem__("G6", "หนึ่งพัน"))
    prompt = refusal("plan", src)
    assert prompt.startswith("ทะเบียนคุมเงินลงหุ้น!G6: ไม่ใช่จำนวนเงิน (จำนวนเงิน) ค่าที่พบ: 'หนึ่งพัน'")


def test_apply_on_a_workbook_without_a_plan(demo_book: Path) -> None:
    prompt = refusal("apply", demo_book)
    assert "tblDebtPlan" in prompt and "plan" in prompt


def test_excel_refusing_a_write_part_way_says_how_to_get_the_file_back(edited: Callable[..., Path],
                                                                       monkeypatch: pytest.MonkeyPatch,
                                                                       tmp_path: Path) -> None:
    """Something the guard could not foresee (Excel raises during the writes): the message says
    the workbook may be partly changed and to close it without saving; the details go to the log."""
    from cmfi_xl.handlers import excel

    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    src = edited("book.xlsx", lambda wb: wb["ทะเบียนคุมเงินลงหุ้น"].__setitem__("C7", "G77"))

    def refuse(self, *args):  # noqa: ANN001, ANN002
        raise RuntimeError("(-2147352567, 'Exception occurred.', 1004)")

    monkeypatch.setattr(excel._Writer, "attr", refuse)
    book = remote_book(src)
    assert dispatch.run("check", book) is False
    prompt = book.json()["actions"][-1]["args"][0]
    assert prompt.startswith("เขียนผลลงสมุดงานไม่สำเร็จ (แผ่นงาน ผลการตรวจสอบ)")
    assert "ปิดสมุดงานโดยไม่บันทึก" in prompt and "cmfi-xl-addin.log" in prompt
    assert "1004" in (tmp_path / "cmfi-xl-addin.log").read_text(encoding="utf-8")


def _lock_structure(wb: openpyxl.Workbook) -> None:
    from openpyxl.workbook.protection import WorkbookProtection

    wb.security = WorkbookProtection(lockStructure=True)


@pytest.mark.parametrize("tag", ["books", "report", "assess", "consolidate"])
def test_a_protected_workbook_structure_where_sheets_must_be_added(tag: str, edited: Callable[..., Path]) -> None:
    prompt = refusal(tag, edited("locked.xlsx", _lock_structure))
    assert "โครงสร้างสมุดงานถูกป้องกัน" in prompt and UNCHANGED in prompt


@pytest.mark.parametrize("tag", ["books", "report", "assess"])
def test_a_renamed_sheet_with_its_table_works_for_the_later_buttons(tag: str, edited: Callable[..., Path]) -> None:
    book = remote_book(edited("renamed.xlsx", _rename))
    assert dispatch.run(tag, book) is True
    assert book.json()["actions"][-1]["args"][3] == "info"
