"""How a cause's record links to the rest: its symptoms, forms, risk factors, names and credits, each with
the subtype it comes through. One home for these rules, read by the compiler, the views, match and the quiz.

Works on records as plain data (`Doc`), as the store keeps them: no schema library needed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal, NamedTuple

from neuroleg.text.figures import figure_text

Doc = dict[str, Any]  # a record as plain data: a cause, a subtype, a symptom term, an organisation


class SymptomLink(NamedTuple):
    """A symptom of a cause: its own, or one of a subtype's; who the source credits for it, and its page."""

    symptom: str
    via: Doc | None  # the subtype it comes through; None: the cause itself
    credited: str | None
    page: str | None = None  # the page that gives it; None: the source article


class CreditedFact(NamedTuple):
    """A fact of a cause credited to an organisation."""

    organisation: str
    kind: Literal["claim", "statistic", "risk factor", "symptom", "form", "treatment"]
    text: str
    via: Doc | None  # the subtype it belongs to, if any
    page: str | None = None  # the page it comes from; None: the source article


def own_symptoms(entry: Doc) -> list[tuple[str, str | None, str | None]]:
    """The symptoms a cause or subtype lists, each as (symptom id, organisation credited or None, page or None)."""
    return [
        (s, None, None) if isinstance(s, str) else (s["symptom"], s.get("credited"), s.get("page"))
        for s in entry["symptoms"]
    ]


def form_symptoms(form: Doc) -> list[tuple[str, str | None]]:
    """The symptoms of a form of neuropathy, each as (symptom id, the page that gives it; None: the article)."""
    return [(s, None) if isinstance(s, str) else (s["symptom"], s["page"]) for s in form.get("symptoms", [])]


def symptom_links(cause: Doc) -> Iterator[SymptomLink]:
    """Each symptom of a cause once: its own first (they win over a subtype's), then each subtype's."""
    seen: set[str] = set()
    for via in [None, *cause["subtypes"]]:
        for symptom, credited, page in own_symptoms(via or cause):
            if symptom not in seen:
                seen.add(symptom)
                yield SymptomLink(symptom, via, credited, page)


def risk_factors(cause: Doc) -> list[tuple[Doc, Doc | None]]:
    """A cause's risk factors (text, what they raise, credit), each with the subtype it belongs to (None: the cause)."""
    own: list[tuple[Doc, Doc | None]] = [(risk, None) for risk in cause["risk_factors"]]
    return own + [(risk, sub) for sub in cause["subtypes"] for risk in sub["risk_factors"]]


def names_of(cause: Doc) -> Iterator[str]:
    """Every name a cause is found by: its id, name and aliases, then each subtype's."""
    yield from (cause["id"], cause["name"], *cause["aliases"])
    for sub in cause["subtypes"]:  # a subtype's name finds the cause that describes it
        yield from (sub["id"], sub["name"], *sub["aliases"])


def credited_facts(cause: Doc, symptom_names: dict[str, str] | None = None) -> Iterator[CreditedFact]:
    """Every fact of a cause that the source credits to an organisation, in the order a reader meets them."""
    names = symptom_names or {}
    for fact in cause.get("claims", []):
        if fact.get("credited"):
            yield CreditedFact(fact["credited"], "claim", fact["text"], None, fact.get("page"))
    for link in symptom_links(cause):
        if link.credited:
            symptom = names.get(link.symptom, link.symptom)
            yield CreditedFact(link.credited, "symptom", f"{symptom} was reported with it.", link.via, link.page)
    for form in cause.get("leads_to", []):
        if form.get("credited"):
            yield CreditedFact(form["credited"], "form", form["evidence"], None, form.get("page"))
    for risk, sub in risk_factors(cause):
        if risk.get("credited"):
            yield CreditedFact(risk["credited"], "risk factor", f"A risk factor: {risk['text']}", sub, risk.get("page"))
    for stat in cause["statistics"]:
        figure = f"{figure_text(stat)} of {stat['population']}"
        yield CreditedFact(stat["credited"], "statistic", f"{stat['label']}: {figure}.", None, stat.get("page"))
    for fact in cause["treatment"]:
        if fact.get("credited"):
            yield CreditedFact(fact["credited"], "treatment", fact["text"], None, fact.get("page"))
    for sub in cause["subtypes"]:
        for fact in sub.get("claims", []):
            if fact.get("credited"):
                yield CreditedFact(fact["credited"], "claim", fact["text"], sub, fact.get("page"))


def cited_source_ids(cause: Doc) -> list[str]:
    """Every organisation a cause's facts are credited to, once each, in the order a reader meets them."""
    return list(dict.fromkeys(fact.organisation for fact in credited_facts(cause)))


def subject_of(fact: Doc, key: str, cause: Doc, subtype: Doc | None = None) -> str:
    """The id of what a fact (a risk factor's `raises`, a statistic's `about`) is about; when it names
    nothing, the subtype or cause it is listed under."""
    named = fact.get(key)
    return str(named) if named else (subtype or cause)["id"]


def subject_name(cause: Doc, subject: str, forms: dict[str, str]) -> tuple[str, str]:
    """What a fact of `cause` is about, as (kind, name): the cause itself, one of its subtypes, or a form."""
    if subject == cause["id"]:
        return "cause", cause["name"]
    for sub in cause["subtypes"]:
        if sub["id"] == subject:
            return "subtype", sub["name"]
    return "form", forms.get(subject, subject)
