"""The reading grade of every page a patient reads: Flesch-Kincaid, as the `readability` package (0.3.2) counts it.

A maintainer's tool, kept out of the package; tests/test_plain_language.py runs the same measure and fails
above the grade in `LIMIT`. From the repository's root, with the test extras installed:

    python tools/reading_grade.py             # a table: page, words, sentences, grade (highest first)
    python tools/reading_grade.py --check     # exit 1 if any page reads above the limit
    python tools/reading_grade.py --worst 20  # the 20 hardest sentences, with the pages that print them

What is measured: the prose of each page as `-f markdown` prints it (markdown does not wrap lines).
Left out: headings, web addresses, standard codes, and text we must quote word for word and cannot make
plainer (a page's own title and series, a code's label in its release: `verbatim`). A bold label
("**Risk factors:**") is read apart from the text after it, and a list of short names joined by ';' item by
item. Then any line of six words or fewer is left out (a label or a name, not a sentence), and the rest is
cut into sentences at '.', '?' and '!' (a bracketed note after a full stop, such as its source, is a
sentence of its own) and given to `readability.getmeasures`, one sentence a line.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from typing import NamedTuple

import readability  # type: ignore[import-untyped]  # no type hints shipped

LIMIT = 8.0  # health-literacy guidance for patient material (NIH "Clear & Simple", CDC "Simply Put")
MEASURE = "Flesch-Kincaid grade (readability 0.3.2)"
# Measured and shown, but not held to the limit: a list of what each source says, made of organisations' names
# and pages' titles, read as a reference rather than as prose.
LISTINGS = ("sources",)

_URL = re.compile(r"<?https?://\S+>?")
_CODE = re.compile(
    r"\b(?:HP:\d{7}|[A-TV-Z]\d{2}(?:\.[0-9A-Z-]{1,4})?(?: \+ [A-TV-Z]\d{2}\.[0-9A-Z]{1,4})?)(?=[\s,;:).]|$)"
)
_LABEL = re.compile(r"^\*\*(.+?)\*\*\s*")
_SENTENCE_END = re.compile(r"(?<=[.?!])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9]|\()")  # a bracket after a full stop starts anew
_MARKUP = re.compile(r"\*\*|__|`")


class Grade(NamedTuple):
    """One page's measure."""

    page: str
    words: int
    sentences: int
    grade: float


def prose(markdown: str, verbatim: tuple[str, ...] = ()) -> list[str]:
    """The sentences of a page's Markdown that a reader reads as prose, one a line; `verbatim` texts left out."""
    for quoted in verbatim:
        markdown = markdown.replace(quoted, "")
    units: list[str] = []
    for raw in markdown.splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or set(line) <= set("-|: "):
            continue
        line = line.removeprefix(">").strip().removeprefix("- ").strip()
        if line.startswith("|"):  # a table row: its cells are names and figures, not sentences
            continue
        label = _LABEL.match(line)
        if label:
            units.append(label.group(1).rstrip(":"))
            line = line[label.end() :]
        items = line.split("; ")
        units.extend(items if all(len(i.split()) <= 4 for i in items) else [line])
    sentences: list[str] = []
    for unit in units:
        text = " ".join(_CODE.sub("", _URL.sub("", _MARKUP.sub("", unit))).split())
        if len(text.split()) <= 6:
            continue
        sentences.extend(s for s in _SENTENCE_END.split(text) if s.strip())
    return sentences


def measure(page: str, markdown: str, verbatim: tuple[str, ...] = ()) -> Grade:
    """The Flesch-Kincaid grade of a page's prose."""
    sentences = prose(markdown, verbatim)
    if not sentences:
        return Grade(page, 0, 0, 0.0)
    found = readability.getmeasures("\n".join(sentences), lang="en")
    info = found["sentence info"]
    return Grade(page, int(info["words"]), int(info["sentences"]), float(found["readability grades"]["Kincaid"]))


# The pages beyond each cause and form that a patient reads: the listings, what match and the quiz write
# (a few inputs and seeds stand for the rest: their sentences come from templates filled with the same names).
OTHER_PAGES: tuple[tuple[str, ...], ...] = (
    ("causes",),
    ("symptoms",),
    ("stats",),
    ("sources",),
    ("match", "tingling", "--risk", "diabetes"),
    ("match", "pins and needles", "numbness", "weak thighs"),
    ("match", "burning feet", "--risk", "chemo"),
    ("quiz", "--count", "15", "--seed", "1"),
    ("quiz", "--count", "15", "--seed", "2"),
    ("quiz", "--count", "15", "--seed", "3"),
)


def pages(names: Callable[[], list[str]]) -> Iterator[list[str]]:
    """The command lines of every page a patient reads: the overview, each cause's and form's page, and
    `OTHER_PAGES`."""
    yield ["overview"]
    for name in names():
        yield ["show", name]
    yield from (list(p) for p in OTHER_PAGES)


def verbatim(sources_json: str, codes_json: str) -> tuple[str, ...]:
    """What a page quotes word for word: each page's title and series (`sources -f json`) and each code's label
    in its release (`codes -f json`); longest first, so a title is taken whole before any part of it."""
    import json

    found: set[str] = set()

    def walk(value: object, keys: tuple[str, ...]) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in keys and isinstance(item, str):
                    found.add(item)
                walk(item, keys)
        elif isinstance(value, list):
            for item in value:
                walk(item, keys)

    for source in json.loads(sources_json):
        walk(source.get("pages", []), ("title", "series"))
    walk(json.loads(codes_json), ("label",))
    return tuple(sorted(found, key=len, reverse=True))


def _names() -> list[str]:
    from neuroleg import open_store
    from neuroleg.kb.source_file import bundled_data_file

    store = open_store(bundled_data_file(), None)
    return [str(c["id"]) for c in store.cause_rows()] + [str(f["id"]) for f in store.forms()]


def _markdown(argv: list[str]) -> str:
    return _output([*argv, "-f", "markdown"])


def _output(argv: list[str]) -> str:
    import contextlib
    import io

    from neuroleg.__main__ import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(argv)
    return out.getvalue()


def _verbatim() -> tuple[str, ...]:
    return verbatim(_output(["sources", "-f", "json"]), _output(["codes", "-f", "json"]))


def _worst(count: int) -> None:
    seen: dict[str, list[str]] = {}
    quoted = _verbatim()
    for argv in pages(_names):
        for sentence in prose(_markdown(argv), quoted):
            seen.setdefault(sentence, []).append(" ".join(argv))
    for sentence in sorted(seen, key=lambda s: -measure("", s).grade)[:count]:
        where = seen[sentence]
        more = f" and {len(where) - 1} more" if len(where) > 1 else ""
        print(f"{measure('', sentence).grade:5.1f}  {sentence}\n       ({where[0]}{more})")


def main(argv: list[str]) -> int:
    if "--worst" in argv:
        _worst(int(argv[argv.index("--worst") + 1]))
        return 0
    quoted = _verbatim()
    grades = sorted((measure(" ".join(a), _markdown(a), quoted) for a in pages(_names)), key=lambda g: -g.grade)
    print(f"{'page':40} {'words':>6} {'sentences':>9} {'grade':>6}")
    for g in grades:
        print(f"{g.page:40} {g.words:6} {g.sentences:9} {g.grade:6.1f}")
    over = [g for g in grades if g.grade > LIMIT and g.page not in LISTINGS]
    print(f"{MEASURE}; limit {LIMIT} (not for {', '.join(LISTINGS)}): {len(over)} page(s) above it", file=sys.stderr)
    return 1 if over and "--check" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
