"""Make knowledge-base text safe to show: control and reordering characters become visible.

Escaping rather than deleting (as git and kubectl do since their terminal-injection
CVEs) keeps the evidence for the reader; a carriage return is escaped too, since
it can overwrite a line.
"""

from __future__ import annotations

import re
from functools import cache

# Every invisible format character (Unicode category Cf: bidirectional overrides and
# isolates, CVE-2021-42574; zero-width characters; the soft hyphen; the tag characters
# of "ASCII smuggling"; the interlinear annotation marks...) and the line and
# paragraph separators, which reorder, hide or break text; U+13430-1343F and the
# tag block are taken whole, so newer Unicode versions are covered too.
FORMAT_CHARACTERS = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e007f"
    # and characters of other categories that show nothing: the combining grapheme joiner, the
    # Hangul fillers, the Khmer inherent vowels, the variation selectors
    "\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0\ufe00-\ufe0f\U000e0100-\U000e01ef"
)
# C0 controls but tab and newline, DEL, C1 controls, then the format characters; a line also takes tab and newline
_UNSAFE = f"\x00-\x08\x0b-\x1f\x7f\x80-\x9f{FORMAT_CHARACTERS}"
# ASCII text (the usual case) needs only the C0 controls and DEL: a small pattern, quick to compile at start-up
_ASCII = {False: re.compile("[\x00-\x08\x0b-\x1f\x7f]"), True: re.compile("[\x00-\x1f\x7f]")}


@cache
def _unsafe(line: bool) -> re.Pattern[str]:
    """The whole pattern, compiled the first time text that is not ASCII comes by (about half a millisecond)."""
    return re.compile(f"[{_UNSAFE}\n\t]" if line else f"[{_UNSAFE}]")


def _pattern(text: str, line: bool) -> re.Pattern[str]:
    return _ASCII[line] if text.isascii() else _unsafe(line)


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20 or code == 0x7F:
        return "^" + chr(code ^ 0x40)  # caret notation: ESC -> ^[, CR -> ^M
    if code <= 0x9F:
        return f"\\x{code:02x}"
    return f"<U+{code:04X}>"


def safe_text(text: str) -> str:
    """`text` with every control and format character shown, tab and newline kept."""
    if text.isascii() and text.isprintable():  # most text: nothing to show (the test is quicker than the pattern)
        return text
    unsafe = _pattern(text, line=False)
    return unsafe.sub(_visible, text) if unsafe.search(text) else text


def safe_line(text: str) -> str:
    """`safe_text` for a single line: tabs and newlines become spaces."""
    return " ".join(safe_text(text).split()) if _pattern(text, line=True).search(text) else text


# Punctuation that a stream which cannot encode it (an ASCII locale) shows as its nearest ASCII, not '?': the
# ellipsis of a search snippet, typographic quotes and dashes. What else it cannot encode the writer replaces.
_ASCII_PUNCTUATION = str.maketrans(
    {
        "\u2026": "...",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2022": "*",
        "\u00a0": " ",
    }
)


def ascii_punctuation(text: str) -> str:
    """`text` with typographic punctuation as ASCII, for a stream that cannot encode it."""
    return text if text.isascii() else text.translate(_ASCII_PUNCTUATION)
