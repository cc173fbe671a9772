"""ประเมิน: ``cmfi-xl assess BOOK.xlsx -o ASSESS.xlsx [--scores FILLED.xlsx]`` as a job.

The CLI writes the assessment to a separate file, and reads the committee's entries back from
that file (``--scores``).  The button keeps both in the open institution workbook:

1. first press (no assessment sheet in the workbook): the assessment sheets are added, scored
   from the registers — ``cmfi-xl assess BOOK -o ASSESS``;
2. the committee types its scores, overrides with reasons, answers and plan rows into them;
3. next press: those entries are read from the open workbook and the sheets are rebuilt with the
   level — ``cmfi-xl assess BOOK --scores ASSESS -o FINAL``.

Evidence links point to the register cells in the same workbook (the CLI's file links to the
institution file).  A workbook whose registers have errors is refused, naming the first bad cell
(the CLI writes nothing either); errors in the committee's entries are listed in the sheets and
the message box, as the CLI lists them and exits 1.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ._book import BookErrors, read_book
from .session import Session

__all__ = ["run_assess", "assess", "today"]


def _internal_links(wb: Any, sheets: list[str], book_file: str) -> None:
    """``BOOK.xlsx#'Sheet'!A4`` (the CLI's link to the institution file) → ``#'Sheet'!A4``."""
    prefix = book_file + "#"
    for name in sheets:
        for row in wb[name].iter_rows():
            for c in row:
                h = c.hyperlink
                if h is not None and h.target and h.target.startswith(prefix):
                    c.hyperlink = h.target[len(prefix) - 1:]  # as the results sheet's links


def run_assess(session: Session, *, on: dt.date) -> tuple[Any, list[Any], Any]:
    """Score the session's workbook (with the committee's entries when its assessment sheets are
    there) and add / rebuild the assessment sheets. Returns ``(assessment, issues, finish's)``."""
    from cmfi_xl.commands.assess import assessment_doc, run_assessment
    from cmfi_xl.validate.check import sort_issues
    from cmfi_xl.xlsx.assess import committee_of, has_assessment
    from cmfi_xl.xlsx.report import add_rendered_sheets

    checked = read_book(session)
    wb, _ = session.values()
    committee = (lambda form: committee_of(wb, form, session.name)) if has_assessment(wb) else None
    session.progress("ประเมิน … / scoring the assessment")
    a, book, issues = run_assessment(None, checked=checked, committee=committee)
    if a is None:
        raise BookErrors(sort_issues(issues))
    doc = assessment_doc(a, book, on=on, book_file=session.name)
    target = session.target()
    add_rendered_sheets(target, doc)
    _internal_links(target, [s.name for s in doc.sheets], session.name)
    return a, sort_issues(issues), session.finish()


def today() -> dt.date:
    """The assessment date (``assess --date``'s default)."""
    return dt.date.today()


def assess(book: Any) -> None:
    """The ประเมิน button."""
    from .excel import ExcelSession

    session = ExcelSession(book, "ประเมิน")
    a, issues, _ = session.run(run_assess, on=today(), action_th=" แล้วประเมิน")
    done = "" if a.complete else " — ยังให้คะแนนไม่ครบ: คณะกรรมการกรอกคะแนนในแผ่นงานประเมิน แล้วกดปุ่ม ประเมิน อีกครั้ง"
    text = (f"ประเมินเสร็จ: รวม {a.total}/{a.form.max_total} คะแนน (ร้อยละ {a.percent}) → ระดับ {a.level.level} "
            f"{a.level.name}{done}")
    errors = [i for i in issues if i.severity.value == "error"]
    if errors:
        text += f"\nพบข้อผิดพลาด {len(errors)} รายการ เช่น {errors[0].where}: {errors[0].message_th}"
    session.alert(text)
