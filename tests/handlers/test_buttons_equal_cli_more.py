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
from cmfi_xl.handlers.assess import assess
from cmfi_xl.handlers.books import books
from cmfi_xl.handlers.consolidate import consolidate
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
    # pressed again on the result: the summary sheets are replaced, as the CLI's copy of that file has them
    press(books, tmp_path / "button.xlsx", tmp_path / "again.xlsx")
    assert main(["books", str(tmp_path / "button.xlsx"), "-o", str(tmp_path / "cli-again.xlsx")]) == 0
    assert differences(tmp_path / "cli-again.xlsx", tmp_path / "again.xlsx", box_borders=True) == []


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


def test_assess_button_adds_the_assessment_then_reads_the_committees_entries(
        demo_book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Press 1 = ``assess BOOK -o DRAFT``; the committee fills the sheets (the demo's stand-in);
    press 2 = ``assess BOOK --scores FILLED -o FINAL``. Evidence links stay inside the workbook."""
    import cmfi_xl.handlers.assess as handler
    from cmfi_xl.xlsx.assess import demo_fill_committee

    monkeypatch.setattr(handler, "today", lambda: dt.date(2026, 9, 30))
    book = tmp_path / demo_book.name
    book.write_bytes(demo_book.read_bytes())
    _, alerts = press(assess, book, tmp_path / "button.xlsx")
    assert main(["assess", str(book), "-o", str(tmp_path / "draft.xlsx"), "--date", "2026-09-30"]) == 0
    names = openpyxl.load_workbook(tmp_path / "draft.xlsx").sheetnames
    assert openpyxl.load_workbook(tmp_path / "button.xlsx").sheetnames == (
        openpyxl.load_workbook(book).sheetnames + names)
    keep_only(tmp_path / "button.xlsx", names, tmp_path / "button-only.xlsx")
    assert differences(tmp_path / "draft.xlsx", tmp_path / "button-only.xlsx", links_to=book.name) == []
    assert "ยังให้คะแนนไม่ครบ" in alerts[0][0]

    demo_fill_committee(tmp_path / "draft.xlsx", tmp_path / "filled.xlsx")
    demo_fill_committee(tmp_path / "button.xlsx", tmp_path / "button-filled.xlsx")
    _, alerts = press(assess, tmp_path / "button-filled.xlsx", tmp_path / "button-final.xlsx")
    assert main(["assess", str(book), "--scores", str(tmp_path / "filled.xlsx"), "-o", str(tmp_path / "final.xlsx"),
                 "--date", "2026-09-30"]) == 0
    keep_only(tmp_path / "button-final.xlsx", names, tmp_path / "final-only.xlsx")
    assert differences(tmp_path / "final.xlsx", tmp_path / "final-only.xlsx", links_to=book.name) == []
    assert alerts[0][0].startswith("ประเมินเสร็จ") and "ยังให้คะแนนไม่ครบ" not in alerts[0][0]


def test_report_button_takes_the_committees_scores_from_the_open_workbook(
        demo_book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ประเมิน, the committee fills the sheets, จัดทำรายงาน = ``report BOOK --scores FILLED``."""
    import cmfi_xl.handlers.assess as assess_handler
    import cmfi_xl.handlers.report as handler
    from cmfi_xl.xlsx.assess import demo_fill_committee

    monkeypatch.setattr(assess_handler, "today", lambda: dt.date(2026, 9, 30))
    monkeypatch.setattr(handler, "now", lambda: dt.datetime(2026, 10, 5, 9, 0))
    press(assess, demo_book, tmp_path / "assessed.xlsx")
    demo_fill_committee(tmp_path / "assessed.xlsx", tmp_path / "filled.xlsx")
    _, alerts = press(report, tmp_path / "filled.xlsx", tmp_path / "button.xlsx")
    assert main(["assess", str(demo_book), "-o", str(tmp_path / "draft.xlsx"), "--date", "2026-09-30"]) == 0
    demo_fill_committee(tmp_path / "draft.xlsx", tmp_path / "cli-filled.xlsx")
    assert main(["report", str(demo_book), "--scores", str(tmp_path / "cli-filled.xlsx"),
                 "-o", str(tmp_path / "cli.xlsx"), "--date", "2026-10-05"]) == 0
    names = openpyxl.load_workbook(tmp_path / "cli.xlsx").sheetnames
    keep_only(tmp_path / "button.xlsx", names, tmp_path / "only.xlsx")
    assert differences(tmp_path / "cli.xlsx", tmp_path / "only.xlsx") == []
    assert "ใช้คะแนนของคณะกรรมการ" in alerts[0][0]


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four institution files of one amphoe and a .docx renamed .xlsx (rejected)."""
    from cmfi_xl.rollup.sample import make_inbox

    folder = tmp_path_factory.mktemp("โฟลเดอร์ รวมไฟล์") / "inbox"
    make_inbox(folder, 4)
    (folder / "รายงาน.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    return folder


def settings_with(src: Path, out: Path, **cells: str) -> Path:
    from cmfi_xl.handlers.consolidate import SETTINGS_SHEET

    wb = openpyxl.load_workbook(src)
    for ref, value in cells.items():
        wb[SETTINGS_SHEET][ref] = value
    wb.save(out)
    return out


def test_consolidate_button_adds_the_settings_sheet_then_the_district_sheets(inbox: Path, tmp_path: Path) -> None:
    from cmfi_xl.handlers.consolidate import FOLDER_CELL, SETTINGS_SHEET

    blank = tmp_path / "Book1.xlsx"
    openpyxl.Workbook().save(blank)
    _, alerts = press(consolidate, blank, tmp_path / "settings.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "settings.xlsx")
    assert wb.sheetnames[0] == SETTINGS_SHEET and wb[SETTINGS_SHEET][FOLDER_CELL].value is None
    assert FOLDER_CELL in alerts[0][0]

    src = settings_with(tmp_path / "settings.xlsx", tmp_path / "district.xlsx", B3=str(inbox))
    actions, alerts = press(consolidate, src, tmp_path / "button.xlsx")
    assert main(["rollup", str(inbox), "-o", str(tmp_path / "cli.xlsx"), "--quiet"]) == 1  # one file rejected
    names = openpyxl.load_workbook(tmp_path / "cli.xlsx").sheetnames
    assert openpyxl.load_workbook(tmp_path / "button.xlsx").sheetnames == wb.sheetnames + names
    keep_only(tmp_path / "button.xlsx", names, tmp_path / "only.xlsx")
    # the chart whose two series are columns apart (V, Y) is not drawn by the replay: the two
    # stacked ones (adjacent columns) are
    charts = frozenset({"แผนภูมิ!charts"})
    assert differences(tmp_path / "cli.xlsx", tmp_path / "only.xlsx", ignore=charts) == []
    from compare import _charts
    cli_charts = _charts(openpyxl.load_workbook(tmp_path / "cli.xlsx")["แผนภูมิ"])
    assert _charts(openpyxl.load_workbook(tmp_path / "only.xlsx")["แผนภูมิ"]) == [
        c for c in cli_charts if c[0] != "A44"]
    assert "รับรวม 4" in alerts[0][0] and "ไม่รับ 1" in alerts[0][0]
    # again, with the district code typed as a number: the sheets are replaced, not doubled
    src = settings_with(tmp_path / "button.xlsx", tmp_path / "again-src.xlsx", B5=3414)
    press(consolidate, src, tmp_path / "again.xlsx")
    assert main(["rollup", str(inbox), "-o", str(tmp_path / "cli2.xlsx"), "--quiet", "--district", "3414"]) == 1
    keep_only(tmp_path / "again.xlsx", names, tmp_path / "again-only.xlsx")
    assert differences(tmp_path / "cli2.xlsx", tmp_path / "again-only.xlsx", ignore=charts) == []


@pytest.mark.parametrize(("cells", "where", "says"), [
    ({}, "B3", "ยังไม่ได้ใส่โฟลเดอร์"),
    ({"B3": "/ไม่มี/โฟลเดอร์นี้"}, "B3", "ไม่พบโฟลเดอร์"),
    ({"B3": "INBOX", "B5": "34x"}, "B5", "รหัสอำเภอ 4 หลัก"),
    ({"B3": "INBOX", "B4": "/ไม่มี/roster.xlsx"}, "B4", "ไม่พบไฟล์บัญชีรายชื่อ"),
])
def test_consolidate_settings_that_cannot_be_used(inbox: Path, tmp_path: Path, cells: dict, where: str,
                                                  says: str) -> None:
    from cmfi_xl.addin import dispatch
    from cmfi_xl.handlers.consolidate import add_settings_sheet

    wb = openpyxl.Workbook()
    add_settings_sheet(wb)
    for ref, v in cells.items():
        wb["รวมไฟล์"][ref] = str(inbox) if v == "INBOX" else v
    wb.save(tmp_path / "district.xlsx")
    book = remote_book(tmp_path / "district.xlsx")
    assert dispatch.run("consolidate", book) is False
    (action,) = book.json()["actions"]
    assert action["args"][0].startswith(f"รวมไฟล์!{where}: ") and says in action["args"][0]
    assert "ไม่มีการเปลี่ยนแปลงสมุดงาน" in action["args"][0]
