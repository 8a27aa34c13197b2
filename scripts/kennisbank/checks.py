"""Validation of cases: small check functions that yield (line, message).

The JSON Schema in typology/casus.schema.yml decides the structure; fields marked
`x-vocabulaire` are checked against the vocabularies with a did-you-mean; the body is checked for
the fixed sections and for markup a stranger's pull request must not smuggle in.
Messages are Dutch, name the field and the bad value, and say how to fix it.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from .advice import advice
from .casefile import CaseFile, CaseFileError, id_problem, is_case_path, read_case, slugify
from .instrument_use import check_instrument_use
from .parallel import parallel_map
from .schemamessages import did_you_mean, field_name, schema_message, shown, suggest
from .problems import Problem, display_path
from .schemas import CompiledSchema
from .untrusted import check_markdown
from .vocab import Vocabularies
from .yamlsource import YamlDocument

REVIEW_INTERVAL_DAYS = 2 * 365
Finding = tuple[int, str]

# raw HTML outside code: a tag name followed by space, '>' or '/'
HTML_TAG = re.compile(r"<\s*/?\s*([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])")
# a fence line as CommonMark reads it: an info string never holds a backtick, so ```x``` is text
FENCE = re.compile(r"^ {0,3}(`{3,}[^`]*|~{3,}.*)$")
INLINE_CODE = re.compile(r"`[^`]*`")


def _matches(path: tuple, pattern: tuple) -> bool:
    return len(path) == len(pattern) and all(p == "*" and isinstance(v, int) or p == v for v, p in zip(path, pattern))


def check_structure(case: CaseFile, compiled: CompiledSchema) -> Iterator[Finding]:
    """fastjsonschema gives the yes/no answer (microseconds for a valid case); jsonschema, slower,
    runs only on a case that fails, to explain every error. Both apply the same draft-07 schema
    and the same format functions (kennisbank.schemas), so they agree."""
    if compiled.is_valid(case.meta):
        return
    schema = compiled.schema
    vocabulary_paths = [pattern for pattern, _ in vocabulary_fields(schema)]
    # one message per field: the first (deepest) error is the most specific
    reported: set[tuple] = set()
    for error in sorted(compiled.iter_errors(case.meta), key=lambda e: (list(map(str, e.absolute_path)), -len(e.absolute_path))):
        key = tuple(error.absolute_path)
        if error.validator == "type" and any(_matches(key, p) for p in vocabulary_paths):
            continue  # check_vocabulary_values explains a wrong value in a vocabulary field
        if key in reported and error.validator != "required":
            continue
        reported.add(key)
        yield schema_message(error, schema, lambda path: case.line_of(*path), case.doc.first_line)


# --- vocabularies ------------------------------------------------------------------------------

def vocabulary_fields(schema: dict) -> Iterator[tuple[tuple, str]]:
    """(path pattern, vocabulary) for every field marked x-vocabulaire; '*' stands for list items."""
    def walk(node: dict, path: tuple):
        if "x-vocabulaire" in node:
            yield path, node["x-vocabulaire"]
        for name, child in node.get("properties", {}).items():
            yield from walk(child, path + (name,))
        if isinstance(node.get("items"), dict):
            yield from walk(node["items"], path + ("*",))
    yield from walk(schema, ())


def _values_at(data, pattern: tuple, prefix: tuple = ()):
    if not pattern:
        yield prefix, data
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(data, list):
            for i, item in enumerate(data):
                yield from _values_at(item, rest, prefix + (i,))
    elif isinstance(data, dict) and head in data:
        yield from _values_at(data[head], rest, prefix + (head,))


def _municipality_message(case: CaseFile, path: tuple, value, vocab: Vocabularies) -> str | None:
    registry = vocab.registry
    field = field_name(path)
    if isinstance(value, int):
        raw = case.doc.raw.get(path, str(value))
        code = f"GM{raw.zfill(4)}" if raw.isdigit() else f"GM{value:04d}"
        return f"{field}: {raw} is als getal gelezen — schrijf de CBS-code als tekst met GM ervoor: '{code}'"
    if not isinstance(value, str):
        return f"{field}: verwacht de korte naam van een gemeente, maar kreeg {shown(value)}"
    if registry.resolve(value):
        return None
    if value.isdigit() and len(value) <= 4:
        return f"{field}: schrijf de CBS-code met GM ervoor en tussen aanhalingstekens: 'GM{value.zfill(4)}'"
    if value.upper().startswith("GM"):
        old = registry.former.get(value.upper())
        if old:
            return _merged_message(field, value, old, registry)
        return f"{field}: CBS-code '{value}' bestaat niet (meer) — zoek de code op in typology/gemeenten/gemeenten_2025.csv"
    slug = slugify(value)
    old = registry.former_by_slug().get(slug)
    if old and slug not in registry.by_slug():
        return _merged_message(field, value, old, registry)
    alias = registry.by_alias(value)
    if alias:
        return f"{field}: '{value}' is geen korte naam uit de gemeentelijst — bedoelde je '{alias.slug}'?"
    if slug in registry.by_slug():
        return f"{field}: schrijf de korte naam '{slug}' in plaats van '{value}'"
    return f"{field}: gemeente '{value}' bestaat niet in de gemeentelijst van 2025{did_you_mean(slug, registry.by_slug())}"


def _merged_message(field, value, old, registry) -> str:
    successors = [registry.municipalities[c] for c in old.successor_codes]
    when = f" per {old.date}" if old.date else ""
    names = " of ".join(f"'{m.slug}'" for m in successors)
    return f"{field}: {old.name} bestaat niet meer; de gemeente is{when} opgegaan in {', '.join(m.name for m in successors)} — gebruik {names} en noem {old.name} in de tekst"


def check_vocabulary_values(case: CaseFile, schema: dict, vocab: Vocabularies, case_ids: set[str]) -> Iterator[Finding]:
    for pattern, vocabulary in vocabulary_fields(schema):
        for path, value in _values_at(case.meta, pattern):
            line = case.line_of(*path)
            if vocabulary == "gemeenten":
                message = _municipality_message(case, path, value, vocab)
                if message:
                    yield line, message
                continue
            if vocabulary == "casussen":
                allowed = case_ids
                label = "casus"
            else:
                allowed = vocab.terms(vocabulary)
                label = vocabulary
            if not isinstance(value, str):
                yield line, f"{field_name(path)}: verwacht een korte naam uit de lijst {label}, maar kreeg {shown(value)}"
                continue
            if value == case.id and vocabulary == "casussen":
                yield line, f"{field_name(path)}: een casus kan geen onderdeel van zichzelf zijn"
            elif value not in allowed:
                hint = did_you_mean(value, allowed)
                if not hint and vocabulary == "instrumenten":
                    hint = " — staat het instrument nog niet in de lijst? Voeg dan een bestand toe in typology/instrumenten/"
                elif not hint and vocabulary != "casussen" and len(allowed) <= 25:
                    hint = f" — kies uit: {', '.join(allowed)}"
                elif not hint and vocabulary != "casussen":
                    hint = f" — zie typology/{vocabulary}.yml"
                yield line, f"{field_name(path)}: '{value}' bestaat niet{_in(label)}{hint}"


def _in(label: str) -> str:
    return "" if label in ("instrumenten", "casus") else f" in de lijst {label}"


def check_sources(case: CaseFile) -> Iterator[Finding]:
    """Each source is a known document or carries its own title, publisher and year."""
    sources = case.meta.get("bronnen")
    for i, source in enumerate(sources if isinstance(sources, list) else []):  # a wrong type: check_structure
        if not isinstance(source, dict) or "document" in source:
            continue
        missing = [f for f in ("titel", "uitgever", "jaar") if f not in source]
        if missing:
            yield case.line_of("bronnen", i), (f"bronnen[{i + 1}]: noem een bekend document (document: ...) of vul zelf "
                                                f"{', '.join(missing)} in")


def check_review_date(case: CaseFile, today: dt.date) -> Iterator[Finding]:
    value = case.meta.get("laatst_gecontroleerd")
    try:
        checked = dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            yield case.line_of("laatst_gecontroleerd"), f"laatst_gecontroleerd: {value} is geen bestaande datum — vul de datum in als JJJJ-MM-DD, bijvoorbeeld 2026-01-31"
        return  # any other shape: reported by check_structure
    if checked and checked > today:
        yield case.line_of("laatst_gecontroleerd"), f"laatst_gecontroleerd: {value} ligt in de toekomst — vul de datum van vandaag of eerder in"


def review_notice(case: CaseFile, today: dt.date) -> Problem | None:
    """Cases not checked against their source for two years: advice, never a build failure."""
    value = case.meta.get("laatst_gecontroleerd")
    try:
        checked = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    if (today - checked).days > REVIEW_INTERVAL_DAYS:
        return Problem(case.display, case.line_of("laatst_gecontroleerd"),
                       f"laatst_gecontroleerd: {value} is meer dan twee jaar geleden — leg de casus opnieuw naast de bron en werk de datum bij",
                       level="melding")
    return None


# --- body --------------------------------------------------------------------------------------

def required_sections(schema: dict) -> list[str]:
    return [section["titel"] for section in schema.get("x-secties", [])]


def _body_lines(case: CaseFile) -> Iterator[tuple[int, str]]:
    """Body lines outside fenced code blocks, with file line numbers; inline code removed."""
    in_fence = False
    for offset, line in enumerate(case.body.split("\n")):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if not in_fence:
            yield case.body_line + offset, INLINE_CODE.sub("", line)


def check_sections(case: CaseFile, schema: dict) -> Iterator[Finding]:
    wanted = required_sections(schema)
    found: list[tuple[int, str]] = []
    for line_number, line in _body_lines(case):
        if line.startswith("# "):
            yield line_number, "gebruik geen kop met één # in de tekst: de titel komt uit het veld 'titel'; begin secties met ##"
        elif line.startswith("## "):
            found.append((line_number, line[3:].strip()))
    titles = [title for _, title in found]
    for position, title in enumerate(wanted):
        if title not in titles:
            close = suggest(title, titles)
            # point at the near miss, else at the next required heading it belongs before, else the end
            later = [t for t in wanted[position + 1:] if t in titles]
            last_line = case.body_line + case.body.rstrip("\n").count("\n")
            line = next((n for n, t in found if t == close), next((n for n, t in found if later and t == later[0]), last_line))
            hint = f" (er staat '## {close}' — schrijf de kop precies zo)" if close else ""
            yield line, f"de sectie '## {title}' ontbreekt{hint}; elke casus heeft de secties {', '.join(wanted)}"
    present = [t for t in titles if t in wanted]
    if present != [t for t in wanted if t in present]:
        yield found[0][0] if found else case.body_line, f"zet de secties in deze volgorde: {', '.join(wanted)}"
    if not case.body.strip():
        yield case.body_line, "de casus heeft nog geen tekst onder de front matter"


PLAIN_TEXT_FIELDS = ("titel", "samenvatting", "actualiteit", "contact")


def check_plain_text_fields(case: CaseFile) -> Iterator[Finding]:
    """Titles and summaries are plain text: markup there would show up literally on the site."""
    for field in PLAIN_TEXT_FIELDS:
        value = case.meta.get(field)
        if isinstance(value, str) and HTML_TAG.search(value):
            tag = HTML_TAG.search(value).group(1)
            yield case.line_of(field), f"{field}: HTML-code <{tag}> werkt hier niet en komt letterlijk op de site — schrijf gewone tekst"


# Level of a template leftover: a notice while writing (the case still builds for a preview with
# `make serve`), an error where a pull request is checked (scripts/valideer.py --github).
TEMPLATE_LEFTOVER = "sjabloonrest"


def check_template_leftovers(case: CaseFile, schema: dict) -> Iterator[Finding]:
    """Example values and explanations copied from the template or the fields page.

    The example tags (pillars, instruments, target groups, period) are those of a real case, so
    they count as a leftover only all together and in a case of another municipality."""
    examples = {field: spec["x-voorbeeld"] for field, spec in schema["properties"].items() if "x-voorbeeld" in spec}
    tag_fields = [field for field in ("pijlers", "instrumenten", "doelgroepen", "periode") if field in examples]
    copied_tags = (tag_fields and all(case.meta.get(field) == examples[field] for field in tag_fields)
                   and case.meta.get("gemeenten") != examples.get("gemeenten"))
    for field in ("titel", "samenvatting", "bronnen", *(tag_fields if copied_tags else ())):
        example = examples.get(field)
        if example is not None and case.meta.get(field) == example:
            yield case.line_of(field), f"{field}: dit is nog de voorbeeldwaarde uit het sjabloon — vervang die door de gegevens van uw casus"
    for section in schema.get("x-secties", []):
        explanation = " ".join(section["uitleg"].split())
        if explanation in " ".join(case.body.split()):
            yield case.body_line, f"de sectie '## {section['titel']}' bevat nog de uitleg uit het sjabloon — vervang die door uw eigen tekst"


def check_markup(case: CaseFile) -> Iterator[Finding]:
    """Raw HTML, attribute lists, unsafe links and unbounded input never reach the site: the
    body is judged as the renderer and a browser will read it (see untrusted.py)."""
    return check_markdown(case.body, case.body_line, case_url(case.id))


def case_url(case_id: str) -> str:
    return f"casussen/{case_id}/"


# --- whole files and the whole collection ------------------------------------------------------

def check_case(case: CaseFile, vocab: Vocabularies, case_ids: set[str], today: dt.date) -> list[Problem]:
    schema = vocab.case_schema
    findings: list[Finding] = []
    findings += check_structure(case, vocab.case_validator)
    findings += check_vocabulary_values(case, schema, vocab, case_ids)
    findings += check_sources(case)
    # a date the schema already refused is not explained twice ('0000-01-01' passes the schema)
    findings += [f for f in check_review_date(case, today) if f[0] not in {line for line, _ in findings}]
    findings += check_sections(case, schema)
    findings += check_markup(case)
    findings += check_plain_text_fields(case)
    findings += check_instrument_use(case)
    problems = [Problem(case.display, line, message) for line, message in findings]
    if case.path.name != "_sjabloon.md":
        problems += [Problem(case.display, line, message, level=TEMPLATE_LEFTOVER) for line, message in check_template_leftovers(case, schema)]
    problems += advice(case, vocab, today)
    notice = review_notice(case, today)
    return problems + ([notice] if notice else [])


def load_cases(paths: Iterable[Path]) -> tuple[list[CaseFile], list[Problem]]:
    cases, problems = [], []
    for path in paths:
        message = id_problem(path)
        if message:
            problems.append(Problem(display_path(path), 1, message))
            continue
        try:
            cases.append(read_case(path))
        except CaseFileError as exc:
            problems.append(exc.problem)
    return cases, problems


def case_paths(examples: Path) -> list[Path]:
    """Case files, symlinks among them (so they are refused with a message, never read)."""
    return sorted(p for p in examples.iterdir() if (p.is_symlink() or p.is_file()) and is_case_path(p))


def check_redirects(redirects: list[dict], all_ids: set[str]) -> list[Problem]:
    """An old address must be free, and must lead to a case that exists."""
    problems, where = [], "typology/omleidingen.yml"
    for redirect in redirects:
        if redirect["van"] in all_ids:
            problems.append(Problem(where, redirect["_line"], f"van: er bestaat nog een casus '{redirect['van']}' — een omleiding is alleen voor een oude id"))
        if redirect["naar"] and redirect["naar"] not in all_ids:
            problems.append(Problem(where, redirect["_line"], f"naar: casus '{redirect['naar']}' bestaat niet{did_you_mean(redirect['naar'], all_ids)}"))
    return problems


def check_collection(cases: list[CaseFile], all_ids: set[str]) -> list[Problem]:
    """Rules that need more than one case: ids that clash on a case-insensitive disk."""
    problems = []
    seen: dict[str, CaseFile] = {}
    for case in cases:
        key = case.id.casefold()
        if key in seen and seen[key].id != case.id:
            problems.append(Problem(case.display, 1, f"de id '{case.id}' verschilt alleen in hoofdletters van '{seen[key].id}' — kies een andere bestandsnaam"))
        seen.setdefault(key, case)
    return problems


def validate(paths: Iterable[Path], vocab: Vocabularies, all_case_ids: set[str], today: dt.date) -> tuple[list[CaseFile], list[Problem]]:
    def load_and_check(path: Path) -> tuple[CaseFile | None, list[Problem]]:
        try:
            loaded, problems = load_cases([path])
            for case in loaded:
                problems += check_case(case, vocab, all_case_ids, today)
                case.doc = YamlDocument(None, first_line=case.doc.first_line)  # line maps served their purpose
        except Exception as exc:  # noqa: BLE001 - last resort: the file is named, the run goes on, the build stops
            return None, [Problem(display_path(path), 1, f"interne fout bij het controleren: {type(exc).__name__}: {exc}")]
        return (loaded[0] if loaded else None), problems

    cases, problems = [], []
    for case, found in parallel_map(load_and_check, list(paths)):
        if case is not None:
            cases.append(case)
        problems += found
    problems += check_collection(cases, all_case_ids)
    return cases, sorted(problems, key=lambda p: (p.path, p.line))


def unused_terms(vocab: Vocabularies, cases: list[CaseFile]) -> dict[str, list[str]]:
    """Vocabulary terms no case uses: reported on request, as in awesome-selfhosted's tag lint."""
    used: dict[str, set] = {}
    for pattern, vocabulary in vocabulary_fields(vocab.case_schema):
        for case in cases:
            for _, value in _values_at(case.meta, pattern):
                used.setdefault(vocabulary, set()).add(value)
    report = {}
    for vocabulary in ("wrr-typen", "pijlers", "instrumenten", "doelgroepen", "bewijsniveaus", "bronnen"):
        unused = sorted(set(vocab.terms(vocabulary)) - used.get(vocabulary, set()))
        if unused:
            report[vocabulary] = unused
    return report
