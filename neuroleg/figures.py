"""How figures read in every output format."""

from __future__ import annotations

from typing import Any


def figure_text(stat: dict[str, Any]) -> str:
    """A statistic's figure as people write it: '60-70%', 'up to 50%', '25 years'."""
    suffix = {"percent": "%", "count": "", "years": " years", "months": " months"}[stat["unit"]]
    if stat.get("value") is not None:
        prefix = f"{stat['qualifier']} " if stat.get("qualifier") else ""
        return f"{prefix}{stat['value']:g}{suffix}"
    return f"{stat['low']:g}-{stat['high']:g}{suffix}"
