"""What decides a refusal, per driver: the desktop COM probe and the remote payload probe read
the same facts (read-only, workbook structure, protected sheets and what they still allow)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import openpyxl
from remote import remote_book

from cmfi_xl.handlers.excel import BookFacts, SheetLock, _desktop_facts, read_facts


def _com_sheet(name: str, protected: bool, formatting: bool = False, drawings: bool = True) -> SimpleNamespace:
    api = SimpleNamespace(ProtectContents=protected, ProtectDrawingObjects=drawings,
                          Protection=SimpleNamespace(AllowFormattingCells=formatting))
    return SimpleNamespace(name=name, api=api)


def test_the_desktop_probe_reads_excels_com_properties() -> None:
    book = SimpleNamespace(api=SimpleNamespace(ReadOnly=True, ProtectStructure=False),
                           sheets=[_com_sheet("ทะเบียนสมาชิก", True, formatting=True, drawings=False),
                                   _com_sheet("สัญญาเงินกู้", True),
                                   _com_sheet("สรุป", False)])
    facts = _desktop_facts(book)
    assert facts["read_only"] is True and facts["structure_locked"] is False
    assert facts["locks"] == {"ทะเบียนสมาชิก": SheetLock(True, True), "สัญญาเงินกู้": SheetLock(False, False)}


def test_the_desktop_probe_without_com_knows_nothing_and_refuses_nothing() -> None:
    """On macOS (AppleScript objects) the COM names do not exist: nothing is known, all allowed."""
    book = SimpleNamespace(api=SimpleNamespace(), sheets=[])
    assert _desktop_facts(book) == {"locks": {}}
    assert BookFacts(**_desktop_facts(book)) == BookFacts()


def test_the_remote_probe_reads_the_payload(demo_book: Path, tmp_path: Path) -> None:
    src = tmp_path / "p.xlsx"
    wb = openpyxl.load_workbook(demo_book)
    p = wb["สัญญาเงินกู้"].protection
    p.formatCells, p.objects = True, True  # Excel's defaults: no formatting, no objects
    wb.save(src)
    facts = read_facts(remote_book(src, read_only=True))
    assert facts.read_only and facts.selection_on_cells and not facts.structure_locked
    assert facts.locks["สัญญาเงินกู้"] == SheetLock(False, False)
    assert facts.locks["ทะเบียนสมาชิก"] == SheetLock(True, True)  # the template's own protection
    assert not read_facts(remote_book(src, selection=None)).selection_on_cells
