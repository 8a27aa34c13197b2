"""A cache of checked cases, so a repeated build on one machine reads and checks only what changed.

What it keeps, per case file: the loaded case (front matter, text, its rendered and cleaned body)
and every problem the checks found for it, exactly as `checks.validate(render=True)` returns them.
The pages are always written anew from these.

The key. An entry is used only when nothing it could depend on changed:
- per entry: the file's bytes and its path (messages name the file);
- for the whole cache (`inputs_key`): every file of the generator (scripts/, so also the templates),
  of the vocabularies (typology/, with the municipality data), mkdocs.yml (the Markdown extensions),
  the list of case ids (a case may refer to another), the date the checks use, the versions of
  Python and of every package the checks and the rendering use, and this module's format version.
A change to any of them (an instrument's label, a template, a package upgrade) empties the cache.

Where it lives: `build/cache/` (beside the generated docs, git-ignored). No pull request can
bring one in: a cache folder that is a symbolic link, lies under one, or holds a file git tracks is
refused and the build runs without it. It is capped at MAX_BYTES; a larger one is not written.
Entries are JSON, and only a case whose front matter survives JSON unchanged (same types, same
keys) is stored; any other is simply checked again next time.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import json
import platform
import subprocess
from pathlib import Path

from . import paths
from .casefile import MAX_FILE_BYTES, CaseFile
from .problems import Problem
from .yamlsource import YamlDocument

FORMAT = 1
MAX_BYTES = 256 * 2**20
CACHE_FILE = "casussen.json"
# what the checks and the rendering of a case run on, besides our own code
PACKAGES = ("markdown", "nh3", "jinja2", "markupsafe", "pyyaml", "python-frontmatter", "jsonschema", "fastjsonschema",
            "snowballstemmer", "mkdocs")


def _hash_tree(digest, folder: Path) -> None:
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")


def inputs_key(typology: Path, case_ids: set[str], today: str, code: Path = paths.ROOT / "scripts",
               config: Path = paths.MKDOCS_CONFIG) -> str:
    """One hash over everything besides the case file itself that a checked case depends on."""
    digest = hashlib.sha256(f"kennisbank-cache {FORMAT} {platform.python_version()} {today}\0".encode())
    for name in PACKAGES:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name}=={version}\0".encode())
    for folder in (code, typology):
        digest.update(f"[{folder.name}]\0".encode())
        _hash_tree(digest, folder)
    digest.update(b"[config]\0" + config.read_bytes() + b"\0[ids]\0" + "\0".join(sorted(case_ids)).encode())
    return digest.hexdigest()


def refusal(folder: Path) -> str | None:
    """Why this folder may not hold the cache, or None: a symbolic link on the way (a pull request
    could commit one that points elsewhere), or a file in it that git tracks (committed)."""
    chain = [folder, *(p for p in folder.absolute().parents if p.is_relative_to(paths.ROOT) and p != paths.ROOT)]
    if any(p.is_symlink() for p in chain):
        return "de map (of een map erboven) is een symbolische koppeling"
    if (folder / CACHE_FILE).is_symlink():
        return f"{CACHE_FILE} is een symbolische koppeling"
    if folder.absolute().is_relative_to(paths.ROOT):
        try:
            tracked = subprocess.run(["git", "-C", str(paths.ROOT), "ls-files", "--", str(folder.absolute())],
                                     capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            return "git is niet beschikbaar om na te gaan of de map in de repository staat"
        if tracked.returncode == 0 and tracked.stdout.strip():
            return "er staan bestanden in die git bijhoudt: een cache hoort niet in de repository"
    return None


def _entry_key(path: Path, data: bytes) -> str:
    return hashlib.sha256(str(path.absolute()).encode() + b"\0" + data).hexdigest()


def _read(path: Path) -> bytes | None:
    """The bytes of a regular case file within the size limit; None for anything else (a symlink,
    a folder, a file too large), which is then simply checked, and refused, as always."""
    if path.is_symlink() or not path.is_file():
        return None
    data = path.read_bytes()
    return data if len(data) <= MAX_FILE_BYTES else None


def _same(a, b) -> bool:
    """Equal, and of the same types throughout: JSON turns a key 1 into '1', and 1 == True in Python."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(key, other) and _same(a[key], b[other]) for key, other in zip(a, b))
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


class CaseCache:
    def __init__(self, folder: Path, key: str):
        self.folder, self.key = folder, key
        self.entries: dict[str, dict] = {}
        self.used = self.stored = 0
        self._keys: dict[Path, str] = {}
        try:
            saved = json.loads((folder / CACHE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(saved, dict) and saved.get("key") == key and isinstance(saved.get("entries"), dict):
            self.entries = saved["entries"]

    def get(self, path: Path) -> tuple[CaseFile, list[Problem]] | None:
        data = _read(path)
        if data is None:
            return None
        key = self._keys[path] = _entry_key(path, data)
        entry = self.entries.get(key)
        if entry is None:
            return None
        self.used += 1
        case = CaseFile(id=entry["id"], path=path, meta=entry["meta"], body=entry["body"], body_line=entry["body_line"],
                        doc=YamlDocument(None, first_line=entry["first_line"]), fragment=entry["fragment"])
        return case, [Problem(*problem) for problem in entry["problems"]]

    def put(self, path: Path, case: CaseFile, problems: list[Problem]) -> None:
        key = self._keys.get(path)
        if key is None or case.fragment is None:  # unread, or not rendered (a case with errors): checked again next time
            return
        entry = {"id": case.id, "meta": case.meta, "body": case.body, "body_line": case.body_line, "first_line": case.doc.first_line,
                 "fragment": case.fragment, "problems": [[p.path, p.line, p.message, p.level] for p in problems]}
        try:
            if not _same(json.loads(json.dumps(entry["meta"])), case.meta):
                return
        except (TypeError, ValueError):
            return
        self.entries[key] = entry
        self.stored += 1

    def save(self, keep: set[Path]) -> None:
        """Write the entries of the files in `keep` (the current cases); the others are dropped."""
        wanted = {self._keys[path] for path in keep if path in self._keys}
        text = json.dumps({"key": self.key, "entries": {k: v for k, v in self.entries.items() if k in wanted}}, ensure_ascii=False)
        target = self.folder / CACHE_FILE
        if len(text.encode("utf-8")) > MAX_BYTES:
            target.unlink(missing_ok=True)
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{CACHE_FILE}.tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(target)


def open_cache(folder: Path, typology: Path, case_ids: set[str], today: str) -> tuple[CaseCache | None, str | None]:
    """The cache in `folder` for these inputs, or (None, why it is refused)."""
    why = refusal(folder)
    if why:
        return None, why
    return CaseCache(folder, inputs_key(typology, case_ids, today)), None
