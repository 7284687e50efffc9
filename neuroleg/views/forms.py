"""`neuroleg show FORM`: a form of neuropathy's own page: what it is, its symptoms with their sources, the causes
that lead to it, what raises it, its figures and its codes."""

from __future__ import annotations

from neuroleg.db.store import Store
from neuroleg.domain.credits import Origins, distinct_origins, origin_line, origin_text
from neuroleg.kb.links import Doc
from neuroleg.text.names import lower_first
from neuroleg.text.wording import join_items
from neuroleg.views.body_map import body_map, felt_in_entries
from neuroleg.views.codes import code_blocks
from neuroleg.views.document import Block, Bullets, Fields, Heading, Para, Title, View, section
from neuroleg.views.glossary import words_on_page
from neuroleg.views.notes import CODES_NOTE
from neuroleg.views.records import LinkedSymptom, Subject, Vocabulary, credit_note, stat_entry, stat_sentence


def form_view(store: Store, form: Doc) -> View:
    """Everything the reference says of one form of neuropathy, each fact with where it comes from."""
    known = Vocabulary(store)
    origins = known.origins
    symptoms = known.form_symptoms(form)
    causes = [{**c, "origin": origins.of(c["page"])} for c in store.form_causes(form["id"])]
    risks = [{**r, "origin": origins.of(r["page"])} for r in store.form_risks(form["name"])]
    # each row says what it is about already: no cause's record is read (a big file has thousands)
    about = Subject(kind="form", id=form["id"], name=form["name"])
    stats = [stat_entry(s, known.sources, about) for s in store.statistics() if s.get("about") == form["id"]]
    claims = known.facts(form.get("claims", []))
    felt_in = felt_in_entries(form.get("felt_in", []), origins)
    data = {
        "kind": "form",
        "id": form["id"],
        "name": form["name"],
        "aliases": list(form.get("aliases", [])),
        "summary": form["summary"],
        "claims": claims,
        "symptoms": symptoms,
        "felt_in": felt_in,
        "causes": causes,
        "risk_factors": risks,
        "statistics": stats,
        "codes": known.codes(form),
    }
    facts = [*claims, *symptoms, *felt_in, *causes, *risks]
    data["origins"] = distinct_origins([origins.article, *(i["origin"] for i in facts)])
    blocks: list[Block] = [Title(form["name"]), Para(form["summary"])]
    blocks += section("What the sources say", [credit_note(c, known.sources) for c in claims])
    blocks += section(
        "Symptoms",
        [f"{s['name']}: {s['description']} (source: {origin_text(s['origin'])})" for s in symptoms],
    )
    if not symptoms:
        blocks.append(Para("The sources read here list no symptoms of this form of its own.", note=True))
    blocks += body_map(lower_first(form["name"]), felt_in)
    blocks += section(
        "Causes that can lead to it",
        [f"{c['name']} ({c['id']}): {c['evidence']} (source: {origin_text(c['origin'])})" for c in causes],
    )
    blocks += section("Risk factors", [_risk_line(r) for r in risks])
    blocks += section("Statistics", [stat_sentence(s) for s in stats])
    blocks += code_blocks(data["codes"], 2, note=False)
    if data["codes"]:
        blocks.append(Para(CODES_NOTE, note=True))
    blocks += [Heading("Sources"), Bullets(tuple(origin_line(o) for o in data["origins"]))]
    blocks += words_on_page(store, blocks, form["name"])
    blocks.append(Para(store.overview()["disclaimer"], note=True))
    return View("show", data, tuple(blocks))


def _risk_line(risk: Doc) -> str:
    among = f", among {risk['among']}" if risk["among"] else ""
    via = f" ({risk['via']})" if risk["via"] else ""
    where = origin_text(risk["origin"])
    return f"{risk['text']} (listed under {lower_first(risk['cause_name'])}{via}{among}; source: {where})"


def form_symptom_fields(form_name: str, symptoms: list[LinkedSymptom]) -> list[tuple[str, str]]:
    """A form's symptoms, grouped by where each comes from: 'Symptoms of X in general (source)': names."""
    groups: dict[str, list[str]] = {}
    for s in symptoms:
        groups.setdefault(origin_text(s["origin"]), []).append(s["name"])
    return [(f"Symptoms of {lower_first(form_name)} in general ({where})", join_items(names))
            for where, names in groups.items()]  # fmt: skip


def form_blocks(forms: list[Doc], level: int = 2, maps: Origins | None = None) -> list[Block]:
    """Each form of neuropathy that lists symptoms: what it is, then its usual symptoms, by source; with `maps`
    (the origins of the sources), where it is felt too (a handout's body map)."""
    blocks: list[Block] = []
    for form in forms:
        if form["symptoms"]:
            blocks += [Heading(f"Common symptoms of {lower_first(form['name'])}", level), Para(form["summary"])]
            blocks.append(Fields(tuple(form_symptom_fields(form["name"], form["symptoms"]))))
            if maps is not None:
                blocks += body_map(lower_first(form["name"]), felt_in_entries(form.get("felt_in", []), maps))
    return blocks
