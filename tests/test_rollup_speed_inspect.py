"""The inspection remembers what every workbook of a template repeats, and gives the same answers:

* a part that begins with a prolog already passed (the bytes up to the end of the root element's
  start tag, that alone bring expat to it) is not parsed again (``safety._GOOD_PROLOGS``): every bad
  file of ``badfiles`` is refused the same way with the memo warm as with no memo, and so is every
  part of a real workbook with bytes changed near its start (random changes, and DOCTYPE / ENTITY /
  processing instructions / comments put before or after the remembered prolog);
* a content-types part is parsed once per distinct content (``safety._CT_MEMO``): the same parts,
  types and errors, and a caller gets its own dictionaries.
"""

from __future__ import annotations

import random
import zipfile
from pathlib import Path
from typing import Any

import badfiles as bf
import pytest

from cmfi_xl.core.issues import UnreadableWorkbook
from cmfi_xl.rollup.sample import base_workbook
from cmfi_xl.xlsx import safety
from cmfi_xl.xlsx.safety import inspect_workbook_file, inspect_workbook_parts


class _Never(dict):  # type: ignore[type-arg]
    """A memo that remembers nothing (the inspection as it was)."""

    def get(self, *_args: Any) -> None:  # type: ignore[override]
        return None

    def __setitem__(self, key: Any, value: Any) -> None:
        pass


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("inspect") / "book.xlsx"
    path.write_bytes(base_workbook(2572, 50))
    return path


def _outcome(fn: Any, path: Path) -> tuple[Any, ...]:
    try:
        r = fn(path)
    except UnreadableWorkbook as exc:
        return ("refused", exc.issue.code, exc.issue.message_en)
    report = getattr(r, "report", r)
    parts = getattr(r, "parts", None)
    return ("ok", report.sha256, report.kind, report.has_macros, [i.code for i in report.warnings], parts)


def _check(name: str, head: bytes, complete: bool = True) -> tuple[str, str] | None:
    try:
        safety._check_xml(name, head, complete=complete)
    except UnreadableWorkbook as exc:
        return exc.issue.code, exc.issue.message_en
    return None


def _fresh(name: str, head: bytes, complete: bool = True) -> tuple[str, str] | None:
    saved = safety._GOOD_PROLOGS
    safety._GOOD_PROLOGS = _Never()
    try:
        return _check(name, head, complete)
    finally:
        safety._GOOD_PROLOGS = saved


@pytest.mark.parametrize("name", sorted(bf.BAD_FILES))
def test_bad_files_are_refused_the_same_with_the_memos_warm(tmp_path: Path, name: str, book: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    maker, code = bf.BAD_FILES[name]
    path = maker(tmp_path)
    inspect_workbook_parts(book)
    inspect_workbook_parts(bf.make_good_xlsx(tmp_path))
    warm = [_outcome(inspect_workbook_parts, path), _outcome(inspect_workbook_parts, path),
            _outcome(inspect_workbook_file, path)]
    monkeypatch.setattr(safety, "_GOOD_PROLOGS", _Never())
    monkeypatch.setattr(safety, "_CT_MEMO", _Never())
    cold = _outcome(inspect_workbook_parts, path)
    assert warm[0] == warm[1] == cold and warm[2][:3] == cold[:3]
    assert cold[:2] == ("refused", code)


def test_a_good_workbook_is_inspected_the_same(book: Path) -> None:
    first = _outcome(inspect_workbook_parts, book)
    assert first[0] == "ok"
    names = set(first[5])
    assert sum(name in safety._GOOD_PROLOGS for name in names) >= len(names) - 5  # (binary parts: no prolog)
    assert _outcome(inspect_workbook_parts, book) == first


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist() if i.filename.endswith((".xml", ".rels"))}


_INSERTS = [b'<!DOCTYPE x [<!ENTITY a "b">]>', b"<!DOCTYPE x>", b"<!-- c -->", b"<?pi x?>", b"<!ENTITY a 'b'>",
            b"<x/>", b"</x>", b"&amp;", b"<!NOTATION n SYSTEM 'x'>", b" ", b"\x00", b"<", b">", b'"']


def test_parts_changed_near_the_prolog_pass_or_fail_as_without_the_memo(book: Path) -> None:
    rng = random.Random(3)
    members = _members(book)
    for name, xml in members.items():
        _check(name, xml)  # remembered
        prolog = safety._GOOD_PROLOGS.get(name)
        assert prolog is not None and xml.startswith(prolog), name
        where = sorted({0, 1, len(prolog) - 1, len(prolog), len(prolog) + 1, xml.find(b"?>") + 2,
                        rng.randrange(len(prolog))})
        for at in where:
            for insert in _INSERTS:
                changed = xml[:at] + insert + xml[at:]
                for complete in (True, False):
                    assert _check(name, changed, complete) == _fresh(name, changed, complete), (name, at, insert)
                    safety._GOOD_PROLOGS[name] = prolog  # (a changed part that passed may be remembered)


def test_random_bytes_changed_pass_or_fail_as_without_the_memo(book: Path) -> None:
    rng = random.Random(5)
    members = _members(book)
    names = sorted(members)
    hits = 0
    for _ in range(3000):
        name = rng.choice(names)
        xml = members[name]
        _check(name, xml)
        prolog = safety._GOOD_PROLOGS[name]
        changed = bytearray(xml)
        for _ in range(rng.choice((1, 2))):
            changed[rng.randrange(min(len(xml), len(prolog) + 40))] = rng.choice(b'<>!?/="x \x00-[]&;')
        data = bytes(changed)
        hits += data.startswith(prolog)
        assert _check(name, data) == _fresh(name, data), (name, data[:200])
        safety._GOOD_PROLOGS[name] = prolog
    assert hits > 100


def test_a_prolog_is_remembered_only_when_it_reaches_the_root_by_itself() -> None:
    cases = {
        b'<?xml version="1.0"?>\n<a x="1">text</a>': b'<?xml version="1.0"?>\n<a x="1">',
        b"<a/>": b"<a/>",
        b'<a x=">"><b/></a>': None,  # (the first ">" is inside the value)
        b"<!-- > --><a>1</a>": b"<!-- > --><a>",
        '<?xml version="1.0" encoding="UTF-16"?><a b="c"/>'.encode("utf-16"): None,  # ">" is one byte of two
    }
    for xml, expected in cases.items():
        safety._GOOD_PROLOGS.pop("p", None)
        assert _check("p", xml) is None
        assert safety._GOOD_PROLOGS.get("p") == expected, xml


def test_content_types_are_the_same_and_each_caller_gets_its_own(book: Path, tmp_path: Path) -> None:
    ct = _members(book)["[Content_Types].xml"]
    first = safety._content_types("[Content_Types].xml", ct)
    again = safety._content_types("[Content_Types].xml", ct)
    assert first == again and all(a is not b for a, b in zip(first, again, strict=True))
    first[0].clear()
    assert safety._content_types("[Content_Types].xml", ct) == again
    members = bf.zip_members(bf.good_xlsx_bytes())
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(b"<Types", b"<Typos").replace(
        b"</Types>", b"</Typos>")
    path = bf.write_zip(tmp_path / "typos.xlsx", members)
    for _ in range(2):
        assert _outcome(inspect_workbook_parts, path)[:2] == ("refused", "F005")
    assert members["[Content_Types].xml"] not in safety._CT_MEMO


def test_the_memos_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safety, "_GOOD_PROLOGS", {})
    monkeypatch.setattr(safety, "_GOOD_PROLOGS_LIMIT", 10)
    for i in range(35):
        assert _check(f"p{i}", b"<a/>") is None
    assert 0 < len(safety._GOOD_PROLOGS) <= 10
