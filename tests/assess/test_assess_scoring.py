"""Each computable indicator on small hand-worked books (real .xlsx written and read back)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from cmfi_xl.assess import Context, load_form
from cmfi_xl.assess.scoring import COMPUTATIONS

from assess_helpers import contract, group, household, rep

FORM, _ = load_form()


def score(name: str, book, loc, **ctx_kw):  # type: ignore[no-untyped-def]
    ind = next(i for i in FORM.indicators if i.compute == name)
    return COMPUTATIONS[name](ind, Context(book, loc, **ctx_kw))


def test_committee_half_rule_and_every_group_represented(make_book) -> None:  # type: ignore[no-untyped-def]
    groups = [group("G1"), group("G2", "village_fund")]
    # 2 reps, 2 leaders: 2 > 2 // 2 → the half rule fails → 1
    book, loc, _ = make_book(member_groups=groups, committee=[rep("ก", "G1"), rep("ข", "G2"), rep("ค", None, "leader"),
                                                              rep("ง", None, "leader")])
    c = score("committee_origin", book, loc)
    assert c.score == 1 and c.facts["reps"] == 2 and c.facts["leaders"] == 2
    assert c.evidence[0].ref == "คณะกรรมการ!A4:F7"
    # 2 reps, 1 leader but only G1 represented → 2, the unrepresented group is the evidence
    book, loc, _ = make_book(member_groups=groups, committee=[rep("ก", "G1"), rep("ข", "G1"), rep("ค", None, "leader")])
    c = score("committee_origin", book, loc)
    assert c.score == 2 and c.evidence[1].ref == "ทะเบียนสมาชิก!A5:J5"
    book, loc, _ = make_book(member_groups=groups, committee=[rep("ก", "G1"), rep("ข", "G2"), rep("ค", None, "leader")])
    assert score("committee_origin", book, loc).score == 3
    book, loc, _ = make_book(member_groups=groups)
    assert score("committee_origin", book, loc).score == 0


def _meeting(no: str, d: dt.date, kind: str = "committee") -> dict:
    return {"meeting_no": no, "date": d, "kind": kind, "attendees": 9, "resolutions": "รับรองรายงาน"}


def test_meetings_held_in_the_fiscal_year(make_book) -> None:  # type: ignore[no-untyped-def]
    # FY 2569 = 1 Oct 2025 – 30 Sep 2026; the Sep 2025 meeting belongs to the previous year
    rows = [_meeting(f"{m}", dt.date(2025, 10, 1) + dt.timedelta(days=30 * m)) for m in range(6)]
    rows.append(_meeting("old", dt.date(2025, 9, 5)))
    book, loc, _ = make_book(meetings=rows)
    c = score("meetings", book, loc)
    assert (c.score, c.facts["committee_meetings"], c.facts["annual_meetings"]) == (2, 6, 0)
    assert c.evidence[0].ref == "ทะเบียนการประชุม!A4:E9"
    rows12 = [_meeting(f"{m}", dt.date(2025, 10, 3) + dt.timedelta(days=30 * m)) for m in range(12)]
    book, loc, _ = make_book(meetings=rows12)
    assert score("meetings", book, loc).score == 2  # 12 meetings but no annual general meeting
    book, loc, _ = make_book(meetings=rows12 + [_meeting("AGM", dt.date(2026, 3, 1), "annual")])
    assert score("meetings", book, loc).score == 3
    book, loc, _ = make_book(meetings=[_meeting("old", dt.date(2025, 9, 5))])
    assert score("meetings", book, loc).score == 0


def test_members_are_groups(make_book) -> None:  # type: ignore[no-untyped-def]
    five = [group("G1"), group("G2", "village_fund"), group("G3", "kkkj"), group("G4"), group("G5")]
    book, loc, _ = make_book(member_groups=five)
    assert score("members_are_groups", book, loc).score == 3
    book, loc, _ = make_book(member_groups=[group("G1"), group("G2"), group("G3"), group("G4"), group("G5")])
    assert score("members_are_groups", book, loc).score == 2  # five groups but one type
    book, loc, _ = make_book(member_groups=[group("G1"), group("G2", status="left")])
    assert score("members_are_groups", book, loc).score == 1  # a group that left does not count


def _share(no: str, gid: str, units: int, move: str = "buy", d: dt.date = dt.date(2025, 11, 1)) -> dict:
    return {"date": d, "receipt_no": no, "group_id": gid, "move": move, "units": units, "par_value": Decimal(100),
            "amount": Decimal(100 * units)}


def _cash(no: str, cat: str, **kw) -> dict:  # type: ignore[no-untyped-def]
    return {"date": dt.date(2025, 12, 1), "doc_no": no, "description": cat, "category": cat, **kw}


def test_capital_sources(make_book) -> None:  # type: ignore[no-untyped-def]
    g = [group("G1"), group("G2")]
    book, loc, _ = make_book(member_groups=g, shares=[_share("R1", "G1", 10)])
    c = score("capital_sources", book, loc)
    assert c.score == 2 and c.facts["share_amount"] == Decimal(1000)
    book, loc, _ = make_book(member_groups=g, shares=[_share("R1", "G1", 10)],
                             cash_book=[_cash("D1", "donation_in", cash_in=Decimal(500))])
    c = score("capital_sources", book, loc)
    assert c.score == 3 and c.evidence[1].ref == "บัญชีรับ-จ่าย!A4:J4"
    book, loc, _ = make_book(member_groups=g, shares=[_share("R1", "G1", 10), _share("R2", "G1", 10, "withdraw")],
                             cash_book=[_cash("D1", "grant_in", cash_in=Decimal(500))])
    assert score("capital_sources", book, loc).score == 1  # shares all withdrawn, a grant only
    book, loc, _ = make_book(member_groups=g)
    assert score("capital_sources", book, loc).score == 0


def test_regulations_with_clause_count(make_book) -> None:  # type: ignore[no-untyped-def]
    book, loc, _ = make_book({"regulations_date": dt.date(2016, 1, 1), "regulations_clauses": 25})
    c = score("regulations", book, loc)
    assert c.score == 3 and c.facts["clauses"] == 25
    assert {e.ref for e in c.evidence} == {f"ข้อมูลสถาบัน!B{loc.profile_rows[k][0]}"
                                           for k in ("regulations_date", "regulations_clauses")}
    book, loc, _ = make_book({"regulations_date": dt.date(2016, 1, 1), "regulations_clauses": 12})
    assert score("regulations", book, loc).score == 2
    book, loc, _ = make_book({"regulations_clauses": 30})
    assert score("regulations", book, loc).score == 1
    book, loc, _ = make_book()
    assert score("regulations", book, loc).score == 0


def test_action_plan_exists(make_book) -> None:  # type: ignore[no-untyped-def]
    def item(a: str, status: str) -> dict:
        return {"activity": a, "month": dt.date(2026, 1, 1), "owner": "ประธาน", "budget": Decimal(100), "status": status}
    book, loc, _ = make_book(action_plan=[item("ก", "done"), item("ข", "doing"), item("ค", "planned")])
    assert score("action_plan", book, loc).score == 3
    book, loc, _ = make_book(action_plan=[item("ก", "planned"), item("ข", "planned"), item("ค", "done")])
    assert score("action_plan", book, loc).score == 2  # three activities, only one started
    book, loc, _ = make_book(action_plan=[item("ก", "planned")])
    assert score("action_plan", book, loc).score == 1
    book, loc, _ = make_book()
    assert score("action_plan", book, loc).score == 0


def test_registers_complete(make_book) -> None:  # type: ignore[no-untyped-def]
    g = [group("G1")]
    bank = [{"account_id": "B1", "bank": "ธ.ก.ส.", "account_no": "1"}]
    transfer = [{"transfer_no": "T1", "date": dt.date(2026, 1, 5), "household_id": "H1", "from_contract": "C1",
                 "from_lender": "G1", "to_group": "G1", "new_contract": "C2", "amount": Decimal(100)}]
    book, loc, _ = make_book(member_groups=g, shares=[_share("R1", "G1", 1)], bank_accounts=bank,
                             cash_book=[_cash("D1", "share_in", cash_in=Decimal(100))], debt_transfers=transfer,
                             households=[household("H1")], contracts=[contract("H1", "C1", status="closed"),
                                                                      contract("H1", "C2")])
    c = score("registers", book, loc)
    assert c.score == 3 and c.facts["registers"] == 5
    book, loc, _ = make_book(member_groups=g, shares=[_share("R1", "G1", 1)], bank_accounts=bank,
                             cash_book=[_cash("D1", "share_in", cash_in=Decimal(100))])
    assert score("registers", book, loc).score == 2  # no debt-transfer register
    book, loc, _ = make_book(member_groups=g)
    assert score("registers", book, loc).score == 0


def test_money_deposited_in_a_bank(make_book) -> None:  # type: ignore[no-untyped-def]
    bank = [{"account_id": "B1", "bank": "ธ.ก.ส.", "account_no": "1", "opening_balance": Decimal(0)}]
    cash = [_cash("D1", "other_in", cash_in=Decimal(1000)),
            _cash("D2", "transfer", cash_out=Decimal(900), bank_account="B1", bank_in=Decimal(900))]
    book, loc, _ = make_book(bank_accounts=bank, cash_book=cash)
    c = score("bank_deposits", book, loc)  # bank 900 of cash+bank 1,000 = 90 % ≥ 80 %
    assert (c.score, c.facts["bank_balance"], c.facts["cash_balance"], c.facts["bank_share"]) == (
        3, Decimal(900), Decimal(100), Decimal("90.00"))
    cash[1] = _cash("D2", "transfer", cash_out=Decimal(500), bank_account="B1", bank_in=Decimal(500))
    book, loc, _ = make_book(bank_accounts=bank, cash_book=cash)
    assert score("bank_deposits", book, loc).score == 2
    book, loc, _ = make_book(bank_accounts=bank)
    assert score("bank_deposits", book, loc).score == 1
    book, loc, _ = make_book()
    assert score("bank_deposits", book, loc).score == 0


def test_households_at_one_contract_before_and_after_the_plan(make_book) -> None:  # type: ignore[no-untyped-def]
    g = [group("G1"), group("G2", "village_fund")]
    hh = [household("H1"), household("H2"), household("H3"), household("H4")]
    # before: H1 two contracts, H2 one, H3 three, H4 none → 1 of 3 indebted at one contract
    before = [contract("H1", "C1"), contract("H1", "C2", "G2"), contract("H2", "C3"),
              contract("H3", "C4"), contract("H3", "C5", "G2"), contract("H3", "C6", "ธ.ก.ส.")]
    book, loc, _ = make_book(member_groups=g, households=hh, contracts=before)
    c = score("one_contract", book, loc)
    assert (c.facts["one_before"], c.facts["indebted_before"], c.facts["one_after"]) == (1, 3, 1)
    assert c.score == 0  # 33 % < 40 %
    # the applied book: H1's two contracts moved into N1 (the register holds the transfers), so
    # the same book tells both: before = transfers undone, after = as it is now
    applied = [contract("H1", "C1", status="closed"), contract("H1", "C2", "G2", status="closed"),
               contract("H1", "N1", principal="20000"), *before[2:]]
    transfers = [{"transfer_no": f"T{i}", "date": dt.date(2026, 3, 1), "household_id": "H1", "from_contract": old,
                  "from_lender": lender, "to_group": "G1", "new_contract": "N1", "amount": Decimal(10000)}
                 for i, (old, lender) in enumerate((("C1", "G1"), ("C2", "G2")), 1)]
    book2, loc2, _ = make_book(member_groups=g, households=hh, contracts=applied, debt_transfers=transfers)
    c = score("one_contract", book2, loc2)
    assert (c.facts["one_before"], c.facts["indebted_before"]) == (1, 3)
    assert (c.facts["one_after"], c.facts["indebted_after"], c.facts["share_after"]) == (2, 3, Decimal("66.67"))
    assert c.score == 2
    # or: the book before the plan, with the applied book given as "after"
    c = score("one_contract", book, loc, after=book2, after_loc=loc2)
    assert (c.facts["one_before"], c.facts["one_after"]) == (1, 2)


def test_shareholding_lending_and_welfare(make_book) -> None:  # type: ignore[no-untyped-def]
    g = [group("G1"), group("G2"), group("G3")]
    book, loc, _ = make_book(member_groups=g, shares=[_share("R1", "G1", 5), _share("R2", "G2", 5)])
    c = score("shareholding", book, loc)
    assert (c.score, c.facts["holders"]) == (2, 2)  # 2 of 3 = 66.67 %
    loans = [{"loan_no": "L1", "group_id": "G1", "date": dt.date(2025, 11, 1), "principal": Decimal(1000),
              "annual_rate": Decimal("0.05"), "term_months": 10},
             {"loan_no": "L2", "group_id": "G2", "date": dt.date(2025, 11, 1), "principal": Decimal(1000),
              "annual_rate": Decimal("0.05"), "term_months": 10}]
    pay = [{"loan_no": "L1", "date": dt.date(2025, 12, 1), "principal_paid": Decimal(100)}]
    book, loc, _ = make_book(member_groups=g, intergroup_loans=loans, loan_repayments=pay)
    assert score("intergroup_lending", book, loc).score == 2
    book, loc, _ = make_book(member_groups=g, intergroup_loans=loans[:1], loan_repayments=pay)
    assert score("intergroup_lending", book, loc).score == 3
    wel = [{"date": dt.date(2026, 1, 1), "voucher_no": f"W{i}", "group_id": "G1", "kind": k, "amount": Decimal(100)}
           for i, k in enumerate(("birth", "death", "birth"))]
    book, loc, _ = make_book(member_groups=g, welfare=wel)
    c = score("welfare", book, loc)
    assert (c.score, c.facts["kinds"], c.facts["payments"]) == (2, 2, 3)
