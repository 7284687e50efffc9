"""A `Matrix` as lines of text: numbered columns, one letter per cell, then the key to the numbers and the marks.

Shared by the plain format (one line per row, for grep) and the terminal (fitted to the screen: split into
parts of a few columns each where it is too wide, or a note of how to see it whole where even that fails).
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator

from neuroleg.views.document import Matrix

GAP = "  "
MOST_PARTS = 4  # a table cut into more parts than this is no longer read as one


def _same(index: int, text: str) -> str:
    return text


def matrix_lines(
    matrix: Matrix,
    width: int,
    fit: bool = False,
    paint: Callable[[int, str], str] = _same,
    blank: str = ".",
    bold: Callable[[str], str] = str,
) -> Iterator[str]:
    """The table (split to fit `width` when `fit`; else one line per row, however long), then its key wrapped
    within `width`. `paint(i, letter)` dresses the letter of the i-th mark; `blank` stands in an empty cell, so
    a row can be read across."""
    letters = {m.key: (i, m.letter) for i, m in enumerate(matrix.marks)}
    numbers = [str(n) for n in range(1, len(matrix.columns) + 1)]
    cell = max([1, *(len(n) for n in numbers), *(len(m.letter) for m in matrix.marks)])
    name = max([len(matrix.corner), *(len(row) for row, _ in matrix.rows)])
    per_part = (width - name) // (cell + len(GAP)) if fit else len(numbers)
    parts = [range(i, min(i + per_part, len(numbers))) for i in range(0, len(numbers), max(1, per_part))]
    if fit and (per_part < 1 or len(parts) > MOST_PARTS):  # the key alone would say nothing: only where to look
        need = name + len(numbers) * (cell + len(GAP))
        said = f"This table is too wide for this screen ({need} columns; it has {width}). {matrix.whole}"
        yield from _wrap(said, width)
        return
    if len(parts) > 1:
        yield from _wrap(f"Split into {len(parts)} parts to fit this screen. {matrix.whole}", width)
        yield ""
    for n, part in enumerate(parts or [range(0)]):
        if n:
            yield ""
        yield bold((matrix.corner.ljust(name) + "".join(GAP + numbers[i].rjust(cell) for i in part)).rstrip())
        for row, marks in matrix.rows:
            shown = []
            for i in part:
                index, letter = letters.get(marks[i], (-1, blank if not marks[i] else "?"))
                shown.append(GAP + (paint(index, letter.rjust(cell)) if index >= 0 else letter.rjust(cell)))
            yield (row.ljust(name) + "".join(shown)).rstrip()
    yield ""
    yield bold(f"{matrix.across}:")
    for number, column in zip(numbers, matrix.columns, strict=True):
        yield from _wrap(f"{number.rjust(cell)}  {column}", width, " " * (cell + 2))
    yield bold("Marks:")
    for i, mark in enumerate(matrix.marks):
        first, *rest = _wrap(f"{mark.letter.rjust(cell)}  {mark.meaning}", width, " " * (cell + 2))
        yield paint(i, first[:cell]) + first[cell:]  # dressed after wrapping: escape codes take no room
        yield from rest
    yield from _wrap(f"{blank.rjust(cell)}  (an empty cell) {matrix.empty}", width, " " * (cell + 2))


def _wrap(text: str, width: int, indent: str = "") -> list[str]:
    """Text within `width`; a long word stays whole."""
    if len(text) <= width:
        return [text]
    return textwrap.wrap(text, width, subsequent_indent=indent, break_on_hyphens=False, break_long_words=False)
