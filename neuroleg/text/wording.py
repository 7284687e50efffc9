"""How lists and summaries read when they are folded into one line of prose."""

from __future__ import annotations

import re
from collections.abc import Iterable

_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z])")


def join_items(items: Iterable[str]) -> str:
    """Items in one line: sentences follow each other, short items take a semicolon."""
    out = ""
    for item in items:
        item = item.strip()
        if not item:
            continue
        if out:
            out += " " if out[-1] in ".!?" else "; "
        out += item
    return out


def and_list(items: Iterable[str]) -> str:
    """Short items as prose: 'a', 'a and b', 'a, b and c'."""
    words = [i for i in items if i]
    return " and ".join(words) if len(words) < 3 else ", ".join(words[:-1]) + " and " + words[-1]


def first_sentence(text: str) -> str:
    """The opening sentence of a text: the one-line summary of a listing."""
    match = _SENTENCE_END.search(text)
    return text[: match.start() + 1] if match else text
