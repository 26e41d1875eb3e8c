"""The data explorer: filterable rows of the public views, and their export.

Five data sets (petitions, models, reception sessions, indicator values, submissions), each read
from its view with the shared filters (year / period, units) plus the page's: kind, status, a date
range on the data set's own date column, and a text search that ignores case and Vietnamese
diacritics. Everything is filtered in DuckDB with bound parameters; choice codes become their
Vietnamese labels in the query, so the search also finds "khieu nai" in "Khiếu nại".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from dashboard import export as writers
from dashboard import fmt
from dashboard.filters import Filters
from dashboard.queries.common import PAGE_MARK, PAGE_SIZE, Page, run, run_page, scalar, unit_rank
from etl.audit import record
from etl.catalog import default_catalog
from etl.periods import PeriodError, period_from_code
from etl.text import clean

STATUS_LABEL = {"active": "Đang dùng", "superseded": "Đã bị thay thế", "withdrawn": "Đã rút"}
PERIOD_KIND_LABEL = {"month": "Tháng", "quarter": "Quý", "half": "6 tháng", "nine_months": "9 tháng", "year": "Năm"}
ATTAINED_LABEL = {"dat": "Đạt", "khong_dat": "Chưa đạt", "chua_danh_gia": "Không đánh giá theo đơn vị"}  # as the pages say


@dataclass(frozen=True)
class Choice:
    column: str  # the view's column the filter applies to
    label: str  # the filter's Vietnamese name
    options: tuple[tuple[str, str], ...]  # (code, Vietnamese label)


@dataclass(frozen=True)
class Order:
    """Another order the whole data set can be listed and exported in (ORDER BY over the output
    names; ``raw_order`` the same over the view's columns, see ``Dataset.raw_order``). Each ends on
    the data set's key: a total order, so that pages never overlap."""

    key: str
    label: str
    order: str
    raw_order: str | None = None


@dataclass(frozen=True)
class Dataset:
    key: str
    title: str  # Vietnamese, as the page and the export name it
    file_stem: str  # the export's file name
    view: str  # FROM clause (a view, aliased v)
    columns: tuple[tuple[str, str, str], ...]  # (SQL expression or "column:choice list", name, header)
    order: str  # ORDER BY over the output names
    search: tuple[str, ...]  # output names searched
    unit_column: str = "v.current_unit_code"
    date_column: str | None = None  # SQL expression filtered by the date range
    date_label: str = ""
    date_default: bool = True  # the date range starts as the selected period's window
    date_from_start: bool = False  # ... from no start (a register: everything up to the window's end)
    date_note: str = ""  # what the default range leaves out, told under the filters
    kind: Choice | None = None
    status: Choice | None = None
    period: str = "date"  # how the shared year/period applies: date | year
    kinds: tuple[tuple[str, str], ...] = ()  # export cell kinds that the column type cannot tell
    hidden: tuple[tuple[str, str], ...] = ()  # (SQL expression, name): selected, not shown
    scope: str = ""  # what one row is, for the export's first sheet
    # ``order`` over the view's own columns, when it means the same: a page is then cut from the
    # filtered rows before labels and names are computed (for one page, not 100.000 rows)
    raw_order: str | None = None
    order_label: str = ""  # ``order`` in words, for the page's "Sắp xếp" picker and the export
    orders: tuple[Order, ...] = ()  # the other orders offered

    @property
    def headers(self) -> dict[str, str]:
        return {name: header for _, name, header in self.columns}


@dataclass(frozen=True)
class Query:
    """The page's own filters (the shared ones come in ``Filters``)."""

    dataset: str
    kinds: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""
    order: str = ""  # a key of the data set's ``orders``; "" is its own order


def _options(list_name: str) -> tuple[tuple[str, str], ...]:
    return tuple((o.code, o.label) for o in default_catalog().choices[list_name].options)


def _label_case(expr: str, options: tuple[tuple[str, str], ...] | dict[str, str]) -> tuple[str, list[object]]:
    """``CASE expr WHEN ? THEN ? ... ELSE expr END`` with every code and label bound."""
    pairs = list(options.items()) if isinstance(options, dict) else list(options)
    params: list[object] = []
    for code, label in pairs:
        params += [code, label]
    whens = " ".join("WHEN ? THEN ?" for _ in pairs)
    return f"CASE CAST({expr} AS VARCHAR) {whens} ELSE CAST({expr} AS VARCHAR) END", params


def _unit_name() -> str:
    return "(SELECT unit_name FROM v_units u WHERE u.unit_code = v.unit_code)"


# The catalogue's order of units (Văn phòng, Thanh tra, the phòng, then the đơn vị), as the filter
# and every chart list them; a unit outside the catalogue after them, by code.
_UNIT_ORDER = "(SELECT ranked.sort_order FROM v_units ranked WHERE ranked.unit_code = v.unit_code)"
_UNIT_HIDDEN = (_UNIT_ORDER, "unit_order")


def _by_unit(then: str) -> str:
    """ORDER BY over the output names: the units in the catalogue's order, then ``then``."""
    return f"unit_order NULLS LAST, unit_code, {then}"


def _by_unit_raw(then: str) -> str:
    """``_by_unit`` over the view's own columns."""
    return f"{unit_rank('v.unit_code')}, v.unit_code, {then}"


def _datasets() -> dict[str, Dataset]:
    return {
        "petitions": Dataset(
            key="petitions", title="Đơn thư", file_stem="don-thu", view="v_petitions v",
            scope="hiện trạng mới nhất của mỗi đơn, mỗi đơn một dòng",
            columns=(
                ("v.unit_code", "unit_code", "Mã đơn vị"),
                (_unit_name(), "unit_name", "Đơn vị"),
                ("v.petition_ref", "petition_ref", "Số hiệu đơn"),
                ("v.received_date", "received_date", "Ngày nhận"),
                ("kind:petition_kind", "kind", "Loại đơn"),
                ("v.field", "field", "Lĩnh vực"),
                ("source:petition_source", "source", "Nguồn đơn"),
                ("v.within_competence", "within_competence", "Thuộc thẩm quyền"),
                ("attempt:attempt", "attempt", "Lần giải quyết"),
                ("complexity:complexity", "complexity", "Mức độ phức tạp"),
                ("v.remote_area", "remote_area", "Vùng sâu vùng xa"),
                ("v.accepted_date", "accepted_date", "Ngày thụ lý"),
                ("v.extension_days", "extension_days", "Gia hạn (ngày)"),
                ("v.due_date", "due_date", "Hạn giải quyết"),
                ("v.resolved_date", "resolved_date", "Ngày giải quyết"),
                ("status:petition_status", "status", "Trạng thái"),
                ("result:petition_result", "result", "Kết quả"),
                ("v.resolution_days", "resolution_days", "Số ngày giải quyết"),
                ("v.on_time", "on_time", "Đúng hạn"),
                ("v.summary", "summary", "Nội dung tóm tắt"),
                ("v.note", "note", "Ghi chú"),
                ("v.last_period_code", "last_period_code", "Theo báo cáo kỳ"),
            ),
            order="received_date DESC, unit_code, petition_ref",
            raw_order="v.received_date DESC, v.unit_code, v.petition_ref",
            order_label="Ngày nhận, mới trước",
            orders=(
                Order("received", "Ngày nhận, cũ trước", "received_date, unit_code, petition_ref",
                      "v.received_date, v.unit_code, v.petition_ref"),
                Order("due", "Hạn giải quyết, sớm trước", "due_date NULLS LAST, unit_code, petition_ref",
                      "v.due_date NULLS LAST, v.unit_code, v.petition_ref"),
                Order("days", "Số ngày giải quyết, lâu nhất trước",
                      "resolution_days DESC NULLS LAST, unit_code, petition_ref",
                      "v.resolution_days DESC NULLS LAST, v.unit_code, v.petition_ref"),
                Order("unit", "Đơn vị, số hiệu đơn", _by_unit("petition_ref"), _by_unit_raw("v.petition_ref")),
            ),
            search=("unit_code", "unit_name", "petition_ref", "kind", "field", "source", "status", "result",
                    "summary", "note"),
            date_column="v.received_date", date_label="Ngày nhận",
            date_note=("Mặc định là các đơn nhận trong kỳ; đơn kỳ trước chuyển sang (nhận trước kỳ, còn đang giải "
                       "quyết) mà trang Đơn thư tính vào “Tổng số đơn” không có ở đây: hãy xoá ô “Ngày nhận từ” "
                       "để thấy cả các đơn này."),
            kind=Choice("v.kind", "Loại đơn", _options("petition_kind")),
            status=Choice("v.status", "Trạng thái", _options("petition_status")),
        ),
        "models": Dataset(
            key="models", title="Dân vận khéo", file_stem="dan-van-kheo", view="v_models v",
            scope="hiện trạng mới nhất của mỗi mô hình, điển hình, mỗi mô hình một dòng",
            columns=(
                ("v.unit_code", "unit_code", "Mã đơn vị"),
                (_unit_name(), "unit_name", "Đơn vị"),
                ("v.model_name", "model_name", "Tên mô hình"),
                ("model_type:model_type", "model_type", "Loại"),
                ("field:model_field", "field", "Lĩnh vực"),
                ("v.registered_date", "registered_date", "Ngày đăng ký"),
                ("v.start_date", "start_date", "Ngày bắt đầu"),
                ("v.end_date", "end_date", "Ngày kết thúc"),
                ("status:model_status", "status", "Trạng thái"),
                ("recognition_level:recognition_level", "recognition_level", "Cấp công nhận"),
                ("v.decision_no", "decision_no", "Số quyết định khen thưởng"),
                ("v.highlights", "highlights", "Kết quả nổi bật"),
                ("v.last_period_code", "last_period_code", "Theo báo cáo kỳ"),
            ),
            order="registered_date DESC, unit_code, model_name, model_key",
            raw_order="v.registered_date DESC, v.unit_code, v.model_name, v.model_key",
            order_label="Ngày đăng ký, mới trước",
            orders=(
                Order("registered", "Ngày đăng ký, cũ trước", "registered_date, unit_code, model_name, model_key",
                      "v.registered_date, v.unit_code, v.model_name, v.model_key"),
                Order("unit", "Đơn vị, tên mô hình", _by_unit("model_name, model_key"),
                      _by_unit_raw("v.model_name, v.model_key")),
            ),
            hidden=(("v.model_key", "model_key"),),  # one row per (unit, model_key): a total order
            search=("unit_code", "unit_name", "model_name", "model_type", "field", "status", "recognition_level",
                    "decision_no", "highlights"),
            date_column="v.registered_date", date_label="Ngày đăng ký", date_from_start=True,
            kind=Choice("v.model_type", "Loại", _options("model_type")),
            status=Choice("v.status", "Trạng thái", _options("model_status")),
        ),
        "reception": Dataset(
            key="reception", title="Tiếp công dân", file_stem="tiep-cong-dan", view="v_reception_sessions v",
            scope="mỗi buổi tiếp công dân một dòng",
            columns=(
                ("v.unit_code", "unit_code", "Mã đơn vị"),
                (_unit_name(), "unit_name", "Đơn vị"),
                ("v.session_date", "session_date", "Ngày tiếp"),
                ("form:reception_form", "form", "Hình thức"),
                ("host_role:host_role", "host_role", "Người chủ trì"),
                ("v.on_schedule", "on_schedule", "Theo lịch"),
                ("v.visits", "visits", "Số lượt"),
                ("v.people", "people", "Số người"),
                ("v.cases", "cases", "Số vụ việc"),
                ("v.delegations", "delegations", "Số đoàn đông người"),
                ("v.note", "note", "Ghi chú"),
                ("v.last_period_code", "last_period_code", "Theo báo cáo kỳ"),
            ),
            order="session_date DESC, unit_code, form_code, host_code",
            raw_order="v.session_date DESC, v.unit_code, v.form, v.host_role",
            order_label="Ngày tiếp, mới trước",
            orders=(
                Order("date", "Ngày tiếp, cũ trước", "session_date, unit_code, form_code, host_code",
                      "v.session_date, v.unit_code, v.form, v.host_role"),
                Order("unit", "Đơn vị, ngày tiếp", _by_unit("session_date DESC, form_code, host_code"),
                      _by_unit_raw("v.session_date DESC, v.form, v.host_role")),
            ),
            hidden=(("v.form", "form_code"), ("v.host_role", "host_code")),  # the session's key: a total order
            search=("unit_code", "unit_name", "form", "host_role", "note"),
            date_column="v.session_date", date_label="Ngày tiếp",
            kind=Choice("v.form", "Hình thức", _options("reception_form")),
            status=Choice("v.host_role", "Người chủ trì", _options("host_role")),
        ),
        "indicators": Dataset(
            key="indicators", title="Chỉ tiêu", file_stem="chi-tieu",
            scope="kết quả từng chỉ tiêu của từng đơn vị theo từng kỳ báo cáo",
            view="v_indicator_values v LEFT JOIN _indicator_catalog c "
                 "ON c.report_year = v.year AND c.indicator_code = v.indicator_code",
            columns=(
                ("v.unit_code", "unit_code", "Mã đơn vị"),
                (_unit_name(), "unit_name", "Đơn vị"),
                ("v.year", "year", "Năm"),
                ("v.period_code", "period_code", "Kỳ báo cáo"),
                ("v.indicator_code", "indicator_code", "Mã chỉ tiêu"),
                ("c.short_name", "indicator_name", "Chỉ tiêu"),
                ("v.target", "target", "Kế hoạch"),
                ("v.actual", "actual", "Thực hiện"),
                ("v.actual_label", "actual_label", "Thực hiện (bằng chữ)"),
                ("v.denominator", "denominator", "Tổng số"),
                ("v.rate", "rate", "Tỷ lệ (%)"),
                ("attained:attained", "attained", "Đánh giá"),
            ),
            # Quý III and 9 tháng end on the same day: the shorter period first, as the plan's calendar
            order=_by_unit("period_end, period_span, indicator_code"),
            order_label="Đơn vị, kỳ, chỉ tiêu",
            orders=(Order("indicator", "Chỉ tiêu, đơn vị, kỳ",
                          "indicator_code, unit_order NULLS LAST, unit_code, period_end, period_span"),),
            search=("unit_code", "unit_name", "indicator_code", "indicator_name"),
            kind=Choice("v.indicator_code", "Chỉ tiêu", ()),
            status=Choice(_ATTAINED_EXPR, "Đánh giá", tuple(ATTAINED_LABEL.items())),
            period="year",
            kinds=(("year", "id"), ("target", "number"), ("actual", "number"), ("denominator", "number"),
                   ("rate", "number")),
            hidden=(("v.period_end", "period_end"), (_PERIOD_SPAN, "period_span")),
        ),
        "submissions": Dataset(
            key="submissions", title="Lần nộp", file_stem="lan-nop", view="v_submissions v",
            scope="mỗi lần nộp một dòng, kể cả lần nộp đã bị thay thế hoặc đã rút",
            columns=(
                ("v.submission_id", "submission_id", "Mã nộp"),
                ("v.unit_code", "unit_code", "Mã đơn vị"),
                (_unit_name(), "unit_name", "Đơn vị"),
                ("v.period_code", "period_code", "Kỳ báo cáo"),
                ("v.file_name", "file_name", "Tệp"),
                ("v.uploaded_by", "uploaded_by", "Người nộp"),
                ("v.uploaded_at", "uploaded_at", "Thời gian nộp"),
                ("status:submission_status", "status_label", "Trạng thái"),
                ("v.n_warnings", "n_warnings", "Số cảnh báo"),
                ("v.status_changed_by", "status_changed_by", "Người đổi trạng thái"),
                ("v.status_changed_at", "status_changed_at", "Thời gian đổi trạng thái"),
            ),
            order="uploaded_at DESC, submission_id DESC",
            raw_order="v.uploaded_at DESC, v.submission_id DESC",
            order_label="Thời gian nộp, mới trước",
            orders=(
                Order("uploaded", "Thời gian nộp, cũ trước", "uploaded_at, submission_id",
                      "v.uploaded_at, v.submission_id"),
                Order("unit", "Đơn vị, thời gian nộp", _by_unit("uploaded_at DESC, submission_id DESC"),
                      _by_unit_raw("v.uploaded_at DESC, v.submission_id DESC")),
            ),
            search=("unit_code", "unit_name", "period_code", "file_name", "uploaded_by", "status_label"),
            date_column="CAST(v.uploaded_at AS DATE)", date_label="Ngày nộp", date_default=False,
            kind=Choice("v.period_kind", "Loại kỳ", tuple(PERIOD_KIND_LABEL.items())),
            status=Choice("v.status", "Trạng thái", tuple(STATUS_LABEL.items())),
            period="year",
            kinds=(("submission_id", "id"), ("uploaded_at", "datetime"), ("status_changed_at", "datetime")),
            hidden=(("v.status", "status"), ("v.period_code", "period"),
                    ("(SELECT stored_name FROM submission_files sf WHERE sf.submission_id = v.submission_id)",
                     "stored_name")),
        ),
    }


_PERIOD_SPAN = ("CASE v.period_kind " + " ".join(f"WHEN '{kind}' THEN {rank}" for rank, kind in
                                                enumerate(PERIOD_KIND_LABEL)) + " END")  # shortest first
_ATTAINED_EXPR = ("CASE WHEN v.attained THEN 'dat' WHEN NOT v.attained THEN 'khong_dat' "
                  "ELSE 'chua_danh_gia' END")
_CHOICE_LISTS: dict[str, tuple[tuple[str, str], ...] | dict[str, str]] = {
    "submission_status": STATUS_LABEL,
    "attained": ATTAINED_LABEL,
}
# "Lần giải quyết" is a complaint's (Luật Khiếu nại): blank on the other kinds, not their default "Lần đầu".
_SOURCES = {"attained": _ATTAINED_EXPR, "attempt": "(CASE WHEN v.kind = 'khieu_nai' THEN v.attempt END)"}


def datasets() -> dict[str, Dataset]:
    """Every data set, by key, in the page's order."""
    return _datasets()


def dataset(key: str) -> Dataset:
    return _datasets()[key]


def order_labels(key: str) -> dict[str, str]:
    """The orders the data set ``key`` can be listed in: ``Query.order`` -> label, its own first."""
    ds = dataset(key)
    return {"": ds.order_label, **{o.key: o.label for o in ds.orders}}


def ordering(ds: Dataset, key: str) -> Order:
    if not key:
        return Order("", ds.order_label, ds.order, ds.raw_order)
    for order in ds.orders:
        if order.key == key:
            return order
    raise ValueError(f"unknown order {key!r} for {ds.key}; one of {[o.key for o in ds.orders]}")


def kind_options(db: Path, f: Filters, key: str) -> list[tuple[str, str]]:
    """(code, label) choices of the data set's kind filter (indicator codes come from the catalogue)."""
    ds = dataset(key)
    if ds.kind is None:
        return []
    if key == "indicators":
        return [(i.code, f"{i.code} — {i.short_name}") for i in default_catalog().indicators_for(f.year)]
    return list(ds.kind.options)


def _select(ds: Dataset) -> tuple[str, list[object]]:
    parts: list[str] = []
    params: list[object] = []
    for expr, name, _ in ds.columns:
        if ":" in expr and not expr.startswith("(") and " " not in expr:
            column, list_name = expr.split(":")
            source = _SOURCES.get(column, f"v.{column}")
            options = _CHOICE_LISTS.get(list_name) or _options(list_name)
            sql, case_params = _label_case(source, options)
            parts.append(f"{sql} AS {name}")
            params += case_params
        else:
            parts.append(f"{expr} AS {name}")
    parts += [f"{expr} AS {name}" for expr, name in (*ds.hidden, _UNIT_HIDDEN)]
    return ", ".join(parts), params


def _fold_sql(expr: str) -> str:
    """Lower-case, no diacritics, đ → d, codes' underscores as spaces: the search key of a text."""
    return f"replace(replace(strip_accents(lower({expr})), 'đ', 'd'), '_', ' ')"


def search_words(text: str) -> list[str]:
    """The words of a search, each of which must appear (in any order)."""
    return [w for w in clean(text).split(" ") if w]


def _where(ds: Dataset, f: Filters, q: Query) -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    unit_sql, unit_params = f.unit_clause(ds.unit_column)
    clauses.append(unit_sql)
    params += unit_params
    if ds.period == "year":
        clauses.append("v.year = ?")
        params.append(f.year)
        if f.period_code:
            clauses.append("v.period_code = ?")
            params.append(f.period_code)
    if ds.kind is not None and q.kinds:
        clauses.append(f"CAST({ds.kind.column} AS VARCHAR) IN ({', '.join('?' for _ in q.kinds)})")
        params += list(q.kinds)
    if ds.status is not None and q.statuses:
        clauses.append(f"CAST({ds.status.column} AS VARCHAR) IN ({', '.join('?' for _ in q.statuses)})")
        params += list(q.statuses)
    if ds.date_column and q.date_from:
        clauses.append(f"{ds.date_column} >= ?")
        params.append(q.date_from)
    if ds.date_column and q.date_to:
        clauses.append(f"{ds.date_column} <= ?")
        params.append(q.date_to)
    return " AND ".join(clauses), params


def _sql(ds: Dataset, f: Filters, q: Query) -> tuple[str, list[object]]:
    select, select_params = _select(ds)
    where, where_params = _where(ds, f, q)
    params = select_params + where_params
    words = search_words(q.text)
    tests = "TRUE"
    if words:
        haystack = _fold_sql("concat_ws(' ', " + ", ".join(f"CAST(t.{c} AS VARCHAR)" for c in ds.search) + ")")
        tests = " AND ".join(f"contains({haystack}, {_fold_sql('?')})" for _ in words)
        params += words
    sql = (f"SELECT * FROM (SELECT {select} FROM {ds.view} WHERE {where}) t WHERE {tests} "
           f"ORDER BY {ordering(ds, q.order).order}")
    return sql, params


def rows(db: Path, f: Filters, q: Query) -> pd.DataFrame:
    """Every row of the data set that passes the filters (no cap), labelled, in the page's order:
    what the export writes."""
    return _readable(run(db, *_sql(dataset(q.dataset), f, q)))


def page(db: Path, f: Filters, q: Query, offset: int = 0, limit: int = PAGE_SIZE) -> Page:
    """``limit`` rows of ``rows`` from ``offset``, and how many rows pass the filters in all: what
    the page shows (the browser never receives a province's million rows)."""
    ds = dataset(q.dataset)
    chosen = ordering(ds, q.order)
    if chosen.raw_order and not search_words(q.text):  # cut the page first, then label it
        select, select_params = _select(ds)
        where, where_params = _where(ds, f, q)
        sql = (f"WITH picked AS (SELECT v.* FROM {ds.view} WHERE {where} ORDER BY {chosen.raw_order} {PAGE_MARK}) "
               f"SELECT {select} FROM picked v ORDER BY {chosen.order}")
        count = (f"SELECT count(*) FROM {ds.view} WHERE {where}", where_params)
        found = run_page(db, sql, where_params + select_params, limit=limit, offset=offset, count=count)
    else:  # a search reads the labels: filter the labelled rows
        found = run_page(db, *_sql(ds, f, q), limit=limit, offset=offset)
    return Page(_readable(found.rows), found.total, found.offset)


def _readable(frame: pd.DataFrame) -> pd.DataFrame:
    """Period codes as their Vietnamese labels; missing text blank, not "None"."""
    for column in ("period_code", "last_period_code"):
        if column in frame.columns:  # a handful of distinct codes in up to a million rows: label each once
            labels = {code: _period_label(code) for code in frame[column].dropna().unique()}
            frame[column] = frame[column].map(lambda code: labels.get(code, code))
    for column in frame.columns:
        series = frame[column]
        if pd.api.types.is_string_dtype(series) or (
                series.dtype == object and pd.api.types.infer_dtype(series, skipna=True) in ("string", "empty")):
            frame[column] = series.astype(object).where(series.notna(), "")
    return frame


def _period_label(code: object) -> object:
    if code is None or (isinstance(code, float) and code != code):
        return code
    try:
        return period_from_code(str(code)).label
    except PeriodError:
        return code


def data_as_of(db: Path) -> datetime | None:
    """When the data last changed: the latest upload, restore or withdrawal."""
    value = scalar(db, "SELECT greatest(max(uploaded_at), max(status_changed_at)) FROM v_submissions")
    return value if isinstance(value, datetime) else None


def default_dates(f: Filters, key: str) -> tuple[date | None, date | None]:
    """The date range a data set starts with: the selected period's window (a register: everything
    up to its end, as the Dân vận khéo page counts it), or none."""
    ds = dataset(key)
    if not ds.date_column or not ds.date_default:
        return None, None
    return (None if ds.date_from_start else f.start), f.end


# -- describing and exporting ----------------------------------------------------------------


def describe(f: Filters, q: Query, count: int) -> list[tuple[str, str]]:
    """The filters in words, for the export's first sheet."""
    ds = dataset(q.dataset)
    names = fmt.unit_names()
    if f.period_code:
        period = f"{_period_label(f.period_code)} (số liệu từ {fmt.day(f.start)} đến {fmt.day(f.end)})"
    else:
        period = f"Cả năm {f.year}"
    lines = [("Dữ liệu", f"{ds.title} — {ds.scope}")]
    if ds.period == "year":  # the others follow the period through their date range only
        lines += [("Năm", str(f.year)), ("Kỳ báo cáo", period)]
    lines.append(("Đơn vị", ", ".join(names.get(u, u) for u in f.units) if f.units else "Tất cả đơn vị"))
    if ds.kind is not None:
        labels = dict(ds.kind.options) or {code: code for code in q.kinds}
        lines.append((ds.kind.label, ", ".join(labels.get(k, k) for k in q.kinds) if q.kinds else "Tất cả"))
    if ds.status is not None:
        labels = dict(ds.status.options)
        lines.append((ds.status.label, ", ".join(labels.get(s, s) for s in q.statuses) if q.statuses else "Tất cả"))
    if ds.date_column:
        if q.date_from or q.date_to:
            span = f"từ {fmt.day(q.date_from) or '…'} đến {fmt.day(q.date_to) or '…'}"
        else:
            span = "Không giới hạn"
        lines.append((ds.date_label, span))
    lines.append(("Tìm kiếm", f"“{clean(q.text)}” (không phân biệt hoa thường, có dấu hay không dấu)"
                  if clean(q.text) else "Không"))
    lines.append(("Sắp xếp", ordering(ds, q.order).label))
    lines.append(("Số dòng", fmt.num(count)))
    return lines


def export_name(q: Query, fmt_: str, at: datetime) -> str:
    ds = dataset(q.dataset)
    return f"{ds.file_stem}_{at:%Y%m%d-%H%M}.{fmt_}"


def export(db: Path, f: Filters, q: Query, fmt_: str, user: str, at: datetime | None = None,
           who: str | None = None) -> bytes:
    """The filtered rows as an ``xlsx`` or ``csv`` file; the export is written in the audit log.

    ``user`` is the account name (audit log); ``who`` how the export's first sheet names them."""
    at = at or datetime.now().replace(microsecond=0)
    ds = dataset(q.dataset)
    frame = rows(db, f, q)
    kinds = dict(ds.kinds)
    if fmt_ == "csv":
        content = writers.to_csv(frame, ds.headers, kinds)
    else:
        as_of = data_as_of(db)
        info = describe(f, q, len(frame)) + [
            ("Số liệu tính đến", fmt.moment(as_of) if as_of else "Chưa có số liệu"),
            ("Thời điểm xuất", fmt.moment(at)),
            ("Người xuất", who or user),
        ]
        content = writers.to_xlsx(frame, ds.headers, info, sheet_name=ds.title, kinds=kinds)
    record(db, user, "export", ds.key, {
        "format": fmt_, "rows": len(frame), "year": f.year, "period": f.period_code, "units": list(f.units),
        "kinds": list(q.kinds), "statuses": list(q.statuses),
        "date_from": q.date_from, "date_to": q.date_to, "text": clean(q.text),
    })
    return content
