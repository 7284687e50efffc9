"""Markdown: a sheet to print or paste; data is escaped so it cannot become markup."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from neuroleg.render.plain import MAX_TEXT_WIDTH, bar_lines
from neuroleg.render.terminal import Terminal
from neuroleg.views.document import (
    Bars,
    Block,
    BodyMap,
    Bullets,
    Fields,
    Grid,
    Heading,
    Inline,
    Matrix,
    Para,
    Styled,
    Title,
)

if TYPE_CHECKING:
    from neuroleg.views.document import View

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&])")  # & too: "&#x202E;" would become a character
_SPACE = re.compile(r"\s+")


def render(view: View, terminal: Terminal) -> Iterator[str]:
    """The blocks of a view as a Markdown document."""
    for i, block in enumerate(view.blocks):
        yield ("\n" if i else "") + "".join(line + "\n" for line in _block(block))


def _esc(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", _SPACE.sub(" ", text))


def _inline(value: Inline) -> str:
    if isinstance(value, Styled):
        return "".join(f"**{_esc(t)}**" if bold else _esc(t) for t, bold in value.spans)
    return _esc(value).strip()


def _block(block: Block) -> Iterator[str]:
    if isinstance(block, Title):
        yield f"# {_esc(block.text)}"
    elif isinstance(block, Heading):
        yield f"{'#' * min(block.level, 6)} {_esc(block.text)}"
    elif isinstance(block, Para):
        paras = [_esc(p) for p in block.text.split("\n") if p.strip()]
        yield from (f"> **Note:** {p}" for p in paras) if block.note else paras
    elif isinstance(block, Fields):
        yield from (f"- **{_esc(k)}:** {_esc(v)}" for k, v in block.pairs)
    elif isinstance(block, Bullets):
        yield from (f"- {_esc(item)}" for item in block.items)
    elif isinstance(block, Grid):
        yield "| " + " | ".join(_esc(c) for c in block.columns) + " |"
        yield "|" + "---|" * len(block.columns)
        for row in block.rows:
            yield "| " + " | ".join(_inline(c) for c in row) + " |"
    elif isinstance(block, Matrix):
        yield from _matrix(block)
    elif isinstance(block, BodyMap):  # the map in words
        caption, sources = block.words()
        yield from _block(caption)
        yield ""
        yield from _block(sources)
    elif isinstance(block, Bars):
        yield "```text"  # drawn as the plain format draws it, in ASCII: a code block is shown as typed
        yield from bar_lines(block, MAX_TEXT_WIDTH)
        yield "```"


def _matrix(matrix: Matrix) -> Iterator[str]:
    """A table with every column named in full and each mark spelt out, its caption above and its legend below."""
    words = {m.key: m.word for m in matrix.marks}
    yield f"*{_esc(matrix.caption)}*"
    yield ""
    yield "| " + " | ".join(_esc(c) for c in (matrix.corner, *matrix.columns)) + " |"
    yield "|" + "---|" * (len(matrix.columns) + 1)
    for name, cells in matrix.rows:
        yield "| " + " | ".join([_esc(name), *(_esc(words.get(c, c)) for c in cells)]) + " |"
    yield ""
    yield from (f"- **{_esc(m.word)}**: {_esc(m.meaning)}" for m in matrix.marks)
    yield f"- *an empty cell*: {_esc(matrix.empty)}"
