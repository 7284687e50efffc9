"""`neuroleg export`: one complete handout (overview, causes, statistics, glossary, sources) to print or share."""

from __future__ import annotations

import datetime

from neuroleg import __version__
from neuroleg.db.store import Store
from neuroleg.domain.credits import origin_line
from neuroleg.kb.codes import condition_name
from neuroleg.kb.links import Doc
from neuroleg.text.wording import join_items
from neuroleg.views.causes import cause_blocks
from neuroleg.views.codes import hpo_text, titled_code_pairs
from neuroleg.views.document import Block, Bullets, Fields, Heading, Para, Title, View
from neuroleg.views.forms import form_blocks
from neuroleg.views.glossary import glossary_blocks
from neuroleg.views.medical_help import help_blocks
from neuroleg.views.notes import ARTICLE_NOTE, CODES_NOTE, CREDITED
from neuroleg.views.records import Vocabulary, cause_entry, source_line
from neuroleg.views.stats import stats_blocks


def export_view(store: Store, names: list[str], made: datetime.date) -> View:
    """The handout for the named causes (every cause when `names` is empty), dated `made`."""
    ids = list(dict.fromkeys(store.resolve(n) for n in names)) or [row["id"] for row in store.cause_rows()]
    known = Vocabulary(store)
    causes = [cause_entry(store, i, known) for i in ids]
    overview = store.overview()
    everything = not names
    condition = store.condition()
    title = condition["name"] + ("" if everything else ": " + ", ".join(c["name"] for c in causes))
    blocks: list[Block] = [Title(title, contents=True), Para(overview["disclaimer"], note=True)]
    blocks.append(
        Fields(
            (
                ("Made", made.isoformat()),
                ("By", f"neuroleg {__version__}, an offline reference"),
                ("Covers", join_items(c["name"] for c in causes)),
            )
        )
    )
    blocks += [Heading("Overview"), Para(overview["summary"])]
    for part in overview["sections"]:
        blocks += [Heading(part["title"], 3), Para(part["text"])]
    forms = [{**f, "symptoms": known.form_symptoms(f)} for f in known.forms.values()]
    blocks += form_blocks(forms, level=3, maps=known.origins)
    if known.systems:  # said once, before the causes whose codes it is about
        blocks += [Heading("Standard codes", 3), Para(CODES_NOTE), Para(_releases(known.systems))]
        blocks += _general_codes(overview, condition, known)
    for cause in causes:
        blocks += [Heading(cause["name"]), *cause_blocks(cause, known.sources, level=3, codes_note=False)]
    stats = [(c["name"], s) for c in causes for s in c["statistics"]]
    blocks.append(Heading("Statistics"))
    blocks += stats_blocks(stats, level=3) if stats else [Para("The sources give no figures for these causes.")]
    blocks += glossary_blocks(store)  # the hard words, explained: before the sources, which it names too
    cited = known.sources.values() if everything else [s for c in causes for s in c["sources"]]
    blocks.append(Heading("Sources"))
    origins = {o.get("id", ""): o for c in causes for o in c["origins"]} or {"": known.origins.article}
    if everything:
        origins.update({i: o for i, o in known.origins.pages.items() if i not in origins})
    for entry in store.glossary():  # the pages the glossary's meanings come from are sources of the handout too
        if entry.get("page"):
            origins.setdefault(entry["page"], known.origins.of(entry["page"]))
    blocks.append(Bullets(tuple(origin_line(o) for o in origins.values())))
    listed = list({s["id"]: s for s in cited}.values())
    if listed:
        blocks += [Para(CREDITED), Bullets(tuple(source_line(s) for s in listed))]
    blocks += [Para(ARTICLE_NOTE), *help_blocks(store.medical_help()), Para(overview["disclaimer"], note=True)]
    data = {
        "title": title,
        "made": made.isoformat(),
        "version": __version__,
        "causes": [c["id"] for c in causes],
        "sources": [s["id"] for s in listed],
        "origins": list(origins.values()),
    }
    return View("export", data, tuple(blocks))


def _general_codes(overview: Doc, condition: Doc, known: Vocabulary) -> list[Block]:
    """The codes of the condition itself and of each form of neuropathy, and the HPO term of each symptom."""
    subjects = [(condition_name(overview, condition), overview), *((f["name"], f) for f in known.forms.values())]
    pairs = titled_code_pairs([(name, known.codes(doc)) for name, doc in subjects])
    blocks: list[Block] = [Fields(tuple(pairs))] if pairs else []
    terms = [(s["name"], (known.codes(s) or {}).get("hpo")) for s in known.symptom_docs.values()]
    named = [(name, hpo_text(hpo)) for name, hpo in terms if hpo]
    if named:
        blocks += [Para("The HPO term of each symptom:"), Fields(tuple(named))]
    return blocks


def _releases(systems: dict[str, Doc]) -> str:
    """The releases the codes come from, each with its page."""
    return "Codes come from " + join_items(f"{s['name']}, {s['release']} ({s['url']})" for s in systems.values()) + "."
