"""Search: ranked, stemmed, with our own small syntax, and no query can break the FTS5 grammar."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED, deterministic, invoke
from hypothesis import given
from hypothesis import strategies as st

from neuroleg.db.cache import open_store
from neuroleg.db.store import Store
from neuroleg.domain.query import Query, QueryTerm, parse_query
from neuroleg.domain.search import Hit, search
from neuroleg.errors import NoHitsError, QueryError

WriteKb = Callable[..., Path]


@pytest.fixture(scope="module")
def store() -> Store:
    """The bundled knowledge base, compiled in memory once for the module."""
    return open_store(BUNDLED, None)


def ids(hits: list[Hit]) -> list[str]:
    """The ids of the causes and the overview hit; glossary terms (listed after them) are tests/test_glossary.py's."""
    return [h.id for h in hits if h.kind != "term"]


def hit_ids(store: Store, text: str, **options: Any) -> list[str]:
    return ids(search(store, text, **options))


# ranking


def test_alias_match_ranks_first(store: Store) -> None:
    hits = search(store, "chemo")
    assert hits[0].id == "chemotherapy"
    assert hits[0].field == "aliases"


def test_name_match_outranks_a_summary_only_match(write_kb: WriteKb) -> None:
    def plant_word(doc: dict[str, Any]) -> None:
        kidney, ms = doc["causes"][3], doc["causes"][4]
        assert (kidney["id"], ms["id"]) == ("kidney-disease", "multiple-sclerosis")
        kidney["summary"] += " Quokkas are mentioned here in passing."  # earlier in the file: wins a tie
        ms["name"] = "Multiple sclerosis (quokka form)"

    hits = search(open_store(write_kb(plant_word), None), "quokka")
    assert ids(hits) == ["multiple-sclerosis", "kidney-disease"]
    assert [h.field for h in hits] == ["name", "summary"]
    assert hits[0].score > hits[1].score


def test_hits_come_best_first(store: Store) -> None:
    hits = search(store, "nerve OR pain OR tingling", limit=40)
    for kind in ("cause", "term"):  # the glossary's terms come after the entries, best first among themselves
        scores = [h.score for h in hits if (h.kind == "term") == (kind == "term")]
        assert scores == sorted(scores, reverse=True)
    kinds = [h.kind == "term" for h in hits]
    assert kinds == sorted(kinds)


def test_a_word_found_in_most_entries_still_scores_above_zero(store: Store) -> None:
    hits = search(store, "nerve", limit=20)
    assert len(hits) >= 5
    assert all(h.score > 0 for h in hits), [(h.id, h.score) for h in hits]


def test_one_hit_per_entry(store: Store) -> None:
    # an entry is its kind and id: a glossary term may share its id with a cause (chemotherapy)
    found = [(h.kind, h.id) for h in search(store, "nerve OR pain OR cancer", limit=50)]
    assert len(found) == len(set(found))


# stemming, phrases, prefixes, OR, AND


@pytest.mark.parametrize(("query", "word"), [("tingle", "tingling"), ("tingles", "tingling"), ("stretched", "stretch")])
def test_porter_stemming_finds_other_forms_of_a_word(store: Store, query: str, word: str) -> None:
    hits = search(store, query)
    assert any(word in h.snippet_text.casefold() for h in hits), [h.snippet_text for h in hits]


def test_stretched_finds_the_injury_mechanism(store: Store) -> None:
    hits = search(store, "stretched")
    assert (hits[0].id, hits[0].field) == ("injury", "mechanism")


def test_phrase_finds_its_words_side_by_side(store: Store) -> None:
    assert hit_ids(store, '"blood sugar"')[0] == "diabetes"


def test_phrase_whose_words_are_not_adjacent_finds_nothing(store: Store) -> None:
    assert "diabetes" in hit_ids(store, "glucose nerves")
    with pytest.raises(NoHitsError):
        search(store, '"glucose nerves"')


def test_phrase_in_reverse_order_finds_nothing(store: Store) -> None:
    with pytest.raises(NoHitsError):
        search(store, '"sugar blood"')


def test_unclosed_quote_still_makes_a_phrase(store: Store) -> None:
    assert hit_ids(store, '"blood sugar') == hit_ids(store, '"blood sugar"')


def test_trailing_star_matches_a_prefix(store: Store) -> None:
    with pytest.raises(NoHitsError):
        search(store, "amyotro")
    hits = search(store, "amyotro*")
    assert ids(hits) == ["diabetes"]
    assert "amyotrophy" in hits[0].snippet_text.casefold()


def test_prefix_tingl_finds_tingling(store: Store) -> None:
    assert set(hit_ids(store, "tingl*")) >= {"injury", "cancer"}


def test_or_widens_the_search(store: Store) -> None:
    kidney, myelin = set(hit_ids(store, "kidney")), set(hit_ids(store, "myelin"))
    either = set(hit_ids(store, "kidney OR myelin"))
    assert either == kidney | myelin
    assert len(either) > max(len(kidney), len(myelin))


def test_several_words_must_all_match(store: Store) -> None:
    nerve, kidney = set(hit_ids(store, "nerve", limit=50)), set(hit_ids(store, "kidney", limit=50))
    both = set(hit_ids(store, "nerve kidney", limit=50))
    assert both == nerve & kidney
    assert len(both) < len(nerve)


def test_lowercase_or_is_a_word_not_an_operator(store: Store) -> None:
    with pytest.raises(NoHitsError):
        search(store, "kidney or myelin")


def test_search_ignores_case(store: Store) -> None:
    assert hit_ids(store, "TAXOL") == hit_ids(store, "taxol") == ["chemotherapy"]


def test_overview_is_searched_as_its_own_entry(store: Store) -> None:
    hits = search(store, "hot stove")
    assert [(h.id, h.name, h.kind, h.field) for h in hits] == [("overview", "Overview", "overview", "overview")]


# fields and limits


def test_names_field_restricts_to_names_and_aliases(store: Store) -> None:
    assert len(hit_ids(store, "nerve")) > 1
    hits = search(store, "nerve", fields=["names"])
    # a subtype's name and two of its aliases ("Neuroma (a benign nerve growth)", "nerve tumour", "nerve tumor"),
    # then a cause's one alias ("nerve injury")
    assert [(h.id, h.field) for h in hits if h.kind != "term"] == [("cancer", "subtype-names"), ("injury", "aliases")]
    assert all(set(h.fields) <= {"name", "aliases", "subtype-names"} for h in hits)


def test_names_field_covers_subtype_names(store: Store) -> None:
    hits = search(store, "amyotro*", fields=["names"])
    assert ids(hits) == ["diabetes"]
    assert hits[0].field == "subtype-names"


@pytest.mark.parametrize(
    ("query", "field", "expected"),
    [
        ("immunosuppressive", "treatment", "post-surgical"),
        ("NINDS", "sources", "injury"),
        ("60-70", "statistics", "diabetes"),
        ("amyotrophy", "subtype-names", "diabetes"),
        ("fruit", "risk-factors", "alcohol"),
        ("glucose", "mechanism", "diabetes"),
        ("stove", "overview", "overview"),
        ("chemotherapy-induced", "forms", "chemotherapy"),
    ],
)
def test_each_field_can_be_searched_alone(store: Store, query: str, field: str, expected: str) -> None:
    hits = search(store, query, fields=[field])
    assert hits[0].id == expected
    assert all(set(h.fields) == {field} for h in hits)


def test_forms_field_holds_each_form_a_cause_leads_to_with_its_evidence(store: Store) -> None:
    hits = search(store, '"peripheral neuropathy"', fields=["forms"])
    assert sorted(ids(hits)) == ["alcohol", "diabetes", "injury", "kidney-disease"]
    alcohol = next(h for h in hits if h.id == "alcohol")
    assert alcohol.snippet_text.startswith("Peripheral neuropathy: Heavy drinking harms the kidneys")


def test_field_names_accept_underscores_and_any_case(store: Store) -> None:
    assert hit_ids(store, "fruit", fields=["Risk_Factors"]) == hit_ids(store, "fruit", fields=["risk-factors"])


def test_word_outside_the_chosen_field_finds_nothing(store: Store) -> None:
    with pytest.raises(NoHitsError):
        search(store, "glucose", fields=["names"])


def test_unknown_field_is_a_query_error_listing_the_choices(store: Store) -> None:
    with pytest.raises(QueryError, match=r"unknown field 'colour'; choose from: names, name, aliases"):
        search(store, "nerve", fields=["colour"])


def test_limit_caps_the_number_of_hits(store: Store) -> None:
    everything = hit_ids(store, "nerve", limit=50)
    assert len(everything) > 3
    assert hit_ids(store, "nerve", limit=3) == everything[:3]


@pytest.mark.parametrize("limit", [0, -1])
def test_limit_below_one_is_a_query_error(store: Store, limit: int) -> None:
    with pytest.raises(QueryError, match="at least 1"):
        search(store, "nerve", limit=limit)


# what a hit carries


def test_hit_carries_id_name_kind_fields_score_and_snippet(store: Store) -> None:
    hit = search(store, "sclerosis")[0]
    assert (hit.id, hit.name, hit.kind) == ("multiple-sclerosis", "Multiple sclerosis", "cause")
    assert hit.field == "name"
    assert hit.field in hit.fields
    assert {"aliases", "summary"} <= set(hit.fields)
    assert hit.score > 0


def test_snippet_marks_the_match(store: Store) -> None:
    hit = search(store, "Taxol", fields=["mechanism"])[0]
    assert "**Taxol**" in hit.snippet_marked()
    assert "Taxol" in hit.snippet_text
    assert "*" not in hit.snippet_text
    assert [text for text, matched in hit.snippet if matched] == ["Taxol"]


def test_snippet_marks_every_stemmed_form(store: Store) -> None:
    hit = search(store, "tingle", fields=["overview"])[0]
    assert "**tingling**" in hit.snippet_marked()


def test_snippet_marker_can_be_chosen(store: Store) -> None:
    hit = search(store, "glucose")[0]
    assert "__glucose__" in hit.snippet_marked("__")


def test_snippet_is_a_short_window_of_words(store: Store) -> None:
    for hit in search(store, "nerve OR pain", limit=20):
        assert len(hit.snippet_text.split()) <= 20
        assert any(matched for _, matched in hit.snippet)


# no hits, spelling hints


def test_no_hit_raises_with_a_spelling_suggestion(store: Store) -> None:
    with pytest.raises(NoHitsError) as caught:
        search(store, "tinglng")
    assert caught.value.query == "tinglng"
    assert caught.value.suggestions == ["Tingling"]  # a name of the knowledge base, never a bare word


@pytest.mark.parametrize(("typo", "hint"), [("neurapathy", "neuropathy"), ("diabetis", "diabet")])
def test_close_typos_suggest_the_names_with_a_word_close_to_them(store: Store, typo: str, hint: str) -> None:
    with pytest.raises(NoHitsError) as caught:
        search(store, typo)
    assert caught.value.suggestions
    assert all(hint in s.casefold() for s in caught.value.suggestions)


def test_a_word_of_the_prose_that_is_no_name_is_no_suggestion(store: Store) -> None:
    with pytest.raises(NoHitsError) as caught:
        search(store, "stretchd")  # "stretched" is in a mechanism's prose, not a name, term or phrase
    assert (caught.value.suggestions, caught.value.absent) == ([], ["stretchd"])


def test_word_far_from_any_known_word_gets_no_suggestion(store: Store) -> None:
    with pytest.raises(NoHitsError) as caught:
        search(store, "xyzzyq")
    assert caught.value.suggestions == []


def test_known_words_that_do_not_meet_get_no_suggestion(store: Store) -> None:
    with pytest.raises(NoHitsError) as caught:
        search(store, "taxol myelin")
    assert caught.value.suggestions == []


# hostile input


HOSTILE = [
    'nerve"',
    "*x",
    "long-term",
    "-x",
    "NOT",
    "AND",
    "NEAR(",
    "c++",
    "",
    "x:y",
    "\\",
    "a\\b",
    "\x00",
    "nerve\x00",
    "OR",
    "OR OR",
    '"',
    '""',
    "*",
    "(",
    ")",
    "{name}: nerve",
    "name:diabetes",
    "^nerve",
    "nerve AND kidney",
    "nerve NOT kidney",
    "NEAR(nerve kidney)",
    "'",
    "nerve'; DROP TABLE fts; --",
    "\udcff",
    "nerve\udcff",
    "   ",
    "\t\n",
    "é",
    "\u202enerve",
    "nerve*",
    "**",
    "* nerve",
    "nerve *",
    '"nerve" *',
    "a" * 5000,
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_query_returns_hits_or_a_clean_error(store: Store, text: str) -> None:
    try:
        hits = search(store, text)
    except NoHitsError as exc:
        assert exc.query == text
    except QueryError as exc:
        assert "cannot search" not in str(exc)  # the FTS5 grammar was never reached with raw text
    else:
        assert hits
        assert all(isinstance(h, Hit) for h in hits)


@pytest.mark.parametrize("text", ["", "   ", "\\", "\x00", "OR", '""', "*", "!?"])
def test_query_without_searchable_words_is_a_query_error(store: Store, text: str) -> None:
    with pytest.raises(QueryError, match="nothing to search for"):
        search(store, text)


def test_column_filter_syntax_is_searched_as_text(store: Store) -> None:
    assert hit_ids(store, "diabetes", fields=["name"]) == ["diabetes"]
    with pytest.raises(NoHitsError):
        search(store, "name:diabetes")


def test_fts_operators_are_searched_as_words(store: Store) -> None:
    not_hits = hit_ids(store, "nerve NOT kidney", limit=50)
    assert "alcohol" in not_hits  # it has all three words; NOT did not exclude it
    assert set(not_hits) <= set(hit_ids(store, "kidney", limit=50))


def test_sql_in_a_query_is_only_text(store: Store) -> None:
    with pytest.raises(NoHitsError):
        search(store, "nerve'; DROP TABLE fts; --")
    assert hit_ids(store, "nerve")


@deterministic(300)
@given(text=st.text())
def test_any_text_returns_hits_or_a_clean_error(store: Store, text: str) -> None:
    try:
        hits = search(store, text)
    except (NoHitsError, QueryError) as exc:
        assert not isinstance(exc.__cause__, sqlite3.Error)
        assert "cannot search" not in str(exc)
    else:
        assert 1 <= len(hits) <= 10


# through the command


def test_a_statistic_note_is_searchable() -> None:
    result = invoke("search", '"any form"', "-f", "json")
    assert [(h["id"], h["field"]) for h in json.loads(result.stdout)] == [("diabetes", "statistics")]


def test_a_huge_search_limit_is_taken_as_no_limit() -> None:
    result = invoke("search", "nerve", "-n", "99999999999999999999", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert len([h for h in json.loads(result.stdout) if h["kind"] != "term"]) == 9


# the query parser


def test_query_becomes_groups_joined_by_and_with_or_inside() -> None:
    query = parse_query("a b OR c")
    assert query == Query(((QueryTerm(("a",)),), (QueryTerm(("b",)), QueryTerm(("c",)))))
    assert query.fts() == '("a") AND ("b" OR "c")'


def test_query_limited_to_columns_puts_them_in_a_column_filter() -> None:
    assert parse_query("a OR b").fts(("name", "aliases")) == '{name aliases} : (("a" OR "b"))'


def test_phrase_and_prefix_terms_are_emitted_as_fts_strings() -> None:
    assert parse_query('"Blood Sugar" tingl*').fts() == '("blood sugar") AND ("tingl" *)'


def test_quote_inside_a_word_is_neutralised() -> None:
    assert parse_query('co"ol').fts() == '("co ol")'
    assert parse_query('nerve"').fts() == '("nerve")'


def test_colon_cannot_select_a_column() -> None:
    assert parse_query("x:y").fts() == '("x y")'
    assert parse_query("name : nerve").fts() == '("name") AND ("nerve")'


def test_hyphenated_word_is_a_phrase() -> None:
    assert parse_query("long-term").fts() == '("long term")'


def test_fts_keywords_are_lowercased_into_plain_words() -> None:
    expected = '("near a") AND ("b") AND ("not") AND ("c") AND ("and") AND ("d")'
    assert parse_query("NEAR(a b) NOT c AND d").fts() == expected


def test_leading_trailing_and_doubled_or_join_nothing() -> None:
    assert parse_query("OR a OR OR b OR").fts() == '("a" OR "b")'


def test_nul_separates_words() -> None:
    assert parse_query("a\x00b").fts() == '("a") AND ("b")'


def test_words_lists_each_token_once_in_order() -> None:
    assert parse_query('kidney "kidney disease" OR myelin*').words() == ["kidney", "disease", "myelin"]


@deterministic(300)
@given(text=st.text())
def test_parsed_tokens_hold_only_letters_and_digits(text: str) -> None:
    try:
        query = parse_query(text)
    except QueryError:  # only when nothing but punctuation and bare ORs was typed
        assert not re.search(r"[^\W_]", re.sub(r"(?<!\S)OR(?!\S)", " ", text.replace("\x00", " ")))
        return
    tokens = [tok for group in query.groups for term in group for tok in term.tokens]
    assert tokens
    assert all(re.fullmatch(r"[^\W_]+", tok) for tok in tokens)
    assert query.fts().count('"') == 2 * sum(len(group) for group in query.groups)
