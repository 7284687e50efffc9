"""`causes`, `show` and `compare`: the causes listed, one in full, several side by side."""

from __future__ import annotations

from collections.abc import Callable

from neuroleg.db.store import Store
from neuroleg.domain.credits import origin_line
from neuroleg.errors import UnknownNameError, UsageError
from neuroleg.kb.codes import carried_codes, code_key, looks_like_code
from neuroleg.text.names import lower_first
from neuroleg.text.wording import first_sentence, join_items
from neuroleg.views.body_map import body_map
from neuroleg.views.codes import code_blocks, code_pairs, icd_short, system_label
from neuroleg.views.document import Block, Bullets, Fields, Grid, Heading, Para, Title, View, section
from neuroleg.views.forms import form_symptom_fields, form_view
from neuroleg.views.glossary import words_on_page
from neuroleg.views.notes import CODES_NOTE, CREDITED, NO_SOURCE, SOURCE_NOTE, short_disclaimer
from neuroleg.views.records import (
    CauseEntry,
    FactEntry,
    FormLinkEntry,
    SourceEntry,
    SubtypeEntry,
    Vocabulary,
    cause_entry,
    credit_note,
    form_fact,
    risk_sentence,
    source_line,
    stat_headline,
    stat_sentence,
)


def causes_view(store: Store) -> View:
    """`neuroleg causes`: every cause with its headline figure."""
    known = Vocabulary(store)
    records = []
    for row in store.cause_rows():
        headline = known.stat(row, row["headline"]) if row["headline"] else None
        category = {"category": row["category"], "category_name": known.category_name(row["category"])}
        records.append(
            {"id": row["id"], "name": row["name"], **category, "summary": row["summary"], "headline": headline}
        )
    grid = Grid(
        ("Cause", "Category", "Key figure", "Summary"),
        tuple(
            (r["name"], r["category_name"], stat_headline(r["headline"]), first_sentence(r["summary"])) for r in records
        ),
        wide=(3,),
        caption="Causes, with each one's key figure and its source",
    )
    columns = ("id", "name", "category", "category_name", "headline", "summary")  # in the table's order
    rows = tuple({k: stat_headline(r["headline"]) if k == "headline" else r[k] for k in columns} for r in records)
    condition = store.condition()
    hint = "Run 'neuroleg show NAME' for one cause. " + short_disclaimer(condition["short"])
    title = Title(f"Causes of {lower_first(condition['name'])}")
    return View("causes", records, (title, grid, Para(hint, note=True)), rows)


def show_view(store: Store, name: str) -> View:
    """`neuroleg show NAME`: everything about one cause, or a form of neuropathy's own page."""
    form = store.form_named(name)
    if form is not None:
        return form_view(store, form)
    try:
        cause_id = store.resolve(name)
    except UnknownNameError as exc:  # no cause or subtype: a hard word the glossary explains, if it has it
        return _glossary_fallback(store, name, exc)
    known = Vocabulary(store)
    cause = cause_entry(store, cause_id, known)
    blocks: list[Block] = [Title(cause["name"]), *_found_by_code(name, cause), *cause_blocks(cause, known.sources)]
    blocks += words_on_page(store, blocks, cause["name"])
    blocks.append(Para(store.overview()["disclaimer"], note=True))
    return View("show", cause, tuple(blocks))


def _glossary_fallback(store: Store, name: str, unknown: UnknownNameError) -> View:
    """`show TERM` for a word no cause, subtype or form has: its glossary entry; else the cause's error, with the
    nearest glossary terms added to its suggestions when no cause's name is near."""
    from neuroleg.domain.glossary import find_term, suggest_terms
    from neuroleg.views.glossary import term_view

    entry = find_term(store, name)
    if entry is not None:
        return term_view(store, entry, command="show")
    if not unknown.suggestions and not unknown.code_holder:
        unknown.suggestions = suggest_terms(store, name)
    raise unknown


def _found_by_code(name: str, cause: CauseEntry) -> list[Block]:
    """When a code found the cause, which part of it the code belongs to (E11.44: its subtype diabetic amyotrophy)."""
    if not looks_like_code(name):
        return []
    wanted = code_key(name)
    for subject, codes in [(None, cause["codes"]), *((s["name"], s["codes"]) for s in cause["subtypes"])]:
        code = next((c for c in carried_codes(codes or {}) if code_key(c) == wanted), None)
        if code:
            what = f"its subtype {lower_first(subject)}" if subject else lower_first(cause["name"])
            return [Para(f"{code} is how {what} is typically coded (see 'Standard codes' below).", note=True)]
    return []


def cause_blocks(
    cause: CauseEntry, sources: dict[str, SourceEntry], level: int = 2, *, codes_note: bool = True
) -> list[Block]:
    """The body of one cause, its section headings at `level`; `codes_note`: say here what codes are for (a
    handout says it once for all its causes)."""
    blocks: list[Block] = [Para(cause["summary"])]
    blocks += section("What the sources say", [credit_note(f, sources) for f in cause["claims"]], level)
    blocks += [Heading("How it damages nerves", level), Para(cause["mechanism"])]
    own = [credit_note(FactEntry(text=f"{s['name']}: {s['description']}", credited=s["credited"], origin=s["origin"]),
                       sources) for s in cause["symptoms"]]  # fmt: skip
    blocks += section("Symptoms", own, level)
    blocks += body_map(lower_first(cause["name"]), cause["felt_in"])
    if cause["forms"]:
        blocks.append(Heading("Forms of neuropathy it can lead to", level))
    for form in cause["forms"]:
        blocks.append(Para(f"{form['name']}: {credit_note(form_fact(form), sources)}"))
        if form["symptoms"]:  # its codes are not said here: a form's (G62.9, "no cause recorded") misleads on a cause
            blocks.append(Fields(tuple(form_symptom_fields(form["name"], form["symptoms"]))))
        blocks += [Para(credit_note(c, sources)) for c in form["claims"]]
    blocks += section("Risk factors", [risk_sentence(r, cause["id"]) for r in cause["risk_factors"]], level)
    blocks += section("Statistics", [stat_sentence(s) for s in cause["statistics"]], level)
    if cause["subtypes"]:
        blocks.append(Heading("Subtypes", level))
        for sub in cause["subtypes"]:
            blocks += [Heading(sub["name"], level + 1), Para(sub["summary"]), Fields(_subtype_fields(sub, sources))]
            blocks += body_map(lower_first(sub["name"]), sub["felt_in"])
    blocks += section("Treatment and outlook", [credit_note(f, sources) for f in cause["treatment"]], level)
    blocks += section("Related causes", [f"{r['name']} ({r['id']})" for r in cause["related"]], level)
    blocks += code_blocks(cause["codes"], level, note=False)
    if codes_note and any([cause["codes"], *(s["codes"] for s in cause["subtypes"])]):
        blocks.append(Para(CODES_NOTE, note=True))
    blocks.append(Heading("Sources", level))
    blocks.append(Bullets(tuple(origin_line(o) for o in cause["origins"])))
    if cause["sources"]:
        blocks += [Para(CREDITED), Bullets(tuple(source_line(s) for s in cause["sources"])), Para(SOURCE_NOTE)]
    elif len(cause["origins"]) == 1:  # the article alone, and it credits no organisation here
        blocks.append(Para(NO_SOURCE))
    return blocks


def compare_view(store: Store, names: list[str]) -> View:
    """`neuroleg compare A B ...`: causes side by side."""
    ids = list(dict.fromkeys(store.resolve(n) for n in names))
    if len(ids) < 2:
        raise UsageError(f"{' and '.join(repr(n) for n in names)} name the same cause: give two different causes")
    known = Vocabulary(store)
    causes = [cause_entry(store, i, known) for i in ids]
    aspects: list[tuple[str, Callable[[CauseEntry], str]]] = [
        ("Category", lambda c: c["category_name"]),
        ("Mechanism", lambda c: c["mechanism"]),
        ("Its own symptoms", lambda c: join_items(s["name"] for s in c["symptoms"])),
        ("Through forms of neuropathy", lambda c: join_items(_form_line(f) for f in c["forms"]) or "none named"),
        ("Risk factors", lambda c: join_items(risk_sentence(r, c["id"]) for r in c["risk_factors"]) or "none named"),
        ("Statistics", lambda c: join_items(stat_sentence(s) for s in c["statistics"]) or "none given"),
        ("Subtypes", lambda c: join_items(s["name"] for s in c["subtypes"]) or "none"),
        ("Sources", lambda c: join_items(s["short"] for s in c["sources"]) or "none named"),
    ]
    releases = [c["codes"]["icd10cm"] for c in causes if c["codes"] and "icd10cm" in c["codes"]]
    if releases:
        aspects.append((f"Typically coded as ({system_label(releases[0])})", _coded_as))
    grid = Grid(
        ("", *(c["name"] for c in causes)),
        tuple((label, *(get(c) for c in causes)) for label, get in aspects),
        wide=tuple(range(1, len(causes) + 1)),
        caption="The causes compared, aspect by aspect",
    )
    keys = ("id", "name", "category", "category_name", "mechanism", "symptoms", "forms", "risk_factors", "statistics",
            "subtypes", "sources", "codes")  # fmt: skip
    data = [{k: v for k, v in c.items() if k in keys} for c in causes]
    rows = tuple({"aspect": label, **{c["id"]: get(c) for c in causes}} for label, get in aspects)
    title = "Compared: " + ", ".join(c["name"] for c in causes)
    disclaimer = short_disclaimer(store.condition()["short"])
    notes = f"{CODES_NOTE} {disclaimer}" if any(c["codes"] for c in causes) else disclaimer
    return View("compare", data, (Title(title), grid, Para(notes, note=True)), rows)


def _coded_as(cause: CauseEntry) -> str:
    icd = (cause["codes"] or {}).get("icd10cm")
    return icd_short(icd) if icd else "none given"


def _form_line(form: FormLinkEntry) -> str:
    symptoms = join_items(s["name"] for s in form["symptoms"])
    return f"{form['name']} ({symptoms})" if symptoms else form["name"]


def _subtype_fields(sub: SubtypeEntry, sources: dict[str, SourceEntry]) -> tuple[tuple[str, str], ...]:
    credited = dict.fromkeys(
        s for s in [*(f["credited"] for f in sub["risk_factors"]), *(s["credited"] for s in sub["symptoms"])] if s
    )
    pairs = [
        ("Also called", join_items(sub["aliases"])),
        ("Where", sub.get("location", "")),
        ("Side", sub.get("side", "")),
        ("Signs", join_items(s["name"] for s in sub["symptoms"])),
        ("Risk factors", join_items(risk_sentence(r, sub["id"]) for r in sub["risk_factors"])),
        ("What the sources say", join_items(credit_note(f, sources) for f in sub["claims"])),
        ("Sources", join_items(sources[s]["short"] for s in credited if s in sources)),
        *code_pairs(sub["codes"]),
    ]
    return tuple((k, v) for k, v in pairs if v)
