"""What `neuroleg validate` does once its arguments are known good: check a file, then report, for people or programs.

The only module that loads the code systems' releases (kb.releases, seconds to
import), and only inside `validate_file`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from neuroleg.cli.edge import Format, emit, fail
from neuroleg.cli.output import error, write
from neuroleg.cli.terminal import detect_terminal
from neuroleg.errors import KnowledgeBaseError
from neuroleg.exitcodes import ExitCode
from neuroleg.render.sanitize import safe_line
from neuroleg.views.document import View


def validate_file(target: Path, fmt: Format | None) -> None:
    """Check `target` against the schema and the code releases; one line (or a report in `fmt`), exit 3 if invalid."""
    from neuroleg.kb.releases import CodeReferences, check_codes
    from neuroleg.kb.source_file import read_knowledge_base_file
    from neuroleg.kb.validate import Both, Tally, check_knowledge_base

    tally = Tally()
    found = CodeReferences()
    try:
        raw = read_knowledge_base_file(target)
        check_knowledge_base(raw, str(target), Both(tally, found), strict=True)
        checked, unchecked = check_codes(raw, str(target), found)
    except KnowledgeBaseError as exc:
        if fmt not in (Format.json, Format.yaml):
            fail(exc, limit=None)
        problems = [
            {"file": p.path, "line": p.line, "where": p.where or None, "message": p.detail} for p in exc.problems
        ]
        write_report(fmt, {"file": str(target), "valid": False, "problems": problems})
        raise SystemExit(int(ExitCode.DATA)) from None
    if fmt in (Format.json, Format.yaml):
        report = {"file": str(target), "valid": True, "counts": tally.counts, "problems": []}
        write_report(fmt, {**report, "releases": checked, "unchecked": unchecked})
        return
    summary = ", ".join(f"{n} {what}" for what, n in tally.counts.items())
    if checked:  # on the same line: a script reads one line per file
        summary += "; codes checked against " + " and ".join(r["release"] for r in checked)
    write([safe_line(f"{target}: valid: {summary}") + "\n"])
    if unchecked:  # said on stderr: the file is valid, and stdout stays one line for scripts
        error(f"neuroleg: {', '.join(unchecked)} codes checked for form only: pip install 'neuroleg[codes]' to "
              "check them against their releases")  # fmt: skip


def write_report(fmt: Format, data: object) -> None:
    """A small document (validate, cache path) in a format for programs."""
    emit(View("report", data, ()), fmt.value, detect_terminal(sys.stdout, os.environ))
