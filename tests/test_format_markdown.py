"""Markdown: a document with sections, tables for listings, the disclaimer as a closing note, text escaped."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import invoke, ok


def headings(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("#")]


def test_show_markdown_is_a_document_with_sections() -> None:
    out = ok("show", "diabetes", "-f", "markdown")
    assert out.startswith("# Diabetes\n")
    assert headings(out) == [
        "# Diabetes", "## How it damages nerves", "## Symptoms", "## Forms of neuropathy it can lead to",
        "## Risk factors", "## Statistics", "## Subtypes", "### Diabetic amyotrophy", "## Related causes",
        "## Standard codes", "## Sources", "## Hard words on this page",
    ]  # fmt: skip
    assert "- Leg pain: Nerve pain in the leg or foot." in out
    assert "\nDiabetic neuropathy: Over time, high blood sugar can harm the nerves and cause neuropathy.\n" in out
    # a risk of another subject says so, and among whom
    assert "- Smoking. (It raises the risk of diabetic neuropathy among people with diabetes.)" in out
    assert "- **Risk factors:** Being an older adult with type 2 diabetes. This group is at greatest risk." in out


def test_show_markdown_gives_what_the_sources_say_first_and_treatment_before_related_causes() -> None:
    out = ok("show", "post-surgical", "-f", "markdown")
    assert headings(out) == [
        "# Post-surgical neuropathy", "## What the sources say", "## How it damages nerves", "## Symptoms",
        "## Risk factors", "## Treatment and outlook", "## Related causes", "## Standard codes", "## Sources",
        "## Hard words on this page",
    ]  # fmt: skip
    claims = out[out.index("## What the sources say") : out.index("## How it damages nerves")]
    assert claims.count("\n- ") == 2
    assert "- Mayo Clinic researchers found that, rarely, inflammation after surgery can lead to" in claims


def test_show_markdown_gives_the_symptoms_of_a_form_the_cause_leads_to() -> None:
    out = ok("show", "injury", "-f", "markdown")
    section = out[out.index("## Forms of neuropathy it can lead to") : out.index("## Risk factors")]
    assert "Peripheral neuropathy: Accidents, from car crashes to pile-ups in a football game" in section
    assert (
        "- **Symptoms of peripheral neuropathy in general (the Nevada Pain article):** Numbness; Tingling; "
        "Sharp pain; Pain that is worse at night; Pain when walking; Weakness when walking; Sensitivity to touch\n"
    ) in section
    assert (
        '- **Symptoms of peripheral neuropathy in general (NINDS, "NINDS Peripheral Neuropathy Information Page", '
        "condensed from the Peripheral Neuropathy Fact Sheet):** Muscle weakness; Burning pain\n"
    ) in section


def test_causes_markdown_is_a_table() -> None:
    lines = ok("causes", "-f", "markdown").splitlines()
    assert "| Cause | Category | Key figure | Summary |" in lines
    assert sum(1 for line in lines if line.startswith("| ")) == 1 + 8
    assert any(line.startswith("| Cancer and tumours | Tumours | - |") for line in lines)  # the category's name
    diabetes = next(line for line in lines if line.startswith("| Diabetes |"))
    assert "| Metabolic | 60-70% of people with diabetes (NINDS): have some form of neuropathy |" in diabetes


@pytest.mark.parametrize("args", [("overview",), ("match", "numbness")], ids=" ".join)
def test_markdown_gives_when_to_get_medical_help_with_whole_addresses(
    args: tuple[str, ...], bundled_doc: dict[str, Any]
) -> None:
    out = ok(*args, "-f", "markdown")
    assert "\n## When to get medical help\n" in out
    section = out[out.index("## When to get medical help") :]
    for advice in bundled_doc["medical_help"]["advice"]:
        text = " ".join(advice["text"].split())
        assert f"- {text} (Source: {advice['source']}, {advice['url']})\n" in section


def test_overview_markdown_ends_with_medical_help_then_the_disclaimer() -> None:
    out = ok("overview", "-f", "markdown")
    assert headings(out)[-3:] == [
        "## Causes (neuroleg show NAME)", "## Hard words on this page", "## When to get medical help"
    ]  # fmt: skip
    assert out.rstrip("\n").splitlines()[-1].startswith("> **Note:** neuroleg is for learning only.")


def test_match_markdown_leads_with_the_disclaimer_then_medical_help() -> None:
    lines = ok("match", "numbness", "-f", "markdown").splitlines()
    assert lines[0] == "# Causes this reference links to what you gave"
    assert lines[2].startswith("> **Note:** Educational, not diagnostic.")
    assert lines[4] == "## When to get medical help"
    assert "## 1. Injury and trauma (injury): the reference links it to what you gave" in lines


def test_markdown_ends_with_the_disclaimer_as_a_note() -> None:
    out = ok("show", "diabetes", "-f", "markdown")
    assert out.rstrip("\n").splitlines()[-1].startswith("> **Note:** neuroleg is for learning only.")


# text that Markdown would read as markup


def test_markdown_escapes_ampersands_so_entities_stay_text(write_kb: Callable[..., Path]) -> None:
    path = write_kb(lambda doc: doc["causes"][0].update(summary="Mind &#x202E; this."))
    out = invoke("show", "injury", "-f", "markdown", "--data", str(path)).stdout
    assert "Mind \\&\\#x202E; this." in out
