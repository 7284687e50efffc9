"""Compile a validated knowledge base into SQLite: records as JSON plus an FTS5 index.

The same database is the cache of the everyday path (no YAML, no validation)
and the search engine.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from neuroleg.db.layout import COLUMNS, NOT_A_MARK
from neuroleg.db.store import seal
from neuroleg.kb.ids import OVERVIEW_ID
from neuroleg.kb.links import Doc, cited_source_ids, names_of, risk_factors, symptom_links
from neuroleg.kb.schema import Cause, Header, Source, Symptom
from neuroleg.kb.validate import Consumer
from neuroleg.text.figures import figure_text
from neuroleg.text.names import normalise_name
from neuroleg.text.wording import join_items
from neuroleg.text.words import letter_words

_FTS_COLUMNS = ", ".join(c.replace("-", "_") for c in COLUMNS)
_SCHEMA = f"""
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE causes(ord INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
                    row TEXT NOT NULL, doc TEXT NOT NULL);  -- row: what a listing shows
CREATE TABLE names(key TEXT PRIMARY KEY, cause_id TEXT NOT NULL, label TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE sources(ord INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc TEXT NOT NULL);
CREATE TABLE symptoms(ord INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc TEXT NOT NULL);
CREATE TABLE symptom_causes(symptom_id TEXT NOT NULL, cause_ord INTEGER NOT NULL, via TEXT, via_sources TEXT);
CREATE INDEX symptom_causes_by_symptom ON symptom_causes(symptom_id, cause_ord);
CREATE TABLE statistics(cause_ord INTEGER NOT NULL, ord INTEGER NOT NULL, doc TEXT NOT NULL);
CREATE TABLE citations(source_id TEXT NOT NULL, cause_ord INTEGER NOT NULL, what TEXT NOT NULL);
CREATE INDEX citations_by_source ON citations(source_id, cause_ord);
CREATE TABLE words(word TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE VIRTUAL TABLE fts USING fts5(id UNINDEXED, {_FTS_COLUMNS},
                                    tokenize='porter unicode61 remove_diacritics 2');
"""


class Compiler(Consumer):
    """Writes each valid record into an empty database as validation hands it over."""

    def __init__(self, conn: sqlite3.Connection, identity: str) -> None:
        self.conn = conn
        self.identity = identity
        self.sources: dict[str, Source] = {}
        self.symptoms: dict[str, Symptom] = {}
        self.waiting: list[tuple[int, Cause]] | None = None  # causes read before sources/symptoms
        self.words: set[str] = set()
        self.seen_texts: set[str] = set()
        self.names: dict[str, str] = {}  # cause id -> name, for related-cause links
        self.forward: list[tuple[int, list[str], str]] = []  # (row, related ids, text written) to finish
        self.rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in _INSERTS}
        conn.executescript(_SCHEMA)
        conn.execute("BEGIN")

    def begin(self, sources: list[Source] | None, symptoms: list[Symptom] | None) -> None:
        if sources is None or symptoms is None:
            self.waiting = []  # the file lists them after its causes: compile those at the end
            return
        self.sources = {s.id: s for s in sources}
        self.symptoms = {s.id: s for s in symptoms}

    def add_cause(self, index: int, cause: Cause) -> None:
        if self.waiting is not None:
            self.waiting.append((index, cause))
        else:
            self._insert_cause(index, cause)

    def finish(self, header: Header) -> None:
        self.sources = {s.id: s for s in header.sources}
        self.symptoms = {s.id: s for s in header.symptoms}
        for index, cause in self.waiting or []:
            self._insert_cause(index, cause)
        self._flush()
        conn = self.conn
        # links to causes that came later in the file: rewrite the rows that gain a name
        updates = []
        for rowid, ids, written in self.forward:
            text = join_items(self.names[r] for r in ids if r in self.names)
            if text != written:
                updates.append((text, rowid))
        conn.executemany("UPDATE fts SET related = ? WHERE rowid = ?", updates)
        overview = header.overview
        conn.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [("identity", self.identity), ("overview", seal(overview.model_dump(mode="json", exclude_none=True)))],
        )
        conn.executemany(
            "INSERT INTO sources VALUES (?, ?, ?)",
            [(i, s.id, seal(s.model_dump(mode="json"))) for i, s in enumerate(header.sources)],
        )
        conn.executemany(
            "INSERT INTO symptoms VALUES (?, ?, ?)",
            [(i, s.id, seal(s.model_dump(mode="json"))) for i, s in enumerate(header.symptoms)],
        )
        text = join_items([overview.summary, *(f"{s.title}. {s.text}" for s in overview.sections), overview.disclaimer])
        text = text.translate(NOT_A_MARK)
        conn.execute(
            f"INSERT INTO fts VALUES (?{', ?' * len(COLUMNS)})",
            (OVERVIEW_ID, *["Overview" if c == "name" else text if c == "overview" else "" for c in COLUMNS]),
        )
        _add_words(self.words, [text], self.seen_texts)
        conn.executemany("INSERT INTO words VALUES (?)", [(w,) for w in sorted(self.words)])
        conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")
        conn.commit()

    def _insert_cause(self, ord_: int, cause: Cause) -> None:
        doc = cause.model_dump(mode="json", exclude_none=True)
        headline = doc["statistics"][0] if doc["statistics"] else None
        rows = self.rows
        listing = {"id": cause.id, "name": cause.name, "category": cause.category, "summary": cause.summary}
        rows["causes"].append((ord_, cause.id, cause.name, seal({**listing, "headline": headline}), seal(doc)))
        rows["names"] += [(normalise_name(n), cause.id, n) for n in names_of(doc)]
        rows["symptom_causes"] += [
            (sym, ord_, via["name"], seal(via["sources"])) if via else (sym, ord_, None, None)
            for sym, via in symptom_links(doc)
        ]
        rows["statistics"] += [(ord_, j, seal(s)) for j, s in enumerate(doc["statistics"])]
        rows["citations"] += [(src, ord_, what) for src, what in _citations(doc)]
        texts = _search_texts(doc, self.symptoms, self.sources)
        related = join_items(self.names[r] for r in cause.related if r in self.names)
        texts[COLUMNS.index("related")] = related
        rows["fts"].append((ord_ + 1, cause.id, *texts))
        self.names[cause.id] = cause.name.translate(NOT_A_MARK)
        if any(r not in self.names for r in cause.related):
            self.forward.append((ord_ + 1, cause.related, related))
        _add_words(self.words, texts, self.seen_texts)
        if len(rows["causes"]) >= _BATCH:
            self._flush()

    def _flush(self) -> None:
        """Write the rows gathered so far: one statement per table, not one per cause."""
        for table, sql in _INSERTS.items():
            self.conn.executemany(sql, self.rows[table])
            self.rows[table].clear()


_BATCH = 500  # causes gathered before a write: few statements, bounded memory
_INSERTS = {
    "causes": "INSERT INTO causes VALUES (?, ?, ?, ?, ?)",
    "names": "INSERT OR IGNORE INTO names VALUES (?, ?, ?)",  # the first cause to claim a name keeps it
    "symptom_causes": "INSERT INTO symptom_causes VALUES (?, ?, ?, ?)",
    "statistics": "INSERT INTO statistics VALUES (?, ?, ?)",
    "citations": "INSERT INTO citations VALUES (?, ?, ?)",
    "fts": f"INSERT INTO fts(rowid, id, {_FTS_COLUMNS}) VALUES (?, ?{', ?' * len(COLUMNS)})",
}


def _citations(cause: Doc) -> Iterator[tuple[str, str]]:
    for src in cause["sources"]:
        yield src, f"{cause['name']}: a claim in its text credited to this organisation"
    for stat in cause["statistics"]:
        yield stat["source"], f"{cause['name']}: {stat['label']} ({stat['population']})"
    for sub in cause["subtypes"]:
        for src in sub["sources"]:
            yield src, f"{cause['name']}: {sub['name']}"


def _search_texts(cause: Doc, symptoms: dict[str, Symptom], sources: dict[str, Source]) -> list[str]:
    sym_ids = [s for s, _ in symptom_links(cause)]
    subtypes = cause["subtypes"]
    fields = {
        "name": cause["name"],
        "aliases": join_items(cause["aliases"]),
        "summary": cause["summary"],
        "mechanism": cause["mechanism"],
        # a reference may be dangling here: skip it; validation reports it and the build is dropped
        "symptoms": join_items(f"{symptoms[s].name}: {symptoms[s].description}" for s in sym_ids if s in symptoms),
        "risk-factors": join_items(text for text, _ in risk_factors(cause)),
        "statistics": join_items(
            f"{s['label']}: {figure_text(s)} of {s['population']} ({_short(sources, s['source'])}). {s.get('note', '')}"
            for s in cause["statistics"]
        ),
        "treatment": join_items(cause["treatment"]),
        "subtype-names": join_items(join_items([sub["name"], *sub["aliases"]]) for sub in subtypes),
        "subtypes": join_items(join_items(sub.get(k, "") for k in ("summary", "location", "side")) for sub in subtypes),
        "related": "",  # names of related causes: the compiler knows them
        "sources": join_items(
            f"{sources[s].name} ({sources[s].short})" for s in cited_source_ids(cause) if s in sources
        ),
        "overview": "",
    }
    return [fields[c].translate(NOT_A_MARK) for c in COLUMNS]


def _short(sources: dict[str, Source], source_id: str) -> str:
    return sources[source_id].short if source_id in sources else source_id


def _add_words(words: set[str], texts: Iterable[str], seen: set[str]) -> None:
    """Add the words of texts not seen before (entries often share whole texts)."""
    fresh = [t for t in texts if t not in seen]
    seen.update(fresh)
    words.update(letter_words("\n".join(fresh).casefold(), 3))
