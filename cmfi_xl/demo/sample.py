"""A realistic sample institution, generated with a fixed seed (the demo's built-in data).

About 8 member groups, 300 households and 700 loan contracts with Thai names, in fiscal year
2569 (1 Oct 2025 – 30 Sep 2026). Every register gets rows, and the data passes ``check``.
The generator returns plain dicts keyed by the schema's column keys (choice values as codes),
the same shape :func:`cmfi_xl.xlsx.build.build_workbook` fills.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from cmfi_xl.books import close_month, loan_schedule
from cmfi_xl.books._util import add_months as _add_months
from cmfi_xl.books._util import month_end
from cmfi_xl.core.models import CashBookEntry, InterGroupLoan
from cmfi_xl.core.thai import citizen_id_check_digit

FIRST_NAMES = (
    "สมชาย", "สมศรี", "บุญมี", "ประเสริฐ", "มาลี", "สุดารัตน์", "วิชัย", "อำนวย", "จันทร์เพ็ญ", "ทองใบ",
    "สมพร", "บุญเรือน", "ประยูร", "สายทอง", "คำปุ่น", "บัวผัน", "สมบัติ", "วันเพ็ญ", "เสาวลักษณ์", "ณรงค์",
    "พรทิพย์", "สุพัตรา", "ชูชาติ", "อรุณี", "ไพโรจน์", "ลำดวน", "บุญส่ง", "กาญจนา", "ธีระ", "สมหมาย",
)
SURNAMES = (
    "ใจดี", "ศรีสุข", "บุญมา", "ทองดี", "แก้วมณี", "สุขสวัสดิ์", "พรหมมา", "จันทร์แก้ว", "ศรีบุญเรือง",
    "คำแสน", "ปัญญาดี", "มีสุข", "วงศ์ใหญ่", "สิทธิโชค", "ทองคำ", "บุญเกิด", "แสงทอง", "ไชยวงศ์",
    "อินทร์แก้ว", "ภูมิใจ",
)
GROUPS = (
    ("G01", "กลุ่มออมทรัพย์เพื่อการผลิตบ้านหนองบัว", "savings", Decimal("0.12"), 420),
    ("G02", "กองทุนหมู่บ้านหนองบัว", "village_fund", Decimal("0.06"), 310),
    ("G03", "กองทุน กข.คจ. บ้านหนองบัว", "kkkj", Decimal("0"), 95),
    ("G04", "กลุ่มอาชีพทอผ้าไหม", "occupational", Decimal("0.10"), 38),
    ("G05", "กลุ่มผู้ใช้น้ำฝายห้วยทราย", "water_users", Decimal("0.08"), 120),
    ("G06", "กลุ่มผู้ผลิตน้ำดื่มชุมชน", "drinking_water", Decimal("0.09"), 25),
    ("G07", "กองทุนสวัสดิการชุมชนตำบลหนองบัว", "welfare", Decimal("0.06"), 510),
    ("G08", "กลุ่มเฉพาะกิจบ้านหนองบัว", "adhoc", Decimal("0.10"), 17),
)
FY = 2569
FY_START = dt.date(2025, 10, 1)
PAR = Decimal("100")


def _citizen_id(rng: random.Random) -> str:
    first12 = str(rng.choice((1, 3, 5))) + "".join(str(rng.randrange(10)) for _ in range(11))
    return first12 + str(citizen_id_check_digit(first12))


def _day(rng: random.Random, start: dt.date = FY_START, span: int = 360) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(span))


def _withdrawals_after_their_units(shares: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The share rows (in drawing order) sorted by date, so that no balance goes below zero.

    The dates are drawn independently of the balances the draws relied on, so a seed may date a
    withdrawal before the purchases it withdraws from. Then every withdrawal is re-dated to no
    earlier than the rows of its group drawn before it (receipt numbers follow the drawing order
    and break ties), which makes every date-ordered balance at least the drawing-order balance.
    A seed whose balances never go below zero is returned unchanged, only sorted."""
    def ordered() -> list[dict[str, Any]]:
        return sorted(shares, key=lambda s: (s["date"], s["receipt_no"]))

    held: dict[str, int] = {}
    for s in ordered():
        held[s["group_id"]] = held.get(s["group_id"], 0) + (-s["units"] if s["move"] == "withdraw" else s["units"])
        if held[s["group_id"]] < 0:
            break
    else:
        return ordered()
    latest: dict[str, dt.date] = {}
    for s in shares:
        g = s["group_id"]
        if s["move"] == "withdraw" and g in latest:
            s["date"] = max(s["date"], latest[g])
        latest[g] = max(latest.get(g, s["date"]), s["date"])
    return ordered()


def _money(rng: random.Random, lo: int, hi: int, step: int = 500) -> Decimal:
    return Decimal(rng.randrange(lo // step, hi // step + 1) * step)


#: The books' settings of the sample (the rest keep their defaults).
BOOKS_VALUES: dict[str, Any] = {
    "min_share_units": 10, "penalty_rate": Decimal("0.12"), "penalty_grace_days": 7,
    "opening_cash": Decimal("60000"), "opening_reserve": Decimal("45000"),
    "opening_welfare_fund": Decimal("80000"), "opening_grants_fund": Decimal("50000"),
}


def _settings() -> list[dict[str, Any]]:
    from cmfi_xl.xlsx.build import default_settings_rows

    rows = default_settings_rows()
    for r in rows:
        if r["key"] in BOOKS_VALUES:
            r["value"] = BOOKS_VALUES[r["key"]]
    return rows


def _passbook(cash: list[dict[str, Any]], accounts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Month-end passbook balances as the bank printed them: equal to the books, except that in
    March 2026 the bank had already charged a 150-baht fee the books have not recorded yet."""
    bal = {a["account_id"]: a["opening_balance"] for a in accounts}
    rows: list[dict[str, Any]] = []
    months = sorted({month_end(c["date"]) for c in cash})
    i = 0
    for end in months:
        while i < len(cash) and cash[i]["date"] <= end:
            c = cash[i]
            if c.get("bank_account"):
                bal[c["bank_account"]] += (c.get("bank_in") or 0) - (c.get("bank_out") or 0)
            i += 1
        for acct in ("B1",) + (("B2",) if end.month in (12, 3, 6, 9) else ()):
            fee = Decimal("150") if (acct, end) == ("B1", dt.date(2026, 3, 31)) else Decimal(0)
            rows.append({"account_id": acct, "date": end, "balance": bal[acct] - fee,
                         "note": "ธนาคารหักค่าธรรมเนียม 150 บาท ยังไม่ได้บันทึก" if fee else None})
    return rows


def _closed(cash: list[dict[str, Any]], months: tuple[dt.date, ...]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Months the committee has closed, with their seals (as ``cmfi-xl books --close-month`` writes)."""
    entries = [CashBookEntry(**c) for c in cash]
    closed, seals = [], []
    for m in months:
        cm = close_month(entries, m, closed_on=month_end(m) + dt.timedelta(days=5))
        closed.append({"month": cm.month, "closed_on": cm.closed_on, "seal": cm.seal})
        seals += [{"month": cm.month, "doc_no": doc, "digest": dg} for doc, dg in sorted(cm.rows.items())]
    return closed, seals


def sample_institution(seed: int = 2569, households: int = 300) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """(profile, data) for one institution."""
    rng = random.Random(seed)
    profile: dict[str, Any] = {
        "name": "สถาบันการจัดการเงินทุนชุมชนบ้านหนองบัว",
        "village_code": "34140507",
        "village_name": "บ้านหนองบัว",
        "tambon": "หนองบัว",
        "amphoe": "ตระการพืชผล",
        "province": "อุบลราชธานี",
        "operating_model": "1",
        "founded_on": dt.date(2012, 6, 15),
        "fiscal_year": FY,
        "regulations_date": dt.date(2012, 7, 1),
        "regulations_clauses": 42,
        "office": "ศาลาประชาคมบ้านหนองบัว หมู่ที่ 7",
        "phone": "045-000-000",
        "chair_name": "นายสมชาย ใจดี",
        "bookkeeper_name": "นางมาลี ศรีสุข",
        "prepared_on": dt.date(2026, 9, 30),
    }
    data: dict[str, list[dict[str, Any]]] = {}
    data["member_groups"] = [
        {"group_id": gid, "name": name, "group_type": gtype, "joined_on": dt.date(2012 + i % 4, 7, 1),
         "people": people, "capital": _money(rng, 200_000, 3_000_000, 10_000), "lending_rate": rate,
         "status": "active"}
        for i, (gid, name, gtype, rate, people) in enumerate(GROUPS)
    ]
    gids = [g[0] for g in GROUPS]

    def person() -> str:
        return f"{rng.choice(('นาย', 'นาง', 'นางสาว'))}{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"

    roles = ["chair", "vice_chair", "secretary", "treasurer", "member", "member", "member", "member",
             "auditor", "member", "member"]
    committee = []
    for i, role in enumerate(roles):
        kind = "leader" if i in (4, 9, 10) else "group_rep"
        committee.append({"name": person(), "role": role, "kind": kind,
                          "group_id": gids[i % len(gids)] if kind == "group_rep" else None,
                          "term_start": dt.date(2024, 10, 1), "term_end": dt.date(2028, 9, 30)})
    data["committee"] = committee

    shares = []
    for n, gid in enumerate(gids, 1):  # opening purchases before the fiscal year, then movements
        units = rng.randrange(50, 400)
        shares.append({"date": dt.date(2024, 10, 15), "receipt_no": f"R67-{n:03d}", "group_id": gid,
                       "move": "buy", "units": units, "par_value": PAR, "amount": PAR * units})
    balances = {s["group_id"]: s["units"] for s in shares}
    for n in range(1, 61):
        gid = rng.choice(gids)
        if rng.random() < 0.2 and balances[gid] > 20:
            units, move = rng.randrange(1, balances[gid] // 4 + 1), "withdraw"
            balances[gid] -= units
        else:
            units, move = rng.randrange(5, 60), "buy"
            balances[gid] += units
        shares.append({"date": _day(rng), "receipt_no": f"R69-{n:03d}", "group_id": gid, "move": move,
                       "units": units, "par_value": PAR, "amount": PAR * units,
                       "note": "ถอนหุ้นบางส่วน" if move == "withdraw" else None})
    data["shares"] = _withdrawals_after_their_units(shares)

    hh, memberships, contracts = [], [], []
    lenders = gids[:7] + ["ธ.ก.ส.", "ธนาคารออมสิน", "เงินกู้นอกระบบ", "สหกรณ์"]
    weights = [30, 26, 8, 4, 6, 3, 5, 12, 6, 3, 2]
    n_contracts = 0
    for i in range(1, households + 1):
        hid = f"H{i:03d}"
        hh.append({"household_id": hid, "house_no": f"{rng.randrange(1, 250)}/{rng.randrange(1, 9)}"
                   if rng.random() < 0.3 else str(rng.randrange(1, 250)),
                   "head_name": person(), "citizen_id": _citizen_id(rng) if rng.random() < 0.6 else None,
                   "members": rng.randrange(1, 8)})
        joined = rng.sample(gids[:2], k=rng.choice((1, 2))) + ([rng.choice(gids[3:])] if rng.random() < 0.3 else [])
        for gid in joined:
            memberships.append({"household_id": hid, "group_id": gid,
                                "savings": _money(rng, 600, 60_000, 50),
                                "special_savings": _money(rng, 0, 20_000, 100) if rng.random() < 0.3 else None})
        k = rng.choices((0, 1, 2, 3, 4, 5), weights=(8, 22, 30, 24, 11, 5))[0]
        for lender in rng.choices(lenders, weights=weights, k=k):
            n_contracts += 1
            rate = {"G03": Decimal("0"), "เงินกู้นอกระบบ": Decimal("0.60")}.get(
                lender, Decimal(rng.choice(("0.06", "0.07", "0.08", "0.10", "0.12"))))
            principal = _money(rng, 3_000, 20_000 if lender in gids else 150_000, 500)
            arrears = rng.choices((0, 0, 0, 0, 1, 2, 4))[0]
            contracts.append({
                "household_id": hid, "lender": lender, "contract_no": f"C{n_contracts:04d}",
                "start_date": dt.date(2023 + rng.randrange(3), rng.randrange(1, 13), rng.randrange(1, 28)),
                "principal": principal, "annual_rate": rate,
                "interest_method": "none" if rate == 0 else rng.choice(("declining", "declining", "flat")),
                "monthly_installment": (principal / 24).quantize(Decimal("1")),
                "months_in_arrears": arrears,
                "arrears_amount": (principal / 24 * arrears).quantize(Decimal("0.01")) if arrears else None,
                "status": "open",
            })
    data["households"], data["memberships"], data["contracts"] = hh, memberships, contracts

    data["bank_accounts"] = [
        {"account_id": "B1", "bank": "ธ.ก.ส.", "branch": "ตระการพืชผล", "account_no": "020-1-23456-7",
         "account_type": "savings", "opening_balance": Decimal("685000.00")},
        {"account_id": "B2", "bank": "ธนาคารออมสิน", "branch": "ตระการพืชผล", "account_no": "0200-1234-5678",
         "account_type": "fixed", "opening_balance": Decimal("300000.00")},
    ]
    loans, repayments = [], []
    styles = {"G04": ("declining", None), "G05": ("declining", "annuity"), "G06": ("flat", None),
              "G08": ("declining", None)}
    for n, gid in enumerate(("G04", "G05", "G06", "G08"), 1):
        principal = _money(rng, 50_000, 200_000, 10_000)
        date = dt.date(2025, 10, 20) + dt.timedelta(days=15 * n)
        method, style = styles[gid]
        loan = {"loan_no": f"L69-{n:02d}", "group_id": gid, "date": date, "principal": principal,
                "annual_rate": Decimal("0.06"), "interest_method": method, "term_months": 24,
                "first_due": _add_months(date, 1), "repayment_style": style}
        loans.append(loan)
        schedule, _ = loan_schedule(InterGroupLoan(**loan))
        assert schedule is not None
        due = [r for r in schedule.rows if r.due <= dt.date(2026, 9, 30)]
        paid = len(due) if gid != "G08" else 3  # G08 stops paying: in arrears, with penalty interest
        for m, inst in enumerate(due[:paid], 1):
            late = 20 if (gid, m) == ("G05", 2) else 0  # one instalment paid 20 days late
            repayments.append({"loan_no": loan["loan_no"], "date": inst.due + dt.timedelta(days=late),
                               "receipt_no": f"P69-{n:02d}{m:02d}", "principal_paid": inst.principal,
                               "interest_paid": inst.interest,
                               "penalty_paid": Decimal("40.00") if late else None})
    data["intergroup_loans"], data["loan_repayments"] = loans, repayments

    welfare = []
    for n in range(1, 41):
        kind = rng.choice(("birth", "illness", "death", "elderly", "disaster", "education"))
        amount = {"birth": 500, "illness": 300, "death": 3000, "elderly": 600, "disaster": 2000,
                  "education": 1000}[kind]
        welfare.append({"date": _day(rng), "voucher_no": f"W69-{n:03d}", "group_id": rng.choice(("G01", "G07")),
                        "kind": kind, "beneficiary": person(), "amount": Decimal(amount),
                        "reason": {"illness": "นอนโรงพยาบาล", "death": "ค่าทำศพ"}.get(kind)})
    data["welfare"] = sorted(welfare, key=lambda w: (w["date"], w["voucher_no"]))
    data["welfare_rules"] = [
        {"kind": k, "ceiling": Decimal(c), "eligibility": e} for k, c, e in (
            ("birth", 500, "สมาชิกกลุ่มครบ 6 เดือน คลอดบุตร ครั้งละ 1 คน"),
            ("illness", 500, "นอนโรงพยาบาลตั้งแต่ 1 คืน ปีละไม่เกิน 3 ครั้ง"),
            ("death", 3000, "สมาชิกกลุ่มเสียชีวิต จ่ายทายาท"),
            ("elderly", 600, "อายุ 60 ปีขึ้นไป ปีละครั้ง"),
            ("disaster", 2000, "บ้านเสียหายจากอัคคีภัย วาตภัย อุทกภัย"),
            ("education", 1000, "บุตรสมาชิกเรียนดี ปีละ 1 ทุน"),
            ("other", 500, "ตามมติคณะกรรมการ"))]

    cash: list[dict[str, Any]] = []
    for s in data["shares"]:
        if s["date"] >= FY_START:
            buy = s["move"] == "buy"
            cash.append({"date": s["date"], "description": f"{'รับ' if buy else 'จ่ายคืน'}ค่าหุ้น {s['group_id']}",
                         "category": "share_in" if buy else "share_out",
                         "cash_in": s["amount"] if buy else None, "cash_out": None if buy else s["amount"]})
    for ln in loans:
        cash.append({"date": ln["date"], "description": f"จ่ายเงินกู้ {ln['loan_no']} ให้ {ln['group_id']}",
                     "category": "loan_out", "bank_account": "B1", "bank_out": ln["principal"]})
    for rp in repayments:  # principal, interest and penalty are separate lines: each moves its own account
        for cat, key, what in (("loan_principal_in", "principal_paid", "เงินต้น"),
                               ("loan_interest_in", "interest_paid", "ดอกเบี้ย"),
                               ("penalty_in", "penalty_paid", "ค่าปรับ")):
            if rp.get(key):
                cash.append({"date": rp["date"], "description": f"รับชำระ{what} {rp['loan_no']} ({rp['receipt_no']})",
                             "category": cat, "cash_in": rp[key]})
    for w in data["welfare"]:
        cash.append({"date": w["date"], "description": f"จ่ายสวัสดิการ {w['voucher_no']}", "category": "welfare_out",
                     "cash_out": w["amount"]})
    for m in range(12):
        d = dt.date(2025 + (9 + m) // 12, (9 + m) % 12 + 1, 25)
        cash.append({"date": d, "description": "นำเงินสดฝากธนาคาร", "category": "transfer",
                     "cash_out": Decimal("15000"), "bank_account": "B1", "bank_in": Decimal("15000")})
        cash.append({"date": d, "description": "ค่าเครื่องเขียนและถ่ายเอกสาร", "category": "expense_out",
                     "cash_out": Decimal(rng.randrange(150, 900))})
        cash.append({"date": d, "description": "ค่าธรรมเนียมสมาชิกและค่าบริการ", "category": "other_in",
                     "cash_in": Decimal(rng.randrange(800, 2000))})
    cash += [
        {"date": dt.date(2025, 12, 10), "description": "เงินอุดหนุนจาก อบต.หนองบัว", "category": "grant_in",
         "bank_account": "B1", "bank_in": Decimal("100000")},
        {"date": dt.date(2026, 1, 15), "description": "เงินบริจาคงานบุญประจำปี", "category": "donation_in",
         "cash_in": Decimal("12500")},
        {"date": dt.date(2026, 2, 2), "description": "กู้เงิน ธ.ก.ส. เพื่อให้กลุ่มกู้ต่อ", "category": "borrow_in",
         "bank_account": "B1", "bank_in": Decimal("150000")},
        {"date": dt.date(2026, 8, 2), "description": "ชำระคืนเงินกู้ ธ.ก.ส. บางส่วน", "category": "borrow_repay",
         "bank_account": "B1", "bank_out": Decimal("30000")},
        {"date": dt.date(2026, 3, 31), "description": "ดอกเบี้ยเงินฝาก ธ.ก.ส.", "category": "bank_interest_in",
         "bank_account": "B1", "bank_in": Decimal("1284.50")},
        {"date": dt.date(2026, 9, 30), "description": "ดอกเบี้ยเงินฝากประจำ ออมสิน", "category": "bank_interest_in",
         "bank_account": "B2", "bank_in": Decimal("4500.00")},
        {"date": dt.date(2026, 4, 5), "description": "ค่าอาหารประชุม (บันทึกซ้ำ)", "category": "expense_out",
         "cash_out": Decimal("1200")},
        {"date": dt.date(2026, 4, 6), "description": "กลับรายการค่าอาหารประชุมที่บันทึกซ้ำ", "category": "expense_out",
         "cash_in": Decimal("1200"), "reverses": "?"},
        {"date": dt.date(2026, 4, 5), "description": "ค่าอาหารประชุมคณะกรรมการ", "category": "expense_out",
         "cash_out": Decimal("1200")},
    ]
    cash.sort(key=lambda c: (c["date"], c["category"], c["description"]))
    for n, c in enumerate(cash, 1):
        c["doc_no"] = f"D69-{n:04d}"
    dup = next(c for c in cash if c["description"] == "ค่าอาหารประชุม (บันทึกซ้ำ)")
    next(c for c in cash if c.get("reverses") == "?")["reverses"] = dup["doc_no"]
    data["cash_book"] = cash
    data["passbook"] = _passbook(cash, data["bank_accounts"])
    data["closed_months"], data["month_seals"] = _closed(cash, (dt.date(2025, 10, 1), dt.date(2025, 11, 1)))
    data["settings"] = _settings()

    transfers = []
    for n, c in enumerate([c for c in contracts if c["lender"] == "เงินกู้นอกระบบ"][:5], 1):
        c["status"] = "closed"  # the informal debt was bought out by the savings group
        contracts.append({**c, "lender": "G01", "contract_no": f"N69-{n:03d}", "start_date": dt.date(2026, 3, 1),
                          "annual_rate": Decimal("0.12"), "interest_method": "declining",
                          "months_in_arrears": 0, "arrears_amount": None, "status": "open"})
        transfers.append({"transfer_no": f"T69-{n:03d}", "date": dt.date(2026, 3, 1), "household_id": c["household_id"],
                          "from_contract": c["contract_no"], "from_lender": c["lender"], "to_group": "G01",
                          "new_contract": f"N69-{n:03d}", "amount": c["principal"],
                          "resolution": "มติที่ประชุมคณะกรรมการ ครั้งที่ 3/2569"})
    data["debt_transfers"] = transfers
    meetings = [{"meeting_no": f"{m}/2569", "date": dt.date(2025 + (m + 8) // 12, (m + 8) % 12 + 1, 5),
                 "kind": "committee", "attendees": rng.randrange(7, 12),
                 "resolutions": "รับรองรายงานการเงินประจำเดือน"} for m in range(1, 11)]
    meetings.append({"meeting_no": "ใหญ่/2569", "date": dt.date(2026, 3, 20), "kind": "annual",
                     "attendees": 64, "resolutions": "อนุมัติงบการเงินและการจัดสรรกำไรปี 2568"})
    data["meetings"] = meetings
    policy = {  # lendable cash is tight on purpose: not every household can be consolidated
        "G01": (Decimal("900000"), Decimal("0.10"), Decimal("150000"), Decimal("5"), "yes", "yes"),
        "G02": (Decimal("500000"), Decimal("0.06"), Decimal("20000"), None, "no", "no"),
        "G04": (Decimal("60000"), Decimal("0.10"), Decimal("30000"), Decimal("3"), "no", "no"),
        "G05": (Decimal("120000"), Decimal("0.08"), Decimal("50000"), Decimal("4"), "yes", "no"),
        "G07": (Decimal("150000"), Decimal("0.06"), Decimal("40000"), Decimal("4"), "no", "yes"),
    }
    data["debt_policy"] = [
        {"group_id": gid, "lendable": lend, "rate": rate, "max_contract": cap, "savings_multiple": mult,
         "open_to_new_members": open_, "new_member_savings": Decimal("1000") if open_ == "yes" else None,
         "accepts_arrears": arrears, "can_consolidate": "yes"}
        for gid, (lend, rate, cap, mult, open_, arrears) in policy.items()
    ] + [{"group_id": "G03", "lendable": Decimal("0"), "can_consolidate": "no"}]
    data["plan_locks"] = [
        {"decision": "must_stay", "household_id": "H017", "resolution": "มติที่ประชุม 4/2569: รอผลคดี"},
        {"decision": "no_transfers", "group_id": "G06", "resolution": "มติที่ประชุม 4/2569"},
    ]
    data["action_plan"] = [
        {"activity": "อบรมคณะกรรมการด้านการบริหารหนี้", "month": dt.date(2025, 11, 1), "owner": "เลขานุการ",
         "budget": Decimal("5000"), "status": "done"},
        {"activity": "สำรวจหนี้ครัวเรือนและจัดทำแผน 1 ครัวเรือน 1 สัญญา", "month": dt.date(2026, 1, 1),
         "owner": "คณะกรรมการ", "budget": Decimal("3000"), "status": "doing"},
        {"activity": "ศึกษาดูงานสถาบันต้นแบบ", "month": dt.date(2026, 6, 1), "owner": "ประธาน",
         "budget": Decimal("15000"), "status": "planned"},
    ]
    return profile, data
