import shutil
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

from dashboard.filters import Filters
from dashboard.queries import reporting as q
from etl.db import writing
from etl.errors import DvcqError
from etl.load import load_bytes
from etl.periods import period_from_code
from tests.fixtures import FIXTURE_TODAY
from tests.workbooks import build_return

YEAR = Filters(2025, today=FIXTURE_TODAY)
Q1 = Filters(2025, "2025-Q1", today=FIXTURE_TODAY)
TTR = Filters(2025, units=("TTR",), today=FIXTURE_TODAY)
ALL_2025 = ["2025-Q1", "2025-Q2", "2025-H1", "2025-Q3", "2025-9M", "2025-Q4", "2025"]
EXPECTED_UNITS = ["BQLDA", "BTDB", "DK", "KCHT", "KHTC", "QLXD", "TTR", "VP", "VTPT"]  # CLCT merged into QLXD


@pytest.fixture
def own_db(fixture_db: Path, tmp_path: Path) -> Path:
    """A private copy of the fixture database that a test may change."""
    copy = tmp_path / "copy.duckdb"
    shutil.copy(fixture_db, copy)
    return copy


def set_uploaded_at(db: Path, file_name: str, at: datetime) -> None:
    with writing(db) as con:
        con.execute("UPDATE submissions SET uploaded_at = ? WHERE file_name = ?", [at, file_name])


def test_due_date_is_period_end_plus_configured_days():
    assert [q.due_date(period_from_code(c)) for c in ["2025-03", "2025-Q1", "2025-H1", "2025-9M", "2025"]] == [
        date(2025, 3, 19), date(2025, 3, 21), date(2025, 6, 21), date(2025, 9, 21), date(2025, 12, 24)]
    # Quý IV ends with the year (14/12): one return at that cut-off, due on the annual return's day
    # (14/12 + 10), not the quarter's (14/12 + 7); Quý II and III end with 6 and 9 months, same day.
    assert [q.due_date(period_from_code(c)) for c in ["2025-Q2", "2025-Q3", "2025-Q4"]] == [
        date(2025, 6, 21), date(2025, 9, 21), date(2025, 12, 24)]


def test_due_date_follows_the_setting(monkeypatch):
    monkeypatch.setenv("DVCQ_REPORT_DUE_DAYS", "quarter=3,half=3,nine_months=3,year=3")
    assert q.due_date(period_from_code("2025-Q1")) == date(2025, 3, 17)
    with pytest.raises(DvcqError) as error:
        q.due_date(period_from_code("2025-03"))
    assert error.value.message == (
        "Chưa cấu hình hạn nộp báo cáo cho loại kỳ 'month'. Hãy bổ sung vào biến môi trường DVCQ_REPORT_DUE_DAYS "
        "(ví dụ: month=5,quarter=7,half=7,nine_months=7,year=10).")


def test_due_rule_text():
    assert q.due_rule_text() == ("Hạn nộp = ngày cuối kỳ số liệu + 5 ngày (tháng), 7 ngày (quý), 7 ngày (6 tháng), "
                                 "7 ngày (9 tháng), 10 ngày (năm); quý có cùng ngày chốt số liệu với báo cáo 6 tháng, "
                                 "9 tháng hoặc năm lấy hạn muộn hơn của hai báo cáo.")


def test_expected_periods_end_by_today_and_selected_period(fixture_db):
    assert [p.code for p in q.expected_periods(fixture_db, YEAR)] == ALL_2025
    assert [p.code for p in q.expected_periods(fixture_db, Filters(2025, today=date(2025, 7, 1)))] == [
        "2025-Q1", "2025-Q2", "2025-H1"]
    assert [p.code for p in q.expected_periods(fixture_db, Q1)] == ["2025-Q1"]
    assert q.expected_periods(fixture_db, Filters(2025, today=date(2025, 3, 13))) == []


def test_months_are_expected_only_once_a_unit_reports_monthly(own_db):
    outcome = load_bytes(own_db, build_return("DK", "Tháng 4/2025"), "DK_2025-04.xlsx", "vanphong", today=FIXTURE_TODAY)
    assert outcome.status == "loaded"
    f = Filters(2025, today=date(2025, 5, 1))
    assert [p.code for p in q.expected_periods(own_db, f)] == ["2025-01", "2025-02", "2025-03", "2025-Q1", "2025-04"]
    grid = q.submission_grid(own_db, f)
    # Months are owed by the unit that reports monthly, not by the others (they showed 'Chưa nộp' for
    # every month: one unit's voluntary monthly return turned the department's reporting red).
    january = grid.loc[grid["period_code"] == "2025-01"]
    assert january.loc[january["expected"], "unit_code"].tolist() == ["DK"]
    assert january[["unit_code", "status"]].fillna("").to_dict("records") == [
        {"unit_code": u, "status": "Chưa nộp" if u == "DK" else ""}
        for u in ["VP", "TTR", "KHTC", "KCHT", "VTPT", "CLCT", "QLXD", "DK", "BQLDA", "BTDB"]]
    # the department's period is the last one every unit owes, Quý I, not DK's April
    assert q.focal_period(own_db, f).code == "2025-Q1"
    assert q.returns_summary(own_db, f)[["period_code", "expected"]].to_dict("records") == [
        {"period_code": "2025-Q1", "expected": 9}]
    assert grid.loc[grid["unit_code"] == "DK", ["period_code", "status"]].to_dict("records") == [
        {"period_code": "2025-01", "status": "Chưa nộp"},
        {"period_code": "2025-02", "status": "Chưa nộp"},
        {"period_code": "2025-03", "status": "Chưa nộp"},
        {"period_code": "2025-Q1", "status": "Chưa nộp"},
        {"period_code": "2025-04", "status": "Nộp muộn"},  # uploaded today (wall clock), long after 19/04/2025
    ]


def test_submission_grid_year(fixture_db):
    grid = q.submission_grid(fixture_db, YEAR)
    assert list(grid.columns) == ["unit_code", "unit_name", "period_code", "period_label", "period_kind", "period_end",
                                  "due_date", "expected", "status_code", "status", "first_uploaded_at",
                                  "counted_period_code", "file_name", "n_superseded"]
    assert len(grid) == 10 * 7
    statuses = {(r.unit_code, r.period_code): r.status for r in grid.itertuples()}
    # The fixture's files were uploaded when the tests ran, long after every 2025 deadline: all late.
    # Quý II is covered by VP's 6-month return and Quý IV by TTR's annual one (same cut-off day).
    submitted = {("VP", "2025-Q1"), ("VP", "2025-H1"), ("VP", "2025-Q2"), ("KHTC", "2025-Q1"), ("TTR", "2025"),
                 ("TTR", "2025-Q4")}
    for unit in EXPECTED_UNITS:
        for period in ALL_2025:
            assert statuses[(unit, period)] == ("Nộp muộn" if (unit, period) in submitted else "Chưa nộp")
    assert [statuses[("CLCT", p)] for p in ALL_2025] == ["Đã thay thế"] * 7
    khtc = grid[(grid["unit_code"] == "KHTC") & (grid["period_code"] == "2025-Q1")]
    assert khtc[["period_label", "due_date", "expected", "status_code", "file_name", "n_superseded"]].to_dict(
        "records") == [{"period_label": "Quý I/2025", "due_date": pd.Timestamp("2025-03-21"), "expected": True,
                        "status_code": "nop_muon", "file_name": "KHTC_2025-Q1_bosung.xlsx", "n_superseded": 1}]


def test_quarter_iv_counted_by_the_annual_return_is_judged_by_the_annual_returns_day(own_db):
    """TTR sent one return at the year's cut-off, on 23/12: on time for Năm 2025 (due 24/12), and so for
    Quý IV, which it counts for (it showed 'Nộp muộn' against the quarter's 21/12: one file on time
    and late at once, and Tổng quan's Quý IV on-time count disagreed with the year's)."""
    f = Filters(2025, "2025", units=("TTR",), today=FIXTURE_TODAY)

    def q4_and_year() -> list[dict]:
        grid = q.submission_grid(own_db, f)
        return grid.loc[grid["period_code"].isin(["2025-Q4", "2025"]),
                        ["period_code", "due_date", "status", "counted_period_code"]].to_dict("records")

    set_uploaded_at(own_db, "TTR_2025.xlsx", datetime(2025, 12, 23, 16, 0))
    assert q4_and_year() == [
        {"period_code": "2025-Q4", "due_date": pd.Timestamp("2025-12-24"), "status": "Đúng hạn",
         "counted_period_code": "2025"},
        {"period_code": "2025", "due_date": pd.Timestamp("2025-12-24"), "status": "Đúng hạn",
         "counted_period_code": "2025"}]
    rates = q.reporting_rates(own_db, f).set_index("period_code")
    assert rates.loc[["2025-Q4", "2025"], ["on_time", "late"]].to_dict("records") == [
        {"on_time": 1, "late": 0}, {"on_time": 1, "late": 0}]
    set_uploaded_at(own_db, "TTR_2025.xlsx", datetime(2025, 12, 25, 8, 0))  # after both days
    assert [r["status"] for r in q4_and_year()] == ["Nộp muộn", "Nộp muộn"]


def test_on_time_is_judged_on_the_first_upload(own_db):
    set_uploaded_at(own_db, "KHTC_2025-Q1.xlsx", datetime(2025, 3, 18, 9, 0))  # on time, later superseded
    set_uploaded_at(own_db, "KHTC_2025-Q1_bosung.xlsx", datetime(2025, 3, 25, 9, 0))
    set_uploaded_at(own_db, "VP_2025-Q1.xlsx", datetime(2025, 3, 21, 16, 30))  # the due day itself
    set_uploaded_at(own_db, "VP_2025-H1.xlsx", datetime(2025, 6, 22, 8, 0))  # one day late
    grid = q.submission_grid(own_db, Filters(2025, "2025-H1", today=FIXTURE_TODAY))
    # the return that counted: Quý II has no file of its own, the 6-month return covers it
    assert grid.loc[grid["unit_code"] == "VP", "counted_period_code"].tolist() == ["2025-Q1", "2025-H1", "2025-H1"]
    assert grid.loc[grid["unit_code"].isin(["KHTC", "VP"]),
                    ["unit_code", "period_code", "status", "first_uploaded_at"]].to_dict("records") == [
        {"unit_code": "VP", "period_code": "2025-Q1", "status": "Đúng hạn",
         "first_uploaded_at": pd.Timestamp("2025-03-21 16:30")},
        {"unit_code": "VP", "period_code": "2025-Q2", "status": "Nộp muộn",  # covered by the 6-month return
         "first_uploaded_at": pd.Timestamp("2025-06-22 08:00")},
        {"unit_code": "VP", "period_code": "2025-H1", "status": "Nộp muộn",
         "first_uploaded_at": pd.Timestamp("2025-06-22 08:00")},
        {"unit_code": "KHTC", "period_code": "2025-Q1", "status": "Đúng hạn",
         "first_uploaded_at": pd.Timestamp("2025-03-18 09:00")},
        {"unit_code": "KHTC", "period_code": "2025-Q2", "status": "Chưa nộp", "first_uploaded_at": pd.NaT},
        {"unit_code": "KHTC", "period_code": "2025-H1", "status": "Chưa nộp", "first_uploaded_at": pd.NaT},
    ]
    rates = q.reporting_rates(own_db, Filters(2025, "2025-H1", today=FIXTURE_TODAY))
    assert rates[["period_code", "expected", "submitted", "on_time", "late", "missing", "reporting_rate_text",
                  "on_time_rate_text"]].to_dict("records") == [
        {"period_code": "2025-Q1", "expected": 9, "submitted": 2, "on_time": 2, "late": 0, "missing": 7,
         "reporting_rate_text": "22,2%", "on_time_rate_text": "22,2%"},
        {"period_code": "2025-Q2", "expected": 9, "submitted": 1, "on_time": 0, "late": 1, "missing": 8,
         "reporting_rate_text": "11,1%", "on_time_rate_text": "0,0%"},
        {"period_code": "2025-H1", "expected": 9, "submitted": 1, "on_time": 0, "late": 1, "missing": 8,
         "reporting_rate_text": "11,1%", "on_time_rate_text": "0,0%"},
    ]


def test_a_withdrawn_return_is_not_submitted(own_db):
    with writing(own_db) as con:
        con.execute("UPDATE submissions SET status = 'withdrawn' WHERE file_name = 'TTR_2025.xlsx'")
    assert q.returns_summary(own_db, YEAR)[["expected", "submitted"]].to_dict("records") == [
        {"expected": 9, "submitted": 0}]


def test_missing_before_the_due_day_is_not_yet_due(fixture_db):
    grid = q.submission_grid(fixture_db, Filters(2025, today=date(2025, 3, 18)))
    assert sorted(set(grid["status"])) == ["Chưa đến hạn", "Nộp muộn", "Đã thay thế"]
    rates = q.reporting_rates(fixture_db, Filters(2025, today=date(2025, 3, 18)))
    assert rates[["period_code", "expected", "submitted", "missing", "not_due"]].to_dict("records") == [
        {"period_code": "2025-Q1", "expected": 9, "submitted": 2, "missing": 0, "not_due": 7}]


def test_reporting_rates_year(fixture_db):
    expected = pd.DataFrame({
        "period_code": ALL_2025,
        "period_label": ["Quý I/2025", "Quý II/2025", "6 tháng đầu năm 2025", "Quý III/2025", "9 tháng năm 2025",
                         "Quý IV/2025", "Năm 2025"],
        "period_kind": ["quarter", "quarter", "half", "quarter", "nine_months", "quarter", "year"],
        "period_end": pd.to_datetime(["2025-03-14", "2025-06-14", "2025-06-14", "2025-09-14", "2025-09-14",
                                      "2025-12-14", "2025-12-14"]),
        "due_date": pd.to_datetime(["2025-03-21", "2025-06-21", "2025-06-21", "2025-09-21", "2025-09-21",
                                    "2025-12-24", "2025-12-24"]),  # Quý IV: the annual return's day
        "expected": [9] * 7,
        "submitted": [2, 1, 1, 0, 0, 1, 1],
        "on_time": [0] * 7,
        "late": [2, 1, 1, 0, 0, 1, 1],
        "missing": [7, 8, 8, 9, 9, 8, 8],
        "not_due": [0] * 7,
        "reporting_rate": [2 / 9, 1 / 9, 1 / 9, 0, 0, 1 / 9, 1 / 9],
        "on_time_rate": [0.0] * 7,
        "reporting_rate_text": ["22,2%", "11,1%", "11,1%", "0,0%", "0,0%", "11,1%", "11,1%"],
        "on_time_rate_text": ["0,0%"] * 7,
    })
    pd.testing.assert_frame_equal(q.reporting_rates(fixture_db, YEAR), expected, check_dtype=False)


def test_returns_summary_follows_the_filters(fixture_db):
    def summary(f):
        return q.returns_summary(fixture_db, f)[["period_code", "period_label", "expected", "submitted",
                                                 "on_time"]].to_dict("records")

    assert summary(YEAR) == [{"period_code": "2025", "period_label": "Năm 2025", "expected": 9, "submitted": 1,
                              "on_time": 0}]
    assert summary(Q1) == [{"period_code": "2025-Q1", "period_label": "Quý I/2025", "expected": 9, "submitted": 2,
                            "on_time": 0}]
    assert summary(TTR) == [{"period_code": "2025", "period_label": "Năm 2025", "expected": 1, "submitted": 1,
                             "on_time": 0}]
    # Selecting today's QLXD also covers CLCT, merged into it; QLXD is the one expected to report.
    assert summary(Filters(2025, "2025-Q1", units=("QLXD",), today=FIXTURE_TODAY)) == [
        {"period_code": "2025-Q1", "period_label": "Quý I/2025", "expected": 1, "submitted": 0, "on_time": 0}]
    assert q.returns_summary(fixture_db, Filters(2025, today=date(2025, 3, 1))).empty


def test_late_or_missing(fixture_db):
    frame = q.late_or_missing(fixture_db, Q1)
    assert frame[["unit_code", "period_label", "status", "due_date"]].to_dict("records") == [
        {"unit_code": u, "period_label": "Quý I/2025", "status": "Chưa nộp", "due_date": pd.Timestamp("2025-03-21")}
        for u in ["TTR", "KCHT", "VTPT", "QLXD", "DK", "BQLDA", "BTDB"]
    ] + [
        {"unit_code": u, "period_label": "Quý I/2025", "status": "Nộp muộn", "due_date": pd.Timestamp("2025-03-21")}
        for u in ["VP", "KHTC"]
    ]
    assert q.late_or_missing(fixture_db, TTR)[["unit_code", "status"]].to_dict("records") == [
        {"unit_code": "TTR", "status": "Nộp muộn"}]
