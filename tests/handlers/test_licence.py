"""The desktop path (RunPython → dispatch → handlers) is BSD code: it needs no licence key and
loads none of xlwings' licensed modules beyond the licence probe ``import xlwings`` itself makes
(``xlwings.pro``/``xlwings.pro.utils``, which without a key leaves the remote engine off).  Only
the tests' remote engine uses the key."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap


def test_the_desktop_path_loads_no_licensed_xlwings_module() -> None:
    code = textwrap.dedent("""
        import sys
        import xlwings
        by_xlwings = {m for m in sys.modules if m.startswith("xlwings.pro")}  # its own licence probe
        import cmfi_xl.addin.dispatch, cmfi_xl.addin.ribbon
        import cmfi_xl.handlers.check, cmfi_xl.handlers.new, cmfi_xl.handlers.plan
        import cmfi_xl.handlers.excel, cmfi_xl.handlers.session
        from cmfi_xl.addin.ribbon import available_tags
        assert {"check", "new", "plan", "apply", "help"} <= set(available_tags())
        assert xlwings.__pro__ is False, "a licence key leaked into the environment"
        loaded = sorted(m for m in sys.modules if m.startswith("xlwings.pro") and m not in by_xlwings)
        assert loaded == [], loaded
        print("ok")
    """)
    env = {k: v for k, v in os.environ.items() if k != "XLWINGS_LICENSE_KEY"}
    env["XLWINGS_LICENSE_KEY"] = ""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"
