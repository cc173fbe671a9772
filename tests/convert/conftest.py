"""The small model-4 institution of the demo (cmfi_xl/demo/model4.py) as a real workbook."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmfi_xl.demo.model4 import PROFILE, small_data
from cmfi_xl.schema.institution import INSTITUTION
from cmfi_xl.xlsx.build import build_workbook


@pytest.fixture
def small_book(tmp_path: Path) -> Path:
    path = tmp_path / "model4.xlsx"
    build_workbook(INSTITUTION, profile=PROFILE, data=small_data()).save(path)
    return path
