"""Writing a file the user named: all of it or none of it."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from neuroleg.atomic import replace_atomically
from neuroleg.errors import OutputFileError


def write_file_atomically(path: Path, chunks: Iterable[str]) -> None:
    """Write `chunks` to `path` through a temporary file beside it, renamed into place when complete.

    A failure or an interrupt part-way leaves any earlier file at `path` as it was.
    A symlink is followed (the file it points at is replaced, the link stays), an
    existing file keeps its mode, and a device, a FIFO or /dev/stdout is written
    into, never replaced.
    """
    try:
        st: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:  # a symlink loop, a component that is not a directory
        raise OutputFileError(f"cannot write {_shown(path)}: {exc.strerror or exc}") from None
    except ValueError:  # a lone surrogate ("\ud800") or a NUL byte: no file system can hold the name
        raise OutputFileError(f"cannot write {_shown(path)}: its name is not one a file can have") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise OutputFileError(f"cannot write {_shown(path)}: it is a directory")
    if st is not None and not stat.S_ISREG(st.st_mode):
        _write_into(path, chunks)
        return
    path = Path(os.path.realpath(path))  # replace the file a link points at, not the link
    mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask()  # keep an old file's mode

    def fill(fd: int, temp: str) -> None:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            for chunk in chunks:
                handle.write(chunk)

    try:
        replace_atomically(path, fill, mode=mode, prefix=".neuroleg-")
    except OSError as exc:
        raise OutputFileError(f"cannot write {_shown(path)}: {exc.strerror or exc}") from None


def create_file(path: Path, text: str) -> None:
    """Write a new file at `path`, all at once, and only if nothing is there yet (not even a broken link).

    The text goes to a temporary file beside it, which is then hard-linked to
    `path`: the link fails if `path` appeared meanwhile, so an existing file is
    never touched.
    """
    if os.path.lexists(path):
        raise OutputFileError(f"{_shown(path)} already exists: it was left as it is (use --force to replace it)")
    import tempfile  # only when writing: tempfile pulls in random and shutil

    try:
        fd, temp = tempfile.mkstemp(prefix=".neuroleg-", suffix=".tmp", dir=os.path.dirname(path) or ".")
    except OSError as exc:
        raise OutputFileError(f"cannot write {_shown(path)}: {exc.strerror or exc}") from None
    except ValueError:
        raise OutputFileError(f"cannot write {_shown(path)}: its name is not one a file can have") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes 0600; a new file gets the usual mode
        os.link(temp, path)
    except FileExistsError:
        raise OutputFileError(
            f"{_shown(path)} already exists: it was left as it is (use --force to replace it)"
        ) from None
    except OSError as exc:
        raise OutputFileError(f"cannot write {_shown(path)}: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def _write_into(path: Path, chunks: Iterable[str]) -> None:
    """Write straight into something that is not a regular file (there is nothing to keep or replace)."""
    try:
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            for chunk in chunks:
                handle.write(chunk)
    except OSError as exc:
        raise OutputFileError(f"cannot write {_shown(path)}: {exc.strerror or exc}") from None


def _shown(path: Path, limit: int = 120) -> str:
    """A path for a message: a very long one keeps its start and end, so the reason after it still shows."""
    text = str(path)
    return text if len(text) <= limit else f"{text[: limit // 2]}...{text[-limit // 2 :]}"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
