"""Chỉ tiêu: the plan's targets department-wide, per unit, across the year, and one unit's detail."""

import streamlit as st

from dashboard import fmt, ui
from dashboard.charts import indicators as charts
from dashboard.queries import indicators

st.title("Chỉ tiêu")

with ui.guard():
    f = ui.filters()
    st.caption(
        f"Tính đến {fmt.day(f.end)} ({f.period.label}): mỗi đơn vị lấy số liệu của kỳ báo cáo mới nhất trong năm "
        "(báo cáo năm nếu đã có); các kỳ lũy kế không được cộng dồn. Đơn vị đã sáp nhập được tính vào đơn vị hiện nay."
    )
    department = ui.data(indicators.department_attainment, f)
    if department.empty:
        ui.no_data("Chưa có danh mục chỉ tiêu cho năm này.")
        st.stop()
    met = indicators.count_met(department).iloc[0]  # from the frame at hand: no second query

    c1, c2, c3 = st.columns(3)
    c1.metric(f"Chỉ tiêu đạt ({ui.scope(f)})", f"{fmt.num(met['met'])}/{fmt.num(met['total'])}")
    c2.metric("Chỉ tiêu chưa đạt", fmt.num(met["not_met"]))
    c3.metric("Chỉ tiêu chưa có số liệu", fmt.num(met["no_data"]),
              help="Chỉ tiêu “100% đơn vị” (như CT01, CT02, CT06) chỉ đạt khi mọi đơn vị phải báo cáo đều có số "
                   "liệu và đều đạt; chưa đạt ngay khi một đơn vị chưa đạt; còn lại là chưa có số liệu.")

    # One tab at a time: each is drawn only when opened.
    tab, box = ui.lazy_tabs(["Toàn Sở", "Theo đơn vị", "Diễn biến trong năm", "Chi tiết một đơn vị"], key="chi_tieu_tab")
    with box:
        if tab == "Toàn Sở":
            ui.plot(ui.attainment_chart(f), department, key="targets_attainment", phone=ui.ATTAINMENT_PHONE)
            ui.table(department, {"indicator_code": "Mã", "name": "Chỉ tiêu", "status": "Tình trạng",
                                  "result": f"Kết quả {ui.scope(f)}"}, key="targets_department")
        elif tab == "Theo đơn vị":
            ui.plot(charts.unit_heatmap, ui.data(indicators.unit_attainment, f), key="targets_heatmap")
            st.caption("Chỉ tiêu CT03 (mô hình, điển hình “Dân vận khéo”) được tính chung toàn Sở nên không có ở "
                       "bảng này.")
        elif tab == "Diễn biến trong năm":
            ui.plot(charts.trend_lines, ui.data(indicators.department_trend, f), key="targets_trend")
        else:
            choices = ui.data(indicators.reporting_units, f)
            names = dict(zip(choices["unit_code"], choices["unit_name"]))
            unit = st.selectbox("Đơn vị", list(names), format_func=lambda c: names.get(c, c), key="targets_unit",
                                placeholder="Chọn")
            if unit:
                ui.table(ui.data(indicators.unit_attainment, f, unit),
                         {"indicator_code": "Mã", "short_name": "Chỉ tiêu", "period_label": "Kỳ số liệu",
                          "result": "Kết quả", "status": "Tình trạng"}, key="targets_unit_detail")
