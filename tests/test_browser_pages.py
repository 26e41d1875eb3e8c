"""Real headless Chromium on the demo app: every page opens, shows its charts and no error box."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.screenshots import PAGES, login, settle
from tests.server import browser_page, running_app

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("demo_db")]

WITH_CHARTS = {"Chỉ tiêu", "Đơn thư", "Tiếp công dân", "Dân vận khéo", "Nộp báo cáo"}


def test_every_page_of_the_demo_app_renders(demo_db: Path) -> None:
    seen: dict[str, tuple[int, int]] = {}
    with running_app(demo_db) as url, browser_page() as page:
        login(page, url + "/?nam=2025", "quantri", "quantri2025")
        for _, title in PAGES:
            page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title, exact=True).click()
            settle(page)
            assert page.locator("h1").first.inner_text().strip() != "", title
            charts = page.locator('[data-testid="stPlotlyChart"]').count()
            errors = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]').count()
            seen[title] = (charts, errors)
    assert {title: errors for title, (_, errors) in seen.items()} == {title: 0 for _, title in PAGES}
    assert {title for title, (charts, _) in seen.items() if charts > 0} >= WITH_CHARTS
