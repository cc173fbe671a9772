"""Declared settings: the rows of the settings table (ตั้งค่า) and their defaults.

The template fills one row per setting (key, Thai label, default value); committees edit the
value. ``cmfi_xl.validate.settings`` parses each value by its declared kind and reports a bad
value at its cell. Later features add their settings here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .spec import Kind


@dataclass(frozen=True)
class Setting:
    key: str
    label: str
    label_en: str
    kind: Kind
    default: Any
    choices: str | None = None
    doc: str = ""


SETTINGS: tuple[Setting, ...] = (
    Setting("plan_no_harm", "แผนหนี้: ห้ามครัวเรือนใดเสียดอกเบี้ยเพิ่ม (ใช่/ไม่ใช่)",
            "Planner: no household's annual interest may rise", Kind.CHOICE, "no", choices="yes_no",
            doc="นโยบายนี้มีราคา: รวมหนี้ได้น้อยลง รายงานแผนแสดงผลของอีกนโยบายเสมอ"),
    Setting("plan_time_limit_s", "แผนหนี้: เวลาคำนวณสูงสุด (วินาที)", "Planner: time limit (seconds)",
            Kind.NUMBER, 60),
    Setting("plan_term_months", "แผนหนี้: จำนวนงวดของสัญญาใหม่ (เดือน)", "Planner: term of a new contract (months)",
            Kind.INT, 60),
)

_P = "บัญชี: "  # the books' settings (issue 4); keys are BooksSettings field names


def _pct(key: str, th: str, en: str, default: str) -> Setting:
    return Setting(f"allocation.{key}", f"{_P}จัดสรร{th} (ร้อยละของกำไรสุทธิ)", f"Books: allocation to {en} (%)",
                   Kind.NUMBER, Decimal(default), doc="ทุกรายการรวมกันต้องได้ 100 / all six must sum to 100")


#: The books' settings (:class:`cmfi_xl.books.settings.BooksSettings`), one row each. Defaults
#: are *provisional* community-fund practice; each institution's regulations set its own.
BOOKS_SETTINGS: tuple[Setting, ...] = (
    Setting("min_share_units", f"{_P}ถือหุ้นขั้นต่ำ (หุ้น)", "Books: minimum shareholding (units)", Kind.INT, 0),
    Setting("interest_convention", f"{_P}วิธีนับดอกเบี้ยเงินกู้ระหว่างกลุ่ม", "Books: interest convention of loans",
            Kind.CHOICE, "monthly", choices="interest_convention"),
    Setting("declining_style", f"{_P}ลดต้นลดดอก: รูปแบบการผ่อน", "Books: declining-balance repayment style",
            Kind.CHOICE, "equal_principal", choices="repayment_style"),
    Setting("penalty_rate", f"{_P}อัตราค่าปรับต่อปี (ว่าง/0 = ไม่มี)", "Books: penalty interest per year",
            Kind.RATE, Decimal("0")),
    Setting("penalty_grace_days", f"{_P}ผ่อนผันก่อนคิดค่าปรับ (วัน)", "Books: penalty grace days", Kind.INT, 0),
    Setting("welfare_budget", f"{_P}งบสวัสดิการทั้งปี (ว่าง = ทุนสวัสดิการยกมา)",
            "Books: welfare budget of the year (blank = the opening welfare fund)", Kind.MONEY, None),
    Setting("opening_cash", f"{_P}เงินสดในมือยกมา", "Books: cash on hand brought forward", Kind.MONEY, Decimal("0")),
    Setting("opening_borrowings", f"{_P}เงินกู้ยืมจากแหล่งอื่นยกมา", "Books: borrowings brought forward",
            Kind.MONEY, Decimal("0")),
    Setting("opening_reserve", f"{_P}ทุนสำรองยกมา", "Books: reserve brought forward", Kind.MONEY, Decimal("0")),
    Setting("opening_welfare_fund", f"{_P}ทุนสวัสดิการยกมา", "Books: welfare fund brought forward",
            Kind.MONEY, Decimal("0")),
    Setting("opening_grants_fund", f"{_P}ทุนอุดหนุนและเงินบริจาคยกมา", "Books: grants fund brought forward",
            Kind.MONEY, Decimal("0")),
    Setting("opening_surplus", f"{_P}กำไรสะสมยกมา (ว่าง = คำนวณให้งบดุลยกมาสมดุล)",
            "Books: surplus brought forward (blank = the balancing figure)", Kind.MONEY, None),
    Setting("welfare_from_fund", f"{_P}จ่ายสวัสดิการจากทุนสวัสดิการ", "Books: welfare is paid from the welfare fund",
            Kind.CHOICE, "yes", choices="yes_no", doc="ไม่ใช่ = เป็นค่าใช้จ่าย / no = an expense"),
    Setting("grants_to_fund", f"{_P}เงินอุดหนุน/บริจาคเป็นทุน", "Books: grants and donations are a fund",
            Kind.CHOICE, "yes", choices="yes_no", doc="ไม่ใช่ = เป็นรายได้ / no = income"),
    _pct("reserve", "ทุนสำรอง", "the reserve", "10"),
    _pct("dividend", "เงินปันผลตามหุ้น", "dividends on shares", "40"),
    _pct("refund", "เงินเฉลี่ยคืน", "the refund on interest paid", "20"),
    _pct("welfare", "กองทุนสวัสดิการ", "the welfare fund", "10"),
    _pct("committee", "ค่าตอบแทนคณะกรรมการ", "committee remuneration", "10"),
    _pct("public_benefit", "สาธารณประโยชน์", "public benefit", "10"),
    Setting("dividend_basis", f"{_P}ปันผลตาม", "Books: dividend basis", Kind.CHOICE, "year_end",
            choices="dividend_basis"),
)

SETTINGS = SETTINGS + BOOKS_SETTINGS


def setting(key: str) -> Setting:
    for s in SETTINGS:
        if s.key == key:
            return s
    raise KeyError(key)
