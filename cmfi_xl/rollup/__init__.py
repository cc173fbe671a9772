"""Roll-up (issue 7): consolidate the workbooks institutions email upward into a district file.

Pure core (identify, dedupe, eliminate, total) in :mod:`.core`; reading files in :mod:`.read`;
the district workbook writer in :mod:`.write`. The figures shared with the report workbook are
declared in :mod:`.figures`, the accepted formats in :mod:`.formats`. See ``docs/rollup.md``.
"""
