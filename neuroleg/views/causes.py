"""`causes`, `show` and `compare`: the causes listed, one in full, several side by side."""

from __future__ import annotations

from collections.abc import Callable

from neuroleg.db.store import Store
from neuroleg.errors import UsageError
from neuroleg.text.wording import first_sentence, join_items
from neuroleg.views.document import Block, Bullets, Fields, Grid, Heading, Para, Title, View, section
from neuroleg.views.notes import NO_SOURCE, SHORT_DISCLAIMER, SOURCE_NOTE
from neuroleg.views.records import (
    CauseEntry,
    SubtypeEntry,
    cause_entry,
    source_line,
    sources_by_id,
    stat_entry,
    stat_headline,
    stat_sentence,
)


def causes_view(store: Store) -> View:
    """`neuroleg causes`: every cause with its headline figure."""
    sources = sources_by_id(store)
    records = []
    for row in store.cause_rows():
        headline = stat_entry(row["headline"], sources) if row["headline"] else None
        records.append({**{k: row[k] for k in ("id", "name", "category", "summary")}, "headline": headline})
    grid = Grid(
        ("Cause", "Category", "Key figure", "Summary"),
        tuple((r["name"], r["category"], stat_headline(r["headline"]), first_sentence(r["summary"])) for r in records),
        wide=(3,),
        caption="Causes, with each one's key figure and its source",
    )
    rows = tuple({**{k: r[k] for k in ("id", "name", "category")}, "headline": stat_headline(r["headline"]),
                  "summary": r["summary"]} for r in records)  # fmt: skip
    hint = "Run 'neuroleg show NAME' for one cause. " + SHORT_DISCLAIMER
    return View("causes", records, (Title("Causes of neuropathic leg pain"), grid, Para(hint, note=True)), rows)


def show_view(store: Store, name: str) -> View:
    """`neuroleg show NAME`: everything about one cause."""
    cause = cause_entry(store, store.resolve(name))
    blocks = [Title(cause["name"]), *cause_blocks(cause), Para(store.overview()["disclaimer"], note=True)]
    return View("show", cause, tuple(blocks))


def cause_blocks(cause: CauseEntry, level: int = 2) -> list[Block]:
    """The body of one cause, its section headings at `level`."""
    blocks: list[Block] = [Para(cause["summary"])]
    blocks += [Heading("How it damages nerves", level), Para(cause["mechanism"])]
    blocks += section("Symptoms", [f"{s['name']}: {s['description']}" for s in cause["symptoms"]], level)
    blocks += section("Risk factors", list(cause["risk_factors"]), level)
    blocks += section("Statistics", [stat_sentence(s) for s in cause["statistics"]], level)
    if cause["subtypes"]:
        blocks.append(Heading("Subtypes", level))
        for sub in cause["subtypes"]:
            blocks += [Heading(sub["name"], level + 1), Para(sub["summary"]), Fields(_subtype_fields(sub))]
    blocks += section("Treatment and outlook", list(cause["treatment"]), level)
    blocks += section("Related causes", [f"{r['name']} ({r['id']})" for r in cause["related"]], level)
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
    causes = [cause_entry(store, i) for i in ids]
    aspects: list[tuple[str, Callable[[CauseEntry], str]]] = [
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
    data = [{k: v for k, v in c.items() if k in keys} for c in causes]
    rows = tuple({"aspect": label, **{c["id"]: get(c) for c in causes}} for label, get in aspects)
    title = "Compared: " + ", ".join(c["name"] for c in causes)
    return View("compare", data, (Title(title), grid, Para(SHORT_DISCLAIMER, note=True)), rows)


def _subtype_fields(sub: SubtypeEntry) -> tuple[tuple[str, str], ...]:
    pairs = [
        ("Also called", join_items(sub["aliases"])),
        ("Where", sub.get("location") or ""),
        ("Side", sub.get("side") or ""),
        ("Signs", join_items(s["name"] for s in sub["symptoms"])),
        ("Most at risk", join_items(sub["risk_factors"])),
        ("Sources", join_items(s["short"] for s in sub["sources"])),
    ]
    return tuple((k, v) for k, v in pairs if v)
