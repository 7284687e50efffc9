"""Standard codes as the views show them: "typically coded as", with the release named, and `neuroleg codes`.

Codes are framed as education: each page that shows them says once that
coding is done by clinicians and coders from the full record (`CODES_NOTE`).
"""

from __future__ import annotations

from typing import Any

from neuroleg.db.store import Store
from neuroleg.kb.links import Doc
from neuroleg.text.names import lower_first
from neuroleg.text.wording import join_items
from neuroleg.views.document import Block, Fields, Grid, Heading, Para, Title, View
from neuroleg.views.notes import CODES_NOTE, short_disclaimer

SYSTEM_KEYS = ("icd10cm", "hpo")
KIND_NAMES = {
    "condition": "the condition",
    "form": "a form of neuropathy",
    "cause": "a cause",
    "subtype": "a subtype",
    "symptom": "a symptom",
}


def codes_entry(codes: Doc | None, systems: dict[str, Doc]) -> Doc | None:
    """A subject's codes for a view and the machine formats: each system's block with its name and release."""
    if not codes:
        return None
    out: Doc = {}  # every field of each system's block, null where the file gives none: one shape for programs
    for key in SYSTEM_KEYS:
        block = codes.get(key)
        if block:  # a record kept with its empty fields has `hpo: null`
            system = systems.get(key, {})
            fields = {k: block.get(k) for k in _FIELDS[key]}
            if key == "icd10cm":
                fields["coded_as"] = [{"codes": c["codes"], "when": c.get("when")} for c in block.get("coded_as") or []]
                fields["see_also"] = list(block.get("see_also") or [])
            out[key] = {"system": system.get("name", key), "release": system.get("release"), **fields}
    return out


_FIELDS = {
    "icd10cm": ("subject", "coded_as", "no_single_code", "see_also", "note"),
    "hpo": ("id", "label", "fit", "note"),
}


def system_label(block: Doc) -> str:
    """'ICD-10-CM, April 2026': a system's name and the release its codes come from."""
    return f"{block['system']}, {block['release']}" if block.get("release") else str(block["system"])


def icd_text(icd: Doc, *, notes: bool = True) -> str:
    """How a subject is typically coded, in words: what the codes are for, then each code with the release's
    description of it."""
    if icd.get("coded_as"):
        said = join_items(_coding(c) for c in icd["coded_as"])
    else:
        said = f"no single code. {icd['no_single_code']}"
    said = f"For {icd['subject']}: {said}" if icd.get("subject") else said[:1].upper() + said[1:]
    if icd.get("see_also"):
        said = _sentence(said) + " See also: " + join_items(f"{e['code']} {e['label']}" for e in icd["see_also"])
    if notes and icd.get("note"):
        said = _sentence(said) + " " + icd["note"]
    return said


def icd_short(icd: Doc) -> str:
    """What the codes are for and the codes alone, for a comparison or a listing cell."""
    if icd.get("coded_as"):
        said = join_items(
            " + ".join(e["code"] for e in c["codes"]) + (f" ({c['when']})" if c.get("when") else "")
            for c in icd["coded_as"]
        )
    else:
        nearby = ", ".join(e["code"] for e in icd.get("see_also") or [])
        said = f"no single code (see also {nearby})" if nearby else "no single code"
    return f"{icd['subject']}: {said}" if icd.get("subject") else said


def hpo_text(hpo: Doc, *, notes: bool = True) -> str:
    """The HPO term that names a subject, and how well it fits."""
    said = "No term fits exactly." if hpo["fit"] == "none" else f"{hpo['id']} {hpo['label']} ({hpo['fit']})"
    if notes and hpo.get("note"):
        said = _sentence(said) + " " + hpo["note"]
    return said


def code_pairs(entry: Doc | None) -> list[tuple[str, str]]:
    """(label, text) for each system of a subject's codes: 'Typically coded as (ICD-10-CM, April 2026)'."""
    if not entry:
        return []
    pairs = []
    if "icd10cm" in entry:
        pairs.append((f"Typically coded as ({system_label(entry['icd10cm'])})", icd_text(entry["icd10cm"])))
    if "hpo" in entry:
        pairs.append((f"HPO term ({system_label(entry['hpo'])})", hpo_text(entry["hpo"])))
    return pairs


def titled_code_pairs(named: list[tuple[str, Doc | None]]) -> list[tuple[str, str]]:
    """`code_pairs` of several subjects on one list, each label led by its subject's name."""
    return [(f"{name}: {label}", text) for name, entry in named for label, text in code_pairs(entry)]


def code_blocks(entry: Doc | None, level: int = 2, *, note: bool = True) -> list[Block]:
    """A section of a subject's codes, with the note on what codes are for (unless the page says it elsewhere)."""
    pairs = code_pairs(entry)
    if not pairs:
        return []
    blocks: list[Block] = [Heading("Standard codes", level), Fields(tuple(pairs))]
    return [*blocks, Para(CODES_NOTE, note=True)] if note else blocks


def code_hint(holder: Doc) -> str:
    """What a code that finds no cause belongs to, and where to read about it."""
    name = lower_first(holder["name"])
    if holder["kind"] == "subtype":
        what, run = f"{name}, a subtype of {lower_first(holder['cause'] or holder['cause_id'])}", holder["cause_id"]
    elif holder["kind"] == "cause":
        what, run = name, holder["id"]
    else:
        what, run = f"{name} ({KIND_NAMES[holder['kind']]})", None
    if holder["code"].startswith("HP:"):
        said = f"{holder['code']} is the HPO term of {what}"
    elif holder["carried"]:
        said = f"{holder['code']} is how {what} is typically coded, and no one cause carries it"
    else:
        said = f"{holder['code']} is named beside {what}, for which no single code fits"
    where = f"'neuroleg show {run}' or 'neuroleg codes'" if run else "'neuroleg codes'"
    return f"{said}: see {where}"


def codes_view(store: Store) -> View:
    """`neuroleg codes`: the crosswalk of every subject that carries codes."""
    systems = store.code_systems()
    coded = store.coded()
    owners = store.cause_names([s["cause"] for s in coded if s["cause"]])
    subjects = []
    for subject in coded:
        entry = codes_entry(subject["codes"], systems)
        subjects.append({k: subject[k] for k in ("kind", "id", "name", "cause")} | {"codes": entry})
    grid = Grid(
        ("Subject", "ICD-10-CM: typically coded as", "HPO term"),
        tuple(
            (
                f"{s['name']} ({_kind(s, owners)})",
                icd_short(s["codes"]["icd10cm"]) if "icd10cm" in s["codes"] else "-",
                hpo_text(s["codes"]["hpo"], notes=False) if "hpo" in s["codes"] else "-",
            )
            for s in subjects
        ),
        wide=(1, 2),
        caption="Standard codes of each subject",
    )
    releases = [f"{system_label({'system': s['name'], 'release': s['release']})}: {s['url']}" for s in systems.values()]
    blocks: list[Block] = [Title("Standard codes (crosswalk)"), grid]
    if releases:
        blocks += [Heading("Releases"), Fields(tuple(("Codes from", r) for r in releases))]
    blocks += [
        Para(
            "'neuroleg show CODE' shows the cause a cause's or subtype's code belongs to; 'neuroleg show NAME' shows "
            "a cause in full."
        ),
        Para(f"{CODES_NOTE} {short_disclaimer(store.condition()['short'])}", note=True),
    ]
    data = {"systems": list(systems.values()), "subjects": subjects, "note": CODES_NOTE}
    return View("codes", data, tuple(blocks), tuple(_rows(subjects)))


def _rows(subjects: list[Doc]) -> list[dict[str, Any]]:
    """One row per code or term, the long shape a spreadsheet joins and filters best: the codes reported together
    share a `group` (G62.0 and T45.1X5A), in the order given; a subject with no single code has a row saying why."""
    rows = []
    for s in subjects:
        base = {"subject_kind": s["kind"], "subject_id": s["id"], "subject": s["name"], "cause_id": s["cause"] or ""}
        icd = s["codes"].get("icd10cm")
        if icd:
            head = {**base, "system": icd["system"], "release": icd["release"] or "", "coded": icd["subject"] or ""}
            for group, c in enumerate(icd["coded_as"], 1):
                rows += [{**head, "group": group, "code": e["code"], "label": e["label"], "fit": "typical",
                          "when": c["when"] or "", "note": icd["note"] or ""} for e in c["codes"]]  # fmt: skip
            if icd["no_single_code"]:
                rows.append({**head, "group": "", "code": "", "label": "", "fit": "no single code", "when": "",
                             "note": icd["no_single_code"]})  # fmt: skip
            rows += [{**head, "group": "", "code": e["code"], "label": e["label"], "fit": "see also", "when": "",
                      "note": ""} for e in icd["see_also"]]  # fmt: skip
        hpo = s["codes"].get("hpo")
        if hpo:
            head = {**base, "system": hpo["system"], "release": hpo["release"] or "", "coded": s["name"], "group": ""}
            term = {"code": hpo["id"] or "", "label": hpo["label"] or "", "fit": hpo["fit"], "when": ""}
            rows.append({**head, **term, "note": hpo["note"] or ""})
    return rows


def _kind(subject: Doc, owners: dict[str, str]) -> str:
    if subject["kind"] == "subtype" and subject["cause"]:
        return f"subtype of {owners.get(subject['cause'], subject['cause'])}"
    return KIND_NAMES.get(subject["kind"], str(subject["kind"]))


def _coding(coding: Doc) -> str:
    codes = " together with ".join(f"{e['code']} {e['label']}" for e in coding["codes"])
    return f"{codes} ({coding['when']})" if coding.get("when") else codes


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else text + "."
