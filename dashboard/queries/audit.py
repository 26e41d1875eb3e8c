"""The audit log for the Quản trị page, a page at a time (a year of logins and loads is long)."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from dashboard import fmt
from dashboard.queries import explore
from dashboard.queries.common import PAGE_SIZE, Page, run_page
from etl.audit import reads_audit_log
from etl.catalog import default_catalog
from etl.load import STATUS_LABEL
from etl.periods import period_from_code
from etl.users import ROLES, audit_entries, audit_filter, with_action_labels

# What the Quản trị page and its CSV show of a row: Vietnamese headers, in this order.
COLUMNS = {
    "audit_id": "Mã", "logged_at": "Thời điểm", "username": "Người dùng", "action_label": "Hoạt động",
    "target": "Đối tượng", "details": "Chi tiết", "ok": "Thành công",
}
# The keys the code writes into ``details`` (etl.audit.audit's callers), as a reader names them.
_KEYS = {
    "submission_id": "mã nộp", "unit": "đơn vị", "period": "kỳ", "superseded": "thay thế lần nộp",
    "rows": "số dòng", "dropped_columns": "cột bị loại", "errors": "số lỗi", "reason": "lý do",
    "failures": "số lần sai", "until": "khoá đến", "method": "cách đăng nhập", "role": "vai trò",
    "display_name": "tên hiển thị", "email": "email", "file": "tệp", "bytes": "dung lượng",
    "kept": "bản cũ giữ tại", "format": "định dạng", "year": "năm", "units": "đơn vị", "kinds": "loại",
    "statuses": "trạng thái", "date_from": "từ ngày", "date_to": "đến ngày", "text": "tìm",
    "users": "người dùng", "actions": "hoạt động", "from": "từ ngày", "to": "đến ngày",
    "previous_status": "trạng thái trước", "migrations": "phiên bản CSDL", "submissions": "số lần nộp",
    "audit_rows": "số dòng nhật ký", "demo": "dữ liệu mẫu", "texts": "số nội dung ẩn thêm", "files": "số tệp ẩn thêm",
}
_VALUES = {
    "reason": {"bad_password": "sai mật khẩu", "unknown_user": "không có tài khoản", "disabled": "tài khoản bị vô hiệu",
               "locked": "tài khoản đang tạm khoá", "user": "bấm Đăng xuất", "timeout": "hết phiên do không dùng",
               "account": "tài khoản bị vô hiệu"},
    "method": {"password": "mật khẩu", "oidc": "đăng nhập một lần (SSO)"},
    "role": ROLES, "previous_status": STATUS_LABEL, "format": {"xlsx": "Excel (.xlsx)", "csv": "CSV"},
}
_PLAIN = {"submission_id", "superseded", "year", "migrations"}  # codes and years: no thousands dot
_SKIPPED = {"sha256"}  # a file's fingerprint: kept in the database, of no use to a reader
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?")


def _size(size: float) -> str:
    """A file's size as a reader says it: '14 KB', '2,3 MB' (a 14 KB return read '0,0 MB')."""
    if size < 1024 * 1024:
        return f"{fmt.num(max(1, round(size / 1024)))} KB"
    return f"{fmt.num(size / 1048576, 1)} MB"


def _value(key: str, value: object, labels: dict[str, dict[str, str]] | None = None) -> str:
    if isinstance(value, bool):
        return "có" if value else "không"
    if key in _PLAIN and isinstance(value, int):
        return str(value)
    if key == "period" and isinstance(value, str):
        try:
            return period_from_code(value).label
        except ValueError:
            return value
    if isinstance(value, (int, float)):
        return _size(value) if key == "bytes" else fmt.num(value)
    if isinstance(value, list):
        return ", ".join(_value(key, v, labels) for v in value)
    if isinstance(value, dict):  # rows per sheet
        sheets = {spec.key: spec.name for spec in default_catalog().sheets}
        return ", ".join(f"{sheets.get(k, k)} {_value('', v)}" for k, v in value.items() if v)
    text = str(value)
    if _ISO_MOMENT.fullmatch(text):
        return fmt.moment(datetime.fromisoformat(text))
    if _ISO_DAY.fullmatch(text):
        return fmt.day(date.fromisoformat(text))
    return (labels or _VALUES).get(key, {}).get(text, text)


def details_text(raw: object, labels: dict[str, dict[str, str]] | None = None,
                 names: dict[str, str] | None = None) -> str:
    """An audit row's ``details`` (JSON) as a Vietnamese line: ``mã nộp 12 · đơn vị KHTC · …``;
    keys with nothing in them left out, a text that is no JSON object shown as it is. ``labels``
    and ``names`` say the codes and the names of keys that mean something else per row (an
    export's kinds and statuses are a reception's forms and hosts)."""
    try:
        details = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        return str(raw)
    if not isinstance(details, dict):
        return "" if details is None else str(details)
    parts = []
    for key, value in details.items():
        if key in _SKIPPED or value is None or value == "" or value == [] or value == {}:
            continue
        shown = _value(key, value, labels if labels and key in labels else None)
        if shown:
            parts.append(f"{(names or {}).get(key) or _KEYS.get(key, key)} {shown}")
    return " · ".join(parts)


# What an export or a download was of, as the Quản trị page names it (the log keeps the code).
_EXPORTED = {"audit_log": "Nhật ký hoạt động", "report_docx": "Báo cáo UBND tỉnh (Word)",
             "report_xlsx": "Phụ lục báo cáo UBND tỉnh (Excel)", "petitions": "Dữ liệu: Đơn thư",
             "models": "Dữ liệu: Dân vận khéo", "reception": "Dữ liệu: Tiếp công dân",
             "indicators": "Dữ liệu: Chỉ tiêu", "submissions": "Dữ liệu: Lần nộp"}
_OF_A_SUBMISSION = {"download", "restore", "withdraw"}


def target_text(action: str, target: object) -> str:
    """``petitions`` -> ``Dữ liệu: Đơn thư`` for an export, ``12`` -> ``Lần nộp 12`` for a download,
    a restore or a withdrawal; a file name or an account as it is."""
    text = "" if target is None or (isinstance(target, float) and pd.isna(target)) else str(target)
    if action == "export":
        return _EXPORTED.get(text, text)
    if action in _OF_A_SUBMISSION and text.isdigit():
        return f"Lần nộp {text}"
    return text


def _export_filters(action: str, target: object) -> tuple[dict[str, dict[str, str]] | None, dict[str, str] | None]:
    """An export's two choice filters as Dữ liệu & xuất names them: 'loại đơn Khiếu nại', not
    'loại khieu_nai'; a reception's 'hình thức Định kỳ'."""
    if action != "export" or target not in explore.datasets():
        return None, None
    ds = explore.dataset(str(target))
    return ({"kinds": dict(ds.kind.options), "statuses": dict(ds.status.options)},
            {"kinds": ds.kind.label.lower(), "statuses": ds.status.label.lower()})


def _readable(frame: pd.DataFrame) -> pd.DataFrame:
    frame["details"] = [details_text(d, *_export_filters(a, t))
                        for d, a, t in zip(frame["details"], frame["action"], frame["target"])]
    frame["target"] = [target_text(a, t) for a, t in zip(frame["action"], frame["target"])]
    return frame


@reads_audit_log
def audit_page(db: Path, users: tuple[str, ...] = (), actions: tuple[str, ...] = (), start: date | None = None,
               end: date | None = None, offset: int = 0, limit: int = PAGE_SIZE) -> Page:
    """One page of the audit log, newest first, filtered as ``etl.users.audit_entries`` (the export)."""
    where, params = audit_filter(users, actions, start, end)
    page = run_page(db, f"SELECT audit_id, logged_at, username, action, target, details, ok FROM audit_log "
                        f"WHERE {where} ORDER BY audit_id DESC", params, limit, offset,
                    count=(f"SELECT count(*) FROM audit_log WHERE {where}", params))
    with_action_labels(page.rows)
    _readable(page.rows)
    return page


@reads_audit_log
def audit_rows(db: Path, users: tuple[str, ...] = (), actions: tuple[str, ...] = (), start: date | None = None,
               end: date | None = None) -> pd.DataFrame:
    """Every row of the log as filtered (the export), as :func:`audit_page` shows them."""
    return _readable(audit_entries(db, users, actions, start, end))
