"""The full-text index's queries (SQLite FTS5, BM25): rank, mark the matches, test a word."""

from __future__ import annotations

import sqlite3

from neuroleg.db.layout import COLUMNS, MARK_CLOSE, MARK_OPEN, TERM_PREFIX, WEIGHTS
from neuroleg.db.store import Store
from neuroleg.errors import QueryError

_MOST_HITS = 2**31  # SQLite takes a 64-bit LIMIT; a bigger Python int would overflow
_BM25 = ", ".join(str(WEIGHTS[c]) for c in COLUMNS)
_MARKED = ", ".join(f"highlight(fts, {i + 1}, '{MARK_OPEN}', '{MARK_CLOSE}')" for i in range(len(COLUMNS)))


def ranked(store: Store, expression: str, limit: int, shown: str) -> list[tuple[int, str, float]]:
    """(rowid, id, score) of the best `limit` entries for an FTS5 expression, best first, glossary terms after
    every cause and the overview (a short meaning would outrank the prose it explains); `shown` names the query in
    an error."""
    # ranked by score alone, as SQLite does fastest, taking as many more rows as there are glossary terms: the best
    # `limit` entries are among them whatever the terms score, and the terms then go after the entries
    terms = len(store.glossary())
    try:
        rows = store.rows(
            f"SELECT rowid, id, -bm25(fts, 0, {_BM25}) AS score FROM fts WHERE fts MATCH ? "
            "ORDER BY score DESC, rowid LIMIT ?",
            (expression, min(limit + terms, _MOST_HITS)),
        )
    except sqlite3.OperationalError as exc:  # our expressions are built to parse; say so if one does not
        raise QueryError(f"cannot search for {shown!r}: {exc}") from None
    return sorted(rows, key=lambda row: str(row[1]).startswith(TERM_PREFIX))[:limit]  # stable: best first in each


def highlighted(store: Store, expression: str, rowids: list[int]) -> dict[int, tuple[str, ...]]:
    """Each field of the given entries with the expression's matches between MARK_OPEN and MARK_CLOSE."""
    marks = ",".join("?" * len(rowids))
    rows = store.rows(
        f"SELECT rowid, {_MARKED} FROM fts WHERE fts MATCH ? AND rowid IN ({marks})", (expression, *rowids)
    )
    return {row[0]: tuple(row[1:]) for row in rows}


def has_prefix(store: Store, word: str) -> bool:
    """Does any entry hold a word starting with `word` (a token, as the query parser gives it)?"""
    return bool(store.rows("SELECT 1 FROM fts WHERE fts MATCH ? LIMIT 1", (f'"{word}" *',)))
