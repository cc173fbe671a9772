"""Turn raw cells into typed domain records plus issues. Pure: no openpyxl, no xlwings.

``cells`` parses one value per declared kind; ``tables`` maps headers and parses rows;
``book`` assembles an :class:`~cmfi_xl.core.models.InstitutionBook`; ``rules`` checks the
cross-register rules. Every function returns its result together with a list of issues and
never stops at the first problem.
"""
