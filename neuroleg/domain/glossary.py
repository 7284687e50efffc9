"""The glossary: find a hard word by its id, term or an alias, and say where its meaning comes from."""

from __future__ import annotations

from neuroleg.db.store import Store
from neuroleg.domain.credits import Origins
from neuroleg.errors import UnknownTermError
from neuroleg.kb.links import Doc
from neuroleg.text.names import normalise_name


def term_keys(entry: Doc) -> list[str]:
    """The normalised names an entry is found by: its id, its term and each alias."""
    return list(dict.fromkeys(normalise_name(n) for n in (entry["id"], entry["term"], *entry.get("aliases", []))))


def find_term(store: Store, name: str) -> Doc | None:
    """The glossary entry that `name` (its id, term or an alias, any case) names, if any."""
    key = normalise_name(name)
    return next((entry for entry in store.glossary() if key in term_keys(entry)), None)


def resolve_term(store: Store, name: str) -> Doc:
    """The glossary entry `name` names; `UnknownTermError` with the nearest terms when there is none."""
    found = find_term(store, name)
    if found is None:
        raise UnknownTermError(name, suggest_terms(store, name))
    return found


def suggest_terms(store: Store, name: str, limit: int = 3) -> list[str]:
    """Up to `limit` glossary terms closest to a misspelt word (by the term or an alias)."""
    import difflib

    labels: dict[str, str] = {}
    for entry in store.glossary():
        labels.update({key: entry["term"] for key in term_keys(entry)})
    close = difflib.get_close_matches(normalise_name(name), list(labels), n=limit * 2, cutoff=0.7)
    return list(dict.fromkeys(labels[key] for key in close))[:limit]


def terms_used(entries: list[Doc], text: str) -> list[Doc]:
    """The entries whose term or an alias `text` uses as a whole word or phrase, in `entries`' order.

    The text is cut into words once (a hyphenated word is one word, so 'chemotherapy-induced' is not
    'chemotherapy'), and each name is looked up among them: no pattern per name on the reading path."""
    import re

    def words(value: str) -> list[str]:
        return re.findall(r"[\w-]+", value.casefold())

    seen = words(text)
    single, joined = set(seen), f" {' '.join(seen)} "

    def said(name: str) -> bool:
        parts = words(name)
        if len(parts) == 1:
            return parts[0] in single
        return bool(parts) and parts[0] in single and f" {' '.join(parts)} " in joined

    return [e for e in entries if any(said(n) for n in (e["term"], *e.get("aliases", [])))]


def sorted_terms(store: Store) -> list[Doc]:
    """Every glossary entry, sorted by its term as a reader looks it up (any case)."""
    return sorted(store.glossary(), key=lambda entry: (entry["term"].casefold(), entry["id"]))


def term_origin(entry: Doc, origins: Origins) -> Doc:
    """Where an entry's meaning comes from: the article, or the page it names."""
    return origins.of(entry.get("page"))
