"""Issue codes of the assessment (``M…``) and the official report (``Q…``). Stable; never reuse.

=====  ========  ==============================================================================
code   severity  meaning
=====  ========  ==============================================================================
M001   error     the form file cannot be read (not TOML, not UTF-8, missing)
M002   error     a required field of the form is missing or has the wrong type
M003   error     an area lists an indicator the form does not define (indicator missing)
M004   error     an indicator belongs to no area, or to more than one
M005   error     indicator numbers are not 1..N without gaps or repeats
M006   error     an indicator's criteria are not scores 0..n once each, or points go down
M007   error     two levels' cut-offs overlap
M008   error     a reachable total belongs to no level (gap in the cut-offs)
M009   error     an indicator names a computation the tool does not know
M010   error     a committee score is not one of the indicator's criteria
M011   error     a committee override of a computed score has no written reason
M012   warning   the committee's workbook has no row for an indicator of the form
M013   warning   the committee's workbook was made from another form version
M014   warning   an indicator is not scored yet (the committee scores it at the workshop)
M015   error     the committee's workbook has a row for an indicator the form does not define
M016   error     a level's minimum area share is outside 0–100
M017   error     an answer about the operating model is not ใช่/ไม่ใช่
Q001   warning   the report has no committee scores: part 2 shows the computed indicators only
Q002   error     a personal value (citizen ID, name of a debtor or beneficiary, welfare detail)
                 was about to leave the institution in the report; the report was not written
=====  ========  ==============================================================================
"""

from __future__ import annotations

from cmfi_xl.core.issues import Severity, message, register_codes

E, W = Severity.ERROR, Severity.WARNING

CODES = {
    "M001": message(E, "อ่านไฟล์แบบประเมินไม่ได้: {detail}", "The form file cannot be read: {detail}"),
    "M002": message(E, "แบบประเมินขาดข้อมูล \"{field}\" หรือชนิดข้อมูลไม่ถูกต้อง ({expected})",
                    "The form lacks \"{field}\" or it has the wrong type ({expected})"),
    "M003": message(E, "ด้านที่ {area} ระบุตัวชี้วัดที่ {no} แต่แบบประเมินไม่มีตัวชี้วัดนี้",
                    "Area {area} lists indicator {no}, which the form does not define"),
    "M004": message(E, "ตัวชี้วัดที่ {no} ต้องอยู่ในด้านเดียว (พบใน {found} ด้าน)",
                    "Indicator {no} must belong to exactly one area (found in {found})"),
    "M005": message(E, "เลขตัวชี้วัดต้องเป็น 1 ถึง {n} ไม่ขาดไม่ซ้ำ (พบ {found})",
                    "Indicator numbers must run 1 to {n} without gaps or repeats (found {found})"),
    "M006": message(E, "เกณฑ์ของตัวชี้วัดที่ {no} ต้องมีคะแนน 0, 1, 2, … ครั้งละหนึ่ง และคะแนนที่ได้ไม่ลดลง ({detail})",
                    "The criteria of indicator {no} must be scores 0, 1, 2, … once each with non-decreasing points ({detail})"),
    "M007": message(E, "เกณฑ์ระดับ {a} ({a_from}–{a_to}) ซ้อนทับกับระดับ {b} ({b_from}–{b_to})",
                    "The cut-offs of level {a} ({a_from}–{a_to}) overlap level {b} ({b_from}–{b_to})"),
    "M008": message(E, "คะแนนรวม {total} ที่เป็นไปได้ ไม่อยู่ในระดับใดเลย",
                    "A reachable total of {total} points falls in no level"),
    "M009": message(E, "ไม่รู้จักวิธีคำนวณ \"{name}\" (ที่รู้จัก: {known})",
                    "Unknown computation \"{name}\" (known: {known})"),
    "M010": message(E, "คะแนน \"{score}\" ไม่อยู่ในเกณฑ์ของตัวชี้วัดที่ {no} (ใช้ได้: {allowed})",
                    "Score \"{score}\" is not one of the criteria of indicator {no} (allowed: {allowed})"),
    "M011": message(E, "ตัวชี้วัดที่ {no} คำนวณจากทะเบียนได้ {computed} คะแนน การเปลี่ยนคะแนนต้องเขียนเหตุผล",
                    "Indicator {no} was computed as {computed} from the registers; an override needs a written reason"),
    "M012": message(W, "ไม่พบแถวของตัวชี้วัดที่ {no} ในแบบประเมินของคณะกรรมการ",
                    "The committee's workbook has no row for indicator {no}"),
    "M013": message(W, "แบบประเมินของคณะกรรมการสร้างจากแบบรุ่น {found} แต่ใช้เกณฑ์รุ่น {expected}",
                    "The committee's workbook was made from form {found}; scoring with form {expected}"),
    "M014": message(W, "ตัวชี้วัดที่ {no} ยังไม่ได้ให้คะแนน (คณะกรรมการให้คะแนนในที่ประชุม)",
                    "Indicator {no} is not scored yet (the committee scores it at the workshop)"),
    "M015": message(E, "ตัวชี้วัดที่ {no} ไม่มีในแบบประเมินรุ่น {version}",
                    "Indicator {no} is not part of form {version}"),
    "M016": message(E, "ร้อยละขั้นต่ำของแต่ละด้านต้องอยู่ระหว่าง 0–100", "The minimum area share must be within 0–100"),
    "M017": message(E, "คำตอบต้องเป็น ใช่ หรือ ไม่ใช่", "The answer must be ใช่ (yes) or ไม่ใช่ (no)"),
    "Q001": message(W, "ไม่มีคะแนนจากคณะกรรมการ ส่วนที่ 2 แสดงเฉพาะตัวชี้วัดที่คำนวณจากทะเบียน",
                    "No committee scores: part 2 shows only the indicators computed from the registers"),
    "Q002": message(E, "พบข้อมูลส่วนบุคคลในรายงานที่ส่งออกนอกสถาบัน ({what}) — ไม่เขียนรายงาน",
                    "Personal data ({what}) would leave the institution in the report; it was not written"),
}

register_codes(CODES)
