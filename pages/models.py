"""Dân vận khéo: models and exemplars by unit, field, status and recognition level, registrations
over time against the plan's target, and the model list. Each model is counted once."""

import streamlit as st

from dashboard import fmt, ui
from dashboard.charts import models as charts
from dashboard.queries import models as q

st.title("Dân vận khéo")
f = ui.filters()
st.caption(
    f"Mô hình đăng ký đến ngày {fmt.day(f.end)}, theo trạng thái mới nhất đơn vị báo cáo; "
    f"“trong kỳ” là từ {fmt.day(f.start)} đến {fmt.day(f.end)}."
)

with ui.guard():
    summary = ui.data(q.model_summary, f).iloc[0]
    target = summary["target"]
    state_colors = {"Đạt": "green", "Chưa đạt": "red"}
    cols = st.columns(5)
    cols[0].metric("Tổng số mô hình", fmt.num(summary["models"]), border=True)
    cols[1].metric(
        "Đăng ký trong kỳ", fmt.num(summary["registered_in_period"]), border=True,
        delta=summary["registered_state"], delta_color=state_colors.get(summary["registered_state"], "gray"),
        delta_arrow="off", help=f"Chỉ tiêu: ít nhất {fmt.num(target)} mô hình đăng ký trong năm.",
    )
    cols[2].metric(
        "Điển hình", fmt.num(summary["exemplars"]), border=True,
        delta=summary["exemplars_state"], delta_color=state_colors.get(summary["exemplars_state"], "gray"),
        delta_arrow="off",
        help=f"Chỉ tiêu: ít nhất {fmt.num(target)} điển hình (tập thể hoặc cá nhân, trừ điển hình đã dừng).",
    )
    cols[3].metric("Được công nhận", fmt.num(summary["recognised"]), border=True)
    cols[4].metric("Đã dừng", fmt.num(summary["stopped"]), border=True)

    # One tab at a time, each drawn only when opened.
    tab, box = ui.lazy_tabs(["Đăng ký theo tháng", "Theo đơn vị và lĩnh vực", "Theo trạng thái và cấp công nhận",
                             "Danh sách mô hình"], key="dvk_tab")
    with box:
        if tab == "Đăng ký theo tháng":
            ui.plot(charts.registrations_chart, ui.data(q.model_registrations_by_month, f), target)
        elif tab == "Theo đơn vị và lĩnh vực":
            ui.plot_row((charts.models_by_unit_chart, ui.data(q.models_by_unit, f)),
                        (charts.models_by_field_chart, ui.data(q.models_by_field, f)))
        elif tab == "Theo trạng thái và cấp công nhận":
            ui.plot_row((charts.models_by_status_chart, ui.data(q.models_by_status, f)),
                        (charts.models_by_level_chart, ui.data(q.models_by_recognition_level, f)))
        else:
            page = ui.paged_table(q.model_page, f, columns={
                "unit_name": "Đơn vị",
                "model_name": "Tên mô hình",
                "model_type_label": "Loại",
                "field_label": "Lĩnh vực",
                "registered_date": "Ngày đăng ký",
                "status_label": "Trạng thái",
                "recognition_level_label": "Cấp công nhận",
                "decision_no": "Số quyết định khen thưởng",
                "highlights": "Kết quả nổi bật",
            }, key="model_list", noun="mô hình", orders=q.model_order_labels())
            if page.empty:
                ui.no_data("Chưa có mô hình nào được đăng ký.")
