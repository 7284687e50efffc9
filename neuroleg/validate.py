"""Turn the bytes of a knowledge-base file into a validated `KnowledgeBase`.

Every problem is reported as `file:line: message`, all of them at once where
the file parses, so an editor can fix a file in one pass.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from neuroleg.errors import KnowledgeBaseError, Problem
from neuroleg.model import KnowledgeBase
from neuroleg.names import normalise_name
from neuroleg.yamlsafe import line_of, read_yaml

Loc = tuple[str | int, ...]


def parse_knowledge_base(data: bytes, path: str) -> KnowledgeBase:
    """Parse and validate a knowledge base; raise `KnowledgeBaseError` listing every problem."""
    doc, root = read_yaml(data, path)
    if not isinstance(doc, dict):
        raise KnowledgeBaseError([Problem(path, 1, "the top level must be a mapping (schema_version, sources, ...)")])
    try:
        kb = KnowledgeBase.model_validate(doc)
    except ValidationError as exc:
        problems = [
            Problem(path, line_of(root, tuple(err["loc"])), f"{_where(err['loc'])}: {_message(err)}")
            for err in exc.errors(include_url=False)
        ]
        raise KnowledgeBaseError(problems) from None
    problems = [Problem(path, line_of(root, loc), f"{_where(loc)}: {msg}") for loc, msg in cross_check(kb)]
    if problems:
        raise KnowledgeBaseError(problems)
    return kb


def cross_check(kb: KnowledgeBase) -> Iterator[tuple[Loc, str]]:
    """Rules that span records: unique ids and names, and references that resolve."""
    yield from _unique_ids([(("sources", i), s.id) for i, s in enumerate(kb.sources)], "source")
    yield from _unique_ids([(("symptoms", i), s.id) for i, s in enumerate(kb.symptoms)], "symptom")
    entries: list[tuple[Loc, str]] = []
    for i, cause in enumerate(kb.causes):
        entries.append((("causes", i), cause.id))
        entries += [(("causes", i, "subtypes", j), sub.id) for j, sub in enumerate(cause.subtypes)]
    yield from _unique_ids(entries, "cause or subtype")
    yield from _unique_names(kb)

    source_ids = {s.id for s in kb.sources}
    symptom_ids = {s.id for s in kb.symptoms}
    cause_ids = {c.id for c in kb.causes}
    yield from _refs(("overview", "symptoms"), kb.overview.symptoms, symptom_ids, "symptom")
    for i, cause in enumerate(kb.causes):
        at: Loc = ("causes", i)
        yield from _refs((*at, "symptoms"), cause.symptoms, symptom_ids, "symptom")
        yield from _refs((*at, "sources"), cause.sources, source_ids, "source")
        yield from _refs((*at, "related"), cause.related, cause_ids, "cause")
        for j, rel in enumerate(cause.related):
            if rel == cause.id:
                yield (*at, "related", j), "a cause cannot be related to itself"
        for j, stat in enumerate(cause.statistics):
            if stat.source not in source_ids:
                yield (*at, "statistics", j, "source"), f"unknown source {stat.source!r}"
        for j, sub in enumerate(cause.subtypes):
            yield from _refs((*at, "subtypes", j, "symptoms"), sub.symptoms, symptom_ids, "symptom")
            yield from _refs((*at, "subtypes", j, "sources"), sub.sources, source_ids, "source")


def _unique_ids(entries: list[tuple[Loc, str]], kind: str) -> Iterator[tuple[Loc, str]]:
    first: dict[str, Loc] = {}
    for at, ident in entries:
        if ident in first:
            yield (*at, "id"), f"duplicate {kind} id {ident!r} (also {_where(first[ident])})"
        else:
            first[ident] = at


def _unique_names(kb: KnowledgeBase) -> Iterator[tuple[Loc, str]]:
    """A word that names two entries would make `show WORD` ambiguous."""
    owner: dict[str, tuple[str, Loc]] = {}
    for i, cause in enumerate(kb.causes):
        groups = [(cause.id, _names_of(("causes", i), cause.id, cause.name, cause.aliases))]
        for j, sub in enumerate(cause.subtypes):
            at: Loc = ("causes", i, "subtypes", j)
            groups.append((sub.id, _names_of(at, sub.id, sub.name, sub.aliases)))
        for entry_id, names in groups:
            for loc, name in names:
                key = normalise_name(name)
                if key in owner and owner[key][0] != entry_id:
                    yield loc, f"{name!r} already names {owner[key][0]!r}"
                else:
                    owner.setdefault(key, (entry_id, loc))


def _names_of(at: Loc, ident: str, name: str, aliases: list[str]) -> list[tuple[Loc, str]]:
    return [((*at, "id"), ident), ((*at, "name"), name)] + [
        ((*at, "aliases", k), alias) for k, alias in enumerate(aliases)
    ]


def _refs(at: Loc, ids: list[str], known: set[str], kind: str) -> Iterator[tuple[Loc, str]]:
    for k, ident in enumerate(ids):
        if ident not in known:
            yield (*at, k), f"unknown {kind} {ident!r}"


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
