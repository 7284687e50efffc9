"""Which organisations a text credits by name ("According to NINDS, ..."): one rule for match and quiz."""

from __future__ import annotations

import re

from neuroleg.kb.links import Doc
from neuroleg.text.names import name_pattern


class Credits:
    """The knowledge base's organisations, each with a pattern for its short and full name."""

    def __init__(self, sources: list[Doc]) -> None:
        self.sources = {s["id"]: s for s in sources}
        self.patterns: dict[str, re.Pattern[str] | None] = {
            i: name_pattern([s["short"], s["name"]], fold=False) for i, s in self.sources.items()
        }

    def named_in(self, text: str) -> list[str]:
        """Ids of the organisations `text` names, in file order."""
        return [i for i, p in self.patterns.items() if p is not None and p.search(text)]
