"""Turn the bytes of a knowledge-base file into validated, typed records.

Causes are checked one at a time as the parser finishes each, and handed to a
consumer (the compiler) straight away, so even a huge file is never held in
memory whole. Every problem is reported as `file:line: message`, all of them
at once, so an editor can fix a file in one pass.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from neuroleg.errors import KnowledgeBaseError, Problem
from neuroleg.layout import OVERVIEW_ID
from neuroleg.model import Cause, Header, KnowledgeBase, Source, Symptom
from neuroleg.names import normalise_name
from neuroleg.yamlsafe import Loc, line_of, read_yaml, yaml_lines

Issue = tuple[Loc, str]


class Consumer:
    """Receives valid records as they are read; `compile.Compiler` is the main one."""

    def begin(self, sources: list[Source] | None, symptoms: list[Symptom] | None) -> None:
        """Before the first cause: the sources and symptoms, if the file gave them first."""

    def add_cause(self, index: int, cause: Cause) -> None:
        """One cause, valid on its own, in file order."""

    def finish(self, header: Header) -> None:
        """The rest of the file, once every record of it is known to be valid."""


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
            return
        issues.extend(checker.add_cause(index, cause))
        if not issues:  # once the file is known bad, only look for more problems
            consumer.add_cause(index, cause)

    doc = read_yaml(data, path, stream_list="causes", sink=take)
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
        raise _located(data, path, issues)
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
            yield (*at, "id"), f"duplicate cause id {cause.id!r}"
        self.cause_ids.add(cause.id)
        yield from _duplicates([((*at, "subtypes", j), sub.id) for j, sub in enumerate(cause.subtypes)], "subtype")
        for loc, name in _names_of(at, cause.id, cause.name, cause.aliases):
            key = normalise_name(name)
            if self.cause_names.setdefault(key, cause.id) != cause.id:
                yield loc, f"{name!r} already names the cause {self.cause_names[key]!r}"
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
                yield loc, f"unknown {kind} {ident!r}"
        # the same subtype may sit under several causes (a neuroma after injury or with a
        # tumour): its name then finds the first of them; it must not name another cause
        for loc, name, owner_id in self.subtype_names:
            owner = self.cause_names.get(normalise_name(name))
            if owner is not None and owner != owner_id:
                yield loc, f"{name!r} already names the cause {owner!r}"
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
            yield loc, f"unknown related cause {rel!r}"


def _duplicates(entries: list[tuple[Loc, str]], kind: str) -> Iterator[Issue]:
    first: dict[str, Loc] = {}
    for at, ident in entries:
        if ident in first:
            yield (*at, "id"), f"duplicate {kind} id {ident!r} (also {_where(first[ident])})"
        else:
            first[ident] = at


def _names_of(at: Loc, ident: str, name: str, aliases: list[str]) -> list[tuple[Loc, str]]:
    return [((*at, "id"), ident), ((*at, "name"), name)] + [
        ((*at, "aliases", k), alias) for k, alias in enumerate(aliases)
    ]


def _errors(exc: ValidationError) -> Iterator[Issue]:
    for err in exc.errors(include_url=False):
        yield tuple(err["loc"]), _message(err)


def _located(data: bytes, path: str, issues: list[Issue]) -> KnowledgeBaseError:
    """Problems with the line each one points at (found by a second, recording pass)."""
    lines = yaml_lines(data, path)
    ordered = sorted(issues, key=lambda issue: line_of(lines, issue[0]) or 0)
    return KnowledgeBaseError([Problem(path, line_of(lines, loc), f"{_where(loc)}: {msg}") for loc, msg in ordered])


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
        return f"{msg}; got {err['input']!r} (quote it to keep it as text)"
    return msg
