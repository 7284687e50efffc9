"""The terminal format: Rich for pages with tables or charts, light styling for the rest.

A page of headings, paragraphs and lists (`show`, `overview`) needs no table
engine: styling it ourselves keeps `neuroleg show` on a terminal as quick as
the piped output (Rich's import alone costs about 25 ms), while every page
with a grid or a chart goes to Rich.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from neuroleg.render import plain
from neuroleg.render.terminal import MAX_WIDTH, Terminal
from neuroleg.views.document import Bars, Grid, Matrix

if TYPE_CHECKING:
    from neuroleg.views.document import View


def sgr(code: str) -> Callable[[str], str]:
    """A function that dresses text in one Select Graphic Rendition style (e.g. "1;36": bold cyan)."""
    return lambda text: f"\x1b[{code}m{text}\x1b[0m"


# the same dress as the Rich pages: bold underlined titles, bold cyan headings
STYLED = plain.Look(
    title=sgr("1;4"),
    heading=sgr("1;36"),
    subheading=sgr("1"),
    note=sgr("3"),
    label=sgr("1"),
    bullet="•",
    title_rule=False,
)
UNSTYLED = plain.PLAIN._replace(bullet="•")  # NO_COLOR, TERM=dumb: no escape codes at all


BIG_TABLE_ROWS = 300  # above this, a table is laid out here, not by Rich (which lays out every row: seconds)


MARK_STYLES = ("1;32", "1;33", "1;36")  # a matrix's marks in turn: bold green, yellow, cyan (the letter says it too)


def render(view: View, terminal: Terminal) -> Iterator[str]:
    """A view for a terminal."""
    look = STYLED if terminal.color else UNSTYLED
    if any(isinstance(block, Matrix) for block in view.blocks):
        look = look._replace(matrix=lambda matrix, _: fitted_matrix(matrix, terminal))
    if not terminal.unicode:  # a stream that cannot encode a bullet would print '?'
        look = look._replace(bullet="*")
    if any(isinstance(block, Grid) and len(block.rows) > BIG_TABLE_ROWS for block in view.blocks):
        from neuroleg.render.fitted_table import fitted_grid

        bold, rule = look.label, "─" if terminal.unicode else "-"  # a stream that cannot take box drawing
        return plain.render(
            view, terminal, look._replace(grid=lambda grid: fitted_grid(grid, terminal.width, bold, rule))
        )
    if any(isinstance(block, Grid | Bars) for block in view.blocks):
        from neuroleg.render import rich_table

        return rich_table.render(view, terminal)
    return plain.render(view, terminal, look)


def fitted_matrix(matrix: Matrix, terminal: Terminal) -> Iterator[str]:
    """A matrix within the screen's width, its marks in colour where colour is allowed."""
    from neuroleg.render.matrix import matrix_lines

    width = min(terminal.width, MAX_WIDTH)
    if not terminal.color:
        return matrix_lines(matrix, width, fit=True, blank="·" if terminal.unicode else ".")
    styles = [sgr(code) for code in MARK_STYLES]
    return matrix_lines(
        matrix,
        width,
        fit=True,
        paint=lambda i, text: styles[i % len(styles)](text),
        blank="·" if terminal.unicode else ".",
        bold=sgr("1"),
    )
