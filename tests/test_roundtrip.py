"""Template → filled by a unit officer (here: the test, with openpyxl) → validate → load → views."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import duckdb
import openpyxl

from etl.load import load_bytes
from etl.template import template_bytes

TODAY = date(2025, 12, 31)


def fill(ws, rows: list[dict], header_row: int = 3) -> None:
    """Write rows under the template's header row, by header text."""
    columns = {ws.cell(row=header_row, column=c).value: c for c in range(1, ws.max_column + 1)}
    for offset, row in enumerate(rows, start=1):
        for header, value in row.items():
            ws.cell(row=header_row + offset, column=columns[header], value=value)


def filled_template() -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(template_bytes(unit_code="VP", period_code="2025-H1")))
    results = {"CT01": "Có", "CT02": "Có", "CT04": 9, "CT06": "Tốt", "CT07": 25}
    totals = {"CT04": 10, "CT07": 25}
    ws = book["Chỉ tiêu"]
    for r in range(4, ws.max_row + 1):
        code = ws.cell(row=r, column=1).value
        if code in results:
            ws.cell(row=r, column=4, value=results[code])
            if code in totals:
                ws.cell(row=r, column=5, value=totals[code])
    fill(book["Đơn thư"], [
        {"Số hiệu đơn": "A-KN-PT-VX", "Ngày nhận": date(2025, 2, 3), "Loại đơn": "Khiếu nại",
         "Mức độ phức tạp": "Phức tạp", "Vùng sâu vùng xa": "Có", "Ngày thụ lý": date(2025, 2, 10),
         "Trạng thái": "Đang giải quyết"},
        {"Số hiệu đơn": "B-TC-GH30", "Ngày nhận": "03/03/2025", "Loại đơn": "Tố cáo", "Mức độ phức tạp": "Phức tạp",
         "Ngày thụ lý": "05/03/2025", "Gia hạn (ngày)": 30, "Ngày giải quyết": "02/05/2025",
         "Trạng thái": "Đã giải quyết", "Kết quả": "Đúng một phần"},
        {"Số hiệu đơn": "C-KN-CN", "Ngày nhận": "06/01/2025", "Loại đơn": "Khiếu nại", "Ngày thụ lý": "10/01/2025",
         "Ngày giải quyết": "11/02/2025", "Trạng thái": "Đã giải quyết", "Kết quả": "Sai"},
        {"Số hiệu đơn": "D-KNG-TET", "Ngày nhận": "20/01/2025", "Loại đơn": "Kiến nghị",
         "Ngày giải quyết": "07/02/2025", "Trạng thái": "Đã giải quyết", "Kết quả": "Đã trả lời"},
        {"Số hiệu đơn": "E-KN-30-4", "Ngày nhận": "25/03/2025", "Loại đơn": "Khiếu nại", "Ngày thụ lý": "31/03/2025",
         "Trạng thái": "Đang giải quyết"},
    ])
    fill(book["Tiếp công dân"], [
        {"Ngày tiếp": "15/01/2025", "Hình thức": "Định kỳ", "Người chủ trì": "Giám đốc Sở", "Số lượt": 4,
         "Số người": 5, "Số vụ việc": 3, "Số đoàn đông người": 1},
    ])
    fill(book["Dân vận khéo"], [
        {"Tên mô hình": "Cán bộ đăng kiểm thân thiện", "Loại": "Mô hình", "Lĩnh vực": "Văn hóa - xã hội",
         "Ngày đăng ký": "12/02/2025", "Trạng thái": "Đang triển khai"},
    ])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_template_round_trip_gives_hand_checked_deadlines(tmp_path: Path) -> None:
    db = tmp_path / "rt.duckdb"
    outcome = load_bytes(db, filled_template(), "VP_2025-H1.xlsx", "vanphong", today=TODAY)
    assert outcome.status == "loaded", [f.line("x") for f in outcome.parsed.findings]
    assert outcome.parsed.errors == []
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("""
        SELECT petition_ref, kind, attempt, complexity, remote_area, accepted_date, due_date, resolved_date,
               is_resolved, resolution_days, on_time
        FROM v_petitions ORDER BY petition_ref""").fetchall()
    sessions = con.execute("SELECT session_date, form, host_role, on_schedule, visits, people, cases, delegations "
                           "FROM v_reception_sessions").fetchall()
    models = con.execute("SELECT model_name, model_type, field, registered_date, status FROM v_models").fetchall()
    indicators = con.execute("""
        SELECT indicator_code, target, actual, denominator, attained FROM v_indicator_values
        ORDER BY indicator_code""").fetchall()
    con.close()
    assert rows == [
        # first complaint, complex, remote area: 60 days from thụ lý 10/02 → Fri 11/04/2025
        ("A-KN-PT-VX", "khieu_nai", 1, "phuc_tap", True, date(2025, 2, 10), date(2025, 4, 11), None, False, None, None),
        # denunciation, 30 + 30-day extension from 05/03 → Sun 04/05 inside the 30/4–4/5 break → Mon 05/05
        ("B-TC-GH30", "to_cao", 1, "phuc_tap", False, date(2025, 3, 5), date(2025, 5, 5), date(2025, 5, 2), True, 58, True),
        # 30 days from 10/01 land on Sunday 09/02 → Monday 10/02; resolved 11/02 is late
        ("C-KN-CN", "khieu_nai", 1, "binh_thuong", False, date(2025, 1, 10), date(2025, 2, 10), date(2025, 2, 11), True, 32, False),
        # 10 working days from 20/01 skip Tết (27–31/01) → 10/02/2025
        ("D-KNG-TET", "kien_nghi", 1, "binh_thuong", False, None, date(2025, 2, 10), date(2025, 2, 7), True, 18, True),
        # 30 days from 31/03 land on 30/04 (holiday) → 1/5, 2/5 holidays, 3–4/5 weekend → 05/05
        ("E-KN-30-4", "khieu_nai", 1, "binh_thuong", False, date(2025, 3, 31), date(2025, 5, 5), None, False, None, None),
    ]
    assert sessions == [(date(2025, 1, 15), "dinh_ky", "giam_doc", True, 4, 5, 3, 1)]
    assert models == [("Cán bộ đăng kiểm thân thiện", "mo_hinh", "van_hoa_xa_hoi", date(2025, 2, 12), "dang_trien_khai")]
    assert indicators == [
        ("CT01", 1.0, 1.0, None, True),
        ("CT02", 1.0, 1.0, None, True),
        ("CT03", 1.0, 1.0, None, None),
        ("CT04", 100.0, 9.0, 10.0, False),
        ("CT05", 100.0, 1.0, 1.0, True),
        ("CT06", 4.0, 4.0, None, True),
        ("CT07", 100.0, 25.0, 25.0, True),
    ]


def test_a_note_typed_on_the_templates_own_sheets_is_not_stored(tmp_path: Path) -> None:
    """The clerk typed a citizen's name and phone under the instructions and onto the hidden lists:
    nothing reads those sheets, so the stored copy leaves the typed cells out (the template's own
    texts stay) and the uploader is told which cells, without their values. The unchanged template
    says nothing of the kind."""
    db = tmp_path / "rt.duckdb"
    clean = load_bytes(db, filled_template(), "VP_2025-H1.xlsx", "vanphong", today=TODAY)
    assert not [f for f in clean.parsed.warnings if f.rule == "sheet.template_edited"]
    book = openpyxl.load_workbook(io.BytesIO(filled_template()))
    guide, lists = book["Hướng dẫn"], book["_DanhMuc"]
    first_line = guide["A1"].value
    guide.cell(row=guide.max_row + 2, column=1, value="Ghi chú: đơn của ông Sùng A Páo, ĐT 0911222999")
    noted_at = guide.max_row
    lists.cell(row=1, column=lists.max_column + 1, value="Lý Thị Mỷ")
    out = io.BytesIO()
    book.save(out)
    outcome = load_bytes(db, out.getvalue(), "VP_2025-H1 (2).xlsx", "vanphong", today=TODAY)
    assert outcome.status == "loaded"
    told = [f for f in outcome.parsed.warnings if f.rule == "sheet.template_edited"]
    assert [f.sheet for f in told] == ["Hướng dẫn", "_DanhMuc"]
    assert f"(A{noted_at})" in told[0].message and "Páo" not in told[0].message
    con = duckdb.connect(str(db), read_only=True)
    content, sanitized = con.execute(
        "SELECT content, sanitized FROM submission_files ORDER BY submission_id DESC LIMIT 1").fetchone()
    con.close()
    assert sanitized
    kept = openpyxl.load_workbook(io.BytesIO(content))
    texts = [str(v) for ws in kept.worksheets for row in ws.iter_rows(values_only=True) for v in row if v]
    assert not any("Páo" in t or "0911222999" in t or "Lý Thị Mỷ" in t for t in texts)
    assert kept["Hướng dẫn"]["A1"].value == first_line  # the instructions themselves stay
