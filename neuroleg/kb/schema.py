"""The knowledge-base schema: typed records that raw YAML must become.

Imported only to validate a file or print the schema; the everyday path reads
the compiled cache and never loads pydantic.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64),
    Field(description="lower-case identifier: letters, digits and single hyphens"),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000, pattern=r"\S")]
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s/$.?#][^\s]*$", max_length=2_000)]
Unit = Literal["percent", "count", "years", "months"]
Qualifier = Literal["up to", "at least", "about"]


FORMAT = 2  # the version of the knowledge-base format this neuroleg reads


class StrictModel(BaseModel):
    """Shared settings: unknown keys are errors and types are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)


class Organisation(StrictModel):
    """An organisation the source credits with facts."""

    id: Slug
    name: Text
    short: Text = Field(description="the short name the text uses, e.g. NINDS")
    url: Url
    part_of: Slug | None = Field(default=None, description="id of the organisation this one is part of")
    part_of_source: Url | None = Field(default=None, description="a public page that says so")


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


class Form(StrictModel):
    """A form of neuropathy that facts can be about (peripheral neuropathy, diabetic neuropathy...)."""

    id: Slug
    name: Text
    aliases: list[Text] = []
    summary: Text
    symptoms: list[Slug] = Field(default=[], description="symptom ids of this form")


class Section(StrictModel):
    """A titled paragraph of the overview."""

    id: Slug
    title: Text
    text: Text


class Overview(StrictModel):
    """What neuropathic leg pain is, in plain words."""

    summary: Text
    sections: list[Section] = Field(min_length=1)
    disclaimer: Text


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


class Fact(StrictModel):
    """A statement, with the organisation the source credits for it (none: the source article itself)."""

    text: Text
    credited: Slug | None = Field(default=None, description="id of the organisation credited; absent: none")


class RiskFactor(Fact):
    """Something that raises the risk of a named subject."""

    raises: Slug | None = Field(
        default=None,
        description="what it raises the risk of: a form, or one of the cause's subtypes; absent: the cause "
        "or subtype it is listed under",
    )


class SymptomLink(StrictModel):
    """A symptom of the cause or subtype it is listed under, credited to an organisation."""

    symptom: Slug
    credited: Slug | None = Field(default=None, description="id of the organisation credited; absent: none")


class FormLink(StrictModel):
    """The source says this cause leads to a form of neuropathy; `evidence` says where, in our words."""

    form: Slug
    evidence: Text
    credited: Slug | None = Field(default=None, description="id of the organisation credited; absent: none")


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


class Cause(StrictModel):
    """One cause of neuropathic leg pain."""

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


class Header(StrictModel):
    """Everything in a knowledge-base file but its causes (which are checked one by one)."""

    format: Literal[2]
    overview: Overview
    medical_help: MedicalHelp | None = None
    organisations: list[Organisation] = Field(min_length=1)
    categories: list[Category] = Field(min_length=1)
    symptoms: list[Symptom] = Field(min_length=1)
    forms: list[Form] = []


class KnowledgeBase(Header):
    """A whole knowledge-base file."""

    model_config = ConfigDict(title="neuroleg knowledge base")

    causes: list[Cause] = Field(min_length=1)
