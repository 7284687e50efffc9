"""Plain text, the default format off a terminal: the same as `-f plain`, with no escape codes or box drawing."""

from __future__ import annotations

import random
import re
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import BOX, READING_COMMANDS, ok

from neuroleg.render.plain import _wrap


def test_plain_is_the_default_when_stdout_is_not_a_terminal() -> None:
    assert ok("show", "diabetes") == ok("show", "diabetes", "-f", "plain")


@pytest.mark.parametrize("args", READING_COMMANDS, ids=" ".join)
def test_plain_output_has_no_escape_codes_or_box_drawing(args: tuple[str, ...]) -> None:
    out = ok(*args)
    assert "\x1b" not in out
    assert not BOX.search(out)


# a web address is one word: wrapping never breaks it, at a space, a hyphen or the edge


def addresses(bundled_doc: dict[str, Any], command: str) -> list[str]:
    """The web addresses longer than a narrow line that each command prints, from the file."""
    if command == "sources":
        found = [o["url"] for o in bundled_doc["organisations"]] + [
            o["part_of_source"] for o in bundled_doc["organisations"] if "part_of_source" in o
        ]
    else:  # overview and match: where to get medical help
        found = [a["url"] for a in bundled_doc["medical_help"]["advice"]]
    return [url for url in found if len(url) > 40]


@pytest.mark.parametrize("width", ["40", "80"])
@pytest.mark.parametrize("args", [("overview",), ("sources",), ("match", "numbness")], ids=" ".join)
def test_plain_output_keeps_a_long_web_address_whole_on_one_line(
    args: tuple[str, ...], width: str, bundled_doc: dict[str, Any]
) -> None:
    lines = ok(*args, env={"COLUMNS": width}).splitlines()
    urls = addresses(bundled_doc, args[0])
    assert any(len(url) > int(width) for url in urls)  # an address longer than the line is there to keep whole
    for url in urls:
        # the line that holds the address as a word of its own (an archived copy's address may hold it too)
        holding = [line for line in lines if url in (word.strip("():,") for word in line.split())]
        assert holding, url  # whole, on one line
        assert all(line.strip().strip("()") == url for line in holding if len(line) > int(width)), url
    # every other line keeps to the width: only a word longer than the line passes it
    assert [line for line in lines if len(line) > int(width) and len(line.split()) > 1] == []


# how a symptom reaches a cause, one line per row

FORMS_IN_GENERAL = (  # a form whose page gives the symptom says so, once: NIH's, NCI's
    "Peripheral neuropathy in general; Diabetic neuropathy in general (NIH's page); "
    "Chemotherapy-induced neuropathy in general (NCI's page); "
)
ROWS = {
    "Numbness": FORMS_IN_GENERAL + "Injury and trauma (through peripheral neuropathy); "
    "Diabetes (through diabetic neuropathy); "
    "Heavy alcohol use (through peripheral neuropathy); Kidney disease (through peripheral neuropathy); "
    "Chemotherapy (through chemotherapy-induced neuropathy)",
    "Tingling": FORMS_IN_GENERAL + "Injury and trauma; Diabetes (through diabetic neuropathy); "
    "Heavy alcohol use (through peripheral neuropathy); Kidney disease (through peripheral neuropathy); "
    "Cancer and tumours (its subtype Benign tumours and lumps); "
    "Chemotherapy (through chemotherapy-induced neuropathy)",
    "Sharp pain": "Peripheral neuropathy in general; Injury and trauma (through peripheral "
    "neuropathy); Diabetes (through peripheral neuropathy; NIDDK's page says it leads there); "
    "Heavy alcohol use (through peripheral neuropathy); Kidney disease (through peripheral neuropathy)",
    "Loss of balance": "Chemotherapy-induced neuropathy in general (NCI's page); "
    "Chemotherapy (through chemotherapy-induced neuropathy)",
}


def test_plain_symptoms_rows_say_which_cause_a_symptom_reaches_through_a_form() -> None:
    rows = {line.split("  ")[0]: line for line in ok("symptoms").splitlines()}
    for symptom, causes in ROWS.items():
        assert re.fullmatch(rf"{symptom} +{re.escape(causes)}", rows[symptom]), symptom


def test_plain_symptoms_of_a_cause_say_what_each_comes_through() -> None:
    table = ok("symptoms", "injury").split("\nHPO terms")[0]  # the table, not the HPO terms under it
    rows = [re.split(r"  +", line) for line in table.splitlines() if "  " in line]
    assert rows[0] == ["Symptom", "Description", "Through"]
    assert rows[1:3] == [["Leg pain", "Nerve pain in the leg or foot."], ["Tingling", "A tingling feeling."]]
    article = "the Nevada Pain article"  # by its publisher in a line; in full in the list of sources
    ninds = 'NINDS, "NINDS Peripheral Neuropathy Information Page", condensed from the Peripheral Neuropathy Fact Sheet'
    through = "Peripheral neuropathy, which it can lead to (the symptom: {})"
    assert rows[3] == ["Numbness", "Loss of feeling.", through.format(article)]
    # the article gives peripheral neuropathy's first symptoms, NINDS' page its last two
    assert [row[-1] for row in rows[3:]] == [through.format(article)] * 6 + [through.format(ninds)] * 2


def test_plain_fields_with_a_label_longer_than_the_line_say_it_once(write_kb: Callable[..., Path]) -> None:
    form = "Peripheral neuropathy of the feet, the legs, the hands and the arms in adults"  # a plain, valid name
    path = write_kb(lambda doc: doc["forms"][0].update(name=form))
    out = ok("show", "injury", "--data", str(path))
    # the labels: 'Symptoms of peripheral neuropathy of ... in general (WHO GIVES THEM)', one field for the
    # article's symptoms and one for NINDS' page's: each label said once
    assert out.count("in adults in general") == 2
    assert out.count("in adults in general (the Nevada Pain article)") == 1
    assert out.count('in adults in general (NINDS, "NINDS Peripheral Neuropathy Information Page",') == 1
    assert [line for line in out.splitlines() if len(line) > 80 and len(line.split()) > 1] == []


def test_quick_wrapping_lays_out_words_exactly_as_textwrap_does() -> None:
    rng = random.Random(16)
    for _ in range(20_000):  # words of every length (web addresses longer than a line among them), single spaces
        words = ["x" * rng.choice([1, 4, 13, 45, 120]) if rng.random() < 0.1 else rng.choice(["a", "to", "nerve-"])
                 for _ in range(rng.randint(0, 40))]  # fmt: skip
        text, width, indent = " ".join(words), rng.choice([10, 40, 41, 80, 100]), rng.choice(["", "  ", "    "])
        expected = textwrap.wrap(text, width, subsequent_indent=indent, break_on_hyphens=False, break_long_words=False)
        assert _wrap(text, width, indent) == (tuple(expected) or ("",)), (text, width, indent)
