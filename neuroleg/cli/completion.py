"""Tab completion (bash, zsh, fish, through Typer): cause names, symptom terms, glossary terms, search fields.

Read from the compiled store, so completing costs about what a command costs. A
completion must never print an error into the shell: any failure completes nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import typer

from neuroleg.db.layout import FIELD_GROUPS
from neuroleg.db.store import Store


def _from_store(pick: Callable[[Store], list[list[str]]]) -> Callable[[typer.Context, str], list[str]]:
    """A completer: of the word lists `pick(store)` gives, best first, the words of the first list that has any
    starting with what was typed (any case)."""

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        try:
            from neuroleg.cli.edge import knowledge_base_path
            from neuroleg.db.cache import open_store, user_cache_dir

            data = ctx.params.get("data") if ctx is not None else None
            store = open_store(knowledge_base_path(data), user_cache_dir(os.environ))
            start = incomplete.casefold()
            for words in pick(store):
                found = [w for w in dict.fromkeys(words) if w.casefold().startswith(start)]
                if found:
                    return found
            return []
        except Exception:  # a shell's completion gets no traceback, whatever is wrong
            return []

    return complete


def _cause_words(store: Store) -> list[list[str]]:
    """Cause ids (what `causes` lists), else the one-word names and aliases people type ("chemo", "ms")."""
    ids, names = store.completion_names()
    return [ids, [n for n in names if " " not in n]]


def _name_words(store: Store) -> list[list[str]]:
    """What `show` takes: cause ids and form ids, else the one-word names and aliases people type."""
    ids, names = store.completion_names()
    terms = [e["id"] for e in store.glossary()]  # `show` explains a glossary term no cause or form has
    return [[*ids, *(f["id"] for f in store.forms()), *terms], [n for n in names if " " not in n]]


def _term_words(store: Store) -> list[list[str]]:
    """Glossary ids, else the one-word terms and aliases people type ("tumor")."""
    glossary = store.glossary()
    words = [w for e in glossary for w in (e["term"], *e.get("aliases", [])) if " " not in w]
    return [[e["id"] for e in glossary], words]


def _symptom_words(store: Store) -> list[list[str]]:
    return [[s["id"] for s in store.symptoms()]]


complete_cause = _from_store(_cause_words)
complete_name = _from_store(_name_words)
complete_symptom = _from_store(_symptom_words)
complete_term = _from_store(_term_words)


def complete_field(incomplete: str) -> list[str]:
    """The fields `search --in` takes."""
    return [f for f in FIELD_GROUPS if f.startswith(incomplete.casefold())]
