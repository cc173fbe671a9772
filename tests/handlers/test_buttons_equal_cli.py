"""Every button, run through xlwings' remote engine on a payload built from a real workbook,
changes the workbook exactly as its ``cmfi-xl`` command changes a copy of the file.

Each test: payload from the .xlsx → the button → the engine's actions → applied to a copy of the
.xlsx with openpyxl → compared with the CLI's output, sheet by sheet and cell by cell (value,
number format, fill, note, hyperlink) and table by table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from compare import differences
from remote import apply_actions, remote_book

from cmfi_xl.cli import main
from cmfi_xl.handlers.check import check
from cmfi_xl.handlers.new import new_book
from cmfi_xl.handlers.plan import apply_plan, plan
from cmfi_xl.schema.plan import PLAN_SUMMARY_SHEET
from cmfi_xl.xlsx.annotate import RESULTS_SHEET

def press(button: Callable, src: Path, out: Path, **payload_kw) -> tuple[list[dict], list[list]]:
    """The button on the remote engine; its actions applied to a copy of ``src`` at ``out``."""
    book = remote_book(src, **payload_kw)
    button(book)
    actions = book.json()["actions"]
    alerts = apply_actions(src, actions, out)
    return actions, alerts


def _break(wb: openpyxl.Workbook) -> None:
    wb["ทะเบียนคุมเงินลงหุ้น"]["C7"] = "G77"          # unknown group (R001)
    wb["ทะเบียนคุมเงินลงหุ้น"]["G6"] = "หนึ่งพัน"      # not an amount (V002)
    wb["สัญญาเงินกู้"]["B5"] = "H999"                  # unknown household


@pytest.mark.parametrize(("broken", "floats"), [(False, False), (True, False), (True, True)],
                         ids=["clean", "broken", "broken-numbers-as-floats"])
def test_check_button_equals_check_o(edited: Callable[..., Path], tmp_path: Path, broken: bool, floats: bool,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    """``floats``: the numbers arrive as desktop Excel (COM) returns them, all floats."""
    src = edited("book.xlsx", _break if broken else None)
    _, alerts = press(check, src, tmp_path / "button.xlsx", floats=floats)
    assert main(["check", str(src), "-o", str(tmp_path / "cli.xlsx")]) == (1 if broken else 0)
    assert differences(tmp_path / "cli.xlsx", tmp_path / "button.xlsx") == []
    res = openpyxl.load_workbook(tmp_path / "button.xlsx")
    assert res.sheetnames[0] == RESULTS_SHEET
    if broken:
        cell = res["ทะเบียนคุมเงินลงหุ้น"]["C7"]
        assert "R001" in cell.comment.text and cell.fill.fgColor.rgb.endswith("FFC7CE")
    (prompt, title, _, mode, _), = alerts
    assert prompt.startswith("ตรวจสอบข้อมูลเสร็จ") and mode == "info"
    assert ("ไม่พบข้อผิดพลาด" in prompt) is not broken
    # and the workbook the button made checks like the CLI's copy
    capsys.readouterr()
    main(["check", str(tmp_path / "cli.xlsx"), "--json"])
    from_cli = capsys.readouterr().out
    main(["check", str(tmp_path / "button.xlsx"), "--json"])
    assert capsys.readouterr().out == from_cli


def test_new_button_fills_a_blank_workbook_with_the_template(tmp_path: Path) -> None:
    blank = tmp_path / "Book1.xlsx"
    openpyxl.Workbook().save(blank)
    actions, alerts = press(new_book, blank, tmp_path / "button.xlsx")
    assert main(["template", "build", "--out", str(tmp_path / "tpl")]) == 0
    # values, formats, fills, tables, drop-downs and number rules, defined names
    assert differences(tmp_path / "tpl" / "cmfi-institution.xlsx", tmp_path / "button.xlsx") == []
    assert [a["func"] for a in actions].count("sheetDelete") == 1  # the blank sheet, after the new ones
    assert "ข้อมูลสถาบัน" in alerts[0][0]


def test_plan_button_equals_cli_plan(demo_book: Path, tmp_path: Path) -> None:
    book = remote_book(demo_book)
    plan(book)
    apply_actions(demo_book, book.json()["actions"], tmp_path / "button.xlsx")
    assert main(["plan", str(demo_book), "-o", str(tmp_path / "cli.xlsx")]) == 0
    summary = openpyxl.load_workbook(tmp_path / "cli.xlsx")[PLAN_SUMMARY_SHEET]
    timing = next(f"{PLAN_SUMMARY_SHEET}!B{c.row}" for c in summary["A"] if str(c.value).startswith("เวลาคำนวณ"))
    # the solver's run time is the one figure that differs between two runs
    assert differences(tmp_path / "cli.xlsx", tmp_path / "button.xlsx", ignore=frozenset({timing})) == []
    # progress: what the status bar shows on the desktop (the remote engine has none)
    session_lines = [a for a in book.json()["actions"] if a["func"] == "alert"]
    assert "วางแผนหนี้เสร็จ" in session_lines[0]["args"][0]


def test_plan_progress_goes_to_the_status_bar_on_the_desktop(demo_book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On Excel (engine "excel") every progress line is written to ``app.status_bar``."""
    from cmfi_xl.handlers import excel

    book = remote_book(demo_book)
    shown: list[str] = []

    class Bar:  # stands in for the desktop App's status_bar property
        def __set_name__(self, owner, name): ...
        def __set__(self, obj, value): shown.append(value)
        def __get__(self, obj, owner=None): return shown[-1] if shown else False

    monkeypatch.setattr(type(book.app), "status_bar", Bar(), raising=False)
    monkeypatch.setattr(excel.ExcelSession, "engine", "excel", raising=False)
    real_init = excel.ExcelSession.__init__

    def init(self, b, label):  # noqa: ANN001
        real_init(self, b, label)
        self.engine = "excel"

    monkeypatch.setattr(excel.ExcelSession, "__init__", init)
    plan(book)
    assert any("วางแผนหนี้ 300 ครัวเรือน" in s for s in shown)
    assert any(s.startswith("สถาบันการเงินทุนชุมชน · เขียนแผ่นงาน") for s in shown)


def test_apply_button_equals_cli_apply_plan(approved_small: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import cmfi_xl.handlers.plan as handler

    monkeypatch.setattr(handler, "today", lambda: dt.date(2026, 9, 15))  # inside the demo's fiscal year
    _, alerts = press(apply_plan, approved_small, tmp_path / "button.xlsx")
    assert main(["apply-plan", str(approved_small), "-o", str(tmp_path / "cli.xlsx"), "--date", "2026-09-15"]) == 0
    assert differences(tmp_path / "cli.xlsx", tmp_path / "button.xlsx") == []
    assert alerts[0][0].startswith("บันทึกการโอนหนี้")
    # idempotent in Excel too: pressing it again on the result changes no register
    book = remote_book(tmp_path / "button.xlsx")
    apply_plan(book)
    assert [a["func"] for a in book.json()["actions"]] == ["alert"]


def test_text_that_excel_would_retype_is_sent_as_text(tmp_path: Path) -> None:
    """Written as a value, "1.2" or "400.00" would become numbers in Excel (the template stamp
    would no longer read as its version): the replay prefixes such text with an apostrophe."""
    from cmfi_xl.schema.institution import TEMPLATE_VERSION

    blank = tmp_path / "Book1.xlsx"
    openpyxl.Workbook().save(blank)
    book = remote_book(blank)
    new_book(book)
    sent = [v for a in book.json()["actions"] if a["func"] == "setValues" for row in a["values"] for v in row]
    assert f"'{TEMPLATE_VERSION}" in sent and TEMPLATE_VERSION not in sent
    apply_actions(blank, book.json()["actions"], tmp_path / "button.xlsx")
    assert openpyxl.load_workbook(tmp_path / "button.xlsx")["ข้อมูลสถาบัน"]["B3"].value == TEMPLATE_VERSION
