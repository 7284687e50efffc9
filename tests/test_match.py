"""`neuroleg match`: symptoms and risk factors in everyday words, ranked causes, the disclaimer first."""

from __future__ import annotations

import copy
import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import Installed, invoke

from neuroleg.db.cache import open_store
from neuroleg.db.store import Store
from neuroleg.domain.match import MAX_WORDS, match_causes, resolve_symptom
from neuroleg.errors import NoMatchError, UsageError
from neuroleg.kb.source_file import bundled_data_path
from neuroleg.text.words import stem, stems_meet
from neuroleg.views.notes import MATCH_DISCLAIMER as DISCLAIMER


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
        ("legs", ("leg-pain",)),
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


@pytest.mark.parametrize("typed", ["burning", "itchy", "", "   ", "the and of"])
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
    met = [len(c.meetings) for c in result.causes]
    assert met == sorted(met, reverse=True)
    assert {c.id for c in result.causes if len(c.meetings) == 2} == {"cancer"}  # tingling + neuroma's surgery


def test_a_rare_item_outranks_one_every_cause_shares(store: Store) -> None:
    result = match_causes(store, ["leg pain", "muscle weakness"], [])
    assert result.causes[0].id == "post-surgical"
    assert result.causes[0].score > result.causes[1].score


def test_leg_pain_alone_meets_every_cause(store: Store) -> None:
    result = match_causes(store, ["leg pain"], [])
    assert {c.id for c in result.causes} == {row["id"] for row in store.cause_rows()}


def test_a_risk_factor_meets_the_causes_whose_texts_name_it(store: Store) -> None:
    result = match_causes(store, [], ["smoking"])
    assert [c.id for c in result.causes] == ["diabetes"]
    assert result.causes[0].meetings[0].fact.startswith("Smoking raises the chance")


def test_a_risk_factor_of_several_words_needs_all_of_them(store: Store) -> None:
    ids = {c.id for c in match_causes(store, [], ["heavy drinking"]).causes}
    assert {"alcohol", "kidney-disease"} <= ids
    assert "diabetes" not in ids  # its text says drinking too much alcohol, not heavy drinking


def test_a_risk_factor_that_names_a_cause_meets_it_as_the_condition_itself(store: Store) -> None:
    result = match_causes(store, [], ["chemo"])
    assert result.causes[0].id == "chemotherapy"
    assert result.causes[0].meetings[0].what == "the condition itself"


def test_a_subtype_risk_factor_says_through_which_subtype(store: Store) -> None:
    cancer = next(c for c in match_causes(store, [], ["amputation"]).causes if c.id == "cancer")
    assert cancer.meetings[0].via == "Neuroma"


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
    assert "smoking" in result.unknown[0].suggestions


def test_nothing_met_raises_with_what_was_not_understood(store: Store) -> None:
    with pytest.raises(NoMatchError) as caught:
        match_causes(store, ["burning"], ["astrology"])
    assert [u.text for u in caught.value.result.unknown] == ["burning", "astrology"]


def test_a_general_symptom_linked_to_no_cause_is_explained(store: Store) -> None:
    with pytest.raises(NoMatchError) as caught:
        match_causes(store, ["numbness"], [])
    assert caught.value.result.general == ("Numbness",)


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
        doc["causes"][0]["risk_factors"].append("Tingling in the feet after a fall.")

    result = match_causes(open_store(write_kb(add_risk), cache=None), ["tingling"], ["tingling"])
    assert [(t.kind, t.text) for t in result.terms] == [("symptom", "tingling"), ("risk", "tingling")]
    injury, cancer = result.causes[:2]
    assert (injury.id, [m.kind for m in injury.meetings], injury.missed) == ("injury", ["symptom", "risk"], ())
    assert (cancer.id, [m.kind for m in cancer.meetings], cancer.missed) == ("cancer", ["symptom"], ("tingling",))


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
    assert page.index("Educational, not diagnostic") < page.index("meets 1 of 1")
    plain = invoke("match", "tingling", "-f", "plain").stdout
    assert plain.index("Educational, not diagnostic") < plain.index("1. ")
    markdown = invoke("match", "tingling", "-f", "markdown").stdout
    assert markdown.splitlines()[2].startswith("> **Note:** Educational, not diagnostic")
    assert next(iter(match_json("tingling"))) == "disclaimer"
    assert match_json("tingling")["disclaimer"] == DISCLAIMER


def test_plain_output_lists_each_cause_with_what_met_what_did_not_and_each_fact_s_source() -> None:
    out = " ".join(invoke("match", "tingly feet", "--risk", "smoking").stdout.split())
    assert "1. Diabetes (diabetes): meets 1 of 2" in out  # smoking: only diabetes; tingling: injury and cancer
    assert "2. Injury and trauma (injury): meets 1 of 2" in out
    assert "tingly feet: Tingling. A tingling feeling" in out
    assert (
        "smoking: risk factor. Smoking raises the chance of developing diabetic neuropathy. "
        "(Source: the source article.)" in out
    )
    assert "Not met: smoking" in out and "Not met: tingly feet" in out


def test_json_gives_the_resolution_ranking_and_sources() -> None:
    doc = match_json("tingly feet", "-r", "surgery")
    assert doc["given"] == {
        "symptoms": [{"text": "tingly feet", "resolved": [{"id": "tingling", "name": "Tingling"}]}],
        "risk_factors": ["surgery"],
    }
    cancer = doc["causes"][0]
    assert cancer["id"] == "cancer"
    assert [m["term"] for m in cancer["met"]] == ["tingly feet", "surgery"]
    assert cancer["met"][1] == {
        "term": "surgery",
        "kind": "risk",
        "what": "risk factor",
        "fact": "A nerve that has been cut through by an injury, an amputation or surgery.",
        "via": "Neuroma",
        "sources": [],
    }
    post = next(c for c in doc["causes"] if c["id"] == "post-surgical")
    assert post["met"][0]["what"] == "the condition itself"
    assert post["met"][0]["sources"] == [
        {"id": "mayo-clinic", "name": "Mayo Clinic", "short": "Mayo Clinic", "url": "https://www.mayoclinic.org/"}
    ]
    assert post["missed"] == ["tingly feet"]


def test_a_fact_is_credited_only_to_the_organisation_it_names(store: Store) -> None:
    diabetes = match_causes(store, ["weak thighs"], ["smoking"]).causes[0]
    assert diabetes.id == "diabetes"
    assert [m.sources for m in diabetes.meetings] == [(), ()]  # NINDS backs diabetes' figure, not these facts
    weakness = match_causes(store, ["muscle weakness"], []).causes[0]
    assert [s["short"] for s in weakness.meetings[0].sources] == ["Mayo Clinic"]  # "...in the Mayo Clinic study"


def test_csv_has_a_row_per_cause_and_item_met_each_saying_it_is_not_a_diagnosis() -> None:
    result = invoke("match", "tingling", "-r", "surgery", "-f", "csv")
    assert result.stdout.startswith("note,rank,cause,")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["note"] for r in rows} == {"Educational, not diagnostic"}
    assert {(r["cause"], r["term"]) for r in rows} == {
        ("cancer", "tingling"),
        ("cancer", "surgery"),
        ("injury", "tingling"),
        ("post-surgical", "surgery"),
    }
    assert {r["rank"] for r in rows if r["cause"] == "cancer"} == {"1"}


def test_unrecognised_words_are_listed_in_the_output_with_suggestions() -> None:
    result = invoke("match", "tingling", "-r", "smkoing")
    assert result.exit_code == 0
    assert "risk factor 'smkoing': not in this reference; did you mean 'smoking'?" in " ".join(result.stdout.split())


def test_nothing_met_exits_1_with_reasons_on_stderr() -> None:
    result = invoke("match", "numbness", "burning")
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == "neuroleg: no cause in this reference is linked to what you gave"
    assert lines[1].startswith("Numbness: a symptom of peripheral neuropathy in general")
    assert "symptom 'burning': not in this reference" in lines
    assert "this is not a diagnosis" in lines[-1]


def test_no_symptom_and_no_risk_factor_is_a_usage_error() -> None:
    result = invoke("match")
    assert result.exit_code == 2
    assert "give at least one symptom or --risk factor" in result.stderr


def test_ten_thousand_unknown_words_give_a_few_lines() -> None:
    result = invoke("match", *(f"xyzzy{i}" for i in range(10_000)))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 9
    assert lines[7] == "... and 9994 more not in this reference"  # 6 of the 10,000 shown
    assert "this is not a diagnosis" in lines[-1]


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
        doc["symptoms"].append({"id": "burning", "name": "Burning feet", "description": "A burning feeling."})
        doc["causes"][0]["symptoms"].append("burning")

    path = write_kb(rename)
    result = invoke("match", "burning", "--data", str(path), "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert [c["id"] for c in json.loads(result.stdout)["causes"]] == ["injury"]


@pytest.mark.slow
@pytest.mark.process
def test_the_installed_command_matches_and_exits_1_on_nothing(installed: Installed) -> None:
    found = installed.run("match", "tingly feet", "-f", "json")
    assert found.returncode == 0, found.stderr
    assert {c["id"] for c in json.loads(found.stdout)["causes"]} == {"injury", "cancer"}
    missing = installed.run("match", "xyzzy")
    assert missing.returncode == 1
    assert "symptom 'xyzzy': not in this reference" in missing.stderr
    assert "Traceback" not in missing.stderr
