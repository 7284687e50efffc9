"""Plain and Markdown output compared byte for byte with files under tests/golden/.

After an intended change of wording or layout, regenerate them and review the diff:
    NEUROLEG_UPDATE_GOLDEN=1 pytest tests/test_golden.py
A run that rewrites a file reports that test as skipped, never as passed: it compared nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import invoke

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("NEUROLEG_UPDATE_GOLDEN") == "1"

CASES: dict[str, tuple[str, ...]] = {
    "show-diabetes": ("show", "diabetes", "-f", "plain"),
    "show-diabetes-markdown": ("show", "diabetes", "-f", "markdown"),
    "show-injury": ("show", "injury", "-f", "plain"),
    "causes": ("causes", "-f", "plain"),
    "stats": ("stats", "-f", "plain"),
    "symptoms": ("symptoms", "-f", "plain"),
    "symptoms-injury": ("symptoms", "injury", "-f", "plain"),
    "sources": ("sources", "-f", "plain"),
    "overview": ("overview", "-f", "plain"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_matches_its_golden_file(name: str) -> None:
    result = invoke(*CASES[name], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    golden = GOLDEN / f"{name}.txt"
    if UPDATE:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(result.stdout, encoding="utf-8", newline="")
        pytest.skip(f"rewrote {golden.name}: review the diff, then run again without NEUROLEG_UPDATE_GOLDEN")
    assert golden.exists(), f"no {golden.name}: run NEUROLEG_UPDATE_GOLDEN=1 pytest tests/test_golden.py"
    assert result.stdout == golden.read_bytes().decode("utf-8")


def test_plain_is_also_the_default_of_each_golden_command() -> None:
    for name, args in CASES.items():
        if args[-1] == "plain":
            default = invoke(*args[:-2], env={"COLUMNS": "80"})
            assert default.stdout == (GOLDEN / f"{name}.txt").read_bytes().decode("utf-8"), name


def test_every_golden_file_belongs_to_a_case() -> None:
    assert sorted(p.stem for p in GOLDEN.glob("*.txt")) == sorted(CASES)


def test_updating_rewrites_the_file_and_is_reported_as_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(globals(), "UPDATE", True)
    monkeypatch.setitem(globals(), "GOLDEN", tmp_path / "golden")
    with pytest.raises(pytest.skip.Exception, match=r"rewrote causes\.txt"):
        test_output_matches_its_golden_file("causes")
    assert (tmp_path / "golden" / "causes.txt").read_bytes() == (GOLDEN / "causes.txt").read_bytes()
