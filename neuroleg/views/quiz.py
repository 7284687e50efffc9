"""`neuroleg quiz` off a terminal: the worksheet, with each answer, why, and its source.

Two layouts: the answers `inline`, each right under its question, or at the
`end`, in an answer key after every question (a sheet to hand out, the key
on a page of its own). JSON and YAML follow the layout (an `answer_key` list
beside answerless questions); CSV, one table, keeps every column either way.
"""

from __future__ import annotations

from itertools import zip_longest
from typing import Any

from neuroleg.domain.quiz import LETTERS, Question, Quiz
from neuroleg.text.names import lower_first
from neuroleg.views.document import Block, Bullets, Fields, Heading, Para, Title, View
from neuroleg.views.medical_help import help_blocks

ANSWER_KEY = "Answer key"


def quiz_view(quiz: Quiz, data: str | None = None, *, key_at_end: bool) -> View:
    """The quiz as a worksheet: each question and its lettered choices; the answer, why, and the source under
    each question, or (`key_at_end`) in an answer key after all of them.

    `data` is the knowledge-base file named on the command line, if any, for the command that repeats the quiz.
    """
    total, repeat = len(quiz.questions), quiz.repeat_command(data)
    blocks: list[Block] = [
        Title(f"Quiz: {lower_first(quiz.subject)}" + (f" ({quiz.cause})" if quiz.cause else "")),
        Para(f"{total} question{'s' if total != 1 else ''}, seed {quiz.seed}: run '{repeat}' for the same quiz."),
    ]
    closing = [*help_blocks(quiz.medical_help), Para(quiz.disclaimer, note=True)]
    key: list[Block] = [Heading(ANSWER_KEY, new_page=True)] if key_at_end else []
    questions: list[dict[str, Any]] = []
    answers: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    for number, q in enumerate(quiz.questions, 1):
        lettered = tuple(f"{letter}) {choice}" for letter, choice in zip(LETTERS, q.choices, strict=False))
        why = Fields((("Answer", lettered[q.answer]), ("Why", q.explanation), ("Source", q.source_text())))
        blocks += [Heading(f"Question {number} of {total}"), Para(q.prompt), Bullets(lettered)]
        if key_at_end:
            key += [Heading(f"Question {number}", level=3), why]
        else:
            blocks.append(why)
        common = {"number": number, "kind": q.kind, "cause": q.cause, "prompt": q.prompt}
        answer = {"answer": LETTERS[q.answer], "answer_text": q.answer_text, "explanation": q.explanation}
        choices = [{"letter": letter, "text": c} for letter, c in zip(LETTERS, q.choices, strict=False)]
        questions.append({**common, "choices": choices})
        answers.append({"number": number, **answer, **_sourcing(q)})
        lettered_columns = dict(zip_longest(LETTERS, q.choices, fillvalue=""))  # every row has columns a to d
        rows.append({**common, **lettered_columns, **answer, "source": q.source_text()})
    # the key comes last, after the note: the pages before it are the sheet a reader is given
    blocks += closing + key
    doc: dict[str, Any] = {"seed": quiz.seed, "count": quiz.asked, "cause": quiz.cause, "repeat": repeat}
    if key_at_end:
        doc |= {"questions": questions, "answer_key": answers}
    else:  # each question whole, its answer inside it
        doc["questions"] = [{**q, **a} for q, a in zip(questions, answers, strict=True)]
    shown = {**doc, "medical_help": quiz.medical_help, "disclaimer": quiz.disclaimer}
    return View("quiz", shown, tuple(blocks), tuple(rows))


def _sourcing(q: Question) -> dict[str, Any]:
    """Where a question's answer comes from, as data: the organisations credited and the origin."""
    return {"sources": [s._asdict() for s in q.sources], "origin": dict(q.origin) if q.origin else None}
