"""Lịch sử nộp: every submission, its stored file, restoring and withdrawing (nothing is deleted)."""

from __future__ import annotations

import streamlit as st

from dashboard import auth, fmt, ui
from dashboard.queries import history
from etl.load import restore, withdraw

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
viewer = auth.require("van_phong", "quan_tri")
db, user, f = ui.db_path(), viewer.username, ui.filters()
CAN_WITHDRAW = viewer.role == "quan_tri"  # văn phòng restores; only quản trị withdraws (issue #5)

st.title("Lịch sử nộp báo cáo")
st.caption(f"Mọi lần nộp của năm {f.year}, mới nhất trước. Không lần nộp nào bị xoá: lần nộp bị thay thế hoặc "
           "đã rút vẫn được lưu và khôi phục được; mọi thao tác đều được ghi nhật ký.")

message = st.session_state.pop("_history_message", None)
if message:
    st.success(message, icon=":material/check_circle:")


def act(action, submission_id: int) -> None:
    st.session_state["_history_message"] = action(db, submission_id, user)
    st.rerun()


with ui.guard():
    left, right = st.columns([1, 1])
    statuses = left.multiselect("Trạng thái", list(history.STATUS_LABEL), format_func=history.STATUS_LABEL.get,
                                key="history_status", placeholder="Tất cả trạng thái", select_all=False)
    text = right.text_input("Tìm theo tệp, người nộp, đơn vị (gõ có dấu hay không dấu đều được)", key="history_text")
    frame = ui.data(history.submissions, f, tuple(statuses), text)
    if frame.empty:
        ui.no_data("Chưa có lần nộp nào khớp bộ lọc.")
    else:
        st.dataframe(
            frame, hide_index=True, key="history_table", column_order=list(history.COLUMNS),
            column_config={
                **{k: st.column_config.Column(v) for k, v in history.COLUMNS.items()},
                "submission_id": st.column_config.NumberColumn("Mã nộp", format="%d"),
                "uploaded_at": st.column_config.DatetimeColumn("Thời gian", format="DD/MM/YYYY HH:mm"),
                "n_warnings": st.column_config.NumberColumn("Số cảnh báo", format="localized"),
            }, placeholder="")
        ui.print_copy(frame, history.COLUMNS)
        st.subheader("Thao tác với một lần nộp", anchor=False)
        options = history.choices(frame)
        chosen = st.selectbox("Chọn lần nộp", list(options), format_func=options.get, key="history_pick",
                              placeholder="Chọn")
        row = history.pick(frame, chosen)
        status = row["status"]
        st.markdown(f"**{row['unit_name']}** · kỳ {row['period_code']} · nộp bởi {row['uploaded_by']} lúc "
                    f"{fmt.moment(row['uploaded_at'])} · trạng thái **{row['status_label']}**")
        one, two, three = st.columns(3)
        one.download_button(
            "Tải tệp đã lưu", data=lambda sid=chosen: history.download(db, sid, user),
            file_name=row["stored_name"] or row["file_name"], mime=XLSX, icon=":material/download:",
            key=f"history_download_{chosen}",
            help="Tệp như đã lưu: các cột thông tin cá nhân của công dân đã được loại bỏ khi nạp.",
        )
        if status != "active":
            current = ui.data(history.in_use, chosen)
            if current:
                replaced = (f"lần nộp đang dùng {current['submission_id']} (tệp {current['file_name']}, nộp lúc "
                            f"{fmt.moment(current['uploaded_at'])}) chuyển sang 'Đã bị thay thế', khôi phục lại được")
            else:
                replaced = "đơn vị chưa có lần nộp nào đang dùng cho kỳ này"
            two.caption(f"Số liệu của lần nộp {chosen} được dùng lại cho đơn vị và kỳ của nó; {replaced}.")
            restore_ok = two.checkbox(f"Tôi xác nhận khôi phục lần nộp {chosen}",
                                      key=f"history_confirm_restore_{chosen}")
            if two.button("Khôi phục lần nộp này", key=f"history_restore_{chosen}", icon=":material/restore:",
                          disabled=not restore_ok):
                act(restore, chosen)
        if status != "withdrawn" and not CAN_WITHDRAW:
            three.caption("Rút một lần nộp khỏi số liệu: chỉ tài khoản quản trị làm được.")
        elif status != "withdrawn":
            confirmed = three.checkbox(f"Tôi xác nhận rút lần nộp {chosen}", key=f"history_confirm_{chosen}",
                                       help="Số liệu của lần nộp đã rút không còn được tính; tệp vẫn được lưu.")
            if three.button("Rút lần nộp", key=f"history_withdraw_{chosen}", disabled=not confirmed,
                            icon=":material/block:"):
                act(withdraw, chosen)
        # read and drawn only when opened (on_change="rerun": a closed expander runs nothing)
        if row["n_warnings"]:
            warnings = st.expander(f"{fmt.num(row['n_warnings'])} cảnh báo khi nạp", key="history_warnings",
                                   on_change="rerun")
            if warnings.open:
                with warnings:
                    kept = ui.data(history.findings, chosen)
                    if ui.on_phone():
                        ui.findings_list(kept.rename(columns=history.FINDING_COLUMNS).to_dict("records"))
                    else:
                        ui.table(kept, history.FINDING_COLUMNS, wrap="message")
        trail_box = st.expander("Nhật ký của lần nộp này", key="history_trail", on_change="rerun")
        if trail_box.open:
            with trail_box:
                trail = ui.data(history.audit_trail, chosen)
                st.dataframe(trail, hide_index=True, column_config={
                    "logged_at": st.column_config.DatetimeColumn("Thời gian", format="DD/MM/YYYY HH:mm:ss"),
                    "username": st.column_config.Column("Người thực hiện"),
                    "action": st.column_config.Column("Việc"),
                }, placeholder="")
                ui.print_copy(trail, history.AUDIT_COLUMNS)
