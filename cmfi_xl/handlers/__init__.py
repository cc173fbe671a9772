"""The ribbon buttons' handlers: one function per button, taking an ``xlwings.Book``.

Each button's work is a *job* (``run_check``, ``run_new``, ``run_books``, ``run_plan``,
``run_apply``, ``run_assess``, ``run_report``, ``run_consolidate``) that the button runs on an
:class:`~cmfi_xl.handlers.excel.ExcelSession`.  The matching ``cmfi-xl`` command runs the same
job on a :class:`~cmfi_xl.handlers.session.FileSession` (check, new, plan, apply-plan), or the
same reader, core and writer functions the job calls (books, assess, report, rollup).  See
docs/handlers.md for the pattern and how to wire a new button.
"""
