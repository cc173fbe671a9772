"""The institution workbook (แบบฟอร์มสถาบันการจัดการเงินทุนชุมชน): one file per institution per year.

This module is the single source of truth for its layout. Table names (``tbl...``) and column
keys are a published contract: other tools and later template versions rely on them. Add columns
at the end of a table and bump the MINOR version; anything else bumps the MAJOR version.

Version history: 1.0 the registers; 1.1 the institution's books (issue 4): the books' settings
rows in ``tblSettings``, ``tblWelfareRules``, ``tblClosedMonths``, ``tblMonthSeals``,
``tblPassbook`` and the ``repayment_style`` column of ``tblInterGroupLoans``; 1.2 (issue 3) the
individual-members register ``tblIndividualMembers`` and the lender code สถาบัน. A 1.0 file is still
read: what a later minor version added is simply absent (see :data:`ADDED_IN`).
"""

from __future__ import annotations

from .individuals import INDIVIDUALS_TABLE
from .spec import Choice, ChoiceList, Column, Field, Kind, Table, WorkbookSpec

TEMPLATE_ID = "cmfi-institution"
TEMPLATE_VERSION = "1.2"


def _choices(key: str, title: str, *items: tuple[str, str, str]) -> ChoiceList:
    return ChoiceList(key, title, tuple(Choice(c, th, en) for c, th, en in items))


GROUP_TYPES = _choices(
    "group_type",
    "ประเภทกลุ่ม",
    ("savings", "กลุ่มออมทรัพย์เพื่อการผลิต", "Savings group for production"),
    ("village_fund", "กองทุนหมู่บ้านและชุมชนเมือง", "Village and urban community fund"),
    ("kkkj", "กองทุน กข.คจ.", "KKKJ poverty fund"),
    ("occupational", "กลุ่มอาชีพ", "Occupational group"),
    ("water_users", "กลุ่มผู้ใช้น้ำ", "Water-user group"),
    ("drinking_water", "กลุ่มผู้ผลิตน้ำดื่ม", "Drinking-water producer group"),
    ("welfare", "กองทุนสวัสดิการชุมชน", "Community welfare fund"),
    ("adhoc", "กลุ่มเฉพาะกิจ", "Ad-hoc group"),
    ("other", "อื่น ๆ", "Other"),
)
GROUP_STATUS = _choices(
    "group_status",
    "สถานะกลุ่ม",
    ("active", "ปกติ", "Active"),
    ("suspended", "พักสมาชิกภาพ", "Suspended"),
    ("left", "ลาออก", "Left"),
)
OPERATING_MODELS = _choices(
    "operating_model",
    "รูปแบบการดำเนินงาน",
    ("1", "รูปแบบที่ 1", "Model 1"),
    ("2", "รูปแบบที่ 2", "Model 2"),
    ("3", "รูปแบบที่ 3", "Model 3"),
    ("4", "รูปแบบที่ 4", "Model 4"),
)
COMMITTEE_ROLES = _choices(
    "committee_role",
    "ตำแหน่ง",
    ("chair", "ประธาน", "Chair"),
    ("vice_chair", "รองประธาน", "Vice-chair"),
    ("secretary", "เลขานุการ", "Secretary"),
    ("treasurer", "เหรัญญิก", "Treasurer"),
    ("auditor", "ผู้ตรวจสอบ", "Auditor"),
    ("member", "กรรมการ", "Member"),
)
COMMITTEE_KINDS = _choices(
    "committee_kind",
    "ประเภทกรรมการ",
    ("group_rep", "ผู้แทนกลุ่มสมาชิก", "Member-group representative"),
    ("leader", "ผู้นำชุมชน/ผู้ทรงคุณวุฒิ", "Community leader / qualified person"),
)
SHARE_MOVES = _choices(
    "share_move",
    "รายการหุ้น",
    ("buy", "ซื้อหุ้น", "Buy"),
    ("withdraw", "ถอนหุ้น", "Withdraw"),
)
OUTSIDE_LENDERS = _choices(
    "outside_lender",
    "แหล่งเงินกู้ภายนอก",
    ("baac", "ธ.ก.ส.", "BAAC"),
    ("gsb", "ธนาคารออมสิน", "Government Savings Bank"),
    ("coop", "สหกรณ์", "Cooperative"),
    ("bank", "ธนาคารพาณิชย์", "Commercial bank"),
    ("informal", "เงินกู้นอกระบบ", "Informal lender"),
    ("other_outside", "แหล่งอื่น", "Other outside lender"),
    ("institution", "สถาบัน", "The institution itself (model 4: loans to individual members)"),
)
INTEREST_METHODS = _choices(
    "interest_method",
    "วิธีคิดดอกเบี้ย",
    ("declining", "ลดต้นลดดอก", "Declining balance"),
    ("flat", "คงที่ (Flat rate)", "Flat rate"),
    ("none", "ไม่มีดอกเบี้ย (เงินยืม)", "Interest-free borrowing"),
)
CONTRACT_STATUS = _choices(
    "contract_status",
    "สถานะสัญญา",
    ("open", "ใช้งาน", "Open"),
    ("closed", "ปิดสัญญา", "Closed"),
)
WELFARE_KINDS = _choices(
    "welfare_kind",
    "ประเภทสวัสดิการ",
    ("birth", "เกิด", "Birth"),
    ("illness", "เจ็บป่วย", "Illness"),
    ("death", "เสียชีวิต", "Death"),
    ("elderly", "ผู้สูงอายุ", "Elderly"),
    ("disaster", "ภัยพิบัติ", "Disaster"),
    ("education", "การศึกษา", "Education"),
    ("other", "อื่น ๆ", "Other"),
)
CASH_CATEGORIES = _choices(
    "cash_category",
    "หมวดรายการรับ-จ่าย",
    ("share_in", "รับเงินลงหุ้น", "Share capital received"),
    ("share_out", "จ่ายคืนเงินลงหุ้น", "Share capital repaid"),
    ("loan_out", "จ่ายเงินกู้ให้กลุ่ม", "Loan disbursed to a group"),
    ("loan_principal_in", "รับชำระเงินต้น", "Loan principal received"),
    ("loan_interest_in", "รับดอกเบี้ย", "Interest received"),
    ("penalty_in", "รับค่าปรับ", "Penalty received"),
    ("grant_in", "รับเงินอุดหนุน", "Grant received"),
    ("donation_in", "รับเงินบริจาค", "Donation received"),
    ("borrow_in", "รับเงินกู้จากแหล่งอื่น", "Borrowing received"),
    ("borrow_repay", "ชำระคืนเงินกู้แหล่งอื่น", "Borrowing repaid"),
    ("bank_interest_in", "ดอกเบี้ยเงินฝากธนาคาร", "Bank interest"),
    ("welfare_out", "จ่ายสวัสดิการ", "Welfare paid"),
    ("expense_out", "ค่าใช้จ่ายดำเนินงาน", "Operating expense"),
    ("transfer", "โอนระหว่างเงินสด-ธนาคาร", "Cash/bank transfer"),
    ("other_in", "รายรับอื่น", "Other receipt"),
    ("other_out", "รายจ่ายอื่น", "Other payment"),
)
ACCOUNT_TYPES = _choices(
    "account_type",
    "ประเภทบัญชี",
    ("savings", "ออมทรัพย์", "Savings"),
    ("fixed", "ฝากประจำ", "Fixed deposit"),
    ("current", "กระแสรายวัน", "Current"),
)

MEETING_KINDS = _choices(
    "meeting_kind",
    "ประเภทการประชุม",
    ("committee", "ประชุมคณะกรรมการ", "Committee meeting"),
    ("annual", "ประชุมใหญ่สามัญประจำปี", "Annual general meeting"),
    ("extraordinary", "ประชุมใหญ่วิสามัญ", "Extraordinary general meeting"),
)
PLAN_STATUS = _choices(
    "plan_status",
    "สถานะกิจกรรม",
    ("planned", "ยังไม่เริ่ม", "Not started"),
    ("doing", "กำลังดำเนินการ", "In progress"),
    ("done", "เสร็จแล้ว", "Done"),
)
INTEREST_CONVENTIONS = _choices(
    "interest_convention",
    "วิธีนับดอกเบี้ย",
    ("monthly", "รายเดือน (อัตราต่อปี ÷ 12)", "Monthly (annual rate / 12)"),
    ("actual_365", "ตามจำนวนวันจริง ÷ 365", "Actual days / 365"),
)
REPAYMENT_STYLES = _choices(
    "repayment_style",
    "รูปแบบการผ่อน (ลดต้นลดดอก)",
    ("equal_principal", "ต้นเท่ากันทุกงวด", "Equal principal"),
    ("annuity", "งวดละเท่ากัน", "Equal instalments (annuity)"),
)
DIVIDEND_BASES = _choices(
    "dividend_basis",
    "ปันผลตาม",
    ("year_end", "ยอดหุ้นสิ้นปี", "Year-end share balance"),
    ("share_months", "หุ้น-เดือน (ยอดต่ำสุดของแต่ละเดือน)", "Share-months (lowest balance each month)"),
)

YES_NO = _choices(
    "yes_no",
    "ใช่/ไม่ใช่",
    ("yes", "ใช่", "Yes"),
    ("no", "ไม่ใช่", "No"),
)
LOCK_KINDS = _choices(
    "lock_kind",
    "มติคณะกรรมการ",
    ("must_go", "ต้องโอนหนี้ไปกลุ่ม", "Household must go to group"),
    ("must_stay", "คงสัญญาเดิม", "Household keeps its contracts"),
    ("no_transfers", "กลุ่มไม่รับโอนหนี้", "Group takes no transfers"),
)

CHOICE_LISTS = (
    GROUP_TYPES,
    GROUP_STATUS,
    OPERATING_MODELS,
    COMMITTEE_ROLES,
    COMMITTEE_KINDS,
    SHARE_MOVES,
    OUTSIDE_LENDERS,
    INTEREST_METHODS,
    CONTRACT_STATUS,
    WELFARE_KINDS,
    CASH_CATEGORIES,
    ACCOUNT_TYPES,
    MEETING_KINDS,
    PLAN_STATUS,
    YES_NO,
    LOCK_KINDS,
    INTEREST_CONVENTIONS,
    REPAYMENT_STYLES,
    DIVIDEND_BASES,
)

C = Column
K = Kind

PROFILE_FIELDS = (
    Field("name", "ชื่อสถาบัน", "Institution name", K.TEXT, required=True),
    Field("village_code", "รหัสหมู่บ้าน (8 หลัก)", "Village code (8 digits)", K.ID, required=True,
          doc="จังหวัด 2 + อำเภอ 2 + ตำบล 2 + หมู่ที่ 2 หลัก / province+amphoe+tambon+village no."),
    Field("village_name", "ชื่อหมู่บ้าน", "Village name", K.TEXT),
    Field("tambon", "ตำบล", "Tambon", K.TEXT, required=True),
    Field("amphoe", "อำเภอ", "Amphoe (district)", K.TEXT, required=True),
    Field("province", "จังหวัด", "Province", K.TEXT, required=True),
    Field("province_code", "รหัสจังหวัด", "Province code", K.FORMULA,
          formula='=IF({cell:village_code}="","",LEFT({cell:village_code},2))'),
    Field("amphoe_code", "รหัสอำเภอ", "Amphoe code", K.FORMULA,
          formula='=IF({cell:village_code}="","",LEFT({cell:village_code},4))'),
    Field("tambon_code", "รหัสตำบล", "Tambon code", K.FORMULA,
          formula='=IF({cell:village_code}="","",LEFT({cell:village_code},6))'),
    Field("operating_model", "รูปแบบการดำเนินงาน", "Operating model (1-4)", K.CHOICE,
          required=True, choices="operating_model"),
    Field("founded_on", "วันที่จัดตั้ง", "Founding date", K.DATE, required=True),
    Field("fiscal_year", "ปีงบประมาณ (พ.ศ.)", "Fiscal year (B.E.)", K.INT, required=True, number_format="0",
          doc="1 ต.ค. – 30 ก.ย. ตั้งชื่อตามปี พ.ศ. ที่สิ้นสุด / 1 Oct–30 Sep, named by the B.E. year it ends in"),
    Field("regulations_date", "วันที่ประกาศใช้ระเบียบ", "Regulations adopted on", K.DATE),
    Field("regulations_clauses", "จำนวนข้อของระเบียบ", "Number of clauses in the regulations", K.INT),
    Field("office", "ที่ตั้งสำนักงาน", "Office address", K.TEXT),
    Field("phone", "โทรศัพท์", "Telephone", K.TEXT),
    Field("chair_name", "ชื่อประธานกรรมการ", "Committee chair", K.TEXT),
    Field("bookkeeper_name", "ชื่อผู้จัดทำบัญชี", "Bookkeeper", K.TEXT),
    Field("prepared_on", "วันที่จัดทำข้อมูล", "Data prepared on", K.DATE,
          doc="ใช้เป็นตราประทับการส่งข้อมูล / used as the submission stamp"),
)

GROUP_REF = dict(kind=K.ID, ref="group")

TABLES = (
    Table(
        "member_groups", "tblMemberGroups", "ทะเบียนสมาชิก", "ทะเบียนสมาชิก (กลุ่ม/องค์กรสมาชิก)",
        "Member register (member groups)",
        (
            C("group_id", "รหัสกลุ่ม", "Group id", K.ID, required=True, unique=True, width=11),
            C("name", "ชื่อกลุ่ม", "Group name", K.TEXT, required=True, width=34),
            C("group_type", "ประเภทกลุ่ม", "Group type", K.CHOICE, required=True, choices="group_type", width=30),
            C("joined_on", "วันที่เข้าเป็นสมาชิก", "Date joined", K.DATE, required=True, width=16),
            C("people", "จำนวนสมาชิกคน", "Number of people", K.INT, width=12),
            C("capital", "ทุนของกลุ่ม", "Group capital", K.MONEY, width=16),
            C("lending_rate", "อัตราดอกเบี้ยเงินกู้ต่อปี", "Annual lending rate", K.RATE, width=15),
            C("status", "สถานะ", "Status", K.CHOICE, choices="group_status", width=14),
            C("share_units", "หุ้นคงเหลือ", "Shares held (computed)", K.FORMULA, number_format="#,##0", width=12,
              formula='=IF({col:group_id}="","",SUMIFS({tbl:shares:units},{tbl:shares:group_id},{col:group_id},{tbl:shares:move},"ซื้อหุ้น")-SUMIFS({tbl:shares:units},{tbl:shares:group_id},{col:group_id},{tbl:shares:move},"ถอนหุ้น"))'),
            C("share_amount", "เงินลงหุ้นคงเหลือ", "Share capital held (computed)", K.FORMULA, number_format="#,##0.00", width=16,
              formula='=IF({col:group_id}="","",SUMIFS({tbl:shares:amount},{tbl:shares:group_id},{col:group_id},{tbl:shares:move},"ซื้อหุ้น")-SUMIFS({tbl:shares:amount},{tbl:shares:group_id},{col:group_id},{tbl:shares:move},"ถอนหุ้น"))'),
        ),
        capacity=60,
    ),
    Table(
        "committee", "tblCommittee", "คณะกรรมการ", "ทะเบียนคณะกรรมการสถาบัน", "Committee",
        (
            C("name", "ชื่อ-สกุล", "Name", K.TEXT, required=True, width=30),
            C("role", "ตำแหน่ง", "Role", K.CHOICE, required=True, choices="committee_role", width=14),
            C("kind", "ประเภทกรรมการ", "Kind", K.CHOICE, required=True, choices="committee_kind", width=26),
            C("group_id", "ผู้แทนกลุ่ม", "Group represented", **GROUP_REF, width=12),
            C("term_start", "เริ่มวาระ", "Term starts", K.DATE, required=True, width=15),
            C("term_end", "สิ้นสุดวาระ", "Term ends", K.DATE, width=15),
        ),
        capacity=40, landscape=False,
    ),
    Table(
        "shares", "tblShares", "ทะเบียนคุมเงินลงหุ้น", "ทะเบียนคุมเงินลงหุ้น", "Share control register",
        (
            C("date", "วันที่", "Date", K.DATE, required=True, width=15),
            C("receipt_no", "เลขที่ใบเสร็จ", "Receipt no.", K.ID, required=True, unique=True, width=14),
            C("group_id", "รหัสกลุ่ม", "Group id", **GROUP_REF, required=True, width=11),
            C("move", "รายการ", "Movement", K.CHOICE, required=True, choices="share_move", width=11),
            C("units", "จำนวนหุ้น", "Shares", K.INT, required=True, width=11),
            C("par_value", "มูลค่าหุ้นละ", "Par value", K.MONEY, required=True, width=12),
            C("amount", "จำนวนเงิน", "Amount", K.MONEY, required=True, width=15),
            C("note", "หมายเหตุ", "Note", K.TEXT, width=24),
        ),
        capacity=1000, landscape=False,
    ),
    Table(
        "households", "tblHouseholds", "ครัวเรือน", "ทะเบียนครัวเรือนและภาระหนี้ (สำรวจข้อมูลหนี้)",
        "Households (debt survey)",
        (
            C("household_id", "รหัสครัวเรือน", "Household id", K.ID, required=True, unique=True, width=13),
            C("house_no", "บ้านเลขที่", "House no.", K.TEXT, width=11),
            C("head_name", "ชื่อ-สกุลหัวหน้าครัวเรือน", "Head of household", K.TEXT, required=True, width=30),
            C("citizen_id", "เลขประจำตัวประชาชน", "Citizen ID", K.CITIZEN_ID, width=19,
              doc="ไม่บังคับ ตรวจเลขตรวจสอบหลักที่ 13 / optional; check digit validated"),
            C("members", "จำนวนสมาชิกครัวเรือน", "People in household", K.INT, width=12),
            C("n_contracts", "จำนวนสัญญา", "Open contracts (computed)", K.FORMULA, number_format="#,##0", width=11,
              formula='=IF({col:household_id}="","",COUNTIFS({tbl:contracts:household_id},{col:household_id},{tbl:contracts:status},"<>ปิดสัญญา"))'),
            C("total_debt", "หนี้คงเหลือรวม", "Total outstanding (computed)", K.FORMULA, number_format="#,##0.00", width=16,
              formula='=IF({col:household_id}="","",SUMIFS({tbl:contracts:principal},{tbl:contracts:household_id},{col:household_id},{tbl:contracts:status},"<>ปิดสัญญา"))'),
        ),
        capacity=1500,
    ),
    Table(
        "memberships", "tblMemberships", "เงินออมครัวเรือน", "การเป็นสมาชิกกลุ่มและเงินออมของครัวเรือน",
        "Household membership and savings per group",
        (
            C("household_id", "รหัสครัวเรือน", "Household id", K.ID, ref="household", required=True, width=13),
            C("group_id", "รหัสกลุ่ม", "Group id", **GROUP_REF, required=True, width=11),
            C("savings", "เงินสัจจะสะสม", "Regular savings", K.MONEY, width=15),
            C("special_savings", "เงินสัจจะพิเศษ", "Special savings", K.MONEY, width=15),
        ),
        capacity=3000, landscape=False,
    ),
    Table(
        "contracts", "tblContracts", "สัญญาเงินกู้", "สัญญาเงินกู้ของครัวเรือน", "Household loan contracts",
        (
            C("household_id", "รหัสครัวเรือน", "Household id", K.ID, ref="household", required=True, width=13),
            C("lender", "ผู้ให้กู้", "Lender", K.ID, ref="lender", required=True, width=16,
              doc="รหัสกลุ่มสมาชิก หรือแหล่งเงินกู้ภายนอก / a member group id or an outside lender"),
            C("contract_no", "เลขที่สัญญา", "Contract no.", K.ID, required=True, unique=True, width=14),
            C("start_date", "วันที่ทำสัญญา", "Contract date", K.DATE, width=15),
            C("principal", "เงินต้นคงเหลือ", "Outstanding principal", K.MONEY, required=True, width=15),
            C("annual_rate", "อัตราดอกเบี้ยต่อปี", "Annual rate", K.RATE, required=True, width=14),
            C("interest_method", "วิธีคิดดอกเบี้ย", "Interest method", K.CHOICE, choices="interest_method", width=23),
            C("monthly_installment", "งวดละ", "Monthly instalment", K.MONEY, width=12),
            C("months_in_arrears", "ค้างชำระเดือน", "Months in arrears", K.INT, width=11),
            C("arrears_amount", "ยอดค้างชำระ", "Arrears amount", K.MONEY, width=13),
            C("status", "สถานะ", "Status", K.CHOICE, choices="contract_status", width=11),
        ),
        capacity=3000,
    ),
    Table(
        "debt_transfers", "tblDebtTransfers", "ทะเบียนการโอนภาระหนี้", "ทะเบียนการโอนภาระหนี้",
        "Debt transfer register",
        (
            C("transfer_no", "เลขที่การโอน", "Transfer no.", K.ID, required=True, unique=True, width=13),
            C("date", "วันที่", "Date", K.DATE, required=True, width=15),
            C("household_id", "รหัสครัวเรือน", "Household id", K.ID, ref="household", required=True, width=13),
            C("from_contract", "สัญญาเดิม", "Old contract no.", K.ID, required=True, width=14),
            C("from_lender", "ผู้ให้กู้เดิม", "Old lender", K.ID, ref="lender", required=True, width=14),
            C("to_group", "กลุ่มที่รับโอน", "Receiving group", **GROUP_REF, required=True, width=13),
            C("new_contract", "สัญญาใหม่", "New contract no.", K.ID, required=True, width=14),
            C("amount", "จำนวนเงินที่โอน", "Amount transferred", K.MONEY, required=True, width=15),
            C("resolution", "มติที่ประชุม", "Committee resolution", K.TEXT, width=22),
        ),
        capacity=1000,
    ),
    Table(
        "intergroup_loans", "tblInterGroupLoans", "เงินกู้ระหว่างกลุ่ม", "ทะเบียนเงินกู้ระหว่างกลุ่ม",
        "Inter-group loans",
        (
            C("loan_no", "เลขที่สัญญา", "Loan no.", K.ID, required=True, unique=True, width=13),
            C("group_id", "กลุ่มผู้กู้", "Borrowing group", **GROUP_REF, required=True, width=12),
            C("date", "วันที่จ่ายเงินกู้", "Disbursed on", K.DATE, required=True, width=15),
            C("principal", "เงินต้น", "Principal", K.MONEY, required=True, width=15),
            C("annual_rate", "อัตราดอกเบี้ยต่อปี", "Annual rate", K.RATE, required=True, width=14),
            C("interest_method", "วิธีคิดดอกเบี้ย", "Interest method", K.CHOICE, choices="interest_method", width=23),
            C("term_months", "จำนวนงวด (เดือน)", "Term (months)", K.INT, required=True, width=12),
            C("first_due", "วันครบกำหนดงวดแรก", "First instalment due", K.DATE, width=15),
            C("repayment_style", "รูปแบบการผ่อน", "Repayment style", K.CHOICE, choices="repayment_style", width=17,
              doc="ลดต้นลดดอกเท่านั้น; ว่าง = ตามการตั้งค่า declining_style / declining loans only; "
                  "blank = the declining_style setting"),
        ),
        capacity=200,
    ),
    Table(
        "loan_repayments", "tblLoanRepayments", "รับชำระเงินกู้", "ทะเบียนรับชำระเงินกู้ระหว่างกลุ่ม",
        "Inter-group loan repayments",
        (
            C("loan_no", "เลขที่สัญญา", "Loan no.", K.ID, ref="intergroup_loan", required=True, width=13),
            C("date", "วันที่", "Date", K.DATE, required=True, width=15),
            C("receipt_no", "เลขที่ใบเสร็จ", "Receipt no.", K.ID, width=13),
            C("principal_paid", "ชำระเงินต้น", "Principal paid", K.MONEY, width=14),
            C("interest_paid", "ชำระดอกเบี้ย", "Interest paid", K.MONEY, width=14),
            C("penalty_paid", "ค่าปรับ", "Penalty paid", K.MONEY, width=12),
        ),
        capacity=1000, landscape=False,
    ),
    Table(
        "welfare", "tblWelfare", "สวัสดิการ", "ทะเบียนจ่ายสวัสดิการชุมชนผ่านกลุ่มสมาชิก",
        "Welfare payments through member groups",
        (
            C("date", "วันที่", "Date", K.DATE, required=True, width=15),
            C("voucher_no", "เลขที่ใบสำคัญ", "Voucher no.", K.ID, required=True, unique=True, width=13),
            C("group_id", "ผ่านกลุ่ม", "Through group", **GROUP_REF, required=True, width=12),
            C("kind", "ประเภทสวัสดิการ", "Welfare kind", K.CHOICE, required=True, choices="welfare_kind", width=14),
            C("beneficiary", "ผู้รับสวัสดิการ", "Beneficiary", K.TEXT, width=26),
            C("amount", "จำนวนเงิน", "Amount", K.MONEY, required=True, width=14),
            C("reason", "รายละเอียด", "Details", K.TEXT, width=26,
              doc="ข้อมูลส่วนบุคคล ไม่ส่งออกนอกสถาบัน / personal data; never leaves the institution"),
        ),
        capacity=1000,
    ),
    Table(
        "bank_accounts", "tblBankAccounts", "บัญชีธนาคาร", "บัญชีเงินฝากธนาคารของสถาบัน",
        "The institution's bank accounts",
        (
            C("account_id", "รหัสบัญชี", "Account id", K.ID, required=True, unique=True, width=11),
            C("bank", "ธนาคาร", "Bank", K.TEXT, required=True, width=20),
            C("branch", "สาขา", "Branch", K.TEXT, width=18),
            C("account_no", "เลขที่บัญชี", "Account no.", K.ID, required=True, width=16),
            C("account_type", "ประเภทบัญชี", "Account type", K.CHOICE, choices="account_type", width=13),
            C("opening_balance", "ยอดยกมา", "Opening balance", K.MONEY, width=15),
        ),
        capacity=20, landscape=False,
    ),
    Table(
        "cash_book", "tblCashBook", "บัญชีรับ-จ่าย", "บัญชีรับ-จ่าย เงินสดและเงินฝากธนาคาร",
        "Receipts and payments, cash and bank",
        (
            C("date", "วันที่", "Date", K.DATE, required=True, width=14),
            C("doc_no", "เลขที่เอกสาร", "Document no.", K.ID, required=True, unique=True, width=12),
            C("description", "รายการ", "Description", K.TEXT, required=True, width=30),
            C("category", "หมวด", "Category", K.CHOICE, required=True, choices="cash_category", width=22),
            C("cash_in", "รับเงินสด", "Cash received", K.MONEY, width=13),
            C("cash_out", "จ่ายเงินสด", "Cash paid", K.MONEY, width=13),
            C("bank_account", "รหัสบัญชีธนาคาร", "Bank account id", K.ID, ref="bank_account", width=12),
            C("bank_in", "ฝากเข้าธนาคาร", "Bank deposit", K.MONEY, width=13),
            C("bank_out", "ถอนจากธนาคาร", "Bank withdrawal", K.MONEY, width=13),
            C("reverses", "กลับรายการเอกสาร", "Reverses document no.", K.ID, width=12),
        ),
        capacity=2000,
    ),
)

TABLES = TABLES + (
    Table(
        "meetings", "tblMeetings", "ทะเบียนการประชุม", "ทะเบียนการประชุม", "Meetings register",
        (
            C("meeting_no", "ครั้งที่", "Meeting no.", K.ID, required=True, unique=True, width=11),
            C("date", "วันที่ประชุม", "Date", K.DATE, required=True, width=15),
            C("kind", "ประเภทการประชุม", "Kind", K.CHOICE, required=True, choices="meeting_kind", width=26),
            C("attendees", "ผู้เข้าประชุม คน", "Attendees", K.INT, width=12),
            C("resolutions", "มติสำคัญ", "Main resolutions", K.TEXT, width=50),
        ),
        capacity=60,
    ),
    Table(
        "action_plan", "tblActionPlan", "แผนปฏิบัติการ", "แผนปฏิบัติการประจำปี", "Annual action plan",
        (
            C("activity", "กิจกรรม", "Activity", K.TEXT, required=True, width=40),
            C("month", "เดือนที่ดำเนินการ", "Month", K.DATE, width=16),
            C("owner", "ผู้รับผิดชอบ", "Owner", K.TEXT, width=24),
            C("budget", "งบประมาณ", "Budget", K.MONEY, width=14),
            C("status", "สถานะ", "Status", K.CHOICE, choices="plan_status", width=16),
        ),
        capacity=60,
    ),
)

TABLES = TABLES + (
    Table(
        "debt_policy", "tblDebtPolicy", "นโยบายรวมหนี้", "นโยบายการรับโอนหนี้ของกลุ่มสมาชิก (สำหรับวางแผนหนี้)",
        "Member groups' debt-consolidation policy (for the planner)",
        (
            C("group_id", "รหัสกลุ่ม", "Group id", **GROUP_REF, required=True, unique=True, width=11),
            C("lendable", "เงินที่ให้กู้ได้ขณะนี้", "Lendable cash now", K.MONEY, required=True, width=16),
            C("rate", "อัตราดอกเบี้ยสัญญารวมหนี้ต่อปี", "Rate of a consolidated contract", K.RATE, width=16,
              doc="ว่าง = ใช้อัตราดอกเบี้ยเงินกู้ของกลุ่ม / blank = the group's lending rate"),
            C("max_contract", "วงเงินสูงสุดต่อครัวเรือน", "Ceiling per household", K.MONEY, width=16),
            C("savings_multiple", "ไม่เกินกี่เท่าของเงินออม", "Ceiling as a multiple of savings", K.NUMBER, width=14),
            C("open_to_new_members", "รับสมาชิกใหม่", "Open to new members", K.CHOICE, choices="yes_no", width=12),
            C("new_member_savings", "เงินออมที่นับให้สมาชิกใหม่", "Savings counted for a joining member",
              K.MONEY, width=15),
            C("accepts_arrears", "รับครัวเรือนที่ค้างชำระ", "Accepts households in arrears", K.CHOICE,
              choices="yes_no", width=14),
            C("can_consolidate", "ให้กู้รวมหนี้ได้", "May issue consolidation loans", K.CHOICE,
              choices="yes_no", width=13, doc="ว่าง = ใช่ ยกเว้นกองทุน กข.คจ. (เงินยืม) / blank = yes except KKKJ"),
        ),
        capacity=60,
    ),
    Table(
        "plan_locks", "tblPlanLocks", "มติแผนหนี้", "มติคณะกรรมการที่กำหนดแผนหนี้ล่วงหน้า",
        "Committee decisions that override the planner",
        (
            C("decision", "มติ", "Decision", K.CHOICE, required=True, choices="lock_kind", width=22),
            C("household_id", "รหัสครัวเรือน", "Household id", K.ID, ref="household", width=13),
            C("group_id", "รหัสกลุ่ม", "Group id", **GROUP_REF, width=11),
            C("resolution", "อ้างอิงมติที่ประชุม", "Resolution reference", K.TEXT, width=30),
        ),
        capacity=200, landscape=False,
    ),
    Table(
        "settings", "tblSettings", "ตั้งค่า", "ค่าที่ใช้ในการคำนวณ (แก้ไขได้)", "Settings (editable)",
        (
            C("key", "รหัส", "Key", K.ID, required=True, unique=True, width=24),
            C("label", "รายการ", "Setting", K.TEXT, width=50),
            C("value", "ค่า", "Value", K.TEXT, width=18),
        ),
        capacity=60, landscape=False,
    ),
)

TABLES = TABLES + (
    Table(
        "welfare_rules", "tblWelfareRules", "กฎสวัสดิการ", "เพดานและเงื่อนไขการจ่ายสวัสดิการ (ตามระเบียบ)",
        "Welfare ceilings and eligibility (per the regulations)",
        (
            C("kind", "ประเภทสวัสดิการ", "Welfare kind", K.CHOICE, required=True, choices="welfare_kind",
              unique=True, width=16),
            C("ceiling", "เพดานต่อครั้ง", "Ceiling per payment", K.MONEY, width=16,
              doc="ว่าง = ไม่มีเพดาน / blank = no ceiling"),
            C("eligibility", "เงื่อนไขการมีสิทธิ", "Eligibility", K.TEXT, width=60,
              doc="ข้อความตามระเบียบ พิมพ์ในรายงาน ไม่ได้ตรวจ / the regulation's text; printed, not checked"),
        ),
        capacity=20, landscape=False,
    ),
    Table(
        "closed_months", "tblClosedMonths", "ปิดเดือน", "เดือนที่ปิดบัญชีแล้ว",
        "Closed months (rows dated in them must not change)",
        (
            C("month", "เดือน", "Month", K.DATE, required=True, unique=True, width=16,
              doc="วันใดก็ได้ในเดือน / any day of the month"),
            C("closed_on", "วันที่ปิด", "Closed on", K.DATE, width=16),
            C("seal", "รหัสตรวจสอบ", "Seal", K.ID, width=26,
              doc="เขียนโดย cmfi-xl books --close-month ห้ามพิมพ์เอง / written by the tool; do not type"),
        ),
        capacity=24, landscape=False,
    ),
    Table(
        "month_seals", "tblMonthSeals", "ตราปิดเดือน", "รหัสตรวจสอบของเดือนที่ปิดแล้ว",
        "Row seals of the closed months (written by the tool)",
        (
            C("month", "เดือน", "Month", K.DATE, required=True, width=16),
            C("doc_no", "เลขที่เอกสาร", "Document no.", K.ID, required=True, width=18),
            C("digest", "รหัสรายการ", "Row digest", K.ID, required=True, width=26,
              doc="เขียนโดยโปรแกรม ห้ามแก้ / written by the tool; do not edit"),
        ),
        capacity=200, landscape=False, hidden=True,
    ),
    Table(
        "passbook", "tblPassbook", "ยอดสมุดบัญชี", "ยอดคงเหลือตามสมุดบัญชีเงินฝาก (สำหรับกระทบยอดสิ้นเดือน)",
        "Passbook balances (for the month-end reconciliation)",
        (
            C("account_id", "รหัสบัญชี", "Account id", K.ID, ref="bank_account", required=True, width=12),
            C("date", "วันที่", "Date", K.DATE, required=True, width=15, doc="มักเป็นวันสิ้นเดือน / usually a month end"),
            C("balance", "ยอดคงเหลือ", "Balance", K.MONEY, required=True, width=16),
            C("note", "หมายเหตุ", "Note", K.TEXT, width=30),
        ),
        capacity=100, landscape=False,
    ),
)

#: issue 3: the model-4 register read by ``cmfi-xl convert`` (declared in schema/individuals.py)
TABLES = TABLES + (INDIVIDUALS_TABLE,)

#: What a MINOR version added: table key, or "table.column", → the version that added it.
#: A file of an older minor version lacks them; the reader does not report them missing.
ADDED_IN: dict[str, str] = {
    "welfare_rules": "1.1", "closed_months": "1.1", "month_seals": "1.1", "passbook": "1.1",
    "intergroup_loans.repayment_style": "1.1", "individual_members": "1.2",
}

INSTITUTION = WorkbookSpec(
    template_id=TEMPLATE_ID,
    version=TEMPLATE_VERSION,
    title="แบบฟอร์มข้อมูลสถาบันการจัดการเงินทุนชุมชน",
    profile_sheet="ข้อมูลสถาบัน",
    profile_fields=PROFILE_FIELDS,
    tables=TABLES,
    choice_lists=CHOICE_LISTS,
    lists_sheet="รายการ",
    summary_sheet="สรุป",
)

SPECS = {INSTITUTION.template_id: INSTITUTION}
