"""JSON and YAML: one valid document each, the same data in both, numbers as numbers, YAML in ASCII."""

from __future__ import annotations

import json

import pytest
import yaml
from conftest import READING_COMMANDS, ok


def test_format_names_are_case_insensitive() -> None:
    assert ok("show", "diabetes", "-f", "JSON") == ok("show", "diabetes", "--format", "json")


@pytest.mark.parametrize("args", READING_COMMANDS, ids=" ".join)
def test_json_output_is_one_valid_document(args: tuple[str, ...]) -> None:
    assert isinstance(json.loads(ok(*args, "-f", "json")), list | dict)


@pytest.mark.parametrize("args", READING_COMMANDS, ids=" ".join)
def test_yaml_output_holds_the_same_data_as_json(args: tuple[str, ...]) -> None:
    assert yaml.safe_load(ok(*args, "-f", "yaml")) == json.loads(ok(*args, "-f", "json"))


def test_yaml_output_is_ascii() -> None:
    assert ok("overview", "-f", "yaml").isascii()


def test_json_numbers_are_numbers_and_absent_values_null() -> None:
    [diabetes, alcohol, _] = json.loads(ok("stats", "-f", "json"))
    assert (diabetes["low"], diabetes["high"], diabetes["value"]) == (60, 70, None)
    assert isinstance(alcohol["value"], float) and alcohol["low"] is None
