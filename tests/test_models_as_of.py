"""dashboard.queries.models.models_as_of against a plain Python reading of the stored rows.

Randomised scenarios (seeded: a failure names its seed and replays) are loaded through the real
loader (``etl.load.load_bytes`` with workbooks from ``tests/workbooks.py``, ``withdraw`` and
``restore``): VP, TTR, KHTC and CLCT/QLXD (CLCT merged into QLXD on 01/03/2025), returns of 2024 and
2025 (Quý III and 9 tháng end on the same day), the same models repeated with other statuses, levels
and spellings, models first reported by a later return, re-uploads that supersede, withdrawals and
restores. Upload times come from a fake clock that often stands still, so equal ``uploaded_at``
(ties broken by the higher submission_id) happen on purpose.

The reference (contract §2): the register at a cut-off is every current model (the newest active row
per unit and model key, not repeated by a newer row of a unit it merged with or into) registered on
or before the cut-off; its state is its row in the active return with the latest period end on or
before the cut-off (ties: the later upload, then the higher submission_id), else its earliest row
(lowest period end; ties: the later upload). The rows of a unit with the same current unit whose
current row of that model is taken over are its history too.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from dashboard.queries.models import models_as_of, not_stopped_as_of
from etl.db import reading
from etl.load import load_bytes, restore, withdraw
from tests.workbooks import build_return

TODAY = date(2025, 12, 31)
SCENARIOS = 20
UNITS = ("VP", "TTR", "KHTC", "CLCT", "QLXD")
UNIT_WEIGHTS = (2, 1, 1, 3, 3)  # the merger is where the history rules differ most
PERIODS = ("Quý I/2024", "6 tháng/2024", "Năm 2024", "Quý I/2025", "6 tháng/2025", "Quý III/2025",
           "9 tháng/2025", "Năm 2025")
NAMES = ("Cổng chào dân vận", "Tổ tiếp công dân gương mẫu", "Dân vận khéo trong giải phóng mặt bằng",
         "Bữa cơm nghĩa tình", "Cá nhân tiêu biểu")
REGISTERED = ("10/01/2024", "20/05/2024", "02/11/2024", "10/01/2025", "05/02/2025", "20/05/2025", "01/08/2025",
              "20/11/2025")
TYPES = ("Mô hình", "Mô hình", "Điển hình tập thể", "Điển hình cá nhân")
STATUSES = ("Đăng ký", "Đang triển khai", "Đã sơ kết", "Được công nhận", "Dừng")
LEVELS = ("Cơ sở", "Sở", "Tỉnh", "Trung ương")
DECISIONS = (None, "12/QĐ-SGTVT", "88/QĐ-UBND")
# Period ends (the 14th), the days around them, and days before and after all the data.
FIXED_CUTOFFS = tuple(
    d + timedelta(days=shift)
    for d in (date(2024, 3, 14), date(2024, 6, 14), date(2024, 12, 14), date(2025, 3, 14), date(2025, 6, 14),
              date(2025, 9, 14), date(2025, 12, 14))
    for shift in (-1, 0, 1)
) + (date(2023, 6, 1), date(2025, 1, 10), date(2025, 5, 20))
AFTER_ALL = date(2030, 1, 1)
COMPARED = ("unit_code", "model_key", "status", "recognition_level", "decision_no", "last_period_code",
            "submission_id")


@dataclass
class Scenario:
    seed: int
    steps: list[tuple] = field(default_factory=list)  # ("load", unit, period, rows) | ("withdraw"|"restore", n)

    def __str__(self) -> str:
        lines = [f"seed {self.seed}:"]
        for step in self.steps:
            if step[0] == "load":
                _, unit, period, rows = step
                shown = ", ".join(f"{r['Tên mô hình']!r} {r['Trạng thái']}"
                                  + (f" {r['Cấp công nhận']}" if r.get("Cấp công nhận") else "")
                                  + f" reg {r['Ngày đăng ký']}" for r in rows)
                lines.append(f"  load {unit} {period}: [{shown}]")
            else:
                lines.append(f"  {step[0]} the return of load step #{step[1]}")
        return "\n".join(lines)


def _row(rng: random.Random, name: str, registered: str) -> dict:
    status = rng.choice(STATUSES)
    row = {"Tên mô hình": rng.choice((name, name, name.upper(), name.replace(" ", "  ", 1))),
           "Loại": rng.choice(TYPES), "Lĩnh vực": "Kinh tế", "Ngày đăng ký": registered, "Trạng thái": status}
    if status == "Được công nhận" or rng.random() < 0.15:
        row["Cấp công nhận"] = rng.choice(LEVELS)
    decision = rng.choice(DECISIONS)
    if decision:
        row["Số quyết định khen thưởng"] = decision
    return row


def make_scenario(seed: int) -> Scenario:
    """A few returns of a few units over 2024-2025, with withdrawals and restores between them."""
    rng = random.Random(seed)
    scenario = Scenario(seed)
    registered = {name: rng.choice(REGISTERED) for name in NAMES}
    loads: list[int] = []  # indexes of the load steps
    for _ in range(rng.randint(3, 7)):
        if loads and rng.random() < 0.25:
            scenario.steps.append((rng.choice(("withdraw", "restore")), rng.choice(loads)))
            continue
        if loads and rng.random() < 0.25:  # again for a unit and period already sent: supersedes it
            _, unit, period, _ = scenario.steps[rng.choice(loads)]
        else:
            unit, period = rng.choices(UNITS, UNIT_WEIGHTS)[0], rng.choice(PERIODS)
        names = rng.sample(NAMES, rng.randint(0, 3))
        rows = []
        for name in names:
            day = registered[name] if rng.random() > 0.1 else rng.choice(REGISTERED)  # a corrected date, rarely
            rows.append(_row(rng, name, day))
        loads.append(len(scenario.steps))
        scenario.steps.append(("load", unit, period, rows))
    return scenario


def play(db: Path, scenario: Scenario, monkeypatch: pytest.MonkeyPatch, ticks: tuple[int, ...] = (0, 0, 1, 90)) -> None:
    """Load the scenario through the real loader; the clock moves by one of ``ticks`` seconds at
    each upload or change of status, so it often stands still (equal uploaded_at)."""
    clock_rng = random.Random(scenario.seed * 7919 + 1)
    clock = [datetime(2026, 1, 5, 8, 0, 0)]

    def now() -> datetime:
        clock[0] += timedelta(seconds=clock_rng.choice(ticks))
        return clock[0]

    monkeypatch.setattr("etl.load.now", now)
    stored: dict[int, int] = {}  # load step → submission_id
    for i, step in enumerate(scenario.steps):
        if step[0] == "load":
            _, unit, period, rows = step
            outcome = load_bytes(db, build_return(unit, period, models=rows), f"{unit}_{i}.xlsx", "vp", today=TODAY)
            assert outcome.ok, f"{scenario}\nstep {i} rejected: {outcome.message} {outcome.parsed.errors}"
            stored[i] = outcome.submission_id
            continue
        sid = stored[step[1]]
        with reading(db) as con:
            status = con.execute("SELECT status FROM submissions WHERE submission_id = ?", [sid]).fetchone()[0]
        wanted = "withdrawn" if step[0] == "withdraw" else "active"
        if status != wanted:  # withdrawing a withdrawn return (or restoring an active one) is refused: skip it
            (withdraw if step[0] == "withdraw" else restore)(db, sid, "qt")


@dataclass(frozen=True)
class _Stored:
    unit_code: str
    model_key: str
    submission_id: int
    period_code: str
    period_end: date
    uploaded_at: datetime
    registered_date: date
    state: dict


def _newest_first(r: _Stored) -> tuple:
    return (r.period_end, r.uploaded_at, r.submission_id)


def reference(con, cutoffs: list[date]) -> tuple[dict[date, list[tuple]], list[tuple]]:
    """The register at each cut-off, as rows of COMPARED, from model_rows, submissions and units
    alone; and the current models (unit_code, model_key) that the rule above finds."""
    successor = dict(con.execute("SELECT unit_code, successor_code FROM units").fetchall())
    current_unit = {u: u for u in successor}
    for u in successor:
        while successor.get(current_unit[u]):
            current_unit[u] = successor[current_unit[u]]
    rows = [
        _Stored(unit, key, sid, period_code, end, uploaded, registered,
                {"status": status, "recognition_level": level, "decision_no": decision})
        for unit, key, sid, period_code, end, uploaded, registered, status, level, decision in con.execute("""
            SELECT s.unit_code, r.model_key, s.submission_id, s.period_code, s.period_end, s.uploaded_at,
                   r.registered_date, r.status, r.recognition_level, r.decision_no
            FROM model_rows r JOIN submissions s USING (submission_id) WHERE s.status = 'active'""").fetchall()
    ]
    history: dict[tuple[str, str], list[_Stored]] = {}
    for r in rows:
        history.setdefault((r.unit_code, r.model_key), []).append(r)
    current = {k: max(v, key=_newest_first) for k, v in history.items()}
    # A unit's row is taken over when a unit it merged into (or that merged into it) has a newer one.
    def merged(a: str, b: str) -> bool:
        chain, u = [], a
        while u:
            chain.append(u)
            u = successor.get(u)
        return b in chain[1:]

    taken_over = {
        (u, k) for (u, k), row in current.items()
        if any(_newest_first(other) > _newest_first(row)
               for (ou, ok), other in current.items() if ok == k and (merged(u, ou) or merged(ou, u)))
    }
    models = {k: v for k, v in current.items() if k not in taken_over}
    register: dict[date, list[tuple]] = {}
    for cutoff in cutoffs:
        found = []
        for (unit, key), now_row in models.items():
            if now_row.registered_date > cutoff:
                continue
            own = list(history[(unit, key)])
            for (other, other_key) in taken_over:
                if other_key == key and other != unit and current_unit[other] == current_unit[unit]:
                    own += history[(other, key)]
            by_then = [r for r in own if r.period_end <= cutoff]
            then = (max(by_then, key=_newest_first) if by_then else
                    max(own, key=lambda r: (-r.period_end.toordinal(), r.uploaded_at, r.submission_id)))
            found.append((unit, key, then.state["status"], then.state["recognition_level"],
                          then.state["decision_no"], then.period_code, then.submission_id))
        register[cutoff] = sorted(found)
    return register, sorted(models)


def _as_of(con, cutoff: date) -> list[tuple]:
    columns = ", ".join(COMPARED)
    return con.execute(f"SELECT {columns} FROM {models_as_of('(SELECT ?::DATE AS cutoff)')} ORDER BY ALL",
                       [cutoff]).fetchall()


def check(db: Path, scenario: Scenario) -> None:
    rng = random.Random(scenario.seed + 1_000_003)
    cutoffs = list(FIXED_CUTOFFS) + [date(2024, 1, 1) + timedelta(days=rng.randrange(730)) for _ in range(4)]
    with reading(db) as con:
        expected, current = reference(con, [*cutoffs, AFTER_ALL])
        assert sorted(con.execute("SELECT unit_code, model_key FROM v_models").fetchall()) == current, \
            f"{scenario}\nv_models is not the current models of contract §2"
        for cutoff in cutoffs:
            assert _as_of(con, cutoff) == expected[cutoff], f"{scenario}\ncut-off {cutoff}"
        # Several cut-offs at once (as the CT03 queries ask) give each one's register.
        many = con.execute(
            f"SELECT cutoff, {', '.join(COMPARED)} FROM {models_as_of('(SELECT unnest(?::DATE[]) AS cutoff)')}",
            [cutoffs]).fetchall()
        for cutoff in cutoffs:
            assert sorted(r[1:] for r in many if r[0] == cutoff) == expected[cutoff], \
                f"{scenario}\ncut-off {cutoff} among several"
        # After all the data the register is v_models itself, every column.
        latest = con.execute(f"SELECT * EXCLUDE (cutoff) FROM {models_as_of('(SELECT ?::DATE AS cutoff)')} "
                             "ORDER BY ALL", [AFTER_ALL]).fetchall()
        assert latest == con.execute("SELECT * FROM v_models ORDER BY ALL").fetchall(), f"{scenario}\nafter all"
        check_not_stopped(con, scenario, cutoffs, expected)


# Units chosen for the counts: all; today's units; a merged unit (its models are QLXD's: none).
COUNTED_UNITS = (None, ("QLXD",), ("VP", "TTR"), ("CLCT",))
COUNTED_TYPES = ("TRUE", "m.model_type IN ('dien_hinh_tap_the', 'dien_hinh_ca_nhan')", "m.model_type = 'mo_hinh'")


def _bound(sql: str, days: list[date], units: tuple[str, ...] | None) -> list[object]:
    """The parameters of ``sql`` in order: the cut-offs for each ``?::DATE[]``, the units for each ``?::VARCHAR[]``."""
    return [days if part.startswith("::DATE[]") else list(units) for part in sql.split("?")[1:]]


def check_not_stopped(con, scenario: Scenario, cutoffs: list[date], expected: dict[date, list[tuple]]) -> None:
    """not_stopped_as_of counts what models_as_of gives (CT03's exemplars on the Chỉ tiêu page): the
    register's models not stopped at each cut-off, all at once, by type and unit."""
    days = [*cutoffs, AFTER_ALL]
    many = "(SELECT unnest(?::DATE[]) AS cutoff)"
    counted = dict(con.execute(f"SELECT * FROM {not_stopped_as_of(many)}", [days]).fetchall())
    assert counted == {day: sum(r[2] != "dung" for r in expected[day]) for day in days}, f"{scenario}\ncounts"
    for only in COUNTED_TYPES:
        for units in COUNTED_UNITS:
            scope = None if units is None else "(SELECT unnest(?::VARCHAR[]))"
            in_units = "TRUE" if units is None else f"m.current_unit_code IN {scope}"
            want_sql = f"""SELECT c.cutoff, count(m.model_key) FILTER (WHERE m.status <> 'dung')
                FROM (SELECT DISTINCT cutoff FROM {many}) c
                LEFT JOIN {models_as_of(many, ("status",), only)} m ON m.cutoff = c.cutoff AND {in_units}
                GROUP BY c.cutoff"""
            want = dict(con.execute(want_sql, _bound(want_sql, days, units)).fetchall())
            got_sql = f"SELECT * FROM {not_stopped_as_of(many, only, scope)}"
            assert dict(con.execute(got_sql, _bound(got_sql, days, units)).fetchall()) == want, \
                f"{scenario}\n{only} in {units}"
            # after all the data nothing is looked up: the same count without the look-up
            plain = f"SELECT * FROM {not_stopped_as_of(many, only, scope, look_up=False)}"
            assert dict(con.execute(plain, _bound(plain, [AFTER_ALL], units)).fetchall()) == \
                {AFTER_ALL: want[AFTER_ALL]}, f"{scenario}\n{only} in {units}, no look-up"


@pytest.mark.parametrize("seed", range(SCENARIOS))
def test_models_as_of_matches_the_rule_of_contract_2(seed: int, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """At every cut-off, each model of the register has the state its returns up to then gave it."""
    scenario = make_scenario(seed)
    db = tmp_path / "t.duckdb"
    play(db, scenario, monkeypatch)
    check(db, scenario)


def test_a_merger_and_ties_on_the_period_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A hand-written scenario the random ones rarely make: every upload in the same second, so
    returns ending on the same day are ordered by submission_id alone. CLCT (merged into QLXD) and
    QLXD both send 6 tháng (CLCT's later wins at 14/06), then CLCT's Quý III and QLXD's 9 tháng (QLXD's
    later wins at 14/09); QLXD's year return makes both models QLXD's, CLCT's rows their history.
    VP's model of the same name is another model; withdrawals and restores change nothing at last."""
    def model(name: str, status: str, level: str | None = None) -> dict:
        return {"Tên mô hình": name, "Loại": "Mô hình", "Lĩnh vực": "Kinh tế", "Ngày đăng ký": "10/01/2025",
                "Trạng thái": status} | ({"Cấp công nhận": level} if level else {})

    a, b = "Cổng chào dân vận", "Bữa cơm nghĩa tình"
    scenario = Scenario(-1, [
        ("load", "CLCT", "Quý I/2025", [model(a, "Đăng ký")]),
        ("load", "QLXD", "6 tháng/2025", [model(a, "Đang triển khai"), model(b, "Đăng ký")]),
        ("load", "CLCT", "6 tháng/2025", [model(a, "Đã sơ kết")]),
        ("load", "CLCT", "Quý III/2025", [model(a, "Được công nhận", "Sở"), model(b, "Dừng")]),
        ("load", "QLXD", "9 tháng/2025", [model(a, "Đã sơ kết"), model(b, "Đang triển khai")]),
        ("load", "QLXD", "Năm 2025", [model(a, "Được công nhận", "Tỉnh"), model(b.upper(), "Dừng")]),
        ("withdraw", 5),
        ("restore", 5),
        ("load", "VP", "Quý I/2025", [model(a, "Đăng ký") | {"Ngày đăng ký": "05/02/2025"}]),
        ("withdraw", 0),
        ("restore", 0),
    ])
    db = tmp_path / "t.duckdb"
    play(db, scenario, monkeypatch, ticks=(0,))
    check(db, scenario)
    with reading(db) as con:
        assert con.execute("SELECT unit_code, model_key, taken_over FROM current_models ORDER BY ALL").fetchall() == [
            ("CLCT", "bữa cơm nghĩa tình", True), ("CLCT", "cổng chào dân vận", True),
            ("QLXD", "bữa cơm nghĩa tình", False), ("QLXD", "cổng chào dân vận", False),
            ("VP", "cổng chào dân vận", False)]
        state = {day: [r[:6] for r in _as_of(con, day)] for day in (date(2025, 1, 15), date(2025, 6, 14),
                                                                     date(2025, 9, 14))}
    assert state[date(2025, 1, 15)] == [
        ("QLXD", "bữa cơm nghĩa tình", "dang_ky", None, None, "2025-H1"),  # first reported later
        ("QLXD", "cổng chào dân vận", "dang_ky", None, None, "2025-Q1")]
    assert state[date(2025, 6, 14)] == [
        ("QLXD", "bữa cơm nghĩa tình", "dang_ky", None, None, "2025-H1"),
        ("QLXD", "cổng chào dân vận", "da_so_ket", None, None, "2025-H1"),  # CLCT's, sent after QLXD's
        ("VP", "cổng chào dân vận", "dang_ky", None, None, "2025-Q1")]
    assert state[date(2025, 9, 14)] == [
        ("QLXD", "bữa cơm nghĩa tình", "dang_trien_khai", None, None, "2025-9M"),  # QLXD's, after CLCT's Q3
        ("QLXD", "cổng chào dân vận", "da_so_ket", None, None, "2025-9M"),
        ("VP", "cổng chào dân vận", "dang_ky", None, None, "2025-Q1")]


def test_not_stopped_reads_the_rows_of_a_merged_unit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CT03's count of exemplars not stopped takes a merged unit's rows as the model's history: CLCT
    (merged into QLXD) stops the exemplar in 6 tháng/2025, QLXD reports it going on in 9 tháng, so it
    is stopped at 14/06 (CLCT's row) and not at 14/09; QLXD's model of another type is not counted."""
    def model(name: str, kind: str, status: str) -> dict:
        return {"Tên mô hình": name, "Loại": kind, "Lĩnh vực": "Kinh tế", "Ngày đăng ký": "10/01/2025",
                "Trạng thái": status}

    a, b = "Cá nhân tiêu biểu", "Bữa cơm nghĩa tình"
    scenario = Scenario(-2, [
        ("load", "CLCT", "Quý I/2025", [model(a, "Điển hình cá nhân", "Đăng ký")]),
        ("load", "CLCT", "6 tháng/2025", [model(a, "Điển hình cá nhân", "Dừng")]),
        ("load", "QLXD", "9 tháng/2025", [model(a, "Điển hình cá nhân", "Đang triển khai"),
                                          model(b, "Mô hình", "Đăng ký")]),
    ])
    db = tmp_path / "t.duckdb"
    play(db, scenario, monkeypatch)
    check(db, scenario)
    days = [date(2025, 3, 14), date(2025, 6, 14), date(2025, 9, 14)]
    exemplars = "m.model_type IN ('dien_hinh_tap_the', 'dien_hinh_ca_nhan')"
    with reading(db) as con:
        for units in (None, ["QLXD"]):
            scope = None if units is None else "(SELECT unnest(?::VARCHAR[]))"
            sql = f"SELECT * FROM {not_stopped_as_of('(SELECT unnest(?::DATE[]) AS cutoff)', exemplars, scope)}"
            counts = dict(con.execute(sql, [days] + ([] if units is None else [units, units])).fetchall())
            assert counts == {days[0]: 1, days[1]: 0, days[2]: 1}, units
