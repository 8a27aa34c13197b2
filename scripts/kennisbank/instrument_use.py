"""The optional `toepassing` of a case: one line per instrument on how the municipality used it.

The schema checks the shape (a mapping of short texts); here each key must be one of the case's
own instruments, since the line is shown on that instrument's page.
"""
from __future__ import annotations

from collections.abc import Iterator

from .casefile import CaseFile
from .schemamessages import did_you_mean


def check_instrument_use(case: CaseFile) -> Iterator[tuple[int, str]]:
    uses, instruments = case.meta.get("toepassing"), case.meta.get("instrumenten")
    if not isinstance(uses, dict) or not isinstance(instruments, list):
        return  # absent, or a wrong type that check_structure reports
    for slug in uses:
        if slug not in instruments:
            hint = did_you_mean(str(slug), [i for i in instruments if isinstance(i, str)]) or f" — kies uit: {', '.join(map(str, instruments))}"
            yield case.line_of("toepassing", slug), (f"toepassing.{slug}: '{slug}' staat niet in instrumenten; een toepassing hoort bij een "
                                                     f"instrument van deze casus{hint}")
