"""The glossary (issue 25): each hard word the pages use, its plain meaning and its source; `glossary [TERM]`,
`show TERM`, search and the handout find it."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from readability.langdata import LANGDATA

from neuroleg.db.cache import open_store
from neuroleg.db.store import Store
from neuroleg.domain.glossary import find_term, resolve_term, term_keys
from neuroleg.errors import UnknownTermError
from neuroleg.views.causes import show_view
from neuroleg.views.document import Block, Bullets, Fields, Grid, Heading, Para, Title, plain
from neuroleg.views.glossary import HARD_WORDS
from neuroleg.views.overview import overview_view
from tests.conftest import BUNDLED, invoke, ok, run_neuroleg

FORMATS = ("table", "plain", "json", "yaml", "csv", "markdown")


@pytest.fixture(scope="module")
def store() -> Store:
    """The bundled knowledge base, compiled in memory once for the module."""
    return open_store(BUNDLED, None)


def flat(text: str) -> str:
    """Text with its line breaks and runs of space as single spaces: a wrapped meaning reads as one line."""
    return " ".join(text.split())


def meaning(store: Store, term: str) -> str:
    entry = find_term(store, term)
    assert entry is not None, term
    return str(entry["meaning"])


# one term


def test_show_myelin_explains_it_and_says_it_is_a_glossary_entry(store: Store) -> None:
    out = flat(ok("show", "myelin", "-f", "plain"))
    assert out.startswith("myelin ")
    assert meaning(store, "myelin") in out
    assert "A glossary entry" in out


def test_glossary_myelin_gives_the_term_its_meaning_and_its_source(store: Store) -> None:
    data = json.loads(ok("glossary", "MYELIN", "-f", "json"))  # any case
    assert (data["kind"], data["id"], data["term"]) == ("term", "myelin", "myelin")
    assert data["meaning"] == meaning(store, "myelin")
    assert data["origin"]["kind"] == "article"


def test_a_term_is_found_by_an_alias(store: Store) -> None:
    data = json.loads(ok("glossary", "tumor", "-f", "json"))
    assert data["id"] == "tumour"
    assert data["origin"]["kind"] == "page"
    assert data["origin"]["id"] == "nih-neoplasm"
    assert "Neoplasm (Tumor)" in flat(ok("glossary", "tumor", "-f", "plain"))


def test_a_cause_keeps_its_name_before_the_glossary() -> None:
    # chemotherapy is a cause and a glossary term: show gives the cause, glossary the term
    assert json.loads(ok("show", "chemotherapy", "-f", "json"))["id"] == "chemotherapy"
    assert "kind" not in json.loads(ok("show", "chemotherapy", "-f", "json"))
    assert json.loads(ok("glossary", "chemotherapy", "-f", "json"))["kind"] == "term"


def test_an_unknown_term_exits_1_with_the_nearest_term_on_stderr() -> None:
    result = invoke("glossary", "myelni")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        "neuroleg: no glossary term 'myelni'",
        "did you mean: myelin?",
        "run 'neuroleg glossary' to list them",
    ]


def test_show_of_an_unknown_word_suggests_a_glossary_term_when_no_cause_is_near() -> None:
    result = invoke("show", "myelni")
    assert (result.exit_code, result.stdout) == (1, "")
    assert "did you mean: myelin?" in result.stderr.splitlines()


def test_the_library_resolves_a_term_without_the_command_line(store: Store) -> None:
    assert resolve_term(store, "Radiculoplexus Neuropathy")["id"] == "diabetic-amyotrophy"
    with pytest.raises(UnknownTermError) as caught:
        resolve_term(store, "sarcomma")
    assert caught.value.suggestions == ["sarcoma"]


# every term


@pytest.mark.parametrize("fmt", FORMATS)
def test_glossary_lists_every_term_in_every_format(store: Store, fmt: str) -> None:
    out = ok("glossary", "-f", fmt, env={"COLUMNS": "120"})
    for entry in store.glossary():
        # a table may wrap a term of two words in its cell: each word is there
        assert all(w in out for w in entry["term"].split()) if fmt == "table" else entry["term"] in out, entry["term"]


def test_glossary_json_is_sorted_with_meaning_and_source(store: Store) -> None:
    data = json.loads(ok("glossary", "-f", "json"))
    assert [t["term"].casefold() for t in data] == sorted(t["term"].casefold() for t in data)
    assert {t["id"] for t in data} == {e["id"] for e in store.glossary()}
    assert all(t["meaning"] and t["origin"]["kind"] in ("article", "page") for t in data)


def test_glossary_csv_is_one_row_per_term_with_its_source(store: Store) -> None:
    lines = ok("glossary", "-f", "csv").splitlines()
    assert lines[0] == "id,term,aliases,meaning,source"
    assert len(lines) == 1 + len(store.glossary())


def test_every_entry_has_a_source_that_resolves(store: Store) -> None:
    pages = {p["id"] for p in store.pages()}
    for entry in store.glossary():
        assert entry["source"] in ("article", "page"), entry["id"]
        assert (entry["source"] == "page") == ("page" in entry), entry["id"]
        if entry["source"] == "page":
            assert entry["page"] in pages, entry["id"]


def test_an_unknown_page_is_refused_with_the_nearest_page_id(write_kb: Callable[..., Path]) -> None:
    def misspell(doc: dict[str, Any]) -> None:
        doc["glossary"][0] = {**doc["glossary"][0], "source": "page", "page": "nci-nerve-change"}

    result = invoke("validate", str(write_kb(misspell)))
    assert result.exit_code == 3
    assert "glossary[0].page: unknown page 'nci-nerve-change'; did you mean 'nci-nerve-changes'?" in result.stderr


def test_a_word_finds_one_entry_only(write_kb: Callable[..., Path], bundled_doc: dict[str, Any]) -> None:
    last = len(bundled_doc["glossary"]) - 1

    def repeat(doc: dict[str, Any]) -> None:
        doc["glossary"][last]["aliases"] = ["Myelin"]

    result = invoke("validate", str(write_kb(repeat)))
    assert result.exit_code == 3
    assert f"glossary[{last}].aliases[0]: 'Myelin' already names the glossary term 'myelin'" in result.stderr


# search and the handout


def test_search_finds_the_glossary_entry(store: Store) -> None:
    hits = json.loads(ok("search", "myelin", "-f", "json"))
    term = next(h for h in hits if h["kind"] == "term")
    assert (term["id"], term["name"], term["field"]) == ("myelin", "myelin", "name")
    assert term["snippet"] == meaning(store, "myelin")
    kinds = [h["kind"] == "term" for h in hits]
    assert kinds == sorted(kinds)  # after the causes, whose prose it explains


def test_the_handout_holds_a_glossary_section(store: Store) -> None:
    markdown = ok("export", "-f", "markdown")
    section = markdown.split("\n## Glossary\n", 1)[1].split("\n## ", 1)[0]
    terms = re.findall(r"^- \*\*(.+?):\*\* ", section, re.MULTILINE)
    assert terms == sorted((e["term"] for e in store.glossary()), key=str.casefold)
    assert flat(meaning(store, "myelin")) in flat(section)
    html = ok("export", "-f", "html")
    assert '<h2 id="glossary">Glossary</h2>' in html
    assert "http://www.ncbi.nlm.nih.gov/pubmedhealth/PMHT0024119/" in html  # a glossary page is a source too


# coverage: the glossary holds every hard term the pages use

# hard terms a reader may not know; each that the pages use must be in the glossary, unless no source read here
# explains it (NO_SOURCE_YET)
HARD_TERMS = (
    "neuropathy", "peripheral neuropathy", "peripheral nerves", "neuropathic pain", "myelin", "nerve fibres",
    "spinal cord", "autoimmune", "progressive", "multiple sclerosis", "radiculoplexus neuropathy",
    "diabetic amyotrophy", "proximal neuropathy", "diabetic neuropathy", "chemotherapy",
    "chemotherapy-induced neuropathy", "tumour", "benign", "sarcoma", "metastasis", "primary cancer", "neuroma",
    "amputation", "inflammation", "toxins", "kidneys", "ICD-10-CM", "HPO", "nervous system",
)  # fmt: skip
# hard words the pages use that no page read for issue 25 explains (or, for ICD-10-CM, whose page, CDC's, waits for
# its organisation to be declared): left out of the glossary rather than explained from memory (the issue's report
# lists them); take one off this list when its entry is added
NO_SOURCE_YET = {
    "peripheral nerves", "nerve fibres", "spinal cord", "progressive", "amputation", "amputated",
    "ICD-10-CM", "HPO", "immunosuppressive", "melanoma", "oesophageal", "paralysis",
}  # fmt: skip
# long words (four syllables or more) that are everyday English, not terms: kept short, and honest
EVERYDAY = {
    "alcoholism", "complicated", "considered", "developed", "diabetes", "difficulty", "educational", "emergency",
    "everyday", "explanations", "information", "mistakenly", "noticeably", "operation", "organisations",
    "particular", "procedures", "professional", "recovering", "secondary", "sensitivity", "sometimes", "vegetables",
}  # fmt: skip


def _texts(blocks: tuple[Block, ...]) -> Iterator[str]:
    """The prose a reader reads: every block's text but the sources' list and the standard codes."""
    skipping = False
    for block in blocks:
        if isinstance(block, Title | Heading):
            skipping = block.text in ("Standard codes", "Sources")
            if not skipping:
                yield block.text
        elif skipping:
            continue
        elif isinstance(block, Para):
            yield block.text
        elif isinstance(block, Bullets):
            yield from block.items
        elif isinstance(block, Fields):
            yield from (value for _, value in block.pairs)
        elif isinstance(block, Grid):
            yield from (plain(cell) for row in block.rows for cell in row)


def _prose(store: Store) -> str:
    """The prose of `overview` and of `show NAME` for every cause and form, without addresses or code labels."""
    views = [overview_view(store)]
    views += [show_view(store, row["id"]) for row in store.cause_rows()]
    views += [show_view(store, form["id"]) for form in store.forms()]
    labels = {label for subject in store.coded() for label in _labels(subject["codes"])}  # the release's words
    # each page's own "Hard words" section is the glossary's text: the page's prose is what comes before it
    text = "\n".join(t for view in views for t in _texts(_before_hard_words(view.blocks)))
    for label in sorted(labels, key=len, reverse=True):
        text = text.replace(label, " ")
    return re.sub(r"https?://\S+", " ", text)


def _before_hard_words(blocks: tuple[Any, ...]) -> tuple[Any, ...]:
    """A page's blocks but its "Hard words on this page" section (a heading and its fields)."""
    at = next((i for i, b in enumerate(blocks) if getattr(b, "text", None) == HARD_WORDS), None)
    return blocks if at is None else blocks[:at] + blocks[at + 2 :]


def _labels(codes: Any) -> Iterator[str]:
    """Every label a subject's codes carry (the release's descriptions)."""
    if isinstance(codes, dict):
        for key, value in codes.items():
            if key == "label" and isinstance(value, str):
                yield value
            else:
                yield from _labels(value)
    elif isinstance(codes, list):
        for item in codes:
            yield from _labels(item)


def _glossary_words(store: Store) -> set[str]:
    """Every word of every glossary term and alias, folded."""
    return {w for entry in store.glossary() for key in term_keys(entry) for w in key.split()}


def test_the_glossary_holds_every_hard_term_the_pages_use(store: Store) -> None:
    prose = _prose(store).casefold().replace("-", " ")
    keys = {key for entry in store.glossary() for key in term_keys(entry)}
    used = [t for t in HARD_TERMS if re.search(rf"\b{re.escape(t.casefold().replace('-', ' '))}\b", prose)]
    assert len(used) > 15  # the prose is read: most of the list is in it
    missing = [t for t in used if t.casefold().replace("-", " ") not in keys and t not in NO_SOURCE_YET]
    assert missing == []


def test_every_long_word_of_the_pages_is_a_glossary_word_or_everyday(store: Store) -> None:
    syllables: Callable[[str], int] = LANGDATA["en"]["syllables"]
    words = {w.casefold() for w in re.findall(r"[A-Za-z]+", _prose(store))}
    long_words = {w for w in words if syllables(w) >= 4}
    assert len(long_words) > 20
    unexplained = long_words - _glossary_words(store) - EVERYDAY - {w.casefold() for w in NO_SOURCE_YET}
    assert sorted(unexplained) == []


def test_the_lists_of_exceptions_hold_no_word_the_glossary_now_explains(store: Store) -> None:
    keys = {key for entry in store.glossary() for key in term_keys(entry)}
    assert sorted(t for t in NO_SOURCE_YET if t.casefold() in keys) == []
    assert sorted(EVERYDAY & _glossary_words(store)) == []


# a real process


@pytest.mark.process
def test_show_myelin_in_a_process_of_its_own(store: Store) -> None:
    result = run_neuroleg("show", "myelin")
    assert (result.returncode, result.stderr) == (0, "")
    assert meaning(store, "myelin") in flat(result.stdout)
