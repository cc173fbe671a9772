"""Assemble the add-in (.xlam) by hand: OOXML parts, the VBA project, the ribbon.

Parts::

    [Content_Types].xml         workbook part = application/vnd.ms-excel.addin.macroEnabled.main+xml
    _rels/.rels                 officeDocument, core/app properties, ui/extensibility -> customUI14
    customUI/customUI14.xml     the ribbon (cmfi_xl.addin.ribbon)
    docProps/core.xml, app.xml
    xl/workbook.xml             codeName ThisWorkbook, one sheet "xlwings.conf"
    xl/_rels/workbook.xml.rels  worksheet, styles, vbaProject
    xl/worksheets/sheet1.xml    the config (column A key, column B value, as xlwings reads it)
    xl/styles.xml
    xl/vbaProject.bin           ThisWorkbook, Sheet1, xlwings, CmfiRibbon (cmfi_xl.addin.vbaproject)

The output is deterministic: fixed zip timestamps and order, no dates in docProps, a project
GUID derived from the project name.  Building twice gives identical bytes.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from .ribbon import BUTTONS, customui_xml
from .vbaproject import (
    WORKBOOK_BASE,
    WORKSHEET_BASE,
    Module,
    build_vba_project,
    document_module_source,
)
from .xlwings_vba import PROJECT_NAME

__all__ = [
    "build_addin",
    "write_config",
    "read_config",
    "addin_modules",
    "CONFIG_SHEET",
    "CONFIG_KEYS",
    "VBA_DIR",
    "VBA_PROJECT_NAME",
    "ZIP_DATE",
]

VBA_DIR = Path(__file__).with_name("vba")
VBA_PROJECT_NAME = "CmfiAddin"
CONFIG_SHEET = f"{PROJECT_NAME}.conf"  # xlwings reads the sheet PROJECT_NAME & ".conf"
#: Keys written to the config sheet, in this order (xlwings upper-cases keys when it reads them).
CONFIG_KEYS = ("Interpreter_Win", "UDF Modules", "PYTHONPATH")
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
#: Standard modules: (module name, file in vba/) in project order.
STANDARD_MODULES = (("xlwings", "xlwings.bas"), ("CmfiRibbon", "CmfiRibbon.bas"))

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
REL_CORE = ("http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
            "core-properties")
REL_APP = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
           "extended-properties")
REL_UI = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
REL_SHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
REL_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
REL_VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
CT_ADDIN = "application/vnd.ms-excel.addin.macroEnabled.main+xml"

_XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def addin_modules() -> list[Module]:
    """The VBA modules of the add-in, read from ``cmfi_xl/addin/vba`` byte for byte."""
    mods = [
        Module("ThisWorkbook", document_module_source("ThisWorkbook", WORKBOOK_BASE), "document"),
        Module("Sheet1", document_module_source("Sheet1", WORKSHEET_BASE), "document"),
    ]
    for name, filename in STANDARD_MODULES:
        raw = (VBA_DIR / filename).read_bytes()
        text = raw.decode("ascii")  # ASCII only: the project code page is then irrelevant
        if not text.startswith(f'Attribute VB_Name = "{name}"\r\n'):
            raise ValueError(f"{filename} must start with Attribute VB_Name = \"{name}\" + CRLF")
        mods.append(Module(name, text, "standard"))
    return mods


def _content_types() -> str:
    overrides = [
        ("/xl/workbook.xml", CT_ADDIN),
        ("/xl/worksheets/sheet1.xml",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"),
        ("/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/docProps/app.xml",
         "application/vnd.openxmlformats-officedocument.extended-properties+xml"),
    ]
    return (
        _XML_DECL
        + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        + '<Default Extension="rels" '
          'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        + '<Default Extension="xml" ContentType="application/xml"/>'
        + '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
        + "".join(f'<Override PartName="{p}" ContentType="{c}"/>' for p, c in overrides)
        + "</Types>"
    )


def _rels(items: list[tuple[str, str, str]]) -> str:
    return (
        _XML_DECL + f'<Relationships xmlns="{NS_PKG_REL}">'
        + "".join(f'<Relationship Id="{i}" Type="{t}" Target="{target}"/>'
                  for i, t, target in items)
        + "</Relationships>"
    )


def _workbook() -> str:
    return (
        _XML_DECL
        + f'<workbook xmlns="{NS_MAIN}" xmlns:r="{NS_R}">'
        + '<workbookPr codeName="ThisWorkbook"/>'
        + '<bookViews><workbookView visibility="hidden"/></bookViews>'
        + f'<sheets><sheet name={quoteattr(CONFIG_SHEET)} sheetId="1" r:id="rId1"/></sheets>'
        + "</workbook>"
    )


def _cell(ref: str, value: str) -> str:
    return (f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t>'
            "</is></c>")


def _sheet(config: Mapping[str, str]) -> str:
    rows = []
    for n, key in enumerate(CONFIG_KEYS, start=1):
        value = str(config.get(key, ""))
        cells = _cell(f"A{n}", key) + (_cell(f"B{n}", value) if value else "")
        rows.append(f'<row r="{n}">{cells}</row>')
    extra = sorted(set(config) - set(CONFIG_KEYS))
    if extra:
        raise KeyError(f"unknown config keys {extra}; known: {CONFIG_KEYS}")
    return (
        _XML_DECL + f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_R}">'
        + '<sheetPr codeName="Sheet1"/>'
        + '<cols><col min="1" max="1" width="20" customWidth="1"/>'
          '<col min="2" max="2" width="80" customWidth="1"/></cols>'
        + "<sheetData>" + "".join(rows) + "</sheetData></worksheet>"
    )


_STYLES = (
    _XML_DECL + f'<styleSheet xmlns="{NS_MAIN}">'
    '<fonts count="1"><font><sz val="11"/><name val="Tahoma"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)

_CORE = (
    _XML_DECL
    + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
      'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
    + "<dc:title>สถาบันการเงินทุนชุมชน</dc:title><dc:creator>cmfi-xl</dc:creator>"
    + "</cp:coreProperties>"
)

_APP = (
    _XML_DECL
    + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    + "<Application>Microsoft Excel</Application></Properties>"
)


def _write_zip(path: Path, parts: list[tuple[str, bytes]]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w") as zf:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            zf.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    os.replace(tmp, path)


def build_addin(out_path: str | os.PathLike[str], buttons: Iterable[str] | None = None, *,
                config: Mapping[str, str] | None = None) -> Path:
    """Write the add-in to ``out_path`` and return its path.

    ``buttons``: the ribbon tags to include (ribbon order is kept); ``None`` = every button
    whose handler imports now (:func:`cmfi_xl.addin.ribbon.available_tags`).  ``config``: values
    for the ``xlwings.conf`` sheet (keys from :data:`CONFIG_KEYS`); the built file normally has
    empty values and ``install_addin`` fills them in on the PC.
    """
    from .ribbon import available_tags

    tags = available_tags() if buttons is None else list(buttons)
    known = [b.tag for b in BUTTONS]
    tags = [t for t in known if t in set(tags)] + [t for t in tags if t not in known]
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    vba = build_vba_project(addin_modules(), project_name=VBA_PROJECT_NAME)
    parts: list[tuple[str, bytes]] = [
        ("[Content_Types].xml", _content_types().encode()),
        ("_rels/.rels", _rels([
            ("rId1", REL_OFFICE_DOC, "xl/workbook.xml"),
            ("rId2", REL_CORE, "docProps/core.xml"),
            ("rId3", REL_APP, "docProps/app.xml"),
            ("rId4", REL_UI, "customUI/customUI14.xml"),
        ]).encode()),
        ("customUI/customUI14.xml", customui_xml(tags).encode("utf-8")),
        ("docProps/core.xml", _CORE.encode("utf-8")),
        ("docProps/app.xml", _APP.encode()),
        ("xl/workbook.xml", _workbook().encode()),
        ("xl/_rels/workbook.xml.rels", _rels([
            ("rId1", REL_SHEET, "worksheets/sheet1.xml"),
            ("rId2", REL_STYLES, "styles.xml"),
            ("rId3", REL_VBA, "vbaProject.bin"),
        ]).encode()),
        ("xl/worksheets/sheet1.xml", _sheet(config or {}).encode("utf-8")),
        ("xl/styles.xml", _STYLES.encode()),
        ("xl/vbaProject.bin", vba),
    ]
    _write_zip(out, parts)
    return out


def write_config(xlam_path: str | os.PathLike[str], config: Mapping[str, str]) -> Path:
    """Rewrite the ``xlwings.conf`` sheet of an existing add-in built by :func:`build_addin`."""
    path = Path(xlam_path)
    with zipfile.ZipFile(path) as zf:
        parts = [(i.filename, zf.read(i.filename)) for i in zf.infolist()]
    sheet = "xl/worksheets/sheet1.xml"
    if sheet not in {n for n, _ in parts}:
        raise ValueError(f"{path} has no {sheet}: not a cmfi add-in")
    new = [(n, _sheet(config).encode("utf-8") if n == sheet else d) for n, d in parts]
    _write_zip(path, new)
    return path


def read_config(xlam_path: str | os.PathLike[str]) -> dict[str, str]:
    """The key/value pairs of the ``xlwings.conf`` sheet (what xlwings' GetConfig would see)."""
    import xml.etree.ElementTree as ET

    with zipfile.ZipFile(xlam_path) as zf:
        root = ET.fromstring(zf.read("xl/worksheets/sheet1.xml"))
    ns = {"m": NS_MAIN}
    out: dict[str, str] = {}
    for row in root.iterfind(".//m:row", ns):
        vals = {c.get("r", "")[:1]: "".join(t.text or "" for t in c.iterfind(".//m:t", ns))
                for c in row.iterfind("m:c", ns)}
        if vals.get("A"):
            out[vals["A"]] = vals.get("B", "")
    return out
