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


def _refuse_output_over_input(args: argparse.Namespace) -> None:
    """Fail before any work when -o names the input (the writer refuses it too, but later)."""
    if args.output and Path(args.output).resolve() == Path(args.book).resolve():
        raise CommandError("-o must differ from the input: the input file is never modified")


def cmd_check(args: argparse.Namespace) -> int:
    from cmfi_xl.handlers.check import run_check
    from cmfi_xl.handlers.session import FileSession

    _refuse_output_over_input(args)
    session = FileSession(args.book, args.output)
    issues = run_check(session)  # the ตรวจสอบข้อมูล button's job: same reader, rules and results sheet
    if args.json:
        print(json.dumps([i.model_dump(mode="json") for i in issues], ensure_ascii=False, indent=1))
    else:
        _print_issues(issues)
        print(_counts(issues))
    if args.output and not args.json:
        print(f"เขียนไฟล์ผลตรวจ / wrote {session.out}")
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
    from cmfi_xl.handlers.new import run_new
    from cmfi_xl.handlers.session import FileSession

    return run_new(FileSession(None, path), dict(profile), data)  # the สร้างแบบฟอร์มใหม่ button's job


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
    from cmfi_xl.commands import templates

    for template_id, make in templates().items():
        path = save_atomic(make(), out_dir / f"{template_id}.xlsx")
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
    planned = out / "institution-sample-planned.xlsx"
    say("วางแผนหนี้ 1 ครัวเรือน 1 สัญญา (HiGHS)", "planning one contract per household")
    cmd_plan(argparse.Namespace(book=str(book_path), output=str(planned), instance=None, json_out=None,
                                no_harm=None, time_limit=None))
    from cmfi_xl.demo.committee import approve_all

    approved = out / "institution-sample-approved.xlsx"
    n = approve_all(planned, approved)
    say(f"(ตัวอย่าง) คณะกรรมการอนุมัติ {n} แถวในแผ่น แผนหนี้", f"(demo) the committee approves {n} plan rows")
    applied = out / "institution-sample-applied.xlsx"
    cmd_apply_plan(argparse.Namespace(book=str(approved), output=str(applied), date="2026-09-15"))
    after, _, _ = check_file(applied)
    s_after = compute_summary(after)
    say(f"ครัวเรือนสัญญาเดียว (ทุกแหล่ง): {summary['one_contract_households']} → {s_after['one_contract_households']}, "
        f"หลายสัญญา {summary['multi_contract_households']} → {s_after['multi_contract_households']}",
        "households at one contract (all lenders), before → after")
    from cmfi_xl.commands import DemoContext, demo_steps

    ctx = DemoContext(out=out, seed=args.seed, pdf=not args.no_pdf, say=say,
                      files={"book": book_path, "checked": checked, "planned": planned, "approved": approved,
                             "applied": applied})
    for mod in demo_steps():
        mod.demo_step(ctx)
    if not args.no_pdf:
        from cmfi_xl.render import libreoffice

        if libreoffice.find_soffice() is None:
            say("ข้าม PDF: ไม่พบ LibreOffice", "skipped the PDF: LibreOffice not found")
        else:
            pdfs = libreoffice.convert_many([book_path, planned], out, "pdf")
            say("พิมพ์เป็น PDF ด้วย LibreOffice: " + ", ".join(str(p) for p in pdfs), "rendered with LibreOffice")
    print(f"เสร็จ / done in {time.perf_counter() - t0:.1f} s — files in {out.resolve()}")
    return EXIT_ERRORS if has_errors(issues) or ctx.exit_code else EXIT_OK


def _checked_book(path: str):  # type: ignore[no-untyped-def]
    """Read and check a workbook; a book with errors is refused (exit 1) before any computation.
    (Kept for command modules; the built-in commands go through :mod:`cmfi_xl.handlers`.)"""
    from cmfi_xl.handlers._book import BookErrors, checked_book
    from cmfi_xl.handlers.session import FileSession

    try:
        return checked_book(FileSession(path, None))
    except BookErrors as exc:
        _refused(exc.issues)
        return None


def _refused(issues: list[Issue]) -> int:
    """A book with errors is refused (exit 1) before any computation."""
    _print_issues([i for i in issues if i.severity is Severity.ERROR], limit=20)
    print("แก้ไขข้อผิดพลาดก่อน (cmfi-xl check) / fix the errors first (see cmfi-xl check)", file=sys.stderr)
    return EXIT_ERRORS


def cmd_plan(args: argparse.Namespace) -> int:
    from cmfi_xl import planner

    if args.instance:
        if not args.json_out:
            raise CommandError("--instance needs --json-out PLAN.json")
        inst, issues = planner.load_instance(Path(args.instance).read_bytes())
        _print_issues(issues)
        if inst is None or has_errors(issues):
            return EXIT_ERRORS
        plan = planner.solve(inst, no_harm=args.no_harm, time_limit_s=args.time_limit, compare=True)
        from cmfi_xl.xlsx.write import write_atomic

        text = plan.model_dump_json(by_alias=True, indent=1)
        write_atomic(args.json_out, lambda tmp: tmp.write_text(text, encoding="utf-8"),
                     inputs=(args.instance,), suffix=".json")
        _print_plan(plan)
        print(f"เขียนแผน / wrote {args.json_out}")
        return EXIT_OK
    if not args.book or not args.output:
        raise CommandError("usage: cmfi-xl plan BOOK.xlsx -o PLANNED.xlsx  |  cmfi-xl plan --instance I.json --json-out P.json")
    from cmfi_xl.handlers._book import BookErrors
    from cmfi_xl.handlers.plan import run_plan
    from cmfi_xl.handlers.session import FileSession

    try:  # the วางแผนหนี้ button's job
        plan, out = run_plan(FileSession(args.book, args.output), no_harm=args.no_harm, time_limit=args.time_limit)
    except BookErrors as exc:
        return _refused(exc.issues)
    _print_plan(plan)
    print(f"เขียนไฟล์แผน / wrote {out}")
    return EXIT_OK


def _print_plan(plan) -> None:  # type: ignore[no-untyped-def]
    o, b = plan.objective, plan.bound
    print(f"สถานะ {plan.status}: ครัวเรือนสัญญาเดียว {o.one_contract_households} (ขอบเขต {b.one_contract_households}, "
          f"gap {b.gap}), ดอกเบี้ยต่อปี {o.annual_interest:,.2f} บาท, เงินโอน {o.amount_moved:,.2f} บาท, "
          f"ยกเว้น {len(plan.exceptions)} ครัวเรือน / status {plan.status}")
    if plan.other_policy is not None:
        oo = plan.other_policy.objective
        print(f"อีกนโยบาย (no_harm={plan.other_policy.no_harm}): สัญญาเดียว {oo.one_contract_households}, "
              f"ดอกเบี้ย {oo.annual_interest:,.2f} / the other policy")


def cmd_apply_plan(args: argparse.Namespace) -> int:
    import datetime as dt

    from cmfi_xl.handlers._book import BookErrors
    from cmfi_xl.handlers.errors import HandlerError
    from cmfi_xl.handlers.plan import run_apply
    from cmfi_xl.handlers.session import FileSession

    _refuse_output_over_input(args)
    on = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
    try:  # the บันทึกการโอนหนี้ button's job
        done = run_apply(FileSession(args.book, args.output), on=on)
    except BookErrors as exc:
        return _refused(exc.issues)
    except HandlerError as exc:
        raise CommandError(exc.en) from None
    app, issues = done.application, done.issues
    _print_issues(issues)
    moved = sum((t["amount"] for t in app.transfers), start=0)
    print(f"บันทึกการโอนหนี้ {len(app.applied)} ครัวเรือน, {len(app.transfers)} รายการ, ปิด {len(app.close)} สัญญา, "
          f"เปิดสัญญาใหม่ {len(app.new_contracts)} สัญญา, ยอดรวม {moved:,.2f} บาท / applied; wrote {done.output}")
    return EXIT_ERRORS if has_errors(issues) else EXIT_OK


def cmd_addin_build(args: argparse.Namespace) -> int:
    from cmfi_xl.addin import available_tags, build_addin

    tags = args.buttons.split(",") if args.buttons else None
    out = build_addin(args.out, tags)
    print(f"built {out} with buttons: {', '.join(tags or available_tags())}")
    return EXIT_OK


def cmd_addin_install(args: argparse.Namespace) -> int:
    from cmfi_xl.addin import install_addin

    for line in install_addin(dry_run=True if args.dry_run else None):
        print(line)
    return EXIT_OK


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

    pl = sub.add_parser("plan", help="วางแผนหนี้ / the household debt-consolidation plan")
    pl.add_argument("book", nargs="?")
    pl.add_argument("-o", "--output", help="PLANNED.xlsx: a copy with the plan sheets")
    pl.add_argument("--instance", help="a cmfi-debt-instance/1 JSON file instead of a workbook")
    pl.add_argument("--json-out", help="write the cmfi-debt-plan/1 JSON here")
    pl.add_argument("--no-harm", dest="no_harm", action="store_true", default=None,
                    help="no household's interest may rise (default: the settings sheet)")
    pl.add_argument("--time-limit", type=float, default=None, help="seconds (default: the settings sheet)")
    pl.set_defaults(func=cmd_plan)

    ap = sub.add_parser("apply-plan", help="บันทึกการโอนหนี้ / write the approved plan rows into the registers")
    ap.add_argument("book", help="PLANNED.xlsx with rows marked อนุมัติ = ใช่")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--date", help="date of the transfers, YYYY-MM-DD (default: today)")
    ap.set_defaults(func=cmd_apply_plan)

    ad = sub.add_parser("addin", help="the Excel add-in (.xlam)")
    adsub = ad.add_subparsers(dest="addin_command", required=True)
    adb = adsub.add_parser("build", help="build the .xlam from the sources in the repo")
    adb.add_argument("--out", default="workbooks/cmfi-xl.xlam")
    adb.add_argument("--buttons", help="comma-separated ribbon tags (default: those whose handler exists)")
    adb.set_defaults(func=cmd_addin_build)
    adi = adsub.add_parser("install", help="copy the add-in to XLSTART and write its config (Windows)")
    adi.add_argument("--dry-run", action="store_true", help="print what it would do (always on Linux)")
    adi.set_defaults(func=cmd_addin_install)

    d = sub.add_parser("demo", help="the main job on built-in sample data")
    d.add_argument("--out", default="demo-out")
    d.add_argument("--seed", type=int, default=2569)
    d.add_argument("--no-pdf", action="store_true", help="skip rendering with LibreOffice")
    d.set_defaults(func=cmd_demo)
    from cmfi_xl.commands import modules

    for mod in modules():
        if hasattr(mod, "register"):
            mod.register(sub)
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
