"""The worked-example institution of the books tests (every figure is worked in
``test_books_worked.py``'s docstrings). A helper module, imported by the other test files
(no tests of its own beyond the sanity check at the end)."""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path

from cmfi_xl.books import BooksSettings
from cmfi_xl.core.models import (BankAccount, CashBookEntry, InstitutionBook, InterGroupLoan,
                                 LoanRepayment, MemberGroup, Profile, ShareTransaction, WelfarePayment)

D = Decimal
UDF_DIR = Path(__file__).resolve().parents[2] / "udfs"
if str(UDF_DIR) not in sys.path:
    sys.path.insert(0, str(UDF_DIR))


def small_book(extra_cash: tuple[CashBookEntry, ...] = ()) -> InstitutionBook:
    """Fiscal year 2569 (1 Oct 2025 – 30 Sep 2026); two member groups G1, G2."""
    shares = (
        ShareTransaction(row=2, date=dt.date(2025, 9, 1), receipt_no="S1", group_id="G1", move="buy",
                         units=100, par_value=D(100), amount=D("10000")),
        ShareTransaction(row=3, date=dt.date(2025, 9, 1), receipt_no="S2", group_id="G2", move="buy",
                         units=50, par_value=D(100), amount=D("5000")),
        ShareTransaction(row=4, date=dt.date(2025, 11, 10), receipt_no="S3", group_id="G2", move="buy",
                         units=50, par_value=D(100), amount=D("5000")),
        ShareTransaction(row=5, date=dt.date(2026, 3, 15), receipt_no="S4", group_id="G1", move="withdraw",
                         units=20, par_value=D(100), amount=D("2000")),
    )
    loan = InterGroupLoan(row=2, loan_no="L1", group_id="G2", date=dt.date(2025, 10, 1), principal=D("12000"),
                          annual_rate=D("0.12"), interest_method="declining", term_months=12,
                          first_due=dt.date(2025, 11, 1))
    reps, cash = [], [
        CashBookEntry(row=2, date=dt.date(2025, 10, 1), doc_no="D001", description="จ่ายเงินกู้ L1",
                      category="loan_out", bank_account="B1", bank_out=D("12000")),
        CashBookEntry(row=3, date=dt.date(2025, 11, 10), doc_no="D002", description="รับค่าหุ้น G2",
                      category="share_in", cash_in=D("5000")),
    ]
    for k in range(1, 11):  # instalments 1..10 paid on their due dates, Nov 2025 – Aug 2026
        month = 10 + k
        due = dt.date(2025 + (month - 1) // 12, (month - 1) % 12 + 1, 1)
        interest = D(130 - 10 * k)
        reps.append(LoanRepayment(row=1 + k, loan_no="L1", date=due, receipt_no=f"P{k}",
                                  principal_paid=D("1000"), interest_paid=interest))
        cash.append(CashBookEntry(row=len(cash) + 2, date=due, doc_no=f"DP{k:02d}", description="รับชำระต้น L1",
                                  category="loan_principal_in", cash_in=D("1000")))
        cash.append(CashBookEntry(row=len(cash) + 2, date=due, doc_no=f"DI{k:02d}", description="รับดอกเบี้ย L1",
                                  category="loan_interest_in", cash_in=interest))
    more = [
        CashBookEntry(date=dt.date(2026, 2, 1), doc_no="D007", description="สวัสดิการ W1", category="welfare_out",
                      cash_out=D("2000")),
        CashBookEntry(date=dt.date(2026, 3, 15), doc_no="D003", description="คืนค่าหุ้น G1", category="share_out",
                      cash_out=D("2000")),
        CashBookEntry(date=dt.date(2026, 4, 1), doc_no="D004", description="ค่าเครื่องเขียน", category="expense_out",
                      cash_out=D("300")),
        CashBookEntry(date=dt.date(2026, 5, 1), doc_no="D005", description="ฝากเงินสด", category="transfer",
                      cash_out=D("3000"), bank_account="B1", bank_in=D("3000")),
        CashBookEntry(date=dt.date(2026, 6, 30), doc_no="D006", description="ดอกเบี้ยเงินฝาก",
                      category="bank_interest_in", bank_account="B1", bank_in=D("45")),
        CashBookEntry(date=dt.date(2026, 7, 1), doc_no="D008", description="ค่าใช้จ่าย (ลงผิด)",
                      category="expense_out", cash_out=D("500")),
        CashBookEntry(date=dt.date(2026, 7, 2), doc_no="D009", description="กลับรายการ D008",
                      category="other_in", cash_in=D("500"), reverses="D008"),
    ]
    for e in (*more, *extra_cash):
        cash.append(e.model_copy(update={"row": len(cash) + 2}))
    return InstitutionBook(
        template_id="cmfi-institution", template_version="1.0",
        profile=Profile(name="สถาบันตัวอย่าง", fiscal_year=2569),
        member_groups=(MemberGroup(row=2, group_id="G1"), MemberGroup(row=3, group_id="G2")),
        shares=shares, intergroup_loans=(loan,), loan_repayments=tuple(reps),
        welfare=(WelfarePayment(row=2, date=dt.date(2026, 2, 1), voucher_no="W1", group_id="G1", kind="death",
                                amount=D("2000")),),
        bank_accounts=(BankAccount(row=2, account_id="B1", bank="ธ.ก.ส.", account_no="020-1",
                                   opening_balance=D("20000")),),
        cash_book=tuple(cash),
    )


def small_settings(**kw) -> BooksSettings:
    base = dict(opening_cash=D("1000"), opening_reserve=D("800"), opening_welfare_fund=D("5000"),
                welfare_ceilings={"death": D("3000"), "birth": D("500")}, penalty_rate=D("0.12"))
    base.update(kw)
    return BooksSettings(**base)


def test_books_fixture_is_consistent() -> None:
    b = small_book()
    assert len(b.loan_repayments) == 10 and len(b.cash_book) == 2 + 20 + 7
    assert len({e.doc_no for e in b.cash_book}) == len(b.cash_book)


def test_books_core_is_pure() -> None:
    """cmfi_xl.books imports neither openpyxl nor xlwings."""
    import subprocess

    code = "import sys, cmfi_xl.books; print([m for m in ('openpyxl', 'xlwings') if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
