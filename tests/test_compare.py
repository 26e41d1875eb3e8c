"""etl.compare: a return against the unit's current stored state (the hand-checked fixture)."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest

from etl.compare import (
    CHANGED, DROPPED, NEW, OUTRANKED, UNCHANGED, Change, Item, compare, rows_summary, sheet_rows,
)
from etl.load import load_bytes
from etl.validate import validate_workbook
from tests.fixtures import FIXTURE_TODAY, VP_H1_MODELS, VP_H1_PETITIONS, VP_H1_SESSIONS, fixture_files
from tests.workbooks import build_return, petition


def parse(data: bytes, name: str = "f.xlsx"):
    return validate_workbook(data, name, today=FIXTURE_TODAY)


@pytest.fixture
def db(fixture_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "db.duckdb"
    shutil.copy(fixture_db, copy)
    return copy


def vp_h1_resubmitted() -> bytes:
    """VP's 6-month return again: VP-04 resolved, VP-05 new, one model left out, one session and two
    indicators corrected."""
    petitions = VP_H1_PETITIONS[:3] + [
        petition("VP-04", "02/06/2025", "Phản ánh", "Đã giải quyết", **{
            "Lĩnh vực": "Trật tự an toàn giao thông", "Ngày giải quyết": "10/06/2025", "Kết quả": "Đã trả lời"}),
        petition("VP-05", "03/06/2025", "Kiến nghị", "Chưa xử lý"),
    ]
    sessions = VP_H1_SESSIONS[:-1] + [{**VP_H1_SESSIONS[-1], "Số lượt": 2, "Số người": 3}]
    indicators = [
        {"Mã chỉ tiêu": "CT01", "Thực hiện": "Có"},
        {"Mã chỉ tiêu": "CT02", "Thực hiện": "Có"},
        {"Mã chỉ tiêu": "CT04", "Thực hiện": 9, "Tổng số": 10},
        {"Mã chỉ tiêu": "CT06", "Thực hiện": "Khá"},
        {"Mã chỉ tiêu": "CT07", "Thực hiện": 20, "Tổng số": 20},
    ]
    return build_return("VP", "6 tháng đầu năm 2025", indicators=indicators, petitions=petitions,
                        reception=sessions, models=[VP_H1_MODELS[0]])


def test_resubmission_lists_new_changed_unchanged_and_dropped_rows(fixture_db: Path) -> None:
    result = compare(fixture_db, parse(vp_h1_resubmitted()))
    assert (result.unit_code, result.period_code) == ("VP", "2025-H1")
    assert result.replaces is not None and result.replaces.submission_id == 4
    assert result.replaces.file_name == "VP_2025-H1.xlsx" and result.replaces.status == "active"
    assert result.already_loaded is None
    assert result.items == [
        Item("petitions", "VP-01", UNCHANGED, (), 4),
        Item("petitions", "VP-02", UNCHANGED, (), 5),
        Item("petitions", "VP-03", UNCHANGED, (), 6),
        Item("petitions", "VP-04", CHANGED, (
            Change("Ngày giải quyết", "(trống)", "10/06/2025"),
            Change("Trạng thái", "Chưa xử lý", "Đã giải quyết"),
            Change("Kết quả", "(trống)", "Đã trả lời"),
        ), 7),
        Item("petitions", "VP-05", NEW, (), 8),
        Item("models", "DÂN VẬN KHÉO trong giải phóng mặt bằng", UNCHANGED, (), 4),
        Item("models", "Tổ tiếp công dân gương mẫu", DROPPED),
        Item("reception", "15/01/2025 · Định kỳ · Giám đốc Sở", UNCHANGED, (), 4),
        Item("reception", "15/02/2025 · Định kỳ · Giám đốc Sở", UNCHANGED, (), 5),
        Item("reception", "20/02/2025 · Thường xuyên · Cán bộ tiếp công dân", UNCHANGED, (), 6),
        Item("reception", "14/03/2025 · Định kỳ · Giám đốc Sở", UNCHANGED, (), 7),
        Item("reception", "15/04/2025 · Định kỳ · Giám đốc Sở", UNCHANGED, (), 8),
        Item("reception", "15/05/2025 · Định kỳ · Giám đốc Sở", CHANGED, (
            Change("Số lượt", "1", "2"), Change("Số người", "1", "3"),
        ), 9),
        Item("indicators", "CT01", UNCHANGED, (), 4),
        Item("indicators", "CT02", UNCHANGED, (), 5),
        Item("indicators", "CT04", CHANGED, (Change("Thực hiện", "8", "9"),), 6),
        Item("indicators", "CT06", CHANGED, (Change("Thực hiện", "Tốt", "Khá"),), 7),
        Item("indicators", "CT07", UNCHANGED, (), 8),
    ]
    assert result.summary_rows() == [
        {"Mục": "Đơn thư", "Mới": 1, "Thay đổi": 1, "Không đổi": 3, "Kỳ sau đã cập nhật": 0,
         "Không còn trong tệp": 0},
        {"Mục": "Dân vận khéo", "Mới": 0, "Thay đổi": 0, "Không đổi": 1, "Kỳ sau đã cập nhật": 0,
         "Không còn trong tệp": 1},
        {"Mục": "Tiếp công dân", "Mới": 0, "Thay đổi": 1, "Không đổi": 5, "Kỳ sau đã cập nhật": 0,
         "Không còn trong tệp": 0},
        {"Mục": "Chỉ tiêu", "Mới": 0, "Thay đổi": 2, "Không đổi": 3, "Kỳ sau đã cập nhật": 0,
         "Không còn trong tệp": 0},
    ]
    assert result.change_rows()[:2] == [
        {"Mục": "Đơn thư", "Dòng": 7, "Khoá": "VP-04", "So với dữ liệu đang lưu": "Thay đổi",
         "Chi tiết": "Ngày giải quyết: (trống) → 10/06/2025; Trạng thái: Chưa xử lý → Đã giải quyết; "
                     "Kết quả: (trống) → Đã trả lời"},
        {"Mục": "Đơn thư", "Dòng": 8, "Khoá": "VP-05", "So với dữ liệu đang lưu": "Mới", "Chi tiết": ""},
    ]


def test_after_loading_the_views_show_exactly_the_file(db: Path) -> None:
    """'Không đổi' means the views would show the same values: compared again after the load,
    every row is unchanged and nothing is dropped."""
    data = vp_h1_resubmitted()
    parsed = parse(data)
    assert load_bytes(db, data, "VP_H1_bosung.xlsx", "vanphong", parsed=parsed).status == "loaded"
    again = compare(db, parsed)
    assert {item.status for item in again.items} == {UNCHANGED}
    assert len(again.items) == 5 + 1 + 6 + 5
    assert again.already_loaded is not None and again.already_loaded.file_name == "VP_H1_bosung.xlsx"
    assert again.replaces is not None and again.replaces.submission_id == again.already_loaded.submission_id


def test_an_earlier_period_does_not_override_a_later_one(fixture_db: Path) -> None:
    """VP's first-quarter file again: cases and the model it shows differently were updated by the
    6-month return, which keeps precedence, so they are 'outranked', not 'changed'."""
    data = dict(fixture_files())["VP_2025-Q1.xlsx"]
    result = compare(fixture_db, parse(data))
    assert result.replaces is not None and result.replaces.submission_id == 1
    assert [(i.kind, i.key, i.status) for i in result.items] == [
        ("petitions", "VP-01", UNCHANGED),
        ("petitions", "VP-02", OUTRANKED),
        ("petitions", "VP-03", OUTRANKED),
        ("models", "Dân vận khéo trong giải phóng mặt bằng", OUTRANKED),
        ("reception", "15/01/2025 · Định kỳ · Giám đốc Sở", UNCHANGED),
        ("reception", "15/02/2025 · Định kỳ · Giám đốc Sở", UNCHANGED),
        ("reception", "20/02/2025 · Thường xuyên · Cán bộ tiếp công dân", UNCHANGED),
        ("indicators", "CT01", UNCHANGED),
        ("indicators", "CT02", UNCHANGED),
        ("indicators", "CT04", UNCHANGED),
        ("indicators", "CT06", UNCHANGED),
        ("indicators", "CT07", UNCHANGED),
    ]
    assert result.items[1].changes == (
        Change("Ngày giải quyết", "20/03/2025", "(trống)"),
        Change("Trạng thái", "Đã giải quyết", "Đang giải quyết"),
        Change("Kết quả", "Đã trả lời", "(trống)"),
    )


def test_corrected_indicator_of_the_same_period(fixture_db: Path) -> None:
    data = dict(fixture_files())["KHTC_2025-Q1.xlsx"]  # CT07 15/20, while the active return says 20/20
    result = compare(fixture_db, parse(data))
    assert result.replaces is not None and result.replaces.file_name == "KHTC_2025-Q1_bosung.xlsx"
    assert [i for i in result.items if i.status != UNCHANGED] == [
        Item("indicators", "CT07", CHANGED, (Change("Thực hiện", "20", "15"),), 8),
    ]
    assert result.counts()["indicators"] == {NEW: 0, CHANGED: 1, UNCHANGED: 4, OUTRANKED: 0, DROPPED: 0}


def test_a_unit_that_never_reported_gets_everything_new(fixture_db: Path) -> None:
    data = build_return("DK", "Quý I/2025", petitions=[petition("DK-01", "06/01/2025")])
    result = compare(fixture_db, parse(data))
    assert result.replaces is None and result.already_loaded is None
    assert [(i.kind, i.key, i.status) for i in result.items] == [
        ("petitions", "DK-01", NEW),
        ("indicators", "CT01", NEW), ("indicators", "CT02", NEW), ("indicators", "CT04", NEW),
        ("indicators", "CT06", NEW), ("indicators", "CT07", NEW),
    ]


def test_identical_bytes_are_recognised(db: Path) -> None:
    data = build_return("DK", "Quý I/2025")
    load_bytes(db, data, "DK.xlsx", "vanphong", today=FIXTURE_TODAY)
    result = compare(db, parse(data, "DK-copy.xlsx"))
    assert result.already_loaded is not None
    assert (result.already_loaded.file_name, result.already_loaded.uploaded_by) == ("DK.xlsx", "vanphong")
    assert isinstance(result.already_loaded.uploaded_at, datetime)


def test_no_unit_means_nothing_to_compare(fixture_db: Path) -> None:
    result = compare(fixture_db, parse(build_return("XYZ", "Quý I/2025")))
    assert not result.comparable
    assert result.items == [] and result.replaces is None


def test_a_missing_database_means_everything_is_new(tmp_path: Path) -> None:
    data = build_return("VP", "Quý I/2025", petitions=[petition("VP-01", "06/01/2025")])
    result = compare(tmp_path / "none.duckdb", parse(data))
    assert [i.status for i in result.items] == [NEW] * 6
    assert not (tmp_path / "none.duckdb").exists()


def test_rows_without_a_key_are_left_out_and_counted(fixture_db: Path) -> None:
    sessions = [{"Ngày tiếp": "32/01/2025", "Hình thức": "Định kỳ", "Người chủ trì": "Giám đốc Sở", "Số lượt": 1},
                {"Ngày tiếp": "15/01/2025", "Hình thức": "", "Người chủ trì": "Giám đốc Sở", "Số lượt": 1},
                {"Ngày tiếp": "16/01/2025", "Hình thức": "Định kỳ", "Người chủ trì": "Giám đốc Sở", "Số lượt": 1}]
    data = build_return("VP", "Quý I/2025", petitions=[petition("", "06/01/2025"), petition("VP-09", "07/01/2025")],
                        reception=sessions)
    parsed = parse(data)
    assert not parsed.ok
    result = compare(fixture_db, parsed)
    assert [(i.key, i.status) for i in result.items if i.kind == "petitions"] == [("VP-09", NEW)]
    assert [(i.key, i.status) for i in result.items if i.kind == "reception"] == [
        ("16/01/2025 · Định kỳ · Giám đốc Sở", NEW)]
    assert result.unkeyed == {"petitions": 1, "models": 0, "reception": 2, "indicators": 0}
    assert result.unkeyed_text() == ("1 dòng Đơn thư (thiếu hoặc sai Số hiệu đơn); 2 dòng Tiếp công dân "
                                     "(thiếu hoặc sai Ngày tiếp, Hình thức, Người chủ trì)")
    assert compare(fixture_db, parse(vp_h1_resubmitted())).unkeyed_text() is None


def test_sheet_rows_and_summary() -> None:
    data = build_return("VP", "Quý I/2025", petitions=[petition("VP-01", "06/01/2025")],
                        sheet_names={"petitions": "Don thu"}, omit={"training"})
    parsed = parse(data)
    assert sheet_rows(parsed) == [
        {"Trang": "Chỉ tiêu", "Trong tệp": "Chỉ tiêu", "Số dòng": 5},
        {"Trang": "Đơn thư", "Trong tệp": "Don thu", "Số dòng": 1},
        {"Trang": "Tiếp công dân", "Trong tệp": "Tiếp công dân", "Số dòng": 0},
        {"Trang": "Dân vận khéo", "Trong tệp": "Dân vận khéo", "Số dòng": 0},
        {"Trang": "Tập huấn", "Trong tệp": "(không có)", "Số dòng": 0},
        {"Trang": "Tuyên truyền", "Trong tệp": "Tuyên truyền", "Số dòng": 0},
    ]
    assert rows_summary(parsed) == "Chỉ tiêu: 5 · Đơn thư: 1"


def test_a_model_named_as_a_stored_one_but_without_diacritics_is_noted(fixture_db: Path) -> None:
    """'To tiep cong dan guong mau' typed on a keyboard without Vietnamese: a second model once loaded
    (a key keeps its marks), so the preview says which stored model it looks like."""
    renamed = {**VP_H1_MODELS[1], "Tên mô hình": "To tiep cong dan guong mau"}
    result = compare(fixture_db, parse(build_return("VP", "6 tháng đầu năm 2025", models=[VP_H1_MODELS[0], renamed])))
    note = ("Tên giống mô hình đã lưu 'Tổ tiếp công dân gương mẫu' nhưng khác dấu: nếu là một mô hình, hãy ghi "
            "tên như lần trước, nếu không sẽ thành hai mô hình.")
    models = [item for item in result.items if item.kind == "models"]
    assert models == [Item("models", "DÂN VẬN KHÉO trong giải phóng mặt bằng", UNCHANGED, (), 4),
                      Item("models", "To tiep cong dan guong mau", NEW, (), 5, note),
                      Item("models", "Tổ tiếp công dân gương mẫu", DROPPED)]
    assert result.look_alikes() == [models[1]]
    assert {"Mục": "Dân vận khéo", "Dòng": 5, "Khoá": "To tiep cong dan guong mau",
            "So với dữ liệu đang lưu": "Mới", "Chi tiết": note} in result.change_rows()
    # the stored model itself in the file as well: two models meant, nothing to note
    both = compare(fixture_db, parse(build_return("VP", "6 tháng đầu năm 2025", models=[*VP_H1_MODELS, renamed])))
    assert both.look_alikes() == []
