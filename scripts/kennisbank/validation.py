"""One entry point for 'check everything': vocabularies, then cases. Used by the CLI and the build."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import paths
from .checks import case_paths, check_redirects, validate
from .casefile import CaseFile
from .problems import Problem
from .vocab import Vocabularies, load_vocabularies


def validate_repository(only: list[Path] | None = None, examples: Path = paths.EXAMPLES,
                        typology: Path = paths.TYPOLOGY, today: dt.date | None = None
                        ) -> tuple[Vocabularies, list[CaseFile], list[Problem]]:
    """Check the vocabularies and the cases (all, or only the given files)."""
    today = today or dt.date.today()
    vocab, problems = load_vocabularies(typology)
    all_paths = case_paths(examples) if examples.is_dir() else []
    all_ids = {p.stem for p in all_paths}
    cases, case_problems = validate(only if only is not None else all_paths, vocab, all_ids, today)
    return vocab, cases, problems + check_redirects(vocab.redirects, all_ids) + case_problems
