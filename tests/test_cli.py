"""The CLI contract: commands, flags, exit codes, JSON keys; inputs never modified."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from cmfi_xl.cli import main
from cmfi_xl.xlsx.annotate import RESULTS_SHEET


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


JSON_KEYS = {"code", "severity", "sheet", "cell", "column", "value", "message_th", "message_en"}


def test_check_passes_on_the_demo_and_prints_a_count(demo_book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(demo_book)]) == 0
    assert "errors 0" in capsys.readouterr().out


def test_check_json_on_a_broken_book(book_copy: Callable[[str], Path], capsys: pytest.CaptureFixture[str]) -> None:
    path = book_copy("broken.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["ทะเบียนคุมเงินลงหุ้น"]["G6"] = "หนึ่งพัน"
    wb.save(path)
    before = sha256(path)
    assert main(["check", str(path), "--json"]) == 1
    issues = json.loads(capsys.readouterr().out)
    assert all(set(i) == JSON_KEYS for i in issues)
    bad = [i for i in issues if i["code"] == "V002"]
    assert bad == [{"code": "V002", "severity": "error", "sheet": "ทะเบียนคุมเงินลงหุ้น", "cell": "G6",
                    "column": "จำนวนเงิน", "value": "หนึ่งพัน", "message_th": "ไม่ใช่จำนวนเงิน",
                    "message_en": "Not an amount of money"}]
    assert sha256(path) == before


def test_check_output_copy_marks_cells_and_links_them(book_copy: Callable[[str], Path], tmp_path: Path) -> None:
    path = book_copy("broken.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["ทะเบียนคุมเงินลงหุ้น"]["C7"] = "G77"
    wb.save(path)
    before = sha256(path)
    out = tmp_path / "checked.xlsx"
    assert main(["check", str(path), "-o", str(out)]) == 1
    assert sha256(path) == before
    res = openpyxl.load_workbook(out)
    assert res.sheetnames[0] == RESULTS_SHEET
    rs = res[RESULTS_SHEET]
    rows = [[c.value for c in r] for r in rs.iter_rows(min_row=4)]
    hit = next(r for r in rows if r[2] == "R001")
    assert hit[3:7] == ["ทะเบียนคุมเงินลงหุ้น", "C7", "รหัสกลุ่ม", "G77"]
    link = next(r for r in rs.iter_rows(min_row=4) if r[2].value == "R001")[4].hyperlink
    assert link.location == "'ทะเบียนคุมเงินลงหุ้น'!C7" or "C7" in (link.target or link.location or "")
    marked = res["ทะเบียนคุมเงินลงหุ้น"]["C7"]
    assert marked.comment is not None and "R001" in marked.comment.text
    assert marked.fill.fgColor.rgb.endswith("FFC7CE")
    # the copy still reads as the same template
    assert main(["check", str(out)]) == 1


def test_check_refuses_to_write_over_its_input(book_copy: Callable[[str], Path]) -> None:
    path = book_copy("b.xlsx")
    before = sha256(path)
    assert main(["check", str(path), "-o", str(path)]) == 2
    assert sha256(path) == before


def test_schema_json_lists_tables_and_columns(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    tables = {t["table_name"]: t for t in doc["templates"][0]["tables"]}
    assert {"tblMemberGroups", "tblShares", "tblHouseholds", "tblContracts", "tblDebtTransfers",
            "tblInterGroupLoans", "tblWelfare", "tblCashBook", "tblCommittee"} <= set(tables)
    col = tables["tblHouseholds"]["columns"][0]
    assert {"key", "header", "type", "required"} <= set(col)


def test_new_creates_a_workbook_that_checks_and_never_overwrites(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "ใหม่.xlsx"
    assert main(["new", str(path), "--institution", "สถาบันบ้านดอน", "--village-code", "34140508",
                 "--fiscal-year", "2569"]) == 0
    ws = openpyxl.load_workbook(path)["ข้อมูลสถาบัน"]
    assert "สถาบันบ้านดอน" in [c.value for c in ws["B"]]
    assert main(["check", str(path)]) == 1  # required profile fields are still empty
    out = capsys.readouterr().out
    assert "V001" in out and "errors 0" not in out
    before = sha256(path)
    assert main(["new", str(path), "--institution", "x", "--village-code", "34140508"]) == 2
    assert sha256(path) == before
    assert main(["new", str(tmp_path / "b.xlsx"), "--institution", "x", "--village-code", "3414"]) == 2


def test_the_console_script_exits_2_without_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "data.xlsx"
    bad.write_text("วันที่,จำนวนเงิน\n1/1/2568,100\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "cmfi_xl.cli", "check", str(bad)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "F004" in proc.stderr


def test_demo_writes_its_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--out", str(tmp_path), "--no-pdf"]) == 0
    out = capsys.readouterr().out
    assert (tmp_path / "institution-sample.xlsx").exists()
    assert (tmp_path / "institution-sample-checked.xlsx").exists()
    assert "households 300" in out
