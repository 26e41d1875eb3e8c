"""Nộp báo cáo: which unit has sent which period's return, on time or late (DHIS2-style rates)."""

import streamlit as st

from dashboard import fmt, ui
from dashboard.charts import reporting as charts
from dashboard.queries import reporting

st.title("Nộp báo cáo")

with ui.guard():
    f = ui.filters()
    st.caption(
        f"Các kỳ đã kết thúc đến {fmt.day(min(f.today, f.end))}"
        + (". " if f.end <= f.today else f"; kỳ {f.period.label} kết thúc ngày {fmt.day(f.end)}. ")
        + f"{reporting.due_rule_text()} "
        "Tính đúng hạn theo lần nộp đầu tiên; tệp nộp thay thế không làm thay đổi ngày nộp."
    )
    grid = ui.data(reporting.submission_grid, f)
    if grid.empty:
        ui.no_data("Chưa có kỳ báo cáo nào của năm này kết thúc.")
        st.stop()
    summary = ui.data(reporting.returns_summary, f).iloc[0]
    # the period chosen may not be due yet (Quý IV before the 21/12): nobody is late, nothing is a rate yet
    pending = int(summary["not_due"])

    st.markdown(f"**{summary['period_label']}** · hạn nộp {fmt.day(summary['due_date'])}"
                + (" · chưa đến hạn" if pending else ""))
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Đơn vị phải nộp", fmt.num(summary["expected"]))
    c2.metric("Đã nộp", f"{fmt.num(summary['submitted'])}/{fmt.num(summary['expected'])}")
    c3.metric("Nộp đúng hạn", f"{fmt.num(summary['on_time'])}/{fmt.num(summary['expected'])}")
    c4.metric("Tỷ lệ nộp", "Chưa đến hạn" if pending else fmt.pct(summary["reporting_rate"]),
              help=f"{fmt.num(pending)} đơn vị chưa nộp, hạn nộp {fmt.day(summary['due_date'])}" if pending else None)

    # One tab at a time, each drawn only when opened: first what needs chasing.
    tab, box = ui.lazy_tabs(["Chưa nộp, nộp muộn", "Theo đơn vị và kỳ", "Tỷ lệ nộp theo kỳ"], key="nop_bao_cao_tab")
    with box:
        if tab == "Chưa nộp, nộp muộn":
            st.markdown(f"**Đơn vị chưa nộp hoặc nộp muộn · {summary['period_label']}**")
            late = ui.data(reporting.late_or_missing, f)
            if late.empty and pending:
                st.info(f"Chưa đến hạn nộp (hạn {fmt.day(summary['due_date'])}): {fmt.num(pending)} đơn vị chưa nộp, "
                        "chưa đơn vị nào nộp muộn.", icon=":material/schedule:")
            elif late.empty:
                st.success("Các đơn vị đã nộp đúng hạn.", icon=":material/check_circle:")
            else:
                ui.table(late, {"unit_name": "Đơn vị", "status": "Tình trạng", "due_date": "Hạn nộp",
                                "first_uploaded_at": "Ngày nộp"}, key="reporting_late")
        elif tab == "Theo đơn vị và kỳ":
            ui.plot(charts.submission_grid, grid, key="reporting_grid")
        else:
            rates = ui.data(reporting.reporting_rates, f)
            ui.plot(charts.rates_chart, rates, key="reporting_rates")
            ui.table(rates, {"period_label": "Kỳ báo cáo", "due_date": "Hạn nộp", "expected": "Phải nộp",
                             "submitted": "Đã nộp", "on_time": "Đúng hạn", "late": "Nộp muộn", "missing": "Chưa nộp",
                             "not_due": "Chưa đến hạn", "reporting_rate_text": "Tỷ lệ nộp",
                             "on_time_rate_text": "Tỷ lệ đúng hạn"}, key="reporting_rates_table")
