"""The shell contract of the installed command, in real processes: exit codes, colour, pipes, the cache on disk."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from conftest import BUNDLED, ROOT, SGR, Installed, generated_kb

pytestmark = [pytest.mark.slow, pytest.mark.process]


@pytest.fixture(scope="module")
def large_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 2,000 causes: output far bigger than a pipe's buffer."""
    return generated_kb(tmp_path_factory.mktemp("large") / "large.yaml", 2000)


# the command as installed


def test_version_exits_0(installed: Installed) -> None:
    result = installed.run("--version")
    assert (result.returncode, result.stderr) == (0, "")
    assert re.fullmatch(r"neuroleg \d+\.\d+\.\d+\S*\n", result.stdout)


def test_an_unknown_command_exits_2(installed: Installed) -> None:
    result = installed.run("bogus")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.endswith("Error: No such command 'bogus'.\n")


def test_help_exits_0_with_examples(installed: Installed) -> None:
    result = installed.run("--help")
    assert result.returncode == 0
    assert "Examples:" in result.stdout and "neuroleg show diabetes" in result.stdout


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


def test_an_unknown_name_exits_1_with_suggestions(installed: Installed) -> None:
    result = installed.run("show", "diabtes")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "neuroleg: no cause named 'diabtes'\n"
        "did you mean: diabetes, type 1 diabetes, type 2 diabetes?\n"
        "run 'neuroleg causes' to list them\n"
    )


def test_a_search_without_hits_exits_1_with_a_hint(installed: Installed) -> None:
    result = installed.run("search", "tinglng")
    assert (result.returncode, result.stderr) == (1, "neuroleg: no match for 'tinglng'\ndid you mean 'Tingling'?\n")


def test_a_broken_knowledge_base_exits_3_with_file_and_line(installed: Installed, tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text("format: 2\nformat: 2\n", encoding="utf-8")
    result = installed.run("causes", "--data", str(path))
    assert (result.returncode, result.stdout) == (3, "")
    assert result.stderr == f"{path}:2: duplicate key 'format' (first at line 1)\n"


def test_a_format_1_knowledge_base_exits_3_with_one_line_saying_what_to_do(
    installed: Installed, tmp_path: Path
) -> None:
    # the bundled file as format 1 began it: schema_version first, the organisations under `sources`
    path = tmp_path / "format-1.yaml"
    text = BUNDLED.read_text(encoding="utf-8")
    assert text.startswith("format: 2\n") and "\norganisations:\n" in text
    format_1 = text.replace("format: 2\n", "schema_version: 1\n", 1).replace("\norganisations:\n", "\nsources:\n")
    path.write_text(format_1, encoding="utf-8")
    result = installed.run("causes", "--data", str(path))
    assert (result.returncode, result.stdout) == (3, "")
    assert result.stderr == (
        f"{path}:1: schema_version: this file has 'schema_version', as format 1 did; neuroleg reads format 2 "
        "('format: 2'): see 'From format 1' in the README for what to change\n"
    )


def test_a_dangling_symptom_exits_3_not_as_an_internal_error(installed: Installed, tmp_path: Path) -> None:
    # the bundled layout: organisations, categories, symptoms and forms (none of which lists leg pain) before the
    # causes, so the first leg pain is the first cause's first symptom
    path = tmp_path / "dangling.yaml"
    text = BUNDLED.read_text(encoding="utf-8").replace("      - leg-pain\n", "      - no-such-symptom\n", 1)
    path.write_text(text, encoding="utf-8")
    result = installed.run("causes", "--data", str(path))
    assert (result.returncode, result.stdout) == (3, ""), result.stderr
    assert "internal error" not in result.stderr
    assert re.fullmatch(rf"{re.escape(str(path))}:\d+: causes\[0\]\.symptoms\[0\]: unknown symptom 'no-such-symptom'\n",
                        result.stderr)  # fmt: skip


def test_neuroleg_data_selects_the_knowledge_base(installed: Installed, tmp_path: Path) -> None:
    path = tmp_path / "renamed.yaml"
    path.write_text(BUNDLED.read_text(encoding="utf-8").replace("name: Diabetes\n", "name: Sugar\n"), encoding="utf-8")
    result = installed.run("show", "diabetes", "-f", "json", NEUROLEG_DATA=str(path))
    assert json.loads(result.stdout)["name"] == "Sugar"


# colour and decoration


@pytest.mark.parametrize("args", [("causes",), ("show", "diabetes"), ("stats",), ("search", "nerve")], ids=" ".join)
def test_piped_default_output_has_no_escape_codes(installed: Installed, args: tuple[str, ...]) -> None:
    result = installed.run(*args)
    assert result.returncode == 0
    assert "\x1b" not in result.stdout
    assert "─" not in result.stdout


def test_force_color_gives_escape_codes_and_table_drawing(installed: Installed) -> None:
    out = installed.run("causes", FORCE_COLOR="1").stdout
    assert "\x1b[" in out
    assert "─" in out


def test_force_color_with_no_color_gives_no_colour(installed: Installed) -> None:
    out = installed.run("show", "diabetes", FORCE_COLOR="1", NO_COLOR="1").stdout
    codes = [int(p) for params in SGR.findall(out) for p in params.split(";") if p]
    assert [c for c in codes if 30 <= c <= 49 or 90 <= c <= 107] == []
    assert "\x1b[3" not in out and "\x1b[9" not in out


def test_an_ascii_only_stdout_still_gets_an_answer(installed: Installed) -> None:
    result = installed.run("search", "nerve", PYTHONIOENCODING="ascii")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


# a closed pipe


@pytest.mark.parametrize("fmt", ["plain", "json", "csv", "yaml", "markdown"])
def test_a_reader_closing_the_pipe_leaves_stderr_empty(installed: Installed, large_kb: Path, fmt: str) -> None:
    assert installed.run("causes", "--data", str(large_kb), "-f", "json").returncode == 0  # warm the cache
    result = installed.shell(f"neuroleg causes --data '{large_kb}' -f {fmt} | head -1")
    assert result.stderr == ""
    assert result.stdout.count("\n") == 1


def test_a_reader_closing_the_pipe_of_a_terminal_table_leaves_stderr_empty(
    installed: Installed, large_kb: Path
) -> None:
    assert installed.run("causes", "--data", str(large_kb), "-f", "json").returncode == 0
    result = installed.shell(f"neuroleg causes --data '{large_kb}' | head -1", FORCE_COLOR="1")
    assert result.stderr == ""


def test_the_default_listing_into_head_prints_its_title(installed: Installed, large_kb: Path) -> None:
    assert installed.run("causes", "--data", str(large_kb), "-f", "json").returncode == 0
    result = installed.shell(f"neuroleg causes --data '{large_kb}' | head -1")
    assert (result.stdout, result.stderr) == ("Causes of neuropathic leg pain\n", "")


def test_a_closed_pipe_ends_with_status_0(installed: Installed, large_kb: Path) -> None:
    assert installed.run("causes", "--data", str(large_kb), "-f", "json").returncode == 0
    result = installed.shell(f"neuroleg causes --data '{large_kb}' | head -1 >/dev/null; echo ${{PIPESTATUS[0]}}")
    assert (result.stdout, result.stderr) == ("0\n", "")


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


def test_cache_path_names_the_directory_in_use(installed: Installed, tmp_path: Path) -> None:
    assert installed.run("cache", "path", XDG_CACHE_HOME=str(tmp_path)).stdout == f"{tmp_path / 'neuroleg'}\n"
