import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import indicators as charts
from dashboard.charts.style import COLORS, apply_layout, discrete_colorscale, empty_figure, starting_margins

GREEN, RED, GREY = COLORS["Đạt"], COLORS["Chưa đạt"], COLORS["Chưa có số liệu"]


def department() -> pd.DataFrame:
    return pd.DataFrame({
        "indicator_code": ["CT01", "CT04", "CT05"],
        "short_name": ["Quán triệt văn bản", "Tập huấn Luật THDCCS", "Tiếp công dân theo lịch"],
        "value_pct": [100.0, 100 * 19 / 21, None],
        "target_pct": [100.0, 100.0, 95.0],
        "status": ["Đạt", "Chưa đạt", "Chưa có số liệu"],
    })


def test_style_helpers():
    fig = empty_figure("Đơn thư theo loại")
    assert (len(fig.data), fig.layout.title.text, fig.layout.separators) == (0, "Đơn thư theo loại", ",.")
    assert [a.text for a in fig.layout.annotations] == ["Chưa có số liệu"]
    assert apply_layout(empty_figure("x"), "Tiêu đề").layout.title.text == "Tiêu đề"
    assert discrete_colorscale(["#000", "#fff"]) == [[0.0, "#000"], [0.5, "#000"], [0.5, "#fff"], [1.0, "#fff"]]
    assert {"khieu_nai", "to_cao", "kien_nghi", "phan_anh", "Đạt", "Chưa đạt", "Chưa có số liệu"} <= set(COLORS)


def test_attainment_bar():
    fig = charts.attainment_bar(department())
    assert [t.type for t in fig.data] == ["bar", "scatter", "scatter", "scatter", "scatter"]
    bars, targets = fig.data[0], fig.data[1]
    assert list(bars.x) == ["CT01 · Quán triệt văn bản", "CT04 · Tập huấn Luật THDCCS",
                            "CT05 · Tiếp công dân theo lịch"]
    assert list(bars.y) == [100.0, 100 * 19 / 21, 0.0]
    assert list(bars.text) == ["100,0%", "90,5%", "Chưa có số liệu"]
    assert list(bars.marker.color) == [GREEN, RED, GREY]
    assert (targets.name, list(targets.y), list(targets.text)) == ("Chỉ tiêu", [100.0, 100.0, 95.0],
                                                                   ["100%", "100%", "95%"])
    assert [t.name for t in fig.data[2:]] == ["Đạt", "Chưa đạt", "Chưa có số liệu"]
    assert fig.layout.title.text == "Mức đạt chỉ tiêu toàn Sở"
    assert fig.layout.yaxis.title.text == "Mức đạt (%)"
    assert fig.layout.separators == ",."


def test_a_target_met_many_times_over_does_not_flatten_the_others():
    """CT03 at 400% (4 exemplars for "at least 1"): its bar stops at 150% and the axis with it,
    while its label and hover keep 400,0%; the other bars keep their heights."""
    frame = pd.concat([department(), pd.DataFrame({
        "indicator_code": ["CT03"], "short_name": ["Mô hình, điển hình"], "value_pct": [400.0],
        "target_pct": [100.0], "status": ["Đạt"]})], ignore_index=True)
    fig = charts.attainment_bar(frame)
    bars = fig.data[0]
    assert list(bars.y) == [100.0, 100 * 19 / 21, 0.0, charts.DRAWN_UP_TO]
    assert list(bars.text)[-1] == "400,0%"
    assert list(fig.layout.yaxis.range) == [0, charts.DRAWN_UP_TO * 1.15]
    assert charts.attainment_bar(department()).layout.yaxis.range is None  # nothing past it: as before


def test_unit_heatmap():
    frame = pd.DataFrame({
        "unit_name": ["Văn phòng Sở", "Văn phòng Sở", "Thanh tra Sở", "Thanh tra Sở"],
        "indicator_code": ["CT04", "CT06", "CT04", "CT06"],
        "short_name": ["Tập huấn", "Xếp loại", "Tập huấn", "Xếp loại"],
        "status": ["Chưa đạt", "Đạt", "Đạt", "Chưa có số liệu"],
        "result": ["8/10 (80,0%)", "Tốt", "6/6 (100,0%)", "Chưa có số liệu"],
    })
    fig = charts.unit_heatmap(frame)
    assert [t.type for t in fig.data] == ["heatmap", "scatter", "scatter", "scatter"]
    heat = fig.data[0]
    assert list(heat.x) == ["CT04 · Tập huấn", "CT06 · Xếp loại"]
    assert list(heat.y) == ["Văn phòng Sở", "Thanh tra Sở"]
    assert [list(r) for r in heat.z] == [[1, 0], [0, 2]]
    assert [list(r) for r in heat.text] == [["80,0%", "Tốt"], ["100,0%", "–"]]
    assert (list(fig.layout.xaxis.tickvals), list(fig.layout.xaxis.ticktext)) == (
        ["CT04 · Tập huấn", "CT06 · Xếp loại"], ["CT04", "CT06"])
    assert [[list(c) for c in r] for r in heat.customdata] == [
        [["Chưa đạt", "8/10 (80,0%)<br>Chưa đạt"], ["Đạt", "Tốt<br>Đạt"]],
        [["Đạt", "6/6 (100,0%)<br>Đạt"], ["Chưa có số liệu", "Chưa có số liệu"]]]
    # the units by their short names from the catalogue; the categories (and the hover) keep the names
    assert (list(fig.layout.yaxis.tickvals), list(fig.layout.yaxis.ticktext)) == (
        ["Văn phòng Sở", "Thanh tra Sở"], ["Văn phòng Sở", "Thanh tra Sở"])
    assert [c for _, c in heat.colorscale[::2]] == [GREEN, RED, GREY]
    assert fig.layout.title.text == "Kết quả chỉ tiêu theo đơn vị"


def test_trend_lines():
    frame = pd.DataFrame({
        "cutoff": pd.to_datetime(["2025-03-14", "2025-03-14", "2025-06-14", "2025-06-14"]),
        "period_label": ["Quý I/2025", "Quý I/2025", "6 tháng đầu năm 2025", "6 tháng đầu năm 2025"],
        "indicator_code": ["CT04", "CT07", "CT04", "CT07"],
        "short_name": ["Tập huấn", "Hủ tục", "Tập huấn", "Hủ tục"],
        "value_pct": [100.0, 100.0, 100 * 13 / 15, 100.0],
        "target_pct": [100.0] * 4,
        "status": ["Đạt", "Đạt", "Chưa đạt", "Chưa có số liệu"],
    })
    fig = charts.trend_lines(frame)
    # a value without a verdict yet (a '100% đơn vị' target, some units' values in) says so
    assert [list(t.customdata) for t in fig.data] == [
        ["Đạt", "Chưa đạt"], ["Đạt", "Chưa đánh giá được: chưa đủ đơn vị có số liệu"]]
    assert fig.layout.hovermode == "x unified"
    assert [(t.type, t.mode, t.name) for t in fig.data] == [("scatter", "lines+markers", "CT04 · Tập huấn"),
                                                            ("scatter", "lines+markers", "CT07 · Hủ tục")]
    assert list(fig.data[0].x) == ["Quý I/2025", "6 tháng đầu năm 2025"]
    assert list(fig.data[0].y) == [100.0, 100 * 13 / 15]
    assert list(fig.data[0].text) == ["100,0%", "86,7%"]
    assert [(s.y0, s.y1) for s in fig.layout.shapes] == [(100.0, 100.0)]
    assert [a.text for a in fig.layout.annotations] == ["Chỉ tiêu 100%"]
    assert fig.layout.title.text == "Diễn biến mức đạt chỉ tiêu qua các kỳ"
    assert fig.layout.xaxis.title.text == "Kỳ báo cáo"


def test_empty_frames_give_the_no_data_figure():
    for builder, title in [(charts.attainment_bar, "Mức đạt chỉ tiêu toàn Sở"),
                           (charts.unit_heatmap, "Kết quả chỉ tiêu theo đơn vị"),
                           (charts.trend_lines, "Diễn biến mức đạt chỉ tiêu qua các kỳ")]:
        fig = builder(pd.DataFrame())
        assert (len(fig.data), fig.layout.title.text, [a.text for a in fig.layout.annotations]) == (
            0, title, ["Chưa có số liệu"])


# -- margins: wide enough for the labels, so that Plotly draws a chart once -------------------


def test_margins_follow_the_labels() -> None:
    short = go.Figure(go.Bar(orientation="h", y=["VP", "TTR"], x=[1, 2]))
    long = go.Figure(go.Bar(orientation="h", y=["Ban Quản lý dự án đầu tư xây dựng công trình giao thông", "VP"],
                            x=[1, 2]))
    assert starting_margins(long)["l"] - starting_margins(short)["l"] == round(5.8 * 55) - round(5.8 * 3)
    hidden = go.Figure(go.Bar(x=["a"], y=[1]))
    hidden.update_yaxes(visible=False)
    assert starting_margins(hidden)["l"] == 10

    labels = [f"CT0{i} · Một chỉ tiêu có tên dài" for i in range(1, 8)]
    bars = go.Figure(go.Bar(x=labels, y=[1] * 7))
    full, half = starting_margins(bars), starting_margins(bars, columns=2)
    assert full["b"] > 40 and full["r"] > 10  # seven long labels: turned, they need room below and right
    few = go.Figure(go.Bar(x=["Đạt", "Chưa đạt"], y=[1, 2]))
    assert starting_margins(few)["b"] == 40 and starting_margins(few)["r"] == 10  # side by side, level
    assert half == full  # already turned at full width: the same room in a half-width column

    months = go.Figure(go.Bar(x=pd.date_range("2025-01-01", periods=12, freq="MS"), y=list(range(12))))
    months.update_xaxes(tickformat="%m/%Y", title_text="Tháng")
    assert starting_margins(months)["b"] == 68  # "01/2025" … fit side by side on a full-width chart
    assert starting_margins(months, columns=2)["b"] > 68  # not in half of it


def test_charts_start_from_their_margins() -> None:
    fig = charts.attainment_bar(department())
    assert fig.layout.margin.to_plotly_json() == starting_margins(fig)


def test_the_attainment_hover_says_what_the_percentage_counts():
    """CT03 at 400,0% said nothing of what it was made of: the hover names the models and exemplars,
    a ratio its part and whole, an all-units indicator how many units attain."""
    frame = pd.DataFrame({
        "indicator_code": ["CT01", "CT03", "CT04", "CT05"],
        "short_name": ["Quán triệt", "Mô hình", "Tập huấn", "Tiếp công dân"],
        "aggregate": ["all_units", "models_and_exemplars", "sum_ratio", "sum_ratio"],
        "models": [None, 8, None, None], "exemplars": [None, 4, None, None],
        "numerator": [None, None, 19.0, 12.5], "denominator": [None, None, 21.0, 25.0],
        "result": ["3/9 đơn vị đạt (6 đơn vị chưa có số liệu)", "8 mô hình, 4 điển hình (chỉ tiêu ≥ 1)",
                   "90,5% (chỉ tiêu 100%)", "50,0% (chỉ tiêu 100%)"],
        "value_pct": [100 / 3, 400.0, 100 * 19 / 21, 50.0], "target_pct": [100.0] * 4,
        "status": ["Chưa đạt", "Đạt", "Chưa đạt", "Chưa đạt"],
    })
    bars = charts.attainment_bar(frame).data[0]
    assert list(bars.customdata) == [
        "3/9 đơn vị đạt (6 đơn vị chưa có số liệu)<br>Chưa đạt", "8 mô hình, 4 điển hình<br>Đạt",
        "Thực hiện 19/21<br>Chưa đạt", "Thực hiện 12,5/25<br>Chưa đạt"]
    assert list(bars.text)[1] == "400,0%"
    # with the target known, how 400% follows from the counts: the lower of the two against it
    with_target = charts.attainment_bar(frame.assign(target=[1.0, 1.0, 100.0, 100.0])).data[0]
    assert list(with_target.customdata)[1] == "8 mô hình, 4 điển hình<br>Tỷ lệ tính theo loại ít hơn: 4/1<br>Đạt"
    assert list(with_target.customdata)[2] == "Thực hiện 19/21<br>Chưa đạt"
    assert list(charts.attainment_bar(department()).data[0].customdata) == ["Đạt", "Chưa đạt", "Chưa có số liệu"]
