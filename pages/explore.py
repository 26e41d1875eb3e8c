"""Dữ liệu & xuất: the rows behind the figures, filtered, and exported exactly as filtered."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from dashboard import auth, fmt, ui
from dashboard.export import CSV_MIME, XLSX_MIME
from dashboard.queries import explore

db, account, f = ui.db_path(), auth.require("lanh_dao", "van_phong", "quan_tri"), ui.filters()
sets = explore.datasets()

st.title("Dữ liệu & xuất")
st.caption("Hiện trạng mới nhất của từng đơn thư, mô hình, buổi tiếp, chỉ tiêu và mọi lần nộp, theo bộ lọc bên "
           "trái và bộ lọc dưới đây. Tệp xuất chứa đúng và đủ các dòng đang lọc, không giới hạn số dòng.")

with ui.guard():
    key = st.radio("Bảng dữ liệu", list(sets), format_func=lambda k: sets[k].title, horizontal=True,
                   key="explore_set")
    ds = sets[key]
    one, two, three, four = st.columns(4)
    kind_options = dict(explore.kind_options(db, f, key))
    kinds = one.multiselect(ds.kind.label, list(kind_options), format_func=kind_options.get,
                            key=f"explore_kind_{key}", placeholder="Tất cả", select_all=False) if ds.kind else []
    status_options = dict(ds.status.options) if ds.status else {}
    statuses = two.multiselect(ds.status.label, list(status_options), format_func=status_options.get,
                               key=f"explore_status_{key}", placeholder="Tất cả", select_all=False) if ds.status else []
    date_from = date_to = None
    if ds.date_column:
        start, end = explore.default_dates(f, key)
        window = f"{key}_{f.year}_{f.period_code}"  # a new period in the sidebar resets the range
        date_from = three.date_input(f"{ds.date_label} từ", value=start, format="DD/MM/YYYY",
                                     key=f"explore_from_{window}")
        date_to = four.date_input(f"{ds.date_label} đến", value=end, format="DD/MM/YYYY", key=f"explore_to_{window}")
        if ds.date_note:
            st.caption(ds.date_note)
    search, sort = st.columns([2, 1], vertical_alignment="bottom")
    text = search.text_input("Tìm kiếm (không phân biệt hoa thường, gõ có dấu hay không dấu đều được)",
                             key=f"explore_text_{key}", placeholder="ví dụ: giai phong mat bang")
    orders = explore.order_labels(key)
    order = sort.selectbox("Sắp xếp", list(orders), format_func=orders.get, key=f"explore_order_{key}",
                           help="Sắp xếp mọi dòng đang lọc (cả trong tệp xuất) rồi mới chia trang. Bấm tiêu đề "
                                "cột trong bảng chỉ sắp xếp các dòng đang hiện.", placeholder="Chọn")
    query = explore.Query(key, tuple(kinds), tuple(statuses), date_from, date_to, text, order)
    as_of = ui.data(explore.data_as_of)
    heading = st.empty()
    found = ui.paged_table(explore.page, f, query, columns=ds.headers, key=f"explore_table_{key}")
    heading.markdown(f"**{fmt.num(found.total)} dòng** · số liệu cập nhật đến {fmt.moment(as_of) or 'chưa có'}")
    if found.empty:
        ui.no_data("Không có dòng nào khớp bộ lọc.")
    now = datetime.now()
    who = f"{account.display_name} ({account.username})"
    left, right, _ = st.columns([1, 1, 3])
    left.download_button(
        "Xuất Excel (.xlsx)", data=lambda: explore.export(db, f, query, "xlsx", account.username, who=who),
        file_name=explore.export_name(query, "xlsx", now), mime=XLSX_MIME, icon=":material/table_view:",
        key=f"explore_xlsx_{key}", disabled=found.empty, on_click="ignore",
        help="Trang đầu 'Thông tin xuất' ghi bộ lọc, thời điểm số liệu và người xuất.",
    )
    right.download_button(
        "Xuất CSV (.csv)", data=lambda: explore.export(db, f, query, "csv", account.username, who=who),
        file_name=explore.export_name(query, "csv", now), mime=CSV_MIME, icon=":material/csv:",
        key=f"explore_csv_{key}", disabled=found.empty, on_click="ignore",
        help="UTF-8 có BOM (Excel hiện đúng tiếng Việt), phân cách bằng dấu phẩy.",
    )
