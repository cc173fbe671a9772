"""Scoring the indicators the registers can answer, each with its evidence (sheet + cells).

A computation is a small pure function ``(indicator, Context) -> Computed``; the form file names
it in ``compute = "..."``. Its thresholds come from the indicator's ``params`` (provisional
defaults below), so another year's form can change them without code.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from cmfi_xl.core import thai
from cmfi_xl.core.models import InstitutionBook, LoanContract, Record
from cmfi_xl.schema.institution import INSTITUTION
from cmfi_xl.validate.locate import Locator, get_column_letter

if TYPE_CHECKING:
    from .form import Indicator

ZERO = Decimal(0)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Evidence:
    """Where a computed score comes from: a sheet and cells of the institution workbook."""

    sheet: str
    cells: str  # "A4:F14, A17:F17" or "B17"; "" = the whole register (it is empty)
    note_th: str
    note_en: str = ""

    @property
    def ref(self) -> str:
        return f"{self.sheet}!{self.cells}" if self.cells else self.sheet


@dataclass(frozen=True)
class Computed:
    score: int
    summary_th: str  # one line shown beside the score
    evidence: tuple[Evidence, ...] = ()
    facts: dict[str, Decimal | int | str] = field(default_factory=dict)


@dataclass
class Context:
    """What the computations read: the book, where its rows are, the fiscal year, the book after
    the plan (for indicator 9) and the figures that go upward (so the report and the scores agree)."""

    book: InstitutionBook
    loc: Locator
    after: InstitutionBook | None = None
    after_loc: Locator | None = None
    figures: dict[str, Decimal | int] | None = None
    fiscal_year: int = 0

    def __post_init__(self) -> None:
        if not self.fiscal_year:
            self.fiscal_year = self.book.profile.fiscal_year or thai.fiscal_year_of(dt.date.today())

    @property
    def bounds(self) -> tuple[dt.date, dt.date]:
        return thai.fiscal_year_bounds(self.fiscal_year)

    def figs(self) -> dict[str, Decimal | int]:
        if self.figures is None:
            from cmfi_xl.rollup.figures import institution_figures

            self.figures = institution_figures(self.book, as_of=self.bounds[1])
        return self.figures

    # --- evidence helpers -------------------------------------------------------------------
    def sheet_of(self, table: str, loc: Locator | None = None) -> str:
        place = (loc or self.loc).tables.get(table)
        return place.sheet if place else INSTITUTION.table(table).sheet

    def rows(self, table: str, records: Iterable[Record], note_th: str, note_en: str = "",
             loc: Locator | None = None) -> Evidence:
        """The cells of ``records`` (whole table rows), merged into contiguous ranges."""
        loc = loc or self.loc
        place = loc.tables.get(table)
        ncols = len(INSTITUTION.table(table).columns)
        if place and place.columns:
            idx = [c for c, _ in place.columns.values()]
            first, last = get_column_letter(min(idx)), get_column_letter(max(idx))
        else:
            first, last = "A", get_column_letter(ncols)
        return Evidence(self.sheet_of(table, loc), _ranges(sorted({r.row for r in records if r.row}), first, last),
                        note_th, note_en)

    def field(self, key: str, note_th: str, note_en: str = "") -> Evidence:
        row, _ = self.loc.profile_rows.get(key, (0, ""))
        return Evidence(self.loc.profile_sheet or INSTITUTION.profile_sheet, f"B{row}" if row else "", note_th, note_en)


def _ranges(rows: Sequence[int], first: str, last: str, limit: int = 8) -> str:
    if not rows:
        return ""
    spans: list[tuple[int, int]] = []
    for r in rows:
        if spans and r == spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], r)
        else:
            spans.append((r, r))
    parts = [f"{first}{a}:{last}{b}" for a, b in spans[:limit]]
    if len(spans) > limit:
        parts.append(f"…(+{len(spans) - limit})")
    return ", ".join(parts)  # a space after each comma: the list wraps in its printed column


def _pct(n: int | Decimal, d: int | Decimal) -> Decimal:
    return (Decimal(n) * HUNDRED / Decimal(d)).quantize(Decimal("0.01")) if d else ZERO


def _in_year(d: dt.date | None, ctx: Context) -> bool:
    start, end = ctx.bounds
    return d is not None and start <= d <= end


# ------------------------------------------------------------------------------ computations


def committee_origin(ind: Indicator, ctx: Context) -> Computed:
    b = ctx.book
    reps = [m for m in b.committee if m.kind == "group_rep"]
    leaders = [m for m in b.committee if m.kind == "leader"]
    active = [g for g in b.member_groups if g.status not in ("left", "suspended")]
    represented = {(m.group_id or "").casefold() for m in reps}
    missing = [g for g in active if g.group_id.casefold() not in represented]
    rule = len(leaders) * 2 <= len(reps)
    if not b.committee:
        score = 0
    elif not rule:
        score = 1
    elif missing:
        score = 2
    else:
        score = 3
    ev = [ctx.rows("committee", b.committee,
                   f"ผู้แทนกลุ่ม {len(reps)} คน ผู้นำ/ผู้ทรงคุณวุฒิ {len(leaders)} คน (ไม่เกิน {len(reps) // 2} คน: "
                   f"{'ผ่าน' if rule else 'ไม่ผ่าน'})",
                   f"{len(reps)} group representatives, {len(leaders)} leaders (at most {len(reps) // 2})")]
    if missing:
        ev.append(ctx.rows("member_groups", missing,
                           "กลุ่มที่ยังไม่มีผู้แทนในคณะกรรมการ: " + ", ".join(g.group_id for g in missing),
                           "groups without a representative"))
    return Computed(score, f"ผู้แทน {len(reps)} · ผู้นำ {len(leaders)} · กลุ่มไม่มีผู้แทน {len(missing)}", tuple(ev),
                    {"reps": len(reps), "leaders": len(leaders), "unrepresented": len(missing),
                     "active_groups": len(active)})


def meetings(ind: Indicator, ctx: Context) -> Computed:
    good, fair = int(ind.param("good", 12)), int(ind.param("fair", 6))
    held = [m for m in ctx.book.meetings if m.kind == "committee" and _in_year(m.date, ctx)]
    annual = [m for m in ctx.book.meetings if m.kind == "annual" and _in_year(m.date, ctx)]
    n = len(held)
    score = 3 if n >= good and annual else 2 if n >= fair else 1 if n >= 1 else 0
    ev = (ctx.rows("meetings", held + annual,
                   f"ประชุมคณะกรรมการ {n} ครั้ง ประชุมใหญ่ {len(annual)} ครั้ง ในปีงบประมาณ {ctx.fiscal_year}",
                   f"{n} committee meetings, {len(annual)} general meetings in FY {ctx.fiscal_year}"),)
    return Computed(score, f"ประชุมคณะกรรมการ {n} ครั้ง · ประชุมใหญ่ {len(annual)} ครั้ง", ev,
                    {"committee_meetings": n, "annual_meetings": len(annual)})


def members_are_groups(ind: Indicator, ctx: Context) -> Computed:
    good_g, good_t, fair_g = (int(ind.param("good_groups", 5)), int(ind.param("good_types", 3)),
                              int(ind.param("fair_groups", 3)))
    active = [g for g in ctx.book.member_groups if g.status not in ("left", "suspended")]
    types = {g.group_type for g in active if g.group_type}
    n = len(active)
    score = 3 if n >= good_g and len(types) >= good_t else 2 if n >= fair_g else 1 if n >= 1 else 0
    ev = (ctx.rows("member_groups", active, f"กลุ่มสมาชิก {n} กลุ่ม {len(types)} ประเภท (สมาชิกเป็นกลุ่มทั้งหมด)",
                   f"{n} member groups of {len(types)} types"),)
    return Computed(score, f"กลุ่มสมาชิก {n} กลุ่ม · {len(types)} ประเภท", ev,
                    {"groups": n, "group_types": len(types)})


_OTHER_SOURCES = {"grant_in": "เงินอุดหนุนจากหน่วยงาน", "donation_in": "เงินบริจาค", "borrow_in": "เงินกู้จากแหล่งอื่น"}


def capital_sources(ind: Indicator, ctx: Context) -> Computed:
    end = ctx.bounds[1]
    shares = [s for s in ctx.book.shares if s.date is None or s.date <= end]
    share_amount = sum((s.signed_amount for s in shares), ZERO)
    other_rows = [e for e in ctx.book.cash_book if e.category in _OTHER_SOURCES and (e.date is None or e.date <= end)]
    others = sorted({e.category for e in other_rows if e.category})
    has_shares = share_amount > 0
    score = 3 if has_shares and others else 2 if has_shares else 1 if others else 0
    ev = [ctx.rows("shares", shares, f"เงินลงหุ้นคงเหลือ {share_amount:,.2f} บาท", f"share capital {share_amount:,.2f}")]
    if other_rows:
        ev.append(ctx.rows("cash_book", other_rows, "แหล่งอื่น: " + ", ".join(_OTHER_SOURCES[c] for c in others),
                           "other sources"))
    return Computed(score, f"เงินลงหุ้น {share_amount:,.2f} บาท · แหล่งอื่น {len(others)} แหล่ง", tuple(ev),
                    {"share_amount": share_amount, "other_sources": len(others)})


def regulations(ind: Indicator, ctx: Context) -> Computed:
    p = ctx.book.profile
    min_clauses = int(ind.param("min_clauses", 20))
    clauses, date = p.regulations_clauses, p.regulations_date
    if not clauses and date is None:
        score = 0
    elif not clauses or date is None:
        score = 1
    else:
        score = 3 if clauses >= min_clauses else 2
    when = thai.format_thai_date(date) if date else "ไม่ระบุ"
    ev = (ctx.field("regulations_clauses", f"ระเบียบมี {clauses or 0} ข้อ", f"{clauses or 0} clauses"),
          ctx.field("regulations_date", f"ประกาศใช้ {when}", "adopted on"))
    return Computed(score, f"ระเบียบข้อบังคับ มี {clauses or 0} ข้อ · ประกาศใช้ {when}", ev,
                    {"clauses": clauses or 0})


def action_plan(ind: Indicator, ctx: Context) -> Computed:
    good = int(ind.param("good_items", 3))
    items = [a for a in ctx.book.action_plan if a.activity]
    started = [a for a in items if a.status in ("doing", "done")]
    n = len(items)
    score = 3 if n >= good and len(started) * 2 >= n else 2 if n >= good else 1 if n >= 1 else 0
    ev = (ctx.rows("action_plan", items, f"แผน {n} กิจกรรม ดำเนินการแล้ว {len(started)} กิจกรรม",
                   f"{n} activities, {len(started)} started or done"),)
    return Computed(score, f"แผนปฏิบัติการ {n} กิจกรรม · ดำเนินการแล้ว {len(started)}", ev,
                    {"activities": n, "started": len(started)})


#: The five registers the institution must keep separate from its groups (DOMAIN.md §1).
REGISTERS = ("member_groups", "shares", "debt_transfers", "cash_book", "bank_accounts")


def registers(ind: Indicator, ctx: Context) -> Computed:
    kept = [t for t in REGISTERS if ctx.book.records(t)]
    n = len(kept)
    score = 3 if n >= 5 else 2 if n == 4 else 1 if n >= 2 else 0
    ev = tuple(
        ctx.rows(t, ctx.book.records(t),
                 f"{INSTITUTION.table(t).title}: {len(ctx.book.records(t))} แถว" if t in kept
                 else f"{INSTITUTION.table(t).title}: ไม่มีข้อมูล", INSTITUTION.table(t).title_en)
        for t in REGISTERS)
    return Computed(score, f"มีทะเบียน {n} ใน {len(REGISTERS)} ทะเบียนหลัก", ev, {"registers": n})


def bank_deposits(ind: Indicator, ctx: Context) -> Computed:
    good = ind.param("good_bank_share", 80)
    f = ctx.figs()
    bank, cash = Decimal(f["bank_balance"]), Decimal(f["cash_balance"])
    accounts = ctx.book.bank_accounts
    share = _pct(bank, bank + max(cash, ZERO))
    if not accounts:
        score = 0
    elif bank <= 0:
        score = 1
    else:
        score = 3 if share >= good else 2
    end = thai.format_thai_date(ctx.bounds[1])
    ev = [ctx.rows("bank_accounts", accounts, f"บัญชีธนาคาร {len(accounts)} บัญชี", f"{len(accounts)} bank accounts")]
    moves = [e for e in ctx.book.cash_book if e.bank_account and (e.date is None or e.date <= ctx.bounds[1])]
    ev.append(ctx.rows("cash_book", moves, f"ณ {end}: เงินฝาก {bank:,.2f} บาท เงินสด {cash:,.2f} บาท "
                       f"(เงินฝากร้อยละ {share})", f"bank {bank:,.2f}, cash {cash:,.2f} at the year end"))
    return Computed(score, f"เงินฝาก {bank:,.2f} บาท = ร้อยละ {share} ของเงินสดและเงินฝาก", tuple(ev),
                    {"bank_balance": bank, "cash_balance": cash, "bank_share": share})


# --- indicator 9: households at one contract, before and after the plan ----------------------


@dataclass(frozen=True)
class DebtState:
    households: int
    indebted: int
    one_contract: int

    @property
    def share(self) -> Decimal:
        return _pct(self.one_contract, self.indebted)


def debt_state(book: InstitutionBook, contracts: Iterable[LoanContract] | None = None) -> DebtState:
    """Households with debt and those at exactly one open contract (every lender counts, the same
    definition as the summary sheet and the report's figures)."""
    per = Counter((c.household_id or "").casefold() for c in (contracts if contracts is not None else book.contracts)
                  if c.is_open)
    counts = [per.get(h.household_id.casefold(), 0) for h in book.households]
    return DebtState(len(book.households), sum(1 for n in counts if n >= 1), sum(1 for n in counts if n == 1))


def contracts_before(book: InstitutionBook, start: dt.date, end: dt.date) -> list[LoanContract]:
    """The open contracts as they were before this fiscal year's debt transfers: each transfer's
    old contract is open again and the new contract it created did not exist yet."""
    moves = [t for t in book.debt_transfers if t.date is None or start <= t.date <= end]
    reopened = {(t.from_contract or "").casefold() for t in moves}
    created = {(t.new_contract or "").casefold() for t in moves} - reopened
    out = []
    for c in book.contracts:
        key = (c.contract_no or "").casefold()
        if key in created:
            continue
        out.append(c.model_copy(update={"status": "open"}) if key in reopened else c)
    return out


def one_contract(ind: Indicator, ctx: Context) -> Computed:
    good, fair, low = ind.param("good", 80), ind.param("fair", 60), ind.param("low", 40)
    start, end = ctx.bounds
    before = debt_state(ctx.book, contracts_before(ctx.book, start, end))
    after_book = ctx.after or ctx.book
    after = debt_state(after_book)
    s = after.share
    score = 3 if s >= good else 2 if s >= fair else 1 if s >= low else 0
    moves = [t for t in ctx.book.debt_transfers if t.date is None or start <= t.date <= end]
    ev = [ctx.rows("households", ctx.book.households,
                   f"ก่อน: ครัวเรือนมีหนี้ {before.indebted} มีสัญญาเดียว {before.one_contract} (ร้อยละ {before.share})",
                   f"before: {before.one_contract} of {before.indebted} indebted households at one contract")]
    if moves:
        ev.append(ctx.rows("debt_transfers", moves, f"การโอนภาระหนี้ในปีงบประมาณ {len(moves)} รายการ (ย้อนกลับเพื่อหาค่าก่อน)",
                           "this year's transfers, undone to get the before figure"))
    after_loc = ctx.after_loc if ctx.after is not None else ctx.loc
    ev.append(ctx.rows("contracts", [c for c in after_book.contracts if c.is_open],
                       f"หลัง{'แผน (ไฟล์หลังบันทึกการโอน)' if ctx.after is not None else ''}: ครัวเรือนมีหนี้ {after.indebted} "
                       f"มีสัญญาเดียว {after.one_contract} (ร้อยละ {after.share})",
                       f"after: {after.one_contract} of {after.indebted}", loc=after_loc))
    return Computed(score, f"สัญญาเดียว ก่อน {before.one_contract}/{before.indebted} (ร้อยละ {before.share}) → "
                           f"หลัง {after.one_contract}/{after.indebted} (ร้อยละ {after.share})", tuple(ev),
                    {"indebted_before": before.indebted, "one_before": before.one_contract,
                     "indebted_after": after.indebted, "one_after": after.one_contract,
                     "share_before": before.share, "share_after": after.share})


def shareholding(ind: Indicator, ctx: Context) -> Computed:
    good, fair = ind.param("good", 80), ind.param("fair", 50)
    end = ctx.bounds[1]
    active = [g for g in ctx.book.member_groups if g.status not in ("left", "suspended")]
    bal: dict[str, Decimal] = {}
    for s in ctx.book.shares:
        if s.group_id and (s.date is None or s.date <= end):
            bal[s.group_id.casefold()] = bal.get(s.group_id.casefold(), ZERO) + s.signed_amount
    holders = [g for g in active if bal.get(g.group_id.casefold(), ZERO) > 0]
    share = _pct(len(holders), len(active))
    score = 0 if not holders else 3 if share >= good else 2 if share >= fair else 1
    ev = (ctx.rows("member_groups", holders, f"กลุ่มที่ถือหุ้น {len(holders)} จาก {len(active)} กลุ่ม (ร้อยละ {share})",
                   f"{len(holders)} of {len(active)} groups hold shares"),)
    return Computed(score, f"กลุ่มถือหุ้น {len(holders)}/{len(active)} (ร้อยละ {share})", ev,
                    {"holders": len(holders), "active_groups": len(active)})


def intergroup_lending(ind: Indicator, ctx: Context) -> Computed:
    end = ctx.bounds[1]
    loans = [ln for ln in ctx.book.intergroup_loans if ln.date is None or ln.date <= end]
    paid = {(r.loan_no or "").casefold() for r in ctx.book.loan_repayments if r.date is None or r.date <= end}
    with_pay = [ln for ln in loans if (ln.loan_no or "").casefold() in paid]
    score = 0 if not loans else 1 if not with_pay else 3 if len(with_pay) == len(loans) else 2
    ev = [ctx.rows("intergroup_loans", loans, f"สัญญาเงินกู้ระหว่างกลุ่ม {len(loans)} สัญญา มีการชำระ {len(with_pay)} สัญญา",
                   f"{len(loans)} loans, {len(with_pay)} with repayments")]
    reps = [r for r in ctx.book.loan_repayments if r.date is None or r.date <= end]
    if reps:
        ev.append(ctx.rows("loan_repayments", reps, f"รับชำระ {len(reps)} รายการ", f"{len(reps)} repayments"))
    return Computed(score, f"เงินกู้ระหว่างกลุ่ม {len(loans)} สัญญา · มีการชำระ {len(with_pay)}", tuple(ev),
                    {"loans": len(loans), "loans_repaid": len(with_pay)})


def welfare(ind: Indicator, ctx: Context) -> Computed:
    paid = [w for w in ctx.book.welfare if _in_year(w.date, ctx)]
    kinds = {w.kind for w in paid if w.kind}
    n = len(kinds)
    score = 3 if n >= 4 else 2 if n >= 2 else 1 if n == 1 else 0
    ev = (ctx.rows("welfare", paid, f"จ่ายสวัสดิการ {len(paid)} ครั้ง {n} ประเภท ผ่านกลุ่มสมาชิก",
                   f"{len(paid)} payments of {n} kinds"),)
    return Computed(score, f"สวัสดิการ {n} ประเภท · {len(paid)} ครั้ง", ev, {"kinds": n, "payments": len(paid)})


COMPUTATIONS: dict[str, Callable[[Indicator, Context], Computed]] = {
    f.__name__: f for f in (committee_origin, meetings, members_are_groups, capital_sources, regulations,
                            action_plan, registers, bank_deposits, one_contract, shareholding,
                            intergroup_lending, welfare)
}


def compute_all(form_indicators: Iterable[Indicator], ctx: Context) -> dict[int, Computed]:
    return {i.no: COMPUTATIONS[i.compute](i, ctx) for i in form_indicators if i.compute}
