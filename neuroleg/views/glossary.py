"""`glossary`: the hard words the reference uses, each with its plain meaning and where that comes from; one
term on its own page (`glossary TERM`, and `show TERM` when no cause or form has that name); the handout's
section."""

from __future__ import annotations

from neuroleg.db.store import Store
from neuroleg.domain.credits import Origins, origin_line, origin_text
from neuroleg.domain.glossary import sorted_terms, term_origin, terms_used
from neuroleg.kb.links import Doc
from neuroleg.text.wording import join_items
from neuroleg.views.document import Block, Bullets, Fields, Grid, Heading, Para, Title, View, plain

GLOSSARY_ANCHOR = "glossary"  # the handout's Glossary section, linked to by its own id
GLOSSARY_NOTE = "Each meaning is in our own plain words, from the source named beside it."
HARD_WORDS = "Hard words on this page"


def _origins(store: Store) -> Origins:
    return Origins(store.source_article(), store.pages(), store.organisations())


def term_entry(entry: Doc, origins: Origins) -> Doc:
    """A glossary entry as every format shows it: its term, aliases, meaning and origin (the article or a page)."""
    return {
        "kind": "term",
        "id": entry["id"],
        "term": entry["term"],
        "aliases": list(entry.get("aliases", [])),
        "meaning": entry["meaning"],
        "origin": term_origin(entry, origins),
    }


def glossary_view(store: Store) -> View:
    """`neuroleg glossary`: every term, sorted, with its meaning and source."""
    origins = _origins(store)
    terms = [term_entry(e, origins) for e in sorted_terms(store)]
    grid = Grid(
        ("Term", "Meaning", "Source"),
        tuple((t["term"], t["meaning"], origin_text(t["origin"])) for t in terms),
        wide=(1,),
        caption="Hard words, each with its meaning in plain words and its source",
    )
    rows = tuple(
        {"id": t["id"], "term": t["term"], "aliases": join_items(t["aliases"]), "meaning": t["meaning"],
         "source": origin_line(t["origin"])}
        for t in terms
    )  # fmt: skip
    hint = "Run 'neuroleg glossary TERM' for one term. " + GLOSSARY_NOTE
    return View("glossary", terms, (Title("Glossary"), grid, Para(hint, note=True)), rows)


def term_view(store: Store, entry: Doc, command: str = "glossary") -> View:
    """One term on its own: what it means, what else it is called, and where the meaning comes from."""
    term = term_entry(entry, _origins(store))
    pairs = [("Other names and forms", join_items(term["aliases"]))] if term["aliases"] else []
    pairs.append(("Source", origin_line(term["origin"])))
    blocks: list[Block] = [
        Title(term["term"]),
        Para(term["meaning"]),
        Fields(tuple(pairs)),
        Para("A glossary entry: run 'neuroleg glossary' for every term. " + GLOSSARY_NOTE, note=True),
    ]
    return View(command, term, tuple(blocks))


def glossary_blocks(store: Store, level: int = 2) -> list[Block]:
    """The handout's Glossary section: every term, sorted, with its meaning and source; none without terms."""
    origins = _origins(store)
    terms = [term_entry(e, origins) for e in sorted_terms(store)]
    if not terms:
        return []
    pairs = tuple((t["term"], f"{t['meaning']} (Source: {origin_text(t['origin'])}.)") for t in terms)
    return [Heading("Glossary", level, anchor=GLOSSARY_ANCHOR), Para(GLOSSARY_NOTE), Fields(pairs)]


def words_on_page(store: Store, blocks: list[Block], subject: str = "") -> list[Block]:
    """The glossary's terms that a page's text uses (but its own `subject`), each with its meaning and source: a
    hard word explained on the page that uses it, and credited to where the meaning comes from."""
    text = " ".join(_texts(blocks))
    entries = [e for e in terms_used(sorted_terms(store), text) if e["term"].casefold() != subject.casefold()]
    if not entries:
        return []
    origins = _origins(store)
    terms = [term_entry(e, origins) for e in entries]
    pairs = tuple((t["term"], f"{t['meaning']} (Source: {origin_text(t['origin'])}.)") for t in terms)
    return [Heading(HARD_WORDS), Fields(pairs)]


def _texts(blocks: list[Block]) -> list[str]:
    found: list[str] = []
    for block in blocks:
        if isinstance(block, Para):
            found.append(block.text)
        elif isinstance(block, Bullets):
            found += block.items
        elif isinstance(block, Fields):
            found += [f"{label} {value}" for label, value in block.pairs]
        elif isinstance(block, Grid):
            found += [plain(cell) for row in block.rows for cell in row]
    return found
