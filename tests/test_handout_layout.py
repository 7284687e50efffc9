"""The handout lays out: a linked table of contents, and every block within the page on a wide screen, a phone and
paper, measured in a real browser (headless Chromium); open-ended figures drawn as open-ended."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import Page, invoke, ok
from test_format_html_browser import CHROMIUM, browser

from neuroleg.render import View, render
from neuroleg.render.html import CSS
from neuroleg.render.terminal import Terminal
from neuroleg.views.document import Bar, Bars, Fields, Grid, Heading, Title

HEADING = re.compile(r"h[2-6]")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium: install Debian's chromium package")


def handout(tmp_path: Path, *args: str) -> str:
    """`neuroleg export -f html` as written to a file."""
    target = tmp_path / "handout.html"
    result = invoke("export", "-f", "html", "-o", str(target), *args)
    assert result.exit_code == 0, result.stderr
    return target.read_text(encoding="utf-8")


def rendered(*blocks: Any) -> str:
    return "".join(render(View("test", None, tuple(blocks)), "html", Terminal(is_tty=False, color=False, width=80)))


# the table of contents


def test_the_handout_links_every_section_from_its_contents(tmp_path: Path) -> None:
    page = Page(handout(tmp_path))
    nav = page.one("nav")
    assert nav.attrs == {"class": "toc", "aria-label": "Contents"}
    sections = [e for e in page.elements if HEADING.fullmatch(e.tag) and "nav" not in e.parents]
    ids = [h.attrs["id"] for h in sections]
    assert len(ids) == len(set(ids)) >= 40  # every heading has an id of its own
    links = [a for a in page.all("a") if "nav" in a.parents]
    assert [a.attrs["href"] for a in links] == [f"#{i}" for i in ids]  # each section, in order, and nothing else
    assert [a.content() for a in links] == [h.content() for h in sections]
    # nested as the headings are: an h2's link in the first list, an h3's in a list inside it...
    assert [a.parents.count("ol") for a in links] == [int(h.tag[1]) - 1 for h in sections]
    assert page.problems == []


def test_the_contents_come_after_the_introduction_and_before_the_first_section(tmp_path: Path) -> None:
    source = handout(tmp_path)
    assert source.index("<h1>") < source.index('<p class="note"') < source.index("<nav") < source.index("<section")
    assert source.index("</nav>") < source.index('<h2 id="section-1">Overview</h2>')


def test_a_handout_of_one_cause_lists_only_its_sections(tmp_path: Path) -> None:
    page = Page(handout(tmp_path, "--cause", "alcohol"))
    links = [a.content() for a in page.all("a") if "nav" in a.parents]
    assert links[0] == "Overview" and "Heavy alcohol use" in links
    assert "Diabetes" not in links and "Chemotherapy" not in links


def test_reading_pages_have_no_contents() -> None:
    assert "<nav" not in ok("show", "diabetes", "-f", "html")
    assert "<nav" not in ok("stats", "-f", "html")


def test_contents_nest_back_out_after_a_deep_section() -> None:
    page = Page(
        rendered(
            Title("T", contents=True),
            Heading("A"),
            Heading("A1", 3),
            Heading("A1a", 4),
            Heading("B"),
            Heading("B1", 3),
        )
    )
    assert page.problems == []
    links = page.all("a")
    assert [(a.content(), a.parents.count("ol")) for a in links] == [
        ("A", 1),
        ("A1", 2),
        ("A1a", 3),
        ("B", 1),
        ("B1", 2),
    ]
    assert [a.attrs["href"] for a in links] == [f"#section-{n}" for n in range(1, 6)]


# what the style sheet says (the browser tests below measure what it does)


def test_fields_keep_their_values_within_the_page() -> None:
    assert "grid-template-columns: minmax(0, max-content) minmax(0, 1fr)" in CSS
    assert re.search(r"dt \{[^}]*max-width: 14rem", CSS)
    narrow = CSS[CSS.index("@media (max-width: 36rem)") :]
    assert "dl { display: block; }" in narrow


def test_a_long_label_puts_each_value_under_its_label() -> None:
    long_label = "Symptoms of peripheral neuropathy in general (NINDS)"
    assert '<dl class="stack">' in rendered(Fields(((long_label, "Numbness"),)))
    assert "<dl>" in rendered(Fields((("Made", "today"),)))


def test_tables_of_three_or_more_columns_become_cards_on_a_narrow_screen() -> None:
    source = rendered(Grid(("Cause", "Figure", "Source"), (("Diabetes", "60-70%", "NINDS"),)))
    assert '<table class="cards">' in source
    assert '<td data-label="Cause">Diabetes</td><td data-label="Figure">60-70%</td>' in source
    assert "<table>" in rendered(Grid(("Cause", "Figure"), (("Diabetes", "60-70%"),)))
    many = rendered(Grid(tuple("ABCDEFG"), (tuple("abcdefg"),)))
    assert '<table class="cards many">' in many
    assert "table.many, .many caption" in CSS  # cards at any width: seven columns never fit side by side


def test_print_styles_show_addresses_and_avoid_bad_breaks() -> None:
    printed = CSS[CSS.index("@media print") :]
    assert 'a[href]:not(.bare):not([href^="#"])::after { content: " (" attr(href) ")"; }' in printed
    assert "break-after: avoid" in printed  # a heading stays with what follows it
    assert "tr, dl > div, li, .note, .chart, .body-map { break-inside: avoid;" in printed
    assert "print-color-adjust: exact" in CSS  # the bars are drawn on paper too


# open-ended figures


def test_up_to_bars_fade_toward_zero_with_a_key(tmp_path: Path) -> None:
    source = ok("stats", "-f", "html")
    page = Page(source)
    bars = [e.attrs for e in page.elements if (e.attrs.get("class") or "").startswith("bar")]
    assert [b["class"] for b in bars] == ["bar", "bar open-low", "bar open-low", "bar"]
    assert bars[1]["style"] == "left:0.00%;width:50.00%"
    assert re.search(r"\.open-low \{ background: linear-gradient\(to right, #[0-9a-f]{6}, #1f5a96\);", CSS)
    key = [p for p in page.all("p") if p.attrs.get("class") == "key"]
    assert [k.content() for k in key] == [
        'A bar that fades out toward 0 is an "up to" figure: anywhere from 0% to where it ends.'
    ]
    assert "up to 50%" in [td.content() for td in page.all("td")]  # the figure is there as words, as before
    assert 'class="bar open-low"' in handout(tmp_path)


def test_at_least_bars_fade_toward_the_top() -> None:
    page = Page(rendered(Heading("Chart"), Bars((Bar("More", 80, 100, "at least 80%", open="high"),), 100, "%")))
    assert [e.attrs["class"] for e in page.elements if e.tag == "span" and "style" in e.attrs] == ["bar open-high"]
    assert [p.content() for p in page.all("p")] == [
        'A bar that fades out toward 100% is an "at least" figure: anywhere from where it starts to 100%.'
    ]


def test_a_chart_without_open_figures_has_no_key() -> None:
    assert 'class="key"' not in rendered(Heading("Chart"), Bars((Bar("R", 60, 70, "60-70%"),), 100, "%"))


# measured in the browser

MEASURE = r"""
window.addEventListener('load', function () {
  var out = [];
  document.querySelectorAll('iframe').forEach(function (frame) {
    var doc = frame.contentDocument, root = doc.documentElement, client = root.clientWidth, wide = [];
    doc.querySelectorAll('body *').forEach(function (e) {
      var r = e.getBoundingClientRect();
      if (r.right > client + 0.5) wide.push([e.tagName.toLowerCase(), Math.round(r.right), e.textContent.slice(0, 60)]);
    });
    var missing = [];
    doc.querySelectorAll('a[href^="#"]').forEach(function (a) {
      if (!doc.getElementById(a.getAttribute('href').slice(1))) missing.push(a.getAttribute('href'));
    });
    out.push({width: +frame.width, client: client, scroll: root.scrollWidth, wide: wide, missing: missing,
              toc: doc.querySelectorAll('nav a').length});
  });
  var pre = document.createElement('pre');
  pre.id = 'measured';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
"""
PRINTED_WIDTH = 680  # px: A4's 210 mm less the page's 15 mm margins each side, at 96 px to the inch
A4_WIDTH = 794


def measure(tmp_path: Path, source: str, widths: tuple[int, ...], on_paper: bool = False) -> list[dict[str, Any]]:
    """Lay the page out in frames of these widths (a window cannot be made as narrow as a phone) and measure every
    element. `on_paper` applies the print styles as if on screen: what Chromium lays out when it prints."""
    if on_paper:
        source = source.replace("@media print", "@media all")
    frames = "".join(
        f'<iframe width="{w}" height="800" style="border:0;display:block" srcdoc="{html.escape(source)}"></iframe>'
        for w in widths
    )
    outer = tmp_path / "frames.html"
    outer.write_text(f"<!DOCTYPE html><html><body>{frames}<script>{MEASURE}</script></body></html>", "utf-8")
    result = browser(tmp_path, "--window-size=1200,900", "--dump-dom", outer.as_uri())
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    found = re.search(r'<pre id="measured">(.*?)</pre>', result.stdout.decode())
    assert found, result.stdout.decode()[-2000:]
    measured: list[dict[str, Any]] = json.loads(html.unescape(found.group(1)))
    assert [m["width"] for m in measured] == list(widths)
    return measured


def overflow(measured: list[dict[str, Any]]) -> dict[int, Any]:
    """What passes the right edge at each width: the page's own scroll width, and each element that does."""
    return {
        m["width"]: (m["scroll"] - m["client"], m["wide"][:5])
        for m in measured
        if m["wide"] or m["scroll"] > m["client"]
    }


@pytest.mark.browser
@needs_chromium
def test_the_measure_sees_a_block_wider_than_the_page(tmp_path: Path) -> None:
    """The control: the old Fields layout (a label column as wide as its longest label) runs past the margin."""
    old = "<dl style='display:grid;grid-template-columns:max-content 1fr'><dt>" + "label " * 40 + "</dt><dd>x</dd></dl>"
    measured = measure(tmp_path, f"<!DOCTYPE html><html><body>{old}</body></html>", (1000, 375))
    assert set(overflow(measured)) == {1000, 375}
    assert measured[1]["client"] <= 375  # the frame really is as narrow as a phone


@pytest.mark.browser
@needs_chromium
def test_the_handout_fits_a_wide_screen_a_phone_and_a4(tmp_path: Path) -> None:
    source = handout(tmp_path)
    measured = measure(tmp_path, source, (1000, 375, A4_WIDTH))
    assert overflow(measured) == {}
    assert all(m["missing"] == [] and m["toc"] >= 40 for m in measured)  # every contents link finds its section


@pytest.mark.browser
@needs_chromium
def test_the_handout_fits_the_printed_page(tmp_path: Path) -> None:
    assert overflow(measure(tmp_path, handout(tmp_path), (PRINTED_WIDTH,), on_paper=True)) == {}


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize(
    "args",
    [
        ("stats",),
        ("codes",),
        ("show", "diabetes"),
        ("compare", "diabetes", "alcohol"),
        ("compare", "diabetes", "alcohol", "chemotherapy", "injury", "kidney"),
        ("compare", "diabetes", "alcohol", "chemotherapy", "injury", "kidney", "ms", "cancer", "surgery"),
    ],
    ids=" ".join,
)
def test_other_pages_fit_too(tmp_path: Path, args: tuple[str, ...]) -> None:
    source = ok(*args, "-f", "html")
    assert overflow(measure(tmp_path, source, (1000, 375, A4_WIDTH))) == {}
    assert overflow(measure(tmp_path, source, (PRINTED_WIDTH,), on_paper=True)) == {}
