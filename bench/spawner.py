"""Start, time and reap the benchmark's child processes, from a process kept small on purpose.

Why a separate process: on Linux a program's peak RSS (`ru_maxrss`) starts at the
peak of the memory it was exec'd from (exec keeps the old address space's
high-water mark), and Python starts children with vfork, from the caller's own
memory. Started straight from the harness (about 18 MiB after its imports) every
child would report at least the harness's peak, more than the floor Typer app
really uses. This helper imports only built-in modules, is smaller than any
Python program it starts, and never holds a child's output, so what `os.wait4`
returns for a child is that child's own peak. It reports its own peak (VmHWM)
too, so the harness can say below what a number would be hidden.

Protocol: one JSON request per line on stdin, one JSON reply per line on stdout;
the first line out is a greeting with the helper's own peak. Children run in the
helper's working directory.
"""

from __future__ import annotations

import fcntl
import json
import os
import struct
import sys
import termios
import time

TERMINAL_ROWS = 50
STDERR_TAIL = 2000


def main() -> None:
    _reply({"ready": True, "peak_kib": _own_peak_kib()})
    for line in sys.stdin:
        request = json.loads(line)
        try:
            reply = run(request["argv"], request["env"], request["tty"], request["columns"], request["stderr_path"])
        except OSError as exc:  # the program could not be started at all
            reply = {"error": f"{request['argv'][0]}: {exc.strerror or exc}"}
        reply["peak_kib"] = _own_peak_kib()
        _reply(reply)


def run(argv: list[str], env: dict[str, str], tty: bool, columns: int, stderr_path: str) -> dict[str, object]:
    """Run one child with stdout on a pipe or a pseudo-terminal; time it from spawn to reaped."""
    if tty:
        reader, writer = os.openpty()
        # a real window size too, for programs that ask the terminal rather than $COLUMNS
        fcntl.ioctl(writer, termios.TIOCSWINSZ, struct.pack("HHHH", TERMINAL_ROWS, columns, 0, 0))
    else:
        reader, writer = os.pipe()
    # stderr to a file, not a second pipe: draining two pipes one after the other can deadlock
    err = os.open(stderr_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_DUP2, writer, 1),
        (os.POSIX_SPAWN_DUP2, err, 2),
    ]
    try:
        start = time.perf_counter()
        try:
            pid = os.posix_spawnp(argv[0], argv, env, file_actions=actions)
        finally:
            os.close(writer)  # only the child may hold it, or the reader never sees the end
            os.close(err)
        out_bytes, escapes = _drain(reader)
        _, status, usage = os.wait4(pid, 0)
        seconds = time.perf_counter() - start
    finally:
        os.close(reader)
    with open(stderr_path, "rb") as handle:
        handle.seek(max(0, os.fstat(handle.fileno()).st_size - STDERR_TAIL))
        stderr = handle.read().decode(errors="replace")
    return {
        "seconds": seconds,
        "rss_kib": usage.ru_maxrss,  # KiB on Linux
        "exit_code": os.waitstatus_to_exitcode(status),
        "out_bytes": out_bytes,
        "escapes": escapes,
        "stderr": stderr,
    }


def _drain(reader: int) -> tuple[int, bool]:
    """Read and discard the output as it comes (a full buffer would stall the child) until it ends.

    Counts the bytes and notes whether any escape sequence (colour) went by.
    """
    total, escapes, last = 0, False, b""
    while True:
        try:
            chunk = os.read(reader, 65536)
        except OSError:  # EIO from a pty on Linux: the child, the last holder of the other end, is gone
            break
        if not chunk:
            break
        total += len(chunk)
        escapes = escapes or b"\x1b[" in last + chunk[:1] or b"\x1b[" in chunk
        last = chunk[-1:]
    return total, escapes


def _own_peak_kib() -> int:
    # VmHWM is this address space's own peak; getrusage(RUSAGE_SELF) would include the harness's
    # peak, inherited when this helper was exec'd from it
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def _reply(doc: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(doc) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
