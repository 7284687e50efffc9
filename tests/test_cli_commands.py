"""Every command as the installed command runs it (in-process): what it prints, parsed and checked value by value."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import typer
import yaml
from conftest import BUNDLED, RELEASES_CHECKED, invoke, ok, run_in_process
from conftest import cause as cause_of

from neuroleg import __version__
from neuroleg.cli.app import COMMANDS, app, app_for
from neuroleg.db.layout import FIELD_GROUPS
from neuroleg.exitcodes import ExitCode

STATISTIC_KEYS = {
    "label", "low", "high", "value", "qualifier", "unit", "population", "about",
    "source", "source_name", "source_url", "figure", "note",
}  # fmt: skip
DIABETIC_NEUROPATHY = {"kind": "form", "id": "diabetic-neuropathy", "name": "Diabetic neuropathy"}
# "some form of neuropathy" among people with diabetes: of the cause itself, as the article says, not of one form
DIABETES_ITSELF = {"kind": "cause", "id": "diabetes", "name": "Diabetes"}
PERIPHERAL = "peripheral-neuropathy"


def json_of(*args: str, env: dict[str, str] | None = None) -> Any:
    """The parsed JSON that `neuroleg ARGS -f json` prints, after checking it succeeded quietly."""
    return json.loads(ok(*args, "-f", "json", env=env))


def json_of_plain(*args: str) -> Any:
    """The parsed JSON a command prints without being asked for a format (`schema`)."""
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def ids(doc: dict[str, Any], key: str = "causes") -> list[str]:
    return [item["id"] for item in doc[key]]


def article(doc: dict[str, Any]) -> dict[str, Any]:
    """By the file's data: the origin of what the source article says (its title, publisher and address)."""
    return {"kind": "article", **doc["source_article"]}


def page(doc: dict[str, Any], page_id: str) -> dict[str, Any]:
    """By the file's data: the origin of what an organisation's page says, with the organisation's short name."""
    read = next(p for p in doc["pages"] if p["id"] == page_id)
    short = next(o["short"] for o in doc["organisations"] if o["id"] == read["organisation"])
    return {"kind": "page", **read, "organisation_name": short}


def page_owner(doc: dict[str, Any], page_id: str) -> str:
    return str(next(p["organisation"] for p in doc["pages"] if p["id"] == page_id))


def facts(doc: dict[str, Any], items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Facts of the file as `show` gives them: text, the organisation credited (null when none is; a page's owner for a
    fact from a page), and where the fact comes from (the article, or the page it names)."""
    return [
        {
            "text": item["text"],
            "credited": page_owner(doc, item["page"]) if "page" in item else item.get("credited"),
            "origin": page(doc, item["page"]) if "page" in item else article(doc),
        }
        for item in items
    ]


def symptom_ids_of(symptoms: list[Any]) -> list[str]:
    """The ids of a list of symptoms as the file gives them: plain ids, or `{symptom, page}` (or `credited`) records."""
    return [s if isinstance(s, str) else s["symptom"] for s in symptoms]


def evidence(doc: dict[str, Any], cause_id: str, form_id: str) -> str | None:
    """The file's evidence that a cause leads to a form of neuropathy (None if it does not)."""
    links = cause_of(doc, cause_id).get("leads_to", [])
    return next((link["evidence"] for link in links if link["form"] == form_id), None)


# causes


def test_causes_json_lists_every_cause_in_file_order(bundled_doc: dict[str, Any]) -> None:
    assert [c["id"] for c in json_of("causes")] == ids(bundled_doc)


def test_causes_json_records_have_exactly_the_documented_keys() -> None:
    for cause in json_of("causes"):
        assert set(cause) == {"id", "name", "category", "category_name", "summary", "headline"}
        assert all(isinstance(cause[k], str) for k in ("id", "name", "category", "category_name", "summary"))


def test_causes_json_carries_names_categories_and_summaries_from_the_file(bundled_doc: dict[str, Any]) -> None:
    for cause in json_of("causes"):
        source = cause_of(bundled_doc, cause["id"])
        assert (cause["name"], cause["category"], cause["summary"]) == (
            source["name"], source["category"], source["summary"],
        )  # fmt: skip


def test_causes_json_names_the_declared_category_of_each_cause(bundled_doc: dict[str, Any]) -> None:
    declared = {c["id"]: c["name"] for c in bundled_doc["categories"]}
    listed = json_of("causes")
    assert [(c["category"], c["category_name"]) for c in listed] == [
        (c["category"], declared[c["category"]]) for c in bundled_doc["causes"]
    ]
    assert {c["id"]: c["category_name"] for c in listed}["cancer"] == "Tumours"


def test_causes_json_headline_is_the_first_statistic_with_its_source() -> None:
    diabetes = next(c for c in json_of("causes") if c["id"] == "diabetes")
    headline = diabetes["headline"]
    assert set(headline) == STATISTIC_KEYS
    assert headline["figure"] == "60-70%"
    assert (headline["low"], headline["high"], headline["value"]) == (60, 70, None)
    assert (headline["source"], headline["source_name"]) == ("ninds", "NINDS")
    assert headline["population"] == "people with diabetes"
    assert headline["about"] == DIABETES_ITSELF


def test_causes_json_headline_is_null_for_a_cause_without_statistics() -> None:
    injury = next(c for c in json_of("causes") if c["id"] == "injury")
    assert injury["headline"] is None


# show


def test_show_json_has_every_documented_section() -> None:
    assert set(json_of("show", "diabetes")) == {
        "id", "name", "category", "category_name", "aliases", "summary", "claims", "mechanism", "symptoms", "forms",
        "risk_factors", "statistics", "treatment", "subtypes", "related", "sources", "codes", "origins", "felt_in",
    }  # fmt: skip


@pytest.mark.parametrize(
    "cause_id", ["injury", "diabetes", "alcohol", "kidney-disease", "multiple-sclerosis", "cancer", "chemotherapy",
                 "post-surgical"],
)  # fmt: skip
def test_show_json_copies_the_text_of_the_cause(bundled_doc: dict[str, Any], cause_id: str) -> None:
    shown = json_of("show", cause_id)
    source = cause_of(bundled_doc, cause_id)
    for key in ("id", "name", "category", "aliases", "summary", "mechanism"):
        assert shown[key] == source[key], key
    assert shown["claims"] == facts(bundled_doc, source.get("claims", []))
    assert shown["treatment"] == facts(bundled_doc, source["treatment"])
    assert [{k: r[k] for k in ("text", "credited", "origin")} for r in shown["risk_factors"]] == facts(
        bundled_doc, source["risk_factors"]
    )


def test_show_json_resolves_symptom_ids_to_records(bundled_doc: dict[str, Any]) -> None:
    assert json_of("show", "diabetes")["symptoms"] == [
        {"id": "leg-pain", "name": "Leg pain", "description": "Nerve pain in the leg or foot.", "credited": None,
         "origin": article(bundled_doc)}
    ]  # fmt: skip


def test_show_json_gives_a_symptom_the_organisation_credited_for_it(bundled_doc: dict[str, Any]) -> None:
    # muscle weakness is no longer a symptom of post-surgical neuropathy: the article reports it in one Mayo patient
    assert json_of("show", "post-surgical")["symptoms"] == [
        {"id": "leg-pain", "name": "Leg pain", "description": "Nerve pain in the leg or foot.", "credited": None,
         "origin": article(bundled_doc)},
    ]  # fmt: skip
    # a symptom a page gives is credited to the page's organisation, and names the page
    [diabetic, _] = json_of("show", "diabetes")["forms"]
    nih_page = page(bundled_doc, "nih-diabetic-neuropathies")
    assert diabetic["symptoms"] == [
        {"id": "numbness", "name": "Numbness", "description": "Loss of feeling.", "credited": "nih",
         "origin": nih_page},
        {"id": "tingling", "name": "Tingling", "description": "A tingling feeling.", "credited": "nih",
         "origin": nih_page},
        {"id": "leg-pain", "name": "Leg pain", "description": "Nerve pain in the leg or foot.",
         "credited": "nih", "origin": nih_page},
    ]  # fmt: skip


def test_show_json_gives_each_risk_factor_its_subject() -> None:
    shown = json_of("show", "diabetes")
    assert [(r["text"], r["raises"]) for r in shown["risk_factors"]] == [
        ("Smoking.", DIABETIC_NEUROPATHY),
        ("Drinking too much alcohol.", DIABETIC_NEUROPATHY),
        ("Having had diabetes for 25 years or more. People in this group are the most at risk.", DIABETES_ITSELF),
    ]
    [subtype] = shown["subtypes"]
    assert [r["raises"] for r in subtype["risk_factors"]] == [
        {"kind": "subtype", "id": "diabetic-amyotrophy", "name": "Diabetic amyotrophy"}
    ]


def test_show_json_a_risk_factor_without_raises_is_about_its_own_cause() -> None:
    raises = {r["text"]: r["raises"] for r in json_of("show", "injury")["risk_factors"]}
    assert raises["A broken bone that presses on a nerve."] == {
        "kind": "cause",
        "id": "injury",
        "name": "Injury and trauma",
    }
    assert raises["Being hurt in an accident, such as a car crash or a pile-up in a football game."] == {
        "kind": "form", "id": PERIPHERAL, "name": "Peripheral neuropathy",
    }  # fmt: skip


def test_show_json_names_the_forms_a_cause_leads_to_with_evidence_and_their_symptoms(
    bundled_doc: dict[str, Any],
) -> None:
    [form] = json_of("show", "injury")["forms"]
    peripheral = next(f for f in bundled_doc["forms"] if f["id"] == PERIPHERAL)
    assert (form["id"], form["name"], form["summary"]) == (PERIPHERAL, peripheral["name"], peripheral["summary"])
    assert (form["evidence"], form["credited"]) == (evidence(bundled_doc, "injury", PERIPHERAL), None)
    assert form["origin"] == article(bundled_doc)
    assert [s["id"] for s in form["symptoms"]] == symptom_ids_of(peripheral["symptoms"])
    ninds = page(bundled_doc, "ninds-peripheral-neuropathy")
    assert [(s["id"], s["credited"], s["origin"]) for s in form["symptoms"]][-2:] == [
        ("muscle-weakness", "ninds", ninds), ("burning-pain", "ninds", ninds),
    ]  # fmt: skip
    assert all(s["origin"] == article(bundled_doc) for s in form["symptoms"][:-2])


def test_show_json_statistics_carry_population_source_and_figure() -> None:
    [stat, niddk] = json_of("show", "diabetes")["statistics"]
    assert stat == {
        "label": "Have some form of neuropathy",
        "low": 60,
        "high": 70,
        "value": None,
        "qualifier": None,
        "unit": "percent",
        "population": "people with diabetes",
        "about": DIABETES_ITSELF,
        "source": "ninds",
        "source_name": "NINDS",
        "source_url": "https://www.ninds.nih.gov/",
        "figure": "60-70%",
        "note": "The figure counts neuropathy of any form. The article credits it to NINDS. NIH's booklet on diabetic "
        "neuropathies gives the same range.",
    }
    assert niddk == {
        "label": "Have peripheral neuropathy",
        "low": None,
        "high": None,
        "value": 50,
        "qualifier": "up to",
        "unit": "percent",
        "population": "people with diabetes",
        "about": {"kind": "form", "id": PERIPHERAL, "name": "Peripheral neuropathy"},
        "source": "niddk",
        "source_name": "NIDDK",
        "source_url": "https://www.niddk.nih.gov/",
        "figure": "up to 50%",
        "note": None,
    }


def test_show_json_single_value_statistic_has_its_qualifier() -> None:
    [stat] = json_of("show", "alcohol")["statistics"]
    assert (stat["value"], stat["qualifier"], stat["low"], stat["high"], stat["figure"]) == (
        50, "up to", None, None, "up to 50%",
    )  # fmt: skip


def test_show_json_subtypes_have_their_symptoms_resolved() -> None:
    [subtype] = json_of("show", "diabetes")["subtypes"]
    assert subtype["id"] == "diabetic-amyotrophy"
    assert subtype["name"] == "Diabetic amyotrophy"
    assert "radiculoplexus neuropathy" in subtype["aliases"]
    assert [s["id"] for s in subtype["symptoms"]] == [
        "sudden-severe-pain",
        "difficulty-standing-up",
        "thigh-muscle-weakness",
    ]
    assert all(set(s) == {"id", "name", "description", "credited", "origin"} for s in subtype["symptoms"])
    assert (
        subtype["risk_factors"][0]["text"]
        == "Being an older adult with type 2 diabetes. This group is at greatest risk."
    )
    assert subtype["claims"] == []


def test_show_json_related_causes_are_named() -> None:
    assert json_of("show", "injury")["related"] == [
        {"id": "cancer", "name": "Cancer and tumours"},
        {"id": "post-surgical", "name": "Post-surgical neuropathy"},
    ]


def test_show_json_sources_are_whole_records() -> None:
    assert json_of("show", "diabetes")["sources"] == [
        {
            "id": "niddk",
            "name": "National Institute of Diabetes and Digestive and Kidney Diseases",
            "short": "NIDDK",
            "url": "https://www.niddk.nih.gov/",
            "part_of": "nih",
            "part_of_source": "https://www.nih.gov/about-nih/what-we-do/nih-almanac/national-institute-diabetes-digestive-kidney-diseases-niddk",
        },
        {
            "id": "ninds",
            "name": "National Institute of Neurological Disorders and Stroke",
            "short": "NINDS",
            "url": "https://www.ninds.nih.gov/",
            "part_of": "nih",
            "part_of_source": "https://www.nih.gov/about-nih/what-we-do/nih-almanac/national-institute-neurological-disorders-stroke-ninds",
        },
    ]


def test_show_json_origins_name_the_article_and_every_page_shown(bundled_doc: dict[str, Any]) -> None:
    assert json_of("show", "diabetes")["origins"] == [
        article(bundled_doc),
        page(bundled_doc, "nih-diabetic-neuropathies"),
        page(bundled_doc, "niddk-peripheral-neuropathy"),
        page(bundled_doc, "ninds-peripheral-neuropathy"),
    ]


@pytest.mark.parametrize("cause_id", ["multiple-sclerosis", "cancer", "kidney-disease", "diabetes"])
def test_show_says_when_the_article_names_no_source(cause_id: str) -> None:
    # said only where the article is the cause's only source: kidney disease's symptoms through peripheral
    # neuropathy come partly from NINDS' page, and diabetes' from NIH's, NIDDK's and NINDS' pages
    result = invoke("show", cause_id)
    assert result.exit_code == 0
    only_the_article = cause_id in {"multiple-sclerosis", "cancer"}
    assert ("\nThe article names no organisation for these facts.\n" in result.stdout) is only_the_article
    assert "No organisation is credited" not in result.stdout
    assert "- the Nevada Pain article on causes of neuropathic leg pain (the copy read shows" in result.stdout  # named
    assert "source article" not in result.stdout


def test_show_ends_with_the_not_medical_advice_disclaimer() -> None:
    result = invoke("show", "diabetes")
    assert "does not give medical advice" in " ".join(result.stdout.split()[-60:])


# names


@pytest.mark.parametrize(
    ("name", "cause_id"),
    [
        ("diabetes", "diabetes"),
        ("DIABETES", "diabetes"),
        ("MS", "multiple-sclerosis"),
        ("Multiple Sclerosis", "multiple-sclerosis"),
        ("chemo", "chemotherapy"),
        ("Taxol", "chemotherapy"),
        ("trauma", "injury"),
        ("diabetic", "diabetes"),
        ("surgery", "post-surgical"),
        ("radiculoplexus neuropathy", "diabetes"),
    ],
)
def test_a_cause_is_found_by_id_name_or_alias_in_any_case(name: str, cause_id: str) -> None:
    assert json_of("show", name)["id"] == cause_id


def test_an_unknown_name_exits_1_and_suggests_close_names_on_stderr() -> None:
    result = invoke("show", "diabtes")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "neuroleg: no cause named 'diabtes'\n"
        "did you mean: diabetes, type 1 diabetes, type 2 diabetes?\n"
        "run 'neuroleg causes' to list them\n"
    )


def test_an_unknown_name_suggests_at_most_three_names() -> None:
    [line] = [x for x in invoke("show", "diabetic neuropath").stderr.splitlines() if x.startswith("did you mean")]
    assert 1 <= len(line.removeprefix("did you mean: ").split(", ")) <= 3


def test_an_unknown_name_with_nothing_close_gets_no_suggestion() -> None:
    result = invoke("show", "xyzzy")
    assert result.exit_code == 1
    assert result.stderr == "neuroleg: no cause named 'xyzzy'\nrun 'neuroleg causes' to list them\n"


@pytest.mark.parametrize("typo", ["diabtes", "cancr", "chem", "M S"])
def test_a_typo_is_never_silently_taken_for_a_cause(typo: str) -> None:
    result = invoke("show", typo, "-f", "json")
    assert (result.exit_code, result.stdout) == (1, "")


# compare


def test_compare_json_lists_the_causes_in_the_order_given() -> None:
    assert [c["id"] for c in json_of("compare", "chemo", "diabetes", "MS")] == [
        "chemotherapy", "diabetes", "multiple-sclerosis",
    ]  # fmt: skip


def test_compare_json_records_have_the_documented_keys() -> None:
    for cause in json_of("compare", "diabetes", "alcohol"):
        assert set(cause) == {
            "id", "name", "category", "category_name", "mechanism", "symptoms", "forms", "risk_factors", "statistics",
            "subtypes", "sources", "codes",
        }  # fmt: skip


def test_compare_json_matches_show_for_each_cause() -> None:
    shown = json_of("show", "alcohol")
    [_, alcohol] = json_of("compare", "diabetes", "alcohol")
    assert alcohol == {k: shown[k] for k in alcohol}


def test_compare_with_an_unknown_name_exits_1() -> None:
    result = invoke("compare", "diabetes", "diabtes")
    assert result.exit_code == 1
    assert result.stderr.startswith("neuroleg: no cause named 'diabtes'\n")


# symptoms


def symptom_ids(listed: list[Any]) -> set[str]:
    """The symptom ids of a file's symptom list (a slug, or {symptom, credited})."""
    return {s if isinstance(s, str) else s["symptom"] for s in listed}


def form_causes(doc: dict[str, Any], symptom_id: str) -> list[str]:
    """By the file's data: the causes that reach a symptom only through a form of neuropathy they lead to."""
    forms = {f["id"] for f in doc["forms"] if symptom_id in symptom_ids(f.get("symptoms", []))}
    found = []
    for cause in doc["causes"]:
        own = symptom_ids(cause["symptoms"]).union(*(symptom_ids(s["symptoms"]) for s in cause.get("subtypes", [])))
        if symptom_id not in own and any(link["form"] in forms for link in cause.get("leads_to", [])):
            found.append(cause["id"])
    return found


def form_symptom_origin(doc: dict[str, Any], form: dict[str, Any], symptom_id: str) -> dict[str, Any] | None:
    """By the file's data: where a form's symptom comes from (the page it names, else the article); None if not one."""
    for listed in form.get("symptoms", []):
        if listed == symptom_id:
            return article(doc)
        if isinstance(listed, dict) and listed["symptom"] == symptom_id:
            return page(doc, listed["page"])
    return None


def test_symptoms_json_lists_every_symptom_with_the_documented_keys(bundled_doc: dict[str, Any]) -> None:
    listed = json_of("symptoms")
    assert [s["id"] for s in listed] == ids(bundled_doc, "symptoms")
    assert len(listed) == 14
    for symptom in listed:
        assert set(symptom) == {"id", "name", "description", "codes", "forms", "causes", "phrases"}
        assert all(set(f) == {"id", "name", "origin"} for f in symptom["forms"])
        assert all(
            set(link) == {"id", "name", "link", "via_id", "via", "evidence", "credited", "page", "evidence_page",
                          "origin", "evidence_origin"}
            for link in symptom["causes"]
        )  # fmt: skip


def test_symptoms_json_names_the_forms_of_neuropathy_each_symptom_belongs_to(bundled_doc: dict[str, Any]) -> None:
    for symptom in json_of("symptoms"):
        expected = [
            {"id": f["id"], "name": f["name"], "origin": origin}
            for f in bundled_doc["forms"]
            if (origin := form_symptom_origin(bundled_doc, f, symptom["id"])) is not None
        ]
        assert symptom["forms"] == expected, symptom["id"]
    general = {s["id"] for s in json_of("symptoms") if PERIPHERAL in [f["id"] for f in s["forms"]]}
    assert general == {
        "numbness", "tingling", "sharp-pain", "night-pain", "pain-when-walking", "weakness-when-walking",
        "touch-sensitivity", "muscle-weakness", "burning-pain",
    }  # fmt: skip


def test_symptoms_json_links_each_symptom_to_the_causes_that_bring_it(bundled_doc: dict[str, Any]) -> None:
    tingling = next(s for s in json_of("symptoms") if s["id"] == "tingling")
    the_article = article(bundled_doc)
    plain = {"credited": None, "evidence_page": None}
    through_peripheral = {"link": "form", "via_id": PERIPHERAL, "via": "Peripheral neuropathy", **plain,
                          "page": None, "origin": the_article, "evidence_origin": the_article}  # fmt: skip
    assert tingling["causes"] == [
        {"id": "injury", "name": "Injury and trauma", "link": "direct", "via_id": None, "via": None, "evidence": None,
         **plain, "page": None, "origin": the_article, "evidence_origin": None},
        {"id": "diabetes", "name": "Diabetes", "link": "form", "via_id": "diabetic-neuropathy",
         "via": "Diabetic neuropathy", "evidence": evidence(bundled_doc, "diabetes", "diabetic-neuropathy"), **plain,
         "page": "nih-diabetic-neuropathies", "origin": page(bundled_doc, "nih-diabetic-neuropathies"),
         "evidence_origin": the_article},
        {"id": "alcohol", "name": "Heavy alcohol use", **through_peripheral,
         "evidence": evidence(bundled_doc, "alcohol", PERIPHERAL)},
        {"id": "kidney-disease", "name": "Kidney disease", **through_peripheral,
         "evidence": evidence(bundled_doc, "kidney-disease", PERIPHERAL)},
        {"id": "cancer", "name": "Cancer and tumours", "link": "subtype", "via_id": "benign-tumours",
         "via": "Benign tumours and lumps", "evidence": None, **plain, "page": None, "origin": the_article,
         "evidence_origin": None},
        {"id": "chemotherapy", "name": "Chemotherapy", "link": "form", "via_id": "chemotherapy-induced-neuropathy",
         "via": "Chemotherapy-induced neuropathy",
         "evidence": evidence(bundled_doc, "chemotherapy", "chemotherapy-induced-neuropathy"), **plain,
         "page": "nci-nerve-changes", "origin": page(bundled_doc, "nci-nerve-changes"), "evidence_origin": the_article},
    ]  # fmt: skip


def test_symptoms_json_marks_numbness_as_reached_through_peripheral_neuropathy(bundled_doc: dict[str, Any]) -> None:
    numbness = next(s for s in json_of("symptoms") if s["id"] == "numbness")
    forms = {"diabetes": "diabetic-neuropathy", "chemotherapy": "chemotherapy-induced-neuropathy"}
    names = {f["id"]: f["name"] for f in bundled_doc["forms"]}
    assert [(c["id"], c["link"], c["via_id"], c["via"], c["evidence"]) for c in numbness["causes"]] == [
        (cause_id, "form", forms.get(cause_id, PERIPHERAL), names[forms.get(cause_id, PERIPHERAL)],
         evidence(bundled_doc, cause_id, forms.get(cause_id, PERIPHERAL)))
        for cause_id in ("injury", "diabetes", "alcohol", "kidney-disease", "chemotherapy")
    ]  # fmt: skip


def test_symptoms_json_never_marks_a_form_link_like_a_direct_one(bundled_doc: dict[str, Any]) -> None:
    forms = {f["id"]: f["name"] for f in bundled_doc["forms"]}
    for symptom in json_of("symptoms"):
        by_link: dict[str, list[str]] = {"direct": [], "subtype": [], "form": []}
        for cause in symptom["causes"]:
            by_link[cause["link"]].append(cause["id"])
            if cause["link"] == "form":
                assert forms.get(cause["via_id"]) == cause["via"], (symptom["id"], cause["id"])
                assert cause["evidence"] == evidence(bundled_doc, cause["id"], cause["via_id"])
                form = next(f for f in bundled_doc["forms"] if f["id"] == cause["via_id"])
                origin = form_symptom_origin(bundled_doc, form, symptom["id"])
                assert cause["origin"] == origin, (symptom["id"], cause["id"])
                assert cause["page"] == (origin["id"] if origin and origin["kind"] == "page" else None)
                link = next(x for x in cause_of(bundled_doc, cause["id"])["leads_to"] if x["form"] == cause["via_id"])
                assert cause["evidence_page"] == link.get("page"), (symptom["id"], cause["id"])
                assert cause["evidence_origin"] == (
                    page(bundled_doc, link["page"]) if "page" in link else article(bundled_doc)
                )
            else:
                assert cause["evidence"] is None, (symptom["id"], cause["id"])
            if cause["link"] == "direct":
                assert (cause["via_id"], cause["via"]) == (None, None), (symptom["id"], cause["id"])
        assert by_link["form"] == form_causes(bundled_doc, symptom["id"]), symptom["id"]


def test_symptoms_json_names_the_subtype_a_symptom_comes_through(bundled_doc: dict[str, Any]) -> None:
    sudden = next(s for s in json_of("symptoms") if s["id"] == "sudden-severe-pain")
    assert {
        "id": "diabetes", "name": "Diabetes", "link": "subtype", "via_id": "diabetic-amyotrophy",
        "via": "Diabetic amyotrophy", "evidence": None, "credited": None, "page": None, "evidence_page": None,
        "origin": article(bundled_doc), "evidence_origin": None,
    } in sudden["causes"]  # fmt: skip


def test_symptoms_of_one_cause_include_its_subtypes_symptoms() -> None:
    doc = json_of("symptoms", "diabetic")
    assert (doc["id"], doc["name"]) == ("diabetes", "Diabetes")
    assert [(s["id"], s["link"], s["via"]) for s in doc["symptoms"]] == [
        ("leg-pain", "direct", None),
        ("sudden-severe-pain", "subtype", "Diabetic amyotrophy"),
        ("difficulty-standing-up", "subtype", "Diabetic amyotrophy"),
        ("thigh-muscle-weakness", "subtype", "Diabetic amyotrophy"),
        ("numbness", "form", "Diabetic neuropathy"),
        ("tingling", "form", "Diabetic neuropathy"),
        *[(s, "form", "Peripheral neuropathy") for s in ("sharp-pain", "night-pain", "pain-when-walking",
                                                         "weakness-when-walking", "touch-sensitivity",
                                                         "muscle-weakness", "burning-pain")],
    ]  # fmt: skip
    assert all(
        set(s)
        == {"id", "name", "description", "credited", "link", "via", "evidence", "codes", "origin", "evidence_origin"}
        for s in doc["symptoms"]
    )


@pytest.mark.parametrize("cause_id", ["injury", "alcohol", "kidney-disease"])
def test_symptoms_of_one_cause_include_those_of_the_form_it_leads_to(
    bundled_doc: dict[str, Any], cause_id: str
) -> None:
    doc = json_of("symptoms", cause_id)
    own = cause_of(bundled_doc, cause_id)["symptoms"]
    peripheral = symptom_ids_of(next(f for f in bundled_doc["forms"] if f["id"] == PERIPHERAL)["symptoms"])
    reached = {s["id"]: s for s in doc["symptoms"]}
    assert set(reached) == set(own) | set(peripheral)
    for symptom_id in own:
        assert (reached[symptom_id]["link"], reached[symptom_id]["via"]) == ("direct", None)
    numbness = reached["numbness"]
    assert (numbness["link"], numbness["via"], numbness["evidence"]) == (
        "form", "Peripheral neuropathy", evidence(bundled_doc, cause_id, PERIPHERAL),
    )  # fmt: skip
    for symptom_id in set(peripheral) - set(own):
        assert (reached[symptom_id]["link"], reached[symptom_id]["via"]) == ("form", "Peripheral neuropathy")


def test_symptoms_of_injury_keeps_its_own_tingling_direct() -> None:
    tingling = next(s for s in json_of("symptoms", "injury")["symptoms"] if s["id"] == "tingling")
    assert (tingling["link"], tingling["via"], tingling["evidence"]) == ("direct", None, None)


def test_symptoms_of_cancer_bring_tingling_only_through_benign_tumours() -> None:
    doc = json_of("symptoms", "cancer")
    assert [(s["id"], s["link"], s["via"]) for s in doc["symptoms"]] == [
        ("leg-pain", "direct", None),
        ("tingling", "subtype", "Benign tumours and lumps"),
    ]


def test_symptoms_of_an_unknown_cause_exits_1() -> None:
    result = invoke("symptoms", "diabtes")
    assert result.exit_code == 1
    assert "did you mean: diabetes" in result.stderr


# stats, sources, overview


def test_stats_json_lists_every_statistic_with_its_cause(bundled_doc: dict[str, Any]) -> None:
    expected = [(c["id"], s["label"]) for c in bundled_doc["causes"] for s in c.get("statistics", [])]
    listed = json_of("stats")
    assert [(s["cause"], s["label"]) for s in listed] == expected
    for stat in listed:
        assert set(stat) == STATISTIC_KEYS | {"cause", "cause_name"}


def test_stats_json_gives_each_figure_as_text_and_numbers() -> None:
    assert [(s["cause_name"], s["figure"], s["source_name"]) for s in json_of("stats")] == [
        ("Diabetes", "60-70%", "NINDS"),
        ("Diabetes", "up to 50%", "NIDDK"),
        ("Heavy alcohol use", "up to 50%", "NIH"),
        ("Chemotherapy", "30-40%", "NCI"),
    ]


def test_stats_json_names_what_each_figure_is_about() -> None:
    assert [(s["cause"], s["about"]) for s in json_of("stats")] == [
        ("diabetes", DIABETES_ITSELF),
        ("diabetes", {"kind": "form", "id": PERIPHERAL, "name": "Peripheral neuropathy"}),
        ("alcohol", {"kind": "cause", "id": "alcohol", "name": "Heavy alcohol use"}),
        ("chemotherapy", {"kind": "form", "id": "chemotherapy-induced-neuropathy",
                          "name": "Chemotherapy-induced neuropathy"}),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("qualifier", "bar"),
    [
        ("up to", "[-------------------#....................]"),  # faint up to its edge: anywhere from 0
        ("at least", "[....................#-------------------]"),
    ],
)
def test_the_chart_draws_a_bounded_figure_as_the_range_it_allows(
    write_kb: Callable[..., Path], qualifier: str, bar: str
) -> None:
    def bound(doc: dict[str, Any]) -> None:
        stat = next(c for c in doc["causes"] if c["id"] == "alcohol")["statistics"][0]
        stat["qualifier"] = qualifier

    out = invoke("stats", "--data", str(write_kb(bound))).stdout
    assert f"Heavy alcohol use  {bar}  {qualifier} 50%" in out


NIH = {"id": "nih", "name": "National Institutes of Health", "short": "NIH"}


def organisations_listed() -> list[dict[str, Any]]:
    """The organisations `sources -f json` lists, between the article first and the HPO release last."""
    listed = json_of("sources")
    assert [s["kind"] for s in listed[:1] + listed[-1:]] == ["article", "release"]
    assert {s["kind"] for s in listed[1:-1]} == {"organisation"}
    return list(listed[1:-1])


def test_sources_json_ends_with_the_release_the_hpo_phrases_come_from(bundled_doc: dict[str, Any]) -> None:
    assert json_of("sources")[-1] == {"kind": "release", **bundled_doc["hpo_synonyms"], "facts": []}


def test_sources_json_lists_the_source_article_first_with_its_title_and_address(bundled_doc: dict[str, Any]) -> None:
    first = json_of("sources")[0]
    assert first == {
        **article(bundled_doc),
        "facts": [],  # a list, as each organisation's is: every fact that names no page is the article's
    }
    assert (first["title"], first["publisher"], first["url"]) == (
        "Causes of neuropathic leg pain", "Nevada Pain", "https://nevadapain.com/inside-pain/causes-neuropathic-leg-pain/",
    )  # fmt: skip


def test_sources_json_lists_each_organisation_with_its_url(bundled_doc: dict[str, Any]) -> None:
    listed = organisations_listed()
    assert [{k: s[k] for k in ("id", "name", "short", "url")} for s in listed] == [
        {k: o[k] for k in ("id", "name", "short", "url")} for o in bundled_doc["organisations"]
    ]
    assert len(listed) == 5
    assert all(
        set(s) == {"kind", "id", "name", "short", "url", "part_of", "part_of_source", "parts", "facts", "pages"}
        for s in listed
    )
    assert {s["kind"] for s in listed} == {"organisation"}
    for org in listed:
        assert [p["id"] for p in org["pages"]] == [
            p["id"] for p in bundled_doc["pages"] if p["organisation"] == org["id"]
        ]
        for shown in org["pages"]:
            assert {k: v for k, v in shown.items() if k != "gives"} == page(bundled_doc, shown["id"])
            assert shown["gives"], shown["id"]


def test_sources_json_gives_ninds_nci_and_niddk_as_parts_of_nih_with_the_page_that_says_so(
    bundled_doc: dict[str, Any],
) -> None:
    listed = {s["id"]: s for s in organisations_listed()}
    declared = {o["id"]: o for o in bundled_doc["organisations"]}
    for part in ("ninds", "nci", "niddk"):
        assert listed[part]["part_of"] == NIH
        assert listed[part]["part_of_source"] == declared[part]["part_of_source"]
        assert listed[part]["part_of_source"].startswith("https://www.nih.gov/")
    assert (listed["nih"]["part_of"], listed["nih"]["part_of_source"]) == (None, None)
    assert listed["nih"]["parts"] == [
        {"id": "ninds", "short": "NINDS"}, {"id": "nci", "short": "NCI"}, {"id": "niddk", "short": "NIDDK"},
    ]  # fmt: skip
    assert (listed["mayo-clinic"]["part_of"], listed["mayo-clinic"]["parts"]) == (None, [])


def test_sources_json_lists_the_facts_resting_on_each_source() -> None:
    nci = next(s for s in organisations_listed() if s["id"] == "nci")
    assert all(set(f) == {"cause", "kind", "fact"} for f in nci["facts"])
    assert nci["facts"] == [
        {
            "cause": "chemotherapy",
            "kind": "statistic",
            "fact": "Chemotherapy: Develop chemotherapy-induced neuropathy: 30-40% of patients treated with "
            "chemotherapy.",
        },
        {
            "cause": "chemotherapy",
            "kind": "treatment",
            "fact": "Chemotherapy: The NCI counts this kind of neuropathy among the reasons patients most often give "
            "for stopping chemotherapy earlier than planned.",
        },
        {
            "cause": "chemotherapy",
            "kind": "treatment",
            "fact": "Chemotherapy: NCI's 2008 page on nerve changes asks people having chemotherapy to call their "
            "doctor or nurse as soon as they notice certain changes. These include tingling, burning, weakness or "
            "numbness in the hands or feet, pain when walking, and loss of balance. The page lists other changes too, "
            "such as falling, dizziness or trouble holding things. It also asks them to ask what can help.",
        },
    ]


def credited_facts(doc: dict[str, Any]) -> dict[str, list[tuple[str, str, list[str]]]]:
    """By the file's data: per organisation, each fact credited to it as (cause, kind, words its text must hold)."""
    names = {s["id"]: s["name"] for s in doc["symptoms"]}
    found: dict[str, list[tuple[str, str, list[str]]]] = {o["id"]: [] for o in doc["organisations"]}
    for cause in doc["causes"]:
        for kind, key in (("claim", "claims"), ("risk factor", "risk_factors"), ("treatment", "treatment")):
            for fact in cause.get(key, []):
                if fact.get("credited") or fact.get("page"):
                    owner = page_owner(doc, fact["page"]) if fact.get("page") else fact["credited"]
                    found[owner].append((cause["id"], kind, [fact["text"]]))
        for link in cause.get("leads_to", []):
            if link.get("page"):  # a page that says the cause leads to the form
                found[page_owner(doc, link["page"])].append((cause["id"], "form", [link["evidence"]]))
        for symptom in cause["symptoms"]:
            if isinstance(symptom, dict) and symptom.get("credited"):
                found[symptom["credited"]].append((cause["id"], "symptom", [names[symptom["symptom"]]]))
        for stat in cause.get("statistics", []):
            found[stat["credited"]].append((cause["id"], "statistic", [f"{stat['label']}: ", stat["population"]]))
    return found


def test_sources_json_gives_the_text_of_every_fact_credited_to_an_organisation(bundled_doc: dict[str, Any]) -> None:
    listed = {s["id"]: s["facts"] for s in organisations_listed()}
    for org, wanted in credited_facts(bundled_doc).items():
        got = listed[org]
        assert sorted((f["cause"], f["kind"]) for f in got) == sorted((c, k) for c, k, _ in wanted), org
        for cause_id, kind, words in wanted:
            name = cause_of(bundled_doc, cause_id)["name"]
            assert any(
                (f["cause"], f["kind"]) == (cause_id, kind)
                and f["fact"].startswith(f"{name}: ")
                and all(w in f["fact"] for w in words)
                for f in got
            ), (org, cause_id, kind, words)
    assert listed["ninds"][0] == {
        "cause": "injury", "kind": "claim",
        "fact": "Injury and trauma: The article says NINDS names nerve damage from injuries as the most common "
        "cause of neuropathy.",
    }  # fmt: skip
    assert {
        "cause": "post-surgical",
        "kind": "claim",
        "fact": "Post-surgical neuropathy: In the Mayo Clinic study, one person had a hip operation. Soon afterwards, "
        "this person had severe neuropathic leg pain and muscle weakness.",
    } in listed["mayo-clinic"]
    assert not any(f["kind"] == "symptom" for f in listed["mayo-clinic"])  # muscle weakness: no longer a symptom


def test_overview_json_has_the_documented_keys() -> None:
    assert set(json_of("overview")) == {
        "summary", "sections", "disclaimer", "condition", "codes", "forms", "causes", "medical_help",
    }  # fmt: skip


def test_overview_json_copies_the_overview_of_the_file(bundled_doc: dict[str, Any]) -> None:
    overview = json_of("overview")
    assert overview["summary"] == bundled_doc["overview"]["summary"]
    assert overview["sections"] == bundled_doc["overview"]["sections"]
    assert overview["disclaimer"] == bundled_doc["overview"]["disclaimer"]


def test_overview_json_resolves_the_symptoms_of_each_form_and_lists_every_cause(bundled_doc: dict[str, Any]) -> None:
    overview = json_of("overview")
    names = {s["id"]: s for s in bundled_doc["symptoms"]}
    assert [(f["id"], f["name"], f["summary"]) for f in overview["forms"]] == [
        (f["id"], f["name"], f["summary"]) for f in bundled_doc["forms"]
    ]
    for shown, form in zip(overview["forms"], bundled_doc["forms"], strict=True):
        terms = [
            {
                **{k: names[s if isinstance(s, str) else s["symptom"]][k] for k in ("id", "name", "description")},
                "credited": None if isinstance(s, str) else page_owner(bundled_doc, s["page"]),
                "origin": article(bundled_doc) if isinstance(s, str) else page(bundled_doc, s["page"]),
            }
            for s in form.get("symptoms", [])
        ]
        assert shown["symptoms"] == terms, form["id"]
    assert [s["id"] for s in overview["forms"][0]["symptoms"]][:2] == ["numbness", "tingling"]
    assert overview["causes"] == [{"id": c["id"], "name": c["name"]} for c in bundled_doc["causes"]]


def test_overview_json_holds_when_to_get_medical_help_with_each_page(bundled_doc: dict[str, Any]) -> None:
    help_ = json_of("overview")["medical_help"]
    assert help_ == bundled_doc["medical_help"]
    assert help_["title"] == "When to get medical help"
    assert len(help_["advice"]) == 4
    for advice in help_["advice"]:
        assert set(advice) == {"text", "applies_to", "source", "url"}
        assert re.fullmatch(r"https?://[a-z0-9.-]+\.[a-z]{2,}/\S+", advice["url"]), advice["url"]
        assert advice["source"].strip() and advice["text"].strip()
    assert [a["source"].split(" (")[0].split(",")[0] for a in help_["advice"]] == [
        "Mayo Clinic", "Cleveland Clinic", "Cleveland Clinic", "National Cancer Institute",
    ]  # fmt: skip


# search


def test_search_json_hits_have_the_documented_keys_and_types() -> None:
    hits = json_of("search", "nerve")
    assert hits
    for hit in hits:
        assert set(hit) == {"id", "name", "kind", "field", "fields", "score", "snippet", "snippet_marked"}
        assert isinstance(hit["score"], float)
        assert hit["field"] in hit["fields"]
        assert hit["kind"] in ("cause", "overview", "term")  # term: a glossary entry


def test_search_finds_a_stemmed_word() -> None:
    assert {h["id"] for h in json_of("search", "tingle")} >= {"injury", "cancer"}


def test_search_marks_the_matching_words_in_the_snippet() -> None:
    [hit] = json_of("search", "stove")
    assert "**stove**" in hit["snippet_marked"]
    assert "stove" in hit["snippet"] and "**" not in hit["snippet"]


def test_search_reports_a_hit_in_the_overview_as_such() -> None:
    [hit] = json_of("search", "stove")
    assert (hit["id"], hit["kind"], hit["field"]) == ("overview", "overview", "overview")


def test_search_finds_a_phrase() -> None:
    assert json_of("search", '"blood sugar"')[0]["id"] == "diabetes"


def test_search_words_must_all_match() -> None:
    # the cause, then the glossary's entry for it
    hits = [(h["kind"], h["id"]) for h in json_of("search", "myelin autoimmune")]
    assert hits == [("cause", "multiple-sclerosis"), ("term", "multiple-sclerosis")]


def test_search_or_widens() -> None:
    assert {h["id"] for h in json_of("search", "kidney OR myelin")} >= {"kidney-disease", "multiple-sclerosis"}


@pytest.mark.parametrize("flag", ["--limit", "-n"])
def test_search_limit_caps_the_number_of_hits(flag: str) -> None:
    assert len(json_of("search", "nerve")) > 2
    assert len(json_of("search", "nerve", flag, "2")) == 2


def test_search_in_limits_the_fields_searched() -> None:
    hits = json_of("search", "tingl*", "--in", "symptoms")
    assert {h["id"] for h in hits} == {"injury", "cancer"}
    assert all(h["fields"] == ["symptoms"] for h in hits)


def test_search_in_names_searches_only_names_and_aliases() -> None:
    hits = [h for h in json_of("search", "diabetic", "--in", "names") if h["kind"] != "term"]  # terms: after
    assert [h["id"] for h in hits] == ["diabetes"]
    assert set(hits[0]["fields"]) == {"name", "aliases", "subtype-names"}


def test_search_in_names_finds_a_subtype_name_prefix_as_the_readme_shows() -> None:
    # README: `neuroleg search 'amyotro*' --in names   # prefix, in names and aliases only`
    hits = json_of("search", "amyotro*", "--in", "names")
    assert [(h["kind"], h["id"]) for h in hits] == [("cause", "diabetes"), ("term", "diabetic-amyotrophy")]


def test_search_in_comma_separated_equals_repeated() -> None:
    assert json_of("search", "nerve", "--in", "names,summary") == json_of(
        "search", "nerve", "--in", "names", "--in", "summary"
    )


def test_search_in_keeps_every_hit_within_the_chosen_fields() -> None:
    for hit in json_of("search", "nerve", "--in", "mechanism,treatment"):
        assert set(hit["fields"]) <= {"mechanism", "treatment"}


# validate, schema, cache, version, help


def _tally(doc: dict[str, Any]) -> str:
    causes = doc["causes"]
    return (
        f"{len(causes)} causes, {sum(len(c.get('subtypes', [])) for c in causes)} subtypes, "
        f"{sum(len(c.get('statistics', [])) for c in causes)} statistics, "
        f"{len(doc['symptoms'])} symptoms, {len(doc.get('forms', []))} forms, "
        f"{len(doc['organisations'])} organisations, {len(doc['categories'])} categories"
    )


def test_validate_of_the_bundled_file_prints_one_line_and_exits_0(bundled_doc: dict[str, Any]) -> None:
    result = invoke("validate")
    assert result.exit_code == 0
    assert result.stdout == f"{BUNDLED}: valid: {_tally(bundled_doc)}{RELEASES_CHECKED}\n"
    assert result.stderr == ""


def test_validate_counts_the_bundled_knowledge_base() -> None:
    assert invoke("validate").stdout.endswith(
        ": valid: 8 causes, 6 subtypes, 4 statistics, 14 symptoms, 3 forms, 5 organisations, 7 categories"
        f"{RELEASES_CHECKED}\n"
    )


def test_validate_checks_the_path_it_is_given(write_kb: Callable[..., Path]) -> None:
    path = write_kb(lambda doc: doc["organisations"].append({**doc["organisations"][0], "id": "spare"}))
    result = invoke("validate", str(path))
    assert result.exit_code == 0
    tally = _tally(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert result.stdout == f"{path}: valid: {tally}{RELEASES_CHECKED}\n"
    assert result.stdout.endswith(f", 6 organisations, 7 categories{RELEASES_CHECKED}\n")


def test_validate_without_a_path_checks_neuroleg_data(write_kb: Callable[..., Path]) -> None:
    path = write_kb()
    assert invoke("validate", env={"NEUROLEG_DATA": str(path)}).stdout.startswith(f"{path}: valid: ")


def test_schema_is_a_json_schema_of_the_whole_file() -> None:
    schema = json_of_plain("schema")
    assert schema["type"] == "object"
    assert set(schema["properties"]) == {
        "format", "condition", "overview", "medical_help", "organisations", "categories", "symptoms", "forms",
        "code_systems", "causes", "source_article", "pages", "hpo_synonyms", "glossary",
    }  # fmt: skip
    assert set(schema["required"]) == {
        "format", "condition", "overview", "organisations", "categories", "symptoms", "causes"
    }  # fmt: skip


def test_schema_names_every_field_the_bundled_file_uses(bundled_doc: dict[str, Any]) -> None:
    schema = json_of_plain("schema")
    cause_fields = set(schema["$defs"]["Cause"]["properties"])
    assert set(bundled_doc) <= set(schema["properties"])
    for cause in bundled_doc["causes"]:
        assert set(cause) <= cause_fields, cause["id"]


def test_schema_accepts_the_bundled_file(bundled_doc: dict[str, Any]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(bundled_doc, json_of_plain("schema"))


def test_schema_rejects_a_file_of_another_format(bundled_doc: dict[str, Any]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    bundled_doc["format"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bundled_doc, json_of_plain("schema"))


def test_schema_takes_a_category_as_the_id_of_a_declared_one() -> None:
    category = json_of_plain("schema")["$defs"]["Cause"]["properties"]["category"]
    assert category["type"] == "string" and "enum" not in category
    assert "declared category" in category["description"]


def test_validate_rejects_an_undeclared_category_at_its_line(write_kb: Callable[..., Path]) -> None:
    def astrology(doc: dict[str, Any]) -> None:
        cause_of(doc, "alcohol")["category"] = "astrology"

    path = write_kb(astrology)
    line = path.read_text(encoding="utf-8").splitlines().index("  category: astrology") + 1
    result = invoke("validate", str(path))
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == f"{path}:{line}: causes[2].category: unknown category 'astrology'\n"


def test_cache_path_prints_the_xdg_cache_directory(private_cache: Path) -> None:
    assert invoke("cache", "path").stdout == f"{private_cache}\n"


def test_cache_clear_removes_the_compiled_cache(private_cache: Path) -> None:
    assert invoke("causes").exit_code == 0
    assert len(list(private_cache.glob("*.sqlite"))) == 1
    result = invoke("cache", "clear")
    assert result.stdout == f"removed 1 cache file from {private_cache}\n"
    assert list(private_cache.glob("*.sqlite")) == []


def test_a_cleared_cache_is_rebuilt_with_the_same_answer() -> None:
    before = invoke("show", "diabetes").stdout
    invoke("cache", "clear")
    assert invoke("show", "diabetes").stdout == before


def test_version_prints_the_package_version() -> None:
    result = invoke("--version")
    assert (result.exit_code, result.stdout) == (0, f"neuroleg {__version__}\n")


def test_help_lists_every_command_with_examples_and_exit_codes() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    for name in typer.main.get_command(app).commands:  # type: ignore[attr-defined]
        assert re.search(rf"^  {name} ", result.stdout, re.M), name
    assert "Examples:" in result.stdout
    assert "neuroleg show diabetes" in result.stdout
    said = " ".join(result.stdout.split())
    assert "Exit codes: 0 ok, 1 nothing found, 2 usage error, 3 knowledge base unusable, 70 internal error" in said
    for code in ExitCode:  # made from ExitCode, so every status is there
        assert f"{code.value} {code.label}" in said


@pytest.mark.parametrize(
    "name",
    ["causes", "show", "compare", "symptoms", "stats", "sources", "overview", "search", "validate", "schema", "cache"],
)
def test_each_command_has_its_own_help(name: str) -> None:
    result = invoke(name, "-h")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: neuroleg {name} ")


@pytest.mark.parametrize("name", ["causes", "show", "compare", "symptoms", "stats", "sources", "overview", "search"])
def test_each_reading_command_offers_format_and_data(name: str) -> None:
    help_text = invoke(name, "--help").stdout
    assert "-f, --format" in help_text
    assert "--data PATH" in help_text


# another knowledge base


def _renamed(doc: dict[str, Any]) -> None:
    doc["causes"][1]["name"] = "Renamed diabetes"


def test_data_option_reads_another_knowledge_base(write_kb: Callable[..., Path]) -> None:
    path = write_kb(_renamed)
    assert json_of("causes", "--data", str(path))[1]["name"] == "Renamed diabetes"


def test_neuroleg_data_reads_another_knowledge_base(write_kb: Callable[..., Path]) -> None:
    path = write_kb(_renamed)
    assert json_of("causes", env={"NEUROLEG_DATA": str(path)})[1]["name"] == "Renamed diabetes"


def test_data_option_wins_over_neuroleg_data(write_kb: Callable[..., Path]) -> None:
    chosen = write_kb(_renamed)
    other = write_kb()
    assert json_of("causes", "--data", str(chosen), env={"NEUROLEG_DATA": str(other)})[1]["name"] == "Renamed diabetes"


@pytest.mark.parametrize(
    "args",
    [("causes",), ("show", "diabetes"), ("compare", "diabetes", "ms"), ("symptoms",), ("symptoms", "diabetes"),
     ("stats",), ("sources",), ("overview",), ("search", "renamed")],
)  # fmt: skip
def test_every_reading_command_takes_data(write_kb: Callable[..., Path], args: tuple[str, ...]) -> None:
    path = write_kb(_renamed)
    result = invoke(*args, "--data", str(path), "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert "Renamed diabetes" in result.stdout


def test_an_edited_knowledge_base_is_read_afresh(write_kb: Callable[..., Path]) -> None:
    path = write_kb()
    assert json_of("causes", "--data", str(path))[0]["name"] == "Injury and trauma"
    path.write_text(path.read_text(encoding="utf-8").replace("Injury and trauma", "Injury, edited"), encoding="utf-8")
    assert json_of("causes", "--data", str(path))[0]["name"] == "Injury, edited"


# docs that cannot drift


def test_every_command_and_subcommand_has_help() -> None:
    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert (command.help or "").strip(), name
        for sub_name, sub in getattr(command, "commands", {}).items():
            assert (sub.help or "").strip(), f"{name} {sub_name}"


@pytest.mark.parametrize("name", [*sorted(COMMANDS), "cache"])
def test_an_app_of_the_one_command_run_says_what_the_whole_app_says(name: str) -> None:
    # app_for registers only the command a line runs (Typer builds every registered command's parameters)
    assert list(typer.main.get_command(app_for([name])).commands) == [name]  # type: ignore[attr-defined]
    whole = run_in_process(lambda argv: app(args=argv, prog_name="neuroleg", standalone_mode=False), [name, "-h"])
    assert invoke(name, "-h").stdout == whole.stdout


def test_search_help_lists_the_fields_of_in_as_the_database_orders_them() -> None:
    said = " ".join(invoke("search", "-h").stdout.split())
    shown = [said.index(f" {field}") for field in FIELD_GROUPS]  # each field, from db.layout: the one list of them
    assert shown == sorted(shown)
    assert "names (name + aliases + subtype-names)" in said
