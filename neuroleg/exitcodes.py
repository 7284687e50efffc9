"""Exit statuses of the neuroleg command, one place for all of them and for what each means.

The help's list, the man page's EXIT STATUS and the README's table are made
from `ExitCode` (`label` for a short list, `describe()` for a table's line).
"""

from enum import IntEnum


class ExitCode(IntEnum):
    """What a neuroleg process tells its caller when it ends."""

    OK = 0  # the answer was printed
    NOT_FOUND = 1  # unknown name, or a search with no hit
    USAGE = 2  # bad option, bad argument or malformed query
    DATA = 3  # the knowledge base is missing, unreadable, invalid or unsafe
    INTERNAL = 70  # a bug in neuroleg (EX_SOFTWARE); the message asks for a report
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT), as shells report it

    @property
    def label(self) -> str:
        """A few words for a one-line list, as in `--help`: "nothing found"."""
        return _WORDS[self][0]

    def describe(self) -> str:
        """One line for a table of exit statuses (README, man page), plain text without markup."""
        return _WORDS[self][1]


# (label, description) of each status: the only place they are written
_WORDS: dict[int, tuple[str, str]] = {
    ExitCode.OK: ("ok", "success, also when a reader such as head closes the pipe of a reading command early"),
    ExitCode.NOT_FOUND: (
        "nothing found",
        "nothing found: an unknown name, a search with no hit, a match that links no cause",
    ),
    ExitCode.USAGE: (
        "usage error",
        "usage error: a bad option or argument, a query with no searchable words; or the output cannot be written",
    ),
    ExitCode.DATA: (
        "knowledge base unusable",
        "the knowledge base could not be loaded: missing, unreadable, unsafe or invalid",
    ),
    ExitCode.INTERNAL: ("internal error", "a bug in neuroleg: the message says so and asks for a report"),
    ExitCode.INTERRUPTED: ("interrupted", "interrupted (Ctrl-C)"),
}


def exit_code_summary() -> str:
    """Every status with its label, for a help text: "0 ok, 1 nothing found, ..., 130 interrupted"."""
    return ", ".join(f"{code.value} {code.label}" for code in ExitCode)
