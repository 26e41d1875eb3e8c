"""Charts of "Dân vận khéo" models: frames from ``dashboard.queries.models`` in, Plotly figures out;
Vietnamese text, vi-VN numbers, months as mm/yyyy."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from dashboard import fmt
from dashboard.charts.style import COLORS, apply_layout, empty_figure, unit_axis

__all__ = [
    "TARGET_TRACE",
    "models_by_field_chart",
    "models_by_level_chart",
    "models_by_status_chart",
    "models_by_unit_chart",
    "registrations_chart",
]

TARGET_TRACE = "Chỉ tiêu"
MONTH_BAR_MS = 25 * 24 * 3600 * 1000  # bar width on a date axis (a lone bar is otherwise a hairline)
STATUS_COLORS = {"dang_ky": "#90caf9", "dang_trien_khai": COLORS["primary"], "da_so_ket": COLORS["secondary"],
                 "duoc_cong_nhan": COLORS["Đạt"], "dung": COLORS["neutral"]}


def _month(value: object) -> str:
    return pd.Timestamp(value).strftime("%m/%Y")  # type: ignore[arg-type]


def _bars(labels: list[str], counts: list[int], colors: list[str] | str, title: str, x_title: str) -> go.Figure:
    fig = go.Figure(go.Bar(
        name="Số mô hình", x=labels, y=counts, marker={"color": colors},
        text=[fmt.num(c) for c in counts], textposition="outside",
        hovertemplate="%{x}: %{text} mô hình<extra></extra>",
    ))
    fig.update_xaxes(title_text=x_title)
    top = max(max(counts, default=0), 1)
    fig.update_yaxes(title_text="Số mô hình", range=[0, top * 1.25], dtick=1 if top <= 10 else None)
    return apply_layout(fig, title)


def models_by_unit_chart(frame: pd.DataFrame) -> go.Figure:
    """Models per unit, stacked Mô hình / Điển hình (``models_by_unit``), horizontal bars."""
    title = "Mô hình, điển hình “Dân vận khéo” theo đơn vị"
    if frame.empty:
        return empty_figure(title)
    fig = go.Figure()
    for column, name, color in (("mo_hinh", "Mô hình", COLORS["primary"]),
                                ("dien_hinh", "Điển hình", COLORS["secondary"])):
        fig.add_trace(go.Bar(
            name=name, orientation="h", y=frame["unit_name"].tolist(), x=[int(v) for v in frame[column]],
            marker={"color": color}, hovertemplate=f"%{{y}}<br>{name}: %{{x}}<extra></extra>",
        ))
    fig.update_layout(barmode="stack", legend_traceorder="normal")
    top = int((frame["mo_hinh"] + frame["dien_hinh"]).max())
    fig.update_xaxes(title_text="Số mô hình", rangemode="tozero", dtick=1 if top <= 10 else None)
    fig.update_yaxes(title_text="Đơn vị", autorange="reversed")
    unit_axis(fig, frame["unit_name"].tolist())
    return apply_layout(fig, title, height=max(260, 90 + 40 * len(frame)))


def models_by_field_chart(frame: pd.DataFrame) -> go.Figure:
    """Models per field (``models_by_field``)."""
    title = "Mô hình theo lĩnh vực"
    if frame.empty or int(frame["models"].sum()) == 0:
        return empty_figure(title)
    return _bars(frame["field_label"].tolist(), [int(v) for v in frame["models"]], COLORS["primary"], title,
                 "Lĩnh vực")


def models_by_status_chart(frame: pd.DataFrame) -> go.Figure:
    """Models per status, in lifecycle order (``models_by_status``)."""
    title = "Mô hình theo trạng thái"
    if frame.empty or int(frame["models"].sum()) == 0:
        return empty_figure(title)
    colors = [STATUS_COLORS.get(s, COLORS["neutral"]) for s in frame["status"]]
    return _bars(frame["status_label"].tolist(), [int(v) for v in frame["models"]], colors, title, "Trạng thái")


def models_by_level_chart(frame: pd.DataFrame) -> go.Figure:
    """Recognised models per recognition level (``models_by_recognition_level``)."""
    title = "Mô hình được công nhận theo cấp"
    if frame.empty or int(frame["models"].sum()) == 0:
        return empty_figure(title, "Chưa có mô hình được công nhận")
    return _bars(frame["level_label"].tolist(), [int(v) for v in frame["models"]], COLORS["Đạt"], title,
                 "Cấp công nhận")


def registrations_chart(frame: pd.DataFrame, target: float | None = None) -> go.Figure:
    """Registrations per month (bars) and their running total in the period (line), against the
    plan's target of models registered in the year (dashed line) when given
    (``model_registrations_by_month``, ``model_target``)."""
    title = "Đăng ký mô hình theo thời gian (lũy kế trong kỳ)"
    if frame.empty:
        return empty_figure(title)
    months = [_month(m) for m in frame["month"]]
    fig = go.Figure()
    fig.add_trace(go.Bar(
        name="Đăng ký trong tháng", x=frame["month"], y=[int(v) for v in frame["registered"]],
        width=[MONTH_BAR_MS] * len(frame),
        marker={"color": COLORS["primary"]}, customdata=months,
        hovertemplate="Tháng %{customdata}: %{y} mô hình đăng ký<extra></extra>",
    ))
    fig.add_trace(go.Scatter(
        name="Lũy kế trong kỳ", x=frame["month"], y=[int(v) for v in frame["cumulative"]], mode="lines+markers",
        line={"color": COLORS["secondary"], "width": 3}, customdata=months,
        hovertemplate="Đến hết tháng %{customdata}: %{y} mô hình<extra></extra>",
    ))
    has_target = target is not None and not math.isnan(float(target))
    if has_target:
        fig.add_trace(go.Scatter(
            name=TARGET_TRACE, x=[frame["month"].iloc[0], frame["month"].iloc[-1]], y=[target, target],
            mode="lines", line={"color": COLORS["target"], "dash": "dash"},
            hovertemplate=f"Chỉ tiêu: ít nhất {fmt.num(target)} mô hình đăng ký trong năm<extra></extra>",
        ))
    target_top = math.ceil(float(target)) if has_target else 0  # type: ignore[arg-type]
    top = max(int(frame["cumulative"].max()), target_top, 1)
    fig.update_xaxes(title_text="Tháng đăng ký", tickformat="%m/%Y", dtick="M1")
    fig.update_yaxes(title_text="Số mô hình", range=[0, top * 1.25], dtick=1 if top <= 10 else None)
    return apply_layout(fig, title)
