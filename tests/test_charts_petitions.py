"""dashboard.charts.petitions as plain functions: the figure's traces, values and Vietnamese text,
fed with the query frames of the hand-checked fixture."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from dashboard.charts import petitions as charts
from dashboard.charts.style import COLORS
from dashboard.filters import Filters
from dashboard.queries import petitions as q

YEAR = Filters(2025, today=date(2025, 12, 31))


def types(fig) -> list[str]:
    return [trace.type for trace in fig.data]


def is_empty(fig, message: str = "Chưa có số liệu") -> bool:
    return not fig.data and [a.text for a in fig.layout.annotations] == [message]


def test_resolution_time_boxes_with_the_statutory_limits(fixture_db: Path) -> None:
    fig = charts.resolution_time_chart(q.resolution_times(fixture_db, YEAR), q.resolution_limits(YEAR))
    assert types(fig) == ["box", "box", "box", "scatter", "scatter"]
    boxes = fig.data[:3]
    assert [b.name for b in boxes] == ["Khiếu nại", "Tố cáo", "Kiến nghị"]
    assert [list(b.y) for b in boxes] == [[26, 81], [4, 46], [59]]
    assert [b.marker.color for b in boxes] == [COLORS["khieu_nai"], COLORS["to_cao"], COLORS["kien_nghi"]]
    assert [list(b.customdata) for b in boxes] == [["VP-01", "TTR-01"], ["TTR-02", "VP-03"], ["VP-02"]]
    assert [b.hoveron for b in boxes] == ["points"] * 3  # plotly's box hover is English ('median', 'q3')
    limits, reference = fig.data[3:]
    assert limits.name == charts.LIMIT_TRACE == "Thời hạn luật định"
    assert (list(limits.x), list(limits.y)) == (["Khiếu nại", "Khiếu nại", "Tố cáo"], [30, 45, 30])
    assert list(limits.text) == [
        "Khiếu nại lần đầu: 30 ngày (Luật Khiếu nại 2011, Điều 28)",
        "Khiếu nại lần đầu, phức tạp hoặc vùng sâu, vùng xa: 45 ngày "
        "(Luật Khiếu nại 2011, Điều 28 (vụ việc phức tạp))<br>"
        "Khiếu nại lần hai: 45 ngày (Luật Khiếu nại 2011, Điều 37)",
        "Tố cáo (chưa gia hạn): 30 ngày (Luật Tố cáo 2018, Điều 30)",
    ]
    assert reference.name == charts.REFERENCE_TRACE == "Thời hạn tham chiếu (ngày làm việc quy ra ngày lịch)"
    assert (list(reference.x), list(reference.y)) == (["Kiến nghị", "Phản ánh"], [14, 14])
    assert reference.text[0] == ("Kiến nghị: 10 ngày làm việc (≈ 14 ngày; "
                                 "Luật Tiếp công dân 2013, Điều 28 (cần đối chiếu))")
    assert fig.layout.title.text == "Thời gian giải quyết theo loại đơn"
    assert fig.layout.xaxis.title.text == "Loại đơn"
    assert list(fig.layout.xaxis.categoryarray) == ["Khiếu nại", "Tố cáo", "Kiến nghị", "Phản ánh"]
    assert fig.layout.yaxis.title.text == "Số ngày giải quyết (ngày lịch)"
    assert fig.layout.separators == ",."


def test_resolution_time_boxes_from_duckdb_statistics_send_no_point_per_case(fixture_db: Path) -> None:
    # A province's tens of thousands of cases: the boxes come from quartiles computed in DuckDB.
    fig = charts.resolution_time_chart(None, q.resolution_limits(YEAR), q.resolution_stats(fixture_db, YEAR))
    assert types(fig) == ["box", "scatter", "box", "scatter", "box", "scatter", "scatter", "scatter"]
    boxes = [t for t in fig.data if t.type == "box"]
    assert [b.name for b in boxes] == ["Khiếu nại", "Tố cáo", "Kiến nghị"]
    assert [(b.q1[0], b.median[0], b.q3[0], b.lowerfence[0], b.upperfence[0]) for b in boxes] == [
        (39.75, 53.5, 67.25, 26.0, 81.0), (14.5, 25.0, 35.5, 4.0, 46.0), (59.0, 59.0, 59.0, 59.0, 59.0)]
    assert all(b.y is None and b.boxpoints is False and b.hoverinfo == "skip" for b in boxes)
    assert [b.marker.color for b in boxes] == [COLORS["khieu_nai"], COLORS["to_cao"], COLORS["kien_nghi"]]
    hover = fig.data[1]
    assert (list(hover.x), list(hover.y)) == (["Khiếu nại"], [53.5])
    assert hover.text[0] == ("Khiếu nại: 2 đơn đã giải quyết<br>Trung vị 53,5 ngày; một nửa số đơn từ 39,8 "
                             "đến 67,3 ngày<br>Nhanh nhất 26, lâu nhất 81 ngày; bình quân 53,5 ngày<br>"
                             "Đúng hạn 1, quá hạn 1")
    assert [t.name for t in fig.data[-2:]] == [charts.LIMIT_TRACE, charts.REFERENCE_TRACE]
    assert list(fig.layout.xaxis.categoryarray) == ["Khiếu nại", "Tố cáo", "Kiến nghị", "Phản ánh"]


def test_resolution_time_without_resolved_cases_is_the_empty_figure() -> None:
    empty = pd.DataFrame(columns=["unit_code", "petition_ref", "kind", "kind_label", "resolution_days", "on_time"])
    assert is_empty(charts.resolution_time_chart(empty, q.resolution_limits(YEAR)))
    assert is_empty(charts.resolution_time_chart(None, q.resolution_limits(YEAR), empty))


def test_on_time_share_by_month(fixture_db: Path) -> None:
    fig = charts.on_time_by_month_chart(q.on_time_by_month(fixture_db, YEAR))
    assert types(fig) == ["bar"]
    bar = fig.data[0]
    assert [pd.Timestamp(x).date() for x in bar.x] == [date(2025, m, 1) for m in (2, 3, 4, 7, 8)]
    assert list(bar.y) == [100.0, 0.0, 100.0, 100.0, 0.0]
    assert list(bar.text) == ["100,0%", "0,0%", "100,0%", "100,0%", "0,0%"]
    assert [list(c) for c in bar.customdata] == [
        ["02/2025", "1", "1"], ["03/2025", "0", "1"], ["04/2025", "1", "1"], ["07/2025", "1", "1"],
        ["08/2025", "0", "1"]]
    assert fig.layout.title.text == "Tỷ lệ giải quyết đúng hạn theo tháng"
    assert fig.layout.xaxis.title.text == "Tháng giải quyết"
    assert fig.layout.xaxis.tickformat == "%m/%Y"
    assert fig.layout.yaxis.title.text == "Tỷ lệ đúng hạn (%)"


def test_on_time_share_by_unit(fixture_db: Path) -> None:
    fig = charts.on_time_by_unit_chart(q.on_time_by_unit(fixture_db, YEAR))
    bar = fig.data[0]
    assert (bar.type, bar.orientation) == ("bar", "h")
    assert list(bar.y) == ["Văn phòng Sở", "Thanh tra Sở"]
    assert list(bar.x) == [66.7, 50.0]
    assert list(bar.text) == ["66,7%", "50,0%"]
    assert [list(c) for c in bar.customdata] == [["2", "3"], ["1", "2"]]
    assert fig.layout.title.text == "Tỷ lệ giải quyết đúng hạn theo đơn vị"
    assert fig.layout.yaxis.title.text is None  # the unit names say what the axis is


def test_open_cases_by_age(fixture_db: Path) -> None:
    fig = charts.open_by_age_chart(q.open_by_age(fixture_db, YEAR))
    assert types(fig) == ["bar"]
    assert list(fig.data[0].x) == ["0–15 ngày", "16–30 ngày", "31–60 ngày", "61–90 ngày", "Trên 90 ngày"]
    assert list(fig.data[0].y) == [1, 0, 0, 0, 1]
    assert fig.layout.title.text == "Đơn chưa giải quyết theo số ngày kể từ ngày nhận"
    assert fig.layout.xaxis.title.text == "Số ngày kể từ ngày nhận"
    assert fig.layout.yaxis.title.text == "Số đơn"


def test_open_cases_by_deadline_coloured_by_state(fixture_db: Path) -> None:
    fig = charts.open_by_deadline_chart(q.open_by_deadline(fixture_db, Filters(2026, today=date(2025, 12, 31))))
    bar = fig.data[0]
    assert list(bar.x) == ["Quá hạn", "Đến hạn trong 10 ngày làm việc", "Còn hạn", "Chưa xác định hạn"]
    assert list(bar.y) == [1, 1, 0, 0]
    assert list(bar.marker.color) == [COLORS["Chưa đạt"], "#ef6c00", COLORS["Đạt"], COLORS["neutral"]]
    assert fig.layout.title.text == "Đơn chưa giải quyết theo thời hạn"


def test_no_open_case_says_so() -> None:
    frame = pd.DataFrame({"deadline_state": ["qua_han"], "deadline_state_label": ["Quá hạn"], "open": [0]})
    assert is_empty(charts.open_by_deadline_chart(frame), "Không có đơn chưa giải quyết")
    ages = pd.DataFrame({"age_band": ["0-15"], "age_band_label": ["0–15 ngày"], "open": [0]})
    assert is_empty(charts.open_by_age_chart(ages), "Không có đơn chưa giải quyết")


def test_results(fixture_db: Path) -> None:
    fig = charts.results_chart(q.petition_results(fixture_db, YEAR))
    bar = fig.data[0]
    assert list(bar.x) == ["Đúng", "Sai", "Đúng một phần", "Đã trả lời", "Không ghi kết quả"]
    assert list(bar.y) == [1, 1, 1, 1, 1]
    assert list(bar.text) == ["1", "1", "1", "1", "1"]
    assert fig.layout.title.text == "Kết quả giải quyết"
    assert fig.layout.xaxis.title.text == "Kết quả"


@pytest.mark.parametrize("builder, columns", [
    (charts.on_time_by_month_chart, ["month", "resolved", "on_time", "late", "no_deadline", "on_time_share"]),
    (charts.on_time_by_unit_chart, ["unit_code", "unit_name", "resolved", "on_time", "late", "no_deadline",
                                    "on_time_share"]),
    (charts.results_chart, ["result", "result_label", "cases"]),
])
def test_empty_frames_give_the_empty_figure(builder, columns) -> None:
    assert is_empty(builder(pd.DataFrame(columns=columns)))


def test_large_numbers_use_vietnamese_separators() -> None:
    frame = pd.DataFrame({"result": ["dung"], "result_label": ["Đúng"], "cases": [1234]})
    assert list(charts.results_chart(frame).data[0].text) == ["1.234"]


def test_units_down_the_side_are_shown_by_their_short_names() -> None:
    """A phone leaves ~130 px for the labels: 'Ban Quản lý dự án đầu tư xây dựng các công trình giao
    thông' took them all and the bars were a 2 px strip (found by the UI round)."""
    frame = pd.DataFrame({"unit_code": ["BQLDA", "KHTC", "X"],
                          "unit_name": ["Ban Quản lý dự án đầu tư xây dựng các công trình giao thông",
                                        "Phòng Kế hoạch - Tài chính", "Trung tâm mới thành lập của Sở Xây dựng tỉnh"],
                          "resolved": [2, 2, 1], "on_time": [1, 2, 1], "late": [1, 0, 0], "no_deadline": [0, 0, 0],
                          "on_time_share": [0.5, 1.0, 1.0]})
    fig = charts.on_time_by_unit_chart(frame)
    assert list(fig.data[0].y) == frame["unit_name"].tolist()  # the hover's %{y}: the full name
    assert list(fig.layout.yaxis.ticktext) == ["Ban QLDA", "Phòng KH-TC", "Trung tâm mới thành<br>lập của Sở Xây dựng…"]
    assert fig.layout.margin.l < 150


def test_thu_ly_stacked_by_state_per_kind_with_its_limit() -> None:
    states = [code for code, _ in q.ACCEPTANCE_STATES]
    frame = pd.DataFrame({
        "kind": ["khieu_nai"] * 5 + ["to_cao"] * 5, "kind_label": ["Khiếu nại"] * 5 + ["Tố cáo"] * 5,
        "state": states * 2, "state_label": [label for _, label in q.ACCEPTANCE_STATES] * 2,
        "cases": [6, 2, 1, 1, 0, 3, 1, 0, 0, 0],
        "limit": ["10 ngày làm việc"] * 5 + ["7 ngày làm việc"] * 5})
    fig = charts.acceptance_chart(frame)
    assert fig.layout.barmode == "stack" and fig.layout.title.text == (
        "Thụ lý đơn khiếu nại, tố cáo")
    assert [t.name for t in fig.data] == ["Thụ lý đúng hạn", "Thụ lý quá hạn", "Chưa thụ lý, đã quá hạn",
                                          "Chưa thụ lý, còn hạn", "Đã kết thúc, không ghi ngày thụ lý"]
    assert list(fig.data[0].y) == ["Khiếu nại (10 ngày làm việc)", "Tố cáo (7 ngày làm việc)"]
    assert [list(t.x) for t in fig.data] == [[6, 3], [2, 1], [1, 0], [1, 0], [0, 0]]
    assert [t.marker.color for t in fig.data[:2]] == [COLORS["Đạt"], COLORS["Chưa đạt"]]
    assert list(fig.data[1].customdata[0]) == ["2", "10", "20,0%"]  # 2 of khiếu nại's 10: hover in vi-VN
    assert is_empty(charts.acceptance_chart(frame.assign(cases=0)),
                    "Không có đơn khiếu nại, tố cáo thuộc thẩm quyền nhận trong kỳ")
