"""The everyday path: a reading command written plainly runs without importing Typer.

Importing Typer (and its Click) and building a command costs about 35 ms, half
of `neuroleg causes` on a terminal; that alone put every Typer app drawing a
Rich table slower than `tldr` renders a page (bench/, case h). So `run`
understands the plain command lines of the reading commands: a command name,
then its arguments and its options (`-f json`, `-fjson`, `--format=json`,
`--data PATH`, `--limit 5`, `--in names`, `--risk smoking`, the flags
`--grid` and `--no-pager`) in any order, each option at most once unless it
is repeatable. Such a line means one thing to Click and to this module, and
runs the same function of `reading`.

Anything else goes to Typer untouched: help, `--version`, a misspelt or
repeated option, a missing value, a value that starts with '-', `--`, a number
or format Click would have to judge, shell completion. Its help, and every
usage error, are Typer's alone.

Nothing here is declared a second time: the options, defaults and bounds come
from the Typer commands (tools/gen_grammar.py writes them into
grammar_generated.py), and a check of a command's own (two names to compare,
a field for `--in`) is made by its `reading` function for both paths: a line
it refuses, before reading anything, goes to Typer, which says why.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from neuroleg.cli import reading
from neuroleg.cli.grammar import Option
from neuroleg.cli.grammar_generated import GRAMMARS  # made from the Typer commands by tools/gen_grammar.py
from neuroleg.errors import BadArgument


def parse(argv: list[str]) -> tuple[Callable[..., None], dict[str, Any]] | None:
    """The reading function `argv` calls and its keywords, or None when Typer must judge `argv`."""
    if not argv or argv[0] not in GRAMMARS:
        return None
    grammar = GRAMMARS[argv[0]]
    options = grammar.options
    given: dict[str, Any] = dict(grammar.defaults)
    seen: set[str] = set()
    arguments: list[str] = []
    rest = argv[1:]
    while rest:
        arg = rest.pop(0)
        if not arg.startswith("-"):
            arguments.append(arg)
            continue
        split = _split_option(arg, options)
        if split is None:
            return None
        name, value = split
        option = options[name]
        if option.kind == "flag":
            if value is not None or option.keyword in seen:  # `--no-pager=x`, or said twice: Click judges
                return None
            seen.add(option.keyword)
            given[option.keyword] = True
            continue
        if value is None:
            if not rest:
                return None
            value = rest.pop(0)
        converted = _converted(option, value)
        if converted is None or (not option.repeatable and option.keyword in seen):
            return None
        seen.add(option.keyword)
        given[option.keyword] = [*(given[option.keyword] or []), converted] if option.repeatable else converted
    if len(arguments) < grammar.least or (grammar.most is not None and len(arguments) > grammar.most):
        return None
    if grammar.arguments is not None:
        if grammar.most is None:
            given[grammar.arguments] = arguments or None  # as Typer gives an optional list left empty
        elif arguments:
            given[grammar.arguments] = arguments[0]
    function: Callable[..., None] = getattr(reading, argv[0].replace("-", "_"))  # named for its command
    return function, given


def _split_option(arg: str, options: Mapping[str, Option]) -> tuple[str, str | None] | None:
    """`--name=value`, `--name`, `-xvalue` or `-x` as (option, value or None), for an option of this command."""
    if arg.startswith("--"):
        name, equals, value = arg.partition("=")
        return (name, value if equals else None) if name in options else None
    name = arg[:2]
    if name not in options:
        return None
    return name, (arg[2:] or None)


def _converted(option: Option, value: str) -> Any:
    """The value as Click would give it, or None where Click would have to judge it (an error, most likely)."""
    if value.startswith("-"):
        return None
    if option.kind == "choice":
        folded = value.casefold()  # Click's own comparison of a choice, case_sensitive=False
        return folded if folded in option.choices else None
    if option.kind == "count":
        # int() refuses more than 4,300 digits; Click says so as a usage error
        if not (value.isascii() and value.isdigit()) or len(value) > 18:
            return None
        number = int(value)
        too_small = option.least is not None and number < option.least
        return None if too_small or (option.most is not None and number > option.most) else number
    return value


def completing(environ: Mapping[str, str]) -> bool:
    """The shell asks for completions (Typer answers them)."""
    return any(key.startswith("_NEUROLEG_COMPLETE") for key in environ)


def run(argv: list[str], environ: Mapping[str, str]) -> bool:
    """Run `argv` here if it is a plain reading command; False if Typer must take it."""
    if completing(environ):
        return False
    parsed = parse(argv)
    if parsed is None:
        return False
    from neuroleg.cli.output import prepare_stdout

    prepare_stdout()
    function, keywords = parsed
    try:
        function(**keywords)
    except BadArgument:  # refused before anything was read or written: Typer says why, as a usage error
        return False
    return True
