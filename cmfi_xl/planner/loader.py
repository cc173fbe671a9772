"""Tolerant reader of ``cmfi-debt-instance/1``: every problem becomes a located :class:`Issue`.

``cell`` carries the JSON path (``households[3].contracts[1].amount``), ``column`` the field.
Never raises on bad data; returns ``(None, issues)`` when an error makes the instance unusable.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from cmfi_xl.core.issues import Issue, has_errors

from .codes import planner_issue
from .models import INSTANCE_FORMAT, Contract, Group, Household, Instance, Locks, Options

_PCT = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*%\s*(.*?)\s*$")
_MONTH_WORDS = ("ต่อเดือน", "ต่อ เดือน", "/เดือน", "เดือน", "per month", "a month", "/month", "/mo", "monthly", "pm", "p.m.")
_YEAR_WORDS = ("", "ต่อปี", "ต่อ ปี", "/ปี", "ปี", "per year", "a year", "/year", "/yr", "yearly", "annual", "p.a.", "pa")

_GROUP_FIELDS = set(Group.model_fields)
_HH_FIELDS = set(Household.model_fields)
_CONTRACT_FIELDS = set(Contract.model_fields)


class _Reader:
    def __init__(self) -> None:
        self.issues: list[Issue] = []

    def add(self, code: str, path: str, col: str = "", val: Any = "", /, **fmt: Any) -> None:
        self.issues.append(planner_issue(code, cell=path, column=col, value=val, **fmt))

    # ---- scalars -------------------------------------------------------------------------
    def _decimal(self, raw: Any, path: str, field: str, bad_code: str) -> Decimal | None:
        if isinstance(raw, bool) or raw is None:
            self.add(bad_code, path, field, raw)
            return None
        if isinstance(raw, (int, float)):
            d = Decimal(str(raw))
            if isinstance(raw, float):
                self.add("P026", path, field, raw, number=format(d, "f"))
            return d
        if isinstance(raw, str):
            s = raw.strip().replace(",", "").replace("บาท", "").replace("฿", "").strip()
            try:
                d = Decimal(s)
            except InvalidOperation:
                self.add(bad_code, path, field, raw)
                return None
            if not d.is_finite():
                self.add(bad_code, path, field, raw)
                return None
            return d
        self.add(bad_code, path, field, raw)
        return None

    def money(self, obj: dict, key: str, path: str, *, required: bool = True, default: Decimal | None = None) -> Decimal | None:
        p = f"{path}.{key}"
        if key not in obj or obj[key] is None:
            if required:
                self.add("P003", p, key, field=key)
            return default
        d = self._decimal(obj[key], p, key, "P004")
        if d is None:
            return None
        if d < 0:
            self.add("P005", p, key, obj[key])
            return None
        if d != d.quantize(Decimal("0.01")):
            self.add("P006", p, key, obj[key])
            return None
        return d.quantize(Decimal("0.01"))

    def multiple(self, obj: dict, key: str, path: str) -> Decimal | None:
        p = f"{path}.{key}"
        if obj.get(key) is None:
            return None
        d = self._decimal(obj[key], p, key, "P022" if not isinstance(obj[key], str) else "P004")
        if d is not None and d < 0:
            self.add("P005", p, key, obj[key])
            return None
        return d

    def rate(self, obj: dict, key: str, path: str, *, required: bool = True) -> Decimal | None:
        p = f"{path}.{key}"
        if key not in obj or obj[key] is None:
            if required:
                self.add("P003", p, key, field=key)
            return None
        raw = obj[key]
        if isinstance(raw, str):
            m = _PCT.match(raw)
            if m:
                pct = Decimal(m.group(1))
                unit = m.group(2).strip().lower()
                if unit in _MONTH_WORDS:
                    r = (pct * 12 / 100).normalize()
                    self.add("P009", p, key, raw, rate=format(r, "f"))
                    return r
                if unit in _YEAR_WORDS:
                    r = (pct / 100).normalize()
                    self.add("P008", p, key, raw, rate=format(r, "f"))
                    return r
                self.add("P007", p, key, raw)
                return None
        d = self._decimal(raw, p, key, "P007")
        if d is None:
            return None
        if d < 0:
            self.add("P005", p, key, raw)
            return None
        if d > 1:
            self.add("P010", p, key, raw, pct=format(d, "f"))
            return None
        return d

    def boolean(self, obj: dict, key: str, path: str, default: bool) -> bool:
        if key not in obj or obj[key] is None:
            return default
        v = obj[key]
        if isinstance(v, bool):
            return v
        if isinstance(v, str) and v.strip().lower() in {"true", "yes", "y", "1", "ใช่", "จริง"}:
            return True
        if isinstance(v, str) and v.strip().lower() in {"false", "no", "n", "0", "ไม่", "ไม่ใช่", "เท็จ"}:
            return False
        self.add("P022", f"{path}.{key}", key, v, expected="true/false")
        return default

    def ident(self, obj: dict, key: str, path: str) -> str | None:
        p = f"{path}.{key}"
        if key not in obj or obj[key] is None:
            self.add("P003", p, key, field=key)
            return None
        v = obj[key]
        if isinstance(v, (int,)) and not isinstance(v, bool):
            v = str(v)
        if not isinstance(v, str):
            self.add("P022", p, key, v, expected="text")
            return None
        v = v.strip()
        if not v:
            self.add("P025", p, key, v)
            return None
        return v

    def extra_fields(self, obj: dict, allowed: set[str], path: str) -> None:
        for k in obj:
            if k not in allowed:
                self.add("P023", f"{path}.{k}", k, field=k)


def _parse(raw: Any) -> tuple[Any, Issue | None]:
    if isinstance(raw, (bytes, bytearray)):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            return None, planner_issue("P001", cell="$", detail=str(e))
    if isinstance(raw, str):
        try:
            return json.loads(raw), None
        except json.JSONDecodeError as e:
            return None, planner_issue("P001", cell=f"line {e.lineno} column {e.colno}", detail=e.msg)
    return raw, None


_KKKJ = {"kkkj", "กข.คจ.", "กขคจ", "กข.คจ", "poverty_fund"}


def load_instance(data: Any) -> tuple[Instance | None, list[Issue]]:
    """Read a ``cmfi-debt-instance/1`` document (JSON text, bytes or an already-parsed dict).

    Returns the instance (``None`` if any error) and every problem found, each located by a JSON
    path. Percent and monthly rates are converted (with an info issue)."""
    from .eligibility import rule_failures  # local import: eligibility imports the models

    obj, err = _parse(data)
    if err is not None:
        return None, [err]
    r = _Reader()
    if not isinstance(obj, dict):
        r.add("P022", "$", "", type(obj).__name__, expected="a JSON object")
        return None, r.issues
    fmt = obj.get("format")
    if fmt != INSTANCE_FORMAT:
        r.add("P002", "format", "format", fmt, expected=INSTANCE_FORMAT, found=fmt)
    r.extra_fields(obj, {"format", "groups", "households", "locks", "options"}, "$")

    groups: list[Group] = []
    gseen: dict[str, str] = {}
    raw_groups = obj.get("groups")
    if not isinstance(raw_groups, list):
        r.add("P003" if raw_groups is None else "P022", "groups", "groups", raw_groups, field="groups", expected="a list")
        raw_groups = []
    for i, g in enumerate(raw_groups):
        path = f"groups[{i}]"
        if not isinstance(g, dict):
            r.add("P022", path, "", g, expected="an object")
            continue
        r.extra_fields(g, _GROUP_FIELDS, path)
        gid = r.ident(g, "id", path)
        if gid is not None and gid in gseen:
            r.add("P013", f"{path}.id", "id", gid, first=gseen[gid])
            gid = None
        elif gid is not None:
            gseen[gid] = path
        kind = str(g.get("kind") or "")
        vals = dict(
            lendable=r.money(g, "lendable", path),
            rate=r.rate(g, "rate", path),
            max_contract=r.money(g, "max_contract", path, required=False),
            savings_multiple=r.multiple(g, "savings_multiple", path),
            new_member_savings=r.money(g, "new_member_savings", path, required=False, default=Decimal("0.00")),
        )
        flags = dict(
            open_to_new_members=r.boolean(g, "open_to_new_members", path, False),
            accepts_arrears=r.boolean(g, "accepts_arrears", path, False),
            can_consolidate=r.boolean(g, "can_consolidate", path, kind.strip().lower() not in _KKKJ),
        )
        if gid is None or vals["lendable"] is None or vals["rate"] is None:
            continue
        if g.get("new_member_savings") is not None and vals["new_member_savings"] is None:
            continue
        groups.append(Group(id=gid, name=str(g.get("name") or ""), kind=kind, **vals, **flags))  # type: ignore[arg-type]
    gids = {g.id for g in groups} | set(gseen)

    households: list[Household] = []
    hseen: dict[str, str] = {}
    cseen: dict[str, str] = {}
    raw_hh = obj.get("households")
    if not isinstance(raw_hh, list):
        r.add("P003" if raw_hh is None else "P022", "households", "households", raw_hh, field="households", expected="a list")
        raw_hh = []
    for i, h in enumerate(raw_hh):
        path = f"households[{i}]"
        if not isinstance(h, dict):
            r.add("P022", path, "", h, expected="an object")
            continue
        r.extra_fields(h, _HH_FIELDS, path)
        hid = r.ident(h, "id", path)
        ok = hid is not None
        if hid is not None and hid in hseen:
            r.add("P012", f"{path}.id", "id", hid, first=hseen[hid])
            ok = False
        elif hid is not None:
            hseen[hid] = path
        savings: dict[str, Decimal] = {}
        raw_sav = h.get("savings") or {}
        if not isinstance(raw_sav, dict):
            r.add("P022", f"{path}.savings", "savings", raw_sav, expected="an object {group_id: amount}")
            raw_sav = {}
            ok = False
        for gk in raw_sav:
            sp = f"{path}.savings"
            if gk not in gids:
                r.add("P015", f"{sp}.{gk}", gk, raw_sav[gk], ref=gk)
                ok = False
                continue
            v = r.money(raw_sav, gk, sp)
            if v is None:
                ok = False
            else:
                savings[gk] = v
        contracts: list[Contract] = []
        raw_c = h.get("contracts") or []
        if not isinstance(raw_c, list):
            r.add("P022", f"{path}.contracts", "contracts", raw_c, expected="a list")
            raw_c = []
            ok = False
        for j, c in enumerate(raw_c):
            cp = f"{path}.contracts[{j}]"
            if not isinstance(c, dict):
                r.add("P022", cp, "", c, expected="an object")
                ok = False
                continue
            r.extra_fields(c, _CONTRACT_FIELDS, cp)
            cid = r.ident(c, "id", cp)
            lender = r.ident(c, "lender", cp)
            if lender is not None and lender not in gids:
                r.add("P011", f"{cp}.lender", "lender", lender, ref=lender)
                lender = None
            amount = r.money(c, "amount", cp)
            rate = r.rate(c, "rate", cp)
            arrears = r.money(c, "arrears", cp, required=False, default=Decimal("0.00"))
            if c.get("arrears") is not None and arrears is None:
                ok = False
                continue
            if cid is not None:
                if cid in cseen:
                    r.add("P014", f"{cp}.id", "id", cid, first=cseen[cid])
                    cid = None
                else:
                    cseen[cid] = cp
            if amount is not None and arrears is not None and arrears > amount:
                r.add("P024", f"{cp}.arrears", "arrears", c.get("arrears"), arrears=arrears, amount=amount)
                ok = False
            if None in (cid, lender, amount, rate):
                ok = False
                continue
            contracts.append(Contract(id=cid, lender=lender, amount=amount, rate=rate, arrears=arrears or Decimal("0.00")))  # type: ignore[arg-type]
        if ok and hid is not None:
            households.append(Household(id=hid, savings=savings, contracts=tuple(contracts)))

    # ---- options --------------------------------------------------------------------------
    raw_opt = obj.get("options") or {}
    no_harm, tl = False, None
    if not isinstance(raw_opt, dict):
        r.add("P022", "options", "options", raw_opt, expected="an object")
    else:
        r.extra_fields(raw_opt, {"no_harm", "time_limit_s"}, "options")
        no_harm = r.boolean(raw_opt, "no_harm", "options", False)
        if raw_opt.get("time_limit_s") is not None:
            v = raw_opt["time_limit_s"]
            if isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0:
                tl = float(v)
            else:
                r.add("P022", "options.time_limit_s", "time_limit_s", v, expected="a positive number of seconds")

    # ---- locks ----------------------------------------------------------------------------
    raw_locks = obj.get("locks") or {}
    must_go: dict[str, str] = {}
    must_stay: list[str] = []
    no_tr: list[str] = []
    hh_by_id = {h.id: h for h in households}
    if not isinstance(raw_locks, dict):
        r.add("P022", "locks", "locks", raw_locks, expected="an object {must_go, must_stay, no_transfers}")
        raw_locks = {}
    r.extra_fields(raw_locks, {"must_go", "must_stay", "no_transfers"}, "locks")
    ng = raw_locks.get("no_transfers") or []
    if not isinstance(ng, list):
        r.add("P022", "locks.no_transfers", "no_transfers", ng, expected="a list of group ids")
        ng = []
    for k, gid in enumerate(ng):
        if not isinstance(gid, str) or gid not in gids:
            r.add("P017", f"locks.no_transfers[{k}]", "no_transfers", gid, ref=gid)
        elif gid not in no_tr:
            no_tr.append(gid)
    ms = raw_locks.get("must_stay") or []
    if not isinstance(ms, list):
        r.add("P022", "locks.must_stay", "must_stay", ms, expected="a list of household ids")
        ms = []
    for k, hid in enumerate(ms):
        if not isinstance(hid, str) or hid not in hseen:
            r.add("P016", f"locks.must_stay[{k}]", "must_stay", hid, ref=hid)
        elif hid not in must_stay:
            must_stay.append(hid)
    mg = raw_locks.get("must_go") or {}
    if isinstance(mg, list):  # accept [{household, group}] as well
        conv: dict[str, Any] = {}
        for k, item in enumerate(mg):
            if isinstance(item, dict) and "household" in item and "group" in item:
                conv[str(item["household"])] = item["group"]
            else:
                r.add("P022", f"locks.must_go[{k}]", "must_go", item, expected="{household, group}")
        mg = conv
    if not isinstance(mg, dict):
        r.add("P022", "locks.must_go", "must_go", mg, expected="an object {household_id: group_id}")
        mg = {}
    group_by_id = {g.id: g for g in groups}
    for hid, gid in mg.items():
        p = f"locks.must_go.{hid}"
        if hid not in hseen:
            r.add("P016", p, "must_go", hid, ref=hid)
            continue
        if not isinstance(gid, str) or gid not in gids:
            r.add("P017", p, "must_go", gid, ref=gid)
            continue
        if hid in must_stay:
            r.add("P018", p, "must_go", gid, ref=hid)
            continue
        h = hh_by_id.get(hid)
        g = group_by_id.get(gid)
        if h is None or g is None:
            continue  # the household or group itself had errors, already reported
        if len(h.contracts) < 2:
            r.add("P020", p, "must_go", gid, ref=hid)
            continue
        in_place = all(c.lender == gid for c in h.contracts)
        if gid in no_tr and not in_place:
            r.add("P019", p, "must_go", gid, ref=hid, group=gid)
            continue
        fails = rule_failures(h, g, no_harm=False)
        if fails:
            r.add("P021", p, "must_go", gid, ref=hid, group=gid, rule=", ".join(fails))
        must_go[hid] = gid

    if has_errors(r.issues):
        return None, r.issues
    inst = Instance(
        groups=tuple(groups),
        households=tuple(households),
        locks=Locks(must_go=must_go, must_stay=tuple(must_stay), no_transfers=tuple(no_tr)),
        options=Options(no_harm=no_harm, time_limit_s=tl),
    )
    # forced moves alone must fit the cash: taken over by g <= lendable + everything g could get back
    if must_go:
        from .eligibility import prepare

        prob = prepare(inst, no_harm=False)
        r.issues.extend(prob.lock_capacity_issues())
    if has_errors(r.issues):
        return None, r.issues
    return inst, r.issues
