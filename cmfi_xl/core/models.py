"""Domain records of the institution workbook: frozen, typed, Decimal money.

Field names equal the column keys declared in ``cmfi_xl.schema.institution`` (a test checks it),
and every record remembers the row it came from (``row``) so an issue can point back to the cell.
Choice fields hold the stable English code (``"savings"``, ``"buy"``), never the Thai label.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, ConfigDict


class Record(BaseModel):
    model_config = ConfigDict(frozen=True)

    row: int = 0  # the worksheet row it was read from (0 = not from a sheet)


class Profile(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str | None = None
    village_code: str | None = None
    village_name: str | None = None
    tambon: str | None = None
    amphoe: str | None = None
    province: str | None = None
    operating_model: str | None = None
    founded_on: dt.date | None = None
    fiscal_year: int | None = None
    regulations_date: dt.date | None = None
    regulations_clauses: int | None = None
    office: str | None = None
    phone: str | None = None
    chair_name: str | None = None
    bookkeeper_name: str | None = None
    prepared_on: dt.date | None = None

    @property
    def amphoe_code(self) -> str | None:
        return self.village_code[:4] if self.village_code else None


class MemberGroup(Record):
    group_id: str
    name: str | None = None
    group_type: str | None = None
    joined_on: dt.date | None = None
    people: int | None = None
    capital: Decimal | None = None
    lending_rate: Decimal | None = None
    status: str | None = None


class CommitteeMember(Record):
    name: str | None = None
    role: str | None = None
    kind: str | None = None
    group_id: str | None = None
    term_start: dt.date | None = None
    term_end: dt.date | None = None


class ShareTransaction(Record):
    date: dt.date | None = None
    receipt_no: str | None = None
    group_id: str | None = None
    move: str | None = None  # "buy" | "withdraw"
    units: int | None = None
    par_value: Decimal | None = None
    amount: Decimal | None = None
    note: str | None = None

    @property
    def signed_units(self) -> int:
        return -(self.units or 0) if self.move == "withdraw" else (self.units or 0)

    @property
    def signed_amount(self) -> Decimal:
        amt = self.amount or Decimal(0)
        return -amt if self.move == "withdraw" else amt


class Household(Record):
    household_id: str
    house_no: str | None = None
    head_name: str | None = None
    citizen_id: str | None = None
    members: int | None = None


class Membership(Record):
    household_id: str | None = None
    group_id: str | None = None
    savings: Decimal | None = None
    special_savings: Decimal | None = None


class LoanContract(Record):
    household_id: str | None = None
    lender: str | None = None
    contract_no: str | None = None
    start_date: dt.date | None = None
    principal: Decimal | None = None
    annual_rate: Decimal | None = None
    interest_method: str | None = None
    monthly_installment: Decimal | None = None
    months_in_arrears: int | None = None
    arrears_amount: Decimal | None = None
    status: str | None = None

    @property
    def is_open(self) -> bool:
        return self.status != "closed"


class DebtTransfer(Record):
    transfer_no: str | None = None
    date: dt.date | None = None
    household_id: str | None = None
    from_contract: str | None = None
    from_lender: str | None = None
    to_group: str | None = None
    new_contract: str | None = None
    amount: Decimal | None = None
    resolution: str | None = None


class InterGroupLoan(Record):
    loan_no: str | None = None
    group_id: str | None = None
    date: dt.date | None = None
    principal: Decimal | None = None
    annual_rate: Decimal | None = None
    interest_method: str | None = None
    term_months: int | None = None
    first_due: dt.date | None = None
    repayment_style: str | None = None  # "equal_principal" | "annuity"; None = the setting (template 1.1)


class LoanRepayment(Record):
    loan_no: str | None = None
    date: dt.date | None = None
    receipt_no: str | None = None
    principal_paid: Decimal | None = None
    interest_paid: Decimal | None = None
    penalty_paid: Decimal | None = None


class WelfarePayment(Record):
    date: dt.date | None = None
    voucher_no: str | None = None
    group_id: str | None = None
    kind: str | None = None
    beneficiary: str | None = None
    amount: Decimal | None = None
    reason: str | None = None


class BankAccount(Record):
    account_id: str | None = None
    bank: str | None = None
    branch: str | None = None
    account_no: str | None = None
    account_type: str | None = None
    opening_balance: Decimal | None = None


class CashBookEntry(Record):
    date: dt.date | None = None
    doc_no: str | None = None
    description: str | None = None
    category: str | None = None
    cash_in: Decimal | None = None
    cash_out: Decimal | None = None
    bank_account: str | None = None
    bank_in: Decimal | None = None
    bank_out: Decimal | None = None
    reverses: str | None = None


class Meeting(Record):
    meeting_no: str | None = None
    date: dt.date | None = None
    kind: str | None = None  # "committee" | "annual" | "extraordinary"
    attendees: int | None = None
    resolutions: str | None = None


class ActionItem(Record):
    activity: str | None = None
    month: dt.date | None = None
    owner: str | None = None
    budget: Decimal | None = None
    status: str | None = None


class DebtPolicy(Record):
    group_id: str | None = None
    lendable: Decimal | None = None
    rate: Decimal | None = None
    max_contract: Decimal | None = None
    savings_multiple: Decimal | None = None
    open_to_new_members: str | None = None  # "yes" | "no"
    new_member_savings: Decimal | None = None
    accepts_arrears: str | None = None
    can_consolidate: str | None = None


class PlanLock(Record):
    decision: str | None = None  # "must_go" | "must_stay" | "no_transfers"
    household_id: str | None = None
    group_id: str | None = None
    resolution: str | None = None


class WelfareRule(Record):
    kind: str | None = None
    ceiling: Decimal | None = None
    eligibility: str | None = None


class ClosedMonthRow(Record):
    month: dt.date | None = None
    closed_on: dt.date | None = None
    seal: str | None = None


class MonthSealRow(Record):
    month: dt.date | None = None
    doc_no: str | None = None
    digest: str | None = None


class PassbookBalance(Record):
    """A balance the user copied from the bank passbook (ยอดคงเหลือตามสมุดบัญชีเงินฝาก): table
    ``tblPassbook``. The book balance compared is the one at the end of ``date``."""

    account_id: str | None = None
    date: dt.date | None = None
    balance: Decimal | None = None
    note: str | None = None


class IndividualMember(Record):
    """A person who is a member of the institution itself (model 4); input of ``cmfi-xl convert``."""

    member_no: str | None = None
    name: str | None = None
    household_id: str | None = None
    regular_deposit: Decimal | None = None
    special_deposit: Decimal | None = None
    loan_principal: Decimal | None = None
    loan_rate: Decimal | None = None
    loan_arrears: Decimal | None = None
    group_before: str | None = None
    chosen_group: str | None = None
    converted_on: dt.date | None = None

    @property
    def debt(self) -> Decimal:
        return (self.loan_principal or Decimal(0)) + (self.loan_arrears or Decimal(0))

    @property
    def deposits(self) -> Decimal:
        return (self.regular_deposit or Decimal(0)) + (self.special_deposit or Decimal(0))


class SettingRow(Record):
    key: str | None = None
    label: str | None = None
    value: str | None = None


#: table key → record type. The reader builds these; the builder writes them back.
RECORD_TYPES: dict[str, type[Record]] = {
    "member_groups": MemberGroup,
    "committee": CommitteeMember,
    "shares": ShareTransaction,
    "households": Household,
    "memberships": Membership,
    "contracts": LoanContract,
    "debt_transfers": DebtTransfer,
    "intergroup_loans": InterGroupLoan,
    "loan_repayments": LoanRepayment,
    "welfare": WelfarePayment,
    "bank_accounts": BankAccount,
    "cash_book": CashBookEntry,
    "meetings": Meeting,
    "action_plan": ActionItem,
    "debt_policy": DebtPolicy,
    "plan_locks": PlanLock,
    "settings": SettingRow,
    "welfare_rules": WelfareRule,
    "closed_months": ClosedMonthRow,
    "month_seals": MonthSealRow,
    "passbook": PassbookBalance,
    "individual_members": IndividualMember,
}


class InstitutionBook(BaseModel):
    """Everything read from one institution workbook."""

    model_config = ConfigDict(frozen=True)

    template_id: str
    template_version: str
    profile: Profile
    member_groups: tuple[MemberGroup, ...] = ()
    committee: tuple[CommitteeMember, ...] = ()
    shares: tuple[ShareTransaction, ...] = ()
    households: tuple[Household, ...] = ()
    memberships: tuple[Membership, ...] = ()
    contracts: tuple[LoanContract, ...] = ()
    debt_transfers: tuple[DebtTransfer, ...] = ()
    intergroup_loans: tuple[InterGroupLoan, ...] = ()
    loan_repayments: tuple[LoanRepayment, ...] = ()
    welfare: tuple[WelfarePayment, ...] = ()
    bank_accounts: tuple[BankAccount, ...] = ()
    cash_book: tuple[CashBookEntry, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    action_plan: tuple[ActionItem, ...] = ()
    debt_policy: tuple[DebtPolicy, ...] = ()
    plan_locks: tuple[PlanLock, ...] = ()
    settings: tuple[SettingRow, ...] = ()
    welfare_rules: tuple[WelfareRule, ...] = ()  # template 1.1 (the books)
    closed_months: tuple[ClosedMonthRow, ...] = ()
    month_seals: tuple[MonthSealRow, ...] = ()
    passbook: tuple[PassbookBalance, ...] = ()
    individual_members: tuple[IndividualMember, ...] = ()  # template 1.1 (convert)

    def records(self, table_key: str) -> tuple[Record, ...]:
        return getattr(self, table_key)  # type: ignore[no-any-return]

    @property
    def group_ids(self) -> set[str]:
        return {g.group_id for g in self.member_groups}
