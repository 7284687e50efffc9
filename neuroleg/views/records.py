"""Typed records for the views: a cause with its symptom, source and related-cause ids resolved.

The store's own `Doc`s are never changed in place: each view reads these
records, and `data()` gives the stable JSON shape the README documents.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from neuroleg.db.store import Store
from neuroleg.kb.links import Doc, cited_source_ids, symptom_links
from neuroleg.text.figures import figure_text


class SourceEntry(NamedTuple):
    """An organisation facts rest on."""

    id: str
    name: str
    short: str
    url: str

    @property
    def title(self) -> str:
        """Its name, with its short name where that differs."""
        return self.name if self.short == self.name else f"{self.name} ({self.short})"

    @property
    def line(self) -> str:
        """Its name and address, for a list of sources."""
        return f"{self.title}: {self.url}"


class SymptomEntry(NamedTuple):
    """A symptom term."""

    id: str
    name: str
    description: str


class CauseRef(NamedTuple):
    """Another cause, by id and name."""

    id: str
    name: str


class StatEntry(NamedTuple):
    """A statistic, its figure as words, and its source."""

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

    @property
    def sentence(self) -> str:
        """The statistic in one sentence, with its population and source."""
        note = f" {self.note}" if self.note else ""
        return f"{self.figure}: {self.label}, among {self.population} (source: {self.source_name}).{note}"

    @property
    def headline(self) -> str:
        """The figure, its population and source, for a listing."""
        return f"{self.figure} of {self.population} ({self.source_name})"


class SubtypeEntry(NamedTuple):
    """A named form of a cause, with its own signs."""

    id: str
    name: str
    aliases: tuple[str, ...]
    summary: str
    location: str | None
    side: str | None
    symptoms: tuple[SymptomEntry, ...]
    risk_factors: tuple[str, ...]
    sources: tuple[SourceEntry, ...]


class CauseEntry(NamedTuple):
    """One cause, everything resolved: what `show`, `compare` and the handout read."""

    id: str
    name: str
    category: str
    aliases: tuple[str, ...]
    summary: str
    mechanism: str
    symptoms: tuple[SymptomEntry, ...]
    risk_factors: tuple[str, ...]
    statistics: tuple[StatEntry, ...]
    treatment: tuple[str, ...]
    subtypes: tuple[SubtypeEntry, ...]
    related: tuple[CauseRef, ...]
    sources: tuple[SourceEntry, ...]  # every organisation it cites: in its text, its statistics or its subtypes
    all_symptoms: tuple[tuple[SymptomEntry, str | None], ...] = ()  # each once, with the subtype it comes through

    def data(self) -> dict[str, Any]:
        """The JSON shape of a cause."""
        data: dict[str, Any] = to_data(self)
        return data


def to_data(value: Any) -> Any:
    """A record as plain JSON-ready data: tuples become lists, records mappings (a subtype without a place or side
    leaves those keys out, as the file does)."""
    if isinstance(value, SubtypeEntry):
        return {k: to_data(v) for k, v in value._asdict().items() if v is not None or k not in ("location", "side")}
    if isinstance(value, CauseEntry):
        return {k: to_data(v) for k, v in value._asdict().items() if k != "all_symptoms"}
    if hasattr(value, "_asdict"):
        return {k: to_data(v) for k, v in value._asdict().items()}
    if isinstance(value, tuple | list):
        return [to_data(v) for v in value]
    return value


def sources_by_id(store: Store) -> dict[str, SourceEntry]:
    """Every organisation of the knowledge base, by id."""
    return {s["id"]: source_entry(s) for s in store.sources()}


def source_entry(doc: Doc) -> SourceEntry:
    """An organisation's record, typed."""
    return SourceEntry(doc["id"], doc["name"], doc["short"], doc["url"])


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
        source_name=source.short,
        source_url=source.url,
    )


def cause_entry(store: Store, cause_id: str) -> CauseEntry:
    """One cause with its symptom, source and related-cause ids resolved to records."""
    doc = store.cause(cause_id)
    symptoms = {s["id"]: SymptomEntry(s["id"], s["name"], s["description"]) for s in store.symptoms()}
    sources = sources_by_id(store)
    related = store.cause_names(doc["related"])
    subtypes = tuple(
        SubtypeEntry(
            id=sub["id"],
            name=sub["name"],
            aliases=tuple(sub["aliases"]),
            summary=sub["summary"],
            location=sub.get("location"),
            side=sub.get("side"),
            symptoms=tuple(symptoms[s] for s in sub["symptoms"]),
            risk_factors=tuple(sub["risk_factors"]),
            sources=tuple(sources[s] for s in sub["sources"]),
        )
        for sub in doc["subtypes"]
    )
    return CauseEntry(
        id=doc["id"],
        name=doc["name"],
        category=doc["category"],
        aliases=tuple(doc["aliases"]),
        summary=doc["summary"],
        mechanism=doc["mechanism"],
        symptoms=tuple(symptoms[s] for s in doc["symptoms"]),
        risk_factors=tuple(doc["risk_factors"]),
        statistics=tuple(stat_entry(s, sources) for s in doc["statistics"]),
        treatment=tuple(doc["treatment"]),
        subtypes=subtypes,
        related=tuple(CauseRef(r, related[r]) for r in doc["related"] if r in related),
        sources=tuple(sources[s] for s in cited_source_ids(doc)),
        all_symptoms=tuple((symptoms[s], via["name"] if via else None) for s, via in symptom_links(doc)),
    )
