"""The compiled cache: the only module that touches cache files.

One SQLite file per knowledge-base file version, named from the file's
identity (path, device, inode, size, mtime, ctime) and neuroleg's version, and
checked against that identity on open. A new cache is built completely in a
temporary file beside the live one, then renamed into place, so readers never
see a half-written file and nobody waits on a lock. Caches are opened
`immutable`: nothing ever writes a live cache file in place, and an immutable
open works in read-only directories too. Any trouble with the cache (corrupt,
unwritable, missing directory) falls back to an in-memory build: the answer is
the same either way.
"""

from __future__ import annotations

import gc
import os
import sqlite3
import stat
import time
import zlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from neuroleg import __version__
from neuroleg.db.layout import LAYOUT, TABLES
from neuroleg.db.store import Store
from neuroleg.kb.source_file import absolute_path, clean_path, read_source, unreadable

if TYPE_CHECKING:  # paths are strings here: importing pathlib would cost every command ~2.7 ms
    from pathlib import Path

PathName = str | os.PathLike[str]

_STALE_TEMP_SECONDS = 600  # a temporary file this old belongs to a build that died


def open_store(data: PathName, cache: PathName | None, *, rebuild: bool = False) -> Store:
    """A `Store` for the knowledge base at `data`, from the cache when it is current.

    Raises `KnowledgeBaseError` when the file cannot be read or is invalid. A
    cache found damaged later, while the store is read, is rebuilt by the store.
    """
    path = absolute_path(os.fspath(data))
    folder = os.fspath(cache) if cache is not None else None
    conn = None
    if folder is not None and not rebuild:
        try:
            st = os.stat(path)
        except (OSError, ValueError) as exc:  # ValueError: a NUL byte or a lone surrogate in the name
            raise unreadable(path, exc) from None
        identity = _identity(path, st)
        conn = _open_cached(os.path.join(folder, _file_name(path, identity)), identity)
    return Store(conn or _build(path, folder), path, rebuild=lambda: _build(path, folder))


def clear_cache(cache: PathName, kept: list[Path] | None = None) -> int:
    """Delete every cache file; return how many were removed, and list in `kept` those that could not be."""
    from pathlib import Path  # `cache clear` only

    removed = 0
    folder = Path(cache)
    for entry in [*folder.glob("*.sqlite"), *folder.glob(".build-*.tmp")]:
        try:
            if entry.is_symlink() or not entry.is_dir():  # a directory is not one of ours: leave it
                entry.unlink()
                removed += 1
        except FileNotFoundError:  # another process removed it first
            continue
        except OSError:  # a read-only file system or directory: leave it, say so, and go on
            if kept is not None:
                kept.append(entry)
    return removed


def user_cache_dir(environ: Mapping[str, str]) -> str | None:
    """Where caches live for this user, or None when no home can be found."""
    try:
        return cache_dir(environ)
    except (RuntimeError, KeyError):  # no HOME and no passwd entry: work without a cache
        return None


def _identity(path: str, st: os.stat_result) -> str:
    name = os.fsencode(path).decode("utf-8", "backslashreplace")  # storable text even for a non-UTF-8 name
    return f"{LAYOUT}|{__version__}|{name}|{st.st_dev}|{st.st_ino}|{st.st_size}|{st.st_mtime_ns}|{st.st_ctime_ns}"


def _file_name(path: str, identity: str) -> str:
    # crc32 spreads names; the full identity stored inside decides whether a file matches
    return f"{_crc(path)}-{_crc(identity)}.sqlite"


def _crc(text: str) -> str:
    return f"{zlib.crc32(os.fsencode(text)):08x}"  # fsencode: a file name need not be UTF-8


def _open_cached(file: str, identity: str) -> sqlite3.Connection | None:
    try:
        st = os.stat(file)
    except (OSError, ValueError):  # missing, a symlink loop, a NUL in the name
        return None
    if not stat.S_ISREG(st.st_mode):  # SQLite's open of a FIFO would wait for a writer for ever
        return None
    if st.st_uid not in (os.geteuid(), 0):  # planted by another user (a shared XDG_CACHE_HOME): not trusted
        return None
    try:
        # read-only: never creates a file; immutable: no locks, and fine in a read-only directory
        conn = sqlite3.connect(f"{_uri(file)}?mode=ro&immutable=1", uri=True)
    except (sqlite3.Error, UnicodeError):
        return None
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", ("identity",)).fetchone()
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if row is not None and row[0] == identity and tables >= TABLES:
            return conn
    except (sqlite3.Error, UnicodeDecodeError):  # damaged schema text reaches Python as bytes that are not UTF-8
        pass  # not a database, or a damaged one: rebuild
    conn.close()
    return None


def _uri(file: str) -> str:
    # an empty authority ("file://" + absolute path), so a path starting "//" stays a path;
    # only these characters mean something in an SQLite URI path
    path = absolute_path(file).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    return f"file://{path}"


def _build(path: str, cache: str | None) -> sqlite3.Connection:
    """Compile the file into a new cache file (into memory when that cannot be written); its connection."""
    from neuroleg.db.compile import Compiler
    from neuroleg.kb.validate import check_knowledge_base

    data, st = read_source(path)
    identity = _identity(path, st)

    def fill(conn: sqlite3.Connection) -> None:
        enabled = gc.isenabled()  # the command line runs with the collector off already
        gc.disable()  # a build makes many objects and no cycles: GC passes would triple its time
        try:
            check_knowledge_base(data, path, Compiler(conn, identity))
        finally:
            if enabled:
                gc.enable()

    if cache is not None:
        try:
            target = os.path.join(cache, _file_name(path, identity))
            _write_atomically(target, fill)
            _remove_stale(cache, path, keep=target)
            built = _open_cached(target, identity)
            if built is not None:
                return built
        except (OSError, sqlite3.Error, UnicodeError):
            pass  # an unwritable or full cache directory, an unusual name: answer from memory instead
    conn = sqlite3.connect(":memory:")
    fill(conn)
    return conn


def _write_atomically(target: str, fill: Callable[[sqlite3.Connection], None]) -> None:
    """Build a database into a temporary file beside `target`, then rename it into place."""

    def build(fd: int, temp: str) -> None:
        os.close(fd)  # SQLite opens the file by name
        conn = sqlite3.connect(temp)
        try:
            conn.execute("PRAGMA journal_mode = OFF")  # a private temporary file needs no journal
            conn.execute("PRAGMA synchronous = OFF")
            fill(conn)
        finally:
            conn.close()

    from neuroleg.atomic import replace_atomically  # the build path only

    os.makedirs(os.path.dirname(target), exist_ok=True)
    replace_atomically(target, build, mode=0o644, prefix=".build-")


def _remove_stale(cache: str, path: str, keep: str) -> None:
    """Best effort: older caches of the same file, and temporary files of dead builds."""
    prefix = f"{_crc(path)}-"
    now = time.time()
    with os.scandir(cache) as entries:
        for entry in entries:
            try:
                older = entry.name.startswith(prefix) and entry.name.endswith(".sqlite") and entry.path != keep
                dead = entry.name.startswith(".build-") and now - entry.stat().st_mtime > _STALE_TEMP_SECONDS
                if older or dead:
                    os.unlink(entry.path)
            except OSError:
                continue


def cache_dir(environ: Mapping[str, str]) -> str:
    """`$XDG_CACHE_HOME/neuroleg`, or `~/.cache/neuroleg` (XDG base directory rules).

    An empty or relative HOME counts as none (an empty one once put the cache
    in `/.cache`): the home directory of the user's passwd entry is used
    instead, and `KeyError` tells the caller there is none.
    """
    base = environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the spec says relative values are to be ignored
        home = environ.get("HOME", "")
        if not os.path.isabs(home):
            home = _passwd_home()
        base = os.path.join(home, ".cache")
    return os.path.join(clean_path(base), "neuroleg")


def _passwd_home() -> str:
    """The home directory of the user running us; `KeyError` when the passwd database has no entry."""
    import pwd  # only when HOME is unusable

    home = pwd.getpwuid(os.getuid()).pw_dir
    if not os.path.isabs(home):
        raise KeyError(f"no usable home directory for uid {os.getuid()}")
    return home
