"""The workbook side of the debt planner: book → planner instance, plan → register rows.

Pure (no openpyxl): ``instance`` builds a ``cmfi-debt-instance/1`` from an
:class:`~cmfi_xl.core.models.InstitutionBook`; ``apply`` turns approved plan rows into debt
transfers and new contracts. The Excel shells are in ``cmfi_xl.xlsx.plan``.
"""
