"""Synonym groups (typology/synoniemen.yml) matched as whole words, on their Dutch stems.

A case that mentions one word of a group gets the group's other words added, invisibly, to its
search entry. Matching inside words would widen "taal" to "totaal" and "homo" to "homogene", so
text and group words are both cut into words and reduced to their stem with the Snowball Dutch
stemmer (the same algorithm family Pagefind stems with): "statushouders" matches "statushouder",
"talen" matches "taal", "totaal" does not.
"""
from __future__ import annotations

import functools
import re

import snowballstemmer

# a word: letters and digits, with inner hyphens and apostrophes (eu-werknemer, homo's)
WORD = re.compile(r"\w+(?:['’-]\w+)*")
_stemmer = snowballstemmer.stemmer("dutch")


@functools.cache  # the same words recur across cases: stem each once (a C-level lookup after that)
def stem(word: str) -> str:
    return _stemmer.stemWord(word.replace("’", "'"))


def stems(text: str) -> list[str]:
    """The stems of the words of a text, in order."""
    return list(map(stem, WORD.findall(text.lower())))


@functools.cache  # the groups' words, the same for every case
def _phrase_stems(phrase: str) -> tuple[str, ...]:
    return tuple(stems(phrase))


def phrase_in(phrase: str, text_stems: set[str], joined: str) -> bool:
    """Whether every word of `phrase` occurs, in order and adjacent, among the text's stems."""
    wanted = _phrase_stems(phrase)
    if len(wanted) == 1:
        return wanted[0] in text_stems
    return f" {' '.join(wanted)} " in joined


def added_synonyms(text: str, groups: list[list[str]]) -> list[str]:
    """Words of every group the text mentions that the text does not already contain."""
    text_stems = stems(text)
    present, joined = set(text_stems), f" {' '.join(text_stems)} "
    found: list[str] = []
    for group in groups:
        mentioned = {word for word in group if phrase_in(word, present, joined)}
        if mentioned:
            found += [word for word in group if word not in mentioned]
    return found
