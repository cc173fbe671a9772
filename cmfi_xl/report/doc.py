"""Plain sheet descriptions: values and formats, no openpyxl.

The assessment and report writers describe their sheets with these records; one renderer
(:func:`cmfi_xl.xlsx.report.render_book`) turns them into a styled workbook. A later xlwings
handler can render the same descriptions into the open workbook.

Formula templates (``Col.formula``, a ``Pair`` value starting with ``=``) may use
``{col:KEY}`` (the same row of the table, column KEY), ``{tbl:TABLE:KEY}`` (the absolute data
range of a column of an Excel Table anywhere in the book) and ``{cell:NAME}`` (a named ``Pair``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union

#: cell formats: text · int · money · date (B.E.) · month (B.E. month) · pct (value already in %)
#: · score (whole number) · points (0.## number)
FORMATS = ("text", "int", "money", "date", "month", "pct", "score", "points", "wrap")


@dataclass(frozen=True)
class Col:
    key: str
    header: str
    fmt: str = "text"
    width: float = 14
    input: bool = False  # an unlocked cell the user fills (yellow)
    formula: str | None = None
    choices: tuple[str, ...] = ()  # drop-down values for an input column


@dataclass(frozen=True)
class Table:
    """Rows are dicts by column key; a row's ``"_fmt"`` dict may override a column's format and its
    ``"_link"`` dict gives a hyperlink target per column (``file.xlsx#'Sheet'!A4``)."""

    columns: tuple[Col, ...]
    rows: tuple[dict[str, Any], ...]
    name: str | None = None  # an Excel Table name (tbl…) or None for a plain grid
    title: str = ""
    min_rows: int = 0  # blank input rows kept at the end (for the user to add rows)


@dataclass(frozen=True)
class Pair:
    label: str
    value: Any
    fmt: str = "text"
    name: str = ""  # a name formulas may use: {cell:NAME}
    note: str = ""  # shown in column C (e.g. the English label)


@dataclass(frozen=True)
class Pairs:
    items: tuple[Pair, ...]
    title: str = ""


@dataclass(frozen=True)
class Text:
    text: str
    style: str = "body"  # title · subtitle · bold · note · body · warn


@dataclass(frozen=True)
class Chart:
    title: str
    table: str  # the Table block name holding the data
    category: str  # column key of the categories
    values: tuple[str, ...]  # column keys of the series
    y_title: str = ""
    rows: int = 15  # height in rows reserved on the sheet


@dataclass(frozen=True)
class Signatures:
    roles: tuple[str, ...]  # e.g. ("ประธานคณะกรรมการสถาบัน", "พัฒนากรผู้รับผิดชอบ/เจ้าหน้าที่อำเภอ")


Block = Union[Table, Pairs, Text, Chart, Signatures]


@dataclass(frozen=True)
class Sheet:
    name: str
    blocks: tuple[Block, ...]
    widths: tuple[float, ...] = (40, 20, 20, 20)
    landscape: bool = False
    protect: bool = True
    outgoing: bool = False  # leaves the institution: totals only (PDPA)


@dataclass(frozen=True)
class Book:
    title: str
    sheets: tuple[Sheet, ...]
    properties: dict[str, str] = field(default_factory=dict)  # custom document properties

    def sheet(self, name: str) -> Sheet:
        return next(s for s in self.sheets if s.name == name)

    def texts(self, *, outgoing_only: bool = False) -> list[str]:
        """Every literal value of the book (for the PDPA guard and tests)."""
        out: list[str] = []
        for s in self.sheets:
            if outgoing_only and not s.outgoing:
                continue
            out.append(s.name)
            for b in s.blocks:
                if isinstance(b, Table):
                    out += [c.header for c in b.columns] + [b.title]
                    out += [str(v) for r in b.rows for k, v in r.items() if v is not None and not k.startswith("_")]
                elif isinstance(b, Pairs):
                    out += [b.title] + [x for p in b.items for x in (p.label, str(p.value), p.note)]
                elif isinstance(b, Text):
                    out.append(b.text)
                elif isinstance(b, Chart):
                    out.append(b.title)
                elif isinstance(b, Signatures):
                    out += list(b.roles)
        return [t for t in out if t]
