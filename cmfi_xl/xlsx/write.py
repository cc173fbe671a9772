"""Writing files safely: never over the input, always atomically (temp file + rename)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from openpyxl.workbook.workbook import Workbook


class OutputError(Exception):
    """The output path is not acceptable (it is the input, or its folder does not exist)."""


def save_atomic(wb: Workbook, out: str | Path, *, inputs: tuple[str | Path, ...] = ()) -> Path:
    out = Path(out)
    for src in inputs:
        if Path(src).exists() and out.exists() and os.path.samefile(src, out):
            raise OutputError(f"refusing to overwrite the input file {src}; choose another -o path")
    if not out.parent.exists():
        raise OutputError(f"folder does not exist: {out.parent}")
    fd, tmp = tempfile.mkstemp(prefix=".cmfi-", suffix=".xlsx", dir=out.parent)
    os.close(fd)
    try:
        wb.save(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the file ordinary permissions
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out
