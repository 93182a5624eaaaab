// The Gazette page: a client of the JSON API (/api/search, /api/article).
// The URL's query string holds the whole state, so a search can be
// bookmarked and the back button works. Every text from the index is
// inserted as text (textContent, text nodes), never as HTML.
"use strict";

const PAGE_SIZE = 10;
const FILTERS = ["person", "place", "org"];
// Searches seeded by an article, each an article id in the URL under its
// name here and sent to the API as the batch field it names.
const SEEDS = { like: "like", related: "related_by_entities", similar: "similar_to" };
const SEED_LABELS = { like: "like", related: "related to", similar: "copies of" };
const FACET_TITLES = {
  person: "People", place: "Places", org: "Organisations", group: "Groups",
};

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (name === "text") node.textContent = value;
    else if (name === "class") node.className = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) {
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

// ---- state <-> URL ----

function readState() {
  const p = new URLSearchParams(location.search);
  const state = {
    q: p.get("q") || "",
    since: p.get("since") || "",
    until: p.get("until") || "",
    sort: p.get("sort") || "relevance",
    page: Math.max(1, parseInt(p.get("page") || "1", 10) || 1),
    article: p.get("article") || "",
  };
  for (const f of FILTERS) state[f] = p.getAll(f).filter((v) => v);
  for (const name of Object.keys(SEEDS)) state[name] = p.get(name) || "";
  return state;
}

function stateUrl(state) {
  const p = new URLSearchParams();
  if (state.q) p.set("q", state.q);
  for (const f of FILTERS) for (const v of state[f]) p.append(f, v);
  if (state.since) p.set("since", state.since);
  if (state.until) p.set("until", state.until);
  if (state.sort && state.sort !== "relevance") p.set("sort", state.sort);
  for (const name of Object.keys(SEEDS)) if (state[name]) p.set(name, state[name]);
  if (state.page > 1) p.set("page", String(state.page));
  if (state.article) p.set("article", state.article);
  const query = p.toString();
  return location.pathname + (query ? "?" + query : "");
}

function go(state) {
  history.pushState(null, "", stateUrl(state));
  render();
}

// A change of the search starts again at its first page.
function change(update) {
  const state = readState();
  update(state);
  state.page = 1;
  state.article = "";
  go(state);
}

// ---- talking to the API ----

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    throw new Error("HTTP " + response.status);
  }
  if (!response.ok || body.type === "error") {
    throw new Error(body && body.message ? body.message : "HTTP " + response.status);
  }
  return body;
}

function searchUrl(state) {
  const p = new URLSearchParams();
  p.set("query", state.q);
  for (const f of FILTERS) for (const v of state[f]) p.append(f, v);
  if (state.since) p.set("since", state.since);
  if (state.until) p.set("until", state.until);
  for (const [name, field] of Object.entries(SEEDS)) {
    if (state[name]) p.set(field, state[name]);
  }
  p.set("sort", state.sort);
  p.set("limit", String(PAGE_SIZE));
  p.set("offset", String((state.page - 1) * PAGE_SIZE));
  p.set("facets", "true");
  return "api/search?" + p.toString();
}

// ---- rendering ----

let renderCount = 0;

async function render() {
  const state = readState();
  const mine = ++renderCount;
  $("q").value = state.q;
  $("since").value = state.since;
  $("until").value = state.until;
  $("sort").value = state.sort;
  renderChips(state);
  showError("");
  if (state.article) {
    await renderArticle(state, mine);
    return;
  }
  $("article").hidden = true;
  $("results").hidden = false;
  $("facets").hidden = false;
  if (!state.q && !FILTERS.some((f) => state[f].length) && !state.since && !state.until &&
      !Object.keys(SEEDS).some((name) => state[name])) {
    clearResults();
    $("status").textContent = "Type a query, or pick a filter, to search the archive.";
    return;
  }
  $("status").textContent = "Searching…";
  let result;
  try {
    result = await getJson(searchUrl(state));
  } catch (e) {
    if (mine !== renderCount) return;
    clearResults();
    $("status").textContent = "";
    showError(e.message);
    return;
  }
  if (mine !== renderCount) return;
  renderResult(state, result);
}

function showError(message) {
  $("error").textContent = message;
  $("error").hidden = !message;
}

function clearResults() {
  $("hits").replaceChildren();
  $("pager").replaceChildren();
  $("facet-lists").replaceChildren();
  $("histogram").replaceChildren();
  $("timeline").hidden = true;
}

function renderChips(state) {
  const chips = [];
  const remove = (label, update) => {
    const button = el("button", {
      type: "button", class: "chip", "aria-label": "Remove filter " + label,
    }, label + " ×");
    button.addEventListener("click", () => change(update));
    chips.push(button);
  };
  for (const f of FILTERS) {
    for (const v of state[f]) {
      remove(f + ": " + v, (s) => { s[f] = s[f].filter((x) => x !== v); });
    }
  }
  for (const name of Object.keys(SEEDS)) {
    if (state[name]) remove(SEED_LABELS[name] + ": " + state[name], (s) => { s[name] = ""; });
  }
  if (state.since) remove("from " + state.since, (s) => { s.since = ""; });
  if (state.until) remove("to " + state.until, (s) => { s.until = ""; });
  $("chips").replaceChildren(...chips);
}

function renderResult(state, result) {
  const total = result.total;
  const shown = result.hits.length;
  const about = total.exact ? "" : "about ";
  $("status").textContent = total.estimated === 0
    ? "No articles match."
    : about + total.estimated + (total.estimated === 1 ? " article" : " articles") +
      (shown ? ", showing " + (result.offset + 1) + "–" + (result.offset + shown) : "");
  $("hits").replaceChildren(...result.hits.map((hit) => renderHit(state, hit)));
  renderPager(state, total.estimated);
  renderFacets(state, result.facets);
  renderHistogram(state, result.facets);
}

function renderHit(state, hit) {
  const link = el("a", { href: stateUrl({ ...state, article: hit.id }) },
    hit.title || hit.id);
  link.addEventListener("click", (event) => {
    event.preventDefault();
    go({ ...state, article: hit.id });
  });
  const meta = el("p", { class: "meta" });
  if (hit.date) meta.append(el("time", { datetime: hit.date, text: hit.date }), " · ");
  if (hit.source) meta.append(hit.source + " · ");
  meta.append(hit.id);
  const item = el("li", { class: "hit" },
    el("h3", {}, link), meta,
    el("p", { class: "snippet" }, ...highlighted(hit.snippet, hit.highlights)));
  // Why a related article is here: the words or entities it shares.
  const shared = (hit.shared_terms || []).concat(
    (hit.shared_entities || []).map((e) => e.name));
  if (shared.length) item.append(el("p", { class: "shares", text: "shares: " + shared.join(", ") }));
  // The near duplicates a collapsed list left out for this hit.
  if (hit.similar > 0 && !state.similar) {
    const b = el("button", {
      type: "button", class: "similar",
      "aria-label": "Show the " + (hit.similar + 1) + " copies of this story",
    }, "and " + hit.similar + " similar");
    b.addEventListener("click", () => change((s) => { s.similar = hit.id; }));
    item.append(b);
  }
  return item;
}

// The snippet as text nodes and <mark>s. Highlights are UTF-8 byte offsets.
function highlighted(text, highlights) {
  const bytes = new TextEncoder().encode(text);
  const decoder = new TextDecoder();
  const parts = [];
  let at = 0;
  for (const [begin, end] of highlights || []) {
    if (begin < at || end > bytes.length || begin >= end) continue;
    parts.push(decoder.decode(bytes.subarray(at, begin)));
    parts.push(el("mark", { text: decoder.decode(bytes.subarray(begin, end)) }));
    at = end;
  }
  parts.push(decoder.decode(bytes.subarray(at)));
  return parts;
}

function renderPager(state, total) {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const nav = [];
  const button = (label, page, rel) => {
    const b = el("button", { type: "button", rel, text: label });
    b.addEventListener("click", () => {
      go({ ...state, page });
      $("results").focus();
    });
    return b;
  };
  if (state.page > 1) nav.push(button("← Previous", state.page - 1, "prev"));
  if (total > 0) nav.push(el("span", { text: "Page " + state.page + " of " + pages }));
  if (state.page < pages) nav.push(button("Next →", state.page + 1, "next"));
  $("pager").replaceChildren(...nav);
}

function renderFacets(state, facets) {
  const lists = [];
  for (const type of ["person", "place", "org", "group"]) {
    const values = (facets && facets[type]) || [];
    if (!values.length) continue;
    const id = "facet-" + type;
    const items = values.map((v) => {
      const label = el("span", { text: v.value });
      const count = el("span", { class: "count", text: String(v.count) });
      if (!FILTERS.includes(type)) return el("li", {}, el("span", { class: "static" }, label, " ", count));
      const active = state[type].includes(v.key);
      const b = el("button", {
        type: "button", "data-key": v.key,
        "aria-label": (active ? "Filtered by " : "Filter by ") + type + " " + v.value +
          ", " + v.count + " articles",
      }, label, count);
      if (active) b.setAttribute("aria-pressed", "true");
      b.addEventListener("click", () => change((s) => {
        if (!s[type].includes(v.key)) s[type].push(v.key);
      }));
      return el("li", {}, b);
    });
    lists.push(el("section", { "aria-labelledby": id },
      el("h2", { id, text: FACET_TITLES[type] }),
      el("ul", { class: "facet facet-" + type }, ...items)));
  }
  $("facet-lists").replaceChildren(...lists);
}

// Months when the matches span up to four years, else years; a bar narrows
// the date range to its month or year.
function renderHistogram(state, facets) {
  const months = (facets && facets.month) || [];
  const years = (facets && facets.year) || [];
  const byMonth = months.length > 0 && years.length <= 4;
  const values = byMonth ? withEmptyMonths(months) : years;
  $("timeline").hidden = values.length === 0;
  if (!values.length) {
    $("histogram").replaceChildren();
    return;
  }
  const ns = "http://www.w3.org/2000/svg";
  const svgEl = (tag, attrs) => {
    const node = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    return node;
  };
  const width = 280, height = 120, axis = 14;
  const max = Math.max(...values.map((v) => v.count));
  const slot = width / values.length;
  const svg = svgEl("svg", {
    viewBox: "0 0 " + width + " " + height, role: "group",
    "aria-label": "Matching articles by " + (byMonth ? "month" : "year"),
  });
  values.forEach((v, i) => {
    const h = Math.max(2, (height - axis - 4) * v.count / max);
    if (v.count === 0) {
      svg.append(svgEl("rect", {
        class: "bar empty", x: i * slot + slot * 0.1, y: height - axis - h,
        width: Math.max(1, slot * 0.8), height: h, "aria-hidden": "true",
      }));
      return;
    }
    const bar = svgEl("rect", {
      class: "bar", x: i * slot + slot * 0.1, y: height - axis - h,
      width: Math.max(1, slot * 0.8), height: h, tabindex: 0, role: "button",
      "data-value": v.value,
      "aria-label": v.value + ": " + v.count + (v.count === 1 ? " article" : " articles"),
    });
    const tip = svgEl("title", {});
    tip.textContent = v.value + ": " + v.count;
    bar.append(tip);
    const pick = () => change((s) => { s.since = v.value; s.until = v.value; });
    bar.addEventListener("click", pick);
    bar.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        pick();
      }
    });
    svg.append(bar);
  });
  for (const i of [0, values.length - 1]) {
    const label = svgEl("text", {
      class: "axis", x: i === 0 ? 0 : width, y: height - 2,
      "text-anchor": i === 0 ? "start" : "end",
    });
    label.textContent = values[i].value;
    svg.append(label);
    if (values.length === 1) break;
  }
  $("histogram").replaceChildren(svg);
}

// Months between the first and the last with matches get a bar of 0, so
// the chart's axis is time.
function withEmptyMonths(months) {
  const counts = new Map(months.map((m) => [m.value, m.count]));
  const [y0, m0] = months[0].value.split("-").map(Number);
  const [y1, m1] = months[months.length - 1].value.split("-").map(Number);
  const out = [];
  for (let y = y0, m = m0; y < y1 || (y === y1 && m <= m1); m === 12 ? (y++, m = 1) : m++) {
    const value = y + "-" + String(m).padStart(2, "0");
    out.push({ value, count: counts.get(value) || 0 });
  }
  return out;
}

// ---- the article view ----

async function renderArticle(state, mine) {
  $("results").hidden = true;
  $("facets").hidden = true;
  $("status").textContent = "";
  let article;
  try {
    article = await getJson("api/article/" + encodeURIComponent(state.article));
  } catch (e) {
    if (mine !== renderCount) return;
    $("article").hidden = true;
    showError(e.message);
    return;
  }
  if (mine !== renderCount) return;
  $("back").href = stateUrl({ ...state, article: "" });
  $("article-title").textContent = article.title || article.id;
  const meta = $("article-meta");
  meta.replaceChildren();
  if (article.date) meta.append(el("time", { datetime: article.date, text: article.date }), " · ");
  meta.append(article.source ? article.source + " · " : "", article.id);
  // Only web addresses become links: a javascript: or data: URL stays text.
  if (/^https?:\/\//i.test(article.url)) {
    meta.append(" · ", el("a", { href: article.url, rel: "noopener noreferrer nofollow",
      target: "_blank", text: "original" }));
  } else if (article.url) {
    meta.append(" · " + article.url);
  }
  const related = (name, label, help) => {
    const b = el("button", { type: "button", class: name, "aria-label": help }, label);
    b.addEventListener("click", () => go({
      q: "", since: "", until: "", sort: "relevance", page: 1, article: "",
      person: [], place: [], org: [], like: "", related: "", similar: "",
      [name]: article.id,
    }));
    return b;
  };
  $("article-related").replaceChildren(
    related("like", "More like this", "Articles with words like this one's"),
    " ",
    related("related", "Same people, places, organisations",
      "Articles mentioning this one's people, places and organisations"));
  const entities = article.entities.filter((e) => !e.derived);
  $("article-entities").replaceChildren(...entities.map((e) => {
    const item = el("li", { class: "entity entity-" + e.type });
    if (FILTERS.includes(e.type)) {
      const b = el("button", { type: "button", "aria-label": "Search articles mentioning " + e.name },
        e.type + ": " + e.name);
      b.addEventListener("click", () => change((s) => { s[e.type] = [e.key]; }));
      item.append(b);
    } else {
      item.append(e.type + ": " + e.name);
    }
    return item;
  }));
  $("article-body").replaceChildren(...markEntities(article.body, entities));
  $("article").hidden = false;
  $("article").focus();
}

// The body as text nodes, with each mention of an entity's name marked.
function markEntities(body, entities) {
  const lower = body.toLowerCase();
  const spans = [];
  for (const e of entities) {
    const name = e.name.toLowerCase();
    if (name.length < 2) continue;
    for (let at = lower.indexOf(name); at >= 0; at = lower.indexOf(name, at + name.length)) {
      spans.push({ begin: at, end: at + name.length, entity: e });
    }
  }
  spans.sort((a, b) => a.begin - b.begin || b.end - a.end);
  const parts = [];
  let at = 0;
  for (const s of spans) {
    if (s.begin < at) continue;
    parts.push(body.slice(at, s.begin));
    parts.push(el("mark", {
      class: "entity entity-" + s.entity.type, title: s.entity.type + ": " + s.entity.name,
    }, body.slice(s.begin, s.end)));
    at = s.end;
  }
  parts.push(body.slice(at));
  return parts;
}

// ---- wiring ----

function init() {
  $("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    change((s) => {
      s.q = $("q").value.trim();
      s.since = $("since").value.trim();
      s.until = $("until").value.trim();
      s.sort = $("sort").value;
    });
  });
  $("sort").addEventListener("change", () => change((s) => { s.sort = $("sort").value; }));
  $("back").addEventListener("click", (event) => {
    event.preventDefault();
    go({ ...readState(), article: "" });
  });
  $("home").addEventListener("click", (event) => {
    event.preventDefault();
    go({ q: "", since: "", until: "", sort: "relevance", page: 1, article: "",
      person: [], place: [], org: [], like: "", related: "", similar: "" });
  });
  document.addEventListener("keydown", (event) => {
    const tag = (event.target.tagName || "").toLowerCase();
    if (event.key === "/" && !["input", "select", "textarea"].includes(tag)) {
      event.preventDefault();
      $("q").focus();
      $("q").select();
    }
  });
  window.addEventListener("popstate", render);
  render();
}

init();
