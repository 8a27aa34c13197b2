"""The one path from a contributor's text to a page. Templates may print contributed text only so.

Two kinds of contributed text (cases, instruments, vocabularies, redirects, synonyms, glossary):

* Plain text — titles, summaries, labels, definitions, names, sources; anything a template prints
  with `{{ value }}`. The template environment's `finalize` hook is `inert_text`: every plain
  string is HTML-escaped, its line breaks become spaces and each character Markdown (or a Markdown
  extension) could act on is written as a numeric character reference. The renderer (MkDocs or
  Zensical) shows exactly the characters typed, wherever the template puts them (headings,
  paragraphs, attributes), and cannot make markup of them; browsers decode them back in attributes.
  Only Markup passes `finalize` unchanged: the output of this module and of our own filters
  (`join` is replaced by `inert_join`, which treats every item the same way).

* Markdown — case bodies and any contributed Markdown added later (an instrument's
  `toepassing`, a glossary entry). Use the Jinja filters:
      {{ text | contributed_markdown }}            a block of HTML
      {{ text | contributed_markdown(demote=1) }}  the same with ## as ### (under a page heading)
      {% for title, html in text | contributed_sections %}  the ## sections, so the page's
                                                   table of contents lists them (casus.md.j2)
  The text is rendered ONCE here, by Python-Markdown with the extensions of mkdocs.yml, cleaned
  with the strict allow-list of sanitize.py and written between FRAGMENT_START and FRAGMENT_END,
  as a raw HTML block that the renderer passes through untouched.

After the renderer, postbuild.sanitise_site cleans the text between each pair of markers again in
every built page (all but postbuild.HANDWRITTEN_PAGES): the second line of defence, our own step
rather than a MkDocs hook, so it runs the same after MkDocs, after Zensical and in the live
preview. Markers are HTML comments: nh3 removes every comment from a fragment, so contributed text
can neither forge nor close one, and outside the markers nothing is touched (the project's own
classes and data-pagefind-* attributes stay).
"""
from __future__ import annotations

import html
import re
import threading

import markdown
from markupsafe import Markup

from . import paths, siteconfig
from .fragmentmarkers import FRAGMENT_END, FRAGMENT_START
from .inline_patterns import only_possible_patterns
from .sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, sanitise


# Markdown syntax that can act in the middle of a line with the extensions of mkdocs.yml (emphasis,
# code, links, images, escapes, a heading's closing #, attribute lists, table cells) and HTML's
# own. Adding an extension with new inline syntax (pymdownx.mark's ==, tilde's ~~) means adding
# its characters here.
_INERT = {ord(c): f"&#{ord(c)};" for c in "\\`*_[]!#{}|"}
_INERT.update({ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;", ord("'"): "&#39;",
               ord("\n"): " ", ord("\r"): " "})
# most printed strings (labels, names, slugs) hold none of those characters: a search for them
# is several times cheaper than translate's lookup of every character
_ACTIVE = re.compile("[" + re.escape("".join(map(chr, _INERT))) + "]")


def inert_text(value):
    """Jinja `finalize`: a plain string becomes text no renderer can turn into markup."""
    if isinstance(value, str) and not isinstance(value, Markup):
        text = value.translate(_INERT) if _ACTIVE.search(value) else value
        return str.__new__(Markup, text)  # Markup(...) without its Python-level checks
    return value


def inert_join(values, separator: str = "") -> Markup:
    """Jinja's `join` escapes for HTML only; this one makes every item inert like `finalize` does."""
    return Markup(inert_text(separator)).join(inert_text(v) if isinstance(v, str) else inert_text(str(v)) for v in values)


_local = threading.local()


def _markdown(text: str = "[TOC]") -> markdown.Markdown:
    """One converter per thread, with the site's own extensions (from mkdocs.yml). A text without
    the `toc` marker gets one without `toc`: all `toc` adds to it is heading ids, which the
    sanitiser drops (about a tenth of the conversion time saved)."""
    if getattr(_local, "md", None) is None:
        names, options = siteconfig.markdown_extensions(siteconfig.load(paths.MKDOCS_CONFIG))
        _local.md = _local.lean = markdown.Markdown(extensions=names, extension_configs=options)
        _local.marker = (options.get("toc") or {}).get("marker", "[TOC]")
        if "toc" in names and not any("id" in ALLOWED_ATTRIBUTES.get(tag, ()) for tag in ("*", "h1", "h2", "h3", "h4", "h5", "h6")):
            _local.lean = markdown.Markdown(extensions=[n for n in names if n != "toc"],
                                            extension_configs={n: o for n, o in options.items() if n != "toc"})
    return _local.md if _local.marker and _local.marker in text else _local.lean


def prepare() -> None:
    """Make this thread's converters now: processes forked afterwards inherit them ready-made."""
    _markdown()


# Clean fragments by body, one memo per process: a body is parsed once, where it is checked
# (untrusted.check_rendered calls `converted`), and shown on its case page and on a portfolio page.
# Validation workers are forked and their memos die with them, so generate() hands the fragments
# they made to this process (remember_fragments) before it forks the page writers, which then
# parse no body again. The live preview renders edited bodies into it. Replaced on every full
# build, so it holds one collection's bodies rather than every edit of a long preview session.
_fragments: dict[str, str] = {}


def _parse(text: str) -> tuple[str, tuple[str, ...], tuple[str, ...], str]:
    md = _markdown(text)
    try:
        with only_possible_patterns(md, text):
            html = md.convert(text)
        stashed, references = tuple(str(block) for block in md.htmlStash.rawHtmlBlocks), tuple(url for url, _ in md.references.values())
    finally:
        md.reset()
    fragment = _fragments[text] = sanitise(html)
    return html, stashed, references, fragment


def converted(text: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """Python-Markdown's own parse of contributed Markdown, not yet cleaned: the HTML, the raw
    HTML blocks it set aside, and the targets of its link references (used or not). Its cleaned
    HTML is remembered for render_fragment."""
    return _parse(text)[:3]


def remember_fragments(fragments: dict[str, str]) -> None:
    """Replace the remembered fragments with these, rendered elsewhere (body -> clean HTML, as render_fragment makes it)."""
    _fragments.clear()
    _fragments.update(fragments)


def render_fragment(text: str) -> str:
    """Contributed Markdown -> clean HTML (no markers)."""
    known = _fragments.get(text)
    return known if known is not None else _parse(text)[3]


def mark(fragment: str) -> Markup:
    return Markup(f"{FRAGMENT_START}\n{fragment}\n{FRAGMENT_END}")


_HEADING = re.compile(r"<(/?)h([1-6])>")


def contributed_markdown(text: str, demote: int = 0) -> Markup:
    fragment = render_fragment(text)
    if demote:  # cleaned headings carry no attributes, so the pattern is exact
        fragment = _HEADING.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + demote)}>", fragment)
    return mark(fragment)


# A tag in a cleaned fragment. The fragment is nh3's serialisation: text has its < and > escaped,
# every attribute value is in double quotes (which may hold a > of their own), comments are gone.
_TAG = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:\s[^>"]*(?:"[^"]*"[^>"]*)*)?/?>')
# HTML's void elements (no end tag) that the allow-list keeps: derived, so a tag added to it later
# cannot put the depth count off
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}) & ALLOWED_TAGS


def _top_level_h2(fragment: str) -> list[list[int]]:
    """[start, end] offsets of the <h2> elements at the top level of a cleaned fragment (not in a
    quote or list). A scan of the tags, not an HTML parser: six times faster on a case body."""
    depth, spans = 0, []
    for tag in _TAG.finditer(fragment):
        name = tag.group(2).lower()
        if name in _VOID:
            continue
        if tag.group(1):
            depth -= 1
            if name == "h2" and depth == 0:
                spans[-1].append(tag.end())
        else:
            if name == "h2" and depth == 0:
                spans.append([tag.start()])
            depth += 1
    return spans


def contributed_sections(text: str) -> list[tuple[str | None, Markup]]:
    """The body split at its top-level ## headings: [(heading text or None, marked fragment)].

    Templates print the heading as `## {{ title }}` (plain text, so inert) for the page's table of
    contents and heading id; everything else stays inside the fragments."""
    fragment = render_fragment(text)
    spans = _top_level_h2(fragment)
    sections: list[tuple[str | None, Markup]] = []
    before = fragment[: spans[0][0]] if spans else fragment
    if before.strip():
        sections.append((None, mark(before.strip())))
    for i, (start, end) in enumerate(spans):
        title = html.unescape(re.sub(r"<[^>]*>", "", fragment[start + len("<h2>"): end - len("</h2>")]))
        following = fragment[end: spans[i + 1][0] if i + 1 < len(spans) else len(fragment)].strip()
        sections.append((" ".join(title.split()), mark(following) if following else Markup("")))
    return sections


FILTERS = {"contributed_markdown": contributed_markdown, "contributed_sections": contributed_sections, "join": inert_join}
