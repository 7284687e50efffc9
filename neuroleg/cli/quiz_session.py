"""The quiz at a terminal: one question at a time, the answer and its source after each, a score at the end.

Everything is written through `output.write`, like any other command's output
(so a closed terminal or a full disk ends the quiz as it ends them), and
every reply is read by `output.read_reply`. Knowledge-base text goes through
`safe_text` first, so control characters show instead of acting. End of
input and Ctrl-C stop the quiz with the score so far, never with a traceback.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from neuroleg.cli.output import read_reply, write
from neuroleg.domain.quiz import LETTERS, Question, Quiz
from neuroleg.exitcodes import ExitCode
from neuroleg.render.sanitize import safe_text
from neuroleg.render.table import sgr
from neuroleg.render.terminal import Terminal
from neuroleg.views.medical_help import help_lines

STOP_WORDS = ("q", "quit", "stop")
_STYLES = {"question": "1;36", "prompt": "1", "right": "1;32", "wrong": "1;31", "label": "1", "hint": "33",
           "note": "3", "score": "1", "dim": "2"}  # fmt: skip


class _Screen:
    """Lines for the terminal: wrapped to its width, dressed only where colour is allowed."""

    def __init__(self, terminal: Terminal) -> None:
        self.width = max(20, terminal.width)
        self.dress: dict[str, Callable[[str], str]] = {
            name: sgr(code) if terminal.color else (lambda text: text) for name, code in _STYLES.items()
        }

    def line(self, text: str = "", style: str | None = None, lead: tuple[str, str] | None = None) -> None:
        """One paragraph: `lead` is a (styled label, its style) put before plain text."""
        label, label_style = lead or ("", "")
        # a web address stays whole, to be copied, even where it is wider than the terminal
        wrapped = textwrap.wrap(label + text, self.width, break_on_hyphens=False, break_long_words=False) or [""]
        first = wrapped[0][len(label) :]
        head = self.dress[label_style](label) if label else ""
        body = [self.dress[style](first) if style else first, *wrapped[1:]]
        write([head + "\n".join(body) + "\n"])


def ask(quiz: Quiz, terminal: Terminal, data: str | None = None) -> ExitCode:
    """Ask each question of `quiz` at the terminal and keep score; OK at the end or on end of input, 130 on Ctrl-C."""
    screen = _Screen(terminal)
    total = len(quiz.questions)
    score = answered = 0
    status = ExitCode.OK
    try:
        screen.line(safe_text(quiz.disclaimer), "note")
        plural = "s" if total != 1 else ""
        screen.line(f"{total} question{plural}. Answer with a letter or a number; type q to stop.")
        screen.line()
        for number, question in enumerate(quiz.questions, 1):
            _show_question(screen, question, number, total)
            choice = _read_choice(screen, len(question.choices))
            if choice is None:
                break
            answered += 1
            score += choice == question.answer
            _show_answer(screen, question, choice)
    except KeyboardInterrupt:
        write(["\n"])  # the prompt's line was left open
        status = ExitCode.INTERRUPTED
    try:
        stopped = f" (stopped after {answered} of {total} questions)" if answered < total else ""
        screen.line(stopped, lead=(f"Score: {score} of {answered}", "score"))
        screen.line(f"Same quiz again: {safe_text(quiz.repeat_command(data))}", "dim")
        for line in help_lines(quiz.medical_help, width=screen.width):
            screen.line(safe_text(line))
    except KeyboardInterrupt:  # a second Ctrl-C while the score is printed
        status = ExitCode.INTERRUPTED
    return status


def _show_question(screen: _Screen, question: Question, number: int, total: int) -> None:
    screen.line(f"Question {number} of {total}", "question")
    screen.line(safe_text(question.prompt))
    for letter, choice in zip(LETTERS, question.choices, strict=False):
        screen.line(f"  {letter}) {safe_text(choice)}")


def _read_choice(screen: _Screen, count: int) -> int | None:
    """The index of the chosen answer, asked until the reply is a letter or number in range; None to stop."""
    last = LETTERS[count - 1]
    while True:
        reply = read_reply(screen.dress["prompt"](f"Your answer (a-{last}): "))
        if reply is None:  # end of input
            write(["\n"])
            return None
        reply = reply.strip().casefold()
        if len(reply) == 1 and reply in LETTERS[:count]:
            return LETTERS.index(reply)
        if reply.isascii() and reply.isdigit() and 1 <= int(reply) <= count:  # not "²" or "①"
            return int(reply) - 1
        if reply in STOP_WORDS:
            return None
        screen.line(f"Type a letter from a to {last} or a number from 1 to {count} (q to stop).", "hint")


def _show_answer(screen: _Screen, question: Question, choice: int) -> None:
    answer = f"{LETTERS[question.answer]}) {safe_text(question.answer_text)}"
    if choice == question.answer:
        screen.line(answer, lead=("Right: ", "right"))
    else:
        screen.line(f"the answer is {answer}", lead=("Wrong: ", "wrong"))
    screen.line(safe_text(question.explanation), lead=("Why: ", "label"))
    screen.line(safe_text(question.source_text()), lead=("Source: ", "label"))
    screen.line()
