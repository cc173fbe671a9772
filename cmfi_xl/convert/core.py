"""Converting individual members into member groups (model 4 → the desired model; DOMAIN.md §3).

Pure: records in, proposal out. For every person in the individual-members register not yet
converted:

1. **The group.** A person already in a group returns to it (``group_before``); otherwise the
   group they chose (``chosen_group``); otherwise an ad-hoc group (กลุ่มเฉพาะกิจ) that the
   conversion proposes as a new member group.
2. **Deposits** become regular savings (สัจจะสะสมปกติ) and special savings (สัจจะพิเศษ) of the
   person's household in that group, so the household is a member there.
3. **Debts follow the person.** The loan (principal + arrears) moves to the same group when the
   group's debt policy allows it (the planner's eligibility rules: consolidation allowed, arrears
   accepted, ceilings) and its lendable cash, reduced by earlier conversions, covers it.
   Otherwise the planner's rules pick the group that can carry it (a *proposal* the committee
   approves by writing that group as ``chosen_group`` and converting again), or no group can and
   the binding reason is given. A person whose debt has no group yet is not converted: deposits
   and debt stay with the institution until the committee decides.

Converting twice changes nothing: a row with ``converted_on`` is done.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from cmfi_xl.core.issues import Issue, Message, Severity, register_codes
from cmfi_xl.core.models import IndividualMember, InstitutionBook
from cmfi_xl.debt.apply import unique_number
from cmfi_xl.debt.instance import arrears_of, book_to_instance, community_contracts
from cmfi_xl.planner import Contract, Group, Household
from cmfi_xl.planner.eligibility import RULE_ORDER, rule_failures
from cmfi_xl.validate.locate import Locator

ZERO = Decimal("0")
INSTITUTION_LENDER = "สถาบัน"
ADHOC_ID = "เฉพาะกิจ"
ADHOC_NAME = "กลุ่มเฉพาะกิจ (จากการปรับเปลี่ยนสมาชิกรายบุคคล)"
CONTRACT_PREFIX = "ย้าย-"

register_codes({
    "C004": Message(severity=Severity.WARNING,
                    th="สถาบันไม่ได้ใช้รูปแบบที่ 4 แต่มีทะเบียนสมาชิกรายบุคคล — ตรวจสอบรูปแบบการดำเนินงาน",
                    en="The institution is not model 4 but has individual members; check its operating model"),
    "C005": Message(severity=Severity.INFO,
                    th="เป็นสมาชิกกลุ่ม {group} อยู่แล้ว จึงกลับไปกลุ่มเดิมแทนกลุ่มที่เลือก ({chosen})",
                    en="Already a member of {group}, so returns to it instead of the chosen group ({chosen})"),
    "C006": Message(severity=Severity.WARNING,
                    th="กลุ่ม {group} รับหนี้ไม่ได้ ({why}) — เสนอกลุ่ม {proposal} ให้คณะกรรมการพิจารณา",
                    en="Group {group} cannot take the debt ({why_en}); {proposal} is proposed to the committee"),
    "C007": Message(severity=Severity.WARNING,
                    th="ไม่มีกลุ่มใดรับหนี้ได้ ({why}) — รอมติคณะกรรมการ เงินฝากและหนี้ยังอยู่กับสถาบัน",
                    en="No group can take the debt ({why_en}); awaiting the committee, deposits and debt stay"),
})

#: why a group cannot take a person's debt, by the planner's rule name
WHY = {
    "restricted": ("กลุ่มไม่ให้กู้เพื่อรับโอนหนี้", "the group does not lend to take over debts"),
    "membership": ("ไม่ได้เป็นสมาชิกและกลุ่มไม่รับสมาชิกใหม่", "not a member and the group takes no new members"),
    "arrears": ("มีหนี้ค้างชำระและกลุ่มไม่รับ", "in arrears, which the group does not accept"),
    "ceiling": ("หนี้เกินเพดานวงเงินของกลุ่ม", "the debt is over the group's ceiling"),
    "no_transfers": ("คณะกรรมการกำหนดว่ากลุ่มไม่รับโอนหนี้", "the committee closed the group to transfers"),
    "no_harm": ("ดอกเบี้ยจะสูงขึ้น", "the interest would rise"),
    "capacity": ("เงินให้กู้ของกลุ่มไม่พอ", "the group's lendable cash is not enough"),
}


@dataclass
class PersonResult:
    member: IndividualMember
    to_group: str
    basis: str  # before | chosen | adhoc
    status: str  # converted | proposed | pending | done_before
    debt_group: str | None = None  # the group that takes the debt (or is proposed to)
    new_contract: str | None = None
    why: str | None = None  # the planner rule that stopped the chosen group


@dataclass
class GroupFlow:
    id: str
    lendable_before: Decimal
    deposits_in: Decimal = ZERO
    debt_in: Decimal = ZERO

    @property
    def lendable_after(self) -> Decimal:
        return self.lendable_before - self.debt_in


@dataclass
class Conversion:
    on: dt.date
    people: list[PersonResult] = field(default_factory=list)
    adhoc_group: dict[str, Any] | None = None  # tblMemberGroups row to add
    memberships: list[dict[str, Any]] = field(default_factory=list)  # tblMemberships rows
    contracts: list[dict[str, Any]] = field(default_factory=list)  # tblContracts rows
    transfers: list[dict[str, Any]] = field(default_factory=list)  # tblDebtTransfers rows
    close: list[str] = field(default_factory=list)  # contract numbers merged into a new contract
    converted_rows: list[int] = field(default_factory=list)  # register rows to stamp converted_on
    groups: dict[str, GroupFlow] = field(default_factory=dict)
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)


#: why a person goes to their group (``PersonResult.basis``), as the report says it
BASIS_TH = {"before": "กลับกลุ่มเดิม", "chosen": "เลือกเข้าร่วมเอง", "adhoc": "เสนอเข้ากลุ่มเฉพาะกิจ"}


def check_members(book: InstitutionBook, loc: Locator) -> list[Issue]:
    """What only the conversion checks (ids, amounts and duplicates are the register rules')."""
    if book.individual_members and book.profile.operating_model not in (None, "4"):
        return [loc.profile_issue("C004", "operating_model", value=book.profile.operating_model)]
    return []


def _figures(book: InstitutionBook, pending: list[IndividualMember], extra_contracts: list[dict[str, Any]],
             closed_people: set[int], n_groups: int, closed: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Before/after measures. A person's loan from the institution counts as one of the
    household's contracts while it is with the institution."""
    per_h: Counter[str] = Counter(c.household_id for c in community_contracts(book) if c.contract_no not in closed)
    for c in extra_contracts:
        per_h[c["household_id"]] += 1
    for m in pending:
        if m.row not in closed_people and m.debt > 0 and m.household_id:
            per_h[m.household_id] += 1
    still = [m for m in pending if m.row not in closed_people]
    return {
        "individual_members": len(still),
        "member_groups": n_groups,
        "deposits_with_institution": sum((m.deposits for m in still), ZERO),
        "loans_to_individuals": sum((m.debt for m in still), ZERO),
        "indebted_households": sum(1 for n in per_h.values() if n >= 1),
        "one_contract_households": sum(1 for n in per_h.values() if n == 1),
        "multi_contract_households": sum(1 for n in per_h.values() if n > 1),
    }


#: before/after measures in report order: the counts first (they share one chart), then money
FIGURE_LABELS = {
    "individual_members": ("สมาชิกรายบุคคลที่ยังไม่ได้ปรับเปลี่ยน", "Individual members not yet converted"),
    "member_groups": ("จำนวนกลุ่มสมาชิก", "Member groups"),
    "indebted_households": ("ครัวเรือนที่มีหนี้กองทุนชุมชน", "Households with community-fund debt"),
    "one_contract_households": ("ครัวเรือน 1 สัญญา", "Households at one contract"),
    "multi_contract_households": ("ครัวเรือนหลายสัญญา", "Households with several contracts"),
    "deposits_with_institution": ("เงินฝากของบุคคลที่สถาบันถือ (บาท)", "Individuals' deposits held by the institution"),
    "loans_to_individuals": ("หนี้เงินกู้ของบุคคลกับสถาบัน (บาท)", "Loans to individuals outstanding"),
}
MONEY_FIGURES = frozenset({"deposits_with_institution", "loans_to_individuals"})


def convert(book: InstitutionBook, settings: dict[str, Any], loc: Locator, *, on: dt.date) -> Conversion:
    """The conversion of ``book.individual_members``; the book must be free of errors (checked)."""
    out = Conversion(on=on)
    out.issues = check_members(book, loc)
    members = list(book.individual_members)
    t = "individual_members"
    canon = {g.group_id.casefold(): g.group_id for g in book.member_groups}
    inst = book_to_instance(book, settings)
    groups: dict[str, Group] = {g.id: g for g in inst.groups}
    pending = [m for m in members if m.converted_on is None]
    done = [m for m in members if m.converted_on is not None]

    # the ad-hoc group: its capital is its members' deposits, it lends at their median rate
    adhoc_people = [m for m in pending if not m.group_before and not m.chosen_group]
    adhoc_id = None
    if adhoc_people:
        adhoc_id = unique_number(ADHOC_ID, set(canon))  # เฉพาะกิจ, or เฉพาะกิจ-2… when taken
        capital = sum((m.deposits for m in adhoc_people), ZERO)
        rates = [m.loan_rate for m in adhoc_people if m.loan_rate is not None]
        groups[adhoc_id] = Group(id=adhoc_id, name=ADHOC_NAME, kind="adhoc", lendable=capital,
                                 rate=statistics.median(rates) if rates else ZERO, accepts_arrears=True)
        out.adhoc_group = {"group_id": adhoc_id, "name": ADHOC_NAME, "group_type": "adhoc", "joined_on": on,
                           "people": len(adhoc_people), "capital": capital, "status": "active"}
    out.groups = {gid: GroupFlow(gid, g.lendable) for gid, g in groups.items()}

    # savings per household and group after every pending person's deposits move
    savings: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for h in inst.households:
        savings[h.id].update(h.savings)
    targets: dict[int, tuple[str, str]] = {}
    for m in pending:
        if m.group_before:
            target, basis = canon[m.group_before.casefold()], "before"
            if m.chosen_group and m.chosen_group.casefold() != m.group_before.casefold():
                out.issues.append(loc.issue("C005", t, m.row, "chosen_group", value=m.chosen_group,
                                            group=target, chosen=m.chosen_group))
        elif m.chosen_group:
            target, basis = canon[m.chosen_group.casefold()], "chosen"
        else:
            target, basis = adhoc_id, "adhoc"  # type: ignore[assignment]
        targets[m.row] = (target, basis)
        hs = savings[m.household_id]  # type: ignore[index]
        hs[target] = hs.get(target, ZERO) + m.deposits

    remaining = {gid: g.lendable for gid, g in groups.items()}
    closed = set(inst.locks.no_transfers)

    def failures(m: IndividualMember, gid: str) -> list[str]:
        h = Household(id=m.household_id or "", savings=savings[m.household_id or ""],  # type: ignore[arg-type]
                      contracts=(Contract(id=f"{m.member_no}", lender=INSTITUTION_LENDER, amount=m.debt,
                                          rate=m.loan_rate or ZERO, arrears=m.loan_arrears or ZERO),))
        fails = rule_failures(h, groups[gid], no_harm=False, no_transfers=gid in closed)
        fails = [f for f in fails if f != "no_harm"]
        if not fails and remaining[gid] < m.debt:
            fails.append("capacity")
        return fails

    def first_rule(fails: list[str]) -> str:
        order = [*RULE_ORDER, "capacity"]
        return min(fails, key=lambda f: order.index(f) if f in order else len(order))

    used_numbers = {c.contract_no.casefold() for c in book.contracts if c.contract_no}
    used_numbers |= {x.transfer_no.casefold() for x in book.debt_transfers if x.transfer_no}
    open_by_household: dict[str, list[Any]] = defaultdict(list)
    for c in community_contracts(book):
        open_by_household[c.household_id].append(c)  # type: ignore[index]
    for m in sorted(pending, key=lambda x: (x.member_no or "", x.row)):
        target, basis = targets[m.row]
        res = PersonResult(m, target, basis, "converted")
        if m.debt > 0:
            fails = failures(m, target)
            if fails:
                res.why = first_rule(fails)
                options = [gid for gid in groups if gid != target and not failures(m, gid)]
                options.sort(key=lambda gid: (groups[gid].rate, -remaining[gid], gid))
                th, en = WHY[res.why]
                if options:
                    res.status, res.debt_group = "proposed", options[0]
                    out.issues.append(loc.issue("C006", t, m.row, "chosen_group", value=m.chosen_group or "",
                                                group=target, why=th, why_en=en, proposal=options[0]))
                else:
                    res.status = "pending"
                    out.issues.append(loc.issue("C007", t, m.row, "loan_principal", value=m.loan_principal,
                                                why=th, why_en=en))
                out.people.append(res)
                continue
            res.debt_group = target
            remaining[target] -= m.debt
            number = unique_number(f"{CONTRACT_PREFIX}{m.member_no}", used_numbers)
            res.new_contract = number
            # the household's contracts already in the target group merge in place (no cash moves),
            # so the household ends with one contract there when it had no other lender
            mine = [c for c in open_by_household.get(m.household_id or "", []) if c.contract_no not in out.close]
            merged = mine if mine and all(c.lender and c.lender.casefold() == target.casefold() for c in mine) else []
            out.transfers.append({
                "transfer_no": f"T-{number}", "date": on, "household_id": m.household_id,
                "from_contract": f"บุคคล-{m.member_no}", "from_lender": INSTITUTION_LENDER, "to_group": target,
                "new_contract": number, "amount": m.debt,
                "resolution": "ปรับเปลี่ยนสมาชิกรายบุคคลเข้ากลุ่ม (หนี้ตามตัวบุคคล)",
            })
            principal = m.debt
            for n, c in enumerate(merged, 2):
                amount = (c.principal or ZERO) + arrears_of(c)
                principal += amount
                out.close.append(c.contract_no)  # type: ignore[arg-type]
                out.transfers.append({
                    "transfer_no": f"T-{number}-{n}", "date": on, "household_id": m.household_id,
                    "from_contract": c.contract_no, "from_lender": c.lender, "to_group": target,
                    "new_contract": number, "amount": amount,
                    "resolution": "ปรับเปลี่ยนสมาชิกรายบุคคลเข้ากลุ่ม (รวมสัญญาในกลุ่มเดิม)",
                })
            out.contracts.append({
                "household_id": m.household_id, "lender": target, "contract_no": number, "start_date": on,
                "principal": principal, "annual_rate": groups[target].rate, "interest_method": "declining",
                "months_in_arrears": 0, "status": "open",
            })
            out.groups[target].debt_in += m.debt
        out.groups[target].deposits_in += m.deposits
        out.memberships.append({"household_id": m.household_id, "group_id": target,
                                "savings": m.regular_deposit or ZERO, "special_savings": m.special_deposit or ZERO})
        out.converted_rows.append(m.row)
        out.people.append(res)
    out.people.extend(PersonResult(m, "", "", "done_before") for m in done)
    if out.adhoc_group is not None:
        joined = [p.member for p in out.people if p.to_group == adhoc_id and p.status == "converted"]
        if joined:  # the register row counts who actually moved in, and their money
            out.adhoc_group.update(people=len(joined), capital=sum((m.deposits for m in joined), ZERO))
        else:
            out.adhoc_group = None  # nobody could move into it yet: do not create an empty group
            out.groups.pop(adhoc_id, None)  # type: ignore[arg-type]
    n_groups = len(book.member_groups)
    out.before = _figures(book, pending, [], set(), n_groups)
    out.after = _figures(book, pending, out.contracts, set(out.converted_rows), n_groups + (out.adhoc_group is not None),
                         frozenset(out.close))
    return out
