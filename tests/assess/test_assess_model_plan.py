"""The operating model (รูปแบบที่ 1–4) from the books and the committee's answers; the draft
development plan from the weakest indicators; the pure core imports no Excel library."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal

from assess_helpers import group, rep

from cmfi_xl.assess import Context, assess, classify, load_form
from cmfi_xl.assess.assessment import CommitteeInput, Entry, PlanRow, draft_plan, merge_plan

FORM, _ = load_form()


def _share(no: str, gid: str) -> dict:
    return {"date": dt.date(2025, 11, 1), "receipt_no": no, "group_id": gid, "move": "buy", "units": 10,
            "par_value": Decimal(100), "amount": Decimal(1000)}


def test_desired_model_from_the_books(make_book) -> None:  # type: ignore[no-untyped-def]
    book, loc, _ = make_book({"regulations_clauses": 30, "operating_model": "1"},
                             member_groups=[group("G1"), group("G2", "village_fund")],
                             committee=[rep("ก", "G1"), rep("ข", "G2")], shares=[_share("R1", "G1")],
                             cash_book=[{"date": dt.date(2025, 11, 1), "doc_no": "D1", "description": "หุ้น",
                                         "category": "share_in", "cash_in": Decimal(1000)}])
    m = classify(book, {"founded_on_savings_group": True})
    assert m.model == 1 and m.declared == 1 and m.gaps == ()
    facts = {f.key: f for f in m.facts}
    assert facts["committee"].source == "books" and facts["capital"].votes == (1,)


def test_individual_members_and_a_missing_representative_point_to_model_2(make_book) -> None:  # type: ignore[no-untyped-def]
    book, loc, _ = make_book({"operating_model": "1"}, member_groups=[group("G1"), group("G2", "village_fund")],
                             committee=[rep("ก", "G1")])
    m = classify(book, {"individual_members": True, "founded_on_savings_group": False})
    assert m.model == 2 and m.declared == 1
    gaps = {f.key: f.change_th for f in m.gaps}
    assert "committee" in gaps and "ผู้แทน" in gaps["committee"]
    assert "members" in gaps and "กลุ่มเฉพาะกิจ" in gaps["members"]  # stage 2 of the conversion


def test_an_upgraded_savings_group_is_model_4(make_book) -> None:  # type: ignore[no-untyped-def]
    book, loc, _ = make_book({"operating_model": "4"}, member_groups=[group("G1")], committee=[rep("ก", "G1")])
    m = classify(book, {"upgraded_savings_group": True, "separate_books": False, "own_regulations": False})
    assert m.model == 4
    assert {f.key for f in m.gaps} >= {"founded", "capital", "books", "regulations"}


def test_unknown_facts_do_not_vote(make_book) -> None:  # type: ignore[no-untyped-def]
    book, loc, _ = make_book({"operating_model": None})
    m = classify(book, {})
    assert m.model is None and {f.key for f in m.unknown} >= {"founded", "committee", "books"}


def test_draft_plan_lists_the_weakest_with_owner_month_budget(make_book) -> None:  # type: ignore[no-untyped-def]
    book, loc, _ = make_book(member_groups=[group("G1")])
    inp = CommitteeInput("x.xlsx", FORM.version, {n: Entry(n, 3) for n in (10, 14, 15, 16, 17, 18)})
    a = assess(FORM, Context(book, loc), inp)
    assert a.complete
    # 0 points first: the computed indicators of this nearly empty book
    weakest = sorted((s.points / s.indicator.max_points, s.indicator.no) for s in a.scored)[: FORM.plan_size]
    assert sorted(p.no for p in a.plan) == sorted(no for _, no in weakest)
    for p in a.plan:
        ind = FORM.indicator(p.no)
        assert (p.activity, p.owner, p.budget) == (ind.plan_activity, ind.plan_owner, ind.plan_budget)
        assert p.month == dt.date(2026 + (ind.plan_month + 8) // 12, (ind.plan_month + 8) % 12 + 1, 1)  # FY 2570
    assert a.total == sum(s.points for s in a.scored) and a.level.level == 1


def test_the_committees_plan_edits_are_kept() -> None:
    draft = (PlanRow(2, "ประชุม", "ร่าง", "เลขา", dt.date(2026, 10, 1), Decimal(100), 1, 3),
             PlanRow(9, "หนี้", "ร่าง 9", "กรรมการ", dt.date(2026, 12, 1), Decimal(300), 0, 3))
    mine = (PlanRow(2, "", "ประชุมทุกเดือน", "ประธาน", None, Decimal(0)),
            PlanRow(None, "", "ศึกษาดูงาน", "ประธาน", dt.date(2027, 3, 1), Decimal(9000)))
    merged = merge_plan(draft, mine)
    assert [(p.no, p.activity, p.owner, p.month, p.budget) for p in merged] == [
        (2, "ประชุมทุกเดือน", "ประธาน", dt.date(2026, 10, 1), Decimal(100)),
        (None, "ศึกษาดูงาน", "ประธาน", dt.date(2027, 3, 1), Decimal(9000)),
        (9, "ร่าง 9", "กรรมการ", dt.date(2026, 12, 1), Decimal(300))]
    assert draft_plan(FORM, [], 2569) == ()


def test_the_core_imports_no_excel_library() -> None:
    code = ("import sys, cmfi_xl.assess, cmfi_xl.assess.sheets, cmfi_xl.report.sheets, cmfi_xl.report.doc; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('openpyxl', 'xlwings')]; print(bad); "
            "sys.exit(1 if bad else 0)")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr
