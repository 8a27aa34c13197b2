// Cases without a search word: selected, counted and shown from the site's own index
// (data/zoeker-index.json and data/zoeker-kaarten/, written by scripts/kennisbank/finderindex.py).
//
// Pagefind answers a search without a word by fetching its whole word index; this index holds
// only which case has which filter value, with the cases in Pagefind's title order, and the cards
// (title, municipalities, summary, ...) of CARDS_PER_FILE cases per small file, fetched only for
// the cards on screen. A result has the shape of a Pagefind result: `data()` gives { url, meta }.
// Card text is data: the callers put it in the page as text, never as HTML.

const siteRoot = new URL("../../", import.meta.url);

let loading = null;

async function fetchJson(path) {
  const response = await fetch(new URL(path, siteRoot));
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

// The index, fetched once per page.
export function loadCaseIndex() {
  loading ??= fetchJson("data/zoeker-index.json").then((data) => new CaseIndex(data), (error) => {
    loading = null; // the next search tries again
    throw error;
  });
  return loading;
}

class CaseIndex {
  constructor(data) {
    this.total = data.aantal;
    this.perFile = data.per_bestand;
    this.cardFiles = data.kaarten;
    this.loadedCards = new Map(); // file -> promise of its cards
    this.postings = new Map(); // facet -> value -> positions of the cases that have it
    for (const [facet, { waarden, casussen }] of Object.entries(data.filters)) {
      const byValue = new Map();
      waarden.forEach((value, i) => {
        let position = 0;
        byValue.set(value, Int32Array.from(casussen[i], (gap) => (position += gap)));
      });
      this.postings.set(facet, byValue);
    }
  }

  // 1 for every case that meets all conditions ({ facet, values }: the case has one of the values).
  // A condition without values is met by no case: an empty family holds no municipality.
  mask(conditions) {
    const result = new Uint8Array(this.total).fill(1);
    for (const { facet, values } of conditions) {
      const holds = new Uint8Array(this.total);
      const byValue = this.postings.get(facet) || new Map();
      for (const value of values) for (const position of byValue.get(value) || []) holds[position] = 1;
      for (let position = 0; position < this.total; position++) result[position] &= holds[position];
    }
    return result;
  }

  // The results in title order, as Pagefind's `sort: { titel: "asc" }` gives them.
  select(conditions) {
    const mask = this.mask(conditions);
    const results = [];
    for (let position = 0; position < this.total; position++) {
      if (mask[position]) results.push({ data: () => this.card(position) });
    }
    return results;
  }

  // Per facet, per value: the cases it would leave. `chosen` ({ facet: [values] }) are the
  // visitor's choices: OR within a facet, AND across facets, and a facet with choices is counted as
  // if they were not made; the `fixed` conditions (a family) always hold.
  counts(chosen, fixed = []) {
    const base = this.mask(fixed);
    const choiceMasks = Object.entries(chosen).map(([facet, values]) => [facet, this.mask([{ facet, values }])]);
    const allowedWithout = (leftOut) => {
      const allowed = base.slice();
      for (const [facet, mask] of choiceMasks) {
        if (facet === leftOut) continue;
        for (let position = 0; position < this.total; position++) allowed[position] &= mask[position];
      }
      return allowed;
    };
    const allChoices = allowedWithout(null);
    const counts = {};
    for (const [facet, byValue] of this.postings) {
      const allowed = facet in chosen ? allowedWithout(facet) : allChoices;
      const perValue = {};
      for (const [value, positions] of byValue) {
        let count = 0;
        for (const position of positions) count += allowed[position];
        perValue[value] = count;
      }
      counts[facet] = perValue;
    }
    return counts;
  }

  // The card of the case at a position: { url, meta } as a Pagefind result's data().
  async card(position) {
    const file = this.cardFiles[Math.floor(position / this.perFile)];
    if (!this.loadedCards.has(file)) {
      this.loadedCards.set(file, fetchJson(file).catch((error) => {
        this.loadedCards.delete(file);
        throw error;
      }));
    }
    const { url, meta } = (await this.loadedCards.get(file))[position % this.perFile];
    return { url: new URL(url, siteRoot).pathname, meta };
  }
}
