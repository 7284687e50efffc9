"""The one writer of standard output; a reader that goes away ends us quietly."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import TextIO

from neuroleg.exitcodes import ExitCode


def write(chunks: Iterable[str], stream: TextIO | None = None) -> None:
    """Write text chunks as they come; on a closed pipe stop without a word."""
    out = stream or sys.stdout
    try:
        for chunk in chunks:
            out.write(chunk)
        out.flush()
    except BrokenPipeError:
        silence(out)
        raise SystemExit(ExitCode.OK) from None  # the reader has what it wanted


def silence(stream: TextIO) -> None:
    """Point a dead stream at /dev/null so the interpreter's final flush cannot complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (CliRunner): nothing to silence
        pass


def error(message: str) -> None:
    """One message on standard error."""
    try:
        sys.stderr.write(message.rstrip("\n") + "\n")
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        pass
