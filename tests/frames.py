"""Turn query results into plain Python values, so tests can compare whole expected records."""

from __future__ import annotations

import math

import pandas as pd


def records(frame: pd.DataFrame) -> list[dict]:
    """Plain Python values: dates as date, missing as None, numpy scalars unwrapped."""
    out = []
    for row in frame.to_dict("records"):
        clean = {}
        for key, value in row.items():
            if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
                value = None
            elif isinstance(value, pd.Timestamp):
                value = value.date()
            elif hasattr(value, "item"):
                value = value.item()
            clean[key] = value
        out.append(clean)
    return out
