"""Bad input: each gets a located issue (sheet, cell, header); nothing is silently fixed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from test_books_fixtures import small_book, small_settings

from cmfi_xl.books import (Allocation, BooksSettings, check_closed_months, check_repayments, check_settings,
                           check_shares, close_month, run_books, run_cash_book, welfare_report)
from cmfi_xl.core.models import CashBookEntry, LoanRepayment, ShareTransaction, WelfarePayment
from cmfi_xl.schema.institution import INSTITUTION
from cmfi_xl.validate.locate import Locator, TablePlace


def locator() -> Locator:
    """Where the template puts each table (header row 4, columns in declared order)."""
    loc = Locator()
    for t in INSTITUTION.tables:
        loc.tables[t.key] = TablePlace(t.sheet, 4, {c.key: (i + 1, c.header) for i, c in enumerate(t.columns)})
    loc.tables["settings"] = TablePlace("ตั้งค่า", 4, {"key": (1, "รหัส"), "value": (3, "ค่า")})
    loc.tables["passbook"] = TablePlace("ยอดสมุดบัญชี", 4, {"account_id": (1, "รหัสบัญชี"), "date": (2, "วันที่"),
                                                            "balance": (3, "ยอดคงเหลือ")})
    return loc


def codes(issues) -> list[str]:
    return [i.code for i in issues]


def test_payment_in_a_closed_month() -> None:
    """October 2025 is closed with its seal. A payment typed later, dated 15 Oct 2025, is B017 at
    its date cell; editing a sealed row is B017 too; the untouched rows pass."""
    b = small_book()
    sealed = close_month(b.cash_book, dt.date(2025, 10, 20), closed_on=dt.date(2025, 11, 5))
    s = small_settings(closed_months=(sealed,))
    assert check_closed_months(b.cash_book, s, locator()) == []
    late = CashBookEntry(date=dt.date(2025, 10, 15), doc_no="D100", description="ค่ารับรอง", category="expense_out",
                         cash_out=D("250"))
    b2 = small_book(extra_cash=(late,))
    row = next(e.row for e in b2.cash_book if e.doc_no == "D100")
    issues = check_closed_months(b2.cash_book, s, locator())
    assert codes(issues) == ["B017"]
    i = issues[0]
    assert (i.sheet, i.cell, i.column) == ("บัญชีรับ-จ่าย", f"A{row}", "วันที่")
    assert "ต.ค. 2568" in i.message_th
    # editing the sealed loan disbursement (12,000 → 13,000) is seen too
    edited = [e.model_copy(update={"bank_out": D("13000")}) if e.doc_no == "D001" else e for e in b.cash_book]
    assert codes(check_closed_months(edited, s, locator())) == ["B017"]
    # re-dating it out of the month: B018 at its new row
    moved = [e.model_copy(update={"date": dt.date(2025, 11, 2)}) if e.doc_no == "D001" else e for e in b.cash_book]
    out = check_closed_months(moved, s, locator())
    assert codes(out) == ["B018"] and out[0].cell == "B2"
    # a closed month without a seal cannot be verified: a warning, once
    unsealed = small_settings(closed_months=(sealed.model_copy(update={"seal": None, "rows": {}}),))
    assert codes(check_closed_months(b2.cash_book, unsealed, locator())) == ["B019"]


def test_repayment_larger_than_outstanding() -> None:
    """L1 has 2,000 outstanding after ten payments; a payment of 2,500 principal is B006 at its
    principal cell, the balance is not clamped."""
    b = small_book()
    reps = (*b.loan_repayments, LoanRepayment(row=20, loan_no="L1", date=dt.date(2026, 9, 15), principal_paid=D("2500")))
    issues = check_repayments(b.intergroup_loans, reps, locator())
    assert codes(issues) == ["B006"]
    assert (issues[0].sheet, issues[0].cell, issues[0].column) == ("รับชำระเงินกู้", "D20", "ชำระเงินต้น")
    assert "2,500.00" in issues[0].message_th and "2,000.00" in issues[0].message_th


def test_repayment_for_an_unknown_loan_and_before_disbursement() -> None:
    b = small_book()
    reps = (LoanRepayment(row=7, loan_no="L404", date=dt.date(2026, 1, 1), principal_paid=D("1")),
            LoanRepayment(row=8, loan_no="L1", date=dt.date(2025, 9, 1), principal_paid=D("1")))
    issues = check_repayments(b.intergroup_loans, reps, locator())
    assert sorted((i.code, i.cell) for i in issues) == [("B005", "A7"), ("B007", "B8")]


def test_undeclared_bank_account() -> None:
    """A deposit to "B9" (not in tblBankAccounts) is B012 at the account cell; the money is still
    counted (in its own line), so the books stay balanced and nothing disappears."""
    row = CashBookEntry(date=dt.date(2026, 8, 1), doc_no="D200", description="ฝาก", category="transfer",
                        cash_out=D("100"), bank_account="B9", bank_in=D("100"))
    b = small_book(extra_cash=(row,))
    r = run_books(b, small_settings(), loc=locator())
    b012 = [i for i in r.issues if i.code == "B012"]
    assert len(b012) == 1 and b012[0].column == "รหัสบัญชีธนาคาร" and b012[0].cell.startswith("G")
    assert r.balance.amount("bank:B9") == D("100.00") and r.balance.balances
    nameless = CashBookEntry(row=40, date=dt.date(2026, 8, 1), doc_no="D201", category="bank_interest_in",
                             bank_in=D("5"))
    _, issues = run_cash_book([nameless], [], BooksSettings(), locator())
    assert codes(issues) == ["B013"]


def test_reversal_with_no_original() -> None:
    """D300 reverses "D999", which does not exist: B014 at its "reverses" cell. A second reversal
    of D008 is B016; a reversal with other amounts than the original is B015."""
    bad = CashBookEntry(date=dt.date(2026, 8, 2), doc_no="D300", description="กลับรายการ", category="other_in",
                        cash_in=D("10"), reverses="D999")
    again = CashBookEntry(date=dt.date(2026, 8, 3), doc_no="D301", description="กลับรายการซ้ำ", category="other_in",
                          cash_in=D("400"), reverses="d008")
    b = small_book(extra_cash=(bad, again))
    r = run_books(b, small_settings(), loc=locator())
    got = {(i.code, i.cell) for i in r.issues if i.code in ("B014", "B015", "B016")}
    row_bad = next(e.row for e in b.cash_book if e.doc_no == "D300")
    row_again = next(e.row for e in b.cash_book if e.doc_no == "D301")
    assert got == {("B014", f"J{row_bad}"), ("B016", f"J{row_again}"), ("B015", f"J{row_again}")}
    assert r.balance.balances


def test_percentages_not_summing_to_100() -> None:
    """10 + 40 + 20 + 10 + 10 + 5 = 95: B001 at the first allocation row of the settings sheet."""
    s = BooksSettings(allocation=Allocation(public_benefit=D("5")),
                      source_rows={f"allocation.{k}": 20 + i for i, k in enumerate(
                          ["reserve", "dividend", "refund", "welfare", "committee", "public_benefit"])})
    issues = check_settings(s, locator())
    assert codes(issues) == ["B001"]
    assert (issues[0].sheet, issues[0].cell, issues[0].column) == ("ตั้งค่า", "C20", "ค่า")
    assert "95" in issues[0].message_th
    r = run_books(small_book(), s, loc=locator())
    assert codes(r.issues).count("B001") == 1
    # applied as given: 95 % of 495 is allocated, the residue states the 5 % left over
    assert r.allocation.residue == D("24.75") and r.allocation.parts_total + r.allocation.residue == D("495.00")


def test_share_withdrawal_checks() -> None:
    """G1 holds 100; withdrawing 120 is B003; with a minimum of 10, leaving 5 is B004; leaving 0
    (the group leaves) is allowed."""
    base = [ShareTransaction(row=2, date=dt.date(2025, 10, 1), group_id="G1", move="buy", units=100, amount=D(10000))]
    over = base + [ShareTransaction(row=3, date=dt.date(2025, 11, 1), group_id="G1", move="withdraw", units=120)]
    assert [(i.code, i.cell) for i in check_shares(over, BooksSettings(), locator())] == [("B003", "E3")]
    low = base + [ShareTransaction(row=3, date=dt.date(2025, 11, 1), group_id="g1", move="withdraw", units=95)]
    assert codes(check_shares(low, BooksSettings(min_share_units=10), locator())) == ["B004"]
    out = base + [ShareTransaction(row=3, date=dt.date(2025, 11, 1), group_id="G1", move="withdraw", units=100)]
    assert check_shares(out, BooksSettings(min_share_units=10), locator()) == []


def test_welfare_over_ceiling_and_over_budget() -> None:
    """Ceiling for birth 500: a 600 birth payment is B009. Budget 1,000: the payment that takes
    the total to 1,100 and every later one is B010."""
    pays = [WelfarePayment(row=2, date=dt.date(2026, 1, 1), kind="birth", amount=D("600")),
            WelfarePayment(row=3, date=dt.date(2026, 2, 1), kind="death", amount=D("500")),
            WelfarePayment(row=4, date=dt.date(2026, 3, 1), kind="death", amount=D("100"))]
    s = BooksSettings(welfare_ceilings={"birth": D(500), "death": D(3000)}, welfare_budget=D(1000))
    rep, issues = welfare_report(pays, s, locator())
    assert [(i.code, i.cell) for i in issues] == [("B009", "F2"), ("B010", "F3"), ("B010", "F4")]
    assert rep.total == D("1200") and rep.remaining == D("-200")


def test_tie_outs_report_differences_between_cash_book_and_registers() -> None:
    """A share purchase in the register with no cash-book receipt: B023 (warning), not forced."""
    b = small_book()
    extra = ShareTransaction(row=9, date=dt.date(2026, 6, 1), group_id="G1", move="buy", units=10, amount=D(1000))
    b = b.model_copy(update={"shares": (*b.shares, extra)})
    r = run_books(b, small_settings(), loc=locator())
    b023 = [i for i in r.issues if i.code == "B023"]
    assert len(b023) == 1 and b023[0].sheet == "ทะเบียนคุมเงินลงหุ้น" and "-1,000.00" in b023[0].message_th
