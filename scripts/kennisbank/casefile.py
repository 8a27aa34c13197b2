"""Reading one case file: bytes -> text -> front matter + body, with line numbers.

The id of a case is its file name; it is derived, never repeated in the front matter.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import frontmatter

from .problems import Problem, display_path
from .untrusted import FileTooLarge, read_capped
from .yamlsource import YamlDocument, YamlError, parse

MAX_FILE_BYTES = 200_000
CASE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FM_HANDLER = frontmatter.YAMLHandler()


@dataclass
class CaseFile:
    id: str
    path: Path
    meta: dict
    body: str
    body_line: int  # file line where the body starts
    doc: YamlDocument
    fragment: str | None = None  # the body rendered and cleaned (contributed.render_fragment), once checked

    @functools.cached_property  # named in every message about the case: resolved once
    def display(self) -> str:
        return display_path(self.path)

    def line_of(self, *path) -> int:
        return self.doc.line_of(tuple(path))


class CaseFileError(Exception):
    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def is_case_path(path: Path) -> bool:
    """Case files are examples/*.md; files starting with '_' (the template) are not cases."""
    return path.suffix == ".md" and not path.name.startswith("_")


def slugify(text: str) -> str:
    """'Súdwest-Fryslân' -> 'sudwest-fryslan'; "'s-Gravenhage" -> 's-gravenhage'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = ascii_text.lower().replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def decode(raw: bytes, where: str) -> str:
    """UTF-8 (with or without byte order mark), line endings normalised to \\n."""
    if len(raw) > MAX_FILE_BYTES:
        raise CaseFileError(Problem(where, 1, f"het bestand is te groot ({len(raw)} bytes, maximaal {MAX_FILE_BYTES}); splits de casus op of kort de tekst in"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CaseFileError(Problem(where, line, f"het bestand is geen UTF-8 (byte 0x{raw[exc.start]:02x}); sla het op als UTF-8")) from None
    if "\x00" in text:
        raise CaseFileError(Problem(where, 1, "het bestand bevat een NUL-teken; is het wel een tekstbestand?"))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def id_problem(path: Path) -> str | None:
    stem = path.stem
    if CASE_ID.match(stem):
        return None
    suggestion = slugify(stem) or "gemeente-onderwerp"
    return (f"de bestandsnaam '{path.name}' is geen geldige id: gebruik alleen kleine letters, cijfers en "
            f"streepjes, bijvoorbeeld '{suggestion}.md'")


def split_front_matter(text: str, where: str) -> tuple[str, str, int]:
    """Return (yaml_text, body, body_line). Front matter must open on line 1 with ---.

    The delimiter is python-frontmatter's own (a line of three or more dashes); splitting by line
    keeps the line numbers that messages need.
    """
    if not text.strip():
        raise CaseFileError(Problem(where, 1, "het bestand is leeg; begin met de front matter tussen twee regels --- (zie examples/_sjabloon.md)"))
    lines = text.split("\n")
    is_boundary = _FM_HANDLER.FM_BOUNDARY.fullmatch
    if not is_boundary(lines[0]):
        raise CaseFileError(Problem(where, 1, "de front matter ontbreekt: de eerste regel moet --- zijn, gevolgd door de velden en weer een regel --- (zie examples/_sjabloon.md)"))
    closing = next((i for i in range(1, len(lines)) if is_boundary(lines[i])), None)
    if closing is None:
        # the text most likely starts at the first heading: the --- belongs just above it
        first_heading = next((i for i in range(1, len(lines)) if lines[i].startswith("#") and not lines[i].startswith("# ")), None)
        line = first_heading + 1 if first_heading is not None else len(lines)
        where_hint = f"vóór regel {line}" if first_heading is not None else "tussen de velden en de tekst"
        raise CaseFileError(Problem(where, line, f"de afsluitende regel --- van de front matter ontbreekt; zet --- op een eigen regel {where_hint}"))
    return "\n".join(lines[1:closing]), "\n".join(lines[closing + 1:]), closing + 2


def read_case(path: Path) -> CaseFile:
    where = display_path(path)
    try:
        raw = read_capped(path, MAX_FILE_BYTES)
    except FileTooLarge as refusal:
        raise CaseFileError(Problem(where, 1, f"{refusal}; een casus is een gewoon tekstbestand van maximaal {MAX_FILE_BYTES} bytes")) from None
    text = decode(raw, where)
    yaml_text, body, body_line = split_front_matter(text, where)
    try:
        doc = parse(yaml_text, first_line=2)
    except YamlError as exc:
        raise CaseFileError(Problem(where, exc.line, exc.message)) from None
    if not isinstance(doc.data, dict):
        raise CaseFileError(Problem(where, 2, "de front matter moet bestaan uit regels 'veld: waarde' (zie examples/_sjabloon.md)"))
    case = CaseFile(id=path.stem, path=path, meta=doc.data, body=body, body_line=body_line, doc=doc)
    case.display = where  # resolving the path again costs a system call per folder of it
    return case
