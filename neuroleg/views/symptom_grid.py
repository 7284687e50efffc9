"""`symptoms --grid`: symptoms down the side, every cause across, each cell marked by how the reference links them.

The links are the `symptoms` view's own records (`symptom_records`), not worked out again: a cell is the
link `symptoms -f json` gives for that symptom and cause, with its origins. An empty cell says only that this
reference does not link the two; it is never a "no".
"""

from __future__ import annotations

from neuroleg.db.store import Store
from neuroleg.kb.links import Doc
from neuroleg.views.document import Mark, Matrix, Para, Title, View
from neuroleg.views.notes import SYMPTOMS_NOTE, short_disclaimer
from neuroleg.views.symptoms import symptom_records

# one mark per kind of link, keyed as the `link` of `symptoms -f json` names it
MARKS = (
    Mark("direct", "O", "own", "its own symptom: a source gives it for the cause itself"),
    Mark("subtype", "S", "subtype", "a symptom of one of the cause's subtypes"),
    Mark("form", "F", "form", "a usual symptom of a form of neuropathy that a source says the cause can lead to"),
)
EMPTY = "not linked by this reference. That is not a 'no': the sources it was built from may just not say."
WHOLE = "See it whole with 'neuroleg symptoms --grid -f html' (a web page) or '-f csv' (a spreadsheet)."
GRID_NOTE = (
    "Which subtype or form links a pair, and where each link comes from: 'neuroleg symptoms' (or -f json). "
    "A form of neuropathy on its own is not a cause, so it has no column here. "
)


def symptom_grid_view(store: Store) -> View:
    """Every symptom against every cause (each in file order), each pair marked by its link, if any."""
    causes = [{"id": c["id"], "name": c["name"], "number": n} for n, c in enumerate(store.cause_rows(), 1)]
    symptoms = symptom_records(store)
    links = {(s["id"], c["id"]): c for s in symptoms for c in s["causes"]}  # each cause once per symptom
    cells = [_cell(s["id"], links[s["id"], c["id"]]) for s in symptoms for c in causes if (s["id"], c["id"]) in links]
    matrix = Matrix(
        corner="Symptom",
        across="Causes",
        columns=tuple(c["name"] for c in causes),
        rows=tuple(
            (s["name"], tuple(links[s["id"], c["id"]]["link"] if (s["id"], c["id"]) in links else "" for c in causes))
            for s in symptoms
        ),
        marks=MARKS,
        empty=EMPTY,
        caption="Symptoms (rows) and causes (columns): how this reference links each pair",
        whole=WHOLE,
    )
    data = {
        "causes": causes,
        "symptoms": [{"id": s["id"], "name": s["name"]} for s in symptoms],
        "marks": [{"link": m.key, "letter": m.letter, "word": m.word, "meaning": m.meaning} for m in MARKS],
        "empty": EMPTY,
        "cells": cells,
    }
    rows = tuple(
        {"symptom": s["id"], **{c["id"]: str(links.get((s["id"], c["id"]), {}).get("link", "")) for c in causes}}
        for s in symptoms
    )
    note = Para(GRID_NOTE + SYMPTOMS_NOTE + short_disclaimer(store.condition()["short"]), note=True)
    return View("symptoms", data, (Title("Symptoms and causes: a grid"), matrix, note), rows)


def _cell(symptom_id: str, link: Doc) -> Doc:
    """A linked pair as the machine formats give it: the symptom's and cause's ids, then the `symptoms` view's
    record of the link (how, through what, the evidence, and each origin)."""
    how = {k: v for k, v in link.items() if k not in ("id", "name")}
    return {"symptom": symptom_id, "cause": link["id"], **how}
