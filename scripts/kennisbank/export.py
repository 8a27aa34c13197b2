"""Open data written with every build: the case schema, the cases and the vocabularies.

Formats are stable and documented on the 'Open data' page; the JSON Schema published here is the
source schema with the allowed values of every vocabulary filled in, for editors and re-users.
"""
from __future__ import annotations

import copy
import csv
import io
import json
from pathlib import Path

from . import paths
from .finderindex import finder_index_files
from .model import Case, Corpus
from .schemawalk import vocabulary_fields
from .vocab import Vocabularies
from .vocabulary_table import VOCABULARIES

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
    if "toepassing" in schema["properties"]:  # its keys are instrument slugs
        schema["properties"]["toepassing"]["propertyNames"] = {"enum": sorted(vocab.instrumenten)}
    return schema


def export_schema(typology: Path = paths.TYPOLOGY) -> dict:
    import yaml
    return yaml.safe_load((typology / "export-casussen.schema.yml").read_text(encoding="utf-8"))


def case_record(case: Case, vocab: Vocabularies) -> dict:
    start, end = case.period_years()
    return {
        "id": case.id,
        "url": case.url,
        "titel": case.titel,
        "samenvatting": case.samenvatting,
        "gemeenten": [{"slug": m.slug, "code": m.code, "naam": m.name, "provincie": m.province,
                       "wrr_typen_gemeente": m.wrr_typen, "typen": m.types, "typegrond": m.type_ground} for m in case.gemeenten],
        "typen": case.types,
        "wrr_typen": case.wrr_typen,
        "onderdeel_van": case.onderdeel_van,
        "pijlers": case.pijlers,
        "instrumenten": case.instrumenten,
        "instrumentsoorten": sorted({vocab.instrumenten[i]["soort"] for i in case.instrumenten}),
        "doelgroepen": case.doelgroepen,
        "periode": {"van": start, "tot": (case.periode or {}).get("tot")} if case.periode else None,
        "status": case.status,
        "bewijs": case.bewijs,
        "bronnen": [{k: v for k, v in vars(s).items() if v is not None} for s in case.bronnen],
        "actualiteit": case.actualiteit,
        "toepassing": case.toepassing,
        "laatst_gecontroleerd": case.laatst_gecontroleerd,
        "bestand": case.path,
        "facetten": case.facets(vocab),
        "lijkt_op": case.similar_to,
    }


def neutralise_formula(value: str) -> str:
    """Spreadsheet programs run cells that start with = + - @ as formulas: prefix a quote."""
    return "'" + value if value.startswith(CSV_FORMULA_START) else value


CSV_COLUMNS = ["id", "url", "titel", "samenvatting", "gemeenten", "provincies", "typen", "wrr_typen", "pijlers", "instrumenten",
               "doelgroepen", "periode_van", "periode_tot", "status", "bewijs", "bronnen", "laatst_gecontroleerd", "toepassing"]


def cases_csv(corpus: Corpus) -> str:
    """One row per case; ';' separated with a BOM so Dutch Excel opens it with the right columns."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for case in corpus.sorted_cases():
        start, _ = case.period_years()
        row = [case.id, case.url, case.titel, case.samenvatting, " | ".join(m.name for m in case.gemeenten),
               " | ".join(case.provinces), " | ".join(case.types), " | ".join(case.wrr_typen), " | ".join(case.pijlers), " | ".join(case.instrumenten),
               " | ".join(case.doelgroepen), start or "", (case.periode or {}).get("tot", "") or "", case.status, case.bewijs,
               " | ".join(f"{s.titel} ({s.uitgever}, {s.jaar})" for s in case.bronnen), case.laatst_gecontroleerd,
               " | ".join(f"{slug}: {text}" for slug, text in case.toepassing.items())]
        writer.writerow([neutralise_formula(str(cell)) for cell in row])
    return "\ufeff" + buffer.getvalue()


def vocabularies_json(vocab: Vocabularies) -> dict:
    def clean(terms: dict) -> dict:
        return {slug: {k: v for k, v in term.items() if not k.startswith("_")} for slug, term in terms.items()}
    exported = {v.export: clean(vocab.terms(v.name)) for v in VOCABULARIES if v.export}
    return {**exported, "afkortingen": clean(vocab.afkortingen)}


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
    # a facet on a vocabulary offers its terms in the vocabulary's order; the others are built here
    options = {v.facet: [(s, t["label"]) for s, t in vocab.terms(v.name).items()] for v in VOCABULARIES if v.facet}
    options.update({
        "type": [(s, t["label"]) for s, t in vocab.wrr_typen.items()],
        "typegrond": [(f"{s}-{ground}", f"{t['label']} ({label})") for s, t in vocab.wrr_typen.items()
                      for ground, label in (("bron", "volgens de bronnen"), ("indicatie", "indicatie"))],
        "instrument": sorted(((s, t["label"]) for s, t in vocab.instrumenten.items() if s in used["instrument"]), key=lambda o: o[1].lower()),
        "provincie": [(slug, name) for name, slug in provinces],
        "gemeente": sorted(((m.slug, m.name) for m in registry.municipalities.values() if m.slug in used["gemeente"]), key=lambda o: o[1].lower().lstrip("'")),
        "periode": [(s, label) for s, label, _, _ in PERIOD_BUCKETS] + [UNKNOWN_PERIOD],
    })
    options = {facet: options[facet] for facet in FACETS}  # the page's order
    return {"aantal": len(corpus.cases),
            "facetten": [{"naam": facet, "label": label, "opties": [{"waarde": value, "label": label_} for value, label_ in options[facet]]}
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
        count = len(corpus.by_gemeente.get(m.slug, []))
        names.append({"soort": "gemeente", "naam": m.name, "slug": m.slug, "casussen": count,
                      "andere_namen": aliases.get(m.code, []) + [f.name for f in m.former if f.name != m.name]})
    for name, slug in sorted({m.province: m.province_slug for m in registry.municipalities.values()}.items()):
        names.append({"soort": "provincie", "naam": name, "slug": slug, "andere_namen": []})
    for slug, term in sorted(vocab.instrumenten.items(), key=lambda item: item[1]["label"].lower()):
        names.append({"soort": "instrument", "naam": term["label"], "slug": slug, "casussen": len(corpus.by_instrument.get(slug, [])),
                      "andere_namen": list(term.get("ook_bekend_als") or [])})
    return {"namen": names, "synoniemen": vocab.synoniemen}


def municipalities_json(corpus: Corpus) -> dict:
    """Every current municipality, the former ones the registry knows, aliases and the WRR claims:
    the data behind 'gemeenten zoals de mijne' and the map."""
    vocab = corpus.vocab
    registry = vocab.registry
    evaluation = vocab.placement.evaluation

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
                           "opvolgers": list(f.successor_codes), "pagina": bool(f.claims)} for f in m.former],
            "casussen": len(corpus.by_gemeente.get(m.slug, [])),
            "pagina": True,
            # the one rule: 'bron' when the sources claim the (unchanged) municipality, else the indication
            "type": {"typen": m.types, "grond": m.type_ground},
            # for a claimed municipality: computed with its own claim left out (the measured value)
            "indicatie": {"type": m.indication, "zonder_eigen_indeling": m.indication_left_out},
            "familie": [f.municipality.slug for f in m.family],  # with reasons and figures in data/gemeenten/<slug>.json
            "casussen_familie": len({c.id for f in m.family for c in corpus.by_gemeente.get(f.municipality.slug, [])}),
        })
    return {
        "gemeenten": current,
        "typen": {s: {"label": t["label"], "meervoud": t["meervoud"], "definitie": " ".join(t["definitie"].split()),
                      "zelftoets": t.get("zelftoets", ""), "casussen": len(corpus.by_rule_type.get(s, [])),
                      "casussen_indeling": len(corpus.by_type.get(s, []))} for s, t in vocab.wrr_typen.items()},
        "meting": {"overeenstemming": round(evaluation.percentage(), 1), "gemeenten": len(evaluation.predicted),
                   "overeenstemming_wrr_voorbeeld": round(evaluation.percentage(True), 1), "methode": "methode/"},
        "bron_cijfers": "Bron: CBS (Kerncijfers wijken en buurten 2017 en 2024; Regionale kerncijfers 2025; Inkomen van huishoudens 2024), CC BY 4.0",
        "grondslagen": {s: {"label": b["label"], "uitleg": b["uitleg"]} for s, b in vocab.grondslagen.items()},
        "bronnen": {s: {"titel": b["titel"], "jaar": b["jaar"]} for s, b in vocab.bronnen.items()},
    }


def municipality_figures(m) -> dict:
    """The CBS figures of one municipality as published in data/gemeenten.json."""
    t = m.figures
    return {
        "inwoners_2025": t.inhabitants_2025,
        "stedelijkheid_2024": t.urbanity, "omgevingsadressendichtheid_2024": t.address_density,
        "herkomst_2024": {"inwoners": t.inhabitants_2024, "nederland": t.origin_netherlands, "europa_excl_nl": t.origin_europe,
                          "buiten_europa": t.origin_outside_europe},
        "gem_gestandaardiseerd_inkomen_2024_x1000": t.income,
        # 2017, old CBS classification; a merged municipality: its 2017 parts weighted by population
        "wrr_2017_procent": {key: round(value, 1) for key, value in m.shares_2017.items()},
        "delen_2017": [p.code for p in m.parts_2017],
        "raakt_landsgrens": m.touches_land_border, "grenst_aan_grote_drie": m.borders_big_three,
    }


def municipality_detail(m, corpus: Corpus) -> dict:
    """data/gemeenten/<slug>.json: what the lookup shows once a municipality is chosen."""
    return {
        "slug": m.slug, "code": m.code, "naam": m.name,
        "familie": [{"slug": f.municipality.slug, "naam": f.municipality.name, "reden": f.reason,
                     "casussen": len(corpus.by_gemeente.get(f.municipality.slug, []))} for f in m.family],
        "cijfers": municipality_figures(m),
    }


MUNICIPALITY_CSV_COLUMNS = [
    "code", "naam", "provincie", "inwoners_2025", "stedelijkheid_2024", "omgevingsadressendichtheid_2024",
    "herkomst_nederland_2024", "herkomst_europa_excl_nl_2024", "herkomst_buiten_europa_2024", "gem_gestandaardiseerd_inkomen_2024_x1000",
    "westers_2017_procent", "niet_westers_2017_procent", "delen_2017", "typen", "typegrond", "typen_volgens_bronnen", "bronnen_van_de_typen",
    "indicatie", "indicatie_zonder_eigen_indeling", "familie", "casussen"]


def municipalities_csv(corpus: Corpus) -> str:
    """One row per municipality of 2025: figures, type by the rule, claims with source, indication, family, cases."""
    vocab = corpus.vocab
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(MUNICIPALITY_CSV_COLUMNS)
    for m in sorted(vocab.registry.municipalities.values(), key=lambda m: m.name.lower().lstrip("'")):
        t = m.figures
        row = [m.code, m.name, m.province, t.inhabitants_2025, t.urbanity, t.address_density, t.origin_netherlands, t.origin_europe,
               t.origin_outside_europe, "" if t.income is None else str(t.income).replace(".", ","),
               f"{m.shares_2017['western']:.1f}".replace(".", ","), f"{m.shares_2017['non_western']:.1f}".replace(".", ","),
               " | ".join(p.code for p in m.parts_2017), " | ".join(m.types), m.type_ground, " | ".join(m.wrr_typen),
               " | ".join(f"{c['type']}: {vocab.bronnen[c['bron']]['titel']} ({c['basis']})" for c in m.claims),
               m.indication or "", "ja" if m.indication_left_out else "nee", " | ".join(f.municipality.code for f in m.family),
               len(corpus.by_gemeente.get(m.slug, []))]
        writer.writerow([neutralise_formula(str(cell)) for cell in row])
    return "\ufeff" + buffer.getvalue()


def _json(data) -> str:
    # compact: json's C encoder is only used without indent, and the files are for machines
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def data_files(corpus: Corpus, settings, typology: Path = paths.TYPOLOGY) -> dict[str, str]:
    vocab = corpus.vocab
    return {
        SCHEMA_URL_PATH: _json(published_schema(vocab, list(corpus.cases))),
        "data/casussen.json": _json([case_record(c, vocab) for c in corpus.sorted_cases()]),
        "data/casussen.schema.json": _json(export_schema(typology)),
        "data/casussen.csv": cases_csv(corpus),
        "data/vocabulaires.json": _json(vocabularies_json(vocab)),
        "data/zoeker.json": _json(finder_json(corpus)),
        "data/zoeknamen.json": _json(finder_names_json(corpus)),
        **finder_index_files(corpus),  # the finder's index for searches without a word, with its result cards
        "data/gemeenten.json": _json(municipalities_json(corpus)),
        "data/gemeenten.csv": municipalities_csv(corpus),
        **{f"data/gemeenten/{m.slug}.json": _json(municipality_detail(m, corpus)) for m in vocab.registry.municipalities.values()},
        # boundaries for the map, as supplied (CBS/Kadaster via PDOK, CC BY 4.0; see typology/gemeenten/README.md)
        "data/gemeenten_2025.topojson": (typology / "gemeenten" / "gemeenten_2025_wgs84.topojson").read_text(encoding="utf-8"),
    }
