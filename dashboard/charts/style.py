"""Shared Plotly look: Vietnamese number separators, colours, titles, and the empty figure."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.fmt import NO_DATA

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
}

FONT_FAMILY = "Arial, 'Segoe UI', sans-serif"


def apply_layout(fig: go.Figure, title: str, *, height: int | None = None) -> go.Figure:
    """Give a figure the dashboard look: Vietnamese separators (1.234,5), title, legend, margins."""
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        separators=",.",
        font={"family": FONT_FAMILY, "size": 13},
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
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
