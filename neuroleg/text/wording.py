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


def first_sentence(text: str) -> str:
    """The opening sentence of a text: the one-line summary of a listing."""
    match = _SENTENCE_END.search(text)
    return text[: match.start() + 1] if match else text
