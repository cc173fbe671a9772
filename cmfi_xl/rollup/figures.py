"""The per-institution figures that go upward: one declaration, shared by the roll-up and the report.

An institution's report workbook (``cmfi-xl report``, template ``cmfi-report``) carries these
figures in its table ``tblReportFigures`` and the district roll-up consolidates them, so both must
be the *same* numbers: :func:`institution_figures` is the one function that computes them from an
:class:`~cmfi_xl.core.models.InstitutionBook`, and :data:`FIGURES` is the one list that names,
labels and orders them. Totals only: no figure can carry a name or a citizen ID (PDPA).

Consolidation
-------------
Every figure is additive: a district's value is the sum of its institutions' values, and a
province's the sum of its districts'. Most figures mean something on their own when summed
(groups, households, debt owed by households). Three are **claims inside the community-fund
system** (the institution and its own member groups): summed next to the figures they finance they
would count the same baht twice. They are kept and summed as figures, but :data:`CONSOLIDATED`
deducts them ("eliminates" them) from the consolidated lines:

* ``intergroup_outstanding`` — what member groups still owe the institution on inter-group
  loans. The groups lend that money on to households, so it is already inside
  ``debt_to_groups``; community credit = debt to groups + inter-group loans − inter-group loans.
* ``share_amount`` — share capital the member groups paid into the institution. It came out of
  the groups' own capital (``group_capital``, which includes the shares a group holds), so
  community funds = group capital + share capital − share capital.
* ``transfer_overlap`` — debt moved between groups (the debt-transfer register) whose old contract
  is still recorded as open beside the new one: the household's debt is in ``total_debt`` twice,
  so household debt = total debt − overlap (the smaller of the amount moved and the old principal).

Because every figure and every elimination is a sum, the roll-up is linear: consolidated =
Σ gross − Σ eliminations at every level (a property test checks it on random sets of files).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from cmfi_xl.books import outstanding_principal
from cmfi_xl.books.cashbook import closing_balances
from cmfi_xl.core import thai
from cmfi_xl.core.models import InstitutionBook
from cmfi_xl.core.summary import compute_summary
from cmfi_xl.schema.institution import GROUP_TYPES
from cmfi_xl.validate.books import book_to_books_settings

__all__ = ["CONSOLIDATED", "FIGURES", "FIGURE_KEYS", "ConsolidatedLine", "Figure", "figure",
           "institution_figures", "consolidate", "zero_figures"]

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Figure:
    """One figure: stable key, labels, kind (``money`` Decimal baht / ``int`` count) and how the
    roll-up treats it: ``sum`` or ``eliminate`` (deducted from the consolidated line ``against``)."""

    key: str
    label: str
    label_en: str
    kind: str  # "money" | "int"
    treatment: str = "sum"  # "sum" | "eliminate"
    against: str = ""  # the CONSOLIDATED line it is deducted from (treatment "eliminate")
    reason: str = ""  # why it is eliminated (Thai)
    reason_en: str = ""


def _f(key: str, label: str, label_en: str, kind: str, **kw: str) -> Figure:
    return Figure(key, label, label_en, kind, **kw)


_GROUP_TYPE_FIGURES = tuple(
    _f(f"groups_{c.code}", f"กลุ่มสมาชิก: {c.label}", f"Member groups: {c.label_en}", "int")
    for c in GROUP_TYPES.choices
)

FIGURES: tuple[Figure, ...] = (
    _f("groups", "กลุ่มสมาชิกทั้งหมด (กลุ่ม)", "Member groups", "int"),
    *_GROUP_TYPE_FIGURES,
    _f("group_people", "สมาชิกของกลุ่มสมาชิก (คน)", "People in the member groups", "int"),
    _f("group_capital", "ทุนของกลุ่มสมาชิกรวม (บาท)", "Member groups' own capital (baht)", "money"),
    _f("committee_size", "คณะกรรมการทั้งหมด (คน)", "Committee members", "int"),
    _f("committee_reps", "กรรมการผู้แทนกลุ่มสมาชิก (คน)", "Committee: group representatives", "int"),
    _f("committee_leaders", "กรรมการผู้นำชุมชน/ผู้ทรงคุณวุฒิ (คน)", "Committee: leaders/experts", "int"),
    _f("share_units", "หุ้นคงเหลือรวม (หุ้น)", "Shares outstanding (units)", "int"),
    _f("share_amount", "เงินลงหุ้นคงเหลือรวม (บาท)", "Share capital outstanding (baht)", "money",
       treatment="eliminate", against="community_funds",
       reason="กลุ่มสมาชิกซื้อหุ้นด้วยทุนของกลุ่มเอง จึงรวมอยู่ในทุนของกลุ่มสมาชิกแล้ว",
       reason_en="member groups buy shares out of their own capital, which already includes them"),
    _f("intergroup_loans", "สัญญาเงินกู้ระหว่างกลุ่ม (สัญญา)", "Inter-group loan contracts", "int"),
    _f("intergroup_lent", "เงินกู้ระหว่างกลุ่มที่จ่าย (บาท)", "Inter-group loans disbursed (baht)", "money"),
    _f("intergroup_outstanding", "เงินกู้ระหว่างกลุ่มคงเหลือ ณ สิ้นปีงบประมาณ (บาท)",
       "Inter-group loans outstanding at the fiscal year end (baht)", "money",
       treatment="eliminate", against="community_credit",
       reason="สถาบันให้กลุ่มสมาชิกกู้ แล้วกลุ่มนำเงินไปให้ครัวเรือนกู้ต่อ เงินก้อนเดียวกันอยู่ในหนี้ครัวเรือนต่อกลุ่มแล้ว",
       reason_en="the institution lends to member groups, which lend the money on to households; "
                 "the same baht is already in the households' debt to groups"),
    _f("households", "ครัวเรือนที่สำรวจ", "Households surveyed", "int"),
    _f("indebted_households", "ครัวเรือนที่มีหนี้", "Households with debt", "int"),
    _f("one_contract_households", "ครัวเรือนที่มีสัญญาเดียว (1 ครัวเรือน 1 สัญญา)",
       "Households with exactly one contract", "int"),
    _f("multi_contract_households", "ครัวเรือนที่มีหลายสัญญา", "Households with several contracts", "int"),
    _f("open_contracts", "สัญญาเงินกู้ที่ใช้งาน", "Open loan contracts", "int"),
    _f("total_debt", "หนี้ครัวเรือนคงเหลือรวม ทุกแหล่ง (บาท)", "Household debt outstanding, all lenders (baht)",
       "money"),
    _f("debt_to_groups", "หนี้ครัวเรือนต่อกลุ่มสมาชิก (บาท)", "Household debt owed to member groups (baht)",
       "money"),
    _f("debt_to_outside", "หนี้ครัวเรือนต่อแหล่งภายนอก (บาท)", "Household debt owed to outside lenders (baht)",
       "money"),
    _f("debt_transfers", "รายการโอนภาระหนี้ (รายการ)", "Debt transfers (entries)", "int"),
    _f("debt_transferred", "ยอดหนี้ที่โอนระหว่างกลุ่ม (บาท)", "Debt transferred between lenders (baht)", "money"),
    _f("transfer_overlap", "หนี้ที่โอนแล้วแต่สัญญาเดิมยังเปิดอยู่ (บาท)",
       "Transferred debt whose old contract is still open (baht)", "money",
       treatment="eliminate", against="household_debt",
       reason="โอนหนี้ไปสัญญาใหม่แล้วแต่สัญญาเดิมยังไม่ปิด หนี้ก้อนเดียวกันจึงถูกนับสองครั้งในหนี้ครัวเรือนรวม",
       reason_en="the debt moved to a new contract but the old one is still open, so the same debt "
                 "is counted twice in total household debt"),
    _f("welfare_payments", "การจ่ายสวัสดิการ (ครั้ง)", "Welfare payments", "int"),
    _f("welfare_paid", "จ่ายสวัสดิการรวม (บาท)", "Welfare paid (baht)", "money"),
    _f("bank_accounts", "บัญชีเงินฝากธนาคาร (บัญชี)", "Bank accounts", "int"),
    _f("cash_balance", "เงินสดคงเหลือ ณ สิ้นปีงบประมาณ (บาท)", "Cash on hand at the fiscal year end (baht)",
       "money"),
    _f("bank_balance", "เงินฝากธนาคารคงเหลือ ณ สิ้นปีงบประมาณ (บาท)", "Bank balances at the fiscal year end (baht)",
       "money"),
)

FIGURE_KEYS: tuple[str, ...] = tuple(f.key for f in FIGURES)
_BY_KEY = {f.key: f for f in FIGURES}


def figure(key: str) -> Figure:
    return _BY_KEY[key]


@dataclass(frozen=True)
class ConsolidatedLine:
    """A consolidated line: Σ of the ``gross`` figures minus Σ of the ``eliminated`` figures."""

    key: str
    label: str
    label_en: str
    gross: tuple[str, ...]
    eliminated: tuple[str, ...]


CONSOLIDATED: tuple[ConsolidatedLine, ...] = (
    ConsolidatedLine("household_debt", "หนี้ครัวเรือนคงเหลือ (ตัดหนี้ที่นับซ้ำจากการโอน)",
                     "Household debt (transfers counted once)", ("total_debt",), ("transfer_overlap",)),
    ConsolidatedLine("community_credit", "สินเชื่อของระบบกองทุนชุมชน (สถาบัน + กลุ่มสมาชิก)",
                     "Community-fund credit (institution + member groups)",
                     ("debt_to_groups", "intergroup_outstanding"), ("intergroup_outstanding",)),
    ConsolidatedLine("community_funds", "ทุนของระบบกองทุนชุมชน (สถาบัน + กลุ่มสมาชิก)",
                     "Community-fund capital (institution + member groups)",
                     ("group_capital", "share_amount"), ("share_amount",)),
)

for _line in CONSOLIDATED:  # the declarations agree with each other (checked on import)
    assert all(k in _BY_KEY for k in _line.gross + _line.eliminated), _line
for _fig in FIGURES:
    assert _fig.treatment in ("sum", "eliminate") and _fig.kind in ("money", "int"), _fig
    assert (_fig.treatment == "eliminate") == bool(_fig.against), _fig
    assert not _fig.against or _fig.key in next(c for c in CONSOLIDATED if c.key == _fig.against).eliminated


def zero_figures() -> dict[str, Decimal | int]:
    return {f.key: (ZERO if f.kind == "money" else 0) for f in FIGURES}


def _money(x: Decimal | None) -> Decimal:
    return (x if x is not None else ZERO).quantize(Decimal("0.01"))


def institution_figures(book: InstitutionBook, *, as_of: dt.date | None = None) -> dict[str, Decimal | int]:
    """Every figure of :data:`FIGURES` for one institution (totals only, no personal data).

    Balances (inter-group loans outstanding, cash, bank) are at ``as_of``, by default the end of
    the book's fiscal year (1 Oct – 30 Sep, B.E.), with the book's own settings (opening cash…,
    :func:`cmfi_xl.validate.books.book_to_books_settings`); counts and register totals are those of
    :func:`cmfi_xl.core.summary.compute_summary`, the same as the workbook's summary sheet.
    """
    fy = book.profile.fiscal_year
    if as_of is None:
        if fy is None:
            raise ValueError("the book has no fiscal year: pass as_of")
        as_of = thai.fiscal_year_bounds(fy)[1]
    s = compute_summary(book)
    out = zero_figures()
    for key in ("groups", "committee_reps", "committee_leaders", "share_units", "households",
                "indebted_households", "one_contract_households", "multi_contract_households",
                "open_contracts"):
        out[key] = int(s[key])  # type: ignore[arg-type]
    for key in ("share_amount", "total_debt", "welfare_paid", "intergroup_lent"):
        out[key] = _money(s[key])  # type: ignore[arg-type]
    for g in book.member_groups:
        if g.group_type and f"groups_{g.group_type}" in out:
            out[f"groups_{g.group_type}"] += 1  # type: ignore[operator]
    out["group_people"] = sum(g.people or 0 for g in book.member_groups)
    out["group_capital"] = _money(sum((g.capital or ZERO for g in book.member_groups), ZERO))
    out["committee_size"] = len(book.committee)
    out["intergroup_loans"] = len(book.intergroup_loans)
    out["intergroup_outstanding"] = _money(outstanding_principal(book.intergroup_loans, book.loan_repayments, as_of))

    group_ids = {g.group_id.casefold() for g in book.member_groups}
    open_contracts = [c for c in book.contracts if c.is_open]
    to_groups = sum((c.principal or ZERO for c in open_contracts
                     if c.lender and c.lender.strip().casefold() in group_ids), ZERO)
    out["debt_to_groups"] = _money(to_groups)
    out["debt_to_outside"] = _money(out["total_debt"] - to_groups)  # type: ignore[operator]

    out["debt_transfers"] = len(book.debt_transfers)
    out["debt_transferred"] = _money(sum((t.amount or ZERO for t in book.debt_transfers), ZERO))
    open_by_no = {c.contract_no.strip().casefold(): c for c in open_contracts if c.contract_no}
    overlap = ZERO
    for t in book.debt_transfers:
        old = open_by_no.get((t.from_contract or "").strip().casefold())
        new = open_by_no.get((t.new_contract or "").strip().casefold())
        if old is not None and new is not None and old is not new:
            overlap += min(t.amount or ZERO, old.principal or ZERO)
    out["transfer_overlap"] = _money(overlap)

    out["welfare_payments"] = len(book.welfare)
    out["bank_accounts"] = len(book.bank_accounts)
    # the cash book alone gives the closing balances (run_books would also schedule every loan,
    # draw the statements and propose the allocation: the same balances, five times the work), and
    # closing_balances is run_cash_book's closing balances without its rows, months and issues
    cash, bank = closing_balances(book.cash_book, book.bank_accounts, book_to_books_settings(book), end=as_of)
    out["cash_balance"] = _money(cash)
    out["bank_balance"] = _money(sum(bank.values(), ZERO))
    return out


def consolidate(totals: Mapping[str, Decimal | int]) -> list[tuple[ConsolidatedLine, Decimal, Decimal, Decimal]]:
    """(line, gross, eliminated, net) for every consolidated line, from summed figures."""
    rows = []
    for line in CONSOLIDATED:
        gross = sum((Decimal(totals[k]) for k in line.gross), ZERO)
        elim = sum((Decimal(totals[k]) for k in line.eliminated), ZERO)
        rows.append((line, gross, elim, gross - elim))
    return rows
