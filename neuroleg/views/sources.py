"""`sources`: each organisation, its address, and the facts that rest on it."""

from __future__ import annotations

from neuroleg.db.store import Store
from neuroleg.views.document import Block, Bullets, Heading, Para, Title, View
from neuroleg.views.records import source_entry, source_title


def sources_view(store: Store) -> View:
    """`neuroleg sources`: each organisation, its address, and what rests on it."""
    data = [{**s, "facts": store.citations(s["id"])} for s in store.sources()]
    blocks: list[Block] = [Title("Sources")]
    for s in data:
        blocks += [Heading(source_title(source_entry(s))), Para(s["url"])]
        blocks.append(Bullets(tuple(f["fact"] for f in s["facts"])) if s["facts"] else Para("Nothing cites it yet."))
    rows = tuple(
        {"id": s["id"], "name": s["name"], "short": s["short"], "url": s["url"], "cause": f["cause"], "fact": f["fact"]}
        for s in data
        for f in (s["facts"] or [{"cause": "", "fact": ""}])
    )
    return View("sources", data, tuple(blocks), rows)
