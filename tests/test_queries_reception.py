"""dashboard.queries.reception against the hand-checked fixture (tests/fixtures.py).

VP's six sessions (Q1 return repeated and extended by the 6-month return, each counted once):
15/01 Định kỳ GĐ 3 lượt/4 người; 15/02 Định kỳ GĐ not as scheduled 2/2; 20/02 Thường xuyên cán bộ 5/6;
14/03, 15/04 Định kỳ GĐ 3/4; 15/05 Định kỳ GĐ 1/1. TTR reports no session.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from dashboard.filters import Filters
from dashboard.queries import reception as q
from tests.frames import records

TODAY = date(2025, 12, 31)
YEAR = Filters(2025, today=TODAY)
Q1 = Filters(2025, "2025-Q1", today=TODAY)




def test_totals_of_the_year(fixture_db: Path) -> None:
    assert records(q.reception_totals(fixture_db, YEAR)) == [{
        "sessions": 6, "visits": 17, "people": 21, "cases": 0, "delegations": 0,
        "periodic_sessions": 5, "periodic_on_schedule": 4, "on_schedule_share": 0.8,
    }]


def test_totals_of_the_first_quarter(fixture_db: Path) -> None:
    frame = q.reception_totals(fixture_db, Q1)  # 15/01, 15/02, 20/02, 14/03
    assert records(frame.drop(columns="on_schedule_share")) == [{
        "sessions": 4, "visits": 13, "people": 16, "cases": 0, "delegations": 0,
        "periodic_sessions": 3, "periodic_on_schedule": 2,
    }]
    assert round(float(frame["on_schedule_share"].iloc[0]), 4) == 0.6667


def test_totals_of_a_unit_without_sessions(fixture_db: Path) -> None:
    assert records(q.reception_totals(fixture_db, Filters(2025, units=("TTR",), today=TODAY))) == [{
        "sessions": 0, "visits": 0, "people": 0, "cases": 0, "delegations": 0,
        "periodic_sessions": 0, "periodic_on_schedule": 0, "on_schedule_share": None,
    }]


def test_sessions_by_month_and_form(fixture_db: Path) -> None:
    frame = q.sessions_by_month_and_form(fixture_db, YEAR)
    assert list(frame.columns) == ["month", "form", "form_label", "sessions", "visits", "people"]
    assert [tuple(r.values()) for r in records(frame)] == [
        (date(2025, 1, 1), "dinh_ky", "Định kỳ", 1, 3, 4),
        (date(2025, 2, 1), "thuong_xuyen", "Thường xuyên", 1, 5, 6),
        (date(2025, 2, 1), "dinh_ky", "Định kỳ", 1, 2, 2),
        (date(2025, 3, 1), "dinh_ky", "Định kỳ", 1, 3, 4),
        (date(2025, 4, 1), "dinh_ky", "Định kỳ", 1, 3, 4),
        (date(2025, 5, 1), "dinh_ky", "Định kỳ", 1, 1, 1),
    ]


def test_sessions_by_month_and_host(fixture_db: Path) -> None:
    assert [(r["month"], r["host_role"], r["host_role_label"], r["sessions"])
            for r in records(q.sessions_by_month_and_host(fixture_db, YEAR))] == [
        (date(2025, 1, 1), "giam_doc", "Giám đốc Sở", 1),
        (date(2025, 2, 1), "giam_doc", "Giám đốc Sở", 1),
        (date(2025, 2, 1), "can_bo_tcd", "Cán bộ tiếp công dân", 1),
        (date(2025, 3, 1), "giam_doc", "Giám đốc Sở", 1),
        (date(2025, 4, 1), "giam_doc", "Giám đốc Sở", 1),
        (date(2025, 5, 1), "giam_doc", "Giám đốc Sở", 1),
    ]


def strip(frame: pd.DataFrame) -> list[tuple]:
    assert list(frame.columns) == ["month", "days", "sessions", "state", "state_label"]
    return [(r["month"], r["days"], r["sessions"], r["state"], r["state_label"]) for r in records(frame)]


def test_head_reception_month_by_month_for_the_year(fixture_db: Path) -> None:
    # Window 15/12/2024–14/12/2025 judged on 14/12/2025: January to December; December not over.
    met = [(date(2025, m, 1), 1, 1, "dat", "Đạt") for m in range(1, 6)]
    missed = [(date(2025, m, 1), 0, 0, "khong_dat", "Không đạt") for m in range(6, 12)]
    pending = [(date(2025, 12, 1), 0, 0, "chua_het_thang", "Chưa hết tháng")]
    assert strip(q.head_reception_by_month(fixture_db, YEAR)) == met + missed + pending


def test_december_of_a_past_year_is_not_a_month_still_running(fixture_db: Path) -> None:
    """Viewed a year later, December 2025 has ended: its days after the window's 14/12 belong to the
    next year's returns, so it is "Chưa có số liệu", not "Chưa hết tháng"; the other months as before."""
    later = strip(q.head_reception_by_month(fixture_db, Filters(2025, today=date(2026, 12, 7))))
    assert later[:-1] == strip(q.head_reception_by_month(fixture_db, YEAR))[:-1]
    assert later[-1] == (date(2025, 12, 1), 0, 0, "chua_co_so_lieu", "Chưa có số liệu")


def test_head_reception_is_department_wide(fixture_db: Path) -> None:
    ttr_only = Filters(2025, units=("TTR",), today=TODAY)
    assert strip(q.head_reception_by_month(fixture_db, ttr_only)) == strip(q.head_reception_by_month(fixture_db, YEAR))


def test_head_reception_of_a_quarter_and_a_month(fixture_db: Path) -> None:
    assert strip(q.head_reception_by_month(fixture_db, Q1)) == [
        (date(2025, 1, 1), 1, 1, "dat", "Đạt"),
        (date(2025, 2, 1), 1, 1, "dat", "Đạt"),
        (date(2025, 3, 1), 1, 1, "dat", "Đạt"),  # 14/03, the last day of the quarter's window
    ]
    # Month 2025-01 = 15/12/2024–14/01/2025: on 10/01/2025 January has begun but not ended, no
    # session yet; judged at year end, January is over and judged whole: the session of 15/01 (after
    # the window, in VP's Quý I return) meets it (it read "Chưa có số liệu": the window's 14 days only)
    assert strip(q.head_reception_by_month(fixture_db, Filters(2025, "2025-01", today=date(2025, 1, 10)))) == [
        (date(2025, 1, 1), 0, 0, "chua_het_thang", "Chưa hết tháng")]
    assert strip(q.head_reception_by_month(fixture_db, Filters(2025, "2025-01", today=TODAY))) == [
        (date(2025, 1, 1), 1, 1, "dat", "Đạt")]


def test_no_month_to_judge_before_one_begins(fixture_db: Path) -> None:
    early = Filters(2025, "2025-03", today=date(2025, 2, 20))  # window from 15/02, judged on 20/02
    assert q.head_rule_months(early) is None
    assert strip(q.head_reception_by_month(fixture_db, early)) == []
    assert records(q.head_rule_summary(fixture_db, early)) == [
        {"months": 0, "judged": 0, "met": 0, "missed": 0, "pending": 0, "unreported": 0, "days": 0}]


def test_head_rule_summary(fixture_db: Path) -> None:
    assert records(q.head_rule_summary(fixture_db, YEAR)) == [
        {"months": 12, "judged": 11, "met": 5, "missed": 6, "pending": 1, "unreported": 0, "days": 5}]
    assert records(q.head_rule_summary(fixture_db, Q1)) == [
        {"months": 3, "judged": 3, "met": 3, "missed": 0, "pending": 0, "unreported": 0, "days": 3}]


def test_months_no_return_has_reached_yet_are_not_judged(tmp_path: Path) -> None:
    """Only a Quý I return (cut-off 14/03/2025) is in: at year end, January (met) and February
    (missed) are judged; March to November end after the cut-off, so no return has reported them
    yet: "Chưa có số liệu", not "Không đạt"; December has not ended."""
    from etl.load import load_bytes
    from tests.workbooks import build_return

    db = tmp_path / "t.duckdb"
    director = {"Ngày tiếp": "15/01/2025", "Hình thức": "Định kỳ", "Người chủ trì": "Giám đốc Sở", "Số lượt": 2,
                "Số người": 2}
    assert load_bytes(db, build_return("VP", "Quý I/2025", reception=[director]), "VP_Q1.xlsx", "vp",
                      today=TODAY).status == "loaded"
    states = [state for _, _, _, state, _ in strip(q.head_reception_by_month(db, YEAR))]
    assert states == ["dat", "khong_dat"] + ["chua_co_so_lieu"] * 9 + ["chua_het_thang"]
    assert records(q.head_rule_summary(db, YEAR)) == [
        {"months": 12, "judged": 2, "met": 1, "missed": 1, "pending": 1, "unreported": 9, "days": 1}]


def test_a_units_monthly_return_does_not_judge_the_months_after_the_others_returns(tmp_path: Path) -> None:
    """The returns every unit owes reach 14/06; one unit's voluntary return for Tháng 11 made July to
    October 'Không đạt' for the department's head: no return had reported them (UI round)."""
    from etl.load import init_db, load_bytes
    from tests.workbooks import build_return

    today = date(2025, 11, 20)
    db = tmp_path / "t.duckdb"
    init_db(db)
    head = [{"Ngày tiếp": f"{d:02d}/{m:02d}/2025", "Hình thức": "Định kỳ", "Người chủ trì": "Giám đốc Sở",
             "Số lượt": 1, "Số người": 1} for m, d in ((1, 15), (2, 14), (3, 14), (4, 15), (5, 15), (6, 2))]
    assert load_bytes(db, build_return("VP", "6 tháng/2025", reception=head), "h1.xlsx", "t", today=today).status == "loaded"
    f = Filters(2025, today=today)
    before = strip(q.head_reception_by_month(db, f))
    assert [state for _, _, _, state, _ in before] == ["dat"] * 6 + ["chua_co_so_lieu"] * 4 + ["chua_het_thang"]
    assert load_bytes(db, build_return("VTPT", "Tháng 11/2025"), "t11.xlsx", "t", today=today).status == "loaded"
    assert strip(q.head_reception_by_month(db, f)) == before


def test_december_is_judged_whole_with_the_next_years_returns(tmp_path: Path) -> None:
    """A year's window ends on 14/12, and the next year's starts with January: a Giám đốc session on
    22/12/2025 was judged in neither. December 2025 now counts every day of December that any return
    reports (here VP's Quý I/2026, from 15/12/2025), in 2025's strip; 2026's strip still starts in
    January. Before that return, December 2025 is "Chưa có số liệu"."""
    from etl.load import load_bytes
    from tests.workbooks import build_return

    def session(day: str) -> dict:
        return {"Ngày tiếp": day, "Hình thức": "Định kỳ", "Người chủ trì": "Giám đốc Sở", "Số lượt": 1, "Số người": 1}

    db = tmp_path / "t.duckdb"
    today = date(2026, 4, 1)
    year = build_return("VP", "Năm 2025", reception=[session("10/11/2025")])
    assert load_bytes(db, year, "VP_2025.xlsx", "vp", today=today).status == "loaded"
    before = strip(q.head_reception_by_month(db, Filters(2025, today=today)))
    assert before[-2:] == [(date(2025, 11, 1), 1, 1, "dat", "Đạt"),
                           (date(2025, 12, 1), 0, 0, "chua_co_so_lieu", "Chưa có số liệu")]
    q1 = build_return("VP", "Quý I/2026", reception=[session("22/12/2025"), session("20/01/2026")])
    assert load_bytes(db, q1, "VP_Q1_2026.xlsx", "vp", today=today).status == "loaded"
    after = strip(q.head_reception_by_month(db, Filters(2025, today=today)))
    assert after[-1] == (date(2025, 12, 1), 1, 1, "dat", "Đạt")
    assert after[:-1] == before[:-1]
    next_year = strip(q.head_reception_by_month(db, Filters(2026, "2026-Q1", today=today)))
    assert [m[0] for m in next_year] == [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
    assert next_year[0] == (date(2026, 1, 1), 1, 1, "dat", "Đạt")
