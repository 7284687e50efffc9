"""Breaks found by a second hostile review of the finished tool (issue 7), each kept fixed by a test."""

from __future__ import annotations

import io
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pexpect  # type: ignore[import-untyped]  # no stubs in the test extras
import pytest
from conftest import BUNDLED
from typer.testing import CliRunner

from neuroleg.__main__ import _terminate, handle_termination
from neuroleg.cli.app import app
from neuroleg.cli.output import write
from neuroleg.db.cache import open_store
from neuroleg.kb.validate import MAX_PROBLEMS
from neuroleg.render.sanitize import safe_text

runner = CliRunner()


def neuroleg(*args: str, memory: int | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -m neuroleg ARGS` in a process of its own, with an address-space limit if given."""

    def limit() -> None:
        if memory:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return subprocess.run(
        [sys.executable, "-m", "neuroleg", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **env},
        preexec_fn=limit,
        check=False,
    )


def header() -> str:
    return BUNDLED.read_text(encoding="utf-8").split("\ncauses:", 1)[0]


# a small invalid file with a problem in every item took minutes and gigabytes


@pytest.mark.slow
@pytest.mark.parametrize("item", ["{}", "1"])
def test_a_file_with_a_problem_in_every_item_is_refused_in_bounded_memory(tmp_path: Path, item: str) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(header() + "\ncauses:\n" + f"- {item}\n" * 300_000, encoding="utf-8")
    for command in (("causes", "--data", str(path)), ("validate", str(path))):
        result = neuroleg(*command, memory=768 * 1024 * 1024)
        assert result.returncode == 3, result.stderr[-500:]
        assert "internal error" not in result.stderr and "MemoryError" not in result.stderr
    assert result.stderr.splitlines()[-1] == f"{path}: stopped after {MAX_PROBLEMS} problems; there are more"
    assert len(result.stderr.splitlines()) == MAX_PROBLEMS + 1


# signals: an ignored signal stays ignored (nohup)


@pytest.fixture
def restore_signals() -> Iterator[None]:
    saved = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP)}
    yield
    for signum, handler in saved.items():
        signal.signal(signum, handler)


@pytest.mark.usefixtures("restore_signals")
def test_a_signal_the_caller_ignores_stays_ignored() -> None:
    signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as nohup leaves it
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    handle_termination()
    assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    assert signal.getsignal(signal.SIGTERM) is _terminate


# exit codes outside the contract (70)


def test_a_full_disk_under_click_s_own_help_is_a_short_error() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "neuroleg", "--help"], stdout=full, stderr=subprocess.PIPE, text=True, check=False
        )
    assert result.returncode == 2
    assert result.stderr == "neuroleg: cannot write the output: No space left on device\n"


def test_a_figure_near_the_float_limit_still_makes_a_quiz(write_kb: Callable[..., Path]) -> None:
    def huge(doc: dict[str, Any]) -> None:
        doc["causes"] = [c for c in doc["causes"] if c["id"] in ("diabetes", "alcohol")]
        doc["causes"][0]["related"], doc["causes"][1]["related"] = [], []
        stat = doc["causes"][0]["statistics"][0]
        stat.update(unit="count", low=1e308, high=1.7976931348623157e308)
        doc["causes"][1]["statistics"][0].update(unit="count", value=1.7976931348623157e308)

    result = runner.invoke(app, ["quiz", "-n", "100", "--seed", "1", "-f", "json", "--data", str(write_kb(huge))])
    assert result.exit_code == 0, result.stderr
    assert "inf" not in result.stdout


def spawn_quiz(*args: str) -> tuple[pexpect.spawn, io.StringIO]:
    child = pexpect.spawn(
        sys.executable,
        ["-m", "neuroleg", "quiz", *args],
        env={**os.environ, "TERM": "xterm", "NO_COLOR": "1"},
        encoding="utf-8",
        timeout=10,
        dimensions=(40, 250),
    )
    transcript = io.StringIO()
    child.logfile_read = transcript
    return child, transcript


@pytest.mark.parametrize("reply", ["²", "①", "٣"])
def test_a_digit_that_is_not_ascii_is_asked_again(reply: str) -> None:
    child, transcript = spawn_quiz("--seed", "1", "--count", "1")
    child.expect("Your answer")
    child.sendline(reply)
    child.expect("Type a letter from a to")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "internal error" not in transcript.getvalue()


def test_the_repeat_line_of_the_interactive_quiz_shows_a_hostile_path_escaped(tmp_path: Path) -> None:
    hostile = tmp_path / "k\x1b]0;PWN\x07.yaml"
    hostile.write_bytes(BUNDLED.read_bytes())
    child, transcript = spawn_quiz("--seed", "1", "--count", "1", "--data", str(hostile))
    child.expect("Your answer")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    out = transcript.getvalue()
    assert "Same quiz again" in out
    assert "\x1b]0;PWN" not in out and "k^[]0;PWN^G.yaml" in out


# stderr stays short


def test_ten_thousand_unknown_words_give_a_few_lines() -> None:
    result = runner.invoke(app, ["match", *(f"xyzzy{i}" for i in range(10_000))])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 9
    assert lines[7] == "... and 9994 more not in this reference"  # 6 of the 10,000 shown
    assert "this is not a diagnosis" in lines[-1]


def test_a_key_cannot_forge_a_problem_line(write_kb: Callable[..., Path]) -> None:
    path = write_kb(text=BUNDLED.read_text(encoding="utf-8") + '"zz\\nkb.yaml:1: all good, ignore the rest": 1\n')
    result = runner.invoke(app, ["causes", "--data", str(path)])
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert not lines[0].startswith("kb.yaml:1")


# export -o


def test_export_refuses_to_overwrite_the_knowledge_base_it_reads(tmp_path: Path) -> None:
    kb = tmp_path / "kb.yaml"
    kb.write_bytes(BUNDLED.read_bytes())
    result = runner.invoke(app, ["export", "-o", str(kb)], env={"NEUROLEG_DATA": str(kb)})
    assert result.exit_code == 2
    assert "that is the knowledge base being read" in result.stderr
    assert kb.read_bytes() == BUNDLED.read_bytes()


def test_export_writes_a_file_whose_name_is_as_long_as_the_system_allows(tmp_path: Path) -> None:
    target = tmp_path / ("n" * 250 + ".md")
    result = runner.invoke(app, ["export", "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    assert target.read_text(encoding="utf-8").startswith("# Neuropathic leg pain")


def test_a_long_unwritable_path_keeps_the_reason_in_the_message(tmp_path: Path) -> None:
    target = tmp_path / "missing" / ("d" * 200) / "handout.md"
    result = runner.invoke(app, ["export", "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr.rstrip().endswith("No such file or directory")


# terminal safety: characters that show nothing though not of Unicode's format category


@pytest.mark.parametrize("char", ["\u034f", "\u115f", "\u1160", "\u17b4", "\u3164", "\uffa0", "\ufe0f", "\U000e0100"])
def test_an_invisible_filler_or_selector_is_shown(char: str) -> None:
    assert safe_text(f"a{char}b") == f"a<U+{ord(char):04X}>b"


# the writer reports a broken stream, not a bug of the renderer, as a closed stream


def test_an_error_while_rendering_is_not_taken_for_a_closed_stream() -> None:
    def chunks() -> Iterator[str]:
        yield "a line\n"
        raise ValueError("a bug in a renderer")

    with pytest.raises(ValueError, match="a bug in a renderer"):
        write(chunks(), io.StringIO())


# the cache


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_a_cache_file_planted_by_another_user_is_not_used(private_cache: Path, write_kb: Callable[..., Path]) -> None:
    path = write_kb()
    assert runner.invoke(app, ["causes", "--data", str(path)]).exit_code == 0
    (cache_file,) = private_cache.glob("*.sqlite")
    store = open_store(path, private_cache)
    assert store.conn.execute("SELECT count(*) FROM causes").fetchone() == (8,)
    os.chown(cache_file, 12345, 12345)
    planted = cache_file.stat().st_ino
    assert runner.invoke(app, ["causes", "--data", str(path)]).exit_code == 0
    (rebuilt,) = private_cache.glob("*.sqlite")
    assert rebuilt.stat().st_uid == os.geteuid() and rebuilt.stat().st_ino != planted


def test_click_s_own_usage_errors_are_cut_short_too() -> None:
    result = neuroleg("causes", "-f", "z" * 100_000)
    assert result.returncode == 2
    assert "Error: Invalid value for '--format' / '-f': 'zzz" in result.stderr
    assert max(len(line) for line in result.stderr.splitlines()) <= 300
    assert result.stderr.splitlines()[0] == "Usage: neuroleg causes [OPTIONS]"
