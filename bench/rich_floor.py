"""Rich's floor: the least a Python program pays to print one small Rich table on a terminal.

    python bench/rich_floor.py           # Rich alone
    python bench/rich_floor.py --typer   # the same table, printed by a one-command Typer app

`neuroleg causes` on a terminal draws its table with Rich, so it cannot be
quicker than this: Python, the Rich modules a table needs, one Console with
neuroleg's settings (neuroleg/render/rich_table.py) and a three-row table with
the same box and header style, printed straight to stdout. neuroleg also
parses its command line with Typer; `--typer` adds that cost (bench/floor_app.py
alone), the least any neuroleg command that draws a Rich table can take.
"""

from __future__ import annotations

import os
import sys

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

ROWS = [
    ("Diabetes", "Metabolic", "Up to 50% of people with diabetes", "High blood sugar damages nerves."),
    ("Sciatica", "Compression", "Up to 40% of people at some time", "A pinched nerve root in the lower back."),
    ("Alcohol", "Toxic", "About 46% of heavy drinkers", "Alcohol and poor diet damage nerves."),
]


def print_table() -> None:
    """Print the table, as neuroleg would on this stdout."""
    tty = sys.stdout.isatty()
    console = Console(
        file=sys.stdout,
        width=min(int(os.environ.get("COLUMNS", "80")), 120),
        force_terminal=tty,
        no_color=not tty,
        color_system="standard" if tty else None,
        markup=False,
        emoji=False,
        highlight=False,
        legacy_windows=False,
        soft_wrap=False,
    )
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", expand=True, pad_edge=False)
    for i, column in enumerate(("Cause", "Category", "Key figure", "Summary")):
        if i == 3:
            table.add_column(Text(column), overflow="fold", ratio=1)
        else:
            table.add_column(Text(column), overflow="fold", max_width=max(12, console.width // 6))
    for row in ROWS:
        table.add_row(*(Text(cell) for cell in row))
    console.print(table)


if __name__ == "__main__":
    if sys.argv[1:] == ["--typer"]:
        import typer  # only here: Rich alone must not pay for it

        app = typer.Typer()
        app.command()(print_table)
        app(args=[])
    else:
        print_table()
