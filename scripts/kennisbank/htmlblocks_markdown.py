"""htmlblocks.py as a Python-Markdown extension, for a renderer that runs no MkDocs hooks.

Zensical reads `markdown_extensions` from the configuration but no `hooks:`, so without this its
Python-Markdown parsed every HTML block of our pages (and so took several times as long as MkDocs
on the same pages). `build.zensical_build` adds the extension to Zensical's copy of mkdocs.yml.
MkDocs keeps the hooks (scripts/mkdocs_hooks.py): they also hand the blocks' ids to MkDocs'
anchor check, which an extension cannot reach.

The blocks are taken out before any other step of Markdown (above its whitespace normalising, as
the hook sees the raw page) and put back after the last, so a page renders as it does through the
hooks.
"""
from __future__ import annotations

from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from . import htmlblocks


class _TakeOut(Preprocessor):
    def __init__(self, md):
        super().__init__(md)
        self.blocks: list[str] = []

    def run(self, lines: list[str]) -> list[str]:
        text, self.blocks = htmlblocks.stash("\n".join(lines))
        return text.split("\n")


class _PutBack(Postprocessor):
    def __init__(self, taken: _TakeOut):
        super().__init__()
        self.taken = taken

    def run(self, text: str) -> str:
        return htmlblocks.restore(text, self.taken.blocks)


class GeneratorBlocks(Extension):
    def extendMarkdown(self, md):
        taken = _TakeOut(md)
        md.preprocessors.register(taken, "kb_generator_blocks", 40)  # before normalize_whitespace (30)
        md.postprocessors.register(_PutBack(taken), "kb_generator_blocks", 0)  # after raw_html (30), amp_substitute (20)


def makeExtension(**kwargs) -> GeneratorBlocks:  # noqa: N802 - the name Python-Markdown looks for
    return GeneratorBlocks(**kwargs)
