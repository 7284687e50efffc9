"""Typed records for the views: a cause with every id resolved, and each fact with its subject and credit.

Built fresh from the store's `Doc`s, which are never changed in place. They
are `TypedDict`s for mypy and plain dicts at run time, already in the stable
JSON shape docs/formats.md documents.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, TypedDict, cast

from neuroleg.db.store import Store
from neuroleg.domain.credits import Origins, distinct_origins, origin_text
from neuroleg.kb.links import Doc, cited_source_ids, own_symptoms, subject_name, subject_of
from neuroleg.text.figures import figure_text
from neuroleg.text.names import lower_first
from neuroleg.views.body_map import felt_in_entries
from neuroleg.views.codes import codes_entry

if TYPE_CHECKING:  # mypy checks every record's keys; at run time each is a plain dict (defining TypedDicts
    # costs about half a millisecond of start-up, and calling one only ever builds a dict)
    from neuroleg.views.body_map import FeltInEntry

    class SourceEntry(TypedDict):
        """An organisation facts are credited to, and the one it is part of (with the page that says so)."""

        id: str
        name: str
        short: str
        url: str
        part_of: str | None
        part_of_source: str | None

    class SymptomEntry(TypedDict):
        """A symptom term."""

        id: str
        name: str
        description: str

    class LinkedSymptom(SymptomEntry):
        """A symptom of a cause, subtype or form, with the organisation credited for the link (None: none) and
        where the link comes from: the article or a page (`domain.credits.Origins`)."""

        credited: str | None
        origin: dict[str, Any]

    SubjectKind = Literal["cause", "subtype", "form"]

    class Subject(TypedDict):
        """What a fact is about: the cause itself, one of its subtypes, or a form of neuropathy."""

        kind: SubjectKind
        id: str
        name: str

    class FactEntry(TypedDict):
        """A statement, the organisation credited for it (None: none), and where it comes from: the article or
        a page."""

        text: str
        credited: str | None
        origin: dict[str, Any]

    class RiskEntry(FactEntry):
        """A risk factor, what it raises the risk of, and among whom (None: anyone)."""

        raises: Subject
        among: str | None

    class FormLinkEntry(TypedDict):
        """A form of neuropathy the source says the cause leads to: why, and that form's own symptoms."""

        id: str
        name: str
        summary: str
        evidence: str
        credited: str | None
        origin: dict[str, Any]  # where the evidence comes from
        claims: list[FactEntry]  # what the sources say of the form itself
        symptoms: list[LinkedSymptom]  # the form's own, each with where it comes from
        codes: dict[str, Any] | None  # its standard codes, each system with its release (views/codes.py)

    class CauseRef(TypedDict):
        """Another cause, by id and name."""

        id: str
        name: str

    class StatEntry(TypedDict):
        """A statistic, what it is of, its figure in words, and the organisation that gives it."""

        label: str
        low: float | None
        high: float | None
        value: float | None
        qualifier: str | None
        unit: str
        population: str
        about: Subject
        source: str
        note: str | None
        figure: str
        source_name: str
        source_url: str

    class _SubtypePlace(TypedDict, total=False):
        location: str  # left out where the file gives none
        side: str

    class SubtypeEntry(_SubtypePlace):
        """A named form of a cause, with its own signs and facts."""

        id: str
        name: str
        aliases: list[str]
        summary: str
        symptoms: list[LinkedSymptom]
        risk_factors: list[RiskEntry]
        claims: list[FactEntry]
        felt_in: list[FeltInEntry]  # where each source says it is felt
        codes: dict[str, Any] | None

    class CauseEntry(TypedDict):
        """One cause, everything resolved: what `show`, `compare`, `symptoms NAME` and the handout read."""

        id: str
        name: str
        category: str
        category_name: str
        aliases: list[str]
        summary: str
        claims: list[FactEntry]
        mechanism: str
        symptoms: list[LinkedSymptom]  # its own: a subtype's are under the subtype, a form's under the form
        forms: list[FormLinkEntry]
        risk_factors: list[RiskEntry]
        statistics: list[StatEntry]
        treatment: list[FactEntry]
        subtypes: list[SubtypeEntry]
        related: list[CauseRef]
        felt_in: list[FeltInEntry]  # where each source says it is felt (a subtype's: under the subtype)
        sources: list[SourceEntry]  # every organisation one of its facts is credited to
        origins: list[dict[str, Any]]  # the article, then every page one of its facts comes from
        codes: dict[str, Any] | None  # how it is typically coded, with each system's release

else:
    SourceEntry = SymptomEntry = LinkedSymptom = Subject = FactEntry = RiskEntry = FormLinkEntry = CauseRef = (
        StatEntry
    ) = SubtypeEntry = CauseEntry = dict


def source_title(source: SourceEntry) -> str:
    """An organisation's name, with its short name where that differs."""
    return source["name"] if source["short"] == source["name"] else f"{source['name']} ({source['short']})"


def source_line(source: SourceEntry) -> str:
    """An organisation's name and address, for a list of sources."""
    return f"{source_title(source)}: {source['url']}"


def credit_note(fact: FactEntry, sources: dict[str, SourceEntry]) -> str:
    """A fact's text, with the organisation credited for it in brackets, and the page it comes from."""
    origin = fact["origin"]
    if origin["kind"] == "page":
        return f"{fact['text']} (source: {origin_text(origin)})"
    source = sources.get(fact["credited"] or "")
    if source is None or source["short"] in fact["text"] or source["name"] in fact["text"]:
        return fact["text"]  # no organisation, or the text names it already
    return f"{fact['text']} ({source['short']})"


def form_fact(form: FormLinkEntry) -> FactEntry:
    """The evidence that a cause leads to a form, as a fact with its credit."""
    return FactEntry(text=form["evidence"], credited=form["credited"], origin=form["origin"])


def stat_sentence(stat: StatEntry) -> str:
    """A statistic in one sentence, with its population and source."""
    note = f" {stat['note']}" if stat["note"] else ""
    return f"{stat['figure']}: {stat['label']}, among {stat['population']} (source: {stat['source_name']}).{note}"


def stat_headline(stat: StatEntry | None) -> str:
    """A statistic's figure, population and source, for a listing ('-' for none)."""
    if stat is None:
        return "-"
    return f"{stat['figure']} of {stat['population']} ({stat['source_name']}): {lower_first(stat['label'])}"


def risk_sentence(risk: RiskEntry, owner: str) -> str:
    """A risk factor, saying what it raises the risk of unless that is `owner` (the cause or subtype it sits under)."""
    subject = risk["raises"]
    among = f" among {risk['among']}" if risk.get("among") else ""
    if subject["kind"] != "form" and subject["id"] == owner:
        return f"{risk['text']} (Among {risk['among']}.)" if among else risk["text"]
    return f"{risk['text']} (It raises the risk of {lower_first(subject['name'])}{among}.)"


def sources_by_id(store: Store) -> dict[str, SourceEntry]:
    """Every organisation of the knowledge base, by id."""
    return {s["id"]: source_entry(s) for s in store.organisations()}


def source_entry(doc: Doc) -> SourceEntry:
    """An organisation's record, typed."""
    return SourceEntry(
        id=doc["id"],
        name=doc["name"],
        short=doc["short"],
        url=doc["url"],
        part_of=doc.get("part_of"),
        part_of_source=doc.get("part_of_source"),
    )


def symptom_entry(doc: Doc) -> SymptomEntry:
    """A symptom term's record, typed."""
    return SymptomEntry(id=doc["id"], name=doc["name"], description=doc["description"])


def stat_entry(stat: Doc, sources: dict[str, SourceEntry], about: Subject) -> StatEntry:
    """A statistic's record, typed, with its figure in words and its organisation's name and address."""
    source = sources[stat["credited"]]
    return StatEntry(
        label=stat["label"],
        low=stat.get("low"),
        high=stat.get("high"),
        value=stat.get("value"),
        qualifier=stat.get("qualifier"),
        unit=stat["unit"],
        population=stat["population"],
        about=about,
        source=stat["credited"],
        note=stat.get("note"),
        figure=figure_text(stat),
        source_name=source["short"],
        source_url=source["url"],
    )


class Vocabulary:
    """The knowledge base's lists that causes refer to, read once for a view."""

    def __init__(self, store: Store) -> None:
        self.symptom_docs = {s["id"]: s for s in store.symptoms()}
        self.symptoms = {i: symptom_entry(s) for i, s in self.symptom_docs.items()}
        self.sources = sources_by_id(store)
        self.forms = {f["id"]: f for f in store.forms()}
        self.form_names = {i: f["name"] for i, f in self.forms.items()}
        self.categories = {c["id"]: c for c in store.categories()}
        self.systems = store.code_systems()
        self.origins = Origins(store.source_article(), store.pages(), store.organisations())

    def codes(self, record: Doc) -> dict[str, Any] | None:
        """A record's standard codes, each system with the release they come from."""
        return codes_entry(record.get("codes"), self.systems)

    def subject(self, cause: Doc, subject_id: str) -> Subject:
        """What a fact of `cause` is about."""
        kind, name = subject_name(cause, subject_id, self.form_names)
        return Subject(kind=cast("SubjectKind", kind), id=subject_id, name=name)  # kb.links says which of the three

    def linked(self, symptom_id: str, credited: str | None, page: str | None) -> LinkedSymptom:
        origin = self.origins.of(page)
        return cast(LinkedSymptom, {**self.symptoms[symptom_id], "credited": credited, "origin": origin})

    def form_symptoms(self, form: Doc) -> list[LinkedSymptom]:
        """A form's own symptoms, each with the page that gives it (none: the article)."""
        pages = form.get("symptom_pages", {})
        owner = {p: o.get("organisation") for p, o in self.origins.pages.items()}
        return [self.linked(s, owner.get(pages.get(s, "")), pages.get(s)) for s in form["symptoms"]]

    def facts(self, docs: list[Doc]) -> list[FactEntry]:
        return [
            FactEntry(text=d["text"], credited=d.get("credited"), origin=self.origins.of(d.get("page"))) for d in docs
        ]

    def risks(self, cause: Doc, docs: list[Doc], subtype: Doc | None = None) -> list[RiskEntry]:
        return [
            RiskEntry(
                text=d["text"],
                credited=d.get("credited"),
                raises=self.subject(cause, subject_of(d, "raises", cause, subtype)),
                among=d.get("among"),
                origin=self.origins.of(d.get("page")),
            )
            for d in docs
        ]

    def stat(self, cause: Doc, stat: Doc) -> StatEntry:
        return stat_entry(stat, self.sources, self.subject(cause, subject_of(stat, "about", cause)))

    def category_name(self, category_id: str) -> str:
        category = self.categories.get(category_id)
        return str(category["name"]) if category else category_id


def cause_entry(store: Store, cause_id: str, vocabulary: Vocabulary | None = None) -> CauseEntry:
    """One cause with every id resolved to a record, and each fact with its subject and credit."""
    doc = store.cause(cause_id)
    known = vocabulary or Vocabulary(store)
    related = store.cause_names(doc["related"])
    subtypes = []
    for sub in doc["subtypes"]:
        entry = {k: sub[k] for k in ("id", "name", "aliases", "summary", "location", "side") if k in sub}
        entry["symptoms"] = [known.linked(s, credited, page) for s, credited, page in own_symptoms(sub)]
        entry["risk_factors"] = known.risks(doc, sub["risk_factors"], sub)
        entry["claims"] = known.facts(sub.get("claims", []))
        entry["felt_in"] = felt_in_entries(sub.get("felt_in", []), known.origins)
        entry["codes"] = known.codes(sub)
        subtypes.append(cast(SubtypeEntry, entry))
    forms = [
        FormLinkEntry(
            id=link["form"],
            name=known.forms[link["form"]]["name"],
            summary=known.forms[link["form"]]["summary"],
            evidence=link["evidence"],
            credited=link.get("credited"),
            origin=known.origins.of(link.get("page")),
            claims=known.facts(known.forms[link["form"]].get("claims", [])),
            symptoms=known.form_symptoms(known.forms[link["form"]]),
            codes=known.codes(known.forms[link["form"]]),
        )
        for link in doc["leads_to"]
    ]
    made = CauseEntry(
        id=doc["id"],
        name=doc["name"],
        category=doc["category"],
        category_name=known.category_name(doc["category"]),
        aliases=list(doc["aliases"]),
        summary=doc["summary"],
        claims=known.facts(doc["claims"]),
        mechanism=doc["mechanism"],
        symptoms=[known.linked(s, credited, page) for s, credited, page in own_symptoms(doc)],
        forms=forms,
        risk_factors=known.risks(doc, doc["risk_factors"]),
        statistics=[known.stat(doc, s) for s in doc["statistics"]],
        treatment=known.facts(doc["treatment"]),
        subtypes=subtypes,
        related=[CauseRef(id=r, name=related[r]) for r in doc["related"] if r in related],  # a missing one: skipped
        felt_in=felt_in_entries(doc.get("felt_in", []), known.origins),
        sources=[known.sources[s] for s in cited_source_ids(doc)],
        origins=[],
        codes=known.codes(doc),
    )
    made["origins"] = origins_of(made, known.origins.article)
    return made


def origins_of(cause: CauseEntry, article: dict[str, Any]) -> list[dict[str, Any]]:
    """The article, then each page that one of a cause's facts or links comes from, once, as a reader meets them."""
    facts: list[FactEntry | LinkedSymptom | FormLinkEntry | FeltInEntry] = [*cause["claims"], *cause["symptoms"]]
    for form in cause["forms"]:
        facts += [form, *form["claims"], *form["symptoms"]]
    facts += [*cause["felt_in"], *cause["risk_factors"], *cause["treatment"]]
    for sub in cause["subtypes"]:
        facts += [*sub["symptoms"], *sub["felt_in"], *sub["risk_factors"], *sub["claims"]]
    return distinct_origins([article, *(fact.get("origin") for fact in facts)])
