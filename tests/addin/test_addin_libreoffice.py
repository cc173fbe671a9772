"""Second, independent reader: LibreOffice opens the built .xlam and exports its VBA.

LibreOffice imports the VBA project of an OOXML file into a Basic library named after the VBA
project when ``/org.openoffice.Office.Calc/Filter/Import/VBA`` ``Load`` is true, and writes that
library into ``Basic/<project>/<module>.xml`` of an .ods.  With ``Executable`` false (used here,
and macro execution is disabled in the profile as well) every source line is kept as a comment:

    Rem Attribute VBA_ModuleType=VBAModule
    Sub <module>
    Rem <source line 2>
    ...
    Rem <last source line>
    End Sub

LibreOffice drops the ``Attribute VB_Name`` line (it becomes the module name) and turns CRLF into
LF; so the check is: module names = the project's modules, and the ``Rem`` lines, unwrapped,
equal the repo ``.bas`` without its first line, exactly.
The .xlam content type is not auto-detected by LibreOffice 7.4, so the import filter is named.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from cmfi_xl.addin import build_addin
from cmfi_xl.addin.xlam import CONFIG_SHEET, VBA_DIR, VBA_PROJECT_NAME
from cmfi_xl.render.libreoffice import _run, find_soffice, registry_xml, soffice_env

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(find_soffice() is None, reason="soffice not installed"),
]

VBA_IMPORT = (("Load", "true"), ("Executable", "false"), ("Save", "true"))


def _profile(root: Path) -> Path:
    xcu = registry_xml()
    extra = "".join(
        f'<item oor:path="/org.openoffice.Office.Calc/Filter/Import/VBA">'
        f'<prop oor:name="{k}" oor:op="fuse"><value>{v}</value></prop></item>'
        for k, v in VBA_IMPORT)
    xcu = xcu.replace("</oor:items>", extra + "</oor:items>")
    user = root / "user"
    user.mkdir(parents=True)
    (user / "registrymodifications.xcu").write_text(xcu, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def ods(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("lo")
    xlam = build_addin(tmp / "cmfi-xl.xlam", ["check", "help"],
                       config={"Interpreter_Win": r"C:\ผู้ใช้\Python311\pythonw.exe",
                               "UDF Modules": "cmfi_udfs"})
    profile = _profile(tmp / "profile")
    out = tmp / "out"
    cmd = [find_soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
           "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
           "--infilter=Calc MS Excel 2007 VBA XML", "--convert-to", "ods", "--outdir", str(out),
           str(xlam)]
    res = _run(cmd, timeout=180, env=soffice_env(), what="soffice xlam -> ods")
    result = out / "cmfi-xl.ods"
    assert res.returncode == 0 and result.is_file(), res.stderr + res.stdout
    return result


def _module_text(ods: Path, name: str) -> tuple[str, str]:
    with zipfile.ZipFile(ods) as zf:
        root = ET.fromstring(zf.read(f"Basic/{VBA_PROJECT_NAME}/{name}.xml"))
    return root.get("{http://openoffice.org/2000/script}moduleType"), root.text or ""


def test_libreoffice_lists_the_modules(ods: Path) -> None:
    with zipfile.ZipFile(ods) as zf:
        lib = ET.fromstring(zf.read(f"Basic/{VBA_PROJECT_NAME}/script-lb.xml"))
    ns = "{http://openoffice.org/2000/library}"
    names = sorted(e.get(ns + "name") for e in lib.iter(ns + "element"))
    assert names == ["CmfiRibbon", "Sheet1", "ThisWorkbook", "xlwings"]
    assert _module_text(ods, "ThisWorkbook")[0] == "document"
    assert _module_text(ods, "Sheet1")[0] == "document"


@pytest.mark.parametrize("name", ["xlwings", "CmfiRibbon"])
def test_libreoffice_source_equals_repo_bas(ods: Path, name: str) -> None:
    kind, text = _module_text(ods, name)
    assert kind == "normal"
    lines = text.split("\n")
    assert lines[0] == "Rem Attribute VBA_ModuleType=VBAModule"
    assert lines[1] == f"Sub {name}"
    assert lines[-2:] == ["End Sub", ""]
    body = lines[2:-2]
    assert all(line.startswith("Rem ") for line in body)
    got = "\n".join(line[4:] for line in body)
    repo = (VBA_DIR / f"{name}.bas").read_bytes().decode("ascii")
    first, rest = repo.split("\r\n", 1)
    assert first == f'Attribute VB_Name = "{name}"'
    assert got == rest.replace("\r\n", "\n")


def test_libreoffice_reads_the_config_sheet(ods: Path) -> None:
    with zipfile.ZipFile(ods) as zf:
        content = ET.fromstring(zf.read("content.xml"))
    table_ns = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    text_ns = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    tables = list(content.iter(f"{{{table_ns}}}table"))
    assert [t.get(f"{{{table_ns}}}name") for t in tables] == [CONFIG_SHEET]
    rows = []
    for row in tables[0].iter(f"{{{table_ns}}}table-row"):
        cells = ["".join(p.itertext()) for p in row.iter(f"{{{text_ns}}}p")]
        if cells:
            rows.append(cells)
    assert rows == [["Interpreter_Win", r"C:\ผู้ใช้\Python311\pythonw.exe"],
                    ["UDF Modules", "cmfi_udfs"], ["PYTHONPATH"]]
