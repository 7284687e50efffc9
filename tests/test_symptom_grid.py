"""`neuroleg symptoms --grid` (issue 24): symptoms down the side, every cause across, each cell marked by how the
reference links them; an empty cell means "not linked by this reference", never "no".

Every cell is checked against what `neuroleg symptoms -f json` says about that symptom and cause (an independent
reading of the same knowledge base), and the rows and columns against the store's own lists.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import (
    BUNDLED,
    CONTROLS,
    CONTROLS_SHOWN,
    HOSTILE_HTML_NAME,
    SCRIPT,
    SGR,
    Page,
    generated_kb,
    invoke,
    ok,
    run_in_process,
    run_neuroleg,
)
from hypothesis import given
from hypothesis import strategies as st

from neuroleg.cli import app as typer_app
from neuroleg.cli import fast_path
from neuroleg.db.cache import open_store
from neuroleg.db.store import Store
from neuroleg.render import render
from neuroleg.render.terminal import Terminal
from neuroleg.views.document import Grid, Mark, Matrix, View
from neuroleg.views.symptom_grid import EMPTY, MARKS, symptom_grid_view

NOT_LINKED = "not linked by this reference"
TERMINAL = {"FORCE_COLOR": "1"}  # laid out and styled as for a terminal, in this process


@pytest.fixture(scope="module")
def store() -> Store:
    return open_store(str(BUNDLED), cache=None)


def links_said_by_symptoms() -> dict[tuple[str, str], str]:
    """(symptom id, cause id) -> link, as `neuroleg symptoms -f json` gives it: the independent cross-check."""
    return {(s["id"], c["id"]): c["link"] for s in json.loads(ok("symptoms", "-f", "json")) for c in s["causes"]}


def csv_grid(text: str) -> tuple[list[str], list[list[str]]]:
    header, *rows = list(csv.reader(io.StringIO(text)))
    return header, rows


def visible(text: str) -> str:
    return SGR.sub("", text)


# the machine formats


def test_csv_has_a_row_per_symptom_and_a_column_per_cause(store: Store) -> None:
    header, rows = csv_grid(ok("symptoms", "--grid", "-f", "csv"))
    assert header == ["symptom", *(c["id"] for c in store.cause_rows())]
    assert [r[0] for r in rows] == [s["id"] for s in store.symptoms()]
    assert all(len(r) == len(header) for r in rows)
    assert {cell for r in rows for cell in r[1:]} <= {"", "direct", "subtype", "form"}


def test_every_csv_cell_agrees_with_what_symptoms_says_about_that_pair() -> None:
    said = links_said_by_symptoms()
    header, rows = csv_grid(ok("symptoms", "--grid", "-f", "csv"))
    seen = {(row[0], cause): cell for row in rows for cause, cell in zip(header[1:], row[1:], strict=True)}
    assert {pair: link for pair, link in seen.items() if link} == said  # every link, and nothing else
    # the bundled file has each kind of link, and pairs it does not link
    assert set(said.values()) == {"direct", "subtype", "form"}
    assert "" in seen.values()
    assert seen["tingling", "cancer"] == "subtype" and seen["leg-pain", "diabetes"] == "direct"
    assert seen["numbness", "chemotherapy"] == "form" and seen["balance-problems", "diabetes"] == ""


def test_json_cells_carry_the_symptoms_views_own_link_records() -> None:
    grid = json.loads(ok("symptoms", "--grid", "-f", "json"))
    records = {(s["id"], c["id"]): c for s in json.loads(ok("symptoms", "-f", "json")) for c in s["causes"]}
    assert [s["id"] for s in grid["symptoms"]] == [s["id"] for s in json.loads(ok("symptoms", "-f", "json"))]
    assert [c["number"] for c in grid["causes"]] == list(range(1, len(grid["causes"]) + 1))
    cells = {(c["symptom"], c["cause"]): c for c in grid["cells"]}
    assert cells.keys() == records.keys()
    for pair, cell in cells.items():
        record = records[pair]
        # the same link, through the same subtype or form, with the same evidence and origins
        assert {k: v for k, v in cell.items() if k not in ("symptom", "cause")} == {
            k: v for k, v in record.items() if k not in ("id", "name")
        }
    form = cells["numbness", "diabetes"]
    assert (form["link"], form["via"]) == ("form", "Diabetic neuropathy")
    assert form["origin"]["kind"] == "page" and form["evidence_origin"]["kind"] == "article"
    assert cells["tingling", "cancer"]["via"] == "Benign tumours and lumps"
    assert grid["empty"].startswith(NOT_LINKED)
    assert [m["link"] for m in grid["marks"]] == ["direct", "subtype", "form"]


def test_yaml_is_the_same_record_as_json() -> None:
    assert yaml.safe_load(ok("symptoms", "--grid", "-f", "yaml")) == json.loads(ok("symptoms", "--grid", "-f", "json"))


# the pages for people


def test_html_is_a_captioned_table_with_headers_for_its_columns_and_rows(store: Store) -> None:
    page = Page(ok("symptoms", "--grid", "-f", "html"))
    assert page.problems == []
    table = page.one("table")
    assert page.one("caption").parents[-1] == "table"
    assert "how this reference links each pair" in page.one("caption").content()
    columns = [th for th in page.all("th") if th.attrs.get("scope") == "col"]
    rows = [th for th in page.all("th") if th.attrs.get("scope") == "row"]
    assert [th.content() for th in columns] == ["Symptom", *(c["name"] for c in store.cause_rows())]
    assert [th.content() for th in rows] == [s["name"] for s in store.symptoms()]
    cells = [td.content() for td in page.all("td")]
    assert len(cells) == len(rows) * (len(columns) - 1)
    assert set(cells) == {"", "own", "subtype", "form"}  # each mark spelt out
    assert table.attrs.get("class") == "matrix"
    legend = {dt.content(): dd.content() for dt, dd in zip(page.all("dt"), page.all("dd"), strict=True)}
    assert legend["an empty cell"].startswith(NOT_LINKED)
    assert set(legend) == {"own", "subtype", "form", "an empty cell"}


def test_html_cells_agree_with_what_symptoms_says() -> None:
    said = links_said_by_symptoms()
    grid = json.loads(ok("symptoms", "--grid", "-f", "json"))
    page = Page(ok("symptoms", "--grid", "-f", "html"))
    words = {m["word"]: m["link"] for m in grid["marks"]}
    cells = iter(td.content() for td in page.all("td"))
    for symptom in grid["symptoms"]:
        for cause in grid["causes"]:
            shown = next(cells)
            assert words.get(shown, "") == said.get((symptom["id"], cause["id"]), ""), (symptom, cause)


def test_markdown_is_a_table_with_every_cause_named_and_a_legend(store: Store) -> None:
    text = ok("symptoms", "--grid", "-f", "markdown")
    lines = text.splitlines()
    head = next(line for line in lines if line.startswith("| Symptom |"))
    assert head == "| " + " | ".join(["Symptom", *(c["name"] for c in store.cause_rows())]) + " |"
    body = [line for line in lines if line.startswith("| ") and line != head]
    assert len(body) == len(store.symptoms())
    assert "| Tingling | own |" in text
    assert f"- *an empty cell*: {NOT_LINKED}" in text


def test_plain_output_is_one_line_per_symptom_with_a_letter_per_cause(store: Store) -> None:
    text = ok("symptoms", "--grid")  # piped: plain
    assert "\x1b" not in text
    names = [s["name"] for s in store.symptoms()]
    causes = list(store.cause_rows())
    said = links_said_by_symptoms()
    letters = {m.key: m.letter for m in MARKS}
    for symptom in store.symptoms():
        line = next(line for line in text.splitlines() if line.startswith(symptom["name"] + " "))
        marks = line[max(len(n) for n in names) :].split()
        expected = [letters.get(said.get((symptom["id"], c["id"]), ""), ".") for c in causes]
        assert marks == expected, symptom["id"]
    assert f"(an empty cell) {NOT_LINKED}" in " ".join(text.split())
    for n, cause in enumerate(causes, 1):
        assert f"{n}  {cause['name']}" in text
    for mark in MARKS:
        assert f"{mark.letter} {mark.meaning}" in " ".join(text.split())


# on a terminal


@pytest.mark.parametrize("columns", [120, 100, 80])
def test_on_a_terminal_the_grid_fits_a_wide_screen_whole(columns: int) -> None:
    text = visible(ok("symptoms", "--grid", env={**TERMINAL, "COLUMNS": str(columns)}))
    assert max(len(line) for line in text.splitlines()) <= columns
    assert "Split" not in text and "too wide" not in text
    header = next(line for line in text.splitlines() if line.startswith("Symptom "))
    assert header.split()[1:] == [str(n) for n in range(1, 9)]  # numbered columns, one per cause
    assert NOT_LINKED in " ".join(text.split())


@pytest.mark.parametrize("columns", [40, 35])
def test_on_a_narrow_terminal_the_grid_comes_in_parts_and_says_how_to_see_it_whole(columns: int) -> None:
    text = visible(ok("symptoms", "--grid", env={**TERMINAL, "COLUMNS": str(columns)}))
    text = text.split("\nNote: ")[0]  # (notes, like every page's, wrap at 40 at the least)
    assert max(len(line) for line in text.splitlines()) <= columns
    flat = " ".join(text.split())
    assert "parts to fit this screen" in flat and "'neuroleg symptoms --grid -f html'" in flat
    headers = [line.split()[1:] for line in text.splitlines() if line.startswith("Symptom ")]
    assert len(headers) > 1
    assert [n for part in headers for n in part] == [str(n) for n in range(1, 9)]  # each cause once, in order
    assert NOT_LINKED in flat


def test_a_screen_too_narrow_for_even_one_column_says_where_to_see_the_grid() -> None:
    result = invoke("symptoms", "--grid", env={**TERMINAL, "COLUMNS": "20"})
    assert result.exit_code == 0 and result.stderr == ""
    flat = " ".join(visible(result.stdout).split())
    assert "too wide for this screen" in flat and "-f html" in flat and "-f csv" in flat
    assert "Numbness" not in flat  # no table cut into pieces that cannot be read


def test_on_a_terminal_the_marks_are_in_colour_unless_no_color() -> None:
    coloured = ok("symptoms", "--grid", env={**TERMINAL, "COLUMNS": "100"})
    assert "\x1b[1;32m" in coloured and "\x1b[1;33m" in coloured and "\x1b[1;36m" in coloured
    plain = ok("symptoms", "--grid", env={**TERMINAL, "COLUMNS": "100", "NO_COLOR": "1"})
    assert "\x1b" not in plain
    # colour adds nothing the letters do not say (the title, unstyled, is underlined instead)
    assert plain.partition("Symptom ")[2] == visible(coloured).partition("Symptom ")[2]


def test_a_knowledge_base_with_hundreds_of_causes_says_where_to_see_its_grid(tmp_path: Path) -> None:
    big = generated_kb(tmp_path / "big.yaml", 200)
    text = visible(ok("symptoms", "--grid", "--data", str(big), env={**TERMINAL, "COLUMNS": "100"}))
    assert "too wide for this screen" in text and "-f csv" in text
    assert max(len(line) for line in text.splitlines()) <= 100
    header, rows = csv_grid(ok("symptoms", "--grid", "-f", "csv", "--data", str(big)))
    assert len(header) == 1 + 208 and len(rows) == len(Store.symptoms(open_store(str(big), cache=None)))


# the command line


def test_grid_with_a_cause_name_is_a_usage_error() -> None:
    result = invoke("symptoms", "diabetes", "--grid")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("Usage: neuroleg symptoms ")
    assert "Invalid value for --grid: --grid shows every cause: leave out NAME" in result.stderr


@pytest.mark.parametrize(
    "args", [("symptoms", "--grid"), ("symptoms", "--grid", "-f", "csv"), ("symptoms", "-fjson", "--grid")]
)
def test_the_grid_takes_the_fast_path(args: tuple[str, ...]) -> None:
    parsed = fast_path.parse(list(args))
    assert parsed is not None and parsed[1]["grid"] is True


@pytest.mark.parametrize(
    "args",
    [
        ("symptoms", "--grid"),
        ("symptoms", "--grid", "-f", "json"),
        ("symptoms", "chemo", "--grid"),
        ("symptoms", "--grid=1"),
    ],
)
def test_the_fast_path_and_typer_say_the_same_of_a_grid_line(args: tuple[str, ...]) -> None:
    by_typer = run_in_process(typer_app.main, list(args))
    result = invoke(*args)  # the fast path where it takes the line, else Typer
    assert (result.exit_code, result.stdout, result.stderr) == (by_typer.exit_code, by_typer.stdout, by_typer.stderr)


@pytest.mark.parametrize("args", [("symptoms", "--grid=yes"), ("symptoms", "--grid", "--grid")])
def test_a_grid_line_the_fast_path_cannot_judge_is_left_to_typer(args: tuple[str, ...]) -> None:
    assert fast_path.parse(list(args)) is None


def test_without_grid_the_fast_path_reads_it_off() -> None:
    parsed = fast_path.parse(["symptoms"])
    assert parsed is not None and parsed[1]["grid"] is False


@pytest.mark.process
def test_a_real_process_prints_the_same_grid_and_refuses_a_name_with_status_2() -> None:
    result = run_neuroleg("symptoms", "--grid", "-f", "csv")
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout == ok("symptoms", "--grid", "-f", "csv")
    shown = run_neuroleg("symptoms", "--grid", FORCE_COLOR="1", COLUMNS="40")
    assert shown.returncode == 0 and "parts to fit this screen" in " ".join(visible(shown.stdout).split())
    assert max(len(line) for line in visible(shown.stdout).splitlines()) <= 40
    refused = run_neuroleg("symptoms", "chemo", "--grid")
    assert (refused.returncode, refused.stdout) == (2, "")
    assert "--grid shows every cause" in refused.stderr


@pytest.mark.terminal
@pytest.mark.process
@pytest.mark.parametrize("columns", [100, 80, 40])
def test_on_a_real_terminal_the_grid_takes_the_windows_width(columns: int) -> None:
    import pexpect  # type: ignore[import-untyped]  # here, not at the top: only this test drives a pseudo-terminal

    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR", "FORCE_COLOR")}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "neuroleg", "symptoms", "--grid"],
        env={**env, "TERM": "xterm", "NEUROLEG_PAGER": ""},  # the whole page, not a pager's first screen
        encoding="utf-8",
        timeout=20,
        dimensions=(50, columns),
    )
    out = child.read()
    child.close()
    assert child.exitstatus == 0
    text = visible(out).replace("\r\n", "\n")
    grid = text.split("\nNote: ")[0]
    assert max(len(line) for line in grid.splitlines()) <= columns
    assert "\x1b[1;32m" in out  # the marks in colour
    flat = " ".join(text.split())
    assert NOT_LINKED in flat
    assert ("parts to fit this screen" in flat) == (columns < 60)


# the library


def test_the_view_marks_each_pair_with_its_link_and_nothing_else(store: Store) -> None:
    view = symptom_grid_view(store)
    matrix = next(b for b in view.blocks if isinstance(b, Matrix))
    said = {(c["symptom"], c["cause"]): c["link"] for c in view.data["cells"]}
    for symptom, (name, marks) in zip(view.data["symptoms"], matrix.rows, strict=True):
        assert name == symptom["name"]
        for cause, mark in zip(view.data["causes"], marks, strict=True):
            assert mark == said.get((symptom["id"], cause["id"]), "")
    assert matrix.empty == EMPTY and EMPTY.startswith(NOT_LINKED)
    assert re.search(r"\bno\b(?!')", EMPTY) is None  # an empty cell is never said to mean "no"


@given(width=st.integers(1, 200))
def test_at_any_width_the_terminal_lines_fit_or_say_where_to_look(width: int, store: Store) -> None:
    from neuroleg.render.table import fitted_matrix
    from neuroleg.render.terminal import Terminal

    matrix = next(b for b in symptom_grid_view(store).blocks if isinstance(b, Matrix))
    lines = list(fitted_matrix(matrix, Terminal(is_tty=True, color=False, width=width)))
    text = " ".join(" ".join(lines).split())
    table = [line for line in lines if line.startswith("Symptom")]
    if table:  # a table is shown only where it fits (a long word of the key may stay whole)
        assert all(len(line) <= width for line in lines if line.startswith(("Symptom", *(n for n, _ in matrix.rows))))
    else:
        assert "too wide for this screen" in text


# hostile text: names are data, in every format


def test_hostile_names_are_escaped_in_the_html_grid(hostile_html_kb: Path) -> None:
    source = ok("symptoms", "--grid", "-f", "html", "--data", str(hostile_html_kb))
    assert "<script" not in source and "\x1b" not in source
    page = Page(source)
    assert page.problems == [] and page.all("script") == []
    assert HOSTILE_HTML_NAME in [th.content() for th in page.all("th")]  # shown as typed, in its column header


def test_control_characters_in_names_reach_no_terminal_raw(write_kb: Callable[..., Path]) -> None:
    def hostile(doc: dict[str, Any]) -> None:
        doc["symptoms"][0]["name"] = f"Numb {CONTROLS}"
        doc["causes"][0]["name"] = f"Hurt {CONTROLS} {SCRIPT}"

    kb = str(write_kb(hostile))
    for env in ({**TERMINAL, "COLUMNS": "100"}, {**TERMINAL, "COLUMNS": "40"}, {}):
        out = ok("symptoms", "--grid", "--data", kb, env=env)
        assert [c for c in ("\x07", "\u202e", "\x9b") if c in out] == []
        assert "\x1b" not in SGR.sub("", out)
        flat = " ".join(SGR.sub("", out).split())
        assert f"Numb {CONTROLS_SHOWN}" in flat and f"1 Hurt {CONTROLS_SHOWN} {SCRIPT}" in flat  # as typed
    markdown = ok("symptoms", "--grid", "-f", "markdown", "--data", kb)
    assert "| Numb ^\\[\\[31mred \\<U+202E\\>evil |" in markdown and "\x1b" not in markdown  # escaped as markup too


def test_a_matrix_beside_a_grid_is_laid_out_by_rich_too() -> None:
    marks = (Mark("a", "A", "alpha", "the first"), Mark("b", "B", "beta", "the second"))
    matrix = Matrix("Row", "Columns", ("One", "Two"), (("r1", ("a", "")), ("r2", ("", "b"))), marks, "not said", "c")
    view = View("t", None, (Grid(("X", "Y"), (("1", "2"),)), matrix))
    text = "".join(render(view, "table", Terminal(is_tty=True, color=False, width=60)))
    lines = text.splitlines()
    assert "Row  1  2" in lines and "r1   A  ·" in lines and "r2   ·  B" in lines
    assert "1  One" in lines and "B  the second" in lines and "·  (an empty cell) not said" in lines
