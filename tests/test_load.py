"""Loading into a real DuckDB file: cumulative returns, supersede/restore, identical bytes, privacy."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from etl.findings import column_letter
from etl.load import init_db, load_bytes, restore, withdraw
from tests.fixtures import FIXTURE_TODAY
from tests.stored import stored_text
from tests.workbooks import PETITION_HEADERS, build_return, petition

TODAY = date(2025, 12, 31)
ROOT = Path(__file__).resolve().parent.parent


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def test_fixture_petitions_have_hand_checked_deadlines(fixture_db: Path) -> None:
    rows = query(fixture_db, """
        SELECT unit_code, petition_ref, kind, due_date, resolved_date, is_resolved, resolution_days, on_time
        FROM v_petitions ORDER BY unit_code, petition_ref""")
    assert rows == [
        ("TTR", "TTR-01", "khieu_nai", date(2025, 7, 21), date(2025, 8, 25), True, 81, False),
        ("TTR", "TTR-02", "to_cao", date(2025, 7, 17), date(2025, 7, 14), True, 4, True),
        ("TTR", "TTR-03", "khieu_nai", date(2026, 1, 5), None, False, None, None),
        ("VP", "VP-01", "khieu_nai", date(2025, 2, 10), date(2025, 2, 5), True, 26, True),
        ("VP", "VP-02", "kien_nghi", date(2025, 2, 10), date(2025, 3, 20), True, 59, False),
        ("VP", "VP-03", "to_cao", date(2025, 5, 5), date(2025, 4, 20), True, 46, True),
        ("VP", "VP-04", "phan_anh", date(2025, 6, 16), None, False, None, None),
    ]


def test_deadline_basis_names_the_law(fixture_db: Path) -> None:
    basis = dict(query(fixture_db, "SELECT petition_ref, due_basis FROM v_petitions"))
    assert "Luật Khiếu nại 2011" in basis["VP-01"]
    assert "Luật Tố cáo 2018" in basis["VP-03"] and "30" in basis["VP-03"]


def test_cumulative_returns_count_each_entity_once_latest_state_wins(fixture_db: Path) -> None:
    # VP sent Q1 then 6 months repeating VP-01..03: 4 cases, not 7; VP-02 and VP-03 now resolved.
    assert query(fixture_db, "SELECT count(*) FROM v_petitions WHERE unit_code = 'VP'") == [(4,)]
    assert query(fixture_db, "SELECT status, last_period_code FROM v_petitions WHERE petition_ref = 'VP-02'") == [
        ("da_giai_quyet", "2025-H1")]
    # Sessions: 3 in Q1 repeated + 3 new = 6.
    assert query(fixture_db, "SELECT count(*) FROM v_reception_sessions WHERE unit_code = 'VP'") == [(6,)]
    # The model re-typed in capitals with a double space is one model, in its latest state.
    assert query(fixture_db, "SELECT model_name, status FROM v_models ORDER BY model_name") == [
        ("DÂN VẬN KHÉO trong giải phóng mặt bằng", "dang_trien_khai"),
        ("Tổ tiếp công dân gương mẫu", "duoc_cong_nhan"),
    ]


def test_indicator_attainment_per_period(fixture_db: Path) -> None:
    rows = query(fixture_db, """
        SELECT period_code, indicator_code, target, actual, denominator, attained
        FROM v_indicator_values WHERE unit_code = 'VP' AND indicator_code IN ('CT04', 'CT05', 'CT06')
        ORDER BY period_code, indicator_code""")
    assert rows == [
        ("2025-H1", "CT04", 100.0, 8.0, 10.0, False),
        ("2025-H1", "CT05", 100.0, 4.0, 5.0, False),
        ("2025-H1", "CT06", 4.0, 4.0, None, True),
        ("2025-Q1", "CT04", 100.0, 10.0, 10.0, True),
        ("2025-Q1", "CT05", 100.0, 2.0, 3.0, False),
        ("2025-Q1", "CT06", 4.0, 4.0, None, True),
    ]


def test_superseded_return_stays_stored_but_does_not_count(fixture_db: Path) -> None:
    assert query(fixture_db, """
        SELECT submission_id, file_name, is_active FROM v_submissions WHERE unit_code = 'KHTC' ORDER BY 1""") == [
        (2, "KHTC_2025-Q1.xlsx", False), (3, "KHTC_2025-Q1_bosung.xlsx", True)]
    assert query(fixture_db, """
        SELECT actual FROM v_indicator_values WHERE unit_code = 'KHTC' AND indicator_code = 'CT07'""") == [(20.0,)]


def test_identical_bytes_change_nothing_and_say_so(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    data = build_return(petitions=[petition("01", "15/01/2025")])
    first = load_bytes(db, data, "vp.xlsx", "vanphong", today=TODAY)
    again = load_bytes(db, data, "vp-ban-sao.xlsx", "vanphong", today=TODAY)
    assert (first.status, again.status) == ("loaded", "unchanged")
    assert again.message == (
        "Tệp này đã được nạp trước đó (mã nộp 1, Văn phòng Sở kỳ Quý I/2025, trạng thái: Đang dùng); không có gì thay đổi.")
    assert query(db, "SELECT count(*) FROM submissions") == [(1,)]
    assert query(db, "SELECT count(*) FROM petition_rows") == [(1,)]


def test_supersede_restore_and_withdraw(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    old = build_return(petitions=[petition("01", "15/01/2025")])
    new = build_return(petitions=[petition("01", "15/01/2025", "Khiếu nại", "Đã giải quyết",
                                           **{"Ngày giải quyết": "10/02/2025", "Kết quả": "Sai"})])
    assert load_bytes(db, old, "v1.xlsx", "vanphong", today=TODAY).submission_id == 1
    second = load_bytes(db, new, "v2.xlsx", "vanphong", today=TODAY)
    assert (second.submission_id, second.superseded_id) == (2, 1)
    assert second.message == "Đã nạp: mã nộp 2, Văn phòng Sở kỳ Quý I/2025 (thay thế lần nộp 1)."
    assert query(db, "SELECT status FROM v_petitions") == [("da_giai_quyet",)]
    # the older file sent again is not loaded again: the message says how to make it count
    again = load_bytes(db, old, "v1 (gui lai).xlsx", "vanphong", today=TODAY)
    assert (again.status, again.message) == ("unchanged", (
        "Tệp này đã được nạp trước đó (mã nộp 1, Văn phòng Sở kỳ Quý I/2025, trạng thái: Đã bị thay thế); không có "
        "gì thay đổi. Để số liệu của tệp này được dùng lại, hãy khôi phục lần nộp 1 ở trang Lịch sử nộp (hoặc: python -m "
        "etl restore 1)."))

    assert restore(db, 1, "vanphong") == "Đã khôi phục lần nộp 1 (Văn phòng Sở, kỳ Quý I/2025), thay thế lần nộp 2."
    assert query(db, "SELECT submission_id, status FROM submissions ORDER BY 1") == [(1, "active"), (2, "superseded")]
    assert query(db, "SELECT status FROM v_petitions") == [("dang_giai_quyet",)]

    assert withdraw(db, 1, "quantri") == "Đã rút lần nộp 1 (Văn phòng Sở, kỳ Quý I/2025)."
    assert query(db, "SELECT count(*) FROM v_petitions") == [(0,)]
    assert query(db, "SELECT count(*) FROM submissions") == [(2,)]  # nothing is deleted
    assert query(db, "SELECT action, target FROM audit_log ORDER BY audit_id") == [
        ("load", "v1.xlsx"), ("load", "v2.xlsx"), ("load_unchanged", "v1 (gui lai).xlsx"), ("restore", "1"),
        ("withdraw", "1")]
    restored = query(db, "SELECT details FROM audit_log WHERE action = 'restore'")[0][0]
    assert json.loads(restored)["superseded"] == [2]
    from dashboard.queries.audit import details_text
    assert details_text(restored) == ("đơn vị VP · kỳ Quý I/2025 · trạng thái trước Đã bị thay thế · "
                                      "thay thế lần nộp 2")  # in the Nhật ký as a load's own replacement
    assert restore(db, 1, "vanphong") == "Đã khôi phục lần nộp 1 (Văn phòng Sở, kỳ Quý I/2025)."  # none in use


PERSONAL = {"Họ và tên": "Nguyễn Văn Bình", "CCCD": "012345678901", "Số điện thoại": "0912 345 678",
            "Địa chỉ": "Bản Nà Lại, xã Bình Lư"}


def test_personal_data_is_dropped_everywhere(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    headers = PETITION_HEADERS + list(PERSONAL)
    row = petition("01", "15/01/2025", **{"Nội dung tóm tắt": "Đề nghị xem xét, liên hệ 0987654321"})
    row.update(PERSONAL)
    data = build_return(headers={"petitions": headers}, petitions=[row])
    outcome = load_bytes(db, data, "co_du_lieu_ca_nhan.xlsx", "vanphong", today=TODAY)
    assert outcome.status == "loaded"
    assert [(f.location, f.message) for f in outcome.parsed.warnings if f.rule.startswith("privacy")] == [
        ("Đơn thư!R3", "Cột 'Họ và tên' chứa thông tin cá nhân của công dân nên đã bị loại bỏ, không lưu. Mẫu báo cáo "
                       "không cần cột này; lần sau hãy xoá cột trước khi gửi."),
        ("Đơn thư!S3", "Cột 'CCCD' chứa thông tin cá nhân của công dân nên đã bị loại bỏ, không lưu. Mẫu báo cáo "
                       "không cần cột này; lần sau hãy xoá cột trước khi gửi."),
        ("Đơn thư!T3", "Cột 'Số điện thoại' chứa thông tin cá nhân của công dân nên đã bị loại bỏ, không lưu. Mẫu báo "
                       "cáo không cần cột này; lần sau hãy xoá cột trước khi gửi."),
        ("Đơn thư!U3", "Cột 'Địa chỉ' chứa thông tin cá nhân của công dân nên đã bị loại bỏ, không lưu. Mẫu báo cáo "
                       "không cần cột này; lần sau hãy xoá cột trước khi gửi."),
        ("Đơn thư!P4", "Nội dung tóm tắt có chuỗi giống số điện thoại, email hoặc số CMND/CCCD; phần đó đã được ẩn và "
                       "không lưu. Không ghi thông tin cá nhân của công dân vào báo cáo."),
    ]
    assert query(db, "SELECT summary FROM v_petitions") == [("Đề nghị xem xét, liên hệ [đã ẩn]",)]
    # No value anywhere: every table, every stored file (unzipped), the audit log and the output lines.
    secrets = ["Nguyễn Văn Bình", "012345678901", "0912 345 678", "Nà Lại", "0987654321"]
    tables, unpacked = stored_text(db)
    for table, text in tables.items():
        assert not any(s in text for s in secrets), table
    assert not any(s in unpacked for s in secrets)
    assert "Họ và tên" not in unpacked
    assert not any(s in f.line("x") for f in outcome.parsed.findings for s in secrets)
    assert not any(s in outcome.message for s in secrets)


def test_a_denouncers_name_after_a_label_is_never_stored_or_shown(tmp_path: Path) -> None:
    """'Người tố cáo: Đỗ Quang Vinh, số nhà 25 …' in a tố cáo's Ghi chú loaded with no warning and was
    stored, searchable and exported (black-box round, session 20): masked in the rows, the stored
    copy and the messages, with the warning."""
    db = tmp_path / "t.duckdb"
    notes = {"01": "Người tố cáo: Đỗ Quang Vinh, số nhà 25 tổ 7 phường Đông Phong", "02": "Họ tên: Bùi Quang Hải",
             "03": "Ô. Nguyễn Khắc Tùng, NKN: Lý Quốc Bảo"}
    rows = [petition(ref, "15/01/2025", "Tố cáo", **{"Ghi chú": note}) for ref, note in notes.items()]
    outcome = load_bytes(db, build_return(petitions=rows), "ttr.xlsx", "vanphong", today=TODAY)
    assert outcome.status == "loaded"
    assert [f.location for f in outcome.parsed.warnings if f.rule == "privacy.masked"] == [
        "Đơn thư!Q4", "Đơn thư!Q5", "Đơn thư!Q6"]
    assert query(db, "SELECT petition_ref, note FROM v_petitions ORDER BY 1") == [
        ("01", "Người tố cáo: [đã ẩn], [đã ẩn]"), ("02", "Họ tên: [đã ẩn]"), ("03", "Ô. [đã ẩn], NKN: [đã ẩn]")]
    secrets = ["Quang Vinh", "số nhà 25", "Đông Phong", "Quang Hải", "Khắc Tùng", "Quốc Bảo"]
    tables, unpacked = stored_text(db)
    for table, text in tables.items():
        assert not any(s in text for s in secrets), table
    assert not any(s in unpacked for s in secrets)
    assert not any(s in f.line("x") for f in outcome.parsed.findings for s in secrets)


def test_personal_data_in_the_ways_offices_write_it_is_never_stored(tmp_path: Path) -> None:
    """Personal-data headers with other punctuation, under a title merged across the sheet, a sheet of
    complainants the return does not read, and a note (comment) on a cell: the file loads in the same
    batch as another file, and no value of any of them is stored; the uploader is told of each."""
    import io
    import zipfile

    import openpyxl
    from openpyxl.comments import Comment

    personal = {"Họ, tên": "Lò Văn Pếch", "Số CMND/CCCD": "036190012345", "Điện thoại/Email": "0912888777",
                "Tên, địa chỉ người gửi": "Sùng Mỷ, bản Nậm Sỏ"}
    row = petition("01", "15/01/2025") | personal
    book = openpyxl.load_workbook(io.BytesIO(build_return(headers={"petitions": PETITION_HEADERS + list(personal)},
                                                          petitions=[row])))
    ws = book["Đơn thư"]
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ws.max_column)  # the template's own title
    ws["A4"].comment = Comment("Ông Lò Văn Pếch gọi 0912888777", "cb")
    extra = book.create_sheet("Danh sách người khiếu nại")
    extra.append(["Họ và tên", "Nơi ở"])
    extra.append(["Lò Văn Pếch", "Bản Nậm Sỏ"])
    book.create_sheet("In ấn")["A1"] = "ghi chú in"
    book.defined_names["VungIn"] = openpyxl.workbook.defined_name.DefinedName(
        "VungIn", attr_text="'Danh sách người khiếu nại'!$A$1:$B$2")
    path = tmp_path / "VP_Q1.xlsx"
    book.save(path)
    second = tmp_path / "TTR_Q1.xlsx"
    second.write_bytes(build_return("TTR", petitions=[petition("TTR-01", "16/01/2025")]))
    db = tmp_path / "t.duckdb"
    run = subprocess.run([sys.executable, "-m", "etl", "load", str(path), str(second), "--db", str(db)], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert lines[-1] == "TTR_Q1.xlsx: Đã nạp: mã nộp 2, Thanh tra Sở kỳ Quý I/2025."
    for header, letter in zip(personal, "RSTU"):
        assert (f"VP_Q1.xlsx: Đơn thư!{letter}3: Cảnh báo: Cột '{header}' chứa thông tin cá nhân của công dân nên "
                "đã bị loại bỏ, không lưu. Mẫu báo cáo không cần cột này; lần sau hãy xoá cột trước khi gửi.") in lines
    assert ("VP_Q1.xlsx: Danh sách người khiếu nại: Cảnh báo: Trang 'Danh sách người khiếu nại' không thuộc mẫu báo "
            "cáo nên bị bỏ qua và không được lưu (tránh lưu thông tin cá nhân).") in lines
    assert ("VP_Q1.xlsx: Cảnh báo: Tệp có ghi chú (comment) ở một số ô. Ghi chú không được đọc và không được lưu "
            "cùng tệp (tránh lưu thông tin cá nhân); nội dung cần báo cáo hãy ghi vào các cột của mẫu.") in lines
    secrets = ["Pếch", "036190012345", "0912888777", "Sùng Mỷ", "Nậm Sỏ"]
    assert not any(s in run.stdout + run.stderr for s in secrets)
    con = duckdb.connect(str(db), read_only=True)
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_type='BASE TABLE'").fetchall()]
    for table in tables:
        text = con.execute(f"SELECT string_agg(CAST(t AS VARCHAR), ' ') FROM {table} t").fetchone()[0] or ""
        assert not any(s in text for s in secrets), table
    stored, sanitized = con.execute("SELECT content, sanitized FROM submission_files WHERE submission_id = 1").fetchone()
    con.close()
    assert sanitized
    with zipfile.ZipFile(io.BytesIO(stored)) as archive:
        unpacked = b"".join(archive.read(n) for n in archive.namelist()).decode("utf-8", "replace")
    assert not any(s in unpacked for s in secrets)
    kept = openpyxl.load_workbook(io.BytesIO(stored))
    assert kept.sheetnames == ["Thông tin", "Chỉ tiêu", "Đơn thư", "Tiếp công dân", "Dân vận khéo", "Tập huấn",
                               "Tuyên truyền"]
    assert "VungIn" not in kept.defined_names
    assert kept["Đơn thư"]["A1"].value == "ĐƠN THƯ" and kept["Đơn thư"]["A4"].value == "01"
    assert [kept["Đơn thư"].cell(4, c).value for c in range(18, 22)] == [None] * 4
    assert not any(cell.comment for row in kept["Đơn thư"].iter_rows() for cell in row)


def test_command_line_exit_codes_and_lines(tmp_path: Path) -> None:
    good = tmp_path / "VP_2025-Q1.xlsx"
    good.write_bytes(build_return(petitions=[petition("01", "15/01/2025")]))
    bad = tmp_path / "loi.xlsx"
    bad.write_bytes(build_return(petitions=[petition("01", "32/01/2025")]))
    db = tmp_path / "cli.duckdb"

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "etl", *args], cwd=ROOT, capture_output=True, text=True,
                              timeout=120)

    assert run("init", "--db", str(db)).returncode == 0
    ok = run("validate", str(good))
    assert ok.returncode == 0 and "VP_2025-Q1.xlsx: HỢP LỆ" in ok.stdout
    ko = run("validate", str(good), str(bad))
    assert ko.returncode == 1
    assert ko.stderr.splitlines() == [
        "loi.xlsx: Đơn thư!B4: Lỗi: Ngày nhận '32/01/2025' không phải ngày có thật. Hãy nhập ngày dạng dd/mm/yyyy, "
        "ví dụ 15/01/2025."]
    loaded = run("load", str(good), "--db", str(db), "--user", "vanphong")
    assert loaded.returncode == 0
    assert loaded.stdout.splitlines()[-1] == "VP_2025-Q1.xlsx: Đã nạp: mã nộp 1, Văn phòng Sở kỳ Quý I/2025."
    again = run("load", str(good), str(bad), "--db", str(db))
    assert again.returncode == 1
    assert "không có gì thay đổi" in again.stdout
    assert query(db, "SELECT count(*) FROM submissions") == [(1,)]
    assert run("restore", "99", "--db", str(db)).stderr.strip() == (
        "Lỗi: Không có lần nộp mã 99. Hãy xem danh sách ở trang Lịch sử nộp.")


def test_command_line_names_each_file_a_database_problem_leaves_unloaded(tmp_path: Path) -> None:
    """A database that cannot be written (held by a process outside the app's locks, or no DuckDB
    file at all) is told per file, starting with its name, as contract §3 says of every error;
    the files after it are named too, not silently skipped. A file that cannot be written is a
    Vietnamese sentence with exit 1, not Python's English."""
    first, second = tmp_path / "VP_Q1.xlsx", tmp_path / "DK_Q1.xlsx"
    first.write_bytes(build_return(petitions=[petition("01", "15/01/2025")]))
    second.write_bytes(build_return("DK", petitions=[petition("01", "15/01/2025")]))
    db = tmp_path / "held.duckdb"
    init_db(db)
    env = {**os.environ, "DVCQ_LOCK_TIMEOUT": "1"}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "etl", *args], cwd=ROOT, capture_output=True, text=True,
                              timeout=120, env=env)

    holder = duckdb.connect(str(db))  # DuckDB's own lock, as the DuckDB shell or a script would take it
    try:
        held = run("load", str(first), str(second), "--db", str(db))
    finally:
        holder.close()
    assert held.returncode == 1
    assert held.stderr.splitlines() == [
        "VP_Q1.xlsx: Lỗi: chưa nạp. Cơ sở dữ liệu đang được một tiến trình khác ghi quá lâu. Hãy thử lại sau ít "
        "phút; nếu vẫn lỗi, báo quản trị hệ thống.",
        "DK_Q1.xlsx: Lỗi: chưa nạp (dừng lại vì lỗi cơ sở dữ liệu ở tệp VP_Q1.xlsx)."]
    assert query(db, "SELECT count(*) FROM submissions") == [(0,)]

    text = tmp_path / "notes.duckdb"
    text.write_text("not a database")
    wrong = run("load", str(first), "--db", str(text))
    assert wrong.returncode == 1
    assert wrong.stderr.splitlines() == [
        f"VP_Q1.xlsx: Lỗi: chưa nạp. Tệp {text} không phải cơ sở dữ liệu DuckDB (tệp khác, hoặc đã hỏng). Hãy "
        "kiểm tra đường dẫn --db (hoặc biến DVCQ_DB); nếu tệp hỏng, phục hồi từ bản sao lưu: python -m etl "
        "restore-backup TỆP."]
    assert run("init", "--db", str(text)).returncode == 1
    assert text.read_text() == "not a database"

    ods = run("template", "-o", str(tmp_path / "mau.ods"))
    assert (ods.returncode, ods.stderr.strip()) == (
        1, "Lỗi: Mẫu báo cáo là tệp .xlsx, không phải .ods: hãy đặt tên tệp kết thúc bằng .xlsx (ví dụ mau.xlsx).")
    assert not (tmp_path / "mau.ods").exists()
    nowhere = run("template", "-o", str(tmp_path / "khong-co" / "mau.xlsx"))
    assert (nowhere.returncode, nowhere.stderr.strip()) == (
        1, f"Lỗi: không có thư mục hoặc tệp '{tmp_path / 'khong-co' / 'mau.xlsx'}'. Hãy kiểm tra đường dẫn (thư "
           "mục phải có sẵn) rồi chạy lại.")


def test_fixture_today_is_the_reference_day() -> None:
    assert FIXTURE_TODAY == TODAY


def test_macros_are_never_stored(tmp_path: Path) -> None:
    import io
    import zipfile

    plain = build_return(petitions=[petition("01", "15/01/2025")])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 Sub AutoOpen() Shell(\"calc\") End Sub")
    db = tmp_path / "t.duckdb"
    outcome = load_bytes(db, out.getvalue(), "co_macro.xlsm", "vanphong", today=TODAY)
    assert outcome.status == "loaded"
    con = duckdb.connect(str(db), read_only=True)
    name, content, sanitized = con.execute("SELECT stored_name, content, sanitized FROM submission_files").fetchone()
    con.close()
    with zipfile.ZipFile(io.BytesIO(content)) as stored:
        assert not any("vbaproject" in n.lower() for n in stored.namelist())
    assert (name, sanitized) == ("co_macro.xlsx", True)
    assert query(db, "SELECT petition_ref FROM v_petitions") == [("01",)]


def test_personal_data_under_headers_merged_over_two_rows_is_never_stored(tmp_path: Path) -> None:
    """The usual two-row header of an office's list: every header merged down over both rows
    (A3:A4), a group title over its sub-headers ("Người gửi đơn" over Họ và tên / Địa chỉ, none of
    them a column of the template), personal data merged down too, and a column the return does
    not read. Each is a header: the personal data is dropped and told, the unread column is told
    and left out of the stored copy, and the cases below load."""
    import io
    import zipfile

    import openpyxl

    personal = {"Họ và tên": "Vừ A Dính", "Địa chỉ": "Bản Hua Pảng", "Số CCCD": "038091234567"}
    rows = [petition("01", "15/01/2025") | personal | {"Cán bộ thụ lý": "Lò Thị Hoa"},
            petition("02", "16/01/2025") | personal | {"Cán bộ thụ lý": "Lò Thị Hoa"}]
    headers = ["Số hiệu đơn", "Họ và tên", "Địa chỉ", "Ngày nhận", "Loại đơn", "Trạng thái", "Số CCCD", "Cán bộ thụ lý"]
    book = openpyxl.load_workbook(io.BytesIO(build_return(headers={"petitions": headers}, petitions=rows)))
    ws = book["Đơn thư"]
    ws.insert_rows(3)  # row 3: the upper header row; row 4: the sub-headers
    for c, header in enumerate(headers, start=1):
        ws.cell(row=3, column=c, value=header if c not in (2, 3) else None)
        ws.cell(row=4, column=c, value=header if c in (2, 3) else None)
        if c not in (2, 3):
            ws.merge_cells(start_row=3, start_column=c, end_row=4, end_column=c)
    ws["B3"] = "Người gửi đơn"
    ws.merge_cells("B3:C3")
    out = io.BytesIO()
    book.save(out)
    db = tmp_path / "t.duckdb"
    outcome = load_bytes(db, out.getvalue(), "VP_Q1.xlsx", "vanphong", today=TODAY)
    assert outcome.status == "loaded", [f.line("x") for f in outcome.parsed.errors]
    assert [(f.location, f.rule) for f in outcome.parsed.warnings if f.sheet == "Đơn thư"] == [
        # G3, H3: merged down over G3:G4, the cell Excel shows (B4, C4: sub-headers under a group title)
        ("Đơn thư!G3", "privacy.column_dropped"), ("Đơn thư!H3", "header.unknown"),
        ("Đơn thư!B4", "privacy.column_dropped"), ("Đơn thư!C4", "privacy.column_dropped")]
    assert query(db, "SELECT petition_ref, received_date FROM v_petitions ORDER BY 1") == [
        ("01", date(2025, 1, 15)), ("02", date(2025, 1, 16))]
    secrets = ["Vừ A Dính", "Hua Pảng", "038091234567", "Lò Thị Hoa"]
    con = duckdb.connect(str(db), read_only=True)
    stored = con.execute("SELECT content FROM submission_files").fetchone()[0]
    con.close()
    with zipfile.ZipFile(io.BytesIO(stored)) as archive:
        unpacked = b"".join(archive.read(n) for n in archive.namelist()).decode("utf-8", "replace")
    assert not any(s in unpacked for s in secrets)
    kept = openpyxl.load_workbook(io.BytesIO(stored))["Đơn thư"]
    assert [kept.cell(5, c).value for c in range(1, 9)] == ["01", None, None, "15/01/2025", "Khiếu nại",
                                                            "Đang giải quyết", None, None]


def test_what_is_written_outside_the_templates_columns_is_told_and_never_stored(tmp_path: Path) -> None:
    """A clerk's notes in cells with no header (a name and a phone beside the list, a column
    inserted without a title, a third column on Thông tin): nothing reads them, so nothing checked
    them for personal data. Each column is told once, naming its cells but not their values, and
    the stored copy leaves them out. Rows that hold nothing the return reads (numbered in advance,
    or only such a note) are no cases."""
    import io
    import zipfile

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(build_return(petitions=[petition("01", "15/01/2025"),
                                                                     petition("02", "16/01/2025")])))
    ws = book["Đơn thư"]
    width = ws.max_column
    ws.cell(row=4, column=width + 2, value="Nguyễn Văn An 0912 345 678")  # beside the list
    ws.cell(row=7, column=width + 2, value="Bản Nà Lại")  # a row of its own, nothing else in it
    ws.insert_cols(1)
    ws.cell(row=3, column=1, value="STT")
    for r, n in zip(range(4, 10), range(1, 7)):  # numbered in advance, beyond the two cases
        ws.cell(row=r, column=1, value=n)
    # a header merged across two columns ("Ghi chú" over two cells) is the header of both
    note = [c.value for c in ws[3]].index("Ghi chú") + 1
    ws.insert_cols(note + 1)
    ws.merge_cells(start_row=3, start_column=note, end_row=3, end_column=note + 1)
    ws.cell(row=4, column=note + 1, value="bổ sung hồ sơ")
    width += 1
    info = book["Thông tin"]
    unit_row = next(r for r in range(1, 9) if info.cell(r, 1).value == "Mã đơn vị")
    info.cell(row=unit_row, column=3, value="Vàng A Dế")
    # the letterhead's right half is no data: not told, and kept
    for r, text in enumerate(["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập – Tự do – Hạnh phúc", "---------------",
                              "Lai Châu, ngày 19 tháng 3 năm 2025"], start=1):
        info.cell(row=r, column=4, value=text)
    out = io.BytesIO()
    book.save(out)
    db = tmp_path / "t.duckdb"
    outcome = load_bytes(db, out.getvalue(), "VP_Q1.xlsx", "vanphong", today=TODAY)
    assert outcome.status == "loaded", [f.line("x") for f in outcome.parsed.errors]
    told = [(f.location, f.message) for f in outcome.parsed.warnings if f.rule == "column.without_header"]
    beside = column_letter(width + 3)
    assert told == [
        ("Thông tin!C1", f"Cột C của trang 'Thông tin' có dữ liệu (C{unit_row}) ngoài các mục của mẫu và giá trị "
                         "của chúng: bị bỏ qua và không được lưu."),
        (f"Đơn thư!{beside}3", f"Cột {beside} không có tiêu đề nhưng có dữ liệu ({beside}4, {beside}7): cột này "
                               "không thuộc mẫu nên bị bỏ qua và không được lưu. Nếu đó là số liệu của báo cáo, "
                               "hãy ghi vào đúng cột của mẫu; ghi chú thì ghi vào cột Ghi chú (nếu có).")]
    assert query(db, "SELECT petition_ref FROM v_petitions ORDER BY 1") == [("01",), ("02",)]
    con = duckdb.connect(str(db), read_only=True)
    stored = con.execute("SELECT content FROM submission_files").fetchone()[0]
    con.close()
    with zipfile.ZipFile(io.BytesIO(stored)) as archive:
        unpacked = b"".join(archive.read(n) for n in archive.namelist()).decode("utf-8", "replace")
    assert not any(s in unpacked for s in ["Nguyễn Văn An", "0912 345 678", "Nà Lại", "Vàng A Dế"])
    kept = openpyxl.load_workbook(io.BytesIO(stored))
    assert [kept["Thông tin"].cell(unit_row, c).value for c in (1, 2, 3)] == ["Mã đơn vị", "VP", None]
    assert kept["Thông tin"].cell(1, 4).value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert [kept["Đơn thư"].cell(r, 2).value for r in (4, 5)] == ["01", "02"]  # the cases stay as sent
    assert kept["Đơn thư"].cell(4, note + 1).value == "bổ sung hồ sơ"  # under its merged header: kept


def test_what_a_merged_unit_reported_and_its_successor_repeats_is_counted_once(tmp_path: Path) -> None:
    """CLCT merged into QLXD on 01/03/2025. QLXD's 6-month return repeats CLCT's open case (same
    number, same day) as resolved, and CLCT's session and model: each is one entity, in its newer
    state, under QLXD. QLXD's own case with the same number but another day stays a case of its own;
    withdrawing QLXD's return brings CLCT's rows back."""
    db = tmp_path / "t.duckdb"
    model = {"Tên mô hình": "Cổng chào dân vận", "Lĩnh vực": "Kinh tế", "Ngày đăng ký": "10/01/2025"}
    session_row = {"Ngày tiếp": "20/01/2025", "Hình thức": "Thường xuyên", "Người chủ trì": "Cán bộ tiếp công dân",
                   "Số lượt": 1, "Số người": 1}
    clct = build_return("CLCT", "Quý I/2025", petitions=[petition("05/2025", "06/01/2025"), petition("06/2025", "07/01/2025")],
                        reception=[session_row], models=[model | {"Trạng thái": "Đăng ký"}])
    qlxd = build_return("QLXD", "6 tháng/2025", petitions=[
        petition("05/2025", "06/01/2025", status="Đã giải quyết", **{"Ngày giải quyết": "03/02/2025"}),
        petition("06/2025", "10/04/2025")],
        reception=[session_row | {"Số lượt": 2, "Số người": 3}], models=[model | {"Trạng thái": "Đang triển khai"}])
    assert load_bytes(db, clct, "CLCT_Q1.xlsx", "vp", today=TODAY).status == "loaded"
    outcome = load_bytes(db, qlxd, "QLXD_H1.xlsx", "vp", today=TODAY)
    assert outcome.status == "loaded"
    assert query(db, "SELECT unit_code, current_unit_code, petition_ref, received_date, status FROM v_petitions "
                     "ORDER BY petition_ref, received_date") == [
        ("QLXD", "QLXD", "05/2025", date(2025, 1, 6), "da_giai_quyet"),
        ("CLCT", "QLXD", "06/2025", date(2025, 1, 7), "dang_giai_quyet"),
        ("QLXD", "QLXD", "06/2025", date(2025, 4, 10), "dang_giai_quyet")]
    assert query(db, "SELECT unit_code, visits, people FROM v_reception_sessions") == [("QLXD", 2, 3)]
    assert query(db, "SELECT unit_code, status FROM v_models") == [("QLXD", "dang_trien_khai")]
    withdraw(db, outcome.submission_id, "qt")
    assert query(db, "SELECT unit_code, petition_ref, status FROM v_petitions ORDER BY 2") == [
        ("CLCT", "05/2025", "dang_giai_quyet"), ("CLCT", "06/2025", "dang_giai_quyet")]
    assert query(db, "SELECT unit_code, status FROM v_models") == [("CLCT", "dang_ky")]


def test_a_line_break_inside_a_case_number_is_the_same_case(tmp_path: Path) -> None:
    """Q1 has '01/⏎ĐT' (Alt+Enter in the cell), the 6-month return '01 / ĐT' resolved: one case."""
    db = tmp_path / "t.duckdb"
    init_db(db)
    q1 = build_return("VP", "Quý I/2025", petitions=[petition("01/\nĐT", "06/01/2025")])
    h1 = build_return("VP", "6 tháng/2025", petitions=[petition(
        "01 / ĐT", "06/01/2025", status="Đã giải quyết", **{"Ngày giải quyết": "20/02/2025", "Kết quả": "Đúng"})])
    assert load_bytes(db, q1, "q1.xlsx", "test", today=TODAY).status == "loaded"
    assert load_bytes(db, h1, "h1.xlsx", "test", today=TODAY).status == "loaded"
    assert query(db, "SELECT ref_key FROM petition_rows ORDER BY submission_id") == [("01/dt",), ("01/dt",)]
    assert query(db, "SELECT last_period_code, is_resolved FROM v_petitions") == [("2025-H1", True)]


def test_migration_005_joins_case_numbers_stored_with_spaces_around_a_sign(tmp_path: Path) -> None:
    """A database written before migration 005 kept '01/ ĐT' and '01/ĐT' as two current cases; opening
    it for writing recomputes the keys and the current state."""
    from etl.db import writing
    from etl.load import refresh_current

    db = tmp_path / "t.duckdb"
    init_db(db)
    q1 = build_return("VP", "Quý I/2025", petitions=[petition("01/\nĐT", "06/01/2025")])
    h1 = build_return("VP", "6 tháng/2025", petitions=[petition("01/ĐT", "06/01/2025", status="Đã giải quyết",
                                                                **{"Ngày giải quyết": "20/02/2025", "Kết quả": "Đúng"})])
    load_bytes(db, q1, "q1.xlsx", "test", today=TODAY)
    load_bytes(db, h1, "h1.xlsx", "test", today=TODAY)
    con = duckdb.connect(str(db))
    con.execute("UPDATE petition_rows SET ref_key = '01/ dt' WHERE submission_id = 1")  # as keyed before 005
    con.execute("DELETE FROM schema_migrations WHERE version = 5")
    refresh_current(con)
    assert con.execute("SELECT count(*) FROM v_petitions").fetchone() == (2,)
    con.close()
    with writing(db):
        pass
    assert query(db, "SELECT ref_key FROM petition_rows ORDER BY submission_id") == [("01/dt",), ("01/dt",)]
    assert query(db, "SELECT last_period_code, is_resolved FROM v_petitions") == [("2025-H1", True)]
    assert query(db, "SELECT count(*) FROM schema_migrations WHERE version = 5") == [(1,)]


def test_units_keep_the_catalogues_order_and_the_filters_offer_them_in_it(tmp_path: Path) -> None:
    """Văn phòng, Thanh tra, the phòng, then the đơn vị, as in units.csv and the department's own
    documents (migration 007); sorted by code they read as random (BQLDA, BTDB, DK, KCHT, ...)."""
    from dashboard.queries.common import options
    from etl.catalog import default_catalog

    db = tmp_path / "t.duckdb"
    init_db(db)
    catalogue = [u.code for u in default_catalog().units]
    assert catalogue[:4] == ["VP", "TTR", "KHTC", "KCHT"]
    assert [c for c, in query(db, "SELECT unit_code FROM v_units ORDER BY sort_order")] == catalogue
    offered = options(db)["units"]["unit_code"].tolist()
    assert offered == [u.code for u in default_catalog().units if u.reports and u.active_on(date.today())]
    assert offered[:3] == ["VP", "TTR", "KHTC"]
    from etl.db import writing

    with writing(db) as con:  # a database migrated to 007 but not yet written since: no order yet
        con.execute("UPDATE units SET sort_order = NULL WHERE unit_code IN ('VP', 'TTR')")
    assert options(db)["units"]["unit_code"].tolist() == [*offered[2:], "TTR", "VP"]
    init_db(db)  # the next write mirrors the catalogue again
    assert options(db)["units"]["unit_code"].tolist() == offered


def test_a_recompute_that_fails_after_a_migration_is_done_by_the_next_opening(tmp_path: Path, monkeypatch) -> None:
    """Migration 005 commits its new keys with a mark; if the recompute of the current state then
    fails, the mark stays and the next opening for writing does it: the re-keyed rows never stay
    with current tables computed from the old keys."""
    import etl.load
    from etl.db import REFRESH_PENDING, writing
    from etl.load import refresh_current

    db = tmp_path / "t.duckdb"
    init_db(db)
    q1 = build_return("VP", "Quý I/2025", petitions=[petition("01/\nĐT", "06/01/2025")])
    h1 = build_return("VP", "6 tháng/2025", petitions=[petition("01/ĐT", "06/01/2025", status="Đã giải quyết",
                                                                **{"Ngày giải quyết": "20/02/2025", "Kết quả": "Đúng"})])
    load_bytes(db, q1, "q1.xlsx", "test", today=TODAY)
    load_bytes(db, h1, "h1.xlsx", "test", today=TODAY)
    con = duckdb.connect(str(db))
    con.execute("UPDATE petition_rows SET ref_key = '01/ dt' WHERE submission_id = 1")  # as keyed before 005
    con.execute("DELETE FROM schema_migrations WHERE version = 5")
    refresh_current(con)
    con.close()

    def failing(con, units=None):
        raise duckdb.OutOfMemoryException("hết bộ nhớ")

    monkeypatch.setattr(etl.load, "refresh_current", failing)
    with pytest.raises(duckdb.OutOfMemoryException), writing(db):
        pass
    assert query(db, "SELECT ref_key FROM petition_rows ORDER BY submission_id") == [("01/dt",), ("01/dt",)]
    assert query(db, "SELECT count(*) FROM v_petitions") == [(2,)]  # stale: computed from the old keys
    assert query(db, "SELECT value FROM meta WHERE key = ?", [REFRESH_PENDING]) == [("1",)]
    monkeypatch.undo()
    with writing(db):
        pass
    assert query(db, "SELECT last_period_code, is_resolved FROM v_petitions") == [("2025-H1", True)]
    assert query(db, "SELECT count(*) FROM meta WHERE key = ?", [REFRESH_PENDING]) == [(0,)]


def test_a_citizens_name_written_in_free_text_is_never_stored(tmp_path: Path) -> None:
    """'Tiếp ông Lò Văn Pành', 'Nguyễn Thị Hoa khiếu nại' in a case's summary and a session's note are
    masked, the form of address kept; officials' titles, Bác Hồ and a model's name stay as written."""
    import io
    import zipfile

    import openpyxl

    cases = [petition("01", "15/01/2025", **{"Nội dung tóm tắt": "Nguyễn Thị Hoa khiếu nại việc bồi thường",
                                              "Ghi chú": "Ông Chủ tịch UBND xã đã gặp bà Hoa"})]
    sessions = [{"Ngày tiếp": "16/01/2025", "Hình thức": "Định kỳ", "Người chủ trì": "Giám đốc Sở",
                 "Số lượt": 1, "Số người": 1, "Ghi chú": "Tiếp ông Lò Văn Pành, bản Nậm Sỏ"}]
    models = [{"Tên mô hình": "Làm theo lời Bác Hồ", "Loại": "Mô hình", "Lĩnh vực": "Kinh tế",
               "Ngày đăng ký": "10/01/2025", "Trạng thái": "Đăng ký"}]
    db = tmp_path / "t.duckdb"
    init_db(db)
    outcome = load_bytes(db, build_return(petitions=cases, reception=sessions, models=models), "f.xlsx", "test",
                         today=TODAY)
    assert outcome.status == "loaded", [f.line("f.xlsx") for f in outcome.parsed.errors]
    assert [(f.location, f.message) for f in outcome.parsed.warnings if f.rule == "privacy.masked"] == [
        ("Đơn thư!P4", "Nội dung tóm tắt có họ tên người dân; phần đó đã được ẩn và không lưu. Không ghi thông tin cá "
                       "nhân của công dân vào báo cáo."),
        ("Đơn thư!Q4", "Ghi chú có họ tên người dân; phần đó đã được ẩn và không lưu. Không ghi thông tin cá nhân "
                       "của công dân vào báo cáo."),
        ("Tiếp công dân!I4", "Ghi chú có họ tên người dân và nơi cư trú của người dân; phần đó đã được ẩn và không "
                             "lưu. Không ghi thông tin cá nhân của công dân vào báo cáo."),
    ]
    assert query(db, "SELECT summary, note FROM v_petitions") == [
        ("[đã ẩn] khiếu nại việc bồi thường", "Ông Chủ tịch UBND xã đã gặp bà [đã ẩn]")]
    # his village after his name is where he lives (masker round, session 20)
    assert query(db, "SELECT note FROM v_reception_sessions") == [("Tiếp ông [đã ẩn], [đã ẩn]",)]
    assert query(db, "SELECT model_name FROM v_models") == [("Làm theo lời Bác Hồ",)]
    stored = query(db, "SELECT content FROM submission_files")[0][0]
    with zipfile.ZipFile(io.BytesIO(stored)) as archive:
        unpacked = b"".join(archive.read(n) for n in archive.namelist()).decode("utf-8", "replace")
    assert "Pành" not in unpacked and "Nguyễn Thị Hoa" not in unpacked and "bà Hoa" not in unpacked
    kept = openpyxl.load_workbook(io.BytesIO(stored))
    assert kept["Tiếp công dân"]["I4"].value == "Tiếp ông [đã ẩn], [đã ẩn]"


@pytest.mark.parametrize("unit,field,first,again", [
    # curly and straight quotes, dashes, a full stop after the name (migration 006)
    ("VP", "Kinh tế", "Mô hình “Dân vận khéo” – GPMB", 'Mô hình "Dân vận khéo" - GPMB.'),
    # the tone of 'oa' placed as keyboards set to the old and the new style write it (migration 009)
    ("KHTC", "Văn hóa - xã hội", "Văn hoá công sở, hoà giải ở cơ sở", "Văn hóa công sở, hòa giải ở cơ sở"),
])
def test_a_model_retyped_another_way_is_counted_once(tmp_path: Path, unit: str, field: str, first: str,
                                                     again: str) -> None:
    db = tmp_path / "t.duckdb"
    init_db(db)

    def model(name: str, status: str) -> dict:
        return {"Tên mô hình": name, "Loại": "Mô hình", "Lĩnh vực": field, "Ngày đăng ký": "10/01/2025",
                "Trạng thái": status}

    q1 = build_return(unit, "Quý I/2025", models=[model(first, "Đăng ký")])
    h1 = build_return(unit, "6 tháng/2025", models=[model(again, "Đang triển khai")])
    assert load_bytes(db, q1, "q1.xlsx", "test", today=TODAY).status == "loaded"
    assert load_bytes(db, h1, "h1.xlsx", "test", today=TODAY).status == "loaded"
    assert query(db, "SELECT model_name, status, last_period_code FROM v_models") == [
        (again, "dang_trien_khai", "2025-H1")]


def test_a_date_near_the_end_of_the_calendar_is_an_error_of_its_cell_not_a_crash(tmp_path: Path) -> None:
    """Ngày nhận 31/12/9999 overflowed the deadline's date arithmetic: 'Lỗi không mong đợi:
    OverflowError', exit 2, no file nor cell, and the next file of the batch never loaded."""
    from etl.cli import main

    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(build_return("VP", "Quý I/2025", petitions=[petition("01", "31/12/9999")]))
    good = tmp_path / "good.xlsx"
    good.write_bytes(build_return("TTR", "Quý I/2025", petitions=[petition("02", "06/01/2025")]))
    db = tmp_path / "t.duckdb"
    assert main(["load", str(bad), str(good), "--db", str(db), "--user", "test"]) == 1
    assert query(db, "SELECT unit_code, petition_ref FROM v_petitions") == [("TTR", "02")]


def test_a_fault_on_one_file_is_said_on_its_line_and_the_batch_goes_on(tmp_path: Path, monkeypatch, capsys) -> None:
    import etl.validate
    from etl.cli import main

    files = []
    for unit, ref in (("VP", "01"), ("TTR", "02")):
        files.append(tmp_path / f"{unit}.xlsx")
        files[-1].write_bytes(build_return(unit, "Quý I/2025", petitions=[petition(ref, "06/01/2025")]))
    real = etl.validate.validate_workbook

    def faulty(data, name, *args, **kwargs):
        if name == "VP.xlsx":
            raise RuntimeError("ô B4: Nguyễn Văn An")  # a fault whose text quotes a cell
        return real(data, name, *args, **kwargs)

    monkeypatch.setattr(etl.validate, "validate_workbook", faulty)
    monkeypatch.delenv("DVCQ_DEBUG", raising=False)
    db = tmp_path / "t.duckdb"
    assert main(["validate", *map(str, files)]) == 1
    err = capsys.readouterr().err
    assert "VP.xlsx: Lỗi: chưa kiểm tra xong do lỗi không mong đợi của chương trình (RuntimeError). Hãy báo quản " \
           "trị hệ thống, gửi kèm tệp này." in err and "Nguyễn" not in err
    monkeypatch.setattr("etl.load.validate_workbook", faulty)
    assert main(["load", *map(str, files), "--db", str(db), "--user", "test"]) == 1
    assert "VP.xlsx: Lỗi: chưa nạp, không có gì được lưu do lỗi không mong đợi" in capsys.readouterr().err
    assert query(db, "SELECT unit_code FROM v_petitions") == [("TTR",)]


def test_a_plan_written_as_the_plan_words_it_gives_the_right_verdict(tmp_path: Path) -> None:
    """Kế hoạch '100%' of a Có/Không indicator is its target 'Có' (it was 100 against Thực hiện 'Có' = 1:
    not attained); a ratio's Kế hoạch 1 or 0,95 is 100% or 95% (it was 1%: 10 of 20 attained)."""
    indicators = [{"Mã chỉ tiêu": "CT01", "Kế hoạch": "100%", "Thực hiện": "Có"},
                  {"Mã chỉ tiêu": "CT02", "Kế hoạch": 100, "Thực hiện": "Có"},
                  {"Mã chỉ tiêu": "CT04", "Kế hoạch": 0.95, "Thực hiện": 19, "Tổng số": 20},
                  {"Mã chỉ tiêu": "CT07", "Kế hoạch": 1, "Thực hiện": 10, "Tổng số": 20}]
    annual = [{"Mã chỉ tiêu": "CT04", "Kế hoạch": 9, "Thực hiện": 1, "Tổng số": 9}]  # 9 people: 100%, not 9%
    db = tmp_path / "t.duckdb"
    init_db(db)
    outcome = load_bytes(db, build_return("VP", "Quý I/2025", indicators=indicators), "f.xlsx", "test", today=TODAY)
    assert outcome.status == "loaded", [f.line("f.xlsx") for f in outcome.parsed.errors]
    assert [(f.location, f.rule) for f in outcome.parsed.warnings if f.rule.startswith("indicator.plan")] == [
        ("Chỉ tiêu!C6", "indicator.plan_share"), ("Chỉ tiêu!C6", "indicator.plan_below_target"),  # 95 < 100
        ("Chỉ tiêu!C7", "indicator.plan_share")]
    assert query(db, "SELECT indicator_code, target, attained FROM v_indicator_values WHERE indicator_code <> 'CT03' "
                     "ORDER BY indicator_code") == [
        ("CT01", 1.0, True), ("CT02", 1.0, True), ("CT04", 95.0, True), ("CT07", 100.0, False)]
    outcome = load_bytes(db, build_return("TTR", "Quý I/2025", indicators=annual), "g.xlsx", "test", today=TODAY)
    assert [(f.location, f.rule) for f in outcome.parsed.warnings if f.rule.startswith("indicator.plan")] == [
        ("Chỉ tiêu!C4", "indicator.plan_count")]
    assert query(db, "SELECT target, attained FROM v_indicator_values WHERE unit_code = 'TTR' "
                     "AND indicator_code = 'CT04'") == [(100.0, False)]


def test_a_case_number_that_excel_stripped_of_its_zero_is_the_same_case(tmp_path: Path) -> None:
    """'01' typed as text in Quý I, 01 typed as a number in the 6-month return (Excel keeps 1): one case,
    resolved; it was two, the Quý I copy open for ever (loader round)."""
    db = tmp_path / "t.duckdb"
    init_db(db)
    q1 = build_return("BQLDA", "Quý I/2025", petitions=[petition("01", "06/01/2025")])
    h1 = build_return("BQLDA", "6 tháng/2025", petitions=[petition(1, "06/01/2025", status="Đã giải quyết", **{
        "Ngày giải quyết": "20/02/2025", "Kết quả": "Đúng"})])
    assert load_bytes(db, q1, "q1.xlsx", "test", today=TODAY).status == "loaded"
    assert load_bytes(db, h1, "h1.xlsx", "test", today=TODAY).status == "loaded"
    assert query(db, "SELECT petition_ref, status, last_period_code FROM v_petitions") == [
        ("1", "da_giai_quyet", "2025-H1")]


def test_a_plan_written_in_words_as_the_template_shows_it_is_its_number(tmp_path: Path) -> None:
    """The template shows CT06's Kế hoạch as 'Tốt trở lên' (4 behind it); 'Tốt' retyped was refused
    as not a number, 'ví dụ 12 hoặc 12,5' (loader round)."""
    indicators = [{"Mã chỉ tiêu": "CT06", "Kế hoạch": "Tốt trở lên", "Thực hiện": "Khá"},
                  {"Mã chỉ tiêu": "CT01", "Kế hoạch": "Có", "Thực hiện": "Có"}]
    db = tmp_path / "t.duckdb"
    init_db(db)
    outcome = load_bytes(db, build_return("VP", "Năm 2025", indicators=indicators), "f.xlsx", "test", today=TODAY)
    assert outcome.status == "loaded", [f.line("f.xlsx") for f in outcome.parsed.errors]
    assert query(db, "SELECT indicator_code, target, actual, attained FROM v_indicator_values "
                     "WHERE indicator_code IN ('CT01', 'CT06') ORDER BY 1") == [
        ("CT01", 1.0, 1.0, True), ("CT06", 4.0, 3.0, False)]


def test_restore_on_a_mistyped_database_says_so_and_creates_nothing(tmp_path: Path, capsys) -> None:
    from etl.cli import main

    typo = tmp_path / "dvcqq.duckdb"
    assert main(["restore", "1", "--db", str(typo), "--user", "test"]) == 1
    assert main(["withdraw", "1", "--db", str(typo), "--user", "test"]) == 1
    err = capsys.readouterr().err
    assert f"Không tìm thấy cơ sở dữ liệu '{typo}'. Hãy kiểm tra --db hoặc biến môi trường DVCQ_DB." in err
    assert list(tmp_path.iterdir()) == []
    assert main(["load", str(tmp_path), "--db", str(tmp_path / "t.duckdb"), "--user", "test"]) == 1
    assert "là thư mục, không phải tệp báo cáo." in capsys.readouterr().err


def test_a_database_of_an_older_version_is_upgraded_when_the_app_opens_it(tmp_path: Path) -> None:
    """The app only reads: a database from before migration 007 (no units.sort_order) made every page
    that lists units fail until the next load. ensure_migrated (app.py, once per process) upgrades it."""
    from dashboard.queries.common import options
    from etl.db import ensure_migrated, latest_migration, writing

    db = tmp_path / "t.duckdb"
    init_db(db)
    with writing(db) as con:  # as a version before 007 left it
        con.execute("DROP VIEW v_units")
        con.execute("ALTER TABLE units DROP COLUMN sort_order")
        con.execute("DELETE FROM schema_migrations WHERE version >= 7")
        con.execute("DELETE FROM meta WHERE key = 'views_sql'")
    with pytest.raises(duckdb.Error):
        options(db)
    assert ensure_migrated(db) is True
    assert options(db)["units"]["unit_code"].tolist()[:3] == ["VP", "TTR", "KHTC"]
    assert query(db, "SELECT max(version) FROM schema_migrations") == [(latest_migration(),)]
    assert ensure_migrated(db) is False  # current: nothing to do
    assert ensure_migrated(tmp_path / "none.duckdb") is False and not (tmp_path / "none.duckdb").exists()
