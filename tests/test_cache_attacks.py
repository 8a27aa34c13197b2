"""Attacks on the build cache (kennisbank/buildcache.py) by someone who can write
build/cache/casussen.json but not the repository: an earlier build on a shared runner, a tampered
artifact, a local mistake. Both keys of an entry are computable from public inputs (the case
file's path and bytes, the repository's code and vocabularies), so every forged entry below is
one the cache would look up. Whatever it holds, the build must write what a build without the
cache writes, report every error the case has, and never crash.

The cache only feeds the checks (validation.validate_repository): the page writers work from what
the checks hand them. So most attacks compare that hand-over with the one of a check without the
cache, which is quick; one real build at the end shows a forged entry reaching no built file."""
from __future__ import annotations

import json
import re

import pytest

from conftest import GOOD_CASE, TODAY
from kennisbank import buildcache
from kennisbank.build import build_site, generate
from kennisbank.validation import validate_repository
from kennisbank.contributed import FRAGMENT_END, FRAGMENT_START
from test_build_cache import checked, collection, own_secret  # noqa: F401 - fixtures shared with the cache's own tests

CASE = "tiel-dialoog"


def cache_file(tmp_path):
    return tmp_path / "cache" / buildcache.CACHE_FILE  # where check() keeps it


def check(tmp_path, examples, typology, cache=True):
    """What the checks hand the page writers, as generate() calls them: each case's front matter,
    body and cleaned fragment, and every problem but the cache's own notices."""
    _, cases, problems = validate_repository(examples=examples, typology=typology, today=TODAY, render=True,
                                              cache_dir=tmp_path / "cache" if cache else None)
    return [(c.id, c.meta, c.body, c.fragment) for c in cases], [str(p) for p in problems if "bouwcache" not in p.message]


def cache_notices(tmp_path, examples, typology) -> list[str]:
    return [p.message for p in validate_repository(examples=examples, typology=typology, today=TODAY, render=True,
                                                   cache_dir=tmp_path / "cache")[2] if "bouwcache" in p.message]


def forge(tmp_path, edit, path=None) -> None:
    """Change the stored entries in place, as an attacker with write access to the file would;
    anything else the file holds is kept as it was."""
    path = path or cache_file(tmp_path)
    text = path.read_text(encoding="utf-8")
    start = text.index("{")
    saved = json.loads(text[start:])
    edit(saved["entries"])
    path.write_text(text[:start] + json.dumps(saved, ensure_ascii=False), encoding="utf-8")


def forge_case(tmp_path, path=None, **changes) -> None:
    def edit(entries):
        entry = next(e for e in entries.values() if e["id"] == CASE)
        for name, change in changes.items():
            entry[name] = change(entry[name])
    forge(tmp_path, edit, path)


SCRIPT = "<script>alert(1)</script>"
FRAGMENTS = {
    "script": SCRIPT,
    "event handler": '<img src="x" onerror="alert(1)">',
    "javascript link": '<a href="javascript:alert(1)">klik</a>',
    "style": '<p style="position:fixed;inset:0">nep</p>',
    "iframe": '<iframe src="https://aanvaller.example/"></iframe>',
    "out of the markers": f"<p>x</p>\n{FRAGMENT_END}{SCRIPT}{FRAGMENT_START}\n<p>y</p>",
}


@pytest.mark.parametrize("payload", FRAGMENTS.values(), ids=FRAGMENTS.keys())
def test_a_forged_fragment_never_reaches_a_page(tmp_path, collection, checked, payload):  # noqa: F811
    examples, typology = collection
    scratch = check(tmp_path, examples, typology, cache=False)
    check(tmp_path, examples, typology)
    forge_case(tmp_path, fragment=lambda fragment: fragment + payload)
    checked.clear()
    assert check(tmp_path, examples, typology) == scratch
    assert CASE in checked, "the forged entry was dropped and the case checked afresh"


FRONT_MATTER = {
    "title": lambda meta: {**meta, "titel": f"Nep {SCRIPT}"},
    "summary as a formula": lambda meta: {**meta, "samenvatting": '=HYPERLINK("https://aanvaller.example/")'},
    "source link": lambda meta: {**meta, "bronnen": [{"titel": "Bron", "uitgever": "X", "jaar": 2020,
                                                      "onderdeel": "Tiel", "url": "javascript:alert(1)"}]},
    "unknown instrument": lambda meta: {**meta, "instrumenten": ["bestaat-niet"]},
    "body": lambda meta: meta,
}


@pytest.mark.parametrize("change", FRONT_MATTER.values(), ids=FRONT_MATTER.keys())
def test_a_forged_front_matter_or_body_changes_no_page_and_no_export(tmp_path, collection, checked, change):  # noqa: F811
    """Titles, summaries and source links are printed outside the fragment markers, and the data
    exports (JSON, CSV, the finder's data) carry them too: none may come from the cache."""
    examples, typology = collection
    scratch = check(tmp_path, examples, typology, cache=False)
    check(tmp_path, examples, typology)
    forge_case(tmp_path, meta=change, body=lambda body: body.replace("Tekst.", f"Nep. {SCRIPT}"))
    checked.clear()
    assert check(tmp_path, examples, typology) == scratch
    assert CASE in checked


def test_forged_problems_cannot_hide_an_error(tmp_path, collection):  # noqa: F811
    """A case with an error is never stored; an entry made for it, with no problems, must not let it build."""
    examples, typology = collection
    check(tmp_path, examples, typology)
    path = examples / f"{CASE}.md"
    good = path.read_bytes()
    path.write_text(GOOD_CASE.replace("pijlers: [wonen-leefbaarheid]", "pijlers: [bestaat-niet]"), encoding="utf-8")

    def move_to_the_bad_file(entries):
        old = buildcache._entry_key(path, good)
        entries[buildcache._entry_key(path, path.read_bytes())] = entries.pop(old) | {"problems": []}
    forge(tmp_path, move_to_the_bad_file)
    _, problems = check(tmp_path, examples, typology)
    assert any(re.search(r"tiel-dialoog\.md:\d+: pijlers", problem) for problem in problems), problems


MALFORMED = {
    "entry without fields": lambda entries: entries.update({k: {"id": CASE} for k in entries}),
    "problem of the wrong shape": lambda entries: [e.update(problems=[["a"]]) for e in entries.values()],
    "meta not a mapping": lambda entries: [e.update(meta=["lijst"]) for e in entries.values()],
    "entries not a mapping": lambda entries: entries.update({k: "tekst" for k in entries}),
}


@pytest.mark.parametrize("edit", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_entry_is_checked_afresh_not_a_crash(tmp_path, collection, checked, edit):  # noqa: F811
    examples, typology = collection
    scratch = check(tmp_path, examples, typology, cache=False)
    check(tmp_path, examples, typology)
    forge(tmp_path, edit)
    assert check(tmp_path, examples, typology) == scratch


FILES = {
    "not UTF-8": lambda path: path.write_bytes(b"\xff\xfe{"),
    "nested beyond the parser's depth": lambda path: path.write_text("[" * 200_000, encoding="utf-8"),
    "a folder": lambda path: path.mkdir(),
    "empty": lambda path: path.write_bytes(b""),
}


@pytest.mark.parametrize("make", FILES.values(), ids=FILES.keys())
def test_an_unreadable_cache_file_is_ignored(tmp_path, collection, make):  # noqa: F811
    examples, typology = collection
    scratch = check(tmp_path, examples, typology, cache=False)
    cache_file(tmp_path).parent.mkdir()
    make(cache_file(tmp_path))
    assert check(tmp_path, examples, typology) == scratch


# --- the key the cache is signed with -------------------------------------------------------------

def test_a_cache_signed_elsewhere_is_not_used(tmp_path, collection, checked, own_secret):  # noqa: F811
    """A cache restored from an artifact or another runner carries another machine's signature."""
    examples, typology = collection
    check(tmp_path, examples, typology)
    own_secret.unlink()  # the next build makes a new key, as on another machine
    checked.clear()
    check(tmp_path, examples, typology)
    assert sorted(checked) == ["tiel-dialoog", "tiel-taalhuis"]
    checked.clear()
    check(tmp_path, examples, typology)
    assert checked == [], "signed with the new key, the cache is used again"
    assert own_secret.stat().st_mode & 0o777 == 0o600


UNTRUSTED_KEYS = {
    "readable by others": lambda key: key.chmod(0o644),
    "a symlink": lambda key: (key.rename(key.with_name("echt")), key.symlink_to(key.with_name("echt"))),
    "cut short": lambda key: key.write_bytes(key.read_bytes()[:8]),
}


@pytest.mark.parametrize("spoil", UNTRUSTED_KEYS.values(), ids=UNTRUSTED_KEYS.keys())
def test_a_key_that_others_could_know_is_refused(tmp_path, collection, checked, own_secret, spoil):  # noqa: F811
    examples, typology = collection
    scratch = check(tmp_path, examples, typology)
    spoil(own_secret)
    checked.clear()
    notices = cache_notices(tmp_path, examples, typology)
    assert len(notices) == 1 and notices[0].startswith("de bouwcache wordt niet gebruikt: de sleutel van de bouwcache"), notices
    assert sorted(checked) == ["tiel-dialoog", "tiel-taalhuis"]
    assert check(tmp_path, examples, typology) == scratch


def test_without_a_place_for_the_key_the_build_runs_without_the_cache(tmp_path, collection, monkeypatch):  # noqa: F811
    examples, typology = collection
    (tmp_path / "bestand").write_text("geen map", encoding="utf-8")
    monkeypatch.setattr(buildcache, "SECRET_FILE", tmp_path / "bestand" / "bouwcache-sleutel")
    assert any("kan niet worden gelezen of gemaakt" in notice for notice in cache_notices(tmp_path, examples, typology))
    assert not cache_file(tmp_path).exists()


# --- where the cache lives: every path form that could lead elsewhere is refused ------------------

@pytest.mark.parametrize("link", ["cache", f"cache/{buildcache.CACHE_FILE}", "bouw"])
def test_a_symlink_anywhere_on_the_way_is_refused(tmp_path, collection, monkeypatch, link):  # noqa: F811
    """The folder, the file, or a parent folder (inside the repository: here tmp_path stands in for it)."""
    examples, typology = collection
    monkeypatch.setattr(buildcache.paths, "ROOT", tmp_path)
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    (elsewhere / buildcache.CACHE_FILE).write_text("{}", encoding="utf-8")
    folder = tmp_path / "bouw" / "cache"
    if link == "bouw":
        (tmp_path / "bouw").symlink_to(elsewhere)
        (elsewhere / "cache").mkdir()
    elif link == "cache":
        folder.parent.mkdir()
        folder.symlink_to(elsewhere)
    else:
        folder.mkdir(parents=True)
        (folder / buildcache.CACHE_FILE).symlink_to(elsewhere / buildcache.CACHE_FILE)
    assert "symbolische koppeling" in buildcache.refusal(folder)
    before = {p: p.read_bytes() for p in elsewhere.rglob("*") if p.is_file()}
    problems = validate_repository(examples=examples, typology=typology, today=TODAY, render=True, cache_dir=folder)[2]
    assert any("de bouwcache wordt niet gebruikt" in p.message for p in problems)
    assert {p: p.read_bytes() for p in elsewhere.rglob("*") if p.is_file()} == before


def test_saving_never_writes_through_a_planted_link(tmp_path, collection):  # noqa: F811
    """The cache is written to a new file and moved into place: a symlink left where that file
    goes does not make the build write elsewhere."""
    examples, typology = collection
    victim = tmp_path / "slachtoffer.txt"
    victim.write_text("blijft", encoding="utf-8")
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / f".{buildcache.CACHE_FILE}.tmp").symlink_to(victim)
    check(tmp_path, examples, typology)
    assert victim.read_text(encoding="utf-8") == "blijft"
    assert cache_file(tmp_path).is_file() and not cache_file(tmp_path).is_symlink()


# --- one real build: what a forged entry would put outside the fragments reaches no built file --------

def test_a_forged_entry_reaches_no_file_of_the_built_site(tmp_path, collection):  # noqa: F811
    examples, typology = collection
    site, docs = tmp_path / "site", tmp_path / "bouw" / "docs"
    # the first build only has to leave its cache beside the docs (build_site keeps it there)
    generate(out_dir=docs, examples=examples, typology=typology, today=TODAY, quiet=True, cache_dir=docs.parent / "cache")
    forge_case(tmp_path, docs.parent / "cache" / buildcache.CACHE_FILE, meta=FRONT_MATTER["source link"],
               fragment=lambda fragment: fragment + FRAGMENTS["out of the markers"])
    build_site(site=site, quiet=True, today=TODAY, examples=examples, typology=typology, out_dir=docs)
    built = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*") if p.is_file() and p.suffix in {".html", ".json", ".csv", ".xml"})
    assert "javascript:alert" not in built and SCRIPT not in built
