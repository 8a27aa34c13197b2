"""Open data written with every build: the case schema, the cases and the vocabularies.

Formats are stable and documented on the 'Open data' page; the JSON Schema published here is the
source schema with the allowed values of every vocabulary filled in, for editors and re-users.
"""
from __future__ import annotations

import copy
import csv
import io
import json

from .checks import vocabulary_fields
from . import paths
from .model import Case, Corpus
from .vocab import Vocabularies

SCHEMA_URL_PATH = "data/casus.schema.json"
CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def published_schema(vocab: Vocabularies, case_ids: list[str] | None = None) -> dict:
    """The case schema with `enum` lists from the vocabularies, so editors can autocomplete."""
    schema = copy.deepcopy(vocab.case_schema)
    schema["$id"] = SCHEMA_URL_PATH
    for pattern, vocabulary in vocabulary_fields(vocab.case_schema):
        node = schema
        for part in pattern:
            node = node["items"] if part == "*" else node["properties"][part]
        if vocabulary == "casussen":
            if case_ids is not None:
                node["enum"] = sorted(case_ids)
            continue
        values = sorted(vocab.terms(vocabulary))
        if vocabulary == "gemeenten":
            # a slug, or the CBS code as a string
            node["anyOf"] = [{"enum": values}, {"type": "string", "pattern": "^GM[0-9]{4}$"}]
        else:
            node["enum"] = values
    return schema


def export_schema() -> dict:
    import yaml
    return yaml.safe_load((paths.TYPOLOGY / "export-casussen.schema.yml").read_text(encoding="utf-8"))


def case_record(case: Case, vocab: Vocabularies) -> dict:
    start, end = case.period_years()
    return {
        "id": case.id,
        "url": case.url,
        "titel": case.titel,
        "samenvatting": case.samenvatting,
        "gemeenten": [{"slug": m.slug, "code": m.code, "naam": m.name, "provincie": m.province,
                       "wrr_typen_gemeente": m.wrr_types} for m in case.gemeenten],
        "wrr_typen": case.wrr_typen,
        "onderdeel_van": case.onderdeel_van,
        "pijlers": case.pijlers,
        "instrumenten": case.instrumenten,
        "instrumentsoorten": sorted({vocab.instruments[i]["soort"] for i in case.instrumenten}),
        "doelgroepen": case.doelgroepen,
        "periode": {"van": start, "tot": (case.periode or {}).get("tot")} if case.periode else None,
        "status": case.status,
        "bewijs": case.bewijs,
        "bronnen": [{k: v for k, v in vars(s).items() if v is not None} for s in case.bronnen],
        "actualiteit": case.actualiteit,
        "laatst_gecontroleerd": case.laatst_gecontroleerd,
        "bestand": case.path,
        "facetten": case.facets(vocab),
    }


def neutralise_formula(value: str) -> str:
    """Spreadsheet programs run cells that start with = + - @ as formulas: prefix a quote."""
    return "'" + value if value.startswith(CSV_FORMULA_START) else value


CSV_COLUMNS = ["id", "url", "titel", "samenvatting", "gemeenten", "provincies", "wrr_typen", "pijlers", "instrumenten",
               "doelgroepen", "periode_van", "periode_tot", "status", "bewijs", "bronnen", "laatst_gecontroleerd"]


def cases_csv(corpus: Corpus) -> str:
    """One row per case; ';' separated with a BOM so Dutch Excel opens it with the right columns."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for case in corpus.sorted_cases():
        start, _ = case.period_years()
        row = [case.id, case.url, case.titel, case.samenvatting, " | ".join(m.name for m in case.gemeenten),
               " | ".join(case.provinces), " | ".join(case.wrr_typen), " | ".join(case.pijlers), " | ".join(case.instrumenten),
               " | ".join(case.doelgroepen), start or "", (case.periode or {}).get("tot", "") or "", case.status, case.bewijs,
               " | ".join(f"{s.titel} ({s.uitgever}, {s.jaar})" for s in case.bronnen), case.laatst_gecontroleerd]
        writer.writerow([neutralise_formula(str(cell)) for cell in row])
    return "\ufeff" + buffer.getvalue()


def vocabularies_json(vocab: Vocabularies) -> dict:
    def clean(terms: dict) -> dict:
        return {slug: {k: v for k, v in term.items() if not k.startswith("_")} for slug, term in terms.items()}
    return {
        "wrr_typen": clean(vocab.wrr_types), "pijlers": clean(vocab.pillars), "instrumenten": clean(vocab.instruments),
        "instrumentsoorten": clean(vocab.instrument_kinds), "doelgroepen": clean(vocab.target_groups),
        "bewijsniveaus": clean(vocab.evidence_levels), "bronnen": clean(vocab.sources),
    }


def finder_json(corpus: Corpus) -> dict:
    """Labels and options of every finder facet (the cases themselves come from the search index)."""
    from .model import FACETS, PERIOD_BUCKETS, UNKNOWN_PERIOD
    vocab = corpus.vocab
    registry = vocab.registry
    used: dict[str, set] = {facet: set() for facet in FACETS}
    for case in corpus.cases.values():
        for facet, values in case.facets(vocab).items():
            used[facet].update(values)
    provinces = sorted({m.province: m.province_slug for m in registry.municipalities.values()}.items())
    options = {
        "type": [(s, t["label"]) for s, t in vocab.wrr_types.items()],
        "pijler": [(s, t["label"]) for s, t in vocab.pillars.items()],
        "instrument": sorted(((s, t["label"]) for s, t in vocab.instruments.items() if s in used["instrument"]), key=lambda o: o[1].lower()),
        "instrumentsoort": [(s, t["label"]) for s, t in vocab.instrument_kinds.items()],
        "provincie": [(slug, name) for name, slug in provinces],
        "gemeente": sorted(((m.slug, m.name) for m in registry.municipalities.values() if m.slug in used["gemeente"]), key=lambda o: o[1].lower().lstrip("'")),
        "periode": [(s, label) for s, label, _, _ in PERIOD_BUCKETS] + [UNKNOWN_PERIOD],
        "bewijs": [(s, t["label"]) for s, t in vocab.evidence_levels.items()],
        "doelgroep": [(s, t["label"]) for s, t in vocab.target_groups.items()],
    }
    return {"aantal": len(corpus.cases),
            "facetten": [{"naam": facet, "label": label, "opties": [{"waarde": v, "label": l} for v, l in options[facet]]}
                         for facet, label in FACETS.items()]}


def finder_names_json(corpus: Corpus) -> dict:
    """Names the finder recognises in a query, to offer that page first ("Bedoelt u de gemeente
    Zaanstad?"), and the synonym groups it proposes when nothing is found. Loaded only when a
    query is typed; the pages themselves stay out of the search index."""
    vocab = corpus.vocab
    registry = vocab.registry
    aliases: dict[str, list[str]] = {}
    for alias, code in registry.aliases.items():
        aliases.setdefault(code, []).append(alias)
    names = []
    for m in sorted(registry.municipalities.values(), key=lambda m: m.name.lower().lstrip("'")):
        count = len(corpus.by_municipality.get(m.slug, []))
        names.append({"soort": "gemeente", "naam": m.name, "slug": m.slug, "casussen": count,
                      "andere_namen": aliases.get(m.code, []) + [f.name for f in m.former if f.name != m.name]})
    for name, slug in sorted({m.province: m.province_slug for m in registry.municipalities.values()}.items()):
        names.append({"soort": "provincie", "naam": name, "slug": slug, "andere_namen": []})
    for slug, term in sorted(vocab.instruments.items(), key=lambda item: item[1]["label"].lower()):
        names.append({"soort": "instrument", "naam": term["label"], "slug": slug, "casussen": len(corpus.by_instrument.get(slug, [])),
                      "andere_namen": list(term.get("ook_bekend_als") or [])})
    return {"namen": names, "synoniemen": vocab.synonyms}


def municipalities_json(corpus: Corpus) -> dict:
    """Every current municipality, the former ones the registry knows, aliases and the WRR claims:
    the data behind 'gemeenten zoals de mijne' and the map."""
    vocab = corpus.vocab
    registry = vocab.registry

    def claims(entries):
        return [{"type": c["type"], "basis": c["basis"], "bron": c["bron"], "onderdeel": c["onderdeel"]} for c in entries]

    aliases: dict[str, list[str]] = {}
    for alias, code in registry.aliases.items():
        aliases.setdefault(code, []).append(alias)
    current = []
    for m in sorted(registry.municipalities.values(), key=lambda m: m.name.lower().lstrip("'")):
        current.append({
            "slug": m.slug, "code": m.code, "naam": m.name, "provincie": m.province, "provincie_slug": m.province_slug,
            "typen": claims(m.claims), "aliassen": aliases.get(m.code, []),
            # opvolgers: every current municipality the former one went into (more than one when it was split)
            "voormalig": [{"naam": f.name, "code": f.code, "slug": f.slug, "datum": f.date, "typen": claims(f.claims),
                           "opvolgers": list(f.successor_codes)} for f in m.former],
            "casussen": len(corpus.by_municipality.get(m.slug, [])),
            "pagina": bool(corpus.by_municipality.get(m.slug) or m.claims or any(f.claims for f in m.former)),
        })
    return {
        "gemeenten": current,
        "typen": {s: {"label": t["label"], "meervoud": t["meervoud"], "definitie": " ".join(t["definitie"].split()),
                      "zelftoets": t.get("zelftoets", ""), "casussen": len(corpus.by_type.get(s, []))} for s, t in vocab.wrr_types.items()},
        "grondslagen": {s: {"label": b["label"], "uitleg": b["uitleg"]} for s, b in vocab.claim_bases.items()},
        "bronnen": {s: {"titel": b["titel"], "jaar": b["jaar"]} for s, b in vocab.sources.items()},
    }


def _json(data) -> str:
    # compact: json's C encoder is only used without indent, and the files are for machines
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def data_files(corpus: Corpus, settings) -> dict[str, str]:
    vocab = corpus.vocab
    return {
        SCHEMA_URL_PATH: _json(published_schema(vocab, list(corpus.cases))),
        "data/casussen.json": _json([case_record(c, vocab) for c in corpus.sorted_cases()]),
        "data/casussen.schema.json": _json(export_schema()),
        "data/casussen.csv": cases_csv(corpus),
        "data/vocabulaires.json": _json(vocabularies_json(vocab)),
        "data/zoeker.json": _json(finder_json(corpus)),
        "data/zoeknamen.json": _json(finder_names_json(corpus)),
        "data/gemeenten.json": _json(municipalities_json(corpus)),
        # boundaries for the map, as supplied (CBS/Kadaster via PDOK, CC BY 4.0; see typology/gemeenten/README.md)
        "data/gemeenten_2025.topojson": (paths.TYPOLOGY / "gemeenten" / "gemeenten_2025_wgs84.topojson").read_text(encoding="utf-8"),
    }
