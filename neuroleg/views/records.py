"""Typed records for the views: a cause with its symptom, source and related-cause ids resolved.

Built fresh from the store's `Doc`s, which are never changed in place. They
are `TypedDict`s: checked by mypy, cheap to define at start-up, and already in
the stable JSON shape the README documents.
"""

from __future__ import annotations

from typing import TypedDict, cast

from neuroleg.db.store import Store
from neuroleg.kb.links import Doc, cited_source_ids
from neuroleg.text.figures import figure_text


class SourceEntry(TypedDict):
    """An organisation facts rest on."""

    id: str
    name: str
    short: str
    url: str


class SymptomEntry(TypedDict):
    """A symptom term."""

    id: str
    name: str
    description: str


class CauseRef(TypedDict):
    """Another cause, by id and name."""

    id: str
    name: str


class StatEntry(TypedDict):
    """A statistic, its figure in words, and its source's name and address."""

    label: str
    low: float | None
    high: float | None
    value: float | None
    qualifier: str | None
    unit: str
    population: str
    source: str
    note: str | None
    figure: str
    source_name: str
    source_url: str


class _SubtypePlace(TypedDict, total=False):
    location: str  # left out where the file gives none
    side: str


class SubtypeEntry(_SubtypePlace):
    """A named form of a cause, with its own signs."""

    id: str
    name: str
    aliases: list[str]
    summary: str
    symptoms: list[SymptomEntry]
    risk_factors: list[str]
    sources: list[SourceEntry]


class CauseEntry(TypedDict):
    """One cause, everything resolved: what `show`, `compare` and the handout read."""

    id: str
    name: str
    category: str
    aliases: list[str]
    summary: str
    mechanism: str
    symptoms: list[SymptomEntry]
    risk_factors: list[str]
    statistics: list[StatEntry]
    treatment: list[str]
    subtypes: list[SubtypeEntry]
    related: list[CauseRef]
    sources: list[SourceEntry]  # every organisation it cites: in its text, its statistics or its subtypes


def source_title(source: SourceEntry) -> str:
    """An organisation's name, with its short name where that differs."""
    return source["name"] if source["short"] == source["name"] else f"{source['name']} ({source['short']})"


def source_line(source: SourceEntry) -> str:
    """An organisation's name and address, for a list of sources."""
    return f"{source_title(source)}: {source['url']}"


def stat_sentence(stat: StatEntry) -> str:
    """A statistic in one sentence, with its population and source."""
    note = f" {stat['note']}" if stat["note"] else ""
    return f"{stat['figure']}: {stat['label']}, among {stat['population']} (source: {stat['source_name']}).{note}"


def stat_headline(stat: StatEntry | None) -> str:
    """A statistic's figure, population and source, for a listing ('-' for none)."""
    return f"{stat['figure']} of {stat['population']} ({stat['source_name']})" if stat else "-"


def sources_by_id(store: Store) -> dict[str, SourceEntry]:
    """Every organisation of the knowledge base, by id."""
    return {s["id"]: source_entry(s) for s in store.sources()}


def source_entry(doc: Doc) -> SourceEntry:
    """An organisation's record, typed."""
    return SourceEntry(id=doc["id"], name=doc["name"], short=doc["short"], url=doc["url"])


def symptom_entry(doc: Doc) -> SymptomEntry:
    """A symptom term's record, typed."""
    return SymptomEntry(id=doc["id"], name=doc["name"], description=doc["description"])


def stat_entry(stat: Doc, sources: dict[str, SourceEntry]) -> StatEntry:
    """A statistic's record, typed, with its figure in words and its source's name and address."""
    source = sources[stat["source"]]
    return StatEntry(
        label=stat["label"],
        low=stat.get("low"),
        high=stat.get("high"),
        value=stat.get("value"),
        qualifier=stat.get("qualifier"),
        unit=stat["unit"],
        population=stat["population"],
        source=stat["source"],
        note=stat.get("note"),
        figure=figure_text(stat),
        source_name=source["short"],
        source_url=source["url"],
    )


def cause_entry(store: Store, cause_id: str) -> CauseEntry:
    """One cause with its symptom, source and related-cause ids resolved to records."""
    doc = store.cause(cause_id)
    symptoms = {s["id"]: symptom_entry(s) for s in store.symptoms()}
    sources = sources_by_id(store)
    related = store.cause_names(doc["related"])
    subtypes = [
        cast(
            SubtypeEntry,
            {
                **{k: sub[k] for k in ("id", "name", "aliases", "summary", "location", "side") if k in sub},
                "symptoms": [symptoms[s] for s in sub["symptoms"]],
                "risk_factors": list(sub["risk_factors"]),
                "sources": [sources[s] for s in sub["sources"]],
            },
        )
        for sub in doc["subtypes"]
    ]
    return CauseEntry(
        id=doc["id"],
        name=doc["name"],
        category=doc["category"],
        aliases=list(doc["aliases"]),
        summary=doc["summary"],
        mechanism=doc["mechanism"],
        symptoms=[symptoms[s] for s in doc["symptoms"]],
        risk_factors=list(doc["risk_factors"]),
        statistics=[stat_entry(s, sources) for s in doc["statistics"]],
        treatment=list(doc["treatment"]),
        subtypes=subtypes,
        related=[CauseRef(id=r, name=related[r]) for r in doc["related"] if r in related],  # a missing one: skipped
        sources=[sources[s] for s in cited_source_ids(doc)],
    )
