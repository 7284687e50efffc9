"""The statistics chart on a terminal and in plain text: each row keeps its name at any width, an "up to" figure
reads as one, and a stdout that cannot encode block characters gets ASCII marks, never '?'."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from conftest import ok

from neuroleg.cli.terminal import detect_terminal
from neuroleg.render.plain import ASCII_MARKS, BLOCK_MARKS, draw_bar
from neuroleg.views.document import Bar

CAUSES = ("Diabetes", "Diabetes", "Heavy alcohol use", "Chemotherapy")  # each percentage's cause, in order
WIDTHS = (40, 60, 80, 120)
UP_TO_PLAIN = "[-------------------#....................]  up to 50%"  # 0 is no bound: drawn light, 50 solid
UP_TO_KEY = '---# is an "up to" figure: anywhere from 0% to where the bar ends.'


def chart(*args: str, columns: int) -> list[str]:
    """The lines of `neuroleg stats` from the chart's heading on, at a terminal width of `columns`."""
    lines = ok("stats", *args, env={"COLUMNS": str(columns)}).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Percentages"))
    return lines[start:]


# drawing one bar


def test_a_range_is_drawn_solid_and_an_up_to_figure_light_up_to_its_bound() -> None:
    assert draw_bar(Bar("r", 60, 70, "60-70%"), 100, 10, ASCII_MARKS) == "......#..."
    assert draw_bar(Bar("u", 0, 50, "up to 50%", open="low"), 100, 10, ASCII_MARKS) == "----#....."
    assert draw_bar(Bar("a", 80, 100, "at least 80%", open="high"), 100, 10, ASCII_MARKS) == "........#-"
    assert draw_bar(Bar("p", 50, 50, "50%"), 100, 10, ASCII_MARKS) == ".....#...."
    assert (
        draw_bar(Bar("u", 0, 50, "up to 50%", open="low"), 100, 6, BLOCK_MARKS)
        == "\u2591\u2591\u2588\u00b7\u00b7\u00b7"
    )


def test_the_stats_view_marks_up_to_figures_open_at_zero() -> None:
    text = ok("stats", "-f", "plain", env={"COLUMNS": "80"})
    assert text.count(UP_TO_PLAIN) == 2  # the two "up to 50%" figures, and no range drawn that way
    assert "[####################....................]" not in text  # no longer a solid 0-50 bar


# every width keeps every name


@pytest.mark.parametrize("columns", WIDTHS)
def test_plain_chart_keeps_each_name_and_fits_the_width(columns: int) -> None:
    lines = chart("-f", "plain", columns=columns)
    named = [line for line in lines if line.startswith(CAUSES)]
    assert [next(c for c in CAUSES if line.startswith(c)) for line in named] == list(CAUSES)
    assert all(len(line) <= max(columns, 40) for line in lines), lines
    assert sum("up to 50%" in line for line in lines) == 2
    assert any(line.startswith("---#") for line in lines)  # the key says what the light part means


@pytest.mark.parametrize("columns", WIDTHS)
def test_table_chart_keeps_each_name_and_fits_the_width(columns: int) -> None:
    lines = chart("-f", "table", columns=columns)
    named = [line for line in lines if line.startswith(CAUSES)]
    assert len(named) == len(CAUSES)
    assert all(len(line) <= columns for line in lines), lines
    assert sum("\u2591" * 13 in line and "up to 50%" in line for line in lines) == 2
    assert any(line.startswith('\u2591\u2591\u2591\u2588 is an "up to" figure') for line in lines)


@pytest.mark.parametrize("fmt", ["plain", "table"])
def test_at_40_columns_each_name_has_a_line_of_its_own_above_its_bar(fmt: str) -> None:
    lines = chart("-f", fmt, columns=40)
    for name in CAUSES:
        at = lines.index(name)  # the whole line is the name
        assert lines[at + 1].startswith("  ") and lines[at + 1].rstrip().endswith("%")
    assert sum(line.strip() in CAUSES for line in lines) == len(CAUSES)


def test_at_80_columns_the_name_and_its_bar_share_a_line() -> None:
    lines = chart("-f", "plain", columns=80)
    assert "Heavy alcohol use  " + UP_TO_PLAIN in lines
    assert UP_TO_KEY in lines


def test_markdown_draws_the_chart_as_plain_text_in_a_code_block() -> None:
    text = ok("stats", "-f", "markdown")
    block = text[text.index("```text") : text.rindex("```")]
    assert "Diabetes           " + UP_TO_PLAIN in block
    assert UP_TO_KEY in block


# a stdout that cannot encode block characters


def test_the_terminal_facts_say_whether_stdout_takes_any_character() -> None:
    ascii_out = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    utf8_out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    assert detect_terminal(ascii_out, {}).unicode is False
    assert detect_terminal(utf8_out, {}).unicode is True


ASCII_LOCALE = {"LC_ALL": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"}


def run(*args: str, columns: int = 80, **locale: str) -> subprocess.CompletedProcess[str]:
    """`python -m neuroleg ARGS` in a process of its own under `locale`, nothing inherited that sets an encoding."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONIOENCODING", "PYTHONUTF8"))}
    env.update(locale, COLUMNS=str(columns))
    return subprocess.run(
        [sys.executable, "-m", "neuroleg", *args],
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
        encoding="latin-1",  # read what was written, whatever it is
    )


@pytest.mark.process
def test_the_locale_really_gives_an_ascii_stdout() -> None:
    """The control: under this locale Python's stdout is ASCII, so a block character would come out as '?'."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONIOENCODING", "PYTHONUTF8"))}
    result = subprocess.run(
        [sys.executable, "-c", "import sys; print(sys.stdout.encoding); print('\\u2588', flush=True)"],
        capture_output=True,
        text=True,
        env={**env, **ASCII_LOCALE},
        check=False,
    )
    assert result.stdout.splitlines()[0] == "ascii"


@pytest.mark.process
@pytest.mark.parametrize("columns", [40, 80])
def test_an_ascii_stdout_gets_an_ascii_chart(columns: int) -> None:
    result = run("stats", "-f", "table", columns=columns, **ASCII_LOCALE)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.isascii() and "?" not in out
    assert out.count("-" * 13 + "#") == 2  # the two "up to" bars
    assert "###" in out and "...." in out  # the ranges, on the axis
    assert '---# is an "up to" figure' in out
    assert all(name in out for name in CAUSES)


@pytest.mark.process
@pytest.mark.parametrize(
    ("args", "mark"),
    [
        (("show", "diabetes"), "* "),  # bullets laid out by neuroleg
        (("sources",), "* "),  # bullets laid out by Rich
        (("causes",), " " + "-" * 40),  # the rule under a table's header
        (("search", "nerve"), "Snippet: ..."),  # a search snippet's ellipsis
    ],
    ids=lambda v: " ".join(v) if isinstance(v, tuple) else None,
)
def test_an_ascii_stdout_gets_ascii_bullets_and_rules_never_a_question_mark(args: tuple[str, ...], mark: str) -> None:
    result = run(*args, "-f", "table", **ASCII_LOCALE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.isascii() and "?" not in result.stdout
    assert mark in result.stdout


@pytest.mark.process
def test_a_utf8_stdout_keeps_its_block_characters() -> None:
    """The other side: the same commands under a UTF-8 locale draw with blocks and bullets."""
    stats = run("stats", "-f", "table", LC_ALL="C.UTF-8")
    assert "\u2591" * 14 + "\u2588" in stats.stdout.encode("latin-1").decode("utf-8")
    show = run("show", "diabetes", "-f", "table", LC_ALL="C.UTF-8")
    assert "\u2022 " in show.stdout.encode("latin-1").decode("utf-8")
