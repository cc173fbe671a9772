"""The committed add-in is exactly what `cmfi-xl addin build` makes from the repo's sources."""

from __future__ import annotations

from pathlib import Path

from cmfi_xl.addin import available_tags, build_addin

COMMITTED = Path(__file__).resolve().parents[1] / "workbooks" / "cmfi-xl.xlam"


def test_committed_xlam_equals_a_fresh_build(tmp_path: Path) -> None:
    fresh = build_addin(tmp_path / "cmfi-xl.xlam", None)
    assert COMMITTED.read_bytes() == fresh.read_bytes(), "run: cmfi-xl addin build"


def test_only_buttons_with_a_handler_are_on_the_ribbon() -> None:
    import zipfile

    with zipfile.ZipFile(COMMITTED) as z:
        ui = z.read("customUI/customUI14.xml").decode("utf-8")
    for tag in available_tags():
        assert f'tag="{tag}"' in ui
    assert ui.count("<button ") == len(available_tags())
