"""Plain text, the default format off a terminal: the same as `-f plain`, with no escape codes or box drawing."""

from __future__ import annotations

import pytest
from conftest import BOX, READING_COMMANDS, ok


def test_plain_is_the_default_when_stdout_is_not_a_terminal() -> None:
    assert ok("show", "diabetes") == ok("show", "diabetes", "-f", "plain")


@pytest.mark.parametrize("args", READING_COMMANDS, ids=" ".join)
def test_plain_output_has_no_escape_codes_or_box_drawing(args: tuple[str, ...]) -> None:
    out = ok(*args)
    assert "\x1b" not in out
    assert not BOX.search(out)
