"""`neuroleg quiz` at a real terminal (a pseudo-terminal): answers, hints, the score, Ctrl-C and end of input."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pexpect  # type: ignore[import-untyped]  # no stubs in the test extras
import pytest
import yaml
from conftest import BUNDLED, SGR

from neuroleg.db.cache import open_store
from neuroleg.domain.quiz import Quiz, make_quiz

pytestmark = [pytest.mark.terminal, pytest.mark.process]

TIMEOUT = 10  # seconds per expected line: a hung prompt fails the test instead of the run
MEDICAL_HELP = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))["medical_help"]
HELP_URLS = list(dict.fromkeys(a["url"] for a in MEDICAL_HELP["advice"]))


@pytest.fixture(scope="module")
def quiz() -> Quiz:
    """The quiz the command gives for --seed 1 --count 3, made by the library: the right answers."""
    return make_quiz(open_store(BUNDLED, cache=None), count=3, seed=1)


def spawn(*args: str, columns: int = 250, **env: str) -> tuple[pexpect.spawn, io.StringIO]:
    """`neuroleg quiz ARGS` on a pseudo-terminal (by default wide enough not to wrap), and everything it prints."""
    child = pexpect.spawn(
        sys.executable,
        ["-m", "neuroleg", "quiz", *args],
        env={**os.environ, "TERM": "xterm", **env},  # XDG_CACHE_HOME: the test's own (conftest)
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(40, columns),
    )
    transcript = io.StringIO()
    child.logfile_read = transcript
    return child, transcript


def expect_medical_help(child: pexpect.spawn) -> None:
    """The closing section: when to get medical help, each point with its page's address."""
    child.expect_exact(f"{MEDICAL_HELP['title']}:")
    for advice in MEDICAL_HELP["advice"]:
        child.expect_exact(f"(Source: {advice['source']}, {advice['url']})")


def finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    assert child.signalstatus is None, "exited, not killed"
    return int(child.exitstatus)


def test_answers_are_marked_and_scored(quiz: Quiz) -> None:
    first, second, third = quiz.questions
    child, transcript = spawn("--seed", "1", "--count", "3")
    child.expect("Question 1 of 3")
    child.expect_exact(f"Your answer (a-{'abcd'[len(first.choices) - 1]}): ")  # at least three choices
    assert len(first.choices) >= 3
    child.sendline("abcd"[first.answer].upper())  # letters in either case
    child.expect("Right: ")
    child.expect("Question 2 of 3")
    child.expect("Your answer")
    wrong = (second.answer + 1) % len(second.choices)
    child.sendline("abcd"[wrong])
    child.expect("Wrong: ")
    child.expect_exact(f"the answer is {'abcd'[second.answer]}) {second.answer_text}")
    child.expect("Question 3 of 3")
    child.expect("Your answer")
    child.sendline(str(third.answer + 1))  # or the choice's number
    child.expect("Right: ")
    child.expect_exact("Score: 2 of 3")
    child.expect_exact("Same quiz again: neuroleg quiz --seed 1 --count 3")
    expect_medical_help(child)  # the quiz ends with it
    assert finish(child) == 0
    out = SGR.sub("", transcript.getvalue())
    assert "\x1b[1;32mRight: " in transcript.getvalue()  # on a colour terminal, in colour
    flat = " ".join(out.split())  # the session wraps long lines (a source line names the article and its address)
    assert first.prompt in flat and f"Why: {first.explanation}" in flat
    assert f"Source: {second.source_text()}" in flat
    assert "Traceback" not in out


def test_a_reply_that_is_no_choice_is_asked_again(quiz: Quiz) -> None:
    first = quiz.questions[0]
    last = "abcd"[len(first.choices) - 1]
    child, transcript = spawn("--seed", "1", "--count", "3", NO_COLOR="1")
    for reply in ("z", "9", ""):
        child.expect("Your answer")
        child.sendline(reply)
        child.expect_exact(f"Type a letter from a to {last} or a number from 1 to {len(first.choices)} (q to stop).")
    child.expect("Your answer")
    child.sendline("q")
    child.expect_exact("Score: 0 of 0 (stopped after 0 of 3 questions)")
    expect_medical_help(child)
    assert finish(child) == 0
    out = transcript.getvalue()
    assert out.count("Question 1 of 3") == 1 and "Question 2 of 3" not in out
    assert "\x1b[" not in out  # NO_COLOR: no escape codes at all


def test_ctrl_c_stops_with_the_score_so_far_and_exit_130(quiz: Quiz) -> None:
    child, transcript = spawn("--seed", "1", "--count", "3")
    child.expect("Your answer")
    child.sendline("abcd"[quiz.questions[0].answer])
    child.expect("Question 2 of 3")
    child.expect("Your answer")
    child.sendintr()
    child.expect_exact("Score: 1 of 1")
    child.expect_exact("(stopped after 1 of 3 questions)")
    expect_medical_help(child)
    assert finish(child) == 130
    assert "Traceback" not in transcript.getvalue() and "KeyboardInterrupt" not in transcript.getvalue()


def test_end_of_input_stops_with_the_score_so_far_and_exit_0(quiz: Quiz) -> None:
    child, transcript = spawn("--seed", "1", "--count", "3", NO_COLOR="1")
    child.expect("Your answer")
    wrong = (quiz.questions[0].answer + 1) % len(quiz.questions[0].choices)
    child.sendline("abcd"[wrong])
    child.expect("Wrong: ")
    child.expect("Your answer")
    child.sendeof()
    child.expect_exact("Score: 0 of 1 (stopped after 1 of 3 questions)")
    expect_medical_help(child)
    assert finish(child) == 0
    assert "Traceback" not in transcript.getvalue() and "Aborted" not in transcript.getvalue()


@pytest.mark.parametrize("reply", ["²", "①", "٣"])
def test_a_digit_that_is_not_ascii_is_asked_again(reply: str) -> None:
    child, transcript = spawn("--seed", "1", "--count", "1", NO_COLOR="1")
    child.expect("Your answer")
    child.sendline(reply)
    child.expect("Type a letter from a to")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "internal error" not in transcript.getvalue()


def test_knowledge_base_text_is_shown_as_typed_never_as_markup(markup_mechanism_kb: Path) -> None:
    child, transcript = spawn("--data", str(markup_mechanism_kb), "--cause", "ms", "--seed", "1", NO_COLOR="1")
    child.expect_exact('"[bold red]_____[/] hides myelin ^[]0;owned^G from the nerves of the leg."')
    child.expect("Your answer")
    child.sendline("a")
    child.expect_exact("Why: Multiple sclerosis: [bold red]MS[/] hides myelin ^[]0;owned^G")
    child.expect_exact("Score: ")
    assert finish(child) == 0
    assert "\x1b]0;" not in transcript.getvalue() and "\x07" not in transcript.getvalue()


def test_the_repeat_line_of_the_interactive_quiz_shows_a_hostile_path_escaped(tmp_path: Path) -> None:
    hostile = tmp_path / "k\x1b]0;PWN\x07.yaml"
    hostile.write_bytes(BUNDLED.read_bytes())
    child, transcript = spawn("--seed", "1", "--count", "1", "--data", str(hostile), NO_COLOR="1")
    child.expect("Your answer")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    out = transcript.getvalue()
    assert "Same quiz again" in out
    assert "\x1b]0;PWN" not in out and "k^[]0;PWN^G.yaml" in out


def test_a_narrow_terminal_never_cuts_an_address_in_the_closing_section() -> None:
    child, transcript = spawn("--seed", "1", "--count", "1", columns=60, NO_COLOR="1")
    child.expect("Your answer")
    child.sendline("q")
    assert finish(child) == 0
    lines = transcript.getvalue().splitlines()
    assert MEDICAL_HELP["title"] + ":" in lines
    assert [url for url in HELP_URLS if not any(url in line for line in lines)] == []


def test_answers_given_at_a_terminal_prints_the_worksheet_without_asking() -> None:
    child, transcript = spawn("--seed", "1", "--count", "2", "--answers", "end", NO_COLOR="1")
    assert finish(child) == 0
    out = transcript.getvalue()
    assert out.index("Question 2 of 2") < out.index("Answer key") and "Your answer" not in out
