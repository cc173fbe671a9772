"""``cmfi-xl demo`` runs the assessment (order 20) then the report (order 30) on the demo's files."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl

from cmfi_xl.commands import DemoContext, demo_steps
from cmfi_xl.render import libreoffice


def test_demo_steps_write_the_assessment_and_the_report(demo_book: Path, tmp_path: Path) -> None:
    from cmfi_xl.commands import assess, report

    assert (assess.DEMO_ORDER, report.DEMO_ORDER) == (20, 30)
    order = [m.__name__.rsplit(".", 1)[1] for m in demo_steps()]
    assert order.index("assess") < order.index("report")
    book = tmp_path / "institution-sample.xlsx"
    shutil.copyfile(demo_book, book)
    lines: list[str] = []
    ctx = DemoContext(out=tmp_path, seed=2569, pdf=libreoffice.find_soffice() is not None,
                      say=lambda th, en: lines.append(th), files={"book": book, "applied": book})
    assess.demo_step(ctx)
    report.demo_step(ctx)
    assert ctx.exit_code == 0
    a = tmp_path / "institution-sample-assessment.xlsx"
    r = tmp_path / "institution-sample-report.xlsx"
    assert ctx.files["assessment"] == a and ctx.files["report"] == r
    assert ctx.extra["assessment"].complete  # the demo committee scored every manual indicator
    wb = openpyxl.load_workbook(a)
    assert "tblAssessment" in wb["แบบประเมิน"].tables
    assert any("ระดับ" in line for line in lines)
    if ctx.pdf:
        assert (tmp_path / "institution-sample-report.pdf").stat().st_size > 10_000
