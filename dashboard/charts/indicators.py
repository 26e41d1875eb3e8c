"""Charts of the targets (chỉ tiêu): department-wide attainment, unit × indicator heatmap, trend."""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go

from dashboard import fmt
from dashboard.charts.style import COLORS, apply_layout, discrete_colorscale, empty_figure, legend_entry, unit_axis

STATUSES = ["Đạt", "Chưa đạt", fmt.NO_DATA]

ATTAINMENT_TITLE = "Mức đạt chỉ tiêu toàn Sở"
SELECTED_ATTAINMENT_TITLE = "Mức đạt chỉ tiêu của các đơn vị đã chọn"
HEATMAP_TITLE = "Kết quả chỉ tiêu theo đơn vị"
TREND_TITLE = "Diễn biến mức đạt chỉ tiêu qua các kỳ"


# A count target met many times over (CT03: 4 exemplars against "at least 1", 400%) would stretch
# the axis and flatten the 70-100% bars that matter: bars and lines stop here, their labels and
# hover texts keep the real value.
DRAWN_UP_TO = 150.0


def _indicator_label(code: str, short_name: str) -> str:
    return f"{code} · {short_name}"


def _drawn(values: list) -> list:
    return [v if v is None or pd.isna(v) else min(float(v), DRAWN_UP_TO) for v in values]


def _capped_axis(fig: go.Figure, values: list) -> None:
    """The value axis: from 0, and up to just above ``DRAWN_UP_TO`` when a value goes past it."""
    fig.update_yaxes(title_text="Mức đạt (%)", ticksuffix="%", rangemode="tozero")
    if any(not pd.isna(v) and float(v) > DRAWN_UP_TO for v in values):
        fig.update_yaxes(range=[0, DRAWN_UP_TO * 1.15])


def _counts(frame: pd.DataFrame) -> list[str]:
    """What each bar's percentage counts, for its hover: '8 mô hình, 4 điển hình' (CT03 at 400% said
    nothing of what it was made of), 'Thực hiện 19/21', '3/9 đơn vị đạt ...'; '' when not known."""
    def one(row: pd.Series) -> str:
        aggregate = row.get("aggregate")
        if aggregate == "models_and_exemplars" and not pd.isna(row.get("models")):
            counts = f"{fmt.num(row['models'])} mô hình, {fmt.num(row['exemplars'])} điển hình"
            target = row.get("target")
            if target is None or pd.isna(target) or not target:
                return counts
            # 400% is the lower of the two against the target: say so (leadership round)
            low = min(row["models"], row["exemplars"])
            return f"{counts}<br>Tỷ lệ tính theo loại ít hơn: {fmt.num(low)}/{fmt.num(target)}"
        if aggregate == "sum_ratio" and not pd.isna(row.get("denominator")):
            part, whole = row["numerator"], row["denominator"]
            return f"Thực hiện {fmt.num(part, _decimals(part))}/{fmt.num(whole, _decimals(whole))}"
        if aggregate == "all_units" and row.get("result") != fmt.NO_DATA and not pd.isna(row.get("result")):
            return str(row["result"])
        return ""
    return [one(row) for _, row in frame.iterrows()]


def _decimals(value: object) -> int:
    """0 for a whole number (19), 1 otherwise (19,5 people-equivalents)."""
    return 0 if float(value).is_integer() else 1


def selected_units_attainment_bar(frame: pd.DataFrame) -> go.Figure:
    """``attainment_bar`` of the units the filter selects (not the whole department)."""
    return attainment_bar(frame, SELECTED_ATTAINMENT_TITLE)


def attainment_bar(frame: pd.DataFrame, title: str = ATTAINMENT_TITLE) -> go.Figure:
    """Bars of each indicator's department-wide value (%), coloured by status, with its target
    marked. ``frame`` is ``queries.indicators.department_attainment``."""
    if frame.empty:
        return empty_figure(title)
    labels = [_indicator_label(c, s) for c, s in zip(frame["indicator_code"], frame["short_name"])]
    values = _drawn(frame["value_pct"].fillna(0).tolist())
    fig = go.Figure()
    fig.add_trace(go.Bar(
        x=labels, y=values, name="Kết quả", cliponaxis=False,
        marker={"color": [COLORS[s] for s in frame["status"]]},
        text=[fmt.NO_DATA if pd.isna(v) else f"{fmt.num(v, 1)}%" for v in frame["value_pct"]],
        textposition="outside",
        customdata=[f"{d}<br>{s}" if d else s for d, s in zip(_counts(frame), frame["status"])],
        hovertemplate="%{x}<br>Kết quả: %{text}<br>%{customdata}<extra></extra>",
        showlegend=False,
    ))
    fig.add_trace(go.Scatter(
        x=labels, y=frame["target_pct"].tolist(), name="Chỉ tiêu", mode="markers",
        marker={"symbol": "line-ew-open", "size": 36, "color": COLORS["target"], "line": {"width": 3}},
        text=[f"{fmt.num(v)}%" for v in frame["target_pct"]],
        hovertemplate="%{x}<br>Chỉ tiêu: %{text}<extra></extra>",
    ))
    for status in STATUSES:
        legend_entry(fig, status, COLORS[status])
    _capped_axis(fig, frame["value_pct"].tolist())
    fig.update_xaxes(title_text=None)
    return apply_layout(fig, title, height=420)


PARTIAL = "Chưa đánh giá được: chưa đủ đơn vị có số liệu"


def _judged(status: str, value: object) -> str:
    """The verdict under a point's value: a '100% đơn vị' target with some units' values and not
    all has a value but no verdict yet; 'Chưa có số liệu' under '77,8%' read as a contradiction."""
    return PARTIAL if status == fmt.NO_DATA and not pd.isna(value) else status


def _in_cell(result: str) -> str:
    """A unit's result as its heatmap cell shows it: '7/7 (100,0%)' as '100,0%' (the hover has it
    all), so that the text fits a cell and is drawn at a readable size."""
    inner = re.search(r"\(([^()]*)\)$", str(result))
    return inner.group(1) if inner else str(result)


def unit_heatmap(frame: pd.DataFrame) -> go.Figure:
    """Unit × indicator: Đạt / Chưa đạt / Chưa có số liệu, the value in each cell. ``frame`` is
    ``queries.indicators.unit_attainment`` (indicators measured per unit)."""
    if frame.empty:
        return empty_figure(HEATMAP_TITLE)
    codes = list(dict.fromkeys(frame["indicator_code"]))
    short = dict(zip(frame["indicator_code"], frame["short_name"]))
    units = list(dict.fromkeys(frame["unit_name"]))
    status = frame.pivot(index="unit_name", columns="indicator_code", values="status").loc[units, codes]
    result = frame.pivot(index="unit_name", columns="indicator_code", values="result").loc[units, codes]
    z = status.map(STATUSES.index).to_numpy().tolist()
    fig = go.Figure(go.Heatmap(
        x=[_indicator_label(c, short[c]) for c in codes], y=units, z=z,
        zmin=-0.5, zmax=len(STATUSES) - 0.5,
        colorscale=discrete_colorscale([COLORS[s] for s in STATUSES]), showscale=False,
        # a cell without data says so by its grey and its hover: "–" leaves the other cells' text the
        # room to be drawn at a readable size
        text=[["–" if s == fmt.NO_DATA else _in_cell(v) for s, v in zip(srow, vrow)]
              for srow, vrow in zip(status.to_numpy().tolist(), result.to_numpy().tolist())],
        texttemplate="%{text}",
        customdata=[[[s, s if v == s else f"{v}<br>{s}"] for s, v in zip(srow, vrow)]  # 'Chưa có số liệu' once
                    for srow, vrow in zip(status.to_numpy().tolist(), result.to_numpy().tolist())],
        hovertemplate="%{y}<br>%{x}<br>%{customdata[1]}<extra></extra>",
        xgap=2, ygap=2,
    ))
    for s in STATUSES:
        legend_entry(fig, s, COLORS[s])
    fig.update_yaxes(autorange="reversed", showgrid=False)
    # the codes over the columns (the hover names the indicator): "CT01 · Quán triệt văn bản" over
    # each column stood on end on a phone and took the rows' height
    labels = [_indicator_label(c, short[c]) for c in codes]
    fig.update_xaxes(side="top", showgrid=False, tickmode="array", tickvals=labels, ticktext=codes)
    unit_axis(fig, units)
    return apply_layout(fig, HEATMAP_TITLE, height=max(260, 60 + 36 * len(units)))


def trend_lines(frame: pd.DataFrame) -> go.Figure:
    """One line per indicator: its department-wide value (%) at each cut-off of the year, with
    the target line(s). ``frame`` is ``queries.indicators.department_trend``."""
    if frame.empty:
        return empty_figure(TREND_TITLE)
    periods = list(dict.fromkeys(frame.sort_values("cutoff")["period_label"]))
    fig = go.Figure()
    for code, rows in frame.groupby("indicator_code", sort=True):
        rows = rows.sort_values("cutoff")
        fig.add_trace(go.Scatter(
            x=rows["period_label"].tolist(), y=_drawn(rows["value_pct"].tolist()), mode="lines+markers",
            name=_indicator_label(code, rows["short_name"].iloc[0]),
            text=[fmt.NO_DATA if pd.isna(v) else f"{fmt.num(v, 1)}%" for v in rows["value_pct"]],
            customdata=[_judged(s, v) for s, v in zip(rows["status"], rows["value_pct"])],
            hovertemplate="%{fullData.name}: %{text} · %{customdata}<extra></extra>",
        ))
    for target in sorted(frame["target_pct"].dropna().unique()):
        fig.add_hline(y=float(target), line_dash="dash", line_color=COLORS["target"],
                      annotation_text=f"Chỉ tiêu {fmt.num(target)}%", annotation_position="top left")
    # one hover for every line at a period: lines at the same value (several targets at 100%) hid
    # one another, and one of them could never be hovered
    fig.update_layout(hovermode="x unified")
    fig.update_xaxes(categoryorder="array", categoryarray=periods, title_text="Kỳ báo cáo")
    _capped_axis(fig, frame["value_pct"].tolist())
    return apply_layout(fig, TREND_TITLE, height=420)
