"""The committee's workbook: written, filled in like a person would, read back; bad entries are
located; the live formulas agree with the Python result when LibreOffice recalculates."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from cmfi_xl.assess import load_form
from cmfi_xl.assess.sheets import ASSESS_COLS, SUMMARY, T_AREAS, T_ASSESS, T_PLAN, T_QUEST
from cmfi_xl.cli import main
from cmfi_xl.commands.assess import run_assessment
from cmfi_xl.render import libreoffice

H = {c.key: c.header for c in ASSESS_COLS}


@pytest.fixture(scope="module")
def draft(demo_book: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("assess") / "draft.xlsx"
    assert main(["assess", str(demo_book), "-o", str(out), "--date", "2026-09-30"]) == 0
    return out


def _table(wb: openpyxl.Workbook, name: str):  # type: ignore[no-untyped-def]
    for ws in wb.worksheets:
        if name in ws.tables:
            ref = ws.tables[name].ref
            first, last = ref.split(":")
            top = int("".join(ch for ch in first if ch.isdigit()))
            bottom = int("".join(ch for ch in last if ch.isdigit()))
            head = {ws.cell(top, c).value: c for c in range(1, ws.max_column + 1) if ws.cell(top, c).value}
            return ws, head, top, bottom
    raise KeyError(name)


def fill(src: Path, dst: Path, scores: dict[int, object], reasons: dict[int, str] | None = None,
         answers: dict[str, object] | None = None) -> Path:
    shutil.copyfile(src, dst)
    wb = openpyxl.load_workbook(dst)
    ws, head, top, bottom = _table(wb, T_ASSESS)
    for r in range(top + 1, bottom + 1):
        no = ws.cell(r, head[H["no"]]).value
        if no in scores:
            ws.cell(r, head[H["committee"]], scores[no])
        if reasons and no in reasons:
            ws.cell(r, head[H["reason"]], reasons[no])
    if answers:
        qws, qhead, qtop, qbottom = _table(wb, T_QUEST)
        for r in range(qtop + 1, qbottom + 1):
            key = qws.cell(r, qhead["รหัส"]).value
            if key in answers:
                qws.cell(r, qhead["คำตอบ (ใช่/ไม่ใช่)"], answers[key])
    wb.save(dst)
    return dst


MANUAL = {10: 2, 14: 2, 15: 1, 16: 3, 17: 1, 18: 2}


def test_draft_has_computed_scores_evidence_and_blank_manual_rows(draft: Path) -> None:
    wb = openpyxl.load_workbook(draft)
    ws, head, top, bottom = _table(wb, T_ASSESS)
    rows = {ws.cell(r, head[H["no"]]).value: r for r in range(top + 1, bottom + 1)}
    assert sorted(rows) == list(range(1, 19))
    assert ws.cell(rows[1], head[H["computed"]]).value == 2  # demo: 8 reps, 3 leaders, G05 unrepresented
    assert ws.cell(rows[10], head[H["computed"]]).value is None
    assert ws.cell(rows[10], head[H["committee"]]).protection.locked is False
    assert str(ws.cell(rows[1], head[H["final"]]).value).startswith("=IF(")
    assert ws.cell(rows[12], head[H["provisional"]]).value == "ชั่วคราว"
    ev = wb["หลักฐาน"]
    refs = [ev.cell(r, 3).value for r in range(1, ev.max_row + 1)]
    assert "คณะกรรมการ!A4:F14" in refs and any(str(x).startswith("ข้อมูลสถาบัน!B") for x in refs)
    props = {p.name: p.value for p in wb.custom_doc_props}
    assert props["cmfi.template_id"] == "cmfi-assessment" and props["cmfi.form_version"] == "2569.1"


def test_committee_scores_override_and_reasons_are_read_back(draft: Path, demo_book: Path, tmp_path: Path) -> None:
    filled = fill(draft, tmp_path / "filled.xlsx", {**MANUAL, 2: 3}, {2: "ประชุมเพิ่มที่ยังไม่ได้ลงทะเบียน"},
                  {"founded_on_savings_group": "ใช่", "individual_members": "ไม่ใช่"})
    before = hashlib.sha256(filled.read_bytes()).hexdigest()
    a, _, issues = run_assessment(demo_book, scores=filled)
    assert a is not None and a.complete and not [i for i in issues if i.severity.value == "error"]
    s2 = a.by_no(2)
    assert (s2.computed.score, s2.committee, s2.final, s2.source) == (2, 3, 3, "override")
    assert a.by_no(10).source == "committee" and a.by_no(10).points == 2  # score 2 → 2 points (criteria)
    assert a.answers["founded_on_savings_group"] is True
    assert a.total == sum(s.points for s in a.scored)
    assert hashlib.sha256(filled.read_bytes()).hexdigest() == before  # the input is never modified


def test_bad_entries_are_located(draft: Path, demo_book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    filled = fill(draft, tmp_path / "bad.xlsx", {10: 5, 14: "สอง", 3: 1}, answers={"separate_books": "บางที"})
    a, _, issues = run_assessment(demo_book, scores=filled)
    wb = openpyxl.load_workbook(filled)
    ws, head, top, bottom = _table(wb, T_ASSESS)
    rows = {ws.cell(r, head[H["no"]]).value: r for r in range(top + 1, bottom + 1)}
    score_col = openpyxl.utils.get_column_letter(head[H["committee"]])
    reason_col = openpyxl.utils.get_column_letter(head[H["reason"]])
    got = {(i.code, i.cell) for i in issues if i.severity.value == "error"}
    assert ("M010", f"{score_col}{rows[10]}") in got  # 5 is outside the criteria 0–3
    assert ("M010", f"{score_col}{rows[14]}") in got  # not a number
    assert ("M011", f"{reason_col}{rows[3]}") in got  # override of a computed score without a reason
    assert any(i.code == "M017" and i.sheet == "รูปแบบการดำเนินงาน" for i in issues)
    assert a is not None and a.by_no(3).source == "computed"  # the unexplained override does not count
    out = tmp_path / "out.xlsx"
    assert main(["assess", str(demo_book), "--scores", str(filled), "-o", str(out)]) == 1
    text = capsys.readouterr().out
    assert f"M011 แบบประเมิน!{reason_col}{rows[3]}" in text and "ต้องเขียนเหตุผล" in text


def test_a_missing_indicator_row_and_another_form_version(draft: Path, demo_book: Path, tmp_path: Path) -> None:
    dst = tmp_path / "short.xlsx"
    shutil.copyfile(draft, dst)
    wb = openpyxl.load_workbook(dst)
    ws, head, top, bottom = _table(wb, T_ASSESS)
    for r in range(top + 1, bottom + 1):
        if ws.cell(r, head[H["no"]]).value == 18:
            for c in head.values():
                ws.cell(r, c).value = None
        if ws.cell(r, head[H["no"]]).value == 17:
            ws.cell(r, head[H["no"]]).value = 19  # an indicator the form does not have
    wb.save(dst)
    _, _, issues = run_assessment(demo_book, scores=dst)
    codes = {i.code for i in issues}
    assert {"M012", "M015"} <= codes


def test_another_form_file_from_the_command_line(demo_book: Path, tmp_path: Path) -> None:
    from cmfi_xl.assess import DEFAULT_FORM

    text = DEFAULT_FORM.read_text(encoding="utf-8").replace('version = "2569.1"', 'version = "2570.1"')
    text = text.replace("from = 0\nto = 53", "from = 0\nto = 20").replace("from = 54\nto = 71", "from = 21\nto = 71")
    form = tmp_path / "form-2570.toml"
    form.write_text(text, encoding="utf-8")
    out = tmp_path / "a2570.xlsx"
    assert main(["assess", str(demo_book), "--form", str(form), "-o", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    assert {p.name: p.value for p in wb.custom_doc_props}["cmfi.form_version"] == "2570.1"
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace("from = 21", "from = 15"), encoding="utf-8")
    assert main(["assess", str(demo_book), "--form", str(bad), "-o", str(tmp_path / "x.xlsx")]) == 1
    assert not (tmp_path / "x.xlsx").exists()


def test_unreadable_scores_file_exits_2(demo_book: Path, tmp_path: Path) -> None:
    junk = tmp_path / "scores.xlsx"
    junk.write_bytes(b"not a workbook")
    assert main(["assess", str(demo_book), "--scores", str(junk), "-o", str(tmp_path / "o.xlsx")]) == 2
    assert main(["assess", str(demo_book), "--scores", str(demo_book), "-o", str(tmp_path / "o.xlsx")]) == 2


@pytest.mark.libreoffice
@pytest.mark.skipif(libreoffice.find_soffice() is None, reason="LibreOffice not installed")
def test_live_formulas_agree_with_the_python_result(draft: Path, demo_book: Path, tmp_path: Path) -> None:
    filled = fill(draft, tmp_path / "filled.xlsx", {**MANUAL, 2: 3, 5: 1}, {2: "ประชุมเพิ่ม"})  # 5: no reason
    a, _, _ = run_assessment(demo_book, scores=filled)
    values = libreoffice.recalculated_values(filled)
    wb = openpyxl.load_workbook(filled)
    ws, head, top, bottom = _table(wb, T_ASSESS)
    sheet = values[ws.title]
    for r in range(top + 1, bottom + 1):
        no = ws.cell(r, head[H["no"]]).value
        s = a.by_no(no)
        fin = sheet.get(f"{openpyxl.utils.get_column_letter(head[H['final']])}{r}")
        pts = sheet.get(f"{openpyxl.utils.get_column_letter(head[H['points']])}{r}")
        assert (fin, pts) == (s.final, float(s.points)), no
    aws, ahead, atop, abottom = _table(wb, T_AREAS)
    for k, ar in enumerate(a.areas):
        col = openpyxl.utils.get_column_letter(ahead["คะแนนที่ได้"])
        assert values[aws.title][f"{col}{atop + 1 + k}"] == float(ar.points)
    summary = values[SUMMARY]
    labels = {v: k for k, v in summary.items() if isinstance(v, str)}
    level_cell = labels["ระดับการพัฒนา"].replace("A", "B")
    total_cell = labels["คะแนนรวม"].replace("A", "B")
    assert summary[total_cell] == float(a.total) and summary[level_cell] == a.level.level
    assert T_PLAN  # the plan table exists in the module's contract


def test_level_rule_area_minimum_drops_a_level() -> None:
    from decimal import Decimal

    from cmfi_xl.assess import level_for

    form, _ = load_form()
    assert form is not None
    assert level_for(form, Decimal(80), {1: Decimal(90), 2: Decimal(90), 3: Decimal(70)}).level == 3
    assert level_for(form, Decimal(80), {1: Decimal(90), 2: Decimal(90), 3: Decimal(50)}).level == 2
    assert level_for(form, Decimal(80), {1: Decimal(90), 2: Decimal(90), 3: Decimal(30)}).level == 1
    assert level_for(form, Decimal(60), {1: Decimal(90), 2: Decimal(90), 3: Decimal(45)}).level == 2
    assert level_for(form, Decimal(53), {1: Decimal(90), 2: Decimal(90), 3: Decimal(90)}).level == 1


@pytest.mark.libreoffice
@pytest.mark.skipif(libreoffice.find_soffice() is None, reason="LibreOffice not installed")
def test_the_assessment_workbook_prints_on_a4(draft: Path, tmp_path: Path) -> None:
    pdf = libreoffice.convert(draft, tmp_path, "pdf")
    sizes = libreoffice.pdf_page_sizes(pdf)
    assert sizes and all(sorted((round(w), round(h))) == [595, 842] for w, h in sizes)
    assert libreoffice.words_past_margin(pdf) == []  # a long evidence list wraps in the note, not off the page

    def squash(s: str) -> str:  # pdftotext may reorder stacked Thai marks: compare base letters
        return re.sub("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\\s]", "", s)

    text = squash(libreoffice.pdf_text(pdf))
    for header in ("แบบประเมินจัดระดับการพัฒนาสถาบันการจัดการเงินทุนชุมชน", "เกณฑ์การให้คะแนน", "ชั่วคราว",
                   "แผนพัฒนาสถาบัน", "หลักฐานจากทะเบียนของสถาบัน", "รูปแบบการดำเนินงานสถาบัน"):
        assert squash(header) in text, header


def test_evidence_cells_link_to_the_institution_workbook(draft: Path, demo_book: Path) -> None:
    wb = openpyxl.load_workbook(draft)
    ws = wb["หลักฐาน"]
    links = [c.hyperlink.target for row in ws.iter_rows() for c in row if c.hyperlink is not None]
    rel = Path(os.path.relpath(demo_book, draft.parent)).as_posix()  # relative: the files travel together
    assert links and all(t.startswith(f"{rel}#'") for t in links)
    assert f"{rel}#'คณะกรรมการ'!A4" in links
