"""The roll-up checks the *structure* of a workbook (its S-issues) once per structure
(:func:`cmfi_xl.rollup.read.structure_issues`, memoised on :func:`_structure_key`): the issues are
those of ``parse_book`` of the book with its tables' headers only (the slow path), for a good
book, for damaged structures (a deleted, renamed, duplicated or moved column, a missing table, a
table on another sheet, a missing or odd profile label, header cells of other types) and for
each of them asked again (the memo's answer)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cmfi_xl.rollup import read as rollup_read
from cmfi_xl.rollup.read import _headers_only, _raw_book, header_sheets, structure_issues
from cmfi_xl.rollup.sample import base_workbook
from cmfi_xl.schema.institution import INSTITUTION
from cmfi_xl.validate.book import parse_book
from cmfi_xl.xlsx.fastread import Grid, find_stamp, open_inspected, spec_sheets
from cmfi_xl.xlsx.read import RawProfile
from cmfi_xl.xlsx.safety import inspect_workbook_parts


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The lean RawBook the roll-up reads of a real institution workbook."""
    path = tmp_path_factory.mktemp("structure") / "book.xlsx"
    path.write_bytes(base_workbook(2572, 40))
    inspected = inspect_workbook_parts(path)
    pkg, wb = open_inspected(inspected, spec_sheets(INSTITUTION), header_sheets)
    with wb:
        grid = Grid(wb)
        stamp = find_stamp(grid, INSTITUTION.profile_sheet)
        assert stamp is not None
        return _raw_book(grid, pkg.tables, path.name, [], stamp, lean=True)


def slow(raw: Any) -> list[Any]:
    """What check_lean computed before the memo: parse_book of the headers-only book."""
    headers_only = dataclasses.replace(raw, tables={k: _headers_only(t) for k, t in raw.tables.items()})
    return [i for i in parse_book(headers_only, INSTITUTION)[1] if i.code.startswith("S")]


def with_headers(raw: Any, key: str, change: Callable[[dict[int, Any]], dict[int, Any]], **kw: Any) -> Any:
    t = raw.tables[key]
    return dataclasses.replace(raw, tables={**raw.tables, key: dataclasses.replace(t, headers=change(dict(t.headers)),
                                                                                  **kw)})


def _drop_first(h: dict[int, Any]) -> dict[int, Any]:
    return {c: v for c, v in h.items() if c != min(h)}


def _rename(h: dict[int, Any]) -> dict[int, Any]:
    return {**h, max(h): "คอลัมน์แปลก"}


def _duplicate(h: dict[int, Any]) -> dict[int, Any]:
    return {**h, min(h) + 1: h[min(h)]}


def _swap(h: dict[int, Any]) -> dict[int, Any]:
    a, b = sorted(h)[:2]
    return {**h, a: h[b], b: h[a]}


def _number_header(h: dict[int, Any]) -> dict[int, Any]:
    return {**h, max(h): 1}


def _float_header(h: dict[int, Any]) -> dict[int, Any]:
    return {**h, max(h): 1.0}


def _text_header(h: dict[int, Any]) -> dict[int, Any]:
    return {**h, max(h): "1"}


def _profile(raw: Any, cells: list[tuple[int, Any, Any]], sheet: str | None = None) -> Any:
    return dataclasses.replace(raw, profile=RawProfile(sheet or raw.profile.sheet, cells))


def variants(raw: Any) -> dict[str, Any]:
    from cmfi_xl.validate.tables import norm_header

    labels = {norm_header(f.label) for f in INSTITUTION.profile_fields}
    at = next(i for i, (_, label, _) in enumerate(raw.profile.cells) if norm_header(label) in labels)
    cells = [raw.profile.cells[at], *raw.profile.cells[:at], *raw.profile.cells[at + 1:]]  # a field's label first
    out = {"good": raw}
    for key in ("contracts", "households", "member_groups", "savings" if "savings" in raw.tables else "welfare"):
        for change in (_drop_first, _rename, _duplicate, _swap, _number_header, _float_header, _text_header):
            out[f"{key}:{change.__name__}"] = with_headers(raw, key, change)
    out["contracts on another sheet"] = with_headers(raw, "contracts", lambda h: h, sheet="อื่น")
    out["contracts header row 5"] = with_headers(raw, "contracts", _drop_first, header_row=5)
    out["no contracts table"] = dataclasses.replace(raw, tables={**raw.tables, "contracts": None})
    out["profile label gone"] = _profile(raw, cells[1:])
    out["profile label as a number"] = _profile(raw, [(cells[0][0], 1, cells[0][2]), *cells[1:]])
    out["profile label as 1.0"] = _profile(raw, [(cells[0][0], 1.0, cells[0][2]), *cells[1:]])
    out["profile on another sheet"] = _profile(raw, cells, sheet="อื่น")
    out["older version"] = dataclasses.replace(raw, version="1.0")
    return out


def test_the_structure_is_that_of_the_headers_only_parse(raw: Any) -> None:
    rollup_read._STRUCTURE_MEMO.clear()
    cases = variants(raw)
    expected = {name: slow(r) for name, r in cases.items()}
    assert expected["good"] == []
    assert all(expected[name] for name in cases if name not in ("good", "older version"))  # each one is seen
    assert len({repr(v) for v in expected.values()}) > len(cases) // 2
    for _ in range(2):  # computed, then from the memo
        for name, r in cases.items():
            assert structure_issues(r) == expected[name], name
    assert len(rollup_read._STRUCTURE_MEMO) == len({rollup_read._structure_key(r) for r in cases.values()})


def test_headers_of_other_types_are_other_structures(raw: Any) -> None:
    keys = {rollup_read._structure_key(with_headers(raw, "contracts", change))
            for change in (_number_header, _float_header, _text_header)}
    assert len(keys) == 3


def test_the_memo_answer_is_a_copy_and_stays_bounded(raw: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    rollup_read._STRUCTURE_MEMO.clear()
    bad = with_headers(raw, "contracts", _drop_first)
    first = structure_issues(bad)
    first.clear()
    assert structure_issues(bad) == slow(bad) != []
    monkeypatch.setattr(rollup_read, "_STRUCTURE_MEMO_LIMIT", 3)
    for n in range(10):
        structure_issues(with_headers(raw, "contracts", lambda h, n=n: {**h, 90 + n: f"x{n}"}))
        assert len(rollup_read._STRUCTURE_MEMO) <= 3


def test_an_unhashable_header_takes_the_slow_path(raw: Any) -> None:
    odd = with_headers(raw, "contracts", lambda h: {**h, 99: ["a", "list"]})
    assert structure_issues(odd) == slow(odd)


def test_the_rollup_of_a_damaged_file_names_the_same_structure_issue(tmp_path: Path) -> None:
    """End to end: a file whose contracts lost a required column is rejected with S002 twice
    (the second time from the memo)."""
    import openpyxl

    from cmfi_xl.rollup.read import read_file

    src = tmp_path / "src.xlsx"
    src.write_bytes(base_workbook(2572, 40))
    wb = openpyxl.load_workbook(src)
    t = INSTITUTION.table("contracts")
    wb[t.sheet].delete_cols([c.key for c in t.columns].index("principal") + 1)
    wb.save(tmp_path / "bad.xlsx")
    rollup_read._STRUCTURE_MEMO.clear()
    first, second = read_file(tmp_path / "bad.xlsx"), read_file(tmp_path / "bad.xlsx")
    assert first == second
    assert first.issue.code == "U003" and "S002" in first.issue.message_en  # type: ignore[union-attr]
