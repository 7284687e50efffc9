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
    """The entries whose term or an alias `text` uses as a whole word or phrase, in `entries`' order."""
    import re

    folded = text.casefold()

    def used(entry: Doc) -> bool:
        names = (entry["term"], *entry.get("aliases", []))
        return any(re.search(rf"(?<![\w-]){re.escape(n.casefold())}(?![\w-])", folded) for n in names)

    return [entry for entry in entries if used(entry)]


def sorted_terms(store: Store) -> list[Doc]:
    """Every glossary entry, sorted by its term as a reader looks it up (any case)."""
    return sorted(store.glossary(), key=lambda entry: (entry["term"].casefold(), entry["id"]))


def term_origin(entry: Doc, origins: Origins) -> Doc:
    """Where an entry's meaning comes from: the article, or the page it names."""
    return origins.of(entry.get("page"))
