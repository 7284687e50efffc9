"""HTML: one self-contained page to print or share; knowledge-base text is always escaped, never markup.

No scripts, no external resources: a Content-Security-Policy in the page itself
(`default-src 'none'`) refuses any script or fetch, so even a mistake in the
escaping could not run anything or call out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html import escape
from typing import TYPE_CHECKING, NamedTuple

from neuroleg.render.body_map import body_map_svg
from neuroleg.render.terminal import Terminal
from neuroleg.views.document import (
    Bar,
    Bars,
    Block,
    BodyMap,
    Bullets,
    Fields,
    Grid,
    Heading,
    Inline,
    Matrix,
    Para,
    Styled,
    Title,
)

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
    "faint": "#dde7f1",  # where an open-ended bar fades to: decoration, the figure is always there as text
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


def _cards(table: str) -> str:
    """CSS that lays each row of a `table` out as a card, each value after its column's name (`data-label`)."""
    return (
        f"/* a card per row, for a table whose columns would not fit side by side */\n"
        f"table{table}, {table} caption, {table} tbody, {table} tr, {table} td, {table} th {{ display: block; }}\n"
        f"{table} thead {{ display: none; }}\n"
        f"{table} tr {{ border: 1px solid {_P['rule']}; padding: .3rem .6rem; margin-bottom: .6rem; }}\n"
        f"{table} td, {table} th {{ border: 0; padding: .1rem 0; }}\n"
        f'{table} [data-label]::before {{ content: attr(data-label) ": "; font-weight: 600; }}'
    )


CSS = f"""
:root {{ color-scheme: light; }}
html {{ background: {_P["paper"]}; color: {_P["ink"]}; }}
body {{ margin: 0 auto; max-width: 52rem; padding: 1.5rem 1rem 3rem; overflow-wrap: anywhere;
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
/* labels in a column as wide as the longest, up to a cap; the values take the rest and wrap, never the page */
dl {{ display: grid; grid-template-columns: minmax(0, max-content) minmax(0, 1fr); gap: .25rem 1rem; }}
dl > div {{ display: contents; }}
dt {{ font-weight: 600; max-width: 14rem; }}
dd {{ margin: 0; min-width: 0; }}
dl.stack {{ display: block; }}
dl.stack dt {{ max-width: none; }}
dl.stack dd {{ margin: 0 0 .4rem 1rem; }}
nav.toc {{ border: 1px solid {_P["rule"]}; padding: .4rem 1rem .6rem; margin: 1rem 0 1.5rem; }}
.toc-title {{ font-size: 1.15rem; font-weight: 700; margin: .3rem 0 .4rem; }}
nav.toc ol {{ margin: 0; padding-left: 1.4rem; }}
nav.toc li + li {{ margin-top: .1rem; }}
@media (min-width: 48rem) {{
  nav.toc > ol {{ columns: 2; column-gap: 2.5rem; }}
  nav.toc > ol > li {{ break-inside: avoid; }}
}}
table {{ border-collapse: collapse; width: 100%; margin: .75rem 0 1.25rem; font-size: .95rem; }}
caption {{ text-align: left; font-weight: 600; padding-bottom: .4rem; }}
/* a cell breaks between words (and inside a long one only at its <wbr>), so columns stay as wide as their words */
th, td {{ border: 1px solid {_P["rule"]}; padding: .35rem .5rem; text-align: left; vertical-align: top;
  overflow-wrap: break-word; hyphens: auto; }}
thead th {{ background: {_P["head"]}; }}
@media (min-width: 48rem) {{ th.wide {{ min-width: 12rem; }} }}
table.matrix td {{ text-align: center; }}
mark {{ background: {_P["mark"]}; color: {_P["ink"]}; font-weight: 600; padding: 0 .1em; }}
.chart td.range {{ width: 55%; vertical-align: middle; }}
.chart td:last-child {{ white-space: nowrap; }}
.track {{ position: relative; height: 1.1rem; border: 1px solid {_P["muted"]}; background: {_P["paper"]}; }}
.bar {{ position: absolute; top: 0; height: 0; min-width: 4px; border-top: 1.1rem solid {_P["bar"]}; }}
.bar.point {{ margin-left: -2px; }}
/* an open end ("up to 50%": 0 is no bound) fades out; the end that is a bound is a solid edge */
.open-low, .open-high {{ border-top: 0; height: 1.1rem; box-sizing: border-box; }}
.open-low {{ background: linear-gradient(to right, {_P["faint"]}, {_P["bar"]}); border-right: 4px solid {_P["bar"]}; }}
.open-high {{ background: linear-gradient(to left, {_P["faint"]}, {_P["bar"]}); border-left: 4px solid {_P["bar"]}; }}
.bar, .swatch {{ print-color-adjust: exact; -webkit-print-color-adjust: exact; }}
.swatch {{ display: inline-block; width: 3rem; height: .9rem; vertical-align: middle; }}
.key {{ font-size: .95rem; color: {_P["muted"]}; margin-top: -.75rem; }}
.axis {{ display: flex; justify-content: space-between; font-weight: normal; color: {_P["muted"]}; }}
.sr-only {{ position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%);
  white-space: nowrap; }}
.body-map {{ display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; align-items: flex-start; margin: .75rem 0 1.25rem; }}
.body-map svg {{ flex: 0 1 9rem; max-width: 220px; height: auto; }}
.body-map figcaption {{ flex: 1 1 14rem; min-width: 0; }}
.body-map figcaption p {{ margin-top: 0; }}
@media (max-width: 36rem) {{
  dl {{ display: block; }}
  dt {{ max-width: none; }}
  dd {{ margin: 0 0 .4rem 1rem; }}
  {_cards(".cards")}
}}
{_cards(".many")}
@media print {{
  html, body, thead th, .note, mark, .track {{ background: none !important; }}
  body {{ max-width: none; padding: 0; font-size: 11pt; color: #000; }}
  a {{ color: #000; }}
  a[href]:not(.bare):not([href^="#"])::after {{ content: " (" attr(href) ")"; }}
  h1, h2, h3, h4, h5, h6 {{ break-after: avoid; page-break-after: avoid; }}
  tr, dl > div, li, .note, .chart, .body-map {{ break-inside: avoid; page-break-inside: avoid; }}
  nav.toc {{ border: 0; padding: 0; }}
  nav.toc > ol {{ columns: 2; column-gap: 2rem; }}  /* the list is long, and paper has no scrolling */
  nav.toc > ol > li {{ break-inside: avoid; }}
  thead {{ display: table-header-group; }}
  table {{ font-size: 9.5pt; }}
  th, td {{ padding: .25rem .35rem; }}
  p, li {{ orphans: 3; widows: 3; }}
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
MOST_WIDE_COLUMNS = 3  # each wide column is kept to a readable width, as long as the page has room for them all
MOST_COLUMNS = 6  # a table with more columns than this is cards at any width: a column per cause cannot fit
CARDS_FROM_COLUMNS = 3  # a table this wide is a card per row on a narrow screen: its words would not fit beside
STACK_LABELS_OVER = 32  # characters: a label this long would squeeze its value, so each value goes under its label


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


class _Section(NamedTuple):
    """A heading as the page nests it: its level, the id a link finds it by, and its text."""

    level: int
    ident: str
    text: str


def _outline(blocks: tuple[Block, ...]) -> dict[int, _Section]:
    """The section each heading opens, by the heading's place among the blocks: one h1, and no level skipped."""
    sections: dict[int, _Section] = {}
    level, has_h1 = 1, False
    for i, block in enumerate(blocks):
        if isinstance(block, Title) and not has_h1:
            has_h1 = True
        elif isinstance(block, Title | Heading):
            wanted = block.level if isinstance(block, Heading) else 2  # a second title becomes a section
            level = max(2, min(wanted, level + 1, 6))
            anchor = block.anchor if isinstance(block, Heading) else ""  # a section's own id, else a numbered one
            sections[i] = _Section(level, anchor or f"section-{len(sections) + 1}", block.text)
    return sections


def _body(blocks: tuple[Block, ...]) -> Iterator[str]:
    """Headings open nested sections (for print breaks and landmarks); a page that asks for its contents lists
    them, linked, before the first section."""
    outline = _outline(blocks)
    contents = any(isinstance(b, Title) and b.contents for b in blocks) and bool(outline)
    open_levels: list[int] = []
    context = ""  # the nearest heading, the caption of a table that has none of its own
    maps = 0
    for i, block in enumerate(blocks):
        if i in outline:
            level, ident, text = outline[i]
            closing = ""
            while open_levels and open_levels[-1] >= level:
                open_levels.pop()
                closing += "</section>\n"
            if contents:
                closing, contents = closing + _contents(list(outline.values())), False
            open_levels.append(level)
            context = text
            page = ' class="new-page"' if isinstance(block, Heading) and block.new_page else ""
            yield (
                f'{closing}<section aria-labelledby="{ident}"{page}>\n<h{level} id="{ident}">{_esc(text)}</h{level}>\n'
            )
        elif isinstance(block, BodyMap):
            maps += 1
            yield _body_map(block, f"body-map-{maps}")
        elif isinstance(block, Title):
            context = block.text
            yield f"<h1>{_esc(block.text)}</h1>\n"
        else:
            yield _block(block, context)
    yield "</section>\n" * len(open_levels)


def _contents(sections: list[_Section]) -> str:
    """A linked list of the sections, nested as the headings are."""
    out = ['<nav class="toc" aria-label="Contents">\n<p class="toc-title">Contents</p>\n<ol>\n']
    levels = [sections[0].level]
    for n, (level, ident, text) in enumerate(sections):
        if n and level > levels[-1]:
            out.append("\n<ol>\n")
            levels.append(level)
        elif n:
            out.append("</li>\n")
            while level < levels[-1]:
                levels.pop()
                out.append("</ol>\n</li>\n")
        out.append(f'<li><a href="#{ident}">{_breakable(text)}</a>')
    out.append("</li>\n" + "</ol>\n</li>\n" * (len(levels) - 1) + "</ol>\n</nav>\n")
    return "".join(out)


def _block(block: Block, context: str) -> str:
    if isinstance(block, Para):
        lines = [line for line in block.text.split("\n") if line.strip()]
        if block.note:
            return "".join(f'<p class="note" role="note"><strong>Note:</strong> {_text(p)}</p>\n' for p in lines)
        return "".join(f"<p>{_text(p)}</p>\n" for p in lines)
    if isinstance(block, Fields):
        pairs = "".join(f"<div><dt>{_esc(k)}</dt><dd>{_text(v)}</dd></div>\n" for k, v in block.pairs)
        stack = ' class="stack"' if any(len(k) > STACK_LABELS_OVER for k, _ in block.pairs) else ""
        return f"<dl{stack}>\n{pairs}</dl>\n"
    if isinstance(block, Bullets):
        return "<ul>\n" + "".join(f"<li>{_text(item)}</li>\n" for item in block.items) + "</ul>\n"
    if isinstance(block, Grid):
        return _table(block, context)
    if isinstance(block, Bars):
        return _chart(block, context)
    if isinstance(block, Matrix):
        return _matrix(block)
    return ""


def _matrix(matrix: Matrix) -> str:
    """A table with each column and row named by a header (what a screen reader reads out with each cell), each
    mark spelt out, and its legend below as a list of terms."""
    words = {m.key: m.word for m in matrix.marks}
    head = "".join(f'<th scope="col">{_breakable(c)}</th>' for c in (matrix.corner, *matrix.columns))
    body = "".join(
        f'<tr><th scope="row">{_breakable(name)}</th>'
        + "".join(f"<td>{_esc(words.get(c, c))}</td>" for c in cells)
        + "</tr>\n"
        for name, cells in matrix.rows
    )
    legend = "".join(f"<div><dt>{_esc(m.word)}</dt><dd>{_esc(m.meaning)}</dd></div>\n" for m in matrix.marks)
    legend += f"<div><dt>an empty cell</dt><dd>{_esc(matrix.empty)}</dd></div>\n"
    return (
        f'<table class="matrix">\n<caption>{_esc(matrix.caption)}</caption>\n<thead>\n<tr>{head}</tr>\n</thead>\n'
        f"<tbody>\n{body}</tbody>\n</table>\n"
        f'<dl aria-label="What the marks mean">\n{legend}</dl>\n'
    )


def _body_map(block: BodyMap, ident: str) -> str:
    """The map of the legs beside its caption, which says the same in words with each source."""
    svg = body_map_svg(block, f"{ident}-title", _P["bar"], _P["ink"], _P["rule"])
    sources = "".join(f"<li>{_text(s)}</li>" for s in block.sources)
    key = "The map shows the legs from the front; the shaded parts are where it is felt."
    caption = f"<figcaption><p>{_text(block.caption)} {key}</p><ul>{sources}</ul></figcaption>"
    return f'<figure class="body-map">{svg}\n{caption}</figure>\n'


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
            wide = ' class="wide"' if i in grid.wide and len(grid.wide) <= MOST_WIDE_COLUMNS else ""
            head.append(f'<th scope="col"{wide}>{_breakable(column)}</th>')
    cards = len(grid.columns) >= CARDS_FROM_COLUMNS
    labels = [f' data-label="{_esc(c)}"' if cards and c.strip() else "" for c in grid.columns]
    body = []
    for row in grid.rows:
        cells = [
            f'<th scope="row"{label}>{_cell(c)}</th>' if i == 0 and row_headers else f"<td{label}>{_cell(c)}</td>"
            for i, (c, label) in enumerate(zip(row, labels, strict=True))
        ]
        body.append("<tr>" + "".join(cells) + "</tr>\n")
    kind = ' class="cards many"' if len(grid.columns) > MOST_COLUMNS else ' class="cards"' if cards else ""
    return (
        f"<table{kind}>\n{_caption(grid.caption, context)}<thead>\n<tr>{''.join(head)}</tr>\n</thead>\n"
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
        rows.append(
            f'<tr><th scope="row">{_breakable(bar.label)}</th>'
            f'<td class="range"><div class="track" aria-hidden="true">{_drawn(bar, chart.scale)}</div></td>'
            f"<td>{_breakable(bar.text)}</td></tr>\n"
        )
    return (
        f'<table class="chart">\n{_caption("", context)}'
        f'<thead>\n<tr><td></td><th scope="col">{axis}</th><th scope="col">Figure</th></tr>\n</thead>\n'
        f"<tbody>\n{''.join(rows)}</tbody>\n</table>\n{_chart_key(chart)}"
    )


def _drawn(bar: Bar, scale: float) -> str:
    """A bar from its low to its high end; an open end fades out, so "up to 50%" does not read as a solid 0-50."""
    low, high = _percent(bar.low, scale), _percent(bar.high, scale)
    kind = " point" if high <= low else f" open-{bar.open}" if bar.open else ""
    return f'<span class="bar{kind}" style="left:{low:.2f}%;width:{high - low:.2f}%"></span>'


def _chart_key(chart: Bars) -> str:
    """What a fading bar means, said once under a chart that has one, beside a sample of it."""
    ends, top = {bar.open for bar in chart.bars}, f"{chart.scale:g}{chart.unit}"
    keys = {
        "low": f'A bar that fades out toward 0 is an "up to" figure: anywhere from 0{chart.unit} to where it ends.',
        "high": f'A bar that fades out toward {top} is an "at least" figure: anywhere from where it starts to {top}.',
    }
    return "".join(
        f'<p class="key"><span class="swatch open-{end}" aria-hidden="true"></span> {_esc(key)}</p>\n'
        for end, key in keys.items()
        if end in ends
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
