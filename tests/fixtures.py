"""A tiny deterministic database built in code, through the real loader, with hand-checked numbers.

Year 2025, reference day 31/12/2025:
- VP  2025-Q1 then 2025-H1 (cumulative: repeats and updates cases, sessions, models)
- TTR 2025 (the annual return)
- KHTC 2025-Q1 loaded twice: the second file supersedes the first (CT07 15/20 → 20/20)
- every other unit reports nothing.

Petitions (current state):
| unit | ref    | kind      | received   | accepted   | resolved   | due        | on time | note |
| VP   | VP-01  | khieu_nai | 06/01/2025 | 10/01/2025 | 05/02/2025 | 10/02/2025 | yes     | 30 days → Sun 09/02 → Mon 10/02 |
| VP   | VP-02  | kien_nghi | 20/01/2025 |            | 20/03/2025 | 10/02/2025 | no      | 10 working days across Tết 2025 |
| VP   | VP-03  | to_cao    | 03/03/2025 | 05/03/2025 | 20/04/2025 | 05/05/2025 | yes     | 30 + 30 extension → 04/05 holiday |
| VP   | VP-04  | phan_anh  | 02/06/2025 |            |            | 16/06/2025 | (open)  | overdue on 31/12/2025 |
| TTR  | TTR-01 | khieu_nai | 02/06/2025 | 05/06/2025 | 25/08/2025 | 21/07/2025 | no      | lần hai: 45 days → Sun 20/07 |
| TTR  | TTR-02 | to_cao    | 10/07/2025 |            | 14/07/2025 | 17/07/2025 | yes     | not within competence: 5 working days |
| TTR  | TTR-03 | khieu_nai | 01/12/2025 | 03/12/2025 |            | 05/01/2026 | (open)  | 02/01/2026 is a swapped day off |
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from etl.load import load_bytes
from tests.workbooks import build_return, petition

FIXTURE_TODAY = date(2025, 12, 31)

VP_Q1_PETITIONS = [
    petition("VP-01", "06/01/2025", "Khiếu nại", "Đã giải quyết", **{
        "Ngày thụ lý": "10/01/2025", "Ngày giải quyết": "05/02/2025", "Kết quả": "Đúng",
        "Lĩnh vực": "Đất đai - giải phóng mặt bằng"}),
    petition("VP-02", "20/01/2025", "Kiến nghị", "Đang giải quyết", **{"Lĩnh vực": "Vận tải, phương tiện, người lái"}),
    petition("VP-03", "03/03/2025", "Tố cáo", "Đang giải quyết", **{
        "Ngày thụ lý": "05/03/2025", "Mức độ phức tạp": "Phức tạp", "Gia hạn (ngày)": 30,
        "Lĩnh vực": "Cán bộ, công chức"}),
]
VP_H1_PETITIONS = [
    VP_Q1_PETITIONS[0],
    petition("VP-02", "20/01/2025", "Kiến nghị", "Đã giải quyết", **{
        "Ngày giải quyết": "20/03/2025", "Kết quả": "Đã trả lời", "Lĩnh vực": "Vận tải, phương tiện, người lái"}),
    petition("VP-03", "03/03/2025", "Tố cáo", "Đã giải quyết", **{
        "Ngày thụ lý": "05/03/2025", "Mức độ phức tạp": "Phức tạp", "Gia hạn (ngày)": 30,
        "Ngày giải quyết": "20/04/2025", "Kết quả": "Đúng một phần", "Lĩnh vực": "Cán bộ, công chức"}),
    petition("VP-04", "02/06/2025", "Phản ánh", "Chưa xử lý", **{"Lĩnh vực": "Trật tự an toàn giao thông"}),
]


def _session(day: str, form: str = "Định kỳ", host: str = "Giám đốc Sở", visits: int = 3, people: int = 4,
             on_schedule: str | None = None) -> dict:
    row = {"Ngày tiếp": day, "Hình thức": form, "Người chủ trì": host, "Số lượt": visits, "Số người": people}
    if on_schedule is not None:
        row["Theo lịch"] = on_schedule
    return row


VP_Q1_SESSIONS = [
    _session("15/01/2025"),
    _session("15/02/2025", visits=2, people=2, on_schedule="Không"),
    _session("20/02/2025", "Thường xuyên", "Cán bộ tiếp công dân", 5, 6),
]
VP_H1_SESSIONS = VP_Q1_SESSIONS + [_session("14/03/2025"), _session("15/04/2025"), _session("15/05/2025", visits=1, people=1)]

GPMB = {"Tên mô hình": "Dân vận khéo trong giải phóng mặt bằng", "Lĩnh vực": "Kinh tế",
        "Ngày đăng ký": "10/01/2025", "Trạng thái": "Đăng ký"}
VP_H1_MODELS = [
    {**GPMB, "Tên mô hình": "DÂN VẬN KHÉO  trong giải phóng mặt bằng", "Trạng thái": "Đang triển khai"},
    {"Tên mô hình": "Tổ tiếp công dân gương mẫu", "Loại": "Điển hình tập thể",
     "Lĩnh vực": "Xây dựng hệ thống chính trị", "Ngày đăng ký": "01/05/2025", "Trạng thái": "Được công nhận",
     "Cấp công nhận": "Sở"},
]

TTR_PETITIONS = [
    petition("TTR-01", "02/06/2025", "Khiếu nại", "Đã giải quyết", **{
        "Lần giải quyết": "Lần hai", "Ngày thụ lý": "05/06/2025", "Ngày giải quyết": "25/08/2025", "Kết quả": "Sai",
        "Lĩnh vực": "Đầu tư xây dựng"}),
    petition("TTR-02", "10/07/2025", "Tố cáo", "Đã chuyển đơn", **{
        "Thuộc thẩm quyền": "Không", "Ngày giải quyết": "14/07/2025"}),
    petition("TTR-03", "01/12/2025", "Khiếu nại", "Đang giải quyết", **{"Ngày thụ lý": "03/12/2025"}),
]


def fixture_files() -> list[tuple[str, bytes]]:
    """The returns, in upload order."""
    indicators_h1 = [
        {"Mã chỉ tiêu": "CT01", "Thực hiện": "Có"},
        {"Mã chỉ tiêu": "CT02", "Thực hiện": "Có"},
        {"Mã chỉ tiêu": "CT04", "Thực hiện": 8, "Tổng số": 10},
        {"Mã chỉ tiêu": "CT06", "Thực hiện": "Tốt"},
        {"Mã chỉ tiêu": "CT07", "Thực hiện": 20, "Tổng số": 20},
    ]
    indicators_ttr = [
        {"Mã chỉ tiêu": "CT01", "Thực hiện": "Có"},
        {"Mã chỉ tiêu": "CT02", "Thực hiện": "Có"},
        {"Mã chỉ tiêu": "CT04", "Thực hiện": 6, "Tổng số": 6},
        {"Mã chỉ tiêu": "CT06", "Thực hiện": "Khá"},
        {"Mã chỉ tiêu": "CT07", "Thực hiện": 12, "Tổng số": 12},
    ]

    def khtc(ct07: int) -> list[dict]:
        return [
            {"Mã chỉ tiêu": "CT01", "Thực hiện": "Có"},
            {"Mã chỉ tiêu": "CT02", "Thực hiện": "Không"},
            {"Mã chỉ tiêu": "CT04", "Thực hiện": 5, "Tổng số": 5},
            {"Mã chỉ tiêu": "CT06", "Thực hiện": "Tốt"},
            {"Mã chỉ tiêu": "CT07", "Thực hiện": ct07, "Tổng số": 20},
        ]

    return [
        ("VP_2025-Q1.xlsx", build_return("VP", "Quý I/2025", petitions=VP_Q1_PETITIONS, reception=VP_Q1_SESSIONS,
                                          models=[GPMB])),
        ("KHTC_2025-Q1.xlsx", build_return("KHTC", "Quý I/2025", indicators=khtc(15))),
        ("KHTC_2025-Q1_bosung.xlsx", build_return("KHTC", "2025-Q1", indicators=khtc(20))),
        ("VP_2025-H1.xlsx", build_return("VP", "6 tháng đầu năm 2025", indicators=indicators_h1,
                                          petitions=VP_H1_PETITIONS, reception=VP_H1_SESSIONS, models=VP_H1_MODELS)),
        ("TTR_2025.xlsx", build_return("TTR", "Năm 2025", indicators=indicators_ttr, petitions=TTR_PETITIONS)),
    ]


def build_fixture_db(db: Path) -> Path:
    for name, data in fixture_files():
        outcome = load_bytes(db, data, name, "vanphong", today=FIXTURE_TODAY)
        if outcome.status != "loaded":
            lines = [f.line(name) for f in outcome.parsed.findings]
            raise AssertionError(f"fixture {name} not loaded: {outcome.message}\n" + "\n".join(lines))
    return db
