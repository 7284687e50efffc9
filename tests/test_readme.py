"""The README stays honest: its set-up commands are the ones CI runs, its command list the app's."""

from __future__ import annotations

import re

import pytest
import typer
from conftest import ROOT

from neuroleg.cli.app import app

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _setup_commands() -> list[str]:
    block = README.split("## Set up", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    return [line.split("#", 1)[0].strip() for line in block.strip().splitlines()]


def test_readme_gives_two_setup_commands_install_and_test() -> None:
    install, test = _setup_commands()
    assert install.startswith("pip install .") and "neuroleg causes" in install
    assert "[test]" in test and test.endswith("pytest")


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = _setup_commands()[1]
    assert test_command in [line.strip() for line in ci.splitlines()]


def test_every_command_of_the_app_is_documented_in_the_readme() -> None:
    group = typer.main.get_command(app)
    names = set(group.commands)  # type: ignore[attr-defined]
    documented = set(re.findall(r"`neuroleg ([a-z]+)", README))
    assert names <= documented, f"missing from README: {sorted(names - documented)}"
    assert documented <= names | {"cache"}, f"README names unknown commands: {sorted(documented - names)}"


def test_the_library_example_runs_as_written(capsys: pytest.CaptureFixture[str]) -> None:
    block = README.split("## Library use", 1)[1].split("```python", 1)[1].split("```", 1)[0]
    exec(compile(block, "README.md", "exec"), {})
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("MS damages myelin")
    # tingling is injury's own, comes through diabetic neuropathy (NIH page) for diabetes, through peripheral
    # neuropathy for heavy alcohol use and kidney disease, through the benign-tumours subtype for cancer and through
    # the NCI page for chemotherapy; smoking raises diabetic neuropathy only among people with diabetes, so it does
    # not lift diabetes above injury
    assert lines[-2] == "['Injury and trauma', 'Diabetes', 'Heavy alcohol use'] 6"  # the best 3 of 6
