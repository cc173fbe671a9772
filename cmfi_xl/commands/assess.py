"""``cmfi-xl assess``: the yearly assessment workbook (ประเมินจัดระดับการพัฒนาสถาบัน).

At the workshop: (1) ``cmfi-xl assess BOOK.xlsx -o ASSESS.xlsx`` scores what the registers can
tell, with evidence; (2) the committee types the other scores, any override with its reason,
answers about the operating model and edits the plan, in Excel; (3) ``cmfi-xl assess BOOK.xlsx
--scores ASSESS.xlsx -o FINAL.xlsx`` checks every entry (located errors) and gives the level.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

DEMO_ORDER = 20


def register(sub: Any) -> None:
    p = sub.add_parser("assess", help="ประเมินจัดระดับการพัฒนาสถาบัน / the yearly assessment workbook")
    p.add_argument("book", help="the institution workbook (BOOK.xlsx)")
    p.add_argument("-o", "--output", required=True, help="ASSESSMENT.xlsx to write")
    p.add_argument("--form", help="another form file (TOML); default: the shipped form-2569.toml")
    p.add_argument("--scores", help="the committee's filled assessment workbook (scores, overrides, reasons)")
    p.add_argument("--after", help="the workbook after the debt plan was applied (indicator 9 'after')")
    p.add_argument("--date", help="assessment date YYYY-MM-DD (default today)")
    p.set_defaults(func=cmd_assess)


def run_assessment(book_path: str | Path | None, *, form_path: str | Path | None = None,
                   scores: str | Path | None = None, after: str | Path | None = None, checked: Any = None,
                   committee: Any = None, after_checked: Any = None) -> Any:
    """(assessment, book, issues) or (None, None, issues) when the form or a book has errors.
    A ribbon button reads the open workbook instead of files: ``checked`` is the book already
    read (``check_file``'s triple) instead of ``book_path``; ``committee(form)`` gives the
    committee's entries instead of ``scores``; ``after_checked`` likewise stands for ``after``."""
    from cmfi_xl.assess import Context, assess, load_form
    from cmfi_xl.core.issues import has_errors
    from cmfi_xl.validate.check import check_file
    from cmfi_xl.xlsx.assess import read_committee

    form, issues = load_form(form_path)
    if form is None:
        return None, None, issues
    book, b_issues, loc = checked if checked is not None else check_file(book_path)
    errors = [i for i in b_issues if i.severity.value == "error"]
    if has_errors(errors):
        return None, None, issues + errors
    after_book = after_loc = None
    if after or after_checked is not None:
        after_book, a_issues, after_loc = after_checked if after_checked is not None else check_file(after)
        a_err = [i for i in a_issues if i.severity.value == "error"]
        if a_err:
            return None, None, issues + a_err
    inp = committee(form) if committee is not None else read_committee(scores, form) if scores else None
    a = assess(form, Context(book, loc, after=after_book, after_loc=after_loc), inp)
    return a, book, issues + list(a.issues)


def _properties(book: Any, a: Any) -> dict[str, str]:
    return {"cmfi.village_code": book.profile.village_code or "", "cmfi.fiscal_year": str(a.fiscal_year)}


def write_assessment(a: Any, book: Any, out: str | Path, *, inputs: tuple[str | Path, ...] = (),
                     on: dt.date | None = None, book_path: str | Path | None = None) -> Path:
    import os

    from cmfi_xl.xlsx.assess import write_book

    link = ""
    if book_path is not None:  # evidence links open the institution workbook, relative to the output
        link = Path(os.path.relpath(Path(book_path).resolve(), Path(out).resolve().parent)).as_posix()
    return write_book(assessment_doc(a, book, on=on, book_file=link), out, inputs=inputs)


def assessment_doc(a: Any, book: Any, *, on: dt.date | None = None, book_file: str = "") -> Any:
    """The assessment workbook's sheet description (the CLI's file, or the button's sheets)."""
    from cmfi_xl.assess.sheets import assessment_book

    return assessment_book(a.form, a, profile=book.profile, on=on or dt.date.today(),
                           properties=_properties(book, a), book_file=book_file)


def print_assessment(a: Any) -> None:
    for r in a.areas:
        print(f"    ด้านที่ {r.area.no}: {r.points}/{r.max_points} คะแนน (ร้อยละ {r.percent})")
    done = "" if a.complete else " — ยังให้คะแนนไม่ครบ / not complete"
    print(f"    รวม {a.total}/{a.form.max_total} (ร้อยละ {a.percent}) → ระดับ {a.level.level} {a.level.name}{done}")
    m = a.model
    print(f"    รูปแบบการดำเนินงาน: แจ้งไว้ {m.declared or '-'}, จำแนกได้ {m.model or '-'}, "
          f"ต้องปรับ {len(m.gaps)} ประเด็น / operating model")


def cmd_assess(args: argparse.Namespace) -> int:
    from cmfi_xl.cli import CommandError, _print_issues
    from cmfi_xl.core.issues import has_errors
    from cmfi_xl.validate.check import sort_issues

    inputs = tuple(x for x in (args.book, args.scores, args.after) if x)
    if any(Path(args.output).resolve() == Path(x).resolve() for x in inputs):
        raise CommandError("-o must differ from the inputs: they are never modified")
    on = dt.date.fromisoformat(args.date) if args.date else None
    a, book, issues = run_assessment(args.book, form_path=args.form, scores=args.scores, after=args.after)
    _print_issues(sort_issues(issues), limit=40)
    if a is None:
        print("แก้ไขข้อผิดพลาดก่อน / fix the errors first")
        return 1
    out = write_assessment(a, book, args.output, inputs=inputs, on=on, book_path=args.book)
    print_assessment(a)
    print(f"เขียนแบบประเมิน / wrote {out}")
    return 1 if has_errors(issues) else 0


def demo_step(ctx: Any) -> None:
    from cmfi_xl.xlsx.assess import demo_fill_committee

    out = ctx.out / "institution-sample-assessment.xlsx"
    draft = ctx.out / "institution-sample-assessment-draft.xlsx"
    # the year-end book is the one after the plan was applied: its debt-transfer register tells
    # indicator 9 both the "before" (transfers undone) and the "after" (as it is)
    year_end = ctx.files.get("applied") or ctx.files["book"]
    a, book, issues = run_assessment(year_end)
    if a is None:
        ctx.say("ประเมินไม่ได้: ข้อมูลมีข้อผิดพลาด", "assessment skipped: the book has errors")
        ctx.exit_code = 1
        return
    write_assessment(a, book, draft, on=dt.date(2026, 9, 30), book_path=year_end)
    ctx.say(f"ร่างแบบประเมิน (คะแนนจากทะเบียน) {draft}", "drafted the assessment from the registers")
    filled = ctx.out / "institution-sample-assessment-filled.xlsx"
    demo_fill_committee(draft, filled)
    a, book, issues = run_assessment(year_end, scores=filled)
    write_assessment(a, book, out, on=dt.date(2026, 9, 30), book_path=year_end)
    ctx.say(f"(ตัวอย่าง) คณะกรรมการให้คะแนนครบ: ระดับ {a.level.level} {a.level.name}, {a.total}/{a.form.max_total} "
            f"คะแนน → {out}", "(demo) the committee scored the rest; the final assessment")
    print_assessment(a)
    ctx.files["assessment"] = out
    ctx.extra["assessment"] = a


def templates() -> dict[str, Any]:
    def build() -> Any:
        from cmfi_xl.assess import load_form
        from cmfi_xl.assess.sheets import assessment_book
        from cmfi_xl.xlsx.report import render_book

        form, _ = load_form()
        assert form is not None
        return render_book(assessment_book(form))

    return {"cmfi-assessment": build}
