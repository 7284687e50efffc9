"""The shell contract of the installed command, in real processes: exit codes, colour, pipes, the cache on disk."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, Installed, generated_kb

pytestmark = [pytest.mark.slow, pytest.mark.process]


@pytest.fixture(scope="module")
def large_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 2,000 causes: output far bigger than a pipe's buffer."""
    return generated_kb(tmp_path_factory.mktemp("large") / "large.yaml", 2000)


# the command as installed


def test_the_installed_command_reads_the_knowledge_base_inside_the_wheel(installed: Installed) -> None:
    result = installed.run("validate")
    assert result.returncode == 0, result.stderr
    used = Path(result.stdout.split(": valid: ")[0])
    assert used == installed.command.parent.parent / "neuroleg" / "data" / "causes.yaml"
    assert ROOT not in used.parents


def test_the_installed_command_answers_from_any_directory(installed: Installed) -> None:
    result = installed.run("show", "MS", "-f", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["id"] == "multiple-sclerosis"


# a closed pipe


@pytest.mark.parametrize("fmt", ["plain", "json", "csv", "yaml", "markdown"])
def test_a_reader_closing_the_pipe_ends_it_quietly_with_0(installed: Installed, large_kb: Path, fmt: str) -> None:
    assert installed.run("causes", "--data", str(large_kb), "-f", "json").returncode == 0  # warm the cache
    result = installed.shell(f"neuroleg causes --data '{large_kb}' -f {fmt} | head -1; echo ${{PIPESTATUS[0]}}")
    first, status = result.stdout.splitlines()
    assert (status, result.stderr) == ("0", "")
    if fmt == "plain":  # what a pipe gets by default: the listing's title first
        assert first == "Causes of neuropathic leg pain"


def test_a_reader_closing_the_pipe_of_a_terminal_table_leaves_stderr_empty(
    installed: Installed, large_kb: Path
) -> None:
    assert installed.run("causes", "--data", str(large_kb), "-f", "json").returncode == 0
    result = installed.shell(f"neuroleg causes --data '{large_kb}' | head -1", FORCE_COLOR="1")
    assert result.stderr == ""


def test_version_into_a_closed_pipe_ends_quietly_with_0(installed: Installed) -> None:
    result = subprocess.run(
        f"'{installed.command}' --version | head -c 0",
        shell=True,
        capture_output=True,
        text=True,
        env=installed.env(),
        check=False,
        executable="/bin/bash",
    )
    assert result.stderr == ""
    piped = subprocess.run(
        ["bash", "-c", f"set -o pipefail; '{installed.command}' --version | true; echo ${{PIPESTATUS[0]}}"],
        capture_output=True,
        text=True,
        env=installed.env(),
        check=False,
    )
    assert piped.stdout.strip() in {"0"}, piped


# the cache on disk


def test_the_cache_is_written_under_xdg_cache_home(installed: Installed, tmp_path: Path) -> None:
    assert installed.run("causes", XDG_CACHE_HOME=str(tmp_path)).returncode == 0
    assert len(list((tmp_path / "neuroleg").glob("*.sqlite"))) == 1


def test_an_unusable_cache_location_still_gives_the_answer(installed: Installed, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("", encoding="utf-8")
    result = installed.run("show", "diabetes", "-f", "json", XDG_CACHE_HOME=str(blocker))
    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(result.stdout)["id"] == "diabetes"


def test_a_corrupt_cache_file_is_rebuilt(installed: Installed, tmp_path: Path) -> None:
    expected = installed.run("show", "diabetes", "-f", "json", XDG_CACHE_HOME=str(tmp_path)).stdout
    [cache_file] = (tmp_path / "neuroleg").glob("*.sqlite")
    cache_file.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4096)
    result = installed.run("show", "diabetes", "-f", "json", XDG_CACHE_HOME=str(tmp_path))
    assert (result.returncode, result.stderr, result.stdout) == (0, "", expected)
