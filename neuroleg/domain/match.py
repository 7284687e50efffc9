"""Which causes does the reference link to given symptoms and risk factors? Education, not diagnosis.

Each symptom a user types is resolved to the knowledge base's symptom terms;
each risk factor is looked for in the causes' risk-factor texts and names.
Causes are ranked by how many of the given items they meet, the rarer items
counting for more, and every meeting carries the fact behind it and the
organisations that fact rests on.
"""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter
from typing import Literal, NamedTuple

from neuroleg.db.store import Store
from neuroleg.domain.credits import Organisations, Origins, phrase_origin
from neuroleg.errors import NoMatchError, UsageError
from neuroleg.kb.links import Doc
from neuroleg.text.names import lower_first, normalise_name
from neuroleg.text.words import stem, stems, stems_meet, telling_stems, words

# body parts place a symptom but do not name one: "tingly feet" is tingling, not leg pain
WHERE = frozenset(
    stem(w) for w in ("leg", "foot", "feet", "thigh", "hip", "knee", "calf", "ankle", "toe", "hand", "arm")
)
MAX_WORDS = 12  # a longer item is a sentence, not a symptom or a risk factor
_MAX_PARAMETERS = 900  # SQLite before 3.32 takes at most 999 parameters in a statement
_MADE_AT_ONCE = 500  # causes whose records are made at a time (one query for their names): within that cap


ItemKind = Literal["symptom", "risk"]  # what a given item is
LinkKind = Literal["direct", "subtype", "form"]  # how a cause reaches a symptom: its own, a subtype's, a form's
Item = tuple[ItemKind, str]  # a given item, as ranking counts it: its kind and its text


class Given(NamedTuple):
    """What the user gave, and what it resolved to (symptom ids; empty for a risk factor)."""

    text: str
    kind: ItemKind
    symptoms: tuple[str, ...] = ()
    names: tuple[str, ...] = ()  # the symptoms' display names
    phrases: tuple[Doc, ...] = ()  # the everyday phrases it was read by, each with where it comes from


class Unknown(NamedTuple):
    """A given item that meets nothing in the knowledge base, with the nearest known names, terms or phrases."""

    text: str
    kind: ItemKind
    suggestions: tuple[str, ...]
    too_general: bool = False  # only words every cause shares ("neuropathy", "leg pain" as a risk factor)
    place: bool = False  # only a part of the body ("thighs"): where a symptom is felt, not a symptom


class Meeting(NamedTuple):
    """One given item met by one cause: how, the knowledge-base text behind it, and that text's sources."""

    term: str
    kind: ItemKind
    what: str  # the symptom's name, or "risk factor" / "the condition itself"
    fact: str  # the text it rests on
    via: str | None  # the subtype or the form of neuropathy it comes through, if any
    sources: tuple[Doc, ...]  # organisations the fact is credited to; empty: none is
    link: LinkKind = "direct"
    evidence: str | None = None  # for a form: why the source links the cause to it
    origin: Doc | None = None  # where the fact comes from: the article or a page (`credits.Origins`)
    evidence_origin: Doc | None = None  # for a form: where the evidence that the cause leads to it comes from
    among: str | None = None  # a risk factor that raises a form only among these people (people with diabetes)


class CauseMatch(NamedTuple):
    """A cause that meets some of the given items."""

    id: str
    name: str
    category: str
    meetings: tuple[Meeting, ...]
    missed: tuple[str, ...]  # given items this cause does not meet
    score: float


class MatchResult(NamedTuple):
    """The causes that meet something, best first (all of them, or the best `limit`), and what could not be
    read."""

    terms: tuple[Given, ...]
    causes: tuple[CauseMatch, ...]
    unknown: tuple[Unknown, ...]
    general: tuple[str, ...]  # recognised symptoms of neuropathy in general, linked to no one cause
    medical_help: Doc | None = None  # when to get medical help: shown with every result
    general_forms: tuple[str, ...] = ()  # the forms of neuropathy those general symptoms belong to
    total: int = 0  # how many causes meet something: more than `causes` holds when a limit cut them
    condition: str = ""  # the knowledge base's condition in a few words, for the disclaimer


def match_causes(store: Store, symptoms: list[str], risks: list[str], limit: int | None = None) -> MatchResult:
    """Rank the causes whose symptoms and risk factors meet the given ones; `NoMatchError` if none does.

    `limit`: make only the best so many (a big file can meet thousands of causes; `total` counts them all).
    """
    given_symptoms, given_risks = _distinct(symptoms), _distinct(risks)
    if not given_symptoms and not given_risks:
        raise UsageError("give at least one symptom or risk factor that is not blank")
    known = store.symptoms()
    names = {s["id"]: s["name"] for s in known}
    organisations = Organisations(store.organisations())
    origins = Origins(store.source_article(), store.pages(), list(organisations.by_id.values()))
    release = store.hpo_synonyms()
    terms: list[Given] = []
    unknown: list[Unknown] = []
    for text in _placed(given_symptoms, known):
        ids, phrases = read_symptom(text, known)
        if ids:
            read = tuple({**p, "origin": phrase_origin(p, origins, release)} for p in phrases)
            terms.append(Given(text, "symptom", ids, tuple(names[i] for i in ids), read))
        elif _only_places(text):
            unknown.append(Unknown(text, "symptom", _felt_there(text, known), place=True))
        else:
            unknown.append(Unknown(text, "symptom", _suggest_symptoms(text, known)))
    # every cause's place in the file, read once (by id, and the other way round): ranking needs it
    listing = {cause_id: order for order, cause_id in store.cause_places()} if terms or given_risks else {}
    at = {order: cause_id for cause_id, order in listing.items()}
    risk_meetings = _risk_meetings(store, given_risks, organisations, origins, listing, at)
    met_risks = {m.term for found in risk_meetings.values() for m in found}
    known_risks: list[str] | None = None  # names and risk-factor texts, read only when an item meets nothing
    for text in given_risks:
        if text in met_risks:
            terms.append(Given(text, "risk"))
            continue
        vague = bool(stems(text)) and not _telling(text) and len(stems(text)) <= MAX_WORDS
        if known_risks is None and not vague:
            known_risks = [*store.cause_name_labels(), *(t.rstrip(".") for t in store.risk_texts())]
        unknown.append(Unknown(text, "risk", _suggest(text, known_risks) if known_risks and not vague else (), vague))
    meetings = _symptom_meetings(store, terms, organisations, origins, at)
    for cause_id, found in risk_meetings.items():
        meetings.setdefault(cause_id, []).extend(found)
    ranked, total = _rank(store, listing, terms, meetings, limit)
    form_of = {s: form["name"] for form in store.forms() for s in form["symptoms"]}
    general_ids = set(form_of)
    linked = {(m.kind, m.term) for found in meetings.values() for m in found}
    unmet = [t for t in terms if t.kind == "symptom" and ("symptom", t.text) not in linked]
    general = tuple(dict.fromkeys(names[i] for t in unmet for i in t.symptoms if i in general_ids))
    forms = tuple(dict.fromkeys(form_of[i] for t in unmet for i in t.symptoms if i in general_ids))
    result = MatchResult(
        tuple(terms), ranked, tuple(unknown), general, store.medical_help(), forms, total, store.condition()["short"]
    )
    if not total:
        raise NoMatchError(result)
    return result


def resolve_symptom(text: str, known: list[Doc]) -> tuple[str, ...]:
    """The ids of the symptom terms that `text` names (see `read_symptom`)."""
    return read_symptom(text, known)[0]


def read_symptom(text: str, known: list[Doc]) -> tuple[tuple[str, ...], tuple[Doc, ...]]:
    """The ids of the symptom terms that `text` names, by a term's name or one of its everyday phrases: exactly,
    or by word stems; and the phrases that read it (none where a name did).

    Every word of `text` but a body part must meet a word of one name or phrase
    ("sudden weight loss" is not "Sudden severe pain"); of the terms that all
    do, those meeting the most words win ("pain in my legs" is "Leg pain"). A
    body part alone names no symptom: it says where one is felt.
    """
    key = normalise_name(text)
    exact = [(s["id"], p) for s in known for p in [None, *s.get("phrases", [])]
             if key in _keys(s, p)]  # fmt: skip
    if exact:
        return _found(exact)
    given = stems(text)
    named = tuple(g for g in given if g not in WHERE)
    if not named or len(named) > MAX_WORDS:
        return (), ()
    best, found = 0, []
    for symptom in known:
        for phrase in [None, *symptom.get("phrases", [])]:
            own = stems(phrase["text"] if phrase else symptom["name"])
            if not _all_met(named, own):
                continue
            score = sum(1 for g in given if any(stems_meet(g, o) for o in own))
            if score > best:
                best, found = score, [(symptom["id"], phrase)]
            elif score == best:
                found.append((symptom["id"], phrase))
    return _found(found)


def _keys(symptom: Doc, phrase: Doc | None) -> tuple[str, ...]:
    if phrase is None:
        return normalise_name(symptom["id"]), normalise_name(symptom["name"])
    return (normalise_name(phrase["text"]),)


def _found(pairs: list[tuple[str, Doc | None]]) -> tuple[tuple[str, ...], tuple[Doc, ...]]:
    """Each symptom once, read by its name where that met, else by its first phrase that did."""
    by_name = {i for i, phrase in pairs if phrase is None}
    ids = tuple(dict.fromkeys(i for i, _ in pairs))
    phrases: dict[str, Doc] = {}
    for i, phrase in pairs:
        if phrase is not None and i not in by_name:
            phrases.setdefault(i, {"symptom": i, **phrase})
    return ids, tuple(phrases.values())


def _placed(items: list[str], known: list[Doc]) -> list[str]:
    """The items with a part of the body given on its own joined to the symptom before it, where together they
    still name a symptom: `match weak thighs` is the shell's split of "weak thighs", one item, not two."""
    out: list[str] = []
    for text in items:
        if out and _only_places(text) and not _only_places(out[-1]) and resolve_symptom(f"{out[-1]} {text}", known):
            out[-1] = f"{out[-1]} {text}"
        else:
            out.append(text)
    return out


def _only_places(text: str) -> bool:
    """`text` names only parts of the body ("thighs", "feet")."""
    given = stems(text)
    return bool(given) and all(g in WHERE for g in given)


def _felt_there(text: str, known: list[Doc]) -> tuple[str, ...]:
    """The symptom terms whose names say they are felt in the part of the body given ("thighs": Weak thigh
    muscles)."""
    given = stems(text)
    return tuple(s["name"] for s in known if any(stems_meet(g, o) for g in given for o in stems(s["name"])))[:3]


def _symptom_words(known: list[Doc]) -> list[str]:
    """The names and everyday phrases of the symptom terms: what a misspelt symptom may be close to."""
    return [text for s in known for text in [s["name"], *(p["text"] for p in s.get("phrases", []))]]


def _symptom_meetings(
    store: Store, terms: list[Given], organisations: Organisations, origins: Origins, at: dict[int, str]
) -> dict[str, list[Meeting]]:
    """For each cause id, the given symptoms it brings, in the order given; the strongest link wins: its own,
    then a subtype's, then a form's."""
    out: dict[str, list[Meeting]] = {}
    if not any(t.kind == "symptom" for t in terms):
        return out
    described = {s["id"]: s for s in store.symptoms()}
    for term in (t for t in terms if t.kind == "symptom"):
        best: dict[str, Meeting] = {}
        for symptom_id in term.symptoms:
            symptom = described[symptom_id]
            made: dict[tuple[str | None, ...], Meeting] = {}
            # rows, not records: a big file links thousands of causes to one symptom
            for order, link, via, evidence, credited, page, evidence_page in store.symptom_links(symptom_id):
                cause_id = at.get(order)
                if cause_id is None:  # a link to no cause: a damaged cache's row, left out
                    continue
                held = best.get(cause_id)
                if held is not None and _STRENGTH[held.link] <= _STRENGTH[link]:
                    continue  # keep the first symptom the term names, unless this one's link is stronger
                how = (via, credited, link, evidence, page, evidence_page)
                meeting = made.get(how)
                if meeting is None:  # many causes reach a symptom the same way (thousands of clones): one meeting
                    meeting = made[how] = Meeting(
                        term.text,
                        "symptom",
                        symptom["name"],
                        symptom["description"],
                        via,
                        organisations.refs([credited]),
                        link,
                        evidence,  # for a form: why the cause reaches the symptom at all
                        origins.of(page),
                        origins.of(evidence_page) if link == "form" else None,
                    )
                best[cause_id] = meeting
        for cause_id, meeting in best.items():
            out.setdefault(cause_id, []).append(meeting)
    return out


_STRENGTH = {"direct": 0, "subtype": 1, "form": 2}


def _risk_meetings(
    store: Store,
    texts: list[str],
    organisations: Organisations,
    origins: Origins,
    listing: dict[str, int],
    at: dict[int, str],
) -> dict[str, list[Meeting]]:
    """For each cause id, the given risk factors it meets.

    Read from the store's risk-factor rows, not from the causes' records (a knowledge base may hold
    thousands); `listing` gives the causes' places in file order, `at` their ids by place. A given item that
    is a cause's own name or alias ("alcoholic", "type 1 diabetes") meets it as the condition itself. Words
    that every cause shares (neuropathy, pain, nerve...) are left out of what must meet.
    """
    found: dict[tuple[str, str], Meeting] = {}  # (cause id, given text): the first meeting, in file order
    if not texts:
        return {}
    given = [(text, _telling(text), normalise_name(text)) for text in texts]
    named: dict[str, list[str]] = {}
    for key, cause_id in store.causes_named([key for _, _, key in given]):
        named.setdefault(key, []).append(cause_id)
    for text, _, key in given:
        for cause_id in named.get(key, []):  # the summary is the article's own: no organisation is credited for it
            found[(cause_id, text)] = Meeting(
                text,
                "risk",
                "the condition itself",
                store.cause(cause_id)["summary"],
                None,
                (),
                origin=origins.of(None),
            )
    # match each text once, however many causes share it; then read only the rows of texts that met
    met: dict[tuple[str, str], bool] = {}  # (given, risk-factor text)
    meeting: set[str] = set()
    for risk_text in store.risk_texts():
        own = stems(risk_text)
        for text, wanted, _ in given:
            met[(text, risk_text)] = bool(wanted) and _all_met(wanted, own)
            if met[(text, risk_text)]:
                meeting.add(risk_text)
    wanted_texts = sorted(meeting) if len(meeting) <= _MAX_PARAMETERS else None  # else all rows: a query has a cap
    made: dict[tuple[str | None, ...], Meeting] = {}  # clones of a cause share their meetings
    for order, *how in store.risk_rows(wanted_texts) if meeting else ():
        if order not in at:  # a risk factor of no cause: a damaged cache's row, left out
            continue
        cause_id = at[order]
        via, risk_text, kind, subject, credited, among, page = how
        for text, _, _ in given:
            if (cause_id, text) in found or not met[(text, risk_text)]:
                continue
            if (text, *how) not in made:
                what = f"risk factor of {lower_first(subject)}" if kind == "form" else "risk factor"
                if among:
                    what += f" in {among}"
                link: LinkKind = "subtype" if via else "direct"
                refs = organisations.refs([credited])
                made[(text, *how)] = Meeting(
                    text, "risk", what, risk_text, via, refs, link, origin=origins.of(page), among=among
                )
            found[(cause_id, text)] = made[(text, *how)]
    out: dict[str, list[Meeting]] = {}
    for cause_id in listing:  # in file order, each cause's meetings in the order given
        for text, _, _ in given:
            if (cause_id, text) in found:
                out.setdefault(cause_id, []).append(found[(cause_id, text)])
    return out


def _telling(text: str) -> tuple[str, ...]:
    """The stems a risk factor must meet: its words but those every cause shares; none if it is a sentence."""
    told = telling_stems(text)
    return told if len(told) <= MAX_WORDS else ()


def _all_met(wanted: tuple[str, ...], own: tuple[str, ...]) -> bool:
    return all(any(stems_meet(w, o) for o in own) for w in wanted)


def _rank(
    store: Store, listing: dict[str, int], terms: list[Given], meetings: dict[str, list[Meeting]], limit: int | None
) -> tuple[tuple[CauseMatch, ...], int]:
    """The best `limit` causes that meet (all if None), best first, and how many meet in all. Only those kept
    are made into records, a few hundred at a time: one query for their names."""
    # causes meeting the same meetings (clones share them) are weighed once: by the meetings' identities.
    # A risk factor that raises a form only among people who have the cause (smoking: diabetic neuropathy, among
    # people with diabetes) is shown but never weighed: it alone must not put a cause above another.
    items_of: dict[tuple[int, ...], tuple[tuple[Item, ...], tuple[Item, ...]]] = {}
    met: dict[str, tuple[tuple[Item, ...], tuple[Item, ...]]] = {}
    for cause_id, found in meetings.items():
        key = tuple(map(id, found))
        items = items_of.get(key)
        if items is None:
            every = tuple((m.kind, m.term) for m in found)
            items = items_of[key] = (every, tuple((m.kind, m.term) for m in found if m.among is None))
        met[cause_id] = items
    spread = dict.fromkeys(((t.kind, t.text) for t in terms), 0)  # how many causes meet each given item
    for (_, plain), count in Counter(met.values()).items():
        for item in set(plain):
            spread[item] += count
    # an item few causes share says more than one they all share (inverse document frequency)
    weight = {item: 1 + math.log(len(listing) / count) for item, count in spread.items() if count}
    scored: dict[tuple[tuple[Item, ...], ...], tuple[float, tuple[str, ...]]] = {}
    ranked = []
    for cause_id, found in meetings.items():
        order = listing.get(cause_id)
        if not found or order is None:
            continue
        every, plain = met[cause_id]
        if met[cause_id] not in scored:
            missed = tuple(t.text for t in terms if (t.kind, t.text) not in every)
            scored[met[cause_id]] = (sum(weight[item] for item in plain), missed)
        ranked.append((-len(plain), -scored[met[cause_id]][0], order, cause_id))
    ranked.sort()
    kept = [cause_id for *_, cause_id in (ranked[:limit] if limit else ranked)]
    out = []
    for start in range(0, len(kept), _MADE_AT_ONCE):
        labels = store.cause_labels(kept[start : start + _MADE_AT_ONCE])
        for cause_id in kept[start : start + _MADE_AT_ONCE]:
            score, missed = scored[met[cause_id]]
            name, category = labels[cause_id]
            out.append(CauseMatch(cause_id, name, category, tuple(meetings[cause_id]), missed, round(score, 3)))
    return tuple(out), len(ranked)


def _suggest_symptoms(text: str, known: list[Doc]) -> tuple[str, ...]:
    """Symptom terms that meet some of the words of `text`, else the names and phrases closest in spelling."""
    given = [g for g in stems(text) if g not in WHERE]
    partly = [s["name"] for s in known if given and any(stems_meet(g, o) for g in given for o in stems(s["name"]))]
    return tuple(partly[:3]) or _suggest(text, _symptom_words(known))


def _suggest(text: str, vocabulary: list[str]) -> tuple[str, ...]:
    """Up to three known names, terms or phrases close in spelling to an item nobody recognised: the whole
    item, or one of its words against one word of a name; never a word on its own ("bring" for "burning")."""
    keys = {normalise_name(v): v for v in vocabulary}
    words_of: dict[str, list[str]] = {}  # each word of four letters or more: the names it is in
    for key in keys:
        for w in words(key):
            if len(w) >= 4:
                words_of.setdefault(w, []).append(key)
    close = difflib.get_close_matches(normalise_name(text), list(keys), n=3, cutoff=0.75)
    for probe in words(text)[:MAX_WORDS]:
        if len(probe) >= 4:
            for near in difflib.get_close_matches(probe, list(words_of), n=2, cutoff=0.8):
                close += words_of[near]
    return tuple(dict.fromkeys(keys[c] for c in close))[:3]


_BLANK = re.compile(r"\s+")


def _distinct(items: list[str]) -> list[str]:
    """The given items once each, blank ones dropped, in the order given."""
    seen: dict[str, str] = {}
    for item in items:
        if item.strip():
            seen.setdefault(normalise_name(item), _BLANK.sub(" ", item.strip()))
    return list(seen.values())
