"""One job, three drivers: the :class:`Session` a button's job reads from and writes to.

A job (``run_check``, ``run_plan``, ``run_apply``, ``run_new``) is written once::

    raw = session.raw()               # 1. read everything (cell values, Excel Tables by name)
    ...the core...                    # 2. compute (pure code, no Excel)
    writer(session.target(), ...)     # 3. describe the result on an openpyxl workbook
    session.finish()                  # 4. commit it

and runs unchanged on

* :class:`FileSession` — driver (b), the CLI: reads the .xlsx, the writer changes a copy loaded
  with openpyxl, ``finish`` saves it atomically to ``-o`` (the input is never modified);
* :class:`cmfi_xl.handlers.excel.ExcelSession` — drivers (a) desktop Excel (``Book.caller()``)
  and (c) xlwings' remote engine (tests): reads the open workbook into an in-memory openpyxl
  *shadow* (values and tables), the writer changes the shadow, ``finish`` turns the difference
  into xlwings calls on the open workbook — after checking that every one of them can succeed.

So a button and its ``cmfi-xl`` command run the same reader, core and writer: the only code that
differs is how a workbook is opened and how changes are committed.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any

from openpyxl.workbook.workbook import Workbook

from cmfi_xl.core.issues import Issue
from cmfi_xl.schema.institution import INSTITUTION
from cmfi_xl.schema.spec import WorkbookSpec
from cmfi_xl.xlsx.read import RawBook, read_workbook

__all__ = ["Session", "FileSession"]


class Session(ABC):
    """Where a job reads and writes. ``name`` is the workbook's file name (for titles/messages)."""

    name: str = ""
    #: False when the job must only read (``cmfi-xl check`` without ``-o``)
    writes: bool = True

    @abstractmethod
    def values(self) -> tuple[Workbook, list[Issue]]:
        """The workbook's cell values (formulas as their last computed value) and file warnings."""

    @abstractmethod
    def target(self) -> Workbook:
        """The workbook the writer changes (a copy: nothing reaches the user's file before
        :meth:`finish`)."""

    @abstractmethod
    def replace(self, wb: Workbook) -> None:
        """Commit ``wb`` as the whole new content (the new-workbook button) instead of the target."""

    @abstractmethod
    def finish(self) -> Any:
        """Commit the target's changes; returns the output path or the changes made."""

    def progress(self, text: str) -> None:
        """A progress line: the status bar in Excel, the console on the CLI."""
        print(text, flush=True)

    def raw(self, spec: WorkbookSpec = INSTITUTION) -> RawBook:
        """Everything a job reads: stamp, profile and every table (found by its name)."""
        wb, warnings = self.values()
        return read_workbook(wb, spec, self.name, warnings)


class FileSession(Session):
    """Driver (b): an .xlsx on disk in, a new .xlsx out (``out=None``: read only)."""

    def __init__(self, src: str | Path | None, out: str | Path | None) -> None:
        self.src = None if src is None else Path(src)
        self.out = None if out is None else Path(out)
        self.name = self.src.name if self.src is not None else (self.out.name if self.out else "")
        self.writes = out is not None
        self._values: tuple[Workbook, list[Issue]] | None = None
        self._target: Workbook | None = None

    def values(self) -> tuple[Workbook, list[Issue]]:
        from cmfi_xl.xlsx.safety import safe_load_workbook

        if self._values is None:
            assert self.src is not None
            report, wb = safe_load_workbook(self.src, data_only=True)
            self._values = (wb, list(report.warnings))
        return self._values

    def raw(self, spec: WorkbookSpec = INSTITUTION) -> RawBook:
        """The file read with calamine (:mod:`cmfi_xl.xlsx.fastread`): the same RawBook as
        ``read_workbook(values())``, without loading the whole workbook into openpyxl."""
        if self.src is None:
            return super().raw(spec)
        from cmfi_xl.xlsx.read import read_raw

        return read_raw(self.src, spec)

    def target(self) -> Workbook:
        from cmfi_xl.xlsx.safety import safe_load_workbook

        if self._target is None:
            assert self.src is not None
            _, self._target = safe_load_workbook(self.src)  # formulas kept
        return self._target

    def replace(self, wb: Workbook) -> None:
        self._target = wb

    def finish(self) -> Path | None:
        from cmfi_xl.xlsx.write import save_atomic

        if self.out is None or self._target is None:
            return None
        inputs = (self.src,) if self.src is not None else ()
        return save_atomic(self._target, self.out, inputs=inputs)
