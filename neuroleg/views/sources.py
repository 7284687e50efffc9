"""`sources`: each organisation, its address, the one it is part of, and the text of each fact credited to it."""

from __future__ import annotations

from neuroleg.db.store import Store
from neuroleg.kb.links import Doc
from neuroleg.text.wording import join_items
from neuroleg.views.document import Block, Bullets, Fields, Heading, Para, Title, View
from neuroleg.views.records import source_entry, source_title

NOTHING = "Nothing in this reference is credited to it directly."


def sources_view(store: Store) -> View:
    """`neuroleg sources`: each organisation, its address, its parent, and what rests on it."""
    organisations = [source_entry(s) for s in store.organisations()]
    by_id = {s["id"]: s for s in organisations}
    data: list[Doc] = []
    for org in organisations:
        parent = by_id.get(org["part_of"] or "")
        parts = [{"id": o["id"], "short": o["short"]} for o in organisations if o["part_of"] == org["id"]]
        data.append(
            {
                **org,
                "part_of": {"id": parent["id"], "name": parent["name"], "short": parent["short"]} if parent else None,
                "parts": parts,
                "facts": store.citations(org["id"]),
            }
        )
    blocks: list[Block] = [Title("Sources")]
    for s in data:
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
    rows = tuple(
        {"id": s["id"], "name": s["name"], "short": s["short"], "url": s["url"],
         "part_of": s["part_of"]["id"] if s["part_of"] else "", "cause": f["cause"], "kind": f["kind"],
         "fact": f["fact"]}
        for s in data
        for f in (s["facts"] or [{"cause": "", "kind": "", "fact": ""}])
    )  # fmt: skip
    return View("sources", data, tuple(blocks), rows)
