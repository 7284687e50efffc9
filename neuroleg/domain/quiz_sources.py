"""Questions whose answer is a figure or an organisation: what a statistic says, who gives it, who is credited
with a sentence, whose page lists a sign of a form of neuropathy."""

from __future__ import annotations

import math
import re
from random import Random

from neuroleg.domain.quiz_facts import Facts, Span, fact_key, text_key
from neuroleg.domain.quiz_fairness import BLANK, could_both_hold
from neuroleg.domain.quiz_question import MAX_CHOICES, MIN_CHOICES, Question, make_question
from neuroleg.kb.links import Doc
from neuroleg.text.figures import figure_span, figure_text
from neuroleg.text.names import lower_first
from neuroleg.text.words import GENERAL, words

MIN_TELLING_WORDS = 3  # a blanked text must leave this much to reason from


def figure_question(facts: Facts, doc: Doc, stat: Doc, rng: Random) -> Question | None:
    source = facts.sources[stat["credited"]]
    prompt = f'What figure does {source["short"]} give for this: "{stat["label"]}", among {stat["population"]}?'
    figures = facts.figures()
    right = figures.by_fact[fact_key(stat)]  # every figure given for the same fact counts as right
    true_figure, true_span = figure_text(stat), figure_span(stat)
    # a figure that could hold beside the true one ("up to 50%" against 30-40%) would be right too
    unit = figures.by_unit[stat["unit"]]
    # never a figure given for the same population, even of another fact: read plainly, it could be this one
    held = figures.by_population.get(text_key(stat["population"]), set())
    wrong = [
        f for f, span in unit.items() if f not in right | held and not could_both_hold(true_figure, true_span, f, span)
    ]
    wrong = rng.sample(wrong, len(wrong))[: MAX_CHOICES - 1]
    if len(wrong) < MIN_CHOICES - 1:  # too few figures in the file: shift the true one, as a last resort
        shifted = [
            (f, span)
            for f, span in _shifted(stat)
            if f not in {*wrong, *held} and not could_both_hold(true_figure, true_span, f, span)
        ]
        wrong += _around(shifted, true_span, MIN_CHOICES - 1 - len(wrong), rng)
    explanation = stat_sentence(doc, stat)
    made = make_question("figure", doc, prompt, true_figure, wrong, explanation, facts.refs([source["id"]]), rng)
    return made._replace(origin=facts.origins.of(stat.get("page"))) if made else None


def stat_source_question(facts: Facts, doc: Doc, stat: Doc, rng: Random) -> Question | None:
    figure = figure_text(stat)
    prompt = f'Who gives this figure? "{stat["label"]}": {figure} among {stat["population"]}.'
    if any(p is not None and p.search(prompt) for p in facts.organisations.patterns.values()):
        return None  # the label or population names an organisation: it would give the answer away
    right = facts.figures().sources_of[(*fact_key(stat)[:2], figure)]  # every source of the same figure counts as right
    source = facts.sources[stat["credited"]]
    wrong = other_sources(facts, rng, right)
    made = make_question(
        "source", doc, prompt, source["short"], wrong, stat_sentence(doc, stat), facts.refs([source["id"]]), rng,
        hidden=[source["name"]],  # "Diabetes" in NIDDK's own name tells who counts people with diabetes
    )  # fmt: skip
    return made._replace(origin=facts.origins.of(stat.get("page"))) if made else None


def credit_question(
    facts: Facts, doc: Doc, sentence: str, source_id: str, page: str | None, rng: Random
) -> Question | None:
    pattern = facts.organisations.patterns[source_id]
    text = blanked(sentence, pattern)
    if text is None:
        return None
    prompt = f'Which of these does the reference credit for this fact about {doc["name"]}? "{text}"'
    source = facts.sources[source_id]
    explanation = f"{doc['name']}: {sentence}"
    wrong = other_sources(facts, rng, {source_id})
    made = make_question(
        "source",
        doc,
        prompt,
        source["short"],
        wrong,
        explanation,
        facts.refs([source_id]),
        rng,
        hidden=[source["name"]],
    )
    return made._replace(origin=facts.origins.of(page)) if made else None


def sign_source_question(facts: Facts, doc: Doc, form: Doc, symptom_id: str, page: Doc, rng: Random) -> Question | None:
    """Whose page lists a sign of a form of neuropathy that the cause leads to? The page links the sign to the
    form, never to the cause itself: the explanation says so, and names the cause's own link to the form."""
    symptom, source = facts.symptoms[symptom_id], facts.sources[page["organisation"]]
    prompt = (
        f"In this reference, whose page lists {lower_first(symptom['name'])} as a sign of {lower_first(form['name'])}?"
    )
    evidence = next((link["evidence"] for link in doc["leads_to"] if link["form"] == form["id"]), "")
    explanation = (
        f'{form["name"]}: {source["short"]}\'s page "{page["title"]}" lists {lower_first(symptom["name"])} among '
        f"its signs. The reference links {lower_first(doc['name'])} to {lower_first(form['name'])}: {evidence}"
    )
    wrong = other_sources(facts, rng, {source["id"]})
    made = make_question(
        "symptom", doc, prompt, source["short"], wrong, explanation, facts.refs([source["id"]]), rng,
        hidden=[source["name"]],
    )  # fmt: skip
    return made._replace(origin=facts.origins.of(page["id"])) if made else None


def other_sources(facts: Facts, rng: Random, right: set[str]) -> list[str]:
    """Organisations that are wrong answers: not a right one, nor one a right one is part of or holds.

    NINDS is part of NIH, so "NIH" is not wrong for an NINDS figure, nor "NINDS" for an NIH one.
    """
    near = facts.organisations.lineage(right)
    out = [s["short"] for i, s in facts.sources.items() if i not in near]
    return rng.sample(out, len(out))


def stat_sentence(doc: Doc, stat: Doc) -> str:
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


def _around(shifted: list[tuple[str, Span]], true_span: Span, count: int, rng: Random) -> list[str]:
    """`count` shifted figures, as many below the true one as a random draw says: taken in order, one below and one
    above would leave the true figure in the middle every time, a pattern to guess by."""
    below = [f for f, span in shifted if span[1] < true_span[1]]
    above = [f for f, span in shifted if span[1] >= true_span[1]]
    counts = [k for k in range(count + 1) if k <= len(below) and count - k <= len(above)]
    if not counts:  # too few either way: what there is
        return [f for f, _ in shifted][:count]
    k = rng.choice(counts)
    return rng.sample(below, k) + rng.sample(above, count - k)


def blanked(text: str, names: re.Pattern[str] | None) -> str | None:
    """`text` with every mention of `names` blanked out; None if a name still shows or too little is left."""
    out = names.sub(BLANK, text) if names else text
    if names and names.search(out):
        return None
    left = [w for w in words(out.replace(BLANK, " ")) if w not in GENERAL and any(c.isalpha() for c in w)]
    return out if len(left) >= MIN_TELLING_WORDS else None
