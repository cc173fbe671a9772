"""The yearly assessment (แบบประเมินจัดระดับการพัฒนาสถาบันฯ, issue 5): the form as data, scoring
from the registers with evidence, the committee's scores and overrides, the level, the
development plan and the operating model. Pure: no openpyxl here (the workbook shells are
:mod:`cmfi_xl.xlsx.assess` and :mod:`cmfi_xl.commands.assess`). See ``docs/assessment.md``.
"""

from __future__ import annotations

from . import codes as _codes  # noqa: F401  (registers the M- and Q-codes)
from .assessment import (Answer, AreaResult, Assessment, CommitteeInput, Entry, PlanRow, Scored, assess,
                         combine, draft_plan, level_for)
from .form import DEFAULT_FORM, Area, Criterion, Form, Indicator, Level, load_form, parse_form, reachable_totals
from .operating import QUESTIONS, Fact, ModelResult, classify
from .scoring import COMPUTATIONS, Computed, Context, DebtState, Evidence, contracts_before, debt_state

__all__ = [
    "Answer", "Area", "AreaResult", "Assessment", "COMPUTATIONS", "CommitteeInput", "Computed", "Context",
    "Criterion", "DEFAULT_FORM", "DebtState", "Entry", "Evidence", "Fact", "Form", "Indicator", "Level",
    "ModelResult", "PlanRow", "QUESTIONS", "Scored", "assess", "classify", "combine", "contracts_before",
    "debt_state", "draft_plan", "level_for", "load_form", "parse_form", "reachable_totals",
]
