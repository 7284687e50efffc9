"""The terminal table (Rich): when it is chosen, colour and NO_COLOR, and every word kept within the width."""

from __future__ import annotations

import json
import re

import pytest
from conftest import BOX, READING_COMMANDS, SGR, ok


def colour_codes(text: str) -> list[int]:
    """The SGR parameters that set a foreground or background colour."""
    codes = [int(p) for params in SGR.findall(text) for p in params.split(";") if p]
    return [c for c in codes if 30 <= c <= 49 or 90 <= c <= 107]


def visible_lines(text: str) -> list[str]:
    return SGR.sub("", text).splitlines()


def words(text: str) -> list[str]:
    return re.findall(r"\w+", BOX.sub(" ", text))


# when the table is chosen, and its colour


def test_force_color_makes_the_default_a_coloured_table() -> None:
    out = ok("causes", env={"FORCE_COLOR": "1"})
    assert "\x1b[" in out
    assert "─" in out


def test_force_color_table_uses_colour() -> None:
    assert colour_codes(ok("show", "diabetes", env={"FORCE_COLOR": "1"}))


def test_no_color_wins_over_force_color() -> None:
    out = ok("show", "diabetes", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert colour_codes(out) == []
    assert "\x1b[3" not in out and "\x1b[9" not in out


def test_no_color_keeps_the_table_layout() -> None:
    assert "─" in ok("causes", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})


def test_term_dumb_gives_no_escape_codes() -> None:
    assert "\x1b" not in ok("causes", env={"FORCE_COLOR": "1", "TERM": "dumb"})


def test_table_asked_for_in_a_pipe_has_no_escape_codes() -> None:
    out = ok("causes", "-f", "table")
    assert "\x1b" not in out
    assert "Diabetes" in out


# Rich within the terminal's width


@pytest.mark.parametrize("width", [60, 80])
@pytest.mark.parametrize("args", READING_COMMANDS, ids=" ".join)
def test_terminal_output_fits_the_width(args: tuple[str, ...], width: int) -> None:
    out = ok(*args, env={"FORCE_COLOR": "1", "COLUMNS": str(width)})
    too_wide = [line for line in visible_lines(out) if len(line) > width]
    assert too_wide == []


@pytest.mark.parametrize("width", [60, 80])
@pytest.mark.parametrize(
    "cause", ["injury", "diabetes", "alcohol", "kidney-disease", "multiple-sclerosis", "cancer", "chemotherapy",
              "post-surgical"],
)  # fmt: skip
def test_terminal_show_loses_no_word_of_the_summary_or_mechanism(cause: str, width: int) -> None:
    record = json.loads(ok("show", cause, "-f", "json"))
    text = " ".join(SGR.sub("", ok("show", cause, env={"FORCE_COLOR": "1", "COLUMNS": str(width)})).split())
    assert " ".join(record["summary"].split()) in text
    assert " ".join(record["mechanism"].split()) in text


@pytest.mark.parametrize("width", [60, 80])
def test_terminal_compare_loses_no_word(width: int) -> None:
    compared = json.loads(ok("compare", "diabetes", "alcohol", "chemo", "-f", "json"))
    shown = set(words(SGR.sub("", ok("compare", "diabetes", "alcohol", "chemo",
                                     env={"FORCE_COLOR": "1", "COLUMNS": str(width)}))))  # fmt: skip
    expected = {w for c in compared for w in words(f"{c['name']} {c['category']} {c['mechanism']}")}
    assert expected - shown == set()


@pytest.mark.parametrize("width", [60, 80])
def test_terminal_stats_loses_no_figure_population_or_source(width: int) -> None:
    stats = json.loads(ok("stats", "-f", "json"))
    out = SGR.sub("", ok("stats", env={"FORCE_COLOR": "1", "COLUMNS": str(width)}))
    expected = {w for s in stats for w in words(f"{s['figure']} {s['population']} {s['source_name']} {s['label']}")}
    assert expected - set(words(out)) == set()
    assert all(s["figure"] in out for s in stats)


@pytest.mark.parametrize("width", [60, 80])
def test_terminal_symptoms_loses_no_symptom_or_cause(width: int) -> None:
    listed = json.loads(ok("symptoms", "-f", "json"))
    out = SGR.sub("", ok("symptoms", env={"FORCE_COLOR": "1", "COLUMNS": str(width)}))
    expected = {w for s in listed for w in words(" ".join([s["name"], *(c["name"] for c in s["causes"])]))}
    assert expected - set(words(out)) == set()


@pytest.mark.parametrize("width", [60, 80])
def test_terminal_causes_keeps_every_name_and_key_figure(width: int) -> None:
    out = SGR.sub("", ok("causes", env={"FORCE_COLOR": "1", "COLUMNS": str(width)}))
    for cause in json.loads(ok("causes", "-f", "json")):
        expected = words(cause["name"]) + (words(cause["headline"]["figure"]) if cause["headline"] else [])
        assert set(expected) <= set(words(out)), cause["id"]
