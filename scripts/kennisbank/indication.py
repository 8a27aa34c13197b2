"""An indicative WRR type from a municipality's 2017 figures, and an honest measure of it.

The method (parameters and their reasons in typology/gemeenten/methode.yml):
1. rules that follow a number or fact in the portfolio's definitions: one of the three most
   populous municipalities with a majority with a migration background is a
   'meerderheid-minderhedenstad', more than 90 per cent Dutch background a 'homogene gemeente';
   only a municipality bordering one of the three can be a 'voorstad', only one touching the
   national land border a 'grensgemeente';
2. otherwise the nearest prototype: the mean standardised profile of the municipalities the sources
   name for each remaining type, on a feature set chosen among those listed in methode.yml.
The feature set and the prototypes are learned from the claims; `leave_one_out` re-learns both
without the municipality being measured, so its claim never helps to predict itself.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from .figures import Figures2017

MAJORITY_TYPE = "meerderheid-minderhedenstad"
HOMOGENEOUS_TYPE = "homogene-gemeente"
SUBURB_TYPE = "voorstad"
BORDER_TYPE = "grensgemeente"


@dataclass(frozen=True)
class Profile2017:
    """What the indication may use: 2017 shares and what the boundaries tell. No name, code or province."""
    inhabitants: float
    address_density: float
    western: float
    non_western: float
    four_groups: float  # Moroccan + Turkish + Surinamese + Antillean
    largest_group: float  # the largest of those four
    touches_land_border: bool
    borders_big_three: bool
    among_big_three: bool = False  # one of the three most populous municipalities of 2017

    @property
    def migration_background(self) -> float:
        return self.western + self.non_western

    def feature(self, name: str) -> float:
        return FEATURES[name](self)


# Every feature a feature set in methode.yml may name.
FEATURES = {
    "inwoners": lambda p: math.log10(max(p.inhabitants, 1)),
    "adressendichtheid": lambda p: math.log10(max(p.address_density, 1)),
    "westers": lambda p: p.western,
    "niet_westers": lambda p: p.non_western,
    "vier_groepen": lambda p: p.four_groups,
    "grootste_groep": lambda p: p.largest_group,
    "overig_niet_westers": lambda p: p.non_western - p.four_groups,
    "westers_deel": lambda p: p.western / p.migration_background if p.migration_background else 0.0,
    "landsgrens": lambda p: float(p.touches_land_border),
    "naast_grote_drie": lambda p: float(p.borders_big_three),
}


@dataclass(frozen=True)
class Rules:
    majority_threshold: float  # at least this % migration background (and one of the three most populous)
    homogeneous_threshold: float  # more than this % Dutch background


def profile_from_parts(parts: list[Figures2017], touches_land_border: bool, borders_big_three: bool,
                       among_big_three: bool = False) -> Profile2017:
    """One profile from one or more 2017 municipalities, every share weighted by population."""
    people = sum(p.inhabitants for p in parts) or 1

    def weighted(value) -> float:
        return sum(value(p) * p.inhabitants for p in parts) / people

    return Profile2017(
        inhabitants=float(sum(p.inhabitants for p in parts)),
        address_density=weighted(lambda p: p.address_density),
        western=weighted(lambda p: p.western), non_western=weighted(lambda p: p.non_western),
        four_groups=weighted(lambda p: p.moroccan + p.turkish + p.surinamese + p.antillean),
        largest_group=weighted(lambda p: max(p.moroccan, p.turkish, p.surinamese, p.antillean)),
        touches_land_border=touches_land_border, borders_big_three=borders_big_three, among_big_three=among_big_three)


@dataclass
class Scale:
    """Standardisation of one feature set over every municipality of 2017: fixed by the population
    of municipalities, not by the claims."""
    features: tuple[str, ...]
    means: list[float]
    spreads: list[float]
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def of(cls, features: tuple[str, ...], profiles: list[Profile2017]) -> Scale:
        vectors = [[p.feature(f) for f in features] for p in profiles]
        means = [sum(v[i] for v in vectors) / len(vectors) for i in range(len(features))]
        spreads = [math.sqrt(sum((v[i] - means[i]) ** 2 for v in vectors) / len(vectors)) or 1.0 for i in range(len(features))]
        return cls(tuple(features), means, spreads)

    def apply(self, profile: Profile2017) -> list[float]:
        """The standardised vector (remembered: leave-one-out asks for the same profiles many times)."""
        if profile not in self._cache:
            self._cache[profile] = [(profile.feature(f) - m) / s for f, m, s in zip(self.features, self.means, self.spreads)]
        return self._cache[profile]


def rule_type(profile: Profile2017, rules: Rules) -> str | None:
    """The type a rule from the definitions fixes, if any."""
    if profile.among_big_three and profile.migration_background >= rules.majority_threshold:
        return MAJORITY_TYPE
    if 100 - profile.migration_background > rules.homogeneous_threshold:
        return HOMOGENEOUS_TYPE
    return None


def excluded_types(profile: Profile2017) -> set[str]:
    """Types step 2 may not give: those of the fixing rules, and those a definition rules out here."""
    excluded = {MAJORITY_TYPE, HOMOGENEOUS_TYPE}
    if not profile.borders_big_three:
        excluded.add(SUBURB_TYPE)
    if not profile.touches_land_border:
        excluded.add(BORDER_TYPE)
    return excluded


def _sums(vectors: list[tuple[list[float], set[str]]]) -> tuple[dict[str, list[float]], Counter]:
    sums: dict[str, list[float]] = {}
    counts: Counter = Counter()
    for vector, types in vectors:
        for slug in types:
            total = sums.setdefault(slug, [0.0] * len(vector))
            for i, x in enumerate(vector):
                total[i] += x
            counts[slug] += 1
    return sums, counts


def _nearest(vector: list[float], sums: dict[str, list[float]], counts: Counter, excluded: set[str]) -> str:
    best, best_slug = math.inf, ""
    for slug in sorted(sums):
        if slug in excluded or counts[slug] <= 0:
            continue
        d = sum((x - total / counts[slug]) ** 2 for x, total in zip(vector, sums[slug]))
        if d < best:
            best, best_slug = d, slug
    return best_slug


@dataclass
class Model:
    """What is learned from a set of claims: the feature set and the prototypes for it."""
    features: str
    scale: Scale
    sums: dict[str, list[float]]
    counts: Counter

    def prototypes(self) -> dict[str, list[float]]:
        return {slug: [x / self.counts[slug] for x in total] for slug, total in self.sums.items()}


def _inner_score(examples: list[tuple[Profile2017, set[str]]], scale: Scale, rules: Rules) -> int:
    """Leave-one-out agreement inside a training set, for choosing the feature set."""
    vectors = [(scale.apply(p), types) for p, types in examples]
    sums, counts = _sums(vectors)
    score = 0
    for (profile, types), (vector, _) in zip(examples, vectors):
        guess = rule_type(profile, rules)
        if guess is None:
            for slug in types:  # this example's own contribution taken out
                sums[slug] = [t - x for t, x in zip(sums[slug], vector)]
                counts[slug] -= 1
            guess = _nearest(vector, sums, counts, excluded_types(profile))
            for slug in types:
                sums[slug] = [t + x for t, x in zip(sums[slug], vector)]
                counts[slug] += 1
        score += guess in types
    return score


def learn(examples: list[tuple[Profile2017, set[str]]], scales: Mapping[str, Scale], rules: Rules) -> Model:
    """Choose the feature set by leave-one-out agreement within `examples` (first listed wins a tie),
    then the prototypes for it. Everything here is learned from the examples given, nothing else."""
    best = max(scales, key=lambda name: (_inner_score(examples, scales[name], rules), -list(scales).index(name)))
    sums, counts = _sums([(scales[best].apply(p), types) for p, types in examples])
    return Model(best, scales[best], sums, counts)


def indicate(profile: Profile2017, model: Model, rules: Rules) -> str:
    return rule_type(profile, rules) or _nearest(model.scale.apply(profile), model.sums, model.counts, excluded_types(profile))


@dataclass
class Evaluation:
    """Leave-one-out agreement over the claimed municipalities of 2017."""
    predicted: dict[str, str]  # 2017 code -> type indicated with its own claim left out
    claimed: dict[str, set[str]]
    strong: set[str]  # codes with at least one claim of basis wrr-voorbeeld
    chosen: Counter = field(default_factory=Counter)  # feature set chosen in the folds -> how often
    names: dict[str, str] = field(default_factory=dict)

    def agrees(self, code: str) -> bool:
        return self.predicted[code] in self.claimed[code]

    @property
    def agreeing(self) -> int:
        return sum(self.agrees(c) for c in self.predicted)

    @property
    def agreeing_strong(self) -> int:
        return sum(self.agrees(c) for c in self.strong)

    def percentage(self, strong_only: bool = False) -> float:
        codes = self.strong if strong_only else self.predicted
        return 100 * sum(self.agrees(c) for c in codes) / len(codes) if codes else 0.0

    def confusion(self) -> dict[tuple[str, str], int]:
        """(claimed type, indicated type) -> count; a municipality with two claims counts under the
        claim it matched, or under its first claim when it matched neither."""
        table: Counter = Counter()
        for code, guess in self.predicted.items():
            claimed = guess if guess in self.claimed[code] else sorted(self.claimed[code])[0]
            table[(claimed, guess)] += 1
        return dict(table)

    def disagreements(self) -> list[tuple[str, list[str], str]]:
        return sorted((self.names.get(c, c), sorted(self.claimed[c]), self.predicted[c]) for c in self.predicted if not self.agrees(c))


def leave_one_out(profiles: Mapping[str, Profile2017], claimed: Mapping[str, set[str]], strong: set[str],
                  scales: Mapping[str, Scale], rules: Rules) -> Evaluation:
    """Each claimed municipality indicated by a model learned (features and prototypes) without it."""
    predicted, chosen = {}, Counter()
    for code in sorted(claimed):
        model = learn([(profiles[other], set(types)) for other, types in sorted(claimed.items()) if other != code], scales, rules)
        chosen[model.features] += 1
        predicted[code] = indicate(profiles[code], model, rules)
    return Evaluation(predicted, {c: set(t) for c, t in claimed.items()}, set(strong) & set(claimed), chosen)


