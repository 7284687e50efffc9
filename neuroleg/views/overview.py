"""`overview`: what neuropathic leg pain is, in plain words."""

from __future__ import annotations

from neuroleg.db.store import Store
from neuroleg.views.document import Block, Heading, Para, Title, View, section


def overview_view(store: Store) -> View:
    """`neuroleg overview`: what neuropathic leg pain is, in plain words."""
    overview = store.overview()
    symptoms = {s["id"]: s for s in store.symptoms()}
    data = {
        **overview,
        "symptoms": [symptoms[s] for s in overview["symptoms"]],
        "causes": [{"id": c["id"], "name": c["name"]} for c in store.cause_rows()],
    }
    blocks: list[Block] = [Title("Neuropathic leg pain"), Para(overview["summary"])]
    for part in overview["sections"]:
        blocks += [Heading(part["title"]), Para(part["text"])]
    blocks += section("Common symptoms of peripheral neuropathy", [s["name"] for s in data["symptoms"]])
    blocks += section("Causes (neuroleg show NAME)", [f"{c['name']} ({c['id']})" for c in data["causes"]])
    blocks.append(Para(overview["disclaimer"], note=True))
    return View("overview", data, tuple(blocks))
