"""What each reading command does: Typer's commands and the fast path both call these, with the same values.

The command line's form (options, types, bounds, defaults) is Typer's to check
(neuroleg/cli/app.py declares it; the fast path's grammar is generated from
it). A check that needs more than the form (two names to compare, a field
named by `--in`) is made here, once, before anything is read or written: it
raises `BadArgument`, which Typer says as a usage error (exit 2) and the fast
path hands to Typer.
"""

from __future__ import annotations

from neuroleg.cli.edge import show_view_of
from neuroleg.errors import BadArgument


def causes(fmt: str | None, data: str | None, no_pager: bool) -> None:
    from neuroleg.views.causes import causes_view

    show_view_of(causes_view, data, fmt, no_pager)


def show(name: str, fmt: str | None, data: str | None, no_pager: bool) -> None:
    from neuroleg.views.causes import show_view

    show_view_of(lambda store: show_view(store, name), data, fmt, no_pager)


def glossary(term: str | None, fmt: str | None, data: str | None, no_pager: bool) -> None:
    from neuroleg.domain.glossary import resolve_term
    from neuroleg.views.glossary import glossary_view, term_view

    show_view_of(
        lambda store: term_view(store, resolve_term(store, term)) if term else glossary_view(store), data, fmt, no_pager
    )


def compare(names: list[str], fmt: str | None, data: str | None, no_pager: bool) -> None:
    if len(names) < 2:
        raise BadArgument("give at least two names to compare", "names")
    from neuroleg.views.causes import compare_view

    show_view_of(lambda store: compare_view(store, names), data, fmt, no_pager)


def symptoms(name: str | None, grid: bool, fmt: str | None, data: str | None, no_pager: bool) -> None:
    if grid:
        if name is not None:  # one cause's column is its own page: `symptoms NAME` says the same, and how
            raise BadArgument("--grid shows every cause: leave out NAME, or leave out --grid for one cause", "grid")
        from neuroleg.views.symptom_grid import symptom_grid_view

        show_view_of(symptom_grid_view, data, fmt, no_pager)
        return
    from neuroleg.views.symptoms import cause_symptoms_view, symptoms_view

    show_view_of(lambda store: cause_symptoms_view(store, name) if name else symptoms_view(store), data, fmt, no_pager)


def codes(fmt: str | None, data: str | None, no_pager: bool) -> None:
    from neuroleg.views.codes import codes_view

    show_view_of(codes_view, data, fmt, no_pager)


def stats(fmt: str | None, data: str | None, no_pager: bool) -> None:
    from neuroleg.views.stats import stats_view

    show_view_of(stats_view, data, fmt, no_pager)


def sources(fmt: str | None, data: str | None, no_pager: bool) -> None:
    from neuroleg.views.sources import sources_view

    show_view_of(sources_view, data, fmt, no_pager)


def overview(fmt: str | None, data: str | None, no_pager: bool) -> None:
    from neuroleg.views.overview import overview_view

    show_view_of(overview_view, data, fmt, no_pager)


def search(query: str, limit: int, fields: list[str] | None, fmt: str | None, data: str | None, no_pager: bool) -> None:
    """`fields`: the values of every `--in`, each naming one field or several, comma-separated (None: every field)."""
    split = [f for value in fields or [] for f in value.split(",") if f.strip()]
    if fields is not None and not split:
        raise BadArgument("name a field", "fields")
    from neuroleg.domain.search import search as run_search
    from neuroleg.views.search import search_view

    show_view_of(
        lambda store: search_view(query, run_search(store, query, limit=limit, fields=split)), data, fmt, no_pager
    )


def match(
    symptoms: list[str] | None, risks: list[str] | None, limit: int, fmt: str | None, data: str | None, no_pager: bool
) -> None:
    if not symptoms and not risks:
        raise BadArgument("give at least one symptom or --risk factor", "symptoms")
    from neuroleg.domain.match import match_causes
    from neuroleg.views.match import match_view

    said, risky = symptoms or [], risks or []
    show_view_of(lambda store: match_view(match_causes(store, said, risky, limit), limit), data, fmt, no_pager)
