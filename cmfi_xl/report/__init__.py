"""The official report sheets (issue 5): part 1 profile and structure, part 2 assessment results,
the operations summary. Pure descriptions (:mod:`cmfi_xl.report.doc`); the workbook writer is
:mod:`cmfi_xl.xlsx.report`. See ``docs/report.md``.
"""
