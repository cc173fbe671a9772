"""The form is data: the shipped file loads, another year's file loads, bad files give located errors."""

from __future__ import annotations

import copy
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from cmfi_xl.assess import DEFAULT_FORM, load_form, parse_form, reachable_totals
from cmfi_xl.assess.operating import QUESTIONS  # noqa: F401

DOC = tomllib.loads(DEFAULT_FORM.read_text(encoding="utf-8"))


def codes(issues):  # type: ignore[no-untyped-def]
    return [i.code for i in issues]


def test_shipped_form_has_3_areas_18_indicators_and_the_source_names() -> None:
    form, issues = load_form()
    assert issues == [] and form is not None
    assert [a.no for a in form.areas] == [1, 2, 3]
    assert [i.no for i in form.indicators] == list(range(1, 19))
    names = {i.no: i.name for i in form.indicators}
    assert names[1] == "ที่มาของคณะกรรมการ" and names[2] == "การประชุมของคณะกรรมการ"
    assert names[3] == "ที่มาของสมาชิก" and names[4] == "แหล่งที่มาของเงินทุน"
    assert names[5] == "ระเบียบข้อบังคับ" and names[6] == "การจัดทำแผนปฏิบัติการ"
    assert names[7] == "การจัดทำทะเบียนข้อมูล" and names[8] == "การฝากเงินกับธนาคาร"
    assert "1 ครัวเรือน 1 สัญญา" in names[9]
    assert form.provisional and all(i.provisional for i in form.indicators if i.no >= 10)
    # every indicator in exactly one area, areas partition 1..18
    assert sorted(n for a in form.areas for n in a.indicators) == list(range(1, 19))
    # the cut-offs cover every reachable total exactly once
    for t in reachable_totals(form):
        assert sum(lv.low <= t <= lv.high for lv in form.levels) == 1


def test_another_years_form_file_loads_and_changes_the_result(tmp_path: Path) -> None:
    text = DEFAULT_FORM.read_text(encoding="utf-8")
    text = text.replace('version = "2569.1"', 'version = "2570.1"').replace("plan_size = 5", "plan_size = 3")
    text = text.replace("from = 54\nto = 71", "from = 54\nto = 75").replace("from = 72\nto = 90", "from = 76\nto = 90")
    p = tmp_path / "form-2570.toml"
    p.write_text(text, encoding="utf-8")
    form, issues = load_form(p)
    assert issues == [] and form is not None
    assert form.version == "2570.1" and form.plan_size == 3
    assert [(lv.low, lv.high) for lv in form.levels][-1] == (Decimal(76), Decimal(90))


def _bad(mutate) -> list:  # type: ignore[no-untyped-def]
    doc = copy.deepcopy(DOC)
    mutate(doc)
    form, issues = parse_form(doc, "form-bad.toml")
    assert form is None
    return issues


def test_an_indicator_missing_from_a_custom_form_is_located() -> None:
    issues = _bad(lambda d: d["indicators"].pop(13))  # indicator 14 is listed by area 2 but not defined
    m3 = [i for i in issues if i.code == "M003"]
    assert m3 and m3[0].sheet == "form-bad.toml" and m3[0].cell == "areas[1].indicators" and m3[0].value == "14"
    assert "M005" in codes(issues)  # numbering 1..17 no longer contiguous


def test_an_indicator_in_no_area_or_two_areas() -> None:
    issues = _bad(lambda d: d["areas"][2]["indicators"].append(1))
    assert [i.cell for i in issues if i.code == "M004"] == ["indicators[0]"]


def test_overlapping_cut_offs_are_located() -> None:
    def overlap(d):  # type: ignore[no-untyped-def]
        d["levels"][2]["from"] = 70
    issues = _bad(overlap)
    m7 = [i for i in issues if i.code == "M007"]
    assert m7 and m7[0].cell == "levels[2].from" and "ซ้อนทับ" in m7[0].message_th


def test_a_gap_in_the_cut_offs_is_found_from_the_reachable_totals() -> None:
    def gap(d):  # type: ignore[no-untyped-def]
        d["levels"][2]["from"] = 73
    assert "M008" in codes(_bad(gap))


def test_bad_criteria_and_unknown_computation() -> None:
    def dup(d):  # type: ignore[no-untyped-def]
        d["indicators"][0]["criteria"][2]["score"] = 1
    issues = _bad(dup)
    assert [i.cell for i in issues if i.code == "M006"] == ["indicators[0].criteria"]

    def unknown(d):  # type: ignore[no-untyped-def]
        d["indicators"][1]["compute"] = "magic"
    assert [i.cell for i in _bad(unknown) if i.code == "M009"] == ["indicators[1].compute"]


def test_unreadable_form_file(tmp_path: Path) -> None:
    p = tmp_path / "broken.toml"
    p.write_text("version = [unclosed", encoding="utf-8")
    form, issues = load_form(p)
    assert form is None and codes(issues) == ["M001"] and issues[0].sheet == "broken.toml"
    form, issues = load_form(tmp_path / "none.toml")
    assert form is None and codes(issues) == ["M001"]
