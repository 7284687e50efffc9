"""Standard codes in the records: which subjects carry them, and every code and term a record names.

One home for walking `codes`, read by the validator (and its release check), the
compiler, the views and the `codes` listing. Works on plain records (`Doc`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Literal, NamedTuple

from neuroleg.kb.links import Doc


@cache
def icd_in_text() -> re.Pattern[str]:
    """A code named inside a sentence of a note, checked against the release like the others (compiled when
    first asked: only `validate` reads notes for codes). A full stop after a code ends the sentence."""
    return re.compile(r"(?<![\w.:-])([A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4}|\.[0-9A-Z]{0,3}-)?)(?!\w|\.\w)")


@cache
def hpo_in_text() -> re.Pattern[str]:
    """A term in a note, written "Label (HP:0000000)": the label runs from its last capitalised word."""
    return re.compile(r"(?:\b([A-Z][\w-]*(?: [a-z][\w-]*)*) \()?\b(HP:[0-9]{7})\b")


class Coded(NamedTuple):
    """A subject that carries codes: a cause, one of its subtypes, a form, a symptom or the condition itself."""

    kind: Literal["condition", "form", "cause", "subtype", "symptom"]
    id: str
    name: str
    codes: Doc
    cause: str | None  # the cause a subtype belongs to


class Reference(NamedTuple):
    """One code or term a record names, where, and what the release must say of it."""

    where: tuple[str | int, ...]  # the keys under the subject's `codes`
    system: Literal["icd10cm", "hpo"]
    code: str  # as written: E11.44, S74.-, HP:0003401
    label: str | None  # the release's own words, when the record gives them
    complete: bool  # a code that must be reportable as it stands (not a category)


def cause_subjects(cause: Doc) -> Iterator[Coded]:
    """The cause, then each of its subtypes, that carries codes."""
    if cause.get("codes"):
        yield Coded("cause", cause["id"], cause["name"], cause["codes"], None)
    for sub in cause["subtypes"]:
        if sub.get("codes"):
            yield Coded("subtype", sub["id"], sub["name"], sub["codes"], cause["id"])


def carried_codes(codes: Doc) -> list[str]:
    """The codes a subject is typically coded as (each code of a combination too): a code finds its subject."""
    icd = codes.get("icd10cm") or {}
    return [entry["code"] for coding in icd.get("coded_as") or [] for entry in coding["codes"]]


def mentioned_codes(codes: Doc) -> list[str]:
    """Every ICD-10-CM code a subject's codes name, carried or pointed to, each once."""
    return [code for code, _ in labelled_codes(codes)]


def references(codes: Doc) -> Iterator[Reference]:
    """Every code and term one subject's codes name: in fields, and inside the sentences of its notes."""
    icd = codes.get("icd10cm") or {}
    for i, coding in enumerate(icd.get("coded_as", [])):
        for j, entry in enumerate(coding["codes"]):
            yield Reference(("icd10cm", "coded_as", i, "codes", j), "icd10cm", entry["code"], entry["label"], True)
    for i, entry in enumerate(icd.get("see_also", [])):
        complete = not entry["code"].endswith("-")
        yield Reference(("icd10cm", "see_also", i), "icd10cm", entry["code"], entry["label"], complete)
    for key in ("no_single_code", "note"):
        for code in icd_in_text().findall(icd.get(key) or ""):
            yield Reference(("icd10cm", key), "icd10cm", code, None, False)
    hpo = codes.get("hpo")
    if hpo is None:
        return
    if hpo.get("id"):
        yield Reference(("hpo", "id"), "hpo", hpo["id"], hpo["label"], True)
    for label, term in hpo_in_text().findall(hpo.get("note") or ""):
        yield Reference(("hpo", "note"), "hpo", term, label or None, True)


def condition_name(overview: Doc, condition: Doc) -> str:
    """The name the overview's codes are given under: the overview's `condition`, else the file's condition."""
    return str(overview.get("condition") or condition["name"])


def labelled_codes(codes: Doc) -> list[tuple[str, str]]:
    """(code, the release's description) of every ICD-10-CM code a subject names, carried then pointed to, each
    once."""
    icd = codes.get("icd10cm") or {}
    entries = [e for coding in icd.get("coded_as") or [] for e in coding["codes"]] + (icd.get("see_also") or [])
    return list({e["code"]: e["label"] for e in entries}.items())


def looks_like_code(name: str) -> bool:
    """Whether a name is written like an ICD-10-CM code or an HPO id (any case, dot and '-' optional)."""
    key = code_key(name)
    if key.startswith("HP:"):
        return len(key) == 10 and key[3:].isdigit()
    return 3 <= len(key) <= 7 and key[0].isalpha() and key[1].isdigit() and key.isalnum() and key.isascii()


def code_key(code: str) -> str:
    """A code as it is compared: any case, with or without its dot or a category's '-' (E11.44, e1144, S74.-)."""
    return plain_code(code.strip().upper()).replace(".", "")


def plain_code(code: str) -> str:
    """A code as the release's tables key it: a category's trailing '-' (and the dot before it) dropped."""
    return code.rstrip("-").rstrip(".")
