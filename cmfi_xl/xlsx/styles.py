"""The house style of every workbook we write: Thai official font, A4, Buddhist-Era dates."""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

from cmfi_xl.schema.spec import Kind

FONT_NAME = "TH Sarabun New"  # official (cabinet decision 2010); rendered via the OFL "Sarabun"
BODY_PT = 16
ROW_HEIGHT = 24  # ~1.5 × 16 pt, or Thai vowels and tone marks are clipped
HEADER_ROW_HEIGHT = 48  # two lines of wrapped Thai header
TITLE_ROW_HEIGHT = 30

#: Buddhist-Era date display. Locale 041E = Thai, calendar 07 = Thai Buddhist; Excel and
#: LibreOffice both show the B.E. year with this code while the cell holds a real date.
DATE_FORMAT = "[$-107041E]dd/mm/yyyy"
LONG_DATE_FORMAT = "[$-107041E]d mmmm yyyy"
MONEY_FORMAT = "#,##0.00"
INT_FORMAT = "#,##0"
RATE_FORMAT = "0.00%"
TEXT_FORMAT = "@"

NUMBER_FORMATS = {
    Kind.DATE: DATE_FORMAT,
    Kind.MONEY: MONEY_FORMAT,
    Kind.INT: INT_FORMAT,
    Kind.NUMBER: "#,##0.00",
    Kind.RATE: RATE_FORMAT,
    Kind.ID: TEXT_FORMAT,
    Kind.TEXT: TEXT_FORMAT,
    Kind.CITIZEN_ID: TEXT_FORMAT,
    Kind.CHOICE: "General",
    Kind.FORMULA: "General",
}

body_font = Font(name=FONT_NAME, size=BODY_PT)
bold_font = Font(name=FONT_NAME, size=BODY_PT, bold=True)
title_font = Font(name=FONT_NAME, size=20, bold=True)
subtitle_font = Font(name=FONT_NAME, size=14, italic=True, color="555555")
stamp_font = Font(name=FONT_NAME, size=12, color="777777")
header_font = Font(name=FONT_NAME, size=BODY_PT, bold=True, color="FFFFFF")
header_fill = PatternFill("solid", fgColor="1F4E78")
formula_fill = PatternFill("solid", fgColor="EDEDED")
input_fill = PatternFill("solid", fgColor="FFF9E5")
bad_fill = PatternFill("solid", fgColor="FFC7CE")
warn_fill = PatternFill("solid", fgColor="FFEB9C")
thin = Side(style="thin", color="999999")
box = Border(left=thin, right=thin, top=thin, bottom=thin)
wrap_center = Alignment(horizontal="center", vertical="center", wrap_text=True)
left_middle = Alignment(vertical="center")
wrap_left = Alignment(horizontal="left", vertical="center", wrap_text=True)
unlocked = Protection(locked=False)
locked = Protection(locked=True)


def number_format(kind: Kind, override: str | None = None) -> str:
    return override or NUMBER_FORMATS[kind]
