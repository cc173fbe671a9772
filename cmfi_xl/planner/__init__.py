"""The "1 ครัวเรือน 1 สัญญา" household debt-consolidation planner (issue 3), pure core.

No Excel here: the workbook side converts a book into an :class:`Instance` and a :class:`Plan`
back into sheets. Public API::

    load_instance(data) -> (Instance | None, list[Issue])     # JSON text/bytes/dict, located issues
    solve(instance, *, no_harm=None, time_limit_s=None, compare=False) -> Plan
    compare_policies(instance, *, no_harm=None, time_limit_s=None) -> PolicyComparison
    greedy_plan(instance, *, no_harm=None) -> Plan            # the committee-style baseline
    json_schemas() -> {"cmfi-debt-instance/1": {...}, "cmfi-debt-plan/1": {...}}
    PLANNER_CATALOGUE                                          # P0xx input, P1xx reasons, P2xx notes

See docs/planner.md for the model, the formats, the reason codes and the measured figures.
"""

from .codes import PLANNER_CATALOGUE, planner_issue
from .loader import load_instance
from .models import (
    INSTANCE_FORMAT,
    PLAN_FORMAT,
    Contract,
    Group,
    Household,
    Instance,
    Locks,
    Options,
    Plan,
    PolicyComparison,
    json_schemas,
)
from .solve import compare_policies, greedy_plan, solve

__all__ = [
    "INSTANCE_FORMAT",
    "PLAN_FORMAT",
    "PLANNER_CATALOGUE",
    "Contract",
    "Group",
    "Household",
    "Instance",
    "Locks",
    "Options",
    "Plan",
    "PolicyComparison",
    "compare_policies",
    "greedy_plan",
    "json_schemas",
    "load_instance",
    "planner_issue",
    "solve",
]
