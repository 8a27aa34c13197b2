"""The finder's own index for searches without a word.

The finder's first screen, a view of filters only, the cases of a municipality's family
(`lijkt_op`) and the case lists of 'Gemeenten zoals de mijne' search without a word. Pagefind
answers such a search by fetching every chunk of its word index (megabytes at thousands of
cases), so these views read two kinds of file written here instead; a search with words still
goes to Pagefind.

- data/zoeker-index.json: per filter, its values and for each value the cases that have it, as
  positions in Pagefind's title order (gaps between positions, so the numbers stay short), and the
  names of the card files. Enough to select, count and order without any text of a case.
- data/zoeker-kaarten/<hash>.json: the result cards of CARDS_PER_FILE consecutive cases in that
  order, with the same url and metadata Pagefind gives a result; fetched only for the cards on
  screen. The name is a hash of the content, so a cached index never shows another build's cards.

The values come from Case.facets() and the card text from Case.card_meta(): the same sources as
the filters and metadata on the case pages that Pagefind indexes.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from .model import FACETS, Case, Corpus

INDEX_PATH = "data/zoeker-index.json"
CARDS_FOLDER = "data/zoeker-kaarten"
CARDS_PER_FILE = 20  # small: a selective filter shows cases far apart, each from its own file


def title_order(cases: Iterable[Case]) -> list[Case]:
    """The order of Pagefind's sort `{titel: "asc"}` (data-pagefind-sort in casus.md.j2): the
    titles compared as strings, code point by code point (Pagefind compares the UTF-8 bytes,
    which orders alike). Pagefind keeps equal titles in the order it found the pages; here the
    id decides, so the order never depends on the file system."""
    return sorted(cases, key=lambda case: (case.titel, case.id))


def gaps(positions: list[int]) -> list[int]:
    """[3, 7, 8] -> [3, 4, 1]: the first position, then each one's distance to the one before."""
    return [position - before for before, position in zip([0] + positions, positions)]


def card(case: Case, vocab) -> dict:
    return {"url": case.url, "meta": {"title": case.titel, **case.card_meta(vocab)}}


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def finder_index_files(corpus: Corpus) -> dict[str, str]:
    """The index and the card files, by path in the site."""
    vocab = corpus.vocab
    ordered = title_order(corpus.cases.values())
    holding: dict[str, dict[str, list[int]]] = {facet: {} for facet in FACETS}
    for position, case in enumerate(ordered):
        for facet, values in case.facets(vocab).items():
            for value in values:
                holding[facet].setdefault(value, []).append(position)
    files = {}
    for start in range(0, len(ordered), CARDS_PER_FILE):
        text = _json([card(case, vocab) for case in ordered[start:start + CARDS_PER_FILE]])
        files[f"{CARDS_FOLDER}/{hashlib.sha256(text.encode('utf-8')).hexdigest()[:12]}.json"] = text
    filters = {facet: {"waarden": sorted(cases), "casussen": [gaps(cases[value]) for value in sorted(cases)]}
               for facet, cases in holding.items()}
    files[INDEX_PATH] = _json({"aantal": len(ordered), "per_bestand": CARDS_PER_FILE, "kaarten": list(files), "filters": filters})
    return files
