"""Plain text: no colour, no box drawing; one line per grid row, so `grep` finds whole records."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from neuroleg.render.terminal import Terminal
from neuroleg.views.document import (
    Bar,
    Bars,
    Block,
    BodyMap,
    Bullets,
    Fields,
    Grid,
    Heading,
    Matrix,
    Para,
    Title,
    plain,
)

if TYPE_CHECKING:
    from neuroleg.views.document import View

BAR_WIDTH = 40
NARROWEST_BAR = 20  # a bar drawn narrower than this says too little: its row's name goes on a line of its own
MAX_TEXT_WIDTH = 100  # long lines are hard to read even on a wide terminal


def _same(text: str) -> str:
    return text


class Look(NamedTuple):
    """How the parts of a page are dressed: plain text here, terminal styles in `table`."""

    title: Callable[[str], str] = _same
    heading: Callable[[str], str] = _same
    subheading: Callable[[str], str] = _same
    note: Callable[[str], str] = _same
    label: Callable[[str], str] = _same
    bullet: str = "-"
    title_rule: bool = True  # underline titles with '=' where there is no bold
    grid: Callable[[Grid], Iterator[str]] | None = None  # lays out a grid; None: one line per row (for grep)
    matrix: Callable[[Matrix, int], Iterator[str]] | None = None  # lays out a matrix; None: one line per row


PLAIN = Look()


def render(view: View, terminal: Terminal, look: Look = PLAIN) -> Iterator[str]:
    """The blocks of a view as plain text lines."""
    width = max(40, min(terminal.width, MAX_TEXT_WIDTH))
    first = True
    for block in view.blocks:
        lines = list(_block(block, width, look))
        if not lines:
            continue
        if not first and not isinstance(block, Bullets | Fields):
            yield "\n"
        first = False
        yield "".join(line + "\n" for line in lines)


def _block(block: Block, width: int, look: Look) -> Iterator[str]:
    if isinstance(block, Title):
        yield from (look.title(line) for line in _wrap(block.text, width, ""))
        if look.title_rule:
            yield "=" * min(len(block.text), width)
    elif isinstance(block, Heading):
        dress = look.heading if block.level <= 2 else look.subheading
        text = block.text if block.level <= 2 else f"{block.text}:"
        yield from (dress(line) for line in _wrap(text, width, ""))
    elif isinstance(block, Para):
        for para in block.text.split("\n"):
            lines = _wrap(f"Note: {para}" if block.note else para, width, "")
            yield from (look.note(line) for line in lines) if block.note else lines
    elif isinstance(block, Fields):
        for label, value in block.pairs:
            first, *rest = _wrap(f"{label}: {value}", width, "    ")
            head = f"{label}:"
            # a label longer than a line wraps itself: dress only a first line that holds it whole
            yield look.label(head) + first[len(head) :] if first.startswith(head) else first
            yield from rest
    elif isinstance(block, Bullets):
        for item in block.items:
            yield from _wrap(f"{look.bullet} {item}", width, "  ")
    elif isinstance(block, Grid):
        yield from look.grid(block) if look.grid else _grid(block)
    elif isinstance(block, Bars):
        yield from bar_lines(block, width)
    elif isinstance(block, Matrix):
        from neuroleg.render.matrix import matrix_lines

        yield from look.matrix(block, width) if look.matrix else matrix_lines(block, width)
    elif isinstance(block, BodyMap):  # the map in words
        for part in block.words():
            yield from _block(part, width, look)


@lru_cache(maxsize=1024)  # a long listing repeats its lines (every clone's facts): each is wrapped once
def _wrap(text: str, width: int, indent: str) -> tuple[str, ...]:
    if text.isascii() and " ".join(text.split()) == text:  # words and single spaces: the usual text, done quicker
        return _fill(text, width, indent)
    import textwrap  # seldom needed (see `_fill`), and a table drawn by Rich never wraps here

    # a long word (a web address) stays whole, to be copied: its line may pass the width
    lines = textwrap.wrap(text, width, subsequent_indent=indent, break_on_hyphens=False, break_long_words=False)
    return tuple(lines) or ("",)


def _fill(text: str, width: int, indent: str) -> tuple[str, ...]:
    """What `textwrap.wrap` makes of words joined by single spaces (as `_wrap` calls it), cut at spaces found
    by `str.rfind` instead of a word at a time."""
    lines: list[str] = []
    room = width
    while len(text) > room:
        cut = text.rfind(" ", 0, room + 1)  # the line is the longest run of whole words that fits
        if cut < 0:  # a word longer than the line (a web address): a line of its own
            cut = text.find(" ")
            if cut < 0:
                break
        lines.append(text[:cut] if not lines else indent + text[:cut])
        text, room = text[cut + 1 :], width - len(indent)
    lines.append(text if not lines else indent + text)
    return tuple(lines)


def _grid(grid: Grid) -> Iterator[str]:
    rows = [list(grid.columns)] + [[" ".join(plain(c).split()) for c in row] for row in grid.rows]
    widths = [max(len(r[i]) for r in rows) for i in range(len(grid.columns) - 1)]
    for row in rows:
        cells = [cell.ljust(widths[i]) for i, cell in enumerate(row[:-1])] + [row[-1]]
        yield "  ".join(cells).rstrip()


class BarMarks(NamedTuple):
    """The characters a chart is drawn with: the range, the part of it toward an open end, the empty axis."""

    fill: str
    open: str
    empty: str


ASCII_MARKS = BarMarks("#", "-", ".")
BLOCK_MARKS = BarMarks("\u2588", "\u2591", "\u00b7")  # full block, light shade, middle dot


def bar_lines(chart: Bars, width: int) -> Iterator[str]:
    """One line per bar with its name in front; where that leaves too short a bar, the name on a line above it."""
    label_width = max((len(b.label) for b in chart.bars), default=0)
    text_width = max((len(b.text) for b in chart.bars), default=0)
    bar_width = min(BAR_WIDTH, width - label_width - text_width - 6)  # 2 + "[" + "]" + 2
    stacked = bar_width < NARROWEST_BAR
    if stacked:
        label_width, bar_width = 0, max(10, min(BAR_WIDTH, width - text_width - 6))
    yield f"{'':{label_width}}   {axis(chart, bar_width)}"
    for bar in chart.bars:
        line = f"[{draw_bar(bar, chart.scale, bar_width, ASCII_MARKS)}]  {bar.text}"
        if stacked:
            yield bar.label
            yield f"  {line}"
        else:
            yield f"{bar.label:{label_width}}  {line}"
    for key in bar_key(chart, ASCII_MARKS):
        yield from _wrap(key, width, "  ")


def axis(chart: Bars, width: int) -> str:
    """The axis under (or over) bars `width` cells wide: 0 at the first cell, the scale ending at the last."""
    top = f"{chart.scale:g}{chart.unit}"
    return f"0{top:>{max(len(top), width - 1)}}"


def bar_key(chart: Bars, marks: BarMarks) -> Iterator[str]:
    """What an open-ended bar means, said once under a chart that has one."""
    ends = {bar.open for bar in chart.bars}
    if "low" in ends:
        yield f'{marks.open * 3}{marks.fill} is an "up to" figure: anywhere from 0{chart.unit} to where the bar ends.'
    if "high" in ends:
        top = f"{chart.scale:g}{chart.unit}"
        yield f'{marks.fill}{marks.open * 3} is an "at least" figure: anywhere from where the bar starts to {top}.'


def draw_bar(bar: Bar, scale: float, width: int, marks: BarMarks) -> str:
    """A range on a `width`-cell axis from 0 to `scale`; a point still gets one cell. Toward an open end the range
    is drawn lighter, with a full cell at the end that is a real bound."""
    start = min(width - 1, int(bar.low / scale * width))
    end = max(start + 1, min(width, round(bar.high / scale * width)))
    cells = end - start
    if bar.open == "low":
        drawn = marks.open * (cells - 1) + marks.fill
    elif bar.open == "high":
        drawn = marks.fill + marks.open * (cells - 1)
    else:
        drawn = marks.fill * cells
    return marks.empty * start + drawn + marks.empty * (width - end)
