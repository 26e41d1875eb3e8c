"""Vietnamese display formats: numbers 1.234,5, percentages 87,5%, dates dd/mm/yyyy, code labels."""

from __future__ import annotations

import math
import numbers
import textwrap
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

import pandas as pd

from etl.catalog import default_catalog

NO_DATA = "Chưa có số liệu"


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def num(value: object, decimals: int = 0) -> str:
    """1234.5 -> '1.234,5' (vi-VN). Halves round away from zero, as in Excel and in the offices'
    own reports (6,25 -> '6,3'; Python's own formatting would give '6,2')."""
    if _missing(value):
        return "–"
    if isinstance(value, numbers.Integral):
        exact = Decimal(int(value))
    else:
        number = float(value)  # type: ignore[arg-type]
        if not math.isfinite(number):
            return "–"
        exact = Decimal(repr(number))  # the shortest decimal that is this float: 6.25, not 6.2499…
    rounded = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if rounded.is_zero():
        rounded = abs(rounded)  # never "-0,0"
    text = f"{rounded:,.{decimals}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def pct(value: object, decimals: int = 1) -> str:
    """A share 0..1 -> '87,5%'."""
    if _missing(value):
        return "–"
    text = num(float(value) * 100, decimals)  # type: ignore[arg-type]
    return text if text == "–" else f"{text}%"


def day(value: object) -> str:
    if _missing(value):
        return ""
    if isinstance(value, (pd.Timestamp, datetime)):
        value = value.date()
    return value.strftime("%d/%m/%Y") if isinstance(value, date) else str(value)


def moment(value: object) -> str:
    if _missing(value):
        return ""
    if isinstance(value, (pd.Timestamp, datetime)):
        return value.strftime("%d/%m/%Y %H:%M")
    return day(value)


def label(list_name: str, code: object) -> str:
    """A stored choice code -> its Vietnamese label ('khieu_nai' -> 'Khiếu nại')."""
    if _missing(code):
        return ""
    return default_catalog().choices[list_name].label(str(code)) or str(code)


def labels(list_name: str) -> dict[str, str]:
    return {o.code: o.label for o in default_catalog().choices[list_name].options}


def unit_names() -> dict[str, str]:
    return {u.code: u.name for u in default_catalog().units}


SHORT_LABEL_CHARS = 20  # a wrapped line of a unit's label on a chart axis


def short_unit(name: str) -> str:
    """A unit's label on a chart axis, where a phone leaves ~130 px for it: the catalogue's short
    name ('Phòng KH-TC'), else the name on lines of ~20 characters joined by '<br>', at most two
    (the rest cut with '…'). The hover keeps the full name."""
    short = _short_names().get(name)
    if short:
        return short
    lines = textwrap.wrap(str(name), SHORT_LABEL_CHARS, break_long_words=False) or [""]
    return "<br>".join(lines if len(lines) <= 2 else [lines[0], lines[1] + "…"])


@lru_cache(maxsize=1)
def _short_names() -> dict[str, str]:
    return {u.name: u.short_name for u in default_catalog().units if u.short_name}


STATUS_LABEL = {"active": "Đang dùng", "superseded": "Đã bị thay thế", "withdrawn": "Đã rút"}
YES_NO = {True: "Có", False: "Không"}
