"""The official report: every number ties to the books (recomputed here independently from the
input file's cells), the roll-up contract (stamp, tblReportFigures), and PDPA."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from collections import Counter
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from report_helpers import read_tables

from cmfi_xl.cli import main
from cmfi_xl.commands.report import make_report
from cmfi_xl.report.sheets import OPS, PART1, PART2
from cmfi_xl.rollup.figures import FIGURES, institution_figures
from cmfi_xl.validate.check import check_file

FY_START, FY_END = dt.datetime(2025, 10, 1), dt.datetime(2026, 9, 30)


def D(x: object) -> Decimal:
    return Decimal(str(x or 0))


def independent_figures(book: Path) -> dict[str, Decimal]:
    """The report's figures from the input cells, with plain sums (no code of the tool)."""
    t = read_tables(book)
    groups, committee, shares = t["tblMemberGroups"], t["tblCommittee"], t["tblShares"]
    households, contracts = t["tblHouseholds"], t["tblContracts"]
    open_c = [c for c in contracts if c["สถานะ"] != "ปิดสัญญา"]
    per = Counter(c["รหัสครัวเรือน"] for c in open_c)
    counts = [per.get(h["รหัสครัวเรือน"], 0) for h in households]
    sign = {"ซื้อหุ้น": 1, "ถอนหุ้น": -1}
    gids = {g["รหัสกลุ่ม"] for g in groups}
    paid = sum(D(r["ชำระเงินต้น"]) for r in t["tblLoanRepayments"] if r["วันที่"] <= FY_END)
    opening = next((D(r["ค่า"]) for r in t.get("tblSettings", []) if r["รหัส"] == "opening_cash"), D(0))
    cash = opening + sum(D(r["รับเงินสด"]) - D(r["จ่ายเงินสด"]) for r in t["tblCashBook"] if r["วันที่"] <= FY_END)
    bank = sum(D(a["ยอดยกมา"]) for a in t["tblBankAccounts"]) + sum(
        D(r["ฝากเข้าธนาคาร"]) - D(r["ถอนจากธนาคาร"]) for r in t["tblCashBook"] if r["วันที่"] <= FY_END)
    out = {
        "groups": D(len(groups)), "group_people": sum(D(g["จำนวนสมาชิกคน"]) for g in groups),
        "group_capital": sum(D(g["ทุนของกลุ่ม"]) for g in groups), "committee_size": D(len(committee)),
        "committee_reps": D(sum(m["ประเภทกรรมการ"] == "ผู้แทนกลุ่มสมาชิก" for m in committee)),
        "committee_leaders": D(sum(m["ประเภทกรรมการ"] == "ผู้นำชุมชน/ผู้ทรงคุณวุฒิ" for m in committee)),
        "share_units": sum(D(s["จำนวนหุ้น"]) * sign[s["รายการ"]] for s in shares),
        "share_amount": sum(D(s["จำนวนเงิน"]) * sign[s["รายการ"]] for s in shares),
        "intergroup_loans": D(len(t["tblInterGroupLoans"])),
        "intergroup_lent": sum(D(x["เงินต้น"]) for x in t["tblInterGroupLoans"]),
        "households": D(len(households)), "indebted_households": D(sum(n >= 1 for n in counts)),
        "one_contract_households": D(sum(n == 1 for n in counts)),
        "multi_contract_households": D(sum(n > 1 for n in counts)), "open_contracts": D(len(open_c)),
        "total_debt": sum(D(c["เงินต้นคงเหลือ"]) for c in open_c),
        "debt_to_groups": sum(D(c["เงินต้นคงเหลือ"]) for c in open_c if c["ผู้ให้กู้"] in gids),
        "debt_transfers": D(len(t["tblDebtTransfers"])),
        "debt_transferred": sum(D(x["จำนวนเงินที่โอน"]) for x in t["tblDebtTransfers"]),
        "welfare_payments": D(len(t["tblWelfare"])), "welfare_paid": sum(D(w["จำนวนเงิน"]) for w in t["tblWelfare"]),
        "bank_accounts": D(len(t["tblBankAccounts"])), "cash_balance": cash, "bank_balance": bank,
    }
    out["intergroup_outstanding"] = out["intergroup_lent"] - paid
    out["debt_to_outside"] = out["total_debt"] - out["debt_to_groups"]
    return out


def test_every_figure_ties_to_the_books(demo_book: Path, demo_report: Path) -> None:
    shown = {r["รหัสรายการ"]: D(r["จำนวน"]) for r in read_tables(demo_report)["tblReportFigures"]}
    assert list(shown) == [f.key for f in FIGURES]  # the roll-up's contract: a key and a value per figure
    mine = independent_figures(demo_book)
    for key, value in mine.items():
        assert shown[key] == value.quantize(Decimal("0.01")) if value % 1 else shown[key] == value, key
    book, _, _ = check_file(demo_book)
    assert shown == {k: D(v) for k, v in institution_figures(book).items()}  # the same module the roll-up uses


def test_part1_tables_tie_to_the_books(demo_book: Path, demo_report: Path) -> None:
    t, rep = read_tables(demo_book), read_tables(demo_report)
    groups = t["tblMemberGroups"]
    by_type = rep["tblReportGroups"]
    for row in by_type[:-1]:
        gs = [g for g in groups if g["ประเภทกลุ่ม"] == row["ประเภทกลุ่ม/องค์กร"]]
        assert row["จำนวนกลุ่ม"] == len(gs) and row["สมาชิก (คน)"] == sum(g["จำนวนสมาชิกคน"] for g in gs)
        assert D(row["ทุนของกลุ่ม (บาท)"]) == sum(D(g["ทุนของกลุ่ม"]) for g in gs)
    total = by_type[-1]
    assert total["ประเภทกลุ่ม/องค์กร"] == "รวม" and total["จำนวนกลุ่ม"] == len(groups)
    assert D(total["เงินลงหุ้นในสถาบัน (บาท)"]) == independent_figures(demo_book)["share_amount"]
    committee = {r["คณะกรรมการ"]: r["จำนวน (คน)"] for r in rep["tblReportCommittee"]}
    assert committee["รวม"] == len(t["tblCommittee"])
    capital = rep["tblReportCapital"]
    grants = sum(D(r["รับเงินสด"]) + D(r["ฝากเข้าธนาคาร"]) for r in t["tblCashBook"]
                 if r["หมวด"] == "รับเงินอุดหนุน" and FY_START <= r["วันที่"] <= FY_END)
    assert D(capital[1]["จำนวนเงิน (บาท)"]) == grants
    acts = rep["tblReportActivities"]
    moved = [x for x in t["tblDebtTransfers"] if FY_START <= x["วันที่"] <= FY_END]
    assert acts[0]["จำนวน (รายการ)"] == len(moved)
    assert D(acts[0]["จำนวนเงิน (บาท)"]) == sum(D(x["จำนวนเงินที่โอน"]) for x in moved)
    buys = [s for s in t["tblShares"] if s["รายการ"] == "ซื้อหุ้น" and FY_START <= s["วันที่"] <= FY_END]
    assert (acts[1]["จำนวน (รายการ)"], D(acts[1]["จำนวนเงิน (บาท)"])) == (len(buys), sum(D(s["จำนวนเงิน"]) for s in buys))


def test_part2_and_debt_before_after_tie(demo_book: Path, demo_report: Path) -> None:
    rep = read_tables(demo_report)
    areas = rep["tblReportAreas"]
    inds = rep["tblReportIndicators"]
    assert len(inds) == 18 and len(areas) == 3
    assert sum(D(a["คะแนนที่ได้"]) for a in areas) == sum(D(i["คะแนนถ่วงน้ำหนัก"]) for i in inds)
    debt = {r["ครัวเรือน"]: (r["ก่อนแผน"], r["หลังแผน"]) for r in rep["tblReportDebt"]}
    fig = independent_figures(demo_book)
    assert debt["มีสัญญาเดียว"][1] == fig["one_contract_households"]
    assert debt["ครัวเรือนที่มีหนี้"][1] == fig["indebted_households"]
    # before: this year's transfers undone — each old contract open again, each new one not there yet
    t = read_tables(demo_book)
    moves = [x for x in t["tblDebtTransfers"] if FY_START <= x["วันที่"] <= FY_END]
    assert moves  # the sample really has transfers this year
    old = {x["สัญญาเดิม"] for x in moves}
    new = {x["สัญญาใหม่"] for x in moves} - old
    open_before = [c for c in t["tblContracts"] if c["เลขที่สัญญา"] not in new
                   and (c["สถานะ"] != "ปิดสัญญา" or c["เลขที่สัญญา"] in old)]
    per = Counter(c["รหัสครัวเรือน"] for c in open_before)
    counts = [per.get(h["รหัสครัวเรือน"], 0) for h in t["tblHouseholds"]]
    assert debt["ครัวเรือนที่มีหนี้"][0] == sum(n >= 1 for n in counts)
    assert debt["มีสัญญาเดียว"][0] == sum(n == 1 for n in counts)
    assert debt["มีหลายสัญญา"][0] == sum(n > 1 for n in counts)


def test_stamp_properties_for_the_roll_up(demo_report: Path) -> None:
    wb = openpyxl.load_workbook(demo_report)
    props = {p.name: p.value for p in wb.custom_doc_props}
    assert props["cmfi.template_id"] == "cmfi-report" and props["cmfi.template_version"] == "1.0"
    assert props["cmfi.village_code"] == props["cmfi.unit_code"] == "34140507"
    assert props["cmfi.fiscal_year"] == "2569" and props["cmfi.submitted_at"] == "2026-10-05T09:30:00"
    assert wb.sheetnames == [PART1, PART2, OPS]
    for ws in wb.worksheets:
        assert int(ws.page_setup.paperSize) == 9 and ws.cell(1, 1).font.name == "TH Sarabun New"
        assert ws.protection.sheet and not ws.protection.password
        texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        assert any("ประธานคณะกรรมการสถาบัน" in x for x in texts) and any("พัฒนากร" in x for x in texts)
    with zipfile.ZipFile(demo_report) as z:  # openpyxl does not load charts back: read the parts
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 2
    assert any("คะแนนรายด้าน" in c for c in charts) and any("ก่อน/หลังแผน" in c for c in charts)
    dates = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, dt.datetime)]
    assert dates and all("[$-107041E]" in c.number_format for c in dates)  # Buddhist-Era display


def personal_values(book: Path) -> set[str]:
    t = read_tables(book)
    vals = {h["ชื่อ-สกุลหัวหน้าครัวเรือน"] for h in t["tblHouseholds"]}
    vals |= {str(h["เลขประจำตัวประชาชน"]) for h in t["tblHouseholds"] if h["เลขประจำตัวประชาชน"]}
    vals |= {w["ผู้รับสวัสดิการ"] for w in t["tblWelfare"]} | {w["รายละเอียด"] for w in t["tblWelfare"]}
    vals |= {m["ชื่อ-สกุล"] for m in t["tblCommittee"]}
    return {v for v in vals if v}


def test_pdpa_no_personal_value_survives_into_the_report(demo_book: Path, demo_report: Path) -> None:
    secrets = personal_values(demo_book)
    assert len(secrets) > 300  # names, IDs, reasons really are in the input
    wb = openpyxl.load_workbook(demo_report)
    cells = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    cells += [str(p.value) for p in wb.custom_doc_props]
    blob = "\n".join(cells)
    leaked = sorted(s for s in secrets if s in blob)
    assert leaked == []
    digits = re.sub(r"\D", "", blob)
    assert not [s for s in secrets if s.isdigit() and len(s) == 13 and s in digits]


def test_a_personal_value_in_the_profile_stops_the_report(demo_book: Path, tmp_path: Path) -> None:
    book = tmp_path / "leaky.xlsx"
    shutil.copyfile(demo_book, book)
    wb = openpyxl.load_workbook(book)
    head = read_tables(demo_book)["tblHouseholds"][0]["ชื่อ-สกุลหัวหน้าครัวเรือน"]
    ws = wb["ข้อมูลสถาบัน"]
    row = next(r for r in range(1, 40) if str(ws.cell(r, 1).value or "").startswith("ที่ตั้งสำนักงาน"))
    ws.cell(row, 2, f"บ้าน{head}")  # the office is at a debtor's house: his name would leave the village
    wb.save(book)
    out = tmp_path / "r.xlsx"
    path, issues = make_report(book, out)
    assert path is None and not out.exists()
    assert [i.code for i in issues if i.code == "Q002"] == ["Q002"]
    assert main(["report", str(book), "-o", str(out)]) == 1 and not out.exists()


def test_report_command_exit_codes(demo_book: Path, tmp_path: Path) -> None:
    assert main(["report", str(demo_book), "-o", str(demo_book)]) == 2  # never over the input
    junk = tmp_path / "j.xlsx"
    junk.write_bytes(b"PK\x03\x04 truncated")
    assert main(["report", str(junk), "-o", str(tmp_path / "o.xlsx")]) == 2
    assert main(["report", str(demo_book), "-o", str(tmp_path / "ok.xlsx"), "--date", "2026-10-05"]) == 0


def test_no_report_from_committee_entries_with_errors(demo_book: Path, tmp_path: Path) -> None:
    scores = tmp_path / "scores.xlsx"
    assert main(["assess", str(demo_book), "-o", str(scores)]) == 0
    wb = openpyxl.load_workbook(scores)
    ws = wb["แบบประเมิน"]
    head = {c.value: c.column for c in next(r for r in ws.iter_rows() if r[0].value == "ตัวชี้วัดที่")}
    row = next(r[0].row for r in ws.iter_rows() if r[0].value == 10)
    ws.cell(row, head["คะแนนโดยคณะกรรมการ"], 7)  # outside the criteria 0–3
    wb.save(scores)
    out = tmp_path / "r.xlsx"
    path, issues = make_report(demo_book, out, scores=scores)
    assert path is None and not out.exists() and "M010" in {i.code for i in issues}
