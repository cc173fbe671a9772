"""Many realistic institution workbooks, fast: for the roll-up's tests, bench and demo.

Building a filled workbook with :func:`cmfi_xl.xlsx.build.build_workbook` takes about a second, too
slow for thousands. So a few *base* workbooks are built for real (different seeds and sizes:
different groups, households, contracts, shares, loans, cash books), and each file of an inbox is
a base with its profile re-tagged (village code, name, the date it was prepared) and its loan
principals scaled, edited directly in the sheet XML. The result is an ordinary workbook that
``cmfi-xl check`` passes, with its own village code and figures.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import re
import zipfile
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

__all__ = ["EXCEL_EPOCH", "base_workbook", "make_inbox", "retag"]

EXCEL_EPOCH = dt.date(1899, 12, 30)
_CELL = r'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)'


def base_workbook(seed: int, households: int = 300) -> bytes:
    """A filled institution workbook from the sample generator (``cmfi_xl.demo.sample``)."""
    from cmfi_xl.demo.sample import sample_institution
    from cmfi_xl.schema.institution import INSTITUTION
    from cmfi_xl.xlsx.build import build_workbook

    profile, data = sample_institution(seed=seed, households=households)
    buf = io.BytesIO()
    build_workbook(INSTITUTION, profile=profile, data=data).save(buf)
    return buf.getvalue()


def _profile_row(key: str) -> int:
    from cmfi_xl.schema.institution import INSTITUTION
    from cmfi_xl.xlsx.build import PROFILE_FIRST_ROW

    return PROFILE_FIRST_ROW + [f.key for f in INSTITUTION.profile_fields].index(key)


def _set_cell(xml: str, ref: str, value: str | int, style_from_old: bool = True) -> str:
    m = re.search(_CELL.format(ref=ref), xml, flags=re.S)
    if m is None:
        raise ValueError(f"cell {ref} not found")
    style = re.search(r'\ss="(\d+)"', m.group(0))
    s = f' s="{style.group(1)}"' if style and style_from_old else ""
    if isinstance(value, int):
        new = f'<c r="{ref}"{s}><v>{value}</v></c>'
    else:
        text = value.replace("&", "&amp;").replace("<", "&lt;")
        new = f'<c r="{ref}"{s} t="inlineStr"><is><t>{text}</t></is></c>'
    return xml[: m.start()] + new + xml[m.end():]


def _sheet_parts(members: dict[str, bytes]) -> dict[str, str]:
    """Sheet name → part name (openpyxl writes sheet{n}.xml in workbook order)."""
    names = re.findall(r'<sheet name="([^"]+)"', members["xl/workbook.xml"].decode("utf-8"))
    return {n: f"xl/worksheets/sheet{i}.xml" for i, n in enumerate(names, 1)}


def retag(data: bytes, *, village_code: str, name: str, prepared_on: dt.date | None = None,
          debt_factor: Decimal | None = None) -> bytes:
    """A copy of an institution workbook with another village code and name (and stamp, and loan
    principals × ``debt_factor`` rounded to 500 baht)."""
    from cmfi_xl.schema.institution import INSTITUTION

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    parts = _sheet_parts(members)
    prof = parts[INSTITUTION.profile_sheet]
    xml = members[prof].decode("utf-8")
    xml = _set_cell(xml, f"B{_profile_row('village_code')}", village_code)
    xml = _set_cell(xml, f"B{_profile_row('name')}", name)
    if prepared_on is not None:
        xml = _set_cell(xml, f"B{_profile_row('prepared_on')}", (prepared_on - EXCEL_EPOCH).days)
    members[prof] = xml.encode("utf-8")
    if debt_factor is not None:
        t = INSTITUTION.table("contracts")
        col = "ABCDEFGHIJKLMNOP"[[c.key for c in t.columns].index("principal")]
        part = parts[t.sheet]

        def scale(m: re.Match[str]) -> str:
            v = (Decimal(m.group(2)) * debt_factor / 500).quantize(Decimal(1), ROUND_HALF_UP) * 500
            return f"{m.group(1)}{max(v, Decimal(500))}{m.group(3)}"

        xml = members[part].decode("utf-8")
        xml = re.sub(rf'(<c r="{col}(?:[4-9]|\d\d+)"[^>]*><v>)([0-9.]+)(</v>)', scale, xml)
        members[part] = xml.encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, d in members.items():
            zf.writestr(n, d)
    return out.getvalue()


def make_inbox(folder: str | Path, n: int, *, amphoe: str = "3414", bases: Sequence[bytes] = (),
               seed: int = 7, fiscal_year_end: dt.date = dt.date(2026, 9, 30)) -> list[Path]:
    """``n`` institution files of amphoe ``amphoe`` in ``folder`` (distinct village codes)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    bases = list(bases) or [base_workbook(2571, 120)]
    rng = random.Random(seed)
    paths = []
    if n > 10_000:
        raise ValueError("one amphoe has at most 10,000 village codes (tambon 00-99 × หมู่ 00-99)")
    for k in range(n):
        tambon, moo = divmod(k, 100)  # 8-digit code: province + amphoe + tambon + หมู่ที่
        code = f"{amphoe}{tambon:02d}{moo:02d}"
        data = retag(bases[k % len(bases)], village_code=code, name=f"สถาบันการจัดการเงินทุนชุมชนหมู่ที่ {moo} ({code})",
                     prepared_on=fiscal_year_end - dt.timedelta(days=rng.randrange(0, 20)),
                     debt_factor=Decimal(rng.randrange(60, 160)) / 100)
        p = folder / f"{code}.xlsx"
        p.write_bytes(data)
        paths.append(p)
    return paths
