"""Render the site navigation once per folder instead of once per page.

Material renders the whole navigation into every page; with thousands of case pages that was
about half of the theme's time. A page that is not itself in the navigation highlights nothing in
it, and its relative links depend only on the folder the page lies in (casussen/a/ and casussen/b/
both reach casussen/ as ../), so such pages share one rendering. Pages in the navigation (they
mark themselves as current) are rendered as usual.
"""
from __future__ import annotations

import posixpath

from markupsafe import Markup


class NavigationReuse:
    """Jinja global for `{% call kb_reuse_nav(page, nav) %}...{% endcall %}`; one per build."""

    def __init__(self):
        self._rendered: dict[tuple, Markup] = {}

    def __call__(self, page, nav, caller) -> Markup:
        if page is None or nav is None or page in nav.pages:
            return caller()
        key = (posixpath.dirname(page.url.rstrip("/")), page.url.endswith("/"))
        if key not in self._rendered:
            self._rendered[key] = Markup(caller())
        return self._rendered[key]
