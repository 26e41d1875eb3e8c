"""Charts of complaints, denunciations and petitions (đơn thư): frames from
``dashboard.queries.petitions`` in, Plotly figures out; Vietnamese text, vi-VN numbers."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import fmt
from dashboard.charts.style import COLORS, apply_layout, empty_figure, unit_axis

__all__ = [
    "ACCEPTANCE_COLORS",
    "DEADLINE_STATE_COLORS",
    "LIMIT_TRACE",
    "REFERENCE_TRACE",
    "acceptance_chart",
    "on_time_by_month_chart",
    "on_time_by_unit_chart",
    "open_by_age_chart",
    "open_by_deadline_chart",
    "resolution_time_chart",
    "results_chart",
]

KIND_ORDER = ("khieu_nai", "to_cao", "kien_nghi", "phan_anh")
LIMIT_TRACE = "Thời hạn luật định"
REFERENCE_TRACE = "Thời hạn tham chiếu (ngày làm việc quy ra ngày lịch)"  # the axis is in calendar days
REFERENCE_COLOR = "#616161"
MONTH_BAR_MS = 25 * 24 * 3600 * 1000  # bar width on a date axis (a lone bar is otherwise a hairline)

DEADLINE_STATE_COLORS = {
    "qua_han": COLORS["Chưa đạt"],
    "den_han": "#ef6c00",
    "con_han": COLORS["Đạt"],
    "chua_xac_dinh": COLORS["neutral"],
}


ACCEPTANCE_COLORS = {
    "dung_han": COLORS["Đạt"],
    "qua_han": COLORS["Chưa đạt"],
    "chua_qua_han": "#ef6c00",
    "chua_con_han": "#90caf9",
    "khong_ghi": COLORS["neutral"],
}


def _month(value: object) -> str:
    return pd.Timestamp(value).strftime("%m/%Y")  # type: ignore[arg-type]


def resolution_time_chart(times: pd.DataFrame | None, limits: pd.DataFrame,
                          stats: pd.DataFrame | None = None) -> go.Figure:
    """Box plot of resolution days per kind, with the statutory limits drawn as horizontal marks on
    each kind: calendar-day limits solid, working-day limits (kiến nghị, phản ánh) as a reference at
    the same number of whole weeks.

    ``times`` (``resolution_times``, one row per case): every case drawn as a point, its Số hiệu on
    hover — for a department's few hundred cases. Without it, ``stats`` (``resolution_stats``,
    quartiles and whiskers computed in DuckDB) draws the same boxes for any number of cases, and
    the browser receives four boxes instead of a point per case. ``limits``: ``resolution_limits``."""
    title = "Thời gian giải quyết theo loại đơn"
    if (times is None or times.empty) and (stats is None or stats.empty):
        return empty_figure(title)
    fig = go.Figure()
    shown = times if times is not None and not times.empty else stats
    labels = dict(zip(limits["kind"], limits["kind_label"])) | dict(zip(shown["kind"], shown["kind_label"]))
    order = [labels[k] for k in KIND_ORDER if k in labels]
    for kind in KIND_ORDER:
        if kind not in labels:
            continue
        label = labels[kind]
        style = {"name": label, "marker": {"color": COLORS[kind]}, "line": {"color": COLORS[kind]},
                 "showlegend": False}
        if shown is times:
            rows = times[times["kind"] == kind]
            if rows.empty:
                continue
            fig.add_trace(go.Box(
                x=[label] * len(rows), y=rows["resolution_days"].astype(float).tolist(),
                boxpoints="all", jitter=0.3, pointpos=0, customdata=rows["petition_ref"].tolist(),
                # the points' own Vietnamese hover only: plotly's box hover says 'max', 'q3', 'median'
                hoveron="points",
                hovertemplate="%{customdata}: %{y} ngày<extra>" + label + "</extra>", **style,
            ))
            continue
        row = stats[stats["kind"] == kind]
        if row.empty:
            continue
        r = row.iloc[0]
        fig.add_trace(go.Box(
            x=[label], q1=[float(r["q1"])], median=[float(r["median"])], q3=[float(r["q3"])],
            lowerfence=[float(r["lower_fence"])], upperfence=[float(r["upper_fence"])],
            mean=[float(r["mean_days"])], boxpoints=False, hoverinfo="skip", **style,
        ))
        summary = (f"{label}: {fmt.num(r['cases'])} đơn đã giải quyết<br>"
                   f"Trung vị {fmt.num(r['median'], 1)} ngày; một nửa số đơn từ {fmt.num(r['q1'], 1)} "
                   f"đến {fmt.num(r['q3'], 1)} ngày<br>"
                   f"Nhanh nhất {fmt.num(r['min_days'])}, lâu nhất {fmt.num(r['max_days'])} ngày; "
                   f"bình quân {fmt.num(r['mean_days'], 1)} ngày<br>"
                   f"Đúng hạn {fmt.num(r['on_time'])}, quá hạn {fmt.num(r['late'])}")
        fig.add_trace(go.Scatter(  # the box's Vietnamese hover (plotly's own box hover is English)
            x=[label], y=[float(r["median"])], mode="markers", marker={"size": 14, "opacity": 0},
            text=[summary], hovertemplate="%{text}<extra></extra>", showlegend=False, name=label,
        ))
    for trace_name, day_type, color in ((LIMIT_TRACE, "calendar", COLORS["target"]),
                                        (REFERENCE_TRACE, "working", REFERENCE_COLOR)):
        marks: dict[tuple[str, int], list[str]] = {}
        for row in limits[limits["day_type"] == day_type].itertuples():
            if day_type == "calendar":
                text = f"{row.case_label}: {fmt.num(row.limit_days)} ngày ({row.legal_basis})"
            else:
                text = (f"{row.case_label}: {fmt.num(row.limit_days)} ngày làm việc "
                        f"(≈ {fmt.num(row.calendar_days)} ngày; {row.legal_basis})")
            marks.setdefault((row.kind_label, int(row.calendar_days)), []).append(text)
        if not marks:
            continue
        fig.add_trace(go.Scatter(
            name=trace_name, mode="markers",
            x=[kind_label for kind_label, _ in marks], y=[days for _, days in marks],
            text=["<br>".join(texts) for texts in marks.values()],
            marker={"symbol": "line-ew", "size": 60, "color": color, "line": {"width": 3, "color": color}},
            hovertemplate="%{text}<extra></extra>",
        ))
    fig.update_xaxes(title_text="Loại đơn", categoryorder="array", categoryarray=order)
    fig.update_yaxes(title_text="Số ngày giải quyết (ngày lịch)", rangemode="tozero")
    return apply_layout(fig, title)


def on_time_by_month_chart(frame: pd.DataFrame) -> go.Figure:
    """Share of cases resolved on time, per month of resolution (``on_time_by_month``)."""
    title = "Tỷ lệ giải quyết đúng hạn theo tháng"
    rows = frame[frame["on_time_share"].notna()] if not frame.empty else frame
    if rows.empty:
        return empty_figure(title)
    fig = go.Figure(go.Bar(
        name="Tỷ lệ đúng hạn",
        x=rows["month"], y=(rows["on_time_share"] * 100).round(1).tolist(), width=[MONTH_BAR_MS] * len(rows),
        text=[fmt.pct(v) for v in rows["on_time_share"]], textposition="outside",
        marker={"color": COLORS["primary"]},
        customdata=[[_month(m), fmt.num(o), fmt.num(o + late)] for m, o, late in
                    zip(rows["month"], rows["on_time"], rows["late"])],
        hovertemplate="Tháng %{customdata[0]}<br>Đúng hạn %{customdata[1]}/%{customdata[2]} đơn: %{text}"
                      "<extra></extra>",
    ))
    fig.update_xaxes(title_text="Tháng giải quyết", tickformat="%m/%Y", dtick="M1")
    fig.update_yaxes(title_text="Tỷ lệ đúng hạn (%)", range=[0, 110])
    return apply_layout(fig, title)


def on_time_by_unit_chart(frame: pd.DataFrame) -> go.Figure:
    """Share of cases resolved on time, per unit (``on_time_by_unit``), as horizontal bars."""
    title = "Tỷ lệ giải quyết đúng hạn theo đơn vị"
    rows = frame[frame["on_time_share"].notna()] if not frame.empty else frame
    if rows.empty:
        return empty_figure(title)
    fig = go.Figure(go.Bar(
        name="Tỷ lệ đúng hạn", orientation="h",
        y=rows["unit_name"].tolist(), x=(rows["on_time_share"] * 100).round(1).tolist(),
        text=[fmt.pct(v) for v in rows["on_time_share"]], textposition="outside",
        marker={"color": COLORS["primary"]},
        customdata=[[fmt.num(o), fmt.num(o + late)] for o, late in zip(rows["on_time"], rows["late"])],
        hovertemplate="%{y}<br>Đúng hạn %{customdata[0]}/%{customdata[1]} đơn: %{text}<extra></extra>",
    ))
    fig.update_xaxes(title_text="Tỷ lệ đúng hạn (%)", range=[0, 115])
    fig.update_yaxes(autorange="reversed")  # the unit names say what the axis is
    unit_axis(fig, rows["unit_name"].tolist())
    return apply_layout(fig, title, height=max(260, 90 + 40 * len(rows)))


def acceptance_chart(frame: pd.DataFrame) -> go.Figure:
    """Thụ lý against its limit, one stacked bar per kind (``acceptance_on_time``): on time, late,
    not yet and overdue, not yet and within the limit, closed with no date written."""
    title = "Thụ lý đơn khiếu nại, tố cáo"
    if frame.empty or int(frame["cases"].sum()) == 0:
        return empty_figure(title, "Không có đơn khiếu nại, tố cáo thuộc thẩm quyền nhận trong kỳ")
    kinds = frame.drop_duplicates("kind")
    labels = [f"{k} ({limit})" for k, limit in zip(kinds["kind_label"], kinds["limit"])]
    fig = go.Figure()
    for state, rows in frame.groupby("state", sort=False):
        counts = [int(v) for v in rows["cases"]]
        totals = [int(frame.loc[frame["kind"] == k, "cases"].sum()) for k in rows["kind"]]
        fig.add_trace(go.Bar(
            name=rows["state_label"].iloc[0], orientation="h", y=labels, x=counts,
            marker={"color": ACCEPTANCE_COLORS.get(state, COLORS["neutral"])},
            text=[fmt.num(c) if c else "" for c in counts], textposition="inside",
            customdata=[[fmt.num(c), fmt.num(t), fmt.pct(c / t) if t else ""] for c, t in zip(counts, totals)],
            hovertemplate=f"%{{y}}<br>{rows['state_label'].iloc[0]}: %{{customdata[0]}}/%{{customdata[1]}} đơn "
                          "(%{customdata[2]})<extra></extra>",
        ))
    fig.update_layout(barmode="stack", legend_traceorder="normal")
    top = int(frame.groupby("kind")["cases"].sum().max())
    fig.update_xaxes(title_text="Số đơn", rangemode="tozero", dtick=1 if top <= 10 else None)
    fig.update_yaxes(autorange="reversed")
    return apply_layout(fig, title, height=280)


def _count_bars(labels: list[str], counts: list[int], colors: list[str] | str, title: str, x_title: str,
                y_title: str, name: str) -> go.Figure:
    fig = go.Figure(go.Bar(
        name=name, x=labels, y=counts, marker={"color": colors},
        text=[fmt.num(c) for c in counts], textposition="outside",
        hovertemplate="%{x}: %{text} đơn<extra></extra>",
    ))
    fig.update_xaxes(title_text=x_title)
    top = max(max(counts, default=0), 1)
    fig.update_yaxes(title_text=y_title, range=[0, top * 1.2], dtick=1 if top <= 10 else None)
    return apply_layout(fig, title)


def open_by_age_chart(frame: pd.DataFrame) -> go.Figure:
    """Open cases by days since receipt (``open_by_age``)."""
    title = "Đơn chưa giải quyết theo số ngày kể từ ngày nhận"
    if frame.empty or int(frame["open"].sum()) == 0:
        return empty_figure(title, "Không có đơn chưa giải quyết")
    return _count_bars(frame["age_band_label"].tolist(), [int(v) for v in frame["open"]], COLORS["primary"],
                       title, "Số ngày kể từ ngày nhận", "Số đơn", "Đơn chưa giải quyết")


def open_by_deadline_chart(frame: pd.DataFrame) -> go.Figure:
    """Open cases against their deadline (``open_by_deadline``): Quá hạn / Đến hạn / Còn hạn /
    Chưa xác định hạn, coloured red / orange / green / grey."""
    title = "Đơn chưa giải quyết theo thời hạn"
    if frame.empty or int(frame["open"].sum()) == 0:
        return empty_figure(title, "Không có đơn chưa giải quyết")
    colors = [DEADLINE_STATE_COLORS.get(s, COLORS["neutral"]) for s in frame["deadline_state"]]
    return _count_bars(frame["deadline_state_label"].tolist(), [int(v) for v in frame["open"]], colors,
                       title, "Tình trạng thời hạn", "Số đơn", "Đơn chưa giải quyết")


def results_chart(frame: pd.DataFrame) -> go.Figure:
    """Cases resolved in the period by result (``petition_results``)."""
    title = "Kết quả giải quyết"
    if frame.empty or int(frame["cases"].sum()) == 0:
        return empty_figure(title)
    colors = [COLORS["neutral"] if r == "khong_ghi" else COLORS["secondary"] for r in frame["result"]]
    return _count_bars(frame["result_label"].tolist(), [int(v) for v in frame["cases"]], colors,
                       title, "Kết quả", "Số đơn", "Đơn đã giải quyết")
