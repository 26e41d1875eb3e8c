"""Demo database: realistic unit returns, generated in code and loaded like real uploads.

``build_demo`` simulates what the units of the Sở did from 15/12/2023 on (petitions received and
resolved, citizen reception sessions, "Dân vận khéo" models, training, dissemination, the manual
indicators), writes each unit's return for each reporting period as a real ``.xlsx`` in the shape
of contract §1 (title rows, header in row 3, the catalogue's sheet names, headers and choice
labels), and loads every file through :func:`etl.load.load_bytes`, in the order the units would
have sent them and validated against the day each was sent. Some returns are late, some missing,
a few replaced by a corrected file, one sent twice, and three are deliberately wrong and rejected.

Everything comes from ``random.Random`` seeded per unit and per file, so two builds with the same
``seed`` and ``today`` are identical, down to each file's SHA-256. The simulated world does not
depend on ``today``: ``today`` only decides which returns have been sent yet.
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from etl.catalog import Catalog, Column, SheetSpec, Unit, default_catalog
from etl.db import reading, writing
from etl.deadlines import CaseFacts, RuleSet
from etl.holidays import WorkCalendar
from etl.load import LOADED, REJECTED, UNCHANGED, init_db, load_bytes, refresh_current
from etl.periods import Period, period_from_code
from etl.settings import report_due_days
from etl.validate import ParsedReturn, validate_workbook

__all__ = ["DEMO_YEARS", "SAMPLE_TODAY", "build_demo", "write_samples"]

DEMO_YEARS = (2024, 2025, 2026)
WORLD_START = date(DEMO_YEARS[0] - 1, 12, 15)
WORLD_END = date(DEMO_YEARS[-1], 12, 14)
PERIOD_SUFFIXES = ("-Q1", "-H1", "-Q3", "-9M", "-Q4", "")
SAMPLE_TODAY = date(2026, 6, 30)  # samples are generated as of this day, whatever the clock says
OFFICE_USER = "vanphong"

# -- the story: scripted events that the demo must show -----------------------------------------
# A first version with different numbers, replaced a few days later by the corrected file.
RESUBMITTED = {("VP", "2025-Q1"), ("TTR", "2024"), ("BQLDA", "2025-H1"), ("VTPT", "2024-9M")}
# A wrong file (rejected, with every mistake listed), then the corrected file.
INVALID = {("KHTC", "2025-H1"), ("DK", "2025-9M"), ("BTDB", "2024")}
# The same bytes uploaded twice: the second upload changes nothing.
DUPLICATED = {("TTR", "2025-Q1")}
# Returns never sent (on top of a few random ones; the annual return is never missing).
MISSING = {("KCHT", "2024-Q3"), ("KHTC", "2025-Q4"), ("VTPT", "2026-Q1"), ("DK", "2024-Q1")}
# Facts that make some targets fail.
NO_DISSEMINATION = {("KCHT", 2024)}  # CT01 "Không" all year
LATE_PLAN = {("KCHT", 2025), ("DK", 2024)}  # CT02 only from April
NO_PLAN = {("BTDB", 2025)}  # CT02 "Không" all year
VIOLATORS = {("BTDB", 2024): 1, ("DK", 2025): 1, ("BQLDA", 2026): 1}  # CT07 below 100%

# -- text pools (no citizen's name, address, phone or ID anywhere) ------------------------------
F_LAND = "Đất đai - giải phóng mặt bằng"
F_BUILD = "Đầu tư xây dựng"
F_TRANSPORT = "Vận tải, phương tiện, người lái"
F_SAFETY = "Trật tự an toàn giao thông"
F_POLICY = "Chế độ chính sách"
F_STAFF = "Cán bộ, công chức"
F_OTHER = "Khác"

ROADS = (
    "Quốc lộ 4D", "Quốc lộ 32", "Quốc lộ 12", "Quốc lộ 279", "Quốc lộ 100",
    "đường tỉnh ĐT.127", "đường tỉnh ĐT.128", "đường tỉnh ĐT.132",
    "tuyến Tam Đường - Bản Bo", "đường nối thành phố Lai Châu với cao tốc Nội Bài - Lào Cai",
)
PLACES = ("thành phố Lai Châu", "Tam Đường", "Tân Uyên", "Than Uyên", "Phong Thổ", "Sìn Hồ", "Mường Tè", "Nậm Nhùn")
REMOTE_PLACES = {"Phong Thổ", "Sìn Hồ", "Mường Tè", "Nậm Nhùn"}

PETITION_TEXTS: tuple[tuple[str, str, str], ...] = (
    ("khieu_nai", F_LAND, "Khiếu nại quyết định phê duyệt phương án bồi thường, hỗ trợ giải phóng mặt bằng dự án cải tạo {road} đoạn qua địa bàn {place}"),
    ("khieu_nai", F_LAND, "Khiếu nại việc xác định loại đất để tính bồi thường khi thu hồi đất mở rộng {road} đoạn qua địa bàn {place}"),
    ("khieu_nai", F_LAND, "Khiếu nại mức hỗ trợ di chuyển tài sản, vật kiến trúc trong phạm vi giải phóng mặt bằng {road}"),
    ("khieu_nai", F_TRANSPORT, "Khiếu nại quyết định xử phạt vi phạm hành chính trong lĩnh vực kinh doanh vận tải đường bộ"),
    ("khieu_nai", F_TRANSPORT, "Khiếu nại việc từ chối cấp đổi giấy phép lái xe do sai lệch thông tin hồ sơ"),
    ("khieu_nai", F_POLICY, "Khiếu nại việc chậm thanh toán tiền lương, bảo hiểm xã hội cho lao động hợp đồng bảo trì đường bộ"),
    ("khieu_nai", F_BUILD, "Khiếu nại kết quả lựa chọn nhà thầu gói thầu xây lắp công trình giao thông nông thôn"),
    ("khieu_nai", F_BUILD, "Khiếu nại việc thanh toán, quyết toán khối lượng hoàn thành công trình sửa chữa {road}"),
    ("to_cao", F_BUILD, "Tố cáo nhà thầu thi công không đúng thiết kế, bớt xén vật liệu công trình {road}"),
    ("to_cao", F_BUILD, "Tố cáo sai phạm trong nghiệm thu, thanh toán khối lượng công trình sửa chữa {road}"),
    ("to_cao", F_STAFF, "Tố cáo công chức có hành vi gây khó khăn, nhũng nhiễu khi giải quyết thủ tục hành chính"),
    ("to_cao", F_TRANSPORT, "Tố cáo cơ sở đào tạo lái xe cấp chứng chỉ không đúng quy định"),
    ("to_cao", F_LAND, "Tố cáo việc lập hồ sơ bồi thường không đúng đối tượng tại dự án {road} đoạn qua địa bàn {place}"),
    ("to_cao", F_STAFF, "Tố cáo việc thu phí kiểm định cao hơn mức quy định tại cơ sở đăng kiểm"),
    ("kien_nghi", F_SAFETY, "Kiến nghị lắp đặt biển báo, gờ giảm tốc tại nút giao trên {road} đoạn qua địa bàn {place}"),
    ("kien_nghi", F_LAND, "Kiến nghị sớm chi trả tiền bồi thường giải phóng mặt bằng dự án {road}"),
    ("kien_nghi", F_BUILD, "Kiến nghị bổ sung cống thoát nước ngang đường tại {road} đoạn qua địa bàn {place}"),
    ("kien_nghi", F_TRANSPORT, "Kiến nghị mở thêm tuyến xe khách kết nối thành phố Lai Châu với các xã vùng cao"),
    ("kien_nghi", F_OTHER, "Kiến nghị cung cấp thông tin quy hoạch, chỉ giới xây dựng tuyến {road}"),
    ("kien_nghi", F_POLICY, "Kiến nghị xem xét chế độ phụ cấp độc hại cho công nhân quản lý, bảo trì đường bộ"),
    ("kien_nghi", F_OTHER, "Kiến nghị công khai dự toán kinh phí sửa chữa thường xuyên đường địa phương"),
    ("phan_anh", F_SAFETY, "Phản ánh sạt lở taluy dương trên {road} đoạn qua địa bàn {place} gây mất an toàn giao thông"),
    ("phan_anh", F_SAFETY, "Phản ánh mặt đường {road} xuống cấp, nhiều ổ gà gây nguy hiểm cho người tham gia giao thông"),
    ("phan_anh", F_TRANSPORT, "Phản ánh xe khách tuyến Lai Châu - Hà Nội đón, trả khách không đúng nơi quy định"),
    ("phan_anh", F_TRANSPORT, "Phản ánh việc thu giá vé xe khách cao hơn giá niêm yết dịp Tết"),
    ("phan_anh", F_TRANSPORT, "Phản ánh thời gian chờ kiểm định xe cơ giới kéo dài"),
    ("phan_anh", F_STAFF, "Phản ánh thái độ phục vụ chưa đúng mực tại bộ phận tiếp nhận và trả kết quả"),
    ("phan_anh", F_BUILD, "Phản ánh nhà thầu thi công {road} để vật liệu lấn chiếm lòng đường, gây bụi"),
    ("phan_anh", F_BUILD, "Phản ánh việc thi công làm nứt tường, ngập úng nhà dân dọc {road} đoạn qua địa bàn {place}"),
)

TRANSFER_NOTES = (
    "Chuyển UBND cấp xã nơi phát sinh vụ việc giải quyết theo thẩm quyền",
    "Chuyển cơ quan có thẩm quyền giải quyết",
    "Chuyển Công an tỉnh xem xét theo thẩm quyền",
)
GUIDE_NOTE = "Hướng dẫn người gửi đơn đến cơ quan có thẩm quyền"

HIGHLIGHTS = {
    "kinh_te": ("Vận động nhân dân hiến {n}00 m² đất để mở rộng đường", "Rút ngắn thời gian giải quyết hồ sơ bình quân {n} ngày"),
    "van_hoa_xa_hoi": ("Tổ chức {n} buổi tuyên truyền cho học sinh, người dân vùng cao", "Tỷ lệ người dân hài lòng đạt 9{n}%"),
    "quoc_phong_an_ninh": ("Phối hợp xử lý {n} vụ lấn chiếm hành lang an toàn đường bộ", "Kịp thời khắc phục {n} điểm sạt lở, bảo đảm giao thông thông suốt"),
    "xay_dung_htct": ("Không để phát sinh đơn thư vượt cấp; {n} cuộc đối thoại với người dân", "100% hồ sơ thủ tục hành chính giải quyết đúng hạn trong {n} tháng"),
}

GENERIC_MODEL = ("Dân vận khéo gắn với thực hiện nhiệm vụ chuyên môn", "mo_hinh", "xay_dung_htct")


@dataclass(frozen=True)
class Profile:
    """How one unit behaves in the simulation."""

    petitions: tuple[int, int] = (0, 3)  # cases received per year (min, max)
    kinds: tuple[tuple[str, int], ...] = (("kien_nghi", 2), ("phan_anh", 2))
    fields: tuple[str, ...] = ()  # preferred Lĩnh vực of its cases (empty: any)
    transfer_rate: float = 0.10
    staff: int = 10
    cadres: int = 4  # leaders and staff assigned to the training on the grassroots democracy law
    reception: str = "none"  # head | inspectorate | few | none
    models: tuple[tuple[str, str, str], ...] = (GENERIC_MODEL,)  # (name, type, field)
    models_per_year: int = 1
    late_rate: float = 0.08
    date_style: str = "date"  # date | text
    period_style: int = 0  # 0: 'Quý I/2025', 1: 'Quý 1 năm 2025', 2: '2025-Q1'
    unit_text: str = ""  # what the unit writes as Mã đơn vị (blank: the code)
    remote_as_x: bool = False  # writes 'x' for Vùng sâu vùng xa
    stt_column: bool = False
    numbering_row: bool = False
    ref_style: str = "{unit}.{yy}.{seq:02d}"
    abbr: str = ""
    reporter: str = "Chuyên viên phụ trách"
    user: str = OFFICE_USER  # the account that uploads its returns (the office collects them all)


PROFILES: dict[str, Profile] = {
    "VP": Profile(
        petitions=(22, 32), kinds=(("kien_nghi", 4), ("phan_anh", 4), ("khieu_nai", 2), ("to_cao", 1)),
        transfer_rate=0.12, staff=24, cadres=9, reception="head", models_per_year=2, late_rate=0.04,
        models=(
            ("Dân vận khéo trong tiếp nhận và trả kết quả thủ tục hành chính", "mo_hinh", "xay_dung_htct"),
            ("Công chức bộ phận Một cửa tận tụy, chu đáo với người dân", "dien_hinh_ca_nhan", "xay_dung_htct"),
            ("Công sở văn minh, thân thiện vì nhân dân phục vụ", "mo_hinh", "van_hoa_xa_hoi"),
            ("Chuyển đổi số trong tiếp nhận, xử lý phản ánh, kiến nghị của người dân", "mo_hinh", "kinh_te"),
            ("Cán bộ, đảng viên gương mẫu nói đi đôi với làm", "mo_hinh", "xay_dung_htct"),
            ("Cơ quan đạt chuẩn văn hóa gắn với dân vận chính quyền", "mo_hinh", "van_hoa_xa_hoi"),
        ),
        ref_style="{seq:02d}/{year}/VP", abbr="VP", reporter="Chuyên viên Văn phòng Sở",
    ),
    "TTR": Profile(
        petitions=(36, 52), kinds=(("khieu_nai", 5), ("to_cao", 3), ("kien_nghi", 1), ("phan_anh", 1)),
        transfer_rate=0.18, staff=11, cadres=6, reception="inspectorate", late_rate=0.04, period_style=2,
        models=(
            ("Đối thoại trực tiếp với người dân trong giải quyết khiếu nại về bồi thường, giải phóng mặt bằng", "mo_hinh", "xay_dung_htct"),
            ("Thanh tra viên gương mẫu trong tiếp công dân, đối thoại với người dân", "dien_hinh_ca_nhan", "xay_dung_htct"),
            ("Đồng hành cùng doanh nghiệp vận tải chấp hành quy định về kinh doanh vận tải", "mo_hinh", "kinh_te"),
        ),
        ref_style="TTr-{year}-{seq:03d}", abbr="TTr", reporter="Thanh tra viên",
    ),
    "KHTC": Profile(
        petitions=(0, 2), kinds=(("kien_nghi", 2), ("khieu_nai", 1)), fields=(F_POLICY, F_OTHER, F_BUILD),
        staff=9, cadres=4, period_style=1,
        models=(
            ("Công khai, minh bạch tài chính, tài sản công trong cơ quan", "mo_hinh", "xay_dung_htct"),
            ("Vận động công chức, người lao động ủng hộ Quỹ Vì người nghèo", "mo_hinh", "van_hoa_xa_hoi"),
        ),
        abbr="KHTC", reporter="Chuyên viên Phòng Kế hoạch - Tài chính",
    ),
    "KCHT": Profile(
        petitions=(2, 6), kinds=(("kien_nghi", 3), ("phan_anh", 3)), fields=(F_SAFETY, F_BUILD, F_OTHER),
        staff=10, cadres=4,
        models=(
            ("Nhân dân hiến đất, góp công làm đường giao thông nông thôn", "mo_hinh", "kinh_te"),
            ("Cộng đồng cùng giám sát công trình giao thông nông thôn", "mo_hinh", "xay_dung_htct"),
            ("Tuyến đường tự quản, sáng - xanh - sạch - đẹp", "mo_hinh", "van_hoa_xa_hoi"),
        ),
        abbr="KCHT",
    ),
    "VTPT": Profile(
        petitions=(3, 8), kinds=(("phan_anh", 4), ("kien_nghi", 2), ("khieu_nai", 1)), fields=(F_TRANSPORT, F_SAFETY),
        staff=12, cadres=5, reception="few", date_style="text",
        models=(
            ("Tuyên truyền an toàn giao thông cho học sinh các trường vùng cao", "mo_hinh", "van_hoa_xa_hoi"),
            ("Đồng hành cùng doanh nghiệp vận tải bảo đảm an toàn giao thông dịp Tết", "mo_hinh", "kinh_te"),
            ("Một cửa thân thiện trong cấp đổi giấy phép lái xe", "mo_hinh", "xay_dung_htct"),
        ),
        abbr="VTPT",
    ),
    "CLCT": Profile(
        petitions=(1, 4), kinds=(("phan_anh", 2), ("kien_nghi", 1), ("to_cao", 1)), fields=(F_BUILD, F_SAFETY),
        staff=8, cadres=3,
        models=(("Giám sát cộng đồng đối với chất lượng công trình giao thông", "mo_hinh", "xay_dung_htct"),),
        abbr="CLCT",
    ),
    "QLXD": Profile(
        petitions=(2, 6), kinds=(("phan_anh", 2), ("kien_nghi", 2), ("khieu_nai", 1)), fields=(F_BUILD, F_OTHER),
        staff=14, cadres=5, period_style=1,
        models=(
            ("Hướng dẫn người dân xây dựng nhà ở an toàn, đúng quy hoạch", "mo_hinh", "van_hoa_xa_hoi"),
            ("Một cửa thân thiện trong cấp giấy phép xây dựng", "mo_hinh", "xay_dung_htct"),
        ),
        abbr="QLXD",
    ),
    "DK": Profile(
        petitions=(3, 8), kinds=(("phan_anh", 4), ("kien_nghi", 2), ("to_cao", 1)), fields=(F_TRANSPORT, F_STAFF),
        staff=28, cadres=6, reception="few", late_rate=0.12, date_style="text", unit_text="TTĐK",
        numbering_row=True,
        models=(
            ("Đăng kiểm thân thiện, phục vụ tận tình", "mo_hinh", "van_hoa_xa_hoi"),
            ("Tập thể tổ kiểm định lưu động phục vụ xe cơ giới vùng sâu, vùng xa", "dien_hinh_tap_the", "kinh_te"),
            ("Kiểm định viên giữ vững kỷ cương, liêm chính", "mo_hinh", "xay_dung_htct"),
        ),
        abbr="TTĐK", reporter="Viên chức Phòng Hành chính - Tổng hợp",
    ),
    "BQLDA": Profile(
        petitions=(3, 8), kinds=(("khieu_nai", 3), ("kien_nghi", 3), ("phan_anh", 1)), fields=(F_LAND, F_BUILD),
        staff=26, cadres=7, reception="few", unit_text="Ban QLDA", period_style=1, numbering_row=True,
        models=(
            ("Dân vận khéo trong công tác bồi thường, giải phóng mặt bằng", "mo_hinh", "kinh_te"),
            ("Vận động nhân dân hiến đất mở rộng đường vào trung tâm xã", "mo_hinh", "kinh_te"),
            ("Ban quản lý dự án đồng hành cùng người dân vùng dự án", "mo_hinh", "xay_dung_htct"),
        ),
        abbr="BQLDA", reporter="Viên chức Phòng Hành chính - Kế hoạch",
    ),
    "BTDB": Profile(
        petitions=(2, 7), kinds=(("phan_anh", 4), ("kien_nghi", 2)), fields=(F_SAFETY, F_POLICY),
        staff=58, cadres=8, reception="few", late_rate=0.35, date_style="text", remote_as_x=True,
        stt_column=True, period_style=1,
        models=(
            ("Tổ tự quản bảo vệ hành lang an toàn đường bộ ở bản", "mo_hinh", "quoc_phong_an_ninh"),
            ("Tập thể Hạt quản lý đường bộ phối hợp với nhân dân khắc phục sạt lở", "dien_hinh_tap_the", "quoc_phong_an_ninh"),
            ("Cựu chiến binh tham gia giữ gìn an toàn giao thông trên các tuyến quốc lộ", "mo_hinh", "quoc_phong_an_ninh"),
        ),
        abbr="ĐQLĐB", reporter="Nhân viên Tổ Tổng hợp",
    ),
}

# The name the first VP model is written with from mid-2024 on (same model: case and spacing).
VP_MODEL_VARIANT = (date(2024, 6, 1), "Dân vận khéo trong tiếp nhận và trả kết quả  THỦ TỤC HÀNH CHÍNH")


# -- the simulated world -------------------------------------------------------------------------


@dataclass(frozen=True)
class Raw:
    """A cell written exactly as given (a unit's typing mistake), bypassing labels and formats."""

    value: object


@dataclass
class Petition:
    ref: str
    kind: str
    field: str
    source: str
    within: bool
    attempt: int
    complexity: str
    remote: bool
    received: date
    accepted: date | None
    extension: int
    resolved: date | None
    final_status: str
    result: str | None
    summary: str
    note: str | None = None
    due_given: date | None = None
    pin: str = ""  # names a case that the scripted mistakes refer to

    def row(self, as_of: date) -> dict[str, object]:
        done = self.resolved is not None and self.resolved <= as_of
        accepted = self.accepted if self.accepted is not None and self.accepted <= as_of else None
        handling = accepted is not None or (
            self.kind in ("kien_nghi", "phan_anh") and as_of >= self.received + timedelta(days=3))
        status = self.final_status if done else ("dang_giai_quyet" if handling else "chua_xu_ly")
        extended = self.extension and (done or (accepted is not None and as_of >= accepted + timedelta(days=20)))
        return {
            "petition_ref": self.ref, "received_date": self.received, "kind": self.kind, "field": self.field,
            "source": self.source, "within_competence": "co" if self.within else "khong",
            "attempt": str(self.attempt) if self.kind == "khieu_nai" else None,
            "complexity": self.complexity, "remote_area": "co" if self.remote else "khong",
            "accepted_date": accepted, "extension_days": self.extension if extended else None,
            "due_date_given": self.due_given, "resolved_date": self.resolved if done else None,
            "status": status, "result": self.result if done else None, "summary": self.summary,
            "note": self.note if done else None, "_pin": self.pin,
        }

    def relevant(self, period: Period, as_of: date) -> bool:
        """Received in the period, or received earlier and still open when it began."""
        if self.received > as_of:
            return False
        if self.received >= period.start:
            return True
        return self.resolved is None or self.resolved >= period.start


@dataclass
class Model:
    name: str
    model_type: str
    field: str
    registered: date
    start: date
    steps: list[tuple[date, str]]  # (from this day, status)
    level: str | None = None
    decision: str | None = None
    end: date | None = None
    highlights: str | None = None
    variant: tuple[date, str] | None = None

    def status_on(self, day: date) -> tuple[date, str]:
        current = self.steps[0]
        for step in self.steps:
            if step[0] <= day:
                current = step
        return current

    def relevant(self, period: Period, as_of: date) -> bool:
        if self.registered > as_of:
            return False
        if self.registered >= period.start:
            return True
        _, status = self.status_on(period.start - timedelta(days=1))
        return status not in ("duoc_cong_nhan", "dung")

    def row(self, as_of: date) -> dict[str, object]:
        _, status = self.status_on(as_of)
        name = self.variant[1] if self.variant and as_of >= self.variant[0] else self.name
        return {
            "model_name": name, "model_type": self.model_type, "field": self.field,
            "registered_date": self.registered, "start_date": self.start if self.start <= as_of else None,
            "end_date": self.end if status == "dung" else None, "status": status,
            "recognition_level": self.level if status == "duoc_cong_nhan" else None,
            "decision_no": self.decision if status == "duoc_cong_nhan" else None,
            "highlights": self.highlights if status in ("da_so_ket", "duoc_cong_nhan") else None,
        }


@dataclass
class Session:
    day: date
    form: str
    host: str
    on_schedule: bool | None
    visits: int
    people: int
    cases: int
    delegations: int
    note: str | None = None
    pin: str = ""

    def row(self) -> dict[str, object]:
        return {
            "session_date": self.day, "form": self.form, "host_role": self.host,
            "on_schedule": None if self.on_schedule is None else ("co" if self.on_schedule else "khong"),
            "visits": self.visits, "people": self.people, "cases": self.cases,
            "delegations": self.delegations, "note": self.note, "_pin": self.pin,
        }


@dataclass
class Course:
    name: str
    day: date
    topic: str
    assigned: int
    attended: int

    def row(self) -> dict[str, object]:
        return {"course_name": self.name, "course_date": self.day, "topic": self.topic,
                "assigned": self.assigned, "attended": self.attended}


@dataclass
class Activity:
    content: str
    day: date
    form: str
    participants: int | None

    def row(self) -> dict[str, object]:
        return {"content": self.content, "activity_date": self.day, "form": self.form,
                "participants": self.participants}


@dataclass
class UnitYear:
    staff: int
    cadres: int
    plan_date: date | None
    plan_no: int
    rating: str
    violators: int


@dataclass
class UnitWorld:
    unit: Unit
    profile: Profile
    horizon: date  # the last day any of its returns can describe
    petitions: list[Petition] = field(default_factory=list)
    models: list[Model] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    courses: list[Course] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    years: dict[int, UnitYear] = field(default_factory=dict)


class _Sim:
    """Shared helpers of the simulation: the working calendar and the deadline rules."""

    def __init__(self) -> None:
        self.cal = WorkCalendar.from_csv()
        self.rules = RuleSet.from_csv()

    def workday(self, day: date) -> date:
        return self.cal.next_working_day(day)

    def random_workday(self, rng: random.Random, lo: date, hi: date) -> date | None:
        if hi < lo:
            return None
        for _ in range(20):
            day = self.workday(lo + timedelta(days=rng.randint(0, (hi - lo).days)))
            if day <= hi:
                return day
        return None

    def due(self, kind: str, received: date, accepted: date | None, within: bool, attempt: int,
            complexity: str, remote: bool, extension: int) -> date:
        facts = CaseFacts(kind=kind, received_date=received, accepted_date=accepted, within_competence=within,
                          attempt=attempt, complexity=complexity, remote_area=remote, extension_days=extension)
        return self.rules.resolution_deadline(facts, self.cal).due_date


def _windows() -> list[tuple[int, date, date]]:
    return [(y, date(y - 1, 12, 15), date(y, 12, 14)) for y in DEMO_YEARS]


def _weighted(rng: random.Random, pairs: Iterable[tuple[str, int]]) -> str:
    items = list(pairs)
    return rng.choices([k for k, _ in items], weights=[w for _, w in items])[0]


def _unit_span(unit: Unit, due_days: dict[str, int]) -> tuple[date, date]:
    """First and last day the unit's returns can describe."""
    first = max(WORLD_START, unit.valid_from or WORLD_START)
    last = WORLD_END
    if unit.valid_to is not None:
        ends = [p.end for p in _all_periods() if p.end + timedelta(days=due_days.get(p.kind, 7)) <= unit.valid_to]
        last = max(ends) if ends else unit.valid_to
    return first, last


def _all_periods() -> list[Period]:
    return [period_from_code(f"{y}{s}") for y in DEMO_YEARS for s in PERIOD_SUFFIXES]


def simulate_unit(unit: Unit, seed: int, sim: _Sim, due_days: dict[str, int]) -> UnitWorld:
    profile = PROFILES.get(unit.code, Profile(abbr=unit.code))
    first, horizon = _unit_span(unit, due_days)
    world = UnitWorld(unit, profile, horizon)
    rng = random.Random(f"{seed}:{unit.code}:world")
    for year, start, end in _windows():
        lo, hi = max(start, first), min(end, horizon)
        if hi < lo:
            continue
        world.years[year] = UnitYear(
            staff=profile.staff + rng.randint(-1, 2),
            cadres=profile.cadres,
            plan_date=_plan_date(rng, sim, unit.code, year, lo),
            plan_no=rng.randint(4, 60),
            rating=_weighted(rng, (("5", 15), ("4", 65), ("3", 20))),
            violators=VIOLATORS.get((unit.code, year), 0),
        )
    _simulate_petitions(world, rng, sim, first)
    _simulate_models(world, rng, sim, first)
    _simulate_reception(world, rng, sim, first)
    _simulate_training(world, rng, sim, first)
    return world


def _plan_date(rng: random.Random, sim: _Sim, code: str, year: int, lo: date) -> date | None:
    if (code, year) in NO_PLAN:
        return None
    if (code, year) in LATE_PLAN:
        return sim.workday(date(year, 4, rng.randint(8, 24)))
    return sim.random_workday(rng, max(lo, date(year, 1, 6)), max(lo, date(year, 2, 26)))


def _simulate_petitions(world: UnitWorld, rng: random.Random, sim: _Sim, first: date) -> None:
    profile, code = world.profile, world.unit.code
    cases: list[Petition] = []
    for year, start, end in _windows():
        lo, hi = max(start, first), min(end, world.horizon - timedelta(days=30))
        for _ in range(rng.randint(*profile.petitions)):
            received = sim.random_workday(rng, lo, hi)
            if received is not None:
                cases.append(_new_petition(rng, sim, profile, code, received, world.horizon))
    cases += _pinned_petitions(code)
    cases.sort(key=lambda p: (p.received, p.summary))
    counters: dict[int, int] = {}
    for case in cases:
        counters[case.received.year] = counters.get(case.received.year, 0) + 1
        case.ref = profile.ref_style.format(
            unit=code, year=case.received.year, yy=f"{case.received.year % 100:02d}",
            seq=counters[case.received.year])
    world.petitions = cases


def _new_petition(rng: random.Random, sim: _Sim, profile: Profile, code: str, received: date,
                  horizon: date) -> Petition:
    kind = _weighted(rng, profile.kinds)
    texts = [t for t in PETITION_TEXTS if t[0] == kind and (not profile.fields or t[1] in profile.fields)]
    texts = texts or [t for t in PETITION_TEXTS if t[0] == kind]
    _, field_name, template = rng.choice(texts)
    place = rng.choice(PLACES)
    summary = template.format(road=rng.choice(ROADS), place=place)
    remote = (place in REMOTE_PLACES and rng.random() < 0.8) if "{place}" in template else rng.random() < 0.04
    within = rng.random() >= profile.transfer_rate
    attempt = 2 if kind == "khieu_nai" and code in ("TTR", "VP") and within and rng.random() < 0.2 else 1
    complexity = "binh_thuong"
    if kind in ("khieu_nai", "to_cao") and within:
        complexity = _weighted(rng, (("binh_thuong", 72), ("phuc_tap", 22), ("dac_biet_phuc_tap", 6)))
    source = _weighted(rng, (("truc_tiep", 30), ("buu_chinh", 22), ("chuyen_den", 20), ("cong_ttdt", 14),
                             ("duong_day_nong", 9 if kind in ("kien_nghi", "phan_anh") else 2), ("khac", 5)))
    accepted: date | None = None
    extension = 0
    result: str | None = None
    note: str | None = None
    if not within:
        status = "da_huong_dan" if kind == "khieu_nai" and rng.random() < 0.4 else "da_chuyen_don"
        note = GUIDE_NOTE if status == "da_huong_dan" else rng.choice(TRANSFER_NOTES)
        due = sim.due(kind, received, None, False, attempt, complexity, remote, 0)
        if rng.random() < 0.88:
            resolved = sim.cal.add_working_days(received, rng.randint(1, 4))
            resolved = min(resolved, due)
        else:
            resolved = sim.workday(due + timedelta(days=rng.randint(1, 8)))
    elif kind == "to_cao" and rng.random() < 0.08:
        status, note = "luu_don", "Đơn không rõ nội dung, không đủ điều kiện thụ lý; lưu đơn"
        resolved = sim.cal.add_working_days(received, rng.randint(3, 7))
    else:
        # thụ lý within 10 working days (khiếu nại) or 7 (tố cáo); about one case in ten a few days
        # late, drawn apart so that the rest of the demo stays as it was
        late = random.Random(f"thu-ly {code} {received} {summary}").random() < 0.2
        if kind == "khieu_nai":
            accepted = sim.cal.add_working_days(received, rng.randint(2, 9) + (5 if late else 0))
        elif kind == "to_cao":
            accepted = sim.cal.add_working_days(received, rng.randint(3, 7) + (3 if late else 0))
        elif rng.random() < 0.3:
            accepted = sim.cal.add_working_days(received, rng.randint(0, 2))
        if kind == "to_cao" and complexity != "binh_thuong" and rng.random() < 0.65:
            extension = rng.choice((15, 20, 30) if complexity == "phuc_tap" else (30, 45, 60))
        due = sim.due(kind, received, accepted, True, attempt, complexity, remote, extension)
        begin = accepted or received
        fate = rng.random()
        if fate < 0.72:
            span = max(1, (due - begin).days)
            resolved = min(due, sim.workday(begin + timedelta(days=rng.randint(max(1, span // 3), span))))
        elif fate < 0.88:
            resolved = sim.workday(due + timedelta(days=rng.randint(2, 25)))
        else:
            resolved = sim.workday(due + timedelta(days=rng.randint(40, 160)))
        if kind in ("kien_nghi", "phan_anh"):
            status, result = "da_giai_quyet", "da_tra_loi"
        elif kind == "khieu_nai" and rng.random() < 0.09:
            status = rng.choice(("rut_don", "rut_don", "dinh_chi"))
            resolved = min(resolved, sim.workday(begin + timedelta(days=rng.randint(5, 20))))
        else:
            status = "da_giai_quyet"
            result = _weighted(rng, (("sai", 45), ("dung_mot_phan", 35), ("dung", 20)))
    if resolved > horizon:  # a unit that ceased closed its files before its last return
        resolved = max(horizon, accepted or received)
    due_given = None
    if code == "VP" and accepted is not None and extension == 0 and rng.random() < 0.3:
        due_given = sim.due(kind, received, accepted, within, attempt, complexity, remote, 0)
    return Petition(
        ref="", kind=kind, field=field_name, source=source, within=within, attempt=attempt,
        complexity=complexity, remote=remote, received=received, accepted=accepted, extension=extension,
        resolved=resolved, final_status=status, result=result, summary=summary, note=note, due_given=due_given,
    )


def _pinned_petitions(code: str) -> list[Petition]:
    """Cases the scripted mistakes of the wrong files refer to."""
    def case(pin: str, kind: str, field_name: str, text: str, received: date, accepted: date | None,
             resolved: date, result: str) -> Petition:
        return Petition(
            ref="", kind=kind, field=field_name, source="truc_tiep", within=True, attempt=1,
            complexity="binh_thuong", remote=False, received=received, accepted=accepted, extension=0,
            resolved=resolved, final_status="da_giai_quyet", result=result, summary=text, pin=pin,
        )

    if code == "KHTC":
        return [
            case("typo_year", "kien_nghi", F_OTHER, "Kiến nghị công khai dự toán kinh phí bảo trì đường địa phương",
                 date(2025, 3, 20), None, date(2025, 4, 2), "da_tra_loi"),
            case("no_date", "khieu_nai", F_BUILD,
                 "Khiếu nại việc thanh toán, quyết toán khối lượng hoàn thành công trình sửa chữa Quốc lộ 4D",
                 date(2025, 5, 12), date(2025, 5, 19), date(2025, 6, 10), "sai"),
        ]
    if code == "BTDB":
        return [
            case("future", "phan_anh", F_SAFETY,
                 "Phản ánh đá lăn trên Quốc lộ 4D đoạn qua địa bàn Phong Thổ gây mất an toàn giao thông",
                 date(2024, 10, 8), None, date(2024, 10, 18), "da_tra_loi"),
            case("duplicate", "kien_nghi", F_SAFETY,
                 "Kiến nghị bổ sung hộ lan tôn lượn tại đoạn đường cong nguy hiểm trên Quốc lộ 12",
                 date(2024, 11, 12), None, date(2024, 11, 22), "da_tra_loi"),
        ]
    return []


def _simulate_models(world: UnitWorld, rng: random.Random, sim: _Sim, first: date) -> None:
    profile, code = world.profile, world.unit.code
    pool = list(profile.models)
    for year, start, end in _windows():
        if year not in world.years:
            continue
        count = profile.models_per_year if year < DEMO_YEARS[-1] else int(rng.random() < 0.6)
        for _ in range(count):
            if pool:
                name, model_type, field_name = pool.pop(0)
            else:
                name, model_type, field_name = f"{GENERIC_MODEL[0]} năm {year}", *GENERIC_MODEL[1:]
            registered = sim.random_workday(rng, max(first, date(year, 1, 6)) + timedelta(days=5),
                                            max(first + timedelta(days=40), date(year, 3, 28)))
            if registered is None or registered > world.horizon:
                continue
            model = _new_model(rng, sim, code, year, name, model_type, field_name, registered)
            if code == "VP" and not world.models:
                model.variant = VP_MODEL_VARIANT
                model.steps = [s for s in model.steps if s[1] not in ("dung",)] or model.steps
            model.steps = [s for s in model.steps if s[0] <= world.horizon]
            world.models.append(model)


def _new_model(rng: random.Random, sim: _Sim, code: str, year: int, name: str, model_type: str,
               field_name: str, registered: date) -> Model:
    lag = rng.randint(10, 30) if rng.random() < 0.75 else rng.randint(60, 120)  # some wait for funds or a plan
    start = sim.workday(registered + timedelta(days=lag))
    review = sim.workday(max(start + timedelta(days=45), date(year, rng.randint(6, 9), rng.randint(1, 28))))
    steps = [(registered, "dang_ky"), (start, "dang_trien_khai"), (review, "da_so_ket")]
    model = Model(name, model_type, field_name, registered, start, steps)
    fate = rng.random()
    highlight = rng.choice(HIGHLIGHTS[field_name]).format(n=rng.randint(2, 9))
    model.highlights = highlight
    if fate < 0.2 and model_type == "mo_hinh":
        stop = sim.workday(max(start + timedelta(days=30), date(year, rng.randint(7, 10), rng.randint(1, 28))))
        model.steps = [s for s in steps if s[0] < stop] + [(stop, "dung")]
        model.end = stop
        model.highlights = None
        return model
    finish_year = year if fate < 0.7 else year + 1
    recognised = sim.workday(max(review + timedelta(days=20), date(finish_year, 11, rng.randint(3, 28))))
    model.steps.append((recognised, "duoc_cong_nhan"))
    model.level = _weighted(rng, (("co_so", 35), ("so", 45), ("tinh", 20)))
    issuer = {"co_so": PROFILES.get(code, Profile(abbr=code)).abbr or code,
              "so": "SGTVT" if recognised < date(2025, 3, 1) else "SXD", "tinh": "UBND"}[model.level]
    model.decision = f"{rng.randint(12, 980)}/QĐ-{issuer}"
    return model


def _simulate_reception(world: UnitWorld, rng: random.Random, sim: _Sim, first: date) -> None:
    kind = world.profile.reception
    sessions: dict[tuple[date, str, str], Session] = {}

    def add(session: Session) -> None:
        if first <= session.day <= world.horizon:
            sessions.setdefault((session.day, session.form, session.host), session)

    def crowd(visits_hi: int) -> tuple[int, int, int]:
        visits = rng.randint(0, visits_hi)
        people = visits + (rng.randint(0, 2) if visits else 0)
        return visits, people, rng.randint(0, visits)

    months = [(y, m) for y in DEMO_YEARS for m in range(1, 13)]
    if kind in ("head", "inspectorate"):
        skipped = {(y, m) for y in DEMO_YEARS for m in rng.sample(range(1, 13), 2 if kind == "head" else 1)}
        for y, m in months:
            if (y, m) in skipped:
                continue
            scheduled = sim.workday(date(y, m, 20 if kind == "head" else 10))
            on_schedule = rng.random() >= 0.06
            day = scheduled if on_schedule else sim.cal.add_working_days(scheduled, rng.randint(2, 4))
            host = "lanh_dao_phong"
            if kind == "head":
                host = "giam_doc" if rng.random() < 0.85 else "pho_giam_doc"
            visits, people, cases = crowd(6)
            delegations = 0
            if visits and rng.random() < 0.08:
                delegations, people = 1, people + rng.randint(5, 15)
            add(Session(day, "dinh_ky", host, on_schedule, visits, people, cases, delegations,
                        None if on_schedule else "Lùi lịch do lãnh đạo đi công tác"))
            for _ in range(rng.randint(2, 4) if kind == "head" else rng.randint(3, 5)):
                day = sim.random_workday(rng, date(y, m, 1), date(y, m, 28))
                if day is not None and day != scheduled:
                    visits, people, cases = crowd(3)
                    add(Session(day, "thuong_xuyen", "can_bo_tcd", None, max(1, visits), max(1, people),
                                cases, 0))
        for y in DEMO_YEARS:
            for _ in range(2 if kind == "head" else 1):
                day = sim.random_workday(rng, date(y, 1, 10), date(y, 12, 10))
                if day is None:
                    continue
                host = rng.choice(("giam_doc", "pho_giam_doc")) if kind == "head" else "lanh_dao_phong"
                add(Session(day, "dot_xuat", host, None, 1, rng.randint(8, 30), 1, 1,
                            f"Đoàn đông người kiến nghị về bồi thường, giải phóng mặt bằng dự án {rng.choice(ROADS)}"))
    elif kind == "few":
        for y in DEMO_YEARS:
            for _ in range(rng.randint(3, 6)):
                day = sim.random_workday(rng, date(y - 1, 12, 15), date(y, 12, 14))
                if day is not None:
                    visits, people, cases = crowd(3)
                    add(Session(day, "thuong_xuyen", "lanh_dao_phong", None, max(1, visits), max(1, people),
                                cases, 0))
            if world.unit.code == "BQLDA":
                day = sim.random_workday(rng, date(y, 2, 1), date(y, 11, 30))
                if day is not None:
                    add(Session(day, "dot_xuat", "lanh_dao_phong", None, 1, rng.randint(6, 20), 1, 1,
                                "Đoàn đông người kiến nghị về giá đất bồi thường"))
    if world.unit.code == "DK":  # the session the scripted mistakes of DK_2025-9M refer to
        pinned = Session(date(2025, 8, 19), "thuong_xuyen", "lanh_dao_phong", None, 2, 3, 1, 0, pin="typo_date")
        sessions[(pinned.day, pinned.form, pinned.host)] = pinned
    world.sessions = sorted(sessions.values(), key=lambda s: (s.day, s.form, s.host))


def _simulate_training(world: UnitWorld, rng: random.Random, sim: _Sim, first: date) -> None:
    code = world.unit.code
    for year, start, end in _windows():
        facts = world.years.get(year)
        if facts is None:
            continue
        lo, hi = max(start, first), min(end, world.horizon)

        def day_in(m1: int, d1: int, m2: int, d2: int) -> date | None:
            day = sim.random_workday(rng, max(lo, date(year, m1, d1)), min(hi, date(year, m2, d2)))
            return day

        law_day = day_in(3, 1, 5, 15) if rng.random() < 0.85 else day_in(8, 1, 10, 20)
        if law_day is not None:
            missed = 0 if rng.random() < 0.8 else rng.randint(1, 2)
            world.courses.append(Course(f"Hội nghị tập huấn Luật Thực hiện dân chủ ở cơ sở năm {year}", law_day,
                                        "luat_thdcccs", facts.cadres, facts.cadres - missed))
        if rng.random() < 0.6:
            day = day_in(6, 1, 10, 31)
            if day is not None:
                assigned = rng.randint(2, 5)
                world.courses.append(Course("Tập huấn nghiệp vụ công tác dân vận chính quyền", day,
                                            "cong_tac_dan_van", assigned, assigned - int(rng.random() < 0.2)))
        if code in ("VP", "TTR"):
            day = day_in(4, 1, 11, 30)
            if day is not None:
                assigned = rng.randint(3, 6)
                world.courses.append(Course("Bồi dưỡng kỹ năng tiếp công dân, xử lý đơn thư khiếu nại, tố cáo", day,
                                            "khac", assigned, assigned))
        if (code, year) in NO_DISSEMINATION:
            continue
        plan = day_in(1, 15, 3, 10) if rng.random() < 0.9 else day_in(4, 6, 5, 20)
        if plan is not None:
            world.activities.append(Activity(
                f"Quán triệt Kế hoạch triển khai công tác dân vận chính quyền năm {year}", plan, "hoi_nghi",
                max(1, facts.staff - rng.randint(0, 3))))
        if rng.random() < 0.7:
            day = day_in(4, 1, 7, 31)
            if day is not None:
                world.activities.append(Activity(
                    "Tuyên truyền Luật Thực hiện dân chủ ở cơ sở trong sinh hoạt cơ quan", day, "sinh_hoat_co_quan",
                    max(1, facts.staff - rng.randint(0, 4))))
        if rng.random() < 0.5:
            day = day_in(8, 1, 11, 30)
            if day is not None:
                world.activities.append(Activity(
                    "Phổ biến quy định về xóa bỏ hủ tục, mê tín dị đoan, tảo hôn đến công chức, người lao động",
                    day, "van_ban", None))
        if code == "VP":
            for _ in range(2):
                day = day_in(3, 1, 12, 10)
                if day is not None:
                    world.activities.append(Activity(
                        "Đăng tin, bài về mô hình, điển hình Dân vận khéo trên Trang thông tin điện tử của Sở",
                        day, "trang_ttdt", None))
        if year == 2025:
            day = day_in(2, 10, 2, 27)
            if day is not None:
                world.activities.append(Activity(
                    "Quán triệt chủ trương sắp xếp, hợp nhất Sở Giao thông vận tải và Sở Xây dựng", day, "hoi_nghi",
                    max(1, facts.staff - rng.randint(0, 2))))
    world.courses.sort(key=lambda c: (c.day, c.name))
    unique: dict[tuple[date, str], Activity] = {}
    for activity in sorted(world.activities, key=lambda a: (a.day, a.content)):
        unique.setdefault((activity.day, activity.content), activity)
    world.activities = list(unique.values())


# -- returns -------------------------------------------------------------------------------------


@dataclass
class Return:
    """One unit's workbook for one period, as values (choice codes, dates, numbers)."""

    unit: Unit
    period: Period
    report_date: date
    info: dict[str, object]
    sheets: dict[str, list[dict[str, object]]]
    profile: Profile
    date_style: str = "date"
    dropped_sheets: set[str] = field(default_factory=set)
    dropped_columns: dict[str, set[str]] = field(default_factory=dict)


def _period_text(period: Period, style: int) -> str:
    if style == 2:
        return period.code
    if style == 1:
        return {
            "quarter": f"Quý {period.code[-1]} năm {period.year}",
            "half": f"6 tháng/{period.year}",
            "nine_months": f"9 tháng/{period.year}",
            "year": f"Báo cáo năm {period.year}",
            "month": f"Tháng {period.end.month}/{period.year}",
        }[period.kind]
    return period.label


def build_return(world: UnitWorld, period: Period, report_date: date, catalog: Catalog, seed: int) -> Return:
    """The return ``world.unit`` sends for ``period``: everything as of the period's cut-off day."""
    unit, profile = world.unit, world.profile
    rng = random.Random(f"{seed}:{unit.code}:{period.code}:file")
    as_of = min(period.end, world.horizon)
    style = profile.period_style if rng.random() < 0.8 else rng.randint(0, 2)
    unit_name = unit.name
    if unit.code in ("VP", "TTR") and report_date >= date(2025, 3, 1):
        unit_name = f"{unit.name} Xây dựng"  # 'Văn phòng Sở Xây dựng': an alias in the catalogue
    info = {
        "unit": profile.unit_text or unit.code,
        "unit_name": unit_name,
        "period": _period_text(period, style),
        "reporter": profile.reporter,
        "report_date": report_date,
    }

    def window(day: date) -> bool:
        return period.start <= day <= as_of

    sheets = {
        "indicators": _indicator_rows(world, period, as_of, catalog),
        "petitions": [p.row(as_of) for p in world.petitions if p.relevant(period, as_of)],
        "reception": [s.row() for s in world.sessions if window(s.day)],
        "models": [m.row(as_of) for m in world.models if m.relevant(period, as_of)],
        "training": [c.row() for c in world.courses if window(c.day)],
        "dissemination": [a.row() for a in world.activities if window(a.day)],
    }
    ret = Return(unit, period, report_date, info, sheets, profile, date_style=profile.date_style)
    if rng.random() < 0.15:
        ret.date_style = "text" if profile.date_style == "date" else "date"
    for key in ("training", "dissemination"):  # optional sheets: some returns leave them out when empty
        if not sheets[key] and rng.random() < 0.5:
            ret.dropped_sheets.add(key)
    if not sheets["petitions"] and rng.random() < 0.25:
        ret.dropped_sheets.add("petitions")  # forgotten: a warning, not an error
    if not any(r.get("extension_days") for r in sheets["petitions"]):
        ret.dropped_columns.setdefault("petitions", set()).add("extension_days")
    if not any(r.get("due_date_given") for r in sheets["petitions"]):
        ret.dropped_columns.setdefault("petitions", set()).add("due_date_given")
    return ret


def _indicator_rows(world: UnitWorld, period: Period, as_of: date, catalog: Catalog) -> list[dict[str, object]]:
    facts = world.years.get(period.year)
    if facts is None:
        return []
    year_start = date(period.year - 1, 12, 15)
    rows: list[dict[str, object]] = []
    for indicator in catalog.indicators_for(period.year):
        code = indicator.code
        row: dict[str, object] = {"indicator_code": code, "content": indicator.short_name, "plan": None,
                                  "actual": None, "denominator": None, "note": None}
        if code == "CT01":
            held = [a for a in world.activities if year_start <= a.day <= as_of]
            row["actual"] = "Có" if held else "Không"
            if held:
                row["note"] = f"{len(held)} hoạt động quán triệt, tuyên truyền"
        elif code == "CT02":
            issued = facts.plan_date is not None and facts.plan_date <= as_of
            row["actual"] = "Có" if issued else "Không"
            if issued and facts.plan_date is not None:
                row["note"] = (f"Kế hoạch số {facts.plan_no}/KH-{world.profile.abbr or world.unit.code} "
                               f"ngày {facts.plan_date:%d/%m/%Y}")
        elif code == "CT04":
            courses = [c for c in world.courses if c.topic == "luat_thdcccs" and year_start <= c.day <= as_of]
            row["actual"] = sum(c.attended for c in courses)
            row["denominator"] = sum(c.assigned for c in courses) or facts.cadres
            if not courses:
                row["note"] = "Chưa tổ chức tập huấn"
        elif code == "CT06":
            if period.kind != "year":
                continue
            row["actual"] = catalog.choices["rating"].label(facts.rating)
        elif code == "CT07":
            row["actual"] = facts.staff - facts.violators
            row["denominator"] = facts.staff
        elif code == "CT03" and world.unit.code == "KCHT":
            row["actual"] = len([m for m in world.models if m.registered.year == period.year])
            row["note"] = "Đơn vị tự ghi (chỉ tiêu tính tự động)"
        else:
            continue
        rows.append(row)
    return rows


# -- mistakes and corrections --------------------------------------------------------------------


def _first_version(ret: Return) -> Return:
    """The version sent before the corrected one: a few numbers differ."""
    sheets = {key: [dict(r) for r in rows] for key, rows in ret.sheets.items()}
    if sheets["petitions"]:
        sheets["petitions"].pop()  # one case forgotten
    if sheets["reception"]:
        sheets["reception"][0]["visits"] = int(sheets["reception"][0]["visits"]) + 2
        sheets["reception"][0]["people"] = int(sheets["reception"][0]["people"]) + 2
    for row in sheets["indicators"]:
        if row["indicator_code"] == "CT07" and isinstance(row["actual"], int) and row["actual"] > 1:
            row["actual"] -= 1
    return replace(ret, sheets=sheets)


def _with_mistakes(ret: Return) -> Return:
    """The scripted wrong file for (unit, period) in INVALID."""
    sheets = {key: [dict(r) for r in rows] for key, rows in ret.sheets.items()}
    info = dict(ret.info)
    dropped = {key: set(cols) for key, cols in ret.dropped_columns.items()}
    code = ret.unit.code
    if code == "KHTC":
        for row in sheets["indicators"]:
            if row["indicator_code"] == "CT02":
                row["actual"] = Raw("Đang xây dựng")
            if row["indicator_code"] == "CT04" and isinstance(row["denominator"], int):
                row["actual"] = row["denominator"] + 3
        for row in sheets["petitions"]:
            if row["_pin"] == "typo_year":
                row["resolved_date"] = date(2024, 4, 2)
            if row["_pin"] == "no_date":
                row["resolved_date"] = None
    elif code == "DK":
        info["unit"] = "Trung tâm ĐK xe cơ giới"
        for row in sheets["reception"]:
            if row["_pin"] == "typo_date":
                row["session_date"] = Raw("08/19/2025")
                row["visits"] = Raw("2 lượt")
    elif code == "BTDB":
        pinned = {row["_pin"]: row for row in sheets["petitions"] if row["_pin"]}
        if "future" in pinned:
            pinned["future"]["received_date"] = Raw("08/10/2042")
        if "future" in pinned and "duplicate" in pinned:
            pinned["duplicate"]["petition_ref"] = pinned["future"]["petition_ref"]
        dropped.setdefault("models", set()).add("field")
    return replace(ret, sheets=sheets, info=info, dropped_columns=dropped, dropped_sheets=set())


# -- writing a workbook --------------------------------------------------------------------------

SHEET_TITLES = {
    "indicators": "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CÔNG TÁC DÂN VẬN CHÍNH QUYỀN",
    "petitions": "DANH SÁCH ĐƠN THƯ KHIẾU NẠI, TỐ CÁO, KIẾN NGHỊ, PHẢN ÁNH",
    "reception": "SỔ THEO DÕI TIẾP CÔNG DÂN",
    "models": "DANH SÁCH MÔ HÌNH, ĐIỂN HÌNH \"DÂN VẬN KHÉO\"",
    "training": "CÁC LỚP TẬP HUẤN, HỘI NGHỊ",
    "dissemination": "HOẠT ĐỘNG QUÁN TRIỆT, TUYÊN TRUYỀN",
}
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=13)
_ITALIC = Font(italic=True)
_WRAP = Alignment(wrap_text=True, vertical="center", horizontal="center")


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose entries carry a fixed time stamp, so the same workbook gives the same bytes."""

    stamp = (2024, 1, 1, 0, 0, 0)

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs):  # type: ignore[override]
        if isinstance(zinfo_or_arcname, str):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=self.stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            zinfo_or_arcname = info
        return super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):  # type: ignore[override]
        # openpyxl streams each worksheet through a temporary file: take its bytes, not its mtime.
        return self.writestr(str(arcname or filename), Path(filename).read_bytes())


def workbook_bytes(ret: Return, catalog: Catalog | None = None) -> bytes:
    """The return as .xlsx bytes: catalogue sheet names, headers in row 3 under two title rows."""
    catalog = catalog or default_catalog()
    book = Workbook()
    book.remove(book.active)
    for spec in catalog.sheets:
        if spec.key in ret.dropped_sheets:
            continue
        if spec.layout == "key_value":
            _write_info(book, spec, ret)
        else:
            _write_table(book, spec, ret, catalog)
    stamp = datetime.combine(ret.report_date, time(8, 0))
    book.properties.creator = ret.profile.reporter
    book.properties.created = stamp
    book.properties.modified = stamp
    book.properties.lastModifiedBy = ret.profile.reporter
    buffer = io.BytesIO()
    archive = _FixedTimeZip(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    archive.stamp = (ret.report_date.year, ret.report_date.month, ret.report_date.day, 8, 0, 0)
    ExcelWriter(book, archive).save()  # closes the archive
    return buffer.getvalue()


def _cell_value(value: object, column: Column | None, ret: Return, catalog: Catalog) -> object:
    if isinstance(value, Raw):
        return value.value
    if value is None:
        return None
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y") if ret.date_style == "text" else value
    if column is not None and column.type == "choice" and column.choices:
        if column.key == "remote_area" and ret.profile.remote_as_x:
            return "x" if value == "co" else None
        return catalog.choices[column.choices].label(str(value)) or value
    return value


def _write_info(book: Workbook, spec: SheetSpec, ret: Return) -> None:
    ws = book.create_sheet(spec.name)
    merged = ret.report_date >= date(2025, 3, 1)  # Sở GTVT and Sở Xây dựng merged (Nghị định 45/2025/NĐ-CP)
    department = "SỞ XÂY DỰNG TỈNH LAI CHÂU" if merged else "SỞ GIAO THÔNG VẬN TẢI TỈNH LAI CHÂU"
    ws["A1"], ws["C1"] = department, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws["A2"], ws["C2"] = ret.unit.name.upper(), "Độc lập - Tự do - Hạnh phúc"
    ws["A4"] = "BÁO CÁO KẾT QUẢ CÔNG TÁC DÂN VẬN CHÍNH QUYỀN"
    for ref in ("A1", "C1", "A2", "C2"):
        ws[ref].font = _BOLD
    ws["A4"].font = _TITLE
    ws.merge_cells("A4:C4")
    row = 6
    for column in spec.columns:
        value = ret.info.get(column.key)
        ws.cell(row=row, column=1, value=column.label).font = _BOLD
        if isinstance(value, Raw):
            value = value.value
        elif isinstance(value, date):
            value = value.strftime("%d/%m/%Y") if ret.date_style == "text" else value
        cell = ws.cell(row=row, column=2, value=value)
        if isinstance(value, date):
            cell.number_format = "DD/MM/YYYY"
        row += 1
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 48
    ws.column_dimensions["C"].width = 40


def _write_table(book: Workbook, spec: SheetSpec, ret: Return, catalog: Catalog) -> None:
    ws = book.create_sheet(spec.name)
    dropped = ret.dropped_columns.get(spec.key, set())
    columns: list[Column | None] = [c for c in spec.columns if c.key not in dropped]
    if ret.profile.stt_column:
        columns.insert(0, None)
    width = len(columns)
    ws.cell(row=1, column=1, value=SHEET_TITLES.get(spec.key, spec.name.upper())).font = _TITLE
    ws.cell(row=2, column=1, value=f"{ret.unit.name} - {ret.period.label}").font = _ITALIC
    if width > 1:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    for c, column in enumerate(columns, start=1):
        cell = ws.cell(row=3, column=c, value="STT" if column is None else column.label)
        cell.font, cell.alignment = _BOLD, _WRAP
        ws.column_dimensions[get_column_letter(c)].width = 6 if column is None else column.width
    row = 4
    if ret.profile.numbering_row:
        for c in range(1, width + 1):
            ws.cell(row=row, column=c, value=f"({c})").alignment = _WRAP
        row += 1
    for number, values in enumerate(ret.sheets.get(spec.key, []), start=1):
        for c, column in enumerate(columns, start=1):
            value = number if column is None else _cell_value(values.get(column.key), column, ret, catalog)
            cell = ws.cell(row=row, column=c, value=value)
            if isinstance(value, date):
                cell.number_format = "DD/MM/YYYY"
        row += 1
    ws.freeze_panes = ws.cell(row=4 + int(ret.profile.numbering_row), column=1)


# -- the upload plan -----------------------------------------------------------------------------


@dataclass
class Upload:
    """One file as a unit sends it; the bytes are made on first use."""

    at: datetime
    file_name: str
    user: str
    unit_code: str
    period_code: str
    intended: str  # valid | invalid
    make: Callable[[], bytes] = field(repr=False)
    _data: bytes | None = field(default=None, repr=False)

    @property
    def data(self) -> bytes:
        if self._data is None:
            self._data = self.make()
        return self._data


def plan_uploads(seed: int, today: date, catalog: Catalog | None = None) -> list[Upload]:
    """Every file the units send up to ``today``, in the order they arrive."""
    catalog = catalog or default_catalog()
    due_days = report_due_days()
    sim = _Sim()
    worlds = simulate(seed, catalog, sim, due_days)
    uploads: list[Upload] = []
    for code, world in worlds.items():
        unit, profile = world.unit, world.profile
        for period in _all_periods():
            key = (code, period.code)
            if period.end > world.horizon or (unit.valid_from and period.end < unit.valid_from):
                continue
            rng = random.Random(f"{seed}:{code}:{period.code}:plan")
            days = due_days.get(period.kind, 7)
            scripted = key in RESUBMITTED or key in INVALID or key in DUPLICATED
            if key in MISSING or (not scripted and period.kind != "year" and rng.random() < 0.05):
                continue
            late = not scripted and rng.random() < profile.late_rate
            due = period.end + timedelta(days=days)
            if late:
                sent = sim.workday(due + timedelta(days=rng.randint(3, 25)))
            else:
                sent = period.end + timedelta(days=rng.randint(1, days))
                while not sim.cal.is_working_day(sent) and sent > period.end + timedelta(days=1):
                    sent -= timedelta(days=1)  # sent before the weekend rather than after the deadline
            at = datetime.combine(sent, time(7, 30)) + timedelta(minutes=rng.randint(0, 540))
            if at.date() > today or not unit.active_on(sent):
                continue
            written = max(period.end + timedelta(days=1), sent - timedelta(days=rng.randint(0, 2)))  # Ngày lập
            ret = build_return(world, period, written, catalog, seed)
            name = f"{code}_{period.code}.xlsx"
            user = profile.user

            def upload(at: datetime, file_name: str, ret: Return, user: str = user, intended: str = "valid") -> Upload:
                return Upload(at, file_name, user, code, period.code, intended, lambda: workbook_bytes(ret, catalog))

            if key in INVALID:
                uploads.append(upload(at, name, _with_mistakes(ret), intended="invalid"))
                at, name = _later(sim, at, rng, 2, 6), f"{code}_{period.code}_da_sua.xlsx"
            elif key in RESUBMITTED:
                uploads.append(upload(at, name, _first_version(ret)))
                at, name = _later(sim, at, rng, 1, 8), f"{code}_{period.code}_lan2.xlsx"
            if at.date() <= today:
                uploads.append(upload(at, name, ret))
            if key in DUPLICATED:
                again = _later(sim, at, rng, 1, 2)
                if again.date() <= today:
                    uploads.append(upload(again, name, ret, user=OFFICE_USER))
    uploads.sort(key=lambda u: (u.at, u.file_name))
    return uploads


def _later(sim: _Sim, at: datetime, rng: random.Random, lo: int, hi: int) -> datetime:
    day = sim.cal.add_working_days(at.date(), rng.randint(lo, hi))
    return datetime.combine(day, time(7, 30)) + timedelta(minutes=rng.randint(0, 540))


def simulate(seed: int, catalog: Catalog | None = None, sim: _Sim | None = None,
             due_days: dict[str, int] | None = None) -> dict[str, UnitWorld]:
    """The simulated world of every reporting unit in the catalogue."""
    catalog = catalog or default_catalog()
    sim = sim or _Sim()
    due_days = due_days or report_due_days()
    return {u.code: simulate_unit(u, seed, sim, due_days) for u in catalog.units if u.reports}


# -- building the database -----------------------------------------------------------------------


def build_demo(db: Path, progress: Callable[[str], None] = print, seed: int = 2025,
               today: date | None = None) -> str:
    """Delete and rebuild ``db`` from generated returns; returns a one-line Vietnamese summary."""
    today = today or date.today()
    db = Path(db)
    for path in (db, Path(f"{db}.wal")):
        if path.is_file():
            path.unlink()
    init_db(db)
    catalog = default_catalog()
    uploads = plan_uploads(seed, today, catalog)
    counts = {LOADED: 0, UNCHANGED: 0, REJECTED: 0}
    replaced = 0
    rejected: list[str] = []
    unexpected: list[str] = []
    stamps: list[tuple[datetime, str, int]] = []
    superseded: list[tuple[datetime, str, int]] = []

    def prepare(upload: Upload) -> tuple[Upload, ParsedReturn]:
        # Writing and checking the workbooks runs in a second thread, ahead of the loads, while
        # DuckDB (which releases the GIL) stores the earlier files. Same check load_bytes makes.
        return upload, validate_workbook(upload.data, upload.file_name, catalog=catalog, today=upload.at.date())

    # One write hold for the whole build: each load_bytes then nests inside it (etl.db), so it
    # neither waits for the locks nor reopens and checkpoints the file, about three times faster.
    # Each load is still its own transaction; other processes wait until the demo is built.
    with writing(db), ThreadPoolExecutor(max_workers=1) as ahead:
        for index, (upload, parsed) in enumerate(ahead.map(prepare, uploads), start=1):
            outcome = load_bytes(db, upload.data, upload.file_name, upload.user, catalog=catalog,
                                 today=upload.at.date(), parsed=parsed)
            counts[outcome.status] += 1
            progress(f"[{index}/{len(uploads)}] {upload.at:%d/%m/%Y %H:%M} {upload.file_name} ({upload.user}): "
                     f"{outcome.message}")
            if outcome.status == REJECTED:
                for finding in outcome.parsed.errors:
                    progress("    " + finding.line(upload.file_name))
                (rejected if upload.intended == "invalid" else unexpected).append(upload.file_name)
            elif upload.intended == "invalid":
                unexpected.append(upload.file_name)
            if outcome.status == LOADED and outcome.submission_id is not None:
                stamps.append((upload.at, upload.user, outcome.submission_id))
                if outcome.superseded_id is not None:
                    replaced += 1
                    superseded.append((upload.at, upload.user, outcome.superseded_id))
        _backdate(db, stamps, superseded)
    totals = _totals(db)
    summary = (
        f"Đã tạo CSDL mẫu {db}: {counts[LOADED]} tệp nạp (trong đó {replaced} tệp nộp lại thay thế bản trước), "
        f"{counts[UNCHANGED]} tệp trùng không thay đổi, {len(rejected)} tệp bị từ chối "
        f"(cố ý: {', '.join(rejected) or 'không có'}); {totals['units']} đơn vị, {totals['petitions']} đơn thư, "
        f"{totals['sessions']} buổi tiếp công dân, {totals['models']} mô hình Dân vận khéo; "
        f"số liệu đến ngày {today:%d/%m/%Y}."
    )
    if unexpected:
        summary += f" CẢNH BÁO: {len(unexpected)} tệp xử lý ngoài dự kiến: {', '.join(unexpected)}."
    return summary


def _backdate(db: Path, stamps: list[tuple[datetime, str, int]], superseded: list[tuple[datetime, str, int]]) -> None:
    """Give each submission the simulated time it was sent (the loader stamps the wall clock)."""
    with writing(db) as con:
        con.execute("BEGIN TRANSACTION")
        if stamps:
            con.executemany("UPDATE submissions SET uploaded_at = ? WHERE submission_id = ?",
                            [[at, sid] for at, _, sid in stamps])
        if superseded:
            con.executemany(
                "UPDATE submissions SET status_changed_at = ?, status_changed_by = ? WHERE submission_id = ?",
                [[at, user, sid] for at, user, sid in superseded])
        refresh_current(con)  # upload times break ties between returns with the same period end
        con.execute("COMMIT")


def _totals(db: Path) -> dict[str, int]:
    with reading(db) as con:
        def one(sql: str) -> int:
            return int(con.execute(sql).fetchone()[0])

        return {
            "units": one("SELECT count(DISTINCT unit_code) FROM v_submissions"),
            "petitions": one("SELECT count(*) FROM v_petitions"),
            "sessions": one("SELECT count(*) FROM v_reception_sessions"),
            "models": one("SELECT count(*) FROM v_models"),
        }


# -- sample files --------------------------------------------------------------------------------

SAMPLES = (
    ("VP_2025-Q1.xlsx", "VP", "2025-Q1", "valid",
     "Báo cáo quý I/2025 của Văn phòng Sở: đơn thư, sổ tiếp công dân của Giám đốc Sở, mô hình Dân vận khéo."),
    ("TTR_2025.xlsx", "TTR", "2025", "valid",
     "Báo cáo năm 2025 của Thanh tra Sở (kỳ ghi dạng mã chuẩn '2025'), nhiều đơn khiếu nại, tố cáo."),
    ("BQLDA_2025-9M.xlsx", "BQLDA", "2025-9M", "valid",
     "Báo cáo 9 tháng/2025 của Ban QLDA: mã đơn vị ghi bằng tên tắt, có hàng đánh số cột dưới tiêu đề."),
    ("mau_loi_KHTC_2025-H1.xlsx", "KHTC", "2025-H1", "invalid",
     "Tệp có lỗi cố ý (bị từ chối): Ngày giải quyết trước Ngày nhận, đơn 'Đã giải quyết' thiếu ngày giải quyết, "
     "CT02 ghi 'Đang xây dựng' thay vì Có/Không, CT04 có Thực hiện lớn hơn Tổng số."),
)


def write_samples(directory: Path, seed: int = 2025, today: date = SAMPLE_TODAY) -> list[Path]:
    """Write a few generated returns (and a README) to ``directory``; returns the .xlsx paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    catalog = default_catalog()
    due_days = report_due_days()
    worlds = simulate(seed, catalog, _Sim(), due_days)
    paths: list[Path] = []
    for file_name, code, period_code, intended, _ in SAMPLES:
        period = period_from_code(period_code)
        world = worlds[code]
        report_date = min(today, period.end + timedelta(days=5))
        ret = build_return(world, period, report_date, catalog, seed)
        if intended == "invalid":
            ret = _with_mistakes(ret)
        path = directory / file_name
        path.write_bytes(workbook_bytes(ret, catalog))
        paths.append(path)
    lines = [
        "# Tệp báo cáo mẫu",
        "",
        "Sinh tự động bởi `etl.demo.write_samples` (cùng bộ sinh với `python -m etl demo`); "
        "số liệu là giả định, không có thông tin cá nhân.",
        "",
        *[f"- `{name}`: {text}" for name, _, _, _, text in SAMPLES],
        "",
        "Kiểm tra thử: `python -m etl validate data/samples/*.xlsx`.",
        "",
    ]
    (directory / "README.md").write_text("\n".join(lines), encoding="utf-8")
    return paths
