"""Checks of a case's body: the fixed sections, and markup a stranger's pull request must not
smuggle in (see untrusted.py). Each yields (line, message); messages are Dutch.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from .casefile import CaseFile
from .problems import Finding
from .schemamessages import suggest
from .untrusted import check_markdown

# a fence line as CommonMark reads it: an info string never holds a backtick, so ```x``` is text
FENCE = re.compile(r"^ {0,3}(`{3,}[^`]*|~{3,}.*)$")
INLINE_CODE = re.compile(r"`[^`]*`")


def required_sections(schema: dict) -> list[str]:
    return [section["titel"] for section in schema.get("x-secties", [])]


def _body_lines(case: CaseFile) -> Iterator[tuple[int, str]]:
    """Body lines outside fenced code blocks, with file line numbers; inline code removed."""
    in_fence = False
    for offset, line in enumerate(case.body.split("\n")):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if not in_fence:
            yield case.body_line + offset, INLINE_CODE.sub("", line)


def check_sections(case: CaseFile, schema: dict) -> Iterator[Finding]:
    wanted = required_sections(schema)
    found: list[tuple[int, str]] = []
    for line_number, line in _body_lines(case):
        if line.startswith("# "):
            yield line_number, "gebruik geen kop met één # in de tekst: de titel komt uit het veld 'titel'; begin secties met ##"
        elif line.startswith("## "):
            found.append((line_number, line[3:].strip()))
    titles = [title for _, title in found]
    for position, title in enumerate(wanted):
        if title not in titles:
            close = suggest(title, titles)
            # point at the near miss, else at the next required heading it belongs before, else the end
            later = [t for t in wanted[position + 1:] if t in titles]
            last_line = case.body_line + case.body.rstrip("\n").count("\n")
            line = next((n for n, t in found if t == close), next((n for n, t in found if later and t == later[0]), last_line))
            hint = f" (er staat '## {close}' — schrijf de kop precies zo)" if close else ""
            yield line, f"de sectie '## {title}' ontbreekt{hint}; elke casus heeft de secties {', '.join(wanted)}"
    present = [t for t in titles if t in wanted]
    if present != [t for t in wanted if t in present]:
        yield found[0][0] if found else case.body_line, f"zet de secties in deze volgorde: {', '.join(wanted)}"
    if not case.body.strip():
        yield case.body_line, "de casus heeft nog geen tekst onder de front matter"


def check_markup(case: CaseFile) -> Iterator[Finding]:
    """Raw HTML, attribute lists, unsafe links and unbounded input never reach the site: the
    body is judged as the renderer and a browser will read it (see untrusted.py)."""
    return check_markdown(case.body, case.body_line, case_url(case.id))


def case_url(case_id: str) -> str:
    return f"casussen/{case_id}/"
