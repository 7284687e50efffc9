"""HTML output without a browser: a complete, accessible, self-contained page, and knowledge-base text as text only."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    ADVICE,
    ADVICE_URL,
    ADVISER,
    CATEGORY,
    CLAIM,
    CONTROLS_SHOWN,
    ENTITY,
    EVIDENCE,
    HOSTILE_HTML_NAME,
    HOSTILE_URL,
    IMG,
    ORGANISATION,
    READING_COMMANDS,
    RISK,
    SCRIPT,
    STYLE,
    SVG,
    Installed,
    Page,
    invoke,
    ok,
)

from neuroleg.render import View, render
from neuroleg.render.html import CONTRAST, CSP, CSS, PALETTE
from neuroleg.render.terminal import Terminal
from neuroleg.views.document import Bar, Bars, Block, Bullets, Fields, Grid, Heading, Para, Styled, Title

# the reading commands, and the pages format 2 gave a shape of their own: how one cause's symptoms come, a match
READING = [*READING_COMMANDS, ("symptoms", "alcohol"), ("match", "numbness")]
# every element the renderer may write; anything else in a page came from data
ALLOWED = {
    *("html", "head", "meta", "title", "style", "body", "main", "section", "h1", "h2", "h3", "h4", "p", "strong"),
    *("ul", "li", "dl", "div", "dt", "dd", "table", "caption", "thead", "tbody", "tr", "th", "td", "mark"),
    *("a", "span", "wbr", "nav", "ol"),  # a handout's contents: a list of links to its sections
    *("figure", "svg", "path", "figcaption"),  # a body map (its SVG is checked in tests/test_body_map.py)
}


def html_of(*args: str) -> str:
    return ok(*args, "-f", "html")


def page_of(*args: str) -> Page:
    return Page(html_of(*args))


def rendered(*blocks: Block) -> Page:
    """A page from blocks, through `render` (so through the same sanitising as the commands)."""
    view = View("test", None, tuple(blocks))
    return Page("".join(render(view, "html", Terminal(is_tty=False, color=False, width=80))))


# a complete, well-formed page


@pytest.mark.parametrize("args", READING, ids=" ".join)
def test_every_command_gives_a_well_formed_page(args: tuple[str, ...]) -> None:
    page = page_of(*args)
    assert page.doctype.lower() == "doctype html"
    assert page.problems == []
    assert {e.tag for e in page.elements} <= ALLOWED


def test_page_has_language_charset_viewport_and_title() -> None:
    source = html_of("show", "diabetes")
    page = Page(source)
    assert page.one("html").attrs == {"lang": "en"}
    assert source.index('<meta charset="utf-8">') < 200  # the charset must come in the first 1024 bytes
    metas = {e.attrs.get("name") or e.attrs.get("http-equiv"): e.attrs.get("content") for e in page.all("meta")}
    assert metas["viewport"] == "width=device-width, initial-scale=1"
    assert page.page_title().content() == "Diabetes - neuroleg"
    assert page.page_title().parents == ("html", "head")


def test_all_content_is_inside_main() -> None:
    page = page_of("show", "diabetes")
    body = [e for e in page.elements if e.parents[:2] == ("html", "body")]
    assert [e.tag for e in body if len(e.parents) == 2] == ["main"]


@pytest.mark.parametrize("args", READING, ids=" ".join)
def test_one_h1_and_no_heading_level_skipped(args: tuple[str, ...]) -> None:
    levels = [int(e.tag[1]) for e in page_of(*args).elements if re.fullmatch(r"h[1-6]", e.tag)]
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels


def test_headings_follow_the_view() -> None:
    page = page_of("show", "diabetes")
    assert page.one("h1").content() == "Diabetes"
    assert [e.content() for e in page.all("h2")] == [
        "How it damages nerves", "Symptoms", "Forms of neuropathy it can lead to", "Risk factors", "Statistics",
        "Subtypes", "Related causes", "Standard codes", "Sources", "Hard words on this page",
    ]  # fmt: skip
    assert [e.content() for e in page.all("h3")] == ["Diabetic amyotrophy"]
    assert page.all("h3")[0].parents[-2:] == ("section", "section")  # a subsection sits in its section


def test_what_the_sources_say_comes_first_and_treatment_near_the_end() -> None:
    h2 = [e.content() for e in page_of("show", "chemotherapy").all("h2")]
    assert h2 == [
        "How it damages nerves", "Symptoms", "Forms of neuropathy it can lead to", "Risk factors", "Statistics",
        "Treatment and outlook", "Related causes", "Standard codes", "Sources", "Hard words on this page",
    ]  # fmt: skip
    assert [e.content() for e in page_of("show", "injury").all("h2")][:2] == [
        "What the sources say",
        "How it damages nerves",
    ]


@pytest.mark.parametrize(
    "args", [a for a in READING if a[0] not in {"show", "overview", "sources", "match"}], ids=" ".join
)
def test_every_table_has_a_caption_and_scoped_headers(args: tuple[str, ...]) -> None:
    page = page_of(*args)
    tables = page.all("table")
    assert tables
    captions = page.all("caption")
    assert len(captions) == len(tables)
    assert all(c.parents[-1] == "table" and c.content() for c in captions)
    assert page.all("th")
    assert all(th.attrs.get("scope") in {"col", "row"} for th in page.all("th"))


def test_stats_table_cells_hold_the_figures() -> None:
    page = page_of("stats")
    cells = [e.content() for e in page.all("td")]
    assert {"60-70%", "NINDS", "people with diabetes"} <= set(cells)


def test_symptoms_table_cells_say_which_cause_comes_through_a_form() -> None:
    page = page_of("symptoms")
    rows = dict(
        zip([e.content() for e in page.all("td")][::2], [e.content() for e in page.all("td")][1::2], strict=True)
    )
    forms_in_general = (  # a form whose page gives the symptom says so, once
        "Peripheral neuropathy in general; Diabetic neuropathy in general (NIH's page); "
        "Chemotherapy-induced neuropathy in general (NCI's page); "
    )
    assert rows["Numbness"] == forms_in_general + (
        "Injury and trauma (through peripheral neuropathy); Diabetes (through diabetic neuropathy); "
        "Heavy alcohol use (through peripheral neuropathy); Kidney disease (through peripheral neuropathy); "
        "Chemotherapy (through chemotherapy-induced neuropathy)"
    )
    assert rows["Tingling"].startswith(forms_in_general + "Injury and trauma; ")
    through = page_of("symptoms", "alcohol")
    cells = [e.content() for e in through.all("td")]
    assert cells[:3] == ["Leg pain", "Nerve pain in the leg or foot.", ""]  # its own: through nothing
    assert cells[3:6] == [
        "Numbness",
        "Loss of feeling.",
        "Peripheral neuropathy, which it can lead to (the symptom: the Nevada Pain article)",
    ]


def test_a_grid_caption_is_shown_and_otherwise_the_heading_is_borrowed_for_screen_readers() -> None:
    page = rendered(
        Title("Page"),
        Grid(("A", "B"), (("1", "2"),), caption="Own caption"),
        Heading("Borrowed"),
        Grid(("A", "B"), (("3", "4"),)),
    )
    own, borrowed = page.all("caption")
    assert (own.content(), own.attrs) == ("Own caption", {})
    assert (borrowed.content(), borrowed.attrs) == ("Borrowed", {"class": "sr-only"})


def test_an_unnamed_first_column_makes_row_headers() -> None:
    page = page_of("compare", "diabetes", "alcohol")
    rows = [th.content() for th in page.all("th") if th.attrs["scope"] == "row"]
    assert rows == [
        "Category", "Mechanism", "Its own symptoms", "Through forms of neuropathy", "Risk factors", "Statistics",
        "Subtypes", "Sources", "Typically coded as (ICD-10-CM, April 2026)",
    ]  # fmt: skip
    assert [th.content() for th in page.all("th") if th.attrs["scope"] == "col"] == ["Diabetes", "Heavy alcohol use"]


def test_search_matches_are_marked() -> None:
    page = page_of("search", "tingling")
    assert page.all("mark")
    assert {m.content().lower() for m in page.all("mark")} == {"tingling"}


def test_blocks_become_semantic_elements() -> None:
    page = rendered(
        Title("T"),
        Para("first\nsecond"),
        Para("careful", note=True),
        Fields((("Where", "legs"), ("Side", "one"))),
        Bullets(("x", "y")),
        Grid(("Snippet",), ((Styled((("a ", False), ("hit", True))),),)),
    )
    assert [p.content() for p in page.all("p")] == ["first", "second", "Note: careful"]
    note = page.all("p")[2]
    assert note.attrs == {"class": "note", "role": "note"}
    assert [(e.tag, e.content()) for e in page.elements if e.tag in {"dt", "dd"}] == [
        ("dt", "Where"),
        ("dd", "legs"),
        ("dt", "Side"),
        ("dd", "one"),
    ]
    assert [li.content() for li in page.all("li")] == ["x", "y"]
    assert page.one("mark").content() == "hit"


def test_a_very_long_word_in_a_table_may_break_so_the_table_fits_the_page() -> None:
    word = "NINDS<style>main{display:none}</style>&amp;" * 2
    source = "".join(render(View("t", None, (Grid(("A",), ((word,),)),)), "html", Terminal(False, False, 80)))
    cell = re.search(r"<td>(.*?)</td>", source)
    assert cell is not None
    assert cell.group(1).count("<wbr>") == len(word) // 12
    assert Page(source).all("td")[0].content() == word  # the text itself is unchanged
    assert "<style>main" not in source


def test_headings_never_skip_a_level_even_when_the_view_does() -> None:
    page = rendered(Title("One"), Heading("Deep", level=3), Title("Second title"))
    assert [(e.tag, e.content()) for e in page.elements if e.tag[0] == "h" and e.tag[1:].isdigit()] == [
        ("h1", "One"),
        ("h2", "Deep"),
        ("h2", "Second title"),
    ]
    assert page.problems == []


def test_the_chart_is_a_table_of_ranges_with_the_figures_as_text() -> None:
    page = rendered(
        Heading("Chart"),
        Bars(
            (Bar("Range", 60, 70, "60-70%"), Bar("Point", 50, 50, "up to 50%"), Bar("Over", 90, 140, "lots")), 100, "%"
        ),
    )
    chart = page.one("table")
    assert chart.attrs == {"class": "chart"}
    assert [th.content() for th in page.all("th") if th.attrs["scope"] == "row"] == ["Range", "Point", "Over"]
    assert [td.content() for td in page.all("td") if td.content()] == ["60-70%", "up to 50%", "lots"]
    bars = [e for e in page.elements if (e.attrs.get("class") or "").startswith("bar")]
    assert [b.attrs["style"] for b in bars] == [
        "left:60.00%;width:10.00%",
        "left:50.00%;width:0.00%",
        "left:90.00%;width:10.00%",  # clipped to the axis
    ]
    assert bars[1].attrs["class"] == "bar point"
    assert all(e.attrs.get("aria-hidden") == "true" for e in page.elements if e.attrs.get("class") == "track")
    assert "Range on a scale from 0 to 100%" in page.text()


def test_stats_chart_draws_each_percentage() -> None:
    page = page_of("stats")
    chart = page.all("table")[1]
    assert chart.attrs == {"class": "chart"}
    assert "Diabetes 60-70%" in chart.content()
    assert 'style="left:60.00%;width:10.00%"' in html_of("stats")


# self-contained: nothing to fetch, nothing to run


@pytest.mark.parametrize("args", READING, ids=" ".join)
def test_no_script_and_no_external_resources(args: tuple[str, ...]) -> None:
    source = html_of(*args)
    page = Page(source)
    assert "<script" not in source.lower()
    assert not page.all("link") and not page.all("img") and not page.all("iframe")
    assert all("src" not in e.attrs for e in page.elements)
    assert all(not name.startswith("on") for e in page.elements for name in e.attrs)
    assert all(re.fullmatch(r"https?://[^\s\"<>]+", e.attrs["href"] or "") for e in page.all("a"))
    assert "@import" not in source and "url(" not in source
    assert len(page.all("style")) == 1


def test_content_security_policy_forbids_scripts_and_fetches() -> None:
    page = page_of("causes")
    csp = next(e for e in page.all("meta") if e.attrs.get("http-equiv") == "Content-Security-Policy")
    assert csp.attrs["content"] == CSP
    assert "default-src 'none'" in CSP
    assert "script-src" not in CSP  # so default-src 'none' forbids every script
    head = [e.tag for e in page.elements if e.parents == ("html", "head")]
    assert head.index("meta") < head.index("style")  # the policy is in force before anything else


def test_sources_are_links_to_their_addresses() -> None:
    page = page_of("sources")
    hrefs = [a.attrs["href"] for a in page.all("a")]
    assert "https://www.ninds.nih.gov/" in hrefs
    assert all(a.content() == a.attrs["href"] for a in page.all("a"))


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("see https://example.org/a.", ["https://example.org/a"]),
        ("(https://example.org/b), and http://x.org", ["https://example.org/b", "http://x.org"]),
        ('https://example.org/"><script>alert(1)</script>', ["https://example.org/"]),
        ("javascript:alert(1) data:text/html,x ftp://x.org", []),
        ("https://", []),
    ],
)
def test_only_http_addresses_become_links(text: str, links: list[str]) -> None:
    page = rendered(Title("T"), Para(text))
    assert [a.attrs["href"] for a in page.all("a")] == links
    assert page.one("p").content() == " ".join(text.split())  # the whole text still reads as written


# print and colour


def test_print_css_drops_backgrounds_avoids_breaks_and_shows_link_addresses() -> None:
    assert "@media print" in CSS
    printed = CSS[CSS.index("@media print") :]
    assert "background: none" in printed
    assert "break-inside: avoid" in printed
    assert 'content: " (" attr(href) ")"' in printed


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """The WCAG 2 contrast ratio of two #rrggbb colours."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_helper_matches_known_ratios() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize(("fg", "bg", "minimum"), CONTRAST, ids=[f"{f}-on-{b}" for f, b, _ in CONTRAST])
def test_colours_meet_wcag_aa_contrast(fg: str, bg: str, minimum: float) -> None:
    assert contrast(PALETTE[fg], PALETTE[bg]) >= minimum


def test_the_css_uses_only_the_checked_colours() -> None:
    used = set(re.findall(r"#[0-9a-fA-F]{3,8}\b", CSS))
    assert used <= {*PALETTE.values(), "#000"}  # print is black on white
    assert set(PALETTE.values()) <= used


# knowledge-base text is text, never markup

RAW = ("<script", "<img", "<svg", "<style>main", "\x1b", "\u202e", 'onerror="', 'onload="')


def assert_shown_as_text(source: str, *payloads: str) -> Page:
    """Nothing raw in the source, the page well formed with only our elements, each payload readable."""
    bare = source.replace('<svg xmlns="http://www.w3.org/2000/svg" viewBox=', "")  # a body map's own SVG
    assert [r for r in RAW if r in bare] == []
    page = Page(source)
    assert page.problems == []
    assert {e.tag for e in page.elements} <= ALLOWED
    assert len(page.all("style")) == 1
    assert all(not name.startswith("on") for e in page.elements for name in e.attrs)
    for payload in payloads:
        assert " ".join(payload.split()) in page.text()
    return page


def test_hostile_text_in_show_is_escaped(hostile_html_kb: Path) -> None:
    source = html_of("show", "diabetes", "--data", str(hostile_html_kb))
    page = assert_shown_as_text(
        source, HOSTILE_HTML_NAME, f"Summary {IMG} {SVG} {ENTITY} {CONTROLS_SHOWN} end", SCRIPT, HOSTILE_URL, STYLE,
        CLAIM, RISK, EVIDENCE, ORGANISATION,
    )  # fmt: skip
    assert page.one("h1").content() == HOSTILE_HTML_NAME
    assert page.page_title().content() == f"{HOSTILE_HTML_NAME} - neuroleg"
    assert "&amp;amp; &amp;lt;b&amp;gt;" in source  # an entity in the data shows as typed
    assert f"Diabetic neuropathy: {EVIDENCE}" in page.text()
    assert f"{CLAIM} (NINDS{STYLE})" in page.text()  # the claim, and the organisation it credits


def test_a_hostile_url_links_only_to_its_http_part(hostile_html_kb: Path, bundled_doc: dict[str, Any]) -> None:
    page = assert_shown_as_text(html_of("sources", "--data", str(hostile_html_kb)), HOSTILE_URL, ORGANISATION)
    hrefs = [a.attrs["href"] for a in page.all("a")]
    addresses = [o[k] for o in bundled_doc["organisations"] for k in ("url", "part_of_source") if k in o]
    pages = [p[k] for p in bundled_doc["pages"] for k in ("url", "read_at") if k in p]  # a page's and its copy's
    # the article's address, each organisation's and each of its pages', and the HPO release's: NINDS' too, the
    # quote ends its link
    release = bundled_doc["hpo_synonyms"]["url"]
    assert sorted(hrefs) == sorted([bundled_doc["source_article"]["url"], *addresses, *pages, release])
    assert "https://www.ninds.nih.gov/" in hrefs


@pytest.mark.parametrize(
    ("args", "payloads"),
    [
        (("causes",), (HOSTILE_HTML_NAME, CATEGORY)),
        (("stats",), (HOSTILE_HTML_NAME,)),
        (("search", "pwned"), (HOSTILE_HTML_NAME,)),
        (("compare", "diabetes", "alcohol"), (HOSTILE_HTML_NAME, CATEGORY, RISK)),
        (("symptoms",), (HOSTILE_HTML_NAME,)),
        (("sources",), (HOSTILE_HTML_NAME, ORGANISATION, CLAIM)),
    ],
    ids=["causes", "stats", "search", "compare", "symptoms", "sources"],
)
def test_hostile_text_in_listings_is_escaped(
    hostile_html_kb: Path, args: tuple[str, ...], payloads: tuple[str, ...]
) -> None:
    assert_shown_as_text(html_of(*args, "--data", str(hostile_html_kb)), *payloads)


@pytest.mark.parametrize("args", [("overview",), ("match", "leg pain")], ids=" ".join)
def test_hostile_medical_help_is_escaped_and_links_only_to_its_http_part(
    hostile_html_kb: Path, args: tuple[str, ...]
) -> None:
    source = html_of(*args, "--data", str(hostile_html_kb))
    assert_shown_as_text(source, ADVICE, ADVISER, ADVICE_URL)
    first = help_items(source)[0]
    assert first.text() == " ".join(f"{ADVICE} (Source: {ADVISER}, {ADVICE_URL})".split())
    assert [a.attrs["href"] for a in first.all("a")] == ["https://www.mayoclinic.org/"]


# when to get medical help: the knowledge base's own section, each point with a working link to its page


def help_items(source: str) -> list[Page]:
    """Each item of the page's 'When to get medical help' section, read on its own."""
    start = source.index(">When to get medical help</h2>")
    section = source[start : source.index("</section>", start)]
    return [Page(item) for item in re.findall(r"<li>.*?</li>", section, re.DOTALL)]


@pytest.mark.parametrize(
    "args", [("overview",), ("match", "numbness"), ("match", "tingly feet", "--risk", "smoking")], ids=" ".join
)
def test_medical_help_links_each_point_to_its_page(args: tuple[str, ...], bundled_doc: dict[str, Any]) -> None:
    source = html_of(*args)
    assert "When to get medical help" in [h.content() for h in Page(source).all("h2")]
    advice = bundled_doc["medical_help"]["advice"]
    items = help_items(source)
    assert [i.text() for i in items] == [
        " ".join(f"{a['text']} (Source: {a['source']}, {a['url']})".split()) for a in advice
    ]
    # one link per point, to the page itself: the closing parenthesis is not part of the address
    assert [[(link.attrs["href"], link.content()) for link in i.all("a")] for i in items] == [
        [(a["url"], a["url"])] for a in advice
    ]


def test_overview_html_gives_medical_help_after_the_causes_and_before_the_disclaimer() -> None:
    page = page_of("overview")
    h2 = [h.content() for h in page.all("h2")]
    assert h2[-3:] == ["Causes (neuroleg show NAME)", "Hard words on this page", "When to get medical help"]
    assert page.all("p")[-1].attrs == {"class": "note", "role": "note"}
    assert page.all("p")[-1].content().startswith("Note: neuroleg is for learning only.")


def test_match_html_leads_with_the_disclaimer_then_medical_help(bundled_doc: dict[str, Any]) -> None:
    page = page_of("match", "numbness")
    title, note, heading, summary = [e for e in page.elements if e.tag in {"h1", "h2", "p"}][:4]
    assert (title.tag, title.content()) == ("h1", "Causes this reference links to what you gave")
    assert (note.tag, note.attrs) == ("p", {"class": "note", "role": "note"})
    assert note.content().startswith("Note: Educational, not diagnostic.")
    assert (heading.tag, heading.content()) == ("h2", "When to get medical help")
    assert (summary.tag, summary.content()) == ("p", " ".join(bundled_doc["medical_help"]["summary"].split()))
    assert [h.content() for h in page.all("h2")][1:3] == [
        "What you gave",
        "1. Injury and trauma (injury): the reference links it to what you gave",
    ]


def test_match_html_keeps_what_you_gave_out_of_the_medical_help_section() -> None:
    source = html_of("match", "numbness")
    start = source.index(">When to get medical help</h2>")
    section = source[start : source.index("</section>", start)]
    assert "numbness (read as Numbness)" in source
    assert "read as" not in section


@pytest.mark.slow
@pytest.mark.process
def test_installed_command_writes_html_for_every_reading_command(installed: Installed) -> None:
    for args in READING:
        result = installed.run(*args, "-f", "html")
        assert (result.returncode, result.stderr) == (0, ""), args
        assert Page(result.stdout).problems == [], args


# the handout: neuroleg export -f html


def export_page(tmp_path: Path, *args: str) -> Page:
    """`neuroleg export -f html -o FILE ARGS`: nothing on stdout or stderr, the page in the file."""
    target = tmp_path / "handout.html"
    result = invoke("export", "-f", "html", "-o", str(target), *args, env={"SOURCE_DATE_EPOCH": "0"})
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    page = Page(target.read_text(encoding="utf-8"))
    assert page.problems == []
    return page


def test_export_html_is_a_complete_handout(tmp_path: Path) -> None:
    page = export_page(tmp_path)
    assert page.one("h1").content() == "Neuropathic leg pain"
    assert page.page_title().content() == "Neuropathic leg pain - neuroleg"
    h2 = [e.content() for e in page.all("h2")]
    assert h2[0] == "Overview" and h2[-4:] == ["Statistics", "Glossary", "Sources", "When to get medical help"]
    assert {"Diabetes", "Chemotherapy", "Multiple sclerosis"} <= set(h2)
    assert "Made 1970-01-01" in page.text()
    assert page.all("p")[0].attrs == {"class": "note", "role": "note"}  # not medical advice, first
    hrefs = {a.attrs["href"] for a in page.all("a")}
    assert {"https://www.ninds.nih.gov/", "https://www.nih.gov/", "https://www.cancer.gov/"} <= hrefs
    assert {t.attrs.get("class") for t in page.all("table")} == {"cards", "chart"}  # cards: on a narrow screen


def test_export_html_headings_nest_without_gaps(tmp_path: Path) -> None:
    page = export_page(tmp_path)
    levels = [int(e.tag[1]) for e in page.elements if re.fullmatch(r"h[1-6]", e.tag)]
    assert levels.count(1) == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    assert all(c.content() for c in page.all("caption"))


def test_export_html_of_one_cause_leaves_the_others_out(tmp_path: Path) -> None:
    page = export_page(tmp_path, "--cause", "diabetic")
    h2 = [e.content() for e in page.all("h2")]
    assert "Diabetes" in h2
    assert "Chemotherapy" not in h2


def test_export_html_escapes_hostile_text(tmp_path: Path, hostile_html_kb: Path) -> None:
    target = tmp_path / "handout.html"
    result = invoke("export", "-f", "html", "-o", str(target), "--data", str(hostile_html_kb))
    assert result.exit_code == 0, result.stderr
    page = assert_shown_as_text(
        target.read_text(encoding="utf-8"), HOSTILE_HTML_NAME, SCRIPT, HOSTILE_URL, STYLE, CLAIM, RISK, EVIDENCE,
        ORGANISATION, ADVICE, ADVISER, ADVICE_URL,
    )  # fmt: skip
    assert HOSTILE_HTML_NAME in [e.content() for e in page.all("h2")]


def test_export_html_ends_with_medical_help_linked_to_its_pages(tmp_path: Path, bundled_doc: dict[str, Any]) -> None:
    target = tmp_path / "handout.html"
    assert invoke("export", "-f", "html", "-o", str(target)).exit_code == 0
    items = help_items(target.read_text(encoding="utf-8"))
    advice = bundled_doc["medical_help"]["advice"]
    assert [[link.attrs["href"] for link in i.all("a")] for i in items] == [[a["url"]] for a in advice]
