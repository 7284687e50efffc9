"""The environment a shell script or a strange machine gives: locale, terminal, home, cache, file descriptors, signals.

Most run the installed command in a real process, since these are facts about
processes; the few that only need a different environment run in-process.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import BUNDLED, Installed
from typer.testing import CliRunner

from neuroleg.cli.app import app
from neuroleg.db import cache as cache_mod
from neuroleg.db.cache import clear_cache, open_store

runner = CliRunner()
SHOW_JSON = ("show", "diabetes", "-f", "json")


def expected_show(installed: Installed) -> str:
    result = installed.run(*SHOW_JSON)
    assert result.returncode == 0
    return result.stdout


def bash(installed: Installed, script: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, env=installed.env(**env), cwd=installed.home,
        timeout=60, check=False,
    )  # fmt: skip


def cache_entries(cache_home: Path) -> list[str]:
    folder = cache_home / "neuroleg"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


# locale and terminal


def test_a_c_locale_gives_the_same_answer(installed: Installed) -> None:
    result = installed.run(*SHOW_JSON, LANG="C", LC_ALL="C")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == expected_show(installed)


def test_a_non_ascii_name_under_a_c_locale_is_an_unknown_name(installed: Installed) -> None:
    result = installed.run("show", "diabète", LANG="C", LC_ALL="C")
    assert result.returncode == 1
    assert result.stderr.startswith("neuroleg: no cause named 'diabète'\n")


def non_ascii_kb(tmp_path: Path) -> Path:
    text = BUNDLED.read_text(encoding="utf-8").replace("name: Diabetes\n", "name: Diabète — “sugar” 糖尿病\n", 1)
    path = tmp_path / "kb.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_json_on_an_ascii_only_stdout_keeps_every_character(installed: Installed, tmp_path: Path) -> None:
    kb = non_ascii_kb(tmp_path)
    result = installed.run(*SHOW_JSON, "--data", str(kb), PYTHONIOENCODING="ascii")
    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(result.stdout)["name"] == "Diabète — “sugar” 糖尿病"
    assert result.stdout.isascii()


def test_text_on_an_ascii_only_stdout_replaces_what_it_cannot_show(installed: Installed, tmp_path: Path) -> None:
    result = installed.run("show", "diabetes", "--data", str(non_ascii_kb(tmp_path)), PYTHONIOENCODING="ascii")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("Diab?te ? ?sugar? ???\n")


def test_term_dumb_gives_no_escape_codes_even_when_colour_is_forced(installed: Installed) -> None:
    for args in (("causes",), ("show", "diabetes"), ("stats",)):
        result = installed.run(*args, TERM="dumb", FORCE_COLOR="1")
        assert result.returncode == 0
        assert "\x1b" not in result.stdout, args


@pytest.mark.parametrize("columns", [40, 300])
def test_terminal_tables_fit_the_columns_they_are_given(installed: Installed, columns: int) -> None:
    import re

    for args in (("causes",), ("stats",), ("symptoms",), ("sources",), ("search", "nerve"), ("compare", "ms", "chemo")):
        result = installed.run(*args, COLUMNS=str(columns), FORCE_COLOR="1")
        lines = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout).splitlines()
        assert result.returncode == 0
        assert max(len(line) for line in lines) <= columns, args


# home and cache directory


def test_an_empty_home_is_not_taken_for_the_root_directory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(cache_mod, "_passwd_home", lambda: str(tmp_path))
    assert cache_mod.cache_dir({"HOME": ""}) == tmp_path / ".cache" / "neuroleg"


def test_a_relative_home_is_ignored_like_a_relative_xdg_cache_home(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(cache_mod, "_passwd_home", lambda: str(tmp_path))
    assert cache_mod.cache_dir({"HOME": "relative/home", "XDG_CACHE_HOME": "rel"}) == tmp_path / ".cache" / "neuroleg"


def test_no_home_and_no_passwd_entry_answers_without_a_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def no_entry() -> str:
        raise KeyError("uid 4242 has no passwd entry")

    monkeypatch.setattr(cache_mod, "_passwd_home", no_entry)
    monkeypatch.delenv("HOME")
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["show", "ms", "-f", "json"])
    assert (result.exit_code, json.loads(result.stdout)["id"]) == (0, "multiple-sclerosis")
    assert list(tmp_path.iterdir()) == []
    assert runner.invoke(app, ["cache", "path"]).stdout == "(no cache directory: caching is off)\n"


@contextlib.contextmanager
def private_mount(options: str) -> Iterator[str]:
    """A prefix for bash that runs a command in its own mount namespace with a tmpfs at $MNT (root only)."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("needs root and unshare to mount a private file system")
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip("mount namespaces are not available here")
    yield f'unshare -m bash -c \'mount -t tmpfs -o {options} tmpfs "$MNT" && "$@"\' _ '


@pytest.mark.slow
def test_a_full_cache_file_system_still_gives_the_answer_and_leaves_nothing(
    installed: Installed, tmp_path: Path
) -> None:
    expected = expected_show(installed)
    mnt = tmp_path / "full"
    mnt.mkdir()
    with private_mount("size=64k") as prefix:
        result = bash(
            installed,
            f'{prefix} bash -c \'neuroleg {" ".join(SHOW_JSON)}; echo "rc=$?"; ls -A "$MNT/neuroleg"\'',
            MNT=str(mnt), XDG_CACHE_HOME=str(mnt),
        )  # fmt: skip
    assert result.stderr == ""
    assert result.stdout == f"{expected}rc=0\n"  # and the listing of the cache directory is empty


@pytest.mark.slow
def test_a_read_only_cache_file_system_still_gives_the_answer(installed: Installed, tmp_path: Path) -> None:
    expected = expected_show(installed)
    mnt = tmp_path / "ro"
    mnt.mkdir()
    with private_mount("ro") as prefix:
        result = bash(
            installed,
            f"{prefix} neuroleg {' '.join(SHOW_JSON)}",
            MNT=str(mnt), XDG_CACHE_HOME=str(mnt),
        )  # fmt: skip
    assert (result.returncode, result.stderr, result.stdout) == (0, "", expected)


@pytest.mark.slow
def test_cache_clear_on_a_read_only_file_system_says_so_without_an_internal_error(
    installed: Installed, tmp_path: Path
) -> None:
    mnt = tmp_path / "ro"
    mnt.mkdir()
    with private_mount("size=1m") as prefix:
        result = bash(
            installed,
            f"{prefix} bash -c 'neuroleg causes >/dev/null && mount -o remount,ro \"$MNT\" && neuroleg cache clear'",
            MNT=str(mnt), XDG_CACHE_HOME=str(mnt),
        )  # fmt: skip
    assert "internal error" not in result.stderr
    assert result.returncode == 0
    assert result.stdout.startswith("removed 0 cache files from ")
    assert "neuroleg: could not remove 1 cache file (read-only?)" in result.stderr


def test_a_directory_among_the_cache_files_is_left_alone_by_clear(private_cache: Path) -> None:
    open_store(BUNDLED, private_cache)
    (private_cache / "not-mine.sqlite").mkdir()
    assert clear_cache(private_cache) == 1
    assert [p.name for p in private_cache.iterdir()] == ["not-mine.sqlite"]


def old_cache(private_cache: Path, mutate: Callable[[sqlite3.Connection, str], None]) -> Path:
    """The current cache file of the bundled file, altered as an older neuroleg (or a hostile user) left it."""
    open_store(BUNDLED, private_cache)
    [file] = private_cache.glob("*.sqlite")
    with contextlib.closing(sqlite3.connect(file)) as conn:
        (identity,) = conn.execute("SELECT value FROM meta WHERE key = 'identity'").fetchone()
        mutate(conn, identity)
        conn.commit()
    return file


def test_a_cache_of_an_older_layout_under_the_current_name_is_rebuilt(private_cache: Path) -> None:
    def older(conn: sqlite3.Connection, identity: str) -> None:
        rest = identity.split("|", 2)[2]  # the layout and neuroleg's version come first
        conn.execute("UPDATE meta SET value = ? WHERE key = 'identity'", (f"4|0.0.1|{rest}",))
        conn.execute("DROP TABLE words")

    old_cache(private_cache, older)
    result = runner.invoke(app, ["search", "tinglng", "-f", "json"])
    assert result.exit_code == 1  # "did you mean": the words table is back
    assert "did you mean 'tingling'?" in result.stderr


def test_a_cache_that_claims_to_be_current_but_lacks_a_table_is_rebuilt(private_cache: Path) -> None:
    old_cache(private_cache, lambda conn, identity: conn.execute("DROP TABLE symptom_causes"))
    result = runner.invoke(app, ["symptoms", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert any(s["causes"] for s in json.loads(result.stdout))


def test_an_older_version_s_cache_file_is_removed_after_a_build(private_cache: Path) -> None:
    open_store(BUNDLED, private_cache)
    [current] = private_cache.glob("*.sqlite")
    older = private_cache / f"{current.name.split('-')[0]}-0badcafe.sqlite"
    current.rename(older)
    open_store(BUNDLED, private_cache)
    assert sorted(p.name for p in private_cache.iterdir()) == [current.name]


@pytest.mark.parametrize("kind", ["fifo", "directory", "symlink loop", "symlink to /dev/zero"])
def test_something_odd_in_place_of_the_cache_file_is_replaced_without_waiting(
    installed: Installed, tmp_path: Path, kind: str
) -> None:
    expected = expected_show(installed)
    cache_home = tmp_path / "c"
    assert installed.run(*SHOW_JSON, XDG_CACHE_HOME=str(cache_home)).returncode == 0
    [file] = (cache_home / "neuroleg").glob("*.sqlite")
    file.unlink()
    {
        "fifo": lambda: os.mkfifo(file),
        "directory": lambda: file.mkdir(),
        "symlink loop": lambda: file.symlink_to(file),
        "symlink to /dev/zero": lambda: file.symlink_to("/dev/zero"),
    }[kind]()
    result = subprocess.run(  # a FIFO once blocked here for ever
        [str(installed.command), *SHOW_JSON], capture_output=True, text=True, cwd=installed.home,
        env=installed.env(XDG_CACHE_HOME=str(cache_home)), timeout=20, check=False,
    )  # fmt: skip
    assert (result.returncode, result.stderr, result.stdout) == (0, "", expected)


# standard streams


def test_a_closed_stdout_is_a_short_error_not_an_internal_one(installed: Installed) -> None:
    for command in ("neuroleg causes", "neuroleg --version", "neuroleg show ms -f json"):
        result = bash(installed, f"{command} >&-")
        assert result.returncode == 2, (command, result.stderr)
        assert result.stderr == "neuroleg: cannot write the output: standard output is closed\n", command


def test_a_full_stdout_is_a_short_error_not_an_internal_one(installed: Installed) -> None:
    result = bash(installed, "neuroleg causes > /dev/full")
    assert result.returncode == 2
    assert result.stderr == "neuroleg: cannot write the output: No space left on device\n"


def test_a_reader_taking_ten_bytes_leaves_stderr_empty_and_status_0(installed: Installed) -> None:
    result = bash(installed, "set -o pipefail; neuroleg causes -f json | head -c 10; echo; echo ${PIPESTATUS[0]}")
    assert (result.stdout, result.stderr) == ("[\n  {\n    \n0\n", "")


def test_a_closed_stdin_changes_nothing(installed: Installed) -> None:
    result = bash(installed, f"neuroleg {' '.join(SHOW_JSON)} <&-")
    assert (result.returncode, result.stderr, result.stdout) == (0, "", expected_show(installed))


def test_a_closed_stderr_keeps_the_exit_code_of_the_error(installed: Installed, tmp_path: Path) -> None:
    result = bash(installed, f"neuroleg causes --data '{tmp_path}/missing.yaml' 2>&-; echo $?")
    assert result.stdout == "3\n"
    result = bash(installed, "neuroleg show nothing-like-it 2>&-; echo $?")
    assert result.stdout == "1\n"


# signals


@pytest.fixture(scope="module")
def big_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from test_shell_contract import generated_kb

    return generated_kb(tmp_path_factory.mktemp("big") / "big.yaml", 8000)


def start(installed: Installed, args: list[str], cache_home: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(installed.command), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=installed.env(XDG_CACHE_HOME=str(cache_home)), cwd=installed.home,
    )  # fmt: skip


def signal_mid_build(installed: Installed, kb: Path, cache_home: Path, sig: int) -> tuple[int, bytes]:
    process = start(installed, ["search", "nerve", "--data", str(kb)], cache_home)
    deadline = time.monotonic() + 30
    while not list((cache_home / "neuroleg").glob(".build-*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.3)
    assert process.poll() is None, "the build finished before the signal"
    process.send_signal(sig)
    _, stderr = process.communicate(timeout=60)
    return process.returncode, stderr


@pytest.mark.slow
def test_sigterm_mid_build_ends_as_terminated_and_leaves_no_temporary_file(
    installed: Installed, big_kb: Path, tmp_path: Path
) -> None:
    code, stderr = signal_mid_build(installed, big_kb, tmp_path / "c", signal.SIGTERM)
    assert (code, stderr) == (-signal.SIGTERM, b"")
    assert cache_entries(tmp_path / "c") == []


@pytest.mark.slow
def test_sighup_mid_build_leaves_no_temporary_file(installed: Installed, big_kb: Path, tmp_path: Path) -> None:
    code, _ = signal_mid_build(installed, big_kb, tmp_path / "c", signal.SIGHUP)
    assert code == -signal.SIGHUP
    assert cache_entries(tmp_path / "c") == []


@pytest.mark.slow
@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, -signal.SIGTERM)])
def test_a_signal_mid_output_ends_quietly(
    installed: Installed, big_kb: Path, tmp_path: Path, sig: int, code: int
) -> None:
    cache_home = tmp_path / "c"
    whole = installed.run("causes", "--data", str(big_kb), XDG_CACHE_HOME=str(cache_home)).stdout.encode()
    process = start(installed, ["causes", "--data", str(big_kb)], cache_home)
    assert process.stdout is not None
    first = process.stdout.read(4096)  # the command is now blocked on a full pipe, mid-output
    assert first.startswith(b"Causes of neuropathic leg pain")
    process.send_signal(sig)
    rest, stderr = process.communicate(timeout=30)
    assert (process.returncode, stderr) == (code, b"")
    assert len(first + rest) < len(whole)  # it stopped, rather than finishing the listing


# writing a file with export -o


def test_export_into_a_device_writes_through_it_and_leaves_the_device(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("only root can make a device node")
    device = tmp_path / "null"
    os.mknod(
        device, 0o666 | stat.S_IFCHR, os.makedev(1, 3)
    )  # a private /dev/null: `-o /dev/null` replaced the real one
    result = runner.invoke(app, ["export", "-o", str(device)])
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISCHR(os.stat(device).st_mode)


def test_export_into_a_symlink_writes_the_file_it_points_at(tmp_path: Path) -> None:
    target = tmp_path / "handout.md"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "latest.md"
    link.symlink_to(target)
    result = runner.invoke(app, ["export", "-o", str(link)])
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8").startswith("# ")
