"""`neuroleg match`: symptoms and risk factors in everyday words, ranked causes, the disclaimer first."""

from __future__ import annotations

import copy
import csv
import io
import json
import pickle
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import BUNDLED, Installed, Page, generated_kb, invoke, ok

from neuroleg.db.cache import open_store
from neuroleg.db.store import Store
from neuroleg.domain.match import MAX_WORDS, match_causes, resolve_symptom
from neuroleg.errors import NoMatchError, UsageError
from neuroleg.kb.source_file import bundled_data_path
from neuroleg.text.words import stem, stems_meet
from neuroleg.views.notes import match_disclaimer

DATA: dict[str, Any] = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
MEDICAL_HELP: dict[str, Any] = DATA["medical_help"]
HELP_URLS = list(dict.fromkeys(a["url"] for a in MEDICAL_HELP["advice"]))
HELP_LINE = (  # when nothing meets, and on a terminal after the results: the section in a line
    f"{MEDICAL_HELP['title']}: read it in full, each point with its page, in 'neuroleg overview' or the handout "
    "('neuroleg export')."
)
FORMATS = ["table", "plain", "markdown", "html", "json", "yaml", "csv"]
# the causes the file leads to peripheral neuropathy, with the evidence it gives for each
TO_PERIPHERAL = {
    c["id"]: link["evidence"]
    for c in DATA["causes"]
    for link in c.get("leads_to", [])
    if link["form"] == "peripheral-neuropathy"
}

DISCLAIMER = match_disclaimer("leg pain")  # the bundled file's condition, in its short form


def match_json(*args: str) -> Any:
    result = invoke("match", *args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def store() -> Store:
    return open_store(bundled_data_path(), cache=None)


# resolving everyday words


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("tingling", ("tingling",)),
        ("Tingling", ("tingling",)),
        ("tingly feet", ("tingling",)),
        ("TINGLY", ("tingling",)),
        ("leg pain", ("leg-pain",)),
        ("pain in my legs", ("leg-pain",)),
        ("burning", ("burning-pain",)),
        ("pins and needles", ("tingling",)),
        ("numb", ("numbness",)),
        ("thigh weakness", ("thigh-muscle-weakness",)),
        ("sudden pain", ("sudden-severe-pain",)),
        ("sensitive to touch", ("touch-sensitivity",)),
        ("pain at night", ("night-pain",)),
        ("weakness-when-walking", ("weakness-when-walking",)),
    ],
)
def test_everyday_words_resolve_to_the_symptom_terms(store: Store, typed: str, expected: tuple[str, ...]) -> None:
    assert resolve_symptom(typed, store.symptoms()) == expected


def test_a_word_shared_by_several_terms_resolves_to_all_of_them(store: Store) -> None:
    assert set(resolve_symptom("weak legs", store.symptoms())) == {
        "weakness-when-walking",
        "thigh-muscle-weakness",
        "muscle-weakness",
    }


def test_a_body_part_alone_does_not_pull_in_every_symptom_of_that_part(store: Store) -> None:
    assert "leg-pain" not in resolve_symptom("weak legs", store.symptoms())


@pytest.mark.parametrize("typed", ["legs", "itchy", "", "   ", "the and of"])
def test_words_the_reference_does_not_use_resolve_to_nothing(store: Store, typed: str) -> None:
    assert resolve_symptom(typed, store.symptoms()) == ()


def test_stems_meet_across_endings_but_not_across_short_prefixes() -> None:
    assert stems_meet(stem("tingling"), stem("tingly"))
    assert stems_meet(stem("sensitivity"), stem("sensitive"))
    assert not stems_meet(stem("numb"), stem("night"))
    assert not stems_meet("leg", "legal")  # three letters are too few to stand for a longer word


# ranking


def test_a_subtype_symptom_ranks_its_cause_first_and_says_through_which_subtype(store: Store) -> None:
    result = match_causes(store, ["sudden severe pain", "weak thighs"], [])
    first = result.causes[0]
    assert first.id == "diabetes"
    assert [m.via for m in first.meetings] == ["Diabetic amyotrophy", "Diabetic amyotrophy"]
    assert first.missed == ()


def test_causes_meeting_more_items_rank_above_those_meeting_fewer(store: Store) -> None:
    result = match_causes(store, ["tingling"], ["smoking", "surgery"])
    # a risk factor that counts only among people who have the cause (smoking: diabetes) is not weighed
    met = [sum(1 for m in c.meetings if m.among is None) for c in result.causes]
    assert met == sorted(met, reverse=True) and met[0] == 2
    assert {c.id for c in result.causes if met[result.causes.index(c)] == 2} == {"cancer"}  # tingling + surgery


def test_a_rare_item_outranks_one_every_cause_shares(store: Store) -> None:
    result = match_causes(store, ["leg pain", "loss of balance"], [])
    assert result.causes[0].id == "chemotherapy"  # the only cause linked to loss of balance (through its form)
    assert result.causes[0].score > result.causes[1].score


def test_leg_pain_alone_meets_every_cause(store: Store) -> None:
    result = match_causes(store, ["leg pain"], [])
    assert {c.id for c in result.causes} == {row["id"] for row in store.cause_rows()}


def test_a_risk_factor_meets_the_causes_whose_texts_name_it(store: Store) -> None:
    result = match_causes(store, [], ["smoking"])
    assert [c.id for c in result.causes] == ["diabetes"]
    meeting = result.causes[0].meetings[0]
    # diabetes lists it as raising the risk of diabetic neuropathy, not of diabetes
    assert (meeting.what, meeting.fact, meeting.via, meeting.link, meeting.among) == (
        "risk factor of diabetic neuropathy in people with diabetes",
        "Smoking.",
        None,
        "direct",
        "people with diabetes",
    )


def test_risk_factors_meeting_more_texts_than_a_query_may_name_are_read_from_every_row(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the rows of the texts that met are asked for by name, up to SQLite's cap on parameters; past it, all rows
    given = (["numbness"], ["surgery", "drinking", "smoking", "diabetes"])
    by_name = match_causes(store, *given)
    monkeypatch.setattr("neuroleg.domain.match._MAX_PARAMETERS", 0)
    assert match_causes(store, *given) == by_name
    assert {m.term for c in by_name.causes for m in c.meetings if m.kind == "risk"} == set(given[1])


def test_a_risk_factor_of_several_words_needs_all_of_them_in_one_text(store: Store) -> None:
    result = match_causes(store, [], ["drinking for years"])
    assert [(c.id, [m.fact for m in c.meetings]) for c in result.causes] == [
        ("alcohol", ["Drinking heavily for ten years or longer."])
    ]  # diabetes has both words, but in two risk factors: drinking too much alcohol; diabetes for 25 years


def test_a_risk_factor_that_names_a_cause_meets_it_as_the_condition_itself(store: Store) -> None:
    result = match_causes(store, [], ["chemo"])
    assert result.causes[0].id == "chemotherapy"
    assert result.causes[0].meetings[0].what == "the condition itself"


def test_a_subtype_risk_factor_says_through_which_subtype(store: Store) -> None:
    cancer = next(c for c in match_causes(store, [], ["amputation"]).causes if c.id == "cancer")
    assert (cancer.meetings[0].via, cancer.meetings[0].link) == ("Neuroma (a benign nerve growth)", "subtype")


def test_each_item_is_counted_once_even_when_given_twice(store: Store) -> None:
    result = match_causes(store, ["tingling", "TINGLING", " tingling "], [])
    assert [t.text for t in result.terms] == ["tingling"]
    assert all(len(c.meetings) == 1 for c in result.causes)


def test_the_same_input_gives_the_same_ranking(store: Store) -> None:
    assert match_causes(store, ["tingling", "leg pain"], ["surgery"]) == match_causes(
        store, ["tingling", "leg pain"], ["surgery"]
    )


# what cannot be matched


def test_an_unknown_word_is_reported_with_suggestions(store: Store) -> None:
    result = match_causes(store, ["tingling", "numbnes"], ["smokng", "smkoing"])
    assert [(u.text, u.kind) for u in result.unknown] == [("smkoing", "risk")]  # the others meet by their stems
    assert result.unknown[0].suggestions == ("Smoking",)  # the risk factor's own text, never a bare word


def test_nothing_met_raises_with_what_was_not_understood(store: Store) -> None:
    with pytest.raises(NoMatchError) as caught:
        match_causes(store, ["itchy"], ["astrology"])
    assert [u.text for u in caught.value.result.unknown] == ["itchy", "astrology"]


def test_a_symptom_of_a_form_meets_the_causes_that_lead_to_it(store: Store) -> None:
    result = match_causes(store, ["numbness"], [])
    through = {c.id: (c.meetings[0].via, c.meetings[0].origin["kind"] if c.meetings[0].origin else None)
               for c in result.causes}  # fmt: skip
    assert through == {
        "injury": ("Peripheral neuropathy", "article"),
        "diabetes": ("Diabetic neuropathy", "page"),  # its first form, whose symptoms an NIH page gives
        "alcohol": ("Peripheral neuropathy", "article"),
        "kidney-disease": ("Peripheral neuropathy", "article"),
        "chemotherapy": ("Chemotherapy-induced neuropathy", "page"),
    }
    for cause in result.causes:
        if cause.meetings[0].via == "Peripheral neuropathy":
            assert [(m.what, m.link, m.evidence) for m in cause.meetings] == [
                ("Numbness", "form", TO_PERIPHERAL[cause.id])
            ]
    assert result.general == ()


def no_cause_leads_to_peripheral_neuropathy(doc: dict[str, Any]) -> None:
    """No cause leads to any form, and only peripheral neuropathy lists numbness."""
    for cause in doc["causes"]:
        cause["leads_to"] = []
    for form in doc["forms"]:
        if form["id"] != "peripheral-neuropathy":
            form["symptoms"] = []


def test_a_symptom_of_a_form_no_cause_leads_to_is_explained(write_kb: Callable[..., Path]) -> None:
    path = write_kb(no_cause_leads_to_peripheral_neuropathy)
    with pytest.raises(NoMatchError) as caught:
        match_causes(open_store(path, cache=None), ["numbness"], [])
    assert caught.value.result.general == ("Numbness",)
    result = invoke("match", "numbness", "--data", str(path))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines()[1] == (
        "Numbness: a symptom of peripheral neuropathy in general, linked to no one cause here ('neuroleg overview')"
    )


@pytest.mark.parametrize("typed", ["sudden weight loss", "difficulty sleeping", "muscle cramps", "sharp burning"])
def test_one_shared_word_does_not_make_a_phrase_a_symptom(store: Store, typed: str) -> None:
    assert resolve_symptom(typed, store.symptoms()) == ()


def test_a_phrase_that_meets_terms_only_in_part_suggests_them(store: Store) -> None:
    with pytest.raises(NoMatchError) as caught:
        match_causes(store, ["sharp pains at night"], [])
    assert caught.value.result.unknown[0].suggestions[:2] == ("Sharp pain", "Pain that is worse at night")


def test_a_cause_bringing_a_symptom_directly_shows_that_link_not_a_subtype_s(store: Store) -> None:
    diabetes = next(c for c in match_causes(store, ["pain"], []).causes if c.id == "diabetes")
    assert [(m.what, m.via) for m in diabetes.meetings] == [("Leg pain", None)]


def test_a_symptom_and_a_risk_factor_of_the_same_words_are_two_items(write_kb: Callable[..., Path]) -> None:
    def add_risk(doc: dict[str, Any]) -> None:
        doc["causes"][0]["risk_factors"].append({"text": "Tingling in the feet after a fall."})

    result = match_causes(open_store(write_kb(add_risk), cache=None), ["tingling"], ["tingling"])
    assert [(t.kind, t.text) for t in result.terms] == [("symptom", "tingling"), ("risk", "tingling")]
    injury, *others = result.causes
    assert (injury.id, [m.kind for m in injury.meetings], injury.missed) == ("injury", ["symptom", "risk"], ())
    assert {(c.id, c.meetings[0].link) for c in others} == {
        ("diabetes", "form"),
        ("alcohol", "form"),
        ("kidney-disease", "form"),
        ("cancer", "subtype"),
        ("chemotherapy", "form"),
    }
    assert all(([m.kind for m in c.meetings], c.missed) == (["symptom"], ("tingling",)) for c in others)


@pytest.mark.parametrize("general", ["neuropathy", "leg pain", "nerve damage"])
def test_a_risk_factor_of_only_general_words_is_too_general(store: Store, general: str) -> None:
    with pytest.raises(NoMatchError) as caught:
        match_causes(store, [], [general])
    assert caught.value.result.unknown[0].too_general
    result = invoke("match", "--risk", general)
    assert f"risk factor {general!r}: too general to tell one cause from another here" in result.stderr


def test_blank_items_are_a_usage_error(store: Store) -> None:
    with pytest.raises(UsageError):
        match_causes(store, ["", "  "], ["\t"])
    assert invoke("match", "").exit_code == 2


def test_an_item_longer_than_a_phrase_is_not_read(store: Store) -> None:
    sentence = " ".join(["smoking"] * (MAX_WORDS + 1))
    with pytest.raises(NoMatchError):
        match_causes(store, [sentence], [sentence])


def test_a_risk_factor_of_thousands_of_words_on_a_big_file_is_answered_at_once(write_kb: Callable[..., Path]) -> None:
    def grow(doc: dict[str, Any]) -> None:
        doc["causes"] = [
            {
                **copy.deepcopy(c),
                "id": f"c{i}-{c['id']}",
                "name": f"Clone {i} {c['name']}",
                "aliases": [],
                "related": [],
            }
            for i in range(250)
            for c in doc["causes"]
        ]

    path = write_kb(grow)
    words = " ".join(f"word{i}" for i in range(5000))
    result = invoke("match", "tingling", "--risk", words, "--data", str(path), "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["unrecognised"][0]["kind"] == "risk"


# the command


def test_every_format_puts_the_disclaimer_first() -> None:
    assert yaml.safe_load(invoke("match", "tingling", "-f", "yaml").stdout)["disclaimer"] == DISCLAIMER
    page = invoke("match", "tingling", "-f", "html").stdout
    assert page.index("Educational, not diagnostic") < page.index("the reference links it to what you gave")
    plain = invoke("match", "tingling", "-f", "plain").stdout
    assert plain.index("Educational, not diagnostic") < plain.index("1. ")
    markdown = invoke("match", "tingling", "-f", "markdown").stdout
    assert markdown.splitlines()[2].startswith("> **Note:** Educational, not diagnostic")
    assert next(iter(match_json("tingling"))) == "disclaimer"
    assert match_json("tingling")["disclaimer"] == DISCLAIMER


def test_plain_output_lists_each_cause_with_what_met_what_did_not_and_each_fact_s_source() -> None:
    out = " ".join(invoke("match", "tingly feet", "--risk", "smoking").stdout.split())
    # smoking: only diabetes, and only among people with diabetes: it is shown, not counted; tingling: injury
    # directly, cancer through a subtype, the others through a form
    assert "1. Injury and trauma (injury): the reference links it to 1 of the 2 items you gave" in out
    assert (
        "2. Diabetes (diabetes): the reference links it to 1 of the 2 items you gave, and names smoking as a risk "
        "factor in people with diabetes"
    ) in out
    article = "the Nevada Pain article"  # named by its publisher in a line; in full in the list of sources
    assert f"tingly feet: Tingling. A tingling feeling. (Source: {article}.)" in out
    assert f"smoking: risk factor of diabetic neuropathy in people with diabetes. Smoking. (Source: {article}.)" in out
    assert "tingly feet: Tingling, through its subtype Benign tumours and lumps. A tingling feeling." in out
    assert "The reference does not link: smoking" in out
    assert "Not met" not in out


def test_json_gives_the_resolution_ranking_and_sources() -> None:
    doc = match_json("tingly feet", "-r", "surgery")
    assert doc["given"] == {
        "symptoms": [{"text": "tingly feet", "resolved": [{"id": "tingling", "name": "Tingling"}], "phrases": []}],
        "risk_factors": ["surgery"],
    }
    cancer = doc["causes"][0]
    assert cancer["id"] == "cancer"
    assert [m["term"] for m in cancer["met"]] == ["tingly feet", "surgery"]
    article = {"kind": "article", **DATA["source_article"]}
    assert cancer["met"][1] == {
        "term": "surgery",
        "kind": "risk",
        "what": "risk factor",
        "fact": "A nerve that has been cut through by an injury, an amputation or surgery.",
        "via": "Neuroma (a benign nerve growth)",
        "sources": [],
        "link": "subtype",
        "evidence": None,
        "origin": article,
        "evidence_origin": None,
        "among": None,
    }
    post = next(c for c in doc["causes"] if c["id"] == "post-surgical")
    summary = next(c["summary"] for c in DATA["causes"] if c["id"] == "post-surgical")
    assert post["met"] == [
        {
            "term": "surgery",
            "kind": "risk",
            "what": "the condition itself",
            "fact": summary,
            "via": None,
            "sources": [],  # the summary is the article's own: it credits no organisation
            "link": "direct",
            "evidence": None,
            "origin": article,
            "evidence_origin": None,
            "among": None,
        }
    ]
    assert post["missed"] == ["tingly feet"]


def test_a_fact_is_credited_only_to_the_organisation_it_names(store: Store) -> None:
    diabetes = match_causes(store, ["weak thighs"], ["smoking"]).causes[0]
    assert diabetes.id == "diabetes"
    assert [m.sources for m in diabetes.meetings] == [(), ()]  # NINDS backs diabetes' figure, not these facts
    weakness = match_causes(store, ["muscle weakness"], []).causes[0].meetings[0]
    # NINDS's page gives muscle weakness as a symptom of peripheral neuropathy; the article, that injury leads there
    assert (weakness.sources, weakness.origin["id"], weakness.evidence_origin["kind"]) == (  # type: ignore[index]
        (),
        "ninds-peripheral-neuropathy",
        "article",
    )


def test_csv_has_a_row_per_cause_and_item_met_each_saying_it_is_not_a_diagnosis() -> None:
    result = invoke("match", "tingling", "-r", "surgery", "-f", "csv")
    assert result.stdout.startswith("note,medical_help,rank,cause,")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["note"] for r in rows} == {"Educational, not diagnostic"}
    assert {(r["cause"], r["term"], r["link"], r["via"]) for r in rows} == {
        ("cancer", "tingling", "subtype", "Benign tumours and lumps"),
        ("cancer", "surgery", "subtype", "Neuroma (a benign nerve growth)"),
        ("injury", "tingling", "direct", ""),
        ("diabetes", "tingling", "form", "Diabetic neuropathy"),
        ("alcohol", "tingling", "form", "Peripheral neuropathy"),
        ("kidney-disease", "tingling", "form", "Peripheral neuropathy"),
        ("chemotherapy", "tingling", "form", "Chemotherapy-induced neuropathy"),
        ("post-surgical", "surgery", "direct", ""),
    }
    assert {r["evidence"] for r in rows if r["cause"] in ("alcohol", "kidney-disease")} == {
        TO_PERIPHERAL["alcohol"],
        TO_PERIPHERAL["kidney-disease"],
    }
    assert {r["evidence"] for r in rows if r["link"] != "form"} == {""}
    assert {r["rank"] for r in rows if r["cause"] == "cancer"} == {"1"}


def test_unrecognised_words_are_listed_in_the_output_with_suggestions() -> None:
    result = invoke("match", "tingling", "-r", "smkoing")
    assert result.exit_code == 0
    assert "risk factor 'smkoing': not in this reference; did you mean 'Smoking'?" in " ".join(result.stdout.split())


def test_nothing_met_exits_1_with_reasons_then_when_to_get_medical_help_on_stderr() -> None:
    result = invoke("match", "itchy", "--risk", "astrology")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "neuroleg: 'itchy' is not in this reference, and nothing in it is close; see 'neuroleg symptoms' for the "
        "words it knows",
        "risk factor 'astrology': not in this reference, and nothing in it is close ('neuroleg causes' lists them)",
        HELP_LINE,
    ]


def test_a_risk_factor_that_was_not_utf8_in_argv_is_not_in_this_reference() -> None:
    # Python hands such a byte over as a lone surrogate, which SQLite cannot take: it names nothing
    result = invoke("match", "itchy", "--risk", "\udcff")
    assert result.exit_code == 1
    said = "risk factor '\\udcff': not in this reference, and nothing in it is close ('neuroleg causes' lists them)"
    assert said in result.stderr.splitlines()
    result = invoke("match", "tingling", "--risk", "smok\udcffing")
    assert result.exit_code == 0 and "risk factor 'smok\\udcffing': not in this reference" in result.stdout


def test_no_symptom_and_no_risk_factor_is_a_usage_error() -> None:
    result = invoke("match")
    assert result.exit_code == 2
    assert "give at least one symptom or --risk factor" in result.stderr


def test_ten_thousand_unknown_words_give_a_few_lines() -> None:
    result = invoke("match", *(f"xyzzy{i}" for i in range(10_000)))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "neuroleg: 'xyzzy0', 'xyzzy1', 'xyzzy2' and 9,997 more are not in this reference, and nothing in it is "
        "close; see 'neuroleg symptoms' for the words it knows",
        HELP_LINE,
    ]


def test_many_words_with_something_to_say_each_give_a_few_lines() -> None:
    parts = ["feet", "legs", "toes", "hands", "thighs", "calf", "hips", "arms", "back", "knees", "ankles"]
    result = invoke("match", "itchx", *parts)  # a body part is not a symptom: each says so, up to a point
    lines = result.stderr.splitlines()
    assert result.exit_code == 1 and len(lines) == 9
    assert lines[1] == "'feet': a part of the body, not a symptom; say what you feel there"
    assert re.fullmatch(r"\.\.\. and \d+ more not in this reference", lines[-2]) and lines[-1] == HELP_LINE


def test_hostile_text_in_a_term_is_shown_escaped() -> None:
    result = invoke("match", "\x1b\x07tingling\u202e", "-f", "markdown")
    assert result.exit_code == 0  # the word between the escapes still meets tingling
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout and "\x07" not in result.stdout
    assert "^\\[^Gtingling\\<U+202E\\>" in result.stdout  # Markdown escapes the caret's bracket too
    missing = invoke("match", "\x1b]0;xyzzy\x07")
    assert missing.exit_code == 1
    assert "\x1b" not in missing.stderr and "'\\x1b]0;xyzzy\\x07'" in missing.stderr


def test_terms_in_a_replaced_knowledge_base_are_matched(write_kb: Callable[..., Path]) -> None:
    def rename(doc: dict[str, Any]) -> None:
        doc["symptoms"].append({"id": "itching", "name": "Itching feet", "description": "An itching feeling."})
        doc["causes"][0]["symptoms"].append("itching")

    path = write_kb(rename)
    result = invoke("match", "itching", "--data", str(path), "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert [c["id"] for c in json.loads(result.stdout)["causes"]] == ["injury"]


# when to get medical help: with every result, in every format, and on stderr when nothing meets


def assert_medical_help(fmt: str, out: str, first: str) -> None:
    """`out`, a match in format `fmt` whose first cause's heading is `first`, carries the medical-help section
    with each page's address, whole, before the causes (on a terminal: in short, after them)."""
    if fmt in ("json", "yaml"):
        doc = json.loads(out) if fmt == "json" else yaml.safe_load(out)
        assert doc["medical_help"] == MEDICAL_HELP
        assert list(doc)[:2] == ["disclaimer", "medical_help"]
        return
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert rows and all(url in row["medical_help"] for row in rows for url in HELP_URLS)
        assert all(row["medical_help"].startswith(MEDICAL_HELP["title"]) for row in rows)
        return
    if fmt == "table":  # on a terminal: after the causes, in short, pointing to the full text
        flat = " ".join(out.split())
        assert flat.index(first) < flat.index("Educational, not diagnostic") < flat.index(HELP_LINE)
        assert not any(" ".join(a["text"].split()) in flat for a in MEDICAL_HELP["advice"])  # in short: no points
        return
    if fmt == "html":
        page = Page(out)
        assert page.problems == []
        assert MEDICAL_HELP["title"] in [h.content() for h in page.all("h2")]
        assert set(HELP_URLS) <= {a.attrs.get("href") for a in page.all("a")}
        out = page.text()
    for url in HELP_URLS:  # whole: never cut where a line wraps
        assert url in out
    flat = " ".join(out.split())
    # the disclaimer, then the section, then the causes
    assert flat.index("Educational, not diagnostic") < flat.index(MEDICAL_HELP["title"]) < flat.index(first)
    assert flat.index(HELP_URLS[-1]) < flat.index(first)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("symptom", "first"),
    [("sudden severe pain", "1. Diabetes (diabetes)"), ("numbness", "1. Injury and trauma (injury)")],
)
def test_every_format_of_a_match_carries_when_to_get_medical_help(symptom: str, first: str, fmt: str) -> None:
    result = invoke("match", symptom, "-f", fmt)
    assert (result.exit_code, result.stderr) == (0, "")
    assert_medical_help(fmt, result.stdout, first)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_match_that_meets_nothing_gives_when_to_get_medical_help_on_stderr_in_a_line(fmt: str) -> None:
    result = invoke("match", "xyzzy", "-f", fmt)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        "neuroleg: 'xyzzy' is not in this reference, and nothing in it is close; see 'neuroleg symptoms' for the "
        "words it knows",
        HELP_LINE,
    ]


@pytest.mark.parametrize("fmt", ["table", "plain", "markdown", "html"])
def test_what_a_cause_is_not_linked_to_is_worded_as_the_reference_not_linking_it(fmt: str) -> None:
    out = invoke("match", "tingly feet", "--risk", "surgery", "-f", fmt).stdout
    if fmt == "html":  # a term and its definition
        page = Page(out)
        elements = page.elements
        pairs = [(e.content(), elements[i + 1].content()) for i, e in enumerate(elements) if e.tag == "dt"]
        assert ("The reference does not link", "surgery") in pairs  # injury
        assert ("The reference does not link", "tingly feet") in pairs  # post-surgical neuropathy
        text = page.text()
    else:
        text = " ".join(out.replace("**", "").split())
        assert "The reference does not link: surgery" in text
        assert "The reference does not link: tingly feet" in text
    assert "Not met" not in text and "meets 1 of" not in text


def test_numbness_is_reached_through_peripheral_neuropathy_with_its_evidence() -> None:
    doc = match_json("numbness")
    assert doc["given"]["symptoms"] == [
        {"text": "numbness", "resolved": [{"id": "numbness", "name": "Numbness"}], "phrases": []}
    ]
    through_peripheral = [c for c in doc["causes"] if c["met"][0]["via"] == "Peripheral neuropathy"]
    assert [c["id"] for c in through_peripheral] == ["injury", "alcohol", "kidney-disease"]
    assert list(TO_PERIPHERAL) == ["injury", "diabetes", "alcohol", "kidney-disease"]  # diabetes: its own form first
    article = {"kind": "article", **DATA["source_article"]}
    for cause in through_peripheral:
        assert cause["met"] == [
            {
                "term": "numbness",
                "kind": "symptom",
                "what": "Numbness",
                "fact": "Loss of feeling.",
                "via": "Peripheral neuropathy",
                "sources": [],
                "link": "form",
                "evidence": TO_PERIPHERAL[cause["id"]],
                "origin": article,
                "evidence_origin": article,
                "among": None,
            }
        ]
    assert doc["general"] == [] and doc["unrecognised"] == []
    plain = " ".join(invoke("match", "numbness", "-f", "plain").stdout.split())
    ranks = {c["id"]: rank for rank, c in enumerate(doc["causes"], 1)}
    source = "the Nevada Pain article"
    for cause in through_peripheral:
        cause_id, evidence = cause["id"], TO_PERIPHERAL[cause["id"]]
        name = next(c["name"] for c in DATA["causes"] if c["id"] == cause_id)
        assert f"{ranks[cause_id]}. {name} ({cause_id}): the reference links it to what you gave" in plain
        assert (
            "numbness: Numbness, through peripheral neuropathy. Loss of feeling. It is a symptom of peripheral "
            f"neuropathy (source: {source}), which this cause can lead to: {' '.join(evidence.split())} "
            f"(Source: {source}.)"
        ) in plain


@pytest.mark.slow
@pytest.mark.process
def test_the_installed_command_matches_and_exits_1_on_nothing(installed: Installed) -> None:
    found = installed.run("match", "tingly feet", "-f", "json")
    assert found.returncode == 0, found.stderr
    assert {c["id"] for c in json.loads(found.stdout)["causes"]} == {
        "injury", "cancer", "alcohol", "kidney-disease", "diabetes", "chemotherapy"
    }  # fmt: skip
    missing = installed.run("match", "xyzzy")
    assert missing.returncode == 1
    assert "'xyzzy' is not in this reference" in missing.stderr
    assert "Traceback" not in missing.stderr


# how many causes a page shows: a big file links thousands to one symptom


def test_match_shows_the_best_20_and_says_how_many_more_are_linked(tmp_path: Path) -> None:
    path = generated_kb(tmp_path / "big.yaml", 40)  # 48 causes: more than 20 of them link tingling
    every = json.loads(ok("match", "tingling", "--limit", "0", "-f", "json", "--data", str(path)))
    page = json.loads(ok("match", "tingling", "-f", "json", "--data", str(path)))
    assert len(every["causes"]) > 20 and every["more"] == 0
    assert page["causes"] == every["causes"][:20]  # the same ranking, cut after 20
    assert page["more"] == len(every["causes"]) - 20
    text = ok("match", "tingling", "--data", str(path))
    assert f"{page['more']:,} more causes are linked too: '--limit 0' lists them all." in " ".join(text.split())
    assert "20. " in text and "21. " not in text


def test_match_limit_cuts_every_format_alike() -> None:
    rows = list(csv.DictReader(io.StringIO(ok("match", "numbness", "tingling", "-n", "1", "-f", "csv"))))
    assert {row["rank"] for row in rows} == {"1"}
    shown = json.loads(ok("match", "numbness", "tingling", "-n", "1", "-f", "json"))
    assert [c["id"] for c in shown["causes"]] == [rows[0]["cause"]]
    assert shown["more"] == len(json.loads(ok("match", "numbness", "tingling", "-f", "json"))["causes"]) - 1


def test_match_refuses_a_negative_limit() -> None:
    result = invoke("match", "tingling", "--limit", "-1")
    assert result.exit_code == 2
    assert "--limit" in result.stderr and result.stdout == ""


# a limit makes only the best causes: a big file meets thousands, a page shows twenty


def test_a_limit_keeps_the_best_causes_and_counts_them_all(store: Store) -> None:
    whole = match_causes(store, ["numbness"], ["smoking"])
    best = match_causes(store, ["numbness"], ["smoking"], limit=2)
    assert len(whole.causes) >= 4 and whole.total == len(whole.causes)
    assert best.causes == whole.causes[:2] and best.total == whole.total
    assert best._replace(causes=whole.causes) == whole  # nothing else differs
    assert pickle.loads(pickle.dumps(best)) == best  # plain data: no tie to the store
    assert json.loads(json.dumps(best._asdict()))["total"] == whole.total


def test_only_the_causes_within_the_limit_are_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = open_store(generated_kb(tmp_path / "big.yaml", 2_000), cache=None)  # about 1,000 bring tingling
    asked: list[int] = []
    labels = big.cause_labels
    monkeypatch.setattr(big, "cause_labels", lambda ids: asked.append(len(ids)) or labels(ids))
    best = match_causes(big, ["tingling"], [], limit=20)
    assert asked == [20] and len(best.causes) == 20 and best.total > 500
    asked.clear()
    whole = match_causes(big, ["tingling"], [])
    assert sum(asked) == whole.total == len(whole.causes) and max(asked) <= 500  # in batches: SQLite's cap
    assert whole.causes[:20] == best.causes
    result = invoke("match", "tingling", "-n", "20", "-f", "json", "--data", str(tmp_path / "big.yaml"))
    assert json.loads(result.stdout)["more"] == whole.total - 20
