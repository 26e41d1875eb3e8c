import math

import pandas as pd

from dashboard.charts import reporting as charts
from dashboard.charts.style import COLORS


def grid() -> pd.DataFrame:
    return pd.DataFrame({
        "unit_name": ["Văn phòng Sở", "Văn phòng Sở", "Phòng QLCL", "Phòng QLCL", "Phòng QLXD", "Phòng QLXD"],
        "period_label": ["Tháng 1/2025", "Quý I/2025"] * 3,
        "period_code": ["2025-01", "2025-Q1"] * 3,
        "counted_period_code": ["2025-01", "2025-Q1", None, None, None, None],
        "status": ["Đúng hạn", "Nộp muộn", "Chưa nộp", "Đã thay thế", None, "Chưa đến hạn"],
        "first_uploaded_at": pd.to_datetime(["2025-01-16 08:30", "2025-03-25 14:00", None, None, None, None]),
        "due_date": pd.to_datetime(["2025-01-19", "2025-03-21"] * 3),
    })


def test_submission_grid():
    fig = charts.submission_grid(grid())
    assert [t.type for t in fig.data] == ["heatmap"] + ["scatter"] * 5
    heat = fig.data[0]
    assert list(heat.x) == ["Tháng 1/2025", "Quý I/2025"]
    assert list(fig.layout.xaxis.ticktext) == ["T1", "Q1"]  # the hover (%{x}) keeps the full label
    assert list(heat.y) == ["Văn phòng Sở", "Phòng QLCL", "Phòng QLXD"]
    assert [list(r) for r in heat.z] == [[0, 1], [2, 4], [None, 3]]
    assert [list(r) for r in heat.text] == [["Đúng hạn", "Nộp muộn"], ["Chưa nộp", "Đã thay thế"], ["", "Chưa đến hạn"]]
    assert [list(r) for r in heat.customdata] == [
        ["Nộp lúc 16/01/2025 08:30", "Nộp lúc 25/03/2025 14:00"],
        ["Hạn nộp 19/01/2025", "Hạn nộp 21/03/2025"],
        ["Hạn nộp 19/01/2025", "Hạn nộp 21/03/2025"]]
    assert [c for _, c in heat.colorscale[::2]] == [COLORS[s] for s in charts.STATUSES]
    assert [t.name for t in fig.data[1:]] == ["Đúng hạn", "Nộp muộn", "Chưa nộp", "Chưa đến hạn", "Đã thay thế"]
    assert fig.layout.title.text == "Tình hình nộp báo cáo theo đơn vị và kỳ"


def test_rates_chart():
    rates = pd.DataFrame({
        "period_label": ["Quý I/2025", "6 tháng đầu năm 2025"],
        "expected": [9, 9], "submitted": [2, 1], "on_time": [1, 0],
        "reporting_rate": [2 / 9, 1 / 9], "on_time_rate": [1 / 9, 0.0],
    })
    fig = charts.rates_chart(rates)
    assert [(t.type, t.name) for t in fig.data] == [("bar", "Tỷ lệ đã nộp"), ("bar", "Tỷ lệ đúng hạn")]
    assert list(fig.data[0].x) == ["Quý I/2025", "6 tháng đầu năm 2025"]
    assert all(math.isclose(a, b) for a, b in zip(fig.data[0].y, [200 / 9, 100 / 9]))
    assert list(fig.data[0].text) == ["22,2%", "11,1%"]
    assert list(fig.data[0].customdata) == ["2/9 đơn vị", "1/9 đơn vị"]
    assert list(fig.data[1].text) == ["11,1%", "0,0%"]
    assert list(fig.data[1].customdata) == ["1/9 đơn vị", "0/9 đơn vị"]
    assert fig.layout.barmode == "group"
    assert (fig.layout.title.text, fig.layout.yaxis.title.text) == ("Tỷ lệ nộp báo cáo theo kỳ", "Tỷ lệ (%)")
    assert fig.layout.separators == ",."


def test_empty_frames_give_the_no_data_figure():
    for builder, title in [(charts.submission_grid, "Tình hình nộp báo cáo theo đơn vị và kỳ"),
                           (charts.rates_chart, "Tỷ lệ nộp báo cáo theo kỳ")]:
        fig = builder(pd.DataFrame())
        assert (len(fig.data), fig.layout.title.text, [a.text for a in fig.layout.annotations]) == (
            0, title, ["Chưa có số liệu"])


def test_short_period_names_every_kind() -> None:
    from dashboard.charts.reporting import short_period

    assert [short_period(c) for c in ["2025-03", "2025-Q1", "2025-H1", "2025-Q3", "2025-9M", "2025-Q4", "2025"]] == [
        "T3", "Q1", "6T", "Q3", "9T", "Q4", "Năm"]


def test_a_period_counted_by_a_longer_return_says_which() -> None:
    """Quý III with no file of its own is 'Đúng hạn' by the 9-month return: the hover says so (UI round)."""
    from dashboard.charts.reporting import _counted_by

    assert [_counted_by(c, "2025-Q3") for c in ("2025-9M", "2025-Q3", None)] == [
        ", theo báo cáo 9 tháng năm 2025", "", ""]
