"""Quản trị: the audit log (filter, export), accounts (add, disable, reset password), catalogues."""

from datetime import date

import pandas as pd
import streamlit as st

from dashboard import auth, export, fmt, ui
from dashboard.queries import audit
from etl import users
from etl.audit import record
from etl.errors import DvcqError, NotAllowed
from etl.settings import ROOT

CATALOG_HEADERS = {
    "unit_code": "Mã đơn vị", "unit_name": "Tên đơn vị", "aliases": "Tên gọi khác", "valid_from": "Hiệu lực từ",
    "valid_to": "Hiệu lực đến", "parent_code": "Đơn vị cấp trên", "successor_code": "Đơn vị kế thừa",
    "reports": "Phải nộp báo cáo", "year": "Năm", "indicator_code": "Mã chỉ tiêu", "name": "Tên",
    "short_name": "Tên ngắn", "kind": "Loại", "target": "Chỉ tiêu", "direction": "Chiều đạt",
    "measure_unit": "Đơn vị tính", "source": "Nguồn", "scope": "Phạm vi", "aggregate": "Cách tổng hợp",
    "task_group": "Nhóm nhiệm vụ", "description": "Mô tả", "reported_in": "Báo cáo ở kỳ", "date": "Ngày",
    "rule_id": "Mã quy tắc", "step": "Bước", "attempt": "Lần giải quyết", "complexity": "Mức độ phức tạp",
    "remote_area": "Vùng sâu, vùng xa", "within_competence": "Thuộc thẩm quyền", "limit_days": "Số ngày",
    "day_type": "Loại ngày", "counted_from": "Tính từ", "effective_from": "Hiệu lực từ",
    "effective_to": "Hiệu lực đến", "legal_basis": "Căn cứ pháp lý",
}
# the accounts grid's columns, as the grid and its printed copy name them
ACCOUNT_COLUMNS = {
    "username": "Tên đăng nhập", "display_name": "Tên hiển thị", "role": "Vai trò", "email": "Email",
    "status": "Trạng thái", "failed_count": "Sai liên tiếp", "last_login_at": "Đăng nhập gần nhất",
    "password_changed_at": "Đổi mật khẩu", "created_at": "Tạo lúc",
}
admin = auth.require("quan_tri")
db = ui.db_path()
st.title("Quản trị")
# One tab at a time (ui.lazy_tabs): only the open tab is read and drawn.
tab, box = ui.lazy_tabs(["Nhật ký hoạt động", "Tài khoản", "Danh mục"], key="quan_tri_tab")

def export_log(who: tuple, what: tuple, start, end) -> bytes:
    """The audit log as filtered (every row, not only the page shown), as CSV for Excel; the export
    itself is logged."""
    frame = audit.audit_rows(db, who, what, start, end)
    record(db, admin.username, "export", "audit_log",
           {"rows": len(frame), "users": list(who), "actions": list(what), "from": start, "to": end})
    return export.to_csv(frame, audit.COLUMNS, kinds={"audit_id": "id"})


if tab == "Nhật ký hoạt động":
    with box, ui.guard():
        opts = ui.data(users.audit_options)
        c1, c2, c3 = st.columns([2, 2, 2])
        who = c1.multiselect("Người dùng", opts["users"], placeholder="Tất cả", select_all=False)
        what = c2.multiselect("Hoạt động", opts["actions"], format_func=lambda a: users.ACTION_LABEL.get(a, a),
                              placeholder="Tất cả", select_all=False)
        first, last = opts["first"] or date.today(), opts["last"] or date.today()
        days = c3.date_input("Từ ngày – đến ngày", (first, last), format="DD/MM/YYYY")
        start, end = (tuple(days) + (None, None))[:2] if isinstance(days, (tuple, list)) else (days, days)
        heading = st.empty()
        log = ui.paged_table(audit.audit_page, tuple(who), tuple(what), start, end or start, columns=audit.COLUMNS,
                             key="audit_log", noun="dòng")
        heading.caption(f"{fmt.num(log.total)} dòng (mới nhất trước).")
        st.download_button(  # every matching row, written on the click, not on every run of the page
            "Xuất nhật ký (CSV)", data=lambda: export_log(tuple(who), tuple(what), start, end or start),
            file_name=f"nhat-ky-{date.today():%Y%m%d}.csv", mime="text/csv", icon=":material/download:",
            on_click="ignore", key="audit_csv", disabled=log.empty,
        )

def done(message: str) -> None:
    """Show the change on the next run, with the table already up to date."""
    st.session_state["_admin_done"] = message
    st.rerun()


if tab == "Tài khoản":
    with box, ui.guard():
        if st.session_state.get("_admin_done"):
            st.success(st.session_state.pop("_admin_done"), icon=":material/check_circle:")
        accounts = users.list_users(db)
        names = [a.username for a in accounts]
        roster = users.users_frame(db)
        st.dataframe(roster, hide_index=True, column_config={**ACCOUNT_COLUMNS, **{
            column: st.column_config.DatetimeColumn(ACCOUNT_COLUMNS[column], format="DD/MM/YYYY HH:mm")
            for column in ("last_login_at", "password_changed_at", "created_at")}}, placeholder="")
        ui.print_copy(roster, ACCOUNT_COLUMNS)
        add_col, reset_col, state_col = st.columns(3)
        with add_col.form("user_add", clear_on_submit=True):
            st.markdown("**Tạo tài khoản**")
            new_name = st.text_input("Tên đăng nhập mới", help="chữ thường không dấu, số, dấu chấm, gạch dưới")
            new_display = st.text_input("Tên hiển thị")
            new_role = st.selectbox("Vai trò", list(users.ROLES), format_func=users.ROLES.get, placeholder="Chọn")
            new_email = st.text_input("Email (đăng nhập tổ chức, nếu có)")
            new_pw = st.text_input("Mật khẩu ban đầu", type="password")
            new_pw2 = st.text_input("Nhập lại mật khẩu", type="password")
            if st.form_submit_button("Tạo tài khoản"):
                if new_pw != new_pw2:
                    st.error("Hai lần nhập mật khẩu không khớp.", icon=":material/warning:")
                else:
                    try:
                        made = users.add_user(db, new_name, new_pw, new_role, new_display, new_email, admin.username)
                    except DvcqError as exc:
                        st.error(exc.message, icon=":material/warning:")
                    else:
                        done(f"Đã tạo tài khoản '{made.username}' ({made.role_label}).")
        with reset_col.form("user_passwd", clear_on_submit=True):
            st.markdown("**Đặt lại mật khẩu** (và mở khoá)")
            target = st.selectbox("Tài khoản", names, key="passwd_user", placeholder="Chọn")
            pw = st.text_input("Mật khẩu mới", type="password")
            pw2 = st.text_input("Nhập lại", type="password")
            if st.form_submit_button("Đặt lại mật khẩu") and target:
                try:
                    if pw != pw2:
                        raise NotAllowed("Hai lần nhập mật khẩu không khớp.")
                    users.set_password(db, target, pw, admin.username)
                except DvcqError as exc:
                    st.error(exc.message, icon=":material/warning:")
                else:
                    done(f"Đã đặt mật khẩu mới cho '{target}'.")
        with state_col.form("user_state"):
            st.markdown("**Vô hiệu / kích hoạt lại**")
            target = st.selectbox("Tài khoản", names, key="state_user", placeholder="Chọn")
            active = st.radio("Trạng thái mới", ["Vô hiệu", "Kích hoạt"], horizontal=True) == "Kích hoạt"
            if st.form_submit_button("Áp dụng") and target:
                try:
                    if target == admin.username and not active:
                        raise NotAllowed("Không thể tự vô hiệu tài khoản đang đăng nhập.")
                    users.set_active(db, target, active, admin.username)
                except DvcqError as exc:
                    st.error(exc.message, icon=":material/warning:")
                else:
                    done(f"Đã {'kích hoạt' if active else 'vô hiệu'} tài khoản '{target}'.")
        st.caption("Trên máy chủ cũng làm được bằng lệnh: python -m etl user add|passwd|disable|enable|list")

if tab == "Danh mục":
    with box:
        st.info("Danh mục là tệp dữ liệu trong thư mục data/catalog/ (chỉ xem ở đây). Muốn sửa: sửa tệp CSV "
                "bằng Excel hoặc trình soạn thảo (giữ mã UTF-8), rồi chạy 'python -m etl init' để cập nhật "
                "cơ sở dữ liệu; lần nạp báo cáo sau cũng tự cập nhật.", icon=":material/info:")
        for label, file in [("Đơn vị", "units.csv"), ("Chỉ tiêu", "indicators.csv"),
                            ("Ngày nghỉ lễ, ngày làm bù", "holidays.csv"), ("Thời hạn giải quyết đơn thư", "deadline_rules.csv")]:
            with st.expander(f"{label} — data/catalog/{file}"):
                frame = pd.read_csv(ROOT / "data" / "catalog" / file, dtype=str, keep_default_na=False)
                # Vietnamese headers, each with the file's column name to edit (the file is the source)
                titles = {column: f"{CATALOG_HEADERS.get(column, column)} ({column})" for column in frame.columns}
                st.dataframe(frame, hide_index=True, column_config={
                    column: st.column_config.TextColumn(title) for column, title in titles.items()}, placeholder="")
                ui.print_copy(frame, titles)
        st.caption("Danh sách lựa chọn và tên cột của mẫu báo cáo: data/catalog/choices.toml, data/catalog/workbook.toml.")
