"""The four operating models (รูปแบบที่ 1–4, DOMAIN.md §2): classify an institution from its
profile and books, and list what it must change to reach the desired model.

Each *point* of the seed's comparison table is a fact. A fact comes from the books where the
registers can tell (committee, capital, activities), else from the committee's answer in the
assessment workbook (members, books, regulations, what it was founded around), else it is unknown
and does not vote. Every known fact votes for the model(s) whose variant it matches; the model
with the most votes is the classification (ties go to the declared model, then the lower number).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from cmfi_xl.core.models import InstitutionBook

#: Facts a committee answers with ใช่/ไม่ใช่ in the assessment workbook (key → question).
QUESTIONS: dict[str, tuple[str, str]] = {
    "founded_on_savings_group": ("สถาบันจัดตั้งโดยมีกลุ่มออมทรัพย์เพื่อการผลิตเป็นแกนนำ",
                                 "Founded around a savings group"),
    "upgraded_savings_group": ("สถาบันยกฐานะจากกลุ่มออมทรัพย์ฯ (ใช้เงินทุนของกลุ่มออมทรัพย์ทั้งหมด)",
                               "A savings group upgraded into the institution"),
    "individual_members": ("มีสมาชิกรายบุคคล (รับฝาก/ให้กู้รายบุคคล)", "Has individual members"),
    "separate_books": ("บัญชีของสถาบันแยกจากบัญชีของทุกกลุ่มสมาชิก", "Books separate from every group"),
    "own_regulations": ("ระเบียบของสถาบันแยกจากระเบียบกลุ่มออมทรัพย์ฯ", "Own regulations, separate from the savings group's"),
}


@dataclass(frozen=True)
class Fact:
    key: str
    point_th: str  # the comparison point (ประเด็น)
    value_th: str  # what this institution does
    votes: tuple[int, ...]  # the models whose variant this matches (empty: unknown)
    desired: bool  # matches the desired model's variant
    source: str  # "books" | "committee" | "unknown"
    change_th: str = ""  # what to change to reach the desired model (when not desired)


@dataclass(frozen=True)
class ModelResult:
    model: int | None
    declared: int | None
    desired: int
    votes: dict[int, int]
    facts: tuple[Fact, ...]

    @property
    def gaps(self) -> tuple[Fact, ...]:
        return tuple(f for f in self.facts if f.votes and not f.desired)

    @property
    def unknown(self) -> tuple[Fact, ...]:
        return tuple(f for f in self.facts if not f.votes)


_YES = {"yes", "ใช่", "y", "true", "1", "มี"}
_NO = {"no", "ไม่ใช่", "n", "false", "0", "ไม่มี"}


def yes_no(value: object) -> bool | None:
    """``True``/``False`` for a yes/no answer, ``None`` for blank; raises ValueError otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return value
    s = str(value).strip().casefold()
    if s in _YES:
        return True
    if s in _NO:
        return False
    raise ValueError(s)


def classify(book: InstitutionBook, answers: Mapping[str, bool | None] | None = None, *,
             desired: int = 1) -> ModelResult:
    """Classify from the books and the committee's answers (``QUESTIONS`` keys → True/False/None)."""
    a = dict(answers or {})
    facts: list[Fact] = []

    # founded around (แกนนำในการจัดตั้ง): 1 savings group · 2 village fund/other · 3 new · 4 upgraded
    up, sav = a.get("upgraded_savings_group"), a.get("founded_on_savings_group")
    types = {g.group_type for g in book.member_groups}
    if up:
        facts.append(Fact("founded", "แกนนำในการจัดตั้ง", "ยกฐานะจากกลุ่มออมทรัพย์ฯ", (4,), desired == 4, "committee",
                          "แยกสถาบันออกจากกลุ่มออมทรัพย์ฯ ให้กลุ่มออมทรัพย์เป็นสมาชิกประเภทกลุ่ม"))
    elif sav is True:
        facts.append(Fact("founded", "แกนนำในการจัดตั้ง", "กลุ่มออมทรัพย์ฯ เป็นแกนนำ", (1,), desired == 1, "committee"))
    elif sav is False:
        v = (2,) if types & {"village_fund", "kkkj", "occupational", "other"} else (3,)
        facts.append(Fact("founded", "แกนนำในการจัดตั้ง",
                          "กองทุนหมู่บ้าน/กลุ่มอื่นเป็นแกนนำ" if v == (2,) else "จัดตั้งใหม่โดยไม่มีแกนนำ", v,
                          desired in v, "committee", "เสริมสร้างกลุ่มออมทรัพย์ฯ ให้เป็นแกนนำเชื่อมโยงกลุ่ม"))
    else:
        facts.append(Fact("founded", "แกนนำในการจัดตั้ง", "ยังไม่ได้ตอบ", (), False, "unknown"))

    # committee from all member groups (1) or some (2)
    active = [g for g in book.member_groups if g.status not in ("left", "suspended")]
    reps = {(m.group_id or "").casefold() for m in book.committee if m.kind == "group_rep"}
    missing = [g.group_id for g in active if g.group_id.casefold() not in reps]
    if active and book.committee:
        ok = not missing
        facts.append(Fact("committee", "คณะกรรมการ", "มาจากทุกกลุ่มสมาชิก" if ok else
                          f"มาจากบางกลุ่ม (ไม่มีผู้แทน: {', '.join(missing)})", (1, 3, 4) if ok else (2,),
                          desired in ((1, 3, 4) if ok else (2,)), "books", "ให้ทุกกลุ่มสมาชิกส่งผู้แทนเข้าเป็นกรรมการ"))
    else:
        facts.append(Fact("committee", "คณะกรรมการ", "ไม่มีข้อมูลคณะกรรมการ/กลุ่มสมาชิก", (), False, "unknown"))

    # members: groups (1) or individuals (2)
    ind = a.get("individual_members")
    if ind is None and not book.member_groups:
        facts.append(Fact("members", "สมาชิก", "ไม่มีข้อมูลสมาชิก", (), False, "unknown"))
    else:
        groups_only = not ind
        facts.append(Fact("members", "สมาชิก", "รายกลุ่ม (ไม่มีสมาชิกรายบุคคล)" if groups_only else "มีสมาชิกรายบุคคล",
                          (1, 3, 4) if groups_only else (2,), desired in ((1, 3, 4) if groups_only else (2,)),
                          "committee" if ind is not None else "books",
                          "ให้สมาชิกรายบุคคลเลือกเข้ากลุ่มสมาชิก ผู้ไม่เข้ากลุ่มใดตั้งกลุ่มเฉพาะกิจ (ขั้นตอนที่ 2)"))

    # capital: shares from groups (1) · individual deposits (2) · bank loans (3) · savings group's funds (4)
    share_amount = sum((s.signed_amount for s in book.shares), Decimal(0))
    borrowed = any(e.category == "borrow_in" for e in book.cash_book)
    if up:
        cap, votes = "เงินทุนของกลุ่มออมทรัพย์ฯ ทั้งหมด", (4,)
    elif share_amount > 0:
        cap, votes = f"เงินลงหุ้นจากกลุ่มสมาชิก {share_amount:,.2f} บาท", (1,)
    elif ind:
        cap, votes = "รับฝากจากสมาชิกรายบุคคล", (2,)
    elif borrowed:
        cap, votes = "กู้จากธนาคาร/แหล่งอื่น", (3,)
    else:
        cap, votes = "ไม่มีเงินทุนในทะเบียน", ()
    facts.append(Fact("capital", "เงินทุนดำเนินการ", cap, votes, desired in votes, "books" if votes else "unknown",
                      "ย้ายเงินฝากรายบุคคลเป็นเงินสัจจะในกลุ่ม และให้กลุ่มสมาชิกลงหุ้น (ขั้นตอนที่ 3)"))

    # activities: inter-group lending (1) · individual loans (2) · debt restructuring (3) · welfare
    acts = []
    if book.intergroup_loans:
        acts.append("ให้กู้ระหว่างกลุ่ม")
    if book.debt_transfers:
        acts.append("ปรับโครงสร้างหนี้/โอนภาระหนี้")
    if book.welfare:
        acts.append("สวัสดิการผ่านกลุ่ม")
    if ind:
        acts.append("รับฝาก-ให้กู้รายบุคคล")
    if acts:
        votes = (2,) if ind else (1,) if book.intergroup_loans else (3,)
        facts.append(Fact("activities", "กิจกรรมของสถาบัน", ", ".join(acts), votes, desired in votes, "books",
                          "บริหารการกู้ยืมระหว่างกลุ่ม ปรับโครงสร้างหนี้ และจัดสวัสดิการผ่านกลุ่มสมาชิก"))
    else:
        facts.append(Fact("activities", "กิจกรรมของสถาบัน", "ไม่มีกิจกรรมในทะเบียน", (), False, "unknown"))

    # books: separate (1,2,3) or the savings group's books are the institution's (4)
    sep = a.get("separate_books")
    if sep is None:
        sep = True if book.cash_book else None
        src = "books" if sep else "unknown"
    else:
        src = "committee"
    if sep is None:
        facts.append(Fact("books", "การจัดทำบัญชี", "ไม่มีบัญชีรับ-จ่ายของสถาบัน", (), False, "unknown"))
    else:
        facts.append(Fact("books", "การจัดทำบัญชี", "บัญชีสถาบันแยกจากทุกกลุ่ม" if sep else "ใช้บัญชีกลุ่มออมทรัพย์ฯ เป็นบัญชีสถาบัน",
                          (1, 2, 3) if sep else (4,), desired in ((1, 2, 3) if sep else (4,)), src,
                          "จัดทำบัญชีสถาบันแยกจากบัญชีกลุ่มสมาชิกทุกกลุ่ม"))

    # regulations: own (1,2,3) or the savings group's (4)
    own = a.get("own_regulations")
    if own is None and book.profile.regulations_clauses:
        own, src = True, "books"
    else:
        src = "committee"
    if own is None:
        facts.append(Fact("regulations", "ระเบียบข้อบังคับ", "ไม่มีข้อมูลระเบียบ", (), False, "unknown"))
    else:
        facts.append(Fact("regulations", "ระเบียบข้อบังคับ", "ระเบียบของสถาบันแยกจากกลุ่มสมาชิก" if own
                          else "ใช้ระเบียบกลุ่มออมทรัพย์ฯ เป็นระเบียบสถาบัน", (1, 2, 3) if own else (4,),
                          desired in ((1, 2, 3) if own else (4,)), src, "ปรับระเบียบของสถาบันให้แยกจากกลุ่มออมทรัพย์ฯ (ขั้นเตรียมความพร้อม)"))

    votes_by: dict[int, int] = {m: 0 for m in (1, 2, 3, 4)}
    for f in facts:
        for m in f.votes:
            votes_by[m] += 1
    declared = int(book.profile.operating_model) if (book.profile.operating_model or "").isdigit() else None
    best = max(votes_by.values())
    model = None
    if best > 0:
        top = [m for m, v in votes_by.items() if v == best]
        model = declared if declared in top else min(top)
    return ModelResult(model, declared, desired, votes_by, tuple(facts))
