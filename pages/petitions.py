"""Đơn thư: resolution times against the statutory limits, on-time shares, thụ lý against its limit,
open cases by age and deadline, results, the Thông tư 01/2024/TT-TTCP summary and the case table."""

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


LIST_TAB = "Danh sách đơn"
PICK_HINT = "Bấm vào một cột hoặc một điểm của biểu đồ để mở các đơn đó ở thẻ “Danh sách đơn”."


def show_cases(label: str, *, kinds: tuple[str, ...] = (), pending: str = "", order: str = "received") -> None:
    """Open the case list on these filters: what a click on a chart's bar or point leads to."""
    st.session_state.update({"don_thu_loai": list(kinds), "don_thu_trang_thai": [], "don_thu_tinh_trang": pending,
                             "petition_cases_xep": order, "don_thu_tab": LIST_TAB})
    st.toast(f"Danh sách đơn: {label}", icon=":material/filter_alt:")


def pick_kind(point: dict) -> None:
    """A box or a case of the resolution-time chart: that kind's cases, the longest resolved first."""
    codes = {label: code for code, label in fmt.labels("petition_kind").items()}
    if point.get("x") in codes:
        show_cases(f"{point['x']}, giải quyết lâu nhất trước", kinds=(codes[point["x"]],), order="days_desc")


def pick_pending(point: dict) -> None:
    """A bar of the open cases by deadline (soonest due first) or by age (oldest first)."""
    deadline = {label: code for code, label in q.DEADLINE_STATES}
    age = {label: code for code, label, _, _ in q.AGE_BANDS}
    label = point.get("x")
    if label in deadline:
        show_cases(f"Chưa giải quyết · {label.lower()}", pending=deadline[label], order="due")
    elif label in age:
        show_cases(f"Chưa giải quyết · {label.lower()} từ ngày nhận", pending=age[label], order="received")


def case_list(f: Filters) -> None:
    """The case table with its own filters, a page at a time."""
    kind_labels = fmt.labels("petition_kind")
    status_labels = fmt.labels("petition_status")
    pending_labels = q.pending_labels(f)
    a, b, c, sort = st.columns(4, vertical_alignment="bottom")
    kinds = a.multiselect("Loại đơn", list(kind_labels), format_func=kind_labels.get, key="don_thu_loai",
                          placeholder="Tất cả loại đơn", select_all=False)
    statuses = b.multiselect("Trạng thái", list(status_labels), format_func=status_labels.get,
                             key="don_thu_trang_thai", placeholder="Tất cả trạng thái", select_all=False)
    if st.session_state.get("don_thu_tinh_trang") not in pending_labels:
        st.session_state["don_thu_tinh_trang"] = ""
    pending = c.selectbox(
        "Tình trạng", list(pending_labels), format_func=pending_labels.get, key="don_thu_tinh_trang",
        help=f"Đơn chưa giải quyết tại ngày {fmt.day(f.as_of)}, theo thời hạn hoặc theo số ngày kể từ ngày nhận "
             f"(như hai biểu đồ ở thẻ “Đơn đang giải quyết”). Hạn tính theo ngày làm việc và lịch nghỉ lễ.",
        placeholder="Chọn")
    page = ui.paged_table(q.petition_case_page, f, tuple(kinds), tuple(statuses), False, pending, columns={
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
    # no return reaches into the period: what came in and was settled in it is not known yet (the
    # cases carried over from earlier returns still are)
    in_period = total if ui.reported(f) else {}
    cols = st.columns(6)
    cols[0].metric("Tổng số đơn", fmt.num(total["total"]), border=True)
    cols[1].metric("Tồn kỳ trước", fmt.num(total["carried_over"]), border=True,  # the long label was cut at 1400 px
                   help="Kỳ trước chuyển sang: đơn nhận trước kỳ, đến đầu kỳ chưa giải quyết xong.")
    # short labels: 'Tiếp nhận trong kỳ' and 'Tỷ lệ đúng hạn' were cut at 1366 px (UI round)
    cols[2].metric("Nhận trong kỳ", fmt.num(in_period.get("received")), border=True,
                   help="Đơn tiếp nhận trong kỳ đã chọn.")
    cols[3].metric("Đã giải quyết", fmt.num(in_period.get("resolved")), border=True)
    cols[4].metric("Đúng hạn", fmt.pct(in_period.get("on_time_share")), border=True,
                   help="Số đơn giải quyết đúng hạn / số đơn đã giải quyết trong kỳ có xác định hạn.")
    cols[5].metric("Đang quá hạn", fmt.num(total["open_overdue"]), border=True,
                   help=f"Đơn chưa giải quyết đã quá hạn tính đến ngày {fmt.day(f.as_of)}.")

    # One tab at a time, each drawn only when opened.
    tab, box = ui.lazy_tabs(["Thời gian giải quyết", "Đúng hạn", "Đơn đang giải quyết", "Kết quả, tổng hợp TT 01/2024",
                             LIST_TAB], key="don_thu_tab")
    with box:
        if tab == "Thời gian giải quyết":
            stats = ui.data(q.resolution_stats, f)
            points = ui.data(q.resolution_times, f) if stats["cases"].sum() <= q.POINTS_LIMIT else None
            ui.plot(charts.resolution_time_chart, points, q.resolution_limits(f), stats, key="don_thu_thoi_gian",
                    on_pick=pick_kind)
            if stats["cases"].sum():  # an empty chart has nothing to click
                st.caption(PICK_HINT)
        elif tab == "Đúng hạn":
            # one above the other: the units' long names leave a half-width chart no room for its bars
            ui.plot(charts.on_time_by_month_chart, ui.data(q.on_time_by_month, f))
            ui.plot(charts.on_time_by_unit_chart, ui.data(q.on_time_by_unit, f))
            ui.plot(charts.acceptance_chart, ui.data(q.acceptance_on_time, f))
            st.caption(
                f"Thụ lý của đơn khiếu nại, tố cáo thuộc thẩm quyền nhận trong kỳ, tính đến ngày {fmt.day(f.as_of)}; "
                "hạn theo ngày làm việc và lịch nghỉ lễ kể từ ngày nhận "
                "(Luật Khiếu nại 2011, Điều 27; tố cáo: xử lý ban đầu, Luật Tố cáo 2018, Điều 24). Tố cáo cần xác "
                "minh được thêm thời gian (10 ngày làm việc); báo cáo không ghi điều này nên hạn tính theo mức chung.")
        elif tab == "Đơn đang giải quyết":
            by_age, by_deadline = ui.data(q.open_by_age, f), ui.data(q.open_by_deadline, f)
            ui.plot_row((charts.open_by_age_chart, by_age, {"key": "don_thu_theo_tuoi", "on_pick": pick_pending}),
                        (charts.open_by_deadline_chart, by_deadline,
                         {"key": "don_thu_theo_han", "on_pick": pick_pending}))
            if by_age["open"].sum() or by_deadline["open"].sum():
                st.caption(PICK_HINT)
        elif tab == "Kết quả, tổng hợp TT 01/2024":
            ui.plot(charts.results_chart, ui.data(q.petition_results, f))
            st.markdown("**Tổng hợp theo Thông tư 01/2024/TT-TTCP**")
            ui.table(summary, SUMMARY_COLUMNS, key="petition_summary")
        else:
            case_list(f)
