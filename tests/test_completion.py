"""Tab completion through Typer's shell hook, and suggestions for a misspelt word of a longer name."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import invoke, run_neuroleg


def completed(words: str, **env: str) -> list[str]:
    """What bash completion offers for the command line `words` (the last word is the one being completed)."""
    parts = words.split(" ")
    hook = {"_NEUROLEG_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(parts) - 1)}
    result = invoke(env={**hook, **env})
    assert (result.exit_code, result.stderr) == (0, "")
    return result.stdout.split()


@pytest.mark.process
def test_a_cause_id_completes_from_its_start() -> None:
    # the one real process: the shell hook as bash calls it
    result = run_neuroleg(_NEUROLEG_COMPLETE="complete_bash", COMP_WORDS="neuroleg show dia", COMP_CWORD="2")
    # show takes a cause, a form of neuropathy or a glossary term: their ids complete
    expected = "diabetes\ndiabetic-neuropathy\ndiabetic-amyotrophy\n"
    assert (result.returncode, result.stdout, result.stderr) == (0, expected, "")


def test_an_alias_completes_where_no_id_starts_so() -> None:
    assert completed("neuroleg show tax") == ["taxol"]
    assert completed("neuroleg show chem") == ["chemotherapy", "chemotherapy-induced-neuropathy"]  # ids first


def test_every_command_that_takes_a_cause_completes_it() -> None:
    assert completed("neuroleg compare diabetes alc") == ["alcohol"]
    assert completed("neuroleg compare diabetes dia") == ["diabetes"]  # compare takes causes only: no form
    assert completed("neuroleg symptoms kid") == ["kidney-disease"]
    assert completed("neuroleg quiz --cause post") == ["post-surgical"]


def test_match_completes_symptom_terms_and_search_its_fields() -> None:
    assert completed("neuroleg match tin") == ["tingling"]
    assert completed("neuroleg search nerve --in sy") == ["symptoms"]
    assert "forms" in completed("neuroleg search nerve --in ")


def test_a_word_nothing_starts_with_completes_nothing() -> None:
    assert completed("neuroleg show zzz") == []


def test_a_broken_knowledge_base_completes_nothing_and_says_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 2\ncauses: [\n", encoding="utf-8")
    assert completed("neuroleg show dia", NEUROLEG_DATA=str(broken)) == []


def test_a_misspelt_word_of_a_longer_name_is_suggested_never_taken() -> None:
    result = invoke("show", "sclerosys")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "neuroleg: no cause named 'sclerosys'\ndid you mean: multiple sclerosis?\nrun 'neuroleg causes' to list them\n"
    )


def test_a_misspelt_subtype_word_suggests_the_subtype() -> None:
    result = invoke("show", "amyotrphy")
    assert result.exit_code == 1
    suggested = result.stderr.splitlines()[1].removeprefix("did you mean: ").rstrip("?").split(", ")
    assert "diabetic amyotrophy" in suggested and len(suggested) <= 3  # the subtype's name, as a reader writes it
    assert invoke("show", "diabetic amyotrophy", "-f", "json").exit_code == 0


def test_a_whole_misspelt_name_is_still_suggested_as_before() -> None:
    result = invoke("show", "diabtes")
    assert result.stderr.splitlines()[1] == "did you mean: diabetes, type 1 diabetes, type 2 diabetes?"
