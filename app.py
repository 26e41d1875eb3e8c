"""The router and the frame: page config, login, role-based navigation, shared filters, the page."""

from __future__ import annotations

import streamlit as st

from dashboard import auth, memory, ui

st.set_page_config(
    page_title="Dân vận chính quyền — Sở Xây dựng Lai Châu",
    page_icon="🏛️",
    layout="wide",
    initial_sidebar_state="auto",  # open on a screen, closed on a phone (where it would cover the page)
)

# (file, title, icon, url path, roles that may open it)
LEADERSHIP = ("lanh_dao", "van_phong", "quan_tri")
OFFICE = ("van_phong", "quan_tri")
ADMIN = ("quan_tri",)
SECTIONS = {
    "Tổng hợp": [
        ("pages/overview.py", "Tổng quan", ":material/dashboard:", "tong-quan", LEADERSHIP),
        ("pages/targets.py", "Chỉ tiêu", ":material/flag:", "chi-tieu", LEADERSHIP),
        ("pages/petitions.py", "Đơn thư", ":material/mail:", "don-thu", LEADERSHIP),
        ("pages/reception.py", "Tiếp công dân", ":material/groups:", "tiep-cong-dan", LEADERSHIP),
        ("pages/models.py", "Dân vận khéo", ":material/emoji_events:", "dan-van-kheo", LEADERSHIP),
        ("pages/reporting.py", "Nộp báo cáo", ":material/fact_check:", "nop-bao-cao", LEADERSHIP),
    ],
    "Văn phòng": [
        ("pages/upload.py", "Tải lên", ":material/upload_file:", "tai-len", OFFICE),
        ("pages/history.py", "Lịch sử nộp", ":material/history:", "lich-su-nop", OFFICE),
        ("pages/explore.py", "Dữ liệu & xuất", ":material/table_view:", "du-lieu", LEADERSHIP),
        ("pages/report.py", "Báo cáo UBND tỉnh", ":material/description:", "bao-cao", OFFICE),
    ],
    "Quản trị": [
        ("pages/admin.py", "Quản trị", ":material/admin_panel_settings:", "quan-tri", ADMIN),
    ],
}


REDIRECTS: set[str] = set()  # url paths of hidden pages that only switch to another page


def build_navigation(role: str) -> dict[str, list]:
    """Only the pages this role may open: a direct URL to another page is not served."""
    import os

    here = os.path.dirname(os.path.abspath(__file__))
    nav: dict[str, list] = {}
    home = None
    for section, pages in SECTIONS.items():
        allowed = []
        for path, title, icon, url, roles in pages:
            if role not in roles or not os.path.exists(os.path.join(here, path)):
                continue
            if home is None:
                # The first page is the root URL ("/"); its own URL (/tong-quan, a bookmark, a link
                # from before the login) leads there instead of Streamlit's "Page not found".
                home = st.Page(path, title=title, icon=icon, url_path=f"{url}-goc", default=True)
                allowed.append(home)
                nav.setdefault(section, []).append(st.Page(
                    lambda: st.switch_page(home), title=title, url_path=url, visibility="hidden"))
                REDIRECTS.add(url)
                continue
            allowed.append(st.Page(path, title=title, icon=icon, url_path=url))
        if allowed:
            nav[section] = allowed + nav.get(section, [])
    return nav


def known_pages() -> list[tuple[str, str, str, tuple[str, ...]]]:
    """(file, title, url path, roles) of every page that exists."""
    import os

    here = os.path.dirname(os.path.abspath(__file__))
    return [(path, title, url, roles) for pages in SECTIONS.values() for (path, title, _, url, roles) in pages
            if os.path.exists(os.path.join(here, path))]


ui.ensure_schema()  # once per process: a database from an older version is upgraded before any page reads it
# Tables' numbers in vi-VN whatever the browser's language, and on a phone the sidebar closed once a
# page is chosen in it: the first element of every page, the login form's too, so it is in place
# before any table is drawn (a script takes no room). And the charts redrawn at the paper's width for a print.
st.html(ui.PAGE_JS + ui.PRINT_JS, unsafe_allow_javascript=True)
user = auth.current_user()
if user is None:
    # Every known URL opens the login form, so a link to a page still leads there after logging in.
    login = [st.Page(auth.login_page, title="Đăng nhập", url_path="dang-nhap", default=True)] + [
        st.Page(auth.login_page, title="Đăng nhập", url_path=url, visibility="hidden")
        for _, _, url, _ in known_pages()
    ]
    st.navigation(login, position="hidden").run()
    auth.sync_cookie()  # a logout or a timeout deletes the browser's resume cookie
    st.stop()

nav = build_navigation(user.role)
if not nav:
    st.error("Vai trò của tài khoản này chưa được mở trang nào. Hãy liên hệ quản trị.", icon=":material/block:")
    st.stop()
# Other roles' pages stay out of the menu; a direct URL to one is answered with a refusal, not the page.
forbidden = {url: title for _, title, url, roles in known_pages() if user.role not in roles}
next(iter(nav.values())).extend(
    st.Page(path, title=title, url_path=url, visibility="hidden")
    for path, title, url, roles in known_pages() if url in forbidden
)
page = st.navigation(nav)
with ui.guard():
    if ui.is_demo() or auth.demo_accounts():
        st.sidebar.warning("CHẾ ĐỘ DEMO — số liệu mẫu sinh tự động, không phải số liệu thật.", icon=":material/science:")
    ui.sidebar_filters()
with st.sidebar:
    st.caption(f"{user.display_name} · {auth.ROLES.get(user.role, user.role)}")
    # printed by the browser (ui.PRINT_JS): the click never reaches Streamlit
    st.button("In trang", key="in_trang", icon=":material/print:")
    if st.button("Đăng xuất", key="logout"):
        auth.logout()
        st.rerun()
if page.url_path not in REDIRECTS:  # a switch drops this run's elements: the cookie waits for the next run
    auth.sync_cookie(st.sidebar)  # a login hands the browser its resume cookie (a reload stays logged in)
st.html(ui.TOOLBAR_CSS)  # the chart toolbar's full-screen button in Vietnamese (a style takes no room)
st.html(ui.PRINT_CSS)  # a printed page: the page alone on A4 (a style takes no room)
with ui.guard():
    st.html(ui.print_heading(ui.filters()))  # on paper only: the sidebar's filters are not printed
if page.url_path in forbidden:
    auth.refuse(page.title, page.url_path)
else:
    page.run()
memory.freeze_new_modules()  # a first visit imported modules: out of the collector's sight from now on
