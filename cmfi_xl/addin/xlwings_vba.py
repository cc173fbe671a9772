"""The xlwings VBA module of the add-in: vendored from the installed xlwings wheel.

``cmfi_xl/addin/vba/xlwings.bas`` is xlwings' ``xlwings_custom_addin.bas`` (the VBA xlwings
ships for custom add-ins: ``RunPython``, config lookup, UDF import) with one line changed:
``PROJECT_NAME`` = "xlwings" instead of "myaddin", so the add-in reads its settings from its own
sheet ``xlwings.conf`` (the sheet name is ``PROJECT_NAME & ".conf"``).  The VBA pins the xlwings
version (``XLWINGS_VERSION``, the ``'Version:`` comment and the xlwings DLL names); it must equal
the Python package's version or ``RunPython`` refuses to run.  After upgrading xlwings, run
``python -m cmfi_xl.addin.xlwings_vba`` and rebuild the add-in.
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["VENDORED", "installed_source", "vendor", "pinned_versions", "PROJECT_NAME"]

VENDORED = Path(__file__).with_name("vba") / "xlwings.bas"
PROJECT_NAME = "xlwings"
_UPSTREAM_LINE = b'Public Const PROJECT_NAME As String = "myaddin"'
_OUR_LINE = f'Public Const PROJECT_NAME As String = "{PROJECT_NAME}"'.encode()


def installed_source() -> bytes:
    """xlwings' custom add-in VBA from the installed package, with our PROJECT_NAME."""
    import xlwings

    src = (Path(xlwings.__file__).parent / "xlwings_custom_addin.bas").read_bytes()
    if src.count(_UPSTREAM_LINE) != 1:
        raise RuntimeError("xlwings_custom_addin.bas no longer has the PROJECT_NAME line; "
                           "review cmfi_xl/addin/xlwings_vba.py")
    return src.replace(_UPSTREAM_LINE, _OUR_LINE)


def vendor(dest: Path = VENDORED) -> Path:
    """Refresh the vendored copy from the installed xlwings."""
    dest.write_bytes(installed_source())
    return dest


def pinned_versions(text: str) -> set[str]:
    """Every xlwings version the VBA names: XLWINGS_VERSION, 'Version:, and the DLL names."""
    found = set(re.findall(r'XLWINGS_VERSION As String = "([^"]+)"', text))
    found |= set(re.findall(r"^'Version: (\S+)", text, re.M))
    found |= set(re.findall(r"xlwings(?:32|64)-([0-9][^\"]*?)\.dll", text))
    return found


if __name__ == "__main__":  # pragma: no cover
    print(vendor())
