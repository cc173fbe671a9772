"""``cmfi-xl report``: the official report sheets that go upward (รายงานผลการดำเนินงานสถาบัน).

Part 1 profile and structure, part 2 assessment results and level, the operations summary with
the figures table the district roll-up reads (``tblReportFigures``). Totals only (PDPA).
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

DEMO_ORDER = 30


def register(sub: Any) -> None:
    p = sub.add_parser("report", help="จัดทำรายงาน / the official report sheets (A4, totals only)")
    p.add_argument("book", help="the institution workbook (BOOK.xlsx)")
    p.add_argument("-o", "--output", required=True, help="REPORT.xlsx to write")
    p.add_argument("--scores", help="the committee's assessment workbook (cmfi-xl assess) for part 2")
    p.add_argument("--form", help="the form file the assessment used (default: the shipped form)")
    p.add_argument("--after", help="the workbook after the debt plan was applied (debt before/after)")
    p.add_argument("--pdf", action="store_true", help="also print REPORT.pdf with LibreOffice")
    p.add_argument("--date", help="report date YYYY-MM-DD (default today); the submission stamp")
    p.set_defaults(func=cmd_report)


def build_input(a: Any, book: Any, after: Any = None, on: dt.date | None = None) -> Any:
    from cmfi_xl.assess.scoring import contracts_before, debt_state
    from cmfi_xl.core import thai
    from cmfi_xl.report.sheets import ReportInput
    from cmfi_xl.rollup.figures import institution_figures

    start, end = thai.fiscal_year_bounds(a.fiscal_year)
    figures = institution_figures(book, as_of=end)
    return ReportInput(book, figures, a, debt_state(book, contracts_before(book, start, end)),
                       debt_state(after or book), on or dt.date.today())


def make_report(book_path: str | Path, out: str | Path, *, scores: str | Path | None = None,
                form: str | Path | None = None, after: str | Path | None = None, on: dt.date | None = None,
                submitted_at: dt.datetime | None = None) -> tuple[Path | None, list[Any]]:
    from cmfi_xl.xlsx.report import render_book
    from cmfi_xl.xlsx.write import save_atomic

    doc, issues = report_of(book_path, scores=scores, form=form, after=after, on=on, submitted_at=submitted_at)
    if doc is None:
        return None, issues
    inputs = tuple(x for x in (book_path, scores, after) if x)
    return save_atomic(render_book(doc), out, inputs=inputs), issues


def report_of(book_path: str | Path | None, *, scores: str | Path | None = None, form: str | Path | None = None,
              after: str | Path | None = None, on: dt.date | None = None, submitted_at: dt.datetime | None = None,
              checked: Any = None, committee: Any = None) -> tuple[Any, list[Any]]:
    """(the report's sheet description, issues), or (None, issues) when it must not be built.
    ``checked``, ``committee``: the book and the committee's entries read from the ribbon
    button's open workbook instead of ``book_path`` and ``scores`` (see ``run_assessment``)."""
    from cmfi_xl.commands.assess import run_assessment
    from cmfi_xl.core.issues import make_issue
    from cmfi_xl.validate.check import check_file
    from cmfi_xl.xlsx.report import PersonalDataLeak, report_document

    after_checked = check_file(after) if after else None  # read once: the assessment and the report use it
    a, book, issues = run_assessment(book_path, form_path=form, scores=scores, checked=checked,
                                     committee=committee, after_checked=after_checked)
    if a is None or any(i.severity.value == "error" for i in issues):
        return None, issues  # an official report is never built from entries that did not pass
    if scores is None and committee is None:
        issues = [*issues, make_issue("Q001")]
    r = build_input(a, book, after_checked[0] if after_checked else None, on)
    when = submitted_at or dt.datetime.now().replace(microsecond=0)
    try:
        return report_document(r, submitted_at=when), issues
    except PersonalDataLeak as exc:
        return None, [*issues, exc.issue]


def cmd_report(args: argparse.Namespace) -> int:
    from cmfi_xl.cli import CommandError, _print_issues
    from cmfi_xl.core.issues import has_errors
    from cmfi_xl.validate.check import sort_issues

    inputs = tuple(x for x in (args.book, args.scores, args.after) if x)
    if any(Path(args.output).resolve() == Path(x).resolve() for x in inputs):
        raise CommandError("-o must differ from the inputs: they are never modified")
    on = dt.date.fromisoformat(args.date) if args.date else None
    path, issues = make_report(args.book, args.output, scores=args.scores, form=args.form, after=args.after, on=on,
                               submitted_at=dt.datetime.combine(on, dt.time(9, 0)) if on else None)
    # the per-indicator warnings belong to `assess`; here only what concerns the report
    shown = [i for i in issues if i.code not in ("M014",)]
    _print_issues(sort_issues(shown), limit=30)
    if path is None:
        print("ไม่ได้เขียนรายงาน / the report was not written")
        return 1
    print(f"เขียนรายงาน / wrote {path}")
    if args.pdf:
        pdf = render_pdf(path)
        print(f"พิมพ์เป็น PDF / printed {pdf}" if pdf else "ข้าม PDF: ไม่พบ LibreOffice / no LibreOffice")
    return 1 if has_errors(issues) else 0


def render_pdf(path: Path) -> Path | None:
    from cmfi_xl.render import libreoffice

    if libreoffice.find_soffice() is None:
        return None
    return libreoffice.convert(path, path.parent, "pdf")


def demo_step(ctx: Any) -> None:
    out = ctx.out / "institution-sample-report.xlsx"
    year_end = ctx.files.get("applied") or ctx.files["book"]  # the registers after the plan was applied
    path, issues = make_report(year_end, out, scores=ctx.files.get("assessment"),
                               on=dt.date(2026, 10, 5), submitted_at=dt.datetime(2026, 10, 5, 9, 30))
    if path is None:
        ctx.say("ไม่ได้เขียนรายงาน", "the report was not written")
        ctx.exit_code = 1
        return
    ctx.files["report"] = path
    ctx.say(f"รายงานส่วนที่ 1, 2 และสรุปผลการดำเนินงาน (ยอดรวม ไม่มีข้อมูลส่วนบุคคล) {path}",
            "the official report sheets (totals only)")
    if ctx.pdf:
        pdf = render_pdf(path)
        if pdf:
            ctx.say(f"พิมพ์รายงานเป็น PDF {pdf}", "printed the report with LibreOffice")
