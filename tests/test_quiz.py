"""`neuroleg quiz`: questions made from the knowledge base, each checked against the data independently."""

from __future__ import annotations

import copy
import csv
import io
import json
import random
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED, Installed, invoke
from typer.testing import Result

from neuroleg.db.cache import open_store
from neuroleg.db.store import Store
from neuroleg.domain.quiz import BLANK, KINDS, Question, Quiz, make_quiz
from neuroleg.errors import QuizError
from neuroleg.text.figures import figure_text
from neuroleg.views.quiz import quiz_view

SEEDS = range(40)


def run_quiz(*args: str) -> Result:
    """`neuroleg quiz ARGS`, in-process."""
    return invoke("quiz", *args)


@pytest.fixture(scope="module")
def store() -> Store:
    return open_store(BUNDLED, cache=None)


def store_of(path: Path) -> Store:
    return open_store(path, cache=None)


def quoted(prompt: str) -> str:
    """The knowledge-base text a prompt quotes."""
    match = re.search(r'"(.*)"', prompt)
    assert match, prompt
    return match.group(1)


def fills(prompt: str, text: str) -> list[str] | None:
    """What the blanks of the quoted part of `prompt` stand for in `text`, or None if `text` does not fit."""
    parts = [re.escape(p) for p in quoted(prompt).split(BLANK)]
    match = re.fullmatch("(.+?)".join(parts), text)
    return list(match.groups()) if match else None


class Truth:
    """The knowledge base read straight from the store, to judge each question without the quiz's own code."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.causes = {row["id"]: store.cause(row["id"]) for row in store.cause_rows()}
        self.by_name = {c["name"]: c for c in self.causes.values()}
        self.sources = {s["id"]: s for s in store.sources()}
        self.stats = list(store.statistics())

    def risks(self, cause: dict[str, Any]) -> list[str]:
        return [*cause["risk_factors"], *(r for sub in cause["subtypes"] for r in sub["risk_factors"])]

    def texts(self, cause: dict[str, Any]) -> list[str]:
        return [cause["summary"], cause["mechanism"], *cause["treatment"], *(s["summary"] for s in cause["subtypes"])]

    def right_choices(self, q: Question) -> list[int]:
        """Indexes of the choices the data makes right."""
        cause = self.causes[q.cause]
        judge: Callable[[str], bool]
        if q.kind == "mechanism":
            assert fills(q.prompt, cause["mechanism"]) is not None, "the prompt quotes the cause's own mechanism"
            assert cause["mechanism"] in q.explanation
            judge = lambda c: self.by_name[c]["mechanism"] == cause["mechanism"]  # noqa: E731
        elif q.kind == "risk-factor":
            (risk,) = [r for r in self.risks(cause) if fills(q.prompt, r) is not None]
            assert risk in q.explanation
            judge = lambda c: risk in self.risks(self.by_name[c])  # noqa: E731
        elif q.kind == "symptom":
            (symptom,) = [s for s in self.store.symptoms() if q.prompt.endswith(f": {s['name']}?")]
            bringers = {c["id"] for c in self.store.causes_with_symptom(symptom["id"])}
            assert q.cause in bringers and symptom["description"] in q.explanation
            judge = lambda c: self.by_name[c]["id"] in bringers  # noqa: E731
        elif q.kind == "figure":
            (stat,) = [s for s in self.stats if s["cause"] == q.cause and f'"{s["label"]}"' in q.prompt]
            short = self.sources[stat["source"]]["short"]
            assert f"does {short} give" in q.prompt and stat["population"] in q.prompt
            same = [s for s in self.stats if _fact(s) == _fact(stat) and s["source"] == stat["source"]]
            judge = lambda c: c in {figure_text(s) for s in same}  # noqa: E731
        elif q.prompt.startswith("Which organisation gives this figure?"):
            shown = [s for s in self.stats if f'"{s["label"]}": {figure_text(s)} among {s["population"]}' in q.prompt]
            (stat,) = [s for s in shown if s["cause"] == q.cause]
            same = [s for s in self.stats if _fact(s) == _fact(stat) and figure_text(s) == figure_text(stat)]
            judge = lambda c: c in {self.sources[s["source"]]["short"] for s in same}  # noqa: E731
        else:  # an organisation credited in a sentence
            (sentence, blanked) = next((t, f) for t in self._sentences(cause) if (f := fills(q.prompt, t)))
            assert sentence in q.explanation and re.search("according to", sentence, re.IGNORECASE)
            judge = lambda c: all(b in (s["short"], s["name"]) for s in self._by_short(c) for b in blanked)  # noqa: E731
        return [i for i, choice in enumerate(q.choices) if judge(choice)]

    def _sentences(self, cause: dict[str, Any]) -> Iterator[str]:
        for text in self.texts(cause):
            yield from re.split(r"(?<=[.!?])\s+", text.strip())

    def _by_short(self, short: str) -> list[dict[str, Any]]:
        return [s for s in self.sources.values() if s["short"] == short]


def _words(text: str) -> str:
    """A text as its words between spaces, so that `_words(name) in _words(text)` finds whole words."""
    return " " + " ".join(re.findall(r"[^\W_]+", text.casefold())) + " "


def _fact(stat: dict[str, Any]) -> tuple[str, str]:
    return (stat["label"], stat["population"])


def assert_sound(truth: Truth, quiz: Quiz) -> None:
    """Every question of `quiz` is well formed and exactly its marked answer is right by the data."""
    prompts = [q.prompt for q in quiz.questions]
    assert len(set(prompts)) == len(prompts), "no question twice"
    for q in quiz.questions:
        assert q.kind in KINDS
        assert 2 <= len(q.choices) <= 4, q
        assert len({c.casefold() for c in q.choices}) == len(q.choices), f"choices repeat: {q.choices}"
        assert all(c != q.answer_text for i, c in enumerate(q.choices) if i != q.answer)
        assert truth.right_choices(q) == [q.answer], q


# soundness over the whole knowledge base


def test_every_question_over_many_seeds_has_exactly_one_right_answer(store: Store) -> None:
    truth = Truth(store)
    for seed in SEEDS:
        assert_sound(truth, make_quiz(store, count=100, seed=seed))


def test_a_full_quiz_asks_every_kind_of_question(store: Store) -> None:
    quiz = make_quiz(store, count=100, seed=1)
    assert {q.kind for q in quiz.questions} == set(KINDS)
    assert len(quiz.questions) >= 25  # about every mechanism, risk factor, figure, credit and telling symptom


def test_the_answer_is_spread_over_the_letters(store: Store) -> None:
    answers = {q.answer for seed in SEEDS for q in make_quiz(store, count=10, seed=seed).questions}
    assert answers == {0, 1, 2, 3}


def test_each_cause_is_asked_about(store: Store) -> None:
    asked = {q.cause for q in make_quiz(store, count=100, seed=2).questions}
    assert asked == {row["id"] for row in store.cause_rows()}


def test_a_blanked_text_never_names_its_answer(store: Store) -> None:
    truth = Truth(store)
    for q in make_quiz(store, count=100, seed=3).questions:
        if q.kind not in ("mechanism", "risk-factor"):
            continue
        cause = truth.causes[q.cause]
        names = [cause["id"], cause["name"], *cause["aliases"]]
        names += [n for sub in cause["subtypes"] for n in (sub["id"], sub["name"], *sub["aliases"])]
        words = _words(quoted(q.prompt))
        for name in names:
            assert _words(name) not in words, (name, q.prompt)


def test_no_wrong_choice_is_named_in_its_prompt(store: Store) -> None:
    truth = Truth(store)
    for seed in SEEDS:
        for q in make_quiz(store, count=100, seed=seed).questions:
            if q.kind in ("mechanism", "risk-factor", "symptom"):
                words = _words(q.prompt)
                for i, choice in enumerate(q.choices):
                    other = truth.by_name[choice]
                    if i != q.answer:
                        assert not any(_words(n) in words for n in [other["name"], *other["aliases"]]), (choice, q)


def test_symptoms_of_neuropathy_in_general_are_never_asked(store: Store) -> None:
    general = {s["name"] for s in store.symptoms() if s["id"] in store.overview()["symptoms"]}
    questions = [q for seed in SEEDS for q in make_quiz(store, count=100, seed=seed).questions]
    asked = {q.prompt.rsplit(": ", 1)[1].rstrip("?") for q in questions if q.kind == "symptom"}
    assert asked and not asked & general  # tingling is a sign of every neuropathy: no cause would be wrong


def test_one_statistic_is_asked_about_once(store: Store) -> None:
    kinds = set()
    for seed in SEEDS:
        questions = make_quiz(store, count=100, seed=seed).questions
        # its figure, its source, or the sentence quoting it: any one gives the others away
        about = [q for q in questions if "Have some form of neuropathy" in q.prompt or "60 and 70 percent" in q.prompt]
        assert len(about) == 1
        kinds.add(about[0].prompt.split(" ", 2)[1])
    assert kinds == {"figure", "organisation"}


def all_questions(store: Store, seeds: range = SEEDS) -> Iterator[Question]:
    for seed in seeds:
        yield from make_quiz(store, count=100, seed=seed).questions


# wrong choices that the knowledge base's own words would make right (found in review)
@pytest.mark.parametrize(
    ("asked", "never_offered"),
    [
        ("Muscle weakness", "Diabetes"),  # diabetes brings weak thigh muscles
        ("Weak thigh muscles", "Post-surgical neuropathy"),  # which brings muscle weakness
        ("Sudden severe pain", "Post-surgical neuropathy"),  # severe leg pain soon after an operation
        ("Drinking too much alcohol", "Kidney disease"),  # heavy drinking harms the kidneys
        ("that presses on a nerve", "Cancer and tumours"),  # a growing tumour presses on nerves
    ],
)
def test_no_wrong_choice_is_made_true_by_its_own_texts(store: Store, asked: str, never_offered: str) -> None:
    about = [q for q in all_questions(store) if asked in q.prompt]
    assert about, f"no question about {asked!r} over {len(SEEDS)} seeds"
    assert all(never_offered not in q.choices or q.answer_text == never_offered for q in about)


def test_no_wrong_figure_takes_in_the_true_one(store: Store) -> None:
    figures = [q for q in all_questions(store) if q.kind == "figure" and q.answer_text == "30-40%"]
    assert figures
    assert all("up to 50%" not in q.choices for q in figures)  # 30-40% lies within "up to 50%"


def test_an_organisation_is_never_a_wrong_answer_for_a_part_of_itself(store: Store) -> None:
    ninds = [q for q in all_questions(store) if q.kind == "source" and q.answer_text == "NINDS"]
    assert ninds
    assert all("NIH" not in q.choices for q in ninds)  # www.ninds.nih.gov lies under nih.gov


def test_a_subtype_risk_factor_says_it_is_for_one_form_of_the_cause(store: Store) -> None:
    neuroma = [q for q in all_questions(store) if q.kind == "risk-factor" and "amputation" in q.prompt]
    assert neuroma
    for question in neuroma:
        assert question.prompt.startswith("The reference names this risk factor, for one form of it, for which cause?")
        assert question.explanation.startswith("Cancer and tumours, through Neuroma: ")


def test_a_credit_question_says_which_cause_it_is_about(store: Store) -> None:
    credits = [q for q in all_questions(store) if q.prompt.startswith("Which organisation does the reference credit")]
    assert any(
        q.prompt.startswith("Which organisation does the reference credit here, on Chemotherapy?") for q in credits
    )


def test_sources_name_the_organisation_with_its_address(store: Store) -> None:
    quiz = make_quiz(store, count=100, seed=4)
    figure = next(q for q in quiz.questions if q.kind == "figure" and q.cause == "diabetes")
    assert figure.source_text() == "NINDS, https://www.ninds.nih.gov/"
    mechanism = next(q for q in quiz.questions if q.kind == "mechanism" and q.cause == "multiple-sclerosis")
    assert mechanism.sources == () and "the source article" in mechanism.source_text()


# the seed


def test_the_same_seed_gives_the_same_quiz(store: Store) -> None:
    assert make_quiz(store, count=10, seed=42) == make_quiz(store, count=10, seed=42)
    assert make_quiz(open_store(BUNDLED, cache=None), count=5, cause_id="diabetes", seed=9) == make_quiz(
        store, count=5, cause_id="diabetes", seed=9
    )


def test_different_seeds_give_different_quizzes(store: Store) -> None:
    quizzes = {tuple((q.prompt, q.choices) for q in make_quiz(store, count=10, seed=s).questions) for s in SEEDS}
    assert len(quizzes) == len(SEEDS)


def test_without_a_seed_one_is_chosen_and_recorded(store: Store) -> None:
    quiz = make_quiz(store, count=5)
    assert 0 <= quiz.seed < 1_000_000
    assert make_quiz(store, count=5, seed=quiz.seed) == quiz
    assert quiz.repeat_command() == f"neuroleg quiz --seed {quiz.seed} --count 5"


def test_the_repeat_command_names_the_knowledge_base_given_with_data(write_kb: Callable[..., Path]) -> None:
    path = write_kb()
    result = run_quiz("--seed", "4", "--count", "2", "--data", str(path), "-f", "json")
    assert json.loads(result.stdout)["repeat"] == f"neuroleg quiz --seed 4 --count 2 --data {path}"
    assert json.loads(run_quiz("--seed", "4", "--count", "2", "-f", "json").stdout)["repeat"] == (
        "neuroleg quiz --seed 4 --count 2"
    )


def test_the_cli_prints_the_same_worksheet_for_the_same_seed() -> None:
    first, second, other = run_quiz("--seed", "8"), run_quiz("--seed", "8"), run_quiz("--seed", "9")
    assert first.exit_code == 0 and first.stdout == second.stdout != other.stdout


# count and cause


@pytest.mark.parametrize("count", [1, 3, 10])
def test_count_gives_that_many_questions(store: Store, count: int) -> None:
    assert len(make_quiz(store, count=count, seed=0).questions) == count
    doc = json.loads(run_quiz("--count", str(count), "--seed", "0", "-f", "json").stdout)
    assert len(doc["questions"]) == count and doc["count"] == count


def test_asking_for_more_than_there_are_gives_all_without_repeats(store: Store) -> None:
    quiz = make_quiz(store, count=100, seed=5)
    assert 25 <= len(quiz.questions) < 100
    assert len({q.prompt for q in quiz.questions}) == len(quiz.questions)


@pytest.mark.parametrize("count", ["0", "101", "-1"])
def test_a_count_out_of_range_exits_2(count: str) -> None:
    result = run_quiz("--count", count)
    assert result.exit_code == 2 and "--count" in result.stderr and result.stdout == ""


def test_make_quiz_refuses_a_count_below_one(store: Store) -> None:
    with pytest.raises(QuizError):
        make_quiz(store, count=0)


def test_cause_focuses_every_question_on_that_cause(store: Store) -> None:
    truth = Truth(store)
    for seed in range(10):
        quiz = make_quiz(store, count=100, cause_id="diabetes", seed=seed)
        assert {q.cause for q in quiz.questions} == {"diabetes"} and len(quiz.questions) >= 5
        assert_sound(truth, quiz)
    doc = json.loads(run_quiz("--cause", "diabetic", "--seed", "1", "-f", "json").stdout)
    assert doc["cause"] == "diabetes" and {q["cause"] for q in doc["questions"]} == {"diabetes"}
    assert "--cause diabetes" in doc["repeat"]


def test_an_unknown_cause_exits_1_with_suggestions() -> None:
    result = run_quiz("--cause", "diabetis")
    assert (result.exit_code, result.stdout) == (1, "")
    lines = result.stderr.splitlines()
    assert lines[:2] == ["neuroleg: no cause named 'diabetis'", "did you mean: diabetic, diabetes, type 2 diabetes?"]


# the worksheet


def test_the_plain_worksheet_has_questions_choices_answers_and_sources(store: Store) -> None:
    quiz = make_quiz(store, count=100, seed=6)
    result = run_quiz("--count", "100", "--seed", "6")
    assert result.exit_code == 0 and result.stderr == ""
    out = result.stdout
    flat = " ".join(out.split())  # the plain format wraps long lines
    assert f"{len(quiz.questions)} questions, seed 6: run 'neuroleg quiz --seed 6 --count 100' for the same" in flat
    first = quiz.questions[0]
    assert "\nQuestion 1 of 32\n" in out and first.prompt in flat
    assert f"\n- a) {first.choices[0]}\n" in out and f"Answer: {'abcd'[first.answer]}) {first.answer_text}" in flat
    assert f"Why: {first.explanation}" in flat
    for short, url in [("NINDS", "https://www.ninds.nih.gov/"), ("NCI", "https://www.cancer.gov/")]:
        assert f"Source: {short}, {url}" in flat
    assert "Source: the source article" in flat
    assert "It does not give medical advice" in flat
    assert "\x1b" not in out and "Your answer" not in out


def test_the_json_worksheet_matches_the_library(store: Store) -> None:
    quiz = make_quiz(store, count=7, seed=11)
    doc = json.loads(run_quiz("--count", "7", "--seed", "11", "-f", "json").stdout)
    assert (doc["seed"], doc["count"], doc["cause"]) == (11, 7, None)
    assert doc["repeat"] == "neuroleg quiz --seed 11 --count 7"
    assert "medical advice" in doc["disclaimer"]
    for item, q in zip(doc["questions"], quiz.questions, strict=True):
        assert item["prompt"] == q.prompt and item["kind"] == q.kind and item["cause"] == q.cause
        assert [c["text"] for c in item["choices"]] == list(q.choices)
        assert [c["letter"] for c in item["choices"]] == list("abcd"[: len(q.choices)])
        assert item["answer"] == "abcd"[q.answer] and item["answer_text"] == q.answer_text
        assert item["explanation"] == q.explanation
        assert item["sources"] == [{"short": s.short, "name": s.name, "url": s.url} for s in q.sources]


def test_the_markdown_worksheet_is_a_document(store: Store) -> None:
    result = run_quiz("--count", "4", "--seed", "12", "-f", "markdown")
    quiz = make_quiz(store, count=4, seed=12)
    out = result.stdout
    assert out.startswith("# Quiz: neuropathic leg pain\n")
    assert out.count("## Question ") == 4 and "## Question 4 of 4" in out
    assert f"- **Answer:** {'abcd'[quiz.questions[0].answer]}) {quiz.questions[0].answer_text}" in out
    assert "\\_\\_\\_\\_\\_" in out or all(BLANK not in q.prompt for q in quiz.questions)  # blanks escaped, not rules
    assert "> **Note:**" in out


def test_the_csv_worksheet_has_one_row_per_question(store: Store) -> None:
    quiz = make_quiz(store, count=100, seed=13)
    rows = list(csv.DictReader(io.StringIO(run_quiz("--count", "100", "--seed", "13", "-f", "csv").stdout)))
    assert len(rows) == len(quiz.questions)
    assert list(rows[0]) == [
        "number", "kind", "cause", "prompt", "a", "b", "c", "d", "answer", "answer_text", "explanation", "source",
    ]  # fmt: skip
    for row, q in zip(rows, quiz.questions, strict=True):
        assert row[row["answer"]] == q.answer_text == row["answer_text"]
        assert [row[letter] for letter in "abcd"] == [*q.choices, *[""] * (4 - len(q.choices))]


def test_the_table_format_off_a_terminal_prints_the_worksheet() -> None:
    result = invoke("quiz", "-f", "table", "--seed", "1", "--count", "2", input="a\nb\n")
    assert result.exit_code == 0 and "Question 2 of 2" in result.stdout and "Your answer" not in result.stdout


def test_quiz_view_gives_a_row_per_question_with_every_letter(store: Store) -> None:
    view = quiz_view(make_quiz(store, count=100, seed=14))
    assert view.rows is not None and len(view.rows) == len(view.data["questions"])
    assert all(set("abcd") <= set(row) for row in view.rows)


# other knowledge bases


def keep_causes(*ids: str) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        doc["causes"] = [c for c in doc["causes"] if c["id"] in ids]
        for cause in doc["causes"]:
            cause["related"] = [r for r in cause["related"] if r in ids]

    return change


def test_a_one_cause_knowledge_base_asks_about_its_one_figure(write_kb: Callable[..., Path]) -> None:
    path = write_kb(keep_causes("diabetes"))
    store = store_of(path)
    quizzes = [make_quiz(store, count=100, seed=seed) for seed in range(10)]
    for quiz in quizzes:
        assert_sound(Truth(store), quiz)
    questions = [q for quiz in quizzes for q in quiz.questions]
    assert {q.kind for q in questions} == {"figure", "source"}  # no other cause to set it against
    figure = next(q for q in questions if q.kind == "figure")
    assert figure.answer_text == "60-70%" and len(figure.choices) == 3  # the file's one figure, shifted twice
    result = run_quiz("--data", str(path), "--seed", "1")
    assert result.exit_code == 0 and "1 question, seed 1" in result.stdout and "Question 1 of 1\n" in result.stdout


def test_a_knowledge_base_with_too_little_exits_2_with_one_line(write_kb: Callable[..., Path]) -> None:
    path = write_kb(keep_causes("kidney-disease"))
    result = run_quiz("--data", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "neuroleg: there is too little in this knowledge base to ask about: "
        "a question needs another entry to set it against\n"
    )


def test_a_cause_with_too_little_exits_2_naming_it(write_kb: Callable[..., Path]) -> None:
    path = write_kb(keep_causes("kidney-disease"))
    result = run_quiz("--data", str(path), "--cause", "kidney")
    assert result.exit_code == 2 and "too little about Kidney disease" in result.stderr


def test_a_knowledge_base_without_statistics_still_quizzes(write_kb: Callable[..., Path]) -> None:
    def no_statistics(doc: dict[str, Any]) -> None:
        for cause in doc["causes"]:
            cause["statistics"] = []

    store = store_of(write_kb(no_statistics))
    for seed in range(10):
        quiz = make_quiz(store, count=100, seed=seed)
        assert "figure" not in {q.kind for q in quiz.questions} and len(quiz.questions) >= 20
        assert_sound(Truth(store), quiz)


def test_two_causes_give_two_choice_questions(write_kb: Callable[..., Path]) -> None:
    store = store_of(write_kb(keep_causes("diabetes", "multiple-sclerosis")))
    quiz = make_quiz(store, count=100, seed=3)
    assert any(q.kind == "mechanism" and len(q.choices) == 2 for q in quiz.questions)
    assert_sound(Truth(store), quiz)


def test_a_figure_near_the_float_limit_still_makes_a_quiz(write_kb: Callable[..., Path]) -> None:
    def huge(doc: dict[str, Any]) -> None:
        doc["causes"] = [c for c in doc["causes"] if c["id"] in ("diabetes", "alcohol")]
        doc["causes"][0]["related"], doc["causes"][1]["related"] = [], []
        stat = doc["causes"][0]["statistics"][0]
        stat.update(unit="count", low=1e308, high=1.7976931348623157e308)
        doc["causes"][1]["statistics"][0].update(unit="count", value=1.7976931348623157e308)

    result = run_quiz("-n", "100", "--seed", "1", "-f", "json", "--data", str(write_kb(huge)))
    assert result.exit_code == 0, result.stderr
    assert "inf" not in result.stdout


@pytest.mark.parametrize("pick", range(12))
def test_any_part_of_the_knowledge_base_gives_a_sound_quiz_or_a_clear_refusal(
    write_kb: Callable[..., Path], bundled_doc: dict[str, Any], pick: int
) -> None:
    rng = random.Random(pick)
    ids = rng.sample([c["id"] for c in bundled_doc["causes"]], rng.randint(1, 4))
    drop_statistics = rng.random() < 0.5

    def change(doc: dict[str, Any]) -> None:
        keep_causes(*ids)(doc)
        for cause in doc["causes"]:
            cause["statistics"] = [] if drop_statistics else cause["statistics"]

    store = store_of(write_kb(change))
    try:
        quiz = make_quiz(store, count=100, seed=pick)
    except QuizError as exc:
        assert "too little in this knowledge base" in str(exc)
        return
    assert_sound(Truth(store), quiz)
    assert {q.cause for q in quiz.questions} <= set(ids)


def clones(count: int) -> Callable[[dict[str, Any]], None]:
    """The bundled causes plus `count` clones under new ids and names, without aliases (bench/make_kb.py's way)."""

    def change(doc: dict[str, Any]) -> None:
        bundled, made = doc["causes"], []
        for i in range(count):
            cause = copy.deepcopy(bundled[i % len(bundled)])  # shared objects would be written as YAML anchors
            subtypes = [{**s, "name": f"Generated {i} {s['name']}", "aliases": []} for s in cause["subtypes"]]
            clone = {**cause, "id": f"gen{i}-{cause['id']}", "name": f"Generated {i} {cause['name']}", "aliases": []}
            made.append({**clone, "subtypes": subtypes, "related": []})
        doc["causes"] = bundled + made

    return change


def test_a_generated_knowledge_base_of_clones_stays_sound(write_kb: Callable[..., Path]) -> None:
    store = store_of(write_kb(clones(150)))  # more causes than the sample of wrong choices tried per question
    truth = Truth(store)
    for seed in range(5):
        quiz = make_quiz(store, count=100, seed=seed)
        assert_sound(truth, quiz)  # clones share texts: a clone of the answer is never a wrong choice
        assert len(quiz.questions) >= 25
        assert len({(q.kind, q.explanation.split(": ", 1)[1]) for q in quiz.questions}) == len(quiz.questions)


def test_markup_and_control_characters_in_the_data_stay_text(markup_mechanism_kb: Path) -> None:
    result = run_quiz("--data", str(markup_mechanism_kb), "--cause", "ms", "--count", "100")
    assert result.exit_code == 0
    flat = " ".join(result.stdout.split())
    assert '"[bold red]_____[/] hides myelin ^[]0;owned^G from the nerves of the leg."' in flat
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout


# the library stays light, and the installed command never waits for input in a pipe


@pytest.mark.process
def test_the_quiz_library_imports_neither_typer_nor_rich() -> None:
    code = "import sys, neuroleg.domain.quiz; print(sorted(m for m in ('typer', 'rich', 'click') if m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "[]\n"


@pytest.mark.slow
@pytest.mark.process
def test_the_installed_command_prints_a_worksheet_into_a_pipe(installed: Installed) -> None:
    result = installed.run("quiz", "--seed", "3", "--count", "2", input="a\n")
    assert (result.returncode, result.stderr) == (0, "")
    assert "Question 2 of 2" in result.stdout and "Answer: " in result.stdout and "Your answer" not in result.stdout
    worksheet = installed.run("quiz", "--seed", "3", "--count", "2", "-f", "json")
    assert [q["number"] for q in json.loads(worksheet.stdout)["questions"]] == [1, 2]
