"""Turn the bytes of a knowledge-base file into validated, typed records.

Causes are checked one at a time as the parser finishes each, and handed to a
consumer (the compiler) straight away, so even a huge file is never held in
memory whole. Every problem is reported as `file:line: message`, all of them
at once, so an editor can fix a file in one pass.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from pydantic import ValidationError

from neuroleg.errors import KnowledgeBaseError, Problem
from neuroleg.kb.ids import OVERVIEW_ID
from neuroleg.kb.safe_yaml import Loc, line_of, read_yaml, yaml_lines
from neuroleg.kb.schema import Cause, Header, KnowledgeBase, Source, Symptom
from neuroleg.text.names import normalise_name

Issue = tuple[tuple[Any, ...], str]  # a location (of keys, indexes and `_Key`s) and a message


class Consumer:
    """Receives valid records as they are read; `compile.Compiler` is the main one."""

    def begin(self, sources: list[Source] | None, symptoms: list[Symptom] | None) -> None:
        """Before the first cause: the sources and symptoms, if the file gave them first."""

    def add_cause(self, index: int, cause: Cause) -> None:
        """One cause, valid on its own, in file order."""

    def finish(self, header: Header) -> None:
        """The rest of the file, once every record of it is known to be valid."""


MAX_PROBLEMS = 200  # reported at most; a file with more is refused as soon as it has this many


def check_knowledge_base(data: bytes, path: str, consumer: Consumer, *, strict: bool = False) -> Header:
    """Validate a knowledge base, feeding `consumer`; raise `KnowledgeBaseError` listing every problem.

    Links to related causes that are not in the file are lint, not errors: the
    reading commands skip them, so a partial or generated file still loads;
    `strict` (the `validate` command) refuses them too.
    """
    checker = Checker()
    issues: list[Issue] = []

    def take(index: int, raw: Any, top: dict[Any, Any]) -> None:
        if index == 0:
            consumer.begin(_early(top, "sources", Source), _early(top, "symptoms", Symptom))
        try:
            cause = Cause.model_validate(raw)
        except ValidationError as exc:
            issues.extend((("causes", index, *loc), msg) for loc, msg in _errors(exc))
        else:
            issues.extend(checker.add_cause(index, cause))
            if not issues:  # once the file is known bad, only look for more problems
                consumer.add_cause(index, cause)
        if len(issues) >= MAX_PROBLEMS:  # a file this broken is not worth reading on: stop in bounded time
            raise _TooMany

    try:
        doc = read_yaml(data, path, stream_list="causes", sink=take)
    except _TooMany:
        raise _located(data, path, issues[:MAX_PROBLEMS], more=True) from None
    if not isinstance(doc, dict):
        raise KnowledgeBaseError([Problem(path, 1, "the top level must be a mapping (schema_version, sources, ...)")])
    causes = doc.pop("causes", None)
    if not isinstance(causes, list) or not causes:
        issues.append((("causes",), "required: a list of at least one cause"))
    try:
        header = Header.model_validate(doc)
    except ValidationError as exc:
        issues.extend(_errors(exc))
    # references are checked against whatever ids the header has, valid or not,
    # so that one mistake there does not hide the others
    issues.extend(checker.finish(doc, strict=strict))
    if issues:
        raise _located(data, path, issues[:MAX_PROBLEMS], more=len(issues) > MAX_PROBLEMS)
    consumer.finish(header)
    return header


class Tally(Consumer):
    """Counts what a valid file holds, for `neuroleg validate`."""

    def __init__(self) -> None:
        self.counts = {"causes": 0, "subtypes": 0, "statistics": 0, "symptoms": 0, "sources": 0}

    def add_cause(self, index: int, cause: Cause) -> None:
        self.counts["causes"] += 1
        self.counts["subtypes"] += len(cause.subtypes)
        self.counts["statistics"] += len(cause.statistics)

    def finish(self, header: Header) -> None:
        self.counts["symptoms"] = len(header.symptoms)
        self.counts["sources"] = len(header.sources)


def _early(top: dict[Any, Any], key: str, model: type[Source] | type[Symptom]) -> Any:
    """A list read before the causes, typed; None if absent or invalid (checked again at the end)."""
    if not isinstance(top.get(key), list):
        return None
    try:
        return [model.model_validate(item) for item in top[key]]
    except ValidationError:
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
        self.related: list[tuple[Loc, str]] = []

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
        self.refs += [((*at, "symptoms", k), "symptom", s) for k, s in enumerate(cause.symptoms)]
        self.refs += [((*at, "sources", k), "source", s) for k, s in enumerate(cause.sources)]
        self.refs += [((*at, "statistics", k, "source"), "source", s.source) for k, s in enumerate(cause.statistics)]
        for j, sub in enumerate(cause.subtypes):
            sub_at: Loc = (*at, "subtypes", j)
            self.subtype_names += [(loc, n, cause.id) for loc, n in _names_of(sub_at, sub.id, sub.name, sub.aliases)]
            self.refs += [((*sub_at, "symptoms", k), "symptom", s) for k, s in enumerate(sub.symptoms)]
            self.refs += [((*sub_at, "sources", k), "source", s) for k, s in enumerate(sub.sources)]
        for k, rel in enumerate(cause.related):
            if rel == cause.id:
                yield (*at, "related", k), "a cause cannot be related to itself"
            self.related.append(((*at, "related", k), rel))

    def finish(self, top: dict[Any, Any], *, strict: bool) -> Iterator[Issue]:
        """Checks that need the whole file: header ids, references, subtype names."""
        sources, symptoms = _ids(top, "sources"), _ids(top, "symptoms")
        yield from _duplicates(sources, "source")
        yield from _duplicates(symptoms, "symptom")
        # a list that is missing altogether is one error, already reported: not one per reference
        known = {
            "source": {i for _, i in sources} if isinstance(top.get("sources"), list) else None,
            "symptom": {i for _, i in symptoms} if isinstance(top.get("symptoms"), list) else None,
        }
        overview = top.get("overview")
        general = overview.get("symptoms") if isinstance(overview, dict) else None
        refs = [(("overview", "symptoms", k), "symptom", s) for k, s in enumerate(general or []) if isinstance(s, str)]
        for loc, kind, ident in [*refs, *self.refs]:
            ids = known[kind]
            if ids is not None and ident not in ids:
                yield loc, f"unknown {kind} {_q(ident)}"
        # the same subtype may sit under several causes (a neuroma after injury or with a
        # tumour): its name then finds the first of them; it must not name another cause
        for loc, name, owner_id in self.subtype_names:
            owner = self.cause_names.get(normalise_name(name))
            if owner is not None and owner != owner_id:
                yield loc, f"{_q(name)} already names the cause {_q(owner)}"
        if strict:
            yield from lint(self.related, self.cause_ids)


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
            yield loc, f"unknown related cause {_q(rel)}"


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


def _errors(exc: ValidationError) -> Iterator[Issue]:
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        if err["type"] == "invalid_key":  # pydantic names the key by its text ('None', '1.5'): find the real one
            yield (*loc[:-1], _Key(err["input"])), f"the key {err['input']!r} is not text: quote it, or remove it"
        else:
            yield loc, _message(err)


def _q(value: Any, limit: int = 60) -> str:
    """`value` quoted for a message, its middle cut when it is long (an id of 100,000 characters)."""
    text = repr(value)
    if len(text) <= limit:
        return text
    return f"{text[: limit - 10]}…{text[0]} ({len(str(value)):,} characters)"


def _located(data: bytes, path: str, issues: list[Issue], *, more: bool = False) -> KnowledgeBaseError:
    """Problems with the line each one points at (found by a second, recording pass)."""
    wanted = {loc[:end] for loc, _ in issues for loc in [_line_loc(loc)] for end in range(len(loc) + 1)}
    lines = yaml_lines(data, path, wanted)  # only the places asked about: a huge file's second pass stays small
    located = [(line_of(lines, _line_loc(loc)), f"{_where(loc)}: {msg}") for loc, msg in issues]
    located.sort(key=lambda problem: problem[0] or 0)
    problems = [Problem(path, line, message) for line, message in located]
    if more:
        problems.append(Problem(path, None, f"stopped after {MAX_PROBLEMS} problems; there are more"))
    return KnowledgeBaseError(problems)


class _TooMany(Exception):
    """Enough problems found to stop reading."""


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


def _message(err: Any) -> str:
    msg = str(err["msg"])
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    if err["type"] == "missing":
        return "required field is missing"
    if err["type"] == "extra_forbidden":
        return "unknown field"
    if err["type"] == "string_type" and isinstance(err.get("input"), (bool, int, float)):
        return f"{msg}; got {_q(err['input'])} (quote it to keep it as text)"
    return msg
