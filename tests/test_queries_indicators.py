import shutil
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard.filters import Filters
from dashboard.queries import indicators as q
from etl.db import writing
from tests.fixtures import FIXTURE_TODAY

YEAR = Filters(2025, today=FIXTURE_TODAY)
Q1 = Filters(2025, "2025-Q1", today=FIXTURE_TODAY)
H1 = Filters(2025, "2025-H1", today=FIXTURE_TODAY)
TTR = Filters(2025, units=("TTR",), today=FIXTURE_TODAY)
CODES = ["CT01", "CT02", "CT03", "CT04", "CT05", "CT06", "CT07"]
NA = np.nan
NO = "Chưa có số liệu"

DEPARTMENT = ["indicator_code", "units_with_data", "units_attained", "numerator", "denominator", "models", "exemplars",
              "value_pct", "target_pct", "attained", "status", "result"]


def department(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=DEPARTMENT)


def test_status_label():
    assert [q.status_label(v) for v in [True, False, None, pd.NA, np.True_, np.nan]] == [
        "Đạt", "Chưa đạt", "Chưa có số liệu", "Chưa có số liệu", "Đạt", "Chưa có số liệu"]


def test_department_attainment_year(fixture_db):
    # Latest 2025 period per unit: VP 2025-H1, TTR 2025, KHTC 2025-Q1 (the replacing file: CT07 20/20).
    frame = q.department_attainment(fixture_db, YEAR)
    assert list(frame.columns) == ["indicator_code", "short_name", "name", "kind", "aggregate", "target",
                                   "measure_unit", "units_with_data", "units_attained", "units_expected",
                                   "numerator", "denominator",
                                   "models", "exemplars", "value_pct", "target_pct", "attained", "status", "result"]
    expected = department([
        # "100% đơn vị": 3 of the 9 units that report have values; all 3 attain, but 6 are not known yet
        ("CT01", 3, 3, NA, NA, NA, NA, 100 / 3, 100.0, None, "Chưa có số liệu",
         "3/9 đơn vị đạt (6 đơn vị chưa có số liệu)"),
        ("CT02", 3, 2, NA, NA, NA, NA, 200 / 9, 100.0, False, "Chưa đạt",  # KHTC: Không, missed whatever the rest
         "2/9 đơn vị đạt (6 đơn vị chưa có số liệu)"),
        ("CT03", 0, 0, NA, NA, 1, 1, 100.0, 100.0, True, "Đạt", "1 mô hình, 1 điển hình (chỉ tiêu ≥ 1)"),
        ("CT04", 3, 2, 19.0, 21.0, NA, NA, 100 * (8 + 6 + 5) / (10 + 6 + 5), 100.0, False, "Chưa đạt",
         "90,5% (chỉ tiêu 100%)"),
        ("CT05", 1, 0, 4.0, 5.0, NA, NA, 80.0, 100.0, False, "Chưa đạt", "80,0% (chỉ tiêu 100%)"),
        ("CT06", 3, 2, NA, NA, NA, NA, 200 / 9, 100.0, False, "Chưa đạt",  # TTR: Khá
         "2/9 đơn vị đạt (6 đơn vị chưa có số liệu)"),
        ("CT07", 3, 3, 52.0, 52.0, NA, NA, 100.0, 100.0, True, "Đạt", "100,0% (chỉ tiêu 100%)"),  # not 47/52
    ])
    frame = frame[DEPARTMENT]
    frame["attained"] = frame["attained"].astype(object).where(frame["attained"].notna(), None)
    pd.testing.assert_frame_equal(frame, expected, check_dtype=False)
    assert frame["indicator_code"].tolist() == CODES and set(q.department_attainment(fixture_db, YEAR)["units_expected"]) == {9}


def test_department_attainment_q1_uses_only_periods_ending_by_then(fixture_db):
    expected = department([
        ("CT01", 2, 2, NA, NA, NA, NA, 200 / 9, 100.0, None, "Chưa có số liệu",
         "2/9 đơn vị đạt (7 đơn vị chưa có số liệu)"),
        ("CT02", 2, 1, NA, NA, NA, NA, 100 / 9, 100.0, False, "Chưa đạt", "1/9 đơn vị đạt (7 đơn vị chưa có số liệu)"),
        ("CT03", 0, 0, NA, NA, 1, 0, 0.0, 100.0, False, "Chưa đạt", "1 mô hình, 0 điển hình (chỉ tiêu ≥ 1)"),
        ("CT04", 2, 2, 15.0, 15.0, NA, NA, 100.0, 100.0, True, "Đạt", "100,0% (chỉ tiêu 100%)"),
        ("CT05", 1, 0, 2.0, 3.0, NA, NA, 200 / 3, 100.0, False, "Chưa đạt", "66,7% (chỉ tiêu 100%)"),
        ("CT06", 2, 2, NA, NA, NA, NA, 200 / 9, 100.0, None, "Chưa có số liệu",
         "2/9 đơn vị đạt (7 đơn vị chưa có số liệu)"),
        ("CT07", 2, 2, 40.0, 40.0, NA, NA, 100.0, 100.0, True, "Đạt", "100,0% (chỉ tiêu 100%)"),
    ])
    frame = q.department_attainment(fixture_db, Q1)[DEPARTMENT]
    frame["attained"] = frame["attained"].astype(object).where(frame["attained"].notna(), None)
    pd.testing.assert_frame_equal(frame, expected, check_dtype=False)


def test_department_attainment_for_one_unit(fixture_db):
    expected = department([
        ("CT01", 1, 1, NA, NA, NA, NA, 100.0, 100.0, True, "Đạt", "1/1 đơn vị đạt"),
        ("CT02", 1, 1, NA, NA, NA, NA, 100.0, 100.0, True, "Đạt", "1/1 đơn vị đạt"),
        ("CT03", 0, 0, NA, NA, 0, 0, 0.0, 100.0, False, "Chưa đạt", "0 mô hình, 0 điển hình (chỉ tiêu ≥ 1)"),
        ("CT04", 1, 1, 6.0, 6.0, NA, NA, 100.0, 100.0, True, "Đạt", "100,0% (chỉ tiêu 100%)"),
        ("CT05", 0, 0, NA, NA, NA, NA, NA, 100.0, None, "Chưa có số liệu", "Chưa có số liệu"),
        ("CT06", 1, 0, NA, NA, NA, NA, 0.0, 100.0, False, "Chưa đạt", "0/1 đơn vị đạt"),
        ("CT07", 1, 1, 12.0, 12.0, NA, NA, 100.0, 100.0, True, "Đạt", "100,0% (chỉ tiêu 100%)"),
    ])
    frame = q.department_attainment(fixture_db, TTR)[DEPARTMENT]
    frame["attained"] = frame["attained"].astype(object).where(frame["attained"].notna(), None)
    pd.testing.assert_frame_equal(frame, expected, check_dtype=False)


def test_targets_met_and_not_met(fixture_db):
    assert q.targets_met(fixture_db, YEAR).to_dict("records") == [{"met": 2, "not_met": 4, "no_data": 1, "total": 7}]
    assert q.targets_met(fixture_db, Q1).to_dict("records") == [{"met": 2, "not_met": 3, "no_data": 2, "total": 7}]
    assert q.targets_met(fixture_db, TTR).to_dict("records") == [{"met": 4, "not_met": 2, "no_data": 1, "total": 7}]
    assert q.targets_not_met(fixture_db, YEAR).to_dict("records") == [
        {"indicator_code": "CT01", "short_name": "Quán triệt văn bản", "status": "Chưa có số liệu",
         "result": "3/9 đơn vị đạt (6 đơn vị chưa có số liệu)"},
        {"indicator_code": "CT02", "short_name": "Kế hoạch năm", "status": "Chưa đạt",
         "result": "2/9 đơn vị đạt (6 đơn vị chưa có số liệu)"},
        {"indicator_code": "CT04", "short_name": "Tập huấn Luật THDCCS", "status": "Chưa đạt",
         "result": "90,5% (chỉ tiêu 100%)"},
        {"indicator_code": "CT05", "short_name": "Tiếp công dân theo lịch", "status": "Chưa đạt",
         "result": "80,0% (chỉ tiêu 100%)"},
        {"indicator_code": "CT06", "short_name": "Xếp loại cuối năm", "status": "Chưa đạt",
         "result": "2/9 đơn vị đạt (6 đơn vị chưa có số liệu)"},
    ]


def test_department_trend_as_of_each_period_end(fixture_db):
    frame = q.department_trend(fixture_db, YEAR)
    assert list(frame.columns) == ["cutoff", "period_code", "period_label", "indicator_code", "short_name",
                                   "value_pct", "target_pct", "attained", "status", "result"]
    assert frame[["period_code", "period_label", "indicator_code", "status"]].to_dict("records") == [
        {"period_code": p, "period_label": label, "indicator_code": c, "status": s}
        for p, label, statuses in [
            # CT01, CT06: every unit with a value attains, but most of the 9 have none (TTR's Khá at the year)
            ("2025-Q1", "Quý I/2025", [NO, "Chưa đạt", "Chưa đạt", "Đạt", "Chưa đạt", NO, "Đạt"]),
            ("2025-H1", "6 tháng đầu năm 2025", [NO, "Chưa đạt", "Đạt", "Chưa đạt", "Chưa đạt", NO, "Đạt"]),
            ("2025", "Năm 2025", [NO, "Chưa đạt", "Đạt", "Chưa đạt", "Chưa đạt", "Chưa đạt", "Đạt"]),
        ]
        for c, s in zip(CODES, statuses)
    ]
    assert frame["cutoff"].tolist() == [pd.Timestamp(d) for d in ["2025-03-14"] * 7 + ["2025-06-14"] * 7
                                        + ["2025-12-14"] * 7]
    ct04 = frame[frame["indicator_code"] == "CT04"]["value_pct"].tolist()
    assert ct04 == pytest.approx([100.0, 100 * 13 / 15, 100 * 19 / 21])  # (10+5)/(10+5), (8+5)/(10+5), (8+6+5)/21
    assert q.department_trend(fixture_db, Q1)["period_code"].unique().tolist() == ["2025-Q1"]


UNIT = ["unit_code", "indicator_code", "period_code", "result", "status"]


def test_unit_attainment_uses_each_units_latest_period(fixture_db):
    frame = q.unit_attainment(fixture_db, YEAR)
    assert list(frame.columns) == ["unit_code", "unit_name", "indicator_code", "short_name", "period_code",
                                   "period_label", "target", "actual", "denominator", "result", "attained", "status"]
    # Nine current reporting units (CLCT is rolled into QLXD), in the catalogue's order, × six
    # indicators measured per unit (not CT03).
    assert frame["unit_code"].unique().tolist() == ["VP", "TTR", "KHTC", "KCHT", "VTPT", "QLXD", "DK", "BQLDA", "BTDB"]
    assert frame["indicator_code"].unique().tolist() == ["CT01", "CT02", "CT04", "CT05", "CT06", "CT07"]
    with_data = frame[frame["unit_code"].isin(["KHTC", "TTR", "VP"])]
    assert with_data[UNIT].fillna("").to_dict("records") == [
        {"unit_code": "VP", "indicator_code": "CT01", "period_code": "2025-H1", "result": "Có", "status": "Đạt"},
        {"unit_code": "VP", "indicator_code": "CT02", "period_code": "2025-H1", "result": "Có", "status": "Đạt"},
        {"unit_code": "VP", "indicator_code": "CT04", "period_code": "2025-H1", "result": "8/10 (80,0%)",
         "status": "Chưa đạt"},
        {"unit_code": "VP", "indicator_code": "CT05", "period_code": "2025-H1", "result": "4/5 (80,0%)",
         "status": "Chưa đạt"},
        {"unit_code": "VP", "indicator_code": "CT06", "period_code": "2025-H1", "result": "Tốt", "status": "Đạt"},
        {"unit_code": "VP", "indicator_code": "CT07", "period_code": "2025-H1", "result": "20/20 (100,0%)",
         "status": "Đạt"},
        {"unit_code": "TTR", "indicator_code": "CT01", "period_code": "2025", "result": "Có", "status": "Đạt"},
        {"unit_code": "TTR", "indicator_code": "CT02", "period_code": "2025", "result": "Có", "status": "Đạt"},
        {"unit_code": "TTR", "indicator_code": "CT04", "period_code": "2025", "result": "6/6 (100,0%)",
         "status": "Đạt"},
        {"unit_code": "TTR", "indicator_code": "CT05", "period_code": "", "result": "Chưa có số liệu",
         "status": "Chưa có số liệu"},
        {"unit_code": "TTR", "indicator_code": "CT06", "period_code": "2025", "result": "Khá", "status": "Chưa đạt"},
        {"unit_code": "TTR", "indicator_code": "CT07", "period_code": "2025", "result": "12/12 (100,0%)",
         "status": "Đạt"},
        {"unit_code": "KHTC", "indicator_code": "CT01", "period_code": "2025-Q1", "result": "Có", "status": "Đạt"},
        {"unit_code": "KHTC", "indicator_code": "CT02", "period_code": "2025-Q1", "result": "Không",
         "status": "Chưa đạt"},
        {"unit_code": "KHTC", "indicator_code": "CT04", "period_code": "2025-Q1", "result": "5/5 (100,0%)",
         "status": "Đạt"},
        {"unit_code": "KHTC", "indicator_code": "CT05", "period_code": "", "result": "Chưa có số liệu",
         "status": "Chưa có số liệu"},
        {"unit_code": "KHTC", "indicator_code": "CT06", "period_code": "2025-Q1", "result": "Tốt", "status": "Đạt"},
        {"unit_code": "KHTC", "indicator_code": "CT07", "period_code": "2025-Q1", "result": "20/20 (100,0%)",
         "status": "Đạt"},
    ]
    without = frame[~frame["unit_code"].isin(["KHTC", "TTR", "VP"])]
    assert set(without["status"]) == {"Chưa có số liệu"} and len(without) == 6 * 6


def test_unit_detail_includes_the_department_wide_indicator(fixture_db):
    frame = q.unit_attainment(fixture_db, Q1, "VP")
    assert frame[["indicator_code", "period_label", "result", "status"]].to_dict("records") == [
        {"indicator_code": "CT01", "period_label": "Quý I/2025", "result": "Có", "status": "Đạt"},
        {"indicator_code": "CT02", "period_label": "Quý I/2025", "result": "Có", "status": "Đạt"},
        {"indicator_code": "CT03", "period_label": "Quý I/2025", "result": "1 mô hình, 0 điển hình",
         "status": "Tính chung toàn Sở"},
        {"indicator_code": "CT04", "period_label": "Quý I/2025", "result": "10/10 (100,0%)", "status": "Đạt"},
        {"indicator_code": "CT05", "period_label": "Quý I/2025", "result": "2/3 (66,7%)", "status": "Chưa đạt"},
        {"indicator_code": "CT06", "period_label": "Quý I/2025", "result": "Tốt", "status": "Đạt"},
        {"indicator_code": "CT07", "period_label": "Quý I/2025", "result": "20/20 (100,0%)", "status": "Đạt"},
    ]


def test_the_annual_return_wins_over_the_fourth_quarter(fixture_db, tmp_path: Path):
    # Same period end (14/12): the cumulative annual return is the one that counts.
    db = tmp_path / "copy.duckdb"
    shutil.copy(fixture_db, db)
    with writing(db) as con:
        con.execute("""INSERT INTO submissions (unit_code, period_code, period_kind, year, period_start, period_end,
                           file_name, file_sha256, uploaded_by, uploaded_at, status)
                       VALUES ('TTR', '2025-Q4', 'quarter', 2025, DATE '2025-09-15', DATE '2025-12-14', 'TTR_Q4.xlsx',
                               'x', 'test', TIMESTAMP '2030-01-01 00:00:00', 'active')""")
        sid = con.execute("SELECT max(submission_id) FROM submissions").fetchone()[0]
        con.execute("INSERT INTO indicator_rows (submission_id, indicator_code, kind, direction, actual, actual_label) "
                    "VALUES (?, 'CT06', 'rating', '>=', 5, 'Xuất sắc')", [sid])
    frame = q.unit_attainment(db, TTR)
    assert frame.loc[frame["indicator_code"] == "CT06", ["period_code", "result"]].to_dict("records") == [
        {"period_code": "2025", "result": "Khá"}]


def test_reporting_units(fixture_db):
    assert q.reporting_units(fixture_db, YEAR)["unit_code"].tolist() == ["VP", "TTR", "KHTC", "KCHT", "VTPT", "QLXD", "DK", "BQLDA", "BTDB"]
    assert q.reporting_units(fixture_db, TTR).to_dict("records") == [{"unit_code": "TTR", "unit_name": "Thanh tra Sở"}]


def test_a_year_without_its_own_catalogue_reads_its_own_year_in_the_texts(tmp_path: Path) -> None:
    """2026 has no indicator catalogue yet and carries 2025's targets over: 'Kế hoạch ... năm 2025'
    and 'Lịch tiếp công dân năm 2025' read 2026 on the pages, in the export and in the template."""
    from dashboard.queries import explore
    from etl.catalog import default_catalog
    from etl.load import load_bytes
    from tests.workbooks import build_return

    db = tmp_path / "t.duckdb"
    assert load_bytes(db, build_return("VP", "Quý I/2026"), "VP.xlsx", "vp", today=date(2026, 6, 1)).status == "loaded"
    f = Filters(2026, today=date(2026, 6, 1))
    names = q.department_attainment(db, f).set_index("indicator_code")["name"]
    assert "năm 2026" in names["CT02"] and "năm 2026" in names["CT05"]
    assert not any("2025" in n for n in names)
    assert [i.name for i in default_catalog().indicators_for(2026) if i.code == "CT02"] == [names["CT02"]]
    rows = explore.rows(db, f, explore.Query("indicators"))
    assert not rows.empty and not any("2025" in str(n) for n in rows["indicator_name"])


def test_ct03_has_no_data_before_any_return_of_the_year(tmp_path: Path) -> None:
    """CT03 is counted from the model register: with no return of the year (in the filter) it is
    'Chưa có số liệu', like the other indicators; once a return without models is in, it is 0 models."""
    from etl.load import init_db, load_bytes
    from tests.workbooks import build_return

    db = tmp_path / "t.duckdb"
    init_db(db)
    f = Filters(2025, today=date(2025, 6, 1))
    ct03 = ["models", "exemplars", "value_pct", "attained", "status", "result"]

    def row(frame: pd.DataFrame) -> dict:
        return frame.loc[frame["indicator_code"] == "CT03", ct03].iloc[0].to_dict()

    empty = row(q.department_attainment(db, f))
    assert [empty["status"], empty["result"]] == ["Chưa có số liệu", "Chưa có số liệu"]
    assert all(pd.isna(empty[c]) for c in ["models", "exemplars", "value_pct", "attained"])
    assert load_bytes(db, build_return("VP", "Quý I/2025"), "VP.xlsx", "vp", today=date(2025, 6, 1)).status == "loaded"
    assert row(q.department_attainment(db, f)) == {
        "models": 0, "exemplars": 0, "value_pct": 0.0, "attained": False, "status": "Chưa đạt",
        "result": "0 mô hình, 0 điển hình (chỉ tiêu ≥ 1)"}
    other = row(q.department_attainment(db, Filters(2025, units=("TTR",), today=date(2025, 6, 1))))
    assert other["status"] == "Chưa có số liệu"  # the unit filtered on has not reported
