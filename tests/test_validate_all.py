"""`validate` reports every problem of a file in one run, in words, with file:line and the nearest known id."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import cause, invoke

WriteKb = Callable[..., Path]


def line_with(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_a_type_error_and_an_unknown_category_in_one_cause_are_both_reported(write_kb: WriteKb) -> None:
    def change(doc: dict[str, Any]) -> None:
        cause(doc, "diabetes").update(summary=5, category="metabolc")

    path = write_kb(change)
    result = invoke("validate", str(path))
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr.splitlines() == sorted(
        [
            f"{path}:{line_with(path, 'category: metabolc')}: causes[1].category: unknown category 'metabolc': "
            "did you mean 'metabolic'?",
            f"{path}:{line_with(path, 'summary: 5')}: causes[1].summary: Input should be a valid string; got 5 "
            "(quote it to keep it as text)",
        ],
        key=lambda line: int(line.split(":")[1]),
    )


def test_an_invalid_cause_s_unknown_symptom_organisation_and_form_are_reported(write_kb: WriteKb) -> None:
    def change(doc: dict[str, Any]) -> None:
        diabetes = cause(doc, "diabetes")
        diabetes["mechanism"] = ["not", "text"]
        diabetes["symptoms"][0] = "tinglng"
        diabetes["statistics"][0]["credited"] = "nind"
        diabetes["leads_to"][0]["form"] = "diabetic-neuropathyy"

    path = write_kb(change)
    said = invoke("validate", str(path)).stderr
    assert "causes[1].mechanism: Input should be a valid string" in said
    assert "causes[1].symptoms[0]: unknown symptom 'tinglng': did you mean 'tingling'?" in said
    assert "causes[1].statistics[0].credited: unknown organisation 'nind': did you mean 'ninds'?" in said
    assert (
        "causes[1].leads_to[0].form: unknown form 'diabetic-neuropathyy': did you mean 'diabetic-neuropathy'?" in said
    )


def test_a_value_of_the_wrong_shape_is_told_once(write_kb: WriteKb) -> None:
    # a category that is not an id is the schema's to report, not an unknown category as well
    path = write_kb(lambda d: cause(d, "diabetes").update(category="Metabolic", summary=5))
    lines = invoke("validate", str(path)).stderr.splitlines()
    assert len(lines) == 2
    assert lines[0].endswith(
        "causes[1].category: an id is lower-case words joined by hyphens, like 'heavy-alcohol-use'; got 'Metabolic'"
    )


def test_a_pattern_is_said_in_words(write_kb: WriteKb) -> None:
    def change(doc: dict[str, Any]) -> None:
        doc["organisations"][0]["url"] = "www.example.org"
        cause(doc, "diabetes")["summary"] = "  "

    path = write_kb(change)
    said = invoke("validate", str(path)).stderr
    assert "organisations[0].url: an address starts with http:// or https://" in said
    assert "causes[1].summary: this text is blank: write something, or remove the field" in said
    assert "should match pattern" not in said


def test_an_unknown_id_far_from_every_known_one_has_no_suggestion(write_kb: WriteKb) -> None:
    path = write_kb(lambda d: cause(d, "diabetes").update(category="astrology"))
    result = invoke("validate", str(path))
    assert result.stderr == f"{path}:{line_with(path, 'astrology')}: causes[1].category: unknown category 'astrology'\n"


def test_a_reading_command_names_the_bad_file_in_its_hint(write_kb: WriteKb) -> None:
    def change(doc: dict[str, Any]) -> None:
        for each in doc["causes"]:
            each["category"] = "astrology"
        doc["symptoms"][0]["colour"] = "red"

    path = write_kb(change)
    result = invoke("causes", "--data", str(path))
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert len(lines) == 9
    assert lines[-1].endswith(f"; to see all, run: neuroleg validate {path}")
    every = invoke("validate", str(path)).stderr.splitlines()
    assert len(every) == len(lines) - 1 + int(lines[-1].split()[2])  # validate lists the rest


def test_the_hint_quotes_a_path_a_shell_would_split(tmp_path: Path, bundled_doc: dict[str, Any]) -> None:
    import yaml

    for each in bundled_doc["causes"]:
        each["category"] = "astrology"
    bundled_doc["symptoms"][0]["colour"] = "red"
    path = tmp_path / "my causes.yaml"
    path.write_text(yaml.safe_dump(bundled_doc, sort_keys=False), encoding="utf-8")
    last = invoke("causes", "--data", str(path)).stderr.splitlines()[-1]
    assert last.endswith(f"; to see all, run: neuroleg validate '{path}'")


def test_an_unknown_field_close_to_a_known_one_names_it(write_kb: WriteKb) -> None:
    def change(doc: dict[str, Any]) -> None:
        diabetes = cause(doc, "diabetes")
        diabetes["sumary"] = diabetes.pop("summary")
        diabetes["statistics"][0]["abut"] = diabetes["statistics"][0].pop("about", "diabetes")
        doc["overview"]["colour"] = "red"

    path = write_kb(change)
    said = invoke("validate", str(path)).stderr
    assert "causes[1].sumary: unknown field: did you mean 'summary'?" in said
    assert "causes[1].summary: required field is missing" in said
    assert "causes[1].statistics[0].abut: unknown field: did you mean 'about'?" in said
    assert said.count("overview.colour: unknown field\n") == 1  # nothing close: no guess


def test_a_condition_of_the_wrong_shape_says_what_it_takes(write_kb: WriteKb) -> None:
    path = write_kb(lambda d: d.update(condition=7))
    result = invoke("validate", str(path))
    assert result.stderr == (
        f"{path}:{line_with(path, 'condition: 7')}: condition: give the condition's name (text), or its name and "
        "short form: {name: ..., short: ...}\n"
    )
    path = write_kb(lambda d: d.update(condition={"name": 5, "shrt": "pain"}))
    said = invoke("validate", str(path)).stderr.splitlines()
    assert [line.split(": ", 1)[1] for line in said] == [
        "condition.name: Input should be a valid string; got 5 (quote it to keep it as text)",
        "condition.shrt: unknown field: did you mean 'short'?",
    ]


def test_an_invalid_cause_s_subtypes_subjects_and_related_causes_are_checked_too(write_kb: WriteKb) -> None:
    def change(doc: dict[str, Any]) -> None:
        cancer = cause(doc, "cancer")
        cancer["summary"] = 5
        cancer["subtypes"][0]["symptoms"].append("itchng")
        cancer["statistics"].append(
            {"label": "A figure", "value": 1, "unit": "count", "population": "people", "credited": "ninds",
             "about": "no-such-subtype"}
        )  # fmt: skip
        cancer["related"] = ["diabetis"]

    path = write_kb(change)
    said = invoke("validate", str(path)).stderr
    assert ".summary: Input should be a valid string; got 5" in said
    assert ".subtypes[0].symptoms[" in said and "unknown symptom 'itchng'" in said
    assert "unknown subject 'no-such-subtype': name this cause, one of its subtypes, or a form" in said
    assert "unknown related cause 'diabetis': did you mean 'diabetes'?" in said
