"""Strict, line-aware YAML loading for untrusted contributions.

PyYAML's defaults are wrong for contributor input: it keeps the last of two duplicate keys
silently, turns 2026-01-05 into a date object, expands anchors and aliases (a 'billion laughs'
bomb) and reads 0363 as an octal number. Here dates stay strings, anchors and aliases are refused,
duplicate keys are an error, and every value's line number is kept so a message can point at it.
Nesting is bounded before libyaml sees the text (deep flow sequences crash its C parser), and
control and bidi characters are refused in every value after YAML's escapes are applied.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from .untrusted import BODY_CONTROL, MAX_LINE_CHARS, describe, field_controls

TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
MAX_YAML_CHARS = 100_000
MAX_YAML_DEPTH = 24  # nested lists and groups; real files use at most four


# libyaml's parser when PyYAML was built with it (the wheels are): a build reads thousands of files.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _DateAsStringLoader(_BaseLoader):
    """SafeLoader without the timestamp resolver: dates stay the strings the contributor wrote."""


_DateAsStringLoader.yaml_implicit_resolvers = {
    first_char: [(tag, regexp) for tag, regexp in resolvers if tag != TIMESTAMP_TAG]
    for first_char, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class YamlError(Exception):
    """Malformed or unsafe YAML, with the 1-based line in the original file."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class YamlDocument:
    data: object
    # ("gemeenten", 0) -> line of that item; ("gemeenten",) -> line of the key
    lines: dict[tuple, int] = field(default_factory=dict)
    # the literal text of each scalar, to explain surprises such as 0363 read as a number
    raw: dict[tuple, str] = field(default_factory=dict)
    first_line: int = 1

    def line_of(self, path: tuple) -> int:
        """Line of the value at path, or of its closest parent that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.first_line


def parse(text: str, first_line: int = 1) -> YamlDocument:
    """Parse one YAML document. `first_line` is the file line where `text` starts."""
    if len(text) > MAX_YAML_CHARS:
        raise YamlError(first_line, f"het YAML-deel is te groot ({len(text)} tekens, maximaal {MAX_YAML_CHARS})")
    offset = first_line - 1
    _refuse_tabs(text, offset)
    _refuse_deep_nesting(text, offset)
    if "&" in text or "*" in text:
        _refuse_anchors(text, offset)  # the token scan costs time: only when an anchor is possible
    loader = _DateAsStringLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDocument(None, first_line=first_line)
        doc = YamlDocument(None, first_line=first_line)
        _index(node, (), doc, offset, set())
        doc.data = loader.construct_document(node)
        for path, message in field_controls(doc.data):
            raise YamlError(doc.line_of(path), f"{_name(path)}: {message}" if path else message)
        return doc
    except RecursionError:
        raise YamlError(first_line, NESTING_MESSAGE) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark else first_line
        raise YamlError(line, _explain(exc)) from None
    except yaml.YAMLError:  # the reader: a character YAML does not accept
        raise YamlError(first_line, READER_MESSAGE) from None
    finally:
        loader.dispose()


READER_MESSAGE = "ongeldige YAML: de tekst bevat een teken dat YAML niet toestaat — typ de waarde opnieuw"
UNHASHABLE_KEY_MESSAGE = "ongeldige YAML: een veldnaam mag geen lijst of groep zijn — controleer de accolades en haken"
NESTING_MESSAGE = f"de YAML is te diep genest (meer dan {MAX_YAML_DEPTH} niveaus lijsten of groepen in elkaar) — maak de structuur platter"


def _name(path: tuple) -> str:
    return "".join(f"[{p + 1}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(path))


_BRACKETS = re.compile(r"[\[\]{}]")


def _refuse_deep_nesting(text: str, offset: int) -> None:
    """Before parsing: lines too long, raw control characters, brackets nested too deep, or indentation (with '- ' item
    markers) too deep. Counts brackets inside quoted text too: no real value nests 24 of them."""
    depth = 0
    for number, line in enumerate(text.split("\n"), start=1 + offset):
        if len(line) > MAX_LINE_CHARS:
            raise YamlError(number, f"deze regel is te lang ({len(line)} tekens, maximaal {MAX_LINE_CHARS})")
        control = BODY_CONTROL.search(line)
        if control:  # raw, not escaped: libyaml would stop with an English ReaderError
            raise YamlError(number, f"deze regel bevat {describe(control.group())} — haal het weg")
        content = line.lstrip(" ")
        column = len(line) - len(content)
        while content.startswith(("- ", "? ")) or content in ("-", "?"):
            column += 2
            content = content[2:].lstrip(" ")
        for bracket in _BRACKETS.findall(line) if depth or "[" in line or "{" in line else ():
            depth = depth + 1 if bracket in "[{" else max(0, depth - 1)
            if depth > MAX_YAML_DEPTH:
                raise YamlError(number, NESTING_MESSAGE)
        if column > 4 * MAX_YAML_DEPTH:
            raise YamlError(number, NESTING_MESSAGE)


ANCHOR_MESSAGE = "ankers en verwijzingen (& en *) zijn niet toegestaan — schrijf de waarde gewoon uit"


def _refuse_anchors(text: str, offset: int) -> None:
    """An anchor (&naam) silently eats the start of a value and an alias repeats one: refuse both."""
    try:
        for token in yaml.scan(text, Loader=_DateAsStringLoader):
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                raise YamlError(token.start_mark.line + 1 + offset, ANCHOR_MESSAGE)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlError(mark.line + 1 + offset if mark else 1 + offset, _explain(exc)) from None
    except yaml.YAMLError:  # the reader: a character YAML does not accept
        raise YamlError(1 + offset, READER_MESSAGE) from None


def _refuse_tabs(text: str, offset: int) -> None:
    if "\t" not in text:
        return
    for number, line in enumerate(text.split("\n"), start=1 + offset):
        if line.lstrip(" ").startswith("\t"):
            raise YamlError(number, "deze regel springt in met een tab; YAML staat alleen spaties toe — vervang de tab door spaties (velden op het hoogste niveau springen niet in)")


def _index(node, path: tuple, doc: YamlDocument, offset: int, seen_nodes: set[int]) -> None:
    """Record lines; refuse duplicate keys and aliases before anything is constructed.

    The composer turns an alias into the same node object a second time, so a node met twice is
    an alias: refusing it here stops an alias bomb before it expands.
    """
    if id(node) in seen_nodes:
        raise YamlError(node.start_mark.line + 1 + offset, ANCHOR_MESSAGE)
    seen_nodes.add(id(node))
    doc.lines[path] = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            key_line = key_node.start_mark.line + 1 + offset
            if not isinstance(key_node, yaml.ScalarNode):  # `[]: x` or `{a: b}: x` (Hypothesis found `[]:`)
                raise YamlError(key_line, UNHASHABLE_KEY_MESSAGE)
            if key_node.tag != "tag:yaml.org,2002:str":  # `0: x`, `true: x`, a bare `?` (Hypothesis found `0:` then `?`)
                raise YamlError(key_line, f"ongeldige YAML: de veldnaam '{key}' is een getal, ja/nee of leeg, geen woord — "
                                          "gebruik de veldnamen uit het sjabloon (examples/_sjabloon.md)")
            if key in seen:
                raise YamlError(key_line, f"het veld '{key}' staat twee keer in de front matter (eerst op regel {seen[key]}) — houd er één over")
            seen[key] = key_line
            _index(value_node, path + (key,), doc, offset, seen_nodes)
            doc.lines[path + (key,)] = key_line if not isinstance(value_node, yaml.ScalarNode) else value_node.start_mark.line + 1 + offset
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index(item, path + (i,), doc, offset, seen_nodes)
    elif isinstance(node, yaml.ScalarNode):
        doc.raw[path] = node.value


def _explain(exc: yaml.MarkedYAMLError) -> str:
    problem = (exc.problem or "").strip()
    if "mapping values are not allowed" in problem:
        return "ongeldige YAML: een dubbele punt gevolgd door een spatie midden in een waarde — zet de hele waarde tussen aanhalingstekens"
    if "could not find expected ':'" in problem:
        return "ongeldige YAML: een regel zonder 'veld: waarde' — controleer de inspringing en de dubbele punt"
    if "found character '\\t'" in problem or "\t" in problem:
        return "ongeldige YAML: een tab gevonden; gebruik spaties om in te springen"
    if "expected <block end>" in problem or "did not find expected" in problem:
        return "ongeldige YAML: de inspringing klopt niet — velden op het hoogste niveau beginnen helemaal links; lijstitems en velden daaronder springen in met spaties"
    if "found unhashable key" in problem:
        return UNHASHABLE_KEY_MESSAGE
    if "expected a single document" in (exc.context or "") or "expected '<document start>'" in problem:
        return "ongeldige YAML: er staat meer dan één document; gebruik maar één blok tussen twee regels ---"
    return "ongeldige YAML — controleer de aanhalingstekens (een waarde met een dubbele punt erin gaat tussen aanhalingstekens) en de inspringing"
