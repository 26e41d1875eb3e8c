"""The yardstick for page timings (bench/run.py §3): two trivial pages with one Plotly chart each.

    streamlit run bench/trivial_app.py

Same Streamlit, same browser, same machine, no login, no database: whatever our pages take beyond
this is ours. Two pages so that a page switch can be timed the same way as in the app.
"""

import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="Trivial", layout="wide")


def chart(title: str) -> None:
    st.title(title)
    fig = go.Figure(go.Bar(x=["A", "B", "C", "D"], y=[3, 1, 4, 1]))
    fig.update_layout(title=title, height=360)
    st.plotly_chart(fig, width="stretch")


def first() -> None:
    chart("Trang một")


def second() -> None:
    chart("Trang hai")


st.navigation([st.Page(first, title="Trang một", url_path="mot", default=True),
               st.Page(second, title="Trang hai", url_path="hai")]).run()
