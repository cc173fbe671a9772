"""The demo institution's report, written once per test session."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cmfi_xl.commands.report import make_report


@pytest.fixture(scope="session")
def demo_report(demo_book: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.xlsx"
    path, issues = make_report(demo_book, out, on=dt.date(2026, 10, 5), submitted_at=dt.datetime(2026, 10, 5, 9, 30))
    assert path is not None, issues
    return path
