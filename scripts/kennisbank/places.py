"""Every municipality finds its place: figures, a family of similar ones, and its type by one rule.

Computed once per build from the CBS figures, the boundaries and typology/gemeenten/methode.yml,
and attached to the registry's municipalities, so every page and export reads the same values.

The type rule: a municipality of today is 'claimed' only through an unchanged predecessor that the
sources claim (its own code in wrr-indeling.yml); then its type is the set of those claims. Any
other municipality, merged ones included, takes its indicative type; its parts' claims are history.
"""
from __future__ import annotations

import csv
import dataclasses
import math
from dataclasses import dataclass, field
from pathlib import Path

from .boundaries import BoundaryFacts, boundary_facts
from .figures import URBANITY_LABELS, CbsFigures, Figures2017, FiguresToday, load_figures
from .indication import FEATURES as INDICATION_FEATURES
from .indication import Evaluation, Model, Profile2017, Rules, Scale, indicate, learn, leave_one_out, profile_from_parts
from .problems import Problem, display_path
from .similarity import families

FAMILY_FEATURES = ("inwoners", "adressendichtheid", "herkomst_europa", "herkomst_buiten_europa", "inkomen")
STRONG_BASIS = "wrr-voorbeeld"


@dataclass
class Method:
    """typology/gemeenten/methode.yml, checked."""
    family_size: int
    family_reach: int  # a family member must count the municipality among its own `reach` nearest
    family_weights: dict[str, float]
    rules: Rules
    feature_sets: dict[str, tuple[str, ...]]
    land_border: list[tuple[float, float]]
    border_margin_km: float
    border_minimum_km: float
    text: dict = field(default_factory=dict)  # the file as read, for the method page


@dataclass
class FamilyMember:
    municipality: object  # vocab.Municipality
    reason: str


@dataclass
class Placement:
    """Everything about the municipalities that comes from the figures, for pages and exports."""
    figures: CbsFigures
    method: Method
    evaluation: Evaluation
    model: Model  # learned from all claims: used for every municipality that is not measured
    model_scales: dict[str, Scale]  # per feature set, over the 388 municipalities of 2017
    profiles_2017: dict[str, Profile2017]  # by 2017 code
    big_three: list[str]  # 2025 codes of the three most populous municipalities of 2017
    national_2017: dict[str, float]
    national_today: dict[str, float]


def _number(value, where: str, line: int, name: str, problems: list[Problem], low: float = 0) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < low:
        problems.append(Problem(where, line, f"{name}: '{value}' — hier hoort een getal van minstens {low}"))
        return low
    return float(value)


def load_method(path: Path, problems: list[Problem]) -> Method | None:
    from .vocab import load_yaml_file
    doc, problem = load_yaml_file(path)
    if problem:
        problems.append(problem)
        return None
    where = display_path(path)
    data = doc.data if isinstance(doc.data, dict) else {}
    start = len(problems)
    for key in ("familie", "indicatie", "landsgrens"):
        if not isinstance(data.get(key), dict):
            problems.append(Problem(where, 1, f"{key}: ontbreekt — dit bestand heeft de onderdelen familie, indicatie en landsgrens"))
    if len(problems) > start:
        return None
    family, indication, border = data["familie"], data["indicatie"], data["landsgrens"]
    weights = {}
    for i, feature in enumerate(family.get("kenmerken") or []):
        line = doc.line_of(("familie", "kenmerken", i))
        name = feature.get("naam") if isinstance(feature, dict) else None
        if name not in FAMILY_FEATURES:
            problems.append(Problem(where, line, f"familie.kenmerken: '{name}' — kies uit {', '.join(FAMILY_FEATURES)}"))
            continue
        weights[name] = _number(feature.get("gewicht"), where, line, "gewicht", problems)
    size = int(_number(family.get("grootte"), where, doc.line_of(("familie", "grootte")), "familie.grootte", problems, 1))
    reach = int(_number(family.get("wederzijds_binnen"), where, doc.line_of(("familie", "wederzijds_binnen")), "familie.wederzijds_binnen", problems, size))
    rules = Rules(
        _number((indication.get("meerderheid_migratieachtergrond") or {}).get("drempel"), where,
                doc.line_of(("indicatie", "meerderheid_migratieachtergrond")), "drempel", problems),
        _number((indication.get("homogeen_nederlandse_achtergrond") or {}).get("drempel"), where,
                doc.line_of(("indicatie", "homogeen_nederlandse_achtergrond")), "drempel", problems))
    sets = {}
    for i, entry in enumerate(indication.get("kenmerksets") or []):
        line = doc.line_of(("indicatie", "kenmerksets", i))
        names = entry.get("kenmerken") if isinstance(entry, dict) else None
        unknown = [n for n in names or [None] if n not in INDICATION_FEATURES]
        if unknown or not entry.get("naam"):
            problems.append(Problem(where, line, f"kenmerksets: '{unknown[0] if unknown else entry}' — elke set heeft een naam en kenmerken uit {', '.join(INDICATION_FEATURES)}"))
            continue
        sets[entry["naam"]] = tuple(names)
    if not sets:
        problems.append(Problem(where, doc.line_of(("indicatie",)), "indicatie.kenmerksets: geen enkele geldige kenmerkset — geef er minstens één"))
    line_points = []
    for i, point in enumerate(border.get("lijn") or []):
        if not (isinstance(point, list) and len(point) == 2 and all(isinstance(x, (int, float)) for x in point)):
            problems.append(Problem(where, doc.line_of(("landsgrens", "lijn", i)), f"landsgrens.lijn: '{point}' — elk punt is [lengte, breedte]"))
            continue
        line_points.append((float(point[0]), float(point[1])))
    if len(line_points) < 2:
        problems.append(Problem(where, doc.line_of(("landsgrens",)), "landsgrens.lijn: geef minstens twee punten"))
    if len(problems) > start:
        return None
    return Method(size, reach, weights, rules, sets, line_points,
                  _number(border.get("marge_km"), where, doc.line_of(("landsgrens", "marge_km")), "marge_km", problems),
                  _number(border.get("minimum_km"), where, doc.line_of(("landsgrens", "minimum_km")), "minimum_km", problems),
                  data)


def _group_thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def rounded_inhabitants(number: int) -> str:
    """'~41.000': two significant figures, enough to compare sizes."""
    if number < 1000:
        return str(number)
    digits = len(str(number)) - 2
    return "~" + _group_thousands(int(round(number, -digits)))


def family_reason(m: FiguresToday, other: FiguresToday) -> str:
    """Why `other` resembles `m`, in a visitor's words: what they share first ('ook ...'), then the rest."""
    shared, rest = [], []
    size = f"{rounded_inhabitants(other.inhabitants_2025)} inwoners"
    (shared if 2 / 3 <= other.inhabitants_2025 / max(m.inhabitants_2025, 1) <= 3 / 2 else rest).append(size)
    (shared if other.urbanity == m.urbanity else rest).append(URBANITY_LABELS[other.urbanity])
    outside = round(other.share(other.origin_outside_europe))
    (shared if abs(outside - m.share(m.origin_outside_europe)) <= 3 else rest).append(f"{outside}% herkomst buiten Europa")
    europe = round(other.share(other.origin_europe))
    (shared if abs(europe - m.share(m.origin_europe)) <= 2 else rest).append(f"{europe}% herkomst elders in Europa")
    if not shared:
        return ", ".join(rest)
    return "ook " + ", ".join(shared) + ("; wel " + ", ".join(rest) if rest else "")


SHARES_2017 = ("western", "non_western", "moroccan", "turkish", "surinamese", "antillean", "dutch")


def shares_2017(parts: list[Figures2017]) -> dict[str, float]:
    """The 2017 shares of today's municipality: its 2017 parts weighted by population."""
    people = sum(p.inhabitants for p in parts) or 1
    return {name: sum(getattr(p, name) * p.inhabitants for p in parts) / people for name in SHARES_2017}


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def place(directory: Path, registry, problems: list[Problem]) -> Placement | None:
    """Load figures and method, then give every municipality its family, indication and type."""
    start = len(problems)
    figures = load_figures(directory, problems)
    method = load_method(directory / "methode.yml", problems)
    if len(problems) > start or method is None:
        return None
    topojson = directory / "gemeenten_2025_wgs84.topojson"
    try:
        facts = _boundary_facts(topojson.read_bytes(), method.land_border, method.border_margin_km)
    except (OSError, ValueError, KeyError, TypeError, IndexError) as error:
        problems.append(Problem(display_path(topojson), 1, f"de gemeentegrenzen zijn geen bruikbare TopoJSON ({type(error).__name__}: "
                                f"{error}) — zet het bestand van CBS/PDOK terug (zie typology/gemeenten/README.md)"))
        return None
    primary = {row["gm_code_2017"]: row["gm_code_2025"] for row in _read(directory / "gemeente_2017_naar_2025.csv") if row["primair"] == "ja"}
    big_three = [primary[f.code] for f in sorted(figures.y2017.values(), key=lambda f: -f.inhabitants)[:3]]

    def facts_of(code_2025: str) -> dict:
        return {"touches_land_border": facts.land_border_km.get(code_2025, 0) >= method.border_minimum_km,
                "borders_big_three": code_2025 not in big_three and bool(facts.neighbours.get(code_2025, frozenset()) & set(big_three)),
                "among_big_three": code_2025 in big_three}

    # 2017: each municipality on its own, with the boundary facts of its primary successor
    profiles_2017 = {code: profile_from_parts([f], **facts_of(primary[code])) for code, f in figures.y2017.items()}
    scales = {name: Scale.of(features, list(profiles_2017.values())) for name, features in method.feature_sets.items()}

    claimed: dict[str, set[str]] = {}
    strong: set[str] = set()
    names: dict[str, str] = {}
    for entry in list(registry.municipalities.values()) + list(registry.former.values()):
        for claim in entry.claims:
            claimed.setdefault(entry.code, set()).add(claim["type"])
            names[entry.code] = entry.name
            if claim.get("basis") == STRONG_BASIS:
                strong.add(entry.code)
    missing = sorted(c for c in claimed if c not in profiles_2017)
    for code in missing:
        problems.append(Problem("typology/gemeenten/wrr-indeling.yml", 1, f"code: '{code}' ({names[code]}) — geen cijfers van 2017 voor deze code; een bewering hoort bij een gemeente van 2017"))
    if missing:
        return None
    rules = method.rules
    evaluation, model = _learned(profiles_2017, claimed, strong, scales, rules)
    evaluation = dataclasses.replace(evaluation, names=names)

    parts: dict[str, list[Figures2017]] = {}
    for code_2017, code_2025 in sorted(primary.items()):
        parts.setdefault(code_2025, []).append(figures.y2017[code_2017])
    for code, m in registry.municipalities.items():
        m.figures = figures.today[code]
        m.parts_2017 = parts.get(code, [])
        m.profile_2017 = profile_from_parts(m.parts_2017, **facts_of(code))
        m.shares_2017 = shares_2017(m.parts_2017)
        m.touches_land_border = m.profile_2017.touches_land_border
        m.borders_big_three = m.profile_2017.borders_big_three
        if code in evaluation.predicted:
            m.indication, m.indication_left_out = evaluation.predicted[code], True
        else:
            m.indication, m.indication_left_out = indicate(m.profile_2017, model, rules), False
    for code, f in registry.former.items():
        f.figures_2017 = figures.y2017.get(code)
        if code in evaluation.predicted:
            f.indication, f.indication_left_out = evaluation.predicted[code], True
        elif f.figures_2017 is not None:
            f.indication, f.indication_left_out = indicate(profiles_2017[code], model, rules), False

    nearest = _families(family_vectors(registry, method), list(method.family_weights.values()), method.family_size, method.family_reach)
    for code, m in registry.municipalities.items():
        m.family = [FamilyMember(registry.municipalities[other], family_reason(m.figures, registry.municipalities[other].figures))
                    for other, _ in nearest[code]]
        for member in m.family:
            member.municipality.in_family_of.append(m.slug)
    return Placement(figures, method, evaluation, model, scales, profiles_2017, big_three, figures.national_2017(), figures.national_today())


# The two dear steps of place(), remembered by the value of their inputs: a process that loads the
# vocabularies again (the live preview after a vocabulary edit, the tests) mostly meets the same
# figures and claims, and the steps are pure, so equal inputs give equal results. A few kept.
_REMEMBERED: dict[tuple, object] = {}
_REMEMBER_AT_MOST = 4


def _remembered(key: tuple, compute):
    if key not in _REMEMBERED:
        if len(_REMEMBERED) >= _REMEMBER_AT_MOST:
            del _REMEMBERED[next(iter(_REMEMBERED))]
        _REMEMBERED[key] = compute()
    return _REMEMBERED[key]


def _boundary_facts(topology: bytes, land_border: list[tuple[float, float]], tolerance_km: float) -> BoundaryFacts:
    key = ("boundaries", topology, tuple(map(tuple, land_border)), tolerance_km)
    return _remembered(key, lambda: boundary_facts(topology, land_border, tolerance_km))


def _learned(profiles: dict[str, Profile2017], claimed: dict[str, set[str]], strong: set[str], scales: dict[str, Scale],
             rules: Rules) -> tuple[Evaluation, Model]:
    """The leave-one-out evaluation and the model learned from every claim."""
    def compute():
        return (leave_one_out(profiles, claimed, strong, scales, rules),
                learn([(profiles[c], types) for c, types in sorted(claimed.items())], scales, rules))
    key = ("learned", tuple(sorted(profiles.items())), tuple(sorted((c, tuple(sorted(t))) for c, t in claimed.items())),
           tuple(sorted(strong)), tuple((name, s.features, tuple(s.means), tuple(s.spreads)) for name, s in scales.items()), rules)
    return _remembered(key, compute)


def _families(vectors: dict[str, list[float | None]], weights: list[float], size: int, reach: int) -> dict[str, list[tuple[str, float]]]:
    key = ("families", tuple((code, tuple(vector)) for code, vector in vectors.items()), tuple(weights), size, reach)
    return _remembered(key, lambda: families(vectors, weights, size, reach))


def family_vectors(registry, method: Method) -> dict[str, list[float | None]]:
    """Today's indicators of every municipality, in the order of the weights in methode.yml."""
    vectors = {}
    for code, m in registry.municipalities.items():
        t = m.figures
        values = {"inwoners": math.log10(max(t.inhabitants_2025, 1)), "adressendichtheid": math.log10(max(t.address_density, 1)),
                  "herkomst_europa": t.share(t.origin_europe), "herkomst_buiten_europa": t.share(t.origin_outside_europe),
                  "inkomen": t.income}
        vectors[code] = [values[name] for name in method.family_weights]
    return vectors
