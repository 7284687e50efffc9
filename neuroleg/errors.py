"""Exceptions raised by the neuroleg library; the CLI maps each to an exit code."""

from __future__ import annotations

from typing import Any, NamedTuple


class NeurolegError(Exception):
    """Base of every error neuroleg raises on purpose."""


class Problem(NamedTuple):
    """One thing wrong with a knowledge-base file, located where possible."""

    path: str
    line: int | None  # 1-based; None when the problem has no place in the file
    message: str  # with the place in the document first, where there is one ("causes[2].category: ...")
    where: str = ""  # that place alone ("causes[2].category"), for programs

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"

    @property
    def detail(self) -> str:
        """The message without its place in the document."""
        return self.message.removeprefix(f"{self.where}: ") if self.where else self.message


class KnowledgeBaseError(NeurolegError):
    """The knowledge base could not be loaded: missing, unreadable, unsafe or invalid."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class UnknownNameError(NeurolegError):
    """A name matched no cause; carries the nearest names as suggestions."""

    def __init__(self, name: str, suggestions: list[str], code_holder: dict[str, Any] | None = None) -> None:
        self.name = name
        self.suggestions = suggestions
        self.code_holder = code_holder  # the name is a code of something other than a cause: that subject
        super().__init__(f"no cause named {name!r}")


class UnknownTermError(UnknownNameError):
    """A word matched no glossary term; carries the nearest terms as suggestions."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        super().__init__(name, suggestions)
        self.args = (f"no glossary term {name!r}",)


class UsageError(NeurolegError):
    """A request that cannot be carried out as asked (the command line's exit code 2)."""


class BadArgument(UsageError):
    """Arguments of the right form that a command refuses (one name to compare); said as Click's usage error."""

    def __init__(self, message: str, keyword: str) -> None:
        super().__init__(message)
        self.message = message
        self.keyword = keyword  # the command's parameter it is about ("names", "fields"): the CLI names it its way


class FormatError(UsageError):
    """A format that cannot show this output (CSV of a single record)."""


class OutputFileError(UsageError):
    """The file named with --output could not be written."""


class QuizError(UsageError):
    """The knowledge base (or the chosen cause) has too little in it to ask a question."""


class QueryError(UsageError):
    """A search query that cannot be understood (for example, no searchable words)."""


class NoHitsError(NeurolegError):
    """A search that found nothing; carries the names close to its words, and the words found nowhere."""

    def __init__(self, query: str, suggestions: list[str], absent: list[str] | None = None) -> None:
        self.query = query
        self.suggestions = suggestions
        self.absent = absent or []  # words in no entry, with no name close to them
        super().__init__(f"no match for {query!r}")


class NoMatchError(NeurolegError):
    """`match`: no cause meets any of the given symptoms or risk factors; carries what was understood."""

    def __init__(self, result: Any) -> None:
        self.result = result  # a neuroleg.match.MatchResult (kept untyped here: errors import nothing)
        super().__init__("no cause in the reference meets what was given")


class DamagedCacheError(Exception):
    """The compiled cache is damaged (a record fails its checksum): the store rebuilds it and asks again.

    Not a `NeurolegError`: should a fresh rebuild be damaged too, that is a bug to report, not a user error.
    """


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: unwind (so a cache build removes its temporary file), then die of it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
