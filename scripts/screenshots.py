"""Save a PNG of every page of the demo app (for the README): `make screenshots`.

Starts the real app on the demo database, logs in as the demo administrator in Debian's headless
Chromium, opens each page, waits for its charts, and writes docs/screenshots/<url>.png.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.server import browser_page, running_app  # noqa: E402

PAGES = [
    ("tong-quan", "Tổng quan"), ("chi-tieu", "Chỉ tiêu"), ("don-thu", "Đơn thư"),
    ("tiep-cong-dan", "Tiếp công dân"), ("dan-van-kheo", "Dân vận khéo"), ("nop-bao-cao", "Nộp báo cáo"),
    ("tai-len", "Tải lên"), ("lich-su-nop", "Lịch sử nộp"), ("du-lieu", "Dữ liệu & xuất"),
    ("bao-cao", "Báo cáo UBND tỉnh"), ("quan-tri", "Quản trị"),
]


def login(page, url: str, username: str, password: str) -> None:
    page.goto(url)
    page.get_by_label("Tên đăng nhập").wait_for(timeout=60_000)
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_selector('[data-testid="stSidebarNav"]', timeout=60_000)


def settle(page, timeout: int = 90_000) -> None:
    """Wait until Streamlit has finished running the page's script and its charts are drawn."""
    page.wait_for_timeout(300)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                   .every(c => c.querySelector('.main-svg'))""", timeout=timeout)
    page.wait_for_timeout(300)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="the demo database (make screenshots passes it)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--query", default="nam=2025", help="filters in the URL, e.g. nam=2025&ky=2025-H1")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with running_app(Path(args.db)) as url, browser_page(width=1440, height=1100) as page:
        # A full page load starts a new Streamlit session (and a new login): navigate in-app instead.
        page.goto(f"{url}/?{args.query}")
        login(page, url + f"/?{args.query}", "quantri", "quantri2025")
        for path, title in PAGES:
            page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title, exact=True).click()
            settle(page)
            target = out / f"{path}.png"
            page.screenshot(path=str(target), full_page=True)
            print(f"{title}: {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")


if __name__ == "__main__":
    main()
