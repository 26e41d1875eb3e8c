"""Run the real app (``python -m dashboard.serve``, i.e. ``streamlit run app.py``) on a free local port, for browser
tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_app(db: Path, extra_env: dict[str, str] | None = None, timeout: float = 60) -> Iterator[str]:
    """Start the app on ``db``; yield its base URL; stop it afterwards."""
    port = free_port()
    env = {**os.environ, "DVCQ_DB": str(db), **(extra_env or {})}
    if "DVCQ_REFRESH_SECONDS" not in (extra_env or {}):
        env.pop("DVCQ_REFRESH_SECONDS", None)  # a real server refreshes after loads (tests/conftest.py)
    cmd = [sys.executable, "-m", "dashboard.serve", "--server.port", str(port),
           "--server.headless", "true", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
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
                out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
                raise RuntimeError(f"app did not start:\n{out}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


PHONE_AGENT = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
               "Chrome/131.0.0.0 Mobile Safari/537.36")


@contextmanager
def browser_page(width: int = 1400, height: int = 1000, locale: str = "vi-VN", user_agent: str | None = None):
    """A Playwright page in Debian's headless Chromium, the browser set to ``locale`` (and
    ``user_agent``: ``PHONE_AGENT`` for a phone's browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": width, "height": height}, locale=locale,
                                      accept_downloads=True, **({"user_agent": user_agent} if user_agent else {}))
        page = context.new_page()
        try:
            yield page
        finally:
            context.close()
            browser.close()
