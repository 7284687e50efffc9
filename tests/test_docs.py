"""Docs that cannot drift: the man page and the README's command reference are made from the app, and checked."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from conftest import ROOT, Installed

from neuroleg.cli.app import app
from neuroleg.cli.reference import README_END, README_START, commands, man_page, readme_section, with_readme_section

MAN = ROOT / "man" / "neuroleg.1"


def test_the_man_page_is_the_one_the_app_makes() -> None:
    assert MAN.read_text(encoding="utf-8") == man_page(), "run: python -m neuroleg.cli.reference man > man/neuroleg.1"


def test_the_readme_reference_is_the_one_the_app_makes() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert with_readme_section(readme) == readme, "run: python -m neuroleg.cli.reference readme"
    assert readme.count(README_START) == readme.count(README_END) == 1


def test_every_command_and_option_of_the_app_is_in_both() -> None:
    words = [c.words for c in commands()]
    registered = [c.name or c.callback.__name__ for c in app.registered_commands if c.callback]
    assert set(registered) | {"cache path", "cache clear"} == set(words)
    section, page = readme_section(), man_page()
    for command in commands():
        assert f"#### `neuroleg {command.words}`" in section
        assert command.help and command.help.replace("-", "\\-") in page, command.words
        for option in command.options:
            assert option.usage.split(",")[0].split(" ")[0].replace("-", "\\-") in page, (command.words, option)


def test_troff_special_text_is_escaped() -> None:
    page = man_page()
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
