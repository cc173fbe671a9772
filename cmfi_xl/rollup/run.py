"""Run a roll-up over a folder: list the files, read them in parallel processes, consolidate.

``progress(done, total, file_name)`` is called after every file (in the calling process), so a
command-line bar and, later, Excel's status bar (``Application.StatusBar`` from an xlwings
handler) can show it. Reading is the cost; the consolidation itself is instant.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from cmfi_xl.core.issues import Issue, UnreadableWorkbook, make_issue
from cmfi_xl.xlsx.safety import MAX_FILE_BYTES, inspect_workbook_file

from .core import Rejected, Rollup, RosterEntry, Submission, rollup
from .read import read_file

__all__ = ["Progress", "inbox_files", "read_all", "read_roster", "run_rollup"]

Progress = Callable[[int, int, str], None]


def inbox_files(inbox: str | Path, *, exclude: Iterable[str | Path] = ()) -> list[tuple[Path, str]]:
    """Every regular file under ``inbox`` (sub-folders too), as (path, name relative to the inbox),
    sorted by name. Nothing is skipped silently: a stray file gets a status row like any other."""
    root = Path(inbox)
    skip = {Path(p).resolve() for p in exclude}
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for fn in filenames:
            p = Path(dirpath) / fn
            if p.resolve() in skip or not p.is_file():
                continue
            out.append((p, p.relative_to(root).as_posix()))
    return sorted(out, key=lambda x: x[1])


def _read_one(args: tuple[str, str, int]) -> Submission | Rejected:
    path, name, cap = args
    return read_file(path, name, max_bytes=cap)


def _preload() -> None:
    """Import what reading a file needs (and build the lean spec) before the worker processes
    start: forked workers inherit it instead of each doing it again."""
    import python_calamine  # noqa: F401

    from cmfi_xl.rollup import figures  # noqa: F401
    from cmfi_xl.validate import book, check, rules  # noqa: F401

    from .read import lean_spec

    lean_spec()


#: The collector's first threshold while reading (Python's default is 700 new container objects):
#: a file makes thousands (cells, records, parsed values) that live until its figures are taken,
#: and with the default the collector runs ~8 young and ~1 middle-generation passes a file over
#: them (and a full pass every ~15 files): measured ≈ 2 ms of ≈ 32 ms a file. Cyclic garbage (a few
#: hundred objects a file) is still collected, every 10,000 new objects.
READING_GC_THRESHOLD = 10_000


#: glibc's malloc settings while reading (``mallopt``): M_MMAP_THRESHOLD 32 MiB, M_TRIM_THRESHOLD
#: 64 MiB, the most glibc's own dynamic thresholds grow to. A file makes blocks of a few hundred KB
#: (its inflated sheets, the package rebuilt for calamine and calamine's copy of it): with the
#: defaults each is a fresh ``mmap`` or regrown heap, whose pages fault in again for every file
#: (≈ 700 faults, ≈ 1.5 ms of system time a file, measured); with these the heap keeps them.
#: Memory still stays flat (the heap holds at most one file's peak).
MALLOC_SETTINGS = ((-3, 32 * 1024 * 1024), (-1, 64 * 1024 * 1024))  # (M_MMAP_THRESHOLD, M_TRIM_THRESHOLD)
_malloc_tuned: bool | None = None


def tune_malloc() -> bool:
    """Apply :data:`MALLOC_SETTINGS` to this process once (and the workers it forks); ``False`` where
    the C library is not glibc (nothing is done). They are kept: glibc cannot go back to its dynamic
    thresholds, and these are where those end up in a long-running process anyway."""
    global _malloc_tuned
    if _malloc_tuned is None:
        _malloc_tuned = False
        import platform

        if platform.system() == "Linux" and platform.libc_ver()[0] == "glibc":
            import ctypes

            try:
                mallopt = ctypes.CDLL("libc.so.6").mallopt
                _malloc_tuned = all(mallopt(param, value) == 1 for param, value in MALLOC_SETTINGS)
            except (OSError, AttributeError):
                pass
    return _malloc_tuned


@contextlib.contextmanager
def reading_gc() -> Iterator[None]:
    """Fewer young-generation collections while files are read (workers forked inside inherit it),
    and glibc's malloc kept from handing a file's large blocks back (:func:`tune_malloc`)."""
    tune_malloc()
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], READING_GC_THRESHOLD), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def read_all(files: Sequence[tuple[Path, str]], *, workers: int = 2, progress: Progress | None = None,
             max_bytes: int = MAX_FILE_BYTES) -> list[Submission | Rejected]:
    """Read every file; ``workers`` > 1 uses that many processes (results in input order)."""
    with reading_gc():
        return _read_all(files, workers=workers, progress=progress, max_bytes=max_bytes)


def _read_all(files: Sequence[tuple[Path, str]], *, workers: int, progress: Progress | None,
              max_bytes: int) -> list[Submission | Rejected]:
    jobs = [(str(p), name, max_bytes) for p, name in files]
    total = len(jobs)
    out: list[Submission | Rejected] = []

    def tick(r: Submission | Rejected) -> None:
        out.append(r)
        if progress is not None:
            progress(len(out), total, r.file)

    if workers <= 1 or total < 2 * workers:
        for job in jobs:
            tick(_read_one(job))
        return out
    # small chunks: when the files run out, a worker waits for the other's last chunk (≈ 30 ms a
    # file); a chunk's round trip costs ≈ 0.1 ms
    chunk = max(1, min(4, total // (workers * 8)))
    _preload()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for r in pool.map(_read_one, jobs, chunksize=chunk):
            tick(r)
    return out


def read_roster(path: str | Path) -> tuple[list[RosterEntry], list[Issue]]:
    """The district roster: a workbook whose table ``tblRoster`` (or first sheet) has a code column
    (header containing "รหัส" or "code") and a name column ("ชื่อ" / "name"). Codes are text of
    digits (a number typed without its leading zeros is not expected: province codes start at 10)."""
    import python_calamine

    try:
        report = inspect_workbook_file(path)
    except UnreadableWorkbook as exc:
        return [], [make_issue("U017", value=str(path), detail=f"{exc.issue.code} {exc.issue.message_en}")]
    data = Path(path).read_bytes()
    if len(data) != report.size:
        return [], [make_issue("U017", value=str(path), detail="the file changed while it was read")]
    from cmfi_xl.xlsx.fastread import cell_value, read_package

    try:
        wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.CalamineError as exc:
        return [], [make_issue("U017", value=str(path), detail=str(exc)[:120])]
    with wb:
        place = read_package(data).tables.get("tblroster")
        if place is not None:
            sheet, hrow, c0, c1, _ = place
        else:
            sheet, hrow, c0, c1 = wb.sheet_names[0], 0, 1, 10_000
        rows = wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    if hrow == 0:  # no table: the first row that names a code column
        hrow = next((i + 1 for i, row in enumerate(rows) if any(_is_code_header(v) for v in row)), 0)
    if hrow == 0 or hrow > len(rows):
        return [], [make_issue("U017", value=str(path), detail="no column headed รหัส / code")]
    header = rows[hrow - 1]
    cols = range(c0 - 1, min(c1, len(header)))
    code_col = next((c for c in cols if _is_code_header(header[c])), None)
    name_col = next((c for c in cols if _is_name_header(header[c])), None)
    if code_col is None:
        return [], [make_issue("U017", value=str(path), detail="no column headed รหัส / code")]
    entries: dict[str, RosterEntry] = {}
    for row in rows[hrow:]:
        code = cell_value(row[code_col]) if code_col < len(row) else None
        if code is None:
            continue
        code = str(code).strip()
        if not code.isdigit():
            continue
        name = cell_value(row[name_col]) if name_col is not None and name_col < len(row) else None
        entries.setdefault(code, RosterEntry(code, str(name).strip() if name else ""))
    if not entries:
        return [], [make_issue("U017", value=str(path), detail="no codes under the code column")]
    return sorted(entries.values(), key=lambda e: e.code), []


def _is_code_header(v: object) -> bool:
    return isinstance(v, str) and ("รหัส" in v or "code" in v.casefold())


def _is_name_header(v: object) -> bool:
    return isinstance(v, str) and ("ชื่อ" in v or "name" in v.casefold())


def run_rollup(inbox: str | Path, *, roster: str | Path | None = None, unit_code: str | None = None,
               fiscal_year: int | None = None, workers: int = 2, progress: Progress | None = None,
               exclude: Iterable[str | Path] = (), max_bytes: int = MAX_FILE_BYTES) -> Rollup:
    """Read every file of ``inbox`` and consolidate them (the whole job minus writing)."""
    entries: list[RosterEntry] = []
    r_issues: list[Issue] = []
    if roster is not None:
        entries, r_issues = read_roster(roster)
    files = inbox_files(inbox, exclude=[*exclude, *([roster] if roster else [])])
    results = read_all(files, workers=workers, progress=progress, max_bytes=max_bytes)
    return rollup(results, unit_code=unit_code, fiscal_year=fiscal_year, roster=entries, roster_issues=r_issues)
