"""Turn the committee's approved plan rows into register rows (pure).

For each approved row: every listed old contract is closed, one debt-transfer row per old
contract records where its money went, and one new contract with the receiving group replaces
them. Money is conserved: the new principal equals the sum of the old contracts' principal plus
arrears, and so does the sum of the transfer rows. Applying twice changes nothing the second
time: a row whose contracts are already closed by an earlier application is skipped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from cmfi_xl.core.issues import Issue, Message, Severity, register_codes
from cmfi_xl.core.models import InstitutionBook
from cmfi_xl.validate.locate import Locator

from .instance import arrears_of

register_codes({
    "D001": Message(severity=Severity.ERROR, th="สัญญา \"{ref}\" ในแผนไม่พบในทะเบียนสัญญาเงินกู้ หรือไม่ใช่ของครัวเรือนนี้",
                    en="Contract \"{ref}\" of the plan is not an open contract of this household"),
    "D002": Message(severity=Severity.ERROR, th="ยอดเงินในแผน ({planned}) ไม่ตรงกับยอดในทะเบียน ({actual}) — แผนล้าสมัย กรุณาวางแผนใหม่",
                    en="The planned amount ({planned}) differs from the registers ({actual}); the plan is stale, plan again"),
    "D003": Message(severity=Severity.INFO, th="บันทึกไว้แล้วก่อนหน้านี้ — ไม่บันทึกซ้ำ",
                    en="Already applied earlier; not applied again"),
    "D004": Message(severity=Severity.ERROR, th="แถวที่อนุมัติไม่มีกลุ่มที่รับโอนหรือสัญญาที่โอน",
                    en="An approved row names no receiving group or no contracts"),
})

NEW_CONTRACT_PREFIX = "รวม-"


def unique_number(base: str, used: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``… — the first not in ``used`` (casefolded), which it joins."""
    number, k = base, 1
    while number.casefold() in used:
        k += 1
        number = f"{base}-{k}"
    used.add(number.casefold())
    return number


@dataclass
class Application:
    transfers: list[dict[str, Any]] = field(default_factory=list)  # tblDebtTransfers rows
    new_contracts: list[dict[str, Any]] = field(default_factory=list)  # tblContracts rows
    close: list[str] = field(default_factory=list)  # contract numbers to set to ปิดสัญญา
    applied: list[str] = field(default_factory=list)  # household ids
    issues: list[Issue] = field(default_factory=list)


def apply_rows(book: InstitutionBook, rows: list[dict[str, Any]], loc: Locator, *, on: dt.date,
               resolution: str = "แผนหนี้ที่คณะกรรมการอนุมัติ") -> Application:
    out = Application()
    contracts = {c.contract_no.casefold(): c for c in book.contracts if c.contract_no}
    existing_transfers = {t.transfer_no for t in book.debt_transfers if t.transfer_no}
    used_numbers = set(contracts) | {t.casefold() for t in existing_transfers}
    for row in rows:
        if row.get("approved") != "yes":
            continue
        r, hh = row["row"], row.get("household_id")
        olds = [x.strip() for x in (row.get("old_contracts") or "").split(",") if x.strip()]
        group = row.get("to_group")
        if not group or not olds:
            out.issues.append(loc.issue("D004", "debt_plan", r, "approved", value="ใช่"))
            continue
        found = [contracts.get(o.casefold()) for o in olds]
        if all(c is not None and not c.is_open for c in found):
            out.issues.append(loc.issue("D003", "debt_plan", r, "household_id", value=hh))
            continue
        bad = [o for o, c in zip(olds, found, strict=True) if c is None or not c.is_open or c.household_id != hh]
        if bad:
            out.issues.extend(loc.issue("D001", "debt_plan", r, "old_contracts", value=o, ref=o) for o in bad)
            continue
        amounts = [(c.principal or Decimal(0)) + arrears_of(c) for c in found]  # type: ignore[union-attr]
        total = sum(amounts, Decimal(0))
        if row.get("amount") is not None and row["amount"] != total:
            out.issues.append(loc.issue("D002", "debt_plan", r, "amount", value=row["amount"],
                                        planned=f"{row['amount']:,.2f}", actual=f"{total:,.2f}"))
            continue
        new_no = unique_number(f"{NEW_CONTRACT_PREFIX}{hh}", used_numbers)
        for n, (c, amt) in enumerate(zip(found, amounts, strict=True), 1):
            assert c is not None
            tno = f"T-{new_no}-{n}"
            out.transfers.append({
                "transfer_no": tno, "date": on, "household_id": hh, "from_contract": c.contract_no,
                "from_lender": c.lender, "to_group": group, "new_contract": new_no, "amount": amt,
                "resolution": resolution if c.lender != group else f"{resolution} (รวมสัญญาในกลุ่มเดิม)",
            })
            out.close.append(c.contract_no)  # type: ignore[arg-type]
        out.new_contracts.append({
            "household_id": hh, "lender": group, "contract_no": new_no, "start_date": on, "principal": total,
            "annual_rate": row.get("rate"), "interest_method": "declining",
            "monthly_installment": row.get("instalment"), "months_in_arrears": 0, "status": "open",
        })
        out.applied.append(hh)
    return out



