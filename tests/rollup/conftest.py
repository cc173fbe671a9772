"""Roll-up fixtures: real institution workbooks (two built for real, the rest re-tagged copies)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from cmfi_xl.rollup.sample import base_workbook, retag


@pytest.fixture(scope="session")
def bases() -> list[bytes]:
    """Two filled institution workbooks of different sizes (seeds the sample generator checks clean)."""
    return [base_workbook(2571, 80), base_workbook(2572, 40)]


@pytest.fixture
def institution(bases: list[bytes]) -> Callable[..., Path]:
    """Write one institution workbook: ``institution(path, code, base=0, prepared_on=None, factor=None)``."""

    def make(path: Path, code: str, base: int = 0, prepared_on: dt.date | None = None,
             factor: str | None = None, name: str | None = None) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(retag(bases[base], village_code=code, name=name or f"สถาบันการจัดการเงินทุนชุมชน {code}",
                               prepared_on=prepared_on, debt_factor=Decimal(factor) if factor else None))
        return path

    return make
