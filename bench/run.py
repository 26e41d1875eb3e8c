"""Performance at province scale: one table, every figure compared with its yardstick in the same run.

    python bench/run.py                       # everything (make bench); ~1 h on 2 busy cores
    python bench/run.py --only etl queries    # some sections
    python bench/run.py --quick               # a small smoke run (small data, 1 repeat)

Sections (each figure is the median of ``--repeat`` runs unless it says p95):
1. ETL: validate + load of a 100,000-row return (``bench/etl_bench.py``'s workbook) against
   ``pandas.read_excel(engine="openpyxl")`` + one insert (target ≥ 4× faster) and against the
   fastest raw read of the same file, python-calamine ``to_python`` (target ≤ 2× slower); plus the
   workbook safety check before/after (the zip/XML scan in ``etl/reader.py``).
2. Every public query function of ``dashboard/queries/*`` (``fn(db, Filters)``, the app's default
   filters), on the demo database and the province-scale one (target p50 ≤ 100 ms at province).
3. Each page in headless Chromium, from navigation to its charts drawn and the script idle,
   against ``bench/trivial_app.py`` (one chart) in the same run (target ≤ 1.3×): cold (a new
   browser session: log in, then the page's first visit, as the yardstick's second page) and on
   page switch (a click in the menu, ``GLANCE`` seconds after the last page was drawn, for both).
   The yardstick is served beside the app and each of the app's measurements is taken next to
   one of the yardstick's (``Yardstick``), so that both see the same load on the machine.
   Also reported, without a target: the first visit right after a load (``os.utime``: a new data
   version, nothing computed yet) and ``REFRESH_WAIT`` seconds after one (the server has computed
   again the queries in use, dashboard/refresh.py).
4. Memory (RSS) of the Streamlit server on the province database: idle, and with 5 browser
   sessions open (target ≤ 400 MB).
5. 20 simulated viewers (threads calling ``dashboard.queries`` through ``etl.db.reading``) and 2
   real browser sessions switching pages while 2 uploads run as ``python -m etl load`` (target
   0 errors; p95 reported).

Writes ``docs/PERFORMANCE.md`` (the table, the machine, the load average) unless ``--no-write``.
Databases are built once and kept in ``--workdir`` (default ``$TMPDIR/dvcq-bench``).
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import io
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402
import pandas as pd  # noqa: E402

from dashboard.filters import Filters  # noqa: E402
from dashboard.queries.common import options  # noqa: E402
from etl.db import reading, writing  # noqa: E402

QUERY_TARGET_MS = 100
PAGE_RATIO_TARGET = 1.3
MEMORY_TARGET_MB = 400
ETL_BASE_TARGET = 4.0
ETL_RAW_TARGET = 2.0
GLANCE = 0.5  # seconds between a page drawn and the next click (§3), for the yardstick and the app alike:
# a person looks at a page before clicking; back to back, a click also timed the last page's tail work
REFRESH_WAIT = 5.0  # seconds after a load: dashboard/refresh.py has recomputed the queries in use
LOGIN = ("quantri", "quantri2025")  # the demo administrator sees every page
QUERY_MODULES = ("overview", "indicators", "petitions", "reception", "models", "reporting", "explore", "history")


@dataclass
class Row:
    section: str
    what: str
    value: str
    compared: str = ""
    target: str = ""
    ok: bool | None = None

    def cells(self) -> list[str]:
        mark = "" if self.ok is None else ("đạt" if self.ok else "**chưa đạt**")
        return [self.section, self.what, self.value, self.compared, self.target, mark]


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    details: dict[str, list[list[str]]] = field(default_factory=dict)

    def add(self, *args, **kwargs) -> None:
        row = Row(*args, **kwargs)
        self.rows.append(row)
        print(" | ".join(row.cells()), flush=True)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms".replace(",", ".")


def sec(seconds: float) -> str:
    return f"{seconds:.2f} s".replace(".", ",")


def num(value: float, decimals: int = 1) -> str:
    return f"{value:,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def p95(values: list[float]) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


# -- the machine -----------------------------------------------------------------------------------


def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    try:
        mem = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal")) / 1048576
    except (OSError, StopIteration):
        mem = float("nan")
    try:
        chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True,
                                  timeout=30).stdout.strip()
    except OSError:
        chromium = "không có"
    import streamlit

    return [
        f"CPU: {cpu}, {os.cpu_count()} lõi; RAM {mem:.0f} GB; {platform.platform()}",
        f"Python {platform.python_version()}, DuckDB {duckdb.__version__}, pandas {pd.__version__}, "
        f"Streamlit {streamlit.__version__}, {chromium}",
    ]


def load_average() -> str:
    try:
        return ", ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


# -- databases -------------------------------------------------------------------------------------


def demo_db(workdir: Path) -> Path:
    db = workdir / "demo.duckdb"
    if not db.exists():
        print(f"Tạo CSDL mẫu {db} ...", flush=True)
        subprocess.run([sys.executable, "-m", "etl", "demo", "--db", str(db)], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    with writing(db):  # migrated to the current schema
        pass
    return db


def province_db(workdir: Path, scale: dict[str, int], rebuild: bool = False) -> Path:
    from bench import make_scale
    from etl.load import mark_demo_db
    from etl.users import create_demo_accounts

    db = workdir / ("province.duckdb" if not scale.get("small") else "province-small.duckdb")
    if rebuild or not db.exists():
        print(f"Tạo CSDL quy mô tỉnh {db} (bench/make_scale.py) ...", flush=True)
        kwargs = {k: v for k, v in scale.items() if k != "small"}
        make_scale.build(db, progress=lambda line: print("  " + line, flush=True), **kwargs)
    with writing(db):
        pass
    mark_demo_db(db)  # synthetic data: the app says so, and the demo accounts may exist
    create_demo_accounts(db)
    return db


def default_filters(db: Path) -> Filters:
    """What the app shows first: the latest year with data, the whole year, every unit, today."""
    years = options(db)["years"]
    return Filters(year=int(years[0]) if years else date.today().year, today=date.today())


# -- 1. ETL ----------------------------------------------------------------------------------------


def old_zip_check(data: bytes) -> None:
    """The check as it was: every worksheet scanned tag by tag in Python (the exact scanner)."""
    import zipfile

    from etl import reader

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        titles = reader._sheet_titles(archive)
    for info in infos:
        name = info.filename
        is_xml = name.endswith((".xml", ".rels", ".vml")) or name == "[Content_Types].xml"
        sheet = name.startswith("xl/worksheets/") and name.endswith(".xml")
        scanner = reader._XlsxExtent(titles.get(name, name), "x") if sheet else None
        reader._scan_part(data, info, "x", is_xml, scanner)


def bench_etl(report: Report, rows: int, repeat: int) -> None:
    from bench.etl_bench import baseline, big_return, ours, raw_read
    from bench.etl_bench import TODAY
    from etl.reader import _check_zip
    from etl.validate import validate_workbook

    print(f"\n1. ETL: tạo tệp {rows:,} dòng ...".replace(",", "."), flush=True)
    data = big_return(rows)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        raw = [raw_read(data) for _ in range(repeat)]
        check_new = [_timed(lambda: _check_zip(data, "x.xlsx")) for _ in range(repeat)]
        check_old = [_timed(lambda: old_zip_check(data)) for _ in range(repeat)]
        validate = [_timed(lambda: validate_workbook(data, "TTR_2025.xlsx", today=TODAY)) for _ in range(repeat)]
        mine = [ours(data, work) for _ in range(repeat)]
        base = [baseline(data, work) for _ in range(repeat)]
    r, o, b, v = median(raw), median(mine), median(base), median(validate)
    size = f"{rows:,} dòng".replace(",", ".") + f", {num(len(data) / 1e6)} MB"
    report.add("1 ETL", f"Kiểm tra + nạp ({size})", sec(o), f"pandas+openpyxl+insert {sec(b)}: nhanh hơn {num(b / o)}×",
               f"≥ {num(ETL_BASE_TARGET, 0)}×", b / o >= ETL_BASE_TARGET)
    report.add("1 ETL", "Kiểm tra + nạp so với đọc thô", sec(o), f"calamine to_python {sec(r)}: chậm hơn {num(o / r)}×",
               f"≤ {num(ETL_RAW_TARGET, 0)}×", o / r <= ETL_RAW_TARGET)
    report.add("1 ETL", "  trong đó: kiểm tra (đọc + xác thực + hạn luật định)", sec(v), f"ghi CSDL {sec(o - v)}")
    report.add("1 ETL", "  trong đó: kiểm tra an toàn tệp (zip/XML)", sec(median(check_new)),
               f"trước khi sửa (quét từng thẻ): {sec(median(check_old))}")


def _timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


# -- 2. query functions ----------------------------------------------------------------------------


def query_modules() -> list[str]:
    """Every module of dashboard/queries (the pages' subjects first, in menu order), not common."""
    names = sorted(p.stem for p in (ROOT / "dashboard" / "queries").glob("*.py") if not p.stem.startswith("_"))
    first = [n for n in QUERY_MODULES if n in names]
    return first + [n for n in names if n not in first and n != "common"]


# Full lists that no page shows whole: the pages show them a page at a time (``*_page``, the same
# SQL); ``model_list`` feeds the report's annex and ``explore.rows`` the export files, on a click.
# Timed, reported apart, no 100 ms target. ``resolution_times`` (a point per case) is drawn only
# up to POINTS_LIMIT cases.
EXPORT_ONLY = ("petitions.petition_cases", "petitions.resolution_times", "models.model_list",
               "overview.overdue_cases", "overview.due_soon_cases")


def query_functions(exports: bool = False) -> list[tuple[str, Callable]]:
    """Every public ``fn(db, f, ...)`` of the query modules whose other parameters have defaults,
    plus the explorer's first page of each data set as the page first shows it; with ``exports``,
    the full lists of ``EXPORT_ONLY`` and the explorer's export of each data set instead."""
    found: list[tuple[str, Callable]] = []
    for name in query_modules():
        module = importlib.import_module(f"dashboard.queries.{name}")
        for attr, fn in sorted(vars(module).items()):
            if attr.startswith("_") or not inspect.isfunction(fn) or fn.__module__ != module.__name__:
                continue
            params = list(inspect.signature(fn).parameters.values())
            if len(params) < 2 or params[0].name != "db" or params[1].name != "f":
                continue
            if any(p.default is inspect.Parameter.empty for p in params[2:]):
                continue
            if (f"{name}.{attr}" in EXPORT_ONLY) == exports:
                found.append((f"{name}.{attr}", fn))
    from dashboard.queries import explore, models, petitions

    if not exports:  # the lists' other orders ("Sắp xếp"): sorted whole, then cut
        found += [(f"petitions.petition_case_page[{order}]", partial(petitions.petition_case_page, order=order))
                  for order in list(petitions.CASE_ORDERS)[1:]]
        found += [(f"models.model_page[{order}]", partial(models.model_page, order=order))
                  for order in list(models.MODEL_ORDERS)[1:]]
        # where a click on a bar leads: Đơn thư's open cases by deadline, by age; Dân vận khéo's by status
        found += [("petitions.petition_case_page[qua_han·due]",
                   partial(petitions.petition_case_page, pending="qua_han", order="due")),
                  ("petitions.petition_case_page[90+]", partial(petitions.petition_case_page, pending="90+")),
                  ("models.model_page[duoc_cong_nhan]", partial(models.model_page, statuses=("duoc_cong_nhan",)))]
    for key in explore.datasets():
        def first_page(db: Path, f: Filters, key: str = key, order: str = ""):
            start, end = explore.default_dates(f, key)
            return explore.page(db, f, explore.Query(key, date_from=start, date_to=end, order=order)).rows

        def every_row(db: Path, f: Filters, key: str = key):
            start, end = explore.default_dates(f, key)
            return explore.rows(db, f, explore.Query(key, date_from=start, date_to=end))

        if exports:
            found.append((f"explore.rows[{key}]", every_row))
            continue
        found.append((f"explore.page[{key}]", first_page))
        found += [(f"explore.page[{key}·{order}]", partial(first_page, order=order))
                  for order in list(explore.order_labels(key))[1:]]
    return found


def time_queries(db: Path, repeat: int, exports: bool = False) -> dict[str, tuple[float, int, float]]:
    """name → (p50 wall seconds, rows returned, p50 CPU seconds of this process, all threads).
    CPU time hardly depends on what else the machine runs; wall time does."""
    f = default_filters(db)
    out = {}
    for name, fn in query_functions(exports):
        result = fn(db, f)  # warm: the file's metadata, the catalogue caches
        wall, cpu = [], []
        for _ in range(repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            fn(db, f)
            wall.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        shown = getattr(result, "rows", result)  # a Page: the rows sent to the browser
        out[name] = (median(wall), len(shown) if hasattr(shown, "__len__") else 1, median(cpu))
    return out


def bench_queries(report: Report, demo: Path, province: Path, repeat: int, before: Path | None) -> None:
    print("\n2. Các hàm truy vấn ...", flush=True)
    on_demo = time_queries(demo, repeat)
    on_province = time_queries(province, repeat)
    on_before = time_queries(before, repeat) if before else {}
    table = [["hàm", "mẫu p50", "quy mô tỉnh p50", "CPU (tỉnh)", "số dòng (tỉnh)"] + (["trước khi sửa"] if before else [])]
    for name, (p, n, cpu) in on_province.items():
        line = [name, ms(on_demo[name][0]), ms(p), ms(cpu), f"{n:,}".replace(",", ".")]
        if before:
            line.append(ms(on_before[name][0]) if name in on_before else "–")
        table.append(line)
    report.details["2. Từng hàm truy vấn (p50)"] = table
    slow = [(n, p) for n, (p, _, _) in on_province.items() if p * 1000 > QUERY_TARGET_MS]
    worst = max(on_province.items(), key=lambda kv: kv[1][0])
    report.add("2 Truy vấn", f"{len(on_province)} hàm, CSDL mẫu: p50 lớn nhất",
               ms(max(v[0] for v in on_demo.values())), f"trung vị {ms(median([v[0] for v in on_demo.values()]))}")
    compared = f"{len(on_province) - len(slow)}/{len(on_province)} hàm ≤ {QUERY_TARGET_MS} ms; chậm nhất {worst[0]}"
    if before:
        compared += f"; trước khi sửa: p50 lớn nhất {ms(max(v[0] for v in on_before.values()))}"
    report.add("2 Truy vấn", f"{len(on_province)} hàm, quy mô tỉnh: p50 lớn nhất", ms(worst[1][0]), compared,
               f"≤ {QUERY_TARGET_MS} ms", not slow)
    report.add("2 Truy vấn", "  … thời gian CPU của cùng các hàm (ít phụ thuộc tải máy): lớn nhất",
               ms(max(v[2] for v in on_province.values())), f"trung vị {ms(median([v[2] for v in on_province.values()]))}")
    full = time_queries(province, max(1, repeat // 2), exports=True)
    report.details["2. Danh sách đầy đủ cho tệp xuất và báo cáo (quy mô tỉnh, p50)"] = [
        ["hàm", "p50", "CPU", "số dòng"]] + [[n, ms(p), ms(c), f"{k:,}".replace(",", ".")] for n, (p, k, c) in full.items()]
    slowest = max(full.items(), key=lambda kv: kv[1][0])
    report.add("2 Truy vấn", f"  danh sách đầy đủ ({len(full)}, chỉ khi xuất tệp / lập báo cáo): lớn nhất",
               ms(slowest[1][0]), f"{slowest[0]}, {slowest[1][1]:,} dòng".replace(",", "."))


# -- 3 and 4. the app in a browser -----------------------------------------------------------------


def app_pages() -> list[tuple[str, str]]:
    """(url path, menu title) of every page in app.py, in menu order."""
    text = (ROOT / "app.py").read_text(encoding="utf-8")
    pages = re.findall(r'\("pages/(\w+)\.py", "([^"]+)", "[^"]*", "([^"]+)"', text)
    return [(url, title) for file, title, url in pages if (ROOT / "pages" / f"{file}.py").exists()]


@contextmanager
def streamlit_app(script: Path, db: Path | None = None, timeout: float = 120, env: dict[str, str] | None = None,
                  cwd: Path | None = None):
    """Run ``streamlit run script`` (the app: ``python -m dashboard.serve``) (from ``cwd``, default the project: its .streamlit/config.toml);
    yield (base URL, pid)."""
    import urllib.request

    from tests.server import free_port

    port = free_port()
    # as `make run` starts it: two malloc arenas, not 16 (glibc's default on 2 cores) that each
    # keep what a session's thread freed (~10% of the server's memory with 5 sessions)
    env = {**os.environ, "MALLOC_ARENA_MAX": "2", **({"DVCQ_DB": str(db)} if db else {}), **(env or {})}
    # the app as `make run` starts it (dashboard.serve), any other script with plain `streamlit run`
    start = ["-m", "dashboard.serve"] if script.resolve() == ROOT / "app.py" else ["-m", "streamlit", "run", str(script)]
    cmd = [sys.executable, *start, "--server.port", str(port),
           "--server.headless", "true", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    proc = subprocess.Popen(cmd, cwd=cwd or ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{script.name} did not start")
            time.sleep(0.3)
        yield url, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def rss_mb(pid: int) -> tuple[float, float]:
    """(resident, peak resident) memory of a process in MB: /proc on Linux, else psutil."""
    try:
        values = {}
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(("VmRSS", "VmHWM")):
                    values[line.split(":")[0]] = int(line.split()[1]) / 1024
        return values["VmRSS"], values["VmHWM"]
    except (OSError, KeyError):
        import psutil  # type: ignore[import-not-found]

        rss = psutil.Process(pid).memory_info().rss / 1048576
        return rss, rss


_STATE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const main = document.querySelector('[data-testid="stMain"]') || document;
  return {
    state: app ? app.getAttribute('data-test-script-state') : null,
    h1: [...main.querySelectorAll('h1')].map(h => h.textContent.trim()).filter(Boolean)[0] || '',
    charts: main.querySelectorAll('.js-plotly-plot').length,
    frames: main.querySelectorAll('[data-testid="stDataFrame"]').length,
    errors: main.querySelectorAll('[data-testid="stException"]').length
      + [...main.querySelectorAll('[data-testid="stAlert"]')].filter(a => /lỗi không mong đợi|đang được một tiến trình khác/i.test(a.textContent)).length,
  };
}"""

_READY_JS = """([h1, charts, frames]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const main = document.querySelector('[data-testid="stMain"]') || document;
  const title = [...main.querySelectorAll('h1')].map(h => h.textContent.trim()).filter(Boolean)[0] || '';
  return app && app.getAttribute('data-test-script-state') === 'notRunning' && title === h1
    && main.querySelectorAll('.js-plotly-plot').length >= charts
    && main.querySelectorAll('[data-testid="stDataFrame"]').length >= frames;
}"""


@dataclass
class PageShape:
    url: str
    menu: str
    h1: str
    charts: int
    frames: int


class Browser:
    """Debian's headless Chromium through Playwright (one per thread)."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        from tests.server import CHROMIUM, CHROMIUM_ARGS

        self._pw = sync_playwright().start()
        self.browser = self._pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)

    def session(self, width: int = 1400, height: int = 1000):
        context = self.browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
        context.set_default_timeout(180_000)  # a busy machine: the first run of a page can take a while
        return context, context.new_page()

    def close(self) -> None:
        self.browser.close()
        self._pw.stop()


def settle(page, quiet: float = 1.0, timeout: float = 180) -> dict:
    """Wait until the script is idle and nothing changed for ``quiet`` seconds; the page's state."""
    deadline = time.monotonic() + timeout
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        state = page.evaluate(_STATE_JS)
        if state != last:
            last, since = state, time.monotonic()
        elif state["state"] == "notRunning" and time.monotonic() - since >= quiet:
            return state
        time.sleep(0.1)
    return last or {}


def wait_ready(page, shape: PageShape, timeout: float = 180) -> float:
    t0 = time.perf_counter()
    page.wait_for_function(_READY_JS, arg=[shape.h1, shape.charts, shape.frames], timeout=timeout * 1000,
                           polling=20)
    return time.perf_counter() - t0


def login(page, user: str, password: str) -> None:
    """Fill the login form once the login page's script is idle (its fields are inert before)."""
    page.get_by_label("Tên đăng nhập").wait_for()
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    page.get_by_label("Tên đăng nhập").fill(user)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def click_menu(page, title: str) -> None:
    # the link's text starts with its icon's name (a ligature): match the end
    page.locator('[data-testid="stSidebarNav"] a').filter(
        has_text=re.compile(rf"{re.escape(title)}\s*$")).first.click()


def visit(page, shape: PageShape, glance: bool = True) -> float:
    """Seconds from a click on ``shape``'s menu entry to the page drawn (``GLANCE`` s after the
    last page was drawn unless ``glance`` is False: the caller waited already)."""
    if glance:
        time.sleep(GLANCE)
    t0 = time.perf_counter()
    click_menu(page, shape.menu)
    wait_ready(page, shape)
    return time.perf_counter() - t0


def learn_shapes(page, pages: list[tuple[str, str]]) -> list[PageShape]:
    shapes = []
    for url, menu in pages:
        click_menu(page, menu)
        time.sleep(0.5)
        state = settle(page, quiet=1.5)
        shapes.append(PageShape(url, menu, state.get("h1", ""), state.get("charts", 0), state.get("frames", 0)))
    return shapes


_TABS_JS = """() => [...(document.querySelector('[data-testid="stMain"]') || document)
  .querySelectorAll('[role="tab"]')].map(t => t.textContent.trim())"""

# A tab click reruns the script (ui.lazy_tabs); until that run ends the old tab's elements are still
# on the page, so "ready" is: a run started after the click, it ended, and exactly the new tab's
# charts and tables are there.
_TAB_WATCH_JS = """() => { const app = document.querySelector('[data-testid="stApp"]');
  window.__ran = false; if (window.__tabObserver) window.__tabObserver.disconnect();
  // any change of the script state after the click is a run (a quick run can go running ->
  // notRunning before the observer is called, so the current value is not enough)
  window.__tabObserver = new MutationObserver(() => { window.__ran = true; });
  window.__tabObserver.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']}); }"""

_TAB_READY_JS = """([label, charts, frames]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const main = document.querySelector('[data-testid="stMain"]') || document;
  const open = [...main.querySelectorAll('[role="tab"][aria-selected="true"]')].map(t => t.textContent.trim());
  return window.__ran && app.getAttribute('data-test-script-state') === 'notRunning' && open.includes(label)
    && main.querySelectorAll('.js-plotly-plot').length === charts
    && main.querySelectorAll('[data-testid="stDataFrame"]').length === frames;
}"""


@dataclass
class TabShape:
    page: PageShape
    label: str
    charts: int
    frames: int


def click_tab(page, label: str) -> None:
    page.evaluate(_TAB_WATCH_JS)
    page.locator('[data-testid="stMain"] [role="tab"]').filter(
        has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")).first.click()


def wait_tab(page, tab: TabShape, timeout: float = 30) -> bool:
    """True once the tab is drawn; False (and the sample is dropped) if no run was seen in time:
    a click that lands while the frontend is still finishing the previous run is sometimes lost."""
    try:
        page.wait_for_function(_TAB_READY_JS, arg=[tab.label, tab.charts, tab.frames], timeout=timeout * 1000,
                               polling=20)
        return True
    except Exception:  # noqa: BLE001 - playwright's TimeoutError
        print(f"  (bỏ một lần đo: thẻ {tab.page.menu} · {tab.label} không chạy lại sau {timeout:.0f} s: "
              f"{settle(page, quiet=0.2, timeout=5)})", flush=True)
        return False


def learn_tabs(page, shapes: list[PageShape]) -> list[TabShape]:
    """Every tab but the first of every page (the first is what the page shows on arrival)."""
    tabs = []
    for shape in shapes:
        click_menu(page, shape.menu)
        wait_ready(page, shape)
        settle(page, quiet=0.5)
        labels = page.evaluate(_TABS_JS)
        for label in labels[1:]:
            click_tab(page, label)
            time.sleep(0.3)
            state = settle(page, quiet=1.0)
            tabs.append(TabShape(shape, label, state.get("charts", 0), state.get("frames", 0)))
        if labels:  # back to the first tab: the page opens on it again
            click_tab(page, labels[0])
            settle(page, quiet=0.5)
    return tabs


class Yardstick:
    """``bench/trivial_app.py`` served beside the app: one of its switches (or first visits) is timed
    next to each of the app's, so both see the same machine. Timed in separate phases, the
    yardstick alone moved 0,08 ↔ 0,12 s between two runs an hour apart, enough to decide a ratio
    near 1,3 either way (docs/PERFORMANCE.md)."""

    ONE = PageShape("mot", "Trang một", "Trang một", 1, 0)
    TWO = PageShape("hai", "Trang hai", "Trang hai", 1, 0)

    def __init__(self, browser: Browser, url: str) -> None:
        self.browser, self.url = browser, url
        self.cold: list[float] = []
        self.switch: list[float] = []
        context, page = browser.session()
        page.goto(url)  # warm: plotly.js in the browser cache, the script compiled
        wait_ready(page, self.ONE)
        context.close()
        self.context, self.page = browser.session()  # the session whose switches are timed
        self.page.goto(url)  # a deep link shows "Page not found" first (Streamlit 1.67 with st.navigation)
        wait_ready(self.page, self.ONE)
        self.at = self.ONE

    def time_switch(self) -> None:
        target = self.TWO if self.at is self.ONE else self.ONE
        self.switch.append(visit(self.page, target))
        self.at = target

    def time_first_visit(self) -> None:
        """A new browser session: the first page, then the first visit of the second (timed)."""
        context, page = self.browser.session()
        page.goto(self.url)
        wait_ready(page, self.ONE)
        self.cold.append(visit(page, self.TWO))
        context.close()

    def close(self) -> None:
        self.context.close()


def bench_pages(report: Report, province: Path, repeat: int, switches: int) -> None:
    """``repeat`` cold visits (a new browser session each) and ``switches`` switches per page, each
    next to one of the yardstick's (in turn before and after it)."""
    print("\n3. Trang trên trình duyệt ...", flush=True)
    pages = app_pages()
    browser = Browser()
    try:
        with streamlit_app(ROOT / "bench" / "trivial_app.py") as (trivial_url, _), \
                streamlit_app(ROOT / "app.py", province) as (url, _):
            yard = Yardstick(browser, trivial_url)
            turn = 0

            def timed(action: Callable[[], float | None], yardstick: Callable[[], None]) -> float | None:
                """``action`` and one yardstick measurement, in turn one first then the other."""
                nonlocal turn
                turn += 1
                if turn % 2:
                    yardstick()
                    return action()
                result = action()
                yardstick()
                return result

            context, page = browser.session()
            page.goto(url)
            login(page, *LOGIN)
            settle(page)
            shapes = learn_shapes(page, pages)  # also fills the server's query cache
            switch: dict[str, list[float]] = {s.url: [] for s in shapes}
            after_upload: dict[str, list[float]] = {s.url: [] for s in shapes}

            for _ in range(switches):
                for shape in shapes:
                    switch[shape.url].append(timed(lambda shape=shape: visit(page, shape), yard.time_switch))
            page_switches = list(yard.switch)
            # the other tabs of a page: each drawn when clicked (ui.lazy_tabs), timed from the click
            tabs = learn_tabs(page, shapes)
            tab_times: dict[tuple[str, str], list[float]] = {(t.page.url, t.label): [] for t in tabs}
            dropped = 0

            def open_tab(tab: TabShape) -> float | None:
                time.sleep(GLANCE)
                t0 = time.perf_counter()
                click_tab(page, tab.label)
                return time.perf_counter() - t0 if wait_tab(page, tab) else None

            for _ in range(max(3, switches // 2)):
                for shape in shapes:
                    own = [t for t in tabs if t.page is shape]
                    if not own:
                        continue
                    click_menu(page, shape.menu)
                    wait_ready(page, shape)
                    for tab in own:
                        took = timed(lambda tab=tab: open_tab(tab), yard.time_switch)
                        if took is None:
                            dropped += 1
                        else:
                            tab_times[(shape.url, tab.label)].append(took)
                    first = page.evaluate(_TABS_JS)[0]
                    click_tab(page, first)  # the page opens on its first tab next time
                    settle(page, quiet=0.3)
            tab_switches = yard.switch[len(page_switches):]
            neutral = next((s for s in shapes if s.charts == 0 and s.frames == 0), shapes[-1])
            refreshed: dict[str, list[float]] = {s.url: [] for s in shapes}
            for _ in range(repeat):
                for shape in shapes:
                    if shape is neutral:
                        continue
                    for wait, times in ((0.0, after_upload), (REFRESH_WAIT, refreshed)):
                        click_menu(page, neutral.menu)
                        wait_ready(page, neutral)
                        time.sleep(GLANCE)
                        os.utime(province)  # what a new upload does: a new data version, nothing cached
                        time.sleep(wait)  # … and some seconds later, the server has recomputed what is in use
                        times[shape.url].append(visit(page, shape, glance=False))
            context.close()
            cold: dict[str, list[float]] = {s.url: [] for s in shapes}
            logins: list[float] = []
            home = shapes[0]

            def first_visit(shape: PageShape) -> float:
                context, page = browser.session()
                page.goto(url)  # a link to another page opens the login page too
                t0 = time.perf_counter()
                login(page, *LOGIN)
                wait_ready(page, home)
                logins.append(time.perf_counter() - t0)
                click_menu(page, neutral.menu)
                wait_ready(page, neutral)
                took = visit(page, shape)  # the page's first visit in this session, as the yardstick's
                context.close()
                return took

            for _ in range(repeat):
                for shape in shapes:
                    if shape is not neutral:
                        cold[shape.url].append(timed(lambda shape=shape: first_visit(shape), yard.time_first_visit))
            yard.close()
        tc, ts, tt = median(yard.cold), median(page_switches), median(tab_switches or page_switches)
        report.add("3 Trang", "Trang tối giản (1 biểu đồ), đo xen kẽ với từng lần đo của ứng dụng: "
                   "lần đầu trong phiên / chuyển trang", f"{sec(tc)} / {sec(ts)}",
                   f"từ {sec(min(yard.switch))} đến {sec(max(yard.switch))} khi chuyển trang")
    finally:
        browser.close()
    table = [["trang", "biểu đồ", "bảng", "lần đầu trong phiên mới", "× tối giản", "chuyển trang",
              "× tối giản", "ngay sau khi nạp (chưa tính gì)", f"{num(REFRESH_WAIT, 0)} s sau khi nạp"]]
    worst_cold = worst_switch = 0.0
    for s in shapes:
        if not cold[s.url]:
            table.append([f"{s.menu} (/{s.url})", str(s.charts), str(s.frames), "–", "–", sec(median(switch[s.url])),
                          num(median(switch[s.url]) / ts), "–", "–"])
            continue
        c, w, a = median(cold[s.url]), median(switch[s.url]), median(after_upload[s.url])
        worst_cold, worst_switch = max(worst_cold, c / tc), max(worst_switch, w / ts)
        table.append([f"{s.menu} (/{s.url})", str(s.charts), str(s.frames), sec(c), num(c / tc), sec(w), num(w / ts),
                      sec(a), sec(median(refreshed[s.url]))])
    report.details["3. Từng trang (trung vị, giây)"] = table
    # the page named is the one with the worst ratio (the figure compared with the target)
    slowest = max(shapes, key=lambda s: median(switch[s.url]))
    report.add("3 Trang", f"{len(shapes)} trang, chuyển trang: chậm nhất {slowest.menu}", sec(median(switch[slowest.url])),
               f"{num(worst_switch)}× trang tối giản; "
               f"{sum(median(switch[s.url]) / ts <= PAGE_RATIO_TARGET for s in shapes)}/{len(shapes)} trang ≤ "
               f"{num(PAGE_RATIO_TARGET)}×", f"≤ {num(PAGE_RATIO_TARGET)}×", worst_switch <= PAGE_RATIO_TARGET)
    visited = [s for s in shapes if cold[s.url]]
    slowest = max(visited, key=lambda s: median(cold[s.url]) / tc)
    report.add("3 Trang", f"{len(shapes)} trang, lần đầu trong phiên mới: chậm nhất {slowest.menu}",
               sec(median(cold[slowest.url])), f"{num(worst_cold)}× trang tối giản; "
               f"{sum(median(cold[s.url]) / tc <= PAGE_RATIO_TARGET for s in visited)}/{len(visited)} trang ≤ "
               f"{num(PAGE_RATIO_TARGET)}×", f"≤ {num(PAGE_RATIO_TARGET)}×",
               worst_cold <= PAGE_RATIO_TARGET)
    slowest = max(visited, key=lambda s: median(after_upload[s.url]))
    report.add("3 Trang", f"… ngay sau một lần nạp (chưa tính gì): chậm nhất {slowest.menu}",
               sec(median(after_upload[slowest.url])), f"{num(median(after_upload[slowest.url]) / tc)}× trang tối giản")
    slowest = max(visited, key=lambda s: median(refreshed[s.url]))
    report.add("3 Trang", f"… {num(REFRESH_WAIT, 0)} s sau một lần nạp (máy chủ đã tính lại): chậm nhất {slowest.menu}",
               sec(median(refreshed[slowest.url])), f"{num(median(refreshed[slowest.url]) / tc)}× trang tối giản")
    report.add("3 Trang", "Đăng nhập → Tổng quan hiện đủ", sec(median(logins)))
    tabs = [t for t in tabs if tab_times[(t.page.url, t.label)]]
    if tabs:
        rows = [["trang · thẻ", "biểu đồ", "bảng", "bấm thẻ → hiện đủ", "× chuyển trang tối giản"]]
        for t in tabs:
            m = median(tab_times[(t.page.url, t.label)])
            rows.append([f"{t.page.menu} · {t.label}", str(t.charts), str(t.frames), sec(m), num(m / tt)])
        report.details["3. Từng thẻ trong trang (trung vị, giây)"] = rows
        worst = max(tabs, key=lambda t: median(tab_times[(t.page.url, t.label)]))
        w = median(tab_times[(worst.page.url, worst.label)])
        within = sum(median(tab_times[(t.page.url, t.label)]) / tt <= PAGE_RATIO_TARGET for t in tabs)
        report.add("3 Trang", f"{len(tabs)} thẻ khác trong trang, bấm thẻ: chậm nhất {worst.page.menu} · {worst.label}",
                   sec(w), f"{num(w / tt)}× chuyển trang tối giản; {within}/{len(tabs)} thẻ ≤ {num(PAGE_RATIO_TARGET)}×"
                   + (f"; bỏ {dropped} lần đo (lần bấm không chạy lại trang)" if dropped else ""))


def bench_memory(report: Report, province: Path, sessions: int = 5) -> None:
    print("\n4. Bộ nhớ máy chủ ...", flush=True)
    idle, busy, peak = memory_with_sessions(province, sessions, None)
    report.add("4 Bộ nhớ", "Máy chủ Streamlit, quy mô tỉnh: lúc rảnh (chưa phiên nào)", f"{num(idle, 0)} MB")
    report.add("4 Bộ nhớ", f"… với {sessions} phiên trình duyệt đã mở mọi trang", f"{num(busy, 0)} MB",
               f"đỉnh {num(peak, 0)} MB", f"≤ {MEMORY_TARGET_MB} MB", peak <= MEMORY_TARGET_MB)


def memory_with_sessions(province: Path, sessions: int, env: dict[str, str] | None) -> tuple[float, float, float]:
    """(idle RSS, RSS with the sessions open, peak RSS) of a fresh server, in MB."""
    pages = app_pages()
    browser = Browser()
    try:
        with streamlit_app(ROOT / "app.py", province, env=env) as (url, pid):
            time.sleep(3)
            idle, _ = rss_mb(pid)
            opened = []
            peak = idle
            for _ in range(sessions):
                context, page = browser.session()
                page.goto(url)
                login(page, *LOGIN)
                settle(page)
                for _, menu in pages:
                    click_menu(page, menu)
                    time.sleep(0.3)
                    settle(page, quiet=0.5)
                    peak = max(peak, rss_mb(pid)[0])
                opened.append(context)
            time.sleep(2)
            busy, hwm = rss_mb(pid)
            for context in opened:
                context.close()
    finally:
        browser.close()
    return idle, busy, max(peak, hwm)


# -- 5. viewers while uploads run ------------------------------------------------------------------


def upload_workbook(unit: str, period: str, rows: int, seed: int) -> bytes:
    """A valid return of ``unit`` for ``period`` with ``rows`` cases (text dates, as offices write them)."""
    import openpyxl

    from bench.etl_bench import FIELDS, KINDS, TODAY
    from tests.workbooks import INDICATOR_HEADERS, PETITION_HEADERS

    rng = random.Random(seed)
    book = openpyxl.Workbook(write_only=True)
    info = book.create_sheet("Thông tin")
    info.append(["Mã đơn vị", unit])
    info.append(["Kỳ báo cáo", period])
    ind = book.create_sheet("Chỉ tiêu")
    ind.append(INDICATOR_HEADERS)
    ind.append(["CT01", None, None, "Có", None, None])
    ws = book.create_sheet("Đơn thư")
    ws.append(PETITION_HEADERS)
    for i in range(rows):
        received = date(2025, 1, 2) + timedelta(days=rng.randrange(0, 300))
        resolved = received + timedelta(days=rng.randrange(5, 60)) if rng.random() < 0.7 else None
        ws.append([f"U{seed}-{i + 1:06d}", received.strftime("%d/%m/%Y"), rng.choice(KINDS), rng.choice(FIELDS),
                   "Trực tiếp", "Có", None, "Bình thường", "Không", None, None, None,
                   resolved.strftime("%d/%m/%Y") if resolved and resolved <= TODAY else None,
                   "Đã giải quyết" if resolved and resolved <= TODAY else "Đang giải quyết", None, None, None])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def bench_viewers(report: Report, province: Path, workdir: Path, threads: int = 20, browsers: int = 2,
                  upload_rows: int = 20_000, min_seconds: float = 90) -> None:
    print("\n5. Người xem đồng thời trong lúc nạp ...", flush=True)
    db = workdir / "viewers.duckdb"
    for suffix in ("", ".wal", ".lock", ".queue.lock"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    shutil.copy(province, db)
    files = []
    for n, (unit, period) in enumerate((("VP", "Năm 2025"), ("TTR", "Năm 2025")), start=1):
        path = workdir / f"upload-{unit}.xlsx"
        path.write_bytes(upload_workbook(unit, period, upload_rows, seed=n))
        files.append(path)
    f = default_filters(db)
    by_page: dict[str, list[Callable]] = {}
    for name, fn in query_functions():
        by_page.setdefault(name.split(".")[0], []).append(fn)
    pages = list(by_page)
    calls: list[float] = []
    switches: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    def viewer(i: int) -> None:
        k = i
        while not stop.is_set():
            page = pages[k % len(pages)]
            k += 1
            t_page = time.perf_counter()
            for fn in by_page[page]:
                t0 = time.perf_counter()
                try:
                    fn(db, f)
                except Exception as exc:  # counted, not raised: the target is zero
                    with lock:
                        errors.append(f"{page}: {type(exc).__name__}: {' '.join(str(exc).split())[:160]}")
                with lock:
                    calls.append(time.perf_counter() - t0)
            with lock:
                switches.append(time.perf_counter() - t_page)

    browser_switch: list[float] = []
    browser_errors: list[str] = []

    ready = threading.Event()

    def browser_viewer(url: str) -> None:
        try:
            browse(url)
        except Exception as exc:  # counted, not raised
            browser_errors.append(f"trình duyệt: {type(exc).__name__}: {str(exc)[:120]}")
        finally:
            ready.set()

    def browse(url: str) -> None:
        app = Browser()
        try:
            sessions = []
            for _ in range(browsers):
                context, page = app.session()
                page.goto(url)
                login(page, *LOGIN)
                settle(page)
                sessions.append(page)
            shapes = learn_shapes(sessions[0], [p for p in app_pages() if p[0] in CHART_PAGES])
            ready.set()
            k = 0
            while not stop.is_set():
                page = sessions[k % len(sessions)]
                shape = shapes[k % len(shapes)]
                k += 1
                t0 = time.perf_counter()
                try:
                    click_menu(page, shape.menu)
                    wait_ready(page, shape, timeout=120)
                    browser_switch.append(time.perf_counter() - t0)
                except Exception as exc:
                    browser_errors.append(f"{shape.url}: {type(exc).__name__}")
                state = page.evaluate(_STATE_JS)
                if state.get("errors"):
                    browser_errors.append(f"{shape.url}: thông báo lỗi trên trang")
        finally:
            app.close()

    uploads: list[tuple[str, int, float]] = []
    with streamlit_app(ROOT / "app.py", db) as (url, _):
        workers = [threading.Thread(target=viewer, args=(i,), daemon=True) for i in range(threads)]
        watcher = threading.Thread(target=browser_viewer, args=(url,), daemon=True)
        watcher.start()
        ready.wait(timeout=900)  # the browser sessions have logged in and seen each page once
        for w in workers:
            w.start()
        time.sleep(5)
        started = time.perf_counter()
        procs = []
        for n, path in enumerate(files):
            procs.append((path, time.perf_counter(), subprocess.Popen(
                [sys.executable, "-m", "etl", "load", str(path), "--db", str(db), "--user", "bench"], cwd=ROOT,
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)))
            time.sleep(3)
        for path, t0, proc in procs:
            out, _ = proc.communicate(timeout=1800)
            uploads.append((path.name, proc.returncode, time.perf_counter() - t0))
            if proc.returncode != 0:
                errors.append(f"etl load {path.name}: {out.strip().splitlines()[-1] if out.strip() else proc.returncode}")
        time.sleep(max(5.0, min_seconds - (time.perf_counter() - started)))
        stop.set()
        for w in workers:
            w.join(timeout=300)
        watcher.join(timeout=300)
        window = time.perf_counter() - started
    with reading(db) as con:
        stored = con.execute("SELECT count(*) FROM v_submissions WHERE file_name LIKE 'upload-%' AND is_active").fetchone()[0]
    report.add("5 Đồng thời", f"{threads} người xem (luồng) + {len(files)} lần nạp {upload_rows:,} dòng".replace(",", "."),
               f"{len(errors)} lỗi", f"{len(calls):,} truy vấn trong {window:.0f} s".replace(",", ".")
               + f"; p50 {ms(median(calls))}, p95 {ms(p95(calls))}; cả trang p95 {sec(p95(switches))}",
               "0 lỗi", not errors and stored == len(files))
    report.add("5 Đồng thời", f"{browsers} phiên trình duyệt thật, chuyển trang", f"{len(browser_errors)} lỗi",
               f"{len(browser_switch)} lần; p50 {sec(median(browser_switch))}, p95 {sec(p95(browser_switch))}",
               "0 lỗi", not browser_errors)
    report.add("5 Đồng thời", "Hai lần nạp bằng python -m etl load",
               ", ".join(f"{name}: {'xong' if rc == 0 else f'mã {rc}'} {sec(t)}" for name, rc, t in uploads),
               f"{stored}/{len(files)} lần nộp đã vào CSDL")
    for line in (errors + browser_errors)[:10]:
        report.notes.append(f"Lỗi ở mục 5: {line}")


CHART_PAGES = ("tong-quan", "chi-tieu", "don-thu", "tiep-cong-dan", "dan-van-kheo", "nop-bao-cao")


# -- the report ------------------------------------------------------------------------------------


BEGIN, END = "<!-- bench/run.py: begin -->", "<!-- bench/run.py: end -->"


def markdown(report: Report, header: list[str], started: datetime, args: argparse.Namespace,
             loads: tuple[str, str]) -> str:
    """The measured part of docs/PERFORMANCE.md (between the markers; the rest is written by hand)."""
    lines = [
        BEGIN,
        f"Last run: {started:%Y-%m-%d %H:%M}, `python bench/run.py {' '.join(sys.argv[1:])}`".rstrip() + ", "
        f"{args.repeat} repeats (ETL {args.etl_repeat}). Machine:",
        "",
        *[f"- {line}" for line in header],
        f"- Load average (1, 5, 15 min) at the start: {loads[0]}; at the end: {loads[1]}.",
        "",
        "| mục | đo | kết quả | so sánh | mục tiêu | |",
        "|---|---|---|---|---|---|",
        *["| " + " | ".join(c.replace("|", "\\|") for c in row.cells()) + " |" for row in report.rows],
        "",
    ]
    for title, table in report.details.items():
        lines += [f"#### {title}", "", "| " + " | ".join(table[0]) + " |", "|" + "---|" * len(table[0])]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in table[1:]]
        lines.append("")
    if report.notes:
        lines += ["#### Ghi chú của lần chạy", "", *[f"- {n}" for n in report.notes], ""]
    lines.append(END)
    return "\n".join(lines)


def write_doc(measured: str) -> Path:
    """Replace the measured part of docs/PERFORMANCE.md, keeping the hand-written text around it."""
    path = ROOT / "docs" / "PERFORMANCE.md"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN in text and END in text:
        text = text[:text.index(BEGIN)] + measured + text[text.index(END) + len(END):]
    else:
        text = "# Performance\n\n`make bench` (bench/run.py) writes the table below.\n\n" + measured + "\n" + text
    path.write_text(text, encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=["etl", "queries", "pages", "memory", "viewers"],
                        default=["etl", "queries", "pages", "memory", "viewers"])
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (queries, pages)")
    parser.add_argument("--page-switches", type=int, default=9, help="switches per page (§3)")
    parser.add_argument("--etl-rows", type=int, default=100_000)
    parser.add_argument("--etl-repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "dvcq-bench")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the province-scale database")
    parser.add_argument("--before-db", type=Path, help="also time the queries on this (older) database")
    parser.add_argument("--quick", action="store_true", help="small data, one repeat: a smoke run")
    parser.add_argument("--no-write", action="store_true", help="do not write docs/PERFORMANCE.md")
    args = parser.parse_args(argv)
    scale: dict[str, int] = {}
    if args.quick:
        args.repeat, args.etl_repeat, args.etl_rows, args.page_switches = 1, 1, 5_000, 1
        scale = {"units": 12, "years": 2, "cases": 20_000, "sessions": 2_000, "models": 500, "small": 1}
    args.workdir.mkdir(parents=True, exist_ok=True)
    started, load_start = datetime.now(), load_average()
    header = machine()
    for line in header:
        print(line)
    print(f"Tải trung bình lúc bắt đầu: {load_start}")
    report = Report()
    need_dbs = set(args.only) - {"etl"}
    demo = demo_db(args.workdir) if "queries" in need_dbs else None
    province = province_db(args.workdir, scale, args.rebuild) if need_dbs else None
    if "etl" in args.only:
        bench_etl(report, args.etl_rows, args.etl_repeat)
    if "queries" in args.only:
        bench_queries(report, demo, province, args.repeat, args.before_db)
    if "memory" in args.only:
        bench_memory(report, province)
    if "pages" in args.only:
        bench_pages(report, province, max(1, min(args.repeat, 3)), args.page_switches)
    if "viewers" in args.only:
        bench_viewers(report, province, args.workdir, upload_rows=2_000 if args.quick else 20_000)
    loads = (load_start, load_average())
    print()
    print(" | ".join(["mục", "đo", "kết quả", "so sánh", "mục tiêu", ""]))
    for row in report.rows:
        print(" | ".join(row.cells()))
    for title, table in report.details.items():
        print(f"\n{title}")
        for line in table:
            print("  " + " | ".join(line))
    print(f"\nTải trung bình lúc kết thúc: {loads[1]}")
    if not args.no_write:
        print(f"Đã ghi {write_doc(markdown(report, header, started, args, loads)).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
