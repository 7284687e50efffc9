"""Turn the bytes of a knowledge-base file into validated, typed records.

Causes are checked one at a time as the parser finishes each, and handed to a
consumer (the compiler) straight away, so even a huge file is never held in
memory whole. Every problem is reported as `file:line: message`, all of them
at once, so an editor can fix a file in one pass.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Any, NamedTuple, get_args

from pydantic import BaseModel, ValidationError

from neuroleg.errors import KnowledgeBaseError, Problem
from neuroleg.kb.ids import OVERVIEW_ID
from neuroleg.kb.safe_yaml import Loc, line_of, read_yaml, yaml_lines
from neuroleg.kb.schema import FORMAT, Cause, Form, Header, KnowledgeBase, Organisation, Page, Subtype, Symptom
from neuroleg.text.names import normalise_name

Issue = tuple[tuple[Any, ...], str]  # a location (of keys, indexes and `_Key`s) and a message


class Vocabulary(NamedTuple):
    """The lists causes refer to, when the file gives them before its causes."""

    organisations: list[Organisation]
    symptoms: list[Symptom]
    forms: list[Form]
    pages: list[Page]


class Consumer:
    """Receives valid records as they are read; `compile.Compiler` is the main one."""

    def begin(self, vocabulary: Vocabulary | None) -> None:
        """Before the first cause: what causes refer to, if the file gave it first (else None)."""

    def add_cause(self, index: int, cause: Cause) -> None:
        """One cause, valid on its own, in file order."""

    def finish(self, header: Header) -> None:
        """The rest of the file, once every record of it is known to be valid."""


OLD_FORMAT = (
    f"this file has 'schema_version', as format 1 did; neuroleg reads format {FORMAT} ('format: {FORMAT}'): see "
    "'From format 1' in the README for what to change"
)
# a top-level key at the start of a line: found before parsing, so a file whose keys are sorted (causes first)
# is still told in one line, not in a problem per cause
_OLD_KEY = re.compile(rb"^schema_version[ \t]*:", re.MULTILINE)
_FORMAT_KEY = re.compile(rb"^format[ \t]*:", re.MULTILINE)
MAX_PROBLEMS = 200  # reported at most; a file with more is refused as soon as it has this many


def check_knowledge_base(data: bytes, path: str, consumer: Consumer, *, strict: bool = False) -> Header:
    """Validate a knowledge base, feeding `consumer`; raise `KnowledgeBaseError` listing every problem.

    Links to related causes that are not in the file are lint, not errors: the
    reading commands skip them, so a partial or generated file still loads;
    `strict` (the `validate` command) refuses them too.
    """
    old = _OLD_KEY.search(data)
    if old and not _FORMAT_KEY.search(data):
        raise KnowledgeBaseError(
            [Problem(path, data.count(b"\n", 0, old.start()) + 1, f"schema_version: {OLD_FORMAT}", "schema_version")]
        )
    checker = Checker()
    issues: list[Issue] = []

    def take(index: int, raw: Any, top: dict[Any, Any]) -> None:
        if index == 0:
            if "schema_version" in top:  # format 1: every cause would fail, for one reason
                raise _OldFormat
            consumer.begin(_vocabulary(top))
            checker.know(top)
        try:
            cause = Cause.model_validate(raw)
        except ValidationError as exc:
            errors = list(_errors(exc, Cause))
            issues.extend((("causes", index, *loc), msg) for loc, msg in errors)
            if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                checker.cause_ids.add(raw["id"])  # an invalid cause is still there: links to it are not dangling
            # its references are checked too, so a type error does not hide an unknown category
            wrong = {("causes", index, *_line_loc(loc)) for loc, _ in errors}
            issues.extend(checker.add_raw_cause(index, raw, wrong))
        else:
            issues.extend(checker.add_cause(index, cause))
            if not issues:  # once the file is known bad, only look for more problems
                consumer.add_cause(index, cause)
        if len(issues) >= MAX_PROBLEMS:  # a file this broken is not worth reading on: stop in bounded time
            raise _TooMany

    try:
        doc = read_yaml(data, path, stream_list="causes", sink=take)
    except _TooMany:
        raise located(data, path, issues[:MAX_PROBLEMS], more=True) from None
    except _OldFormat:
        raise located(data, path, [(("schema_version",), OLD_FORMAT)]) from None
    if not isinstance(doc, dict):
        raise KnowledgeBaseError([Problem(path, 1, "the top level must be a mapping (format, organisations, ...)")])
    if "schema_version" in doc and "format" not in doc:
        raise located(data, path, [(("schema_version",), OLD_FORMAT)])
    causes = doc.pop("causes", None)
    if not isinstance(causes, list) or not causes:
        issues.append((("causes",), "required: a list of at least one cause"))
    try:
        header = Header.model_validate(doc)
    except ValidationError as exc:
        issues.extend(_errors(exc, Header))
    # references are checked against whatever ids the header has, valid or not,
    # so that one mistake there does not hide the others
    issues.extend(checker.finish(doc, strict=strict))
    if issues:
        raise located(data, path, issues[:MAX_PROBLEMS], more=len(issues) > MAX_PROBLEMS)
    consumer.finish(header)
    return header


class Both(Consumer):
    """Hands every record to two consumers (validate's tally and its list of codes)."""

    def __init__(self, first: Consumer, second: Consumer) -> None:
        self.pair = (first, second)

    def begin(self, vocabulary: Vocabulary | None) -> None:
        for consumer in self.pair:
            consumer.begin(vocabulary)

    def add_cause(self, index: int, cause: Cause) -> None:
        for consumer in self.pair:
            consumer.add_cause(index, cause)

    def finish(self, header: Header) -> None:
        for consumer in self.pair:
            consumer.finish(header)


class Tally(Consumer):
    """Counts what a valid file holds, for `neuroleg validate`."""

    def __init__(self) -> None:
        self.counts = dict.fromkeys(
            ("causes", "subtypes", "statistics", "symptoms", "forms", "organisations", "categories"), 0
        )

    def add_cause(self, index: int, cause: Cause) -> None:
        self.counts["causes"] += 1
        self.counts["subtypes"] += len(cause.subtypes)
        self.counts["statistics"] += len(cause.statistics)

    def finish(self, header: Header) -> None:
        self.counts["symptoms"] = len(header.symptoms)
        self.counts["forms"] = len(header.forms)
        self.counts["organisations"] = len(header.organisations)
        self.counts["categories"] = len(header.categories)


def _vocabulary(top: dict[Any, Any]) -> Vocabulary | None:
    """The lists read before the causes, typed; None if any is absent or invalid (all are checked at the end)."""
    try:
        return Vocabulary(
            organisations=[Organisation.model_validate(item) for item in top["organisations"]],
            symptoms=[Symptom.model_validate(item) for item in top["symptoms"]],
            forms=[Form.model_validate(item) for item in top.get("forms", [])],
            pages=[Page.model_validate(item) for item in top.get("pages", [])],
        )
    except (KeyError, TypeError, ValidationError):
        return None


def parse_knowledge_base(data: bytes, path: str, *, strict: bool = False) -> KnowledgeBase:
    """Validate a whole knowledge base into one typed record (for library use and tests)."""
    causes: list[Cause] = []

    class Collect(Consumer):
        def add_cause(self, index: int, cause: Cause) -> None:
            causes.append(cause)

    header = check_knowledge_base(data, path, Collect(), strict=strict)
    return KnowledgeBase.model_construct(**dict(header), causes=causes)


class Checker:
    """Rules that span records: unique ids and names, references that resolve."""

    def __init__(self) -> None:
        self.cause_ids: set[str] = set()
        self.cause_names: dict[str, str] = {}  # normalised name -> cause id
        self.subtype_names: list[tuple[Loc, str, str]] = []  # (where, name, owning cause id)
        self.refs: list[tuple[Loc, str, str]] = []  # (where, kind, id), resolved in finish
        self.subjects: list[tuple[Loc, str, set[str]]] = []  # (where, id, the cause's own ids): its own or a form's
        self.early: dict[str, set[str]] = {}  # kind -> ids of each list the file gives before its causes
        self.related: list[tuple[Loc, str]] = []
        self.systems: dict[str, Loc] = {}  # code system -> where it is first used
        self.page_credits: list[tuple[Loc, str, str]] = []  # (where, page id, organisation credited beside it)

    def know(self, top: dict[Any, Any]) -> None:
        """The lists read before the first cause: references to them are checked cause by cause, not all held
        to the end (10,000 causes hold hundreds of thousands)."""
        self.early = {
            kind: {i for _, i in _ids(top, key)} for kind, key in _LISTS.items() if isinstance(top.get(key), list)
        }

    def _check_early(self) -> Iterator[Issue]:
        """Check the references the last cause added against the lists known already; keep the rest for the end."""
        if not self.early:
            return
        pending = []
        for loc, kind, ident in self.refs:
            ids = self.early.get(kind)
            if ids is None:
                pending.append((loc, kind, ident))
            elif ident not in ids:
                yield loc, unknown(kind, ident, ids)
        self.refs = pending
        forms = self.early.get("form")
        if forms is not None:
            for loc, ident, own in self.subjects:
                if ident not in own and ident not in forms:
                    yield loc, _UNKNOWN_SUBJECT.format(_q(ident))
            self.subjects = []

    def _codes(self, at: Loc, codes: Any) -> None:
        """Remember where each code system is first used: the file must declare its release."""
        for system in ("icd10cm", "hpo"):  # a typed record's, or raw data's as written (anything at all)
            used = codes.get(system) if isinstance(codes, dict) else getattr(codes, system, None)
            if used is not None:
                self.systems.setdefault(system, (*at, "codes", system))

    def _facts(self, at: Loc, entry: Cause | Subtype, own: set[str]) -> None:
        """The references of the facts a cause and each subtype hold alike: symptoms, claims, risk factors."""
        for k, link in enumerate(entry.symptoms):
            if isinstance(link, str):
                self.refs.append(((*at, "symptoms", k), "symptom", link))
            else:
                self.refs.append(((*at, "symptoms", k, "symptom"), "symptom", link.symptom))
                self._credit((*at, "symptoms", k), link.credited, link.page)
        for k, fact in enumerate(entry.claims):
            self._credit((*at, "claims", k), fact.credited, fact.page)
        for k, risk in enumerate(entry.risk_factors):
            if risk.raises is not None:
                self.subjects.append(((*at, "risk_factors", k, "raises"), risk.raises, own))
            self._credit((*at, "risk_factors", k), risk.credited, risk.page)
        for k, felt in enumerate(entry.felt_in):
            self._credit((*at, "felt_in", k), None, felt.page)

    def _credit(self, at: Loc, credited: str | None, page: str | None) -> None:
        """A fact's organisation and page: each must be declared, and a page must be the organisation's own."""
        if credited:
            self.refs.append(((*at, "credited"), "organisation", credited))
        if page:
            self.refs.append(((*at, "page"), "page", page))
            if credited:
                self.page_credits.append(((*at, "credited"), page, credited))

    def add_cause(self, i: int, cause: Cause) -> Iterator[Issue]:
        """Check one cause against those before it; remember its references."""
        at: Loc = ("causes", i)
        if cause.id == OVERVIEW_ID:
            yield (*at, "id"), f"{OVERVIEW_ID!r} is reserved for the overview in search results"
        if cause.id in self.cause_ids:
            yield (*at, "id"), f"duplicate cause id {_q(cause.id)}"
        self.cause_ids.add(cause.id)
        yield from _duplicates([((*at, "subtypes", j), sub.id) for j, sub in enumerate(cause.subtypes)], "subtype")
        for loc, name in _names_of(at, cause.id, cause.name, cause.aliases):
            key = normalise_name(name)
            if self.cause_names.setdefault(key, cause.id) != cause.id:
                yield loc, f"{_q(name)} already names the cause {_q(self.cause_names[key])}"
        self.refs.append(((*at, "category"), "category", cause.category))
        own = {cause.id, *(sub.id for sub in cause.subtypes)}  # what a fact of this cause may be about, or a form
        self._facts(at, cause, own)
        self.refs += [((*at, "leads_to", k, "form"), "form", link.form) for k, link in enumerate(cause.leads_to)]
        for k, link in enumerate(cause.leads_to):
            self._credit((*at, "leads_to", k), link.credited, link.page)
        for k, stat in enumerate(cause.statistics):
            self._credit((*at, "statistics", k), stat.credited, stat.page)
            if stat.about is not None:
                self.subjects.append(((*at, "statistics", k, "about"), stat.about, own))
        for k, fact in enumerate(cause.treatment):
            self._credit((*at, "treatment", k), fact.credited, fact.page)
        self._codes(at, cause.codes)
        for j, sub in enumerate(cause.subtypes):
            sub_at: Loc = (*at, "subtypes", j)
            self._codes(sub_at, sub.codes)
            self.subtype_names += [(loc, n, cause.id) for loc, n in _names_of(sub_at, sub.id, sub.name, sub.aliases)]
            self._facts(sub_at, sub, own)
        for k, rel in enumerate(cause.related):
            if rel == cause.id:
                yield (*at, "related", k), "a cause cannot be related to itself"
            self.related.append(((*at, "related", k), rel))
        yield from self._check_early()

    def add_raw_cause(self, i: int, raw: Any, wrong: set[Loc]) -> Iterator[Issue]:
        """The references of a cause that is not valid as a whole, as written: each one that is text, in a place
        the schema found nothing wrong with, is checked as a valid cause's would be."""
        if not isinstance(raw, dict):
            return
        at: Loc = ("causes", i)

        def ref(loc: Loc, kind: str, value: Any) -> None:
            if isinstance(value, str) and loc not in wrong:
                self.refs.append((loc, kind, value))

        def facts(where: Loc, entry: dict[Any, Any]) -> None:
            for k, link in _items(entry, "symptoms"):
                if not isinstance(link, dict):
                    ref((*where, "symptoms", k), "symptom", link)
            for key in ("symptoms", "claims", "risk_factors", "statistics", "treatment", "leads_to"):
                for k, fact in _items(entry, key):
                    if not isinstance(fact, dict):
                        continue
                    ref((*where, key, k, "credited"), "organisation", fact.get("credited"))
                    ref((*where, key, k, "page"), "page", fact.get("page"))
                    for field, kind in _RAW_REFS.get(key, ()):
                        if kind == "subject":  # its own id, a subtype's or a form's
                            if isinstance(fact.get(field), str) and (*where, key, k, field) not in wrong:
                                self.subjects.append(((*where, key, k, field), fact[field], own))
                        else:
                            ref((*where, key, k, field), kind, fact.get(field))

        written = [raw.get("id"), *(s.get("id") for _, s in _items(raw, "subtypes") if isinstance(s, dict))]
        own: set[str] = {i for i in written if isinstance(i, str)}  # what its facts may be about, or a form
        ref((*at, "category"), "category", raw.get("category"))
        facts(at, raw)
        for j, sub in _items(raw, "subtypes"):
            if isinstance(sub, dict):
                facts((*at, "subtypes", j), sub)
        for k, rel in _items(raw, "related"):
            if isinstance(rel, str) and (*at, "related", k) not in wrong:
                self.related.append(((*at, "related", k), rel))
        yield from self._check_early()

    def finish(self, top: dict[Any, Any], *, strict: bool) -> Iterator[Issue]:
        """Checks that need the whole file: header ids, references, subtype names."""
        lists = {kind: _ids(top, key) for kind, key in _LIST_KINDS.items()}
        for kind, entries in lists.items():
            yield from _duplicates(entries, kind)
        # a list that is missing altogether is one error, already reported: not one per reference
        known = {
            kind: {i for _, i in lists[kind]}
            if isinstance(top.get(key, [] if kind in ("form", "page") else None), list)
            else None
            for kind, key in _LISTS.items()
        }
        refs = list(self.refs)
        for i, form in enumerate(_list(top, "forms")):
            if isinstance(form, dict) and isinstance(form.get("symptoms"), list):
                for k, link in enumerate(form["symptoms"]):
                    if isinstance(link, dict):  # a reference that is not text is the schema's to report
                        refs.append((("forms", i, "symptoms", k, "symptom"), "symptom", str(link.get("symptom"))))
                        refs.append((("forms", i, "symptoms", k, "page"), "page", str(link.get("page"))))
                    else:
                        refs.append((("forms", i, "symptoms", k), "symptom", link))
            for k, fact in enumerate(form.get("claims", []) if isinstance(form, dict) else []):
                if isinstance(fact, dict) and isinstance(fact.get("page"), str):
                    refs.append((("forms", i, "claims", k, "page"), "page", fact["page"]))
                if isinstance(fact, dict) and isinstance(fact.get("credited"), str):
                    refs.append((("forms", i, "claims", k, "credited"), "organisation", fact["credited"]))
            for k, felt in enumerate(form.get("felt_in", []) if isinstance(form, dict) else []):
                if isinstance(felt, dict) and isinstance(felt.get("page"), str):
                    refs.append((("forms", i, "felt_in", k, "page"), "page", felt["page"]))
        for i, symptom in enumerate(_list(top, "symptoms")):
            phrases = symptom.get("phrases") if isinstance(symptom, dict) else None
            for k, phrase in enumerate(phrases if isinstance(phrases, list) else []):
                if isinstance(phrase, dict) and phrase.get("page") is not None:
                    refs.append((("symptoms", i, "phrases", k, "page"), "page", phrase["page"]))
        owners: dict[str, str] = {}  # page id -> the organisation whose page it is
        for i, page in enumerate(_list(top, "pages")):
            if isinstance(page, dict) and isinstance(page.get("organisation"), str):
                refs.append((("pages", i, "organisation"), "organisation", page["organisation"]))
                owners[str(page.get("id"))] = page["organisation"]
        for loc, page_id, credited in self.page_credits:
            if page_id in owners and owners[page_id] != credited:
                yield loc, f"the page {_q(page_id)} is {_q(owners[page_id])}'s: credit that organisation, or none"
        parents: dict[str, tuple[int, str]] = {}  # organisation id -> (its place in the list, its parent)
        for i, org in enumerate(_list(top, "organisations")):
            if isinstance(org, dict) and isinstance(org.get("part_of"), str):
                refs.append((("organisations", i, "part_of"), "organisation", org["part_of"]))
                if isinstance(org.get("id"), str):
                    parents[org["id"]] = (i, org["part_of"])
        for loc, kind, ident in refs:
            ids = known[kind]
            if ids is not None and isinstance(ident, str) and ident not in ids:  # a list is the schema's to report
                yield loc, unknown(kind, ident, ids)
        yield from _glossary_issues(top, known["page"])
        yield from _cycles(parents)
        forms = known["form"] or set()
        for loc, ident, own in self.subjects:
            if ident not in own and ident not in forms:
                yield loc, _UNKNOWN_SUBJECT.format(_q(ident))
        # the same subtype may sit under several causes (a neuroma after injury or with a
        # tumour): its name then finds the first of them; it must not name another cause
        for loc, name, owner_id in self.subtype_names:
            owner = self.cause_names.get(normalise_name(name))
            if owner is not None and owner != owner_id:
                yield loc, f"{_q(name)} already names the cause {_q(owner)}"
        yield from self._undeclared_systems(top)
        if strict:
            yield from lint(self.related, self.cause_ids)

    def _undeclared_systems(self, top: dict[Any, Any]) -> Iterator[Issue]:
        """A code system used somewhere without its release declared under `code_systems`."""
        in_causes, self.systems = self.systems, {}
        overview = top.get("overview")  # the lists before the causes, as files are written: their use comes first
        if isinstance(overview, dict):
            self._codes(("overview",), overview.get("codes"))
        for key in ("symptoms", "forms"):
            for i, item in enumerate(_list(top, key)):
                if isinstance(item, dict):
                    self._codes((key, i), item.get("codes"))
        self.systems = {**in_causes, **self.systems}
        declared = {s.get("id") for s in _list(top, "code_systems") if isinstance(s, dict)}
        for system, loc in self.systems.items():
            if system not in declared:
                yield loc, f"{system} codes need their release declared under code_systems (id: {system})"


# the references a fact of each list makes beyond its organisation and page: (field, kind)
_RAW_REFS = {
    "symptoms": (("symptom", "symptom"),),
    "leads_to": (("form", "form"),),
    "risk_factors": (("raises", "subject"),),
    "statistics": (("about", "subject"),),
}
_UNKNOWN_SUBJECT = "unknown subject {}: name this cause, one of its subtypes, or a form"
_LISTS = {
    "organisation": "organisations",
    "category": "categories",
    "symptom": "symptoms",
    "form": "forms",
    "page": "pages",
}
_LIST_KINDS = {**_LISTS, "code system": "code_systems", "glossary term": "glossary"}  # lists whose ids must be unique


def _glossary_issues(top: dict[Any, Any], pages: set[str] | None) -> Iterator[Issue]:
    """A glossary entry's page must be declared (the nearest page ids suggested), and no two entries may share a
    term or alias: a word must find one meaning."""
    import difflib

    owners: dict[str, str] = {}  # normalised term or alias -> the id of the entry it finds
    for i, entry in enumerate(_list(top, "glossary")):
        if not isinstance(entry, dict):
            continue
        page = entry.get("page")
        if isinstance(page, str) and pages is not None and page not in pages:
            close = difflib.get_close_matches(page, sorted(pages), n=3, cutoff=0.6)
            hint = f"; did you mean {' or '.join(_q(c) for c in close)}?" if close else ""
            yield ("glossary", i, "page"), f"unknown page {_q(page)}{hint}"
        aliases = entry["aliases"] if isinstance(entry.get("aliases"), list) else []
        words: list[tuple[Loc, Any]] = [(("glossary", i, "term"), entry.get("term"))]
        words += [(("glossary", i, "aliases", k), a) for k, a in enumerate(aliases)]
        for at, word in words:
            if not isinstance(word, str):
                continue
            key, owner = normalise_name(word), str(entry.get("id"))
            if owners.setdefault(key, owner) != owner:
                yield at, f"{_q(word)} already names the glossary term {_q(owners[key])}"


def _cycles(parents: dict[str, tuple[int, str]]) -> Iterator[Issue]:
    """An organisation that is, through `part_of`, part of itself."""
    for start, (index, parent) in parents.items():
        seen, at = {start}, parent
        while at in parents and at not in seen:
            seen.add(at)
            at = parents[at][1]
        if at == start:
            yield ("organisations", index, "part_of"), f"{_q(start)} is, through part_of, part of itself"


def _items(entry: dict[Any, Any], key: str) -> list[tuple[int, Any]]:
    """The entries of a list in a record as written, with their places; none when it is not a list."""
    items = entry.get(key)
    return list(enumerate(items)) if isinstance(items, list) else []


def _list(top: dict[Any, Any], key: str) -> list[Any]:
    """A header list as written, or none when it is something else (reported once, by the schema)."""
    items = top.get(key)
    return items if isinstance(items, list) else []


def _ids(top: dict[Any, Any], key: str) -> list[tuple[Loc, str]]:
    """The ids of a header list as written, whether or not the rest of each entry is valid."""
    items = top.get(key)
    if not isinstance(items, list):
        return []
    return [
        ((key, i), item["id"])
        for i, item in enumerate(items)
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    ]


def lint(related: list[tuple[Loc, str]], cause_ids: set[str]) -> Iterator[Issue]:
    """Problems that do not stop a file loading: related causes that are not in it."""
    for loc, rel in related:
        if rel not in cause_ids:
            yield loc, unknown("related cause", rel, cause_ids)


def unknown(kind: str, ident: str, known: set[str]) -> str:
    """An unknown reference, with the nearest ids the file declares (difflib ratio 0.8 or more), if any."""
    # bounded: a generated file of 10,000 causes with 200 dangling links is still checked in moments
    near: list[str] = []
    if len(ident) <= 200 and len(known) <= 5_000:
        near = difflib.get_close_matches(ident, sorted(known), n=3, cutoff=0.8)
    said = f"unknown {kind} {_q(ident)}"
    if near:
        said += ": did you mean " + " or ".join(_q(n) for n in near) + "?"
    return said


def _duplicates(entries: list[tuple[Loc, str]], kind: str) -> Iterator[Issue]:
    first: dict[str, Loc] = {}
    for at, ident in entries:
        if ident in first:
            yield (*at, "id"), f"duplicate {kind} id {_q(ident)} (also {_where(first[ident])})"
        else:
            first[ident] = at


def _names_of(at: Loc, ident: str, name: str, aliases: list[str]) -> list[tuple[Loc, str]]:
    return [((*at, "id"), ident), ((*at, "name"), name)] + [
        ((*at, "aliases", k), alias) for k, alias in enumerate(aliases)
    ]


class _Key(NamedTuple):
    """A mapping key that is not text, as the last step of a location: its line is the key's own."""

    key: Any


# how pydantic names the members of a union (an id, or a record) in an error's location
_UNION_MEMBERS = frozenset({"constrained-str", "SymptomLink", "PageSymptom", "Condition"})
# an error that says only that a value is not of one member's kind: the other member's error says what is wrong
_NOT_THIS_MEMBER = frozenset({"string_type", "model_type"})
_EITHER = {("condition",): "give the condition's name (text), or its name and short form: {name: ..., short: ...}"}


def _errors(exc: ValidationError, model: type[BaseModel]) -> Iterator[Issue]:
    """Pydantic's errors of a record validated as `model`, each at its place, in words."""
    errors = exc.errors(include_url=False)
    # a union (an id, or a record) is reported as the kind the value was written as, at the value's own place;
    # a value of neither kind (a number) is told once
    wrong_kind: dict[tuple[Any, ...], bool] = {}  # place -> every error there only says "not this kind"
    for err in errors:
        loc = tuple(err["loc"])
        place = _union_place(loc)
        if place is not None:
            wrong_kind[place] = wrong_kind.get(place, True) and _not_this_member(err, place)
    for err in errors:
        loc = tuple(err["loc"])
        place = _union_place(loc)
        if place is not None:
            if _not_this_member(err, place):
                if wrong_kind.pop(place, False):
                    yield place, _EITHER.get(place, "give an id (text) or a record of its fields")
                continue
            loc = tuple(part for part in loc if part not in _UNION_MEMBERS)
        if err["type"] == "invalid_key":  # pydantic names the key by its text ('None', '1.5'): find the real one
            yield (*loc[:-1], _Key(err["input"])), f"the key {err['input']!r} is not text: quote it, or remove it"
        elif err["type"] == "extra_forbidden" and loc and isinstance(loc[-1], str):
            fields = _fields_at(model, tuple(err["loc"])[:-1])
            near = difflib.get_close_matches(loc[-1], sorted(fields), n=1, cutoff=0.75) if len(loc[-1]) < 200 else []
            yield loc, "unknown field" + (f": did you mean {near[0]!r}?" if near else "")
        else:
            yield loc, _message(err)


def _fields_at(model: type[BaseModel], path: tuple[Any, ...]) -> set[str]:
    """The fields of the record at `path` (pydantic's location, union members named) inside `model`; none if
    the path leads nowhere known."""
    candidates: list[type[BaseModel]] = [model]
    for part in path:
        if isinstance(part, int):
            continue
        found: list[type[BaseModel]] = []
        for record in candidates:
            if part == record.__name__:
                found.append(record)
            elif part in record.model_fields:
                found += _records_in(record.model_fields[part].annotation)
        candidates = [r for r in found if r.__name__ == part] or found
    return {name for record in candidates for name in record.model_fields}


def _records_in(annotation: Any) -> list[type[BaseModel]]:
    """The record types a field's type holds: `list[Cause]`, `Codes | None`, `str | SymptomLink`..."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [record for arg in get_args(annotation) for record in _records_in(arg)]


def _not_this_member(err: Any, place: tuple[Any, ...]) -> bool:
    """Whether an error says only that a union's value is not of one member's kind (text, or a record): one
    about a field inside the record (`name: 5`) is a real problem of a value written as a record."""
    return err["type"] in _NOT_THIS_MEMBER and len(err["loc"]) == len(place) + 1


def _union_place(loc: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """Where a value of a union is, when `loc` goes through one of its members; else None."""
    for i, part in enumerate(loc):
        if part in _UNION_MEMBERS:
            return loc[:i]
    return None


def _q(value: Any, limit: int = 60) -> str:
    """`value` quoted for a message, its middle cut when it is long (an id of 100,000 characters)."""
    text = repr(value)
    if len(text) <= limit:
        return text
    return f"{text[: limit - 10]}…{text[0]} ({len(str(value)):,} characters)"


def located(data: bytes, path: str, issues: list[Issue], *, more: bool = False) -> KnowledgeBaseError:
    """Problems with the line each one points at (found by a second, recording pass)."""
    wanted = {loc[:end] for loc, _ in issues for loc in [_line_loc(loc)] for end in range(len(loc) + 1)}
    lines = yaml_lines(data, path, wanted)  # only the places asked about: a huge file's second pass stays small
    located = [(line_of(lines, _line_loc(loc)), _where(loc), msg) for loc, msg in issues]
    located.sort(key=lambda problem: problem[0] or 0)
    problems = [Problem(path, line, f"{where}: {msg}", where) for line, where, msg in located]
    if more:
        problems.append(Problem(path, None, f"stopped after {MAX_PROBLEMS} problems; there are more"))
    return KnowledgeBaseError(problems)


class _TooMany(Exception):
    """Enough problems found to stop reading."""


class _OldFormat(Exception):
    """A format-1 file: said in one line, not as a problem per cause."""


def _line_loc(loc: tuple[Any, ...]) -> Loc:
    return tuple(part.key if isinstance(part, _Key) else part for part in loc)


def _where(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif not isinstance(part, str) or part.startswith(("function-after", "function-before")):
            continue  # pydantic's internal validator names say nothing to an editor
        else:
            out += f".{part}" if out else part
    return out or "(top level)"


# a pattern of the schema's, said in words (with the value given): an editor need not read a regular expression
_PATTERNS = {
    r"^[a-z0-9]+(-[a-z0-9]+)*$": "an id is lower-case words joined by hyphens, like 'heavy-alcohol-use'",
    r"\S": "this text is blank: write something, or remove the field",
    r"^https?://[^\s/$.?#][^\s]*$": "an address starts with http:// or https://, like 'https://www.ninds.nih.gov/'",
    r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$": "an ICD-10-CM code is written as the release writes it, like 'E11.42'",
    r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4}|\.[0-9A-Z]{0,3}-)?$": (
        "an ICD-10-CM code is written as the release writes it, like 'E11.42', or a category ending in '-', "
        "like 'S74.-'"
    ),
    r"^HP:[0-9]{7}$": "an HPO term id is 'HP:' and seven digits, like 'HP:0003401'",
}


def _message(err: Any) -> str:
    msg = str(err["msg"])
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    if err["type"] == "missing":
        return "required field is missing"
    if err["type"] == "extra_forbidden":
        return "unknown field"
    if err["type"] == "string_pattern_mismatch":
        worded = _PATTERNS.get(str((err.get("ctx") or {}).get("pattern")))
        if worded is not None:
            return worded if worded.startswith("this text is blank") else f"{worded}; got {_q(err.get('input'))}"
    if err["type"] == "too_short" and (err.get("ctx") or {}).get("min_length") == 1:
        return "give at least one entry here"
    loc = err.get("loc", ())
    if err["type"] == "literal_error" and len(loc) > 1 and loc[-2] in ("where", "sometimes"):  # a felt_in region
        return f"unknown region {_q(err.get('input'))}: the body map has {err['ctx']['expected']}"
    if err["type"] == "string_type" and isinstance(err.get("input"), (bool, int, float)):
        return f"{msg}; got {_q(err['input'])} (quote it to keep it as text)"
    return msg
