"""Driver (c): the handlers on xlwings' remote engine, with payloads built from real workbooks.

The remote engine is licensed (PolyForm Noncommercial): the key ``noncommercial`` is set for
these tests only.  Nothing in ``cmfi_xl`` needs it.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(autouse=True)
def _xlwings_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")


@pytest.fixture
def edited(demo_book: Path, tmp_path: Path) -> Callable[..., Path]:
    """A copy of the demo workbook changed by ``edit(wb)`` (openpyxl), saved as ``name``."""
    def make(name: str, edit: Callable[[openpyxl.Workbook], None] | None = None) -> Path:
        dst = tmp_path / name
        shutil.copyfile(demo_book, dst)
        if edit is not None:
            wb = openpyxl.load_workbook(dst)
            edit(wb)
            wb.save(dst)
        return dst

    return make


@pytest.fixture(scope="session")
def approved_book(demo_book: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo planned by the CLI and approved by the (demo) committee."""
    from cmfi_xl.cli import main
    from cmfi_xl.demo.committee import approve_all

    d = tmp_path_factory.mktemp("approved")
    assert main(["plan", str(demo_book), "-o", str(d / "planned.xlsx")]) == 0
    approve_all(d / "planned.xlsx", d / "approved.xlsx")
    return d / "approved.xlsx"


@pytest.fixture(scope="session")
def approved_small(approved_book: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """:func:`approved_book` whose debt-transfer table has room for two rows only, so recording
    the transfers must grow the Excel Table (the resize the add-in must make too).  Excel cannot
    resize a table on a protected sheet, so that sheet is unprotected, as the officer would."""
    from openpyxl.utils import range_boundaries

    out = tmp_path_factory.mktemp("small") / "approved-small.xlsx"
    wb = openpyxl.load_workbook(approved_book)
    for ws in wb.worksheets:
        if "tblDebtTransfers" in ws.tables:
            t = ws.tables["tblDebtTransfers"]
            c0, r0, c1, _ = range_boundaries(t.ref)
            t.ref = f"{t.ref.split(':')[0]}:{openpyxl.utils.get_column_letter(c1)}{r0 + 2}"
            if t.autoFilter is not None:
                t.autoFilter.ref = t.ref
            ws.protection.sheet = False
    wb.save(out)
    return out
