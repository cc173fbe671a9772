"""The ribbon buttons' handlers: one function per button, taking an ``xlwings.Book``.

Each button's work is a *job* (``run_check``, ``run_new``, ``run_plan``, ``run_apply``) that
the matching ``cmfi-xl`` command runs too, on a :class:`~cmfi_xl.handlers.session.FileSession`;
the button runs it on an :class:`~cmfi_xl.handlers.excel.ExcelSession`.  See docs/handlers.md
for the pattern and how to wire the remaining buttons.
"""
