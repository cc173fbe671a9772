"""The buttons wired after the first four (คำนวณหุ้น/บัญชี, จัดทำรายงาน, ประเมิน, รวมไฟล์), run
through xlwings' remote engine on payloads built from real workbooks, compared with their
``cmfi-xl`` command's output (see test_buttons_equal_cli.py for the method)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from compare import differences
from remote import apply_actions, remote_book

from cmfi_xl.cli import main
from cmfi_xl.handlers.books import books
from cmfi_xl.handlers.report import report


def press(button, src: Path, out: Path, **payload_kw):  # noqa: ANN001, ANN201
    book = remote_book(src, **payload_kw)
    button(book)
    actions = book.json()["actions"]
    return actions, apply_actions(src, actions, out)


def keep_only(src: Path, names: list[str], out: Path) -> None:
    """``src`` with only the sheets ``names`` (to compare the sheets a button added with the
    separate file its command writes)."""
    wb = openpyxl.load_workbook(src)
    for ws in list(wb.worksheets):
        if ws.title not in names:
            wb.remove(ws)
    for name, d in list(wb.defined_names.items()):  # the institution's lists went with its sheets
        if not any(n in d.attr_text for n in names):
            del wb.defined_names[name]
    wb.save(out)


def test_books_button_equals_cli_books(demo_book: Path, tmp_path: Path) -> None:
    _, alerts = press(books, demo_book, tmp_path / "button.xlsx")
    assert main(["books", str(demo_book), "-o", str(tmp_path / "cli.xlsx")]) == 0
    assert differences(tmp_path / "cli.xlsx", tmp_path / "button.xlsx", box_borders=True) == []
    added = set(openpyxl.load_workbook(tmp_path / "button.xlsx").sheetnames) - set(
        openpyxl.load_workbook(demo_book).sheetnames)
    assert len(added) >= 5
    (prompt, _, _, mode, _), = alerts
    assert prompt.startswith("คำนวณหุ้น/บัญชีเสร็จ") and "สมดุล" in prompt and mode == "info"


def test_books_button_on_a_workbook_with_errors_lists_them_like_the_cli(edited, tmp_path: Path) -> None:  # noqa: ANN001
    src = edited("broken.xlsx", lambda wb: wb["ทะเบียนคุมเงินลงหุ้น"].__setitem__("G6", "หนึ่งพัน"))
    _, alerts = press(books, src, tmp_path / "button.xlsx")
    assert main(["books", str(src), "-o", str(tmp_path / "cli.xlsx")]) == 1
    assert differences(tmp_path / "cli.xlsx", tmp_path / "button.xlsx", box_borders=True) == []
    assert "พบข้อผิดพลาด 1 รายการ" in alerts[0][0]


def test_report_button_adds_the_cli_reports_sheets(demo_book: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI writes REPORT.xlsx; the button adds the same sheets to the open workbook."""
    import cmfi_xl.handlers.report as handler

    monkeypatch.setattr(handler, "now", lambda: dt.datetime(2026, 10, 5, 9, 0))
    _, alerts = press(report, demo_book, tmp_path / "button.xlsx")
    assert main(["report", str(demo_book), "-o", str(tmp_path / "cli.xlsx"), "--date", "2026-10-05"]) == 0
    cli = openpyxl.load_workbook(tmp_path / "cli.xlsx")
    # the button's workbook: the institution's sheets, then the report's
    assert openpyxl.load_workbook(tmp_path / "button.xlsx").sheetnames == (
        openpyxl.load_workbook(demo_book).sheetnames + cli.sheetnames)
    only = tmp_path / "button-report-sheets.xlsx"
    keep_only(tmp_path / "button.xlsx", cli.sheetnames, only)
    assert differences(tmp_path / "cli.xlsx", only) == []
    series = [len(c.series) for ws in openpyxl.load_workbook(only).worksheets for c in ws._charts]
    assert series == [len(c.series) for ws in cli.worksheets for c in ws._charts] and 2 in series
    (prompt, _, _, mode, _), = alerts
    assert prompt.startswith("จัดทำรายงานเสร็จ") and mode == "info"
    # pressed again on the result: the report sheets are replaced, not doubled
    press(report, tmp_path / "button.xlsx", tmp_path / "again.xlsx")
    keep_only(tmp_path / "again.xlsx", cli.sheetnames, tmp_path / "again-only.xlsx")
    assert differences(tmp_path / "cli.xlsx", tmp_path / "again-only.xlsx") == []


def test_report_button_refuses_a_workbook_with_errors_like_the_cli(edited, tmp_path: Path) -> None:  # noqa: ANN001
    from cmfi_xl.addin import dispatch

    src = edited("broken.xlsx", lambda wb: wb["ทะเบียนคุมเงินลงหุ้น"].__setitem__("G6", "หนึ่งพัน"))
    assert main(["report", str(src), "-o", str(tmp_path / "cli.xlsx")]) == 1
    assert not (tmp_path / "cli.xlsx").exists()
    book = remote_book(src)
    assert dispatch.run("report", book) is False
    (action,) = book.json()["actions"]
    assert action["args"][0].startswith("ทะเบียนคุมเงินลงหุ้น!G6: ไม่ใช่จำนวนเงิน")
