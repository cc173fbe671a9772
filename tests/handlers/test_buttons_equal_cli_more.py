"""The buttons wired after the first four (คำนวณหุ้น/บัญชี, จัดทำรายงาน, ประเมิน, รวมไฟล์), run
through xlwings' remote engine on payloads built from real workbooks, compared with their
``cmfi-xl`` command's output (see test_buttons_equal_cli.py for the method)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from compare import differences
from remote import apply_actions, remote_book

from cmfi_xl.cli import main
from cmfi_xl.handlers.books import books


def press(button, src: Path, out: Path, **payload_kw):  # noqa: ANN001, ANN201
    book = remote_book(src, **payload_kw)
    button(book)
    actions = book.json()["actions"]
    return actions, apply_actions(src, actions, out)


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
