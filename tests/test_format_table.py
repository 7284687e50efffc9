"""Output formats: the default per stream, JSON/YAML/CSV/Markdown, hostile text, and Rich within the width."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import READING_COMMANDS
from typer.testing import CliRunner, Result

from neuroleg.cli.app import app

runner = CliRunner()

SGR = re.compile(r"\x1b\[([0-9;]*)m")
BOX = re.compile(r"[─━│┃┏┓┗┛┡┩└┘┌┐├┤┬┴┼╇╈]")

READING = READING_COMMANDS
LISTS = [args for args in READING if args not in {("show", "diabetes"), ("overview",)}]


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    return runner.invoke(app, list(args), env=env)


def ok(*args: str, env: dict[str, str] | None = None) -> str:
    """stdout of a run that must succeed with nothing on stderr."""
    result = invoke(*args, env=env)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def csv_rows(*args: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(ok(*args, "-f", "csv"))))


def colour_codes(text: str) -> list[int]:
    """The SGR parameters that set a foreground or background colour."""
    codes = [int(p) for params in SGR.findall(text) for p in params.split(";") if p]
    return [c for c in codes if 30 <= c <= 49 or 90 <= c <= 107]


# which format by default


def test_plain_is_the_default_when_stdout_is_not_a_terminal() -> None:
    assert ok("show", "diabetes") == ok("show", "diabetes", "-f", "plain")


@pytest.mark.parametrize("args", READING, ids=" ".join)
def test_plain_output_has_no_escape_codes_or_box_drawing(args: tuple[str, ...]) -> None:
    out = ok(*args)
    assert "\x1b" not in out
    assert not BOX.search(out)


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


def test_format_names_are_case_insensitive() -> None:
    assert ok("show", "diabetes", "-f", "JSON") == ok("show", "diabetes", "--format", "json")


# JSON and YAML


@pytest.mark.parametrize("args", READING, ids=" ".join)
def test_json_output_is_one_valid_document(args: tuple[str, ...]) -> None:
    assert isinstance(json.loads(ok(*args, "-f", "json")), list | dict)


@pytest.mark.parametrize("args", READING, ids=" ".join)
def test_yaml_output_holds_the_same_data_as_json(args: tuple[str, ...]) -> None:
    assert yaml.safe_load(ok(*args, "-f", "yaml")) == json.loads(ok(*args, "-f", "json"))


def test_yaml_output_is_ascii() -> None:
    assert ok("overview", "-f", "yaml").isascii()


def test_json_numbers_are_numbers_and_absent_values_null() -> None:
    [diabetes, alcohol, _] = json.loads(ok("stats", "-f", "json"))
    assert (diabetes["low"], diabetes["high"], diabetes["value"]) == (60, 70, None)
    assert isinstance(alcohol["value"], float) and alcohol["low"] is None


# CSV


def test_causes_csv_has_one_row_per_cause() -> None:
    rows = csv_rows("causes")
    assert list(rows[0]) == ["id", "name", "category", "headline", "summary"]
    assert [r["id"] for r in rows] == [c["id"] for c in json.loads(ok("causes", "-f", "json"))]


def test_causes_csv_gives_the_headline_as_text() -> None:
    headlines = {r["id"]: r["headline"] for r in csv_rows("causes")}
    assert headlines["diabetes"] == "60-70% of people with diabetes (NINDS)"
    assert headlines["injury"] == "-"


def test_causes_csv_keeps_the_whole_summary() -> None:
    summaries = {r["id"]: r["summary"] for r in csv_rows("causes")}
    assert summaries == {c["id"]: c["summary"] for c in json.loads(ok("causes", "-f", "json"))}


def test_stats_csv_has_flat_columns_with_numbers() -> None:
    rows = csv_rows("stats")
    assert list(rows[0]) == [
        "cause", "cause_name", "label", "figure", "low", "high", "value", "qualifier", "unit", "population",
        "source", "source_name", "note",
    ]  # fmt: skip
    assert [(r["cause"], r["figure"], float(r["low"] or r["value"])) for r in rows] == [
        ("diabetes", "60-70%", 60.0), ("alcohol", "up to 50%", 50.0), ("chemotherapy", "30-40%", 30.0),
    ]  # fmt: skip


def test_symptoms_csv_has_one_row_per_symptom_and_cause() -> None:
    rows = csv_rows("symptoms")
    assert list(rows[0]) == ["symptom_id", "symptom", "cause_id", "cause", "via"]
    assert {"symptom_id": "sudden-severe-pain", "symptom": "Sudden severe pain", "cause_id": "diabetes",
            "cause": "Diabetes", "via": "Diabetic amyotrophy"} in rows  # fmt: skip


def test_symptoms_of_one_cause_csv_lists_its_symptoms() -> None:
    assert [r["id"] for r in csv_rows("symptoms", "diabetes")] == [
        "leg-pain", "sudden-severe-pain", "difficulty-standing-up", "thigh-muscle-weakness",
    ]  # fmt: skip


def test_sources_csv_has_one_row_per_fact() -> None:
    rows = csv_rows("sources")
    facts = sum(len(s["facts"]) or 1 for s in json.loads(ok("sources", "-f", "json")))
    assert len(rows) == facts
    assert list(rows[0]) == ["id", "name", "short", "url", "cause", "fact"]


def test_compare_csv_has_one_row_per_aspect_and_a_column_per_cause() -> None:
    rows = csv_rows("compare", "diabetes", "MS")
    assert list(rows[0]) == ["aspect", "diabetes", "multiple-sclerosis"]
    assert {"aspect": "Category", "diabetes": "metabolic", "multiple-sclerosis": "autoimmune"} in rows


def test_search_csv_joins_the_matched_fields() -> None:
    rows = csv_rows("search", "tingl*", "--in", "symptoms")
    assert list(rows[0]) == ["id", "name", "kind", "field", "fields", "score", "snippet"]
    assert {r["id"] for r in rows} == {"injury", "cancer"}
    assert all(r["fields"] == "symptoms" for r in rows)


@pytest.mark.parametrize("args", LISTS, ids=" ".join)
def test_every_list_shaped_command_gives_csv(args: tuple[str, ...]) -> None:
    assert len(csv_rows(*args)) >= 1


@pytest.mark.parametrize("args", [("show", "diabetes"), ("overview",)], ids=" ".join)
def test_csv_of_a_single_record_exits_2_naming_json_and_yaml(args: tuple[str, ...]) -> None:
    result = invoke(*args, "-f", "csv")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"neuroleg: '{args[0]}' shows one record, not a list: use --format json or yaml\n"


# Markdown


def test_show_markdown_is_a_document_with_sections() -> None:
    out = ok("show", "diabetes", "-f", "markdown")
    assert out.startswith("# Diabetes\n")
    headings = [line for line in out.splitlines() if line.startswith("## ")]
    assert headings[:4] == ["## How it damages nerves", "## Symptoms", "## Risk factors", "## Statistics"]
    assert "- Leg pain: Neuropathic pain in the leg or foot." in out


def test_causes_markdown_is_a_table() -> None:
    lines = ok("causes", "-f", "markdown").splitlines()
    assert "| Cause | Category | Key figure | Summary |" in lines
    assert sum(1 for line in lines if line.startswith("| ")) == 1 + 8


def test_markdown_ends_with_the_disclaimer_as_a_note() -> None:
    out = ok("show", "diabetes", "-f", "markdown")
    assert out.rstrip("\n").splitlines()[-1].startswith("> **Note:** neuroleg is an educational reference only.")


# hostile text in the knowledge base

HOSTILE = (
    "Markup [bold]x[/bold] and [link=http://evil]y[/link] and a lone [/bold] then "
    "\x1b]0;pwned\x07 title \x1b[31mred bell\x07 csi\x9b2J cr\rover bidi\u202eevil end"
)
# as it must look in text output: ESC and BEL in caret notation, C1 and format characters named
HOSTILE_SHOWN = (
    "Markup [bold]x[/bold] and [link=http://evil]y[/link] and a lone [/bold] then "
    "^[]0;pwned^G title ^[[31mred bell^G csi\\x9b2J cr^Mover bidi<U+202E>evil end"
)
HOSTILE_NAME = "Diab [bold]x[/bold] \x1b[31mred \u202eevil"
HOSTILE_NAME_SHOWN = "Diab [bold]x[/bold] ^[[31mred <U+202E>evil"
RAW_CONTROLS = ("\x1b", "\x07", "\x9b", "\u202e", "\r")


@pytest.fixture
def hostile_kb(write_kb: Callable[..., Path]) -> Path:
    """The bundled knowledge base with markup and control characters in diabetes' name and summary."""

    def poison(doc: dict[str, Any]) -> None:
        doc["causes"][1]["summary"] = HOSTILE
        doc["causes"][1]["name"] = HOSTILE_NAME

    return write_kb(poison)


def squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("fmt", ["plain", "markdown", "csv"])
def test_hostile_text_reaches_text_formats_without_raw_controls(hostile_kb: Path, fmt: str) -> None:
    out = ok("causes", "--data", str(hostile_kb), "-f", fmt)
    assert [c for c in RAW_CONTROLS if c in out] == []


def test_hostile_text_shows_literally_in_plain(hostile_kb: Path) -> None:
    out = ok("show", "diabetes", "--data", str(hostile_kb), "-f", "plain")
    assert squeeze(HOSTILE_SHOWN) in squeeze(out)
    assert out.startswith(HOSTILE_NAME_SHOWN + "\n")


def test_hostile_text_shows_literally_in_a_plain_listing(hostile_kb: Path) -> None:
    row = next(line for line in ok("causes", "--data", str(hostile_kb)).splitlines() if line.startswith("Diab "))
    assert row.startswith(HOSTILE_NAME_SHOWN)
    assert row.endswith(HOSTILE_SHOWN)


def test_hostile_text_is_escaped_markdown_in_markdown(hostile_kb: Path) -> None:
    out = ok("show", "diabetes", "--data", str(hostile_kb), "-f", "markdown")
    assert r"Markup \[bold\]x\[/bold\] and \[link=http://evil\]y\[/link\] and a lone \[/bold\]" in out
    assert r"^\[\]0;pwned^G title ^\[\[31mred bell^G csi\\x9b2J cr^Mover bidi\<U+202E\>evil end" in out
    assert [c for c in RAW_CONTROLS if c in out] == []


def test_hostile_text_is_one_escaped_csv_cell(hostile_kb: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(ok("causes", "--data", str(hostile_kb), "-f", "csv"))))
    diabetes = next(r for r in rows if r["id"] == "diabetes")
    assert (diabetes["name"], diabetes["summary"]) == (HOSTILE_NAME_SHOWN, HOSTILE_SHOWN)


def test_hostile_text_shows_literally_in_a_terminal_table(hostile_kb: Path) -> None:
    out = ok("show", "diabetes", "--data", str(hostile_kb), env={"FORCE_COLOR": "1", "COLUMNS": "120"})
    assert squeeze(HOSTILE_SHOWN) in squeeze(SGR.sub("", out))
    assert squeeze(HOSTILE_NAME_SHOWN) in squeeze(SGR.sub("", out))


def test_hostile_text_sends_no_raw_controls_to_a_terminal(hostile_kb: Path) -> None:
    for args in (("show", "diabetes"), ("causes",), ("compare", "diabetes", "alcohol"), ("stats",)):
        out = ok(*args, "--data", str(hostile_kb), env={"FORCE_COLOR": "1"})
        assert "\x1b]" not in out and "\x1b[31m" not in out, args  # no OSC, and no red of the data's choosing
        assert [c for c in RAW_CONTROLS if c in SGR.sub("", out)] == [], args  # only Rich's own styling


def test_hostile_search_snippet_is_escaped(hostile_kb: Path) -> None:
    out = ok("search", "pwned", "--data", str(hostile_kb))
    assert "^[]0;pwned^G" in out
    assert [c for c in RAW_CONTROLS if c in out] == []


def test_hostile_text_round_trips_through_json(hostile_kb: Path) -> None:
    out = ok("show", "diabetes", "--data", str(hostile_kb), "-f", "json")
    shown = json.loads(out)
    assert (shown["name"], shown["summary"]) == (HOSTILE_NAME, HOSTILE)
    assert [c for c in RAW_CONTROLS if c in out] == []


def test_hostile_text_round_trips_through_yaml(hostile_kb: Path) -> None:
    out = ok("show", "diabetes", "--data", str(hostile_kb), "-f", "yaml")
    shown = yaml.safe_load(out)
    assert (shown["name"], shown["summary"]) == (HOSTILE_NAME, HOSTILE)
    assert out.isascii()


# Rich within the terminal's width


def visible_lines(text: str) -> list[str]:
    return SGR.sub("", text).splitlines()


def words(text: str) -> list[str]:
    return re.findall(r"\w+", BOX.sub(" ", text))


@pytest.mark.parametrize("width", [60, 80])
@pytest.mark.parametrize("args", READING, ids=" ".join)
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
