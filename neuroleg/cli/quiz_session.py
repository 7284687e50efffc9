"""The quiz at a terminal: one question at a time, the answer and its source after each, a score at the end.

Knowledge-base text is shown through `rich.text.Text` (never parsed as markup)
after `safe_text` has made control characters visible. End of input and
Ctrl-C stop the quiz with the score so far, never with a traceback.
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from neuroleg.domain.quiz import LETTERS, Question, Quiz
from neuroleg.exitcodes import ExitCode
from neuroleg.render.sanitize import safe_text
from neuroleg.render.terminal import Terminal

STOP_WORDS = ("q", "quit", "stop")


def ask(quiz: Quiz, terminal: Terminal, data: str | None = None) -> ExitCode:
    """Ask each question of `quiz` at the terminal and keep score; OK at the end or on end of input, 130 on Ctrl-C."""
    console = Console(
        no_color=not terminal.color,
        color_system="auto" if terminal.color else None,  # None: no escape codes at all (NO_COLOR, TERM=dumb)
        highlight=False,
        width=terminal.width,
    )
    total = len(quiz.questions)
    score = answered = 0
    status = ExitCode.OK
    try:
        console.print(Text(safe_text(quiz.disclaimer), style="italic"))
        plural = "s" if total != 1 else ""
        console.print(Text(f"{total} question{plural}. Answer with a letter or a number; type q to stop.\n"))
        for number, question in enumerate(quiz.questions, 1):
            _show_question(console, question, number, total)
            choice = _read_choice(console, len(question.choices))
            if choice is None:
                break
            answered += 1
            score += choice == question.answer
            _show_answer(console, question, choice)
    except EOFError:
        console.print()  # the prompt's line was left open
    except KeyboardInterrupt:
        console.print()
        status = ExitCode.INTERRUPTED
    try:
        stopped = f" (stopped after {answered} of {total} questions)" if answered < total else ""
        console.print(Text.assemble((f"Score: {score} of {answered}", "bold"), stopped))
        console.print(Text(f"Same quiz again: {safe_text(quiz.repeat_command(data))}", style="dim"))
    except KeyboardInterrupt:  # a second Ctrl-C while the score is printed
        status = ExitCode.INTERRUPTED
    return status


def _show_question(console: Console, question: Question, number: int, total: int) -> None:
    console.print(Text(f"Question {number} of {total}", style="bold cyan"))
    console.print(Text(safe_text(question.prompt)))
    for letter, choice in zip(LETTERS, question.choices, strict=False):
        console.print(Text(f"  {letter}) {safe_text(choice)}"))


def _read_choice(console: Console, count: int) -> int | None:
    """The index of the chosen answer, asked until the reply is a letter or number in range; None to stop."""
    last = LETTERS[count - 1]
    while True:
        try:
            reply = console.input(Text(f"Your answer (a-{last}): ", style="bold")).strip().casefold()
        except UnicodeDecodeError:  # a byte the terminal's encoding cannot read: just ask again
            reply = ""
        if len(reply) == 1 and reply in LETTERS[:count]:
            return LETTERS.index(reply)
        if reply.isascii() and reply.isdigit() and 1 <= int(reply) <= count:  # not "²" or "①"
            return int(reply) - 1
        if reply in STOP_WORDS:
            return None
        console.print(
            Text(f"Type a letter from a to {last} or a number from 1 to {count} (q to stop).", style="yellow")
        )


def _show_answer(console: Console, question: Question, choice: int) -> None:
    answer = f"{LETTERS[question.answer]}) {safe_text(question.answer_text)}"
    if choice == question.answer:
        console.print(Text.assemble(("Right: ", "bold green"), answer))
    else:
        console.print(Text.assemble(("Wrong: ", "bold red"), f"the answer is {answer}"))
    console.print(Text.assemble(("Why: ", "bold"), safe_text(question.explanation)))
    console.print(Text.assemble(("Source: ", "bold"), safe_text(question.source_text())))
    console.print()
