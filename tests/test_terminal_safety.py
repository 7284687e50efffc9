"""Terminal safety: hostile text from the knowledge base or a path, in every command and format, is shown, not run.

Every text field of the bundled file gets a payload of Rich markup, ANSI and
OSC escape sequences, C1 controls, bidirectional overrides, zero-width and
other invisible format characters. Whatever the command and format, the
output holds none of those characters raw (JSON and YAML escape them, the
other formats show them as `^[`, `\\x9b`, `<U+202E>`), and markup prints as typed.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
import yaml
from conftest import BUNDLED, SGR, invoke, ok
from typer.testing import Result

from neuroleg.cli.app import app
from neuroleg.render.sanitize import safe_line, safe_text

# every command and format, with every text of the knowledge base poisoned

PAYLOAD = (
    " [bold]B[/bold] [link=http://evil.example/]L[/link] [/]"
    " \x1b[31mR\x1b[0m \x1b[2J \x1b]0;T\x07 \x1b]8;;http://evil.example/\x1b\\H\x1b]8;;\x1b\\"
    " \x9b31mC \x07\x08\r\x7f"
    " \u202eRLO\u202c \u2066I\u2069 \u200e\u200f\u061c"
    " Z\u200bW\u200dJ\u2060\ufeff \u00adSHY \u180e \ufff9A\ufffb \U000e0041\U000e007f \u2028\u2029"
    " \ue000P\ue001"
)
# how a reader sees the payload in a text format: escapes in caret notation, C1 and format characters named,
# markup as typed (enough of each to survive a table cell's wrapping)
VISIBLE = ("^[[31mR", "^[]0;T^G", "\\x9b31mC", "<U+202E>RLO", "[bold]B", "[link=http")
SKIP = {"id", "category", "unit", "qualifier", "source", "sources", "related", "url", "schema_version"}
TEXT_LISTS = {"aliases", "risk_factors", "treatment"}


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
def poisoned_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled file with the payload in every text, and a cache for it shared by this module's tests."""
    doc = poison(yaml.safe_load(BUNDLED.read_text(encoding="utf-8")))
    doc["sources"][0]["url"] = "https://e.example/\x1b]8;;http://evil.example/\x07x\x9b2J"
    path = tmp_path_factory.mktemp("hostile") / "kb.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def is_active(char: str) -> bool:
    """Could this character act on a terminal, or reorder or hide text?"""
    return char not in "\n\t" and unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp", "Cs"}


def strings(value: Any) -> Iterator[str]:
    """Every piece of text in parsed JSON or YAML, however deeply nested."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def as_read(fmt: str, out: str) -> str:
    """The text a reader sees: without our styling, Markdown's escapes, or HTML's tags and entities."""
    text = SGR.sub("", out)
    if fmt == "markdown":
        text = re.sub(r"\\(.)", r"\1", text)
    if fmt == "html":
        text = html.unescape(re.sub(r"<[^>]*>", "", text))
    return text


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


def offered(name: str, fmt: str) -> bool:
    """Does the command write this format? CSV is for lists, not one record; a handout is Markdown or HTML."""
    command = name.split()[0]
    if command == "export":
        return fmt in {"markdown", "html"}
    return not (fmt == "csv" and command in {"show", "overview"})


CASES = [(name, fmt) for name in reading_commands() for fmt in formats(name)]
SHOWN = [case for case in CASES if offered(*case)]
REFUSED = [case for case in CASES if not offered(*case)]
ENVIRONMENTS = ({}, {"FORCE_COLOR": "1", "COLUMNS": "100"})


def run_case(name: str, fmt: str, kb: Path, **env: str) -> Result:
    """`neuroleg NAME ARGS -f FMT --data KB`, with the cache beside the knowledge base."""
    args = [name.split()[0], *reading_commands()[name], "-f", fmt, "--data", str(kb)]
    return invoke(*args, env={"XDG_CACHE_HOME": str(kb.parent / "cache"), **env})


@pytest.mark.parametrize(("name", "fmt"), SHOWN, ids=[f"{n}-{f}" for n, f in SHOWN])
def test_hostile_text_reaches_no_terminal_raw(name: str, fmt: str, poisoned_kb: Path) -> None:
    for env in ENVIRONMENTS:
        result = run_case(name, fmt, poisoned_kb, **env)
        assert result.exit_code == 0, (result.stderr, repr(result.exception))
        shown = SGR.sub("", result.stdout)
        raw = sorted({f"U+{ord(c):04X}" for c in shown if is_active(c)})
        assert raw == [], (name, fmt, env, raw)
        if fmt in ("json", "yaml"):  # the payload kept exactly, in the format's own escapes
            data = json.loads(result.stdout) if fmt == "json" else yaml.safe_load(result.stdout)
            assert any(PAYLOAD in text for text in strings(data)), (name, fmt, env)
        else:  # the payload shown, escapes made visible and markup as typed
            missing = [visible for visible in VISIBLE if visible not in as_read(fmt, result.stdout)]
            assert missing == [], (name, fmt, env, missing)


@pytest.mark.parametrize(("name", "fmt"), REFUSED, ids=[f"{n}-{f}" for n, f in REFUSED])
def test_a_format_the_command_does_not_write_is_refused_with_nothing_on_stdout(
    name: str, fmt: str, poisoned_kb: Path
) -> None:
    for env in ENVIRONMENTS:
        result = run_case(name, fmt, poisoned_kb, **env)
        assert (result.exit_code, result.stdout) == (2, ""), (name, fmt, env, result.stderr)
        assert fmt in result.stderr or "not a list" in result.stderr, result.stderr


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_structured_output_keeps_hostile_text_exactly(fmt: str, poisoned_kb: Path) -> None:
    result = run_case("show", fmt, poisoned_kb)
    data = json.loads(result.stdout) if fmt == "json" else yaml.safe_load(result.stdout)
    assert data["summary"].endswith(PAYLOAD)
    assert data["name"] == f"Diabetes{PAYLOAD}"


@pytest.mark.parametrize("fmt", ["plain", "table", "markdown"])
def test_markup_in_the_data_prints_as_typed(fmt: str, poisoned_kb: Path) -> None:
    result = run_case("show", fmt, poisoned_kb, FORCE_COLOR="1" if fmt == "table" else "")
    text = SGR.sub("", result.stdout).replace("\\", "")  # Markdown escapes brackets
    assert "[bold]B[/bold]" in text
    assert "[link=http://evil.example/]L[/link]" in text


@pytest.mark.parametrize("fmt", ["plain", "table", "markdown", "csv"])
def test_escapes_in_the_data_are_shown_as_caret_and_code_point(fmt: str, poisoned_kb: Path) -> None:
    result = run_case("causes", fmt, poisoned_kb, FORCE_COLOR="1" if fmt == "table" else "")
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


# characters that show nothing though not of Unicode's format category
@pytest.mark.parametrize("char", ["\u034f", "\u115f", "\u1160", "\u17b4", "\u3164", "\uffa0", "\ufe0f", "\U000e0100"])
def test_an_invisible_filler_or_selector_is_shown(char: str) -> None:
    assert safe_text(f"a{char}b") == f"a<U+{ord(char):04X}>b"


def test_search_marks_in_the_data_cannot_fake_a_match(write_kb: Callable[..., Path]) -> None:
    # the snippet marks matches with two private-use characters; the same characters in the data are not marks
    path = write_kb(lambda doc: doc["causes"][1].update(name="Diab\ue000etes\ue001 nerve"))
    result = invoke("search", "nerve", "--in", "name", "-f", "json", "--data", str(path))
    [hit] = json.loads(result.stdout)
    assert hit["snippet_marked"] == "Diab\ufffdetes\ufffd **nerve**"


# one cause's name and summary poisoned, format by format

HOSTILE = (
    "Markup [bold]x[/bold] and [link=http://evil]y[/link] and a lone [/bold] then "
    "\x1b]0;pwned\x07 title \x1b[31mred bell\x07 csi\x9b2J cr\rover bidi\u202eevil end"
)
# as it must look in text output: ESC and BEL in caret notation, C1 and format characters named
HOSTILE_SHOWN = (
    "Markup [bold]x[/bold] and [link=http://evil]y[/link] and a lone [/bold] then "
    "^[]0;pwned^G title ^[[31mred bell^G csi\\x9b2J cr^Mover bidi<U+202E>evil end"
)
HOSTILE_NAME = "Diab [bold]x[/bold] \x1b[31mred \u202eevil"
HOSTILE_NAME_SHOWN = "Diab [bold]x[/bold] ^[[31mred <U+202E>evil"
RAW_CONTROLS = ("\x1b", "\x07", "\x9b", "\u202e", "\r")


@pytest.fixture
def hostile_kb(write_kb: Callable[..., Path]) -> Path:
    """The bundled knowledge base with markup and control characters in diabetes' name and summary."""

    def poison_diabetes(doc: dict[str, Any]) -> None:
        doc["causes"][1]["summary"] = HOSTILE
        doc["causes"][1]["name"] = HOSTILE_NAME

    return write_kb(poison_diabetes)


def squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("fmt", ["plain", "markdown", "csv"])
def test_hostile_text_reaches_text_formats_without_raw_controls(hostile_kb: Path, fmt: str) -> None:
    out = ok("causes", "--data", str(hostile_kb), "-f", fmt)
    assert [c for c in RAW_CONTROLS if c in out] == []
    shown = re.sub(r"\\(.)", r"\1", out) if fmt == "markdown" else out  # Markdown's own escapes aside
    assert squeeze(HOSTILE_NAME_SHOWN) in squeeze(shown)
    assert squeeze(HOSTILE_SHOWN) in squeeze(shown)


def test_hostile_text_shows_literally_in_plain(hostile_kb: Path) -> None:
    out = ok("show", "diabetes", "--data", str(hostile_kb), "-f", "plain")
    assert squeeze(HOSTILE_SHOWN) in squeeze(out)
    assert out.startswith(HOSTILE_NAME_SHOWN + "\n")


def test_hostile_text_shows_literally_in_a_plain_listing(hostile_kb: Path) -> None:
    row = next(line for line in ok("causes", "--data", str(hostile_kb)).splitlines() if line.startswith("Diab "))
    assert row.startswith(HOSTILE_NAME_SHOWN)
    assert row.endswith(HOSTILE_SHOWN)


def test_hostile_text_is_escaped_markdown_in_markdown(hostile_kb: Path) -> None:
    out = ok("show", "diabetes", "--data", str(hostile_kb), "-f", "markdown")
    assert r"Markup \[bold\]x\[/bold\] and \[link=http://evil\]y\[/link\] and a lone \[/bold\]" in out
    assert r"^\[\]0;pwned^G title ^\[\[31mred bell^G csi\\x9b2J cr^Mover bidi\<U+202E\>evil end" in out
    assert [c for c in RAW_CONTROLS if c in out] == []


def test_hostile_text_is_one_escaped_csv_cell(hostile_kb: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(ok("causes", "--data", str(hostile_kb), "-f", "csv"))))
    diabetes = next(r for r in rows if r["id"] == "diabetes")
    assert (diabetes["name"], diabetes["summary"]) == (HOSTILE_NAME_SHOWN, HOSTILE_SHOWN)


def test_hostile_text_shows_literally_in_a_terminal_table(hostile_kb: Path) -> None:
    out = ok("show", "diabetes", "--data", str(hostile_kb), env={"FORCE_COLOR": "1", "COLUMNS": "120"})
    assert squeeze(HOSTILE_SHOWN) in squeeze(SGR.sub("", out))
    assert squeeze(HOSTILE_NAME_SHOWN) in squeeze(SGR.sub("", out))


def test_hostile_text_sends_no_raw_controls_to_a_terminal(hostile_kb: Path) -> None:
    for args in (("show", "diabetes"), ("causes",), ("compare", "diabetes", "alcohol"), ("stats",)):
        out = ok(*args, "--data", str(hostile_kb), env={"FORCE_COLOR": "1"})
        assert "\x1b]" not in out and "\x1b[31m" not in out, args  # no OSC, and no red of the data's choosing
        assert [c for c in RAW_CONTROLS if c in SGR.sub("", out)] == [], args  # only Rich's own styling


def test_hostile_search_snippet_is_escaped(hostile_kb: Path) -> None:
    out = ok("search", "pwned", "--data", str(hostile_kb))
    assert "^[]0;pwned^G" in out
    assert [c for c in RAW_CONTROLS if c in out] == []


def test_hostile_text_round_trips_through_json(hostile_kb: Path) -> None:
    out = ok("show", "diabetes", "--data", str(hostile_kb), "-f", "json")
    shown = json.loads(out)
    assert (shown["name"], shown["summary"]) == (HOSTILE_NAME, HOSTILE)
    assert [c for c in RAW_CONTROLS if c in out] == []


def test_hostile_text_round_trips_through_yaml(hostile_kb: Path) -> None:
    out = ok("show", "diabetes", "--data", str(hostile_kb), "-f", "yaml")
    shown = yaml.safe_load(out)
    assert (shown["name"], shown["summary"]) == (HOSTILE_NAME, HOSTILE)
    assert out.isascii()


# file names and directories the command prints


def test_validate_escapes_the_file_name_it_prints(tmp_path: Path) -> None:
    path = tmp_path / "kb\x1b]0;x\x07.yaml"
    path.write_bytes(BUNDLED.read_bytes())
    result = invoke("validate", str(path))
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "^[]0;x^G" in result.stdout


def test_cache_path_escapes_the_directory_it_prints(tmp_path: Path) -> None:
    result = invoke("cache", "path", env={"XDG_CACHE_HOME": str(tmp_path / "c\u202ed")})
    assert "\u202e" not in result.stdout
    assert "<U+202E>" in result.stdout
