"""Fixtures of the books' workbook tests (helpers in ``books_workbooks.py``)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from books_workbooks import small_data  # noqa: E402

from cmfi_xl.schema.institution import INSTITUTION  # noqa: E402
from cmfi_xl.xlsx.build import build_workbook  # noqa: E402


@pytest.fixture
def small_workbook(tmp_path: Path) -> Callable[..., Path]:
    def make(name: str = "small.xlsx", **kw: Any) -> Path:
        profile, data = small_data(**kw)
        path = tmp_path / name
        build_workbook(INSTITUTION, profile=profile, data=data).save(path)
        return path

    return make
