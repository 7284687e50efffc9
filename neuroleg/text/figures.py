"""How figures read in every output format."""

from __future__ import annotations

import math
from typing import Any, Literal


def figure_text(stat: dict[str, Any]) -> str:
    """A statistic's figure as people write it: '60-70%', 'up to 50%', '25 years'."""
    suffix = {"percent": "%", "count": "", "years": " years", "months": " months"}[stat["unit"]]
    if stat.get("value") is not None:
        prefix = f"{stat['qualifier']} " if stat.get("qualifier") else ""
        return f"{prefix}{stat['value']:g}{suffix}"
    return f"{stat['low']:g}-{stat['high']:g}{suffix}"


def figure_span(stat: dict[str, Any]) -> tuple[float, float]:
    """Where a figure lies: a range as given, "up to X" from 0, "at least X" to the top, others at the value."""
    if stat.get("low") is not None:
        return stat["low"], stat["high"]
    qualifier, value = stat.get("qualifier"), stat["value"]
    top = 100 if stat["unit"] == "percent" else math.inf
    return (0 if qualifier == "up to" else value), (top if qualifier == "at least" else value)


OpenEnd = Literal["low", "high"]  # the end of a span that is no real bound
_OPEN_END: dict[str, OpenEnd] = {"up to": "low", "at least": "high"}


def figure_open(stat: dict[str, Any]) -> OpenEnd | None:
    """The end of a figure's span that is no real bound: 0 for "up to X", the top for "at least X"."""
    return _OPEN_END.get(stat.get("qualifier") or "")


def spans_overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Could two figures both be true of one thing: do their spans share a value?"""
    return a[0] <= b[1] and b[0] <= a[1]
