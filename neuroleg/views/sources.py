"""`sources`: the article first; then each organisation, its address, the one it is part of, the text of each fact
credited to it, and the pages of it that were read, with what each gives."""

from __future__ import annotations

from neuroleg.db.store import Store
from neuroleg.domain.credits import Origins, origin_line
from neuroleg.kb.links import Doc
from neuroleg.text.names import lower_first
from neuroleg.text.wording import join_items
from neuroleg.views.document import Block, Bullets, Fields, Heading, Para, Title, View
from neuroleg.views.records import source_entry, source_title

NOTHING = "Nothing in this reference is credited to it directly."
RELEASE_NOTE = "Phrases marked as HPO synonyms are listed as synonyms of their symptom's term in this release."
ARTICLE_FACTS = (
    "Every fact that names no page comes from this article, including what it credits to the organisations below."
)


def _page_uses(store: Store) -> dict[str, list[str]]:
    """What each page gives the reference beyond the facts credited to its organisation: symptoms of forms,
    everyday phrases, the meanings of glossary terms."""
    uses: dict[str, list[str]] = {}
    symptoms = store.symptoms()
    names = {s["id"]: s["name"] for s in symptoms}
    for form in store.forms():
        for symptom, page in form.get("symptom_pages", {}).items():
            uses.setdefault(page, []).append(f"{names[symptom]}: a symptom of {lower_first(form['name'])}")
    for symptom in symptoms:
        for phrase in symptom.get("phrases", []):
            if phrase.get("page"):
                said = f'"{phrase["text"]}": everyday words for {lower_first(symptom["name"])}'
                uses.setdefault(phrase["page"], []).append(said)
    for entry in store.glossary():
        if entry.get("page"):
            uses.setdefault(entry["page"], []).append(f"{entry['term']}: the meaning of a word in the glossary")
    return uses


def sources_view(store: Store) -> View:
    """`neuroleg sources`: each organisation, its address, its parent, and what rests on it."""
    organisations = [source_entry(s) for s in store.organisations()]
    by_id = {s["id"]: s for s in organisations}
    origins = Origins(store.source_article(), store.pages(), store.organisations())
    uses = _page_uses(store)
    data: list[Doc] = []
    article = origins.article
    if "title" in article:
        data.append({**article, "facts": []})  # every fact that names no page: too many to list
    for org in organisations:
        parent = by_id.get(org["part_of"] or "")
        parts = [{"id": o["id"], "short": o["short"]} for o in organisations if o["part_of"] == org["id"]]
        data.append(
            {
                "kind": "organisation",
                **org,
                "part_of": {"id": parent["id"], "name": parent["name"], "short": parent["short"]} if parent else None,
                "parts": parts,
                "facts": store.citations(org["id"]),
                "pages": [{**p, "gives": uses.get(p["id"], [])} for p in origins.pages.values()
                          if p["organisation"] == org["id"]],
            }
        )  # fmt: skip
    release = store.hpo_synonyms()
    blocks: list[Block] = [Title("Sources")]
    if "title" in article:
        blocks += [Heading("The article this reference is built on"), Para(origin_line(article)), Para(ARTICLE_FACTS)]
    for s in data:
        if s["kind"] == "article":
            continue
        blocks += [Heading(source_title(source_entry(s))), Para(s["url"])]
        family = []
        if s["part_of"]:
            family.append(("Part of", f"{s['part_of']['name']} ({s['part_of']['short']})"))
            if s["part_of_source"]:
                family.append(("As this page says", s["part_of_source"]))
        if s["parts"]:
            family.append(("Its parts named here", join_items(p["short"] for p in s["parts"])))
        if family:
            blocks.append(Fields(tuple(family)))
        blocks.append(Bullets(tuple(f["fact"] for f in s["facts"])) if s["facts"] else Para(NOTHING))
        for page in s["pages"]:
            blocks += [Heading(f'Its page "{page["title"]}"', 3), Para(origin_line(page))]
            if page["gives"]:
                blocks.append(Bullets(tuple(page["gives"])))
    if release is not None:  # where the everyday phrases marked as HPO synonyms come from
        data.append({"kind": "release", **release, "facts": []})
        line = origin_line({"kind": "release", **release})
        blocks += [Heading("Everyday phrases from the Human Phenotype Ontology"), Para(line), Para(RELEASE_NOTE)]
    rows = tuple(
        {"kind": s["kind"], "id": s.get("id", ""), "name": s.get("name", s.get("title", "")),
         "short": s.get("short", s.get("publisher", "")), "url": s["url"],
         "part_of": s["part_of"]["id"] if s.get("part_of") else "", "cause": f["cause"], "fact_kind": f["kind"],
         "fact": f["fact"]}
        for s in data
        for f in (s["facts"] or [{"cause": "", "kind": "", "fact": ARTICLE_FACTS if s["kind"] == "article" else ""}])
    )  # fmt: skip
    return View("sources", data, tuple(blocks), rows)
