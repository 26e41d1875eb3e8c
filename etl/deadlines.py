"""Statutory deadlines for complaints, denunciations and petitions (đơn thư).

The limits are data (``data/catalog/deadline_rules.csv``), one row per (kind, step,
attempt, complexity, remote area, competence) with its legal basis and the dates it
is in force. A case uses the rules in force on its receipt date, so a new law (e.g.
Luật 136/2025/QH15 from 01/07/2026) is a new row with a later ``effective_from``.

Column values in the rule file:

* ``kind``: khieu_nai, to_cao, kien_nghi, phan_anh;
* ``step``: thu_ly, giai_quyet, xu_ly_ban_dau, chuyen_don, tra_loi;
* ``attempt``: 1, 2 or ``*``; ``complexity``: thuong, phuc_tap (covers phức tạp and
  đặc biệt phức tạp) or ``*``; ``remote_area`` and ``within_competence``: 0, 1 or ``*``;
* ``day_type``: calendar (Bộ luật Dân sự, Điều 147-148) or working;
* ``counted_from``: receipt (ngày nhận) or accept (ngày thụ lý);
* ``effective_from`` / ``effective_to``: ISO dates, both inclusive; a blank
  ``effective_to`` means still in force.

When several rules match, the one with the latest ``effective_from`` wins, then the
most specific (fewest ``*``); two rules equal on both are an error in the file.
"""

from __future__ import annotations

import csv
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from etl.holidays import WorkCalendar

__all__ = [
    "COMPLEXITIES",
    "DEFAULT_RULES_CSV",
    "KINDS",
    "CaseFacts",
    "Deadline",
    "DeadlineRule",
    "DeadlineRuleError",
    "RuleSet",
]

DEFAULT_RULES_CSV = (
    Path(__file__).resolve().parent.parent / "data" / "catalog" / "deadline_rules.csv"
)

KINDS = ("khieu_nai", "to_cao", "kien_nghi", "phan_anh")
STEPS = ("thu_ly", "giai_quyet", "xu_ly_ban_dau", "chuyen_don", "tra_loi")
COMPLEXITIES = ("binh_thuong", "phuc_tap", "dac_biet_phuc_tap")
DAY_TYPES = ("calendar", "working")
COUNTED_FROM = ("receipt", "accept")

KIND_LABELS = {
    "khieu_nai": "khiếu nại",
    "to_cao": "tố cáo",
    "kien_nghi": "kiến nghị",
    "phan_anh": "phản ánh",
}
STEP_LABELS = {
    "thu_ly": "thụ lý",
    "giai_quyet": "giải quyết",
    "xu_ly_ban_dau": "xử lý ban đầu",
    "chuyen_don": "chuyển đơn",
    "tra_loi": "trả lời",
}
COMPLEXITY_LABELS = {
    "binh_thuong": "bình thường",
    "phuc_tap": "phức tạp",
    "dac_biet_phuc_tap": "đặc biệt phức tạp",
}

# Luật Tố cáo 2018, Điều 30: the 30-day limit may be extended once by up to 30 days
# for a complex case, twice by up to 30 days each for a very complex one, only by a
# written extension decision. Other kinds have no extension.
_TO_CAO_MAX_EXTENSION = {"binh_thuong": 0, "phuc_tap": 30, "dac_biet_phuc_tap": 60}

_COLUMNS = (
    "rule_id", "kind", "step", "attempt", "complexity", "remote_area", "within_competence",
    "limit_days", "day_type", "counted_from", "effective_from", "effective_to", "legal_basis",
)
_FALLBACK_NOTE = " (tính từ ngày nhận do chưa có ngày thụ lý)"


class DeadlineRuleError(ValueError):
    """No rule (or no single rule) fits a case, or the rule file is wrong. The message
    is a Vietnamese sentence saying what to fix."""


@dataclass(frozen=True)
class CaseFacts:
    """What a deadline depends on, for one case."""

    kind: str
    received_date: date
    accepted_date: date | None = None
    within_competence: bool = True
    attempt: int = 1
    complexity: str = "binh_thuong"  # 'binh_thuong' | 'phuc_tap' | 'dac_biet_phuc_tap'
    remote_area: bool = False
    extension_days: int = 0  # days granted by a written extension decision (tố cáo)


@dataclass(frozen=True)
class Deadline:
    """A computed deadline. ``limit_days`` includes any extension; ``counted_from`` and
    ``start_date`` are what was actually used (``receipt`` when a rule counts from
    thụ lý but the case has no ``accepted_date``); ``legal_basis`` says both."""

    due_date: date
    rule_id: str
    limit_days: int
    day_type: str
    counted_from: str
    start_date: date
    legal_basis: str


@dataclass(frozen=True)
class DeadlineRule:
    """One row of the rule file."""

    rule_id: str
    kind: str
    step: str
    attempt: str
    complexity: str
    remote_area: str
    within_competence: str
    limit_days: int
    day_type: str
    counted_from: str
    effective_from: date
    effective_to: date | None
    legal_basis: str

    @property
    def wildcards(self) -> int:
        """How many of the case conditions this rule leaves open (``*``)."""
        return [self.attempt, self.complexity, self.remote_area, self.within_competence].count("*")

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    def applies_to(self, case: CaseFacts, step: str) -> bool:
        return (
            self.kind == case.kind
            and self.step == step
            and self.attempt in ("*", str(case.attempt))
            and self.complexity in ("*", _complexity_class(case.complexity))
            and self.remote_area in ("*", "1" if case.remote_area else "0")
            and self.within_competence in ("*", "1" if case.within_competence else "0")
            and self.in_force_on(case.received_date)
        )


def _complexity_class(complexity: str) -> str:
    return "thuong" if complexity == "binh_thuong" else "phuc_tap"


class RuleSet:
    """The deadline rules, and the deadlines they give a case."""

    def __init__(self, rules: Iterable[DeadlineRule]) -> None:
        self.rules: tuple[DeadlineRule, ...] = tuple(rules)
        # The rules in force change only on these days: between two of them, the same case
        # conditions find the same rule, so find_rule remembers it per stretch (``_found``).
        changes = {r.effective_from for r in self.rules}
        changes |= {date.fromordinal(r.effective_to.toordinal() + 1) for r in self.rules if r.effective_to}
        self._changes: tuple[date, ...] = tuple(sorted(changes))
        self._found: dict[tuple, DeadlineRule] = {}

    @classmethod
    def from_csv(cls, path: Path | None = None) -> RuleSet:
        """Read the rule file (default ``data/catalog/deadline_rules.csv``)."""
        csv_path = Path(path) if path is not None else DEFAULT_RULES_CSV
        rules: list[DeadlineRule] = []
        seen: set[str] = set()
        with csv_path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in _COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise DeadlineRuleError(
                    f"Tệp {csv_path.name} thiếu cột {', '.join(missing)}; "
                    f"cần đủ các cột: {', '.join(_COLUMNS)}."
                )
            for line, row in enumerate(reader, start=2):
                rule = _rule_from_row(row, f"Tệp {csv_path.name}, dòng {line}")
                if rule.rule_id in seen:
                    raise DeadlineRuleError(
                        f"Tệp {csv_path.name}, dòng {line}: mã quy tắc '{rule.rule_id}' bị trùng."
                    )
                seen.add(rule.rule_id)
                rules.append(rule)
        return cls(rules)

    def find_rule(self, case: CaseFacts, step: str) -> DeadlineRule:
        """The rule for ``step`` of ``case``, in force on its receipt date."""
        _check_case(case)
        key = (case.kind, step, str(case.attempt), case.complexity, bool(case.remote_area),
               bool(case.within_competence), bisect_right(self._changes, case.received_date))
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = self._choose_rule(case, step)
        return found

    def _choose_rule(self, case: CaseFacts, step: str) -> DeadlineRule:
        candidates = [rule for rule in self.rules if rule.applies_to(case, step)]
        if not candidates:
            raise DeadlineRuleError(
                f"Không có quy tắc thời hạn {STEP_LABELS.get(step, step)} cho đơn "
                f"{_describe(case)} nhận ngày {case.received_date:%d/%m/%Y}. "
                "Hãy bổ sung quy tắc vào tệp deadline_rules.csv."
            )
        candidates.sort(key=lambda rule: (rule.effective_from, -rule.wildcards), reverse=True)
        best = candidates[0]
        if len(candidates) > 1:
            runner_up = candidates[1]
            if (runner_up.effective_from, runner_up.wildcards) == (best.effective_from, best.wildcards):
                raise DeadlineRuleError(
                    f"Các quy tắc '{best.rule_id}' và '{runner_up.rule_id}' cùng áp dụng cho "
                    f"{STEP_LABELS.get(step, step)} đơn {_describe(case)}; "
                    "hãy sửa tệp deadline_rules.csv để chỉ còn một quy tắc."
                )
        return best

    def resolution_deadline(self, case: CaseFacts, cal: WorkCalendar) -> Deadline:
        """The deadline for the case's final handling.

        Within competence: giải quyết (khiếu nại, tố cáo) or trả lời (kiến nghị, phản
        ánh); otherwise chuyển đơn. For tố cáo, ``extension_days`` from the written
        extension decision is added to the base limit (Luật Tố cáo 2018, Điều 30):
        due = start + (30 + extension) calendar days. ``extension_days`` of other
        kinds is ignored: their laws provide no extension.
        """
        _check_case(case)
        step = _resolution_step(case.kind, case.within_competence)
        rule = self.find_rule(case, step)
        extension = case.extension_days if (case.kind == "to_cao" and step == "giai_quyet") else 0
        return _deadline(rule, case, cal, extension)

    def resolution_due(self, cal: WorkCalendar, kind: str, received: date, accepted: date | None,
                       within_competence: bool, attempt: int, complexity: str, remote_area: bool,
                       extension_days: int) -> tuple[date, str, str]:
        """``(due_date, legal_basis, rule_id)`` of :meth:`resolution_deadline` for these facts,
        without building the case and the deadline: for the tens of thousands of distinct cases
        of a big return. Same rule, same dates, same errors."""
        step = _resolution_step(kind, within_competence)
        found = None
        if complexity in COMPLEXITIES and extension_days >= 0:  # else _check_case raises, below
            found = self._found.get((kind, step, str(attempt), complexity, bool(remote_area), bool(within_competence),
                                     bisect_right(self._changes, received)))
        if found is None or (kind == "khieu_nai" and attempt not in (1, 2)):
            case = CaseFacts(kind, received, accepted, within_competence, attempt, complexity, remote_area,
                             extension_days)
            deadline = self.resolution_deadline(case, cal)  # checks the case, finds and remembers the rule
            return deadline.due_date, deadline.legal_basis, deadline.rule_id
        extension = extension_days if (kind == "to_cao" and step == "giai_quyet") else 0
        start, _, basis = _start(found, received, accepted, extension)
        return _add(found, cal, start, found.limit_days + extension), basis, found.rule_id

    def acceptance_deadline(self, case: CaseFacts, cal: WorkCalendar) -> Deadline | None:
        """Thụ lý for a khiếu nại within competence; xử lý ban đầu for a tố cáo; None
        for anything else (kiến nghị, phản ánh, and khiếu nại not within competence,
        which is never thụ lý)."""
        _check_case(case)
        if case.kind == "khieu_nai" and case.within_competence:
            step = "thu_ly"
        elif case.kind == "to_cao":
            step = "xu_ly_ban_dau"
        else:
            return None
        return _deadline(self.find_rule(case, step), case, cal, 0)

    def max_extension_days(self, kind: str, complexity: str) -> int:
        """The most days an extension decision may add: tố cáo 0 (bình thường), 30
        (phức tạp), 60 (đặc biệt phức tạp); 0 for the other kinds."""
        if kind not in KINDS:
            raise DeadlineRuleError(_bad_kind(kind))
        if complexity not in COMPLEXITIES:
            raise DeadlineRuleError(_bad_complexity(complexity))
        return _TO_CAO_MAX_EXTENSION[complexity] if kind == "to_cao" else 0


def _resolution_step(kind: str, within_competence: bool) -> str:
    """Within competence: giải quyết (khiếu nại, tố cáo) or trả lời; otherwise chuyển đơn."""
    if not within_competence:
        return "chuyen_don"
    return "giai_quyet" if kind in ("khieu_nai", "to_cao") else "tra_loi"


def _start(rule: DeadlineRule, received: date, accepted: date | None, extension: int) -> tuple[date, str, str]:
    """(start date, what it is: 'accept' | 'receipt', legal basis with its notes) of a deadline."""
    basis = rule.legal_basis
    if rule.counted_from == "accept" and accepted is not None:
        start, counted_from = accepted, "accept"
    elif rule.counted_from == "accept":
        start, counted_from = received, "receipt"
        basis += _FALLBACK_NOTE
    else:
        start, counted_from = received, "receipt"
    if extension:
        basis += (
            f"; cộng {extension} ngày gia hạn theo quyết định gia hạn "
            "(Luật Tố cáo 2018, Điều 30)"
        )
    return start, counted_from, basis


def _add(rule: DeadlineRule, cal: WorkCalendar, start: date, limit: int) -> date:
    return cal.add_calendar_days(start, limit) if rule.day_type == "calendar" else cal.add_working_days(start, limit)


def _deadline(rule: DeadlineRule, case: CaseFacts, cal: WorkCalendar, extension: int) -> Deadline:
    start, counted_from, basis = _start(rule, case.received_date, case.accepted_date, extension)
    limit = rule.limit_days + extension
    due = _add(rule, cal, start, limit)
    return Deadline(
        due_date=due,
        rule_id=rule.rule_id,
        limit_days=limit,
        day_type=rule.day_type,
        counted_from=counted_from,
        start_date=start,
        legal_basis=basis,
    )


def _describe(case: CaseFacts) -> str:
    parts = [KIND_LABELS[case.kind]]
    if case.kind == "khieu_nai":
        parts.append(f"lần {case.attempt}")
    parts.append(COMPLEXITY_LABELS[case.complexity])
    if case.remote_area:
        parts.append("vùng sâu, vùng xa")
    parts.append("thuộc thẩm quyền" if case.within_competence else "không thuộc thẩm quyền")
    return ", ".join(parts)


def _bad_kind(kind: object) -> str:
    return (
        f"Loại đơn '{kind}' không hợp lệ; hãy dùng một trong: {', '.join(KINDS)}."
    )


def _bad_complexity(complexity: object) -> str:
    return (
        f"Mức độ phức tạp '{complexity}' không hợp lệ; "
        f"hãy dùng một trong: {', '.join(COMPLEXITIES)}."
    )


def _check_case(case: CaseFacts) -> None:
    if case.kind not in KINDS:
        raise DeadlineRuleError(_bad_kind(case.kind))
    if case.complexity not in COMPLEXITIES:
        raise DeadlineRuleError(_bad_complexity(case.complexity))
    if case.kind == "khieu_nai" and case.attempt not in (1, 2):
        raise DeadlineRuleError(
            f"Lần giải quyết khiếu nại '{case.attempt}' không hợp lệ; hãy dùng 1 hoặc 2."
        )
    if case.extension_days < 0:
        raise DeadlineRuleError(
            f"Số ngày gia hạn phải không âm (nhận được {case.extension_days})."
        )


def _rule_from_row(row: dict[str, str], where: str) -> DeadlineRule:
    def text(column: str) -> str:
        return (row.get(column) or "").strip()

    def choice(column: str, allowed: Iterable[str]) -> str:
        value = text(column)
        options = tuple(allowed)
        if value not in options:
            raise DeadlineRuleError(
                f"{where}: cột {column} có giá trị '{value}' không hợp lệ; "
                f"hãy dùng một trong: {', '.join(options)}."
            )
        return value

    def iso(column: str) -> date:
        value = text(column)
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise DeadlineRuleError(
                f"{where}: cột {column} có ngày '{value}' không đúng dạng YYYY-MM-DD."
            ) from None

    rule_id = text("rule_id")
    if not rule_id:
        raise DeadlineRuleError(f"{where}: thiếu mã quy tắc (cột rule_id).")
    limit_text = text("limit_days")
    if not limit_text.isdigit() or int(limit_text) <= 0:
        raise DeadlineRuleError(
            f"{where}: cột limit_days có giá trị '{limit_text}' không hợp lệ; "
            "hãy ghi một số nguyên dương."
        )
    effective_from = iso("effective_from")
    effective_to = iso("effective_to") if text("effective_to") else None
    if effective_to is not None and effective_to < effective_from:
        raise DeadlineRuleError(
            f"{where}: ngày hết hiệu lực (effective_to) trước ngày có hiệu lực (effective_from)."
        )
    legal_basis = text("legal_basis")
    if not legal_basis:
        raise DeadlineRuleError(f"{where}: thiếu căn cứ pháp lý (cột legal_basis).")
    return DeadlineRule(
        rule_id=rule_id,
        kind=choice("kind", KINDS),
        step=choice("step", STEPS),
        attempt=choice("attempt", ("1", "2", "*")),
        complexity=choice("complexity", ("thuong", "phuc_tap", "*")),
        remote_area=choice("remote_area", ("0", "1", "*")),
        within_competence=choice("within_competence", ("0", "1", "*")),
        limit_days=int(limit_text),
        day_type=choice("day_type", DAY_TYPES),
        counted_from=choice("counted_from", COUNTED_FROM),
        effective_from=effective_from,
        effective_to=effective_to,
        legal_basis=legal_basis,
    )
