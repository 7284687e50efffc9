"""Read YAML as plain data only: no aliases, no Python tags, no duplicate keys.

We build values straight from the parser's event stream (in C when libyaml is
present), so every unsafe construct is refused before any object exists, an
alias bomb never expands, and no node tree is held in memory. Line numbers for
later validation errors come from a second pass over the same bytes, taken
only when there is an error to place.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode

from neuroleg.errors import KnowledgeBaseError, Problem

try:  # libyaml: fast, and it stops deep nesting with an error instead of RecursionError
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 64  # our schema nests six levels; anything deeper is hostile or broken
# Parser events held in memory at once: everything outside the streamed list, plus
# the one item of it being read. A cause of the bundled file takes about 150; this
# bounds memory (about 100 MB) and time (a second or two) for a file built to exhaust them.
MAX_HELD = 1_000_000

Loc = tuple[str | int, ...]
_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{t}" for t in ("int", "float", "bool", "null")}
_TEXT_TAGS = {f"{_TAG}str", f"{_TAG}timestamp"}  # dates stay text: JSON has no date type
_CONTAINER_TAGS = {None, "!", f"{_TAG}map", f"{_TAG}seq"}
_constructor = SafeConstructor()
# first characters at which a plain scalar may be a number, boolean, null, date...
_IMPLICIT_STARTS = frozenset(k for k in _Loader.yaml_implicit_resolvers if k)


ItemSink = Callable[[int, Any, dict[Any, Any]], None]  # (index, item, the top level read so far)


def read_yaml(data: bytes, path: str, *, stream_list: str | None = None, sink: ItemSink | None = None) -> Any:
    """Parse one YAML document into plain data (dicts, lists, text, numbers, booleans, null).

    With `stream_list` and `sink`, each item of that top-level list is handed to
    `sink(index, value, top)` as soon as it is complete and left as None in the
    result, so a huge list is never held whole; `top` is the top-level mapping
    as read so far (the keys before the list).
    """
    return _Builder(path, record_lines=False, stream_list=stream_list, sink=sink).run(data)


def yaml_lines(data: bytes, path: str, wanted: set[Loc] | None = None) -> dict[Loc, int]:
    """The 1-based line of every value in the document (or of those in `wanted`), by its path of keys and indexes."""
    builder = _Builder(path, record_lines=True, wanted=wanted)
    builder.run(data)
    return builder.lines


def line_of(lines: dict[Loc, int], loc: Loc) -> int | None:
    """The line of the deepest value along `loc` that the document has."""
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


def _line(event: Any) -> int:
    """1-based line of an event; 0 (no line) where the parser gave no mark."""
    mark = event.start_mark
    return mark.line + 1 if mark is not None else 0


_CHUNK = 1 << 20  # UTF-8 is checked a megabyte at a time: a whole decoded copy of a big file doubled its memory


def _check_bytes(data: bytes, path: str) -> None:
    """Refuse bytes that are not UTF-8 (at their line), a file of nothing but white space, or a carriage return
    that ends a line on its own (at its line)."""
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    view, blank = memoryview(data), True
    while start < len(data):
        end = min(start + _CHUNK, len(data))
        for _ in range(3):  # never cut a character: step back over up to three continuation bytes
            if end < len(data) and 0x80 <= data[end] < 0xC0:
                end -= 1
        try:
            text = str(view[start:end], "utf-8")
        except UnicodeDecodeError as exc:
            at = start + exc.start
            line = data.count(b"\n", 0, at) + 1
            raise KnowledgeBaseError(
                [Problem(path, line, f"not UTF-8 text (byte 0x{data[at]:02x} at offset {at})")]
            ) from None
        blank = blank and (not text or text.isspace())
        start = end
    if blank:
        raise KnowledgeBaseError([Problem(path, None, "the file is empty")])
    cr = data.find(b"\r")  # memchr: a file with no carriage return (most) pays nothing more
    while cr >= 0 and data[cr + 1 : cr + 2] == b"\n":
        cr = data.find(b"\r", cr + 2)
    if cr >= 0:  # YAML ends a line there, an editor does not: every line after would be misnumbered
        line = data.count(b"\n", 0, cr) + 1
        message = "a carriage return on its own (an old Mac line end): save the file with LF or CRLF line ends"
        raise KnowledgeBaseError([Problem(path, line, message)])


def _unprintable(data: bytes, path: str, character: int | str) -> KnowledgeBaseError:
    """The refusal of a character that YAML does not allow raw, at the line where it first appears."""
    code = character if isinstance(character, int) else ord(character)
    text = data.decode("utf-8-sig")  # known to decode: checked before parsing
    at = text.find(chr(code))
    line = text.count("\n", 0, at) + 1 if at >= 0 else None
    message = f"the character U+{code:04X} is not allowed in a YAML file (write it as an escape in double quotes)"
    return KnowledgeBaseError([Problem(path, line, message)])


_SURROGATE = re.compile("[\ud800-\udfff]")


class _Frame:
    """An open mapping or sequence, and the key waiting for its value."""

    __slots__ = ("key", "key_lines", "loc", "sink", "value")

    def __init__(self, value: dict[Any, Any] | list[Any], loc: Loc, sink: ItemSink | None = None) -> None:
        self.value: Any = value  # Any: the hot loop tells dict from list by the event, not by isinstance
        self.loc = loc
        self.key: Any = _NO_KEY
        self.key_lines: dict[Any, int] = {}
        self.sink = sink  # set on the streamed list: its items go there instead


_NO_KEY = object()


class _Builder:
    """Turns parser events into values, refusing what is unsafe."""

    def __init__(
        self,
        path: str,
        *,
        record_lines: bool,
        stream_list: str | None = None,
        sink: ItemSink | None = None,
        wanted: set[Loc] | None = None,
    ) -> None:
        self.path = path
        self.record_lines = record_lines
        self.wanted = wanted  # record only these places (and keep no values): a second pass stays small
        self.stream_list = stream_list
        self.sink = sink
        self.lines: dict[Loc, int] = {}

    def fail(self, event: Any, message: str) -> KnowledgeBaseError:
        return KnowledgeBaseError([Problem(self.path, _line(event), message)])

    def run(self, data: bytes) -> Any:
        _check_bytes(data, self.path)  # the decoded copy is dropped before parsing starts
        loader = None
        try:
            loader = _Loader(data)  # the pure-Python reader checks the characters here already
            return self._events(loader)
        except yaml.reader.ReaderError as exc:  # a character YAML does not allow (NUL, ESC, U+FFFE...)
            raise _unprintable(data, self.path, exc.character) from None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            reason = exc.problem or exc.context or "invalid YAML"
            line = mark.line + 1 if mark else None
            raise KnowledgeBaseError([Problem(self.path, line, f"YAML syntax error: {reason}")]) from None
        except yaml.YAMLError as exc:
            first = (str(exc).strip() or type(exc).__name__).splitlines()[0]
            raise KnowledgeBaseError([Problem(self.path, None, f"YAML error: {first}")]) from None
        finally:
            if loader is not None:
                loader.dispose()

    def _events(self, loader: Any) -> Any:
        # the hot loop of a build: one pass, few calls per event
        stack: list[_Frame] = []
        root: Any = _NO_KEY
        documents = 0
        get_event = loader.get_event
        held, base = 0, 0  # events held now; how many of them were held when the streamed list began
        limit = sys.maxsize if self.record_lines else MAX_HELD  # the second pass holds no values
        while True:
            event = get_event()
            kind = type(event)
            held += 1
            if held > limit:
                raise self._too_many(event)
            if kind is ScalarEvent:
                if event.anchor is not None:
                    raise self.fail(event, "YAML anchors (&name) are not allowed")
                value = self._scalar(event, loader)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                self._check_container(event, stack)
                loc = self._child_loc(stack, event) if self.record_lines and stack else ()
                if self.record_lines and (self.wanted is None or loc in self.wanted):
                    self.lines[loc] = _line(event)
                streamed = (
                    kind is SequenceStartEvent
                    and len(stack) == 1
                    and self.sink is not None
                    and stack[0].key == self.stream_list
                )
                if streamed:
                    base = held
                stack.append(_Frame({} if kind is MappingStartEvent else [], loc, self.sink if streamed else None))
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                value = stack.pop().value
            elif kind is AliasEvent:
                raise self.fail(event, "YAML aliases (*name) are not allowed")
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise self.fail(event, "only one YAML document is allowed per file")
                continue
            elif kind is StreamEndEvent:
                if root is _NO_KEY:
                    raise KnowledgeBaseError([Problem(self.path, None, "the file holds no YAML document")])
                return root
            else:
                continue  # stream start, document end
            if not stack:
                root = value
                continue
            top = stack[-1]
            if top.sink is not None:
                top.sink(len(top.value), value, stack[0].value)
                top.value.append(None)
                held = base  # the item is handed over: what it held is free again
            elif type(top.value) is list and not self.record_lines:
                top.value.append(value)
            elif top.key is not _NO_KEY and not self.record_lines:
                top.value[top.key] = value
                top.key = _NO_KEY
            elif not self.record_lines and type(value) is str and value not in top.value:  # (a dict here)
                top.key = value  # the common key: new text (repeats and other types go the long way)
                top.key_lines[("str", value)] = _line(event)
            else:
                self._attach(top, value, event)

    def _record(self, loc: Loc, event: Any) -> None:
        if self.wanted is None or loc in self.wanted:
            self.lines[loc] = _line(event)

    def _too_many(self, event: Any) -> KnowledgeBaseError:
        return self.fail(
            event, f"more than {MAX_HELD:,} values outside the list of causes, or in one cause: too big to be read"
        )

    def _check_container(self, event: Any, stack: list[_Frame]) -> None:
        if stack and type(stack[-1].value) is dict and stack[-1].key is _NO_KEY:
            raise self.fail(event, "mapping keys must be plain words")
        if event.anchor is not None:
            raise self.fail(event, "YAML anchors (&name) are not allowed")
        if event.tag not in _CONTAINER_TAGS:
            raise self.fail(event, f"YAML tag {event.tag!r} is not allowed (plain data only)")
        if len(stack) >= MAX_DEPTH:
            raise self.fail(event, f"nested more than {MAX_DEPTH} levels deep")

    def _child_loc(self, stack: list[_Frame], event: Any) -> Loc:
        top = stack[-1]
        if isinstance(top.value, list):
            return (*top.loc, len(top.value))
        return (*top.loc, top.key)

    def _attach(self, top: _Frame, value: Any, event: Any) -> None:
        if isinstance(top.value, list):
            if self.record_lines and type(event) is ScalarEvent:
                self._record((*top.loc, len(top.value)), event)
            top.value.append(None if self.record_lines else value)
            return
        if top.key is _NO_KEY:  # this scalar is a key
            # 1, 1.0 and true are equal as Python values, so they collide as keys too
            marker = ("number" if isinstance(value, (bool, int, float)) else type(value).__name__, value)
            line = _line(event)
            if marker in top.key_lines:
                raise self.fail(event, f"duplicate key {value!r} (first at line {top.key_lines[marker]})")
            top.key_lines[marker] = line
            top.key = value
            return
        if self.record_lines and type(event) is ScalarEvent:
            self._record((*top.loc, top.key), event)
        top.value[top.key] = None if self.record_lines else value
        top.key = _NO_KEY

    def _surrogate(self, event: Any) -> KnowledgeBaseError:
        # only the pure-Python parser lets a "\\ud800" escape through; UTF-8 and SQLite cannot hold it
        code = ord(_SURROGATE.findall(event.value)[0])
        return self.fail(event, f"'\\u{code:04x}' is not a character (a lone UTF-16 surrogate)")

    def _scalar(self, event: Any, loader: Any) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            value = event.value
            if not event.implicit[0] or (value and value[0] not in _IMPLICIT_STARTS):
                if event.style == '"' and _SURROGATE.search(value):
                    raise self._surrogate(event)
                return value  # quoted, or no implicit type starts with this character: text
            tag = loader.resolve(ScalarNode, value, event.implicit)
        if tag in _TEXT_TAGS:
            if event.style == '"' and _SURROGATE.search(event.value):
                raise self._surrogate(event)
            return event.value
        if tag in _SCALAR_TAGS:
            try:
                return _constructor.yaml_constructors[tag](_constructor, ScalarNode(tag, event.value))
            except (ValueError, KeyError, IndexError, OverflowError):  # e.g. `!!int abc`, a 5,000-digit number
                kind = tag.removeprefix(_TAG)
                raise self.fail(event, f"{event.value[:40]!r} is not a valid {kind}") from None
        if tag == f"{_TAG}merge":
            raise self.fail(event, "YAML merge keys (<<) are not allowed")
        raise self.fail(event, f"YAML tag {tag!r} is not allowed (plain data only)")
