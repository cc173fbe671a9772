"""The วิธีใช้ (help) button: a Thai message box listing what each button does."""

from __future__ import annotations

from typing import Any

__all__ = ["help_text", "show_help"]


def help_text() -> str:
    from .ribbon import BUTTONS, available_tags

    present = set(available_tags())
    lines = ["ปุ่มบนแท็บ สถาบันการเงินทุนชุมชน:"]
    for b in BUTTONS:
        if b.tag != "help" and b.tag in present:
            lines.append(f"• {b.label}: {b.supertip}")
    lines.append("ทุกปุ่มทำงานกับสมุดงานที่เปิดอยู่ และทำเหมือนคำสั่ง cmfi-xl ที่ตรงกัน")
    lines.append("คู่มือการติดตั้งและรายการตรวจรับ: docs/windows.md")
    return "\n".join(lines)


def show_help(book: Any) -> None:
    """Handler of the help button: reads nothing, writes nothing, shows the help text."""
    book.app.alert(help_text(), title="วิธีใช้", mode="info")
