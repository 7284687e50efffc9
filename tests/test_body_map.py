"""Where it is felt (issue 24): `felt_in` in the knowledge base, and the body map in the handout.

Each form, cause and subtype whose sources say where it is felt gets a small map of
the legs in the HTML handout (an inline SVG with a title and a caption), and the
same in words, with each source, in every other format.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import SCRIPT, Element, Page, invoke, ok

from neuroleg.render import render
from neuroleg.render.terminal import Terminal
from neuroleg.views.body_map import DRAWN, body_map
from neuroleg.views.document import BodyMap, Grid, Title, View

SVG_NS = "{http://www.w3.org/2000/svg}"
LEG_SHAPES = {"hips": {"hip"}, "thighs": {"thigh"}, "legs": {"thigh", "lower-leg"}, "feet": {"foot"}}


def subjects_with_maps(doc: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Every form, cause and subtype of a knowledge base whose felt_in names a part of the legs, by its name
    as a map's title gives it (lower-cased first letter)."""
    found: dict[str, list[dict[str, Any]]] = {}
    subjects = [*doc["forms"], *doc["causes"], *(s for c in doc["causes"] for s in c.get("subtypes", []))]
    for subject in subjects:
        felt = subject.get("felt_in", [])
        if any(r in DRAWN for entry in felt for r in entry["where"]):
            found[subject["name"][0].lower() + subject["name"][1:]] = felt
    return found


def figures(page: Page) -> list[Element]:
    return [e for e in page.all("figure") if e.attrs.get("class") == "body-map"]


def svg_sources(source: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", source, re.S)


# the knowledge base


def test_the_bundled_file_says_where_each_form_is_felt_with_a_source(bundled_doc: dict[str, Any]) -> None:
    pages = {p["id"] for p in bundled_doc["pages"]}
    entries = [e for subject in subjects_with_maps(bundled_doc).values() for e in subject]
    assert len(entries) >= 4
    for entry in entries:
        assert (entry.get("page") in pages) != (entry.get("source") == "article"), entry
    maps = subjects_with_maps(bundled_doc)
    assert {"peripheral neuropathy", "diabetic neuropathy", "chemotherapy"} <= set(maps)
    # NCI's page says the feelings can be anywhere and often begin in the hands or feet: no map can say that
    assert "chemotherapy-induced neuropathy" not in maps
    assert maps["diabetic amyotrophy"] == [
        {"where": ["hips", "thighs", "legs"], "side": "usually-one", "source": "article"}
    ]


def test_a_region_no_source_gives_is_refused_by_validate(write_kb: Callable[..., Path]) -> None:
    def knees(doc: dict[str, Any]) -> None:
        doc["forms"][0]["felt_in"][0]["where"] = ["feet", "knees"]

    path = write_kb(knees)
    result = invoke("validate", str(path))
    assert result.exit_code == 3
    assert result.stdout == ""
    assert re.fullmatch(
        rf"{re.escape(str(path))}:\d+: forms\[0\]\.felt_in\[0\]\.where\[1\]: unknown region 'knees': the body map "
        r"has 'feet', 'legs', 'thighs', 'hips', 'hands' or 'arms'\n",
        result.stderr,
    ), result.stderr


def test_where_it_is_felt_needs_its_page_or_the_article(write_kb: Callable[..., Path]) -> None:
    def unsourced(doc: dict[str, Any]) -> None:
        doc["forms"][0]["felt_in"][0].pop("source")

    def unknown_page(doc: dict[str, Any]) -> None:
        doc["causes"][1]["subtypes"][0]["felt_in"][0] = {"where": ["hips"], "page": "no-such-page"}

    result = invoke("validate", str(write_kb(unsourced)))
    assert result.exit_code == 3
    assert "forms[0].felt_in[0]: give the page that says where it is felt (page), or source: article" in result.stderr
    result = invoke("validate", str(write_kb(unknown_page)))
    assert result.exit_code == 3
    assert "causes[1].subtypes[0].felt_in[0].page: unknown page 'no-such-page'" in result.stderr


def test_the_schema_publishes_the_regions() -> None:
    schema = json.loads(ok("schema"))
    felt = schema["$defs"]["FeltIn"]
    assert felt["properties"]["where"]["items"]["enum"] == ["feet", "legs", "thighs", "hips", "hands", "arms"]
    assert felt["properties"]["side"]["anyOf"][0]["enum"] == ["usually-one", "usually-both"]
    assert "felt_in" in schema["$defs"]["Form"]["properties"]
    assert "felt_in" in schema["$defs"]["Cause"]["properties"]
    assert "felt_in" in schema["$defs"]["Subtype"]["properties"]


# the handout's maps


def test_the_html_handout_holds_a_map_per_subject_that_has_one(bundled_doc: dict[str, Any]) -> None:
    source = ok("export", "-f", "html")
    page = Page(source)
    maps = subjects_with_maps(bundled_doc)
    found = figures(page)
    assert len(found) == len(maps) == 4
    titles = []
    assert all(e.parents[-1:] == ("figure",) for e in page.all("svg"))
    for svg, title in zip(page.all("svg"), [t for t in page.all("title") if "svg" in t.parents], strict=True):
        assert svg.attrs["role"] == "img"
        assert svg.attrs["aria-labelledby"] == title.attrs["id"]
        assert svg.attrs["viewbox"] and svg.attrs["width"] == "100%"
        titles.append(title.content())
    assert len(set(svg.attrs["aria-labelledby"] for svg in page.all("svg"))) == len(found)  # each id once
    assert sorted(t.split(":")[0] for t in titles) == sorted(f"Map of the legs for {name}" for name in maps)
    captions = [e.content() for e in page.all("figcaption")]
    assert len(captions) == len(found)
    assert all(c.startswith("Where it is felt: the ") and " From " in c for c in captions)
    assert all("The map shows the legs from the front; the shaded parts are where it is felt." in c for c in captions)


def test_every_shaded_region_is_in_the_data_with_a_source(bundled_doc: dict[str, Any]) -> None:
    maps = subjects_with_maps(bundled_doc)
    source = ok("export", "-f", "html")
    for svg_text in svg_sources(source):
        svg = ET.fromstring(svg_text)  # well-formed XML on its own
        title = svg.findtext(f"{SVG_NS}title") or ""
        subject = re.fullmatch(r"Map of the legs for (.+?): the .+ shaded(, on one leg)?", title)
        assert subject, title
        felt = maps[subject.group(1)]
        said = {r for entry in felt for r in entry["where"] if entry.get("page") or entry.get("source") == "article"}
        shaded = [p for p in svg.iter(f"{SVG_NS}path") if p.get("class") == "shaded"]
        assert shaded
        for path in shaded:
            regions = path.get("data-regions", "").split()
            assert regions and set(regions) <= said, (title, regions)
            assert all(path.get("data-shape") in LEG_SHAPES[r] for r in regions)
        drawn = {r for p in shaded for r in p.get("data-regions", "").split()}
        assert drawn == said & set(DRAWN)  # and every region a source gives on the legs is shaded


def test_the_svg_is_self_contained_and_prints_in_greyscale() -> None:
    source = ok("export", "-f", "html")
    for svg_text in svg_sources(source):
        svg = ET.fromstring(svg_text)
        tags = {e.tag.removeprefix(SVG_NS) for e in svg.iter()}
        assert tags == {"svg", "title", "path"}  # no script, no image, no link, no style sheet
        assert not any(k.startswith("on") or "href" in k for e in svg.iter() for k in e.attrib)
        assert "url(" not in svg_text and "http" not in svg_text.replace(SVG_NS[1:-1], "")
        fills = {p.get("class"): p.get("fill") for p in svg.iter(f"{SVG_NS}path")}
        assert fills["plain"] == "#ffffff"
        assert luminance(fills["shaded"] or "") < 0.15  # dark: far from white on a grey printer too


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_usually_one_side_shades_one_leg() -> None:
    source = ok("export", "--cause", "diabetes", "-f", "html")
    [svg] = [s for s in map(ET.fromstring, svg_sources(source)) if "amyotrophy" in (s.findtext(f"{SVG_NS}title") or "")]
    legs = {p.get("data-leg") for p in svg.iter(f"{SVG_NS}path") if p.get("class") == "shaded"}
    assert legs == {"right"}
    [caption] = [e.content() for e in Page(source).all("figcaption") if "amyotrophy" not in e.content()][-1:]
    assert caption.startswith("Where it is felt: the hips, thighs and legs, usually on one side of the body.")


# the same in words, in every other format


def test_show_says_where_a_form_is_felt_with_its_source() -> None:
    text = ok("show", "diabetic-neuropathy", "-f", "plain")
    assert "\nWhere it is felt: the feet and legs. The source also names the hands and arms.\n" in text
    assert (
        '- From NIH, "Diabetic Neuropathies: The Nerve Damage of Diabetes", National Diabetes Information '
        "Clearinghouse: the hands, arms, feet and legs." in " ".join(text.split())
    )


def test_show_says_where_a_cause_is_felt_in_markdown_and_on_a_terminal() -> None:
    markdown = ok("show", "chemotherapy", "-f", "markdown")
    assert "Where it is felt: the feet and legs.\n\n- From the Nevada Pain article: " in markdown
    table = ok("show", "chemotherapy", "-f", "table", env={"COLUMNS": "100"})
    assert "Where it is felt: the feet and legs." in table


def test_the_markdown_handout_says_each_map_in_words(bundled_doc: dict[str, Any]) -> None:
    markdown = ok("export")
    assert markdown.count("Where it is felt: the ") == len(subjects_with_maps(bundled_doc))
    assert "<svg" not in markdown


def test_json_carries_where_it_is_felt_with_each_origin() -> None:
    data = json.loads(ok("show", "peripheral-neuropathy", "-f", "json"))
    assert [(e["where"], e["sometimes"], e["side"], e["origin"]["kind"]) for e in data["felt_in"]] == [
        (["feet", "legs"], ["arms", "hands"], None, "article"),
        (["feet", "legs"], ["hands", "arms"], "usually-both", "page"),
    ]
    assert data["felt_in"][1]["origin"]["id"] in {o.get("id") for o in data["origins"]}
    cause = json.loads(ok("show", "diabetes", "-f", "json"))
    assert cause["felt_in"] == []
    assert cause["subtypes"][0]["felt_in"][0]["where"] == ["hips", "thighs", "legs"]


def test_a_rich_table_page_says_the_map_in_words() -> None:
    block = BodyMap("Map", (("feet", "both"),), "Where it is felt: the feet.", ("From the article: the feet.",))
    view = View("test", None, (Title("T"), Grid(("a", "b"), (("1", "2"),)), block))
    text = "".join(render(view, "table", Terminal(is_tty=True, color=False, width=80)))
    assert "Where it is felt: the feet." in text and "From the article: the feet." in text


def test_hostile_text_in_a_map_stays_text() -> None:
    block = BodyMap(f"Map {SCRIPT}", (("feet", "both"), ("nowhere", "both")), f"Caption {SCRIPT}", (SCRIPT,))
    source = "".join(render(View("t", None, (block,)), "html", Terminal(is_tty=False, color=False, width=80)))
    [svg_text] = svg_sources(source)
    svg = ET.fromstring(svg_text)
    assert svg.findtext(f"{SVG_NS}title") == f"Map {SCRIPT}"
    assert "<script" not in source
    assert {p.get("data-regions") for p in svg.iter(f"{SVG_NS}path") if p.get("class") == "shaded"} == {"feet"}


def test_no_map_without_a_part_of_the_legs() -> None:
    origin = {"kind": "article", "title": "T", "publisher": "P"}
    assert body_map("x", [{"where": ["hands"], "sometimes": [], "side": None, "origin": origin}]) == []
    [made] = body_map("x", [{"where": ["arms", "feet"], "sometimes": ["legs"], "side": None, "origin": origin}])
    assert made.regions == (("feet", "both"),)
    also = "The source also names the arms and legs."
    assert made.caption == f"Where it is felt: the feet. {also}"


# in a browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# headless Chromium keeps its window at least 500 px wide: the handout is shown, unchanged (its policy and all), in a
# frame 375 px wide, and the page around it measures the maps inside once everything has loaded
FRAME = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="phone" style="width:375px;height:800px;border:0" srcdoc="{srcdoc}"></iframe>
<script>addEventListener('load', () => {{
  const inner = document.getElementById('phone').contentDocument;
  const root = inner.documentElement;
  const maps = [...inner.querySelectorAll('figure.body-map')].map(figure => {{
    const box = figure.querySelector('svg').getBoundingClientRect();
    const whole = figure.getBoundingClientRect();
    const seen = getComputedStyle(figure).visibility === 'visible' && getComputedStyle(figure).display !== 'none';
    return {{width: box.width, height: box.height, left: box.left, right: box.right, figure: whole.right, seen}};
  }});
  const out = document.createElement('pre');
  out.id = 'measured';
  out.textContent = JSON.stringify({{viewport: root.clientWidth, page: root.scrollWidth, maps}});
  document.body.appendChild(out);
}});</script></body></html>"""


@pytest.mark.process
@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium")
def test_each_map_is_visible_and_fits_a_375px_screen(tmp_path: Path) -> None:
    page = tmp_path / "phone.html"
    page.write_text(FRAME.format(srcdoc=html.escape(ok("export", "-f", "html"), quote=True)), encoding="utf-8")
    assert CHROMIUM is not None
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", f"--user-data-dir={tmp_path / 'p'}",
         "--window-size=600,900", "--dump-dom", page.as_uri()],
        capture_output=True, timeout=60, env={**os.environ, "HOME": str(tmp_path)}, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    [pre] = [e for e in Page(result.stdout.decode()).all("pre") if e.attrs.get("id") == "measured"]
    facts = json.loads(pre.content())
    assert 360 <= facts["viewport"] <= 375  # the frame's width, less a scrollbar where one shows
    assert len(facts["maps"]) == 4
    for box in facts["maps"]:
        assert box["seen"]
        assert 60 <= box["width"] <= 220 and box["height"] > box["width"]  # drawn big enough, and within its cap
        assert box["left"] >= 0 and box["right"] <= facts["viewport"] and box["figure"] <= facts["viewport"]
