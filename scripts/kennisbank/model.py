"""The model: validated case files and vocabularies turned into linked objects and indexes.

Pure functions of their inputs; nothing is read from disk here except the case body, which is
already in memory. Every index the site shows (per type, pillar, instrument, municipality) is
computed here once, so templates only display.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from .casefile import CaseFile
from .synonyms import added_synonyms
from .vocab import Municipality, Vocabularies
from .vocabulary_table import VOCABULARIES

RELATED_LIMIT = 5
# Why two cases are related, strongest first: sharing an instrument says more than a pillar.
RELATED_WEIGHTS = {"instrument": 4, "pijler": 1, "type": 1}


@dataclass
class Source:
    titel: str
    uitgever: str
    jaar: int | None
    onderdeel: str
    pagina: str | None
    url: str | None
    document: str | None


@dataclass
class Case:
    id: str
    path: str  # examples/<id>.md, for edit links
    titel: str
    samenvatting: str
    gemeenten: list[Municipality]
    wrr_typen: list[str]  # as filed by the source
    pijlers: list[str]
    instrumenten: list[str]
    doelgroepen: list[str]
    periode: dict | None
    status: str
    bewijs: str
    bronnen: list[Source]
    laatst_gecontroleerd: str
    body: str
    onderdeel_van: str | None = None
    actualiteit: str | None = None
    contact: str | None = None
    onderdelen: list[str] = field(default_factory=list)  # ids of cases that are part of this one
    toepassing: dict[str, str] = field(default_factory=dict)  # instrument slug -> how the case used it

    @property
    def url(self) -> str:
        return f"casussen/{self.id}/"

    @property
    def provinces(self) -> list[str]:
        return sorted({m.province for m in self.gemeenten})

    @property
    def source_years(self) -> list[int]:
        return sorted({s.jaar for s in self.bronnen if s.jaar})

    @property
    def types(self) -> list[str]:
        """The case's WRR type(s) by the one rule: the set of its municipalities' types. The source's
        own filing (wrr_typen) is a separate fact and never counted here."""
        return sorted({t for m in self.gemeenten for t in m.types})

    @property
    def type_grounds(self) -> list[str]:
        """'<type>-bron' or '<type>-indicatie' for every type in `types`: claimed or indicative."""
        return sorted({f"{t}-{m.type_ground}" for m in self.gemeenten for t in m.types})

    @property
    def similar_to(self) -> list[str]:
        """Slugs of the municipalities whose family holds one of this case's municipalities: the
        `lijkt_op` field of the open data. (The finder's `lijkt_op=<slug>` filters on the family's
        municipalities instead, so the search index holds no filter per family.)"""
        return sorted({slug for m in self.gemeenten for slug in m.in_family_of})

    def facets(self, vocab: Vocabularies) -> dict[str, list[str]]:
        """The values of every finder facet for this case (slugs), one definition for all uses.
        A facet on a vocabulary the case names in a field comes from the table of vocabularies."""
        values = {v.facet: _as_list(getattr(self, v.field)) for v in VOCABULARIES if v.facet and v.field}
        values.update({
            "type": self.types,
            "typegrond": self.type_grounds,
            "instrumentsoort": sorted({vocab.instrumenten[i]["soort"] for i in self.instrumenten}),
            "provincie": [slug for _, slug in sorted({m.province: m.province_slug for m in self.gemeenten}.items())],
            "gemeente": [m.slug for m in self.gemeenten],
            "periode": [period_bucket(self.period_years()[0])],
        })
        return {facet: values[facet] for facet in FACETS}

    def search_labels(self, vocab: Vocabularies) -> list[str]:
        """The names a search should find the case by that its search metadata does not hold
        (instruments, target groups). The search index reads them here; the page's metadata list and
        the lists of other cases are left out of it, so a case's indexed text depends on that case
        alone. Municipalities, types and pillars are metadata of the result card, and Pagefind
        searches metadata as well: written here too they would be indexed twice."""
        return [vocab.instrumenten[i]["label"] for i in self.instrumenten] + [vocab.doelgroepen[g]["label"] for g in self.doelgroepen]

    def card_meta(self, vocab: Vocabularies) -> dict[str, str]:
        """What a result card shows besides the title, as text: the search metadata of the case
        page (casus.md.j2) and the cards of the finder's own index (finderindex.py) alike."""
        return {
            "samenvatting": self.samenvatting,
            "gemeenten": ", ".join(m.name for m in self.gemeenten),
            "typen": ", ".join(vocab.wrr_typen[t]["label"] for t in self.types),
            "pijlers": "; ".join(vocab.pijlers[p]["label"] for p in self.pijlers),
            "jaar": ", ".join(str(year) for year in self.source_years),
        }

    def synonyms(self, groups: list[list[str]]) -> list[str]:
        """Words of every synonym group the case mentions (as whole words), so a search on any of them finds it."""
        return added_synonyms(f"{self.titel} {self.samenvatting} {self.body}", groups)

    def period_years(self) -> tuple[int | None, int | None]:
        if not self.periode:
            return None, None
        end = self.periode.get("tot")
        return self.periode.get("van"), end if isinstance(end, int) else None


# The finder's facets: URL parameter / search filter name -> label. Order is the page's order.
FACETS = {
    "type": "WRR-type van de gemeente",
    "typegrond": "WRR-type: volgens de bronnen of indicatie",
    "indeling": "Ingedeeld door de bron van de casus",
    "pijler": "Pijler",
    "instrument": "Instrument",
    "instrumentsoort": "Soort instrument",
    "provincie": "Provincie",
    "gemeente": "Gemeente",
    "periode": "Periode (beginjaar)",
    "bewijs": "Bewijs",
    "doelgroep": "Doelgroep",
}
PERIOD_BUCKETS = [  # (slug, label, first year, last year)
    ("voor-2010", "vóór 2010", 0, 2009),
    ("2010-2014", "2010–2014", 2010, 2014),
    ("2015-2019", "2015–2019", 2015, 2019),
    ("2020-2024", "2020–2024", 2020, 2024),
    ("vanaf-2025", "2025 en later", 2025, 9999),
]
UNKNOWN_PERIOD = ("onbekend", "niet vermeld")


def _as_list(value) -> list:
    return list(value) if isinstance(value, list) else [value]


def period_bucket(start: int | None) -> str:
    if start is None:
        return UNKNOWN_PERIOD[0]
    return next(slug for slug, _, first, last in PERIOD_BUCKETS if first <= start <= last)


@dataclass
class Related:
    case: Case
    reasons: list[str]


@dataclass
class Corpus:
    vocab: Vocabularies
    cases: dict[str, Case]
    by_type: dict[str, list[Case]]  # as the source of the case files it (the portfolio's filing)
    by_type_ground: dict[str, list[Case]]  # by '<type>-bron' / '<type>-indicatie' (the rule)
    by_pijler: dict[str, list[Case]]
    by_instrument: dict[str, list[Case]]
    by_gemeente: dict[str, list[Case]]  # by municipality slug
    by_doelgroep: dict[str, list[Case]]
    by_rule_type: dict[str, list[Case]] = field(default_factory=dict)  # by the one rule (Case.types)

    def instrument_ids(self, slug: str) -> list[str]:
        """Ids of the cases that use an instrument (cached: related_cases asks for it per case)."""
        cache = self.__dict__.setdefault("_instrument_ids", {})
        if slug not in cache:
            cache[slug] = [c.id for c in self.by_instrument.get(slug, ())]
        return cache[slug]

    def sorted_cases(self) -> list[Case]:
        return sorted(self.cases.values(), key=case_sort_key)


def case_sort_key(case: Case) -> tuple:
    first = case.gemeenten[0].name if case.gemeenten else ""
    return (first.lower().lstrip("'"), case.titel.lower())


def _source(raw: dict, vocab: Vocabularies) -> Source:
    known = vocab.bronnen.get(raw.get("document", ""), {})
    page = raw.get("pagina")
    return Source(
        titel=raw.get("titel") or known.get("titel", ""),
        uitgever=raw.get("uitgever") or known.get("uitgever", ""),
        jaar=raw.get("jaar") or known.get("jaar"),
        onderdeel=raw.get("onderdeel", ""),
        pagina=str(page) if page is not None else None,
        url=raw.get("url") or known.get("url"),
        document=raw.get("document"),
    )


def build_case(case_file: CaseFile, vocab: Vocabularies) -> Case:
    meta = case_file.meta
    registry = vocab.registry
    return Case(
        id=case_file.id,
        path=f"examples/{case_file.path.name}",  # in the repository, whatever folder was read
        titel=meta["titel"].strip(),
        samenvatting=" ".join(meta["samenvatting"].split()),
        gemeenten=[registry.resolve(ref) for ref in meta["gemeenten"]],
        wrr_typen=list(meta.get("wrr_typen") or []),
        pijlers=list(meta["pijlers"]),
        instrumenten=list(meta["instrumenten"]),
        doelgroepen=list(meta["doelgroepen"]),
        periode=meta.get("periode"),
        status=meta["status"],
        bewijs=meta["bewijs"],
        bronnen=[_source(s, vocab) for s in meta["bronnen"]],
        laatst_gecontroleerd=meta["laatst_gecontroleerd"],
        body=case_file.body,
        onderdeel_van=meta.get("onderdeel_van"),
        actualiteit=" ".join(meta["actualiteit"].split()) if meta.get("actualiteit") else None,
        contact=meta.get("contact"),
        toepassing={slug: " ".join(text.split()) for slug, text in (meta.get("toepassing") or {}).items()},
    )


def build_corpus(case_files: list[CaseFile], vocab: Vocabularies) -> Corpus:
    """Valid case files -> linked cases and every index. Call only after validation passed."""
    return index_cases({cf.id: build_case(cf, vocab) for cf in case_files}, vocab)


def index_cases(built: dict[str, Case], vocab: Vocabularies) -> Corpus:
    """Link built cases and compute every index. The cases are copied, so the same Case objects
    can be indexed again after one of them changed (the live preview does)."""
    cases = {cid: replace(case, onderdelen=[]) for cid, case in built.items()}
    for case in cases.values():
        if case.onderdeel_van in cases:
            cases[case.onderdeel_van].onderdelen.append(case.id)
    indexes = {name: defaultdict(list) for name in ("type", "type_ground", "pillar", "instrument", "municipality", "target_group", "rule_type")}
    for case in sorted(cases.values(), key=case_sort_key):
        for slug in case.wrr_typen:
            indexes["type"][slug].append(case)
        for key in case.type_grounds:
            indexes["type_ground"][key].append(case)
        for slug in case.types:
            indexes["rule_type"][slug].append(case)
        for slug in case.pijlers:
            indexes["pillar"][slug].append(case)
        for slug in case.instrumenten:
            indexes["instrument"][slug].append(case)
        for municipality in case.gemeenten:
            indexes["municipality"][municipality.slug].append(case)
        for slug in case.doelgroepen:
            indexes["target_group"][slug].append(case)
    return Corpus(vocab, cases, *(dict(indexes[n]) for n in ("type", "type_ground", "pillar", "instrument", "municipality", "target_group")),
                  by_rule_type=dict(indexes["rule_type"]))


def related_cases(case: Case, corpus: Corpus, limit: int = RELATED_LIMIT) -> list[Related]:
    """Cases that share instruments first, then pillars and filed type, with the reason shown.

    Candidates are the cases sharing the most instruments (counted through the instrument index)
    plus a short fill from the pillar index; only those few are ranked in full. The cost grows with
    the overlap, not with the size of the collection.
    """
    vocab = corpus.vocab
    family = {case.id, case.onderdeel_van, *case.onderdelen}
    shared = Counter()
    for slug in case.instrumenten:
        shared.update(corpus.instrument_ids(slug))
    for cid in family:
        shared.pop(cid, None)
    candidates = {cid for cid, _ in shared.most_common(limit * 4)}
    for slug in case.pijlers:
        candidates.update(o.id for o in corpus.by_pijler.get(slug, [])[: limit * 2] if o.id not in family)
    pillars, types = set(case.pijlers), set(case.wrr_typen)

    def rank(cid: str) -> tuple:
        other = corpus.cases[cid]
        total = (RELATED_WEIGHTS["instrument"] * shared.get(cid, 0) + RELATED_WEIGHTS["pijler"] * len(pillars.intersection(other.pijlers))
                 + RELATED_WEIGHTS["type"] * len(types.intersection(other.wrr_typen)))
        return (-total, other.titel, cid)

    result = []
    for cid in sorted(candidates, key=rank)[:limit]:
        other = corpus.cases[cid]
        why = [vocab.instrumenten[i]["label"] for i in case.instrumenten if i in other.instrumenten][:3]
        if not why:
            why = [vocab.pijlers[p]["label"] for p in case.pijlers if p in other.pijlers][:2]
            why += [vocab.wrr_typen[t]["label"] for t in case.wrr_typen if t in other.wrr_typen][:1]
        result.append(Related(other, why))
    return result
