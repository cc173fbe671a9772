"""``cmfi-xl convert``: individual members (model 4) into member groups, on real workbooks.

The small book (tests/convert/conftest.py), worked by hand, converting on 15/09/2569:

* P1 is in G1 already and chose G2, so returns to G1 (C005). Their 1,000 deposit becomes H1's
  savings in G1. Their 5,000 loan fits G1 (eligible: H1 saves in G1; lendable 10,000). H1's only
  other contract K-1 (4,000) is with G1 too, so both merge in place: new contract ย้าย-P1 of
  9,000 at G1's rate 6 %, K-1 closed, transfers 5,000 (from สถาบัน) + 4,000 (from G1, in place).
* P2 chose G2 (open to new members) but owes 20,000 > G2's 10,000: G3 (open, 50,000, 5 %) is
  proposed (C006); P2 is not converted: deposits 2,000 and debt stay with the institution.
* P3 chose no group and owes nothing: into the new ad-hoc group เฉพาะกิจ (capital 2,000).
* P4 owes 3,000 + 300 arrears; no group accepts arrears: pending (C007).
* P5 was converted on 01/10/2568 (2025-10-01): untouched.

Before: individual members 4 (P1–P4); deposits held 1,000 + 2,000 + 2,000 = 5,000; loans
5,000 + 20,000 + 3,300 = 28,300; households H1 (K-1 + P1's loan) several, H2 and H4 one each.
After: individual members 2; deposits 2,000; loans 23,300; H1, H2, H4 at one contract; groups 3 → 4.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from cmfi_xl.cli import main
from cmfi_xl.schema.individuals import CONVERSION_SUMMARY_SHEET, CONVERSION_TABLE
from cmfi_xl.validate.check import check_file
from cmfi_xl.xlsx.build import FIRST_DATA_ROW, HEADER_ROW

D = Decimal
ON = "2026-09-15"


def sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.fixture
def converted(small_book: Path, tmp_path: Path) -> Path:
    out = tmp_path / "converted.xlsx"
    before = sha(small_book)
    assert main(["convert", str(small_book), "-o", str(out), "--date", ON]) == 0
    assert sha(small_book) == before, "the input is never modified"
    return out


def test_registers_after_conversion(converted: Path) -> None:
    book, issues, loc = check_file(converted)
    assert book is not None
    assert [i for i in issues if i.severity.value == "error"] == []
    adhoc = [g for g in book.member_groups if g.group_type == "adhoc"]
    assert [(g.group_id, g.people, g.capital) for g in adhoc] == [("เฉพาะกิจ", 1, D("2000.00"))]
    new_rows = [(m.household_id, m.group_id, m.savings) for m in book.memberships][1:]
    assert new_rows == [("H1", "G1", D("1000.00")), ("H3", "เฉพาะกิจ", D("2000.00"))]
    contracts = {c.contract_no: c for c in book.contracts}
    assert contracts["K-1"].status == "closed"
    new = contracts["ย้าย-P1"]
    assert (new.household_id, new.lender, new.principal, new.annual_rate, new.status) == (
        "H1", "G1", D("9000.00"), D("0.06"), "open")
    transfers = [(t.transfer_no, t.from_contract, t.from_lender, t.to_group, t.amount) for t in book.debt_transfers]
    assert transfers == [("T-ย้าย-P1", "บุคคล-P1", "สถาบัน", "G1", D("5000.00")),
                         ("T-ย้าย-P1-2", "K-1", "G1", "G1", D("4000.00"))]
    stamped = {m.member_no: m.converted_on for m in book.individual_members}
    assert stamped == {"P1": dt.date(2026, 9, 15), "P2": None, "P3": dt.date(2026, 9, 15), "P4": None,
                       "P5": dt.date(2025, 10, 1)}


def test_report_sheets_show_before_and_after(converted: Path) -> None:
    wb = openpyxl.load_workbook(converted)
    assert wb.sheetnames[:2] == [CONVERSION_SUMMARY_SHEET, CONVERSION_TABLE.sheet]
    ws = wb[CONVERSION_SUMMARY_SHEET]
    rows = {ws.cell(r, 5).value: (ws.cell(r, 2).value, ws.cell(r, 3).value)
            for r in range(HEADER_ROW + 1, HEADER_ROW + 8)}
    assert rows == {
        "Individual members not yet converted": (4, 2),
        "Member groups": (3, 4),
        "Households with community-fund debt": (3, 3),
        "Households at one contract": (2, 3),
        "Households with several contracts": (1, 0),
        "Individuals' deposits held by the institution": (5000, 2000),
        "Loans to individuals outstanding": (28300, 23300),
    }
    assert ws._charts, "a before/after chart"
    people = wb[CONVERSION_TABLE.sheet]
    header = [c.value for c in people[HEADER_ROW]]
    got = {}
    for r in range(FIRST_DATA_ROW, people.max_row + 1):
        row = dict(zip(header, (c.value for c in people[r])))
        got[row["เลขที่สมาชิก"]] = (row["กลุ่มที่เข้าร่วม"], row["กลุ่มที่รับโอนหนี้"], row["ผล"])
    assert got == {
        "P1": ("G1", "G1", "ปรับเปลี่ยนแล้ว"),
        "P2": ("G2", "G3", "เสนอกลุ่มอื่นรับหนี้"),
        "P3": ("เฉพาะกิจ", None, "ปรับเปลี่ยนแล้ว"),
        "P4": ("G2", None, "รอมติคณะกรรมการ"),
        "P5": (None, None, "ทำไปแล้วก่อนหน้า"),
    }


def _money_position(path: Path) -> tuple[Decimal, Decimal]:
    """(all community + individual debt, all individual deposits + savings moved from them)."""
    book, _, _ = check_file(path)
    assert book is not None
    members = book.individual_members
    groups = {g.group_id for g in book.member_groups}
    debt = sum((c.principal or D(0)) for c in book.contracts if c.is_open and c.lender in groups)
    debt += sum((m.debt for m in members if m.converted_on is None), D(0))
    deposits = sum((m.deposits for m in members if m.converted_on is None), D(0))
    deposits += sum(((m.savings or D(0)) + (m.special_savings or D(0)) for m in book.memberships), D(0))
    return debt, deposits


def test_money_is_conserved_and_converting_twice_changes_nothing(small_book: Path, converted: Path,
                                                                   tmp_path: Path) -> None:
    before = _money_position(small_book)
    # P5's 700 moved last month already (no membership row in this hand-made book): count it once
    assert _money_position(converted) == before
    again = tmp_path / "again.xlsx"
    first = sha(converted)
    assert main(["convert", str(converted), "-o", str(again), "--date", ON]) == 0
    assert sha(converted) == first
    b1, _, _ = check_file(converted)
    b2, _, _ = check_file(again)
    assert b1 is not None and b2 is not None
    for key in ("member_groups", "memberships", "contracts", "debt_transfers"):
        assert [r.model_dump(exclude={"row"}) for r in b1.records(key)] == \
               [r.model_dump(exclude={"row"}) for r in b2.records(key)], key


def test_committee_accepts_the_proposal_by_choosing_the_group(converted: Path, tmp_path: Path) -> None:
    """Writing the proposed group G3 as P2's chosen group and converting again moves P2."""
    wb = openpyxl.load_workbook(converted)
    ws = wb["สมาชิกรายบุคคล"]
    header = [c.value for c in ws[HEADER_ROW]]
    col = header.index("กลุ่มที่เลือกเข้าร่วม") + 1
    row = next(r for r in range(FIRST_DATA_ROW, ws.max_row + 1) if ws.cell(r, 1).value == "P2")
    ws.cell(row, col, "G3")
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    out = tmp_path / "out.xlsx"
    assert main(["convert", str(edited), "-o", str(out), "--date", ON]) == 0
    book, _, _ = check_file(out)
    assert book is not None
    c = next(c for c in book.contracts if c.contract_no == "ย้าย-P2")
    assert (c.household_id, c.lender, c.principal, c.annual_rate) == ("H2", "G3", D("20000.00"), D("0.05"))


def test_bad_register_values_are_located(small_book: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    wb = openpyxl.load_workbook(small_book)
    ws = wb["สมาชิกรายบุคคล"]
    header = [c.value for c in ws[HEADER_ROW]]
    ws.cell(FIRST_DATA_ROW + 1, header.index("กลุ่มที่เลือกเข้าร่วม") + 1, "G99")
    ws.cell(FIRST_DATA_ROW + 2, header.index("เงินฝากสัจจะ") + 1, -5)
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    out = tmp_path / "out.xlsx"
    assert main(["convert", str(bad), "-o", str(out), "--date", ON]) == 1
    text = capsys.readouterr().out
    assert "R001 สมาชิกรายบุคคล!J5 (กลุ่มที่เลือกเข้าร่วม): 'G99'" in text
    assert "V008 สมาชิกรายบุคคล!D6 (เงินฝากสัจจะ): '-5'" in text
    assert not out.exists(), "nothing is written when the register has errors"


def test_an_empty_register_a_missing_register_and_a_date_outside_the_year(
        demo_book: Path, small_book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "o.xlsx"
    assert main(["convert", str(demo_book), "-o", str(out), "--date", ON]) == 0  # model 1: nobody to move
    assert "converted 0, proposed 0, pending 0" in capsys.readouterr().out
    wb = openpyxl.load_workbook(small_book)
    del wb["สมาชิกรายบุคคล"]
    gone = tmp_path / "gone.xlsx"
    wb.save(gone)
    assert main(["convert", str(gone), "-o", str(tmp_path / "o1.xlsx"), "--date", ON]) == 1
    assert "S001" in capsys.readouterr().out, "a deleted register is a located error of the check"
    assert main(["convert", str(small_book), "-o", str(tmp_path / "o2.xlsx"), "--date", "2026-11-20"]) == 2
    assert "outside the workbook's fiscal year 2569" in capsys.readouterr().err
    assert not (tmp_path / "o2.xlsx").exists()


def test_the_adhoc_group_counts_only_who_moved_in(small_book: Path, tmp_path: Path) -> None:
    """P6 also chose no group but owes 99,999, more than any group can carry: P6 waits, so the
    new ad-hoc group holds only P3 (1 person, 2,000) — not P6's 100."""
    wb = openpyxl.load_workbook(small_book)
    ws = wb["สมาชิกรายบุคคล"]
    header = [c.value for c in ws[HEADER_ROW]]
    row = FIRST_DATA_ROW + 5
    for key, value in (("เลขที่สมาชิก", "P6"), ("ชื่อ-สกุล", "นางหก"), ("รหัสครัวเรือน", "H5"),
                       ("เงินฝากสัจจะ", 100), ("หนี้เงินกู้คงเหลือ", 99999), ("อัตราดอกเบี้ยต่อปี", 0.1)):
        ws.cell(row, header.index(key) + 1, value)
    edited = tmp_path / "six.xlsx"
    wb.save(edited)
    out = tmp_path / "out.xlsx"
    assert main(["convert", str(edited), "-o", str(out), "--date", ON]) == 0
    book, _, _ = check_file(out)
    assert book is not None
    adhoc = [(g.people, g.capital) for g in book.member_groups if g.group_type == "adhoc"]
    assert adhoc == [(1, D("2000.00"))]
    assert {m.member_no: m.converted_on for m in book.individual_members}["P6"] is None


def test_the_adhoc_group_id_never_takes_an_existing_groups_id(tmp_path: Path) -> None:
    """A group already called เฉพาะกิจ keeps its id; the new ad-hoc group becomes เฉพาะกิจ-2."""
    from cmfi_xl.demo.model4 import PROFILE, small_data
    from cmfi_xl.schema.institution import INSTITUTION
    from cmfi_xl.xlsx.build import build_workbook

    data = small_data()
    taken = dict(data["member_groups"][0], group_id="เฉพาะกิจ", name="กลุ่มเฉพาะกิจเดิม")
    data["member_groups"] = [*data["member_groups"], taken]
    path = tmp_path / "taken.xlsx"
    build_workbook(INSTITUTION, profile=PROFILE, data=data).save(path)
    out = tmp_path / "out.xlsx"
    assert main(["convert", str(path), "-o", str(out), "--date", ON]) == 0
    book, _, _ = check_file(out)
    assert book is not None
    ids = [g.group_id for g in book.member_groups]
    assert ids.count("เฉพาะกิจ") == 1 and "เฉพาะกิจ-2" in ids
    assert [g.group_id for g in book.member_groups if g.group_type == "adhoc"][-1] == "เฉพาะกิจ-2"


@pytest.mark.libreoffice
def test_the_converted_workbook_prints_inside_the_page(converted: Path, tmp_path: Path) -> None:
    """The before/after sheet and the person table print on A4 with no text past the margin (a
    long English label or proposal wraps in its cell)."""
    from cmfi_xl.render import libreoffice as lo

    if lo.find_soffice() is None:
        pytest.skip("LibreOffice not installed")
    pdf = lo.convert(converted, tmp_path, "pdf")
    assert all(sorted((round(w), round(h))) == [595, 842] for w, h in lo.pdf_page_sizes(pdf))
    assert lo.words_past_margin(pdf) == []
