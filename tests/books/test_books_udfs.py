"""The UDFs as plain Python functions, and their xlwings metadata (checked on Linux).

On Linux ``xw.func`` is a pass-through stub (classic UDFs need pywin32), so the metadata test
runs a subprocess that installs stand-in ``pythoncom``/``pywintypes``/``win32com`` modules,
attaches xlwings' *classic* decorators (``xlwings.udfs.xlfunc/xlarg/xlret``) and generates the
VBA wrapper module exactly as *Import Functions* would.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import textwrap
from decimal import Decimal as D

import pytest
from test_books_fixtures import UDF_DIR

import cmfi_udfs as u
from cmfi_xl.schema.institution import INSTITUTION


def grid(table_key: str, rows: list[dict]) -> list[list]:
    """A range as Excel hands it over: Thai headers, then values (floats, datetimes, Thai labels)."""
    t = INSTITUTION.table(table_key)
    cols = t.input_columns
    out = [[c.header for c in cols]]
    for r in rows:
        out.append([r.get(c.key) for c in cols])
    return out


SHARES = grid("shares", [
    {"date": dt.datetime(2025, 9, 1), "receipt_no": "S1", "group_id": "G1", "move": "ซื้อหุ้น", "units": 100.0,
     "par_value": 100.0, "amount": 10000.0},
    {"date": "15/03/2569", "receipt_no": "S2", "group_id": "G1", "move": "ถอนหุ้น", "units": 20.0,
     "par_value": 100.0, "amount": 2000.0},
])
LOANS = grid("intergroup_loans", [
    {"loan_no": "L1", "group_id": "G2", "date": dt.datetime(2025, 10, 1), "principal": 12000.0,
     "annual_rate": 0.12, "interest_method": "ลดต้นลดดอก", "term_months": 12.0,
     "first_due": dt.datetime(2025, 11, 1)},
])
REPAYMENTS = grid("loan_repayments", [
    {"loan_no": "L1", "date": dt.datetime(2025, 11, 1), "principal_paid": 1000.0, "interest_paid": 120.0},
    {"loan_no": "L1", "date": dt.datetime(2025, 12, 1), "principal_paid": 1000.0, "interest_paid": 110.0},
])


def test_share_balance_from_a_range() -> None:
    """G1: 10,000 bought, 2,000 withdrawn on 15/03/2569 (typed as text) → 8,000 after, 10,000 before."""
    assert u.CMFI_SHARE_BALANCE("G1", "2026-09-30", SHARES) == 8000.0
    assert u.CMFI_SHARE_BALANCE("g1", dt.datetime(2026, 3, 14), SHARES) == 10000.0
    assert u.CMFI_SHARE_BALANCE("G7", None, SHARES) == 0.0


def test_loan_outstanding_and_schedule_from_ranges() -> None:
    assert u.CMFI_LOAN_OUTSTANDING("L1", dt.datetime(2025, 11, 30), LOANS, REPAYMENTS) == 11000.0
    assert u.CMFI_LOAN_OUTSTANDING("L1", "01/12/2568", LOANS, REPAYMENTS) == 10000.0
    sched = u.CMFI_LOAN_SCHEDULE("L1", LOANS)
    assert sched[0][0] == "งวด" and len(sched) == 13
    assert sched[1][1:] == [dt.date(2025, 11, 1), 12000.0, 1000.0, 120.0, 1120.0, 11000.0]
    assert sched[-1][-1] == 0.0
    with pytest.raises(ValueError, match="ไม่พบสัญญา"):
        u.CMFI_LOAN_OUTSTANDING("L9", None, LOANS, REPAYMENTS)


class _Table:
    def __init__(self, name, values):
        self.name = name
        self.range = type("R", (), {"value": values})()


class _Sheet:
    def __init__(self, tables):
        self.tables = tables


def fake_caller(**tables):
    """What xlwings passes as ``caller``: a Range whose ``.sheet.book.sheets[i].tables`` we read."""
    sheets = [_Sheet([]), _Sheet([_Table(k, v) for k, v in tables.items()])]
    book = type("B", (), {"sheets": sheets})()
    return type("C", (), {"sheet": type("S", (), {"book": book})()})()


def test_reading_tables_through_the_caller() -> None:
    caller = fake_caller(tblShares=SHARES, tblInterGroupLoans=LOANS, tblLoanRepayments=REPAYMENTS)
    assert u.CMFI_SHARE_BALANCE("G1", "30/09/2569", caller=caller) == 8000.0
    assert u.CMFI_LOAN_OUTSTANDING("L1", "31/12/2568", caller=caller) == 10000.0
    with pytest.raises(ValueError, match="tblShares"):
        u.CMFI_SHARE_BALANCE("G1", caller=fake_caller())
    with pytest.raises(ValueError):
        u.CMFI_SHARE_BALANCE("G1")  # neither a range nor a caller


def test_thai_date_bahttext_citizen_id() -> None:
    assert u.CMFI_THAIDATE(dt.datetime(2025, 1, 15)) == "15 มกราคม 2568"
    assert u.CMFI_THAIDATE("15/01/2568", "short") == "15 ม.ค. 2568"
    assert u.CMFI_THAIDATE(45672.0, "numeric") == "15/01/2568"  # an Excel serial
    with pytest.raises(ValueError):
        u.CMFI_THAIDATE("31/02/2568")
    assert u.CMFI_BAHTTEXT(1234.5) == "หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์"
    assert u.CMFI_BAHTTEXT(D("0.25")) == "ยี่สิบห้าสตางค์"
    assert u.CMFI_BAHTTEXT(2.675) == "สองบาทหกสิบแปดสตางค์"
    assert u.CMFI_CITIZEN_ID_OK("1-1017-00203-45-0") is True
    assert u.CMFI_CITIZEN_ID_OK(1101700203450.0) is True
    assert u.CMFI_CITIZEN_ID_OK("1101700203451") is False


_META_SCRIPT = textwrap.dedent("""
    import io, json, sys, types
    for name in ("pythoncom", "pywintypes", "win32com", "win32com.client"):
        sys.modules[name] = types.ModuleType(name)
    sys.modules["pythoncom"].CoInitialize = lambda: None
    sys.modules["pywintypes"].com_error = Exception
    sys.modules["win32com.client"].Dispatch = lambda *a, **k: None
    sys.modules["win32com"].client = sys.modules["win32com.client"]
    import xlwings as xw
    stub = xw.func
    import xlwings.udfs as xu
    xw.func, xw.arg, xw.ret = xu.xlfunc, xu.xlarg, xu.xlret
    sys.path.insert(0, sys.argv[1])
    import cmfi_udfs
    buf = io.StringIO()
    class WB:
        Name = "cmfi.xlsm"
    xu.generate_vba_wrapper("cmfi_udfs", cmfi_udfs, buf, WB())
    meta = {f.__name__: f.__xlfunc__ for f in cmfi_udfs.UDFS}
    print(json.dumps({"stub_module": stub.__module__, "meta": meta, "vba": buf.getvalue()}, default=str))
""")


@pytest.fixture(scope="module")
def xlmeta() -> dict:
    out = subprocess.run([sys.executable, "-c", _META_SCRIPT, str(UDF_DIR)], capture_output=True, text=True,
                         timeout=120, check=True)
    return json.loads(out.stdout)


def test_on_linux_xw_func_is_a_pass_through_stub() -> None:
    import xlwings as xw
    if sys.platform.startswith("win"):
        pytest.skip("on Windows the real decorators are used")
    assert not hasattr(u.CMFI_BAHTTEXT, "__xlfunc__")  # the stub records nothing
    assert xw.func(u.CMFI_BAHTTEXT) is u.CMFI_BAHTTEXT


def test_xlwings_metadata_and_vba_declarations(xlmeta) -> None:
    meta, vba = xlmeta["meta"], xlmeta["vba"]
    assert set(meta) == {"CMFI_SHARE_BALANCE", "CMFI_LOAN_OUTSTANDING", "CMFI_LOAN_SCHEDULE", "CMFI_THAIDATE",
                         "CMFI_BAHTTEXT", "CMFI_CITIZEN_ID_OK"}
    for name, m in meta.items():
        assert m["category"] == "CMFI"
        doc = m["ret"]["doc"]
        assert any("\u0e00" <= ch <= "\u0e7f" for ch in doc[:255]), name  # Thai help within Excel's 255
        for a in m["args"]:
            assert a["options"] == {} or a["name"] == "caller", (name, a)  # no converter from type hints
            if a["name"] != "caller":
                assert not a["doc"].startswith("Positional"), (name, a["name"])
                assert len(a["doc"]) <= 255
    assert "Function CMFI_SHARE_BALANCE(group, Optional as_of, Optional shares)" in vba
    assert "Function CMFI_LOAN_OUTSTANDING(loan, Optional as_of, Optional loans, Optional repayments)" in vba
    assert "Function CMFI_THAIDATE(date, Optional style)" in vba
    assert "Function CMFI_BAHTTEXT(amount)" in vba and "Function CMFI_CITIZEN_ID_OK(citizen_id)" in vba
    assert 'Array(group, as_of, shares, Nothing)' in vba  # caller injected by xlwings, hidden from Excel
    assert meta["CMFI_LOAN_SCHEDULE"]["ret"]["options"] == {"expand": "table"}
