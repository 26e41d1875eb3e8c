"""Store a validated return: one transaction per file, every submission kept.

- same bytes again (SHA-256) → nothing changes, and the outcome says so;
- a new file for the same unit and period supersedes the active one, which stays stored;
- ``restore`` makes an earlier submission active again, ``withdraw`` takes one out of the figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from etl.audit import audit
from etl.catalog import Catalog, default_catalog
from etl.db import writing
from etl.errors import NotAllowed, NotFound
from etl.periods import period_from_code
from etl.sanitize import stored_copy
from etl.text import case_key, fold_key, model_key
from etl.validate import ParsedReturn, paused_gc, validate_workbook

LOADED, UNCHANGED, REJECTED = "loaded", "unchanged", "rejected"
STATUS_LABEL = {"active": "Đang dùng", "superseded": "Đã bị thay thế", "withdrawn": "Đã rút"}


@dataclass
class LoadOutcome:
    file_name: str
    status: str  # loaded | unchanged | rejected
    parsed: ParsedReturn
    submission_id: int | None = None
    superseded_id: int | None = None
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.status in (LOADED, UNCHANGED)


def now() -> datetime:
    return datetime.now().replace(microsecond=0)


def sync_catalog(con: duckdb.DuckDBPyConnection, catalog: Catalog) -> None:
    """Mirror the catalogue files into the database (inside the caller's transaction)."""
    con.execute("DELETE FROM units")
    con.executemany(
        "INSERT INTO units (unit_code, unit_name, aliases, valid_from, valid_to, parent_code, successor_code, "
        "current_unit_code, reports, sort_order) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [u.code, u.name, list(u.aliases), u.valid_from, u.valid_to, u.parent_code, u.successor_code,
             catalog.current_unit(u.code), u.reports, order]
            for order, u in enumerate(catalog.units, start=1)
        ],
    )
    con.execute("DELETE FROM indicators")
    con.executemany(
        "INSERT INTO indicators VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [i.year, i.code, i.name, i.short_name, i.kind, i.target, i.direction, i.measure_unit, i.source,
             i.scope, i.aggregate, i.task_group, i.description]
            for i in catalog.indicators
        ],
    )


def init_db(db: Path, catalog: Catalog | None = None) -> None:
    """Create or migrate the database and bring its catalogue up to date (``python -m etl init``):
    a merger added to the catalogue takes effect here, before any new load."""
    with writing(db) as con:
        con.execute("BEGIN TRANSACTION")
        sync_catalog(con, catalog or default_catalog())
        mark_taken_over(con)
        con.execute("COMMIT")


def mark_demo_db(db: Path) -> None:
    """Flag a database as the demo one: the app shows a banner, real loads warn."""
    with writing(db) as con:
        con.execute("INSERT OR REPLACE INTO meta VALUES ('demo', '1')")


def is_demo_db(db: Path) -> bool:
    from etl.db import reading

    if not Path(db).exists():
        return False
    with reading(db) as con:
        try:
            row = con.execute("SELECT value FROM meta WHERE key = 'demo'").fetchone()
        except duckdb.CatalogException:
            return False
    return bool(row and row[0] == "1")


def load_bytes(
    db: Path,
    data: bytes,
    file_name: str,
    user: str,
    catalog: Catalog | None = None,
    today: date | None = None,
    parsed: ParsedReturn | None = None,
) -> LoadOutcome:
    """Validate (unless ``parsed`` is given for these bytes) and store one file atomically."""
    catalog = catalog or default_catalog()
    with paused_gc():
        parsed = parsed or validate_workbook(data, file_name, catalog=catalog, today=today)
        if not parsed.ok:
            with writing(db) as con:
                audit(con, user, "reject", file_name, {"errors": len(parsed.errors), "sha256": parsed.sha256}, ok=False)
            return LoadOutcome(file_name, REJECTED, parsed, message=f"Không nạp: {len(parsed.errors)} lỗi.")
        prepared = _prepare(parsed, data, file_name)  # sanitising the stored copy needs no database: done before the lock
        with writing(db) as con:
            return _store_all(con, [prepared], user, catalog)[0]


def store_parsed(
    db: Path,
    items: Iterable[tuple[ParsedReturn, bytes]],
    user: str,
    catalog: Catalog | None = None,
) -> list[LoadOutcome]:
    """Store many already-validated returns (``(parsed, bytes)``, in upload order) through one
    connection and one transaction: all of them or none. The same code as ``load_bytes`` (same
    rows, same supersede rule, same outcomes and audit entries); the catalogue is mirrored once.
    For bulk loads (``bench/make_scale.py``); ``items`` may be a generator."""
    catalog = catalog or default_catalog()
    with writing(db) as con:
        return _store_all(con, (_prepare(parsed, data, parsed.file_name) for parsed, data in items), user, catalog)


@dataclass
class _Prepared:
    parsed: ParsedReturn
    file_name: str  # as uploaded (load_bytes may be given a name other than the one validated)
    content: bytes  # the stored copy (personal data removed)
    stored_name: str
    sanitized: bool
    tables: dict[str, pa.Table]


def _prepare(parsed: ParsedReturn, data: bytes, file_name: str) -> _Prepared:
    if not parsed.ok or parsed.period is None or parsed.unit_code is None:
        raise ValueError(f"{file_name}: only a valid return can be stored")
    content, stored_name, sanitized = stored_copy(data, parsed)
    return _Prepared(parsed, file_name, content, stored_name, sanitized, _tables(parsed))


def _store_all(con: duckdb.DuckDBPyConnection, prepared: Iterable[_Prepared], user: str,
               catalog: Catalog) -> list[LoadOutcome]:
    """Store each return in turn; the transaction opens at the first one that is not already stored."""
    outcomes: list[LoadOutcome] = []
    in_transaction = False
    stale: set[str] = set()  # units whose current state is recomputed in full before the commit
    stored: set[str] = set()  # units with a return stored in this transaction
    try:
        for item in prepared:
            unchanged = _unchanged(con, item, user)
            if unchanged is not None:
                outcomes.append(unchanged)
                continue
            if not in_transaction:
                con.execute("BEGIN TRANSACTION")
                in_transaction = True
                sync_catalog(con, catalog)
            outcome = _store(con, item, user)
            outcomes.append(outcome)
            unit = outcome.parsed.unit_code
            # A second return of a unit in one transaction (a bulk load of its history) makes one
            # recomputation at the end cheaper than advancing the current state return by return.
            if unit not in stored and outcome.superseded_id is None and _newest(con, outcome.submission_id):
                _advance_current(con, item, outcome.submission_id)
            else:
                stale.add(unit)
            stored.add(unit)
        if in_transaction:
            if stale:
                refresh_current(con, stale)  # marks what successors took over, too
            else:
                mark_taken_over(con)
            con.execute("COMMIT")
    except Exception:
        if in_transaction:
            con.execute("ROLLBACK")
        raise
    return outcomes


def _unchanged(con: duckdb.DuckDBPyConnection, item: _Prepared, user: str) -> LoadOutcome | None:
    """The outcome for bytes stored before (same SHA-256), with its audit entry; else None."""
    parsed = item.parsed
    existing = con.execute(
        "SELECT s.submission_id, s.status, coalesce(u.unit_name, s.unit_code), s.period_code FROM submissions s "
        "LEFT JOIN units u ON u.unit_code = s.unit_code WHERE s.file_sha256 = ? ORDER BY s.submission_id LIMIT 1",
        [parsed.sha256],
    ).fetchone()
    if not existing:
        return None
    sid, status, unit, period = existing
    period = period_from_code(period).label  # 'Văn phòng Sở kỳ Quý I/2025', as the other messages say it
    audit(con, user, "load_unchanged", item.file_name, {"submission_id": sid})
    return LoadOutcome(
        item.file_name, UNCHANGED, parsed, submission_id=sid,
        message=f"Tệp này đã được nạp trước đó (mã nộp {sid}, {unit} kỳ {period}, trạng thái: "
                f"{STATUS_LABEL.get(status, status)}); không có gì thay đổi."
                + ("" if status == "active" else
                   f" Để số liệu của tệp này được dùng lại, hãy khôi phục lần nộp {sid} ở trang Lịch sử nộp "
                   f"(hoặc: python -m etl restore {sid})."),
    )


def _store(con: duckdb.DuckDBPyConnection, item: _Prepared, user: str) -> LoadOutcome:
    """One return, inside the caller's transaction: supersede the active one, insert everything."""
    parsed, file_name = item.parsed, item.file_name
    assert parsed.period is not None and parsed.unit_code is not None
    previous = con.execute(
        "SELECT submission_id FROM submissions WHERE unit_code = ? AND period_code = ? AND status = 'active'",
        [parsed.unit_code, parsed.period.code],
    ).fetchall()
    at = now()
    if previous:
        con.execute(
            "UPDATE submissions SET status = 'superseded', status_changed_at = ?, status_changed_by = ? "
            "WHERE unit_code = ? AND period_code = ? AND status = 'active'",
            [at, user, parsed.unit_code, parsed.period.code],
        )
    sid = con.execute(
        """INSERT INTO submissions (unit_code, period_code, period_kind, year, period_start, period_end,
               file_name, file_sha256, file_size, file_format, uploaded_by, uploaded_at, status,
               reporter, report_date, n_warnings, dropped_columns)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?) RETURNING submission_id""",
        [parsed.unit_code, parsed.period.code, parsed.period.kind, parsed.period.year,
         parsed.period.start, parsed.period.end, file_name, parsed.sha256, parsed.size, parsed.format,
         user, at, parsed.info.get("reporter"), parsed.info.get("report_date"), len(parsed.warnings),
         [header for _, header in parsed.dropped_columns]],
    ).fetchone()[0]
    con.execute(
        "INSERT INTO submission_files VALUES (?, ?, ?, ?)", [sid, item.stored_name, item.content, item.sanitized]
    )
    if parsed.warnings:
        con.executemany(
            "INSERT INTO submission_findings VALUES (?, ?, ?, ?, ?, ?)",
            [[sid, f.severity, f.rule, f.location, f.value, f.message] for f in parsed.warnings],
        )
    for table, rows in item.tables.items():
        if rows.num_rows:
            con.register("incoming", rows)
            con.execute(f"INSERT INTO {table} BY NAME SELECT ?::INTEGER AS submission_id, * FROM incoming",
                        [sid])  # table names are ours
            con.unregister("incoming")
    audit(con, user, "load", file_name, {
        "submission_id": sid, "unit": parsed.unit_code, "period": parsed.period.code,
        "superseded": [p[0] for p in previous], "rows": parsed.counts(),
        "dropped_columns": [header for _, header in parsed.dropped_columns],
    })
    superseded = previous[0][0] if previous else None
    message = f"Đã nạp: mã nộp {sid}, {parsed.unit_name} kỳ {parsed.period.label}"
    if superseded:
        message += f" (thay thế lần nộp {superseded})"
    return LoadOutcome(file_name, LOADED, parsed, submission_id=sid, superseded_id=superseded, message=message + ".")


def load_file(db: Path, path: Path, user: str, **kwargs) -> LoadOutcome:
    return load_bytes(db, Path(path).read_bytes(), Path(path).name, user, **kwargs)


_BOOL = {"co": True, "khong": False}


def _frames(parsed: ParsedReturn) -> dict[str, pd.DataFrame]:
    """Typed rows → one DataFrame per table, columns named as in the database (for ``etl.compare``)."""
    return {table: pd.DataFrame(columns) for table, columns in _columns(parsed).items()}


def _tables(parsed: ParsedReturn) -> dict[str, pa.Table]:
    """Typed rows → one Arrow table per database table: what the loader inserts. DuckDB reads
    Arrow columns directly, where a DataFrame of Python objects costs a conversion per value."""
    return {table: pa.table(columns) for table, columns in _columns(parsed).items()}


_PETITION_KEYS = ("_row", "petition_ref", "ref_key", "received_date", "kind", "field", "source", "within_competence",
                  "attempt", "complexity", "remote_area", "accepted_date", "extension_days", "due_date_given",
                  "due_date", "due_rule", "due_basis", "resolved_date", "status", "result", "summary", "note")
_RECEPTION_KEYS = ("_row", "session_date", "form", "host_role", "on_schedule", "visits", "people", "cases",
                   "delegations", "note")
_MODEL_KEYS = ("_row", "model_name", "model_type", "field", "registered_date", "start_date", "end_date", "status",
               "recognition_level", "decision_no", "highlights")
_TRAINING_KEYS = ("_row", "course_name", "course_date", "topic", "assigned", "attended")
_DISSEMINATION_KEYS = ("_row", "content", "activity_date", "form", "participants")
_INDICATOR_KEYS = ("_row", "indicator_code", "indicator_kind", "direction", "plan", "actual", "actual_label",
                   "denominator", "note")


def _columns(parsed: ParsedReturn) -> dict[str, dict[str, list[object]]]:
    """Typed rows → per database table, its columns (named as in the database) as lists.

    Built column by column, not row dict by row dict (a sheet the validator holds as columns is
    stored from them, without building its row dicts). A table without rows has no columns.
    """
    take = parsed._columns_of
    tables: dict[str, dict[str, list[object]]] = {}
    p = take("petitions", _PETITION_KEYS)
    tables["petition_rows"] = p and {
        "excel_row": p["_row"], "petition_ref": p["petition_ref"],
        # ref_key is set by the validator; rows built elsewhere (bench/make_scale.py) may lack it
        "ref_key": [key or case_key(ref) for key, ref in zip(p["ref_key"], p["petition_ref"])],
        "received_date": p["received_date"], "kind": p["kind"], "field": p["field"], "source": p["source"],
        "within_competence": [_BOOL.get(v, True) for v in p["within_competence"]],
        "attempt": [int(v or 1) for v in p["attempt"]],
        "complexity": [v or "binh_thuong" for v in p["complexity"]],
        "remote_area": [_BOOL.get(v, False) for v in p["remote_area"]],
        "accepted_date": p["accepted_date"], "extension_days": p["extension_days"],
        "due_date_given": p["due_date_given"], "due_date": p["due_date"], "due_rule": p["due_rule"],
        "due_basis": p["due_basis"], "resolved_date": p["resolved_date"], "status": p["status"],
        "result": p["result"], "summary": p["summary"], "note": p["note"],
    }
    r = take("reception", _RECEPTION_KEYS)
    tables["reception_rows"] = r and {
        "excel_row": r["_row"], "session_date": r["session_date"], "form": r["form"], "host_role": r["host_role"],
        "on_schedule": [_BOOL.get(v, False) for v in r["on_schedule"]], "visits": r["visits"],
        "people": r["people"], "cases": [v or 0 for v in r["cases"]],
        "delegations": [v or 0 for v in r["delegations"]], "note": r["note"],
    }
    m = take("models", _MODEL_KEYS)
    tables["model_rows"] = m and {
        "excel_row": m["_row"], "model_name": m["model_name"], "model_key": list(map(model_key, m["model_name"])),
        "model_type": [v or "mo_hinh" for v in m["model_type"]], "field": m["field"],
        "registered_date": m["registered_date"], "start_date": m["start_date"], "end_date": m["end_date"],
        "status": m["status"], "recognition_level": m["recognition_level"], "decision_no": m["decision_no"],
        "highlights": m["highlights"],
    }
    t = take("training", _TRAINING_KEYS)
    tables["training_rows"] = t and {
        "excel_row": t["_row"], "course_name": t["course_name"], "course_key": list(map(fold_key, t["course_name"])),
        "course_date": t["course_date"], "topic": t["topic"], "assigned": t["assigned"], "attended": t["attended"],
    }
    d = take("dissemination", _DISSEMINATION_KEYS)
    tables["dissemination_rows"] = d and {
        "excel_row": d["_row"], "content": d["content"], "content_key": list(map(fold_key, d["content"])),
        "activity_date": d["activity_date"], "form": d["form"], "participants": d["participants"],
    }
    i = take("indicators", _INDICATOR_KEYS)
    tables["indicator_rows"] = i and {
        "excel_row": i["_row"], "indicator_code": i["indicator_code"], "kind": i["indicator_kind"],
        "direction": [v or ">=" for v in i["direction"]], "plan": i["plan"],
        "actual": [float(v) for v in i["actual"]], "actual_label": i["actual_label"],
        "denominator": i["denominator"], "note": i["note"],
    }
    return tables


# Current state (contract §2), kept in tables that the public views read (migration 003): per
# entity key, the row of the active submission with the latest period end (ties: the later upload).
_CURRENT = (
    ("current_petitions", "petition_rows", ("ref_key",)),
    ("current_reception", "reception_rows", ("session_date", "form", "host_role")),
    ("current_models", "model_rows", ("model_key",)),
    ("current_training", "training_rows", ("course_date", "course_key")),
    ("current_dissemination", "dissemination_rows", ("activity_date", "content_key")),
)


def refresh_current(con: duckdb.DuckDBPyConnection, units: Iterable[str] | None = None) -> None:
    """Recompute the current-state tables for ``units`` (every unit when None), inside the caller's
    transaction. Every write to ``submissions`` or the ``*_rows`` tables must end with it."""
    codes = None if units is None else sorted(set(units))
    if codes == []:
        return
    only = "" if codes is None else "WHERE unit_code IN (SELECT unnest(?::VARCHAR[]))"
    params = [] if codes is None else [codes]
    for table, rows, key in _CURRENT:  # table and column names are ours
        con.execute(f"DELETE FROM {table} {only}", params)
        con.execute(f"""
            INSERT INTO {table} BY NAME
            SELECT s.unit_code, s.period_code AS last_period_code, s.submission_id, r.* EXCLUDE (submission_id)
            FROM {rows} r JOIN (SELECT * FROM submissions {only}) s USING (submission_id)
            WHERE s.status = 'active'
            QUALIFY row_number() OVER (
                PARTITION BY s.unit_code, {", ".join(f"r.{k}" for k in key)}
                ORDER BY s.period_end DESC, s.uploaded_at DESC, s.submission_id DESC) = 1""", params)
    mark_taken_over(con)


# Beyond its key, what must also match for a successor unit's row to be a predecessor's entity: a
# case number is the unit's own, so a new unit's "01/2025" is its case unless it has the same day.
_TAKEN_OVER_ALSO = {"current_petitions": ("received_date",)}


def mark_taken_over(con: duckdb.DuckDBPyConnection) -> None:
    """Mark, in every current-state table, the rows that a unit's successor (directly or through a
    chain of mergers, ``units.successor_code``) repeats with a newer row: one entity, counted once
    (under the unit that reported it last). Units that merged into the same successor are never
    matched with each other. Inside the caller's transaction, after the current rows are set."""
    con.execute("""
        CREATE OR REPLACE TEMP TABLE _merged_into AS
        WITH RECURSIVE chain(unit_code, later) AS (
            SELECT unit_code, successor_code FROM units WHERE successor_code IS NOT NULL
            UNION
            SELECT c.unit_code, u.successor_code FROM chain c JOIN units u ON u.unit_code = c.later
            WHERE u.successor_code IS NOT NULL)
        SELECT unit_code AS earlier, later FROM chain WHERE later <> unit_code""")
    pairs = con.execute("SELECT count(*) FROM _merged_into").fetchone()[0]
    for table, _, key in _CURRENT:  # table and column names are ours
        con.execute(f"UPDATE {table} SET taken_over = FALSE WHERE taken_over")
        if not pairs:
            continue
        match = " AND ".join(f"o.{k} IS NOT DISTINCT FROM c.{k}" for k in (*key, *_TAKEN_OVER_ALSO.get(table, ())))
        same_key = " AND ".join(f"t.{k} IS NOT DISTINCT FROM x.{k}" for k in key)
        con.execute(f"""
            UPDATE {table} x SET taken_over = TRUE FROM (
                SELECT DISTINCT c.unit_code, {", ".join(f"c.{k}" for k in key)}
                FROM _merged_into m
                JOIN {table} c ON c.unit_code IN (m.earlier, m.later)
                JOIN {table} o ON o.unit_code = CASE WHEN c.unit_code = m.earlier THEN m.later ELSE m.earlier END
                                  AND {match}
                JOIN submissions cs ON cs.submission_id = c.submission_id
                JOIN submissions os ON os.submission_id = o.submission_id
                WHERE os.period_end > cs.period_end
                   OR (os.period_end = cs.period_end AND (os.uploaded_at > cs.uploaded_at
                       OR (os.uploaded_at = cs.uploaded_at AND os.submission_id > cs.submission_id)))
            ) t WHERE t.unit_code = x.unit_code AND {same_key}""")
    con.execute("DROP TABLE _merged_into")


def _newest(con: duckdb.DuckDBPyConnection, submission_id: int) -> bool:
    """Whether this (just stored) submission comes first in its unit's "newest state" order: no
    other active submission of the unit has a later period end, or the same one and a later upload
    (then a higher id). Its rows then win for every key they hold, whatever the unit stored before."""
    ahead = con.execute(
        """SELECT count(*) FROM submissions o JOIN submissions n ON o.unit_code = n.unit_code
           WHERE n.submission_id = ? AND o.status = 'active' AND o.submission_id <> n.submission_id
             AND (o.period_end > n.period_end
                  OR (o.period_end = n.period_end AND (o.uploaded_at > n.uploaded_at
                      OR (o.uploaded_at = n.uploaded_at AND o.submission_id > n.submission_id))))""",
        [submission_id],
    ).fetchall()[0][0]
    return ahead == 0


def _advance_current(con: duckdb.DuckDBPyConnection, item: _Prepared, submission_id: int) -> None:
    """The current state after storing a submission that is the newest of its unit (``_newest``)
    and replaced none: its rows take the place of the current rows with the same keys, every other
    current row stays. The same result as ``refresh_current`` for the unit, without reading back
    every row the unit has stored (for a 100,000-case return: one insert from the incoming rows
    instead of a window over all of them)."""
    parsed = item.parsed
    assert parsed.period is not None
    for table, rows_table, key in _CURRENT:  # table and column names are ours
        incoming = item.tables[rows_table]
        if not incoming.num_rows:
            continue
        con.register("incoming", incoming)
        try:
            same_key = " AND ".join(f"c.{k} IS NOT DISTINCT FROM i.{k}" for k in key)
            con.execute(f"DELETE FROM {table} c USING incoming i WHERE c.unit_code = ? AND {same_key}",
                        [parsed.unit_code])
            unique = incoming.group_by(list(key)).aggregate([]).num_rows == incoming.num_rows
            once = "" if unique else f"QUALIFY row_number() OVER (PARTITION BY {', '.join(key)}) = 1"
            con.execute(f"""
                INSERT INTO {table} BY NAME
                SELECT ?::VARCHAR AS unit_code, ?::VARCHAR AS last_period_code, ?::INTEGER AS submission_id, *
                FROM incoming {once}""", [parsed.unit_code, parsed.period.code, submission_id])
        finally:
            con.unregister("incoming")


def set_status(db: Path, submission_id: int, new_status: str, user: str) -> str:
    """Restore (→ active, superseding whatever is active for that unit and period) or withdraw."""
    with writing(db) as con:
        row = con.execute(
            "SELECT s.unit_code, s.period_code, s.status, coalesce(u.unit_name, s.unit_code) FROM submissions s "
            "LEFT JOIN units u USING (unit_code) WHERE s.submission_id = ?", [submission_id]
        ).fetchone()
        if row is None:
            raise NotFound(f"Không có lần nộp mã {submission_id}. Hãy xem danh sách ở trang Lịch sử nộp.")
        unit, period, status, unit_name = row
        if status == new_status:
            raise NotAllowed(
                f"Lần nộp {submission_id} đã ở trạng thái '{STATUS_LABEL[status]}'; không có gì thay đổi."
            )
        at = now()
        con.execute("BEGIN TRANSACTION")
        try:
            replaced = []
            if new_status == "active":
                replaced = [r[0] for r in con.execute(
                    "UPDATE submissions SET status = 'superseded', status_changed_at = ?, status_changed_by = ? "
                    "WHERE unit_code = ? AND period_code = ? AND status = 'active' RETURNING submission_id",
                    [at, user, unit, period],
                ).fetchall()]
            con.execute(
                "UPDATE submissions SET status = ?, status_changed_at = ?, status_changed_by = ? WHERE submission_id = ?",
                [new_status, at, user, submission_id],
            )
            refresh_current(con, [unit])
            audit(con, user, "restore" if new_status == "active" else "withdraw", str(submission_id),
                  {"unit": unit, "period": period, "previous_status": status,
                   **({"superseded": replaced} if replaced else {})})  # as a load names what it replaced
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    verb = "Đã khôi phục" if new_status == "active" else "Đã rút"
    done = f"{verb} lần nộp {submission_id} ({unit_name}, kỳ {period_from_code(period).label})"
    if replaced:
        done += f", thay thế lần nộp {', '.join(map(str, sorted(replaced)))}"
    return done + "."


def restore(db: Path, submission_id: int, user: str) -> str:
    return set_status(db, submission_id, "active", user)


def withdraw(db: Path, submission_id: int, user: str) -> str:
    return set_status(db, submission_id, "withdrawn", user)
