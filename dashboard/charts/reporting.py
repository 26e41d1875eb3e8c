"""Charts of who has reported: the unit × period grid and the rates per period."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import fmt
from dashboard.charts.style import COLORS, apply_layout, discrete_colorscale, empty_figure, legend_entry, unit_axis
from etl.periods import period_from_code

STATUSES = ["Đúng hạn", "Nộp muộn", "Chưa nộp", "Chưa đến hạn", "Đã thay thế"]

GRID_TITLE = "Tình hình nộp báo cáo theo đơn vị và kỳ"
RATES_TITLE = "Tỷ lệ nộp báo cáo theo kỳ"


def short_period(code: str) -> str:
    """A period code as the grid's column heads show it: '2025-Q1' -> 'Q1', '2025-H1' -> '6T',
    '2025-9M' -> '9T', '2025' -> 'Năm', '2025-03' -> 'T3' (the year is the filter's)."""
    part = code.partition("-")[2]
    if not part:
        return "Năm"
    if part == "H1":
        return "6T"
    if part == "9M":
        return "9T"
    if part.isdigit():
        return f"T{int(part)}"
    return part


def _counted_by(counted: object, period: str) -> str:
    """', theo báo cáo 9 tháng năm 2025' when a longer return covers the period's cut-off (a quarter
    without its own file counts as the 9-month return did: 'Đúng hạn' with no Quý III file)."""
    if not isinstance(counted, str) or counted == period:
        return ""
    return f", theo báo cáo {period_from_code(counted).label}"


def submission_grid(frame: pd.DataFrame) -> go.Figure:
    """Unit × period heatmap of return status (blank where the unit did not exist yet).
    ``frame`` is ``queries.reporting.submission_grid``."""
    if frame.empty:
        return empty_figure(GRID_TITLE)
    periods = list(dict.fromkeys(frame["period_label"]))
    units = list(dict.fromkeys(frame["unit_name"]))
    status = frame.pivot(index="unit_name", columns="period_label", values="status").loc[units, periods]
    uploaded = frame.assign(
        hover=[(f"Nộp lúc {fmt.moment(t)}" + _counted_by(c, p)) if not pd.isna(t) else f"Hạn nộp {fmt.day(d)}"
               for t, d, c, p in zip(frame["first_uploaded_at"], frame["due_date"], frame["counted_period_code"],
                                     frame["period_code"])]
    ).pivot(index="unit_name", columns="period_label", values="hover").loc[units, periods]
    cells = status.to_numpy().tolist()
    z = [[STATUSES.index(s) if isinstance(s, str) else None for s in row] for row in cells]  # None: a gap
    text = [[s if isinstance(s, str) else "" for s in row] for row in cells]
    fig = go.Figure(go.Heatmap(
        x=periods, y=units, z=z, zmin=-0.5, zmax=len(STATUSES) - 0.5,
        colorscale=discrete_colorscale([COLORS[s] for s in STATUSES]), showscale=False,
        text=text, texttemplate="%{text}", customdata=uploaded.to_numpy().tolist(),
        hovertemplate="%{y}<br>%{x}: %{text}<br>%{customdata}<extra></extra>",
        xgap=2, ygap=2,
    ))
    present = set(frame["status"].dropna())
    for s in STATUSES:
        if s in present:
            legend_entry(fig, s, COLORS[s])
    fig.update_yaxes(autorange="reversed", showgrid=False)
    # the periods by their short names over the columns (the hover has the full one): "6 tháng đầu
    # năm 2025" stood on end on a phone and took the rows' height
    codes = dict(zip(frame["period_label"], frame["period_code"]))
    fig.update_xaxes(side="top", showgrid=False, tickmode="array", tickvals=periods,
                     ticktext=[short_period(str(codes[p])) for p in periods])
    unit_axis(fig, units)
    return apply_layout(fig, GRID_TITLE, height=max(260, 60 + 36 * len(units)))


def rates_chart(frame: pd.DataFrame) -> go.Figure:
    """Reporting rate and on-time rate (%) per period. ``frame`` is ``queries.reporting.reporting_rates``."""
    if frame.empty:
        return empty_figure(RATES_TITLE)
    x = frame["period_label"].tolist()
    fig = go.Figure()
    for column, name, color in (("reporting_rate", "Tỷ lệ đã nộp", COLORS["primary"]),
                                ("on_time_rate", "Tỷ lệ đúng hạn", COLORS["Đúng hạn"])):
        values = [None if pd.isna(v) else 100 * float(v) for v in frame[column]]
        fig.add_trace(go.Bar(
            x=x, y=values, name=name, marker_color=color,
            text=[fmt.pct(v) for v in frame[column]], textposition="outside",
            customdata=[f"{s}/{e} đơn vị" if column == "reporting_rate" else f"{o}/{e} đơn vị"
                        for s, o, e in zip(frame["submitted"], frame["on_time"], frame["expected"])],
            hovertemplate="%{x}<br>" + name + ": %{text} (%{customdata})<extra></extra>",
        ))
    fig.update_layout(barmode="group")
    fig.update_yaxes(title_text="Tỷ lệ (%)", ticksuffix="%", range=[0, 110])
    fig.update_xaxes(title_text="Kỳ báo cáo")
    return apply_layout(fig, RATES_TITLE, height=380)
