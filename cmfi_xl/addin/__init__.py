"""The Excel add-in (.xlam): a Thai ribbon whose buttons all call one VBA callback, which passes
the button's tag to Python (:mod:`cmfi_xl.addin.dispatch`).

The .xlam is built from the sources in this package, VBA project included, following [MS-OVBA]
(module source compressed, no p-code, performance cache invalidated: Excel compiles the source
when it opens the add-in).  Nothing here needs Excel or Windows except actually installing.

API::

    build_addin(out_path, buttons=None, *, config=None) -> Path
    install_addin(dry_run=None, *, xlam=None, ...) -> list[str]
    available_tags() -> list[str]          # buttons whose handler has landed
"""

from __future__ import annotations

from .install import install_addin
from .ribbon import BUTTONS, available_tags, customui_xml
from .xlam import build_addin, read_config, write_config

__all__ = ["build_addin", "install_addin", "available_tags", "customui_xml", "BUTTONS",
           "read_config", "write_config"]
