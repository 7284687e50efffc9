"""`neuroleg match`: the causes this reference links to given symptoms, in every format. The disclaimer and
when to get medical help come first, whole; on a terminal, in short right after the results."""

from __future__ import annotations

from neuroleg.domain.credits import distinct_origins, origin_line, origin_text
from neuroleg.domain.match import CauseMatch, Given, MatchResult, Meeting, Unknown
from neuroleg.errors import NoMatchError
from neuroleg.kb.links import Doc
from neuroleg.text.names import lower_first
from neuroleg.text.wording import join_items
from neuroleg.views.document import Block, Bullets, Fields, Heading, Para, Title, View
from neuroleg.views.medical_help import help_blocks, help_pointer
from neuroleg.views.notes import NOT_DIAGNOSTIC, match_disclaimer, match_short

NOT_LINKED = "The reference does not link"
ORDER = (
    "The order counts how many of the items you gave the reference links to each cause (a link through a "
    "form of neuropathy counts too; a risk factor that counts only among people who have the cause does not); "
    "it says nothing of how likely any cause is."
)
ORIGINS = "Each fact names where it comes from: the article this reference is built on, or an organisation's page."


def match_view(result: MatchResult, limit: int = 0) -> View:
    """The ranked causes (the best `limit` of them; 0: all), what each met and the facts behind it; the
    disclaimer leads every format."""
    given = len(result.terms) + sum(1 for u in result.unknown if not u.place)  # a body part alone is no item
    shown = result.causes[:limit] if limit else result.causes
    more = max(result.total, len(result.causes)) - len(shown)
    disclaimer = match_disclaimer(result.condition)
    data = {
        "disclaimer": disclaimer,
        "medical_help": result.medical_help,
        "given": {
            "symptoms": [
                {"text": t.text, "resolved": _resolved(t), "phrases": [_copy(p) for p in t.phrases]}
                for t in result.terms
                if t.kind == "symptom"
            ],
            "risk_factors": [t.text for t in result.terms if t.kind == "risk"],
        },
        "causes": [
            {
                "id": c.id,
                "name": c.name,
                "category": c.category,
                "score": c.score,
                # copies: causes share meetings, and YAML would write a record met twice as an alias
                "met": [_meeting_record(m) for m in c.meetings],
                "missed": list(c.missed),
            }
            for c in shown
        ],
        "more": more,
        "unrecognised": [u._asdict() | {"suggestions": list(u.suggestions)} for u in result.unknown],
        "general": list(result.general),
    }
    title, gave = Title("Causes this reference links to what you gave"), Fields(tuple(_given(result)))
    results = _results(shown, given, more)
    tail = _sources(shown, result)
    blocks = (
        title,
        Para(disclaimer, note=True),
        *help_blocks(result.medical_help),
        Heading("What you gave"),
        gave,
        Para(ORDER, note=True),
        *results,
        *tail,
    )
    # on a terminal the results come first, and the advice in a few lines right after them
    pointer = help_pointer(result.medical_help)
    screen = (
        title,
        gave,
        *results,
        Para(match_short(result.condition), note=True),
        *([Fields((pointer,))] if pointer else []),
        *tail,
    )
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
            "sources": _cited(m),
        }
        for rank, c in enumerate(shown, 1)
        for m in c.meetings
    )
    return View("match", data, blocks, rows, screen)


def _results(shown: tuple[CauseMatch, ...], given: int, more: int) -> list[Block]:
    """Each cause shown, with what it met and the facts behind it, and how many more there are."""
    blocks: list[Block] = []
    for rank, cause in enumerate(shown, 1):
        blocks.append(Heading(f"{rank}. {cause.name} ({cause.id}): {_linked(cause, given)}"))
        blocks.append(Bullets(tuple(_meeting_line(m) for m in cause.meetings)))
        if cause.missed:
            blocks.append(Fields(((NOT_LINKED, join_items(cause.missed)),)))
    if more:
        noun = "cause is" if more == 1 else "causes are"
        blocks.append(Para(f"{more:,} more {noun} linked too: '--limit 0' lists them all."))
    return blocks


def _sources(shown: tuple[CauseMatch, ...], result: MatchResult) -> list[Block]:
    """The page's sources, what was not recognised, and where to read more."""
    origins = _origins(shown, result.terms)
    blocks: list[Block] = [Heading("Sources"), Bullets(tuple(origin_line(o) for o in origins))] if origins else []
    blocks += _trailer(result)
    blocks.append(Para(f"{ORIGINS} Run 'neuroleg show NAME' for everything about a cause.", note=True))
    return blocks


NAMED = 3  # unknown words named in the first line; more are counted


def no_match_lines(exc: NoMatchError) -> list[str]:
    """What to say on stderr when nothing met, in a line where it can be: why, and the command that lists the
    words this reference knows. A word with something to say of its own (a close word, a body part) gets a line."""
    result = exc.result
    lost = [u for u in result.unknown if u.kind == "symptom" and not (u.place or u.too_general or u.suggestions)]
    if lost:
        words = ", ".join(repr(u.text) for u in lost[:NAMED])
        if len(lost) > NAMED:
            words += f" and {len(lost) - NAMED:,} more"
        head = f"{words} {'is' if len(lost) == 1 else 'are'} not in this reference, and nothing in it is close"
    else:
        head = "no cause in this reference is linked to what you gave"
    lines = [f"neuroleg: {head}; see 'neuroleg symptoms' for the words it knows"]
    if result.general:
        lines.append(
            f"{join_items(result.general)}: a symptom of {_forms(result)} in general, linked to no one "
            "cause here ('neuroleg overview')"
        )
    return lines + [_unknown_line(u) for u in result.unknown if u not in lost]


def _forms(result: MatchResult) -> str:
    return " or ".join(lower_first(f) for f in result.general_forms) or "neuropathy"


def _linked(cause: CauseMatch, given: int) -> str:
    """How many of the given items the reference links to a cause: never a likelihood or a diagnosis. A risk
    factor that counts only among people who have the cause is said apart: it is not counted."""
    met = sum(1 for m in cause.meetings if m.among is None)
    among = [m for m in cause.meetings if m.among is not None]
    also = f", and names {join_items(m.term for m in among)} as a risk factor in {among[0].among}" if among else ""
    if given == 1:
        return f"the reference links it to what you gave{also}" if met else f"the reference{also[5:]}"
    return f"the reference links it to {met} of the {given} items you gave{also}"


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
        pairs.append(("Symptoms", join_items(_read_as(t) for t in symptoms)))
    if risks:
        pairs.append(("Risk factors", join_items(risks)))
    return pairs


def _meeting_record(meeting: Meeting) -> Doc:
    """A meeting as plain data, every record copied: causes share meetings, and YAML would write a record met
    twice as an alias."""
    return meeting._asdict() | {
        "sources": [dict(s) for s in meeting.sources],
        "origin": _copy(meeting.origin),
        "evidence_origin": _copy(meeting.evidence_origin),
    }


def _copy(record: Doc | None) -> Doc | None:
    return {k: dict(v) if isinstance(v, dict) else v for k, v in record.items()} if record else None


def _source(origin: Doc | None, sources: tuple[Doc, ...] = ()) -> str:
    """Where a fact comes from, and the organisations the article credits for it."""
    where = origin_text(origin) if origin else "the source article"
    credited = [s["short"] for s in sources if not origin or origin.get("organisation") != s["id"]]
    return f"{where}; it credits {join_items(credited)}" if credited and origin and origin["kind"] != "page" else where


def _origins(causes: tuple[CauseMatch, ...], terms: tuple[Given, ...]) -> list[Doc]:
    """Every article, page and release the page cites, once each, in the order a reader meets them."""
    phrases = [phrase["origin"] for term in terms for phrase in term.phrases]
    met = [origin for cause in causes for m in cause.meetings for origin in (m.origin, m.evidence_origin)]
    return distinct_origins([*phrases, *met])


def _cited(meeting: Meeting) -> str:
    """A meeting's sources in a line: the fact's, and for a form the evidence's too."""
    if meeting.link == "form":
        return f"{_source(meeting.origin)} | {_source(meeting.evidence_origin, meeting.sources)}"
    return _source(meeting.origin, meeting.sources)


def _meeting_line(meeting: Meeting) -> str:
    if meeting.link == "form" and meeting.via:  # never worded like a link of the cause's own
        form = lower_first(meeting.via)
        of_form = f"It is a symptom of {form} (source: {_source(meeting.origin)})"
        source = _source(meeting.evidence_origin, meeting.sources)
        why = f"which this cause can lead to: {meeting.evidence} (Source: {source}.)"
        return f"{meeting.term}: {meeting.what}, through {form}. {meeting.fact} {of_form}, {why}"
    via = f", through its subtype {meeting.via}" if meeting.via else ""
    return f"{meeting.term}: {meeting.what}{via}. {meeting.fact} (Source: {_source(meeting.origin, meeting.sources)}.)"


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


def _read_as(term: Given) -> str:
    """A symptom as given, the terms it was read as, and the everyday phrase that read it, with its origin."""
    read = f"{term.text} (read as {' or '.join(term.names)}"
    for phrase in term.phrases:
        read += f'; "{phrase["text"]}": {_phrase_origin(phrase["origin"])}'
    return read + ")"


def _phrase_origin(origin: Doc) -> str:
    if origin["kind"] == "release":
        return f"a synonym of {origin['term']} in {origin['name']} {origin['release']}"
    return f"words from {origin_text(origin)}"


def _unknown_line(unknown: Unknown) -> str:
    what = "symptom" if unknown.kind == "symptom" else "risk factor"
    if unknown.too_general:
        return f"{what} {unknown.text!r}: too general to tell one cause from another here"
    if unknown.place:
        felt = f", such as {' or '.join(repr(s) for s in unknown.suggestions)}" if unknown.suggestions else ""
        return f"{unknown.text!r}: a part of the body, not a symptom; say what you feel there{felt}"
    if not unknown.suggestions:
        where = "neuroleg symptoms" if unknown.kind == "symptom" else "neuroleg causes"
        return f"{what} {unknown.text!r}: not in this reference, and nothing in it is close ('{where}' lists them)"
    close = " or ".join(repr(s) for s in unknown.suggestions)
    return f"{what} {unknown.text!r}: not in this reference; did you mean {close}?"


def _resolved(term: Given) -> list[Doc]:
    return [{"id": i, "name": n} for i, n in zip(term.symptoms, term.names, strict=True)]
