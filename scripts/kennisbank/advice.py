"""Advice on a case: never an error, always a 'melding' with the line to look at.

Small pure functions that yield (line, message):
  - untagged_mentions: the text names an instrument, target group or pillar the front matter lacks;
  - status_against_period: the period ended, yet the status says 'lopend';
  - unknown_abbreviations: an abbreviation the glossary (typology/afkortingen.yml) lacks.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from .casefile import CaseFile
from .problems import Problem
from .tagwords import tag_keywords
from .words import PhraseIndex, abbreviations

Finding = tuple[int, str]
FENCE = re.compile(r"^\s*(```|~~~)")
CODE_OR_LINK_TARGET = re.compile(r"`[^`\n]*`|\]\([^)\n]*\)")
TAG_FIELDS = {"instrumenten": "het instrument", "doelgroepen": "de doelgroep", "pijlers": "de pijler"}
TEXT_FIELDS = ("titel", "samenvatting", "actualiteit", "contact")
CAPITALS = re.compile(r"[A-Z]{2}")


def prose(case: CaseFile) -> str:
    """The body as the reader sees its words: fenced code, inline code and link targets blanked,
    line breaks and offsets kept, so a position still gives the file line."""
    lines, in_fence = [], False
    for line in case.body.split("\n"):
        if FENCE.match(line):
            in_fence = not in_fence
            lines.append("")
        else:
            lines.append("" if in_fence else CODE_OR_LINK_TARGET.sub(lambda m: " " * len(m.group(0)), line))
    return "\n".join(lines)


def _keyword_index(vocab) -> tuple[PhraseIndex, dict[str, list[tuple[str, str]]], dict[frozenset, list[tuple[str, str]]]]:
    """One index over every keyword of every vocabulary (built once per vocabulary object), and
    a cache of the terms (field, slug) that a found set of keywords names, in order."""
    cached = getattr(vocab, "_advice_index", None)
    if cached is None:
        owners: dict[str, list[tuple[str, str]]] = {}
        for field, terms in tag_keywords(vocab).items():
            for slug, words in terms.items():
                for word in words:
                    owners.setdefault(word.strip(), []).append((field, slug))
        cached = (PhraseIndex(owners), owners, {})
        vocab._advice_index = cached
    return cached


def untagged_mentions(case: CaseFile, vocab, text: str | None = None) -> Iterator[Finding]:
    """The first line where the body names a term that is not tagged, once per term."""
    index, owners, terms_named = _keyword_index(vocab)
    tagged = {field: {v for v in case.meta.get(field) if isinstance(v, str)} if isinstance(case.meta.get(field), list) else set()
              for field in TAG_FIELDS}
    reported: set[tuple[str, str]] = set()
    text = prose(case) if text is None else text
    for offset, found, keywords in index.finditer(text):
        terms = terms_named.get(keywords)
        if terms is None:  # the same keywords recur in case after case
            terms = terms_named[keywords] = sorted({owner for keyword in keywords for owner in owners[keyword]})
        for field, slug in terms:
            if slug not in tagged[field] and (field, slug) not in reported:
                reported.add((field, slug))
                yield case.body_line + text.count("\n", 0, offset), (f"{field}: de tekst noemt '{found}' maar {TAG_FIELDS[field]} '{slug}' staat niet in {field} — "
                                              f"voeg het toe als de casus erover gaat")


def status_against_period(case: CaseFile, today: dt.date) -> Iterator[Finding]:
    period = case.meta.get("periode")
    if not isinstance(period, dict) or not isinstance(period.get("van"), int):
        return  # a broken period is an error already; advice on it would only add noise
    end = period.get("tot")
    if case.meta.get("status") == "lopend" and isinstance(end, int) and not isinstance(end, bool) and end < today.year:
        yield case.line_of("status"), (f"status: 'lopend', maar de periode eindigde in {end} — zet de status op 'afgerond' (of 'onbekend'), "
                                       f"of werk periode.tot bij als de bron zegt dat het nog loopt")


def unknown_abbreviations(case: CaseFile, glossary: dict, text: str | None = None) -> Iterator[Finding]:
    """Each abbreviation once, at its first use: in a text field of the front matter or the body."""
    seen: set[str] = set(glossary)
    places = [(case.line_of(f), case.meta[f]) for f in TEXT_FIELDS if isinstance(case.meta.get(f), str)]
    uses = case.meta.get("toepassing")
    places += [(case.line_of("toepassing", k), v) for k, v in (uses.items() if isinstance(uses, dict) else ()) if isinstance(v, str)]
    body = prose(case) if text is None else text
    if CAPITALS.search(body):  # most texts have no abbreviation at all: skip the line-by-line scan
        places += [(line, value) for line, value in enumerate(body.split("\n"), start=case.body_line)]
    for line, value in places:
        for word in abbreviations(value):
            if word not in seen:
                seen.add(word)
                yield line, _abbreviation_message(word)


def _abbreviation_message(word: str) -> str:
    return (f"afkorting '{word}' staat niet in de woordenlijst — voeg haar toe aan typology/afkortingen.yml "
            f"(afkorting, voluit en eventueel uitleg) en schrijf haar bij het eerste gebruik voluit")


def advice(case: CaseFile, vocab, today: dt.date) -> list[Problem]:
    """All advice on one case, as notices; the template (_sjabloon.md) gets none."""
    if case.path.name.startswith("_"):
        return []
    text = prose(case)
    findings = [*untagged_mentions(case, vocab, text), *status_against_period(case, today),
                *unknown_abbreviations(case, vocab.afkortingen, text)]
    where = case.display
    return [Problem(where, line, message, level="melding") for line, message in findings]
