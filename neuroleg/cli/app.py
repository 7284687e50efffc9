"""The command line: parse arguments, ask the library, hand a view to a renderer.

Errors become messages and exit codes in one place, `cli_edge.fail`.
"""

from __future__ import annotations

import io
import os
import sys
import textwrap
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
import typer.core

from neuroleg import __version__
from neuroleg.cli import fast_path, reading
from neuroleg.cli.completion import complete_cause, complete_field, complete_symptom, complete_term
from neuroleg.cli.edge import (
    Format,
    HandoutFormat,
    chosen_format,
    emit,
    fail,
    knowledge_base_path,
    today,
    with_store,
    write_view,
)
from neuroleg.cli.options import (
    DataOption,
    FormatOption,
    HandoutFormatOption,
    NameArgument,
    NoPagerOption,
    fields_help,
)
from neuroleg.cli.output import error, prepare_stdout, write
from neuroleg.cli.terminal import detect_terminal
from neuroleg.cli.validation import validate_file, write_report
from neuroleg.db.cache import clear_cache, user_cache_dir
from neuroleg.db.store import Store
from neuroleg.errors import BadArgument, NeurolegError
from neuroleg.exitcodes import exit_code_summary
from neuroleg.render.sanitize import safe_line
from neuroleg.render.terminal import Terminal

EXIT_CODES = "\n".join(textwrap.wrap(f"Exit codes: {exit_code_summary()}.", 78))  # from ExitCode: one source
EXAMPLES = f"""\b
Examples:
  neuroleg overview                 what neuropathic leg pain is
  neuroleg causes                   every cause, with its key figure
  neuroleg show diabetes            one cause in full (names: ms, chemo, taxol...)
  neuroleg glossary myelin          a hard word, explained in plain words
  neuroleg compare diabetes alcohol side by side
  neuroleg search "tingl*" --in symptoms
  neuroleg stats -f csv > stats.csv
  neuroleg causes -f json | jq '.[].id'
  neuroleg match "tingly feet"      which causes bring it? (not a diagnosis)
  neuroleg quiz --count 5           test yourself
  neuroleg export -f html -o handout.html

\b
{EXIT_CODES}
Educational reference only; not medical advice."""

APP_SETTINGS: dict[str, Any] = {
    "name": "neuroleg",
    "help": "An offline, sourced reference on neuropathic leg pain.",
    "epilog": EXAMPLES,
    "rich_markup_mode": None,  # plain help and errors: no Rich import, no box drawing in pipes
    "pretty_exceptions_enable": False,
    "no_args_is_help": True,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}
app = typer.Typer(**APP_SETTINGS)
cache_app = typer.Typer(help="See or reset the compiled cache.", rich_markup_mode=None, no_args_is_help=True)
app.add_typer(cache_app, name="cache")
# each command's function and settings by its name, so that `app_for` can make an app of one command
COMMANDS: dict[str, tuple[Callable[..., Any], dict[str, Any]]] = {}
F = TypeVar("F", bound=Callable[..., Any])


def command(**settings: Any) -> Callable[[F], F]:
    """`app.command(**settings)`, and the command remembered in COMMANDS."""

    def register(function: F) -> F:
        COMMANDS[settings.get("name") or function.__name__.replace("_", "-")] = (function, settings)
        registered: F = app.command(**settings)(function)
        return registered

    return register


def _version(value: bool) -> None:
    if value:
        write([f"neuroleg {__version__}\n"])
        raise typer.Exit()


class ReadingCommand(typer.core.TyperCommand):
    """A reading command: the fast path runs it as well (tools/gen_grammar.py reads its options for it), and a
    check of `reading`'s own is said as Click's usage error, with this command's usage line."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BadArgument as exc:  # named as its help names it: an argument by its metavar, an option by its name
            param = next(p for p in self.params if p.name == exc.keyword)
            hint = param.opts[0] if param.param_type_name == "option" else param.metavar
            raise typer.BadParameter(exc.message, ctx=ctx, param_hint=hint) from None


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """An offline, sourced reference on neuropathic leg pain."""


@command(cls=ReadingCommand)
def causes(fmt: FormatOption = None, data: DataOption = None, no_pager: NoPagerOption = False) -> None:
    """List every cause with its category, key figure and summary."""
    reading.causes(fmt, data, no_pager)


@command(cls=ReadingCommand)
def show(
    name: NameArgument, fmt: FormatOption = None, data: DataOption = None, no_pager: NoPagerOption = False
) -> None:
    """Everything about one cause: mechanism, symptoms, figures, subtypes, outlook, sources."""
    reading.show(name, fmt, data, no_pager)


@command(cls=ReadingCommand)
def glossary(
    term: Annotated[
        str | None,
        typer.Argument(
            metavar="[TERM]",
            help="One term: its id, the word, or another name for it (any case).",
            autocompletion=complete_term,
        ),
    ] = None,
    fmt: FormatOption = None,
    data: DataOption = None,
    no_pager: NoPagerOption = False,
) -> None:
    """The hard words the reference uses, each with its meaning in plain words and its source; or one of them."""
    reading.glossary(term, fmt, data, no_pager)


@command(cls=ReadingCommand)
def compare(
    names: Annotated[
        list[str], typer.Argument(metavar="NAME NAME...", help="Two or more causes.", autocompletion=complete_cause)
    ],
    fmt: FormatOption = None,
    data: DataOption = None,
    no_pager: NoPagerOption = False,
) -> None:
    """Put two or more causes side by side."""
    reading.compare(names, fmt, data, no_pager)


@command(cls=ReadingCommand)
def symptoms(
    name: Annotated[
        str | None,
        typer.Argument(metavar="[NAME]", help="Only this cause's symptoms.", autocompletion=complete_cause),
    ] = None,
    grid: Annotated[
        bool,
        typer.Option(
            "--grid",
            help="A grid: symptoms down the side, every cause across, each cell marked by how the reference "
            "links them (not with NAME).",
        ),
    ] = False,
    fmt: FormatOption = None,
    data: DataOption = None,
    no_pager: NoPagerOption = False,
) -> None:
    """Each symptom with the causes that bring it, or one cause's symptoms."""
    reading.symptoms(name, grid, fmt, data, no_pager)


@command(cls=ReadingCommand)
def codes(fmt: FormatOption = None, data: DataOption = None, no_pager: NoPagerOption = False) -> None:
    """The crosswalk: how each condition, form, cause and subtype is typically coded (ICD-10-CM), and the HPO
    term of each symptom, with the releases named (-f csv: one row per code, for a spreadsheet)."""
    reading.codes(fmt, data, no_pager)


@command(cls=ReadingCommand)
def stats(fmt: FormatOption = None, data: DataOption = None, no_pager: NoPagerOption = False) -> None:
    """Every statistic with its population and source, and a chart of the ranges."""
    reading.stats(fmt, data, no_pager)


@command(cls=ReadingCommand)
def sources(fmt: FormatOption = None, data: DataOption = None, no_pager: NoPagerOption = False) -> None:
    """Each source organisation, its address, and the facts that rest on it."""
    reading.sources(fmt, data, no_pager)


@command(cls=ReadingCommand)
def overview(fmt: FormatOption = None, data: DataOption = None, no_pager: NoPagerOption = False) -> None:
    """What the knowledge base's condition is, in plain words."""
    reading.overview(fmt, data, no_pager)


@command(cls=ReadingCommand)
def search(
    query: Annotated[str, typer.Argument(metavar="QUERY", help='Words (all must match), "a phrase", a OR b, prefix*.')],
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, metavar="N", help="Most hits to show.")
    ] = 10,  # a screenful
    fields: Annotated[
        list[str] | None,
        typer.Option(
            "--in",
            metavar="FIELD",
            autocompletion=complete_field,
            help=f"Search only this field (repeatable): {fields_help()}.",
        ),
    ] = None,
    fmt: FormatOption = None,
    data: DataOption = None,
    no_pager: NoPagerOption = False,
) -> None:
    """Ranked full-text search of every entry, with the matches marked."""
    reading.search(query, limit, fields, fmt, data, no_pager)


@command(cls=ReadingCommand)
def match(
    symptoms: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="SYMPTOM...",
            help="Symptoms, in your words: tingling, 'tingly feet'.",
            autocompletion=complete_symptom,
        ),
    ] = None,
    risks: Annotated[
        list[str] | None,
        typer.Option("--risk", "-r", metavar="FACTOR", help="A risk factor (repeatable): smoking, surgery..."),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=0, metavar="N", help="Most causes to show, best first (0: all).")
    ] = 20,  # a page a reader can take in, where a big file can link thousands
    fmt: FormatOption = None,
    data: DataOption = None,
    no_pager: NoPagerOption = False,
) -> None:
    """Which causes does the reference link to these symptoms? Educational, not a diagnosis."""
    reading.match(symptoms, risks, limit, fmt, data, no_pager)


class AnswerLayout(StrEnum):
    """Where a quiz worksheet prints its answers."""

    end = "end"  # an answer key after every question: the questions alone are a sheet to hand out
    inline = "inline"  # each answer right under its question


@command()
def quiz(
    ctx: typer.Context,
    count: Annotated[int, typer.Option("--count", "-n", min=1, max=100, metavar="N", help="How many questions.")] = 10,
    cause: Annotated[
        str | None,
        typer.Option("--cause", metavar="NAME", help="Only questions on this cause.", autocompletion=complete_cause),
    ] = None,
    seed: Annotated[
        int | None, typer.Option("--seed", min=0, metavar="S", help="Seed for a quiz you can give again.")
    ] = None,
    answers: Annotated[
        AnswerLayout,
        typer.Option(
            "--answers",
            case_sensitive=False,
            help="Where a worksheet prints the answers: end (an answer key after the questions, on a page of its "
            "own in HTML) or inline (each under its question).",
        ),
    ] = AnswerLayout.end,
    fmt: FormatOption = None,
    data: DataOption = None,
) -> None:
    """Test yourself: multiple-choice questions from the knowledge base, each with its source.

    On a terminal it asks, one question at a time, and keeps score; piped, or
    with --format or --answers, it prints a worksheet with the answers.
    """
    from neuroleg.domain.quiz import make_quiz
    from neuroleg.views.quiz import quiz_view

    terminal = detect_terminal(sys.stdout, os.environ)
    chosen = chosen_format(fmt, terminal)

    def build(store: Store) -> Any:
        return make_quiz(store, count=count, cause_id=store.resolve(cause) if cause else None, seed=seed)

    try:
        made = with_store(build, data)
    except NeurolegError as exc:
        fail(exc)
    if len(made.questions) < made.asked:  # said, not silently cut: the repeat command still carries the count given
        about = f" about {made.cause}" if made.cause else ""
        error(
            f"neuroleg: only {_questions(len(made.questions))} can be asked{about} from this knowledge base; "
            f"asked for {made.asked}"
        )
    named = str(data) if data else None  # for the command that repeats the quiz
    source = ctx.get_parameter_source("answers")  # (Click's enum, read by name: only Typer is imported here)
    layout_given = source is not None and source.name != "DEFAULT"  # asking for a layout asks for a worksheet
    if fmt is None and not layout_given and terminal.is_tty and _interactive():
        from neuroleg.cli.quiz_session import ask

        raise typer.Exit(int(ask(made, terminal, named)))
    try:
        emit(quiz_view(made, named, key_at_end=answers is AnswerLayout.end), chosen, terminal)
    except NeurolegError as exc:
        fail(exc)


def _questions(number: int) -> str:
    return f"{number} question{'s' if number != 1 else ''}"


def _interactive() -> bool:
    """Someone is at a terminal on both ends: stdin and stdout (FORCE_COLOR alone does not count)."""
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


@command()
def export(
    fmt: HandoutFormatOption = HandoutFormat.markdown,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="PATH", help="Write to this file (default: standard output)."),
    ] = None,
    causes: Annotated[
        list[str] | None, typer.Option("--cause", metavar="NAME", help="Only this cause (repeatable).")
    ] = None,
    data: DataOption = None,
) -> None:
    """A complete handout to print or share: overview, causes, statistics, sources."""
    from neuroleg.views.export import export_view

    source = knowledge_base_path(data)
    if output is not None and _same_file(output, source):
        raise typer.BadParameter("that is the knowledge base being read: name another file", param_hint="--output")
    terminal = Terminal(is_tty=False, color=False, width=80)  # a file's layout, wherever it goes
    made = today(os.environ)
    write_view(lambda store: export_view(store, causes or [], made), data, fmt.value, terminal, out=output)


def _same_file(a: str, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):  # one of them does not exist (yet), or cannot: not the same file
        return False


@command()
def validate(
    path: Annotated[
        str | None, typer.Argument(metavar="[PATH]", help="File to check (default: the one in use).")
    ] = None,
    fmt: FormatOption = None,
    data: DataOption = None,
) -> None:
    """Check a knowledge-base file; print each problem as file:line: message (-f json: one object per problem)."""
    if fmt not in (None, Format.plain, Format.table, Format.json, Format.yaml):
        raise typer.BadParameter(f"validate prints plain, json or yaml, not {fmt.value}", param_hint="--format")
    validate_file(Path(path) if path else knowledge_base_path(data), fmt)


@command()
def new(
    path: Annotated[str, typer.Argument(metavar="PATH", help="File to write ('-': standard output).")],
    force: Annotated[bool, typer.Option("--force", help="Replace PATH if it exists.")] = False,
) -> None:
    """Write a starter knowledge base to fill in.

    Every section, each value a marked placeholder, with notes on what goes where; it validates as written.
    """
    from neuroleg.cli.files import create_file, write_file_atomically
    from neuroleg.kb.starter import STARTER

    try:
        if path == "-":
            write([STARTER])
        elif force:
            write_file_atomically(Path(path), [STARTER])
        else:
            create_file(Path(path), STARTER)
    except NeurolegError as exc:
        fail(exc)
    if path != "-":
        import shlex

        write([safe_line(f"wrote {path}: fill it in, then run 'neuroleg validate {shlex.quote(path)}'") + "\n"])


@command()
def schema() -> None:
    """Print the JSON Schema of the knowledge-base format."""
    import json

    from neuroleg.kb.schema import KnowledgeBase

    write([json.dumps(KnowledgeBase.model_json_schema(), indent=2) + "\n"])


@cache_app.command("path")
def cache_path(fmt: FormatOption = None) -> None:
    """Print the cache directory (-f json: {"cache_dir": PATH or null})."""
    where = user_cache_dir(os.environ)
    if fmt in (Format.json, Format.yaml):
        write_report(fmt, {"cache_dir": str(where) if where else None})
        return
    if fmt not in (None, Format.plain, Format.table):
        raise typer.BadParameter(f"cache path prints plain, json or yaml, not {fmt.value}", param_hint="--format")
    write([safe_line(str(where) if where else "(no cache directory: caching is off)") + "\n"])


@cache_app.command("clear")
def cache_clear() -> None:
    """Delete every compiled cache file (they are rebuilt when next needed)."""
    where = user_cache_dir(os.environ)
    kept: list[Path] = []
    removed = clear_cache(where, kept) if where and os.path.isdir(where) else 0
    write([safe_line(f"removed {removed} cache file{'s' if removed != 1 else ''} from {where}") + "\n"])
    if kept:  # still harmless: a read-only cache is opened read-only, and a stale one is never used
        error(
            safe_line(f"neuroleg: could not remove {len(kept)} cache file{'s' if len(kept) != 1 else ''} (read-only?)")
        )


def main(argv: list[str] | None = None) -> None:
    """Run `argv` (default: the process's arguments) through Typer: what the fast path leaves to it."""
    argv = sys.argv[1:] if argv is None else argv
    prepare_stdout()
    try:
        code = app_for(argv)(args=argv, prog_name="neuroleg", standalone_mode=False)
    except typer.Abort:  # end of input at a prompt of Click's
        error("Aborted!")
        code = 1
    except typer.TyperException as exc:  # Click's usage errors: said through our writer, each line cut short
        said = io.StringIO()
        exc.show(file=said)  # type: ignore[attr-defined]  # every one Typer raises is a Click exception
        error(said.getvalue())
        code = getattr(exc, "exit_code", 2)
    sys.exit(code if isinstance(code, int) else 0)


def app_for(argv: list[str]) -> typer.Typer:
    """The app with only the command that `argv` runs, when that is clear.

    Typer builds the parameters of every registered command on each call
    (about 7 ms for ours, measured on quiz and on a usage error), so the
    everyday path registers one, through Typer's own decorators. Anything else
    (top-level help, an unknown command, shell completion) gets the whole app,
    so its help and errors are the same as ever.
    """
    first = next((arg for arg in argv if not arg.startswith("-")), None)
    if first is None or fast_path.completing(os.environ) or (first not in COMMANDS and first != "cache"):
        return app
    slim = typer.Typer(**APP_SETTINGS)
    slim.callback()(_root)
    if first == "cache":
        slim.add_typer(cache_app, name="cache")
    else:
        function, settings = COMMANDS[first]
        slim.command(**settings)(function)
    return slim
