"""Terminal safety: hostile text from the knowledge base or a path, in every command and format, is shown, not run.

Every text field of the bundled file gets a payload of Rich markup, ANSI and
OSC escape sequences, C1 controls, bidirectional overrides, zero-width and
other invisible format characters. Whatever the command and format, the
output holds none of those characters raw (JSON and YAML escape them, the
other formats show them as `^[`, `\\x9b`, `<U+202E>`), and markup prints as typed.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import typer.main
import yaml
from conftest import BOX, BUNDLED, SGR, invoke, ok, strings
from conftest import cause as cause_of
from typer.testing import Result

from neuroleg.cli.app import app
from neuroleg.render.sanitize import safe_line, safe_text

# every command and format, with every text of the knowledge base poisoned

PAYLOAD = (
    " [bold]B[/bold] [link=http://evil.example/]L[/link] [/]"
    " \x1b[31mR\x1b[0m \x1b[2J \x1b]0;T\x07 \x1b]8;;http://evil.example/\x1b\\H\x1b]8;;\x1b\\"
    " \x9b31mC \x07\x08\r\x7f"
    " \u202eRLO\u202c \u2066I\u2069 \u200e\u200f\u061c"
    " Z\u200bW\u200dJ\u2060\ufeff \u00adSHY \u180e \ufff9A\ufffb \U000e0041\U000e007f \u2028\u2029"
    " \ue000P\ue001"
)
# how a reader sees the payload in a text format: escapes in caret notation, C1 and format characters named,
# markup as typed (enough of each to survive a table cell's wrapping)
VISIBLE = ("^[[31mR", "^[]0;T^G", "\\x9b31mC", "<U+202E>RLO", "[bold]B", "[link=http")
# ids, references to ids, addresses and the words of a closed list: everything else in format 2 is text an editor writes
# (claims, risk factors and treatment notes are {text, ...} records now, so their text is reached like any other)
SKIP = {
    *("format", "id", "category", "credited", "raises", "about", "form", "symptom", "part_of", "related"),
    *("url", "part_of_source", "unit", "qualifier", "code", "fit"),  # a code's and a fit's forms are fixed
    *("page", "organisation", "read_at", "term", "title_from"),  # a page's id, owner, copy; an HPO id; a closed word
    "felt_in",  # regions and sides from closed lists, and a page id: no text an editor writes
}
PHRASE_SOURCES = {"article", "page", "hpo"}  # a phrase's `source` is one of these words; an advice's is text
TEXT_LISTS = {"aliases"}
HOSTILE_ADDRESS = "https://e.example/\x1b]8;;http://evil.example/\x07x\x9b2J"


def poison(value: Any, key: str = "") -> Any:
    """`value` with the payload after every piece of text an editor writes (ids and references left alone)."""
    if isinstance(value, dict):
        return {
            k: v if k in SKIP or (k == "source" and v in PHRASE_SOURCES) else poison(v, k) for k, v in value.items()
        }
    if isinstance(value, list):
        if key in TEXT_LISTS:
            return [f"{item}{PAYLOAD}" for item in value]
        return [poison(item) if isinstance(item, dict) else item for item in value]
    if isinstance(value, str):
        return f"{value}{PAYLOAD}"
    return value


@pytest.fixture(scope="module")
def poisoned_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled file with the payload in every text, and a cache for it shared by this module's tests."""
    doc = poison(yaml.safe_load(BUNDLED.read_text(encoding="utf-8")))
    doc["organisations"][0]["url"] = HOSTILE_ADDRESS
    doc["medical_help"]["advice"][0]["url"] = HOSTILE_ADDRESS
    path = tmp_path_factory.mktemp("hostile") / "kb.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def is_active(char: str) -> bool:
    """Could this character act on a terminal, or reorder or hide text?"""
    return char not in "\n\t" and unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp", "Cs"}


def as_read(fmt: str, out: str) -> str:
    """The text a reader sees: without our styling, Markdown's escapes, or HTML's tags and entities."""
    text = SGR.sub("", out)
    if fmt == "markdown":
        text = re.sub(r"\\(.)", r"\1", text)
    if fmt == "html":
        text = html.unescape(re.sub(r"<[^>]*>", "", text))
    return text


def reading_commands() -> dict[str, list[str]]:
    """Each command that reads a knowledge base, with arguments that find something in it."""
    arguments = {"show": ["diabetes"], "compare": ["diabetes", "alcohol"], "search": ["nerve"], "match": ["tingling"]}
    group = typer.main.get_command(app)
    out = {}
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        options = {opt for param in command.params for opt in getattr(param, "opts", [])}
        if "--data" in options and name != "validate":
            out[name] = arguments.get(name, [])
    out["symptoms NAME"] = ["diabetes"]
    return out


def formats(command: str) -> list[str]:
    group = typer.main.get_command(app)
    params = group.commands[command.split()[0]].params  # type: ignore[attr-defined]
    choice = next(p for p in params if "--format" in getattr(p, "opts", []))
    return [str(c) for c in choice.type.choices]


def offered(name: str, fmt: str) -> bool:
    """Does the command write this format? CSV is for lists, not one record; a handout is Markdown or HTML."""
    command = name.split()[0]
    if command == "export":
        return fmt in {"markdown", "html"}
    return not (fmt == "csv" and command in {"show", "overview"})


CASES = [(name, fmt) for name in reading_commands() for fmt in formats(name)]
SHOWN = [case for case in CASES if offered(*case)]
REFUSED = [case for case in CASES if not offered(*case)]
ENVIRONMENTS = ({}, {"FORCE_COLOR": "1", "COLUMNS": "100"})


def run_case(name: str, fmt: str, kb: Path, **env: str) -> Result:
    """`neuroleg NAME ARGS -f FMT --data KB`, with the cache beside the knowledge base."""
    args = [name.split()[0], *reading_commands()[name], "-f", fmt, "--data", str(kb)]
    return invoke(*args, env={"XDG_CACHE_HOME": str(kb.parent / "cache"), **env})


@pytest.mark.parametrize(("name", "fmt"), SHOWN, ids=[f"{n}-{f}" for n, f in SHOWN])
def test_hostile_text_reaches_no_terminal_raw(name: str, fmt: str, poisoned_kb: Path) -> None:
    for env in ENVIRONMENTS:
        result = run_case(name, fmt, poisoned_kb, **env)
        assert result.exit_code == 0, (result.stderr, repr(result.exception))
        shown = SGR.sub("", result.stdout)
        raw = sorted({f"U+{ord(c):04X}" for c in shown if is_active(c)})
        assert raw == [], (name, fmt, env, raw)
        if fmt in ("json", "yaml"):  # the payload kept exactly, in the format's own escapes
            data = json.loads(result.stdout) if fmt == "json" else yaml.safe_load(result.stdout)
            assert any(PAYLOAD in text for text in strings(data)), (name, fmt, env)
        else:  # the payload shown, escapes made visible and markup as typed
            missing = [visible for visible in VISIBLE if visible not in as_read(fmt, result.stdout)]
            assert missing == [], (name, fmt, env, missing)


@pytest.mark.parametrize(("name", "fmt"), REFUSED, ids=[f"{n}-{f}" for n, f in REFUSED])
def test_a_format_the_command_does_not_write_is_refused_with_nothing_on_stdout(
    name: str, fmt: str, poisoned_kb: Path
) -> None:
    for env in ENVIRONMENTS:
        result = run_case(name, fmt, poisoned_kb, **env)
        assert (result.exit_code, result.stdout) == (2, ""), (name, fmt, env, result.stderr)
        assert fmt in result.stderr or "not a list" in result.stderr, result.stderr


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_structured_output_keeps_hostile_text_exactly(fmt: str, poisoned_kb: Path) -> None:
    result = run_case("show", fmt, poisoned_kb)
    data = json.loads(result.stdout) if fmt == "json" else yaml.safe_load(result.stdout)
    assert data["summary"].endswith(PAYLOAD)
    assert data["name"] == f"Diabetes{PAYLOAD}"


@pytest.mark.parametrize("fmt", ["plain", "table", "markdown"])
def test_markup_in_the_data_prints_as_typed(fmt: str, poisoned_kb: Path) -> None:
    result = run_case("show", fmt, poisoned_kb, FORCE_COLOR="1" if fmt == "table" else "")
    text = SGR.sub("", result.stdout).replace("\\", "")  # Markdown escapes brackets
    assert "[bold]B[/bold]" in text
    assert "[link=http://evil.example/]L[/link]" in text


@pytest.mark.parametrize("fmt", ["plain", "table", "markdown", "csv"])
def test_escapes_in_the_data_are_shown_as_caret_and_code_point(fmt: str, poisoned_kb: Path) -> None:
    result = run_case("causes", fmt, poisoned_kb, FORCE_COLOR="1" if fmt == "table" else "")
    text = SGR.sub("", result.stdout)
    if fmt == "markdown":
        text = re.sub(r"\\(.)", r"\1", text)  # Markdown's own escapes of brackets and backslashes
    for visible in ("^[[31m", "^[]0;T^G", "\\x9b31m", "<U+202E>RLO", "Z<U+200B>W", "<U+E0041>", "<U+00AD>SHY"):
        assert visible in text, (visible, fmt)


# each text field of format 2, followed by the payload as a reader must see it, in each view that shows the field

# the payload in a text format, character by character: C0 controls in caret notation (DEL is ^?), C1 as \\x9b,
# format characters, separators and tags as <U+XXXX>, markup as typed (the private-use pair at its end aside)
PAYLOAD_SHOWN = (
    " [bold]B[/bold] [link=http://evil.example/]L[/link] [/]"
    " ^[[31mR^[[0m ^[[2J ^[]0;T^G ^[]8;;http://evil.example/^[\\H^[]8;;^[\\"
    " \\x9b31mC ^G^H^M^?"
    " <U+202E>RLO<U+202C> <U+2066>I<U+2069> <U+200E><U+200F><U+061C>"
    " Z<U+200B>W<U+200D>J<U+2060><U+FEFF> <U+00AD>SHY <U+180E> <U+FFF9>A<U+FFFB> <U+E0041><U+E007F> <U+2028><U+2029>"
)


def item_of(items: list[dict[str, Any]], item_id: str) -> dict[str, Any]:
    return next(i for i in items if i["id"] == item_id)


# (the command, the field, where the field's text is in the bundled file)
FIELDS: list[tuple[tuple[str, ...], str, Callable[[dict[str, Any]], str]]] = [
    (("show", "injury"), "claim", lambda d: cause_of(d, "injury")["claims"][0]["text"]),
    (("show", "injury"), "risk factor", lambda d: cause_of(d, "injury")["risk_factors"][1]["text"]),
    (("show", "injury"), "form evidence", lambda d: cause_of(d, "injury")["leads_to"][0]["evidence"]),
    (("show", "injury"), "form name", lambda d: item_of(d["forms"], "peripheral-neuropathy")["name"]),
    (("show", "chemotherapy"), "treatment", lambda d: cause_of(d, "chemotherapy")["treatment"][2]["text"]),
    (
        ("show", "diabetes"),
        "subtype risk factor",
        lambda d: cause_of(d, "diabetes")["subtypes"][0]["risk_factors"][0]["text"],
    ),
    (("show", "post-surgical"), "organisation name", lambda d: item_of(d["organisations"], "mayo-clinic")["name"]),
    (("sources",), "organisation name", lambda d: item_of(d["organisations"], "ninds")["name"]),
    (("sources",), "claim", lambda d: cause_of(d, "post-surgical")["claims"][1]["text"]),
    (("causes",), "category name", lambda d: item_of(d["categories"], "metabolic")["name"]),
    (("compare", "diabetes", "alcohol"), "category name", lambda d: item_of(d["categories"], "toxic")["name"]),
    (("compare", "diabetes", "alcohol"), "risk factor", lambda d: cause_of(d, "alcohol")["risk_factors"][0]["text"]),
    (("overview",), "medical-help title", lambda d: d["medical_help"]["title"]),
    (("overview",), "medical-help advice", lambda d: d["medical_help"]["advice"][2]["text"]),
    (("overview",), "medical-help source", lambda d: d["medical_help"]["advice"][3]["source"]),
    (("overview",), "medical-help summary", lambda d: d["medical_help"]["summary"]),
    (("match", "numbness"), "medical-help advice", lambda d: d["medical_help"]["advice"][1]["text"]),
    (("match", "numbness"), "medical-help title", lambda d: d["medical_help"]["title"]),
    (("match", "numbness"), "form evidence", lambda d: cause_of(d, "kidney-disease")["leads_to"][0]["evidence"]),
]
# A terminal table's cells wrap side by side, so a grid is read in its narrow layout, one card per row: the widest
# terminal that still stacks it (a grid of N columns stacks below 18 * N). Running text is read wide and narrow.
CARDS = {"causes": "71", "compare": "53", "symptoms": "35", "stats": "89"}
TABLE_WIDTHS = {"wide": "120", "narrow": "40"}
# on a terminal a match says when to get medical help in a line (its title) and points to the overview for the rest
NOT_ON_A_TERMINAL = {("match", "medical-help advice"), ("match", "medical-help source")}
CSV_FIELDS = {("sources", "organisation name"), ("sources", "claim"), ("causes", "category name"),
              ("compare", "category name"), ("compare", "risk factor"), ("match", "form evidence")}  # fmt: skip


def tables(command: str) -> list[str]:
    """The terminal layouts to read a command in: cards for a grid, wide and narrow for running text."""
    return ["table-cards"] if command in CARDS else ["table-wide", "table-narrow"]


def table_env(command: str, fmt: str) -> dict[str, str]:
    """`FORCE_COLOR` and the width for a `table-LAYOUT` case; nothing for the other formats."""
    if not fmt.startswith("table-"):
        return {}
    layout = fmt.removeprefix("table-")
    return {"FORCE_COLOR": "1", "COLUMNS": CARDS[command] if layout == "cards" else TABLE_WIDTHS[layout]}


def squeeze(text: str) -> str:
    return "".join(text.split())


def field_cases() -> list[Any]:
    cases = []
    for args, field, _ in FIELDS:
        csv_ = ["csv"] if (args[0], field) in CSV_FIELDS else []
        terminal = [] if (args[0], field) in NOT_ON_A_TERMINAL else tables(args[0])
        for fmt in ["plain", *terminal, "markdown", "html", *csv_, "json", "yaml"]:
            cases.append(pytest.param(args, field, fmt, id=f"{' '.join(args)}-{field}-{fmt}"))
    return cases


@pytest.mark.parametrize(("args", "field", "fmt"), field_cases())
def test_each_field_a_view_shows_carries_the_payload_shown_as_text(
    args: tuple[str, ...], field: str, fmt: str, poisoned_kb: Path
) -> None:
    text = next(get for a, f, get in FIELDS if (a, f) == (args, field))(yaml.safe_load(BUNDLED.read_text("utf-8")))
    env = {"XDG_CACHE_HOME": str(poisoned_kb.parent / "cache"), **table_env(args[0], fmt)}
    result = invoke(*args, "-f", fmt.partition("-")[0], "--data", str(poisoned_kb), env=env)
    assert result.exit_code == 0, result.stderr
    if fmt in ("json", "yaml"):  # the text and the payload, exactly, in the format's own escapes
        data = json.loads(result.stdout) if fmt == "json" else yaml.safe_load(result.stdout)
        assert any(f"{text}{PAYLOAD}" in value for value in strings(data)), (args, field)
    else:
        assert squeeze(text + PAYLOAD_SHOWN) in squeeze(as_read(fmt.partition("-")[0], result.stdout)), (args, field)


def test_every_format_character_is_shown_by_the_sanitizer() -> None:
    # every invisible format character, line and paragraph separator, of the Unicode version Python knows
    invisible = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) in {"Cf", "Zl", "Zp"}]
    assert [c for c in invisible if c in safe_text(c)] == []
    assert [c for c in invisible if c in safe_line(c)] == []


# characters that show nothing though not of Unicode's format category
@pytest.mark.parametrize("char", ["\u034f", "\u115f", "\u1160", "\u17b4", "\u3164", "\uffa0", "\ufe0f", "\U000e0100"])
def test_an_invisible_filler_or_selector_is_shown(char: str) -> None:
    assert safe_text(f"a{char}b") == f"a<U+{ord(char):04X}>b"


def test_search_marks_in_the_data_cannot_fake_a_match(write_kb: Callable[..., Path]) -> None:
    # the snippet marks matches with two private-use characters; the same characters in the data are not marks
    path = write_kb(lambda doc: doc["causes"][1].update(name="Diab\ue000etes\ue001 nerve"))
    result = invoke("search", "nerve", "--in", "name", "-f", "json", "--data", str(path))
    [hit] = json.loads(result.stdout)
    assert hit["snippet_marked"] == "Diab\ufffdetes\ufffd **nerve**"


# one cause, and what its views show beside it, poisoned with shorter text, format by format

HOSTILE = (
    "Markup [bold]x[/bold] and [link=http://evil]y[/link] and a lone [/bold] then "
    "\x1b]0;pwned\x07 title \x1b[31mred bell\x07 csi\x9b2J cr\rover bidi\u202eevil end"
)
# as it must look in text output: ESC and BEL in caret notation, C1 and format characters named
HOSTILE_SHOWN = (
    "Markup [bold]x[/bold] and [link=http://evil]y[/link] and a lone [/bold] then "
    "^[]0;pwned^G title ^[[31mred bell^G csi\\x9b2J cr^Mover bidi<U+202E>evil end"
)
HOSTILE_NAME = "Diab [bold]x[/bold] \x1b[31mred \u202eevil"
HOSTILE_NAME_SHOWN = "Diab [bold]x[/bold] ^[[31mred <U+202E>evil"
RAW_CONTROLS = ("\x1b", "\x07", "\x9b", "\u202e", "\r")
# the other fields get the hostile text after a label of their own, so a test can tell which field it reads
LABELS = {
    "claim": "Claim",
    "risk factor": "Risk",
    "form evidence": "Evidence",
    "organisation name": "Organisation",
    "category name": "Category",
    "medical-help advice": "Advice",
    "medical-help source": "Adviser",
}


def planted(field: str) -> str:
    """The hostile text written into a field of the knowledge base."""
    return {"name": HOSTILE_NAME, "summary": HOSTILE}.get(field) or f"{LABELS[field]}: {HOSTILE}"


def shown(field: str) -> str:
    """The same text as a text format must show it."""
    return {"name": HOSTILE_NAME_SHOWN, "summary": HOSTILE_SHOWN}.get(field) or f"{LABELS[field]}: {HOSTILE_SHOWN}"


@pytest.fixture
def hostile_kb(write_kb: Callable[..., Path]) -> Path:
    """Markup and control characters in diabetes' name, summary, a claim (credited to NINDS) and a risk factor,
    in the evidence of every form a cause leads to, NINDS' name, the metabolic category's name, and the first
    medical-help advice and its source."""

    def poison_fields(doc: dict[str, Any]) -> None:
        diabetes = cause_of(doc, "diabetes")
        diabetes.update(name=planted("name"), summary=planted("summary"))
        diabetes["claims"] = [{"text": planted("claim"), "credited": "ninds"}]
        diabetes["risk_factors"][0]["text"] = planted("risk factor")
        for cause in doc["causes"]:
            for link in cause.get("leads_to", []):
                link["evidence"] = planted("form evidence")
        item_of(doc["organisations"], "ninds")["name"] = planted("organisation name")
        item_of(doc["categories"], "metabolic")["name"] = planted("category name")
        doc["medical_help"]["advice"][0].update(
            text=planted("medical-help advice"), source=planted("medical-help source")
        )

    return write_kb(poison_fields)


# the fields each view shows in its text formats (plain, table, Markdown, HTML), and in its CSV
SHOWS: dict[tuple[str, ...], tuple[str, ...]] = {
    ("show", "diabetes"): ("name", "summary", "claim", "risk factor", "form evidence", "organisation name"),
    ("causes",): ("name", "summary", "category name"),
    ("compare", "diabetes", "alcohol"): ("name", "category name", "risk factor"),
    ("sources",): ("name", "claim", "organisation name"),
    ("symptoms",): ("name",),
    ("stats",): ("name",),
    ("overview",): ("name", "medical-help advice", "medical-help source"),
    ("match", "leg pain", "numbness"): ("name", "form evidence", "medical-help advice", "medical-help source"),
    ("export", "--cause", "diabetes"): ("name", "summary", "claim", "risk factor", "form evidence", "organisation name",
                                        "medical-help advice", "medical-help source"),
}  # fmt: skip
IN_CSV: dict[tuple[str, ...], tuple[str, ...]] = {
    ("causes",): ("name", "summary", "category name"),
    ("compare", "diabetes", "alcohol"): ("category name", "risk factor"),
    ("sources",): ("name", "claim", "organisation name"),
    ("symptoms",): ("name", "form evidence"),
    ("symptoms", "alcohol"): ("form evidence",),
    ("stats",): ("name",),
    ("match", "leg pain", "numbness"): ("name", "form evidence", "medical-help source"),
}


def text_cases() -> list[tuple[tuple[str, ...], str]]:
    """Each view with the text formats it is read in (a handout is Markdown or HTML only)."""
    cases = []
    for args in SHOWS:
        formats = ["markdown", "html"] if args[0] == "export" else ["plain", *tables(args[0]), "markdown", "html"]
        cases += [(args, fmt) for fmt in formats]
    return cases


@pytest.mark.parametrize(("args", "fmt"), text_cases(), ids=lambda v: " ".join(v) if isinstance(v, tuple) else v)
def test_hostile_text_shows_escaped_in_every_field_of_every_text_format(
    hostile_kb: Path, args: tuple[str, ...], fmt: str
) -> None:
    out = ok(*args, "-f", fmt.partition("-")[0], "--data", str(hostile_kb), env=table_env(args[0], fmt))
    assert [c for c in RAW_CONTROLS if c in SGR.sub("", out)] == []
    if fmt == "table-cards":
        assert not BOX.search(out), "a grid laid out as a table, not as cards"
    read = squeeze(as_read(fmt.partition("-")[0], out))
    fields = [f for f in SHOWS[args] if not (fmt.startswith("table") and (args[0], f) in NOT_ON_A_TERMINAL)]
    assert [field for field in fields if squeeze(shown(field)) not in read] == []


@pytest.mark.parametrize("args", list(IN_CSV), ids=" ".join)
def test_hostile_text_is_whole_escaped_csv_cells(hostile_kb: Path, args: tuple[str, ...]) -> None:
    out = ok(*args, "-f", "csv", "--data", str(hostile_kb))
    assert [c for c in RAW_CONTROLS if c in out] == []
    cells = [cell for row in csv.reader(io.StringIO(out)) for cell in row]
    assert [field for field in IN_CSV[args] if not any(shown(field) in cell for cell in cells)] == []


@pytest.mark.parametrize("fmt", ["json", "yaml"])
@pytest.mark.parametrize("args", [args for args in SHOWS if args[0] != "export"], ids=" ".join)
def test_hostile_text_round_trips_through_structured_output(hostile_kb: Path, args: tuple[str, ...], fmt: str) -> None:
    out = ok(*args, "-f", fmt, "--data", str(hostile_kb))
    assert [c for c in RAW_CONTROLS if c in out] == []
    if fmt == "yaml":
        assert out.isascii()
    texts = list(strings(json.loads(out) if fmt == "json" else yaml.safe_load(out)))
    assert [field for field in SHOWS[args] if not any(planted(field) in text for text in texts)] == []


def test_hostile_text_shows_literally_in_plain(hostile_kb: Path) -> None:
    out = ok("show", "diabetes", "--data", str(hostile_kb), "-f", "plain")
    assert out.startswith(HOSTILE_NAME_SHOWN + "\n")
    claims = out[out.index("What the sources say") : out.index("How it damages nerves")]
    assert squeeze(f"- {shown('claim')} (NINDS)") in squeeze(claims)  # the claim, and the organisation it credits
    risks = out[out.index("Risk factors") : out.index("Statistics")]
    raised = "(It raises the risk of diabetic neuropathy among people with diabetes.)"
    assert squeeze(f"- {shown('risk factor')} {raised}") in squeeze(risks)
    forms = out[out.index("Forms of neuropathy it can lead to") : out.index("Risk factors")]
    assert squeeze(f"Diabetic neuropathy: {shown('form evidence')}") in squeeze(forms)
    sources = out[out.index("\nSources\n") :]
    assert squeeze(f"- {shown('organisation name')} (NINDS): https://www.ninds.nih.gov/") in squeeze(sources)


def test_hostile_text_shows_literally_in_a_plain_listing(hostile_kb: Path) -> None:
    row = next(line for line in ok("causes", "--data", str(hostile_kb)).splitlines() if line.startswith("Diab "))
    assert row.startswith(HOSTILE_NAME_SHOWN)
    assert f"  {shown('category name')}  60-70% of people with diabetes" in row
    assert row.endswith(HOSTILE_SHOWN)


def test_hostile_text_is_escaped_markdown_in_markdown(hostile_kb: Path) -> None:
    out = ok("show", "diabetes", "--data", str(hostile_kb), "-f", "markdown")
    assert r"Markup \[bold\]x\[/bold\] and \[link=http://evil\]y\[/link\] and a lone \[/bold\]" in out
    assert r"^\[\]0;pwned^G title ^\[\[31mred bell^G csi\\x9b2J cr^Mover bidi\<U+202E\>evil end" in out
    assert r"- Claim: Markup \[bold\]x\[/bold\]" in out  # a claim is a list item, its brackets no link
    assert r"- Risk: Markup \[bold\]x\[/bold\]" in out
    assert [c for c in RAW_CONTROLS if c in out] == []


def test_hostile_text_is_one_escaped_csv_cell(hostile_kb: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(ok("causes", "--data", str(hostile_kb), "-f", "csv"))))
    diabetes = next(r for r in rows if r["id"] == "diabetes")
    assert (diabetes["name"], diabetes["category_name"], diabetes["summary"]) == (
        HOSTILE_NAME_SHOWN,
        shown("category name"),
        HOSTILE_SHOWN,
    )


def test_hostile_medical_help_is_one_escaped_csv_cell_of_every_match_row(hostile_kb: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(ok("match", "leg pain", "--data", str(hostile_kb), "-f", "csv"))))
    assert rows
    assert all(f"({shown('medical-help source')}: https://www.mayoclinic.org/" in r["medical_help"] for r in rows)


def test_hostile_text_shows_literally_in_a_terminal_table(hostile_kb: Path) -> None:
    out = ok("show", "diabetes", "--data", str(hostile_kb), env={"FORCE_COLOR": "1", "COLUMNS": "120"})
    read = squeeze(SGR.sub("", out))
    assert [field for field in SHOWS[("show", "diabetes")] if squeeze(shown(field)) not in read] == []
    assert SGR.sub("", out).startswith(HOSTILE_NAME_SHOWN + "\n")


def test_hostile_text_sends_no_raw_controls_to_a_terminal(hostile_kb: Path) -> None:
    for args in [*SHOWS, ("symptoms", "alcohol")]:
        if args[0] == "export":
            continue
        out = ok(*args, "--data", str(hostile_kb), env={"FORCE_COLOR": "1"})
        assert "\x1b]" not in out and "\x1b[31m" not in out, args  # no OSC, and no red of the data's choosing
        assert [c for c in RAW_CONTROLS if c in SGR.sub("", out)] == [], args  # only Rich's own styling


def test_hostile_search_snippet_is_escaped(hostile_kb: Path) -> None:
    out = ok("search", "pwned", "--data", str(hostile_kb))
    assert "^[]0;pwned^G" in out
    assert [c for c in RAW_CONTROLS if c in out] == []


def test_hostile_text_round_trips_through_json(hostile_kb: Path, bundled_doc: dict[str, Any]) -> None:
    out = ok("show", "diabetes", "--data", str(hostile_kb), "-f", "json")
    shown_json = json.loads(out)
    assert (shown_json["name"], shown_json["summary"]) == (HOSTILE_NAME, HOSTILE)
    article = {"kind": "article", **bundled_doc["source_article"]}  # a claim that names no page is the article's
    assert shown_json["claims"] == [{"text": planted("claim"), "credited": "ninds", "origin": article}]
    assert shown_json["risk_factors"][0]["text"] == planted("risk factor")
    assert [f["evidence"] for f in shown_json["forms"]] == [planted("form evidence")] * 2  # diabetic, peripheral
    assert [s["name"] for s in shown_json["sources"] if s["id"] == "ninds"] == [planted("organisation name")]
    assert shown_json["category_name"] == planted("category name")
    assert [c for c in RAW_CONTROLS if c in out] == []


def test_hostile_text_round_trips_through_yaml(hostile_kb: Path) -> None:
    out = ok("overview", "--data", str(hostile_kb), "-f", "yaml")
    advice = yaml.safe_load(out)["medical_help"]["advice"][0]
    assert (advice["text"], advice["source"]) == (planted("medical-help advice"), planted("medical-help source"))
    assert out.isascii()


# file names and directories the command prints


def test_validate_escapes_the_file_name_it_prints(tmp_path: Path) -> None:
    path = tmp_path / "kb\x1b]0;x\x07.yaml"
    path.write_bytes(BUNDLED.read_bytes())
    result = invoke("validate", str(path))
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "^[]0;x^G" in result.stdout


def test_cache_path_escapes_the_directory_it_prints(tmp_path: Path) -> None:
    result = invoke("cache", "path", env={"XDG_CACHE_HOME": str(tmp_path / "c\u202ed")})
    assert "\u202e" not in result.stdout
    assert "<U+202E>" in result.stdout
