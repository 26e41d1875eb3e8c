"""dashboard.queries.petitions against the hand-checked fixture (tests/fixtures.py).

Year 2025 window 15/12/2024–14/12/2025, today 31/12/2025, so open cases are judged on 14/12/2025.
Seven cases, all received in the window; five resolved in it (VP-01, VP-03, TTR-02 on time; VP-02,
TTR-01 late); VP-04 open and overdue since 16/06/2025; TTR-03 open, due 05/01/2026 (30 days from
03/12/2025 land on 02/01/2026, a holiday; 03–04/01 are the weekend).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from dashboard.filters import Filters
from dashboard.queries import petitions as q
from tests.frames import records

TODAY = date(2025, 12, 31)
YEAR = Filters(2025, today=TODAY)




SUMMARY_COLUMNS = ["kind", "kind_label", "carried_over", "received", "total", "within_competence",
                   "outside_competence", "resolved", "in_progress", "resolved_on_time", "resolved_late",
                   "resolved_no_deadline", "open_overdue", "on_time_share"]


def summary_rows(frame: pd.DataFrame) -> list[tuple]:
    assert list(frame.columns) == SUMMARY_COLUMNS
    return [tuple(r.values()) for r in records(frame)]


def test_summary_of_the_year_in_the_official_notions(fixture_db: Path) -> None:
    assert summary_rows(q.petition_summary(fixture_db, YEAR)) == [
        # kind, label, carried, received, total, within, outside, resolved, in progress, on time, late,
        # no deadline, open overdue, on-time share
        ("khieu_nai", "Khiếu nại", 0, 3, 3, 3, 0, 2, 1, 1, 1, 0, 0, 0.5),
        ("to_cao", "Tố cáo", 0, 2, 2, 1, 1, 2, 0, 2, 0, 0, 0, 1.0),
        ("kien_nghi", "Kiến nghị", 0, 1, 1, 1, 0, 1, 0, 0, 1, 0, 0, 0.0),
        ("phan_anh", "Phản ánh", 0, 1, 1, 1, 0, 0, 1, 0, 0, 0, 1, None),
        ("tong_cong", "Tổng cộng", 0, 7, 7, 6, 1, 5, 2, 3, 2, 0, 1, 0.6),
    ]


def test_summary_of_a_quarter_counts_cases_carried_over(fixture_db: Path) -> None:
    # Q3 = 15/06–14/09/2025: VP-04 and TTR-01 (both received 02/06, open on 15/06) are carried over;
    # TTR-02 is received; TTR-01 (25/08, late) and TTR-02 (14/07, on time) are resolved.
    assert summary_rows(q.petition_summary(fixture_db, Filters(2025, "2025-Q3", today=TODAY))) == [
        ("khieu_nai", "Khiếu nại", 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 0, 0.0),
        ("to_cao", "Tố cáo", 0, 1, 1, 0, 1, 1, 0, 1, 0, 0, 0, 1.0),
        ("kien_nghi", "Kiến nghị", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, None),
        ("phan_anh", "Phản ánh", 1, 0, 1, 1, 0, 0, 1, 0, 0, 0, 1, None),
        ("tong_cong", "Tổng cộng", 2, 1, 3, 2, 1, 2, 1, 1, 1, 0, 1, 0.5),
    ]


def test_summary_of_the_first_quarter_leaves_later_resolutions_in_progress(fixture_db: Path) -> None:
    # Q1 = 15/12/2024–14/03/2025: VP-02 was resolved on 20/03, after the quarter, so it is in progress
    # and, due 10/02, overdue on 14/03.
    assert summary_rows(q.petition_summary(fixture_db, Filters(2025, "2025-Q1", today=TODAY)))[-1] == (
        "tong_cong", "Tổng cộng", 0, 3, 3, 3, 0, 1, 2, 1, 0, 0, 1, 1.0)


def test_summary_follows_the_unit_filter(fixture_db: Path) -> None:
    rows = summary_rows(q.petition_summary(fixture_db, Filters(2025, units=("TTR",), today=TODAY)))
    assert rows[-1] == ("tong_cong", "Tổng cộng", 0, 3, 3, 2, 1, 2, 1, 1, 1, 0, 0, 0.5)


def test_resolution_times_one_row_per_resolved_case_in_kind_order(fixture_db: Path) -> None:
    assert records(q.resolution_times(fixture_db, YEAR)) == [
        {"unit_code": "VP", "petition_ref": "VP-01", "kind": "khieu_nai", "kind_label": "Khiếu nại",
         "resolution_days": 26, "on_time": True},
        {"unit_code": "TTR", "petition_ref": "TTR-01", "kind": "khieu_nai", "kind_label": "Khiếu nại",
         "resolution_days": 81, "on_time": False},
        {"unit_code": "TTR", "petition_ref": "TTR-02", "kind": "to_cao", "kind_label": "Tố cáo",
         "resolution_days": 4, "on_time": True},
        {"unit_code": "VP", "petition_ref": "VP-03", "kind": "to_cao", "kind_label": "Tố cáo",
         "resolution_days": 46, "on_time": True},
        {"unit_code": "VP", "petition_ref": "VP-02", "kind": "kien_nghi", "kind_label": "Kiến nghị",
         "resolution_days": 59, "on_time": False},
    ]


def test_resolution_limits_come_from_the_rule_file() -> None:
    frame = q.resolution_limits(YEAR)
    assert [(r["kind"], r["case_label"], r["rule_id"], r["limit_days"], r["day_type"], r["calendar_days"])
            for r in records(frame)] == [
        ("khieu_nai", "Khiếu nại lần đầu", "KN-L1", 30, "calendar", 30),
        ("khieu_nai", "Khiếu nại lần đầu, phức tạp hoặc vùng sâu, vùng xa", "KN-L1-PT", 45, "calendar", 45),
        ("khieu_nai", "Khiếu nại lần hai", "KN-L2", 45, "calendar", 45),
        ("to_cao", "Tố cáo (chưa gia hạn)", "TC-GQ", 30, "calendar", 30),
        ("kien_nghi", "Kiến nghị", "KNG-TRA-LOI", 10, "working", 14),
        ("phan_anh", "Phản ánh", "PA-TRA-LOI", 10, "working", 14),
    ]
    assert frame["legal_basis"].tolist()[0] == "Luật Khiếu nại 2011, Điều 28"
    assert frame["kind_label"].tolist() == ["Khiếu nại", "Khiếu nại", "Khiếu nại", "Tố cáo", "Kiến nghị", "Phản ánh"]


def test_on_time_by_month_of_resolution(fixture_db: Path) -> None:
    assert records(q.on_time_by_month(fixture_db, YEAR)) == [
        {"month": date(2025, 2, 1), "resolved": 1, "on_time": 1, "late": 0, "no_deadline": 0, "on_time_share": 1.0},
        {"month": date(2025, 3, 1), "resolved": 1, "on_time": 0, "late": 1, "no_deadline": 0, "on_time_share": 0.0},
        {"month": date(2025, 4, 1), "resolved": 1, "on_time": 1, "late": 0, "no_deadline": 0, "on_time_share": 1.0},
        {"month": date(2025, 7, 1), "resolved": 1, "on_time": 1, "late": 0, "no_deadline": 0, "on_time_share": 1.0},
        {"month": date(2025, 8, 1), "resolved": 1, "on_time": 0, "late": 1, "no_deadline": 0, "on_time_share": 0.0},
    ]


def test_on_time_by_unit(fixture_db: Path) -> None:
    frame = q.on_time_by_unit(fixture_db, YEAR)
    assert records(frame.drop(columns="on_time_share")) == [
        {"unit_code": "VP", "unit_name": "Văn phòng Sở", "resolved": 3, "on_time": 2, "late": 1, "no_deadline": 0},
        {"unit_code": "TTR", "unit_name": "Thanh tra Sở", "resolved": 2, "on_time": 1, "late": 1, "no_deadline": 0},
    ]  # the catalogue's order (Văn phòng, Thanh tra, the phòng, ...), not the codes'
    assert frame["on_time_share"].round(4).tolist() == [0.6667, 0.5]


def test_open_by_age_on_the_period_end(fixture_db: Path) -> None:
    # As of 14/12/2025: TTR-03 received 01/12 (13 days), VP-04 received 02/06 (195 days).
    assert records(q.open_by_age(fixture_db, YEAR)) == [
        {"age_band": "0-15", "age_band_label": "0–15 ngày", "open": 1},
        {"age_band": "16-30", "age_band_label": "16–30 ngày", "open": 0},
        {"age_band": "31-60", "age_band_label": "31–60 ngày", "open": 0},
        {"age_band": "61-90", "age_band_label": "61–90 ngày", "open": 0},
        {"age_band": "90+", "age_band_label": "Trên 90 ngày", "open": 1},
    ]


def test_open_by_age_moves_with_the_reference_day(fixture_db: Path) -> None:
    # 2026's window starts 15/12/2025; today 31/12/2025 is then the reference day: TTR-03 is 30 days old.
    frame = q.open_by_age(fixture_db, Filters(2026, today=TODAY))
    assert frame["open"].tolist() == [0, 1, 0, 0, 1]
    # Q1 (as of 14/03/2025): VP-02 (53 days) and VP-03 (11 days) were still open.
    assert q.open_by_age(fixture_db, Filters(2025, "2025-Q1", today=TODAY))["open"].tolist() == [1, 0, 1, 0, 0]


def deadline_counts(db: Path, f: Filters) -> dict[str, int]:
    frame = q.open_by_deadline(db, f)
    assert frame["deadline_state_label"].tolist() == [
        "Quá hạn", "Đến hạn trong 10 ngày làm việc", "Còn hạn", "Chưa xác định hạn"]
    return dict(zip(frame["deadline_state"], frame["open"].tolist()))


def test_open_by_deadline_on_the_period_end(fixture_db: Path) -> None:
    # As of 14/12/2025 TTR-03 (due 05/01/2026) is 14 working days away: still "Còn hạn".
    assert deadline_counts(fixture_db, YEAR) == {"qua_han": 1, "den_han": 0, "con_han": 1, "chua_xac_dinh": 0}


def test_open_by_deadline_counts_working_days_with_the_holidays(fixture_db: Path) -> None:
    # As of 19/12/2025 TTR-03 is 9 working days away because 01/01 and 02/01/2026 are holidays
    # (it would be 11 without them, i.e. "Còn hạn").
    assert deadline_counts(fixture_db, Filters(2026, today=date(2025, 12, 19))) == {
        "qua_han": 1, "den_han": 1, "con_han": 0, "chua_xac_dinh": 0}
    assert deadline_counts(fixture_db, Filters(2026, today=date(2025, 12, 16))) == {
        "qua_han": 1, "den_han": 0, "con_han": 1, "chua_xac_dinh": 0}
    assert deadline_counts(fixture_db, Filters(2026, today=TODAY)) == {
        "qua_han": 1, "den_han": 1, "con_han": 0, "chua_xac_dinh": 0}


def test_due_soon_horizon_is_the_tenth_working_day() -> None:
    assert q.due_soon_horizon(date(2025, 12, 19)) == date(2026, 1, 6)  # 01–04/01 off
    assert q.due_soon_horizon(date(2025, 12, 31)) == date(2026, 1, 15)  # Saturday 10/01/2026 is a make-up day
    assert q.due_soon_horizon(date(2025, 12, 14)) == date(2025, 12, 28)  # the 11th working day is Mon 29/12


def test_results_of_cases_resolved_in_the_period(fixture_db: Path) -> None:
    assert records(q.petition_results(fixture_db, YEAR)) == [
        {"result": "dung", "result_label": "Đúng", "cases": 1},
        {"result": "sai", "result_label": "Sai", "cases": 1},
        {"result": "dung_mot_phan", "result_label": "Đúng một phần", "cases": 1},
        {"result": "da_tra_loi", "result_label": "Đã trả lời", "cases": 1},
        {"result": "khong_ghi", "result_label": "Không ghi kết quả", "cases": 1},  # TTR-02, transferred
    ]


CASE_COLUMNS = ["unit_code", "unit_name", "petition_ref", "kind", "kind_label", "field", "received_date",
                "accepted_date", "due_date", "resolved_date", "status", "status_label", "result", "result_label",
                "resolution_days", "on_time", "on_time_label", "overdue", "due_basis"]


def test_case_table_of_the_year(fixture_db: Path) -> None:
    frame = q.petition_cases(fixture_db, YEAR)
    assert list(frame.columns) == CASE_COLUMNS
    shown = ["unit_name", "petition_ref", "kind_label", "field", "received_date", "accepted_date", "due_date",
             "resolved_date", "status_label", "result_label", "resolution_days", "on_time_label"]
    assert [tuple(r.values()) for r in records(frame[shown])] == [
        ("Văn phòng Sở", "VP-01", "Khiếu nại", "Đất đai - giải phóng mặt bằng", date(2025, 1, 6), date(2025, 1, 10),
         date(2025, 2, 10), date(2025, 2, 5), "Đã giải quyết", "Đúng", 26, "Có"),
        ("Văn phòng Sở", "VP-02", "Kiến nghị", "Vận tải, phương tiện, người lái", date(2025, 1, 20), None,
         date(2025, 2, 10), date(2025, 3, 20), "Đã giải quyết", "Đã trả lời", 59, "Không"),
        ("Văn phòng Sở", "VP-03", "Tố cáo", "Cán bộ, công chức", date(2025, 3, 3), date(2025, 3, 5),
         date(2025, 5, 5), date(2025, 4, 20), "Đã giải quyết", "Đúng một phần", 46, "Có"),
        ("Thanh tra Sở", "TTR-01", "Khiếu nại", "Đầu tư xây dựng", date(2025, 6, 2), date(2025, 6, 5),
         date(2025, 7, 21), date(2025, 8, 25), "Đã giải quyết", "Sai", 81, "Không"),
        ("Văn phòng Sở", "VP-04", "Phản ánh", "Trật tự an toàn giao thông", date(2025, 6, 2), None,
         date(2025, 6, 16), None, "Chưa xử lý", None, None, "Quá hạn"),
        ("Thanh tra Sở", "TTR-02", "Tố cáo", None, date(2025, 7, 10), None,
         date(2025, 7, 17), date(2025, 7, 14), "Đã chuyển đơn", None, 4, "Có"),
        ("Thanh tra Sở", "TTR-03", "Khiếu nại", None, date(2025, 12, 1), date(2025, 12, 3),
         date(2026, 1, 5), None, "Đang giải quyết", None, None, ""),
    ]
    assert frame["overdue"].tolist() == [False, False, False, False, True, False, False]
    basis = dict(zip(frame["petition_ref"], frame["due_basis"]))
    assert basis["VP-03"] == ("Luật Tố cáo 2018, Điều 30; cộng 30 ngày gia hạn theo quyết định gia hạn "
                              "(Luật Tố cáo 2018, Điều 30)")
    assert basis["TTR-02"] == "Luật Tố cáo 2018, Điều 24"


def refs(frame: pd.DataFrame) -> list[str]:
    return frame["petition_ref"].tolist()


def test_case_table_filters(fixture_db: Path) -> None:
    assert refs(q.petition_cases(fixture_db, YEAR, kinds=("to_cao",))) == ["VP-03", "TTR-02"]
    assert refs(q.petition_cases(fixture_db, YEAR, kinds=("khieu_nai", "phan_anh"))) == [
        "VP-01", "TTR-01", "VP-04", "TTR-03"]
    assert refs(q.petition_cases(fixture_db, YEAR, statuses=("chua_xu_ly", "dang_giai_quyet"))) == ["VP-04", "TTR-03"]
    assert refs(q.petition_cases(fixture_db, YEAR, overdue_only=True)) == ["VP-04"]
    assert refs(q.petition_cases(fixture_db, YEAR, kinds=("khieu_nai",), overdue_only=True)) == []
    assert refs(q.petition_cases(fixture_db, Filters(2025, units=("TTR",), today=TODAY))) == [
        "TTR-01", "TTR-02", "TTR-03"]


def test_case_table_open_cases_by_deadline_and_age_are_the_bars_cases(fixture_db: Path) -> None:
    """"Tình trạng" (``pending``): where a click on a bar of the open cases leads, case for case."""
    assert refs(q.petition_cases(fixture_db, YEAR, pending="open")) == ["VP-04", "TTR-03"]
    assert refs(q.petition_cases(fixture_db, YEAR, pending="qua_han")) == ["VP-04"]
    assert refs(q.petition_cases(fixture_db, YEAR, pending="con_han")) == ["TTR-03"]
    assert refs(q.petition_cases(fixture_db, YEAR, pending="0-15")) == ["TTR-03"]  # 13 days on 14/12
    assert refs(q.petition_cases(fixture_db, YEAR, pending="90+")) == ["VP-04"]  # 195 days
    assert refs(q.petition_cases(fixture_db, YEAR, kinds=("to_cao",), pending="open")) == []
    # Q1 as of 14/03/2025: VP-02 and VP-03 were open then, though resolved since
    q1 = Filters(2025, "2025-Q1", today=TODAY)
    assert refs(q.petition_cases(fixture_db, q1, pending="open")) == ["VP-02", "VP-03"]
    assert refs(q.petition_cases(fixture_db, q1, pending="31-60")) == ["VP-02"]
    # 19/12/2025: TTR-03 due within 10 working days (holidays counted)
    assert refs(q.petition_cases(fixture_db, Filters(2026, today=date(2025, 12, 19)), pending="den_han")) == ["TTR-03"]
    for f in (YEAR, q1, Filters(2026, today=date(2025, 12, 19)), Filters(2026, today=TODAY)):
        bars = dict(zip(q.open_by_deadline(fixture_db, f)["deadline_state"], q.open_by_deadline(fixture_db, f)["open"]))
        bars |= dict(zip(q.open_by_age(fixture_db, f)["age_band"], q.open_by_age(fixture_db, f)["open"]))
        assert {code: q.petition_case_page(fixture_db, f, pending=code).total for code in bars} == bars
    assert list(q.pending_labels(YEAR).values()) == [
        "Tất cả đơn", "Chưa giải quyết tại 14/12/2025", "Chưa giải quyết · quá hạn",
        "Chưa giải quyết · đến hạn trong 10 ngày làm việc", "Chưa giải quyết · còn hạn",
        "Chưa giải quyết · chưa xác định hạn", "Chưa giải quyết · 0–15 ngày từ ngày nhận",
        "Chưa giải quyết · 16–30 ngày từ ngày nhận", "Chưa giải quyết · 31–60 ngày từ ngày nhận",
        "Chưa giải quyết · 61–90 ngày từ ngày nhận", "Chưa giải quyết · trên 90 ngày từ ngày nhận"]
    with pytest.raises(ValueError, match="unknown pending filter 'x'"):
        q.petition_cases(fixture_db, YEAR, pending="x")


def test_case_table_of_a_quarter_judges_overdue_on_its_end(fixture_db: Path) -> None:
    q1 = Filters(2025, "2025-Q1", today=TODAY)
    assert refs(q.petition_cases(fixture_db, q1)) == ["VP-01", "VP-02", "VP-03"]
    assert refs(q.petition_cases(fixture_db, q1, overdue_only=True)) == ["VP-02"]  # due 10/02, open on 14/03
    q3 = Filters(2025, "2025-Q3", today=TODAY)
    assert refs(q.petition_cases(fixture_db, q3)) == ["TTR-01", "VP-04", "TTR-02"]


def test_resolution_stats_summarise_the_resolved_cases_in_duckdb(fixture_db: Path) -> None:
    # Khiếu nại 26 and 81 days, Tố cáo 4 and 46, Kiến nghị 59: quartiles interpolate linearly.
    assert records(q.resolution_stats(fixture_db, YEAR)) == [
        {"kind": "khieu_nai", "kind_label": "Khiếu nại", "cases": 2, "min_days": 26.0, "q1": 39.75, "median": 53.5,
         "q3": 67.25, "max_days": 81.0, "mean_days": 53.5, "lower_fence": 26.0, "upper_fence": 81.0,
         "on_time": 1, "late": 1},
        {"kind": "to_cao", "kind_label": "Tố cáo", "cases": 2, "min_days": 4.0, "q1": 14.5, "median": 25.0,
         "q3": 35.5, "max_days": 46.0, "mean_days": 25.0, "lower_fence": 4.0, "upper_fence": 46.0,
         "on_time": 2, "late": 0},
        {"kind": "kien_nghi", "kind_label": "Kiến nghị", "cases": 1, "min_days": 59.0, "q1": 59.0, "median": 59.0,
         "q3": 59.0, "max_days": 59.0, "mean_days": 59.0, "lower_fence": 59.0, "upper_fence": 59.0,
         "on_time": 0, "late": 1},
    ]
    assert q.resolution_stats(fixture_db, Filters(2025, "2025-Q1", today=TODAY))["cases"].sum() == len(
        q.resolution_times(fixture_db, Filters(2025, "2025-Q1", today=TODAY)))


def test_case_page_slices_and_counts_in_duckdb(fixture_db: Path) -> None:
    every = refs(q.petition_cases(fixture_db, YEAR))
    first = q.petition_case_page(fixture_db, YEAR, limit=3)
    assert (refs(first.rows), first.total, first.offset) == (every[:3], 7, 0)
    second = q.petition_case_page(fixture_db, YEAR, offset=3, limit=3)
    assert (refs(second.rows), second.total, second.offset) == (every[3:6], 7, 3)
    assert list(second.rows.columns) == list(q.petition_cases(fixture_db, YEAR).columns)
    past_the_end = q.petition_case_page(fixture_db, YEAR, offset=30, limit=3)  # clamped to the last page
    assert (refs(past_the_end.rows), past_the_end.offset) == (every[6:], 6)
    overdue = q.petition_case_page(fixture_db, YEAR, overdue_only=True, limit=3)
    assert (refs(overdue.rows), overdue.total) == (["VP-04"], 1)
    nothing = q.petition_case_page(fixture_db, YEAR, kinds=("khieu_nai",), overdue_only=True)
    assert (nothing.empty, nothing.total, len(nothing.rows)) == (True, 0, 0)


def test_the_whole_case_list_is_ordered_before_it_is_cut_into_pages(fixture_db: Path) -> None:
    assert {key: refs(q.petition_cases(fixture_db, YEAR, order=key)) for key in q.CASE_ORDERS} == {
        "received": ["VP-01", "VP-02", "VP-03", "TTR-01", "VP-04", "TTR-02", "TTR-03"],
        # 02/06 twice: unit, then reference, break every tie
        "received_desc": ["TTR-03", "TTR-02", "TTR-01", "VP-04", "VP-03", "VP-02", "VP-01"],
        "due": ["VP-01", "VP-02", "VP-03", "VP-04", "TTR-02", "TTR-01", "TTR-03"],
        # 81, 59, 46, 26 and 4 days; the two open cases (no days yet) last
        "days_desc": ["TTR-01", "VP-02", "VP-03", "VP-01", "TTR-02", "TTR-03", "VP-04"],
        # Văn phòng, then Thanh tra: the catalogue's order, as the unit filter lists them
        "unit": ["VP-01", "VP-02", "VP-03", "VP-04", "TTR-01", "TTR-02", "TTR-03"],
    }
    pages = [q.petition_case_page(fixture_db, YEAR, order="days_desc", offset=o, limit=3) for o in (0, 3, 6)]
    assert [refs(p.rows) for p in pages] == [["TTR-01", "VP-02", "VP-03"], ["VP-01", "TTR-02", "TTR-03"], ["VP-04"]]
    assert {p.total for p in pages} == {7}
    assert list(q.case_order_labels().values()) == [
        "Ngày nhận, cũ trước", "Ngày nhận, mới trước", "Hạn giải quyết, sớm trước",
        "Số ngày giải quyết, lâu nhất trước", "Đơn vị, số hiệu đơn"]
    with pytest.raises(ValueError, match="unknown case order 'petition_ref; DROP'"):
        q.petition_cases(fixture_db, YEAR, order="petition_ref; DROP")


def test_thu_ly_is_judged_against_its_working_day_limit_from_receipt(tmp_path: Path) -> None:
    """Khiếu nại within 10 working days of receipt, tố cáo within 7 (Tết 2025 off: 27/01–31/01), as of
    the period's end; a thụ lý after it had not happened then. Kiến nghị, cases not within competence
    and cases received outside the period are not counted."""
    from etl.load import load_bytes
    from tests.workbooks import build_return, petition

    cases = [
        petition("KN-A", "20/01/2025", "Khiếu nại", "Đang giải quyết", **{"Ngày thụ lý": "07/02/2025"}),  # due 10/02
        petition("KN-B", "06/01/2025", "Khiếu nại", "Đang giải quyết", **{"Ngày thụ lý": "21/01/2025"}),  # due 20/01
        petition("KN-I", "05/03/2025", "Khiếu nại", "Đang giải quyết", **{"Ngày thụ lý": "20/03/2025"}),  # due 19/03
        petition("KN-C", "10/11/2025", "Khiếu nại", "Đang giải quyết"),  # due 24/11: overdue on 14/12
        petition("KN-D", "05/12/2025", "Khiếu nại", "Đang giải quyết"),  # due 19/12: within on 14/12
        petition("KN-H", "10/12/2024", "Khiếu nại", "Đang giải quyết"),  # before the window (15/12/2024)
        petition("TC-E", "03/03/2025", "Tố cáo", "Đang giải quyết", **{"Ngày thụ lý": "13/03/2025"}),  # due 12/03
        petition("TC-F", "10/03/2025", "Tố cáo", "Đình chỉ", **{"Ngày giải quyết": "20/03/2025"}),  # due 19/03
        petition("TC-G", "10/03/2025", "Tố cáo", "Đang giải quyết", **{"Thuộc thẩm quyền": "Không"}),
        petition("KNG-1", "10/03/2025", "Kiến nghị", "Đang giải quyết"),
    ]
    db = tmp_path / "t.duckdb"
    outcome = load_bytes(db, build_return("VP", "Năm 2025", petitions=cases), "VP.xlsx", "vanphong", today=TODAY)
    assert outcome.status == "loaded", [f.line("VP.xlsx") for f in outcome.parsed.errors]

    def counts(f: Filters) -> dict[tuple[str, str], int]:
        frame = q.acceptance_on_time(db, f)
        assert list(frame["state"].drop_duplicates()) == [code for code, _ in q.ACCEPTANCE_STATES]
        assert dict(zip(frame["kind_label"], frame["limit"])) == {"Khiếu nại": "10 ngày làm việc",
                                                                  "Tố cáo": "7 ngày làm việc"}
        return {(k, s): int(n) for k, s, n in zip(frame["kind"], frame["state"], frame["cases"]) if n}

    assert counts(YEAR) == {("khieu_nai", "dung_han"): 1, ("khieu_nai", "qua_han"): 2,
                            ("khieu_nai", "chua_qua_han"): 1, ("khieu_nai", "chua_con_han"): 1,
                            ("to_cao", "qua_han"): 1, ("to_cao", "khong_ghi"): 1}
    # Quý I, as of 14/03: KN-I (thụ lý 20/03) and TC-F (closed 20/03) were still within their limits
    assert counts(Filters(2025, "2025-Q1", today=TODAY)) == {
        ("khieu_nai", "dung_han"): 1, ("khieu_nai", "qua_han"): 1, ("khieu_nai", "chua_con_han"): 1,
        ("to_cao", "qua_han"): 1, ("to_cao", "chua_con_han"): 1}
    # a unit without such cases: every state, no case (no limit to work out)
    assert counts(Filters(2025, units=("KHTC",), today=TODAY)) == {}
