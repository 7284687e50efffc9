"""A quiz that tests knowledge, not guessing: no prompt gives its answer away by a shared word, every question's
choices are of one kind, and the right letter is spread evenly. The judge reads the store itself, never the
generator's own tables."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pytest
from conftest import BUNDLED, generated_kb, invoke

from neuroleg.db.cache import open_store
from neuroleg.db.store import Store
from neuroleg.domain.quiz import BLANK, Question, make_quiz
from neuroleg.kb.links import risk_factors
from neuroleg.text.figures import figure_text
from neuroleg.text.words import stems_meet, telling_stems, words

SEEDS = range(30)
COUNT = 15

# Kinds a choice may be read as. Two are unions, on purpose: "which kind of neuropathy?" takes forms and any entry
# whose own name says it is a neuropathy (post-surgical neuropathy); "through which of these?" takes the routes
# by which a cause brings a sign, its subtypes and the forms of neuropathy.
NEUROPATHY_KIND = "kind of neuropathy"
ROUTE = "route to a sign"


class Judge:
    """What the store says each choice is, and every name each thing goes by."""

    def __init__(self, store: Store) -> None:
        self.kinds: dict[str, set[str]] = {}
        self.names: dict[str, set[str]] = {}  # a text shown -> every name of the thing it names
        for row in store.cause_rows():
            cause = store.cause(row["id"])
            subtype_names = [n for s in cause["subtypes"] for n in (s["name"], *s["aliases"])]
            self._add(cause["name"], "cause", [cause["name"], *cause["aliases"], *subtype_names])
            for alias in cause["aliases"]:  # an alias blanked out stands for every name of its cause
                self.names.setdefault(alias, set()).update([cause["name"], *cause["aliases"], *subtype_names])
            for sub in cause["subtypes"]:
                self._add(sub["name"], "subtype", [sub["name"], *sub["aliases"]])
            for risk, _ in risk_factors(cause):
                self._add(risk["text"], "risk factor", [risk["text"]])
        for form in store.forms():
            self._add(form["name"], "form", [form["name"], *form.get("aliases", [])])
        for org in store.organisations():  # shown by its short name; its full name is a synonym of it
            self._add(org["short"], "organisation", [org["short"], org["name"]])
            self.names.setdefault(org["name"], set()).update([org["short"], org["name"]])
        for stat in store.statistics():
            self._add(figure_text(stat), "figure", [])
        for symptom in store.symptoms():  # a phrase blanked out stands for its symptom's every phrase
            phrases = [symptom["name"], *(p["text"] for p in symptom.get("phrases", []))]
            for phrase in phrases:
                self.names.setdefault(phrase, set()).update(phrases)

    def _add(self, text: str, kind: str, names: Iterable[str]) -> None:
        self.kinds.setdefault(text, set()).add(kind)
        self.names.setdefault(text, set()).update(names)

    def kinds_of(self, choice: str) -> set[str]:
        """What the store says a choice is (a figure the file does not hold is still a figure)."""
        kinds = set(self.kinds.get(choice, set()))
        if re.fullmatch(r"(up to |at least )?[\d.]+(-[\d.]+)?(%| years| months)?", choice):
            kinds.add("figure")
        if "form" in kinds or (kinds & {"cause", "subtype"} and "neuropathy" in words(choice)):
            kinds.add(NEUROPATHY_KIND)
        if kinds & {"form", "subtype"}:
            kinds.add(ROUTE)
        return kinds

    def mixed_kinds(self, q: Question) -> bool:
        """Do the choices share no kind?"""
        shared = set.intersection(*(self.kinds_of(c) for c in q.choices))
        return not shared

    def hidden(self, q: Question) -> set[str]:
        """The answer's words: its every name, and what each blank stood for with that text's synonyms."""
        hidden = {q.answer_text, *self.names.get(q.answer_text, set())}
        quoted = re.search(r'"(.*)"', q.prompt)
        if quoted and BLANK in quoted.group(1):
            parts = [re.escape(p) for p in quoted.group(1).split(BLANK)]
            said = q.explanation.split(": ", 1)[-1]  # "Name: text": the text the prompt quotes
            fit = re.fullmatch("(.+?)".join(parts), said)
            assert fit, f"the blanked text is not the explanation's: {q}"
            for piece in fit.groups():
                hidden |= {piece, *self.names.get(piece, set())}
        return hidden

    def giveaway(self, q: Question) -> list[str]:
        """The answer's word stems that the prompt shows and not every choice holds."""
        prompt = set(telling_stems(q.prompt.replace(BLANK, " ")))
        choices = [telling_stems(c) for c in q.choices]
        told = {s for text in self.hidden(q) for s in telling_stems(text)}
        return sorted(
            s
            for s in told
            if any(stems_meet(s, p) for p in prompt) and not all(any(stems_meet(s, c) for c in cs) for cs in choices)
        )

    def faults(self, q: Question) -> list[str]:
        """Every broken promise of one question, as messages."""
        found = []
        if given := self.giveaway(q):
            found.append(f"gives its answer away by {given}: {q.prompt} {q.choices} -> {q.answer_text}")
        if self.mixed_kinds(q):
            kinds = [sorted(self.kinds_of(c)) for c in q.choices]
            found.append(f"choices of different kinds {kinds}: {q.prompt} {q.choices}")
        return found


def faults_over_seeds(store: Store, seeds: Iterable[int] = SEEDS, count: int = COUNT) -> tuple[list[str], int]:
    judge = Judge(store)
    faults: list[str] = []
    asked = 0
    for seed in seeds:
        for q in make_quiz(store, count=count, seed=seed).questions:
            asked += 1
            faults += judge.faults(q)
    return faults, asked


@pytest.fixture(scope="module")
def store() -> Store:
    return open_store(BUNDLED, cache=None)


def test_no_question_on_the_bundled_file_gives_its_answer_away_or_mixes_kinds(store: Store) -> None:
    faults, asked = faults_over_seeds(store)
    assert faults == []
    assert asked >= 10 * len(SEEDS)  # still a quiz worth taking


def test_no_question_on_a_generated_file_gives_its_answer_away_or_mixes_kinds(tmp_path: Path) -> None:
    path = generated_kb(tmp_path / "generated.json", 150)  # more causes than the quiz samples per question
    faults, asked = faults_over_seeds(open_store(path, cache=None))
    assert faults == []
    assert asked == COUNT * len(SEEDS)


def test_the_judge_flags_a_giveaway_and_mixed_kinds(store: Store) -> None:
    """The judge can fail: a prompt that shows the answer's word, and choices of two kinds."""
    judge = Judge(store)
    giveaway = Question(
        "symptom",
        "diabetes",
        "Through which of these does the reference link weak thigh muscles to diabetes?",
        ("Diabetic amyotrophy", "Bone cancer", "Neuroma (a benign nerve growth)"),
        0,
        "Diabetes: Weak thigh muscles, through Diabetic amyotrophy.",
        (),
    )
    assert judge.giveaway(giveaway) == ["diabetic"]
    mixed = giveaway._replace(
        prompt='Which cause harms nerves this way? "Some _____ drugs can damage nerves as a side effect."',
        choices=("Chemotherapy", "Bone cancer", "NINDS"),
        explanation="Chemotherapy: Some chemotherapy drugs can damage nerves as a side effect.",
    )
    assert judge.mixed_kinds(mixed)
    assert len(judge.faults(giveaway)) == 1 and len(judge.faults(mixed)) == 1


def test_each_letter_is_the_answer_a_fair_share_of_four_choice_questions(store: Store) -> None:
    letters = Counter(q.answer for s in range(200) for q in make_quiz(store, count=15, seed=s).questions
                      if len(q.choices) == 4)  # fmt: skip
    total = sum(letters.values())
    assert total > 500 and all(0.21 <= letters[i] / total <= 0.30 for i in range(4)), letters


def test_the_quiz_on_alcohol_asks_about_the_nih_figure() -> None:
    result = invoke("quiz", "--cause", "alcohol", "-n", "5", "--seed", "0", "-f", "json")
    questions = json.loads(result.stdout)["questions"]
    assert any("up to 50%" in json.dumps(q) and "heavy alcohol users" in q["prompt"] for q in questions)
    assert len(questions) >= 2


@pytest.mark.parametrize("wrong", ["Chemotherapy", "Kidney disease"])
def test_a_poison_to_the_nerves_is_never_set_against_another_poison_or_drug(store: Store, wrong: str) -> None:
    asked = [q for s in SEEDS for q in make_quiz(store, count=100, seed=s).questions if "a poison to" in q.prompt]
    assert asked and all(wrong not in q.choices for q in asked)


def test_inflammation_after_an_operation_is_never_answered_with_injury(store: Store) -> None:
    asked = [
        q for s in SEEDS for q in make_quiz(store, count=100, seed=s).questions if "inflammation after" in q.prompt
    ]
    assert all("Injury and trauma" not in q.choices for q in asked)


def test_a_blank_that_reads_as_a_drug_is_never_asked(store: Store) -> None:
    asked = [q.prompt for s in SEEDS for q in make_quiz(store, count=100, seed=s).questions]
    assert not [p for p in asked if f"{BLANK} drugs" in p]


def _upper(figure: str) -> float:
    """A figure's upper end as written ("30-40%" -> 40, "up to 50%" -> 50)."""
    return float(re.findall(r"\d+(?:\.\d+)?", figure)[-1])


def test_the_right_figure_is_not_the_middle_one_by_habit(store: Store) -> None:
    # wrong figures made by shifting the right one, one below and one above every time, would leave the right
    # answer in the middle of three: a reader who picks the middle would score without knowing anything
    places: Counter[int] = Counter()
    for seed in range(60):
        for q in make_quiz(store, count=15, seed=seed).questions:
            if q.kind == "figure" and len(q.choices) == 3:
                ranked = sorted(range(3), key=lambda i: _upper(q.choices[i]))
                places[ranked.index(q.answer)] += 1
    assert set(places) == {0, 1, 2}, places
    assert places[1] < 0.5 * sum(places.values()), places
