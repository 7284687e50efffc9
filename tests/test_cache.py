"""The compiled cache: built once, reused, rebuilt when the file changes, never in the way of an answer."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED

import neuroleg.db.compile
import neuroleg.kb.validate
from neuroleg.db.cache import clear_cache, open_store
from neuroleg.db.store import Store
from neuroleg.domain.search import search
from neuroleg.errors import KnowledgeBaseError

SQLITE_HEADER = b"SQLite format 3\x00"


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    """A private copy of the bundled knowledge base, free to edit."""
    path = tmp_path / "data" / "causes.yaml"
    path.parent.mkdir()
    shutil.copyfile(BUNDLED, path)
    return path


def database_file(store: Store) -> str:
    """The file behind a store's connection; '' when it lives in memory."""
    rows = store.conn.execute("pragma database_list").fetchall()
    return str(next(row[2] for row in rows if row[1] == "main"))


def answers(store: Store) -> dict[str, Any]:
    """What the reading commands would show, in one comparable value."""
    return {
        "overview": store.overview(),
        "causes": list(store.cause_rows()),
        "diabetes": store.cause("diabetes"),
        "statistics": list(store.statistics()),
        "sources": store.sources(),
        "search": search(store, "nerve OR tingling", limit=20),
    }


def forbid_builds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any attempt to validate or compile fail loudly."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the knowledge base was rebuilt")

    monkeypatch.setattr(neuroleg.db.compile, "Compiler", refuse)
    monkeypatch.setattr(neuroleg.kb.validate, "check_knowledge_base", refuse)


def cache_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("*.sqlite"))


def leftovers(cache: Path) -> list[Path]:
    return sorted(cache.glob(".build-*.tmp"))


# build and reuse


def test_first_open_builds_one_cache_file(kb: Path, private_cache: Path) -> None:
    store = open_store(kb, private_cache)
    files = cache_files(private_cache)
    assert len(files) == 1
    assert database_file(store) == str(files[0])
    assert files[0].read_bytes()[:16] == SQLITE_HEADER
    assert leftovers(private_cache) == []


def test_second_open_reuses_the_cache_without_rebuilding(
    kb: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = open_store(kb, private_cache)
    before = cache_files(private_cache)[0].stat()
    forbid_builds(monkeypatch)
    second = open_store(kb, private_cache)
    assert database_file(second) == database_file(first)
    after = cache_files(private_cache)[0].stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert answers(second) == answers(first)


def test_cached_answers_equal_in_memory_answers(kb: Path, private_cache: Path) -> None:
    cached = open_store(kb, private_cache)
    in_memory = open_store(kb, None)
    assert database_file(in_memory) == ""
    assert answers(cached) == answers(in_memory)


def test_rebuild_replaces_a_current_cache(kb: Path, private_cache: Path) -> None:
    open_store(kb, private_cache)
    before = cache_files(private_cache)[0].stat().st_ino
    store = open_store(kb, private_cache, rebuild=True)
    files = cache_files(private_cache)
    assert len(files) == 1
    assert files[0].stat().st_ino != before
    assert store.cause("diabetes")["name"] == "Diabetes"


# changes to the knowledge base


def test_content_change_makes_a_new_cache_with_new_answers(kb: Path, private_cache: Path) -> None:
    old = open_store(kb, private_cache)
    assert old.cause("diabetes")["name"] == "Diabetes"
    kb.write_text(kb.read_text(encoding="utf-8").replace("name: Diabetes\n", "name: Diabetes mellitus\n"))
    new = open_store(kb, private_cache)
    assert new.cause("diabetes")["name"] == "Diabetes mellitus"
    assert database_file(new) != database_file(old)


def test_mtime_only_touch_makes_a_new_cache(kb: Path, private_cache: Path) -> None:
    old_file = database_file(open_store(kb, private_cache))
    st = kb.stat()
    os.utime(kb, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    new = open_store(kb, private_cache)
    assert database_file(new) != old_file
    assert [Path(old_file).exists(), len(cache_files(private_cache))] == [False, 1]


def test_same_size_edit_with_restored_mtime_is_still_noticed(kb: Path, private_cache: Path) -> None:
    assert open_store(kb, private_cache).cause("alcohol")["name"] == "Heavy alcohol use"
    st = kb.stat()
    text = kb.read_text(encoding="utf-8")
    edited = text.replace("name: Heavy alcohol use\n", "name: Heavy alcohol USE\n")
    assert len(edited) == len(text)
    kb.write_text(edited, encoding="utf-8")
    os.utime(kb, ns=(st.st_atime_ns, st.st_mtime_ns))  # a careless copy tool: same size, same mtime
    assert open_store(kb, private_cache).cause("alcohol")["name"] == "Heavy alcohol USE"


def test_file_replaced_by_rename_is_noticed(kb: Path, private_cache: Path) -> None:
    assert open_store(kb, private_cache).cause("alcohol")["name"] == "Heavy alcohol use"
    st = kb.stat()
    replacement = kb.with_name("new.yaml")
    replacement.write_text(
        kb.read_text(encoding="utf-8").replace("name: Heavy alcohol use\n", "name: Heavy alcohol USE\n")
    )
    os.utime(replacement, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(replacement, kb)
    assert open_store(kb, private_cache).cause("alcohol")["name"] == "Heavy alcohol USE"


def test_stale_cache_of_the_same_file_is_removed_after_a_change(kb: Path, private_cache: Path) -> None:
    open_store(kb, private_cache)
    first = cache_files(private_cache)
    kb.write_text(kb.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    open_store(kb, private_cache)
    second = cache_files(private_cache)
    assert len(first) == len(second) == 1
    assert first != second


def test_cache_of_another_file_is_kept_after_a_change(kb: Path, private_cache: Path) -> None:
    other = kb.with_name("other.yaml")
    shutil.copyfile(kb, other)
    other_file = database_file(open_store(other, private_cache))
    open_store(kb, private_cache)
    kb.write_text(kb.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    open_store(kb, private_cache)
    assert Path(other_file).exists()
    assert len(cache_files(private_cache)) == 2


def test_cache_holding_another_files_data_is_not_trusted(kb: Path, private_cache: Path) -> None:
    other = kb.with_name("other.yaml")
    other.write_text(kb.read_text(encoding="utf-8").replace("name: Diabetes\n", "name: Sugar disease\n"))
    other_file = database_file(open_store(other, private_cache))
    own_file = database_file(open_store(kb, private_cache))
    shutil.copyfile(other_file, own_file)
    assert open_store(kb, private_cache).cause("diabetes")["name"] == "Diabetes"


# damaged or unusable caches


def test_cache_with_a_garbage_header_still_answers_identically(kb: Path, private_cache: Path) -> None:
    expected = answers(open_store(kb, private_cache))
    file = cache_files(private_cache)[0]
    with file.open("r+b") as handle:
        handle.write(b"\xde\xad\xbe\xef" * 64)
    store = open_store(kb, private_cache)
    assert answers(store) == expected
    assert cache_files(private_cache)[0].read_bytes()[:16] == SQLITE_HEADER


def test_empty_cache_file_still_answers_identically(kb: Path, private_cache: Path) -> None:
    expected = answers(open_store(kb, private_cache))
    cache_files(private_cache)[0].write_bytes(b"")
    assert answers(open_store(kb, private_cache)) == expected


def test_cache_damaged_past_its_header_still_answers_identically_from_the_command(
    kb: Path, private_cache: Path
) -> None:
    command = [sys.executable, "-m", "neuroleg", "search", "nerve OR tingling", "-f", "json", "--data", str(kb)]
    before = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    file = cache_files(private_cache)[0]
    size = file.stat().st_size
    with file.open("r+b") as handle:
        handle.seek(size // 2)
        handle.write(b"\xde\xad" * (size // 4))
    after = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert (after.returncode, after.stderr) == (0, "")
    assert after.stdout == before.stdout
    assert '"id": "injury"' in after.stdout


def test_uncreatable_cache_directory_answers_from_memory(kb: Path, tmp_path: Path, private_cache: Path) -> None:
    expected = answers(open_store(kb, private_cache))
    blocker = tmp_path / "afile"
    blocker.write_text("a regular file where a directory should be\n")
    store = open_store(kb, blocker / "sub")
    assert database_file(store) == ""
    assert answers(store) == expected
    assert blocker.read_text() == "a regular file where a directory should be\n"


def test_cache_directory_that_is_a_file_answers_from_memory(kb: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("")
    store = open_store(kb, blocker)
    assert database_file(store) == ""
    assert store.resolve("chemo") == "chemotherapy"


def test_dead_build_files_are_removed_and_fresh_ones_kept(kb: Path, private_cache: Path) -> None:
    private_cache.mkdir(parents=True)
    dead = private_cache / ".build-dead.tmp"
    fresh = private_cache / ".build-fresh.tmp"
    dead.write_bytes(b"half a database")
    fresh.write_bytes(b"another process is building")
    hour_ago = time.time() - 3600
    os.utime(dead, (hour_ago, hour_ago))
    open_store(kb, private_cache)
    assert [dead.exists(), fresh.exists()] == [False, True]


# clearing


def test_clear_cache_removes_every_cache_file_and_counts_them(kb: Path, private_cache: Path) -> None:
    other = kb.with_name("other.yaml")
    shutil.copyfile(kb, other)
    open_store(kb, private_cache)
    open_store(other, private_cache)
    (private_cache / ".build-x.tmp").write_bytes(b"")
    (private_cache / "notes.txt").write_text("not ours to delete")
    assert clear_cache(private_cache) == 3
    assert sorted(p.name for p in private_cache.iterdir()) == ["notes.txt"]


def test_clear_cache_of_an_empty_or_missing_directory_removes_nothing(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert clear_cache(tmp_path / "empty") == 0
    assert clear_cache(tmp_path / "missing") == 0


def test_store_opened_before_a_clear_keeps_answering(kb: Path, private_cache: Path) -> None:
    store = open_store(kb, private_cache)
    assert clear_cache(private_cache) == 1
    assert store.resolve("ms") == "multiple-sclerosis"
    assert open_store(kb, private_cache).resolve("ms") == "multiple-sclerosis"


# knowledge bases that cannot be loaded


@pytest.mark.parametrize("cache", ["private", None], ids=["cached", "in-memory"])
def test_missing_data_file_says_no_such_file(tmp_path: Path, private_cache: Path, cache: str | None) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(KnowledgeBaseError) as caught:
        open_store(missing, private_cache if cache else None)
    assert [(p.path, p.line, p.message) for p in caught.value.problems] == [
        (str(missing), None, "cannot read the knowledge base: no such file")
    ]


def test_directory_as_data_file_is_refused(tmp_path: Path, private_cache: Path) -> None:
    with pytest.raises(KnowledgeBaseError) as caught:
        open_store(tmp_path, private_cache)
    assert caught.value.problems[0].message == "cannot read the knowledge base: is a directory, not a file"


def test_invalid_data_file_raises_and_leaves_no_cache(kb: Path, private_cache: Path) -> None:
    kb.write_text(kb.read_text(encoding="utf-8").replace("low: 60", "low: 600"), encoding="utf-8")
    with pytest.raises(KnowledgeBaseError) as caught:
        open_store(kb, private_cache)
    assert [p.message for p in caught.value.problems] == [
        "causes[1].statistics[0]: low (600) is greater than high (70)"
    ]
    assert cache_files(private_cache) == []
    assert leftovers(private_cache) == []


def test_unsafe_data_file_raises_and_leaves_no_cache(kb: Path, private_cache: Path) -> None:
    kb.write_text(kb.read_text(encoding="utf-8") + "extra: &anchor 1\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError) as caught:
        open_store(kb, private_cache)
    assert caught.value.problems[0].message == "YAML anchors (&name) are not allowed"
    assert cache_files(private_cache) == []
    assert leftovers(private_cache) == []


def test_invalid_edit_of_a_cached_file_is_reported_not_hidden_by_the_old_cache(kb: Path, private_cache: Path) -> None:
    open_store(kb, private_cache)
    kb.write_text(kb.read_text(encoding="utf-8").replace("value: 50", "value: 150"), encoding="utf-8")
    with pytest.raises(KnowledgeBaseError) as caught:
        open_store(kb, private_cache)
    assert caught.value.problems[0].message == "causes[2].statistics[0]: a percentage must be between 0 and 100"


# many processes at once


@pytest.mark.slow
def test_sixteen_processes_on_a_cold_cache_agree_and_leave_one_file(tmp_path: Path) -> None:
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
    cache = cache_home / "neuroleg"
    assert len(cache_files(cache)) == 1
    assert leftovers(cache) == []
    with contextlib.closing(sqlite3.connect(cache_files(cache)[0])) as conn:
        assert conn.execute("SELECT count(*) FROM causes").fetchone() == (8,)
