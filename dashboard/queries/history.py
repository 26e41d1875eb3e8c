"""Submission history: every submission with its status, its stored file and its warnings.

Restoring and withdrawing are ``etl.load.restore`` / ``etl.load.withdraw`` (they write the audit
log themselves); a download of a stored file is recorded here.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboard.filters import Filters
from dashboard.queries import explore
from dashboard.queries.common import run
from etl.audit import reads_audit_log, record
from etl.db import reading
from etl.errors import NotFound

STATUS_LABEL = explore.STATUS_LABEL


def submissions(db: Path, f: Filters, statuses: tuple[str, ...] = (), text: str = "") -> pd.DataFrame:
    """Every submission of the selected year and units (all statuses unless asked), newest first.

    Columns: submission_id, unit_code, unit_name, period_code (label), period (code), file_name,
    uploaded_by, uploaded_at, status (code), status_label, n_warnings, status_changed_by/at."""
    return explore.rows(db, f, explore.Query("submissions", statuses=statuses, text=text))


def choices(frame: pd.DataFrame) -> dict[int, str]:
    """submission_id → "Mã nộp 5 · VP · Quý I/2025 · tệp.xlsx" for a picker.

    No status: a selectbox keeps its choice by its label, so a label that a restore or a withdrawal
    changes stayed on screen with the old status, and the page could fall to another submission."""
    return {
        int(r.submission_id): f"Mã nộp {r.submission_id} · {r.unit_code} · {r.period_code} · {r.file_name}"
        for r in frame.itertuples()
    }


def pick(frame: pd.DataFrame, submission_id: int) -> dict[str, object]:
    """One submission of the list as a plain dict."""
    match = frame[frame["submission_id"] == submission_id]
    if match.empty:
        raise NotFound(f"Không có lần nộp mã {submission_id} trong danh sách đang lọc.")
    return match.iloc[0].to_dict()


def in_use(db: Path, submission_id: int) -> dict[str, object] | None:
    """The submission in use for the unit and period of ``submission_id`` (another one), which
    restoring ``submission_id`` would supersede: submission_id, file_name, uploaded_at, uploaded_by."""
    frame = run(db, """
        SELECT a.submission_id, a.file_name, a.uploaded_at, a.uploaded_by
        FROM v_submissions s JOIN v_submissions a
          ON a.unit_code = s.unit_code AND a.period_code = s.period_code AND a.is_active
         AND a.submission_id <> s.submission_id
        WHERE s.submission_id = ?""", [int(submission_id)])
    return None if frame.empty else frame.iloc[0].to_dict()


COLUMNS = {
    "submission_id": "Mã nộp",
    "unit_name": "Đơn vị",
    "period_code": "Kỳ",
    "status_label": "Trạng thái",  # before the long file name: on screen at 1.366 px
    "file_name": "Tệp",
    "uploaded_by": "Người nộp",
    "uploaded_at": "Thời gian",
    "n_warnings": "Số cảnh báo",
}


def stored_file(db: Path, submission_id: int) -> tuple[str, bytes]:
    """(file name, content) of the file as stored: personal-data columns already removed."""
    with reading(db) as con:
        row = con.execute(
            "SELECT stored_name, content FROM submission_files WHERE submission_id = ?", [int(submission_id)]
        ).fetchone()
    if row is None:
        raise NotFound(f"Không có tệp của lần nộp mã {submission_id}. Hãy xem danh sách ở trang Lịch sử nộp.")
    return str(row[0]), bytes(row[1])


def download(db: Path, submission_id: int, user: str) -> bytes:
    """The stored file, with the download written in the audit log."""
    name, content = stored_file(db, submission_id)
    record(db, user, "download", str(submission_id), {"file": name, "bytes": len(content)})
    return content


def findings(db: Path, submission_id: int) -> pd.DataFrame:
    """The warnings kept with a submission (a stored file had no errors)."""
    return run(
        db,
        "SELECT CASE severity WHEN 'error' THEN 'Lỗi' ELSE 'Cảnh báo' END AS severity, location, value, message "
        "FROM submission_findings WHERE submission_id = ? ORDER BY rowid",
        [int(submission_id)],
    )


# what to do before the value (quoted in it too): on a laptop the grid is ~600 px wide
FINDING_COLUMNS = {"severity": "Mức độ", "location": "Ô", "message": "Nội dung", "value": "Giá trị"}


@reads_audit_log
def audit_trail(db: Path, submission_id: int) -> pd.DataFrame:
    """What happened to a submission: its load, restores, withdrawals and downloads."""
    return run(
        db,
        """SELECT logged_at, username,
                  CASE action WHEN 'load' THEN 'Nạp' WHEN 'restore' THEN 'Khôi phục' WHEN 'withdraw' THEN 'Rút'
                              WHEN 'download' THEN 'Tải tệp' ELSE action END AS action
           FROM audit_log
           WHERE (action IN ('restore', 'withdraw', 'download') AND target = CAST(? AS VARCHAR))
              OR (action = 'load' AND TRY_CAST(json_extract_string(details, '$.submission_id') AS INTEGER) = ?)
           ORDER BY logged_at, audit_id""",
        [int(submission_id), int(submission_id)],
    )


AUDIT_COLUMNS = {"logged_at": "Thời gian", "username": "Người thực hiện", "action": "Việc"}
