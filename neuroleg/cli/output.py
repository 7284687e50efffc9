"""The one writer of standard output; a reader that goes away ends us quietly."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, NoReturn, TextIO

from neuroleg.exitcodes import ExitCode

if TYPE_CHECKING:
    from neuroleg.render.terminal import Terminal


def prepare_stdout() -> None:
    """Before any command writes: text the locale's encoding lacks is replaced, so a non-UTF-8 locale still
    gets an answer."""
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")


def write(chunks: Iterable[str], stream: TextIO | None = None) -> None:
    """Write text chunks as they come; on a closed pipe stop without a word.

    Output that cannot be written at all (stdout closed with `>&-`, a full
    disk) is a short error and exit status 2, never a traceback.
    """
    out = stream or sys.stdout
    if out is None:  # started with file descriptor 1 closed: Python gives no stream at all
        _cannot_write("standard output is closed")
    batch: list[str] = []
    size = 0
    for chunk in chunks:  # rendering runs here, outside the guard: an error of its own is a bug, not the stream's
        batch.append(chunk)
        size += len(chunk)
        if size >= BATCH:
            _guarded(out, out.write, "".join(batch))
            batch, size = [], 0
    if batch:
        _guarded(out, out.write, "".join(batch))
    _guarded(out, out.flush)


def write_page(chunks: Iterable[str], terminal: Terminal, environ: Mapping[str, str]) -> None:
    """Write a page for someone to read: through the pager when stdout is a terminal and the page is taller
    than it (neuroleg/cli/pager.py), else as `write` does. A pager that cannot start leaves the page printed
    here; one the reader quits early ends us quietly, like a closed pipe."""
    if not terminal.is_tty:  # piped: nothing more to decide or import
        write(chunks)
        return
    from itertools import chain

    from neuroleg.cli import pager

    command = pager.pager_command(environ)
    if command is None:
        write(chunks)
        return
    rest = iter(chunks)
    head, tall = pager.taller_than_screen(rest, terminal.width, pager.terminal_rows(environ))
    process = pager.start(command, environ) if tall else None
    if process is None:
        write(chain(head, rest))
        return
    _guarded(sys.stdout, sys.stdout.flush)  # anything written before comes first
    unread = pager.feed(process, chain(head, rest), pager.stdout_encoding())
    if unread is not None:  # the shell could not find the pager: the page, printed here after all
        write(chain(unread, rest))


BATCH = 65536  # characters gathered before a write: a write per chunk (a block each) costs more than rendering it


def _guarded(out: TextIO, action: Callable[..., object], *args: str) -> None:
    """Do one write or flush; a gone reader ends us quietly, a broken stream with a short error."""
    try:
        action(*args)
    except BrokenPipeError:
        silence(out)
        raise SystemExit(ExitCode.OK) from None  # the reader has what it wanted
    except UnicodeError:  # text the stream cannot encode: a bug of ours, not a closed stream
        raise
    except ValueError:  # the stream object was closed
        _cannot_write("standard output is closed")
    except OSError as exc:  # ENOSPC, EIO, EBADF...
        silence(out)
        _cannot_write(exc.strerror or str(exc))


def _cannot_write(reason: str) -> NoReturn:
    error(f"neuroleg: cannot write the output: {reason}")
    raise SystemExit(ExitCode.USAGE)


def silence(stream: TextIO) -> None:
    """Point a dead stream at /dev/null so the interpreter's final flush cannot complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (CliRunner): nothing to silence
        pass


MAX_ERROR_LINE = 300  # a message quoting a 100,000-character argument stays readable


def error(message: str) -> None:
    """A message on standard error, each line cut to a readable length; silent if stderr is gone."""
    lines = [clip(line) for line in message.rstrip("\n").split("\n")]
    try:
        sys.stderr.write("\n".join(lines) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):  # closed (None), a broken pipe, a full disk: nowhere to say it
        pass


def clip(line: str, limit: int = MAX_ERROR_LINE) -> str:
    """`line`, or its start and a note of how much was cut when it is longer than `limit`."""
    if len(line) <= limit:
        return line
    keep = limit - 40
    return f"{line[:keep]}… ({len(line) - keep:,} more characters)"


def read_reply(prompt: str, stream: TextIO | None = None) -> str | None:
    """Write `prompt` (through `write`, like every other output), then read one line of standard input.

    None at end of input. A byte the input's encoding cannot read makes an empty reply, to be asked again.
    """
    write([prompt])
    try:
        line = (stream or sys.stdin).readline()
    except UnicodeDecodeError:
        return ""
    return line.rstrip("\r\n") if line else None
