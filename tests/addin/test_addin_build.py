"""The ribbon data, the customUI XML, the .xlam package, dispatch and install."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from cmfi_xl.addin import build_addin, install_addin, read_config, write_config
from cmfi_xl.addin import dispatch
from cmfi_xl.addin.install import ADDIN_FILENAME, default_config
from cmfi_xl.addin.ribbon import (
    BUTTONS, CALLBACK, CUSTOMUI14_NS, GROUPS, TAB_LABEL, available_tags, customui_xml,
)
from cmfi_xl.addin.xlam import CONFIG_KEYS, CONFIG_SHEET, CT_ADDIN, REL_UI, REL_VBA

ISSUE_LABELS = ["ตรวจสอบข้อมูล", "สร้างแบบฟอร์มใหม่", "คำนวณหุ้น/บัญชี", "วางแผนหนี้",
                "บันทึกการโอนหนี้", "ประเมิน", "จัดทำรายงาน", "รวมไฟล์", "วิธีใช้"]
ALL = [b.tag for b in BUTTONS]
UI = f"{{{CUSTOMUI14_NS}}}"


def test_the_nine_buttons_of_the_issue() -> None:
    assert [b.label for b in BUTTONS] == ISSUE_LABELS
    assert TAB_LABEL == "สถาบันการเงินทุนชุมชน"
    assert len(set(ALL)) == 9


@pytest.mark.parametrize("b", BUTTONS, ids=ALL)
def test_every_tag_has_a_handler_name(b) -> None:
    module, _, func = b.handler.partition(":")
    assert re.fullmatch(r"cmfi_xl(\.[a-z_]+)+", module) and func.isidentifier()
    assert re.fullmatch(r"[a-z0-9_]+", b.tag)
    assert b.screentip.isascii() and b.image_mso.isalnum()
    assert b.group in {g.id for g in GROUPS}


def test_available_handlers_are_callables() -> None:
    tags = available_tags()
    assert "help" in tags  # lands with the add-in itself
    for b in BUTTONS:
        if b.tag in tags:
            assert callable(dispatch.resolve_handler(b.handler))


def test_customui_well_formed() -> None:
    xml = customui_xml(ALL)
    root = ET.fromstring(xml.encode("utf-8"))
    assert root.tag == UI + "customUI"
    assert all(el.tag.startswith(UI) for el in root.iter())  # one namespace, customUI14
    tabs = root.findall(f"{UI}ribbon/{UI}tabs/{UI}tab")
    assert len(tabs) == 1 and tabs[0].get("label") == TAB_LABEL
    buttons = list(root.iter(UI + "button"))
    assert [b.get("tag") for b in buttons] == ALL
    assert {b.get("onAction") for b in buttons} == {CALLBACK}
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    for el in root.iter():
        for attr in ("label", "screentip", "supertip", "tag"):
            if el.get(attr) is not None:
                assert 1 <= len(el.get(attr)) <= 1024  # ST_String length limits
        if el.get("id"):
            assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,1023}", el.get("id"))  # ST_UniqueID


def test_customui_leaves_out_missing_buttons() -> None:
    root = ET.fromstring(customui_xml(["help", "check"]).encode())
    assert [b.get("tag") for b in root.iter(UI + "button")] == ["check", "help"]
    assert len(list(root.iter(UI + "group"))) == 2  # empty groups are left out
    with pytest.raises(KeyError):
        customui_xml(["nope"])
    with pytest.raises(ValueError):
        customui_xml([])


@pytest.fixture(scope="module")
def xlam(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_addin(tmp_path_factory.mktemp("b") / "cmfi-xl.xlam", ["check", "help"])


def test_package_parts(xlam: Path) -> None:
    with zipfile.ZipFile(xlam) as zf:
        names = zf.namelist()
        assert names[0] == "[Content_Types].xml"
        assert zf.testzip() is None
        ct = ET.fromstring(zf.read("[Content_Types].xml"))
        overrides = {o.get("PartName"): o.get("ContentType") for o in ct if o.get("PartName")}
        assert overrides["/xl/workbook.xml"] == CT_ADDIN == \
            "application/vnd.ms-excel.addin.macroEnabled.main+xml"
        defaults = {d.get("Extension"): d.get("ContentType") for d in ct if d.get("Extension")}
        assert defaults["bin"] == "application/vnd.ms-office.vbaProject"
        rels = {r.get("Type"): r.get("Target") for r in ET.fromstring(zf.read("_rels/.rels"))}
        assert rels[REL_UI] == "customUI/customUI14.xml" and REL_UI == \
            "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
        wrels = {r.get("Type"): r.get("Target")
                 for r in ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))}
        assert wrels[REL_VBA] == "vbaProject.bin"
        wb = zf.read("xl/workbook.xml").decode()
        assert 'codeName="ThisWorkbook"' in wb and f'name="{CONFIG_SHEET}"' in wb
        assert CONFIG_SHEET == "xlwings.conf"
        for name in names:
            info = zf.getinfo(name)
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            if name.endswith((".xml", ".rels")):
                ET.fromstring(zf.read(name))  # every XML part is well-formed
        for target in ("xl/workbook.xml", "customUI/customUI14.xml", "xl/vbaProject.bin",
                       "xl/worksheets/sheet1.xml", "xl/styles.xml"):
            assert target in names


def test_build_is_deterministic(tmp_path: Path, xlam: Path) -> None:
    again = build_addin(tmp_path / "again.xlam", ["help", "check"])
    assert again.read_bytes() == xlam.read_bytes()


def test_default_build_has_only_landed_buttons(tmp_path: Path) -> None:
    out = build_addin(tmp_path / "d.xlam")
    with zipfile.ZipFile(out) as zf:
        root = ET.fromstring(zf.read("customUI/customUI14.xml"))
    assert [b.get("tag") for b in root.iter(UI + "button")] == available_tags()


def test_config_sheet(tmp_path: Path, xlam: Path) -> None:
    assert read_config(xlam) == {k: "" for k in CONFIG_KEYS}
    copy = tmp_path / "c.xlam"
    copy.write_bytes(xlam.read_bytes())
    cfg = {"Interpreter_Win": r"\\server\แชร์\Python\pythonw.exe", "UDF Modules": "cmfi_udfs",
           "PYTHONPATH": r"D:\งาน & <ทดสอบ>\udfs"}
    write_config(copy, cfg)
    assert read_config(copy) == cfg
    with pytest.raises(KeyError):
        write_config(copy, {"Bogus": "1"})


# ---------------------------------------------------------------- dispatch


class _App:
    def __init__(self) -> None:
        self.alerts: list[tuple[str, str | None, str | None]] = []
        self.status_bar: object = "busy"

    def alert(self, prompt: str, title: str | None = None, buttons: str = "ok",
              mode: str | None = None, callback: str | None = None) -> str:
        self.alerts.append((prompt, title, mode))
        return "ok"


class _Book:
    def __init__(self) -> None:
        self.app = _App()


def test_dispatch_runs_the_help_handler() -> None:
    book = _Book()
    assert dispatch.run("help", book) is True
    (prompt, title, mode), = book.app.alerts
    assert "ตรวจสอบ" in prompt or "ปุ่ม" in prompt
    assert mode == "info" and book.app.status_bar is False


def test_dispatch_turns_errors_into_thai_messages(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    book = _Book()

    def boom(_book: object) -> None:
        raise ValueError("แผ่นงาน สมาชิก เซลล์ C5: ต้องเป็นตัวเลข")

    monkeypatch.setattr(dispatch, "resolve_handler", lambda spec: boom)
    assert dispatch.run("check", book) is False
    (prompt, title, mode), = book.app.alerts
    assert prompt.startswith("แผ่นงาน สมาชิก เซลล์ C5") and mode == "critical"
    assert title == "สถาบันการเงินทุนชุมชน" and "Traceback" not in prompt
    assert "Traceback" in (tmp_path / "cmfi-xl-addin.log").read_text(encoding="utf-8")

    monkeypatch.setattr(dispatch, "resolve_handler",
                        lambda spec: (_ for _ in ()).throw(ImportError("No module named x")))
    book = _Book()
    assert dispatch.run("check", book) is False
    assert book.app.alerts[0][0].startswith("เกิดข้อผิดพลาดที่ไม่คาดคิด (ImportError)")


def test_dispatch_unknown_tag_is_a_message_not_a_traceback() -> None:
    book = _Book()
    assert dispatch.run("nope", book) is False
    assert book.app.alerts and book.app.alerts[0][2] == "critical"


# ---------------------------------------------------------------- install


def test_install_dry_run_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    actions = install_addin(dry_run=True, appdata=tmp_path, xlam=tmp_path / "missing.xlam",
                            windows=False)
    assert not any(tmp_path.iterdir())
    out = capsys.readouterr().out
    assert "dry run" in out
    assert any("XLSTART" in a for a in actions)
    assert any(a.startswith(f"set {CONFIG_SHEET}!UDF Modules = cmfi_udfs") for a in actions)


def test_install_on_linux_defaults_to_dry_run(capsys: pytest.CaptureFixture) -> None:
    actions = install_addin()
    assert "would copy" in capsys.readouterr().out
    assert any(r"%APPDATA%\Microsoft\Excel\XLSTART" in a for a in actions)


def test_install_windows_layout(tmp_path: Path, xlam: Path) -> None:
    python = tmp_path / "Python311" / "python.exe"
    python.parent.mkdir()
    python.write_bytes(b"")
    (python.parent / "pythonw.exe").write_bytes(b"")
    appdata = tmp_path / "AppData" / "Roaming"
    actions = install_addin(dry_run=False, xlam=xlam, appdata=appdata, python=str(python),
                            udfs_dir=tmp_path / "udfs", windows=True)
    target = appdata / "Microsoft" / "Excel" / "XLSTART" / ADDIN_FILENAME
    assert target.is_file() and actions
    cfg = read_config(target)
    assert cfg["Interpreter_Win"].endswith("pythonw.exe")
    assert cfg["UDF Modules"] == "cmfi_udfs"
    assert cfg["PYTHONPATH"] == str(tmp_path / "udfs")
    assert xlam.read_bytes() != target.read_bytes()  # the source is never modified
    assert read_config(xlam)["Interpreter_Win"] == ""


def test_default_config_uses_pythonw() -> None:
    cfg = default_config(r"C:\Python311\python.exe", "udfs")
    assert cfg["Interpreter_Win"].lower().endswith("pythonw.exe")
    assert tuple(cfg) == CONFIG_KEYS
