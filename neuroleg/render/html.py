"""HTML: one self-contained page to print or share; knowledge-base text is always escaped, never markup.

No scripts, no external resources: a Content-Security-Policy in the page itself
(`default-src 'none'`) refuses any script or fetch, so even a mistake in the
escaping could not run anything or call out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html import escape
from typing import TYPE_CHECKING

from neuroleg.render.terminal import Terminal
from neuroleg.views.document import Bars, Block, Bullets, Fields, Grid, Heading, Inline, Para, Styled, Title

if TYPE_CHECKING:
    from neuroleg.views.document import View

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

# Colours, named so tests can check their contrast (WCAG AA: 4.5:1 for text, 3:1 for the chart's bars).
PALETTE: dict[str, str] = {
    "ink": "#1a1a1a",
    "paper": "#ffffff",
    "link": "#0b4f8a",
    "muted": "#595959",
    "rule": "#8c8c8c",
    "note": "#eef3f8",
    "head": "#e3eaf3",
    "mark": "#ffe066",
    "bar": "#1f5a96",
}
CONTRAST: tuple[tuple[str, str, float], ...] = (
    ("ink", "paper", 4.5),
    ("ink", "note", 4.5),
    ("ink", "head", 4.5),
    ("ink", "mark", 4.5),
    ("link", "paper", 4.5),
    ("link", "note", 4.5),
    ("muted", "paper", 4.5),
    ("bar", "paper", 3.0),
)

_P = PALETTE
CSS = f"""
:root {{ color-scheme: light; }}
html {{ background: {_P["paper"]}; color: {_P["ink"]}; }}
body {{ margin: 0 auto; max-width: 52rem; padding: 1.5rem 1rem 3rem; overflow-wrap: break-word;
  font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }}
h1 {{ font-size: 1.9rem; line-height: 1.2; margin: 0 0 1rem; }}
h2 {{ font-size: 1.35rem; line-height: 1.3; margin: 2rem 0 .5rem; padding-bottom: .2rem;
  border-bottom: 1px solid {_P["rule"]}; }}
h3 {{ font-size: 1.15rem; margin: 1.4rem 0 .4rem; }}
h4, h5, h6 {{ font-size: 1rem; margin: 1.1rem 0 .3rem; }}
p, ul, dl {{ margin: .5rem 0 .9rem; }}
li + li {{ margin-top: .25rem; }}
a {{ color: {_P["link"]}; overflow-wrap: anywhere; }}
.note {{ background: {_P["note"]}; border-left: 4px solid {_P["link"]}; padding: .6rem .9rem; }}
dl {{ display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }}
dl > div {{ display: contents; }}
dt {{ font-weight: 600; }}
dd {{ margin: 0; }}
table {{ border-collapse: collapse; width: 100%; margin: .75rem 0 1.25rem; font-size: .95rem; }}
caption {{ text-align: left; font-weight: 600; padding-bottom: .4rem; }}
th, td {{ border: 1px solid {_P["rule"]}; padding: .35rem .5rem; text-align: left; vertical-align: top;
  overflow-wrap: break-word; }}
thead th {{ background: {_P["head"]}; }}
th.wide {{ min-width: 12rem; }}
mark {{ background: {_P["mark"]}; color: {_P["ink"]}; font-weight: 600; padding: 0 .1em; }}
.chart td.range {{ width: 55%; vertical-align: middle; }}
.chart td:last-child {{ white-space: nowrap; }}
.track {{ position: relative; height: 1.1rem; border: 1px solid {_P["muted"]}; background: {_P["paper"]}; }}
.bar {{ position: absolute; top: 0; height: 0; min-width: 4px; border-top: 1.1rem solid {_P["bar"]}; }}
.bar.point {{ margin-left: -2px; }}
.axis {{ display: flex; justify-content: space-between; font-weight: normal; color: {_P["muted"]}; }}
.sr-only {{ position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%);
  white-space: nowrap; }}
@media (max-width: 36rem) {{ dl {{ display: block; }} dd {{ margin: 0 0 .4rem 1rem; }} }}
@media print {{
  html, body, thead th, .note, mark, .track {{ background: none !important; }}
  body {{ max-width: none; padding: 0; font-size: 11pt; color: #000; }}
  a {{ color: #000; }}
  a[href]:not(.bare)::after {{ content: " (" attr(href) ")"; }}
  h1, h2, h3, h4, h5, h6 {{ break-after: avoid; page-break-after: avoid; }}
  table, tr, dl, ul, .note, section section {{ break-inside: avoid; page-break-inside: avoid; }}
  thead {{ display: table-header-group; }}
  .new-page {{ break-before: page; page-break-before: always; }}
  .note {{ border: 1px solid #000; border-left-width: 4px; }}
  @page {{ margin: 16mm 15mm; }}
}}
""".strip()

# A bare link only from text that starts with http(s):// and a host; closing punctuation stays text.
_URL = re.compile(r"https?://[\w.-]+[^\s<>\"'`]*")
_TRAILING = ".,;:!?)]}"
# a word this long would stretch a table past the page: it gets break opportunities every _CHUNK characters
_LONG_WORD = re.compile(r"\S{24,}")
_CHUNK = 12


def render(view: View, terminal: Terminal) -> Iterator[str]:
    """The blocks of a view as one complete, self-contained HTML document."""
    title = next((b.text for b in view.blocks if isinstance(b, Title)), view.name)
    yield (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{escape(CSP)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="generator" content="neuroleg">\n'
        f"<title>{_esc(title)} - neuroleg</title>\n"
        f"<style>\n{CSS}\n</style>\n</head>\n<body>\n<main>\n"
    )
    yield from _body(view.blocks)
    yield "</main>\n</body>\n</html>\n"


def _body(blocks: tuple[Block, ...]) -> Iterator[str]:
    """Headings open nested sections (for print breaks and landmarks); one h1, and no level skipped."""
    open_levels: list[int] = []
    context = ""  # the nearest heading, the caption of a table that has none of its own
    has_h1 = False
    sections = 0
    for block in blocks:
        if isinstance(block, Title) and not has_h1:
            has_h1, context = True, block.text
            yield f"<h1>{_esc(block.text)}</h1>\n"
        elif isinstance(block, Title | Heading):
            wanted = block.level if isinstance(block, Heading) else 2  # a second title becomes a section
            level = max(2, min(wanted, (open_levels[-1] if open_levels else 1) + 1, 6))
            closing = ""
            while open_levels and open_levels[-1] >= level:
                open_levels.pop()
                closing += "</section>\n"
            open_levels.append(level)
            context = block.text
            sections += 1
            anchor = block.anchor if isinstance(block, Heading) else ""  # a section's own id, else a numbered one
            ident = anchor or f"section-{sections}"
            page = ' class="new-page"' if isinstance(block, Heading) and block.new_page else ""
            yield (
                f'{closing}<section aria-labelledby="{ident}"{page}>\n'
                f'<h{level} id="{ident}">{_esc(block.text)}</h{level}>\n'
            )
        else:
            yield _block(block, context)
    yield "</section>\n" * len(open_levels)


def _block(block: Block, context: str) -> str:
    if isinstance(block, Para):
        lines = [line for line in block.text.split("\n") if line.strip()]
        if block.note:
            return "".join(f'<p class="note" role="note"><strong>Note:</strong> {_text(p)}</p>\n' for p in lines)
        return "".join(f"<p>{_text(p)}</p>\n" for p in lines)
    if isinstance(block, Fields):
        pairs = "".join(f"<div><dt>{_esc(k)}</dt><dd>{_text(v)}</dd></div>\n" for k, v in block.pairs)
        return f"<dl>\n{pairs}</dl>\n"
    if isinstance(block, Bullets):
        return "<ul>\n" + "".join(f"<li>{_text(item)}</li>\n" for item in block.items) + "</ul>\n"
    if isinstance(block, Grid):
        return _table(block, context)
    if isinstance(block, Bars):
        return _chart(block, context)
    return ""


def _caption(own: str, context: str) -> str:
    """A table's own caption shows; one borrowed from the heading above is for screen readers only."""
    if own.strip():
        return f"<caption>{_esc(own)}</caption>\n"
    return f'<caption class="sr-only">{_esc(context or "Table")}</caption>\n'


def _table(grid: Grid, context: str) -> str:
    # an unnamed first column (compare's aspects) labels its rows
    row_headers = bool(grid.columns) and not grid.columns[0].strip()
    head = []
    for i, column in enumerate(grid.columns):
        if i == 0 and row_headers:
            head.append("<td></td>")
        else:
            wide = ' class="wide"' if i in grid.wide else ""
            head.append(f'<th scope="col"{wide}>{_breakable(column)}</th>')
    body = []
    for row in grid.rows:
        cells = [
            f'<th scope="row">{_cell(c)}</th>' if i == 0 and row_headers else f"<td>{_cell(c)}</td>"
            for i, c in enumerate(row)
        ]
        body.append("<tr>" + "".join(cells) + "</tr>\n")
    return (
        f"<table>\n{_caption(grid.caption, context)}<thead>\n<tr>{''.join(head)}</tr>\n</thead>\n"
        f"<tbody>\n{''.join(body)}</tbody>\n</table>\n"
    )


def _chart(chart: Bars, context: str) -> str:
    """Ranges as CSS bars in a table: the figure is always there as text, the bar is decoration."""
    unit = _esc(chart.unit)
    axis = (
        '<span class="axis"><span><span class="sr-only">Range on a scale from </span>0</span>'
        f'<span><span class="sr-only"> to </span>{chart.scale:g}{unit}</span></span>'
    )
    rows = []
    for bar in chart.bars:
        low, high = _percent(bar.low, chart.scale), _percent(bar.high, chart.scale)
        point = " point" if high <= low else ""
        drawn = f'<span class="bar{point}" style="left:{low:.2f}%;width:{high - low:.2f}%"></span>'
        rows.append(
            f'<tr><th scope="row">{_breakable(bar.label)}</th>'
            f'<td class="range"><div class="track" aria-hidden="true">{drawn}</div></td>'
            f"<td>{_breakable(bar.text)}</td></tr>\n"
        )
    return (
        f'<table class="chart">\n{_caption("", context)}'
        f'<thead>\n<tr><td></td><th scope="col">{axis}</th><th scope="col">Figure</th></tr>\n</thead>\n'
        f"<tbody>\n{''.join(rows)}</tbody>\n</table>\n"
    )


def _percent(value: float, scale: float) -> float:
    return max(0.0, min(100.0, value / scale * 100)) if scale > 0 else 0.0


def _cell(value: Inline) -> str:
    if isinstance(value, Styled):
        return "".join(f"<mark>{_breakable(t)}</mark>" if bold else _breakable(t) for t, bold in value.spans)
    return _text(value, _breakable)


def _esc(text: str) -> str:
    return escape(text, quote=True)


def _breakable(text: str) -> str:
    """Escaped text with <wbr> inside very long words; each piece is escaped on its own, so no entity is split."""
    out, pos = [], 0
    for match in _LONG_WORD.finditer(text):
        word = match.group()
        out.append(_esc(text[pos : match.start()]))
        out.append("<wbr>".join(_esc(word[i : i + _CHUNK]) for i in range(0, len(word), _CHUNK)))
        pos = match.end()
    out.append(_esc(text[pos:]))
    return "".join(out)


def _text(text: str, esc: Callable[[str], str] = _esc) -> str:
    """Escaped text in which bare http(s) addresses become links (the address is escaped in both places)."""
    out, pos = [], 0
    for match in _URL.finditer(text):
        url = match.group().rstrip(_TRAILING)
        out.append(esc(text[pos : match.start()]))
        out.append(f'<a class="bare" href="{_esc(url)}">{esc(url)}</a>')
        pos = match.start() + len(url)
    out.append(esc(text[pos:]))
    return "".join(out)
