"""Thai conventions: digits, text, money, rates, B.E. dates, fiscal year, citizen ID, BAHTTEXT.

Pure functions over plain Python values (what openpyxl or xlwings hand back from a cell:
``None``, ``str``, ``int``, ``float``, ``Decimal``, ``datetime``; numpy/pandas scalars work too);
no workbook library is imported. Money helpers ``D``/``quantize_baht`` live in
:mod:`cmfi_xl.core.money`.

Parsing user input: :class:`Parsed`
-----------------------------------
Every ``parse_*`` function takes one cell value and **never raises**. It returns a frozen
:class:`Parsed` with

* ``value`` — the result, or ``None`` when the input was not accepted;
* ``notes`` — a tuple of :class:`Note` saying *how* a value was accepted when that was more than
  a plain read (e.g. ``be_year``: a Buddhist-Era year was converted). The caller turns notes into
  info issues (catalogue ``A001``–``A004``). Empty on failure and for a plain read of a cell of
  the right type;
* ``reason`` — on failure, a :class:`Reason` (``empty``, ``unrecognised``, ``invalid_date``, …)
  so the caller can tell a blank cell from a bad one (``None``, blank text, and the NaN/NaT
  pandas uses for a missing value are ``empty``); ``None`` on success.

Notes and reasons are ``StrEnum`` members, so ``"be_year" in p.notes`` works.

=====================  ==========================================================================
Note                   Meaning
=====================  ==========================================================================
``text_number``        a number, amount or rate was read from text ("1,234.50", "6%")
``thai_digits``        the text used Thai digits ๐–๙
``rounded``            an amount had more than two decimals and was rounded half-up to satang
``parentheses_neg``    an amount in parentheses, accounting style, was read as negative
``percent_number``     a bare number > 1 in a rate column was read as a percentage (6 → 0.06)
``monthly_rate``       a rate per month was converted to a rate per year (× 12)
``text_date``          a date was read from text ("15/01/2568")
``be_year``            a Buddhist-Era year (≥ 2400) was converted to C.E. (− 543)
``two_digit_year``     a two-digit year was read as B.E. 25yy ("68" → 2568 → 2025)
``excel_serial``       a bare number was read as an Excel date serial (1900 date system)
=====================  ==========================================================================

Decisions
---------
* **Money** is ``Decimal`` quantized to satang with ``ROUND_HALF_UP``. More than two decimals is
  accepted (Excel cells often hold computed values) but noted ``rounded`` so the user sees it.
  Floats go through :func:`cmfi_xl.core.money.D` (shortest ``repr``, then 15 significant digits as
  Excel shows them), so float noise such as ``0.30000000000000004`` is *not* reported as rounding.
  Text may carry thousands separators (grouped correctly), ``฿``/``THB`` before, ``บาท``/``บ.``/
  ``.-`` after, a sign, or accounting parentheses. Negative amounts are returned as negative; it
  is the caller's business to forbid them (``V008``).
* **Rates** are returned as an *annual fraction*: 6 % a year → ``Decimal("0.06")``. Text with ``%``
  or ``ร้อยละ`` is a percentage. A bare number ``x`` (cell or text) is a fraction when ``x < 1``
  (what Excel stores in a percent-formatted cell) and a percentage when ``x > 1`` (noted
  ``percent_number``); exactly ``1`` is rejected as ``ambiguous`` (100 % a year or 1 %?).
  "ต่อเดือน", "/เดือน", "per month", "เดือนละ …" multiply by 12 (``monthly_rate``). No upper limit:
  unusually high rates are the caller's warning (``V016``).
* **Dates** are always day-month-year in text (never m/d/y). A year ≥ 2400 is B.E. (also in a real
  date cell, where Excel thinks 15/01/2568 is in the 26th century); a 4-digit year below is C.E.;
  a 2-digit year is B.E. 25yy. B.E. dates are rebuilt from their components (29/02/2567 B.E. is
  2024-02-29 although 2567 is not a leap year in the Gregorian arithmetic). Results must lie in
  :data:`DATE_MIN`–:data:`DATE_MAX` (``out_of_range``). Bare numbers are Excel serials only when
  they fall between :data:`SERIAL_MIN_DATE` and :data:`DATE_MAX`, so a year typed alone (2568)
  is *not* taken for a date in 1907.
"""

from __future__ import annotations

import math
import numbers
import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Generic, TypeVar

from cmfi_xl.core.money import D, quantize_baht

__all__ = [
    "BE_OFFSET",
    "BE_YEAR_MIN",
    "DATE_MAX",
    "DATE_MIN",
    "SERIAL_MIN_DATE",
    "THAI_DIGITS",
    "THAI_MONTHS_LONG",
    "THAI_MONTHS_SHORT",
    "Note",
    "Parsed",
    "Reason",
    "arabic_to_thai_digits",
    "bahttext",
    "citizen_id_check_digit",
    "citizen_id_ok",
    "fiscal_year_bounds",
    "fiscal_year_of",
    "format_citizen_id",
    "format_thai_date",
    "mask_citizen_id",
    "normalize_citizen_id",
    "normalize_text",
    "parse_date",
    "parse_int",
    "parse_money",
    "parse_number",
    "parse_rate",
    "thai_digits_to_arabic",
    "thai_number_words",
    "to_be_year",
]

T = TypeVar("T")

# ---------------------------------------------------------------------------------------------
# Constants
# ---------------------------------------------------------------------------------------------

#: Thai digits ๐๑๒๓๔๕๖๗๘๙, index = value.
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"

#: พ.ศ. = ค.ศ. + 543
BE_OFFSET = 543
#: A year at or above this is read as B.E. (C.E. 1857); below it, as C.E.
BE_YEAR_MIN = 2400

#: The range of dates any parse accepts (birth dates of the oldest members to long loan terms).
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2199, 12, 31)
#: A bare number is an Excel serial only from this date on (serial 7306), so that years and
#: small counts typed into a date column are not silently turned into dates.
SERIAL_MIN_DATE = date(1920, 1, 1)

#: Month names, index 0 = January (มกราคม).
THAI_MONTHS_LONG: tuple[str, ...] = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
#: Month abbreviations, index 0 = January (ม.ค.).
THAI_MONTHS_SHORT: tuple[str, ...] = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip

# ---------------------------------------------------------------------------------------------
# The parse result
# ---------------------------------------------------------------------------------------------


class Note(StrEnum):
    """How a value was accepted (see the module docstring)."""

    TEXT_NUMBER = "text_number"
    THAI_DIGITS = "thai_digits"
    ROUNDED = "rounded"
    PARENTHESES_NEGATIVE = "parentheses_neg"
    PERCENT_NUMBER = "percent_number"
    MONTHLY_RATE = "monthly_rate"
    TEXT_DATE = "text_date"
    BE_YEAR = "be_year"
    TWO_DIGIT_YEAR = "two_digit_year"
    EXCEL_SERIAL = "excel_serial"


class Reason(StrEnum):
    """Why a value was not accepted."""

    EMPTY = "empty"  # None, or text that is blank after normalisation
    UNRECOGNISED = "unrecognised"  # not of any accepted form ("abc", "1.2.3", a list, a bool)
    NOT_INTEGER = "not_integer"  # a number with a fractional part where a whole number is due
    AMBIGUOUS = "ambiguous"  # a rate of exactly 1: 100 % or 1 %?
    INVALID_DATE = "invalid_date"  # the form is right but the day does not exist (31/02/2568)
    OUT_OF_RANGE = "out_of_range"  # a date outside DATE_MIN–DATE_MAX, or an implausible serial


@dataclass(frozen=True, slots=True)
class Parsed(Generic[T]):
    """The outcome of a ``parse_*`` function (see the module docstring)."""

    value: T | None
    notes: tuple[Note, ...] = ()
    reason: Reason | None = None

    @property
    def ok(self) -> bool:
        return self.value is not None


def _ok(value: T, notes: list[Note] | tuple[Note, ...] = ()) -> Parsed[T]:
    return Parsed(value, tuple(dict.fromkeys(notes)))


def _fail(reason: Reason) -> Parsed[T]:
    """A failure carries only its reason; notes gathered on the way are dropped."""
    return Parsed(None, (), reason)


# ---------------------------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------------------------

_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")
_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)
# Invisible characters that sneak in from copy-paste: zero-width space/joiners, word joiner,
# byte-order mark, soft hyphen. They are deleted, not turned into spaces.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_WHITESPACE = re.compile(r"\s+")  # str patterns: includes NBSP, U+202F, U+3000, tabs, newlines
# NIKHAHIT + (tone mark) + SARA AA typed instead of SARA AM (ำ); NFC does not join them.
_SARA_AM = re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32")


def thai_digits_to_arabic(s: str) -> str:
    """Replace Thai digits ๐–๙ with 0–9, leaving all else: ``"๑๕/๐๑"`` → ``"15/01"``."""
    return s.translate(_TO_ARABIC)


def arabic_to_thai_digits(s: str) -> str:
    """Replace 0–9 with Thai digits ๐–๙ (for documents printed in Thai numerals)."""
    return s.translate(_TO_THAI)


@functools.lru_cache(maxsize=1 << 16)
def normalize_text(s: str) -> str:
    """NFC; drop zero-width characters; ``ํา`` → ``ำ``; collapse whitespace to one space; strip.

    Cached: a register repeats the same ids, group names and choice labels thousands of times."""
    s = unicodedata.normalize("NFC", s)
    s = _INVISIBLE.sub("", s)
    s = _SARA_AM.sub("\\1\u0e33", s)
    return _WHITESPACE.sub(" ", s).strip()


def _prepare(text: str, notes: list[Note]) -> str:
    """Normalised text with Thai digits and the Unicode minus turned ASCII (noting Thai digits)."""
    s = normalize_text(text)
    arabic = thai_digits_to_arabic(s)
    if arabic != s:
        notes.append(Note.THAI_DIGITS)
    return arabic.replace("\u2212", "-")


# ---------------------------------------------------------------------------------------------
# Numbers and money
# ---------------------------------------------------------------------------------------------

# Digits with correctly grouped thousands separators, or none; optional decimals.
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
_NUMBER_RE = re.compile(rf"(?P<sign>[+-])?\s*(?P<num>{_NUM})")
_MONEY_RE = re.compile(
    rf"""
    (?P<open>\()?\s*
    (?P<sign>[+-])?\s*
    (?:฿|THB)?\s*
    (?P<num>{_NUM})\s*
    (?:บาทถ้วน|บาท|บ\.|บ|THB|baht|\.-)?\s*
    (?P<close>\))?
    """,
    re.VERBOSE | re.IGNORECASE,
)


def _to_decimal(num: str, sign: str | None) -> Decimal:
    d = Decimal(num.replace(",", ""))
    return -d if sign == "-" else d


def _missing(value: object) -> bool:
    """A blank cell: ``None``, or NaN/NaT (how pandas marks a missing value; Excel has no NaN)."""
    if value is None:
        return True
    if isinstance(value, Decimal):
        return value.is_nan()
    if isinstance(value, numbers.Real | datetime) and not isinstance(value, bool):
        return bool(value != value)  # noqa: PLR0124 -- only NaN and NaT differ from themselves
    return False


def _numeric_cell(value: object) -> Decimal | None:
    """A finite Decimal from a numeric cell value (numpy scalars included, bool not), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, numbers.Integral):
        return Decimal(int(value))
    if isinstance(value, numbers.Real):
        f = float(value)
        return D(f) if math.isfinite(f) else None
    return None


def parse_number(value: object) -> Parsed[Decimal]:
    """Any number: a numeric cell, or text such as ``"-1,234.5"`` / ``"๑๒"``. No unit, no ``%``.

    Notes: ``text_number``, ``thai_digits``. Failures: ``empty`` (also NaN), ``unrecognised``.
    """
    kind = type(value)  # the typed cells first: what a reader returns for nearly every number
    if kind is int:
        return _ok(Decimal(value))
    if kind is float and math.isfinite(value):
        return _ok(D(value))
    if _missing(value):
        return _fail(Reason.EMPTY)
    number = _numeric_cell(value)
    if number is not None:
        return _ok(number)
    if not isinstance(value, str):
        return _fail(Reason.UNRECOGNISED)
    notes: list[Note] = []
    s = _prepare(value, notes)
    if not s:
        return _fail(Reason.EMPTY)
    m = _NUMBER_RE.fullmatch(s)
    if m is None:
        return _fail(Reason.UNRECOGNISED)
    return _ok(_to_decimal(m["num"], m["sign"]), [Note.TEXT_NUMBER, *notes])


def parse_int(value: object) -> Parsed[int]:
    """A whole number: ``2``, ``2.0``, ``"2.0"``, ``"๒"``, ``"1,000"``; 2.5 fails ``not_integer``.

    Notes as :func:`parse_number`.
    """
    p = parse_number(value)
    if p.value is None:
        return _fail(p.reason or Reason.UNRECOGNISED)
    if p.value != p.value.to_integral_value():
        return _fail(Reason.NOT_INTEGER)
    return _ok(int(p.value), p.notes)


def parse_money(value: object) -> Parsed[Decimal]:
    """An amount in baht, quantized to satang (ROUND_HALF_UP).

    Accepts numeric cells and text such as ``"1,234.50"``, ``"๑,๐๐๐"``, ``"1,000 บาท"``,
    ``"1000.-"``, ``"฿1,000"``, ``"500 บ."``, ``"(1,000.00)"`` (negative).
    Notes: ``text_number``, ``thai_digits``, ``parentheses_neg``, ``rounded``.
    Failures: ``empty``, ``unrecognised``.
    """
    notes: list[Note] = []
    if isinstance(value, str):
        s = _prepare(value, notes)
        if not s:
            return _fail(Reason.EMPTY)
        m = _MONEY_RE.fullmatch(s)
        if m is None or bool(m["open"]) != bool(m["close"]) or (m["open"] and m["sign"]):
            return _fail(Reason.UNRECOGNISED)
        amount = _to_decimal(m["num"], m["sign"])
        notes.insert(0, Note.TEXT_NUMBER)
        if m["open"]:
            amount = -amount
            notes.append(Note.PARENTHESES_NEGATIVE)
    else:
        p = parse_number(value)
        if p.value is None:
            return p
        amount = p.value
    q = quantize_baht(amount)
    if q != amount:
        notes.append(Note.ROUNDED)
    return _ok(q, notes)


# ---------------------------------------------------------------------------------------------
# Rates
# ---------------------------------------------------------------------------------------------

_RATE_RE = re.compile(
    r"""
    (?P<prefix>เดือนละ|ปีละ)?\s*
    (?P<roila>ร้อยละ)?\s*
    (?P<sign>[+-])?\s*
    (?P<num>\d+(?:\.\d+)?|\.\d+)\s*
    (?P<pct>%|เปอร์เซ็นต์|percent)?\s*
    (?P<period>.*?)
    """,
    re.VERBOSE | re.IGNORECASE,
)
_MONTHLY_RE = re.compile(
    r"(?:(?:ต่อ|/|per|a|an|each)\s*)?(?:เดือน|month|mth|mo)|monthly|p\.?\s?m\.?", re.IGNORECASE
)
_ANNUAL_RE = re.compile(
    r"(?:(?:ต่อ|/|per|a|an|each)\s*)?(?:ปี|year|yr|annum)|yearly|annual(?:ly)?|p\.?\s?a\.?",
    re.IGNORECASE,
)
_ONE = Decimal(1)
_HUNDRED = Decimal(100)
_TWELVE = Decimal(12)


def _fraction(number: Decimal, is_percent: bool, notes: list[Note]) -> Decimal | None:
    """Percent → fraction; a bare number uses the magnitude rule (None when exactly 1)."""
    if is_percent:
        return number / _HUNDRED
    if abs(number) == _ONE:
        return None
    if abs(number) > _ONE:
        notes.append(Note.PERCENT_NUMBER)
        return number / _HUNDRED
    return number


def parse_rate(value: object) -> Parsed[Decimal]:
    """A rate as an annual fraction: ``0.06``, ``6`` (noted), ``"6%"``, ``"ร้อยละ 6"`` → 0.06.

    ``"1% ต่อเดือน"``, ``"1%/เดือน"``, ``"1% per month"``, ``"เดือนละ 1%"`` → 0.12 (``monthly_rate``);
    ``"12% ต่อปี"``, ``"12% p.a."`` → 0.12. Notes: ``text_number``, ``thai_digits``,
    ``percent_number``, ``monthly_rate``. Failures: ``empty``, ``unrecognised``, ``ambiguous`` (1).
    """
    notes: list[Note] = []
    monthly = False
    if isinstance(value, str):
        s = _prepare(value, notes)
        if not s:
            return _fail(Reason.EMPTY)
        m = _RATE_RE.fullmatch(s)
        if m is None:
            return _fail(Reason.UNRECOGNISED)
        period = m["period"]
        if period and m["prefix"]:
            return _fail(Reason.UNRECOGNISED)
        if m["prefix"]:
            monthly = m["prefix"] == "เดือนละ"
        elif period:
            if _MONTHLY_RE.fullmatch(period):
                monthly = True
            elif not _ANNUAL_RE.fullmatch(period):
                return _fail(Reason.UNRECOGNISED)
        notes.insert(0, Note.TEXT_NUMBER)
        number = _to_decimal(m["num"], m["sign"])
        is_percent = bool(m["pct"] or m["roila"])
    else:
        p = parse_number(value)
        if p.value is None:
            return p
        number, is_percent = p.value, False
    rate = _fraction(number, is_percent, notes)
    if rate is None:
        return _fail(Reason.AMBIGUOUS)
    if monthly:
        rate *= _TWELVE
        notes.append(Note.MONTHLY_RATE)
    return _ok(rate, notes)


# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------

_EXCEL_EPOCH = date(1899, 12, 30)  # serial 0 for serials ≥ 61 (after Lotus's phantom 29 Feb 1900)
_SERIAL_MIN = (SERIAL_MIN_DATE - _EXCEL_EPOCH).days
_SERIAL_MAX = (DATE_MAX - _EXCEL_EPOCH).days + 1  # exclusive: any time of day on DATE_MAX

_DMY_RE = re.compile(r"(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})")
_YMD_RE = re.compile(
    r"(\d{4})([/.-])(\d{1,2})\2(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_THAI_MONTH_RE = re.compile(
    r"(?:วันที่\s*)?(\d{1,2})\s*(\D+?)\s*(?:(พ\.?\s*ศ\.?|ค\.?\s*ศ\.?)\s*)?(\d{4}|\d{2})"
)
_MONTH_LOOKUP: dict[str, int] = {}
for _i, (_long, _short) in enumerate(zip(THAI_MONTHS_LONG, THAI_MONTHS_SHORT, strict=True)):
    _MONTH_LOOKUP[_long] = _i + 1
    _MONTH_LOOKUP[_short.replace(".", "")] = _i + 1


def _in_range(d: date, notes: list[Note]) -> Parsed[date]:
    if DATE_MIN <= d <= DATE_MAX:
        return _ok(d, notes)
    return _fail(Reason.OUT_OF_RANGE)


def _build_date(year: int, month: int, day: int, notes: list[Note]) -> Parsed[date]:
    """A date from components; a year ≥ 2400 is B.E. and converted *before* building."""
    if year >= BE_YEAR_MIN:
        year -= BE_OFFSET
        notes.append(Note.BE_YEAR)
    try:
        d = date(year, month, day)
    except ValueError:
        return _fail(Reason.INVALID_DATE)
    return _in_range(d, notes)


def _text_year(digits: str, era: str | None, notes: list[Note]) -> int | None:
    """The year as written (B.E. or C.E., resolved later by _build_date); None if contradictory."""
    year = int(digits)
    era_key = (era or "").replace(".", "").replace(" ", "")
    if len(digits) == 2:
        if era_key == "คศ":
            return None
        notes.append(Note.TWO_DIGIT_YEAR)
        return 2500 + year
    if era_key == "พศ" and year < BE_YEAR_MIN:
        return None
    if era_key == "คศ" and year >= BE_YEAR_MIN:
        return None
    return year


def _parse_date_text(text: str) -> Parsed[date]:
    notes: list[Note] = []
    s = _prepare(text, notes)
    if not s:
        return _fail(Reason.EMPTY)
    notes.insert(0, Note.TEXT_DATE)
    if m := _YMD_RE.fullmatch(s):
        return _build_date(int(m[1]), int(m[3]), int(m[4]), notes)
    if m := _DMY_RE.fullmatch(s):
        year = _text_year(m[4], None, notes)
        assert year is not None  # no era marker: never contradictory
        return _build_date(year, int(m[3]), int(m[1]), notes)
    if m := _THAI_MONTH_RE.fullmatch(s):
        month = _MONTH_LOOKUP.get(re.sub(r"[.\s]", "", m[2]))
        year = _text_year(m[4], m[3], notes)
        if month is None or year is None:
            return _fail(Reason.UNRECOGNISED)
        return _build_date(year, month, int(m[1]), notes)
    return _fail(Reason.UNRECOGNISED)


def parse_date(value: object) -> Parsed[date]:
    """A calendar date from a date/datetime cell, an Excel serial, or Thai-style text.

    * ``date``/``datetime`` (time dropped); year ≥ 2400 → B.E., noted ``be_year``.
    * ``int``/``float``/``Decimal`` → Excel serial (1900 system), noted ``excel_serial``; only
      serials from :data:`SERIAL_MIN_DATE` to :data:`DATE_MAX`, else ``out_of_range``.
    * text, noted ``text_date``: ``"15/01/2568"``, ``"15-01-2568"``, ``"15.01.2568"``,
      ``"15/1/68"`` (``two_digit_year``: B.E. 25yy), ``"2025-01-15"``, ``"15 ม.ค. 68"``,
      ``"15 มกราคม 2568"``, ``"วันที่ 15 มกราคม พ.ศ. 2568"``, Thai digits (``thai_digits``).
      A year ≥ 2400 is B.E. (``be_year``), a 4-digit year below is C.E.

    Failures: ``empty`` (also NaT/NaN), ``unrecognised``, ``invalid_date`` (31/02/2568),
    ``out_of_range``.
    """
    if _missing(value):
        return _fail(Reason.EMPTY)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        if value.year >= BE_YEAR_MIN:
            return _build_date(value.year, value.month, value.day, [])
        return _in_range(value, [])
    if isinstance(value, str):
        return _parse_date_text(value)
    serial = _numeric_cell(value)
    if serial is None:
        return _fail(Reason.UNRECOGNISED)
    notes = [Note.EXCEL_SERIAL]
    if not _SERIAL_MIN <= serial < _SERIAL_MAX:
        return _fail(Reason.OUT_OF_RANGE)
    return _ok(_EXCEL_EPOCH + timedelta(days=math.floor(serial)), notes)


# ---------------------------------------------------------------------------------------------
# Display: B.E. years and Thai dates
# ---------------------------------------------------------------------------------------------


def to_be_year(d: date) -> int:
    """The Buddhist-Era year of a date: 2025-01-15 → 2568."""
    return d.year + BE_OFFSET


def format_thai_date(d: date, style: str = "long", *, thai_digits: bool = False) -> str:
    """Format with a B.E. year.

    ``"short"`` → ``"15 ม.ค. 2568"``; ``"long"`` → ``"15 มกราคม 2568"``;
    ``"numeric"`` → ``"15/01/2568"``. ``thai_digits=True`` prints ๑๕ มกราคม ๒๕๖๘.
    Raises ``ValueError`` for an unknown style (a program error).
    """
    year = to_be_year(d)
    if style == "short":
        text = f"{d.day} {THAI_MONTHS_SHORT[d.month - 1]} {year}"
    elif style == "long":
        text = f"{d.day} {THAI_MONTHS_LONG[d.month - 1]} {year}"
    elif style == "numeric":
        text = f"{d.day:02d}/{d.month:02d}/{year}"
    else:
        raise ValueError(f"unknown style {style!r}; use 'short', 'long' or 'numeric'")
    return arabic_to_thai_digits(text) if thai_digits else text


# ---------------------------------------------------------------------------------------------
# Government fiscal year (1 October – 30 September, named by the B.E. year it ends in)
# ---------------------------------------------------------------------------------------------


def fiscal_year_of(d: date) -> int:
    """The B.E. fiscal year containing ``d``: 2025-09-30 → 2568, 2025-10-01 → 2569."""
    return to_be_year(d) + (1 if d.month >= 10 else 0)


def fiscal_year_bounds(fy_be: int) -> tuple[date, date]:
    """First and last day of B.E. fiscal year ``fy_be``: 2569 → (2025-10-01, 2026-09-30).

    Raises ``ValueError`` if ``fy_be`` looks like a C.E. year (< 2400): a program error.
    """
    if fy_be < BE_YEAR_MIN:
        raise ValueError(f"fiscal years are B.E. (e.g. 2569), got {fy_be}")
    end_year = fy_be - BE_OFFSET
    return date(end_year - 1, 10, 1), date(end_year, 9, 30)


# ---------------------------------------------------------------------------------------------
# Citizen ID (เลขประจำตัวประชาชน)
# ---------------------------------------------------------------------------------------------

_CID_SEPARATORS = re.compile(r"[\s\-]")
_CID_RE = re.compile(r"\d{13}")
_CID_MASKED = "x-xxxx-xxxxx-xx-x"


def normalize_citizen_id(value: object) -> str | None:
    """The 13 digits of a citizen ID, or ``None`` if ``value`` is not 13 digits.

    Accepts text with dashes/spaces anywhere (``"1-2345-67890-12-1"``), Thai digits, a leading
    apostrophe, and whole ``int``/``float``/``Decimal`` cell values. The check digit is *not*
    verified here — use :func:`citizen_id_ok` — so callers can tell shape from checksum errors.
    """
    if isinstance(value, str):
        s = _CID_SEPARATORS.sub("", thai_digits_to_arabic(normalize_text(value)).lstrip("'"))
    else:
        number = _numeric_cell(value)
        if number is None or number < 0 or number != number.to_integral_value():
            return None
        s = str(int(number))
    return s if _CID_RE.fullmatch(s) else None


def citizen_id_check_digit(first12: str) -> int:
    """The check digit for 12 digits: (11 − Σ dᵢ·(13−i) mod 11) mod 10 with i = 0…11.

    That is, the weights are 13, 12, …, 2 from the left (the published algorithm; with weights
    12…1 the well-known example 1-2345-67890-12-1 would not validate). Known blind spots of the
    scheme itself: the third digit has weight 11 ≡ 0 (mod 11), so it is never checked, and
    remainders 0 and 10 both give check digit 1. Raises ``ValueError`` unless given 12 digits.
    """
    if not re.fullmatch(r"\d{12}", first12):
        raise ValueError(f"need 12 digits, got {first12!r}")
    total = sum(int(ch) * (13 - i) for i, ch in enumerate(first12))
    return (11 - total % 11) % 10


def citizen_id_ok(value: object) -> bool:
    """True if ``value`` normalises to 13 digits whose last is the right check digit."""
    cid = normalize_citizen_id(value)
    return cid is not None and citizen_id_check_digit(cid[:12]) == int(cid[12])


def format_citizen_id(value: object) -> str | None:
    """``"1234567890121"`` → ``"1-2345-67890-12-1"``; ``None`` if not 13 digits."""
    cid = normalize_citizen_id(value)
    if cid is None:
        return None
    return f"{cid[0]}-{cid[1:5]}-{cid[5:10]}-{cid[10:12]}-{cid[12]}"


def mask_citizen_id(value: object) -> str:
    """PDPA mask keeping the first 5 and the last digit: ``"1-2345-xxxxx-xx-1"``.

    Anything that is not 13 digits is masked entirely (``"x-xxxx-xxxxx-xx-x"``), so a bad value
    can never leak through the mask.
    """
    cid = normalize_citizen_id(value)
    if cid is None:
        return _CID_MASKED
    return f"{cid[0]}-{cid[1:5]}-xxxxx-xx-{cid[12]}"


# ---------------------------------------------------------------------------------------------
# Numbers in words, BAHTTEXT
# ---------------------------------------------------------------------------------------------

_DIGIT_WORDS = ("ศูนย์", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า")
_PLACE_WORDS = ("", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน")
_MILLION = 1_000_000


def _group_words(n: int, after_higher: bool) -> str:
    """Words for 1 ≤ n < 1,000,000; ``after_higher``: a more significant group is non-zero."""
    words: list[str] = []
    for place in range(5, -1, -1):
        digit = n // 10**place % 10
        if digit == 0:
            continue
        if place == 1:
            words.append({1: "", 2: "ยี่"}.get(digit, _DIGIT_WORDS[digit]) + "สิบ")
        elif place == 0 and digit == 1 and (n >= 10 or after_higher):
            words.append("เอ็ด")  # 11 สิบเอ็ด, 101 หนึ่งร้อยเอ็ด, 1,000,001 หนึ่งล้านเอ็ด
        else:
            words.append(_DIGIT_WORDS[digit] + _PLACE_WORDS[place])
    return "".join(words)


def thai_number_words(n: int) -> str:
    """A non-negative whole number in Thai words, as BAHTTEXT reads it: 21 → ``"ยี่สิบเอ็ด"``.

    Groups of six digits are joined by ล้าน (10¹² = หนึ่งล้านล้าน). Raises ``ValueError`` if n < 0.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    if n == 0:
        return _DIGIT_WORDS[0]
    groups: list[int] = []  # least significant first
    while n:
        n, group = divmod(n, _MILLION)
        groups.append(group)
    parts: list[str] = []
    for i in range(len(groups) - 1, -1, -1):
        if groups[i]:
            parts.append(_group_words(groups[i], any(groups[i + 1 :])))
        if i:
            parts.append("ล้าน")
    return "".join(parts)


def bahttext(amount: Decimal | float | str) -> str:
    """An amount in Thai words, as Excel's ``BAHTTEXT``.

    Rounded to satang (half up) first. ``0`` → ``"ศูนย์บาทถ้วน"``, ``1234.5`` →
    ``"หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์"``, ``0.25`` → ``"ยี่สิบห้าสตางค์"``,
    ``1000001`` → ``"หนึ่งล้านเอ็ดบาทถ้วน"``, negative → ``"ลบ…"``. Satang are read on their own
    (1.01 → ``"หนึ่งบาทหนึ่งสตางค์"``). Non-numbers raise (see :func:`cmfi_xl.core.money.D`).
    """
    q = quantize_baht(D(amount))
    baht, satang = divmod(int(abs(q) * 100), 100)
    if baht == 0 and satang == 0:
        return "ศูนย์บาทถ้วน"
    words = thai_number_words(baht) + "บาท" if baht else ""
    words += _group_words(satang, False) + "สตางค์" if satang else "ถ้วน"
    return ("ลบ" if q < 0 else "") + words


# --------------------------------------------------------------------------- printed width

# Visible Thai characters of 16 pt per unit of column width. Measured in LibreOffice on 200 random
# wrapped cells of widths 10-44: one line holds 0.8-0.9 a unit, but word wrapping loses more in narrow
# columns, so line counts from 0.7 fell short in 6 of the 200 (from 0.8: 29). Conservative on purpose:
# a row a little too tall is better than Thai text cut off.
CHARS_PER_WIDTH = 0.7
BOLD_WIDTH = 0.9  # bold text takes about a tenth more room: measure it in a column this much narrower
_MARKS = {chr(c) for c in (0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F))}  # zero-width above/below marks


def visible_len(text: str) -> int:
    """Characters that take width: Thai vowel and tone marks above/below the line take none."""
    return sum(1 for ch in text if ch not in _MARKS)


def fits(text: str, width: float, pt: float = 16) -> bool:
    """Whether ``text`` in a ``pt``-point font fits on one line of a ``width``-character column."""
    return visible_len(text) <= width * CHARS_PER_WIDTH * 16 / pt
