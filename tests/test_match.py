"""`neuroleg match`: symptoms and risk factors in everyday words, ranked causes, the disclaimer first."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Installed
from typer.testing import CliRunner, Result

from neuroleg.cache import open_store
from neuroleg.cli import app
from neuroleg.match import NoMatchError, match_causes, resolve_symptom
from neuroleg.match_view import DISCLAIMER
from neuroleg.paths import bundled_data_path
from neuroleg.store import Store
from neuroleg.terms import stem, stems_meet

runner = CliRunner()


def invoke(*args: str) -> Result:
    return runner.invoke(app, list(args))


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
    assert not stems_meet(stem("pain"), stem("painter")[:3])
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


# the command


def test_every_format_puts_the_disclaimer_first() -> None:
    plain = invoke("match", "tingling", "-f", "plain").stdout
    assert plain.index("Educational, not diagnostic") < plain.index("1. ")
    markdown = invoke("match", "tingling", "-f", "markdown").stdout
    assert markdown.splitlines()[2].startswith("> **Note:** Educational, not diagnostic")
    assert next(iter(match_json("tingling"))) == "disclaimer"
    assert match_json("tingling")["disclaimer"] == DISCLAIMER


def test_plain_output_lists_each_cause_with_what_met_and_what_did_not() -> None:
    out = " ".join(invoke("match", "tingly feet", "--risk", "smoking").stdout.split())
    assert "1. Cancer and tumours (cancer): meets 1 of 2" in out or "1. Diabetes (diabetes): meets 1 of 2" in out
    assert "tingly feet: Tingling. A tingling feeling" in out
    assert "smoking: risk factor. Smoking raises the chance of developing diabetic neuropathy." in out
    assert "Not met: smoking" in out
    assert "Sources: NINDS (https://www.ninds.nih.gov/)" in out


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
    }
    post = next(c for c in doc["causes"] if c["id"] == "post-surgical")
    assert post["sources"] == [
        {"id": "mayo-clinic", "name": "Mayo Clinic", "short": "Mayo Clinic", "url": "https://www.mayoclinic.org/"}
    ]
    assert post["missed"] == ["tingly feet"]


def test_csv_has_a_row_per_cause_and_item_met() -> None:
    result = invoke("match", "tingling", "-r", "surgery", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
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


def test_hostile_text_in_a_term_is_shown_escaped(write_kb: Callable[..., Path]) -> None:
    result = invoke("match", "\x1b]0;owned\x07tingling\u202e", "-f", "markdown")
    assert result.exit_code == 0  # the words around the escapes still meet tingling
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout and "\x07" not in result.stdout
    assert "^\\[\\]0;owned^Gtingling\\<U+202E\\>" in result.stdout  # Markdown escapes brackets too
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
def test_the_installed_command_matches_and_exits_1_on_nothing(installed: Installed) -> None:
    found = installed.run("match", "tingly feet", "-f", "json")
    assert found.returncode == 0, found.stderr
    assert {c["id"] for c in json.loads(found.stdout)["causes"]} == {"injury", "cancer"}
    missing = installed.run("match", "xyzzy")
    assert missing.returncode == 1
    assert "symptom 'xyzzy': not in this reference" in missing.stderr
    assert "Traceback" not in missing.stderr
