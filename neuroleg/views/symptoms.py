"""`symptoms` and `symptoms NAME`: each symptom with the causes that bring it, or one cause's symptoms.

A cause brings a symptom directly, through one of its subtypes, or through a
form of neuropathy it can lead to; every format says which.
"""

from __future__ import annotations

from neuroleg.db.store import Store
from neuroleg.domain.credits import Origins, origin_text, phrase_origin
from neuroleg.kb.links import Doc
from neuroleg.text.names import lower_first
from neuroleg.text.wording import join_items
from neuroleg.views.codes import codes_entry, hpo_text, system_label
from neuroleg.views.document import Block, Fields, Grid, Heading, Para, Title, View
from neuroleg.views.notes import CODES_NOTE, SYMPTOMS_NOTE, short_disclaimer
from neuroleg.views.records import Vocabulary, cause_entry


def symptoms_view(store: Store) -> View:
    """`neuroleg symptoms`: each symptom with the causes that bring it, and how."""
    data = symptom_records(store)
    grid = Grid(
        ("Symptom", "Causes"),
        tuple((s["name"], _symptom_causes(s)) for s in data),
        wide=(1,),
        caption="Each symptom and the causes that bring it",
    )
    rows = tuple(
        {"symptom_id": s["id"], "symptom": s["name"], "cause_id": c["id"], "cause": c["name"], "link": c["link"],
         "via": c["via"] or "", "evidence": c["evidence"] or "", **_hpo_columns(s)}
        for s in data
        for c in s["causes"]
    )  # fmt: skip
    words = [(s["name"], join_items(_phrase_text(p) for p in s["phrases"])) for s in data if s["phrases"]]
    said: list[Block] = (
        [Heading("Everyday words for them"), Fields(tuple(words)), Para(PHRASES_NOTE, note=True)] if words else []
    )
    blocks = (Title("Symptoms and the causes that bring them"), grid, *said, *_hpo_blocks(data), _note(data, store))
    return View("symptoms", data, blocks, rows)


def symptom_records(store: Store) -> list[Doc]:
    """Each symptom with its everyday phrases, codes, the forms that have it and the causes that bring it: how
    (`link`), through what (`via`) and where each link comes from (`origin`, `evidence_origin`). What
    `symptoms -f json` gives, and what the grid (`symptoms --grid`) is made of."""
    forms = store.forms()
    systems = store.code_systems()
    origins = Origins(store.source_article(), store.pages(), store.organisations())
    release = store.hpo_synonyms()
    data = []
    for sym in store.symptoms():
        of_forms = [{"id": f["id"], "name": f["name"], "origin": origins.of(f.get("symptom_pages", {}).get(sym["id"]))}
                    for f in forms if sym["id"] in f["symptoms"]]  # fmt: skip
        links = [
            {**link, "origin": origins.of(link["page"]),
             "evidence_origin": origins.of(link["evidence_page"]) if link["link"] == "form" else None}
            for link in store.causes_with_symptom(sym["id"])
        ]  # fmt: skip
        phrases = [{**p, "origin": phrase_origin(p, origins, release)} for p in sym.get("phrases", [])]
        data.append({**sym, "phrases": phrases, "codes": codes_entry(sym.get("codes"), systems), "forms": of_forms,
                     "causes": links})  # fmt: skip
    return data


PHRASES_NOTE = "Each source in full, with its address: 'neuroleg sources'."


def _phrase_text(phrase: Doc) -> str:
    """A phrase and, in a word or two, where it comes from: the whole of each source is in 'neuroleg sources'
    (and in every machine format), so a long page of phrases reads quickly."""
    origin = phrase["origin"]
    if origin["kind"] == "release":
        where = f"HPO {origin.get('release', '')}, {origin['term']}"
    elif origin["kind"] == "page":
        where = f"{origin['organisation_name']}'s page"
    else:
        where = f"the {origin['publisher']} article" if "publisher" in origin else "the article"
    return f'"{phrase["text"]}" ({where})'


def cause_symptoms_view(store: Store, name: str) -> View:
    """`neuroleg symptoms NAME`: one cause's symptoms: its own, its subtypes', and those of forms it leads to."""
    known = Vocabulary(store)
    cause = cause_entry(store, store.resolve(name), known)
    terms = {i: known.codes(s) for i, s in known.symptom_docs.items()}
    found: dict[str, Doc] = {}  # each symptom once, by its strongest link: its own, a subtype's, a form's
    for s in cause["symptoms"]:
        found.setdefault(s["id"], {**s, "link": "direct", "via": None, "evidence": None, "evidence_origin": None})
    for sub in cause["subtypes"]:
        for s in sub["symptoms"]:
            through = {"link": "subtype", "via": sub["name"], "evidence": None, "evidence_origin": None}
            found.setdefault(s["id"], {**s, **through})
    for form in cause["forms"]:
        how: Doc = {"credited": form["credited"], "link": "form", "via": form["name"], "evidence": form["evidence"],
                    "evidence_origin": form["origin"]}  # fmt: skip
        for symptom in form["symptoms"]:
            found.setdefault(symptom["id"], {**symptom, **how})
    items = [{**s, "codes": terms.get(s["id"])} for s in found.values()]
    grid = Grid(
        ("Symptom", "Description", "Through"),
        tuple((s["name"], s["description"], _through(s)) for s in items),
        wide=(1,),
        caption=f"Symptoms of {cause['name']}",
    )
    data = {"id": cause["id"], "name": cause["name"], "symptoms": items}
    columns = ("id", "name", "description", "link", "via", "evidence")
    rows = tuple({**{k: s[k] or "" for k in columns}, **_hpo_columns(s)} for s in items)
    blocks = (Title(f"Symptoms: {cause['name']}"), grid, *_hpo_blocks(items), _note(items, store))
    return View("symptoms", data, blocks, rows)


def _hpo_blocks(items: list[Doc]) -> list[Block]:
    """The HPO term of each symptom listed, under the table (a column would crowd a terminal's table)."""
    terms = [(s["name"], s["codes"]["hpo"]) for s in items if s["codes"] and "hpo" in s["codes"]]
    if not terms:
        return []
    label = f"HPO terms ({system_label(terms[0][1])})"
    return [Heading(label), Fields(tuple((name, hpo_text(hpo)) for name, hpo in terms))]


def _note(items: list[Doc], store: Store) -> Para:
    codes = " " + CODES_NOTE if any(s["codes"] for s in items) else ""
    return Para(SYMPTOMS_NOTE + short_disclaimer(store.condition()["short"]) + codes, note=True)


def _hpo_columns(item: Doc) -> dict[str, str]:
    """The HPO term of a symptom, for a CSV row: empty when it has none."""
    hpo = (item["codes"] or {}).get("hpo") or {}
    return {"hpo_id": hpo.get("id", ""), "hpo_label": hpo.get("label", ""), "hpo_fit": hpo.get("fit", "")}


def _through(item: Doc) -> str:
    if item["link"] == "subtype":
        return f"its subtype {item['via']}"
    if item["link"] == "form":
        link = item["evidence_origin"]
        said = f"; that it can lead there: {origin_text(link)}" if link and link["kind"] == "page" else ""
        return f"{item['via']}, which it can lead to (the symptom: {origin_text(item['origin'])}{said})"
    return ""


def _symptom_causes(symptom: Doc) -> str:
    """Who brings a symptom: each form in general (with the page that gives the symptom, once), then each cause,
    and how (with the page that says a cause leads to the form, where one does)."""
    names = [f"{form['name']} in general{_page_of(form['origin'])}" for form in symptom["forms"]]
    for c in symptom["causes"]:
        if c["link"] == "subtype":
            names.append(f"{c['name']} (its subtype {c['via']})")
        elif c["link"] == "form":
            led = c["evidence_origin"]
            said = f"; {led['organisation_name']}'s page says it leads there" if led["kind"] == "page" else ""
            names.append(f"{c['name']} (through {lower_first(c['via'])}{said})")
        else:
            names.append(str(c["name"]))
    return join_items(names) or "-"


def _page_of(origin: Doc) -> str:
    """The page a link comes from, said briefly; nothing for the article."""
    return f" ({origin['organisation_name']}'s page)" if origin["kind"] == "page" else ""
