"""How long `cmfi-xl check` takes, against a plain openpyxl load of the same file (the baseline).

    python bench/check.py            # the demo institution and a 10× larger one

Prints, per workbook: rows, file size, build time, check time, the baseline's time and the ratio
check / baseline (reading dominates; validation should add little on top of the load).
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

from cmfi_xl.demo.sample import sample_institution
from cmfi_xl.schema.institution import INSTITUTION
from cmfi_xl.validate.check import check_file
from cmfi_xl.xlsx.build import build_workbook


def _best(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def _bigger(data: dict, factor: int) -> dict:
    """Scale the cash book (the longest register in practice) by ``factor``."""
    cash = []
    for k in range(factor):
        for n, c in enumerate(data["cash_book"]):
            cash.append({**c, "doc_no": f"D{k:02d}-{n:05d}", "date": c["date"] + dt.timedelta(days=0)})
    return {**data, "cash_book": cash}


def main() -> None:
    cases = [("demo (300 households)", sample_institution(), 1)]
    profile, data = sample_institution(seed=7, households=1000)
    cases.append(("1,000 households, cash book ×135", (profile, _bigger(data, 135)), 1))
    with tempfile.TemporaryDirectory() as tmp:
        for name, (profile, data), _ in cases:
            path = Path(tmp) / "book.xlsx"
            t = time.perf_counter()
            build_workbook(INSTITUTION, profile=profile, data=data).save(path)
            build_s = time.perf_counter() - t
            rows = sum(len(v) for v in data.values())
            check_s = _best(lambda: check_file(path))
            base_s = _best(lambda: openpyxl.load_workbook(path, data_only=True))
            _, issues, _ = check_file(path)
            errors = sum(1 for i in issues if i.severity == "error")
            print(f"{name}: {rows:,} rows, {path.stat().st_size / 1e6:.2f} MB, {errors} errors")
            print(f"    build {build_s:.2f} s · check {check_s:.2f} s · openpyxl load (baseline) {base_s:.2f} s"
                  f" · ratio check/baseline {check_s / base_s:.2f}")
    print(f"python {sys.version.split()[0]}, openpyxl {openpyxl.__version__}")


if __name__ == "__main__":
    main()
