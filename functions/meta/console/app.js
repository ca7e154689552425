// The PhotoCen console: plain DOM on top of the JavaScript SDK (served beside this file as
// photocen.js; the same file as sdk/js/src/photocen.js). No framework, no build step.
// The API key lives in this tab's sessionStorage only: never in a URL, never in a cookie.
import { PhotoCen, imagePath } from "./photocen.js";

const TOKEN_KEY = "photocen.console.token";
const PAGES = ["overview", "generate", "gallery", "search", "delivery"];
const GALLERY_PAGE_SIZE = 12;
// The API this page was served by: the console lives at {api}/console/.
const API_BASE = new URL("../", document.baseURI).href.replace(/\/$/, "");

const $ = (selector) => document.querySelector(selector);
const state = {
  client: null,
  account: null,
  paths: new Set(), // "METHOD /path" of /openapi.json: what this server offers
  openapi: null,
  generateSchema: null,
  optionsLoaded: false,
  galleryCursor: null,
  galleryStale: true,
  previewUrl: null,
  previewTimer: null,
  watching: null,
};

// ---------------------------------------------------------------- small helpers
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) if (child != null) node.append(child);
  return node;
}

function say(message) {
  $("#status").textContent = message;
}

function showError(error) {
  const alert = $("#alert");
  const where = error?.requestId ? ` (request ${error.requestId})` : "";
  alert.textContent = `${error?.message || error}${where}`;
  alert.hidden = false;
}

function clearError() {
  $("#alert").hidden = true;
  $("#alert").textContent = "";
}

function offers(method, path) {
  return state.paths.has(`${method} ${path}`);
}

function when(text) {
  if (!text) return "—";
  return new Date(text).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

async function busy(button, work) {
  button.disabled = true;
  clearError();
  try {
    return await work();
  } catch (error) {
    showError(error);
    return undefined;
  } finally {
    button.disabled = false;
  }
}

// ---------------------------------------------------------------- sign in / out
async function signIn(token, { quiet = false } = {}) {
  const client = new PhotoCen({ baseUrl: API_BASE, token, retry: { maxRetries: 2 } });
  const [account, openapi] = await Promise.all([client.account(), client.openapi()]);
  state.client = client;
  state.account = account;
  state.paths = new Set(
    Object.entries(openapi.paths || {}).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    ),
  );
  state.openapi = openapi;
  state.generateSchema = requestSchema(openapi, "/v1/images/generate");
  sessionStorage.setItem(TOKEN_KEY, token);
  $("#nav").hidden = false;
  $("#who").hidden = false;
  showCredits(account.credits);
  if (!quiet) say(`Signed in to ${account.account_id}.`);
}

function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  // A fresh page drops every private thing this one showed.
  location.hash = "";
  location.reload();
}

function showCredits(credits) {
  $("#who-credits").textContent = `${credits} credits`;
}

async function refreshCredits() {
  try {
    state.account = await state.client.account();
    showCredits(state.account.credits);
  } catch {
    // the header keeps the last known balance; the page's own error is what matters
  }
}

// ---------------------------------------------------------------- pages
function currentPage() {
  const name = location.hash.replace(/^#/, "");
  return PAGES.includes(name) ? name : "overview";
}

async function showPage(name, { focus = true } = {}) {
  if (!state.client) name = "signin";
  for (const page of document.querySelectorAll(".page")) page.hidden = page.id !== `page-${name}`;
  for (const link of document.querySelectorAll("nav a")) {
    if (link.dataset.page === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  document.title = `${name === "signin" ? "Sign in" : name[0].toUpperCase() + name.slice(1)} · PhotoCen console`;
  if (focus) $(`#page-${name} h1`)?.focus();
  clearError();
  say("");
  const loaders = {
    overview: loadOverview,
    generate: loadGenerateOptions,
    gallery: () => (state.galleryStale ? loadGallery({ reset: true }) : undefined),
    search: prepareSearch,
    delivery: updateDelivery,
  };
  try {
    await loaders[name]?.();
  } catch (error) {
    showError(error);
  }
}

function navigate(name) {
  if (location.hash !== `#${name}`) history.pushState(null, "", `#${name}`);
  return showPage(name);
}

// ---------------------------------------------------------------- overview
async function loadOverview() {
  const client = state.client;
  const account = await client.account();
  state.account = account;
  showCredits(account.credits);
  const facts = $("#account-facts");
  facts.replaceChildren(
    ...[
      ["Account", account.account_id],
      ["Plan", account.plan],
      ["Credits", String(account.credits)],
      ["Kind", account.kind],
      ["Since", when(account.created_at)],
    ].flatMap(([term, value]) => [el("dt", { text: term }), el("dd", { text: value, "data-fact": term.toLowerCase() })]),
  );
  await loadUsage(account);
  await loadKeys();
}

async function loadUsage(account) {
  const box = $("#usage");
  if (!offers("GET", "/v1/usage")) {
    box.replaceChildren(
      el("p", { text: `Images delivered, all time: ${account.usage?.images_delivered ?? 0}` }),
    );
    return;
  }
  const usage = await state.client.usage();
  const rows = [
    ["Requests", "requests", "requests_limit"],
    ["Images generated", "images_generated", "images_limit"],
    ["Images delivered", "images_delivered", null],
    ["Credits spent", "credits_spent", null],
  ];
  const periods = [["Today", usage.today], ["This month", usage.this_month]];
  box.replaceChildren(
    el("p", { text: `Plan ${usage.plan?.name ?? account.plan}; jobs in flight: ${usage.jobs_in_flight}` }),
    el(
      "table",
      {},
      el("caption", { class: "sr-only", text: "Usage by period" }),
      el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "" }), ...periods.map(([label]) => el("th", { scope: "col", text: label })))),
      el(
        "tbody",
        {},
        ...rows.map(([label, field, limit]) =>
          el(
            "tr",
            {},
            el("th", { scope: "row", text: label }),
            ...periods.map(([, period]) =>
              el("td", {
                text: limit
                  ? `${period[field].toLocaleString()} of ${period[limit].toLocaleString()}`
                  : period[field].toLocaleString(),
              }),
            ),
          ),
        ),
      ),
    ),
  );
}

async function loadKeys() {
  const available = offers("GET", "/v1/keys");
  $("#keys-unavailable").hidden = available;
  $("#keys-panel").hidden = !available;
  if (!available) return;
  const { keys } = await state.client.keys.list();
  const working = keys.filter((key) => !key.revoked_at);
  const body = $("#keys-table tbody");
  body.replaceChildren(
    ...keys.map((key) => {
      const mine = key.prefix && state.client.token.startsWith(key.prefix);
      const label = key.name || key.key_id;
      const revoke = key.revoked_at
        ? null
        : el("button", {
            type: "button",
            class: "danger",
            text: "Revoke",
            "aria-label": `Revoke key ${label}`,
            onclick: (event) => revokeKey(event.currentTarget, key, { mine, last: working.length === 1 }),
          });
      return el(
        "tr",
        { "data-key-id": key.key_id },
        el("td", { text: label }),
        el("td", { class: "mono", text: `${key.prefix ?? ""}…${mine ? " (this session)" : ""}` }),
        el("td", { text: when(key.created_at) }),
        el("td", { text: when(key.last_used_at) }),
        el("td", { text: key.revoked_at ? `revoked ${when(key.revoked_at)}` : "active", "data-state": key.revoked_at ? "revoked" : "active" }),
        el("td", {}, revoke),
      );
    }),
  );
}

async function createKey(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const name = form.elements.name.value.trim();
  await busy(form.querySelector("button"), async () => {
    const key = await state.client.keys.create(name);
    $("#new-key").hidden = false;
    $("#new-key").dataset.keyId = key.key_id;
    $("#new-key-token").value = key.token;
    $("#new-key-token").select();
    form.reset();
    say(`Key ${key.name ?? key.key_id} created. Copy it now: it is shown only once.`);
    await loadKeys();
  });
}

async function revokeKey(button, key, { mine, last }) {
  const label = key.name || key.key_id;
  const warning = mine ? " This console is signed in with it: you will be signed out." : "";
  if (!confirm(`Revoke key ${label}? Anything using it stops working within a minute.${warning}`)) return;
  await busy(button, async () => {
    await state.client.keys.revoke(key.key_id, { confirmLastKey: last });
    say(`Key ${label} revoked.`);
    if ($("#new-key").dataset.keyId === key.key_id) {
      // a revoked token is of no use: stop showing it
      $("#new-key").hidden = true;
      $("#new-key-token").value = "";
    }
    if (mine) {
      signOut();
      return;
    }
    await loadKeys();
  });
}

// ---------------------------------------------------------------- generate
function requestSchema(openapi, path) {
  const schema = openapi.paths?.[path]?.post?.requestBody?.content?.["application/json"]?.schema;
  return resolve(openapi, schema);
}

function resolve(openapi, schema) {
  if (!schema?.$ref) return schema ?? null;
  const name = schema.$ref.split("/").pop();
  return openapi.components?.schemas?.[name] ?? null;
}

function enumOf(openapi, schema) {
  schema = resolve(openapi, schema);
  if (!schema) return null;
  if (Array.isArray(schema.enum)) return schema.enum;
  for (const option of schema.anyOf ?? schema.oneOf ?? []) {
    const found = enumOf(openapi, option);
    if (found) return found;
  }
  return null;
}

async function loadGenerateOptions() {
  if (state.optionsLoaded) return;
  const client = state.client;
  const [models, styles] = await Promise.all([client.models(), client.styles()]);
  const select = $("#gen-model");
  select.replaceChildren(
    ...models.data.map((model) =>
      el("option", { value: model.id, selected: model.default, text: `${model.name} (${model.id})` }),
    ),
  );
  const chosen = models.data.find((model) => model.default) ?? models.data[0];
  if (chosen) {
    for (const field of ["#gen-width", "#gen-height"]) {
      if (chosen.min_edge) $(field).min = chosen.min_edge;
      if (chosen.max_edge) $(field).max = chosen.max_edge;
    }
  }
  const box = $("#gen-styles");
  const option = (id, name, thumbnail) =>
    el(
      "div",
      { class: "style" },
      el("input", { type: "radio", name: "style", id: `style-${id || "none"}`, value: id, checked: !id }),
      el(
        "label",
        { for: `style-${id || "none"}` },
        thumbnail ? el("img", { src: thumbnail, alt: "", loading: "lazy", width: 96, height: 96 }) : null,
        el("span", { text: name }),
      ),
    );
  box.replaceChildren(
    option("", "None", null),
    ...styles.data.map((style) => option(style.id, style.name, style.thumbnail_url)),
  );
  // Quality and purpose, where this server has them (their values come from /openapi.json).
  for (const field of ["quality", "purpose"]) {
    const values = enumOf(state.openapi, state.generateSchema?.properties?.[field]);
    $(`#gen-${field}-field`).hidden = !values;
    if (values) {
      $(`#gen-${field}`).replaceChildren(
        el("option", { value: "", text: "default" }),
        ...values.map((value) => el("option", { value, text: value })),
      );
    }
  }
  state.optionsLoaded = true;
}

async function generate(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const values = form.elements;
  const fields = {
    model: values.model.value || undefined,
    width: Number(values.width.value),
    height: Number(values.height.value),
    count: Number(values.count.value),
    negative_prompt: values.negative_prompt.value.trim() || undefined,
    seed: values.seed.value === "" ? undefined : Number(values.seed.value),
    quality: $("#gen-quality-field").hidden ? undefined : values.quality.value || undefined,
    purpose: $("#gen-purpose-field").hidden ? undefined : values.purpose.value || undefined,
    style: form.querySelector('input[name="style"]:checked')?.value || undefined,
    not_searchable: values.private.checked,
  };
  await busy(form.querySelector('button[type="submit"]'), async () => {
    const accepted = await state.client.generate(values.prompt.value.trim(), fields);
    state.galleryStale = true;
    $("#gen-cost").textContent = `Reserved ${accepted.credits_reserved} credits (estimate ${accepted.estimated_cost}).`;
    await refreshCredits();
    await watchJob(accepted.job_id);
  });
}

const PROGRESS = { queued: 20, running: 60, completed: 100, failed: 100 };

async function watchJob(jobId) {
  state.watching = jobId;
  const panel = $("#job");
  panel.hidden = false;
  $("#job-id").textContent = jobId;
  $("#job-images").replaceChildren();
  $("#job-detail").textContent = "";
  for (let attempt = 0; state.watching === jobId; attempt += 1) {
    const job = await state.client.jobs.get(jobId);
    const status = $("#job-status");
    if (status.dataset.status !== job.status) say(`Job ${job.status}.`);
    status.textContent = job.status;
    status.dataset.status = job.status;
    $("#job-progress").value = PROGRESS[job.status] ?? 10;
    if (job.status === "completed" || job.status === "failed") {
      showJob(job);
      await refreshCredits();
      return job;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 150 * 1.5 ** attempt)));
  }
  return null;
}

function showJob(job) {
  if (job.status === "failed") {
    $("#job-detail").textContent = `Failed: ${job.error?.message ?? "unknown error"}. Reserved credits were refunded.`;
    return;
  }
  $("#job-detail").textContent =
    `${job.images.length} image(s), ${job.credits_charged} credits charged` +
    (job.searchable ? "." : "; private: never searchable, deleted after 24 hours.");
  $("#job-images").replaceChildren(
    ...job.images.map((image, index) =>
      el(
        "a",
        { href: image.url, target: "_blank", rel: "noopener" },
        el("img", { src: image.url, alt: `Image ${index + 1} of “${job.prompt}”`, width: image.width, height: image.height }),
      ),
    ),
  );
}

// ---------------------------------------------------------------- gallery
async function loadGallery({ reset }) {
  const list = $("#gallery");
  if (reset) {
    list.replaceChildren();
    state.galleryCursor = null;
  }
  const page = await state.client.generations.list({
    limit: GALLERY_PAGE_SIZE,
    cursor: state.galleryCursor ?? undefined,
  });
  state.galleryStale = false;
  state.galleryCursor = page.next_cursor;
  list.append(...page.data.map(galleryItem));
  $("#gallery-more").hidden = !page.next_cursor;
  if (!list.children.length) list.append(el("li", { text: "No generations yet." }));
  say(`${list.querySelectorAll("[data-job-id]").length} generation(s) shown.`);
}

function galleryItem(job) {
  const image = job.images?.[0];
  const item = el("li", { "data-job-id": job.job_id, "data-status": job.status });
  item.append(
    image
      ? el("img", { src: image.url, alt: `“${job.prompt}”`, loading: "lazy", width: 208, height: 208 })
      : el("p", { class: "meta", text: job.status === "failed" ? "Failed" : "No image yet" }),
    el("p", { class: "prompt", text: job.prompt }),
    el("p", {
      class: "meta",
      text: `${job.status} · ${when(job.created_at)} · ${job.images?.length ?? 0} image(s)${job.searchable ? "" : " · private"}`,
    }),
    el("button", {
      type: "button",
      class: "danger",
      text: "Delete",
      "aria-label": `Delete generation “${job.prompt}”`,
      onclick: (event) => deleteGeneration(event.currentTarget, job, item),
    }),
  );
  return item;
}

async function deleteGeneration(button, job, item) {
  if (!confirm(`Delete “${job.prompt}” and its images? This cannot be undone.`)) return;
  await busy(button, async () => {
    await state.client.generations.delete(job.job_id);
    const next = item.nextElementSibling ?? item.previousElementSibling;
    item.remove();
    say("Generation deleted.");
    (next?.querySelector("button") ?? $("#gallery-title")).focus();
  });
}

// ---------------------------------------------------------------- search
function prepareSearch() {
  const available = offers("POST", "/v1/images/search");
  $("#search-unavailable").hidden = available;
  $("#search-form").hidden = !available;
}

async function search(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const values = form.elements;
  await busy(form.querySelector("button"), async () => {
    const page = await state.client.search(values.query.value.trim(), {
      limit: Number(values.limit.value) || undefined,
      filters: { own_images_only: values.own.checked, same_region_only: values.region.checked },
    });
    $("#search-results").replaceChildren(
      ...page.data.map((hit) =>
        el(
          "li",
          { "data-image-id": hit.id },
          el("img", { src: hit.url, alt: `Catalog image ${hit.id} by ${hit.author}`, loading: "lazy", width: 208, height: 208 }),
          el("p", { class: "meta", text: `#${hit.id} · ${hit.width}×${hit.height} · score ${hit.score.toFixed(3)}` }),
          el("button", {
            type: "button",
            class: "secondary",
            text: "Deliver",
            "aria-label": `Build a delivery URL for image ${hit.id}`,
            onclick: () => {
              $("#dl-which").value = "id";
              $("#dl-value").value = String(hit.id);
              navigate("delivery");
            },
          }),
        ),
      ),
    );
    say(`${page.data.length} result(s).`);
  });
}

// ---------------------------------------------------------------- delivery
function deliveryRequest() {
  const values = $("#delivery-form").elements;
  const which = values.which.value;
  const blur = Number(values.blur.value);
  const options = {
    grayscale: values.grayscale.checked,
    blur: blur > 0 ? blur : undefined,
    format: values.format.value || undefined,
  };
  const value = values.value.value.trim();
  if (which === "id") options.id = value || "1";
  if (which === "seed") options.seed = value || "seed";
  return { width: Number(values.width.value), height: Number(values.height.value), options };
}

function updateDelivery() {
  const form = $("#delivery-form");
  $("#dl-blur-value").textContent = form.elements.blur.value;
  $("#dl-value").disabled = form.elements.which.value === "random";
  if (!form.checkValidity()) return;
  const { width, height, options } = deliveryRequest();
  const url = API_BASE + imagePath(width, height, options);
  $("#dl-url").value = url;
  $("#dl-curl").value = `curl -H "Authorization: Bearer $PHOTOCEN_TOKEN" "${url}" -o image${options.format ? `.${options.format}` : ".jpg"}`;
  if (form.elements.live.checked) {
    clearTimeout(state.previewTimer);
    state.previewTimer = setTimeout(preview, 500);
  }
}

async function preview() {
  const { width, height, options } = deliveryRequest();
  const url = $("#dl-url").value;
  try {
    clearError();
    const bytes = await state.client.image(width, height, options);
    const type = { webp: "image/webp", png: "image/png" }[options.format] ?? "image/jpeg";
    if (state.previewUrl) URL.revokeObjectURL(state.previewUrl);
    state.previewUrl = URL.createObjectURL(new Blob([bytes], { type }));
    const img = $("#dl-preview");
    img.src = state.previewUrl;
    img.alt = `Preview of ${url}`;
    img.hidden = false;
    $("#dl-caption").textContent = `${width}×${height}, ${bytes.length.toLocaleString()} bytes`;
    $("#dl-caption").dataset.url = url;
    refreshCredits();
  } catch (error) {
    showError(error);
  }
}

// ---------------------------------------------------------------- start
function wire() {
  $("#signin-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = $("#signin-key");
    await busy(event.currentTarget.querySelector("button"), async () => {
      await signIn(input.value.trim());
      input.value = "";
      await navigate(currentPage());
    });
  });
  $("#sign-out").addEventListener("click", signOut);
  $("#key-form").addEventListener("submit", createKey);
  $("#generate-form").addEventListener("submit", generate);
  $("#gallery-refresh").addEventListener("click", (event) =>
    busy(event.currentTarget, () => loadGallery({ reset: true })),
  );
  $("#gallery-more").addEventListener("click", (event) =>
    busy(event.currentTarget, () => loadGallery({ reset: false })),
  );
  $("#search-form").addEventListener("submit", search);
  $("#delivery-form").addEventListener("input", updateDelivery);
  $("#delivery-form").addEventListener("submit", (event) => {
    event.preventDefault();
    preview();
  });
  // In-page navigation with pushState: following a "#page" link would also move focus to
  // the fragment's target (or reset it to the body), undoing the heading focus of showPage.
  $("#nav").addEventListener("click", (event) => {
    const link = event.target.closest("a[data-page]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate(link.dataset.page);
  });
  window.addEventListener("hashchange", () => showPage(currentPage())); // back and forward
}

async function start() {
  wire();
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) {
    try {
      await signIn(token, { quiet: true });
    } catch (error) {
      sessionStorage.removeItem(TOKEN_KEY);
      showError(error);
    }
  }
  await showPage(state.client ? currentPage() : "signin", { focus: false });
  document.body.dataset.ready = "true";
}

start();
