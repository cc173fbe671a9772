"""cmfi-xl: Excel tools for Thai Community Fund Management Institutions.

Layers (see docs/architecture in README):
- ``cmfi_xl.core``: pure domain types and computations (no Excel imports).
- ``cmfi_xl.schema``: one declaration per register (drives build, read, validate, docs).
- ``cmfi_xl.xlsx``: thin openpyxl shells (build templates, read workbooks, write results).
- ``cmfi_xl.render``: LibreOffice headless (recalculate, convert to PDF).
- ``cmfi_xl.planner``: the household debt-consolidation planner (pure, HiGHS).
- ``cmfi_xl.cli``: the ``cmfi-xl`` command line.
"""

__version__ = "0.1.0"
