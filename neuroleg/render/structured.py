"""JSON, YAML and CSV: the formats for programs."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from neuroleg.sanitize import safe_line
from neuroleg.terminal import Terminal

if TYPE_CHECKING:
    from io import StringIO

    from neuroleg.render import View

# JSON escapes C0 controls itself; these pass through raw and can act on a terminal
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def render_json(view: View, terminal: Terminal) -> Iterator[str]:
    """Indented JSON, UTF-8, with terminal-active characters escaped as \\uXXXX."""
    text = json.dumps(view.data, indent=2, ensure_ascii=False)
    yield _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def render_yaml(view: View, terminal: Terminal) -> Iterator[str]:
    """Block-style YAML; non-ASCII is escaped so nothing unprintable reaches a terminal."""
    import yaml

    yield yaml.safe_dump(view.data, sort_keys=False, allow_unicode=False, default_flow_style=False, width=100)


def render_csv(view: View, terminal: Terminal) -> Iterator[str]:
    """One header row, then one row per record. Cells are data for programs, not formulas."""
    import csv  # only here: the other formats should not pay for it
    import io

    from neuroleg.render import FormatError

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
