"""What a knowledge base is about, as titles and notes name it: its `condition`, in one shape.

A file gives `condition: Name` or `condition: {name: Name, short: a few words}`;
everything after the compiler reads {name, short}, so no view names a condition
of its own.
"""

from __future__ import annotations

from typing import Any

from neuroleg.kb.schema import Condition
from neuroleg.text.names import lower_first

Doc = dict[str, Any]


def condition_record(condition: str | Condition) -> Doc:
    """{name, short}: the short form is the file's, else the name as it reads inside a sentence."""
    if isinstance(condition, str):
        return {"name": condition, "short": lower_first(condition)}
    return {"name": condition.name, "short": condition.short or lower_first(condition.name)}
