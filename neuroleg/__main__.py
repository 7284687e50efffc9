"""`python -m neuroleg` and the `neuroleg` command start here."""

from __future__ import annotations

import sys


def run() -> None:
    """Start the command line; Ctrl-C even during start-up exits 130 without a traceback."""
    try:
        from neuroleg.cli import main

        main()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    run()
