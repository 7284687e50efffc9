"""The knowledge-base rules: every problem found, located at its line, reported all at once."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import BUNDLED, run_neuroleg

from neuroleg.errors import KnowledgeBaseError, Problem
from neuroleg.kb.schema import Cause, KnowledgeBase, Source, Symptom
from neuroleg.kb.validate import Consumer, Tally, check_knowledge_base, parse_knowledge_base

WriteKb = Callable[..., Path]
Doc = dict[str, Any]


def problems_of(path: Path, *, strict: bool = False) -> list[Problem]:
    """The problems reported for a knowledge-base file that must not validate."""
    with pytest.raises(KnowledgeBaseError) as caught:
        parse_knowledge_base(path.read_bytes(), str(path), strict=strict)
    problems: list[Problem] = caught.value.problems
    assert all(p.path == str(path) for p in problems)
    return problems


def only_problem(path: Path, *, strict: bool = False) -> Problem:
    problems = problems_of(path, strict=strict)
    assert len(problems) == 1, problems
    return problems[0]


def line_with(path: Path, text: str, *, nth: int = 1) -> int:
    """The 1-based number of the nth line that reads `text` (indentation and a list dash aside)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [i for i, line in enumerate(lines, 1) if line.strip().removeprefix("- ") == text]
    assert len(found) >= nth, f"no line {text!r} in {path}"
    return found[nth - 1]


def record_line(path: Path, text: str) -> int:
    """The line where the list item holding the line `text` begins (write_kb sorts keys, so search)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    i = line_with(path, text) - 1
    indent = len(lines[i]) - len(lines[i].lstrip())
    if lines[i].lstrip().startswith("- "):
        return i + 1
    for j in range(i - 1, -1, -1):
        if lines[j].lstrip().startswith("- ") and len(lines[j]) - len(lines[j].lstrip()) == indent - 2:
            return j + 1
    raise AssertionError(f"{text!r} is not in a list item of {path}")


def cause(doc: Doc, cause_id: str) -> Doc:
    found: Doc = next(c for c in doc["causes"] if c["id"] == cause_id)
    return found


# the bundled file


def test_bundled_file_validates_with_its_counts() -> None:
    tally = Tally()
    check_knowledge_base(BUNDLED.read_bytes(), str(BUNDLED), tally)
    assert tally.counts == {"causes": 8, "subtypes": 6, "statistics": 3, "symptoms": 12, "sources": 4}


def test_bundled_file_passes_strict_validation() -> None:
    kb = parse_knowledge_base(BUNDLED.read_bytes(), str(BUNDLED), strict=True)
    assert [c.id for c in kb.causes] == [
        "injury",
        "diabetes",
        "alcohol",
        "kidney-disease",
        "multiple-sclerosis",
        "cancer",
        "chemotherapy",
        "post-surgical",
    ]


def test_parsed_knowledge_base_survives_a_json_and_yaml_round_trip() -> None:
    kb = parse_knowledge_base(BUNDLED.read_bytes(), str(BUNDLED))
    plain = kb.model_dump(mode="json")
    json.dumps(plain)  # JSON-able: raises if a date or other object slipped through
    again = parse_knowledge_base(yaml.safe_dump(plain, sort_keys=False).encode(), "again.yaml")
    assert again.model_dump(mode="json") == plain
    assert again == kb
    assert KnowledgeBase.model_validate(plain) == kb


# ids


@pytest.mark.parametrize("bad", ["Bad_Id", "two words", "trailing-", "double--hyphen"])
def test_cause_id_must_be_a_slug(write_kb: WriteKb, bad: str) -> None:
    path = write_kb(lambda d: d["causes"][0].update(id=bad))
    problem = only_problem(path)
    assert problem.line == line_with(path, f"id: {bad}")
    assert problem.message.startswith("causes[0].id: String should match pattern")


def test_duplicate_cause_id_is_reported_at_the_second(write_kb: WriteKb) -> None:
    path = write_kb(lambda d: cause(d, "diabetes").update(id="injury"))
    problem = only_problem(path)
    assert problem.line == line_with(path, "id: injury", nth=2)
    assert problem.message == "causes[1].id: duplicate cause id 'injury'"


def test_overview_is_reserved_as_a_cause_id(write_kb: WriteKb) -> None:
    path = write_kb(lambda d: cause(d, "multiple-sclerosis").update(id="overview"))
    problem = only_problem(path)
    assert problem.line == line_with(path, "id: overview")
    assert problem.message == "causes[4].id: 'overview' is reserved for the overview in search results"


def test_duplicate_subtype_id_within_a_cause_is_reported(write_kb: WriteKb) -> None:
    path = write_kb(lambda d: cause(d, "cancer")["subtypes"][1].update(id="sarcoma"))
    problem = only_problem(path)
    assert problem.line == line_with(path, "id: sarcoma", nth=2)
    assert problem.message == "causes[5].subtypes[1].id: duplicate subtype id 'sarcoma' (also causes[5].subtypes[0])"


def test_same_subtype_id_under_two_causes_is_allowed(write_kb: WriteKb) -> None:
    def share_neuroma(doc: Doc) -> None:
        neuroma = next(s for s in cause(doc, "cancer")["subtypes"] if s["id"] == "neuroma")
        cause(doc, "injury")["subtypes"] = [copy.deepcopy(neuroma)]

    path = write_kb(share_neuroma)
    kb = parse_knowledge_base(path.read_bytes(), str(path))
    assert [s.id for s in kb.causes[0].subtypes] == ["neuroma"]


def test_duplicate_source_id_is_reported(write_kb: WriteKb) -> None:
    path = write_kb(lambda d: d["sources"].append({**d["sources"][0], "name": "Another"}))
    problem = only_problem(path)
    assert problem.line == line_with(path, "id: ninds", nth=2)
    assert problem.message == "sources[4].id: duplicate source id 'ninds' (also sources[0])"


# names


def test_alias_may_not_name_two_causes(write_kb: WriteKb) -> None:
    path = write_kb(lambda d: cause(d, "diabetes")["aliases"].append("trauma"))
    problem = only_problem(path)
    assert problem.line == line_with(path, "trauma", nth=2)
    assert problem.message == "causes[1].aliases[5]: 'trauma' already names the cause 'injury'"


def test_names_collide_regardless_of_case_and_hyphens(write_kb: WriteKb) -> None:
    path = write_kb(lambda d: cause(d, "alcohol")["aliases"].append("Car-Accident"))
    problem = only_problem(path)
    assert problem.line == line_with(path, "Car-Accident")
    assert problem.message == "causes[2].aliases[5]: 'Car-Accident' already names the cause 'injury'"


def test_cause_name_may_not_be_another_causes_alias(write_kb: WriteKb) -> None:
    path = write_kb(lambda d: cause(d, "kidney-disease").update(name="Chemo"))
    problem = only_problem(path)
    assert problem.line == line_with(path, "chemo")
    assert problem.message == "causes[6].aliases[0]: 'chemo' already names the cause 'kidney-disease'"


def test_subtype_name_may_not_be_an_earlier_causes_name(write_kb: WriteKb) -> None:
    path = write_kb(lambda d: cause(d, "cancer")["subtypes"][0]["aliases"].append("diabetic"))
    problem = only_problem(path)
    assert problem.line == line_with(path, "diabetic", nth=2)
    assert problem.message == "causes[5].subtypes[0].aliases[3]: 'diabetic' already names the cause 'diabetes'"


def test_subtype_name_may_not_be_a_later_causes_name(write_kb: WriteKb) -> None:
    path = write_kb(lambda d: cause(d, "cancer")["subtypes"][4].update(name="Hip surgery"))
    problem = only_problem(path)
    assert problem.line == line_with(path, "name: Hip surgery")
    assert problem.message == "causes[5].subtypes[4].name: 'Hip surgery' already names the cause 'post-surgical'"


# references


@pytest.mark.parametrize(
    ("change", "needle", "location", "message"),
    [
        (
            lambda d: cause(d, "alcohol")["symptoms"].append("itching"),
            "itching",
            "causes[2].symptoms[1]",
            "unknown symptom 'itching'",
        ),
        (
            lambda d: cause(d, "diabetes")["subtypes"][0]["symptoms"].append("itching"),
            "itching",
            "causes[1].subtypes[0].symptoms[3]",
            "unknown symptom 'itching'",
        ),
        (
            lambda d: d["overview"]["symptoms"].append("itching"),
            "itching",
            "overview.symptoms[7]",
            "unknown symptom 'itching'",
        ),
        (
            lambda d: cause(d, "alcohol")["sources"].append("who"),
            "who",
            "causes[2].sources[0]",
            "unknown source 'who'",
        ),
        (
            lambda d: cause(d, "alcohol")["statistics"][0].update(source="who"),
            "source: who",
            "causes[2].statistics[0].source",
            "unknown source 'who'",
        ),
        (
            lambda d: cause(d, "diabetes")["subtypes"][0]["sources"].append("who"),
            "who",
            "causes[1].subtypes[0].sources[0]",
            "unknown source 'who'",
        ),
        (
            lambda d: cause(d, "multiple-sclerosis")["related"].append("multiple-sclerosis"),
            "multiple-sclerosis",
            "causes[4].related[0]",
            "a cause cannot be related to itself",
        ),
    ],
    ids=[
        "cause-symptom",
        "subtype-symptom",
        "overview-symptom",
        "cause-source",
        "statistic-source",
        "subtype-source",
        "related-to-itself",
    ],
)
def test_reference_that_does_not_resolve_is_reported_at_its_line(
    write_kb: WriteKb, change: Callable[[Doc], None], needle: str, location: str, message: str
) -> None:
    path = write_kb(change)
    problem = only_problem(path)
    assert problem.message == f"{location}: {message}"
    assert problem.line == line_with(path, needle)


def test_dangling_related_cause_is_not_an_error_without_strict(write_kb: WriteKb) -> None:
    path = write_kb(lambda d: cause(d, "multiple-sclerosis")["related"].append("lupus"))
    kb = parse_knowledge_base(path.read_bytes(), str(path))
    assert len(kb.causes) == 8
    assert kb.causes[4].id == "multiple-sclerosis"


def test_dangling_related_cause_is_an_error_with_strict(write_kb: WriteKb) -> None:
    path = write_kb(lambda d: cause(d, "multiple-sclerosis")["related"].append("lupus"))
    problem = only_problem(path, strict=True)
    assert problem.line == line_with(path, "lupus")
    assert problem.message == "causes[4].related[0]: unknown related cause 'lupus'"


@pytest.mark.process
def test_dangling_related_cause_is_left_out_of_show(write_kb: WriteKb) -> None:
    path = write_kb(lambda d: cause(d, "multiple-sclerosis").update(related=["lupus", "diabetes"]))
    result = run_neuroleg("show", "multiple-sclerosis", "-f", "json", "--data", str(path))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["related"] == [{"id": "diabetes", "name": "Diabetes"}]


# statistics


def alcohol_stat(**changes: Any) -> Callable[[Doc], None]:
    def change(doc: Doc) -> None:
        cause(doc, "alcohol")["statistics"][0].update(changes)

    return change


def diabetes_stat(**changes: Any) -> Callable[[Doc], None]:
    def change(doc: Doc) -> None:
        cause(doc, "diabetes")["statistics"][0].update(changes)

    return change


def test_percent_over_100_is_rejected(write_kb: WriteKb) -> None:
    path = write_kb(alcohol_stat(value=101))
    problem = only_problem(path)
    assert problem.line == record_line(path, "label: Report having neuropathy")
    assert problem.message == "causes[2].statistics[0]: a percentage must be between 0 and 100"


def test_low_greater_than_high_is_rejected(write_kb: WriteKb) -> None:
    path = write_kb(diabetes_stat(low=80))
    problem = only_problem(path)
    assert problem.line == record_line(path, "label: Have some form of neuropathy")
    assert problem.message == "causes[1].statistics[0]: low (80) is greater than high (70)"


def test_value_together_with_low_is_rejected(write_kb: WriteKb) -> None:
    path = write_kb(alcohol_stat(low=10))
    problem = only_problem(path)
    assert problem.line == record_line(path, "label: Report having neuropathy")
    assert problem.message == "causes[2].statistics[0]: give either value, or low and high, not both"


def test_low_without_high_is_rejected(write_kb: WriteKb) -> None:
    def drop_high(doc: Doc) -> None:
        del cause(doc, "diabetes")["statistics"][0]["high"]

    path = write_kb(drop_high)
    problem = only_problem(path)
    assert problem.line == record_line(path, "label: Have some form of neuropathy")
    assert problem.message == "causes[1].statistics[0]: give either value, or both low and high"


def test_negative_count_is_rejected(write_kb: WriteKb) -> None:
    path = write_kb(alcohol_stat(value=-3, unit="count", qualifier="about"))
    problem = only_problem(path)
    assert problem.message == "causes[2].statistics[0]: a figure cannot be negative"


@pytest.mark.parametrize("figure", [".nan", ".inf"])
def test_figure_that_is_not_a_finite_number_is_rejected(write_kb: WriteKb, figure: str) -> None:
    path = write_kb(alcohol_stat(unit="count"))
    path.write_text(path.read_text(encoding="utf-8").replace("value: 50", f"value: {figure}"), encoding="utf-8")
    problem = only_problem(path)
    assert problem.line == line_with(path, f"value: {figure}")
    assert problem.message == "causes[2].statistics[0].value: Input should be a finite number"


def test_statistic_without_a_population_is_rejected(write_kb: WriteKb) -> None:
    def drop(doc: Doc) -> None:
        del cause(doc, "chemotherapy")["statistics"][0]["population"]

    path = write_kb(drop)
    problem = only_problem(path)
    assert problem.line == record_line(path, "label: Develop chemotherapy-induced neuropathy")
    assert problem.message == "causes[6].statistics[0].population: required field is missing"


# types and fields


def test_number_where_text_is_expected_hints_to_quote_it(write_kb: WriteKb) -> None:
    path = write_kb(lambda d: cause(d, "injury").update(name=42))
    problem = only_problem(path)
    assert problem.line == line_with(path, "name: 42")
    assert problem.message == ("causes[0].name: Input should be a valid string; got 42 (quote it to keep it as text)")


def test_yaml_no_where_text_is_expected_hints_to_quote_it(write_kb: WriteKb) -> None:
    path = write_kb()
    text = path.read_text(encoding="utf-8").replace("- trauma\n", "- NO\n", 1)
    path.write_text(text, encoding="utf-8")
    problem = only_problem(path)
    assert problem.line == line_with(path, "NO")
    assert problem.message == (
        "causes[0].aliases[0]: Input should be a valid string; got False (quote it to keep it as text)"
    )


def test_date_where_text_is_expected_stays_text(write_kb: WriteKb) -> None:
    path = write_kb()
    path.write_text(path.read_text(encoding="utf-8").replace("- trauma\n", "- 2024-01-01\n", 1), encoding="utf-8")
    kb = parse_knowledge_base(path.read_bytes(), str(path))
    assert kb.causes[0].aliases[0] == "2024-01-01"


def test_text_where_a_number_is_expected_is_rejected(write_kb: WriteKb) -> None:
    path = write_kb(diabetes_stat(low="60"))
    problem = only_problem(path)
    assert problem.line == line_with(path, "low: '60'")
    assert problem.message == "causes[1].statistics[0].low: Input should be a valid number"


def test_unknown_field_is_rejected(write_kb: WriteKb) -> None:
    path = write_kb(lambda d: cause(d, "kidney-disease").update(severity="high"))
    problem = only_problem(path)
    assert problem.line == line_with(path, "severity: high")
    assert problem.message == "causes[3].severity: unknown field"


def test_unknown_top_level_field_is_rejected(write_kb: WriteKb) -> None:
    path = write_kb(lambda d: d.update(version=2))
    problem = only_problem(path)
    assert problem.line == line_with(path, "version: 2")
    assert problem.message == "version: unknown field"


def test_missing_required_field_is_reported_at_its_record(write_kb: WriteKb) -> None:
    path = write_kb(lambda d: cause(d, "kidney-disease").pop("mechanism"))
    problem = only_problem(path)
    assert problem.line == record_line(path, "id: kidney-disease")
    assert problem.message == "causes[3].mechanism: required field is missing"


def test_missing_top_level_section_is_reported(write_kb: WriteKb) -> None:
    path = write_kb(lambda d: d.pop("sources"))
    problem = only_problem(path)
    assert problem.line == 1
    assert problem.message == "sources: required field is missing"


def test_empty_cause_list_is_rejected(write_kb: WriteKb) -> None:
    path = write_kb(lambda d: d.update(causes=[]))
    problem = only_problem(path)
    assert problem.line == line_with(path, "causes: []")
    assert problem.message == "causes: required: a list of at least one cause"


def test_unknown_category_is_rejected(write_kb: WriteKb) -> None:
    path = write_kb(lambda d: cause(d, "injury").update(category="accident"))
    problem = only_problem(path)
    assert problem.line == line_with(path, "category: accident")
    assert problem.message.startswith("causes[0].category: Input should be 'injury', 'metabolic'")


def test_unsupported_schema_version_is_rejected(write_kb: WriteKb) -> None:
    path = write_kb(lambda d: d.update(schema_version=2))
    problem = only_problem(path)
    assert problem.line == line_with(path, "schema_version: 2")
    assert problem.message == "schema_version: Input should be 1"


def test_top_level_list_is_rejected_at_line_one(write_kb: WriteKb) -> None:
    path = write_kb(text="- a\n- b\n")
    problem = only_problem(path)
    assert problem.line == 1
    assert problem.message == "the top level must be a mapping (schema_version, sources, ...)"


def test_blank_text_is_rejected(write_kb: WriteKb) -> None:
    path = write_kb(lambda d: cause(d, "injury").update(summary="   "))
    problem = only_problem(path)
    assert problem.line == line_with(path, "summary: '   '")
    assert problem.message.startswith("causes[0].summary: String should")


# all at once


def break_four_things(doc: Doc) -> None:
    cause(doc, "post-surgical")["symptoms"].append("itching")  # found last, at the end of the file
    cause(doc, "alcohol")["statistics"][0]["value"] = 101
    cause(doc, "injury")["id"] = "Injury"
    doc["overview"]["symptoms"].append("yawning")


def test_every_problem_is_reported_at_once_sorted_by_line(write_kb: WriteKb) -> None:
    path = write_kb(break_four_things)
    expected = sorted(
        [
            (line_with(path, "yawning"), "overview.symptoms[7]: unknown symptom 'yawning'"),
            (line_with(path, "id: Injury"), "causes[0].id: String should match pattern '^[a-z0-9]+(-[a-z0-9]+)*$'"),
            (
                record_line(path, "label: Report having neuropathy"),
                "causes[2].statistics[0]: a percentage must be between 0 and 100",
            ),
            (line_with(path, "itching"), "causes[7].symptoms[2]: unknown symptom 'itching'"),
        ]
    )
    assert [(p.line, p.message) for p in problems_of(path)] == expected


def test_problems_read_as_file_line_location_message(write_kb: WriteKb) -> None:
    path = write_kb(break_four_things)
    with pytest.raises(KnowledgeBaseError) as caught:
        parse_knowledge_base(path.read_bytes(), str(path))
    lines = str(caught.value).splitlines()
    assert len(lines) == 4
    assert f"{path}:{line_with(path, 'yawning')}: overview.symptoms[7]: unknown symptom 'yawning'" in lines
    assert (
        f"{path}:{line_with(path, 'id: Injury')}: causes[0].id: String should match pattern "
        + ("'^[a-z0-9]+(-[a-z0-9]+)*$'")
        in lines
    )
    numbers = [int(line.split(":")[1]) for line in lines]
    assert numbers == sorted(numbers), "problems are listed in file order"


def test_header_problem_does_not_hide_reference_problems_in_causes(write_kb: WriteKb) -> None:
    def break_header_and_a_cause(doc: Doc) -> None:
        doc["overview"]["colour"] = "blue"
        cause(doc, "alcohol")["symptoms"].append("itching")

    path = write_kb(break_header_and_a_cause)
    messages = [p.message for p in problems_of(path)]
    assert "overview.colour: unknown field" in messages
    assert "causes[2].symptoms[1]: unknown symptom 'itching'" in messages


class Recorder(Consumer):
    """Notes what validation hands over."""

    def __init__(self) -> None:
        self.events: list[str] = []

    def begin(self, sources: list[Source] | None, symptoms: list[Symptom] | None) -> None:
        self.events.append("begin")

    def add_cause(self, index: int, cause: Cause) -> None:
        self.events.append(cause.id)

    def finish(self, header: Any) -> None:
        self.events.append("finish")


def test_consumer_receives_every_cause_in_order_then_finish() -> None:
    recorder = Recorder()
    check_knowledge_base(BUNDLED.read_bytes(), str(BUNDLED), recorder)
    assert recorder.events[0] == "begin"
    assert recorder.events[-1] == "finish"
    assert recorder.events[1:-1][:2] == ["injury", "diabetes"]
    assert len(recorder.events) == 10


def test_consumer_is_never_finished_for_an_invalid_file(write_kb: WriteKb) -> None:
    path = write_kb(alcohol_stat(value=101))
    recorder = Recorder()
    with pytest.raises(KnowledgeBaseError):
        check_knowledge_base(path.read_bytes(), str(path), recorder)
    assert "finish" not in recorder.events
    assert "alcohol" not in recorder.events
    assert recorder.events[:3] == ["begin", "injury", "diabetes"]
