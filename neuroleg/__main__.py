"""`python -m neuroleg` and the `neuroleg` command start here."""

from __future__ import annotations

import errno
import gc
import os
import signal
import sys
from types import FrameType
from typing import NoReturn

from neuroleg.errors import Terminated
from neuroleg.exitcodes import ExitCode

_CANNOT_WRITE = {errno.ENOSPC, errno.EIO, errno.EBADF, errno.EDQUOT, errno.EFBIG}


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated(signum)


def handle_termination() -> None:
    """Turn SIGTERM and SIGHUP into `Terminated`, where they would kill at once (leaving a half-built cache).

    A signal the caller ignores (nohup, trap '' TERM) stays ignored.
    """
    for signum in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(signum) is signal.SIG_DFL:
            signal.signal(signum, _terminate)


def run() -> None:
    """Start the command line. Whatever happens, no traceback reaches the user."""
    # A short-lived process: reference counting frees what it makes, and the
    # collector's passes over start-up's many new objects cost about 5 ms.
    gc.disable()
    handle_termination()
    _leave(main(sys.argv[1:]))


def main(argv: list[str]) -> int:
    """Run one command line in this process as the `neuroleg` command does, fast path included; its exit status.

    It reads the process's streams and environment (sys.stdin, sys.stdout,
    sys.stderr, os.environ), as the command does: the tests swap them
    (conftest's `invoke`) and call this.
    """
    try:
        _run(argv)
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            return int(exc.code or 0)  # an ExitCode, too, as a plain number
        from neuroleg.cli.output import error

        error(str(exc.code))  # as Python's own exit says a message
        return 1
    return 0


def _run(argv: list[str]) -> None:
    try:
        from neuroleg.cli import fast_path

        if not fast_path.run(argv, os.environ):
            from neuroleg.cli.app import main

            main(argv)
    except KeyboardInterrupt:  # Ctrl-C during start-up, before Typer is listening
        sys.exit(ExitCode.INTERRUPTED)
    except Terminated as exc:
        _die_of(exc.signum)
    except OSError as exc:
        if exc.errno not in _CANNOT_WRITE:
            _internal_error(exc)
        from neuroleg.cli.output import error

        error(f"neuroleg: cannot write the output: {exc.strerror}")  # Click's own help and errors, e.g. >/dev/full
        sys.exit(ExitCode.USAGE)
    except Exception as exc:  # a bug: say so in one line rather than dump a traceback
        _internal_error(exc)


def _leave(status: int) -> NoReturn:
    """Exit with `status` once what was written is flushed, without tearing the interpreter down.

    Unloading the modules of a command that drew a Rich table takes about 5 ms
    of its 50; the system frees it all at once. Nothing of ours is left to
    finish: files are written whole and renamed before a command returns, and
    the cache is only ever read once opened.
    """
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a stream that went bad after our writer was done: Python's own exit
            sys.exit(status)
        except KeyboardInterrupt:  # a signal in this last moment still ends the process as it should
            os._exit(ExitCode.INTERRUPTED)
        except Terminated as exc:
            _die_of(exc.signum)
    os._exit(status)


def _internal_error(exc: BaseException) -> NoReturn:
    from neuroleg.cli.output import error
    from neuroleg.render.sanitize import safe_line

    error(f"neuroleg: internal error: {safe_line(f'{type(exc).__name__}: {exc}')[:300]}")
    error("please report it, with the command you ran")
    sys.exit(ExitCode.INTERNAL)


def _die_of(signum: int) -> None:
    """End as killed by `signum`, so that a shell or a supervisor sees what happened (status 128 + signum)."""
    from neuroleg.cli.output import silence

    if sys.stdout is not None:
        silence(sys.stdout)  # output cut short mid-line must not be flushed again at exit
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)
    sys.exit(128 + signum)  # only if the signal is blocked


if __name__ == "__main__":
    run()
