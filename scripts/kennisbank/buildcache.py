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

Where it lives: `build/cache/` (beside the generated docs, git-ignored; build.cache_beside), shared by
the full build, the generation `make serve` starts with, and the live preview. No pull request can
bring one in: a cache folder that is a symbolic link, lies under one, or holds a file git tracks is
refused and the build runs without it. It is capped at MAX_BYTES; a larger one is not written.
Entries are JSON, and only a case whose front matter survives JSON unchanged (same types, same
keys) is stored; any other is simply checked again next time.

Trust. Everything an entry holds is used as the checks left it: a front matter that passed the
schema, problems that decide whether the build may go on, and a body already cleaned, which the
page writers print as it is. So whoever can write the cache file (an earlier build on a shared CI
runner, a tampered artifact, a mistake) could otherwise put a script or a `javascript:` link on
a page, a forged title in the exports, or hide an error, and both keys are computable from public
inputs (tests/test_cache_attacks.py tries each). Checking the entries again on load cannot tell a
forged but valid title from the real one; only checking the case afresh could, which is what the
cache saves. Instead the file is signed: an HMAC-SHA256 over its whole text with a random secret
that lives in this clone of the repository but outside the build folder (SECRET_FILE, git-ignored,
made on first use, readable by its owner only; refused if git tracks it, so a pull request cannot
bring in a key it knows). A file whose signature does not match is not parsed at all, and every
case is checked afresh. The secret does not travel with an artifact or a restored cache of the
build folder, so a cache from elsewhere is never used; code that runs as the builder (a pull
request's scripts built locally) can read the secret, but such code can already write the site
itself. Nothing is kept outside the repository.
"""
from __future__ import annotations

import errno
import hashlib
import hmac
import importlib.metadata
import json
import os
import platform
import secrets
import stat
import subprocess
import tempfile
from pathlib import Path

from . import paths
from .casefile import MAX_FILE_BYTES, CaseFile
from .problems import Problem, display_path
from .untrusted import FileTooLarge, read_capped
from .yamlsource import YamlDocument

FORMAT = 2
MAX_BYTES = 256 * 2**20
CACHE_FILE = "casussen.json"
SECRET_FILE = paths.ROOT / ".bouwcache-sleutel"  # in .gitignore; tests point it elsewhere (conftest)
SECRET_BYTES = 32
_SIGNATURE_CHARS = 64  # an HMAC-SHA256 in hex, on the file's first line
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
    could commit one that points elsewhere), something other than a file where the cache goes, or
    a file in the folder that git tracks (committed)."""
    for path in (folder, folder / CACHE_FILE):
        link = paths.symlink_on_the_way(path)
        if link:
            return f"{link} is een symbolische koppeling"
    if (folder / CACHE_FILE).exists() and not (folder / CACHE_FILE).is_file():
        return f"{CACHE_FILE} is geen gewoon bestand; haal het weg"
    try:
        tracked = tracked_by_git(folder)
    except OSError:
        return "git is niet beschikbaar om na te gaan of de map in de repository staat"
    if tracked:
        return "er staan bestanden in die git bijhoudt: een cache hoort niet in de repository"
    return None


def tracked_by_git(path: Path) -> bool:
    """Whether git tracks `path` (a file, or anything in a folder) in this repository. Raises
    OSError when git cannot say."""
    if not path.absolute().is_relative_to(paths.ROOT):
        return False
    try:  # literal: a name with * or [ is not a pattern
        result = subprocess.run(["git", "-C", str(paths.ROOT), "--literal-pathspecs", "ls-files", "--", str(path.absolute())],
                                capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired as timeout:
        raise OSError("git gaf geen antwoord") from timeout
    return result.returncode == 0 and bool(result.stdout.strip())


class SecretRefused(Exception):
    pass


def machine_secret(path: Path | None = None) -> bytes:
    """The key the cache is signed with, made on first use. Raises SecretRefused (why, in Dutch)
    when it cannot be made or cannot be trusted: a symbolic link, not a regular file, not of this
    user, readable or writable by others (they could forge a cache)."""
    path = path or SECRET_FILE
    try:
        tracked = tracked_by_git(path)
    except OSError:
        raise SecretRefused("git is niet beschikbaar om na te gaan of de sleutel van de bouwcache in de repository staat") from None
    if tracked:
        raise SecretRefused(f"de sleutel van de bouwcache ({display_path(path)}) staat in git: een sleutel die iedereen kent, "
                            "beschermt niets; haal hem uit de repository (git rm --cached)")
    try:
        try:
            return _read_secret(path)
        except FileNotFoundError:
            _make_secret(path)
            return _read_secret(path)
    except OSError as error:
        raise SecretRefused(f"de sleutel van de bouwcache ({path}) kan niet worden gelezen of gemaakt: {error.strerror}") from None


def _make_secret(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(secrets.token_bytes(SECRET_BYTES))
        os.link(temporary, path)  # never over an existing key: a build running beside this one made it first
    except FileExistsError:
        pass
    finally:
        os.unlink(temporary)


def _read_secret(path: Path) -> bytes:
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as error:
        if error.errno != errno.ELOOP:
            raise
        raise SecretRefused(f"de sleutel van de bouwcache ({path}) is een symbolische koppeling; verwijder hem") from None
    with os.fdopen(handle, "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise SecretRefused(f"de sleutel van de bouwcache ({path}) is geen gewoon bestand; verwijder hem")
        if status.st_uid != os.geteuid() or status.st_mode & 0o077:
            raise SecretRefused(f"de sleutel van de bouwcache ({path}) is van een andere gebruiker of voor anderen toegankelijk; "
                                "verwijder hem, de volgende bouw maakt een nieuwe")
        secret = file.read(SECRET_BYTES + 1)
    if len(secret) != SECRET_BYTES:
        raise SecretRefused(f"de sleutel van de bouwcache ({path}) is beschadigd; verwijder hem, de volgende bouw maakt een nieuwe")
    return secret


def _signature(secret: bytes, text: bytes) -> bytes:
    return hmac.new(secret, text, hashlib.sha256).hexdigest().encode("ascii")


def _entry_key(path: Path, data: bytes) -> str:
    return hashlib.sha256(str(path.absolute()).encode() + b"\0" + data).hexdigest()


def _read(path: Path) -> bytes | None:
    """The bytes of a regular case file within the size limit; None for anything else (a symlink,
    a folder, a file too large), which is then simply checked, and refused, as always."""
    try:
        return read_capped(path, MAX_FILE_BYTES)
    except (OSError, FileTooLarge):
        return None


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
    def __init__(self, folder: Path, key: str, secret: bytes):
        self.folder, self.key, self._secret = folder, key, secret
        self.entries: dict[str, dict] = {}
        self._keys: dict[Path, str] = {}
        try:
            signature, _, text = read_capped(folder / CACHE_FILE, _SIGNATURE_CHARS + 1 + MAX_BYTES).partition(b"\n")
        except (OSError, FileTooLarge):
            return
        if not hmac.compare_digest(signature, _signature(secret, text)):
            return  # not written by this machine's builds: not even parsed
        saved = json.loads(text)
        if saved["key"] == key:
            self.entries = saved["entries"]

    def get(self, path: Path) -> tuple[CaseFile, list[Problem]] | None:
        data = _read(path)
        if data is None:
            return None
        key = self._keys[path] = _entry_key(path, data)
        entry = self.entries.get(key)
        if entry is None:
            return None
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

    def save(self, keep: set[Path]) -> None:
        """Write the entries of the files in `keep` (the current cases); the others are dropped."""
        wanted = {self._keys[path] for path in keep if path in self._keys}
        text = json.dumps({"key": self.key, "entries": {k: v for k, v in self.entries.items() if k in wanted}},
                          ensure_ascii=False).encode("utf-8")
        target = self.folder / CACHE_FILE
        if len(text) > MAX_BYTES:
            target.unlink(missing_ok=True)
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        # a new file (O_EXCL), moved into place: a link planted where it is written is never followed
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=f".{CACHE_FILE}.")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(_signature(self._secret, text) + b"\n" + text)
            os.replace(temporary, target)
        except BaseException:
            os.unlink(temporary)
            raise


def open_cache(folder: Path, typology: Path, case_ids: set[str], today: str) -> tuple[CaseCache | None, str | None]:
    """The cache in `folder` for these inputs, or (None, why it is refused)."""
    why = refusal(folder)
    if why:
        return None, why
    try:
        secret = machine_secret()
    except SecretRefused as refused:
        return None, str(refused)
    return CaseCache(folder, inputs_key(typology, case_ids, today), secret), None
