"""The finder's index for views without a search word (finderindex.py) agrees with the open data."""
from __future__ import annotations

import itertools
import json

from kennisbank.finderindex import CARDS_PER_FILE, gaps


def test_gaps_are_the_distances_between_positions():
    assert gaps([3, 7, 8, 20]) == [3, 4, 1, 12]
    assert list(itertools.accumulate(gaps([0, 1, 5]))) == [0, 1, 5]
    assert gaps([]) == []


def test_the_index_holds_every_case_in_title_order_with_its_filter_values(site):
    cases = json.loads((site / "data" / "casussen.json").read_text(encoding="utf-8"))
    index = json.loads((site / "data" / "zoeker-index.json").read_text(encoding="utf-8"))
    cards = [json.loads((site / name).read_text(encoding="utf-8")) for name in index["kaarten"]]
    assert all(len(chunk) == CARDS_PER_FILE for chunk in cards[:-1]) and 0 < len(cards[-1]) <= CARDS_PER_FILE
    ordered = sorted(cases, key=lambda case: (case["titel"], case["id"]))
    assert index["aantal"] == len(cases)
    assert [card["url"] for chunk in cards for card in chunk] == [case["url"] for case in ordered]
    assert [card["meta"]["title"] for chunk in cards for card in chunk] == [case["titel"] for case in ordered]
    for facet, data in index["filters"].items():
        expected = {}
        for position, case in enumerate(ordered):
            for value in case["facetten"][facet]:
                expected.setdefault(value, []).append(position)
        decoded = {value: list(itertools.accumulate(steps)) for value, steps in zip(data["waarden"], data["casussen"])}
        assert decoded == expected, facet
    assert set(index["filters"]) == set(cases[0]["facetten"])
