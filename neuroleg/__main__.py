"""`python -m neuroleg` and the `neuroleg` command start here."""

from __future__ import annotations

import sys


def run() -> None:
    """Start the command line. Whatever happens, no traceback reaches the user."""
    try:
        from neuroleg.cli import main

        main()
    except KeyboardInterrupt:  # Ctrl-C during start-up, before Typer is listening
        sys.exit(130)
    except Exception as exc:  # a bug: say so in one line rather than dump a traceback
        from neuroleg.sanitize import safe_line

        sys.stderr.write(f"neuroleg: internal error: {safe_line(f'{type(exc).__name__}: {exc}')[:300]}\n")
        sys.stderr.write("please report it, with the command you ran\n")
        sys.exit(70)


if __name__ == "__main__":
    run()
