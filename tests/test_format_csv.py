"""CSV: one row per record of each list-shaped command, flat columns, and a refusal for a single record."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from conftest import READING_COMMANDS, invoke, ok

LISTS = [args for args in READING_COMMANDS if args not in {("show", "diabetes"), ("overview",)}]


def csv_rows(*args: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(ok(*args, "-f", "csv"))))


def test_causes_csv_has_one_row_per_cause() -> None:
    rows = csv_rows("causes")
    assert list(rows[0])[:4] == ["id", "name", "category", "category_name"]
    assert set(rows[0]) == {"id", "name", "category", "category_name", "headline", "summary"}
    assert [r["id"] for r in rows] == [c["id"] for c in json.loads(ok("causes", "-f", "json"))]


def test_causes_csv_gives_the_key_figure_before_the_summary_as_the_table_does() -> None:
    assert list(csv_rows("causes")[0]) == ["id", "name", "category", "category_name", "headline", "summary"]


def test_causes_csv_gives_the_category_by_id_and_by_name() -> None:
    categories = {r["id"]: (r["category"], r["category_name"]) for r in csv_rows("causes")}
    assert categories["diabetes"] == ("metabolic", "Metabolic")
    assert categories["cancer"] == ("cancer", "Tumours")
    assert categories["chemotherapy"] == ("treatment", "Treatment")


def test_causes_csv_gives_the_headline_as_text() -> None:
    headlines = {r["id"]: r["headline"] for r in csv_rows("causes")}
    assert headlines["diabetes"] == "60-70% of people with diabetes (NINDS): have some form of neuropathy"
    assert headlines["alcohol"] == "up to 50% of heavy alcohol users (NIH): report having neuropathy"
    assert headlines["injury"] == "-"


def test_causes_csv_keeps_the_whole_summary() -> None:
    summaries = {r["id"]: r["summary"] for r in csv_rows("causes")}
    assert summaries == {c["id"]: c["summary"] for c in json.loads(ok("causes", "-f", "json"))}


def test_stats_csv_has_flat_columns_with_numbers() -> None:
    rows = csv_rows("stats")
    assert list(rows[0]) == [
        "cause", "cause_name", "label", "figure", "low", "high", "value", "qualifier", "unit", "population",
        "about", "about_name", "source", "source_name", "note",
    ]  # fmt: skip
    assert [(r["cause"], r["figure"], float(r["low"] or r["value"])) for r in rows] == [
        ("diabetes", "60-70%", 60.0), ("diabetes", "up to 50%", 50.0), ("alcohol", "up to 50%", 50.0),
        ("chemotherapy", "30-40%", 30.0),
    ]  # fmt: skip


def test_stats_csv_says_what_each_figure_is_about_and_who_gives_it() -> None:
    # a figure is about a form of neuropathy or, where the file names nothing, its cause
    assert [(r["about"], r["about_name"], r["source"], r["source_name"]) for r in csv_rows("stats")] == [
        ("diabetes", "Diabetes", "ninds", "NINDS"),
        ("peripheral-neuropathy", "Peripheral neuropathy", "niddk", "NIDDK"),
        ("alcohol", "Heavy alcohol use", "nih", "NIH"),
        ("chemotherapy-induced-neuropathy", "Chemotherapy-induced neuropathy", "nci", "NCI"),
    ]


def leads_to(bundled_doc: dict[str, Any], cause_id: str, form: str = "peripheral-neuropathy") -> str:
    """The evidence, in the file, that a cause leads to a form of neuropathy."""
    [link] = [x for x in next(c for c in bundled_doc["causes"] if c["id"] == cause_id)["leads_to"] if x["form"] == form]
    return str(link["evidence"])


# the form each cause reaches numbness through: the first of its forms (in the file's order) that lists numbness
NUMBNESS_THROUGH = {
    "injury": ("peripheral-neuropathy", "Peripheral neuropathy"),
    "diabetes": ("diabetic-neuropathy", "Diabetic neuropathy"),
    "alcohol": ("peripheral-neuropathy", "Peripheral neuropathy"),
    "kidney-disease": ("peripheral-neuropathy", "Peripheral neuropathy"),
    "chemotherapy": ("chemotherapy-induced-neuropathy", "Chemotherapy-induced neuropathy"),
}


def form_symptoms(bundled_doc: dict[str, Any], form_id: str) -> list[str]:
    """A form's symptoms in the file's order, whether the article or a page gives them."""
    form = next(f for f in bundled_doc["forms"] if f["id"] == form_id)
    return [s if isinstance(s, str) else s["symptom"] for s in form["symptoms"]]


def test_symptoms_csv_has_one_row_per_symptom_and_cause() -> None:
    rows = csv_rows("symptoms")
    assert list(rows[0]) == [
        "symptom_id", "symptom", "cause_id", "cause", "link", "via", "evidence", "hpo_id", "hpo_label", "hpo_fit",
    ]  # fmt: skip
    assert {"symptom_id": "sudden-severe-pain", "symptom": "Sudden severe pain", "cause_id": "diabetes",
            "cause": "Diabetes", "link": "subtype", "via": "Diabetic amyotrophy", "evidence": "", "hpo_id": "",
            "hpo_label": "", "hpo_fit": "none"} in rows  # fmt: skip
    links = [(r["symptom_id"], r["cause_id"]) for r in rows]
    assert len(links) == len(set(links))  # each cause once per symptom, by its strongest link


def test_symptoms_csv_tells_a_link_through_a_form_from_a_direct_one(bundled_doc: dict[str, Any]) -> None:
    rows = {(r["symptom_id"], r["cause_id"]): r for r in csv_rows("symptoms")}
    through = {k: rows[("numbness", k[1])] for k in rows if k[0] == "numbness"}
    assert sorted(c for _, c in through) == sorted(NUMBNESS_THROUGH)
    for (_, cause), row in through.items():
        form, name = NUMBNESS_THROUGH[cause]
        assert (row["link"], row["via"], row["evidence"]) == ("form", name, leads_to(bundled_doc, cause, form))
    # injury lists tingling as its own symptom: direct, though it also leads to peripheral neuropathy
    assert (rows[("tingling", "injury")]["link"], rows[("tingling", "injury")]["via"]) == ("direct", "")
    assert (rows[("tingling", "alcohol")]["link"], rows[("tingling", "alcohol")]["via"]) == (
        "form",
        "Peripheral neuropathy",
    )
    assert {r["link"] for k, r in rows.items() if k[0] == "leg-pain"} == {"direct"}
    assert all(r["evidence"] == "" for r in rows.values() if r["link"] != "form")


def test_symptoms_of_one_cause_csv_lists_its_symptoms() -> None:
    rows = csv_rows("symptoms", "diabetes")
    assert list(rows[0]) == ["id", "name", "description", "link", "via", "evidence", "hpo_id", "hpo_label", "hpo_fit"]
    assert [(r["id"], r["link"], r["via"]) for r in rows] == [
        ("leg-pain", "direct", ""),
        ("sudden-severe-pain", "subtype", "Diabetic amyotrophy"),
        ("difficulty-standing-up", "subtype", "Diabetic amyotrophy"),
        ("thigh-muscle-weakness", "subtype", "Diabetic amyotrophy"),
        ("numbness", "form", "Diabetic neuropathy"),
        ("tingling", "form", "Diabetic neuropathy"),
        ("sharp-pain", "form", "Peripheral neuropathy"),
        ("night-pain", "form", "Peripheral neuropathy"),
        ("pain-when-walking", "form", "Peripheral neuropathy"),
        ("weakness-when-walking", "form", "Peripheral neuropathy"),
        ("touch-sensitivity", "form", "Peripheral neuropathy"),
        ("muscle-weakness", "form", "Peripheral neuropathy"),
        ("burning-pain", "form", "Peripheral neuropathy"),
    ]


def test_symptoms_of_one_cause_csv_gives_the_evidence_for_a_form(bundled_doc: dict[str, Any]) -> None:
    rows = csv_rows("symptoms", "kidney-disease")
    assert rows[0] == {"id": "leg-pain", "name": "Leg pain", "description": "Neuropathic pain in the leg or foot.",
                       "link": "direct", "via": "", "evidence": "", "hpo_id": "HP:0012514",
                       "hpo_label": "Lower limb pain", "hpo_fit": "exact"}  # fmt: skip
    # every symptom of peripheral neuropathy, in its order
    assert [r["id"] for r in rows[1:]] == form_symptoms(bundled_doc, "peripheral-neuropathy")
    assert {(r["link"], r["via"], r["evidence"]) for r in rows[1:]} == {
        ("form", "Peripheral neuropathy", leads_to(bundled_doc, "kidney-disease"))
    }


def test_sources_csv_has_one_row_per_fact() -> None:
    rows = csv_rows("sources")
    facts = sum(len(s["facts"]) or 1 for s in json.loads(ok("sources", "-f", "json")))
    assert len(rows) == facts
    assert list(rows[0]) == ["kind", "id", "name", "short", "url", "part_of", "cause", "fact_kind", "fact"]


def test_sources_csv_gives_each_credited_fact_with_its_cause_and_the_organisation_above() -> None:
    rows = csv_rows("sources")
    assert {
        "kind": "organisation", "id": "ninds", "name": "National Institute of Neurological Disorders and Stroke",
        "short": "NINDS", "url": "https://www.ninds.nih.gov/", "part_of": "nih", "cause": "injury",
        "fact_kind": "claim",
        "fact": "Injury and trauma: The article says that NINDS names nerve damage from injuries as the most common"
        " cause of neuropathy.",
    } in rows  # fmt: skip
    assert {r["id"]: r["part_of"] for r in rows if r["kind"] == "organisation"} == {
        "nih": "", "ninds": "nih", "nci": "nih", "mayo-clinic": "", "niddk": "nih",
    }  # fmt: skip


def test_compare_csv_has_one_row_per_aspect_and_a_column_per_cause() -> None:
    rows = csv_rows("compare", "diabetes", "MS")
    assert list(rows[0]) == ["aspect", "diabetes", "multiple-sclerosis"]
    assert {"aspect": "Category", "diabetes": "Metabolic", "multiple-sclerosis": "Autoimmune"} in rows  # by name
    assert {"aspect": "Through forms of neuropathy",
            "diabetes": "Diabetic neuropathy (Numbness; Tingling; Leg pain); Peripheral neuropathy (Numbness; Tingling;"
            " Sharp pain; Pain that is worse at night; Pain when walking; Weakness when walking; Sensitivity to touch;"
            " Muscle weakness; Burning pain)",
            "multiple-sclerosis": "none named"} in rows  # fmt: skip


def test_search_csv_joins_the_matched_fields() -> None:
    rows = csv_rows("search", "tingl*", "--in", "symptoms")
    assert list(rows[0]) == ["id", "name", "kind", "field", "fields", "score", "snippet"]
    assert {r["id"] for r in rows} == {"injury", "cancer"}
    assert all(r["fields"] == "symptoms" for r in rows)


def test_match_csv_has_one_row_per_cause_and_item_met() -> None:
    rows = csv_rows("match", "numbness")
    assert list(rows[0]) == [
        "note", "medical_help", "rank", "cause", "cause_name", "score", "met", "given", "term", "kind", "what",
        "link", "via", "evidence", "fact", "sources",
    ]  # fmt: skip
    assert [(r["rank"], r["cause"], r["link"], r["via"]) for r in rows] == [
        ("1", "injury", "form", "Peripheral neuropathy"),
        ("2", "diabetes", "form", "Diabetic neuropathy"),
        ("3", "alcohol", "form", "Peripheral neuropathy"),
        ("4", "kidney-disease", "form", "Peripheral neuropathy"),
        ("5", "chemotherapy", "form", "Chemotherapy-induced neuropathy"),
    ]


def test_match_csv_gives_the_evidence_of_a_link_through_a_form(bundled_doc: dict[str, Any]) -> None:
    rows = csv_rows("match", "numbness", "leg pain")
    form = [r for r in rows if r["term"] == "numbness"]
    assert [(r["cause"], r["evidence"]) for r in form] == [
        (cause, leads_to(bundled_doc, cause, NUMBNESS_THROUGH[cause][0]))
        for cause in ("injury", "diabetes", "alcohol", "kidney-disease", "chemotherapy")
    ]
    direct = [r for r in rows if r["term"] == "leg pain"]
    assert len(direct) == len(bundled_doc["causes"])  # every cause has leg pain as its own symptom
    assert {(r["link"], r["via"], r["evidence"]) for r in direct} == {("direct", "", "")}


@pytest.mark.parametrize("args", [("numbness",), ("tingly feet", "--risk", "smoking"), ("weak thighs",)], ids=" ".join)
def test_every_match_csv_row_carries_where_to_get_medical_help(
    args: tuple[str, ...], bundled_doc: dict[str, Any]
) -> None:
    rows = csv_rows("match", *args)
    assert rows
    help_ = bundled_doc["medical_help"]
    pages = "; ".join(dict.fromkeys(f"{a['source']}: {a['url']}" for a in help_["advice"]))  # each page once
    assert {r["medical_help"] for r in rows} == {f"{help_['title']}: see 'neuroleg overview' ({pages})"}
    assert {r["note"] for r in rows} == {"Educational, not diagnostic"}


@pytest.mark.parametrize("args", LISTS, ids=" ".join)
def test_every_list_shaped_command_gives_csv(args: tuple[str, ...]) -> None:
    assert len(csv_rows(*args)) >= 1


@pytest.mark.parametrize("args", [("show", "diabetes"), ("overview",)], ids=" ".join)
def test_csv_of_a_single_record_exits_2_naming_json_and_yaml(args: tuple[str, ...]) -> None:
    result = invoke(*args, "-f", "csv")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"neuroleg: '{args[0]}' shows one record, not a list: use --format json or yaml\n"
