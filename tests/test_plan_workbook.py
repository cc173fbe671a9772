"""`cmfi-xl plan` and `apply-plan` on real workbooks: the planner's workbook side.

The demo institution is planned, a committee approves rows (we mark อนุมัติ = ใช่ as they would
in Excel), and the approved rows are applied. Money is conserved and nothing else is touched.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from cmfi_xl.cli import main
from cmfi_xl.debt.instance import arrears_of
from cmfi_xl.schema.plan import PLAN_SHEET, PLAN_SHEETS
from cmfi_xl.validate.check import check_file


def sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory, demo_book: Path) -> Path:
    out = tmp_path_factory.mktemp("plan") / "planned.xlsx"
    before = sha(demo_book)
    assert main(["plan", str(demo_book), "-o", str(out)]) == 0
    assert sha(demo_book) == before
    return out


def approve(src: Path, dst: Path, households: set[str] | None = None) -> set[str]:
    """Mark rows approved (all proposals, or just ``households``); returns the approved ids."""
    wb = openpyxl.load_workbook(src)
    ws = wb[PLAN_SHEET]
    head = [c.value for c in ws[3]]
    col = {h: i + 1 for i, h in enumerate(head)}
    done = set()
    for r in range(4, ws.max_row + 1):
        hh = ws.cell(r, col["รหัสครัวเรือน"]).value
        if hh and ws.cell(r, col["กลุ่มที่รับโอน"]).value and (households is None or hh in households):
            ws.cell(r, col["อนุมัติ"], "ใช่")
            done.add(hh)
    wb.save(dst)
    return done


def test_plan_adds_its_sheets_and_the_copy_still_checks(planned: Path) -> None:
    wb = openpyxl.load_workbook(planned)
    assert wb.sheetnames[:4] == list(PLAN_SHEETS)
    plan_ws = wb[PLAN_SHEET]
    assert "tblDebtPlan" in plan_ws.tables
    approved_col = [c.value for c in plan_ws[3]].index("อนุมัติ") + 1
    letter = openpyxl.utils.get_column_letter(approved_col)
    assert plan_ws.column_dimensions[letter].protection.locked is False  # only approval is editable
    assert plan_ws.column_dimensions["A"].protection.locked is True
    assert plan_ws.cell(4, 1).protection.locked is True
    assert plan_ws.protection.sheet
    _, issues, _ = check_file(planned)
    assert not [i for i in issues if i.severity == "error"]


def test_apply_conserves_money_touches_only_approved_rows_and_is_idempotent(
    planned: Path, demo_book: Path, tmp_path: Path
) -> None:
    before, _, _ = check_file(demo_book)
    approved_file = tmp_path / "approved.xlsx"
    chosen = approve(planned, approved_file, households={"H001", "H002", "H006", "H009", "H013"})
    assert len(chosen) == 5
    applied = tmp_path / "applied.xlsx"
    assert main(["apply-plan", str(approved_file), "-o", str(applied), "--date", "2026-09-15"]) == 0
    after, issues, _ = check_file(applied)
    assert not [i for i in issues if i.severity == "error"]

    old = {c.contract_no: c for c in before.contracts}
    new = {c.contract_no: c for c in after.contracts}
    closed = [n for n, c in new.items() if n in old and old[n].is_open and not c.is_open]
    opened = [c for n, c in new.items() if n not in old]
    transfers = after.debt_transfers[len(before.debt_transfers):]
    # only approved households changed
    assert {old[n].household_id for n in closed} == chosen
    assert {c.household_id for c in opened} == chosen
    for n, c in old.items():
        if c.household_id not in chosen:
            assert new[n] == c
    # money is conserved: old principal + arrears == new principal == transferred
    moved_out = sum((old[n].principal + arrears_of(old[n]) for n in closed), Decimal(0))
    assert moved_out == sum((c.principal for c in opened), Decimal(0))
    assert moved_out == sum((t.amount for t in transfers), Decimal(0))
    assert len(transfers) == len(closed)
    assert all(len([c for c in opened if c.household_id == h]) == 1 for h in chosen)

    again = tmp_path / "applied-twice.xlsx"
    assert main(["apply-plan", str(applied), "-o", str(again), "--date", "2026-09-15"]) == 0
    twice, _, _ = check_file(again)
    assert twice.contracts == after.contracts and twice.debt_transfers == after.debt_transfers


def test_a_stale_plan_row_is_refused_and_the_rest_applied(planned: Path, tmp_path: Path) -> None:
    approved_file = tmp_path / "approved.xlsx"
    chosen = approve(planned, approved_file, households={"H001", "H002"})
    wb = openpyxl.load_workbook(approved_file)
    ws = wb["สัญญาเงินกู้"]
    plan = wb[PLAN_SHEET]
    head = [c.value for c in plan[3]]
    row = next(r for r in plan.iter_rows(min_row=4) if r[0].value == "H001")
    first_old = row[head.index("เลขที่สัญญาที่โอน")].value.split(",")[0].strip()
    target = next(r for r in ws.iter_rows(min_row=4) if r[2].value == first_old)
    target[4].value = target[4].value + 100  # the principal changed after planning
    wb.save(approved_file)
    applied = tmp_path / "applied.xlsx"
    assert main(["apply-plan", str(approved_file), "-o", str(applied), "--date", "2026-09-15"]) == 1
    after, _, _ = check_file(applied)
    touched = {t.household_id for t in after.debt_transfers if t.transfer_no.startswith("T-")}
    assert touched == chosen - {"H001"}


def test_plan_on_a_json_instance(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    instance = {
        "format": "cmfi-debt-instance/1",
        "groups": [
            {"id": "A", "lendable": "10000", "rate": "0.06", "open_to_new_members": True},
            {"id": "B", "lendable": "10000", "rate": "0.08", "open_to_new_members": True},
        ],
        "households": [
            {"id": "h1", "savings": {"A": "1000"}, "contracts": [
                {"id": "c1", "lender": "A", "amount": "5000", "rate": "0.06"},
                {"id": "c2", "lender": "B", "amount": "3000", "rate": "12%"},
            ]},
        ],
    }
    src = tmp_path / "i.json"
    src.write_text(json.dumps(instance), encoding="utf-8")
    out = tmp_path / "p.json"
    assert main(["plan", "--instance", str(src), "--json-out", str(out)]) == 0
    plan = json.loads(out.read_text(encoding="utf-8"))
    assert plan["format"] == "cmfi-debt-plan/1"
    assert plan["objective"]["one_contract_households"] == 1
    (hh,) = plan["households"]
    assert hh["to_group"] == "A" and hh["amount"] == "8000.00"
    assert {t["contract"] for t in hh["transfers"]} == {"c1", "c2"}


def test_plan_refuses_a_book_with_errors(book_copy: Callable[[str], Path], tmp_path: Path) -> None:
    path = book_copy("b.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["สัญญาเงินกู้"]["E4"] = "ไม่ทราบ"
    wb.save(path)
    assert main(["plan", str(path), "-o", str(tmp_path / "p.xlsx")]) == 1
    assert not (tmp_path / "p.xlsx").exists()


@pytest.mark.libreoffice
def test_the_planned_workbook_prints_on_a4_in_libreoffice(planned: Path, tmp_path: Path) -> None:
    from cmfi_xl.render import libreoffice as lo

    if lo.find_soffice() is None:
        pytest.skip("LibreOffice not installed")
    pdf = lo.convert(planned, tmp_path, "pdf")
    sizes = lo.pdf_page_sizes(pdf)
    assert all(sorted((round(w), round(h))) == [595, 842] for w, h in sizes)
    first = lo.pdf_text(pdf, first_page=1, last_page=1)
    assert "แผนรวมหนี" in first and "#NAME?" not in first and "Err:" not in first
    # every note of the summary prints whole on page 1: a long label wraps inside column A instead of
    # running under its value, and a long value wraps inside B:D instead of running off the page
    ws = openpyxl.load_workbook(planned)[PLAN_SHEETS[0]]
    notes = [(ws.cell(r, 1).value, ws.cell(r, 2).value) for r in range(9, ws.max_row + 1)
             if ws.cell(r, 1).value and ws.cell(r, 2).value is not None]
    assert any(len(str(v)) > 60 for _, v in notes)  # the other-policy line is longer than B:D is wide
    assert lo.words_past_margin(pdf) == []
    [(_, _, words)] = lo.pdf_words(pdf, 1, 1)
    firsts = [w for w in words if w[4] in {str(v).split()[0] for _, v in notes}]
    value_x = min(x0 for x0, *_ in firsts)  # where column B starts
    top, bottom = min(y0 for _, y0, *_ in firsts), max(y1 for _, _, _, y1, _ in firsts)
    labels = [w for w in words if top - 1 <= w[1] <= bottom + 30 and w[0] < value_x - 1]
    assert labels and all(x1 < value_x for _, _, x1, _, _ in labels), labels
