"""Mask again what is already stored, with the masker as it is now.

The validator masks a citizen's name, residence, birth, phone, e-mail and ID numbers before
anything is stored; each time it learns a new way offices write them ("Người KN: …", "bản …, xã …"
after a name), returns loaded before still hold them. ``remask`` applies today's masker to every
stored free text (the lists' rows, the current state, the findings) and to every stored file, in
one transaction, and says how many values and files it changed (``python -m etl remask``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from etl.audit import audit
from etl.db import writing
from etl.sanitize import PRIVACY_RULES, stored_copy
from etl.text import fold_key
from etl.validate import MASK, _mask_personal, _quoted_personal, format_whole, validate_workbook

# The free texts the validator masks (``NAME_MASKED`` columns of each list), where they are stored.
FREE_TEXT = {
    "petition_rows": ("field", "summary", "note"),
    "current_petitions": ("field", "summary", "note"),
    "reception_rows": ("note",),
    "current_reception": ("note",),
    "model_rows": ("highlights",),
    "current_models": ("highlights",),
    "dissemination_rows": ("content",),
    "current_dissemination": ("content",),
    "indicator_rows": ("note",),
}
# What the findings of a stored submission quote (masked as the findings were made, then).
FINDING_TEXT = ("message", "value")
# A key made of a text: kept in step with it (an activity is matched by its content's key).
KEYED = {"content": "content_key"}


def remask(db: Path, user: str) -> str:
    """Mask the stored texts and files again; a Vietnamese summary of what changed."""
    texts = files = 0
    with writing(db) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            for table, columns in {**FREE_TEXT, "submission_findings": FINDING_TEXT}.items():
                for column in columns:
                    changed = _remask_column(con, table, column)
                    texts += 0 if table.startswith("current_") else changed  # the same texts, in the state
            for submission_id, name, content in con.execute(
                    "SELECT f.submission_id, f.stored_name, f.content FROM submission_files f ORDER BY 1").fetchall():
                parsed = validate_workbook(bytes(content), name, today=date.today())
                if not any(f.rule in PRIVACY_RULES for f in parsed.findings):
                    continue  # nothing to mask: the file stays as it is (not rewritten for other reasons)
                again, _, _ = stored_copy(bytes(content), parsed)
                if again != bytes(content):
                    con.execute("UPDATE submission_files SET content = ?, sanitized = TRUE WHERE submission_id = ?",
                                [again, submission_id])
                    files += 1
            audit(con, user, "remask", "", {"texts": texts, "files": files})
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    if not texts and not files:
        return "Không có thông tin cá nhân nào cần ẩn thêm trong dữ liệu đã lưu."
    return (f"Đã ẩn thêm thông tin cá nhân trong {format_whole(texts)} nội dung và {format_whole(files)} tệp "
            "đã lưu.")


def _remask_column(con, table: str, column: str) -> int:
    """Mask one column's distinct values where the masker changes them (names too: a finding's
    message is masked so as well, ``_Context.add``); how many values changed."""
    values = [v for (v,) in con.execute(f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL").fetchall()
              if isinstance(v, str)]
    quoted = (table, column) == ("submission_findings", "value")  # as ``_Context.add`` shows a value
    changed = {v: m for v in values
               if (m := MASK if quoted and _quoted_personal(v) else _mask_personal(v, names=True)) != v}
    key = KEYED.get(column)
    for before, after in changed.items():
        if key:
            con.execute(f"UPDATE {table} SET {column} = ?, {key} = ? WHERE {column} = ?",
                        [after, fold_key(after), before])
        else:
            con.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", [after, before])
    return len(changed)
