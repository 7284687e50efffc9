"""The fast path: a plain reading command runs without Typer, and says exactly what Typer's path would.

`neuroleg.cli.fast_path` takes a command line only when it understands all of
it; these tests hold it to Typer's reading of the same line: the same stdout,
stderr and exit status (drawn by Hypothesis as well as listed), a grammar
generated from the Typer commands (and regenerated here), and no Typer import
on the way.
"""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import typer.main
from conftest import BUNDLED, ROOT, deterministic, generated_kb, invoke, run_in_process, runner
from hypothesis import given
from hypothesis import strategies as st

from neuroleg.cli import app as typer_app
from neuroleg.cli import fast_path, reading
from neuroleg.cli.app import app
from neuroleg.cli.grammar_generated import GRAMMARS

sys.path.insert(0, str(ROOT / "tools"))  # a maintainer's script, outside the package
import gen_grammar


def on_fast_path(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of `neuroleg ARGS` run by the fast path, in the runner's isolation."""
    with runner.isolation(env=env) as (out, err, _):
        try:
            assert fast_path.run(list(args), os.environ), args
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        stdout, stderr = out.getvalue(), err.getvalue()
    return code, stdout.decode("utf-8", "replace"), stderr.decode("utf-8", "replace")


def on_typer(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """The same, by Typer alone (what the command does with a line the fast path leaves)."""
    result = run_in_process(typer_app.main, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


# lines a person or a script types every day: each must take the fast path
PLAIN_LINES = [
    ("causes",),
    ("causes", "-f", "json"),
    ("causes", "-fJSON"),
    ("causes", "--format=csv"),
    ("causes", "--format", "Markdown"),
    ("causes", "-f", "c\u017fv"),  # Click folds case with casefold(): a long s is an s
    ("causes", "--data", str(BUNDLED)),
    ("causes", f"--data={BUNDLED}", "-f", "yaml"),
    ("show", "diabetes"),
    ("show", "-f", "json", "ms"),
    ("show", "E11.44"),
    ("show", "sclerosys"),  # exit 1, with suggestions
    ("show", "diabetes", "-f", "csv"),  # exit 2: a record is not a list
    ("show", ""),
    ("show", "\udcff"),
    ("show", "diabetes", "--data", "/no/such/file.yaml"),  # exit 3
    ("show", "diabetes", "--data", ""),
    ("compare", "diabetes", "alcohol"),
    ("compare", "diabetes", "nosuch"),
    ("symptoms",),
    ("symptoms", "chemo", "-f", "plain"),
    ("codes", "-f", "csv"),
    ("stats",),
    ("sources", "-f", "markdown"),
    ("overview", "-f", "html"),
    ("search", "tingling"),
    ("search", "tingl*", "-n", "2", "--in", "names,symptoms"),
    ("search", "nerve", "--in", "names", "--in", "summary", "--limit=3"),
    ("search", "zzzqqq"),  # exit 1
    ("search", '"unclosed'),
    ("search", "nerve", "-n", "007"),
    ("match", "tingling"),
    ("match", "tingly", "feet", "-r", "smoking", "-n", "3"),
    ("match", "--risk", "surgery"),
    ("match", "tingling", "-n", "0", "-f", "json"),
    ("match", "zzzzqqq"),  # exit 1, with the medical-help note
]


@pytest.mark.parametrize("args", PLAIN_LINES, ids=lambda a: " ".join(a)[:60])
def test_a_plain_line_takes_the_fast_path_and_says_what_typer_says(args: tuple[str, ...]) -> None:
    assert fast_path.parse(list(args)) is not None, args
    assert on_fast_path(*args) == on_typer(*args)


def test_the_fast_path_gives_the_answer_itself() -> None:
    # not merely the same as Typer's: the right page, and the right errors
    code, out, err = on_fast_path("causes", "-f", "json")
    assert code == 0 and err == ""
    assert {"diabetes", "multiple-sclerosis"} <= {c["id"] for c in json.loads(out)}
    code, out, err = on_fast_path("show", "sclerosys")
    assert (code, out) == (1, "")
    assert "neuroleg: no cause named 'sclerosys'\ndid you mean: multiple sclerosis?" in err
    code, out, err = on_fast_path("search", "tingl*", "-n", "1", "-f", "json")
    assert code == 0 and len(json.loads(out)) == 1
    code, _, err = on_fast_path("show", "diabetes", "--data", "/no/such/file.yaml")
    assert code == 3 and err == "/no/such/file.yaml: cannot read the knowledge base: no such file\n"


# lines Typer must judge: help, errors, anything the fast path does not fully understand
TYPER_LINES = [
    (),
    ("--version",),
    ("-h",),
    ("causes", "--help"),
    ("causes", "-h"),
    ("Causes",),
    ("causes", "extra"),
    ("causes", "-f"),
    ("causes", "-f", "xml"),
    ("causes", "-f", ""),
    ("causes", "-f=json"),
    ("causes", "-f", "json", "-f", "csv"),
    ("causes", "-f", "json", "--format", "json"),
    ("causes", "--form", "json"),
    ("causes", "--data", "-x"),
    ("causes", "--data"),
    ("show",),
    ("show", "a", "b"),
    ("show", "--", "diabetes"),
    ("show", "-"),
    ("show", "-5"),
    ("search", "q", "-n", "0"),
    ("search", "q", "-n", "+5"),
    ("search", "q", "-n", " 5"),
    ("search", "q", "-n", "\u0665"),  # an Arabic-Indic five: int() takes it, so Click must judge it
    ("search", "q", "--limit", "5", "-n", "6"),
    ("search", "q", "-n", "1" * 5000),  # more digits than int() takes: Click's usage error
    ("match", "x", "--limit=" + "0" * 19),
    ("match", "x", "-n", "-1"),
    ("quiz",),
    ("export",),
    ("validate",),
    ("schema",),
    ("cache", "path"),
]


@pytest.mark.parametrize("args", TYPER_LINES, ids=lambda a: " ".join(a)[:60] or "(none)")
def test_a_line_the_fast_path_cannot_judge_is_left_to_typer(args: tuple[str, ...]) -> None:
    assert fast_path.parse(list(args)) is None
    with runner.isolation():
        assert fast_path.run(list(args), os.environ) is False


# lines of the right form that a command refuses: `reading` says no before anything is read, and Typer says why
REFUSED_LINES = [
    ("compare", "diabetes"),
    ("search", "q", "--in", ","),
    ("search", "q", "--in", ""),
    ("match",),
    ("match", "-n", "3"),
]


@pytest.mark.parametrize("args", REFUSED_LINES, ids=lambda a: " ".join(a))
def test_a_line_the_command_refuses_is_said_by_typer_as_a_usage_error(args: tuple[str, ...]) -> None:
    assert fast_path.parse(list(args)) is not None
    with runner.isolation() as (out, err, _):
        assert fast_path.run(list(args), os.environ) is False
        assert (out.getvalue(), err.getvalue()) == (b"", b"")
    code, stdout, stderr = on_typer(*args)
    assert (code, stdout) == (2, "")
    assert stderr.startswith(f"Usage: neuroleg {args[0]} ") and "Error: Invalid value for " in stderr
    result = invoke(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (code, stdout, stderr)


def test_shell_completion_is_left_to_typer() -> None:
    env = {"_NEUROLEG_COMPLETE": "complete_bash", "COMP_WORDS": "neuroleg show dia", "COMP_CWORD": "2"}
    assert fast_path.parse(["show", "dia"]) is not None
    assert fast_path.run(["show", "dia"], env) is False


# drawn lines (arguments, well-formed options, junk): whatever the fast path takes, it answers as Typer does

ARGUMENTS = ["diabetes", "ms", "chemo", "tingling", "nerve", "smoking", "x*", '"a b"', "OR", "", " ", "\udcff",
             "a\x00b", "\x1b[31m", "E11.44", "HP:0003401", "zzzqqq"]  # fmt: skip
OPTIONS = [
    ("-f", "json"), ("-fCSV",), ("--format=yaml",), ("--format", "plain"), ("-f", "markdown"), ("--data", str(BUNDLED)),
    ("--data=/no/such",), ("-n", "2"), ("--limit=0",), ("-n1",), ("--in", "names"), ("--in=symptoms,names",),
    ("--in", ","), ("-r", "smoking"), ("--risk=surgery",),
]  # fmt: skip
JUNK = ["-", "--", "-f", "--data", "-n", "-1", "+3", "-f=json", "json", "-h", "--help", "--version", "--in", "-r"]


def _option_name(piece: tuple[str, ...]) -> str:
    name = piece[0].partition("=")[0]
    return name if name.startswith("--") else name[:2]


@st.composite
def lines(draw: st.DrawFn) -> tuple[str, ...]:
    """A reading command's line: mostly one it could take (its arguments, each option it has at most once),
    shuffled; one in five has a junk word, one in five an argument too many."""
    command = draw(st.sampled_from(sorted(GRAMMARS)))
    grammar = GRAMMARS[command]
    known = grammar.options
    most = (3 if grammar.most is None else grammar.most) + (draw(st.integers(0, 4)) == 0)
    words = [(a,) for a in draw(st.lists(st.sampled_from(ARGUMENTS), min_size=grammar.least, max_size=most))]
    options = [o for o in OPTIONS if _option_name(o) in known]
    words += draw(st.lists(st.sampled_from(options), max_size=3, unique_by=lambda o: known[_option_name(o)].keyword))
    if draw(st.integers(0, 4)) == 0:
        words.append((draw(st.sampled_from(JUNK)),))
    shuffled = draw(st.permutations(words))
    return (command, *(word for piece in shuffled for word in piece))


@deterministic(200)
@given(args=lines())
def test_any_line_the_fast_path_takes_it_answers_as_typer_does(args: tuple[str, ...]) -> None:
    if fast_path.parse(list(args)) is not None:
        result = invoke(*args)  # the fast path, or Typer where the command refuses the line
        assert (result.exit_code, result.stdout, result.stderr) == on_typer(*args), args


# the fast path's grammar is the Typer commands' own: generated from them, and each reading function takes it


def test_the_grammar_module_is_the_one_the_typer_commands_make() -> None:
    made = (ROOT / "neuroleg" / "cli" / "grammar_generated.py").read_text(encoding="utf-8")
    assert made == gen_grammar.source(), "run: python tools/gen_grammar.py"
    assert made.startswith("# Generated by `python tools/gen_grammar.py`")


def _typer_commands() -> dict[str, Any]:
    return dict(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_the_reading_commands_are_every_command_that_only_reads() -> None:
    # quiz asks questions, export writes files, validate and schema load the schema, cache changes files
    assert set(GRAMMARS) == set(_typer_commands()) - {"quiz", "export", "validate", "schema", "cache"}


@pytest.mark.parametrize("name", sorted(GRAMMARS))
def test_each_reading_function_takes_its_commands_keywords(name: str) -> None:
    # the fast path calls reading.<command> with every keyword of the grammar, as Typer's command does
    assert list(inspect.signature(getattr(reading, name)).parameters) == list(GRAMMARS[name].defaults)


def test_a_parameter_the_fast_path_cannot_read_stops_the_generator() -> None:
    # an --all/--none pair on a reading command, say (a plain on switch such as --grid it reads): the generator
    # refuses rather than write a grammar that misreads it
    pair = SimpleNamespace(
        opts=["--all"], name="all", nargs=1, secondary_opts=["--none"], is_flag=True, multiple=False,
        type=SimpleNamespace(),
    )  # fmt: skip
    with pytest.raises(gen_grammar.Unreadable, match="an --x/--no-x pair"):
        gen_grammar._option("causes", pair)


# what the fast path spares: the imports


HEAVY = ("typer", "click", "pathlib", "yaml", "pydantic", "dataclasses", "textwrap", "neuroleg.cli.app")


@pytest.mark.process
@pytest.mark.parametrize(
    ("args", "allowed"),
    [
        (("show", "diabetes"), []),
        (("show", "diabetes", "-f", "json"), []),
        (("causes", "-f", "csv"), []),
        (("search", "tingling"), []),
        (("causes", "-f", "table"), ["dataclasses"]),  # Rich's own import
    ],
)
def test_a_reading_command_imports_neither_typer_nor_pathlib(args: tuple[str, ...], allowed: list[str]) -> None:
    assert _heavy_imports(*args) == allowed


@pytest.mark.process
def test_help_is_typers() -> None:
    assert {"typer", "neuroleg.cli.app"} <= set(_heavy_imports("causes", "--help"))


def _heavy_imports(*args: str) -> list[str]:
    """The heavy modules `neuroleg ARGS` loads once its cache is built (a build reads YAML: that is the point),
    as `python -X importtime` lists them on stderr."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    subprocess.run([sys.executable, "-m", "neuroleg", "overview"], capture_output=True, env=env, check=True)
    command = [sys.executable, "-X", "importtime", "-m", "neuroleg", *args]
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert result.stdout.strip(), result.stderr
    loaded = {line.rpartition("|")[2].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert "neuroleg.cli.output" in loaded  # the list is real
    return sorted(loaded & set(HEAVY))


# leaving without tearing the interpreter down (neuroleg.__main__._leave) loses nothing


@pytest.mark.process
def test_a_long_output_reaches_a_slow_reader_whole_before_the_process_leaves(tmp_path: Path) -> None:
    big = generated_kb(tmp_path / "big.yaml", 800)  # about 400 KiB of JSON: several times a pipe's 64 KiB
    script = f"{sys.executable} -m neuroleg causes -f json --data {big} | (sleep 0.3; cat)"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0 and result.stderr == ""
    assert len(result.stdout) > 256 * 1024
    assert len(json.loads(result.stdout)) == 808


@pytest.mark.process
@pytest.mark.parametrize(("args", "status"), [(("show", "nosuch"), 1), (("causes", "-f", "xml"), 2)])
def test_the_exit_status_and_stderr_survive_leaving_early(args: tuple[str, ...], status: int) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    result = subprocess.run([sys.executable, "-m", "neuroleg", *args], capture_output=True, text=True, env=env)
    assert result.returncode == status
    assert result.stderr.startswith(("neuroleg: no cause named 'nosuch'\n", "Usage: neuroleg causes"))
