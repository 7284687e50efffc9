"""Terminal safety: hostile knowledge-base text through every command and format is shown, never acted on.

Every text field of the bundled file gets a payload of Rich markup, ANSI and
OSC escape sequences, C1 controls, bidirectional overrides, zero-width and
other invisible format characters. Whatever the command and format, the
output holds none of those characters raw (JSON and YAML escape them, the
other formats show them as `^[`, `\\x9b`, `<U+202E>`), and markup prints as typed.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import typer.main
import yaml
from conftest import BUNDLED
from typer.testing import CliRunner, Result

from neuroleg.cli.app import app
from neuroleg.render.sanitize import safe_line, safe_text

runner = CliRunner()

PAYLOAD = (
    " [bold]B[/bold] [link=http://evil.example/]L[/link] [/]"
    " \x1b[31mR\x1b[0m \x1b[2J \x1b]0;T\x07 \x1b]8;;http://evil.example/\x1b\\H\x1b]8;;\x1b\\"
    " \x9b31mC \x07\x08\r\x7f"
    " \u202eRLO\u202c \u2066I\u2069 \u200e\u200f\u061c"
    " Z\u200bW\u200dJ\u2060\ufeff \u00adSHY \u180e \ufff9A\ufffb \U000e0041\U000e007f \u2028\u2029"
    " \ue000P\ue001"
)
SKIP = {"id", "category", "unit", "qualifier", "source", "sources", "related", "url", "schema_version"}
TEXT_LISTS = {"aliases", "risk_factors", "treatment"}
SGR = re.compile(r"\x1b\[[0-9;]*m")  # our own styling on a terminal: the only escape sequence allowed


def poison(value: Any, key: str = "") -> Any:
    """`value` with the payload after every piece of text an editor writes (ids and references left alone)."""
    if isinstance(value, dict):
        return {k: v if k in SKIP else poison(v, k) for k, v in value.items()}
    if isinstance(value, list):
        if key in TEXT_LISTS:
            return [f"{item}{PAYLOAD}" for item in value]
        return [poison(item) if isinstance(item, dict) else item for item in value]
    if isinstance(value, str):
        return f"{value}{PAYLOAD}"
    return value


@pytest.fixture(scope="module")
def hostile_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled file with the payload in every text, and a cache for it shared by this module's tests."""
    doc = poison(yaml.safe_load(BUNDLED.read_text(encoding="utf-8")))
    doc["sources"][0]["url"] = "https://e.example/\x1b]8;;http://evil.example/\x07x\x9b2J"
    path = tmp_path_factory.mktemp("hostile") / "kb.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def is_active(char: str) -> bool:
    """Could this character act on a terminal, or reorder or hide text?"""
    return char not in "\n\t" and unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp", "Cs"}


def reading_commands() -> dict[str, list[str]]:
    """Each command that reads a knowledge base, with arguments that find something in it."""
    arguments = {"show": ["diabetes"], "compare": ["diabetes", "alcohol"], "search": ["nerve"], "match": ["tingling"]}
    group = typer.main.get_command(app)
    out = {}
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        options = {opt for param in command.params for opt in getattr(param, "opts", [])}
        if "--data" in options and name != "validate":
            out[name] = arguments.get(name, [])
    out["symptoms NAME"] = ["diabetes"]
    return out


def formats(command: str) -> list[str]:
    group = typer.main.get_command(app)
    params = group.commands[command.split()[0]].params  # type: ignore[attr-defined]
    choice = next(p for p in params if "--format" in getattr(p, "opts", []))
    return [str(c) for c in choice.type.choices]


CASES = [(name, fmt) for name in reading_commands() for fmt in formats(name)]


def run(name: str, fmt: str, kb: Path, **env: str) -> Result:
    args = [name.split()[0], *reading_commands()[name], "-f", fmt, "--data", str(kb)]
    return runner.invoke(app, args, env={"XDG_CACHE_HOME": str(kb.parent / "cache"), **env})


@pytest.mark.parametrize(("name", "fmt"), CASES, ids=[f"{n}-{f}" for n, f in CASES])
def test_hostile_text_reaches_no_terminal_raw(name: str, fmt: str, hostile_kb: Path) -> None:
    for env in ({}, {"FORCE_COLOR": "1", "COLUMNS": "100"}):
        result = run(name, fmt, hostile_kb, **env)
        if result.exit_code == 2 and result.stdout == "":  # a format this command does not offer (CSV of a record)
            assert fmt in result.stderr or "not a list" in result.stderr, result.stderr
            continue
        assert result.exit_code == 0, (result.stderr, repr(result.exception))
        shown = SGR.sub("", result.stdout)
        raw = sorted({f"U+{ord(c):04X}" for c in shown if is_active(c)})
        assert raw == [], (name, fmt, env, raw)


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_structured_output_keeps_hostile_text_exactly(fmt: str, hostile_kb: Path) -> None:
    result = run("show", fmt, hostile_kb)
    data = json.loads(result.stdout) if fmt == "json" else yaml.safe_load(result.stdout)
    assert data["summary"].endswith(PAYLOAD)
    assert data["name"] == f"Diabetes{PAYLOAD}"


@pytest.mark.parametrize("fmt", ["plain", "table", "markdown"])
def test_markup_in_the_data_prints_as_typed(fmt: str, hostile_kb: Path) -> None:
    result = run("show", fmt, hostile_kb, FORCE_COLOR="1" if fmt == "table" else "")
    text = SGR.sub("", result.stdout).replace("\\", "")  # Markdown escapes brackets
    assert "[bold]B[/bold]" in text
    assert "[link=http://evil.example/]L[/link]" in text


@pytest.mark.parametrize("fmt", ["plain", "table", "markdown", "csv"])
def test_escapes_in_the_data_are_shown_as_caret_and_code_point(fmt: str, hostile_kb: Path) -> None:
    result = run("causes", fmt, hostile_kb, FORCE_COLOR="1" if fmt == "table" else "")
    text = SGR.sub("", result.stdout)
    if fmt == "markdown":
        text = re.sub(r"\\(.)", r"\1", text)  # Markdown's own escapes of brackets and backslashes
    for visible in ("^[[31m", "^[]0;T^G", "\\x9b31m", "<U+202E>RLO", "Z<U+200B>W", "<U+E0041>", "<U+00AD>SHY"):
        assert visible in text, (visible, fmt)


def test_every_format_character_is_shown_by_the_sanitizer() -> None:
    # every invisible format character, line and paragraph separator, of the Unicode version Python knows
    invisible = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) in {"Cf", "Zl", "Zp"}]
    assert [c for c in invisible if c in safe_text(c)] == []
    assert [c for c in invisible if c in safe_line(c)] == []


def test_search_marks_in_the_data_cannot_fake_a_match(write_kb: Callable[..., Path]) -> None:
    # the snippet marks matches with two private-use characters; the same characters in the data are not marks
    path = write_kb(lambda doc: doc["causes"][1].update(name="Diab\ue000etes\ue001 nerve"))
    result = runner.invoke(app, ["search", "nerve", "--in", "name", "-f", "json", "--data", str(path)])
    [hit] = json.loads(result.stdout)
    assert hit["snippet_marked"] == "Diab\ufffdetes\ufffd **nerve**"
