"""Contract: the handlers use only xlwings operations that every driver implements.

Dynamic part: while the buttons run on the remote engine, every engine-level operation that
xlwings' public layer performs for them is recorded (class, member, get/set/call).  Each one
must be

* implemented by the remote engine (not a ``raise NotImplementedError`` body), and
* present in the desktop engines, Windows (``xlwings/_xlwindows.py``) and macOS
  (``_xlmac.py``), read as source (they cannot be imported on Linux) — with a setter where the
  handlers set it.

Static part: ``cmfi_xl/handlers`` never imports the licensed ``xlwings.pro``, and reaches past
the public API (``.api``, ``.impl``) only in the two engine-specific probes that read protection
and read-only flags; the status bar (which the remote engine lacks) is set only on the desktop.
"""

from __future__ import annotations

import ast
import datetime as dt
import inspect
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import openpyxl
import pytest
from remote import remote_book

import xlwings
from cmfi_xl.handlers.assess import assess
from cmfi_xl.handlers.books import books
from cmfi_xl.handlers.consolidate import consolidate
from cmfi_xl.handlers.check import check
from cmfi_xl.handlers.new import new_book
from cmfi_xl.handlers.plan import apply_plan, plan
from cmfi_xl.handlers.report import report

XW = Path(xlwings.__file__).parent
REMOTE = XW / "pro" / "_xlremote.py"
WINDOWS = XW / "_xlwindows.py"
HANDLERS = Path(__file__).resolve().parents[2] / "cmfi_xl" / "handlers"

#: operations the handlers use only on the desktop (guarded by the engine name)
DESKTOP_ONLY = {("App", "status_bar", "set")}
#: functions allowed to reach past the public API: the engine-specific probes
PROBES = {"_desktop_facts", "_remote_facts"}


# ------------------------------------------------------------------ engine sources as data

def _members(path: Path) -> dict[str, dict[str, set[str]]]:
    """class → member → kinds ("call", "get", "set", "unsupported-…") from an engine's source,
    with members of its bases (in the same module, or xlwings' ``base_classes`` defaults)."""
    base_defaults = _members(XW / "base_classes.py") if path.name != "base_classes.py" else {}
    tree = ast.parse(path.read_text(encoding="utf-8"))
    classes: dict[str, dict[str, set[str]]] = {}
    bases: dict[str, list[str]] = {}

    def raises_not_implemented(fn: ast.FunctionDef) -> bool:
        body = [s for s in fn.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
        return (len(body) == 1 and isinstance(body[0], ast.Raise) and body[0].exc is not None
                and "NotImplementedError" in ast.unparse(body[0].exc))

    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        bases[node.name] = [b.id if isinstance(b, ast.Name) else "base_classes." + b.attr
                            for b in node.bases if isinstance(b, (ast.Name, ast.Attribute))]
        table: dict[str, set[str]] = {}
        for item in node.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                decos = [ast.unparse(d) for d in item.decorator_list]
                kind = "get" if "property" in decos else "set" if any(d.endswith(".setter") for d in decos) else "call"
                if raises_not_implemented(item):
                    kind = "unsupported-" + kind
                table.setdefault(item.name, set()).add(kind)
            elif isinstance(item, ast.Assign) and isinstance(item.value, ast.Call):
                if ast.unparse(item.value.func) == "_unsupported":
                    for t in item.targets:
                        if isinstance(t, ast.Name):
                            table.setdefault(t.id, set()).update({"unsupported-get", "unsupported-set"})
        classes[node.name] = table
    for name in list(classes):
        todo = list(bases.get(name, []))
        while todo:
            base = todo.pop()
            inherited = base_defaults.get(base.removeprefix("base_classes."), {}) if base.startswith(
                "base_classes.") else classes.get(base, {})
            for m, kinds in inherited.items():
                classes[name].setdefault(m, set()).update(kinds)
            todo += bases.get(base, [])
    return classes


def _ok(kinds: set[str], kind: str) -> bool:
    want = {"get": {"get", "call"}, "call": {"call", "get"}, "set": {"set"}}[kind]
    return bool(kinds & want)


# ------------------------------------------------------------------ recording

@contextmanager
def recording() -> Iterator[set[tuple[str, str, str]]]:
    """Record engine operations that xlwings' public layer performs (not the engine's own
    internal calls, not the test's)."""
    from xlwings.pro import _xlremote

    seen: set[tuple[str, str, str]] = set()
    here = str(XW)

    def from_public_layer() -> bool:
        caller = sys._getframe(2).f_code.co_filename
        return caller.startswith(here) and caller != str(REMOTE)

    patched = []
    for cls in [c for _, c in inspect.getmembers(_xlremote, inspect.isclass) if c.__module__ == _xlremote.__name__]:
        public = {n for n in dir(cls) if not n.startswith("_")}
        if not public:
            continue

        def getattribute(self, name, _cls=cls, _public=public, _orig=cls.__getattribute__):  # noqa: ANN001
            if name in _public and from_public_layer():
                attr = inspect.getattr_static(_cls, name, None)
                if isinstance(attr, property):
                    seen.add((type(self).__name__, name, "get"))
                elif inspect.isfunction(attr):  # an operation (plain class constants are settings)
                    seen.add((type(self).__name__, name, "call"))
            return _orig(self, name)

        def setattr_(self, name, value, _public=public, _orig=cls.__setattr__):  # noqa: ANN001
            if name in _public and from_public_layer():
                seen.add((type(self).__name__, name, "set"))
            return _orig(self, name, value)

        patched.append((cls, cls.__dict__.get("__getattribute__"), cls.__dict__.get("__setattr__")))
        cls.__getattribute__ = getattribute
        cls.__setattr__ = setattr_
    try:
        yield seen
    finally:
        for cls, g, s in patched:
            for attr, orig in (("__getattribute__", g), ("__setattr__", s)):
                if orig is None:
                    delattr(cls, attr)
                else:
                    setattr(cls, attr, orig)


def _run_every_button(demo_book: Path, approved_small: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    wb = openpyxl.load_workbook(demo_book)
    wb["ทะเบียนคุมเงินลงหุ้น"]["C7"] = "G77"
    wb.save(broken)
    blank = tmp_path / "blank.xlsx"
    openpyxl.Workbook().save(blank)
    jobs: list[tuple[Callable, Path]] = [(check, broken), (new_book, blank), (plan, demo_book),
                                         (apply_plan, approved_small), (books, demo_book),
                                         (report, demo_book), (assess, demo_book), (consolidate, blank)]
    from cmfi_xl.handlers.consolidate import add_settings_sheet
    from cmfi_xl.rollup.sample import make_inbox

    make_inbox(tmp_path / "inbox", 2)
    district = openpyxl.Workbook()
    add_settings_sheet(district)
    district["รวมไฟล์"]["B3"] = str(tmp_path / "inbox")
    district.save(tmp_path / "district.xlsx")
    jobs.append((consolidate, tmp_path / "district.xlsx"))
    for button, src in jobs:
        button(remote_book(src))


@pytest.fixture(scope="module")
def used(demo_book: Path, approved_small: Path, tmp_path_factory: pytest.TempPathFactory) -> set[tuple[str, str, str]]:
    import cmfi_xl.handlers.plan as handler

    mp = pytest.MonkeyPatch()
    mp.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    mp.setattr(handler, "today", lambda: dt.date(2026, 9, 15))
    try:
        with recording() as seen:
            _run_every_button(demo_book, approved_small, tmp_path_factory.mktemp("contract"))
    finally:
        mp.undo()
    return seen


def test_the_recording_sees_what_the_buttons_do(used: set[tuple[str, str, str]]) -> None:
    names = {(c, m) for c, m, _ in used}
    for expected in [("Sheets", "add"), ("Range", "raw_value"), ("Range", "add_note"), ("Range", "add_hyperlink"),
                     ("Range", "number_format"), ("Range", "color"), ("Tables", "add"), ("Table", "resize"),
                     ("Sheet", "delete"), ("Sheet", "used_range"), ("App", "alert")]:
        assert expected in names, expected
    assert ("Range", "raw_value", "set") in used


def test_every_operation_is_implemented_by_the_remote_engine(used: set[tuple[str, str, str]]) -> None:
    remote = _members(REMOTE)
    missing = [(c, m, k) for c, m, k in sorted(used) if not _ok(remote.get(c, {}).get(m, set()), k)]
    assert missing == []


@pytest.mark.parametrize("engine", ["_xlwindows.py", "_xlmac.py"])
def test_every_operation_exists_in_the_desktop_engines(used: set[tuple[str, str, str]], engine: str) -> None:
    """Driver (a): Excel on Windows (COM), and on macOS (AppleScript) as well."""
    desktop = _members(XW / engine)
    missing = [(c, m, k) for c, m, k in sorted(used | DESKTOP_ONLY)
               if not _ok(desktop.get(c, {}).get(m, set()), k)]
    assert missing == []


def test_the_contract_check_would_catch_a_remote_only_call() -> None:
    """freeze_panes exists on the remote engine but not on Windows: it must be reported."""
    windows, remote = _members(WINDOWS), _members(REMOTE)
    assert _ok(remote["Sheet"]["freeze_panes"], "get") and not _ok(windows["Sheet"].get("freeze_panes", set()), "get")
    assert not _ok(remote["App"]["status_bar"], "set") and _ok(windows["App"]["status_bar"], "set")


# ------------------------------------------------------------------ static

def _handler_sources() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(HANDLERS.glob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def test_the_handlers_never_import_licensed_xlwings() -> None:
    for path, tree in _handler_sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("xlwings.pro") for a in node.names), path
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("xlwings.pro"), path
                assert not ((node.module == "xlwings") and any(a.name == "pro" for a in node.names)), path


def test_only_the_probes_reach_past_the_public_api() -> None:
    offenders = []
    for path, tree in _handler_sources():
        for fn in ast.walk(tree):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) or fn.name in PROBES:
                continue
            for node in ast.walk(fn):
                if isinstance(node, ast.Attribute) and node.attr in {"api", "impl"}:
                    offenders.append(f"{path.name}:{node.lineno} .{node.attr} in {fn.name}")
    assert offenders == []


def test_the_status_bar_is_set_only_off_the_remote_engine() -> None:
    src = (HANDLERS / "excel.py").read_text(encoding="utf-8")
    tree = ast.parse(src)
    uses = [n for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr == "status_bar"]
    assert len(uses) == 1
    progress = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "progress")
    guard = next(n for n in ast.walk(progress) if isinstance(n, ast.If))
    assert ast.unparse(guard.test) == "self.engine != 'remote'" and uses[0] in list(ast.walk(guard))
