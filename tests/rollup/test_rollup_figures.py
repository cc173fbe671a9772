"""The per-institution figures on a small book worked out by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as Dec

from cmfi_xl.core.models import (BankAccount, CashBookEntry, CommitteeMember, DebtTransfer, Household,
                                 InstitutionBook, InterGroupLoan, LoanContract, LoanRepayment, MemberGroup,
                                 Profile, ShareTransaction, WelfarePayment)
from cmfi_xl.rollup.figures import CONSOLIDATED, FIGURE_KEYS, FIGURES, consolidate, institution_figures


def small_book() -> InstitutionBook:
    d = dt.date
    return InstitutionBook(
        template_id="cmfi-institution", template_version="1.0",
        profile=Profile(name="สถาบันทดสอบ", village_code="34140507", fiscal_year=2569),
        member_groups=(MemberGroup(group_id="G01", group_type="savings", people=40, capital=Dec("500000")),
                       MemberGroup(group_id="G02", group_type="village_fund", people=30, capital=Dec("300000"))),
        committee=(CommitteeMember(name="ก", kind="group_rep"), CommitteeMember(name="ข", kind="group_rep"),
                   CommitteeMember(name="ค", kind="leader")),
        shares=(ShareTransaction(date=d(2025, 11, 1), group_id="G01", move="buy", units=100, amount=Dec("10000")),
                ShareTransaction(date=d(2025, 12, 1), group_id="G02", move="buy", units=50, amount=Dec("5000")),
                ShareTransaction(date=d(2026, 2, 1), group_id="G02", move="withdraw", units=10, amount=Dec("1000"))),
        households=(Household(household_id="H1"), Household(household_id="H2"), Household(household_id="H3")),
        contracts=(LoanContract(household_id="H1", lender="G01", contract_no="C1", principal=Dec("20000")),
                   LoanContract(household_id="H2", lender="G02", contract_no="C2", principal=Dec("10000")),
                   LoanContract(household_id="H2", lender="ธ.ก.ส.", contract_no="C3", principal=Dec("50000")),
                   LoanContract(household_id="H2", lender="G01", contract_no="C4", principal=Dec("8000")),
                   LoanContract(household_id="H3", lender="G02", contract_no="C5", principal=Dec("999"),
                                status="closed")),
        # C3 -> C4 moved 8,000 but C3 was left open: 8,000 counted twice
        debt_transfers=(DebtTransfer(household_id="H2", from_contract="C3", new_contract="C4", amount=Dec("8000")),
                        DebtTransfer(household_id="H3", from_contract="C5", new_contract="C1", amount=Dec("999"))),
        intergroup_loans=(InterGroupLoan(loan_no="L1", group_id="G01", date=d(2025, 10, 10), principal=Dec("30000")),
                          InterGroupLoan(loan_no="L2", group_id="G02", date=d(2026, 10, 10), principal=Dec("7000"))),
        loan_repayments=(LoanRepayment(loan_no="L1", date=d(2026, 1, 10), principal_paid=Dec("5000")),),
        welfare=(WelfarePayment(group_id="G01", amount=Dec("1500")),),
        bank_accounts=(BankAccount(account_id="B1", opening_balance=Dec("1000")),),
        cash_book=(CashBookEntry(date=d(2025, 10, 5), doc_no="D1", category="share_in", cash_in=Dec("14000")),
                   CashBookEntry(date=d(2025, 10, 6), doc_no="D2", category="transfer", cash_out=Dec("4000"),
                                 bank_account="B1", bank_in=Dec("4000"))),
    )


def test_small_book_figures_by_hand() -> None:
    f = institution_figures(small_book())
    assert list(f) == list(FIGURE_KEYS)
    assert (f["groups"], f["groups_savings"], f["groups_village_fund"], f["groups_kkkj"]) == (2, 1, 1, 0)
    assert (f["group_people"], f["group_capital"]) == (70, Dec("800000.00"))
    assert (f["committee_size"], f["committee_reps"], f["committee_leaders"]) == (3, 2, 1)
    assert (f["share_units"], f["share_amount"]) == (140, Dec("14000.00"))
    # L2 is disbursed after the fiscal year end (30 Sep 2026): not outstanding then
    assert (f["intergroup_loans"], f["intergroup_lent"], f["intergroup_outstanding"]) == (2, Dec("37000.00"),
                                                                                          Dec("25000.00"))
    assert (f["households"], f["indebted_households"], f["one_contract_households"],
            f["multi_contract_households"], f["open_contracts"]) == (3, 2, 1, 1, 4)
    assert f["total_debt"] == Dec("88000.00")
    assert (f["debt_to_groups"], f["debt_to_outside"]) == (Dec("38000.00"), Dec("50000.00"))
    assert (f["debt_transfers"], f["debt_transferred"], f["transfer_overlap"]) == (2, Dec("8999.00"), Dec("8000.00"))
    assert (f["welfare_payments"], f["welfare_paid"]) == (1, Dec("1500.00"))
    assert (f["bank_accounts"], f["cash_balance"], f["bank_balance"]) == (1, Dec("10000.00"), Dec("5000.00"))


def test_consolidated_lines_deduct_the_intra_system_claims() -> None:
    lines = {line.key: (gross, elim, net) for line, gross, elim, net in consolidate(institution_figures(small_book()))}
    assert lines["household_debt"] == (Dec("88000.00"), Dec("8000.00"), Dec("80000.00"))
    assert lines["community_credit"] == (Dec("63000.00"), Dec("25000.00"), Dec("38000.00"))
    assert lines["community_funds"] == (Dec("814000.00"), Dec("14000.00"), Dec("800000.00"))


def test_every_eliminated_figure_names_its_line_and_reason() -> None:
    lines = {c.key for c in CONSOLIDATED}
    for f in FIGURES:
        if f.treatment == "eliminate":
            assert f.against in lines and f.reason and f.reason_en
        assert f.label and f.label_en and f.kind in ("money", "int")


def test_balances_are_those_of_the_books() -> None:
    """Cash and bank at the year end are the books' own closing balances (run_books)."""
    from cmfi_xl.books import outstanding_principal, run_books
    from cmfi_xl.validate.books import book_to_books_settings

    book = small_book()
    books = run_books(book, book_to_books_settings(book))
    f = institution_figures(book)
    assert f["cash_balance"] == books.cash.closing_cash
    assert f["bank_balance"] == sum(books.cash.closing_bank.values())
    assert f["intergroup_outstanding"] == outstanding_principal(book.intergroup_loans, book.loan_repayments,
                                                                books.end)
