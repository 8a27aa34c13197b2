"""Whole-word matching of Dutch keywords, with their plural and inflected forms.

"taal" must find "talen" but not "totaal" or "taalhuis"; "gesprek" must find "gesprekken". A
keyword is written in its base form (singular, lower case); `word_forms` adds the endings Dutch
uses for plurals and inflection. Text and keywords are cut into the same words (a hyphenated
compound such as "taal-en-werk" is one word), so a keyword only ever matches whole words. Keywords
with capitals inside a word (VVE, VvE, GSB-convenant) match with their exact capitals.
Shared by the tag advice and any other part that looks for vocabulary words in a text.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import accumulate

VOWELS = "aeiouy"
# a word: letters and digits, joined by hyphens, with a possessive or plural 's (VVE's, homo's)
WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*(?:['’]s(?![^\W_]))?")
ABBREVIATION = re.compile(r"(?<!\w)([A-Z]{2,6})(?![^\W_])")  # VVE, VVE's, VVE-locatie; not IJssel
_WORD_SPLIT = re.compile(f"({WORD.pattern})")
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


class PhraseIndex:
    """Many keywords found in one pass over a text: each word is looked up in a table of the first
    words of all forms of all keywords, and only a hit reads on; the cost grows with the text, not
    with the vocabulary."""

    def __init__(self, phrases: Iterable[str]):
        self._exact: dict[str, set[str]] = {}  # acronyms, with their capitals
        self._folded: dict[str, set[str]] = {}  # everything else, in lower case
        self._starts: set[str] = set()  # the first word of every form of every keyword
        self._prefixes: set[str] = set()  # the first words of the longer ones, joined: read on after these
        for phrase in dict.fromkeys(p.strip() for p in phrases if p.strip()):
            parts = WORD.findall(phrase.replace("’", "'"))
            if not parts:
                continue
            if is_acronym(phrase):
                table, head, forms = self._exact, parts[:-1], {parts[-1], parts[-1] + "'s", parts[-1] + "s"}
            else:
                table, head, forms = self._folded, [p.lower() for p in parts[:-1]], word_forms(parts[-1])
            for form in forms:
                key = head + [form]
                table.setdefault(" ".join(key), set()).add(phrase)
                self._starts.add(key[0])
                self._prefixes.update(" ".join(key[:k]) for k in range(1, len(key)))
        # frozen: finditer hands them out as they are, and callers may key a cache on them
        self._exact = {key: frozenset(found) for key, found in self._exact.items()}
        self._folded = {key: frozenset(found) for key, found in self._folded.items()}

    def finditer(self, text: str) -> Iterator[tuple[int, str, frozenset[str]]]:
        """(offset, matched text, keywords) for every occurrence, in the order of the text. A
        keyword of several words is also found across a line break."""
        starts, prefixes = self._starts, self._prefixes
        # split, not finditer: no match object per word; parts alternate gap, word, gap, ...
        parts = _WORD_SPLIT.split(text.replace("’", "'"))
        tokens = parts[1::2]
        # one lower() over all words at once; NUL is no word character, so it only separates them
        # (and ends each word for the final-sigma rule as the end of a string does)
        folded = "\0".join(tokens).lower().split("\0") if tokens else []
        firsts = starts.intersection(folded).union(starts.intersection(tokens))
        if not firsts:
            return
        offsets = list(accumulate(map(len, parts), initial=0))  # word i spans offsets[2i+1]:offsets[2i+2]
        for i in [i for i, (first, token) in enumerate(zip(folded, tokens)) if first in firsts or token in firsts]:
            first = folded[i]
            exact_key, folded_key = tokens[i], first
            for j in range(i, len(tokens)):
                if j > i:
                    exact_key, folded_key = f"{exact_key} {tokens[j]}", f"{folded_key} {folded[j]}"
                exact, loose = self._exact.get(exact_key), self._folded.get(folded_key)
                if exact or loose:
                    start = offsets[2 * i + 1]
                    yield start, " ".join(text[start:offsets[2 * j + 2]].split()), exact | loose if exact and loose else exact or loose
                if folded_key not in prefixes and exact_key not in prefixes:
                    break


def find_phrase(text: str, phrase: str) -> str | None:
    """The first whole-word occurrence of one keyword (or one of its forms), as written."""
    return next((found for _, found, _ in PhraseIndex([phrase]).finditer(text)), None)


def contains_phrase(text: str, phrase: str) -> bool:
    return find_phrase(text, phrase) is not None


def abbreviations(text: str) -> list[str]:
    """Words of 2 to 6 capitals (VVE, CJG, NCTV; also in VVE's), in order of first use.
    Roman numerals (II, IV) are not abbreviations."""
    found = dict.fromkeys(m.group(1) for m in ABBREVIATION.finditer(text))
    return [a for a in found if not ROMAN_NUMERAL.match(a)]
