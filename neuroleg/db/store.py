"""Read access to a compiled knowledge base: each record as a `Doc`, the plain dict its JSON decodes to.

Every query goes through one guard: damage to the cache file (SQLite's own
corruption errors, or a record whose checksum no longer matches) rebuilds the
cache once and asks again, so a library caller gets the same answer the
command line does. Any other SQLite error is a bug, and is left to surface.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from neuroleg.errors import DamagedCacheError, UnknownNameError
from neuroleg.kb.codes import carried_codes, code_key, looks_like_code, mentioned_codes
from neuroleg.kb.links import Doc
from neuroleg.text.names import normalise_name

Row = tuple[Any, ...]
T = TypeVar("T")

# SQLite's primary result codes that mean the file itself is damaged (not a bug in a query)
_DAMAGE_CODES = frozenset({10, 11, 26})  # SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_NOTADB


class Store:
    """A compiled knowledge base; every reading command asks it for records."""

    def __init__(
        self, conn: sqlite3.Connection, path: str, rebuild: Callable[[], sqlite3.Connection] | None = None
    ) -> None:
        self.conn = conn
        self.path = path  # the knowledge-base file it was compiled from
        self._rebuild = rebuild  # builds a fresh database from the file; used once, on damage

    # the guard

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Every row of a query, asked again on a rebuilt cache if this one turns out damaged."""
        return self._guarded(lambda: self.conn.execute(sql, params).fetchall())

    def decoded(self, sql: str, params: Sequence[Any], decode: Callable[[Row], Any]) -> list[Any]:
        """`decode` of every row of a query; damage found while decoding rebuilds the cache too."""
        return self._guarded(lambda: [decode(row) for row in self.conn.execute(sql, params)])

    def stream(self, sql: str, params: Sequence[Any], decode: Callable[[Row], Any]) -> Iterator[Any]:
        """`decode` of each row as it is read (a long listing is never held whole); on damage, a rebuild
        and the same query again, from the row after the last one given."""
        given = skip = 0
        while True:
            try:
                for row in self.conn.execute(sql, params):
                    if skip:
                        skip -= 1
                        continue
                    item = decode(row)
                    given += 1
                    yield item
                return
            except (sqlite3.DatabaseError, DamagedCacheError) as exc:
                self._recover(exc)
                skip = given

    def _guarded(self, ask: Callable[[], T]) -> T:
        try:
            return ask()
        except (sqlite3.DatabaseError, DamagedCacheError) as exc:
            self._recover(exc)
            return ask()

    def _recover(self, exc: Exception) -> None:
        """Rebuild after damage (once); anything else, or damage again, is raised as it is."""
        if self._rebuild is None or not _is_damage(exc):
            raise exc
        rebuild, self._rebuild = self._rebuild, None
        self.conn.close()
        self.conn = rebuild()

    # records

    def overview(self) -> Doc:
        """The overview: summary, sections and disclaimer."""
        overview = self.meta_doc("overview")
        assert overview is not None  # required: missing is damage, raised above
        return overview

    def condition(self) -> Doc:
        """What the knowledge base is about: {name, short}, as titles and notes name it."""
        condition = self.meta_doc("condition")
        assert condition is not None  # required: missing is damage, raised above
        return condition

    def medical_help(self) -> Doc | None:
        """When to get medical help (title, summary, advice with its pages), if the knowledge base gives it."""
        return self.meta_doc("medical_help", required=False)

    def source_article(self) -> Doc | None:
        """The article the knowledge base is built on (title, publisher, address), if the file names it."""
        return self.meta_doc("source_article", required=False)

    def pages(self) -> list[Doc]:
        """The organisations' pages that facts beyond the article come from, in file order."""
        found = self.meta_doc("pages", required=False)
        return list(found["pages"]) if found else []

    def glossary(self) -> list[Doc]:
        """The glossary: each hard word (id, term, aliases, meaning, source and page), in file order."""
        found = self.meta_doc("glossary", required=False)
        return list(found["terms"]) if found else []

    def hpo_synonyms(self) -> Doc | None:
        """The HPO release that the everyday phrases marked as HPO synonyms come from, if any."""
        return self.meta_doc("hpo_synonyms", required=False)

    def meta_doc(self, key: str, *, required: bool = True) -> Doc | None:
        """A record kept whole under `key` in the meta table; a required one that is missing is damage."""

        def one() -> Doc | None:
            row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
            if row is None and required:
                raise DamagedCacheError(f"compiled knowledge base lacks {key!r}")
            return load(row[0]) if row else None

        return self._guarded(one)

    def cause_rows(self) -> Iterator[Doc]:
        """Every cause, lightly: id, name, category, summary and headline statistic."""
        return self.stream("SELECT row FROM cause_records ORDER BY ord", (), _first)

    def cause_places(self) -> list[Row]:
        """(place in the file, id) of every cause, in file order: read without decoding any record."""
        return self.rows("SELECT ord, id FROM causes ORDER BY ord")

    def cause_labels(self, ids: Sequence[str]) -> dict[str, tuple[str, str]]:
        """The name and category of each of the given cause ids (at most 900 at a time: SQLite's limit)."""
        marks = ",".join("?" * len(ids))
        return {i: (name, category) for i, name, category in self.rows(
            f"SELECT id, name, category FROM causes WHERE id IN ({marks})", ids)}  # fmt: skip

    def risk_texts(self) -> list[str]:
        """Every risk-factor text once: thousands of causes may share a few dozen."""
        return [text for (text,) in self.rows("SELECT DISTINCT text FROM risks")]

    def risk_rows(self, texts: list[str] | None = None) -> Iterator[Row]:
        """Every risk factor (or those whose text is one of `texts`) as (cause's place in the file, subtype name
        or None, text, subject kind, subject name, organisation credited, the people it raises the risk among,
        page), in file order, without decoding any cause's record. The kind is cause, subtype or form."""
        where = "" if texts is None else f"WHERE text IN ({','.join('?' * len(texts))}) "
        return self.stream(
            f"SELECT cause_ord, via, text, subject_kind, subject, credited, among, page FROM risks {where}"
            "ORDER BY cause_ord, ord",
            texts or (),
            lambda row: row,
        )

    def causes_named(self, keys: list[str]) -> list[tuple[str, str]]:
        """(key, cause id) for each cause whose own name or alias (not a subtype's, not its id) is one of `keys`
        (normalised names)."""
        keys = [key for key in keys if _is_text(key)]  # a byte of argv that was not UTF-8 names nothing
        marks = ",".join("?" * len(keys))
        sql = f"SELECT o.key, c.id FROM own_names o JOIN causes c ON c.ord = o.cause_ord WHERE o.key IN ({marks})"
        return [(key, cause_id) for key, cause_id in self.rows(sql, keys)]

    def cause(self, cause_id: str) -> Doc:
        """The whole record of one cause, by id."""
        found = self.decoded(
            "SELECT r.doc FROM causes c JOIN cause_records r ON r.ord = c.ord WHERE c.id = ?", (cause_id,), _first
        )
        if not found:
            raise UnknownNameError(cause_id, [])
        return found[0]  # type: ignore[no-any-return]

    def resolve(self, name: str) -> str:
        """The id of the cause that `name` (id, name or alias, any case) names."""
        key = normalise_name(name)
        if not _is_text(key):  # a byte of argv that was not UTF-8: no name has it, and SQLite cannot take it
            raise UnknownNameError(name, [])
        found = self.rows("SELECT cause_id FROM names WHERE key = ?", (key,))
        if not found:
            holder = self.code_holder(name)  # a code: other codes are no suggestion (they name other conditions)
            raise UnknownNameError(name, [] if holder else self.suggest_names(name), holder)
        return str(found[0][0])

    def code_holder(self, name: str) -> Doc | None:
        """The subject a code or HPO id that finds no cause belongs to: its kind, id and name, its cause's id and
        name (a subtype's), the code as written, and whether the subject is coded as it (else it is named beside
        it, where no single code fits). Asked only of what looks like a code."""
        if not looks_like_code(name):
            return None
        wanted = code_key(name)
        rows = self.rows(
            "SELECT k.kind, k.id, k.name, k.cause_id, c.name, k.doc FROM codes k "
            "LEFT JOIN causes c ON c.id = k.cause_id ORDER BY k.section, k.ord, k.sub"
        )
        for carried in (True, False):  # a subject coded as it, before one it is named beside
            for kind, subject_id, subject, cause_id, cause, doc in rows:
                codes = load(doc)
                named = (
                    carried_codes(codes) if carried else [*mentioned_codes(codes), (codes.get("hpo") or {}).get("id")]
                )
                for code in named:
                    if code and code_key(code) == wanted:
                        return {"code": code, "kind": kind, "id": subject_id, "name": subject, "cause_id": cause_id,
                                "cause": cause, "carried": carried}  # fmt: skip
        return None

    def suggest_names(self, name: str, limit: int = 3) -> list[str]:
        """Up to `limit` known names closest to a misspelt one: the whole name, or one misspelt word of a name
        of several words ("sclerosys" suggests "multiple sclerosis")."""
        import difflib

        labels = {key: label for key, label in self.rows("SELECT key, label FROM names")}
        for form in self.forms():  # a form has a page of its own
            labels.update({normalise_name(n): n for n in (form["id"], form["name"], *form.get("aliases", []))})
        wanted = normalise_name(name)
        close = difflib.get_close_matches(wanted, list(labels), n=limit * 3, cutoff=0.7)
        by_word: dict[str, list[str]] = {}  # each word (four letters or more) of a longer name: the names it is in
        for key in labels:
            if " " in key:
                for word in key.split():
                    if len(word) >= 4:
                        by_word.setdefault(word, []).append(key)
        out = {key: labels[key] for key in close}  # one suggestion per name, as it is written
        for word in wanted.split()[:8]:  # a sentence typed by mistake need not be looked at word by word
            for near in difflib.get_close_matches(word, list(by_word), n=2, cutoff=0.75):
                for key in by_word[near]:  # the name as it reads ("multiple sclerosis", not the id's hyphens)
                    out.setdefault(key, labels[key] if " " in labels[key] else key)
        return list(dict.fromkeys(out.values()))[:limit]

    def completion_names(self) -> tuple[list[str], list[str]]:
        """For tab completion: every cause id in file order, and every other name and alias it is found by."""
        ids = [i for (i,) in self.rows("SELECT id FROM causes ORDER BY ord")]
        return ids, [label for (label,) in self.rows("SELECT label FROM names ORDER BY label")]

    def cause_names(self, ids: list[str]) -> dict[str, str]:
        """Display names of the given cause ids."""
        marks = ",".join("?" * len(ids))
        return dict(self.rows(f"SELECT id, name FROM causes WHERE id IN ({marks})", ids))

    def organisations(self) -> list[Doc]:
        """Every organisation facts are credited to, in file order."""
        return self.decoded("SELECT doc FROM organisations ORDER BY ord", (), _first)

    def categories(self) -> list[Doc]:
        """Every category of cause, in file order."""
        return self.decoded("SELECT doc FROM categories ORDER BY ord", (), _first)

    def forms(self) -> list[Doc]:
        """Every form of neuropathy, in file order."""
        return self.decoded("SELECT doc FROM forms ORDER BY ord", (), _first)

    def symptoms(self) -> list[Doc]:
        """Every symptom term, in file order."""
        return self.decoded("SELECT doc FROM symptoms ORDER BY ord", (), _first)

    def causes_with_symptom(self, symptom_id: str) -> list[Doc]:
        """The causes that bring a symptom, each once: how (`link`: direct, subtype or form), through which
        subtype or form (`via_id`, `via`), the evidence for a form, and the organisation credited."""
        return self.decoded(
            "SELECT c.id, c.name, l.link, l.via_id, l.via, l.evidence, l.credited, l.page, l.evidence_page "
            "FROM symptom_causes l "
            "JOIN causes c ON c.ord = l.cause_ord WHERE l.symptom_id = ? ORDER BY l.cause_ord",
            (symptom_id,),
            lambda r: dict(zip(_LINK_KEYS, r, strict=True)),
        )

    def symptom_links(self, symptom_id: str) -> list[Row]:
        """`causes_with_symptom` as rows (cause's place in the file, link, via, evidence, credited, page,
        evidence's page), joined to nothing: for a caller that reads thousands and knows the causes' places
        (`cause_places`)."""
        return self.rows(
            "SELECT cause_ord, link, via, evidence, credited, page, evidence_page FROM symptom_causes "
            "WHERE symptom_id = ? ORDER BY cause_ord",
            (symptom_id,),
        )

    def cause_name_labels(self) -> list[str]:
        """Every name and alias causes and their subtypes are found by (not their codes): what a risk factor
        nobody recognised may be close to."""
        return [label for (label,) in self.rows("SELECT DISTINCT label FROM names") if not looks_like_code(label)]

    def form_named(self, name: str) -> Doc | None:
        """The form of neuropathy that `name` (its id, name or an alias, any case) names, if any."""
        key = normalise_name(name)
        for form in self.forms():
            if key in {normalise_name(n) for n in (form["id"], form["name"], *form.get("aliases", []))}:
                return form
        return None

    def form_causes(self, form_id: str) -> list[Doc]:
        """The causes that lead to a form, in file order, each with the evidence, its credit and its page."""
        return self.decoded(
            "SELECT c.id, c.name, f.evidence, f.credited, f.page FROM form_causes f "
            "JOIN causes c ON c.ord = f.cause_ord WHERE f.form_id = ? ORDER BY f.cause_ord",
            (form_id,),
            lambda r: dict(zip(("id", "name", "evidence", "credited", "page"), r, strict=True)),
        )

    def broad_forms(self) -> set[str]:
        """The forms of neuropathy that causes of more than one category lead to (peripheral neuropathy: injury,
        diabetes, alcohol...): read plainly, other kinds fall inside them."""
        return {form_id for (form_id,) in self.rows(
            "SELECT f.form_id FROM form_causes f JOIN causes c ON c.ord = f.cause_ord GROUP BY f.form_id "
            "HAVING COUNT(DISTINCT c.category) > 1")}  # fmt: skip

    def form_risks(self, form_name: str) -> list[Doc]:
        """The risk factors that raise a form (named as the risk rows name it), with their cause, in file order."""
        return self.decoded(
            "SELECT c.id, c.name, r.via, r.text, r.credited, r.among, r.page FROM risks r "
            "JOIN causes c ON c.ord = r.cause_ord WHERE r.subject_kind = 'form' AND r.subject = ? "
            "ORDER BY r.cause_ord, r.ord",
            (form_name,),
            lambda r: dict(zip(("cause", "cause_name", "via", "text", "credited", "among", "page"), r, strict=True)),
        )

    def statistics(self) -> Iterator[Doc]:
        """Every statistic with the id and name of its cause."""
        return self.stream(
            "SELECT c.id, c.name, s.doc FROM statistics s JOIN causes c ON c.ord = s.cause_ord "
            "ORDER BY s.cause_ord, s.ord",
            (),
            lambda r: {"cause": r[0], "cause_name": r[1], **load(r[2])},
        )

    def citations(self, organisation_id: str) -> list[Doc]:
        """Each fact credited to one organisation: its cause, its kind and its text."""
        return self.decoded(
            "SELECT c.id, t.kind, t.what FROM citations t JOIN causes c ON c.ord = t.cause_ord "
            "WHERE t.source_id = ? ORDER BY t.cause_ord, t.rowid",
            (organisation_id,),
            lambda r: {"cause": r[0], "kind": r[1], "fact": r[2]},
        )

    def code_systems(self) -> dict[str, Doc]:
        """The releases the knowledge base's codes come from, by id (icd10cm, hpo); empty if it has none."""
        found = self.meta_doc("code_systems", required=False)
        return {s["id"]: s for s in found["systems"]} if found else {}

    def coded(self) -> list[Doc]:
        """Every subject that carries codes, in the crosswalk's order: kind, id, name, cause (of a subtype), codes."""
        return self.decoded(
            "SELECT kind, id, name, cause_id, doc FROM codes ORDER BY section, ord, sub",
            (),
            lambda r: {"kind": r[0], "id": r[1], "name": r[2], "cause": r[3], "codes": load(r[4])},
        )

    def words(self) -> list[str]:
        """Every word of the knowledge base (three letters or more), for spelling hints."""
        return [w for (w,) in self.rows("SELECT word FROM words")]


_LINK_KEYS = ("id", "name", "link", "via_id", "via", "evidence", "credited", "page", "evidence_page")


def _is_damage(exc: Exception) -> bool:
    if isinstance(exc, DamagedCacheError):
        return True
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:  # raised by Python's sqlite3 itself: text in the file that is not UTF-8 is damage too
        return str(exc).startswith("Could not decode to UTF-8")
    return code & 0xFF in _DAMAGE_CODES


def _is_text(value: str) -> bool:
    """True unless `value` holds lone surrogates (how Python carries bytes of argv that were not UTF-8)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _first(row: Row) -> Doc:
    return load(row[0])


def seal(value: Any) -> str:
    """A record as stored: its JSON behind a CRC-32 of it, so that damage to the file shows."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return f"{zlib.crc32(text.encode()):08x}{text}"


def load(stored: str) -> Doc:
    """A sealed record; `DamagedCacheError` when it is damaged (the store then rebuilds the cache)."""
    try:
        crc, text = stored[:8], stored[8:]
        if int(crc, 16) != zlib.crc32(text.encode()):
            raise ValueError("checksum mismatch")
        record: Doc = json.loads(text)
        return record
    except (TypeError, ValueError, UnicodeError) as exc:
        raise DamagedCacheError(f"damaged record in the compiled knowledge base: {exc}") from None
