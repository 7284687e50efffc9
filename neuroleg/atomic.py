"""Replace a file all at once: build it aside, then rename it into place. Used for the cache and for --output."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable


def replace_atomically(
    target: str | os.PathLike[str], fill: Callable[[int, str], None], *, mode: int, prefix: str
) -> None:
    """Make `target` anew: `fill(fd, temp)` writes a temporary file beside it (and closes `fd`), which is then
    given `mode` and renamed over `target`.

    Readers see the old file or the new one, never half of one; on any failure or
    interrupt the temporary file is removed and `target` is left as it was. The
    temporary file sits in the target's own folder, since a rename across file
    systems fails.
    """
    import tempfile  # only when writing: tempfile pulls in random and shutil

    fd, temp = tempfile.mkstemp(
        prefix=prefix, suffix=".tmp", dir=os.path.dirname(os.fspath(target)) or "."
    )  # short: any name still fits
    try:
        fill(fd, temp)
        os.chmod(temp, mode)  # mkstemp makes 0600
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
