"""Standard codes as the views show them: "typically coded as", with the release named, and `neuroleg codes`.

Codes are framed as education: each page that shows them says once that
coding is done by clinicians and coders from the full record (`CODES_NOTE`).
"""

from __future__ import annotations

from typing import Any

from neuroleg.db.store import Store
from neuroleg.kb.links import Doc
from neuroleg.text.wording import join_items
from neuroleg.views.document import Block, Fields, Grid, Heading, Para, Title, View
from neuroleg.views.notes import CODES_NOTE, SHORT_DISCLAIMER

SYSTEM_KEYS = ("icd10cm", "hpo")
KIND_NAMES = {
    "condition": "the condition",
    "form": "form of neuropathy",
    "cause": "cause",
    "subtype": "subtype",
    "symptom": "symptom",
}


def codes_entry(codes: Doc | None, systems: dict[str, Doc]) -> Doc | None:
    """A subject's codes for a view and the machine formats: each system's block with its name and release."""
    if not codes:
        return None
    out: Doc = {}  # the record's own fields, with its None values dropped as the machine formats expect
    for key in SYSTEM_KEYS:
        if codes.get(key):  # a record kept with its empty fields has `hpo: null`
            system = systems.get(key, {})
            fields = {k: v for k, v in codes[key].items() if v is not None}
            out[key] = {"system": system.get("name", key), "release": system.get("release"), **fields}
    return out


def system_label(block: Doc) -> str:
    """'ICD-10-CM, April 2026 (fiscal year 2026)': a system's name and the release its codes come from."""
    return f"{block['system']}, {block['release']}" if block.get("release") else str(block["system"])


def icd_text(icd: Doc, *, notes: bool = True) -> str:
    """How a subject is typically coded, in words: each code with the release's description of it."""
    if icd.get("coded_as"):
        said = join_items(_coding(c) for c in icd["coded_as"])
    else:
        said = f"No single code. {icd['no_single_code']}"
    if icd.get("see_also"):
        said = _sentence(said) + " See also: " + join_items(f"{e['code']} {e['label']}" for e in icd["see_also"])
    if notes and icd.get("note"):
        said = _sentence(said) + " " + icd["note"]
    return said


def icd_short(icd: Doc) -> str:
    """The codes alone, for a comparison or a listing cell."""
    if icd.get("coded_as"):
        return join_items(
            " + ".join(e["code"] for e in c["codes"]) + (f" ({c['when']})" if c.get("when") else "")
            for c in icd["coded_as"]
        )
    nearby = ", ".join(e["code"] for e in icd.get("see_also", []))
    return f"no single code (see also {nearby})" if nearby else "no single code"


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


def code_blocks(entry: Doc | None, level: int = 2, *, note: bool = True) -> list[Block]:
    """A section of a subject's codes, with the note on what codes are for (unless the page says it elsewhere)."""
    pairs = code_pairs(entry)
    if not pairs:
        return []
    blocks: list[Block] = [Heading("Standard codes", level), Fields(tuple(pairs))]
    return [*blocks, Para(CODES_NOTE, note=True)] if note else blocks


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
        Para("Run 'neuroleg show CODE' for the cause that carries a code, 'neuroleg show NAME' for a cause in full."),
        Para(f"{CODES_NOTE} {SHORT_DISCLAIMER}", note=True),
    ]
    data = {"systems": list(systems.values()), "subjects": subjects, "note": CODES_NOTE}
    return View("codes", data, tuple(blocks), tuple(_rows(subjects)))


def _rows(subjects: list[Doc]) -> list[dict[str, Any]]:
    """One row per code (or combination, or term): the long shape a spreadsheet filters best."""
    rows = []
    for s in subjects:
        base = {"subject_kind": s["kind"], "subject_id": s["id"], "subject": s["name"], "cause_id": s["cause"] or ""}
        icd = s["codes"].get("icd10cm")
        if icd:
            head = {**base, "system": icd["system"], "release": icd.get("release") or ""}
            for c in icd.get("coded_as", []):
                code, label = " + ".join(e["code"] for e in c["codes"]), " + ".join(e["label"] for e in c["codes"])
                rows.append({**head, "code": code, "label": label, "fit": "typical", "when": c.get("when", ""),
                             "note": icd.get("note", "")})  # fmt: skip
            if not icd.get("coded_as"):
                rows.append({**head, "code": "", "label": "", "fit": "no single code", "when": "",
                             "note": icd["no_single_code"]})  # fmt: skip
            for e in icd.get("see_also", []):
                rows.append({**head, "code": e["code"], "label": e["label"], "fit": "see also", "when": "", "note": ""})
        hpo = s["codes"].get("hpo")
        if hpo:
            head = {**base, "system": hpo["system"], "release": hpo.get("release") or ""}
            term = {"code": hpo.get("id", ""), "label": hpo.get("label", ""), "fit": hpo["fit"], "when": ""}
            rows.append({**head, **term, "note": hpo.get("note", "")})
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
