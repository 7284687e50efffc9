"""The layout of the compiled knowledge base: its version and the searchable fields."""

from __future__ import annotations

LAYOUT = "15"  # bump whenever the compiled tables change, so that old caches are rebuilt

# every table a compiled file has; a file claiming the current layout without one of them is damaged
TABLES = frozenset(
    {
        "meta",
        "causes",
        "cause_records",
        "names",
        "organisations",
        "categories",
        "symptoms",
        "forms",
        "codes",
        "symptom_causes",
        "statistics",
        "form_causes",
        "citations",
        "words",
        "fts",
    }
)

# private-use marks around search matches, split out before rendering; the compiler puts
# this in for them wherever the data itself has them, so data cannot fake a match
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
NOT_A_MARK = str.maketrans({MARK_OPEN: "\ufffd", MARK_CLOSE: "\ufffd"})

# a glossary term's id in the full-text index: the colon keeps it apart from every cause id (a slug has none)
TERM_PREFIX = "term:"

# field -> BM25 weight: a match in a name or alias outranks one in long prose
WEIGHTS: dict[str, float] = {
    "name": 10.0,
    "aliases": 8.0,
    "subtype-names": 6.0,  # a subtype's name and aliases
    "codes": 1.0,  # the ICD-10-CM codes of the cause and its subtypes, with the release's descriptions
    "subtypes": 3.0,  # a subtype's description
    "symptoms": 3.0,
    "forms": 2.0,  # the forms of neuropathy a cause leads to, with the evidence
    "risk-factors": 2.0,
    "statistics": 2.0,
    "summary": 1.5,
    "mechanism": 1.0,
    "treatment": 1.0,
    "related": 1.0,
    "sources": 1.0,
    "overview": 1.0,
    "glossary": 1.0,  # a glossary term's meaning (its term and aliases are in name and aliases)
}
COLUMNS: tuple[str, ...] = tuple(WEIGHTS)

# what `--in` accepts: a field name, or a group of them
FIELD_GROUPS: dict[str, tuple[str, ...]] = {
    "names": ("name", "aliases", "subtype-names"),
    **{c: (c,) for c in COLUMNS},
}
