"""Our search syntax, parsed by us and rebuilt as a safe FTS5 expression.

Users may type anything. Each word and phrase is re-emitted as an FTS5 string
(so `-`, `:`, `NEAR(`, `AND`, brackets and quotes are just text); the only
operators are ours: `"a phrase"`, `OR` between terms, and a trailing `*` for
prefixes. Words are split on the same boundaries as FTS5's unicode61 tokenizer.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from neuroleg.errors import QueryError
from neuroleg.text.words import TOKEN

_PART = re.compile(r'"([^"]*)"?|(\S+)')  # a quoted phrase (closing quote optional), or a bare word


class QueryTerm(NamedTuple):
    """One word or phrase of a query, as the tokens FTS5 will see."""

    tokens: tuple[str, ...]
    prefix: bool = False

    def fts(self) -> str:
        """This term as an FTS5 string (a phrase when it has several tokens)."""
        text = '"' + " ".join(self.tokens) + '"'
        return f"{text} *" if self.prefix else text


class Query(NamedTuple):
    """All groups must match; within a group, any term (they were joined by OR)."""

    groups: tuple[tuple[QueryTerm, ...], ...]

    def fts(self, columns: tuple[str, ...] | None = None) -> str:
        """The FTS5 MATCH expression, optionally limited to some columns."""
        expr = " AND ".join("(" + " OR ".join(t.fts() for t in group) + ")" for group in self.groups)
        if columns:
            return "{" + " ".join(columns) + "} : (" + expr + ")"
        return expr

    def words(self) -> list[str]:
        """Every token of the query, in order, once."""
        return list(dict.fromkeys(tok for group in self.groups for term in group for tok in term.tokens))


def parse_query(text: str) -> Query:
    """Parse a user's query; raise `QueryError` when it holds no searchable word."""
    groups: list[list[QueryTerm]] = []
    join_next = False
    for match in _PART.finditer(text.replace("\x00", " ")):
        phrase, word = match.group(1), match.group(2)
        if word == "OR":
            join_next = bool(groups)  # a leading or doubled OR joins nothing
            continue
        source = phrase if phrase is not None else word
        tokens = tuple(t.casefold() for t in TOKEN.findall(source))
        if not tokens:
            continue  # punctuation alone: nothing to look for
        term = QueryTerm(tokens, prefix=phrase is None and word.endswith("*"))
        if join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    if not groups:
        raise QueryError(f"nothing to search for in {text!r}: use letters or digits")
    return Query(tuple(tuple(g) for g in groups))
