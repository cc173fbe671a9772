"""Tests for cmfi_xl.xlsx.safety: untrusted workbook files are inspected before they are opened."""

from __future__ import annotations

import hashlib
import io
import sys
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import badfiles as bf
from cmfi_xl.core.issues import Severity, UnreadableWorkbook
from cmfi_xl.xlsx import safety
from cmfi_xl.xlsx.safety import FileReport, inspect_workbook_file, safe_load_workbook


def sha(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def code_of(path: Path, **kw) -> str:
    with pytest.raises(UnreadableWorkbook) as exc:
        inspect_workbook_file(path, **kw)
    return exc.value.issue.code


def load_code(path: Path, **kw) -> str:
    with pytest.raises(UnreadableWorkbook) as exc:
        safe_load_workbook(path, **kw)
    return exc.value.issue.code


# --------------------------------------------------------------------------- every bad file


@pytest.mark.parametrize("name", sorted(bf.BAD_FILES))
def test_bad_file_gets_its_code_and_is_not_modified(tmp_path: Path, name: str) -> None:
    maker, expected = bf.BAD_FILES[name]
    path = maker(tmp_path)
    before = sha(path)
    with pytest.raises(UnreadableWorkbook) as exc:
        inspect_workbook_file(path)
    assert exc.value.issue.code == expected, exc.value
    assert exc.value.issue.severity is Severity.ERROR
    with pytest.raises(UnreadableWorkbook) as exc2:
        safe_load_workbook(path)
    assert exc2.value.issue.code == expected
    assert sha(path) == before  # byte-identical (or still absent)


@pytest.mark.parametrize(
    ("maker", "kind"),
    [
        (bf.make_csv_renamed, "CSV/text"),
        (bf.make_legacy_xls, "Excel 97-2003 (.xls)"),
        (bf.make_docx_renamed, "Word document (.docx)"),
        (bf.make_ods_renamed, "OpenDocument spreadsheet (.ods)"),
        (bf.make_pdf_renamed, "PDF document (.pdf)"),
        (bf.make_html_renamed, "web page (HTML)"),
    ],
)
def test_wrong_type_names_what_it_looks_like(tmp_path: Path, maker, kind: str) -> None:
    with pytest.raises(UnreadableWorkbook) as exc:
        inspect_workbook_file(maker(tmp_path))
    assert exc.value.issue.code == "F004"
    assert kind in exc.value.issue.message_en
    assert kind in exc.value.issue.message_th


def test_bad_file_makers_are_fast_and_small(tmp_path: Path) -> None:
    bf.good_xlsx_bytes()
    bf.zeros_deflate_stream(200)
    for name, (maker, _code) in bf.BAD_FILES.items():
        start = time.perf_counter()
        path = maker(tmp_path)
        assert time.perf_counter() - start < 1.0, name
        if path.exists() and name != "oversized":  # the oversized one is sparse
            assert path.stat().st_size < 2 * bf.MiB, name


def test_bombs_are_rejected_quickly(tmp_path: Path) -> None:
    for maker in (bf.make_zip_bomb, bf.make_lying_header_bomb, bf.make_entity_bomb, bf.make_overlapping_zip):
        path = maker(tmp_path)
        start = time.perf_counter()
        with pytest.raises(UnreadableWorkbook):
            inspect_workbook_file(path)
        assert time.perf_counter() - start < 1.0, maker.__name__


# --------------------------------------------------------------------------- files that open


def test_good_xlsx_passes(tmp_path: Path) -> None:
    path = bf.make_good_xlsx(tmp_path)
    before = sha(path)
    report = inspect_workbook_file(path)
    assert isinstance(report, FileReport)
    assert report.path == path
    assert report.size == path.stat().st_size
    assert report.sha256 == before
    assert report.kind == "xlsx"
    assert report.has_macros is False
    assert report.warnings == []
    with pytest.raises(AttributeError):
        report.kind = "xlsm"  # type: ignore[misc]  # frozen

    report2, wb = safe_load_workbook(path)
    assert report2 == report
    ws = wb["ทะเบียนสมาชิก"]
    assert ws["B2"].value == "กลุ่มออมทรัพย์บ้านหนองบัว"
    assert ws["C3"].value == 75
    assert sha(path) == before


def test_good_xlsx_read_only_and_data_only(tmp_path: Path) -> None:
    path = bf.make_good_xlsx(tmp_path)
    _, wb = safe_load_workbook(path, read_only=True, data_only=True)
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[1] == ("G001", "กลุ่มออมทรัพย์บ้านหนองบัว", 120)
    wb.close()


def test_template_xltx_is_fine(tmp_path: Path) -> None:
    members = bf.zip_members(bf.good_xlsx_bytes())
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"spreadsheetml.sheet.main+xml", b"spreadsheetml.template.main+xml"
    )
    path = bf.write_zip(tmp_path / "form.xltx", members)
    report, wb = safe_load_workbook(path)
    assert report.kind == "xlsx" and not report.has_macros and report.warnings == []
    assert wb.active["A1"].value == "รหัสกลุ่ม"


def test_xlsm_passes_with_macro_warning_and_vba_is_dropped(tmp_path: Path) -> None:
    path = bf.make_xlsm(tmp_path)
    assert b"Auto_Open" in zipfile.ZipFile(path).read("xl/vbaProject.bin")
    before = sha(path)
    report = inspect_workbook_file(path)
    assert report.kind == "xlsm"
    assert report.has_macros is True
    assert [w.code for w in report.warnings] == ["F009"]
    warning = report.warnings[0]
    assert warning.severity is Severity.WARNING
    assert "xl/vbaProject.bin" in warning.value

    report2, wb = safe_load_workbook(path)
    assert report2.has_macros
    assert wb.vba_archive is None  # keep_vba=False: nothing of the VBA project is kept
    out = io.BytesIO()
    wb.save(out)
    assert not any("vbaproject" in n.lower() for n in zipfile.ZipFile(out).namelist())
    assert sha(path) == before


def test_vba_project_in_plain_xlsx_still_counts_as_macros(tmp_path: Path) -> None:
    members = bf.zip_members(bf.good_xlsx_bytes())
    members["xl/vbaProject.bin"] = bf.cfb({"Module1": bf.VBA_MODULE.encode()})
    report = inspect_workbook_file(bf.write_zip(tmp_path / "sneaky.xlsx", members))
    assert report.kind == "xlsx"
    assert report.has_macros is True
    assert [w.code for w in report.warnings] == ["F009"]


def test_excel4_macro_sheet_counts_as_macros(tmp_path: Path) -> None:
    members = bf.zip_members(bf.good_xlsx_bytes())
    members["xl/macrosheets/sheet1.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<xm:macrosheet xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"/>'
    )
    report = inspect_workbook_file(bf.write_zip(tmp_path / "xlm.xlsx", members))
    assert report.has_macros and "xl/macrosheets/sheet1.xml" in report.warnings[0].value


# --------------------------------------------------------------------------- password protection


def test_really_encrypted_xlsx_is_password_protected(tmp_path: Path) -> None:
    pytest.importorskip("msoffcrypto")
    path = bf.make_encrypted_xlsx_msoffcrypto(tmp_path)
    before = sha(path)
    assert code_of(path) == "F006"
    assert load_code(path) == "F006"
    assert sha(path) == before


def test_ole_detection_works_without_olefile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "olefile", None)  # import olefile -> ImportError
    assert code_of(bf.make_encrypted_cfb(tmp_path)) == "F006"
    with pytest.raises(UnreadableWorkbook) as exc:
        inspect_workbook_file(bf.make_legacy_xls(tmp_path))
    assert exc.value.issue.code == "F004" and ".xls" in exc.value.issue.message_en


def test_damaged_ole_is_still_an_old_office_file(tmp_path: Path) -> None:
    path = tmp_path / "old.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert code_of(path) == "F004"


# --------------------------------------------------------------------------- limits


def test_limits_are_keyword_arguments(tmp_path: Path) -> None:
    path = bf.make_good_xlsx(tmp_path)
    size = path.stat().st_size
    assert code_of(path, max_file_bytes=size - 1) == "F003"
    inspect_workbook_file(path, max_file_bytes=size)
    total = sum(i.file_size for i in zipfile.ZipFile(path).infolist())
    assert code_of(path, max_uncompressed_bytes=total - 1) == "F007"
    members = len(zipfile.ZipFile(path).infolist())
    assert code_of(path, max_members=members - 1) == "F007"
    inspect_workbook_file(path, max_members=members)
    assert load_code(path, max_members=members - 1) == "F007"
    assert safety.MAX_FILE_BYTES == 50 * 1024 * 1024
    assert safety.MAX_UNCOMPRESSED_BYTES == 500 * 1024 * 1024
    assert safety.MAX_RATIO == 200
    assert safety.MAX_MEMBERS == 10_000


def test_ratio_limit_is_a_keyword_argument(tmp_path: Path) -> None:
    members = bf.zip_members(bf.good_xlsx_bytes())
    members["customXml/item9.xml"] = b"<a>" + b" " * (2 * bf.MiB) + b"</a>"  # compresses ~1000:1
    path = bf.write_zip(tmp_path / "airy.xlsx", members)
    assert code_of(path) == "F007"
    inspect_workbook_file(path, max_ratio=5000)


def test_too_many_members_just_under_the_limit_is_fine(tmp_path: Path) -> None:
    path = bf.make_too_many_members(tmp_path, count=100)
    inspect_workbook_file(path)
    assert code_of(path, max_members=50) == "F007"


def test_folder_is_not_a_file(tmp_path: Path) -> None:
    assert code_of(tmp_path) == "F001"


# --------------------------------------------------------------------------- XML entities / DTDs


def test_openpyxl_uses_defusedxml() -> None:
    import openpyxl.xml
    import openpyxl.worksheet._reader as sheet_reader
    import openpyxl.xml.functions as functions

    assert openpyxl.xml.DEFUSEDXML is True
    assert functions.iterparse.__module__.startswith("defusedxml")
    assert sheet_reader.iterparse.__module__.startswith("defusedxml")


def test_entity_bomb_in_sheet_is_rejected_by_inspection(tmp_path: Path) -> None:
    path = bf.make_entity_bomb(tmp_path)
    with pytest.raises(UnreadableWorkbook) as exc:
        inspect_workbook_file(path)
    assert exc.value.issue.code == "F008"
    assert "xl/worksheets/sheet1.xml" in exc.value.issue.message_en


def test_entity_bomb_in_sheet_is_also_refused_by_openpyxl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Defence in depth: even if the inspection missed it, openpyxl (through defusedxml) refuses
    the entity declarations, and safe_load_workbook reports F008, not a traceback."""
    import openpyxl
    from defusedxml import DefusedXmlException

    path = bf.make_entity_bomb(tmp_path)
    with pytest.raises(ValueError) as exc:  # openpyxl wraps the defusedxml error in a ValueError
        openpyxl.load_workbook(path)
    assert isinstance(exc.value, DefusedXmlException) or isinstance(exc.value.__cause__, DefusedXmlException)

    real = safety._inspect_bytes

    def skip_xml_checks(p, data, limits):  # pretend the part scan saw nothing
        monkeypatch.setattr(safety, "_check_xml", lambda *a, **k: None)
        try:
            return real(p, data, limits)
        finally:
            monkeypatch.undo()

    monkeypatch.setattr(safety, "_inspect_bytes", skip_xml_checks)
    assert load_code(path) == "F008"


def _with_sheet(tmp_path: Path, sheet: bytes, name: str = "x.xlsx") -> Path:
    members = bf.zip_members(bf.good_xlsx_bytes())
    members[bf.SHEET1] = sheet
    return bf.write_zip(tmp_path / name, members)


def test_dtd_hidden_behind_a_long_comment_is_found(tmp_path: Path) -> None:
    padding = b"<!--" + b"x" * (safety.DTD_BYTE_SCAN + 100) + b"-->"
    sheet = bf.BILLION_LAUGHS.encode().replace(b"\n<!DOCTYPE", b"\n" + padding + b"<!DOCTYPE", 1)
    assert sheet.find(b"<!DOCTYPE") > safety.DTD_BYTE_SCAN
    assert code_of(_with_sheet(tmp_path, sheet)) == "F008"


def test_dtd_beyond_the_scan_window_is_refused(tmp_path: Path) -> None:
    padding = b"<!--" + b"x" * (safety.XML_SCAN_BYTES + 100) + b"-->"
    sheet = bf.BILLION_LAUGHS.encode().replace(b"\n<!DOCTYPE", b"\n" + padding + b"<!DOCTYPE", 1)
    assert code_of(_with_sheet(tmp_path, sheet)) == "F008"


def test_dtd_in_utf16_part_is_found(tmp_path: Path) -> None:
    sheet = bf.BILLION_LAUGHS.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    assert code_of(_with_sheet(tmp_path, sheet)) == "F008"


def test_external_entity_in_rels_is_found(tmp_path: Path) -> None:
    members = bf.zip_members(bf.good_xlsx_bytes())
    members["_rels/.rels"] = b'<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' + members["_rels/.rels"]
    with pytest.raises(UnreadableWorkbook) as exc:
        inspect_workbook_file(bf.write_zip(tmp_path / "xxe.xlsx", members))
    assert exc.value.issue.code == "F008" and "_rels/.rels" in exc.value.issue.message_en


def test_dtd_in_content_types_is_found(tmp_path: Path) -> None:
    members = bf.zip_members(bf.good_xlsx_bytes())
    members["[Content_Types].xml"] = (
        b'<?xml version="1.0"?><!DOCTYPE Types [<!ENTITY a "b">]>' + members["[Content_Types].xml"]
    )
    assert code_of(bf.write_zip(tmp_path / "ct.xlsx", members)) == "F008"


def test_dtd_in_part_without_xml_extension_is_found(tmp_path: Path) -> None:
    members = bf.zip_members(bf.good_xlsx_bytes())
    members["customXml/item1.dat"] = bf.BILLION_LAUGHS.encode()
    assert code_of(bf.write_zip(tmp_path / "dat.xlsx", members)) == "F008"


def test_binary_parts_are_not_mistaken_for_xml(tmp_path: Path) -> None:
    members = bf.zip_members(bf.good_xlsx_bytes())
    members["xl/media/image1.png"] = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    members["xl/embeddings/oleObject1.bin"] = bf.cfb({"Ole10Native": b"<!DOCTYPE not xml"})
    inspect_workbook_file(bf.write_zip(tmp_path / "media.xlsx", members))


# --------------------------------------------------------------------------- damaged packages


def test_missing_content_types_is_corrupt(tmp_path: Path) -> None:
    members = bf.zip_members(bf.good_xlsx_bytes())
    del members["[Content_Types].xml"]
    assert code_of(bf.write_zip(tmp_path / "noct.xlsx", members)) == "F005"


def test_missing_workbook_part_is_corrupt(tmp_path: Path) -> None:
    members = bf.zip_members(bf.good_xlsx_bytes())
    del members["xl/workbook.xml"]
    assert code_of(bf.write_zip(tmp_path / "nowb.xlsx", members)) == "F005"


def test_plain_zip_is_not_a_workbook(tmp_path: Path) -> None:
    path = bf.write_zip(tmp_path / "photos.xlsx", {"a.txt": b"hello"})
    with pytest.raises(UnreadableWorkbook) as exc:
        inspect_workbook_file(path)
    assert exc.value.issue.code == "F004" and "ZIP archive" in exc.value.issue.message_en


def test_duplicate_part_names_are_corrupt(tmp_path: Path) -> None:
    entries = [bf.raw_entry(n, d) for n, d in bf.zip_members(bf.good_xlsx_bytes()).items()]
    entries.append(bf.raw_entry(bf.SHEET1.upper(), b"<worksheet/>"))
    assert code_of(bf.write_raw_zip(tmp_path / "dup.xlsx", entries)) == "F005"


def test_bad_crc_is_corrupt(tmp_path: Path) -> None:
    entries = [bf.raw_entry(n, d) for n, d in bf.zip_members(bf.good_xlsx_bytes()).items()]
    for e in entries:
        if e["name"] == bf.SHEET1:
            e["crc"] ^= 0xFFFF
    assert code_of(bf.write_raw_zip(tmp_path / "crc.xlsx", entries)) == "F005"


def test_member_shorter_than_declared_is_corrupt(tmp_path: Path) -> None:
    entries = [bf.raw_entry(n, d) for n, d in bf.zip_members(bf.good_xlsx_bytes()).items()]
    for e in entries:
        if e["name"] == bf.SHEET1:
            e["size"] += 10
    assert code_of(bf.write_raw_zip(tmp_path / "short.xlsx", entries)) == "F005"


def test_broken_sheet_xml_is_f005_from_safe_load(tmp_path: Path) -> None:
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData><row><c><v>1</c></row></sheetData>"  # mismatched tags after a good prolog
    )
    path = _with_sheet(tmp_path, sheet)
    inspect_workbook_file(path)  # the prolog is fine; only the full parse finds the damage
    with pytest.raises(UnreadableWorkbook) as exc:
        safe_load_workbook(path)
    issue = exc.value.issue
    assert issue.code == "F005"
    assert "Traceback" not in issue.message_en and len(issue.message_en) < 300


def _no_workbook_rels(m: dict[str, bytes]) -> None:
    del m["xl/_rels/workbook.xml.rels"]  # openpyxl: KeyError


def _bad_style(m: dict[str, bytes]) -> None:  # openpyxl: TypeError
    m["xl/styles.xml"] = (
        b"<styleSheet xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'>"
        b"<cellXfs count='1'><xf numFmtId='abc'/></cellXfs></styleSheet>"
    )


def _bad_cell_ref(m: dict[str, bytes]) -> None:  # openpyxl: ValueError (wrapped)
    m[bf.SHEET1] = m[bf.SHEET1].replace(b'r="A1"', b'r="ZZZZZZ1"')


@pytest.mark.parametrize("damage", [_no_workbook_rels, _bad_style, _bad_cell_ref])
def test_openpyxl_failures_become_f005(tmp_path: Path, damage) -> None:
    members = bf.zip_members(bf.good_xlsx_bytes())
    damage(members)
    path = bf.write_zip(tmp_path / "damaged.xlsx", members)
    before = sha(path)
    with pytest.raises(UnreadableWorkbook) as exc:
        safe_load_workbook(path)
    assert exc.value.issue.code == "F005"
    assert "\n" not in exc.value.issue.message_en and len(exc.value.issue.message_en) < 300
    assert sha(path) == before


def test_garbage_in_workbook_part_is_f005(tmp_path: Path) -> None:
    members = bf.zip_members(bf.good_xlsx_bytes())
    members["xl/workbook.xml"] = b"this is not xml"
    assert code_of(bf.write_zip(tmp_path / "garbage.xlsx", members)) == "F005"


# --------------------------------------------------------------------------- other file types


def test_unknown_binary_and_spreadsheet_2003_xml(tmp_path: Path) -> None:
    blob = tmp_path / "blob.xlsx"
    blob.write_bytes(bytes(range(256)) * 8)
    assert code_of(blob) == "F004"
    xml2003 = tmp_path / "old.xml.xlsx"
    xml2003.write_text(
        '<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?>'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>',
        encoding="utf-8",
    )
    with pytest.raises(UnreadableWorkbook) as exc:
        inspect_workbook_file(xml2003)
    assert "Excel 2003 XML" in exc.value.issue.message_en


def test_thai_windows_874_csv_is_text(tmp_path: Path) -> None:
    path = tmp_path / "tis620.xlsx"
    path.write_bytes("รหัส,ชื่อ\r\nG001,สมหญิง\r\n".encode("cp874"))
    with pytest.raises(UnreadableWorkbook) as exc:
        inspect_workbook_file(path)
    assert "CSV/text" in exc.value.issue.message_en


# --------------------------------------------------------------------------- safe_load arguments


def test_keep_vba_cannot_be_switched_on(tmp_path: Path) -> None:
    path = bf.make_xlsm(tmp_path)
    with pytest.raises(ValueError):
        safe_load_workbook(path, keep_vba=True)
    _, wb = safe_load_workbook(path, keep_vba=False)
    assert wb.vba_archive is None


def test_unknown_openpyxl_argument_is_a_programming_error(tmp_path: Path) -> None:
    with pytest.raises(TypeError):
        safe_load_workbook(bf.make_good_xlsx(tmp_path), colour="red")


def test_refuses_to_run_without_defusedxml_in_openpyxl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl.xml

    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    with pytest.raises(RuntimeError):
        safe_load_workbook(bf.make_good_xlsx(tmp_path))


# --------------------------------------------------------------------------- fuzzing: never a traceback


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cut=st.integers(min_value=1, max_value=len(bf.good_xlsx_bytes())),
    flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=1, max_value=255)), max_size=4),
)
def test_damaged_workbooks_raise_only_unreadable(tmp_path: Path, cut: int, flips) -> None:
    data = bytearray(bf.good_xlsx_bytes()[:cut])
    for pos, xor in flips:
        data[pos % len(data)] ^= xor
    path = tmp_path / "fuzz.xlsx"
    path.write_bytes(bytes(data))
    try:
        safe_load_workbook(path)
    except UnreadableWorkbook:
        pass
