"""Settings, declared once: name, default, help text, environment override."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    env: str
    default: str
    help: str

    def get(self) -> str:
        return os.environ.get(self.env, self.default)


DB_PATH = Setting("DVCQ_DB", str(ROOT / "data" / "dvcq.duckdb"), "The real database (contract §3).")
DEMO_DB_PATH = Setting(
    "DVCQ_DEMO_DB", str(ROOT / "data" / "demo" / "dvcq-demo.duckdb"), "The demo database built by `etl demo`."
)
BACKUP_DIR = Setting(
    "DVCQ_BACKUP_DIR", str(ROOT / "data" / "backups"), "Where `etl backup` writes when no -o is given."
)
LOCK_TIMEOUT = Setting("DVCQ_LOCK_TIMEOUT", "60", "Seconds to wait for another process's hold on the database.")
READ_LINGER = Setting(
    "DVCQ_READ_LINGER", "10",
    "Seconds an idle shared read connection stays open (a waiting writer closes it at once).",
)
READ_MEMORY = Setting(
    "DVCQ_READ_MEMORY", "1GB",
    "DuckDB memory limit of the shared read connection (all concurrent page queries of the app share it).",
)
SESSION_MINUTES = Setting("DVCQ_SESSION_MINUTES", "60", "Minutes of inactivity before a user is logged out.")
MAX_LOGIN_FAILURES = Setting("DVCQ_MAX_LOGIN_FAILURES", "5", "Failed logins before an account is locked.")
LOCKOUT_MINUTES = Setting("DVCQ_LOCKOUT_MINUTES", "15", "Minutes an account stays locked.")
REFRESH_SECONDS = Setting(
    "DVCQ_REFRESH_SECONDS", "2",
    "Seconds between the app's looks for a new load, after which it recomputes the queries in use "
    "(dashboard/refresh.py); 0 turns it off (the test suite does).",
)
REPORT_DUE_DAYS = Setting(
    "DVCQ_REPORT_DUE_DAYS", "month=5,quarter=7,half=7,nine_months=7,year=10",
    "Days after a period's end by which a return is due, per period kind.",
)


def db_path(explicit: str | os.PathLike | None = None) -> Path:
    """``--db``, else ``DVCQ_DB``, else ``data/dvcq.duckdb`` (contract §3)."""
    return Path(explicit) if explicit else Path(DB_PATH.get())


def report_due_days() -> dict[str, int]:
    pairs = (item.split("=") for item in REPORT_DUE_DAYS.get().split(",") if "=" in item)
    return {kind.strip(): int(days) for kind, days in pairs}
