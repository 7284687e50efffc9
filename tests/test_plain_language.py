"""Plain language: every page a patient reads is at Flesch-Kincaid grade 8 or below.

The measure is `tools/reading_grade.py` (a maintainer's script, outside the package), computed by the
`readability` package (0.3.2, a test extra) on each page's prose as `-f markdown` prints it. These tests run it
on the real output of each command, in-process and once as a real process, and check the measure itself.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import readability  # type: ignore[import-untyped]  # no type hints shipped
from conftest import ROOT, ok

sys.path.insert(0, str(ROOT / "tools"))  # a maintainer's script, outside the package
import reading_grade


def _names() -> list[str]:
    causes = [c["id"] for c in json.loads(ok("causes", "-f", "json"))]
    forms = [s["id"] for s in json.loads(ok("codes", "-f", "json"))["subjects"] if s["kind"] == "form"]
    return causes + forms


PAGES = [" ".join(argv) for argv in reading_grade.pages(_names)]


@pytest.fixture(scope="module")
def verbatim() -> tuple[str, ...]:
    return reading_grade.verbatim(ok("sources", "-f", "json"), ok("codes", "-f", "json"))


def _argv(page: str) -> list[str]:
    return next(argv for argv in reading_grade.pages(_names) if " ".join(argv) == page)


@pytest.mark.parametrize("page", PAGES)
def test_each_page_reads_at_grade_8_or_below(page: str, verbatim: tuple[str, ...]) -> None:
    markdown = ok(*_argv(page), "-f", "markdown")
    grade = reading_grade.measure(page, markdown, verbatim)
    assert grade.words > 0, f"{page}: no prose measured"
    if page in reading_grade.LISTINGS:
        return
    hardest = sorted(reading_grade.prose(markdown, verbatim), key=lambda s: -reading_grade.measure("", s).grade)
    assert grade.grade <= reading_grade.LIMIT, (
        f"{page} reads at grade {grade.grade:.1f} (limit {reading_grade.LIMIT}); its hardest sentences:\n"
        + "\n".join(hardest[:5])
    )


def test_every_cause_and_form_has_its_page_measured() -> None:
    shown = {p.removeprefix("show ") for p in PAGES if p.startswith("show ")}
    assert shown == set(_names())
    assert {"overview", "match tingling --risk diabetes"} <= set(PAGES)


def test_the_measure_is_readabilitys_kincaid_on_one_sentence_a_line() -> None:
    text = "# Title\n\nNerves carry messages. They run from the brain to the feet and back again.\n\n- Pain\n"
    sentences = ["Nerves carry messages.", "They run from the brain to the feet and back again."]
    # the heading and the one-word item are left out; the paragraph is cut into its sentences
    assert reading_grade.prose(text) == sentences
    expected = readability.getmeasures("\n".join(sentences), lang="en")["readability grades"]["Kincaid"]
    assert reading_grade.measure("p", text).grade == pytest.approx(expected)
    as_one = readability.getmeasures(" ".join(sentences), lang="en")["readability grades"]["Kincaid"]
    assert as_one > expected  # one sentence a line is what readability expects: cut wrongly, it reads harder


def test_the_measure_leaves_out_addresses_codes_labels_and_quoted_titles() -> None:
    markdown = (
        "## Standard codes\n\n"
        "- **Typically coded as (ICD-10-CM, April 2026):** For neuropathy from heavy alcohol use: G62.1 "
        "Alcoholic polyneuropathy. See https://example.org/a-long-address for the whole of the release.\n"
        '- NINDS, "NINDS Peripheral Neuropathy Information Page", lists the signs that people with it notice.\n'
        "- Numbness; Tingling; Sharp pain; Pain at night\n"
        "| Cause | Category | Summary of the cause in a few words here |\n"
    )
    sentences = reading_grade.prose(
        markdown, ("NINDS Peripheral Neuropathy Information Page", "Alcoholic polyneuropathy")
    )
    joined = " ".join(sentences)
    for left_out in ("https://", "G62.1", "Alcoholic polyneuropathy", "Information Page", "Standard", "Cause |"):
        assert left_out not in joined
    assert "Typically coded as (ICD-10-CM, April 2026)" not in sentences  # a label of six words or fewer
    assert "Sharp pain" not in joined  # a list of short names is read item by item, each too short to count
    assert any(s.startswith("For neuropathy from heavy alcohol use:") for s in sentences)
    assert any("lists the signs that people with it notice." in s for s in sentences)


def test_a_source_note_after_a_full_stop_is_a_sentence_of_its_own() -> None:
    line = "- Numbness is a loss of feeling in the feet or legs. (source: the Nevada Pain article)\n"
    assert reading_grade.prose(line) == [
        "Numbness is a loss of feeling in the feet or legs.",
        "(source: the Nevada Pain article)",
    ]


def test_a_hard_page_fails_the_limit() -> None:
    # the page as it read before this round: one long sentence with many long words
    hard = (
        "Neuropathic leg pain is a complicated kind of pain that comes from damaged nerves, and it most often "
        "appears together with an injury to the body's tissues, considerably diminishing quality of life."
    )
    assert reading_grade.measure("p", hard).grade > reading_grade.LIMIT


@pytest.mark.process
def test_the_installed_command_prints_the_text_that_is_measured(tmp_path: Path, verbatim: tuple[str, ...]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "neuroleg", "show", "diabetes", "-f", "markdown"],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache")},
    )
    assert result.stdout == ok("show", "diabetes", "-f", "markdown")
    assert reading_grade.measure("show diabetes", result.stdout, verbatim).grade <= reading_grade.LIMIT


@pytest.mark.process
def test_the_maintainers_tool_reports_every_page() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "reading_grade.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["page", "words", "sentences", "grade"]
    assert len(lines) == 1 + len(PAGES)
    over = [
        line
        for line in lines[1:]
        if float(line.split()[-1]) > reading_grade.LIMIT and line.rsplit(None, 3)[0] not in reading_grade.LISTINGS
    ]
    assert result.returncode == (1 if over else 0), result.stderr
    assert "Flesch-Kincaid grade (readability 0.3.2)" in result.stderr


# hard words: each glossary term a page uses is explained on that page, with where its meaning comes from

HARD = "## Hard words on this page"


def _used(text: str, term: dict[str, Any]) -> bool:
    names = [term["term"], *term["aliases"]]
    return any(re.search(rf"(?<![\w-]){re.escape(n.casefold())}(?![\w-])", text.casefold()) for n in names)


@pytest.mark.parametrize("page", [p for p in PAGES if p == "overview" or p.startswith("show ")])
def test_each_hard_word_a_page_uses_is_explained_on_that_page(page: str) -> None:
    markdown = ok(*_argv(page), "-f", "markdown")
    body, _, rest = markdown.partition(HARD)
    title = body.splitlines()[0].removeprefix("# ")
    terms = [t for t in json.loads(ok("glossary", "-f", "json")) if t["term"].casefold() != title.casefold()]
    prose = "\n".join(line for line in body.splitlines()[1:] if not line.startswith("#"))
    wanted = {t["term"] for t in terms if _used(prose, t)}
    explained = dict(re.findall(r"^- \*\*(.+?):\*\* (.+)$", rest.split("\n> ")[0], re.M))
    assert set(explained) == wanted, page
    for term in terms:
        if term["term"] in explained:
            assert explained[term["term"]].startswith(term["meaning"] + " (Source: "), term["term"]


def test_multiple_sclerosis_explains_autoimmune_from_the_page_that_gives_its_meaning() -> None:
    out = " ".join(ok("show", "ms", "-f", "plain").split())
    assert (
        "autoimmune: When the immune system attacks healthy tissue of the body by mistake. (Source: NIH, "
        '"Autoimmune disorders", MedlinePlus Medical Encyclopedia (National Library of Medicine).)'
    ) in out
    assert out.index("Hard words on this page") < out.index("neuroleg is for learning only")
