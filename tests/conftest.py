"""Shared fixtures: knowledge-base files to break, a private cache, an installed command."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, settings

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


def deterministic(max_examples: int) -> settings:
    """Hypothesis settings that give CI the same examples every run, with no deadline and no example database."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


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
