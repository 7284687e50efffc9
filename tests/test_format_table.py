"""The terminal table (Rich): when it is chosen, colour and NO_COLOR, and every word kept within the width."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import BOX, READING_COMMANDS, SGR, generated_kb, ok


def colour_codes(text: str) -> list[int]:
    """The SGR parameters that set a foreground or background colour."""
    codes = [int(p) for params in SGR.findall(text) for p in params.split(";") if p]
    return [c for c in codes if 30 <= c <= 49 or 90 <= c <= 107]


def visible_lines(text: str) -> list[str]:
    return SGR.sub("", text).splitlines()


def words(text: str) -> list[str]:
    return re.findall(r"\w+", BOX.sub(" ", text))


# when the table is chosen, and its colour


def test_force_color_makes_the_default_a_coloured_table() -> None:
    out = ok("causes", env={"FORCE_COLOR": "1"})
    assert "\x1b[" in out
    assert "─" in out


def test_force_color_table_uses_colour() -> None:
    assert colour_codes(ok("show", "diabetes", env={"FORCE_COLOR": "1"}))


def test_no_color_wins_over_force_color() -> None:
    out = ok("show", "diabetes", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert colour_codes(out) == []
    assert "\x1b[3" not in out and "\x1b[9" not in out


def test_no_color_keeps_the_table_layout() -> None:
    assert "─" in ok("causes", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})


def test_term_dumb_gives_no_escape_codes() -> None:
    for args in (("causes",), ("show", "diabetes"), ("stats",)):  # even when colour is forced
        assert "\x1b" not in ok(*args, env={"FORCE_COLOR": "1", "TERM": "dumb"}), args


def test_table_asked_for_in_a_pipe_has_no_escape_codes() -> None:
    out = ok("causes", "-f", "table")
    assert "\x1b" not in out
    assert "Diabetes" in out


# Rich within the terminal's width


# a web address longer than the line is kept whole, to be copied: alone on its line, with what encloses it
LONE_ADDRESS = re.compile(r"\s*\(?https?://\S+")


@pytest.mark.parametrize("width", [60, 80])
@pytest.mark.parametrize("args", READING_COMMANDS, ids=" ".join)
def test_terminal_output_fits_the_width(args: tuple[str, ...], width: int) -> None:
    out = ok(*args, env={"FORCE_COLOR": "1", "COLUMNS": str(width)})
    too_wide = [line for line in visible_lines(out) if len(line) > width]
    assert [line for line in too_wide if not LONE_ADDRESS.fullmatch(line.rstrip())] == []


@pytest.mark.parametrize("args", [("sources",), ("overview",)], ids=" ".join)
def test_terminal_output_keeps_a_web_address_longer_than_the_line_whole(args: tuple[str, ...]) -> None:
    out = ok(*args, env={"FORCE_COLOR": "1", "COLUMNS": "60"})
    addresses = [word.strip("()") for line in visible_lines(out) for word in line.split() if "://" in word]
    long = [a for a in addresses if len(a) > 60]
    assert long  # the NIH pages that say NINDS and NCI are its parts, the medical-help pages
    assert all(a.startswith(("https://", "http://")) and not a.endswith("-") for a in long)
    documented = json.dumps(json.loads(ok(*args, "-f", "json")))
    assert [a for a in long if f'"{a}"' not in documented] == []  # each one exactly as the data gives it


@pytest.mark.parametrize("width", [60, 80])
@pytest.mark.parametrize(
    "cause", ["injury", "diabetes", "alcohol", "kidney-disease", "multiple-sclerosis", "cancer", "chemotherapy",
              "post-surgical"],
)  # fmt: skip
def test_terminal_show_loses_no_word_of_the_summary_or_mechanism(cause: str, width: int) -> None:
    record = json.loads(ok("show", cause, "-f", "json"))
    text = " ".join(SGR.sub("", ok("show", cause, env={"FORCE_COLOR": "1", "COLUMNS": str(width)})).split())
    assert " ".join(record["summary"].split()) in text
    assert " ".join(record["mechanism"].split()) in text


@pytest.mark.parametrize("width", [60, 80])
def test_terminal_compare_loses_no_word(width: int) -> None:
    compared = json.loads(ok("compare", "diabetes", "alcohol", "chemo", "-f", "json"))
    shown = set(words(SGR.sub("", ok("compare", "diabetes", "alcohol", "chemo",
                                     env={"FORCE_COLOR": "1", "COLUMNS": str(width)}))))  # fmt: skip
    expected = {w for c in compared for w in words(f"{c['name']} {c['category_name']} {c['mechanism']}")}
    assert expected - shown == set()
    assert {"Metabolic", "Toxic", "Treatment"} <= shown  # the categories by name, not by id


@pytest.mark.parametrize("width", [60, 80])
def test_terminal_stats_loses_no_figure_population_or_source(width: int) -> None:
    stats = json.loads(ok("stats", "-f", "json"))
    out = SGR.sub("", ok("stats", env={"FORCE_COLOR": "1", "COLUMNS": str(width)}))
    expected = {w for s in stats for w in words(f"{s['figure']} {s['population']} {s['source_name']} {s['label']}")}
    assert expected - set(words(out)) == set()
    assert all(s["figure"] in out for s in stats)


@pytest.mark.parametrize("width", [60, 80])
def test_terminal_symptoms_loses_no_symptom_or_cause(width: int) -> None:
    listed = json.loads(ok("symptoms", "-f", "json"))
    out = SGR.sub("", ok("symptoms", env={"FORCE_COLOR": "1", "COLUMNS": str(width)}))
    expected = {w for s in listed for w in words(" ".join([s["name"], *(c["name"] for c in s["causes"])]))}
    assert expected - set(words(out)) == set()


@pytest.mark.parametrize("width", [60, 80])
def test_terminal_causes_keeps_every_name_and_key_figure(width: int) -> None:
    out = SGR.sub("", ok("causes", env={"FORCE_COLOR": "1", "COLUMNS": str(width)}))
    for cause in json.loads(ok("causes", "-f", "json")):
        expected = words(f"{cause['name']} {cause['category_name']}")
        expected += words(cause["headline"]["figure"]) if cause["headline"] else []
        assert set(expected) <= set(words(out)), cause["id"]
    assert "Tumours" in words(out)  # cancer's category by its name (its id is 'cancer')


@pytest.mark.parametrize("width", [80, 100])
def test_a_narrow_column_widens_to_keep_its_longest_word_whole(width: int) -> None:
    # 'Chemotherapy-induced' is 20 letters: at a sixth of the width the subject column cut it in two
    out = SGR.sub("", ok("codes", env={"FORCE_COLOR": "1", "COLUMNS": str(width)}))
    assert "Chemotherapy-induced" in out
    assert all(len(line) <= width for line in out.splitlines())


@pytest.mark.parametrize("width", [54, 56])
def test_a_narrow_column_keeps_its_width_when_its_longest_word_would_not_fit_a_third(width: int) -> None:
    # 'Chemotherapy-induced' needs 20 columns of 18: widening the subjects would only squeeze the codes
    out = SGR.sub("", ok("codes", env={"FORCE_COLOR": "1", "COLUMNS": str(width)}))
    assert " Chemotherapy  " in out or " Chemotherapy\n" in out  # folded at its sixth, 12 columns
    assert "polyneuropathy," in out


def test_a_word_longer_than_a_third_of_the_width_is_folded_in_a_narrow_column(write_kb: Callable[..., Path]) -> None:
    long_word = "Pneumonoultramicroscopicsilicovolcanoconiosis"  # 45 letters: more than a third of 100 columns

    def rename(doc: dict[str, Any]) -> None:
        doc["causes"][0]["name"] = f"{long_word} injury"

    out = SGR.sub("", ok("causes", "--data", str(write_kb(rename)), env={"FORCE_COLOR": "1", "COLUMNS": "100"}))
    first = re.search(r"Pneumono\w*", out)
    assert first is not None and len(first.group()) == 100 // 6  # the column's own width
    assert "".join(re.findall(r"^ *(\S+)", out[first.start() :], re.M)[:3]).startswith(long_word)  # nothing lost


# how a symptom reaches a cause, in the terminal table: directly, through a subtype, or through a form of neuropathy

# a form whose page gives the symptom says so, once, beside the form: NIH's for diabetic, NCI's for
# chemotherapy-induced, NINDS's for peripheral neuropathy's last two; a cause that a page says leads to a form
# says that page (NIDDK's, for diabetes and peripheral neuropathy)
FORMS_IN_GENERAL = (
    "Peripheral neuropathy in general; Diabetic neuropathy in general (NIH's page); "
    "Chemotherapy-induced neuropathy in general (NCI's page); "
)
NUMBNESS = (
    FORMS_IN_GENERAL + "Injury and trauma (through peripheral neuropathy); Diabetes (through diabetic neuropathy); "
    "Heavy alcohol use (through peripheral neuropathy); Kidney disease (through peripheral neuropathy); "
    "Chemotherapy (through chemotherapy-induced neuropathy)"
)
TINGLING = (  # injury lists tingling as its own: no 'through'; cancer brings it through a subtype
    FORMS_IN_GENERAL + "Injury and trauma; Diabetes (through diabetic neuropathy); "
    "Heavy alcohol use (through peripheral neuropathy); Kidney disease (through peripheral neuropathy); "
    "Cancer and tumours (its subtype Benign tumours and lumps); Chemotherapy (through chemotherapy-induced neuropathy)"
)
LEG_PAIN = (  # NIH's page gives leg pain for diabetic neuropathy; every cause has it as its own symptom
    "Diabetic neuropathy in general (NIH's page); Injury and trauma; Diabetes; Heavy alcohol use; "
    "Kidney disease; Multiple sclerosis; Cancer and tumours; Chemotherapy; Post-surgical neuropathy"
)
THROUGH_PERIPHERAL = (
    "Injury and trauma (through peripheral neuropathy); "
    "Diabetes (through peripheral neuropathy; NIDDK's page says it leads there); "
    "Heavy alcohol use (through peripheral neuropathy); Kidney disease (through peripheral neuropathy)"
)
BURNING_PAIN = (
    "Peripheral neuropathy in general (NINDS's page); "
    "Chemotherapy-induced neuropathy in general (NCI's page); "
    + THROUGH_PERIPHERAL
    + "; Chemotherapy (through chemotherapy-induced neuropathy)"
)
LOSS_OF_BALANCE = (  # the last row: a symptom only NCI's page gives
    "Chemotherapy-induced neuropathy in general (NCI's page); Chemotherapy (through chemotherapy-induced neuropathy)"
)


def column(out: str, name: str, next_name: str | None = None) -> str:
    """The text of one column of a Rich table, its cells one after the other, whitespace squeezed."""
    lines = visible_lines(out)
    header = next(i for i, line in enumerate(lines) if re.search(rf"\b{name}\b", line) and "─" not in line)
    start = re.search(rf"\b{name}\b", lines[header]).start()  # type: ignore[union-attr]
    end = lines[header].index(next_name) if next_name else None
    body = []
    for line in lines[header + 2 :]:  # below the rule under the header, down to the blank line after the table
        if not line.strip():
            break
        body.append(line[start:end])
    return " ".join(" ".join(body).split())


def cards(out: str) -> list[dict[str, str]]:
    """A grid laid out as cards (one per row, on a narrow terminal): each card's labels with their text."""
    found = []
    for card in re.split(r"\n\s*\n", "\n".join(visible_lines(out))):
        fields: dict[str, list[str]] = {}
        label = ""
        for line in card.splitlines():
            head = re.match(r"(\w[\w ]*):\s", line)
            if head:
                label = head.group(1)
                line = line[head.end() :]
            if label:
                fields.setdefault(label, []).append(line)
        if fields:
            found.append({k: " ".join(" ".join(v).split()) for k, v in fields.items()})
    return found


def test_terminal_symptoms_table_says_which_cause_a_symptom_reaches_through_a_form() -> None:
    out = ok("symptoms", env={"FORCE_COLOR": "1", "COLUMNS": "120"})
    assert BOX.search(out)  # a table, not cards
    causes = column(out, "Causes")
    assert f"{NUMBNESS} {TINGLING}" in causes  # the first two rows, in order
    assert f"{LEG_PAIN} {BURNING_PAIN} {LOSS_OF_BALANCE}" in causes  # leg pain: every cause's own, none through
    assert causes.endswith(LOSS_OF_BALANCE)  # the last row: the new symptom only NCI's page gives
    symptoms = column(out, "Symptom", "Causes")
    assert symptoms == " ".join(s["name"] for s in json.loads(ok("symptoms", "-f", "json")))


def test_terminal_symptoms_cards_say_which_cause_a_symptom_reaches_through_a_form() -> None:
    out = ok("symptoms", env={"FORCE_COLOR": "1", "COLUMNS": "35"})
    assert not BOX.search(out)  # too narrow for the table: a card per symptom
    found = {card["Symptom"]: card["Causes"] for card in cards(out) if "Symptom" in card}
    assert (found["Numbness"], found["Tingling"], found["Leg pain"]) == (NUMBNESS, TINGLING, LEG_PAIN)
    # muscle weakness: no longer post-surgical's own symptom (the study's one patient); NINDS' page gives it
    # for peripheral neuropathy. Diabetes leads there by NIDDK's page, not the article: its cell names that page
    # as 'symptoms diabetes' does
    assert found["Muscle weakness"] == "Peripheral neuropathy in general (NINDS's page); " + (THROUGH_PERIPHERAL)
    assert found["Sudden severe pain"] == "Diabetes (its subtype Diabetic amyotrophy)"


# who gives each: the article, or an organisation's page (its title in quotes, then its series)
ARTICLE = "the Nevada Pain article"  # by its publisher in a line; in full in the list of sources
NINDS_PAGE = (
    'NINDS, "NINDS Peripheral Neuropathy Information Page", condensed from the Peripheral Neuropathy Fact Sheet'
)
NIH_PAGE = 'NIH, "Diabetic Neuropathies: The Nerve Damage of Diabetes", National Diabetes Information Clearinghouse'
NIDDK_PAGE = 'NIDDK, "Peripheral Neuropathy", Nerve Damage (Diabetic Neuropathies)'


def through_form(form: str, symptom_by: str, link_by: str = "") -> str:
    """What a symptom comes through: the form, who gives the symptom, and who says the cause leads there (a page)."""
    link = f"; that it can lead there: {link_by}" if link_by else ""
    return f"{form}, which it can lead to (the symptom: {symptom_by}{link})"


PERIPHERAL_BY_ARTICLE = (
    "Sharp pain",
    "Pain that is worse at night",
    "Pain when walking",
    "Weakness when walking",
    "Sensitivity to touch",
)
PERIPHERAL_BY_NINDS = ("Muscle weakness", "Burning pain")
THROUGH_SUBTYPE = "its subtype Diabetic amyotrophy"
# each cause's symptoms in order, and what each comes through ("" for the cause's own)
THROUGH = {
    "alcohol": [("Leg pain", "")]
    + [(name, through_form("Peripheral neuropathy", ARTICLE))
       for name in ("Numbness", "Tingling", *PERIPHERAL_BY_ARTICLE)]
    + [(name, through_form("Peripheral neuropathy", NINDS_PAGE)) for name in PERIPHERAL_BY_NINDS],
    "injury": [("Leg pain", ""), ("Tingling", "")]
    + [(name, through_form("Peripheral neuropathy", ARTICLE)) for name in ("Numbness", *PERIPHERAL_BY_ARTICLE)]
    + [(name, through_form("Peripheral neuropathy", NINDS_PAGE)) for name in PERIPHERAL_BY_NINDS],
    # diabetes reaches numbness and tingling through diabetic neuropathy (NIH's page gives them), the rest through
    # peripheral neuropathy, which NIDDK's page (not the article) says it can lead to
    "diabetes": [("Leg pain", ""), ("Sudden severe pain", THROUGH_SUBTYPE), ("Difficulty standing up", THROUGH_SUBTYPE),
                 ("Weak thigh muscles", THROUGH_SUBTYPE)]
    + [(name, through_form("Diabetic neuropathy", NIH_PAGE)) for name in ("Numbness", "Tingling")]
    + [(name, through_form("Peripheral neuropathy", ARTICLE, NIDDK_PAGE)) for name in PERIPHERAL_BY_ARTICLE]
    + [(name, through_form("Peripheral neuropathy", NINDS_PAGE, NIDDK_PAGE)) for name in PERIPHERAL_BY_NINDS],
}  # fmt: skip


@pytest.mark.parametrize("cause", list(THROUGH))
def test_terminal_symptoms_of_a_cause_say_what_each_comes_through(cause: str) -> None:
    wide = ok("symptoms", cause, env={"FORCE_COLOR": "1", "COLUMNS": "120"})
    assert column(wide, "Through") == " ".join(through for _, through in THROUGH[cause] if through)
    narrow = ok("symptoms", cause, env={"FORCE_COLOR": "1", "COLUMNS": "53"})  # cards: an empty cell is left out
    assert [(c["Symptom"], c.get("Through", "")) for c in cards(narrow) if "Symptom" in c] == THROUGH[cause]


# a known bug, recorded so that it is seen (and this test flips when it is fixed)


def test_compare_cards_keep_every_value_when_a_name_is_wider_than_the_terminal(write_kb: Callable[..., Path]) -> None:
    long_name = "Diabetes mellitus and other disorders of blood sugar control"  # 60 characters: a plain, valid name

    def rename(doc: dict[str, Any]) -> None:
        next(c for c in doc["causes"] if c["id"] == "diabetes")["name"] = long_name

    out = ok("compare", "diabetes", "alcohol", "chemo", "--data", str(write_kb(rename)),
             env={"FORCE_COLOR": "1", "COLUMNS": "60"})  # fmt: skip
    assert not BOX.search(out)  # cards: four columns do not fit 60
    shown = set(words(SGR.sub("", out)))
    assert {"Category", "Mechanism", "Metabolic", "Toxic", "Treatment", "glucose"} <= shown


# a big table: laid out in one pass, not by Rich, and still fitted to the terminal


@pytest.fixture(scope="module")
def big_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_kb(tmp_path_factory.mktemp("big") / "big.json", 400)  # above render.table.BIG_TABLE_ROWS


@pytest.mark.parametrize("width", [60, 100, 160])
def test_a_big_table_fits_the_terminal_and_keeps_every_row(big_kb: Path, width: int) -> None:
    out = ok("causes", "--data", str(big_kb), env={"FORCE_COLOR": "1", "COLUMNS": str(width)})
    lines = SGR.sub("", out).splitlines()
    assert max(len(line) for line in lines) <= min(width, 120)
    header = next(i for i, line in enumerate(lines) if line.startswith("Cause "))
    assert lines[header].split() == ["Cause", "Category", "Key", "figure", "Summary"]
    assert set(lines[header + 1].replace(" ", "")) == {"─"}
    causes = json.loads(ok("causes", "--data", str(big_kb), "-f", "json"))
    text = " ".join(" ".join(lines).split())
    assert text.count("Generated ") == sum(c["name"].startswith("Generated ") for c in causes)
    if width >= 100:  # wide enough for "Generated N" on one line of its cell: the first row and the last
        for cause in (causes[0], causes[-1]):
            assert " ".join(cause["name"].split()[:2]) in text


def test_a_big_table_is_styled_only_where_colour_is_allowed(big_kb: Path) -> None:
    coloured = ok("causes", "--data", str(big_kb), env={"FORCE_COLOR": "1", "COLUMNS": "100"})
    assert "\x1b[1mCause " in coloured  # a bold header
    plain_terminal = ok("causes", "--data", str(big_kb), env={"FORCE_COLOR": "1", "NO_COLOR": "1", "COLUMNS": "100"})
    assert "\x1b" not in plain_terminal and "Cause " in plain_terminal


def test_a_big_table_shows_hostile_text_as_text(tmp_path: Path) -> None:
    doc = json.loads(generated_kb(tmp_path / "big.json", 400).read_text(encoding="utf-8"))
    doc["causes"][-1]["summary"] = "Poison \x1b]0;owned\x07 and [bold]markup[/bold] end."
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps(doc), encoding="utf-8")
    out = ok("causes", "--data", str(hostile), env={"FORCE_COLOR": "1", "COLUMNS": "160"})
    assert "\x1b]0;" not in out and "\x07" not in out
    assert "Poison ^[]0;owned^G and [bold]markup[/bold] end." in " ".join(SGR.sub("", out).split())
