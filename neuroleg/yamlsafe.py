"""Read YAML as plain data only: no aliases, no Python tags, no duplicate keys.

PyYAML composes a node tree first (in C when libyaml is present); we turn it
into Python values ourselves so every unsafe construct is refused before any
object is built, and so error locations can be found again later.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from neuroleg.errors import KnowledgeBaseError, Problem

try:  # libyaml: faster, and it stops deep nesting with an error instead of RecursionError
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 64  # our schema nests six levels; anything deeper is hostile or broken

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{t}" for t in ("int", "float", "bool", "null")}
_TEXT_TAGS = {f"{_TAG}str", f"{_TAG}timestamp"}  # dates stay text: JSON has no date type
_constructor = SafeConstructor()


def read_yaml(data: bytes, path: str) -> tuple[Any, Node]:
    """Parse one YAML document into plain data; return it with its node tree."""
    text = _decode(data, path)
    if not text.strip():
        raise KnowledgeBaseError([Problem(path, None, "the file is empty")])
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or exc.context or "invalid YAML"
        raise KnowledgeBaseError(
            [Problem(path, mark.line + 1 if mark else None, f"YAML syntax error: {reason}")]
        ) from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise KnowledgeBaseError([Problem(path, None, f"YAML error: {_first_line(exc)}")]) from None
    if node is None:
        raise KnowledgeBaseError([Problem(path, None, "the file holds no YAML document")])
    return _Converter(path).convert(node, 0), node


def line_of(root: Node, loc: tuple[str | int, ...]) -> int | None:
    """The 1-based line of the deepest node along `loc` (keys and list indexes)."""
    node = root
    for part in loc:
        child: Node | None = None
        if isinstance(node, MappingNode):
            child = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            child = node.value[part]
        if child is None:
            break
        node = child
    return node.start_mark.line + 1


def _decode(data: bytes, path: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise KnowledgeBaseError(
            [Problem(path, line, f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})")]
        ) from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    if isinstance(exc, RecursionError):
        return "the document is nested too deeply"
    return text.splitlines()[0]


class _Converter:
    """Turns a node tree into dicts, lists and scalars, refusing what is unsafe."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.seen: set[int] = set()

    def fail(self, node: Node, message: str) -> KnowledgeBaseError:
        return KnowledgeBaseError([Problem(self.path, node.start_mark.line + 1, message)])

    def convert(self, node: Node, depth: int) -> Any:
        # An alias makes the composer hand out the same node object twice.
        if id(node) in self.seen:
            raise self.fail(node, "YAML anchors and aliases (&name, *name) are not allowed")
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            raise self.fail(node, f"nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode):
            self.expect_tag(node, "seq")
            return [self.convert(item, depth + 1) for item in node.value]
        if isinstance(node, MappingNode):
            self.expect_tag(node, "map")
            return self.mapping(node, depth)
        raise self.fail(node, "unsupported YAML node")  # pragma: no cover

    def expect_tag(self, node: Node, kind: str) -> None:
        if node.tag != f"{_TAG}{kind}":
            raise self.fail(node, f"YAML tag {node.tag!r} is not allowed (plain data only)")

    def scalar(self, node: ScalarNode) -> Any:
        if node.tag in _TEXT_TAGS:
            return node.value
        if node.tag in _SCALAR_TAGS:
            return _constructor.yaml_constructors[node.tag](_constructor, node)
        raise self.fail(node, f"YAML tag {node.tag!r} is not allowed (plain data only)")

    def mapping(self, node: MappingNode, depth: int) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise self.fail(key_node, "mapping keys must be plain words")
            if key_node.tag == f"{_TAG}merge":
                raise self.fail(key_node, "YAML merge keys (<<) are not allowed")
            key = self.scalar(key_node)
            line = key_node.start_mark.line + 1
            # 1, 1.0 and true are equal as Python values, so they collide as keys too
            numeric = isinstance(key, (bool, int, float))
            marker = ("number" if numeric else type(key).__name__, key)
            if marker in first_line:
                raise self.fail(key_node, f"duplicate key {key!r} (first at line {first_line[marker]})")
            first_line[marker] = line
            out[key] = self.convert(value_node, depth + 1)
        return out
