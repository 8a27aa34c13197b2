"""The controlled vocabularies in typology/: load them and check them against each other.

Which vocabularies exist, and under which names, is the table in vocabulary_table.py.

Every list a case may refer to lives here, as data. Files:
  wrr-typen.yml, pijlers.yml, doelgroepen.yml, bewijsniveaus.yml, instrumentsoorten.yml,
  bronnen.yml, kaders.yml, instrumenten/<slug>.yml, gemeenten/ (CBS registry + WRR claims).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from .casefile import CASE_ID, slugify
from .places import place
from .problems import Problem, display_path
from .schemamessages import schema_message
from .schemas import ACCEPT_ALL, CompiledSchema, load_schema
from .tagwords import load_abbreviations, load_keywords
from .untrusted import FileTooLarge, read_capped
from .vocabulary_table import BY_NAME, TERM_FILES
from .yamlsource import YamlDocument, YamlError, parse

# file name -> attribute, from the one table of vocabularies (vocabulary_table.py); each is a YAML
# list of terms with at least slug and label
TERM_LISTS = {v.file: v.attribute for v in TERM_FILES}


@dataclass
class Municipality:
    code: str  # CBS code of 2025, e.g. GM0281
    name: str
    slug: str
    province: str
    claims: list[dict] = field(default_factory=list)  # WRR-type claims from the sources
    former: list[FormerMunicipality] = field(default_factory=list)  # merged into this one
    province_slug: str = field(init=False)  # the finder's and the exports' name for the province
    # set by places.place() from the CBS figures (None only while the figures are invalid); not init
    # fields, so the family graph (municipalities pointing at each other) stays out of reprs
    figures: object = field(default=None, init=False)  # figures.FiguresToday
    parts_2017: list = field(default_factory=list, init=False)  # figures.Figures2017 of the 2017 municipalities it continues
    profile_2017: object = field(default=None, init=False)  # indication.Profile2017, population-weighted over parts_2017
    shares_2017: dict = field(default_factory=dict, init=False)  # 2017 origin shares (old CBS classification), likewise weighted
    indication: str | None = field(default=None, init=False)  # indicative WRR type (for a claimed one: its claim left out)
    indication_left_out: bool = field(default=False, init=False)
    touches_land_border: bool = field(default=False, init=False)
    borders_big_three: bool = field(default=False, init=False)
    family: list = field(default_factory=list, init=False, repr=False)  # places.FamilyMember, nearest first
    in_family_of: list[str] = field(default_factory=list, init=False, repr=False)  # municipalities whose family holds this one

    def __post_init__(self):
        self.province_slug = slugify(self.province)

    @property
    def wrr_typen(self) -> list[str]:
        """Types the sources establish for this municipality itself (not for merged parts)."""
        return sorted({c["type"] for c in self.claims})

    @property
    def type_ground(self) -> str:
        """'bron' when the sources claim this municipality (through its unchanged predecessor),
        otherwise 'indicatie': the one rule every page, facet and export follows."""
        return "bron" if self.claims else "indicatie"

    @property
    def types(self) -> list[str]:
        """The municipality's type(s) by that rule; the indication of a claimed one is an extra fact."""
        if self.claims:
            return self.wrr_typen
        return [self.indication] if self.indication else []


@dataclass
class FormerMunicipality:
    code: str  # CBS code of 2017 (or 2015)
    name: str
    slug: str
    successor_codes: list[str]
    date: str = ""
    claims: list[dict] = field(default_factory=list)
    figures_2017: object = field(default=None, init=False)  # figures.Figures2017, if CBS had it in 2017
    indication: str | None = field(default=None, init=False)
    indication_left_out: bool = field(default=False, init=False)


@dataclass
class Registry:
    municipalities: dict[str, Municipality]  # by 2025 code
    former: dict[str, FormerMunicipality]  # by old code
    aliases: dict[str, str]  # alias text -> 2025 code

    def by_slug(self) -> dict[str, Municipality]:
        if getattr(self, "_by_slug", None) is None:
            self._by_slug = {m.slug: m for m in self.municipalities.values()}
        return self._by_slug

    def resolve(self, ref: str) -> Municipality | None:
        """A case refers to a municipality by slug or CBS code ('GM0281')."""
        if ref.upper().startswith("GM") and ref.upper() in self.municipalities:
            return self.municipalities[ref.upper()]
        return self.by_slug().get(ref)

    def by_alias(self, text: str) -> Municipality | None:
        """'Den Haag', 'den-haag' or 'Den Bosch': another name people use for a municipality."""
        if getattr(self, "_by_alias", None) is None:
            self._by_alias = {slugify(alias): self.municipalities[code] for alias, code in self.aliases.items()}
        return self._by_alias.get(slugify(text))

    def former_by_slug(self) -> dict[str, FormerMunicipality]:
        if getattr(self, "_former_by_slug", None) is None:
            self._former_by_slug = {f.slug: f for f in self.former.values()}
        return self._former_by_slug


@dataclass
class Vocabularies:
    wrr_typen: dict[str, dict] = field(default_factory=dict)
    pijlers: dict[str, dict] = field(default_factory=dict)
    doelgroepen: dict[str, dict] = field(default_factory=dict)
    bewijsniveaus: dict[str, dict] = field(default_factory=dict)
    instrumentsoorten: dict[str, dict] = field(default_factory=dict)
    bronnen: dict[str, dict] = field(default_factory=dict)
    kaders: dict[str, dict] = field(default_factory=dict)
    grondslagen: dict[str, dict] = field(default_factory=dict)
    instrumenten: dict[str, dict] = field(default_factory=dict)
    registry: Registry | None = None
    placement: object = field(default=None, init=False, repr=False)  # places.Placement: figures, method, the measured indication
    case_schema: dict = field(default_factory=dict)
    case_validator: CompiledSchema | None = None  # case_schema compiled for both engines (kennisbank.schemas)
    omleidingen: list[dict] = field(default_factory=list)  # old case id -> new id (typology/omleidingen.yml)
    synoniemen: list[list[str]] = field(default_factory=list)  # groups of words searchers use interchangeably
    trefwoorden: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # typology/trefwoorden.yml
    afkortingen: dict[str, dict] = field(default_factory=dict)  # the glossary, typology/afkortingen.yml

    def framework_domains(self, framework: str) -> dict[str, dict]:
        return {d["slug"]: d for d in self.kaders.get(framework, {}).get("domeinen", [])}

    def terms(self, vocabulary: str) -> dict[str, object]:
        """The allowed values of a vocabulary by its data name (an `x-vocabulaire` name in the schemas)."""
        entry = BY_NAME[vocabulary]
        return entry.derived(self) if entry.derived else getattr(self, entry.attribute)


MAX_VOCABULARY_BYTES = 2_000_000  # the largest file, the CBS list of municipalities, is about 30 kB


def load_yaml_file(path: Path):
    """Strictly parsed YAML (see yamlsource) or a Problem."""
    try:
        text = read_capped(path, MAX_VOCABULARY_BYTES).decode("utf-8-sig").replace("\r\n", "\n")
        return parse(text), None
    except FileTooLarge as refusal:
        return None, Problem(display_path(path), 1, f"{refusal} — een vocabulaire is een gewoon YAML-bestand in de repository")
    except YamlError as exc:
        return None, Problem(display_path(path), exc.line, exc.message)
    except UnicodeDecodeError:
        return None, Problem(display_path(path), 1, "het bestand is geen UTF-8; sla het op als UTF-8")


def _load_term_list(path: Path, problems: list[Problem]) -> dict[str, dict]:
    doc, problem = load_yaml_file(path)
    if problem:
        problems.append(problem)
        return {}
    where = display_path(path)
    terms: dict[str, dict] = {}
    if not isinstance(doc.data, list):
        problems.append(Problem(where, 1, "dit bestand moet een lijst van termen zijn (regels die beginnen met '- slug: ...')"))
        return terms
    for i, term in enumerate(doc.data):
        line = doc.line_of((i,))
        if not isinstance(term, dict) or not isinstance(term.get("slug"), str):
            problems.append(Problem(where, line, "elke term heeft een 'slug' (korte naam in kleine letters)"))
            continue
        slug = term["slug"]
        if not CASE_ID.match(slug):
            problems.append(Problem(where, line, f"slug '{slug}' mag alleen kleine letters, cijfers en streepjes bevatten"))
        if slug in terms:
            problems.append(Problem(where, line, f"slug '{slug}' staat twee keer in de lijst"))
        if "label" not in term and "titel" not in term:
            problems.append(Problem(where, line, f"term '{slug}' heeft geen 'label'"))
        terms[slug] = dict(term, _line=line)
    return terms


def _load_schema(path: Path, problems: list[Problem]) -> CompiledSchema:
    doc, problem = load_yaml_file(path)
    if problem:
        problems.append(problem)
        doc = YamlDocument(ACCEPT_ALL)
    return load_schema(doc, display_path(path), problems)


def load_instruments(directory: Path, compiled: CompiledSchema, problems: list[Problem]) -> dict[str, dict]:
    schema = compiled.schema
    instruments: dict[str, dict] = {}
    for path in sorted(directory.glob("*.yml")):
        where = display_path(path)
        if path.is_dir() and not path.is_symlink():
            problems.append(Problem(where, 1, f"'{path.name}' is een map, geen instrumentbestand — verplaats de bestanden erin naar typology/instrumenten/"))
            continue
        if not CASE_ID.match(path.stem):
            problems.append(Problem(where, 1, f"de bestandsnaam '{path.name}' is geen geldige slug: gebruik kleine letters, cijfers en streepjes ('{slugify(path.stem)}.yml')"))
            continue
        doc, problem = load_yaml_file(path)
        if problem:
            problems.append(problem)
            continue
        if not isinstance(doc.data, dict):
            problems.append(Problem(where, 1, "een instrument bestaat uit regels 'veld: waarde' (zie typology/instrument.schema.yml)"))
            continue
        for error in compiled.iter_errors(doc.data):
            line, message = schema_message(error, schema, doc.line_of, 1)
            problems.append(Problem(where, line, message))
        instruments[path.stem] = dict(doc.data, slug=path.stem, _path=where, _line=1, _doc=doc)
    return instruments


def _read_csv(path: Path) -> list[dict]:
    text = read_capped(path, MAX_VOCABULARY_BYTES).decode("utf-8")
    return list(csv.DictReader(text.splitlines()))


def load_registry(directory: Path, problems: list[Problem]) -> Registry:
    """All 342 municipalities of 2025, former ones the typology names, aliases and WRR claims."""
    municipalities = {
        row["gm_code"]: Municipality(row["gm_code"], row["gemeentenaam"], slugify(row["gemeentenaam"]), row["provincienaam"])
        for row in _read_csv(directory / "gemeenten_2025.csv")
    }
    former: dict[str, FormerMunicipality] = {}
    for file_name, old_code, old_name in (("gemeente_2015_naar_2025.csv", "gm_code_2015", "naam_2015"),
                                          ("gemeente_2017_naar_2025.csv", "gm_code_2017", "naam_2017")):
        for row in _read_csv(directory / file_name):
            if row["status"] == "ongewijzigd" or row[old_code] in municipalities:
                continue
            entry = former.setdefault(row[old_code], FormerMunicipality(row[old_code], row[old_name], slugify(row[old_name]), []))
            if row["gm_code_2025"] not in entry.successor_codes:
                # the primary successor first
                position = 0 if row["primair"] == "ja" else len(entry.successor_codes)
                entry.successor_codes.insert(position, row["gm_code_2025"])
    for row in _read_csv(directory / "herindelingen_2015_2025.csv"):
        if row["oud_gm_code"] in former:
            former[row["oud_gm_code"]].date = row["datum"]
    for entry in former.values():
        for code in entry.successor_codes:
            municipalities[code].former.append(entry)

    aliases: dict[str, str] = {}
    doc, problem = load_yaml_file(directory / "aliassen.yml")
    if problem:
        problems.append(problem)
    else:
        for i, item in enumerate(_list_of_groups(doc, directory / "aliassen.yml", problems)):
            if not item:
                continue
            if item.get("code") not in municipalities:
                problems.append(Problem(display_path(directory / "aliassen.yml"), doc.line_of((i,)), f"alias '{item.get('alias')}': code '{item.get('code')}' bestaat niet in gemeenten_2025.csv"))
                continue
            aliases[item["alias"]] = item["code"]

    doc, problem = load_yaml_file(directory / "wrr-indeling.yml")
    if problem:
        problems.append(problem)
    else:
        where = display_path(directory / "wrr-indeling.yml")
        for i, claim in enumerate(_list_of_groups(doc, directory / "wrr-indeling.yml", problems)):
            if not claim:
                continue
            code = claim.get("code")
            target = municipalities.get(code) or former.get(code)
            if target is None:
                problems.append(Problem(where, doc.line_of((i,)), f"code '{code}' ({claim.get('naam')}) bestaat niet in de CBS-lijsten van 2025 of eerder"))
                continue
            target.claims.append(dict(claim, _line=doc.line_of((i,))))
    return Registry(municipalities, former, aliases)


def _list_of_groups(doc, path: Path, problems: list[Problem]) -> list[dict]:
    """The items of a YAML list whose items are groups of 'veld: waarde'; anything else is a problem
    (and the item is left out, with its position kept so lines stay right)."""
    items = _as_list(doc, path, problems)
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            problems.append(Problem(display_path(path), doc.line_of((i,)), "elk item is een groep regels 'veld: waarde'"))
    return [item if isinstance(item, dict) else {} for item in items]  # {}: skipped, already reported


def _as_list(doc, path: Path, problems: list[Problem]) -> list:
    if doc.data is None:
        return []
    if not isinstance(doc.data, list):
        problems.append(Problem(display_path(path), doc.first_line, "dit bestand moet een lijst zijn (regels die beginnen met '- ')"))
        return []
    return doc.data


def _list_items(path: Path, problems: list[Problem]) -> list[tuple[object, int]]:
    """The items of an optional YAML list file, each with its line; YAML errors become problems."""
    if not path.exists() and not path.is_symlink():
        return []
    doc, problem = load_yaml_file(path)
    if problem:
        problems.append(problem)
        return []
    return [(item, doc.line_of((i,))) for i, item in enumerate(_as_list(doc, path, problems))]


def load_synonyms(path: Path, problems: list[Problem]) -> list[list[str]]:
    groups = []
    for group, line in _list_items(path, problems):
        if not isinstance(group, list) or len(group) < 2 or not all(isinstance(w, str) and w == w.lower() for w in group):
            problems.append(Problem(display_path(path), line, "elke regel is een lijst van minstens twee woorden in kleine letters"))
            continue
        groups.append(group)
    return groups


def load_redirects(path: Path, problems: list[Problem]) -> list[dict]:
    redirects = []
    for item, line in _list_items(path, problems):
        if not isinstance(item, dict) or not isinstance(item.get("van"), str) or not CASE_ID.match(item["van"]):
            problems.append(Problem(display_path(path), line, "elke omleiding heeft 'van' (de oude id, kleine letters en streepjes) en 'naar'"))
            continue
        if item.get("naar") is not None and not isinstance(item["naar"], str):
            problems.append(Problem(display_path(path), line, "naar: de id van één casus (of leeg voor het overzicht), geen lijst of getal"))
            continue
        redirects.append({"van": item["van"], "naar": item.get("naar") or None, "_line": line})
    return redirects


def load_vocabularies(typology: Path) -> tuple[Vocabularies, list[Problem]]:
    problems: list[Problem] = []
    vocab = Vocabularies()
    for file_name, attribute in TERM_LISTS.items():
        setattr(vocab, attribute, _load_term_list(typology / file_name, problems))
    vocab.case_validator = _load_schema(typology / "casus.schema.yml", problems)
    vocab.case_schema = vocab.case_validator.schema
    instrument_validator = _load_schema(typology / "instrument.schema.yml", problems)
    instrument_schema = instrument_validator.schema
    vocab.instrumenten = load_instruments(typology / "instrumenten", instrument_validator, problems)
    vocab.registry = load_registry(typology / "gemeenten", problems)
    vocab.placement = place(typology / "gemeenten", vocab.registry, problems)
    vocab.omleidingen = load_redirects(typology / "omleidingen.yml", problems)
    vocab.synoniemen = load_synonyms(typology / "synoniemen.yml", problems)
    vocab.trefwoorden = load_keywords(typology / "trefwoorden.yml", vocab, problems)
    vocab.afkortingen = load_abbreviations(typology / "afkortingen.yml", typology / "afkortingen.schema.yml", problems)
    problems.extend(check_vocabularies(vocab, instrument_schema))
    return vocab, problems


def check_vocabularies(vocab: Vocabularies, instrument_schema: dict) -> list[Problem]:
    """Cross-references between vocabularies: every slug a vocabulary uses must exist."""
    problems: list[Problem] = []
    for instrument in vocab.instrumenten.values():
        doc = instrument["_doc"]
        for field_name, spec in instrument_schema.get("properties", {}).items():
            vocabulary = spec.get("x-vocabulaire") or spec.get("items", {}).get("x-vocabulaire")
            if not vocabulary or field_name not in instrument:
                continue
            values = instrument[field_name] if isinstance(instrument[field_name], list) else [instrument[field_name]]
            allowed = vocab.terms(vocabulary)
            for i, value in enumerate(values):
                if isinstance(value, str) and value not in allowed:
                    path = (field_name, i) if isinstance(instrument[field_name], list) else (field_name,)
                    problems.append(Problem(instrument["_path"], doc.line_of(path), f"{field_name}: '{value}' bestaat niet in de lijst {vocabulary}"))
    for slug, pillar in vocab.pijlers.items():
        for framework, domains in (pillar.get("herkomst") or {}).items():
            known = vocab.framework_domains(framework)
            for domain in domains:
                if domain not in known:
                    problems.append(Problem("typology/pijlers.yml", pillar["_line"], f"pijler '{slug}': herkomst {framework}: '{domain}' staat niet in typology/kaders.yml"))
    for entry in list(vocab.registry.municipalities.values()) + list(vocab.registry.former.values()):
        for claim in entry.claims:
            where = "typology/gemeenten/wrr-indeling.yml"
            if claim.get("type") not in vocab.wrr_typen:
                problems.append(Problem(where, claim["_line"], f"type '{claim.get('type')}' staat niet in typology/wrr-typen.yml"))
            if claim.get("basis") not in vocab.grondslagen:
                problems.append(Problem(where, claim["_line"], f"basis '{claim.get('basis')}' staat niet in typology/gemeenten/grondslagen.yml"))
            if claim.get("bron") not in vocab.bronnen:
                problems.append(Problem(where, claim["_line"], f"bron '{claim.get('bron')}' staat niet in typology/bronnen.yml"))
    return problems
