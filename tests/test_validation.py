"""The knowledge-base rules: every problem found, located at its line, reported all at once."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import BUNDLED, RELEASES_CHECKED, ROOT, cause, invoke, ok
from typer.testing import Result

from neuroleg.errors import KnowledgeBaseError, Problem
from neuroleg.kb.schema import Cause, KnowledgeBase
from neuroleg.kb.validate import Consumer, Tally, Vocabulary, check_knowledge_base, parse_knowledge_base

WriteKb = Callable[..., Path]
Doc = dict[str, Any]

_BUNDLED_DOC: Doc = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
# where a symptom appended to the first form's list, or to post-surgical's, lands
FORM_0_NEXT = len(_BUNDLED_DOC["forms"][0]["symptoms"])
POST_SURGICAL_NEXT = len(next(c for c in _BUNDLED_DOC["causes"] if c["id"] == "post-surgical")["symptoms"])


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


# the bundled file


def test_bundled_file_validates_with_its_counts() -> None:
    tally = Tally()
    check_knowledge_base(BUNDLED.read_bytes(), str(BUNDLED), tally)
    assert tally.counts == {
        "causes": 8, "subtypes": 6, "statistics": 4, "symptoms": 14, "forms": 3, "organisations": 5, "categories": 7
    }  # fmt: skip


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
    assert problem.line == line_with(path, "id: injury", nth=3)  # the category, the cause, then the second cause
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


@pytest.mark.parametrize(
    ("key", "index", "kind", "ident", "count"),
    [
        ("organisations", 0, "organisation", "nih", 5),
        ("categories", 3, "category", "autoimmune", 7),
        ("forms", 1, "form", "diabetic-neuropathy", 3),
        ("symptoms", 11, "symptom", "leg-pain", 14),
    ],
)
def test_duplicate_id_in_a_declared_list_is_reported(
    write_kb: WriteKb, key: str, index: int, kind: str, ident: str, count: int
) -> None:
    def duplicate(doc: Doc) -> None:
        assert (doc[key][index]["id"], len(doc[key])) == (ident, count)
        doc[key].append({**copy.deepcopy(doc[key][index]), "name": "Another"})  # a copy: no YAML anchor

    path = write_kb(duplicate)
    problem = only_problem(path)
    assert problem.line == line_with(path, f"id: {ident}", nth=2)
    assert problem.message == f"{key}[{count}].id: duplicate {kind} id {ident!r} (also {key}[{index}])"


# names


def test_alias_may_not_name_two_causes(write_kb: WriteKb) -> None:
    path = write_kb(lambda d: cause(d, "diabetes")["aliases"].append("trauma"))
    problem = only_problem(path)
    assert problem.line == line_with(path, "trauma", nth=2)
    assert problem.message == "causes[1].aliases[5]: 'trauma' already names the cause 'injury'"


def test_names_collide_regardless_of_case_and_hyphens(write_kb: WriteKb) -> None:
    index: list[int] = []

    def collide(doc: Doc) -> None:
        aliases = cause(doc, "alcohol")["aliases"]
        index.append(len(aliases))
        aliases.append("Car-Accident")

    path = write_kb(collide)
    problem = only_problem(path)
    assert problem.line == line_with(path, "Car-Accident")
    assert problem.message == f"causes[2].aliases[{index[0]}]: 'Car-Accident' already names the cause 'injury'"


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
            lambda d: d["forms"][0]["symptoms"].append("itching"),
            "itching",
            f"forms[0].symptoms[{FORM_0_NEXT}]",
            "unknown symptom 'itching'",
        ),
        (
            lambda d: cause(d, "injury")["claims"][0].update(credited="who"),
            "credited: who",
            "causes[0].claims[0].credited",
            "unknown organisation 'who'",
        ),
        (
            lambda d: cause(d, "alcohol")["statistics"][0].update(credited="who"),
            "credited: who",
            "causes[2].statistics[0].credited",
            "unknown organisation 'who'",
        ),
        (
            lambda d: cause(d, "diabetes")["subtypes"][0].update(claims=[{"text": "A claim.", "credited": "who"}]),
            "credited: who",
            "causes[1].subtypes[0].claims[0].credited",
            "unknown organisation 'who'",
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
        "form-symptom",
        "claim-organisation",
        "statistic-organisation",
        "subtype-claim-organisation",
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


def test_dangling_related_cause_is_left_out_of_show(write_kb: WriteKb) -> None:
    path = write_kb(lambda d: cause(d, "multiple-sclerosis").update(related=["lupus", "diabetes"]))
    result = invoke("show", "multiple-sclerosis", "-f", "json", "--data", str(path))
    assert result.exit_code == 0, result.stderr
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
    path = write_kb(alcohol_stat(unit="count", value=4242))  # a figure no other line gives, to replace
    text = path.read_text(encoding="utf-8")
    assert text.count("value: 4242") == 1
    path.write_text(text.replace("value: 4242", f"value: {figure}"), encoding="utf-8")
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


@pytest.mark.parametrize("key", ["format", "organisations", "categories", "symptoms", "overview"])
def test_missing_top_level_section_is_reported_once(write_kb: WriteKb, key: str) -> None:
    # once, not again at every reference to the missing list
    path = write_kb(lambda d: d.pop(key))
    problem = only_problem(path)
    assert problem.line == 1
    assert problem.message == f"{key}: required field is missing"


def test_optional_top_level_sections_may_be_left_out(write_kb: WriteKb) -> None:
    path = write_kb(lambda d: d.pop("medical_help"))
    assert parse_knowledge_base(path.read_bytes(), str(path)).medical_help is None


def test_empty_cause_list_is_rejected(write_kb: WriteKb) -> None:
    path = write_kb(lambda d: d.update(causes=[]))
    problem = only_problem(path)
    assert problem.line == line_with(path, "causes: []")
    assert problem.message == "causes: required: a list of at least one cause"


def test_unknown_category_is_rejected(write_kb: WriteKb) -> None:
    path = write_kb(lambda d: cause(d, "injury").update(category="accident"))
    problem = only_problem(path)
    assert problem.line == line_with(path, "category: accident")
    assert problem.message == "causes[0].category: unknown category 'accident'"


@pytest.mark.parametrize("value", [3, 1, "2"])
def test_unsupported_format_is_rejected(write_kb: WriteKb, value: Any) -> None:
    path = write_kb(lambda d: d.update(format=value))
    problem = only_problem(path)
    assert problem.line == 1
    assert problem.message == "format: Input should be 2"


def test_top_level_list_is_rejected_at_line_one(write_kb: WriteKb) -> None:
    path = write_kb(text="- a\n- b\n")
    problem = only_problem(path)
    assert problem.line == 1
    assert problem.message == "the top level must be a mapping (format, organisations, ...)"


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
    doc["forms"][0]["symptoms"].append("yawning")


def test_every_problem_is_reported_at_once_sorted_by_line(write_kb: WriteKb) -> None:
    path = write_kb(break_four_things)
    expected = sorted(
        [
            (line_with(path, "yawning"), f"forms[0].symptoms[{FORM_0_NEXT}]: unknown symptom 'yawning'"),
            (line_with(path, "id: Injury"), "causes[0].id: String should match pattern '^[a-z0-9]+(-[a-z0-9]+)*$'"),
            (
                record_line(path, "label: Report having neuropathy"),
                "causes[2].statistics[0]: a percentage must be between 0 and 100",
            ),
            (line_with(path, "itching"), f"causes[7].symptoms[{POST_SURGICAL_NEXT}]: unknown symptom 'itching'"),
        ]
    )
    assert [(p.line, p.message) for p in problems_of(path)] == expected


def test_problems_read_as_file_line_location_message(write_kb: WriteKb) -> None:
    path = write_kb(break_four_things)
    with pytest.raises(KnowledgeBaseError) as caught:
        parse_knowledge_base(path.read_bytes(), str(path))
    lines = str(caught.value).splitlines()
    assert len(lines) == 4
    yawning = f"forms[0].symptoms[{FORM_0_NEXT}]: unknown symptom 'yawning'"
    assert f"{path}:{line_with(path, 'yawning')}: {yawning}" in lines
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
        self.vocabulary: Vocabulary | None = None

    def begin(self, vocabulary: Vocabulary | None) -> None:
        self.events.append("begin")
        self.vocabulary = vocabulary

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


def test_consumer_is_given_the_lists_causes_refer_to_when_the_file_gives_them_first() -> None:
    recorder = Recorder()
    check_knowledge_base(BUNDLED.read_bytes(), str(BUNDLED), recorder)
    assert recorder.vocabulary is not None
    assert [o.id for o in recorder.vocabulary.organisations] == ["nih", "ninds", "nci", "mayo-clinic", "niddk"]
    assert [f.id for f in recorder.vocabulary.forms] == [
        "peripheral-neuropathy", "diabetic-neuropathy", "chemotherapy-induced-neuropathy"
    ]  # fmt: skip
    assert len(recorder.vocabulary.symptoms) == 14


def test_consumer_is_given_no_lists_when_the_causes_come_first(bundled_doc: Doc, tmp_path: Path) -> None:
    path = tmp_path / "sorted.yaml"
    path.write_text(yaml.safe_dump(bundled_doc, sort_keys=True), encoding="utf-8")  # `causes` before the lists
    recorder = Recorder()
    check_knowledge_base(path.read_bytes(), str(path), recorder)
    assert recorder.vocabulary is None
    assert recorder.events[0] == "begin" and recorder.events[-1] == "finish"
    assert len(recorder.events) == 10


def test_consumer_is_never_finished_for_an_invalid_file(write_kb: WriteKb) -> None:
    path = write_kb(alcohol_stat(value=101))
    recorder = Recorder()
    with pytest.raises(KnowledgeBaseError):
        check_knowledge_base(path.read_bytes(), str(path), recorder)
    assert "finish" not in recorder.events
    assert "alcohol" not in recorder.events
    assert recorder.events[:3] == ["begin", "injury", "diabetes"]


# format 2 at the command line: declared categories, organisations nested by part_of, forms, and
# the subject and credit of every fact; an editor runs `neuroleg validate` and reads file:line


def refused(path: Path, *args: str) -> Result:
    """`neuroleg ARGS` (default: validate PATH) on a file it must refuse: exit 3, nothing on stdout, no traceback."""
    result = invoke(*(args or ("validate", str(path))))
    assert (result.exit_code, result.stdout) == (3, ""), (result.exit_code, result.stderr)
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    return result


def line_after(path: Path, first: str, text: str) -> int:
    """The line reading `text` that comes first after the line reading `first`."""
    lines = [line.strip().removeprefix("- ") for line in path.read_text(encoding="utf-8").splitlines()]
    start = lines.index(first)
    return lines.index(text, start) + 1


NUTRITIONAL = {
    "id": "nutritional",
    "name": "Nutritional",
    "description": "Nerves harmed when the body lacks a vitamin or another nutrient.",
}


def test_a_category_declared_in_the_file_validates_and_is_listed(write_kb: WriteKb) -> None:
    def declare(doc: Doc) -> None:
        doc["categories"].append(NUTRITIONAL)
        cause(doc, "alcohol")["category"] = "nutritional"

    path = write_kb(declare)
    assert ok("validate", str(path)) == (
        f"{path}: valid: 8 causes, 6 subtypes, 4 statistics, 14 symptoms, 3 forms, 5 organisations, 8 categories"
        f"{RELEASES_CHECKED}\n"
    )
    causes = json.loads(ok("causes", "-f", "json", "--data", str(path)))
    assert [(c["id"], c["category"], c["category_name"]) for c in causes if c["category"] == "nutritional"] == [
        ("alcohol", "nutritional", "Nutritional")
    ]
    row = next(line for line in ok("causes", "--data", str(path)).splitlines() if line.startswith("Heavy alcohol"))
    assert row.split()[:4] == ["Heavy", "alcohol", "use", "Nutritional"]  # the plain table shows its name


def test_a_category_that_is_not_declared_exits_3_at_its_line(write_kb: WriteKb) -> None:
    path = write_kb(lambda d: cause(d, "alcohol").update(category="nutritional"))
    expected = (
        f"{path}:{line_with(path, 'category: nutritional')}: causes[2].category: unknown category 'nutritional'\n"
    )
    assert refused(path).stderr == expected
    assert refused(path, "causes", "-f", "json", "--data", str(path)).stderr == expected


def _stat_about(cause_id: str, subject: str) -> Callable[[Doc], None]:
    return lambda d: cause(d, cause_id)["statistics"][0].update(about=subject)


def _risk_raises(cause_id: str, subject: str, subtype: int | None = None) -> Callable[[Doc], None]:
    def change(doc: Doc) -> None:
        owner = cause(doc, cause_id) if subtype is None else cause(doc, cause_id)["subtypes"][subtype]
        owner["risk_factors"][0]["raises"] = subject

    return change


SUBJECT = "name this cause, one of its subtypes, or a form"


@pytest.mark.parametrize(
    ("change", "needle", "message"),
    [
        (
            lambda d: cause(d, "injury")["claims"][0].update(credited="who"),
            "credited: who",
            "causes[0].claims[0].credited: unknown organisation 'who'",
        ),
        (
            lambda d: cause(d, "post-surgical")["symptoms"].append({"symptom": "muscle-weakness", "credited": "who"}),
            "credited: who",
            f"causes[7].symptoms[{POST_SURGICAL_NEXT}].credited: unknown organisation 'who'",
        ),
        (
            lambda d: cause(d, "chemotherapy")["leads_to"][0].update(credited="who"),
            "credited: who",
            "causes[6].leads_to[0].credited: unknown organisation 'who'",
        ),
        (
            lambda d: cause(d, "post-surgical")["risk_factors"][0].update(credited="who"),
            "credited: who",
            "causes[7].risk_factors[0].credited: unknown organisation 'who'",
        ),
        (
            lambda d: cause(d, "diabetes")["statistics"][0].update(credited="who"),
            "credited: who",
            "causes[1].statistics[0].credited: unknown organisation 'who'",
        ),
        (
            lambda d: cause(d, "chemotherapy")["treatment"][1].update(credited="who"),
            "credited: who",
            "causes[6].treatment[1].credited: unknown organisation 'who'",
        ),
        (
            lambda d: d["organisations"][1].update(part_of="who"),
            "part_of: who",
            "organisations[1].part_of: unknown organisation 'who'",
        ),
        (
            lambda d: cause(d, "injury")["leads_to"][0].update(form="central-neuropathy"),
            "form: central-neuropathy",
            "causes[0].leads_to[0].form: unknown form 'central-neuropathy'",
        ),
        (
            _risk_raises("diabetes", "sarcoma"),  # a subtype, but of cancer
            "raises: sarcoma",
            f"causes[1].risk_factors[0].raises: unknown subject 'sarcoma': {SUBJECT}",
        ),
        (
            _risk_raises("cancer", "diabetic-amyotrophy", subtype=4),  # in a subtype: a subtype of diabetes
            "raises: diabetic-amyotrophy",
            f"causes[5].subtypes[4].risk_factors[0].raises: unknown subject 'diabetic-amyotrophy': {SUBJECT}",
        ),
        (
            _risk_raises("alcohol", "alcoholic-neuropathy"),  # an alias of the cause, not an id
            "raises: alcoholic-neuropathy",
            f"causes[2].risk_factors[0].raises: unknown subject 'alcoholic-neuropathy': {SUBJECT}",
        ),
        (
            _stat_about("chemotherapy", "cancer"),  # another cause
            "about: cancer",
            f"causes[6].statistics[0].about: unknown subject 'cancer': {SUBJECT}",
        ),
        (
            _stat_about("diabetes", "neuroma"),  # a subtype, but of cancer
            "about: neuroma",
            f"causes[1].statistics[0].about: unknown subject 'neuroma': {SUBJECT}",
        ),
        (
            lambda d: d["forms"][0]["symptoms"].append("itching"),
            "itching",
            f"forms[0].symptoms[{FORM_0_NEXT}]: unknown symptom 'itching'",
        ),
        (
            lambda d: d["forms"][2].update(symptoms=["leg-pain", "itching"]),
            "itching",
            "forms[2].symptoms[1]: unknown symptom 'itching'",
        ),
    ],
    ids=[
        "claim-credited", "symptom-credited", "leads-to-credited", "risk-factor-credited", "statistic-credited",
        "treatment-credited", "part-of", "leads-to-form", "raises-another-cause-s-subtype", "subtype-raises",
        "raises-an-alias", "about-another-cause", "about-another-cause-s-subtype", "form-symptom",
        "symptom-of-a-form-without-any",
    ],
)  # fmt: skip
def test_a_format_2_reference_that_does_not_resolve_exits_3_at_its_line(
    write_kb: WriteKb, change: Callable[[Doc], None], needle: str, message: str
) -> None:
    path = write_kb(change)
    assert refused(path).stderr == f"{path}:{line_with(path, needle)}: {message}\n"


def test_a_fact_may_be_about_the_cause_one_of_its_subtypes_or_a_form(write_kb: WriteKb) -> None:
    def subjects(doc: Doc) -> None:
        _risk_raises("diabetes", "diabetic-amyotrophy")(doc)  # its own subtype
        _risk_raises("cancer", "sarcoma", subtype=4)(doc)  # a sibling subtype, from a subtype
        _risk_raises("alcohol", "peripheral-neuropathy")(doc)  # a form
        _risk_raises("injury", "injury")(doc)  # the cause itself, by its id
        _stat_about("alcohol", "alcohol")(doc)
        _stat_about("chemotherapy", "peripheral-neuropathy")(doc)

    path = write_kb(subjects)
    assert ok("validate", str(path)).startswith(f"{path}: valid: 8 causes, ")
    diabetes = json.loads(ok("show", "diabetes", "-f", "json", "--data", str(path)))
    assert diabetes["risk_factors"][0]["raises"] == {
        "kind": "subtype", "id": "diabetic-amyotrophy", "name": "Diabetic amyotrophy"
    }  # fmt: skip
    alcohol = json.loads(ok("show", "alcohol", "-f", "json", "--data", str(path)))
    assert alcohol["risk_factors"][0]["raises"] == {
        "kind": "form", "id": "peripheral-neuropathy", "name": "Peripheral neuropathy"
    }  # fmt: skip
    assert alcohol["statistics"][0]["about"] == {"kind": "cause", "id": "alcohol", "name": "Heavy alcohol use"}


CYCLE = "is, through part_of, part of itself"


def test_an_organisation_that_is_part_of_itself_exits_3_at_its_line(write_kb: WriteKb) -> None:
    path = write_kb(lambda d: d["organisations"][0].update(part_of="nih"))
    line = line_after(path, "id: nih", "part_of: nih")
    assert refused(path).stderr == f"{path}:{line}: organisations[0].part_of: 'nih' {CYCLE}\n"


def test_organisations_that_are_parts_of_each_other_exit_3_at_each_line(write_kb: WriteKb) -> None:
    path = write_kb(lambda d: d["organisations"][0].update(part_of="ninds"))  # and NINDS is part of NIH
    assert refused(path).stderr == (
        f"{path}:{line_after(path, 'id: nih', 'part_of: ninds')}: organisations[0].part_of: 'nih' {CYCLE}\n"
        f"{path}:{line_after(path, 'id: ninds', 'part_of: nih')}: organisations[1].part_of: 'ninds' {CYCLE}\n"
    )


def test_a_later_organisation_that_is_part_of_itself_is_reported_at_its_own_line(write_kb: WriteKb) -> None:
    path = write_kb(lambda d: d["organisations"][3].update(part_of="mayo-clinic"))
    line = line_after(path, "id: mayo-clinic", "part_of: mayo-clinic")
    assert refused(path).stderr == f"{path}:{line}: organisations[3].part_of: 'mayo-clinic' {CYCLE}\n"


# format 1: refused with one line that says so, whatever the command

# a complete format-1 file (as the neuroleg of commit 8a3fa6e validated it): `schema_version`,
# `sources`, general symptoms in the overview, risk factors and treatment as plain text, `source`
# on a statistic, and a `sources` list on the cause
FORMAT_1 = """\
schema_version: 1
overview:
  summary: Neuropathic leg pain is pain that comes from damaged nerves.
  sections:
    - id: what-it-is
      title: What neuropathic leg pain is
      text: This is pain that starts with harm to the nerves.
  symptoms:
    - numbness
    - tingling
  disclaimer: neuroleg is an educational reference only; see a doctor.
sources:
  - id: ninds
    name: National Institute of Neurological Disorders and Stroke
    short: NINDS
    url: https://www.ninds.nih.gov/
symptoms:
  - id: numbness
    name: Numbness
    description: Loss of feeling, the most common sign.
  - id: tingling
    name: Tingling
    description: A tingling feeling.
  - id: leg-pain
    name: Leg pain
    description: Neuropathic pain in the leg or foot.
causes:
  - id: diabetes
    name: Diabetes
    category: metabolic
    aliases:
      - diabetic
    summary: >-
      Diabetes means blood sugar runs too high. According to NINDS, 60 to 70
      percent of people living with diabetes have neuropathy of some kind.
    mechanism: Too much glucose alters the way nerves pass messages.
    symptoms:
      - leg-pain
    risk_factors:
      - Smoking raises the chance of developing diabetic neuropathy.
    statistics:
      - label: Have some form of neuropathy
        low: 60
        high: 70
        unit: percent
        population: people with diabetes
        source: ninds
    treatment:
      - The outlook is different from one patient to the next.
    subtypes: []
    related: []
    sources:
      - ninds
"""
FORMAT_1_REFUSAL = (
    "schema_version: this file has 'schema_version', as format 1 did; neuroleg reads format 2 ('format: 2'): "
    "see 'From format 1' in the README for what to change"
)


@pytest.mark.parametrize(
    "command", [("validate",), ("show", "diabetes", "--data"), ("causes", "--data")], ids=lambda c: c[0]
)
def test_a_format_1_file_is_refused_in_one_line_pointing_to_the_readme(
    write_kb: WriteKb, command: tuple[str, ...]
) -> None:
    path = write_kb(text=FORMAT_1)
    assert refused(path, *command, str(path)).stderr == f"{path}:1: {FORMAT_1_REFUSAL}\n"


def test_the_readme_has_the_section_the_format_1_refusal_points_to() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n### From format 1\n", 1)[1].split("\n#", 1)[0]
    for step in ("format: 2", "organisations", "categories", "forms", "about", "credited"):
        assert step in section, step


def test_a_format_1_file_with_its_causes_first_is_refused_at_its_schema_version(write_kb: WriteKb) -> None:
    path = write_kb(text=yaml.safe_dump(yaml.safe_load(FORMAT_1), sort_keys=True))  # `causes` comes first
    assert refused(path).stderr == f"{path}:{line_with(path, 'schema_version: 1')}: {FORMAT_1_REFUSAL}\n"


def test_a_format_1_file_is_one_line_and_no_traceback(write_kb: WriteKb) -> None:
    path = write_kb(text=FORMAT_1)
    result = invoke("show", "diabetes", "--data", str(path))
    assert (result.exit_code, result.stdout, result.stderr) == (3, "", f"{path}:1: {FORMAT_1_REFUSAL}\n")


def test_a_long_format_1_file_with_its_causes_first_is_refused_in_one_line(write_kb: WriteKb) -> None:
    # 80 causes of the old shape hold far more than 200 problems: the key is found before any cause is read
    doc = yaml.safe_load(FORMAT_1)
    doc["causes"] = [
        {**copy.deepcopy(doc["causes"][0]), "id": f"cause-{i}", "name": f"Cause {i}", "aliases": []} for i in range(80)
    ]
    path = write_kb(text=yaml.safe_dump(doc, sort_keys=True))
    assert refused(path).stderr == f"{path}:{line_with(path, 'schema_version: 1')}: {FORMAT_1_REFUSAL}\n"


# the schema


def test_schema_describes_format_2() -> None:
    schema = json.loads(ok("schema"))
    properties, defs = schema["properties"], schema["$defs"]
    assert properties["format"]["const"] == 2
    assert {"schema_version", "sources"}.isdisjoint(properties)
    for key, record in (("organisations", "Organisation"), ("categories", "Category"), ("forms", "Form")):
        assert properties[key]["items"] == {"$ref": f"#/$defs/{record}"}
    assert {"$ref": "#/$defs/MedicalHelp"} in properties["medical_help"]["anyOf"]
    assert set(defs["MedicalHelp"]["required"]) == {"title", "summary", "advice"}
    assert set(defs["HelpAdvice"]["required"]) == {"text", "applies_to", "source", "url"}

    def described(record: str, field: str) -> str:
        description: str = defs[record]["properties"][field]["description"]
        return description

    assert described("Organisation", "part_of") == "id of the organisation this one is part of"
    assert described("Organisation", "part_of_source") == "a public page that says so"
    assert described("Cause", "category") == "id of a declared category"
    assert described("Cause", "leads_to") == "forms of neuropathy the source says it leads to"
    assert defs["Cause"]["properties"]["leads_to"]["items"] == {"$ref": "#/$defs/FormLink"}
    assert set(defs["FormLink"]["required"]) == {"form", "evidence"}
    assert described("RiskFactor", "raises").startswith("what it raises the risk of: a form, or one of the cause's")
    assert described("Statistic", "about").startswith("what the figure is of: a form, or one of the cause's subtypes")
    assert described("Statistic", "credited") == "id of the organisation that gives the figure"
    assert "credited" in defs["Statistic"]["required"]
    assert described("Fact", "credited") == "id of the organisation credited; absent: none"
    assert {"sources", "source"}.isdisjoint(defs["Cause"]["properties"])
    assert "source" not in defs["Statistic"]["properties"]


def test_schema_accepts_format_2_and_refuses_format_1(bundled_doc: Doc) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(ok("schema"))
    jsonschema.validate(bundled_doc, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(yaml.safe_load(FORMAT_1), schema)


def test_a_schema_version_of_any_value_is_told_as_the_old_format(write_kb: WriteKb) -> None:
    path = write_kb(text="schema_version: 2\ncauses: []\n")
    assert refused(path).stderr == f"{path}:1: {FORMAT_1_REFUSAL}\n"


# validate -f json: a report for programs, one object per problem


def test_validate_json_reports_a_valid_file_with_its_counts() -> None:
    result = invoke("validate", str(BUNDLED), "-f", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    report = json.loads(result.stdout)
    assert report["file"] == str(BUNDLED) and report["valid"] is True and report["problems"] == []
    assert report["counts"]["causes"] == len(yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))["causes"])


def test_validate_json_gives_each_problem_its_file_line_place_and_message(write_kb: WriteKb) -> None:
    path = write_kb(lambda d: d["causes"][2].update(category="nutritional"))
    result = invoke("validate", str(path), "-f", "json")
    assert (result.exit_code, result.stderr) == (3, "")
    report = json.loads(result.stdout)
    line = refused(path).stderr.split(":")[1]  # the plain report's line for the same problem
    assert report == {
        "file": str(path),
        "valid": False,
        "problems": [
            {
                "file": str(path),
                "line": int(line),
                "where": "causes[2].category",
                "message": "unknown category 'nutritional'",
            }
        ],
    }


def test_validate_json_of_a_problem_with_no_place_gives_null(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    report = json.loads(invoke("validate", str(empty), "-f", "json").stdout)
    assert report["problems"] == [{"file": str(empty), "line": None, "where": None, "message": "the file is empty"}]


def test_validate_refuses_a_format_it_cannot_print() -> None:
    result = invoke("validate", "-f", "csv")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "validate prints plain, json or yaml, not csv" in result.stderr


def test_cache_path_json_names_the_directory(private_cache: Path) -> None:
    result = invoke("cache", "path", "-f", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    assert json.loads(result.stdout) == {"cache_dir": str(private_cache)}
