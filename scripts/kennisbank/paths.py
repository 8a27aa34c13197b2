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


def symlink_on_the_way(path: Path) -> Path | None:
    """The first symbolic link among `path` and the folders above it inside the repository (not
    the root itself), or None. A pull request could commit any of them pointing elsewhere, so the
    build neither writes through nor reads from one."""
    chain = [path, *(p for p in path.absolute().parents if p.is_relative_to(ROOT) and p != ROOT)]
    return next((p for p in chain if p.is_symlink()), None)
