"""Multiple-choice questions made from the knowledge base: figures, sources, mechanisms, symptoms, risk factors.

Every prompt, answer and explanation is knowledge-base text; the wrong choices
are other entries' facts (a figure shifted from the true one only where the
file holds too few other figures). A question is kept only when exactly one of
its choices is right by the data. Pure library: no Typer, no Rich.
"""

from __future__ import annotations

import secrets
import shlex
from collections.abc import Callable, Iterator
from functools import partial
from random import Random
from typing import NamedTuple

from neuroleg.db.store import Store
from neuroleg.domain.quiz_facts import Facts, Profile, fact_key, text_key
from neuroleg.domain.quiz_fairness import BLANK, SUBSTANCE_STEMS, blank_reads_as_compound, speaks_of_a_substance
from neuroleg.domain.quiz_question import LETTERS, MAX_CHOICES, Question, make_question
from neuroleg.domain.quiz_sources import (
    blanked,
    credit_question,
    figure_question,
    sign_source_question,
    stat_source_question,
)
from neuroleg.errors import QuizError
from neuroleg.kb.links import Doc, credited_facts, own_symptoms, risk_factors, subject_of, symptom_links
from neuroleg.text.names import lower_first
from neuroleg.text.words import stems_meet, telling_stems, words

__all__ = ["BLANK", "KINDS", "LETTERS", "Question", "Quiz", "make_quiz"]  # Question and LETTERS live in quiz_question

KINDS = ("figure", "source", "mechanism", "symptom", "risk-factor")
SEED_LIMIT = 1_000_000  # a chosen seed stays short enough to type back
_TRIES = 3  # a topic that gave no question this often (say, a symptom every cause brings) is given up


class Quiz(NamedTuple):
    """A quiz and what it takes to give it again."""

    seed: int
    asked: int  # how many questions were asked for; `questions` may hold fewer
    cause: str | None  # the cause every question is about, if one was chosen
    questions: tuple[Question, ...]
    disclaimer: str
    medical_help: Doc | None = None  # when to get medical help: the quiz's closing lines
    subject: str = ""  # the knowledge base's condition, as its title names it

    def repeat_command(self, data: str | None = None) -> str:
        """The command that gives this quiz again: on the knowledge base `data`, or the one in use by default."""
        focus = f" --cause {self.cause}" if self.cause else ""
        where = f" --data {shlex.quote(data)}" if data else ""
        return f"neuroleg quiz --seed {self.seed} --count {self.asked}{focus}{where}"


class _Candidate(NamedTuple):
    kind: str
    topic: tuple[str, ...]  # a quiz asks about one topic once (clones of a cause share theirs)
    make: Callable[[Random], Question | None]  # None: no question with exactly one right choice


def make_quiz(store: Store, count: int = 10, cause_id: str | None = None, seed: int | None = None) -> Quiz:
    """Up to `count` questions (all there are, if fewer), the same ones for the same file, count, cause and seed."""
    if count < 1:
        raise QuizError("ask for at least one question")
    seed = secrets.randbelow(SEED_LIMIT) if seed is None else seed
    rng = Random(seed)
    facts = Facts(store)
    order = [facts.profile(cause_id).id] if cause_id else list(facts.cause_ids)
    rng.shuffle(order)
    pending = iter(order)
    pools: dict[str, list[_Candidate]] = {kind: [] for kind in KINDS}
    kinds = rng.sample(KINDS, len(KINDS))
    questions: list[Question] = []
    tries: dict[tuple[str, ...], int] = {}  # per topic; a topic is done once asked or tried _TRIES times

    def done(topic: tuple[str, ...]) -> bool:
        return tries.get(topic, 0) >= _TRIES

    while len(questions) < count:
        if sum(map(len, pools.values())) < count - len(questions):
            _refill(pools, pending, facts, rng, 3 * (count - len(questions)), done)  # read only as far as needed
            if not any(pools.values()):
                break
        for kind in kinds:  # one of each kind in turn, for a varied quiz
            if pools[kind] and len(questions) < count and not done((candidate := pools[kind].pop()).topic):
                question = candidate.make(rng)
                asked = question is not None and all(q.prompt != question.prompt for q in questions)
                tries[candidate.topic] = _TRIES if asked else tries.get(candidate.topic, 0) + 1
                if asked and question is not None:
                    questions.append(question)
    if not questions:
        what = f"about {facts.profile(order[0]).name}" if cause_id else "in this knowledge base"
        raise QuizError(f"there is too little {what} to ask about: a question needs another entry to set it against")
    # a question's fact comes from the article unless its maker named a page
    questions = [q if q.origin else q._replace(origin=facts.origins.of(None)) for q in questions]
    disclaimer, subject = store.overview()["disclaimer"], store.condition()["name"]
    return Quiz(seed, count, cause_id, tuple(questions), disclaimer, store.medical_help(), subject)


def _refill(
    pools: dict[str, list[_Candidate]],
    pending: Iterator[str],
    facts: Facts,
    rng: Random,
    target: int,
    done: Callable[[tuple[str, ...]], bool],
) -> None:
    """Read more causes until the pools hold `target` candidates on open topics, or every cause has been read."""
    while sum(map(len, pools.values())) < target and (cause_id := next(pending, None)) is not None:
        for candidate in _candidates(facts, facts.store.cause(cause_id)):
            if not done(candidate.topic):
                pools[candidate.kind].append(candidate)
    for pool in pools.values():
        rng.shuffle(pool)


def _candidates(facts: Facts, doc: Doc) -> Iterator[_Candidate]:
    """Every question one cause could give."""
    yield _Candidate("mechanism", ("mechanism", text_key(doc["mechanism"])), partial(_mechanism_question, facts, doc))
    for risk, via in risk_factors(doc):
        # of the cause itself: which cause? Of a subtype: which risk factor? Of a form: which kind of neuropathy?
        subject = subject_of(risk, "raises", doc, via)
        maker = (
            _risk_question if subject == doc["id"] else _kind_question if subject in facts.forms else _risk_of_question
        )
        yield _Candidate("risk-factor", ("risk", text_key(risk["text"])), partial(maker, facts, doc, risk, via))
    for stat in doc["statistics"]:
        if stat["credited"] in facts.sources:
            topic = ("statistic", *fact_key(stat))  # its figure or its source, not both: one gives the other away
            yield _Candidate("figure", topic, partial(figure_question, facts, doc, stat))
            yield _Candidate("source", topic, partial(stat_source_question, facts, doc, stat))
    for fact in credited_facts(doc):
        if fact.kind in ("claim", "treatment", "risk factor") and fact.organisation in facts.sources:
            make = partial(credit_question, facts, doc, fact.text, fact.organisation, fact.page)
            yield _Candidate("source", ("credit", text_key(fact.text)), make)
    for link in symptom_links(doc):
        # only a subtype's sign: any cause can bring most symptoms of neuropathy in plain reading, so
        # "which cause brings it?" could have no wrong choice worth trusting
        if link.via is not None and link.symptom not in facts.general and link.symptom in facts.symptoms:
            make = partial(_symptom_question, facts, doc, link.symptom, link.via, link.credited)
            yield _Candidate("symptom", ("symptom", link.symptom), make)
    for link in doc["leads_to"]:  # a form's signs, as an organisation's page lists them: whose page is it?
        form = facts.forms.get(link["form"])
        for symptom_id, page_id in (form or {}).get("symptom_pages", {}).items():
            page = facts.pages.get(page_id)
            if form and page and page["organisation"] in facts.sources and symptom_id in facts.symptoms:
                make = partial(sign_source_question, facts, doc, form, symptom_id, page)
                # one sign of a form a quiz: five "whose page?" questions with one answer would test nothing new
                yield _Candidate("symptom", ("sign source", form["id"]), make)


# question makers: each returns None when the data gives no question with exactly one right choice


def _mechanism_question(facts: Facts, doc: Doc, rng: Random) -> Question | None:
    text = _blanked_cause(facts, doc, doc["mechanism"])
    if text is None:
        return None
    prompt = f'Which cause harms nerves this way? "{text}"'
    mechanism = text_key(doc["mechanism"])
    others = [facts.profile(i) for i in facts.others(rng, doc["id"])]
    # its telling words but those most causes' texts hold too ("some", "harm"): what is left marks it out
    telling = {
        s for s in telling_stems(text.replace(BLANK, " ")) if sum(o.mentions([s]) for o in others) * 2 <= len(others)
    }

    def wrong(other: Profile) -> bool:  # not MS for "the immune system attacks nerves": two shared words say too much
        return other.mechanism != mechanism and not other.mentions(telling, at_least=2)

    wrong_causes = _other_causes(facts, rng, doc["id"], prompt, wrong)
    explanation = f"{doc['name']}: {doc['mechanism']}"
    hidden = facts.names_behind(doc["id"], doc["mechanism"])
    return make_question("mechanism", doc, prompt, doc["name"], wrong_causes, explanation, (), rng, hidden)


def _risk_question(facts: Facts, doc: Doc, fact: Doc, via: Doc | None, rng: Random) -> Question | None:
    """Which cause does a risk factor of the cause itself belong to?"""
    risk = fact["text"]
    text = _blanked_cause(facts, doc, risk)
    if text is None:
        return None
    prompt = f'The reference names this risk factor for which cause? "{text}"'
    risk_key, telling = text_key(risk), telling_stems(text.replace(BLANK, " "))

    def wrong(other: Profile) -> bool:  # not a cause whose own texts could make the risk factor true of it
        return risk_key not in other.risks and not other.mentions(telling)

    explanation = f"{doc['name']}: {risk}"
    others = _other_causes(facts, rng, doc["id"], prompt, wrong)
    sources = facts.refs([fact.get("credited")])
    hidden = facts.names_behind(doc["id"], risk)  # "drink a great deal" tells heavy drinking without knowledge
    return make_question("risk-factor", doc, prompt, doc["name"], others, explanation, sources, rng, hidden)


def _risk_of_question(facts: Facts, doc: Doc, fact: Doc, via: Doc | None, rng: Random) -> Question | None:
    """Which risk factor raises the risk of a subtype or a form? ("smoking" for diabetic neuropathy, never for
    diabetes itself.) A wrong choice shares no telling word, nor its cause's name, with what is right."""
    own = facts.risk_fact(doc, fact, via)
    subject = lower_first(own.subject_name)
    prompt = f"Which of these does the reference name as raising the risk of {subject}?"
    # near what is right: every risk factor of this cause (drinking raises diabetic neuropathy, so it would
    # be read as raising diabetic amyotrophy too), and the subject's own words
    mine = facts.profile(doc["id"])
    near = {s for text in [*(r.text for r in mine.risk_facts), own.subject_name, *([via["summary"]] if via else [])]
            for s in telling_stems(text)}  # fmt: skip
    wrong: list[str] = []
    for other_id in facts.others(rng, doc["id"]):
        other = facts.profile(other_id)
        for risk in other.risk_facts:
            said = {*telling_stems(risk.text), *other.name_stems}
            # and not one about a form of neuropathy: it could be read as raising any neuropathy
            plain = risk.subject not in facts.forms and not _about_nerves(risk.text)
            if risk.subject != own.subject and plain and not _near(said, near):
                wrong.append(risk.text)
    where = f"{via['name']}, described under {doc['name']}" if via else doc["name"]  # the neuroma is benign
    explanation = f"{where}: {fact['text']} It raises the risk of {subject}."
    choices = list(dict.fromkeys(rng.sample(wrong, len(wrong))))
    sources = facts.refs([fact.get("credited")])
    return make_question("risk-factor", doc, prompt, fact["text"], choices, explanation, sources, rng)


def _kind_question(facts: Facts, doc: Doc, fact: Doc, via: Doc | None, rng: Random) -> Question | None:
    """Which kind of neuropathy does a risk factor raise? Asked only where no other choice could be read as
    right: not of a broad form (peripheral neuropathy takes in most others), not of a risk factor that is
    itself a cause here (heavy drinking damages nerves of any kind)."""
    own = facts.risk_fact(doc, fact, via)
    if own.subject in facts.broad:
        return None  # a broad form (peripheral neuropathy): other kinds fall inside it
    told = set(telling_stems(fact["text"]))
    for other_id in facts.others(rng, doc["id"]):
        if _near(told, set(facts.profile(other_id).name_stems)):
            return None
    led_to = {link["form"] for link in doc["leads_to"]}
    kinds = [f["name"] for i, f in facts.forms.items() if i not in led_to and i not in facts.broad]
    for other_id in facts.others(rng, doc["id"]):
        other = facts.profile(other_id)
        if "neuropathy" in words(other.name) and not other.mentions(told):
            kinds.append(other.name)  # a cause that is itself a kind of neuropathy: post-surgical neuropathy
    prompt = f'The reference names this as raising the risk of which kind of neuropathy? "{fact["text"]}"'
    explanation = f"{doc['name']}: {fact['text']} It raises the risk of {lower_first(own.subject_name)}."
    wrong = list(dict.fromkeys(rng.sample(kinds, len(kinds))))
    sources = facts.refs([fact.get("credited")])
    return make_question("risk-factor", doc, prompt, own.subject_name, wrong, explanation, sources, rng)


def _near(said: set[str], near: set[str]) -> bool:
    return any(stems_meet(a, b) for a in said for b in near)


_NERVE_WORDS = frozenset({"neuropathy", "neuropathic", "nerve", "nerves"})


def _about_nerves(text: str) -> bool:
    """A risk factor that names nerve damage itself could be read as raising the risk of any neuropathy."""
    return bool(_NERVE_WORDS & set(words(text)))


def _symptom_question(
    facts: Facts, doc: Doc, symptom_id: str, via: Doc, credited: str | None, rng: Random
) -> Question | None:
    """Through which of its subtypes does a cause bring a sign? The wrong choices are other causes' subtypes and
    the narrow forms of neuropathy it does not lead to: never true of this cause, whatever they bring elsewhere.
    A broad form (one that causes of several kinds lead to, as peripheral neuropathy) is never one: read plainly,
    most neuropathy is peripheral, so offering it as wrong would teach a falsehood."""
    symptom = facts.symptoms[symptom_id]
    prompt = (
        f"Through which of these does the reference link {lower_first(symptom['name'])} to {lower_first(doc['name'])}?"
    )
    also = {s["name"] for s in doc["subtypes"] if symptom_id in {i for i, *_ in own_symptoms(s)}}  # right as well
    led_to = {link["form"] for link in doc["leads_to"]}
    wrong = [form["name"] for f, form in facts.forms.items() if f not in led_to and f not in facts.broad]
    for other_id in facts.others(rng, doc["id"]):
        wrong += facts.profile(other_id).subtypes
    wrong = [w for w in dict.fromkeys(rng.sample(wrong, len(wrong))) if w not in also]
    explanation = f"{doc['name']}: {symptom['name']}, through {via['name']}: {via['summary']}"
    sources, hidden = facts.refs([credited]), [via["name"], *via["aliases"]]  # "Diabetic ..." for diabetes: dropped
    return make_question("symptom", doc, prompt, via["name"], wrong, explanation, sources, rng, hidden)


def _blanked_cause(facts: Facts, doc: Doc, text: str) -> str | None:
    """A cause's text with its names blanked, or None where a blank reads as half of a compound ("Some _____
    drugs"): the word after it would tell a drug from the diseases offered beside it."""
    names = facts.profile(doc["id"]).names
    out = blanked(text, names)
    own = [doc["summary"], doc["mechanism"], *(f["text"] for f in [*doc["treatment"], *doc["claims"]])]
    own += [risk["text"] for risk, _ in risk_factors(doc)]
    if out is None or (names is not None and blank_reads_as_compound(out, names, own)):
        return None
    return out


def _other_causes(facts: Facts, rng: Random, cause_id: str, prompt: str, wrong: Callable[[Profile], bool]) -> list[str]:
    """Names of up to three other causes that are wrong answers, that the prompt does not name, and that a plain
    reader would not take as right: none the file relates to the cause (injury for "inflammation after an
    operation"), none whose texts speak of a poison or a drug when the prompt does (chemotherapy for "acts as a
    poison to the nerves")."""
    mine, substance = facts.profile(cause_id), speaks_of_a_substance(prompt)
    out: list[str] = []
    for other_id in facts.others(rng, cause_id):
        other = facts.profile(other_id)
        if mine.near(other) or (substance and other.mentions(SUBSTANCE_STEMS)):
            continue
        if wrong(other) and not (other.names and other.names.search(prompt)):  # a cause the prompt names is a trap
            out.append(other.name)
            if len(out) == MAX_CHOICES - 1:
                break
    return out


# reading facts out of records
