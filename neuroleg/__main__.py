"""`python -m neuroleg` and the `neuroleg` command start here."""

from __future__ import annotations

import gc
import sys

from neuroleg.exitcodes import ExitCode


def run() -> None:
    """Start the command line. Whatever happens, no traceback reaches the user."""
    # A short-lived process: reference counting frees what it makes, and the
    # collector's passes over start-up's many new objects cost about 5 ms.
    gc.disable()
    try:
        from neuroleg.cli import main

        main()
    except KeyboardInterrupt:  # Ctrl-C during start-up, before Typer is listening
        sys.exit(ExitCode.INTERRUPTED)
    except Exception as exc:  # a bug: say so in one line rather than dump a traceback
        from neuroleg.sanitize import safe_line

        sys.stderr.write(f"neuroleg: internal error: {safe_line(f'{type(exc).__name__}: {exc}')[:300]}\n")
        sys.stderr.write("please report it, with the command you ran\n")
        sys.exit(ExitCode.INTERNAL)


if __name__ == "__main__":
    run()
