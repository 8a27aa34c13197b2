"""Compiled templates kept between the live preview's rebuilds (the theme's and our own).

Every rebuild of `mkdocs serve` creates a fresh Jinja environment for the theme and so compiled
Material's templates again: about a second per edit; our generator's environments likewise.
Jinja's bytecode cache is keyed by template name and source checksum, so an edited template is
compiled anew and nothing stale is served.
"""
from __future__ import annotations

from jinja2 import BytecodeCache


class MemoryBytecodeCache(BytecodeCache):
    def __init__(self):
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()
