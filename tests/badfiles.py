"""Makers of bad (and good) workbook files, for tests.

Each ``make_*`` function writes one file into ``directory`` and returns its path. They are fast
(well under a second each) and small on disk (the biggest is a few hundred KB; the oversized file
is sparse). Nothing here is a working exploit: the "macro" is plain text inside a fake VBA
container, the encrypted file holds random bytes, and the bombs are only dangerous to a reader
that trusts them.

``BAD_FILES`` maps a name to (maker, expected issue code), for parametrised tests.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

MiB = 1024 * 1024

CT_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
CT_XLSM = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
CT_VBA = "application/vnd.ms-office.vbaProject"
REL_VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
SHEET1 = "xl/worksheets/sheet1.xml"


# --------------------------------------------------------------------------- building blocks


@lru_cache(maxsize=1)
def good_xlsx_bytes() -> bytes:
    """A small, valid workbook written by openpyxl (cached: built once per test session)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "ทะเบียนสมาชิก"
    ws.append(["รหัสกลุ่ม", "ชื่อกลุ่ม", "จำนวนหุ้น"])
    ws.append(["G001", "กลุ่มออมทรัพย์บ้านหนองบัว", 120])
    ws.append(["G002", "กลุ่มแม่บ้าน", 75])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def zip_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def write_zip(path: Path, members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def write_raw_zip(path: Path, entries: list[dict]) -> Path:
    """Write a ZIP by hand, so that headers can say what we like.

    Each entry: ``name``, ``data`` (already compressed bytes), ``method`` (0 or 8), ``crc``,
    ``size`` (declared uncompressed size) and optionally ``flags`` and ``offset`` (a forced local
    header offset for the central directory, to make overlapping entries).
    """
    out = bytearray()
    central = bytearray()
    for e in entries:
        name = e["name"].encode("utf-8")
        flags = e.get("flags", 0) | 0x800
        offset = len(out)
        out += struct.pack(
            "<4sHHHHHIIIHH", b"PK\x03\x04", 20, flags, e["method"], 0, 0x21,
            e["crc"], len(e["data"]), e["size"], len(name), 0,
        )
        out += name + e["data"]
        central += struct.pack(
            "<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, flags, e["method"], 0, 0x21,
            e["crc"], len(e["data"]), e["size"], len(name), 0, 0, 0, 0, 0, e.get("offset", offset),
        )
        central += name
    cd_offset = len(out)
    out += central
    out += struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), cd_offset, 0)
    path.write_bytes(bytes(out))
    return path


def deflate(data: bytes, *, final: bool = True) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)


def raw_entry(name: str, data: bytes) -> dict:
    return {"name": name, "data": deflate(data), "method": 8, "crc": zlib.crc32(data), "size": len(data)}


@lru_cache(maxsize=4)
def zeros_deflate_stream(mib: int) -> bytes:
    """A raw deflate stream of ``mib`` MiB of zeros, made in milliseconds: one fully-flushed block
    for 1 MiB repeated (each block is self-contained), then an empty final block."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(bytes(MiB)) + c.flush(zlib.Z_FULL_FLUSH)
    return block * mib + b"\x03\x00"


def cfb(streams: dict[str, bytes]) -> bytes:
    """A minimal, valid OLE2 compound file (CFB v3) with the given root-level streams.

    Streams are padded to 4096 bytes so that no mini stream is needed. Good enough for
    ``olefile`` and for the magic-byte detectors; not meant to be opened by Office.
    """
    sector = 512
    free, end, fatsect, nostream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    names = sorted(streams, key=lambda n: (len(n), n.upper()))  # CFB name order
    assert len(names) <= 3, "one directory sector holds the root and three streams"
    datas = [streams[n].ljust(4096, b"\x00") for n in names]
    fat = [fatsect, end]  # sector 0: the FAT, sector 1: the directory
    starts = []
    for d in datas:
        n = -(-len(d) // sector)
        first = len(fat)
        starts.append(first)
        fat += list(range(first + 1, first + n)) + [end]
    assert len(fat) <= sector // 4
    fat += [free] * (sector // 4 - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        raw = (name + "\x00").encode("utf-16-le") if name else b""
        return struct.pack(
            "<64sHBBIII16sIQQIQ", raw, len(raw), kind, 1, nostream, right, child,
            b"\x00" * 16, 0, 0, 0, start, size,
        )

    ids = list(range(1, len(names) + 1))
    dirs = entry("Root Entry", 5, ids[0] if ids else nostream, nostream, end, 0)
    for k, (name, d) in enumerate(zip(names, datas)):
        right = ids[k + 1] if k + 1 < len(ids) else nostream  # a right-leaning chain, sorted
        dirs += entry(name, 2, nostream, right, starts[k], len(streams[name]))
    while len(dirs) < sector:
        dirs += entry("", 0, nostream, nostream, 0, 0)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\x00" * 16,
        0x3E, 3, 0xFFFE, 9, 6, b"\x00" * 6, 0, 1, 1, 0, 4096, end, 0, end, 0,
    )
    header += struct.pack("<109I", 0, *([free] * 108))
    body = struct.pack(f"<{len(fat)}I", *fat) + dirs + b"".join(datas)
    return header + body


# --------------------------------------------------------------------------- the files


def make_good_xlsx(directory: Path, name: str = "good.xlsx") -> Path:
    path = directory / name
    path.write_bytes(good_xlsx_bytes())
    return path


def make_missing(directory: Path, name: str = "missing.xlsx") -> Path:
    """A path where there is no file (F001)."""
    return directory / name


def make_empty(directory: Path, name: str = "empty.xlsx") -> Path:
    path = directory / name
    path.write_bytes(b"")
    return path


def make_oversized(directory: Path, name: str = "huge.xlsx", size: int = 50 * MiB + 1) -> Path:
    """A sparse file one byte over the default 50 MiB limit (takes no real disk space)."""
    path = directory / name
    with open(path, "wb") as fh:
        fh.write(b"PK\x03\x04")
        fh.truncate(size)
    return path


def make_csv_renamed(directory: Path, name: str = "members.xlsx") -> Path:
    """A UTF-8 (with BOM, as Excel writes it) CSV file with a .xlsx name."""
    text = "รหัสกลุ่ม,ชื่อกลุ่ม,จำนวนหุ้น\r\nG001,กลุ่มออมทรัพย์,120\r\nG002,กลุ่มแม่บ้าน,75\r\n"
    path = directory / name
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return path


def make_legacy_xls(directory: Path, name: str = "legacy.xlsx") -> Path:
    """An Excel 97-2003 file: a real CFB container with a ``Workbook`` stream starting with a
    BIFF8 BOF record (not a complete BIFF workbook), renamed to .xlsx."""
    bof = struct.pack("<HHHHII", 0x0809, 16, 0x0600, 0x0005, 0, 0) + b"\x00" * 4
    eof = struct.pack("<HH", 0x000A, 0)
    path = directory / name
    path.write_bytes(cfb({"Workbook": bof + eof, "\x05SummaryInformation": b"\xfe\xff" + b"\x00" * 46}))
    return path


def make_encrypted_cfb(directory: Path, name: str = "protected.xlsx") -> Path:
    """What Excel writes for a password-protected .xlsx: a CFB container with ``EncryptionInfo``
    (agile, version 4.4) and ``EncryptedPackage`` streams (here holding random bytes)."""
    info = (
        struct.pack("<HHI", 4, 4, 0x40)
        + b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        b'<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption">'
        b'<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" '
        b'cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/>'
        b"</encryption>"
    )
    package = struct.pack("<Q", 3000) + zlib.compress(b"not really encrypted" * 200)[:3000]
    path = directory / name
    path.write_bytes(cfb({"EncryptionInfo": info, "EncryptedPackage": package}))
    return path


def make_encrypted_xlsx_msoffcrypto(directory: Path, name: str = "protected-real.xlsx", password: str = "1234") -> Path:
    """A really password-protected workbook, encrypted by ``msoffcrypto-tool`` (ImportError if
    that optional test dependency is missing)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    path = directory / name
    with open(path, "wb") as out:
        OOXMLFile(io.BytesIO(good_xlsx_bytes())).encrypt(password, out)
    return path


def make_docx_renamed(directory: Path, name: str = "letter.xlsx") -> Path:
    """A minimal but valid Word document, built by hand, with a .xlsx name."""
    members = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>"
        ).encode(),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>'
        ).encode(),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>หนังสือเชิญประชุม</w:t></w:r></w:p></w:body></w:document>"
        ).encode(),
    }
    return write_zip(directory / name, members)


def make_ods_renamed(directory: Path, name: str = "calc.xlsx") -> Path:
    """An OpenDocument spreadsheet skeleton (``mimetype`` first, stored) with a .xlsx name."""
    path = directory / name
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        zf.writestr(
            "content.xml",
            '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>',
            zipfile.ZIP_DEFLATED,
        )
        zf.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>',
            zipfile.ZIP_DEFLATED,
        )
    return path


def make_truncated_zip(directory: Path, name: str = "truncated.xlsx") -> Path:
    """The first half of a real openpyxl workbook (as if the download was cut)."""
    data = good_xlsx_bytes()
    path = directory / name
    path.write_bytes(data[: len(data) // 2])
    return path


def make_zip_bomb(directory: Path, name: str = "bomb.xlsx") -> Path:
    """An otherwise valid workbook plus a member holding 200 MiB of zeros in ~200 KB (about
    1000:1) — honest headers, just far too much data."""
    entries = [raw_entry(n, d) for n, d in zip_members(good_xlsx_bytes()).items()]
    stream = zeros_deflate_stream(200)
    entries.append(
        {"name": "xl/media/image1.png", "data": stream, "method": 8, "crc": _zeros_crc(200), "size": 200 * MiB}
    )
    return write_raw_zip(directory / name, entries)


@lru_cache(maxsize=4)
def _zeros_crc(mib: int) -> int:
    crc, block = 0, bytes(MiB)
    for _ in range(mib):
        crc = zlib.crc32(block, crc)
    return crc


def make_lying_header_bomb(directory: Path, name: str = "lying.xlsx") -> Path:
    """A valid workbook whose sheet part *declares* its true size and CRC, but whose deflate
    stream goes on with 200 MiB of zeros after that. A reader that trusts the stream rather
    than the header would unpack 200 MiB."""
    members = zip_members(good_xlsx_bytes())
    entries = []
    for n, d in members.items():
        if n == SHEET1:
            data = deflate(d, final=False) + zeros_deflate_stream(200)
            entries.append({"name": n, "data": data, "method": 8, "crc": zlib.crc32(d), "size": len(d)})
        else:
            entries.append(raw_entry(n, d))
    return write_raw_zip(directory / name, entries)


def make_too_many_members(directory: Path, name: str = "many.xlsx", count: int = 10_001) -> Path:
    """A valid workbook padded with ``count`` empty parts (over the default 10,000 limit)."""
    members = zip_members(good_xlsx_bytes())
    path = directory / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for n, d in members.items():
            zf.writestr(n, d)
        for k in range(count):
            zf.writestr(f"customXml/pad{k}.txt", b"")
    return path


def make_overlapping_zip(directory: Path, name: str = "overlap.xlsx") -> Path:
    """A workbook where two central-directory entries point at the same local data (the
    'non-recursive zip bomb' trick)."""
    entries = [raw_entry(n, d) for n, d in zip_members(good_xlsx_bytes()).items()]
    sheet = next(e for e in entries if e["name"] == SHEET1)
    path = write_raw_zip(directory / name, entries)
    # Re-write with an extra central entry aliasing the sheet's local header.
    offset = _local_offset(path.read_bytes(), SHEET1)
    alias = dict(sheet, name=SHEET1.replace("sheet1", "sheet9"), offset=offset)
    return write_raw_zip(path, [*entries, alias])


def _local_offset(data: bytes, name: str) -> int:
    pos = 0
    while True:
        pos = data.find(b"PK\x03\x04", pos)
        if pos < 0:
            raise ValueError(name)
        n_len = struct.unpack("<H", data[pos + 26 : pos + 28])[0]
        if data[pos + 30 : pos + 30 + n_len].decode() == name:
            return pos
        pos += 4


def make_encrypted_zip_entries(directory: Path, name: str = "zipcrypto.xlsx") -> Path:
    """A workbook whose ZIP entries carry the 'encrypted' flag (ZipCrypto, as 7-Zip/WinZip make)."""
    entries = [dict(raw_entry(n, d), flags=0x1) for n, d in zip_members(good_xlsx_bytes()).items()]
    return write_raw_zip(directory / name, entries)


BILLION_LAUGHS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<!DOCTYPE worksheet [\n <!ENTITY lol "lol">\n'
    + "".join(f' <!ENTITY lol{k} "{("&lol" + (str(k - 1) if k > 1 else "") + ";") * 10}">\n' for k in range(1, 10))
    + "]>\n"
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
)


def make_entity_bomb(directory: Path, name: str = "laughs.xlsx", sheet_xml: str = BILLION_LAUGHS) -> Path:
    """A valid workbook whose first sheet is a 'billion laughs' entity bomb (~3 GB if expanded)."""
    members = zip_members(good_xlsx_bytes())
    members[SHEET1] = sheet_xml.encode("utf-8")
    return write_zip(directory / name, members)


VBA_MODULE = (
    'Attribute VB_Name = "Module1"\r\n'
    "Sub Auto_Open()\r\n"
    '    MsgBox "this macro must never run"\r\n'
    "End Sub\r\n"
    "Sub Workbook_Open()\r\n"
    "    Auto_Open\r\n"
    "End Sub\r\n"
)


def add_vba(members: dict[str, bytes]) -> dict[str, bytes]:
    """Turn a workbook's parts into an .xlsm's: macroEnabled main content type, ``xl/vbaProject.bin``
    (a CFB container whose streams hold an Auto_Open macro as plain text; not a valid VBA project)
    and its relationship."""
    members = dict(members)
    ct = members["[Content_Types].xml"].decode()
    ct = ct.replace(CT_XLSX, CT_XLSM)
    ct = ct.replace("<Default ", f'<Default Extension="bin" ContentType="{CT_VBA}"/><Default ', 1)
    members["[Content_Types].xml"] = ct.encode()
    rels = members["xl/_rels/workbook.xml.rels"].decode()
    rels = rels.replace(
        "</Relationships>", f'<Relationship Id="rIdVBA1" Type="{REL_VBA}" Target="vbaProject.bin"/></Relationships>'
    )
    members["xl/_rels/workbook.xml.rels"] = rels.encode()
    members["xl/vbaProject.bin"] = cfb(
        {"PROJECT": b'ID="{00000000-0000-0000-0000-000000000000}"\r\nModule=Module1\r\n', "Module1": VBA_MODULE.encode()}
    )
    return members


def make_xlsm(directory: Path, name: str = "macros.xlsm") -> Path:
    """A macro-enabled workbook (see :func:`add_vba`)."""
    return write_zip(directory / name, add_vba(zip_members(good_xlsx_bytes())))


def make_pdf_renamed(directory: Path, name: str = "report.xlsx") -> Path:
    """A tiny one-page PDF with a .xlsx name."""
    pdf = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    path = directory / name
    path.write_bytes(pdf)
    return path


def make_html_renamed(directory: Path, name: str = "export.xls") -> Path:
    """An HTML table with an .xls name, as many web systems 'export to Excel'."""
    path = directory / name
    path.write_text(
        "<html><head><meta charset='utf-8'></head><body><table><tr><td>รหัส</td></tr></table></body></html>",
        encoding="utf-8",
    )
    return path


#: name -> (maker, expected code). The good file and the .xlsm are not here: they must open.
BAD_FILES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "missing": (make_missing, "F001"),
    "empty": (make_empty, "F002"),
    "oversized": (make_oversized, "F003"),
    "csv_renamed": (make_csv_renamed, "F004"),
    "legacy_xls": (make_legacy_xls, "F004"),
    "docx_renamed": (make_docx_renamed, "F004"),
    "ods_renamed": (make_ods_renamed, "F004"),
    "pdf_renamed": (make_pdf_renamed, "F004"),
    "html_renamed": (make_html_renamed, "F004"),
    "truncated_zip": (make_truncated_zip, "F005"),
    "encrypted_cfb": (make_encrypted_cfb, "F006"),
    "encrypted_zip_entries": (make_encrypted_zip_entries, "F006"),
    "zip_bomb": (make_zip_bomb, "F007"),
    "lying_header_bomb": (make_lying_header_bomb, "F007"),
    "too_many_members": (make_too_many_members, "F007"),
    "overlapping_zip": (make_overlapping_zip, "F007"),
    "entity_bomb": (make_entity_bomb, "F008"),
}
