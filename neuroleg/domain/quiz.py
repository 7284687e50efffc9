"""Multiple-choice questions made from the knowledge base: figures, sources, mechanisms, symptoms, risk factors.

Every prompt, answer and explanation is knowledge-base text; the wrong choices
are other entries' facts (a figure shifted from the true one only where the
file holds too few other figures). A question is kept only when exactly one of
its choices is right by the data. Pure library: no Typer, no Rich.
"""

from __future__ import annotations

import math
import re
import secrets
import shlex
from collections.abc import Callable, Iterator
from functools import partial
from random import Random
from typing import NamedTuple

from neuroleg.db.store import Store
from neuroleg.domain.credits import origin_line
from neuroleg.domain.quiz_facts import Facts, Profile, Refs, Span, fact_key, text_key
from neuroleg.errors import QuizError
from neuroleg.kb.links import Doc, credited_facts, own_symptoms, risk_factors, subject_of, symptom_links
from neuroleg.text.figures import figure_span, figure_text, spans_overlap
from neuroleg.text.names import lower_first
from neuroleg.text.words import GENERAL, stems_meet, telling_stems, words

KINDS = ("figure", "source", "mechanism", "symptom", "risk-factor")
LETTERS = "abcd"
MAX_CHOICES = len(LETTERS)
MIN_CHOICES = 3  # a question with two choices is a coin toss: it is not asked
MIN_TELLING_WORDS = 3  # a blanked text must leave this much to reason from
BLANK = "_____"
SEED_LIMIT = 1_000_000  # a chosen seed stays short enough to type back
_TRIES = 3  # a topic that gave no question this often (say, a symptom every cause brings) is given up


class Question(NamedTuple):
    """One multiple-choice question with exactly one right choice."""

    kind: str  # one of KINDS
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
        where = origin_line(self.origin) if self.origin else "the source article"
        credited = "; ".join(f"{s.short}, {s.url}" for s in self.sources)
        if (self.origin and self.origin["kind"] == "page") or not credited:
            return where
        return f"{where}; it credits {credited}"


class Quiz(NamedTuple):
    """A quiz and what it takes to give it again."""

    seed: int
    asked: int  # how many questions were asked for; `questions` may hold fewer
    cause: str | None  # the cause every question is about, if one was chosen
    questions: tuple[Question, ...]
    disclaimer: str
    medical_help: Doc | None = None  # when to get medical help: the quiz's closing lines

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
    return Quiz(seed, count, cause_id, tuple(questions), store.overview()["disclaimer"], store.medical_help())


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
            yield _Candidate("figure", topic, partial(_figure_question, facts, doc, stat))
            yield _Candidate("source", topic, partial(_stat_source_question, facts, doc, stat))
    for fact in credited_facts(doc):
        if fact.kind in ("claim", "treatment", "risk factor") and fact.organisation in facts.sources:
            make = partial(_credit_question, facts, doc, fact.text, fact.organisation, fact.page)
            yield _Candidate("source", ("credit", text_key(fact.text)), make)
    for link in symptom_links(doc):
        # only a subtype's sign: any cause can bring most symptoms of neuropathy in plain reading, so
        # "which cause brings it?" could have no wrong choice worth trusting
        if link.via is not None and link.symptom not in facts.general and link.symptom in facts.symptoms:
            make = partial(_symptom_question, facts, doc, link.symptom, link.via, link.credited)
            yield _Candidate("symptom", ("symptom", link.symptom), make)


# question makers: each returns None when the data gives no question with exactly one right choice


def _mechanism_question(facts: Facts, doc: Doc, rng: Random) -> Question | None:
    text = _blanked(doc["mechanism"], facts.profile(doc["id"]).names)
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
    return _question("mechanism", doc, prompt, doc["name"], wrong_causes, explanation, (), rng)


def _risk_question(facts: Facts, doc: Doc, fact: Doc, via: Doc | None, rng: Random) -> Question | None:
    """Which cause does a risk factor of the cause itself belong to?"""
    risk = fact["text"]
    text = _blanked(risk, facts.profile(doc["id"]).names)
    if text is None:
        return None
    prompt = f'The reference names this risk factor for which cause? "{text}"'
    risk_key, telling = text_key(risk), telling_stems(text.replace(BLANK, " "))

    def wrong(other: Profile) -> bool:  # not a cause whose own texts could make the risk factor true of it
        return risk_key not in other.risks and not other.mentions(telling)

    explanation = f"{doc['name']}: {risk}"
    others = _other_causes(facts, rng, doc["id"], prompt, wrong)
    sources = facts.refs([fact.get("credited")])
    return _question("risk-factor", doc, prompt, doc["name"], others, explanation, sources, rng)


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
    return _question("risk-factor", doc, prompt, fact["text"], choices, explanation, sources, rng)


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
    return _question("risk-factor", doc, prompt, own.subject_name, wrong, explanation, sources, rng)


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
    return _question("symptom", doc, prompt, via["name"], wrong, explanation, facts.refs([credited]), rng)


def _figure_question(facts: Facts, doc: Doc, stat: Doc, rng: Random) -> Question | None:
    source = facts.sources[stat["credited"]]
    prompt = f'What figure does {source["short"]} give for this: "{stat["label"]}", among {stat["population"]}?'
    figures = facts.figures()
    right = figures.by_fact[fact_key(stat)]  # every figure given for the same fact counts as right
    true_span = figure_span(stat)
    # a figure whose span takes in the true one ("up to 50%" against 30-40%) would be right too
    unit = figures.by_unit[stat["unit"]]
    # never a figure given for the same population, even of another fact: read plainly, it could be this one
    held = figures.by_population.get(text_key(stat["population"]), set())
    others = [f for f, span in unit.items() if f not in right | held and not spans_overlap(span, true_span)]
    wrong = rng.sample(others, len(others))[: MAX_CHOICES - 1]
    if len(wrong) < MIN_CHOICES - 1:  # too few figures in the file: shift the true one, as a last resort
        shifted = [f for f, span in _shifted(stat) if f not in {*wrong, *held} and not spans_overlap(span, true_span)]
        wrong += shifted[: MIN_CHOICES - 1 - len(wrong)]
    explanation = _stat_sentence(doc, stat)
    made = _question("figure", doc, prompt, figure_text(stat), wrong, explanation, facts.refs([source["id"]]), rng)
    return made._replace(origin=facts.origins.of(stat.get("page"))) if made else None


def _stat_source_question(facts: Facts, doc: Doc, stat: Doc, rng: Random) -> Question | None:
    figure = figure_text(stat)
    prompt = f'Which organisation gives this figure? "{stat["label"]}": {figure} among {stat["population"]}.'
    if any(p is not None and p.search(prompt) for p in facts.organisations.patterns.values()):
        return None  # the label or population names an organisation: it would give the answer away
    right = facts.figures().sources_of[(*fact_key(stat)[:2], figure)]  # every source of the same figure counts as right
    answer, explanation = facts.sources[stat["credited"]]["short"], _stat_sentence(doc, stat)
    wrong = _other_sources(facts, rng, right)
    made = _question("source", doc, prompt, answer, wrong, explanation, facts.refs([stat["credited"]]), rng)
    return made._replace(origin=facts.origins.of(stat.get("page"))) if made else None


def _credit_question(
    facts: Facts, doc: Doc, sentence: str, source_id: str, page: str | None, rng: Random
) -> Question | None:
    text = _blanked(sentence, facts.organisations.patterns[source_id])
    if text is None:
        return None
    prompt = f'Which organisation does the reference credit here, on {doc["name"]}? "{text}"'
    answer, explanation = facts.sources[source_id]["short"], f"{doc['name']}: {sentence}"
    wrong = _other_sources(facts, rng, {source_id})
    made = _question("source", doc, prompt, answer, wrong, explanation, facts.refs([source_id]), rng)
    return made._replace(origin=facts.origins.of(page)) if made else None


def _question(
    kind: str, doc: Doc, prompt: str, answer: str, wrong: list[str], why: str, sources: Refs, rng: Random
) -> Question | None:
    """Shuffle the choices; None unless at least two wrong choices differ from the answer and from each other."""
    distinct = {text_key(answer): answer}
    for choice in wrong:
        distinct.setdefault(text_key(choice), choice)
    if len(distinct) < MIN_CHOICES:
        return None
    choices = list(distinct.values())[:MAX_CHOICES]
    rng.shuffle(choices)
    return Question(kind, doc["id"], prompt, tuple(choices), choices.index(answer), why, sources)


def _other_causes(facts: Facts, rng: Random, cause_id: str, prompt: str, wrong: Callable[[Profile], bool]) -> list[str]:
    """Names of up to three other causes that are wrong answers and that the prompt does not name."""
    out: list[str] = []
    for other_id in facts.others(rng, cause_id):
        other = facts.profile(other_id)
        if wrong(other) and not (other.names and other.names.search(prompt)):  # a cause the prompt names is a trap
            out.append(other.name)
            if len(out) == MAX_CHOICES - 1:
                break
    return out


def _other_sources(facts: Facts, rng: Random, right: set[str]) -> list[str]:
    """Organisations that are wrong answers: not a right one, nor one a right one is part of or holds.

    NINDS is part of NIH, so "NIH" is not wrong for an NINDS figure, nor "NINDS" for an NIH one.
    """
    near = facts.organisations.lineage(right)
    out = [s["short"] for i, s in facts.sources.items() if i not in near]
    return rng.sample(out, len(out))


# reading facts out of records


def _stat_sentence(doc: Doc, stat: Doc) -> str:
    note = f" {stat['note']}" if stat.get("note") else ""
    return f"{doc['name']}: {stat['label']}: {figure_text(stat)} among {stat['population']}.{note}"


def _shifted(stat: Doc) -> list[tuple[str, Span]]:
    """The true figure moved up and down, with its span: wrong choices for a file with too few other figures."""
    top = 100.0 if stat["unit"] == "percent" else float("inf")
    moved: list[Doc] = []
    if stat.get("value") is not None:
        for factor in (0.5, 1.5, 2.0, 0.25, 3.0):
            if not math.isfinite(stat["value"] * factor):  # a figure near the float limit: no shift of it
                continue
            value = round(stat["value"] * factor)
            if value != stat["value"] and 0 < value <= top:
                moved.append({**stat, "value": value})
    else:
        low, high = stat["low"], stat["high"]
        step = max(10, high - low + 10) if stat["unit"] == "percent" else max(1, high - low + 1)
        for k in (-2, 2, -1, 1, -3, 3):
            if low + k * step >= 0 and high + k * step <= top and math.isfinite(high + k * step):
                moved.append({**stat, "low": low + k * step, "high": high + k * step})
    return list({figure_text(m): figure_span(m) for m in moved}.items())


def _blanked(text: str, names: re.Pattern[str] | None) -> str | None:
    """`text` with every mention of `names` blanked out; None if a name still shows or too little is left."""
    blanked = names.sub(BLANK, text) if names else text
    if names and names.search(blanked):
        return None
    left = [w for w in words(blanked.replace(BLANK, " ")) if w not in GENERAL and any(c.isalpha() for c in w)]
    return blanked if len(left) >= MIN_TELLING_WORDS else None
