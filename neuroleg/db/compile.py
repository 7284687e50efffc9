"""Compile a validated knowledge base into SQLite: records as JSON plus an FTS5 index.

The same database is the cache of the everyday path (no YAML, no validation)
and the search engine.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from neuroleg.db.layout import COLUMNS, NOT_A_MARK, TERM_PREFIX
from neuroleg.db.store import seal
from neuroleg.kb.codes import Coded, carried_codes, cause_subjects, condition_name, labelled_codes
from neuroleg.kb.condition import condition_record
from neuroleg.kb.ids import OVERVIEW_ID
from neuroleg.kb.links import (
    Doc,
    cited_source_ids,
    credited_facts,
    form_symptoms,
    names_of,
    risk_factors,
    subject_name,
    subject_of,
    symptom_links,
)
from neuroleg.kb.schema import Category, Cause, Form, GlossaryEntry, Header, Organisation, Page, Symptom
from neuroleg.kb.validate import Consumer, Vocabulary
from neuroleg.text.figures import figure_text
from neuroleg.text.names import normalise_name
from neuroleg.text.wording import join_items
from neuroleg.text.words import letter_words

_FTS_COLUMNS = ", ".join(c.replace("-", "_") for c in COLUMNS)
_SCHEMA = f"""
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE causes(ord INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, category TEXT NOT NULL);
-- each cause's records, kept apart: a listing or a join on causes reads a few pages, not every record's
CREATE TABLE cause_records(ord INTEGER PRIMARY KEY, row TEXT NOT NULL, doc TEXT NOT NULL);  -- row: what a listing shows
-- each risk factor as text, so that matching one reads no cause's record; and each cause's own name and aliases
CREATE TABLE risks(cause_ord INTEGER NOT NULL, ord INTEGER NOT NULL, via TEXT, text TEXT NOT NULL,
                   subject_kind TEXT NOT NULL, subject TEXT NOT NULL, credited TEXT, among TEXT, page TEXT);
CREATE INDEX risks_by_text ON risks(text);  -- a few dozen texts, shared by thousands of causes
CREATE TABLE own_names(key TEXT NOT NULL, cause_ord INTEGER NOT NULL);
CREATE INDEX own_names_by_key ON own_names(key);
CREATE TABLE names(key TEXT PRIMARY KEY, cause_id TEXT NOT NULL, label TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE organisations(ord INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc TEXT NOT NULL);
CREATE TABLE categories(ord INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc TEXT NOT NULL);
CREATE TABLE symptoms(ord INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc TEXT NOT NULL);
CREATE TABLE forms(ord INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc TEXT NOT NULL);
-- every subject that carries standard codes, in the order the crosswalk lists them (a cause's and a subtype's
-- codes are in `names` too, so that `show E11.44` finds them)
CREATE TABLE codes(section INTEGER NOT NULL, ord INTEGER NOT NULL, sub INTEGER NOT NULL, kind TEXT NOT NULL,
                   id TEXT NOT NULL, name TEXT NOT NULL, cause_id TEXT, doc TEXT NOT NULL);
-- how a cause brings a symptom: its own (direct), a subtype's, or a form's it leads to; the strongest one only
-- stored in symptom order (WITHOUT ROWID): the causes of one symptom are read from pages side by side
-- credited: the organisation credited for the link (a form's: for the evidence that the cause leads to it);
-- page: the page that gives the symptom (of the cause, or of the form); evidence_page: the page that says the
-- cause leads to the form; none: the source article
CREATE TABLE symptom_causes(symptom_id TEXT NOT NULL, cause_ord INTEGER NOT NULL, link TEXT NOT NULL,
                            via_id TEXT, via TEXT, evidence TEXT, credited TEXT, page TEXT, evidence_page TEXT,
                            PRIMARY KEY (symptom_id, cause_ord)) WITHOUT ROWID;
CREATE TABLE statistics(cause_ord INTEGER NOT NULL, ord INTEGER NOT NULL, doc TEXT NOT NULL);
-- each cause that leads to a form of neuropathy, with the evidence: a form's own page lists them
CREATE TABLE form_causes(form_id TEXT NOT NULL, cause_ord INTEGER NOT NULL, evidence TEXT NOT NULL, credited TEXT,
                         page TEXT);
CREATE INDEX form_causes_by_form ON form_causes(form_id, cause_ord);
CREATE TABLE citations(source_id TEXT NOT NULL, cause_ord INTEGER NOT NULL, kind TEXT NOT NULL, what TEXT NOT NULL);
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
        self.organisations: dict[str, Organisation] = {}
        self.symptoms: dict[str, Symptom] = {}
        self.forms: dict[str, Form] = {}
        self.page_owners: dict[str, str] = {}  # page id -> its organisation: a fact from a page is credited to it
        self.waiting: list[tuple[int, Cause]] | None = None  # causes read before what they refer to
        self.words: set[str] = set()
        self.seen_texts: set[str] = set()
        self.names: dict[str, str] = {}  # cause id -> name, for related-cause links
        self.forward: list[tuple[int, list[str], str]] = []  # (row, related ids, text written) to finish
        self.rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in _INSERTS}
        conn.executescript(_SCHEMA)
        conn.execute("BEGIN")

    def begin(self, vocabulary: Vocabulary | None) -> None:
        if vocabulary is None:
            self.waiting = []  # the file lists them after its causes: compile those at the end
            return
        self._know(vocabulary.organisations, vocabulary.symptoms, vocabulary.forms, vocabulary.pages)

    def _know(
        self, organisations: list[Organisation], symptoms: list[Symptom], forms: list[Form], pages: list[Page]
    ) -> None:
        self.organisations = {s.id: s for s in organisations}
        self.symptoms = {s.id: s for s in symptoms}
        self.forms = {f.id: f for f in forms}
        self.page_owners = {p.id: p.organisation for p in pages}
        # what every cause's rows repeat, made once: a big file has thousands of causes
        self.form_names = {i: f.name for i, f in self.forms.items()}
        self.symptom_names = {i: s.name for i, s in self.symptoms.items()}
        self.form_pairs = {i: form_symptoms(f.model_dump()) for i, f in self.forms.items()}
        self.symptom_texts = {i: _symptom_text(s) for i, s in self.symptoms.items()}
        # a form's summary and its symptoms' names, phrases and HPO terms (not their descriptions: every cause
        # that leads there repeats this), for the forms field: "burning feet" finds diabetes through its form
        self.form_tails = {
            i: f.summary + " " + join_items(_named(self.symptoms[s]) for s, _ in pairs if s in self.symptoms)
            for i, pairs in self.form_pairs.items()
            for f in [self.forms[i]]
        }

    def add_cause(self, index: int, cause: Cause) -> None:
        if self.waiting is not None:
            self.waiting.append((index, cause))
        else:
            self._insert_cause(index, cause)

    def finish(self, header: Header) -> None:
        self._know(header.organisations, header.symptoms, header.forms, header.pages)
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
        condition = condition_record(header.condition)
        meta = [("identity", self.identity), ("overview", seal(overview.model_dump(mode="json", exclude_none=True)))]
        meta.append(("condition", seal(condition)))
        if header.medical_help is not None:
            meta.append(("medical_help", seal(header.medical_help.model_dump(mode="json"))))
        if header.source_article is not None:
            meta.append(("source_article", seal(header.source_article.model_dump(mode="json", exclude_none=True))))
        pages = [p.model_dump(mode="json", exclude_none=True) for p in header.pages]
        meta.append(("pages", seal({"pages": pages})))
        if header.hpo_synonyms is not None:
            meta.append(("hpo_synonyms", seal(header.hpo_synonyms.model_dump(mode="json"))))
        glossary = [entry.model_dump(mode="json", exclude_none=True) for entry in header.glossary]
        meta.append(("glossary", seal({"terms": glossary})))
        if header.code_systems:
            meta.append(("code_systems", seal({"systems": [cs.model_dump(mode="json") for cs in header.code_systems]})))
        conn.executemany("INSERT INTO meta VALUES (?, ?)", meta)
        conn.executemany(_INSERTS["codes"], _header_codes(header))
        vocabularies: list[tuple[str, Sequence[Organisation | Category | Symptom | Form]]] = [
            ("organisations", header.organisations),
            ("categories", header.categories),
            ("symptoms", header.symptoms),
            ("forms", header.forms),
        ]
        for table, records in vocabularies:
            conn.executemany(
                f"INSERT INTO {table} VALUES (?, ?, ?)",
                [(i, r.id, seal(_stored(r))) for i, r in enumerate(records)],
            )
        coded = [(condition_name(overview.model_dump(), condition), overview.codes)]
        coded += [(f.name, f.codes) for f in header.forms]
        said = [f"{name}: {code} {label}." for name, codes in coded if codes
                for code, label in labelled_codes(codes.model_dump(mode="json", exclude_none=True))]  # fmt: skip
        parts = [overview.summary, *(f"{s.title}. {s.text}" for s in overview.sections), overview.disclaimer, *said]
        text = join_items(parts)  # the codes of the condition and of each form find the overview
        text = text.translate(NOT_A_MARK)
        conn.execute(
            f"INSERT INTO fts VALUES (?{', ?' * len(COLUMNS)})",
            (OVERVIEW_ID, *["Overview" if c == "name" else text if c == "overview" else "" for c in COLUMNS]),
        )
        _add_words(self.words, [text], self.seen_texts)
        terms = [_term_row(entry) for entry in header.glossary]
        conn.executemany(f"INSERT INTO fts(id, {_FTS_COLUMNS}) VALUES (?{', ?' * len(COLUMNS)})", terms)
        _add_words(self.words, [t for row in terms for t in row[1:]], self.seen_texts)
        conn.executemany("INSERT INTO words VALUES (?)", [(w,) for w in sorted(self.words)])
        conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")
        conn.commit()

    def _insert_cause(self, ord_: int, cause: Cause) -> None:
        doc = cause.model_dump(mode="json", exclude_none=True)
        _credit_pages(doc, self.page_owners)
        headline = doc["statistics"][0] if doc["statistics"] else None
        rows = self.rows
        subtypes = [{"id": sub.id, "name": sub.name} for sub in cause.subtypes]  # what a headline may be about
        listing: Doc = {"id": cause.id, "name": cause.name, "category": cause.category, "summary": cause.summary}
        listing["subtypes"] = subtypes
        rows["causes"].append((ord_, cause.id, cause.name, cause.category))
        rows["cause_records"].append((ord_, seal({**listing, "headline": headline}), seal(doc)))
        form_names = self.form_names
        rows["risks"] += [
            (ord_, j, sub["name"] if sub else None, risk["text"],
             *subject_name(doc, subject_of(risk, "raises", doc, sub), form_names), risk.get("credited"),
             risk.get("among"), risk.get("page"))
            for j, (risk, sub) in enumerate(risk_factors(doc))
        ]  # fmt: skip
        rows["own_names"] += [
            (key, ord_) for key in dict.fromkeys(normalise_name(n) for n in [cause.name, *cause.aliases])
        ]
        rows["names"] += [(normalise_name(n), cause.id, n) for n in names_of(doc)]
        coded = list(cause_subjects(doc))
        rows["names"] += [(key, cause.id, code) for subject in coded for code in carried_codes(subject.codes)
                          for key in _code_keys(code)]  # fmt: skip
        rows["codes"] += [_code_row(SECTION_CAUSES, ord_, j, subject) for j, subject in enumerate(coded)]
        rows["symptom_causes"] += self._symptom_links(ord_, doc)
        rows["form_causes"] += [(link["form"], ord_, link["evidence"], link.get("credited"), link.get("page"))
                                for link in doc["leads_to"]]  # fmt: skip
        rows["statistics"] += [(ord_, j, seal(self._statistic(doc, s))) for j, s in enumerate(doc["statistics"])]
        names = self.symptom_names
        rows["citations"] += [
            (
                fact.organisation,
                ord_,
                fact.kind,
                f"{cause.name}{_through(fact.via)}: {fact.text}",
            )
            for fact in credited_facts(doc, names)
        ]
        texts = _search_texts(doc, self.symptom_texts, self.organisations, self.form_names, self.form_tails)
        related = join_items(self.names[r] for r in cause.related if r in self.names)
        texts[COLUMNS.index("related")] = related
        rows["fts"].append((ord_ + 1, cause.id, *texts))
        self.names[cause.id] = cause.name.translate(NOT_A_MARK)
        if any(r not in self.names for r in cause.related):
            self.forward.append((ord_ + 1, cause.related, related))
        _add_words(self.words, texts, self.seen_texts)
        if len(rows["causes"]) >= _BATCH:
            self._flush()

    def _statistic(self, cause: Doc, stat: Doc) -> Doc:
        """A statistic as `stats` lists it: with what it is about resolved (the cause itself when it names nothing)."""
        about = subject_of(stat, "about", cause)
        kind, name = subject_name(cause, about, {i: f.name for i, f in self.forms.items()})
        return {**stat, "about": about, "subject": {"kind": kind, "name": name}}

    def _symptom_links(self, ord_: int, doc: Doc) -> list[tuple[Any, ...]]:
        """Each symptom the cause brings, once, by its strongest link: its own, a subtype's, then a form's."""
        links = {
            link.symptom: (link.symptom, ord_, "subtype" if link.via else "direct", link.via and link.via["id"],
                           link.via and link.via["name"], None, link.credited, link.page, None)
            for link in symptom_links(doc)
        }  # fmt: skip
        for form_link in doc["leads_to"]:
            form = self.forms.get(form_link["form"])
            if form is None:  # dangling: validation reports it and the build is dropped
                continue
            for symptom, page in self.form_pairs[form.id]:
                if symptom not in links:
                    credited = form_link.get("credited")
                    evidence, evidence_page = form_link["evidence"], form_link.get("page")
                    links[symptom] = (
                        symptom,
                        ord_,
                        "form",
                        form.id,
                        form.name,
                        evidence,
                        credited,
                        page,
                        evidence_page,
                    )
        return list(links.values())

    def _flush(self) -> None:
        """Write the rows gathered so far: one statement per table, not one per cause."""
        for table, sql in _INSERTS.items():
            self.conn.executemany(sql, self.rows[table])
            self.rows[table].clear()


_BATCH = 500  # causes gathered before a write: few statements, bounded memory
_INSERTS = {
    "causes": "INSERT INTO causes VALUES (?, ?, ?, ?)",
    "cause_records": "INSERT INTO cause_records VALUES (?, ?, ?)",
    "risks": "INSERT INTO risks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "own_names": "INSERT INTO own_names VALUES (?, ?)",
    "names": "INSERT OR IGNORE INTO names VALUES (?, ?, ?)",  # the first cause to claim a name keeps it
    "symptom_causes": "INSERT INTO symptom_causes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "statistics": "INSERT INTO statistics VALUES (?, ?, ?)",
    "form_causes": "INSERT INTO form_causes VALUES (?, ?, ?, ?, ?)",
    "citations": "INSERT INTO citations VALUES (?, ?, ?, ?)",
    "codes": "INSERT INTO codes VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    "fts": f"INSERT INTO fts(rowid, id, {_FTS_COLUMNS}) VALUES (?, ?{', ?' * len(COLUMNS)})",
}


def _search_texts(
    cause: Doc,
    symptoms: dict[str, str],
    organisations: dict[str, Organisation],
    forms: dict[str, str],
    form_tails: dict[str, str],
) -> list[str]:
    """The text of each searchable field of a cause; `symptoms`: each term's text as search reads it; `forms`:
    each form's name, `form_tails` its summary and symptoms."""
    subtypes = cause["subtypes"]
    sym_ids = [link.symptom for link in symptom_links(cause)]
    fields = {
        "name": cause["name"],
        "aliases": join_items(cause["aliases"]),
        "summary": join_items([cause["summary"], *(fact["text"] for fact in cause.get("claims", []))]),
        "mechanism": cause["mechanism"],
        # a reference may be dangling here: skip it; validation reports it and the build is dropped
        "symptoms": join_items(symptoms[s] for s in sym_ids if s in symptoms),
        # a form's own symptoms find the causes that lead to it ("burning feet": diabetes, through its form)
        "forms": join_items(
            f"{forms[link['form']]}: {link['evidence']} {form_tails[link['form']]}"
            for link in cause.get("leads_to", [])
            if link["form"] in forms
        ),
        "codes": join_items(
            f"{code} {label}" for subject in cause_subjects(cause) for code, label in labelled_codes(subject.codes)
        ),
        "risk-factors": join_items(risk["text"] for risk, _ in risk_factors(cause)),
        "statistics": join_items(
            f"{s['label']}: {figure_text(s)} of {s['population']} ({_short(organisations, s['credited'])}). "
            f"{s.get('note', '')}"
            for s in cause["statistics"]
        ),
        "treatment": join_items(fact["text"] for fact in cause["treatment"]),
        "subtype-names": join_items(join_items([sub["name"], *sub["aliases"]]) for sub in subtypes),
        "subtypes": join_items(join_items(sub.get(k, "") for k in ("summary", "location", "side")) for sub in subtypes),
        "related": "",  # names of related causes: the compiler knows them
        "sources": join_items(
            f"{organisations[s].name} ({organisations[s].short})" for s in cited_source_ids(cause) if s in organisations
        ),
        "overview": "",
        "glossary": "",
    }
    return [fields[c].translate(NOT_A_MARK) for c in COLUMNS]


# the crosswalk's order: the condition itself, the forms of neuropathy, the causes (each with its subtypes),
# then the symptom terms
SECTION_CONDITION, SECTION_FORMS, SECTION_CAUSES, SECTION_SYMPTOMS = range(4)


def _code_keys(code: str) -> list[str]:
    """The keys a code is found by: as written (any case), and without its dot (E1144), as codes often are."""
    key = normalise_name(code)
    return list(dict.fromkeys([key, key.replace(".", "")]))


def _code_row(section: int, ord_: int, sub: int, subject: Coded) -> tuple[Any, ...]:
    return (section, ord_, sub, subject.kind, subject.id, subject.name, subject.cause, seal(subject.codes))


def _header_codes(header: Header) -> list[tuple[Any, ...]]:
    """The codes rows of everything but the causes: the condition, the forms and the symptom terms."""
    rows = []
    overview = header.overview
    if overview.codes is not None:
        name = condition_name(overview.model_dump(), condition_record(header.condition))
        codes = overview.codes.model_dump(mode="json", exclude_none=True)
        rows.append(_code_row(SECTION_CONDITION, 0, 0, Coded("condition", OVERVIEW_ID, name, codes, None)))
    lists: list[tuple[int, Literal["form", "symptom"], Sequence[Form | Symptom]]] = [
        (SECTION_FORMS, "form", header.forms),
        (SECTION_SYMPTOMS, "symptom", header.symptoms),
    ]
    for section, kind, items in lists:
        for i, item in enumerate(items):
            if item.codes is not None:
                codes = item.codes.model_dump(mode="json", exclude_none=True)
                rows.append(_code_row(section, i, 0, Coded(kind, item.id, item.name, codes, None)))
    return rows


def _term_row(entry: GlossaryEntry) -> tuple[str, ...]:
    """A glossary term as the full-text index holds it: its term as the name, its aliases, its meaning."""
    fields = {"name": entry.term, "aliases": join_items(entry.aliases), "glossary": entry.meaning}
    return (TERM_PREFIX + entry.id, *(fields.get(c, "").translate(NOT_A_MARK) for c in COLUMNS))


def _stored(record: Organisation | Category | Symptom | Form) -> Doc:
    """A header record as the store keeps it; a form's symptoms as ids, with the page of each beside them."""
    doc = record.model_dump(mode="json", exclude_none=True)
    if isinstance(record, Form):
        pairs = form_symptoms(doc)
        doc["symptoms"] = [s for s, _ in pairs]
        doc["symptom_pages"] = {s: page for s, page in pairs if page}
    return doc


_FACT_LISTS = ("claims", "symptoms", "leads_to", "risk_factors", "statistics", "treatment")


def _credit_pages(doc: Doc, owners: dict[str, str]) -> None:
    """Credit each fact of a cause's record (and its subtypes') that comes from a page, and names no organisation,
    to the page's organisation; in place."""
    if not owners:
        return
    for entry in [doc, *doc.get("subtypes", [])]:
        for key in _FACT_LISTS:
            for item in entry.get(key, []):
                if isinstance(item, dict) and item.get("page") in owners and not item.get("credited"):
                    item["credited"] = owners[item["page"]]


def _named(symptom: Symptom) -> str:
    """A symptom's name, everyday phrases and HPO term: what finds it, without its description."""
    phrases = f" ({join_items(p.text for p in symptom.phrases)})" if symptom.phrases else ""
    return f"{symptom.name}{phrases}{_term(symptom)}"


def _symptom_text(symptom: Symptom) -> str:
    """A symptom as search reads it: its name, description, everyday phrases and HPO term."""
    phrases = f" ({join_items(p.text for p in symptom.phrases)})" if symptom.phrases else ""
    return f"{symptom.name}: {symptom.description}{phrases}{_term(symptom)}"


def _term(symptom: Symptom) -> str:
    """A symptom's HPO term, for search ("Paresthesia", "HP:0003401" find the causes that bring tingling)."""
    hpo = symptom.codes.hpo if symptom.codes else None
    return f" (HPO term {hpo.id} {hpo.label})" if hpo and hpo.id else ""


def _through(subtype: Doc | None) -> str:
    return f" ({subtype['name']})" if subtype else ""


def _short(organisations: dict[str, Organisation], organisation_id: str) -> str:
    return organisations[organisation_id].short if organisation_id in organisations else organisation_id


def _add_words(words: set[str], texts: Iterable[str], seen: set[str]) -> None:
    """Add the words of texts not seen before (entries often share whole texts)."""
    fresh = [t for t in texts if t not in seen]
    seen.update(fresh)
    words.update(letter_words("\n".join(fresh).casefold(), 3))
