"""Where the bundled knowledge base and the user's cache live."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled_data_path() -> Path:
    """The knowledge base shipped with neuroleg: inside the wheel, or in the checkout."""
    installed = _PACKAGE / "data" / "causes.yaml"  # placed there by the wheel build
    return installed if installed.exists() else _PACKAGE.parent / "data" / "causes.yaml"


def data_path(option: str | None, environ: Mapping[str, str]) -> Path:
    """The knowledge base to read: `--data`, else `NEUROLEG_DATA`, else the bundled one."""
    chosen = option or environ.get("NEUROLEG_DATA")
    return Path(chosen).expanduser() if chosen else bundled_data_path()


def cache_dir(environ: Mapping[str, str]) -> Path:
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
    return Path(base) / "neuroleg"


def _passwd_home() -> str:
    """The home directory of the user running us; `KeyError` when the passwd database has no entry."""
    import pwd

    home = pwd.getpwuid(os.getuid()).pw_dir
    if not os.path.isabs(home):
        raise KeyError(f"no usable home directory for uid {os.getuid()}")
    return home
