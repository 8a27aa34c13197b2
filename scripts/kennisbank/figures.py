"""CBS figures per municipality (typology/gemeenten/cbs/): load them and check them at build time.

Each file is an extract of CBS open data (CC BY 4.0, "Bron: CBS"; provenance in
typology/gemeenten/README.md). The checks are the ones a reader would make by hand: every code
exists, none twice, every municipality present, counts add up exactly and the rounded percentages
CBS publishes lie within two points of what the counts give.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem, display_path

NATIONAL_CODE = "NL01"
PERCENT_TOLERANCE = 2  # CBS rounds percentages to whole numbers; a sum of five may drift two points

URBANITY_LABELS = {  # CBS 'stedelijkheid' by omgevingsadressendichtheid
    1: "zeer sterk stedelijk", 2: "sterk stedelijk", 3: "matig stedelijk", 4: "weinig stedelijk", 5: "niet stedelijk",
}
FILES = {
    "kwb2017": "kwb2017.csv",
    "origin2024": "kwb2024_herkomst.csv",
    "kwb2024": "kwb2024.csv",
    "population2025": "bevolking2025.csv",
    "income2024": "inkomen2024.csv",
}


@dataclass(frozen=True)
class Figures2017:
    """A municipality of 1 January 2017 (the WRR's reference year); shares in whole percentages."""
    code: str
    name: str
    inhabitants: int
    address_density: int  # omgevingsadressendichtheid (addresses per km² within 1 km)
    urbanity: int  # 1 very strongly urban .. 5 not urban
    western: int  # old CBS classification: all of Europe counts as 'western'
    non_western: int
    moroccan: int
    turkish: int
    surinamese: int
    antillean: int
    other_non_western: int

    @property
    def dutch(self) -> int:
        return 100 - self.western - self.non_western


@dataclass(frozen=True)
class FiguresToday:
    """A municipality of 2025: population 2025, origin 2024 (counts), density 2024, income 2024."""
    code: str
    inhabitants_2025: int
    inhabitants_2024: int
    origin_netherlands: int
    origin_europe: int  # Europe excluding the Netherlands
    origin_outside_europe: int
    address_density: int
    urbanity: int
    income: float | None  # average standardised household income, x 1,000 euro (None: suppressed by CBS)

    def share(self, count: int) -> float:
        return 100 * count / self.inhabitants_2024 if self.inhabitants_2024 else 0.0


@dataclass
class CbsFigures:
    y2017: dict[str, Figures2017]  # by 2017 code
    today: dict[str, FiguresToday]  # by 2025 code
    national_population_2025: int
    national_income: float | None

    def national_2017(self) -> dict[str, float]:
        """National shares for 2017, weighted by population from the municipal (rounded) figures."""
        total = sum(f.inhabitants for f in self.y2017.values())
        fields = ("western", "non_western", "moroccan", "turkish", "surinamese", "antillean", "dutch")
        return {name: sum(getattr(f, name) * f.inhabitants for f in self.y2017.values()) / total for name in fields}

    def national_today(self) -> dict[str, float]:
        people = sum(f.inhabitants_2024 for f in self.today.values())
        return {
            "origin_netherlands": 100 * sum(f.origin_netherlands for f in self.today.values()) / people,
            "origin_europe": 100 * sum(f.origin_europe for f in self.today.values()) / people,
            "origin_outside_europe": 100 * sum(f.origin_outside_europe for f in self.today.values()) / people,
        }


class _Reader:
    """Rows of one CSV file with their line numbers, and the checks every file shares."""

    def __init__(self, path: Path, known: dict[str, str], problems: list[Problem], national_row: bool = False):
        self.where = display_path(path)
        self.problems = problems
        self.rows: list[tuple[int, dict]] = []
        if not path.is_file():
            problems.append(Problem(self.where, 1, "het bestand ontbreekt — zet het terug uit ../shared/data/cbs/ (zie typology/gemeenten/README.md)"))
            return
        with path.open(encoding="utf-8", newline="") as handle:
            seen: dict[str, int] = {}
            for number, row in enumerate(csv.DictReader(handle), start=2):
                code = row.get("gm_code") or ""
                if national_row and code == NATIONAL_CODE:
                    self.rows.append((number, row))
                    continue
                if code not in known:
                    self.fail(number, "gm_code", code, f"deze code staat niet in de lijst van {len(known)} gemeenten; controleer de code")
                    continue
                if code in seen:
                    self.fail(number, "gm_code", code, f"staat al op regel {seen[code]}; haal een van de twee regels weg")
                    continue
                seen[code] = number
                self.rows.append((number, row))
        for code, name in known.items():
            if code not in seen:
                problems.append(Problem(self.where, 1, f"gm_code: {code} ({name}) ontbreekt — voeg de regel van deze gemeente toe"))

    def fail(self, line: int, field: str, value, fix: str) -> None:
        self.problems.append(Problem(self.where, line, f"{field}: '{value}' — {fix}"))

    def integer(self, line: int, row: dict, field: str, low: int = 0, high: int | None = None) -> int | None:
        text = (row.get(field) or "").strip()
        try:
            value = int(text)
        except ValueError:
            self.fail(line, field, text, "hier hoort een heel getal")
            return None
        if value < low or (high is not None and value > high):
            self.fail(line, field, text, f"het getal moet tussen {low} en {high if high is not None else 'oneindig'} liggen")
            return None
        return value

    def decimal(self, line: int, row: dict, field: str) -> float | None:
        text = (row.get(field) or "").strip()
        if not text:
            return None  # suppressed by CBS
        try:
            return float(text)
        except ValueError:
            self.fail(line, field, text, "hier hoort een getal met een punt als decimaalteken, of niets")
            return None


def _read_names(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["gm_code"]: row["gemeentenaam"] for row in csv.DictReader(handle)}


def load_figures(directory: Path, problems: list[Problem]) -> CbsFigures:
    """typology/gemeenten/cbs/*.csv -> CbsFigures; every defect becomes a Problem with file and line."""
    codes_2017 = _read_names(directory / "gemeenten_2017.csv")
    codes_2025 = _read_names(directory / "gemeenten_2025.csv")
    cbs = directory / "cbs"
    start = len(problems)

    y2017: dict[str, Figures2017] = {}
    reader = _Reader(cbs / FILES["kwb2017"], codes_2017, problems)
    for line, row in reader.rows:
        values = {f: reader.integer(line, row, f, 0, None if f in ("aant_inw", "oad") else (5 if f == "sted" else 100))
                  for f in ("aant_inw", "oad", "sted", "p_west_al", "p_n_w_al", "p_marokko", "p_turkije", "p_surinam", "p_ant_aru", "p_over_nw")}
        if None in values.values():
            continue
        groups = sum(values[f] for f in ("p_marokko", "p_turkije", "p_surinam", "p_ant_aru", "p_over_nw"))
        if abs(groups - values["p_n_w_al"]) > PERCENT_TOLERANCE:
            reader.fail(line, "p_n_w_al", values["p_n_w_al"], f"de vijf niet-westerse groepen tellen op tot {groups}; meer dan {PERCENT_TOLERANCE} punten verschil")
        if values["p_west_al"] + values["p_n_w_al"] > 100:
            reader.fail(line, "p_west_al", values["p_west_al"], "westers en niet-westers samen zijn meer dan 100 procent")
        y2017[row["gm_code"]] = Figures2017(row["gm_code"], row["gm_naam"], values["aant_inw"], values["oad"], values["sted"],
                                            values["p_west_al"], values["p_n_w_al"], values["p_marokko"], values["p_turkije"],
                                            values["p_surinam"], values["p_ant_aru"], values["p_over_nw"])

    origin: dict[str, tuple[int, ...]] = {}
    reader = _Reader(cbs / FILES["origin2024"], codes_2025, problems)
    for line, row in reader.rows:
        counts = [reader.integer(line, row, f) for f in ("aantal_inwoners", "herkomst_nederland", "herkomst_europa_excl_nl", "herkomst_buiten_europa")]
        if None in counts:
            continue
        if sum(counts[1:]) != counts[0]:
            reader.fail(line, "aantal_inwoners", counts[0], f"de drie herkomstgroepen tellen op tot {sum(counts[1:])}; ze moeten precies kloppen")
        origin[row["gm_code"]] = tuple(counts)

    density: dict[str, tuple[int, int]] = {}
    reader = _Reader(cbs / FILES["kwb2024"], codes_2025, problems)
    for line, row in reader.rows:
        values = [reader.integer(line, row, f) for f in ("aantal_inwoners", "omgevingsadressendichtheid")] + [reader.integer(line, row, "stedelijkheid", 1, 5)]
        percentages = [reader.integer(line, row, f, 0, 100) for f in ("pct_herkomst_nl", "pct_herkomst_europa", "pct_herkomst_buiten_europa")]
        if None in values or None in percentages:
            continue
        counts = origin.get(row["gm_code"])
        if counts:
            if values[0] != counts[0]:
                reader.fail(line, "aantal_inwoners", values[0], f"{FILES['origin2024']} noemt {counts[0]} inwoners op dezelfde datum")
            for field, percentage, count in zip(("pct_herkomst_nl", "pct_herkomst_europa", "pct_herkomst_buiten_europa"), percentages, counts[1:]):
                exact = 100 * count / counts[0] if counts[0] else 0
                if abs(percentage - exact) > PERCENT_TOLERANCE:
                    reader.fail(line, field, percentage, f"de aantallen in {FILES['origin2024']} geven {exact:.1f}; meer dan {PERCENT_TOLERANCE} punten verschil")
        density[row["gm_code"]] = (values[1], values[2])

    population: dict[str, int] = {}
    national_population = 0
    reader = _Reader(cbs / FILES["population2025"], codes_2025, problems, national_row=True)
    national_line = 0
    for line, row in reader.rows:
        value = reader.integer(line, row, "totale_bevolking")
        if value is None:
            continue
        if row["gm_code"] == NATIONAL_CODE:
            national_population, national_line = value, line
        else:
            population[row["gm_code"]] = value
    if national_line and sum(population.values()) != national_population and len(population) == len(codes_2025):
        reader.fail(national_line, "totale_bevolking", national_population, f"de gemeenten tellen op tot {sum(population.values())}; het totaal moet precies kloppen")

    income: dict[str, float | None] = {}
    national_income = None
    reader = _Reader(cbs / FILES["income2024"], codes_2025, problems, national_row=True)
    for line, row in reader.rows:
        value = reader.decimal(line, row, "gem_gestandaardiseerd_inkomen_x1000eur")
        if row["gm_code"] == NATIONAL_CODE:
            national_income = value
        else:
            income[row["gm_code"]] = value

    today: dict[str, FiguresToday] = {}
    if len(problems) == start:
        for code in codes_2025:
            inhabitants, dutch, europe, outside = origin[code]
            today[code] = FiguresToday(code, population[code], inhabitants, dutch, europe, outside, *density[code], income[code])
    return CbsFigures(y2017, today, national_population, national_income)
