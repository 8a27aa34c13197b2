"""Validation of cases: loading case files, running every check on each, the rules across the
collection, and the report of unused terms.

The check functions live by what they look at: kennisbank.fieldchecks (the front matter),
kennisbank.bodychecks (the text), kennisbank.schemawalk (the schema's vocabulary fields). Their
names are imported here, so `from kennisbank.checks import ...` keeps working, and check_case looks
them up in this module.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from .advice import advice
from .bodychecks import FENCE, INLINE_CODE, case_url, check_markup, check_sections, required_sections  # noqa: F401
from .casefile import CaseFile, CaseFileError, id_problem, is_case_path, read_case
from .contributed import prepare as prepare_markdown
from .contributed import render_fragment
from .fieldchecks import (  # noqa: F401
    HTML_TAG,
    PLAIN_TEXT_FIELDS,
    REVIEW_INTERVAL_DAYS,
    TEMPLATE_LEFTOVER,
    check_plain_text_fields,
    check_review_date,
    check_sources,
    check_structure,
    check_template_leftovers,
    check_vocabulary_values,
    review_notice,
)
from .instrument_use import check_instrument_use
from .parallel import parallel_map
from .problems import Finding, Problem, display_path, errors
from .schemamessages import did_you_mean
from .schemawalk import values_at, vocabulary_fields
from .vocab import Vocabularies
from .vocabulary_table import VOCABULARIES
from .yamlsource import YamlDocument


def check_case(case: CaseFile, vocab: Vocabularies, case_ids: set[str], today: dt.date) -> list[Problem]:
    schema = vocab.case_schema
    findings: list[Finding] = []
    findings += check_structure(case, vocab.case_validator)
    findings += check_vocabulary_values(case, schema, vocab, case_ids)
    findings += check_sources(case)
    findings += check_review_date(case, today)
    findings += check_sections(case, schema)
    findings += check_markup(case)
    findings += check_plain_text_fields(case)
    findings += check_instrument_use(case)
    problems = [Problem(case.display, line, message) for line, message in findings]
    if case.path.name != "_sjabloon.md":
        problems += [Problem(case.display, line, message, level=TEMPLATE_LEFTOVER) for line, message in check_template_leftovers(case, schema)]
    problems += advice(case, vocab, today)
    notice = review_notice(case, today)
    return problems + ([notice] if notice else [])


def load_cases(paths: Iterable[Path]) -> tuple[list[CaseFile], list[Problem]]:
    cases, problems = [], []
    for path in paths:
        message = id_problem(path)
        if message:
            problems.append(Problem(display_path(path), 1, message))
            continue
        try:
            cases.append(read_case(path))
        except CaseFileError as exc:
            problems.append(exc.problem)
    return cases, problems


def case_paths(examples: Path) -> list[Path]:
    """Case files, symlinks among them (so they are refused with a message, never read)."""
    return sorted(p for p in examples.iterdir() if (p.is_symlink() or p.is_file()) and is_case_path(p))


def check_redirects(redirects: list[dict], all_ids: set[str]) -> list[Problem]:
    """An old address must be free, and must lead to a case that exists."""
    problems, where = [], "typology/omleidingen.yml"
    for redirect in redirects:
        if redirect["van"] in all_ids:
            problems.append(Problem(where, redirect["_line"], f"van: er bestaat nog een casus '{redirect['van']}' — een omleiding is alleen voor een oude id"))
        if redirect["naar"] and redirect["naar"] not in all_ids:
            problems.append(Problem(where, redirect["_line"], f"naar: casus '{redirect['naar']}' bestaat niet{did_you_mean(redirect['naar'], all_ids)}"))
    return problems


def check_collection(cases: list[CaseFile], all_ids: set[str]) -> list[Problem]:
    """Rules that need more than one case: ids that clash on a case-insensitive disk."""
    problems = []
    seen: dict[str, CaseFile] = {}
    for case in cases:
        key = case.id.casefold()
        if key in seen and seen[key].id != case.id:
            problems.append(Problem(case.display, 1, f"de id '{case.id}' verschilt alleen in hoofdletters van '{seen[key].id}' — kies een andere bestandsnaam"))
        seen.setdefault(key, case)
    return problems


def validate(paths: Iterable[Path], vocab: Vocabularies, all_case_ids: set[str], today: dt.date,
             render: bool = False, cache=None) -> tuple[list[CaseFile], list[Problem]]:
    """Load and check the cases. With `render`, a case without errors also gets its body rendered
    (CaseFile.fragment) in the same process, from the parse the checks made (the build needs it).
    With a `cache` (buildcache.CaseCache, made for these inputs), an unchanged case file is taken
    from it as it was checked before, and the others are stored in it."""
    def load_and_check(path: Path) -> tuple[CaseFile | None, list[Problem]]:
        try:
            loaded, problems = load_cases([path])
            for case in loaded:
                problems += check_case(case, vocab, all_case_ids, today)
                case.doc = YamlDocument(None, first_line=case.doc.first_line)  # line maps served their purpose
                if render and not errors(problems):  # only a body within the limits is parsed
                    case.fragment = render_fragment(case.body)
        except Exception as exc:  # noqa: BLE001 - last resort: the file is named, the run goes on, the build stops
            return None, [Problem(display_path(path), 1, f"interne fout bij het controleren: {type(exc).__name__}: {exc}")]
        return (loaded[0] if loaded else None), problems

    paths = list(paths)
    known = {path: cache.get(path) for path in paths} if cache is not None else {}
    unknown = [path for path in paths if known.get(path) is None]
    if render and unknown:
        prepare_markdown()
    checked = dict(zip(unknown, parallel_map(load_and_check, unknown)))
    cases, problems = [], []
    for path in paths:
        case, found = known.get(path) or checked[path]
        if cache is not None and path in checked and case is not None:
            cache.put(path, case, found)
        if case is not None:
            cases.append(case)
        problems += found
    problems += check_collection(cases, all_case_ids)
    return cases, sorted(problems, key=lambda p: (p.path, p.line))


def unused_terms(vocab: Vocabularies, cases: list[CaseFile]) -> dict[str, list[str]]:
    """Vocabulary terms no case uses: reported on request, as in awesome-selfhosted's tag lint."""
    used: dict[str, set] = {}
    for pattern, vocabulary in vocabulary_fields(vocab.case_schema):
        for case in cases:
            for _, value in values_at(case.meta, pattern):
                used.setdefault(vocabulary, set()).add(value)
    report = {}
    for vocabulary in (v.name for v in VOCABULARIES if v.unused):
        unused = sorted(set(vocab.terms(vocabulary)) - used.get(vocabulary, set()))
        if unused:
            report[vocabulary] = unused
    return report
