"""Inspect an untrusted workbook file *before* anything tries to open it.

Workbooks arrive by e-mail from people we do not know. Before a file reaches openpyxl (or
LibreOffice) :func:`inspect_workbook_file` checks, without executing or fully unpacking anything:

1. the file exists (F001), is not empty (F002) and not too large (F003);
2. its magic bytes: an OLE2/CFB container is either a password-protected xlsx (F006) or a legacy
   Office 97-2003 file (F004); text/CSV, PDF, HTML, images, other archives... are F004; something
   that starts like a ZIP but is not readable as one is F005;
3. the ZIP container: a damaged/truncated central directory, entries that point outside the file,
   duplicate part names, odd compression methods (F005); too many members, too many declared
   uncompressed bytes, a too high compression ratio, overlapping entries or a member that inflates
   beyond its declared size (F007, zip bombs); encrypted entries (F006);
4. the OOXML package: ``[Content_Types].xml`` and the workbook part (normally ``xl/workbook.xml``)
   must exist and parse (with :mod:`defusedxml`); a Word/PowerPoint/xlsb/... package renamed to
   .xlsx is F004; macros (``vbaProject.bin``, a macro-enabled content type, Excel 4.0 macro sheets)
   give ``has_macros=True`` and an F009 *warning* (openpyxl never runs macros, and
   :func:`safe_load_workbook` drops them);
5. every XML-looking part (``*.xml``, ``*.rels``, ``*.vml`` or any part whose data starts with
   ``<``) is checked for ``<!DOCTYPE`` / ``<!ENTITY`` (OOXML never needs a DTD): a byte scan of its
   first few KB (NUL bytes removed, so UTF-16/32 cannot hide it) and an expat pass over its prolog
   up to the root element, which stops at the root and so never expands anything (F008).

Speed: sizes come from the ZIP central directory. Members are inflated by streaming with an output
cap: parts up to :data:`FULL_CHECK_BYTES` are inflated completely (to verify their declared size
and CRC, which catches lying headers), larger parts only up to their first
:data:`XML_SCAN_BYTES`. Python's :mod:`zipfile` (used by openpyxl) never returns more than a
member's declared size, so declared sizes bound what openpyxl can be made to read. (A whole member
is first inflated in one call with its output capped at its declared size + 1; anything unusual
goes through the stream, which says what is wrong.)

:func:`inspect_workbook_parts` is the same inspection returning, besides the report, the bytes it
read and the parts it inflated completely (up to :data:`KEEP_BYTES` in all), so the fast reader
(:mod:`cmfi_xl.xlsx.fastread`) reads, hashes and inflates each file once.

:func:`safe_load_workbook` inspects, then loads *the very bytes it inspected* (no second read of
the path, so nothing can change in between) with ``openpyxl.load_workbook(..., keep_vba=False)``
and turns any failure of openpyxl into :class:`UnreadableWorkbook` (F005, or F008 for defusedxml).
The input file is only ever opened for reading.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError
from xml.parsers import expat

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as _safe_fromstring

from cmfi_xl.core.issues import Issue, UnreadableWorkbook, make_issue

try:  # ISA-L's inflate and CRC-32: the same bytes and checksums, about twice as fast as zlib's
    from isal import isal_zlib as _fast_zlib
except ImportError:  # (an optional speed-up: without it, zlib does all of the work)
    _fast_zlib = zlib  # type: ignore[misc]

#: CRC-32 (zlib's, with ISA-L's code where it is installed: the same checksum)
crc32 = _fast_zlib.crc32
_INFLATE_ERRORS = (zlib.error, _fast_zlib.error)

__all__ = [
    "FULL_CHECK_BYTES",
    "MAX_FILE_BYTES",
    "MAX_MEMBERS",
    "MAX_RATIO",
    "MAX_UNCOMPRESSED_BYTES",
    "RATIO_MIN_BYTES",
    "XML_SCAN_BYTES",
    "KEEP_BYTES",
    "FileReport",
    "InspectedFile",
    "inspect_workbook_file",
    "inspect_workbook_parts",
    "safe_load_workbook",
]

MiB = 1024 * 1024

#: Largest file accepted at all (F003).
MAX_FILE_BYTES = 50 * MiB
#: Largest total of the members' declared uncompressed sizes (F007).
MAX_UNCOMPRESSED_BYTES = 500 * MiB
#: Largest compression ratio (uncompressed / compressed), per member and for the whole file (F007).
MAX_RATIO = 200
#: Most members (parts) a package may have (F007).
MAX_MEMBERS = 10_000
#: The ratio test applies only to members (or files) that inflate to more than this: small XML
#: parts legitimately compress very well, and a few KB can do no harm.
RATIO_MIN_BYTES = 1 * MiB
#: Members up to this declared size are inflated completely (streamed, with a cap) to check that
#: they inflate to exactly their declared size and CRC; bigger ones only to their first few KB.
FULL_CHECK_BYTES = 4 * MiB
#: How much of each XML part is looked at for a DTD: the byte scan covers the first
#: :data:`DTD_BYTE_SCAN` bytes, expat reads the prolog up to the root element within this window.
XML_SCAN_BYTES = 64 * 1024
DTD_BYTE_SCAN = 8 * 1024
#: Largest ``[Content_Types].xml`` / workbook part parsed during the inspection.
MAX_STRUCTURE_PART_BYTES = 16 * MiB
#: :func:`inspect_workbook_parts` keeps the parts it inflated completely (for the reader, so that
#: nothing is inflated twice) up to this many bytes in all; further parts are checked the same way
#: but not kept (a file of many 4 MiB parts cannot make the inspection hold 500 MiB).
KEEP_BYTES = 64 * MiB

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")

# Content types (ECMA-376 and Microsoft's extensions).
_CT_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_CT_XLTX = "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml"
_CT_XLSM = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
_CT_XLTM = "application/vnd.ms-excel.template.macroEnabled.main+xml"
# openpyxl's search order (openpyxl.reader.excel._find_workbook_part): first match wins.
_WORKBOOK_TYPES: tuple[tuple[str, bool], ...] = (
    (_CT_XLTM, True),
    (_CT_XLTX, False),
    (_CT_XLSM, True),
    (_CT_XLSX, False),
)
_OTHER_MAIN_TYPES: dict[str, str] = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "Word document (.docx)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": "Word template (.dotx)",
    "application/vnd.ms-word.document.macroEnabled.main+xml": "Word macro-enabled document (.docm)",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": "Word macro-enabled template (.dotm)",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "PowerPoint presentation (.pptx)",
    "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml": "PowerPoint slide show (.ppsx)",
    "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml": "PowerPoint template (.potx)",
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml": "PowerPoint macro-enabled presentation (.pptm)",
    "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml": "PowerPoint macro-enabled slide show (.ppsm)",
    "application/vnd.ms-excel.sheet.binary.macroEnabled.main": "Excel binary workbook (.xlsb)",
    "application/vnd.ms-excel.addin.macroEnabled.main+xml": "Excel add-in (.xlam)",
    "application/vnd.ms-visio.drawing.main+xml": "Visio drawing (.vsdx)",
    "application/vnd.ms-package.xps-fixeddocumentsequence+xml": "XPS document (.xps)",
}
_MACRO_PART_TYPES = {
    "application/vnd.ms-office.vbaProject",
    "application/vnd.ms-office.vbaProjectSignature",
    "application/vnd.ms-excel.macrosheet+xml",
    "application/vnd.ms-excel.intlmacrosheet+xml",
}
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_STRICT_SHEET_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"

_OPENPYXL_KWARGS = frozenset({"read_only", "data_only", "keep_links", "rich_text", "keep_vba"})


@dataclass(frozen=True)
class FileReport:
    """What the inspection found in a file that may be opened."""

    path: Path
    size: int
    sha256: str
    kind: str  # "xlsx" (also for .xltx) or "xlsm" (macro-enabled content type, also .xltm)
    has_macros: bool
    warnings: list[Issue] = field(default_factory=list)


@dataclass(frozen=True)
class InspectedFile:
    """:func:`inspect_workbook_parts`: the report, the very bytes that were inspected, and what the
    inspection found in them, so that a reader need not read, hash or inflate anything again."""

    report: FileReport
    data: bytes
    #: the ZIP members in the order of the central directory
    infos: list[zipfile.ZipInfo]
    #: member name → (start, end) of its compressed data in :attr:`data` (checked to lie inside it)
    spans: dict[str, tuple[int, int]]
    #: member name → its inflated bytes, for the members inflated completely (declared size and CRC
    #: verified; up to :data:`KEEP_BYTES` in all)
    parts: dict[str, bytes]


class _Kept:
    """What the ZIP inspection collects for :class:`InspectedFile`."""

    def __init__(self) -> None:
        self.infos: list[zipfile.ZipInfo] = []
        self.spans: dict[str, tuple[int, int]] = {}
        self.parts: dict[str, bytes] = {}
        self.room = KEEP_BYTES

    def add(self, name: str, body: bytes) -> None:
        if name not in self.parts and len(body) <= self.room:
            self.parts[name] = body
            self.room -= len(body)


@dataclass(frozen=True)
class _Limits:
    max_file_bytes: int
    max_uncompressed_bytes: int
    max_ratio: float
    max_members: int


# --------------------------------------------------------------------------- public API


def inspect_workbook_file(
    path: str | os.PathLike[str],
    *,
    max_file_bytes: int = MAX_FILE_BYTES,
    max_uncompressed_bytes: int = MAX_UNCOMPRESSED_BYTES,
    max_ratio: float = MAX_RATIO,
    max_members: int = MAX_MEMBERS,
) -> FileReport:
    """Check that ``path`` is an .xlsx/.xlsm workbook that is safe to hand to openpyxl.

    Raises :class:`UnreadableWorkbook` (codes F001–F008) for anything that must not be opened;
    macros are reported as an F009 warning in :attr:`FileReport.warnings`. Never executes or
    writes anything; the file is opened read-only, once.
    """
    limits = _Limits(max_file_bytes, max_uncompressed_bytes, max_ratio, max_members)
    p = Path(path)
    data = _read_limited(p, limits.max_file_bytes)
    return _inspect_bytes(p, data, limits)


def inspect_workbook_parts(
    path: str | os.PathLike[str],
    *,
    max_file_bytes: int = MAX_FILE_BYTES,
    max_uncompressed_bytes: int = MAX_UNCOMPRESSED_BYTES,
    max_ratio: float = MAX_RATIO,
    max_members: int = MAX_MEMBERS,
) -> InspectedFile:
    """:func:`inspect_workbook_file`, also returning the bytes it read (once) and the parts it
    inflated (each once): the same checks, the same errors."""
    limits = _Limits(max_file_bytes, max_uncompressed_bytes, max_ratio, max_members)
    p = Path(path)
    data = _read_limited(p, limits.max_file_bytes)
    kept = _Kept()
    report = _inspect_bytes(p, data, limits, kept)
    return InspectedFile(report, data, kept.infos, kept.spans, kept.parts)


def safe_load_workbook(
    path: str | os.PathLike[str],
    *,
    max_file_bytes: int = MAX_FILE_BYTES,
    max_uncompressed_bytes: int = MAX_UNCOMPRESSED_BYTES,
    max_ratio: float = MAX_RATIO,
    max_members: int = MAX_MEMBERS,
    **openpyxl_kwargs: Any,
) -> tuple[FileReport, Any]:
    """Inspect ``path``, then load it with openpyxl (``keep_vba=False``). Returns (report, workbook).

    ``openpyxl_kwargs`` may be ``read_only``, ``data_only``, ``keep_links``, ``rich_text``
    (``keep_vba`` only as ``False``). The workbook is loaded from the bytes that were inspected.
    Every failure while loading becomes :class:`UnreadableWorkbook` (F005; F008 when defusedxml
    refuses a part). With ``read_only=True`` openpyxl parses sheets lazily: errors raised later,
    while iterating rows, are not converted here.
    """
    unknown = set(openpyxl_kwargs) - _OPENPYXL_KWARGS
    if unknown:
        raise TypeError(f"safe_load_workbook() got unexpected keyword arguments: {sorted(unknown)}")
    if openpyxl_kwargs.pop("keep_vba", False):
        raise ValueError("keep_vba=True is not allowed for untrusted workbooks")

    import openpyxl  # noqa: PLC0415 - keep the inspection importable without loading openpyxl
    import openpyxl.xml  # noqa: PLC0415

    if not openpyxl.xml.DEFUSEDXML:  # an environment fault, not a data problem
        raise RuntimeError(
            "openpyxl is not using defusedxml (is OPENPYXL_DEFUSEDXML set to something other than True?); "
            "refusing to parse untrusted workbooks"
        )

    limits = _Limits(max_file_bytes, max_uncompressed_bytes, max_ratio, max_members)
    p = Path(path)
    data = _read_limited(p, limits.max_file_bytes)
    report = _inspect_bytes(p, data, limits)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), keep_vba=False, **openpyxl_kwargs)
    except UnreadableWorkbook:
        raise
    except Exception as exc:  # noqa: BLE001 - anything openpyxl/zipfile/expat throws at odd content
        # openpyxl wraps parse errors in ValueError("Unable to read workbook ..."): look inside.
        if any(isinstance(e, DefusedXmlException) for e in _chain(exc)):
            raise UnreadableWorkbook("F008", part="(found while reading the workbook)") from exc
        raise UnreadableWorkbook("F005", detail=_short(_root_cause(exc))) from exc
    return report, wb


# --------------------------------------------------------------------------- reading the file


def _read_limited(p: Path, max_file_bytes: int) -> bytes:
    try:
        st = os.stat(p)
    except (FileNotFoundError, NotADirectoryError):
        raise UnreadableWorkbook("F001", path=str(p)) from None
    except OSError as exc:
        if exc.errno is not None and exc.errno in (2, 20):  # ENOENT, ENOTDIR
            raise UnreadableWorkbook("F001", path=str(p)) from None
        raise
    if not stat.S_ISREG(st.st_mode):  # a folder, a pipe, a device: there is no file to read
        raise UnreadableWorkbook("F001", path=str(p))
    if st.st_size == 0:
        raise UnreadableWorkbook("F002")
    if st.st_size > max_file_bytes:
        raise UnreadableWorkbook("F003", size=f"{st.st_size:,}", limit=f"{max_file_bytes:,}")
    with open(p, "rb") as fh:
        # (the size stat() gave, and one byte more, then the rest up to the cap if it grew: the same
        # bytes as one read of ``max_file_bytes + 1``, without a buffer of that size for every file)
        data = fh.read(min(st.st_size, max_file_bytes) + 1)
        if len(data) > st.st_size:
            data += fh.read(max_file_bytes + 1 - len(data))
    if not data:
        raise UnreadableWorkbook("F002")
    if len(data) > max_file_bytes:  # grew since stat()
        raise UnreadableWorkbook("F003", size=f"> {max_file_bytes:,}", limit=f"{max_file_bytes:,}")
    return data


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and cur not in seen and len(seen) < 20:
        seen.append(cur)
        cur = cur.__cause__ or cur.__context__
    return seen


def _root_cause(exc: BaseException) -> BaseException:
    """openpyxl's wrapper message is long and names a temporary source; the cause says more."""
    chain = _chain(exc)
    return chain[-1] if len(chain) > 1 else exc


def _short(exc: BaseException, limit: int = 160) -> str:
    text = " ".join(str(exc).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    name = type(exc).__name__
    return f"{name}: {text}" if text else name


# --------------------------------------------------------------------------- dispatch on magic bytes


def _inspect_bytes(p: Path, data: bytes, limits: _Limits, kept: _Kept | None = None) -> FileReport:
    sha = hashlib.sha256(data).hexdigest()
    head = data[:8]
    if head == _OLE_MAGIC:
        _reject_ole(data)
    if not head.startswith(_ZIP_MAGICS):
        _reject_not_zip(data)
    kind, has_macros, evidence = _inspect_zip(data, limits, kept)
    warnings: list[Issue] = []
    if has_macros:
        warnings.append(make_issue("F009", value=", ".join(evidence)))
    return FileReport(path=p, size=len(data), sha256=sha, kind=kind, has_macros=has_macros, warnings=warnings)


def _reject_ole(data: bytes) -> None:
    """An OLE2 compound file: an encrypted OOXML package, or a legacy binary Office file."""
    names: set[str] | None = None
    try:
        import olefile  # noqa: PLC0415 - ships with oletools; optional

        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            names = {"/".join(entry) for entry in ole.listdir(streams=True, storages=True)}
    except Exception:  # noqa: BLE001 - olefile missing, or a damaged container: use the raw bytes
        names = None
    if names is None:
        # Directory entry names are stored as UTF-16LE: look for them in the raw bytes.
        names = {
            n
            for n in ("EncryptedPackage", "EncryptionInfo", "Workbook", "Book", "WordDocument", "PowerPoint Document")
            if n.encode("utf-16-le") in data
        }
    lower = {n.lower() for n in names}
    if "encryptedpackage" in lower or "encryptioninfo" in lower:
        raise UnreadableWorkbook("F006")
    if "workbook" in lower or "book" in lower:
        kind = "Excel 97-2003 (.xls)"
    elif "worddocument" in lower:
        kind = "Word 97-2003 (.doc)"
    elif "powerpoint document" in lower:
        kind = "PowerPoint 97-2003 (.ppt)"
    else:
        kind = "Office 97-2003 (OLE2) file"
    raise UnreadableWorkbook("F004", kind=kind)


_SIMPLE_MAGICS: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF document (.pdf)"),
    (b"{\\rtf", "RTF document (.rtf)"),
    (b"\x89PNG\r\n\x1a\n", "image (PNG)"),
    (b"\xff\xd8\xff", "image (JPEG)"),
    (b"GIF87a", "image (GIF)"),
    (b"GIF89a", "image (GIF)"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"MZ", "Windows program (.exe)"),
    (b"\x7fELF", "Linux program"),
    (b"\x09\x08", "Excel 97-2003 (.xls)"),  # a bare BIFF stream
)


def _reject_not_zip(data: bytes) -> None:
    for magic, kind in _SIMPLE_MAGICS:
        if data.startswith(magic):
            raise UnreadableWorkbook("F004", kind=kind)
    if data.startswith(b"PK"):
        raise UnreadableWorkbook("F005", detail="damaged ZIP header")
    text = _as_text(data[:8192])
    if text is not None:
        low = text.lstrip("\ufeff \t\r\n").lower()
        if "urn:schemas-microsoft-com:office:spreadsheet" in low:
            raise UnreadableWorkbook("F004", kind="Excel 2003 XML spreadsheet (.xml)")
        if low.startswith(("<!doctype html", "<html", "<table", "<head", "<body", "<meta")) or "<html" in low[:1024]:
            raise UnreadableWorkbook("F004", kind="web page (HTML)")
        if low.startswith("<?xml") or low.startswith("<"):
            raise UnreadableWorkbook("F004", kind="XML document")
        raise UnreadableWorkbook("F004", kind="CSV/text")
    raise UnreadableWorkbook("F004", kind="unknown binary data")


def _as_text(chunk: bytes) -> str | None:
    """The chunk as text if it plausibly is text (UTF-8/16 or Thai Windows-874), else None."""
    import codecs  # noqa: PLC0415

    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if chunk.startswith(bom):
            return codecs.getincrementaldecoder(enc)(errors="replace").decode(chunk[len(bom) :])
    if b"\x00" in chunk:
        return None
    text: str | None = None
    for enc in ("utf-8", "cp874"):
        try:
            text = codecs.getincrementaldecoder(enc)().decode(chunk)  # final=False: a cut char is fine
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        return None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f\v")
    return text if controls <= len(text) // 100 else None


# --------------------------------------------------------------------------- the ZIP container


def _inspect_zip(data: bytes, limits: _Limits, kept: _Kept | None = None) -> tuple[str, bool, list[str]]:
    try:
        return _inspect_zip_inner(data, limits, kept)
    except UnreadableWorkbook:
        raise
    except Exception as exc:  # noqa: BLE001 - any surprise from odd ZIP/XML content is "corrupt"
        raise UnreadableWorkbook("F005", detail=_short(exc)) from exc


def _inspect_zip_inner(data: bytes, limits: _Limits, kept: _Kept | None) -> tuple[str, bool, list[str]]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise UnreadableWorkbook("F005", detail="the ZIP directory is missing or damaged (truncated file?)") from None
    infos = zf.infolist()

    # -- zip bombs, by the central directory alone
    if len(infos) > limits.max_members:
        raise UnreadableWorkbook("F007", detail=f"{len(infos):,} parts (limit {limits.max_members:,})")
    total = sum(i.file_size for i in infos)
    if total > limits.max_uncompressed_bytes:
        raise UnreadableWorkbook(
            "F007", detail=f"{total:,} bytes when unpacked (limit {limits.max_uncompressed_bytes:,})"
        )
    for info in infos:
        if info.file_size > RATIO_MIN_BYTES and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            ratio = info.file_size / max(info.compress_size, 1)
            raise UnreadableWorkbook(
                "F007", detail=f"part {info.filename} is compressed {ratio:,.0f}:1 (limit {limits.max_ratio:g}:1)"
            )
    if total > RATIO_MIN_BYTES and total > limits.max_ratio * len(data):
        raise UnreadableWorkbook(
            "F007", detail=f"the file unpacks {total / len(data):,.0f} times its size (limit {limits.max_ratio:g})"
        )

    # -- encryption
    for info in infos:
        if info.flag_bits & 0x1 or info.compress_type == 99:  # traditional / strong / WinZip AES
            raise UnreadableWorkbook("F006")

    # -- sane entries: methods, names, positions
    seen: dict[str, str] = {}
    for info in infos:
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise UnreadableWorkbook(
                "F005", detail=f"part {info.filename} uses unsupported compression method {info.compress_type}"
            )
        key = info.filename.casefold()
        if key in seen:
            raise UnreadableWorkbook("F005", detail=f"part name {info.filename} appears twice")
        seen[key] = info.filename
    spans = _member_spans(data, zf, infos)

    # -- the OOXML package
    names = {i.filename for i in infos}
    kind, has_macros, evidence, ct_overrides, ct_defaults = _inspect_package(data, zf, spans, names, kept)

    # -- every part: declared size/CRC (small parts), and no DTD in anything XML
    for info in infos:
        if info.is_dir() or info.file_size == 0:
            continue
        _check_member(data, info, spans[info.filename], ct_overrides, ct_defaults, kept)
    if kept is not None:
        kept.infos, kept.spans = infos, spans
    return kind, has_macros, evidence


def _member_spans(data: bytes, zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> dict[str, tuple[int, int]]:
    """Where each member's compressed data lies; rejects entries that overlap or leave the archive."""
    end_of_data = getattr(zf, "start_dir", len(data))
    spans: dict[str, tuple[int, int]] = {}
    ordered = sorted(infos, key=lambda i: i.header_offset)
    if ordered and ordered[0].header_offset != 0:
        raise UnreadableWorkbook("F005", detail="unexpected data before the first ZIP entry")
    prev_end, prev_name = 0, ""
    for info in ordered:
        off = info.header_offset
        if off < prev_end:
            raise UnreadableWorkbook(
                "F007", detail=f"ZIP entries {prev_name} and {info.filename} overlap"
            )
        header = data[off : off + 30]
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            raise UnreadableWorkbook("F005", detail=f"bad local header for part {info.filename}")
        (flags,) = struct.unpack("<H", header[6:8])
        name_len, extra_len = struct.unpack("<HH", header[26:30])
        local_name = data[off + 30 : off + 30 + name_len]
        if local_name.decode("utf-8", "replace") != info.orig_filename and local_name.decode(
            "cp437", "replace"
        ) != info.orig_filename:
            raise UnreadableWorkbook("F005", detail=f"part {info.filename}: names in the ZIP headers differ")
        if flags & 0x1:
            raise UnreadableWorkbook("F006")
        start = off + 30 + name_len + extra_len
        end = start + info.compress_size
        if end > end_of_data:
            raise UnreadableWorkbook("F005", detail=f"part {info.filename} runs past the end of the data (truncated?)")
        spans[info.filename] = (start, end)
        prev_end, prev_name = end, info.filename
    return spans


def _read_part(data: bytes, info: zipfile.ZipInfo, span: tuple[int, int], cap: int) -> bytes:
    """Inflate a whole (small) member, checking its size and CRC."""
    if info.file_size > cap:
        raise UnreadableWorkbook("F007", detail=f"part {info.filename} is too large ({info.file_size:,} bytes)")
    head, _ = _inflate(data, info, span, full=True, keep=info.file_size)
    return head


def _inflate_whole(raw: memoryview, declared: int) -> bytes | None:
    """The raw-deflate member ``raw`` inflated in one call, when it is a whole stream that gives
    exactly ``declared`` bytes (no more are ever produced: the output is capped), else ``None`` (the
    caller's stream loop, with zlib, then finds and names what is wrong). With ISA-L installed
    (:data:`_fast_zlib`) it inflates; a stream it cannot inflate is tried with zlib, so a part
    passes here whenever zlib alone would pass it (and its CRC is checked by the caller either way)."""
    for lib in ((_fast_zlib, zlib) if _fast_zlib is not zlib else (zlib,)):
        try:
            one = lib.decompressobj(-15)
            out = one.decompress(raw, declared + 1)
        except _INFLATE_ERRORS:  # not inflatable by this library
            continue
        if one.eof and len(out) == declared:
            return out
    return None


def _remember(memo: dict, limit: int, key: object, value: object) -> None:
    """Keep ``key -> value`` in a bounded memo: a full memo is emptied first (the memos hold
    template parts, which repeat across a district's files; clearing is simpler than eviction
    and bounds the memory just as well)."""
    if len(memo) >= limit:
        memo.clear()
    memo[key] = value


#: (compressed bytes, declared size, CRC) → the bytes they inflate to, for the parts every workbook
#: of a template has byte for byte (:func:`_template_part`: relationships, tables, styles, theme,
#: the workbook part, content types; never a worksheet or the document properties, which hold an
#: institution's own data, so no hit comes from two institutions' equal data): inflating and
#: checking is a pure function of those three, so a member seen before inflates to what it did
#: then, and passed its size and CRC then. Only what passed is kept; up to :data:`_INFLATED_LIMIT`
#: parts of up to :data:`_INFLATED_BYTES` (16 MiB at most).
_INFLATED: dict[tuple[bytes, int, int], bytes] = {}
_INFLATED_LIMIT = 256
_INFLATED_BYTES = 64 * 1024


def _template_part(name: str, size: int) -> bool:
    if size > _INFLATED_BYTES:
        return False
    low = name.casefold()
    return (low.endswith(".rels") or low.startswith(("xl/tables/", "xl/theme/"))
            or low in ("xl/styles.xml", "xl/workbook.xml", "[content_types].xml"))


def _inflate(
    data: bytes, info: zipfile.ZipInfo, span: tuple[int, int], *, full: bool, keep: int
) -> tuple[bytes, bool]:
    """Stream-inflate one member with an output cap.

    Returns (the first ``keep`` bytes, whether the whole member was read). With ``full`` the member
    is inflated to its end: inflating beyond the declared size is F007 (a lying header), ending
    early or a wrong CRC is F005. Without ``full`` it stops after ``keep`` bytes.
    """
    start, end = span
    raw = memoryview(data)[start:end]
    declared = info.file_size
    if info.compress_type == zipfile.ZIP_STORED:
        if info.compress_size != declared:
            raise UnreadableWorkbook("F005", detail=f"part {info.filename}: stored sizes differ")
        if full and crc32(raw) != info.CRC:
            raise UnreadableWorkbook("F005", detail=f"part {info.filename}: bad CRC")
        return bytes(raw[:keep]), full or keep >= declared

    if full:  # the usual case in one call (output capped); anything unusual: the stream below says what
        # (the compressed span is bounded too: bytes after the stream inside it would go into the key)
        key = (bytes(raw), declared, info.CRC) if len(raw) <= _INFLATED_BYTES and _template_part(info.filename, declared) else None
        out_ = _INFLATED.get(key) if key is not None else None
        if out_ is None:
            out_ = _inflate_whole(raw, declared)
            if out_ is None or crc32(out_) != info.CRC:
                out_ = None  # (the stream below says what is wrong)
            elif key is not None:
                _remember(_INFLATED, _INFLATED_LIMIT, key, out_)
        if out_ is not None:
            return (out_ if keep >= declared else out_[:keep]), True

    limit = declared if full else min(declared, keep)
    d = zlib.decompressobj(-15)
    out = bytearray()
    produced = 0
    crc = 0
    pos = 0
    step = 64 * 1024
    stalled = 0
    while not d.eof:
        if d.unconsumed_tail:
            chunk = d.unconsumed_tail
        elif pos < len(raw):
            chunk = raw[pos : pos + step]
            pos += len(chunk)
        else:
            chunk = b""
        piece = d.decompress(chunk, limit + 1 - produced)
        if not piece:
            if not chunk:
                break  # input exhausted and nothing pending
            stalled = stalled + 1 if len(d.unconsumed_tail) == len(chunk) else 0  # nothing consumed
            if stalled > 2:
                raise UnreadableWorkbook("F005", detail=f"part {info.filename} is damaged")
        else:
            stalled = 0
        produced += len(piece)
        crc = crc32(piece, crc)
        if len(out) < keep:
            out += piece[: keep - len(out)]
        if produced > limit:
            if limit == declared:
                raise UnreadableWorkbook(
                    "F007", detail=f"part {info.filename} unpacks to more than its declared {declared:,} bytes"
                )
            return bytes(out), False  # enough for a prefix scan
        if not full and produced == limit and limit < declared:
            return bytes(out), False
    if produced != declared or not d.eof:
        if full or produced < limit:
            raise UnreadableWorkbook("F005", detail=f"part {info.filename} is truncated or damaged")
    if full and crc != info.CRC:
        raise UnreadableWorkbook("F005", detail=f"part {info.filename}: bad CRC")
    return bytes(out), True


# --------------------------------------------------------------------------- the OOXML package


def _inspect_package(
    data: bytes, zf: zipfile.ZipFile, spans: dict[str, tuple[int, int]], names: set[str], kept: _Kept | None = None
) -> tuple[str, bool, list[str], dict[str, str], dict[str, str]]:
    folded = {n.casefold(): n for n in names}
    ct_name = "[Content_Types].xml"
    if ct_name not in names:
        raise UnreadableWorkbook("F004", kind=_guess_zip_kind(data, zf, spans, folded))
    ct_info = zf.getinfo(ct_name)
    ct_xml = _read_part(data, ct_info, spans[ct_name], MAX_STRUCTURE_PART_BYTES)
    _check_xml(ct_name, ct_xml, complete=True)
    if kept is not None:
        kept.add(ct_name, ct_xml)
    overrides, defaults, override_list = _content_types(ct_name, ct_xml)

    # The workbook part, found the way openpyxl finds it.
    wb_part: str | None = None
    macro_type = False
    for ctype, is_macro in _WORKBOOK_TYPES:
        match = next((part for part, t in override_list if t == ctype), None)
        if match is not None:
            wb_part, macro_type = match, is_macro
            break
    if wb_part is None:
        for ctype, is_macro in _WORKBOOK_TYPES:
            if ctype in defaults.values():
                wb_part, macro_type = "xl/workbook.xml", is_macro
                break
    if wb_part is None:
        for _part, ctype in override_list:
            if ctype in _OTHER_MAIN_TYPES:
                raise UnreadableWorkbook("F004", kind=_OTHER_MAIN_TYPES[ctype])
        guessed = _guess_ooxml_kind(folded)
        if guessed:
            raise UnreadableWorkbook("F004", kind=guessed)
        if "xl/workbook.xml" in folded:
            raise UnreadableWorkbook("F005", detail=f"{ct_name} does not declare the workbook part")
        raise UnreadableWorkbook("F004", kind="an Office Open XML package that is not a workbook")
    if wb_part not in names:
        raise UnreadableWorkbook("F005", detail=f"the workbook part {wb_part} is missing")

    wb_info = zf.getinfo(wb_part)
    wb_xml = _read_part(data, wb_info, spans[wb_part], MAX_STRUCTURE_PART_BYTES)
    _check_xml(wb_part, wb_xml, complete=True)
    if kept is not None:
        kept.add(wb_part, wb_xml)
    wb_tag = _root_tag(wb_part, wb_xml)
    ns, _, local = wb_tag[1:].partition("}") if wb_tag.startswith("{") else ("", "", wb_tag)
    if local != "workbook":
        raise UnreadableWorkbook("F005", detail=f"{wb_part} is not a workbook")
    if ns == _STRICT_SHEET_NS:
        raise UnreadableWorkbook("F004", kind="Strict Open XML spreadsheet (save it as an ordinary Excel workbook)")

    # Macros: a macro-enabled main type, a VBA project, Excel 4.0 macro sheets.
    evidence: list[str] = []
    if macro_type:
        evidence.append(f"{wb_part} is macro-enabled")
    for n in sorted(names):
        low = n.casefold()
        ext = low.rsplit(".", 1)[-1] if "." in low.rsplit("/", 1)[-1] else ""
        ctype = overrides.get(low) or defaults.get(ext, "")
        if low.rsplit("/", 1)[-1] in ("vbaproject.bin", "vbaprojectsignature.bin") or ctype in _MACRO_PART_TYPES:
            evidence.append(n)
        elif low.startswith("xl/macrosheets/") and not low.endswith("/") and n not in evidence:
            evidence.append(n)
    kind = "xlsm" if macro_type else "xlsx"
    return kind, bool(evidence), evidence, overrides, defaults


def _content_types(ct_name: str, ct_xml: bytes) -> tuple[dict[str, str], dict[str, str], list[tuple[str, str]]]:
    """(overrides: part casefolded → content type, defaults: extension → content type, the
    overrides in order) of a content-types part. The same part (byte for byte) is parsed once:
    every workbook of a template has it."""
    hit = _CT_MEMO.get(ct_xml)
    if hit is None:
        root = _parse(ct_name, ct_xml)
        if root.tag != f"{_CT_NS}Types":
            raise UnreadableWorkbook("F005", detail=f"{ct_name} is not a content-types list")
        overrides: dict[str, str] = {}
        defaults: dict[str, str] = {}
        override_list: list[tuple[str, str]] = []
        for el in root:
            if el.tag == f"{_CT_NS}Override":
                part = (el.get("PartName") or "").lstrip("/")
                ctype = (el.get("ContentType") or "").strip()
                overrides[part.casefold()] = ctype
                override_list.append((part, ctype))
            elif el.tag == f"{_CT_NS}Default":
                defaults[(el.get("Extension") or "").casefold()] = (el.get("ContentType") or "").strip()
        hit = (overrides, defaults, override_list)
        if len(ct_xml) <= _CT_MEMO_BYTES:
            _remember(_CT_MEMO, _CT_MEMO_LIMIT, ct_xml, hit)
    return dict(hit[0]), dict(hit[1]), list(hit[2])


#: a content-types part's bytes → :func:`_content_types` (parts that parse and are a types list only)
_CT_MEMO: dict[bytes, tuple[dict[str, str], dict[str, str], list[tuple[str, str]]]] = {}
_CT_MEMO_LIMIT = 16
_CT_MEMO_BYTES = 64 * 1024


def _parse(name: str, xml: bytes) -> Any:
    try:
        return _safe_fromstring(xml)
    except DefusedXmlException:
        raise UnreadableWorkbook("F008", part=name) from None
    except Exception as exc:  # noqa: BLE001 - ParseError and friends
        raise UnreadableWorkbook("F005", detail=f"{name} is not valid XML ({_short(exc, 80)})") from None


def _root_tag(name: str, xml: bytes) -> str:
    """The root element's tag as ElementTree spells it (``{namespace}name``) of a part that must be
    well-formed XML: what :func:`_parse` checks (the same errors), without building the tree (the
    workbook part's defined names are many, and only its root is looked at)."""
    tags: list[str] = []
    parser = expat.ParserCreate(namespace_separator="}")

    def start(tag: str, _attrs: Any) -> None:
        tags.append(tag)
        parser.StartElementHandler = None  # the rest is only checked, in C

    def forbidden(*_args: Any) -> None:
        raise _DtdFound

    parser.StartElementHandler = start
    parser.EntityDeclHandler = parser.UnparsedEntityDeclHandler = forbidden
    parser.ExternalEntityRefHandler = forbidden
    try:
        parser.Parse(xml, True)
    except _DtdFound:
        raise UnreadableWorkbook("F008", part=name) from None
    except expat.ExpatError as exc:  # as ElementTree words it
        raise UnreadableWorkbook("F005", detail=f"{name} is not valid XML ({_short(ParseError(str(exc)), 80)})") from None
    return "{" + tags[0] if "}" in tags[0] else tags[0]


def _guess_ooxml_kind(folded: dict[str, str]) -> str | None:
    if "word/document.xml" in folded:
        return "Word document (.docx)"
    if "ppt/presentation.xml" in folded:
        return "PowerPoint presentation (.pptx)"
    if "xl/workbook.bin" in folded:
        return "Excel binary workbook (.xlsb)"
    if any(n.startswith("visio/") for n in folded):
        return "Visio drawing (.vsdx)"
    return None


def _guess_zip_kind(data: bytes, zf: zipfile.ZipFile, spans: dict[str, tuple[int, int]], folded: dict[str, str]) -> str:
    if "mimetype" in folded:
        info = zf.getinfo(folded["mimetype"])
        head, _ = _inflate(data, info, spans[info.filename], full=False, keep=200)
        mime = head.decode("ascii", "replace").strip()
        odf = {
            "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument spreadsheet (.ods)",
            "application/vnd.oasis.opendocument.text": "OpenDocument text (.odt)",
            "application/vnd.oasis.opendocument.presentation": "OpenDocument presentation (.odp)",
            "application/epub+zip": "e-book (.epub)",
        }
        if mime in odf:
            return odf[mime]
    guessed = _guess_ooxml_kind(folded)
    if guessed:
        return guessed
    if "xl/workbook.xml" in folded:
        # Looks like a workbook without its content-types list: damaged, not a different format.
        raise UnreadableWorkbook("F005", detail="[Content_Types].xml is missing")
    return "ZIP archive" if folded else "an empty ZIP archive"


# --------------------------------------------------------------------------- every part


def _looks_like_xml(name: str, head: bytes, ctype: str) -> bool:
    low = name.casefold()
    if low.endswith((".xml", ".rels", ".vml")) or ctype.endswith("+xml") or ctype in ("application/xml", "text/xml"):
        return True
    probe = head[:512].replace(b"\x00", b"")
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if probe.startswith(bom):
            probe = probe[len(bom) :]
    return probe.lstrip(b" \t\r\n").startswith(b"<")


def _check_member(
    data: bytes,
    info: zipfile.ZipInfo,
    span: tuple[int, int],
    overrides: dict[str, str],
    defaults: dict[str, str],
    kept: _Kept | None = None,
) -> None:
    full = info.file_size <= FULL_CHECK_BYTES
    if kept is not None and info.filename in kept.parts:  # inflated and checked by _inspect_package
        head, complete = kept.parts[info.filename], True
    elif kept is not None and full and info.file_size <= kept.room:
        head, complete = _inflate(data, info, span, full=True, keep=info.file_size)
        kept.add(info.filename, head)
    else:
        head, complete = _inflate(data, info, span, full=full, keep=XML_SCAN_BYTES)
    low = info.filename.casefold()
    last = low.rsplit("/", 1)[-1]
    ext = last.rsplit(".", 1)[-1] if "." in last else ""
    ctype = overrides.get(low) or defaults.get(ext, "")
    whole = complete and len(head) == info.file_size
    seen = (info.filename, ctype, head) if whole and _template_part(info.filename, info.file_size) else None
    if seen is not None and seen in _PASSED:
        return  # (the checks below are a function of these three: they passed them before)
    head = head[:XML_SCAN_BYTES]  # (a kept part is whole: the scan looks at the same window)
    if _looks_like_xml(info.filename, head, ctype):
        _check_xml(info.filename, head, complete=complete and len(head) == info.file_size)
    if seen is not None:
        _remember(_PASSED, _INFLATED_LIMIT, seen, True)


#: (name, content type, the whole part) of template parts (:func:`_template_part`) that passed the
#: XML checks of :func:`_check_member` (a part inflated from :data:`_INFLATED` is the very bytes
#: object it was before, whose hash Python keeps: looked up in constant time)
_PASSED: dict[tuple[str, str, bytes], bool] = {}


class _RootReached(Exception):
    pass


class _DtdFound(Exception):
    pass


def _dtd(*_args: Any) -> None:
    raise _DtdFound


def _prolog_parser() -> Any:
    """An expat parser that raises :class:`_DtdFound` at any DTD, entity or notation declaration and
    :class:`_RootReached` (its argument: the byte where the tag begins) at the root element's start tag."""

    def _root(*_args: Any) -> None:
        raise _RootReached(parser.CurrentByteIndex)

    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _dtd
    parser.EntityDeclHandler = _dtd
    parser.UnparsedEntityDeclHandler = _dtd
    parser.NotationDeclHandler = _dtd
    parser.ExternalEntityRefHandler = _dtd
    parser.StartElementHandler = _root
    return parser


#: part name → a prolog :func:`_check_xml` has passed: the bytes of a part up to the end of its root
#: element's start tag, that alone bring the parser to that start tag. A part that begins with the
#: same bytes brings it there through the same events (nothing before the root element depends on
#: what follows it), so it passes too: every workbook of a template begins its parts the same way.
_GOOD_PROLOGS: dict[str, bytes] = {}
_GOOD_PROLOGS_LIMIT = 1024
_GOOD_PROLOG_BYTES = 1024


def _remember_prolog(name: str, head: bytes, at: int) -> None:
    """Remember the prolog of ``head``, whose root element's start tag begins at byte ``at``, once a
    parser fed that prolog alone (and told more may follow) has reached the root at the same byte:
    the first ``>`` after ``at`` may be inside an attribute value, then nothing is remembered."""
    end = head.find(b">", at) + 1
    if not 0 < end <= _GOOD_PROLOG_BYTES:
        return
    prolog = head[:end]
    parser = _prolog_parser()
    try:
        parser.Parse(prolog, False)
    except _RootReached as root:
        if root.args[0] == at:
            _remember(_GOOD_PROLOGS, _GOOD_PROLOGS_LIMIT, name, prolog)
    except Exception:  # noqa: BLE001 - not remembered; the part itself has passed
        pass


def _check_xml(name: str, head: bytes, *, complete: bool) -> None:
    """F008 if the prolog of this XML part declares a DTD or entities; F005 if it is not XML."""
    probe = head[:DTD_BYTE_SCAN].replace(b"\x00", b"")
    if b"<!DOCTYPE" in probe or b"<!ENTITY" in probe:
        raise UnreadableWorkbook("F008", part=name)
    known = _GOOD_PROLOGS.get(name)
    if known is not None and head.startswith(known):
        return  # (the parse below would reach the root element through the very same bytes)
    parser = _prolog_parser()
    try:
        parser.Parse(head, complete)
    except _RootReached as root:
        _remember_prolog(name, head, root.args[0])
        return
    except _DtdFound:
        raise UnreadableWorkbook("F008", part=name) from None
    except expat.ExpatError as exc:
        raise UnreadableWorkbook("F005", detail=f"part {name} is not well-formed XML ({exc})") from None
    # No root element within the scanned window: a prolog this long is not something Office writes,
    # and it could hide a DTD beyond the window.
    if complete:
        raise UnreadableWorkbook("F005", detail=f"part {name} has no XML root element")
    raise UnreadableWorkbook("F008", part=name)
