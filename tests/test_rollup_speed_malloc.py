"""The roll-up's readers keep glibc's malloc from handing each file's large blocks back to the
system (``rollup.run.tune_malloc``, applied by ``reading_gc``): a setting of the C library, so the
same files give the same results with it and without it (read in fresh processes, compared whole)."""

from __future__ import annotations

import pickle
import platform
import subprocess
import sys
from pathlib import Path

from cmfi_xl.rollup import run
from cmfi_xl.rollup.sample import base_workbook, make_inbox

_READ = """
import pickle, sys
from pathlib import Path
from cmfi_xl.rollup import run
if sys.argv[2] == "off":
    run.tune_malloc = lambda: False
files = sorted(Path(sys.argv[1]).glob("*.xlsx"))
results = run.read_all([(p, p.name) for p in files], workers=1)
sys.stdout.buffer.write(pickle.dumps((run._malloc_tuned, results)))
"""


def test_malloc_is_tuned_once_on_glibc() -> None:
    glibc = platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"
    with run.reading_gc():
        assert run._malloc_tuned is glibc
    assert run.tune_malloc() is glibc


def test_the_same_results_with_and_without(tmp_path: Path) -> None:
    bases = [base_workbook(2571, 40), base_workbook(2572, 70)]
    make_inbox(tmp_path, 6, bases=bases)
    (tmp_path / "broken.xlsx").write_bytes(bases[0][: len(bases[0]) // 2])
    out = {}
    for mode in ("on", "off"):
        done = subprocess.run([sys.executable, "-c", _READ, str(tmp_path), mode], check=True, capture_output=True)
        out[mode] = pickle.loads(done.stdout)
    tuned, results = out["on"]
    assert tuned is (platform.libc_ver()[0] == "glibc") and out["off"][0] is None
    assert results == out["off"][1]
    assert len(results) == 7 and sum(type(r).__name__ == "Submission" for r in results) == 6
