"""Docs that cannot drift: the command reference, the man page and the exit tables are made from the app."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT, Installed

from neuroleg.cli.app import app
from neuroleg.exitcodes import ExitCode

sys.path.insert(0, str(ROOT / "tools"))  # a maintainer's script, outside the package
import gen_reference

MAN = ROOT / "man" / "neuroleg.1"
REFERENCE = ROOT / "docs" / "reference.md"
README = ROOT / "README.md"
RUN = "run: python tools/gen_reference.py"


def test_the_man_page_is_the_one_the_app_makes() -> None:
    assert MAN.read_text(encoding="utf-8") == gen_reference.man_page(), RUN


def test_the_command_reference_in_docs_is_the_one_the_app_makes() -> None:
    assert REFERENCE.read_text(encoding="utf-8") == gen_reference.reference_page(), RUN


def test_the_readme_exit_table_is_the_one_exit_code_makes() -> None:
    readme = README.read_text(encoding="utf-8")
    assert gen_reference.with_readme_section(readme) == readme, RUN
    assert readme.count(gen_reference.README_START) == readme.count(gen_reference.README_END) == 1


def test_the_generator_finds_nothing_stale() -> None:
    assert gen_reference.stale() == []
    assert gen_reference.main(["--check"]) == 0


def test_every_command_and_option_of_the_app_is_in_the_reference_and_the_man_page() -> None:
    words = [c.words for c in gen_reference.commands()]
    registered = [c.name or c.callback.__name__ for c in app.registered_commands if c.callback]
    assert set(registered) | {"cache path", "cache clear"} == set(words)
    reference, page = gen_reference.reference_page(), gen_reference.man_page()
    for command in gen_reference.commands():
        assert f"### `neuroleg {command.words}`" in reference
        assert command.help and command.help.replace("-", "\\-") in page, command.words
        for option in command.options:
            assert option.usage.split(",")[0].split(" ")[0].replace("-", "\\-") in page, (command.words, option)


def test_every_exit_status_is_in_the_readme_the_reference_and_the_man_page() -> None:
    readme, reference, page = README.read_text(encoding="utf-8"), REFERENCE.read_text(encoding="utf-8"), man_text()
    for code in ExitCode:
        row = f"| {code.value} | {code.describe()} |"
        assert row in readme and row in reference, code
        assert f"\\fB{code.value}\\fR\n{code.describe().replace('-', chr(92) + '-')}\n" in page, code


def test_the_reference_keeps_the_help_text_of_a_command_whole() -> None:
    reference = REFERENCE.read_text(encoding="utf-8")
    section = reference.split("### `neuroleg search`", 1)[1].split("\n### ", 1)[0]
    assert "`neuroleg search [OPTIONS] {QUERY}`" in section
    assert "| `-n, --limit N` | Most hits to show. [default: 10; x>=1] |" in section
    assert "| `-f, --format <table\\|plain\\|json\\|yaml\\|csv\\|markdown\\|html>` |" in section  # "|" escaped


def test_the_reference_lists_the_examples_of_the_help() -> None:
    reference = REFERENCE.read_text(encoding="utf-8")
    examples = reference.split("## Examples\n", 1)[1].split("```", 2)[1]
    assert "neuroleg show diabetes" in examples and "neuroleg export -f html -o handout.html" in examples


def test_the_generator_is_not_in_the_package() -> None:
    assert not (ROOT / "neuroleg" / "cli" / "reference.py").exists()
    assert "typer._click" not in (ROOT / "tools" / "gen_reference.py").read_text(encoding="utf-8")


def man_text() -> str:
    return MAN.read_text(encoding="utf-8")


def test_troff_special_text_is_escaped() -> None:
    page = gen_reference.man_page()
    assert "\\-\\-format" in page and "\n.B neuroleg\n" in page
    assert not any(line.startswith((".", "'")) and line.split()[0] not in REQUESTS for line in page.splitlines())


REQUESTS = {".TH", ".SH", ".B", ".TP", ".RS", ".RE", ".nf", ".fi"}


@pytest.mark.process
@pytest.mark.skipif(shutil.which("groff") is None, reason="no groff: install Debian's groff-base to render man pages")
def test_the_man_page_renders_without_a_warning() -> None:
    result = subprocess.run(
        ["groff", "-t", "-man", "-Tutf8", "-ww", str(MAN)], capture_output=True, text=True, check=False, timeout=60
    )
    assert (result.returncode, result.stderr) == (0, "")
    text = re.sub(".\b", "", result.stdout)  # bold and underline are overstruck characters
    assert "NEUROLEG(1)" in text and "EXIT STATUS" in text and "not medical advice" in text


@pytest.mark.slow
@pytest.mark.process
def test_pip_install_puts_the_man_page_where_man_finds_it(installed: Installed) -> None:
    page = installed.command.parent.parent / "share" / "man" / "man1" / "neuroleg.1"
    assert page.read_text(encoding="utf-8") == MAN.read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.process
def test_the_wheel_carries_no_docs_generator(installed: Installed) -> None:
    site = installed.command.parent.parent  # what the wheel installed, and nothing else
    assert (site / "neuroleg" / "cli" / "app.py").exists()
    assert list(site.rglob("gen_reference.py")) == [] and not (site / "neuroleg" / "cli" / "reference.py").exists()
    assert not (site / "tools").exists()
