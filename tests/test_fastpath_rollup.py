"""The roll-up's column-by-column reading gives exactly what the row-by-row reading gives.

The roll-up reads an institution workbook's cells column by column (``ColumnTable``, checked by
``parse_columns``); ``cmfi-xl check`` reads them row by row (``RawTable``, ``parse_rows``). On
varied real workbooks — clean ones and ones with bad cells, blank required cells, deleted,
renamed and duplicated headers, rows typed below a table, a damaged profile — both readings give
the same cells, the same book, the same issues in the same order, and the roll-up accepts or
rejects each file with the same figures or the same reason.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import random
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import python_calamine

from cmfi_xl.rollup.core import Rejected, Submission
from cmfi_xl.rollup.figures import institution_figures
from cmfi_xl.rollup.read import _keeper, _raw_book, check_lean, read_file
from cmfi_xl.schema.institution import INSTITUTION
from cmfi_xl.validate.book import parse_book
from cmfi_xl.xlsx.fastread import ColumnTable, Grid, find_stamp, raw_book, read_package

WEIRD: list[Any] = [
    "abc", "", "  ", "๑๒๓", "1,234.50 บาท", "(500)", -5, -0.5, 2.5, 1.005, True, False, "15/01/2569", "31/02/2568",
    dt.datetime(2569, 1, 15), dt.datetime(1800, 1, 1), 45000, 45000.5, "12%", "1% ต่อเดือน", 1, 1.0, "x" * 300,
    "H001", "G01", "๐๐๑", "\u200bH001", None, 10**20, "ปิดสัญญา", "ซื้อ", "closed", " G01 ", "1 ม.ค. 2569", 0.06, 6,
    dt.datetime(2026, 12, 1), dt.datetime(2020, 1, 1), 100.125,
]


def _mutate(wb: openpyxl.Workbook, seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(rng.choice([3, 12, 40])):
        t = rng.choice(INSTITUTION.tables)
        ws = wb[t.sheet]
        ws.cell(rng.randint(4, 40), rng.randint(1, len(t.columns))).value = rng.choice(WEIRD)
    cash = wb[INSTITUTION.table("cash_book").sheet]  # blank text, in a read column and on an empty row
    cash.cell(5, 3).value, cash.cell(6, 2).value = "\u00a0\u00a0", "\u3000"
    cash.cell(70 + seed, 1).value = "\u00a0"
    t = rng.choice(INSTITUTION.tables)
    ws = wb[t.sheet]
    kind = seed % 5
    if kind == 1:  # deleted headers (one of a required column)
        ws.cell(3, rng.randint(1, len(t.columns))).value = None
        wb[INSTITUTION.table("households").sheet].cell(3, 1).value = None
    elif kind == 2:  # an unknown header, and a duplicated one elsewhere
        ws.cell(3, rng.randint(1, len(t.columns))).value = "คอลัมน์แปลก"
        other = wb[rng.choice(INSTITUTION.tables).sheet]
        other.cell(3, 2).value = other.cell(3, 1).value
    elif kind == 3:  # a row typed below the table, and a damaged profile value
        ref = ws.tables[t.name].ref
        last = int("".join(ch for ch in ref.split(":")[1] if ch.isdigit()))
        ws.cell(last + 2, 1).value = "X9"
        wb[INSTITUTION.profile_sheet].cell(rng.randint(4, 20), 2).value = rng.choice(WEIRD)
    elif kind == 4:  # a whole register's data cleared but for one column
        for row in ws.iter_rows(min_row=4, max_row=60, min_col=2, max_col=len(t.columns)):
            for c in row:
                c.value = None


@pytest.fixture(scope="module")
def varied(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The demo workbook and seven mutations of it."""
    from cmfi_xl.demo.sample import sample_institution
    from cmfi_xl.xlsx.build import build_workbook

    folder = tmp_path_factory.mktemp("varied")
    profile, data = sample_institution()
    buf = io.BytesIO()
    build_workbook(INSTITUTION, profile=profile, data=data).save(buf)
    paths = [folder / "clean.xlsx"]
    paths[0].write_bytes(buf.getvalue())
    for seed in range(7):
        wb = openpyxl.load_workbook(io.BytesIO(buf.getvalue()))
        _mutate(wb, seed)
        paths.append(folder / f"m{seed}.xlsx")
        wb.save(paths[-1])
    return paths


def _grid(path: Path):  # type: ignore[no-untyped-def]
    data = path.read_bytes()
    wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data), load_tables=False)
    grid = Grid(wb)
    return grid, read_package(data).tables, find_stamp(grid, INSTITUTION.profile_sheet)


def test_column_tables_hold_the_cells_of_the_row_tables(varied: list[Path]) -> None:
    for path in varied:
        grid, places, stamp = _grid(path)
        for columnar_raw, rows_raw in (
            (raw_book(grid, places, path.name, [], stamp, INSTITUTION, columnar=True),
             raw_book(grid, places, path.name, [], stamp, INSTITUTION)),
            (_raw_book(grid, places, path.name, [], stamp, lean=True),
             raw_book(grid, places, path.name, [], stamp, INSTITUTION, keeper=lambda key: _keeper(key, True))),
        ):
            assert columnar_raw.profile == rows_raw.profile
            for key, ct in columnar_raw.tables.items():
                rt = rows_raw.tables[key]
                if ct is None:
                    assert rt is None
                    continue
                assert isinstance(ct, ColumnTable)
                assert (ct.name, ct.sheet, ct.header_row, ct.headers, ct.last_table_row) == (
                    rt.name, rt.sheet, rt.header_row, rt.headers, rt.last_table_row)
                assert ct.rows == rt.rows, (path.name, key)


def _as_rows(raw: Any) -> Any:
    """The same raw book with its column tables turned back into row tables."""
    from cmfi_xl.xlsx.read import RawTable

    return dataclasses.replace(raw, tables={
        k: (t if not isinstance(t, ColumnTable) else
            RawTable(t.key, t.name, t.sheet, t.header_row, t.headers, t.rows, t.last_table_row))
        for k, t in raw.tables.items()})


def test_checking_column_by_column_gives_the_row_by_row_issues(varied: list[Path]) -> None:
    codes: set[str] = set()
    for path in varied:
        grid, places, stamp = _grid(path)
        raw = raw_book(grid, places, path.name, [], stamp, INSTITUTION, columnar=True)
        fast, reference = parse_book(raw, INSTITUTION), parse_book(_as_rows(raw), INSTITUTION)
        assert fast[0] == reference[0] and fast[1] == reference[1] and fast[2] == reference[2]
        lean = _raw_book(grid, places, path.name, [], stamp, lean=True)
        fast, reference = check_lean(lean), check_lean(_as_rows(lean))
        assert fast[0] == reference[0] and fast[1] == reference[1]
        if fast[0].profile.fiscal_year is not None:
            assert institution_figures(fast[0]) == institution_figures(reference[0])
        codes |= {i.code for i in fast[1]}
    # the files exercise bad values, blanks, unknown / missing / duplicated headers, references
    assert {"V001", "V002", "S002", "S006"} <= codes, codes


def test_the_roll_up_accepts_and_rejects_as_the_reference_reading(varied: list[Path],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import cmfi_xl.rollup.read as read

    fast = [read_file(p) for p in varied]
    real = read._raw_book
    monkeypatch.setattr(read, "_raw_book", lambda *a, **k: _as_rows(real(*a, **k)))
    reference = [read_file(p) for p in varied]
    assert fast == reference
    assert any(isinstance(r, Submission) for r in fast) and any(isinstance(r, Rejected) for r in fast)
