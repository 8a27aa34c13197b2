// The finder: free text and facets over the Pagefind index, state in the URL.
//
// - AND across facets, OR within one facet. Each option shows how many cases it would leave:
//   for a facet with choices, counted as if that facet's own choices were not made.
// - The URL holds the state (?q=...&type=...&pijler=...), so a view can be shared; back and
//   forward restore it.
// - Only what is shown is fetched. A search with words goes to Pagefind, which loads index chunks
//   per word and one fragment per visible result. A view without words (the first screen, filters
//   only, a family) comes from the site's own index (casusindex.js): which case has which filter
//   value, and the cards on screen; Pagefind would fetch its whole word index for it. Pagefind
//   itself loads only once a word is typed (or the search field is entered).
// - Results first: on a wide screen the filters are a side column; on a narrow one they open
//   from a "Filters (n)" button, and the count stays in view. Long facets show their top options
//   with "toon alle", the longest also a field to type in, never a box that scrolls by itself.
// - A query that names a municipality, province or instrument offers that page first; a search
//   without results says what to try next (data/zoeknamen.json, loaded only when a query is typed).
// No inline code anywhere: the Content-Security-Policy allows only the site's own scripts.

const siteRoot = new URL("../../", import.meta.url);
const PAGE_SIZE = 10; // results per batch: each needs its own fragment download
const FIRST_SCREEN = 4; // results a full-HD screen shows (two at 1280 × 720): on screen before the rest is fetched
const TYPING_DELAY = 250;
const COLLAPSE_FROM = 11; // a facet with this many options shows only its top ones at first
const SHORT_FACET = 6; // options shown before "toon alle"
const TYPE_AHEAD_FROM = 20; // a facet with more options also gets a field to type in
const MAX_SUGGESTIONS = 3;

const form = document.getElementById("kb-zoeker");
const queryInput = document.getElementById("kb-q");
const countLine = document.getElementById("kb-aantal");
const resultList = document.getElementById("kb-resultaten");
const noResults = document.getElementById("kb-geen-resultaat");
const moreButton = document.getElementById("kb-meer");
const csvButton = document.getElementById("kb-csv");

const facetBox = document.getElementById("kb-facetten");
const filterButton = document.getElementById("kb-filterknop");
const filterPanel = document.getElementById("kb-filterpaneel");
const suggestionBox = document.getElementById("kb-suggesties");
const adviceList = document.getElementById("kb-advies");
let facetNames = [];
let facetLabels = {};
let names = null; // data/zoeknamen.json, once a query needs it
let lastCounts = {}; // per facet: option -> cases, from the latest search

let pagefindLoading = null; // the Pagefind module, pointed at the site: loaded for the first search with words
let filtersLoading = null;
let filtersLoaded = false; // Pagefind's whole filter index: counts for every option of a search with words
let current = { results: [], shown: 0 };
let searchNumber = 0;
let shownSearch = null; // the query string of the state on screen

// --- the facets, built from data/zoeker.json ---------------------------------------------------
// The options are data, not page markup: the page stays small however many municipalities and
// instruments the collection names, and without JavaScript the finder is not shown at all.

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function buildFacets(data) {
  for (const facet of data.facetten) {
    const fieldset = element("fieldset", { class: "kb-facet", "data-facet": facet.naam },
      element("legend", {}, `${facet.label} `, element("span", { class: "kb-gekozen", "data-gekozen": facet.naam })));
    const long = facet.opties.length >= COLLAPSE_FROM;
    if (facet.opties.length >= TYPE_AHEAD_FROM) {
      const inputId = `kb-typ-${facet.naam}`;
      const field = element("input", { type: "search", id: inputId, class: "kb-typ", autocomplete: "off", spellcheck: "false", "data-typ": facet.naam });
      fieldset.append(element("div", { class: "kb-typveld" },
        element("label", { for: inputId }, `Zoek een ${facet.label.charAt(0).toLowerCase()}${facet.label.slice(1)}`), field));
    }
    const list = element("div", { class: "kb-opties", "data-opties": facet.naam });
    for (const option of facet.opties) {
      const id = `f-${facet.naam}-${option.waarde}`;
      list.append(element("div", { class: "kb-optie" },
        element("input", { type: "checkbox", id, name: facet.naam, value: option.waarde }),
        element("label", { for: id }, `${option.label} `, element("span", { class: "kb-telling", "data-telling": "" }))));
    }
    fieldset.append(list);
    if (long) {
      fieldset.dataset.ingeklapt = "true";
      fieldset.append(element("button", { type: "button", class: "kb-toon-alle", "aria-expanded": "false", "data-toon": facet.naam },
        `Toon alle ${facet.opties.length}`));
    }
    facetBox.append(fieldset);
  }
  facetNames = data.facetten.map((facet) => facet.naam);
  facetLabels = Object.fromEntries(data.facetten.map((facet) => [facet.naam, facet.label]));
  for (const facet of facetNames) showTopOptions(facet, {});
}

// Which options a facet shows: all when expanded or filtered by typing, otherwise the chosen
// ones and the options with the most cases (in the facet's own order), so no option is ever
// hidden inside a small scroll box.
function showTopOptions(facet, counts) {
  const fieldset = facetBox.querySelector(`[data-facet="${facet}"]`);
  const options = [...fieldset.querySelectorAll(".kb-optie")];
  const typed = normalise(fieldset.querySelector(".kb-typ")?.value || "");
  if (typed) {
    for (const option of options) option.hidden = !normalise(option.querySelector("label").textContent).includes(typed);
    return;
  }
  if (fieldset.dataset.ingeklapt !== "true") {
    for (const option of options) option.hidden = false;
    return;
  }
  const ranked = options
    .map((option, index) => ({ option, index, count: counts[option.querySelector("input").value] ?? 0 }))
    .sort((a, b) => b.count - a.count || a.index - b.index);
  const shown = new Set(ranked.slice(0, SHORT_FACET).map((entry) => entry.option));
  for (const option of options) option.hidden = !shown.has(option) && !option.querySelector("input").checked;
}

function toggleFacet(button) {
  const fieldset = button.closest("[data-facet]");
  const expand = fieldset.dataset.ingeklapt === "true";
  fieldset.dataset.ingeklapt = String(!expand);
  button.setAttribute("aria-expanded", String(expand));
  const total = fieldset.querySelectorAll(".kb-optie").length;
  button.textContent = expand ? "Toon minder" : `Toon alle ${total}`;
  showTopOptions(fieldset.dataset.facet, lastCounts[fieldset.dataset.facet] || {});
}

// --- lijkt_op=<gemeente>: only cases from that municipality's family ---------------------------
// Not a facet with options: it comes from a link (a municipality page, the lookup) and stays in the
// URL. The family's members come from data/gemeenten/<slug>.json and become a condition on the
// municipality filter, so the search index needs no filter value per family on every case page.

const similarTo = new URLSearchParams(location.search).get("lijkt_op") || "";

const family = {
  members: [],
  name: similarTo, // the municipality's own name once its file is in ('s-Gravenhage, not s-gravenhage)
  async load() {
    if (!similarTo) return;
    const response = await fetch(new URL(`data/gemeenten/${encodeURIComponent(similarTo)}.json`, siteRoot));
    if (!response.ok) return;
    const municipality = await response.json();
    this.members = municipality.familie.map((member) => member.slug);
    this.name = municipality.naam;
  },
  // an unknown municipality has no family, so no case (Pagefind would read an empty "any" as no condition)
  excludesAll() { return Boolean(similarTo) && !this.members.length; },
  addTo(filters) { return similarTo ? { all: [filters, { gemeente: { any: this.members } }] } : filters; },
  conditions() { return similarTo ? [{ facet: "gemeente", values: this.members }] : []; },
  keepIn(params) { if (similarTo) params.set("lijkt_op", similarTo); },
};

// --- state <-> URL <-> form -------------------------------------------------------------------

function stateFromUrl() {
  const params = new URLSearchParams(location.search);
  const filters = {};
  for (const facet of facetNames) {
    const values = params.getAll(facet).flatMap((value) => value.split(",")).filter(Boolean);
    if (values.length) filters[facet] = values;
  }
  return { q: params.get("q") || "", filters };
}

function stateFromForm() {
  const filters = {};
  for (const facet of facetNames) {
    const values = [...form.querySelectorAll(`input[name="${facet}"]:checked`)].map((box) => box.value);
    if (values.length) filters[facet] = values;
  }
  return { q: queryInput.value.trim(), filters };
}

function applyStateToForm(state) {
  queryInput.value = state.q;
  for (const box of form.querySelectorAll('input[type="checkbox"]')) {
    box.checked = (state.filters[box.name] || []).includes(box.value);
  }
  for (const facet of facetNames) showTopOptions(facet, lastCounts[facet] || {});
}

function urlForState(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const facet of facetNames) for (const value of state.filters[facet] || []) params.append(facet, value);
  family.keepIn(params);
  const query = params.toString();
  return location.pathname + (query ? `?${query}` : "");
}

// --- searching ---------------------------------------------------------------------------------

function pagefindFilters(filters, leaveOut) {
  const result = {}; // only case pages are in the index
  for (const [facet, values] of Object.entries(filters)) {
    if (facet !== leaveOut && values.length) result[facet] = { any: values };
  }
  return family.addTo(result);
}

// loaded when a view without words needs it: a search with words does not download it
const loadCaseIndex = () => import("./casusindex.js").then((module) => module.loadCaseIndex());

function loadPagefind() {
  pagefindLoading ??= import(new URL("pagefind/pagefind.js", siteRoot).href).then(async (pagefind) => {
    await pagefind.options({ baseUrl: siteRoot.pathname });
    return pagefind;
  }, (error) => {
    pagefindLoading = null; // the next search tries again
    throw error;
  });
  return pagefindLoading;
}

// `complete`: whether the counts cover every facet (else only those the search itself loaded).
async function runSearch(state) {
  return state.q ? searchWithWords(state) : searchWithoutWords(state);
}

async function searchWithWords(state) {
  // the own index reads an empty family as no case (casusindex.js); Pagefind would read it as no condition
  if (family.excludesAll()) return { results: [], counts: {}, complete: true };
  const pagefind = await loadPagefind();
  const main = await pagefind.search(state.q, { filters: pagefindFilters(state.filters) });
  // Counts for a facet with choices: search without that facet, so its other options show
  // how many cases they would add (OR within a facet).
  const counts = { ...main.filters };
  await Promise.all(
    Object.keys(state.filters).map(async (facet) => {
      const without = await pagefind.search(state.q, { filters: pagefindFilters(state.filters, facet) });
      counts[facet] = without.filters[facet] || {};
    }),
  );
  return { results: main.results, counts, complete: filtersLoaded };
}

// The same selection, order and counts as Pagefind's search(null, { filters, sort: { titel: "asc" } }).
async function searchWithoutWords(state) {
  const index = await loadCaseIndex();
  const chosen = Object.entries(state.filters).map(([facet, values]) => ({ facet, values }));
  return { results: index.select([...chosen, ...family.conditions()]), counts: index.counts(state.filters, family.conditions()), complete: true };
}

// After the first search with words: Pagefind's whole filter index, so every option gets its
// count. Until then only the facets the search used have counts; the rest show none rather than
// a wrong one.
function loadAllFilters() {
  filtersLoading ??= loadPagefind().then((pagefind) => pagefind.filters()).then(async () => {
    filtersLoaded = true;
    const state = stateFromForm();
    if (!state.q) return; // a view without words has all its counts already
    const number = searchNumber;
    const { counts } = await runSearch(state);
    if (number === searchNumber) showCounts(counts, state, true); // unless a newer search has shown its own
  }).catch((error) => {
    filtersLoading = null; // the next search with words tries again
    console.error(error);
  });
}

async function update(state, { push }) {
  const number = ++searchNumber;
  const url = urlForState(state);
  if (push && url !== location.pathname + location.search) history.pushState(null, "", url);
  else if (!push) history.replaceState(null, "", url);
  shownSearch = location.search;
  countLine.textContent = "Zoeken…";
  resultList.setAttribute("aria-busy", "true");
  const { results, counts, complete } = await runSearch(state);
  if (number !== searchNumber) return; // a newer search has started
  showCounts(counts, state, complete);
  current = { results, shown: 0 };
  resultList.replaceChildren();
  noResults.hidden = results.length > 0;
  csvButton.hidden = results.length === 0;
  countLine.textContent = describe(results.length, state);
  // Results first; the names and synonyms behind "Bedoelt u ...?" and the advice load after them
  await showMore(false);
  if (number !== searchNumber) return;
  const help = await helpFor(state, results.length);
  if (number !== searchNumber) return;
  showSuggestions(help.suggestions);
  showAdvice(help.advice);
  resultList.setAttribute("aria-busy", "false");
  if (state.q) loadAllFilters();
}

function markFirstResults() {
  // for the benchmark: what was downloaded before the first results were on screen
  if (!performance.getEntriesByName("kb-eerste-resultaten").length) performance.mark("kb-eerste-resultaten");
}

function describe(total, state) {
  const what = total === 1 ? "1 casus gevonden" : `${total} casussen gevonden`;
  const chosen = Object.values(state.filters).reduce((sum, values) => sum + values.length, 0);
  const parts = [];
  if (state.q) parts.push(`voor “${state.q}”`);
  if (chosen) parts.push(chosen === 1 ? "met 1 filter" : `met ${chosen} filters`);
  if (similarTo) parts.push(`uit gemeenten die lijken op ${family.name}`);
  return [what, ...parts].join(" ");
}

function showCounts(counts, state, complete) {
  for (const box of form.querySelectorAll('input[type="checkbox"]')) {
    const known = complete || box.name in counts;
    const count = (counts[box.name] || {})[box.value] || 0;
    const label = box.nextElementSibling;
    label.querySelector("[data-telling]").textContent = known ? `(${count})` : "";
    const empty = known && count === 0 && !box.checked;
    box.disabled = empty;
    box.closest(".kb-optie").classList.toggle("kb-optie--leeg", empty);
  }
  for (const facet of facetNames) {
    const chosen = (state.filters[facet] || []).length;
    form.querySelector(`[data-gekozen="${facet}"]`).textContent = chosen ? `(${chosen} gekozen)` : "";
    if (complete || facet in counts) {
      lastCounts[facet] = counts[facet] || {};
      showTopOptions(facet, lastCounts[facet]);
    }
  }
  const chosen = Object.values(state.filters).reduce((sum, values) => sum + values.length, 0);
  filterButton.querySelector("[data-filtertal]").textContent = `(${chosen})`;
  filterButton.setAttribute("aria-label", `Filters, ${chosen === 1 ? "1 gekozen" : `${chosen} gekozen`}`);
}

async function showMore(moveFocus) {
  const search = current;
  const batch = search.results.slice(search.shown, search.shown + PAGE_SIZE);
  // A new list shows its first screen as soon as those fragments are in, then fetches the rest of
  // the batch: the first results do not wait for downloads that are below the fold.
  const parts = search.shown ? [batch] : [batch.slice(0, FIRST_SCREEN), batch.slice(FIRST_SCREEN)];
  const firstNew = resultList.children.length;
  moreButton.hidden = true; // until the whole batch is shown
  for (const part of parts) {
    const data = await Promise.all(part.map((result) => result.data()));
    // a newer search may have replaced the list while these fragments loaded (a choice, then Back):
    // its results are not ours to add to, nor its count of shown results
    if (current !== search) return;
    for (const item of data) resultList.append(card(item));
    search.shown += part.length;
    markFirstResults();
  }
  moreButton.hidden = search.shown >= search.results.length;
  if (moveFocus && resultList.children[firstNew]) resultList.children[firstNew].querySelector("a").focus();
}

function card(item) {
  const meta = item.meta || {};
  const entry = element("li", { class: "kb-kaart" });
  entry.append(element("h2", {}, element("a", { href: item.url }, meta.title || item.url)));
  const who = [meta.gemeenten, meta.typen, meta.jaar && `bron ${meta.jaar}`].filter(Boolean).join(" · ");
  if (who) entry.append(element("p", { class: "kb-wie" }, who));
  if (meta.samenvatting) entry.append(element("p", { class: "kb-kort" }, meta.samenvatting));
  const pillars = (meta.pijlers || "").split(";").map((label) => label.trim()).filter(Boolean);
  if (pillars.length) {
    entry.append(element("ul", { class: "kb-chips", "aria-label": "Pijlers" }, ...pillars.map((label) => element("li", {}, label))));
  }
  return entry;
}

// --- "Bedoelt u ...?" and what to try when nothing is found ------------------------------------

function normalise(text) {
  return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-z0-9]+/g, " ").trim();
}

function wordsOf(text) {
  const plain = normalise(text);
  return plain ? plain.split(" ") : [];
}

// Whether the words of `name` occur in the query, next to each other: whole words only, so
// "Ede" is not found in "mede" and "taal" names no instrument called "Taalcafé".
function named(queryWords, name) {
  const wanted = wordsOf(name);
  if (!wanted.length || wanted.length > queryWords.length) return false;
  for (let start = 0; start + wanted.length <= queryWords.length; start++) {
    if (wanted.every((word, offset) => queryWords[start + offset] === word)) return true;
  }
  return false;
}

async function loadNames() {
  if (!names) names = await (await fetch(new URL(facetBox.dataset.namen, location.href))).json();
  return names;
}

function siteLink(path, text) {
  const url = new URL(path, siteRoot);
  return element("a", { href: url.pathname + url.search }, text);
}

function suggestionFor(entry) {
  if (entry.soort === "gemeente") {
    const parts = ["Bedoelt u de gemeente ", element("strong", {}, entry.naam), "? "];
    if (entry.casussen) {
      parts.push(siteLink(`gemeenten/${entry.slug}/`, `Bekijk de ${entry.casussen === 1 ? "casus" : `${entry.casussen} casussen`} uit ${entry.naam}`), " of ");
    } else {
      parts.push(`Er is nog geen casus uit ${entry.naam}. `);
    }
    parts.push(siteLink(`zoals-de-mijne/?gemeente=${encodeURIComponent(entry.slug)}`, `${entry.casussen ? "zoek" : "Zoek"} gemeenten zoals ${entry.naam}`), ".");
    return parts;
  }
  if (entry.soort === "provincie") {
    return ["Bedoelt u de provincie ", element("strong", {}, entry.naam), "? ",
      siteLink(`zoeken/?provincie=${encodeURIComponent(entry.slug)}`, `Toon alle casussen uit ${entry.naam}`), "."];
  }
  const used = entry.casussen ? ` (${entry.casussen === 1 ? "1 casus" : `${entry.casussen} casussen`})` : "";
  return ["Bedoelt u het instrument ", element("strong", {}, entry.naam), "? ",
    siteLink(`instrumenten/${entry.slug}/`, `Naar de pagina over ${entry.naam}`), `${used}.`];
}

function namedEntries(data, query) {
  const queryWords = wordsOf(query);
  const found = data.namen.filter((entry) => [entry.naam, ...entry.andere_namen].some((name) => named(queryWords, name)));
  // the longest name first: "Den Haag" before a shorter name hidden inside the same query
  return found.sort((a, b) => b.naam.length - a.naam.length).slice(0, MAX_SUGGESTIONS);
}

function synonymsFor(data, query) {
  const queryWords = wordsOf(query);
  const others = [];
  for (const group of data.synoniemen) {
    // a group word matches a query word that starts with it: "statushouders" for "statushouder"
    const hit = group.some((word) => queryWords.some((typed) => typed.startsWith(normalise(word))));
    if (hit) others.push(...group.filter((word) => !queryWords.includes(normalise(word))));
  }
  return [...new Set(others)].slice(0, 5);
}

async function helpFor(state, total) {
  const advice = [];
  let suggestions = [];
  if (state.q) {
    const data = await loadNames();
    suggestions = namedEntries(data, state.q);
    if (!total) {
      const words = state.q.split(/\s+/).filter(Boolean);
      if (words.length > 1) {
        advice.push(["Gebruik minder woorden: elke casus moet alle woorden bevatten. Zoek bijvoorbeeld alleen op ",
          ...words.slice(0, 3).flatMap((word, index) => [index ? " of " : "", queryLink(word, state)]), "."]);
      }
      const synonyms = synonymsFor(data, state.q);
      if (synonyms.length) {
        advice.push(["Probeer een ander woord voor hetzelfde: ",
          ...synonyms.flatMap((word, index) => [index ? ", " : "", queryLink(word, state)]), "."]);
      }
    }
  }
  if (!total) {
    if (Object.keys(state.filters).length) {
      const clear = element("button", { type: "button", class: "kb-tekstknop" }, "wis alle filters");
      clear.addEventListener("click", () => form.reset());
      advice.push(["Haal een filter weg, of ", clear, "."]);
    }
    advice.push(["Zoekt u een gemeente? Op ", siteLink("zoals-de-mijne/", "Gemeenten zoals de mijne"),
      " vindt u elke gemeente, haar WRR-type en de casussen van gemeenten die erop lijken."]);
    advice.push(["Kent u een voorbeeld dat hier past? ", siteLink("bijdragen/", "Voeg het toe"), "."]);
  }
  return { suggestions, advice };
}

function queryLink(word, state) {
  const link = element("a", { href: urlForState({ ...state, q: word }) }, word);
  link.addEventListener("click", (event) => {
    event.preventDefault();
    queryInput.value = word;
    update(stateFromForm(), { push: true });
  });
  return link;
}

function showSuggestions(entries) {
  suggestionBox.replaceChildren(...entries.map((entry) => element("p", {}, ...suggestionFor(entry))));
  suggestionBox.hidden = entries.length === 0;
}

function showAdvice(items) {
  adviceList.replaceChildren(...items.map((parts) => element("li", {}, ...parts)));
}

// --- CSV of the current selection --------------------------------------------------------------

function csvRecords(text) {
  // Split RFC 4180 text into raw records (newlines inside quoted fields stay inside the record).
  const records = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === "\n") {
      records.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) records.push(text.slice(start));
  return records;
}

// The ids of the cases found, from their cards: Pagefind's fragments after a search with words,
// the index's card files (twenty cases each) for a view without words.
async function selectedIds() {
  const data = await Promise.all(current.results.map((result) => result.data()));
  return new Set(data.map((item) => item.url.replace(/\/$/, "").split("/").pop()));
}

async function downloadCsv() {
  csvButton.disabled = true;
  try {
    const state = stateFromForm();
    const [ids, text] = await Promise.all([
      selectedIds(),
      fetch(new URL("data/casussen.csv", siteRoot)).then((response) => response.text()),
    ]);
    const [header, ...rows] = csvRecords(text.replace(/^\ufeff/, ""));
    const kept = rows.filter((row) => ids.has(row.slice(0, row.indexOf(";"))));
    const blob = new Blob(["\ufeff" + header + kept.join("")], { type: "text/csv;charset=utf-8" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "casussen-selectie.csv";
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    countLine.textContent = `${describe(current.results.length, state)}. CSV met ${kept.length} casussen gedownload.`;
  } finally {
    csvButton.disabled = false;
  }
}

// --- wiring ------------------------------------------------------------------------------------

let typingTimer;

function listen() {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(typingTimer);
    update(stateFromForm(), { push: true });
  });
  form.addEventListener("change", (event) => {
    if (event.target.type === "checkbox") update(stateFromForm(), { push: true });
  });
  form.addEventListener("click", (event) => {
    const button = event.target.closest("[data-toon]");
    if (button) toggleFacet(button);
  });
  facetBox.addEventListener("input", (event) => {
    if (event.target.dataset.typ) showTopOptions(event.target.dataset.typ, lastCounts[event.target.dataset.typ] || {});
  });
  facetBox.addEventListener("keydown", (event) => {
    // Enter in a facet's type-ahead field filters the options; it does not submit the search
    if (event.key === "Enter" && event.target.dataset.typ) event.preventDefault();
  });
  filterButton.addEventListener("click", () => {
    const open = filterButton.getAttribute("aria-expanded") !== "true";
    filterButton.setAttribute("aria-expanded", String(open));
    filterPanel.classList.toggle("kb-open", open);
    if (open) filterPanel.querySelector("input, button")?.focus();
  });
  // entering the search field fetches Pagefind, so the first word typed does not wait for it
  queryInput.addEventListener("focus", () => loadPagefind().catch(() => {}), { once: true });
  queryInput.addEventListener("input", () => {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => update(stateFromForm(), { push: false }), TYPING_DELAY);
  });
  form.addEventListener("reset", () => {
    // after the browser has cleared the fields (the query among them)
    setTimeout(() => {
      for (const facet of facetNames) showTopOptions(facet, lastCounts[facet] || {});
      update(stateFromForm(), { push: true });
    }, 0);
  });
  moreButton.addEventListener("click", () => showMore(true));
  csvButton.addEventListener("click", downloadCsv);
  window.addEventListener("popstate", () => {
    // a jump within the page (the skip link) also fires popstate: only a changed search counts
    if (location.search === shownSearch) return;
    const restored = stateFromUrl();
    applyStateToForm(restored);
    update(restored, { push: null });
  });
}

async function start() {
  // what the first view needs, fetched side by side: Pagefind for a query in the address, else the
  // index of the views without words
  const withWords = Boolean(new URLSearchParams(location.search).get("q"));
  const [data] = await Promise.all([
    fetch(new URL(facetBox.dataset.bron, location.href)).then((response) => response.json()),
    withWords ? loadPagefind() : loadCaseIndex(),
    family.load(),
  ]);
  buildFacets(data);
  const state = stateFromUrl();
  applyStateToForm(state);
  listen(); // from here on every choice counts, also while the filter index is still loading
  await update(state, { push: false });
}

start().catch((error) => {
  countLine.textContent = "De zoeker kon niet laden. Gebruik de overzichten per type, pijler, instrument of gemeente.";
  console.error(error);
});
