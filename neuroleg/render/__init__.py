"""One renderer per output format, looked up in a single registry.

Every renderer takes a `View` and the `Terminal` facts and yields text; only
`neuroleg.cli.output` writes it. Renderer modules are imported on demand, so the
plain and JSON paths never load Rich or PyYAML.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator

from neuroleg.render.terminal import Terminal
from neuroleg.views.document import View

FORMATS: dict[str, str] = {
    "table": "neuroleg.render.table",
    "plain": "neuroleg.render.plain",
    "json": "neuroleg.render.structured:render_json",
    "yaml": "neuroleg.render.structured:render_yaml",
    "csv": "neuroleg.render.structured:render_csv",
    "markdown": "neuroleg.render.markdown",
    "html": "neuroleg.render.html",
}
TEXT_FORMATS = {"table", "plain", "markdown", "html"}


def render(view: View, fmt: str, terminal: Terminal) -> Iterator[str]:
    """The text of `view` in format `fmt`."""
    module_name, _, function = FORMATS[fmt].partition(":")
    renderer = getattr(importlib.import_module(module_name), function or "render")
    if fmt == "table" and view.screen is not None:
        view = View(view.name, view.data, view.screen, view.rows)
    if fmt in TEXT_FORMATS:
        from neuroleg.render.sanitize import ascii_punctuation, safe_text

        # the one place where knowledge-base text enters a human-facing rendering
        # an HTML page says it is UTF-8 and keeps its punctuation; text for an ASCII stdout takes ASCII's
        ascii_only = not terminal.unicode and fmt != "html"
        shown = (lambda text: ascii_punctuation(safe_text(text))) if ascii_only else safe_text
        view = View(view.name, view.data, tuple(b.map_text(shown) for b in view.blocks), view.rows)
    result: Iterator[str] = renderer(view, terminal)
    return result
