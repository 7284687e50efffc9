"""Markdown: a document with sections, tables for listings, the disclaimer as a closing note, text escaped."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import invoke, ok


def test_show_markdown_is_a_document_with_sections() -> None:
    out = ok("show", "diabetes", "-f", "markdown")
    assert out.startswith("# Diabetes\n")
    headings = [line for line in out.splitlines() if line.startswith("## ")]
    assert headings[:4] == ["## How it damages nerves", "## Symptoms", "## Risk factors", "## Statistics"]
    assert "- Leg pain: Neuropathic pain in the leg or foot." in out


def test_causes_markdown_is_a_table() -> None:
    lines = ok("causes", "-f", "markdown").splitlines()
    assert "| Cause | Category | Key figure | Summary |" in lines
    assert sum(1 for line in lines if line.startswith("| ")) == 1 + 8


def test_markdown_ends_with_the_disclaimer_as_a_note() -> None:
    out = ok("show", "diabetes", "-f", "markdown")
    assert out.rstrip("\n").splitlines()[-1].startswith("> **Note:** neuroleg is an educational reference only.")


# text that Markdown would read as markup


def test_markdown_escapes_ampersands_so_entities_stay_text(write_kb: Callable[..., Path]) -> None:
    path = write_kb(lambda doc: doc["causes"][0].update(summary="Mind &#x202E; this."))
    out = invoke("show", "injury", "-f", "markdown", "--data", str(path)).stdout
    assert "Mind \\&\\#x202E; this." in out
