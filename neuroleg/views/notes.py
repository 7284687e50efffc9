"""The notes views set apart: disclaimers and what a listing does and does not say. One home for each."""

from __future__ import annotations

NOT_DIAGNOSTIC = "Educational, not diagnostic"  # leads the match disclaimer; each match CSV row carries it
SHORT_DISCLAIMER = "Educational reference, not medical advice: a clinician diagnoses the cause of leg pain."
MATCH_DISCLAIMER = (
    f"{NOT_DIAGNOSTIC}: this lists the causes this reference links to the words you gave. "
    "It cannot tell what causes anyone's symptoms; many people with these symptoms have none of these "
    "causes, and a cause may show itself in ways not listed here. A doctor diagnoses the cause of leg pain."
)
MATCH_SHORT = (  # the disclaimer and the note on the order, in short, for the terminal's match page
    f"{NOT_DIAGNOSTIC}: this lists what the reference links to your words. It cannot tell what causes anyone's "
    "symptoms, and the order is not how likely a cause is. A doctor diagnoses the cause of leg pain."
)
NO_SOURCE = "The article names no organisation for these facts."
CREDITED = "Organisations credited:"
SOURCE_NOTE = (
    "A fact rests on one of these organisations where its organisation is named beside it, or a statistic "
    "names it; a fact from a page names that page. The other facts come from the article this reference is "
    "built on, which names no organisation for them."
)

ARTICLE_NOTE = "Facts that name no organisation or page come from the article this reference is built on."
SYMPTOMS_NOTE = (
    "A cause's own symptoms and its subtypes' are those the article (or the page named) gives for it. A link "
    "'through' a form of neuropathy means only that a source says the cause can lead to that form, whose "
    "usual symptoms these are, as the source named beside them gives them; no source ties each of them to the "
    "cause. Each form of neuropathy has a page of its own ('neuroleg show' and its name). The list is not "
    "complete, and no list of symptoms can tell which cause someone has. "
)
CODES_NOTE = (
    "About the codes: they show how a condition is typically coded, for learning. Coding is done by clinicians "
    "and professional coders from a person's full record, so a real record may carry other or more codes."
)
FIGURES_NOTE = "Each figure applies only to the population named beside it."
