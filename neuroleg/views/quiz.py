"""`neuroleg quiz` off a terminal: the worksheet, with each answer, why, and its source."""

from __future__ import annotations

from itertools import zip_longest
from typing import Any

from neuroleg.domain.quiz import LETTERS, Quiz
from neuroleg.views.document import Block, Bullets, Fields, Heading, Para, Title, View
from neuroleg.views.medical_help import help_blocks


def quiz_view(quiz: Quiz, data: str | None = None) -> View:
    """The quiz as a worksheet: each question, its lettered choices, the answer, why, and the source.

    `data` is the knowledge-base file named on the command line, if any, for the command that repeats the quiz.
    """
    total, repeat = len(quiz.questions), quiz.repeat_command(data)
    blocks: list[Block] = [
        Title("Quiz: neuropathic leg pain" + (f" ({quiz.cause})" if quiz.cause else "")),
        Para(f"{total} question{'s' if total != 1 else ''}, seed {quiz.seed}: run '{repeat}' for the same quiz."),
    ]
    records: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    for number, q in enumerate(quiz.questions, 1):
        lettered = [f"{letter}) {choice}" for letter, choice in zip(LETTERS, q.choices, strict=False)]
        why = (("Answer", lettered[q.answer]), ("Why", q.explanation), ("Source", q.source_text()))
        blocks += [Heading(f"Question {number} of {total}"), Para(q.prompt), Bullets(tuple(lettered)), Fields(why)]
        common = {"number": number, "kind": q.kind, "cause": q.cause, "prompt": q.prompt}
        answer = {"answer": LETTERS[q.answer], "answer_text": q.answer_text, "explanation": q.explanation}
        choices = [{"letter": letter, "text": c} for letter, c in zip(LETTERS, q.choices, strict=False)]
        records.append(
            {
                **common,
                "choices": choices,
                **answer,
                "sources": [s._asdict() for s in q.sources],
                "origin": dict(q.origin) if q.origin else None,
            }
        )
        lettered_columns = dict(zip_longest(LETTERS, q.choices, fillvalue=""))  # every row has columns a to d
        rows.append({**common, **lettered_columns, **answer, "source": q.source_text()})
    blocks += [*help_blocks(quiz.medical_help), Para(quiz.disclaimer, note=True)]
    doc = {"seed": quiz.seed, "count": quiz.asked, "cause": quiz.cause, "repeat": repeat, "questions": records}
    shown = {**doc, "medical_help": quiz.medical_help, "disclaimer": quiz.disclaimer}
    return View("quiz", shown, tuple(blocks), tuple(rows))
