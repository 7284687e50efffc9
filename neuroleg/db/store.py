"""Read access to a compiled knowledge base: each record as a `Doc`, the plain dict its JSON decodes to."""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterator
from typing import Any

from neuroleg.errors import UnknownNameError
from neuroleg.text.names import normalise_name

Doc = dict[str, Any]  # one stored record, decoded from JSON


class Store:
    """A compiled knowledge base; every reading command asks it for records."""

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self.conn = conn
        self.path = path  # the knowledge-base file it was compiled from

    def overview(self) -> Doc:
        """The overview: summary, sections, general symptoms and disclaimer."""
        return _load(self._meta("overview"))

    def cause_rows(self) -> Iterator[Doc]:
        """Every cause, lightly: id, name, category, summary and headline statistic."""
        for (row,) in self.conn.execute("SELECT row FROM causes ORDER BY ord"):
            yield _load(row)

    def cause(self, cause_id: str) -> Doc:
        """The whole record of one cause, by id."""
        row = self.conn.execute("SELECT doc FROM causes WHERE id = ?", (cause_id,)).fetchone()
        if row is None:
            raise UnknownNameError(cause_id, [])
        return _load(row[0])

    def resolve(self, name: str) -> str:
        """The id of the cause that `name` (id, name or alias, any case) names."""
        key = normalise_name(name)
        if not _is_text(key):  # a byte of argv that was not UTF-8: no name has it, and SQLite cannot take it
            raise UnknownNameError(name, [])
        row = self.conn.execute("SELECT cause_id FROM names WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise UnknownNameError(name, self.suggest_names(name))
        return str(row[0])

    def suggest_names(self, name: str, limit: int = 3) -> list[str]:
        """Up to `limit` known names closest to a misspelt one."""
        import difflib

        labels = {key: label for key, label in self.conn.execute("SELECT key, label FROM names")}
        close = difflib.get_close_matches(normalise_name(name), list(labels), n=limit * 3, cutoff=0.6)
        out: list[str] = []
        for key in close:
            if labels[key] not in out:
                out.append(labels[key])
        return out[:limit]

    def cause_names(self, ids: list[str]) -> dict[str, str]:
        """Display names of the given cause ids."""
        marks = ",".join("?" * len(ids))
        return dict(self.conn.execute(f"SELECT id, name FROM causes WHERE id IN ({marks})", ids).fetchall())

    def sources(self) -> list[Doc]:
        """Every source organisation, in file order."""
        return [_load(doc) for (doc,) in self.conn.execute("SELECT doc FROM sources ORDER BY ord")]

    def symptoms(self) -> list[Doc]:
        """Every symptom term, in file order."""
        return [_load(doc) for (doc,) in self.conn.execute("SELECT doc FROM symptoms ORDER BY ord")]

    def causes_with_symptom(self, symptom_id: str) -> list[Doc]:
        """The causes that bring a symptom, with the subtype through which they do, if any."""
        rows = self.conn.execute(
            "SELECT c.id, c.name, l.via FROM symptom_causes l JOIN causes c ON c.ord = l.cause_ord "
            "WHERE l.symptom_id = ? ORDER BY l.cause_ord",
            (symptom_id,),
        )
        return [{"id": i, "name": n, "via": v} for i, n, v in rows]

    def statistics(self) -> Iterator[Doc]:
        """Every statistic with the id and name of its cause."""
        for cid, cname, doc in self.conn.execute(
            "SELECT c.id, c.name, s.doc FROM statistics s JOIN causes c ON c.ord = s.cause_ord "
            "ORDER BY s.cause_ord, s.ord"
        ):
            yield {"cause": cid, "cause_name": cname, **_load(doc)}

    def citations(self, source_id: str) -> list[Doc]:
        """What rests on one source: causes, subtypes and statistics that cite it."""
        rows = self.conn.execute(
            "SELECT c.id, t.what FROM citations t JOIN causes c ON c.ord = t.cause_ord "
            "WHERE t.source_id = ? ORDER BY t.cause_ord, t.rowid",
            (source_id,),
        )
        return [{"cause": cid, "fact": what} for cid, what in rows]

    def words(self) -> list[str]:
        """Every word of the knowledge base (three letters or more), for spelling hints."""
        return [w for (w,) in self.conn.execute("SELECT word FROM words")]

    def _meta(self, key: str) -> str:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise sqlite3.DatabaseError(f"compiled knowledge base lacks {key!r}")
        return str(row[0])


def _is_text(value: str) -> bool:
    """True unless `value` holds lone surrogates (how Python carries bytes of argv that were not UTF-8)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def seal(value: Any) -> str:
    """A record as stored: its JSON behind a CRC-32 of it, so that damage to the file shows."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return f"{zlib.crc32(text.encode()):08x}{text}"


def _load(stored: str) -> Doc:
    """A sealed record; `sqlite3.DatabaseError` when it is damaged (the caller rebuilds the cache)."""
    try:
        crc, text = stored[:8], stored[8:]
        if int(crc, 16) != zlib.crc32(text.encode()):
            raise ValueError("checksum mismatch")
        record: Doc = json.loads(text)
        return record
    except (TypeError, ValueError, UnicodeError) as exc:
        raise sqlite3.DatabaseError(f"damaged record in the compiled knowledge base: {exc}") from None
