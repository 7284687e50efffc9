"""The documentation's layout: each page where its readers look, every path it cites present, its examples working."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, invoke

from neuroleg import __version__

DOCS = ROOT / "docs"
SKIPPED_DIRS = {".git", ".venv", ".venv-ci", ".pytest_cache", "build", "dist", "node_modules"}
FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.M | re.S)
LINK = re.compile(r"\]\(([^)\s]+)\)")
CODE_SPAN = re.compile(r"`([^`\n]+)`")
PATH_LIKE = re.compile(r"^[\w.-]+(/[\w.-]+)*/?$")
MD_NAME = re.compile(r"\b[\w-]+(?:/[\w.-]+)*\.md\b")


def markdown_files() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.md") if not SKIPPED_DIRS & set(p.relative_to(ROOT).parts))


def ignored(relative: str) -> bool:
    """A path under a folder .gitignore names: something a tool writes (bench/results/), not a file to cite."""
    patterns = [line.strip().rstrip("/") for line in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()]
    return any(p and not p.startswith("#") and "*" not in p and relative.startswith(p + "/") for p in patterns)


def exists(cited: str, page: Path) -> bool:
    """A cited path is there, relative to the page that cites it or to the repository's root."""
    cited = cited.rstrip("/")
    return (page.parent / cited).exists() or (ROOT / cited).exists()


def prose(page: Path) -> str:
    """A Markdown page without its fenced blocks: commands and example files there are not citations."""
    return FENCE.sub("", page.read_text(encoding="utf-8"))


def anchors(page: Path) -> set[str]:
    """The anchors GitHub makes of a page's headings: lower case, punctuation dropped, spaces as hyphens."""
    headings = re.findall(r"^#{1,6} (.+)$", prose(page), re.M)
    return {"".join(ch for ch in h.lower() if ch.isalnum() or ch in " -_").replace(" ", "-") for h in headings}


def cited_paths(page: Path) -> list[str]:
    """Paths of the repository a page names in code spans (`bench/startup.py`, `CHANGELOG.md`)."""
    top = {p.name for p in ROOT.iterdir()}
    found = []
    for span in CODE_SPAN.findall(prose(page)):
        if not PATH_LIKE.match(span) or (span.startswith(".") and not span.startswith(".ci")):
            continue
        if ("/" in span and span.split("/")[0] in top) or span.endswith(".md"):
            found.append(span)
    return found


@pytest.mark.parametrize("page", markdown_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_leads_to_a_file_and_a_heading_that_exist(page: Path) -> None:
    broken = []
    for target in LINK.findall(prose(page)):
        if re.match(r"^[a-z]+:", target):  # https:, mailto:
            continue
        path, _, anchor = target.partition("#")
        linked = (page.parent / path) if path else page
        if not linked.exists() or (anchor and linked.suffix == ".md" and anchor not in anchors(linked)):
            broken.append(target)
    assert broken == []


@pytest.mark.parametrize("page", markdown_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_path_a_page_cites_is_in_the_repository(page: Path) -> None:
    missing = [p for p in cited_paths(page) if not ignored(p) and not exists(p, page) and not named_anywhere(p)]
    assert missing == []


def named_anywhere(cited: str) -> bool:
    """A bare file name (`startup.py`, `reference.md`) names a file somewhere in the repository."""
    return "/" not in cited and any(p.name == cited for p in ROOT.rglob(cited) if not SKIPPED_DIRS & set(p.parts))


@pytest.mark.parametrize("script", sorted([*ROOT.glob("bench/*.py"), *ROOT.glob("tools/*.py")]), ids=lambda p: p.name)
def test_every_markdown_file_a_script_cites_is_in_the_repository(script: Path) -> None:
    names = MD_NAME.findall(script.read_text(encoding="utf-8"))
    assert [n for n in names if not exists(n, script) and not named_anywhere(n)] == []


def test_the_path_check_finds_a_file_that_is_not_there(tmp_path: Path) -> None:
    page = ROOT / "docs" / "architecture.md"
    assert not exists("DESIGN.md", page) and not named_anywhere("DESIGN.md")
    assert exists("bench/README.md", page) and exists("reference.md", page)
    assert cited_paths(page)  # the architecture page does cite files: the check is not empty


def test_docs_hold_the_reference_the_format_the_architecture_and_the_promises() -> None:
    pages = {p.name for p in DOCS.glob("*.md")}
    assert {"reference.md", "knowledge-base.md", "architecture.md", "reliability.md"} <= pages
    for name in ("CHANGELOG.md", "CONTRIBUTING.md", "bench/README.md"):
        assert (ROOT / name).is_file(), name


def test_the_changelog_has_an_unreleased_section_first_and_the_current_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    versions = re.findall(r"^## \[([^\]]+)\]", changelog, re.M)
    assert versions[0] == "Unreleased"
    assert __version__ in versions
    for issue in (2, 3, 4, 5, 6, 7, 12, 13, 14, 15, 16):
        assert re.search(rf"\(issues? (\d+, )*{issue}\b", changelog), f"issue {issue} is not in the changelog"


def test_the_benchmark_figures_live_beside_the_benchmarks() -> None:
    bench = (ROOT / "bench" / "README.md").read_text(encoding="utf-8")
    for heading in ("## Budgets", "## Latest figures", "## History"):
        assert heading in bench
    assert "| `show diabetes`, piped (plain) |" in bench
    assert "## Benchmarks" not in (ROOT / "README.md").read_text(encoding="utf-8")


def yaml_block_after(page: Path, heading: str) -> str:
    text = page.read_text(encoding="utf-8")
    return text.split(f"\n{heading}\n", 1)[1].split("```yaml\n", 1)[1].split("\n```", 1)[0]


def test_the_complete_example_of_the_knowledge_base_format_validates(tmp_path: Path) -> None:
    example = tmp_path / "my-causes.yaml"
    example.write_text(yaml_block_after(DOCS / "knowledge-base.md", "## A complete example"), encoding="utf-8")
    result = invoke("validate", str(example))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{example}: valid: 1 causes, 1 subtypes, 1 statistics, 2 symptoms, 1 forms")
    assert "codes checked against ICD-10-CM April 2026" in result.stdout  # its codes are real, and checked


def test_the_complete_example_reads_as_the_docs_say(tmp_path: Path) -> None:
    example = tmp_path / "my-causes.yaml"
    example.write_text(yaml_block_after(DOCS / "knowledge-base.md", "## A complete example"), encoding="utf-8")
    result = invoke("show", "diabetic", "--data", str(example), "-f", "json")
    assert result.exit_code == 0, result.output
    assert '"id": "diabetes"' in result.stdout and '"code": "E11.42"' in result.stdout


def test_the_library_example_runs_as_written(capsys: pytest.CaptureFixture[str]) -> None:
    block = (DOCS / "architecture.md").read_text(encoding="utf-8").split("## Library use", 1)[1]
    exec(compile(block.split("```python", 1)[1].split("```", 1)[0], "docs/architecture.md", "exec"), {})
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("MS damages myelin")
    # tingling is injury's own, comes through diabetic neuropathy (NIH's page) for diabetes, through peripheral
    # neuropathy for heavy alcohol use and kidney disease, through the benign-tumours subtype for cancer and through
    # NCI's page for chemotherapy; smoking raises diabetic neuropathy only among people with diabetes, so it does
    # not lift diabetes above injury
    assert lines[-2] == "['Injury and trauma', 'Diabetes', 'Heavy alcohol use'] 6"  # the best 3 of 6
