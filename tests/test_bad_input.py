"""Bad files from email: each gets a clear exit 2 with its code, nothing runs, nothing changes."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from badfiles import BAD_FILES, add_vba, write_zip, zip_members

from cmfi_xl.cli import main


def sha(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_each_bad_file_exits_2_with_its_code(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    maker, code = BAD_FILES[name]
    path = maker(tmp_path)
    before = sha(path)
    out = tmp_path / "out" / "checked.xlsx"
    out.parent.mkdir()
    assert main(["check", str(path), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert code in err and "Traceback" not in err
    assert sha(path) == before
    assert not out.exists()


def test_bad_file_json_mode_still_prints_a_located_record(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    maker, code = BAD_FILES["entity_bomb"]
    assert main(["check", str(maker(tmp_path)), "--json"]) == 2
    (record,) = json.loads(capsys.readouterr().out)
    assert record["code"] == code == "F008"
    assert record["message_th"] and record["message_en"]


def _with_macros(src: Path, dst: Path) -> Path:
    """Our own workbook turned into an .xlsm carrying an Auto_Open macro, as a prank email would."""
    return write_zip(dst, add_vba(zip_members(src.read_bytes())))


def test_a_cmfi_workbook_with_macros_is_read_without_running_them(
    book_copy: Callable[[str], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xlsm = _with_macros(book_copy("b.xlsx"), tmp_path / "ส่งมาทางอีเมล.xlsm")
    before = sha(xlsm)
    out = tmp_path / "checked.xlsx"
    assert main(["check", str(xlsm), "--json", "-o", str(out)]) == 0
    issues = json.loads(capsys.readouterr().out)
    assert [i["code"] for i in issues if i["severity"] != "info"] == ["F009"]
    assert sha(xlsm) == before
    with zipfile.ZipFile(out) as z:
        assert not any("vba" in n.lower() for n in z.namelist())  # the copy carries no macros
