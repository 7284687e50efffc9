"""`symptoms` and `symptoms NAME`: each symptom with the causes that bring it, or one cause's symptoms.

A cause brings a symptom directly, through one of its subtypes, or through a
form of neuropathy it can lead to; every format says which.
"""

from __future__ import annotations

from neuroleg.db.store import Store
from neuroleg.kb.links import Doc
from neuroleg.text.names import lower_first
from neuroleg.text.wording import join_items
from neuroleg.views.document import Grid, Para, Title, View
from neuroleg.views.notes import SHORT_DISCLAIMER, SYMPTOMS_NOTE
from neuroleg.views.records import Vocabulary, cause_entry

LINK_KEYS = ("id", "name", "link", "via_id", "via", "evidence", "credited")


def symptoms_view(store: Store) -> View:
    """`neuroleg symptoms`: each symptom with the causes that bring it, and how."""
    forms = store.forms()
    data = []
    for sym in store.symptoms():
        of_forms = [{"id": f["id"], "name": f["name"]} for f in forms if sym["id"] in f["symptoms"]]
        links = [{k: link[k] for k in LINK_KEYS} for link in store.causes_with_symptom(sym["id"])]
        data.append({**sym, "forms": of_forms, "causes": links})
    grid = Grid(
        ("Symptom", "Causes"),
        tuple((s["name"], _symptom_causes(s)) for s in data),
        wide=(1,),
        caption="Each symptom and the causes that bring it",
    )
    rows = tuple(
        {"symptom_id": s["id"], "symptom": s["name"], "cause_id": c["id"], "cause": c["name"], "link": c["link"],
         "via": c["via"] or "", "evidence": c["evidence"] or ""}
        for s in data
        for c in s["causes"]
    )  # fmt: skip
    note = Para(SYMPTOMS_NOTE + SHORT_DISCLAIMER, note=True)
    return View("symptoms", data, (Title("Symptoms and the causes that bring them"), grid, note), rows)


def cause_symptoms_view(store: Store, name: str) -> View:
    """`neuroleg symptoms NAME`: one cause's symptoms: its own, its subtypes', and those of forms it leads to."""
    cause = cause_entry(store, store.resolve(name), Vocabulary(store))
    found: dict[str, Doc] = {}  # each symptom once, by its strongest link: its own, a subtype's, a form's
    for s in cause["symptoms"]:
        found.setdefault(s["id"], {**s, "link": "direct", "via": None, "evidence": None})
    for sub in cause["subtypes"]:
        for s in sub["symptoms"]:
            found.setdefault(s["id"], {**s, "link": "subtype", "via": sub["name"], "evidence": None})
    for form in cause["forms"]:
        how = {"credited": form["credited"], "link": "form", "via": form["name"], "evidence": form["evidence"]}
        for symptom in form["symptoms"]:
            found.setdefault(symptom["id"], {**symptom, **how})
    items = list(found.values())
    grid = Grid(
        ("Symptom", "Description", "Through"),
        tuple((s["name"], s["description"], _through(s)) for s in items),
        wide=(1,),
        caption=f"Symptoms of {cause['name']}",
    )
    data = {"id": cause["id"], "name": cause["name"], "symptoms": items}
    columns = ("id", "name", "description", "link", "via", "evidence")
    rows = tuple({k: s[k] or "" for k in columns} for s in items)
    note = Para(SYMPTOMS_NOTE + SHORT_DISCLAIMER, note=True)
    return View("symptoms", data, (Title(f"Symptoms: {cause['name']}"), grid, note), rows)


def _through(item: Doc) -> str:
    if item["link"] == "subtype":
        return f"its subtype {item['via']}"
    if item["link"] == "form":
        return f"{item['via']}, which it can lead to"
    return ""


def _symptom_causes(symptom: Doc) -> str:
    names = [f"{form['name']} in general (see overview)" for form in symptom["forms"]]
    for c in symptom["causes"]:
        if c["link"] == "subtype":
            names.append(f"{c['name']} (its subtype {c['via']})")
        elif c["link"] == "form":
            names.append(f"{c['name']} (through {lower_first(c['via'])})")
        else:
            names.append(str(c["name"]))
    return join_items(names) or "-"
