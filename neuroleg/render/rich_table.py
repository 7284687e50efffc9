"""Rich rendering for a terminal: pages with tables or charts, within the terminal's width.

Data only ever enters Rich as `Text` objects (never markup strings), with
markup, emoji and highlighting off, so "[bold]" in the data shows as typed.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from neuroleg.render.plain import ASCII_MARKS, BLOCK_MARKS, NARROWEST_BAR, BarMarks, axis, bar_key, draw_bar
from neuroleg.render.terminal import MAX_WIDTH, Terminal
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
    plain,
)

if TYPE_CHECKING:
    from neuroleg.views.document import View

STACK_BELOW_PER_COLUMN = 18  # a table needs about this many columns of screen per column of data
CHART_BAR = 30  # cells in a chart's bar where the terminal has room
# Rich's SIMPLE_HEAD (a rule under the header, nothing else) in ASCII, for a stream that cannot take box drawing
ASCII_HEAD = box.Box("    \n    \n -- \n    \n    \n    \n    \n    \n", ascii=True)


class Marks(NamedTuple):
    """The characters a page is drawn with: block characters where stdout can encode them, else ASCII."""

    bullet: str
    bars: BarMarks
    head: box.Box


UNICODE = Marks("\u2022", BLOCK_MARKS, box.SIMPLE_HEAD)
ASCII = Marks("*", ASCII_MARKS, ASCII_HEAD)


def render(view: View, terminal: Terminal) -> Iterator[str]:
    """The blocks of a view, rendered by Rich into text (with escape codes on a terminal)."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=min(terminal.width, MAX_WIDTH),
        force_terminal=terminal.dressed,
        no_color=not terminal.color,
        color_system="standard" if terminal.color else None,
        markup=False,
        emoji=False,
        highlight=False,
        legacy_windows=False,
        soft_wrap=False,
    )
    marks = UNICODE if terminal.unicode else ASCII
    for i, block in enumerate(view.blocks):
        if i and not isinstance(block, Bullets | Fields):
            console.line()
        console.print(_renderable(block, console.width, marks))
    yield buffer.getvalue()


def _text(value: Inline, style: str = "") -> Text:
    if isinstance(value, Styled):
        text = Text(style=style)
        for part, bold in value.spans:
            text.append(part, style="bold yellow" if bold else "")
        return text
    return Text(value, style=style)


def _renderable(block: Block, width: int, marks: Marks) -> RenderableType:
    if isinstance(block, Title):
        return Text(block.text, style="bold underline")
    if isinstance(block, Heading):
        return Text(block.text, style="bold cyan" if block.level <= 2 else "bold")
    if isinstance(block, Para):
        if block.note:
            return Padding(Text(block.text, style="italic"), (0, 0, 0, 2))
        return Text(block.text)
    if isinstance(block, Fields):
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        for label, value in block.pairs:
            grid.add_row(Text(f"{label}:"), Text(value))
        return grid
    if isinstance(block, Bullets):
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=1)
        grid.add_column(overflow="fold")
        for item in block.items:
            grid.add_row(Text(marks.bullet), Text(item))
        return grid
    if isinstance(block, Grid):
        return _grid(block, width, marks.head)
    if isinstance(block, Matrix):  # laid out as on a page without Rich (render/table.py), fitted to the width
        from neuroleg.render.matrix import matrix_lines

        return Text("\n".join(matrix_lines(block, width, fit=True, blank="·" if marks.bullet == "•" else ".")))
    if isinstance(block, BodyMap):  # the map in words
        return Group(*(_renderable(part, width, marks) for part in block.words()))
    if isinstance(block, Bars):
        return _chart(block, width, marks.bars)
    return Text("")


def _chart(chart: Bars, width: int, marks: BarMarks) -> RenderableType:
    """A line per bar with its name in front; where that leaves too short a bar, each name on a line above its bar."""
    label_width = max((len(bar.label) for bar in chart.bars), default=0)
    text_width = max((len(bar.text) for bar in chart.bars), default=0)
    bar_width = min(CHART_BAR, width - label_width - text_width - 2)
    stacked = bar_width < NARROWEST_BAR
    if stacked:
        label_width, bar_width = 0, max(10, min(CHART_BAR, width - text_width - 3))
    indent = "  " if stacked else " " * (label_width + 1)
    lines: list[Text] = []
    for bar in chart.bars:
        drawn = (draw_bar(bar, chart.scale, bar_width, marks), "green")
        if stacked:
            lines += [Text(bar.label, style="bold"), Text.assemble(indent, drawn, " ", bar.text)]
        else:
            lines.append(Text.assemble((bar.label.ljust(label_width), "bold"), " ", drawn, " ", bar.text))
    lines.append(Text(indent + axis(chart, bar_width), style="dim"))
    lines += [Text(key, style="italic") for key in bar_key(chart, marks)]
    return Group(*lines)


def _grid(block: Grid, width: int, head: box.Box) -> RenderableType:
    """A table; on a terminal too narrow for its columns, one small card per row instead."""
    if width < STACK_BELOW_PER_COLUMN * len(block.columns):
        return _cards(block, width)
    table = Table(
        box=head,
        header_style="bold",
        expand=bool(block.wide),
        pad_edge=False,
    )
    for i, column in enumerate(block.columns):
        if i in block.wide:
            table.add_column(Text(column), overflow="fold", ratio=1)
        else:  # narrow columns keep to their words; the wide ones take the rest
            table.add_column(Text(column), overflow="fold", max_width=_narrow_width(block, i, width))
    for row in block.rows:
        table.add_row(*(_text(cell) for cell in row))
    return table


def _narrow_width(block: Grid, column: int, width: int) -> int:
    """A sixth of the width, or the column's longest word where that fits in a third: a word cut in two is
    hard to read, and one that cannot fit a third would be cut anyway."""
    longest = max((len(word) for row in block.rows for word in plain(row[column]).split()), default=0)
    return max(12, width // 6, longest if longest <= width // 3 else 0)


def _cards(block: Grid, width: int) -> RenderableType:
    """One small card per row: each value beside its label, or under it when a label would take the width."""
    stacked = max((len(label) for label in block.columns), default=0) + 2 > width // 3
    cards = Table.grid(padding=(0, 1))
    if not stacked:
        cards.add_column(style="bold", no_wrap=True)
    cards.add_column(overflow="fold")
    for n, row in enumerate(block.rows):
        if n:
            cards.add_row(*[Text("")] * (1 if stacked else 2))
        for label, cell in zip(block.columns, row, strict=True):
            if not (label or plain(cell)):
                continue
            head, value = Text(f"{label}:" if label else ""), _text(cell, "bold" if not label else "")
            if not stacked:
                cards.add_row(head, value)
                continue
            if label:  # a label as wide as the terminal (a long name) on a line of its own, the value below it
                head.stylize("bold")
                cards.add_row(head)
            cards.add_row(Padding(value, (0, 0, 0, 2)) if label else value)
    return cards
