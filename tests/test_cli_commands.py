"""Every command through Typer's CliRunner: what it prints, parsed and checked value by value."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import typer
import yaml
from conftest import BUNDLED, invoke, ok

from neuroleg import __version__
from neuroleg.cli.app import app

STATISTIC_KEYS = {
    "label", "low", "high", "value", "qualifier", "unit", "population",
    "source", "source_name", "source_url", "figure", "note",
}  # fmt: skip


def json_of(*args: str, env: dict[str, str] | None = None) -> Any:
    """The parsed JSON that `neuroleg ARGS -f json` prints, after checking it succeeded quietly."""
    return json.loads(ok(*args, "-f", "json", env=env))


def json_of_plain(*args: str) -> Any:
    """The parsed JSON a command prints without being asked for a format (`schema`)."""
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def ids(doc: dict[str, Any], key: str = "causes") -> list[str]:
    return [item["id"] for item in doc[key]]


def cause_of(doc: dict[str, Any], cause_id: str) -> dict[str, Any]:
    return next(c for c in doc["causes"] if c["id"] == cause_id)


# causes


def test_causes_json_lists_every_cause_in_file_order(bundled_doc: dict[str, Any]) -> None:
    assert [c["id"] for c in json_of("causes")] == ids(bundled_doc)


def test_causes_json_records_have_exactly_the_documented_keys() -> None:
    for cause in json_of("causes"):
        assert set(cause) == {"id", "name", "category", "summary", "headline"}
        assert all(isinstance(cause[k], str) for k in ("id", "name", "category", "summary"))


def test_causes_json_carries_names_categories_and_summaries_from_the_file(bundled_doc: dict[str, Any]) -> None:
    for cause in json_of("causes"):
        source = cause_of(bundled_doc, cause["id"])
        assert (cause["name"], cause["category"], cause["summary"]) == (
            source["name"], source["category"], source["summary"],
        )  # fmt: skip


def test_causes_json_headline_is_the_first_statistic_with_its_source() -> None:
    diabetes = next(c for c in json_of("causes") if c["id"] == "diabetes")
    headline = diabetes["headline"]
    assert set(headline) == STATISTIC_KEYS
    assert headline["figure"] == "60-70%"
    assert (headline["low"], headline["high"], headline["value"]) == (60, 70, None)
    assert (headline["source"], headline["source_name"]) == ("ninds", "NINDS")
    assert headline["population"] == "people with diabetes"


def test_causes_json_headline_is_null_for_a_cause_without_statistics() -> None:
    injury = next(c for c in json_of("causes") if c["id"] == "injury")
    assert injury["headline"] is None


# show


def test_show_json_has_every_documented_section() -> None:
    assert set(json_of("show", "diabetes")) == {
        "id", "name", "category", "aliases", "summary", "mechanism", "symptoms", "risk_factors",
        "statistics", "treatment", "subtypes", "related", "sources",
    }  # fmt: skip


def test_show_json_copies_the_text_of_the_cause(bundled_doc: dict[str, Any]) -> None:
    shown = json_of("show", "diabetes")
    source = cause_of(bundled_doc, "diabetes")
    for key in ("id", "name", "category", "aliases", "summary", "mechanism", "risk_factors", "treatment"):
        assert shown[key] == source[key], key


def test_show_json_resolves_symptom_ids_to_records() -> None:
    assert json_of("show", "diabetes")["symptoms"] == [
        {"id": "leg-pain", "name": "Leg pain", "description": "Neuropathic pain in the leg or foot."}
    ]


def test_show_json_statistics_carry_population_source_and_figure() -> None:
    [stat] = json_of("show", "diabetes")["statistics"]
    assert stat == {
        "label": "Have some form of neuropathy",
        "low": 60,
        "high": 70,
        "value": None,
        "qualifier": None,
        "unit": "percent",
        "population": "people with diabetes",
        "source": "ninds",
        "source_name": "NINDS",
        "source_url": "https://www.ninds.nih.gov/",
        "figure": "60-70%",
        "note": "The figure counts neuropathy of any form.",
    }


def test_show_json_single_value_statistic_has_its_qualifier() -> None:
    [stat] = json_of("show", "alcohol")["statistics"]
    assert (stat["value"], stat["qualifier"], stat["low"], stat["high"], stat["figure"]) == (
        50, "up to", None, None, "up to 50%",
    )  # fmt: skip


def test_show_json_subtypes_have_their_symptoms_resolved() -> None:
    [subtype] = json_of("show", "diabetes")["subtypes"]
    assert subtype["id"] == "diabetic-amyotrophy"
    assert subtype["name"] == "Diabetic amyotrophy"
    assert "radiculoplexus neuropathy" in subtype["aliases"]
    assert [s["id"] for s in subtype["symptoms"]] == [
        "sudden-severe-pain",
        "difficulty-standing-up",
        "thigh-muscle-weakness",
    ]
    assert all(set(s) == {"id", "name", "description"} for s in subtype["symptoms"])


def test_show_json_related_causes_are_named() -> None:
    assert json_of("show", "injury")["related"] == [
        {"id": "cancer", "name": "Cancer and tumours"},
        {"id": "post-surgical", "name": "Post-surgical neuropathy"},
    ]


def test_show_json_sources_are_whole_records() -> None:
    assert json_of("show", "diabetes")["sources"] == [
        {
            "id": "ninds",
            "name": "National Institute of Neurological Disorders and Stroke",
            "short": "NINDS",
            "url": "https://www.ninds.nih.gov/",
        }
    ]


def test_show_says_when_the_article_names_no_source() -> None:
    result = invoke("show", "kidney-disease")
    assert result.exit_code == 0
    assert "The source article names no organisation for these facts." in result.stdout


def test_show_ends_with_the_not_medical_advice_disclaimer() -> None:
    result = invoke("show", "diabetes")
    assert "does not give medical advice" in " ".join(result.stdout.split()[-60:])


# names


@pytest.mark.parametrize(
    ("name", "cause_id"),
    [
        ("diabetes", "diabetes"),
        ("DIABETES", "diabetes"),
        ("MS", "multiple-sclerosis"),
        ("Multiple Sclerosis", "multiple-sclerosis"),
        ("chemo", "chemotherapy"),
        ("Taxol", "chemotherapy"),
        ("trauma", "injury"),
        ("diabetic", "diabetes"),
        ("surgery", "post-surgical"),
        ("radiculoplexus neuropathy", "diabetes"),
    ],
)
def test_a_cause_is_found_by_id_name_or_alias_in_any_case(name: str, cause_id: str) -> None:
    assert json_of("show", name)["id"] == cause_id


def test_an_unknown_name_exits_1_and_suggests_close_names_on_stderr() -> None:
    result = invoke("show", "diabtes")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "neuroleg: no cause named 'diabtes'\n"
        "did you mean: diabetes, diabetic, type 2 diabetes?\n"
        "run 'neuroleg causes' to list them\n"
    )


def test_an_unknown_name_suggests_at_most_three_names() -> None:
    [line] = [x for x in invoke("show", "diabetic neuropath").stderr.splitlines() if x.startswith("did you mean")]
    assert 1 <= len(line.removeprefix("did you mean: ").split(", ")) <= 3


def test_an_unknown_name_with_nothing_close_gets_no_suggestion() -> None:
    result = invoke("show", "xyzzy")
    assert result.exit_code == 1
    assert result.stderr == "neuroleg: no cause named 'xyzzy'\nrun 'neuroleg causes' to list them\n"


@pytest.mark.parametrize("typo", ["diabtes", "cancr", "chem", "M S"])
def test_a_typo_is_never_silently_taken_for_a_cause(typo: str) -> None:
    result = invoke("show", typo, "-f", "json")
    assert (result.exit_code, result.stdout) == (1, "")


# compare


def test_compare_json_lists_the_causes_in_the_order_given() -> None:
    assert [c["id"] for c in json_of("compare", "chemo", "diabetes", "MS")] == [
        "chemotherapy", "diabetes", "multiple-sclerosis",
    ]  # fmt: skip


def test_compare_json_records_have_the_documented_keys() -> None:
    for cause in json_of("compare", "diabetes", "alcohol"):
        assert set(cause) == {
            "id", "name", "category", "mechanism", "symptoms", "risk_factors", "statistics", "subtypes", "sources",
        }  # fmt: skip


def test_compare_json_matches_show_for_each_cause() -> None:
    shown = json_of("show", "alcohol")
    [_, alcohol] = json_of("compare", "diabetes", "alcohol")
    assert alcohol == {k: shown[k] for k in alcohol}


def test_compare_with_an_unknown_name_exits_1() -> None:
    result = invoke("compare", "diabetes", "diabtes")
    assert result.exit_code == 1
    assert result.stderr.startswith("neuroleg: no cause named 'diabtes'\n")


# symptoms


def test_symptoms_json_lists_every_symptom_with_the_documented_keys(bundled_doc: dict[str, Any]) -> None:
    listed = json_of("symptoms")
    assert [s["id"] for s in listed] == ids(bundled_doc, "symptoms")
    for symptom in listed:
        assert set(symptom) == {"id", "name", "description", "general", "causes"}
        assert all(set(link) == {"id", "name", "via"} for link in symptom["causes"])


def test_symptoms_json_marks_the_general_symptoms_of_the_overview(bundled_doc: dict[str, Any]) -> None:
    general = {s["id"] for s in json_of("symptoms") if s["general"]}
    assert general == set(bundled_doc["overview"]["symptoms"])


def test_symptoms_json_links_each_symptom_to_the_causes_that_bring_it() -> None:
    tingling = next(s for s in json_of("symptoms") if s["id"] == "tingling")
    assert tingling["causes"] == [
        {"id": "injury", "name": "Injury and trauma", "via": None},
        {"id": "cancer", "name": "Cancer and tumours", "via": None},
    ]


def test_symptoms_json_names_the_subtype_a_symptom_comes_through() -> None:
    sudden = next(s for s in json_of("symptoms") if s["id"] == "sudden-severe-pain")
    assert {"id": "diabetes", "name": "Diabetes", "via": "Diabetic amyotrophy"} in sudden["causes"]


def test_symptoms_of_one_cause_include_its_subtypes_symptoms() -> None:
    doc = json_of("symptoms", "diabetic")
    assert (doc["id"], doc["name"]) == ("diabetes", "Diabetes")
    assert [(s["id"], s["via"]) for s in doc["symptoms"]] == [
        ("leg-pain", None),
        ("sudden-severe-pain", "Diabetic amyotrophy"),
        ("difficulty-standing-up", "Diabetic amyotrophy"),
        ("thigh-muscle-weakness", "Diabetic amyotrophy"),
    ]
    assert all(set(s) == {"id", "name", "description", "via"} for s in doc["symptoms"])


def test_symptoms_of_an_unknown_cause_exits_1() -> None:
    result = invoke("symptoms", "diabtes")
    assert result.exit_code == 1
    assert "did you mean: diabetes" in result.stderr


# stats, sources, overview


def test_stats_json_lists_every_statistic_with_its_cause(bundled_doc: dict[str, Any]) -> None:
    expected = [(c["id"], s["label"]) for c in bundled_doc["causes"] for s in c.get("statistics", [])]
    listed = json_of("stats")
    assert [(s["cause"], s["label"]) for s in listed] == expected
    for stat in listed:
        assert set(stat) == STATISTIC_KEYS | {"cause", "cause_name"}


def test_stats_json_gives_each_figure_as_text_and_numbers() -> None:
    assert [(s["cause_name"], s["figure"], s["source_name"]) for s in json_of("stats")] == [
        ("Diabetes", "60-70%", "NINDS"),
        ("Heavy alcohol use", "up to 50%", "NIH"),
        ("Chemotherapy", "30-40%", "NCI"),
    ]


@pytest.mark.parametrize(
    ("qualifier", "bar"),
    [
        ("up to", "[####################....................]"),
        ("at least", "[....................####################]"),
    ],
)
def test_the_chart_draws_a_bounded_figure_as_the_range_it_allows(
    write_kb: Callable[..., Path], qualifier: str, bar: str
) -> None:
    def bound(doc: dict[str, Any]) -> None:
        stat = next(c for c in doc["causes"] if c["id"] == "alcohol")["statistics"][0]
        stat["qualifier"] = qualifier

    out = invoke("stats", "--data", str(write_kb(bound))).stdout
    assert f"Heavy alcohol use  {bar}  {qualifier} 50%" in out


def test_sources_json_lists_each_organisation_with_its_url(bundled_doc: dict[str, Any]) -> None:
    listed = json_of("sources")
    assert [{k: s[k] for k in ("id", "name", "short", "url")} for s in listed] == bundled_doc["sources"]
    assert all(set(s) == {"id", "name", "short", "url", "facts"} for s in listed)


def test_sources_json_lists_the_facts_resting_on_each_source() -> None:
    nci = next(s for s in json_of("sources") if s["id"] == "nci")
    assert all(set(f) == {"cause", "fact"} for f in nci["facts"])
    assert {
        "cause": "chemotherapy",
        "fact": "Chemotherapy: Develop chemotherapy-induced neuropathy (patients treated with chemotherapy)",
    } in nci["facts"]


def test_overview_json_has_the_documented_keys() -> None:
    assert set(json_of("overview")) == {"summary", "sections", "symptoms", "disclaimer", "causes"}


def test_overview_json_copies_the_overview_of_the_file(bundled_doc: dict[str, Any]) -> None:
    overview = json_of("overview")
    assert overview["summary"] == bundled_doc["overview"]["summary"]
    assert overview["sections"] == bundled_doc["overview"]["sections"]
    assert overview["disclaimer"] == bundled_doc["overview"]["disclaimer"]


def test_overview_json_resolves_symptoms_and_lists_every_cause(bundled_doc: dict[str, Any]) -> None:
    overview = json_of("overview")
    assert [s["id"] for s in overview["symptoms"]] == bundled_doc["overview"]["symptoms"]
    assert overview["causes"] == [{"id": c["id"], "name": c["name"]} for c in bundled_doc["causes"]]


# search


def test_search_json_hits_have_the_documented_keys_and_types() -> None:
    hits = json_of("search", "nerve")
    assert hits
    for hit in hits:
        assert set(hit) == {"id", "name", "kind", "field", "fields", "score", "snippet", "snippet_marked"}
        assert isinstance(hit["score"], float)
        assert hit["field"] in hit["fields"]
        assert hit["kind"] in ("cause", "overview")


def test_search_finds_a_stemmed_word() -> None:
    assert {h["id"] for h in json_of("search", "tingle")} >= {"injury", "cancer"}


def test_search_marks_the_matching_words_in_the_snippet() -> None:
    [hit] = json_of("search", "stove")
    assert "**stove**" in hit["snippet_marked"]
    assert "stove" in hit["snippet"] and "**" not in hit["snippet"]


def test_search_reports_a_hit_in_the_overview_as_such() -> None:
    [hit] = json_of("search", "stove")
    assert (hit["id"], hit["kind"], hit["field"]) == ("overview", "overview", "overview")


def test_search_finds_a_phrase() -> None:
    assert json_of("search", '"blood sugar"')[0]["id"] == "diabetes"


def test_search_words_must_all_match() -> None:
    assert [h["id"] for h in json_of("search", "myelin autoimmune")] == ["multiple-sclerosis"]


def test_search_or_widens() -> None:
    assert {h["id"] for h in json_of("search", "kidney OR myelin")} >= {"kidney-disease", "multiple-sclerosis"}


@pytest.mark.parametrize("flag", ["--limit", "-n"])
def test_search_limit_caps_the_number_of_hits(flag: str) -> None:
    assert len(json_of("search", "nerve")) > 2
    assert len(json_of("search", "nerve", flag, "2")) == 2


def test_search_in_limits_the_fields_searched() -> None:
    hits = json_of("search", "tingl*", "--in", "symptoms")
    assert {h["id"] for h in hits} == {"injury", "cancer"}
    assert all(h["fields"] == ["symptoms"] for h in hits)


def test_search_in_names_searches_only_names_and_aliases() -> None:
    hits = json_of("search", "diabetic", "--in", "names")
    assert [h["id"] for h in hits] == ["diabetes"]
    assert set(hits[0]["fields"]) == {"name", "aliases", "subtype-names"}


def test_search_in_names_finds_a_subtype_name_prefix_as_the_readme_shows() -> None:
    # README: `neuroleg search 'amyotro*' --in names   # prefix, in names and aliases only`
    assert [h["id"] for h in json_of("search", "amyotro*", "--in", "names")] == ["diabetes"]


def test_search_in_comma_separated_equals_repeated() -> None:
    assert json_of("search", "nerve", "--in", "names,summary") == json_of(
        "search", "nerve", "--in", "names", "--in", "summary"
    )


def test_search_in_keeps_every_hit_within_the_chosen_fields() -> None:
    for hit in json_of("search", "nerve", "--in", "mechanism,treatment"):
        assert set(hit["fields"]) <= {"mechanism", "treatment"}


# validate, schema, cache, version, help


def _tally(doc: dict[str, Any]) -> str:
    causes = doc["causes"]
    return (
        f"{len(causes)} causes, {sum(len(c.get('subtypes', [])) for c in causes)} subtypes, "
        f"{sum(len(c.get('statistics', [])) for c in causes)} statistics, "
        f"{len(doc['symptoms'])} symptoms, {len(doc['sources'])} sources"
    )


def test_validate_of_the_bundled_file_prints_one_line_and_exits_0(bundled_doc: dict[str, Any]) -> None:
    result = invoke("validate")
    assert result.exit_code == 0
    assert result.stdout == f"{BUNDLED}: valid: {_tally(bundled_doc)}\n"
    assert result.stderr == ""


def test_validate_counts_the_bundled_knowledge_base() -> None:
    assert ": valid: 8 causes, " in invoke("validate").stdout


def test_validate_checks_the_path_it_is_given(write_kb: Callable[..., Path]) -> None:
    path = write_kb(lambda doc: doc["sources"].append({**doc["sources"][0], "id": "spare"}))
    result = invoke("validate", str(path))
    assert result.exit_code == 0
    assert result.stdout == f"{path}: valid: {_tally(yaml.safe_load(path.read_text(encoding='utf-8')))}\n"
    assert result.stdout.endswith(", 5 sources\n")


def test_validate_without_a_path_checks_neuroleg_data(write_kb: Callable[..., Path]) -> None:
    path = write_kb()
    assert invoke("validate", env={"NEUROLEG_DATA": str(path)}).stdout.startswith(f"{path}: valid: ")


def test_schema_is_a_json_schema_of_the_whole_file() -> None:
    schema = json_of_plain("schema")
    assert schema["type"] == "object"
    assert set(schema["properties"]) == {"schema_version", "overview", "sources", "symptoms", "causes"}
    assert set(schema["required"]) == {"schema_version", "overview", "sources", "symptoms", "causes"}


def test_schema_names_every_field_the_bundled_file_uses(bundled_doc: dict[str, Any]) -> None:
    schema = json_of_plain("schema")
    cause_fields = set(schema["$defs"]["Cause"]["properties"])
    assert set(bundled_doc) <= set(schema["properties"])
    for cause in bundled_doc["causes"]:
        assert set(cause) <= cause_fields, cause["id"]


def test_schema_accepts_the_bundled_file(bundled_doc: dict[str, Any]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(bundled_doc, json_of_plain("schema"))


def test_schema_rejects_an_unknown_category(bundled_doc: dict[str, Any]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    bundled_doc["causes"][0]["category"] = "astrology"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bundled_doc, json_of_plain("schema"))


def test_cache_path_prints_the_xdg_cache_directory(private_cache: Path) -> None:
    assert invoke("cache", "path").stdout == f"{private_cache}\n"


def test_cache_clear_removes_the_compiled_cache(private_cache: Path) -> None:
    assert invoke("causes").exit_code == 0
    assert len(list(private_cache.glob("*.sqlite"))) == 1
    result = invoke("cache", "clear")
    assert result.stdout == f"removed 1 cache file from {private_cache}\n"
    assert list(private_cache.glob("*.sqlite")) == []


def test_a_cleared_cache_is_rebuilt_with_the_same_answer() -> None:
    before = invoke("show", "diabetes").stdout
    invoke("cache", "clear")
    assert invoke("show", "diabetes").stdout == before


def test_version_prints_the_package_version() -> None:
    result = invoke("--version")
    assert (result.exit_code, result.stdout) == (0, f"neuroleg {__version__}\n")


def test_help_lists_every_command_with_examples_and_exit_codes() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    for name in typer.main.get_command(app).commands:  # type: ignore[attr-defined]
        assert re.search(rf"^  {name} ", result.stdout, re.M), name
    assert "Examples:" in result.stdout
    assert "neuroleg show diabetes" in result.stdout
    assert "Exit codes: 0 ok, 1 nothing found, 2 usage error, 3 knowledge base unusable." in result.stdout


@pytest.mark.parametrize(
    "name",
    ["causes", "show", "compare", "symptoms", "stats", "sources", "overview", "search", "validate", "schema", "cache"],
)
def test_each_command_has_its_own_help(name: str) -> None:
    result = invoke(name, "-h")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: neuroleg {name} ")


@pytest.mark.parametrize("name", ["causes", "show", "compare", "symptoms", "stats", "sources", "overview", "search"])
def test_each_reading_command_offers_format_and_data(name: str) -> None:
    help_text = invoke(name, "--help").stdout
    assert "-f, --format" in help_text
    assert "--data PATH" in help_text


# another knowledge base


def _renamed(doc: dict[str, Any]) -> None:
    doc["causes"][1]["name"] = "Renamed diabetes"


def test_data_option_reads_another_knowledge_base(write_kb: Callable[..., Path]) -> None:
    path = write_kb(_renamed)
    assert json_of("causes", "--data", str(path))[1]["name"] == "Renamed diabetes"


def test_neuroleg_data_reads_another_knowledge_base(write_kb: Callable[..., Path]) -> None:
    path = write_kb(_renamed)
    assert json_of("causes", env={"NEUROLEG_DATA": str(path)})[1]["name"] == "Renamed diabetes"


def test_data_option_wins_over_neuroleg_data(write_kb: Callable[..., Path]) -> None:
    chosen = write_kb(_renamed)
    other = write_kb()
    assert json_of("causes", "--data", str(chosen), env={"NEUROLEG_DATA": str(other)})[1]["name"] == "Renamed diabetes"


@pytest.mark.parametrize(
    "args",
    [("causes",), ("show", "diabetes"), ("compare", "diabetes", "ms"), ("symptoms",), ("symptoms", "diabetes"),
     ("stats",), ("sources",), ("overview",), ("search", "renamed")],
)  # fmt: skip
def test_every_reading_command_takes_data(write_kb: Callable[..., Path], args: tuple[str, ...]) -> None:
    path = write_kb(_renamed)
    result = invoke(*args, "--data", str(path), "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert "Renamed diabetes" in result.stdout


def test_an_edited_knowledge_base_is_read_afresh(write_kb: Callable[..., Path]) -> None:
    path = write_kb()
    assert json_of("causes", "--data", str(path))[0]["name"] == "Injury and trauma"
    path.write_text(path.read_text(encoding="utf-8").replace("Injury and trauma", "Injury, edited"), encoding="utf-8")
    assert json_of("causes", "--data", str(path))[0]["name"] == "Injury, edited"


# docs that cannot drift


def test_every_command_and_subcommand_has_help() -> None:
    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert (command.help or "").strip(), name
        for sub_name, sub in getattr(command, "commands", {}).items():
            assert (sub.help or "").strip(), f"{name} {sub_name}"
