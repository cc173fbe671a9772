"""``cmfi-xl books`` on real workbooks: the golden hand-worked institution, LibreOffice
recalculation, the bad-input list of issue 4 (each a located error, nothing fixed, the input
unchanged) and reading a template-1.0 file.

The worked institution (``test_books_fixtures.small_book``, fiscal year 2569 = 1 Oct 2025 –
30 Sep 2026; the derivations are in ``test_books_worked.py``), as the summary sheets show it:

* บช.หุ้น: G1 opening 100 units (10,000), withdrew 20 → 80 units, 8,000.00, 8,000/18,000 =
  44.44 %; G2 opening 50 (5,000), bought 50 → 100 units, 10,000.00 (55.56 %); total 18,000.00.
* บช.เงินกู้: L1 principal 12,000, principal paid 10 × 1,000 = 10,000 → outstanding 2,000.00;
  interest paid 120 + 110 + … + 30 = 750.00; interest due 770 − 750 = 20.00 (instalment 11,
  1 Sep 2026, unpaid); principal arrears 11,000 − 10,000 = 1,000.00; 1 instalment overdue;
  penalty 1,020 × 12 % × 29 / 365 = 9.72.
* บช.ตารางผ่อนชำระ: 12 rows, principal 1,000 each, interest 120 … 10, total interest 780.00.
* บช.สวัสดิการ: death 1 payment, 2,000.00 ≤ ceiling 3,000; budget (opening welfare fund)
  5,000.00 → remaining 3,000.00.
* บช.กระทบยอดธนาคาร: B1 at 31 May 2026 book 11,000 = passbook 11,000 (difference 0.00);
  30 Jun 2026 book 20,000 − 12,000 + 3,000 + 45 = 11,045, passbook 11,050 → difference 5.00.
* บช.รายได้ค่าใช้จ่าย: income 750 + 45 = 795.00; expenses 300 + (500 − 500) = 300.00; net 495.00.
* บช.ฐานะการเงิน: cash 9,450 + B1 11,045 + loans 2,000 = 22,495.00 = shares 18,000 + reserve
  800 + welfare fund 3,000 + surplus b/f 200 + net result 495 → check 0.00, "สมดุล".
* บช.จัดสรรกำไร: 495 × 10/40/20/10/10/10 % = 49.50, 198.00, 99.00, 49.50, 49.50, 49.50;
  dividend G1 198 × 8/18 = 88.00, G2 110.00; refund G2 (the only payer of interest) 99.00;
  every residue 0.00; check 0.00.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from books_workbooks import sealed, small_data

from cmfi_xl.books.sheets import SHEET_NAMES
from cmfi_xl.cli import main
from cmfi_xl.commands.books import compute_books
from cmfi_xl.render import libreoffice
from cmfi_xl.xlsx.dump import dump_workbook

GOLDEN = Path(__file__).parent / "golden" / "small-institution-books.txt"
needs_lo = pytest.mark.skipif(libreoffice.find_soffice() is None, reason="LibreOffice not installed")


def sha256(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def books_dump(path: Path) -> str:
    """The text dump of the summary sheets only (the registers are the input's)."""
    names = tuple(SHEET_NAMES.values())
    return "".join(line + "\n" for line in dump_workbook(path).splitlines() if line.startswith(names))


def run_cli(src: Path, out: Path, *extra: str) -> int:
    before = sha256(src)
    rc = main(["books", str(src), "-o", str(out), *extra])
    assert sha256(src) == before, "the input file was modified"
    return rc


def row_of(values: dict[str, Any], label: str) -> int:
    """Sheet row whose column A starts with ``label``."""
    hits = [int(c[1:]) for c, v in values.items() if c.startswith("A") and c[1:].isdigit()
            and isinstance(v, str) and v.startswith(label)]
    assert hits, label
    return hits[0]


def money(v: Any) -> D:
    return D(str(v)).quantize(D("0.01"))


def test_golden_small_institution(small_workbook, tmp_path: Path) -> None:
    src = small_workbook()
    out = tmp_path / "books.xlsx"
    assert run_cli(src, out) == 0  # a B021 passbook difference is a warning
    text = books_dump(out)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8"), "summary sheets differ from the golden dump (UPDATE_GOLDEN=1)"


@needs_lo
def test_libreoffice_recalculates_the_hand_worked_figures(small_workbook, tmp_path: Path) -> None:
    """The written workbook, recalculated by LibreOffice, shows the figures worked by hand above."""
    src = small_workbook()
    out = tmp_path / "books.xlsx"
    run_cli(src, out)
    v = libreoffice.recalculated_values(out)
    sh = v[SHEET_NAMES["shares"]]
    assert (sh["A4"], sh["F4"], money(sh["G4"]), round(sh["H4"], 4)) == ("G1", 80, D("8000.00"), 0.4444)
    assert (sh["A5"], sh["F5"], money(sh["G5"]), round(sh["H5"], 4)) == ("G2", 100, D("10000.00"), 0.5556)
    assert money(sh["G6"]) == D("18000.00")
    ln = v[SHEET_NAMES["loans"]]
    assert [money(ln[c]) for c in ("C4", "D4", "E4", "F4", "G4", "H4", "J4")] == [
        D("12000.00"), D("10000.00"), D("2000.00"), D("750.00"), D("20.00"), D("1000.00"), D("9.72")]
    assert ln["I4"] == 1
    sc = v[SHEET_NAMES["schedules"]]
    total = row_of(sc, "รวม")
    assert money(sc[f"E{total}"]) == D("780.00") and money(sc[f"D{total}"]) == D("12000.00")
    we = v[SHEET_NAMES["welfare"]]
    death = row_of(we, "เสียชีวิต")
    assert (we[f"B{death}"], money(we[f"C{death}"]), money(we[f"D{death}"])) == (1, D("2000.00"), D("3000.00"))
    assert money(we[f"C{row_of(we, 'คงเหลือ')}"]) == D("3000.00")
    rc = v[SHEET_NAMES["recon"]]
    diffs = {(rc[f"A{r}"], money(rc[f"E{r}"])) for r in range(4, 60) if f"E{r}" in rc}
    assert {(d.date() if hasattr(d, "date") else d, x) for d, x in diffs} == {
        (dt.date(2026, 5, 31), D("0.00")), (dt.date(2026, 6, 30), D("5.00"))}
    inc = v[SHEET_NAMES["income"]]
    assert money(inc[f"B{row_of(inc, 'รวมรายได้')}"]) == D("795.00")
    assert money(inc[f"B{row_of(inc, 'รวมค่าใช้จ่าย')}"]) == D("300.00")
    assert money(inc[f"B{row_of(inc, 'กำไร (ขาดทุน) สุทธิ')}"]) == D("495.00")
    bs = v[SHEET_NAMES["balance"]]
    assert money(bs[f"C{row_of(bs, 'รวมสินทรัพย์')}"]) == D("22495.00")
    assert money(bs[f"C{row_of(bs, 'รวมหนี้สินและทุน')}"]) == D("22495.00")
    check = row_of(bs, "ตรวจสอบ")
    assert (money(bs[f"C{check}"]), bs[f"D{check}"]) == (D("0.00"), "สมดุล")
    al = v[SHEET_NAMES["allocation"]]
    pools = [money(al[f"C{r}"]) for r in range(5, 11)]
    assert pools == [D("49.50"), D("198.00"), D("99.00"), D("49.50"), D("49.50"), D("49.50")]
    assert money(al[f"C{row_of(al, 'กลุ่ม G1')}"]) == D("88.00")
    assert money(al[f"C{row_of(al, 'ตรวจสอบ')}"]) == D("0.00")


@needs_lo
def test_libreoffice_recalculates_every_formula_to_what_python_wrote(demo_book: Path, tmp_path: Path) -> None:
    """The demo institution: every live formula of every summary sheet, recalculated by
    LibreOffice, equals the value Python computed for it (to 1e-6; text exactly)."""
    out = tmp_path / "demo-books.xlsx"
    assert run_cli(demo_book, out) == 0
    run = compute_books(demo_book)
    values = libreoffice.recalculated_values(out)
    n, bad = 0, []
    for sheet in run.sheets:
        for cell, f in sheet.formulas():
            n += 1
            got = values[sheet.name].get(cell)
            ok = got == f.value if isinstance(f.value, str) else (
                isinstance(got, (int, float)) and abs(D(str(got)) - D(f.value)) < D("0.000001"))
            if not ok:
                bad.append((sheet.name, cell, f.text, f.value, got))
    assert n > 150 and not bad, bad[:5]


def _cash(data: dict, **row: Any) -> list[dict]:
    return [*data["cash_book"], {"description": "รายการทดสอบ", **row}]


def _errors(capsys) -> str:
    return capsys.readouterr().out


@pytest.mark.parametrize("case", ["closed_month", "repayment_over", "undeclared_account", "orphan_reversal",
                                  "percentages"])
def test_bad_input_gets_a_located_error_and_nothing_is_fixed(case: str, small_workbook, tmp_path: Path,
                                                             capsys) -> None:
    _, data = small_data()
    kw: dict[str, Any] = {}
    if case == "closed_month":  # Nov 2025 closed and sealed; then a payment dated 20 Nov is typed
        kw = sealed(data["cash_book"], dt.date(2025, 11, 1))
        kw["cash_book"] = _cash(data, date=dt.date(2025, 11, 20), doc_no="D100", category="expense_out",
                                cash_out=D("250"))
        want = ("B017", "บัญชีรับ-จ่าย", "A")  # the date column of the new row
    elif case == "repayment_over":
        kw["loan_repayments"] = [*data["loan_repayments"], {"loan_no": "L1", "date": dt.date(2026, 9, 1),
                                                             "receipt_no": "P99", "principal_paid": D("5000")}]
        want = ("B006", "รับชำระเงินกู้", "D")
    elif case == "undeclared_account":
        kw["cash_book"] = _cash(data, date=dt.date(2026, 9, 2), doc_no="D101", category="bank_interest_in",
                                bank_account="B9", bank_in=D("12"))
        want = ("B012", "บัญชีรับ-จ่าย", "G")
    elif case == "orphan_reversal":
        kw["cash_book"] = _cash(data, date=dt.date(2026, 9, 3), doc_no="D102", category="expense_out",
                                cash_in=D("80"), reverses="D999")
        want = ("B014", "บัญชีรับ-จ่าย", "J")
    else:  # the reserve typed as 15 %: the six percentages sum to 105
        kw["settings"] = {"allocation.reserve": D("15")}
    src = small_workbook(**kw)
    out = tmp_path / "out.xlsx"
    assert run_cli(src, out) == 1
    printed = _errors(capsys)
    run = compute_books(src)
    if case == "percentages":
        (b001,) = [i for i in run.issues if i.code == "B001"]
        assert (b001.sheet, b001.column) == ("ตั้งค่า", "ค่า") and b001.cell.startswith("C")
        assert "105" in b001.message_th
        # applied as typed: the reserve pool is 15 % of 495 = 74.25 and the pools overshoot by 24.75
        a = run.result.allocation
        assert a.pool("reserve") == D("74.25") and a.pool_residue == D("-24.75")
        assert f"B001 ตั้งค่า!{b001.cell}" in printed
        assert main(["check", str(src)]) == 1  # check reports it too
        return
    code, sheet, col = want
    hits = [i for i in run.issues if i.code == code]
    assert hits, [str(i) for i in run.issues]
    i = hits[0]
    assert i.sheet == sheet and i.cell.startswith(col) and i.severity == "error", str(i)
    assert f"{code} {sheet}!{i.cell}" in printed
    # nothing silently fixed: the books still carry the row as typed
    if case == "repayment_over":
        assert run.result.loans["L1"].principal_paid == D("15000.00")  # 10 × 1,000 + 5,000
        assert run.result.loans["L1"].outstanding == D("-3000.00")
    if case == "undeclared_account":
        assert run.result.cash.closing_bank["B9"] == D("12.00")
    issues_sheet = out.exists() and "บช.ปัญหา" in dump_workbook(out)
    assert issues_sheet


def test_template_1_0_file_is_still_read(tmp_path: Path) -> None:
    """A 1.0 workbook (no books tables, no repayment_style column) reads without S001/S008 for
    what 1.1 added, and the books run on the defaults."""
    from dataclasses import replace

    from cmfi_xl.schema.institution import ADDED_IN, INSTITUTION
    from cmfi_xl.validate.check import check_file
    from cmfi_xl.xlsx.build import build_workbook

    loans = INSTITUTION.table("intergroup_loans")
    old_tables = tuple(
        replace(t, columns=tuple(c for c in t.columns if c.key != "repayment_style")) if t is loans else t
        for t in INSTITUTION.tables if t.key not in ADDED_IN)
    old = replace(INSTITUTION, version="1.0", tables=old_tables)
    profile, data = small_data()
    for k in ("welfare_rules", "passbook"):
        data.pop(k)
    from cmfi_xl.schema.settings import BOOKS_SETTINGS

    books_keys = {s.key for s in BOOKS_SETTINGS}
    data["settings"] = [r for r in data["settings"] if r["key"] not in books_keys]
    path = tmp_path / "v10.xlsx"
    build_workbook(old, profile=profile, data=data).save(path)
    _, issues, _ = check_file(path)
    assert not [i for i in issues if i.code in ("S001", "S008")], [str(i) for i in issues]
    run = compute_books(path)
    assert run.result.income.net == D("495.00") and run.result.balance.balances
    assert run.settings.welfare_ceilings == {} and run.settings.opening_cash == 0


def test_grafted_copy_equals_the_openpyxl_copy(small_workbook, tmp_path: Path) -> None:
    """The fast writer (summary sheets grafted into a byte copy) and the plain openpyxl
    load-add-save give the same workbook, cell for cell (values, formats, fonts, protection,
    page setup, defined names); the registers are carried over unchanged. Running the books on
    their own output replaces the summary sheets (the openpyxl path) with the same content."""
    from cmfi_xl.xlsx.books import add_books_sheets, graft_sheets
    from cmfi_xl.xlsx.safety import safe_load_workbook

    src = small_workbook()
    sheets = compute_books(src).sheets
    fast = graft_sheets(src, tmp_path / "fast.xlsx", sheets)
    _, wb = safe_load_workbook(src)
    add_books_sheets(wb, sheets)
    wb.save(tmp_path / "slow.xlsx")
    assert dump_workbook(fast) == dump_workbook(tmp_path / "slow.xlsx")
    again = tmp_path / "again.xlsx"
    assert run_cli(fast, again) == 0
    assert books_dump(again) == books_dump(fast)


@needs_lo
def test_books_of_a_file_saved_by_libreoffice(small_workbook, tmp_path: Path) -> None:
    """A workbook re-saved by another program (shared strings, relative part names, its own
    styles) still gets its summary sheets grafted, and they recalculate to the worked figures."""
    src = small_workbook()
    (tmp_path / "lo").mkdir()
    resaved = libreoffice.convert(src, tmp_path / "lo", "xlsx")
    out = tmp_path / "books.xlsx"
    assert run_cli(Path(resaved), out) == 0
    v = libreoffice.recalculated_values(out)
    bs = v[SHEET_NAMES["balance"]]
    assert bs[f"D{row_of(bs, 'ตรวจสอบ')}"] == "สมดุล"
    assert money(v[SHEET_NAMES["shares"]]["G6"]) == D("18000.00")


def test_close_a_month_then_an_edit_in_it_is_flagged(small_workbook, tmp_path: Path, capsys) -> None:
    """``--close-month 2025-11`` writes the seal (3 cash rows in Nov 2025: D002, DP01, DI01) into
    the copy and hides the seal sheet; books on that copy are clean; changing D002's amount
    (5,000 → 5,500) afterwards is B017 at its row; closing the month again is refused (exit 2)."""
    import openpyxl

    src = small_workbook()
    closed = tmp_path / "closed.xlsx"
    assert run_cli(src, closed, "--close-month", "2025-11") == 0
    wb = openpyxl.load_workbook(closed)
    assert wb["ตราปิดเดือน"].sheet_state == "hidden"
    seals = [r for r in wb["ตราปิดเดือน"].iter_rows(min_row=4, values_only=True) if r[0]]
    assert sorted(r[1] for r in seals) == ["D002", "DI01", "DP01"]
    run = compute_books(closed)
    assert not [i for i in run.issues if i.code in ("B017", "B018", "B019")]
    ws = wb["บัญชีรับ-จ่าย"]
    row = next(r for r in range(4, 40) if ws.cell(r, 2).value == "D002")
    ws.cell(row, 5).value = 5500
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    capsys.readouterr()
    assert run_cli(edited, tmp_path / "out.xlsx") == 1
    (b017,) = [i for i in compute_books(edited).issues if i.code == "B017"]
    assert (b017.sheet, b017.cell) == ("บัญชีรับ-จ่าย", f"A{row}")
    assert f"B017 บัญชีรับ-จ่าย!A{row}" in capsys.readouterr().out
    assert main(["books", str(closed), "-o", str(tmp_path / "x.xlsx"), "--close-month", "11/2568"]) == 2


@needs_lo
def test_summary_sheets_print_on_a4_in_the_thai_font(small_workbook, tmp_path: Path) -> None:
    """LibreOffice prints the output: every page A4, the summary titles in TH Sarabun New
    (rendered as Sarabun), B.E. dates, amounts as 1,234.56."""
    src = small_workbook()
    out = tmp_path / "books.xlsx"
    run_cli(src, out)
    pdf = libreoffice.convert(out, tmp_path, "pdf")
    sizes = libreoffice.pdf_page_sizes(pdf)
    assert all(sorted((round(w), round(h))) == [595, 842] for w, h in sizes)
    assert libreoffice.words_past_margin(pdf) == []  # long headings and source lists wrap inside the page
    text = libreoffice.pdf_text(pdf)
    for title in ("ยอดเงินลงหุ้นของกลุ่มสมาชิก", "งบแสดงฐานะการเงิน ณ วันที่ 30/09/2569", "งบรายได้และค่าใช้จ่าย",
                  "ข้อเสนอการจัดสรรกำไรสุทธิประจำปี", "22,495.00", "สมดุล"):
        assert title in text, title
    assert any(f["name"].startswith("Sarabun") for f in libreoffice.pdf_fonts(pdf))


def test_as_of_a_date_in_the_year(small_workbook, tmp_path: Path, capsys) -> None:
    """``--as-of 31/03/2569`` (B.E. text): positions at 31 Mar 2026 — L1 paid instalments 1–5
    (Nov–Mar), outstanding 12,000 − 5,000 = 7,000, nothing overdue; G1 after its withdrawal of
    15 Mar holds 80 units; the balance sheet at that date still balances. A bad date is exit 2."""
    src = small_workbook()
    out = tmp_path / "march.xlsx"
    assert run_cli(src, out, "--as-of", "31/03/2569") == 0
    run = compute_books(src, dt.date(2026, 3, 31))
    loan = run.result.loans["L1"]
    assert (loan.outstanding, loan.instalments_overdue) == (D("7000.00"), 0)
    assert run.result.shares["G1"].units == 80 and run.result.balance.balances
    assert "ณ วันที่ 31/03/2569" in books_dump(out)
    assert main(["books", str(src), "-o", str(tmp_path / "x.xlsx"), "--as-of", "31 Smarch"]) == 2
    assert "--as-of" in capsys.readouterr().err


def test_demo_step_writes_the_books_of_the_sample(demo_book: Path, tmp_path: Path, capsys) -> None:
    """The demo's books step: the sample institution (every register filled, interest booked
    apart from principal) gives no error and one warning — the passbook of B1 at 31 Mar 2026
    shows a 150-baht bank fee the books have not recorded (B021, difference −150.00); the cash
    book ties with the share, loan and welfare registers (no B023/B024/B025)."""
    from cmfi_xl.commands import DemoContext
    from cmfi_xl.commands.books import demo_step

    said: list[str] = []
    ctx = DemoContext(out=tmp_path, seed=2569, pdf=False, say=lambda th, en: said.append(en),
                      files={"book": demo_book})
    demo_step(ctx)
    out = tmp_path / "institution-sample-books.xlsx"
    assert ctx.files["books"] == out and out.exists() and ctx.exit_code == 0
    assert said and "books" in said[0]
    assert "สมดุล" in capsys.readouterr().out
    run = compute_books(demo_book)
    assert [(i.code, i.value) for i in run.issues if i.severity != "info"] == [("B021", "436134.50")]
    (line,) = [x for x in run.result.reconciliation if x.difference]
    assert (line.account_id, line.date, line.difference) == ("B1", dt.date(2026, 3, 31), D("-150.00"))
    used = {t for t, rows in run.book.model_dump().items() if isinstance(rows, (list, tuple)) and rows}
    assert {"welfare_rules", "closed_months", "month_seals", "passbook", "loan_repayments", "welfare",
            "bank_accounts", "cash_book", "shares", "intergroup_loans"} <= used
    cats = {e.category for e in run.book.cash_book}
    assert {"loan_principal_in", "loan_interest_in", "penalty_in", "grant_in", "donation_in", "borrow_in",
            "borrow_repay", "bank_interest_in", "transfer", "expense_out", "other_in"} <= cats
    assert any(e.reverses for e in run.book.cash_book)
    assert {x.repayment_style for x in run.book.intergroup_loans} >= {"annuity", None}
