"""Families of similar municipalities, like the EEF's 'Families of Schools'.

Each indicator is standardised over all municipalities (mean 0, standard deviation 1); the distance
between two municipalities is the weighted Euclidean distance over the indicators both have,
scaled up for a missing one so that a suppressed figure neither helps nor hurts. A family is the
`size` nearest other municipalities. Pure functions over a few hundred short vectors: plain Python.
"""
from __future__ import annotations

import heapq
import math
from collections.abc import Mapping, Sequence

Vector = Sequence[float | None]


def standardise(vectors: Mapping[str, Vector]) -> dict[str, list[float | None]]:
    """z-scores per indicator over every vector; None stays None, a constant indicator becomes 0."""
    if not vectors:
        return {}
    width = len(next(iter(vectors.values())))
    means, spreads = [], []
    for i in range(width):
        values = [v[i] for v in vectors.values() if v[i] is not None]
        mean = sum(values) / len(values) if values else 0.0
        spread = math.sqrt(sum((x - mean) ** 2 for x in values) / len(values)) if values else 0.0
        means.append(mean)
        spreads.append(spread or 1.0)
    return {key: [None if x is None else (x - means[i]) / spreads[i] for i, x in enumerate(v)] for key, v in vectors.items()}


def distance(a: Vector, b: Vector, weights: Sequence[float]) -> float:
    total = used = 0.0
    for x, y, w in zip(a, b, weights):
        if x is None or y is None:
            continue
        total += w * (x - y) ** 2
        used += w
    if not used:
        return math.inf
    return math.sqrt(total * sum(weights) / used)


def closest(distances: Mapping[str, float], count: int) -> list[tuple[str, float]]:
    """The `count` keys with the smallest distance, nearest first; ties broken by key so the order is stable."""
    return [(k, d) for d, k in heapq.nsmallest(count, ((d, k) for k, d in distances.items()))]


def nearest(key: str, vectors: Mapping[str, Vector], weights: Sequence[float], count: int) -> list[tuple[str, float]]:
    """The `count` nearest others to `key`, nearest first."""
    own = vectors[key]
    return closest({k: distance(own, other, weights) for k, other in vectors.items() if k != key}, count)


def families(vectors: Mapping[str, Vector], weights: Sequence[float], size: int, reach: int) -> dict[str, list[tuple[str, float]]]:
    """Every municipality's family on standardised indicators: its `size` nearest among those that
    count it among their own `reach` nearest. So a family is mutual: if B is in A's family, A is
    among B's `reach` nearest. An unusual municipality may therefore have a smaller family."""
    scaled = standardise(vectors)
    keys = list(scaled)
    # the distance is symmetric (bit for bit: (x - y)**2 == (y - x)**2), so each pair is measured once
    between: dict[str, dict[str, float]] = {key: {} for key in keys}
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            between[a][b] = between[b][a] = distance(scaled[a], scaled[b], weights)
    wide = {key: closest(between[key], reach) for key in keys}
    near_of = {key: {other for other, _ in ranked} for key, ranked in wide.items()}
    return {key: [(other, d) for other, d in ranked if key in near_of[other]][:size] for key, ranked in wide.items()}
