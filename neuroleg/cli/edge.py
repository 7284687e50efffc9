"""The command line's edge: open the knowledge base, write a view, and turn an error into words and a code.

Every error the library raises becomes a short message on stderr and an exit
code here, in `fail`, and nowhere else.
"""

from __future__ import annotations

import datetime
import os
import sys
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, NoReturn, TypeVar

from neuroleg.cli.output import error, write, write_page
from neuroleg.cli.terminal import detect_terminal
from neuroleg.db.cache import open_store, user_cache_dir
from neuroleg.db.store import Store
from neuroleg.errors import (
    KnowledgeBaseError,
    NeurolegError,
    NoHitsError,
    NoMatchError,
    UnknownNameError,
    UnknownTermError,
    UsageError,
)
from neuroleg.exitcodes import ExitCode
from neuroleg.kb.source_file import data_file, data_path
from neuroleg.render import render
from neuroleg.render.sanitize import safe_line, safe_text
from neuroleg.render.terminal import Terminal
from neuroleg.views.document import View

if TYPE_CHECKING:  # a reading command never imports pathlib (~2.7 ms)
    from pathlib import Path

T = TypeVar("T")


class Format(StrEnum):
    """Output formats; the default is table on a terminal, plain otherwise."""

    table = "table"
    plain = "plain"
    json = "json"
    yaml = "yaml"
    csv = "csv"
    markdown = "markdown"
    html = "html"


class HandoutFormat(StrEnum):
    """What `export` writes: a handout is a document, so only the document formats."""

    markdown = "markdown"
    html = "html"


def show_view_of(build: Callable[[Store], View], data: str | None, fmt: str | None, no_pager: bool = False) -> None:
    """Build a view from the knowledge base in use and write it in `fmt` (default: table on a terminal, else
    plain), through the pager when it is taller than the terminal, unless `no_pager`."""
    terminal = detect_terminal(sys.stdout, os.environ)
    write_view(build, data, chosen_format(fmt, terminal), terminal, paged=not no_pager)


def chosen_format(fmt: str | None, terminal: Terminal) -> str:
    """The format asked for, or the default for where output goes."""
    return str(fmt) if fmt else ("table" if terminal.dressed else "plain")


def write_view(
    build: Callable[[Store], View],
    data: str | None,
    chosen: str,
    terminal: Terminal,
    out: str | None = None,
    paged: bool = False,
) -> None:
    """Build a view from the store and write it in the chosen format, to stdout (`paged`: a page for the pager,
    where there is one) or `out`."""
    try:
        emit(with_store(build, data), chosen, terminal, out, paged)
    except NeurolegError as exc:
        fail(exc)


def emit(view: View, chosen: str, terminal: Terminal, out: str | None = None, paged: bool = False) -> None:
    """Render `view` and write it to stdout (`paged`: through the pager when it is taller than the terminal),
    or whole to `out`."""
    chunks = render(view, chosen, terminal)
    if out is None and paged:
        write_page(chunks, terminal, os.environ)
    elif out is None:
        write(chunks)
    else:
        from pathlib import Path

        from neuroleg.cli.files import write_file_atomically

        write_file_atomically(Path(out), chunks)


def knowledge_base_path(data: str | None) -> Path:
    """The knowledge base in use: --data, else $NEUROLEG_DATA, else the bundled one."""
    return data_path(data or None, os.environ)


def with_store(build: Callable[[Store], T], data: str | None) -> T:
    """`build(store)` on the knowledge base in use (the compiled cache; the store rebuilds it if damaged)."""
    return build(open_store(data_file(data or None, os.environ), user_cache_dir(os.environ)))


def fail(exc: NeurolegError, limit: int | None = 8) -> NoReturn:
    """Say what went wrong in a line or a few, then exit with the matching code."""
    code = ExitCode.USAGE
    lines = [str(exc)]
    if isinstance(exc, KnowledgeBaseError):
        code = ExitCode.DATA
        lines = [safe_line(str(p)) for p in exc.problems]  # one line each: a key cannot forge another problem
        if limit is not None and len(lines) > limit:
            lines = [*lines[:limit], f"... and {len(lines) - limit} more; to see all, run: {_validate_command(exc)}"]
    elif isinstance(exc, UnknownTermError):
        code = ExitCode.NOT_FOUND
        lines = [f"neuroleg: no glossary term {exc.name!r}"]
        if exc.suggestions:
            lines.append("did you mean: " + ", ".join(exc.suggestions) + "?")
        lines.append("run 'neuroleg glossary' to list them")
    elif isinstance(exc, UnknownNameError):
        code = ExitCode.NOT_FOUND
        lines = [f"neuroleg: no cause named {exc.name!r}"]
        if exc.suggestions:
            lines.append("did you mean: " + ", ".join(exc.suggestions) + "?")
        if exc.code_holder:
            from neuroleg.views.codes import code_hint

            lines.append(code_hint(exc.code_holder))
        lines.append("run 'neuroleg causes' to list them")
    elif isinstance(exc, NoHitsError):
        code = ExitCode.NOT_FOUND
        lines = [f"neuroleg: no match for {exc.query!r}"]
        if exc.suggestions:
            lines.append("did you mean " + " or ".join(repr(name) for name in exc.suggestions) + "?")
        if exc.absent:
            absent = ", ".join(repr(word) for word in exc.absent)
            lines.append(f"{absent}: in no entry, and nothing here is close; try without, or see 'neuroleg symptoms'")
    elif isinstance(exc, UsageError):
        lines = [f"neuroleg: {exc}"]
    elif isinstance(exc, NoMatchError):
        from neuroleg.views.match import no_match_lines
        from neuroleg.views.medical_help import help_pointer

        code = ExitCode.NOT_FOUND
        lines = no_match_lines(exc)
        if len(lines) > 8:  # ten thousand misspelt words need not be listed one by one
            lines = [*lines[:7], f"... and {len(lines) - 7} more not in this reference"]
        pointer = help_pointer(exc.result.medical_help)  # where to turn for help: a line, and where it is in full
        lines += [f"{pointer[0]}: {pointer[1]}"] if pointer else []
    error(safe_text("\n".join(lines)))
    raise SystemExit(int(code))  # not typer.Exit: the fast path runs without Typer


def _validate_command(exc: KnowledgeBaseError) -> str:
    """The command that lists every problem of the file that has them (not the bundled one's, by default)."""
    import shlex

    return "neuroleg validate " + shlex.quote(exc.problems[0].path)


def today(environ: Mapping[str, str]) -> datetime.date:
    """Today, or the date SOURCE_DATE_EPOCH names, so that a handout can be made reproducibly."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        try:
            return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
        except (OverflowError, OSError, ValueError):
            pass
    return datetime.date.today()
