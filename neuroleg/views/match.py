"""`neuroleg match`: the causes this reference links to given symptoms, in every format; the disclaimer and
when to get medical help come first."""

from __future__ import annotations

from neuroleg.domain.match import Given, MatchResult, Meeting, Unknown
from neuroleg.errors import NoMatchError
from neuroleg.kb.links import Doc
from neuroleg.text.names import lower_first
from neuroleg.text.wording import join_items
from neuroleg.views.document import Block, Bullets, Fields, Heading, Para, Title, View
from neuroleg.views.medical_help import help_blocks
from neuroleg.views.notes import MATCH_DISCLAIMER, NOT_DIAGNOSTIC

ARTICLE = "the source article"
NOT_LINKED = "The reference does not link"
UNCREDITED = (
    "A fact credited to no organisation comes from the source article this reference was written from, "
    "which names none for it."
)


def match_view(result: MatchResult, limit: int = 0) -> View:
    """The ranked causes (the best `limit` of them; 0: all), what each met and the facts behind it; the
    disclaimer leads every format."""
    given = len(result.terms) + len(result.unknown)
    shown = result.causes[:limit] if limit else result.causes
    more = max(result.total, len(result.causes)) - len(shown)
    data = {
        "disclaimer": MATCH_DISCLAIMER,
        "medical_help": result.medical_help,
        "given": {
            "symptoms": [{"text": t.text, "resolved": _resolved(t)} for t in result.terms if t.kind == "symptom"],
            "risk_factors": [t.text for t in result.terms if t.kind == "risk"],
        },
        "causes": [
            {
                "id": c.id,
                "name": c.name,
                "category": c.category,
                "score": c.score,
                # copies: causes share meetings, and YAML would write a record met twice as an alias
                "met": [m._asdict() | {"sources": [dict(s) for s in m.sources]} for m in c.meetings],
                "missed": list(c.missed),
            }
            for c in shown
        ],
        "more": more,
        "unrecognised": [u._asdict() | {"suggestions": list(u.suggestions)} for u in result.unknown],
        "general": list(result.general),
    }
    blocks: list[Block] = [Title("Causes this reference links to what you gave"), Para(MATCH_DISCLAIMER, note=True)]
    blocks += help_blocks(result.medical_help)
    blocks += [Heading("What you gave"), Fields(tuple(_given(result)))]
    for rank, cause in enumerate(shown, 1):
        blocks.append(Heading(f"{rank}. {cause.name} ({cause.id}): {_linked(len(cause.meetings), given)}"))
        blocks.append(Bullets(tuple(_meeting_line(m) for m in cause.meetings)))
        if cause.missed:
            blocks.append(Fields(((NOT_LINKED, join_items(cause.missed)),)))
    if more:
        noun = "cause is" if more == 1 else "causes are"
        blocks.append(Para(f"{more:,} more {noun} linked too: '--limit 0' lists them all."))
    blocks += _trailer(result)
    blocks.append(Para(f"{UNCREDITED} Run 'neuroleg show NAME' for everything about a cause.", note=True))
    help_note = _help_cell(result.medical_help)
    rows = tuple(
        {
            "note": NOT_DIAGNOSTIC,
            "medical_help": help_note,
            "rank": rank,
            "cause": c.id,
            "cause_name": c.name,
            "score": c.score,
            "met": len(c.meetings),
            "given": given,
            "term": m.term,
            "kind": m.kind,
            "what": m.what,
            "link": m.link,
            "via": m.via or "",
            "evidence": m.evidence or "",
            "fact": m.fact,
            "sources": "; ".join(s["short"] for s in m.sources) or ARTICLE,
        }
        for rank, c in enumerate(shown, 1)
        for m in c.meetings
    )
    return View("match", data, tuple(blocks), rows)


def no_match_lines(exc: NoMatchError) -> list[str]:
    """What to say on stderr when nothing met: why, and what the user might type instead."""
    result = exc.result
    lines = ["neuroleg: no cause in this reference is linked to what you gave"]
    if result.general:
        lines.append(
            f"{join_items(result.general)}: a symptom of {_forms(result)} in general, linked to no one "
            "cause here ('neuroleg overview')"
        )
    lines += [_unknown_line(u) for u in result.unknown]
    lines.append("run 'neuroleg symptoms' to see the symptom terms; this is not a diagnosis")
    return lines


def _forms(result: MatchResult) -> str:
    return " or ".join(lower_first(f) for f in result.general_forms) or "neuropathy"


def _linked(met: int, given: int) -> str:
    """How many of the given items the reference links to a cause: never a likelihood or a diagnosis."""
    if given == 1:
        return "the reference links it to what you gave"
    return f"the reference links it to {met} of the {given} items you gave"


def _help_cell(medical_help: Doc | None) -> str:
    if medical_help is None:
        return ""
    pages = "; ".join(dict.fromkeys(f"{a['source']}: {a['url']}" for a in medical_help["advice"]))
    return f"{medical_help['title']}: see 'neuroleg overview' ({pages})"


def _given(result: MatchResult) -> list[tuple[str, str]]:
    symptoms = [t for t in result.terms if t.kind == "symptom"]
    risks = [t.text for t in result.terms if t.kind == "risk"]
    pairs = []
    if symptoms:
        pairs.append(("Symptoms", join_items(f"{t.text} (read as {' or '.join(t.names)})" for t in symptoms)))
    if risks:
        pairs.append(("Risk factors", join_items(risks)))
    return pairs


def _meeting_line(meeting: Meeting) -> str:
    cited = join_items(f"{s['short']}, {s['url']}" for s in meeting.sources) or ARTICLE
    if meeting.link == "form" and meeting.via:  # never worded like a link of the cause's own
        form = lower_first(meeting.via)
        why = f"a symptom of {form}, which this cause can lead to: {meeting.evidence}"
        return f"{meeting.term}: {meeting.what}, through {form}. {meeting.fact} It is {why} (Source: {cited}.)"
    via = f", through its subtype {meeting.via}" if meeting.via else ""
    return f"{meeting.term}: {meeting.what}{via}. {meeting.fact} (Source: {cited}.)"


def _trailer(result: MatchResult) -> list[Block]:
    blocks: list[Block] = []
    if result.unknown:
        blocks += [Heading("Not recognised"), Bullets(tuple(_unknown_line(u) for u in result.unknown))]
    if result.general:
        note = (
            f"{join_items(result.general)}: a symptom of {_forms(result)} in general; this reference "
            "links it to no one cause (see 'neuroleg overview')."
        )
        blocks.append(Para(note, note=True))
    return blocks


def _unknown_line(unknown: Unknown) -> str:
    what = "symptom" if unknown.kind == "symptom" else "risk factor"
    if unknown.too_general:
        return f"{what} {unknown.text!r}: too general to tell one cause from another here"
    hint = f"; did you mean {' or '.join(repr(s) for s in unknown.suggestions)}?" if unknown.suggestions else ""
    return f"{what} {unknown.text!r}: not in this reference{hint}"


def _resolved(term: Given) -> list[Doc]:
    return [{"id": i, "name": n} for i, n in zip(term.symptoms, term.names, strict=True)]
