"""Ranked full-text search: our query syntax in, hits with their best field and a marked snippet out."""

from __future__ import annotations

from typing import Literal, NamedTuple

from neuroleg.db import fts
from neuroleg.db.layout import COLUMNS, FIELD_GROUPS, MARK_CLOSE, MARK_OPEN, TERM_PREFIX
from neuroleg.db.store import Store
from neuroleg.domain.query import Query, parse_query
from neuroleg.errors import NoHitsError, QueryError
from neuroleg.kb.ids import OVERVIEW_ID

_SNIPPET_WORDS = 18


class Hit(NamedTuple):
    """One entry that matched: where, how well, and the words around the match."""

    id: str
    name: str
    kind: Literal["cause", "overview", "term"]  # term: a glossary entry
    field: str  # the best-weighted field that matched
    fields: tuple[str, ...]  # every field that matched
    score: float  # higher is better
    snippet: tuple[tuple[str, bool], ...]  # (text, is_match) pieces

    @property
    def snippet_text(self) -> str:
        """The snippet as plain text."""
        return "".join(text for text, _ in self.snippet)

    def snippet_marked(self, mark: str = "**") -> str:
        """The snippet with each match wrapped in `mark`."""
        return "".join(f"{mark}{t}{mark}" if hit else t for t, hit in self.snippet)


def field_columns(fields: list[str]) -> tuple[str, ...]:
    """The index columns behind `--in` names; raise `QueryError` for an unknown one."""
    out: list[str] = []
    for name in fields:
        key = name.strip().casefold().replace("_", "-")
        if key not in FIELD_GROUPS:
            known = ", ".join(FIELD_GROUPS)
            raise QueryError(f"unknown field {name!r}; choose from: {known}")
        out += [c for c in FIELD_GROUPS[key] if c not in out]
    return tuple(out)


def search(store: Store, text: str, *, limit: int = 10, fields: list[str] | None = None) -> list[Hit]:
    """The best `limit` entries for a query; raise `NoHitsError` (with spelling hints) if none."""
    if limit < 1:
        raise QueryError("--limit must be at least 1")
    query = parse_query(text)
    columns = field_columns(fields) if fields else None
    match = query.fts(tuple(c.replace("-", "_") for c in columns) if columns else None)
    ranked = fts.ranked(store, match, limit, text)
    if not ranked:
        raise NoHitsError(text, *_spelling_hints(store, query))
    return _hits(store, match, ranked)


def _hits(store: Store, match: str, ranked: list[tuple[int, str, float]]) -> list[Hit]:
    highlighted = fts.highlighted(store, match, [r[0] for r in ranked])
    names = store.cause_names([r[1] for r in ranked if not r[1].startswith(TERM_PREFIX)])
    terms = {e["id"]: e["term"] for e in store.glossary()} if any(r[1].startswith(TERM_PREFIX) for r in ranked) else {}
    hits = []
    for rowid, ident, score in ranked:
        texts = highlighted.get(rowid, ("",) * len(COLUMNS))
        matched = tuple(c for c, t in zip(COLUMNS, texts, strict=True) if MARK_OPEN in t)
        best = matched[0] if matched else COLUMNS[0]
        kind: Literal["cause", "overview", "term"] = "overview" if ident == OVERVIEW_ID else "cause"
        shown = best
        if ident.startswith(TERM_PREFIX):  # a glossary term: its id, and its meaning as the snippet
            kind, ident = "term", ident.removeprefix(TERM_PREFIX)
            shown = "glossary"
        hits.append(
            Hit(
                id=ident,
                name=terms.get(ident, ident) if kind == "term" else names.get(ident, "Overview"),
                kind=kind,
                field=best,
                fields=matched,
                score=float(f"{score:.4g}"),  # significant digits: a very common word scores near zero
                snippet=_snippet(texts[COLUMNS.index(shown)]),
            )
        )
    return hits


def _snippet(marked: str) -> tuple[tuple[str, bool], ...]:
    """A window of words around the first match, as (text, is_match) pieces."""
    words = marked.split()
    first = next((i for i, w in enumerate(words) if MARK_OPEN in w), 0)
    start = max(0, first - _SNIPPET_WORDS // 3)
    end = min(len(words), start + _SNIPPET_WORDS)
    text = ("… " if start else "") + " ".join(words[start:end]) + (" …" if end < len(words) else "")
    # a match cut by the window edge leaves an unbalanced mark: close or drop it
    if text.count(MARK_OPEN) > text.count(MARK_CLOSE):
        text += MARK_CLOSE
    pieces: list[tuple[str, bool]] = []
    for i, chunk in enumerate(text.replace(MARK_CLOSE, MARK_OPEN).split(MARK_OPEN)):
        if chunk:
            pieces.append((chunk, i % 2 == 1))
    return tuple(pieces)


def _spelling_hints(store: Store, query: Query) -> tuple[list[str], list[str]]:
    """For each query word found nowhere, the names, symptom terms and phrases with a word close to it (never a
    bare word of the prose: 'bring' is no hint for 'burning'); and the words that have none."""
    import difflib

    from neuroleg.text.words import words

    names: list[str] | None = None
    words_of: dict[str, list[str]] = {}
    hints: list[str] = []
    absent: list[str] = []
    for word in query.words():
        if fts.has_prefix(store, word):
            continue
        if names is None:
            names = _hint_names(store)
            for name in names:
                for w in words(name):
                    if len(w) >= 4:
                        words_of.setdefault(w, []).append(name)
        close = difflib.get_close_matches(word, list(words_of), n=2, cutoff=0.8)
        found = [name for near in close for name in words_of[near]]
        hints += [name for name in dict.fromkeys(found) if name not in hints][:3]
        if not found:
            absent.append(word)
    return hints, absent


def _hint_names(store: Store) -> list[str]:
    """Names a misspelt word may be meant for: the causes' and subtypes' names and aliases, the forms', the
    symptom terms with their everyday phrases, and the glossary's terms."""
    symptoms = store.symptoms()
    return [
        *store.cause_name_labels(),
        *(f["name"] for f in store.forms()),
        *(s["name"] for s in symptoms),
        *(p["text"] for s in symptoms for p in s.get("phrases", [])),
        *(e["term"] for e in store.glossary()),
    ]
