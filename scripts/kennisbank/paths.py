"""Where things live in the repository. Every path is derived from the repository root."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
TYPOLOGY = ROOT / "typology"
DOCS = ROOT / "docs"
TEMPLATES = ROOT / "scripts" / "templates"
BUILD = ROOT / "build"
GENERATED_DOCS = BUILD / "docs"
SITE = ROOT / "site"
MKDOCS_CONFIG = ROOT / "mkdocs.yml"
CONTRIBUTING = ROOT / "CONTRIBUTING.md"
