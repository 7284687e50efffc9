"""A page taller than the terminal goes through a pager, as git and gh send theirs; only the writer calls this.

Which pager: $NEUROLEG_PAGER, else $PAGER, else `less -FRX` (quit if the page
fits, pass colour through, leave the screen as it was). Set but empty (or
`cat`), the variable turns paging off, as git reads GIT_PAGER and PAGER.
`LESS=FRX` goes into the pager's environment only when LESS is unset, as git
does, so `PAGER=less` alone behaves too.

How it runs: a command line without shell syntax is split as a shell would
split it (shlex) and started directly, so a missing command is known before
the page is handed over, and the page is printed plainly instead, without a
word. A command line with shell syntax (a pipe, `$VAR`, `~`, `;`) runs through
`sh -c`, as git runs it; a shell that cannot find the command says so in one
line and exits 127, and the page is then printed plainly too.

Imported only when stdout is a terminal: a piped command never loads
subprocess or shlex, and a page that fits the terminal neither.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sys
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    import subprocess

DEFAULT_PAGER = "less -FRX"
NOT_FOUND = (126, 127)  # a shell's status for a command it could not find or run
SHELL_SYNTAX = r"[|&;<>()$`*?\[\]{}#~\n]|^\w+="  # what only a shell can read (compiled only to start a pager)
_ESCAPE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")  # SGR and OSC 8 links take no room


def pager_command(environ: Mapping[str, str]) -> str | None:
    """The pager to use, or None when paging is turned off (NEUROLEG_PAGER or PAGER set but empty, or `cat`)."""
    command = environ.get("NEUROLEG_PAGER")
    if command is None:
        command = environ.get("PAGER", DEFAULT_PAGER)
    command = command.strip()
    return None if command in ("", "cat") else command


def terminal_rows(environ: Mapping[str, str]) -> int:
    """The terminal's height: $LINES, else stdout's window (24 when it cannot be asked)."""
    lines = environ.get("LINES", "")
    if lines.isdigit() and int(lines) > 0:
        return int(lines)
    try:
        return os.get_terminal_size(1).lines or 24
    except OSError:
        return 24


class RowCounter:
    """How many terminal rows text takes at a width, a long line wrapping onto several; fed chunk by chunk."""

    def __init__(self, width: int) -> None:
        self.width = max(1, width)
        self.rows = 0
        self.open = 0  # characters of the line not yet ended

    def add(self, text: str) -> int:
        """Count `text` in; the rows taken so far, an unfinished last line included."""
        *ended, last = _ESCAPE.sub("", text).split("\n")
        for line in ended:
            self.rows += max(1, -(-(self.open + len(line)) // self.width))
            self.open = 0
        self.open += len(last)
        return self.rows + (-(-self.open // self.width))


def taller_than_screen(chunks: Iterator[str], width: int, rows: int) -> tuple[list[str], bool]:
    """The chunks read until they fill more than a screen (`rows` less the prompt's line), and whether they do."""
    head: list[str] = []
    counter = RowCounter(width)
    for chunk in chunks:
        head.append(chunk)
        if counter.add(chunk) >= rows:
            return head, True
    return head, False


def start(command: str, environ: Mapping[str, str]) -> subprocess.Popen[bytes] | None:
    """The pager running with its standard input on a pipe, or None when it cannot start."""
    import subprocess  # only now: a page that fits, or a pipe, never loads it

    env = dict(environ)
    env.setdefault("LESS", "FRX")
    if re.search(SHELL_SYNTAX, command):
        argv = ["sh", "-c", command]
    else:
        import shlex

        try:
            argv = shlex.split(command)
        except ValueError:  # an unclosed quote: no command to run
            return None
        if not argv:  # only quotes, say: nothing to run
            return None
    try:
        return subprocess.Popen(argv, stdin=subprocess.PIPE, env=env)
    except (OSError, ValueError):  # not found, not executable, a NUL in it
        return None


def feed(process: subprocess.Popen[bytes], chunks: Iterable[str], encoding: str) -> list[str] | None:
    """Hand the page to the pager and wait for it to end; the chunks again if the pager never ran (status 127).

    The reader quitting early (a broken pipe) ends the page quietly. While the
    pager runs it owns the keyboard: Ctrl-C is the pager's to act on. Should
    making the page fail, the pager still gets the end of its input and is
    waited for, as git waits for its pager: never left behind on the terminal.
    """
    pipe: IO[bytes] | None = process.stdin
    assert pipe is not None  # started with stdin=PIPE
    kept: list[str] = []
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        for chunk in chunks:
            kept.append(chunk)
            pipe.write(chunk.encode(encoding, "replace"))
    except OSError:  # EPIPE: the reader quit; anything else: the pager's end of the pipe is gone all the same
        pass
    finally:
        with contextlib.suppress(OSError):  # the rest of a broken pipe's buffer, flushed on close
            pipe.close()
        status = process.wait()
        signal.signal(signal.SIGINT, previous)
    through_shell = isinstance(process.args, list) and process.args[:1] == ["sh"]
    return kept if status in NOT_FOUND and through_shell else None


def stdout_encoding() -> str:
    """What the terminal takes: stdout's encoding, as prepare_stdout set it up."""
    return getattr(sys.stdout, "encoding", None) or "utf-8"
