"""The assessment workbook as plain sheet descriptions (values + formats, no openpyxl).

The committee works in this workbook at the yearly workshop: the computed scores and their
evidence are filled in; it types the scores of the other indicators, any override with its
reason, answers about the operating model and edits the development plan. Live formulas
(final score, points, area totals, level) recalculate as it types; ``cmfi-xl assess --scores``
reads it back and checks every entry.
"""

from __future__ import annotations

import datetime as dt

from cmfi_xl.core import thai
from cmfi_xl.core.models import Profile
from cmfi_xl.report.doc import Book, Chart, Col, Pair, Pairs, Sheet, Table, Text

from .assessment import SOURCE_TH, Assessment, PlanRow
from .scoring import Evidence
from .form import Form
from .operating import QUESTIONS

TEMPLATE_ID = "cmfi-assessment"
TEMPLATE_VERSION = "1.0"
SUMMARY = "สรุปผลการประเมิน"
FORM_SHEET = "แบบประเมิน"
CRITERIA = "เกณฑ์การให้คะแนน"
EVIDENCE = "หลักฐาน"
MODEL = "รูปแบบการดำเนินงาน"
PLAN = "แผนพัฒนาสถาบัน"
T_ASSESS, T_CRIT, T_AREAS, T_EVID, T_QUEST, T_PLAN = (
    "tblAssessment", "tblCriteria", "tblAreaScores", "tblEvidence", "tblModelQuestions", "tblDevPlan")
PROVISIONAL = "ชั่วคราว"
YES, NO = "ใช่", "ไม่ใช่"

#: Columns of the committee's table; the reader maps them by these Thai headers.
ASSESS_COLS = (
    Col("no", "ตัวชี้วัดที่", "int", 9),
    Col("area", "ด้าน", "int", 7),
    Col("indicator", "ตัวชี้วัด", "wrap", 30),
    Col("provisional", "เกณฑ์", "text", 10),
    Col("max_score", "คะแนนเต็ม", "score", 9),
    Col("computed", "คะแนนจากทะเบียน", "score", 11),
    Col("how", "ผลการคำนวณจากทะเบียน", "wrap", 36),
    Col("committee", "คะแนนโดยคณะกรรมการ", "score", 12, input=True),
    Col("reason", "เหตุผล (ต้องกรอกเมื่อแก้คะแนนที่คำนวณ)", "wrap", 28, input=True),
    Col("final", "คะแนนที่ได้", "score", 9,
        formula='=IF(AND({col:committee}<>"",OR({col:computed}="",{col:committee}={col:computed},'
                '{col:reason}<>"")),{col:committee},IF({col:computed}="","",{col:computed}))'),
    Col("points", "คะแนนถ่วงน้ำหนัก", "points", 11,
        formula='=IF({col:final}="",0,SUMIFS({tbl:tblCriteria:points},{tbl:tblCriteria:no},{col:no},'
                '{tbl:tblCriteria:score},{col:final}))'),
    Col("source", "ที่มาของคะแนน (ตอนประมวลผล)", "wrap", 16),
)
PLAN_COLS = (
    Col("no", "ตัวชี้วัดที่", "int", 9, input=True),
    Col("indicator", "ตัวชี้วัด", "wrap", 26),
    Col("score", "คะแนน/เต็ม", "text", 10),
    Col("activity", "กิจกรรมที่เสนอ", "wrap", 44, input=True),
    Col("owner", "ผู้รับผิดชอบ", "wrap", 18, input=True),
    Col("month", "เดือนที่ดำเนินการ", "month", 16, input=True),
    Col("budget", "งบประมาณ (บาท)", "money", 14, input=True),
)


def level_formula(form: Form) -> str:
    """Nested IF: the highest level whose total range holds the total and whose minimum area share
    every area meets (the same rule as :func:`cmfi_xl.assess.assessment.level_for`)."""
    levels = sorted(form.levels, key=lambda lv: lv.low)
    expr = str(levels[0].level)
    for lv in levels[1:]:
        cond = f"AND({{cell:total}}>={lv.low},MIN({{tbl:{T_AREAS}:percent}})>={lv.min_area_percent})"
        expr = f"IF({cond},{lv.level},{expr})"
    return "=" + expr


def _profile_pairs(profile: Profile | None, fiscal_year: int | None, form: Form, on: dt.date | None) -> Pairs:
    p = profile or Profile()
    return Pairs((
        Pair("สถาบัน", p.name or ""),
        Pair("รหัสหมู่บ้าน", p.village_code or ""),
        Pair("ตำบล / อำเภอ / จังหวัด", " / ".join(x for x in (p.tambon, p.amphoe, p.province) if x)),
        Pair("ปีงบประมาณ (พ.ศ.)", fiscal_year or "", "score"),
        Pair("วันที่ประมวลผล", on, "date"),
        Pair("แบบประเมิน", f"{form.title} รุ่น {form.version}", "wrap"),
    ))


def evidence_link(book_file: str, sheet: str, cells: str) -> str:
    """A hyperlink target that opens the institution workbook at the first evidence cell
    (``book.xlsx#'Sheet'!A4``; Excel and LibreOffice both follow it when the files sit together)."""
    first = cells.split(",")[0].split(":")[0]
    return f"{book_file}#'{sheet}'!{first}" if first and not first.startswith("…") else f"{book_file}#'{sheet}'!A1"


def _where_and_note(e: Evidence, width: float) -> dict[str, str]:
    """The evidence's place, on one line (LibreOffice prints a link cell unwrapped): a long list of
    row ranges shows its first range in the link and the whole list in the (wrapped) note."""
    if thai.fits(e.ref, width):
        return {"where": e.ref, "note": e.note_th}
    first = e.cells.split(",")[0]
    return {"where": f"{e.sheet}!{first} …", "note": f"{e.note_th} (แถวหลักฐาน: {e.cells})"}


def assessment_book(form: Form, a: Assessment | None = None, *, profile: Profile | None = None,
                    on: dt.date | None = None, properties: dict[str, str] | None = None,
                    book_file: str = "") -> Book:
    """The committee's workbook (``a`` None: the blank template built from the form alone).
    ``book_file``: the institution workbook's path relative to this one, for evidence links."""
    fy = a.fiscal_year if a else (profile.fiscal_year if profile else None)
    stamp = f"{TEMPLATE_ID} {TEMPLATE_VERSION} · แบบ {form.version}"
    prov = (f"เกณฑ์ที่มีเครื่องหมาย \"{PROVISIONAL}\" เป็นเกณฑ์ชั่วคราว (provisional) ที่แหล่งข้อมูลต้นทางยังไม่ได้กำหนด "
            "แก้ไขได้ในไฟล์แบบประเมิน") if form.provisional else ""

    rows = []
    for ind in form.indicators:
        s = a.by_no(ind.no) if a else None
        comp = s.computed if s else None
        rows.append({
            "no": ind.no, "area": ind.area, "indicator": ind.name,
            "provisional": PROVISIONAL if ind.provisional else "", "max_score": ind.max_score,
            "computed": comp.score if comp else None,
            "how": comp.summary_th if comp else ("คณะกรรมการให้คะแนน" if ind.compute is None else ""),
            "committee": a.typed.get(ind.no, (s.committee, ""))[0] if a and s else None,
            "reason": (a.typed.get(ind.no, (None, s.reason))[1] or None) if a and s else None,
            "source": SOURCE_TH[s.source] if s else "",
        })
    area_rows = [{"area": ar.no, "name": ar.name, "points": None, "max_points": form.area_max(ar.no), "percent": None}
                 for ar in form.areas]
    area_cols = (
        Col("area", "ด้าน", "int", 9), Col("name", "ชื่อด้าน", "wrap", 40),
        Col("points", "คะแนนที่ได้", "points", 12,
            formula=f"=SUMIFS({{tbl:{T_ASSESS}:points}},{{tbl:{T_ASSESS}:area}},{{col:area}})"),
        Col("max_points", "คะแนนเต็ม", "points", 12),
        Col("percent", "ร้อยละ", "pct", 10, formula="=IF({col:max_points}=0,0,ROUND({col:points}*100/{col:max_points},2))"),
    )
    level_names = "; ".join(f"ระดับ {lv.level} {lv.name}: {lv.low}–{lv.high} คะแนน, ทุกด้านไม่ต่ำกว่าร้อยละ {lv.min_area_percent}"
                            for lv in form.levels)
    summary_blocks = [
        Text(form.title, "title"), Text(stamp, "note"),
        _profile_pairs(profile, fy, form, on),
        Table(area_cols, tuple(area_rows), T_AREAS, "คะแนนรายด้าน"),
        Pairs((
            Pair("คะแนนรวม", f"=SUM({{tbl:{T_AREAS}:points}})", "points", name="total"),
            Pair("คะแนนเต็ม", form.max_total, "points"),
            Pair("ร้อยละ", "=ROUND({cell:total}*100/" + str(form.max_total) + ",2)", "pct"),
            Pair("ระดับการพัฒนา", level_formula(form), "score", name="level"),
            Pair("ชื่อระดับ", "=" + _choose_name(form), "text"),
        ), "ผลการประเมิน"),
        Text("เกณฑ์ระดับ: " + level_names, "note"),
    ]
    if a is not None and not a.complete:
        missing = ", ".join(str(s.indicator.no) for s in a.scored if s.final is None)
        summary_blocks.append(Text(f"ยังไม่ได้ให้คะแนนตัวชี้วัดที่ {missing} — ระดับนี้ยังไม่ใช่ผลสุดท้าย", "warn"))
    if prov:
        summary_blocks.append(Text(prov, "note"))
    summary_blocks.append(Chart("คะแนนรายด้าน (ร้อยละ)", T_AREAS, "area", ("percent",), "ร้อยละ"))

    crit_rows = tuple({"no": ind.no, "indicator": ind.name, "score": c.score, "points": c.points, "text": c.text,
                       "provisional": PROVISIONAL if ind.provisional else ""}
                      for ind in form.indicators for c in ind.criteria)
    crit_cols = (Col("no", "ตัวชี้วัดที่", "int", 9), Col("indicator", "ตัวชี้วัด", "wrap", 24),
                 Col("score", "คะแนน", "score", 8), Col("points", "คะแนนถ่วงน้ำหนัก", "points", 11),
                 Col("text", "เกณฑ์", "wrap", 56), Col("provisional", "สถานะเกณฑ์", "text", 11))

    ev_cols = (Col("no", "ตัวชี้วัดที่", "int", 9), Col("indicator", "ตัวชี้วัด", "wrap", 24),
               Col("where", "แผ่นงาน!เซลล์ ในแบบฟอร์มสถาบัน", "wrap", 40), Col("note", "สิ่งที่พบ", "wrap", 46))
    ev_rows = tuple({"no": s.indicator.no, "indicator": s.indicator.name, **_where_and_note(e, ev_cols[2].width),
                     **({"_link": {"where": evidence_link(book_file, e.sheet, e.cells)}} if book_file else {})}
                    for s in (a.scored if a else ()) if s.computed for e in s.computed.evidence)

    model_blocks: list = [Text("รูปแบบการดำเนินงานสถาบัน (รูปแบบที่ 1–4)", "title")]
    q_rows = []
    for key, (q, _en) in QUESTIONS.items():
        ans = a.answers.get(key) if a is not None else None
        q_rows.append({"key": key, "question": q, "answer": None if ans is None else (YES if ans else NO)})
    if a is not None:
        m = a.model
        model_blocks.append(Pairs((
            Pair("รูปแบบที่แจ้งไว้ในข้อมูลสถาบัน", f"รูปแบบที่ {m.declared}" if m.declared else "ไม่ระบุ"),
            Pair("รูปแบบที่จำแนกได้จากทะเบียนและคำตอบ", f"รูปแบบที่ {m.model}" if m.model else "ยังจำแนกไม่ได้"),
            Pair("รูปแบบที่พึงประสงค์", f"รูปแบบที่ {m.desired}"),
            Pair("คะแนนเสียงของแต่ละรูปแบบ", ", ".join(f"{k}: {v}" for k, v in m.votes.items())),
        )))
        model_blocks.append(Table(
            (Col("point", "ประเด็น", "wrap", 22), Col("value", "สถาบันนี้", "wrap", 40), Col("models", "ตรงกับรูปแบบที่", "text", 14),
             Col("source", "ที่มา", "text", 12), Col("change", "สิ่งที่ต้องปรับเพื่อไปสู่รูปแบบที่พึงประสงค์", "wrap", 44)),
            tuple({"point": f.point_th, "value": f.value_th, "models": ", ".join(map(str, f.votes)) or "-",
                   "source": {"books": "ทะเบียน", "committee": "คำตอบกรรมการ", "unknown": "ไม่ทราบ"}[f.source],
                   "change": f.change_th if f.votes and not f.desired else ("" if f.votes else "ตอบคำถามด้านล่าง")}
                  for f in m.facts), None, "การเปรียบเทียบกับรูปแบบที่พึงประสงค์"))
    model_blocks.append(Table(
        (Col("key", "รหัส", "text", 22), Col("question", "คำถามสำหรับคณะกรรมการ", "wrap", 56),
         Col("answer", "คำตอบ (ใช่/ไม่ใช่)", "text", 16, input=True, choices=(YES, NO))),
        tuple(q_rows), T_QUEST, "คำตอบของคณะกรรมการ (ข้อที่ทะเบียนบอกไม่ได้)"))

    plan_rows = tuple(_plan_row(form, p, a) for p in (a.plan if a else ()))
    plan_blocks = [
        Text(f"แผนพัฒนาสถาบัน ปีงบประมาณ {(fy or 0) + 1 if fy else ''}", "title"),
        Text(f"ร่างจากตัวชี้วัดที่ได้คะแนนต่ำสุด {form.plan_size} ตัว แก้ไขหรือเพิ่มแถวได้ (ช่องสีเหลือง)", "note"),
        Table(PLAN_COLS, plan_rows, T_PLAN, min_rows=5),
        Pairs((Pair("งบประมาณรวม", f"=SUM({{tbl:{T_PLAN}:budget}})", "money"),)),
    ]
    sheets = (
        Sheet(SUMMARY, tuple(summary_blocks), (30, 40, 14, 14, 12)),
        Sheet(FORM_SHEET, (Text(form.title, "title"), Text(stamp, "note"),
                           Text("กรอกคะแนนในช่องสีเหลือง: ตัวชี้วัดที่คำนวณจากทะเบียนแล้ว ให้กรอกเฉพาะเมื่อต้องการแก้ไข พร้อมเหตุผล", "note"),
                           Table(ASSESS_COLS, tuple(rows), T_ASSESS)),
              tuple(c.width for c in ASSESS_COLS), landscape=True),
        Sheet(CRITERIA, (Text("เกณฑ์การให้คะแนน", "title"), Text(stamp, "note"),
                         Table(crit_cols, crit_rows, T_CRIT)), tuple(c.width for c in crit_cols), landscape=True),
        Sheet(EVIDENCE, (Text("หลักฐานจากทะเบียนของสถาบัน", "title"),
                         Table(ev_cols, ev_rows, T_EVID)), tuple(c.width for c in ev_cols), landscape=True),
        Sheet(MODEL, tuple(model_blocks), (22, 40, 16, 12, 44), landscape=True),
        Sheet(PLAN, tuple(plan_blocks), tuple(c.width for c in PLAN_COLS), landscape=True),
    )
    props = {"cmfi.template_id": TEMPLATE_ID, "cmfi.template_version": TEMPLATE_VERSION,
             "cmfi.form_version": form.version, **(properties or {})}
    return Book(form.title, sheets, props)


def _choose_name(form: Form) -> str:
    levels = sorted(form.levels, key=lambda lv: lv.level)
    expr = '""'
    for lv in levels:
        expr = f'IF({{cell:level}}={lv.level},"{lv.name}",{expr})'
    return expr


def _plan_row(form: Form, p: PlanRow, a: Assessment | None) -> dict:
    score = ""
    if p.no is not None and a is not None and any(s.indicator.no == p.no for s in a.scored):
        s = a.by_no(p.no)
        score = f"{s.final if s.final is not None else '-'}/{s.indicator.max_score}"
    return {"no": p.no, "indicator": p.indicator, "score": score, "activity": p.activity, "owner": p.owner,
            "month": p.month, "budget": p.budget}


def month_text(d: dt.date | None) -> str:
    return f"{thai.THAI_MONTHS_LONG[d.month - 1]} {thai.to_be_year(d)}" if d else ""

