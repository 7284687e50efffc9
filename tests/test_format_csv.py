"""CSV: one row per record of each list-shaped command, flat columns, and a refusal for a single record."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import READING_COMMANDS, invoke, ok

LISTS = [args for args in READING_COMMANDS if args not in {("show", "diabetes"), ("overview",)}]


def csv_rows(*args: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(ok(*args, "-f", "csv"))))


def test_causes_csv_has_one_row_per_cause() -> None:
    rows = csv_rows("causes")
    assert list(rows[0]) == ["id", "name", "category", "headline", "summary"]
    assert [r["id"] for r in rows] == [c["id"] for c in json.loads(ok("causes", "-f", "json"))]


def test_causes_csv_gives_the_headline_as_text() -> None:
    headlines = {r["id"]: r["headline"] for r in csv_rows("causes")}
    assert headlines["diabetes"] == "60-70% of people with diabetes (NINDS)"
    assert headlines["injury"] == "-"


def test_causes_csv_keeps_the_whole_summary() -> None:
    summaries = {r["id"]: r["summary"] for r in csv_rows("causes")}
    assert summaries == {c["id"]: c["summary"] for c in json.loads(ok("causes", "-f", "json"))}


def test_stats_csv_has_flat_columns_with_numbers() -> None:
    rows = csv_rows("stats")
    assert list(rows[0]) == [
        "cause", "cause_name", "label", "figure", "low", "high", "value", "qualifier", "unit", "population",
        "source", "source_name", "note",
    ]  # fmt: skip
    assert [(r["cause"], r["figure"], float(r["low"] or r["value"])) for r in rows] == [
        ("diabetes", "60-70%", 60.0), ("alcohol", "up to 50%", 50.0), ("chemotherapy", "30-40%", 30.0),
    ]  # fmt: skip


def test_symptoms_csv_has_one_row_per_symptom_and_cause() -> None:
    rows = csv_rows("symptoms")
    assert list(rows[0]) == ["symptom_id", "symptom", "cause_id", "cause", "via"]
    assert {"symptom_id": "sudden-severe-pain", "symptom": "Sudden severe pain", "cause_id": "diabetes",
            "cause": "Diabetes", "via": "Diabetic amyotrophy"} in rows  # fmt: skip


def test_symptoms_of_one_cause_csv_lists_its_symptoms() -> None:
    assert [r["id"] for r in csv_rows("symptoms", "diabetes")] == [
        "leg-pain", "sudden-severe-pain", "difficulty-standing-up", "thigh-muscle-weakness",
    ]  # fmt: skip


def test_sources_csv_has_one_row_per_fact() -> None:
    rows = csv_rows("sources")
    facts = sum(len(s["facts"]) or 1 for s in json.loads(ok("sources", "-f", "json")))
    assert len(rows) == facts
    assert list(rows[0]) == ["id", "name", "short", "url", "cause", "fact"]


def test_compare_csv_has_one_row_per_aspect_and_a_column_per_cause() -> None:
    rows = csv_rows("compare", "diabetes", "MS")
    assert list(rows[0]) == ["aspect", "diabetes", "multiple-sclerosis"]
    assert {"aspect": "Category", "diabetes": "metabolic", "multiple-sclerosis": "autoimmune"} in rows


def test_search_csv_joins_the_matched_fields() -> None:
    rows = csv_rows("search", "tingl*", "--in", "symptoms")
    assert list(rows[0]) == ["id", "name", "kind", "field", "fields", "score", "snippet"]
    assert {r["id"] for r in rows} == {"injury", "cancer"}
    assert all(r["fields"] == "symptoms" for r in rows)


@pytest.mark.parametrize("args", LISTS, ids=" ".join)
def test_every_list_shaped_command_gives_csv(args: tuple[str, ...]) -> None:
    assert len(csv_rows(*args)) >= 1


@pytest.mark.parametrize("args", [("show", "diabetes"), ("overview",)], ids=" ".join)
def test_csv_of_a_single_record_exits_2_naming_json_and_yaml(args: tuple[str, ...]) -> None:
    result = invoke(*args, "-f", "csv")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"neuroleg: '{args[0]}' shows one record, not a list: use --format json or yaml\n"
