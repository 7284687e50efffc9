"""Signals: Ctrl-C, SIGTERM, SIGHUP mid-build or mid-output end quietly with no partial cache; ignored stays ignored."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Installed, generated_kb

from neuroleg.__main__ import _terminate, handle_termination


@pytest.fixture(scope="module")
def huge_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """10,000 causes: a cold build takes seconds, long enough to interrupt, and a listing far bigger than a pipe."""
    return generated_kb(tmp_path_factory.mktemp("huge") / "huge.yaml", 10_000)


def cache_entries(cache_home: Path) -> list[str]:
    folder = cache_home / "neuroleg"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def start(installed: Installed, args: list[str], cache_home: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(installed.command), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=installed.env(XDG_CACHE_HOME=str(cache_home)), cwd=installed.home,
    )  # fmt: skip


# Ctrl-C


def interrupt_mid_build(installed: Installed, kb: Path, cache_home: Path) -> subprocess.CompletedProcess[str]:
    """Start a cold `search` on a huge knowledge base, wait until the cache build is under way, press Ctrl-C."""
    cache = cache_home / "neuroleg"
    process = subprocess.Popen(
        [str(installed.command), "search", "nerve", "--data", str(kb)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=installed.home,
        env=installed.env(XDG_CACHE_HOME=str(cache_home)),
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while not list(cache.glob(".build-*.tmp")) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.3)  # well into the build, which takes seconds
    assert process.poll() is None, "the build finished before it could be interrupted"
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


@pytest.mark.slow
@pytest.mark.process
def test_ctrl_c_mid_build_exits_130_without_a_word(installed: Installed, huge_kb: Path, tmp_path: Path) -> None:
    result = interrupt_mid_build(installed, huge_kb, tmp_path / "cache")
    assert result.returncode == 130
    assert "Traceback" not in result.stderr
    assert (result.stdout, result.stderr) == ("", "")


@pytest.mark.slow
@pytest.mark.process
def test_ctrl_c_mid_build_leaves_no_partial_cache(installed: Installed, huge_kb: Path, tmp_path: Path) -> None:
    interrupt_mid_build(installed, huge_kb, tmp_path / "cache")
    assert sorted(p.name for p in (tmp_path / "cache" / "neuroleg").iterdir()) == []


# SIGTERM and SIGHUP


def signal_mid_build(installed: Installed, kb: Path, cache_home: Path, sig: int) -> tuple[int, bytes]:
    """Start a cold `search`, wait until the cache build is under way, send `sig`: the exit status and stderr."""
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
@pytest.mark.process
def test_sigterm_mid_build_ends_as_terminated_and_leaves_no_temporary_file(
    installed: Installed, huge_kb: Path, tmp_path: Path
) -> None:
    code, stderr = signal_mid_build(installed, huge_kb, tmp_path / "c", signal.SIGTERM)
    assert (code, stderr) == (-signal.SIGTERM, b"")
    assert cache_entries(tmp_path / "c") == []


@pytest.mark.slow
@pytest.mark.process
def test_sighup_mid_build_leaves_no_temporary_file(installed: Installed, huge_kb: Path, tmp_path: Path) -> None:
    code, _ = signal_mid_build(installed, huge_kb, tmp_path / "c", signal.SIGHUP)
    assert code == -signal.SIGHUP
    assert cache_entries(tmp_path / "c") == []


@pytest.mark.slow
@pytest.mark.process
@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, -signal.SIGTERM)])
def test_a_signal_mid_output_ends_quietly(
    installed: Installed, huge_kb: Path, tmp_path: Path, sig: int, code: int
) -> None:
    cache_home = tmp_path / "c"
    whole = installed.run("causes", "--data", str(huge_kb), XDG_CACHE_HOME=str(cache_home)).stdout.encode()
    process = start(installed, ["causes", "--data", str(huge_kb)], cache_home)
    assert process.stdout is not None
    first = process.stdout.read(4096)  # the command is now blocked on a full pipe, mid-output
    assert first.startswith(b"Causes of neuropathic leg pain")
    process.send_signal(sig)
    rest, stderr = process.communicate(timeout=30)
    assert (process.returncode, stderr) == (code, b"")
    assert len(first + rest) < len(whole)  # it stopped, rather than finishing the listing


# an ignored signal stays ignored (nohup)


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
