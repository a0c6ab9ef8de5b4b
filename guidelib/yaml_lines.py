"""YAML read with the line of every item and field: the one reader for the
content's data files (references.yaml, data/*.yaml, data/changelog.yaml).

PyYAML's composer keeps a start mark on every node; constructing the Python
values from those nodes, rather than loading the file straight to values,
lets a problem point at the line an editor must fix. libyaml's parser is
used when PyYAML has it (ten times faster), with the same marks.
"""

from __future__ import annotations

import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Malformed = yaml.YAMLError  # what `compose` raises for text that is not YAML


def compose(path: str) -> yaml.Node | None:
    """The file's node tree (None for an empty file). Raises OSError,
    UnicodeDecodeError or `Malformed`."""
    with open(path, encoding="utf-8") as handle:
        loader = LOADER(handle)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()


def load(path: str) -> tuple[yaml.Node | None, object]:
    """The file's node tree and its Python value, from one parse. Raises as
    `compose` does, and ValueError as `construct` does."""
    with open(path, encoding="utf-8") as handle:
        loader = LOADER(handle)
        try:
            root = loader.get_single_node()
            return root, (loader.construct_document(root) if root is not None else None)
        finally:
            loader.dispose()


def construct(node: yaml.Node | None) -> object:
    """The Python value of a node. Raises ValueError for a value YAML reads as
    a date that the calendar lacks (2026-02-30)."""
    return None if node is None else yaml.load(yaml.serialize(node), Loader=LOADER)


def malformed(error: yaml.YAMLError) -> tuple[int, str]:
    """Where malformed YAML went wrong, and what the parser says of it."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    context, context_mark = getattr(error, "context", None), getattr(error, "context_mark", None)
    what = f"malformed YAML: {getattr(error, 'problem', None) or context or error}"
    if context and context_mark and mark and context_mark.line != mark.line:
        what += f" ({context} that starts on line {context_mark.line + 1})"
    return (mark.line + 1 if mark else 1), what


def line_of(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def key_lines(node: yaml.Node) -> dict[str, int]:
    """A mapping's keys → the line each is written on (empty for another node)."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): line_of(key) for key, _ in node.value}


def item_lines(node: yaml.Node, field: str, count: int) -> list[int]:
    """The line of each item of a list field (`sources: [a, b]` or one `- a`
    per line); the field's line for each when the list is not as long as `count`."""
    for key, value in node.value:
        if key.value == field:
            if isinstance(value, yaml.SequenceNode) and len(value.value) == count:
                return [line_of(item) for item in value.value]
            return [line_of(key)] * count
    return [line_of(node)] * count
