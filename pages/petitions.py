"""Đơn thư: resolution times against the statutory limits, on-time shares, open cases by age and
deadline, results, the Thông tư 01/2024/TT-TTCP summary and the case table."""

import streamlit as st

from dashboard import fmt, ui
from dashboard.charts import petitions as charts
from dashboard.filters import Filters
from dashboard.queries import petitions as q

SUMMARY_COLUMNS = {
    "kind_label": "Loại đơn",
    "carried_over": "Kỳ trước chuyển sang",
    "received": "Tiếp nhận trong kỳ",
    "total": "Tổng số đơn",
    "within_competence": "Thuộc thẩm quyền",
    "outside_competence": "Không thuộc thẩm quyền",
    "resolved": "Đã giải quyết",
    "in_progress": "Đang giải quyết",
    "resolved_on_time": "Giải quyết đúng hạn",
    "resolved_late": "Giải quyết quá hạn",
    "open_overdue": "Đang giải quyết quá hạn",
}


def case_list(f: Filters) -> None:
    """The case table with its own filters, a page at a time."""
    kind_labels = fmt.labels("petition_kind")
    status_labels = fmt.labels("petition_status")
    a, b, sort, c = st.columns([3, 3, 3, 2], vertical_alignment="bottom")
    kinds = a.multiselect("Loại đơn", list(kind_labels), format_func=kind_labels.get, key="don_thu_loai",
                          placeholder="Tất cả loại đơn")
    statuses = b.multiselect("Trạng thái", list(status_labels), format_func=status_labels.get,
                             key="don_thu_trang_thai", placeholder="Tất cả trạng thái")
    overdue_only = c.checkbox("Chỉ đơn quá hạn", key="don_thu_qua_han",
                              help=f"Đơn chưa giải quyết đã quá hạn tính đến ngày {fmt.day(f.as_of)}.")
    page = ui.paged_table(q.petition_case_page, f, tuple(kinds), tuple(statuses), overdue_only, columns={
        "unit_name": "Đơn vị",
        "petition_ref": "Số hiệu đơn",
        "kind_label": "Loại đơn",
        "field": "Lĩnh vực",
        "received_date": "Ngày nhận",
        "accepted_date": "Ngày thụ lý",
        "due_date": "Hạn giải quyết",
        "resolved_date": "Ngày giải quyết",
        "status_label": "Trạng thái",
        "result_label": "Kết quả",
        "resolution_days": "Số ngày giải quyết",
        "on_time_label": "Đúng hạn",
        "due_basis": "Căn cứ tính hạn",
    }, key="petition_cases", noun="đơn", orders=q.case_order_labels(),
        order_slot=sort)
    if page.empty:
        ui.no_data("Không có đơn nào phù hợp với bộ lọc.")


st.title("Đơn thư")
f = ui.filters()
st.caption(
    f"Kỳ số liệu {fmt.day(f.start)} – {fmt.day(f.end)}. Đơn chưa giải quyết và thời hạn tính đến ngày "
    f"{fmt.day(f.as_of)} (ngày làm việc theo lịch nghỉ lễ chính thức)."
)

with ui.guard():
    summary = ui.data(q.petition_summary, f)
    total = summary.iloc[-1]  # the "Tổng cộng" row
    cols = st.columns(6)
    cols[0].metric("Tổng số đơn", fmt.num(total["total"]), border=True)
    cols[1].metric("Kỳ trước chuyển sang", fmt.num(total["carried_over"]), border=True)
    cols[2].metric("Tiếp nhận trong kỳ", fmt.num(total["received"]), border=True)
    cols[3].metric("Đã giải quyết", fmt.num(total["resolved"]), border=True)
    cols[4].metric("Tỉ lệ đúng hạn", fmt.pct(total["on_time_share"]), border=True,
                   help="Số đơn giải quyết đúng hạn / số đơn đã giải quyết trong kỳ có xác định hạn.")
    cols[5].metric("Đang quá hạn", fmt.num(total["open_overdue"]), border=True,
                   help=f"Đơn chưa giải quyết đã quá hạn tính đến ngày {fmt.day(f.as_of)}.")

    # One tab at a time, each drawn only when opened.
    tab, box = ui.lazy_tabs(["Thời gian giải quyết", "Đúng hạn", "Đơn đang giải quyết", "Kết quả, tổng hợp TT 01/2024",
                             "Danh sách đơn"], key="don_thu_tab")
    with box:
        if tab == "Thời gian giải quyết":
            stats = ui.data(q.resolution_stats, f)
            points = ui.data(q.resolution_times, f) if stats["cases"].sum() <= q.POINTS_LIMIT else None
            ui.plot(charts.resolution_time_chart, points, q.resolution_limits(f), stats)
        elif tab == "Đúng hạn":
            ui.plot_row((charts.on_time_by_month_chart, ui.data(q.on_time_by_month, f)),
                        (charts.on_time_by_unit_chart, ui.data(q.on_time_by_unit, f)))
        elif tab == "Đơn đang giải quyết":
            ui.plot_row((charts.open_by_age_chart, ui.data(q.open_by_age, f)),
                        (charts.open_by_deadline_chart, ui.data(q.open_by_deadline, f)))
        elif tab == "Kết quả, tổng hợp TT 01/2024":
            ui.plot(charts.results_chart, ui.data(q.petition_results, f))
            st.markdown("**Tổng hợp theo Thông tư 01/2024/TT-TTCP**")
            ui.table(summary, SUMMARY_COLUMNS, key="petition_summary")
        else:
            case_list(f)
