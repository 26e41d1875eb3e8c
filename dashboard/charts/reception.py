"""Charts of citizen reception (tiếp công dân): frames from ``dashboard.queries.reception`` in,
Plotly figures out; Vietnamese text, vi-VN numbers, months as mm/yyyy."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import fmt
from dashboard.charts.style import COLORS, apply_layout, empty_figure

__all__ = ["HEAD_STATE_COLORS", "head_rule_strip", "sessions_by_form_chart", "sessions_by_host_chart"]

FORM_COLORS = {"thuong_xuyen": COLORS["primary"], "dinh_ky": COLORS["secondary"], "dot_xuat": "#ef6c00"}
HOST_COLORS = {"giam_doc": "#c62828", "pho_giam_doc": "#ef6c00", "lanh_dao_phong": COLORS["secondary"],
               "can_bo_tcd": COLORS["primary"]}
MONTH_BAR_MS = 25 * 24 * 3600 * 1000  # bar width on a date axis (a lone bar is otherwise a hairline)
HEAD_STATE_COLORS = {"dat": COLORS["Đạt"], "khong_dat": COLORS["Chưa đạt"], "chua_het_thang": COLORS["neutral"],
                     "chua_co_so_lieu": COLORS["light"]}


def _month(value: object) -> str:
    return pd.Timestamp(value).strftime("%m/%Y")  # type: ignore[arg-type]


def _stacked_by_month(frame: pd.DataFrame, code: str, title: str, colors: dict[str, str]) -> go.Figure:
    if frame.empty:
        return empty_figure(title)
    fig = go.Figure()
    order = list(colors)  # catalogue order: the legend and the stacking follow it
    values = sorted(dict.fromkeys(frame[code]), key=lambda v: order.index(v) if v in order else len(order))
    for value in values:
        rows = frame[frame[code] == value]
        label = str(rows[f"{code}_label"].iloc[0])
        fig.add_trace(go.Bar(
            name=label, x=rows["month"], y=[int(v) for v in rows["sessions"]], width=[MONTH_BAR_MS] * len(rows),
            marker={"color": colors.get(str(value), COLORS["neutral"])},
            customdata=[[_month(m), fmt.num(v), fmt.num(p)] for m, v, p in
                        zip(rows["month"], rows["visits"], rows["people"])],
            hovertemplate=(f"{label}<br>Tháng %{{customdata[0]}}: %{{y}} buổi, "
                           "%{customdata[1]} lượt, %{customdata[2]} người<extra></extra>"),
        ))
    fig.update_layout(barmode="stack", legend_traceorder="normal")
    fig.update_xaxes(title_text="Tháng", tickformat="%m/%Y", dtick="M1")
    top = int(frame.groupby("month")["sessions"].sum().max())
    fig.update_yaxes(title_text="Số buổi tiếp", rangemode="tozero", dtick=1 if top <= 10 else None)
    return apply_layout(fig, title)


def sessions_by_form_chart(frame: pd.DataFrame) -> go.Figure:
    """Sessions per month, stacked by form (``sessions_by_month_and_form``)."""
    return _stacked_by_month(frame, "form", "Số buổi tiếp công dân theo tháng và hình thức", FORM_COLORS)


def sessions_by_host_chart(frame: pd.DataFrame) -> go.Figure:
    """Sessions per month, stacked by host (``sessions_by_month_and_host``)."""
    return _stacked_by_month(frame, "host_role", "Số buổi tiếp công dân theo tháng và người chủ trì",
                             HOST_COLORS)


def head_rule_strip(frame: pd.DataFrame) -> go.Figure:
    """One cell per month, Đạt (green) / Không đạt (red) / Chưa hết tháng, Chưa có số liệu (greys): the head's
    reception against the ≥ 1 day a month rule (``head_reception_by_month``)."""
    title = "Giám đốc Sở tiếp công dân (≥ 1 ngày/tháng)"  # whole at 390 px; the law's article: under the chart
    if frame.empty:
        return empty_figure(title)
    fig = go.Figure()
    order = list(HEAD_STATE_COLORS)
    for state in sorted(dict.fromkeys(frame["state"]), key=lambda v: order.index(v) if v in order else len(order)):
        rows = frame[frame["state"] == state]
        label = str(rows["state_label"].iloc[0])
        unreported = state == "chua_co_so_lieu"  # no return covers the month: no count to show, not "0"
        fig.add_trace(go.Bar(
            name=label, x=rows["month"], y=[1] * len(rows), width=[MONTH_BAR_MS] * len(rows),
            marker={"color": HEAD_STATE_COLORS.get(str(state), COLORS["neutral"]), "line": {"color": "white",
                                                                                           "width": 2}},
            text=["–" if unreported else fmt.num(d) for d in rows["days"]], textposition="inside",
            customdata=[[_month(m), fmt.num(d)] for m, d in zip(rows["month"], rows["days"])],
            hovertemplate=(f"Tháng %{{customdata[0]}}: {label}<extra></extra>" if unreported else
                           f"Tháng %{{customdata[0]}}: {label} (%{{customdata[1]}} ngày tiếp)<extra></extra>"),
        ))
    fig.update_layout(barmode="overlay", legend_traceorder="normal")
    fig.update_xaxes(title_text="Tháng", tickformat="%m/%Y", dtick="M1")
    fig.update_yaxes(visible=False, range=[0, 1])
    return apply_layout(fig, title, height=220)
