"""The two comments around every contributed fragment in a generated page (contributed.py writes
them; the hooks, the Markdown extension of htmlblocks and postbuild.py find the fragments by them).
A module of its own, without imports, so a renderer's Markdown extension can load it alone."""

FRAGMENT_START = "<!--kb-bijdrage-->"
FRAGMENT_END = "<!--/kb-bijdrage-->"
