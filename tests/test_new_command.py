"""`neuroleg new PATH`: a starter knowledge base that validates, holds every section, and never overwrites a file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from conftest import invoke, ok, run_neuroleg

from neuroleg.kb.schema import KnowledgeBase
from neuroleg.kb.starter import PLACEHOLDER, STARTER
from neuroleg.kb.validate import parse_knowledge_base


def test_new_writes_the_starter_and_says_how_to_check_it(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    assert ok("new", str(path)) == f"wrote {path}: fill it in, then run 'neuroleg validate {path}'\n"
    assert path.read_text(encoding="utf-8") == STARTER


def test_the_starter_validates(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    ok("new", str(path))
    result = invoke("validate", str(path))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith(f"{path}: valid: 1 causes, 0 subtypes")


def test_the_starter_has_every_section_of_the_format() -> None:
    doc = yaml.safe_load(STARTER)
    assert set(doc) == set(KnowledgeBase.model_fields) - {"hpo_synonyms"}  # HPO phrases only: said in the docs
    parse_knowledge_base(STARTER.encode(), "starter.yaml")  # and it is valid as written


def test_every_value_of_the_starter_is_a_marked_placeholder() -> None:
    # no facts: each text is a placeholder that says so, or an id, a key word of the format, or an example address
    doc = yaml.safe_load(STARTER)

    def texts(value: object) -> list[str]:
        if isinstance(value, str):
            return [value]
        if isinstance(value, dict):
            return [t for v in value.values() for t in texts(v)]
        if isinstance(value, list):
            return [t for v in value for t in texts(v)]
        return []

    for text in texts(doc):
        assert text.startswith(PLACEHOLDER) or text.startswith("https://example.org/") or text in {
            "page", "article", "what-it-is", "example-organisation", "example-category", "example-symptom",
            "example-cause", "example-term",
        }, text  # fmt: skip
    assert "#" in STARTER and STARTER.count("\n#") > 20  # notes on what goes where


def test_new_to_standard_output() -> None:
    assert ok("new", "-") == STARTER


def test_new_refuses_an_existing_file_and_leaves_it_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("mine\n", encoding="utf-8")
    os.chmod(path, 0o640)
    result = invoke("new", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"neuroleg: {path} already exists: it was left as it is (use --force to replace it)\n"
    assert path.read_text(encoding="utf-8") == "mine\n"
    assert os.stat(path).st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.yaml"]  # no temporary file left behind


def test_new_refuses_a_dangling_link(tmp_path: Path) -> None:
    link = tmp_path / "link.yaml"
    link.symlink_to(tmp_path / "nowhere")
    assert invoke("new", str(link)).exit_code == 2
    assert not (tmp_path / "nowhere").exists()


def test_new_force_replaces_the_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("mine\n", encoding="utf-8")
    ok("new", str(path), "--force")
    assert path.read_text(encoding="utf-8") == STARTER


def test_new_in_a_missing_folder_fails_cleanly(tmp_path: Path) -> None:
    result = invoke("new", str(tmp_path / "no" / "such" / "mine.yaml"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"neuroleg: cannot write {tmp_path / 'no' / 'such' / 'mine.yaml'}: ")
    assert "Traceback" not in result.stderr


@pytest.mark.process
def test_new_in_a_process_of_its_own(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    result = run_neuroleg("new", str(path))
    assert (result.returncode, result.stderr) == (0, "")
    assert path.read_text(encoding="utf-8") == STARTER
    again = run_neuroleg("new", str(path))
    assert again.returncode == 2
    assert again.stderr.endswith("already exists: it was left as it is (use --force to replace it)\n")


# the format's sketch in docs/knowledge-base.md ("In short") names every section and every required field it shows


def test_the_docs_sketch_names_every_section_and_the_required_fields_of_codes() -> None:
    from conftest import ROOT

    from neuroleg.kb.schema import Icd10Cm

    text = (ROOT / "docs" / "knowledge-base.md").read_text(encoding="utf-8")
    sketch = text.split("\n## In short\n", 1)[1].split("```yaml\n", 1)[1].split("\n```", 1)[0]
    sections = {line.split(":", 1)[0] for line in sketch.splitlines() if line[:1].isalpha()}
    assert sections == set(KnowledgeBase.model_fields)
    codes = sketch.split("      icd10cm:", 1)[1].split("      hpo:", 1)[0]
    required = {name for name, field in Icd10Cm.model_fields.items() if field.is_required()}
    assert required and all(f"\n        {name}:" in codes for name in required)
    assert "neuroleg new" in text and "docs/knowledge-base.md" in STARTER  # each points to the other
