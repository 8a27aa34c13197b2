"""Kennisbank Nieuwe Verscheidenheid: load, validate, model and render the case collection.

Layers: yamlsource/casefile (load) -> vocab (vocabularies) -> checks (validate)
-> model (indexes) -> render (Jinja2 templates) -> export (open data).
Nothing here depends on MkDocs: the generator writes Markdown and data files.
"""
