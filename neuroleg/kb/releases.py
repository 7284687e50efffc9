"""`validate`'s check of every code against the code systems' own releases, when they are installed.

The releases come as optional packages (`pip install 'neuroleg[codes]'`):
simple-icd-10-cm for ICD-10-CM and hpo3 for HPO. They take seconds to load,
so only `validate` imports them, each at most once per process; nothing else
in neuroleg needs them.
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import importlib.util
import re
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from neuroleg.kb.codes import Reference, cause_subjects, plain_code, references
from neuroleg.kb.links import Doc
from neuroleg.kb.safe_yaml import Loc
from neuroleg.kb.schema import Cause, Header
from neuroleg.kb.validate import Consumer, located

# the module each system's release is read from, and the package that installs it
PACKAGES = {"icd10cm": ("simple_icd_10_cm", "simple-icd-10-cm"), "hpo": ("pyhpo", "hpo3")}


class CodeReferences(Consumer):
    """Gathers every code a valid file names, with where it stands, as validation reads it."""

    def __init__(self) -> None:
        self.found: list[tuple[Loc, Reference]] = []
        self.declared: dict[str, tuple[Loc, str]] = {}  # system -> (where its release is named, the release)

    def add_cause(self, index: int, cause: Cause) -> None:
        doc = cause.model_dump(mode="json", exclude_none=True)
        at: Loc = ("causes", index)
        places = {doc["id"]: at, **{sub["id"]: (*at, "subtypes", j) for j, sub in enumerate(doc["subtypes"])}}
        for subject in cause_subjects(doc):
            self._add(places[subject.id], subject.codes)

    def finish(self, header: Header) -> None:
        top = header.model_dump(mode="json", exclude_none=True)
        self.declared = {
            s["id"]: (("code_systems", i, "release"), s["release"]) for i, s in enumerate(top["code_systems"])
        }
        if top["overview"].get("codes"):
            self._add(("overview",), top["overview"]["codes"])
        for key in ("symptoms", "forms"):
            for i, item in enumerate(top[key]):
                if item.get("codes"):
                    self._add((key, i), item["codes"])

    def _add(self, at: Loc, codes: Doc) -> None:
        self.found += [((*at, "codes", *ref.where), ref) for ref in references(codes)]

    def systems(self) -> list[str]:
        """The code systems the file uses, in a fixed order."""
        used = {ref.system for _, ref in self.found}
        return [s for s in PACKAGES if s in used]


def installed(system: str) -> bool:
    """Whether the package holding `system`'s release can be imported here."""
    return importlib.util.find_spec(PACKAGES[system][0]) is not None


def check_codes(data: bytes, path: str, found: CodeReferences) -> tuple[list[dict[str, str]], list[str]]:
    """Check every code against its system's release where that is installed, and that the installed release is
    the one the file names. Returns the releases used and the systems left unchecked (not installed); raises
    `KnowledgeBaseError` with every problem at its line."""
    systems = [s for s in found.systems() if installed(s)]
    issues: list[tuple[Loc, str]] = []
    for system in systems:
        where, declared = found.declared.get(system, ((), ""))
        held = installed_release(system)
        if held is not None and held != declared:  # codes checked against another release would prove nothing
            issues.append((where, f"the installed {system} release is {held!r}, not the {declared!r} this file names"))
    issues += release_issues(found.found, systems)
    if issues:
        raise located(data, path, issues)
    checked = [{"system": s, "release": release_name(s)} for s in systems]
    return checked, [s for s in found.systems() if s not in systems]


def installed_release(system: str) -> str | None:
    """The release the installed package holds, as the file names releases (April 2026, 2025-11-24)."""
    if system == "hpo":
        return str(hpo_release().version())
    names = " ".join(f.name for f in importlib.resources.files("simple_icd_10_cm.data").iterdir())
    found = re.search(r"code-list-([A-Z][a-z]+)-([0-9]{4})\.txt", names)  # its data files are named by release
    return f"{found[1]} {found[2]}" if found else None


def release_name(system: str) -> str:
    """The release a system's codes were checked against, as a reader should see it."""
    if system == "hpo":
        return f"HPO {installed_release(system)} (hpo3 {importlib.metadata.version('hpo3')})"
    return f"ICD-10-CM {installed_release(system)} (simple-icd-10-cm {importlib.metadata.version('simple-icd-10-cm')})"


def release_issues(found: Iterable[tuple[Loc, Reference]], systems: Iterable[str]) -> list[tuple[Loc, str]]:
    """A problem for each code that the installed release of its system does not hold as written."""
    checks: dict[str, Callable[[Reference], str | None]] = {"icd10cm": _icd_problem, "hpo": _hpo_problem}
    wanted = set(systems)
    issues = []
    for loc, ref in found:
        if ref.system in wanted:
            problem = checks[ref.system](ref)
            if problem:
                issues.append((loc, problem))
    return issues


@cache
def icd10cm_release() -> Any:
    """The ICD-10-CM release, as simple-icd-10-cm's module (loaded once per process)."""
    import simple_icd_10_cm  # type: ignore[import-untyped,import-not-found,unused-ignore]  # parses the release

    return simple_icd_10_cm


@cache
def hpo_release() -> Any:
    """The HPO release, as hpo3's `Ontology` (loaded once per process)."""
    from pyhpo import Ontology  # type: ignore[import-untyped,import-not-found,unused-ignore]  # hpo3's module

    Ontology()  # loads the release (about 0.5 s)
    return Ontology


def _icd_problem(ref: Reference) -> str | None:
    cm = icd10cm_release()
    code = plain_code(ref.code)
    if not cm.is_valid_item(code):
        return f"{ref.code} is not an ICD-10-CM code in this release"
    if ref.complete and not cm.is_leaf(code):
        dash = f"{code}.-" if "." not in code else f"{code}-"
        return f"{ref.code} is a category in this release: name one of its codes, or give {dash} under see_also"
    if ref.code.endswith("-") and cm.is_leaf(code):
        return f"{ref.code} is a complete code in this release: write it without the '-'"
    said = cm.get_description(code)
    if ref.label is not None and said != ref.label:
        return f"the release describes {code} as {said!r}, not {ref.label!r}"
    return None


def _hpo_problem(ref: Reference) -> str | None:
    if ref.label is None and ref.where[-1] == "note":  # else a term in a note could carry any label unchecked
        return f"write the term's label, as the release spells it, before its id: 'Label ({ref.code})'"
    try:
        term = hpo_release().get_hpo_object(ref.code)
    except (RuntimeError, KeyError, ValueError):  # hpo3 says "Unknown HPO term" with a RuntimeError
        return f"{ref.code} is not an HPO term in this release"
    if getattr(term, "is_obsolete", False):
        return f"{ref.code} ({term.name}) is obsolete in this release"
    if ref.label is not None and term.name != ref.label:
        return f"the release labels {ref.code} {term.name!r}, not {ref.label!r}"
    return None
