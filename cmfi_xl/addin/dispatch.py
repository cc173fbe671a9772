"""Entry point of the ribbon: ``CmfiRibbon_OnAction`` runs
``RunPython "import cmfi_xl.addin.dispatch as d; d.run('<tag>')"``.

:func:`run` looks the button up in :mod:`cmfi_xl.addin.ribbon`, imports its handler, calls it
with the calling workbook, and turns any exception into a Thai message box: Python never exits
with an error, so xlwings never shows a traceback.  The traceback goes to a log file in the
temp folder (named in the message) for whoever supports the PC.
"""

from __future__ import annotations

import datetime as _dt
import os
import tempfile
import traceback
from pathlib import Path
from typing import Any

from .ribbon import button, resolve_handler

__all__ = ["run", "error_message", "TITLE"]

TITLE = "สถาบันการเงินทุนชุมชน"


def _has_thai(text: str) -> bool:
    return any("\u0e00" <= ch <= "\u0e7f" for ch in text)


def error_message(exc: BaseException, log_path: Path | None = None) -> str:
    """The Thai text shown for ``exc``: its own message when it is Thai (the handlers raise
    errors that name the sheet and cell), otherwise a generic Thai sentence."""
    text = str(exc).strip()
    if _has_thai(text):
        msg = text
    else:
        msg = f"เกิดข้อผิดพลาดที่ไม่คาดคิด ({type(exc).__name__})"
    if log_path is not None:
        msg += f"\nรายละเอียดสำหรับผู้ดูแลระบบ: {log_path}"
    return msg


def _log(tag: str, exc: BaseException) -> Path | None:
    try:
        path = Path(tempfile.gettempdir()) / "cmfi-xl-addin.log"
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"--- {_dt.datetime.now().isoformat(timespec='seconds')} "
                     f"button={tag} pid={os.getpid()}\n")
            fh.write("".join(traceback.format_exception(exc)))
        return path
    except OSError:
        return None


def run(tag: str, book: Any = None) -> bool:
    """Run the handler of the button ``tag`` on ``book`` (default: ``xlwings.Book.caller()``).

    Returns True when the handler finished, False when an error was shown.
    """
    if book is None:
        import xlwings as xw

        book = xw.Book.caller()
    try:
        handler = resolve_handler(button(tag).handler)
        handler(book)
        return True
    except Exception as exc:  # every error becomes a Thai message box
        # a refusal (HandlerError: located, nothing written) is the user's to fix: no log needed
        refused = type(exc).__name__ == "HandlerError"
        msg = error_message(exc, None if refused else _log(tag, exc))
        try:
            book.app.alert(msg, title=TITLE, mode="critical")
        except Exception:  # no Excel to show it (tests, CLI): at least print it
            print(msg)
        return False
    finally:
        try:
            book.app.status_bar = False  # give the status bar back to Excel
        except Exception:
            pass
