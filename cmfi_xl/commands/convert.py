"""``cmfi-xl convert BOOK.xlsx -o CONVERTED.xlsx``: individual members into member groups (issue 3)."""

from __future__ import annotations

import argparse
import datetime as dt

from cmfi_xl.core.issues import Severity

EXIT_OK, EXIT_ERRORS = 0, 1


def cmd_convert(args: argparse.Namespace) -> int:
    from cmfi_xl.cli import CommandError, _checked_book, _print_issues, _refuse_output_over_input
    from cmfi_xl.convert import convert
    from cmfi_xl.core.thai import fiscal_year_bounds
    from cmfi_xl.validate.check import sort_issues
    from cmfi_xl.validate.settings import read_settings
    from cmfi_xl.xlsx.convert import write_conversion

    _refuse_output_over_input(args)
    checked = _checked_book(args.book)  # unknown groups, negative amounts, duplicates: exit 1, located
    if checked is None:
        return EXIT_ERRORS
    book, _, loc = checked
    if "individual_members" not in loc.tables:
        raise CommandError("the workbook has no individual-members register (ตาราง tblIndividualMembers, "
                           "แผ่น สมาชิกรายบุคคล; template 1.2); nothing to convert")
    settings, _ = read_settings(book, loc)
    on = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
    fy = book.profile.fiscal_year
    if fy:
        start, end = fiscal_year_bounds(fy)
        if not start <= on <= end:
            raise CommandError(f"--date {on.isoformat()} is outside the workbook's fiscal year {fy} "
                               f"({start.isoformat()} – {end.isoformat()}); the registers would reject it "
                               f"/ วันที่อยู่นอกปีงบประมาณ {fy} ของแฟ้ม")
    conv = convert(book, settings, loc, on=on)
    _print_issues([i for i in sort_issues(conv.issues) if i.severity is not Severity.INFO])
    out = write_conversion(args.book, args.output, book, loc, conv)
    n = {s: sum(1 for p in conv.people if p.status == s) for s in ("converted", "proposed", "pending")}
    b, a = conv.before, conv.after
    print(f"ปรับเปลี่ยน {n['converted']} คน, เสนอกลุ่มอื่น {n['proposed']} คน, รอมติ {n['pending']} คน; "
          f"ครัวเรือน 1 สัญญา {b['one_contract_households']} → {a['one_contract_households']}; "
          f"หนี้บุคคลกับสถาบัน {b['loans_to_individuals']:,.2f} → {a['loans_to_individuals']:,.2f} บาท / "
          f"converted {n['converted']}, proposed {n['proposed']}, pending {n['pending']}; wrote {out}")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("convert", help="ปรับเปลี่ยนสมาชิกรายบุคคลเข้ากลุ่ม / individual members into member groups")
    p.add_argument("book", help="BOOK.xlsx with the individual-members register (สมาชิกรายบุคคล)")
    p.add_argument("-o", "--output", required=True, help="CONVERTED.xlsx (a new file)")
    p.add_argument("--date", help="date of the conversion, YYYY-MM-DD (default: today)")
    p.set_defaults(func=cmd_convert)


DEMO_ORDER = 15


def demo_step(ctx) -> None:  # type: ignore[no-untyped-def]
    """A small model-4 institution, converted: individual members into member groups."""
    from cmfi_xl.cli import _new_workbook
    from cmfi_xl.demo.model4 import PROFILE, small_data

    book = ctx.out / "model4-sample.xlsx"
    out = ctx.out / "model4-converted.xlsx"
    for p in (book, out):
        if p.exists():
            p.unlink()  # the demo folder is the demo's own output
    _new_workbook(book, PROFILE, small_data())
    ctx.say("สถาบันรูปแบบที่ 4 (มีสมาชิกรายบุคคล): ปรับเปลี่ยนเข้ากลุ่มสมาชิก",
            "a model-4 institution: converting individual members into groups")
    rc = cmd_convert(argparse.Namespace(book=str(book), output=str(out), date="2026-09-15"))
    ctx.files["model4"], ctx.files["model4_converted"] = book, out
    ctx.exit_code = ctx.exit_code or rc
