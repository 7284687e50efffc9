"""How names are compared: one rule for the validator, the compiler and lookups."""

from __future__ import annotations


def normalise_name(name: str) -> str:
    """The form names are compared in: case-folded, with runs of space, '-' and '_' as one space."""
    return " ".join(name.casefold().replace("-", " ").replace("_", " ").split())
