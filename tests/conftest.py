"""Shared fixtures: the real vocabularies, a fixed 'today', and helpers to write case files."""
from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from kennisbank import paths
from kennisbank.vocab import load_vocabularies

TODAY = dt.date(2026, 11, 23)  # tests never depend on the clock

GOOD_CASE = textwrap.dedent("""\
    ---
    titel: Voorbeeldstad organiseert dialoogtafels
    samenvatting: >-
      Een voorbeeld van een goede casus met een samenvatting die lang genoeg is voor de regels.
    gemeenten: [tiel]
    wrr_typen: [specifieke-minderheidsgroep]
    pijlers: [wonen-leefbaarheid]
    instrumenten: [leefbaarheidstoets]
    doelgroepen: [arbeidsmigranten]
    periode: {van: 2018, tot: lopend}
    status: lopend
    bewijs: beschreven
    bronnen:
      - document: portfolio-2020
        onderdeel: Tiel
        pagina: 21
    laatst_gecontroleerd: 2026-11-01
    ---

    ## Aanleiding

    Tekst.

    ## Aanpak

    Tekst.

    ## Resultaten

    De bron noemt geen resultaten.

    ## Lessen en randvoorwaarden

    Tekst.
    """)


@pytest.fixture(scope="session")
def vocab():
    vocabularies, problems = load_vocabularies(paths.TYPOLOGY)
    assert not problems, problems
    return vocabularies


@pytest.fixture
def examples_dir(tmp_path) -> Path:
    directory = tmp_path / "examples"
    directory.mkdir()
    return directory


def write(directory: Path, name: str, text: str | bytes) -> Path:
    path = directory / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path
