"""``cmfi-xl rollup INBOX/ -o DISTRICT.xlsx``: consolidate the files institutions emailed in.

Exit codes: 0 written, every file accepted (or a superseded / duplicate copy of an accepted one)
and nobody on the roster missing; 1 written, but some files were rejected or roster units are
missing (the status sheet says which and why); 2 the command could not run.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path
from typing import Any, TextIO

DEMO_ORDER = 40

#: Villages of one amphoe (34 อุบลราชธานี, 14 ตระการพืชผล) for the demo's five institutions, with
#: the sample generator's seed for each (fixed, so the demo is the same whatever ``--seed`` says).
DEMO_UNITS = (
    ("34140101", "บ้านโนนสูง", "โนนสูง", 2571),
    ("34140203", "บ้านดอนแดง", "ดอนแดง", 2572),
    ("34140305", "บ้านนาจาน", "นาจาน", 2573),
    ("34140406", "บ้านหนองเต่า", "หนองเต่า", 2574),
    ("34140507", "บ้านหนองบัว", "หนองบัว", 2575),
)


class ProgressBar:
    """A progress bar on stderr: redrawn in place on a terminal, one line per 10 % otherwise."""

    def __init__(self, stream: TextIO | None = None, width: int = 30) -> None:
        self.stream = stream or sys.stderr
        self.width = width
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.t0 = time.perf_counter()
        self.last_decile = -1

    def __call__(self, done: int, total: int, name: str) -> None:
        frac = done / total if total else 1.0
        rate = done / max(time.perf_counter() - self.t0, 1e-9)
        fill = int(frac * self.width)
        line = f"[{'#' * fill}{'-' * (self.width - fill)}] {done}/{total} ({rate:.0f} ไฟล์/วินาที) {name[-40:]}"
        if self.tty:
            self.stream.write("\r" + line.ljust(100))
            if done == total:
                self.stream.write("\n")
        elif int(frac * 10) != self.last_decile or done == total:
            self.last_decile = int(frac * 10)
            self.stream.write(line + "\n")
        self.stream.flush()


def cmd_rollup(args: argparse.Namespace) -> int:
    from cmfi_xl.cli import CommandError
    from cmfi_xl.rollup.run import run_rollup
    from cmfi_xl.rollup.write import write_rollup

    inbox = Path(args.inbox)
    if not inbox.is_dir():
        raise CommandError(f"{inbox} is not a folder: give the folder where the e-mailed files were saved")
    out = Path(args.output)
    if args.district is not None and not (args.district.isdigit() and len(args.district) in (2, 4)):
        raise CommandError(f"--district must be a 4-digit amphoe code or a 2-digit province code: {args.district!r}")
    if not any(p.is_file() for p in inbox.rglob("*")):
        raise CommandError(f"{inbox} holds no files: save the e-mailed attachments there first")
    if args.roster and not Path(args.roster).is_file():
        raise CommandError(f"roster not found: {args.roster}")
    progress = None if args.quiet else ProgressBar()
    result = run_rollup(inbox, roster=args.roster, unit_code=args.district, fiscal_year=args.fiscal_year,
                        workers=max(1, args.workers), progress=progress, exclude=[out],
                        max_bytes=int(args.max_mb * 1024 * 1024))
    target = out.resolve()
    inputs = tuple(p for p in inbox.rglob("*") if p.is_file() and p.resolve() != target)  # a previous output may stay
    path = write_rollup(result, out, inputs=inputs + ((args.roster,) if args.roster else ()))
    print_result(result)
    print(f"เขียนไฟล์สรุปรวม / wrote {path}")
    bad = result.count("rejected") or result.missing
    return 1 if bad else 0


def print_result(r: Any) -> None:
    from cmfi_xl.rollup.core import LEVEL_TH, STATUS_TH

    print(f"สรุปรวม{LEVEL_TH[r.level]} {r.unit_code} ปีงบประมาณ {r.fiscal_year or '-'}: ได้รับ {len(r.statuses)} ไฟล์ · "
          f"รับรวม {r.count('accepted')} · ใหม่กว่าแทนที่ {r.count('superseded')} · ซ้ำ {r.count('duplicate')} · "
          f"ไม่รับ {r.count('rejected')} · ยังไม่ส่ง {len(r.missing)}")
    for s in r.statuses:
        if s.status != "accepted":
            print(f"  {STATUS_TH[s.status]:<14} {s.file}: {s.issue.code} {s.issue.message_th} / {s.issue.message_en}")
    for i in r.issues:
        print(f"  {i.code} {i.message_th} / {i.message_en}")
    for line, gross, elim, net in r.consolidated:
        print(f"  {line.label}: {gross:,.2f} − {elim:,.2f} = {net:,.2f}")


def register(sub: Any) -> None:
    p = sub.add_parser("rollup", help="รวมไฟล์ / consolidate the workbooks institutions e-mailed in")
    p.add_argument("inbox", help="the folder holding the files (institution, report or district workbooks)")
    p.add_argument("-o", "--output", required=True, help="DISTRICT.xlsx to write (never one of the inputs)")
    p.add_argument("--roster", help="roster workbook: a table tblRoster (or first sheet) with รหัส / ชื่อ columns")
    p.add_argument("--district", help="the amphoe code (4 digits), or the province code (2) for a province roll-up "
                                      "(default: from the roster, else the most common among the files)")
    p.add_argument("--fiscal-year", type=int, default=None, help="B.E. (default: the most common among the files)")
    p.add_argument("--workers", type=int, default=2, help="reader processes (default 2)")
    p.add_argument("--max-mb", type=float, default=50.0, help="size cap per file in MB (default 50)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_rollup)


def write_roster(path: Path, units: list[tuple[str, str]]) -> Path:
    """A roster workbook (table tblRoster: รหัส, ชื่อ) — what a district keeps; used by the demo and tests."""
    from openpyxl import Workbook
    from openpyxl.worksheet.table import Table

    from cmfi_xl.xlsx import styles as st
    from cmfi_xl.xlsx.write import save_atomic

    wb = Workbook()
    ws = wb.active
    ws.title = "บัญชีรายชื่อ"
    ws.append(["รหัสหมู่บ้าน", "ชื่อสถาบัน"])
    for code, name in units:
        ws.append([code, name])
    for row in ws.iter_rows():
        for c in row:
            c.font = st.body_font
            c.number_format = st.TEXT_FORMAT
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 16, 50
    ws.add_table(Table(displayName="tblRoster", ref=f"A1:B{len(units) + 1}"))
    return save_atomic(wb, path)


def demo_step(ctx: Any) -> None:
    """Five institutions of one amphoe e-mail their workbooks (one twice); roll them up."""
    from cmfi_xl.demo.sample import sample_institution
    from cmfi_xl.rollup.run import run_rollup
    from cmfi_xl.rollup.write import write_rollup
    from cmfi_xl.schema.institution import INSTITUTION
    from cmfi_xl.xlsx.build import build_workbook
    from cmfi_xl.xlsx.write import save_atomic

    inbox = ctx.out / "rollup-inbox"
    if inbox.exists():
        shutil.rmtree(inbox)  # the demo folder is the demo's own output
    inbox.mkdir(parents=True)
    roster = []
    for code, village, tambon, seed in DEMO_UNITS:
        profile, data = sample_institution(seed=seed, households=120)
        name = f"สถาบันการจัดการเงินทุนชุมชน{village}"
        profile.update(name=name, village_code=code, village_name=village, tambon=tambon)
        save_atomic(build_workbook(INSTITUTION, profile=profile, data=data), inbox / f"{code}-{village}.xlsx")
        roster.append((code, name))
    first = inbox / f"{DEMO_UNITS[0][0]}-{DEMO_UNITS[0][1]}.xlsx"
    shutil.copyfile(first, inbox / f"{first.stem} (สำเนา).xlsx")  # sent twice by e-mail
    roster.append(("34140608", "สถาบันการจัดการเงินทุนชุมชนบ้านโคกกลาง"))  # has not sent its file yet
    roster_path = write_roster(ctx.out / "district-roster.xlsx", roster)
    ctx.say(f"สร้างไฟล์ของ {len(DEMO_UNITS)} สถาบันใน {inbox} และบัญชีรายชื่อ {roster_path}",
            f"{len(DEMO_UNITS)} institution workbooks e-mailed to the district, and its roster")
    result = run_rollup(inbox, roster=roster_path, workers=2)
    out = write_rollup(result, ctx.out / "district-rollup.xlsx")
    ctx.files["rollup_inbox"], ctx.files["district_roster"], ctx.files["district_rollup"] = inbox, roster_path, out
    ctx.say(f"รวมไฟล์ระดับอำเภอ {result.unit_code}: รับรวม {result.count('accepted')}, ซ้ำ {result.count('duplicate')}, "
            f"ไม่รับ {result.count('rejected')}, ยังไม่ส่ง {len(result.missing)} → {out}",
            "district roll-up written")
    for line, gross, elim, net in result.consolidated:
        print(f"    {line.label:<52} {gross:>16,.2f} − {elim:>14,.2f} = {net:>16,.2f}")
