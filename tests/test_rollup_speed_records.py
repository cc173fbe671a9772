"""``parse_book`` builds a column table's records with :func:`column_records` straight from the parsed
columns: the same records as ``make_records`` of the rows ``parse_columns`` makes (values, their
order in ``__dict__``, the fields set, the rows dropped for a missing group or household id), on
the tables of real workbooks and on the same tables with cells blanked, made unreadable or given
the wrong type at random; and the same issues as before."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path
from typing import Any

import pytest

from cmfi_xl.core.models import RECORD_TYPES
from cmfi_xl.rollup import read as rollup_read
from cmfi_xl.rollup.sample import base_workbook
from cmfi_xl.validate import book as book_module
from cmfi_xl.validate.book import _required_id, column_records, make_records
from cmfi_xl.validate.tables import column_rows, parse_columns, parsed_columns


def _slow(args: tuple[Any, ...]) -> tuple[tuple[Any, ...], list[Any]]:
    dicts, issues = parse_columns(*args)
    id_key = _required_id(args[0].key)
    model = RECORD_TYPES[args[0].key]
    return make_records(model, dicts if id_key is None else [d for d in dicts if d.get(id_key) is not None]), issues


def _fast(args: tuple[Any, ...]) -> tuple[tuple[Any, ...], list[Any]]:
    numbers, cols, issues = parsed_columns(*args)
    return column_records(RECORD_TYPES[args[0].key], numbers, cols, _required_id(args[0].key)), issues


def _same(args: tuple[Any, ...]) -> int:
    (fast, fast_issues), (slow, slow_issues) = _fast(args), _slow(args)
    assert fast == slow and fast_issues == slow_issues
    for a, b in zip(fast, slow, strict=True):
        assert type(a) is type(b)
        assert list(a.__dict__.items()) == list(b.__dict__.items())
        assert a.model_fields_set == b.model_fields_set
        assert a.__pydantic_extra__ is b.__pydantic_extra__ is None and a.__pydantic_private__ is None
    return len(fast)


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Any, ...]]:
    """The arguments of every ``parsed_columns`` call of the roll-up's read of two real workbooks."""
    folder = tmp_path_factory.mktemp("records")
    seen: list[tuple[Any, ...]] = []
    real = book_module.parsed_columns

    def spy(*args: Any) -> Any:
        seen.append(args)
        return real(*args)

    book_module.parsed_columns = spy  # type: ignore[assignment]
    try:
        for seed, households in ((2571, 60), (2573, 150)):
            path = folder / f"{seed}.xlsx"
            path.write_bytes(base_workbook(seed, households))
            assert type(rollup_read.read_file(path)).__name__ == "Submission"
    finally:
        book_module.parsed_columns = real  # type: ignore[assignment]
    return seen


def test_the_tables_of_real_workbooks_give_the_same_records(tables: list[tuple[Any, ...]]) -> None:
    assert sum(map(_same, tables)) > 500
    assert {a[0].key for a in tables} >= {"contracts", "cash_book", "households", "member_groups", "shares"}


_ODD = ["", "abc", "-5", 1.5, True, "  ", "๑๒", 10**20, "2567-13-45", "x" * 300]


def test_damaged_tables_give_the_same_records(tables: list[tuple[Any, ...]]) -> None:
    rng = random.Random(23)
    for _ in range(8):
        for args in tables:
            table, spec, place, numbers, columns, locator = args
            if not numbers:
                continue
            changed = {idx: list(col) for idx, col in columns.items()}
            for col in changed.values():
                for _ in range(rng.randrange(0, 4)):
                    i = rng.randrange(len(col))
                    col[i] = None if rng.random() < 0.5 else rng.choice(_ODD)
            if changed and rng.random() < 0.2:  # a whole column blank
                changed[rng.choice(list(changed))] = [None] * len(numbers)
            _same((table, spec, place, numbers, changed, locator))


def test_a_table_without_its_id_column_or_with_an_unknown_column(tables: list[tuple[Any, ...]]) -> None:
    for args in tables:
        table, spec, place, numbers, columns, locator = args
        if table.key not in ("households", "member_groups", "contracts") or not numbers:
            continue
        id_key = _required_id(table.key) or "household_id"
        idx = place.columns[id_key][0]
        fewer = dataclasses.replace(place, columns={k: v for k, v in place.columns.items() if k != id_key})
        kept = _same((table, spec, fewer, numbers, {i: c for i, c in columns.items() if i != idx}, locator))
        assert kept == 0 if table.key != "contracts" else kept > 0  # (no id: no group, no household)
        numbers_, cols, _ = parsed_columns(*args)
        extra = [*cols, ("not_a_field", cols[0][1], cols[0][2], cols[0][3])]
        slow_rows = column_rows(numbers_, extra)
        assert slow_rows[0]["not_a_field"] == slow_rows[0][cols[0][0]]
        model = RECORD_TYPES[table.key]
        id_ = _required_id(table.key)
        assert column_records(model, numbers_, extra, id_) == make_records(
            model, slow_rows if id_ is None else [d for d in slow_rows if d.get(id_) is not None])


def test_the_rollup_reads_a_workbook_the_same_both_ways(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "b.xlsx"
    path.write_bytes(base_workbook(2577, 80))
    fast = rollup_read.read_file(path)

    def slow_records(model: Any, numbers: list[int], cols: list[Any], id_key: str | None = None) -> Any:
        rows = column_rows(numbers, cols)
        return make_records(model, rows if id_key is None else [d for d in rows if d.get(id_key) is not None])

    monkeypatch.setattr(book_module, "column_records", slow_records)
    assert rollup_read.read_file(path) == fast
