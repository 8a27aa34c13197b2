// The finder: free text and facets over the Pagefind index, state in the URL.
//
// - AND across facets, OR within one facet. Each option shows how many cases it would leave:
//   for a facet with choices, counted as if that facet's own choices were not made.
// - The URL holds the state (?q=...&type=...&pijler=...), so a view can be shared; back and
//   forward restore it.
// - Only what is shown is fetched: Pagefind loads index chunks per word and one fragment per
//   visible result, so a search stays small however many cases there are.
// No inline code anywhere: the Content-Security-Policy allows only the site's own scripts.

const siteRoot = new URL("../../", import.meta.url);
const PAGE_SIZE = 10; // results per batch: each needs its own fragment download
const TYPING_DELAY = 250;

const form = document.getElementById("kb-zoeker");
const queryInput = document.getElementById("kb-q");
const countLine = document.getElementById("kb-aantal");
const resultList = document.getElementById("kb-resultaten");
const noResults = document.getElementById("kb-geen-resultaat");
const moreButton = document.getElementById("kb-meer");
const csvButton = document.getElementById("kb-csv");

const facetBox = document.getElementById("kb-facetten");
let facetNames = [];

let pagefind;
let filtersLoaded = false;
let current = { results: [], shown: 0 };
let searchNumber = 0;

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
    const fieldset = element("fieldset", {}, element("legend", { class: "kb-verborgen" }, facet.label));
    for (const option of facet.opties) {
      const id = `f-${facet.naam}-${option.waarde}`;
      fieldset.append(element("div", { class: "kb-optie" },
        element("input", { type: "checkbox", id, name: facet.naam, value: option.waarde }),
        element("label", { for: id }, `${option.label} `, element("span", { class: "kb-telling", "data-telling": "" }))));
    }
    const details = element("details", { class: "kb-facet", "data-facet": facet.naam },
      element("summary", {}, `${facet.label} `, element("span", { class: "kb-gekozen", "data-gekozen": facet.naam })), fieldset);
    if (facet.opties.length <= 16) details.open = true;
    facetBox.append(details);
  }
  facetNames = data.facetten.map((facet) => facet.naam);
}

// --- lijkt_op=<gemeente>: only cases from that municipality's family ---------------------------
// Not a facet with options: it comes from a link (a municipality page, the lookup) and stays in the
// URL. Each case page carries a Pagefind filter lijkt_op:<slug> for every family it belongs to.

const similarTo = new URLSearchParams(location.search).get("lijkt_op") || "";

const family = {
  addTo(filters) { if (similarTo) filters.lijkt_op = { any: [similarTo] }; },
  keepIn(params) { if (similarTo) params.set("lijkt_op", similarTo); },
  holds(record) { return !similarTo || (record.lijkt_op || []).includes(similarTo); },
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
  for (const facet of facetNames) {
    const chosen = (state.filters[facet] || []).length;
    const details = form.querySelector(`[data-facet="${facet}"]`);
    if (chosen) details.open = true;
  }
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
  family.addTo(result);
  return result;
}

async function runSearch(state) {
  const term = state.q || null;
  const options = { filters: pagefindFilters(state.filters) };
  if (!term) options.sort = { titel: "asc" };
  const main = await pagefind.search(term, options);
  // Counts for a facet with choices: search without that facet, so its other options show
  // how many cases they would add (OR within a facet).
  const counts = { ...main.filters };
  await Promise.all(
    Object.keys(state.filters).map(async (facet) => {
      const without = await pagefind.search(term, { filters: pagefindFilters(state.filters, facet) });
      counts[facet] = without.filters[facet] || {};
    }),
  );
  return { results: main.results, counts };
}

async function update(state, { push }) {
  const number = ++searchNumber;
  const url = urlForState(state);
  if (push && url !== location.pathname + location.search) history.pushState(null, "", url);
  else if (!push) history.replaceState(null, "", url);
  countLine.textContent = "Zoeken…";
  resultList.setAttribute("aria-busy", "true");
  const { results, counts } = await runSearch(state);
  if (number !== searchNumber) return; // a newer search has started
  showCounts(counts, state);
  current = { results, shown: 0 };
  resultList.replaceChildren();
  noResults.hidden = results.length > 0;
  countLine.textContent = describe(results.length, state);
  await showMore(false);
  if (number === searchNumber) {
    resultList.setAttribute("aria-busy", "false");
    // for the benchmark: what was downloaded before the first results were on screen
    if (!performance.getEntriesByName("kb-eerste-resultaten").length) performance.mark("kb-eerste-resultaten");
  }
}

function describe(total, state) {
  const what = total === 1 ? "1 casus gevonden" : `${total} casussen gevonden`;
  const chosen = Object.values(state.filters).reduce((sum, values) => sum + values.length, 0);
  const parts = [];
  if (state.q) parts.push(`voor “${state.q}”`);
  if (chosen) parts.push(chosen === 1 ? "met 1 filter" : `met ${chosen} filters`);
  if (similarTo) parts.push(`uit gemeenten die lijken op ${similarTo}`);
  return [what, ...parts].join(" ");
}

function showCounts(counts, state) {
  for (const box of form.querySelectorAll('input[type="checkbox"]')) {
    if (!filtersLoaded && !(box.name in counts)) continue;
    const count = (counts[box.name] || {})[box.value] || 0;
    const label = box.nextElementSibling;
    label.querySelector("[data-telling]").textContent = `(${count})`;
    const empty = count === 0 && !box.checked;
    box.disabled = empty;
    box.closest(".kb-optie").classList.toggle("kb-optie--leeg", empty);
  }
  for (const facet of facetNames) {
    const chosen = (state.filters[facet] || []).length;
    form.querySelector(`[data-gekozen="${facet}"]`).textContent = chosen ? `(${chosen} gekozen)` : "";
  }
}

async function showMore(moveFocus) {
  const batch = current.results.slice(current.shown, current.shown + PAGE_SIZE);
  const data = await Promise.all(batch.map((result) => result.data()));
  const firstNew = resultList.children.length;
  for (const item of data) resultList.append(card(item));
  current.shown += batch.length;
  moreButton.hidden = current.shown >= current.results.length;
  if (moveFocus && resultList.children[firstNew]) resultList.children[firstNew].querySelector("a").focus();
}

function card(item) {
  const meta = item.meta || {};
  const entry = document.createElement("li");
  entry.className = "kb-kaart";
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = item.url;
  link.textContent = meta.title || item.url;
  heading.append(link);
  entry.append(heading);
  const who = document.createElement("p");
  who.className = "kb-wie";
  who.textContent = [meta.gemeenten, meta.typen, meta.jaar && `bron ${meta.jaar}`].filter(Boolean).join(" · ");
  entry.append(who);
  if (meta.pijlers) {
    const pillars = document.createElement("p");
    pillars.className = "kb-pijlers";
    pillars.textContent = `Pijlers: ${meta.pijlers}`;
    entry.append(pillars);
  }
  const summary = document.createElement("p");
  summary.textContent = meta.samenvatting || "";
  entry.append(summary);
  return entry;
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

function matchesFacets(record, filters) {
  return family.holds(record) && Object.entries(filters).every(([facet, values]) => values.some((value) => (record.facetten[facet] || []).includes(value)));
}

async function selectedIds(state) {
  if (!state.q) {
    // facets only: decide from the open data, without fetching a fragment per result
    const cases = await (await fetch(new URL("data/casussen.json", siteRoot))).json();
    return new Set(cases.filter((record) => matchesFacets(record, state.filters)).map((record) => record.id));
  }
  const data = await Promise.all(current.results.map((result) => result.data()));
  return new Set(data.map((item) => item.url.replace(/\/$/, "").split("/").pop()));
}

async function downloadCsv() {
  csvButton.disabled = true;
  try {
    const state = stateFromForm();
    const [ids, text] = await Promise.all([
      selectedIds(state),
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
  queryInput.addEventListener("input", () => {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => update(stateFromForm(), { push: false }), TYPING_DELAY);
  });
  form.addEventListener("reset", () => {
    // after the browser has cleared the fields
    setTimeout(() => update(stateFromForm(), { push: true }), 0);
  });
  moreButton.addEventListener("click", () => showMore(true));
  csvButton.addEventListener("click", downloadCsv);
  window.addEventListener("popstate", () => {
    const restored = stateFromUrl();
    applyStateToForm(restored);
    update(restored, { push: null });
  });
}

async function start() {
  const [data] = await Promise.all([
    fetch(new URL(facetBox.dataset.bron, location.href)).then((response) => response.json()),
    import(new URL("pagefind/pagefind.js", siteRoot).href).then((module) => { pagefind = module; }),
  ]);
  buildFacets(data);
  await pagefind.options({ baseUrl: siteRoot.pathname });
  const state = stateFromUrl();
  applyStateToForm(state);
  listen(); // from here on every choice counts, also while the filter index is still loading
  await update(state, { push: false });
  // Results first, then the whole filter index, so every option gets its count. Until then only
  // the facets in use have counts; the rest show nothing rather than a wrong zero.
  await pagefind.filters();
  filtersLoaded = true;
  const number = searchNumber;
  const { counts } = await runSearch(stateFromForm());
  if (number === searchNumber) showCounts(counts, stateFromForm()); // unless a newer search has shown its own
}

start().catch((error) => {
  countLine.textContent = "De zoeker kon niet laden. Gebruik de overzichten per type, pijler, instrument of gemeente.";
  console.error(error);
});
