"""`overview`: what neuropathic leg pain is, in plain words, with the forms of neuropathy and the causes."""

from __future__ import annotations

from neuroleg.db.store import Store
from neuroleg.kb.codes import condition_name
from neuroleg.kb.links import Doc
from neuroleg.text.names import lower_first
from neuroleg.views.codes import codes_entry, titled_code_pairs
from neuroleg.views.document import Block, Bullets, Fields, Heading, Para, Title, View, section
from neuroleg.views.medical_help import help_blocks
from neuroleg.views.notes import CODES_NOTE
from neuroleg.views.records import symptom_entry


def overview_view(store: Store) -> View:
    """`neuroleg overview`: what neuropathic leg pain is, in plain words."""
    overview = store.overview()
    symptoms = {s["id"]: symptom_entry(s) for s in store.symptoms()}
    forms = [{**f, "symptoms": [symptoms[s] for s in f["symptoms"]]} for f in store.forms()]
    medical_help = store.medical_help()
    data = {
        **overview,
        "forms": forms,
        "causes": [{"id": c["id"], "name": c["name"]} for c in store.cause_rows()],
        "medical_help": medical_help,
    }
    blocks: list[Block] = [Title("Neuropathic leg pain"), Para(overview["summary"])]
    for part in overview["sections"]:
        blocks += [Heading(part["title"]), Para(part["text"])]
    blocks += form_blocks(forms)
    systems = store.code_systems()
    coded = [(condition_name(overview), overview.get("codes"))]
    coded += [(f["name"], f.get("codes")) for f in forms]
    entries = [(name, codes_entry(codes, systems)) for name, codes in coded]
    data["codes"] = codes_entry(overview.get("codes"), systems)
    data["forms"] = [{**f, "codes": entry} for f, (_, entry) in zip(forms, entries[1:], strict=True)]
    pairs = titled_code_pairs(entries)
    if pairs:
        blocks += [Heading("Standard codes"), Fields(tuple(pairs)), Para(CODES_NOTE, note=True)]
    blocks += section("Causes (neuroleg show NAME)", [f"{c['name']} ({c['id']})" for c in data["causes"]])
    blocks += help_blocks(medical_help)
    blocks.append(Para(overview["disclaimer"], note=True))
    return View("overview", data, tuple(blocks))


def form_blocks(forms: list[Doc], level: int = 2) -> list[Block]:
    """The symptoms of each form of neuropathy (with its symptoms resolved) that lists some."""
    blocks: list[Block] = []
    for form in forms:
        if form["symptoms"]:  # what the form is, then its usual symptoms
            blocks += [Heading(f"Common symptoms of {lower_first(form['name'])}", level), Para(form["summary"])]
            blocks.append(Bullets(tuple(s["name"] for s in form["symptoms"])))
    return blocks
