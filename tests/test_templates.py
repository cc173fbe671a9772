"""The committed templates are exactly what the code builds, and they carry the house style."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from cmfi_xl.schema.institution import INSTITUTION, SPECS
from cmfi_xl.xlsx.build import FIRST_DATA_ROW, HEADER_ROW, build_workbook
from cmfi_xl.xlsx.dump import dump_workbook

TEMPLATES = Path(__file__).resolve().parents[1] / "workbooks" / "templates"


@pytest.mark.parametrize("template_id", sorted(SPECS))
def test_committed_template_equals_a_fresh_build(template_id: str, tmp_path: Path) -> None:
    committed = TEMPLATES / f"{template_id}.xlsx"
    assert committed.exists(), "run: cmfi-xl template build"
    fresh = tmp_path / "fresh.xlsx"
    build_workbook(SPECS[template_id]).save(fresh)
    assert dump_workbook(committed) == dump_workbook(fresh), (
        "the committed template is stale: run `cmfi-xl template build` and commit the result")


def _command_templates() -> dict:
    from cmfi_xl.commands import templates

    return templates()


@pytest.mark.parametrize("template_id", sorted(_command_templates()))
def test_committed_command_template_equals_a_fresh_build(template_id: str, tmp_path: Path) -> None:
    committed = TEMPLATES / f"{template_id}.xlsx"
    assert committed.exists(), "run: cmfi-xl template build"
    fresh = tmp_path / "fresh.xlsx"
    _command_templates()[template_id]().save(fresh)
    assert dump_workbook(committed) == dump_workbook(fresh), (
        "the committed template is stale: run `cmfi-xl template build` and commit the result")


def test_template_ids_are_unique_across_specs_and_commands() -> None:
    assert not set(SPECS) & set(_command_templates())


@pytest.fixture(scope="module")
def template() -> openpyxl.Workbook:
    return openpyxl.load_workbook(TEMPLATES / "cmfi-institution.xlsx")


def test_every_register_is_a_real_excel_table_with_thai_headers(template: openpyxl.Workbook) -> None:
    for t in INSTITUTION.tables:
        ws = template[t.sheet]
        assert t.name in ws.tables, t.name
        xt = ws.tables[t.name]
        assert xt.ref.startswith(f"A{HEADER_ROW}:")
        assert [c.name for c in xt.tableColumns] == [c.header for c in t.columns]
        assert [ws.cell(HEADER_ROW, i + 1).value for i in range(len(t.columns))] == [c.header for c in t.columns]


def test_house_style_a4_fonts_frozen_panes_protection(template: openpyxl.Workbook) -> None:
    for t in INSTITUTION.tables:
        ws = template[t.sheet]
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
        assert ws.freeze_panes == f"A{FIRST_DATA_ROW}"
        assert ws.protection.sheet and not ws.protection.password  # staff may unprotect
        assert ws.cell(HEADER_ROW, 1).font.name == "TH Sarabun New"
        assert ws.cell(HEADER_ROW, 1).protection.locked
        for i, col in enumerate(t.columns, 1):
            letter = openpyxl.utils.get_column_letter(i)
            assert ws.column_dimensions[letter].protection.locked == (not col.is_input), (t.key, col.key)
            if col.formula:
                cell = ws.cell(FIRST_DATA_ROW, i)
                assert str(cell.value).startswith("=") and cell.protection.locked


def test_drop_downs_dates_and_money_formats(template: openpyxl.Workbook) -> None:
    ws = template["ทะเบียนสมาชิก"]
    formulas = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert {"=lst_group_type", "=lst_group_status"} <= formulas
    shares = template["ทะเบียนคุมเงินลงหุ้น"]
    assert "=lst_group" in {dv.formula1 for dv in shares.data_validations.dataValidation}
    assert shares.column_dimensions["A"].number_format == "[$-107041E]dd/mm/yyyy"  # B.E. display
    assert shares.column_dimensions["G"].number_format == "#,##0.00"
    assert "lst_lender" in template.defined_names
    assert "lst_group_type" in template.defined_names


def test_version_stamp_is_visible_and_in_the_document_properties(template: openpyxl.Workbook) -> None:
    ws = template[INSTITUTION.profile_sheet]
    assert (ws["B2"].value, ws["B3"].value) == (INSTITUTION.template_id, INSTITUTION.version)
    props = {p.name: p.value for p in template.custom_doc_props}
    assert props == {"cmfi.template_id": "cmfi-institution", "cmfi.template_version": INSTITUTION.version}
