"""The fast reader: an .xlsx file's cell values with python-calamine (Rust; values only, formulas
are not evaluated and macros never run) and its Excel Tables from the package's small XML parts
(defusedxml). It builds the same :class:`~cmfi_xl.xlsx.read.RawBook` as openpyxl would
(``read_workbook``; a test compares them) about ten times faster, so ``check``, ``books`` and the
roll-up read with it. The file is always inspected first (:mod:`cmfi_xl.xlsx.safety`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError
from xml.parsers import expat

from defusedxml import EntitiesForbidden, ExternalReferenceForbidden

from cmfi_xl.core.issues import Issue, UnreadableWorkbook
from cmfi_xl.schema.spec import WorkbookSpec
from cmfi_xl.validate.cells import distinct_keys

from .build import HEADER_ROW
from .read import RawBook, RawProfile, RawTable
from .safety import InspectedFile, crc32, inspect_workbook_parts

#: given a table's headers (column index → text), the column indices whose cells to read
#: (``None``: all; an empty set: the header only)
Keep = Callable[[dict[int, Any]], "set[int] | None"]

_CUSTOM_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
_DCTERMS = "{http://purl.org/dc/terms/}"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

#: casefolded table name → (sheet, header row, first col, last col, last row), 1-based.
Places = dict[str, tuple[str, int, int, int, int]]



@dataclass(frozen=True)
class Package:
    props: dict[str, str]  # custom document properties as text
    modified: str  # dcterms:modified (ISO, no "Z")
    tables: Places
    sheet_parts: dict[str, str] = dataclasses.field(default_factory=dict)  # sheet name → its part


class _Enough(Exception):
    pass


def _flat(data: bytes, max_depth: int = 3, until: str | None = None, *, root_only: bool = False) -> list[list[Any]]:
    """The elements of a small XML part (down to ``max_depth``, the root being 1) in document
    order as ``[depth, tag, attributes, text]``,
    tags and attribute names spelled as ElementTree spells them (``{namespace}name``) and text as
    its ``.text`` (the characters before the first child). The same parse as defusedxml's
    ``fromstring`` (expat, entity declarations and external references refused) without building
    a tree: the table parts, relationships and properties are read for every file of the roll-up.
    ``until``: stop after the first element of that tag at depth 2 ends (a part the inspection has
    parsed whole already: the rest is known to be well-formed). ``root_only``: the root's tag and
    attributes only (not its text); the rest is parsed, and refused as above, without a call back
    into Python for each element (a table part, read for its name and range)."""
    out: list[list[Any]] = []
    depth = 0
    cur: list[Any] | None = None

    def name(n: str) -> str:
        return "{" + n if "}" in n else n

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal depth, cur
        depth += 1
        if depth > max_depth:
            cur = None
            return
        cur = [depth, name(tag), {name(k): v for k, v in attrs.items()}, None]
        out.append(cur)
        if root_only:
            p.StartElementHandler = p.EndElementHandler = p.CharacterDataHandler = None

    def end(tag: str) -> None:
        nonlocal depth, cur
        depth -= 1
        cur = None
        if depth == 1 and until is not None and name(tag) == until:
            raise _Enough

    def text(s: str) -> None:
        if cur is not None:
            cur[3] = s if cur[3] is None else cur[3] + s

    def entity(name: str, *args: Any) -> None:
        raise EntitiesForbidden(name, None, None, None, None, None)

    def external(context: str, base: str | None, sysid: str | None, pubid: str | None) -> None:
        raise ExternalReferenceForbidden(context, base, sysid, pubid)

    p = expat.ParserCreate(namespace_separator="}")
    p.buffer_text = True
    p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = start, end, text
    p.EntityDeclHandler, p.UnparsedEntityDeclHandler = entity, entity
    p.ExternalEntityRefHandler = external
    try:
        p.Parse(data, True)
    except _Enough:
        pass
    except expat.ExpatError as exc:  # as defusedxml's fromstring raises it
        err = ParseError(str(exc))
        err.code, err.position = exc.code, (exc.lineno, exc.offset)
        raise err from None
    return out


def _children(elements: list[list[Any]], i: int) -> list[int]:
    """The indices of the child elements of ``elements[i]``."""
    depth = elements[i][0]
    out = []
    for j in range(i + 1, len(elements)):
        if elements[j][0] <= depth:
            break
        if elements[j][0] == depth + 1:
            out.append(j)
    return out


def _rels(zf: zipfile.ZipFile | _Parts, names: set[str], part: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (type, target part) of ``part``; targets resolved to part names."""
    folder, _, base = part.rpartition("/")
    rels_name = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
    if rels_name not in names:
        return {}
    data = zf.read(rels_name)
    hit = _RELS_MEMO.get((folder, data))
    if hit is not None:
        return dict(hit)
    out = {}
    rels = _flat(data, 2)
    for _, tag, rel, _ in (rels[i] for i in _children(rels, 0)):
        if tag != f"{_REL}Relationship":
            continue
        target = rel.get("Target") or ""
        resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[rel.get("Id") or ""] = (rel.get("Type") or "", resolved)
    if len(data) <= _RELS_MEMO_BYTES:
        if len(_RELS_MEMO) >= _RELS_MEMO_LIMIT:
            _RELS_MEMO.clear()
        _RELS_MEMO[(folder, data)] = dict(out)
    return out


#: (folder, a relationships part's bytes) → :func:`_rels`' answer: the parts that link a workbook's
#: sheets and tables are the same bytes in every workbook of a template (a roll-up reads some
#: twenty-five of them per file). Parts that do not parse are never kept.
_RELS_MEMO: dict[tuple[str, bytes], dict[str, tuple[str, str]]] = {}
_RELS_MEMO_LIMIT = 512
_RELS_MEMO_BYTES = 16 * 1024


def _flat_seen(data: bytes, max_depth: int = 3, until: str | None = None, *, root_only: bool = False
               ) -> list[list[Any]]:
    """:func:`_flat` of a part that every workbook of a template has byte for byte (the workbook
    part, the table parts): the answer for the same bytes and arguments is kept (parts up to
    :data:`_FLAT_MEMO_BYTES`; those that do not parse are never kept). Read it, do not change it."""
    key = (data, max_depth, until, root_only)
    hit = _FLAT_MEMO.get(key)
    if hit is None:
        hit = _flat(data, max_depth, until, root_only=root_only)
        if len(data) <= _FLAT_MEMO_BYTES:
            if len(_FLAT_MEMO) >= _FLAT_MEMO_LIMIT:
                _FLAT_MEMO.clear()
            _FLAT_MEMO[key] = hit
    return hit


_FLAT_MEMO: dict[tuple[bytes, int, str | None, bool], list[list[Any]]] = {}
_FLAT_MEMO_LIMIT = 256
_FLAT_MEMO_BYTES = 16 * 1024


def _sheet_parts(zf: zipfile.ZipFile | _Parts, names: set[str]) -> list[tuple[str, str]]:
    """(sheet name, its part) of every sheet of the workbook whose part exists."""
    wb_part = "xl/workbook.xml"
    if wb_part not in names:
        return []
    wb_rels = _rels(zf, names, wb_part)
    workbook = _flat_seen(zf.read(wb_part), until=f"{_MAIN}sheets")  # (the defined names come after)
    at = next((i for i in _children(workbook, 0) if workbook[i][1] == f"{_MAIN}sheets"), None)
    out = []
    for _, _, sh, _ in (workbook[i] for i in ([] if at is None else _children(workbook, at))):
        target = wb_rels.get(sh.get(_R_ID) or "", ("", ""))[1]
        if target in names:
            out.append((sh.get("name") or "", target))
    return out


def table_places(zf: zipfile.ZipFile | _Parts, names: set[str],
                 sheets: list[tuple[str, str]] | None = None) -> Places:
    """Every Excel Table, found the way Excel finds it: workbook → sheets → their table parts
    (``sheets``: :func:`_sheet_parts`, if already known).

    (Read from the small XML parts directly: calamine's table API also loads each table's cells.)"""
    from openpyxl.utils.cell import range_boundaries

    out: Places = {}
    for sheet, target in _sheet_parts(zf, names) if sheets is None else sheets:
        for typ, tpart in _rels(zf, names, target).values():
            if not typ.endswith("/table") or tpart not in names:
                continue
            t = _flat_seen(zf.read(tpart), 1, root_only=True)[0][2]
            name, ref = t.get("displayName") or t.get("name") or "", t.get("ref") or ""
            try:
                c0, r0, c1, r1 = range_boundaries(ref)
            except (ValueError, TypeError):
                continue
            if name and None not in (c0, r0, c1, r1):
                out[name.casefold()] = (sheet, r0, c0, c1, r1)  # type: ignore[assignment]
    return out


class _Parts:
    """The parts of a package held in memory, read straight from its bytes: ``zipfile``'s reader
    costs more than the inflating of a small part, and the roll-up reads some fifty per file.
    The same bytes, sizes and CRC checks; anything unusual (not deflated or stored, flags) goes
    through ``zipfile``."""

    def __init__(self, data: bytes, zf: zipfile.ZipFile | None, inspected: InspectedFile | None = None) -> None:
        self.data, self._zf = data, zf
        self.kept = inspected.parts if inspected is not None else {}
        self.infos = {i.filename: i for i in (inspected.infos if inspected is not None else zf.infolist())}

    @property
    def zf(self) -> zipfile.ZipFile:
        if self._zf is None:
            self._zf = zipfile.ZipFile(io.BytesIO(self.data))
        return self._zf

    def read(self, name: str) -> bytes:
        if name in self.kept:  # inflated by the inspection (its size and CRC checked there)
            return self.kept[name]
        info = self.infos[name]
        off = info.header_offset
        if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) \
                or self.data[off:off + 4] != b"PK\x03\x04":
            return self.zf.read(info)
        n, m = struct.unpack_from("<HH", self.data, off + 26)
        start = off + 30 + n + m
        raw = self.data[start:start + info.compress_size]
        out = raw if info.compress_type == zipfile.ZIP_STORED else zlib.decompress(raw, -15)
        if len(out) != info.file_size or crc32(out) != info.CRC:
            raise zipfile.BadZipFile(f"Bad CRC-32 for file {name!r}")
        return out


def read_package(data: bytes, inspected: InspectedFile | None = None) -> Package:
    """Properties, table places and sheet parts of an *inspected* package (every part's XML is
    DTD-free); given the :class:`InspectedFile` of ``data``, its parts are not inflated again."""
    props: dict[str, str] = {}
    modified = ""
    zf = _Parts(data, None if inspected is not None else zipfile.ZipFile(io.BytesIO(data)), inspected)
    try:
        names = set(zf.infos)
        if "docProps/custom.xml" in names:
            custom = _flat(zf.read("docProps/custom.xml"))
            for i, (depth, tag, attrs, _) in enumerate(custom):
                if depth != 2 or tag != f"{_CUSTOM_NS}property":
                    continue
                value = custom[i + 1] if i + 1 < len(custom) and custom[i + 1][0] == 3 else None
                name = attrs.get("name") or ""
                if name and value is not None:
                    props[name] = (value[3] or "").strip()
        if "docProps/core.xml" in names:
            core = _flat(zf.read("docProps/core.xml"), 2)
            m = next((core[i] for i in _children(core, 0) if core[i][1] == f"{_DCTERMS}modified"), None)
            if m is not None and m[3]:
                modified = m[3].strip().rstrip("Z")
        sheets = _sheet_parts(zf, names)
        tables = table_places(zf, names, sheets)
    finally:
        if zf._zf is not None:
            zf._zf.close()
    return Package(props, modified, tables, dict(sheets))



#: A row of cells that hold a formula and no value (``<c r="F9" s="21"><f>…</f><v/></c>``). The
#: templates pre-fill their formula columns down to row 1,503 / 3,003 with such rows; calamine
#: returns nothing for them (a formula is not evaluated, and there is no value) but parses them,
#: which is most of its time on the households sheet. Only the attributes Excel and openpyxl write
#: are allowed and a formula may hold no markup, so a match is whole elements. (Possessive
#: quantifiers: nothing to backtrack into, twice as fast.)
_AT = rb'<c r="[A-Z]{1,3}+[0-9]{1,7}+"(?: s="[0-9]{1,5}+")?+'  # a cell's start, its place and style
_FORMULA_BODY = rb"><f>[^<]*+</f>(?:<v ?/>|<v></v>)?+</c>"
_FORMULA_CELL = _AT + _FORMULA_BODY
_FORMULA_ROW = rb'<row r="[0-9]{1,7}+"(?: [^<>]*+)?+>(?:' + _FORMULA_CELL + rb')*+</row>'
_FORMULA_ROW_RE = re.compile(_FORMULA_ROW)
_FORMULA_ROWS_RE = re.compile(rb"(?:" + _FORMULA_ROW + rb")*+")


def drop_formula_tail(xml: bytes, proven: ProvenTails | None = None) -> bytes:
    """A worksheet part without the rows at the end of its ``<sheetData>`` that hold only formula
    cells without values (:data:`_FORMULA_ROW`): calamine reads the same values from it (a test
    compares them). The rows are found by a binary search (the tail is pure, the rows before it are
    not, as the templates write them), then all of the cut is matched; a sheet with a comment,
    CDATA section or processing instruction before the cut is left as it is. ``proven``: tails
    already proven pure (:class:`ProvenTails`), where a tail that is one of them is looked up first
    and a tail proven here is remembered."""
    end = xml.rfind(b"</sheetData>")
    start = xml.find(b"<sheetData>", 0, end)
    last = xml.rfind(b"<row ", start, end) if start >= 0 else -1
    if last < 0 or not _FORMULA_ROW_RE.match(xml, last, end):
        return xml

    def first_row(at: int) -> int:
        return xml.find(b"<row ", at, end)

    lo, hi = start, last  # the first row from ``hi`` on is pure; find the least such offset
    while lo < hi:
        mid = (lo + hi) // 2
        if _FORMULA_ROW_RE.match(xml, first_row(mid), end):
            hi = mid
        else:
            lo = mid + 1
    cut = first_row(lo)
    if proven is None or not proven.knows(xml, cut, end):
        while (stop := _formula_rows_end(xml, cut, end)) != end:
            cut = first_row(stop + 1)  # an impure row inside the tail: the cut starts after it
        if proven is not None:
            proven.learn(xml, cut, end)
    if cut == end or not _before_is_plain(xml, cut):
        return xml
    return xml[:cut] + xml[end:]


class ProvenTails:
    """Tails of valueless formula rows already proven pure by :func:`_formula_rows_end` (in this
    process), so that the same tail in the next workbook of a template is proven by one bytes
    comparison: a part's tail ``xml[cut:end]`` (``cut`` at a ``<row `` tag, ``end`` at
    ``</sheetData>``) that is a suffix of a proven tail, byte for byte, is pure as well. (In a run of
    such rows ``<`` starts nothing but their tags, so a suffix that starts with ``<row `` starts at
    one of its rows: it is the proven tail's last rows.) Anything else is proven row by row, as
    before, and remembered. A tail is looked up by its last :data:`KEY_BYTES` bytes; the longest one
    proven for a key is kept, tails of up to :data:`MAX_BYTES`, :data:`BUDGET` bytes in all (a
    template has a few sheets with such a tail, some 700 KB in all; when a new tail would go over,
    the memo starts again)."""

    KEY_BYTES = 256
    MAX_BYTES = 4 * 1024 * 1024
    BUDGET = 16 * 1024 * 1024

    def __init__(self) -> None:
        self.tails: dict[bytes, bytes] = {}
        self.size = 0

    def knows(self, xml: bytes, cut: int, end: int) -> bool:
        size = end - cut
        if size < self.KEY_BYTES or not xml.startswith(b"<row ", cut):
            return False
        tail = self.tails.get(xml[end - self.KEY_BYTES:end])
        return tail is not None and len(tail) >= size and xml.startswith(memoryview(tail)[len(tail) - size:], cut)

    def learn(self, xml: bytes, cut: int, end: int) -> None:
        """Remember ``xml[cut:end]``, proven to be rows of valueless formula cells."""
        size = end - cut
        if not self.KEY_BYTES <= size <= min(self.MAX_BYTES, self.BUDGET) or not xml.startswith(b"<row ", cut):
            return
        key = xml[end - self.KEY_BYTES:end]
        known = self.tails.get(key)
        if known is not None and len(known) >= size:
            return
        self.size -= len(known) if known is not None else 0
        if self.size + size > self.BUDGET:
            self.tails.clear()
            self.size = 0
        self.tails[key] = xml[cut:end]
        self.size += size


#: the tails :func:`reader_package` has proven in this process
PROVEN_TAILS = ProvenTails()


_ROW_AT = re.compile(rb'<row r="([0-9]{1,7}+)"')
_DIGITS_AS_0 = bytes.maketrans(b"123456789", b"000000000")


def _formula_rows_end(xml: bytes, pos: int, end: int) -> int:
    """``_FORMULA_ROWS_RE.match(xml, pos, end).end()``: where the rows of valueless formula cells
    that start at ``pos`` stop, about twice as fast on the templates' tails. A row matched by
    :data:`_FORMULA_ROW_RE` is followed by rows that are the same bytes but for the values of
    their digits (the templates' rows differ in their row numbers only): the run of rows whose
    numbers have as many digits is compared with it at once, digits read as 0. Every class in the
    pattern holds all digits or none and no literal holds one, so a row equal to a matched row
    but for its digits is matched the same way. Anything else is matched row by row as before."""
    while pos < end:
        m = _FORMULA_ROW_RE.match(xml, pos, end)
        if m is None:
            return pos
        size = m.end() - pos
        number = _ROW_AT.match(xml, pos)
        n = int(number[1]) if number is not None else 0  # (always found: the row matched)
        count = min(10 ** len(str(n)) - n, (end - pos) // size)  # the rows numbered with as many digits
        if count < 2:
            return _FORMULA_ROWS_RE.match(xml, m.end(), end).end()  # type: ignore[union-attr]
        step = max(1, _COMPARE_BYTES // size)  # (compared a few dozen KB at a time: in the cache)
        rows = xml[pos:m.end()].translate(_DIGITS_AS_0) * step
        for at in range(pos, pos + count * size, step * size):
            stop = min(at + step * size, pos + count * size)
            if xml[at:stop].translate(_DIGITS_AS_0) != (rows if stop - at == len(rows) else rows[:stop - at]):
                return _FORMULA_ROWS_RE.match(xml, at, end).end()  # type: ignore[union-attr]
        pos += count * size
    return pos


_COMPARE_BYTES = 32 * 1024
#: Rows as openpyxl writes them, of cells calamine reads without fail (an inline text with only the
#: five named entities, a number, a boolean, a formula with an empty, numeric or text value, a
#: styled empty cell): dropping such rows cannot turn a file calamine refuses into one it reads.
_TEXT = rb"[^<&]*+(?:&(?:amp|lt|gt|quot|apos);[^<&]*+)*+"  # (unrolled: half the time of an alternation a byte)
_NUMBER = rb"-?+(?:[0-9]++(?:\.[0-9]*+)?+|\.[0-9]++)(?:[eE][+-]?+[0-9]++)?+"
_VALUE_BODY = (rb'(?:(?: t="n")?+>(?:<f>[^<]*+</f>)?+<v>' + _NUMBER + rb"</v></c>"  # (the place matched once)
               + rb'| t="inlineStr"><is><t(?: xml:space="preserve")?+>' + _TEXT + rb"</t></is></c>"
               + rb'| t="str"><f>[^<]*+</f>(?:<v ?/>|<v>' + _TEXT + rb"</v>)?+</c>"
               + rb'| t="b"><v>[01]</v></c>'
               + rb"|" + _FORMULA_BODY + rb"| ?/>)")


@functools.lru_cache(maxsize=16)
def _value_rows_below(last_row: int) -> re.Pattern[bytes]:
    """Plain rows (``<row>`` elements of cells of :data:`_VALUE_BODY`) with no row and no cell
    numbered ``1`` … ``last_row`` (a negative lookahead before each number), in one match: the same
    as matching plain rows and then finding no ``<row r="N"`` or ``<c r="XN"`` (N in ``1`` …
    ``last_row``), since ``<`` in such rows starts nothing but their tags (text, formulas and
    attributes hold none)."""
    above = b"|".join(str(r).encode() for r in range(1, last_row + 1))
    number = rb'(?!(?:' + above + rb')")[0-9]{1,7}+"'
    at = rb'<c r="[A-Z]{1,3}+' + number + rb'(?: s="[0-9]{1,5}+")?+'
    return re.compile(rb'(?:<row r="' + number + rb'(?: [^<>]*+)?+(?:/>|>(?:' + at + _VALUE_BODY + rb")*+</row>))*+")


_DECLARATION = re.compile(rb"<[!?]")


def _before_is_plain(xml: bytes, cut: int) -> bool:
    """No comment, CDATA section or processing instruction (but the XML declaration) before ``cut``:
    markup found before it is markup, not text."""
    decl = xml.find(b"?>") + 2 if xml.startswith((b"<?xml", b"\xef\xbb\xbf<?xml")) else 0
    # ``_DECLARATION.search(xml, decl, cut) is None``, by looking for the rare ``!`` and ``?`` (a
    # byte search, ten times the regex's speed on a sheet of ``<``) and the byte before each
    for mark in (b"!", b"?"):
        pos, seen = xml.find(mark, decl + 1, cut), 0
        while pos >= 0:
            if xml[pos - 1] == 0x3C:  # "<"
                return False
            seen += 1
            if seen > _MARKS_LOOKED_AT:  # (text full of them: the regex)
                return _DECLARATION.search(xml, decl, cut) is None
            pos = xml.find(mark, pos + 1, cut)
    return True


_MARKS_LOOKED_AT = 16


def keep_head_rows(xml: bytes, last_row: int) -> bytes:
    """A worksheet part with the rows of its ``<sheetData>`` after ``last_row`` dropped (a sheet read
    for its header row only), when that is sure to change nothing calamine reads or refuses: the
    dropped rows are all plain rows of plain cells (:func:`_value_rows_below`), every one of them
    named below ``last_row``, and no comment, CDATA or processing instruction precedes them. Else
    left as it is."""
    end = xml.rfind(b"</sheetData>")
    start = xml.find(b"<sheetData>", 0, end)
    if start < 0 or not 0 < last_row <= 100:
        return xml
    cut = start
    while True:
        cut = xml.find(b"<row ", cut + 1, end)
        if cut < 0:
            return xml  # nothing below
        m = _ROW_AT.match(xml, cut)
        if m is None:
            return xml
        if int(m[1]) > last_row:
            break
    if _value_rows_below(last_row).fullmatch(xml, cut, end) is None or not _before_is_plain(xml, cut):
        return xml
    return xml[:cut] + xml[end:]


def reader_package(inspected: InspectedFile, strip: Collection[str] = (), unread: Collection[str] = (),
                   heads: dict[str, int] | None = None) -> bytes:
    """A ZIP package for calamine, written from the parts the inspection has already inflated and
    checked (stored, so they are not inflated again) and the others' compressed bytes as they are
    (also the parts named in ``unread``: sheets that will not be read, no need to copy them whole);
    the parts named in ``strip`` (worksheets) pass through :func:`drop_formula_tail`, those in
    ``heads`` (part → last row read) through :func:`keep_head_rows`. The same members, in the same
    order, with the same contents (but for the dropped rows)."""
    data, parts = inspected.data, inspected.parts
    chunks: list[bytes] = []
    central: list[bytes] = []
    pos = 0
    for info in inspected.infos:
        name = info.filename.encode("utf-8")
        flags = 0 if name.isascii() else 0x800  # (names as UTF-8)
        body: bytes | memoryview | None = parts.get(info.filename) if info.filename not in unread else None
        if body is not None:
            method, crc = zipfile.ZIP_STORED, info.CRC
            if info.filename in strip:
                thin = drop_formula_tail(body, PROVEN_TAILS)  # type: ignore[arg-type]
                if heads and info.filename in heads:
                    thin = keep_head_rows(thin, heads[info.filename])
                if thin is not body:
                    body, crc = thin, crc32(thin)
            size = usize = len(body)
        else:
            start, end = inspected.spans[info.filename]
            body = memoryview(data)[start:end]
            method, crc, size, usize = info.compress_type, info.CRC, info.compress_size, info.file_size
        head = struct.pack("<HHHHHIIIHH", 20, flags, method, 0, 0x21, crc, size, usize, len(name), 0)
        chunks += [b"PK\x03\x04", head, name, body]  # type: ignore[list-item]
        central.append(b"PK\x01\x02\x14\x00" + head + struct.pack("<HHHII", 0, 0, 0, 0, pos) + name)
        pos += 30 + len(name) + size
    directory = b"".join(central)
    n = len(central)
    end_record = b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, n, n, len(directory), pos, 0)
    chunks += [directory, end_record]
    return b"".join(chunks)


def cell_value(v: Any) -> Any:
    """A calamine value as openpyxl gives it: integral floats → int, dates → datetime, '' → None."""
    if isinstance(v, float):
        return int(v) if v.is_integer() and abs(v) < 2**53 else v
    if isinstance(v, str):
        return v if v else None
    if isinstance(v, dt.datetime):
        return v
    if isinstance(v, dt.date):
        return dt.datetime(v.year, v.month, v.day)
    return v


class Grid:
    """Sheets read on demand from a calamine workbook, cached as lists of rows (0-based)."""

    def __init__(self, wb: Any) -> None:
        self.wb = wb
        self.names: list[str] = list(wb.sheet_names)
        self._cache: dict[str, list[list[Any]]] = {}

    def rows(self, sheet: str) -> list[list[Any]]:
        if sheet not in self._cache:
            self._cache[sheet] = self.wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        return self._cache[sheet]

    def value(self, sheet: str, row: int, col: int) -> Any:  # 1-based
        rows = self.rows(sheet)
        if row - 1 < len(rows) and col - 1 < len(rows[row - 1]):
            return cell_value(rows[row - 1][col - 1])
        return None


def blank(v: Any) -> bool:
    return v is None or v == "" or (isinstance(v, str) and not v.strip())


@dataclass(frozen=True)
class ColumnTable:
    """A :class:`~cmfi_xl.xlsx.read.RawTable` kept column by column (how the roll-up reads, so
    that the checks work a column at a time): ``numbers`` are the rows that have a read cell that
    is not blank, ``columns[idx][i]`` the cell of column ``idx`` on row ``numbers[i]`` (``None``:
    blank). :attr:`rows` gives the RawTable's rows of the same cells."""

    key: str
    name: str
    sheet: str
    header_row: int
    headers: dict[int, Any]
    numbers: list[int]
    columns: dict[int, list[Any]]
    last_table_row: int

    @property
    def rows(self) -> list[tuple[int, dict[int, Any]]]:
        return [(r, {c: col[i] for c, col in self.columns.items() if col[i] is not None})
                for i, r in enumerate(self.numbers)]


def _cell(v: Any) -> Any:
    """A calamine cell as :func:`raw_table` reads it: blank text → ``None``, integral floats →
    int, dates → datetime (the inlined conversion of its hot loop)."""
    t = type(v)
    if t is str:
        return None if not v or v.isspace() else v
    if t is float:
        return int(v) if v.is_integer() and abs(v) < 2**53 else v
    if t is dt.date:
        return dt.datetime(v.year, v.month, v.day)
    return v


def _column_cells(values: list[Any]) -> list[Any]:
    """:func:`_cell` of every value, each distinct value converted once (a column of text: only its
    blank texts change, the others are kept by ``dict.get``'s default)."""
    keys = distinct_keys(values)
    try:
        conv = dict.fromkeys(keys)
    except TypeError:
        return [_cell(v) for v in values]
    if keys is values and set(map(type, conv)) == {str}:
        blanks = dict.fromkeys(filter(str.isspace, conv))
        blanks[""] = None
        return list(map(blanks.get, values, values))
    for k in conv:
        conv[k] = _cell(k if keys is values else k[1])
    return list(map(conv.__getitem__, keys))


def raw_table(grid: Grid, key: str, name: str, sheet: str, header_row: int, c0: int, c1: int | None,
              last_table_row: int | None, keep: Keep | None = None, *, columnar: bool = False
              ) -> RawTable | ColumnTable:
    """One table's header and non-empty rows; ``keep(headers)`` (if given) names the column indices
    whose cells are read (``None``: all; an empty set: the header only). ``columnar``: the same
    cells as a :class:`ColumnTable`."""
    rows = grid.rows(sheet)
    c1 = max(map(len, rows), default=0) if c1 is None else c1
    header = rows[header_row - 1] if header_row - 1 < len(rows) else []
    headers = {c: cell_value(header[c - 1]) for c in range(c0, min(c1, len(header)) + 1) if not blank(header[c - 1])}
    wanted = keep(headers) if keep is not None else None
    cols = [c - 1 for c in range(c0, c1 + 1) if wanted is None or c in wanted]  # ascending
    last = header_row if last_table_row is None else last_table_row
    if columnar:
        body = rows[header_row:]
        short = min(map(len, body), default=0)
        cells = [_column_cells([row[c] for row in body] if c < short else [row[c] if c < len(row) else ""
                                                                         for row in body]) for c in cols]
        on = range(len(body))
        if not any(None not in col for col in cells):  # rows blank in every read column are dropped
            on = sorted(set().union(*({i for i, v in enumerate(col) if v is not None} for col in cells)))
            cells = [[col[i] for i in on] for col in cells]
        return ColumnTable(key, name, sheet, header_row, headers, [header_row + 1 + i for i in on],
                           {c + 1: col for c, col in zip(cols, cells, strict=True)}, last)
    data: list[tuple[int, dict[int, Any]]] = []
    if cols:
        for r in range(header_row, len(rows)):
            row = rows[r]
            n = len(row)
            cells_ = {}
            for c in cols:  # the hot loop of check: cell_value() and blank() inlined
                if c >= n:
                    break
                v = row[c]
                t = type(v)
                if t is str:
                    if not v or v.isspace():
                        continue
                elif t is float:
                    if v.is_integer() and abs(v) < 2**53:
                        v = int(v)
                elif t is dt.date:
                    v = dt.datetime(v.year, v.month, v.day)
                cells_[c + 1] = v
            if cells_:
                data.append((r + 1, cells_))
    return RawTable(key, name, sheet, header_row, headers, data, last)


def find_stamp(grid: Grid, profile_sheet: str) -> tuple[str, str, str] | None:
    """(sheet, template id, version) from the B2:B3 stamp of the profile sheet (or any sheet)."""
    order = ([profile_sheet] if profile_sheet in grid.names else []) + [n for n in grid.names if n != profile_sheet]
    for sheet in order[:4]:
        tid = grid.value(sheet, 2, 2)
        if isinstance(tid, str) and tid.strip().startswith("cmfi-"):
            ver = grid.value(sheet, 3, 2)
            return sheet, tid.strip(), "" if ver is None else str(ver).strip()
    return None



def raw_book(grid: Grid, places: Places, file: str, warnings: list[Issue], stamp: tuple[str, str, str],
             spec: WorkbookSpec, keeper: Callable[[str], Keep | None] | None = None, *,
             columnar: bool = False) -> RawBook:
    """The same :class:`~cmfi_xl.xlsx.read.RawBook` that :func:`~cmfi_xl.xlsx.read.read_workbook`
    builds with openpyxl; ``keeper(table_key)`` may limit the columns whose cells are read (every
    table keeps its header); ``columnar``: its tables as :class:`ColumnTable`."""

    sheet, tid, version = stamp
    tables: dict[str, Any] = {}
    for t in spec.tables:
        hit = places.get(t.name.casefold())
        keep = keeper(t.key) if keeper is not None else None
        if hit is not None:  # (headers from the cells, not the table part: a script may desync them)
            tsheet, hrow, c0, c1, last = hit
            tables[t.key] = raw_table(grid, t.key, t.name, tsheet, hrow, c0, c1, last, keep, columnar=columnar)
        elif t.sheet in grid.names:
            tables[t.key] = raw_table(grid, t.key, "", t.sheet, HEADER_ROW, 1, None, None, keep, columnar=columnar)
        else:
            tables[t.key] = None
    cells = []
    for r, row in enumerate(grid.rows(sheet), 1):
        label = cell_value(row[0]) if row else None
        if blank(label):
            continue
        cells.append((r, label, cell_value(row[1]) if len(row) > 1 else None))
    return RawBook(file, tid, version, list(grid.names), RawProfile(sheet, cells), tables, list(warnings))


def spec_sheets(spec: WorkbookSpec) -> frozenset[str]:
    """The sheets a reader of ``spec`` reads: its tables' and its profile sheet."""
    return frozenset(t.sheet for t in spec.tables) | {spec.profile_sheet}


def open_inspected(inspected: InspectedFile, sheets: Collection[str] = (),
                   heads: Callable[[Package], dict[str, int]] | None = None) -> tuple[Package, Any]:
    """(package, calamine workbook) of an inspected file, nothing inflated twice: the package from
    the inspection's parts, calamine from :func:`reader_package` (the parts of ``sheets`` without
    their tails of empty formula rows; the other sheets can still be read; ``heads(package)``:
    sheet → the last row that will be read of it, the rows after it are left out when that is sure to
    change nothing above). Raises :class:`UnreadableWorkbook` (F006, F005) when calamine
    cannot open it."""
    import python_calamine

    pkg = read_package(inspected.data, inspected)
    strip = {pkg.sheet_parts[s] for s in sheets if s in pkg.sheet_parts}
    unread = set(pkg.sheet_parts.values()) - strip
    cut = {pkg.sheet_parts[s]: r for s, r in (heads(pkg) if heads else {}).items() if s in pkg.sheet_parts}
    try:
        wb = python_calamine.CalamineWorkbook.from_filelike(
            io.BytesIO(reader_package(inspected, strip, unread, cut)), load_tables=False)
    except python_calamine.PasswordError:
        raise UnreadableWorkbook("F006") from None
    except python_calamine.CalamineError as exc:
        raise UnreadableWorkbook("F005", detail=" ".join(str(exc).split())[:160]) from None
    return pkg, wb


def read_raw_fast(path: str | Path, spec: WorkbookSpec) -> RawBook:
    """:func:`~cmfi_xl.xlsx.read.read_raw` with calamine. Raises :class:`UnreadableWorkbook` like it."""
    inspected = inspect_workbook_parts(path)
    report = inspected.report
    pkg, wb = open_inspected(inspected, spec_sheets(spec))
    places = pkg.tables
    with wb:
        grid = Grid(wb)
        stamp = find_stamp(grid, spec.profile_sheet)
        if stamp is None:
            raise UnreadableWorkbook("F010")
        return raw_book(grid, places, str(path), list(report.warnings), stamp, spec)
