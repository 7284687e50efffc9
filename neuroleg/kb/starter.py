"""The starter knowledge base that `neuroleg new` writes: every section, with notes on what goes where.

It holds no facts. Each value is a placeholder that says so, and the file
validates as it stands, so an editor can fill it in one section at a time
and run `neuroleg validate` after each. A test checks both.
"""

from __future__ import annotations

PLACEHOLDER = "PLACEHOLDER"  # the word that starts every value to replace

STARTER = """\
# A neuroleg knowledge base (format 2). Every value below is a PLACEHOLDER:
# replace each with what your sources say, in your own words, and name where
# each fact comes from. Check the file after each change:
#     neuroleg validate THIS-FILE
# Read it with any command: neuroleg overview --data THIS-FILE
# The format, with a complete example: docs/knowledge-base.md
# (or `neuroleg schema` for the JSON Schema).

format: 2

# What this file is about. Every title and note takes its name from here:
# `name` for titles ("Causes of ..."), `short` for notes ("a clinician
# diagnoses the cause of ..."). You may give just a name: `condition: Name`.
condition:
  name: PLACEHOLDER condition name
  short: PLACEHOLDER condition in a few words

# The article this file is built on, if there is one (remove it if not).
# title_from: `page` (the page's own headline) or `address` (it has none).
source_article:
  title: PLACEHOLDER title of the article
  title_from: page
  publisher: PLACEHOLDER who publishes it
  url: https://example.org/placeholder-article

# What the condition is, in plain words: a summary, titled sections, and the
# disclaimer shown under it and on every handout.
overview:
  summary: PLACEHOLDER one or two sentences on what the condition is.
  sections:
    - id: what-it-is                  # ids: lower-case words joined by hyphens
      title: PLACEHOLDER section title
      text: PLACEHOLDER a short paragraph for this section.
  disclaimer: >-
    PLACEHOLDER say that this is an educational reference, not medical
    advice, and who to talk to about symptoms.

# When to get medical help: shown with the overview, every match, the quiz
# and the handout. Each point comes from a named organisation's own page.
# Remove the section if your sources say nothing about it.
medical_help:
  title: PLACEHOLDER heading, such as When to get medical help
  summary: PLACEHOLDER one sentence to introduce the points.
  advice:
    - text: PLACEHOLDER one point, in your own words.
      applies_to: PLACEHOLDER who it is for, such as anyone
      source: PLACEHOLDER the organisation whose page says it
      url: https://example.org/placeholder-page

# The organisations your sources credit. Facts refer to them by id
# (`credited: example-organisation`). `part_of` nests one in another.
organisations:
  - id: example-organisation
    name: PLACEHOLDER full name of the organisation
    short: PLACEHOLDER short name
    url: https://example.org/

# Pages of those organisations that facts beyond the article come from; a
# fact names one with `page: ID`. For example:
#   - {id: example-page, organisation: example-organisation,
#      title: The page's own title, url: https://example.org/page}
pages: []

# Kinds of cause. Each cause names one by id.
categories:
  - id: example-category
    name: PLACEHOLDER category name
    description: PLACEHOLDER what the causes of this kind have in common.

# Symptom terms that causes and forms share, so that `neuroleg symptoms` and
# `neuroleg match` can answer "which causes bring this?". `phrases` are the
# everyday words people use, each with where it comes from.
symptoms:
  - id: example-symptom
    name: PLACEHOLDER symptom name
    description: PLACEHOLDER what the symptom feels like, in plain words.
    phrases:
      - {text: PLACEHOLDER everyday words for it, source: article}

# Forms of the condition that facts can be about, each a page of its own
# (`neuroleg show ID`). For example:
#   - {id: example-form, name: Form name, summary: What it is.,
#      symptoms: [example-symptom]}
forms: []

# The releases that standard codes come from: needed once any `codes` block
# is used (see "Standard codes" in docs/knowledge-base.md).
code_systems: []

# The causes. Each needs an id, a name, a category, a summary, how it harms
# (mechanism) and at least one symptom. Facts that name no organisation
# (`credited`) or page come from the article.
causes:
  - id: example-cause
    name: PLACEHOLDER cause name
    category: example-category
    aliases: []                       # other words people type for it
    summary: PLACEHOLDER what the cause is, in plain words.
    mechanism: PLACEHOLDER how the cause leads to the condition.
    symptoms: [example-symptom]
    risk_factors: []                  # [{text: ..., credited: example-organisation}]
    statistics: []                    # every figure names its population and organisation
    treatment: []                     # [{text: ...}]
    related: []                       # ids of other causes

# The hard words the text uses, each with its meaning in a few plain words and
# where that meaning comes from: the article, or a page declared under `pages`
# (`source: page` with `page: ID`). A word no source explains is left out.
glossary:
  - id: example-term
    term: PLACEHOLDER hard word
    aliases: []                       # other spellings and forms that find it
    meaning: PLACEHOLDER what it means, in a few plain words.
    source: article
"""
