"""The declarations are the one source of truth: models, lists and names must agree with them."""

from __future__ import annotations

import re

from cmfi_xl.core.models import RECORD_TYPES, Profile, Record
from cmfi_xl.schema.docs import all_schemas, schema_markdown
from cmfi_xl.schema.institution import INSTITUTION
from cmfi_xl.schema.spec import Kind

# Characters that need escaping inside an Excel structured reference: keep headers free of them.
STRUCTURED_REF_SPECIALS = re.compile(r"[\[\]#'\t\n\r,:.{}$^&*+=<>/\"]")


def test_every_table_has_a_record_type_with_the_declared_fields() -> None:
    for t in INSTITUTION.tables:
        model = RECORD_TYPES[t.key]
        fields = set(model.model_fields) - set(Record.model_fields)
        assert fields == {c.key for c in t.input_columns}, t.key


def test_profile_model_matches_the_profile_fields() -> None:
    declared = {f.key for f in INSTITUTION.profile_fields if f.kind is not Kind.FORMULA}
    assert set(Profile.model_fields) == declared


def test_table_names_and_keys_are_unique_and_stable_identifiers() -> None:
    names = [t.name for t in INSTITUTION.tables]
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"tbl[A-Z][A-Za-z]+", n) for n in names)
    sheets = [t.sheet for t in INSTITUTION.tables] + [INSTITUTION.profile_sheet, INSTITUTION.summary_sheet,
                                                       INSTITUTION.lists_sheet]
    assert len(set(sheets)) == len(sheets)
    assert all(len(s) <= 31 for s in sheets)  # Excel's limit on sheet names
    for t in INSTITUTION.tables:
        keys = [c.key for c in t.columns]
        assert len(set(keys)) == len(keys)
        headers = [c.header for c in t.columns]
        assert len(set(headers)) == len(headers), t.key
        for h in headers:
            assert not STRUCTURED_REF_SPECIALS.search(h), (t.key, h)


def test_choice_columns_name_an_existing_list_and_labels_are_unique() -> None:
    keys = {cl.key for cl in INSTITUTION.choice_lists}
    for t in INSTITUTION.tables:
        for c in t.columns:
            assert (c.kind is Kind.CHOICE) == (c.choices is not None), (t.key, c.key)
            if c.choices:
                assert c.choices in keys
    for cl in INSTITUTION.choice_lists:
        assert len(set(cl.labels)) == len(cl.labels)
        assert cl.lookup(cl.choices[0].label) == cl.choices[0]
        assert cl.lookup(cl.choices[0].code.upper()) == cl.choices[0]


def test_formula_literals_match_the_choice_labels() -> None:
    """Formulas compare with Thai labels; a renamed label must not silently break them."""
    from cmfi_xl.schema.summary import FAIL_TEXT, PASS_TEXT, SUMMARY_ITEMS

    labels = {lab for cl in INSTITUTION.choice_lists for lab in cl.labels} | {PASS_TEXT, FAIL_TEXT}
    formulas = [c.formula for t in INSTITUTION.tables for c in t.columns if c.formula]
    formulas += [it.formula for it in SUMMARY_ITEMS]
    for f in formulas:
        for literal in re.findall(r'"(?:<>)?([^"<>=]+)"', f or ""):
            if re.search(r"[\u0e00-\u0e7f]", literal):
                assert literal in labels, literal


def test_schema_json_lists_every_column_with_type_and_required() -> None:
    doc = all_schemas()
    (tpl,) = doc["templates"]
    assert tpl["template_id"] == "cmfi-institution"
    table = next(t for t in tpl["tables"] if t["table_name"] == "tblShares")
    col = next(c for c in table["columns"] if c["key"] == "amount")
    assert col == {**col, "header": "จำนวนเงิน", "type": "money", "required": True}
    md = schema_markdown(INSTITUTION)
    assert "tblContracts" in md and "ทะเบียนคุมเงินลงหุ้น" in md


def test_the_committed_schema_doc_is_current() -> None:
    from pathlib import Path

    doc = Path(__file__).resolve().parents[1] / "docs" / "schema.md"
    assert doc.read_text(encoding="utf-8") == schema_markdown(INSTITUTION) + "\n", (
        "regenerate: cmfi-xl schema --markdown > docs/schema.md")
