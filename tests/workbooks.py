"""Build real .xlsx returns with openpyxl for the tests, the way a unit officer would fill them.

Rows are dicts keyed by the Vietnamese header, so a test reads like the workbook it describes.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import openpyxl

PETITION_HEADERS = [
    "Số hiệu đơn", "Ngày nhận", "Loại đơn", "Lĩnh vực", "Nguồn đơn", "Thuộc thẩm quyền", "Lần giải quyết",
    "Mức độ phức tạp", "Vùng sâu vùng xa", "Ngày thụ lý", "Gia hạn (ngày)", "Hạn giải quyết",
    "Ngày giải quyết", "Trạng thái", "Kết quả", "Nội dung tóm tắt", "Ghi chú",
]
RECEPTION_HEADERS = [
    "Ngày tiếp", "Hình thức", "Người chủ trì", "Theo lịch", "Số lượt", "Số người", "Số vụ việc",
    "Số đoàn đông người", "Ghi chú",
]
MODEL_HEADERS = [
    "Tên mô hình", "Loại", "Lĩnh vực", "Ngày đăng ký", "Ngày bắt đầu", "Ngày kết thúc", "Trạng thái",
    "Cấp công nhận", "Số quyết định khen thưởng", "Kết quả nổi bật",
]
INDICATOR_HEADERS = ["Mã chỉ tiêu", "Nội dung", "Kế hoạch", "Thực hiện", "Tổng số", "Ghi chú"]
TRAINING_HEADERS = ["Tên lớp", "Ngày", "Chủ đề", "Số người được cử", "Số người tham dự"]
DISSEMINATION_HEADERS = ["Nội dung", "Ngày", "Hình thức", "Số người tham dự"]

DEFAULT_INDICATORS = [
    {"Mã chỉ tiêu": "CT01", "Thực hiện": "Có"},
    {"Mã chỉ tiêu": "CT02", "Thực hiện": "Có"},
    {"Mã chỉ tiêu": "CT04", "Thực hiện": 10, "Tổng số": 10},
    {"Mã chỉ tiêu": "CT06", "Thực hiện": "Tốt"},
    {"Mã chỉ tiêu": "CT07", "Thực hiện": 20, "Tổng số": 20},
]


def petition(ref: str, received: date | str, kind: str = "Khiếu nại", status: str = "Đang giải quyết", **more) -> dict:
    row = {"Số hiệu đơn": ref, "Ngày nhận": received, "Loại đơn": kind, "Trạng thái": status}
    row.update({k.replace("_", " "): v for k, v in more.items()})
    return row


def _table(ws, headers: list[str], rows: list[dict], title: str | None, numbering: bool, start_row: int) -> None:
    r = start_row
    if title:
        ws.cell(row=r, column=1, value=title)
        r += 2
    for c, header in enumerate(headers, start=1):
        ws.cell(row=r, column=c, value=header)
    r += 1
    if numbering:
        for c in range(1, len(headers) + 1):
            ws.cell(row=r, column=c, value=c)
        r += 1
    for row in rows:
        unknown = set(row) - set(headers)
        if unknown:
            raise KeyError(f"unknown headers {unknown}")
        for c, header in enumerate(headers, start=1):
            value = row.get(header)
            if value is not None:
                ws.cell(row=r, column=c, value=value)
        r += 1


def build_return(
    unit: str = "VP",
    period: str = "Quý I/2025",
    indicators: list[dict] | None = None,
    petitions: list[dict] | None = None,
    reception: list[dict] | None = None,
    models: list[dict] | None = None,
    training: list[dict] | None = None,
    dissemination: list[dict] | None = None,
    info_extra: dict | None = None,
    headers: dict[str, list[str]] | None = None,
    sheet_names: dict[str, str] | None = None,
    omit: set[str] = frozenset(),
    title: bool = True,
    numbering: bool = False,
) -> bytes:
    """An .xlsx return. ``headers`` overrides a sheet's header list (e.g. to add or drop columns)."""
    headers = headers or {}
    names = {
        "info": "Thông tin", "indicators": "Chỉ tiêu", "petitions": "Đơn thư", "reception": "Tiếp công dân",
        "models": "Dân vận khéo", "training": "Tập huấn", "dissemination": "Tuyên truyền",
    }
    names.update(sheet_names or {})
    book = openpyxl.Workbook()
    book.remove(book.active)
    if "info" not in omit:
        ws = book.create_sheet(names["info"])
        ws.append(["Mã đơn vị", unit])
        ws.append(["Kỳ báo cáo", period])
        ws.append(["Người lập", "Cán bộ văn phòng"])
        for key, value in (info_extra or {}).items():
            ws.append([key, value])
    tables = [
        ("indicators", INDICATOR_HEADERS, DEFAULT_INDICATORS if indicators is None else indicators, "CHỈ TIÊU"),
        ("petitions", PETITION_HEADERS, petitions or [], "ĐƠN THƯ"),
        ("reception", RECEPTION_HEADERS, reception or [], "TIẾP CÔNG DÂN"),
        ("models", MODEL_HEADERS, models or [], "MÔ HÌNH DÂN VẬN KHÉO"),
        ("training", TRAINING_HEADERS, training or [], "TẬP HUẤN"),
        ("dissemination", DISSEMINATION_HEADERS, dissemination or [], "TUYÊN TRUYỀN"),
    ]
    for key, default_headers, rows, heading in tables:
        if key in omit:
            continue
        ws = book.create_sheet(names[key])
        _table(ws, headers.get(key, default_headers), rows, heading if title else None, numbering, 1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def save(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
