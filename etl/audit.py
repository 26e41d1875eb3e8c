"""The append-only audit log: who did what, when (never a citizen's data)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import duckdb

from etl.db import writing


def reads_audit_log(fn):
    """Mark a query that reads the audit log or the accounts: the app caches it by
    ``etl.db.data_version`` (every write), not ``content_version``, so a new login shows."""
    fn.reads_audit_log = True
    return fn


def audit(con: duckdb.DuckDBPyConnection, user: str | None, action: str, target: str = "",
          details: dict | None = None, ok: bool = True) -> None:
    """Append one row inside the caller's connection (and transaction, if any)."""
    con.execute(
        "INSERT INTO audit_log (logged_at, username, action, target, details, ok) VALUES (?, ?, ?, ?, ?, ?)",
        [datetime.now().replace(microsecond=0), user, action, target,
         json.dumps(details or {}, ensure_ascii=False, default=str), ok],
    )


def record(db: Path, user: str | None, action: str, target: str = "", details: dict | None = None,
           ok: bool = True) -> None:
    """Append one row in its own short write (e.g. an export or a login from the app)."""
    with writing(db, data=False) as con:
        audit(con, user, action, target, details, ok)
