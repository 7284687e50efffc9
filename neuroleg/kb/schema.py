"""The knowledge-base schema: typed records that raw YAML must become.

Imported only to validate a file or print the schema; the everyday path reads
the compiled cache and never loads pydantic.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64),
    Field(description="lower-case identifier: letters, digits and single hyphens"),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000, pattern=r"\S")]
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s/$.?#][^\s]*$", max_length=2_000)]
Unit = Literal["percent", "count", "years", "months"]
# ICD-10-CM: a letter, two characters, then up to four after the dot (E11.44, T45.1X5A)
IcdCode = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$"),
    Field(description="a complete ICD-10-CM code as the release writes it, e.g. E11.44"),
]
# ...or a category that needs more characters, written as the release's notes write one: S74.-, G35.B-
IcdReference = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4}|\.[0-9A-Z]{0,3}-)?$"),
    Field(description="an ICD-10-CM code, or a category ending in '-' (S74.-, G35.B-): its codes have more characters"),
]
HpoId = Annotated[str, StringConstraints(pattern=r"^HP:[0-9]{7}$"), Field(description="an HPO term id: HP:0003401")]
Qualifier = Literal["up to", "at least", "about"]


FORMAT = 2  # the version of the knowledge-base format this neuroleg reads


class StrictModel(BaseModel):
    """Shared settings: unknown keys are errors and types are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)


class CodeSystem(StrictModel):
    """A release of a standard code system that the knowledge base's codes come from."""

    id: Literal["icd10cm", "hpo"]
    name: Text = Field(description="e.g. ICD-10-CM")
    release: Text = Field(description="the release the codes and labels were checked against, e.g. April 2026")
    year: int = Field(ge=1990, le=2100)
    publisher: Text | None = None
    url: Url = Field(description="the publisher's page for the code system")
    checked_with: Text = Field(description="the copy of the release the tests check every code against")


class IcdEntry(StrictModel):
    """One ICD-10-CM code and the release's own description of it, word for word."""

    code: IcdCode
    label: Text = Field(description="the release's description of the code, exactly as it reads")


class IcdSeeAlso(StrictModel):
    """A nearby code or category, pointed to where no single code fits."""

    code: IcdReference
    label: Text = Field(description="the release's description of the code or category, exactly as it reads")


class IcdCoding(StrictModel):
    """One way a subject is typically coded: one code, or codes reported together, in the order given."""

    codes: list[IcdEntry] = Field(min_length=1, max_length=4)
    when: Text | None = Field(default=None, description="the case this coding is for, e.g. type 2 diabetes")


class Icd10Cm(StrictModel):
    """How a subject is typically coded in ICD-10-CM: the codes, or why no single code fits."""

    subject: Text = Field(description="what the codes are for, e.g. 'neuropathy from heavy alcohol use'")
    coded_as: list[IcdCoding] = Field(default=[], description="alternatives, e.g. one for type 1, one for type 2")
    no_single_code: Text | None = Field(default=None, description="why no one code fits")
    see_also: list[IcdSeeAlso] = Field(default=[], description="nearby codes or categories")
    note: Text | None = None

    @model_validator(mode="after")
    def _one_answer(self) -> Icd10Cm:
        if bool(self.coded_as) == (self.no_single_code is not None):
            raise ValueError("give either coded_as, or no_single_code with the reason")
        return self


class HpoTerm(StrictModel):
    """The Human Phenotype Ontology term that names a symptom or condition, and how well it fits."""

    id: HpoId | None = None
    label: Text | None = Field(default=None, description="the term's label, exactly as the release spells it")
    fit: Literal["exact", "approximate", "none"] = Field(description="none: no term fits; say why in note")
    note: Text | None = None

    @model_validator(mode="after")
    def _term_or_reason(self) -> HpoTerm:
        if self.fit == "none":
            if self.id is not None or self.label is not None or self.note is None:
                raise ValueError("with fit 'none', give no id or label, and say why in note")
        elif self.id is None or self.label is None:
            raise ValueError(f"with fit {self.fit!r}, give the term's id and label")
        return self


class Codes(StrictModel):
    """Standard identifiers of a subject: how it is typically coded, and the HPO term that names it."""

    icd10cm: Icd10Cm | None = None
    hpo: HpoTerm | None = None


def _codes() -> Any:
    """A subject's optional `codes` field (a fresh FieldInfo for each model that has one)."""
    return Field(default=None, description="standard identifiers: ICD-10-CM and HPO, checked against releases")


class Organisation(StrictModel):
    """An organisation the source credits with facts."""

    id: Slug
    name: Text
    short: Text = Field(description="the short name the text uses, e.g. NINDS")
    url: Url
    part_of: Slug | None = Field(default=None, description="id of the organisation this one is part of")
    part_of_source: Url | None = Field(default=None, description="a public page that says so")


class SourceArticle(StrictModel):
    """The article the knowledge base was written from, as its page names it: what a reader needs to cite it."""

    title: Text
    title_from: Literal["page", "address"] = Field(
        default="page", description="where the title comes from: the page's headline, or its address (no headline)"
    )
    publisher: Text = Field(description="who publishes it, as the site names itself")
    url: Url
    read_at: Url | None = Field(default=None, description="the stored copy that was read, where that is elsewhere")
    note: Text | None = Field(default=None, description="what the copy read did not show (title, author, date)")


class Page(StrictModel):
    """A public page of a named organisation that facts beyond the article come from."""

    id: Slug
    organisation: Slug = Field(description="id of the organisation whose page it is")
    title: Text = Field(description="the page's title, exactly as it gives it")
    series: Text | None = Field(default=None, description="the series or section it belongs to, as it names it")
    url: Url | None = Field(default=None, description="the organisation's own address for the page, where known")
    read_at: Url | None = Field(default=None, description="the stored copy that was read, where that is elsewhere")
    published: Text | None = Field(default=None, description="when the page was published, as it says")

    @model_validator(mode="after")
    def _somewhere(self) -> Page:
        if self.url is None and self.read_at is None:
            raise ValueError("give the page's address (url), or the copy that was read (read_at), or both")
        return self


class SynonymRelease(StrictModel):
    """The release of the Human Phenotype Ontology that everyday phrases marked `source: hpo` are synonyms in."""

    name: Text
    release: Text
    url: Url
    checked_with: Text = Field(description="the copy of the release the tests check every phrase against")


class Phrase(StrictModel):
    """Everyday words for a symptom term, and where they come from: the article, a page, or an HPO synonym."""

    text: Text
    source: Literal["article", "page", "hpo"]
    page: Slug | None = Field(default=None, description="with source 'page': the id of the page that uses it")
    term: HpoId | None = Field(default=None, description="with source 'hpo': the term it is a synonym of")

    @model_validator(mode="after")
    def _one_origin(self) -> Phrase:
        if (self.source == "page") != (self.page is not None):
            raise ValueError("give page (a page id) with source 'page', and only then")
        if (self.source == "hpo") != (self.term is not None):
            raise ValueError("give term (the HPO id it is a synonym of) with source 'hpo', and only then")
        return self


class PageSymptom(StrictModel):
    """A symptom of a form of neuropathy that a page gives (a bare id: the article gives it)."""

    symptom: Slug
    page: Slug = Field(description="id of the page that lists it")


# Where a form or cause is felt: the map of the legs draws the first four; hands and arms are said in words only
Region = Literal["feet", "legs", "thighs", "hips", "hands", "arms"]
Side = Literal["usually-one", "usually-both"]


class FeltIn(StrictModel):
    """Where one source says a form, cause or subtype is felt: regions of the body (the handout's map of the legs
    draws them), and on which side; from a page (`page`) or the article (`source: article`)."""

    where: list[Region] = Field(min_length=1, description="where the source says it is felt")
    sometimes: list[Region] = Field(default=[], description="where the source says it sometimes spreads to")
    side: Side | None = Field(default=None, description="one side or both, where the source says; absent: it does not")
    page: Slug | None = Field(default=None, description="id of the page that says so")
    source: Literal["article"] | None = Field(default=None, description="'article': the source article says so")

    @model_validator(mode="after")
    def _one_origin(self) -> FeltIn:
        if (self.page is None) == (self.source is None):
            raise ValueError("give the page that says where it is felt (page), or source: article; not both")
        if set(self.where) & set(self.sometimes):
            raise ValueError("a region is either where it is felt or where it sometimes spreads, not both")
        return self


def _felt_in() -> Any:
    """A subject's optional `felt_in` field (a fresh FieldInfo for each model that has one)."""
    return Field(default=[], description="where it is felt, each as one source says (the handout draws it)")


class Category(StrictModel):
    """A kind of cause, declared in the data so that an editor can add one."""

    id: Slug
    name: Text
    description: Text


class Symptom(StrictModel):
    """A symptom term shared by causes and forms, so that 'which causes bring X?' can be answered."""

    id: Slug
    name: Text
    description: Text
    phrases: list[Phrase] = Field(default=[], description="the everyday words people use for it, with their origin")
    codes: Codes | None = _codes()


class Fact(StrictModel):
    """A statement, with the organisation credited for it (none: the source article itself), and the page it
    comes from (none: the source article)."""

    text: Text
    credited: Slug | None = Field(default=None, description="id of the organisation credited; absent: none")
    page: Slug | None = Field(default=None, description="id of the page it comes from; absent: the article")


class Form(StrictModel):
    """A form of neuropathy that facts can be about (peripheral neuropathy, diabetic neuropathy...)."""

    id: Slug
    name: Text
    aliases: list[Text] = []
    summary: Text
    symptoms: list[Slug | PageSymptom] = Field(
        default=[], description="its symptoms: an id (the article gives it) or a symptom with the page that gives it"
    )
    claims: list[Fact] = Field(default=[], description="what the sources say of it, each with its page")
    felt_in: list[FeltIn] = _felt_in()
    codes: Codes | None = _codes()


class Section(StrictModel):
    """A titled paragraph of the overview."""

    id: Slug
    title: Text
    text: Text


class Overview(StrictModel):
    """What the condition is, in plain words."""

    summary: Text
    sections: list[Section] = Field(min_length=1)
    disclaimer: Text
    condition: Text | None = Field(default=None, description="the condition's name as codes name it")
    codes: Codes | None = _codes()


class HelpAdvice(StrictModel):
    """One point on when to get medical help, in our words, from a named organisation's public page."""

    text: Text
    applies_to: Text = Field(description="who it is for: anyone, people having chemotherapy...")
    source: Text = Field(description="the organisation whose page says it")
    url: Url = Field(description="the page it comes from")


class MedicalHelp(StrictModel):
    """When to get medical help: shown with the overview, every match, the quiz and the handout."""

    title: Text
    summary: Text
    advice: list[HelpAdvice] = Field(min_length=1)


class RiskFactor(Fact):
    """Something that raises the risk of a named subject."""

    raises: Slug | None = Field(
        default=None,
        description="what it raises the risk of: a form, or one of the cause's subtypes; absent: the cause "
        "or subtype it is listed under",
    )
    among: Text | None = Field(
        default=None, description="the people among whom it raises that risk, e.g. people with diabetes"
    )


class SymptomLink(StrictModel):
    """A symptom of the cause or subtype it is listed under, credited to an organisation or from a page."""

    symptom: Slug
    credited: Slug | None = Field(default=None, description="id of the organisation credited; absent: none")
    page: Slug | None = Field(default=None, description="id of the page it comes from; absent: the article")


class FormLink(StrictModel):
    """The source (the article, or a page) says this cause leads to a form of neuropathy; `evidence` says where,
    in our words."""

    form: Slug
    evidence: Text
    credited: Slug | None = Field(default=None, description="id of the organisation credited; absent: none")
    page: Slug | None = Field(default=None, description="id of the page it comes from; absent: the article")


class Statistic(StrictModel):
    """A figure with its subject, population and credited organisation: a range (low, high) or a single value."""

    label: Text
    low: float | None = None
    high: float | None = None
    value: float | None = None
    qualifier: Qualifier | None = None
    unit: Unit
    population: Text
    about: Slug | None = Field(
        default=None, description="what the figure is of: a form, or one of the cause's subtypes; absent: the cause"
    )
    credited: Slug = Field(description="id of the organisation that gives the figure")
    page: Slug | None = Field(default=None, description="id of the page it comes from; absent: the article")
    note: Text | None = None

    @model_validator(mode="after")
    def _check_numbers(self) -> Statistic:
        if self.value is None and (self.low is None or self.high is None):
            raise ValueError("give either value, or both low and high")
        if self.value is not None and (self.low is not None or self.high is not None):
            raise ValueError("give either value, or low and high, not both")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"low ({self.low:g}) is greater than high ({self.high:g})")
        numbers = [n for n in (self.low, self.high, self.value) if n is not None]
        if self.unit == "percent" and any(not 0 <= n <= 100 for n in numbers):
            raise ValueError("a percentage must be between 0 and 100")
        if any(n < 0 for n in numbers):
            raise ValueError("a figure cannot be negative")
        return self


class Subtype(StrictModel):
    """A named form of a cause, with its own signs (e.g. diabetic amyotrophy)."""

    id: Slug
    name: Text
    aliases: list[Text] = []
    summary: Text
    location: Text | None = None
    side: Text | None = None
    symptoms: list[Slug | SymptomLink] = []
    risk_factors: list[RiskFactor] = []
    claims: list[Fact] = []
    felt_in: list[FeltIn] = _felt_in()
    codes: Codes | None = _codes()


class Cause(StrictModel):
    """One cause of the condition."""

    id: Slug
    name: Text
    category: Slug = Field(description="id of a declared category")
    aliases: list[Text] = []
    summary: Text
    claims: list[Fact] = Field(default=[], description="statements the source credits to an organisation")
    mechanism: Text
    symptoms: list[Slug | SymptomLink] = Field(min_length=1, description="its own symptoms (a subtype lists its own)")
    leads_to: list[FormLink] = Field(default=[], description="forms of neuropathy the source says it leads to")
    risk_factors: list[RiskFactor] = []
    statistics: list[Statistic] = []
    treatment: list[Fact] = Field(default=[], description="treatment and outlook")
    subtypes: list[Subtype] = []
    related: list[Slug] = Field(default=[], description="ids of related causes")
    felt_in: list[FeltIn] = _felt_in()
    codes: Codes | None = _codes()


class Condition(StrictModel):
    """What a knowledge base is about: every title and note that names it takes it from here, never from code."""

    name: Text = Field(description="its name as a title gives it, e.g. Neuropathic leg pain")
    short: Text | None = Field(
        default=None, description="a few words for notes ('the cause of leg pain'); absent: the name, lower-cased"
    )


class GlossaryEntry(StrictModel):
    """A hard word the reference uses, its meaning in a few plain words, and where that meaning comes from: the
    article, or a page (by its id)."""

    id: Slug
    term: Text = Field(description="the word or phrase as the text writes it, e.g. myelin")
    aliases: list[Text] = Field(default=[], description="other spellings and forms that find it (tumor, tumours)")
    meaning: Text = Field(description="one or two short plain sentences, in our own words")
    source: Literal["article", "page"] = Field(description="where the meaning comes from")
    page: Slug | None = Field(default=None, description="with source 'page': the id of the page that says it")

    @model_validator(mode="after")
    def _one_origin(self) -> GlossaryEntry:
        if (self.source == "page") != (self.page is not None):
            raise ValueError("give page (a page id) with source 'page', and only then")
        return self


class Header(StrictModel):
    """Everything in a knowledge-base file but its causes (which are checked one by one)."""

    format: Literal[2]
    condition: Text | Condition = Field(description="what the file is about: its name, or {name, short}")
    source_article: SourceArticle | None = Field(default=None, description="the article this reference is built on")
    overview: Overview
    medical_help: MedicalHelp | None = None
    organisations: list[Organisation] = Field(min_length=1)
    pages: list[Page] = Field(default=[], description="organisations' pages that facts beyond the article come from")
    hpo_synonyms: SynonymRelease | None = Field(default=None, description="the release of phrases from HPO")
    categories: list[Category] = Field(min_length=1)
    symptoms: list[Symptom] = Field(min_length=1)
    forms: list[Form] = []
    code_systems: list[CodeSystem] = Field(default=[], description="the releases the codes come from")
    glossary: list[GlossaryEntry] = Field(default=[], description="the hard words the text uses, each explained")


class KnowledgeBase(Header):
    """A whole knowledge-base file."""

    model_config = ConfigDict(title="neuroleg knowledge base")

    causes: list[Cause] = Field(min_length=1)
