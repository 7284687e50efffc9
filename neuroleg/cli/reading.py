"""What each reading command does, once its arguments are known good: Typer's commands and the fast path call these.

Nothing here checks the command line: the caller has (Typer, or `fast_path`,
which hands anything it does not fully understand to Typer).
"""

from __future__ import annotations

from neuroleg.cli.edge import show_view_of

SEARCH_LIMIT = 10  # hits shown unless --limit says otherwise
MATCH_LIMIT = 20  # causes shown: a page a reader can take in, where a big file can link thousands


def causes(fmt: str | None, data: str | None) -> None:
    from neuroleg.views.causes import causes_view

    show_view_of(causes_view, data, fmt)


def show(name: str, fmt: str | None, data: str | None) -> None:
    from neuroleg.views.causes import show_view

    show_view_of(lambda store: show_view(store, name), data, fmt)


def compare(names: list[str], fmt: str | None, data: str | None) -> None:
    from neuroleg.views.causes import compare_view

    show_view_of(lambda store: compare_view(store, names), data, fmt)


def symptoms(name: str | None, fmt: str | None, data: str | None) -> None:
    from neuroleg.views.symptoms import cause_symptoms_view, symptoms_view

    show_view_of(lambda store: cause_symptoms_view(store, name) if name else symptoms_view(store), data, fmt)


def codes(fmt: str | None, data: str | None) -> None:
    from neuroleg.views.codes import codes_view

    show_view_of(codes_view, data, fmt)


def stats(fmt: str | None, data: str | None) -> None:
    from neuroleg.views.stats import stats_view

    show_view_of(stats_view, data, fmt)


def sources(fmt: str | None, data: str | None) -> None:
    from neuroleg.views.sources import sources_view

    show_view_of(sources_view, data, fmt)


def overview(fmt: str | None, data: str | None) -> None:
    from neuroleg.views.overview import overview_view

    show_view_of(overview_view, data, fmt)


def search(query: str, limit: int, fields: list[str], fmt: str | None, data: str | None) -> None:
    """`fields`: as `search_fields` splits them (empty: every field)."""
    from neuroleg.domain.search import search as run_search
    from neuroleg.views.search import search_view

    show_view_of(lambda store: search_view(query, run_search(store, query, limit=limit, fields=fields)), data, fmt)


def search_fields(values: list[str]) -> list[str]:
    """The fields of every `--in` (each may list several, comma-separated): empty if they name none."""
    return [f for value in values for f in value.split(",") if f.strip()]


def match(symptoms: list[str], risks: list[str], limit: int, fmt: str | None, data: str | None) -> None:
    from neuroleg.domain.match import match_causes
    from neuroleg.views.match import match_view

    show_view_of(lambda store: match_view(match_causes(store, symptoms, risks, limit), limit), data, fmt)
