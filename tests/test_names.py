"""One name per concept: a vocabulary is called by its Dutch data name in every layer."""
from __future__ import annotations

import dataclasses
import re

from kennisbank import paths
from kennisbank.vocab import Vocabularies
from kennisbank.vocabulary_table import VOCABULARIES

# the English names the code used before the rule (issue #10 §5); none may come back
RETIRED = ("wrr_types", "pillars", "target_groups", "evidence_levels", "instrument_kinds", "frameworks", "claim_bases",
           "by_pillar", "by_municipality", "by_target_group")


def test_every_term_vocabulary_is_a_field_named_after_its_data_name():
    fields = {f.name for f in dataclasses.fields(Vocabularies)}
    for vocabulary in VOCABULARIES:
        if not vocabulary.derived:
            assert vocabulary.attribute == vocabulary.name.replace("-", "_")
            assert vocabulary.attribute in fields, f"Vocabularies has no field {vocabulary.attribute} for {vocabulary.name}"


def test_no_code_or_template_uses_a_retired_english_name():
    # as an attribute (vocab.pillars) or an identifier with an underscore; English prose in comments stays
    attributes, identifiers = "|".join(RETIRED), "|".join(n for n in RETIRED if "_" in n)
    pattern = re.compile(rf"\.({attributes})\b|\b({identifiers})\b")
    offenders = []
    for path in sorted((paths.ROOT / "scripts").rglob("*")):
        if path.suffix in (".py", ".j2"):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                code = line.split("#", 1)[0] if path.suffix == ".py" else line
                if pattern.search(code):
                    offenders.append(f"{path.relative_to(paths.ROOT)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
