"""JSON, YAML and CSV: the formats for programs."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from neuroleg.render.sanitize import FORMAT_CHARACTERS, safe_line
from neuroleg.render.terminal import Terminal

if TYPE_CHECKING:
    from io import StringIO

    from neuroleg.views.document import View

# JSON escapes C0 controls itself; these pass through raw and can act on a terminal
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{FORMAT_CHARACTERS}]")


def render_json(view: View, terminal: Terminal) -> Iterator[str]:
    """Indented JSON, UTF-8, with terminal-active characters escaped as \\uXXXX.

    On a stream that cannot take every character, all of non-ASCII is escaped:
    the same data, where the stream's own replacement would change it.
    """
    text = json.dumps(view.data, indent=2, ensure_ascii=not terminal.unicode)
    yield _JSON_UNSAFE.sub(_json_escape, text) + "\n"


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # JSON has only four-digit escapes: a pair of surrogates
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def render_yaml(view: View, terminal: Terminal) -> Iterator[str]:
    """Block-style YAML; non-ASCII is escaped so nothing unprintable reaches a terminal."""
    import yaml

    yield yaml.safe_dump(view.data, sort_keys=False, allow_unicode=False, default_flow_style=False, width=100)


def render_csv(view: View, terminal: Terminal) -> Iterator[str]:
    """One header row, then one row per record. Cells are data for programs, not formulas."""
    import csv  # only here: the other formats should not pay for it
    import io

    from neuroleg.errors import FormatError

    if view.rows is None:
        raise FormatError(f"'{view.name}' shows one record, not a list: use --format json or yaml")
    buffer = io.StringIO()
    columns = list(view.rows[0]) if view.rows else []
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    yield _take(buffer)
    for row in view.rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
        if buffer.tell() > 65536:  # stream long listings in chunks
            yield _take(buffer)
    yield _take(buffer)


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return safe_line(value)
    if isinstance(value, (list, tuple)):
        return "; ".join(safe_line(str(v)) for v in value)
    return "" if value is None else value


def _take(buffer: StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
