"""Checks for text from strangers: bounded input, invisible characters, and markup and links judged
the way the renderer and a browser will treat them.

Every contribution arrives by pull request, so every file may be hostile. The rules here are the
boundary; contributed.py and the post-build sanitiser are the defence behind it.

* Bounded input: file size (read_capped), line length, `[` count (Python-Markdown's link parsing is
  quadratic in it), nesting depth of Markdown lists and quotes, and of YAML (yamlsource.py).
* Characters: C0 and C1 control characters and the bidi controls U+202A–U+202E and U+2066–U+2069
  are refused in every field after YAML unescaping and in bodies (where tab, newline and carriage
  return are text). Right-to-left letters themselves are fine.
* Markup: the body is parsed by Python-Markdown with the site's extensions (the renderer's own
  parse, so fences, code spans and quotes are what the site will make of them); every piece of raw
  HTML it found is refused, and every link and image target is checked after entity decoding and
  the whitespace removal a browser applies.
* Messages: `printable` shows newlines, control characters and escape sequences as `\\n`, `\\x1b`...
  in every echoed value and file name, so a value cannot forge a line of output or an annotation.

For another kind of contributed Markdown (e.g. an instrument's `toepassing`), call
`check_markdown(text, first_line, page_url)`: it yields (line, message) like the case checks.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

from . import contributed

MAX_LINE_CHARS = 10_000
MAX_BRACKETS = 400  # '[' in one text; a real case has a few dozen at most
MAX_MARKDOWN_DEPTH = 10  # nested lists and quotes (a list four deep is depth 4)
MAX_LIST_INDENT = 48  # columns of indentation before a line's text

# C0 except tab, newline, carriage return; DEL; C1; bidi embeddings, overrides and isolates
_BODY_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
BODY_CONTROL = re.compile(f"[{_BODY_CONTROLS}]")
FIELD_CONTROL = re.compile(f"[\t\r{_BODY_CONTROLS}]")  # in a field, a newline is whitespace; tab and CR are not
SAFE_SCHEMES = ("http", "https", "mailto")


class FileTooLarge(Exception):
    pass


def read_capped(path: Path, limit: int) -> bytes:
    """The bytes of a regular file, at most `limit`; never follows a symlink (a link to /dev/zero
    or to a file outside the repository is refused, not read)."""
    if path.is_symlink() or not path.is_file():
        raise FileTooLarge(f"{printable(path.name)} is geen gewoon bestand (een map of een symbolische koppeling)")
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise FileTooLarge(f"het bestand is te groot (meer dan {limit} bytes)")
    return data


# --- messages ----------------------------------------------------------------------------------

_UNPRINTABLE = re.compile(f"[\t\n\r{_BODY_CONTROLS}\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """Newlines, control characters and escape sequences shown as \\n, \\x1b, \\u202e."""
    def show(match: re.Match) -> str:
        char = match.group()
        return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")
    return _UNPRINTABLE.sub(show, str(text))


def describe(char: str) -> str:
    code = f"U+{ord(char):04X}"
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        return f"een onzichtbaar teken dat de schrijfrichting omdraait ({code})"
    return f"een onzichtbaar stuurteken ({code})"


# --- fields ------------------------------------------------------------------------------------

def field_controls(data, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(path, message) for every key or string value holding a control or bidi character."""
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str) and FIELD_CONTROL.search(key):
                yield path + (key,), f"de veldnaam bevat {describe(FIELD_CONTROL.search(key).group())} — typ de naam opnieuw"
            yield from field_controls(value, path + (key,))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from field_controls(item, path + (i,))
    elif isinstance(data, str):
        found = FIELD_CONTROL.search(data)
        if found:
            yield path, f"bevat {describe(found.group())}; haal het weg (let op escapes als \\0, \\a of \\e tussen aanhalingstekens)"


# --- Markdown bodies ---------------------------------------------------------------------------

_MARKERS = re.compile(r"\s*(?:>|[-*+]\s|\d{1,9}[.)]\s)")


def _depth(line: str) -> int:
    """Nesting of a line: list markers and quote signs before its text, plus indentation levels."""
    stripped = line.expandtabs(4)
    indent = len(stripped) - len(stripped.lstrip(" "))
    depth, rest = indent // 4, stripped
    while True:
        match = _MARKERS.match(rest)
        if not match or not match.group().strip():
            break
        depth += 1
        rest = rest[match.end():]
    return depth


def check_limits(text: str, first_line: int) -> Iterator[tuple[int, str]]:
    """Limits that keep the renderer fast and its recursion shallow. Checked before any parse."""
    brackets = 0
    for number, line in enumerate(text.split("\n"), start=first_line):
        if len(line) > MAX_LINE_CHARS:
            yield number, f"deze regel is te lang ({len(line)} tekens, maximaal {MAX_LINE_CHARS}) — zet een witregel tussen alinea's"
            return
        found = BODY_CONTROL.search(line)
        if found:
            yield number, f"de tekst bevat {describe(found.group())} op deze regel — haal het weg"
            return
        if _depth(line) > MAX_MARKDOWN_DEPTH or len(line) - len(line.lstrip(" \t")) > MAX_LIST_INDENT:
            yield number, f"te diep geneste lijst of quote (meer dan {MAX_MARKDOWN_DEPTH} niveaus) — maak de opsomming platter"
            return
        brackets += line.count("[")
        if brackets > MAX_BRACKETS:
            yield number, f"te veel vierkante haken [ in de tekst (meer dan {MAX_BRACKETS}) — gebruik ze alleen voor links"
            return


class _Links(HTMLParser):
    """Tags, link targets and text of rendered HTML; attribute values decoded as a browser does."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.targets: list[tuple[str, str, str]] = []  # (tag, value as the browser reads it, value as written)
        self.text: list[str] = []
        self.code_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("code", "pre"):
            self.code_depth += 1
        written = dict(re.findall(r'\s(href|src)="([^"]*)"', self.get_starttag_text() or ""))
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.targets.append((tag, value, written.get(name, value)))

    def handle_endtag(self, tag):
        if tag in ("code", "pre"):
            self.code_depth -= 1

    def handle_data(self, data):
        if not self.code_depth:
            self.text.append(data)


C0_AND_SPACE = "".join(map(chr, range(0x21)))


def browser_url(value: str) -> str:
    """What a browser makes of an attribute value: leading and trailing C0 controls and spaces
    stripped, every tab and newline removed (WHATWG URL parsing); entities are already decoded."""
    return re.sub(r"[\t\n\r]", "", value.strip(C0_AND_SPACE))


def link_problem(target: str, page_url: str) -> str | None:
    """Why a link target is refused, or None. Only http(s), mailto and links within the site."""
    url = browser_url(target)
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", url)
    if scheme:
        if scheme.group(1).lower() in SAFE_SCHEMES:
            return None
        return f"de link '{printable(target)}' gebruikt een onveilig adres ({scheme.group(1).lower()}:) — link alleen naar https://-adressen"
    path = url.replace("\\", "/")
    if path.startswith("//"):
        return f"de link '{printable(target)}' mist https: — schrijf het volledige adres, beginnend met https://"
    path = path.split("#", 1)[0].split("?", 1)[0]
    if path.startswith("/") or _climbs(page_url, path):
        return f"de link '{printable(target)}' verwijst buiten de kennisbank — link naar een https://-adres of naar een pagina van de site"
    return None


def _climbs(page_url: str, path: str) -> bool:
    """Does a relative path go above the site's root from the page at page_url ('casussen/x/')?"""
    depth = len([part for part in page_url.split("/") if part])
    for part in path.split("/"):
        if part == "..":
            depth -= 1
            if depth < 0:
                return True
        elif part not in ("", "."):
            depth += 1
    return False


def _line_of(text: str, needle: str, first_line: int) -> int:
    at = text.find(needle) if needle else -1
    return first_line + text[:at].count("\n") if at >= 0 else first_line


_MAY_HOLD_MARKUP = re.compile(r"[<&\[{]")
ATTRIBUTE_LIST = re.compile(r"\{\s*(?::|[#.][A-Za-z]|[A-Za-z_:][-\w:]*\s*=)")


def check_rendered(text: str, first_line: int, page_url: str) -> Iterator[tuple[int, str]]:
    """Raw HTML, attribute lists and unsafe link targets, found in the renderer's own parse."""
    rendered, stashed, references = contributed.converted(text)  # references: used or not, checked alike
    for block in stashed:
        if block.lstrip().startswith("&"):
            continue  # a character reference such as &amp; is text, not markup
        tag = re.match(r"\s*<\s*/?\s*(!--|[A-Za-z][A-Za-z0-9-]*|[^>\s]*)", block)
        name = tag.group(1).lower() if tag else block[:20]
        line = _line_of(text, block.strip().split("\n", 1)[0], first_line)
        if name == "!--":
            yield line, "HTML-commentaar (<!-- -->) is niet toegestaan in een casus — haal het weg"
        else:
            yield line, (f"HTML-code <{printable(name)}> is niet toegestaan in een casus — gebruik Markdown "
                         "(## kop, **vet**, - lijst, [tekst](https://...))")
    parser = _Links()
    parser.feed(rendered)
    parser.close()
    targets = parser.targets + [("a", html.unescape(url), url) for url in references]
    for tag, value, written in targets:
        line = next((_line_of(text, needle, first_line) for needle in (written, html.unescape(written), value)
                     if needle and needle in text), first_line)
        problem = link_problem(value, page_url)
        if problem:
            yield line, problem
        elif tag == "img":
            yield line, "afbeeldingen kunnen niet in een casus (ze zouden van een andere site laden) — beschrijf wat erop staat"
    for data in parser.text:
        if ATTRIBUTE_LIST.search(data):
            yield _line_of(text, ATTRIBUTE_LIST.search(data).group(), first_line), \
                "attributen tussen accolades ({: ...} of { .klasse }) zijn niet toegestaan in een casus — haal ze weg"


def check_markdown(text: str, first_line: int, page_url: str) -> Iterator[tuple[int, str]]:
    """All checks for a piece of contributed Markdown; the parse runs only within the limits."""
    limits = list(check_limits(text, first_line))
    if limits:
        yield from limits
        return
    if not _MAY_HOLD_MARKUP.search(text):
        return  # no tag, entity, link, image, reference or attribute list possible: skip the parse
    seen = set()
    for finding in check_rendered(text, first_line, page_url):
        if finding not in seen:
            seen.add(finding)
            yield finding
