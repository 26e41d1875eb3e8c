"""The Streamlit side shared by every page: database path, cached data, filters, errors, cards."""

from __future__ import annotations

import html
import json
import logging
import math
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import streamlit as st
from streamlit import runtime

from dashboard import fmt
from dashboard.charts import indicators as indicator_charts
from dashboard.charts.style import starting_margins
from dashboard.filters import Filters
from dashboard.memo import Memo, arg_key
from dashboard.queries.common import PAGE_SIZE, Page, options
from dashboard.queries.report import period_coverage
from dashboard.refresh import Refresher
from etl.db import content_version, data_version, ensure_migrated
from etl.errors import DvcqError
from etl.periods import period_from_code, periods_of_year
from etl.settings import REFRESH_SECONDS
from etl.settings import db_path as _settings_db_path

log = logging.getLogger("dvcq")

BUSY = ("Máy chủ đang xử lý nhiều yêu cầu cùng lúc nên chưa đủ bộ nhớ cho trang này. Hãy tải lại trang sau "
        "ít phút; nếu vẫn lỗi, báo quản trị hệ thống.")
UNEXPECTED = ("Đã xảy ra lỗi không mong đợi khi hiển thị trang này. Hãy tải lại trang; "
              "nếu vẫn lỗi, báo quản trị hệ thống.")
# Plotly's own texts in Vietnamese (Plotly ships no 'vi' dictionary, so 'locale' alone left them in
# English), and only the buttons a reader of these charts uses: the picture, and back after a zoom.
PLOTLY_TEXTS = {
    "Download plot as a PNG": "Tải ảnh biểu đồ (PNG)", "Download plot": "Tải ảnh biểu đồ",
    "Preparing image - this may take a few seconds": "Đang tạo ảnh, xin chờ vài giây",
    "Image download succeeded": "Đã tải ảnh", "Sorry, there was a problem downloading your image!":
        "Không tải được ảnh, hãy thử lại.",
    "Reset axes": "Đặt lại trục", "Reset": "Đặt lại", "Autoscale": "Tự co giãn", "Zoom": "Phóng to vùng chọn",
    "Zoom in": "Phóng to", "Zoom out": "Thu nhỏ", "Pan": "Kéo", "Box Select": "Chọn vùng",
    "Lasso Select": "Chọn tự do", "Double-click to zoom back out": "Bấm đúp để trở lại như cũ",
    "Toggle Spike Lines": "Bật/tắt đường dóng", "Show closest data on hover": "Hiện số liệu gần nhất",
    "Compare data on hover": "So sánh số liệu",
}
PLOTLY_CONFIG = {"displaylogo": False, "locale": "vi", "responsive": True,
                 "locales": {"vi": {"dictionary": PLOTLY_TEXTS}},
                 "modeBarButtonsToRemove": ["zoom2d", "pan2d", "select2d", "lasso2d", "zoomIn2d", "zoomOut2d",
                                            "autoScale2d"]}
# Streamlit adds its own full-screen button to the chart toolbar, titled in English; its tooltip is
# drawn from the title by Plotly's CSS, so CSS can say it in Vietnamese (app.py puts this on every page).
TOOLBAR_CSS = """<style>
.modebar-btn[data-title="Fullscreen"]::after {content: "Toàn màn hình" !important;}
.modebar-btn[data-title="Close fullscreen"]::after {content: "Thoát toàn màn hình" !important;}
</style>"""
# Streamlit's tables write a number "localized" in the browser's language (navigator.languages): an
# office PC set to English showed 66.7 and 1,234. The page reads as vi-VN whatever the browser is
# set to, so every table writes 66,7 and 1.234 as the charts and figures do (app.py, every page).
# On a phone the sidebar covers the page: Streamlit leaves it open after a page is chosen in it, so
# the page chosen stayed hidden until the sidebar was closed by hand. It closes as the page opens.
# Streamlit writes its tables' toolbar, column menu and help buttons in English (no setting changes
# it): their words are put in Vietnamese as they appear, texts and labels alike (STREAMLIT_TEXTS).
# (One listener per browser tab: the script runs again on every page, the flag keeps it single.)
STREAMLIT_TEXTS = {
    "Show/hide columns": "Ẩn/hiện cột", "Download as CSV": "Tải về dạng CSV", "Search": "Tìm trong bảng",
    "Fullscreen": "Toàn màn hình", "Close fullscreen": "Thoát toàn màn hình", "Type to search": "Gõ để tìm",
    "Sort ascending": "Sắp xếp tăng dần", "Sort descending": "Sắp xếp giảm dần", "Pin column": "Ghim cột",
    "Unpin column": "Bỏ ghim cột", "Hide column": "Ẩn cột", "Autosize": "Vừa nội dung", "Format": "Định dạng",
    "Automatic": "Tự động", "Localized": "Theo tiếng Việt", "Plain": "Số thường", "Percent": "Phần trăm",
    "Scientific": "Dạng khoa học", "Accounting": "Kế toán", "Compact": "Rút gọn", "Select all": "Chọn tất cả",
    "Clear selection": "Bỏ chọn", "No data": "Không có dữ liệu", "Copy column name": "Chép tên cột",
    # the column menu's statistics and formats
    "Statistics": "Thống kê", "Values": "Số giá trị", "Empty": "Ô trống", "Distinct": "Số giá trị khác nhau",
    "Average": "Trung bình", "Standard deviation": "Độ lệch chuẩn", "Minimum": "Nhỏ nhất", "Maximum": "Lớn nhất",
    "25th percentile": "Phân vị 25", "Median": "Trung vị", "75th percentile": "Phân vị 75", "Sum": "Tổng",
    "Range": "Khoảng", "Based on sample": "Tính trên mẫu", "Average length": "Độ dài trung bình",
    "Minimum length": "Độ dài nhỏ nhất", "Maximum length": "Độ dài lớn nhất", "Duration": "Thời lượng",
    "Distance": "Khoảng cách đến nay", "Calendar": "Lịch", "Dollar": "Đô la", "Yen": "Yên", "(index)": "(số thứ tự)",
    "No results": "Không có kết quả", "No options to select.": "Không có lựa chọn nào.",
    # the hint under a text box while it is typed in
    **{f"Press {keys} to {what}": f"Nhấn {keys.replace('⌘', 'Cmd')} để {done}" for keys in ("Enter", "Ctrl+Enter", "⌘+Enter")
       for what, done in (("apply", "áp dụng"), ("submit form", "gửi"))},
    # the file uploader's own messages (a file over the size limit is refused in the browser)
    "Upload failed": "Tải lên không thành công", "Click to retry upload": "Bấm để tải lên lại",
    "Only one file is allowed.": "Chỉ được chọn một tệp.", "Unexpected error. Please try again.":
        "Lỗi không mong đợi. Hãy thử lại.", "Error:": "Lỗi:", "Add files": "Thêm tệp", "file upload": "chọn tệp",
    "Upload": "Tải lên", "Browse files": "Chọn tệp",
    # labels a screen reader says: the sidebar, a number's buttons, a date picker, a heading's link
    "Collapse sidebar": "Thu gọn thanh bên", "Expand sidebar": "Mở thanh bên", "Sidebar": "Thanh bên",
    "Skip to main content": "Đến nội dung chính", "Open": "Mở", "Close": "Đóng", "Decrement": "Giảm",
    "Increment": "Tăng", "Choose date range": "Chọn khoảng ngày", "Choose date": "Chọn ngày",
    "Previous month": "Tháng trước", "Next month": "Tháng sau", "Previous year": "Năm trước",
    "Next year": "Năm sau", "Link to heading": "Liên kết đến tiêu đề", "App pages": "Các trang",
}
# Streamlit's words with a name or a size in them: (pattern, Vietnamese with $1), for texts and labels.
STREAMLIT_PATTERNS = [
    (r"^Help for (.+)$", "Giải thích: $1"), (r"^Remove (.+)$", "Bỏ tệp $1"),
    (r"^Cancel upload of (.+)$", "Huỷ tải lên $1"),
    (r"^File must be (\d+)(?:\.0)?MB or smaller\.$", "Tệp phải nhỏ hơn hoặc bằng $1 MB."),  # '50.0MB'
    (r"^File must be (.+) or smaller\.$", "Tệp phải nhỏ hơn hoặc bằng $1."),
    (r"^(\d+)\.(\d+)(B|KB|MB|GB)$", "$1,$2 $3"), (r"^(\d+)(B|KB|MB|GB)$", "$1 $2"),  # a chosen file's size: '53,5 MB'
    # a date column's range in the column statistics: '9 months'
    *((rf"^(\d+) {unit}s?$", f"$1 {said}") for unit, said in (
        ("second", "giây"), ("minute", "phút"), ("hour", "giờ"), ("day", "ngày"), ("week", "tuần"),
        ("month", "tháng"), ("year", "năm"))),
]
PAGE_JS = """<script>
(() => {
  const nav = window.navigator;
  if (!(nav.languages && nav.languages[0] === "vi-VN")) {
    try {
      Object.defineProperty(nav, "languages", {get: () => ["vi-VN", "vi"], configurable: true});
      Object.defineProperty(nav, "language", {get: () => "vi-VN", configurable: true});
    } catch (e) { /* a browser that refuses: its own language stays */ }
  }
  if (window.__dvcqSidebarCloses) return;
  window.__dvcqSidebarCloses = true;
  const texts = __TEXTS__;
  const patterns = __PATTERNS__.map(([pattern, said]) => [new RegExp(pattern), said]);
  const said = (value) => {
    const plain = value.trim();
    if (texts[plain]) return texts[plain];
    for (const [pattern, words] of patterns) if (pattern.test(plain)) return plain.replace(pattern, words);
    // a day as the browser's vi-VN writes it in a column's statistics: '5 thg 1, 2025' is 05/01/2025
    const day = /^(\\d{1,2}) thg (\\d{1,2}),? (\\d{4})(?:,? (\\d{1,2}:\\d{2}(?::\\d{2})?))?$/.exec(plain);
    if (day) return `${day[1].padStart(2, "0")}/${day[2].padStart(2, "0")}/${day[3]}` + (day[4] ? ` ${day[4]}` : "");
    return null;
  };
  const ATTRIBUTES = ["aria-label", "placeholder", "title"];
  const translate = (node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      const words = node.nodeValue && said(node.nodeValue);
      if (words) node.nodeValue = node.nodeValue.replace(node.nodeValue.trim(), words);  // its spaces kept
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    for (const el of [node, ...node.querySelectorAll("[aria-label], [placeholder], [title]")]) {
      for (const name of ATTRIBUTES) {
        const value = el.getAttribute(name);
        const words = value && said(value);
        if (words) el.setAttribute(name, words);
      }
    }
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) translate(text);
  };
  new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === "childList") change.addedNodes.forEach(translate);
      else translate(change.target);
    }
  }).observe(document.body, {childList: true, subtree: true, characterData: true, attributes: true,
                             attributeFilter: ATTRIBUTES});
  translate(document.body);
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest('[data-testid="stSidebarNavLink"]');
    if (!link || !window.matchMedia("(max-width: 767.98px)").matches) return;
    setTimeout(() => {
      const close = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
      if (close) close.click();
    }, 0);
  }, true);
})();
</script>""".replace("__TEXTS__", json.dumps(STREAMLIT_TEXTS, ensure_ascii=False)).replace(
    "__PATTERNS__", json.dumps(STREAMLIT_PATTERNS, ensure_ascii=False))
# Printing a page (Ctrl+P, or the sidebar's "In trang") on A4 for a meeting: the page alone, without
# the sidebar, Streamlit's header and the widgets that mean nothing on paper, the main block as wide
# as the paper, no chart or card cut by a page break. Plotly draws a chart at a fixed pixel width
# (Streamlit passes its container's width as layout.width) and no script runs while the browser lays
# out the pages, so a chart kept its screen width and Streamlit's own print styles cut it at the
# paper's edge: PRINT_JS redraws every chart at its printed width on beforeprint, and Streamlit draws
# them at the screen's width again after afterprint. 186 mm = A4's 210 mm less two 12 mm margins:
# `html.dvcq-print` (set by PRINT_JS while printing) puts the main block at that width on the screen
# too, so the charts are measured there before the print layout exists (a row's charts one under the
# other, as Streamlit prints them), and Streamlit's own resizing keeps them at it until the print ends.
PRINT_CSS = """<style>
@page {size: A4; margin: 12mm;}
@page wide {size: A4 landscape; margin: 12mm;}
html.dvcq-print [data-testid="stMainBlockContainer"] {width: 186mm !important; max-width: 186mm !important;
  padding: 0 !important;}
html.dvcq-print [data-testid="stColumn"] {min-width: 0 !important;}
html.dvcq-print [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] :is(.stPrintGraphic, .stPrintFixedWidth))
  > [data-testid="stColumn"] {min-width: 100% !important;}
[data-testid="stElementContainer"]:has(> [data-testid="stHtml"] .dvcq-print-heading),
[data-testid="stElementContainer"]:has(> [data-testid="stHtml"] .dvcq-print-table) {display: none;}
@media print {
  html, body, [data-testid="stApp"], [data-testid="stAppViewContainer"], [data-testid="stMain"] {
    height: auto !important; overflow: visible !important; background: #fff !important;}
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
  [data-testid="stStatusWidget"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
  [data-testid="stSkipToContent"], [data-testid="stToastContainer"], [data-testid="stElementToolbar"],
  [data-testid="stTooltipIcon"], .modebar-container, [data-testid="stTab"][aria-selected="false"],
  .react-aria-SelectionIndicator,
  [data-testid="stElementContainer"]:has(> [data-testid="stPageLink"]),
  [data-testid="stElementContainer"]:has(> [data-testid="stButton"]),
  [data-testid="stElementContainer"]:has(> [data-testid="stDownloadButton"]),
  [data-testid="stElementContainer"]:has(> [data-testid="stNumberInput"]) {display: none !important;}
  [data-testid="stElementContainer"]:has(> [data-testid="stHtml"] .dvcq-print-heading) {display: block;}
  /* a list's order and filters print whole (a box's value was cut: "Ngày đăng ký, cũ trư") */
  [data-testid="stMain"] [data-testid="stSelectbox"] :is(div, input) {width: max-content !important;
    max-width: none !important; overflow: visible !important;}
  [data-testid="stMain"] [data-testid="stSelectbox"] input {field-sizing: content; min-width: 100%;}
  /* a grid (a canvas: only the rows in its box) gives way to its plain copy (ui.print_table), every
     row of it, breaking between rows, the header again atop each sheet */
  [data-testid="stElementContainer"]:has(> [data-testid="stHtml"] .dvcq-print-table) {display: block;}
  [data-testid="stElementContainer"]:has([data-testid="stDataFrame"]):has(
    + [data-testid="stElementContainer"] > [data-testid="stHtml"] .dvcq-print-table) {display: none !important;}
  .dvcq-print-table {width: 100%; border-collapse: collapse; font-size: 8pt; line-height: 1.3;}
  .dvcq-print-table thead {display: table-header-group;}
  .dvcq-print-table tr {break-inside: avoid;}
  .dvcq-print-table th, .dvcq-print-table td {border: 1px solid #bbb; padding: 2px 4px; text-align: left;
    vertical-align: top; overflow-wrap: break-word;}
  .dvcq-print-table th {background: #f0f2f6; font-weight: 600;}
  .dvcq-print-table td.n {text-align: right;}
  .dvcq-print-table td:is(.n, .d) {white-space: nowrap;}
  .dvcq-print-table.wide {page: wide; width: 273mm; font-size: 7pt;}  /* A4 landscape less the margins */
  .dvcq-print-table caption {caption-side: bottom; text-align: left; color: #555; font-style: italic;}
  .dvcq-print-heading {font-size: 0.8rem; color: #555; border-bottom: 1px solid #ccc; padding-bottom: 0.25rem;}
  [data-testid="stMainBlockContainer"] {max-width: 100% !important; padding: 0 !important;}
  /* a chart, a card, a row of cards whole on a page (Streamlit stacks a row's charts: they may part) */
  [data-testid="stPlotlyChart"], [data-testid="stMetric"], [data-testid="stAlert"], [data-testid="stDataFrame"],
  [data-testid="stHorizontalBlock"]:not(:has(.stPrintGraphic, .stPrintFixedWidth)) {break-inside: avoid;}
  [data-testid="stHeading"] {break-after: avoid;}
  [data-testid="stMetricValue"] {font-size: 1.75rem !important;}  /* Tổng quan's cards and chart on one page */
}
</style>"""
# Plotly is Streamlit's bundle (window.Plotly, its relayout draws at once: the print that follows sees
# it). "In trang" is an ordinary button of the sidebar: its click prints and never reaches Streamlit
# (no rerun). One set of listeners per browser tab, as PAGE_JS.
PRINT_JS = """<script>
(() => {
  if (window.__dvcqPrint) return;
  window.__dvcqPrint = true;
  const root = document.documentElement;
  const grids = () => document.querySelectorAll('[data-testid="stMain"] [data-testid="stDataFrame"]');
  // A table is a canvas drawn at its screen width, later than the print: scaled down to the paper
  // (and again once Streamlit has drawn it at the printed width, a print dialog being still open).
  const scaleGrids = () => {
    for (const grid of grids()) {
      grid.style.zoom = "";
      const room = grid.parentElement.getBoundingClientRect().width, wide = grid.getBoundingClientRect().width;
      if (room > 0 && wide > room + 1) grid.style.zoom = String(room / wide);
    }
  };
  const fit = () => {
    root.classList.add("dvcq-print");
    for (const gd of window.Plotly ? document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot') : []) {
      const box = gd.closest('[data-testid="stPlotlyChart"]') || gd.parentElement;
      const width = Math.floor(box.getBoundingClientRect().width);  // the printed width (the class above)
      if (gd._fullLayout && width > 0 && Math.abs(width - gd._fullLayout.width) > 1) {
        try { window.Plotly.relayout(gd, {width}); } catch (e) { /* a chart being redrawn: left as it is */ }
      }
    }
    scaleGrids();
    setTimeout(() => root.classList.contains("dvcq-print") && scaleGrids(), 1000);
  };
  // Streamlit sees the main block widen again and draws each chart and table at its screen width.
  const unfit = () => {
    root.classList.remove("dvcq-print");
    for (const grid of grids()) grid.style.zoom = "";
  };
  window.addEventListener("beforeprint", fit);
  window.addEventListener("afterprint", unfit);
  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest(".st-key-in_trang button");
    if (!button) return;
    event.preventDefault();
    event.stopPropagation();
    window.print();  // returns once the dialog is closed (after afterprint)
    unfit();  // a browser that sent no afterprint (headless Chromium) is put back too
  }, true);
})();
</script>"""


def print_heading(f: Filters) -> str:
    """A line atop the printed page (hidden on the screen): what the figures cover, the sidebar's
    filters being left off the paper."""
    units_frame = data(options)["units"]
    names = dict(zip(units_frame["unit_code"], units_frame["unit_name"]))
    units = ", ".join(names.get(code, code) for code in f.units) if f.units else "tất cả đơn vị"
    demo = " · CHẾ ĐỘ DEMO: số liệu mẫu, không phải số liệu thật" if is_demo() else ""
    text = f"Dân vận chính quyền — Sở Xây dựng Lai Châu · {f.period.label} · Đơn vị: {units}{demo}"
    return f'<div class="dvcq-print-heading">{html.escape(text)}</div>'


_SCHEMA_CHECKED: set[Path] = set()


def ensure_schema() -> None:
    """Upgrade the served database to this code's migrations, once per process and database."""
    path = db_path()
    if path in _SCHEMA_CHECKED:
        return
    with guard():
        ensure_migrated(path)
        _SCHEMA_CHECKED.add(path)


def db_path() -> Path:
    """The database this app serves (``DVCQ_DB``), overridable per session for tests."""
    override = st.session_state.get("_db_path")
    return Path(override) if override else _settings_db_path()


DATA = Memo(max_entries=1024, ttl=6 * 3600)  # query results, shared by every session (dashboard/memo.py)
FIGURES = Memo(max_entries=512, ttl=6 * 3600)  # figures built from them
REFRESHER = Refresher(DATA, content_version, interval=float(REFRESH_SECONDS.get()))  # after a load (refresh.py)


def data(fn: Callable, *args, **kwargs):
    """Call a query function through the cache; the key includes the database's data version, so
    a load from the upload page or the command line shows on everyone's next interaction. The
    result is shared by every session: derive from it, never modify it in place."""
    db = db_path()
    # a login or an export writes the audit log: only queries of the audit log see a new version
    version = data_version(db) if getattr(fn, "reads_audit_log", False) else content_version(db)
    key = (fn.__module__, fn.__qualname__, str(db), version, args, tuple(sorted(kwargs.items())))
    if REFRESHER.interval > 0 and runtime.exists():  # the server: recompute what is in use after each load
        REFRESHER.watch(db, version)
    return DATA.get(key, lambda: fn(db, *args, **kwargs))


@contextmanager
def guard() -> Iterator[None]:
    """The one error helper of the pages: Vietnamese message, never a traceback."""
    try:
        yield
    except DvcqError as exc:
        st.error(exc.message, icon=":material/warning:")
    except duckdb.OutOfMemoryException:  # many heavy pages at once: DVCQ_READ_MEMORY is shared
        log.exception("page out of memory")
        st.error(BUSY, icon=":material/hourglass_top:")
    except Exception:  # the last line of defence on a page
        log.exception("page error")
        st.error(
            UNEXPECTED,
            icon=":material/warning:",
        )


def scope(f: Filters) -> str:
    """What the figures cover, for a label: "toàn Sở", or "đơn vị đã chọn" under a unit filter."""
    return "đơn vị đã chọn" if f.units else "toàn Sở"


# The attainment bars on a phone: their four-row legend and the indicators' names written upright
# leave the bars room only in a taller chart.
ATTAINMENT_PHONE = {"height": 680}


def attainment_chart(f: Filters):
    """The attainment bars' builder whose title says what the figures cover."""
    return indicator_charts.selected_units_attainment_bar if f.units else indicator_charts.attainment_bar


def no_data(message: str = fmt.NO_DATA) -> None:
    st.info(message, icon=":material/info:")


def last_reported(f: Filters) -> date | None:
    """The latest day the chosen units' returns of the period's year reach, capped at ``f.end``."""
    row = data(period_coverage, f).iloc[0]
    return None if pd.isna(row["last_end"]) else pd.Timestamp(row["last_end"]).date()


def reported_until(f: Filters) -> date | None:
    """The day the chosen units' returns stop, when that is inside the period and before its end
    (a chart over the period's months should stop there, not run flat to its end); else None."""
    last = last_reported(f)
    return last if last is not None and f.start <= last < f.end else None


def unreported(f: Filters, then: str) -> None:
    """Say that no return of the chosen units reaches into the period, and ``then`` what follows."""
    who = "Các đơn vị đã chọn chưa" if f.units else "Chưa có đơn vị nào"
    st.info(f"{who} nộp báo cáo có số liệu của {f.period.label}: {then}", icon=":material/info:")


def reported(f: Filters) -> bool:
    """Whether any return of the chosen units reaches into the period. When none does, say so above
    the page's figures (their zeros mean "not reported yet", not "nothing done") and return False;
    when the returns stop before the period's end, say up to which day they go."""
    last = last_reported(f)
    if last is None or last < f.start:
        unreported(f, "các số liệu trong kỳ sẽ hiện khi có báo cáo (ô “–” là chưa có số liệu, không phải bằng 0).")
        return False
    if last < f.end:
        st.caption(f"Báo cáo đã nộp có số liệu đến ngày {fmt.day(last)}.")
    return True


# -- shared filters --------------------------------------------------------------------------

PERIOD_KIND_ORDER = ["year", "nine_months", "half", "quarter", "month"]


def _period_label(code: str | None) -> str:
    if not code:
        return "Cả năm (số liệu mới nhất)"
    try:
        return period_from_code(code).label
    except Exception:
        return code


def _period_codes(with_data: pd.DataFrame, year: int, today: date) -> list[str]:
    """Quarters, 6 and 9 months and the year once started (even before anyone reports), plus
    months that some unit reported; in order of their end, the cumulative one last on a tie."""
    reported = set(with_data.loc[with_data["year"] == year, "period_code"])
    order = {"month": 0, "quarter": 1, "half": 2, "nine_months": 3, "year": 4}
    wanted = [p for p in periods_of_year(year)
              if (p.kind != "month" and p.start <= today) or p.code in reported]
    return [p.code for p in sorted(wanted, key=lambda p: (p.end, order[p.kind]))]


def sidebar_filters() -> Filters:
    """Year, period and units in the sidebar; kept across pages and written into the URL."""
    opts = data(options)
    qp = st.query_params
    years: list[int] = list(opts["years"]) or [date.today().year]
    kept = st.session_state.get("filters")
    if isinstance(kept, Filters):
        # Streamlit forgets a widget's value after a run that did not draw it (the sidebar failed on
        # a busy database; a page switch cut a run short), and a page switch drops the URL's
        # parameters: the session's own filters stay as they were, not the URL's or the default.
        st.session_state.setdefault("f_year", kept.year)
        st.session_state.setdefault("f_period", kept.period_code or "")
        st.session_state.setdefault("f_units", [u for u in kept.units if u in set(opts["units"]["unit_code"])])
    elif "f_year" not in st.session_state:
        asked = int(qp["nam"]) if qp.get("nam", "").isdigit() else None
        wanted = asked if asked in years else years[0]
        st.session_state["f_year"] = wanted
        st.session_state["f_period"] = qp.get("ky") or ""
        wanted_units = [u for u in (qp.get("don_vi") or "").split(",") if u]
        st.session_state["f_units"] = [u for u in wanted_units if u in set(opts["units"]["unit_code"])]
        if asked is not None and asked != wanted:  # a link to a year nobody reported: say what is shown
            st.warning(f"Năm {asked} chưa có số liệu nào; đang hiển thị năm {wanted}.", icon=":material/info:")
    if st.session_state["f_year"] not in years:
        st.session_state["f_year"] = years[0]
    for key in ("f_year", "f_period", "f_units"):
        # Set again every run, so that every run's box carries its value to the browser: a run cut
        # short after setting it (a menu click right after the login) never drew its box, the next
        # run drew it without a value, and the browser showed and sent back its default, the latest
        # year, instead of the link's ?nam (CI saw 2026 for /?nam=2025).
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]
    with st.sidebar:
        st.markdown("**Bộ lọc**")
        year = st.selectbox("Năm", years, key="f_year", placeholder="Chọn")
        codes = [""] + _period_codes(opts["periods"], int(year), st.session_state.get("_today") or date.today())
        if st.session_state.get("f_period") not in codes:
            st.session_state["f_period"] = ""
        period = st.selectbox("Kỳ báo cáo", codes, key="f_period", format_func=_period_label, placeholder="Chọn")
        names = dict(zip(opts["units"]["unit_code"], opts["units"]["unit_name"]))
        units = st.multiselect(
            "Đơn vị", list(names), key="f_units", format_func=lambda c: names.get(c, c),
            placeholder="Tất cả đơn vị", select_all=False)
    today = st.session_state.get("_today") or date.today()  # tests pin the reference day
    filters = Filters(year=int(year), period_code=period or None, units=tuple(units), today=today)
    st.session_state["filters"] = filters
    wanted_params = filters.to_params()
    if dict(st.query_params) != wanted_params:
        # one message, so one change of the address: the browser keeps a history entry per change
        # (clear() and update() made two, and Back had to be pressed twice per page)
        st.query_params.from_dict(wanted_params)
    return filters


def filters() -> Filters:
    """The filters chosen in the sidebar (set by app.py before the page runs)."""
    current = st.session_state.get("filters")
    return current if isinstance(current, Filters) else Filters(year=date.today().year)


def is_demo() -> bool:
    try:
        return bool(data(options)["demo"])
    except DvcqError:
        return False


def plot(fig_or_builder, *args, key: str | None = None, columns: int = 1,
         on_pick: Callable[[dict], None] | None = None, phone: dict | None = None) -> None:
    """A Plotly chart, full width, Vietnamese locale. Given a builder and its data frames
    (``plot(charts.results_chart, frame)``), the figure is built once per distinct data and
    shared by every session: building a figure validates every property in plotly (~35 ms a
    chart), most of a page's time on a rerun. Figures are never changed after building. A frame
    that came from ``data`` is named by its query's key, so a cached figure costs no hashing.
    ``columns``: the chart shares the width with others (``plot_row``); its margins are fitted
    to that width so that Plotly draws it once (``charts.style.starting_margins``).
    ``on_pick`` (needs ``key``): a click on a bar or a point calls it with the point (Plotly's
    ``x``, ``y``, ``customdata`` ...) before the next run: a drill-down sets the state of the
    widgets it leads to (a tab, a list's filters).
    ``phone``: layout changes for a phone's screen (``on_phone``), e.g. a taller chart whose legend
    and long labels left its plot ~80 px tall at 390 px; that figure is cached apart."""
    if callable(fig_or_builder):
        layout = phone if phone and on_phone() else None
        figure_key = (fig_or_builder.__module__, fig_or_builder.__qualname__, columns,
                      tuple(arg_key(a, DATA) for a in args), tuple(sorted((layout or {}).items())))
        fig = FIGURES.get(figure_key, lambda: _built(fig_or_builder, args, columns, layout))
    else:
        fig = fig_or_builder
    if on_pick is None:
        st.plotly_chart(fig, config=PLOTLY_CONFIG, key=key, width="stretch")
        return
    if key is None:
        raise ValueError("a chart with on_pick needs a key")

    def picked() -> None:
        points = st.session_state[key].selection.points
        if points:
            on_pick(points[0])

    st.plotly_chart(fig, config=PLOTLY_CONFIG, key=key, width="stretch", on_select=picked, selection_mode="points")


def _built(builder: Callable, args: tuple, columns: int, layout: dict | None = None):
    fig = builder(*args)
    if columns > 1:
        fig.update_layout(margin=starting_margins(fig, columns))
    if layout:
        fig.update_layout(**layout)
    return fig


def plot_row(*charts: tuple) -> None:
    """Charts side by side, one column each: ``plot_row((builder, frame), (builder, frame))``
    (each tuple is what ``plot`` takes; a dict at its end, ``plot``'s keywords: ``key``, ``on_pick``)."""
    for column, chart in zip(st.columns(len(charts)), charts):
        args, kwargs = (chart[:-1], chart[-1]) if chart and isinstance(chart[-1], dict) else (chart, {})
        with column:
            plot(*args, columns=len(charts), **kwargs)


def lazy_tabs(labels: list[str], key: str) -> tuple[str, st.delta_generator.DeltaGenerator]:
    """Tabs that run only the open one (``st.tabs(on_change="rerun")``): a page queries, builds
    and sends one tab's charts, not every tab's, so it opens as fast as a page with one chart.
    Returns the open tab's label and its container. The choice is kept in ``session_state[key]``
    (tests open a tab by setting it); labels must not change, or the choice resets."""
    tabs = st.tabs(labels, key=key, on_change="rerun")
    for label, tab in zip(labels, tabs):
        if tab.open:
            return label, tab
    return labels[0], tabs[0]


# A message a row: cells wrap onto up to five lines (Streamlit wraps text in rows taller than
# 4rem), so a finding's "Nội dung" reads whole instead of being cut at the column's edge.
WRAPPED_ROW_HEIGHT = 120
MESSAGE_WIDTH = 420


FINDINGS_ROWS = 6  # a findings grid shows this many wrapped rows before it scrolls (Streamlit's 400 px: 3½)


def findings_height(rows: int) -> int:
    """The height of a grid of wrapped findings: all of them up to ``FINDINGS_ROWS``, then it scrolls."""
    return 38 + WRAPPED_ROW_HEIGHT * max(1, min(rows, FINDINGS_ROWS))


PHONE_FINDINGS = 200  # a phone lists this many findings; the marked copy has them all


def on_phone() -> bool:
    """Whether the page is drawn on a phone (its browser says "Mobi" in its User-Agent, as Mozilla
    advises to tell one): a grid's wide message column runs off a phone's screen."""
    try:
        return "Mobi" in (st.context.headers.get("User-Agent") or "")
    except Exception:  # noqa: BLE001 - no request (a script run outside the server): not a phone
        return False


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


def plain_markdown(text: object) -> str:
    """``text`` shown as it is in Markdown: its *, _, #, [ … ] and $ are not formatting."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def findings_list(rows: list[dict[str, object]]) -> None:
    """The findings as a list for a phone, each whole on the screen: where, what level, the value,
    then the message (the grid of a wide screen puts the message off to the right)."""
    for row in rows[:PHONE_FINDINGS]:
        shown = row.get("Giá trị")
        value = f" · “{plain_markdown(shown)}”" if isinstance(shown, str) and shown else ""
        st.markdown(f"**{plain_markdown(row['Ô'] or 'Cả tệp')}** · {plain_markdown(row['Mức độ'])}{value}  \n"
                    f"{plain_markdown(row['Nội dung'])}")
    if len(rows) > PHONE_FINDINGS:
        st.caption(f"Còn {fmt.num(len(rows) - PHONE_FINDINGS)} lỗi, cảnh báo khác: xem đủ trong bản đánh dấu lỗi "
                   "hoặc trên máy tính.")


def message_column() -> st.column_config.Column:
    """The long text of a findings table (what is wrong and what to do), wrapped."""
    return st.column_config.TextColumn(width=MESSAGE_WIDTH)


def _column_kind(source: str, series: pd.Series) -> str:
    """How a table shows a column: 'moment' (dd/mm/yyyy HH:mm), 'day', 'number' (vi-VN) or 'text'."""
    if pd.api.types.is_datetime64_any_dtype(series) and (series.dropna().dt.normalize() != series.dropna()).any():
        return "moment"
    if pd.api.types.is_datetime64_any_dtype(series) or (
        series.dtype == object and series.dropna().map(lambda v: isinstance(v, date)).all() and series.notna().any()
    ):
        return "day"
    if pd.api.types.is_float_dtype(series) or (
        pd.api.types.is_integer_dtype(series) and not pd.api.types.is_bool_dtype(series)
        and source != "year" and not source.endswith("_id")  # a year or a number that names: 2025, not 2.025
    ):
        return "number"
    return "text"


def _blank(value: object) -> bool:
    return pd.api.types.is_scalar(value) and bool(pd.isna(value))


def _printed_number(value: object) -> str:
    """A number as the grid's "localized" format writes it in vi-VN: at most 3 decimals, none trailing."""
    if _blank(value):
        return ""
    text = fmt.num(value, 0 if isinstance(value, (int, np.integer)) else 3)
    return text.rstrip("0").rstrip(",") if "," in text else text


def _printed_cell(value: object, kind: str) -> str:
    if _blank(value):
        return ""
    if kind == "moment":
        return fmt.moment(value)
    if kind == "day":
        return fmt.day(value)
    if kind == "number":
        return _printed_number(value)
    if isinstance(value, (bool, np.bool_)):
        return fmt.YES_NO[bool(value)]
    return str(value)


PRINT_PORTRAIT_COLUMNS = 10  # a table of more columns prints on landscape sheets of its own (ui.PRINT_CSS)
PRINT_ROWS = PAGE_SIZE  # a table's printed copy carries at most this many rows (a paged list: its page)


def print_table(frame: pd.DataFrame, columns: dict[str, str], kinds: dict[str, str]) -> str:
    """The rows a grid shows, as a plain HTML table for paper only (ui.PRINT_CSS hides it on the
    screen and the grid on paper): a grid is a canvas that prints only the rows in its box. The
    same columns and formats as the grid; at most ``PRINT_ROWS`` rows, the rest said in a line."""
    cls = {c: {"number": " class=n", "day": " class=d", "moment": " class=d"}.get(kinds[c], "") for c in columns}
    head = "".join(f"<th{cls[c]}>{html.escape(t)}</th>" for c, t in columns.items())
    body = []
    for row in frame[list(columns)].head(PRINT_ROWS).itertuples(index=False, name=None):
        # no </td>, </tr>: HTML closes them itself (a fifth less to send)
        body.append("<tr>" + "".join(f"<td{cls[c]}>{html.escape(_printed_cell(v, kinds[c]))}"
                                     for c, v in zip(columns, row)))
    rest = len(frame) - PRINT_ROWS
    note = (f"<caption>Bản in có {fmt.num(PRINT_ROWS)} dòng đầu; còn {fmt.num(rest)} dòng nữa: xem đủ trên "
            "màn hình hoặc trong tệp xuất.</caption>") if rest > 0 else ""
    wide = " wide" if len(columns) > PRINT_PORTRAIT_COLUMNS else ""
    return (f'<table class="dvcq-print-table{wide}">{note}<thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def print_copy(rows: pd.DataFrame | list[dict[str, object]], columns: dict[str, str] | None = None) -> None:
    """The printed copy of a grid a page draws with ``st.dataframe`` itself (``table`` adds its own):
    call it right after the grid, with the grid's columns (default: all, under their names)."""
    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(rows)
    columns = columns or {c: str(c) for c in frame.columns}
    if not columns:  # no rows and no columns: nothing the grid shows
        return
    st.html(print_table(frame, columns, {c: _column_kind(c, frame[c]) for c in columns}))


def table(frame: pd.DataFrame, columns: dict[str, str], key: str | None = None, height: int | None = None,
          wrap: str | None = None) -> None:
    """A read-only table with Vietnamese headers; dates as dd/mm/yyyy, numbers vi-VN. ``wrap``: the
    source column of a long text, shown wrapped (``message_column``). On paper the grid is replaced
    by a plain table of the same rows (``print_table``): the grid prints only the rows in its box."""
    shown = frame[list(columns)].rename(columns=columns)
    config = {columns[wrap]: message_column()} if wrap else {}
    kinds = {source: "text" if source == wrap else _column_kind(source, frame[source]) for source in columns}
    for source, title in columns.items():
        if title in config:
            continue
        if kinds[source] == "moment":
            config[title] = st.column_config.DatetimeColumn(title, format="DD/MM/YYYY HH:mm")
        elif kinds[source] == "day":
            config[title] = st.column_config.DateColumn(title, format="DD/MM/YYYY")
        elif kinds[source] == "number":
            config[title] = st.column_config.NumberColumn(title, format="localized")
    kwargs = {"height": height} if height else {}
    if wrap:
        kwargs["row_height"] = WRAPPED_ROW_HEIGHT
        kwargs.setdefault("height", findings_height(len(frame)))
    st.dataframe(shown, hide_index=True, column_config=config, key=key, placeholder="", **kwargs)
    st.html(print_table(frame, columns, kinds))


def paged_table(fn: Callable[..., Page], *args, columns: dict[str, str], key: str, noun: str = "dòng",
                size: int = PAGE_SIZE, show_count: bool = True, orders: dict[str, str] | None = None,
                order_slot=None) -> Page:
    """A long list a page at a time: ``fn(db, *args, offset=, limit=)`` returns one ``Page``
    (the query counts and slices in DuckDB), a "Trang" picker appears under the table when there
    is more than one page, and changing any filter in ``args`` goes back to the first page.

    ``orders`` (key -> label, the first the list's own order): a "Sắp xếp" picker orders the whole
    list in DuckDB (``fn(..., order=key)``) before it is cut into pages; the grid's own header
    click sorts only the rows shown. It goes in ``order_slot`` (e.g. a column of the page's filter
    row), else above the table. Returns the page (``total`` is the number of all matching rows)."""
    size = int(st.session_state.get("_page_size") or size)  # tests page the small fixture
    number_key, signature_key, order_key = f"{key}_trang", f"{key}_loc", f"{key}_xep"
    order = st.session_state.get(order_key) if orders else None
    if orders and order not in orders:
        order = next(iter(orders))
    signature = repr((args, order))
    if st.session_state.get(signature_key) != signature:  # new filters or order: back to page 1
        st.session_state[signature_key] = signature
        st.session_state[number_key] = 1
    number = int(st.session_state.get(number_key) or 1)
    sort = {"order": order} if orders else {}
    page = data(fn, *args, **sort, offset=(number - 1) * size, limit=size)
    if orders:
        (st if order_slot is None else order_slot).selectbox(
            "Sắp xếp", list(orders), format_func=orders.get, key=order_key,
            help=f"Sắp xếp cả danh sách ({fmt.num(page.total)} {noun}) rồi mới chia trang. Bấm tiêu đề cột trong "
                 "bảng chỉ sắp xếp các dòng đang hiện.", placeholder="Chọn")
    if page.empty:
        return page
    pages = max(1, math.ceil(page.total / size))
    if number > pages:  # the data shrank under the picker (a withdrawal): show the last page
        st.session_state[number_key] = number = pages
        page = data(fn, *args, **sort, offset=(number - 1) * size, limit=size)
    first, last = page.offset + 1, page.offset + len(page.rows)
    table(page.rows, columns, key=key)
    left, right = st.columns([3, 1], vertical_alignment="center")
    if show_count:
        left.caption(f"{fmt.num(first)}–{fmt.num(last)} trong {fmt.num(page.total)} {noun}"
                     + (f" · trang {fmt.num(number)}/{fmt.num(pages)}" if pages > 1 else ""))
    if pages > 1:
        right.number_input("Trang", min_value=1, max_value=pages, step=1, key=number_key,
                           help=f"Mỗi trang {fmt.num(size)} {noun}; tệp xuất ở trang Dữ liệu & xuất có đủ mọi dòng.")
    return page
