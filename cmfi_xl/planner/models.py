"""The two JSON formats of the planner, as frozen pydantic models.

* ``cmfi-debt-instance/1`` — :class:`Instance`: groups, households, committee locks, options.
* ``cmfi-debt-plan/1`` — :class:`Plan`: status, objective, bound, households, exceptions, groups
  (plus a certificate, the settlement order and the other policy's result).

Money is a decimal string in baht with at most two decimals (satang); a rate is an annual fraction
as a decimal string (``"0.06"`` = 6 % a year). In Python both are :class:`~decimal.Decimal`, never
``float``. :func:`cmfi_xl.planner.load_instance` is the tolerant reader (it converts ``"12%"`` and
``"1% ต่อเดือน"`` and reports located problems); the models themselves are strict.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema

INSTANCE_FORMAT = "cmfi-debt-instance/1"
PLAN_FORMAT = "cmfi-debt-plan/1"

_MONEY_PATTERN = r"^-?[0-9]+(\.[0-9]{1,2})?$"
_DEC_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"

#: Baht with satang. Serialised as a decimal string ("1250.50").
Money = Annotated[
    Decimal,
    PlainSerializer(lambda d: format(d, "f"), return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": _MONEY_PATTERN, "description": "baht, decimal string, at most 2 decimals"}),
]
#: Annual rate as a fraction ("0.06" = 6 % a year). Serialised as a decimal string.
Rate = Annotated[
    Decimal,
    PlainSerializer(lambda d: format(d, "f"), return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": _DEC_PATTERN, "description": "annual rate as a fraction, decimal string (0.06 = 6% a year)"}),
]
#: A plain decimal (a multiple such as savings_multiple).
Dec = Annotated[
    Decimal,
    PlainSerializer(lambda d: format(d, "f"), return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": _DEC_PATTERN}),
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# --------------------------------------------------------------------------------------------
# cmfi-debt-instance/1
# --------------------------------------------------------------------------------------------


class Group(_Frozen):
    """A member group that may take over households' debts."""

    id: str
    name: str = ""
    kind: str = Field("", description="free text, e.g. savings, village_fund, kkkj (กข.คจ.)")
    lendable: Money = Field(description="cash the group can lend now (baht)")
    rate: Rate = Field(description="annual rate of a new consolidated contract")
    max_contract: Money | None = Field(None, description="absolute ceiling of one household's contract")
    savings_multiple: Dec | None = Field(None, description="ceiling as a multiple of the household's savings in the group")
    open_to_new_members: bool = False
    new_member_savings: Money = Field(Decimal("0"), description="savings a joining household is counted with")
    accepts_arrears: bool = False
    can_consolidate: bool = Field(True, description="may issue consolidation loans (กข.คจ. is borrowing: false)")


class Contract(_Frozen):
    id: str
    lender: str = Field(description="group id of the lender")
    amount: Money = Field(description="amount to transfer = principal + accrued arrears")
    rate: Rate
    arrears: Money = Decimal("0")


class Household(_Frozen):
    id: str
    savings: dict[str, Money] = Field(default_factory=dict, description="group id -> savings; a key means membership")
    contracts: tuple[Contract, ...] = ()


class Locks(_Frozen):
    """Committee decisions; they override the optimiser."""

    must_go: dict[str, str] = Field(default_factory=dict, description="household id -> group id that must take over all its debt")
    must_stay: tuple[str, ...] = Field((), description="households that keep their contracts unchanged")
    no_transfers: tuple[str, ...] = Field((), description="groups that take over no debt from other groups")


class Options(_Frozen):
    no_harm: bool = Field(False, description="no household's annual interest may rise")
    time_limit_s: float | None = Field(None, gt=0)


class Instance(_Frozen):
    format: Literal["cmfi-debt-instance/1"] = INSTANCE_FORMAT
    groups: tuple[Group, ...]
    households: tuple[Household, ...]
    locks: Locks = Locks()
    options: Options = Options()


# --------------------------------------------------------------------------------------------
# cmfi-debt-plan/1
# --------------------------------------------------------------------------------------------


class Objective(_Frozen):
    one_contract_households: int
    annual_interest: Money
    amount_moved: Money


class Bound(_Frozen):
    """Proven bounds, level by level (each given the levels before it).

    ``one_contract_households`` is an upper bound; the other two are lower bounds. ``gap`` is the
    level-1 gap in households (0 = proven optimal count)."""

    one_contract_households: int
    annual_interest: Money
    amount_moved: Money
    gap: int


class Transfer(_Frozen):
    contract: str
    from_: str = Field(alias="from")
    to: str
    amount: Money

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class HouseholdPlan(_Frozen):
    id: str
    to_group: str
    amount: Money = Field(description="principal of the new single contract")
    rate: Rate
    transfers: tuple[Transfer, ...] = Field(description="every old contract; from == to means merged in place (no cash moves)")
    contracts_before: int
    interest_before: Money
    interest_after: Money
    locked: bool = False


class PartialProposal(_Frozen):
    to_group: str
    contracts: tuple[str, ...] = Field(description="old contracts merged into one new contract")
    amount: Money
    rate: Rate
    contracts_after: int
    transfers: tuple[Transfer, ...]


class PlanException(_Frozen):
    id: str
    reason_code: str
    message_th: str
    message_en: str
    contracts_before: int
    partial: PartialProposal | None = None


class GroupPlan(_Frozen):
    id: str
    lendable_before: Money
    taken_over: Money
    released: Money
    lendable_after: Money


class LevelCertificate(_Frozen):
    level: int
    name: str
    status: str
    objective: float
    bound: float
    gap: float
    time_s: float


class Certificate(_Frozen):
    solver: str
    status: str = Field(description="optimal | time_limit | greedy | infeasible")
    levels: tuple[LevelCertificate, ...] = ()
    components: int = 0
    reductions: dict[str, int] = Field(default_factory=dict)
    greedy_objective: Objective | None = None
    greedy_used: bool = False
    note_th: str = ""
    note_en: str = ""
    time_s: float = 0.0


class SettlementStep(_Frozen):
    step: int
    household: str
    contract: str
    from_: str = Field(alias="from", description="paying group (the receiving group of the household)")
    to: str = Field(description="old lender, paid back")
    amount: Money
    bridge: Money = Field(Decimal("0"), description="cash the institution lends the payer for the day before this step")

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Settlement(_Frozen):
    method: str
    steps: tuple[SettlementStep, ...]
    bridge_total: Money
    bridge_by_group: dict[str, Money] = Field(default_factory=dict)


class PolicySummary(_Frozen):
    no_harm: bool
    status: str
    objective: Objective
    dearer_households: int = Field(description="consolidated households whose annual interest rose")


class Plan(_Frozen):
    format: Literal["cmfi-debt-plan/1"] = PLAN_FORMAT
    status: str = Field(description="optimal | time_limit | greedy | infeasible")
    no_harm: bool
    objective: Objective
    before: Objective = Field(description="the same measures before the plan (amount_moved = 0)")
    bound: Bound
    households: tuple[HouseholdPlan, ...]
    exceptions: tuple[PlanException, ...]
    groups: tuple[GroupPlan, ...]
    settlement: Settlement
    certificate: Certificate
    dearer_households: int = 0
    other_policy: PolicySummary | None = None

    def to_json(self, **kw: Any) -> str:
        return self.model_dump_json(by_alias=True, **kw)


class PolicyComparison(_Frozen):
    chosen: Plan
    other: Plan


def json_schemas() -> dict[str, dict[str, Any]]:
    """JSON Schemas of both formats, keyed by format name."""
    inst = Instance.model_json_schema(mode="validation")
    inst["$id"] = INSTANCE_FORMAT
    inst["title"] = "cmfi-debt-instance/1 — household debt-consolidation instance"
    plan = Plan.model_json_schema(mode="serialization", by_alias=True)
    plan["$id"] = PLAN_FORMAT
    plan["title"] = "cmfi-debt-plan/1 — household debt-consolidation plan"
    return {INSTANCE_FORMAT: inst, PLAN_FORMAT: plan}
