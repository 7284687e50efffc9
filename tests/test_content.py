"""The bundled knowledge base says what the source article says, in its own words, with its sources."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import BUNDLED, ROOT, strings

from neuroleg.db.cache import open_store
from neuroleg.db.store import Store
from neuroleg.kb.schema import Cause, KnowledgeBase, Subtype, SymptomLink
from neuroleg.kb.validate import parse_knowledge_base

SHARED = ROOT.parent / "shared"
ARTICLE = SHARED / "sources" / "neuropathic-leg-pain-article.txt"
PARAPHRASE_CHECK = SHARED / "tools" / "paraphrase-check"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return parse_knowledge_base(BUNDLED.read_bytes(), str(BUNDLED), strict=True)


@pytest.fixture(scope="module")
def store() -> Store:
    return open_store(BUNDLED, None)


def cause_of(kb: KnowledgeBase, cause_id: str) -> Cause:
    return next(c for c in kb.causes if c.id == cause_id)


def symptom_id(link: str | SymptomLink) -> str:
    return link if isinstance(link, str) else link.symptom


def text_of(kb: KnowledgeBase, where: str) -> str:
    """All the text a reader sees of one cause (with its subtypes and their symptoms), or of the overview."""
    if where == "overview":
        return " ".join(strings(kb.overview.model_dump()))
    cause = cause_of(kb, where)
    symptoms = {s.id: s for s in kb.symptoms}
    links = [*cause.symptoms, *(link for subtype in cause.subtypes for link in subtype.symptoms)]
    named = [f"{symptoms[symptom_id(link)].name}: {symptoms[symptom_id(link)].description}" for link in links]
    return " ".join([*strings(cause.model_dump()), *named])


def every_text(kb: KnowledgeBase) -> Iterator[tuple[str, str]]:
    """Every piece of text in the file with where it sits (`causes.diabetes.risk_factors.2.text`)."""

    def walk(value: Any, where: str) -> Iterator[tuple[str, str]]:
        if isinstance(value, str):
            yield where, value
        elif isinstance(value, dict):
            for key, item in value.items():
                yield from walk(item, f"{where}.{key}")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                yield from walk(item, f"{where}.{item['id'] if isinstance(item, dict) and 'id' in item else i}")

    yield from walk(kb.model_dump(), "kb")


def credited_facts(kb: KnowledgeBase, *, pages: bool = False) -> Iterator[Any]:
    """Every fact that can credit an organisation, as (cause id, kind, its text, the organisation or "" for none),
    and with `pages` the page it comes from ("" for the article). A fact from a page credits the page's organisation.

    A symptom counts only when listed as {symptom, credited}; a statistic always credits one.
    """
    symptoms = {s.id: s for s in kb.symptoms}
    owner_of = {p.id: p.organisation for p in kb.pages}

    def credit(fact: Any) -> tuple[str, ...]:
        org = fact.credited or owner_of.get(fact.page or "", "")
        return (org, fact.page or "") if pages else (org,)

    for cause in kb.causes:
        owners: list[Cause | Subtype] = [cause, *cause.subtypes]
        for owner in owners:
            for fact in owner.claims:
                yield cause.id, "claim", fact.text, *credit(fact)
            for risk in owner.risk_factors:
                yield cause.id, "risk factor", risk.text, *credit(risk)
            for link in owner.symptoms:
                if isinstance(link, SymptomLink):
                    yield cause.id, "symptom", symptoms[link.symptom].name, *credit(link)
        for fact in cause.treatment:
            yield cause.id, "treatment", fact.text, *credit(fact)
        for form in cause.leads_to:
            yield cause.id, "leads to", form.evidence, *credit(form)
        for stat in cause.statistics:
            yield cause.id, "statistic", f"{stat.label} {stat.population}", *credit(stat)


@pytest.mark.process
def test_no_sentence_of_the_article_is_copied() -> None:
    if not PARAPHRASE_CHECK.exists() or not ARTICLE.exists():
        pytest.skip(f"the shared folder with the article and its checker is not beside the checkout ({SHARED})")
    result = subprocess.run(
        [sys.executable, str(PARAPHRASE_CHECK), str(ARTICLE), str(BUNDLED)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_every_statistic_names_a_known_organisation_a_population_and_its_subject(kb: KnowledgeBase) -> None:
    organisations = {o.id for o in kb.organisations}
    forms = {f.id for f in kb.forms}
    stats = [(c, s) for c in kb.causes for s in c.statistics]
    assert len(stats) == 4  # the article's three, and NIDDK's from its own page
    for cause, stat in stats:
        assert stat.credited in organisations, cause.id
        assert stat.population.strip(), cause.id
        assert stat.about is None or stat.about in forms | {s.id for s in cause.subtypes}, (cause.id, stat.about)


def test_every_credited_organisation_is_listed_among_the_sources_of_its_cause(kb: KnowledgeBase, store: Store) -> None:
    from neuroleg.views.causes import show_view

    for cause in kb.causes:
        listed = {s["id"] for s in show_view(store, cause.id).data["sources"]}
        credited = {org for cause_id, _, _, org in credited_facts(kb) if cause_id == cause.id and org}
        assert credited == listed, cause.id
        for stat in cause.statistics:
            assert stat.credited in listed, (cause.id, stat.label)


@pytest.mark.parametrize(
    ("cause_id", "figure", "organisation_id", "organisation", "population"),
    [
        (
            "diabetes",
            {"low": 60, "high": 70, "value": None, "qualifier": None},
            "ninds",
            "National Institute of Neurological Disorders and Stroke",
            "people with diabetes",
        ),
        (
            "alcohol",
            {"low": None, "high": None, "value": 50, "qualifier": "up to"},
            "nih",
            "National Institutes of Health",
            "heavy alcohol users",
        ),
        (
            "chemotherapy",
            {"low": 30, "high": 40, "value": None, "qualifier": None},
            "nci",
            "National Cancer Institute",
            "patients treated with chemotherapy",
        ),
    ],
    ids=["60-70%-ninds-diabetes", "up-to-50%-nih-alcohol", "30-40%-nci-chemotherapy"],
)
def test_sourced_figure_of_the_article_is_present(
    kb: KnowledgeBase, cause_id: str, figure: dict[str, Any], organisation_id: str, organisation: str, population: str
) -> None:
    cause = cause_of(kb, cause_id)
    article_figures = [s for s in cause.statistics if s.page is None]  # a page's figures are checked apart
    assert len(article_figures) == 1
    stat = article_figures[0]
    assert {k: getattr(stat, k) for k in figure} == figure
    assert stat.unit == "percent"
    assert stat.credited == organisation_id
    assert stat.population == population
    source = next(o for o in kb.organisations if o.id == organisation_id)
    assert source.name == organisation
    assert source.short == organisation_id.upper()


def test_the_30_to_40_percent_figure_is_about_chemotherapy_induced_neuropathy_among_treated_patients(
    kb: KnowledgeBase,
) -> None:
    [stat] = [s for c in kb.causes for s in c.statistics if (s.low, s.high) == (30, 40)]
    assert stat in cause_of(kb, "chemotherapy").statistics
    assert stat.about == "chemotherapy-induced-neuropathy"
    assert stat.population == "patients treated with chemotherapy"
    assert stat.credited == "nci"
    assert "chemotherapy-induced-neuropathy" in {f.id for f in kb.forms}


def test_every_organisation_has_an_https_url_and_nests_only_under_a_declared_one(kb: KnowledgeBase) -> None:
    assert [o.id for o in kb.organisations] == ["nih", "ninds", "nci", "mayo-clinic", "niddk"]
    declared = {o.id for o in kb.organisations}
    for organisation in kb.organisations:
        assert re.fullmatch(r"https://[a-z0-9.-]+\.[a-z]{2,}/\S*", organisation.url), organisation.url
        if organisation.part_of is not None:
            assert organisation.part_of in declared - {organisation.id}, organisation.id
            assert organisation.part_of_source is not None
            assert organisation.part_of_source.startswith("https://www.nih.gov/"), organisation.part_of_source
    assert {o.id: o.part_of for o in kb.organisations} == {
        "nih": None, "ninds": "nih", "nci": "nih", "mayo-clinic": None,
        "niddk": "nih",
    }  # fmt: skip


def test_mayo_clinic_is_credited_with_the_post_surgical_findings_and_in_no_summary(kb: KnowledgeBase) -> None:
    cause = cause_of(kb, "post-surgical")
    assert cause.claims and all(c.credited == "mayo-clinic" for c in cause.claims)
    assert any("Mayo Clinic researchers found" in c.text for c in cause.claims)
    assert {org for cause_id, _, _, org in credited_facts(kb) if cause_id == cause.id} - {""} == {"mayo-clinic"}
    assert "Mayo Clinic" not in cause.summary


def test_every_fact_that_names_an_organisation_credits_it(kb: KnowledgeBase) -> None:
    names = {o.id: (o.name, o.short) for o in kb.organisations}
    for cause_id, kind, text, credited in credited_facts(kb):
        for org, (name, short) in names.items():
            if re.search(rf"\b({re.escape(name)}|{re.escape(short)})\b", text):
                assert credited == org, (cause_id, kind, text)


def test_no_summary_credits_an_organisation(kb: KnowledgeBase) -> None:
    """Credits live in facts (`credited`), never in a summary's "according to" sentence."""
    organisation_words = [w for o in kb.organisations for w in (o.name, o.short)]
    summaries = [
        ("overview", kb.overview.summary),
        *((f"form {f.id}", f.summary) for f in kb.forms),
        *((c.id, c.summary) for c in kb.causes),
        *((f"{c.id}/{s.id}", s.summary) for c in kb.causes for s in c.subtypes),
    ]
    assert len(summaries) == 1 + 3 + 8 + 6
    for where, summary in summaries:
        assert not re.search(r"\baccording to\b", summary, re.IGNORECASE), where
        assert not any(re.search(rf"\b{re.escape(w)}\b", summary) for w in organisation_words), where


# The article's credits, each with the passage of the article that gives it: every credited fact
# must rest on one of them (same cause, same organisation, its text about what the passage says).
ARTICLE_CREDITS = [
    ("injury", "ninds", r"most common cause",
     "Injuries leading to nerve damage are the most common cause of neuropathy, according to the National Institute "
     "of Neurological Disorders and Stroke (NINDS)."),
    ("diabetes", "ninds", r"\bneuropathy\b.*people with diabetes",
     "Anywhere from 60-70% of people with diabetes have some form of neuropathy, according to NINDS."),
    ("alcohol", "nih", r"\bneuropathy\b.*heavy alcohol users",
     "As many as 50% of heavy alcohol users report the condition, according to the National Institutes of Health "
     "(NIH)."),
    ("chemotherapy", "nci", r"chemotherapy-induced neuropathy.*patients treated with chemotherapy",
     "Chemotherapy-caused neuropathy is relatively common, affecting 30-40% of patients, according to the National "
     "Cancer Institute (NCI)."),
    ("chemotherapy", "nci", r"ending their chemotherapy earlier than planned",
     "The condition is 1 of the most commonly cited reasons for patients stopping their treatment ahead of schedule, "
     "according to the NCI."),
    ("post-surgical", "mayo-clinic", r"inflammation after (surgery|an operation)",
     "In rare cases, inflammation that occurs after surgery may lead to a condition known as post-surgical "
     "neuropathy, Mayo Clinic researchers found."),
    ("post-surgical", "mayo-clinic", r"hip operation|[Mm]uscle weakness|immunosuppressive",
     "1 of the subjects in the Mayo Clinic study underwent hip surgery and developed severe neuropathic leg pain "
     "coupled with muscle weakness shortly after. Patients were treated with immunosuppressive drugs, which helped "
     "heal the pain."),
]  # fmt: skip


def article_text() -> str:
    if not ARTICLE.exists():
        pytest.skip(f"the source article is not beside the checkout ({ARTICLE})")
    return " ".join(ARTICLE.read_text(encoding="utf-8").split())


@pytest.mark.parametrize(("cause_id", "org", "passage"), [(c, o, p) for c, o, _, p in ARTICLE_CREDITS])
def test_each_credit_of_the_article_is_in_the_article_and_names_its_organisation(
    kb: KnowledgeBase, cause_id: str, org: str, passage: str
) -> None:
    assert passage in article_text()
    organisation = next(o for o in kb.organisations if o.id == org)
    assert organisation.name in passage or organisation.short in passage


def test_every_credited_fact_rests_on_a_credit_of_the_article(kb: KnowledgeBase) -> None:
    credited = [(c, k, t, o) for c, k, t, o, page in credited_facts(kb, pages=True) if o and not page]
    assert len(credited) == 9  # a fact from an organisation's own page is checked against that page's list
    for cause_id, kind, text, org in credited:
        assert any((c, o) == (cause_id, org) and re.search(pattern, text) for c, o, pattern, _ in ARTICLE_CREDITS), (
            cause_id,
            kind,
            text,
            org,
        )


def test_every_credit_of_the_article_is_carried_by_a_fact(kb: KnowledgeBase) -> None:
    credited = [(c, t, o) for c, _, t, o in credited_facts(kb) if o]
    for cause_id, org, pattern, _ in ARTICLE_CREDITS:
        assert any((c, o) == (cause_id, org) and re.search(pattern, t) for c, t, o in credited), (cause_id, pattern)


def test_disclaimer_says_this_is_not_medical_advice(kb: KnowledgeBase) -> None:
    disclaimer = kb.overview.disclaimer
    assert re.search(r"\b(not|never)\b[^.]*\bmedical advice\b", disclaimer, re.IGNORECASE), disclaimer
    assert re.search(r"\bdoctor\b", disclaimer)


def test_every_medical_help_advice_has_a_source_and_its_web_address(kb: KnowledgeBase) -> None:
    assert kb.medical_help is not None
    assert len(kb.medical_help.advice) == 4
    for advice in kb.medical_help.advice:
        assert advice.source.strip(), advice.text
        assert re.fullmatch(r"https?://[a-z0-9.-]+\.[a-z]{2,}/\S+", advice.url), advice.url
        assert advice.applies_to.strip(), advice.text
    assert {a.source.split(" (")[0].split(",")[0] for a in kb.medical_help.advice} == {
        "Mayo Clinic", "Cleveland Clinic", "National Cancer Institute",
    }  # fmt: skip


def test_no_figure_appears_in_prose_without_a_statistic_behind_it(kb: KnowledgeBase) -> None:
    figures = {f"{n:g}" for c in kb.causes for s in c.statistics for n in (s.low, s.high, s.value) if n is not None}
    for cause in kb.causes:
        for number in re.findall(r"\b(\d+) percent\b", text_of(kb, cause.id)):
            assert number in figures, (cause.id, number)


# issue 13: corrections of the first knowledge base


def test_no_symptom_description_grades_the_symptom(kb: KnowledgeBase) -> None:
    for symptom in kb.symptoms:
        assert not re.search(r"\b(milder|stronger|mildest|strongest)\b|\bend of the range\b", symptom.description), (
            symptom.id
        )


def test_no_symptom_description_ties_a_symptom_to_one_cause(kb: KnowledgeBase) -> None:
    general = [s if isinstance(s, str) else s.symptom for f in kb.forms if f.id == "peripheral-neuropathy"
               for s in f.symptoms]  # fmt: skip
    assert len(general) == 9  # the article's seven, and two from NINDS's page
    descriptions = {s.id: s.description for s in kb.symptoms}
    for symptom in kb.symptoms:
        assert not re.search(r"\ba sign of\b|diabetic amyotrophy", symptom.description, re.IGNORECASE), symptom.id
    for symptom_id in general:
        assert "amyotrophy" not in descriptions[symptom_id].lower(), symptom_id


def test_diabetes_puts_people_with_25_years_of_it_most_at_risk_and_no_sliding_scale(kb: KnowledgeBase) -> None:
    diabetes = cause_of(kb, "diabetes")
    [risk] = [r for r in diabetes.risk_factors if "25" in r.text]
    assert re.search(r"\b25 years or more\b.*\bmost at risk\b", risk.text), risk.text
    for where, text in every_text(kb):
        assert not re.search(r"\bthe longer\b.*\bthe (greater|higher|more)\b", text, re.IGNORECASE), where


def test_smoking_and_heavy_drinking_raise_diabetic_neuropathy_not_diabetes(kb: KnowledgeBase) -> None:
    diabetes = cause_of(kb, "diabetes")
    raised = {r.text: r.raises for r in diabetes.risk_factors}
    assert raised["Smoking."] == "diabetic-neuropathy"
    assert raised["Drinking too much alcohol."] == "diabetic-neuropathy"


def test_chemotherapy_says_dose_changes_and_stopping_early_are_decided_with_the_care_team(kb: KnowledgeBase) -> None:
    treatment = [t.text for t in cause_of(kb, "chemotherapy").treatment]
    assert any(
        re.search(r"\bdose\b", t) and re.search(r"\bstopping\b.*\bearly\b", t) and re.search(r"\bcare team\b", t)
        and re.search(r"\bdecided\b", t)
        for t in treatment
    ), treatment  # fmt: skip


def test_kidney_disease_has_no_risk_factor_copied_from_heavy_alcohol_use(kb: KnowledgeBase) -> None:
    kidney, alcohol = cause_of(kb, "kidney-disease"), cause_of(kb, "alcohol")
    alcohol_texts = {r.text for r in alcohol.risk_factors} | {alcohol.mechanism}
    for risk in kidney.risk_factors:
        assert risk.text not in alcohol_texts, risk.text
        assert not re.search(r"\b(alcohol|drink\w*|fruit|vegetables)\b", risk.text, re.IGNORECASE), risk.text


def test_bone_cancer_no_longer_says_it_starts_in_a_bone(kb: KnowledgeBase) -> None:
    for where, text in every_text(kb):
        assert "starts in a bone" not in text, where


def test_the_neuroma_is_named_as_a_benign_growth(kb: KnowledgeBase) -> None:
    neuroma = next(s for s in cause_of(kb, "cancer").subtypes if s.id == "neuroma")
    assert "benign" in neuroma.name.lower()
    assert re.search(r"\bbenign\b.*\bnot a cancer\b", neuroma.summary), neuroma.summary


def test_tingling_reaches_cancer_only_through_benign_tumours(kb: KnowledgeBase) -> None:
    cancer = cause_of(kb, "cancer")
    assert "tingling" not in {symptom_id(s) for s in cancer.symptoms}
    assert [s.id for s in cancer.subtypes if "tingling" in {symptom_id(x) for x in s.symptoms}] == ["benign-tumours"]
    assert "peripheral-neuropathy" not in {f.form for f in cancer.leads_to}


def test_every_fact_credits_a_declared_organisation(kb: KnowledgeBase) -> None:
    declared = {o.id for o in kb.organisations}
    for cause_id, kind, text, credited in credited_facts(kb):
        assert credited == "" or credited in declared, (cause_id, kind, text)


FACTS = [
    # the overview
    ("overview", r"nervous system"),
    ("overview", r"heart"),
    ("overview", r"blood pressure"),
    ("overview", r"spinal cord"),
    ("overview", r"hot stove"),
    ("overview", r"peripheral neuropathy"),
    ("overview", r"feet and legs"),
    ("overview", r"hands and arms"),
    ("overview", r"numbness"),
    ("overview", r"tingling"),
    ("overview", r"worse at night"),
    ("overview", r"sensitive to touch"),
    ("overview", r"quality of life"),
    # injury
    ("injury", r"leading cause|most common cause"),
    ("injury", r"football"),
    ("injury", r"\b(car|road traffic)\b"),
    ("injury", r"\bcut\b|severed"),
    ("injury", r"crushed"),
    ("injury", r"stretch"),
    ("injury", r"broken bone"),
    # diabetes
    ("diabetes", r"blood sugar"),
    ("diabetes", r"glucose"),
    ("diabetes", r"oxygen and nutrients"),
    ("diabetes", r"[Ss]moking"),
    ("diabetes", r"alcohol"),
    ("diabetes", r"\b25 years\b"),
    ("diabetes", r"radiculoplexus"),
    ("diabetes", r"hips, thighs or legs"),
    ("diabetes", r"\bone side\b.*\bboth\b"),
    ("diabetes", r"[Oo]lder adults?.*type 2 diabetes"),
    ("diabetes", r"thigh muscles"),
    ("diabetes", r"getting up after sitting|standing up"),
    ("diabetes", r"[Ss]udden severe pain|[Ss]evere pain that begins (abruptly|all at once)"),
    # heavy alcohol use
    ("alcohol", r"\b(ten years|decade|10 years)\b"),
    ("alcohol", r"\bpoison"),
    ("alcohol", r"fruit"),
    ("alcohol", r"vegetables"),
    ("alcohol", r"kidney"),
    # kidney disease
    ("kidney-disease", r"filter"),
    ("kidney-disease", r"toxins|poisons"),
    # multiple sclerosis
    ("multiple-sclerosis", r"autoimmune"),
    ("multiple-sclerosis", r"gets worse over time|progressive"),
    ("multiple-sclerosis", r"\bmyelin\b"),
    ("multiple-sclerosis", r"protective"),
    ("multiple-sclerosis", r"spinal cord"),
    # cancer
    ("cancer", r"\bsarcoma\b"),
    ("cancer", r"soft.tissue"),
    ("cancer", r"[Bb]one cancer"),
    ("cancer", r"metastasis"),
    ("cancer", r"nerve tissue itself can become cancerous"),
    ("cancer", r"benign"),
    ("cancer", r"\bneuroma\b"),
    ("cancer", r"\bamputation\b"),
    ("cancer", r"awkward"),
    # chemotherapy
    ("chemotherapy", r"\bTaxol\b"),
    ("chemotherapy", r"breast cancer"),
    ("chemotherapy", r"melanoma"),
    ("chemotherapy", r"o?esophageal"),
    ("chemotherapy", r"foot"),
    ("chemotherapy", r"mild to severe"),
    ("chemotherapy", r"ending their chemotherapy earlier"),
    ("chemotherapy", r"lower chemotherapy dose eases the pain"),
    ("chemotherapy", r"goes away once their treatment is finished"),
    ("chemotherapy", r"months or even years"),
    # post-surgical neuropathy
    ("post-surgical", r"Mayo Clinic"),
    ("post-surgical", r"\brarely\b|\brare\b"),
    ("post-surgical", r"inflammation"),
    ("post-surgical", r"immune system"),
    ("post-surgical", r"\bhip (surgery|operation)\b"),
    ("post-surgical", r"muscle weakness"),
    ("post-surgical", r"pulls|stretch"),
    ("post-surgical", r"squeezes|compress"),
    ("post-surgical", r"\bimmunosuppressive\b"),
]


@pytest.mark.parametrize(("where", "pattern"), FACTS, ids=[f"{w}:{p}" for w, p in FACTS])
def test_fact_of_the_article_is_present(kb: KnowledgeBase, where: str, pattern: str) -> None:
    assert re.search(pattern, text_of(kb, where)), f"{where} does not say /{pattern}/"


@pytest.mark.parametrize(
    ("name", "cause_id"),
    [
        ("taxol", "chemotherapy"),
        ("hip surgery", "post-surgical"),
        ("radiculoplexus neuropathy", "diabetes"),
        ("sarcoma", "cancer"),
        ("neuroma", "cancer"),
        ("kidney", "kidney-disease"),
        ("heavy drinking", "alcohol"),
        ("car accident", "injury"),
    ],
)
def test_article_terms_resolve_to_their_cause(store: Store, name: str, cause_id: str) -> None:
    assert store.resolve(name) == cause_id
