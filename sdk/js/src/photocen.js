// The PhotoCen API client for JavaScript (ESM). No dependencies: the global `fetch` and
// WebCrypto of Node >= 20 and every current browser. Types: ./photocen.d.ts.
//
// The same surface and error model as the Python SDK (sdk/python): typed errors from the
// error envelope, retries that honour Retry-After, an automatic Idempotency-Key on every
// generation, generate({wait}), jobs.wait, delivery helpers, search, usage, keys and a
// Standard Webhooks verifier. The web console (/console) runs this very file.

export const VERSION = "0.1.0";
export const ENV_BASE_URL = "PHOTOCEN_API_URL";
export const ENV_TOKEN = "PHOTOCEN_API_KEY";
// The most the API holds a `Prefer: wait` request (docs/api.md); longer waits poll after.
export const MAX_SERVER_WAIT_SECONDS = 25;

// ====================================================================== errors

/** Base of every error the SDK raises. `status` is null when no answer came. */
export class PhotoCenError extends Error {
  static code = "internal_error";
  static defaultStatus = null;

  constructor(message, { code, status, requestId, headers, body } = {}) {
    super(message);
    this.name = new.target.name;
    this.message = message;
    // The instance's code is the server's (it may be one this class stands in for).
    this.code = code ?? new.target.code;
    this.status = status ?? new.target.defaultStatus;
    this.requestId = requestId ?? null;
    this.headers = headers ?? {};
    this.body = body ?? null;
  }

  toString() {
    const status = this.status ? `${this.status} ` : "";
    const where = this.requestId ? ` (request ${this.requestId})` : "";
    return `${this.name}: ${status}${this.code}: ${this.message}${where}`;
  }
}

export class Unauthorized extends PhotoCenError {
  static code = "unauthorized";
  static defaultStatus = 401;
}
export class Forbidden extends PhotoCenError {
  static code = "forbidden";
  static defaultStatus = 403;
}
export class InsufficientCredits extends PhotoCenError {
  static code = "insufficient_credits";
  static defaultStatus = 402;
}
export class NotFound extends PhotoCenError {
  static code = "not_found";
  static defaultStatus = 404;
}
export class ValidationFailed extends PhotoCenError {
  static code = "validation_error";
  static defaultStatus = 422;
}
export class IdempotencyKeyReused extends ValidationFailed {
  static code = "idempotency_key_reused";
  static defaultStatus = 422;
}
export class Conflict extends PhotoCenError {
  static code = "conflict";
  static defaultStatus = 409;
}
export class IdempotencyInProgress extends Conflict {
  static code = "idempotency_in_progress";
  static defaultStatus = 409;
}

/** Seconds to wait before trying again: the envelope's `retry_after`, else `Retry-After`. */
function retryAfterOf(error) {
  const told = error.body?.error?.retry_after;
  if (typeof told === "number" && Number.isFinite(told)) return told;
  return parseRetryAfter(error.headers["retry-after"]);
}

export class RateLimited extends PhotoCenError {
  static code = "rate_limited";
  static defaultStatus = 429;
  /** Seconds the server asked to wait, or null when it did not say. */
  get retryAfter() {
    return retryAfterOf(this);
  }
}
export class ServiceUnavailable extends PhotoCenError {
  static code = "service_unavailable";
  static defaultStatus = 503;
  get retryAfter() {
    return retryAfterOf(this);
  }
}
export class InternalError extends PhotoCenError {
  static code = "internal_error";
  static defaultStatus = 500;
}

/** No answer: the connection failed or broke (retried where that is safe). */
export class APIConnectionError extends PhotoCenError {
  static code = "connection_error";
}
/** No answer within the client's timeout. */
export class APITimeoutError extends APIConnectionError {
  static code = "timeout";
}
/** An answer that is not the API's (no envelope, not JSON). */
export class UnexpectedResponse extends PhotoCenError {
  static code = "unexpected_response";
}
/** `wait` saw the job end `failed`; `job` is its final state. */
export class JobFailed extends PhotoCenError {
  static code = "generation_failed";
  constructor(job) {
    super(job?.error?.message || "The generation failed.", {
      code: job?.error?.code || "generation_failed",
    });
    this.job = job;
  }
}
/** `wait` gave up before the job finished; the job goes on (poll it again). */
export class WaitTimeout extends PhotoCenError {
  static code = "wait_timeout";
  constructor(jobId, seconds) {
    super(`Job ${jobId} did not finish within ${seconds} s.`);
    this.jobId = jobId;
  }
}

/** The API's error codes (docs/api.md "Errors") → their class. */
export const ERRORS = Object.freeze(
  Object.fromEntries(
    [
      Unauthorized,
      Forbidden,
      InsufficientCredits,
      ValidationFailed,
      NotFound,
      RateLimited,
      IdempotencyKeyReused,
      IdempotencyInProgress,
      Conflict,
      ServiceUnavailable,
      InternalError,
    ].map((cls) => [cls.code, cls]),
  ),
);
const BY_STATUS = {
  401: Unauthorized,
  402: InsufficientCredits,
  403: Forbidden,
  404: NotFound,
  409: Conflict,
  422: ValidationFailed,
  429: RateLimited,
  503: ServiceUnavailable,
};

/** `Retry-After` in seconds (delta-seconds or an HTTP date); null if absent or garbled. */
export function parseRetryAfter(value, now = Date.now()) {
  if (value === undefined || value === null) return null;
  const text = String(value).trim();
  if (/^\d+$/.test(text)) return Number(text);
  const when = Date.parse(text);
  if (Number.isNaN(when)) return null;
  return Math.max(0, (when - now) / 1000);
}

function lowerHeaders(headers) {
  const out = {};
  if (!headers) return out;
  const entries = typeof headers.entries === "function" ? headers.entries() : Object.entries(headers);
  for (const [name, value] of entries) out[name.toLowerCase()] = value;
  return out;
}

/** The typed error of a non-2xx answer. `text`: the body as received. */
export function errorFromResponse(status, headers, text) {
  const lowered = lowerHeaders(headers);
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  const envelope = body && typeof body === "object" ? body.error : null;
  const requestId = envelope?.request_id || lowered["x-request-id"] || null;
  if (envelope && typeof envelope.code === "string") {
    const cls = ERRORS[envelope.code] || BY_STATUS[status] || fallback(status);
    return new cls(String(envelope.message || envelope.code), {
      code: envelope.code,
      status,
      requestId,
      headers: lowered,
      body,
    });
  }
  const cls = BY_STATUS[status] || fallback(status);
  return new cls(`HTTP ${status} without the API's error envelope`, {
    code: cls === UnexpectedResponse ? "unexpected_response" : cls.code,
    status,
    requestId,
    headers: lowered,
    body: body ?? text,
  });
}

function fallback(status) {
  if (status >= 500) return InternalError;
  return UnexpectedResponse;
}

// ====================================================================== requests

const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);
const RETRY_STATUSES_IF_SAFE = new Set([502, 503, 504]);
// Connection errors that mean the request never reached the server: always safe to resend.
const NEVER_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ECONNRESET_BEFORE_SEND"]);

export const DEFAULT_RETRY = Object.freeze({
  maxRetries: 3,
  backoffBase: 0.5, // seconds before the first retry, doubling each time
  backoffMax: 8,
  // A Retry-After longer than this is not waited for: the error is raised instead.
  maxRetryAfter: 60,
});

function backoff(policy, attempt) {
  const ceiling = Math.min(policy.backoffMax, policy.backoffBase * 2 ** attempt);
  return ceiling * (0.5 + Math.random() / 2); // jitter: spread clients apart
}

/** Sending this again cannot act twice: an idempotent method, or a POST carrying an
 *  Idempotency-Key (the server answers a repeat with the first answer). */
function retrySafe(call) {
  return IDEMPOTENT_METHODS.has(call.method) || "Idempotency-Key" in (call.headers || {});
}

function newIdempotencyKey() {
  return globalThis.crypto.randomUUID();
}

function encodeSegment(value) {
  return encodeURIComponent(String(value));
}

function queryString(values) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== null) params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

function envValue(name) {
  return globalThis.process?.env?.[name];
}

/** The delivery path of `image(width, height, options)`: `/id/7/400/300.webp?grayscale&blur=3`. */
export function imagePath(width, height, { id, seed, grayscale, blur, format, random } = {}) {
  if (id != null && seed != null) throw new TypeError("give id or seed, not both");
  let path = "";
  if (id != null) path = `/id/${encodeSegment(id)}`;
  else if (seed != null) path = `/seed/${encodeSegment(seed)}`;
  const suffix = format ? `.${format}` : "";
  path += height == null ? `/${width}${suffix}` : `/${width}/${height}${suffix}`;
  const flags = [];
  if (grayscale) flags.push("grayscale");
  if (blur === true) flags.push("blur");
  else if (blur) flags.push(`blur=${Number(blur)}`);
  if (random != null) flags.push(`random=${encodeURIComponent(String(random))}`);
  return flags.length ? `${path}?${flags.join("&")}` : path;
}

function generateBody(prompt, fields) {
  const body = { ...fields };
  if (prompt != null) body.prompt = prompt;
  // `not_searchable: true` (private: never indexed, deleted after 24 h) lives in options.
  if (body.not_searchable !== undefined) {
    body.options = { ...(body.options || {}), not_searchable: Boolean(body.not_searchable) };
    delete body.not_searchable;
  }
  for (const [key, value] of Object.entries(body)) if (value === undefined) delete body[key];
  return body;
}

function pollInterval(attempt) {
  return Math.min(1.0, 0.1 * 1.5 ** attempt);
}

const defaultSleep = (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

// ====================================================================== the client

/**
 * The PhotoCen API. `new PhotoCen({ baseUrl, token })`; in Node both default to the
 * PHOTOCEN_API_URL and PHOTOCEN_API_KEY environment variables.
 */
export class PhotoCen {
  constructor(options = {}) {
    const baseUrl = options.baseUrl ?? envValue(ENV_BASE_URL);
    if (!baseUrl) throw new TypeError(`baseUrl is required (or set ${ENV_BASE_URL})`);
    this.baseUrl = String(baseUrl).replace(/\/+$/, "");
    this.token = options.token !== undefined ? options.token : (envValue(ENV_TOKEN) ?? null);
    // A partner key acting for one of its end users (the PhotoCen-Account header).
    this.onBehalfOf = options.onBehalfOf ?? null;
    this.timeout = options.timeout ?? 30; // seconds, as every duration of this SDK
    this.retry = { ...DEFAULT_RETRY, ...(options.retry || {}) };
    this.headers = { ...(options.headers || {}) };
    // Browsers refuse to set User-Agent; Node sends ours.
    if (typeof globalThis.window === "undefined") {
      this.headers["User-Agent"] ??= `photocen-sdk-js/${VERSION}`;
    }
    this._fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this._sleep = options.sleep ?? defaultSleep;
    /** The X-RateLimit-* headers of the latest answer: { limit, remaining, reset }. */
    this.rateLimit = null;
    this.jobs = new Jobs(this);
    this.partner = new Partner(this);
    this.generations = new Generations(this);
    this.keys = new Keys(this);
    this.styleMemory = new StyleMemory(this);
    this.webhooks = new Webhooks(this);
  }

  // ---------------------------------------------------------------- transport
  /** Send one API call with retries; resolves with the Response of a success. */
  async _send(call) {
    let attempt = 0;
    for (;;) {
      let response = null;
      let failure = null;
      try {
        response = await this._fetchOnce(call);
      } catch (error) {
        failure = error;
      }
      if (response) this.rateLimit = rateLimitOf(response.headers) ?? this.rateLimit;
      const delay = await this._retryDelay(call, attempt, response, failure);
      if (delay === null) {
        if (failure) throw transportError(failure);
        if (response.ok || (call.answers || []).includes(response.status)) return response;
        throw errorFromResponse(response.status, response.headers, await response.text());
      }
      if (response) await response.body?.cancel?.().catch(() => {});
      await this._sleep(delay);
      attempt += 1;
    }
  }

  async _fetchOnce(call) {
    const headers = { Accept: "application/json", ...this.headers, ...(call.headers || {}) };
    if (call.auth !== false && this.token) headers.Authorization = `Bearer ${this.token}`;
    if (call.auth !== false && this.onBehalfOf) headers["PhotoCen-Account"] = this.onBehalfOf;
    let body;
    if (call.body !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(call.body);
    }
    const seconds = call.timeout ?? this.timeout;
    return this._fetch(this.baseUrl + call.path, {
      method: call.method,
      headers,
      body,
      redirect: "follow",
      signal: AbortSignal.timeout(Math.ceil(seconds * 1000)),
    });
  }

  /** Seconds to wait before sending `call` again, or null to give up. */
  async _retryDelay(call, attempt, response, failure) {
    if (attempt >= this.retry.maxRetries) return null;
    if (failure) {
      const neverSent = NEVER_SENT.has(failure?.cause?.code);
      return neverSent || retrySafe(call) ? backoff(this.retry, attempt) : null;
    }
    const status = response.status;
    if (status === 429) {
      // refused before anything happened: always safe
    } else if (RETRY_STATUSES_IF_SAFE.has(status) || status === 409) {
      if (!retrySafe(call)) return null;
      if (status === 409) {
        const text = await response.clone().text();
        if (!text.includes("idempotency_in_progress")) return null;
      }
    } else {
      return null;
    }
    const error = errorFromResponse(status, response.headers, await response.clone().text());
    const told = "retryAfter" in error ? error.retryAfter : null;
    if (told === null || told === undefined) return backoff(this.retry, attempt);
    return told <= this.retry.maxRetryAfter ? told : null;
  }

  async _json(call) {
    const response = await this._send(call);
    const text = await response.text();
    try {
      return JSON.parse(text);
    } catch {
      throw new UnexpectedResponse(`HTTP ${response.status} answer is not JSON`, {
        status: response.status,
        requestId: response.headers.get("x-request-id"),
        body: text,
      });
    }
  }

  async _bytes(call) {
    const response = await this._send(call);
    return new Uint8Array(await response.arrayBuffer());
  }

  // ---------------------------------------------------------------- generation
  /**
   * Start a generation: 202's accepted job (or batch with `items`). With `wait: true`, the
   * finished job (`Prefer: wait` where the server holds the request, polling otherwise);
   * rejects with JobFailed if it failed. Every request carries an Idempotency-Key (yours,
   * or a new UUID), so a retry never charges twice.
   */
  async generate(prompt, options = {}) {
    if (prompt !== null && typeof prompt === "object") {
      options = prompt;
      prompt = undefined;
    }
    const { wait = false, timeout = 120, idempotencyKey, ...fields } = options;
    const started = Date.now();
    const serverWait = wait ? Math.min(Math.floor(timeout), MAX_SERVER_WAIT_SECONDS) : 0;
    const headers = { "Idempotency-Key": idempotencyKey || newIdempotencyKey() };
    if (serverWait > 0) headers.Prefer = `wait=${serverWait}`;
    const response = await this._send({
      method: "POST",
      path: "/v1/images/generate",
      body: generateBody(prompt, fields),
      headers,
      timeout: serverWait > 0 ? serverWait + this.timeout : undefined,
    });
    const answer = await response.json();
    if (!wait || Array.isArray(answer.items)) return answer;
    // 200: the server waited and this is the finished job.
    if (response.status === 200) return finished(answer, true);
    const left = Math.max(0, timeout - (Date.now() - started) / 1000);
    return this.jobs.wait(answer.job_id, { timeout: left });
  }

  /** The bytes at `url` (a job image's URL, or an API path). The token goes only to the API
   *  itself, never to another host (a signed URL needs none). */
  async download(url) {
    const absolute = /^[a-z][a-z0-9+.-]*:/i.test(url) ? url : this.baseUrl + url;
    const sameOrigin = new URL(absolute).origin === new URL(this.baseUrl).origin;
    const headers = { ...this.headers };
    if (sameOrigin && this.token) headers.Authorization = `Bearer ${this.token}`;
    let response;
    try {
      response = await this._fetch(absolute, {
        headers,
        redirect: "follow",
        signal: AbortSignal.timeout(Math.ceil(this.timeout * 1000)),
      });
    } catch (error) {
      throw transportError(error);
    }
    if (!response.ok) {
      throw errorFromResponse(response.status, response.headers, await response.text());
    }
    return new Uint8Array(await response.arrayBuffer());
  }

  // ---------------------------------------------------------------- delivery
  /** The URL of a delivered image, for an <img> or a link (it needs the token to load). */
  imageUrl(width, height, options = {}) {
    return this.baseUrl + imagePath(width, height, options);
  }

  /** A delivered image's bytes (1 credit): `image(400, 300, { id: 7, grayscale: true,
   *  blur: 3, format: "webp" })`; `seed` instead of `id`; neither: a random one. */
  image(width, height, options = {}) {
    if (height !== null && typeof height === "object") {
      options = height;
      height = undefined;
    }
    return this._bytes({ method: "GET", path: imagePath(width, height, options) });
  }

  imageInfo({ id, seed } = {}) {
    if ((id == null) === (seed == null)) throw new TypeError("give exactly one of id or seed");
    const path = id != null ? `/id/${encodeSegment(id)}/info` : `/seed/${encodeSegment(seed)}/info`;
    return this._json({ method: "GET", path });
  }

  listImages({ page, limit } = {}) {
    return this._json({ method: "GET", path: `/v2/list${queryString({ page, limit })}` });
  }

  // ---------------------------------------------------------------- search
  /** Search the catalog: `search("red fox", { limit: 5, filters: { own_images_only: true } })`;
   *  `{ image_id }` instead of a query: more like that image. */
  search(query, options = {}) {
    if (query !== null && typeof query === "object") {
      options = query;
      query = undefined;
    }
    const { limit, filters, cursor, image_id } = options;
    const body = { query, image_id, limit, filters, cursor };
    for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
    return this._json({ method: "POST", path: "/v1/images/search", body });
  }

  // ---------------------------------------------------------------- prompt helpers
  /** A richer prompt from yours: `enhancePrompt("a fox", { tone: "cozy" })` → { prompt, engine }. */
  enhancePrompt(prompt, { tone } = {}) {
    const body = tone === undefined ? { prompt } : { prompt, tone };
    return this._json({ method: "POST", path: "/v1/prompt/enhance", body });
  }
  /** A prompt from parts: `buildPrompt({ subject, setting, mood, art_style, lighting, camera })`. */
  buildPrompt(parts) {
    return this._json({ method: "POST", path: "/v1/prompt/build", body: parts });
  }

  // ---------------------------------------------------------------- account & meta
  account() {
    return this._json({ method: "GET", path: "/v1/account" });
  }
  async credits() {
    return (await this.account()).credits;
  }
  ledger({ limit } = {}) {
    return this._json({ method: "GET", path: `/v1/account/ledger${queryString({ limit })}` });
  }
  /** Today's and this month's usage and what the plan leaves. */
  usage() {
    return this._json({ method: "GET", path: "/v1/usage" });
  }
  models() {
    return this._json({ method: "GET", path: "/v1/models", auth: false });
  }
  styles() {
    return this._json({ method: "GET", path: "/v1/styles", auth: false });
  }
  styleThumbnail(styleId) {
    const path = `/v1/styles/${encodeSegment(styleId)}/thumbnail`;
    return this._bytes({ method: "GET", path, auth: false });
  }
  /** 503 "degraded" is still a health report: it resolves, it does not reject. */
  health() {
    return this._json({ method: "GET", path: "/v1/health", auth: false, answers: [503] });
  }
  openapi() {
    return this._json({ method: "GET", path: "/openapi.json", auth: false });
  }
}

/** The key's requests per minute, those left, and when the minute resets (epoch seconds). */
function rateLimitOf(headers) {
  const values = ["limit", "remaining", "reset"].map((name) => headers.get(`x-ratelimit-${name}`));
  if (values.some((value) => value === null || !/^\d+$/.test(value))) return null;
  const [limit, remaining, reset] = values.map(Number);
  return { limit, remaining, reset };
}

function finished(job, raiseOnFailure) {
  if (job.status === "failed" && raiseOnFailure) throw new JobFailed(job);
  return job;
}

function transportError(failure) {
  if (failure instanceof PhotoCenError) return failure;
  if (failure?.name === "TimeoutError" || failure?.name === "AbortError") {
    return new APITimeoutError(`no answer in time: ${failure.message}`);
  }
  const cause = failure?.cause?.code ? ` (${failure.cause.code})` : "";
  return new APIConnectionError(`connection failed: ${failure?.message ?? failure}${cause}`);
}

class Resource {
  constructor(client) {
    this.client = client;
  }
}

class Jobs extends Resource {
  get(jobId) {
    return this.client._json({ method: "GET", path: `/v1/images/jobs/${encodeSegment(jobId)}` });
  }

  /** Poll until the job is `completed` or `failed` (JobFailed unless raiseOnFailure is
   *  false); WaitTimeout after `timeout` seconds. */
  async wait(jobId, { timeout = 120, raiseOnFailure = true } = {}) {
    const deadline = Date.now() + timeout * 1000;
    for (let attempt = 0; ; attempt += 1) {
      const job = await this.get(jobId);
      if (job.status === "completed" || job.status === "failed") {
        return finished(job, raiseOnFailure);
      }
      const left = (deadline - Date.now()) / 1000;
      if (left <= 0) throw new WaitTimeout(jobId, timeout);
      await this.client._sleep(Math.min(pollInterval(attempt), left));
    }
  }
}

class Generations extends Resource {
  list({ limit, cursor } = {}) {
    return this.client._json({
      method: "GET",
      path: `/v1/generations${queryString({ limit, cursor })}`,
    });
  }

  /** Every generation, newest first, page after page. */
  async *iter({ pageSize } = {}) {
    let cursor;
    do {
      const page = await this.list({ limit: pageSize, cursor });
      yield* page.data;
      cursor = page.next_cursor;
    } while (cursor);
  }

  get(generationId) {
    const path = `/v1/generations/${encodeSegment(generationId)}`;
    return this.client._json({ method: "GET", path });
  }

  async delete(generationId) {
    const path = `/v1/generations/${encodeSegment(generationId)}`;
    await this.client._send({ method: "DELETE", path });
  }
}

class Keys extends Resource {
  list() {
    return this.client._json({ method: "GET", path: "/v1/keys" });
  }
  /** A new key; its `token` is shown this once. */
  create(name) {
    return this.client._json({ method: "POST", path: "/v1/keys", body: { name } });
  }
  /** Revoke a key (resolves with it, revoked). Your last working key needs
   *  `{ confirmLastKey: true }`. */
  revoke(keyId, { confirmLastKey = false } = {}) {
    const query = confirmLastKey ? "?confirm=last_key" : "";
    return this.client._json({ method: "DELETE", path: `/v1/keys/${encodeSegment(keyId)}${query}` });
  }
  /** A new key that replaces `keyId` (revoked now). */
  rotate(keyId) {
    const path = `/v1/keys/${encodeSegment(keyId)}/rotate`;
    return this.client._json({ method: "POST", path });
  }
}

class StyleMemory extends Resource {
  get() {
    return this.client._json({ method: "GET", path: "/v1/style-memory" });
  }
  update(fields) {
    return this.client._json({ method: "PUT", path: "/v1/style-memory", body: fields });
  }
  reset() {
    return this.client._json({ method: "DELETE", path: "/v1/style-memory" });
  }
}

class Webhooks extends Resource {
  secret() {
    return this.client._json({ method: "GET", path: "/v1/webhooks/secret" });
  }
  rotateSecret() {
    return this.client._json({ method: "POST", path: "/v1/webhooks/secret/rotate" });
  }
}

/** The partner API (a `pc_partner_` key): your pool and your end users. To act as one of
 *  them, make a client with `onBehalfOf: userId`. */
class Partner extends Resource {
  constructor(client) {
    super(client);
    this.users = new PartnerUsers(client);
  }
  /** Your pool, your end users by status, their usage by day. */
  summary({ days } = {}) {
    return this.client._json({ method: "GET", path: `/v1/partner${queryString({ days })}` });
  }
}

class PartnerUsers extends Resource {
  _path(userId, rest = "") {
    return `/v1/partner/users/${encodeSegment(userId)}${rest}`;
  }
  /** An end user for your `externalId` (creating it again returns the same user). */
  create(externalId, { name } = {}) {
    const body = name === undefined ? { external_id: externalId } : { external_id: externalId, name };
    return this.client._json({ method: "POST", path: "/v1/partner/users", body });
  }
  list({ limit, cursor } = {}) {
    return this.client._json({ method: "GET", path: `/v1/partner/users${queryString({ limit, cursor })}` });
  }
  get(userId) {
    return this.client._json({ method: "GET", path: this._path(userId) });
  }
  /** `active`, `suspended` or `closed` (final: keys revoked, credits back to your pool). */
  setStatus(userId, status) {
    return this.client._json({ method: "PATCH", path: this._path(userId), body: { status } });
  }
  keys(userId) {
    return this.client._json({ method: "GET", path: this._path(userId, "/keys") });
  }
  issueKey(userId) {
    return this.client._json({ method: "POST", path: this._path(userId, "/keys") });
  }
  revokeKey(userId, keyId) {
    return this.client._json({ method: "DELETE", path: this._path(userId, `/keys/${encodeSegment(keyId)}`) });
  }
  /** Move credits: `to_user` from your pool, `to_pool` back. Always idempotent: the
   *  Idempotency-Key (yours or a new UUID) names the transfer, so a retry moves nothing twice. */
  transfer(userId, amount, { direction = "to_user", idempotencyKey } = {}) {
    return this.client._json({
      method: "POST",
      path: this._path(userId, "/credits"),
      body: { amount, direction },
      headers: { "Idempotency-Key": idempotencyKey || newIdempotencyKey() },
    });
  }
  usage(userId, { days } = {}) {
    return this.client._json({ method: "GET", path: this._path(userId, `/usage${queryString({ days })}`) });
  }
}

// ====================================================================== webhooks

export const SECRET_PREFIX = "whsec_";
// How far a webhook's timestamp may be from now (replay protection; the spec's 5 minutes).
export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

/** The webhook is forged, altered, stale or malformed: do not act on it. */
export class WebhookVerificationError extends Error {
  constructor(message) {
    super(message);
    this.name = "WebhookVerificationError";
  }
}

const encoder = new TextEncoder();

function base64ToBytes(text) {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
    throw new WebhookVerificationError("the secret is not a whsec_ base64 secret");
  }
  const binary = atob(text);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function bytesToBase64(bytes) {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function bodyText(body) {
  if (typeof body === "string") return body;
  return new TextDecoder().decode(body);
}

/** One `v1,<signature>` of a webhook (what PhotoCen sends; useful to test your endpoint). */
export async function signWebhook(secret, webhookId, timestamp, body) {
  const key = base64ToBytes(String(secret).replace(/^whsec_/, ""));
  const cryptoKey = await globalThis.crypto.subtle.importKey(
    "raw",
    key,
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const message = encoder.encode(`${webhookId}.${timestamp}.${bodyText(body)}`);
  const mac = new Uint8Array(await globalThis.crypto.subtle.sign("HMAC", cryptoKey, message));
  return `v1,${bytesToBase64(mac)}`;
}

// Constant-time comparison: no timing hint about how much of a forgery matched.
function sameText(a, b) {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < x.length; i += 1) diff |= x[i] ^ (y[i % (y.length || 1)] ?? 0);
  return diff === 0;
}

/**
 * The webhook's JSON payload once its signature and timestamp check out; otherwise rejects
 * with WebhookVerificationError. `body`: the raw request body exactly as received (string or
 * bytes); `headers`: a Headers object or a plain object.
 */
export async function verifyWebhook(
  secret,
  body,
  headers,
  { tolerance = DEFAULT_TOLERANCE_SECONDS, now } = {},
) {
  const lowered = lowerHeaders(headers);
  const webhookId = lowered["webhook-id"];
  const stamp = lowered["webhook-timestamp"];
  const signatures = lowered["webhook-signature"];
  if (!webhookId || !stamp || !signatures) {
    throw new WebhookVerificationError("missing webhook-id, -timestamp or -signature");
  }
  if (!/^\d+$/.test(String(stamp).trim())) {
    throw new WebhookVerificationError("webhook-timestamp is not a number");
  }
  const timestamp = Number(stamp);
  const current = now ?? Date.now() / 1000;
  if (Math.abs(current - timestamp) > tolerance) {
    throw new WebhookVerificationError("webhook-timestamp is too old or in the future");
  }
  const expected = await signWebhook(secret, webhookId, timestamp, body);
  for (const candidate of String(signatures).split(/\s+/)) {
    if (candidate.startsWith("v1,") && sameText(candidate, expected)) {
      return JSON.parse(bodyText(body));
    }
  }
  throw new WebhookVerificationError("no signature matches");
}

// ====================================================================== coverage

/** Every operation of /openapi.json → the client method that calls it. The SDK's e2e test
 *  fails when the API gains an operation that is neither here nor in NOT_COVERED. */
export const OPERATIONS = Object.freeze({
  "GET /v1/account": "account",
  "GET /v1/account/ledger": "ledger",
  "GET /v1/usage": "usage",
  "GET /v1/keys": "keys.list",
  "POST /v1/keys": "keys.create",
  "DELETE /v1/keys/{key_id}": "keys.revoke",
  "POST /v1/keys/{key_id}/rotate": "keys.rotate",
  "GET /v1/health": "health",
  "GET /openapi.json": "openapi",
  "POST /v1/images/generate": "generate",
  "GET /v1/images/jobs/{job_id}": "jobs.get",
  "POST /v1/images/search": "search",
  "GET /v1/generations": "generations.list",
  "GET /v1/generations/{generation_id}": "generations.get",
  "DELETE /v1/generations/{generation_id}": "generations.delete",
  "GET /v1/style-memory": "styleMemory.get",
  "PUT /v1/style-memory": "styleMemory.update",
  "DELETE /v1/style-memory": "styleMemory.reset",
  "GET /v1/models": "models",
  "GET /v1/styles": "styles",
  "GET /v1/styles/{style_id}/thumbnail": "styleThumbnail",
  "GET /v1/webhooks/secret": "webhooks.secret",
  "POST /v1/webhooks/secret/rotate": "webhooks.rotateSecret",
  "GET /v2/list": "listImages",
  "GET /id/{image_id}/info": "imageInfo",
  "GET /seed/{seed}/info": "imageInfo",
  "GET /id/{image_id}/{w}": "image",
  "GET /id/{image_id}/{w}/{h}": "image",
  "GET /seed/{seed}/{w}": "image",
  "GET /seed/{seed}/{w}/{h}": "image",
  "GET /{w}": "image",
  "GET /{w}/{h}": "image",
  "POST /v1/prompt/enhance": "enhancePrompt",
  "POST /v1/prompt/build": "buildPrompt",
  "GET /v1/partner": "partner.summary",
  "POST /v1/partner/users": "partner.users.create",
  "GET /v1/partner/users": "partner.users.list",
  "GET /v1/partner/users/{user_id}": "partner.users.get",
  "PATCH /v1/partner/users/{user_id}": "partner.users.setStatus",
  "GET /v1/partner/users/{user_id}/keys": "partner.users.keys",
  "POST /v1/partner/users/{user_id}/keys": "partner.users.issueKey",
  "DELETE /v1/partner/users/{user_id}/keys/{key_id}": "partner.users.revokeKey",
  "POST /v1/partner/users/{user_id}/credits": "partner.users.transfer",
  "GET /v1/partner/users/{user_id}/usage": "partner.users.usage",
});

/** Operations this SDK leaves out on purpose: path prefix → the reason (none today). */
export const NOT_COVERED = Object.freeze({});
