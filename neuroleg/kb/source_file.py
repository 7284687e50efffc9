"""Finding the knowledge base to read: --data, $NEUROLEG_DATA, or the bundled one."""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from typing import TYPE_CHECKING

from neuroleg.errors import KnowledgeBaseError, Problem

if TYPE_CHECKING:  # pathlib costs a reading command ~2.7 ms to import: paths are strings on the everyday path
    from pathlib import Path

_PACKAGE = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))  # neuroleg/, where the wheel puts data/


def bundled_data_file() -> str:
    """The knowledge base shipped with neuroleg: inside the wheel, or in the checkout."""
    installed = os.path.join(_PACKAGE, "data", "causes.yaml")  # placed there by the wheel build
    return installed if os.path.exists(installed) else os.path.join(os.path.dirname(_PACKAGE), "data", "causes.yaml")


def bundled_data_path() -> Path:
    """`bundled_data_file` as a Path."""
    from pathlib import Path

    return Path(bundled_data_file())


def data_file(option: str | None, environ: Mapping[str, str]) -> str:
    """The knowledge base to read: `--data`, else `NEUROLEG_DATA`, else the bundled one (`~` expanded)."""
    chosen = option or environ.get("NEUROLEG_DATA")
    # cleaned first too, as pathlib does: with HOME=/ "~//kb.yaml" is "/kb.yaml", not "//kb.yaml"
    return clean_path(os.path.expanduser(clean_path(chosen))) if chosen else bundled_data_file()


def data_path(option: str | None, environ: Mapping[str, str]) -> Path:
    """`data_file` as a Path."""
    from pathlib import Path

    return Path(data_file(option, environ))


def clean_path(path: str) -> str:
    """`path` written as pathlib writes it (no empty or '.' parts, no trailing '/'), without importing pathlib;
    '..' stays, since it may cross a symbolic link."""
    root = "//" if path.startswith("//") and not path.startswith("///") else "/" if path.startswith("/") else ""
    parts = [part for part in path.split("/") if part and part != "."]
    return root + "/".join(parts) if root or parts else "."


def absolute_path(path: str) -> str:
    """`clean_path(path)` made absolute against the working directory, as `Path.absolute` does."""
    cleaned = clean_path(path)
    return cleaned if cleaned.startswith("/") else clean_path(os.path.join(os.getcwd(), cleaned))


def read_knowledge_base_file(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a knowledge-base file; `KnowledgeBaseError` if it cannot be read."""
    return read_source(os.fspath(path))[0]


MAX_FILE_BYTES = 512 * 1024 * 1024  # far beyond any real knowledge base; stops /dev/zero and mistakes


def read_source(path: str) -> tuple[bytes, os.stat_result]:
    """The file's bytes and the identity of exactly the file they came from."""
    try:
        _check_regular(path, os.stat(path))  # before open: opening a FIFO would block
        with open(path, "rb") as handle:
            st = os.fstat(handle.fileno())
            _check_regular(path, st)
            return handle.read(MAX_FILE_BYTES + 1), st
    except (OSError, ValueError) as exc:  # ValueError: a name no file system can hold ("\ud800", a NUL byte)
        raise unreadable(path, exc) from None


def _check_regular(path: str, st: os.stat_result) -> None:
    if not stat.S_ISREG(st.st_mode):
        kind = "is a directory, not a file" if stat.S_ISDIR(st.st_mode) else "not a regular file"
        raise KnowledgeBaseError([Problem(path, None, f"cannot read the knowledge base: {kind}")])
    if st.st_size > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES >> 20
        raise KnowledgeBaseError([Problem(path, None, f"the knowledge base is larger than {limit} MiB")])


def unreadable(path: str, exc: OSError | ValueError) -> KnowledgeBaseError:
    """The error for a knowledge-base file that cannot be opened, in a few words."""
    if isinstance(exc, ValueError):  # UnicodeEncodeError is one
        reason = "its name is not one a file can have"
    else:
        reason = {
            FileNotFoundError: "no such file",
            IsADirectoryError: "is a directory, not a file",
            PermissionError: "permission denied",
        }.get(type(exc), exc.strerror or str(exc))
    return KnowledgeBaseError([Problem(path, None, f"cannot read the knowledge base: {reason}")])
