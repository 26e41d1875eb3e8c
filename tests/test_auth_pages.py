"""The login page, each role's navigation, refusals, session timeout and logout, and the admin page
(AppTest on app.py, the real router)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard.auth import User
from dashboard.queries import audit as audit_queries
from etl import users
from etl.db import writing
from etl.load import init_db, mark_demo_db

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PASSWORD = "mat-khau-kiem-thu"

# (url path, file, roles) as in app.py SECTIONS; a page counts only once its file exists.
PAGES = [
    ("tong-quan", "Tổng quan", "pages/overview.py", "LVQ"), ("chi-tieu", "Chỉ tiêu", "pages/targets.py", "LVQ"),
    ("don-thu", "Đơn thư", "pages/petitions.py", "LVQ"),
    ("tiep-cong-dan", "Tiếp công dân", "pages/reception.py", "LVQ"),
    ("dan-van-kheo", "Dân vận khéo", "pages/models.py", "LVQ"),
    ("nop-bao-cao", "Nộp báo cáo", "pages/reporting.py", "LVQ"),
    ("tai-len", "Tải lên", "pages/upload.py", "VQ"), ("lich-su-nop", "Lịch sử nộp", "pages/history.py", "VQ"),
    ("du-lieu", "Dữ liệu & xuất", "pages/explore.py", "LVQ"),
    ("bao-cao", "Báo cáo UBND tỉnh", "pages/report.py", "VQ"),
    ("quan-tri", "Quản trị", "pages/admin.py", "Q"),
]
LETTER = {"lanh_dao": "L", "van_phong": "V", "quan_tri": "Q"}


def expected_urls(role: str) -> list[str]:
    return [url for url, _, file, roles in PAGES if LETTER[role] in roles and (ROOT / file).exists()]


def expected_menu(role: str) -> list[str]:
    """Titles of the visible menu, in order."""
    return [title for _, title, file, roles in PAGES if LETTER[role] in roles and (ROOT / file).exists()]


@pytest.fixture(scope="module")
def accounts_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("auth") / "auth.duckdb"
    init_db(db)
    for username, role in [("ld", "lanh_dao"), ("vp", "van_phong"), ("qt", "quan_tri")]:
        users.add_user(db, username, PASSWORD, role, f"Tài khoản {username}", actor="test")
    return db


@pytest.fixture
def db(accounts_db: Path, tmp_path: Path) -> Path:
    """A private copy per test (tests write: logins, audit rows)."""
    copy = tmp_path / "auth.duckdb"
    copy.write_bytes(accounts_db.read_bytes())
    return copy


@pytest.fixture
def navigation(monkeypatch: pytest.MonkeyPatch) -> list:
    """What app.py hands to st.navigation on each run: [(visible titles, hidden url paths)]."""
    calls: list = []
    real = st.navigation

    def spy(pages, **kwargs):
        flat = [p for group in (pages.values() if isinstance(pages, dict) else [pages]) for p in group]
        calls.append(([p.title for p in flat if p.visibility == "visible"],
                      [p.url_path for p in flat if p.visibility == "hidden"]))
        return real(pages, **kwargs)

    monkeypatch.setattr(st, "navigation", spy)
    return calls


def app(db: Path) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["_db_path"] = str(db)
    return at


def log_in(at: AppTest, username: str, password: str = PASSWORD) -> AppTest:
    if not at.text_input:
        at.run()
    at.text_input(key="login_username").input(username)
    at.text_input(key="login_password").input(password)
    return at.button[0].click().run()


def audit(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT username, action, target, details, ok FROM audit_log ORDER BY audit_id").fetchall()
    finally:
        con.close()


def test_login_form_labels_and_nothing_else_before_login(db: Path, navigation: list) -> None:
    at = app(db).run()
    assert [t.value for t in at.title] == ["Đăng nhập"]
    assert [t.label for t in at.text_input] == ["Tên đăng nhập", "Mật khẩu"]
    assert at.text_input(key="login_password").proto.type == 1  # TextInput.PASSWORD
    assert [b.label for b in at.button] == ["Đăng nhập"]
    visible, hidden = navigation[-1]
    assert visible == ["Đăng nhập"]  # every other URL leads to the login form too
    assert sorted(hidden) == sorted(expected_urls("quan_tri"))
    assert not at.exception


def test_no_users_tells_how_to_create_the_admin(tmp_path: Path) -> None:
    empty = tmp_path / "empty.duckdb"
    init_db(empty)
    at = app(empty).run()
    assert at.warning[0].value.startswith("Chưa có tài khoản nào trong cơ sở dữ liệu này.")
    assert at.code[0].value == 'python -m etl user add TÊN_ĐĂNG_NHẬP --role quan_tri --name "Họ tên"'


@pytest.mark.parametrize("username,role", [("ld", "lanh_dao"), ("vp", "van_phong"), ("qt", "quan_tri")])
def test_each_role_gets_only_its_pages(db: Path, navigation: list, username: str, role: str) -> None:
    at = log_in(app(db), username)
    assert not at.exception
    assert at.session_state["user"].role == role
    visible, hidden = navigation[-1]
    assert visible == expected_menu(role)
    # hidden: other roles' pages (answered with a refusal), and the first page's own URL (/tong-quan),
    # which leads to the root URL that page is served at
    assert sorted(hidden) == sorted({"tong-quan"} | set(expected_urls("quan_tri")) - set(expected_urls(role)))
    assert at.sidebar.caption[0].value == f"Tài khoản {username} · {users.ROLES[role]}"
    assert [row[:2] for row in audit(db)][-1] == (username, "login")


@pytest.mark.parametrize("username", ["ld", "vp"])
def test_direct_url_to_admin_page_is_refused(db: Path, username: str) -> None:
    at = log_in(app(db), username)
    at.switch_page("pages/admin.py").run()
    assert [e.value for e in at.error] == ["Bạn không có quyền mở trang này."]
    assert not at.title or "Quản trị" not in [t.value for t in at.title]
    assert not at.tabs  # nothing of the admin page was drawn
    assert [(u, a, t) for u, a, t, _, _ in audit(db)][-1] == (username, "access_denied", "quan-tri")


def test_admin_opens_the_admin_page(db: Path) -> None:
    at = log_in(app(db), "qt")
    at.switch_page("pages/admin.py").run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Quản trị"]
    assert [t.label for t in at.tabs] == ["Nhật ký hoạt động", "Tài khoản", "Danh mục"]
    (log,) = [d.value for d in at.dataframe]  # the open tab only
    assert not at.form
    assert log.iloc[0][["Người dùng", "Hoạt động", "Chi tiết"]].tolist() == [
        "qt", "Đăng nhập", "cách đăng nhập mật khẩu · vai trò Quản trị"]  # not the stored JSON
    assert at.get("download_button")[0].proto.label == "Xuất nhật ký (CSV)"
    at.session_state["quan_tri_tab"] = "Danh mục"
    at.run()
    assert [e.label for e in at.expander] == [
        "Đơn vị — data/catalog/units.csv", "Chỉ tiêu — data/catalog/indicators.csv",
        "Ngày nghỉ lễ, ngày làm bù — data/catalog/holidays.csv",
        "Thời hạn giải quyết đơn thư — data/catalog/deadline_rules.csv"]
    assert "VP" in at.dataframe[0].value.iloc[:, 0].tolist()
    shown = json.loads(at.dataframe[0].proto.columns)
    # Vietnamese headers, each with the file's column to edit
    assert [shown[c]["label"] for c in at.dataframe[0].value.columns[:4]] == [
        "Mã đơn vị (unit_code)", "Tên đơn vị (unit_name)", "Tên ngắn (short_name)",
        "Tên gọi khác (aliases)"]
    # on paper, each catalogue whole under the same headers (a grid prints only the rows in its box)
    copies = [h.proto.body for h in at.get("html") if h.proto.body.startswith('<table class="dvcq-print-table')]
    assert len(copies) == 4 and "<th>Mã đơn vị (unit_code)</th>" in copies[0]
    assert copies[0].count("<tr><td>") == len(at.dataframe[0].value)
    at.session_state["quan_tri_tab"] = "Tài khoản"
    at.run()
    copy = next(h.proto.body for h in at.get("html") if h.proto.body.startswith('<table class="dvcq-print-table'))
    assert "<th>Tên đăng nhập</th>" in copy and "<th class=d>Đăng nhập gần nhất</th>" in copy
    assert copy.count("<tr><td>") == len(at.dataframe[0].value) == len(users.list_users(db))


def test_admin_adds_disables_and_resets(db: Path) -> None:
    at = log_in(app(db), "qt")
    at.switch_page("pages/admin.py").run()
    at.session_state["quan_tri_tab"] = "Tài khoản"
    at.run()
    form = {t.label: t for t in at.text_input}
    form["Tên đăng nhập mới"].input("cb.moi")
    form["Tên hiển thị"].input("Cán bộ mới")
    at.selectbox[0].set_value("van_phong")
    form["Mật khẩu ban đầu"].input("mat-khau-ban-dau")
    form["Nhập lại mật khẩu"].input("mat-khau-ban-dau")
    next(b for b in at.button if b.label == "Tạo tài khoản").click().run()
    assert [s.value for s in at.success] == ["Đã tạo tài khoản 'cb.moi' (Văn phòng Sở)."]
    assert users.authenticate(db, "cb.moi", "mat-khau-ban-dau").role == "van_phong"

    at.selectbox(key="state_user").set_value("cb.moi")
    next(b for b in at.button if b.label == "Áp dụng").click().run()
    assert [s.value for s in at.success] == ["Đã vô hiệu tài khoản 'cb.moi'."]
    assert users.get_user(db, "cb.moi").active is False

    at.selectbox(key="passwd_user").set_value("vp")
    fields = [t for t in at.text_input if t.label in ("Mật khẩu mới", "Nhập lại")]
    fields[0].input("mat-khau-thu-hai")
    fields[1].input("mat-khau-thu-hai")
    next(b for b in at.button if b.label == "Đặt lại mật khẩu").click().run()
    assert [s.value for s in at.success] == ["Đã đặt mật khẩu mới cho 'vp'."]
    assert users.authenticate(db, "vp", "mat-khau-thu-hai").username == "vp"
    changes = [(u, a, t) for u, a, t, _, _ in audit(db) if a.startswith("user_")]
    assert changes[-3:] == [("qt", "user_add", "cb.moi"), ("qt", "user_disable", "cb.moi"), ("qt", "user_passwd", "vp")]


def test_wrong_password_then_lockout_in_the_form(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DVCQ_MAX_LOGIN_FAILURES", "3")
    at = app(db)
    for _ in range(2):
        log_in(at, "vp", "sai-mat-khau")
        assert [e.value for e in at.error] == ["Tên đăng nhập hoặc mật khẩu không đúng."]
    log_in(at, "vp", "sai-mat-khau")
    assert at.error[0].value.startswith("Tài khoản đang tạm khoá đến ")
    log_in(at, "vp")  # the right password, too late
    assert at.error[0].value.startswith("Tài khoản đang tạm khoá đến ")
    assert "user" not in at.session_state
    assert [json.loads(d).get("reason") for _, a, _, d, _ in audit(db) if a == "login_failed"] == [
        "bad_password", "bad_password", "bad_password", "locked"]
    # as Quản trị reads them (the page and its CSV): words, not the stored JSON
    shown = audit_queries.audit_rows(db, ("vp",))
    until = users.get_user(db, "vp").locked_until
    assert shown[["action_label", "details"]].values.tolist()[::-1] == [
        ["Đăng nhập thất bại", "lý do sai mật khẩu · số lần sai 1"],
        ["Đăng nhập thất bại", "lý do sai mật khẩu · số lần sai 2"],
        ["Đăng nhập thất bại", "lý do sai mật khẩu · số lần sai 3"],
        ["Tạm khoá tài khoản", f"khoá đến {until:%d/%m/%Y %H:%M} · số lần sai 3"],
        ["Đăng nhập thất bại", "lý do tài khoản đang tạm khoá"]]


def test_logout_and_session_timeout(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = log_in(app(db), "ld")
    next(b for b in at.sidebar.button if b.label == "Đăng xuất").click().run()
    assert [t.value for t in at.title] == ["Đăng nhập"]
    assert "user" not in at.session_state
    log_in(at, "ld")
    at.session_state["_auth_last_seen"] = datetime.now() - timedelta(minutes=61)
    at.run()
    assert [t.value for t in at.title] == ["Đăng nhập"]
    assert at.info[0].value == "Phiên làm việc đã hết hạn sau 60 phút không thao tác. Hãy đăng nhập lại."
    logouts = [json.loads(d)["reason"] for u, a, _, d, _ in audit(db) if a == "logout"]
    assert logouts == ["user", "timeout"]


def test_disabled_account_is_logged_out(db: Path) -> None:
    at = log_in(app(db), "vp")
    users.set_active(db, "vp", False, actor="qt")
    at.session_state["_auth_checked_at"] = datetime.now() - timedelta(minutes=5)
    at.run()
    assert at.info[0].value == "Tài khoản của bạn vừa bị vô hiệu. Hãy liên hệ quản trị."


def test_a_user_put_in_session_state_is_honoured(db: Path, navigation: list) -> None:
    """What other pages' AppTests do: no login, no audit."""
    at = app(db)
    at.session_state["user"] = User("test", "van_phong", "Kiểm thử")
    at.run()
    assert not at.exception
    assert navigation[-1][0] == expected_menu("van_phong")
    assert [a for _, a, *_ in audit(db)] == ["user_add"] * 3


def test_demo_banner_while_demo_accounts_exist(db: Path) -> None:
    mark_demo_db(db)
    at = app(db).run()
    assert [w.value for w in at.warning] == ["CHẾ ĐỘ DEMO — số liệu mẫu sinh tự động, không phải số liệu thật."]
    with writing(db) as con:  # a real database that still holds the demo accounts
        con.execute("DELETE FROM meta WHERE key = 'demo'")
    users.add_user(db, "lanhdao", "lanhdao2025", "lanh_dao", actor="test")
    at = log_in(app(db), "lanhdao", "lanhdao2025")
    assert [w.value for w in at.sidebar.warning] == [
        "CHẾ ĐỘ DEMO — số liệu mẫu sinh tự động, không phải số liệu thật."]


def test_oidc_button_only_when_configured(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = app(db).run()
    assert [b.label for b in at.button] == ["Đăng nhập"]
    import dashboard.auth as auth

    monkeypatch.setattr(auth, "oidc_provider", lambda: (True, "microsoft"))
    at = app(db)
    at.user = {"is_logged_in": False}
    at.run()
    assert [b.label for b in at.button] == ["Đăng nhập", "Đăng nhập bằng tài khoản tổ chức"]


def test_oidc_identity_maps_to_the_local_role(db: Path, monkeypatch: pytest.MonkeyPatch, navigation: list) -> None:
    import dashboard.auth as auth

    monkeypatch.setattr(auth, "oidc_provider", lambda: (True, None))
    users.add_user(db, "lanhdao.so", PASSWORD, "lanh_dao", "Giám đốc", email="gd@laichau.gov.vn", actor="qt")
    at = app(db)
    at.user = {"is_logged_in": True, "email": "GD@laichau.gov.vn", "email_verified": True}
    at.run()
    assert at.session_state["user"].username == "lanhdao.so"
    assert navigation[-1][0] == expected_menu("lanh_dao")
    assert audit(db)[-1][:2] == ("lanhdao.so", "login")
    stranger = app(db)
    stranger.user = {"is_logged_in": True, "email": "la@example.com"}
    stranger.run()
    assert "user" not in stranger.session_state
    assert stranger.error[0].value.startswith("Tài khoản tổ chức la@example.com chưa được cấp quyền")


def test_the_audit_log_names_what_was_exported_or_downloaded() -> None:
    assert [audit_queries.target_text(a, t) for a, t in [
        ("export", "petitions"), ("export", "report_docx"), ("export", "audit_log"), ("download", "12"),
        ("withdraw", "3"), ("load", "VP_Q1.xlsx"), ("user_add", "vp"), ("login", None)]] == [
        "Dữ liệu: Đơn thư", "Báo cáo UBND tỉnh (Word)", "Nhật ký hoạt động", "Lần nộp 12", "Lần nộp 3",
        "VP_Q1.xlsx", "vp", ""]


def test_the_audit_log_gives_a_small_file_s_size_in_kilobytes() -> None:
    """A 14 KB return's export read 'dung lượng 0,0 MB' (UI round)."""
    assert [audit_queries.details_text(json.dumps({"bytes": b})) for b in (300, 14_336, 3 * 1048576 // 2)] == [
        "dung lượng 1 KB", "dung lượng 14 KB", "dung lượng 1,5 MB"]
