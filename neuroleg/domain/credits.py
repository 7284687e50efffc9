"""The organisations facts are credited to, and how they nest (NINDS and NCI are parts of NIH).

Credit is data: each fact names the organisation the source credits for it.
This holds the rules that need the whole list: an organisation's lineage, and
a pattern for each one's names (to blank them out of a quiz question).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from neuroleg.kb.links import Doc
from neuroleg.text.names import name_pattern

REF_KEYS = ("id", "name", "short", "url")


class Organisations:
    """The knowledge base's organisations, by id, with their place in one another."""

    def __init__(self, docs: list[Doc]) -> None:
        self.by_id = {d["id"]: d for d in docs}
        self.parent = {i: d["part_of"] for i, d in self.by_id.items() if d.get("part_of") in self.by_id}
        self.patterns: dict[str, re.Pattern[str] | None] = {
            i: name_pattern([d["short"], d["name"]], fold=False) for i, d in self.by_id.items()
        }

    def ancestors(self, org_id: str) -> list[str]:
        """The organisations `org_id` is part of, nearest first."""
        out: list[str] = []
        at = self.parent.get(org_id)
        while at is not None and at not in out and at != org_id:
            out.append(at)
            at = self.parent.get(at)
        return out

    def lineage(self, org_ids: Iterable[str]) -> set[str]:
        """The given organisations with every one they are part of and every one that is part of them:
        none of these could be a wrong answer to 'who gives this?' when one of the given ones is right."""
        wanted = set(org_ids)
        out = set(wanted)
        for org_id in self.by_id:
            line = {org_id, *self.ancestors(org_id)}
            if line & wanted:
                out |= line
        return out

    def refs(self, org_ids: Iterable[str | None]) -> tuple[Doc, ...]:
        """The records (id, name, short, url) of the given organisations, once each, unknown ids skipped."""
        ids = dict.fromkeys(i for i in org_ids if i in self.by_id)
        return tuple({k: self.by_id[i][k] for k in REF_KEYS} for i in ids if i is not None)
