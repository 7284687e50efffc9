"""What keeps a quiz question fair: it tests knowledge, not guessing, and a plain reader would call its wrong choices
wrong. Pure functions of texts; the question makers in `quiz` call them."""

from __future__ import annotations

import re
from collections.abc import Iterable

from neuroleg.text.words import stem, stems_meet, telling_stems, words

BLANK = "_____"

# words that say a thing harms nerves as a substance does: read plainly, a drug or a toxin "acts as a poison to the
# nerves" too, so a cause whose own texts speak of one is never a wrong choice for a text that does
SUBSTANCE_STEMS = frozenset(stem(w) for w in ("poison", "poisons", "toxin", "toxins", "toxic", "substance", "drug"))
_COMPOUND = 2  # a name followed by the same word this often in its own texts makes a compound ("chemotherapy drugs")


def gives_away(prompt: str, answer_names: Iterable[str], choices: Iterable[str]) -> list[str]:
    """The stems of the answer's names that the prompt shows and not every choice holds: each is a clue that
    needs no knowledge ("diabetic" in an answer to a question that names diabetes). Empty: the prompt is fair."""
    shown = set(telling_stems(prompt.replace(BLANK, " ")))
    held = [telling_stems(choice) for choice in choices]
    told = {s for name in answer_names for s in telling_stems(name)}
    return sorted(
        s
        for s in told
        if any(stems_meet(s, p) for p in shown) and not all(any(stems_meet(s, c) for c in choice) for choice in held)
    )


def speaks_of_a_substance(text: str) -> bool:
    """Does a text say something harms nerves as a poison, a toxin or a drug does?"""
    return any(stems_meet(s, t) for s in telling_stems(text) for t in SUBSTANCE_STEMS)


def blank_reads_as_compound(blanked: str, names: re.Pattern[str], own_texts: Iterable[str]) -> bool:
    """Does a blank stand before a word the answer's names are often followed by in its own texts? "Some _____
    drugs" says the answer is a drug when the cause's texts speak of "chemotherapy drugs" and of "a chemotherapy
    drug": only one choice could then fill it, whatever the reader knows."""
    after = {stem(w) for w in re.findall(rf"{re.escape(BLANK)}\s+([^\W\d_]+)", blanked) if words(w)}
    if not after:
        return False
    seen: dict[str, int] = {}
    for text in own_texts:
        for match in names.finditer(text):
            following = re.match(r"\s+([^\W\d_]+)", text[match.end() :])
            if following:
                seen[stem(following.group(1).casefold())] = seen.get(stem(following.group(1).casefold()), 0) + 1
    return any(seen.get(word, 0) >= _COMPOUND for word in after)


def could_both_hold(true_figure: str, true_span: tuple[float, float], other: str, span: tuple[float, float]) -> bool:
    """Could a reader take `other` as true where `true_figure` is? Spans that share a value could both hold, but
    two "up to" figures are two different highs: "up to 25%" says no more than a quarter, which the data's
    "up to 50%" contradicts. Without this every "up to" figure overlaps every other from 0, and the one figure
    given only as "up to" (NIH's for heavy drinkers) could never be asked."""
    if true_figure.startswith("up to ") and other.startswith("up to "):
        high, other_high = true_span[1], span[1]
        return max(high, other_high) < 1.5 * min(high, other_high)  # a third apart or less: read as the same high
    return true_span[0] <= span[1] and span[0] <= true_span[1]
