"""`symptoms` and `symptoms NAME`: each symptom with the causes that bring it, or one cause's symptoms."""

from __future__ import annotations

from neuroleg.db.store import Store
from neuroleg.kb.links import Doc, symptom_links
from neuroleg.text.wording import join_items
from neuroleg.views.document import Grid, Para, Title, View
from neuroleg.views.notes import SHORT_DISCLAIMER, SYMPTOMS_NOTE
from neuroleg.views.records import symptom_entry

GENERAL = "peripheral neuropathy in general (see overview)"


def symptoms_view(store: Store) -> View:
    """`neuroleg symptoms`: each symptom with the causes that bring it."""
    general = set(store.overview()["symptoms"])
    data = []
    for sym in store.symptoms():
        links = [{k: link[k] for k in ("id", "name", "via")} for link in store.causes_with_symptom(sym["id"])]
        data.append({**sym, "general": sym["id"] in general, "causes": links})
    grid = Grid(
        ("Symptom", "Causes"),
        tuple((s["name"], _symptom_causes(s)) for s in data),
        wide=(1,),
        caption="Each symptom and the causes that bring it",
    )
    rows = tuple(
        {"symptom_id": s["id"], "symptom": s["name"], "cause_id": c["id"], "cause": c["name"], "via": c["via"] or ""}
        for s in data
        for c in s["causes"]
    )
    note = Para(SYMPTOMS_NOTE + SHORT_DISCLAIMER, note=True)
    return View("symptoms", data, (Title("Symptoms and the causes that bring them"), grid, note), rows)


def cause_symptoms_view(store: Store, name: str) -> View:
    """`neuroleg symptoms NAME`: one cause's symptoms, subtypes' included."""
    cause = store.cause(store.resolve(name))
    known = {s["id"]: symptom_entry(s) for s in store.symptoms()}
    items: list[Doc] = [{**known[s], "via": via["name"] if via else None} for s, via in symptom_links(cause)]
    grid = Grid(
        ("Symptom", "Description", "Through"),
        tuple((s["name"], s["description"], s["via"] or "") for s in items),
        wide=(1,),
        caption=f"Symptoms of {cause['name']}",
    )
    data = {"id": cause["id"], "name": cause["name"], "symptoms": items}
    rows = tuple({**s, "via": s["via"] or ""} for s in items)
    note = Para(SYMPTOMS_NOTE + SHORT_DISCLAIMER, note=True)
    return View("symptoms", data, (Title(f"Symptoms: {cause['name']}"), grid, note), rows)


def _symptom_causes(symptom: Doc) -> str:
    names = [f"{c['name']} ({c['via']})" if c["via"] else str(c["name"]) for c in symptom["causes"]]
    if symptom["general"]:
        names.insert(0, GENERAL)
    return join_items(names) or "-"
