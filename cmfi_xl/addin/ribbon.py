"""The ribbon tab "สถาบันการเงินทุนชุมชน" as data, and the customUI XML generated from it.

Every button has ``onAction="CmfiRibbon_OnAction"`` (ONE generic VBA callback, see
``vba/CmfiRibbon.bas``) and a ``tag``; the callback passes the tag to
:func:`cmfi_xl.addin.dispatch.run`, which imports the button's handler (``"module:function"``)
and calls it with the workbook.  Icons are built-in Office icons (``imageMso``), so the add-in
carries no image files.

A button is only put on the ribbon when its handler has landed: :func:`available_tags` lists
the tags whose handler imports; ``build_addin`` uses it by default.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

__all__ = [
    "Button",
    "Group",
    "TAB_ID",
    "TAB_LABEL",
    "GROUPS",
    "BUTTONS",
    "CALLBACK",
    "CUSTOMUI14_NS",
    "button",
    "resolve_handler",
    "available_tags",
    "customui_xml",
]

CUSTOMUI14_NS = "http://schemas.microsoft.com/office/2009/07/customui"
CALLBACK = "CmfiRibbon_OnAction"
TAB_ID = "cmfiTab"
TAB_LABEL = "สถาบันการเงินทุนชุมชน"


@dataclass(frozen=True)
class Button:
    tag: str          # passed to Python; lower-case identifier (the VBA callback checks this)
    label: str        # Thai label on the ribbon
    screentip: str    # English tooltip title
    supertip: str     # Thai tooltip body
    image_mso: str    # built-in Office icon
    handler: str      # "package.module:function", called with an xlwings.Book
    group: str        # id of the ribbon group
    cli: str          # the cmfi-xl command that does the same to a file

    @property
    def id(self) -> str:
        return "cmfiBtn_" + self.tag


@dataclass(frozen=True)
class Group:
    id: str
    label: str


GROUPS: tuple[Group, ...] = (
    Group("cmfiGrpData", "ข้อมูล"),
    Group("cmfiGrpBooks", "บัญชีและหนี้"),
    Group("cmfiGrpReports", "รายงาน"),
    Group("cmfiGrpHelp", "ช่วยเหลือ"),
)

BUTTONS: tuple[Button, ...] = (
    Button("check", "ตรวจสอบข้อมูล", "Check the workbook",
           "ตรวจสอบข้อมูลทุกแผ่นงาน ทำเครื่องหมายเซลล์ที่ผิด และเขียนแผ่นงานผลการตรวจ",
           "DataValidation", "cmfi_xl.handlers.check:check", "cmfiGrpData", "cmfi-xl check"),
    Button("new", "สร้างแบบฟอร์มใหม่", "New workbook from the template",
           "สร้างสมุดงานใหม่จากแบบฟอร์มมาตรฐาน",
           "FileNew", "cmfi_xl.handlers.new:new_book", "cmfiGrpData", "cmfi-xl new"),
    Button("books", "คำนวณหุ้น/บัญชี", "Compute shares and accounts",
           "คำนวณหุ้นและบัญชีของสมาชิก",
           "CalculateNow", "cmfi_xl.handlers.books:books", "cmfiGrpBooks", "cmfi-xl books"),
    Button("plan", "วางแผนหนี้", "Plan the debt transfers",
           "วางแผนการโอนหนี้ของสมาชิก",
           "Calculator", "cmfi_xl.handlers.plan:plan", "cmfiGrpBooks", "cmfi-xl plan"),
    Button("apply", "บันทึกการโอนหนี้", "Apply the approved plan",
           "บันทึกการโอนหนี้ตามแผนที่อนุมัติแล้ว",
           "ReviewAcceptChange", "cmfi_xl.handlers.plan:apply_plan", "cmfiGrpBooks",
           "cmfi-xl apply-plan"),
    Button("assess", "ประเมิน", "Score the assessment",
           "คิดคะแนนแบบประเมินสถาบัน",
           "ChartInsert", "cmfi_xl.handlers.assess:assess", "cmfiGrpReports", "cmfi-xl assess"),
    Button("report", "จัดทำรายงาน", "Fill the reports",
           "กรอกข้อมูลลงในแบบรายงาน",
           "FilePrintPreview", "cmfi_xl.handlers.report:report", "cmfiGrpReports",
           "cmfi-xl report"),
    Button("consolidate", "รวมไฟล์", "Consolidate a folder",
           "รวมสมุดงานทุกไฟล์ในโฟลเดอร์ที่เลือก",
           "Consolidate", "cmfi_xl.handlers.consolidate:consolidate", "cmfiGrpReports",
           "cmfi-xl consolidate"),
    Button("help", "วิธีใช้", "Help",
           "วิธีใช้ส่วนเสริมนี้",
           "Help", "cmfi_xl.addin.help:show_help", "cmfiGrpHelp", "cmfi-xl --help"),
)

_TAG_RE = re.compile(r"^[a-z0-9_]+$")  # same rule as the VBA callback's Like pattern
_ID_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def button(tag: str) -> Button:
    """The button with ``tag``; KeyError if there is none."""
    for b in BUTTONS:
        if b.tag == tag:
            return b
    raise KeyError(tag)


def resolve_handler(spec: str):
    """Import ``"package.module:function"`` and return the function (ImportError/AttributeError)."""
    module_name, _, func = spec.partition(":")
    if not module_name or not func:
        raise ValueError(f"handler must be 'module:function', not {spec!r}")
    return getattr(importlib.import_module(module_name), func)


def available_tags() -> list[str]:
    """Tags whose handler can be imported now (the steps that have landed), in ribbon order."""
    tags = []
    for b in BUTTONS:
        try:
            fn = resolve_handler(b.handler)
        except (ImportError, AttributeError):
            continue
        if callable(fn):
            tags.append(b.tag)
    return tags


def customui_xml(tags: Iterable[str]) -> str:
    """customUI14 XML for the buttons in ``tags`` (ribbon order, empty groups left out)."""
    wanted = list(tags)
    unknown = [t for t in wanted if t not in {b.tag for b in BUTTONS}]
    if unknown:
        raise KeyError(f"unknown ribbon tags: {unknown}")
    if not wanted:
        raise ValueError("an add-in needs at least one button")
    for b in BUTTONS:
        if not _TAG_RE.match(b.tag) or not _ID_RE.match(b.id):
            raise ValueError(f"bad tag/id {b.tag!r}")
    lines = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
        f'<customUI xmlns="{CUSTOMUI14_NS}">',
        "  <ribbon>",
        "    <tabs>",
        f"      <tab id={quoteattr(TAB_ID)} label={quoteattr(TAB_LABEL)}>",
    ]
    for g in GROUPS:
        members = [b for b in BUTTONS if b.group == g.id and b.tag in wanted]
        if not members:
            continue
        lines.append(f"        <group id={quoteattr(g.id)} label={quoteattr(g.label)}>")
        for b in members:
            lines.append(
                f"          <button id={quoteattr(b.id)} tag={quoteattr(b.tag)}"
                f" label={quoteattr(b.label)} screentip={quoteattr(b.screentip)}"
                f" supertip={quoteattr(b.supertip)} imageMso={quoteattr(b.image_mso)}"
                f' size="large" onAction="{CALLBACK}"/>'
            )
        lines.append("        </group>")
    lines += ["      </tab>", "    </tabs>", "  </ribbon>", "</customUI>"]
    return "\n".join(lines) + "\n"
