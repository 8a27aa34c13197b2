"""The one table of vocabularies: every list a case, a page, the finder or an export refers to.

A vocabulary is named by its Dutch data name (`pijlers`), the name the schemas use in
`x-vocabulaire`, the exports use as a key and the finder uses as a facet. The table says where
its terms live and which layer uses it; loading (vocab.load_vocabularies), the lookups
(Vocabularies.terms), the checks (unused terms), the finder's facets (model.Case.facets,
export.finder_json), the exports (export.vocabularies_json) and the fields page
(render) all read it, so a new term vocabulary is one entry here.

Order matters: it is the order in which term lists are loaded and the order of the keys in
data/vocabulaires.json.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Vocabulary:
    name: str  # the Dutch data name: x-vocabulaire in the schemas, the word in messages
    file: str | None = None  # a term list under typology/ (a YAML list of terms with slug and label)
    derived: Callable | None = None  # or: the terms computed from other vocabularies (vocab -> dict)
    field: str | None = None  # the case attribute (front matter field) that holds the case's terms
    facet: str | None = None  # the finder facet (URL parameter) that filters on it
    export: str | None = None  # its key in data/vocabulaires.json
    unused: bool = False  # reported by `valideer.py --ongebruikt` when no case uses a term
    page: tuple[str, str] | None = None  # (url, link text) of the site's page about the list
    spelled_out: bool = False  # the fields page lists every allowed value
    keywords: bool = False  # a heading of typology/trefwoorden.yml (search words per term)

    @property
    def attribute(self) -> str:
        """The Vocabularies attribute that holds the terms (templates read it): the data name itself."""
        return self.name.replace("-", "_")


VOCABULARIES: tuple[Vocabulary, ...] = (
    Vocabulary("wrr-typen", file="wrr-typen.yml", field="wrr_typen", facet="indeling",
               export="wrr_typen", unused=True, page=("typen/", "zie WRR-typen")),
    Vocabulary("pijlers", file="pijlers.yml", field="pijlers", facet="pijler",
               export="pijlers", unused=True, page=("pijlers/", "zie Pijlers"), keywords=True),
    Vocabulary("instrumenten", field="instrumenten", facet="instrument",  # typology/instrumenten/<slug>.yml
               export="instrumenten", unused=True, page=("instrumenten/", "zie Instrumenten")),
    Vocabulary("instrumentsoorten", file="instrumentsoorten.yml", facet="instrumentsoort",
               export="instrumentsoorten"),
    Vocabulary("doelgroepen", file="doelgroepen.yml", field="doelgroepen", facet="doelgroep",
               export="doelgroepen", unused=True, spelled_out=True, keywords=True),
    Vocabulary("bewijsniveaus", file="bewijsniveaus.yml", field="bewijs", facet="bewijs",
               export="bewijsniveaus", unused=True, spelled_out=True),
    Vocabulary("bronnen", file="bronnen.yml", export="bronnen", unused=True, spelled_out=True),
    Vocabulary("kaders", file="kaders.yml"),
    Vocabulary("grondslagen", file="gemeenten/grondslagen.yml"),
    Vocabulary("gemeenten", derived=lambda vocab: vocab.registry.by_slug() if vocab.registry else {},
               page=("gemeenten/", "zie Gemeenten")),
    Vocabulary("datgene-domeinen", derived=lambda vocab: vocab.framework_domains("datgene")),
)
BY_NAME: dict[str, Vocabulary] = {v.name: v for v in VOCABULARIES}
TERM_FILES: tuple[Vocabulary, ...] = tuple(v for v in VOCABULARIES if v.file)  # loaded as term lists
