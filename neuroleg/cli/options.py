"""The options and arguments several commands share, declared once for Typer (the fast path's copy is generated)."""

from __future__ import annotations

from typing import Annotated

import typer

from neuroleg.cli.completion import complete_name
from neuroleg.cli.edge import Format, HandoutFormat
from neuroleg.db.layout import FIELD_GROUPS

FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        show_default=False,
        help="table (terminal default), plain (pipe default), json, yaml, csv, markdown or html.",
    ),
]
NoPagerOption = Annotated[  # on every reading command: a page taller than the terminal goes through a pager
    bool,
    typer.Option(
        "--no-pager",
        help="Never send a page through a pager ($NEUROLEG_PAGER, else $PAGER, else less -FRX), however tall.",
    ),
]
HandoutFormatOption = Annotated[  # export's own choices, so that its help lists only what it writes
    HandoutFormat,
    typer.Option("--format", "-f", case_sensitive=False, help="The handout's format."),
]
DataOption = Annotated[  # text, not Path: Typer's Path type stats the name, and a lone surrogate crashes that
    str | None,
    typer.Option(
        "--data",
        metavar="PATH",
        show_default=False,
        help="Knowledge-base file to read (default: $NEUROLEG_DATA, else the bundled one).",
    ),
]


def fields_help() -> str:
    """The fields `--in` takes, from the database's list, in its order: "names (name + aliases + ...), name, ..."."""
    return ", ".join(f if group == (f,) else f"{f} ({' + '.join(group)})" for f, group in FIELD_GROUPS.items())


NameArgument = Annotated[
    str,
    typer.Argument(
        metavar="NAME",
        help="A cause, a form of neuropathy, or a word the glossary explains: its id, name or alias (any case).",
        autocompletion=complete_name,
    ),
]
