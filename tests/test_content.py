"""The bundled knowledge base says what the source article says, in its own words, with its sources."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import BUNDLED, ROOT

from neuroleg.db.cache import open_store
from neuroleg.db.store import Store
from neuroleg.kb.schema import KnowledgeBase
from neuroleg.kb.validate import parse_knowledge_base

SHARED = ROOT.parent / "shared"
ARTICLE = SHARED / "sources" / "neuropathic-leg-pain-article.txt"
PARAPHRASE_CHECK = SHARED / "tools" / "paraphrase-check"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return parse_knowledge_base(BUNDLED.read_bytes(), str(BUNDLED), strict=True)


@pytest.fixture(scope="module")
def store() -> Store:
    return open_store(BUNDLED, None)


def strings(value: Any) -> Iterator[str]:
    """Every piece of text in a value, however deeply nested."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def text_of(kb: KnowledgeBase, where: str) -> str:
    """All the text of one cause (with its subtypes), or of the overview, as one string."""
    if where == "overview":
        return " ".join(strings(kb.overview.model_dump()))
    cause = next(c for c in kb.causes if c.id == where)
    return " ".join(strings(cause.model_dump()))


@pytest.mark.process
def test_no_sentence_of_the_article_is_copied() -> None:
    if not PARAPHRASE_CHECK.exists() or not ARTICLE.exists():
        pytest.skip(f"the shared folder with the article and its checker is not beside the checkout ({SHARED})")
    result = subprocess.run(
        [sys.executable, str(PARAPHRASE_CHECK), str(ARTICLE), str(BUNDLED)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_every_statistic_names_a_known_source_and_a_population(kb: KnowledgeBase) -> None:
    sources = {s.id for s in kb.sources}
    stats = [(c.id, s) for c in kb.causes for s in c.statistics]
    assert len(stats) == 3
    for cause_id, stat in stats:
        assert stat.source in sources, cause_id
        assert stat.population.strip(), cause_id


def test_every_statistic_source_is_listed_among_the_sources_of_its_cause(kb: KnowledgeBase, store: Store) -> None:
    from neuroleg.views.causes import show_view

    for cause in kb.causes:
        listed = {s["id"] for s in show_view(store, cause.id).data["sources"]}
        for stat in cause.statistics:
            assert stat.source in listed, (cause.id, stat.label)


@pytest.mark.parametrize(
    ("cause_id", "figure", "source_id", "organisation", "population"),
    [
        (
            "diabetes",
            {"low": 60, "high": 70, "value": None, "qualifier": None},
            "ninds",
            "National Institute of Neurological Disorders and Stroke",
            "diabetes",
        ),
        (
            "alcohol",
            {"low": None, "high": None, "value": 50, "qualifier": "up to"},
            "nih",
            "National Institutes of Health",
            "heavy alcohol",
        ),
        (
            "chemotherapy",
            {"low": 30, "high": 40, "value": None, "qualifier": None},
            "nci",
            "National Cancer Institute",
            "chemotherapy",
        ),
    ],
    ids=["60-70%-ninds-diabetes", "up-to-50%-nih-alcohol", "30-40%-nci-chemotherapy"],
)
def test_sourced_figure_of_the_article_is_present(
    kb: KnowledgeBase, cause_id: str, figure: dict[str, Any], source_id: str, organisation: str, population: str
) -> None:
    cause = next(c for c in kb.causes if c.id == cause_id)
    assert len(cause.statistics) == 1
    stat = cause.statistics[0]
    assert {k: getattr(stat, k) for k in figure} == figure
    assert stat.unit == "percent"
    assert stat.source == source_id
    assert population in stat.population
    source = next(s for s in kb.sources if s.id == source_id)
    assert source.name == organisation
    assert source.short == source_id.upper()


def test_every_source_has_an_https_url(kb: KnowledgeBase) -> None:
    assert len(kb.sources) == 4
    for source in kb.sources:
        assert re.fullmatch(r"https://[a-z0-9.-]+\.[a-z]{2,}/\S*", source.url), source.url


def test_mayo_clinic_is_a_source_of_the_post_surgical_entry(kb: KnowledgeBase) -> None:
    cause = next(c for c in kb.causes if c.id == "post-surgical")
    assert cause.sources == ["mayo-clinic"]
    assert "Mayo Clinic" in cause.summary


def test_disclaimer_says_this_is_not_medical_advice(kb: KnowledgeBase) -> None:
    disclaimer = kb.overview.disclaimer
    assert re.search(r"\b(not|never)\b[^.]*\bmedical advice\b", disclaimer, re.IGNORECASE), disclaimer
    assert re.search(r"\bdoctor\b", disclaimer)


def test_no_figure_appears_in_prose_without_a_statistic_behind_it(kb: KnowledgeBase) -> None:
    figures = {f"{n:g}" for c in kb.causes for s in c.statistics for n in (s.low, s.high, s.value) if n is not None}
    for cause in kb.causes:
        for number in re.findall(r"\b(\d+) percent\b", text_of(kb, cause.id)):
            assert number in figures, (cause.id, number)


FACTS = [
    # the overview
    ("overview", r"nervous system"),
    ("overview", r"heart"),
    ("overview", r"blood pressure"),
    ("overview", r"spinal cord"),
    ("overview", r"hot stove"),
    ("overview", r"peripheral neuropathy"),
    ("overview", r"feet and legs"),
    ("overview", r"hands and arms"),
    ("overview", r"numbness"),
    ("overview", r"tingling"),
    ("overview", r"worse at night"),
    ("overview", r"sensitive to touch"),
    ("overview", r"quality of life"),
    # injury
    ("injury", r"leading cause|most common cause"),
    ("injury", r"football"),
    ("injury", r"\b(car|road traffic)\b"),
    ("injury", r"\bcut\b|severed"),
    ("injury", r"crushed"),
    ("injury", r"stretch"),
    ("injury", r"broken bone"),
    # diabetes
    ("diabetes", r"blood sugar"),
    ("diabetes", r"glucose"),
    ("diabetes", r"oxygen and nutrients"),
    ("diabetes", r"[Ss]moking"),
    ("diabetes", r"alcohol"),
    ("diabetes", r"\b25 years\b"),
    ("diabetes", r"radiculoplexus"),
    ("diabetes", r"hips, thighs or legs"),
    ("diabetes", r"\bone side\b.*\bboth\b"),
    ("diabetes", r"[Oo]lder adults.*type 2 diabetes"),
    ("diabetes", r"thigh muscles"),
    ("diabetes", r"getting up after sitting|standing up"),
    ("diabetes", r"severe pain.*(abrupt|sudden)"),
    # heavy alcohol use
    ("alcohol", r"\b(ten years|decade|10 years)\b"),
    ("alcohol", r"\bpoison"),
    ("alcohol", r"fruit"),
    ("alcohol", r"vegetables"),
    ("alcohol", r"kidney"),
    # kidney disease
    ("kidney-disease", r"filter"),
    ("kidney-disease", r"toxins|poisons"),
    # multiple sclerosis
    ("multiple-sclerosis", r"autoimmune"),
    ("multiple-sclerosis", r"gets worse over time|progressive"),
    ("multiple-sclerosis", r"\bmyelin\b"),
    ("multiple-sclerosis", r"protective"),
    ("multiple-sclerosis", r"spinal cord"),
    # cancer
    ("cancer", r"\bsarcoma\b"),
    ("cancer", r"soft.tissue"),
    ("cancer", r"[Bb]one cancer"),
    ("cancer", r"metastasis"),
    ("cancer", r"nerve tissue itself can become cancerous"),
    ("cancer", r"benign"),
    ("cancer", r"\bneuroma\b"),
    ("cancer", r"\bamputation\b"),
    ("cancer", r"awkward"),
    # chemotherapy
    ("chemotherapy", r"\bTaxol\b"),
    ("chemotherapy", r"breast cancer"),
    ("chemotherapy", r"melanoma"),
    ("chemotherapy", r"o?esophageal"),
    ("chemotherapy", r"foot"),
    ("chemotherapy", r"mild to severe"),
    ("chemotherapy", r"ending their chemotherapy earlier"),
    ("chemotherapy", r"reducing the chemotherapy dose"),
    ("chemotherapy", r"goes away once their treatment is finished"),
    ("chemotherapy", r"months or even years"),
    # post-surgical neuropathy
    ("post-surgical", r"Mayo Clinic"),
    ("post-surgical", r"\brarely\b|\brare\b"),
    ("post-surgical", r"inflammation"),
    ("post-surgical", r"immune system"),
    ("post-surgical", r"\bhip (surgery|operation)\b"),
    ("post-surgical", r"muscle weakness"),
    ("post-surgical", r"pulls|stretch"),
    ("post-surgical", r"squeezes|compress"),
    ("post-surgical", r"\bimmunosuppressive\b"),
]


@pytest.mark.parametrize(("where", "pattern"), FACTS, ids=[f"{w}:{p}" for w, p in FACTS])
def test_fact_of_the_article_is_present(kb: KnowledgeBase, where: str, pattern: str) -> None:
    assert re.search(pattern, text_of(kb, where)), f"{where} does not say /{pattern}/"


@pytest.mark.parametrize(
    ("name", "cause_id"),
    [
        ("taxol", "chemotherapy"),
        ("hip surgery", "post-surgical"),
        ("radiculoplexus neuropathy", "diabetes"),
        ("sarcoma", "cancer"),
        ("neuroma", "cancer"),
        ("kidney", "kidney-disease"),
        ("heavy drinking", "alcohol"),
        ("car accident", "injury"),
    ],
)
def test_article_terms_resolve_to_their_cause(store: Store, name: str, cause_id: str) -> None:
    assert store.resolve(name) == cause_id
