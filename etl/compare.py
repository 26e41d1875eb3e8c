"""What a return would change: each case, model, reception session and indicator value of a file
compared with the unit's current stored state (the public views), before anything is loaded.

Keys are those of contract §2: a case by Số hiệu đơn (folded), a model by its normalised name, a
session by (Ngày tiếp, Hình thức, Người chủ trì), an indicator value by its code within the same
period. The file's rows are put in their stored form by the loader's own conversion, so "không
đổi" here means exactly "the view would show the same values".

``outranked`` rows differ from the stored state but that state comes from a return of a later
period, which keeps precedence (contract §2): loading this file will not change them.
``dropped`` lists what the submission being replaced (same unit and period) brought and this file
no longer has: after loading, those rows fall back to an earlier period's return, or disappear.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from etl.catalog import Catalog, default_catalog
from etl.cells import format_date
from etl.db import reading
from etl.findings import show_value
from etl.load import _frames
from etl.text import case_key, fold
from etl.validate import ParsedReturn

NEW, CHANGED, UNCHANGED, OUTRANKED, DROPPED = "new", "changed", "unchanged", "outranked", "dropped"
STATUS_LABEL = {
    NEW: "Mới",
    CHANGED: "Thay đổi",
    UNCHANGED: "Không đổi",
    OUTRANKED: "Kỳ sau đã cập nhật",
    DROPPED: "Không còn trong tệp",
}
KIND_LABEL = {
    "petitions": "Đơn thư",
    "models": "Dân vận khéo",
    "reception": "Tiếp công dân",
    "indicators": "Chỉ tiêu",
}
KEY_LABEL = {  # the columns a row is recognised by (contract §2)
    "petitions": "Số hiệu đơn",
    "models": "Tên mô hình",
    "reception": "Ngày tiếp, Hình thức, Người chủ trì",
    "indicators": "Mã chỉ tiêu",
}
EMPTY = "(trống)"


@dataclass(frozen=True)
class _Field:
    frame: str  # column of the loader's frame
    view: str  # column of the public view
    label: str  # Vietnamese, as in the workbook
    choices: str | None = None  # choice list whose labels show the value
    flag: bool = False  # a Có/Không stored as BOOLEAN


def _fields(*specs: tuple) -> tuple[_Field, ...]:
    out = []
    for spec in specs:
        name, label, *rest = spec
        choices = rest[0] if rest and isinstance(rest[0], str) else None
        flag = bool(rest and rest[0] is bool)
        out.append(_Field(name, name, label, choices, flag))
    return tuple(out)


PETITION_FIELDS = _fields(
    ("received_date", "Ngày nhận"), ("kind", "Loại đơn", "petition_kind"), ("field", "Lĩnh vực"),
    ("source", "Nguồn đơn", "petition_source"), ("within_competence", "Thuộc thẩm quyền", bool),
    ("attempt", "Lần giải quyết", "attempt"), ("complexity", "Mức độ phức tạp", "complexity"),
    ("remote_area", "Vùng sâu vùng xa", bool), ("accepted_date", "Ngày thụ lý"),
    ("extension_days", "Gia hạn (ngày)"), ("due_date", "Hạn giải quyết"), ("resolved_date", "Ngày giải quyết"),
    ("status", "Trạng thái", "petition_status"), ("result", "Kết quả", "petition_result"),
    ("summary", "Nội dung tóm tắt"), ("note", "Ghi chú"),
)
MODEL_FIELDS = _fields(
    ("model_name", "Tên mô hình"), ("model_type", "Loại", "model_type"), ("field", "Lĩnh vực", "model_field"),
    ("registered_date", "Ngày đăng ký"), ("start_date", "Ngày bắt đầu"), ("end_date", "Ngày kết thúc"),
    ("status", "Trạng thái", "model_status"), ("recognition_level", "Cấp công nhận", "recognition_level"),
    ("decision_no", "Số quyết định khen thưởng"), ("highlights", "Kết quả nổi bật"),
)
RECEPTION_FIELDS = _fields(
    ("on_schedule", "Theo lịch", bool), ("visits", "Số lượt"), ("people", "Số người"), ("cases", "Số vụ việc"),
    ("delegations", "Số đoàn đông người"), ("note", "Ghi chú"),
)
INDICATOR_FIELDS = (
    _Field("plan", "target", "Kế hoạch"),
    _Field("actual", "actual", "Thực hiện"),
    _Field("denominator", "denominator", "Tổng số"),
)


@dataclass(frozen=True)
class Change:
    field: str  # Vietnamese column label
    before: str  # as shown: dd/mm/yyyy, Có/Không, choice labels, vi-VN numbers
    after: str


@dataclass(frozen=True)
class Item:
    kind: str  # petitions | models | reception | indicators
    key: str  # what the office recognises: "VP-01", a model's name, "15/01/2025 · Định kỳ · Giám đốc Sở"
    status: str  # new | changed | unchanged | outranked | dropped
    changes: tuple[Change, ...] = ()
    row: int | None = None  # Excel row in the file (None for a dropped row)
    note: str = ""  # what the office should know about a new row (a stored one of the same name but its marks)


@dataclass(frozen=True)
class StoredSubmission:
    submission_id: int
    file_name: str
    uploaded_by: str
    uploaded_at: datetime
    status: str


@dataclass
class Comparison:
    unit_code: str | None
    period_code: str | None
    items: list[Item] = field(default_factory=list)
    replaces: StoredSubmission | None = None  # the active submission for the same unit and period
    already_loaded: StoredSubmission | None = None  # a submission with the very same bytes
    unkeyed: dict[str, int] = field(default_factory=dict)  # {kind: rows of the file without a readable key}

    def unkeyed_text(self) -> str | None:
        """'8 dòng Tiếp công dân (thiếu hoặc sai Ngày tiếp, Hình thức, Người chủ trì)': the file's rows
        left out of the comparison because their key could not be read (only an invalid file has them)."""
        parts = [f"{n} dòng {KIND_LABEL[kind]} (thiếu hoặc sai {KEY_LABEL[kind]})"
                 for kind, n in self.unkeyed.items() if n]
        return "; ".join(parts) or None

    @property
    def comparable(self) -> bool:
        """False when the file names no known unit: there is nothing to compare with."""
        return self.unit_code is not None

    def counts(self) -> dict[str, dict[str, int]]:
        """{kind: {status: n}} for every kind and status (zeros included)."""
        out = {kind: dict.fromkeys(STATUS_LABEL, 0) for kind in KIND_LABEL}
        for item in self.items:
            out[item.kind][item.status] += 1
        return out

    def look_alikes(self) -> list[Item]:
        """New rows named like a stored one but for the diacritics ('Dan van kheo …' beside 'Dân vận
        khéo …'): two entities once loaded, each counted, unless the name is written as before."""
        return [item for item in self.items if item.note]

    def summary_rows(self) -> list[dict[str, object]]:
        """One row per kind, Vietnamese headers, for the preview table."""
        return [
            {"Mục": KIND_LABEL[kind], **{STATUS_LABEL[s]: n for s, n in by_status.items()}}
            for kind, by_status in self.counts().items()
        ]

    def change_rows(self) -> list[dict[str, object]]:
        """Every new, changed and dropped row, with what changed (unchanged rows are left out)."""
        rows = []
        for item in self.items:
            if item.status == UNCHANGED:
                continue
            what = "; ".join(f"{c.field}: {c.before} → {c.after}" for c in item.changes) or item.note
            rows.append({
                "Mục": KIND_LABEL[item.kind], "Dòng": item.row, "Khoá": item.key,
                "So với dữ liệu đang lưu": STATUS_LABEL[item.status], "Chi tiết": what,
            })
        return rows


def compare(db: Path, parsed: ParsedReturn, catalog: Catalog | None = None) -> Comparison:
    """Compare a validated (or not) return with what the database shows for its unit today."""
    catalog = catalog or default_catalog()
    period_code = parsed.period.code if parsed.period else None
    result = Comparison(parsed.unit_code, period_code)
    if parsed.unit_code is None:
        return result
    frames = {name: frame.to_dict("records") for name, frame in _frames(parsed).items()}
    stored = _stored(Path(db), parsed.unit_code, period_code, parsed.sha256)
    result.replaces = stored["replaces"]
    result.already_loaded = stored["already_loaded"]
    replaced_id = result.replaces.submission_id if result.replaces else None
    shows = _Shower(catalog)
    file_end = parsed.period.end if parsed.period else None

    def host_key(row: dict) -> tuple | None:
        day, form, host = _plain(row.get("session_date")), _plain(row.get("form")), _plain(row.get("host_role"))
        return (day, form, host) if day and form and host else None

    def session_name(key: tuple) -> str:
        day, form, host = key
        return f"{format_date(day)} · {shows.value(form, 'reception_form')} · {shows.value(host, 'host_role')}"

    keys = {  # how a row is recognised, in the file and in the database alike
        "petitions": lambda r: case_key(_plain(r["petition_ref"])) or None,
        "models": lambda r: _plain(r["model_key"]),
        "reception": host_key,
        "indicators": lambda r: _plain(r["indicator_code"]),
    }
    rows = {"petitions": frames["petition_rows"], "models": frames["model_rows"],
            "reception": frames["reception_rows"], "indicators": frames["indicator_rows"]}
    result.unkeyed = {kind: sum(1 for r in rows[kind] if key(r) is None) for kind, key in keys.items()}
    result.items += _diff(
        "petitions", rows["petitions"], stored["petitions"], PETITION_FIELDS,
        file_key=keys["petitions"], stored_key=keys["petitions"],
        name=lambda r: str(r["petition_ref"]), replaced_id=replaced_id, shows=shows, file_end=file_end,
    )
    result.items += _diff(
        "models", rows["models"], stored["models"], MODEL_FIELDS,
        file_key=keys["models"], stored_key=keys["models"],
        name=lambda r: str(r["model_name"]), replaced_id=replaced_id, shows=shows, file_end=file_end,
    )
    result.items += _diff(
        "reception", rows["reception"], stored["reception"], RECEPTION_FIELDS,
        file_key=keys["reception"], stored_key=keys["reception"],
        name=lambda r: session_name(host_key(r)), replaced_id=replaced_id, shows=shows, file_end=file_end,
    )
    result.items = _look_alikes(result.items, rows["models"], stored["models"], keys["models"])
    derived = {i.code for i in catalog.indicators_for(parsed.period.year) if i.derived} if parsed.period else set()
    result.items += _diff(
        "indicators", rows["indicators"],
        [r for r in stored["indicators"] if r["indicator_code"] not in derived], INDICATOR_FIELDS,
        file_key=keys["indicators"], stored_key=keys["indicators"],
        name=lambda r: str(r["indicator_code"]), replaced_id=replaced_id, shows=shows, file_end=file_end,
        labels=("actual_label", "actual_label"),
    )
    return result


def _look_alikes(items: list[Item], file_rows: list[dict], stored_rows: list[dict],
                 key: Callable[[dict], object]) -> list[Item]:
    """Each new model whose name is a stored model's but for its diacritics (typed on a keyboard
    without Vietnamese), that model not in the file: noted, for the office to check. A model's key
    keeps its marks (contract §2): 'Đường' and 'Dương' may be two models."""
    in_file = {key(r) for r in file_rows}
    stored = {fold(str(key(r))): str(r["model_name"]) for r in stored_rows
              if key(r) is not None and key(r) not in in_file}
    if not stored:
        return items
    by_row = {_plain(r.get("excel_row")): r for r in file_rows}
    noted = []
    for item in items:
        row = by_row.get(item.row) if item.kind == "models" and item.status == NEW else None
        before = stored.get(fold(str(key(row)))) if row is not None and key(row) is not None else None
        if before is not None:
            item = replace(item, note=(
                f"Tên giống mô hình đã lưu '{before}' nhưng khác dấu: nếu là một mô hình, hãy ghi tên như lần "
                "trước, nếu không sẽ thành hai mô hình."))
        noted.append(item)
    return noted


# -- the stored side ---------------------------------------------------------------------------


def _stored(db: Path, unit: str, period_code: str | None, sha256: str) -> dict[str, object]:
    empty: dict[str, object] = {
        "petitions": [], "models": [], "reception": [], "indicators": [], "replaces": None, "already_loaded": None,
    }
    if not db.exists():
        return empty

    def fetch(con, sql: str, params: list) -> list[dict]:
        cursor = con.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def cols(fields: Iterable[_Field]) -> str:
        return ", ".join(f"v.{f.view}" for f in fields)

    # where each current row comes from: its submission and that submission's period end
    source = "v.submission_id, s.period_end AS source_end"
    joined = "JOIN v_submissions s USING (submission_id) WHERE v.unit_code = ?"

    submission_cols = "submission_id, file_name, uploaded_by, uploaded_at, status"
    with reading(db) as con:
        out = dict(empty)
        out["petitions"] = fetch(
            con, f"SELECT petition_ref, {cols(PETITION_FIELDS)}, {source} FROM v_petitions v {joined}", [unit])
        out["models"] = fetch(
            con, f"SELECT model_key, {cols(MODEL_FIELDS)}, {source} FROM v_models v {joined}", [unit])
        out["reception"] = fetch(
            con, f"SELECT session_date, form, host_role, {cols(RECEPTION_FIELDS)}, {source} "
                 f"FROM v_reception_sessions v {joined}", [unit])
        if period_code:
            out["indicators"] = fetch(
                con, f"SELECT indicator_code, {cols(INDICATOR_FIELDS)}, actual_label, {source} "
                     f"FROM v_indicator_values v {joined} AND v.period_code = ?", [unit, period_code])
            active = fetch(
                con, f"SELECT {submission_cols} FROM v_submissions WHERE unit_code = ? AND period_code = ? "
                     "AND is_active ORDER BY uploaded_at DESC, submission_id DESC LIMIT 1", [unit, period_code])
            out["replaces"] = StoredSubmission(**active[0]) if active else None
        same = fetch(con, f"SELECT {submission_cols} FROM v_submissions WHERE file_sha256 = ? "
                          "ORDER BY submission_id LIMIT 1", [sha256])
        out["already_loaded"] = StoredSubmission(**same[0]) if same else None
    return out


# -- comparing ---------------------------------------------------------------------------------


def _plain(value: object) -> object:
    """A frame or database value as a plain Python value (None for every kind of missing)."""
    if value is None or value.__class__.__name__ in ("NAType", "NaTType"):
        return None
    if isinstance(value, datetime):  # also pandas Timestamp
        return value.date()
    if hasattr(value, "item") and not isinstance(value, (str, bytes, date)):
        value = value.item()  # numpy scalars
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return int(value) if value.is_integer() else round(value, 9)
    if isinstance(value, str) and not value.strip():
        return None
    return value


class _Shower:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def value(self, value: object, choices: str | None = None, flag: bool = False, label: object = None) -> str:
        value = _plain(value)
        if value is None:
            return EMPTY
        if label:
            return str(label)
        if flag or isinstance(value, bool):
            return "Có" if value else "Không"
        if choices:
            return self.catalog.choices[choices].label(str(value)) or str(value)
        if isinstance(value, date):
            return format_date(value)
        if isinstance(value, float):
            text = f"{value:,.2f}".rstrip("0").rstrip(".")
            return text.replace(",", " ").replace(".", ",").replace(" ", ".")
        if isinstance(value, int):
            return f"{value:,}".replace(",", ".")
        return show_value(value)


def _diff(
    kind: str,
    file_rows: list[dict],
    stored_rows: list[dict],
    fields: tuple[_Field, ...],
    file_key: Callable[[dict], object],
    stored_key: Callable[[dict], object],
    name: Callable[[dict], str],
    replaced_id: int | None,
    shows: _Shower,
    file_end: date | None,
    labels: tuple[str, str] | None = None,
) -> list[Item]:
    stored = {}
    for row in stored_rows:
        key = stored_key(row)
        if key is not None:
            stored[key] = row
    items: list[Item] = []
    seen: set[object] = set()
    for row in file_rows:
        key = file_key(row)
        if key is None or key in seen:
            continue  # no key (an invalid row) or a repeat the validator already reported
        seen.add(key)
        excel_row = _plain(row.get("excel_row"))
        old = stored.get(key)
        if old is None:
            items.append(Item(kind, name(row), NEW, row=excel_row))
            continue
        changes = []
        for f in fields:
            before, after = _plain(old.get(f.view)), _plain(row.get(f.frame))
            if before != after:
                label_before = old.get(labels[1]) if labels and f.view == "actual" else None
                label_after = row.get(labels[0]) if labels and f.view == "actual" else None
                changes.append(Change(
                    f.label,
                    shows.value(before, f.choices, f.flag, _plain(label_before)),
                    shows.value(after, f.choices, f.flag, _plain(label_after)),
                ))
        status = CHANGED if changes else UNCHANGED
        if changes and file_end is not None and old["source_end"] is not None and old["source_end"] > file_end:
            status = OUTRANKED
        items.append(Item(kind, name(row), status, tuple(changes), excel_row))
    for key, old in stored.items():
        if key not in seen and replaced_id is not None and old.get("submission_id") == replaced_id:
            items.append(Item(kind, name(old), DROPPED))
    return items


# -- what the file holds -------------------------------------------------------------------------


def sheet_rows(parsed: ParsedReturn, catalog: Catalog | None = None) -> list[dict[str, object]]:
    """Rows read per sheet of the return, Vietnamese headers, for the preview table."""
    catalog = catalog or default_catalog()
    counts = parsed.counts()
    out = []
    for spec in catalog.sheets:
        if spec.layout != "table":
            continue
        found = parsed.sheet_names.get(spec.key)
        out.append({
            "Trang": spec.name,
            "Trong tệp": found if found else "(không có)",
            "Số dòng": counts.get(spec.key, 0),
        })
    return out


def rows_summary(parsed: ParsedReturn, catalog: Catalog | None = None) -> str:
    """``Chỉ tiêu: 5 · Đơn thư: 3 · ...`` (sheets with rows only)."""
    parts = [f"{r['Trang']}: {r['Số dòng']}" for r in sheet_rows(parsed, catalog) if r["Số dòng"]]
    return " · ".join(parts) if parts else "không có dòng số liệu nào"
