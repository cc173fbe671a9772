"""The official report sheets as plain descriptions: part 1 profile and structure, part 2 the
assessment results and level, the operations summary (the figures that go upward).

Every sheet here leaves the institution, so it holds totals only (PDPA): no citizen IDs, no
names of indebted people or beneficiaries, no welfare details. :func:`personal_values` lists what
must never appear and :func:`pdpa_leaks` checks a description against it before anything is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from cmfi_xl.assess.assessment import SOURCE_TH, Assessment
from cmfi_xl.assess.scoring import DebtState
from cmfi_xl.core import thai
from cmfi_xl.core.models import InstitutionBook
from cmfi_xl.report.doc import Book, Chart, Col, Pair, Pairs, Sheet, Signatures, Table, Text
from cmfi_xl.rollup.figures import FIGURES
from cmfi_xl.rollup.formats import FIGURE_HEADERS
from cmfi_xl.schema.institution import GROUP_TYPES

TEMPLATE_ID = "cmfi-report"
PART1, PART2, OPS = "ส่วนที่ 1 ข้อมูลสถาบัน", "ส่วนที่ 2 ผลการประเมิน", "สรุปผลการดำเนินงาน"
T_FIGURES = "tblReportFigures"  # the roll-up reads this table (cmfi_xl.rollup.formats.REPORT_TABLE)
SIGNERS = ("ประธานคณะกรรมการสถาบัน", "พัฒนากร / เจ้าหน้าที่สำนักงานพัฒนาชุมชนอำเภอ")
ZERO = Decimal(0)
CAPITAL_SOURCES = (("grant_in", "เงินสนับสนุนจากหน่วยงาน"), ("donation_in", "เงินบริจาค"),
                   ("borrow_in", "เงินกู้ยืมจากแหล่งทุนอื่น"))


@dataclass(frozen=True)
class ReportInput:
    book: InstitutionBook
    figures: Mapping[str, Decimal | int]  # cmfi_xl.rollup.figures.institution_figures(book)
    assessment: Assessment
    debt_before: DebtState
    debt_after: DebtState
    on: dt.date  # the report date


def _fy_bounds(fy: int) -> tuple[dt.date, dt.date]:
    return thai.fiscal_year_bounds(fy)


def capital_received(book: InstitutionBook, fy: int) -> dict[str, Decimal]:
    """Receipts of the fiscal year per capital source (cash and bank columns of the cash book)."""
    start, end = _fy_bounds(fy)
    out = {k: ZERO for k, _ in CAPITAL_SOURCES}
    for e in book.cash_book:
        if e.category in out and e.date is not None and start <= e.date <= end:
            out[e.category] += (e.cash_in or ZERO) + (e.bank_in or ZERO) - (e.cash_out or ZERO) - (e.bank_out or ZERO)
    return out


def _title(book: InstitutionBook, fy: int, part: str) -> tuple[Text, Text, Text]:
    p = book.profile
    return (Text(f"รายงานผลการดำเนินงาน{p.name or 'สถาบันการจัดการเงินทุนชุมชน'}", "title"),
            Text(f"{part} · ปีงบประมาณ {fy} (1 ตุลาคม {fy - 1} – 30 กันยายน {fy})", "bold"),
            Text(f"{p.village_name or ''} รหัสหมู่บ้าน {p.village_code or '-'} "
                 f"ตำบล{p.tambon or '-'} อำเภอ{p.amphoe or '-'} จังหวัด{p.province or '-'}".strip(), "body"))


def part1(r: ReportInput) -> Sheet:
    b, f, fy = r.book, r.figures, r.assessment.fiscal_year
    p = b.profile
    profile = Pairs((
        Pair("ชื่อสถาบัน", p.name or ""),
        Pair("รหัสหมู่บ้าน", p.village_code or ""),
        Pair("วันที่จัดตั้ง", p.founded_on, "date"),
        Pair("รูปแบบการดำเนินงาน (ที่แจ้งไว้)", f"รูปแบบที่ {p.operating_model}" if p.operating_model else "ไม่ระบุ"),
        Pair("ระเบียบข้อบังคับ", f"มี {p.regulations_clauses or 0} ข้อ"
             + (f" ประกาศใช้ {thai.format_thai_date(p.regulations_date)}" if p.regulations_date else "")),
        Pair("ที่ตั้งสำนักงาน", p.office or ""),
        Pair("วันที่จัดทำรายงาน", r.on, "date"),
    ), "1. ข้อมูลทั่วไป")
    by_type: dict[str, list] = {}
    for g in b.member_groups:
        by_type.setdefault(g.group_type or "other", []).append(g)
    share_by_group: dict[str, Decimal] = {}
    end = _fy_bounds(fy)[1]
    for s in b.shares:
        if s.group_id and (s.date is None or s.date <= end):
            share_by_group[s.group_id.casefold()] = share_by_group.get(s.group_id.casefold(), ZERO) + s.signed_amount
    type_rows = []
    for c in GROUP_TYPES.choices:
        gs = by_type.get(c.code, [])
        if not gs:
            continue
        type_rows.append({"type": c.label, "groups": f[f"groups_{c.code}"], "people": sum(g.people or 0 for g in gs),
                          "capital": sum((g.capital or ZERO for g in gs), ZERO),
                          "shares": sum((share_by_group.get(g.group_id.casefold(), ZERO) for g in gs), ZERO)})
    type_rows.append({"type": "รวม", "groups": f["groups"], "people": f["group_people"], "capital": f["group_capital"],
                      "shares": sum((t["shares"] for t in type_rows), ZERO)})
    groups = Table((Col("type", "ประเภทกลุ่ม/องค์กร", "wrap", 40), Col("groups", "จำนวนกลุ่ม", "int", 14),
                    Col("people", "สมาชิก (คน)", "int", 14), Col("capital", "ทุนของกลุ่ม (บาท)", "money", 18),
                    Col("shares", "เงินลงหุ้นในสถาบัน (บาท)", "money", 18)),
                   tuple(type_rows), "tblReportGroups", "2. กลุ่ม/องค์กรสมาชิก จำแนกตามประเภท")
    reps, leaders = int(f["committee_reps"]), int(f["committee_leaders"])
    committee = Table((Col("kind", "คณะกรรมการ", "wrap", 40), Col("n", "จำนวน (คน)", "int", 14)), (
        {"kind": "ผู้แทนกลุ่ม/องค์กรสมาชิก", "n": reps},
        {"kind": "ผู้นำชุมชน/ผู้ทรงคุณวุฒิ", "n": leaders},
        {"kind": "รวม", "n": f["committee_size"]},
        {"kind": "ผู้นำ/ผู้ทรงคุณวุฒิไม่เกินกึ่งหนึ่งของผู้แทนกลุ่ม: " + ("ผ่าน" if leaders * 2 <= reps else "ไม่ผ่าน"), "n": None},
    ), "tblReportCommittee", "3. คณะกรรมการ")
    received = capital_received(b, fy)
    cap_rows = [{"source": "เงินลงหุ้นจากกลุ่มสมาชิก (คงเหลือ ณ สิ้นปี)", "amount": f["share_amount"]}]
    cap_rows += [{"source": f"{label} (รับในปีงบประมาณ)", "amount": received[k]} for k, label in CAPITAL_SOURCES]
    capital = Table((Col("source", "แหล่งเงินทุน", "wrap", 40), Col("amount", "จำนวนเงิน (บาท)", "money", 18)),
                    tuple(cap_rows), "tblReportCapital", "4. เงินทุนดำเนินการ จำแนกตามแหล่งที่มา")
    start, end = _fy_bounds(fy)
    in_year = [t for t in b.debt_transfers if t.date and start <= t.date <= end]
    act_rows = (
        {"activity": "ปรับโครงสร้างหนี้/โอนภาระหนี้ระหว่างกลุ่ม (รายการในปี)", "n": len(in_year),
         "amount": sum((t.amount or ZERO for t in in_year), ZERO)},
        {"activity": "การลงหุ้นของกลุ่มสมาชิก (รายการซื้อหุ้นในปี)",
         "n": sum(1 for s in b.shares if s.move == "buy" and s.date and start <= s.date <= end),
         "amount": sum((s.amount or ZERO for s in b.shares if s.move == "buy" and s.date and start <= s.date <= end), ZERO)},
        {"activity": "เงินกู้ระหว่างกลุ่ม (สัญญาทั้งหมด)", "n": f["intergroup_loans"], "amount": f["intergroup_lent"]},
        {"activity": "สวัสดิการชุมชนผ่านกลุ่มสมาชิก", "n": f["welfare_payments"], "amount": f["welfare_paid"]},
    )
    activities = Table((Col("activity", "กิจกรรม", "wrap", 40), Col("n", "จำนวน (รายการ)", "int", 14),
                        Col("amount", "จำนวนเงิน (บาท)", "money", 18)), act_rows, "tblReportActivities",
                       "5. กิจกรรมของสถาบัน")
    return Sheet(PART1, (*_title(b, fy, "ส่วนที่ 1 ข้อมูลทั่วไปและโครงสร้างสถาบัน"), profile, groups, committee, capital,
                         activities, Signatures(SIGNERS)), (40, 16, 16, 18, 20), outgoing=True)


def part2(r: ReportInput) -> Sheet:
    a = r.assessment
    fy = a.fiscal_year
    summary = Pairs((
        Pair("แบบประเมิน", f"รุ่น {a.form.version}" + (" (เกณฑ์ชั่วคราว)" if a.form.provisional else "")),
        Pair("คะแนนรวม", a.total, "points"),
        Pair("คะแนนเต็ม", a.form.max_total, "points"),
        Pair("ร้อยละ", a.percent, "pct"),
        Pair("ระดับการพัฒนา", f"ระดับ {a.level.level} {a.level.name}" + ("" if a.complete else " (ยังประเมินไม่ครบ)")),
        Pair("รูปแบบการดำเนินงาน (จำแนกจากทะเบียน)", f"รูปแบบที่ {a.model.model}" if a.model.model else "ยังจำแนกไม่ได้"),
    ), "1. ผลการประเมินจัดระดับ")
    areas = Table((Col("name", "ด้าน", "wrap", 40), Col("area", "ด้านที่", "int", 16), Col("points", "คะแนนที่ได้", "points", 16),
                   Col("max_points", "คะแนนเต็ม", "points", 18), Col("percent", "ร้อยละ", "pct", 20)),
                  tuple({"area": ar.area.no, "name": ar.area.name, "points": ar.points, "max_points": ar.max_points,
                         "percent": ar.percent} for ar in a.areas), "tblReportAreas", "2. คะแนนรายด้าน")
    ind_rows = tuple({"indicator": f"{s.indicator.no}. {s.indicator.name}" + (" *" if s.indicator.provisional else ""),
                      "score": f"{s.final if s.final is not None else '-'}/{s.indicator.max_score}", "points": s.points,
                      "max": s.indicator.max_points, "source": SOURCE_TH[s.source]} for s in a.scored)
    indicators = Table((Col("indicator", "ตัวชี้วัด", "wrap", 40), Col("score", "คะแนน", "text", 16),
                        Col("points", "คะแนนถ่วงน้ำหนัก", "points", 16), Col("max", "เต็ม", "points", 18),
                        Col("source", "ที่มาของคะแนน", "wrap", 20)), ind_rows, "tblReportIndicators",
                       "3. คะแนนรายตัวชี้วัด (* = เกณฑ์ชั่วคราว)")
    plan = Table((Col("activity", "กิจกรรม (ตัวชี้วัด)", "wrap", 40), Col("owner", "ผู้รับผิดชอบ", "wrap", 16),
                  Col("month", "เดือน", "month", 16), Col("budget", "งบประมาณ (บาท)", "money", 18)),
                 tuple({"activity": f"{p.activity} (ตัวชี้วัดที่ {p.no})" if p.no else p.activity, "owner": p.owner,
                        "month": p.month, "budget": p.budget} for p in a.plan), "tblReportPlan",
                 f"4. แผนพัฒนาสถาบัน ปีงบประมาณ {fy + 1}")
    blocks = [*_title(r.book, fy, "ส่วนที่ 2 ผลการประเมินจัดระดับการพัฒนาสถาบัน"), summary, areas,
              Chart("คะแนนรายด้าน (ร้อยละ)", "tblReportAreas", "area", ("percent",), "ร้อยละ"), indicators, plan]
    if a.model.gaps:
        blocks.append(Text("สิ่งที่ต้องปรับเพื่อไปสู่รูปแบบที่พึงประสงค์: " + "; ".join(
            f"{g.point_th} — {g.change_th}" for g in a.model.gaps), "note"))
    blocks.append(Signatures(SIGNERS))
    return Sheet(PART2, tuple(blocks), (40, 16, 16, 18, 20), outgoing=True)


def operations(r: ReportInput) -> Sheet:
    f, fy = r.figures, r.assessment.fiscal_year
    rows = tuple({"key": fig.key, "label": fig.label, "value": f[fig.key],
                  "_fmt": {"value": "money" if fig.kind == "money" else "int"}} for fig in FIGURES)
    figures = Table((Col("label", FIGURE_HEADERS["label"], "wrap", 52), Col("value", FIGURE_HEADERS["value"], "general", 20),
                     Col("key", FIGURE_HEADERS["key"], "text", 26)),
                    rows, T_FIGURES, "1. ตัวเลขผลการดำเนินงาน (ส่งรวมระดับอำเภอ/จังหวัด)")
    db, da = r.debt_before, r.debt_after
    debt = Table((Col("item", "ครัวเรือน", "wrap", 52), Col("before", "ก่อนแผน", "int", 20), Col("after", "หลังแผน", "int", 26)), (
        {"item": "ครัวเรือนที่มีหนี้", "before": db.indebted, "after": da.indebted},
        {"item": "มีสัญญาเดียว", "before": db.one_contract, "after": da.one_contract},
        {"item": "มีหลายสัญญา", "before": db.indebted - db.one_contract, "after": da.indebted - da.one_contract},
    ), "tblReportDebt", "2. ครัวเรือนที่มีหนี้ ก่อน/หลังแผน 1 ครัวเรือน 1 สัญญา")
    return Sheet(OPS, (*_title(r.book, fy, "สรุปผลการดำเนินงาน: หุ้น เงินกู้ระหว่างกลุ่ม หนี้ครัวเรือน สวัสดิการ เงินสดและเงินฝาก"),
                       figures, debt,
                       Chart("ครัวเรือนที่มีหนี้ ก่อน/หลังแผน", "tblReportDebt", "item", ("before", "after"), "ครัวเรือน"),
                       Text("ตัวเลขในรายงานนี้เป็นยอดรวม ไม่มีข้อมูลส่วนบุคคล (พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562)", "note"),
                       Signatures(SIGNERS)), (52, 20, 26), outgoing=True)


def report_book(r: ReportInput, properties: Mapping[str, str]) -> Book:
    return Book(f"รายงานผลการดำเนินงาน ปีงบประมาณ {r.assessment.fiscal_year}", (part1(r), part2(r), operations(r)),
                dict(properties))


def personal_values(book: InstitutionBook) -> dict[str, str]:
    """value → what it is: every citizen ID, debtor and beneficiary name and welfare detail."""
    out: dict[str, str] = {}
    for h in book.households:
        if h.citizen_id:
            out[h.citizen_id] = "เลขประจำตัวประชาชน"
            out[thai.format_citizen_id(h.citizen_id) or h.citizen_id] = "เลขประจำตัวประชาชน"
        if h.head_name:
            out[h.head_name] = "ชื่อหัวหน้าครัวเรือน"
    for w in book.welfare:
        if w.beneficiary:
            out[w.beneficiary] = "ชื่อผู้รับสวัสดิการ"
        if w.reason:
            out[w.reason] = "รายละเอียดสวัสดิการ"
    for c in book.committee:
        if c.name:
            out[c.name] = "ชื่อกรรมการ"
    return {k.strip(): v for k, v in out.items() if k and len(k.strip()) >= 3}


def pdpa_leaks(texts: Iterable[str], personal: Mapping[str, str]) -> list[tuple[str, str]]:
    """(value, what) for every personal value found inside any of ``texts``."""
    blob = "\n".join(texts)
    return [(v, what) for v, what in personal.items() if v in blob]

