"""The organisations facts are credited to, and how they nest (NINDS and NCI are parts of NIH).

Credit is data: each fact names the organisation the source credits for it.
This holds the rules that need the whole list: an organisation's lineage, and
a pattern for each one's names (to blank them out of a quiz question).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from neuroleg.kb.links import Doc
from neuroleg.text.names import lower_first, name_pattern

REF_KEYS = ("id", "name", "short", "url")


class Organisations:
    """The knowledge base's organisations, by id, with their place in one another."""

    def __init__(self, docs: list[Doc]) -> None:
        self.by_id = {d["id"]: d for d in docs}
        self.parent = {i: d["part_of"] for i, d in self.by_id.items() if d.get("part_of") in self.by_id}
        self.patterns: dict[str, re.Pattern[str] | None] = {
            i: name_pattern([d["short"], d["name"]], fold=False) for i, d in self.by_id.items()
        }

    def ancestors(self, org_id: str) -> list[str]:
        """The organisations `org_id` is part of, nearest first."""
        out: list[str] = []
        at = self.parent.get(org_id)
        while at is not None and at not in out and at != org_id:
            out.append(at)
            at = self.parent.get(at)
        return out

    def lineage(self, org_ids: Iterable[str]) -> set[str]:
        """The given organisations with every one they are part of and every one that is part of them:
        none of these could be a wrong answer to 'who gives this?' when one of the given ones is right."""
        wanted = set(org_ids)
        out = set(wanted)
        for org_id in self.by_id:
            line = {org_id, *self.ancestors(org_id)}
            if line & wanted:
                out |= line
        return out

    def refs(self, org_ids: Iterable[str | None]) -> tuple[Doc, ...]:
        """The records (id, name, short, url) of the given organisations, once each, unknown ids skipped."""
        ids = dict.fromkeys(i for i in org_ids if i in self.by_id)
        return tuple({k: self.by_id[i][k] for k in REF_KEYS} for i in ids if i is not None)


class Origins:
    """Where a fact comes from: the source article (named, as the knowledge base names it) or an organisation's
    page. Each origin is a plain record for every format: `kind` ("article" or "page") and what names it."""

    def __init__(self, article: Doc | None, pages: list[Doc], organisations: list[Doc]) -> None:
        self.article: Doc = {"kind": "article", **(article or {})}
        self.pages: dict[str, Doc] = {}
        owners = {o["id"]: o for o in organisations}
        for page in pages:
            owner = owners.get(page["organisation"], {})
            self.pages[page["id"]] = {
                "kind": "page",
                **page,
                "organisation_name": owner.get("short", page["organisation"]),
            }

    def of(self, page_id: str | None) -> Doc:
        """The origin of a fact from `page_id` (None, or a page the file does not list: the article)."""
        return dict(self.pages.get(page_id or "", self.article))


def origin_text(origin: Doc, *, full: bool = False) -> str:
    """An origin in words, for a sentence: the article by its publisher (`full`: and its title), or a page by its
    organisation and title. Inline citations are short, to keep sentences plain; the list of sources is `full`."""
    if origin["kind"] == "page":
        series = f", {origin['series']}" if origin.get("series") else ""
        return f'{origin["organisation_name"]}, "{origin["title"]}"{series}'
    if "title" not in origin:  # a knowledge base that names no article
        return "the source article"
    if origin.get("title_from") == "address":  # no headline was seen: not quoted as if it were one
        about = f" on {lower_first(origin['title'])}" if full or not origin.get("publisher") else ""
        return f"the {origin['publisher']} article{about}"
    return f'the article "{origin["title"]}" ({origin["publisher"]})'


def origin_line(origin: Doc, *, note: bool = True) -> str:
    """An origin with its address (and the copy read, where that is elsewhere), for a list of sources; with its
    `note` (what was and was not seen in the copy read) where the list has room for it."""
    if origin["kind"] == "release":
        return f"{origin['name']} {origin['release']} ({origin['checked_with']}): {origin['url']}"
    line = origin_text(origin, full=True)
    if origin.get("published"):
        line += f", published {origin['published']}"
    if note and origin.get("note"):
        line += f" ({lower_first(origin['note']).rstrip('.')})"
    # each address after a space and before a space or a closing bracket: no punctuation a reader (or a terminal)
    # might take as part of it
    if origin.get("url"):
        line += f": {origin['url']}"
    if origin.get("read_at"):
        line += f" (read at {origin['read_at']})"
    return line


def phrase_origin(phrase: Doc, origins: Origins, release: Doc | None) -> Doc:
    """Where an everyday phrase comes from: the article, a page, or the HPO release that lists it as a synonym."""
    if phrase["source"] == "hpo":
        return {"kind": "release", "term": phrase["term"], **(release or {})}
    return origins.of(phrase.get("page"))


def distinct_origins(origins: Iterable[Doc | None]) -> list[Doc]:
    """Each origin once (the article, a page, a release), in the order given: a page's list of its sources."""
    found: dict[tuple[str, str], Doc] = {}
    for origin in origins:
        if origin:
            found.setdefault((origin["kind"], origin.get("id") or origin.get("url") or origin.get("term", "")), origin)
    return list(found.values())
