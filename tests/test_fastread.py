"""The fast reader (calamine + table parts) builds exactly the RawBook openpyxl builds.

``check``, ``books`` and the roll-up read with it, so every way users change a workbook that the
openpyxl reader handles must read the same: typed text, Thai digits, B.E. years, formulas (their
cached values), rows typed below a table, a renamed sheet, moved columns, a lost table object.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from cmfi_xl.render import libreoffice
from cmfi_xl.schema.institution import INSTITUTION
from cmfi_xl.xlsx.fastread import read_raw_fast
from cmfi_xl.xlsx.read import read_workbook
from cmfi_xl.xlsx.safety import safe_load_workbook


def _openpyxl_raw(path: Path):  # type: ignore[no-untyped-def]
    report, wb = safe_load_workbook(path, data_only=True)
    return read_workbook(wb, INSTITUTION, str(path), list(report.warnings))


def _mutate(wb: openpyxl.Workbook) -> None:
    shares = wb["ทะเบียนคุมเงินลงหุ้น"]
    shares["A5"] = "15/01/2569"  # a date typed as text
    shares["G6"] = "๑,๒๓๔.๕๐ บาท"  # Thai digits and a unit
    shares["E7"] = 12.0  # an integral float
    shares["A8"] = dt.datetime(2569, 1, 15)  # a B.E. year in a real date
    shares["H9"] = "  หมายเหตุ  "
    last = shares.tables["tblShares"].ref.split(":")[1]
    below = int("".join(ch for ch in last if ch.isdigit())) + 2
    shares[f"A{below}"] = dt.datetime(2026, 1, 2)  # typed below the table
    shares[f"C{below}"] = "G01"
    wb["ครัวเรือน"].title = "ครัวเรือน (แก้ชื่อ)"  # a renamed sheet: the table is found by name
    welfare = wb["สวัสดิการ"]
    del welfare.tables["tblWelfare"]  # the table object is lost: read from the header row
    welfare.move_range("A3:C400", cols=20)  # and columns moved far right


def test_the_demo_reads_the_same(demo_book: Path) -> None:
    assert read_raw_fast(demo_book, INSTITUTION) == _openpyxl_raw(demo_book)


def test_user_edits_read_the_same(book_copy: Callable[[str], Path]) -> None:
    path = book_copy("edited.xlsx")
    wb = openpyxl.load_workbook(path)
    _mutate(wb)
    wb.save(path)
    fast, slow = read_raw_fast(path, INSTITUTION), _openpyxl_raw(path)
    assert fast.tables["shares"] == slow.tables["shares"]
    assert fast.tables["welfare"] == slow.tables["welfare"]
    assert fast == slow


@pytest.mark.skipif(libreoffice.find_soffice() is None, reason="LibreOffice is not installed")
def test_a_file_saved_by_libreoffice_reads_the_same(book_copy: Callable[[str], Path], tmp_path: Path) -> None:
    """LibreOffice writes shared strings, cached formula values and styles its own way."""
    src = book_copy("lo.xlsx")
    out = libreoffice.convert(src, tmp_path / "out", "xlsx")
    assert read_raw_fast(out, INSTITUTION) == _openpyxl_raw(out)


# --------------------------------------------------------------------------- the package's small parts


def _package_reference(data: bytes):  # type: ignore[no-untyped-def]
    """Properties, modified stamp and table places read with defusedxml's ElementTree (the way
    :func:`read_package` read them before it parsed the parts without building trees)."""
    import io
    import posixpath
    import zipfile

    from defusedxml.ElementTree import fromstring
    from openpyxl.utils.cell import range_boundaries

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel_ns = "{http://schemas.openxmlformats.org/package/2006/relationships}"
    r_id = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

    def rels(zf, names, part):  # type: ignore[no-untyped-def]
        folder, _, base = part.rpartition("/")
        name = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
        if name not in names:
            return {}
        out = {}
        for rel in fromstring(zf.read(name)).findall(f"{rel_ns}Relationship"):
            t = rel.get("Target") or ""
            out[rel.get("Id") or ""] = (rel.get("Type") or "", t.lstrip("/") if t.startswith("/")
                                        else posixpath.normpath(posixpath.join(folder, t)))
        return out

    props, modified, tables = {}, "", {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
        for prop in fromstring(zf.read("docProps/custom.xml")).findall(
                "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}property"):
            value = next(iter(prop), None)
            if prop.get("name") and value is not None:
                props[prop.get("name")] = (value.text or "").strip()
        m = fromstring(zf.read("docProps/core.xml")).find("{http://purl.org/dc/terms/}modified")
        modified = m.text.strip().rstrip("Z") if m is not None and m.text else ""
        wb_rels = rels(zf, names, "xl/workbook.xml")
        for sh in fromstring(zf.read("xl/workbook.xml")).find(f"{main}sheets"):
            target = wb_rels.get(sh.get(r_id) or "", ("", ""))[1]
            for typ, tpart in rels(zf, names, target).values():
                if typ.endswith("/table") and tpart in names:
                    t = fromstring(zf.read(tpart))
                    c0, r0, c1, r1 = range_boundaries(t.get("ref"))
                    tables[(t.get("displayName") or t.get("name")).casefold()] = (sh.get("name"), r0, c0, c1, r1)
    return props, modified, tables


def _repack(data: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = zin.read(info)
            zout.writestr(info.filename, change(body) if info.filename == part else body)
    return out.getvalue()


def test_the_package_parts_read_as_elementtree_reads_them(demo_book: Path) -> None:
    from xml.etree.ElementTree import ParseError

    from defusedxml import EntitiesForbidden

    from cmfi_xl.xlsx.fastread import read_package

    data = demo_book.read_bytes()
    pkg = read_package(data)
    assert (pkg.props, pkg.modified, pkg.tables) == _package_reference(data)
    assert len(pkg.tables) == len(INSTITUTION.tables) and pkg.props and pkg.modified
    # text split by a comment and CDATA, an entity, a child element: ElementTree's .text
    mixed = _repack(data, "docProps/custom.xml",
                    lambda b: b.replace(b"<vt:lpwstr>", b"<vt:lpwstr>a&amp;b<!--c-->c<![CDATA[<d]]><x/>tail", 1))
    pkg = read_package(mixed)
    assert (pkg.props, pkg.modified, pkg.tables) == _package_reference(mixed)
    assert "a&bc<d" in pkg.props.values()
    # a broken table part: the same error, word for word; an entity declaration: refused
    broken = _repack(data, "xl/tables/table3.xml", lambda b: b.replace(b"</table>", b"</tabl>"))
    with pytest.raises(ParseError) as fast:
        read_package(broken)
    with pytest.raises(ParseError) as slow:
        _package_reference(broken)
    assert str(fast.value) == str(slow.value) and fast.value.position == slow.value.position
    entity = _repack(data, "xl/tables/table2.xml", lambda b: b.replace(b"<table ", b'<!DOCTYPE t [<!ENTITY a "x">]><table ', 1))
    with pytest.raises(EntitiesForbidden):
        read_package(entity)


def test_parts_read_from_the_bytes_as_zipfile_reads_them(demo_book: Path) -> None:
    import io
    import zipfile

    from cmfi_xl.xlsx.fastread import _Parts

    data = demo_book.read_bytes()
    stored = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info))
    for blob in (data, stored.getvalue()):  # deflated and stored parts
        with zipfile.ZipFile(io.BytesIO(blob)) as zf:
            parts = _Parts(blob, zf)
            assert all(parts.read(n) == zf.read(n) for n in zf.namelist())
    bad = bytearray(stored.getvalue())  # a flipped byte in a part: zipfile's error
    with zipfile.ZipFile(io.BytesIO(bytes(bad))) as zf:
        info = zf.getinfo("xl/workbook.xml")
        at = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 10
    bad[at] ^= 0x01
    with zipfile.ZipFile(io.BytesIO(bytes(bad))) as zf:
        with pytest.raises(zipfile.BadZipFile, match="Bad CRC-32") as slow:
            zf.read("xl/workbook.xml")
        with pytest.raises(zipfile.BadZipFile, match="Bad CRC-32") as fast:
            _Parts(bytes(bad), zf).read("xl/workbook.xml")
    assert str(fast.value) == str(slow.value)
