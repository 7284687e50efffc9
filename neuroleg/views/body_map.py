"""Where a form, cause or subtype is felt: each source's regions in words, and the body map block of them.

The map is of the legs, front view: it shades the regions of the legs a source
names (one leg only where the sources say it is usually on one side). Hands and
arms are said in words. The drawing itself is the HTML renderer's (`render/body_map.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from neuroleg.domain.credits import Origins, origin_text
from neuroleg.kb.links import Doc
from neuroleg.text.wording import and_list
from neuroleg.views.document import BodyMap

if TYPE_CHECKING:
    from typing import TypedDict

    class FeltInEntry(TypedDict):
        """Where one source says something is felt: regions, where it sometimes spreads, the side (None: the
        source does not say), and the source (`domain.credits.Origins`)."""

        where: list[str]
        sometimes: list[str]
        side: str | None
        origin: dict[str, Any]

else:
    FeltInEntry = dict

DRAWN = ("hips", "thighs", "legs", "feet")  # the regions the map of the legs shades, top to bottom
SIDES = {"usually-one": "usually on one side of the body", "usually-both": "usually on both sides of the body"}


def felt_in_entries(docs: list[Doc], origins: Origins) -> list[FeltInEntry]:
    """A subject's `felt_in` records, each with its origin (the article or a page)."""
    return [
        FeltInEntry(
            where=list(d["where"]),
            sometimes=list(d.get("sometimes", [])),
            side=d.get("side"),
            origin=origins.of(d.get("page")),
        )
        for d in docs
    ]


def felt_in_words(entry: FeltInEntry) -> str:
    """One source's regions in words: 'the feet and legs, usually on both sides of the body; sometimes also the
    hands and arms'."""
    words = "the " + and_list(entry["where"])
    if entry["side"]:
        words += f", {SIDES[entry['side']]}"
    if entry["sometimes"]:
        words += "; sometimes also the " + and_list(entry["sometimes"])
    return words


def body_map(subject: str, entries: list[FeltInEntry]) -> list[BodyMap]:
    """The body map of one subject (none when no source says where it is felt, or names no part of the legs)."""
    shaded: dict[str, str] = {}  # region -> "one" (every source naming it says usually one side) or "both"
    for entry in entries:
        for region in entry["where"]:
            if region in DRAWN:
                one = entry["side"] == "usually-one"
                shaded[region] = "one" if one and shaded.get(region, "one") == "one" else "both"
    if not shaded:
        return []
    regions = tuple((r, shaded[r]) for r in DRAWN if r in shaded)
    named = and_list(dict.fromkeys(r for e in entries for r in e["where"] if r in shaded))  # as the sources say
    one = all(side == "one" for _, side in regions)
    caption = f"Where it is felt: the {named}" + (", usually on one side of the body." if one else ".")
    beyond = dict.fromkeys(r for e in entries for r in [*e["where"], *e["sometimes"]] if r not in shaded)
    if beyond:
        who = "The source also names" if len(entries) == 1 else "The sources also name"
        caption += f" {who} the {and_list(beyond)}."
    sources = tuple(f"From {origin_text(e['origin'])}: {felt_in_words(e)}." for e in entries)
    title = f"Map of the legs for {subject}: the {named} shaded" + (", on one leg" if one else "")
    return [BodyMap(title=title, regions=regions, caption=caption, sources=sources)]
