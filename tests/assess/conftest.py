"""Fixtures of the assessment tests: small hand-worked workbooks as real files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from assess_helpers import PROFILE

from cmfi_xl.schema.institution import INSTITUTION
from cmfi_xl.validate.check import check_file
from cmfi_xl.xlsx.build import build_workbook


@pytest.fixture
def make_book(tmp_path: Path) -> Callable[..., tuple[Any, Any, Path]]:
    counter = iter(range(1000))

    def make(profile: dict[str, Any] | None = None, **data: list[dict[str, Any]]) -> tuple[Any, Any, Path]:
        path = tmp_path / f"book{next(counter)}.xlsx"
        build_workbook(INSTITUTION, profile={**PROFILE, **(profile or {})}, data=data).save(path)
        book, issues, loc = check_file(path)
        return book, loc, path

    return make
