"""Data behind the tag advice and the glossary: keywords per target group and pillar
(typology/trefwoorden.yml) and the abbreviations (typology/afkortingen.yml).

Instruments carry their own names and aliases (label, ook_bekend_als); target groups and pillars
have short labels only, so their keywords live in trefwoorden.yml. The synonym groups of
typology/synoniemen.yml widen the keywords of target groups and pillars.
"""
from __future__ import annotations

import re
from pathlib import Path



from .problems import Problem, display_path
from .schemamessages import schema_message
from .schemas import load_schema
from .vocabulary_table import VOCABULARIES
from .words import word_forms

# heading -> Vocabularies attribute, in alphabetical order (the order messages name them in)
KEYWORD_VOCABULARIES = {v.name: v.attribute for v in sorted(VOCABULARIES, key=lambda v: v.name) if v.keywords}
PARENTHESIS = re.compile(r"\s*\([^)]*\)")
QUOTED = re.compile(r"'([^']{4,})'")


def load_keywords(path: Path, vocab, problems: list[Problem]) -> dict[str, dict[str, list[str]]]:
    """{'doelgroepen': {slug: [keyword, ...]}, 'pijlers': {...}}; unknown slugs are reported."""
    from .vocab import load_yaml_file  # vocab imports this module
    keywords: dict[str, dict[str, list[str]]] = {name: {} for name in KEYWORD_VOCABULARIES}
    if not path.exists():
        return keywords
    doc, problem = load_yaml_file(path)
    if problem:
        problems.append(problem)
        return keywords
    where = display_path(path)
    data = doc.data or {}
    if not isinstance(data, dict):
        problems.append(Problem(where, 1, "verwacht de kopjes 'doelgroepen:' en 'pijlers:' met daaronder 'slug: [woord, ...]'"))
        return keywords
    for name, entries in data.items():
        if name not in KEYWORD_VOCABULARIES:
            problems.append(Problem(where, doc.line_of((name,)), f"{name}: onbekend kopje — gebruik {' of '.join(KEYWORD_VOCABULARIES)}"))
            continue
        known = getattr(vocab, KEYWORD_VOCABULARIES[name])
        for slug, words in (entries or {}).items():
            line = doc.line_of((name, slug))
            if slug not in known:
                problems.append(Problem(where, line, f"{name}: '{slug}' staat niet in typology/{name}.yml"))
            elif not isinstance(words, list) or not all(isinstance(w, str) and w.strip() and w == w.lower() for w in words):
                problems.append(Problem(where, line, f"{name}.{slug}: schrijf een lijst van woorden in kleine letters, bijvoorbeeld [vluchteling, statushouder]"))
            else:
                keywords[name][slug] = words
    return keywords


def instrument_names(instrument: dict) -> list[str]:
    """The names a text may use for an instrument: its label without the parts in brackets, a
    quoted title inside it, and its aliases."""
    label = instrument["label"]
    names = [PARENTHESIS.sub("", label).replace("'", "").strip()]
    names += QUOTED.findall(label)
    names += instrument.get("ook_bekend_als") or []
    return list(dict.fromkeys(n for n in names if n))


def tag_keywords(vocab) -> dict[str, dict[str, list[str]]]:
    """Per front-matter field, per slug: every keyword that says a case is about that term.

    Synonym groups (synoniemen.yml) name people, so they widen target groups only, and only with
    words no other target group or pillar claims ('statushouder' does not make a case about
    nieuwkomers); pillars, being topics, list their words in full in trefwoorden.yml. An
    instrument alias that is a keyword of a target group or pillar ('polarisatie', 'sleutelfiguren')
    names that topic, not the instrument, and is left out."""
    own: dict[tuple[str, str], list[str]] = {}
    for name, attribute in KEYWORD_VOCABULARIES.items():
        for slug, term in getattr(vocab, attribute).items():
            own[(name, slug)] = [term["label"].lower()] + vocab.trefwoorden.get(name, {}).get(slug, [])
    claimed: dict[str, set[tuple[str, str]]] = {}
    for key, words in own.items():
        for word in words:
            claimed.setdefault(word, set()).add(key)
    topic_forms = {" ".join(word.split()[:-1] + [form]) for word in claimed for form in word_forms(word.split()[-1])}
    result: dict[str, dict[str, list[str]]] = {"instrumenten": {}, "doelgroepen": {}, "pijlers": {}}
    for slug, instrument in vocab.instrumenten.items():
        result["instrumenten"][slug] = [n for n in instrument_names(instrument) if n.lower() not in topic_forms]
    for (name, slug), words in own.items():
        widened = [w for group in vocab.synoniemen if any(word in group for word in words) for w in group
                   if claimed.get(w, {(name, slug)}) <= {(name, slug)}] if name == "doelgroepen" else []
        result[name][slug] = list(dict.fromkeys(words + widened))
    return result


# --- the glossary ------------------------------------------------------------------------------

def load_abbreviations(path: Path, schema_path: Path, problems: list[Problem]) -> dict[str, dict]:
    """typology/afkortingen.yml, checked against its schema: {abbreviation: entry}, sorted."""
    from .vocab import load_yaml_file
    if not path.exists():
        return {}
    doc, problem = load_yaml_file(path)
    schema_doc, schema_problem = load_yaml_file(schema_path)
    if problem or schema_problem:
        problems.extend(p for p in (problem, schema_problem) if p)
        return {}
    where = display_path(path)
    validator = load_schema(schema_doc, display_path(schema_path), problems)
    errors = list(validator.iter_errors(doc.data))
    for error in errors:
        line, message = schema_message(error, schema_doc.data, doc.line_of, 1)
        problems.append(Problem(where, line, message))
    if errors:
        return {}
    entries: dict[str, dict] = {}
    anchors: set[str] = set()
    for i, entry in enumerate(doc.data or []):
        key = entry["afkorting"]
        if key in entries:
            problems.append(Problem(where, doc.line_of((i,)), f"afkorting: '{key}' staat twee keer in de lijst — voeg de betekenissen samen"))
            continue
        # the id on the glossary page; VVE and VvE both exist, so a clash gets a number
        base = re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-") or "afkorting"
        name, n = base, 2
        while name in anchors:
            name, n = f"{base}-{n}", n + 1
        anchors.add(name)
        entries[key] = dict(entry, anker=name, _line=doc.line_of((i,)))
    return dict(sorted(entries.items(), key=lambda item: (item[0].lower(), item[0])))


def glossary_entries_in(text: str, glossary: dict[str, dict]) -> list[dict]:
    """Glossary entries a text uses, exactly as written (VVE is not VvE), also in VVE's or
    VVE-locatie; in the glossary's order."""
    if not glossary:
        return []
    pattern = _glossary_pattern(tuple(glossary))
    used = {m.group(1) for m in pattern.finditer(text)}
    return [entry for key, entry in glossary.items() if key in used]


_PATTERNS: dict[tuple, re.Pattern] = {}


def _glossary_pattern(keys: tuple) -> re.Pattern:
    if keys not in _PATTERNS:
        alternatives = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
        # the look-ahead at the keys' first characters changes no match: it lets the scan skip
        # every other position at once (twice as fast over a case's text)
        firsts = rf"(?=[{''.join(sorted({re.escape(k[0]) for k in keys}))}])" if all(keys) else ""
        _PATTERNS[keys] = re.compile(rf"{firsts}(?<!\w)({alternatives})(?![^\W_])")
    return _PATTERNS[keys]
