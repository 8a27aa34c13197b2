// Kaart: alle 342 gemeenten van 2025, gekleurd én gearceerd naar hun WRR-type, met het aantal casussen.
// Het type volgt de ene regel van de site: volgens de bronnen (dikke rand) of anders de indicatie uit
// CBS-cijfers 2017 (dunne rand); het verschil is dus ook zonder kleur te zien. Projectie en paden komen van d3-geo, de grenzen worden met topojson-client
// omgezet (beide meegeleverd in assets/vendor/, zie de README daar); geen verzoek naar een andere host.
//
// Toetsenbord: gemeenten met een eigen pagina (alle, zodra de gegevens dat zeggen) zijn links (<a href>
// in de SVG) en dus Tab-stops, in alfabetische volgorde; focus of aanwijzen toont een label met naam,
// type en aantal casussen. Andere gemeenten leiden met een klik naar "Gemeenten zoals de mijne".
// Kleuren en patronen komen uit kaart.css (licht en donker); de SVG verwijst er alleen naar.

const ROOT = new URL("../../", import.meta.url);
const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 600;
const PAD = 6;
const url = (path) => new URL(path, ROOT).href;

// Elk patroon is anders van vorm, zodat de legenda niet alleen op kleur leunt.
// [naam in de legenda, patroon (SVG-pad of cirkel op een tegel van 8 x 8), lijndikte]
const STYLES = {
  "meerderheid-minderhedenstad": { pattern: "", shape: "effen vlak" },
  "voorstad": { pattern: "M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4", width: 1.6, shape: "schuine lijnen /" },
  "grootstedelijke-provinciegemeente": { pattern: "M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4", width: 1.6, shape: "schuine lijnen \\" },
  "specifieke-minderheidsgroep": { pattern: "M0,4 h8", width: 2, shape: "liggende lijnen" },
  "expatgemeente": { dot: 1.7, shape: "stippen" },
  "tuinbouwgemeente": { pattern: "M4,0 v8", width: 2, shape: "staande lijnen" },
  "grensgemeente": { pattern: "M4,0 v8 M0,4 h8", width: 1.2, shape: "ruitjes +" },
  "homogene-gemeente": { pattern: "M0,0 l8,8 M8,0 l-8,8 M-1,7 l2,2 M7,-1 l2,2", width: 1.1, shape: "kruisarcering ×" },
  "gemiddelde-gemeente": { ring: 2.2, width: 1.1, shape: "kringen" },
  "meerdere": { pattern: "M0,6 l2,-4 l2,4 l2,-4 l2,4", width: 1.2, shape: "zigzag" },
  "geen": { pattern: "", shape: "licht vlak zonder patroon" },
};

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined && value !== false) node.setAttribute(key, String(value));
  }
  node.append(...children.filter(Boolean));
  return node;
}

function html(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else node.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function loadScript(path) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = url(path);
    script.async = false;
    script.addEventListener("load", resolve);
    script.addEventListener("error", () => reject(new Error(`${path} kon niet worden geladen`)));
    document.head.append(script);
  });
}

async function getJson(path) {
  const response = await fetch(url(path));
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

const plural = (n, one, many) => `${n === 0 ? "geen" : n} ${n === 1 ? one : many}`;

// Het type volgens de regel (g.type): één type, meer dan één (alleen volgens de bronnen), of geen gegevens.
function category(g) {
  if (!g || !g.type || !g.type.typen.length) return "geen";
  return g.type.typen.length === 1 ? g.type.typen[0] : "meerdere";
}

const claimed = (g) => Boolean(g && g.type && g.type.grond === "bron");

// "Tuinbouwgemeente (voorbeeld van de WRR; beschrijving in de bron)": type met grondslag, nooit sterker.
function describeClaims(claims, data) {
  const byType = new Map();
  for (const claim of claims) {
    const bases = byType.get(claim.type) || [];
    const text = data.grondslagen[claim.basis]?.label || claim.basis;
    const label = text.charAt(0).toLowerCase() + text.slice(1);
    if (!bases.includes(label)) bases.push(label);
    byType.set(claim.type, bases);
  }
  return [...byType].map(([type, bases]) => `${data.typen[type]?.label || type} (${bases.join("; ")})`).join(", ");
}

function describeType(g, data) {
  const kind = category(g);
  if (kind === "geen") return "geen type: de cijfers ontbreken";
  if (claimed(g)) return `${kind === "meerdere" ? "typen" : "type"} volgens de bronnen: ${describeClaims(g.typen, data)}`;
  const history = g.voormalig.filter((f) => f.typen.length).map((f) => `${f.naam}: ${describeClaims(f.typen, data)}`);
  return `indicatie uit CBS-cijfers 2017: ${data.typen[kind]?.label || kind}${history.length ? `; voorheen ${history.join("; ")}` : ""}`;
}

function patterns(defs) {
  for (const [name, style] of Object.entries(STYLES)) {
    const tile = svg("pattern", { id: `kb-kaart-p-${name}`, patternUnits: "userSpaceOnUse", width: 8, height: 8 },
      svg("rect", { width: 8, height: 8, class: `kb-kaart-bg kb-kaart-bg-${name}` }));
    const fgClass = "kb-kaart-fg kb-kaart-fg-type";
    if (style.pattern) tile.append(svg("path", { d: style.pattern, class: fgClass, fill: "none", "stroke-width": style.width }));
    if (style.dot) tile.append(svg("circle", { cx: 4, cy: 4, r: style.dot, class: `${fgClass} kb-kaart-fg-vlak` }));
    if (style.ring) tile.append(svg("circle", { cx: 4, cy: 4, r: style.ring, class: fgClass, fill: "none", "stroke-width": style.width }));
    defs.append(tile);
  }
}

function legend(list, data, counts) {
  const item = (name, label, detail) => {
    const swatch = svg("svg", { class: "kb-kaart-staal", viewBox: "0 0 32 20", width: 32, height: 20, "aria-hidden": "true", focusable: "false" },
      svg("rect", { x: 0.5, y: 0.5, width: 31, height: 19, fill: `url(#kb-kaart-p-${name})`, class: "kb-kaart-staal-rand" }));
    return html("li", { "data-categorie": name }, swatch, html("span", {}, label,
      html("span", { class: "kb-basis" }, ` — ${STYLES[name].shape}; ${plural(counts[name] || 0, "gemeente", "gemeenten")}${detail ? `. ${detail}` : ""}`)));
  };
  const items = Object.entries(data.typen).map(([slug, type]) =>
    item(slug, html("a", { href: url(`typen/${slug}/`) }, type.label)));
  items.push(item("meerdere", "Meer dan één type volgens de bronnen"));
  if (counts.geen) items.push(item("geen", "Geen type (cijfers ontbreken)"));
  // Bron of indicatie: te zien aan de rand, niet alleen aan de kleur.
  const edge = (kind, text) => html("li", { "data-grond": kind },
    svg("svg", { class: "kb-kaart-staal", viewBox: "0 0 32 20", width: 32, height: 20, "aria-hidden": "true", focusable: "false" },
      svg("rect", { x: 2, y: 2, width: 28, height: 16, class: `kb-kaart-staal-grond kb-kaart-grond-${kind}` })),
    html("span", {}, text));
  items.push(edge("bron", `Dikke rand: type volgens de bronnen (${plural(counts.bron || 0, "gemeente", "gemeenten")})`));
  items.push(edge("indicatie", `Dunne rand: indicatie, berekend uit CBS-cijfers 2017, geen indeling door de WRR (${plural(counts.indicatie || 0, "gemeente", "gemeenten")})`));
  items.push(html("li", {}, html("span", { class: "kb-basis" }, "Hoe de indicatie werkt: ", html("a", { href: url("methode/") }, "methode"), ".")));
  const badge = svg("svg", { class: "kb-kaart-staal", viewBox: "0 0 32 20", width: 32, height: 20, "aria-hidden": "true", focusable: "false" },
    svg("circle", { cx: 16, cy: 10, r: 8.5, class: "kb-kaart-badge-rond" }),
    svg("text", { x: 16, y: 10, class: "kb-kaart-badge-tekst", "text-anchor": "middle", "dominant-baseline": "central" }, "3"));
  items.push(html("li", {}, badge, html("span", {}, "Aantal casussen uit de gemeente (alleen als er casussen zijn)")));
  list.replaceChildren(...items);
}

async function main() {
  const box = document.getElementById("kb-kaart");
  if (!box) return;
  const area = document.getElementById("kb-kaart-vlak");
  const label = document.getElementById("kb-kaart-label");
  const status = document.getElementById("kb-kaart-status");
  box.hidden = false;
  let data;
  let topo;
  try {
    [data, topo] = await Promise.all([getJson("data/gemeenten.json"), getJson("data/gemeenten_2025.topojson"),
      loadScript("assets/vendor/d3-array/d3-array.min.js")
        .then(() => loadScript("assets/vendor/d3-geo/d3-geo.min.js"))
        .then(() => loadScript("assets/vendor/topojson-client/topojson-client.min.js"))]);
  } catch (error) {
    status.textContent = "De kaart kon niet worden geladen. Gebruik de lijst van gemeenten.";
    return;
  }
  const { d3, topojson } = window;
  const byCode = new Map(data.gemeenten.map((g) => [g.code, g]));
  const collection = topojson.feature(topo, topo.objects.gemeente_2025);
  const projection = d3.geoMercator().fitWidth(WIDTH, collection);
  const path = d3.geoPath(projection).digits(1);
  const height = Math.ceil(path.bounds(collection)[1][1]);

  const defs = svg("defs");
  patterns(defs);
  const map = svg("svg", {
    class: "kb-kaart-svg", viewBox: `${-PAD} ${-PAD} ${WIDTH + 2 * PAD} ${height + 2 * PAD}`,
    role: "group", "aria-label": "Kaart van de gemeenten van Nederland. Gemeenten met een eigen pagina zijn links.",
  }, defs);
  const plain = svg("g", { class: "kb-kaart-gemeenten" });
  const linked = svg("g", { class: "kb-kaart-gemeenten kb-kaart-links" });
  const badges = svg("g", { class: "kb-kaart-badges", "aria-hidden": "true" });
  const edges = svg("g", { class: "kb-kaart-randen", "aria-hidden": "true" }); // dikke rand van de gemeenten met een type uit de bronnen
  // De rand om de aangewezen of gefocuste gemeente: een kopie van haar pad, boven alle andere.
  const ring = svg("g", { class: "kb-kaart-ring", "aria-hidden": "true" },
    svg("path", { class: "kb-kaart-ring-buiten" }), svg("path", { class: "kb-kaart-ring-binnen" }));
  const counts = {};
  const withPage = [];

  for (const feature of collection.features) {
    const code = feature.properties.statcode;
    const g = byCode.get(code);
    const name = g ? g.naam : feature.properties.statnaam;
    const kind = category(g);
    counts[kind] = (counts[kind] || 0) + 1;
    const ground = claimed(g) ? "bron" : "indicatie";
    if (g) counts[ground] = (counts[ground] || 0) + 1;
    const shape = svg("path", {
      id: `kb-kaart-${code}`, d: path(feature), fill: `url(#kb-kaart-p-${kind})`,
      class: `kb-kaart-gemeente kb-kaart-c-${kind} kb-kaart-grond-${ground}`, "data-code": code, "data-naam": name, "data-grond": ground,
    });
    if (ground === "bron") edges.append(svg("path", { d: shape.getAttribute("d"), class: "kb-kaart-rand-bron" }));
    const cases = g ? g.casussen : 0;
    const info = { name, type: g ? describeType(g, data) : "geen WRR-type in de bronnen", cases, page: Boolean(g && g.pagina) };
    shape.kbInfo = info;
    if (g && g.pagina) {
      const anchor = svg("a", {
        href: url(`gemeenten/${g.slug}/`), class: "kb-kaart-link", "data-slug": g.slug,
        "aria-label": `${name}: ${info.type}; ${plural(cases, "casus", "casussen")}`,
      }, shape);
      anchor.kbInfo = info;
      anchor.kbShape = shape;
      withPage.push([name, anchor]);
    } else {
      shape.setAttribute("aria-hidden", "true");
      if (g) {
        shape.setAttribute("data-slug", g.slug);
        shape.classList.add("kb-kaart-klikbaar");
        shape.addEventListener("click", () => location.assign(url(`zoals-de-mijne/?gemeente=${encodeURIComponent(g.slug)}`)));
      }
      plain.append(shape);
    }
    if (cases > 0) {
      const [x, y] = path.centroid(feature);
      const r = cases > 9 ? 8 : 6.5;
      badges.append(svg("g", { class: "kb-kaart-badge", transform: `translate(${x.toFixed(1)} ${y.toFixed(1)})` },
        svg("circle", { r, class: "kb-kaart-badge-rond" }),
        svg("text", { class: "kb-kaart-badge-tekst", "text-anchor": "middle", "dominant-baseline": "central" }, String(cases))));
    }
  }
  // Tab-volgorde = alfabet; de links liggen boven de andere gemeenten, zodat hun rand zichtbaar blijft.
  withPage.sort((a, b) => a[0].toLowerCase().replace(/^'+/, "").localeCompare(b[0].toLowerCase().replace(/^'+/, ""), "nl"));
  linked.append(...withPage.map(([, anchor]) => anchor));
  map.append(plain, linked, edges, badges, ring);
  area.prepend(map);

  // --- label bij aanwijzen en focus ----------------------------------------------------------------
  let shown = null;
  function show(shape, info, point) {
    shown = shape;
    for (const copy of ring.children) copy.setAttribute("d", shape.getAttribute("d"));
    ring.classList.add("kb-kaart-ring-aan");
    const action = info.page ? "Klik of Enter: naar de gemeentepagina" : "Klik: opzoeken in Gemeenten zoals de mijne";
    label.replaceChildren(html("strong", {}, info.name), html("span", {}, info.type),
      html("span", {}, plural(info.cases, "casus", "casussen")), html("span", { class: "kb-kaart-label-actie" }, action));
    label.hidden = false;
    const frame = area.getBoundingClientRect();
    let x;
    let y;
    let below = true;
    if (point) {
      x = point.clientX - frame.left;
      y = point.clientY - frame.top + 18;
    } else {
      const box = shape.getBoundingClientRect();
      x = box.left + box.width / 2 - frame.left;
      y = box.bottom - frame.top + 6;
    }
    const width = label.offsetWidth;
    const heightLabel = label.offsetHeight;
    if (y + heightLabel > frame.height) {
      below = false;
      const box = point ? null : shape.getBoundingClientRect();
      y = point ? point.clientY - frame.top - 18 - heightLabel : box.top - frame.top - 6 - heightLabel;
    }
    x = Math.max(0, Math.min(frame.width - width, x - width / 2));
    // Alleen de positie komt uit JavaScript (CSSOM, toegestaan door style-src 'self'); de rest staat in kaart.css.
    label.style.setProperty("--kb-kaart-x", `${Math.round(x)}px`);
    label.style.setProperty("--kb-kaart-y", `${Math.round(Math.max(0, y))}px`);
    label.classList.toggle("kb-kaart-label-boven", !below);
  }
  function hide(shape) {
    if (shape && shape !== shown) return;
    shown = null;
    label.hidden = true;
    ring.classList.remove("kb-kaart-ring-aan");
  }
  map.addEventListener("pointermove", (event) => {
    const shape = event.target.closest?.(".kb-kaart-gemeente");
    if (shape && shape.kbInfo) show(shape, shape.kbInfo, event);
    else hide();
  });
  map.addEventListener("pointerleave", () => {
    const focused = document.activeElement?.closest?.(".kb-kaart-link");
    if (focused) show(focused.kbShape, focused.kbInfo, null);
    else hide();
  });
  // Focus-luisteraars op de HTML-omlijsting: in Chromium maakt een focus-luisteraar een SVG-element zelf focusbaar.
  area.addEventListener("focusin", (event) => {
    const anchor = event.target.closest?.(".kb-kaart-link");
    if (anchor) show(anchor.kbShape, anchor.kbInfo, null);
  });
  area.addEventListener("focusout", () => hide());
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !label.hidden) hide(); // WCAG 1.4.13: het label is weg te halen
  });

  legend(document.getElementById("kb-kaart-legenda-lijst"), data, counts);
  status.textContent = `${collection.features.length} gemeenten op de kaart: ${counts.bron || 0} met een type volgens de bronnen, ${counts.indicatie || 0} met een indicatie uit CBS-cijfers 2017; ${withPage.length} met een eigen pagina.`;
  box.setAttribute("data-geladen", "ja");
}

main();
