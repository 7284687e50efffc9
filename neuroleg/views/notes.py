"""The notes views set apart: disclaimers and what a listing does and does not say. One home for each."""

from __future__ import annotations

NOT_DIAGNOSTIC = "Educational, not diagnostic"  # leads the match disclaimer; each match CSV row carries it


def short_disclaimer(short: str) -> str:
    """The line under a listing; `short` is the knowledge base's condition, in a few words."""
    return f"For learning only, not medical advice. A doctor diagnoses the cause of {short}."


def match_disclaimer(short: str) -> str:
    """What a match is not, at its top and in every format; `short` is the knowledge base's condition."""
    return (
        f"{NOT_DIAGNOSTIC}. This lists the causes this reference links to the words you gave. "
        "It cannot tell what causes anyone's symptoms. Many people with these symptoms have none of these "
        f"causes. And a cause may show itself in ways not listed here. A doctor diagnoses the cause of {short}."
    )


def match_short(short: str) -> str:
    """The disclaimer and the note on the order, in short, for the terminal's match page."""
    return (
        f"{NOT_DIAGNOSTIC}. This lists what the reference links to your words. It cannot tell what causes "
        "anyone's symptoms. Many people with these symptoms have none of these causes. The order is not how "
        f"likely a cause is. A doctor diagnoses the cause of {short}."
    )


NO_SOURCE = "The article names no organisation for these facts."
CREDITED = "Organisations credited:"
SOURCE_NOTE = (
    "A fact rests on one of these organisations when its name is beside it, or a figure names it. "
    "A fact from a page names that page. The other facts come from the article this reference is "
    "built on, which names no organisation for them."
)

ARTICLE_NOTE = "Facts that name no organisation or page come from the article this reference is built on."
SYMPTOMS_NOTE = (
    "A cause's own symptoms, and its subtypes', are those the article (or the page named) gives for it. "
    "A link 'through' a form of neuropathy means only this: a source says the cause can lead to that form. "
    "These are that form's usual symptoms, as the source named beside them gives them. No source ties each "
    "of them to the cause. Each form of neuropathy has a page of its own ('neuroleg show' and its name). "
    "The list is not complete. No list of symptoms can tell which cause someone has. "
)
CODES_NOTE = (
    "About the codes: they show how a condition is often coded, for learning. Clinicians and trained coders "
    "choose the codes from a person's full record. So a real record may carry other or more codes."
)
FIGURES_NOTE = "Each figure applies only to the people named beside it."
