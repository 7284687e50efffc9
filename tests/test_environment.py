"""The environment a shell script or a strange machine gives: locale, terminal, home directory, standard streams.

Most run the installed command in a real process, since these are facts about
processes; the few that only need a different environment run in-process.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import BUNDLED, SGR, SHOW_JSON, Installed, deterministic, invoke
from hypothesis import given
from hypothesis import strategies as st

from neuroleg.cli.output import write
from neuroleg.db import cache as cache_mod
from neuroleg.kb.source_file import absolute_path, clean_path, data_file

# the pages that say NINDS and NCI are parts of NIH: longer than a narrow terminal
PART_OF_SOURCES = [
    "https://www.nih.gov/about-nih/what-we-do/nih-almanac/national-institute-neurological-disorders-stroke-ninds",
    "https://www.nih.gov/about-nih/what-we-do/nih-almanac/national-cancer-institute-nci",
]

# locale and terminal


@pytest.mark.slow
@pytest.mark.process
def test_a_c_locale_gives_the_same_answer(installed: Installed) -> None:
    result = installed.run(*SHOW_JSON, LANG="C", LC_ALL="C")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == installed.output(*SHOW_JSON)


@pytest.mark.slow
@pytest.mark.process
def test_a_non_ascii_name_under_a_c_locale_is_an_unknown_name(installed: Installed) -> None:
    result = installed.run("show", "diabète", LANG="C", LC_ALL="C")
    assert result.returncode == 1
    assert result.stderr.startswith("neuroleg: no cause named 'diabète'\n")


def non_ascii_kb(tmp_path: Path) -> Path:
    text = BUNDLED.read_text(encoding="utf-8").replace("name: Diabetes\n", "name: Diabète — “sugar” 糖尿病\n", 1)
    path = tmp_path / "kb.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.process
def test_json_on_an_ascii_only_stdout_keeps_every_character(installed: Installed, tmp_path: Path) -> None:
    kb = non_ascii_kb(tmp_path)
    result = installed.run(*SHOW_JSON, "--data", str(kb), PYTHONIOENCODING="ascii")
    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(result.stdout)["name"] == "Diabète — “sugar” 糖尿病"
    assert result.stdout.isascii()


@pytest.mark.slow
@pytest.mark.process
def test_text_on_an_ascii_only_stdout_replaces_what_it_cannot_show(installed: Installed, tmp_path: Path) -> None:
    result = installed.run("show", "diabetes", "--data", str(non_ascii_kb(tmp_path)), PYTHONIOENCODING="ascii")
    assert (result.returncode, result.stderr) == (0, "")
    # typographic punctuation takes its nearest ASCII (issue 24); letters there is none for stay '?'
    assert result.stdout.startswith('Diab?te - "sugar" ???\n')


@pytest.mark.parametrize("columns", [40, 300])
def test_terminal_tables_fit_the_columns_they_are_given(columns: int) -> None:
    # a URL is never broken (it would not work when copied): one longer than the width stands alone on its line
    for args in (("causes",), ("stats",), ("symptoms",), ("sources",), ("search", "nerve"), ("compare", "ms", "chemo")):
        result = invoke(*args, env={"COLUMNS": str(columns), "FORCE_COLOR": "1"})
        lines = SGR.sub("", result.stdout).splitlines()
        assert result.exit_code == 0
        too_wide = [line for line in lines if len(line) > columns]
        # the pages read beyond the article keep their own addresses, some of them http:// (the 2008 NCI page)
        assert all(re.fullmatch(r" *https?://\S+", line) for line in too_wide), (args, too_wide)
        if args == ("sources",):  # the long part_of_source pages are shown whole, alone on a line if need be
            for url in PART_OF_SOURCES:
                assert any(url in line for line in lines), url
                if len(url) > columns:
                    assert any(line.strip() == url for line in lines), url


# the home directory


def test_an_empty_home_is_not_taken_for_the_root_directory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(cache_mod, "_passwd_home", lambda: str(tmp_path))
    assert cache_mod.cache_dir({"HOME": ""}) == str(tmp_path / ".cache" / "neuroleg")


def test_a_relative_home_is_ignored_like_a_relative_xdg_cache_home(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(cache_mod, "_passwd_home", lambda: str(tmp_path))
    assert cache_mod.cache_dir({"HOME": "relative/home", "XDG_CACHE_HOME": "rel"}) == str(
        tmp_path / ".cache" / "neuroleg"
    )


def test_no_home_and_no_passwd_entry_answers_without_a_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def no_entry() -> str:
        raise KeyError("uid 4242 has no passwd entry")

    monkeypatch.setattr(cache_mod, "_passwd_home", no_entry)
    monkeypatch.delenv("HOME")
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.chdir(tmp_path)
    result = invoke("show", "ms", "-f", "json")
    assert (result.exit_code, json.loads(result.stdout)["id"]) == (0, "multiple-sclerosis")
    assert list(tmp_path.iterdir()) == []
    assert invoke("cache", "path").stdout == "(no cache directory: caching is off)\n"


# --data and the home directory: paths are strings on the everyday path, written as pathlib would


PATHS = st.lists(st.sampled_from(["", ".", "..", "a", "b.yaml", "~", "x y", "é"]), max_size=5).map("/".join)


@deterministic(300)
@given(path=PATHS | PATHS.map(lambda p: "/" + p) | PATHS.map(lambda p: "//" + p) | PATHS.map(lambda p: "///" + p))
def test_paths_are_written_as_pathlib_writes_them(path: str) -> None:
    assert clean_path(path) == str(Path(path))
    assert absolute_path(path) == str(Path(path).absolute())


@pytest.mark.parametrize(
    ("home", "given", "expected"),
    [("/home/ann", "~/kb.yaml", "/home/ann/kb.yaml"), ("/home/ann/", "~//kb.yaml", "/home/ann/kb.yaml"),
     ("/", "~//kb.yaml", "/kb.yaml"), ("/home/ann", "./kb.yaml", "kb.yaml"), ("/home/ann", "a/~/kb", "a/~/kb")],
)  # fmt: skip
def test_data_names_a_file_under_the_home_directory_with_a_tilde(
    home: str, given: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", home)
    assert data_file(given, {}) == expected == str(Path(given).expanduser())
    assert data_file(None, {"NEUROLEG_DATA": given}) == expected


def test_data_under_a_tilde_is_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "kb.yaml").write_bytes(BUNDLED.read_bytes())
    monkeypatch.setenv("HOME", str(tmp_path))
    result = invoke("show", "ms", "-f", "json", "--data", "~/kb.yaml")
    assert (result.exit_code, json.loads(result.stdout)["id"]) == (0, "multiple-sclerosis")
    missing = invoke("show", "ms", "--data", "~/none.yaml")
    assert missing.exit_code == 3
    assert missing.stderr == f"{tmp_path}/none.yaml: cannot read the knowledge base: no such file\n"


# standard streams: closed, full, cut short


@pytest.mark.slow
@pytest.mark.process
def test_a_closed_stdout_is_a_short_error_not_an_internal_one(installed: Installed) -> None:
    for command in ("neuroleg causes", "neuroleg --version", "neuroleg show ms -f json"):
        result = installed.shell(f"{command} >&-")
        assert result.returncode == 2, (command, result.stderr)
        assert result.stderr == "neuroleg: cannot write the output: standard output is closed\n", command


@pytest.mark.slow
@pytest.mark.process
def test_a_full_stdout_is_a_short_error_not_an_internal_one(installed: Installed) -> None:
    result = installed.shell("neuroleg causes > /dev/full")
    assert result.returncode == 2
    assert result.stderr == "neuroleg: cannot write the output: No space left on device\n"


@pytest.mark.process
def test_a_full_disk_under_click_s_own_help_is_a_short_error() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "neuroleg", "--help"], stdout=full, stderr=subprocess.PIPE, text=True, check=False
        )
    assert result.returncode == 2
    assert result.stderr == "neuroleg: cannot write the output: No space left on device\n"


@pytest.mark.slow
@pytest.mark.process
def test_a_closed_stdin_changes_nothing(installed: Installed) -> None:
    result = installed.shell(f"neuroleg {' '.join(SHOW_JSON)} <&-")
    assert (result.returncode, result.stderr, result.stdout) == (0, "", installed.output(*SHOW_JSON))


@pytest.mark.slow
@pytest.mark.process
def test_a_closed_stderr_keeps_the_exit_code_of_the_error(installed: Installed, tmp_path: Path) -> None:
    result = installed.shell(f"neuroleg causes --data '{tmp_path}/missing.yaml' 2>&-; echo $?")
    assert result.stdout == "3\n"
    result = installed.shell("neuroleg show nothing-like-it 2>&-; echo $?")
    assert result.stdout == "1\n"


def test_an_error_while_rendering_is_not_taken_for_a_closed_stream() -> None:
    # the writer reports a broken stream as a closed one, but a bug of the renderer as itself
    def chunks() -> Iterator[str]:
        yield "a line\n"
        raise ValueError("a bug in a renderer")

    with pytest.raises(ValueError, match="a bug in a renderer"):
        write(chunks(), io.StringIO())


def test_many_small_chunks_are_written_whole_in_a_few_writes() -> None:
    # a write per chunk cost more than rendering a 6,000-cause match; the text is the same either way
    class Counting(io.StringIO):
        writes = 0

        def write(self, text: str) -> int:
            self.writes += 1
            return super().write(text)

    stream = Counting()
    write((f"line {i}\n" for i in range(20_000)), stream)
    assert stream.getvalue() == "".join(f"line {i}\n" for i in range(20_000))
    assert stream.writes <= 4
