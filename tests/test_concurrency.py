"""Concurrency: many processes at once on a cold cache, and on a knowledge base replaced (atomic rename) as they run.

Every answer must be complete and equal to the answer for one version of
the file, and the cache directory must end with one cache file and no temporary files.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml
from conftest import BUNDLED, Installed

pytestmark = [pytest.mark.slow, pytest.mark.process]

PROCESSES = 32


def run_all(installed: Installed, args: list[str], **env: str) -> list[tuple[int, str, str]]:
    """Start `PROCESSES` copies of `neuroleg ARGS` at once; their exit codes, stdout and stderr."""
    processes = [
        subprocess.Popen(
            [str(installed.command), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=installed.env(**env),
            cwd=installed.home,
        )
        for _ in range(PROCESSES)
    ]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=180)
        results.append((process.returncode, out, err))
    return results


def leftovers(cache_home: Path) -> list[str]:
    return sorted(p.name for p in (cache_home / "neuroleg").iterdir() if not p.name.endswith(".sqlite"))


def test_32_processes_on_a_cold_cache_give_one_answer(installed: Installed, tmp_path: Path) -> None:
    cache_home = tmp_path / "cold"
    results = run_all(installed, ["search", "nerve", "-f", "json"], XDG_CACHE_HOME=str(cache_home))
    assert {code for code, _, _ in results} == {0}, [err for _, _, err in results if err][:2]
    assert {err for _, _, err in results} == {""}
    answers = {out for _, out, _ in results}
    assert len(answers) == 1
    assert [hit["id"] for hit in json.loads(answers.pop())][:2] == ["cancer", "injury"]
    assert len(list((cache_home / "neuroleg").glob("*.sqlite"))) == 1
    assert leftovers(cache_home) == []


def test_sixteen_processes_on_a_cold_cache_agree_and_leave_one_file(tmp_path: Path) -> None:
    # the checkout's own code (python -m neuroleg), not the wheel
    cache_home = tmp_path / "cold"
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    command = [sys.executable, "-m", "neuroleg", "search", "nerve", "-f", "json"]
    processes = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True) for _ in range(16)
    ]
    results = [(p.communicate(timeout=120), p.returncode) for p in processes]
    assert [code for _, code in results] == [0] * 16, [err for (_, err), _ in results]
    assert [err for (_, err), _ in results] == [""] * 16
    outputs = {out for (out, _), _ in results}
    assert len(outputs) == 1
    assert '"id": "injury"' in outputs.pop()
    [cache_file] = (cache_home / "neuroleg").glob("*.sqlite")
    assert leftovers(cache_home) == []
    with contextlib.closing(sqlite3.connect(cache_file)) as conn:
        assert conn.execute("SELECT count(*) FROM causes").fetchone() == (8,)


def two_versions(tmp_path: Path) -> tuple[bytes, bytes]:
    """The bundled file, and a version B in which every cause's name says so."""
    doc = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    for cause in doc["causes"]:
        cause["name"] = f"{cause['name']} (B)"
    return BUNDLED.read_bytes(), json.dumps(doc).encode()


def test_32_processes_while_the_file_is_replaced_each_answer_one_version(installed: Installed, tmp_path: Path) -> None:
    version_a, version_b = two_versions(tmp_path)
    live = tmp_path / "live.yaml"
    answers = {}
    for tag, data in (("A", version_a), ("B", version_b)):
        live.write_bytes(data)
        result = installed.run("causes", "-f", "json", "--data", str(live), XDG_CACHE_HOME=str(tmp_path / tag))
        answers[result.stdout] = tag
    assert len(answers) == 2

    stop = threading.Event()

    def replace_back_and_forth() -> None:
        flips = 0
        while not stop.is_set():
            staged = tmp_path / "live.yaml.new"
            staged.write_bytes((version_a, version_b)[flips % 2])
            os.replace(staged, live)  # atomic: a reader sees the old file or the new one
            flips += 1
            time.sleep(0.02)

    flipper = threading.Thread(target=replace_back_and_forth)
    flipper.start()
    cache_home = tmp_path / "shared"
    try:
        results = run_all(installed, ["causes", "-f", "json", "--data", str(live)], XDG_CACHE_HOME=str(cache_home))
    finally:
        stop.set()
        flipper.join()
    assert [(code, err) for code, _, err in results if code or err] == []
    assert [out[:80] for _, out, _ in results if out not in answers] == []  # complete, and one version each
    assert leftovers(cache_home) == []
