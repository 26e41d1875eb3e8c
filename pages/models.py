"""Dân vận khéo: models and exemplars by unit, field, status and recognition level, registrations
over time against the plan's target, and the model list. Each model is counted once."""

import streamlit as st

from dashboard import fmt, ui
from dashboard.charts import models as charts
from dashboard.queries import models as q

LIST_TAB = "Danh sách mô hình"
PICK_HINT = "Bấm vào một cột của biểu đồ để mở các mô hình đó ở thẻ “Danh sách mô hình”."
# The list's filters: widget key -> (choice list, label); the charts by field, status, level lead to them.
LIST_FILTERS = {"dvk_linh_vuc": ("model_field", "Lĩnh vực"), "dvk_trang_thai": ("model_status", "Trạng thái"),
                "dvk_cap": ("recognition_level", "Cấp công nhận")}


def show_models(key: str):
    """A click on a bar of the chart by this filter's choices: the list of those models only."""
    list_name, what = LIST_FILTERS[key]

    def pick(point: dict) -> None:
        codes = {label: code for code, label in fmt.labels(list_name).items()}
        if point.get("x") in codes:
            st.session_state.update({k: [] for k in LIST_FILTERS} | {key: [codes[point["x"]]], "dvk_tab": LIST_TAB})
            st.toast(f"Danh sách mô hình: {what.lower()} {point['x']}", icon=":material/filter_alt:")

    return pick


def model_list(f) -> None:
    """The register with its own filters, a page at a time."""
    *slots, sort = st.columns(len(LIST_FILTERS) + 1, vertical_alignment="bottom")
    chosen = []
    for slot, (key, (list_name, what)) in zip(slots, LIST_FILTERS.items()):
        labels = fmt.labels(list_name)
        chosen.append(tuple(slot.multiselect(what, list(labels), format_func=labels.get, key=key,
                                             placeholder="Tất cả", select_all=False)))
    page = ui.paged_table(q.model_page, f, *chosen, columns={
        "unit_name": "Đơn vị",
        "model_name": "Tên mô hình",
        "model_type_label": "Loại",
        "field_label": "Lĩnh vực",
        "registered_date": "Ngày đăng ký",
        "status_label": "Trạng thái",
        "recognition_level_label": "Cấp công nhận",
        "decision_no": "Số quyết định khen thưởng",
        "highlights": "Kết quả nổi bật",
    }, key="model_list", noun="mô hình", orders=q.model_order_labels(), order_slot=sort)
    if page.empty:
        ui.no_data("Không có mô hình nào phù hợp với bộ lọc." if any(chosen) else "Chưa có mô hình nào được đăng ký.")


st.title("Dân vận khéo")
f = ui.filters()
st.caption(
    f"Mô hình đăng ký đến ngày {fmt.day(f.end)}, ở trạng thái do báo cáo mới nhất có số liệu đến ngày đó nêu; "
    f"“trong kỳ” là từ {fmt.day(f.start)} đến {fmt.day(f.end)}."
)

with ui.guard():
    summary = ui.data(q.model_summary, f).iloc[0]
    target = summary["target"]
    state_colors = {"Đạt": "green", "Chưa đạt": "red"}
    cols = st.columns(5)
    cols[0].metric("Tổng số mô hình", fmt.num(summary["models"]), border=True)
    # the figure the target is judged on (Mô hình, not điển hình, from the start of the year), as on
    # Tổng quan: "Đăng ký trong kỳ" counted every type in the period and showed 5 beside Tổng quan's 3
    cols[1].metric(
        "Mô hình đăng ký", fmt.num(summary["registered_in_year"]), border=True,
        delta=summary["registered_state"], delta_color=state_colors.get(summary["registered_state"], "gray"),
        delta_arrow="off",
        help=f"Mô hình (không kể điển hình) đăng ký từ đầu năm đến ngày {fmt.day(f.end)}. Chỉ tiêu: ít nhất "
             f"{fmt.num(target)} mô hình đăng ký trong năm. Trong kỳ đã chọn có "
             f"{fmt.num(summary['registered_in_period'])} mô hình, điển hình đăng ký mới.",
    )
    cols[1].caption("Lũy kế từ đầu năm")  # a quarter's caption says "trong kỳ": this card is not of the quarter
    cols[2].metric(
        "Điển hình", fmt.num(summary["exemplars"]), border=True,
        delta=summary["exemplars_state"], delta_color=state_colors.get(summary["exemplars_state"], "gray"),
        delta_arrow="off",
        help=f"Chỉ tiêu: có ít nhất {fmt.num(target)} điển hình (tập thể hoặc cá nhân, kể cả điển hình từ các năm "
             "trước, trừ điển hình đã dừng).",
    )
    cols[2].caption("Kể cả điển hình các năm trước")
    cols[3].metric("Được công nhận", fmt.num(summary["recognised"]), border=True)
    cols[4].metric("Đã dừng", fmt.num(summary["stopped"]), border=True)

    # One tab at a time, each drawn only when opened.
    tab, box = ui.lazy_tabs(["Đăng ký theo tháng", "Theo đơn vị và lĩnh vực", "Theo trạng thái và cấp công nhận",
                             LIST_TAB], key="dvk_tab")
    with box:
        if tab == "Đăng ký theo tháng":
            # months no return reaches yet are not "no registration" (leadership rounds)
            last = ui.last_reported(f)
            if last is None or last < f.start:
                ui.unreported(f, "mô hình đăng ký trong kỳ sẽ hiện khi có báo cáo.")
            else:
                until = last if last < f.end else None  # the chart stops at the month the returns reach
                ui.plot(charts.registrations_chart, ui.data(q.model_registrations_by_month, f, until), target)
                if until is not None:
                    st.caption(f"Báo cáo đã nộp có số liệu đến ngày {fmt.day(last)}: biểu đồ dừng ở tháng "
                               f"{last:%m/%Y}.")
        elif tab == "Theo đơn vị và lĩnh vực":
            by_field = ui.data(q.models_by_field, f)
            ui.plot_row((charts.models_by_unit_chart, ui.data(q.models_by_unit, f)),
                        (charts.models_by_field_chart, by_field,
                         {"key": "dvk_theo_linh_vuc", "on_pick": show_models("dvk_linh_vuc")}))
            if by_field["models"].sum():  # an empty chart has nothing to click
                st.caption("Bấm vào một cột của biểu đồ theo lĩnh vực để mở các mô hình đó ở thẻ “Danh sách mô hình”.")
        elif tab == "Theo trạng thái và cấp công nhận":
            by_status = ui.data(q.models_by_status, f)
            ui.plot_row((charts.models_by_status_chart, by_status,
                         {"key": "dvk_theo_trang_thai", "on_pick": show_models("dvk_trang_thai")}),
                        (charts.models_by_level_chart, ui.data(q.models_by_recognition_level, f),
                         {"key": "dvk_theo_cap", "on_pick": show_models("dvk_cap")}))
            if by_status["models"].sum():
                st.caption(PICK_HINT)
        else:
            model_list(f)
