"""``cmfi-xl addin install``: put the add-in into the user's XLSTART folder and configure it.

On Windows it copies the .xlam to ``%APPDATA%\\Microsoft\\Excel\\XLSTART`` (per user: no admin
rights needed; Excel opens every file there at start) and writes the add-in's ``xlwings.conf``
sheet:

* ``Interpreter_Win`` = this Python, as ``pythonw.exe`` (no console window flashes);
* ``UDF Modules`` = ``cmfi_udfs``;
* ``PYTHONPATH`` = the repo's ``udfs`` folder, so ``cmfi_udfs`` imports.

Anywhere else (or with ``dry_run=True``) it only prints what it would do.  Either way it returns
the list of actions as text.  Excel must be closed while the file in XLSTART is replaced.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

__all__ = ["install_addin", "default_config", "ADDIN_FILENAME", "UDF_MODULES"]

ADDIN_FILENAME = "cmfi-xl.xlam"
UDF_MODULES = "cmfi_udfs"
REPO_ROOT = Path(__file__).resolve().parents[2]


def _pythonw(python: str) -> str:
    """``...\\python.exe`` -> ``...\\pythonw.exe`` (Windows paths, also when run elsewhere)."""
    head, sep, name = python.replace("/", "\\").rpartition("\\")
    if name.lower() == "python.exe":
        return python[: len(head) + len(sep)] + "pythonw.exe"
    return python


def default_config(python: str | None = None, udfs_dir: str | os.PathLike[str] | None = None
                   ) -> dict[str, str]:
    """The values ``install_addin`` writes to the ``xlwings.conf`` sheet."""
    return {
        "Interpreter_Win": _pythonw(python or sys.executable),
        "UDF Modules": UDF_MODULES,
        "PYTHONPATH": str(Path(udfs_dir) if udfs_dir is not None else REPO_ROOT / "udfs"),
    }


def install_addin(dry_run: bool | None = None, *, xlam: str | os.PathLike[str] | None = None,
                  appdata: str | os.PathLike[str] | None = None, python: str | None = None,
                  udfs_dir: str | os.PathLike[str] | None = None,
                  windows: bool | None = None) -> list[str]:
    """Install the add-in for the current user; returns the actions (done or, dry run, planned).

    ``dry_run``: None = dry run unless on Windows.  ``xlam``: the add-in to install (default:
    ``workbooks/cmfi-xl.xlam``; if that file does not exist it is built first into a temp
    folder from the current sources).  ``appdata``, ``python``, ``udfs_dir``, ``windows`` default
    to this machine's values (tests override them).
    """
    from .xlam import CONFIG_SHEET, build_addin, write_config

    windows = sys.platform == "win32" if windows is None else windows
    if dry_run is None:
        dry_run = not windows
    config = default_config(python, udfs_dir)
    backslashes = windows
    if appdata is None:
        appdata = os.environ.get("APPDATA") if windows else None
        if not appdata:  # show the Windows location in the dry run
            appdata, backslashes = "%APPDATA%", True
    xlstart = Path(appdata) / "Microsoft" / "Excel" / "XLSTART"
    if backslashes:  # Windows paths in the text, also when printed on Linux
        xlstart_text = "\\".join([str(appdata).rstrip("\\/"), "Microsoft", "Excel", "XLSTART"])
    else:
        xlstart_text = str(xlstart)
    target = xlstart / ADDIN_FILENAME
    target_text = xlstart_text + ("\\" if backslashes else "/") + ADDIN_FILENAME
    source = Path(xlam) if xlam is not None else REPO_ROOT / "workbooks" / ADDIN_FILENAME

    actions: list[str] = []
    if not source.is_file():
        actions.append(f"build the add-in from the sources (no {source})")
    actions.append(f"create folder {xlstart_text}")
    actions.append(f"copy {source.name} to {target_text}")
    for key, value in config.items():
        actions.append(f"set {CONFIG_SHEET}!{key} = {value}")
    if windows and not Path(config["Interpreter_Win"]).is_file() and not dry_run:
        raise FileNotFoundError(f"interpreter not found: {config['Interpreter_Win']}")

    if dry_run:
        print("cmfi-xl addin install (dry run: nothing is changed)")
        for a in actions:
            print("  would " + a)
        return actions

    if not source.is_file():
        tmp = Path(tempfile.mkdtemp(prefix="cmfi-addin-"))
        source = build_addin(tmp / ADDIN_FILENAME)
    xlstart.mkdir(parents=True, exist_ok=True)
    tmp_target = target.with_name(target.name + ".new")
    shutil.copyfile(source, tmp_target)
    write_config(tmp_target, config)
    os.replace(tmp_target, target)  # fails (PermissionError) while Excel has the add-in open
    for a in actions:
        print("  " + a)
    return actions
