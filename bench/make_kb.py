"""Write an N-cause knowledge base cloned from the bundled data/causes.yaml.

    python bench/make_kb.py N [OUT]        (default OUT: bench/.data/big-N.yaml)

The clones follow the project's contract checks (checks/lib/nl.py `big_kb`):
cause i is a copy of bundled cause i % len(causes), with id `gen{i}-{id}`,
name `Generated {i} {name}` and no aliases, so the benchmark measures the same
file the scale checks use. Beyond that, each clone's `related` ids are pointed
at the clones of the same block of copies, so the file also passes
`neuroleg validate` (which refuses unknown related causes). Subtypes are kept
as they are: the validator allows one subtype under several causes.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "data" / "causes.yaml"

# libyaml when PyYAML was built with it: the pure-Python dumper takes most of a minute for 10k causes
Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def default_out(n: int) -> Path:
    """Where the harness looks for an N-cause file unless told otherwise."""
    return Path(__file__).resolve().parent / ".data" / f"big-{n}.yaml"


def clone_id(i: int, cause_id: str) -> str:
    """The id of clone number `i` of a bundled cause (the contract checks' naming)."""
    return f"gen{i}-{cause_id}"


def generate(doc: dict[str, Any], n: int) -> dict[str, Any]:
    """A copy of `doc` whose causes are `n` clones of its own, with related ids remapped."""
    causes: list[dict[str, Any]] = doc["causes"]
    width = len(causes)
    position = {c["id"]: k for k, c in enumerate(causes)}
    out: list[dict[str, Any]] = []
    for i in range(n):
        c = copy.deepcopy(causes[i % width])  # deep copies: shared objects would be dumped as YAML anchors
        c["id"] = clone_id(i, c["id"])
        c["name"] = f"Generated {i} {c['name']}"
        c["aliases"] = []
        c["related"] = [_related(rel, i - i % width, position, n) for rel in c.get("related") or []]
        c["related"] = [rel for rel in c["related"] if rel is not None]
        out.append(c)
    return {**doc, "causes": out}


def _related(rel: str, block_start: int, position: dict[str, int], n: int) -> str | None:
    """The clone of `rel` in this block; in a last, partial block, the one in the block before."""
    if rel not in position:
        return rel  # already dangling in the bundled file: leave it for validate to report
    target = block_start + position[rel]
    if target >= n:
        target -= len(position)  # the partial last block lacks it; the previous block is complete
    return clone_id(target, rel) if target >= 0 else None  # n smaller than one block: drop the link


def write(n: int, out: Path, source: Path = SOURCE) -> Path:
    """Generate and write the file atomically (a half-written file would poison later runs)."""
    doc = yaml.load(source.read_bytes(), Loader=Loader)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        yaml.dump(generate(doc, n), handle, Dumper=Dumper, allow_unicode=True, sort_keys=False)
    tmp.replace(out)
    return out


def main(argv: list[str]) -> int:
    if not 1 <= len(argv) <= 2 or not argv[0].isdigit() or int(argv[0]) < 1:
        print("usage: python bench/make_kb.py N [OUT]", file=sys.stderr)
        return 2
    n = int(argv[0])
    out = Path(argv[1]) if len(argv) > 1 else default_out(n)
    print(write(n, out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
