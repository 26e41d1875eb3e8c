"""Tiếp công dân: sessions by month, form and host, the head's monthly reception (Luật Tiếp công
dân Điều 18), totals of visits, people, cases and delegations, periodic sessions held on schedule."""

import streamlit as st

from dashboard import fmt, ui
from dashboard.charts import reception as charts
from dashboard.filters import Filters
from dashboard.queries import reception as q


def head_rule(f: Filters) -> None:
    """The head of the department receives citizens at least one day a month (Điều 18)."""
    head = ui.data(q.head_rule_summary, f).iloc[0]
    a, b = st.columns([1, 4])
    if head["missed"]:
        verdict, color = f"{fmt.num(head['missed'])} tháng không đạt", "red"
    elif head["judged"]:
        verdict, color = "Đạt tất cả các tháng", "green"
    else:
        verdict, color = "Chưa đánh giá", "gray"  # no month judged yet (a longer text was cut)
    a.metric(
        "Số tháng đạt", f"{fmt.num(head['met'])}/{fmt.num(head['judged'])}" if head["judged"] else "–", border=True,
        delta=verdict, delta_color=color, delta_arrow="off",
        help="Luật Tiếp công dân 2013, Điều 18: người đứng đầu trực tiếp tiếp công dân ít nhất 01 ngày "
             "trong 01 tháng. Tính cho toàn Sở (không theo bộ lọc đơn vị), mỗi tháng trọn tháng dương lịch "
             "(những ngày sau ngày chốt 14 của kỳ lấy từ báo cáo kỳ sau); tháng chưa kết thúc mà chưa "
             "tiếp được ghi “Chưa hết tháng”; tháng sau ngày chốt số liệu của báo cáo mới nhất đã nộp ghi "
             "“Chưa có số liệu” (chưa tính là không đạt).",
    )
    if f.units:  # the rule is the head's: the unit filter does not apply to it
        a.caption("Giám đốc Sở: tính chung toàn Sở, không theo bộ lọc đơn vị.")
    with b:
        ui.plot(charts.head_rule_strip, ui.data(q.head_reception_by_month, f))
        st.caption("Luật Tiếp công dân 2013, Điều 18: người đứng đầu trực tiếp tiếp công dân ít nhất 01 ngày "
                   "trong 01 tháng. Mỗi tháng tính trọn tháng dương lịch: những ngày sau ngày chốt 14 của kỳ lấy từ "
                   "báo cáo kỳ sau, nên số ngày ở đây có thể nhiều hơn ở thẻ “Theo người chủ trì” (chỉ trong kỳ).")


st.title("Tiếp công dân")
f = ui.filters()
st.caption(f"Kỳ số liệu {fmt.day(f.start)} – {fmt.day(f.end)}.")

with ui.guard():
    # no return reaches into the period: its zeros would read as "no session held"
    reported = ui.reported(f)
    totals = ui.data(q.reception_totals, f).iloc[0] if reported else {}
    value = totals.get  # None (shown as "–") while nothing is reported
    cols = st.columns(6)
    cols[0].metric("Số buổi tiếp", fmt.num(value("sessions")), border=True)
    cols[1].metric("Số lượt", fmt.num(value("visits")), border=True)
    cols[2].metric("Số người", fmt.num(value("people")), border=True)
    cols[3].metric("Số vụ việc", fmt.num(value("cases")), border=True)
    cols[4].metric("Đoàn đông người", fmt.num(value("delegations")), border=True)
    cols[5].metric(
        "Đúng lịch", fmt.pct(value("on_schedule_share")), border=True,  # "Định kỳ đúng lịch" was cut at 1400 px
        delta=f"{fmt.num(value('periodic_on_schedule'))}/{fmt.num(value('periodic_sessions'))} buổi" if reported
        else None, delta_color="off", delta_arrow="off",
        help="Buổi tiếp định kỳ đúng lịch: số buổi tiếp định kỳ tổ chức đúng lịch / số buổi tiếp định kỳ "
             "(chỉ tiêu 100%).",
    )

    # One tab at a time, each drawn only when opened.
    tab, box = ui.lazy_tabs(["Giám đốc Sở tiếp công dân", "Theo hình thức", "Theo người chủ trì"], key="tcd_tab")
    with box:
        if tab == "Giám đốc Sở tiếp công dân":
            head_rule(f)
        elif tab == "Theo hình thức":
            ui.plot(charts.sessions_by_form_chart, ui.data(q.sessions_by_month_and_form, f))
        else:
            ui.plot(charts.sessions_by_host_chart, ui.data(q.sessions_by_month_and_host, f))
