"""The workbooks the roll-up accepts, how each is identified and how its figures are read.

Every accepted file names itself in its **custom document properties** (``docProps/custom.xml``,
File ▸ Properties ▸ Custom in Excel), which the roll-up reads without opening any sheet:

==========================  ====================================================================
property                    meaning
==========================  ====================================================================
``cmfi.template_id``        ``cmfi-institution`` · ``cmfi-report`` · ``cmfi-district``
``cmfi.template_version``   ``MAJOR.MINOR``; accepted: same MAJOR, MINOR ≤ the one below
``cmfi.unit_code``          the reporting unit: 8-digit village code (institution, report),
                            4-digit amphoe code (district file), 2-digit province code (province)
``cmfi.village_code``       same as ``unit_code`` for an institution's report (kept for clarity)
``cmfi.fiscal_year``        fiscal year, B.E. (e.g. ``2569``)
``cmfi.submitted_at``       submission stamp, ISO 8601 (``2026-10-05T09:30:00``); the latest wins
``cmfi.unit_name``          the institution's / district's name (not personal data)
==========================  ====================================================================

How each template is read:

* ``cmfi-institution`` (the registers workbook, :mod:`cmfi_xl.schema.institution`): the template
  stamp is the profile sheet's B2:B3 (the custom properties repeat it); the village code, fiscal
  year and name come from the profile; the stamp is the profile's ``prepared_on`` date, then the
  file's ``dcterms:modified`` (Excel and LibreOffice set it on every save). The registers are read
  and checked like ``cmfi-xl check``; a workbook with errors is rejected; the figures are
  :func:`cmfi_xl.rollup.figures.institution_figures` of the book.
* ``cmfi-report`` (``cmfi-xl report``): the Excel Table ``tblReportFigures`` with columns
  ``key`` · ``label`` · ``value`` (:data:`REPORT_TABLE`, :data:`FIGURE_COLUMNS`; headed in Thai
  รหัสรายการ · รายการ · จำนวน, :data:`FIGURE_HEADERS`; the English headers are read too), one row per
  figure of :data:`cmfi_xl.rollup.figures.FIGURES`; identity from the custom properties above.
* ``cmfi-district`` (what ``cmfi-xl rollup`` writes, also for a province): the Excel Table
  ``tblRollupFigures`` (same three columns) holding the unit's totals of every figure; identity from
  the custom properties (``cmfi.unit_code`` = the amphoe code, or the province code).

Values in the figures tables are plain numbers (not formulas), so a reader needs no recalculation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cmfi_xl.schema.institution import TEMPLATE_VERSION as INSTITUTION_VERSION

__all__ = ["DISTRICT", "FIGURE_COLUMNS", "FIGURE_HEADERS", "FIGURE_HEADER_ALIASES", "FORMATS", "INSTITUTION", "PROPERTY", "REPORT", "REPORT_TABLE",
           "ROLLUP_TABLE", "Format", "format_of", "parent_code", "stamp_properties", "unit_level"]

#: The custom document property names (``cmfi.*``), by role.
PROPERTY = {
    "template_id": "cmfi.template_id",
    "version": "cmfi.template_version",
    "unit_code": "cmfi.unit_code",
    "village_code": "cmfi.village_code",
    "fiscal_year": "cmfi.fiscal_year",
    "submitted_at": "cmfi.submitted_at",
    "unit_name": "cmfi.unit_name",
}
REPORT_TABLE = "tblReportFigures"
ROLLUP_TABLE = "tblRollupFigures"
FIGURE_COLUMNS = ("key", "label", "value")
#: the header text of those columns in the files we write (Thai, for the people who print them)
FIGURE_HEADERS = {"key": "รหัสรายการ", "label": "รายการ", "value": "จำนวน", "label_en": "รายการ (อังกฤษ)"}
#: header texts a reader accepts for the key and value columns (files written before session 3
#: carry the English names)
FIGURE_HEADER_ALIASES = {"key": ("key", FIGURE_HEADERS["key"]), "value": ("value", FIGURE_HEADERS["value"])}


@dataclass(frozen=True)
class Format:
    template_id: str
    version: str  # the newest version this code reads
    how: str  # "registers" | "figures-table"
    table: str  # the figures table ("" for the registers workbook)
    unit_digits: int  # length of the unit code: 8 village, 4 amphoe (or 2 province for a province file)
    title: str
    title_en: str


INSTITUTION = Format("cmfi-institution", INSTITUTION_VERSION, "registers", "", 8,
                     "แบบฟอร์มสถาบันการจัดการเงินทุนชุมชน", "Institution workbook")
REPORT = Format("cmfi-report", "1.0", "figures-table", REPORT_TABLE, 8,
                "รายงานผลการดำเนินงานสถาบัน", "Institution report workbook")
DISTRICT = Format("cmfi-district", "1.0", "figures-table", ROLLUP_TABLE, 4,
                  "สรุปรวมระดับอำเภอ/จังหวัด", "District (or province) roll-up workbook")

FORMATS: dict[str, Format] = {f.template_id: f for f in (INSTITUTION, REPORT, DISTRICT)}


def format_of(template_id: str | None) -> Format | None:
    return FORMATS.get((template_id or "").strip())


def unit_level(code: str) -> str:
    """``village`` (8 digits), ``amphoe`` (4), ``province`` (2), ``nation`` (empty)."""
    return {8: "village", 6: "tambon", 4: "amphoe", 2: "province", 0: "nation"}.get(len(code), "unknown")


def parent_code(code: str) -> str:
    """The unit one level up: village 34140507 → amphoe 3414 → province 34 → nation ''."""
    if len(code) == 8:
        return code[:4]
    if len(code) == 4:
        return code[:2]
    return ""


def stamp_properties(template_id: str, version: str, unit_code: str, fiscal_year: int,
                     submitted_at: dt.datetime, unit_name: str = "") -> dict[str, str]:
    """The custom document properties a writer of an accepted workbook sets (all strings).

    ``cmfi_xl.rollup`` writes them on the district workbook; the report writer sets them with
    ``template_id="cmfi-report"`` and the institution's village code::

        for name, value in stamp_properties("cmfi-report", "1.0", "34140507", 2569, when).items():
            wb.custom_doc_props.append(StringProperty(name=name, value=value))
    """
    props = {
        PROPERTY["template_id"]: template_id,
        PROPERTY["version"]: version,
        PROPERTY["unit_code"]: unit_code,
        PROPERTY["fiscal_year"]: str(fiscal_year),
        PROPERTY["submitted_at"]: submitted_at.replace(microsecond=0).isoformat(),
    }
    if len(unit_code) == 8:
        props[PROPERTY["village_code"]] = unit_code
    if unit_name:
        props[PROPERTY["unit_name"]] = unit_name
    return props
