"""The package's small parts are read faster without reading anything else: a relationships part
already seen (the same bytes in the same folder) gives the same relationships from a memo, and a
table part is read for its root's attributes with the rest parsed in C (``_flat(root_only=True)``).
Both give what the full parse gives (defusedxml's ``fromstring`` included), and refuse what it
refuses: malformed XML after the root, undefined entities, entity declarations."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from cmfi_xl.rollup.sample import base_workbook
from cmfi_xl.xlsx import fastread
from cmfi_xl.xlsx.fastread import _flat, _rels, read_package

TABLE = (b'<?xml version="1.0" encoding="UTF-8"?><table xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
         b'2006/main" id="3" name="tblX" displayName="tblX" ref="A3:K243"><autoFilter ref="A3:K243"/>'
         b'<tableColumns count="2"><tableColumn id="1" name="a"/><tableColumn id="2" name="b &amp; c"/>'
         b'</tableColumns>%s<tableStyleInfo name="TableStyleMedium2" showRowStripes="1"/></table>')
BAD_TABLES = {
    "unclosed child": TABLE.replace(b"<tableStyleInfo", b"<x><tableStyleInfo") % b"",
    "undefined entity after the root": TABLE % b"<x>&nope;</x>",
    "junk after the root": TABLE % b"" + b"<more/>",
    "mismatched tag": TABLE % b"<x></y>",
    "entity declaration": b'<!DOCTYPE table [<!ENTITY e "x">]>' + (TABLE % b"").split(b"?>", 1)[1],
    "external entity": b'<!DOCTYPE table SYSTEM "http://example.com/t.dtd">' + (TABLE % b"").split(b"?>", 1)[1],
}


def _outcome(fn: Any, data: bytes) -> Any:
    try:
        return "ok", fn(data)
    except DefusedXmlException as exc:
        return "refused", type(exc).__name__
    except Exception as exc:  # noqa: BLE001 - ParseError: compare type, code, position
        return "error", type(exc).__name__, getattr(exc, "code", None), getattr(exc, "position", None)


def test_a_table_part_root_is_read_as_a_whole_parse_reads_it() -> None:
    data = TABLE % b"<x>text<y/></x>"
    fast, whole = _flat(data, 1, root_only=True), _flat(data, 1)
    assert fast[0][:3] == whole[0][:3] and len(fast) == len(whole) == 1
    assert fast[0][2] == {k: v for k, v in fromstring(data).attrib.items()}


@pytest.mark.parametrize("how", sorted(BAD_TABLES))
def test_a_bad_table_part_is_refused_alike(how: str) -> None:
    data = BAD_TABLES[how]
    fast = _outcome(lambda d: _flat(d, 1, root_only=True), data)
    assert fast == _outcome(lambda d: _flat(d, 1), data)
    assert fast[0] != "ok" or how == "external entity"  # (a DTD alone: the inspection refuses it, F008)
    assert (fast[0] == "refused") == (_outcome(fromstring, data)[0] == "refused")


class _Parts:
    def __init__(self, parts: dict[str, bytes]) -> None:
        self.parts = parts

    def read(self, name: str) -> bytes:
        return self.parts[name]


def test_relationships_from_the_memo_are_those_of_the_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    rels = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            b'relationships"><Relationship Id="rId1" Type="http://x/table" Target="../tables/table1.xml"/>'
            b'<Relationship Id="rId2" Type="http://x/other" Target="/xl/abs.xml"/></Relationships>')
    parts = _Parts({"xl/worksheets/_rels/sheet1.xml.rels": rels, "xl/charts/_rels/sheet1.xml.rels": rels})
    monkeypatch.setattr(fastread, "_RELS_MEMO", {})
    first = _rels(parts, set(parts.parts), "xl/worksheets/sheet1.xml")
    assert first == {"rId1": ("http://x/table", "xl/tables/table1.xml"), "rId2": ("http://x/other", "xl/abs.xml")}
    first["rId1"] = ("changed", "")  # the answer is the caller's: the memo keeps its own
    assert _rels(parts, set(parts.parts), "xl/worksheets/sheet1.xml")["rId1"] == ("http://x/table",
                                                                                    "xl/tables/table1.xml")
    other = _rels(parts, set(parts.parts), "xl/charts/sheet1.xml")  # same bytes, another folder
    assert other["rId1"] == ("http://x/table", "xl/tables/table1.xml") and len(fastread._RELS_MEMO) == 2
    parts.parts["xl/charts/_rels/sheet1.xml.rels"] = rels.replace(b"../tables", b"../other")
    assert _rels(parts, set(parts.parts), "xl/charts/sheet1.xml")["rId1"][1] == "xl/other/table1.xml"
    monkeypatch.setattr(fastread, "_RELS_MEMO_LIMIT", 2)
    for n in range(5):  # new parts: the memo stays bounded
        parts.parts["xl/charts/_rels/sheet1.xml.rels"] = rels.replace(b"table1", f"t{n}".encode())
        assert _rels(parts, set(parts.parts), "xl/charts/sheet1.xml")["rId1"][1] == f"xl/tables/t{n}.xml"
        assert len(fastread._RELS_MEMO) <= 2


def test_a_bad_relationships_part_is_refused_every_time(monkeypatch: pytest.MonkeyPatch) -> None:
    parts = _Parts({"xl/_rels/workbook.xml.rels": b"<Relationships><Relationship Id='a'></Relationships>"})
    monkeypatch.setattr(fastread, "_RELS_MEMO", {})
    for _ in range(2):
        assert _outcome(lambda d: _rels(parts, set(parts.parts), "xl/workbook.xml"), b"")[0] == "error"
    assert fastread._RELS_MEMO == {}


def test_the_package_of_a_real_workbook_is_the_same_with_and_without_the_memo(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = base_workbook(2572, 40)
    monkeypatch.setattr(fastread, "_RELS_MEMO", {})
    first, second = read_package(data), read_package(data)
    assert first == second and len(first.tables) >= 20 and fastread._RELS_MEMO
    with zipfile.ZipFile(io.BytesIO(data)) as zf:  # every table as defusedxml reads its part
        for name in zf.namelist():
            if name.startswith("xl/tables/"):
                root = fromstring(zf.read(name))
                place = first.tables[root.get("displayName").casefold()]
                assert place[0] in first.sheet_parts and root.get("ref", "").startswith(f"A{place[1]}")
