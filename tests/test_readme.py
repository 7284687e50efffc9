"""The README stays short and honest: its set-up commands are the ones CI runs, its command list the app's."""

from __future__ import annotations

import re

import typer
from conftest import ROOT

from neuroleg.cli.app import app

README = (ROOT / "README.md").read_text(encoding="utf-8")
MOST_LINES = 260  # about 250: what a user reads before the first command


def _setup_commands() -> list[str]:
    block = README.split("## Set up", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    return [line.split("#", 1)[0].strip() for line in block.strip().splitlines()]


def test_readme_gives_two_setup_commands_install_and_test() -> None:
    assert _setup_commands() == ["pip install . && neuroleg causes", 'pip install -e ".[test]" && pytest']


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    commands = [line for line in ci if line and not line.startswith("#")]
    assert commands[-1] == _setup_commands()[1]  # the last thing CI does, after making its virtual environment


def test_the_readme_is_short() -> None:
    assert len(README.splitlines()) <= MOST_LINES


def test_the_readme_says_first_that_it_is_not_medical_advice() -> None:
    first_section = README.split("\n## ", 1)[0]
    assert "> **Not medical advice.**" in first_section and "see a doctor" in first_section


def test_every_command_of_the_app_is_documented_in_the_readme() -> None:
    group = typer.main.get_command(app)
    names = set(group.commands)  # type: ignore[attr-defined]
    documented = set(re.findall(r"`neuroleg ([a-z]+)", README))
    assert names <= documented, f"missing from README: {sorted(names - documented)}"
    assert documented <= names | {"cache"}, f"README names unknown commands: {sorted(documented - names)}"


def test_the_readme_points_to_every_page_of_the_docs_and_to_the_project_files() -> None:
    linked = set(re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", README))
    pages = {f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md")}
    assert pages | {"bench/README.md", "CHANGELOG.md", "CONTRIBUTING.md"} <= linked
