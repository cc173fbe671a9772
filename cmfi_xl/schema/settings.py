"""Declared settings: the rows of the settings table (ตั้งค่า) and their defaults.

The template fills one row per setting (key, Thai label, default value); committees edit the
value. ``cmfi_xl.validate.settings`` parses each value by its declared kind and reports a bad
value at its cell. Later features add their settings here.
"""

from __future__ import annotations

from dataclasses import dataclass
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


def setting(key: str) -> Setting:
    for s in SETTINGS:
        if s.key == key:
            return s
    raise KeyError(key)
