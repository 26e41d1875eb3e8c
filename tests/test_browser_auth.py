"""Real headless Chromium against the running app: each demo account logs in, sees its menu, and
cannot open another role's page by URL."""

from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from etl.db import reading, release_readers
from etl.load import init_db, mark_demo_db
from etl.users import DEMO_ACCOUNTS, add_user, create_demo_accounts, set_password
from tests.server import browser_page, running_app
from tests.test_browser_office import download

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
MENU = {  # the menu titles each role gets (pages whose files exist)
    "lanh_dao": ["Tổng quan", "Chỉ tiêu", "Đơn thư", "Tiếp công dân", "Dân vận khéo", "Nộp báo cáo", "Dữ liệu & xuất"],
    "van_phong": ["Tổng quan", "Chỉ tiêu", "Đơn thư", "Tiếp công dân", "Dân vận khéo", "Nộp báo cáo", "Tải lên",
                  "Lịch sử nộp", "Dữ liệu & xuất", "Báo cáo UBND tỉnh"],
}
MENU["quan_tri"] = MENU["van_phong"] + ["Quản trị"]
FILES = {"Tổng quan": "overview", "Chỉ tiêu": "targets", "Đơn thư": "petitions", "Tiếp công dân": "reception",
         "Dân vận khéo": "models", "Nộp báo cáo": "reporting", "Tải lên": "upload", "Lịch sử nộp": "history",
         "Dữ liệu & xuất": "explore", "Báo cáo UBND tỉnh": "report", "Quản trị": "admin"}


SERVED: dict[str, Path] = {}  # the database behind each running app's URL


def menu(role: str) -> list[str]:
    return [t for t in MENU[role] if (ROOT / "pages" / f"{FILES[t]}.py").exists()]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("browser") / "demo.duckdb"
    init_db(db)
    mark_demo_db(db)
    create_demo_accounts(db)
    with running_app(db) as url:
        SERVED[url] = db
        yield url


def test_a_deep_link_opened_first_after_the_server_starts_is_the_apps_page(tmp_path: Path) -> None:
    """Streamlit runs a server's first session through its pages/ folder discovery, whose URLs are
    the file names: /don-thu got its "Page not found" dialog over the login form. dashboard.serve
    (how `make run` and these tests start the app) clears that before the server starts."""
    db = tmp_path / "fresh.duckdb"
    init_db(db)
    mark_demo_db(db)
    create_demo_accounts(db)
    with running_app(db) as url, browser_page() as page:
        page.goto(f"{url}/don-thu")
        page.get_by_role("button", name="Đăng nhập").wait_for(timeout=60_000)
        time.sleep(1.5)  # the dialog, when it came, came with the first run's last messages
        assert page.get_by_text("Page not found").count() == 0
        log_in(page, "lanhdao", "lanhdao2025")
        page.get_by_role("heading", name="Đơn thư").first.wait_for(timeout=30_000)
        assert urlparse(page.url).path == "/don-thu"
        # logged in, the first page's own URL (a bookmark of /tong-quan) is that page, not "Page not found"
        page.wait_for_timeout(1500)  # the resume cookie, so that the reload below stays logged in
        page.goto(f"{url}/tong-quan")
        page.get_by_role("heading", name="Tổng quan").first.wait_for(timeout=30_000)
        page.wait_for_timeout(1500)
        assert page.get_by_text("Page not found").count() == 0


def log_in(page, username: str, password: str) -> None:
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def sidebar_menu(page) -> list[str]:
    links = page.locator('[data-testid="stSidebarNav"] [data-testid="stSidebarNavLink"]')
    links.first.wait_for(timeout=30_000)
    return [t.strip() for t in links.all_inner_texts()]


@pytest.mark.parametrize("username,role,password", [(u, r, p) for u, _, r, p in DEMO_ACCOUNTS])
def test_each_demo_account_sees_its_menu(app_url: str, username: str, role: str, password: str) -> None:
    with browser_page() as page:
        page.goto(app_url)
        page.get_by_role("button", name="Đăng nhập").wait_for(timeout=30_000)
        log_in(page, username, password)
        page.get_by_text("Đăng xuất").wait_for(timeout=30_000)
        assert [clean(t) for t in sidebar_menu(page)] == menu(role)
        assert page.get_by_text("CHẾ ĐỘ DEMO").count() >= 1
        page.get_by_role("button", name="Đăng xuất").click()
        page.get_by_role("button", name="Đăng nhập").wait_for(timeout=30_000)


def clean(text: str) -> str:
    """A link's label without its Material icon's ligature name ("dashboard\nTổng quan")."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def test_lanhdao_cannot_open_the_admin_page_by_url(app_url: str) -> None:
    with browser_page() as page:
        page.goto(f"{app_url}/quan-tri")
        page.get_by_role("button", name="Đăng nhập").wait_for(timeout=30_000)
        log_in(page, "lanhdao", "lanhdao2025")
        page.get_by_text("Bạn không có quyền mở trang này.").wait_for(timeout=30_000)
        assert page.get_by_role("tab", name="Nhật ký hoạt động").count() == 0
        assert "Quản trị" not in [clean(t) for t in sidebar_menu(page)]


def test_quantri_opens_the_admin_page_by_url(app_url: str) -> None:
    with browser_page() as page:
        page.goto(f"{app_url}/quan-tri")
        page.get_by_role("button", name="Đăng nhập").wait_for(timeout=30_000)
        log_in(page, "quantri", "quantri2025")
        page.get_by_role("tab", name="Nhật ký hoạt động").wait_for(timeout=30_000)
        assert page.get_by_text("Bạn không có quyền mở trang này.").count() == 0
        # the log's CSV is written on the click (not on every run of the page), and the export is logged
        got = download(page, "Xuất nhật ký (CSV)")
        rows = list(csv.DictReader(io.StringIO(Path(got.path()).read_bytes().decode("utf-8-sig"))))
        assert list(rows[0]) == ["Mã", "Thời điểm", "Người dùng", "Hoạt động", "Đối tượng", "Chi tiết", "Thành công"]
        login = next(r for r in rows if (r["Người dùng"], r["Hoạt động"]) == ("quantri", "Đăng nhập"))
        assert (login["Hoạt động"], login["Chi tiết"], login["Thành công"]) == (
            "Đăng nhập", "cách đăng nhập mật khẩu · vai trò Quản trị", "Có")
        assert re.fullmatch(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", login["Thời điểm"])
    try:
        with reading(SERVED[app_url]) as con:  # the server is running: through the shared locks
            assert con.execute("SELECT username, action, target FROM audit_log ORDER BY audit_id DESC LIMIT 1"
                               ).fetchone() == ("quantri", "export", "audit_log")
    finally:
        release_readers()  # the server's next write does not wait for this process's reader


def test_wrong_password_is_refused(app_url: str) -> None:
    """And the hint under a box being typed in is Vietnamese (Streamlit writes 'Press Enter to submit form')."""
    with browser_page() as page:
        page.goto(app_url)
        page.get_by_role("button", name="Đăng nhập").wait_for(timeout=30_000)
        page.get_by_label("Tên đăng nhập").fill("vanphong")
        hint = page.locator('[data-testid="InputInstructions"]').first
        hint.wait_for(timeout=10_000)
        assert hint.inner_text().startswith("Nhấn Enter để gửi")
        log_in(page, "vanphong", "sai-mat-khau")
        page.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng.").wait_for(timeout=30_000)


def _h1(page) -> str:
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    return page.locator('[data-testid="stMain"] h1').first.inner_text(timeout=30_000)


def test_a_reload_stays_logged_in_until_the_user_logs_out(app_url: str) -> None:
    with browser_page() as page:
        page.goto(app_url)
        log_in_when_ready(page, "vanphong", "vanphong2025")
        page.get_by_text("Đăng xuất").wait_for(timeout=30_000)
        page.goto(f"{app_url}/lich-su-nop")  # a new session, as a reload or a bookmark opens
        page.get_by_role("heading", name="Lịch sử nộp").wait_for(timeout=30_000)
        assert page.get_by_role("button", name="Đăng nhập").count() == 0
        cookie = [c for c in page.context.cookies() if c["name"] == "dvcq_phien"]
        assert len(cookie) == 1 and cookie[0]["sameSite"] == "Strict" and "vanphong" not in cookie[0]["value"]
        page.get_by_role("button", name="Đăng xuất").click()
        page.get_by_role("button", name="Đăng nhập").wait_for(timeout=30_000)
        page.wait_for_function("() => !document.cookie.includes('dvcq_phien=')", timeout=30_000)
        # the server forgot the token too: the old cookie, put back, opens nothing
        page.context.add_cookies(cookie)
        page.reload()
        page.get_by_role("button", name="Đăng nhập").wait_for(timeout=30_000)
        assert _h1(page) == "Đăng nhập"


def test_a_login_from_the_first_pages_own_url_stays_logged_in_on_reload(app_url: str) -> None:
    """/tong-quan (a bookmark of the first page) switches to the root URL once logged in; the switch
    used to drop the run that handed the browser its resume cookie, so the next reload logged out."""
    with browser_page() as page:
        page.goto(f"{app_url}/tong-quan")
        log_in_when_ready(page, "lanhdao", "lanhdao2025")
        page.get_by_role("heading", name="Tổng quan").first.wait_for(timeout=30_000)
        page.wait_for_function("() => document.cookie.includes('dvcq_phien=')", timeout=30_000)
        page.reload()
        page.get_by_role("heading", name="Tổng quan").first.wait_for(timeout=30_000)
        assert page.get_by_role("button", name="Đăng nhập").count() == 0


def test_a_password_change_ends_the_login_a_reload_would_resume(app_url: str) -> None:
    db = SERVED[app_url]
    add_user(db, "thuky", "mat-khau-cu-1", "lanh_dao", "Thư ký")
    with browser_page() as page:
        page.goto(app_url)
        log_in_when_ready(page, "thuky", "mat-khau-cu-1")
        page.get_by_text("Đăng xuất").wait_for(timeout=30_000)
        page.reload()
        page.get_by_text("Đăng xuất").wait_for(timeout=30_000)
        assert _h1(page) == "Tổng quan"
        time.sleep(1.1)  # password_changed_at is kept to the second
        set_password(db, "thuky", "mat-khau-moi-2")
        page.reload()
        page.get_by_role("button", name="Đăng nhập").wait_for(timeout=30_000)
        assert _h1(page) == "Đăng nhập"


def log_in_when_ready(page, username: str, password: str) -> None:
    page.get_by_role("button", name="Đăng nhập").wait_for(timeout=30_000)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    log_in(page, username, password)


def test_on_a_phone_the_menu_starts_closed_opens_and_closes_on_the_page_chosen(app_url: str) -> None:
    """A phone's screen is the sidebar's width: open, it hides the page the user logged in to, and the
    page chosen in it (Streamlit left it open). On a laptop it stays open across pages."""
    with browser_page(390, 844) as page:
        page.goto(app_url)
        log_in(page, "lanhdao", "lanhdao2025")
        page.get_by_role("heading", name="Tổng quan").first.wait_for(timeout=30_000)
        sidebar = page.locator('[data-testid="stSidebar"]')
        page.wait_for_timeout(1000)
        assert sidebar.get_attribute("data-collapsed") == "true"
        page.locator('[data-testid="stExpandSidebarButton"]').click()
        page.wait_for_function("() => document.querySelector('[data-testid=stSidebar]').dataset.collapsed === 'false'",
                               timeout=10_000)
        sidebar.locator('[data-testid="stSidebarNavLink"]', has_text="Đơn thư").click()
        page.get_by_role("heading", name="Đơn thư").first.wait_for(timeout=30_000)
        page.wait_for_function("() => document.querySelector('[data-testid=stSidebar]').dataset.collapsed === 'true'",
                               timeout=10_000)
        assert page.get_by_role("heading", name="Đơn thư").first.is_visible()
    with browser_page(1366, 768) as page:  # on a laptop it starts open, and stays open
        page.goto(app_url)
        log_in(page, "lanhdao", "lanhdao2025")
        page.get_by_role("heading", name="Tổng quan").first.wait_for(timeout=30_000)
        sidebar = page.locator('[data-testid="stSidebar"]')
        assert sidebar.get_attribute("data-collapsed") == "false"
        sidebar.locator('[data-testid="stSidebarNavLink"]', has_text="Đơn thư").click()
        page.get_by_role("heading", name="Đơn thư").first.wait_for(timeout=30_000)
        page.wait_for_timeout(1000)
        assert sidebar.get_attribute("data-collapsed") == "false"
