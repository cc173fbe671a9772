"""Write a VBA project (``xl/vbaProject.bin``) from module source text, following [MS-OVBA].

What is written (names as in the spec):

* ``VBA/_VBA_PROJECT`` (2.3.4.1): ``CC 61 FF FF 00 00 00``: Reserved1, Version = 0xFFFF,
  Reserved2, Reserved3, and no PerformanceCache.  Version 0xFFFF is what the spec says a
  writer MUST write; a reader then ignores the (absent) version-dependent cache, so the host
  compiles the modules from their source text.
* ``VBA/dir`` (2.3.4.2), compressed: PROJECTINFORMATION, PROJECTREFERENCES (stdole and the
  Office object library, as Excel itself writes them), PROJECTMODULES with one MODULE record
  per module, each with MODULEOFFSET (TextOffset) = 0.
* one module stream per module (2.3.4.3): no PerformanceCache, CompressedSourceCode at offset 0.
* ``PROJECT`` (2.3.1) text and ``PROJECTwm`` (2.3.3) name map.

The module source is stored exactly as given (after normalising line ends to CRLF), so a
standard module's source starts with its ``Attribute VB_Name = "..."`` line, as in an exported
``.bas`` and as Excel stores it.  Document modules (``ThisWorkbook``, sheets) get the attribute
block Excel writes for them (:func:`document_module_source`).
"""

from __future__ import annotations

import struct
import uuid
from dataclasses import dataclass

from .cfb import write_cfb
from .ovba import compress, encrypt

__all__ = [
    "Module",
    "build_vba_project",
    "document_module_source",
    "normalise_source",
    "REFERENCES",
    "VBA_PROJECT_STREAM",
]

#: _VBA_PROJECT stream: Reserved1 0x61CC, Version 0xFFFF, Reserved2 0x00, Reserved3 0x0000.
VBA_PROJECT_STREAM = b"\xcc\x61\xff\xff\x00\x00\x00"

#: (name, LibidRegistered) as in every Excel-made project: OLE Automation and Office 16.0.
REFERENCES: tuple[tuple[str, str], ...] = (
    ("stdole", "*\\G{00020430-0000-0000-C000-000000000046}#2.0#0#"
               "C:\\Windows\\System32\\stdole2.tlb#OLE Automation"),
    ("Office", "*\\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.8#0#"
               "C:\\Program Files\\Common Files\\Microsoft Shared\\OFFICE16\\MSO.DLL"
               "#Microsoft Office 16.0 Object Library"),
)

#: VB_Base of the workbook / worksheet document modules (Excel's Workbook / Worksheet CLSIDs).
WORKBOOK_BASE = "0{00020819-0000-0000-C000-000000000046}"
WORKSHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"


@dataclass(frozen=True)
class Module:
    """One VBA module: ``kind`` is "standard" (a .bas) or "document" (ThisWorkbook, Sheet1)."""

    name: str
    source: str
    kind: str = "standard"

    def __post_init__(self) -> None:
        if self.kind not in ("standard", "document"):
            raise ValueError(f"module kind must be 'standard' or 'document', not {self.kind!r}")
        if not self.name.isascii() or not self.name.replace("_", "a").isalnum():
            raise ValueError(f"module name must be an ASCII identifier: {self.name!r}")
        if len(self.name) > 31:
            raise ValueError(f"module name longer than 31 characters: {self.name!r}")


def normalise_source(text: str) -> str:
    """Line ends to CRLF (VBA stores CRLF), nothing else changed."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def document_module_source(name: str, base: str) -> str:
    """The attribute block Excel writes at the top of a document module (no code)."""
    return normalise_source(
        f'Attribute VB_Name = "{name}"\n'
        f'Attribute VB_Base = "{base}"\n'
        "Attribute VB_GlobalNameSpace = False\n"
        "Attribute VB_Creatable = False\n"
        "Attribute VB_PredeclaredId = True\n"
        "Attribute VB_Exposed = True\n"
        "Attribute VB_TemplateDerived = False\n"
        "Attribute VB_Customizable = True\n"
    )


# --------------------------------------------------------------------------- dir stream


def _rec(rec_id: int, payload: bytes) -> bytes:
    return struct.pack("<HI", rec_id, len(payload)) + payload


def _dir_stream(project_name: str, modules: list[Module], codepage: int, enc: str,
                lcid: int) -> bytes:
    out = bytearray()
    # 2.3.4.2.1 PROJECTINFORMATION
    out += _rec(0x0001, struct.pack("<I", 1))  # PROJECTSYSKIND: 1 = 32-bit Windows
    out += _rec(0x0002, struct.pack("<I", lcid))  # PROJECTLCID
    out += _rec(0x0014, struct.pack("<I", lcid))  # PROJECTLCIDINVOKE
    out += _rec(0x0003, struct.pack("<H", codepage))  # PROJECTCODEPAGE
    out += _rec(0x0004, project_name.encode(enc))  # PROJECTNAME
    # PROJECTDOCSTRING: empty MBCS, Reserved 0x0040, empty UTF-16
    out += _rec(0x0005, b"") + _rec(0x0040, b"")
    # PROJECTHELPFILEPATH: two empty paths, Reserved 0x003D
    out += _rec(0x0006, b"") + _rec(0x003D, b"")
    out += _rec(0x0007, struct.pack("<I", 0))  # PROJECTHELPCONTEXT
    out += _rec(0x0008, struct.pack("<I", 0))  # PROJECTLIBFLAGS
    # PROJECTVERSION: Id, Reserved = 4, VersionMajor (4 bytes), VersionMinor (2 bytes)
    out += struct.pack("<HIIH", 0x0009, 4, 1, 0)
    # PROJECTCONSTANTS: empty MBCS, Reserved 0x003C, empty UTF-16
    out += _rec(0x000C, b"") + _rec(0x003C, b"")
    # 2.3.4.2.2 PROJECTREFERENCES
    for name, libid in REFERENCES:
        out += _rec(0x0016, name.encode(enc))  # REFERENCENAME
        out += _rec(0x003E, name.encode("utf-16-le"))  # Reserved + NameUnicode
        lib = libid.encode(enc)
        # REFERENCEREGISTERED: Id, Size, SizeOfLibid, Libid, Reserved1 (4), Reserved2 (2)
        out += _rec(0x000D, struct.pack("<I", len(lib)) + lib + b"\x00" * 6)
    # 2.3.4.2.3 PROJECTMODULES
    out += _rec(0x000F, struct.pack("<H", len(modules)))
    out += _rec(0x0013, struct.pack("<H", 0xFFFF))  # PROJECTCOOKIE
    for m in modules:
        out += _rec(0x0019, m.name.encode(enc))  # MODULENAME
        out += _rec(0x0047, m.name.encode("utf-16-le"))  # MODULENAMEUNICODE
        out += _rec(0x001A, m.name.encode(enc))  # MODULESTREAMNAME
        out += _rec(0x0032, m.name.encode("utf-16-le"))  # ... Reserved + StreamNameUnicode
        out += _rec(0x001C, b"") + _rec(0x0048, b"")  # MODULEDOCSTRING (empty)
        out += _rec(0x0031, struct.pack("<I", 0))  # MODULEOFFSET: source at offset 0
        out += _rec(0x001E, struct.pack("<I", 0))  # MODULEHELPCONTEXT
        out += _rec(0x002C, struct.pack("<H", 0xFFFF))  # MODULECOOKIE
        out += _rec(0x0021 if m.kind == "standard" else 0x0022, b"")  # MODULETYPE
        out += _rec(0x002B, b"")  # Terminator
    out += _rec(0x0010, b"")  # dir stream Terminator
    return bytes(out)


# --------------------------------------------------------------------------- PROJECT


def _project_stream(project_id: str, project_name: str, modules: list[Module], enc: str) -> bytes:
    cmg = encrypt(struct.pack("<I", 0), project_id, seed=0x41)
    dpb = encrypt(bytes([0x00]), project_id, seed=0x43)
    gc = encrypt(bytes([0xFF]), project_id, seed=0x45)
    lines = [f'ID="{project_id}"']
    for m in modules:
        if m.kind == "document":
            lines.append(f"Document={m.name}/&H00000000")
        else:
            lines.append(f"Module={m.name}")
    lines += [
        f'Name="{project_name}"',
        'HelpContextID="0"',
        'VersionCompatible32="393222000"',
        # 2.3.1.15-17: not protected, no password, visible; fixed seeds keep it deterministic
        f'CMG="{cmg}"',
        f'DPB="{dpb}"',
        f'GC="{gc}"',
        "",
        "[Host Extender Info]",
        "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000",
        "",
        "[Workspace]",
    ]
    for m in modules:
        lines.append(f"{m.name}=0, 0, 0, 0, C")
    return ("\r\n".join(lines) + "\r\n").encode(enc)


def _projectwm_stream(modules: list[Module], enc: str) -> bytes:
    out = bytearray()
    for m in modules:
        out += m.name.encode(enc) + b"\x00" + m.name.encode("utf-16-le") + b"\x00\x00"
    out += b"\x00\x00"
    return bytes(out)


# --------------------------------------------------------------------------- build


def build_vba_project(modules: list[Module], *, project_name: str = "VBAProject",
                      project_id: str | None = None, codepage: int = 1252,
                      lcid: int = 0x0409) -> bytes:
    """The bytes of a ``vbaProject.bin`` holding ``modules`` (source only, no p-code).

    ``project_id`` is the ``ID="{GUID}"`` of the PROJECT stream; by default it is derived from
    the project name (uuid5), so builds are reproducible.  Module source must be encodable in
    ``codepage``; the default (1252) is used with ASCII-only source so that it reads the same
    on any Windows locale.
    """
    enc = f"cp{codepage}"
    names = [m.name.lower() for m in modules]
    if len(set(names)) != len(names):
        raise ValueError("duplicate module names (VBA names are case-insensitive)")
    if project_id is None:
        project_id = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"cmfi-xl:{project_name}")).upper() + "}"
    vba: dict[str, object] = {
        "_VBA_PROJECT": VBA_PROJECT_STREAM,
        "dir": compress(_dir_stream(project_name, modules, codepage, enc, lcid)),
    }
    for m in modules:
        src = normalise_source(m.source)
        try:
            raw = src.encode(enc)
        except UnicodeEncodeError as exc:
            raise ValueError(f"module {m.name}: source not encodable in code page {codepage}: "
                             f"{exc}") from None
        vba[m.name] = compress(raw)
    return write_cfb({
        "VBA": vba,
        "PROJECT": _project_stream(project_id, project_name, modules, enc),
        "PROJECTwm": _projectwm_stream(modules, enc),
    })
