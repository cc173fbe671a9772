"""Shared fixtures: real workbooks built by the real builder, mutated the way users mutate them."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from cmfi_xl.demo.sample import sample_institution
from cmfi_xl.schema.institution import INSTITUTION
from cmfi_xl.xlsx.build import build_workbook


@pytest.fixture(scope="session")
def sample_data() -> tuple[dict, dict]:
    return sample_institution()


@pytest.fixture(scope="session")
def demo_book(tmp_path_factory: pytest.TempPathFactory, sample_data: tuple[dict, dict]) -> Path:
    """The demo institution workbook, built once per test session. Copy it before mutating."""
    profile, data = sample_data
    path = tmp_path_factory.mktemp("demo") / "institution-sample.xlsx"
    build_workbook(INSTITUTION, profile=profile, data=data).save(path)
    return path


@pytest.fixture
def book_copy(demo_book: Path, tmp_path: Path) -> Callable[[str], Path]:
    def make(name: str = "book.xlsx") -> Path:
        dst = tmp_path / name
        shutil.copyfile(demo_book, dst)
        return dst

    return make
