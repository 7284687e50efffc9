"""The everyday path: a reading command written plainly runs without importing Typer.

Importing Typer (and its Click) and building a command costs about 35 ms, half
of `neuroleg causes` on a terminal; that alone put every Typer app drawing a
Rich table slower than `tldr` renders a page (bench/, case h). So `run`
understands the plain command lines of the reading commands: a command name,
then its arguments and its options (`-f json`, `-fjson`, `--format=json`,
`--data PATH`, `--limit 5`, `--in names`, `--risk smoking`) in any order, each
option at most once unless it is repeatable. Such a line means one thing to
Click and to this module, and runs the same function of `reading`.

Anything else goes to Typer untouched: help, `--version`, a misspelt or
repeated option, a missing value, a value that starts with '-', `--`, a number
or format Click would have to judge, shell completion. Its help, and every
usage error, are Typer's alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from neuroleg.cli import reading
from neuroleg.cli.edge import Format

_FORMATS = frozenset(f.value for f in Format)


class Option(NamedTuple):  # not a dataclass: importing dataclasses costs a piped command ~4 ms
    """An option's keyword in `reading`, and what its values may be."""

    keyword: str
    kind: str  # "format", "text", "texts" (repeatable), "count" (a whole number at least `least`)
    least: int = 0


COMMON: Mapping[str, Option] = {
    "--format": Option("fmt", "format"),
    "-f": Option("fmt", "format"),
    "--data": Option("data", "text"),
}


class Grammar(NamedTuple):
    """A reading command's line: how many arguments it takes, under which keyword, and its options."""

    run: Callable[..., None]
    arguments: str | None = None  # the keyword the arguments go to; None: it takes none
    least: int = 0
    most: int | None = 0  # None: any number, given as a list
    options: Mapping[str, Option] | None = None  # None: --format and --data alone
    defaults: Mapping[str, Any] | None = None
    accepts: Callable[[dict[str, Any]], bool] | None = None  # a check of the command's own (Typer's says why)


def _names_a_field(given: dict[str, Any]) -> bool:
    """`search --in`, when given, names a field; its values are split into fields here."""
    fields = reading.search_fields(given["fields"])
    named = bool(fields) or not given["fields"]
    given["fields"] = fields
    return named


def _has_something_to_match(given: dict[str, Any]) -> bool:
    return bool(given["symptoms"] or given["risks"])


_SEARCH_LIMIT = Option("limit", "count", least=1)
_MATCH_LIMIT = Option("limit", "count", least=0)

GRAMMARS: Mapping[str, Grammar] = {
    "causes": Grammar(reading.causes),
    "codes": Grammar(reading.codes),
    "stats": Grammar(reading.stats),
    "sources": Grammar(reading.sources),
    "overview": Grammar(reading.overview),
    "show": Grammar(reading.show, "name", least=1, most=1),
    "symptoms": Grammar(reading.symptoms, "name", least=0, most=1),
    "compare": Grammar(reading.compare, "names", least=2, most=None),
    "search": Grammar(
        reading.search,
        "query",
        least=1,
        most=1,
        options={**COMMON, "--limit": _SEARCH_LIMIT, "-n": _SEARCH_LIMIT, "--in": Option("fields", "texts")},
        defaults={"limit": reading.SEARCH_LIMIT, "fields": []},
        accepts=_names_a_field,
    ),
    "match": Grammar(
        reading.match,
        "symptoms",
        least=0,
        most=None,
        options={
            **COMMON,
            "--limit": _MATCH_LIMIT,
            "-n": _MATCH_LIMIT,
            "--risk": Option("risks", "texts"),
            "-r": Option("risks", "texts"),
        },
        defaults={"limit": reading.MATCH_LIMIT, "risks": []},
        accepts=_has_something_to_match,
    ),
}


def parse(argv: list[str]) -> tuple[Callable[..., None], dict[str, Any]] | None:
    """The reading function `argv` calls and its keywords, or None when Typer must judge `argv`."""
    if not argv or argv[0] not in GRAMMARS:
        return None
    grammar = GRAMMARS[argv[0]]
    options = grammar.options or COMMON
    given: dict[str, Any] = {"fmt": None, "data": None, **(grammar.defaults or {})}
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
        if value is None:
            if not rest:
                return None
            value = rest.pop(0)
        option = options[name]
        converted = _converted(option, value)
        if converted is None or (option.kind != "texts" and option.keyword in seen):
            return None
        seen.add(option.keyword)
        given[option.keyword] = [*given[option.keyword], converted] if option.kind == "texts" else converted
    if len(arguments) < grammar.least or (grammar.most is not None and len(arguments) > grammar.most):
        return None
    if grammar.arguments is not None:
        given[grammar.arguments] = arguments if grammar.most is None else (arguments[0] if arguments else None)
    if grammar.accepts is not None and not grammar.accepts(given):
        return None
    return grammar.run, given


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
    if option.kind == "format":
        folded = value.casefold()  # Click's own comparison of a choice, case_sensitive=False
        return folded if folded in _FORMATS else None
    if option.kind == "count":
        # int() refuses more than 4,300 digits; Click says so as a usage error
        if not (value.isascii() and value.isdigit()) or len(value) > 18 or int(value) < option.least:
            return None
        return int(value)
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
    function(**keywords)
    return True
