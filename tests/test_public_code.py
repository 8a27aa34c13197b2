"""The basics of the Standard for Public Code: licence texts and a REUSE.toml that `reuse lint`
accepts, a publiccode.yml with every mandatory key of its standard, a security policy, an English
summary and a statement of which language is authoritative, and a developer guide on the site."""
from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from kennisbank import paths, siteconfig

FIXTURES = Path(__file__).parent / "fixtures"
PUBLICCODE_SCHEMA = yaml.safe_load((FIXTURES / "publiccode-0.4.0.schema.yml").read_text(encoding="utf-8"))


def test_the_full_licence_texts_are_in_licenses():
    texts = {p.stem: p.read_text(encoding="utf-8") for p in (paths.ROOT / "LICENSES").glob("*.txt")}
    assert {"EUPL-1.2", "CC-BY-4.0"} <= set(texts)
    assert texts["EUPL-1.2"].startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2") and "Appendix" in texts["EUPL-1.2"]
    assert texts["CC-BY-4.0"].startswith("Creative Commons Attribution 4.0 International")
    assert "Section 8 – Interpretation." in texts["CC-BY-4.0"]


def test_reuse_lint_passes_and_code_and_content_carry_the_licences_the_readme_states():
    """Every file has a copyright holder and a licence (REUSE.toml), every licence has its text."""
    result = subprocess.run([str(Path(sys.executable).parent / "reuse"), "--root", str(paths.ROOT), "lint", "--json"],
                            capture_output=True, text=True)
    report = json.loads(result.stdout)
    assert result.returncode == 0 and report["summary"]["compliant"], json.dumps(report["non_compliant"], indent=1)[:3000]
    licence = {f["path"]: " AND ".join(e["value"] for e in f["spdx_expressions"]) for f in report["files"]}
    assert licence["scripts/kennisbank/build.py"] == "EUPL-1.2"
    assert licence["examples/tiel-huisvesting-arbeidsmigranten.md"] == "CC-BY-4.0"
    assert licence["typology/pijlers.yml"] == "CC-BY-4.0"
    assert licence["typology/gemeenten/gemeenten_2025.csv"] == "CC-BY-4.0"
    assert licence["docs/assets/vendor/topojson-client/topojson-client.min.js"] == "ISC"


# --- publiccode.yml ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def publiccode() -> dict:
    return yaml.safe_load((paths.ROOT / "publiccode.yml").read_text(encoding="utf-8"))


def required_paths(schema: dict, instance, path: tuple = ()) -> list[tuple]:
    """Every mandatory key the schema asks of this instance, nested ones included."""
    if not isinstance(instance, dict):
        return []
    found = [path + (key,) for key in schema.get("required", [])]
    for branch in schema.get("allOf", []):
        if jsonschema.Draft7Validator(branch["if"]).is_valid(instance):
            found += [path + (key,) for key in branch["then"].get("required", [])]
    for key, value in instance.items():
        child = schema.get("properties", {}).get(key)
        if child is None and isinstance(schema.get("additionalProperties"), dict):
            child = schema["additionalProperties"]
        if child:
            found += required_paths(child, value, path + (key,))
    return found


def test_publiccode_yml_has_every_mandatory_key_of_the_standard(publiccode):
    jsonschema.Draft7Validator.check_schema(PUBLICCODE_SCHEMA)
    assert list(jsonschema.Draft7Validator(PUBLICCODE_SCHEMA).iter_errors(publiccode)) == []
    assert publiccode["legal"]["license"] == "EUPL-1.2 AND CC-BY-4.0"
    assert "nl" in publiccode["description"] and publiccode["localisation"]["availableLanguages"] == ["nl"]


def test_removing_any_mandatory_key_fails(publiccode):
    keys = required_paths(PUBLICCODE_SCHEMA, publiccode)
    assert ("description", "nl", "features") in keys and ("maintenance", "contacts") in keys and len(keys) >= 20
    validator = jsonschema.Draft7Validator(PUBLICCODE_SCHEMA)
    for key in keys:
        broken = copy.deepcopy(publiccode)
        parent = broken
        for part in key[:-1]:
            parent = parent[part]
        del parent[key[-1]]
        assert list(validator.iter_errors(broken)), f"removing {'/'.join(key)} still validates"


# --- documents ---------------------------------------------------------------------------------

def test_security_policy_says_how_to_report_privately():
    text = (paths.ROOT / "SECURITY.md").read_text(encoding="utf-8")
    assert "Report a vulnerability" in text and "niet in een openbaar issue" in text


def test_readme_has_an_english_summary_and_names_the_authoritative_language():
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    english = readme.split("## In English\n")[1]
    assert "municipalities" in english and "authoritative" in english and "Dutch" in english
    assert "geldt de Nederlandse" in readme.split("## Taal\n")[1].split("##")[0]


def test_the_developer_guide_is_in_the_site_navigation():
    nav = siteconfig.load(paths.MKDOCS_CONFIG)["nav"]
    contributing = next(item["Bijdragen"] for item in nav if isinstance(item, dict) and "Bijdragen" in item)
    assert {"Voor ontwikkelaars": "ontwikkelaars.md"} in contributing
    guide = (paths.DOCS / "ontwikkelaars.md").read_text(encoding="utf-8")
    for recipe in ("## Een vocabulaire toevoegen", "## Een filter in de zoeker toevoegen", "## Een export toevoegen",
                   "## Een pagina toevoegen"):
        assert recipe in guide
