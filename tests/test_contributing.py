"""The contributor's path: scaffold, typical mistakes, the published JSON Schema, redirects for
renamed cases, live preview, and the GitHub files (workflows and issue forms, checked offline)."""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import GOOD_CASE, TODAY, fill_in_the_scaffold, run_script, write
from kennisbank import paths
from kennisbank.casefile import read_case
from kennisbank.checks import case_paths, validate
from kennisbank.export import published_schema



run = run_script  # the scripts in this process (conftest.run_script)


# --- scaffold ----------------------------------------------------------------------------------

def test_scaffold_output_validates_and_builds(vocab, tmp_path, small_site):
    """The scaffold runs (and its output, filled in, is built) in conftest.small_site."""
    result = small_site.scaffold
    assert result.returncode == 0, result.stderr
    created = small_site.scaffold_file
    assert f"Nieuwe casus: {created}" in result.stdout and "make serve" in result.stdout
    text = small_site.scaffold_text
    assert "gemeenten: [s-gravenhage]" in text and f"laatst_gecontroleerd: '{TODAY.isoformat()}'" in text
    assert "Meerderheid-minderhedenstad" in text, "the registry's type is shown as advice"
    assert "\nwrr_typen:" not in text, "the source's filing is never filled in for the contributor"
    # no example tags: the lists start empty, with the allowed values in a comment
    assert "\npijlers: []" in text and "\ninstrumenten: []" in text and "\ndoelgroepen: []" in text
    assert "# Kies uit: burgerschap-identiteit," in text and "\nperiode:" not in text
    mine = write(tmp_path, created.name, text)
    _, problems = validate([mine], vocab, {mine.stem}, TODAY)
    assert sorted(p.message for p in problems if p.level == "fout") == [
        "doelgroepen: noem er minstens 1", "instrumenten: noem er minstens 1", "pijlers: noem er minstens 1"]
    mine.write_text(fill_in_the_scaffold(text), encoding="utf-8")
    _, problems = validate([mine], vocab, {mine.stem}, TODAY)
    assert [p for p in problems if p.level == "fout"] == []
    # what is left of the template is pointed out as advice (it still builds, for a preview)
    advice = [p.message for p in problems]
    assert any(m.startswith("samenvatting: dit is nog de voorbeeldwaarde") for m in advice)
    assert any("bevat nog de uitleg uit het sjabloon" in m for m in advice)
    assert (small_site.site / "casussen" / created.stem / "index.html").exists()


def test_scaffold_finds_a_former_municipality_and_says_so(tmp_path):
    result = run("nieuwe_casus.py", "--gemeente", "Leerdam", "--titel", "Taalcafé", "--map", str(tmp_path))
    assert result.returncode == 0
    assert "Leerdam is opgegaan in Vijfheerenlanden" in result.stderr
    assert (tmp_path / "vijfheerenlanden-taalcafe.md").exists()


def test_scaffold_suggests_for_an_unknown_municipality(tmp_path):
    result = run("nieuwe_casus.py", "--gemeente", "Goudaa", "--titel", "Iets nieuws", "--map", str(tmp_path))
    assert result.returncode == 1 and "Bedoelde u 'Gouda'?" in result.stderr


# --- the mistakes contributors make, one precise message each ----------------------------------

MISTAKES = {
    "misspelled instrument": (("instrumenten: [leefbaarheidstoets]", "instrumenten: [leefbaarheidstoetsen]"),
                              "x.md:8: instrumenten[1]: 'leefbaarheidstoetsen' bestaat niet — bedoelde je 'leefbaarheidstoets'?"),
    "municipality by name": (("gemeenten: [tiel]", "gemeenten: [Den Bosch]"),
                             "x.md:5: gemeenten[1]: 'Den Bosch' is geen korte naam uit de gemeentelijst — bedoelde je 's-hertogenbosch'?"),
    "missing section": (("## Resultaten\n\nDe bron noemt geen resultaten.\n\n", ""),
                        "x.md:28: de sectie '## Resultaten' ontbreekt; elke casus heeft de secties Aanleiding, Aanpak, Resultaten, Lessen en randvoorwaarden"),
    "date in the wrong format": (("laatst_gecontroleerd: 2026-11-01", "laatst_gecontroleerd: 01-11-2026"),
                                 "x.md:17: laatst_gecontroleerd: '01-11-2026' is geen datum in de vorm JJJJ-MM-DD — schrijf bijvoorbeeld 2026-11-23"),
    "tab in YAML": (("  - document: portfolio-2020", "\t- document: portfolio-2020"),
                    "x.md:14: deze regel springt in met een tab; YAML staat alleen spaties toe — vervang de tab door spaties (velden op het hoogste niveau springen niet in)"),
    "missing closing ---": (("laatst_gecontroleerd: 2026-11-01\n---\n", "laatst_gecontroleerd: 2026-11-01\n"),
                            "x.md:19: de afsluitende regel --- van de front matter ontbreekt; zet --- op een eigen regel vóór regel 19"),
}


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_typical_mistake_gives_one_precise_dutch_message(vocab, examples_dir, mistake):
    (old, new), expected = MISTAKES[mistake]
    write(examples_dir, "x.md", GOOD_CASE.replace(old, new, 1))
    _, problems = validate([examples_dir / "x.md"], vocab, {"x"}, TODAY)
    assert [f"{Path(p.path).name}:{p.line}: {p.message}" for p in problems] == [expected]


# --- the published JSON Schema -----------------------------------------------------------------

@pytest.fixture(scope="module")
def schema(vocab):
    return published_schema(vocab, [p.stem for p in case_paths(paths.EXAMPLES)])


def test_published_schema_is_valid_and_lists_the_allowed_values(schema, vocab):
    jsonschema.Draft7Validator.check_schema(schema)
    assert set(schema["properties"]["instrumenten"]["items"]["enum"]) == set(vocab.instrumenten)
    assert "tuinbouwgemeente" in schema["properties"]["wrr_typen"]["items"]["enum"]


@pytest.mark.parametrize("path", case_paths(paths.EXAMPLES), ids=lambda p: p.stem)
def test_published_schema_accepts_every_real_case(schema, path):
    jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker()).validate(read_case(path).meta)


@pytest.mark.parametrize("mistake", ["misspelled instrument", "municipality by name", "date in the wrong format"])
def test_published_schema_rejects_each_bad_fixture(schema, examples_dir, mistake):
    (old, new), _ = MISTAKES[mistake]
    path = write(examples_dir, "x.md", GOOD_CASE.replace(old, new, 1))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    assert list(validator.iter_errors(read_case(path).meta))
    broken = Path(__file__).parent / "fixtures" / "kapot" / "tiel-kapot.md"
    assert list(validator.iter_errors(read_case(broken).meta))


def test_a_new_case_points_editors_to_the_published_schema(tmp_path):
    """With the site's address known (as in the tests and the published site), `make casus`
    writes the schema hint; the committed template, which cannot know it, writes none."""
    result = run("nieuwe_casus.py", "--gemeente", "Tiel", "--titel", "Taalcafé", "--map", str(tmp_path))
    assert result.returncode == 0, result.stderr
    first_lines = (tmp_path / "tiel-taalcafe.md").read_text(encoding="utf-8").splitlines()[:2]
    assert first_lines[1] == "# yaml-language-server: $schema=https://kennisbank.test/data/casus.schema.json"
    assert "$schema" not in (paths.EXAMPLES / "_sjabloon.md").read_text(encoding="utf-8")


# --- redirects ---------------------------------------------------------------------------------

@pytest.mark.browser
def test_a_renamed_case_keeps_its_old_address(small_site, browser):
    """nieuwe-naam.md and the redirects (conftest.REDIRECTS) are built in conftest.small_site."""
    site = small_site.site
    old = (site / "casussen" / "oude-naam" / "index.html").read_text(encoding="utf-8")
    assert 'url=../../casussen/nieuwe-naam/' in old
    page = browser.new_page()
    page.goto((site / "casussen" / "oude-naam" / "index.html").as_uri())
    page.wait_for_url("**/casussen/nieuwe-naam/")
    page.goto((site / "casussen" / "weg" / "index.html").as_uri())
    page.wait_for_url("**/casussen/")
    page.close()


def test_a_redirect_must_not_hide_an_existing_case(vocab):
    from kennisbank.checks import check_redirects
    problems = check_redirects([{"van": "a", "naar": "c", "_line": 3}], {"a", "b"})
    assert [str(p) for p in problems] == [
        "typology/omleidingen.yml:3: van: er bestaat nog een casus 'a' — een omleiding is alleen voor een oude id",
        "typology/omleidingen.yml:3: naar: casus 'c' bestaat niet",
    ]


# --- live preview ------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:  # a loaded machine answers slowly
        return response.read().decode("utf-8")


def wait_for(predicate, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def test_serve_regenerates_on_change_and_reports_errors_without_stopping(tmp_path):
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], capture_output=True, text=True,
                           cwd=paths.ROOT).stdout.split()
    copy = tmp_path / "repo"
    for name in files:
        source = paths.ROOT / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, copy / name)
    subprocess.run([sys.executable, "scripts/bouw.py", "--alleen-genereren", "--stil"], cwd=copy, check=True)
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
                              cwd=copy, stdout=log, stderr=subprocess.STDOUT, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    url = f"http://127.0.0.1:{port}/casussen/tiel-huisvesting-arbeidsmigranten/"
    case = copy / "examples" / "tiel-huisvesting-arbeidsmigranten.md"
    try:
        assert wait_for(lambda: "Tiel stelt regels" in fetch(url)), (tmp_path / "serve.log").read_text()
        # the preview indexes in the background: the index follows the pages
        entry_url = f"http://127.0.0.1:{port}/pagefind/pagefind-entry.json"
        assert wait_for(lambda: json.loads(fetch(entry_url))["languages"]["nl"]["page_count"] > 0), \
            "the preview has a search index, so the finder works"
        case.write_text(case.read_text(encoding="utf-8").replace("titel: Tiel stelt regels", "titel: Tiel stelt nieuwe regels"), encoding="utf-8")
        assert wait_for(lambda: "Tiel stelt nieuwe regels" in fetch(url)), (tmp_path / "serve.log").read_text()
        case.write_text(case.read_text(encoding="utf-8").replace("status: lopend", "status: bezig"), encoding="utf-8")
        assert wait_for(lambda: "status: 'bezig' is geen geldige waarde" in (tmp_path / "serve.log").read_text())
        assert server.poll() is None, "the server keeps running"
        # the dev server answers once its rebuild (of the last good pages) is done: that takes longer
        # than one request's timeout now that every municipality has a page
        assert wait_for(lambda: "Tiel stelt nieuwe regels" in fetch(url)), "the last good version stays up"
    finally:
        server.terminate()
        server.wait(timeout=10)


# --- GitHub files, checked offline -------------------------------------------------------------

def test_workflows_and_issue_forms_match_githubs_schemas():
    github = paths.ROOT / ".github"
    checks = [("vendor.github-workflows", sorted((github / "workflows").glob("*.yml"))),
              ("vendor.github-issue-forms", [p for p in (github / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml"]),
              ("vendor.github-issue-config", [github / "ISSUE_TEMPLATE" / "config.yml"])]
    for schema_name, files in checks:
        result = subprocess.run([str(Path(sys.executable).parent / "check-jsonschema"), "--builtin-schema", schema_name, *map(str, files)],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def project_commands(script: str) -> list[str]:
    """The project's own commands in a workflow step: `make <target>` and `scripts/x.py --flag`."""
    commands = []
    for line in script.splitlines():
        words = line.split()
        if words[:1] == ["make"] and len(words) > 1:
            commands.append(" ".join(words[:2]))
        for i, word in enumerate(words):
            if word.startswith("scripts/"):
                commands.append(" ".join([word] + [flag for flag in words[i + 1:] if flag.startswith("--")]))
    return commands


def test_workflow_steps_are_commands_the_readme_documents():
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    used = set()
    for workflow in (paths.ROOT / ".github" / "workflows").glob("*.yml"):
        for job in yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"].values():
            for step in job["steps"]:
                for command in project_commands(step.get("run", "")):
                    used.add(command)
                    assert f"`{command}`" in readme, f"{workflow.name}: `{command}` is not quoted in the README"
        assert yaml.safe_load(workflow.read_text(encoding="utf-8"))["permissions"] == {"contents": "read"}, workflow.name
    assert {"make test", "make build", "scripts/valideer.py --github"} <= used


def test_issue_form_offers_exactly_the_wrr_types(vocab):
    form = yaml.safe_load((paths.ROOT / ".github" / "ISSUE_TEMPLATE" / "nieuwe-casus.yml").read_text(encoding="utf-8"))
    dropdown = next(item for item in form["body"] if item.get("id") == "type")
    assert dropdown["attributes"]["options"][1:] == [t["label"] for t in vocab.wrr_typen.values()]


def test_pre_commit_hooks_run_commands_that_exist():
    config = yaml.safe_load((paths.ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    for repo in config["repos"]:
        assert repo["repo"] == "local", "remote hook repositories cannot be fetched here"
        for hook in repo["hooks"]:
            script = hook["entry"].split()[1]
            assert (paths.ROOT / script).is_file(), script
    assert run("maak_sjabloon.py", "--controleer").returncode == 0


def test_case_pages_show_edit_report_and_review_date(site):
    page = (site / "casussen" / "tiel-huisvesting-arbeidsmigranten" / "index.html").read_text(encoding="utf-8")
    assert "/edit/main/examples/tiel-huisvesting-arbeidsmigranten.md" in page and "Bewerk deze pagina" in page
    assert "/issues/new?title=Fout+in+casus" in page and "Meld een fout" in page
    assert "Laatst gecontroleerd" in page and "<time datetime=" in page
