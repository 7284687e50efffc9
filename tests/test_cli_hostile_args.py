"""Hostile command lines: every command, every option, arbitrary input; never a traceback, always a contract exit code.

The commands are enumerated from the Typer app itself, so a command added
later is covered without touching this file. Inputs come from Hypothesis,
derandomized so that CI sees the same examples on every run.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
import yaml
from conftest import BUNDLED, deterministic
from conftest import invoke as invoke_words
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import Result

from neuroleg.cli.app import app

PROPERTY = deterministic(40)

CONTRACT = {0, 1, 2, 3}
LONGEST_LINE = 400  # with arguments of at most 60 characters, no message line needs more

# text a hostile user or a script might pass anywhere a word goes
HOSTILE = [
    "",
    " ",
    "-",
    "--",
    "-f",
    "--data",
    "OR",
    "AND",
    "NOT",
    '"',
    '"unclosed',
    "*",
    "x*",
    "NEAR(a b)",
    "{name}: nerve",
    "a:b",
    "c++",
    "\x00",
    "a\x00b",
    "line\nbreak",
    "\r",
    "\x1b[31mred",
    "\x1b]0;title\x07",
    "\x1b]8;;http://evil.example/\x1b\\link",
    "\x9b31m",
    "\u202eevil",
    "zero\u200bwidth",
    "\udcff",  # a byte that was not UTF-8 in argv, as Python hands it over
    "bad\udc80name",
    "\ud800",
    "[bold]x[/bold]",
    "[/]",
    "名前",
    "😀",
    "diabetes",
    "ms",
    "chemo",
    "tingling",
    "nerve",
    "names",
    "0",
    "-1",
    "99999999999999999999999",
    "1e400",
    "nan",
    "x" * 60,
]
TEXT = st.sampled_from(HOSTILE) | st.text(max_size=24)


def walk(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every leaf command of the app, with the words that name it."""
    if hasattr(command, "commands"):
        for name, sub in command.commands.items():
            yield from walk(sub, (*path, name))
    else:
        yield path, command


COMMANDS = dict(walk(typer.main.get_command(app)))


def invoke(args: list[str]) -> Result:
    """`neuroleg ARGS` through conftest's one runner, for a command line drawn as a list.

    The properties below keep calling `invoke(args)`: Hypothesis seeds a derandomized test
    from its source, so rewriting that call would change every example these tests draw.
    """
    return invoke_words(*args)


MEDICAL_HELP = "When to get medical help: "  # the line `match` ends stderr with when nothing meets


@functools.cache
def medical_help_line() -> str:
    """The one line on when to get medical help that `match` ends stderr with when nothing meets: the same for
    every input, pointing to where the section is in full."""
    result = invoke(["match", "zzzzqqq"])
    assert result.exit_code == 1, result.stderr
    last = result.stderr.splitlines()[-1]
    bundled = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    assert last.startswith(f"{bundled['medical_help']['title']}: ") and "'neuroleg overview'" in last
    return last


def assert_contract(result: Result, args: list[str]) -> None:
    """The promise for any input: a contract exit code, no traceback, a short stderr, stdout on success.

    `match` meeting nothing ends its message with a line on when to get medical help, the same whatever
    was typed.
    """
    unexpected = result.exception if not isinstance(result.exception, SystemExit) else None
    assert unexpected is None, (args, repr(unexpected))
    assert result.exit_code in CONTRACT, (args, result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, (args, result.stderr)
    lines = result.stderr.splitlines()
    if lines and lines[-1].startswith(MEDICAL_HELP):
        assert (args[0], result.exit_code) == ("match", 1), (args, result.stderr)
        assert lines[-1] == medical_help_line(), (args, result.stderr)
    assert len(lines) <= 12, (args, result.stderr)
    assert all(len(line) <= LONGEST_LINE for line in lines), (args, result.stderr)
    if result.exit_code != 0:
        assert result.stderr.strip(), (args, result.exit_code)


def path_values(tmp_path: Path) -> list[str]:
    """Files a careless user might name: missing, empty, a directory, a device, not UTF-8, the real one."""
    empty = tmp_path / "empty.yaml"
    empty.write_bytes(b"")
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("name: caf\xe9\n".encode("latin-1"))
    fifo = tmp_path / "kb.fifo"
    if not fifo.exists():
        os.mkfifo(fifo)
    loop = tmp_path / "loop"
    if not loop.is_symlink():
        loop.symlink_to(loop)
    return [
        str(BUNDLED),
        str(tmp_path / "missing.yaml"),
        str(empty),
        str(latin1),
        str(tmp_path),
        str(fifo),
        str(loop),
        "/dev/null",
        "/dev/zero",
        "",
        os.fsdecode(bytes(tmp_path) + b"/\xff.yaml"),
    ]


def output_values(tmp_path: Path) -> list[str]:
    """Where `--output` may point in a test: only inside the test's own directory, never at a device."""
    (tmp_path / "out-dir").mkdir(exist_ok=True)
    return [str(tmp_path / "out.md"), str(tmp_path / "out-dir"), str(tmp_path / "no-such-dir" / "out.md")]


def option_value(param: Any, tmp_path: Path) -> st.SearchStrategy[str]:
    """Values for one option: its own choices and numbers, and garbage of every kind."""
    kind = getattr(param.type, "name", "")
    if "--output" in param.opts:
        return st.sampled_from(output_values(tmp_path))
    if kind == "choice":
        return st.sampled_from([*param.type.choices, "JSON", "Plain", "pdf", ""]) | TEXT
    if kind.startswith("int"):
        return st.integers(min_value=-(2**70), max_value=2**70).map(str) | TEXT
    if kind == "path":
        return st.sampled_from(path_values(tmp_path))
    return TEXT


@st.composite
def command_line(draw: st.DrawFn, path: tuple[str, ...], command: Any, tmp_path: Path) -> list[str]:
    """A command line for `command`: its arguments and a random choice of its options, in any order."""
    words: list[list[str]] = []
    for param in command.params:
        if type(param).__name__.endswith("Argument"):
            count = draw(st.integers(0, 3)) if param.nargs == -1 else draw(st.sampled_from([0, 1, 1, 1, 2]))
            words += [[draw(TEXT)] for _ in range(count)]
        elif draw(st.booleans()):
            flag = draw(st.sampled_from(param.opts))
            words.append([flag, draw(option_value(param, tmp_path))])
    words += [[draw(TEXT)] for _ in range(draw(st.sampled_from([0, 0, 0, 1])))]  # a stray word
    ordered = draw(st.permutations(words))
    return [*path, *(w for group in ordered for w in group)]


@pytest.mark.parametrize("path", sorted(COMMANDS), ids=" ".join)
def test_any_command_line_ends_with_a_contract_exit_code_and_a_short_message(
    path: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))  # anything a command might write goes here
    monkeypatch.chdir(tmp_path)

    @PROPERTY
    @given(args=command_line(path, COMMANDS[path], tmp_path))
    def check(args: list[str]) -> None:
        assert_contract(invoke(args), args)

    check()


@pytest.mark.parametrize("fmt", ["table", "plain", "json", "yaml", "csv", "markdown"])
@PROPERTY
@given(query=TEXT, limit=st.integers(min_value=-3, max_value=2**64).map(str), field=st.sampled_from(["", "names", "x"]))
def test_any_search_ends_with_a_contract_exit_code(fmt: str, query: str, limit: str, field: str) -> None:
    args = ["search", query, "-n", limit, "-f", fmt, *(["--in", field] if field else [])]
    assert_contract(invoke(args), args)


@PROPERTY
@given(names=st.lists(TEXT, min_size=1, max_size=4), fmt=st.sampled_from(["plain", "json", "csv", "table"]))
def test_any_names_end_with_a_contract_exit_code(names: list[str], fmt: str) -> None:
    for command in (["show", names[0]], ["symptoms", names[0]], ["compare", *names]):
        args = [*command, "-f", fmt]
        assert_contract(invoke(args), args)


@PROPERTY
@given(
    symptoms=st.lists(TEXT, max_size=3),
    risks=st.lists(TEXT, min_size=1, max_size=3),
    fmt=st.sampled_from(["plain", "json", "csv", "table"]),
)
def test_any_symptoms_and_risk_factors_end_with_a_contract_exit_code(
    symptoms: list[str], risks: list[str], fmt: str
) -> None:
    args = ["match", "-f", fmt, *(w for risk in risks for w in ("--risk", risk)), "--", *symptoms]
    assert_contract(invoke(args), args)
