"""A tail of valueless formula rows already proven pure (in this process) is proven again by one
bytes comparison (:class:`fastread.ProvenTails`, used by ``reader_package``): ``drop_formula_tail``
with the memo cuts exactly what it cuts without it, on real template sheets read one after the
other, on crafted tails (shorter, longer, other numbers, every way a row may differ from the
template's, at the start, middle and end of the tail) and on tails with a random byte changed;
and the memo is really used when the tail is the same."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest
from test_rollup_speed_tail import HOWS, _changed, _data, _doc, _tail

from cmfi_xl.rollup.sample import base_workbook
from cmfi_xl.xlsx import fastread
from cmfi_xl.xlsx.fastread import ProvenTails, drop_formula_tail, read_package
from cmfi_xl.xlsx.safety import inspect_workbook_parts


class _Counting(ProvenTails):
    def __init__(self) -> None:
        super().__init__()
        self.hits = 0

    def knows(self, xml: bytes, cut: int, end: int) -> bool:
        hit = super().knows(xml, cut, end)
        self.hits += hit
        return hit


def _sheets(seed: int, households: int) -> dict[str, bytes]:
    data = base_workbook(seed, households)
    pkg = read_package(data)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(part) for name, part in pkg.sheet_parts.items()}


@pytest.fixture(scope="module")
def books() -> list[dict[str, bytes]]:
    return [_sheets(2571, 40), _sheets(2572, 90), _sheets(2571, 40)]


def test_real_sheets_read_one_after_the_other_are_cut_the_same(books: list[dict[str, bytes]]) -> None:
    proven = _Counting()
    cut = 0
    for sheets in books:
        for name, xml in sheets.items():
            slow = drop_formula_tail(xml)
            assert drop_formula_tail(xml, proven) == slow, name
            cut += len(slow) < len(xml)
    assert cut >= 3 and proven.hits >= 2  # the households' tails at least: the second and third book
    assert all(proven.knows(t, 0, len(t)) for t in proven.tails.values())


def _proven(first: int = 254, last: int = 1503) -> ProvenTails:
    proven = _Counting()
    xml = _doc("".join(_data(r) for r in range(1, first)).encode() + _tail(first, last))
    drop_formula_tail(xml, proven)
    assert len(proven.tails) == 1
    return proven


@pytest.mark.parametrize("first,last", [(254, 1503), (300, 1503), (1400, 1503), (1502, 1503), (200, 1503),
                                        (254, 1502), (254, 1504), (9990, 10020)])
def test_other_tails_are_cut_as_without_the_memo(first: int, last: int) -> None:
    proven = _proven()
    xml = _doc("".join(_data(r) for r in range(1, first)).encode() + _tail(first, last))
    assert drop_formula_tail(xml, proven) == drop_formula_tail(xml) != xml
    assert proven.hits == (1 if first >= 254 and last == 1503 else 0)  # a suffix of the proven tail only
    assert drop_formula_tail(xml, proven) == drop_formula_tail(xml)  # (now remembered: the same again)


@pytest.mark.parametrize("how", HOWS)
@pytest.mark.parametrize("at", [254, 255, 900, 1502, 1503])
def test_a_tail_that_differs_is_cut_as_without_the_memo(how: str, at: int) -> None:
    proven = _proven()
    xml = _doc("".join(_data(r) for r in range(1, 254)).encode() + _tail(254, 1503, {at: _changed(at, how)}))
    assert drop_formula_tail(xml, proven) == drop_formula_tail(xml)


def test_a_random_byte_changed_is_cut_as_without_the_memo() -> None:
    rng = random.Random(11)
    base = _doc("".join(_data(r) for r in range(1, 254)).encode() + _tail(254, 1503))
    start = base.find(b'<row r="254"')
    proven = _proven()
    alphabet = b'<>/="0123456789 acfrsvA$x!-?&;'
    for _ in range(300):
        xml = bytearray(base)
        for _ in range(rng.choice((1, 1, 2))):
            i = rng.randrange(start - 20, len(base) - 30)
            xml[i] = rng.choice(alphabet)
        xml_ = bytes(xml)
        assert drop_formula_tail(xml_, proven) == drop_formula_tail(xml_)
    assert proven.hits > 0  # (changes before the cut leave the tail as proven)


def test_the_reader_package_uses_the_memo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    proven = _Counting()
    monkeypatch.setattr(fastread, "PROVEN_TAILS", proven)
    data = base_workbook(2573, 50)
    path = tmp_path / "b.xlsx"
    path.write_bytes(data)
    inspected = inspect_workbook_parts(path)
    parts = set(read_package(data).sheet_parts.values())
    first = fastread.reader_package(inspected, parts)
    assert proven.tails and proven.hits == 0
    assert fastread.reader_package(inspected, parts) == first
    assert proven.hits >= 1


def test_the_memo_stays_within_its_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ProvenTails, "BUDGET", 1_000_000)
    proven = ProvenTails()
    for last in range(1503, 1603):  # a hundred different tails (their last rows differ)
        xml = _doc("".join(_data(r) for r in range(1, 254)).encode() + _tail(254, last))
        assert drop_formula_tail(xml, proven) == drop_formula_tail(xml)
        assert 0 < proven.size == sum(map(len, proven.tails.values())) <= 1_000_000
