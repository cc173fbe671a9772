"""The ``cmfi-xl`` command line. Its commands, flags and exit codes are a contract.

Exit codes: 0 = done / no errors; 1 = the workbook has errors; 2 = the file could not be read as
a workbook of the right template, or the command could not run (a clear message, no traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from cmfi_xl import __version__
from cmfi_xl.core.issues import Issue, Severity, UnreadableWorkbook, has_errors

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2


class CommandError(Exception):
    """A problem with the command itself (bad arguments, output path); exit 2."""


def _print_issues(issues: list[Issue], *, limit: int | None = None) -> None:
    shown = issues if limit is None else issues[:limit]
    for i in shown:
        print(str(i))
    if limit is not None and len(issues) > limit:
        print(f"… และอีก {len(issues) - limit} รายการ / and {len(issues) - limit} more")


def _counts(issues: list[Issue]) -> str:
    e = sum(i.severity is Severity.ERROR for i in issues)
    w = sum(i.severity is Severity.WARNING for i in issues)
    n = sum(i.severity is Severity.INFO for i in issues)
    return f"ผิดพลาด {e} · เตือน {w} · แจ้ง {n} / errors {e}, warnings {w}, info {n}"


def cmd_check(args: argparse.Namespace) -> int:
    from cmfi_xl.validate.check import check_file, sort_issues
    from cmfi_xl.xlsx.annotate import write_checked_copy

    if args.output and Path(args.output).resolve() == Path(args.book).resolve():
        raise CommandError("-o must differ from the input: the input file is never modified")
    _, issues, _ = check_file(args.book)
    issues = sort_issues(issues)
    if args.json:
        print(json.dumps([i.model_dump(mode="json") for i in issues], ensure_ascii=False, indent=1))
    else:
        _print_issues(issues)
        print(_counts(issues))
    if args.output:
        out = write_checked_copy(args.book, args.output, issues)
        if not args.json:
            print(f"เขียนไฟล์ผลตรวจ / wrote {out}")
    return EXIT_ERRORS if has_errors(issues) else EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from cmfi_xl.schema.docs import all_schemas, schema_markdown
    from cmfi_xl.schema.institution import SPECS

    if args.markdown:
        for spec in SPECS.values():
            print(schema_markdown(spec))
        return EXIT_OK
    doc = all_schemas()
    try:  # the planner publishes its JSON formats when it is installed
        from cmfi_xl.planner import json_schemas  # type: ignore[attr-defined]

        doc["formats"] = json_schemas()
    except ImportError:
        pass
    if args.json:
        print(json.dumps(doc, ensure_ascii=False, indent=1))
    else:
        for t in doc["templates"]:
            print(f"{t['template_id']} {t['version']}: {t['title']}")
            for tbl in t["tables"]:
                cols = ", ".join(c["key"] + ("*" if c["required"] else "") for c in tbl["columns"])
                print(f"  {tbl['table_name']} ({tbl['sheet']}): {cols}")
    return EXIT_OK


def _new_workbook(path: Path, profile: dict[str, object], data: dict | None = None) -> Path:
    from cmfi_xl.schema.institution import INSTITUTION
    from cmfi_xl.xlsx.build import build_workbook
    from cmfi_xl.xlsx.write import save_atomic

    return save_atomic(build_workbook(INSTITUTION, profile=profile, data=data), path)


def cmd_new(args: argparse.Namespace) -> int:
    path = Path(args.book)
    if path.exists():
        raise CommandError(f"{path} exists already; it is never overwritten — choose a new name")
    code = args.village_code.strip()
    if not (len(code) == 8 and code.isdigit()):
        raise CommandError(f"--village-code must be 8 digits (province+amphoe+tambon+หมู่ที่): {code!r}")
    _new_workbook(path, {"name": args.institution.strip(), "village_code": code, "fiscal_year": args.fiscal_year})
    print(f"สร้างแบบฟอร์มใหม่ / created {path}")
    return EXIT_OK


def cmd_template_build(args: argparse.Namespace) -> int:
    from cmfi_xl.schema.institution import SPECS
    from cmfi_xl.xlsx.build import build_workbook
    from cmfi_xl.xlsx.write import save_atomic

    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    for spec in SPECS.values():
        path = save_atomic(build_workbook(spec), out_dir / f"{spec.template_id}.xlsx")
        print(f"built {path}")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from cmfi_xl.core.summary import compute_summary
    from cmfi_xl.demo.sample import sample_institution
    from cmfi_xl.validate.check import check_file, sort_issues
    from cmfi_xl.xlsx.annotate import write_checked_copy

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    step = 0

    def say(th: str, en: str) -> None:
        nonlocal step
        step += 1
        print(f"[{step}] {th} / {en}  ({time.perf_counter() - t0:.1f} s)", flush=True)

    say("สร้างข้อมูลตัวอย่าง (seed คงที่)", "generating the sample institution (fixed seed)")
    profile, data = sample_institution(seed=args.seed)
    print("    " + ", ".join(f"{k} {len(v)}" for k, v in data.items()))
    book_path = out / "institution-sample.xlsx"
    if book_path.exists():
        book_path.unlink()  # the demo folder is the demo's own output
    _new_workbook(book_path, profile, data)
    say(f"เขียนแบบฟอร์มสถาบัน {book_path}", f"wrote the institution workbook {book_path}")
    book, issues, _ = check_file(book_path)
    issues = sort_issues(issues)
    say(f"ตรวจสอบข้อมูล: {_counts(issues)}", "checked the workbook")
    _print_issues([i for i in issues if i.severity is not Severity.INFO], limit=10)
    checked = write_checked_copy(book_path, out / "institution-sample-checked.xlsx", issues)
    say(f"เขียนไฟล์ผลตรวจ {checked}", f"wrote the checked copy {checked}")
    summary = compute_summary(book)
    say("สรุปข้อมูลสถาบัน", "summary")
    from cmfi_xl.schema.summary import SUMMARY_ITEMS

    for it in SUMMARY_ITEMS:
        v = summary[it.key]
        shown = f"{v:,.2f}" if it.fmt == "money" else (f"{v:,}" if it.fmt == "int" else str(v))
        print(f"    {it.label:<48} {shown:>16}")
    if not args.no_pdf:
        from cmfi_xl.render import libreoffice

        if libreoffice.find_soffice() is None:
            say("ข้าม PDF: ไม่พบ LibreOffice", "skipped the PDF: LibreOffice not found")
        else:
            pdf = libreoffice.convert(book_path, out, "pdf")
            say(f"พิมพ์เป็น PDF ด้วย LibreOffice {pdf}", f"rendered with LibreOffice to {pdf}")
    print(f"เสร็จ / done in {time.perf_counter() - t0:.1f} s — files in {out.resolve()}")
    return EXIT_ERRORS if has_errors(issues) else EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="cmfi-xl", description="เครื่องมือ Excel สำหรับสถาบันการจัดการเงินทุนชุมชน")
    p.add_argument("--version", action="version", version=f"cmfi-xl {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    c = sub.add_parser("check", help="ตรวจสอบข้อมูล / validate a workbook")
    c.add_argument("book")
    c.add_argument("--json", action="store_true", help="print the issues as JSON")
    c.add_argument("-o", "--output", help="write a checked copy with a results sheet")
    c.set_defaults(func=cmd_check)

    s = sub.add_parser("schema", help="the templates' tables and columns")
    s.add_argument("--json", action="store_true")
    s.add_argument("--markdown", action="store_true")
    s.set_defaults(func=cmd_schema)

    n = sub.add_parser("new", help="สร้างแบบฟอร์มใหม่ / a new workbook from the template")
    n.add_argument("book")
    n.add_argument("--institution", required=True, help="ชื่อสถาบัน")
    n.add_argument("--village-code", required=True, help="รหัสหมู่บ้าน 8 หลัก")
    n.add_argument("--fiscal-year", type=int, default=None, help="ปีงบประมาณ พ.ศ. e.g. 2569")
    n.set_defaults(func=cmd_new)

    t = sub.add_parser("template", help="template maintenance")
    tsub = t.add_subparsers(dest="template_command", required=True)
    tb = tsub.add_parser("build", help="write workbooks/templates/*.xlsx")
    tb.add_argument("--out", default="workbooks/templates")
    tb.set_defaults(func=cmd_template_build)

    d = sub.add_parser("demo", help="the main job on built-in sample data")
    d.add_argument("--out", default="demo-out")
    d.add_argument("--seed", type=int, default=2569)
    d.add_argument("--no-pdf", action="store_true", help="skip rendering with LibreOffice")
    d.set_defaults(func=cmd_demo)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except UnreadableWorkbook as exc:
        i = exc.issue
        if getattr(args, "json", False):
            print(json.dumps([i.model_dump(mode="json")], ensure_ascii=False, indent=1))
        print(f"อ่านไฟล์ไม่ได้ / cannot read {getattr(args, 'book', '')}: {i.code} {i.message_th} / {i.message_en}",
              file=sys.stderr)
        return EXIT_UNREADABLE
    except CommandError as exc:
        print(f"cmfi-xl: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except Exception as exc:  # OutputError and friends: a message, never a traceback
        from cmfi_xl.xlsx.write import OutputError

        if not isinstance(exc, OutputError):
            raise
        print(f"cmfi-xl: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except OSError as exc:
        print(f"cmfi-xl: {exc.strerror or exc}: {exc.filename or ''}", file=sys.stderr)
        return EXIT_UNREADABLE


if __name__ == "__main__":
    sys.exit(main())
