"""What each reading command shows: records from the store, shaped for every format.

Each function returns a `View`: `data` (stable JSON/YAML, documented in the
README), `rows` (flat records for CSV, where the output is a list) and
`blocks` (for people).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from neuroleg.db.store import Doc, Store
from neuroleg.errors import UsageError
from neuroleg.text.figures import figure_span, figure_text
from neuroleg.text.wording import first_sentence, join_items
from neuroleg.views.document import Bar, Bars, Block, Bullets, Fields, Grid, Heading, Para, Styled, Title, View

if TYPE_CHECKING:
    from neuroleg.domain.search import Hit

NO_SOURCE = "The source article names no organisation for these facts."
SOURCE_NOTE = (
    "A fact rests on one of these organisations where the text says so ('according to ...') or a statistic "
    "names it; the other facts come from the source article this reference was written from, which names "
    "no organisation for them."
)
SYMPTOMS_NOTE = (
    "These are the symptoms the source article links to each cause; the list is not complete, and no list "
    "of symptoms can tell which cause someone has. "
)
SHORT_DISCLAIMER = "Educational reference, not medical advice: a clinician diagnoses the cause of leg pain."


def causes_view(store: Store) -> View:
    """`neuroleg causes`: every cause with its headline figure."""
    sources = sources_by_id(store)
    records = []
    for row in store.cause_rows():
        stat = row["headline"]
        headline = stat_record(stat, sources) if stat else None
        records.append({**{k: row[k] for k in ("id", "name", "category", "summary")}, "headline": headline})
    grid = Grid(
        ("Cause", "Category", "Key figure", "Summary"),
        tuple((r["name"], r["category"], _headline_text(r["headline"]), first_sentence(r["summary"])) for r in records),
        wide=(3,),
        caption="Causes, with each one's key figure and its source",
    )
    rows = tuple(
        {
            "id": r["id"],
            "name": r["name"],
            "category": r["category"],
            "headline": _headline_text(r["headline"]),
            "summary": r["summary"],
        }
        for r in records
    )
    hint = "Run 'neuroleg show NAME' for one cause. " + SHORT_DISCLAIMER
    return View("causes", records, (Title("Causes of neuropathic leg pain"), grid, Para(hint, note=True)), rows)


def show_view(store: Store, name: str) -> View:
    """`neuroleg show NAME`: everything about one cause."""
    cause = full_cause(store, store.resolve(name))
    blocks = [Title(cause["name"]), *cause_blocks(cause), Para(store.overview()["disclaimer"], note=True)]
    return View("show", cause, tuple(blocks))


def cause_blocks(cause: Doc, level: int = 2) -> list[Block]:
    """The body of one cause (from `full_cause`), its section headings at `level`."""
    blocks: list[Block] = [Para(cause["summary"])]
    blocks += [Heading("How it damages nerves", level), Para(cause["mechanism"])]
    blocks += _section("Symptoms", [f"{s['name']}: {s['description']}" for s in cause["symptoms"]], level)
    blocks += _section("Risk factors", cause["risk_factors"], level)
    blocks += _section("Statistics", [stat_sentence(s) for s in cause["statistics"]], level)
    if cause["subtypes"]:
        blocks.append(Heading("Subtypes", level))
        for sub in cause["subtypes"]:
            blocks += [Heading(sub["name"], level + 1), Para(sub["summary"]), Fields(_subtype_fields(sub))]
    blocks += _section("Treatment and outlook", cause["treatment"], level)
    blocks += _section("Related causes", [f"{r['name']} ({r['id']})" for r in cause["related"]], level)
    blocks.append(Heading("Sources", level))
    if cause["sources"]:
        blocks += [Bullets(tuple(source_line(s) for s in cause["sources"])), Para(SOURCE_NOTE)]
    else:
        blocks.append(Para(NO_SOURCE))
    return blocks


def compare_view(store: Store, names: list[str]) -> View:
    """`neuroleg compare A B ...`: causes side by side."""
    ids = list(dict.fromkeys(store.resolve(n) for n in names))
    if len(ids) < 2:
        raise UsageError(f"{' and '.join(repr(n) for n in names)} name the same cause: give two different causes")
    causes = [full_cause(store, i) for i in ids]
    aspects: list[tuple[str, Any]] = [
        ("Category", lambda c: c["category"]),
        ("Mechanism", lambda c: c["mechanism"]),
        ("Key symptoms", lambda c: join_items(s["name"] for s in c["symptoms"])),
        ("Risk factors", lambda c: join_items(c["risk_factors"]) or "none named"),
        ("Statistics", lambda c: join_items(stat_sentence(s) for s in c["statistics"]) or "none given"),
        ("Subtypes", lambda c: join_items(s["name"] for s in c["subtypes"]) or "none"),
        ("Sources", lambda c: join_items(s["short"] for s in c["sources"]) or "none named"),
    ]
    grid = Grid(
        ("", *(c["name"] for c in causes)),
        tuple((label, *(get(c) for c in causes)) for label, get in aspects),
        wide=tuple(range(1, len(causes) + 1)),
        caption="The causes compared, aspect by aspect",
    )
    keys = ("id", "name", "category", "mechanism", "symptoms", "risk_factors", "statistics", "subtypes", "sources")
    data = [{k: c[k] for k in keys} for c in causes]
    rows = tuple({"aspect": label, **{c["id"]: get(c) for c in causes}} for label, get in aspects)
    title = "Compared: " + ", ".join(c["name"] for c in causes)
    return View("compare", data, (Title(title), grid, Para(SHORT_DISCLAIMER, note=True)), rows)


def symptoms_view(store: Store) -> View:
    """`neuroleg symptoms`: each symptom with the causes that bring it."""
    general = set(store.overview()["symptoms"])
    data = []
    for sym in store.symptoms():
        links = store.causes_with_symptom(sym["id"])
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
    cause = full_cause(store, store.resolve(name))
    items = [{**s, "via": None} for s in cause["symptoms"]]
    known = {s["id"] for s in items}
    for sub in cause["subtypes"]:
        for sym in sub["symptoms"]:
            if sym["id"] not in known:
                known.add(sym["id"])
                items.append({**sym, "via": sub["name"]})
    grid = Grid(
        ("Symptom", "Description", "Through"),
        tuple((s["name"], s["description"], s["via"] or "") for s in items),
        wide=(1,),
        caption=f"Symptoms of {cause['name']}",
    )
    data = {"id": cause["id"], "name": cause["name"], "symptoms": items}
    rows = tuple(
        {"id": s["id"], "name": s["name"], "description": s["description"], "via": s["via"] or ""} for s in items
    )
    note = Para(SYMPTOMS_NOTE + SHORT_DISCLAIMER, note=True)
    return View("symptoms", data, (Title(f"Symptoms: {cause['name']}"), grid, note), rows)


def stats_view(store: Store) -> View:
    """`neuroleg stats`: every statistic, and a chart of the percentage ranges."""
    sources = sources_by_id(store)
    data = [{"cause": s["cause"], "cause_name": s["cause_name"], **stat_record(s, sources)} for s in store.statistics()]
    blocks: list[Block] = [Title("Statistics"), *stats_blocks(data)]
    rows = tuple(
        {
            k: s.get(k)
            for k in (
                "cause",
                "cause_name",
                "label",
                "figure",
                "low",
                "high",
                "value",
                "qualifier",
                "unit",
                "population",
                "source",
                "source_name",
                "note",
            )
        }
        for s in data
    )
    return View("stats", data, tuple(blocks), rows)


def stats_blocks(data: list[Doc], level: int = 2) -> list[Block]:
    """The statistics (from `stats_view`'s records) as a table and a chart of the percentages."""
    grid = Grid(
        ("Cause", "Figure", "Measure", "Population", "Source"),
        tuple((s["cause_name"], s["figure"], s["label"], s["population"], s["source_name"]) for s in data),
        wide=(2, 3),
        caption="Every statistic, with the population it applies to and its source",
    )
    bars = tuple(Bar(s["cause_name"], *figure_span(s), s["figure"]) for s in data if s["unit"] == "percent")
    blocks: list[Block] = [grid]
    if bars:
        blocks += [Heading("Percentages, drawn to scale (a range is drawn as a range)", level), Bars(bars, 100, "%")]
    blocks.append(Para("Each figure applies only to the population named beside it.", note=True))
    return blocks


def sources_view(store: Store) -> View:
    """`neuroleg sources`: each organisation, its address, and what rests on it."""
    data = [{**s, "facts": store.citations(s["id"])} for s in store.sources()]
    blocks: list[Block] = [Title("Sources")]
    for s in data:
        blocks += [Heading(source_title(s)), Para(s["url"])]
        blocks.append(Bullets(tuple(f["fact"] for f in s["facts"])) if s["facts"] else Para("Nothing cites it yet."))
    rows = tuple(
        {"id": s["id"], "name": s["name"], "short": s["short"], "url": s["url"], "cause": f["cause"], "fact": f["fact"]}
        for s in data
        for f in (s["facts"] or [{"cause": "", "fact": ""}])
    )
    return View("sources", data, tuple(blocks), rows)


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
    for section in overview["sections"]:
        blocks += [Heading(section["title"]), Para(section["text"])]
    blocks += _section("Common symptoms of peripheral neuropathy", [s["name"] for s in data["symptoms"]])
    blocks += _section("Causes (neuroleg show NAME)", [f"{c['name']} ({c['id']})" for c in data["causes"]])
    blocks.append(Para(overview["disclaimer"], note=True))
    return View("overview", data, tuple(blocks))


def search_view(query: str, hits: list[Hit]) -> View:
    """`neuroleg search QUERY`: ranked hits, with the matching words marked."""
    data = [
        {
            "id": h.id,
            "name": h.name,
            "kind": h.kind,
            "field": h.field,
            "fields": list(h.fields),
            "score": h.score,
            "snippet": h.snippet_text,
            "snippet_marked": h.snippet_marked(),
        }
        for h in hits
    ]
    grid = Grid(
        ("#", "Entry", "Field", "Score", "Snippet"),
        tuple(
            (str(i), f"{h.name} ({h.id})", h.field, f"{h.score:.3g}", Styled(h.snippet)) for i, h in enumerate(hits, 1)
        ),
        wide=(4,),
        caption=f"Entries matching {query}, best first",
    )
    rows = tuple({k: v for k, v in d.items() if k != "snippet_marked"} for d in data)
    return View("search", data, (Title(f"Search: {query}"), grid), rows)


# shaping helpers


def full_cause(store: Store, cause_id: str) -> Doc:
    """A cause with its symptom, source and related-cause ids resolved to records."""
    cause = store.cause(cause_id)
    symptoms = {s["id"]: s for s in store.symptoms()}
    sources = sources_by_id(store)
    related = store.cause_names(cause["related"])
    cause["symptoms"] = [symptoms[s] for s in cause["symptoms"]]
    cause["statistics"] = [stat_record(s, sources) for s in cause["statistics"]]
    # every organisation the entry cites: in its text, its statistics or its subtypes
    cited = [*cause["sources"], *(s["source"] for s in cause["statistics"])]
    cited += [s for sub in cause["subtypes"] for s in sub["sources"]]
    cause["sources"] = [sources[s] for s in dict.fromkeys(cited)]
    cause["related"] = [{"id": r, "name": related[r]} for r in cause["related"] if r in related]  # lint: skip
    for sub in cause["subtypes"]:
        sub["symptoms"] = [symptoms[s] for s in sub["symptoms"]]
        sub["sources"] = [sources[s] for s in sub["sources"]]
    return cause


def sources_by_id(store: Store) -> dict[str, Doc]:
    return {s["id"]: s for s in store.sources()}


def stat_record(stat: Doc, sources: dict[str, Doc]) -> Doc:
    source = sources[stat["source"]]
    keys = ("label", "low", "high", "value", "qualifier", "unit", "population", "source", "note")
    return {
        **{k: stat.get(k) for k in keys},
        "figure": figure_text(stat),
        "source_name": source["short"],
        "source_url": source["url"],
    }


def stat_sentence(stat: Doc) -> str:
    note = f" {stat['note']}" if stat.get("note") else ""
    return f"{stat['figure']}: {stat['label']}, among {stat['population']} (source: {stat['source_name']}).{note}"


def _headline_text(stat: Doc | None) -> str:
    return f"{stat['figure']} of {stat['population']} ({stat['source_name']})" if stat else "-"


def _subtype_fields(sub: Doc) -> tuple[tuple[str, str], ...]:
    pairs = [
        ("Also called", join_items(sub["aliases"])),
        ("Where", sub.get("location", "")),
        ("Side", sub.get("side", "")),
        ("Signs", join_items(s["name"] for s in sub["symptoms"])),
        ("Most at risk", join_items(sub["risk_factors"])),
        ("Sources", join_items(s["short"] for s in sub["sources"])),
    ]
    return tuple((k, v) for k, v in pairs if v)


def source_title(source: Doc) -> str:
    return source["name"] if source["short"] == source["name"] else f"{source['name']} ({source['short']})"


def source_line(source: Doc) -> str:
    return f"{source_title(source)}: {source['url']}"


def _section(title: str, items: list[str], level: int = 2) -> list[Block]:
    return [Heading(title, level), Bullets(tuple(items))] if items else []


def _symptom_causes(symptom: Doc) -> str:
    names = [_via(c) for c in symptom["causes"]]
    if symptom["general"]:
        names.insert(0, "peripheral neuropathy in general (see overview)")
    return join_items(names) or "-"


def _via(link: Doc) -> str:
    return f"{link['name']} ({link['via']})" if link["via"] else str(link["name"])
