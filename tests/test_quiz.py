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
import yaml
from conftest import BUNDLED, Installed, generated_kb, invoke
from typer.testing import Result

from neuroleg.db.cache import open_store
from neuroleg.db.store import Store
from neuroleg.domain.quiz import BLANK, KINDS, Question, Quiz, make_quiz
from neuroleg.errors import QuizError
from neuroleg.text.figures import figure_text
from neuroleg.views.quiz import quiz_view

SEEDS = range(40)
ARTICLE = "the Nevada Pain article on causes of neuropathic leg pain"  # the source article, named
ARTICLE_URL = "https://nevadapain.com/inside-pain/causes-neuropathic-leg-pain/"
# Every question a full quiz of the bundled file asks, one per topic: 5 mechanisms, 3 risk factors (a cut nerve for
# neuroma, smoking for diabetic neuropathy, 25 years of diabetes for diabetes itself), 4 statistics (a figure or
# its source; alcohol's "up to 50%" is asked since two "up to" highs are told apart), 7 facts credited to an
# organisation, and one sign of each form whose page's organisation has wrong choices to set against it
# (chemotherapy-induced neuropathy's NCI, peripheral neuropathy's NINDS). Issue 22 took out 9 that gave their
# answer away by a word (diabetes', injury's and chemotherapy's mechanisms, alcohol's two risk factors and
# surgery's, the 3 signs of diabetic amyotrophy, which say "diabetic" to a question about diabetes).
FULL_QUIZ = 21
MEDICAL_HELP: dict[str, Any] = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))["medical_help"]
HELP_URLS = list(dict.fromkeys(a["url"] for a in MEDICAL_HELP["advice"]))

# words that do not tell a reader which entry a text is about: grammar, and what every cause here shares
_FILLER = (
    "a an and or but nor the of in on at to for from with by as into than then so if is are was were be been being "
    "it its this that these those there their them they can could may might must will would should not no do does "
    "did has have had also even more most much many some any all each such very too own same other only just up out "
    "when where which who what how nerve nerves neuropathy neuropathic pain painful leg legs foot feet damage "
    "damaged body people person condition cause causes risk chance develop"
)
FILLER = frozenset(_FILLER.split())


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


def key(text: str) -> str:
    """A text as compared: case and runs of spaces do not count."""
    return " ".join(text.casefold().split())


def shows(text: str, name: str) -> bool:
    """Does `text` hold `name` as whole words, in any case?"""
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE) is not None


def content_words(text: str) -> list[str]:
    """The words of `text` (blanks left out) that say something of their own."""
    return [w for w in re.findall(r"[^\W\d_]+", text.replace(BLANK, " ").casefold()) if w not in FILLER]


RISK_OF_CAUSE = "The reference names this risk factor for which cause? "
RISK_OF_SUBJECT = re.compile(r"Which of these does the reference name as raising the risk of (.+)\?")
RISK_OF_KIND = re.compile(r'The reference names this as raising the risk of which kind of neuropathy\? "(.+)"')
SIGN_SOURCE = re.compile(r"In this reference, whose page lists (.+) as a sign of (.+)\?")
SIGN = re.compile(r"Through which of these does the reference link (.+) to (.+)\?")
FIGURE = re.compile(r'What figure does (.+) give for this: "(.+)", among (.+)\?')
STAT_SOURCE = re.compile(r'Who gives this figure\? "(.+)": (.+) among (.+)\.')
CREDIT = re.compile(r'Which of these does the reference credit for this fact about (.+)\? "(.+)"')


class Truth:
    """The knowledge base read straight from the store, to judge each question without the quiz's own code."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.causes = {row["id"]: store.cause(row["id"]) for row in store.cause_rows()}
        self.by_name = {c["name"]: c for c in self.causes.values()}
        self.organisations = {o["id"]: o for o in store.organisations()}
        self.forms = {f["id"]: f for f in store.forms()}
        self.symptoms = {s["id"]: s for s in store.symptoms()}
        self.stats = list(store.statistics())
        self.broad = broad_forms(self.causes.values())
        self.pages = {p["id"]: p for p in store.pages()}

    # what the file says

    def risks(self, cause: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
        """Each risk factor of a cause with the subtype it is listed under (None: the cause)."""
        own: list[tuple[dict[str, Any], dict[str, Any] | None]] = [(r, None) for r in cause["risk_factors"]]
        return own + [(r, sub) for sub in cause["subtypes"] for r in sub["risk_factors"]]

    def raised(self, cause: dict[str, Any], risk: dict[str, Any], sub: dict[str, Any] | None) -> tuple[str, str]:
        """What a risk factor raises the risk of, as (kind, name): its `raises`, else where it is listed."""
        named = risk.get("raises") or (sub or cause)["id"]
        if named == cause["id"]:
            return "cause", cause["name"]
        for subtype in cause["subtypes"]:
            if subtype["id"] == named:
                return "subtype", subtype["name"]
        return "form", self.forms[named]["name"]

    def every_risk(self) -> Iterator[tuple[dict[str, Any], dict[str, Any], dict[str, Any] | None]]:
        for cause in self.causes.values():
            for risk, sub in self.risks(cause):
                yield cause, risk, sub

    def line(self, org_id: str) -> set[str]:
        """The short names of an organisation, of every one it is part of and of every one part of it."""

        def up(at: str | None) -> list[str]:
            chain: list[str] = []
            while at is not None and at not in chain:
                chain.append(at)
                at = self.organisations[at].get("part_of")
            return chain

        return {o["short"] for i, o in self.organisations.items() if org_id in up(i) or i in up(org_id)}

    def short(self, org_id: str) -> str:
        return str(self.organisations[org_id]["short"])

    def credited(self, cause: dict[str, Any]) -> Iterator[tuple[str, str]]:
        """Each text of a cause credited to an organisation, with the organisation's id."""
        facts = [*cause.get("claims", []), *cause["treatment"], *(c for s in cause["subtypes"] for c in s["claims"])]
        for fact in facts:
            if fact.get("credited"):
                yield fact["text"], fact["credited"]
        for risk, _ in self.risks(cause):
            if risk.get("credited"):
                yield f"A risk factor: {risk['text']}", risk["credited"]

    # what a question is about

    def risk_asked(self, q: Question) -> tuple[str, str, str]:
        """A risk-factor question's shape, its risk factor's text, and what the question says it raises."""
        cause = self.causes[q.cause]
        if q.prompt.startswith(RISK_OF_CAUSE):
            ((risk, _),) = [(r, s) for r, s in self.risks(cause) if fills(q.prompt, r["text"]) is not None]
            return "cause", risk["text"], q.answer_text
        if match := RISK_OF_SUBJECT.fullmatch(q.prompt):
            return "subject", q.answer_text, match.group(1)
        match = RISK_OF_KIND.fullmatch(q.prompt)
        assert match, q.prompt
        return "kind", match.group(1), q.answer_text

    def stat_asked(self, q: Question) -> dict[str, Any]:
        """The statistic a figure or statistic-source question shows."""
        if match := FIGURE.fullmatch(q.prompt):
            found = [
                s for s in self.stats if (self.short(s["credited"]), s["label"], s["population"]) == match.groups()
            ]
        else:
            match = STAT_SOURCE.fullmatch(q.prompt)
            assert match, q.prompt
            found = [s for s in self.stats if (s["label"], figure_text(s), s["population"]) == match.groups()]
        (stat,) = [s for s in found if s["cause"] == q.cause]
        return stat

    def credit_asked(self, q: Question) -> tuple[str, str, list[str]]:
        """A credit question's sentence, the organisation credited with it, and what its blanks stand for."""
        match = CREDIT.fullmatch(q.prompt)
        assert match, q.prompt
        cause = self.causes[q.cause]
        assert match.group(1) == cause["name"]
        ((text, org, blanked),) = [(t, o, f) for t, o in self.credited(cause) if (f := fills(q.prompt, t)) is not None]
        return text, org, blanked

    def sign_asked(self, q: Question) -> tuple[dict[str, Any], set[str]]:
        """A symptom question's sign, and every subtype or form through which its cause brings it."""
        match = SIGN.fullmatch(q.prompt)
        assert match, q.prompt
        cause = self.causes[q.cause]
        assert key(match.group(2)) == key(cause["name"])
        (sign,) = [s for s in self.symptoms.values() if key(s["name"]) == key(match.group(1))]
        subtypes = {s["name"] for s in cause["subtypes"] if sign["id"] in map(_symptom_id, s["symptoms"])}
        forms: set[str] = set()
        for link in cause.get("leads_to", []):
            form = self.forms[link["form"]]
            if sign["id"] in form["symptoms"]:
                forms.add(form["name"])
        return sign, subtypes | forms

    # which choices the data makes right

    def right_choices(self, q: Question) -> list[int]:
        """Indexes of the choices the data makes right."""
        cause = self.causes[q.cause]
        judge: Callable[[str], bool]
        if q.kind == "mechanism":
            assert q.prompt.startswith("Which cause harms nerves this way? ")
            assert fills(q.prompt, cause["mechanism"]) is not None, "the prompt quotes the cause's own mechanism"
            assert cause["mechanism"] in q.explanation
            judge = lambda c: key(self.by_name[c]["mechanism"]) == key(cause["mechanism"])  # noqa: E731
        elif q.kind == "risk-factor":
            shape, text, subject = self.risk_asked(q)
            raising = [(self.raised(c, r, s), c) for c, r, s in self.every_risk() if key(r["text"]) == key(text)]
            assert any(c["id"] == q.cause for _, c in raising), "the risk factor is the cause's own"
            assert text in q.explanation
            if shape == "cause":  # asked only of a risk of the cause itself: never smoking as diabetes' own
                assert [kind for (kind, _), c in raising if c["id"] == q.cause] == ["cause"]
                judge = lambda c: any(key(r["text"]) == key(text) for r, _ in self.risks(self.by_name[c]))  # noqa: E731
            elif shape == "subject":  # a subtype's: which of these raises its risk?
                assert any(key(s["name"]) == key(subject) for s in cause["subtypes"])
                raisers = {
                    key(r["text"]) for c, r, s in self.every_risk() if key(self.raised(c, r, s)[1]) == key(subject)
                }
                judge = lambda c: key(c) in raisers  # noqa: E731
            else:  # a form's: which kind of neuropathy? Never asked of a broad form: others fall inside it
                kinds = {name for (kind, name), _ in raising}
                assert all(kind == "form" for (kind, _), _ in raising)
                assert all(f["id"] not in self.broad for f in self.forms.values() if f["name"] in kinds)
                assert not {self.forms[f]["name"] for f in self.broad} & set(q.choices), "no broad form offered"
                judge = lambda c: c in kinds  # noqa: E731
        elif q.kind == "symptom" and (match := SIGN_SOURCE.fullmatch(q.prompt)):  # whose page lists a form's sign?
            (form,) = [f for f in self.forms.values() if key(f["name"]) == key(match.group(2))]
            assert form["id"] in {link["form"] for link in cause["leads_to"]}, "the cause leads to the form"
            (sign,) = [s for s in self.symptoms.values() if key(s["name"]) == key(match.group(1))]
            page = self.pages[form["symptom_pages"][sign["id"]]]
            judge = lambda c: c in self.line(page["organisation"])  # noqa: E731
        elif q.kind == "symptom":
            sign, through = self.sign_asked(q)
            assert sign["name"] in q.explanation
            judge = lambda c: c in through  # noqa: E731
        elif q.kind == "figure":
            stat = self.stat_asked(q)
            same = [s for s in self.stats if _fact(s) == _fact(stat) and s["credited"] == stat["credited"]]
            judge = lambda c: c in {figure_text(s) for s in same}  # noqa: E731
        elif q.prompt.startswith("Who gives this figure?"):
            stat = self.stat_asked(q)
            same = [s for s in self.stats if _fact(s) == _fact(stat) and figure_text(s) == figure_text(stat)]
            judge = lambda c: any(c in self.line(s["credited"]) for s in same)  # noqa: E731
        else:  # an organisation credited with a sentence
            sentence, org, blanked = self.credit_asked(q)
            assert sentence in q.explanation
            assert all(b in (self.organisations[org]["short"], self.organisations[org]["name"]) for b in blanked)
            judge = lambda c: c in self.line(org)  # noqa: E731  # NIH gives what its part NINDS gives
        return [i for i, choice in enumerate(q.choices) if judge(choice)]


def broad_forms(causes: Any) -> set[str]:
    """The forms that causes of more than one category lead to (peripheral neuropathy: injury, diabetes, alcohol,
    kidney disease), read from the causes themselves: the judge's own reading, not the quiz's."""
    categories: dict[str, set[str]] = {}
    for cause in causes:
        for link in cause.get("leads_to", []):
            categories.setdefault(link["form"], set()).add(cause["category"])
    return {form for form, kinds in categories.items() if len(kinds) > 1}


def _symptom_id(entry: str | dict[str, Any]) -> str:
    return entry if isinstance(entry, str) else str(entry["symptom"])


def _words(text: str) -> str:
    """A text as its words between spaces, so that `_words(name) in _words(text)` finds whole words."""
    return " " + " ".join(re.findall(r"[^\W_]+", text.casefold())) + " "


def _fact(stat: dict[str, Any]) -> tuple[str, str]:
    return (key(stat["label"]), key(stat["population"]))


def assert_sound(truth: Truth, quiz: Quiz) -> None:
    """Every question of `quiz` is well formed and exactly its marked answer is right by the data."""
    prompts = [q.prompt for q in quiz.questions]
    assert len(set(prompts)) == len(prompts), "no question twice"
    for q in quiz.questions:
        assert q.kind in KINDS
        assert 3 <= len(q.choices) <= 4, q
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
    assert len(quiz.questions) == FULL_QUIZ


def test_every_shape_of_risk_factor_question_is_asked(store: Store) -> None:
    prompts = [q.prompt for q in all_questions(store)]
    assert any(p.startswith(RISK_OF_CAUSE) for p in prompts)  # a risk of the cause itself
    assert any(RISK_OF_SUBJECT.fullmatch(p) for p in prompts)  # a subtype's
    assert any(RISK_OF_KIND.fullmatch(p) for p in prompts)  # a form's


def test_the_answer_is_spread_over_the_letters(store: Store) -> None:
    answers = {q.answer for seed in SEEDS for q in make_quiz(store, count=10, seed=seed).questions}
    assert answers == {0, 1, 2, 3}


def test_each_cause_is_asked_about(store: Store) -> None:
    asked = {q.cause for q in make_quiz(store, count=100, seed=2).questions}
    assert asked == {row["id"] for row in store.cause_rows()}


def test_a_cause_whose_only_fact_is_its_mechanism_is_asked_about(store: Store) -> None:
    quiz = make_quiz(store, count=10, cause_id="multiple-sclerosis", seed=0)
    assert [q.kind for q in quiz.questions] == ["mechanism"]


def test_a_blanked_text_never_names_its_answer(store: Store) -> None:
    truth = Truth(store)
    asked = make_quiz(store, count=100, seed=3).questions
    about_a_cause = [q for q in asked if q.kind == "mechanism" or q.prompt.startswith(RISK_OF_CAUSE)]
    assert about_a_cause
    for q in about_a_cause:
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
            for i, choice in enumerate(q.choices):
                other = truth.by_name.get(choice)
                names = [choice, *(other["aliases"] if other else [])]
                if i != q.answer:
                    assert not any(_words(n) in _words(q.prompt) for n in names), (choice, q)


@pytest.fixture(scope="module")
def proximal_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The bundled file with diabetic amyotrophy under another of its names, proximal neuropathy (NIDDK's page's
    title), and no alias saying "diabetic": "through which of these does the reference link weak thigh muscles
    to diabetes?" can then be asked without its answer naming diabetes."""
    doc = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    (sub,) = next(c for c in doc["causes"] if c["id"] == "diabetes")["subtypes"]
    sub["name"], sub["aliases"] = "Proximal neuropathy", ["radiculoplexus neuropathy", "amyotrophy"]
    path = tmp_path_factory.mktemp("proximal") / "proximal.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return store_of(path)


def test_a_subtype_whose_name_shows_its_cause_is_never_asked_through_which(store: Store) -> None:
    assert not [q for q in all_questions(store) if SIGN.fullmatch(q.prompt)]


def test_symptoms_of_neuropathy_in_general_are_never_asked(proximal_store: Store) -> None:
    store = proximal_store
    general = {s["name"] for s in store.symptoms() if any(s["id"] in f["symptoms"] for f in store.forms())}
    questions = [q for seed in SEEDS for q in make_quiz(store, count=100, seed=seed).questions]
    asked = set()
    for q in questions:
        if q.kind == "symptom" and not SIGN_SOURCE.fullmatch(q.prompt):  # a form's sign from a page: whose page?
            match = SIGN.fullmatch(q.prompt)
            assert match, q.prompt
            asked.add(match.group(1).capitalize())
    assert asked == {"Sudden severe pain", "Difficulty standing up", "Weak thigh muscles"}
    assert general and not asked & general  # tingling is a sign of peripheral neuropathy: many causes lead there


def test_a_symptom_question_offers_only_subtypes_and_forms_that_cannot_bring_the_sign(proximal_store: Store) -> None:
    truth = Truth(proximal_store)
    symptom = [q for q in all_questions(proximal_store) if SIGN.fullmatch(q.prompt)]
    assert symptom
    assert all("Diabetic neuropathy" not in q.choices for q in symptom)  # diabetes leads to it
    for q in symptom:
        cause = truth.causes[q.cause]
        led_to = {truth.forms[link["form"]]["name"] for link in cause.get("leads_to", [])}
        not_led_to = {f["name"] for f in truth.forms.values()} - led_to
        others = {s["name"] for c in truth.causes.values() if c["id"] != q.cause for s in c["subtypes"]}
        assert all(c in not_led_to | others for i, c in enumerate(q.choices) if i != q.answer), q.choices
        assert q.explanation.startswith(f"{cause['name']}: ") and f"through {q.answer_text}: " in q.explanation


def test_one_statistic_is_asked_about_once(store: Store) -> None:
    kinds = set()
    for seed in SEEDS:
        questions = make_quiz(store, count=100, seed=seed).questions
        # its figure or its source: either one gives the other away
        about = [q for q in questions if "Have some form of neuropathy" in q.prompt or "60-70%" in q.prompt]
        assert len(about) == 1
        kinds.add(about[0].prompt.split(" ", 2)[1])
    assert kinds == {"figure", "gives"}  # "What figure ...?" and "Who gives this figure?"


def all_questions(store: Store, seeds: range = SEEDS) -> Iterator[Question]:
    for seed in seeds:
        yield from make_quiz(store, count=100, seed=seed).questions


# wrong choices that the knowledge base's own words would make right (found in review)
@pytest.mark.parametrize(
    ("asked", "never_offered"),
    [
        ("the immune system attacks nerves by mistake", "Multiple sclerosis"),  # an autoimmune disease
        ('which kind of neuropathy? "Smoking."', "Peripheral neuropathy"),  # it takes in diabetic neuropathy
        (
            "raising the risk of neuroma",
            "Surgery. In rare cases, inflammation after an operation leads to this condition.",
        ),
        ("raising the risk of neuroma", "A broken bone that presses on a nerve."),  # a neuroma follows an injury
    ],
)
def test_no_wrong_choice_is_made_true_by_its_own_texts(store: Store, asked: str, never_offered: str) -> None:
    about = [q for q in all_questions(store) if asked in q.prompt]
    assert about, f"no question about {asked!r} over {len(SEEDS)} seeds"
    assert all(never_offered not in q.choices or q.answer_text == never_offered for q in about)


@pytest.mark.parametrize(
    "prompt",
    [
        "heavily for ten years or longer",  # "heavily": Heavy alcohol use
        "Eating too little fruit",  # "drink a great deal": drinking, an alias of Heavy alcohol use
        "can also press on a nearby nerve",  # "An injured nerve": Injury and trauma
        "link sudden severe pain to diabetes",  # its only answer, Diabetic amyotrophy, says "diabetic"
    ],
)
def test_questions_that_gave_their_answer_away_are_no_longer_asked(store: Store, prompt: str) -> None:
    """Once asked, and reviewed above for their wrong choices; now each shows a word of its answer that no
    other choice has (test_quiz_giveaway), so the quiz leaves it out."""
    assert not [q for q in all_questions(store) if prompt in q.prompt]


def test_no_wrong_figure_takes_in_the_true_one(store: Store) -> None:
    figures = [q for q in all_questions(store) if q.kind == "figure" and q.answer_text == "30-40%"]
    assert figures
    assert all("up to 50%" not in q.choices for q in figures)  # 30-40% lies within "up to 50%"


@pytest.mark.parametrize("short", ["NINDS", "NCI"])
def test_an_organisation_is_never_a_wrong_answer_for_a_part_of_itself(store: Store, short: str) -> None:
    asked = [q for q in all_questions(store) if q.kind == "source" and q.answer_text == short]
    assert asked
    assert all("NIH" not in q.choices for q in asked)  # NINDS and NCI are parts of NIH (part_of: nih)


def test_a_subtype_risk_factor_asks_which_risk_factor_raises_that_subtype(store: Store) -> None:
    neuroma = [q for q in all_questions(store) if q.kind == "risk-factor" and "amputation" in " ".join(q.choices)]
    assert neuroma
    for question in neuroma:
        assert question.prompt == (
            "Which of these does the reference name as raising the risk of neuroma (a benign nerve growth)?"
        )
        assert question.answer_text == "A nerve that has been cut through by an injury, an amputation or surgery."
        assert question.explanation == (
            "Neuroma (a benign nerve growth), described under Cancer and tumours: A nerve that has been cut through "
            "by an injury, an amputation or surgery. It raises the risk of neuroma (a benign nerve growth)."
        )


def test_a_risk_factor_of_a_form_asks_which_kind_of_neuropathy_it_raises(store: Store) -> None:
    smoking = [q for q in all_questions(store) if q.kind == "risk-factor" and '"Smoking."' in q.prompt]
    assert smoking
    for question in smoking:
        assert question.prompt == 'The reference names this as raising the risk of which kind of neuropathy? "Smoking."'
        assert question.answer_text == "Diabetic neuropathy" and "Diabetes" not in question.choices
        assert question.explanation == "Diabetes: Smoking. It raises the risk of diabetic neuropathy."


def test_a_credit_question_says_which_cause_it_is_about(store: Store) -> None:
    credits = [q for q in all_questions(store) if q.prompt.startswith("Which of these does the reference credit")]
    assert any(
        q.prompt.startswith("Which of these does the reference credit for this fact about Chemotherapy?")
        for q in credits
    )


def test_sources_name_the_organisation_with_its_address(store: Store) -> None:
    questions = list(all_questions(store))
    figure = next(q for q in questions if q.kind == "figure" and q.cause == "diabetes" and "NINDS" in q.prompt)
    assert figure.source_text().startswith(ARTICLE) and ARTICLE_URL in figure.source_text()
    assert figure.source_text().endswith("; it credits NINDS, https://www.ninds.nih.gov/")
    credit = next(q for q in questions if q.kind == "source" and q.cause == "post-surgical")
    assert credit.source_text().startswith(ARTICLE)
    assert credit.source_text().endswith("; it credits Mayo Clinic, https://www.mayoclinic.org/")
    mechanism = next(q for q in questions if q.kind == "mechanism" and q.cause == "kidney-disease")
    assert mechanism.sources == () and mechanism.source_text().startswith(ARTICLE)
    assert mechanism.source_text().endswith(ARTICLE_URL) and "credits" not in mechanism.source_text()
    assert all("the source article" not in q.source_text() for q in questions)


# properties over seeds and over generated files, each judged from the data alone


def check_properties(truth: Truth, quiz: Quiz) -> int:
    """What the quiz promises of every question, recomputed from the store; the number of questions checked."""
    for q in quiz.questions:
        assert len({key(c) for c in q.choices}) == len(q.choices) >= 3, f"too few distinct choices: {q}"
        assert q.answer_text in q.choices and q.choices[q.answer] == q.answer_text, f"answer not a choice: {q}"
        if q.kind == "source":  # never the organisation credited, nor one it is part of or that is part of it
            if q.prompt.startswith("Who gives this figure?"):
                credited = truth.stat_asked(q)["credited"]
            else:
                credited = truth.credit_asked(q)[1]
            assert truth.short(credited) == q.answer_text, f"not the organisation credited: {q}"
            near = [c for i, c in enumerate(q.choices) if i != q.answer and c in truth.line(credited)]
            assert near == [], f"part_of line offered as wrong: {q}"
        if q.kind == "risk-factor":  # smoking and alcohol raise the risk of diabetic neuropathy, not of diabetes
            shape, text, subject = truth.risk_asked(q)
            drink_or_smoke = re.search(r"smok|alcohol|drink", text, re.IGNORECASE)
            assert not (drink_or_smoke and shows(subject, "diabetes")), f"taught as a risk of diabetes: {q}"
            assert not re.search(r"risk of (generated \d+ )?diabetes\b", q.explanation, re.I), f"risk of diabetes: {q}"
            if shape == "kind":  # the form the risk factor raises in the data
                raised = {truth.raised(c, r, s) for c, r, s in truth.every_risk() if key(r["text"]) == key(text)}
                assert raised == {("form", q.answer_text)}, f"not the form it raises: {q}"
        if re.search(r"\bcut\b|neuroma", q.prompt, re.IGNORECASE):  # a neuroma is a benign growth, not a cancer
            assert "cancer" not in q.answer_text.casefold(), f"a cut nerve answered with cancer: {q}"
        hidden: list[str] = []  # the answer's names, which the quoted text must never show
        if q.kind == "mechanism" or q.prompt.startswith(RISK_OF_CAUSE):
            cause = truth.causes[q.cause]
            hidden = [cause["id"], cause["name"], *cause["aliases"], *(s["name"] for s in cause["subtypes"])]
        elif CREDIT.fullmatch(q.prompt):
            org = truth.organisations[truth.credit_asked(q)[1]]
            hidden = [org["short"], org["name"]]
        if hidden:
            assert [n for n in hidden if shows(quoted(q.prompt), n)] == [], f"a blank gives its answer away: {q.prompt}"
        if BLANK in q.prompt:
            assert len(content_words(quoted(q.prompt))) >= 3, f"too little left around the blanks: {q.prompt}"
        if q.kind == "figure":  # a wrong figure is never one the file gives for the same people
            stat = truth.stat_asked(q)
            held = {figure_text(s) for s in truth.stats if key(s["population"]) == key(stat["population"])}
            assert [c for i, c in enumerate(q.choices) if i != q.answer and c in held] == [], f"held figure: {q}"
    return len(quiz.questions)


def test_properties_hold_over_seeds_on_the_bundled_file(store: Store) -> None:
    truth = Truth(store)
    checked = sum(check_properties(truth, make_quiz(store, count=15, seed=seed)) for seed in range(30))
    assert checked == 30 * 15


def add_organisations(doc: dict[str, Any]) -> None:
    """Two organisations outside NIH, a part of NINDS, and facts credited to NIH and to that part: an
    organisation's grandparent and grandchildren can then be wrong choices, and must never be."""
    doc["organisations"] += [
        {"id": "who", "name": "World Health Organization", "short": "WHO", "url": "https://www.who.int/"},
        {"id": "cdc", "name": "Centers for Disease Control", "short": "CDC", "url": "https://www.cdc.gov/"},
        {"id": "ninds-lab", "name": "Neuropathy Laboratory", "short": "NLAB", "url": "https://lab.ninds.nih.gov/",
         "part_of": "ninds"},
    ]  # fmt: skip
    alcohol = next(c for c in doc["causes"] if c["id"] == "alcohol")
    alcohol["claims"] = [
        {"text": "The NIH reports that drinkers often lack vitamins that nerves need.", "credited": "nih"},
        {"text": "NLAB studies found slower signals along the nerves of drinkers.", "credited": "ninds-lab"},
    ]
    # not under "Kidney disease": "Disease" in the CDC's own name would give it away there (test_quiz_giveaway)
    ms = next(c for c in doc["causes"] if c["id"] == "multiple-sclerosis")
    ms["claims"] = [{"text": "The CDC counts multiple sclerosis among long illnesses of adults.", "credited": "cdc"}]


@pytest.mark.parametrize("extra_organisations", [False, True], ids=["clones", "clones-and-organisations"])
def test_properties_hold_over_many_seeds_on_generated_files(tmp_path: Path, extra_organisations: bool) -> None:
    path = generated_kb(tmp_path / "generated.json", 150)  # more causes than the quiz samples per question
    if extra_organisations:
        doc = json.loads(path.read_text(encoding="utf-8"))
        add_organisations(doc)
        path.write_text(json.dumps(doc), encoding="utf-8")
    store = store_of(path)
    truth = Truth(store)
    checked = sources = 0
    for seed in range(60):
        quiz = make_quiz(store, count=15, seed=seed)
        checked += check_properties(truth, quiz)
        sources += sum(q.kind == "source" for q in quiz.questions)
        assert_sound(truth, quiz)
    assert checked == 60 * 15 and sources > 0
    if extra_organisations:  # the organisations added were asked about, and NIH's parts never offered for it
        asked = [q for q in all_questions(store, range(20)) if q.kind == "source"]
        assert {"NIH", "NLAB", "CDC"} <= {q.answer_text for q in asked}
        assert all({"NINDS", "NCI", "NLAB"}.isdisjoint(q.choices) for q in asked if q.answer_text == "NIH")
        assert all({"NIH", "NINDS"}.isdisjoint(q.choices) for q in asked if q.answer_text == "NLAB")


def with_wrong_choice(q: Question, choice: str) -> Question:
    """`q` with its first wrong choice replaced by `choice`."""
    at = next(i for i in range(len(q.choices)) if i != q.answer)
    return q._replace(choices=tuple(choice if i == at else c for i, c in enumerate(q.choices)))


def test_the_property_check_fails_on_a_question_that_breaks_a_promise(store: Store) -> None:
    truth = Truth(store)
    questions = list(all_questions(store, range(10)))
    ninds = next(q for q in questions if q.kind == "source" and q.answer_text == "NINDS")
    smoking = next(q for q in questions if '"Smoking."' in q.prompt)
    neuroma = next(q for q in questions if "risk of neuroma" in q.prompt)
    alcohol = next(q for q in questions if q.kind == "mechanism" and q.cause == "alcohol")
    # NINDS's range: a range stat takes the 75-85% added below (NIDDK's "up to 50%" would keep its value)
    figure = next(q for q in questions if q.kind == "figure" and q.answer_text == "60-70%")
    broken = {
        "too few distinct choices": ninds._replace(choices=(ninds.answer_text, "Mayo Clinic"), answer=0),
        "part_of line offered as wrong": with_wrong_choice(ninds, "NIH"),
        "taught as a risk of diabetes": smoking._replace(choices=("Diabetes", *smoking.choices[1:]), answer=0),
        "a blank gives its answer away": alcohol._replace(prompt=alcohol.prompt.replace(BLANK, "alcohol", 1)),
        "held figure": with_wrong_choice(figure, "75-85%"),
        "not the form it raises": smoking._replace(answer=(smoking.answer + 1) % len(smoking.choices)),
        "too little left around the blanks": alcohol._replace(
            prompt=f'Which cause harms nerves this way? "{BLANK} harms nerves."'
        ),
        "a cut nerve answered with cancer": neuroma._replace(
            choices=("Cancer and tumours", *neuroma.choices[1:]), answer=0
        ),
    }
    stat = truth.stat_asked(figure)  # a second figure for people with diabetes, from another organisation
    truth.stats.append({**stat, "low": 75, "high": 85, "credited": "mayo-clinic"})
    for message, question in broken.items():
        with pytest.raises(AssertionError, match=message):
            check_properties(truth, Quiz(0, 1, None, (question,), ""))


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
    assert len(quiz.questions) == FULL_QUIZ and quiz.asked == 100
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
        # smoking, 25 years, each of its two figures (or the figure's source), one sign of peripheral neuropathy
        # from NINDS's page (its mechanism shows "blood", a word of its alias blood sugar; the 3 signs of diabetic
        # amyotrophy say "diabetic": test_quiz_giveaway)
        assert {q.cause for q in quiz.questions} == {"diabetes"} and len(quiz.questions) == 5
        assert_sound(truth, quiz)
    doc = json.loads(run_quiz("--cause", "diabetic", "--seed", "1", "-f", "json").stdout)
    assert doc["cause"] == "diabetes" and {q["cause"] for q in doc["questions"]} == {"diabetes"}
    assert "--cause diabetes" in doc["repeat"]


def test_an_unknown_cause_exits_1_with_suggestions() -> None:
    result = run_quiz("--cause", "diabetis")
    assert (result.exit_code, result.stdout) == (1, "")
    lines = result.stderr.splitlines()
    assert lines[:2] == [
        "neuroleg: no cause named 'diabetis'",
        "did you mean: diabetic, diabetes, diabetic amyotrophy?",
    ]


# the worksheet


def test_the_plain_worksheet_has_questions_choices_answers_and_sources(store: Store) -> None:
    quiz = make_quiz(store, count=100, seed=6)
    result = run_quiz("--count", "100", "--seed", "6", "--answers", "inline")  # each answer under its question
    assert result.exit_code == 0
    said = f"neuroleg: only {len(quiz.questions)} questions can be asked from this knowledge base; asked for 100\n"
    assert result.stderr == said
    out = result.stdout
    flat = " ".join(out.split())  # the plain format wraps long lines
    assert f"{len(quiz.questions)} questions, seed 6: run 'neuroleg quiz --seed 6 --count 100' for the same" in flat
    first = quiz.questions[0]
    assert f"\nQuestion 1 of {FULL_QUIZ}\n" in out and f"\nQuestion {FULL_QUIZ} of {FULL_QUIZ}\n" in out
    assert first.prompt in flat
    assert f"\n- a) {first.choices[0]}\n" in out and f"Answer: {'abcd'[first.answer]}) {first.answer_text}" in flat
    assert f"Why: {first.explanation}" in flat
    for short, url in [("NINDS", "https://www.ninds.nih.gov/"), ("NCI", "https://www.cancer.gov/")]:
        assert f"; it credits {short}, {url}" in flat
    assert f"Source: {ARTICLE}" in flat and "the source article" not in flat
    assert "It does not give medical advice" in flat
    assert "\x1b" not in out and "Your answer" not in out


@pytest.mark.parametrize("fmt", ["plain", "markdown", "html"])
def test_the_questions_end_with_when_to_get_medical_help_then_the_disclaimer(fmt: str) -> None:
    out = run_quiz("--count", "3", "--seed", "6", "-f", fmt).stdout
    last_question = out.index("Question 3 of 3")
    help_at = out.index(MEDICAL_HELP["title"])
    # the sheet handed out ends with them; the answer key (the default layout) comes after, on its own
    assert last_question < help_at < out.index("It does not give medical advice") < out.index("Answer key")
    for url in HELP_URLS:  # whole, never cut where a line wraps
        assert last_question < out.index(url)


def test_the_json_worksheet_matches_the_library(store: Store) -> None:
    quiz = make_quiz(store, count=7, seed=11)
    doc = json.loads(run_quiz("--count", "7", "--seed", "11", "-f", "json", "--answers", "inline").stdout)
    assert (doc["seed"], doc["count"], doc["cause"]) == (11, 7, None)
    assert doc["repeat"] == "neuroleg quiz --seed 11 --count 7"
    assert "medical advice" in doc["disclaimer"]
    assert doc["medical_help"] == MEDICAL_HELP
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
    assert out.count("\n## Question ") == 4 and "## Question 4 of 4" in out
    assert f"- **Answer:** {'abcd'[quiz.questions[0].answer]}) {quiz.questions[0].answer_text}" in out
    assert "\\_\\_\\_\\_\\_" in out or all(BLANK not in q.prompt for q in quiz.questions)  # blanks escaped, not rules
    assert f"\n## {MEDICAL_HELP['title']}\n" in out
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
        assert row["c"] != ""  # at least three choices


def test_the_table_format_off_a_terminal_prints_the_worksheet() -> None:
    result = invoke("quiz", "-f", "table", "--seed", "1", "--count", "2", input="a\nb\n")
    assert result.exit_code == 0 and "Question 2 of 2" in result.stdout and "Your answer" not in result.stdout


def test_quiz_view_gives_a_row_per_question_with_every_letter(store: Store) -> None:
    view = quiz_view(make_quiz(store, count=100, seed=14), key_at_end=True)
    assert view.rows is not None and len(view.rows) == len(view.data["questions"])
    assert all(set("abcd") <= set(row) for row in view.rows)


# other knowledge bases


def keep_causes(*ids: str) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        doc["causes"] = [c for c in doc["causes"] if c["id"] in ids]
        for cause in doc["causes"]:
            cause["related"] = [r for r in cause["related"] if r in ids]

    return change


def test_a_one_cause_knowledge_base_asks_about_its_figure_only(write_kb: Callable[..., Path]) -> None:
    path = write_kb(keep_causes("diabetes"))
    store = store_of(path)
    quizzes = [make_quiz(store, count=100, seed=seed) for seed in range(10)]
    for quiz in quizzes:
        assert_sound(Truth(store), quiz)
        # each of its two figures (or that figure's source), and whose page lists a sign of peripheral neuropathy
        # (organisations are set against each other: one cause is enough)
        assert len(quiz.questions) == 3
    questions = [q for quiz in quizzes for q in quiz.questions]
    # no question on its subtype's signs through which: the only wrong choice left would be chemotherapy-induced
    # neuropathy, and peripheral neuropathy, a broad form, is never offered as wrong (diabetic neuropathy is one)
    assert {q.kind for q in questions} == {"figure", "source", "symptom"}
    assert not [q for q in questions if SIGN.fullmatch(q.prompt)]
    figures = {q.answer_text: q for q in questions if q.kind == "figure"}
    assert "60-70%" in figures and len(figures["60-70%"].choices) == 3  # NINDS's figure, shifted twice
    result = run_quiz("--data", str(path), "--seed", "1")
    assert result.exit_code == 0 and "3 questions, seed 1" in result.stdout and "Question 3 of 3\n" in result.stdout


def test_a_broad_form_of_neuropathy_is_never_a_wrong_choice() -> None:
    doc = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    names = {f["id"]: f["name"] for f in doc["forms"]}
    broad = {names[f] for f in broad_forms(doc["causes"])}
    assert broad == {"Peripheral neuropathy"}  # diabetic and chemotherapy-induced neuropathy: one cause each
    store = store_of(BUNDLED)
    asked = [q for seed in range(30) for q in make_quiz(store, count=15, seed=seed).questions if q.kind == "symptom"]
    assert asked  # sign questions are still asked: whose page lists a sign of a form (organisations as choices)
    assert all(not broad & set(q.choices) for q in asked)


def test_a_knowledge_base_with_too_little_exits_2_with_one_line(write_kb: Callable[..., Path]) -> None:
    # multiple sclerosis alone: its mechanism needs another cause beside it, and it leads to no form whose page
    # lists signs (kidney disease alone now gives one: whose page lists a sign of peripheral neuropathy)
    path = write_kb(keep_causes("multiple-sclerosis"))
    result = run_quiz("--data", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "neuroleg: there is too little in this knowledge base to ask about: "
        "a question needs another entry to set it against\n"
    )


def test_a_cause_with_too_little_exits_2_naming_it(write_kb: Callable[..., Path]) -> None:
    path = write_kb(keep_causes("multiple-sclerosis"))
    result = run_quiz("--data", str(path), "--cause", "ms")
    assert result.exit_code == 2 and "too little about Multiple sclerosis" in result.stderr


def test_a_knowledge_base_without_statistics_still_quizzes(write_kb: Callable[..., Path]) -> None:
    def no_statistics(doc: dict[str, Any]) -> None:
        for cause in doc["causes"]:
            cause["statistics"] = []

    store = store_of(write_kb(no_statistics))
    bundled = store_of(BUNDLED)
    for seed in range(10):
        quiz = make_quiz(store, count=100, seed=seed)
        assert "figure" not in {q.kind for q in quiz.questions}
        full = make_quiz(bundled, count=100, seed=seed).questions
        on_statistics = [q for q in full if q.kind == "figure" or q.prompt.startswith("Who gives this")]
        assert len(full) == FULL_QUIZ and len(on_statistics) >= 2
        assert len(quiz.questions) == FULL_QUIZ - len(on_statistics)  # all but the statistics' questions
        assert_sound(Truth(store), quiz)


def test_two_causes_never_give_a_two_choice_question(write_kb: Callable[..., Path]) -> None:
    store = store_of(write_kb(keep_causes("diabetes", "multiple-sclerosis")))
    for seed in range(10):
        quiz = make_quiz(store, count=100, seed=seed)
        assert "mechanism" not in {q.kind for q in quiz.questions}  # one other cause: a coin toss, not asked
        assert_sound(Truth(store), quiz)
    three = store_of(write_kb(keep_causes("diabetes", "multiple-sclerosis", "kidney-disease")))
    quiz = make_quiz(three, count=100, seed=3)
    assert any(q.kind == "mechanism" and len(q.choices) == 3 for q in quiz.questions)
    assert_sound(Truth(three), quiz)


def test_a_figure_near_the_float_limit_still_makes_a_quiz(write_kb: Callable[..., Path]) -> None:
    def huge(doc: dict[str, Any]) -> None:
        doc["causes"] = [c for c in doc["causes"] if c["id"] in ("diabetes", "alcohol")]
        doc["causes"][0]["related"], doc["causes"][1]["related"] = [], []
        stat = doc["causes"][0]["statistics"][0]
        stat.update(unit="count", low=1e308, high=1.7976931348623157e308)
        doc["causes"][1]["statistics"][0].update(unit="count", value=1.7976931348623157e308)

    result = run_quiz("-n", "100", "--seed", "1", "-f", "json", "--data", str(write_kb(huge)))
    assert result.exit_code == 0, result.stderr
    assert not re.search(r"\binf\b|Infinity|NaN", result.stdout)  # (a word: addresses hold "health-information")


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
    check_properties(Truth(store), quiz)
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
        # clones share their topics: one question each; and with no aliases, "A broken bone that presses on a
        # nerve" needs no blank (the bundled file's alias "broken bone" leaves too little of it), so it is asked too;
        # and texts that show a word of a bundled alias ("drink a great deal", "blood") give nothing away where the
        # clone has no alias: up to two more
        assert 20 <= len(quiz.questions) <= FULL_QUIZ + 3
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
