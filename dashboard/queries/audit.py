"""The audit log for the Quản trị page, a page at a time (a year of logins and loads is long)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from dashboard.queries.common import PAGE_SIZE, Page, run_page
from etl.audit import reads_audit_log
from etl.users import audit_filter, with_action_labels


@reads_audit_log
def audit_page(db: Path, users: tuple[str, ...] = (), actions: tuple[str, ...] = (), start: date | None = None,
               end: date | None = None, offset: int = 0, limit: int = PAGE_SIZE) -> Page:
    """One page of the audit log, newest first, filtered as ``etl.users.audit_entries`` (the export)."""
    where, params = audit_filter(users, actions, start, end)
    page = run_page(db, f"SELECT audit_id, logged_at, username, action, target, details, ok FROM audit_log "
                        f"WHERE {where} ORDER BY audit_id DESC", params, limit, offset,
                    count=(f"SELECT count(*) FROM audit_log WHERE {where}", params))
    with_action_labels(page.rows)
    return page
