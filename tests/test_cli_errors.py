"""Every way a run can fail: the exit code, the exact message on stderr, nothing on stdout, never a traceback."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import BUNDLED, invoke
from typer.testing import Result

from neuroleg.exitcodes import ExitCode


@pytest.fixture
def write_kb_ordered(tmp_path: Path) -> Callable[[Callable[[dict[str, Any]], None], bool], Path]:
    """Write a changed bundled knowledge base with its causes first or, as bundled, last.

    The order changes how a file is compiled: causes read before the organisations,
    symptoms and forms wait for them; causes read after are compiled as they come.
    """

    def write(change: Callable[[dict[str, Any]], None], causes_first: bool) -> Path:
        doc = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
        change(doc)
        path = tmp_path / "ordered.yaml"
        # sorted keys put `causes` before `forms`, `organisations`, `overview` and `symptoms`
        path.write_text(yaml.safe_dump(doc, sort_keys=causes_first, allow_unicode=True), encoding="utf-8")
        return path

    return write


def line_of(path: Path, text: str) -> int:
    """The 1-based line of the first line of `path` that contains `text`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def no_traceback(result: Result) -> bool:
    """No traceback printed, and no exception escaped the command (exits are SystemExit)."""
    clean_exit = result.exception is None or isinstance(result.exception, SystemExit)
    return clean_exit and "Traceback" not in result.stdout + result.stderr


# usage errors: exit 2


@pytest.mark.parametrize(
    ("args", "last_line"),
    [
        (("bogus",), "Error: No such command 'bogus'."),
        (("show",), "Error: Missing argument 'NAME'."),
        (("search",), "Error: Missing argument 'QUERY'."),
        (("compare",), "Error: Missing argument 'NAME NAME...'."),
        (
            ("show", "diabetes", "-f", "xml"),
            "Error: Invalid value for '--format' / '-f': 'xml' is not one of "
            "'table', 'plain', 'json', 'yaml', 'csv', 'markdown', 'html'.",
        ),
        (("compare", "ms"), "Error: Invalid value for NAME NAME...: give at least two names to compare"),
        (("search", "nerve", "--limit", "0"), "Error: Invalid value for '--limit' / '-n': 0 is not in the range x>=1."),
        (
            ("search", "nerve", "-n", "many"),
            "Error: Invalid value for '--limit' / '-n': 'many' is not a valid int range.",
        ),
        (("causes", "--colour"), "Error: No such option: --colour"),
        (("cache", "empty"), "Error: No such command 'empty'."),
    ],
)
def test_a_usage_error_exits_2_with_click_s_message(args: tuple[str, ...], last_line: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Usage: neuroleg ")
    assert result.stderr.rstrip("\n").splitlines()[-1] == last_line


def test_an_unknown_search_field_exits_2_naming_the_fields() -> None:
    result = invoke("search", "nerve", "--in", "bogus")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "neuroleg: unknown field 'bogus'; choose from: names, name, aliases, subtype-names, codes, subtypes, symptoms, "
        "forms, risk-factors, statistics, summary, mechanism, treatment, related, sources, overview, glossary\n"
    )


def test_an_unknown_field_in_a_comma_separated_in_exits_2() -> None:
    result = invoke("search", "nerve", "--in", "names,colour")
    assert result.exit_code == 2
    assert result.stderr.startswith("neuroleg: unknown field 'colour'; choose from: ")


def test_an_empty_in_field_is_a_usage_error() -> None:
    result = invoke("search", "nerve", "--in", "")
    assert result.exit_code == 2
    assert "--in" in result.stderr


def test_comparing_one_cause_by_two_names_is_a_usage_error() -> None:
    result = invoke("compare", "diabetes", "diabetic")
    assert result.exit_code == 2
    assert result.stderr == "neuroleg: 'diabetes' and 'diabetic' name the same cause: give two different causes\n"


def test_click_s_own_usage_errors_are_cut_short_too() -> None:
    result = invoke("causes", "-f", "z" * 100_000)
    assert result.exit_code == 2
    assert "Error: Invalid value for '--format' / '-f': 'zzz" in result.stderr
    assert max(len(line) for line in result.stderr.splitlines()) <= 300
    assert result.stderr.splitlines()[0] == "Usage: neuroleg causes [OPTIONS]"


@pytest.mark.parametrize("query", ['"', "***", "-", "   ", "()"])
def test_a_query_with_no_searchable_words_exits_2(query: str) -> None:
    result = invoke("search", query)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"neuroleg: nothing to search for in {query!r}: use letters or digits\n"


@pytest.mark.parametrize("query", ['nerve"', "*x", "long-term", "-x", "NOT", "AND", "NEAR(", "c++", "x:y", "OR"])
def test_fts_syntax_in_a_query_is_searched_as_text_not_a_crash(query: str) -> None:
    result = invoke("search", query)
    assert result.exit_code in (0, 1, 2), result.stderr
    assert no_traceback(result)
    assert "syntax error" not in result.stderr and "no such column" not in result.stderr


# nothing found: exit 1


def test_a_search_without_hits_exits_1_with_a_spelling_hint() -> None:
    result = invoke("search", "tinglng")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "neuroleg: no match for 'tinglng'\ndid you mean 'Tingling'?\n"


def test_a_spelling_hint_names_only_the_misspelt_word() -> None:
    result = invoke("search", "nerve numbnes")
    assert result.exit_code == 1
    assert result.stderr == "neuroleg: no match for 'nerve numbnes'\ndid you mean 'Numbness'?\n"


def test_a_search_without_hits_or_close_words_exits_1_without_a_hint() -> None:
    result = invoke("search", "zzzzqqq")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "neuroleg: no match for 'zzzzqqq'\n"
        "'zzzzqqq': in no entry, and nothing here is close; try without, or see 'neuroleg symptoms'\n"
    )
    assert "did you mean" not in result.stderr


def test_an_unknown_name_exits_1_for_every_command_that_takes_one() -> None:
    for args in (("show", "diabtes"), ("symptoms", "diabtes"), ("compare", "ms", "diabtes")):
        result = invoke(*args)
        assert (result.exit_code, result.stdout) == (1, ""), args
        assert "did you mean: diabetes" in result.stderr, args


# the knowledge base is unusable: exit 3


def unusable(path: Path, *args: str) -> Result:
    """Run a reading command on a bad knowledge base; check exit 3, an empty stdout and no traceback."""
    result = invoke(*(args or ("causes",)), "--data", str(path))
    assert result.exit_code == 3, (result.exit_code, result.stderr)
    assert result.stdout == ""
    assert no_traceback(result)
    return result


def test_a_missing_knowledge_base_exits_3(tmp_path: Path) -> None:
    path = tmp_path / "absent.yaml"
    assert unusable(path).stderr == f"{path}: cannot read the knowledge base: no such file\n"


def test_a_directory_as_knowledge_base_exits_3(tmp_path: Path) -> None:
    assert unusable(tmp_path).stderr == f"{tmp_path}: cannot read the knowledge base: is a directory, not a file\n"


def test_a_device_is_refused_not_read() -> None:
    result = unusable(Path("/dev/zero"))
    assert "not a regular file" in result.stderr
    assert "internal error" not in result.stderr


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "kb.fifo"
    os.mkfifo(fifo)
    result = unusable(fifo)
    assert "not a regular file" in result.stderr
    assert "internal error" not in result.stderr


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (b"", ": the file is empty"),
        (b"  \n\n", ": the file is empty"),
        (b"format: 2\nname: caf\xe9\n", ":2: not UTF-8 text (byte 0xe9 at offset 19)"),
        (b"format: 2\ncauses: [a, b\n", ":3: YAML syntax error: did not find expected ',' or ']'"),
        (b"format: 2\nformat: 2\n", ":2: duplicate key 'format' (first at line 1)"),
        (b"format: 2\n1: a\ntrue: b\n", ":3: duplicate key True (first at line 2)"),
        (
            b'format: !!python/object/apply:os.system ["echo pwned"]\n',
            ":1: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed (plain data only)",
        ),
        (b"format: 2\na: &a [x, x]\nb: [*a, *a]\n", ":2: YAML anchors (&name) are not allowed"),
        (b"a: &a [*a]\n", ":1: YAML anchors (&name) are not allowed"),
        (b"format: 2\n<<: {a: 1}\n", ":2: YAML merge keys (<<) are not allowed"),
        (b"format: 2\n---\nformat: 2\n", ":2: only one YAML document is allowed per file"),
        (b"[" * 100 + b"\n", ":1: nested more than 64 levels deep"),
        (b"- a\n- b\n", ":1: the top level must be a mapping (format, organisations, ...)"),
    ],
    ids=[
        "empty", "blank", "not-utf8", "broken-yaml", "duplicate-key", "colliding-keys", "python-tag", "alias",
        "self-alias", "merge-key", "two-documents", "deep-nesting", "not-a-mapping",
    ],
)  # fmt: skip
def test_an_unusable_file_exits_3_with_file_line_message(
    write_kb: Callable[..., Path], text: bytes, problem: str
) -> None:
    path = write_kb(text=text)
    assert unusable(path).stderr == f"{path}{problem}\n"


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("format: !!int abc", "'abc' is not a valid int"),
        ("format: !!float x", "'x' is not a valid float"),
        ("format: !!bool maybe", "'maybe' is not a valid bool"),
        ("format: " + "9" * 5000, "is not a valid int"),
    ],
    ids=["int", "float", "bool", "5000-digits"],
)
def test_a_scalar_that_its_tag_cannot_read_exits_3_at_its_line(
    write_kb: Callable[..., Path], line: str, fragment: str
) -> None:
    bundled = BUNDLED.read_text(encoding="utf-8")
    assert bundled.startswith("format: 2\n")
    path = write_kb(text=bundled.replace("format: 2", line, 1))
    result = invoke("validate", str(path))
    assert result.exit_code == 3
    assert result.stderr.startswith(f"{path}:1: ")
    assert fragment in result.stderr


def test_an_alias_bomb_is_refused_at_once(write_kb: Callable[..., Path]) -> None:
    levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    path = write_kb(text="\n".join(levels) + "\n")
    assert unusable(path).stderr == f"{path}:1: YAML anchors (&name) are not allowed\n"


def test_invalid_content_exits_3_with_the_line_of_the_value(write_kb: Callable[..., Path]) -> None:
    path = write_kb(lambda doc: doc["causes"][1]["statistics"][0].update(unit="furlongs"))
    line = line_of(path, "unit: furlongs")
    assert unusable(path).stderr == (
        f"{path}:{line}: causes[1].statistics[0].unit: Input should be 'percent', 'count', 'years' or 'months'\n"
    )


def test_an_undeclared_category_exits_3_with_the_line_of_the_value(write_kb: Callable[..., Path]) -> None:
    path = write_kb(lambda doc: doc["causes"][1].update(category="astrology"))
    line = line_of(path, "category: astrology")
    assert unusable(path).stderr == f"{path}:{line}: causes[1].category: unknown category 'astrology'\n"


def test_a_statistic_without_an_organisation_is_refused(write_kb: Callable[..., Path]) -> None:
    path = write_kb(lambda doc: doc["causes"][1]["statistics"][0].pop("credited"))
    line = line_of(path, "label: Have some form of neuropathy")
    assert unusable(path).stderr == f"{path}:{line}: causes[1].statistics[0].credited: required field is missing\n"


def _dangling_symptom(doc: dict[str, Any]) -> None:
    doc["causes"][1]["symptoms"] = ["no-such-symptom"]


def _dangling_organisation(doc: dict[str, Any]) -> None:
    doc["causes"][1]["risk_factors"][0]["credited"] = "no-such-organisation"


def _dangling_statistic_organisation(doc: dict[str, Any]) -> None:
    doc["causes"][1]["statistics"][0]["credited"] = "no-such-organisation"


def _dangling_category(doc: dict[str, Any]) -> None:
    doc["causes"][1]["category"] = "no-such-category"


def _dangling_form(doc: dict[str, Any]) -> None:
    doc["causes"][1]["leads_to"][0]["form"] = "no-such-form"


@pytest.mark.parametrize("causes_first", [True, False], ids=["causes-first", "causes-last"])
@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        (_dangling_symptom, "- no-such-symptom", "causes[1].symptoms[0]: unknown symptom 'no-such-symptom'"),
        (
            _dangling_organisation,
            "credited: no-such-organisation",
            "causes[1].risk_factors[0].credited: unknown organisation 'no-such-organisation'",
        ),
        (
            _dangling_statistic_organisation,
            "credited: no-such-organisation",
            "causes[1].statistics[0].credited: unknown organisation 'no-such-organisation'",
        ),
        (_dangling_category, "category: no-such-category", "causes[1].category: unknown category 'no-such-category'"),
        (_dangling_form, "form: no-such-form", "causes[1].leads_to[0].form: unknown form 'no-such-form'"),
    ],
    ids=["symptom", "organisation", "statistic-organisation", "category", "form"],
)
def test_a_dangling_reference_exits_3_with_its_line(
    write_kb_ordered: Callable[[Callable[[dict[str, Any]], None], bool], Path],
    change: Callable[[dict[str, Any]], None],
    where: str,
    message: str,
    causes_first: bool,
) -> None:
    path = write_kb_ordered(change, causes_first)
    assert unusable(path).stderr == f"{path}:{line_of(path, where)}: {message}\n"


def test_a_dangling_symptom_of_a_form_exits_3(write_kb: Callable[..., Path]) -> None:
    index: list[int] = []

    def change(doc: dict[str, Any]) -> None:
        index.append(len(doc["forms"][0]["symptoms"]))
        doc["forms"][0]["symptoms"].append("no-such-symptom")

    path = write_kb(change)
    line = line_of(path, "- no-such-symptom")
    message = f"forms[0].symptoms[{index[0]}]: unknown symptom 'no-such-symptom'"
    assert unusable(path).stderr == f"{path}:{line}: {message}\n"


@pytest.mark.parametrize(
    "args",
    [("show", "diabetes"), ("symptoms",), ("stats",), ("sources",), ("overview",), ("search", "nerve")],
    ids=" ".join,
)
def test_every_reading_command_refuses_an_unusable_file(write_kb: Callable[..., Path], args: tuple[str, ...]) -> None:
    path = write_kb(text="format: 2\nformat: 2\n")
    assert unusable(path, *args).stderr == f"{path}:2: duplicate key 'format' (first at line 1)\n"


def test_neuroleg_data_pointing_nowhere_exits_3(tmp_path: Path) -> None:
    result = invoke("causes", env={"NEUROLEG_DATA": str(tmp_path / "absent.yaml")})
    assert result.exit_code == 3
    assert result.stderr == f"{tmp_path / 'absent.yaml'}: cannot read the knowledge base: no such file\n"


def _many_problems(doc: dict[str, Any]) -> None:
    """Ten problems: an undeclared category in each of the eight causes, an unknown field in two header entries."""
    for cause in doc["causes"]:
        cause["category"] = "astrology"
    doc["organisations"][0]["colour"] = "red"
    doc["symptoms"][0]["colour"] = "red"


def test_a_reading_command_shows_eight_problems_and_points_to_validate(write_kb: Callable[..., Path]) -> None:
    path = write_kb(_many_problems)
    lines = unusable(path).stderr.splitlines()
    assert len(lines) == 9
    assert lines[-1] == f"... and 2 more; to see all, run: neuroleg validate {path}"  # this file, not the bundled one


def test_problems_are_listed_in_file_order(write_kb: Callable[..., Path]) -> None:
    path = write_kb(_many_problems)
    result = invoke("validate", str(path))
    numbers = [int(line.split(":")[1]) for line in result.stderr.splitlines()]
    assert numbers == sorted(numbers)


# validate


def test_validate_lists_every_problem_as_file_line_message(write_kb: Callable[..., Path]) -> None:
    path = write_kb(_many_problems)
    result = invoke("validate", str(path))
    assert (result.exit_code, result.stdout) == (3, "")
    lines = result.stderr.splitlines()
    assert len(lines) == 10
    causes = [line for line in lines if re.match(rf"{re.escape(str(path))}:\d+: causes\[\d\]\.category: ", line)]
    assert len(causes) == 8
    assert all(line.endswith(": unknown category 'astrology'") for line in causes)
    assert f"{path}:{line_of(path, 'colour: red')}: organisations[0].colour: unknown field" in lines
    assert any(
        re.fullmatch(rf"{re.escape(str(path))}:\d+: symptoms\[0\]\.colour: unknown field", line) for line in lines
    )


def test_validate_of_a_broken_file_exits_3(write_kb: Callable[..., Path]) -> None:
    path = write_kb(text=b"format: 2\nformat: 2\n")
    result = invoke("validate", str(path))
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == f"{path}:2: duplicate key 'format' (first at line 1)\n"


def test_validate_of_a_missing_file_exits_3(tmp_path: Path) -> None:
    result = invoke("validate", str(tmp_path / "absent.yaml"))
    assert result.exit_code == 3
    assert result.stderr == f"{tmp_path / 'absent.yaml'}: cannot read the knowledge base: no such file\n"


def _dangling_related(doc: dict[str, Any]) -> None:
    doc["causes"][1]["related"] = ["alcohol", "no-such-cause"]


def test_validate_reports_a_related_cause_that_is_not_in_the_file(write_kb: Callable[..., Path]) -> None:
    path = write_kb(_dangling_related)
    result = invoke("validate", str(path))
    assert (result.exit_code, result.stdout) == (3, "")
    line = line_of(path, "- no-such-cause")
    assert result.stderr == f"{path}:{line}: causes[1].related[1]: unknown related cause 'no-such-cause'\n"


def test_a_related_cause_not_in_the_file_does_not_stop_reading(write_kb: Callable[..., Path]) -> None:
    result = invoke("causes", "--data", str(write_kb(_dangling_related)))
    assert (result.exit_code, result.stderr) == (0, "")
    assert "Diabetes" in result.stdout


def test_a_related_cause_not_in_the_file_is_left_out_of_show(write_kb: Callable[..., Path]) -> None:
    # README: "A `related` id that is not in the file is reported by `validate` but does not stop
    # the other commands (the link is left out)"
    result = invoke("show", "diabetes", "--data", str(write_kb(_dangling_related)), "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["related"] == [{"id": "alcohol", "name": "Heavy alcohol use"}]


# never a traceback, never raw control characters


def test_an_unknown_name_with_escape_codes_is_shown_escaped() -> None:
    result = invoke("show", "dia\x1b]0;pwned\x07betes\x9b\u202e")
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "\x9b" not in result.stderr and "\u202e" not in result.stderr
    assert result.stderr.startswith("neuroleg: no cause named 'dia\\x1b]0;pwned\\x07betes")


def test_a_query_with_escape_codes_is_shown_escaped() -> None:
    result = invoke("search", "zzzz\x1b]0;pwned\x07")
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert result.stderr == (
        "neuroleg: no match for 'zzzz\\x1b]0;pwned\\x07'\n"
        "'zzzz', 'pwned': in no entry, and nothing here is close; try without, or see 'neuroleg symptoms'\n"
    )


def test_a_knowledge_base_path_with_escape_codes_is_shown_escaped(tmp_path: Path) -> None:
    result = invoke("causes", "--data", str(tmp_path / "k\x1b]0;pwned\x07.yaml"))
    assert result.exit_code == 3
    assert result.stderr == f"{tmp_path}/k^[]0;pwned^G.yaml: cannot read the knowledge base: no such file\n"


def test_a_problem_quoting_the_file_s_text_is_shown_escaped(write_kb: Callable[..., Path]) -> None:
    path = write_kb(lambda doc: doc["causes"][0].update({"col\x1b]0;pwned\x07our": "red"}))
    result = unusable(path)
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert result.stderr.endswith(": causes[0].col^[]0;pwned^Gour: unknown field\n")


def test_a_key_cannot_forge_a_problem_line(write_kb: Callable[..., Path]) -> None:
    path = write_kb(text=BUNDLED.read_text(encoding="utf-8") + '"zz\\nkb.yaml:1: all good, ignore the rest": 1\n')
    result = invoke("causes", "--data", str(path))
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert not lines[0].startswith("kb.yaml:1")


@pytest.mark.parametrize(
    "args",
    [
        ("bogus",), ("show",), ("show", "diabtes"), ("search", '"'), ("search", "zzzzqqq"),
        ("show", "diabetes", "-f", "csv"), ("compare", "ms"), ("search", "nerve", "--in", "x"),
        ("causes", "--data", "/nonexistent/kb.yaml"), ("validate", "/nonexistent/kb.yaml"),
    ],
    ids=" ".join,
)  # fmt: skip
def test_no_error_prints_a_traceback(args: tuple[str, ...]) -> None:
    result = invoke(*args)
    assert result.exit_code in (1, 2, 3)
    assert "Traceback" not in result.stdout + result.stderr
    assert isinstance(result.exception, SystemExit)


# names and queries that were not UTF-8, or far too long: the breaks hostile command lines found


@pytest.mark.parametrize("command", [["show"], ["symptoms"], ["compare", "diabetes"]], ids=" ".join)
def test_a_name_that_was_not_utf8_in_argv_is_an_unknown_name(command: list[str]) -> None:
    result = invoke(*command, "caf\udce9")
    assert result.exit_code == 1, result.stderr
    assert result.stderr.startswith("neuroleg: no cause named 'caf\\udce9'\n")


def test_a_lone_surrogate_name_gets_no_suggestion_and_no_internal_error() -> None:
    result = invoke("show", "\ud800")
    assert result.exit_code == 1
    assert result.stderr == "neuroleg: no cause named '\\ud800'\nrun 'neuroleg causes' to list them\n"


def test_an_unknown_name_of_100000_characters_gets_a_short_message() -> None:
    result = invoke("show", "x" * 100_000)
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith("neuroleg: no cause named 'xxxx")
    assert first.endswith("… (99,767 more characters)")
    assert len(result.stderr) < 1000


def test_a_query_of_100000_characters_gets_a_short_message() -> None:
    result = invoke("search", "zq" * 50_000)
    assert result.exit_code == 1
    assert result.stderr.startswith("neuroleg: no match for 'zqzq")
    assert result.stderr.rstrip("\n").endswith("more characters)")
    assert len(result.stderr) < 1000


@pytest.mark.parametrize("args", [("validate", "\ud800"), ("causes", "--data", "\ud800")], ids=" ".join)
def test_a_path_that_is_a_lone_surrogate_ends_with_a_contract_exit_code(args: tuple[str, ...]) -> None:
    result = invoke(*args)
    assert result.exit_code in (1, 2, 3), repr(result.exception)
    assert isinstance(result.exception, SystemExit)
    assert result.stderr.endswith("\\ud800: cannot read the knowledge base: its name is not one a file can have\n")


@pytest.mark.parametrize(
    ("args", "said", "code"),
    [
        (("validate", "a\x00b"), "a^@b: cannot read the knowledge base: its name is not one a file can have", 3),
        (("causes", "--data", "\x00"), "^@: cannot read the knowledge base: its name is not one a file can have", 3),
        (("export", "-o", "a\x00b"), "neuroleg: cannot write a^@b: its name is not one a file can have", 2),
        (("export", "-o", "\ud800"), "neuroleg: cannot write \\ud800: its name is not one a file can have", 2),
    ],
    ids=["validate-nul", "data-nul", "output-nul", "output-surrogate"],
)
def test_a_name_no_file_can_have_is_a_short_error(args: tuple[str, ...], said: str, code: int) -> None:
    result = invoke(*args)
    assert (result.exit_code, result.stdout) == (code, "")
    assert result.stderr.rstrip("\n").endswith(said)


def test_every_exit_status_says_what_it_means_in_words_of_its_own() -> None:
    # the help, the man page and the README's table are made from these
    for code in ExitCode:
        assert code.label and code.describe() and "\n" not in code.describe()
    assert len({code.describe() for code in ExitCode}) == len(ExitCode)
