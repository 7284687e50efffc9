"""HTML output in a real browser (headless Chromium): the rendered DOM, no script from the data, a screenshot, a PDF."""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import struct
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    ADVICE,
    ADVICE_URL,
    CLAIM,
    EVIDENCE,
    HOSTILE_HTML_NAME,
    HOSTILE_URL,
    IMG,
    ORGANISATION,
    RISK,
    SCRIPT,
    Element,
    Page,
    invoke,
    ok,
)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium: install Debian's chromium package (.ci/run does)"),
]

# headless in a container: no sandbox (no user namespaces), no GPU, and nothing that calls out
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
BLANK_SCREENSHOT = 7_200  # bytes: a blank 1000x1400 page, measured with this Chromium; a real page is far larger
PWN_SCRIPT = "document.title='PWNED';document.body.setAttribute('data-pwned','1')"

profiles = itertools.count()


def browser(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Run headless Chromium once, with a fresh profile in the test's directory."""
    assert CHROMIUM is not None
    profile = tmp_path / f"profile-{next(profiles)}"
    env = {**os.environ, "HOME": str(tmp_path)}  # crash reports and caches stay in the temp dir
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        timeout=60,
        env=env,
        check=False,
    )


def dump_dom(tmp_path: Path, page: Path) -> Page:
    """The DOM after the page loaded (and any script in it ran), read back by the strict parser."""
    result = browser(tmp_path, "--dump-dom", page.as_uri())
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    return Page(result.stdout.decode())


def export(tmp_path: Path, *args: str) -> Path:
    """`neuroleg export -f html` into a file in the test's directory."""
    target = tmp_path / "handout.html"
    result = invoke("export", "-f", "html", "-o", str(target), *args)
    assert result.exit_code == 0, result.stderr
    return target


def pwned(dom: Page) -> list[str]:
    """Every trace of a payload having run: an attribute set, an element made, the title changed."""
    traces = [f"<{e.tag} data-pwned>" for e in dom.elements if "data-pwned" in e.attrs]
    traces += [f"<{e.tag}>" for e in dom.elements if e.tag in {"script", "img", "svg", "pwned-svg", "iframe"}
               and not _body_map(e)]  # fmt: skip
    traces += ["title"] if any(t.content() == "PWNED" for t in dom.all("title")) else []
    return traces


def _body_map(element: Element) -> bool:
    """A body map's own SVG: the image of a figure, not an element made from data."""
    return element.tag == "svg" and element.parents[-1:] == ("figure",) and element.attrs.get("role") == "img"


def test_the_browser_runs_an_unescaped_payload(tmp_path: Path) -> None:
    """The control: without escaping or a policy, the payload runs, so the checks below can fail."""
    page = tmp_path / "raw.html"
    page.write_text(f"<!DOCTYPE html><html><body><p>x</p><script>{PWN_SCRIPT}</script></body></html>")
    dom = dump_dom(tmp_path, page)
    assert dom.one("body").attrs == {"data-pwned": "1"}
    assert dom.one("title").content() == "PWNED"


def test_the_handout_renders_its_headings_tables_and_links(tmp_path: Path) -> None:
    dom = dump_dom(tmp_path, export(tmp_path))
    assert dom.one("h1").content() == "Neuropathic leg pain"
    h2 = [e.content() for e in dom.all("h2")]
    assert {"Overview", "Diabetes", "Statistics", "Sources"} <= set(h2)
    cells = {e.content() for e in dom.all("td")}
    assert {"60-70%", "people with diabetes", "NINDS"} <= cells
    assert "https://www.ninds.nih.gov/" in {a.attrs["href"] for a in dom.all("a")}
    assert dom.one("html").attrs == {"lang": "en"}
    assert pwned(dom) == []


def test_hostile_knowledge_base_runs_nothing_and_reads_as_text(
    tmp_path: Path, hostile_html_kb: Path, bundled_doc: dict[str, Any]
) -> None:
    dom = dump_dom(tmp_path, export(tmp_path, "--data", str(hostile_html_kb), "--cause", "diabetes"))
    assert pwned(dom) == []
    assert dom.page_title().content() == f"Neuropathic leg pain: {HOSTILE_HTML_NAME} - neuroleg"
    text = dom.text()
    for payload in (
        HOSTILE_HTML_NAME,
        SCRIPT,
        IMG,
        HOSTILE_URL,
        CLAIM,
        RISK,
        EVIDENCE,
        ORGANISATION,
        ADVICE,
        ADVICE_URL,
    ):
        assert " ".join(payload.split()) in text
    # the quote ends a hostile address's link: NINDS' (the one organisation diabetes credits) and the first page of
    # medical help; the other pages of medical help, and the code systems' pages, are linked as they are
    others = {a["url"] for a in bundled_doc["medical_help"]["advice"][1:]}
    others |= {system["url"] for system in bundled_doc["code_systems"]}
    # and where diabetes' facts come from: the article, the pages (each address and copy read), NIDDK
    shown = json.loads(ok("show", "diabetes", "-f", "json"))
    others |= {origin[key] for origin in shown["origins"] for key in ("url", "read_at") if origin.get(key)}
    others |= {source["url"] for source in shown["sources"] if source["id"] != "ninds"}
    # and the pages the glossary's meanings come from (each address and copy read)
    cited = {entry.get("page") for entry in bundled_doc["glossary"]}
    others |= {
        page[key] for page in bundled_doc["pages"] if page["id"] in cited for key in ("url", "read_at") if key in page
    }
    expected = {"https://www.ninds.nih.gov/", "https://www.mayoclinic.org/", *others}
    outward = {a.attrs["href"] for a in dom.all("a")} - {f"#{h.attrs['id']}" for h in dom.elements if "id" in h.attrs}
    assert outward == expected  # the contents' links to the handout's own sections aside


@pytest.mark.parametrize("args", [("overview",), ("match", "numbness")], ids=" ".join)
def test_medical_help_renders_with_a_working_link_to_each_page(
    tmp_path: Path, args: tuple[str, ...], bundled_doc: dict[str, Any]
) -> None:
    page = tmp_path / "page.html"
    page.write_text(ok(*args, "-f", "html"), encoding="utf-8")
    dom = dump_dom(tmp_path, page)
    assert "When to get medical help" in [h.content() for h in dom.all("h2")]
    advice = bundled_doc["medical_help"]["advice"]
    links = [(a.attrs["href"], a.content()) for a in dom.all("a")]
    pages = [link for link in links if link[0] in {a["url"] for a in advice}]
    # each advice's page, in order; a page that is also a source of the facts shown is listed again under Sources
    assert pages[: len(advice)] == [(a["url"], a["url"]) for a in advice]
    assert pwned(dom) == []


def test_the_page_policy_blocks_script_even_if_escaping_failed(tmp_path: Path) -> None:
    """Defence in depth: a raw script slipped into our page is refused by its Content-Security-Policy."""
    source = export(tmp_path).read_text(encoding="utf-8")
    injected = tmp_path / "injected.html"
    injected.write_text(source.replace("<main>", f"<main><script>{PWN_SCRIPT}</script>", 1), encoding="utf-8")
    dom = dump_dom(tmp_path, injected)
    assert not any("data-pwned" in e.attrs for e in dom.elements)
    assert dom.page_title().content() == "Neuropathic leg pain - neuroleg"


def test_screenshot_of_the_handout(tmp_path: Path) -> None:
    shot = tmp_path / "page.png"
    result = browser(tmp_path, f"--screenshot={shot}", "--window-size=1000,1400", export(tmp_path).as_uri())
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    data = shot.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    assert struct.unpack(">II", data[16:24]) == (1000, 1400)  # IHDR: width, height
    assert len(data) > 3 * BLANK_SCREENSHOT  # text and tables, not an empty or error page


def test_the_handout_prints_to_a_pdf_of_several_pages(tmp_path: Path) -> None:
    pdf = tmp_path / "handout.pdf"
    result = browser(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", export(tmp_path).as_uri())
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", data)) >= 3  # the whole handout, not one page
