"""How names are compared: one rule for the validator, the compiler and lookups."""

from __future__ import annotations

import re
from collections.abc import Iterable


def normalise_name(name: str) -> str:
    """The form names are compared in: case-folded, with runs of space, '-' and '_' as one space."""
    return " ".join(name.casefold().replace("-", " ").replace("_", " ").split())


def name_pattern(names: Iterable[str], fold: bool) -> re.Pattern[str] | None:
    """One pattern for whole-word mentions of any of `names`; space, '-' and '_' match each other."""
    forms = {normalise_name(n) if fold else " ".join(n.replace("-", " ").split()) for n in names}
    words = [f.split(" ") for f in sorted(forms, key=lambda f: (-len(f), f)) if f]
    if not words:
        return None
    alternatives = "|".join(r"[\s_-]+".join(re.escape(w) for w in ws) for ws in words)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE if fold else 0)


def lower_first(name: str) -> str:
    """A name as it reads inside a sentence: 'Diabetic neuropathy' becomes 'diabetic neuropathy', 'NCI' stays."""
    return name[:1].lower() + name[1:] if name[1:2].islower() else name
