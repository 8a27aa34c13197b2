"""The allow-list for contributed HTML fragments, applied with nh3 (Ammonia).

Used twice on the same fragments: when a contributor's Markdown is rendered (contributed.py) and
again on the built site (postbuild.sanitise_site), so a renderer that behaves differently cannot
let anything else through. Dropped on purpose: `id` (a fragment could take an id the theme's
scripts look up, such as `__config`), `class` and `style` (a fragment could dress up as the
site's own components), and every `data-*` attribute (`data-pagefind-*` would rewrite the
search index). Links keep only http(s) and mailto targets and always get rel="noopener noreferrer".
The project's own markup is never passed through this list: it lives outside the fragments.
"""
from __future__ import annotations

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "div", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li", "ol", "p", "pre", "q", "s", "small",
    "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitise(html: str) -> str:
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer", strip_comments=True,
                     clean_content_tags={"script", "style"})
