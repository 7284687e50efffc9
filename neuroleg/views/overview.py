"""`overview`: what the knowledge base's condition is, in plain words, with the forms of neuropathy and the causes."""

from __future__ import annotations

from neuroleg.db.store import Store
from neuroleg.kb.codes import condition_name
from neuroleg.views.codes import codes_entry, titled_code_pairs
from neuroleg.views.document import Block, Fields, Heading, Para, Title, View, section
from neuroleg.views.forms import form_blocks
from neuroleg.views.glossary import words_on_page
from neuroleg.views.medical_help import help_blocks
from neuroleg.views.notes import CODES_NOTE
from neuroleg.views.records import Vocabulary


def overview_view(store: Store) -> View:
    """`neuroleg overview`: what the condition is, in plain words."""
    overview = store.overview()
    known = Vocabulary(store)
    forms = [{**f, "symptoms": known.form_symptoms(f)} for f in known.forms.values()]
    medical_help = store.medical_help()
    data = {
        **overview,
        "forms": forms,
        "causes": [{"id": c["id"], "name": c["name"]} for c in store.cause_rows()],
        "medical_help": medical_help,
    }
    condition = store.condition()
    blocks: list[Block] = [Title(condition["name"]), Para(overview["summary"])]
    for part in overview["sections"]:
        blocks += [Heading(part["title"]), Para(part["text"])]
    blocks += form_blocks(forms)
    systems = store.code_systems()
    coded = [(condition_name(overview, condition), overview.get("codes"))]
    coded += [(f["name"], f.get("codes")) for f in forms]
    entries = [(name, codes_entry(codes, systems)) for name, codes in coded]
    data["codes"] = codes_entry(overview.get("codes"), systems)
    data["forms"] = [{**f, "codes": entry} for f, (_, entry) in zip(forms, entries[1:], strict=True)]
    pairs = titled_code_pairs(entries)
    if pairs:
        blocks += [Heading("Standard codes"), Fields(tuple(pairs)), Para(CODES_NOTE, note=True)]
    blocks += section("Causes (neuroleg show NAME)", [f"{c['name']} ({c['id']})" for c in data["causes"]])
    advice = help_blocks(medical_help)  # last before the disclaimer: the hard words it uses are explained above it
    blocks += words_on_page(store, [*blocks, *advice], condition["name"])
    blocks += advice
    blocks.append(Para(overview["disclaimer"], note=True))
    return View("overview", data, tuple(blocks))
