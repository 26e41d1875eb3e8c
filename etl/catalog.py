"""Catalogues: units, indicators, choice lists and the workbook layout, read from data files.

Everything here is data the office can edit (``data/catalog/``); this module only reads it.
"""

from __future__ import annotations

import csv
import re
import tomllib
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path

from etl.text import clean, fold

CATALOG_DIR = Path(__file__).resolve().parent.parent / "data" / "catalog"


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    aliases: tuple[str, ...]
    valid_from: date | None
    valid_to: date | None
    parent_code: str | None
    successor_code: str | None
    reports: bool
    short_name: str = ""  # for chart axes on a narrow screen ('Phòng KH-TC'); the name when empty

    def active_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True)
class Indicator:
    year: int
    code: str
    name: str
    short_name: str
    kind: str  # boolean | ratio | derived_count | rating
    target: float
    direction: str  # ">=" or "<="
    measure_unit: str
    source: str  # manual | models | reception
    scope: str  # unit | department
    aggregate: str
    task_group: int
    description: str
    reported_in: str = "all"  # "all" periods, or only the "year" return (e.g. the year-end rating)

    def expected_in(self, period_kind: str) -> bool:
        return self.reported_in == "all" or self.reported_in == period_kind

    @property
    def derived(self) -> bool:
        return self.source != "manual"


@dataclass(frozen=True)
class Option:
    code: str
    label: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class ChoiceList:
    name: str
    options: tuple[Option, ...]
    lookup: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    loose: dict[str, str] = field(default_factory=dict, compare=False, hash=False)  # by loose_key

    def match(self, value: object) -> str | None:
        """The option code for a cell value, matched on its folded form, or None. A number cell
        holding 1 (read as 1.0) matches the option written "1"."""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        key = fold(value)
        found = self.lookup.get(key)
        if found is None and key[-1:] in (".", ";", "!"):
            found = self.lookup.get(key.rstrip(" .;!"))  # "Đang giải quyết." typed as a sentence
        if found is None and key:
            found = self.loose.get(loose_key(key.rstrip(" .;!")))
        return found

    def match_within(self, value: object) -> str | None:
        """The one option named, as whole words, inside a longer text ("Đ/c Trần Văn A - Phó Giám
        đốc Sở"), or None: a name shorter than another it sits inside counts as that one ("Giám đốc
        Sở" in "Phó Giám đốc Sở"); two options named apart ("Giám đốc Sở và cán bộ") are no answer."""
        text = f" {loose_key(fold(value))} "  # 'Phó GĐ Sở' as 'pho giam doc so'
        spans: list[tuple[int, int, str]] = []
        for words, code in self.loose.items():
            start = text.find(f" {words} ")
            while start != -1:
                spans.append((start, start + len(words) + 1, code))
                start = text.find(f" {words} ", start + 1)
        outer = {code for s, e, code in spans
                 if not any(s2 <= s and e <= e2 and (s2, e2) != (s, e) for s2, e2, _ in spans)}
        return outer.pop() if len(outer) == 1 else None

    def label(self, code: str | None) -> str:
        for option in self.options:
            if option.code == code:
                return option.label
        return ""

    @property
    def labels(self) -> list[str]:
        return [option.label for option in self.options]


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    aliases: tuple[str, ...]
    type: str
    required: bool = False
    choices: str | None = None
    default: str | None = None
    width: int = 14
    suggestions: tuple[str, ...] = ()


@dataclass(frozen=True)
class SheetSpec:
    key: str
    name: str
    aliases: tuple[str, ...]
    layout: str  # key_value | table
    required: bool
    is_list: bool
    optional: bool
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


@dataclass(frozen=True)
class Catalog:
    units: tuple[Unit, ...]
    indicators: tuple[Indicator, ...]
    choices: dict[str, ChoiceList]
    sheets: tuple[SheetSpec, ...]
    personal_data_headers: tuple[str, ...]
    ignored_sheets: tuple[str, ...] = ()
    ignored_headers: tuple[str, ...] = ()

    # -- units -----------------------------------------------------------------------------
    def unit(self, code: str) -> Unit | None:
        return next((u for u in self.units if u.code == code), None)

    def match_unit(self, value: object) -> Unit | None:
        """A unit by its code, name or an alias, compared on folded text."""
        key = fold(value)
        if not key:
            return None
        for unit in self.units:
            names = (unit.code, unit.name, *unit.aliases)
            if any(fold(name) == key for name in names):
                return unit
        return None

    def match_unit_loosely(self, value: object) -> Unit | None:
        """The one unit that a unit written more freely names ('Phòng KHTC', 'P. KH-TC', 'VP Sở',
        'Văn phòng Sở GTVT'): compared without spaces and signs, and without the words around a
        unit's own name ('Phòng', 'P.', 'TT' before it; 'Sở', 'Sở GTVT', 'Lai Châu' after it);
        None when no unit or more than one matches."""
        wanted = _unit_forms(fold(value))
        if not wanted:
            return None
        found = {unit.code: unit for unit in self.units
                 if wanted & set().union(*(_unit_forms(fold(n)) for n in (unit.code, unit.name, *unit.aliases)))}
        return next(iter(found.values())) if len(found) == 1 else None

    def current_unit(self, code: str) -> str:
        """Follow merges: the unit that today carries the work of ``code``."""
        seen: set[str] = set()
        unit = self.unit(code)
        while unit is not None and unit.successor_code and unit.code not in seen:
            seen.add(unit.code)
            unit = self.unit(unit.successor_code) or unit
        return unit.code if unit else code

    # -- indicators ------------------------------------------------------------------------
    def indicators_for(self, year: int) -> list[Indicator]:
        exact = [i for i in self.indicators if i.year == year]
        if exact:
            return exact
        # A year without its own catalogue uses the latest earlier one (targets carry over); its
        # texts name their year ("Kế hoạch ... năm 2025"), which becomes this one.
        earlier = sorted({i.year for i in self.indicators if i.year < year})
        if not earlier:
            return []
        was, now = f"năm {earlier[-1]}", f"năm {year}"
        return [replace(i, name=i.name.replace(was, now), short_name=i.short_name.replace(was, now))
                for i in self.indicators if i.year == earlier[-1]]

    def indicator(self, year: int, code: str) -> Indicator | None:
        """The year's indicator of a code as a unit writes it: 'CT01', 'ct 01', 'CT1', 'CT-01'."""
        key = _indicator_key(code)
        return next((i for i in self.indicators_for(year) if _indicator_key(i.code) == key), None)

    # -- sheets ----------------------------------------------------------------------------
    def sheet(self, key: str) -> SheetSpec:
        return next(s for s in self.sheets if s.key == key)

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """Every text the catalogue knows a cell by (sheet names, headers, choices, units), with its
        diacritics, in lower case: the reader keeps such a cell as it is rather than read it as
        legacy-font text ('Có' is not TCVN3 for 'Cú')."""
        texts: list[str] = []
        for spec in self.sheets:
            texts += [spec.name, *spec.aliases]
            for column in spec.columns:
                texts += [column.label, *column.aliases]
        for choices in self.choices.values():
            for option in choices.options:
                texts += [option.label, *option.aliases]
        for unit in self.units:
            texts += [unit.name, *unit.aliases]
        return frozenset(label_key(text) for text in texts)


def label_key(text: object) -> str:
    """A cell's text as the catalogue's vocabulary holds it: clean, lower case, diacritics kept."""
    return clean(text).casefold()


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text.strip() else None


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _choice_list(name: str, raw: dict) -> ChoiceList:
    options = tuple(
        Option(str(o["code"]), clean(o["label"]), tuple(clean(a) for a in o.get("aliases", [])))
        for o in raw["options"]
    )
    lookup: dict[str, str] = {}
    loose: dict[str, str] = {}
    for option in options:
        for text in (option.label, option.code, *option.aliases):
            lookup.setdefault(fold(text), option.code)
            loose.setdefault(loose_key(fold(text)), option.code)
    return ChoiceList(name, options, lookup, loose)


# Abbreviations clerks write, as whole folded words: in headers and choices ('Hạn GQ', 'KQ giải quyết',
# 'Đã GQ'; etl.validate's header matching), and in choices the officials ('Phó GĐ Sở', 'LĐ phòng') and
# the 'i' some write for a closing 'y' ('Định kì').
ABBREVIATIONS = {"gq": "giai quyet", "kq": "ket qua", "xl": "xu ly", "tg": "thoi gian"}
_SPELLINGS = ABBREVIATIONS | {"gd": "giam doc", "pgd": "pho giam doc", "ld": "lanh dao", "ki": "ky", "li": "ly",
                              "mi": "my"}
_CHOICE_WORD = re.compile(r"[a-z0-9]+")


def loose_key(folded: str) -> str:
    """A folded choice as loosely as choices are written: abbreviations spelled out, 'kì' as 'kỳ' (and
    lí, mĩ), every dash or comma a space ('Văn hóa-xã hội' is 'Văn hóa - xã hội', 'Định kì' 'Định kỳ')."""
    return " ".join(_SPELLINGS.get(w, w) for w in _CHOICE_WORD.findall(folded))


def _sheet(raw: dict) -> SheetSpec:
    entries = raw.get("columns") or raw.get("fields") or []
    columns = tuple(
        Column(
            key=c["key"],
            label=c["label"],
            aliases=tuple(c.get("aliases", [])),
            type=c.get("type", "text"),
            required=bool(c.get("required", False)),
            choices=c.get("choices"),
            default=c.get("default"),
            width=int(c.get("width", 14)),
            suggestions=tuple(c.get("suggestions", [])),
        )
        for c in entries
    )
    return SheetSpec(
        key=raw["key"],
        name=raw["name"],
        aliases=tuple(raw.get("aliases", [])),
        layout=raw["layout"],
        required=bool(raw.get("required", False)),
        is_list=bool(raw.get("list", False)),
        optional=bool(raw.get("optional", False)),
        columns=columns,
    )


def _indicator_key(code: object) -> str:
    """'CT 1', 'ct-01', 'CT01' -> 'ct1': letters, then the number without its leading zeros. The
    plan numbers its targets: '1', '01', 'Chỉ tiêu 1', 'Chỉ tiêu số 1' are 'ct1' too."""
    key = re.sub(r"[\s\-_.]", "", fold(code))
    key = re.sub(r"^(chitieu(so)?)?(?=\d+$)", "ct", key)
    return re.sub(r"(?<=[a-z])0+(?=\d)", "", key)


def load_catalog(directory: Path | None = None) -> Catalog:
    directory = directory or CATALOG_DIR
    units = tuple(
        Unit(
            code=r["unit_code"].strip(),
            name=clean(r["unit_name"]),
            aliases=tuple(clean(a) for a in r["aliases"].split("|") if a.strip()),
            valid_from=_date(r["valid_from"]),
            valid_to=_date(r["valid_to"]),
            parent_code=r["parent_code"].strip() or None,
            successor_code=r["successor_code"].strip() or None,
            reports=r["reports"].strip() not in ("0", "", "false"),
            short_name=clean(r.get("short_name") or ""),
        )
        for r in _read_csv(directory / "units.csv")
    )
    indicators = tuple(
        Indicator(
            year=int(r["year"]),
            code=r["indicator_code"].strip(),
            name=clean(r["name"]),
            short_name=clean(r["short_name"]),
            kind=r["kind"].strip(),
            target=float(r["target"]),
            direction=r["direction"].strip(),
            measure_unit=r["measure_unit"].strip(),
            source=r["source"].strip(),
            scope=r["scope"].strip(),
            aggregate=r["aggregate"].strip(),
            task_group=int(r["task_group"]),
            description=clean(r["description"]),
            reported_in=(r.get("reported_in") or "all").strip(),
        )
        for r in _read_csv(directory / "indicators.csv")
    )
    with (directory / "choices.toml").open("rb") as handle:
        choices = {name: _choice_list(name, raw) for name, raw in tomllib.load(handle).items()}
    with (directory / "workbook.toml").open("rb") as handle:
        workbook = tomllib.load(handle)
    sheets = tuple(_sheet(raw) for raw in workbook["sheets"])
    personal = tuple(fold(h) for h in workbook["personal_data"]["headers"])
    ignored = tuple(fold(name) for name in workbook.get("ignored_sheets", []))
    ignored_headers = tuple(fold(h) for h in workbook.get("ignored_headers", []))
    return Catalog(units, indicators, choices, sheets, personal, ignored, ignored_headers)


@lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    return load_catalog()


# The words around a unit's own name as offices write it, compacted (fold, no spaces or signs).
_UNIT_BEFORE = ("phong", "p", "ban", "trungtam", "tt", "doan")
_UNIT_AFTER = ("sogiaothongvantai", "sogtvt", "soxaydung", "soxd", "gtvt", "tinhlaichau", "laichau", "so")
_NOT_LETTERS = re.compile(r"[^0-9a-z]")


@lru_cache(maxsize=512)
def _unit_forms(folded: str) -> frozenset[str]:
    """A unit's text compacted, and without one word before and one after its own name."""
    whole = _NOT_LETTERS.sub("", folded.replace("đ", "d"))
    forms = {whole}
    for before in ("", *_UNIT_BEFORE):
        if not whole.startswith(before):
            continue
        rest = whole[len(before):]
        forms.add(rest)
        forms.update(rest[:-len(after)] for after in _UNIT_AFTER if rest.endswith(after))
    return frozenset(f for f in forms if len(f) >= 2)
