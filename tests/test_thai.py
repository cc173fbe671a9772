"""Worked examples for cmfi_xl.core.thai (and the money helpers it builds on).

Each test reads as "this is what a user typed or what a cell held → this is what we make of it".
Property tests (hypothesis) check the rules hold for every value, not just the examples.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cmfi_xl.core.money import SATANG, D, quantize_baht
from cmfi_xl.core.thai import (
    DATE_MAX,
    SERIAL_MIN_DATE,
    THAI_MONTHS_LONG,
    THAI_MONTHS_SHORT,
    Note,
    Parsed,
    Reason,
    arabic_to_thai_digits,
    bahttext,
    citizen_id_check_digit,
    citizen_id_ok,
    fiscal_year_bounds,
    fiscal_year_of,
    format_citizen_id,
    format_thai_date,
    mask_citizen_id,
    normalize_citizen_id,
    normalize_text,
    parse_date,
    parse_int,
    parse_money,
    parse_number,
    parse_rate,
    thai_digits_to_arabic,
    thai_number_words,
    to_be_year,
)

# Dates any parse accepts, used by the property tests.
dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31))
amounts = st.decimals(
    min_value=Decimal("-999999999999.99"), max_value=Decimal("999999999999.99"), places=2
)

# =============================================================================================
# Digits and text
# =============================================================================================


class TestDigitsAndText:
    def test_thai_digits_become_arabic(self) -> None:
        assert thai_digits_to_arabic("๐๑๒๓๔๕๖๗๘๙") == "0123456789"
        assert thai_digits_to_arabic("๑๕ ม.ค. ๒๕๖๘") == "15 ม.ค. 2568"

    def test_other_text_is_untouched(self) -> None:
        assert thai_digits_to_arabic("บ้านเลขที่ 12/3") == "บ้านเลขที่ 12/3"

    def test_arabic_to_thai_digits_for_printing(self) -> None:
        assert arabic_to_thai_digits("2568") == "๒๕๖๘"

    @given(st.text())
    def test_digit_conversion_round_trips(self, s: str) -> None:
        arabic = thai_digits_to_arabic(s)
        assert not re.search("[๐-๙]", arabic)
        assert thai_digits_to_arabic(arabic_to_thai_digits(arabic)) == arabic

    @pytest.mark.parametrize(
        ("raw", "clean"),
        [
            ("  นางสาว  สมศรี   ใจดี ", "นางสาว สมศรี ใจดี"),
            ("สมศรี\u00a0ใจดี", "สมศรี ใจดี"),  # NBSP from a web page
            ("สม\u200bศรี", "สมศรี"),  # zero-width space is deleted, not turned into a space
            ("\ufeffกลุ่มออมทรัพย์", "กลุ่มออมทรัพย์"),  # byte-order mark from a CSV
            ("บรรทัด 1\nบรรทัด 2\t!", "บรรทัด 1 บรรทัด 2 !"),  # Alt+Enter in a cell
            ("น\u0e4d\u0e32", "น\u0e33"),  # นํา typed as NIKHAHIT + SARA AA → นำ
            ("น\u0e4d\u0e49\u0e32", "น\u0e49\u0e33"),  # น้ำ with the tone mark in between
            ("Cafe\u0301", "Café"),  # NFC
            ("", ""),
        ],
    )
    def test_normalize_text(self, raw: str, clean: str) -> None:
        assert normalize_text(raw) == clean

    @given(st.text())
    def test_normalize_text_is_idempotent_and_tidy(self, s: str) -> None:
        n = normalize_text(s)
        assert normalize_text(n) == n
        assert n == n.strip()
        assert "  " not in n
        assert "\u200b" not in n


# =============================================================================================
# The money helpers (cmfi_xl.core.money)
# =============================================================================================


class TestMoneyHelpers:
    def test_float_is_read_as_the_number_the_user_typed(self) -> None:
        # Decimal(2.675) would be 2.67499999999999982236431605997495353221893310546875 → 2.67
        typed = 2.675  # what openpyxl hands back for a cell showing 2.675
        assert Decimal(typed).quantize(SATANG) != Decimal("2.68")
        assert D(2.675) == Decimal("2.675")
        assert quantize_baht(D(2.675)) == Decimal("2.68")

    def test_formula_noise_disappears(self) -> None:
        assert D(0.1 + 0.2) == Decimal("0.3")
        assert D(2.5 * 1.07) == Decimal("2.675")  # 2.6750000000000003

    def test_half_up_away_from_zero(self) -> None:
        assert quantize_baht(Decimal("0.005")) == Decimal("0.01")
        assert quantize_baht(Decimal("-0.005")) == Decimal("-0.01")

    def test_negative_zero_is_plain_zero(self) -> None:
        assert str(quantize_baht(Decimal("-0.001"))) == "0.00"

    @pytest.mark.parametrize("bad", [float("nan"), float("inf"), "abc", Decimal("NaN")])
    def test_d_rejects_non_numbers(self, bad: object) -> None:
        with pytest.raises(ValueError):
            D(bad)  # type: ignore[arg-type]

    def test_d_rejects_bool(self) -> None:
        with pytest.raises(TypeError):
            D(True)

    @given(amounts)
    def test_a_typed_amount_survives_excel_float_storage(self, amount: Decimal) -> None:
        assert quantize_baht(D(float(amount))) == amount


# =============================================================================================
# Numbers
# =============================================================================================


class TestParseNumber:
    @pytest.mark.parametrize(
        ("cell", "value", "notes"),
        [
            (12, Decimal(12), ()),
            (12.5, Decimal("12.5"), ()),
            (Decimal("7.25"), Decimal("7.25"), ()),
            ("1,234.5", Decimal("1234.5"), (Note.TEXT_NUMBER,)),
            ("-3", Decimal(-3), (Note.TEXT_NUMBER,)),
            ("\u22123", Decimal(-3), (Note.TEXT_NUMBER,)),  # Unicode minus sign
            ("๑๒", Decimal(12), (Note.TEXT_NUMBER, Note.THAI_DIGITS)),
        ],
    )
    def test_accepted(self, cell: object, value: Decimal, notes: tuple[Note, ...]) -> None:
        assert parse_number(cell) == Parsed(value, notes)

    @pytest.mark.parametrize(
        ("cell", "reason"),
        [
            (None, Reason.EMPTY),
            ("   ", Reason.EMPTY),
            ("abc", Reason.UNRECOGNISED),
            ("1.2.3", Reason.UNRECOGNISED),
            ("1,00", Reason.UNRECOGNISED),  # badly grouped: 100 or 1.00?
            ("12%", Reason.UNRECOGNISED),
            (True, Reason.UNRECOGNISED),  # a checkbox is not a number
            (float("nan"), Reason.EMPTY),  # pandas' mark for a blank cell
            (float("inf"), Reason.UNRECOGNISED),
            ([1], Reason.UNRECOGNISED),
        ],
    )
    def test_rejected(self, cell: object, reason: Reason) -> None:
        p = parse_number(cell)
        assert (p.value, p.reason, p.ok) == (None, reason, False)


class TestParseInt:
    @pytest.mark.parametrize(
        ("cell", "value"),
        [(2, 2), (2.0, 2), (Decimal("3.00"), 3), ("2.0", 2), ("๒", 2), ("1,000", 1000), ("-4", -4)],
    )
    def test_whole_numbers(self, cell: object, value: int) -> None:
        p = parse_int(cell)
        assert p.value == value and type(p.value) is int

    @pytest.mark.parametrize("cell", [2.5, "2.5", Decimal("0.1")])
    def test_fractions_are_not_integers(self, cell: object) -> None:
        assert parse_int(cell) == Parsed(None, (), Reason.NOT_INTEGER)

    def test_blank_and_garbage_keep_their_reason(self) -> None:
        assert parse_int("").reason is Reason.EMPTY
        assert parse_int("สอง").reason is Reason.UNRECOGNISED

    @given(st.integers(min_value=-(10**12), max_value=10**12))
    def test_any_integer_as_text_with_separators(self, n: int) -> None:
        assert parse_int(f"{n:,}").value == n
        assert parse_int(arabic_to_thai_digits(str(n))).value == n


class TestValuesFromPandas:
    """Frames read with pandas hold numpy scalars, NaN and NaT instead of Python values."""

    def test_numpy_scalars(self) -> None:
        np = pytest.importorskip("numpy")
        assert parse_money(np.float64(1234.5)).value == Decimal("1234.50")
        assert parse_int(np.int64(7)).value == 7
        assert parse_rate(np.float64(0.06)).value == Decimal("0.06")
        assert parse_date(np.int64(45672)).value == date(2025, 1, 15)
        assert normalize_citizen_id(np.int64(1234567890121)) == "1234567890121"
        assert parse_number(np.bool_(True)).reason is Reason.UNRECOGNISED

    def test_missing_values_are_empty(self) -> None:
        pd = pytest.importorskip("pandas")
        assert parse_date(pd.NaT).reason is Reason.EMPTY
        assert parse_date(pd.Timestamp("2568-01-15")).value == date(2025, 1, 15)
        for parse in (parse_number, parse_int, parse_money, parse_rate, parse_date):
            assert parse(float("nan")).reason is Reason.EMPTY
            assert parse(Decimal("NaN")).reason is Reason.EMPTY


# =============================================================================================
# Money
# =============================================================================================


class TestParseMoney:
    @pytest.mark.parametrize(
        ("typed", "amount"),
        [
            ("1,234.50", "1234.50"),
            ("๑,๐๐๐", "1000.00"),
            ("1,000 บาท", "1000.00"),
            ("1000.-", "1000.00"),
            ("฿1,000", "1000.00"),
            (" 500 บ. ", "500.00"),
            ("500บ", "500.00"),
            ("THB 20", "20.00"),
            ("2,500 บาทถ้วน", "2500.00"),
            ("-50", "-50.00"),
            (".5", "0.50"),
        ],
    )
    def test_text_amounts(self, typed: str, amount: str) -> None:
        p = parse_money(typed)
        assert p.value == Decimal(amount)
        assert str(p.value) == amount  # always two decimals
        assert Note.TEXT_NUMBER in p.notes

    def test_thai_digits_are_noted(self) -> None:
        assert parse_money("๑,๐๐๐").notes == (Note.TEXT_NUMBER, Note.THAI_DIGITS)

    def test_accounting_parentheses_mean_negative(self) -> None:
        assert parse_money("(1,000.00)") == Parsed(
            Decimal("-1000.00"), (Note.TEXT_NUMBER, Note.PARENTHESES_NEGATIVE)
        )

    @pytest.mark.parametrize(
        ("cell", "amount"),
        [(1500, "1500.00"), (1234.5, "1234.50"), (Decimal("99.9"), "99.90"), (0.1 + 0.2, "0.30")],
    )
    def test_numeric_cells_are_a_plain_read(self, cell: object, amount: str) -> None:
        # float noise from a formula (0.30000000000000004) is not reported as rounding
        assert parse_money(cell) == Parsed(Decimal(amount), ())

    @pytest.mark.parametrize(
        ("cell", "amount"),
        [
            (1234.5678, "1234.57"),
            (2.675, "2.68"),  # half up, on the number the user typed
            (Decimal("1.005"), "1.01"),
            ("10.125", "10.13"),
            ("-10.125", "-10.13"),  # half up means away from zero
        ],
    )
    def test_more_than_two_decimals_are_rounded_and_noted(self, cell: object, amount: str) -> None:
        p = parse_money(cell)
        assert p.value == Decimal(amount)
        assert Note.ROUNDED in p.notes

    @pytest.mark.parametrize(
        "typed",
        [
            "abc",
            "1.2.3",
            "๑,๐๐๐ บ. 5",
            "1,00",
            "12,3456",
            "(1,000",  # unbalanced
            "(-1,000)",  # negative twice
            "บาท",
            "1,000 ดอลลาร์",
            "#VALUE!",
        ],
    )
    def test_rejected(self, typed: str) -> None:
        assert parse_money(typed) == Parsed(None, (), Reason.UNRECOGNISED)

    def test_blank_is_empty_not_zero(self) -> None:
        assert parse_money(None).reason is Reason.EMPTY
        assert parse_money(" \u00a0").reason is Reason.EMPTY

    @given(amounts)
    def test_formatted_amounts_round_trip(self, amount: Decimal) -> None:
        formatted = f"{abs(amount):,.2f}"
        sign = "-" if amount < 0 else ""
        assert parse_money(f"{sign}{formatted}").value == amount
        assert parse_money(f"{sign}฿{formatted}").value == amount
        assert parse_money(arabic_to_thai_digits(f"{sign}{formatted} บาท")).value == amount
        if amount > 0:
            assert parse_money(f"({formatted})").value == -amount

    @given(amounts)
    def test_numeric_cells_round_trip(self, amount: Decimal) -> None:
        assert parse_money(float(amount)) == Parsed(amount, ())


# =============================================================================================
# Rates
# =============================================================================================


class TestParseRate:
    @pytest.mark.parametrize(
        ("cell", "rate", "notes"),
        [
            # a percent-formatted cell stores the fraction
            (0.06, "0.06", ()),
            (Decimal("0.015"), "0.015", ()),
            (0, "0", ()),
            # a bare number > 1 in a rate column is a percentage
            (6, "0.06", (Note.PERCENT_NUMBER,)),
            (7.5, "0.075", (Note.PERCENT_NUMBER,)),
            # text
            ("6%", "0.06", (Note.TEXT_NUMBER,)),
            ("6 %", "0.06", (Note.TEXT_NUMBER,)),
            ("0.5%", "0.005", (Note.TEXT_NUMBER,)),
            ("๖%", "0.06", (Note.TEXT_NUMBER, Note.THAI_DIGITS)),
            ("ร้อยละ 6", "0.06", (Note.TEXT_NUMBER,)),
            ("6 เปอร์เซ็นต์", "0.06", (Note.TEXT_NUMBER,)),
            ("0.06", "0.06", (Note.TEXT_NUMBER,)),
            ("6", "0.06", (Note.TEXT_NUMBER, Note.PERCENT_NUMBER)),
            ("1%", "0.01", (Note.TEXT_NUMBER,)),  # with a % sign, 1 is not ambiguous
            # per year, said out loud
            ("12% ต่อปี", "0.12", (Note.TEXT_NUMBER,)),
            ("12%/ปี", "0.12", (Note.TEXT_NUMBER,)),
            ("ปีละ 12%", "0.12", (Note.TEXT_NUMBER,)),
            ("12% per year", "0.12", (Note.TEXT_NUMBER,)),
            ("12% p.a.", "0.12", (Note.TEXT_NUMBER,)),
            ("12% annually", "0.12", (Note.TEXT_NUMBER,)),
        ],
    )
    def test_annual_rates(self, cell: object, rate: str, notes: tuple[Note, ...]) -> None:
        assert parse_rate(cell) == Parsed(Decimal(rate), notes)

    @pytest.mark.parametrize(
        "typed",
        [
            "1% ต่อเดือน",
            "1%/เดือน",
            "1% / เดือน",
            "1% per month",
            "1% a month",
            "1% monthly",
            "ร้อยละ 1 ต่อเดือน",
            "เดือนละ 1%",
            "๑% ต่อเดือน",
            "0.01 ต่อเดือน",
        ],
    )
    def test_monthly_rates_become_annual(self, typed: str) -> None:
        p = parse_rate(typed)
        assert p.value == Decimal("0.12")
        assert p.notes[-1] is Note.MONTHLY_RATE

    def test_one_and_a_quarter_percent_a_month(self) -> None:
        assert parse_rate("1.25% ต่อเดือน").value == Decimal("0.15")

    def test_negative_rates_are_returned_for_the_caller_to_judge(self) -> None:
        assert parse_rate("-6%").value == Decimal("-0.06")

    def test_high_rates_are_returned_for_the_caller_to_warn(self) -> None:
        assert parse_rate("5% ต่อเดือน").value == Decimal("0.60")

    @pytest.mark.parametrize("cell", [1, 1.0, "1", Decimal("1.00"), "1 ต่อเดือน"])
    def test_exactly_one_is_ambiguous(self, cell: object) -> None:
        # 100 % a year, or 1 % typed without its sign? Neither reading is safe.
        assert parse_rate(cell) == Parsed(None, (), Reason.AMBIGUOUS)

    @pytest.mark.parametrize(
        "typed", ["abc", "6%%", "6% ต่อวัน", "เดือนละ 1% ต่อปี", "%", "ร้อยละ", "6,5%", True]
    )
    def test_rejected(self, typed: object) -> None:
        assert parse_rate(typed).reason is Reason.UNRECOGNISED

    def test_blank(self) -> None:
        assert parse_rate("").reason is Reason.EMPTY
        assert parse_rate(None).reason is Reason.EMPTY

    @given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99.99"), places=2))
    def test_percent_text_and_percent_cell_agree(self, pct: Decimal) -> None:
        as_text = parse_rate(f"{pct}%").value
        as_cell = parse_rate(float(pct / 100)).value
        assert as_text == as_cell == pct / 100

    @given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9.99"), places=2))
    def test_monthly_is_twelve_times(self, pct: Decimal) -> None:
        assert parse_rate(f"{pct}% ต่อเดือน").value == parse_rate(f"{pct}%").value * 12


# =============================================================================================
# Dates
# =============================================================================================

JAN_15_2025 = date(2025, 1, 15)
TEXT_BE = (Note.TEXT_DATE, Note.BE_YEAR)
TEXT_2DIGIT = (Note.TEXT_DATE, Note.TWO_DIGIT_YEAR, Note.BE_YEAR)


class TestParseDate:
    def test_a_real_date_cell_is_a_plain_read(self) -> None:
        assert parse_date(JAN_15_2025) == Parsed(JAN_15_2025, ())
        assert parse_date(datetime(2025, 1, 15, 13, 45)) == Parsed(JAN_15_2025, ())

    def test_be_year_typed_into_a_date_cell(self) -> None:
        # Excel accepted 15/01/2568 as a date in the 26th century
        assert parse_date(datetime(2568, 1, 15)) == Parsed(JAN_15_2025, (Note.BE_YEAR,))

    def test_be_leap_day_in_a_date_cell_that_does_not_exist_in_ce(self) -> None:
        # 2572 is a leap year to Excel, 2029 is not
        assert parse_date(date(2572, 2, 29)).reason is Reason.INVALID_DATE

    @pytest.mark.parametrize(
        ("typed", "notes"),
        [
            ("15/01/2568", TEXT_BE),
            ("15-01-2568", TEXT_BE),
            ("15.01.2568", TEXT_BE),
            ("15 / 01 / 2568", TEXT_BE),
            ("15/1/68", TEXT_2DIGIT),
            ("15 ม.ค. 68", TEXT_2DIGIT),
            ("15 มกราคม 2568", TEXT_BE),
            ("15 ม.ค. 2568", TEXT_BE),
            ("15 ม.ค.2568", TEXT_BE),
            ("15มค2568", TEXT_BE),
            ("วันที่ 15 มกราคม พ.ศ. 2568", TEXT_BE),
            ("15 ม.ค. พ.ศ. 68", TEXT_2DIGIT),
            ("2025-01-15", (Note.TEXT_DATE,)),
            ("2025-01-15 00:00:00", (Note.TEXT_DATE,)),  # str(datetime) from a CSV export
            ("2568-01-15", TEXT_BE),
            ("15/01/2025", (Note.TEXT_DATE,)),
            ("15 มกราคม ค.ศ. 2025", (Note.TEXT_DATE,)),
            ("๑๕/๐๑/๒๕๖๘", (Note.TEXT_DATE, Note.THAI_DIGITS, Note.BE_YEAR)),
            ("๑๕ ม.ค. ๖๘", (Note.TEXT_DATE, Note.THAI_DIGITS, Note.TWO_DIGIT_YEAR, Note.BE_YEAR)),
        ],
    )
    def test_text_dates(self, typed: str, notes: tuple[Note, ...]) -> None:
        assert parse_date(typed) == Parsed(JAN_15_2025, notes)

    def test_be_leap_day_in_text_is_built_from_components(self) -> None:
        # 2567 B.E. = 2024 C.E., a leap year (although "2567" itself is not divisible by 4)
        assert parse_date("29/02/2567").value == date(2024, 2, 29)
        assert parse_date("29/02/2568").reason is Reason.INVALID_DATE

    @pytest.mark.parametrize("typed", ["31/02/2568", "32/01/2568", "15/13/2568", "00/01/2568"])
    def test_impossible_dates(self, typed: str) -> None:
        assert parse_date(typed) == Parsed(None, (), Reason.INVALID_DATE)

    def test_day_first_always(self) -> None:
        assert parse_date("05/01/2568").value == date(2025, 1, 5)
        assert parse_date("01/15/2025").reason is Reason.INVALID_DATE  # never m/d/y

    @pytest.mark.parametrize(
        "typed",
        [
            "garbage",
            "15/01",
            "15/01/256",  # three-digit year
            "15/01-2568",  # mixed separators
            "15 มกรา 2568",
            "15 January 2025",
            "พ.ศ. 2025",
            "15 มกราคม พ.ศ. 2025",  # says B.E. but the year is C.E.
            "15 มกราคม ค.ศ. 68",
            "45672",  # text digits are not a serial
            True,
            [2025, 1, 15],
        ],
    )
    def test_rejected(self, typed: object) -> None:
        assert parse_date(typed).reason is Reason.UNRECOGNISED

    def test_blank(self) -> None:
        assert parse_date(None).reason is Reason.EMPTY
        assert parse_date("  ").reason is Reason.EMPTY

    @pytest.mark.parametrize(("serial", "day"), [(45672, JAN_15_2025), (45672.75, JAN_15_2025)])
    def test_excel_serials(self, serial: object, day: date) -> None:
        # a date cell that lost its format: 45672 is 15 Jan 2025 in the 1900 date system
        assert parse_date(serial) == Parsed(day, (Note.EXCEL_SERIAL,))

    @pytest.mark.parametrize("number", [2568, 25680115, 0, -1, 10**9])
    def test_implausible_serials(self, number: int) -> None:
        # a year typed on its own would be 11 Jan 1907 as a serial: refused
        assert parse_date(number).reason is Reason.OUT_OF_RANGE

    def test_out_of_range_dates(self) -> None:
        assert parse_date("15/01/1850").reason is Reason.OUT_OF_RANGE
        assert parse_date(date(2300, 1, 1)).reason is Reason.OUT_OF_RANGE
        assert parse_date(date(9999, 1, 1)).reason is Reason.OUT_OF_RANGE  # 9456 C.E.

    @given(dates)
    def test_every_thai_format_reads_back(self, d: date) -> None:
        for style in ("short", "long", "numeric"):
            for thai in (False, True):
                assert parse_date(format_thai_date(d, style, thai_digits=thai)).value == d

    @given(dates)
    def test_iso_and_be_cells_read_back(self, d: date) -> None:
        assert parse_date(d.isoformat()).value == d
        if not (d.month == 2 and d.day == 29):  # not every C.E. leap day exists in year + 543
            assert parse_date(date(d.year + 543, d.month, d.day)).value == d

    @given(st.dates(min_value=SERIAL_MIN_DATE, max_value=DATE_MAX))
    def test_serials_read_back(self, d: date) -> None:
        serial = (d - date(1899, 12, 30)).days
        assert parse_date(serial).value == d
        assert parse_date(serial + 0.999).value == d


# =============================================================================================
# Displaying dates
# =============================================================================================


class TestDisplay:
    def test_be_year(self) -> None:
        assert to_be_year(JAN_15_2025) == 2568
        assert to_be_year(date(2026, 12, 31)) == 2569

    @pytest.mark.parametrize(
        ("style", "text"),
        [("short", "15 ม.ค. 2568"), ("long", "15 มกราคม 2568"), ("numeric", "15/01/2568")],
    )
    def test_styles(self, style: str, text: str) -> None:
        assert format_thai_date(JAN_15_2025, style) == text

    def test_default_is_long(self) -> None:
        assert format_thai_date(date(2025, 10, 1)) == "1 ตุลาคม 2568"

    def test_thai_digits(self) -> None:
        assert format_thai_date(date(2025, 3, 5), "numeric", thai_digits=True) == "๐๕/๐๓/๒๕๖๘"

    def test_unknown_style_is_a_program_error(self) -> None:
        with pytest.raises(ValueError):
            format_thai_date(JAN_15_2025, "iso")

    def test_month_tables(self) -> None:
        assert len(THAI_MONTHS_LONG) == len(THAI_MONTHS_SHORT) == 12
        assert (THAI_MONTHS_LONG[1], THAI_MONTHS_SHORT[1]) == ("กุมภาพันธ์", "ก.พ.")
        assert (THAI_MONTHS_LONG[11], THAI_MONTHS_SHORT[11]) == ("ธันวาคม", "ธ.ค.")


# =============================================================================================
# Fiscal year
# =============================================================================================


class TestFiscalYear:
    @pytest.mark.parametrize(
        ("day", "fy"),
        [
            (date(2025, 9, 30), 2568),
            (date(2025, 10, 1), 2569),
            (date(2026, 1, 1), 2569),
            (date(2026, 9, 30), 2569),
            (date(2026, 10, 1), 2570),
        ],
    )
    def test_fiscal_year_of(self, day: date, fy: int) -> None:
        assert fiscal_year_of(day) == fy

    def test_bounds(self) -> None:
        assert fiscal_year_bounds(2569) == (date(2025, 10, 1), date(2026, 9, 30))

    def test_bounds_want_a_be_year(self) -> None:
        with pytest.raises(ValueError):
            fiscal_year_bounds(2026)

    @given(dates)
    def test_a_date_lies_in_its_fiscal_year(self, d: date) -> None:
        start, end = fiscal_year_bounds(fiscal_year_of(d))
        assert start <= d <= end
        assert fiscal_year_of(start) == fiscal_year_of(end) == fiscal_year_of(d)
        assert fiscal_year_of(start - timedelta(days=1)) == fiscal_year_of(d) - 1
        assert (end - start).days in (364, 365)


# =============================================================================================
# Citizen ID
# =============================================================================================

VALID_ID = "1234567890121"  # 12 digits 123456789012, check digit 1


def with_check_digit(first12: str) -> str:
    return first12 + str(citizen_id_check_digit(first12))


class TestCitizenId:
    def test_check_digit_worked_example(self) -> None:
        # Σ dᵢ·(13−i) = 1·13 + 2·12 + 3·11 + 4·10 + 5·9 + 6·8 + 7·7 + 8·6 + 9·5 + 0·4 + 1·3 + 2·2
        #             = 352; 352 mod 11 = 0; (11 − 0) mod 10 = 1
        assert citizen_id_check_digit("123456789012") == 1
        assert citizen_id_ok(VALID_ID)

    @pytest.mark.parametrize(
        "written",
        [
            "1234567890121",
            "1-2345-67890-12-1",
            "1 2345 67890 12 1",
            " 1-2345-67890-12-1 ",
            "๑-๒๓๔๕-๖๗๘๙๐-๑๒-๑",
            "'1234567890121",  # Excel text prefix kept by a CSV
            1234567890121,  # a numeric cell
            1234567890121.0,
            Decimal(1234567890121),
        ],
    )
    def test_written_forms(self, written: object) -> None:
        assert normalize_citizen_id(written) == VALID_ID
        assert citizen_id_ok(written)

    @pytest.mark.parametrize(
        "bad",
        [
            "123456789012",  # 12 digits
            "12345678901211",  # 14 digits
            "1-2345-67890-12-x",
            "1.23457E+12",  # what Excel shows for a long number: the digits are gone
            1234567890121.5,
            -1234567890121,
            True,
            None,
            "",
        ],
    )
    def test_not_an_id(self, bad: object) -> None:
        assert normalize_citizen_id(bad) is None
        assert not citizen_id_ok(bad)

    def test_right_shape_wrong_check_digit(self) -> None:
        assert normalize_citizen_id("1234567890122") == "1234567890122"
        assert not citizen_id_ok("1234567890122")

    def test_format(self) -> None:
        assert format_citizen_id(1234567890121) == "1-2345-67890-12-1"
        assert format_citizen_id("12") is None

    def test_mask_keeps_first_five_and_last(self) -> None:
        assert mask_citizen_id("1234567890121") == "1-2345-xxxxx-xx-1"
        assert mask_citizen_id("1-2345-67890-12-1") == "1-2345-xxxxx-xx-1"

    def test_mask_never_leaks_a_malformed_value(self) -> None:
        assert mask_citizen_id("123456789012") == "x-xxxx-xxxxx-xx-x"
        assert mask_citizen_id(None) == "x-xxxx-xxxxx-xx-x"

    def test_check_digit_wants_twelve_digits(self) -> None:
        with pytest.raises(ValueError):
            citizen_id_check_digit("12345")

    @given(st.text(alphabet="0123456789", min_size=12, max_size=12))
    def test_generated_ids_validate(self, first12: str) -> None:
        cid = with_check_digit(first12)
        assert citizen_id_ok(cid)
        assert citizen_id_ok(format_citizen_id(cid))
        assert mask_citizen_id(cid) == f"{cid[0]}-{cid[1:5]}-xxxxx-xx-{cid[12]}"

    @given(
        st.text(alphabet="0123456789", min_size=12, max_size=12),
        st.integers(min_value=0, max_value=12),
        st.integers(min_value=1, max_value=9),
    )
    def test_a_single_digit_typo_is_caught_except_the_schemes_blind_spots(
        self, first12: str, position: int, shift: int
    ) -> None:
        # The algorithm cannot catch every typo, and it must not be made to look as if it did:
        # * the third digit has weight 11 ≡ 0 (mod 11): it is not checked at all;
        # * remainders 0 and 10 both give check digit 1.
        # Every other single-digit change is caught — in particular any change to the check digit.
        cid = with_check_digit(first12)
        changed = str((int(cid[position]) + shift) % 10)
        typo = cid[:position] + changed + cid[position + 1 :]
        before, after = weighted_sum(cid[:12]) % 11, weighted_sum(typo[:12]) % 11
        blind_spot = position == 2 or {before, after} == {0, 10}
        assert citizen_id_ok(typo) is blind_spot

    def test_the_blind_spots_are_real(self) -> None:
        assert citizen_id_ok("1234567890121")
        # third digit 3 → 0: weight 11 ≡ 0, the sum mod 11 does not move
        assert citizen_id_ok("1204567890121")
        # 12th digit 2 → 7 adds 5·2 = 10: remainder 0 → 10, and both give check digit 1
        assert weighted_sum("123456789012") % 11 == 0
        assert weighted_sum("123456789017") % 11 == 10
        assert citizen_id_ok("1234567890171")


def weighted_sum(first12: str) -> int:
    return sum(int(ch) * w for ch, w in zip(first12, range(13, 1, -1), strict=True))


# =============================================================================================
# Numbers in words, BAHTTEXT
# =============================================================================================


def words_to_int(words: str) -> int:
    """An independent reader of Thai number words, to check bahttext by round trip."""
    digits = {w: i for i, w in enumerate(
        ["ศูนย์", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า"]
    )}  # fmt: skip
    digits |= {"เอ็ด": 1, "ยี่": 2}
    places = {"สิบ": 10, "ร้อย": 100, "พัน": 1000, "หมื่น": 10_000, "แสน": 100_000}
    tokens = re.findall("|".join([*digits, *places, "ล้าน"]), words)
    assert "".join(tokens) == words, f"unexpected words in {words!r}"
    total = group = 0
    pending: int | None = None
    for tok in tokens:
        if tok in digits:
            assert pending is None, f"two digits in a row in {words!r}"
            pending = digits[tok]
        elif tok in places:
            group += (1 if pending is None else pending) * places[tok]
            pending = None
        else:  # ล้าน
            total = (total + group + (pending or 0)) * 1_000_000
            group, pending = 0, None
    return total + group + (pending or 0)


def split_bahttext(text: str) -> tuple[int, int, int]:
    """(sign, baht, satang) from BAHTTEXT words."""
    m = re.fullmatch("(ลบ)?(?:(.+)บาท)?(?:ถ้วน|(.+)สตางค์)", text)
    assert m, text
    return (-1 if m[1] else 1), words_to_int(m[2] or "ศูนย์"), words_to_int(m[3] or "ศูนย์")


class TestBahttext:
    @pytest.mark.parametrize(
        ("amount", "words"),
        [
            ("0", "ศูนย์บาทถ้วน"),
            ("1", "หนึ่งบาทถ้วน"),
            ("2", "สองบาทถ้วน"),
            ("10", "สิบบาทถ้วน"),
            ("11", "สิบเอ็ดบาทถ้วน"),
            ("20", "ยี่สิบบาทถ้วน"),
            ("21", "ยี่สิบเอ็ดบาทถ้วน"),
            ("99", "เก้าสิบเก้าบาทถ้วน"),
            ("100", "หนึ่งร้อยบาทถ้วน"),
            ("101", "หนึ่งร้อยเอ็ดบาทถ้วน"),
            ("111", "หนึ่งร้อยสิบเอ็ดบาทถ้วน"),
            ("121", "หนึ่งร้อยยี่สิบเอ็ดบาทถ้วน"),
            ("1001", "หนึ่งพันเอ็ดบาทถ้วน"),
            ("1060", "หนึ่งพันหกสิบบาทถ้วน"),
            ("1234.50", "หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์"),
            ("20000", "สองหมื่นบาทถ้วน"),
            ("100000", "หนึ่งแสนบาทถ้วน"),
            ("1000000", "หนึ่งล้านบาทถ้วน"),
            ("1000001", "หนึ่งล้านเอ็ดบาทถ้วน"),
            ("1500000", "หนึ่งล้านห้าแสนบาทถ้วน"),
            ("2000000", "สองล้านบาทถ้วน"),
            ("10000000", "สิบล้านบาทถ้วน"),
            ("11000000", "สิบเอ็ดล้านบาทถ้วน"),
            ("11000001", "สิบเอ็ดล้านเอ็ดบาทถ้วน"),
            ("21500000", "ยี่สิบเอ็ดล้านห้าแสนบาทถ้วน"),
            ("101000000", "หนึ่งร้อยเอ็ดล้านบาทถ้วน"),
            ("1000000000", "หนึ่งพันล้านบาทถ้วน"),
            ("1000000000000", "หนึ่งล้านล้านบาทถ้วน"),
            ("1000000000001", "หนึ่งล้านล้านเอ็ดบาทถ้วน"),
            ("1001000000001", "หนึ่งล้านหนึ่งพันล้านเอ็ดบาทถ้วน"),
            (
                "1234567.89",
                "หนึ่งล้านสองแสนสามหมื่นสี่พันห้าร้อยหกสิบเจ็ดบาทแปดสิบเก้าสตางค์",
            ),
        ],
    )
    def test_baht(self, amount: str, words: str) -> None:
        assert bahttext(Decimal(amount)) == words

    @pytest.mark.parametrize(
        ("amount", "words"),
        [
            ("0.25", "ยี่สิบห้าสตางค์"),
            ("0.01", "หนึ่งสตางค์"),
            ("0.11", "สิบเอ็ดสตางค์"),
            ("0.21", "ยี่สิบเอ็ดสตางค์"),
            ("0.5", "ห้าสิบสตางค์"),
            ("1.01", "หนึ่งบาทหนึ่งสตางค์"),  # satang are read on their own: หนึ่ง, not เอ็ด
            ("10.5", "สิบบาทห้าสิบสตางค์"),
            ("99.01", "เก้าสิบเก้าบาทหนึ่งสตางค์"),
        ],
    )
    def test_satang(self, amount: str, words: str) -> None:
        assert bahttext(Decimal(amount)) == words

    def test_rounded_to_satang_first(self) -> None:
        assert bahttext(Decimal("0.005")) == "หนึ่งสตางค์"
        assert bahttext(Decimal("99.995")) == "หนึ่งร้อยบาทถ้วน"
        assert bahttext(Decimal("0.004")) == "ศูนย์บาทถ้วน"
        assert bahttext(Decimal("-0.004")) == "ศูนย์บาทถ้วน"  # no ลบ for a zero

    def test_negative(self) -> None:
        assert bahttext(Decimal(-1)) == "ลบหนึ่งบาทถ้วน"
        assert bahttext(Decimal("-1234.50")) == "ลบหนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์"
        assert bahttext(Decimal("-0.25")) == "ลบยี่สิบห้าสตางค์"

    def test_ints_and_floats(self) -> None:
        assert bahttext(21) == "ยี่สิบเอ็ดบาทถ้วน"
        assert bahttext(2.675) == "สองบาทหกสิบแปดสตางค์"

    def test_number_words(self) -> None:
        assert thai_number_words(0) == "ศูนย์"
        assert thai_number_words(21) == "ยี่สิบเอ็ด"
        with pytest.raises(ValueError):
            thai_number_words(-1)

    @given(amounts)
    def test_words_read_back_to_the_amount(self, amount: Decimal) -> None:
        sign, baht, satang = split_bahttext(bahttext(amount))
        assert sign * (baht + Decimal(satang) / 100) == amount
        assert (satang == 0) == bahttext(amount).endswith("ถ้วน")

    @given(st.integers(min_value=1, max_value=10**24))
    def test_spelling_rules(self, n: int) -> None:
        words = thai_number_words(n)
        assert words_to_int(words) == n
        assert "หนึ่งสิบ" not in words and "สองสิบ" not in words  # สิบ, ยี่สิบ
        assert "ศูนย์" not in words
        assert not words.startswith("เอ็ด")
        if n % 10 == 1 and n > 1:
            assert words.endswith("เอ็ด")
