"""Exit statuses of the neuroleg command, one place for all of them."""

from enum import IntEnum


class ExitCode(IntEnum):
    """What a neuroleg process tells its caller when it ends."""

    OK = 0  # the answer was printed
    NOT_FOUND = 1  # unknown name, or a search with no hit
    USAGE = 2  # bad option, bad argument or malformed query
    DATA = 3  # the knowledge base is missing, unreadable, invalid or unsafe
    INTERNAL = 70  # a bug in neuroleg (EX_SOFTWARE); the message asks for a report
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT), as shells report it
