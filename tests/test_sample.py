"""The sample institution behind ``cmfi-xl demo --seed N`` is a clean book for any seed."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmfi_xl.demo.sample import sample_institution
from cmfi_xl.schema.institution import INSTITUTION
from cmfi_xl.validate.check import check_file
from cmfi_xl.xlsx.build import build_workbook


@pytest.mark.parametrize("seed", [2569, 2570, 2571, 2572, 2573, 2574])
def test_every_seed_gives_a_book_without_errors(seed: int, tmp_path: Path) -> None:
    # 2570 used to date a share withdrawal before the purchases it withdrew from (R003)
    profile, data = sample_institution(seed=seed, households=60)
    path = tmp_path / f"sample-{seed}.xlsx"
    build_workbook(INSTITUTION, profile=profile, data=data).save(path)
    book, issues, _ = check_file(path)
    assert book is not None
    assert [(i.code, i.cell, i.value) for i in issues if i.severity.value == "error"] == []
    held: dict[str, int] = {}
    for s in data["shares"]:  # in the order the register lists them, no balance goes below zero
        held[s["group_id"]] = held.get(s["group_id"], 0) + (-s["units"] if s["move"] == "withdraw" else s["units"])
        assert held[s["group_id"]] >= 0
