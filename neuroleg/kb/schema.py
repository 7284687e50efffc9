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
Category = Literal["injury", "metabolic", "toxic", "autoimmune", "cancer", "treatment", "surgery"]
Unit = Literal["percent", "count", "years", "months"]
Qualifier = Literal["up to", "at least", "about"]


class StrictModel(BaseModel):
    """Shared settings: unknown keys are errors and types are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)


class Source(StrictModel):
    """An organisation that facts are attributed to."""

    id: Slug
    name: Text
    short: Text
    url: Url


class Symptom(StrictModel):
    """A symptom term shared by causes, so that 'which causes bring X?' can be answered."""

    id: Slug
    name: Text
    description: Text


class Section(StrictModel):
    """A titled paragraph of the overview."""

    id: Slug
    title: Text
    text: Text


class Overview(StrictModel):
    """What neuropathic leg pain is, in plain words."""

    summary: Text
    sections: list[Section] = Field(min_length=1)
    symptoms: list[Slug] = Field(description="symptom ids of peripheral neuropathy in general")
    disclaimer: Text


class Statistic(StrictModel):
    """A figure with its population and source: a range (low, high) or a single value."""

    label: Text
    low: float | None = None
    high: float | None = None
    value: float | None = None
    qualifier: Qualifier | None = None
    unit: Unit
    population: Text
    source: Slug
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
    symptoms: list[Slug] = []
    risk_factors: list[Text] = []
    sources: list[Slug] = []


class Cause(StrictModel):
    """One cause of neuropathic leg pain."""

    id: Slug
    name: Text
    category: Category
    aliases: list[Text] = []
    summary: Text
    mechanism: Text
    symptoms: list[Slug] = Field(min_length=1)
    risk_factors: list[Text] = []
    statistics: list[Statistic] = []
    treatment: list[Text] = Field(default=[], description="treatment and outlook notes")
    subtypes: list[Subtype] = []
    related: list[Slug] = Field(default=[], description="ids of related causes")
    sources: list[Slug] = Field(default=[], description="ids of the organisations cited")


class Header(StrictModel):
    """Everything in a knowledge-base file but its causes (which are checked one by one)."""

    schema_version: Literal[1]
    overview: Overview
    sources: list[Source] = Field(min_length=1)
    symptoms: list[Symptom] = Field(min_length=1)


class KnowledgeBase(Header):
    """A whole knowledge-base file."""

    model_config = ConfigDict(title="neuroleg knowledge base")

    causes: list[Cause] = Field(min_length=1)
