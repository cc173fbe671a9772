"""Command modules: each feature adds its ``cmfi-xl`` sub-commands here without editing ``cli.py``.

A module in this package may define:

* ``register(sub)`` — add its sub-command(s) to the argparse sub-parsers, with
  ``set_defaults(func=...)``; ``func(args) -> int`` returns the exit code (0 / 1 / 2).
* ``DEMO_ORDER: int`` and ``demo_step(ctx: DemoContext) -> None`` — its step in ``cmfi-xl demo``,
  run after the built-in steps in ascending ``DEMO_ORDER``.
* ``templates() -> dict[str, Callable[[], openpyxl.Workbook]]`` — template files it owns, by
  template id; ``cmfi-xl template build`` writes each to ``workbooks/templates/<id>.xlsx``.

Modules are discovered with :mod:`pkgutil`; an import error is a real error and propagates.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any


def modules() -> list[ModuleType]:
    """Every command module, sorted by name (stable parser and help order)."""
    names = sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))
    return [importlib.import_module(f"{__name__}.{n}") for n in names]


@dataclass
class DemoContext:
    """What ``cmfi-xl demo`` hands each step. ``files`` maps a role to a path written so far:

    ``book`` (the sample institution workbook), ``checked``, ``planned``, ``approved``, ``applied``;
    steps add their own outputs under new keys so later steps can use them.
    """

    out: Path
    seed: int
    pdf: bool
    say: Callable[[str, str], None]
    files: dict[str, Path] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    exit_code: int = 0


def demo_steps() -> list[ModuleType]:
    mods = [m for m in modules() if hasattr(m, "demo_step")]
    return sorted(mods, key=lambda m: (getattr(m, "DEMO_ORDER", 100), m.__name__))


def templates() -> dict[str, Callable[[], Any]]:
    out: dict[str, Callable[[], Any]] = {}
    for m in modules():
        if hasattr(m, "templates"):
            out.update(m.templates())
    return out
