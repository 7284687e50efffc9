"""A knowledge base about another condition reads as that condition: titles and notes come from its `condition`.

The file is `neuroleg new`'s starter with its condition filled in (and a
second cause and symptom, so that compare and the quiz have something to set
side by side); its values stay neutral placeholders, not medical facts.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import invoke, ok

from neuroleg.domain.quiz import Quiz
from neuroleg.views.document import Title
from neuroleg.views.quiz import quiz_view

NAME, SHORT = "Carpal tunnel syndrome", "hand and wrist pain"
LEG = re.compile(r"\bleg\b|\blegs\b|leg pain", re.IGNORECASE)  # "neuroleg" is the program's name, not the leg

READING = [
    ("causes",),
    ("causes", "-f", "json"),
    ("show", "example-cause"),
    ("show", "example-cause", "-f", "markdown"),
    ("compare", "example-cause", "second-cause"),
    ("symptoms",),
    ("symptoms", "example-cause"),
    ("stats",),
    ("sources",),
    ("overview",),
    ("overview", "-f", "json"),
    ("search", "placeholder"),
    ("codes",),
    ("match", "everyday words"),
    ("match", "everyday words", "-f", "json"),
    ("export", "-f", "markdown"),
    ("export", "-f", "html"),
    ("quiz", "-f", "json", "--seed", "1"),
]


def carpal(tmp_path: Path, condition: Any = None) -> Path:
    """The starter from `neuroleg new`, about carpal tunnel syndrome."""
    path = tmp_path / "carpal.yaml"
    ok("new", str(path))
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["condition"] = {"name": NAME, "short": SHORT} if condition is None else condition
    doc["symptoms"].append(
        {"id": "second-symptom", "name": "PLACEHOLDER second symptom", "description": "PLACEHOLDER."}
    )
    doc["causes"].append(
        {"id": "second-cause", "name": "PLACEHOLDER second cause", "category": "example-category",
         "summary": "PLACEHOLDER.", "mechanism": "PLACEHOLDER.", "symptoms": ["second-symptom"]}
    )  # fmt: skip
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    return carpal(tmp_path)


def test_the_file_is_valid(kb: Path) -> None:
    assert ok("validate", str(kb)).startswith(f"{kb}: valid: 2 causes")


@pytest.mark.parametrize("command", READING, ids=" ".join)
def test_no_reading_command_names_the_leg(kb: Path, command: tuple[str, ...]) -> None:
    result = invoke(*command, "--data", str(kb))
    assert result.exit_code in (0, 2), result.stderr  # 2: the quiz, if two placeholder causes are too little
    said = result.stdout + result.stderr
    assert said.strip()
    assert not LEG.findall(said), LEG.findall(said)


def test_overview_is_headed_by_the_condition(kb: Path) -> None:
    out = ok("overview", "--data", str(kb))
    assert out.startswith(f"{NAME}\n{'=' * len(NAME)}\n")


def test_causes_title_and_note_name_the_condition(kb: Path) -> None:
    out = ok("causes", "--data", str(kb))
    assert out.startswith("Causes of carpal tunnel syndrome\n")
    assert f"A doctor diagnoses the cause of {SHORT}." in " ".join(out.split())


def test_the_notes_name_the_condition_in_its_short_form(kb: Path) -> None:
    for command in (("symptoms",), ("compare", "example-cause", "second-cause"), ("codes",)):
        out = " ".join(ok(*command, "--data", str(kb)).split())
        assert f"A doctor diagnoses the cause of {SHORT}." in out, command
    disclaimer = json.loads(ok("match", "everyday words", "-f", "json", "--data", str(kb)))["disclaimer"]
    assert disclaimer.endswith(f"A doctor diagnoses the cause of {SHORT}.")


def test_the_handout_title_is_the_condition(kb: Path) -> None:
    html = ok("export", "-f", "html", "--data", str(kb))
    assert f"<title>{NAME} - neuroleg</title>" in html
    assert f"<h1>{NAME}</h1>" in html or f">{NAME}</h1>" in html
    assert ok("export", "-f", "markdown", "--data", str(kb)).startswith(f"# {NAME}\n")
    only = ok("export", "--cause", "example-cause", "-f", "html", "--data", str(kb))
    assert f"<title>{NAME}: PLACEHOLDER cause name - neuroleg</title>" in only


def test_a_condition_given_as_a_name_alone_is_its_own_short_form(tmp_path: Path) -> None:
    kb = carpal(tmp_path, condition=NAME)
    out = " ".join(ok("causes", "--data", str(kb)).split())
    assert out.startswith("Causes of carpal tunnel syndrome ")
    assert "A doctor diagnoses the cause of carpal tunnel syndrome." in out


def test_the_quiz_is_titled_by_the_condition() -> None:
    view = quiz_view(Quiz(1, 0, None, (), "PLACEHOLDER.", None, NAME), key_at_end=False)
    assert view.blocks[0] == Title("Quiz: carpal tunnel syndrome")


def test_a_file_without_a_condition_is_refused_at_its_top(tmp_path: Path) -> None:
    kb = carpal(tmp_path)
    doc = yaml.safe_load(kb.read_text(encoding="utf-8"))
    del doc["condition"]
    kb.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    result = invoke("validate", str(kb))
    assert result.exit_code == 3
    assert result.stderr == f"{kb}:1: condition: required field is missing\n"


def test_the_bundled_file_still_names_neuropathic_leg_pain() -> None:
    assert ok("overview").startswith("Neuropathic leg pain\n")
    assert ok("causes").startswith("Causes of neuropathic leg pain\n")
    assert "<title>Neuropathic leg pain - neuroleg</title>" in ok("export", "-f", "html")
