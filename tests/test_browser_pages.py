"""Real headless Chromium on the demo app: every page opens, shows its charts and no error box."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from scripts.screenshots import PAGES, login, settle
from tests.server import PHONE_AGENT, browser_page, running_app

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("demo_db")]

WITH_CHARTS = {"Chỉ tiêu", "Đơn thư", "Tiếp công dân", "Dân vận khéo"}  # Nộp báo cáo opens on its list
# Charts whose drawn margins are wider than the figure's own: Plotly had to draw them twice
# (charts.style.starting_margins guesses margins wide enough for the labels at this screen width).
REDRAWN_JS = """() => [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')].filter(gd =>
  ['l', 'r', 't', 'b'].some(k => Math.round(gd._fullLayout._size[k]) > (gd.layout.margin || {})[k] + 1)
).map(gd => gd.layout.title.text)"""


def test_every_page_of_the_demo_app_renders(demo_db: Path) -> None:
    seen: dict[str, tuple[int, int]] = {}
    redrawn: list[str] = []
    with running_app(demo_db) as url, browser_page() as page:
        login(page, url + "/?nam=2025", "quantri", "quantri2025")
        for _, title in PAGES:
            page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title, exact=True).click()
            settle(page)
            if title in WITH_CHARTS:  # the first chart of a session waits for plotly.js to load
                page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for(timeout=30_000)
            assert page.locator("h1").first.inner_text().strip() != "", title
            charts = page.locator('[data-testid="stPlotlyChart"]').count()
            errors = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]').count()
            seen[title] = (charts, errors)
            redrawn += page.evaluate(REDRAWN_JS)
    assert redrawn == []  # every chart a page opens on is drawn once
    assert {title: errors for title, (_, errors) in seen.items()} == {title: 0 for _, title in PAGES}
    assert {title for title, (charts, _) in seen.items() if charts > 0} >= WITH_CHARTS, seen


# Titles of the charts whose legend covers part of their title (the two boxes as drawn).
LEGEND_OVER_TITLE_JS = """() => [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')].filter(gd => {
  const title = gd.querySelector('.gtitle'), legend = gd.querySelector('.legend');
  if (!title || !legend) return false;
  const t = title.getBoundingClientRect(), l = legend.getBoundingClientRect();
  return l.top < t.bottom && t.top < l.bottom && l.left < t.right && t.left < l.right;
}).map(gd => gd.layout.title.text)"""


# Titles of the charts whose title runs past the chart's edge (Plotly does not wrap a title).
TITLE_CUT_JS = """() => [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')].filter(gd => {
  const title = gd.querySelector('.gtitle'), box = gd.getBoundingClientRect();
  return title && (title.getBoundingClientRect().right > box.right || title.getBoundingClientRect().left < box.left);
}).map(gd => gd.layout.title.text)"""


def test_on_a_phone_no_legend_covers_its_chart_title(demo_db: Path) -> None:
    """At 390 px a legend wraps onto several rows; they grow down, under the title, not over it.
    And every title is whole (the Giám đốc's strip was cut after 'ngày/thán')."""
    with running_app(demo_db) as url, browser_page(390, 844) as page:
        page.goto(url + "/?nam=2025")
        page.get_by_label("Tên đăng nhập").fill("lanhdao")
        page.get_by_label("Mật khẩu").fill("lanhdao2025")
        page.get_by_role("button", name="Đăng nhập").click()
        checked = {}
        for path in ["", "don-thu", "tiep-cong-dan"]:
            if path:
                page.goto(f"{url}/{path}?nam=2025")  # the menu is closed on a phone; a reload resumes the login
            page.locator('[data-testid="stMain"] .js-plotly-plot .legend').first.wait_for(timeout=60_000)
            settle(page)
            checked[path] = (page.locator('[data-testid="stMain"] .js-plotly-plot .legend').count(),
                             page.evaluate(LEGEND_OVER_TITLE_JS) + page.evaluate(TITLE_CUT_JS))
        assert {path: covered for path, (_, covered) in checked.items()} == {"": [], "don-thu": [], "tiep-cong-dan": []}
        assert all(legends > 0 for legends, _ in checked.values()), checked


PLOT_WIDTHS_JS = """() => [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')].map(gd =>
  [gd.layout.title.text.replace(/<[^>]+>/g, ''), Math.round(gd._fullLayout._size.w)])"""
TOOLBAR_JS = """() => [...document.querySelectorAll('[data-testid="stMain"] .modebar-btn')].map(b =>
  getComputedStyle(b, '::after').content.replace(/^"|"$/g, ''))"""


def test_on_a_phone_charts_of_units_leave_their_plot_room_and_speak_vietnamese(demo_db: Path) -> None:
    """At 390 px the units' full names took the width and left the heatmaps and bars a strip of a
    few pixels (UI round); by their short names the plot keeps most of the width. The chart
    toolbar's tooltips are Vietnamese (Plotly's through its dictionary, Streamlit's by CSS)."""
    with running_app(demo_db) as url, browser_page(390, 844) as page:
        page.goto(url + "/chi-tieu?nam=2025")
        page.get_by_label("Tên đăng nhập").fill("lanhdao")
        page.get_by_label("Mật khẩu").fill("lanhdao2025")
        page.get_by_role("button", name="Đăng nhập").click()
        main = page.locator('[data-testid="stMain"]')
        main.get_by_role("tab", name="Theo đơn vị").click()
        main.locator(".js-plotly-plot .heatmaplayer").first.wait_for(timeout=60_000)
        settle(page)
        widths = dict(page.evaluate(PLOT_WIDTHS_JS))
        page.goto(url + "/nop-bao-cao?nam=2025")
        main.get_by_role("tab", name="Theo đơn vị và kỳ").click()
        main.locator(".js-plotly-plot .heatmaplayer").first.wait_for(timeout=60_000)
        settle(page)
        widths.update(page.evaluate(PLOT_WIDTHS_JS))
        tips = page.evaluate(TOOLBAR_JS)
    assert widths["Kết quả chỉ tiêu theo đơn vị"] >= 180, widths
    assert widths["Tình hình nộp báo cáo theo đơn vị và kỳ"] >= 180, widths
    assert tips and set(tips) <= {"Tải ảnh biểu đồ (PNG)", "Đặt lại trục", "Toàn màn hình"}, tips


def test_a_tab_draws_its_charts_when_clicked(demo_db: Path) -> None:
    """Tabs run lazily (ui.lazy_tabs): a page arrives with its first tab's charts only, and a click
    on another tab replaces them with that tab's."""
    with running_app(demo_db) as url, browser_page() as page:
        login(page, url + "/?nam=2025", "quantri", "quantri2025")
        nav = page.locator('[data-testid="stSidebarNav"]')
        nav.get_by_role("link", name="Nộp báo cáo", exact=True).click()
        settle(page)
        main = page.locator('[data-testid="stMain"]')
        assert main.locator('[data-testid="stPlotlyChart"]').count() == 0
        assert main.get_by_text("Đơn vị chưa nộp hoặc nộp muộn").count() == 1  # units to chase
        main.get_by_role("tab", name="Theo đơn vị và kỳ").click()
        settle(page)
        page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for(timeout=30_000)
        assert main.locator('[data-testid="stPlotlyChart"]').count() == 1
        assert main.locator(".js-plotly-plot .heatmaplayer").count() == 1
        assert main.get_by_text("Đơn vị chưa nộp hoặc nộp muộn").count() == 0
        nav.get_by_role("link", name="Chỉ tiêu", exact=True).click()
        settle(page)
        assert main.locator('[data-testid="stPlotlyChart"]').count() == 1
        assert main.locator(".js-plotly-plot .heatmaplayer").count() == 0
        main.get_by_role("tab", name="Theo đơn vị").click()
        settle(page)
        assert main.locator(".js-plotly-plot .heatmaplayer").count() == 1
        errors = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]').count()
        assert errors == 0


def test_the_report_page_downloads_the_word_report_and_its_annex(demo_db: Path, tmp_path: Path) -> None:
    """Both files are built on the click (a visit fetches neither) and open as Word and Excel do."""
    import io
    import shutil

    import openpyxl
    from docx import Document

    demo_db = Path(shutil.copy(demo_db, tmp_path / "demo.duckdb"))  # the downloads write the audit log
    with running_app(demo_db) as url, browser_page() as page:
        login(page, url + "/?nam=2025", "quantri", "quantri2025")
        media: list[str] = []
        page.on("request", lambda r: media.append(r.url) if "/media/" in r.url else None)
        page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Báo cáo UBND tỉnh", exact=True).click()
        settle(page)
        assert media == []
        files = {}
        for button in ("Tải báo cáo (.docx)", "Tải phụ lục (.xlsx)"):
            with page.expect_download(timeout=60_000) as info:
                page.get_by_role("button", name=button).click()
            files[button] = (info.value.suggested_filename, Path(info.value.path()).read_bytes())
    name, data = files["Tải báo cáo (.docx)"]
    assert name == "bao_cao_dan_van_chinh_quyen_2025.docx"
    assert [p.text for p in Document(io.BytesIO(data)).paragraphs[:2]] == [
        "BÁO CÁO", "Kết quả thực hiện công tác dân vận chính quyền năm 2025"]
    name, data = files["Tải phụ lục (.xlsx)"]
    assert name == "bao_cao_dan_van_chinh_quyen_2025_phu_luc.xlsx"
    annex = openpyxl.load_workbook(io.BytesIO(data))
    assert annex.sheetnames[:2] == ["Thông tin", "PL01 Chỉ tiêu"]
    assert annex["PL07 Đơn thư"]["A1"].value == "Phụ lục 07. TỔNG HỢP TIẾP NHẬN, GIẢI QUYẾT ĐƠN THƯ NĂM 2025"
    assert len(media) == 2  # one fetch per click
    # each download is in the audit log, as every export of the app is
    import duckdb

    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        logged = con.execute("SELECT username, target, json_extract_string(details, '$.file') FROM audit_log "
                             "WHERE action = 'export' ORDER BY audit_id DESC LIMIT 2").fetchall()
    finally:
        con.close()
    assert sorted(logged) == [("quantri", "report_docx", "bao_cao_dan_van_chinh_quyen_2025.docx"),
                              ("quantri", "report_xlsx", "bao_cao_dan_van_chinh_quyen_2025_phu_luc.xlsx")]


def test_a_click_on_a_chart_opens_those_cases_in_the_list(demo_db: Path) -> None:
    """Drill-down. Đơn thư: a case of the resolution-time chart opens its kind's cases, the longest
    first; the "Quá hạn" bar opens exactly the overdue cases the page counts. Dân vận khéo: a bar
    of the models by status opens exactly that bar's models."""
    with running_app(demo_db) as url, browser_page() as page:
        login(page, url + "/?nam=2025", "quantri", "quantri2025")
        page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Đơn thư", exact=True).click()
        settle(page)
        main = page.locator('[data-testid="stMain"]')
        point = main.locator('[data-testid="stPlotlyChart"] .boxlayer .trace').first.locator(".point").first
        point.wait_for(timeout=30_000)
        point.click(force=True)
        settle(page)
        assert main.get_by_role("tab", selected=True).inner_text().strip() == "Danh sách đơn"
        assert page.get_by_text("Danh sách đơn: Khiếu nại, giải quyết lâu nhất trước").count() == 1  # the toast
        kinds = main.locator('[data-testid="stMultiSelect"]', has_text="Loại đơn")
        assert [t.strip() for t in kinds.locator("[data-tag]").all_inner_texts()] == ["Khiếu nại"]
        order = main.locator('[data-testid="stSelectbox"]', has_text="Sắp xếp")
        assert order.locator("input").input_value() == "Số ngày giải quyết, lâu nhất trước"

        main.get_by_role("tab", name="Đơn đang giải quyết").click()
        settle(page)
        chart = main.locator('[data-testid="stPlotlyChart"]', has_text="theo thời hạn")
        chart.locator(".bars .point").first.wait_for(timeout=30_000)
        chart.locator(".bars .point").first.click(force=True)  # "Quá hạn"
        settle(page)
        assert main.get_by_role("tab", selected=True).inner_text().strip() == "Danh sách đơn"
        pending = main.locator('[data-testid="stSelectbox"]', has_text="Tình trạng")
        assert pending.locator("input").input_value() == "Chưa giải quyết · quá hạn"
        assert kinds.locator("[data-tag]").count() == 0
        # the list holds exactly the overdue cases the page counts, read in the page's state after the click
        # (under heavy load the year filter was once seen back on its default after the drill-down:
        # see the closing note of session 12; the count is the page's own either way)
        overdue = main.locator('[data-testid="stMetric"]', has_text="Đang quá hạn")
        overdue = int(overdue.locator('[data-testid="stMetricValue"]').inner_text().strip())
        listed = main.get_by_text(f"1–{overdue} trong {overdue} đơn")
        listed.first.wait_for(timeout=30_000)  # the list comes with the rerun's last messages, on a busy machine later
        assert listed.count() == 1 and overdue > 0

        # Dân vận khéo: a bar of the models by status opens the models of that status, all of them
        page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Dân vận khéo", exact=True).click()
        settle(page)
        main.get_by_role("tab", name="Theo trạng thái và cấp công nhận").click()
        settle(page)
        chart = main.locator('[data-testid="stPlotlyChart"]', has_text="theo trạng thái")
        chart.locator(".bars .point").first.wait_for(timeout=30_000)
        counts = chart.locator(".js-plotly-plot").evaluate("gd => [gd.data[0].x, gd.data[0].y]")
        status, shown = max(zip(*counts), key=lambda bar: bar[1])  # the tallest bar
        bar = chart.locator(".bars .point").nth(counts[0].index(status))
        bar.click(force=True)
        settle(page)
        assert main.get_by_role("tab", selected=True).inner_text().strip() == "Danh sách mô hình"
        statuses = main.locator('[data-testid="stMultiSelect"]', has_text="Trạng thái")
        assert [t.strip() for t in statuses.locator("[data-tag]").all_inner_texts()] == [status]
        assert shown > 0 and main.get_by_text(f"1–{shown} trong {shown} mô hình").count() == 1
        errors = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]').count()
        assert errors == 0



PUSHES_JS = """(() => { window.__pushes = []; const push = history.pushState.bind(history);
  history.pushState = (s, t, u) => { window.__pushes.push(String(u)); return push(s, t, u); }; })()"""


def test_a_page_switch_adds_no_history_entry_for_the_page_left(demo_db: Path) -> None:
    """The filters were written into the address as two changes (clear, then update), each a history
    entry of the page being left, so Back had to be pressed two or three times per page (UI round).
    Now a switch adds entries of the new page only (Streamlit itself sometimes adds the new page
    twice: with and without the filters)."""
    with running_app(demo_db) as url, browser_page() as page:
        page.add_init_script(PUSHES_JS)
        login(page, url + "/?nam=2025", "lanhdao", "lanhdao2025")
        settle(page)
        nav = page.locator('[data-testid="stSidebarNav"]')
        pushed = {}
        for name, path in [("Chỉ tiêu", "/chi-tieu"), ("Đơn thư", "/don-thu"), ("Tiếp công dân", "/tiep-cong-dan")]:
            page.evaluate("window.__pushes.splice(0)")
            nav.get_by_role("link", name=name, exact=True).click()
            settle(page)
            pushed[path] = page.evaluate("window.__pushes.splice(0)")
    assert all(pushes and {p.split("?")[0] for p in pushes} == {path} for path, pushes in pushed.items()), pushed
    assert all(p.endswith("?nam=2025") for p in (pushes[-1] for pushes in pushed.values())), pushed


# Every locale a number is formatted with (Streamlit's tables call Intl.NumberFormat(navigator.languages)).
RECORD_LOCALES_JS = """(() => { const Native = Intl.NumberFormat; window.__locales = [];
  Intl.NumberFormat = function (locales, options) {
    window.__locales.push(JSON.stringify(locales ?? null)); return new Native(locales, options); };
  Intl.NumberFormat.prototype = Native.prototype; Intl.NumberFormat.supportedLocalesOf = Native.supportedLocalesOf;
})();"""


TOOLBAR_LABELS_JS = """() => [...document.querySelectorAll('[data-testid="stElementToolbar"] button')]
  .map(b => b.getAttribute('aria-label'))"""
HELP_LABELS_JS = """() => [...document.querySelectorAll('[data-testid="stTooltipHoverTarget"] button')]
  .map(b => b.getAttribute('aria-label')).filter(l => !l.startsWith('Ẩn') && !l.startsWith('Tải') && !l.startsWith('Tìm')
  && !l.startsWith('Toàn'))"""


SCREEN_READER_JS = """() => [...document.querySelectorAll('[aria-label]')].map(e => e.getAttribute('aria-label'))
  .concat([...document.querySelectorAll('a, button')].map(e => e.innerText.trim()).filter(Boolean))"""


def test_tables_write_numbers_in_vietnamese_in_a_browser_set_to_english(demo_db: Path) -> None:
    """An office PC in English: Streamlit's tables wrote 66.7 and 1,234 (their 'localized' format
    follows the browser's languages). The page reads as vi-VN from the login form on, so a table,
    even on a page opened straight from the address bar, is written 66,7 and 1.234. Streamlit's own
    words (a table's toolbar, its tooltip, the help buttons' labels) are in Vietnamese too."""
    with running_app(demo_db) as url, browser_page(locale="en-US") as page:
        page.add_init_script(RECORD_LOCALES_JS)
        login(page, url + "/?nam=2025", "quantri", "quantri2025")
        settle(page)
        formats = {}
        for path in ["tong-quan", "du-lieu"]:
            page.goto(f"{url}/{path}?nam=2025")  # a reload: the first element drawn is the page's own
            settle(page)
            page.locator('[data-testid="stDataFrame"] canvas').first.wait_for(timeout=30_000)
            page.wait_for_timeout(500)
            formats[path] = set(page.evaluate("() => window.__locales"))
            if path == "tong-quan":  # Streamlit's own words: the table's toolbar and tooltip, the help buttons
                table = page.locator('[data-testid="stDataFrame"]').first
                table.hover()
                download = page.locator('[data-testid="stElementToolbar"] button').nth(1)
                download.hover()
                page.get_by_text("Tải về dạng CSV", exact=True).wait_for(timeout=10_000)  # the tooltip
                toolbar = page.evaluate(TOOLBAR_LABELS_JS)
                helps = page.evaluate(HELP_LABELS_JS)
                said = page.evaluate(SCREEN_READER_JS)
                # a day as the browser writes it in a column's statistics, translated as it appears
                days = page.evaluate("""async () => { const out = [];
                  for (const t of ['5 thg 1, 2025', '15 thg 12, 2025, 08:05', 'thg 12']) {
                    const span = document.createElement('span'); span.textContent = t;
                    document.body.appendChild(span); await new Promise(r => setTimeout(r, 50));
                    out.push(span.textContent); span.remove(); }
                  return out; }""")
        shown = page.evaluate("() => [navigator.language, new Intl.NumberFormat(navigator.languages).format(1234.5)]")
    assert toolbar == ["Ẩn/hiện cột", "Tải về dạng CSV", "Tìm trong bảng", "Toàn màn hình"]
    assert helps and all(h.startswith("Giải thích: ") for h in helps), helps
    # what a screen reader says of the sidebar and the page (they were English)
    assert {"Thu gọn thanh bên", "Thanh bên", "Các trang", "Đến nội dung chính"} <= set(said), said
    assert not {"Collapse sidebar", "Sidebar", "App pages", "Skip to main content", "Open"} & set(said), said
    assert days == ["05/01/2025", "15/12/2025 08:05", "thg 12"]
    assert "Giải thích: Mô hình đăng ký" in helps
    assert shown == ["vi-VN", "1.234,5"]
    assert all('["vi-VN","vi"]' in used for used in formats.values()), formats  # the tables' own calls
    assert not any(locales.startswith('["en') for used in formats.values() for locales in used), formats


# The page as the browser lays it out on paper: read while the print media applies (a listener of
# matchMedia('print'), after the beforeprint listeners of the app have redrawn the charts).
PRINTED_JS = """() => { window.__printed = []; if (window.__printedListens) return; window.__printedListens = true;
  const shown = (sel) => [...document.querySelectorAll(sel)].filter(e => e.getClientRects().length > 0).length;
  matchMedia('print').addEventListener('change', (event) => event.matches && window.__printed.push({
    charts: [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot .main-svg')].map(s => +s.getAttribute('width')),
    tables: [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stDataFrame"]')].map(e =>
      Math.round(e.getBoundingClientRect().width)),
    main: Math.round(document.querySelector('[data-testid="stMainBlockContainer"]').getBoundingClientRect().width),
    shown: Object.fromEntries(['[data-testid="stSidebar"]', '[data-testid="stHeader"]', '[data-testid="stMain"] button',
      '[data-testid="stMain"] [data-testid="stPageLink"]', '[data-testid="stTab"]'].map(s => [s, shown(s)])),
    heading: (document.querySelector('.dvcq-print-heading') || {}).innerText}));
}"""
SCREEN_JS = """() => ({charts: [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot .main-svg')].map(s =>
    +s.getAttribute('width')), main: Math.round(document.querySelector('[data-testid="stMainBlockContainer"]').getBoundingClientRect().width),
  printing: document.documentElement.classList.contains('dvcq-print')})"""
A4_PRINTABLE = round((210 - 2 * 12) / 25.4 * 96)  # px: A4 less ui.PRINT_CSS's 12 mm margins (703)


def narrow_login(page, url: str) -> None:
    """Log in as Lãnh đạo Sở on a narrow screen (the menu closed: ``login`` waits for it) and wait
    for Tổng quan's first chart."""
    page.goto(url + "/?nam=2025")
    page.get_by_label("Tên đăng nhập").fill("lanhdao")
    page.get_by_label("Mật khẩu").fill("lanhdao2025")
    page.get_by_role("button", name="Đăng nhập").click()
    page.locator('[data-testid="stMain"] .js-plotly-plot .main-svg').first.wait_for(timeout=60_000)
    settle(page)


def printed(page) -> tuple[dict, int]:
    """Print the page to an A4 PDF (the browser's own print: beforeprint, print media, afterprint):
    what the print laid out and the number of pages."""
    page.evaluate(PRINTED_JS)
    pdf = page.pdf(format="A4", prefer_css_page_size=True)  # the @page margins, as the print dialog
    seen = page.evaluate("window.__printed.splice(0)")
    assert len(seen) == 1, seen
    return seen[0], len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_a_printed_page_fits_a4_and_the_screen_is_as_before(demo_db: Path) -> None:
    """Ctrl+P printed the sidebar, the header and the widgets, and each chart at its screen width
    (906 px at 1366 px) on a 703 px wide A4 page, cut at the right. On paper now: the page alone,
    every chart and table within the printed width, the period and units in a line atop; after the
    print the screen is as it was. On a phone (charts 358 px) the print is the same A4 page. The
    sidebar's "In trang" prints through the browser, without a rerun."""
    with running_app(demo_db) as url:
        with browser_page(1366, 900) as page:
            login(page, url + "/?nam=2025", "lanhdao", "lanhdao2025")
            for title in ["Tổng quan", "Đơn thư"]:
                page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title, exact=True).click()
                settle(page)
                page.locator('[data-testid="stMain"] .js-plotly-plot .main-svg').first.wait_for(timeout=30_000)
                before = page.evaluate(SCREEN_JS)
                # the link's year, in the address and on paper (CI once saw 2026: a menu click cut the
                # login's run short and the year box fell back to its default; ui.sidebar_filters)
                year = parse_qs(urlparse(page.url).query).get("nam", [""])[0]
                on_paper, pages = printed(page)
                page.wait_for_timeout(1000)  # Streamlit draws the charts at the screen's width again
                assert before["charts"] and min(before["charts"]) > A4_PRINTABLE, (title, before)  # wider than paper
                assert on_paper["main"] <= A4_PRINTABLE, (title, on_paper)
                assert all(A4_PRINTABLE - 10 <= w <= A4_PRINTABLE for w in on_paper["charts"]), (title, on_paper)
                assert all(w <= A4_PRINTABLE for w in on_paper["tables"]), (title, on_paper)
                assert on_paper["shown"] == {
                    '[data-testid="stSidebar"]': 0, '[data-testid="stHeader"]': 0, '[data-testid="stMain"] button': 0,
                    '[data-testid="stMain"] [data-testid="stPageLink"]': 0,
                    '[data-testid="stTab"]': 1}, (title, on_paper)  # of the tabs, the open one's name only
                assert year == "2025", (title, page.url)
                assert on_paper["heading"].startswith(f"Dân vận chính quyền — Sở Xây dựng Lai Châu · Năm {year} · "
                                                      "Đơn vị: tất cả đơn vị"), on_paper["heading"]
                assert (title, len(on_paper["tables"])) != ("Tổng quan", 0)  # the overdue cases, scaled to the paper
                assert 1 <= pages <= 2, (title, pages)
                assert page.evaluate(SCREEN_JS) == before, title  # the screen as before the print
            sent: list[int] = []
            page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(len(frame))))
            page.evaluate("""() => { window.__atPrint = []; window.addEventListener('beforeprint', () => window.__atPrint.push(
              [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot .main-svg')].map(s => +s.getAttribute('width')))); }""")
            page.locator('[data-testid="stSidebar"]').get_by_role("button", name="In trang").click()
            page.wait_for_timeout(1000)
            at_print = page.evaluate("window.__atPrint")
            assert len(at_print) == 1 and all(w <= A4_PRINTABLE for w in at_print[0]), at_print
            assert page.evaluate(SCREEN_JS) == before and sent == [], sent  # put back, and no rerun
        with browser_page(390, 844, user_agent=PHONE_AGENT) as phone:
            narrow_login(phone, url)
            before = phone.evaluate(SCREEN_JS)
            on_paper, _ = printed(phone)
            phone.wait_for_timeout(1000)
            assert max(before["charts"]) < 400 and on_paper["main"] <= A4_PRINTABLE, (before, on_paper)
            assert all(A4_PRINTABLE - 10 <= w <= A4_PRINTABLE for w in on_paper["charts"]), on_paper
            assert phone.evaluate(SCREEN_JS) == before


# A table on paper: read while the print media applies, as PRINTED_JS.
PRINTED_TABLES_JS = """() => { window.__printedTables = []; if (window.__printedTablesListen) return;
  window.__printedTablesListen = true;
  const shown = (e) => e.getClientRects().length > 0;
  matchMedia('print').addEventListener('change', (event) => event.matches && window.__printedTables.push({
    grids: [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stDataFrame"]')].filter(shown).length,
    tables: [...document.querySelectorAll('[data-testid="stMain"] .dvcq-print-table')].filter(shown).map(t => ({
      rows: [...t.querySelectorAll('tbody tr')].filter(shown).length, width: Math.round(t.getBoundingClientRect().width),
      first: [...t.querySelectorAll('tbody tr:first-child td')].map(td => td.innerText)})),
    cut: [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stSelectbox"] input')].filter(shown)
      .map(i => [i.value, i.scrollWidth - i.clientWidth]).filter(([, over]) => over > 1)}));
}"""
TABLES_ON_SCREEN_JS = """() => ({grids: [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stDataFrame"]')].map(g =>
    Math.round(g.getBoundingClientRect().height)),
  copies: [...document.querySelectorAll('[data-testid="stMain"] .dvcq-print-table')].filter(t => t.getClientRects().length).length,
  height: document.querySelector('[data-testid="stMain"]').scrollHeight})"""


def test_a_printed_table_has_every_row_of_its_page(demo_db: Path) -> None:
    """A table is a canvas grid: on paper it had only the rows in its 400 px box (10 of the 20
    models of 2025, its caption saying "1–20 trong 20 mô hình"). On paper now a plain copy of the
    grid's rows stands in for it (ui.print_table), every row, in the grid's formats, within the
    paper; on the screen it is hidden and the page is as before."""
    with running_app(demo_db) as url, browser_page(1366, 900) as page:
        login(page, url + "/?nam=2025", "lanhdao", "lanhdao2025")
        page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Dân vận khéo", exact=True).click()
        settle(page)
        page.locator('[data-testid="stMain"]').get_by_role("tab", name="Danh sách mô hình").click()
        settle(page)
        page.locator('[data-testid="stMain"] [data-testid="stDataFrame"] canvas').first.wait_for(timeout=30_000)
        caption = page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]', has_text=" trong ").last
        first, last, total = (int(n.replace(".", "")) for n in re.findall(r"[\d.]+", caption.inner_text())[:3])
        before = page.evaluate(TABLES_ON_SCREEN_JS)
        page.evaluate(PRINTED_TABLES_JS)
        page.pdf(format="A4", prefer_css_page_size=True)  # Ctrl+P: no script runs between the click and the print
        on_paper = page.evaluate("window.__printedTables.splice(0)")
        page.wait_for_timeout(1000)
        after = page.evaluate(TABLES_ON_SCREEN_JS)
    assert (first, last) == (1, total) and total > 10, caption  # more rows than the grid's box shows
    assert before["copies"] == 0 and before == after, (before, after)  # the screen unchanged
    assert len(on_paper) == 1 and on_paper[0]["grids"] == 0, on_paper
    assert on_paper[0]["cut"] == [], on_paper  # the list's order printed whole ("Ngày đăng ký, cũ trư" was cut)
    [printed_table] = on_paper[0]["tables"]
    assert printed_table["rows"] == total and printed_table["width"] <= A4_PRINTABLE, printed_table
    assert re.fullmatch(r"\d\d/\d\d/\d{4}", printed_table["first"][4]), printed_table  # Ngày đăng ký as on the screen


PLOT_HEIGHTS_JS = """() => [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')].map(gd =>
  [gd.layout.title.text.replace(/<[^>]+>/g, ''), Math.round(gd._fullLayout._size.h)])"""


def test_on_a_phone_the_targets_bars_keep_room_to_be_read(demo_db: Path) -> None:
    """At 390 px on a phone the attainment chart's four-row legend and upright indicator names left
    its bars about 80 px tall (leadership round): on a phone the chart is drawn taller. The same
    chart on a narrow desktop window keeps its height (the figure on a computer is unchanged)."""
    heights = {}
    with running_app(demo_db) as url:
        for agent in (PHONE_AGENT, None):
            with browser_page(390, 844, user_agent=agent) as page:
                narrow_login(page, url)
                plots = dict(page.evaluate(PLOT_HEIGHTS_JS))
                heights["phone" if agent else "desktop"] = plots["Mức đạt chỉ tiêu toàn Sở"]
    assert heights["phone"] >= 300, heights
    assert heights["desktop"] < heights["phone"], heights
