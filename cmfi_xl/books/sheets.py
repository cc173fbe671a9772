"""The books' summary sheets as plain descriptions: rows of values and number formats.

:func:`build_books_sheets` turns a :class:`~cmfi_xl.books.run.BooksResult` into a list of
:class:`SheetSpec` — no openpyxl, no xlwings — so the command (``cmfi_xl.xlsx.books``, openpyxl)
and an Excel handler (xlwings) write the same values. Layout of every sheet: row 1 the Thai
title, row 2 the subtitle (institution, fiscal year, date), row 3 the column headers, data from
row 4 in the order given; so a description can name its own cells (``=SUM(D4:D9)``).

A cell is a value (``str``, ``int``, ``Decimal``, ``date``, ``None``) or a :class:`Formula`:
Excel text plus the value Python computed for it (a test has LibreOffice recalculate the written
workbook and compares). Formula placeholders ``{tbl:TABLE:COLUMN}`` name the data range of a
register column of the input workbook; the writer resolves them (:func:`resolve`-style).
Every total is traceable: a live formula over the register or the rows above it, or a *source*
column naming the register rows or document numbers behind the figure.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from cmfi_xl.core import thai
from cmfi_xl.core.issues import Issue
from cmfi_xl.core.models import InstitutionBook
from cmfi_xl.schema.institution import CASH_CATEGORIES, SHARE_MOVES, WELFARE_KINDS
from cmfi_xl.validate.locate import get_column_letter as _letter

from ._util import ZERO, gkey
from .run import BooksResult
from .settings import BooksSettings

__all__ = ["FIRST_ROW", "Col", "Formula", "Row", "SheetSpec", "build_books_sheets", "SHEET_NAMES"]

FIRST_ROW = 4  # data start (row 3 = headers)
SOURCE_LIMIT = 6  # document numbers listed in a source cell before "… and n more"

SHEET_NAMES = {
    "shares": "บช.หุ้น", "loans": "บช.เงินกู้", "schedules": "บช.ตารางผ่อนชำระ", "welfare": "บช.สวัสดิการ",
    "cash": "บช.เงินสดธนาคาร", "recon": "บช.กระทบยอดธนาคาร", "income": "บช.รายได้ค่าใช้จ่าย",
    "balance": "บช.ฐานะการเงิน", "allocation": "บช.จัดสรรกำไร", "issues": "บช.ปัญหา",
}


@dataclass(frozen=True)
class Formula:
    text: str
    value: Any  # what Python computed (Decimal / int / str)


@dataclass(frozen=True)
class Col:
    th: str
    en: str
    fmt: str = "text"  # text | money | int | date | pct
    width: float = 14


@dataclass(frozen=True)
class Row:
    cells: tuple[Any, ...]
    style: str = ""  # "" | head (section heading) | total | bad (a problem to look at)


@dataclass
class SheetSpec:
    key: str
    name: str
    title: str
    subtitle: str
    cols: tuple[Col, ...]
    rows: list[Row] = field(default_factory=list)
    landscape: bool = False

    @property
    def next_row(self) -> int:
        return FIRST_ROW + len(self.rows)

    def add(self, *cells: Any, style: str = "") -> int:
        """Append a row; returns its sheet row number."""
        r = self.next_row
        self.rows.append(Row(tuple(cells), style))
        return r

    def heading(self, text: str) -> int:
        """Append a section heading (bold, in column A); one wider than the sheet's columns goes
        on several rows, broken after " — " or "; ", so it prints inside the page."""
        width = sum(c.width for c in self.cols) * thai.BOLD_WIDTH
        first, line = self.next_row, ""
        for part in re.split(r"(?<=—) |(?<=;) ", text):
            if line and not thai.fits(f"{line} {part}", width):
                self.add(line, style="head")
                line = part
            else:
                line = f"{line} {part}" if line else part
        self.add(line, style="head")
        return first

    def formulas(self) -> Iterable[tuple[str, Formula]]:
        """(cell, formula) of every formula cell, e.g. ``("D12", Formula(...))``."""
        for i, row in enumerate(self.rows):
            for j, c in enumerate(row.cells):
                if isinstance(c, Formula):
                    yield f"{_letter(j + 1)}{FIRST_ROW + i}", c


def _sum(col: int, first: int, last: int, value: Any) -> Formula:
    L = _letter(col)
    return Formula(f"=SUM({L}{first}:{L}{last})" if last >= first else "=0", value)


def _quote(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def _xl_date(d: dt.date) -> str:
    return f"DATE({d.year},{d.month},{d.day})"


def _text(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


def sources(items: Sequence[str], limit: int = SOURCE_LIMIT) -> str:
    """``D1, D2, … และอีก n`` — the documents behind a figure."""
    items = [x for x in items if x]
    if len(items) <= limit:
        return ", ".join(items)
    return ", ".join(items[:limit]) + f" … และอีก {len(items) - limit} / +{len(items) - limit} more"


_MOVE = {c.code: c.label for c in SHARE_MOVES.choices}
_KIND = {c.code: c.label for c in WELFARE_KINDS.choices}
_CAT = {c.code: c.label for c in CASH_CATEGORIES.choices}
_SEV_TH = {"error": "ผิดพลาด", "warning": "เตือน", "info": "แจ้ง"}


def _be(d: dt.date | None) -> str:
    return thai.format_thai_date(d, "numeric") if d else "-"


# ---------------------------------------------------------------------------------------------


def _shares(r: BooksResult, book: InstitutionBook, sub: str) -> SheetSpec:
    s = SheetSpec("shares", SHEET_NAMES["shares"], "ยอดเงินลงหุ้นของกลุ่มสมาชิก", sub, (
        Col("รหัสกลุ่ม", "Group", width=11), Col("ยกมา (หุ้น)", "Opening units", "int", 11),
        Col("ยกมา (บาท)", "Opening baht", "money", 14), Col("ซื้อเพิ่ม (หุ้น)", "Bought", "int", 11),
        Col("ถอน (หุ้น)", "Withdrawn", "int", 11), Col("คงเหลือ (หุ้น)", "Units held", "int", 12),
        Col("คงเหลือ (บาท)", "Baht held", "money", 15), Col("ร้อยละของทั้งหมด", "% of total", "pct", 12),
        Col("ที่มา: เลขที่ใบเสร็จในปี", "Source: receipts in the year", width=62)), landscape=True)
    when, mv = r.when, {gkey(m.group_id): m for m in r.share_movements}
    first = s.next_row
    groups = list(r.shares.values())
    last = first + len(groups) - 1
    total_amount = sum((b.amount for b in groups), ZERO)
    buy, wd = _text(_MOVE["buy"]), _text(_MOVE["withdraw"])
    for b in groups:
        m = mv.get(gkey(b.group_id))
        row = s.next_row
        g = _text(b.group_id)

        def held(col: str, buy: str = buy, wd: str = wd, g: str = g) -> str:
            crit = f"{{tbl:shares:group_id}},{g},{{tbl:shares:date}},\"<=\"&{_xl_date(when)}"
            return (f"SUMIFS({{tbl:shares:{col}}},{crit},{{tbl:shares:move}},{buy})"
                    f"-SUMIFS({{tbl:shares:{col}}},{crit},{{tbl:shares:move}},{wd})")

        recs = [x.receipt_no or f"แถว {x.row}" for x in book.shares
                if gkey(x.group_id) == gkey(b.group_id) and x.date and r.start <= x.date <= when]
        s.add(b.group_id, m.opening_units if m else 0, m.opening_amount if m else ZERO,
              m.bought_units if m else 0, m.withdrawn_units if m else 0,
              Formula(f"={held('units')}", b.units), Formula(f"={held('amount')}", b.amount),
              Formula(f"=IF($G${last + 1}=0,0,G{row}/$G${last + 1})",
                      b.amount / total_amount if total_amount else Decimal(0)),
              sources(recs))
    units_total = sum((b.units for b in groups), 0)
    s.add("รวม / total", _sum(2, first, last, sum((m.opening_units for m in r.share_movements), 0)),
          _sum(3, first, last, sum((m.opening_amount for m in r.share_movements), ZERO)),
          _sum(4, first, last, sum((m.bought_units for m in r.share_movements), 0)),
          _sum(5, first, last, sum((m.withdrawn_units for m in r.share_movements), 0)),
          _sum(6, first, last, units_total), _sum(7, first, last, total_amount),
          _sum(8, first, last, Decimal(1) if total_amount else Decimal(0)), "", style="total")
    return s


def _loans(r: BooksResult, book: InstitutionBook, sub: str) -> SheetSpec:
    s = SheetSpec("loans", SHEET_NAMES["loans"], f"สถานะเงินกู้ระหว่างกลุ่ม ณ วันที่ {_be(r.when)}", sub, (
        Col("เลขที่สัญญา", "Loan", width=12), Col("กลุ่มผู้กู้", "Group", width=10),
        Col("เงินต้น", "Principal", "money", 14), Col("ชำระต้นแล้ว", "Principal paid", "money", 14),
        Col("เงินต้นคงเหลือ", "Outstanding", "money", 14), Col("ดอกเบี้ยรับแล้ว", "Interest paid", "money", 13),
        Col("ดอกเบี้ยค้างรับ", "Interest due", "money", 13), Col("เงินต้นค้างชำระ", "Principal arrears", "money", 13),
        Col("งวดค้าง", "Instalments overdue", "int", 9), Col("ค่าปรับค้างรับ", "Penalty due", "money", 12),
        Col("ที่มา: ใบเสร็จรับชำระ", "Source: repayment receipts", width=50)), landscape=True)
    first = s.next_row
    for no, p in r.loans.items():
        recs = [x.receipt_no or f"แถว {x.row}" for x in book.loan_repayments
                if gkey(x.loan_no) == gkey(no) and x.date and x.date <= r.when]
        s.add(no, p.group_id, p.principal, p.principal_paid,
              Formula(f"=C{s.next_row}-D{s.next_row}", p.outstanding), p.interest_paid, p.interest_due,
              p.principal_arrears, p.instalments_overdue, p.penalty_due, sources(recs),
              style="bad" if p.instalments_overdue else "")
    last = s.next_row - 1
    P = r.loans.values()
    s.add("รวม / total", "", *(_sum(c, first, last, sum((getattr(p, a) for p in P), ZERO)) for c, a in (
        (3, "principal"), (4, "principal_paid"), (5, "outstanding"), (6, "interest_paid"), (7, "interest_due"),
        (8, "principal_arrears"))), _sum(9, first, last, sum((p.instalments_overdue for p in P), 0)),
        _sum(10, first, last, sum((p.penalty_due for p in P), ZERO)), "", style="total")
    return s


def _schedules(r: BooksResult, sub: str) -> SheetSpec:
    s = SheetSpec("schedules", SHEET_NAMES["schedules"], "ตารางผ่อนชำระเงินกู้ระหว่างกลุ่ม", sub, (
        Col("งวดที่", "No.", "int", 8), Col("วันครบกำหนด", "Due", "date", 14),
        Col("เงินต้นต้นงวด", "Opening", "money", 15), Col("เงินต้น", "Principal", "money", 14),
        Col("ดอกเบี้ย", "Interest", "money", 13), Col("รวมชำระ", "Payment", "money", 14),
        Col("เงินต้นคงเหลือ", "Closing", "money", 15)))
    for no, sc in r.schedules.items():
        s.heading(f"สัญญา {no} กลุ่ม {sc.group_id}: เงินต้น {sc.principal:,.2f} บาท อัตรา {sc.annual_rate * 100:.2f}% "
                  f"ต่อปี {len(sc.rows)} งวด — {sc.basis_th}")
        first = s.next_row
        for x in sc.rows:
            row = s.next_row
            s.add(x.n, x.due, x.opening, x.principal, x.interest, Formula(f"=D{row}+E{row}", x.payment), x.closing)
        last = s.next_row - 1
        s.add("รวม", "", "", _sum(4, first, last, sc.total_principal), _sum(5, first, last, sc.total_interest),
              _sum(6, first, last, sc.total_principal + sc.total_interest), "", style="total")
    return s


def _welfare(r: BooksResult, book: InstitutionBook, settings: BooksSettings, sub: str) -> SheetSpec:
    s = SheetSpec("welfare", SHEET_NAMES["welfare"], "การจ่ายสวัสดิการตามประเภท เทียบเพดานและงบประมาณ", sub, (
        Col("ประเภทสวัสดิการ", "Kind", width=16), Col("จำนวนครั้ง", "Payments", "int", 10),
        Col("จำนวนเงิน", "Amount", "money", 14), Col("เพดานต่อครั้ง", "Ceiling", "money", 13),
        Col("เกินเพดาน (ครั้ง)", "Over the ceiling", "int", 11), Col("เงื่อนไขการมีสิทธิ", "Eligibility", width=40)),
        landscape=True)
    kind_of_row = {w.row: (w.kind or "other") for w in book.welfare}
    over_by_kind: dict[str, int] = {}
    for i in r.issues:
        if i.code == "B009":
            k = kind_of_row.get(int("".join(ch for ch in i.cell if ch.isdigit()) or 0), "other")
            over_by_kind[k] = over_by_kind.get(k, 0) + 1
    crit = f"{{tbl:welfare:date}},\">=\"&{_xl_date(r.start)},{{tbl:welfare:date}},\"<=\"&{_xl_date(r.end)}"
    first = s.next_row
    for code, label in _KIND.items():
        n, amt = r.welfare.by_kind.get(code, (0, ZERO))
        s.add(label, Formula(f"=COUNTIFS({{tbl:welfare:kind}},{_text(label)},{crit})", n),
              Formula(f"=SUMIFS({{tbl:welfare:amount}},{{tbl:welfare:kind}},{_text(label)},{crit})", amt),
              settings.welfare_ceilings.get(code), over_by_kind.get(code, 0),
              settings.welfare_eligibility.get(code, ""), style="bad" if over_by_kind.get(code) else "")
    last = s.next_row - 1
    tot = s.add("รวมจ่าย / total paid", _sum(2, first, last, sum(n for n, _ in r.welfare.by_kind.values())),
                _sum(3, first, last, r.welfare.total), "", _sum(5, first, last, sum(over_by_kind.values())), "",
                style="total")
    bud = s.add("งบประมาณสวัสดิการทั้งปี / budget", "", r.welfare.budget, "", "",
                "ตามการตั้งค่า welfare_budget" if settings.welfare_budget is not None else "ทุนสวัสดิการยกมา")
    s.add("คงเหลือ / remaining", "", Formula(f"=C{bud}-C{tot}", r.welfare.remaining), "", "", "",
          style="bad" if r.welfare.remaining < 0 else "total")
    return s


def _cash(r: BooksResult, book: InstitutionBook, sub: str) -> SheetSpec:
    s = SheetSpec("cash", SHEET_NAMES["cash"], "บัญชีเงินสดและเงินฝากธนาคาร: ยอดคงเหลือสะสม", sub, (
        Col("แถวในทะเบียน", "Register row", "int", 9), Col("วันที่", "Date", "date", 13),
        Col("เลขที่เอกสาร", "Doc no.", width=12), Col("หมวด (ที่ใช้คำนวณ)", "Category (effective)", width=24),
        Col("เงินสด รับ-จ่าย", "Cash net", "money", 13), Col("รหัสบัญชี", "Account", width=9),
        Col("ธนาคาร ฝาก-ถอน", "Bank net", "money", 13), Col("เงินสดคงเหลือ", "Cash balance", "money", 14),
        Col("คงเหลือบัญชีนี้", "This account's balance", "money", 14), Col("รวมสุทธิ", "Net", "money", 13)),
        landscape=True)
    s.add(0, r.start, "ยกมา", "ยอดยกมา / opening", r.cash.opening_cash, "", sum(r.cash.opening_bank.values(), ZERO),
          r.cash.opening_cash, None, None, style="head")
    for x in r.cash.rows:
        s.add(x.row, x.date, x.doc_no, _CAT.get(x.category or "", x.category or "-"), x.net_cash, x.account or "",
              x.net_bank, x.cash, x.bank, x.net)
    return s


def _recon(r: BooksResult, sub: str) -> SheetSpec:
    s = SheetSpec("recon", SHEET_NAMES["recon"], "ยอดคงเหลือสิ้นเดือนและการกระทบยอดกับสมุดบัญชีธนาคาร", sub, (
        Col("วันที่", "Date", "date", 14), Col("บัญชี", "Account", width=40),
        Col("ยอดตามบัญชี", "Per the books", "money", 15), Col("ยอดตามสมุดบัญชี", "Per the passbook", "money", 15),
        Col("ผลต่าง (สมุด − บัญชี)", "Difference", "money", 16), Col("หมายเหตุ", "Note", width=52)), landscape=True)
    typed = {(x.account_id, x.date): x for x in r.reconciliation}
    names = r.cash.account_names
    for me in r.cash.month_ends:
        s.add(me.date, "เงินสดในมือ / cash on hand", me.cash, None, None, "")
        for acct, bal in me.bank.items():
            p = typed.pop((acct, me.date), None)
            label = f"{acct} {names.get(acct, '')}".strip()
            if p is None:
                s.add(me.date, label, bal, None, None, "ยังไม่กรอกยอดสมุดบัญชี / no passbook balance typed")
            else:
                row = s.next_row
                s.add(me.date, label, p.book, p.passbook, Formula(f"=D{row}-C{row}", p.difference),
                      f"แถว {p.row} ในยอดสมุดบัญชี" + (" — ต้องตรวจสอบ" if p.difference else ""),
                      style="bad" if p.difference else "")
    for p in sorted(typed.values(), key=lambda x: (x.date, x.account_id)):  # passbook lines on other days
        row = s.next_row
        s.add(p.date, f"{p.account_id} {names.get(p.account_id, '')}".strip(), p.book, p.passbook,
              Formula(f"=D{row}-C{row}", p.difference), f"แถว {p.row} ในยอดสมุดบัญชี",
              style="bad" if p.difference else "")
    return s


def _income(r: BooksResult, cash: SheetSpec, sub: str) -> SheetSpec:
    s = SheetSpec("income", SHEET_NAMES["income"], "งบรายได้และค่าใช้จ่าย", sub, (
        Col("รายการ", "Item", width=40), Col("จำนวนเงิน", "Amount", "money", 16),
        Col("ที่มา: เอกสารในบัญชีรับ-จ่าย", "Source: cash-book documents", width=80)), landscape=True)
    last = cash.next_row - 1
    cs = _quote(cash.name)
    rng = {k: f"{cs}!${c}${FIRST_ROW}:${c}${last}" for k, c in (("date", "B"), ("cat", "D"), ("net", "J"))}
    docs: dict[str, list[str]] = {}
    for x in r.cash.rows:
        if x.date is not None and x.date >= r.start:
            docs.setdefault(x.category or "-", []).append(x.doc_no or f"แถว {x.row}")

    def line(label: str, code: str, amount: Decimal, sign: str) -> None:
        f = (f"={sign}SUMIFS({rng['net']},{rng['cat']},{_text(_CAT[code])},"
             f"{rng['date']},\">=\"&{_xl_date(r.start)})")
        s.add(label, Formula(f, amount), sources(docs.get(code, [])))

    s.add("รายได้ / income", style="head")
    first = s.next_row
    for ln in r.income.income:
        line(ln.th, ln.key, ln.amount, "")
    ti = s.add("รวมรายได้ / total income", _sum(2, first, s.next_row - 1, r.income.total_income), "", style="total")
    s.add("ค่าใช้จ่าย / expenses", style="head")
    first = s.next_row
    for ln in r.income.expense:
        line(ln.th, ln.key, ln.amount, "-")
    te = s.add("รวมค่าใช้จ่าย / total expenses", _sum(2, first, s.next_row - 1, r.income.total_expense), "",
               style="total")
    s.add("กำไร (ขาดทุน) สุทธิ / net result", Formula(f"=B{ti}-B{te}", r.income.net), "", style="total")
    return s


def _balance(r: BooksResult, sub: str) -> SheetSpec:
    bs = r.balance
    s = SheetSpec("balance", SHEET_NAMES["balance"], f"งบแสดงฐานะการเงิน ณ วันที่ {_be(r.when)}", sub, (
        Col("รายการ", "Item", width=52), Col("ยกมา", "Opening", "money", 16), Col("ณ วันที่", "Closing", "money", 16),
        Col("ที่มา", "Source", width=60)), landscape=True)
    src = {"cash": "บช.เงินสดธนาคาร: เงินสดคงเหลือแถวสุดท้าย", "loans_receivable": "ยกมาตามทะเบียนเงินกู้ ± หมวดเงินกู้ในบัญชีรับ-จ่าย",
           "borrowings": "ตั้งค่า opening_borrowings ± หมวดเงินกู้ยืม", "suspense": "หมวดโอน/ไม่ระบุหมวด ที่ไม่สมดุล",
           "share_capital": "ยกมาตามทะเบียนหุ้น ± หมวดหุ้นในบัญชีรับ-จ่าย", "reserve": "ตั้งค่า opening_reserve",
           "welfare_fund": "ตั้งค่า opening_welfare_fund − จ่ายสวัสดิการ", "grants_fund": "ตั้งค่า + รับเงินอุดหนุน/บริจาค",
           "surplus_bf": "ตัวเลขทำให้งบยกมาสมดุล (หรือตามการตั้งค่า)", "net_result": "บช.รายได้ค่าใช้จ่าย: กำไร (ขาดทุน) สุทธิ"}

    def block(title: str, lines: Sequence[Any]) -> tuple[int, int]:
        s.add(title, style="head")
        first = s.next_row
        for ln in lines:
            key = "bank" if ln.key.startswith("bank:") else ln.key
            s.add(ln.th, bs.opening.get(ln.key, ZERO), ln.amount,
                  "บช.เงินสดธนาคาร: คงเหลือบัญชีนี้แถวสุดท้าย" if key == "bank" else src.get(key, ""))
        return first, s.next_row - 1

    a0, a1 = block("สินทรัพย์ / assets", bs.assets)
    ta = s.add("รวมสินทรัพย์ / total assets", _sum(2, a0, a1, sum((bs.opening.get(x.key, ZERO) for x in bs.assets), ZERO)),
               _sum(3, a0, a1, bs.total_assets), "", style="total")
    l0, _ = block("หนี้สิน / liabilities", bs.liabilities)
    _, e1 = block("ทุน / equity", bs.equity)
    claims_open = sum((bs.opening.get(x.key, ZERO) for x in bs.liabilities + bs.equity), ZERO)
    tc = s.add("รวมหนี้สินและทุน / total liabilities and equity",
               _sum(2, l0, e1, claims_open), _sum(3, l0, e1, bs.total_claims), "", style="total")
    ok = bs.balances
    s.add("ตรวจสอบ: สินทรัพย์ = หนี้สิน + ทุน / check",
          Formula(f"=B{ta}-B{tc}", sum((bs.opening.get(x.key, ZERO) for x in bs.assets), ZERO) - claims_open),
          Formula(f"=C{ta}-C{tc}", bs.total_assets - bs.total_claims),
          Formula(f'=IF(AND(ROUND(B{ta}-B{tc},2)=0,ROUND(C{ta}-C{tc},2)=0),"สมดุล","ไม่สมดุล")',
                  "สมดุล" if ok and sum((bs.opening.get(x.key, ZERO) for x in bs.assets), ZERO) == claims_open
                  else "ไม่สมดุล"),
          style="total" if ok else "bad")
    return s


def _allocation(r: BooksResult, settings: BooksSettings, sub: str) -> SheetSpec:
    a = r.allocation
    basis = "ยอดหุ้นสิ้นปี (บาท)" if a.basis == "year_end" else "หุ้น-เดือน (บาท-เดือน)"
    s = SheetSpec("allocation", SHEET_NAMES["allocation"], "ข้อเสนอการจัดสรรกำไรสุทธิประจำปี (เสนอที่ประชุมใหญ่)",
                  sub, (Col("รายการ", "Item", width=42), Col("ร้อยละ / ฐาน", "Percent / weight", "money", 16),
                        Col("จำนวนเงิน", "Amount", "money", 16), Col("หมายเหตุ", "Note", width=56)), landscape=True)
    pr = s.add("กำไรสุทธิประจำปี / net profit", "", a.profit, "บช.รายได้ค่าใช้จ่าย", style="total")
    first = s.next_row
    for p in a.pools:
        row = s.next_row
        s.add(p.th, p.percent, Formula(f"=ROUND($C${pr}*B{row}/100,2)" if a.profit > 0 else "=0", p.amount),
              "ตามการตั้งค่า allocation." + p.key)
    last = s.next_row - 1
    pt = s.add("รวมจัดสรร / total of the pools", _sum(2, first, last, settings.allocation.total),
               _sum(3, first, last, sum((p.amount for p in a.pools), ZERO)),
               "ร้อยละรวมต้องเท่ากับ 100" if settings.allocation.total != 100 else "", style="total"
               if settings.allocation.total == 100 else "bad")
    s.add("เศษ (กำไร − รวมจัดสรร) / residue of the pools", "", Formula(f"=C{pr}-C{pt}", a.pool_residue), "")
    pool_rows = {p.key: first + i for i, p in enumerate(a.pools)}

    def parts(title: str, key: str, items: Sequence[Any], residue: Decimal, note: str) -> tuple[int, int]:
        s.add(title, style="head")
        f0 = s.next_row
        for g in items:
            s.add(f"กลุ่ม {g.group_id}", g.weight, g.amount, note)
        f1 = s.next_row - 1
        tot = s.add(f"รวม{title.split(' /')[0]}", _sum(2, f0, f1, sum((g.weight for g in items), ZERO)),
                    _sum(3, f0, f1, sum((g.amount for g in items), ZERO)), "", style="total")
        res = s.add("เศษจากการปัดเศษสตางค์ / rounding residue", "",
                    Formula(f"=C{pool_rows[key]}-C{tot}", residue), "")
        return tot, res

    dt_, dr = parts("เงินปันผลตามหุ้น / dividend", "dividend", a.dividend, a.dividend_residue, f"ฐาน: {basis}")
    rt, rr = parts("เงินเฉลี่ยคืน / refund on interest paid", "refund", a.refund, a.refund_residue,
                   "ฐาน: ดอกเบี้ยเงินกู้ที่กลุ่มจ่ายในปี (ทะเบียนรับชำระเงินกู้)")
    given = (f"C{pt}-C{pool_rows['dividend']}-C{pool_rows['refund']}+C{dt_}+C{rt}")
    s.add("จัดสรรให้ผู้รับแล้วทั้งหมด / given to someone", "", Formula(f"={given}", a.parts_total),
          "กองทุนที่ไม่แบ่ง + ปันผลรายกลุ่ม + เฉลี่ยคืนรายกลุ่ม")
    s.add("เศษทั้งหมด / all residues", "", Formula(f"=C{pt + 1}+C{dr}+C{rr}", a.residue), "")
    s.add("ตรวจสอบ: จัดสรรแล้ว + เศษ − กำไรสุทธิ (ต้องเป็น 0) / check", "",
          Formula(f"=ROUND(C{s.next_row - 2}+C{s.next_row - 1}-C{pr},2)", a.parts_total + a.residue - a.profit),
          "", style="total" if a.parts_total + a.residue == a.profit else "bad")
    return s


def _issues(issues: Sequence[Issue], sub: str) -> SheetSpec:
    s = SheetSpec("issues", SHEET_NAMES["issues"], "ข้อผิดพลาดและข้อสังเกตจากการคำนวณบัญชี", sub, (
        Col("ระดับ", "Severity", width=9), Col("รหัส", "Code", width=7), Col("แผ่นงาน", "Sheet", width=18),
        Col("เซลล์", "Cell", width=7), Col("คอลัมน์", "Column", width=14), Col("ค่า", "Value", width=14),
        Col("รายละเอียด", "Message (Thai)", width=60), Col("Message", "Message (English)", width=60)),
        landscape=True)
    if not issues:
        s.add("", "", "", "", "", "", "ไม่พบปัญหา", "No issues")
    for i in issues:
        s.add(_SEV_TH.get(str(i.severity), str(i.severity)), i.code, i.sheet, i.cell, i.column,
              "" if i.value is None else str(i.value), i.message_th, i.message_en,
              style="bad" if str(i.severity) == "error" else "")
    return s


def build_books_sheets(result: BooksResult, book: InstitutionBook, settings: BooksSettings,
                       issues: Sequence[Issue] | None = None) -> list[SheetSpec]:
    """Every summary sheet of the books, in print order. ``issues`` (default the result's) fill
    the issues sheet (the command passes the reader's issues too)."""
    name = book.profile.name or ""
    sub = (f"{name} · ปีบัญชี {result.fiscal_year} ({_be(result.start)} – {_be(result.end)}) · "
           f"ณ วันที่ {_be(result.when)} · cmfi-xl books")
    cash = _cash(result, book, sub)
    return [_shares(result, book, sub), _loans(result, book, sub), _schedules(result, sub),
            _welfare(result, book, settings, sub), cash, _recon(result, sub), _income(result, cash, sub),
            _balance(result, sub), _allocation(result, settings, sub),
            _issues(list(result.issues if issues is None else issues), sub)]
