"""Read the terminal facts once at start-up (a stream and the environment), to pass down to every renderer."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TextIO

from neuroleg.render.terminal import DEFAULT_WIDTH, Terminal


def detect_terminal(stream: TextIO, environ: Mapping[str, str]) -> Terminal:
    """The facts of `stream` under `environ` (NO_COLOR, FORCE_COLOR, TERM, COLUMNS)."""
    try:
        is_tty = stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        is_tty = False
    forced = bool(environ.get("FORCE_COLOR"))  # non-empty counts, as Rich reads it
    dumb = environ.get("TERM") == "dumb"
    color = (is_tty or forced) and not environ.get("NO_COLOR") and not dumb
    return Terminal(
        is_tty=is_tty, color=color, width=_width(environ, is_tty), unicode=_utf8(stream), styled=is_tty or forced
    )


def _width(environ: Mapping[str, str], is_tty: bool) -> int:
    columns = environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if is_tty:
        try:
            return os.get_terminal_size(1).columns or DEFAULT_WIDTH  # stdout's own window
        except OSError:
            return DEFAULT_WIDTH
    return DEFAULT_WIDTH


def _utf8(stream: TextIO) -> bool:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    return encoding.lower().replace("_", "-") in {"utf-8", "utf8", "utf-8-sig"}
