"""What the municipal boundaries tell (typology/gemeenten/gemeenten_2025_wgs84.topojson).

Two facts, both from the geometry alone: which municipalities share a boundary, and which touch
the national land border. An arc of the topology that only one municipality uses lies on the edge
of the country: coast, lake shore or land border. The land border is the part of that edge that
lies near a coarse trace of the border (typology/gemeenten/methode.yml, `landsgrens`); the coast
is everywhere at least tens of kilometres from that trace, except where the border meets the sea.
"""
from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass

EARTH_KM_PER_DEGREE = 111.2


@dataclass(frozen=True)
class BoundaryFacts:
    neighbours: dict[str, frozenset[str]]  # 2025 code -> codes that share a boundary with it
    land_border_km: dict[str, float]  # 2025 code -> length of its edge along the land border


def _decode(topology: dict) -> list[list[tuple[float, float]]]:
    scale_x, scale_y = topology["transform"]["scale"]
    move_x, move_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + move_x, y * scale_y + move_y))
        arcs.append(points)
    return arcs


def _rings(geometry: dict) -> list[list[int]]:
    if geometry["type"] == "Polygon":
        return geometry["arcs"]
    return [ring for polygon in geometry["arcs"] for ring in polygon]


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance on a small patch of the earth (equirectangular; ample for a country this size)."""
    mean_lat = math.radians((a[1] + b[1]) / 2)
    return EARTH_KM_PER_DEGREE * math.hypot((a[0] - b[0]) * math.cos(mean_lat), a[1] - b[1])


def _distance_to_line(point, line) -> float:
    best = math.inf
    lat = math.radians(point[1])
    px, py = point[0] * math.cos(lat), point[1]
    for (ax, ay), (bx, by) in zip(line, line[1:]):
        ax, bx = ax * math.cos(lat), bx * math.cos(lat)
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy or 1)))
        best = min(best, math.hypot(px - ax - t * dx, py - ay - t * dy))
    return best * EARTH_KM_PER_DEGREE


def boundary_facts(topology_text: bytes, land_border: list[tuple[float, float]], tolerance_km: float) -> BoundaryFacts:
    topology = json.loads(topology_text.decode("utf-8"))
    arcs = _decode(topology)
    users: dict[int, set[str]] = defaultdict(set)
    for geometry in topology["objects"]["gemeente_2025"]["geometries"]:
        for ring in _rings(geometry):
            for arc in ring:
                users[arc if arc >= 0 else ~arc].add(geometry["properties"]["statcode"])
    neighbours: dict[str, set[str]] = defaultdict(set)
    border_km: dict[str, float] = defaultdict(float)
    for arc, codes in users.items():
        if len(codes) > 1:
            for code in codes:
                neighbours[code].update(codes - {code})
            continue
        (code,) = codes
        points = arcs[arc]
        for a, b in zip(points, points[1:]):
            middle = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
            if _distance_to_line(middle, land_border) <= tolerance_km:
                border_km[code] += _km(a, b)
    every = {g["properties"]["statcode"] for g in topology["objects"]["gemeente_2025"]["geometries"]}
    return BoundaryFacts({c: frozenset(neighbours.get(c, ())) for c in every}, {c: round(border_km.get(c, 0.0), 2) for c in every})
