"""Render the README's screenshots from the demo workbook with LibreOffice.

    cmfi-xl demo --out demo-out && python scripts/screenshots.py demo-out/institution-sample.pdf
"""

from __future__ import annotations

import sys
from pathlib import Path

from cmfi_xl.render import libreoffice as lo

SHOTS = {  # image name → text that marks the first page to show
    "profile": "แบบฟอร์มข้อมูลสถาบัน",
    "shares": "R67-001",
    "contracts": "C0001",
    "summary": "Summary (live formulas)",
}


def main(pdf: str) -> None:
    pages = lo.pdf_text(pdf).split("\f")
    out = Path(__file__).resolve().parents[1] / "docs" / "img"
    out.mkdir(parents=True, exist_ok=True)
    for name, marker in SHOTS.items():
        page = next(i for i, text in enumerate(pages, 1) if marker in text)
        png = lo.render_png(pdf, out / name, first_page=page, dpi=60)
        print(f"{name}: page {page} → {png}")


if __name__ == "__main__":
    main(sys.argv[1])
