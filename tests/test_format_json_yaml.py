"""JSON and YAML: one valid document each, the same data in both, numbers as numbers, YAML in ASCII."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from conftest import READING_COMMANDS, ok

# the reading commands, and those with a shape of their own in format 2: how a cause's symptoms come, what a match
# links through a form, a quiz with where to get medical help
DOCUMENTS = [*READING_COMMANDS, ("symptoms", "alcohol"), ("match", "numbness", "leg pain"), ("quiz", "--seed", "7")]


def test_format_names_are_case_insensitive() -> None:
    assert ok("show", "diabetes", "-f", "JSON") == ok("show", "diabetes", "--format", "json")


@pytest.mark.parametrize("args", DOCUMENTS, ids=" ".join)
def test_json_output_is_one_valid_document(args: tuple[str, ...]) -> None:
    assert isinstance(json.loads(ok(*args, "-f", "json")), list | dict)


@pytest.mark.parametrize("args", DOCUMENTS, ids=" ".join)
def test_yaml_output_holds_the_same_data_as_json(args: tuple[str, ...]) -> None:
    assert yaml.safe_load(ok(*args, "-f", "yaml")) == json.loads(ok(*args, "-f", "json"))


def test_yaml_output_is_ascii() -> None:
    assert ok("overview", "-f", "yaml").isascii()


def test_json_numbers_are_numbers_and_absent_values_null() -> None:
    [diabetes, niddk, alcohol, _] = json.loads(ok("stats", "-f", "json"))
    assert (diabetes["low"], diabetes["high"], diabetes["value"]) == (60, 70, None)
    assert isinstance(niddk["value"], float) and (niddk["low"], niddk["high"]) == (None, None)
    assert isinstance(alcohol["value"], float) and alcohol["low"] is None


def test_a_link_gives_null_for_what_it_does_not_pass_through() -> None:
    tingling = next(s for s in json.loads(ok("symptoms", "-f", "json")) if s["id"] == "tingling")
    links = {c["id"]: (c["link"], c["via_id"], c["via"], c["evidence"] is None) for c in tingling["causes"]}
    assert links == {
        "injury": ("direct", None, None, True),  # its own symptom: no via, no evidence
        "diabetes": ("form", "diabetic-neuropathy", "Diabetic neuropathy", False),
        "alcohol": ("form", "peripheral-neuropathy", "Peripheral neuropathy", False),
        "kidney-disease": ("form", "peripheral-neuropathy", "Peripheral neuropathy", False),
        "cancer": ("subtype", "benign-tumours", "Benign tumours and lumps", True),
        "chemotherapy": ("form", "chemotherapy-induced-neuropathy", "Chemotherapy-induced neuropathy", False),
    }
    pages = {c["id"]: (c["page"], c["evidence_page"]) for c in tingling["causes"]}
    assert pages == {  # a link a page gives names that page; the article's links give null
        "injury": (None, None),
        "diabetes": ("nih-diabetic-neuropathies", None),
        "alcohol": (None, None),
        "kidney-disease": (None, None),
        "cancer": (None, None),
        "chemotherapy": ("nci-nerve-changes", None),
    }


@pytest.mark.parametrize("fmt", ["json", "yaml"])
@pytest.mark.parametrize("args", [("overview",), ("match", "numbness"), ("quiz", "--seed", "7")], ids=" ".join)
def test_medical_help_is_the_knowledge_base_s_own_section(
    args: tuple[str, ...], fmt: str, bundled_doc: dict[str, Any]
) -> None:
    out = ok(*args, "-f", fmt)
    document = json.loads(out) if fmt == "json" else yaml.safe_load(out)
    assert document["medical_help"] == bundled_doc["medical_help"]
