// "Gemeenten zoals de mijne": zoek een gemeente (ook een oude of andere naam) en zie, voor elk van de
// 342: haar WRR-type (volgens de bronnen, of anders de indicatie uit CBS-cijfers 2017, met een link
// naar de methode), haar familie van vergelijkbare gemeenten, en de casussen uit de gemeente zelf, uit
// haar familie en van haar type, in die volgorde. De zelftoets blijft als hulp om na te denken.
//
// Het zoekveld volgt het combobox-patroon van ARIA 1.2 (lijst met suggesties, handmatige keuze):
// pijl omlaag/omhoog kiest, Enter bevestigt, Escape sluit de lijst (of wist het veld), Tab verlaat
// het veld. Alles wat uit de gegevens komt gaat via textContent de pagina in, nooit als HTML.
// Alle adressen volgen uit het adres van dit bestand (assets/kennisbank/), dus de site werkt onder
// elk basispad.
// The case lists come from the site's own index (casusindex.js), not from Pagefind, which fetches
// its whole word index for a search without a word.

import { loadCaseIndex } from "./casusindex.js";

const ROOT = new URL("../../", import.meta.url);
const MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
  "oktober", "november", "december"];
const CASE_LIMIT = 8; // casussen per lijst; de zoeker toont de rest
const OPTION_LIMIT = 12; // suggesties in de lijst

// De grondslag in gewone woorden, nooit sterker dan wat de bron zegt (typology/gemeenten/grondslagen.yml).
const BASIS_TEXT = {
  "wrr-voorbeeld": "genoemd als voorbeeld door de WRR",
  "geclassificeerd": "door de bron met zoveel woorden bij dit type ingedeeld",
  "wrr-voorbeeld-voorbehoud": "met voorbehoud genoemd als mogelijk voorbeeld; geen stellige indeling",
  "beschrijving-in-bron": "zo beschreven in de tekst over een praktijkvoorbeeld, zonder verwijzing naar de WRR-indeling",
  "zelfbeschrijving": "zelfbeschrijving in een eigen beleidsstuk van de gemeente; geen indeling door de WRR",
};

// Volgorde van de zelftoets: eerst de typen met een duidelijk kenmerk, 'gemiddeld' als laatste.
const SELFTEST_ORDER = ["homogene-gemeente", "tuinbouwgemeente", "grensgemeente", "expatgemeente",
  "specifieke-minderheidsgroep", "voorstad", "grootstedelijke-provinciegemeente", "meerderheid-minderhedenstad",
  "gemiddelde-gemeente"];

const url = (path) => new URL(path, ROOT).href;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (key === "class") node.className = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

const link = (path, text, attrs = {}) => el("a", { href: url(path), ...attrs }, text);

export function normalise(text) {
  return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/['’‘`´]/g, "").replace(/[^a-z0-9]+/g, " ").trim();
}

function longDate(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  return match ? `${Number(match[3])} ${MONTHS[Number(match[2]) - 1]} ${match[1]}` : "";
}

function joinDutch(items) {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} en ${items[items.length - 1]}`;
}

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

// --- gegevens -----------------------------------------------------------------------------------

// filters: { facet: value } or { facet: { any: [values] } }, in title order as in the finder. An
// empty list is no municipality, so no case.
async function searchCases(filters) {
  const index = await loadCaseIndex();
  const conditions = Object.entries(filters).map(([facet, filter]) => ({ facet, values: filter.any ?? [filter] }));
  const results = index.select(conditions);
  const shown = await Promise.all(results.slice(0, CASE_LIMIT).map((result) => result.data()));
  return { total: results.length, shown };
}

function buildIndex(data) {
  const byCode = new Map(data.gemeenten.map((g) => [g.code, g]));
  const entries = [];
  for (const g of data.gemeenten) {
    entries.push({ g, kind: 0, label: g.naam, text: normalise(g.naam) });
    for (const alias of g.aliassen) entries.push({ g, kind: 1, label: alias, text: normalise(alias) });
    for (const former of g.voormalig) entries.push({ g, kind: 2, label: former.naam, text: normalise(former.naam), former });
  }
  return { entries, byCode, bySlug: new Map(data.gemeenten.map((g) => [g.slug, g])) };
}

function score(text, query, tokens) {
  if (text === query) return 0;
  if (text.startsWith(query)) return 1;
  if (text.includes(" " + query)) return 2;
  if (text.includes(query)) return 3;
  if (tokens.length > 1 && tokens.every((token) => text.includes(token))) return 4;
  return -1;
}

const sortName = (name) => name.toLowerCase().replace(/^'+/, "");

function findMatches(index, input) {
  const query = normalise(input);
  if (!query) return [];
  const tokens = query.split(" ");
  const best = new Map();
  for (const entry of index.entries) {
    const s = score(entry.text, query, tokens);
    if (s < 0) continue;
    const current = best.get(entry.g.code);
    if (!current || s < current.score || (s === current.score && entry.kind < current.entry.kind)) {
      best.set(entry.g.code, { score: s, entry });
    }
  }
  return [...best.values()]
    .sort((a, b) => a.score - b.score || a.entry.kind - b.entry.kind
      || sortName(a.entry.g.naam).localeCompare(sortName(b.entry.g.naam), "nl"))
    .map((match) => match.entry);
}

// "Leerdam is op 1 januari 2019 opgegaan in Vijfheerenlanden" (of: verdeeld over ...)
function mergeSentence(former, g, byCode) {
  const date = longDate(former.datum);
  const when = date ? `op ${date} ` : "";
  const successors = (former.opvolgers || [g.code]).map((code) => byCode.get(code)?.naam).filter(Boolean);
  if (successors.length > 1) return `${former.naam} is ${when}verdeeld over ${joinDutch(successors)}.`;
  return `${former.naam} is ${when}opgegaan in ${g.naam}.`;
}

// "Leerdam (opgegaan per 1 januari 2019)"
function formerLabel(former) {
  const split = (former.opvolgers || []).length > 1;
  const date = longDate(former.datum);
  return `${former.naam} (${split ? "verdeeld" : "opgegaan"}${date ? ` per ${date}` : ""})`;
}

// --- het zoekveld (combobox) ---------------------------------------------------------------------

function setupCombobox(index, onChoose) {
  const input = document.getElementById("kb-zoals-invoer");
  const list = document.getElementById("kb-zoals-lijst");
  const status = document.getElementById("kb-zoals-status");
  let matches = [];
  let active = -1;
  let announceTimer = 0;

  const isOpen = () => !list.hidden;

  function announce(text, delay = 0) {
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => { status.textContent = text; }, delay);
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function open() {
    if (!matches.length) return;
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function setActive(position) {
    const options = list.querySelectorAll("[role=option]");
    options.forEach((option, i) => {
      const on = i === position;
      option.setAttribute("aria-selected", on ? "true" : "false");
      option.classList.toggle("kb-zoals-actief", on);
    });
    active = position;
    if (position >= 0 && options[position]) {
      input.setAttribute("aria-activedescendant", options[position].id);
      options[position].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function optionFor(entry, i) {
    const { g } = entry;
    let detail = g.provincie;
    if (entry.kind === 1) detail = `ook: ${entry.label} · ${g.provincie}`;
    if (entry.kind === 2) detail = `${mergeSentence(entry.former, g, index.byCode).replace(/\.$/, "")} · ${g.provincie}`;
    const option = el("li", { id: `kb-zoals-optie-${i}`, role: "option", "aria-selected": "false", class: "kb-zoals-optie" },
      el("span", { class: "kb-zoals-optie-naam" }, g.naam), " ", el("span", { class: "kb-zoals-optie-detail" }, detail));
    option.addEventListener("mousedown", (event) => event.preventDefault()); // focus blijft in het veld
    option.addEventListener("click", () => choose(i));
    return option;
  }

  function update() {
    const all = findMatches(index, input.value);
    matches = all.slice(0, OPTION_LIMIT);
    list.replaceChildren(...matches.map(optionFor));
    active = -1;
    input.removeAttribute("aria-activedescendant");
    if (!input.value.trim()) {
      close();
      announce("");
      return;
    }
    if (!matches.length) {
      close();
      announce(`Geen gemeente gevonden voor ‘${input.value.trim()}’. Probeer een deel van de naam.`, 350);
      return;
    }
    open();
    const more = all.length > matches.length ? `; de eerste ${matches.length} staan in de lijst, typ verder om te verfijnen` : "";
    announce(`${plural(all.length, "gemeente", "gemeenten")} gevonden${more}. Kies met pijl omlaag en Enter.`, 350);
  }

  function choose(i) {
    const entry = matches[i];
    if (!entry) return;
    input.value = entry.g.naam;
    close();
    onChoose(entry.g, entry);
    announce(`Gekozen: ${entry.g.naam}, ${entry.g.provincie}. ${entry.kind === 2 ? mergeSentence(entry.former, entry.g, index.byCode) + " " : ""}De uitkomst staat onder het zoekveld.`);
  }

  input.addEventListener("input", update);
  input.addEventListener("keydown", (event) => {
    if (event.altKey && event.key === "ArrowDown") {
      if (!matches.length) update();
      open();
      event.preventDefault();
      return;
    }
    switch (event.key) {
      case "ArrowDown":
        if (!isOpen()) { update(); open(); }
        if (matches.length) setActive(active + 1 >= matches.length ? 0 : active + 1);
        event.preventDefault();
        break;
      case "ArrowUp":
        if (!isOpen()) { update(); open(); }
        if (matches.length) setActive(active <= 0 ? matches.length - 1 : active - 1);
        event.preventDefault();
        break;
      case "Enter":
        if (isOpen() && matches.length) {
          choose(active >= 0 ? active : 0);
          event.preventDefault();
        }
        break;
      case "Escape":
        if (isOpen()) close();
        else { input.value = ""; matches = []; announce(""); }
        event.preventDefault();
        break;
      case "Tab":
        close();
        break;
      default:
    }
  });
  input.addEventListener("blur", () => close());
  return { input, announce };
}

// --- de uitkomst ------------------------------------------------------------------------------------

function claimItem(claim, data, prefix = null) {
  const type = data.typen[claim.type];
  const source = data.bronnen[claim.bron];
  const basis = BASIS_TEXT[claim.basis] || (data.grondslagen[claim.basis]?.label || claim.basis).toLowerCase();
  return el("li", {},
    prefix ? [el("strong", {}, prefix), ": "] : null,
    link(`typen/${claim.type}/`, type ? type.label : claim.type), " — ", el("span", { class: "kb-zoals-basis" }, basis), ". ",
    el("span", { class: "kb-basis" }, `Bron: ${source ? `${source.titel} (${source.jaar})` : claim.bron}${claim.onderdeel ? `, ${claim.onderdeel}` : ""}.`));
}

function caseList(filters, emptyText, finderPath, finderText) {
  const box = el("div", { class: "kb-zoals-casussen", "aria-busy": "true" },
    el("p", { class: "kb-basis" }, "Casussen worden geladen…"));
  searchCases(filters).then(({ total, shown }) => {
    const items = shown.map((c) => el("li", {},
      el("a", { href: new URL(c.url, location.href).href }, c.meta?.title || c.url),
      c.meta?.gemeenten ? el("span", { class: "kb-wie" }, ` — ${c.meta.gemeenten}`) : null,
      c.meta?.samenvatting ? el("span", { class: "kb-zoals-samenvatting" }, c.meta.samenvatting) : null));
    const parts = [];
    if (total) {
      parts.push(el("ul", { class: "kb-lijst kb-zoals-lijst-casussen" }, items));
      parts.push(el("p", {}, link(finderPath, total > shown.length
        ? `Alle ${total} ${finderText} in de zoeker`
        : `Deze ${plural(total, "casus", "casussen")} in de zoeker`)));
    } else {
      parts.push(el("p", {}, emptyText, " ", link("bijdragen/", "Voeg er een toe"), "."));
    }
    box.replaceChildren(...parts);
    box.setAttribute("data-aantal", String(total));
    box.removeAttribute("aria-busy");
  }).catch(() => {
    box.replaceChildren(el("p", {}, "De casussen konden niet worden geladen. ", link(finderPath, "Zoek ze in de zoeker"), "."));
    box.removeAttribute("aria-busy");
  });
  return box;
}

function typeCases(slug, data, note = "", level = "h3") {
  const type = data.typen[slug];
  const label = type ? type.label : slug;
  return [
    el(level, {}, `Casussen uit gemeenten van het type ${label.toLowerCase()}${note}`),
    caseList({ type: slug }, "Nog geen casus uit een gemeente van dit type.", `zoeken/?type=${encodeURIComponent(slug)}`,
      "casussen van dit type"),
  ];
}

function selftest(g, data, intro) {
  const order = [...SELFTEST_ORDER.filter((slug) => data.typen[slug]?.zelftoets),
    ...Object.keys(data.typen).filter((slug) => !SELFTEST_ORDER.includes(slug) && data.typen[slug].zelftoets)];
  const section = el("section", { class: "kb-zoals-toets", "aria-labelledby": "kb-zoals-toets-titel" });
  const answers = [];

  function render() {
    const step = answers.length;
    const parts = [
      el("h3", { id: "kb-zoals-toets-titel" }, "Zelftoets om over na te denken: welk type lijkt op uw gemeente?"),
      el("p", {}, intro, " Beantwoord de vragen met ja of nee; de toets stopt bij het eerste ja. ",
        el("strong", {}, "De uitkomst is uw eigen inschatting, niet de indeling van de WRR.")),
    ];
    if (answers.length) {
      parts.push(el("ol", { class: "kb-zoals-antwoorden", "aria-label": "Uw antwoorden" },
        answers.map(({ slug, yes }) => el("li", {}, data.typen[slug].zelftoets, " ", el("strong", {}, yes ? "Ja" : "Nee")))));
    }
    const last = answers[answers.length - 1];
    if (last && last.yes) {
      parts.push(suggestion(last.slug));
    } else if (step >= order.length) {
      parts.push(el("div", { class: "kb-zoals-inschatting", tabindex: "-1" },
        el("p", {}, "Geen van de typen past volgens uw antwoorden duidelijk. Lees de ", link("typen/", "beschrijvingen van de negen typen"),
          " en kies zelf het type dat het meest lijkt.")));
    } else {
      const slug = order[step];
      const questionId = "kb-zoals-vraag";
      const yes = el("button", { type: "button", class: "md-button md-button--primary kb-zoals-ja" }, "Ja");
      const no = el("button", { type: "button", class: "md-button kb-zoals-nee" }, "Nee");
      yes.addEventListener("click", () => answer(slug, true));
      no.addEventListener("click", () => answer(slug, false));
      parts.push(el("div", { class: "kb-zoals-vraagblok" },
        el("p", { id: questionId, class: "kb-zoals-vraag", tabindex: "-1" },
          el("span", { class: "kb-zoals-stap" }, `Vraag ${step + 1} van ${order.length}`), " ", data.typen[slug].zelftoets),
        el("div", { role: "group", "aria-labelledby": questionId, class: "kb-zoals-knoppen" }, yes, " ", no)));
    }
    if (answers.length) {
      const again = el("button", { type: "button", class: "md-button kb-zoals-opnieuw" }, "Opnieuw beginnen");
      again.addEventListener("click", () => { answers.length = 0; render(); focusIn("#kb-zoals-vraag"); });
      parts.push(el("p", {}, again));
    }
    section.replaceChildren(...parts);
  }

  function focusIn(selector) {
    const target = section.querySelector(selector);
    if (target) target.focus();
  }

  function suggestion(slug) {
    const type = data.typen[slug];
    return el("div", { class: "kb-zoals-inschatting", tabindex: "-1", "aria-labelledby": "kb-zoals-inschatting-titel" },
      el("h4", { id: "kb-zoals-inschatting-titel" }, `Uw eigen inschatting: ${type.label}`),
      el("p", { class: "kb-zoals-disclaimer" }, el("strong", {},
        `Dit is uw eigen inschatting op basis van uw antwoorden, niet de indeling van de WRR. `)),
      el("p", {}, type.definitie),
      el("p", {}, link(`typen/${slug}/`, `Meer over ${type.meervoud.toLowerCase()}`)),
      ...typeCases(slug, data, "", "h4"));
  }

  function answer(slug, yes) {
    answers.push({ slug, yes });
    render();
    if (yes) {
      focusIn(".kb-zoals-inschatting"); // de schermlezer leest de kop met de inschatting voor
    } else {
      focusIn("#kb-zoals-vraag, .kb-zoals-inschatting");
    }
  }

  render();
  return section;
}

async function getJson(path) {
  const response = await fetch(url(path));
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

function typeLink(slug, data) {
  return link(`typen/${slug}/`, data.typen[slug] ? data.typen[slug].label : slug);
}

// Het type volgens de ene regel: uit de bronnen als die de (ongewijzigde) gemeente indelen, anders de indicatie.
function typeSection(g, data) {
  const parts = [el("h3", {}, "WRR-type")];
  const method = () => link("methode/", "zo berekenen wij de indicatie", { class: "kb-zoals-methode" });
  const typedFormer = g.voormalig.filter((f) => f.typen.length);
  if (g.type.grond === "bron") {
    parts.push(el("p", {}, `De bronnen delen ${g.naam} zo in:`));
    parts.push(el("ul", { class: "kb-zoals-claims" }, g.typen.map((claim) => claimItem(claim, data))));
    if (g.indicatie.type && !g.type.typen.includes(g.indicatie.type)) {
      parts.push(el("p", { class: "kb-zoals-indicatie" }, "De berekening uit CBS-cijfers 2017 geeft iets anders: ",
        typeLink(g.indicatie.type, data), " (indicatie, berekend zonder de eigen indeling; geen indeling door de WRR). ", method(), "."));
    }
  } else if (g.indicatie.type) {
    parts.push(el("p", { class: "kb-zoals-indicatie" }, el("strong", {}, typeLink(g.indicatie.type, data)),
      " — indicatie, berekend uit CBS-cijfers 2017. Dit is geen indeling door de WRR: de bronnen noemen geen type voor ",
      `${g.naam}. `, method(), "."));
  }
  if (typedFormer.length) {
    parts.push(el("p", {}, "Geschiedenis: voor gemeenten die in deze gemeente zijn opgegaan noemen de bronnen dit type. Het hoort bij de oude gemeente en geldt niet vanzelf voor ",
      `${g.naam}.`));
    parts.push(el("ul", { class: "kb-zoals-claims kb-zoals-geschiedenis" },
      g.voormalig.flatMap((f) => (f.typen.length
        ? f.typen.map((claim) => claimItem(claim, data, formerLabel(f)))
        : [el("li", {}, el("strong", {}, f.naam), ": de bronnen noemen geen type.")]))));
  }
  return parts;
}

function familySection(g) {
  const box = el("div", { class: "kb-zoals-familie", "aria-busy": "true" }, el("p", { class: "kb-basis" }, "De familie wordt geladen…"));
  getJson(`data/gemeenten/${g.slug}.json`).then((detail) => {
    box.replaceChildren(
      el("ol", { class: "kb-familie-lijst" }, detail.familie.map((member) => el("li", {},
        link(`gemeenten/${member.slug}/`, member.naam),
        el("span", { class: "kb-wie" }, ` — ${member.reden}${member.casussen ? ` · ${plural(member.casussen, "casus", "casussen")}` : ""}`)))),
      el("p", { class: "kb-basis" }, "Vergeleken op inwoners, adressendichtheid, herkomst en inkomen. ",
        link("methode/#familie", "Zo vergelijken wij"), "."));
    box.setAttribute("data-aantal", String(detail.familie.length));
    box.removeAttribute("aria-busy");
  }).catch(() => {
    box.replaceChildren(el("p", {}, "De familie kon niet worden geladen. ", link(`gemeenten/${g.slug}/`, `Zie de pagina over ${g.naam}`), "."));
    box.removeAttribute("aria-busy");
  });
  return [el("h3", {}, `Gemeenten die op ${g.naam} lijken`), box];
}

function renderResult(g, via, data, index) {
  const parts = [el("h2", { id: "kb-zoals-naam", tabindex: "-1" }, g.naam)];
  if (via && via.kind === 2) {
    parts.push(el("p", { class: "kb-zoals-via" }, `U zocht op ${via.former.naam}. `, mergeSentence(via.former, g, index.byCode)));
  } else if (via && via.kind === 1) {
    parts.push(el("p", { class: "kb-zoals-via" }, `${via.label} is een andere naam voor de gemeente ${g.naam}.`));
  }
  parts.push(el("dl", { class: "kb-meta" },
    el("dt", {}, "Provincie"), el("dd", {}, g.provincie),
    el("dt", {}, "Casussen uit deze gemeente"),
    el("dd", {}, String(g.casussen), " · ", link(`gemeenten/${g.slug}/`, `naar de pagina over ${g.naam}, met cijfers`)),
    g.voormalig.length ? [el("dt", {}, "Voormalige gemeenten"),
      el("dd", {}, g.voormalig.map((f) => formerLabel(f)).join("; "))] : null));

  parts.push(...typeSection(g, data));
  parts.push(...familySection(g));

  const slug = encodeURIComponent(g.slug);
  parts.push(el("h3", {}, `Casussen uit ${g.naam}`));
  parts.push(caseList({ gemeente: g.slug }, `Nog geen casus uit ${g.naam}.`, `zoeken/?gemeente=${slug}`, `casussen uit ${g.naam}`));
  parts.push(el("h3", {}, `Casussen uit gemeenten die op ${g.naam} lijken`));
  parts.push(caseList({ gemeente: { any: g.familie } }, "Nog geen casus uit deze gemeenten.", `zoeken/?lijkt_op=${slug}`,
    `casussen uit gemeenten die op ${g.naam} lijken`));
  for (const type of g.type.typen) {
    const label = data.typen[type] ? data.typen[type].label : type;
    parts.push(el("h3", {}, `Casussen uit gemeenten van het type ${label.toLowerCase()}`));
    parts.push(caseList({ type }, "Nog geen casus uit een gemeente van dit type.", `zoeken/?type=${encodeURIComponent(type)}`,
      "casussen van dit type"));
  }
  parts.push(selftest(g, data, `Wilt u zelf nadenken over welk type het best bij ${g.naam} past? De toets helpt daarbij; het type hierboven verandert er niet door.`));
  const section = el("section", { class: "kb-zoals-gemeente", "aria-labelledby": "kb-zoals-naam", "data-gemeente": g.slug }, parts);
  document.getElementById("kb-zoals-uitkomst").replaceChildren(section);
}

function rememberInUrl(slug) {
  const address = new URL(location.href);
  address.searchParams.set("gemeente", slug);
  history.replaceState(history.state, "", address);
}

// Een gedeeld adres: ?gemeente=<slug>, ook de naam (slug) van een voormalige gemeente.
function fromUrl(index) {
  const slug = new URLSearchParams(location.search).get("gemeente");
  if (!slug) return null;
  const g = index.bySlug.get(slug);
  if (g) return { g, via: null };
  for (const entry of index.entries) {
    if (entry.kind === 2 && entry.former.slug === slug && (entry.former.opvolgers || [])[0] === entry.g.code) {
      return { g: entry.g, via: entry };
    }
  }
  return null;
}

async function main() {
  const widget = document.getElementById("kb-zoals");
  if (!widget) return;
  let data;
  try {
    const response = await fetch(url("data/gemeenten.json"));
    if (!response.ok) throw new Error(String(response.status));
    data = await response.json();
  } catch (error) {
    widget.hidden = false;
    widget.querySelector(".kb-zoals-zoek").hidden = true;
    document.getElementById("kb-zoals-uitkomst").replaceChildren(el("p", {}, "De gemeentegegevens konden niet worden geladen. Zie de ",
      link("gemeenten/", "lijst van gemeenten"), "."));
    return;
  }
  const index = buildIndex(data);
  const combobox = setupCombobox(index, (g, via) => {
    renderResult(g, via, data, index);
    rememberInUrl(g.slug);
  });
  widget.hidden = false;
  const shared = fromUrl(index);
  if (shared) {
    combobox.input.value = shared.g.naam;
    renderResult(shared.g, shared.via, data, index);
    if (shared.via) rememberInUrl(shared.g.slug);
  }
}

main();
