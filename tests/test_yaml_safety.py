"""The YAML reader yields plain data only, and refuses every unsafe construct with the line it is on."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import BUNDLED

import neuroleg.kb.safe_yaml as yamlsafe
from neuroleg.errors import KnowledgeBaseError, Problem
from neuroleg.kb.safe_yaml import MAX_DEPTH, line_of, read_yaml, yaml_lines

FILE = "kb.yaml"


def refusal(text: str | bytes) -> Problem:
    """The single problem `read_yaml` reports for a document it refuses."""
    data = text.encode() if isinstance(text, str) else text
    with pytest.raises(KnowledgeBaseError) as caught:
        read_yaml(data, FILE)
    assert len(caught.value.problems) == 1, caught.value.problems
    problem = caught.value.problems[0]
    assert problem.path == FILE
    return problem


def alias_bomb(levels: int = 9) -> bytes:
    """The billion-laughs document: each level lists the one before nine times."""
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        refs = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"l{level}: &l{level} [{refs}]")
    return ("\n".join(lines) + "\n").encode()


# anchors and aliases


def test_anchor_on_a_scalar_is_refused_with_its_line() -> None:
    problem = refusal("a: 1\nb: &name 2\n")
    assert problem.line == 2
    assert problem.message == "YAML anchors (&name) are not allowed"


def test_anchor_on_a_mapping_is_refused_with_its_line() -> None:
    problem = refusal("a: 1\nb:\n  c: &name\n    d: 1\n")
    assert problem.line == 3
    assert "anchors" in problem.message


def test_alias_is_refused_with_its_line() -> None:
    problem = refusal("a: 1\nb: 2\nc: *undefined\n")
    assert problem.line == 3
    assert problem.message == "YAML aliases (*name) are not allowed"


def test_self_referencing_alias_is_refused_on_its_line() -> None:
    problem = refusal("first: 1\nloop: &loop [*loop]\n")
    assert problem.line == 2
    assert "not allowed" in problem.message


def test_billion_laughs_alias_bomb_is_refused_within_a_second() -> None:
    bomb = alias_bomb(levels=9)
    started = time.perf_counter()
    problem = refusal(bomb)
    elapsed = time.perf_counter() - started
    assert problem.line == 1
    assert "anchors" in problem.message
    assert elapsed < 1.0, f"took {elapsed:.2f} s: the bomb was expanded"


# tags


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        ("!!python/object/apply:os.system ['true']", "tag:yaml.org,2002:python/object/apply:os.system"),
        ("!!python/name:os.system ''", "tag:yaml.org,2002:python/name:os.system"),
        ("!!binary aGVsbG8=", "tag:yaml.org,2002:binary"),
        ("!!set {x, y}", "tag:yaml.org,2002:set"),
        ("!!omap [a: 1]", "tag:yaml.org,2002:omap"),
        ("!local thing", "!local"),
    ],
)
def test_non_plain_tag_is_refused_with_its_name_and_line(value: str, tag: str) -> None:
    problem = refusal(f"a: 1\nb: 2\nc: {value}\n")
    assert problem.line == 3
    assert problem.message == f"YAML tag {tag!r} is not allowed (plain data only)"


def test_python_object_apply_never_runs_its_command(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"a: !!python/object/apply:os.system ['touch {marker}']\n"
    with pytest.raises(KnowledgeBaseError) as caught:
        read_yaml(text.encode(), FILE)
    assert "python/object/apply:os.system" in caught.value.problems[0].message
    assert not marker.exists()


def test_python_object_apply_in_a_knowledge_base_never_runs_when_opened(tmp_path: Path) -> None:
    from neuroleg.db.cache import open_store

    marker = tmp_path / "pwned"
    bundled = BUNDLED.read_text(encoding="utf-8")
    assert bundled.startswith("format: 2\n")
    data = bundled.replace("format: 2", f"format: !!python/object/apply:os.system ['touch {marker}']", 1)
    kb = tmp_path / "evil.yaml"
    kb.write_text(data, encoding="utf-8")
    with pytest.raises(KnowledgeBaseError) as caught:
        open_store(kb, None)
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (1, "YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed (plain data only)")
    ]
    assert not marker.exists()


# keys


def test_duplicate_key_is_rejected_with_its_line() -> None:
    problem = refusal("a: 1\nb: 2\na: 3\n")
    assert problem.line == 3
    assert problem.message == "duplicate key 'a' (first at line 1)"


def test_duplicate_key_in_a_nested_mapping_is_rejected_with_its_line() -> None:
    problem = refusal("top:\n  k: 1\n  other: 2\n  k: 3\n")
    assert problem.line == 4
    assert problem.message == "duplicate key 'k' (first at line 2)"


def test_keys_one_and_true_collide_as_duplicates() -> None:
    problem = refusal("map:\n  1: one\n  true: yes\n")
    assert problem.line == 3
    assert problem.message == "duplicate key True (first at line 2)"


def test_keys_one_and_one_point_zero_collide_as_duplicates() -> None:
    problem = refusal("1: a\n1.0: b\n")
    assert problem.line == 2
    assert "duplicate key" in problem.message


def test_quoted_and_numeric_keys_are_distinct() -> None:
    assert read_yaml(b"'1': text\n1: number\n", FILE) == {"1": "text", 1: "number"}


def test_merge_key_is_refused_with_its_line() -> None:
    problem = refusal("base:\n  a: 1\nderived:\n  <<: {b: 2}\n")
    assert problem.line == 4
    assert problem.message == "YAML merge keys (<<) are not allowed"


def test_mapping_as_a_key_is_refused() -> None:
    problem = refusal("a: 1\n? [x, y]\n: 2\n")
    assert problem.line == 2
    assert problem.message == "mapping keys must be plain words"


# documents and bytes


def test_second_document_is_refused_with_its_line() -> None:
    problem = refusal("a: 1\nb: 2\n---\nc: 3\n")
    assert problem.line == 3
    assert problem.message == "only one YAML document is allowed per file"


def test_second_explicit_document_is_refused_with_its_line() -> None:
    problem = refusal("---\na: 1\n...\n---\nb: 2\n")
    assert problem.line == 4
    assert "only one YAML document" in problem.message


@pytest.mark.parametrize("data", [b"", b"   \n\n\t\n"], ids=["empty", "whitespace"])
def test_empty_file_is_refused_without_a_line(data: bytes) -> None:
    problem = refusal(data)
    assert not problem.line
    assert problem.message == "the file is empty"


def test_file_of_only_comments_holds_no_document() -> None:
    problem = refusal("# just a comment\n# and another\n")
    assert not problem.line
    assert problem.message == "the file holds no YAML document"


def test_non_utf8_byte_is_refused_naming_the_byte_offset_and_line() -> None:
    problem = refusal(b"a: 1\nb: 2\nc: caf\xe9\n")
    assert problem.line == 3
    assert problem.message == "not UTF-8 text (byte 0xe9 at offset 16)"


@pytest.mark.parametrize("shift", range(4))
def test_a_character_across_the_checks_megabyte_boundary_is_read_whole(shift: int) -> None:
    # UTF-8 is checked a megabyte at a time: a character cut by the chunking would be a false refusal
    pad = "x" * (yamlsafe._CHUNK - len("a: ") - shift)
    assert read_yaml(f"a: {pad}\U0001f9e0\nb: 2\n".encode(), FILE) == {"a": f"{pad}\U0001f9e0", "b": 2}


def test_a_bad_byte_past_the_first_megabyte_is_refused_at_its_offset_and_line() -> None:
    text = b"a: 1\n" + b"b: " + b"y" * yamlsafe._CHUNK + b"\nc: caf\xe9\n"
    problem = refusal(text)
    at = text.index(b"\xe9")
    assert (problem.line, problem.message) == (3, f"not UTF-8 text (byte 0xe9 at offset {at})")


def test_utf16_file_is_refused_as_not_utf8() -> None:
    problem = refusal("a: 1\n".encode("utf-16"))
    assert problem.line == 1
    assert problem.message.startswith("not UTF-8 text (byte 0xff at offset 0)")


def test_utf8_byte_order_mark_is_accepted() -> None:
    assert read_yaml(b"\xef\xbb\xbfa: 1\n", FILE) == {"a": 1}


def test_syntax_error_reports_its_line() -> None:
    problem = refusal("a: [1, 2\nb: 3\n")
    assert problem.line == 2
    assert problem.message.startswith("YAML syntax error: ")


# nesting


def test_nesting_at_the_limit_is_read() -> None:
    value: Any = read_yaml(b"[" * MAX_DEPTH + b"]" * MAX_DEPTH, FILE)
    depth = 0
    while isinstance(value, list):
        depth += 1
        value = value[0] if value else None
    assert depth == MAX_DEPTH


def test_nesting_one_past_the_limit_is_refused() -> None:
    problem = refusal(b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1))
    assert problem.line == 1
    assert problem.message == f"nested more than {MAX_DEPTH} levels deep"


def test_deep_block_mapping_is_refused_at_the_line_that_goes_too_deep() -> None:
    text = "".join("  " * i + f"k{i}:\n" for i in range(100)) + "  " * 100 + "leaf\n"
    problem = refusal(text)
    assert problem.line == MAX_DEPTH + 1
    assert "nested more than" in problem.message


DEEP = {
    "1000 lists": b"[" * 1000 + b"]" * 1000,
    "1000 mappings": b"{a: " * 1000 + b"1" + b"}" * 1000,
    "100000 lists": b"[" * 100_000 + b"]" * 100_000,
}


@pytest.mark.parametrize("data", DEEP.values(), ids=DEEP.keys())
def test_deep_nesting_raises_knowledge_base_error_not_recursion_error(data: bytes) -> None:
    problem = refusal(data)
    assert problem.line == 1
    assert "nest" in problem.message


@pytest.mark.parametrize("data", DEEP.values(), ids=DEEP.keys())
def test_deep_nesting_is_refused_by_the_pure_python_parser_too(data: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsafe, "_Loader", yaml.SafeLoader)
    problem = refusal(data)
    assert problem.message == f"nested more than {MAX_DEPTH} levels deep"


def test_alias_bomb_is_refused_by_the_pure_python_parser_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsafe, "_Loader", yaml.SafeLoader)
    started = time.perf_counter()
    problem = refusal(alias_bomb(levels=9))
    assert time.perf_counter() - started < 1.0
    assert "anchors" in problem.message


def test_a_control_character_is_refused_by_the_pure_python_parser_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsafe, "_Loader", yaml.SafeLoader)
    with pytest.raises(KnowledgeBaseError) as caught:
        read_yaml(b"a: 1\nb: x\x00y\n", "kb.yaml")
    assert str(caught.value) == (
        "kb.yaml:2: the character U+0000 is not allowed in a YAML file (write it as an escape in double quotes)"
    )


def test_a_lone_surrogate_escape_is_refused_by_the_pure_python_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    # libyaml refuses "\ud800" itself; the pure-Python parser turns it into text that UTF-8 (and SQLite) cannot hold
    monkeypatch.setattr(yamlsafe, "_Loader", yaml.SafeLoader)
    with pytest.raises(KnowledgeBaseError) as caught:
        read_yaml(b'a: 1\nb: "x\\ud800y"\n', "kb.yaml")
    assert str(caught.value) == "kb.yaml:2: '\\ud800' is not a character (a lone UTF-16 surrogate)"


# YAML 1.1 values


SURPRISES = (
    "upper_no: NO\nlower_yes: yes\noctal: 012\nquoted: '012'\ndate: 2024-01-01\nstamp: 2001-12-14t21:59:43.1-05:00\n"
)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("upper_no", False),
        ("lower_yes", True),
        ("octal", 10),
        ("quoted", "012"),
        ("date", "2024-01-01"),
        ("stamp", "2001-12-14t21:59:43.1-05:00"),
    ],
)
def test_yaml_1_1_scalar_reads_as_documented(key: str, expected: object) -> None:
    value = read_yaml(SURPRISES.encode(), FILE)[key]
    assert value == expected
    assert type(value) is type(expected)


def test_plain_types_only_come_out() -> None:
    doc = read_yaml(b"a: [1, 2.5, text, null, true]\nb: {c: d}\n", FILE)
    assert doc == {"a": [1, 2.5, "text", None, True], "b": {"c": "d"}}
    assert type(doc["b"]) is dict
    assert type(doc["a"]) is list


def test_bundled_knowledge_base_reads_as_safe_load_does() -> None:
    data = BUNDLED.read_bytes()
    assert read_yaml(data, FILE) == yaml.safe_load(data)


# line numbers


def test_yaml_lines_locate_a_nested_value_of_the_bundled_file() -> None:
    data = BUNDLED.read_bytes()
    text = data.decode().splitlines()
    lines = yaml_lines(data, str(BUNDLED))
    line = line_of(lines, ("causes", 1, "statistics", 0, "low"))
    assert line is not None
    assert text[line - 1].strip() == "low: 60"
    assert line_of(lines, ("causes", 1, "id")) == text.index("  - id: diabetes") + 1


def test_yaml_lines_locate_an_item_of_a_nested_list(bundled_doc: dict[str, Any]) -> None:
    data = BUNDLED.read_bytes()
    text = data.decode().splitlines()
    lines = yaml_lines(data, str(BUNDLED))
    line = line_of(lines, ("causes", 5, "subtypes", 4, "aliases", 2))
    assert line is not None
    assert text[line - 1].strip() == f"- {bundled_doc['causes'][5]['subtypes'][4]['aliases'][2]}"


def test_line_of_falls_back_to_the_deepest_ancestor_present() -> None:
    data = b"top:\n  a: 1\n  list:\n    - x: 1\n      y: 2\n"
    lines = yaml_lines(data, FILE)
    assert line_of(lines, ("top", "list", 0, "y")) == 5
    assert line_of(lines, ("top", "list", 0, "missing")) == 4
    assert line_of(lines, ("top", "missing", 3)) == 2  # where the value of `top` begins


def test_line_of_an_unknown_top_level_key_is_the_document_start() -> None:
    lines = yaml_lines(b"\n\na: 1\n", FILE)
    assert line_of(lines, ("nowhere",)) == 3


def test_a_carriage_return_on_its_own_is_refused_at_its_line() -> None:
    # YAML ends a line at a lone CR and an editor does not: the lines of every later problem would be wrong
    problem = refusal(b"format: 2\r\ncondition: x\rcauses: []\n")
    assert (problem.line, problem.message) == (
        2,
        "a carriage return on its own (an old Mac line end): save the file with LF or CRLF line ends",
    )


def test_windows_line_ends_still_read() -> None:
    assert read_yaml(b"format: 2\r\ncauses: []\r\n", FILE) == {"format": 2, "causes": []}
