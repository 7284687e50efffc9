"""The facts about where output goes that a renderer needs, decided once by the command line and passed down."""

from __future__ import annotations

from typing import NamedTuple

DEFAULT_WIDTH = 80
MAX_WIDTH = 120  # the widest any table is laid out, however wide the terminal: longer lines read badly


class Terminal(NamedTuple):
    """Is output a terminal, is it dressed as one, may it use colour, how wide is it, and can it take any character."""

    is_tty: bool  # stdout really is a terminal (never true on a pipe)
    color: bool
    width: int = DEFAULT_WIDTH
    unicode: bool = True  # False when stdout's encoding is not UTF-8 (PYTHONIOENCODING=ascii, a Latin-1 locale)
    styled: bool | None = None  # laid out for a terminal (FORCE_COLOR counts on a pipe); None: as is_tty

    @property
    def dressed(self) -> bool:
        """Laid out and styled for a terminal: a real one, or a pipe that FORCE_COLOR asks to treat as one."""
        return self.is_tty if self.styled is None else self.styled
