"""The shape of a reading command's line, as the fast path reads it: plain data, made from the Typer app.

`grammar_generated.py` holds one `Grammar` per reading command, written by
`tools/gen_grammar.py` from the Click commands Typer builds; nothing here
imports Typer, so the fast path can read it at no cost.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, NamedTuple

# what an option's value may be: any text, one of `choices` (compared as Click does, casefolded), a whole
# number between `least` and `most`, or none at all (a flag: given, it is True)
Kind = Literal["text", "choice", "count", "flag"]


class Option(NamedTuple):  # not a dataclass: importing dataclasses costs a piped command ~4 ms
    """One option: the reading function's keyword it sets, and what its values may be."""

    keyword: str
    kind: Kind = "text"
    repeatable: bool = False  # each use adds a value to a list
    choices: tuple[str, ...] = ()
    least: int | None = None
    most: int | None = None


class Grammar(NamedTuple):
    """A reading command's line: its options, its arguments and every keyword's value when not given."""

    options: Mapping[str, Option]  # "--format" and "-f" alike
    defaults: Mapping[str, object]  # every keyword of the reading function
    arguments: str | None = None  # the keyword the arguments go to; None: it takes none
    least: int = 0
    most: int | None = 0  # None: any number, given as a list
