"""When to get medical help: the knowledge base's own section, as blocks, data and plain lines.

Shown whole with the overview, at the top of a match in every format but the
terminal's, at the end of the quiz and in the handout. On a terminal a match
says it in short after its results, and on stderr when nothing meets, each
pointing to `neuroleg overview`. Each point names the organisation and the
page it comes from.
"""

from __future__ import annotations

import textwrap

from neuroleg.kb.links import Doc
from neuroleg.views.document import Block, Bullets, Heading, Para


def advice_line(advice: Doc) -> str:
    """One point (its text says who it is for) and its source, with the page's address."""
    return f"{advice['text']} (Source: {advice['source']}, {advice['url']})"


def help_blocks(medical_help: Doc | None, level: int = 2) -> list[Block]:
    """The section as document blocks; nothing when the knowledge base has none."""
    if medical_help is None:
        return []
    return [
        Heading(medical_help["title"], level),
        Para(medical_help["summary"]),
        Bullets(tuple(advice_line(a) for a in medical_help["advice"])),
    ]


def help_lines(medical_help: Doc | None, width: int = 100) -> list[str]:
    """The section as short lines of plain text, for the end of the quiz at a terminal."""
    if medical_help is None:
        return []
    lines = [f"{medical_help['title']}:"]
    for advice in medical_help["advice"]:
        text = textwrap.wrap(advice["text"], width - 2, break_long_words=False) or [""]
        lines += [f"- {text[0]}", *(f"  {line}" for line in text[1:])]
        lines.append(f"  (Source: {advice['source']}, {advice['url']})")
    return lines


FULL_TEXT = "each point with its page, in 'neuroleg overview' or the handout ('neuroleg export')"


def help_pointer(medical_help: Doc | None) -> tuple[str, str] | None:
    """The section in a line, its title and where to read it in full; None when the knowledge base has none."""
    if medical_help is None:
        return None
    return medical_help["title"], f"read it in full, {FULL_TEXT}."
