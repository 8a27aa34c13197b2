"""Every municipality finds its place: CBS figures checked at build time, families of similar
municipalities, the indicative WRR type and its honest measurement, and one type rule on every
surface of the built site."""
from __future__ import annotations

import csv
import dataclasses
import functools
import io
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from kennisbank import paths
from kennisbank.figures import load_figures
from kennisbank.indication import Profile2017, Rules, indicate, learn, leave_one_out
from kennisbank.places import family_vectors
from kennisbank.similarity import families, nearest, standardise
from kennisbank.vocab import load_vocabularies

GEMEENTEN = paths.TYPOLOGY / "gemeenten"


@functools.cache  # read once per run (the callers only read it): the file does not change during the tests
def claims_by_code() -> dict[str, set[str]]:
    """2017 code -> claimed types, read straight from the data file."""
    result: dict[str, set[str]] = {}
    for claim in yaml.safe_load((GEMEENTEN / "wrr-indeling.yml").read_text(encoding="utf-8")):
        result.setdefault(claim["code"], set()).add(claim["type"])
    return result


@functools.cache
def current_codes() -> set[str]:
    with (GEMEENTEN / "gemeenten_2025.csv").open(encoding="utf-8") as handle:
        return {row["gm_code"] for row in csv.DictReader(handle)}


# --- similarity -----------------------------------------------------------------------------------

def test_a_family_holds_the_nearest_and_never_the_municipality_itself():
    vectors = {"a": [0.0, 0.0], "b": [0.1, 0.0], "c": [5.0, 5.0], "d": [5.2, 5.0], "e": [0.0, 0.3]}
    result = families(vectors, [1.0, 1.0], size=2, reach=4)
    assert [k for k, _ in result["a"]] == ["b", "e"]
    assert [k for k, _ in result["c"]][0] == "d"
    assert all(key not in [k for k, _ in members] for key, members in result.items())


def test_a_missing_figure_neither_helps_nor_hurts():
    vectors = {"a": [0.0, None], "b": [1.0, 9.0], "c": [3.0, 0.0]}
    scaled = standardise(vectors)
    assert scaled["a"][1] is None
    assert [k for k, _ in nearest("a", scaled, [1.0, 1.0], 2)] == ["b", "c"]  # only the first indicator counts


def test_every_real_family_is_mutual_and_never_holds_itself(vocab):
    method = vocab.placement.method
    scaled = standardise(family_vectors(vocab.registry, method))
    weights = list(method.family_weights.values())
    sizes = []
    for code, m in vocab.registry.municipalities.items():
        members = [f.municipality.code for f in m.family]
        sizes.append(len(members))
        assert code not in members and len(members) == len(set(members)) <= method.family_size
        for other in members:
            assert code in [k for k, _ in nearest(other, scaled, weights, 20)], (m.name, other)
    assert sum(sizes) / len(sizes) >= 8  # '~10' for a typical municipality; only outliers have fewer


# --- indication -------------------------------------------------------------------------------------

RULES = Rules(50, 90)


def profile(**changes) -> Profile2017:
    base = dict(inhabitants=40000, address_density=1200, western=9, non_western=9, four_groups=4, largest_group=2,
                touches_land_border=False, borders_big_three=False, among_big_three=False)
    return Profile2017(**{**base, **changes})


@pytest.fixture(scope="module")
def model(vocab):
    return vocab.placement.model


def test_a_municipality_matching_a_definition_gets_its_type(model):
    assert indicate(profile(western=3, non_western=2), model, RULES) == "homogene-gemeente"  # > 90% Dutch background
    assert indicate(profile(inhabitants=800000, address_density=5000, western=15, non_western=36, four_groups=24,
                            largest_group=9, among_big_three=True), model, RULES) == "meerderheid-minderhedenstad"


def test_changing_a_figure_changes_the_result(model):
    assert indicate(profile(western=3, non_western=2), model, RULES) == "homogene-gemeente"
    assert indicate(profile(western=3, non_western=12), model, RULES) != "homogene-gemeente"
    majority = dict(inhabitants=800000, address_density=5000, western=15, non_western=36, four_groups=24, largest_group=9)
    assert indicate(profile(**majority, among_big_three=True), model, RULES) == "meerderheid-minderhedenstad"
    assert indicate(profile(**majority, among_big_three=False), model, RULES) != "meerderheid-minderhedenstad"


@pytest.mark.parametrize("slug, fact", [("voorstad", "borders_big_three"), ("grensgemeente", "touches_land_border")])
def test_a_boundary_fact_decides_whether_a_type_is_possible(vocab, model, slug, fact):
    """A municipality whose own 2017 figures the sources call `slug` keeps that type only with the fact."""
    claimed = claims_by_code()
    code = next(c for c, types in sorted(claimed.items()) if types == {slug} and c in current_codes())
    m = vocab.registry.municipalities[code]
    assert getattr(m.profile_2017, fact)
    assert indicate(m.profile_2017, model, RULES) == slug
    assert indicate(dataclasses.replace(m.profile_2017, **{fact: False}), model, RULES) != slug


def test_leave_one_out_never_sees_the_claim_it_predicts(vocab):
    placement = vocab.placement
    evaluation = placement.evaluation
    claimed = {code: set(types) for code, types in evaluation.claimed.items()}
    scales = placement.model_scales
    profiles = placement.profiles_2017
    code = sorted(claimed)[0]
    for other_type in ("tuinbouwgemeente", "voorstad"):
        changed = dict(claimed, **{code: {other_type}})
        assert leave_one_out(profiles, changed, set(), scales, RULES).predicted[code] == evaluation.predicted[code]
    training = [(profiles[c], t) for c, t in sorted(claimed.items()) if c != code]
    assert indicate(profiles[code], learn(training, scales, RULES), RULES) == evaluation.predicted[code]


def reported_figures() -> tuple[int, int]:
    text = (paths.ROOT / "BENCHMARKS.md").read_text(encoding="utf-8")
    assert "<!-- indicatie:begin -->" in text, "BENCHMARKS.md mist de sectie over het indicatieve type: draai scripts/meet_indicatie.py"
    section = text.split("<!-- indicatie:begin -->", 1)[1]
    overall = re.search(r"\| alle \d+ gemeenten \| \*\*(\d+) van (\d+)", section)
    strong = re.search(r"\| grondslag `wrr-voorbeeld` \(\d+\) \| \*\*(\d+) van (\d+)", section)
    return int(overall.group(1)), int(strong.group(1))


def test_agreement_never_drops_below_what_benchmarks_reports(vocab):
    """The same leave-one-out measurement as BENCHMARKS.md and the method page, over the claims as
    read straight from wrr-indeling.yml."""
    evaluation = vocab.placement.evaluation
    claimed = claims_by_code()
    assert set(evaluation.predicted) == set(claimed) and len(claimed) == 56
    agreeing = sum(evaluation.predicted[c] in types for c, types in claimed.items())
    reported_all, reported_strong = reported_figures()
    assert agreeing == evaluation.agreeing >= reported_all
    assert evaluation.agreeing_strong >= reported_strong
    assert vocab.placement.evaluation.names["GM0503"] == "Delft" and len(claimed["GM0503"]) == 2


def test_the_indication_uses_no_name_code_or_province():
    fields = {f.name for f in dataclasses.fields(Profile2017)}
    assert not fields & {"code", "name", "naam", "province", "provincie"}


# --- the CBS figures are checked at build time ---------------------------------------------------------

@pytest.fixture
def figures_dir(tmp_path) -> Path:
    target = tmp_path / "gemeenten"
    shutil.copytree(GEMEENTEN, target)
    return target


def rewrite(path: Path, change) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    change(rows)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def set_cell(rows, row, column, value):
    rows[row][rows[0].index(column)] = value


@pytest.mark.parametrize("file_name, change, expected", [
    ("kwb2024_herkomst.csv", lambda rows: set_cell(rows, 1, "herkomst_nederland", "1"),
     r"kwb2024_herkomst\.csv:2: aantal_inwoners: '\d+' — de drie herkomstgroepen tellen op tot \d+; ze moeten precies kloppen"),
    ("kwb2024.csv", lambda rows: set_cell(rows, 3, "pct_herkomst_nl", "40"),
     r"kwb2024\.csv:4: pct_herkomst_nl: '40' — de aantallen in kwb2024_herkomst\.csv geven [\d.]+; meer dan 2 punten verschil"),
    ("kwb2017.csv", lambda rows: rows.append(rows[1]),
     r"kwb2017\.csv:390: gm_code: 'GM\d{4}' — staat al op regel 2; haal een van de twee regels weg"),
    ("bevolking2025.csv", lambda rows: set_cell(rows, 2, "gm_code", "GM9999"),
     r"bevolking2025\.csv:3: gm_code: 'GM9999' — deze code staat niet in de lijst van 342 gemeenten; controleer de code"),
    ("kwb2017.csv", lambda rows: set_cell(rows, 5, "p_marokko", "40"),
     r"kwb2017\.csv:6: p_n_w_al: '\d+' — de vijf niet-westerse groepen tellen op tot \d+; meer dan 2 punten verschil"),
    ("bevolking2025.csv", lambda rows: set_cell(rows, 1, "totale_bevolking", "1"),
     r"bevolking2025\.csv:\d+: totale_bevolking: '\d+' — de gemeenten tellen op tot \d+; het totaal moet precies kloppen"),
    ("inkomen2024.csv", lambda rows: set_cell(rows, 1, "gem_gestandaardiseerd_inkomen_x1000eur", "veel"),
     r"inkomen2024\.csv:2: gem_gestandaardiseerd_inkomen_x1000eur: 'veel' — hier hoort een getal"),
])
def test_a_defect_in_the_figures_is_reported_with_file_and_line(figures_dir, file_name, change, expected):
    rewrite(figures_dir / "cbs" / file_name, change)
    problems = []
    load_figures(figures_dir, problems)
    assert any(re.search(expected, str(p)) for p in problems), [str(p) for p in problems]


def test_the_real_figures_pass_every_check():
    problems = []
    figures = load_figures(GEMEENTEN, problems)
    assert problems == []
    assert len(figures.y2017) == 388 and len(figures.today) == 342
    assert all(f.origin_netherlands + f.origin_europe + f.origin_outside_europe == f.inhabitants_2024 for f in figures.today.values())


def test_broken_figures_stop_the_build_without_a_traceback(tmp_path):
    typology = tmp_path / "typology"
    shutil.copytree(paths.TYPOLOGY, typology)
    (typology / "gemeenten" / "cbs" / "kwb2024_herkomst.csv").write_text("gm_code,aantal_inwoners\nGM0014,12\n", encoding="utf-8")
    vocab, problems = load_vocabularies(typology)
    assert vocab.placement is None and problems
    assert all(re.match(r"typology/gemeenten/cbs/kwb2024_herkomst\.csv:\d+: ", str(p)) or "kwb2024_herkomst" in str(p) for p in problems)



def test_loading_again_with_another_method_gives_its_results_and_the_first_load_is_untouched(tmp_path, vocab):
    """places.py remembers its dear steps by the value of their inputs (the live preview loads the
    vocabularies again after an edit): another method must still give other families, and a load
    of the real folder afterwards the real ones."""
    def families_of(vocabularies):
        return {code: [member.municipality.slug for member in m.family] for code, m in vocabularies.registry.municipalities.items()}
    real = families_of(vocab)
    typology = tmp_path / "typology"
    shutil.copytree(paths.TYPOLOGY, typology)
    method = typology / "gemeenten" / "methode.yml"
    method.write_text(method.read_text(encoding="utf-8").replace("  grootte: 10\n", "  grootte: 4\n", 1), encoding="utf-8")
    other, problems = load_vocabularies(typology)
    assert problems == []
    assert max(map(len, families_of(other).values())) == 4 < max(map(len, real.values())) == 10
    again, problems = load_vocabularies(paths.TYPOLOGY)
    assert problems == [] and families_of(again) == real
    assert again.placement.evaluation.predicted == vocab.placement.evaluation.predicted

# --- one type rule on every surface of the built site ------------------------------------------------

@pytest.fixture(scope="module")
def exported(site):
    return {
        "cases": json.loads((site / "data" / "casussen.json").read_text(encoding="utf-8")),
        "municipalities": json.loads((site / "data" / "gemeenten.json").read_text(encoding="utf-8")),
        "csv": list(csv.DictReader(io.StringIO((site / "data" / "gemeenten.csv").read_text(encoding="utf-8-sig")), delimiter=";")),
    }


def expected_types(code: str, indication: str | None) -> tuple[list[str], str]:
    """The rule, from the data files alone: claimed only through an unchanged predecessor."""
    claimed = claims_by_code()
    if code in claimed:  # a 2017 code that still exists is, by the CBS mapping, unchanged
        return sorted(claimed[code]), "bron"
    return [indication], "indicatie"


def test_every_municipality_follows_the_rule_on_its_page_in_the_lookup_data_and_the_csv(site, exported):
    rows = {row["code"]: row for row in exported["csv"]}
    assert len(exported["municipalities"]["gemeenten"]) == len(rows) == 342
    for g in exported["municipalities"]["gemeenten"]:
        types, ground = expected_types(g["code"], g["indicatie"]["type"])
        assert (g["type"]["typen"], g["type"]["grond"]) == (types, ground), g["naam"]
        assert g["indicatie"]["zonder_eigen_indeling"] == (ground == "bron"), g["naam"]
        assert rows[g["code"]]["typen"] == " | ".join(types) and rows[g["code"]]["typegrond"] == ground
        page = (site / "gemeenten" / g["slug"] / "index.html").read_text(encoding="utf-8")
        assert f'class="kb-gemeentetype kb-grond-{ground}{"".join(" kb-type-" + t for t in types)}"' in page, g["naam"]
        assert "in cijfers" in page and "Bron: CBS" in page
        assert page.count('<li><a href="../') >= len(g["familie"])  # every family member listed
        if ground == "indicatie":
            assert "indicatie, berekend uit CBS-cijfers 2017" in page and 'href="../../methode/"' in page


def test_merged_municipalities_take_the_indication_and_keep_their_parts_as_history(site, exported):
    by_slug = {g["slug"]: g for g in exported["municipalities"]["gemeenten"]}
    for slug, parts in (("vijfheerenlanden", ["Leerdam", "Zederik"]), ("eemsdelta", ["Delfzijl", "Loppersum"])):
        assert by_slug[slug]["type"]["grond"] == "indicatie"
        page = (site / "gemeenten" / slug / "index.html").read_text(encoding="utf-8")
        history = page.split("Voorheen:", 1)[1]
        for part in parts:
            assert part in history
        former = (site / "gemeenten" / parts[0].lower() / "index.html").read_text(encoding="utf-8")
        assert "voormalige gemeente" in former and "Bron: CBS" in former


def test_every_case_has_the_same_type_set_on_every_surface(site, exported, vocab):
    municipality_types = {g["slug"]: g["type"]["typen"] for g in exported["municipalities"]["gemeenten"]}
    type_pages = {slug: (site / "typen" / slug / "index.html").read_text(encoding="utf-8") for slug in vocab.wrr_typen}
    coverage = (site / "dekking" / "index.html").read_text(encoding="utf-8")
    for record in exported["cases"]:
        types = sorted({t for m in record["gemeenten"] for t in municipality_types[m["slug"]]})
        assert record["typen"] == types == record["facetten"]["type"], record["id"]
        assert sorted({t for m in record["gemeenten"] for t in m["typen"]}) == types
        assert record["facetten"]["indeling"] == record["wrr_typen"]  # the filing stays a separate fact
        page = (site / "casussen" / record["id"] / "index.html").read_text(encoding="utf-8")
        assert sorted(re.findall(r'data-pagefind-filter="type:([a-z-]+)"', page)) == types, record["id"]
        assert f'class="kb-casustype{"".join(" kb-type-" + t for t in types)}"' in page, record["id"]
    for slug, page in type_pages.items():
        for ground in ("bron", "indicatie"):
            count = sum(f"{slug}-{ground}" in r["facetten"]["typegrond"] for r in exported["cases"])
            label = "volgens de bronnen" if ground == "bron" else "als indicatie"
            assert re.search(rf"van dit type {label} \({count}\)|met dit type {label} \({count}\)", page), (slug, ground)
        total = sum(slug in r["typen"] for r in exported["cases"])
        label = vocab.wrr_typen[slug]["label"]  # the matrix names each row by its type's short label
        row = re.search(rf">{re.escape(label)}</a></th>(.*?)</tr>", coverage).group(1)
        assert row.endswith(f"<td class=\"kb-totaal\">{total}</td>"), slug


def test_the_method_page_reports_the_measurement(site, vocab):
    page = (site / "methode" / "index.html").read_text(encoding="utf-8")
    e = vocab.placement.evaluation
    assert f"{e.agreeing} van {len(e.predicted)}" in page and f"{e.agreeing_strong} van {len(e.strong)}" in page
    for name, _, _ in e.disagreements():
        assert name in page
