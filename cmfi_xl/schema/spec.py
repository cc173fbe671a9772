"""The declaration types. One declaration per register drives four things:

1. building the template (``cmfi_xl.xlsx.build``): sheet, Excel Table, headers, widths, formats,
   drop-downs, protected formula columns;
2. reading a filled workbook back (``cmfi_xl.xlsx.read`` + ``cmfi_xl.validate``): columns are found
   by their header, whatever their position;
3. validation messages: every issue names the Thai header of the column it is about;
4. documentation: ``cmfi-xl schema --json`` and ``docs/schema.md``.

Nothing here imports openpyxl: the declarations are plain data.
"""

from __future__ import annotations

import functools

from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    TEXT = "text"  # free text
    ID = "id"  # an identifier (text, stripped, case kept); unique within its table when `unique`
    INT = "int"  # a whole number
    MONEY = "money"  # baht with satang (Decimal)
    NUMBER = "number"  # a decimal number that is not money
    RATE = "rate"  # an annual interest rate as a fraction (0.06 = 6% a year)
    DATE = "date"  # a real date; displayed in the Buddhist Era
    CHOICE = "choice"  # one of a fixed list (see `Choice`)
    CITIZEN_ID = "citizen_id"  # 13-digit Thai citizen ID with a check digit
    FORMULA = "formula"  # computed by the template; protected; never read as input


@dataclass(frozen=True)
class Choice:
    """One allowed value of a drop-down. The cell shows ``label`` (Thai); code is stable."""

    code: str
    label: str
    label_en: str


@dataclass(frozen=True)
class ChoiceList:
    key: str  # also the defined name suffix: lst_<key>
    title: str  # Thai heading on the lists sheet
    choices: tuple[Choice, ...]

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(c.label for c in self.choices)

    def lookup(self, text: str) -> Choice | None:
        """Find a choice by its Thai label, code or English label (case/space-insensitive)."""
        return self._by_text.get(" ".join(text.split()).casefold())

    @functools.cached_property
    def _by_text(self) -> dict[str, Choice]:
        """Casefolded label, code and English label → choice; the first choice wins a clash."""
        return {t.casefold(): c for c in reversed(self.choices) for t in (c.label_en, c.code, c.label)}


@dataclass(frozen=True)
class Column:
    key: str  # stable English key, snake_case
    header: str  # Thai header as shown in the workbook (the table column name)
    header_en: str
    kind: Kind
    required: bool = False
    width: float = 14
    choices: str | None = None  # ChoiceList key for Kind.CHOICE
    ref: str | None = None  # a reference list: "group" | "lender" | "household" | "bank_account"
    unique: bool = False
    nonnegative: bool = True  # for numbers and money
    formula: str | None = None  # for Kind.FORMULA: template with {r} for the row and {col:key}
    number_format: str | None = None  # overrides the kind's default format (e.g. a formula's result)
    aliases: tuple[str, ...] = ()  # other headers accepted on read (older versions, English)
    doc: str = ""

    @property
    def is_input(self) -> bool:
        return self.kind is not Kind.FORMULA


@dataclass(frozen=True)
class Table:
    key: str  # stable English key, e.g. "member_groups"
    name: str  # the Excel Table (ListObject) name, e.g. "tblMemberGroups": documented, stable
    sheet: str  # Thai sheet title
    title: str  # Thai title printed above the table
    title_en: str
    columns: tuple[Column, ...]
    capacity: int = 200  # pre-sized, formatted, unlocked data rows in the template
    landscape: bool = True
    doc: str = ""
    hidden: bool = False  # a sheet the tool writes (e.g. the month seals): hidden, not for typing

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(f"{self.name} has no column {key!r}")

    @property
    def input_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.is_input)


@dataclass(frozen=True)
class Field:
    """One labelled cell on the profile form (label in column A, value in column B)."""

    key: str
    label: str
    label_en: str
    kind: Kind
    required: bool = False
    choices: str | None = None
    formula: str | None = None  # for Kind.FORMULA; {cell:key} refers to another field's cell
    number_format: str | None = None  # overrides the kind's default format
    doc: str = ""


@dataclass(frozen=True)
class WorkbookSpec:
    template_id: str
    version: str  # "MAJOR.MINOR"; a reader accepts the same major and any minor <= its own
    title: str
    profile_sheet: str
    profile_fields: tuple[Field, ...]
    tables: tuple[Table, ...]
    choice_lists: tuple[ChoiceList, ...]
    lists_sheet: str
    summary_sheet: str
    extra: dict[str, str] = field(default_factory=dict)

    def table(self, key: str) -> Table:
        for t in self.tables:
            if t.key == key:
                return t
        raise KeyError(key)

    def choice_list(self, key: str) -> ChoiceList:
        for c in self.choice_lists:
            if c.key == key:
                return c
        raise KeyError(key)

    def profile_field(self, key: str) -> Field:
        for f in self.profile_fields:
            if f.key == key:
                return f
        raise KeyError(key)


def version_tuple(v: str) -> tuple[int, int]:
    major, _, minor = v.partition(".")
    return int(major), int(minor or 0)
