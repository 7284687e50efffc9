"""Which causes does the reference link to given symptoms and risk factors? Education, not diagnosis.

Each symptom a user types is resolved to the knowledge base's symptom terms;
each risk factor is looked for in the causes' risk-factor texts and names.
Causes are ranked by how many of the given items they meet, the rarer items
counting for more, and every meeting carries the fact behind it.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable
from typing import NamedTuple

from neuroleg.errors import NeurolegError
from neuroleg.names import normalise_name
from neuroleg.store import Record, Store
from neuroleg.terms import met, stem, stems, words

# body parts place a symptom but do not name one: "tingly feet" is tingling, not leg pain
WHERE = frozenset(
    stem(w) for w in ("leg", "foot", "feet", "thigh", "hip", "knee", "calf", "ankle", "toe", "hand", "arm")
)


class Term(NamedTuple):
    """What the user gave, and what it resolved to (symptom ids; empty for a risk factor)."""

    text: str
    kind: str  # "symptom" or "risk"
    symptoms: tuple[str, ...] = ()
    names: tuple[str, ...] = ()  # the symptoms' display names


class Unknown(NamedTuple):
    """A given item that meets nothing in the knowledge base, with the nearest known words."""

    text: str
    kind: str
    suggestions: tuple[str, ...]


class Meeting(NamedTuple):
    """One given item met by one cause: how, and the knowledge-base text behind it."""

    term: str
    kind: str
    what: str  # the symptom's name, or "risk factor" / "the condition itself"
    fact: str  # the text it rests on
    via: str | None  # the subtype it comes through, if any


class CauseMatch(NamedTuple):
    """A cause that meets some of the given items."""

    id: str
    name: str
    category: str
    meetings: tuple[Meeting, ...]
    missed: tuple[str, ...]  # given items this cause does not meet
    score: float
    sources: tuple[Record, ...]  # organisations the entry cites; empty: the source article names none


class MatchResult(NamedTuple):
    """Every cause that meets something, best first, and what could not be read."""

    terms: tuple[Term, ...]
    causes: tuple[CauseMatch, ...]
    unknown: tuple[Unknown, ...]
    general: tuple[str, ...]  # recognised symptoms of neuropathy in general, linked to no one cause


class NoMatchError(NeurolegError):
    """No cause meets any of the given symptoms or risk factors."""

    def __init__(self, result: MatchResult) -> None:
        self.result = result
        super().__init__("no cause in the reference meets what was given")


def match_causes(store: Store, symptoms: list[str], risks: list[str]) -> MatchResult:
    """Rank the causes whose symptoms and risk factors meet the given ones; `NoMatchError` if none does."""
    known = store.symptoms()
    names = {s["id"]: s["name"] for s in known}
    terms: list[Term] = []
    unknown: list[Unknown] = []
    for text in _distinct(symptoms):
        ids = resolve_symptom(text, known)
        if ids:
            terms.append(Term(text, "symptom", ids, tuple(names[i] for i in ids)))
        else:
            unknown.append(Unknown(text, "symptom", _suggest(text, [s["name"] for s in known])))
    given_risks = _distinct(risks)
    risk_meetings, vocabulary = _risk_meetings(store, given_risks)
    for text in given_risks:
        if any(m.term == text for found in risk_meetings.values() for m in found):
            terms.append(Term(text, "risk"))
        else:
            unknown.append(Unknown(text, "risk", _suggest(text, sorted(vocabulary))))
    meetings = _symptom_meetings(store, terms)
    for cause_id, found in risk_meetings.items():
        meetings.setdefault(cause_id, []).extend(found)
    ranked = _rank(store, terms, meetings)
    general_ids = set(store.overview()["symptoms"])
    linked = {m.term for ms in meetings.values() for m in ms}
    unmet = [t for t in terms if t.kind == "symptom" and t.text not in linked]
    general = tuple(dict.fromkeys(names[i] for t in unmet for i in t.symptoms if i in general_ids))
    result = MatchResult(tuple(terms), tuple(ranked), tuple(unknown), general)
    if not ranked:
        raise NoMatchError(result)
    return result


def resolve_symptom(text: str, known: list[Record]) -> tuple[str, ...]:
    """The ids of the symptom terms that `text` names: exactly, or by the most shared word stems."""
    key = normalise_name(text)
    exact = tuple(s["id"] for s in known if key in (normalise_name(s["id"]), normalise_name(s["name"])))
    if exact:
        return exact
    given = stems(text)
    named = tuple(g for g in given if g not in WHERE) or given  # "legs" alone may still mean leg pain
    best, found = 0, []
    for symptom in known:
        own = stems(symptom["name"])
        if not met(named, own):
            continue
        score = len(met(given, own))
        if score > best:
            best, found = score, [symptom["id"]]
        elif score == best:
            found.append(symptom["id"])
    return tuple(found)


def _symptom_meetings(store: Store, terms: list[Term]) -> dict[str, list[Meeting]]:
    """For each cause id, the given symptoms it brings, in the order they were given."""
    out: dict[str, list[Meeting]] = {}
    descriptions = {s["id"]: s for s in store.symptoms()}
    for term in terms:
        for symptom_id in term.symptoms:
            symptom = descriptions[symptom_id]
            for link in store.causes_with_symptom(symptom_id):
                found = out.setdefault(link["id"], [])
                if all(m.term != term.text for m in found):  # one meeting per item and cause
                    found.append(Meeting(term.text, "symptom", symptom["name"], symptom["description"], link["via"]))
    return out


def _risk_meetings(store: Store, texts: list[str]) -> tuple[dict[str, list[Meeting]], set[str]]:
    """For each cause id, the given risk factors it meets; and every word of the risk-factor texts.

    One pass over the causes, keeping no cause once it is read: a knowledge base may hold thousands.
    """
    out: dict[str, list[Meeting]] = {}
    vocabulary: set[str] = set()
    if not texts:
        return out, vocabulary
    given = [(text, stems(text), normalise_name(text)) for text in texts]
    for row in store.cause_rows():
        cause = store.cause(row["id"])
        names = {normalise_name(n) for n in [cause["name"], *cause["aliases"]]}
        facts = [(fact, via, stems(fact)) for fact, via in _risk_texts(cause)]
        vocabulary.update(w for fact, _, _ in facts for w in words(fact))
        for text, wanted, key in given:
            if not wanted:
                continue
            meeting: Meeting | None
            if key in names:
                meeting = Meeting(text, "risk", "the condition itself", cause["summary"], None)
            else:
                meeting = next(
                    (Meeting(text, "risk", "risk factor", f, via) for f, via, own in facts if _all_met(wanted, own)),
                    None,
                )
            if meeting:
                out.setdefault(cause["id"], []).append(meeting)
    return out, vocabulary


def _all_met(wanted: tuple[str, ...], own: tuple[str, ...]) -> bool:
    return len(met(wanted, own)) == len(wanted)


def _rank(store: Store, terms: list[Term], meetings: dict[str, list[Meeting]]) -> list[CauseMatch]:
    rows = list(store.cause_rows()) if meetings else []
    sources = {s["id"]: s for s in store.sources()}
    spread = {t.text: sum(1 for ms in meetings.values() if any(m.term == t.text for m in ms)) for t in terms}
    ranked = []
    for order, row in enumerate(rows):
        found = meetings.get(row["id"])
        if not found:
            continue
        # an item few causes share says more than one they all share (inverse document frequency)
        score = sum(1 + math.log(len(rows) / spread[m.term]) for m in found)
        given = {m.term for m in found}
        cause = store.cause(row["id"])
        ranked.append(
            (
                (-len(found), -score, order),
                CauseMatch(
                    row["id"],
                    row["name"],
                    row["category"],
                    tuple(found),
                    tuple(t.text for t in terms if t.text not in given),
                    round(score, 3),
                    tuple(_cited(sources, cause)),
                ),
            )
        )
    return [match for _, match in sorted(ranked, key=lambda pair: pair[0])]


def _risk_texts(cause: Record) -> Iterable[tuple[str, str | None]]:
    yield from ((text, None) for text in cause["risk_factors"])
    for sub in cause["subtypes"]:
        yield from ((text, sub["name"]) for text in sub["risk_factors"])


def _cited(by_id: dict[str, Record], cause: Record) -> list[Record]:
    """The organisations the entry's text, statistics or subtypes cite, in order."""
    cited = [*cause["sources"], *(s["source"] for s in cause["statistics"])]
    cited += [s for sub in cause["subtypes"] for s in sub["sources"]]
    return [by_id[s] for s in dict.fromkeys(cited) if s in by_id]


def _suggest(text: str, vocabulary: list[str]) -> tuple[str, ...]:
    """Up to three known names or words close to a term nobody recognised."""
    keys = {normalise_name(v): v for v in vocabulary}
    for v in vocabulary:
        for w in words(v):
            keys.setdefault(w, w)
    close: list[str] = []
    for probe in [normalise_name(text), *words(text)]:
        close += difflib.get_close_matches(probe, list(keys), n=3, cutoff=0.7)
    return tuple(dict.fromkeys(keys[c] for c in close))[:3]


def _distinct(items: list[str]) -> list[str]:
    """The given items once each, blank ones dropped, in the order given."""
    seen: dict[str, str] = {}
    for item in items:
        if item.strip():
            seen.setdefault(normalise_name(item), item.strip())
    return list(seen.values())
