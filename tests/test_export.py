"""`neuroleg export`: a complete Markdown handout, a subset of causes, and a file written whole or not at all."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED, Installed, invoke
from typer.testing import Result

from neuroleg import __version__
from neuroleg.cli.files import write_file_atomically
from neuroleg.errors import OutputFileError

EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}  # 2026-01-01


def export(*args: str, env: dict[str, str] | None = None) -> Result:
    return invoke("export", *args, env={**EPOCH, **(env or {})})


def headings(markdown: str, level: int) -> list[str]:
    return re.findall(rf"^{'#' * level} (.+)$", markdown, flags=re.MULTILINE)


def part(markdown: str, heading: str) -> str:
    """The text of one `## ` part of the handout, up to the next one."""
    return markdown.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


def test_the_handout_has_every_part_in_order(bundled_doc: dict[str, Any]) -> None:
    out = export().stdout
    assert headings(out, 1) == ["Neuropathic leg pain"]
    causes = [c["name"] for c in bundled_doc["causes"]]
    assert headings(out, 2) == ["Overview", *causes, "Statistics", "Glossary", "Sources", "When to get medical help"]


def test_the_handout_says_when_and_by_what_it_was_made() -> None:
    out = export().stdout
    assert "- **Made:** 2026-01-01" in out
    assert f"- **By:** neuroleg {__version__}, an offline reference" in out


def test_the_handout_opens_and_closes_with_the_not_medical_advice_note(bundled_doc: dict[str, Any]) -> None:
    notes = [line for line in export().stdout.splitlines() if line.startswith("> **Note:**")]
    disclaimer = " ".join(bundled_doc["overview"]["disclaimer"].split())
    assert notes[0] == f"> **Note:** {disclaimer}"
    assert notes[-1] == notes[0]


def test_every_statistic_appears_with_population_and_source(bundled_doc: dict[str, Any]) -> None:
    table = export().stdout.split("## Statistics", 1)[1]
    rows = [line for line in table.splitlines() if line.startswith("| ") and "Population" not in line]
    expected = [
        (c["name"], s["population"], s["credited"]) for c in bundled_doc["causes"] for s in c.get("statistics", [])
    ]
    assert len(rows) == len(expected) == 4
    short = {s["id"]: s["short"] for s in bundled_doc["organisations"]}
    for row, (cause, population, source) in zip(rows, expected, strict=True):
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[0] == cause and cells[3] == population and cells[4] == short[source]


def test_every_source_is_listed_with_its_address(bundled_doc: dict[str, Any]) -> None:
    sources = part(export().stdout, "Sources")
    for organisation in bundled_doc["organisations"]:
        assert f"- {organisation['name']}" in sources
        assert organisation["url"] in sources


def test_every_fact_of_each_cause_is_in_the_handout(bundled_doc: dict[str, Any]) -> None:
    out = " ".join(export().stdout.replace("\\", "").split())
    for cause in bundled_doc["causes"]:
        texts = [cause["summary"], cause["mechanism"]]
        texts += [f["text"] for key in ("claims", "risk_factors", "treatment") for f in cause.get(key, [])]
        texts += [link["evidence"] for link in cause.get("leads_to", [])]
        for subtype in cause.get("subtypes", []):
            texts += [subtype["summary"], *(r["text"] for r in subtype.get("risk_factors", []))]
        for text in texts:
            assert " ".join(text.split()) in out, (cause["id"], text)


def test_the_handout_tells_when_to_get_medical_help_with_each_page(bundled_doc: dict[str, Any]) -> None:
    help_part = part(export().stdout, "When to get medical help")
    assert " ".join(bundled_doc["medical_help"]["summary"].split()) in help_part
    advice = [line for line in help_part.splitlines() if line.startswith("- ")]
    assert len(advice) == len(bundled_doc["medical_help"]["advice"]) == 4
    for line, item in zip(advice, bundled_doc["medical_help"]["advice"], strict=True):
        assert line == f"- {' '.join(item['text'].split())} (Source: {item['source']}, {item['url']})"


def test_a_subset_holds_only_the_named_causes_and_their_sources() -> None:
    out = export("--cause", "ms", "--cause", "CHEMO", "--cause", "taxol").stdout
    assert headings(out, 1) == ["Neuropathic leg pain: Multiple sclerosis, Chemotherapy"]
    assert headings(out, 2) == [
        "Overview", "Multiple sclerosis", "Chemotherapy", "Statistics", "Glossary", "Sources",
        "When to get medical help",
    ]  # fmt: skip
    sources = part(out, "Sources")
    assert "- National Cancer Institute (NCI): https://www.cancer.gov/" in sources
    assert "ninds.nih.gov" not in sources and "mayoclinic" not in sources and "NIH)" not in sources
    assert "| Chemotherapy | 30-40% |" in out
    assert "| Diabetes |" not in out
    assert part(out, "When to get medical help") == part(export().stdout, "When to get medical help")


def test_a_subset_without_figures_says_so() -> None:
    out = export("--cause", "ms").stdout
    assert "The sources give no figures for these causes." in out
    assert "source article" not in out


def test_an_unknown_cause_exits_1_with_suggestions_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "out.md"
    result = export("--cause", "diabetis", "-o", str(target))
    assert result.exit_code == 1
    assert "no cause named 'diabetis'" in result.stderr and "did you mean: diabetic, diabetes" in result.stderr
    assert list(target.parent.iterdir()) == []


@pytest.mark.parametrize("fmt", ["json", "yaml", "csv", "plain", "table"])
def test_formats_other_than_markdown_and_html_are_refused(fmt: str) -> None:
    result = export("-f", fmt)
    assert result.exit_code == 2
    assert f"'{fmt}' is not one of 'markdown', 'html'" in result.stderr  # its own choices, as its help lists them


def test_the_date_comes_from_source_date_epoch_and_nothing_else_changes() -> None:
    first, later = export().stdout, export(env={"SOURCE_DATE_EPOCH": "1798761600"}).stdout  # 2027-01-01
    assert "- **Made:** 2027-01-01" in later
    assert first.replace("2026-01-01", "2027-01-01") == later


def test_output_goes_to_the_named_file_and_not_to_stdout(tmp_path: Path) -> None:
    target = tmp_path / "handout.md"
    result = export("-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8") == export().stdout
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~_umask()


def test_an_unwritable_place_exits_2_and_leaves_nothing_behind(tmp_path: Path) -> None:
    result = export("-o", str(tmp_path / "missing" / "handout.md"))
    assert result.exit_code == 2
    assert result.stderr.startswith("neuroleg: cannot write ") and "No such file or directory" in result.stderr
    directory = export("-o", str(tmp_path))
    assert directory.exit_code == 2 and "it is a directory" in directory.stderr


def test_an_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "private.md"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o600)
    assert export("-o", str(target)).exit_code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith("# Neuropathic leg pain")


def test_a_failure_mid_write_keeps_the_old_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "handout.md"
    target.write_text("the old handout\n", encoding="utf-8")

    def chunks() -> Any:
        yield "the start of a new one"
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_file_atomically(target, chunks())
    assert target.read_text(encoding="utf-8") == "the old handout\n"
    assert [p.name for p in tmp_path.iterdir()] == ["handout.md"]


def test_a_full_disk_is_an_output_file_error_and_the_old_file_stays(tmp_path: Path) -> None:
    target = tmp_path / "handout.md"
    target.write_text("old\n", encoding="utf-8")

    def chunks() -> Any:
        yield "new"
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputFileError, match="No space left on device"):
        write_file_atomically(target, chunks())
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["handout.md"]


def test_hostile_names_cannot_become_markdown(write_kb: Callable[..., Path]) -> None:
    def poison(doc: dict[str, Any]) -> None:
        doc["causes"][0]["name"] = "[click](javascript:alert(1)) <img src=x onerror=alert(1)> \x1b]8;;x\x07"

    result = export("--data", str(write_kb(poison)))
    assert result.exit_code == 0, result.stderr
    assert "## \\[click\\](javascript:alert(1)) \\<img src=x onerror=alert(1)\\> ^\\[\\]8;;x^G\n" in result.stdout
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout


# where -o points: the knowledge base itself, a device, a symlink, a long name


def test_export_refuses_to_overwrite_the_knowledge_base_it_reads(tmp_path: Path) -> None:
    kb = tmp_path / "kb.yaml"
    kb.write_bytes(BUNDLED.read_bytes())
    result = invoke("export", "-o", str(kb), env={"NEUROLEG_DATA": str(kb)})
    assert result.exit_code == 2
    assert "that is the knowledge base being read" in result.stderr
    assert kb.read_bytes() == BUNDLED.read_bytes()


def test_export_into_a_device_writes_through_it_and_leaves_the_device(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("only root can make a device node")
    device = tmp_path / "null"
    os.mknod(
        device, 0o666 | stat.S_IFCHR, os.makedev(1, 3)
    )  # a private /dev/null: `-o /dev/null` replaced the real one
    result = invoke("export", "-o", str(device))
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISCHR(os.stat(device).st_mode)


def test_export_into_a_symlink_writes_the_file_it_points_at(tmp_path: Path) -> None:
    target = tmp_path / "handout.md"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "latest.md"
    link.symlink_to(target)
    result = invoke("export", "-o", str(link))
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8").startswith("# ")


def test_export_writes_a_file_whose_name_is_as_long_as_the_system_allows(tmp_path: Path) -> None:
    target = tmp_path / ("n" * 250 + ".md")
    result = invoke("export", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert target.read_text(encoding="utf-8").startswith("# Neuropathic leg pain")


def test_a_long_unwritable_path_keeps_the_reason_in_the_message(tmp_path: Path) -> None:
    target = tmp_path / "missing" / ("d" * 200) / "handout.md"
    result = invoke("export", "-o", str(target))
    assert result.exit_code == 2
    assert result.stderr.rstrip().endswith("No such file or directory")


@pytest.mark.slow
@pytest.mark.process
def test_the_installed_command_writes_a_handout_from_any_directory(installed: Installed) -> None:
    result = installed.run("export", "-o", "handout.md", **EPOCH)
    assert result.returncode == 0, result.stderr
    written = (installed.home / "handout.md").read_text(encoding="utf-8")
    assert written.startswith("# Neuropathic leg pain\n")
    assert "- **Made:** 2026-01-01" in written


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
