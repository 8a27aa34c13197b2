"""Reading and copying mkdocs.yml: the one loader for it.

Its `!ENV` values (site and repository address) are filled in from the environment, as MkDocs does.
mkdocs.yml also names a Python function (`!!python/name:...`, the heading-id slugify). yaml.safe_load
refuses that tag, so this loader keeps such a value as a PythonName (imported only by
`markdown_extensions`, for our own renderer) and writes it back unchanged in a copy of the config.
"""
from __future__ import annotations

import importlib
from pathlib import Path

import yaml
from yaml_env_tag import add_env_tag

PYTHON_NAME_TAG = "tag:yaml.org,2002:python/name:"


class PythonName(str):
    """The dotted name after !!python/name: (not imported)."""


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


add_env_tag(_Loader)
_Loader.add_multi_constructor(PYTHON_NAME_TAG, lambda loader, suffix, node: PythonName(suffix))
_Dumper.add_representer(PythonName, lambda dumper, name: dumper.represent_scalar(PYTHON_NAME_TAG + str(name), ""))


def load(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)


def dump(config: dict) -> str:
    return yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False)


def markdown_extensions(config: dict) -> tuple[list[str], dict[str, dict]]:
    """The extension names and their options, as Python-Markdown takes them."""
    names, options = [], {}
    for entry in config.get("markdown_extensions", []):
        name, settings = (next(iter(entry.items())) if isinstance(entry, dict) else (entry, None))
        names.append(name)
        if settings:
            options[name] = {key: _resolve(value) for key, value in settings.items()}
    return names, options


def _resolve(value):
    """A named function; 'scripts.kennisbank...' (as the renderer, started in the repository, finds
    it) is 'kennisbank...' for the generator, which runs with scripts/ on its path."""
    if isinstance(value, PythonName):
        module, _, attribute = value.rpartition(".")
        if module.startswith("scripts.kennisbank."):
            module = module[len("scripts."):]
        return getattr(importlib.import_module(module), attribute)
    return value
