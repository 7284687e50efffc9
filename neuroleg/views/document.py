"""A small document model: what the reading commands say, before any format is chosen.

Views build blocks from records; each text renderer (table, plain, markdown)
lays the same blocks out its own way. `Styled` text carries bold spans (search
matches) without any markup language that data could inject into.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from neuroleg.text.figures import OpenEnd

Span = tuple[str, bool]  # (text, bold)


class Styled(NamedTuple):
    """Text with bold spans."""

    spans: tuple[Span, ...]

    def plain(self) -> str:
        """The text without styling."""
        return "".join(t for t, _ in self.spans)


Inline = str | Styled


def map_inline(value: Inline, fn: Callable[[str], str]) -> Inline:
    """Apply `fn` to the text of an inline value, keeping its styling."""
    if isinstance(value, Styled):
        return Styled(tuple((fn(t), bold) for t, bold in value.spans))
    return fn(value)


def plain(value: Inline) -> str:
    """An inline value as plain text."""
    return value.plain() if isinstance(value, Styled) else value


class Title(NamedTuple):
    """The heading of a whole page; a page with `contents` lists its sections before the first (a handout's table
    of contents, where a format can link to them)."""

    text: str
    contents: bool = False

    def map_text(self, fn: Callable[[str], str]) -> Title:
        return self._replace(text=fn(self.text))


class Heading(NamedTuple):
    """A section heading; level 2 for sections, 3 for parts of one. A `new_page` section starts a printed page
    (a worksheet's answer key); formats without pages ignore it."""

    text: str
    level: int = 2
    new_page: bool = False
    anchor: str = ""  # a section's own id where a format has ids (HTML), for links to it; else a numbered one

    def map_text(self, fn: Callable[[str], str]) -> Heading:
        return self._replace(text=fn(self.text))


class Para(NamedTuple):
    """A paragraph; a `note` is set apart (disclaimers, hints)."""

    text: str
    note: bool = False

    def map_text(self, fn: Callable[[str], str]) -> Para:
        return self._replace(text=fn(self.text))


class Fields(NamedTuple):
    """Label and value pairs."""

    pairs: tuple[tuple[str, str], ...]

    def map_text(self, fn: Callable[[str], str]) -> Fields:
        return self._replace(pairs=tuple((fn(k), fn(v)) for k, v in self.pairs))


class Bullets(NamedTuple):
    """An unordered list."""

    items: tuple[str, ...]

    def map_text(self, fn: Callable[[str], str]) -> Bullets:
        return self._replace(items=tuple(fn(i) for i in self.items))


class Grid(NamedTuple):
    """Rows and columns; `wide` marks the columns that take the spare width, `caption` says what it lists."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Inline, ...], ...]
    wide: tuple[int, ...] = ()
    caption: str = ""

    def map_text(self, fn: Callable[[str], str]) -> Grid:
        return self._replace(
            caption=fn(self.caption),
            columns=tuple(fn(c) for c in self.columns),
            rows=tuple(tuple(map_inline(cell, fn) for cell in row) for row in self.rows),
        )


class Bar(NamedTuple):
    """One range on a 0..scale axis, drawn as a range (a single value as a point); an `open` end is drawn as one
    that fades, so "up to 50%" does not read as a solid 0-50."""

    label: str
    low: float
    high: float
    text: str  # the figure as words, e.g. "60-70%"
    open: OpenEnd | None = None  # "up to 50%" is open low (0 is no bound), "at least" open high


class Bars(NamedTuple):
    """A chart of ranges on one axis from 0 to `scale`."""

    bars: tuple[Bar, ...]
    scale: float
    unit: str

    def map_text(self, fn: Callable[[str], str]) -> Bars:
        return self._replace(bars=tuple(b._replace(label=fn(b.label), text=fn(b.text)) for b in self.bars))


class Mark(NamedTuple):
    """A kind of mark a `Matrix` cell may hold: its key (as the machine formats name it), a letter for a narrow
    layout, a word that spells it out, and what it means (for the legend)."""

    key: str
    letter: str
    word: str
    meaning: str


class Matrix(NamedTuple):
    """A cross-table: named rows, named columns, and in each cell at most one mark (its key; "" for none).

    A Grid of marks, with what a Grid cannot carry: a short form of each mark (a letter) and numbered columns
    for a terminal, the words for a page, and a legend that every format prints with it. An empty cell means
    only what `empty` says; `whole` says how to see the whole table where a screen is too narrow for it.
    """

    corner: str  # what the rows are: "Symptom"
    across: str  # what the columns are: "Causes"
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]  # (row name, one mark key or "" per column)
    marks: tuple[Mark, ...]
    empty: str
    caption: str
    whole: str = ""

    def map_text(self, fn: Callable[[str], str]) -> Matrix:
        return self._replace(
            corner=fn(self.corner),
            across=fn(self.across),
            columns=tuple(fn(c) for c in self.columns),
            rows=tuple((fn(name), cells) for name, cells in self.rows),
            marks=tuple(m._replace(letter=fn(m.letter), word=fn(m.word), meaning=fn(m.meaning)) for m in self.marks),
            empty=fn(self.empty),
            caption=fn(self.caption),
            whole=fn(self.whole),
        )


class BodyMap(NamedTuple):
    """A map of the legs with the regions where something is felt shaded, and the same in words: the HTML
    renderer draws it beside its caption; every other format shows the words (`words`)."""

    title: str  # what the map shows, for the figure's title (screen readers)
    regions: tuple[tuple[str, str], ...]  # (region id, "one" or "both" sides) for each shaded region
    caption: str  # the map in words
    sources: tuple[str, ...]  # what each source says, with its name

    def map_text(self, fn: Callable[[str], str]) -> BodyMap:
        return self._replace(title=fn(self.title), caption=fn(self.caption), sources=tuple(fn(s) for s in self.sources))

    def words(self) -> tuple[Para, Bullets]:
        """The map as text: its caption, then each source's words."""
        return Para(self.caption), Bullets(self.sources)


Block = Title | Heading | Para | Fields | Bullets | Grid | Bars | Matrix | BodyMap


class View(NamedTuple):
    """What a command shows: data for JSON/YAML, rows for CSV, blocks for people (on a terminal, `screen` where a
    page reads better in another order there)."""

    name: str  # the command, for messages
    data: Any
    blocks: tuple[Block, ...]
    rows: tuple[dict[str, Any], ...] | None = None  # None: not list-shaped, no CSV
    screen: tuple[Block, ...] | None = None  # the blocks laid out for a terminal (table); None: `blocks`


def section(title: str, items: list[str], level: int = 2) -> list[Block]:
    """A heading and a list of its items; nothing at all when there are none."""
    return [Heading(title, level), Bullets(tuple(items))] if items else []
