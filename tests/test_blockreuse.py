"""Blocks rendered once and printed on many pages (blockreuse.py): a reused block must read as a
fresh one would, whatever page depth, instrument or collection it is printed for."""
from __future__ import annotations

import dataclasses

import pytest

from conftest import TODAY
from kennisbank import paths
from kennisbank.model import build_corpus, index_cases
from kennisbank.render import SiteSettings, make_environment, plan_pages
from kennisbank.validation import validate_repository


@pytest.fixture(scope="module")
def corpus():
    vocab, case_files, problems = validate_repository(examples=paths.EXAMPLES, typology=paths.TYPOLOGY, today=TODAY)
    assert not [p for p in problems if p.level == "fout"]
    return build_corpus(case_files, vocab)


def render(corpus, path: str, env=None) -> str:
    """One generated page, as write_pages renders it."""
    env = env or make_environment()
    page = next(p for p in plan_pages(corpus, SiteSettings(repo_url="")) if p.path == path)
    extra = page.lazy_context() if page.lazy_context else {}
    return env.get_template(page.template).render(vocab=corpus.vocab, corpus=corpus, **page.context, **extra, page_url=page.url)


def test_a_case_row_links_right_from_pages_at_different_depths(corpus):
    case = corpus.sorted_cases()[0]
    municipality = f"gemeenten/{case.gemeenten[0].slug}.md"
    env = make_environment()
    # the row is first rendered at depth 2, then printed at depth 1: the link must still fit depth 1
    deep = render(corpus, municipality, env)
    shallow = render(corpus, "casussen/index.md", env)
    assert f'href="../../casussen/{case.id}/"' in deep
    assert f'href="../casussen/{case.id}/"' in shallow
    assert f'href="../../casussen/{case.id}/"' not in shallow


def test_an_instruments_own_note_shows_only_on_that_instruments_page(corpus):
    case = next(c for c in corpus.cases.values() if len(c.instrumenten) >= 2)
    noted, other = case.instrumenten[:2]
    cases = dict(corpus.cases)
    cases[case.id] = dataclasses.replace(case, toepassing={noted: "Een eigen regel over dit instrument."})
    changed = index_cases(cases, corpus.vocab)
    env = make_environment()
    assert "Een eigen regel over dit instrument." in render(changed, f"instrumenten/{noted}.md", env)
    assert "Een eigen regel over dit instrument." not in render(changed, f"instrumenten/{other}.md", env)


def test_a_new_collection_after_an_edit_prints_the_edited_case(corpus):
    """The live preview makes a new corpus after each edit and keeps its template environment."""
    case = corpus.sorted_cases()[0]
    municipality = f"gemeenten/{case.gemeenten[0].slug}.md"
    env = make_environment()
    assert case.titel in render(corpus, municipality, env)
    cases = dict(corpus.cases)
    cases[case.id] = dataclasses.replace(case, titel="Een bewerkte titel voor de proef")
    edited = index_cases(cases, corpus.vocab)
    page = render(edited, municipality, env)
    assert "Een bewerkte titel voor de proef" in page


def test_a_template_edited_between_environments_is_compiled_anew(tmp_path):
    """Our environments share compiled templates within a process (render._COMPILED): an edited
    template must still render as edited in the next environment, as the live preview needs."""
    template = tmp_path / "pagina.md.j2"
    template.write_text("oud {{ 1 + 1 }}", encoding="utf-8")
    assert make_environment(tmp_path).get_template("pagina.md.j2").render() == "oud 2"
    template.write_text("nieuw {{ 2 + 2 }}", encoding="utf-8")
    assert make_environment(tmp_path).get_template("pagina.md.j2").render() == "nieuw 4"
