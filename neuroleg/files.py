"""Writing a file the user named: all of it or none of it."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from neuroleg.errors import UsageError


class OutputFileError(UsageError):
    """The file named with --output could not be written."""


def write_file_atomically(path: Path, chunks: Iterable[str]) -> None:
    """Write `chunks` to `path` through a temporary file beside it, renamed into place when complete.

    A failure or an interrupt part-way leaves any earlier file at `path` as it was.
    """
    if path.is_dir():
        raise OutputFileError(f"cannot write {path}: it is a directory")
    folder = path.parent
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputFileError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            for chunk in chunks:
                handle.write(chunk)
        mode = 0o666 & ~_umask()
        os.chmod(temp, mode)  # mkstemp makes 0600; a handout should have a user's usual mode
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise OutputFileError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
