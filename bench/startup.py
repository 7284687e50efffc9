"""Startup and scale benchmark: whole neuroleg processes against references, run by hand.

    python bench/startup.py [--runs 30] [--warmup 3] [--cold-runs 5] [--cases abcdefghij] [--json OUT]

Run it with the interpreter of a venv where neuroleg is installed non-editable
(see bench/README.md). Each case times a pair of commands, interleaved run by
run so that drift in the machine hits both alike, and prints median/min/max
wall time and peak RSS per command, then ours/theirs ratios against the
budgets in bench/README.md ("Budgets"). Exit status: 0 all budgets held,
1 one failed, 2 the benchmark could not run.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from measure import Sample, Spawner, SpawnError

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
COLUMNS = 100
BIG_CAUSES = 10_000
# the budgets: bench/README.md, "Budgets" (the project's numbers to hold)
STARTUP_BUDGET = 1.25  # show diabetes, piped or json, over the one-command Typer app
TERMINAL_BUDGET = 1.0  # show diabetes on a terminal, over `tldr --render` of a page
SCALE_BUDGET = 1.5  # warm show/search on 10k causes, over the same on the bundled file
MATCH_BUDGET = 2.0  # warm match on 10k causes, over the same on the bundled file
TABLE_BUDGET_S = 1.0  # a 10,000-row table on a terminal: under a second
COLD_BUDGET_S = 5.0
RSS_BUDGET_MIB = 100.0


class BenchError(Exception):
    """The benchmark cannot give a meaningful number (a command failed, a tool is missing)."""


@dataclass(frozen=True)
class Member:
    """One command of a case."""

    label: str
    argv: list[str]
    tty: bool = False  # stdout on a pseudo-terminal instead of a pipe
    fresh_cache: bool = False  # a new, empty cache directory for every run: the cold build


@dataclass
class Timing:
    """The timed runs of one member."""

    member: Member
    ms: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)
    hidden: bool = False  # some peak was no higher than the spawner's own: the true one may be lower

    def add(self, sample: Sample) -> None:
        self.ms.append(sample.seconds * 1000)
        self.rss_kib.append(sample.max_rss_kib)
        self.hidden = self.hidden or sample.max_rss_kib <= sample.floor_kib

    @property
    def median(self) -> float:
        return statistics.median(self.ms)

    @property
    def peak_rss_mib(self) -> float:
        return max(self.rss_kib) / 1024


@dataclass(frozen=True)
class Case:
    """Commands measured together; with two members and a budget, a ratio ours / theirs."""

    key: str
    title: str
    members: list[Member]
    budget: float | None = None


@dataclass(frozen=True)
class Verdict:
    what: str
    value: str
    budget: str
    ok: bool | None  # None: measured for information, no budget


@dataclass
class Context:
    """What every run shares: the helper that starts it, its environment, a place for fresh caches."""

    spawner: Spawner
    work: Path
    env: dict[str, str]


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(argv)
    try:
        return _run(args)
    except (BenchError, SpawnError) as exc:
        print(f"\nbenchmark error: {exc}", file=sys.stderr)
        return 2


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    here = Path(sys.executable).parent  # not resolved: a venv's bin/python is often a symlink out of the venv
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="timed runs of each command (default 30)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed runs of each command first (default 3)")
    parser.add_argument("--cold-runs", type=int, default=5, help="timed cold builds of the big file (default 5)")
    parser.add_argument("--cases", default="abcdefghij", help="which cases to run, e.g. 'ab' (default abcdefghij)")
    parser.add_argument("--neuroleg", type=Path, default=here / "neuroleg", help="the neuroleg command")
    parser.add_argument("--tldr", type=Path, default=here / "tldr", help="the tldr client (pip install tldr)")
    parser.add_argument(
        "--causes", type=int, default=BIG_CAUSES, help=f"size of the generated big file (default {BIG_CAUSES})"
    )
    parser.add_argument("--kb", type=Path, help="a big knowledge base to use instead of generating one")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write every number to this JSON file")
    args = parser.parse_args(argv)
    if min(args.runs, args.warmup, args.cold_runs, args.causes) < 1:
        parser.error(
            "--runs, --warmup, --cold-runs and --causes must be at least 1 (a first warm-up checks each command)"
        )
    return args


def _run(args: argparse.Namespace) -> int:
    neuroleg = str(args.neuroleg)
    if not os.access(neuroleg, os.X_OK):
        raise BenchError(f"no neuroleg command at {neuroleg} (give --neuroleg PATH)")
    tldr = str(args.tldr) if os.access(args.tldr, os.X_OK) else None
    big = args.kb or _big_kb(args.causes)
    with tempfile.TemporaryDirectory(prefix="neuroleg-bench-") as work, Spawner(Path(work)) as spawner:
        ctx = Context(spawner, Path(work), _child_env(Path(work) / "cache"))
        header = _header(args, neuroleg, tldr, big, ctx)
        cases = _cases(neuroleg, tldr, big, args.cases)
        if any(key in args.cases for key in "cfh") and tldr is None:
            print(f"\n(c), (f), (h) skipped: no tldr client at {args.tldr} (pip install tldr, or give --tldr PATH)")
        print(f"\n{'command':<58}{'median':>9}{'min':>9}{'max':>9}{'peak RSS':>11}")
        print(f"{'':<58}{'ms':>9}{'ms':>9}{'ms':>9}{'MiB':>11}")
        results: list[tuple[Case, list[Timing]]] = []
        for case in cases:
            runs, warmup = (args.cold_runs, 1) if case.key == "e" else (args.runs, args.warmup)
            print(f"({case.key}) {case.title}", flush=True)
            timings = _measure(case.members, runs, warmup, ctx)
            for timing in timings:
                _print_row(timing)
            results.append((case, timings))
        if any(t.hidden for _, timings in results for t in timings):
            print(
                f"    * at or below the spawner's own peak ({spawner.floor_kib / 1024:.1f} MiB): the true peak is lower"
            )
    verdicts = _verdicts(results)
    _print_verdicts(verdicts)
    if args.json:
        _write_json(args.json, header, results, verdicts)
    return 0 if all(v.ok is not False for v in verdicts) else 1


def _big_kb(n: int) -> Path:
    """The generated N-cause file, made (again) when missing or older than the bundled source."""
    from_source = ROOT / "data" / "causes.yaml"
    out = BENCH / ".data" / f"big-{n}.yaml"
    if not out.exists() or out.stat().st_mtime < from_source.stat().st_mtime:
        print(f"generating {out} ...", flush=True)
        made = subprocess.run([sys.executable, str(BENCH / "make_kb.py"), str(n), str(out)], check=False)
        if made.returncode != 0:
            raise BenchError(f"bench/make_kb.py failed (exit {made.returncode})")
    return out


def _last_cause_id(path: Path) -> str:
    """The id of the file's last cause, found in make_kb's output without a YAML parser.

    Top-level causes are dumped as `- id: gen{i}-...` at column 0; subtypes sit deeper. Only the
    end of the file is read: the harness stays small (see measure.py).
    """
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - 2**20))
        data = handle.read()
    at = data.rfind(b"\n- id: gen")
    if at < 0:
        raise BenchError(f"{path} does not look like a file from bench/make_kb.py")
    return data[at + len(b"\n- id: ") : data.index(b"\n", at + 1)].decode().strip()


def _child_env(cache_home: Path) -> dict[str, str]:
    env = dict(os.environ)
    # PYTHONDONTWRITEBYTECODE (set on this machine) would make every run recompile uncached sources;
    # the colour switches and NEUROLEG_DATA would change what a plain `neuroleg show` does
    for name in ("PYTHONDONTWRITEBYTECODE", "NO_COLOR", "FORCE_COLOR", "NEUROLEG_DATA"):
        env.pop(name, None)
    env["COLUMNS"] = str(COLUMNS)
    env["XDG_CACHE_HOME"] = str(cache_home)
    # a page taller than the pty would wait in a pager for keys: time drawing it, as --no-pager does
    env["NEUROLEG_PAGER"] = ""
    if env.get("TERM", "dumb") == "dumb":
        env["TERM"] = "xterm-256color"  # on the pty, both programs should see a colour terminal
    return env


READING_ON_A_TERMINAL = [  # the reading commands but `show` (c) and `causes` (f), as a person would type them
    ["overview"],
    ["symptoms"],
    ["symptoms", "chemo"],
    ["stats"],
    ["sources"],
    ["codes"],
    ["compare", "diabetes", "alcohol"],
    ["search", "tingling"],
    ["match", "tingling", "--risk", "smoking"],
]


def _cases(neuroleg: str, tldr: str | None, big: Path, keys: str) -> list[Case]:
    floor = Member(
        "python bench/floor_app.py diabetes  (floor)", [sys.executable, str(BENCH / "floor_app.py"), "diabetes"]
    )
    show = [neuroleg, "show", "diabetes"]
    last = _last_cause_id(big)
    size = f"{int(last.split('-')[0].removeprefix('gen')) + 1:,} causes"
    on_big = ["--data", str(big)]
    match = [neuroleg, "match", "tingling", "--risk", "smoking"]
    cases = [
        Case(
            "a",
            "show diabetes, piped (plain) / Typer floor",
            [Member("neuroleg show diabetes  (piped)", show), floor],
            STARTUP_BUDGET,
        ),
        Case(
            "b",
            "show diabetes -f json, piped / Typer floor",
            [Member("neuroleg show diabetes -f json  (piped)", [*show, "-f", "json"]), floor],
            STARTUP_BUDGET,
        ),
    ]
    if tldr is not None:
        page = str(BENCH / "tldr-page.md")
        tty_pair = [
            Member("neuroleg show diabetes  (terminal)", show, tty=True),
            Member("tldr --render bench/tldr-page.md  (terminal)", [tldr, "--render", page], tty=True),
        ]
        cases.append(Case("c", "show diabetes on a terminal / tldr --render", tty_pair, TERMINAL_BUDGET))
        # show's page has no table, so it is styled without Rich; causes is a Rich table
        rich_pair = [
            Member("neuroleg causes  (terminal, Rich table)", [neuroleg, "causes"], tty=True),
            Member("tldr --render bench/tldr-page.md  (terminal)", [tldr, "--render", page], tty=True),
        ]
        cases.append(Case("f", "causes (a Rich table) on a terminal / tldr --render", rich_pair, TERMINAL_BUDGET))
        # every other reading command on a terminal: each no slower than tldr rendering a page
        for words in READING_ON_A_TERMINAL:
            ours = Member(f"neuroleg {' '.join(words)}  (terminal)", [neuroleg, *words], tty=True)
            cases.append(Case("j", f"{' '.join(words)} on a terminal / tldr --render", [ours, rich_pair[1]],
                              TERMINAL_BUDGET))  # fmt: skip
        # Rich's own floor (one small table, nothing else), and with Typer's: what a Typer app would pay
        floor_argv = [sys.executable, str(BENCH / "rich_floor.py")]
        rich_floor = Member("python bench/rich_floor.py  (terminal, Rich floor)", floor_argv, tty=True)
        typer_rich = Member("python bench/rich_floor.py --typer  (terminal)", [*floor_argv, "--typer"], tty=True)
        cases += [
            Case("h", "Rich floor on a terminal / tldr --render", [rich_floor, rich_pair[1]], None),
            Case("h", "Typer + Rich floor on a terminal / tldr --render", [typer_rich, rich_pair[1]], None),
            Case("h", "causes on a terminal / Rich floor", [rich_pair[0], rich_floor], None),
            Case("h", "causes on a terminal / Typer + Rich floor", [rich_pair[0], typer_rich], None),
        ]
    cases += [
        Case(
            "d",
            f"warm show, {size} / bundled",
            [
                Member(f"neuroleg show {last} --data big", [neuroleg, "show", last, *on_big]),
                Member("neuroleg show diabetes  (bundled)", show),
            ],
            SCALE_BUDGET,
        ),
        Case(
            "d",
            f"warm search, {size} / bundled",
            [
                Member("neuroleg search tingling --data big", [neuroleg, "search", "tingling", *on_big]),
                Member("neuroleg search tingling  (bundled)", [neuroleg, "search", "tingling"]),
            ],
            SCALE_BUDGET,
        ),
        Case(
            "i",
            f"warm match --risk, {size} / bundled",
            [
                Member("neuroleg match tingling --risk smoking --data big", [*match, *on_big]),
                Member("neuroleg match tingling --risk smoking  (bundled)", match),
            ],
            MATCH_BUDGET,
        ),
        Case(
            "g",
            f"a table of {size} on a terminal / the bundled one",
            [
                Member(f"neuroleg causes --data big  (terminal, {size})", [neuroleg, "causes", *on_big], tty=True),
                Member("neuroleg causes  (terminal, bundled)", [neuroleg, "causes"], tty=True),
            ],
            None,
        ),
        Case(
            "e",
            f"cold build, {size} (empty cache each run)",
            [
                Member(
                    "neuroleg causes --data big -f json  (cold)",
                    [neuroleg, "causes", *on_big, "-f", "json"],
                    fresh_cache=True,
                )
            ],
        ),
    ]
    return [case for case in cases if case.key in keys]


def _measure(members: list[Member], runs: int, warmup: int, ctx: Context) -> list[Timing]:
    """Warm up, then time the members in turn, ABAB..., so a slow patch of the machine hits all of them."""
    for member in members:
        _check(member, _once(member, ctx))  # the first warm-up also fills the warm cache
    for _ in range(warmup - 1):
        for member in members:
            _once(member, ctx)
    timings = [Timing(member) for member in members]
    for _ in range(runs):
        for timing in timings:
            sample = _once(timing.member, ctx)
            if sample.exit_code != 0:  # a failing run is fast: it must not pass for a quick one
                raise BenchError(f"{timing.member.label}: exit {sample.exit_code}: {_tail(sample.stderr)}")
            timing.add(sample)
    return timings


def _once(member: Member, ctx: Context) -> Sample:
    if not member.fresh_cache:
        return ctx.spawner.run(member.argv, ctx.env, tty=member.tty, columns=COLUMNS)
    cache = tempfile.mkdtemp(prefix="cold-", dir=ctx.work)
    try:
        env = {**ctx.env, "XDG_CACHE_HOME": cache}
        return ctx.spawner.run(member.argv, env, tty=member.tty, columns=COLUMNS)
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def _check(member: Member, sample: Sample) -> None:
    """Refuse to time a command that fails; warn when the output is not the kind the case is about."""
    if sample.exit_code != 0 or sample.out_bytes == 0:
        raise BenchError(
            f"{member.label}: exit {sample.exit_code}, {sample.out_bytes} bytes out: {_tail(sample.stderr)}"
        )
    if member.tty and not sample.escapes:
        print(f"    warning: {member.label}: no colour on the pseudo-terminal", flush=True)
    if not member.tty and sample.escapes:
        print(f"    warning: {member.label}: escape codes in piped output", flush=True)


def _tail(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    return " | ".join(lines[-3:]) or "(no stderr)"


def _print_row(timing: Timing) -> None:
    ms, mark = timing.ms, "*" if timing.hidden else ""
    print(
        f"    {timing.member.label:<54}{timing.median:>9.1f}{min(ms):>9.1f}{max(ms):>9.1f}"
        f"{timing.peak_rss_mib:>11.1f}{mark}",
        flush=True,
    )


def _verdicts(results: list[tuple[Case, list[Timing]]]) -> list[Verdict]:
    verdicts: list[Verdict] = []
    for case, timings in results:
        if len(timings) == 2:  # a pair: its ratio, against a budget or for information
            ours, theirs = timings
            ratio = ours.median / theirs.median
            rounds = statistics.median(a / b for a, b in zip(ours.ms, theirs.ms, strict=True))
            verdicts.append(
                Verdict(
                    f"({case.key}) {case.title}",
                    f"{ratio:.3f}x  (run by run {rounds:.3f}x)",
                    f"<= {case.budget:.2f}x" if case.budget is not None else "(none)",
                    ratio <= case.budget if case.budget is not None else None,
                )
            )
        if case.key == "g":
            big = timings[0]
            verdicts.append(
                Verdict(
                    f"({case.key}) {big.member.label.split('  ')[0]}, median",
                    f"{big.median / 1000:.2f} s",
                    f"< {TABLE_BUDGET_S:.0f} s",
                    big.median / 1000 < TABLE_BUDGET_S,
                )
            )
        if case.key in "de":
            big = timings[0]
            if case.key == "e":
                verdicts.append(
                    Verdict(
                        f"({case.key}) cold build time, median",
                        f"{big.median / 1000:.2f} s",
                        f"<= {COLD_BUDGET_S:.0f} s",
                        big.median / 1000 <= COLD_BUDGET_S,
                    )
                )
            verdicts.append(
                Verdict(
                    f"({case.key}) peak RSS: {big.member.label.split('  ')[0]}",
                    f"{big.peak_rss_mib:.1f} MiB",
                    f"< {RSS_BUDGET_MIB:.0f} MiB",
                    big.peak_rss_mib < RSS_BUDGET_MIB,
                )
            )
    return verdicts


def _print_verdicts(verdicts: list[Verdict]) -> None:
    print(f"\n{'budgets (ratios: ours / theirs, of the medians)':<62}{'measured':<30}{'budget':<12}verdict")
    for v in verdicts:
        print(f"{v.what:<62}{v.value:<30}{v.budget:<12}{'info' if v.ok is None else 'PASS' if v.ok else 'FAIL'}")
    budgeted = [v for v in verdicts if v.ok is not None]
    failed = sum(not v.ok for v in budgeted)
    print(f"\n{len(budgeted) - failed} of {len(budgeted)} budgets held" + (f", {failed} FAILED" if failed else ""))


def _header(args: argparse.Namespace, neuroleg: str, tldr: str | None, big: Path, ctx: Context) -> dict[str, Any]:
    version = subprocess.run([neuroleg, "--version"], capture_output=True, text=True, env=ctx.env, check=False)
    header: dict[str, Any] = {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "python": f"{platform.python_version()} ({sys.executable})",
        "versions": {name: _version(name) for name in ("neuroleg", "typer", "rich", "PyYAML", "pydantic", "tldr")},
        "neuroleg": f"{neuroleg}: {version.stdout.strip() or _tail(version.stderr)}",
        "tldr": tldr or "missing",
        "cpus": f"{os.cpu_count()} ({_cpu_model()})",
        "platform": platform.platform(),
        "runs": f"{args.runs} timed + {args.warmup} warm-up per command, interleaved; "
        f"cold build {args.cold_runs} timed + 1 warm-up",
        "big knowledge base": f"{big} ({big.stat().st_size / 2**20:.1f} MiB, last cause {_last_cause_id(big)})",
        "peak RSS floor": f"{ctx.spawner.floor_kib / 1024:.1f} MiB, the spawner helper's own (see bench/spawner.py)",
        "child env": f"COLUMNS={COLUMNS}, NEUROLEG_PAGER='', NO_COLOR/FORCE_COLOR/PYTHONDONTWRITEBYTECODE unset, "
        f"XDG_CACHE_HOME={ctx.env['XDG_CACHE_HOME']}",
    }
    print("neuroleg benchmark: startup and scale")
    for key, value in header.items():
        text = " · ".join(f"{k} {v}" for k, v in value.items()) if isinstance(value, dict) else value
        print(f"  {key + ':':<20}{text}")
    return header


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown model"


def _write_json(
    out: Path, header: dict[str, Any], results: list[tuple[Case, list[Timing]]], verdicts: list[Verdict]
) -> None:
    doc = {
        "header": header,
        "cases": [
            {
                "key": case.key,
                "title": case.title,
                "budget": case.budget,
                "members": [
                    {
                        "label": t.member.label,
                        "argv": t.member.argv,
                        "tty": t.member.tty,
                        "median_ms": t.median,
                        "min_ms": min(t.ms),
                        "max_ms": max(t.ms),
                        "peak_rss_mib": t.peak_rss_mib,
                        "ms": t.ms,
                        "rss_kib": t.rss_kib,
                    }
                    for t in timings
                ],
            }
            for case, timings in results
        ],
        "verdicts": [{"what": v.what, "measured": v.value, "budget": v.budget, "pass": v.ok} for v in verdicts],
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    print(f"numbers written to {out}")


if __name__ == "__main__":
    sys.exit(main())
