"""The compiled cache: built once, reused, rebuilt when the file changes, never in the way of an answer."""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED, SHOW_JSON, Installed, invoke, run_neuroleg

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
    organisations = store.organisations()
    symptoms = store.symptoms()
    return {
        "overview": store.overview(),
        "medical_help": store.medical_help(),
        "causes": list(store.cause_rows()),
        "diabetes": store.cause("diabetes"),
        "statistics": list(store.statistics()),
        "organisations": organisations,
        "citations": {o["id"]: store.citations(o["id"]) for o in organisations},
        "categories": store.categories(),
        "forms": store.forms(),
        "symptoms": {s["id"]: store.causes_with_symptom(s["id"]) for s in symptoms},
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


@pytest.mark.process
def test_cache_damaged_past_its_header_still_answers_identically_from_the_command(
    kb: Path, private_cache: Path
) -> None:
    command = ["search", "nerve OR tingling", "-f", "json", "--data", str(kb)]
    before = run_neuroleg(*command)
    file = cache_files(private_cache)[0]
    size = file.stat().st_size
    with file.open("r+b") as handle:
        handle.seek(size // 2)
        handle.write(b"\xde\xad" * (size // 4))
    after = run_neuroleg(*command)
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


def test_a_cache_with_damaged_records_is_rebuilt(private_cache: Path) -> None:
    ok = invoke("show", "diabetes", "-f", "json")
    [cache_file] = private_cache.glob("*.sqlite")
    with sqlite3.connect(cache_file) as conn:  # one changed letter inside a record, its checksum left as it was
        conn.execute(
            "UPDATE cause_records SET doc = replace(doc, 'Diabetes means', 'Diabetes meant') "
            "WHERE ord = (SELECT ord FROM causes WHERE id = 'diabetes')"
        )
    again = invoke("show", "diabetes", "-f", "json")
    assert (again.exit_code, again.stdout) == (0, ok.stdout)


def test_random_byte_damage_to_the_cache_never_ends_in_an_internal_error(private_cache: Path) -> None:
    # damage to a record is caught by its checksum and the cache rebuilt; damage elsewhere in the
    # file (the search index, its free pages) is beyond what a per-record check can see
    invoke("show", "diabetes", "-f", "json")
    [cache_file] = private_cache.glob("*.sqlite")
    pristine = cache_file.read_bytes()
    rng = random.Random(7)
    for _ in range(12):
        damaged = bytearray(pristine)
        for _ in range(64):
            damaged[rng.randrange(4096, len(damaged))] = rng.randrange(256)
        for stale in private_cache.glob("*.sqlite"):
            stale.unlink()
        cache_file.write_bytes(bytes(damaged))
        result = invoke("show", "diabetes", "-f", "json")
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["id"] == "diabetes"


@pytest.mark.slow
@pytest.mark.process
@pytest.mark.parametrize("kind", ["fifo", "directory", "symlink loop", "symlink to /dev/zero"])
def test_something_odd_in_place_of_the_cache_file_is_replaced_without_waiting(
    installed: Installed, tmp_path: Path, kind: str
) -> None:
    expected = installed.output(*SHOW_JSON)
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


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_a_cache_file_planted_by_another_user_is_not_used(private_cache: Path, write_kb: Callable[..., Path]) -> None:
    path = write_kb()
    assert invoke("causes", "--data", str(path)).exit_code == 0
    (cache_file,) = private_cache.glob("*.sqlite")
    store = open_store(path, private_cache)
    assert store.conn.execute("SELECT count(*) FROM causes").fetchone() == (8,)
    os.chown(cache_file, 12345, 12345)
    planted = cache_file.stat().st_ino
    assert invoke("causes", "--data", str(path)).exit_code == 0
    (rebuilt,) = private_cache.glob("*.sqlite")
    assert rebuilt.stat().st_uid == os.geteuid() and rebuilt.stat().st_ino != planted


# caches an older neuroleg left (or a hostile user made)


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
    result = invoke("search", "tinglng", "-f", "json")
    assert result.exit_code == 1  # "did you mean": the words table is back
    assert "did you mean 'Tingling'?" in result.stderr


def test_a_cache_that_claims_to_be_current_but_lacks_a_table_is_rebuilt(private_cache: Path) -> None:
    old_cache(private_cache, lambda conn, identity: conn.execute("DROP TABLE symptom_causes"))
    result = invoke("symptoms", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert any(s["causes"] for s in json.loads(result.stdout))


def test_an_older_version_s_cache_file_is_removed_after_a_build(private_cache: Path) -> None:
    open_store(BUNDLED, private_cache)
    [current] = private_cache.glob("*.sqlite")
    older = private_cache / f"{current.name.split('-')[0]}-0badcafe.sqlite"
    current.rename(older)
    open_store(BUNDLED, private_cache)
    assert sorted(p.name for p in private_cache.iterdir()) == [current.name]


# where the cache lives: odd names, and file systems that are full or read-only


def test_a_file_name_that_is_not_utf8_still_works(tmp_path: Path, private_cache: Path) -> None:
    odd = Path(os.fsdecode(bytes(tmp_path) + b"/\xff-kb.yaml"))
    odd.write_bytes(BUNDLED.read_bytes())
    store = open_store(odd, private_cache)
    assert store.cause(store.resolve("ms"))["name"] == "Multiple sclerosis"


def test_a_cache_directory_starting_with_two_slashes_is_reused(tmp_path: Path) -> None:
    cache = Path("/" + str(tmp_path / "c"))  # "//tmp/...": once read as a URI authority
    open_store(BUNDLED, cache)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("neuroleg.db.cache._build", lambda *a: pytest.fail("rebuilt a current cache"))
        store = open_store(BUNDLED, cache)
    assert store.resolve("chemo") == "chemotherapy"


def test_opening_a_missing_cache_leaves_no_empty_file(tmp_path: Path, write_kb: Callable[..., Path]) -> None:
    cache = tmp_path / "c"
    cache.mkdir()
    bad = write_kb(text="format: 2\n")
    with pytest.raises(KnowledgeBaseError, match="required"):
        open_store(bad, cache)
    assert list(cache.iterdir()) == []


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
@pytest.mark.process
def test_a_full_cache_file_system_still_gives_the_answer_and_leaves_nothing(
    installed: Installed, tmp_path: Path
) -> None:
    expected = installed.output(*SHOW_JSON)
    mnt = tmp_path / "full"
    mnt.mkdir()
    with private_mount("size=64k") as prefix:
        result = installed.shell(
            f'{prefix} bash -c \'neuroleg {" ".join(SHOW_JSON)}; echo "rc=$?"; ls -A "$MNT/neuroleg"\'',
            MNT=str(mnt), XDG_CACHE_HOME=str(mnt),
        )  # fmt: skip
    assert result.stderr == ""
    assert result.stdout == f"{expected}rc=0\n"  # and the listing of the cache directory is empty


@pytest.mark.slow
@pytest.mark.process
def test_a_read_only_cache_file_system_still_gives_the_answer(installed: Installed, tmp_path: Path) -> None:
    expected = installed.output(*SHOW_JSON)
    mnt = tmp_path / "ro"
    mnt.mkdir()
    with private_mount("ro") as prefix:
        result = installed.shell(
            f"{prefix} neuroleg {' '.join(SHOW_JSON)}",
            MNT=str(mnt), XDG_CACHE_HOME=str(mnt),
        )  # fmt: skip
    assert (result.returncode, result.stderr, result.stdout) == (0, "", expected)


@pytest.mark.slow
@pytest.mark.process
def test_cache_clear_on_a_read_only_file_system_says_so_without_an_internal_error(
    installed: Installed, tmp_path: Path
) -> None:
    mnt = tmp_path / "ro"
    mnt.mkdir()
    with private_mount("size=1m") as prefix:
        result = installed.shell(
            f"{prefix} bash -c 'neuroleg causes >/dev/null && mount -o remount,ro \"$MNT\" && neuroleg cache clear'",
            MNT=str(mnt), XDG_CACHE_HOME=str(mnt),
        )  # fmt: skip
    assert "internal error" not in result.stderr
    assert result.returncode == 0
    assert result.stdout.startswith("removed 0 cache files from ")
    assert "neuroleg: could not remove 1 cache file (read-only?)" in result.stderr


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


def test_a_directory_among_the_cache_files_is_left_alone_by_clear(private_cache: Path) -> None:
    open_store(BUNDLED, private_cache)
    (private_cache / "not-mine.sqlite").mkdir()
    assert clear_cache(private_cache) == 1
    assert [p.name for p in private_cache.iterdir()] == ["not-mine.sqlite"]


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
    assert caught.value.problems[0].message == "causes[1].statistics[1]: a percentage must be between 0 and 100"
