"""Excel functions (UDFs) of the CMFI books — thin xlwings wrappers over ``cmfi_xl.books``.

Install (Windows, Excel, xlwings add-in): put this folder on the add-in's ``PYTHONPATH``, set
``UDF Modules`` to ``cmfi_udfs`` and press *Import Functions*. The functions then appear in the
category ``CMFI`` with the Thai help below (Excel shows at most 255 characters of it).

Data for ``CMFI_SHARE_BALANCE``, ``CMFI_LOAN_OUTSTANDING`` and ``CMFI_LOAN_SCHEDULE``:

* **pass the table** (recommended): ``=CMFI_SHARE_BALANCE("G01", , tblShares[#All])`` — the
  range with its header row. Excel then knows the dependency and recalculates when the register
  changes. Headers are matched in Thai or English, in any order, like the workbook reader.
* **or leave it out**: the function reads the table by name (``tblShares``,
  ``tblInterGroupLoans``, ``tblLoanRepayments``) from the *calling* workbook through xlwings'
  hidden ``caller`` argument. Excel does not see that dependency: press Ctrl+Alt+F9 to refresh.

On Linux and macOS ``import xlwings`` works, but ``xw.func``/``xw.arg``/``xw.ret`` are
pass-through stubs there: the classic UDF machinery (``xlwings.udfs``: the COM server and the
VBA wrapper generator) imports ``pythoncom``/``win32com`` from pywin32, which exists only on
Windows, and the server-side decorators (``XLWINGS_ON_SERVER``) belong to xlwings PRO (licence
key). So on Linux these are plain Python functions; the tests attach the classic decorators with
stand-in pywin32 modules to check the metadata and the generated VBA declarations.

No type hints on the UDFs themselves: classic xlwings turns a parameter's type hint into a
converter (``convert=typing.Any`` would fail in Excel), so arguments arrive as Excel gives them
and are parsed here with the same Thai parsers as the workbook reader.

Errors: a bad argument raises ``ValueError`` with a Thai message; Excel shows the message in the
cell (the VBA wrapper returns ``Err.Description``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import xlwings as xw

from cmfi_xl.books import (BooksSettings, loan_position, loan_schedule, records_from_grid,
                           share_balances)
from cmfi_xl.core import thai
from cmfi_xl.core.models import InterGroupLoan, LoanRepayment, ShareTransaction
from cmfi_xl.schema.institution import INSTITUTION

CATEGORY = "CMFI"
_STYLES = {"long": "long", "ยาว": "long", "short": "short", "ย่อ": "short", "numeric": "numeric",
           "ตัวเลข": "numeric", "1": "long", "2": "short", "3": "numeric"}


# ---------------------------------------------------------------------------------------------
# plumbing (plain Python; tested without Excel)
# ---------------------------------------------------------------------------------------------


def _grid(value: Any) -> list[list[Any]]:
    """A range value as a 2-D list (xlwings gives a 1-D list for a single row)."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        if value and not isinstance(value[0], (list, tuple)):
            return [list(value)]
        return [list(r) for r in value]
    return [[value]]


def table_from_caller(caller: Any, table_name: str) -> list[list[Any]]:
    """The values (header row first) of Excel Table ``table_name`` in the caller's workbook."""
    if caller is None:
        raise ValueError(f"ไม่ได้ส่งช่วงข้อมูล และหาตาราง {table_name} จากสมุดงานไม่ได้ / "
                         f"no range given and no calling workbook to find {table_name} in")
    book = caller.sheet.book
    for sheet in book.sheets:
        for tbl in sheet.tables:
            if str(tbl.name).casefold() == table_name.casefold():
                return _grid(tbl.range.value)
    raise ValueError(f"ไม่พบตาราง {table_name} ในสมุดงานนี้ / table {table_name} not found")


def _records(table_key: str, given: Any, caller: Any) -> list[Any]:
    grid = _grid(given) if given is not None else table_from_caller(caller, INSTITUTION.table(table_key).name)
    recs, _issues = records_from_grid(table_key, grid)
    return recs


def _date(value: Any, default: dt.date | None = None) -> dt.date:
    if value is None or (isinstance(value, str) and not value.strip()):
        if default is None:
            raise ValueError("ต้องระบุวันที่ / a date is required")
        return default
    p = thai.parse_date(value)
    if p.value is None:
        raise ValueError(f"อ่านวันที่ไม่ได้: {value!r} (ใช้ วว/ดด/ปปปป เช่น 15/01/2568) / not a date")
    return p.value


def _id(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = thai.normalize_text(str(value or ""))
    if not text:
        raise ValueError("ต้องระบุรหัส / an id is required")
    return text


def _num(x: Decimal) -> float:
    """Excel cells hold doubles; satang-exact Decimals convert to the double Excel would show."""
    return float(x)


def _today() -> dt.date:
    return dt.date.today()


# ---------------------------------------------------------------------------------------------
# the functions
# ---------------------------------------------------------------------------------------------


@xw.func(category=CATEGORY)
@xw.arg("group", doc="รหัสกลุ่มสมาชิก เช่น G01 / member group id")
@xw.arg("as_of", doc="ณ วันที่ (ว่าง = วันนี้) / as at date (blank = today)")
@xw.arg("shares", doc="ตารางคุมหุ้นพร้อมหัวตาราง เช่น tblShares[#All] (ว่าง = อ่านจากสมุดงาน) / share register range")
def CMFI_SHARE_BALANCE(group, as_of=None, shares=None, caller=None):  # -> float
    """ยอดเงินลงหุ้นคงเหลือ (บาท) ของกลุ่มสมาชิก ณ วันที่ ตามทะเบียนคุมเงินลงหุ้น (ซื้อ − ถอน). Share capital held by a member group at a date, in baht."""
    gid = _id(group)
    recs: list[ShareTransaction] = _records("shares", shares, caller)  # type: ignore[assignment]
    when = _date(as_of, _today())
    for g, bal in share_balances(recs, when).items():
        if g.casefold() == gid.casefold():
            return _num(bal.amount)
    return 0.0


def _loan(loan: Any, loans: Any, caller: Any) -> InterGroupLoan:
    no = _id(loan)
    recs: list[InterGroupLoan] = _records("intergroup_loans", loans, caller)  # type: ignore[assignment]
    for ln in recs:
        if (ln.loan_no or "").casefold() == no.casefold():
            return ln
    raise ValueError(f"ไม่พบสัญญาเงินกู้ {no} / loan {no} not found")


@xw.func(category=CATEGORY)
@xw.arg("loan", doc="เลขที่สัญญาเงินกู้ระหว่างกลุ่ม เช่น L69-01 / inter-group loan no.")
@xw.arg("as_of", doc="ณ วันที่ (ว่าง = วันนี้) / as at date (blank = today)")
@xw.arg("loans", doc="ทะเบียนเงินกู้ระหว่างกลุ่ม เช่น tblInterGroupLoans[#All] (ว่าง = อ่านจากสมุดงาน)")
@xw.arg("repayments", doc="ทะเบียนรับชำระ เช่น tblLoanRepayments[#All] (ว่าง = อ่านจากสมุดงาน)")
def CMFI_LOAN_OUTSTANDING(loan, as_of=None, loans=None, repayments=None, caller=None):  # -> float
    """เงินต้นคงเหลือ (บาท) ของสัญญาเงินกู้ระหว่างกลุ่ม ณ วันที่ = เงินต้น − เงินต้นที่รับชำระแล้ว. Outstanding principal of an inter-group loan at a date."""
    ln = _loan(loan, loans, caller)
    reps: list[LoanRepayment] = _records("loan_repayments", repayments, caller)  # type: ignore[assignment]
    pos = loan_position(ln, reps, _date(as_of, _today()))
    return _num(pos.outstanding)


@xw.func(category=CATEGORY)
@xw.arg("loan", doc="เลขที่สัญญาเงินกู้ระหว่างกลุ่ม / inter-group loan no.")
@xw.arg("loans", doc="ทะเบียนเงินกู้ระหว่างกลุ่ม เช่น tblInterGroupLoans[#All] (ว่าง = อ่านจากสมุดงาน)")
@xw.arg("style", doc="ลดต้นลดดอก: equal_principal (ต้นเท่ากัน, ค่าเริ่มต้น) หรือ annuity (งวดเท่ากัน)")
@xw.ret(expand="table")
def CMFI_LOAN_SCHEDULE(loan, loans=None, style=None, caller=None):  # -> 2-D list
    """ตารางผ่อนชำระเงินกู้ระหว่างกลุ่ม: งวด วันครบกำหนด ยอดยกมา เงินต้น ดอกเบี้ย รวม คงเหลือ (งวดสุดท้ายปรับเศษให้หมดพอดี). Repayment schedule of an inter-group loan."""
    ln = _loan(loan, loans, caller)
    st = (str(style).strip() if style else None) or None
    if st not in (None, "equal_principal", "annuity"):
        raise ValueError("style ต้องเป็น equal_principal หรือ annuity")
    sched, issues = loan_schedule(ln, BooksSettings(), style=st)  # type: ignore[arg-type]
    if sched is None:
        raise ValueError(issues[0].message_th)
    out: list[list[Any]] = [["งวด", "วันครบกำหนด", "ยอดยกมา", "เงินต้น", "ดอกเบี้ย", "รวมชำระ", "คงเหลือ"]]
    for r in sched.rows:
        out.append([r.n, r.due, _num(r.opening), _num(r.principal), _num(r.interest), _num(r.payment),
                    _num(r.closing)])
    return out


@xw.func(category=CATEGORY)
@xw.arg("date", doc="วันที่ (เซลล์วันที่ หรือข้อความ เช่น 15/01/2568) / a date")
@xw.arg("style", doc="long = 15 มกราคม 2568 (ค่าเริ่มต้น), short = 15 ม.ค. 2568, numeric = 15/01/2568")
def CMFI_THAIDATE(date, style="long"):  # -> str
    """วันที่แบบไทย ปี พ.ศ. เช่น 15 มกราคม 2568. A date as Thai text with the Buddhist-Era year."""
    key = str(style if style not in (None, "") else "long").strip().casefold()
    if isinstance(style, float) and style.is_integer():
        key = str(int(style))
    if key not in _STYLES:
        raise ValueError("รูปแบบต้องเป็น long, short หรือ numeric / style must be long, short or numeric")
    return thai.format_thai_date(_date(date), _STYLES[key])


@xw.func(category=CATEGORY)
@xw.arg("amount", doc="จำนวนเงิน (บาท) / amount in baht")
def CMFI_BAHTTEXT(amount):  # -> str
    """จำนวนเงินเป็นตัวอักษรไทย เหมือนฟังก์ชัน BAHTTEXT ของ Excel เช่น หนึ่งร้อยบาทถ้วน. Baht in Thai words, as Excel's BAHTTEXT."""
    p = thai.parse_money(amount)
    if p.value is None:
        raise ValueError(f"ไม่ใช่จำนวนเงิน: {amount!r} / not an amount")
    return thai.bahttext(p.value)


@xw.func(category=CATEGORY)
@xw.arg("citizen_id", doc="เลขประจำตัวประชาชน 13 หลัก (มีขีดได้) / 13-digit citizen ID")
def CMFI_CITIZEN_ID_OK(citizen_id):  # -> bool
    """TRUE ถ้าเลขประจำตัวประชาชนมี 13 หลักและเลขตรวจสอบหลักสุดท้ายถูกต้อง. TRUE if the citizen ID has 13 digits and a valid check digit."""
    if isinstance(citizen_id, float) and citizen_id.is_integer():
        citizen_id = str(int(citizen_id))
    return thai.citizen_id_ok(citizen_id)


UDFS = (CMFI_SHARE_BALANCE, CMFI_LOAN_OUTSTANDING, CMFI_LOAN_SCHEDULE, CMFI_THAIDATE, CMFI_BAHTTEXT,
        CMFI_CITIZEN_ID_OK)
__all__ = [f.__name__ for f in UDFS] + ["table_from_caller"]
