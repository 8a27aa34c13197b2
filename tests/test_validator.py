"""The validator: a deliberately broken fixture with its complete message list, a table of good
and bad values per rule, the contributor's typical mistakes, and every real case."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import GOOD_CASE, TODAY, write
from kennisbank import paths
from kennisbank.checks import case_paths, check_case, unused_terms, validate
from kennisbank.casefile import read_case

FIXTURES = Path(__file__).parent / "fixtures"


def messages(directory: Path, vocab, names=None) -> list[str]:
    files = sorted(directory.glob("*.md")) if names is None else [directory / n for n in names]
    ids = {p.stem for p in directory.glob("*.md")}
    _, problems = validate(files, vocab, ids, TODAY)
    return [f"{Path(p.path).name}:{p.line}: {p.message}" for p in problems]


def test_broken_fixture_gives_exactly_these_messages(vocab):
    expected = [
        "tiel-kapot.md:2: het verplichte veld 'pijlers' ontbreekt — De beleidsdomeinen waarop de casus werkt (één tot vier).",
        'tiel-kapot.md:2: titel: te kort (4 tekens, minimaal 5)',
        'tiel-kapot.md:3: samenvatting: te kort (8 tekens, minimaal 40)',
        "tiel-kapot.md:4: gemeenten[1]: 'Den Haag' is geen korte naam uit de gemeentelijst — bedoelde je 's-gravenhage'?",
        "tiel-kapot.md:4: gemeenten[2]: 0363 is als getal gelezen — schrijf de CBS-code als tekst met GM ervoor: 'GM0363'",
        "tiel-kapot.md:4: gemeenten[3]: Leerdam bestaat niet meer; de gemeente is per 2019-01-01 opgegaan in Vijfheerenlanden — gebruik 'vijfheerenlanden' en noem Leerdam in de tekst",
        "tiel-kapot.md:5: wrr_typen[1]: 'tuinbouw' bestaat niet in de lijst wrr-typen — bedoelde je 'tuinbouwgemeente'?",
        "tiel-kapot.md:6: pijler: onbekend veld 'pijler' — bedoelde je 'pijlers'?",
        "tiel-kapot.md:7: instrumenten[1]: 'dialoogtafel' bestaat niet — bedoelde je 'dialoogtafels'?",
        "tiel-kapot.md:8: doelgroepen: verwacht een lijst, maar kreeg de tekst 'arbeidsmigranten' — schrijf [arbeidsmigranten]",
        "tiel-kapot.md:9: periode.tot: 'altijd' is geen jaartal of 'lopend' — schrijf bijvoorbeeld tot: 2022 of tot: lopend",
        "tiel-kapot.md:9: periode.van: '2018' staat tussen aanhalingstekens — schrijf het jaartal als getal, zonder aanhalingstekens: 2018",
        "tiel-kapot.md:10: status: 'bezig' is geen geldige waarde (kies uit: gepland, lopend, afgerond, onbekend)",
        "tiel-kapot.md:11: bewijs: 'effectief' bestaat niet in de lijst bewijsniveaus — kies uit: beschreven, onderbouwd, geevalueerd, effect-aangetoond",
        'tiel-kapot.md:13: bronnen[1]: noem een bekend document (document: ...) of vul zelf uitgever, jaar in',
        "tiel-kapot.md:15: bronnen[1].url: 'www.example.org' is geen webadres — een url begint met https:// of http://",
        "tiel-kapot.md:16: laatst_gecontroleerd: '23-11-2026' is geen datum in de vorm JJJJ-MM-DD — schrijf bijvoorbeeld 2026-11-23",
        'tiel-kapot.md:21: HTML-code <script> is niet toegestaan in een casus — gebruik Markdown (## kop, **vet**, - lijst, [tekst](https://...))',
        'tiel-kapot.md:23: attributen tussen accolades ({: ...} of { .klasse }) zijn niet toegestaan in een casus — haal ze weg',
        "tiel-kapot.md:25: de link 'javascript:alert(1)' gebruikt een onveilig adres (javascript:) — link alleen naar https://-adressen",
        "tiel-kapot.md:27: de sectie '## Resultaten' ontbreekt (er staat '## Resultaat' — schrijf de kop precies zo); elke casus heeft de secties Aanleiding, Aanpak, Resultaten, Lessen en randvoorwaarden",
        "tiel-kapot.md:29: de sectie '## Aanpak' ontbreekt; elke casus heeft de secties Aanleiding, Aanpak, Resultaten, Lessen en randvoorwaarden",
        "tiel-kapot.md:29: de sectie '## Lessen en randvoorwaarden' ontbreekt; elke casus heeft de secties Aanleiding, Aanpak, Resultaten, Lessen en randvoorwaarden",
    ]
    assert messages(FIXTURES / "kapot", vocab) == expected


def variant(old: str, new: str) -> str:
    assert old in GOOD_CASE, old
    return GOOD_CASE.replace(old, new, 1)


def test_good_case_is_clean(vocab, examples_dir):
    write(examples_dir, "goed.md", GOOD_CASE)
    assert messages(examples_dir, vocab) == []


# (what the contributor wrote, the one complete message it must give); one row per rule
BAD_VALUES = [
    ("gemeenten: [tiel]", "gemeenten: [Tiel]", "goed.md:5: gemeenten[1]: schrijf de korte naam 'tiel' in plaats van 'Tiel'"),
    ("gemeenten: [tiel]", "gemeenten: [den haag]", "goed.md:5: gemeenten[1]: 'den haag' is geen korte naam uit de gemeentelijst — bedoelde je 's-gravenhage'?"),
    ("gemeenten: [tiel]", "gemeenten: [tiell]", "goed.md:5: gemeenten[1]: gemeente 'tiell' bestaat niet in de gemeentelijst van 2025 — bedoelde je 'tiel'?"),
    ("gemeenten: [tiel]", "gemeenten: ['GM9999']", "goed.md:5: gemeenten[1]: CBS-code 'GM9999' bestaat niet (meer) — zoek de code op in typology/gemeenten/gemeenten_2025.csv"),
    ("gemeenten: [tiel]", "gemeenten: ['GM0545']", "goed.md:5: gemeenten[1]: Leerdam bestaat niet meer; de gemeente is per 2019-01-01 opgegaan in Vijfheerenlanden — gebruik 'vijfheerenlanden' en noem Leerdam in de tekst"),
    ("gemeenten: [tiel]", "gemeenten: [0281]", "goed.md:5: gemeenten[1]: schrijf de CBS-code met GM ervoor en tussen aanhalingstekens: 'GM0281'"),
    ("gemeenten: [tiel]", "gemeenten: [0363]", "goed.md:5: gemeenten[1]: 0363 is als getal gelezen — schrijf de CBS-code als tekst met GM ervoor: 'GM0363'"),
    ("gemeenten: [tiel]", "gemeenten: []", 'goed.md:5: gemeenten: noem er minstens 1'),
    ("gemeenten: [tiel]", "gemeenten: [tiel, tiel]", "goed.md:5: gemeenten: 'tiel' staat er twee keer in — laat er één staan"),
    ("wrr_typen: [specifieke-minderheidsgroep]", "wrr_typen: [expat]", "goed.md:6: wrr_typen[1]: 'expat' bestaat niet in de lijst wrr-typen — bedoelde je 'expatgemeente'?"),
    ("pijlers: [wonen-leefbaarheid]", "pijlers: [wonen]", "goed.md:7: pijlers[1]: 'wonen' bestaat niet in de lijst pijlers — bedoelde je 'wonen-leefbaarheid'?"),
    ("pijlers: [wonen-leefbaarheid]", "pijlers: [wonen-leefbaarheid, emancipatie, inburgering-taal, kennis-bestuur, gelijke-behandeling]", 'goed.md:7: pijlers: noem er hooguit 4 (nu 5) — kies de belangrijkste'),
    ("instrumenten: [leefbaarheidstoets]", "instrumenten: [leefbaarheidtoets]", "goed.md:8: instrumenten[1]: 'leefbaarheidtoets' bestaat niet — bedoelde je 'leefbaarheidstoets'?"),
    ("instrumenten: [leefbaarheidstoets]", "instrumenten: [iets-heel-nieuws]", "goed.md:8: instrumenten[1]: 'iets-heel-nieuws' bestaat niet — staat het instrument nog niet in de lijst? Voeg dan een bestand toe in typology/instrumenten/"),
    ("doelgroepen: [arbeidsmigranten]", "doelgroepen: [arbeidsmigrant]", "goed.md:9: doelgroepen[1]: 'arbeidsmigrant' bestaat niet in de lijst doelgroepen — bedoelde je 'arbeidsmigranten'?"),
    ("periode: {van: 2018, tot: lopend}", "periode: {tot: 2020}", "goed.md:10: periode: het verplichte veld 'van' ontbreekt"),
    ("periode: {van: 2018, tot: lopend}", "periode: {van: 18}", 'goed.md:10: periode.van: 18 is geen plausibel jaartal'),
    ("status: lopend", "status: Lopend", "goed.md:11: status: 'Lopend' is geen geldige waarde — bedoelde je 'lopend'? (kies uit: gepland, lopend, afgerond, onbekend)"),
    ("bewijs: beschreven", "bewijs: geëvalueerd", "goed.md:12: bewijs: 'geëvalueerd' bestaat niet in de lijst bewijsniveaus — bedoelde je 'geevalueerd'?"),
    ("  - document: portfolio-2020", "  - document: portfolio", "goed.md:14: bronnen[1].document: 'portfolio' bestaat niet in de lijst bronnen — bedoelde je 'portfolio-2020'?"),
    ("    onderdeel: Tiel\n", "", "goed.md:14: bronnen[1]: het verplichte veld 'onderdeel' ontbreekt"),
    ("laatst_gecontroleerd: 2026-11-01", "laatst_gecontroleerd: 2026-13-01", "goed.md:17: laatst_gecontroleerd: '2026-13-01' is geen bestaande datum — controleer jaar, maand en dag (JJJJ-MM-DD; het jaar begint bij 0001)"),
    ("laatst_gecontroleerd: 2026-11-01", "laatst_gecontroleerd: 2027-01-01", 'goed.md:17: laatst_gecontroleerd: 2027-01-01 ligt in de toekomst — vul de datum van vandaag of eerder in'),
    ("laatst_gecontroleerd: 2026-11-01", "laatst_gecontroleerd: 1 november 2026", "goed.md:17: laatst_gecontroleerd: '1 november 2026' is geen datum in de vorm JJJJ-MM-DD — schrijf bijvoorbeeld 2026-11-23"),
    ("status: lopend", "status: lopend\nstatus: afgerond", "goed.md:12: het veld 'status' staat twee keer in de front matter (eerst op regel 11) — houd er één over"),
    ("status: lopend", "status: lopend\nkleur: rood", "goed.md:12: kleur: onbekend veld 'kleur' — toegestaan zijn: titel, samenvatting, gemeenten, wrr_typen, onderdeel_van, pijlers, instrumenten, toepassing, doelgroepen, periode, status, bewijs, bronnen, actualiteit, contact, laatst_gecontroleerd"),
    ("titel: Voorbeeldstad organiseert dialoogtafels", "titel: &t Voorbeeldstad organiseert dialoogtafels", 'goed.md:2: ankers en verwijzingen (& en *) zijn niet toegestaan — schrijf de waarde gewoon uit'),
    ("titel: Voorbeeldstad organiseert dialoogtafels", "titel: Voorbeeldstad: dialoogtafels: nieuw", 'goed.md:2: ongeldige YAML: een dubbele punt gevolgd door een spatie midden in een waarde — zet de hele waarde tussen aanhalingstekens'),
    ("## Aanpak\n", "## Werkwijze\n", "goed.md:28: de sectie '## Aanpak' ontbreekt; elke casus heeft de secties Aanleiding, Aanpak, Resultaten, Lessen en randvoorwaarden"),
    ("Tekst.\n\n## Resultaten", "Tekst <iframe src=x></iframe>.\n\n## Resultaten", 'goed.md:26: HTML-code <iframe> is niet toegestaan in een casus — gebruik Markdown (## kop, **vet**, - lijst, [tekst](https://...))'),
    ("Tekst.\n\n## Resultaten", "Tekst <b onclick=\"x\">vet</b>.\n\n## Resultaten", 'goed.md:26: HTML-code <b> is niet toegestaan in een casus — gebruik Markdown (## kop, **vet**, - lijst, [tekst](https://...))'),
    ("Tekst.\n\n## Resultaten", "Een ![plaatje](data:image/png;base64,AAAA).\n\n## Resultaten", "goed.md:26: de link 'data:image/png;base64,AAAA' gebruikt een onveilig adres (data:) — link alleen naar https://-adressen"),
    ("Tekst.\n\n## Resultaten", "[x]: javascript:alert(1)\n\n## Resultaten", "goed.md:26: de link 'javascript:alert(1)' gebruikt een onveilig adres (javascript:) — link alleen naar https://-adressen"),
    ("Tekst.\n\n## Resultaten", "<style>body{}</style>\n\n## Resultaten", 'goed.md:26: HTML-code <style> is niet toegestaan in een casus — gebruik Markdown (## kop, **vet**, - lijst, [tekst](https://...))'),
    ("Tekst.\n\n## Resultaten", "Tekst.\n{ #anker .klasse }\n\n## Resultaten", 'goed.md:27: attributen tussen accolades ({: ...} of { .klasse }) zijn niet toegestaan in een casus — haal ze weg'),
    ("## Aanleiding", "# Kop\n\n## Aanleiding", "goed.md:20: gebruik geen kop met één # in de tekst: de titel komt uit het veld 'titel'; begin secties met ##"),
    ("titel: Voorbeeldstad organiseert dialoogtafels", "titel: Voorbeeldstad <b>organiseert</b> dialoogtafels",
     'goed.md:2: titel: HTML-code <b> werkt hier niet en komt letterlijk op de site — schrijf gewone tekst'),
]


@pytest.mark.parametrize("old,new,expected", BAD_VALUES, ids=[row[2][:60] for row in BAD_VALUES])
def test_each_bad_value_gives_one_precise_message(vocab, examples_dir, old, new, expected):
    write(examples_dir, "goed.md", variant(old, new))
    assert messages(examples_dir, vocab) == [expected]


GOOD_VALUES = [
    ("gemeenten: [tiel]", "gemeenten: ['GM0281']"),
    ("gemeenten: [tiel]", "gemeenten: [gm0281, s-gravenhage, hengelo-o, sudwest-fryslan]"),
    ("wrr_typen: [specifieke-minderheidsgroep]\n", ""),
    ("periode: {van: 2018, tot: lopend}\n", ""),
    ("periode: {van: 2018, tot: lopend}\nstatus: lopend", "periode: {van: 2018, tot: 2022}\nstatus: afgerond"),
    ("periode: {van: 2018, tot: lopend}", "periode: {van: 2018}"),
    ("laatst_gecontroleerd: 2026-11-01", "laatst_gecontroleerd: '2026-11-01'"),
    ("  - document: portfolio-2020", "  - titel: Eigen nota\n    uitgever: Gemeente Tiel\n    jaar: 2021\n    url: https://example.org/nota.pdf"),
    ("Tekst.\n\n## Resultaten", "Zie [de nota](https://example.org) en `<code>` en <https://example.org>.\n\n## Resultaten"),
    ("Tekst.\n\n## Resultaten", "```\n<b>voorbeeld in code</b>\n```\n\n## Resultaten"),
    ("Tekst.\n\n## Resultaten", "Tekst.\n\n### Een subkop\n\nMeer.\n\n## Extra sectie\n\nMag.\n\n## Resultaten"),
]


@pytest.mark.parametrize("old,new", GOOD_VALUES)
def test_good_values_pass(vocab, examples_dir, old, new):
    write(examples_dir, "goed.md", variant(old, new))
    assert messages(examples_dir, vocab) == []


def test_sections_out_of_order(vocab, examples_dir):
    text = GOOD_CASE.replace("## Aanleiding", "## TIJDELIJK").replace("## Aanpak", "## Aanleiding").replace("## TIJDELIJK", "## Aanpak")
    write(examples_dir, "goed.md", text)
    assert messages(examples_dir, vocab) == ["goed.md:20: zet de secties in deze volgorde: Aanleiding, Aanpak, Resultaten, Lessen en randvoorwaarden"]


@pytest.mark.parametrize("content,expected", [
    (b"", "x.md:1: het bestand is leeg"),
    (b"titel: zonder front matter\n", "x.md:1: de front matter ontbreekt"),
    (GOOD_CASE.replace("\n---\n\n## Aanleiding", "\n\n## Aanleiding").encode(), "de afsluitende regel --- van de front matter ontbreekt"),
    (b"---\n- een\n- lijst\n---\n", "x.md:2: de front matter moet bestaan uit regels 'veld: waarde'"),
    (b"---\ntitel: caf\xe9\n---\n", "x.md:2: het bestand is geen UTF-8 (byte 0xe9); sla het op als UTF-8"),
    (GOOD_CASE.replace("status: lopend", "\tstatus: lopend").encode(), "x.md:11: deze regel springt in met een tab"),
    (GOOD_CASE.replace("pijlers: [wonen-leefbaarheid]", "pijlers:\n\t- wonen-leefbaarheid").encode(), "x.md:8: deze regel springt in met een tab"),
    (b"---\na: &a [x, x]\nb: *a\n---\n", "x.md:2: ankers en verwijzingen (& en *) zijn niet toegestaan"),
    (("---\ntitel: " + "x" * 300_000 + "\n---\n").encode(), "x.md:1: het bestand is te groot"),
])
def test_malformed_files_give_a_clean_message(vocab, examples_dir, content, expected):
    write(examples_dir, "x.md", content)
    found = messages(examples_dir, vocab)
    assert found, "expected a message"
    assert expected in found[0], found


def test_byte_order_mark_and_crlf_are_accepted(vocab, examples_dir):
    write(examples_dir, "goed.md", ("\ufeff" + GOOD_CASE).replace("\n", "\r\n").encode("utf-8"))
    assert messages(examples_dir, vocab) == []


def test_dates_stay_strings_and_line_numbers_survive_crlf(examples_dir):
    path = write(examples_dir, "goed.md", GOOD_CASE.replace("\n", "\r\n").encode())
    case = read_case(path)
    assert case.meta["laatst_gecontroleerd"] == "2026-11-01"
    assert case.line_of("laatst_gecontroleerd") == 17
    assert case.body_line == 19


@pytest.mark.parametrize("name,expected", [
    ("met spatie.md", "de bestandsnaam 'met spatie.md' is geen geldige id: gebruik alleen kleine letters, cijfers en streepjes, bijvoorbeeld 'met-spatie.md'"),
    ("Tiel-Wonen.md", "bijvoorbeeld 'tiel-wonen.md'"),
    ("tiel_wonen.md", "bijvoorbeeld 'tiel-wonen.md'"),
    ("tiel\\wonen.md", "bijvoorbeeld 'tiel-wonen.md'"),
])
def test_file_names_must_be_ids(vocab, examples_dir, name, expected):
    write(examples_dir, name, GOOD_CASE)
    found = messages(examples_dir, vocab)
    assert len(found) == 1 and expected in found[0], found


def test_review_notice_after_two_years_is_advice_not_an_error(vocab, examples_dir):
    write(examples_dir, "goed.md", variant("laatst_gecontroleerd: 2026-11-01", "laatst_gecontroleerd: 2024-11-01"))
    ids = {"goed"}
    _, problems = validate([examples_dir / "goed.md"], vocab, ids, TODAY)
    assert [(p.level, p.line) for p in problems] == [("melding", 17)]
    assert "meer dan twee jaar geleden" in problems[0].message


def test_onderdeel_van_must_name_an_existing_case(vocab, examples_dir):
    write(examples_dir, "goed.md", variant("status: lopend", "status: lopend\nonderdeel_van: bestaat-niet"))
    assert messages(examples_dir, vocab) == ["goed.md:12: onderdeel_van: 'bestaat-niet' bestaat niet"]
    write(examples_dir, "ouder.md", GOOD_CASE)
    write(examples_dir, "goed.md", variant("status: lopend", "status: lopend\nonderdeel_van: ouder"))
    assert messages(examples_dir, vocab) == []


def test_template_validates(vocab):
    template = read_case(paths.EXAMPLES / "_sjabloon.md")
    template.id = "sjabloon"
    # only the empty tag lists, which the contributor fills in from the allowed values beside them
    assert sorted(str(p) for p in check_case(template, vocab, set(), TODAY)) == sorted(
        f"examples/_sjabloon.md:{template.line_of(field)}: {field}: noem er minstens 1" for field in ("gemeenten", "pijlers", "instrumenten", "doelgroepen"))


def test_template_is_generated_from_the_schema():
    from maak_sjabloon import expected_template
    assert (paths.EXAMPLES / "_sjabloon.md").read_text(encoding="utf-8") == expected_template(), "run: make sjabloon"


REAL_CASES = case_paths(paths.EXAMPLES)


@pytest.mark.parametrize("path", REAL_CASES, ids=[p.stem for p in REAL_CASES])
def test_real_case_is_valid(vocab, path):
    _, problems = validate([path], vocab, {p.stem for p in REAL_CASES}, TODAY)
    assert [str(p) for p in problems if p.level == "fout"] == []


def test_vocabularies_are_consistent(vocab):
    # every instrument and every pillar origin resolves (load_vocabularies reports no problems)
    assert vocab.instrumenten and vocab.pijlers and len(vocab.wrr_typen) == 9
    # every domain of every framework a pillar is based on is covered by some pillar
    for framework in vocab.kaders:
        covered = {d for p in vocab.pijlers.values() for d in (p.get("herkomst") or {}).get(framework, [])}
        assert covered == set(vocab.framework_domains(framework)), framework


def test_unused_terms_are_listed_on_request(vocab, examples_dir):
    path = write(examples_dir, "goed.md", GOOD_CASE)
    cases, _ = validate([path], vocab, {"goed"}, TODAY)
    report = unused_terms(vocab, cases)
    assert "wonen-leefbaarheid" not in report["pijlers"] and "emancipatie" in report["pijlers"]
    assert "leefbaarheidstoets" not in report["instrumenten"]
