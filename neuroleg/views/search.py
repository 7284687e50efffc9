"""`search`: ranked hits, with the matching words marked."""

from __future__ import annotations

from neuroleg.domain.search import Hit
from neuroleg.views.document import Grid, Para, Styled, Title, View
from neuroleg.views.notes import CODES_NOTE


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
        tuple((str(i), _entry(h), h.field, f"{h.score:.3g}", Styled(h.snippet)) for i, h in enumerate(hits, 1)),
        wide=(4,),
        caption=f"Entries matching {query}, best first",
    )
    rows = tuple({k: v for k, v in d.items() if k != "snippet_marked"} for d in data)
    codes = [Para(CODES_NOTE, note=True)] if any(h.field == "codes" for h in hits) else []
    return View("search", data, (Title(f"Search: {query}"), grid, *codes), rows)


def _entry(hit: Hit) -> str:
    """A hit's entry as a reader finds it again: a cause by its id, a glossary term as one."""
    return f"{hit.name} ({'glossary' if hit.kind == 'term' else hit.id})"
