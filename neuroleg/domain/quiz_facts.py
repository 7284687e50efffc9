"""What the quiz's question makers read from a store: each record once, and only when needed."""

from __future__ import annotations

import re
from collections.abc import Iterable
from random import Random
from typing import Any, NamedTuple

from neuroleg.db.store import Store
from neuroleg.domain.credits import Organisations, Origins
from neuroleg.errors import UnknownNameError
from neuroleg.kb.links import Doc, own_symptoms, risk_factors, subject_name, subject_of
from neuroleg.text.figures import figure_span, figure_text
from neuroleg.text.names import name_pattern
from neuroleg.text.words import letter_words, stems_meet, telling_stems

SAMPLE = 64  # other causes tried as wrong choices per question: plenty, and bounded on a 10,000-cause file


class SourceRef(NamedTuple):
    """An organisation a fact rests on."""

    short: str
    name: str
    url: str


Refs = tuple[SourceRef, ...]
Span = tuple[float, float]


class Figures(NamedTuple):
    """The file's figures, read once: by unit (with where each lies), and what each fact and figure rests on."""

    by_unit: dict[str, dict[str, Span]]  # every figure of a unit, with its span (figures.figure_span)
    by_fact: dict[Any, set[str]]  # figures given for one (label, population, source)
    sources_of: dict[Any, set[str]]  # sources giving one (label, population, figure)
    by_population: dict[str, set[str]]  # every figure given for a population


class RiskFact(NamedTuple):
    """A risk factor and what it raises the risk of (a subject id, and its name)."""

    text: str
    subject: str
    subject_name: str


class Profile(NamedTuple):
    """What a cause needs to be a wrong choice: kept for many causes, so small."""

    id: str
    name: str
    names: re.Pattern[str] | None  # every name it goes by, to blank out or to spot in a prompt
    mechanism: str  # as compared (text_key)
    risks: frozenset[str]
    stems: frozenset[str]  # every word stem of its texts, category and symptom names: what it could be said to bring
    risk_facts: tuple[RiskFact, ...]  # its risk factors with their subjects
    name_stems: frozenset[str]  # the telling stems of its name and aliases ("accident" for injury)
    subtypes: tuple[str, ...]  # its subtypes' names
    forms: frozenset[str]  # the forms of neuropathy it leads to
    all_names: tuple[str, ...] = ()  # name, aliases, subtypes' names and aliases: the words an answer must not show
    related: frozenset[str] = frozenset()  # causes the file relates it to (surgery and injury): never set against it

    def near(self, other: Profile) -> bool:
        """Does either cause list the other as related? Read plainly, "inflammation after an injury" is as true
        as "after an operation": a related cause is never a wrong choice for the other's text."""
        return other.id in self.related or self.id in other.related

    def mentions(self, wanted: Iterable[str], at_least: int = 1) -> bool:
        """Do the cause's texts hold words meeting at least `at_least` of `wanted` (stems)?"""
        return sum(1 for w in set(wanted) if any(stems_meet(w, own) for own in self.stems)) >= at_least


class Facts:
    """The store's records as the question makers need them, each read once and only when needed."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.organisations = Organisations(store.organisations())
        self.sources = self.organisations.by_id
        self.origins = Origins(store.source_article(), store.pages(), list(self.sources.values()))
        self.pages = {p["id"]: p for p in store.pages()}
        self.symptoms = {s["id"]: s for s in store.symptoms()}
        overview = store.overview()
        self.general = {s for form in store.forms() for s in form["symptoms"]}  # a form's: many causes lead there
        self.broad = store.broad_forms()  # forms other kinds fall inside, read plainly: never a wrong choice
        general_text = " ".join([overview["summary"], *(f"{s['title']} {s['text']}" for s in overview["sections"])])
        self.vocabulary = set(letter_words(general_text.casefold(), 4))  # words about neuropathy at large
        self.cause_ids = [row["id"] for row in store.cause_rows()]
        self.forms = {f["id"]: f for f in store.forms()}
        self.form_names = {i: f["name"] for i, f in self.forms.items()}
        self.categories = {c["id"]: c for c in store.categories()}
        self._profiles: dict[str, Profile] = {}
        self._figures: Figures | None = None

    def profile(self, cause_id: str) -> Profile:
        """A cause's profile. Its names: id, name, aliases, its subtypes' (they resolve to it too), and each
        telling word of its name ("Chemotherapy" in "Generated 7 Chemotherapy", not "neuropathy")."""
        if cause_id not in self._profiles:
            doc = self.store.cause(cause_id)
            subs = [n for sub in doc["subtypes"] for n in (sub["id"], sub["name"], *sub["aliases"])]
            words = [w for w in letter_words(doc["name"], 4) if w.casefold() not in self.vocabulary]
            names = name_pattern([doc["id"], doc["name"], *doc["aliases"], *subs, *words], fold=True)
            risks = frozenset(text_key(risk["text"]) for risk, _ in risk_factors(doc))
            said = [doc["summary"], doc["mechanism"], *(f["text"] for f in [*doc["treatment"], *doc["claims"]])]
            said += [risk["text"] for risk, _ in risk_factors(doc)] + [sub["summary"] for sub in doc["subtypes"]]
            category = self.categories.get(doc["category"])  # "autoimmune": the immune system attacks
            said += [category["name"], category["description"]] if category else []
            said += [link["evidence"] for link in doc["leads_to"]]
            symptom_ids = [s for entry in [doc, *doc["subtypes"]] for s, *_ in own_symptoms(entry)]
            said += [self.symptoms[i]["name"] for i in symptom_ids if i in self.symptoms]
            stems = frozenset(st for text in said for st in telling_stems(text))
            mechanism = text_key(doc["mechanism"])
            risk_facts = tuple(self.risk_fact(doc, risk, sub) for risk, sub in risk_factors(doc))
            called = frozenset(s for n in [doc["name"], *doc["aliases"]] for s in telling_stems(n))
            self._profiles[cause_id] = Profile(
                doc["id"],
                doc["name"],
                names,
                mechanism,
                risks,
                stems,
                risk_facts,
                called,
                tuple(sub["name"] for sub in doc["subtypes"]),
                frozenset(link["form"] for link in doc["leads_to"]),
                (doc["name"], *doc["aliases"], *subs),
                frozenset(doc.get("related", [])),
            )
        return self._profiles[cause_id]

    def names_behind(self, cause_id: str, text: str) -> list[str]:
        """Every name of a cause, and of whatever cause each name blanked out of its `text` also names: in a file
        that reuses a word ("alcohol" in a cause's name and in another's aliases), the other's aliases
        ("drinking") are synonyms of the blank too."""
        mine = self.profile(cause_id)
        out = list(mine.all_names)
        for piece in dict.fromkeys(m.group(0) for m in mine.names.finditer(text)) if mine.names else []:
            try:
                other = self.store.resolve(piece)
            except UnknownNameError:
                continue
            if other != cause_id:
                out += self.profile(other).all_names
        return out

    def risk_fact(self, doc: Doc, risk: Doc, sub: Doc | None) -> RiskFact:
        """A risk factor of `doc` (under `sub`, if a subtype's) with what it raises the risk of."""
        subject = subject_of(risk, "raises", doc, sub)
        return RiskFact(risk["text"], subject, subject_name(doc, subject, self.form_names)[1])

    def figures(self) -> Figures:
        """Figures by unit; figures by (label, population, source); sources by (label, population, figure)."""
        if self._figures is None:
            by_unit: dict[str, dict[str, Span]] = {}
            by_fact: dict[Any, set[str]] = {}
            sources_of: dict[Any, set[str]] = {}
            by_population: dict[str, set[str]] = {}
            for stat in self.store.statistics():
                figure, (label, population, source) = figure_text(stat), fact_key(stat)
                by_unit.setdefault(stat["unit"], {})[figure] = figure_span(stat)
                by_fact.setdefault((label, population, source), set()).add(figure)
                sources_of.setdefault((label, population, figure), set()).add(source)
                by_population.setdefault(population, set()).add(figure)
            self._figures = Figures(by_unit, by_fact, sources_of, by_population)
        return self._figures

    def others(self, rng: Random, cause_id: str) -> list[str]:
        """Other causes, in random order: all of them in a small file, a sample in a big one."""
        if len(self.cause_ids) > SAMPLE:
            return [c for c in rng.sample(self.cause_ids, SAMPLE) if c != cause_id]
        return rng.sample([c for c in self.cause_ids if c != cause_id], len(self.cause_ids) - 1)

    def refs(self, source_ids: Iterable[str | None]) -> Refs:
        """The organisations with these ids (None and unknown ids skipped), once each."""
        ids = dict.fromkeys(i for i in source_ids if i is not None and i in self.sources)
        return tuple(SourceRef(self.sources[i]["short"], self.sources[i]["name"], self.sources[i]["url"]) for i in ids)


def text_key(text: str) -> str:
    return " ".join(text.casefold().split())


def fact_key(stat: Doc) -> tuple[str, str, str]:
    return (text_key(stat["label"]), text_key(stat["population"]), stat["credited"])
