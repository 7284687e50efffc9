"""Shared by every test file: the command run in-process and in processes, knowledge bases to break, hostile text.

Helpers live here once: `invoke` and `ok` (the command in this process, by the path the installed command takes:
`neuroleg.__main__.main`, the fast path first, else Typer),
`run_neuroleg` (`python -m neuroleg` in a process of its own), the `installed`
command built from a wheel, knowledge bases written for a test (`write_kb`,
`generated_kb`), the hostile knowledge bases that more than one file feeds to
the command, and `Page`, a strict reading of the HTML the command writes.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner, Result

from neuroleg import __main__ as entry

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "causes.yaml"
SOURCE_ARTICLE = ROOT.parent / "shared" / "sources" / "neuropathic-leg-pain-article.txt"

# every reading command, once, as a test runs it on the bundled knowledge base
READING_COMMANDS = [
    ("causes",),
    ("show", "diabetes"),
    ("compare", "diabetes", "alcohol"),
    ("symptoms",),
    ("symptoms", "diabetes"),
    ("stats",),
    ("sources",),
    ("overview",),
    ("search", "nerve"),
]
SHOW_JSON = ("show", "diabetes", "-f", "json")
# what `validate` adds to its line when the code systems' releases are installed (the test extras pin them)
RELEASES_CHECKED = (
    "; codes checked against ICD-10-CM April 2026 (simple-icd-10-cm 1.5.0) and HPO 2025-11-24 (hpo3 1.5.1)"
)

SGR = re.compile(r"\x1b\[([0-9;]*)m")  # a terminal style (Select Graphic Rendition); the group holds its codes
BOX = re.compile(r"[─━│┃┏┓┗┛┡┩└┘┌┐├┤┬┴┼╇╈]")  # the box drawing of Rich's tables


def strings(value: Any) -> Iterator[str]:
    """Every piece of text in a value (parsed JSON or YAML, a record), however deeply nested."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


Doc = dict[str, Any]  # a knowledge base (or a part of one) as plain data


def cause(doc: Doc, cause_id: str) -> Doc:
    """The cause of that id in a knowledge base's data (to read, or to change in place)."""
    found: Doc = next(c for c in doc["causes"] if c["id"] == cause_id)
    return found


def subtype(doc: Doc, cause_id: str, subtype_id: str) -> Doc:
    """A subtype of a cause, by their ids."""
    found: Doc = next(s for s in cause(doc, cause_id)["subtypes"] if s["id"] == subtype_id)
    return found


def symptom(doc: Doc, symptom_id: str) -> Doc:
    """The symptom of that id."""
    found: Doc = next(s for s in doc["symptoms"] if s["id"] == symptom_id)
    return found


# every property test, even one without `deterministic`, draws the same examples each run and keeps no database
settings.register_profile("neuroleg", derandomize=True, database=None, deadline=None)
settings.load_profile("neuroleg")


def deterministic(max_examples: int) -> settings:
    """Hypothesis settings that give CI the same examples every run, with no deadline and no example database."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# the command in this process


runner = CliRunner()  # only for its isolation: swapped streams and environment, as a process of its own has


def invoke(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
    """Run `neuroleg ARGS` in this process as the installed command runs it; stdout and stderr come back apart."""
    return run_in_process(entry.main, list(args), env=env, input=input)


def run_in_process(
    main: Callable[[list[str]], int | None],
    argv: list[str],
    env: dict[str, str] | None = None,
    input: str | None = None,
) -> Result:
    """`main(argv)` with the streams and environment swapped, as Typer's CliRunner sets them; a status it returns or
    exits with is the exit code (`exception` is that SystemExit unless it is 0, as CliRunner has it)."""
    with runner.isolation(input=input, env=env) as (out, err, both):
        try:
            code = main(argv) or 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        sys.stdout.flush()
        sys.stderr.flush()
        stdout, stderr, output = out.getvalue(), err.getvalue(), both.getvalue()
    return Result(runner, stdout, stderr, output, None, code, SystemExit(code) if code else None)


def ok(*args: str, env: dict[str, str] | None = None) -> str:
    """stdout of a run that must succeed with nothing on stderr."""
    result = invoke(*args, env=env)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


# the command in a process of its own


def run_neuroleg(*args: str, memory: int | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -m neuroleg ARGS` from the checkout in a process of its own, with an address-space limit if given."""

    def limit() -> None:
        if memory:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return subprocess.run(
        [sys.executable, "-m", "neuroleg", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **env},
        preexec_fn=limit,
        check=False,
    )


@dataclass(frozen=True)
class Installed:
    """The command as a user gets it from a built wheel (not the checkout)."""

    command: Path
    home: Path

    def env(self, **extra: str) -> dict[str, str]:
        """A cleared environment: only what a user's shell would surely have."""
        env = {
            "PATH": f"{self.command.parent}{os.pathsep}/usr/bin:/bin",
            "HOME": str(self.home),
            "XDG_CACHE_HOME": str(self.home / "cache"),
            "PYTHONPATH": str(self.command.parent.parent),
            "LANG": "C.UTF-8",
        }
        env.update(extra)
        return env

    def run(self, *args: str, input: str | None = None, **extra: str) -> subprocess.CompletedProcess[str]:
        """Run `neuroleg ARGS` from a directory away from the checkout."""
        return subprocess.run(
            [str(self.command), *args],
            capture_output=True,
            text=True,
            env=self.env(**extra),
            cwd=self.home,
            input=input,
            timeout=120,
            check=False,
        )

    def output(self, *args: str) -> str:
        """stdout of `neuroleg ARGS`, which must succeed."""
        result = self.run(*args)
        assert result.returncode == 0
        return result.stdout

    def shell(self, script: str, **extra: str) -> subprocess.CompletedProcess[str]:
        """Run a bash script with the installed command on PATH, in the cleared environment."""
        return subprocess.run(
            ["bash", "-c", script], capture_output=True, text=True, env=self.env(**extra), cwd=self.home,
            timeout=120, check=False,
        )  # fmt: skip


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    """Build a wheel of the checkout and install it, without its dependencies, into a folder.

    The dependencies come from the test environment; the package itself, and so
    the data it must find, come only from the wheel.
    """
    base = tmp_path_factory.mktemp("installed")
    wheels = base / "wheels"
    target = base / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(wheels.glob("neuroleg-*.whl"))
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    home = base / "home"
    home.mkdir()
    yield Installed(command=target / "bin" / "neuroleg", home=home)


# a private cache, and knowledge bases to break


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own cache directory and no stray settings from the caller."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    for name in ("NEUROLEG_DATA", "FORCE_COLOR", "NO_COLOR", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    return cache / "neuroleg"


@pytest.fixture
def bundled_doc() -> dict[str, Any]:
    """The bundled knowledge base as plain data, to copy and alter."""
    with BUNDLED.open(encoding="utf-8") as handle:
        doc: dict[str, Any] = yaml.safe_load(handle)
    return doc


@pytest.fixture
def write_kb(tmp_path: Path, bundled_doc: dict[str, Any]) -> Callable[..., Path]:
    """Write a knowledge base: the bundled one changed by `change(doc)`, or raw `text`."""
    counter = iter(range(10_000))

    def write(change: Callable[[dict[str, Any]], None] | None = None, *, text: str | bytes | None = None) -> Path:
        path = tmp_path / f"kb-{next(counter)}.yaml"
        if text is not None:
            path.write_bytes(text.encode() if isinstance(text, str) else text)
            return path
        doc = yaml.safe_load(yaml.safe_dump(bundled_doc, sort_keys=False))  # a deep copy, in file order
        if change:
            change(doc)
        path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
        return path

    return write


def generated_kb(path: Path, count: int) -> Path:
    """The bundled knowledge base plus `count` clones of its causes, under new ids, names and no aliases.

    Written as JSON, which is YAML too, because PyYAML's dumper would take longer than the tests.
    """
    doc: dict[str, Any] = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    bundled = doc["causes"]
    clones = []
    for i in range(count):
        cause = bundled[i % len(bundled)]
        subtypes = [{**s, "name": f"Generated {i} {s['name']}", "aliases": []} for s in cause.get("subtypes", [])]
        clones.append(
            {**cause, "id": f"gen{i}-{cause['id']}", "name": f"Generated {i} {cause['name']}", "aliases": [],
             "subtypes": subtypes}
        )  # fmt: skip
    doc["causes"] = bundled + clones
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


# hostile knowledge bases fed to the command by more than one file


MARKUP_MECHANISM = "[bold red]MS[/] hides myelin \x1b]0;owned\x07 from the nerves of the leg."


@pytest.fixture
def markup_mechanism_kb(write_kb: Callable[..., Path]) -> Path:
    """The bundled knowledge base with Rich markup and a terminal-title escape in MS's mechanism (quoted by a quiz)."""

    def hostile(doc: dict[str, Any]) -> None:
        doc["causes"][4]["mechanism"] = MARKUP_MECHANISM

    return write_kb(hostile)


SCRIPT = "<script>document.title='PWNED';document.body.setAttribute('data-pwned','script')</script>"
IMG = "<img src=x onerror=\"document.body.setAttribute('data-pwned','img')\">"
SVG = '"><svg onload="document.body.appendChild(document.createElement(\'pwned-svg\'))">'
STYLE = "<style>main{display:none}</style>"
ENTITY = "&amp; &lt;b&gt;"
CONTROLS = "\x1b[31mred \u202eevil"
CONTROLS_SHOWN = "^[[31mred <U+202E>evil"
HOSTILE_HTML_NAME = f"Diabetes </title>{SCRIPT}"
HOSTILE_HTML_SUMMARY = f"Summary {IMG} {SVG} {ENTITY} {CONTROLS} end"
HOSTILE_URL = "https://www.ninds.nih.gov/\"><script>document.body.setAttribute('data-pwned','url')</script>"


# the knowledge base's text, each field a page shows, hostile (format 2: a claim, a risk factor, the evidence that a
# cause leads to a form, an organisation's and a category's names, the medical help)
CLAIM = f"Claim {IMG}"
RISK = f"Risk {SVG}"
EVIDENCE = f"Evidence {STYLE} {ENTITY}"
ORGANISATION = f"Institute {SCRIPT}"
CATEGORY = f"Metabolic {IMG}"
ADVICE = f"Advice {SCRIPT} {CONTROLS_SHOWN}"  # as shown: the data has CONTROLS
ADVISER = f"Adviser {STYLE}"
ADVICE_URL = "https://www.mayoclinic.org/\"><img/src=x/onerror=document.body.setAttribute('data-pwned','advice')>"


def poison_html(doc: dict[str, Any]) -> None:
    """Markup, entities and control characters in diabetes' name, summary, a subtype alias, a claim, a risk factor and
    the evidence of the form it leads to; in NINDS' name, short name and URL; in the metabolic category's name; in
    the first medical-help advice, its source and its URL."""
    diabetes = cause(doc, "diabetes")
    diabetes["name"] = HOSTILE_HTML_NAME
    diabetes["summary"] = HOSTILE_HTML_SUMMARY
    diabetes["subtypes"][0]["aliases"].append(SCRIPT)
    diabetes["claims"] = [{"text": CLAIM, "credited": "ninds"}]
    diabetes["risk_factors"][0]["text"] = RISK
    diabetes["leads_to"][0]["evidence"] = EVIDENCE
    ninds = next(o for o in doc["organisations"] if o["id"] == "ninds")
    ninds.update(url=HOSTILE_URL, short=f"NINDS{STYLE}", name=ORGANISATION)
    next(c for c in doc["categories"] if c["id"] == "metabolic")["name"] = CATEGORY
    doc["medical_help"]["advice"][0].update(text=f"Advice {SCRIPT} {CONTROLS}", source=ADVISER, url=ADVICE_URL)


@pytest.fixture
def hostile_html_kb(write_kb: Callable[..., Path]) -> Path:
    """The bundled knowledge base (format 2) with HTML, entities and control characters in every field above."""
    return write_kb(poison_html)


# reading the HTML the command writes

# elements whose edges separate words for a reader (inline ones such as <a> and <mark> do not)
BLOCKS = {"title", "p", "li", "dt", "dd", "caption", "th", "td", "h1", "h2", "h3", "h4", "section", "main"}
VOID = {"meta", "link", "br", "hr", "img", "input", "col", "area", "base", "embed", "source", "track", "wbr"}


@dataclass
class Element:
    """One start tag, where it sits, and the text inside it."""

    tag: str
    attrs: dict[str, str | None]
    parents: tuple[str, ...]
    text: list[str] = field(default_factory=list)

    def content(self) -> str:
        return " ".join("".join(self.text).split())


class Page(HTMLParser):
    """A strict reading of a page: every element, every text, and every nesting mistake."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.doctype = ""
        self.elements: list[Element] = []
        self.open: list[Element] = []
        self.problems: list[str] = []
        self.texts: list[str] = []
        self.feed(source)
        self.close()
        self.problems += [f"<{e.tag}> never closed" for e in self.open]

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs), tuple(e.tag for e in self.open))
        self.elements.append(element)
        self._edge(tag)
        if tag not in VOID:
            self.open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, dict(attrs), tuple(e.tag for e in self.open)))

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1].tag != tag:
            self.problems.append(f"</{tag}> closes <{self.open[-1].tag if self.open else 'nothing'}>")
            return
        self.open.pop()
        self._edge(tag)

    def _edge(self, tag: str) -> None:
        if tag in BLOCKS:
            self.handle_data(" ")

    def handle_data(self, data: str) -> None:
        if self.open and self.open[-1].tag == "style":
            return
        self.texts.append(data)
        for element in self.open:
            element.text.append(data)

    def all(self, tag: str) -> list[Element]:
        return [e for e in self.elements if e.tag == tag]

    def one(self, tag: str) -> Element:
        found = self.all(tag)
        assert len(found) == 1, f"{len(found)} <{tag}>"
        return found[0]

    def page_title(self) -> Element:
        """The page's own <title>: a body map's inline SVG has a title of its own."""
        found = [e for e in self.all("title") if "svg" not in e.parents]
        assert len(found) == 1, f"{len(found)} page <title>"
        return found[0]

    def text(self) -> str:
        """All text, entities decoded, as a reader sees it (whitespace squeezed)."""
        return " ".join("".join(self.texts).split())
