"""The institution's books (issue 4): shares, inter-group loans, welfare, cash and bank,
statements and the year-end allocation.

Pure: records and settings in, results and located issues out. No openpyxl, no xlwings here.
Money is ``Decimal`` rounded half up to satang. See ``docs/books.md``.
"""

from __future__ import annotations

from . import codes as _codes  # noqa: F401  (registers the B-codes)
from .allocation import AllocationResult, GroupPart, Pool, allocate, divide, interest_paid_by_group
from .cashbook import (BalanceSheet, CashBookResult, CashRow, IncomeStatement, Line, MonthEnd, ReconLine,
                       balance_sheet, income_statement, line_of, reconcile, run_cash_book)
from .closing import check_closed_months, close_month, month_seal, row_digest
from .grid import records_from_grid
from .loans import (LoanPosition, Schedule, ScheduleRow, check_repayments, convention_text, loan_position,
                    loan_positions, loan_schedule, outstanding_principal)
from .run import BooksResult, run_books, tie_outs
from .settings import (POOL_NAMES, POOLS, Allocation, BooksSettings, ClosedMonth, PassbookBalance,
                       check_settings)
from .shares import (ShareBalance, ShareMovement, check_shares, share_balances, share_movements,
                     share_months)
from .welfare import WelfareReport, welfare_report

__all__ = [
    "Allocation", "AllocationResult", "BalanceSheet", "BooksResult", "BooksSettings", "CashBookResult",
    "CashRow", "ClosedMonth", "GroupPart", "IncomeStatement", "Line", "LoanPosition", "MonthEnd",
    "POOLS", "POOL_NAMES", "PassbookBalance", "Pool", "ReconLine", "Schedule", "ScheduleRow",
    "ShareBalance", "ShareMovement", "WelfareReport", "allocate", "balance_sheet", "check_closed_months",
    "check_repayments", "check_settings", "check_shares", "close_month", "convention_text", "divide",
    "income_statement", "interest_paid_by_group", "line_of", "loan_position", "loan_positions",
    "loan_schedule", "month_seal", "outstanding_principal", "reconcile", "records_from_grid",
    "row_digest", "run_books", "run_cash_book", "share_balances", "share_months", "share_movements",
    "tie_outs", "welfare_report",
]
