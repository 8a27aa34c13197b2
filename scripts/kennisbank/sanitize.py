"""A second line of defence for case pages: sanitise their rendered HTML with nh3 (Ammonia).

The validator already refuses raw HTML, attribute lists and script links in case texts. Should
something slip through (a Markdown extension added later, a bug), this allow-list keeps scripts,
event handlers, styles, frames and javascript:/data: URLs off the site.
"""
from __future__ import annotations

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details", "div", "dl", "dt", "em",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li", "mark", "nav", "ol", "p",
    "pre", "q", "s", "section", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot",
    "th", "thead", "time", "tr", "u", "ul",
}
GLOBAL_ATTRIBUTES = {"class", "id", "title", "lang", "role", "aria-label", "aria-labelledby", "aria-describedby",
                     "aria-current", "aria-hidden", "hidden"}
ALLOWED_ATTRIBUTES = {
    "*": GLOBAL_ATTRIBUTES,
    "a": {"href", "rel", "hreflang"},
    "time": {"datetime"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}


def sanitise(html: str) -> str:
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     link_rel=None, strip_comments=True,
                     generic_attribute_prefixes={"data-pagefind-"})
