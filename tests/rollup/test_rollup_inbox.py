"""A district inbox with one bad file of each kind next to good ones: every file gets its own
status row, the good ones are consolidated, nothing in the inbox changes, nothing runs."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from badfiles import (add_vba, make_docx_renamed, make_empty, make_encrypted_cfb, make_entity_bomb,
                      make_oversized, make_truncated_zip, make_xlsm, write_zip, zip_members)
from rollup_helpers import folder_hashes

from cmfi_xl.rollup.figures import FIGURES, institution_figures
from cmfi_xl.rollup.run import run_rollup
from cmfi_xl.rollup.sample import _set_cell, _sheet_parts
from cmfi_xl.schema.institution import INSTITUTION
from cmfi_xl.validate.check import check_file


def newer_version(src: Path, dst: Path) -> Path:
    """The same workbook stamped with a template version this tool does not know yet."""
    members = zip_members(src.read_bytes())
    part = _sheet_parts(members)[INSTITUTION.profile_sheet]
    members[part] = _set_cell(members[part].decode(), "B3", "1.9").encode()
    members["docProps/custom.xml"] = re.sub(rb"<vt:lpwstr>1\.\d+</vt:lpwstr>", b"<vt:lpwstr>1.9</vt:lpwstr>",
                                            members["docProps/custom.xml"])
    return write_zip(dst, members)


def without_stamp(src: Path, dst: Path) -> Path:
    """Someone cleared the template stamp cell (the document properties still name the template)."""
    members = zip_members(src.read_bytes())
    part = _sheet_parts(members)[INSTITUTION.profile_sheet]
    members[part] = _set_cell(members[part].decode(), "B2", "").encode()
    return write_zip(dst, members)


def without_column(src: Path, dst: Path, table: str, key: str) -> Path:
    """A user deleted a required column (header and data) from a register."""
    wb = openpyxl.load_workbook(src)
    t = INSTITUTION.table(table)
    wb[t.sheet].delete_cols([c.key for c in t.columns].index(key) + 1)
    wb.save(dst)
    return dst


@pytest.fixture
def inbox(tmp_path: Path, institution: Callable[..., Path]) -> Path:
    box = tmp_path / "inbox"
    good = [institution(box / "34140101.xlsx", "34140101"),
            institution(box / "34140102.xlsx", "34140102", base=1, factor="1.3"),
            institution(box / "sub" / "34140103.xlsx", "34140103", factor="0.7")]
    # ours, carrying an Auto_Open macro: read as values (nothing runs), accepted with a warning
    write_zip(box / "34140104.xlsm", add_vba(zip_members(institution(tmp_path / "m.xlsx", "34140104").read_bytes())))
    make_empty(box, "empty.xlsx")
    make_docx_renamed(box, "letter.xlsx")
    make_truncated_zip(box, "truncated.xlsx")
    make_entity_bomb(box, "laughs.xlsx")
    make_xlsm(box, "auto-open.xlsm")
    make_encrypted_cfb(box, "password.xlsx")
    make_oversized(box, "huge.xlsx")
    newer_version(institution(tmp_path / "n.xlsx", "34140105"), box / "34140105-newer.xlsx")
    without_column(institution(tmp_path / "c.xlsx", "34140106"), box / "34140106-no-principal.xlsx",
                   "contracts", "principal")
    without_stamp(institution(tmp_path / "s.xlsx", "34140107"), box / "34140107-no-stamp.xlsx")
    shutil.copyfile(good[0], box / "34140101 (1).xlsx")
    institution(box / "other-district.xlsx", "34150101")
    return box


EXPECTED = {
    "34140101 (1).xlsx": ("duplicate", "U010"),
    "34140101.xlsx": ("accepted", "U016"),
    "34140102.xlsx": ("accepted", "U016"),
    "sub/34140103.xlsx": ("accepted", "U016"),
    "34140104.xlsm": ("accepted", "U016"),
    "34140105-newer.xlsx": ("rejected", "U002"),
    "34140106-no-principal.xlsx": ("rejected", "U003"),
    "34140107-no-stamp.xlsx": ("rejected", "F010"),
    "auto-open.xlsm": ("rejected", "U001"),
    "empty.xlsx": ("rejected", "F002"),
    "huge.xlsx": ("rejected", "F003"),
    "laughs.xlsx": ("rejected", "F008"),
    "letter.xlsx": ("rejected", "F004"),
    "other-district.xlsx": ("rejected", "U007"),
    "password.xlsx": ("rejected", "F006"),
    "truncated.xlsx": ("rejected", "F005"),
}


def test_every_file_gets_its_own_status_and_the_good_ones_are_consolidated(inbox: Path) -> None:
    before = folder_hashes(inbox)
    r = run_rollup(inbox, workers=2)
    got = {s.file: (s.status, s.issue.code) for s in r.statuses}
    # the copy sorts before the original ("(1)" < ".xlsx"), so the original is the duplicate
    dup = {k: v for k, v in got.items() if v[0] == "duplicate"}
    assert len(dup) == 1 and set(dup) <= {"34140101 (1).xlsx", "34140101.xlsx"}
    expected = dict(EXPECTED)
    expected.update({k: ("accepted", "U016") for k in {"34140101 (1).xlsx", "34140101.xlsx"} - set(dup)})
    expected.update(dup)
    assert got == expected
    for s in r.statuses:  # every reason is given in Thai and in English
        assert s.issue.message_th and s.issue.message_en and "Traceback" not in s.issue.message_en
    assert [s.unit_code for s in r.accepted] == ["34140101", "34140102", "34140103", "34140104"]
    assert (r.unit_code, r.level, r.fiscal_year) == ("3414", "amphoe", 2569)
    macro = next(s for s in r.statuses if s.file == "34140104.xlsm")
    assert [n.code for n in macro.notes] == ["F009"]
    no_col = next(s for s in r.statuses if s.file == "34140106-no-principal.xlsx")
    assert "S002" in no_col.issue.message_en and no_col.issue.sheet == INSTITUTION.table("contracts").sheet
    # totals: the good files' figures, computed independently through cmfi-xl check's reader
    expected_totals = {f.key: 0 for f in FIGURES}
    for name in ("34140101.xlsx", "34140102.xlsx", "sub/34140103.xlsx", "34140104.xlsm"):
        book, issues, _ = check_file(inbox / name)
        for k, v in institution_figures(book).items():
            expected_totals[k] += v
    assert r.totals == expected_totals
    assert folder_hashes(inbox) == before  # nothing in the inbox was modified


def test_the_lean_read_matches_the_full_check(bases: list[bytes], tmp_path: Path, institution: Callable[..., Path]) -> None:
    """The roll-up parses only what its figures need, but sees the same structure as check: the
    figures equal those of the full check, and a required column deleted from a register the
    figures do not use (household head names) still rejects the file."""
    from cmfi_xl.rollup.read import read_file

    for k in range(len(bases)):
        path = institution(tmp_path / f"{k}.xlsx", f"3414010{k + 1}", base=k)
        book, issues, _ = check_file(path)
        sub = read_file(path)
        assert sub.figures == institution_figures(book)
    src = institution(tmp_path / "h.xlsx", "34140109")
    for table, key in (("households", "head_name"), ("memberships", "group_id")):
        bad = without_column(src, tmp_path / f"no-{key}.xlsx", table, key)
        r = read_file(bad)
        assert r.issue.code == "U003" and "S002" in r.issue.message_en, (table, key)
        assert r.issue.sheet == INSTITUTION.table(table).sheet
