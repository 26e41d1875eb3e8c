"""dashboard.charts.reception as plain functions, fed with the hand-checked fixture's query frames."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from dashboard.charts import reception as charts
from dashboard.charts.style import COLORS
from dashboard.filters import Filters
from dashboard.queries import reception as q

YEAR = Filters(2025, today=date(2025, 12, 31))


def months(trace) -> list[date]:
    return [pd.Timestamp(x).date() for x in trace.x]


def test_sessions_by_month_stacked_by_form_in_catalogue_order(fixture_db: Path) -> None:
    fig = charts.sessions_by_form_chart(q.sessions_by_month_and_form(fixture_db, YEAR))
    assert [t.type for t in fig.data] == ["bar", "bar"]
    assert [t.name for t in fig.data] == ["Thường xuyên", "Định kỳ"]
    regular, periodic = fig.data
    assert (months(regular), list(regular.y)) == ([date(2025, 2, 1)], [1])
    assert (months(periodic), list(periodic.y)) == ([date(2025, m, 1) for m in range(1, 6)], [1, 1, 1, 1, 1])
    assert list(periodic.customdata[0]) == ["01/2025", "3", "4"]  # month, visits, people
    assert fig.layout.barmode == "stack"
    assert fig.layout.title.text == "Số buổi tiếp công dân theo tháng và hình thức"
    assert fig.layout.xaxis.title.text == "Tháng"
    assert fig.layout.xaxis.tickformat == "%m/%Y"
    assert fig.layout.yaxis.title.text == "Số buổi tiếp"


def test_sessions_by_month_stacked_by_host(fixture_db: Path) -> None:
    fig = charts.sessions_by_host_chart(q.sessions_by_month_and_host(fixture_db, YEAR))
    assert [t.name for t in fig.data] == ["Giám đốc Sở", "Cán bộ tiếp công dân"]
    assert list(fig.data[0].y) == [1, 1, 1, 1, 1]
    assert months(fig.data[1]) == [date(2025, 2, 1)]
    assert fig.layout.title.text == "Số buổi tiếp công dân theo tháng và người chủ trì"
    assert fig.layout.yaxis.dtick == 1


def test_head_rule_strip(fixture_db: Path) -> None:
    fig = charts.head_rule_strip(q.head_reception_by_month(fixture_db, YEAR))
    assert [t.type for t in fig.data] == ["bar", "bar", "bar"]
    assert [t.name for t in fig.data] == ["Đạt", "Không đạt", "Chưa hết tháng"]
    met, missed, pending = fig.data
    assert months(met) == [date(2025, m, 1) for m in range(1, 6)]
    assert months(missed) == [date(2025, m, 1) for m in range(6, 12)]
    assert months(pending) == [date(2025, 12, 1)]
    assert [t.marker.color for t in fig.data] == [COLORS["Đạt"], COLORS["Chưa đạt"], COLORS["neutral"]]
    assert list(met.y) == [1] * 5 and list(met.text) == ["1"] * 5
    assert list(met.customdata[0]) == ["01/2025", "1"]
    assert fig.layout.title.text == "Giám đốc Sở tiếp công dân (≥ 1 ngày/tháng)"
    assert fig.layout.yaxis.visible is False


def test_head_rule_strip_writes_no_count_on_a_month_nobody_reported() -> None:
    frame = pd.DataFrame({
        "month": [pd.Timestamp(2025, 1, 1), pd.Timestamp(2025, 2, 1), pd.Timestamp(2025, 3, 1)],
        "days": [2, 0, 0], "sessions": [2, 0, 0],
        "state": ["dat", "khong_dat", "chua_co_so_lieu"],
        "state_label": ["Đạt", "Không đạt", "Chưa có số liệu"],
    })
    met, missed, unreported = charts.head_rule_strip(frame).data
    assert (list(met.text), list(missed.text), list(unreported.text)) == (["2"], ["0"], ["–"])
    assert missed.hovertemplate == "Tháng %{customdata[0]}: Không đạt (%{customdata[1]} ngày tiếp)<extra></extra>"
    assert unreported.hovertemplate == "Tháng %{customdata[0]}: Chưa có số liệu<extra></extra>"


def test_empty_frames_give_the_empty_figure() -> None:
    for builder, frame in (
        (charts.sessions_by_form_chart, pd.DataFrame(columns=["month", "form", "form_label", "sessions", "visits",
                                                              "people"])),
        (charts.sessions_by_host_chart, pd.DataFrame(columns=["month", "host_role", "host_role_label", "sessions",
                                                              "visits", "people"])),
        (charts.head_rule_strip, pd.DataFrame(columns=["month", "days", "sessions", "state", "state_label"])),
    ):
        fig = builder(frame)
        assert not fig.data and [a.text for a in fig.layout.annotations] == ["Chưa có số liệu"]
