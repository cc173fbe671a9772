"""How fast ``cmfi-xl rollup`` reads an inbox, against a naive openpyxl loop and the XML floor.

    python bench/rollup.py                 # 1,000 institution files (and memory at 100 / 1,000)
    python bench/rollup.py --n 10000       # 10,000 files (takes a while; memory at 100 / 1,000 / 10,000)

Files: a few institution workbooks are built for real by the package's builder from the sample
generator (different seeds and sizes: 100–400 households, their contracts, shares, loans, cash
books), and each of the N files is one of them re-tagged with its own village code, name, stamp
and scaled loan principals (:mod:`cmfi_xl.rollup.sample`), so every file checks clean and has its
own figures.

Printed, in one run on this machine:

* **roll-up**: files/s of :func:`cmfi_xl.rollup.run.run_rollup` (safety inspection, calamine, the
  same checks as ``cmfi-xl check``, figures, consolidation) with ``--workers`` processes, and with 1;
* **baseline**: the naive loop — openpyxl loads each workbook, the same check, then the figures, one file
  after the other in one process (measured on the first ``--baseline-files`` files: its rate per
  file does not depend on N);
* **floor**: unzip every part and parse every XML part with expat (no handlers) — the least any
  reader of these files must do — in one process and with ``--workers`` processes;
* what parts of the roll-up cost alone, as a share of the floor: calamine reading the sheets of
  the file as it is (no checks), the safety inspection, and the roll-up's whole reading without
  the checks (the inspection keeping the parts it inflated, the package, calamine over the
  rebuilt package, the cells of the lean read);
* the same ratio measured *paired*: each file read by the roll-up's ``read_file`` and by the floor
  one right after the other, in 1 and in ``--workers`` processes (a shared machine whose speed
  drifts slows both alike);
* ratios (each measurement runs in a fresh process whose imports are done before its clock
  starts; the roll-up, the floor and the baseline are each run ``--repeat`` times, side by side,
  and each one's fastest run is kept: the machine may be shared), and the peak memory (max RSS) of a roll-up of 100, 1,000 (and 10,000) files, each in a
  fresh process (parent, and the largest worker).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from xml.parsers import expat

BASES = ((2571, 100), (2572, 200), (2573, 300), (2576, 150), (2577, 400), (2578, 250))


def make_files(folder: Path, n: int) -> list[Path]:
    from cmfi_xl.core.issues import has_errors
    from cmfi_xl.rollup.sample import base_workbook, make_inbox
    from cmfi_xl.validate.check import check_file

    t = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    bases = []
    for seed, households in BASES:
        data = base_workbook(seed, households)
        probe = folder.parent / "probe.xlsx"
        probe.write_bytes(data)
        if not has_errors(check_file(probe)[1]):
            bases.append(data)
    built = time.perf_counter() - t
    paths = make_inbox(folder, n, bases=bases)
    size = sum(p.stat().st_size for p in paths)
    print(f"files: {n:,} from {len(bases)} base workbooks ({built:.1f} s to build them), "
          f"re-tagged in {time.perf_counter() - t - built:.1f} s; {size / n / 1024:.0f} KB each on average")
    return paths


def floor_one(path: str) -> int:
    parsed = 0
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            data = zf.read(info)
            if info.filename.endswith((".xml", ".rels")):
                p = expat.ParserCreate()
                p.Parse(data, True)
                parsed += len(data)
    return parsed


def calamine_one(path: str) -> None:
    """The roll-up's reader alone: calamine reads the sheets the roll-up reads (no checks)."""
    import io

    import python_calamine

    from cmfi_xl.schema.institution import INSTITUTION

    wanted = {t.sheet for t in INSTITUTION.tables} | {INSTITUTION.profile_sheet}
    with python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(Path(path).read_bytes()), load_tables=False) as wb:
        for name in wb.sheet_names:
            if name in wanted:
                wb.get_sheet_by_name(name).to_python(skip_empty_area=False)


def inspect_one(path: str) -> None:
    """The safety inspection alone (size cap, ZIP checks, every part inflated, DTD scan)."""
    from cmfi_xl.xlsx.safety import inspect_workbook_file

    inspect_workbook_file(path)


def reading_one(path: str) -> None:
    """The roll-up's reading without its checks: the inspection (which keeps the parts it inflated),
    the package, calamine over the rebuilt package, and the lean RawBook's cells."""
    from cmfi_xl.rollup.read import _raw_book, header_sheets
    from cmfi_xl.schema.institution import INSTITUTION
    from cmfi_xl.xlsx.fastread import Grid, find_stamp, open_inspected, spec_sheets
    from cmfi_xl.xlsx.safety import inspect_workbook_parts

    inspected = inspect_workbook_parts(path)
    pkg, wb = open_inspected(inspected, spec_sheets(INSTITUTION), header_sheets)
    with wb:
        grid = Grid(wb)
        stamp = find_stamp(grid, INSTITUTION.profile_sheet)
        assert stamp is not None
        _raw_book(grid, pkg.tables, path, [], stamp, lean=True)


def paired(paths: list[str]) -> tuple[float, float, float | None]:
    """(roll-up seconds, floor seconds, floor-with-ISA-L seconds or None) of the same files, each
    file read every way one right after the other (the order alternates): a machine whose speed
    drifts while the bench runs (it is shared) slows all alike, so their ratio holds where two runs
    minutes apart may differ. Where the optional ``isal`` package is installed the roll-up's
    inspection inflates with ISA-L, so the floor is also timed with ``zipfile`` inflating through
    ISA-L (inflate and CRC-32): the floor a reader with the same inflater has."""
    from cmfi_xl.rollup.read import read_file
    from cmfi_xl.rollup.run import reading_gc

    try:
        from isal import isal_zlib
    except ImportError:
        isal_zlib = None
    std_zlib, std_crc32 = zipfile.zlib, zipfile.crc32
    clock = time.perf_counter
    roll = floor = floor_isal = 0.0
    ways = (0, 1, 2) if isal_zlib is not None else (0, 1)
    with reading_gc():
        for i, path in enumerate(paths):
            for which in ways[i % len(ways):] + ways[: i % len(ways)]:  # each goes first, middle, last in turn
                t = clock()
                if which == 1:
                    read_file(path)
                    roll += clock() - t
                elif which == 0:
                    floor_one(path)
                    floor += clock() - t
                else:
                    zipfile.zlib, zipfile.crc32 = isal_zlib, isal_zlib.crc32
                    try:
                        floor_one(path)
                    finally:
                        zipfile.zlib, zipfile.crc32 = std_zlib, std_crc32
                    floor_isal += clock() - t
    return roll, floor, (floor_isal if isal_zlib is not None else None)


def naive_one(path: str) -> None:
    """What a first script would do: load each workbook with openpyxl, check it, take the figures.
    (``check_file`` now reads with calamine, so the openpyxl load is spelled out here.)"""
    from cmfi_xl.rollup.figures import institution_figures
    from cmfi_xl.schema.institution import INSTITUTION
    from cmfi_xl.validate.book import parse_book
    from cmfi_xl.validate.rules import run_rules
    from cmfi_xl.xlsx.read import read_workbook
    from cmfi_xl.xlsx.safety import safe_load_workbook

    report, wb = safe_load_workbook(path, data_only=True)
    book, _, loc = parse_book(read_workbook(wb, INSTITUTION, path, list(report.warnings)), INSTITUTION)
    run_rules(book, loc, INSTITUTION)
    institution_figures(book)


def _imports(mode: str) -> None:
    """What a mode imports, done before its clock starts: a process pays it once (≈ 0.4 s for the
    roll-up), not per file, and counted in it would weigh on a 300-file run but not on the floor."""
    if mode == "rollup":
        from cmfi_xl.rollup.run import _preload

        _preload()
    elif mode in ("naive", "calamine", "inspect", "reading"):
        import openpyxl  # noqa: F401
        import python_calamine  # noqa: F401

        from cmfi_xl.rollup import figures, read  # noqa: F401
        from cmfi_xl.validate import book, rules  # noqa: F401
        from cmfi_xl.xlsx import fastread, safety  # noqa: F401
        from cmfi_xl.xlsx import read as xlsx_read  # noqa: F401

        read.lean_spec()


def child(mode: str, folder: str, n: int, workers: int) -> None:
    """Run one measurement in this (fresh) process and print JSON."""
    paths = sorted(Path(folder).glob("*.xlsx"))[:n]
    _imports(mode)
    t = time.perf_counter()
    extra: dict[str, object] = {}
    if mode == "rollup":
        from cmfi_xl.rollup.core import rollup
        from cmfi_xl.rollup.run import read_all

        results = read_all([(p, p.name) for p in paths], workers=workers)
        r = rollup(results)
        extra = {"accepted": r.count("accepted"), "rejected": r.count("rejected")}
    elif mode in ("naive", "calamine", "inspect", "reading"):
        one = {"naive": naive_one, "calamine": calamine_one, "inspect": inspect_one, "reading": reading_one}[mode]
        for p in paths:
            one(str(p))
    elif mode == "paired":
        from cmfi_xl.rollup.run import _preload

        _preload()
        t = time.perf_counter()
        names = [str(p) for p in paths]
        if workers > 1:  # each process its share of the files, as the roll-up's pool does
            with ProcessPoolExecutor(workers) as pool:
                parts = list(pool.map(paired, [names[k::workers] for k in range(workers)]))
        else:
            parts = [paired(names)]
        extra = {"roll": sum(r for r, _, _ in parts), "floor": sum(f for _, f, _ in parts),
                 "floor_isal": None if parts[0][2] is None else sum(fi for _, _, fi in parts)}
    elif mode == "floor":
        if workers > 1:
            with ProcessPoolExecutor(workers) as pool:
                list(pool.map(floor_one, map(str, paths), chunksize=16))
        else:
            for p in paths:
                floor_one(str(p))
    secs = time.perf_counter() - t
    print(json.dumps({"mode": mode, "n": len(paths), "seconds": secs,
                      "rss_self_mb": _peak_rss_mb(),
                      "rss_child_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, **extra}))


def _peak_rss_mb() -> float:
    """This process's peak resident memory: VmHWM where Linux has it (``ru_maxrss`` is kept across
    ``exec``, so in a child it also counts the bench's own size when it started the child)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(mode: str, folder: Path, n: int, workers: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", mode, str(folder), str(n), str(workers)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000, help="files in the inbox (default 1000)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--baseline-files", type=int, default=60, help="files the naive loop is timed on")
    ap.add_argument("--dir", help="keep the files here (default: a temporary folder)")
    ap.add_argument("--repeat", type=int, default=2,
                    help="run the roll-up, the floor and the baseline this many times, side by side, and keep "
                         "each one's fastest run (default 2: the machine may be shared)")
    ap.add_argument("--rollup-only", action="store_true",
                    help="time the roll-up and its memory only (for the 10,000-file run: the baseline's and "
                         "the floor's rates per file do not depend on N)")
    ap.add_argument("--child", nargs=4, metavar=("MODE", "DIR", "N", "WORKERS"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        mode, folder, n, workers = args.child
        child(mode, folder, int(n), int(workers))
        return
    with tempfile.TemporaryDirectory(prefix="cmfi-rollup-bench-") as tmp:
        root = Path(args.dir) if args.dir else Path(tmp)
        folder = root / "inbox"
        if not (folder.exists() and len(list(folder.glob("*.xlsx"))) >= args.n):
            make_files(folder, args.n)
        n, w = args.n, args.workers
        def best(a: dict | None, b: dict) -> dict:  # the faster of two runs (the machine is shared)
            return b if a is None or b["seconds"] / b["n"] < a["seconds"] / a["n"] else a

        roll = floor_w = roll1 = floor1 = naive = None
        for _ in range(1 if args.rollup_only else args.repeat):  # each ratio's two runs side by side
            if args.rollup_only:
                roll = measure("rollup", folder, n, w)
                break
            roll = best(roll, measure("rollup", folder, n, w))
            floor_w = best(floor_w, measure("floor", folder, n, w))
            roll1 = best(roll1, measure("rollup", folder, min(n, 300), 1))
            floor1 = best(floor1, measure("floor", folder, min(n, 300), 1))
            naive = best(naive, measure("naive", folder, min(n, args.baseline_files), 1))
        assert roll is not None
        print(f"roll-up, {w} processes : {n / roll['seconds']:8.1f} files/s  ({n:,} files in {roll['seconds']:.1f} s; "
              f"accepted {roll['accepted']:,}, rejected {roll['rejected']})", flush=True)
        if args.rollup_only:
            for s in [s for s in (100, 1000, 10_000) if s <= n]:
                m = roll if s == n else measure("rollup", folder, s, w)
                print(f"peak memory, roll-up of {s:>6,} files: parent {m['rss_self_mb']:.0f} MB, "
                      f"largest worker {m['rss_child_mb']:.0f} MB")
            return
        assert floor_w and roll1 and floor1 and naive
        cal1 = measure("calamine", folder, min(n, 300), 1)
        insp1 = measure("inspect", folder, min(n, 300), 1)
        try:
            read1 = measure("reading", folder, min(n, 300), 1)
        except subprocess.CalledProcessError:  # (code from before inspect_workbook_parts: A/B runs)
            read1 = {"n": 0, "seconds": float("inf")}
        rate = {k: v["n"] / v["seconds"] for k, v in
                {"roll": roll, "roll1": roll1, "naive": naive, "floor1": floor1, "floor_w": floor_w,
                 "cal1": cal1, "insp1": insp1, "read1": read1}.items()}
        print(f"roll-up, 1 process     : {rate['roll1']:8.1f} files/s  (first {roll1['n']:,} files)")
        print(f"baseline, naive openpyxl loop (check + figures, 1 process): {rate['naive']:6.2f} files/s "
              f"(first {naive['n']} files)")
        print(f"floor, unzip + expat parse, 1 process  : {rate['floor1']:8.1f} files/s  (first {floor1['n']:,} files)")
        print(f"floor, unzip + expat parse, {w} processes: {rate['floor_w']:8.1f} files/s")
        print(f"speed-up over the baseline: {rate['roll'] / rate['naive']:.1f}×  "
              f"(1 process: {rate['roll1'] / rate['naive']:.1f}×)")
        print(f"roll-up time / floor time: {rate['floor_w'] / rate['roll']:.2f}× ({w} processes each), "
              f"{rate['floor1'] / rate['roll1']:.2f}× (1 process each)")
        print(f"parts of the roll-up alone, 1 process (first {cal1['n']} files; time / floor time): "
              f"calamine reading the sheets {rate['cal1']:.1f} files/s ({rate['floor1'] / rate['cal1']:.2f}×), "
              f"safety inspection {rate['insp1']:.1f} files/s ({rate['floor1'] / rate['insp1']:.2f}×); "
              f"the roll-up's whole reading without the checks (inspection, package, calamine, cells) "
              + (f"{rate['read1']:.1f} files/s ({rate['floor1'] / rate['read1']:.2f}×)" if rate["read1"] else "n/a"))
        for k in (1, w):
            pair = measure("paired", folder, min(n, 300), k)
            print(f"roll-up time / floor time, the same files read both ways one after the other "
                  f"({k} process{'es' if k > 1 else ''}, first {pair['n']} files): {pair['roll'] / pair['floor']:.2f}× "
                  f"(roll-up {pair['roll'] / pair['n'] * 1000:.1f} ms, floor {pair['floor'] / pair['n'] * 1000:.1f} ms "
                  f"a file{', CPU time summed over the processes' if k > 1 else ''})")
            if pair.get("floor_isal"):
                print(f"   the same against the floor inflating with ISA-L too (the isal package is installed, so "
                      f"the roll-up's inspection uses it): {pair['roll'] / pair['floor_isal']:.2f}× "
                      f"(floor {pair['floor_isal'] / pair['n'] * 1000:.1f} ms a file)")
        sizes = [s for s in (100, 1000, 10_000) if s <= n]
        for s in sizes:
            m = roll if s == n else measure("rollup", folder, s, w)
            print(f"peak memory, roll-up of {s:>6,} files: parent {m['rss_self_mb']:.0f} MB, "
                  f"largest worker {m['rss_child_mb']:.0f} MB")


if __name__ == "__main__":
    main()
