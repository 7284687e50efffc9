"""Make knowledge-base text safe to show: control and reordering characters become visible.

Escaping rather than deleting (as git and kubectl do since their terminal-injection
CVEs) keeps the evidence for the reader; a carriage return is escaped too, since
it can overwrite a line.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls; then bidirectional and other
# invisible format characters that reorder or hide text (CVE-2021-42574)
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_UNSAFE_LINE = re.compile(_UNSAFE.pattern[:-1] + "\n\t]")


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
    return _UNSAFE.sub(_visible, text) if _UNSAFE.search(text) else text


def safe_line(text: str) -> str:
    """`safe_text` for a single line: tabs and newlines become spaces."""
    return " ".join(safe_text(text).split()) if _UNSAFE_LINE.search(text) else text
