"""`stats`: every statistic with its population and source, and a chart of the percentages."""

from __future__ import annotations

from collections.abc import Sequence

from neuroleg.db.store import Store
from neuroleg.kb.links import Doc
from neuroleg.text.figures import figure_open, figure_span
from neuroleg.views.document import Bar, Bars, Block, Grid, Heading, Para, Title, View
from neuroleg.views.notes import FIGURES_NOTE
from neuroleg.views.records import StatEntry, Subject, sources_by_id, stat_entry

CSV_COLUMNS = ("cause", "cause_name", "label", "figure", "low", "high", "value", "qualifier", "unit",
               "population", "about", "about_name", "source", "source_name", "note")  # fmt: skip


def stats_view(store: Store) -> View:
    """`neuroleg stats`: every statistic, and a chart of the percentage ranges."""
    sources = sources_by_id(store)
    stats = [((s["cause"], s["cause_name"]), stat_entry(s, sources, _subject(s))) for s in store.statistics()]
    data = [{"cause": cause, "cause_name": name, **stat} for (cause, name), stat in stats]
    rows = tuple({k: s[k] for k in CSV_COLUMNS if k in s} | _about(s) for s in data)
    rows = tuple({k: row[k] for k in CSV_COLUMNS} for row in rows)  # in the documented column order
    return View("stats", data, (Title("Statistics"), *stats_blocks([(name, s) for (_, name), s in stats])), rows)


def stats_blocks(stats: Sequence[tuple[str, StatEntry]], level: int = 2) -> list[Block]:
    """Statistics, each with its cause's name, as a table and a chart of the percentages."""
    grid = Grid(
        ("Cause", "Figure", "Measure", "Population", "Source"),
        tuple((cause, s["figure"], s["label"], s["population"], s["source_name"]) for cause, s in stats),
        wide=(2, 3),
        caption="Every statistic, with the population it applies to and its source",
    )
    bars = tuple(
        Bar(cause, *figure_span(dict(s)), s["figure"], open=figure_open(dict(s)))
        for cause, s in stats
        if s["unit"] == "percent"
    )
    blocks: list[Block] = [grid]
    if bars:
        blocks += [Heading("Percentages, drawn to scale (a range is drawn as a range)", level), Bars(bars, 100, "%")]
    blocks.append(Para(FIGURES_NOTE, note=True))
    return blocks


def _subject(stat: Doc) -> Subject:
    return Subject(kind=stat["subject"]["kind"], id=stat["about"], name=stat["subject"]["name"])


def _about(stat: Doc) -> dict[str, str]:
    return {"about": stat["about"]["id"], "about_name": stat["about"]["name"]}
