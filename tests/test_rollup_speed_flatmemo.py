"""The workbook part and the table parts, the same bytes in every workbook of a template, are parsed
once (``fastread._flat_seen``): the package read with the memo warm is the package read without it,
for real workbooks one after the other and for a table or workbook part that differs; a part that
does not parse is refused every time (never kept), and the memo stays bounded."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from test_rollup_speed_parts import BAD_TABLES, TABLE, _outcome

from cmfi_xl.rollup.sample import base_workbook
from cmfi_xl.xlsx import fastread
from cmfi_xl.xlsx.fastread import _flat, _flat_seen, read_package


def _cold(data: bytes) -> Any:
    saved = fastread._flat_seen
    fastread._flat_seen = _flat  # type: ignore[assignment]
    try:
        return read_package(data)
    finally:
        fastread._flat_seen = saved  # type: ignore[assignment]


def _rezip(data: bytes, change: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, change.get(info.filename, src.read(info)))
    return out.getvalue()


@pytest.fixture(scope="module")
def books() -> list[bytes]:
    return [base_workbook(2571, 40), base_workbook(2576, 90)]


def test_packages_read_with_the_memo_warm_are_the_same(books: list[bytes]) -> None:
    fastread._FLAT_MEMO.clear()
    for data in [*books, *books]:
        assert read_package(data) == _cold(data)
    assert len(fastread._FLAT_MEMO) >= 20  # the workbook part and some twenty table parts


def test_a_part_that_differs_is_read_as_it_is(books: list[bytes]) -> None:
    data = books[0]
    read_package(data)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        table = next(n for n in zf.namelist() if n.startswith("xl/tables/"))
        body = zf.read(table)
        workbook = zf.read("xl/workbook.xml")
    ref = body.split(b' ref="', 1)[1].split(b'"', 1)[0]
    moved = body.replace(b' ref="' + ref, b' ref="' + ref[:-1] + b"9", 1)
    renamed_sheet = workbook.replace(b'name="', b'name="X', 1)
    for change in ({table: moved}, {"xl/workbook.xml": renamed_sheet}, {table: moved, "xl/workbook.xml": renamed_sheet}):
        other = _rezip(data, change)
        assert read_package(other) == _cold(other) != read_package(data)


@pytest.mark.parametrize("how", sorted(BAD_TABLES))
def test_a_bad_part_is_refused_every_time_and_never_kept(how: str) -> None:
    data = BAD_TABLES[how]
    first = _outcome(lambda d: _flat_seen(d, 1, root_only=True), data)
    assert first == _outcome(lambda d: _flat_seen(d, 1, root_only=True), data) == _outcome(
        lambda d: _flat(d, 1, root_only=True), data)
    assert ((data, 1, None, True) in fastread._FLAT_MEMO) is (first[0] == "ok")


def test_the_memo_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastread, "_FLAT_MEMO", {})
    monkeypatch.setattr(fastread, "_FLAT_MEMO_LIMIT", 8)
    for i in range(30):
        assert _flat_seen(TABLE % f"<x>{i}</x>".encode(), 1, root_only=True)[0][2]["name"] == "tblX"
    assert 0 < len(fastread._FLAT_MEMO) <= 8
    big = TABLE % (b"<x/>" * 20_000)
    _flat_seen(big, 1, root_only=True)
    assert all(key[0] is not big for key in fastread._FLAT_MEMO)
