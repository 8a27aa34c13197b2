"""Whole-word matching of Dutch keywords, with their plural and inflected forms.

"taal" must find "talen" but not "totaal" or "taalhuis"; "gesprek" must find "gesprekken". A
keyword is written in its base form (singular, lower case); `word_forms` adds the endings Dutch
uses for plurals and inflection, and matching happens only at word boundaries. Shared by the tag
advice and any other part that looks for vocabulary words in a text.
"""
from __future__ import annotations

import functools
import re

VOWELS = "aeiouy"
LETTER = r"[^\W\d_]"
# a word may not continue with a letter, a digit or a joining hyphen ("taal-" in "taal-en-werk" is fine)
NOT_BEFORE = r"(?<![\w-])"
NOT_AFTER = rf"(?!\w|-{LETTER})"
ABBREVIATION = re.compile(r"(?<!\w)([A-Z]{2,6})(?![^\W_])")  # VVE, VVE's, VVE-locatie; not IJssel
ROMAN_NUMERAL = re.compile(r"^[IVXLCDM]+$")


def word_forms(word: str) -> set[str]:
    """The base form with the endings of Dutch plurals and inflection (over-generating is harmless:
    a form that is not a real word never occurs in a text)."""
    word = word.lower()
    forms = {word, word + "s", word + "'s", word + "en", word + "e", word + "n" if word.endswith("e") else word}
    if len(word) >= 3 and word[-1] not in VOWELS:
        stem, last = word[:-1], word[-1]
        if stem[-1] in VOWELS and stem[-2:-1] and stem[-2] not in VOWELS:
            forms.add(word + last + "en")  # gesprek -> gesprekken
        if len(stem) >= 2 and stem[-1] == stem[-2] and stem[-1] in VOWELS:
            forms.add(stem[:-1] + last + "en")  # taal -> talen
            forms.add(stem[:-1] + {"f": "v", "s": "z"}.get(last, last) + "en")  # braaf -> braven
        if last in "fs":
            forms.add(stem + {"f": "v", "s": "z"}[last] + "en")  # huis -> huizen
    return forms


def is_acronym(phrase: str) -> bool:
    """'VVE', 'VvE', 'GSB-convenant': capitals inside a word make the case significant."""
    return any(c.isupper() for word in phrase.split() for c in word[1:])


def _alternative(phrase: str) -> str:
    words = phrase.split() if is_acronym(phrase) else phrase.lower().split()
    if not words:
        raise ValueError("empty keyword")
    head = [re.escape(w) for w in words[:-1]]
    last = words[-1]
    forms = {last, last + "'s", last + "s"} if is_acronym(phrase) else word_forms(last)
    tail = "(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + ")"
    return r"\s+".join(head + [tail])


@functools.lru_cache(maxsize=4096)
def phrase_pattern(phrase: str) -> re.Pattern:
    """A regex for a keyword of one or more words; the last word may take any of its forms."""
    flags = 0 if is_acronym(phrase) else re.IGNORECASE
    return re.compile(NOT_BEFORE + _alternative(phrase) + NOT_AFTER, flags)


def find_phrase(text: str, phrase: str) -> re.Match | None:
    """The first whole-word occurrence of a keyword (or one of its forms) in a text."""
    return phrase_pattern(phrase).search(text)


def contains_phrase(text: str, phrase: str) -> bool:
    return find_phrase(text, phrase) is not None


def abbreviations(text: str) -> list[str]:
    """Words of 2 to 6 capitals (VVE, CJG, NCTV; also in VVE's), in order of first use.
    Roman numerals (II, IV) are not abbreviations."""
    found = dict.fromkeys(m.group(1) for m in ABBREVIATION.finditer(text))
    return [a for a in found if not ROMAN_NUMERAL.match(a)]


class PhraseIndex:
    """Many keywords searched in one pass: two regexes (acronyms case-sensitive, the rest not)
    instead of one search per keyword, so the cost grows with the text, not the vocabulary."""

    def __init__(self, phrases):
        self._by_form: dict[str, set[str]] = {}
        plain, acronyms = [], []
        for phrase in dict.fromkeys(p.strip() for p in phrases if p.strip()):
            (acronyms if is_acronym(phrase) else plain).append(phrase)
            words = phrase.split() if is_acronym(phrase) else phrase.lower().split()
            last_forms = {words[-1], words[-1] + "'s", words[-1] + "s"} if is_acronym(phrase) else word_forms(words[-1])
            for form in last_forms:
                self._by_form.setdefault(" ".join(words[:-1] + [form]), set()).add(phrase)
        self._patterns = [re.compile(NOT_BEFORE + "(?:" + "|".join(sorted(map(_alternative, group), key=len, reverse=True)) + ")" + NOT_AFTER, flags)
                          for group, flags in ((plain, re.IGNORECASE), (acronyms, 0)) if group]

    def finditer(self, text: str):
        """(offset, matched text, keywords) for every occurrence, in no particular order."""
        for pattern in self._patterns:
            for match in pattern.finditer(text):
                found = " ".join(match.group(0).split())
                yield match.start(), found, self._by_form.get(found) or self._by_form.get(found.lower(), set())
