"""How a cause's record links to the rest: its symptoms, risk factors and names, each with the subtype it
comes through. One home for these rules, read by the compiler, the views, match and the quiz alike.

Works on records as plain data (`Doc`), as the store keeps them: no schema library needed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Doc = dict[str, Any]  # a record as plain data: a cause, a subtype, a symptom term, a source


def symptom_links(cause: Doc) -> Iterator[tuple[str, Doc | None]]:
    """Each symptom id of a cause once, with the subtype it comes through (None: the cause itself, which wins)."""
    seen: set[str] = set()
    for via, symptom_ids in [(None, cause["symptoms"]), *((sub, sub["symptoms"]) for sub in cause["subtypes"])]:
        for symptom_id in symptom_ids:
            if symptom_id not in seen:
                seen.add(symptom_id)
                yield symptom_id, via


def risk_factors(cause: Doc) -> list[tuple[str, Doc | None]]:
    """A cause's risk factors, each with the subtype it belongs to (None: the cause itself)."""
    own: list[tuple[str, Doc | None]] = [(text, None) for text in cause["risk_factors"]]
    return own + [(text, sub) for sub in cause["subtypes"] for text in sub["risk_factors"]]


def names_of(cause: Doc) -> Iterator[str]:
    """Every name a cause is found by: its id, name and aliases, then each subtype's."""
    yield from (cause["id"], cause["name"], *cause["aliases"])
    for sub in cause["subtypes"]:  # a subtype's name finds the cause that describes it
        yield from (sub["id"], sub["name"], *sub["aliases"])


def cited_source_ids(cause: Doc) -> list[str]:
    """Every organisation a cause cites, once each: in its text, its statistics, its subtypes."""
    cited = [*cause["sources"], *(s["source"] for s in cause["statistics"])]
    return list(dict.fromkeys([*cited, *(s for sub in cause["subtypes"] for s in sub["sources"])]))
