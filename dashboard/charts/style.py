"""Shared Plotly look: Vietnamese number separators, colours, titles, and the empty figure."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.fmt import NO_DATA, short_unit

# Status and category colours shared by every chart (and by table styling on pages).
COLORS: dict[str, str] = {
    "Đạt": "#2e7d32",
    "Chưa đạt": "#c62828",
    NO_DATA: "#9e9e9e",
    # Petition kinds (contract codes).
    "khieu_nai": "#1565c0",
    "to_cao": "#c62828",
    "kien_nghi": "#ef6c00",
    "phan_anh": "#6a1b9a",
    # Submission status (Nộp báo cáo).
    "Đúng hạn": "#2e7d32",
    "Nộp muộn": "#f9a825",
    "Chưa nộp": "#c62828",
    "Chưa đến hạn": "#90caf9",
    "Đã thay thế": "#bdbdbd",
    # Generic series.
    "primary": "#1565c0",
    "secondary": "#00897b",
    "target": "#c62828",
    "neutral": "#9e9e9e",
    "light": "#e0e0e0",
}

FONT_FAMILY = "Arial, 'Segoe UI', sans-serif"


CHAR_PX = 5.8  # average advance of a character at 13 px Arial in our labels (measured in Chromium)
CHART_PX = 940  # a full-width chart on a 1400 px wide screen (what leadership screens show)
PLOTLY_HEIGHT = 450  # a figure's height when it sets none (Plotly's default)
TITLE_TOP_PX = 6  # the title's top edge, from the top of the figure (a 13 px bold line: 21 px)
LEGEND_TOP_PX = 30  # the legend's top edge, under the title; a row of it is 29 px, and Plotly keeps
# the plot 12 px below it (starting_margins leaves 4 px more: a wider margin costs white space, a
# narrower one a second drawing)


def _labels(values) -> list[str]:
    return [str(v) for v in (values if values is not None else ()) if isinstance(v, str)]


def starting_margins(fig: go.Figure, columns: int = 1) -> dict[str, int]:
    """The margins the drawn chart will need, guessed from its tick labels and legend.

    Plotly draws a chart, measures its tick labels and legend, and draws it all again when they
    push the margins wider (axis ``automargin``): ~35 ms more of the browser's time for every chart
    on every page (docs/PERFORMANCE.md, round 4). Starting from margins at least that wide, the
    second drawing does not happen. ``automargin`` stays on, so a guess that is too small costs
    the second drawing, never a clipped label; one that is too wide costs a little white space.
    Calibrated on charts ``CHART_PX`` wide, or a ``columns``-th of that (``ui.plot_row``); on a
    much narrower screen a chart may still be drawn twice.
    """
    width = CHART_PX / columns
    y_visible = fig.layout.yaxis.visible is not False
    x_visible = fig.layout.xaxis.visible is not False
    y_labels, x_labels = [], []
    for trace in fig.data:
        if trace.type == "heatmap" or getattr(trace, "orientation", None) == "h":
            y_labels += _labels(trace.y)
    if fig.layout.yaxis.ticktext:  # labels in place of the categories (unit_axis): their longest line
        y_labels = [line for text in fig.layout.yaxis.ticktext for line in str(text).split("<br>")]
    for trace in fig.data:
        if trace.type == "heatmap" or getattr(trace, "orientation", None) != "h":
            x_labels += _labels(getattr(trace, "x", None))
    if fig.layout.xaxis.ticktext:
        x_labels = [str(text) for text in fig.layout.xaxis.ticktext]
    if not x_labels and fig.layout.xaxis.tickformat:  # a date axis ticked like "%m/%Y"
        x_labels = [pd.Timestamp(v).strftime(fig.layout.xaxis.tickformat) for t in fig.data
                    for v in (t.x if t.x is not None else ()) if not isinstance(v, str)]
    x_labels = list(dict.fromkeys(x_labels))
    y_title = 24 if fig.layout.yaxis.title.text else 0
    if not y_visible:
        left = 10
    elif y_labels:
        left = 18 + round(CHAR_PX * max(map(len, y_labels))) + y_title
    else:
        left = 70 + y_title  # numbers up to "100%" or "12.345"
    # Plotly turns categorical labels 30° when they do not fit side by side
    numeric_x = any(getattr(t, "orientation", None) == "h" for t in fig.data)  # its last tick hangs over
    longest_x = max(map(len, x_labels), default=0)
    spacing = (width - left - 10) / max(1, len(x_labels))  # the room of one category
    turned = bool(x_labels) and CHAR_PX * longest_x > spacing
    x_band = (68 if fig.layout.xaxis.title.text else 40) + (round(2.9 * longest_x) if turned else 0)
    right = (24 if numeric_x else 10) + (round(3.8 * len(x_labels[-1])) if turned else 0)
    legend = [t.name for t in fig.data if t.name and t.showlegend is not False
              and (t.showlegend or len(fig.data) > 1)]
    rows = max(1, -(-round(sum(CHAR_PX * len(n) + 40 for n in legend)) // round(width - 80)))
    top = (LEGEND_TOP_PX + 45 + 20 * (rows - 1)) if legend else 60  # 29 px a row + Plotly's 12 + 4 to spare
    if not x_visible:
        bottom = 10
    elif fig.layout.xaxis.side == "top":  # the legend goes under the plot, clear of the labels (apply_layout)
        top, bottom = 40 + x_band, 10 + (20 * rows + 10 if legend else 0)
    else:
        bottom = x_band
    return {"l": left, "r": right, "t": top, "b": bottom}


def unit_axis(fig: go.Figure, names: list[str]) -> go.Figure:
    """Units down the side shown by their short labels (``fmt.short_unit``: 'Phòng KH-TC'): full
    names took the width of a phone and left the plot a strip. The categories stay the full names,
    so the hover (``%{y}``) still says which unit it is."""
    fig.update_yaxes(tickmode="array", tickvals=list(names), ticktext=[short_unit(n) for n in names])
    return fig


def apply_layout(fig: go.Figure, title: str, *, height: int | None = None) -> go.Figure:
    """Give a figure the dashboard look: Vietnamese separators (1.234,5), title, legend, margins."""
    # The title at the top and the legend under it, both placed from the top of the figure: a
    # legend that wraps onto more rows (a phone) grows down and pushes the plot down, never up
    # over the title (a legend anchored on the plot's top edge did).
    drawn = height or fig.layout.height or PLOTLY_HEIGHT
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "yref": "container", "yanchor": "top",
               "y": 1 - TITLE_TOP_PX / drawn},
        separators=",.",
        font={"family": FONT_FAMILY, "size": 13},
        margin=starting_margins(fig),
        legend=({"orientation": "h", "yanchor": "top", "y": 0, "xanchor": "left", "x": 0}
                if fig.layout.xaxis.side == "top"  # labels above the plot: the legend under it
                else {"orientation": "h", "yref": "container", "yanchor": "top", "y": 1 - LEGEND_TOP_PX / drawn,
                      "xanchor": "left", "x": 0}),
        plot_bgcolor="white",
        hoverlabel={"font_family": FONT_FAMILY},
    )
    fig.update_xaxes(gridcolor="#eeeeee", zeroline=False)
    fig.update_yaxes(gridcolor="#eeeeee", zeroline=False)
    if height is not None:
        fig.update_layout(height=height)
    return fig


def empty_figure(title: str, message: str = NO_DATA) -> go.Figure:
    """A figure with no traces and a centred 'Chưa có số liệu' note."""
    fig = go.Figure()
    fig.add_annotation(
        text=message,
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        showarrow=False,
        font={"size": 16, "color": COLORS[NO_DATA]},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return apply_layout(fig, title, height=260)


def discrete_colorscale(colors: list[str]) -> list[list[object]]:
    """A step colorscale for a heatmap whose z holds category indexes 0..n-1 (use zmin=-0.5,
    zmax=n-0.5): category i is drawn in ``colors[i]``."""
    n = len(colors)
    scale: list[list[object]] = []
    for i, color in enumerate(colors):
        scale += [[i / n, color], [(i + 1) / n, color]]
    return scale


def legend_entry(fig: go.Figure, name: str, color: str, symbol: str = "square") -> None:
    """A legend item with no data (heatmaps have no legend of their own)."""
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=name, showlegend=True,
                             marker={"color": color, "size": 12, "symbol": symbol}, hoverinfo="skip"))
