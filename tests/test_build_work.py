"""Work the build does once instead of twice (issue #15): a case body is parsed where it is checked
and that fragment is what the pages show; Pagefind hands freed memory back at once."""
from __future__ import annotations

import subprocess

from conftest import GOOD_CASE, TODAY, write
from kennisbank import contributed, postbuild
from kennisbank.checks import validate
from kennisbank.sanitize import sanitise

LINKED = GOOD_CASE.replace("## Aanpak\n\nTekst.", "## Aanpak\n\nZie [de nota](https://example.org/nota) en *de raad*.")
HOSTILE = GOOD_CASE.replace("## Aanpak\n\nTekst.", "## Aanpak\n\n<script>alert(1)</script> en [x](javascript:alert(1))")


def test_a_checked_body_comes_with_its_fragment(vocab, examples_dir):
    paths = [write(examples_dir, "tiel-goed.md", LINKED), write(examples_dir, "tiel-kwaad.md", HOSTILE)]
    cases, problems = validate(paths, vocab, {p.stem for p in paths}, TODAY, render=True)
    by_id = {case.id: case for case in cases}
    good = by_id["tiel-goed"]
    assert good.fragment == sanitise(contributed.markdown.markdown(good.body, extensions=["toc", "tables", "admonition", "sane_lists"]))
    assert '<a href="https://example.org/nota" rel="noopener noreferrer">de nota</a>' in good.fragment
    # a body with errors is never rendered: the build stops on it anyway
    assert any(p.path.endswith("tiel-kwaad.md") and p.level == "fout" for p in problems)
    assert by_id["tiel-kwaad"].fragment is None
    plain, _ = validate(paths[:1], vocab, {"tiel-goed"}, TODAY)  # the validator alone renders nothing
    assert plain[0].fragment is None


def test_pages_show_the_remembered_fragment():
    body = "## Kop\n\nGewone *tekst*."
    fresh = contributed.render_fragment(body)
    try:
        contributed.remember_fragments({body: "<p>uit de controle</p>"})
        assert contributed.render_fragment(body) == "<p>uit de controle</p>"
        assert contributed.render_fragment("Iets anders.") == "<p>Iets anders.</p>"
    finally:
        contributed.remember_fragments({})
    assert contributed.render_fragment(body) == fresh


def test_pagefind_runs_with_memory_handed_back_at_once(tmp_path, monkeypatch):
    seen = {}

    def run(command, **kwargs):
        seen.update(command=command, env=kwargs.get("env"))
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(postbuild.subprocess, "run", run)
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    postbuild.index_site(tmp_path)
    assert seen["command"] == postbuild.pagefind_command(tmp_path)
    assert seen["env"]["_RJEM_MALLOC_CONF"] == "dirty_decay_ms:0,muzzy_decay_ms:0"
    assert seen["env"]["PATH"] == "/usr/bin:/bin"
    assert postbuild.pagefind_environment({"A": "1"}) == {"A": "1", "_RJEM_MALLOC_CONF": "dirty_decay_ms:0,muzzy_decay_ms:0"}
