"""The harness's side of timing whole processes: ask the spawner helper to run each one.

The helper (bench/spawner.py) does the spawning, timing (`time.perf_counter` from
spawn to reaped) and reaping (`os.wait4`, whose `ru_maxrss` is that one child's
peak, where RUSAGE_CHILDREN would only give a running maximum over all of them);
it lives in its own small process so that the harness's memory is not counted
in every child's peak (see its docstring).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

HELPER = Path(__file__).resolve().parent / "spawner.py"


class SpawnError(Exception):
    """A command could not be started, or the helper died."""


@dataclass(frozen=True)
class Sample:
    """One run: wall time, the child's peak RSS, how it ended and what it wrote."""

    seconds: float
    max_rss_kib: int
    exit_code: int
    out_bytes: int
    escapes: bool  # stdout carried escape sequences (colour)
    stderr: str  # the last part of it
    floor_kib: int  # the helper's own peak: a child's peak at or below this is hidden by it


class Spawner:
    """A running helper; `run` one command at a time through it, `close` it at the end."""

    def __init__(self, cwd: Path) -> None:
        self._stderr_path = str(cwd / "child-stderr.txt")
        # -I -S: no site-packages, no environment variables: the helper stays as small as Python can be
        self._proc = subprocess.Popen(
            [sys.executable, "-I", "-S", str(HELPER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=cwd,
            text=True,
        )
        self.floor_kib: int = self._receive()["peak_kib"]

    def run(self, argv: Sequence[str], env: Mapping[str, str], *, tty: bool = False, columns: int = 100) -> Sample:
        """Run `argv` to completion; stdout goes to a pipe, or to a pseudo-terminal when `tty`."""
        request = {"argv": list(argv), "env": dict(env), "tty": tty, "columns": columns}
        self._send({**request, "stderr_path": self._stderr_path})
        reply = self._receive()
        self.floor_kib = max(self.floor_kib, reply["peak_kib"])
        if "error" in reply:
            raise SpawnError(reply["error"])
        return Sample(
            seconds=reply["seconds"],
            max_rss_kib=reply["rss_kib"],
            exit_code=reply["exit_code"],
            out_bytes=reply["out_bytes"],
            escapes=reply["escapes"],
            stderr=reply["stderr"],
            floor_kib=reply["peak_kib"],
        )

    def close(self) -> None:
        if self._proc.stdin is not None:
            self._proc.stdin.close()  # end of requests: the helper's loop ends
        self._proc.wait(timeout=10)
        if self._proc.stdout is not None:
            self._proc.stdout.close()

    def __enter__(self) -> Spawner:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def _send(self, doc: dict[str, Any]) -> None:
        assert self._proc.stdin is not None
        try:
            self._proc.stdin.write(json.dumps(doc) + "\n")
            self._proc.stdin.flush()
        except BrokenPipeError:
            raise SpawnError("the spawner helper has exited") from None

    def _receive(self) -> dict[str, Any]:
        assert self._proc.stdout is not None
        line = self._proc.stdout.readline()
        if not line:
            raise SpawnError("the spawner helper has exited (see its error above)")
        reply: dict[str, Any] = json.loads(line)
        return reply
