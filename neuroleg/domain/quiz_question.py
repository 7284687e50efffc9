"""A quiz question, and the one place its choices are put together and checked for a giveaway."""

from __future__ import annotations

from collections.abc import Iterable
from random import Random
from typing import NamedTuple

from neuroleg.domain.credits import origin_line
from neuroleg.domain.quiz_facts import Refs, text_key
from neuroleg.domain.quiz_fairness import gives_away
from neuroleg.kb.links import Doc

LETTERS = "abcd"
MAX_CHOICES = len(LETTERS)
MIN_CHOICES = 3  # a question with two choices is a coin toss: it is not asked


class Question(NamedTuple):
    """One multiple-choice question with exactly one right choice."""

    kind: str  # one of quiz.KINDS
    cause: str  # id of the cause the question is about
    prompt: str
    choices: tuple[str, ...]
    answer: int  # index of the right choice
    explanation: str  # the knowledge base's own text behind the answer
    sources: Refs  # the organisations credited for it; empty: none is
    origin: Doc | None = None  # where it comes from: the article or a page (`credits.Origins`)

    @property
    def answer_text(self) -> str:
        """The right choice."""
        return self.choices[self.answer]

    def source_text(self) -> str:
        """Where the answer comes from, in a line: the article or the page (with its address), and the
        organisations credited."""
        where = origin_line(self.origin, note=False) if self.origin else "the source article"
        credited = "; ".join(f"{s.short}, {s.url}" for s in self.sources)
        if (self.origin and self.origin["kind"] == "page") or not credited:
            return where
        return f"{where}; it credits {credited}"


def make_question(
    kind: str,
    doc: Doc,
    prompt: str,
    answer: str,
    wrong: list[str],
    why: str,
    sources: Refs,
    rng: Random,
    hidden: Iterable[str] = (),
) -> Question | None:
    """Shuffle the choices; None unless at least two wrong choices differ from the answer and from each other,
    and unless the prompt keeps every word of the answer's names (`hidden`, and the answer itself) out of view
    or shows it in every choice: a shared word would answer the question for a reader who knows nothing."""
    distinct = {text_key(answer): answer}
    for choice in wrong:
        distinct.setdefault(text_key(choice), choice)
    if len(distinct) < MIN_CHOICES:
        return None
    choices = list(distinct.values())[:MAX_CHOICES]
    if gives_away(prompt, [answer, *hidden], choices):
        return None
    rng.shuffle(choices)
    return Question(kind, doc["id"], prompt, tuple(choices), choices.index(answer), why, sources)
