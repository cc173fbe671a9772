"""Writing files safely: never over the input, always atomically (temp file + rename)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from openpyxl.workbook.workbook import Workbook


class OutputError(Exception):
    """The output path is not acceptable (it is the input, or its folder does not exist)."""


def write_atomic(out: str | Path, write: Callable[[Path], None], *,
                 inputs: tuple[str | Path, ...] = (), suffix: str = ".xlsx") -> Path:
    """``write(tmp)`` into a temp file beside ``out``, then rename it over ``out`` in one step.

    Refuses to replace any of ``inputs``; a failed write leaves ``out`` as it was.
    """
    out = Path(out)
    for src in inputs:
        if Path(src).exists() and out.exists() and os.path.samefile(src, out):
            raise OutputError(f"refusing to overwrite the input file {src}; choose another -o path")
    if not out.parent.exists():
        raise OutputError(f"folder does not exist: {out.parent}")
    fd, tmp = tempfile.mkstemp(prefix=".cmfi-", suffix=suffix, dir=out.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the file ordinary permissions
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


def save_atomic(wb: Workbook, out: str | Path, *, inputs: tuple[str | Path, ...] = ()) -> Path:
    return write_atomic(out, wb.save, inputs=inputs)
