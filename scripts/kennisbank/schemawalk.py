"""Walking the case schema: which fields name a vocabulary, and the values a case has there.

Read by the checks (kennisbank.fieldchecks, kennisbank.checks) and by the exports.
"""
from __future__ import annotations

from collections.abc import Iterator


def path_matches(path: tuple, pattern: tuple) -> bool:
    """Whether a value's path in a case, e.g. ('gemeenten', 0), fits a pattern such as ('gemeenten', '*')."""
    return len(path) == len(pattern) and all(p == "*" and isinstance(v, int) or p == v for v, p in zip(path, pattern))


def vocabulary_fields(schema: dict) -> Iterator[tuple[tuple, str]]:
    """(path pattern, vocabulary) for every field marked x-vocabulaire; '*' stands for list items."""
    def walk(node: dict, path: tuple):
        if "x-vocabulaire" in node:
            yield path, node["x-vocabulaire"]
        for name, child in node.get("properties", {}).items():
            yield from walk(child, path + (name,))
        if isinstance(node.get("items"), dict):
            yield from walk(node["items"], path + ("*",))
    yield from walk(schema, ())


def values_at(data, pattern: tuple, prefix: tuple = ()):
    if not pattern:
        yield prefix, data
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(data, list):
            for i, item in enumerate(data):
                yield from values_at(item, rest, prefix + (i,))
    elif isinstance(data, dict) and head in data:
        yield from values_at(data[head], rest, prefix + (head,))
