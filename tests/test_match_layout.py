"""`match` on a terminal: the results first, then the disclaimer and when to get medical help in a few lines,
pointing to where they are in full; every other format keeps them first, whole. Nothing met: a line or two."""

from __future__ import annotations

import os
import sys
from typing import Any

import pytest
import yaml
from conftest import BUNDLED, SGR, invoke, ok

from neuroleg.db.cache import open_store
from neuroleg.domain.match import match_causes
from neuroleg.render import render
from neuroleg.render.terminal import Terminal
from neuroleg.views.document import Fields, Para, Title
from neuroleg.views.match import match_view
from neuroleg.views.notes import match_disclaimer, match_short

MATCH_DISCLAIMER, MATCH_SHORT = match_disclaimer("leg pain"), match_short("leg pain")  # the bundled file's

MEDICAL_HELP: dict[str, Any] = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))["medical_help"]
POINTER = (
    f"{MEDICAL_HELP['title']}: read it in full, each point with its page, in 'neuroleg overview' or the handout "
    "('neuroleg export')."
)
SHORT = " ".join(MATCH_SHORT.split())


def flat(text: str) -> str:
    return " ".join(SGR.sub("", text).split())


def advice_in(text: str) -> list[str]:
    """The medical-help points whose text `text` carries whole."""
    return [a["text"] for a in MEDICAL_HELP["advice"] if " ".join(a["text"].split()) in flat(text)]


def test_on_a_terminal_the_results_come_first_and_the_advice_right_after_them_in_a_few_lines() -> None:
    out = ok("match", "tingling", "-n", "2", "-f", "table", env={"COLUMNS": "80", "FORCE_COLOR": "1"})
    text = flat(out)
    assert text.startswith("Causes this reference links to what you gave Symptoms: tingling")
    first, more, note = text.index("1. Injury and trauma"), text.index("4 more causes"), text.index(SHORT)
    assert first < text.index("2. Diabetes") < more < note < text.index(POINTER) < text.index("Sources")
    assert advice_in(out) == [] and MATCH_DISCLAIMER not in text  # in short: the full text is elsewhere
    lines = SGR.sub("", out).splitlines()
    start = next(i for i, line in enumerate(lines) if "Educational, not diagnostic" in line)
    end = next(i for i, line in enumerate(lines) if line.startswith("Sources"))
    assert end - start <= 7  # a few lines, not the section's ~25


def test_where_the_pointer_points_has_the_advice_in_full() -> None:
    for command in (["overview"], ["export"]):
        assert len(advice_in(ok(*command))) == len(MEDICAL_HELP["advice"]), command


@pytest.mark.parametrize("fmt", ["plain", "markdown", "html"])
def test_other_text_formats_keep_the_disclaimer_and_the_whole_advice_first(fmt: str) -> None:
    out = ok("match", "tingling", "-n", "2", "-f", fmt)
    text = flat(out.replace("**", ""))
    assert len(advice_in(out)) == len(MEDICAL_HELP["advice"])
    assert text.index("Educational, not diagnostic") < text.index(MEDICAL_HELP["title"]) < text.index("Injury")
    assert POINTER not in text


def test_machine_formats_keep_the_advice_first() -> None:
    assert list(yaml.safe_load(ok("match", "tingling", "-f", "json")))[:2] == ["disclaimer", "medical_help"]
    assert ok("match", "tingling", "-f", "csv").startswith("note,medical_help,")


def test_the_view_keeps_one_order_for_documents_and_another_for_the_screen() -> None:
    view = match_view(match_causes(open_store(BUNDLED, cache=None), ["tingling"], [], 2), 2)
    assert view.blocks[:2] == (Title("Causes this reference links to what you gave"), Para(MATCH_DISCLAIMER, note=True))
    assert view.screen is not None and view.screen[0] == view.blocks[0]
    assert Para(MATCH_SHORT, note=True) in view.screen and Para(MATCH_DISCLAIMER, note=True) not in view.screen
    pointer = next(b for b in view.screen if isinstance(b, Fields) and b.pairs[0][0] == MEDICAL_HELP["title"])
    assert f"{pointer.pairs[0][0]}: {pointer.pairs[0][1]}" == POINTER
    table = "".join(render(view, "table", Terminal(is_tty=False, color=False)))
    plain = "".join(render(view, "plain", Terminal(is_tty=False, color=False)))
    assert SHORT in flat(table) and SHORT not in flat(plain)


@pytest.mark.terminal
@pytest.mark.process
def test_a_real_terminal_gets_the_screen_layout() -> None:
    import pexpect  # type: ignore[import-untyped]  # here, not at the top: only a pseudo-terminal test needs it

    child = pexpect.spawn(
        sys.executable,
        ["-m", "neuroleg", "match", "tingling", "-n", "1", "--no-pager"],
        env={**os.environ, "TERM": "xterm"},
        encoding="utf-8",
        timeout=10,
        dimensions=(24, 100),
    )
    out = child.read()
    child.close()
    assert child.exitstatus == 0
    text = flat(out)
    assert text.index("1. Injury and trauma") < text.index(SHORT) < text.index(POINTER)


# nothing met: a line that says why and what lists the words it knows, and one on when to get medical help


def test_a_word_the_reference_does_not_know_gives_two_lines_and_exit_1() -> None:
    result = invoke("match", "zzz")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        "neuroleg: 'zzz' is not in this reference, and nothing in it is close; see 'neuroleg symptoms' for the "
        "words it knows",
        POINTER,
    ]


def test_a_close_word_still_gets_its_suggestion() -> None:
    result = invoke("match", "itchx", "feet")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "neuroleg: 'itchx' is not in this reference, and nothing in it is close; see 'neuroleg symptoms' for the "
        "words it knows",
        "'feet': a part of the body, not a symptom; say what you feel there",
        POINTER,
    ]


def test_a_general_symptom_alone_says_so_in_its_own_line() -> None:
    result = invoke("match", "feet")
    lines = result.stderr.splitlines()
    assert result.exit_code == 1 and lines[0].startswith("neuroleg: no cause in this reference is linked")
    assert lines[-1] == POINTER and len(lines) <= 3
