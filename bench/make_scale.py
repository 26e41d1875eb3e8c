"""A province-scale database, built through the real loader's bulk path, the same on every run.

    python bench/make_scale.py [--db /tmp/dvcq-bench/province.duckdb]  # ~50 units, 10 years
    python bench/make_scale.py --db /tmp/s.duckdb --units 12 --years 1 --cases 5000 --sessions 800 --models 300

``--units`` reporting units (the catalogue's current units first, then synthetic "DV01", "DV02" ...,
written to a temporary copy of ``data/catalog`` with a longer ``units.csv``; earlier years get the
earliest year's indicator targets; CLCT reports until its merger into QLXD), 10 years, and for
each unit and year the returns Quý I, 6 tháng, Quý III, 9 tháng, Quý IV and Năm (quarterly and
cumulative, as units send them: each return repeats every case received in its window, plus the
open cases carried into it, in their state at the window's end). A few returns are sent twice (the second supersedes the first) and a few
quarterly returns are missing. Defaults: about 1,000,000 cases, 200,000 reception sessions and
50,000 models (current state, each counted once), stored as ~4.8 million rows, ~30 min on 2 busy
cores.

**Excel parsing is skipped.** Each return is built as the ``ParsedReturn`` that
``etl.validate.validate_workbook`` would produce (choice codes, ``date`` values, the statutory
deadline of every case computed with the real ``RuleSet`` and holiday calendar) and stored with
``etl.load.store_parsed``: the loader's own code (``_frames``, the same INSERTs, the supersede
rule, the audit log), one transaction per unit (all its years). Reading and checking big workbooks is measured
separately (``bench/run.py`` §1, ``bench/etl_bench.py``). Stored "files" are a one-line text
naming the generator (no workbook exists).

Deterministic: the same arguments give the same rows (``random.Random`` seeded per unit).
``build`` returns what it generated, which ``tests/test_bench_scale.py`` compares with the views.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import hashlib
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from etl.catalog import CATALOG_DIR, Catalog, Unit, load_catalog  # noqa: E402
from etl.db import writing  # noqa: E402
from etl.deadlines import CaseFacts, RuleSet  # noqa: E402
from etl.holidays import WorkCalendar  # noqa: E402
from etl.load import init_db, refresh_current, store_parsed  # noqa: E402
from etl.periods import Period, periods_of_year  # noqa: E402
from etl.validate import ParsedReturn  # noqa: E402

LAST_YEAR = 2025
PERIODS = ("quarter:1", "half", "quarter:3", "nine_months", "quarter:4", "year")  # as units send them
USER = "bench"
MAX_OPEN_DAYS = 170  # cases of earlier years are all closed within this many days

KINDS = (("khieu_nai", 30), ("to_cao", 10), ("kien_nghi", 35), ("phan_anh", 25))
FIELDS = ("Đất đai - giải phóng mặt bằng", "Đầu tư xây dựng", "Vận tải, phương tiện, người lái",
          "Trật tự an toàn giao thông", "Chế độ chính sách", "Cán bộ, công chức", "Khác")
SOURCES = ("truc_tiep", "buu_chinh", "chuyen_den", "cong_ttdt", "duong_day_nong", "khac")
CLOSED = (("da_giai_quyet", 70), ("da_chuyen_don", 12), ("da_huong_dan", 12), ("rut_don", 4), ("dinh_chi", 2))
RESULTS = (("dung", 20), ("sai", 35), ("dung_mot_phan", 15), ("da_tra_loi", 30))
FORMS = ("thuong_xuyen", "dinh_ky", "dot_xuat")
HOSTS = ("giam_doc", "pho_giam_doc", "lanh_dao_phong", "can_bo_tcd")
MODEL_FIELDS = ("kinh_te", "van_hoa_xa_hoi", "quoc_phong_an_ninh", "xay_dung_htct")
MODEL_TYPES = (("mo_hinh", 70), ("dien_hinh_tap_the", 18), ("dien_hinh_ca_nhan", 12))
LEVELS = ("co_so", "so", "tinh", "trung_uong")
SUMMARIES = ("Đề nghị xem xét bồi thường, hỗ trợ giải phóng mặt bằng", "Phản ánh chất lượng công trình",
             "Kiến nghị về thủ tục cấp giấy phép lái xe", "Khiếu nại quyết định xử phạt vi phạm hành chính",
             "Phản ánh xe quá tải làm hư hỏng đường", "Đề nghị giải quyết chế độ chính sách")


@dataclass(slots=True)
class Case:
    ref: str
    received: date
    kind: str
    field: str
    source: str
    within: bool
    attempt: int
    complexity: str
    remote: bool
    accepted: date | None
    extension: int | None
    resolved: date | None
    closed_status: str
    result: str | None
    summary: str

    def row(self, as_of: date, index: int, deadline) -> dict[str, object]:
        """The row of this case in a return written on ``as_of``, as the validator types it."""
        accepted = self.accepted if self.accepted and self.accepted <= as_of else None
        resolved = self.resolved if self.resolved and self.resolved <= as_of else None
        status = self.closed_status if resolved else ("dang_giai_quyet" if accepted else "chua_xu_ly")
        due = deadline(self, accepted)
        return {
            "_row": index, "petition_ref": self.ref, "received_date": self.received, "kind": self.kind,
            "field": self.field, "source": self.source, "within_competence": "co" if self.within else "khong",
            "attempt": str(self.attempt), "complexity": self.complexity, "remote_area": "co" if self.remote else "khong",
            "accepted_date": accepted, "extension_days": self.extension, "due_date_given": None,
            "resolved_date": resolved, "status": status,
            "result": self.result if resolved and status == "da_giai_quyet" else None,
            "summary": self.summary, "note": None,
            "due_date": due.due_date if due else None, "due_rule": due.rule_id if due else None,
            "due_basis": due.legal_basis if due else None,
        }


@dataclass(slots=True)
class Session:
    day: date
    form: str
    host: str
    on_schedule: bool
    visits: int
    people: int
    cases: int
    delegations: int

    def row(self, index: int) -> dict[str, object]:
        return {"_row": index, "session_date": self.day, "form": self.form, "host_role": self.host,
                "on_schedule": "co" if self.on_schedule else "khong", "visits": self.visits, "people": self.people,
                "cases": self.cases, "delegations": self.delegations, "note": None}


@dataclass(slots=True)
class Model:
    name: str
    model_type: str
    field: str
    registered: date
    start: date
    reviewed: date
    recognised: date | None
    level: str | None
    stopped: date | None

    def changes(self) -> list[date]:
        return [d for d in (self.registered, self.start, self.reviewed, self.recognised, self.stopped) if d]

    def row(self, as_of: date, index: int) -> dict[str, object]:
        status, end, level, decision = "dang_ky", None, None, None
        if self.start <= as_of:
            status = "dang_trien_khai"
        if self.reviewed <= as_of:
            status = "da_so_ket"
        if self.recognised and self.recognised <= as_of:
            status, level, decision = "duoc_cong_nhan", self.level, f"{self.recognised:%j}/QĐ-KT"
        if self.stopped and self.stopped <= as_of:
            status, end = "dung", self.stopped
        return {"_row": index, "model_name": self.name, "model_type": self.model_type, "field": self.field,
                "registered_date": self.registered, "start_date": self.start if self.start <= as_of else None,
                "end_date": end, "status": status, "recognition_level": level, "decision_no": decision,
                "highlights": None}


@dataclass
class Course:
    name: str
    day: date
    topic: str
    assigned: int
    attended: int

    def row(self, index: int) -> dict[str, object]:
        return {"_row": index, "course_name": self.name, "course_date": self.day, "topic": self.topic,
                "assigned": self.assigned, "attended": self.attended}


@dataclass
class Activity:
    content: str
    day: date
    form: str
    participants: int

    def row(self, index: int) -> dict[str, object]:
        return {"_row": index, "content": self.content, "activity_date": self.day, "form": self.form,
                "participants": self.participants}


@dataclass
class Generated:
    """What went into the database: the expected counts of the public views."""

    units: int = 0
    returns: int = 0  # active submissions
    superseded: int = 0
    rows: int = 0  # petition + reception + model rows stored (with repeats)
    petitions: int = 0
    resolved: int = 0  # cases resolved in their current state
    sessions: int = 0
    models: int = 0
    courses: int = 0
    activities: int = 0
    seconds: float = 0.0
    years: list[int] = field(default_factory=list)


def scale_catalog(directory: Path, units: int, first_year: int) -> Catalog:
    """A copy of ``data/catalog`` in ``directory`` with ``units`` reporting units: the catalogue's
    current ones first (with the units merged into them), then synthetic DV01, DV02 ... The other
    real units stay in the file, not reporting. indicators.csv covers ``first_year`` on (earlier
    years get the earliest year's targets)."""
    directory.mkdir(parents=True, exist_ok=True)
    for source in CATALOG_DIR.iterdir():
        if source.is_file():
            shutil.copy(source, directory / source.name)
    with (CATALOG_DIR / "units.csv").open(encoding="utf-8-sig", newline="") as handle:
        real = list(csv.DictReader(handle))
    current = [r["unit_code"] for r in real if r["reports"].strip() == "1" and not r["valid_to"].strip()][:units]
    with (directory / "units.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(real[0]))
        writer.writeheader()
        for r in real:
            kept = r["unit_code"] in current or r["successor_code"].strip() in current
            writer.writerow({**r, "reports": "1" if kept and r["reports"].strip() == "1" else "0"})
        for n in range(1, max(0, units - len(current)) + 1):
            writer.writerow({"unit_code": f"DV{n:02d}", "unit_name": f"Đơn vị số {n:02d}", "aliases": f"Đơn vị {n:02d}",
                             "valid_from": "2010-01-01", "valid_to": "", "parent_code": "", "successor_code": "",
                             "reports": "1"})
    with (CATALOG_DIR / "indicators.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    earliest = min(int(r["year"]) for r in rows)
    with (directory / "indicators.csv").open("a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        for year in range(first_year, earliest):
            for r in rows:
                if int(r["year"]) == earliest:
                    writer.writerow([year, *list(r.values())[1:]])
    return load_catalog(directory)


def _weighted(rng: random.Random, pairs) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


class _World:
    """One unit's simulated history (all years), and its returns."""

    def __init__(self, unit: Unit, years: list[int], seed: int, per_year: dict[str, int],
                 cal: WorkCalendar, rules: RuleSet, catalog: Catalog, memo: dict) -> None:
        self.unit, self.years, self.cal, self.rules, self.catalog, self.memo = unit, years, cal, rules, catalog, memo
        rng = random.Random(f"{seed}:{unit.code}")
        self.rng = rng
        self.cases: list[Case] = []
        self.sessions: list[Session] = []
        self.models: list[Model] = []
        self.courses: list[Course] = []
        self.activities: list[Activity] = []
        self.active_years = [y for y in years if self._active(date(y, 12, 14))]
        last_day = date(self.active_years[-1], 12, 14) if self.active_years else date(years[-1], 12, 14)
        for year in self.active_years:
            start, end = date(year - 1, 12, 15), date(year, 12, 14)
            span = (end - start).days
            for n in range(1, per_year["cases"] + 1):
                received = start + timedelta(days=rng.randrange(span + 1))
                kind = _weighted(rng, KINDS)
                within = rng.random() < 0.9
                accepted = received + timedelta(days=rng.randrange(0, 8)) if kind in ("khieu_nai", "to_cao") and within else None
                resolved = None
                if year < self.active_years[-1] or rng.random() < 0.8:
                    resolved = (accepted or received) + timedelta(days=rng.randrange(3, 95 if rng.random() < 0.9 else MAX_OPEN_DAYS))
                    if resolved > last_day:
                        resolved = None
                status = _weighted(rng, CLOSED) if within else "da_chuyen_don"
                self.cases.append(Case(
                    ref=f"{n:05d}/{year}/ĐT", received=received, kind=kind, field=rng.choice(FIELDS),
                    source=rng.choice(SOURCES), within=within,
                    attempt=2 if kind == "khieu_nai" and rng.random() < 0.1 else 1,
                    complexity="phuc_tap" if rng.random() < 0.15 else "binh_thuong", remote=rng.random() < 0.2,
                    accepted=accepted, extension=30 if kind == "to_cao" and rng.random() < 0.2 else None,
                    resolved=resolved, closed_status=status,
                    result=_weighted(rng, RESULTS) if status == "da_giai_quyet" else None,
                    summary=rng.choice(SUMMARIES)))
            seen: set[tuple[date, str, str]] = set()
            while len(seen) < per_year["sessions"]:
                day = start + timedelta(days=rng.randrange(span + 1))
                form = rng.choices(FORMS, weights=(50, 35, 15))[0]
                host = rng.choices(HOSTS, weights=(15, 25, 35, 25))[0]
                if (day, form, host) in seen or not cal.is_working_day(day):
                    continue
                seen.add((day, form, host))
                visits = rng.randint(0, 12)
                self.sessions.append(Session(day, form, host, form == "dinh_ky" and rng.random() < 0.93, visits,
                                             visits + rng.randint(0, 5), rng.randint(0, visits), int(rng.random() < 0.05)))
            for n in range(1, per_year["models"] + 1):
                registered = start + timedelta(days=rng.randrange(span + 1))
                begun = registered + timedelta(days=rng.randrange(0, 60))
                reviewed = begun + timedelta(days=rng.randrange(120, 240))
                recognised = reviewed + timedelta(days=rng.randrange(30, 120)) if rng.random() < 0.3 else None
                stopped = begun + timedelta(days=rng.randrange(30, 200)) if not recognised and rng.random() < 0.05 else None
                self.models.append(Model(
                    name=f"Dân vận khéo {rng.choice(MODEL_FIELDS).replace('_', ' ')} số {n:03d} năm {year}",
                    model_type=_weighted(rng, MODEL_TYPES), field=rng.choice(MODEL_FIELDS), registered=registered,
                    start=begun, reviewed=reviewed, recognised=recognised,
                    level=rng.choice(LEVELS) if recognised else None, stopped=stopped))
            for n in range(1, per_year["courses"] + 1):
                assigned = rng.randint(5, 40)
                self.courses.append(Course(f"Lớp tập huấn số {n} năm {year}", start + timedelta(days=rng.randrange(span + 1)),
                                           rng.choice(("luat_thdcccs", "cong_tac_dan_van", "khac")), assigned,
                                           assigned - int(rng.random() < 0.2)))
            for n in range(1, per_year["activities"] + 1):
                self.activities.append(Activity(f"Quán triệt văn bản số {n} năm {year}",
                                                start + timedelta(days=rng.randrange(span + 1)),
                                                rng.choice(("hoi_nghi", "sinh_hoat_co_quan", "van_ban", "trang_ttdt")),
                                                rng.randint(10, 80)))
        self.cases.sort(key=lambda c: c.received)
        self.received = [c.received for c in self.cases]
        self.sessions.sort(key=lambda s: s.day)
        self.models.sort(key=lambda m: m.registered)

    def _active(self, day: date) -> bool:
        return self.unit.active_on(day)

    def _deadline(self, case: Case, accepted: date | None):
        facts = CaseFacts(kind=case.kind, received_date=case.received, accepted_date=accepted,
                          within_competence=case.within, attempt=case.attempt if case.kind == "khieu_nai" else 1,
                          complexity=case.complexity, remote_area=case.remote,
                          extension_days=int(case.extension or 0) if case.kind == "to_cao" else 0)
        if facts not in self.memo:
            if len(self.memo) > 300_000:
                self.memo.clear()
            try:
                self.memo[facts] = self.rules.resolution_deadline(facts, self.cal)
            except ValueError:
                self.memo[facts] = None
        return self.memo[facts]

    def parsed(self, period: Period, version: int) -> tuple[ParsedReturn, bytes]:
        """The return for ``period`` as the validator would hand it to the loader."""
        as_of = period.end
        start = period.start
        # cases received in the window, and those still open when it starts (earlier years' cases all
        # close within MAX_OPEN_DAYS; the last year's open ones are at most a year old)
        lo = bisect.bisect_left(self.received, start - timedelta(days=400))
        hi = bisect.bisect_right(self.received, as_of)
        cases = [c for c in self.cases[lo:hi] if c.received >= start or not (c.resolved and c.resolved < start)]
        rows = {
            "indicators": self._indicators(period),
            "petitions": [c.row(as_of, i, self._deadline) for i, c in enumerate(cases, start=4)],
            "reception": [s.row(i) for i, s in enumerate((s for s in self.sessions if start <= s.day <= as_of), start=4)],
            "models": [m.row(as_of, i) for i, m in enumerate(
                (m for m in self.models if m.registered <= as_of and (m.registered >= start or any(
                    start <= d <= as_of for d in m.changes()))), start=4)],
            "training": [c.row(i) for i, c in enumerate((c for c in self.courses if start <= c.day <= as_of), start=4)],
            "dissemination": [a.row(i) for i, a in enumerate((a for a in self.activities if start <= a.day <= as_of), start=4)],
        }
        if version == 1 and rows["petitions"]:  # the first version of a corrected return: a note differs
            rows["petitions"][0] = {**rows["petitions"][0], "note": "Bản nộp lần đầu"}
        data = (f"bench/make_scale.py: synthetic return {self.unit.code} {period.code} version {version} "
                "(Excel parsing skipped)\n").encode()
        parsed = ParsedReturn(
            file_name=f"{self.unit.code}_{period.code}{'_lan1' if version == 1 else ''}.txt",
            sha256=hashlib.sha256(data).hexdigest(), size=len(data), format="synthetic",
            unit_code=self.unit.code, unit_name=self.unit.name, period=period,
            info={"reporter": f"Cán bộ {self.unit.code}", "report_date": as_of}, rows=rows,
        )
        return parsed, data

    def _indicators(self, period: Period) -> list[dict[str, object]]:
        rows = []
        rng = random.Random(f"{self.unit.code}:{period.code}:indicators")
        for indicator in self.catalog.indicators_for(period.year):
            expected = getattr(indicator, "expected_in", None)
            if indicator.derived or (expected and not expected(period.kind)) or (
                    not expected and indicator.kind == "rating" and period.kind != "year"):
                continue
            row = {"_row": len(rows) + 4, "indicator_code": indicator.code, "content": indicator.short_name,
                   "plan": None, "denominator": None, "note": None, "indicator_kind": indicator.kind,
                   "direction": indicator.direction, "actual_label": None}
            if indicator.kind == "boolean":
                yes = rng.random() < 0.92
                row["actual"], row["actual_label"] = (1.0, "Có") if yes else (0.0, "Không")
            elif indicator.kind == "rating":
                code = rng.choices("54321", weights=(20, 55, 20, 4, 1))[0]
                row["actual"], row["actual_label"] = float(code), self.catalog.choices["rating"].label(code)
            elif indicator.kind == "ratio":
                total = rng.randint(10, 60)
                row["actual"], row["denominator"] = float(total - int(rng.random() < 0.15)), float(total)
            else:
                row["actual"] = float(rng.randint(0, 5))
            rows.append(row)
        return rows


def _periods(year: int) -> list[Period]:
    by_kind = {(p.kind if p.kind != "quarter" else f"quarter:{p.code[-1]}"): p for p in periods_of_year(year)}
    return [by_kind[k] for k in PERIODS]


def build(db: Path, units: int = 50, years: int = 10, cases: int = 1_000_000, sessions: int = 200_000,
          models: int = 50_000, seed: int = 1, progress: Callable[[str], None] = print) -> Generated:
    """Delete and rebuild ``db``; return what was generated (the views must show exactly that).
    One unit at a time (its whole history in one ``store_parsed`` transaction), so memory stays
    at one unit's worth of rows."""
    started = time.perf_counter()
    db = Path(db)
    for path in (db, Path(f"{db}.wal")):
        if path.is_file():
            path.unlink()
    all_years = list(range(LAST_YEAR - years + 1, LAST_YEAR + 1))
    with tempfile.TemporaryDirectory() as folder:
        catalog = scale_catalog(Path(folder) / "catalog", units, all_years[0])
    reporting = [u for u in catalog.units if u.reports]
    unit_years = max(1, sum(1 for u in reporting for y in all_years if u.active_on(date(y, 12, 14))))
    per_year = {"cases": max(1, round(cases / unit_years)), "sessions": max(1, round(sessions / unit_years)),
                "models": max(1, round(models / unit_years)), "courses": 4, "activities": 6}
    cal, rules, memo = WorkCalendar.from_csv(), RuleSet.from_csv(), {}
    init_db(db, catalog)
    out = Generated(years=all_years)
    order: list[tuple[str, str, int]] = []  # (unit, period, version) in load order, for the upload times

    def unit_returns(world: _World) -> Iterator[tuple[ParsedReturn, bytes]]:
        for year in world.active_years:
            for period in _periods(year):
                if not world.unit.active_on(period.end):
                    continue
                pick = random.Random(f"{seed}:{world.unit.code}:{period.code}").random()
                if period.kind == "quarter" and pick < 0.02:
                    continue  # a missing quarterly return (its cases still come in the cumulative ones)
                for version in ((1, 2) if pick > 0.97 else (2,)):
                    parsed, data = world.parsed(period, version)
                    out.rows += sum(len(parsed.rows[k]) for k in ("petitions", "reception", "models"))
                    order.append((world.unit.code, period.code, version))
                    yield parsed, data

    for n, unit in enumerate(reporting, start=1):
        t0 = time.perf_counter()
        world = _World(unit, all_years, seed, per_year, cal, rules, catalog, memo)
        if not world.active_years:
            continue
        out.units += 1
        out.petitions += len(world.cases)
        out.resolved += sum(1 for c in world.cases if c.resolved)
        out.sessions += len(world.sessions)
        out.models += len(world.models)
        out.courses += len(world.courses)
        out.activities += len(world.activities)
        outcomes = store_parsed(db, unit_returns(world), USER, catalog=catalog)
        replaced = sum(1 for o in outcomes if o.superseded_id)
        out.superseded += replaced
        out.returns += len(outcomes) - replaced
        progress(f"[{n}/{len(reporting)}] {unit.code}: {len(outcomes)} lần nộp, {_n(len(world.cases))} đơn thư "
                 f"({time.perf_counter() - t0:.1f} s)")
    _upload_times(db, order, seed)
    out.seconds = time.perf_counter() - started
    return out


def _upload_times(db: Path, order: list[tuple[str, str, int]], seed: int) -> None:
    """Give each submission a plausible upload time: a few days after its period (some late), in
    the order they were stored, so 'the later upload' means the same as when they were loaded."""
    from etl.periods import period_from_code

    rng = random.Random(f"{seed}:uploads")
    last: dict[str, datetime] = {}
    stamps = []
    for sid, (unit, code, _version) in enumerate(order, start=1):
        end = period_from_code(code).end
        at = datetime.combine(end, datetime.min.time()) + timedelta(
            days=rng.randint(2, 6) if rng.random() < 0.85 else rng.randint(8, 30), hours=8, minutes=rng.randint(0, 500))
        at = max(at, last.get(unit, at) + timedelta(minutes=1))
        last[unit] = at
        stamps.append((at, sid))
    with writing(db) as con:
        con.execute("BEGIN TRANSACTION")
        con.execute("CREATE TEMP TABLE stamps (uploaded_at TIMESTAMP, submission_id INTEGER)")
        con.executemany("INSERT INTO stamps VALUES (?, ?)", [list(s) for s in stamps])
        con.execute("UPDATE submissions SET uploaded_at = s.uploaded_at FROM stamps s "
                    "WHERE submissions.submission_id = s.submission_id")
        con.execute("UPDATE submissions SET status_changed_at = uploaded_at + INTERVAL 1 DAY "
                    "WHERE status = 'superseded'")
        refresh_current(con)  # the order is unchanged, but 'the later upload' is now these times
        con.execute("COMMIT")


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "dvcq-bench" / "province.duckdb")
    parser.add_argument("--units", type=int, default=50)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--sessions", type=int, default=200_000)
    parser.add_argument("--models", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    out = build(args.db, args.units, args.years, args.cases, args.sessions, args.models, args.seed)
    print(f"{args.db}: {out.units} đơn vị, năm {out.years[0]}–{out.years[-1]}, {_n(out.returns)} lần nộp đang dùng "
          f"(+{_n(out.superseded)} bị thay thế), {_n(out.petitions)} đơn thư, {_n(out.sessions)} buổi tiếp, "
          f"{_n(out.models)} mô hình, {_n(out.rows)} dòng lưu; {out.seconds:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
