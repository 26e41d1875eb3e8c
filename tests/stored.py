"""Everything a database file holds as text, to assert that a secret is nowhere in it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import duckdb


def stored_text(db: Path) -> tuple[dict[str, str], str]:
    """({table: its rows as text} for every base table, the stored files unzipped as text)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'").fetchall()]
        texts = {t: con.execute(f"SELECT string_agg(CAST(x AS VARCHAR), ' ') FROM {t} x").fetchone()[0] or ""
                 for t in tables}
        files = ""
        for (content,) in con.execute("SELECT content FROM submission_files ORDER BY submission_id").fetchall():
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                files += b"".join(archive.read(n) for n in archive.namelist()).decode("utf-8", "replace")
    finally:
        con.close()
    return texts, files
