"""The build cache of checked cases (kennisbank/buildcache.py): a warm build writes the same docs,
byte for byte, as one from scratch; any change to what a case depends on empties it; and it is
refused where a pull request could have put it."""
from __future__ import annotations

import shutil
import subprocess

import pytest
import yaml

from conftest import GOOD_CASE, TODAY, typology_without_redirects, write
from kennisbank import buildcache, checks
from kennisbank.build import generate


def tree(root) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(autouse=True)
def own_secret(tmp_path, monkeypatch):
    """Each test signs its caches with a key of its own, in its own folder (not the home folder)."""
    monkeypatch.setattr(buildcache, "SECRET_FILE", tmp_path / "staat" / "bouwcache-sleutel")
    return buildcache.SECRET_FILE


@pytest.fixture
def collection(tmp_path, shared_typology):
    """Two cases, and the shared vocabularies (loaded once per run): a test that edits the
    vocabularies makes its own copy."""
    examples = tmp_path / "examples"
    examples.mkdir()
    write(examples, "tiel-dialoog.md", GOOD_CASE)
    write(examples, "tiel-taalhuis.md", GOOD_CASE.replace("organiseert dialoogtafels", "bouwt een taalhuis")
          .replace("Tekst.\n\n## Aanpak", "Zie [de nota](https://example.org/nota).\n\n## Aanpak"))
    return examples, shared_typology


@pytest.fixture
def checked(monkeypatch):
    """Which case files were read and checked (not taken from the cache)."""
    seen = []
    real = checks.check_case

    def counting(case, *args):
        seen.append(case.id)
        return real(case, *args)
    monkeypatch.setattr(checks, "check_case", counting)
    monkeypatch.setattr(checks, "parallel_map", lambda function, items: [function(item) for item in items])
    return seen


def build(tmp_path, examples, typology, name, cache=True):
    out = tmp_path / name
    generate(out_dir=out, examples=examples, typology=typology, today=TODAY, quiet=True, cache_dir=tmp_path / "cache" if cache else None)
    return tree(out)


def test_a_warm_build_writes_what_a_build_from_scratch_writes(tmp_path, collection, checked):
    examples, typology = collection
    scratch = build(tmp_path, examples, typology, "kaal", cache=False)
    assert sorted(checked) == ["tiel-dialoog", "tiel-taalhuis"]
    assert build(tmp_path, examples, typology, "koud") == scratch
    checked.clear()
    assert build(tmp_path, examples, typology, "warm") == scratch
    assert checked == [], "every case came from the cache"
    # an edited case is the only one checked again, and its page shows the edit
    (examples / "tiel-dialoog.md").write_text(GOOD_CASE.replace("organiseert dialoogtafels", "opent een inloophuis"), encoding="utf-8")
    warm = build(tmp_path, examples, typology, "bewerkt")
    assert checked == ["tiel-dialoog"]
    assert "opent een inloophuis" in warm["casussen/tiel-dialoog.md"].decode()
    checked.clear()
    assert build(tmp_path, examples, typology, "vers", cache=False) == warm


def test_an_instrument_label_empties_the_cache(tmp_path, collection, checked):
    examples, typology = collection[0], typology_without_redirects(tmp_path)  # a copy of its own, to edit
    build(tmp_path, examples, typology, "eerst")
    instrument = typology / "instrumenten" / "leefbaarheidstoets.yml"
    data = yaml.safe_load(instrument.read_text(encoding="utf-8"))
    data["label"] = "Toets op leefbaarheid (nieuw label)"
    instrument.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    checked.clear()
    pages = build(tmp_path, examples, typology, "daarna")
    assert sorted(checked) == ["tiel-dialoog", "tiel-taalhuis"]
    assert "Toets op leefbaarheid (nieuw label)" in pages["casussen/tiel-dialoog.md"].decode()


def test_the_key_covers_templates_code_vocabularies_ids_and_the_date(tmp_path):
    code, typology = tmp_path / "scripts", tmp_path / "typology"
    shutil.copytree(buildcache.paths.ROOT / "scripts" / "templates", code / "templates")
    shutil.copytree(buildcache.paths.TYPOLOGY, typology)

    def key(ids=frozenset({"a"}), today="2026-11-30"):
        return buildcache.inputs_key(typology, set(ids), today, code=code)
    before = key()
    assert key() == before
    template = code / "templates" / "casus.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    after_template = key()
    assert after_template != before
    (typology / "pijlers.yml").write_text((typology / "pijlers.yml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert key() != after_template
    assert key(ids={"a", "b"}) != key() and key(today="2026-12-01") != key()


def test_only_a_front_matter_that_json_keeps_exactly_is_stored(tmp_path, collection):
    examples, typology = collection
    secret = buildcache.machine_secret()
    cache = buildcache.CaseCache(tmp_path / "cache", "sleutel", secret)
    path = examples / "tiel-dialoog.md"
    assert cache.get(path) is None
    case = checks.load_cases([path])[0][0]
    case.fragment = "<p>tekst</p>"
    case.meta = {**case.meta, 2019: "een getal als sleutel"}  # JSON would make the key '2019'
    cache.put(path, case, [])
    assert cache.entries == {}
    case.meta.pop(2019)
    cache.put(path, case, [])
    cache.save({path})
    again = buildcache.CaseCache(tmp_path / "cache", "sleutel", secret)
    found, problems = again.get(path)
    assert found.meta == case.meta and found.body == case.body and found.fragment == "<p>tekst</p>" and problems == []
    assert buildcache.CaseCache(tmp_path / "cache", "andere sleutel", secret).get(path) is None


def test_a_cache_larger_than_the_cap_is_not_written(tmp_path, collection, monkeypatch):
    examples, typology = collection
    monkeypatch.setattr(buildcache, "MAX_BYTES", 100)
    build(tmp_path, examples, typology, "docs")
    assert not (tmp_path / "cache" / buildcache.CACHE_FILE).exists()


def test_a_symlinked_cache_is_refused(tmp_path, collection, checked):
    examples, typology = collection
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    (tmp_path / "cache").symlink_to(elsewhere)
    assert "symbolische koppeling" in buildcache.refusal(tmp_path / "cache")
    _, problems = generate(out_dir=tmp_path / "docs", examples=examples, typology=typology, today=TODAY, quiet=True,
                           cache_dir=tmp_path / "cache")
    assert any("de bouwcache wordt niet gebruikt" in p.message and p.level == "melding" for p in problems)
    assert list(elsewhere.iterdir()) == []


def test_a_cache_that_git_tracks_is_refused(tmp_path, monkeypatch):
    repository = tmp_path / "repo"
    cache = repository / "build" / "cache"
    cache.mkdir(parents=True)
    (cache / buildcache.CACHE_FILE).write_text("{}", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(repository)], check=True)
    monkeypatch.setattr(buildcache.paths, "ROOT", repository)
    assert buildcache.refusal(cache) is None
    subprocess.run(["git", "-C", str(repository), "add", "-f", "build/cache/casussen.json"], check=True)
    assert "git" in buildcache.refusal(cache)


def test_a_signing_key_that_git_tracks_is_refused(tmp_path, monkeypatch):
    """A committed key is one the pull request's author knows: with it, anyone who can write the
    cache folder could sign a forged cache."""
    repository = tmp_path / "repo"
    repository.mkdir()
    subprocess.run(["git", "init", "-q", str(repository)], check=True)
    monkeypatch.setattr(buildcache.paths, "ROOT", repository)
    key = repository / ".bouwcache-sleutel"
    assert len(buildcache.machine_secret(key)) == buildcache.SECRET_BYTES  # made on first use
    subprocess.run(["git", "-C", str(repository), "add", "-f", ".bouwcache-sleutel"], check=True)
    with pytest.raises(buildcache.SecretRefused, match="staat in git"):
        buildcache.machine_secret(key)


def test_git_ignores_the_signing_key_and_the_tests_keep_it_out_of_the_working_copy():
    ignored = subprocess.run(["git", "-C", str(buildcache.paths.ROOT), "check-ignore", "-q", ".bouwcache-sleutel"])
    assert ignored.returncode == 0, "the key (buildcache.SECRET_FILE) is in .gitignore"
    assert not buildcache.SECRET_FILE.is_relative_to(buildcache.paths.ROOT), "tests sign with a key of their own (conftest)"
