"""The VBA project inside the built .xlam, read with oletools (olevba) and olefile.

What Excel stores in a module stream, and what olevba returns from ``extract_macros``, is the
module's whole source text *including* its ``Attribute VB_Name = "..."`` line, with CRLF line
ends: the same bytes as a ``.bas`` exported from the VBA editor.  So the check is exact
equality with the repo's ``.bas`` file, byte for byte.  (olevba's ``filter_vba`` would drop the
leading ``Attribute VB_`` lines, but it is only used for display; it is not used here.)
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from pathlib import Path

import warnings

import olefile
import pytest
import xlwings

with warnings.catch_warnings():  # oletools uses pyparsing's deprecated camelCase names
    warnings.simplefilter("ignore", DeprecationWarning)
    from oletools.olevba import VBA_Parser

from cmfi_xl.addin import build_addin
from cmfi_xl.addin.ovba import decompress, decrypt, project_key
from cmfi_xl.addin.ribbon import BUTTONS, CALLBACK
from cmfi_xl.addin.vbaproject import VBA_PROJECT_STREAM
from cmfi_xl.addin.xlam import VBA_DIR, VBA_PROJECT_NAME
from cmfi_xl.addin.xlwings_vba import VENDORED, installed_source, pinned_versions

BAS_FILES = {"xlwings": VBA_DIR / "xlwings.bas", "CmfiRibbon": VBA_DIR / "CmfiRibbon.bas"}


@pytest.fixture(scope="module")
def xlam(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_addin(tmp_path_factory.mktemp("xlam") / "cmfi-xl.xlam",
                       [b.tag for b in BUTTONS])


@pytest.fixture(scope="module")
def vba_bin(xlam: Path) -> bytes:
    with zipfile.ZipFile(xlam) as zf:
        return zf.read("xl/vbaProject.bin")


@pytest.fixture(scope="module")
def olevba_modules(xlam: Path) -> dict[str, str]:
    parser = VBA_Parser(str(xlam))
    try:
        assert parser.detect_vba_macros()
        out = {}
        for _file, stream_path, _name, code in parser.extract_macros():
            assert stream_path.startswith("VBA/")
            out[stream_path[4:]] = code
        return out
    finally:
        parser.close()


def test_olevba_lists_every_module(olevba_modules: dict[str, str]) -> None:
    assert sorted(olevba_modules) == sorted(["ThisWorkbook", "Sheet1", "xlwings", "CmfiRibbon"])


@pytest.mark.parametrize("name", sorted(BAS_FILES))
def test_olevba_source_equals_repo_bas_exactly(olevba_modules: dict[str, str], name: str) -> None:
    repo = BAS_FILES[name].read_bytes().decode("ascii")
    assert repo.startswith(f'Attribute VB_Name = "{name}"\r\n')
    assert "\n" not in repo.replace("\r\n", "")  # CRLF only, as the VBA editor exports
    assert olevba_modules[name] == repo


def test_document_modules_have_excel_attributes(olevba_modules: dict[str, str]) -> None:
    wb = olevba_modules["ThisWorkbook"]
    assert wb.startswith('Attribute VB_Name = "ThisWorkbook"\r\n')
    assert 'Attribute VB_Base = "0{00020819-0000-0000-C000-000000000046}"' in wb
    assert 'Attribute VB_Base = "0{00020820-0000-0000-C000-000000000046}"' in \
        olevba_modules["Sheet1"]


def test_no_pcode_and_cache_invalidated(vba_bin: bytes) -> None:
    ole = olefile.OleFileIO(io.BytesIO(vba_bin), raise_defects=olefile.DEFECT_INCORRECT)
    # _VBA_PROJECT: Reserved1 0x61CC, Version 0xFFFF, Reserved2 0, Reserved3, no cache
    head = ole.openstream("VBA/_VBA_PROJECT").read()
    assert head == VBA_PROJECT_STREAM
    assert struct.unpack("<HHB", head[:5]) == (0x61CC, 0xFFFF, 0)
    # every module stream is exactly one CompressedContainer starting at offset 0
    for name, path in BAS_FILES.items():
        raw = ole.openstream(f"VBA/{name}").read()
        assert raw[0] == 1
        assert decompress(raw) == path.read_bytes()
    # no SRP / p-code streams
    assert sorted("/".join(p) for p in ole.listdir()) == sorted(
        ["PROJECT", "PROJECTwm", "VBA/_VBA_PROJECT", "VBA/dir", "VBA/ThisWorkbook",
         "VBA/Sheet1", "VBA/xlwings", "VBA/CmfiRibbon"])


def _dir_records(data: bytes) -> list[tuple[int, bytes]]:
    recs, pos = [], 0
    while pos < len(data):
        rid, size = struct.unpack_from("<HI", data, pos)
        if rid == 0x0009:  # PROJECTVERSION: Size field is Reserved (=4) but 6 bytes follow
            size = 6
        recs.append((rid, data[pos + 6:pos + 6 + size]))
        pos += 6 + size
    return recs


def test_dir_stream_records(vba_bin: bytes) -> None:
    ole = olefile.OleFileIO(io.BytesIO(vba_bin))
    recs = _dir_records(decompress(ole.openstream("VBA/dir").read()))
    ids = [r for r, _ in recs]
    assert ids[:5] == [0x0001, 0x0002, 0x0014, 0x0003, 0x0004]
    assert ids[-1] == 0x0010
    d = dict(recs)
    assert struct.unpack("<H", d[0x0003])[0] == 1252
    assert d[0x0004] == VBA_PROJECT_NAME.encode()
    assert struct.unpack("<H", d[0x000F])[0] == 4  # PROJECTMODULES count
    offsets = [struct.unpack("<I", p)[0] for r, p in recs if r == 0x0031]
    assert offsets == [0, 0, 0, 0]  # source text at offset 0: no p-code before it
    types = [r for r, _ in recs if r in (0x0021, 0x0022)]
    assert types == [0x0022, 0x0022, 0x0021, 0x0021]
    refs = [p.decode() for r, p in recs if r == 0x0016]
    assert refs == ["stdole", "Office"]  # Office: IRibbonControl in the callback signature


def test_project_stream(vba_bin: bytes) -> None:
    ole = olefile.OleFileIO(io.BytesIO(vba_bin))
    text = ole.openstream("PROJECT").read().decode("cp1252")
    assert text.endswith("\r\n")
    lines = text.split("\r\n")
    m = re.fullmatch(r'ID="(\{[0-9A-F-]{36}\})"', lines[0])
    assert m
    assert "Document=ThisWorkbook/&H00000000" in lines
    assert "Document=Sheet1/&H00000000" in lines
    assert "Module=xlwings" in lines and "Module=CmfiRibbon" in lines
    assert f'Name="{VBA_PROJECT_NAME}"' in lines
    values = dict(line.split("=", 1) for line in lines if line[:4] in ("CMG=", "DPB=", "GC=\""))
    assert decrypt(values["CMG"].strip('"')) == b"\x00\x00\x00\x00"  # not protected
    assert decrypt(values["DPB"].strip('"')) == b"\x00"  # no password
    assert decrypt(values["GC"].strip('"')) == b"\xff"  # visible
    for v in values.values():
        assert int(v.strip('"')[0:2], 16) ^ int(v.strip('"')[4:6], 16) == project_key(m.group(1))
    wm = ole.openstream("PROJECTwm").read()
    assert wm.endswith(b"\x00\x00")
    for name in ("ThisWorkbook", "Sheet1", "xlwings", "CmfiRibbon"):
        assert name.encode() + b"\x00" + name.encode("utf-16-le") + b"\x00\x00" in wm


# ---------------------------------------------------------------- xlwings VBA


def test_pinned_xlwings_version_equals_installed() -> None:
    assert pinned_versions(VENDORED.read_text("ascii")) == {xlwings.__version__}


def test_vendored_xlwings_vba_is_the_installed_one() -> None:
    assert VENDORED.read_bytes() == installed_source(), (
        "run: python -m cmfi_xl.addin.xlwings_vba, then rebuild the add-in")


def test_xlwings_vba_reads_the_xlwings_conf_sheet() -> None:
    text = VENDORED.read_text("ascii")
    assert 'Public Const PROJECT_NAME As String = "xlwings"' in text
    assert 'SheetExists(ThisWorkbook, PROJECT_NAME & ".conf")' in text
    for key in ("INTERPRETER_WIN", "UDF MODULES", "PYTHONPATH"):
        assert f'GetConfig("{key}"' in text


# ---------------------------------------------------------------- the callback

CALLBACK_SRC = BAS_FILES["CmfiRibbon"].read_bytes().decode("ascii")


def test_one_generic_callback() -> None:
    subs = re.findall(r"^(?:Public |Private )?Sub (\w+)\(([^)]*)\)", CALLBACK_SRC, re.M)
    public = [s for s in subs if not re.search(rf"^Private Sub {s[0]}\b", CALLBACK_SRC, re.M)]
    assert public == [(CALLBACK, "control As IRibbonControl")]
    assert ("RunPython(\"import cmfi_xl.addin.dispatch as d; d.run('\" & tag & \"')\")"
            in CALLBACK_SRC)
    assert "tag = control.Tag" in CALLBACK_SRC
    assert CALLBACK_SRC.isascii()
    assert max(len(line) for line in CALLBACK_SRC.split("\r\n")) <= 1023  # VBA line limit


EXPECTED_THAI = {
    "TITLE_TEXT": "สถาบันการเงินทุนชุมชน",
    "BAD_TAG_TEXT": "ปุ่มนี้ไม่ถูกต้อง: ",
    "VBA_ERROR_TEXT": "เกิดข้อผิดพลาดในส่วนเสริม: ",
    "PYTHON_FAILED_TEXT": "เรียกใช้ Python ไม่สำเร็จ โปรดให้ผู้ดูแลเครื่องรันคำสั่ง "
                          "cmfi-xl addin install อีกครั้ง",
}


def _cmfi_text(escaped: str) -> str:
    """Python twin of the VBA function CmfiText (\\uXXXX -> character)."""
    return re.sub(r"\\u([0-9A-Fa-f]{4})", lambda m: chr(int(m.group(1), 16)), escaped)


def test_thai_messages_decode() -> None:
    consts = dict(re.findall(r'^Private Const (\w+) As String = "([^"]*)"', CALLBACK_SRC, re.M))
    assert {k: _cmfi_text(v) for k, v in consts.items()} == EXPECTED_THAI


def test_tag_rule_matches_vba_like_pattern() -> None:
    assert 'tag Like "*[!a-z0-9_]*"' in CALLBACK_SRC
    assert all(re.fullmatch(r"[a-z0-9_]+", b.tag) for b in BUTTONS)
