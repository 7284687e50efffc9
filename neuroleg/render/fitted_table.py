"""A big table for a terminal, laid out in one pass: column widths fixed once, each row wrapped into them.

Rich measures and lays out every cell of every row before it prints one, which
takes seconds for 10,000 rows; a listing that long needs only widths that fit
the screen and its rows written as they come.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from itertools import islice, zip_longest

from neuroleg.render.terminal import MAX_WIDTH
from neuroleg.views.document import Grid, plain

SAMPLE_ROWS = 300  # rows measured to size the narrow columns
GAP = "  "


def fitted_grid(grid: Grid, width: int, bold: Callable[[str], str], rule: str = "─") -> Iterator[str]:
    """The grid's lines: a bold header, a rule, then each row wrapped within its columns."""
    width = max(20, min(width, MAX_WIDTH))
    widths = _widths(grid, width)
    yield bold(GAP.join(c[:w].ljust(w) for c, w in zip(grid.columns, widths, strict=True)).rstrip())
    yield GAP.join(rule * w for w in widths)
    for row in grid.rows:
        cells = [_wrap(" ".join(plain(cell).split()), w) for cell, w in zip(row, widths, strict=True)]
        for parts in zip_longest(*cells, fillvalue=""):
            yield GAP.join(part.ljust(w) for part, w in zip(parts, widths, strict=True)).rstrip()


def _widths(grid: Grid, width: int) -> list[int]:
    """Narrow columns as wide as their longest cell in a sample (at most a sixth of the width); wide ones share
    the rest."""
    count = len(grid.columns)
    room = width - len(GAP) * (count - 1)
    sample = [[plain(c) for c in row] for row in islice(grid.rows, SAMPLE_ROWS)]
    longest = [max([len(grid.columns[i]), *(len(r[i]) for r in sample)]) for i in range(count)]
    narrow_cap = max(12, width // 6)
    widths = [0 if i in grid.wide else min(longest[i], narrow_cap) for i in range(count)]
    wide = [i for i in range(count) if i in grid.wide] or [count - 1]
    left = max(len(wide) * 10, room - sum(w for i, w in enumerate(widths) if i not in wide))
    for n, i in enumerate(wide):
        widths[i] = left // len(wide) + (1 if n < left % len(wide) else 0)
    return [max(1, w) for w in widths]


def _wrap(text: str, width: int) -> list[str]:
    if len(text) <= width:  # most cells: no wrapping to do
        return [text]
    return textwrap.wrap(text, width, break_on_hyphens=False) or [""]
